# extra: privilege drop, man pages, systemd units, sample configs, and the
# Debian packaging that ships them (see debian/ and tests/packaging/).

# privs: switching to -u/-g after the sockets are bound (libcap-ng).
libokapi_a_SOURCES += daemon/privs.h daemon/privs.c

UNIT_TESTS += tests/unit/test_privs
tests_unit_test_privs_SOURCES = tests/unit/test_privs.c
tests_unit_test_privs_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_privs_LDADD = $(TEST_LDADD)

