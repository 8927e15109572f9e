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
