# session module: the FSM (pure logic), TCP socket plumbing, peers (FSM on
# libev and sockets, counters, query API) and the BGP instance.
libokapi_a_SOURCES += daemon/session.h daemon/session.c \
	daemon/sock.h daemon/sock.c \
	daemon/peer.h daemon/peer.c \
	daemon/bgp.h daemon/bgp.c

UNIT_TESTS += tests/unit/test_session
tests_unit_test_session_SOURCES = tests/unit/test_session.c
tests_unit_test_session_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_session_LDADD = $(TEST_LDADD)

# two instances peering over the loopback in one libev loop
UNIT_TESTS += tests/unit/test_bgp
tests_unit_test_bgp_SOURCES = tests/unit/test_bgp.c
tests_unit_test_bgp_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_bgp_LDADD = $(TEST_LDADD)
