# update module: decoding received UPDATEs (framing, NLRI, RFC 7606).
libokapi_a_SOURCES += daemon/update.h daemon/update.c

UNIT_TESTS += tests/unit/test_update
tests_unit_test_update_SOURCES = tests/unit/test_update.c
tests_unit_test_update_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_update_LDADD = $(TEST_LDADD)
