# rib module: object pools, the prefix trie, the per-family RIBs with
# their paths and next hops; the memory benchmark (not a test).
libokapi_a_SOURCES += daemon/pool.h daemon/pool.c daemon/trie.h daemon/trie.c

UNIT_TESTS += tests/unit/test_trie
tests_unit_test_trie_SOURCES = tests/unit/test_trie.c
tests_unit_test_trie_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_trie_LDADD = $(TEST_LDADD)
libokapi_a_SOURCES += daemon/rib.h daemon/rib.c

UNIT_TESTS += tests/unit/test_rib
tests_unit_test_rib_SOURCES = tests/unit/test_rib.c tests/unit/fixture_attr.h
tests_unit_test_rib_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rib_LDADD = $(TEST_LDADD)

# Full-table memory/speed benchmark: run by hand, see bench/rib_mem.c.
noinst_PROGRAMS += bench/rib_mem
bench_rib_mem_SOURCES = bench/rib_mem.c
bench_rib_mem_LDADD = libokapi.a $(OKAPI_LIBS)
