/*
 * test_trie.c: the prefix trie.  Fixed cases for IPv4 and IPv6 (/0, /32,
 * /128, glue creation and removal), then randomized operations checked
 * against a brute-force reference (a plain array of prefixes) with a
 * fixed seed: exact lookup, longest match, walk order, and a cursor walk
 * with inserts and deletes between its steps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefix.h"
#include "trie.h"

struct tent {
	int id;
	struct trie_node node;	/* last: IPv6 key words follow */
};

#define TENT(n) ((struct tent *)((char *)(n) - offsetof(struct tent, node)))

/* The tests run with and without the exact-match index. */
static bool use_index;

static void tinit(struct trie *t, int af)
{
	trie_init(t, af, sizeof(struct tent), offsetof(struct tent, node),
		  _Alignof(struct tent));
	if (use_index)
		assert_int_equal(trie_index_enable(t), 0);
}

static int with_index(void **state)
{
	(void)state;
	use_index = true;
	return 0;
}

static int without_index(void **state)
{
	(void)state;
	use_index = false;
	return 0;
}

/* Insert s; the new entry gets id, an existing one is returned as is. */
static struct tent *tent_get(struct trie *t, const char *s, int id)
{
	struct trie_node *n;
	struct prefix p;
	bool created;

	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	n = trie_get(t, &p, &created);
	assert_non_null(n);
	if (created) {
		assert_int_equal(TENT(n)->id, 0);	/* zeroed */
		TENT(n)->id = id;
	}
	return TENT(n);
}

static unsigned finis;

static void tent_fini(struct trie_node *n, void *arg)
{
	(void)arg;
	(void)n;
	finis++;
}

static struct prefix P(const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	return p;
}

static const char *node_str(const struct trie *t, const struct trie_node *n,
			    char *buf)
{
	struct prefix p;

	if (!n)
		return "none";
	trie_node_prefix(t, n, &p);
	return prefix_fmt(&p, buf, PREFIX_STRLEN);
}

struct walkbuf {
	struct trie *t;
	char s[1024];
};

static int walk_str(struct trie_node *n, void *arg)
{
	struct walkbuf *w = arg;
	char buf[PREFIX_STRLEN];

	strcat(w->s, node_str(w->t, n, buf));
	strcat(w->s, " ");
	return 0;
}

static void test_fixed_v4(void **state)
{
	static const char *in[] = { "10.1.2.0/24", "10.0.0.0/8", "192.168.1.1/32",
				    "10.1.0.0/16", "0.0.0.0/0", "10.128.0.0/9",
				    "9.255.0.0/16" };
	struct trie t;
	struct walkbuf w = { &t, "" };
	struct prefix q;
	char buf[PREFIX_STRLEN];
	size_t i;

	(void)state;
	tinit(&t, AF_INET);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(tent_get(&t, in[i], (int)i + 1)->id, (int)i + 1);
		assert_int_equal(trie_check(&t), 0);
	}
	/* Getting an existing prefix returns its entry. */
	assert_int_equal(tent_get(&t, "10.1.0.0/16", 99)->id, 4);
	assert_int_equal(t.nentries, 7);

	trie_walk(&t, walk_str, &w);
	assert_string_equal(w.s, "0.0.0.0/0 9.255.0.0/16 10.0.0.0/8 "
				 "10.1.0.0/16 10.1.2.0/24 10.128.0.0/9 "
				 "192.168.1.1/32 ");
	q = P("10.1.2.3/32");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf), "10.1.2.0/24");
	q = P("10.1.3.0/24");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf), "10.1.0.0/16");
	q = P("10.200.0.1/32");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf), "10.128.0.0/9");
	q = P("11.0.0.1/32");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf), "0.0.0.0/0");
	q = P("192.168.1.1/32");
	assert_string_equal(node_str(&t, trie_lookup(&t, &q), buf),
			    "192.168.1.1/32");
	q = P("192.168.1.0/24");
	assert_null(trie_lookup(&t, &q));
	q = P("10.1.0.0/15");
	assert_null(trie_lookup(&t, &q));

	/* Impossible lengths are refused, never read past a key. */
	bool created;
	q = P("10.1.2.0/24");
	q.len = 33;
	assert_null(trie_get(&t, &q, &created));
	assert_false(created);
	assert_null(trie_lookup(&t, &q));
	assert_null(trie_match(&t, &q));
	assert_null(trie_next(&t, &q));

	/* Removing the default route leaves no match outside 10/8. */
	q = P("0.0.0.0/0");
	struct trie_node *d = trie_lookup(&t, &q);
	assert_int_equal(trie_remove(&t, d), 0);
	q = P("11.0.0.1/32");
	assert_null(trie_match(&t, &q));
	assert_int_equal(trie_check(&t), 0);

	/* Removing a branch point keeps it as glue, then drops the glue. */
	q = P("10.0.0.0/8");
	d = trie_lookup(&t, &q);
	assert_int_equal(trie_remove(&t, d), 0);
	assert_int_equal(trie_check(&t), 0);
	q = P("10.1.2.3/32");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf), "10.1.2.0/24");
	q = P("10.2.0.0/16");
	assert_null(trie_match(&t, &q));

	finis = 0;
	trie_destroy(&t, tent_fini, NULL);
	assert_int_equal(finis, 5);
	assert_int_equal(trie_glue_count(&t), 0);
}

