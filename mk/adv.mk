# adv module: the Adj-RIB-Out, outbound attributes and UPDATE packing.
libokapi_a_SOURCES += daemon/adv.h daemon/adv.c

UNIT_TESTS += tests/unit/test_adv
tests_unit_test_adv_SOURCES = tests/unit/test_adv.c tests/unit/fixture_attr.h
tests_unit_test_adv_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_adv_LDADD = $(TEST_LDADD)
