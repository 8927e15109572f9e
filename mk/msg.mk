# msg module: the message codec (header, OPEN and capabilities, KEEPALIVE,
# NOTIFICATION, ROUTE-REFRESH, UPDATE framing) and its unit test.
libokapi_a_SOURCES += daemon/msg.h daemon/msg.c

UNIT_TESTS += tests/unit/test_msg
tests_unit_test_msg_SOURCES = tests/unit/test_msg.c
tests_unit_test_msg_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_msg_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/unit/msg/README \
	tests/unit/msg/seed000_open_as1ra.hex \
	tests/unit/msg/seed000_open_as2rb_keepalive.hex \
	tests/unit/msg/frr844_open_as4.hex \
	tests/unit/msg/frr844_open_ext.hex \
	tests/unit/msg/bird2012_open.hex