static void test_fixed_v6(void **state)
{
	static const char *in[] = { "2001:db8::/32", "::/0", "2001:db8::1/128",
				    "2001:db8::/128", "2001:db8:0:1::/64",
				    "fe80::/10", "2001:1234:1::/64" };
	struct trie t;
	struct walkbuf w = { &t, "" };
	struct prefix q;
	char buf[PREFIX_STRLEN];
	size_t i;

	(void)state;
	tinit(&t, AF_INET6);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(tent_get(&t, in[i], (int)i + 1)->id, (int)i + 1);
		assert_int_equal(trie_check(&t), 0);
	}
	trie_walk(&t, walk_str, &w);
	assert_string_equal(w.s, "::/0 2001:db8::/32 2001:db8::/128 "
				 "2001:db8::1/128 2001:db8:0:1::/64 "
				 "2001:1234:1::/64 fe80::/10 ");
	q = P("2001:db8::1/128");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf),
			    "2001:db8::1/128");
	q = P("2001:db8::2/128");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf),
			    "2001:db8::/32");
	q = P("2001:db8:0:1:ffff::1/128");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf),
			    "2001:db8:0:1::/64");
	q = P("3000::/16");
	assert_string_equal(node_str(&t, trie_match(&t, &q), buf), "::/0");
	/* An IPv4 query never matches an IPv6 trie. */
	q = P("0.0.0.0/0");
	assert_null(trie_match(&t, &q));
	assert_null(trie_lookup(&t, &q));
	trie_destroy(&t, tent_fini, NULL);
}

/* ---- randomized, against a brute-force reference ---- */

#define UNIVERSE 700

struct ref {
	struct prefix u[UNIVERSE];
	struct tent *e[UNIVERSE];	/* NULL = absent */
	size_t n;
};

static uint32_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift32: the same sequence on every libc. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void random_prefix(int af, struct prefix *p)
{
	static const uint8_t first[] = { 0, 10, 10, 192, 255, 0x20 };
	unsigned max = af_maxlen(af), i;

	memset(p, 0, sizeof(*p));
	p->af = (uint8_t)af;
	for (i = 0; i < af_bytes(af); i++)
		p->a[i] = (uint8_t)rnd();
	/* Cluster the addresses so that prefixes nest and share glue. */
	p->a[0] = first[rnd() % sizeof(first)];
	if (rnd() % 2)
		p->a[1] = (uint8_t)(rnd() % 4);
	switch (rnd() % 4) {
	case 0:
		p->len = (uint8_t)(rnd() % (max + 1));
		break;
	case 1:
		p->len = (uint8_t)max;
		break;
	default:
		p->len = (uint8_t)(rnd() % (max / 2 + 1));
	}
	prefix_clear_host_bits(p);
}

static void ref_init(struct ref *r, int af)
{
	size_t i, j;

	memset(r, 0, sizeof(*r));
	/* /0 and a full-length prefix always in the universe. */
	r->u[0].af = r->u[1].af = (uint8_t)af;
	r->u[1].len = (uint8_t)af_maxlen(af);
	memset(r->u[1].a, 0xff, af_bytes(af));
	r->n = 2;
	while (r->n < UNIVERSE) {
		struct prefix p;

		random_prefix(af, &p);
		for (j = 0; j < r->n && prefix_cmp(&p, &r->u[j]); j++)
			;
		if (j == r->n)
			r->u[r->n++] = p;
	}
	for (i = 0; i < r->n; i++)
		r->e[i] = NULL;
}

