/*
 * test_aspath.c: AS path decoding (2- and 4-octet, every RFC 7606 7.2
 * malformation), text, lengths, interning and its hash table, prepend,
 * the RFC 6793 merge with AS4_PATH, and encoding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "aspath.h"
#include "hex_util.h"
#include "msg.h"

static struct aspath *dec(const char *hex, unsigned asn_size, bool no_confed,
			  enum aspath_err *err)
{
	uint8_t b[2048];
	size_t n = hex2bin(hex, b, sizeof(b));
	struct rbuf r = rbuf_make(b, n);
	struct aspath *p = NULL;

	*err = aspath_decode(&r, asn_size, no_confed, &p);
	return p;
}

static struct aspath *dec_ok(const char *hex, unsigned asn_size)
{
	enum aspath_err e;
	struct aspath *p = dec(hex, asn_size, false, &e);

	assert_int_equal(e, ASPATH_OK);
	assert_non_null(p);
	return p;
}

static void assert_print(const struct aspath *p, const char *want)
{
	char buf[512];

	assert_int_equal(aspath_print(p, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
}

static void test_decode_print(void **state)
{
	struct aspath *p;

	(void)state;
	/* the seed's "1 3 2" (000_bb8d63c99a2ebb10.txt) */
	p = dec_ok("0203 00000001 00000003 00000002", 4);
	assert_print(p, "1 3 2");
	assert_int_equal(aspath_hops(p), 3);
	assert_int_equal(aspath_left_as(p), 1);
	assert_int_equal(aspath_origin_as(p), 2);
	aspath_unref(p);

	p = dec_ok("0201 00000001 0102 00000004 00000005", 4);
	assert_print(p, "1 {4,5}");
	assert_int_equal(aspath_hops(p), 2);	/* a set counts 1 */
	assert_int_equal(aspath_origin_as(p), 0);
	assert_true(aspath_has_set(p));
	aspath_unref(p);

	p = dec_ok("0302 0000fde9 0000fdea 0401 0000fdeb 0201 00000001", 4);
	assert_print(p, "(65001 65002) [65003] 1");
	assert_int_equal(aspath_hops(p), 1);	/* confed counts 0 */
	assert_int_equal(aspath_confed_hops(p), 3);
	assert_int_equal(aspath_left_as(p), 0);
	assert_int_equal(aspath_left_confed_as(p), 65001);
	assert_true(aspath_has_confed(p));
	aspath_unref(p);

	/* 2-octet session */
	p = dec_ok("0202 0001 fde9", 2);
	assert_print(p, "1 65001");
	assert_false(aspath_has_as4(p));
	aspath_unref(p);

	p = dec_ok("", 4);
	assert_print(p, "");
	assert_int_equal(aspath_hops(p), 0);
	aspath_unref(p);
	assert_int_equal(aspath_count(), 0);
}

