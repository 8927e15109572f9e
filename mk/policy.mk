# policy module: route-maps, prefix-lists, access-lists, community and
# as-path lists (see Makefile.am)
libokapi_a_SOURCES += daemon/policy.h daemon/policy.c

UNIT_TESTS += tests/unit/test_policy
tests_unit_test_policy_SOURCES = tests/unit/test_policy.c
tests_unit_test_policy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_policy_LDADD = $(TEST_LDADD)
