# vty module: the libcli telnet server, the command table and matcher,
# the built-in commands, and the okapi-cli client (see Makefile.am).
libokapi_a_SOURCES += vty/vty.h vty/vty_int.h vty/out.c vty/cmd.c \
	vty/cli.c vty/call.c vty/server.c vty/commands.c \
	vty/show_bgp.c vty/json_bgp.c vty/clear_bgp.c \
	vty/relay.c vty/show_nbr_routes.c vty/json_route.c \
	vty/show_memory.c

bin_PROGRAMS += okapi-cli
okapi_cli_SOURCES = vty/okapi_cli.c

UNIT_TESTS += tests/unit/test_vty
tests_unit_test_vty_SOURCES = tests/unit/test_vty.c
tests_unit_test_vty_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_vty_LDADD = $(TEST_LDADD)

UNIT_TESTS += tests/unit/test_vty_telnet
tests_unit_test_vty_telnet_SOURCES = tests/unit/test_vty_telnet.c
tests_unit_test_vty_telnet_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_vty_telnet_LDADD = $(TEST_LDADD)

UNIT_TESTS += tests/unit/test_vty_bgp
tests_unit_test_vty_bgp_SOURCES = tests/unit/test_vty_bgp.c tests/unit/json_check.h
tests_unit_test_vty_bgp_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_vty_bgp_LDADD = $(TEST_LDADD)

# Golden transcripts and their fixtures, and the vty design notes.
EXTRA_DIST += tests/vty docs/vty.md

UNIT_TESTS += tests/unit/test_vty_routes
tests_unit_test_vty_routes_SOURCES = tests/unit/test_vty_routes.c tests/unit/json_check.h
tests_unit_test_vty_routes_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_vty_routes_LDADD = $(TEST_LDADD)