/* rfc7606-and-errors.md catalogue 41, 42 (AS 0), 53/54 (confed). */
static void test_decode_errors(void **state)
{
	static const struct {
		const char *hex;
		unsigned asn_size;
		bool no_confed;
		enum aspath_err want;
	} cases[] = {
		{ "0001 0000fde9", 4, false, ASPATH_ERR_SEG_TYPE },
		{ "0501 0000fde9", 4, false, ASPATH_ERR_SEG_TYPE },
		{ "0200", 4, false, ASPATH_ERR_SEG_ZERO },
		{ "02ff 0000fde9", 4, false, ASPATH_ERR_OVERRUN },
		{ "0201 0000fde9 02", 4, false, ASPATH_ERR_OVERRUN },
		{ "0201 fde9", 4, false, ASPATH_ERR_OVERRUN },
		{ "0201 00000000", 4, false, ASPATH_ERR_AS0 },
		{ "0202 0001 0000", 2, false, ASPATH_ERR_AS0 },
		{ "0301 0000fde8 0201 0000fde9", 4, true, ASPATH_ERR_CONFED },
		{ "0201 0000fde8 0401 0000fde9", 4, true, ASPATH_ERR_CONFED },
		{ "02", 4, false, ASPATH_ERR_OVERRUN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum aspath_err e;
		struct aspath *p = dec(cases[i].hex, cases[i].asn_size,
				       cases[i].no_confed, &e);

		if (e != cases[i].want)
			fail_msg("case %zu (%s): got %s", i, cases[i].hex,
				 aspath_err_str(e));
		assert_null(p);
	}
	assert_int_equal(aspath_count(), 0);
}

static void test_intern(void **state)
{
	struct aspath *a, *b, *c;

	(void)state;
	a = dec_ok("0202 00000001 00000002", 4);
	b = dec_ok("0202 0001 0002", 2);	/* same path, other session */
	c = dec_ok("0202 00000001 00000003", 4);
	assert_ptr_equal(a, b);
	assert_int_equal(a->h.refcnt, 2);
	assert_ptr_not_equal(a, c);
	assert_int_equal(aspath_count(), 2);
	aspath_unref(b);
	assert_int_equal(aspath_count(), 2);
	aspath_unref(a);
	assert_int_equal(aspath_count(), 1);
	aspath_unref(c);
	assert_int_equal(aspath_count(), 0);
}

/* Growth, and lookups staying right across backward-shift deletions. */
static void test_table_growth(void **state)
{
	enum { N = 20000 };
	struct aspath **v = calloc(N, sizeof(*v));
	uint8_t seg[10] = { AS_SEQUENCE, 2 };
	size_t i, slots;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < N; i++) {
		seg[2] = (uint8_t)(i >> 24);
		seg[3] = (uint8_t)(i >> 16);
		seg[4] = (uint8_t)(i >> 8);
		seg[5] = (uint8_t)i | 1;	/* never AS 0 */
		memcpy(seg + 6, "\0\0\xfd\xe9", 4);
		seg[4] = (uint8_t)(i >> 7);
		seg[5] = (uint8_t)(((i & 0x7f) << 1) | 1);
		v[i] = aspath_intern(seg, sizeof(seg));
		assert_non_null(v[i]);
		assert_int_equal(v[i]->h.refcnt, 1);	/* all distinct */
	}
	assert_int_equal(aspath_count(), N);
	slots = aspath_table_slots();
	assert_true(slots >= 2 * N);
	assert_int_equal(slots & (slots - 1), 0);	/* power of two */
	for (i = 0; i < N; i += 2)
		aspath_unref(v[i]);
	assert_int_equal(aspath_count(), N / 2);
	for (i = 1; i < N; i += 2) {	/* still found after deletions */
		struct aspath *again = aspath_intern(v[i]->data, v[i]->len);

		assert_ptr_equal(again, v[i]);
		aspath_unref(again);
		aspath_unref(v[i]);
	}
	assert_int_equal(aspath_count(), 0);
	free(v);
}

static void test_prepend(void **state)
{
	struct aspath *p, *q, *r;
	char buf[4096];
	unsigned i;

	(void)state;
	p = dec_ok("0202 00000001 00000002", 4);
	q = aspath_prepend(p, 65000, 2);
	assert_print(q, "65000 65000 1 2");
	assert_int_equal(q->len, 2 + 4 * 4);	/* merged into one segment */
	aspath_unref(q);
	aspath_unref(p);

	p = dec_ok("0102 00000004 00000005", 4);
	q = aspath_prepend(p, 1, 1);
	assert_print(q, "1 {4,5}");
	aspath_unref(q);
	aspath_unref(p);

	/* catalogue 70: prepend onto a full 255-ASN segment opens a new one */
	p = aspath_empty();
	q = aspath_prepend(p, 7, 255);
	assert_int_equal(q->data[1], 255);
	r = aspath_prepend(q, 8, 1);
	assert_int_equal(aspath_hops(r), 256);
	assert_int_equal(r->data[0], AS_SEQUENCE);
	assert_int_equal(r->data[1], 255);	/* 8 and 254 sevens */
	assert_int_equal(aspath_max_seg_len(r), 255);
	aspath_print(r, buf, sizeof(buf));
	assert_memory_equal(buf, "8 7 7", 5);
	for (i = 0; i < 3; i++)
		aspath_unref(i == 0 ? p : i == 1 ? q : r);

	p = dec_ok("0201 00000001", 4);
	q = aspath_prepend_confed(p, 65001);
	assert_print(q, "(65001) 1");
	r = aspath_strip_confed(q);
	assert_ptr_equal(r, p);
	aspath_unref(r);
	aspath_unref(q);
	aspath_unref(p);
	assert_int_equal(aspath_count(), 0);
}

