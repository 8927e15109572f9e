# config module: parse, print and compare the Quagga-style configuration.
libokapi_a_SOURCES += daemon/config.h daemon/config_int.h daemon/config.c \
	daemon/config_lex.c daemon/config_parse.c daemon/config_lists.c \
	daemon/config_bgp.c daemon/config_nbr.c daemon/config_rmap.c \
	daemon/config_print.c daemon/config_equal.c

UNIT_TESTS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_LDADD)

# Golden files: inputs (*.conf) with their printed forms (*.out), bad
# configs (*.bad) with their diagnostics (*.err).  etc/*.conf are
# shipped by mk/extra.mk and checked by the test too.
EXTRA_DIST += tests/unit/config
