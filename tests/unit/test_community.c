/*
 * test_community.c: standard, extended and large community lists:
 * decoding with the RFC 7606 length rules, set semantics (sorted,
 * unique), interning, well-known names, text and encoding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "community.h"
#include "hex_util.h"

static struct rbuf mk(const char *hex, uint8_t *b, size_t cap)
{
	return rbuf_make(b, hex2bin(hex, b, cap));
}

static void test_standard(void **state)
{
	uint8_t b[64];
	struct rbuf r = mk("ffffff01 00010003 00010001 00010003", b, sizeof(b));
	struct community *c, *d;
	char buf[128];
	bool nomem;

	(void)state;
	c = community_decode(&r, &nomem);
	assert_non_null(c);
	assert_int_equal(c->n, 3);	/* duplicate removed */
	assert_int_equal(c->v[0], 0x00010001);
	assert_int_equal(c->v[2], COMMUNITY_NO_EXPORT);
	assert_int_equal(community_print(c, buf, sizeof(buf)),
			 strlen("1:1 1:3 no-export"));
	assert_string_equal(buf, "1:1 1:3 no-export");
	assert_true(community_has(c, 0x00010003));
	assert_false(community_has(c, 0x00010002));
	assert_false(community_has(NULL, 0x00010002));

	/* the same set in another order is the same object */
	r = mk("00010003 ffffff01 00010001", b, sizeof(b));
	d = community_decode(&r, &nomem);
	assert_ptr_equal(c, d);
	assert_int_equal(c->h.refcnt, 2);
	community_unref(d);
	community_unref(c);
	assert_int_equal(community_count(), 0);
}

/* RFC 7606 7.8, catalogue 49: length 0 or not a multiple of 4. */
static void test_standard_bad_length(void **state)
{
	uint8_t b[16];
	struct rbuf r;
	bool nomem = true;

	(void)state;
	r = mk("", b, sizeof(b));
	assert_null(community_decode(&r, &nomem));
	assert_false(nomem);
	r = mk("ffff0001 00", b, sizeof(b));
	assert_null(community_decode(&r, &nomem));
	assert_false(nomem);
	assert_int_equal(community_count(), 0);
}

static void test_names(void **state)
{
	static const struct {
		uint32_t v;
		const char *s;
	} cases[] = {
		{ COMMUNITY_NO_EXPORT, "no-export" },
		{ COMMUNITY_NO_ADVERTISE, "no-advertise" },
		{ COMMUNITY_LOCAL_AS, "local-AS" },
		{ COMMUNITY_NO_PEER, "no-peer" },
		{ COMMUNITY_INTERNET, "internet" },
		{ 0xfde80064, "65000:100" },
		{ 0xffffff05, "65535:65285" },
	};
	char buf[32];
	uint32_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		community_val_print(cases[i].v, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].s);
		assert_int_equal(community_val_parse(cases[i].s, &v), 0);
		assert_int_equal(v, cases[i].v);
	}
	assert_int_equal(community_val_parse("70000:1", &v), -1);
	assert_int_equal(community_val_parse("1:", &v), -1);
	assert_int_equal(community_val_parse("1:2x", &v), -1);
	assert_int_equal(community_val_parse("export", &v), -1);
}

static void test_intern_api(void **state)
{
	const uint32_t a[] = { 3, 1, 2, 1 };
	const uint32_t b[] = { 1, 2, 3 };
	const uint32_t c[] = { 1, 2 };
	struct community *x = community_intern(a, 4);
	struct community *y = community_intern(b, 3);
	struct community *z = community_intern(c, 2);

	(void)state;
	assert_ptr_equal(x, y);
	assert_ptr_not_equal(x, z);
	assert_null(community_intern(a, 0));	/* absent, not empty */
	community_unref(x);
	community_unref(y);
	community_unref(z);
	assert_int_equal(community_count(), 0);
}

