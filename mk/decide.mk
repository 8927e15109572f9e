# decide module: the BGP decision process (one comparator, selection).
libokapi_a_SOURCES += daemon/decide.h daemon/decide.c

UNIT_TESTS += tests/unit/test_decide
tests_unit_test_decide_SOURCES = tests/unit/test_decide.c \
	tests/unit/fixture_attr.h
tests_unit_test_decide_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_decide_LDADD = $(TEST_LDADD)
