# rde module: sources and unit test (see Makefile.am)
libokapi_a_SOURCES += daemon/rde.h daemon/rde.c daemon/adjin.h daemon/adjin.c \
	daemon/redist.h daemon/redist.c \
	vty/show_route.h vty/show_route.c

UNIT_TESTS += tests/unit/test_rde
tests_unit_test_rde_SOURCES = tests/unit/test_rde.c
tests_unit_test_rde_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rde_LDADD = $(TEST_LDADD)

UNIT_TESTS += tests/unit/test_redist
tests_unit_test_redist_SOURCES = tests/unit/test_redist.c
tests_unit_test_redist_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_redist_LDADD = $(TEST_LDADD)
