# attr module: interned path attributes, AS paths, communities, and the
# hash set they share.
libokapi_a_SOURCES += daemon/intern.h daemon/intern.c \
	daemon/attr.h daemon/attr.c daemon/aspath.h daemon/aspath.c \
	daemon/community.h daemon/community.c

UNIT_TESTS += tests/unit/test_aspath tests/unit/test_community \
	tests/unit/test_attr
tests_unit_test_aspath_SOURCES = tests/unit/test_aspath.c
tests_unit_test_aspath_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_aspath_LDADD = $(TEST_LDADD)
tests_unit_test_community_SOURCES = tests/unit/test_community.c
tests_unit_test_community_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_community_LDADD = $(TEST_LDADD)
tests_unit_test_attr_SOURCES = tests/unit/test_attr.c
tests_unit_test_attr_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_attr_LDADD = $(TEST_LDADD)

# Encoder interop helper for tests/interop/test_attr_bird.sh.
noinst_PROGRAMS += tests/interop/attr_gen
tests_interop_attr_gen_SOURCES = tests/interop/attr_gen.c
tests_interop_attr_gen_LDADD = libokapi.a $(OKAPI_LIBS)
EXTRA_DIST += tests/interop/test_attr_bird.sh tests/interop/bgp_send.py \
	tests/interop/bgp_capture.py tests/fuzz/fuzz_update.c

# Decoding and interning at full-feed scale (not run by make check).
noinst_PROGRAMS += bench/attr_intern
bench_attr_intern_SOURCES = bench/attr_intern.c
bench_attr_intern_LDADD = libokapi.a $(OKAPI_LIBS)
