# the bgpd program: flags, signals, pid file, event loop.
sbin_PROGRAMS += bgpd
bgpd_SOURCES = daemon/main.c
bgpd_LDADD = libokapi.a $(OKAPI_LIBS)

# the program as IPMininet runs it: -v, -Cf, two bgpd on the loopback,
# hold timer on SIGSTOP, SIGTERM/SIGINT (runs ./bgpd of the build dir)
UNIT_TESTS += tests/unit/test_daemon
tests_unit_test_daemon_SOURCES = tests/unit/test_daemon.c
tests_unit_test_daemon_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_daemon_LDADD = $(TEST_LDADD)