static void ref_toggle(struct ref *r, struct trie *t, size_t i)
{
	struct trie_node *n;
	bool created;

	if (r->e[i]) {
		assert_int_equal(trie_remove(t, &r->e[i]->node), 0);
		r->e[i] = NULL;
	} else {
		n = trie_get(t, &r->u[i], &created);
		assert_non_null(n);
		assert_true(created);
		TENT(n)->id = (int)i;
		r->e[i] = TENT(n);
	}
}

/* The brute-force longest match. */
static struct tent *ref_match(const struct ref *r, const struct prefix *q)
{
	struct tent *best = NULL;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->e[i] && prefix_contains(&r->u[i], q) &&
		    (!best || r->u[i].len > r->u[best->id].len))
			best = r->e[i];
	return best;
}

/* The brute-force successor of q in walk order. */
static struct tent *ref_next(const struct ref *r, const struct prefix *q)
{
	struct tent *best = NULL;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->e[i] && (!q || prefix_cmp(&r->u[i], q) > 0) &&
		    (!best || prefix_cmp(&r->u[i], &r->u[best->id]) < 0))
			best = r->e[i];
	return best;
}

struct walkcheck {
	const struct ref *r;
	const struct prefix *prev;
	size_t count;
};

static int walk_check(struct trie_node *n, void *arg)
{
	struct walkcheck *w = arg;

	assert_ptr_equal(TENT(n), ref_next(w->r, w->prev));
	w->prev = &w->r->u[TENT(n)->id];
	w->count++;
	return 0;
}

static void ref_verify(const struct ref *r, struct trie *t)
{
	struct walkcheck w = { r, NULL, 0 };
	struct trie_node *n;
	struct prefix q;
	size_t i, present = 0;

	assert_int_equal(trie_check(t), 0);
	for (i = 0; i < r->n; i++) {
		n = trie_lookup(t, &r->u[i]);
		assert_ptr_equal(n ? TENT(n) : NULL, r->e[i]);
		present += r->e[i] != NULL;
		n = trie_match(t, &r->u[i]);
		assert_ptr_equal(n ? TENT(n) : NULL, ref_match(r, &r->u[i]));
		n = trie_next(t, &r->u[i]);
		assert_ptr_equal(n ? TENT(n) : NULL, ref_next(r, &r->u[i]));
	}
	for (i = 0; i < 200; i++) {
		random_prefix(t->af, &q);
		q.len = (uint8_t)af_maxlen(t->af);
		if (i % 2)
			q.len = (uint8_t)(rnd() % (q.len + 1));
		prefix_clear_host_bits(&q);
		n = trie_match(t, &q);
		assert_ptr_equal(n ? TENT(n) : NULL, ref_match(r, &q));
		n = trie_next(t, &q);
		assert_ptr_equal(n ? TENT(n) : NULL, ref_next(r, &q));
	}
	assert_int_equal(t->nentries, present);
	trie_walk(t, walk_check, &w);
	assert_int_equal(w.count, present);
	assert_null(ref_next(r, w.prev));
}

static void randomized(int af, uint32_t seed)
{
	struct ref *r = malloc(sizeof(*r));
	struct trie t;
	int round, k;

	assert_non_null(r);
	rng_state = seed;
	ref_init(r, af);
	tinit(&t, af);
	for (round = 0; round < 40; round++) {
		/* Fill phases then drain phases, so both paths are hot. */
		for (k = 0; k < 60; k++) {
			size_t i = rnd() % r->n;

			if ((round / 5) % 2 == 0 ? !r->e[i] : r->e[i] != NULL)
				ref_toggle(r, &t, i);
			else if (rnd() % 3 == 0)
				ref_toggle(r, &t, i);
		}
		ref_verify(r, &t);
	}
	trie_destroy(&t, tent_fini, NULL);
	assert_int_equal(trie_glue_count(&t), 0);
	free(r);
}

static void test_random_v4(void **state)
{
	(void)state;
	randomized(AF_INET, 0x1234567u);
}

static void test_random_v6(void **state)
{
	(void)state;
	randomized(AF_INET6, 0xfeedbeefu);
}