/* RFC 6793 4.2.3, rfc7606-and-errors.md 1.5 and catalogue 54. */
static void test_merge_as4(void **state)
{
	static const struct {
		const char *as_path;	/* 2-octet */
		const char *as4_path;	/* 4-octet */
		const char *want;
	} cases[] = {
		/* the usual case: AS_TRANS replaced */
		{ "0203 0064 5ba0 00c8", "0202 00011170 000000c8",
		  "100 70000 200" },
		/* AS4_PATH longer: ignored */
		{ "0201 5ba0", "0202 00011170 000000c8", "23456" },
		/* equal length: all of AS4_PATH */
		{ "0202 5ba0 00c8", "0202 00011170 000000c8", "70000 200" },
		/* a set counts 1 */
		{ "0201 0064 0102 0001 0002 0201 5ba0", "0201 00011170",
		  "100 {1,2} 70000" },
		/* confed segments count 0 and stay in front */
		{ "0301 fde9 0202 0064 5ba0", "0201 00011170",
		  "(65001) 100 70000" },
		{ "0301 fde9 0202 0064 5ba0", "0202 00000064 00011170",
		  "(65001) 100 70000" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct aspath *a = dec_ok(cases[i].as_path, 2);
		struct aspath *b = dec_ok(cases[i].as4_path, 4);
		struct aspath *m = aspath_merge_as4(a, b);
		char buf[256];

		aspath_print(m, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want))
			fail_msg("case %zu: got '%s' want '%s'", i, buf,
				 cases[i].want);
		aspath_unref(m);
		aspath_unref(b);
		aspath_unref(a);
	}
	assert_int_equal(aspath_count(), 0);
}

static void test_encode(void **state)
{
	struct aspath *p, *q;
	struct wbuf w;
	uint8_t want[64];
	size_t n;
	struct rbuf r;

	(void)state;
	wbuf_init(&w, 0);
	p = dec_ok("0301 0000fde9 0202 00000001 00011170", 4);
	assert_true(aspath_has_as4(p));

	/* 2-octet: AS_TRANS for 70000 (RFC 6793 4.2.2) */
	aspath_encode(&w, p, 2, false);
	n = hex2bin("0301 fde9 0202 0001 5ba0", want, sizeof(want));
	assert_int_equal(w.len, n);
	assert_int_equal(aspath_encoded_len(p, 2, false), n);
	assert_memory_equal(w.buf, want, n);

	/* AS4_PATH: no confed segments */
	wbuf_reset(&w);
	aspath_encode(&w, p, 4, true);
	n = hex2bin("0202 00000001 00011170", want, sizeof(want));
	assert_int_equal(w.len, n);
	assert_int_equal(aspath_encoded_len(p, 4, true), n);
	assert_memory_equal(w.buf, want, n);

	/* 4-octet round trip gives the same interned path */
	wbuf_reset(&w);
	aspath_encode(&w, p, 4, false);
	r = rbuf_make(w.buf, w.len);
	assert_int_equal(aspath_decode(&r, 4, false, &q), ASPATH_OK);
	assert_ptr_equal(p, q);
	aspath_unref(q);
	aspath_unref(p);
	wbuf_free(&w);
	assert_int_equal(aspath_count(), 0);
}

static void test_print_truncates(void **state)
{
	struct aspath *p = dec_ok("0203 00000001 00000003 00000002", 4);
	char buf[4];

	(void)state;
	assert_int_equal(aspath_print(p, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "1 3");
	assert_int_equal(aspath_print(p, NULL, 0), 5);
	aspath_unref(p);
}

static void test_count_as(void **state)
{
	struct aspath *p = dec_ok("0203 00000001 00000002 00000001 0101 00000002",
				  4);

	(void)state;
	assert_int_equal(aspath_count_as(p, 1), 2);
	assert_int_equal(aspath_count_as(p, 2), 2);
	assert_int_equal(aspath_count_as(p, 3), 0);
	aspath_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_print),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_table_growth),
		cmocka_unit_test(test_prepend),
		cmocka_unit_test(test_merge_as4),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_print_truncates),
		cmocka_unit_test(test_count_as),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
