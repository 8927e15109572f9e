# core: the cursor/builder, addresses and prefixes, logging.
libokapi_a_SOURCES += daemon/rbuf.h daemon/wbuf.c daemon/prefix.h \
	daemon/prefix.c daemon/log.h daemon/log.c daemon/af.h

UNIT_TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_core_LDADD = $(TEST_LDADD)