/* A cursor walk with random inserts and deletes between its steps. */
static void cursor_under_modification(int af, uint32_t seed)
{
	struct ref *r = malloc(sizeof(*r));
	struct trie_cursor c;
	struct trie_node *n;
	struct trie t;
	const struct prefix *last = NULL;
	size_t i, steps = 0;

	assert_non_null(r);
	rng_state = seed;
	ref_init(r, af);
	tinit(&t, af);
	for (i = 0; i < r->n; i++)
		if (rnd() % 2)
			ref_toggle(r, &t, i);
	trie_cursor_init(&c);
	for (;;) {
		struct tent *want = ref_next(r, last);

		n = trie_cursor_next(&t, &c);
		assert_ptr_equal(n ? TENT(n) : NULL, want);
		if (!n)
			break;
		last = &r->u[TENT(n)->id];
		steps++;
		/* Delete the entry just returned, sometimes, and others. */
		if (rnd() % 4 == 0) {
			i = (size_t)TENT(n)->id;
			ref_toggle(r, &t, i);
		}
		for (i = rnd() % 4; i > 0; i--)
			ref_toggle(r, &t, rnd() % r->n);
		assert_int_equal(trie_check(&t), 0);
	}
	assert_true(steps > 50);
	trie_destroy(&t, tent_fini, NULL);
	free(r);
}

static void test_cursor_v4(void **state)
{
	(void)state;
	cursor_under_modification(AF_INET, 42);
}

static void test_cursor_v6(void **state)
{
	(void)state;
	cursor_under_modification(AF_INET6, 4242);
}

/* trie_walk lets the callback remove the node it is given. */
struct rmwalk {
	struct trie *t;
	size_t seen;
};

static int walk_remove_odd(struct trie_node *n, void *arg)
{
	struct rmwalk *w = arg;

	if (TENT(n)->id % 2)
		assert_int_equal(trie_remove(w->t, n), 0);
	w->seen++;
	return 0;
}

static int walk_no_odd(struct trie_node *n, void *arg)
{
	(void)arg;
	assert_int_equal(TENT(n)->id % 2, 0);
	return 0;
}

static void test_walk_remove_current(void **state)
{
	struct ref *r = malloc(sizeof(*r));
	struct rmwalk w;
	struct trie t;
	size_t i;

	(void)state;
	assert_non_null(r);
	rng_state = 777;
	ref_init(r, AF_INET);
	tinit(&t, AF_INET);
	for (i = 0; i < r->n; i++)
		ref_toggle(r, &t, i);
	w.t = &t;
	w.seen = 0;
	assert_int_equal(trie_walk(&t, walk_remove_odd, &w), 0);
	assert_int_equal(w.seen, r->n);
	assert_int_equal(trie_check(&t), 0);
	assert_int_equal(t.nentries, (r->n + 1) / 2);
	trie_walk(&t, walk_no_odd, NULL);
	trie_destroy(&t, tent_fini, NULL);
	free(r);
}

/* An index enabled on a populated trie covers what is already there. */
static void test_index_late(void **state)
{
	struct ref *r = malloc(sizeof(*r));
	struct trie t;
	size_t i;

	(void)state;
	assert_non_null(r);
	use_index = false;
	rng_state = 99;
	ref_init(r, AF_INET6);
	tinit(&t, AF_INET6);
	for (i = 0; i < r->n; i++)
		if (i % 3)
			ref_toggle(r, &t, i);
	assert_int_equal(trie_index_enable(&t), 0);
	assert_true(trie_index_bytes(&t) >= 2 * t.nentries * sizeof(uint32_t));
	ref_verify(r, &t);
	for (i = 0; i < r->n; i++)
		ref_toggle(r, &t, i);
	ref_verify(r, &t);
	trie_destroy(&t, tent_fini, NULL);
	assert_int_equal(trie_index_bytes(&t), 0);
	free(r);
}

int main(void)
{
#define BOTH(f)                                                              \
	cmocka_unit_test_setup(f, without_index),                            \
		cmocka_unit_test_setup(f, with_index)
	const struct CMUnitTest tests[] = {
		BOTH(test_fixed_v4),
		BOTH(test_fixed_v6),
		BOTH(test_random_v4),
		BOTH(test_random_v6),
		BOTH(test_cursor_v4),
		BOTH(test_cursor_v6),
		BOTH(test_walk_remove_current),
		cmocka_unit_test(test_index_late),
	};

	return cmocka_run_group_tests_name("trie", tests, NULL, NULL);
}