static void test_extended(void **state)
{
	uint8_t b[64];
	struct rbuf r = mk("0002fde800000064 0103c00002010001 020200011170 0064"
			   "8000000000000001",
			   b, sizeof(b));
	struct ecommunity *c;
	char buf[256];
	struct wbuf w;
	bool nomem;

	(void)state;
	c = ecommunity_decode(&r, &nomem);
	assert_non_null(c);
	assert_int_equal(c->n, 4);
	ecommunity_print(c, buf, sizeof(buf));
	assert_string_equal(buf, "RT:65000:100 SoO:192.0.2.1:1 RT:70000:100 "
				 "0x8000:000000000001");
	wbuf_init(&w, 0);
	ecommunity_encode(&w, c);
	assert_int_equal(w.len, 32);
	assert_memory_equal(w.buf, b, 32);	/* already sorted */
	wbuf_free(&w);
	ecommunity_unref(c);

	/* catalogue 52: length 0 and 9 */
	r = mk("", b, sizeof(b));
	assert_null(ecommunity_decode(&r, &nomem));
	r = mk("0002fde800000064 00", b, sizeof(b));
	assert_null(ecommunity_decode(&r, &nomem));
	assert_int_equal(ecommunity_count(), 0);
}

static void test_large(void **state)
{
	uint8_t b[64];
	struct rbuf r = mk("0000fde8 00000002 00000003 0000fde8 00000001 "
			   "00000002",
			   b, sizeof(b));
	struct lcommunity *c;
	char buf[128];
	struct wbuf w;
	uint8_t want[24];
	bool nomem;

	(void)state;
	c = lcommunity_decode(&r, &nomem);
	assert_non_null(c);
	assert_int_equal(c->n, 2);
	lcommunity_print(c, buf, sizeof(buf));
	assert_string_equal(buf, "65000:1:2 65000:2:3");	/* sorted */
	wbuf_init(&w, 0);
	lcommunity_encode(&w, c);
	hex2bin("0000fde8 00000001 00000002 0000fde8 00000002 00000003", want,
		sizeof(want));
	assert_int_equal(w.len, 24);
	assert_memory_equal(w.buf, want, 24);
	wbuf_free(&w);
	lcommunity_unref(c);

	/* RFC 8092 6, catalogue 52: length 13 */
	r = mk("0000fde8 00000001 00000002 00", b, sizeof(b));
	assert_null(lcommunity_decode(&r, &nomem));
	assert_int_equal(lcommunity_count(), 0);
}

static bool drop_wellknown(uint32_t v, void *arg)
{
	(void)arg;
	return (v >> 16) == 0xffff;
}

static void test_policy_ops(void **state)
{
	const uint32_t base[] = { 0x00010003, COMMUNITY_NO_EXPORT };
	const uint32_t more[] = { 0x00010001, 0x00010003 };
	struct community *c = community_intern(base, 2), *d, *e, *f;
	char buf[64];

	(void)state;
	d = community_add(c, more, 2);	/* additive, duplicates merge */
	community_print(d, buf, sizeof(buf));
	assert_string_equal(buf, "1:1 1:3 no-export");
	e = community_filter(d, drop_wellknown, NULL);
	community_print(e, buf, sizeof(buf));
	assert_string_equal(buf, "1:1 1:3");
	f = community_add(NULL, more, 2);
	assert_ptr_equal(e, f);	/* same set, same object */
	community_unref(f);
	f = community_filter(c, drop_wellknown, NULL);
	assert_int_equal(f->n, 1);
	community_unref(f);
	assert_null(community_add(NULL, NULL, 0));
	assert_null(community_filter(NULL, drop_wellknown, NULL));
	community_unref(e);
	community_unref(d);
	community_unref(c);
	assert_int_equal(community_count(), 0);
}

/* catalogue 71: 10,000 communities in one attribute */
static void test_many(void **state)
{
	enum { N = 10000 };
	static uint8_t b[4 * N];
	struct community *c;
	struct rbuf r;
	bool nomem;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		b[4 * i] = (uint8_t)(i >> 8);
		b[4 * i + 1] = (uint8_t)i;
		b[4 * i + 2] = 0;
		b[4 * i + 3] = 1;
	}
	r = rbuf_make(b, sizeof(b));
	c = community_decode(&r, &nomem);
	assert_non_null(c);
	assert_int_equal(c->n, N);
	for (i = 1; i < N; i++)
		assert_true(c->v[i - 1] < c->v[i]);
	community_unref(c);
	assert_int_equal(community_count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard),
		cmocka_unit_test(test_standard_bad_length),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_intern_api),
		cmocka_unit_test(test_extended),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_policy_ops),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
