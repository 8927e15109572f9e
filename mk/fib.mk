# fib: rtnetlink messages, the kernel mirror, next-hop tracking, FIB install.
libokapi_a_SOURCES += fib/nlmsg.h fib/nlmsg.c

UNIT_TESTS += tests/unit/test_nlmsg
tests_unit_test_nlmsg_SOURCES = tests/unit/test_nlmsg.c
tests_unit_test_nlmsg_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_nlmsg_LDADD = $(TEST_LDADD)
