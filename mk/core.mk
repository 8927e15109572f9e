# core: the cursor/builder, addresses and prefixes, logging.
libokapi_a_SOURCES += daemon/rbuf.h daemon/wbuf.c daemon/prefix.h \
	daemon/prefix.c daemon/log.h daemon/log.c daemon/af.h

UNIT_TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_core_LDADD = $(TEST_LDADD)

# Helpers shared by several unit tests, the CI scripts, the lab tool and
# its topologies, and the docs: all part of the release tarball.
EXTRA_DIST += tests/unit/hex_util.h tests/unit/fixture_attr.h tests/unit/golden_file.h \
	tests/run-all.sh tests/setup-deps.sh tests/lab/okapi-lab tests/lab/run-seed-lab.sh \
	etc/labs/simple-bgp.lab README.md docs/ARCHITECTURE.md \
	.clang-format .editorconfig
