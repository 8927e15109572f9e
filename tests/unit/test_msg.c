/*
 * test_msg.c: the message codec.  Header cases of the malformed-message
 * catalogue part A (1-4, 6), every OPEN case of part B (7-18), the OPENs
 * of seed 000 rebuilt from their decode (fixtures in tests/unit/msg/),
 * build/parse round trips, truncation of valid OPENs at every offset,
 * NOTIFICATION (with RFC 9003 shutdown communication), ROUTE-REFRESH,
 * KEEPALIVE, UPDATE framing and Quagga's texts.
 * Catalogue: ../shared/reference/rfc7606-and-errors.md section 4.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

/* ------------------------------------------------------------- helpers */

/* A byte vector for hand-made messages. */
struct vec {
	uint8_t b[70000];
	size_t n;
};

static void v_put(struct vec *v, const void *p, size_t n)
{
	assert_true(v->n + n <= sizeof(v->b));
	memcpy(v->b + v->n, p, n);
	v->n += n;
}

static void v_u8(struct vec *v, uint8_t x)
{
	v_put(v, &x, 1);
}

static void v_u16(struct vec *v, uint16_t x)
{
	v_u8(v, (uint8_t)(x >> 8));
	v_u8(v, (uint8_t)x);
}

static void v_u32(struct vec *v, uint32_t x)
{
	v_u16(v, (uint16_t)(x >> 16));
	v_u16(v, (uint16_t)x);
}

static void v_hdr(struct vec *v, uint16_t len, uint8_t type)
{
	static const uint8_t m[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff };

	v_put(v, m, 16);
	v_u16(v, len);
	v_u8(v, type);
}

/*
 * A whole OPEN: header, fixed fields, then tail verbatim (tail starts
 * with the Opt Parm Len octet, so it can lie).  Header length is exact.
 */
static struct vec *open_msg(uint8_t ver, uint16_t as, uint16_t hold,
			    uint32_t id, const void *tail, size_t tlen)
{
	struct vec *v = calloc(1, sizeof(*v));

	assert_non_null(v);
	v_hdr(v, (uint16_t)(BGP_HDR_LEN + 9 + tlen), BGP_MSG_OPEN);
	v_u8(v, ver);
	v_u16(v, as);
	v_u16(v, hold);
	v_u32(v, id);
	v_put(v, tail, tlen);
	return v;
}

/* Header + OPEN body through the real entry points, as the session does. */
static int parse_open(const uint8_t *m, size_t n, struct bgp_open *o,
		      struct bgp_err *e)
{
	struct rbuf r = rbuf_make(m, n), body;
	uint16_t len;
	uint8_t type;

	if (msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, e))
		return -1;
	assert_int_equal(type, BGP_MSG_OPEN);
	assert_true(len <= n);
	body = rbuf_make(rbuf_ptr(&r), len - BGP_HDR_LEN);
	return msg_open_parse(&body, o, e);
}

static int parse_open_vec(struct vec *v, struct bgp_open *o,
			  struct bgp_err *e)
{
	int rc = parse_open(v->b, v->n, o, e);

	free(v);
	return rc;
}

/* An OPEN (AS 65001, hold 180, 10.0.0.2) whose Opt Parm area is tail. */
static int parse_tail(const void *tail, size_t tlen, struct bgp_open *o,
		      struct bgp_err *e)
{
	return parse_open_vec(open_msg(4, 65001, 180, 0x0a000002, tail, tlen),
			      o, e);
}

#define TAIL(o, e, ...)                                                   \
	parse_tail((const uint8_t[]){ __VA_ARGS__ },                      \
		   sizeof((const uint8_t[]){ __VA_ARGS__ }), o, e)

static void expect_err(int rc, const struct bgp_err *e, uint8_t code,
		       uint8_t sub)
{
	assert_int_equal(rc, -1);
	assert_int_equal(e->code, code);
	assert_int_equal(e->subcode, sub);
}

static void expect_data(const struct bgp_err *e, const void *d, size_t n)
{
	assert_int_equal(e->len, n);
	if (n)
		assert_memory_equal(e->data, d, n);
}

static bool has_code(const uint8_t *list, uint8_t n, uint8_t code)
{
	uint8_t i;

	for (i = 0; i < n; i++)
		if (list[i] == code)
			return true;
	return false;
}

/* Load a hex fixture: '#' to end of line is a comment, hex digits pair
 * up, everything else separates. */
static size_t hex_load(const char *name, uint8_t *buf, size_t cap)
{
	const char *dir = getenv("OKAPI_SRCDIR");
	char path[1024], line[512];
	size_t n = 0;
	int hi = -1;
	FILE *f;

	if (!dir)
		fail_msg("OKAPI_SRCDIR is not set: run through `make check`");
	snprintf(path, sizeof(path), "%s/tests/unit/msg/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *c;

		for (c = line; *c && *c != '#'; c++) {
			int d;

			if (!isxdigit((unsigned char)*c))
				continue;
			d = isdigit((unsigned char)*c) ? *c - '0'
						       : tolower(*c) - 'a' + 10;
			if (hi < 0) {
				hi = d;
				continue;
			}
			assert_true(n < cap);
			buf[n++] = (uint8_t)((hi << 4) | d);
			hi = -1;
		}
	}
	fclose(f);
	assert_int_equal(hi, -1);
	return n;
}

static void assert_caps_equal(const struct bgp_caps *a,
			      const struct bgp_caps *b)
{
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		assert_int_equal(a->mp[af], b->mp[af]);
		assert_int_equal(a->gr_af[af], b->gr_af[af]);
		assert_int_equal(a->gr_af_flags[af], b->gr_af_flags[af]);
	}
	assert_int_equal(a->mp_seen, b->mp_seen);
	assert_int_equal(a->mp_other, b->mp_other);
	assert_int_equal(a->rr, b->rr);
	assert_int_equal(a->rr_old, b->rr_old);
	assert_int_equal(a->enhanced_rr, b->enhanced_rr);
	assert_int_equal(a->as4, b->as4);
	assert_int_equal(a->as4_asn, b->as4_asn);
	assert_int_equal(a->gr, b->gr);
	assert_int_equal(a->gr_flags, b->gr_flags);
	assert_int_equal(a->gr_time, b->gr_time);
	assert_int_equal(a->ext_msg, b->ext_msg);
	assert_int_equal(a->addpath, b->addpath);
	assert_int_equal(a->fqdn, b->fqdn);
	assert_string_equal(a->fqdn_host, b->fqdn_host);
	assert_string_equal(a->fqdn_domain, b->fqdn_domain);
	assert_int_equal(a->n_unknown, b->n_unknown);
	assert_memory_equal(a->unknown, b->unknown, a->n_unknown);
	assert_int_equal(a->n_bad_len, b->n_bad_len);
	assert_int_equal(a->n_dup, b->n_dup);
}

static void assert_open_equal(const struct bgp_open *a,
			      const struct bgp_open *b)
{
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->my_as, b->my_as);
	assert_int_equal(a->hold, b->hold);
	assert_int_equal(a->bgp_id, b->bgp_id);
	assert_int_equal(a->ext_params, b->ext_params);
	assert_caps_equal(&a->caps, &b->caps);
}

/* Build o into a fresh wbuf (max 4096); the caller frees. */
static void build_open(struct wbuf *w, const struct bgp_open *o, bool ext)
{
	wbuf_init(w, BGP_MAX_LEN);
	msg_open_build(w, o, ext);
	assert_true(wbuf_ok(w));
}

static void truncate_everywhere(const uint8_t *m, size_t n);

/* A typical okapi OPEN: IPv4+IPv6, GR listing both. */
static void typical_open(struct bgp_open *o, uint32_t as)
{
	msg_open_init(o, as, 180, 0x0a000001);
	o->caps.mp[BGP_AF_IPV4] = o->caps.mp[BGP_AF_IPV6] = true;
	o->caps.mp_seen = true;
	o->caps.gr_af[BGP_AF_IPV4] = o->caps.gr_af[BGP_AF_IPV6] = true;
}

/* ------------------------------------------------- A: header and framing */

static void test_hdr_valid_and_cursor(void **state)
{
	struct vec v = { .n = 0 };
	struct bgp_err e;
	struct rbuf r;
	uint16_t len;
	uint8_t type;

	(void)state;
	v_hdr(&v, 19, BGP_MSG_KEEPALIVE);
	v_u8(&v, 0xaa);	/* next message's first byte */
	r = rbuf_make(v.b, v.n);
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_KEEPALIVE);
	assert_int_equal(len, 19);
	assert_int_equal(e.code, 0);
	assert_int_equal(rbuf_left(&r), 1);
}

static int hdr_case(uint16_t len, uint8_t type, size_t max,
		    struct bgp_err *e)
{
	struct vec *v = calloc(1, sizeof(*v));
	struct rbuf r, before;
	uint16_t l = 0;
	uint8_t t = 0;
	int rc;

	assert_non_null(v);
	v_hdr(v, len, type);
	r = before = rbuf_make(v->b, v->n);
	rc = msg_hdr_parse(&r, max, &t, &l, e);
	if (rc)	/* the cursor does not move on error */
		assert_ptr_equal(rbuf_ptr(&r), rbuf_ptr(&before));
	free(v);
	return rc;
}

/* Catalogue 1. */
static void test_hdr_marker_zero(void **state)
{
	const uint8_t m[19] = { [16] = 0x00, [17] = 0x13, [18] = 0x04 };
	struct rbuf r = rbuf_make(m, sizeof(m));
	struct bgp_err e;
	uint16_t len;
	uint8_t type, one[19];

	(void)state;
	expect_err(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_SYNC);
	expect_data(&e, NULL, 0);
	/* One bit off in the last marker octet is enough. */
	memset(one, 0xff, 16);
	one[15] = 0xfe;
	one[16] = 0;
	one[17] = 19;
	one[18] = 4;
	r = rbuf_make(one, sizeof(one));
	expect_err(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_SYNC);
}

/* Catalogue 2: data = the length field. */
static void test_hdr_length_bounds(void **state)
{
	struct bgp_err e;

	(void)state;
	expect_err(hdr_case(18, BGP_MSG_KEEPALIVE, BGP_MAX_LEN, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
	expect_data(&e, "\x00\x12", 2);
	expect_err(hdr_case(0, BGP_MSG_UPDATE, BGP_MAX_LEN, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
	expect_data(&e, "\x00\x00", 2);
	expect_err(hdr_case(4097, BGP_MSG_UPDATE, BGP_MAX_LEN, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
	expect_data(&e, "\x10\x01", 2);
	assert_int_equal(hdr_case(4096, BGP_MSG_UPDATE, BGP_MAX_LEN, &e), 0);
	/* The length is judged before the type (RFC 4271 6.1 order). */
	expect_err(hdr_case(18, 9, BGP_MAX_LEN, &e), &e, BGP_ERR_HEADER,
		   BGP_ERR_HDR_LEN);
}

/* Catalogue 3, plus the neighbours of each bound. */
static void test_hdr_per_type_length(void **state)
{
	static const struct {
		uint8_t type;
		uint16_t len;
		bool ok;
	} c[] = {
		{ BGP_MSG_KEEPALIVE, 20, false },
		{ BGP_MSG_KEEPALIVE, 19, true },
		{ BGP_MSG_ROUTE_REFRESH, 22, false },
		/* longer: 7/1 from msg_route_refresh_parse (RFC 7313 5) */
		{ BGP_MSG_ROUTE_REFRESH, 24, true },
		{ BGP_MSG_ROUTE_REFRESH, 23, true },
		{ BGP_MSG_NOTIFICATION, 20, false },
		{ BGP_MSG_NOTIFICATION, 21, true },
		{ BGP_MSG_OPEN, 28, false },
		{ BGP_MSG_OPEN, 29, true },
		{ BGP_MSG_UPDATE, 22, false },
		{ BGP_MSG_UPDATE, 23, true },
	};
	struct bgp_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint8_t d[2] = { (uint8_t)(c[i].len >> 8), (uint8_t)c[i].len };
		int rc = hdr_case(c[i].len, c[i].type, BGP_MAX_LEN, &e);

		if (c[i].ok) {
			assert_int_equal(rc, 0);
			continue;
		}
		expect_err(rc, &e, BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
		expect_data(&e, d, 2);
	}
}

/* Catalogue 4: data = the type octet. */
static void test_hdr_type(void **state)
{
	const uint8_t bad[] = { 0, 6, 9, 255 };
	struct bgp_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad); i++) {
		expect_err(hdr_case(19, bad[i], BGP_MAX_LEN, &e), &e,
			   BGP_ERR_HEADER, BGP_ERR_HDR_TYPE);
		expect_data(&e, &bad[i], 1);
	}
}

/* Catalogue 6: RFC 8654 once negotiated. */
static void test_hdr_extended(void **state)
{
	struct bgp_err e;

	(void)state;
	assert_int_equal(
		hdr_case(65535, BGP_MSG_UPDATE, BGP_EXT_MAX_LEN, &e), 0);
	assert_int_equal(
		hdr_case(4097, BGP_MSG_NOTIFICATION, BGP_EXT_MAX_LEN, &e), 0);
	expect_err(hdr_case(4097, BGP_MSG_OPEN, BGP_EXT_MAX_LEN, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
	expect_data(&e, "\x10\x01", 2);
	assert_int_equal(hdr_case(4096, BGP_MSG_OPEN, BGP_EXT_MAX_LEN, &e),
			 0);
	expect_err(hdr_case(4097, BGP_MSG_KEEPALIVE, BGP_EXT_MAX_LEN, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
}

/* Fewer than 19 octets is not a protocol error, and reads nothing more. */
static void test_hdr_incomplete(void **state)
{
	uint8_t m[19];
	struct bgp_err e;
	uint16_t len;
	uint8_t type;
	size_t n;

	(void)state;
	memset(m, 0xff, 16);
	m[16] = 0;
	m[17] = 19;
	m[18] = 4;
	for (n = 0; n < sizeof(m); n++) {
		struct rbuf r = rbuf_make(m, n);

		assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len,
					       &e),
				 -1);
		assert_int_equal(e.code, 0);
		assert_int_equal(rbuf_left(&r), n);
	}
}

/* ------------------------------------------------------------ seed 000 */

static void check_seed_open(const struct bgp_open *o, uint16_t as,
			    uint32_t id)
{
	assert_int_equal(o->version, 4);
	assert_int_equal(o->my_as, as);
	assert_int_equal(o->hold, 180);
	assert_int_equal(o->bgp_id, id);
	assert_false(o->ext_params);
	assert_true(o->caps.mp_seen);
	assert_true(o->caps.mp[BGP_AF_IPV4]);
	assert_true(o->caps.mp[BGP_AF_IPV6]);
	assert_int_equal(o->caps.mp_other, 0);
	assert_true(o->caps.rr);
	assert_true(o->caps.rr_old);
	assert_true(o->caps.as4);
	assert_int_equal(o->caps.as4_asn, as);
	assert_true(o->caps.gr);
	assert_int_equal(o->caps.gr_flags, 0);
	assert_int_equal(o->caps.gr_time, 120);
	assert_false(o->caps.gr_af[BGP_AF_IPV4]);
	assert_false(o->caps.gr_af[BGP_AF_IPV6]);
	assert_false(o->caps.ext_msg);
	assert_false(o->caps.enhanced_rr);
	assert_int_equal(o->caps.n_unknown, 0);
	assert_int_equal(o->caps.n_bad_len, 0);
	assert_int_equal(o->caps.n_dup, 0);
	assert_int_equal(msg_open_peer_as(o), as);
}

/* What okapi would send in Quagga's place: same bytes. */
static void build_seed_open(struct wbuf *w, uint32_t as, uint32_t id)
{
	struct bgp_open o;

	msg_open_init(&o, as, 180, id);
	o.caps.mp[BGP_AF_IPV4] = o.caps.mp[BGP_AF_IPV6] = true;
	build_open(w, &o, false);
}

static void test_seed_open_as1ra(void **state)
{
	uint8_t m[128];
	size_t n = hex_load("seed000_open_as1ra.hex", m, sizeof(m));
	struct bgp_open o;
	struct bgp_err e;
	struct wbuf w;

	(void)state;
	assert_int_equal(n, 67);
	assert_int_equal(parse_open(m, n, &o, &e), 0);
	check_seed_open(&o, 1, 0x00000002);
	/* as2rb's view: remote-as 1, eBGP. */
	assert_int_equal(msg_open_check(&o, 1, 2, 0x00000003, &e), 0);
	build_seed_open(&w, 1, 0x00000002);
	assert_int_equal(w.len, n);
	assert_memory_equal(w.buf, m, n);
	wbuf_free(&w);
}

/* One TCP segment holding as2rb's OPEN and a KEEPALIVE. */
static void test_seed_open_as2rb_stream(void **state)
{
	uint8_t m[128];
	size_t n = hex_load("seed000_open_as2rb_keepalive.hex", m, sizeof(m));
	struct rbuf r = rbuf_make(m, n), body;
	struct bgp_open o;
	struct bgp_err e;
	struct wbuf w;
	uint16_t len;
	uint8_t type;

	(void)state;
	assert_int_equal(n, 86);
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_OPEN);
	assert_int_equal(len, 67);
	assert_int_equal(rbuf_sub(&r, len - BGP_HDR_LEN, &body), 0);
	assert_int_equal(msg_open_parse(&body, &o, &e), 0);
	check_seed_open(&o, 2, 0x00000003);
	/* as1ra's view: remote-as 2, eBGP. */
	assert_int_equal(msg_open_check(&o, 2, 1, 0x00000002, &e), 0);
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_KEEPALIVE);
	assert_int_equal(len, 19);
	assert_int_equal(rbuf_left(&r), 0);

	build_seed_open(&w, 2, 0x00000003);
	msg_keepalive_build(&w);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, n);
	assert_memory_equal(w.buf, m, n);
	wbuf_free(&w);
}

/* ------------------------------------ real OPENs from FRR and BIRD */

static void load_open(const char *name, struct bgp_open *o, size_t want)
{
	uint8_t m[256];
	size_t n = hex_load(name, m, sizeof(m));
	struct bgp_err e;

	assert_int_equal(n, want);
	assert_int_equal(parse_open(m, n, o, &e), 0);
	assert_int_equal(e.code, 0);
	truncate_everywhere(m, n);
}

/* FRR 8.4.4, 4-byte AS, both encodings: the same content. */
static void test_real_open_frr(void **state)
{
	struct bgp_open o, x;
	struct bgp_err e;

	(void)state;
	load_open("frr844_open_as4.hex", &o, 119);
	assert_int_equal(o.my_as, BGP_AS_TRANS);
	assert_int_equal(o.hold, 180);
	assert_int_equal(o.bgp_id, 0x0a000001);
	assert_false(o.ext_params);
	assert_true(o.caps.mp[BGP_AF_IPV4] && o.caps.mp[BGP_AF_IPV6]);
	assert_true(o.caps.rr && o.caps.rr_old && o.caps.enhanced_rr);
	assert_true(o.caps.as4);
	assert_int_equal(msg_open_peer_as(&o), 4200000001u);
	assert_true(o.caps.ext_msg);
	assert_true(o.caps.addpath);
	assert_true(o.caps.fqdn);
	assert_string_equal(o.caps.fqdn_host, "okapicap");
	assert_string_equal(o.caps.fqdn_domain, "");
	assert_true(o.caps.gr);
	assert_int_equal(o.caps.gr_flags,
			 BGP_GR_FLAG_RESTART | BGP_GR_FLAG_NOTIFICATION);
	assert_int_equal(o.caps.gr_time, 120);
	assert_false(o.caps.gr_af[BGP_AF_IPV4] || o.caps.gr_af[BGP_AF_IPV6]);
	assert_int_equal(o.caps.n_unknown, 1);
	assert_int_equal(o.caps.unknown[0], BGP_CAP_LLGR);
	assert_int_equal(o.caps.n_bad_len + o.caps.n_dup, 0);
	assert_int_equal(msg_open_check(&o, 4200000001u, 65000, 0x0a000002,
					&e),
			 0);

	load_open("frr844_open_ext.hex", &x, 133);
	assert_true(x.ext_params);
	x.ext_params = false;
	assert_open_equal(&o, &x);
}

/* BIRD 2.0.12: every capability in one parameter. */
static void test_real_open_bird(void **state)
{
	struct bgp_open o;

	(void)state;
	load_open("bird2012_open.hex", &o, 61);
	assert_int_equal(o.my_as, 65002);
	assert_int_equal(o.hold, 240);
	assert_int_equal(o.bgp_id, 0x0a000003);
	assert_true(o.caps.mp[BGP_AF_IPV4] && o.caps.mp[BGP_AF_IPV6]);
	assert_true(o.caps.rr);
	assert_false(o.caps.rr_old);
	assert_true(o.caps.enhanced_rr && o.caps.ext_msg);
	assert_true(o.caps.as4);
	assert_int_equal(o.caps.as4_asn, 65002);
	assert_true(o.caps.gr);
	assert_int_equal(o.caps.gr_flags, 0);
	assert_int_equal(o.caps.gr_time, 120);
	assert_false(o.caps.fqdn || o.caps.addpath);
	assert_int_equal(o.caps.n_unknown, 1);
	assert_int_equal(o.caps.unknown[0], BGP_CAP_LLGR);
}

/* ------------------------------------------------ B: OPEN, fixed fields */

/* Catalogue 7. */
static void test_open_version(void **state)
{
	struct bgp_open o;
	struct bgp_err e;
	int rc;

	(void)state;
	rc = parse_open_vec(open_msg(3, 65001, 180, 1, "\x00", 1), &o, &e);
	expect_err(rc, &e, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION);
	expect_data(&e, "\x00\x04", 2);
	rc = parse_open_vec(open_msg(5, 65001, 180, 1, "\x00", 1), &o, &e);
	expect_err(rc, &e, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION);
}

/* Catalogue 8: data = the hold time, as FRR sends it. */
static void test_open_hold(void **state)
{
	struct bgp_open o;
	struct bgp_err e;
	int rc;

	(void)state;
	rc = parse_open_vec(open_msg(4, 65001, 1, 1, "\x00", 1), &o, &e);
	expect_err(rc, &e, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD);
	expect_data(&e, "\x00\x01", 2);
	rc = parse_open_vec(open_msg(4, 65001, 2, 1, "\x00", 1), &o, &e);
	expect_err(rc, &e, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD);
	expect_data(&e, "\x00\x02", 2);
	assert_int_equal(
		parse_open_vec(open_msg(4, 65001, 0, 1, "\x00", 1), &o, &e), 0);
	assert_int_equal(o.hold, 0);
	assert_int_equal(
		parse_open_vec(open_msg(4, 65001, 3, 1, "\x00", 1), &o, &e), 0);
	assert_int_equal(o.hold, 3);
	assert_int_equal(parse_open_vec(open_msg(4, 65001, 65535, 1, "\x00",
						 1),
					&o, &e),
			 0);
}

/* Catalogue 9. */
static void test_open_bgp_id(void **state)
{
	struct bgp_open o;
	struct bgp_err e;
	int rc;

	(void)state;
	rc = parse_open_vec(open_msg(4, 65001, 180, 0, "\x00", 1), &o, &e);
	expect_err(rc, &e, BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID);
	expect_data(&e, "\x00\x00\x00\x00", 4);

	/* iBGP peer (AS 65000 = ours) using our identifier 10.0.0.9. */
	rc = parse_open_vec(open_msg(4, 65000, 180, 0x0a000009, "\x00", 1), &o,
			    &e);
	assert_int_equal(rc, 0);
	expect_err(msg_open_check(&o, 65000, 65000, 0x0a000009, &e), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID);
	expect_data(&e, "\x0a\x00\x00\x09", 4);
	assert_int_equal(msg_open_check(&o, 65000, 65000, 0x0a000001, &e), 0);
	/* eBGP with our identifier is allowed (RFC 6286 2.2). */
	rc = parse_open_vec(open_msg(4, 65001, 180, 0x0a000009, "\x00", 1), &o,
			    &e);
	assert_int_equal(rc, 0);
	assert_int_equal(msg_open_check(&o, 65001, 65000, 0x0a000009, &e), 0);
}

/* The AS4 capability alone, as a Capabilities parameter. */
static int parse_as4(uint16_t my_as, uint32_t as4, struct bgp_open *o,
		     struct bgp_err *e)
{
	uint8_t t[] = { 8, 2, 6, 65, 4, (uint8_t)(as4 >> 24),
			(uint8_t)(as4 >> 16), (uint8_t)(as4 >> 8),
			(uint8_t)as4 };

	return parse_open_vec(open_msg(4, my_as, 180, 1, t, sizeof(t)), o, e);
}

/* Catalogue 10 and RFC 6793's accepted combinations. */
static void test_open_peer_as(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	/* My AS different from the configured remote-as: data = My AS. */
	assert_int_equal(parse_as4(65002, 65002, &o, &e), 0);
	expect_err(msg_open_check(&o, 65001, 65000, 1, &e), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_PEER_AS);
	expect_data(&e, "\xfd\xea", 2);
	assert_int_equal(msg_open_check(&o, 65002, 65000, 1, &e), 0);

	expect_err(parse_open_vec(open_msg(4, 0, 180, 1, "\x00", 1), &o, &e),
		   &e, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
	expect_data(&e, "\x00\x00", 2);

	expect_err(parse_as4(65001, 0, &o, &e), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_PEER_AS);
	expect_data(&e, "\x00\x00\x00\x00", 4);

	expect_err(parse_as4(BGP_AS_TRANS, BGP_AS_TRANS, &o, &e), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
	expect_data(&e, "\x00\x00\x5b\xa0", 4);

	expect_err(parse_as4(65001, 65002, &o, &e), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_PEER_AS);
	expect_data(&e, "\xfd\xe9", 2);
	expect_err(parse_as4(65001, 4200000001u, &o, &e), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_PEER_AS);

	/* Accepted: AS_TRANS + 4-byte AS, and AS_TRANS + a 2-byte AS4. */
	assert_int_equal(parse_as4(BGP_AS_TRANS, 4200000001u, &o, &e), 0);
	assert_int_equal(msg_open_peer_as(&o), 4200000001u);
	assert_int_equal(msg_open_check(&o, 4200000001u, 65000, 1, &e), 0);
	expect_err(msg_open_check(&o, BGP_AS_TRANS, 65000, 1, &e), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
	expect_data(&e, "\x5b\xa0", 2);
	assert_int_equal(parse_as4(BGP_AS_TRANS, 65001, &o, &e), 0);
	assert_int_equal(msg_open_peer_as(&o), 65001);

	/* AS_TRANS without the capability: accepted, the peer is 23456. */
	assert_int_equal(parse_open_vec(open_msg(4, BGP_AS_TRANS, 180, 1,
						 "\x00", 1),
					&o, &e),
			 0);
	assert_false(o.caps.as4);
	assert_int_equal(msg_open_peer_as(&o), BGP_AS_TRANS);
	assert_int_equal(msg_open_check(&o, BGP_AS_TRANS, 65000, 1, &e), 0);
	expect_err(msg_open_check(&o, 4200000001u, 65000, 1, &e), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
}

/* --------------------------------------- B: optional parameter framing */

/* Catalogue 11 (CVE-2022-43681 class). */
static void test_open_optlen_overrun(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	/* Opt Parm Len 10, 8 octets follow. */
	expect_err(TAIL(&o, &e, 10, 2, 6, 1, 4, 0, 1, 0, 1), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
	expect_data(&e, NULL, 0);
	/* The OPEN ends right after Opt Parm Len. */
	expect_err(TAIL(&o, &e, 8), &e, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	expect_err(TAIL(&o, &e, 255), &e, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	/* ... right after the capability code (parameter length 1). */
	expect_err(TAIL(&o, &e, 3, 2, 1, 65), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
	/* ... or after the parameter type. */
	expect_err(TAIL(&o, &e, 1, 2), &e, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	/* Parameter length past Opt Parm Len (but inside the message). */
	expect_err(TAIL(&o, &e, 2, 2, 6, 1, 4, 0, 1, 0, 1), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
	/* No parameters at all is fine. */
	assert_int_equal(TAIL(&o, &e, 0), 0);
	assert_false(o.caps.mp_seen);
}

/* Bytes after the parameters (Opt Parm Len too short): 2/0. */
static void test_open_trailing_bytes(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	expect_err(TAIL(&o, &e, 0, 0), &e, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	expect_err(TAIL(&o, &e, 4, 2, 2, 2, 0, 2, 2, 128, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
}

/* Catalogue 12 (CVE-2022-40302/40318) and a valid RFC 9072 OPEN. */
static void test_open_ext_params(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	expect_err(TAIL(&o, &e, 255, 255), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
	expect_err(TAIL(&o, &e, 255, 255, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
	/* Extended length 2: a parameter with only 2 of its 3 header
	 * octets. */
	expect_err(TAIL(&o, &e, 255, 255, 0, 2, 2, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
	/* A good parameter, then a 2-octet stub. */
	expect_err(TAIL(&o, &e, 255, 255, 0, 7, 2, 0, 2, 2, 0, 2, 0), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	/* Extended length running past the message. */
	expect_err(TAIL(&o, &e, 255, 255, 1, 0, 2, 0, 2, 2, 0), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	/* 2-octet parameter length running past the block. */
	expect_err(TAIL(&o, &e, 255, 255, 0, 5, 2, 0, 3, 2, 0), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	/* Valid: two parameters (route refresh; MP IPv6) with 2-octet
	 * lengths. */
	assert_int_equal(TAIL(&o, &e, 255, 255, 0, 14, 2, 0, 2, 2, 0, 2, 0, 6,
			      1, 4, 0, 2, 0, 1),
			 0);
	assert_true(o.ext_params);
	assert_true(o.caps.rr);
	assert_true(o.caps.mp[BGP_AF_IPV6]);
	assert_false(o.caps.mp[BGP_AF_IPV4]);
	/* An extended length of 0 is legal: no parameters. */
	assert_int_equal(TAIL(&o, &e, 255, 255, 0, 0), 0);
	assert_true(o.ext_params);
}

/* Catalogue 13: Non-Ext OP Len 255, first type 2: a classic 255-octet
 * block (one parameter: MP IPv4 + unknown 0x99 of 245 octets). */
static void test_open_ext_lookalike(void **state)
{
	uint8_t t[256] = { 255, 2, 253, 1, 4, 0, 1, 0, 1, 0x99, 245 };
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	assert_int_equal(parse_tail(t, sizeof(t), &o, &e), 0);
	assert_false(o.ext_params);
	assert_true(o.caps.mp[BGP_AF_IPV4]);
	assert_int_equal(o.caps.n_unknown, 1);
	assert_int_equal(o.caps.unknown[0], 0x99);
	/* Same block one octet short: the classic reading overruns. */
	expect_err(parse_tail(t, sizeof(t) - 1, &o, &e), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_UNSPEC);
}

/* Catalogue 14. */
static void test_open_cap_overrun(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	expect_err(TAIL(&o, &e, 8, 2, 6, 1, 0xff, 0, 1, 0, 1), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	expect_data(&e, NULL, 0);
	/* Second capability of a parameter overruns it. */
	expect_err(TAIL(&o, &e, 10, 2, 8, 2, 0, 65, 6, 0, 0, 0xfd, 0xe9), &e,
		   BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
}

/* Catalogue 15: wrong fixed lengths are ignored and noted, and the next
 * capability is still read from the right place. */
static void test_open_cap_bad_length(void **state)
{
	static const struct {
		uint8_t code;
		uint8_t len;
	} c[] = {
		{ BGP_CAP_MP, 3 },	{ BGP_CAP_MP, 5 },
		{ BGP_CAP_AS4, 2 },	{ BGP_CAP_GR, 3 },
		{ BGP_CAP_GR, 1 },	{ BGP_CAP_EXT_MSG, 1 },
		{ BGP_CAP_RR, 1 },	{ BGP_CAP_RR_OLD, 2 },
		{ BGP_CAP_ENHANCED_RR, 1 }, { BGP_CAP_ADDPATH, 3 },
		{ BGP_CAP_ADDPATH, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		/* bad cap (value: 1 2 3 ...), then MP IPv6 in one param */
		uint8_t t[64] = { 0, 2, 0, c[i].code, c[i].len };
		size_t n = 5, k;
		struct bgp_open o;
		struct bgp_err e;

		for (k = 0; k < c[i].len; k++)
			t[n++] = (uint8_t)(k + 1);
		memcpy(t + n, "\x01\x04\x00\x02\x00\x01", 6);
		n += 6;
		t[0] = (uint8_t)(n - 1);
		t[2] = (uint8_t)(n - 3);
		assert_int_equal(parse_tail(t, n, &o, &e), 0);
		assert_int_equal(e.code, 0);
		assert_int_equal(o.caps.n_bad_len, 1);
		assert_int_equal(o.caps.bad_len[0], c[i].code);
		assert_true(o.caps.mp[BGP_AF_IPV6]);
		assert_false(o.caps.mp[BGP_AF_IPV4]);
		assert_false(o.caps.as4);
		assert_false(o.caps.gr);
		assert_false(o.caps.ext_msg);
		assert_false(o.caps.rr);
		assert_false(o.caps.rr_old);
		assert_false(o.caps.enhanced_rr);
		assert_false(o.caps.addpath);
		assert_int_equal(o.caps.n_unknown, 0);
	}
}

/* Catalogue 16. */
static void test_open_unknown_and_duplicates(void **state)
{
	uint8_t t[64];
	struct bgp_open o;
	struct bgp_err e;
	size_t n = 0;
	int i;

	(void)state;
	assert_int_equal(TAIL(&o, &e, 5, 2, 3, 0x99, 1, 0xaa), 0);
	assert_int_equal(o.caps.n_unknown, 1);
	assert_int_equal(o.caps.unknown[0], 0x99);

	/* Ten different unknown codes (and one repeated): eight kept. */
	t[n++] = 0;
	t[n++] = 2;
	t[n++] = 0;
	for (i = 0; i < 10; i++) {
		t[n++] = (uint8_t)(200 + i);
		t[n++] = 0;
	}
	t[n++] = 200;
	t[n++] = 0;
	t[0] = (uint8_t)(n - 1);
	t[2] = (uint8_t)(n - 3);
	assert_int_equal(parse_tail(t, n, &o, &e), 0);
	assert_int_equal(o.caps.n_unknown, BGP_CAPS_MAX_UNKNOWN);
	for (i = 0; i < BGP_CAPS_MAX_UNKNOWN; i++)
		assert_int_equal(o.caps.unknown[i], 200 + i);

	/* Duplicate AS4 with different values: the first wins. */
	assert_int_equal(TAIL(&o, &e, 16, 2, 6, 65, 4, 0, 0, 0xfd, 0xe9, 2, 6,
			      65, 4, 0, 0, 0xfd, 0xea),
			 0);
	assert_int_equal(o.caps.as4_asn, 65001);
	assert_int_equal(o.caps.n_dup, 1);
	/* A first AS4 of the wrong length is absent: the second counts. */
	assert_int_equal(TAIL(&o, &e, 12, 2, 10, 65, 2, 0, 0, 65, 4, 0, 0,
			      0xfd, 0xe9),
			 0);
	assert_int_equal(o.caps.as4_asn, 65001);
	assert_int_equal(o.caps.n_dup, 0);
	assert_true(has_code(o.caps.bad_len, o.caps.n_bad_len, 65));
	/* Duplicate AS4 where the second is 0: ignored, no 2/2. */
	assert_int_equal(TAIL(&o, &e, 14, 2, 12, 65, 4, 0, 0, 0xfd, 0xe9, 65,
			      4, 0, 0, 0, 0),
			 0);
	/* Duplicate FQDN: first wins. */
	assert_int_equal(TAIL(&o, &e, 16, 2, 14, 73, 5, 2, 'r', '1', 1, 'x',
			      73, 5, 2, 'r', '2', 1, 'y'),
			 0);
	assert_string_equal(o.caps.fqdn_host, "r1");
	assert_string_equal(o.caps.fqdn_domain, "x");
	assert_int_equal(o.caps.n_dup, 1);
	/* Same MP family twice is harmless, not a duplicate. */
	assert_int_equal(TAIL(&o, &e, 16, 2, 6, 1, 4, 0, 1, 0, 1, 2, 6, 1, 4,
			      0, 1, 0, 1),
			 0);
	assert_true(o.caps.mp[BGP_AF_IPV4]);
	assert_int_equal(o.caps.n_dup, 0);
}

/* Catalogue 17. */
static void test_open_opt_param_type(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	expect_err(TAIL(&o, &e, 4, 1, 2, 0, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_OPT_PARAM);
	expect_data(&e, NULL, 0);
	expect_err(TAIL(&o, &e, 2, 3, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_OPT_PARAM);
	/* After a good Capabilities parameter too. */
	expect_err(TAIL(&o, &e, 6, 2, 2, 2, 0, 3, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_OPT_PARAM);
	/* RFC 9072 encoding as well. */
	expect_err(TAIL(&o, &e, 255, 255, 0, 3, 1, 0, 0), &e, BGP_ERR_OPEN,
		   BGP_ERR_OPEN_OPT_PARAM);
}

/* Catalogue 18: families we do not carry are counted and ignored. */
static void test_open_mp_unknown_family(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	assert_int_equal(TAIL(&o, &e, 8, 2, 6, 1, 4, 0xff, 0xff, 0, 1), 0);
	assert_true(o.caps.mp_seen);
	assert_int_equal(o.caps.mp_other, 1);
	assert_false(o.caps.mp[BGP_AF_IPV4]);
	assert_false(o.caps.mp[BGP_AF_IPV6]);
	/* IPv4 multicast (SAFI 2) and IPv6 unicast: one common family. */
	assert_int_equal(TAIL(&o, &e, 16, 2, 6, 1, 4, 0, 1, 0, 2, 2, 6, 1, 4,
			      0, 2, 0, 1),
			 0);
	assert_int_equal(o.caps.mp_other, 1);
	assert_false(o.caps.mp[BGP_AF_IPV4]);
	assert_true(o.caps.mp[BGP_AF_IPV6]);
}

/* Several capabilities in one parameter, and several parameters. */
static void test_open_param_layouts(void **state)
{
	struct bgp_open a, b;
	struct bgp_err e;

	(void)state;
	assert_int_equal(TAIL(&a, &e, 24, 2, 22, 1, 4, 0, 1, 0, 1, 1, 4, 0, 2,
			      0, 1, 2, 0, 128, 0, 65, 4, 0, 0, 0xfd, 0xe9),
			 0);
	assert_int_equal(TAIL(&b, &e, 30, 2, 6, 1, 4, 0, 1, 0, 1, 2, 6, 1, 4,
			      0, 2, 0, 1, 2, 4, 2, 0, 128, 0, 2, 6, 65, 4, 0,
			      0, 0xfd, 0xe9),
			 0);
	assert_open_equal(&a, &b);
	assert_true(a.caps.mp[BGP_AF_IPV4] && a.caps.mp[BGP_AF_IPV6]);
	assert_true(a.caps.rr && a.caps.rr_old && a.caps.as4);
	/* An empty Capabilities parameter is legal. */
	assert_int_equal(TAIL(&a, &e, 2, 2, 0), 0);
}

/* RFC 4724 3 in full. */
static void test_open_gr(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	/* R bit, 90 s, IPv4 F, IPv4 multicast (ignored), IPv6 no F. */
	assert_int_equal(TAIL(&o, &e, 18, 2, 16, 64, 14, 0x80, 90, 0, 1, 1,
			      0x80, 0, 1, 2, 0x80, 0, 2, 1, 0),
			 0);
	assert_true(o.caps.gr);
	assert_int_equal(o.caps.gr_flags, BGP_GR_FLAG_RESTART);
	assert_int_equal(o.caps.gr_time, 90);
	assert_true(o.caps.gr_af[BGP_AF_IPV4]);
	assert_int_equal(o.caps.gr_af_flags[BGP_AF_IPV4], BGP_GR_AF_FORWARDING);
	assert_true(o.caps.gr_af[BGP_AF_IPV6]);
	assert_int_equal(o.caps.gr_af_flags[BGP_AF_IPV6], 0);
	/* Maximum time 4095 and the N bit. */
	assert_int_equal(TAIL(&o, &e, 6, 2, 4, 64, 2, 0x4f, 0xff), 0);
	assert_int_equal(o.caps.gr_flags, BGP_GR_FLAG_NOTIFICATION);
	assert_int_equal(o.caps.gr_time, 4095);
}

/* FQDN: names are bounded and made printable. */
static void test_open_fqdn(void **state)
{
	uint8_t t[200] = { 0, 2, 0, 73, 0, 70 };
	struct bgp_open o;
	struct bgp_err e;
	size_t n = 6;
	int i;

	(void)state;
	assert_int_equal(TAIL(&o, &e, 10, 2, 8, 73, 6, 3, 'r', '\n', '1', 1,
			      'z'),
			 0);
	assert_true(o.caps.fqdn);
	assert_string_equal(o.caps.fqdn_host, "r?1");
	assert_string_equal(o.caps.fqdn_domain, "z");
	/* No domain part at all (older speakers). */
	assert_int_equal(TAIL(&o, &e, 6, 2, 4, 73, 2, 1, 'h'), 0);
	assert_string_equal(o.caps.fqdn_host, "h");
	assert_string_equal(o.caps.fqdn_domain, "");
	/* Host length past the capability: ignored and noted. */
	assert_int_equal(TAIL(&o, &e, 6, 2, 4, 73, 2, 9, 'h'), 0);
	assert_false(o.caps.fqdn);
	assert_true(has_code(o.caps.bad_len, o.caps.n_bad_len, 73));
	/* A 70-octet host name is cut at 64. */
	for (i = 0; i < 70; i++)
		t[n++] = 'a';
	t[n++] = 0;
	t[4] = (uint8_t)(n - 5);
	t[2] = (uint8_t)(n - 3);
	t[0] = (uint8_t)(n - 1);
	assert_int_equal(parse_tail(t, n, &o, &e), 0);
	assert_int_equal(strlen(o.caps.fqdn_host), 64);
}

static void test_open_addpath_enhanced(void **state)
{
	struct bgp_open o;
	struct bgp_err e;

	(void)state;
	assert_int_equal(TAIL(&o, &e, 10, 2, 8, 69, 4, 0, 1, 1, 3, 70, 0), 0);
	assert_true(o.caps.addpath);
	assert_true(o.caps.enhanced_rr);
	assert_int_equal(o.caps.n_unknown, 0);
}

/* ---------------------------------------------- truncation at every byte */

static void truncate_everywhere(const uint8_t *m, size_t n)
{
	uint8_t *copy;
	size_t k;

	for (k = 0; k < n; k++) {
		struct bgp_open o;
		struct bgp_err e;
		struct rbuf body;

		/* The prefix as a whole message (length field = k). */
		copy = malloc(k ? k : 1);
		assert_non_null(copy);
		memcpy(copy, m, k);
		if (k >= 18) {
			copy[16] = (uint8_t)(k >> 8);
			copy[17] = (uint8_t)k;
		}
		assert_int_equal(parse_open(copy, k, &o, &e), -1);
		if (k >= BGP_HDR_LEN)
			assert_int_not_equal(e.code, 0);
		free(copy);
		/* The body prefix alone, in an exact-size heap block so that
		 * ASan sees any read past it. */
		if (k < BGP_HDR_LEN)
			continue;
		copy = malloc(k - BGP_HDR_LEN ? k - BGP_HDR_LEN : 1);
		assert_non_null(copy);
		memcpy(copy, m + BGP_HDR_LEN, k - BGP_HDR_LEN);
		body = rbuf_make(copy, k - BGP_HDR_LEN);
		assert_int_equal(msg_open_parse(&body, &o, &e), -1);
		assert_int_equal(e.code, BGP_ERR_OPEN);
		free(copy);
	}
}

static void test_open_truncation(void **state)
{
	uint8_t m[128];
	size_t n = hex_load("seed000_open_as1ra.hex", m, sizeof(m));
	struct bgp_open o;
	struct bgp_err e;
	struct wbuf w;

	(void)state;
	truncate_everywhere(m, n);
	/* A richer one, classic and RFC 9072. */
	typical_open(&o, 4200000001u);
	o.caps.ext_msg = o.caps.enhanced_rr = o.caps.fqdn = true;
	strcpy(o.caps.fqdn_host, "okapi");
	strcpy(o.caps.fqdn_domain, "example.net");
	build_open(&w, &o, false);
	assert_int_equal(parse_open(w.buf, w.len, &o, &e), 0);
	truncate_everywhere(w.buf, w.len);
	wbuf_free(&w);
	build_open(&w, &o, true);
	assert_int_equal(parse_open(w.buf, w.len, &o, &e), 0);
	truncate_everywhere(w.buf, w.len);
	wbuf_free(&w);
}

/* ----------------------------------------------- builders, round trips */

static void round_trip(const struct bgp_open *in, bool force_ext)
{
	struct bgp_open out;
	struct bgp_err e;
	struct wbuf w;

	build_open(&w, in, force_ext);
	assert_int_equal(parse_open(w.buf, w.len, &out, &e), 0);
	assert_int_equal(out.ext_params, force_ext || in->ext_params);
	out.ext_params = in->ext_params;
	assert_open_equal(in, &out);
	wbuf_free(&w);
}

static void test_open_round_trips(void **state)
{
	struct bgp_open o;

	(void)state;
	typical_open(&o, 65000);
	round_trip(&o, false);
	round_trip(&o, true);
	typical_open(&o, 4200000001u);
	round_trip(&o, false);
	o.caps.gr_flags = BGP_GR_FLAG_RESTART | BGP_GR_FLAG_NOTIFICATION;
	o.caps.gr_time = 4095;
	o.caps.gr_af_flags[BGP_AF_IPV6] = BGP_GR_AF_FORWARDING;
	o.caps.ext_msg = o.caps.enhanced_rr = true;
	o.caps.fqdn = true;
	strcpy(o.caps.fqdn_host, "as1ra");
	strcpy(o.caps.fqdn_domain, "");
	o.hold = 0;
	round_trip(&o, false);
	o.ext_params = true;
	round_trip(&o, false);
	/* Only IPv6, no graceful restart, no route refresh, 2-byte AS. */
	msg_open_init(&o, 3, 90, 0x00000004);
	o.caps.mp[BGP_AF_IPV6] = o.caps.mp_seen = true;
	o.caps.gr = o.caps.rr = o.caps.rr_old = false;
	o.caps.gr_time = 0;
	round_trip(&o, false);
	/* Nothing at all: Opt Parm Len 0. */
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = 65001;
	o.bgp_id = 1;
	round_trip(&o, false);
	round_trip(&o, true);
}

static bool contains(const struct wbuf *w, const void *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= w->len; i++)
		if (memcmp(w->buf + i, needle, n) == 0)
			return true;
	return false;
}

/* The capability codes of a built OPEN, in order (classic encoding). */
static size_t cap_codes(const struct wbuf *w, uint8_t *codes, size_t max)
{
	struct rbuf r = rbuf_make(w->buf + 29, w->len - 29);
	size_t n = 0;
	uint8_t type = 0, plen = 0, code = 0, clen = 0;

	assert_int_equal(w->buf[28], w->len - 29);
	while (rbuf_left(&r)) {
		assert_int_equal(rbuf_u8(&r, &type), 0);
		assert_int_equal(type, BGP_OPT_CAPA);
		assert_int_equal(rbuf_u8(&r, &plen), 0);
		assert_int_equal(rbuf_u8(&r, &code), 0);
		assert_int_equal(rbuf_u8(&r, &clen), 0);
		assert_int_equal(plen, clen + 2);	/* one cap per param */
		assert_int_equal(rbuf_skip(&r, clen), 0);
		assert_true(n < max);
		codes[n++] = code;
	}
	return n;
}

static void test_open_build_order_and_as_trans(void **state)
{
	const uint8_t quagga[] = { 1, 1, 128, 2, 65, 64 };
	const uint8_t all[] = { 1, 1, 128, 2, 65, 64, 70, 6, 73 };
	uint8_t codes[16];
	struct bgp_open o;
	struct wbuf w;

	(void)state;
	typical_open(&o, 4200000001u);
	build_open(&w, &o, false);
	assert_int_equal(w.buf[18], BGP_MSG_OPEN);
	assert_memory_equal(w.buf + 19, "\x04\x5b\xa0\x00\xb4\x0a\x00\x00\x01",
			    9);
	assert_int_equal(cap_codes(&w, codes, sizeof(codes)), sizeof(quagga));
	assert_memory_equal(codes, quagga, sizeof(quagga));
	/* AS4 value and GR with both families, no F bit. */
	assert_true(contains(&w, "\x41\x04\xfa\x56\xea\x01", 6));
	assert_true(contains(&w, "\x40\x0a\x00\x78\x00\x01\x01\x00"
				 "\x00\x02\x01\x00",
			     12));
	wbuf_free(&w);

	/* Extended message only when asked for. */
	o.caps.ext_msg = o.caps.enhanced_rr = o.caps.fqdn = true;
	strcpy(o.caps.fqdn_host, "r1");
	build_open(&w, &o, false);
	assert_int_equal(cap_codes(&w, codes, sizeof(codes)), sizeof(all));
	assert_memory_equal(codes, all, sizeof(all));
	wbuf_free(&w);

	/* A 2-byte AS is written as is; a stale my_as is fixed for a 4-byte
	 * AS. */
	msg_open_init(&o, 65535, 180, 1);
	assert_int_equal(o.my_as, 65535);
	o.caps.as4_asn = 65536;
	o.my_as = 1;
	build_open(&w, &o, false);
	assert_memory_equal(w.buf + 20, "\x5b\xa0", 2);
	wbuf_free(&w);
}

/* The RFC 9072 layout as written. */
static void test_open_build_ext_layout(void **state)
{
	struct bgp_open o;
	struct wbuf w;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.my_as = 1;
	o.bgp_id = 2;
	o.hold = 180;
	o.caps.rr = true;
	build_open(&w, &o, true);
	/* 255, 255, ext len 5, param type 2, len 0x0002, cap 2 len 0 */
	assert_int_equal(w.len, 29 + 3 + 5);
	assert_memory_equal(w.buf + 28, "\xff\xff\x00\x05\x02\x00\x02\x02\x00",
			    9);
	assert_int_equal(w.buf[17], w.len);
	wbuf_free(&w);
}

/* An OPEN that cannot fit its wbuf fails cleanly. */
static void test_open_build_limit(void **state)
{
	struct bgp_open o;
	struct wbuf w;

	(void)state;
	typical_open(&o, 65000);
	wbuf_init(&w, 40);
	msg_open_build(&w, &o, false);
	assert_false(wbuf_ok(&w));
	wbuf_free(&w);
}

/* ----------------------------------- KEEPALIVE, begin/finish, NOTIFY */

static void test_keepalive_and_framing(void **state)
{
	static const uint8_t ka[19] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					0xff, 0xff, 0xff, 0xff, 0, 19, 4 };
	struct wbuf w;
	size_t off;

	(void)state;
	wbuf_init(&w, 0);
	msg_keepalive_build(&w);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, 19);
	assert_memory_equal(w.buf, ka, 19);
	/* A second message after it: its own length, its own offset. */
	off = msg_begin(&w, BGP_MSG_UPDATE);
	assert_int_equal(off, 19);
	wbuf_u32(&w, 0);
	msg_finish(&w, off);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, 42);
	assert_int_equal(w.buf[19 + 17], 23);
	assert_int_equal(w.buf[19 + 18], BGP_MSG_UPDATE);
	/* Finishing at a bogus offset is an error, not a scribble. */
	msg_finish(&w, 100);
	assert_false(wbuf_ok(&w));
	wbuf_free(&w);
}

static void test_notification_build_parse(void **state)
{
	uint8_t big[5000], code, sub;
	struct rbuf r, body, data;
	struct bgp_err e;
	struct wbuf w;
	uint16_t len;
	uint8_t type;

	(void)state;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_notification_build(&w, BGP_ERR_HOLD, 0, NULL, 0);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, 21);
	assert_memory_equal(w.buf + 16, "\x00\x15\x03\x04\x00", 5);
	wbuf_reset(&w);

	msg_notification_build(&w, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION,
			       (const uint8_t *)"\x00\x04", 2);
	r = rbuf_make(w.buf, w.len);
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_NOTIFICATION);
	assert_int_equal(len, 23);
	body = rbuf_make(rbuf_ptr(&r), len - BGP_HDR_LEN);
	assert_int_equal(msg_notification_parse(&body, &code, &sub, &data), 0);
	assert_int_equal(code, 2);
	assert_int_equal(sub, 1);
	assert_int_equal(rbuf_left(&data), 2);
	assert_memory_equal(rbuf_ptr(&data), "\x00\x04", 2);
	wbuf_reset(&w);

	/* Data cut so that the message is exactly 4096. */
	memset(big, 0xab, sizeof(big));
	msg_notification_build(&w, BGP_ERR_UPDATE, 1, big, sizeof(big));
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, BGP_MAX_LEN);
	assert_memory_equal(w.buf + 16, "\x10\x00", 2);
	wbuf_free(&w);

	/* A body shorter than code + subcode. */
	body = rbuf_make((const uint8_t *)"\x06", 1);
	assert_int_equal(msg_notification_parse(&body, &code, &sub, &data), -1);
}

static void test_notify_log_fmt(void **state)
{
	char buf[256], small[40];
	uint8_t data[4] = { 0x00, 0x04, 0xab, 0xff };
	size_t n;

	(void)state;
	n = msg_notify_log_fmt(buf, sizeof(buf), true, "10.34.0.4", 4, 0,
			       NULL, 0);
	assert_string_equal(buf, "%NOTIFICATION: sent to neighbor 10.34.0.4 "
				 "4/0 (Hold Timer Expired) 0 bytes ");
	assert_int_equal(n, strlen(buf));
	msg_notify_log_fmt(buf, sizeof(buf), false, "10.23.0.2", 6, 2, NULL,
			   0);
	assert_string_equal(buf, "%NOTIFICATION: received from neighbor "
				 "10.23.0.2 6/2 (Cease/Administratively "
				 "Shutdown) 0 bytes ");
	msg_notify_log_fmt(buf, sizeof(buf), true, "2001:12::b", 2, 1, data,
			   2);
	assert_string_equal(buf, "%NOTIFICATION: sent to neighbor 2001:12::b "
				 "2/1 (OPEN Message Error/Unsupported Version "
				 "Number) 2 bytes 00 04");
	msg_notify_log_fmt(buf, sizeof(buf), true, "h", 1, 2, data, 4);
	assert_string_equal(buf, "%NOTIFICATION: sent to neighbor h 1/2 "
				 "(Message Header Error/Bad Message Length) 4 "
				 "bytes 00 04 ab ff");
	msg_notify_log_fmt(buf, sizeof(buf), false, "h", 9, 9, NULL, 0);
	assert_string_equal(buf, "%NOTIFICATION: received from neighbor h 9/9 "
				 "(Unrecognized Error Code) 0 bytes ");
	/* Cut to the buffer, never past it. */
	memset(small, 'Z', sizeof(small));
	n = msg_notify_log_fmt(small, 30, true, "10.0.0.1", 2, 1, data, 4);
	assert_int_equal(n, 29);
	assert_int_equal(strlen(small), 29);
	assert_int_equal(small[30], 'Z');
	memset(small, 'Z', sizeof(small));
	assert_int_equal(msg_notify_log_fmt(small, 0, true, "x", 4, 0, NULL,
					    0),
			 0);
	assert_int_equal(small[0], 'Z');
}

/* -------------------------------------------- RFC 9003 shutdown message */

static enum msg_shut shut(uint8_t sub, const void *d, size_t n, char *out,
			  size_t outsz)
{
	struct rbuf r = rbuf_make(d, n);

	return msg_shutdown_text(BGP_ERR_CEASE, sub, &r, out, outsz);
}

static void test_shutdown_text(void **state)
{
	uint8_t d[300];
	char out[256], tiny[6];
	struct rbuf r;

	(void)state;
	assert_int_equal(shut(2, "\x05maint", 6, out, sizeof(out)),
			 MSG_SHUT_TEXT);
	assert_string_equal(out, "maint");
	assert_int_equal(shut(4, "\x06r\xc3\xa9set", 7, out, sizeof(out)),
			 MSG_SHUT_TEXT);
	assert_string_equal(out, "r\xc3\xa9set");
	/* Trailing octets after the text are ignored. */
	assert_int_equal(shut(2, "\x02okXX", 5, out, sizeof(out)),
			 MSG_SHUT_TEXT);
	assert_string_equal(out, "ok");
	/* Length octet past the data (BIRD CVE-2019-16159's shape). */
	assert_int_equal(shut(2, "\x0a" "abc", 4, out, sizeof(out)),
			 MSG_SHUT_OVERRUN);
	assert_string_equal(out, "");
	assert_int_equal(shut(2, "\xff", 1, out, sizeof(out)),
			 MSG_SHUT_OVERRUN);
	/* Not UTF-8. */
	assert_int_equal(shut(2, "\x02\xc3\x28", 3, out, sizeof(out)),
			 MSG_SHUT_BAD_UTF8);
	assert_int_equal(shut(2, "\x02\xc0\x80", 3, out, sizeof(out)),
			 MSG_SHUT_BAD_UTF8);
	assert_string_equal(out, "");
	/* Nothing to say. */
	assert_int_equal(shut(2, "", 0, out, sizeof(out)), MSG_SHUT_NONE);
	assert_int_equal(shut(2, "\x00", 1, out, sizeof(out)), MSG_SHUT_NONE);
	assert_int_equal(shut(3, "\x02ok", 3, out, sizeof(out)),
			 MSG_SHUT_NONE);
	r = rbuf_make((const uint8_t *)"\x02ok", 3);
	assert_int_equal(msg_shutdown_text(BGP_ERR_HOLD, 2, &r, out,
					   sizeof(out)),
			 MSG_SHUT_NONE);
	/* Hard Reset wrapping an Administrative Shutdown (RFC 8538). */
	assert_int_equal(shut(9, "\x02\x02ok", 4, out, sizeof(out)),
			 MSG_SHUT_TEXT);
	assert_string_equal(out, "ok");
	/* A newline cannot forge a log line. */
	assert_int_equal(shut(2, "\x03" "a\nb", 4, out, sizeof(out)),
			 MSG_SHUT_TEXT);
	assert_string_equal(out, "a?b");
	/* A small buffer cuts on a character boundary: "ab" + U+00E9. */
	memset(tiny, 'Z', sizeof(tiny));
	assert_int_equal(shut(2, "\x05" "abc\xc3\xa9", 6, tiny, 5),
			 MSG_SHUT_TEXT);
	assert_string_equal(tiny, "abc");
	assert_int_equal(tiny[5], 'Z');
	/* The longest: 255 octets. */
	d[0] = 255;
	memset(d + 1, 'x', 255);
	assert_int_equal(shut(2, d, 256, out, sizeof(out)), MSG_SHUT_TEXT);
	assert_int_equal(strlen(out), 255);
}

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} c[] = {
		{ "plain", true },
		{ "\xc3\xa9", true },
		{ "\xe2\x82\xac", true },
		{ "\xf0\x9f\x98\x80", true },
		{ "\xf4\x8f\xbf\xbf", true },	/* U+10FFFF */
		{ "\xc3", false },		/* cut */
		{ "\xe2\x82", false },
		{ "\x80", false },		/* lone continuation */
		{ "\xc1\xbf", false },		/* overlong */
		{ "\xe0\x80\xaf", false },	/* overlong */
		{ "\xed\xa0\x80", false },	/* surrogate */
		{ "\xf4\x90\x80\x80", false },	/* above U+10FFFF */
		{ "\xf5\x80\x80\x80", false },
		{ "\xff", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		assert_int_equal(msg_utf8_valid((const uint8_t *)c[i].s,
						strlen(c[i].s)),
				 c[i].ok);
	assert_int_equal(msg_utf8_trunc("abc\xe2\x82\xac", 6, 5), 3);
	assert_int_equal(msg_utf8_trunc("abc\xe2\x82\xac", 6, 6), 6);
	assert_int_equal(msg_utf8_trunc("abc\xe2\x82\xac", 6, 3), 3);
	assert_int_equal(msg_utf8_trunc("abcdef", 6, 4), 4);
}

static void test_shutdown_build(void **state)
{
	char text[400], out[256];
	uint8_t data[1 + BGP_SHUTDOWN_MSG_MAX], code, sub;
	struct rbuf r, body, d;
	struct bgp_err e;
	struct wbuf w;
	uint16_t len;
	uint8_t type;

	(void)state;
	/* 254 ASCII then U+00E9: the two-octet character is left out. */
	memset(text, 'a', 254);
	strcpy(text + 254, "\xc3\xa9tail");
	assert_int_equal(msg_shutdown_data(text, data), 255);
	assert_int_equal(data[0], 254);
	/* 300 ASCII: cut at 255. */
	memset(text, 'b', 300);
	text[300] = '\0';
	assert_int_equal(msg_shutdown_data(text, data), 256);
	assert_int_equal(data[0], 255);

	/* Whole message, through the parsers. */
	wbuf_init(&w, BGP_MAX_LEN);
	msg_notification_shutdown_build(&w, BGP_CEASE_ADMIN_SHUTDOWN,
					"maintenance \xe2\x80\x94 back soon");
	assert_true(wbuf_ok(&w));
	r = rbuf_make(w.buf, w.len);
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	body = rbuf_make(rbuf_ptr(&r), len - BGP_HDR_LEN);
	assert_int_equal(msg_notification_parse(&body, &code, &sub, &d), 0);
	assert_int_equal(sub, BGP_CEASE_ADMIN_SHUTDOWN);
	assert_int_equal(msg_shutdown_text(code, sub, &d, out, sizeof(out)),
			 MSG_SHUT_TEXT);
	assert_string_equal(out, "maintenance \xe2\x80\x94 back soon");
	wbuf_reset(&w);
	/* No text: a plain 6/2. */
	msg_notification_shutdown_build(&w, BGP_CEASE_ADMIN_SHUTDOWN, "");
	assert_int_equal(w.len, 21);
	wbuf_free(&w);
}

/* ------------------------------------------------------ ROUTE-REFRESH */

static void test_route_refresh(void **state)
{
	static const uint8_t want[] = { 0x00, 0x17, 0x05, 0x00, 0x02, 0x01,
					0x01 };
	struct rbuf r, body;
	struct bgp_err e;
	struct wbuf w;
	uint16_t len, afi;
	uint8_t type, safi, st;

	(void)state;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_route_refresh_build(&w, BGP_AFI_IPV6, BGP_SAFI_UNICAST, 1);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, 23);
	assert_memory_equal(w.buf + 16, want, sizeof(want));
	r = rbuf_make(w.buf, w.len);
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e), 0);
	assert_int_equal(type, BGP_MSG_ROUTE_REFRESH);
	body = rbuf_make(rbuf_ptr(&r), len - BGP_HDR_LEN);
	assert_int_equal(msg_route_refresh_parse(&body, &afi, &safi, &st, &e),
			 0);
	assert_int_equal(afi, BGP_AFI_IPV6);
	assert_int_equal(safi, BGP_SAFI_UNICAST);
	assert_int_equal(st, 1);
	wbuf_free(&w);
	/* A body of the wrong size reaching the parser: 1/2 with the
	 * length. */
	body = rbuf_make((const uint8_t *)"\x00\x01\x00", 3);
	expect_err(msg_route_refresh_parse(&body, &afi, &safi, &st, &e), &e,
		   BGP_ERR_HEADER, BGP_ERR_HDR_LEN);
	expect_data(&e, "\x00\x16", 2);
	/* Catalogue 68: a 24-octet ROUTE-REFRESH without ORF is 7/1
	 * Invalid Message Length (RFC 7313 5), with the message body. */
	body = rbuf_make((const uint8_t *)"\x00\x01\x00\x01\x00", 5);
	expect_err(msg_route_refresh_parse(&body, &afi, &safi, &st, &e), &e,
		   BGP_ERR_RR, BGP_ERR_RR_LEN);
	expect_data(&e, "\x00\x01\x00\x01\x00", 5);
}

/* ------------------------------------------------------ UPDATE framing */

static void test_update_split(void **state)
{
	/* The catalogue's baseline body. */
	static const uint8_t base[] = {
		0x00, 0x00, 0x00, 0x14, 0x40, 0x01, 0x01, 0x00, 0x40, 0x02,
		0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, 0x40, 0x03, 0x04,
		0x7f, 0x00, 0x00, 0x02, 0x18, 0x0a, 0x09, 0x00,
	};
	struct rbuf body, wd, at, nl;
	struct bgp_err e;

	(void)state;
	assert_int_equal(sizeof(base) + 19, 0x2f);
	body = rbuf_make(base, sizeof(base));
	assert_int_equal(msg_update_split(&body, &wd, &at, &nl, &e), 0);
	assert_int_equal(rbuf_left(&wd), 0);
	assert_int_equal(rbuf_left(&at), 0x14);
	assert_ptr_equal(rbuf_ptr(&at), base + 4);
	assert_int_equal(rbuf_left(&nl), 4);
	assert_memory_equal(rbuf_ptr(&nl), "\x18\x0a\x09\x00", 4);
	/* End-of-RIB: all empty. */
	body = rbuf_make((const uint8_t *)"\x00\x00\x00\x00", 4);
	assert_int_equal(msg_update_split(&body, &wd, &at, &nl, &e), 0);
	assert_int_equal(rbuf_left(&wd) + rbuf_left(&at) + rbuf_left(&nl), 0);
	/* Withdrawn routes: 2 octets of 10.9/16 style data. */
	body = rbuf_make((const uint8_t *)"\x00\x02\x08\x0a\x00\x00", 6);
	assert_int_equal(msg_update_split(&body, &wd, &at, &nl, &e), 0);
	assert_int_equal(rbuf_left(&wd), 2);
	/* Overruns: 3/1, no data. */
	body = rbuf_make((const uint8_t *)"\x00\x05\x08\x0a\x00\x00", 6);
	expect_err(msg_update_split(&body, &wd, &at, &nl, &e), &e,
		   BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
	expect_data(&e, NULL, 0);
	{
		uint8_t bad[sizeof(base)];

		memcpy(bad, base, sizeof(base));
		bad[3] = 0x19;	/* attrs 25 > 24 left */
		body = rbuf_make(bad, sizeof(bad));
		expect_err(msg_update_split(&body, &wd, &at, &nl, &e), &e,
			   BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
		expect_data(&e, NULL, 0);
	}
	body = rbuf_make((const uint8_t *)"\x00", 1);
	expect_err(msg_update_split(&body, &wd, &at, &nl, &e), &e,
		   BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
	body = rbuf_make((const uint8_t *)"\x00\x00\x00", 3);
	expect_err(msg_update_split(&body, &wd, &at, &nl, &e), &e,
		   BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
}

/* --------------------------------------------------------------- texts */

static void test_text_tables(void **state)
{
	static const char *const open_s[] = {
		"/Unspecific", "/Unsupported Version Number", "/Bad Peer AS",
		"/Bad BGP Identifier", "/Unsupported Optional Parameter",
		"/Authentication Failure", "/Unacceptable Hold Time",
		"/Unsupported Capability",
	};
	static const char *const upd_s[] = {
		"/Unspecific", "/Malformed Attribute List",
		"/Unrecognized Well-known Attribute",
		"/Missing Well-known Attribute", "/Attribute Flags Error",
		"/Attribute Length Error", "/Invalid ORIGIN Attribute",
		"/AS Routing Loop", "/Invalid NEXT_HOP Attribute",
		"/Optional Attribute Error", "/Invalid Network Field",
		"/Malformed AS_PATH",
	};
	static const char *const cease_s[] = {
		"/Unspecific", "/Maximum Number of Prefixes Reached",
		"/Administratively Shutdown", "/Peer Unconfigured",
		"/Administratively Reset", "/Connection Rejected",
		"/Other Configuration Change",
		"/Connection collision resolution", "/Out of Resource",
	};
	static const char *const cap_s[] = {
		"/Unspecific", "/Invalid Action Value",
		"/Invalid Capability Length", "/Malformed Capability Value",
	};
	const char *unrec = "Unrecognized Error Subcode";
	unsigned i;

	(void)state;
	assert_string_equal(msg_err_code_str(1), "Message Header Error");
	assert_string_equal(msg_err_code_str(2), "OPEN Message Error");
	assert_string_equal(msg_err_code_str(3), "UPDATE Message Error");
	assert_string_equal(msg_err_code_str(4), "Hold Timer Expired");
	assert_string_equal(msg_err_code_str(5), "Finite State Machine Error");
	assert_string_equal(msg_err_code_str(6), "Cease");
	assert_string_equal(msg_err_code_str(7), "CAPABILITY Message Error");
	assert_string_equal(msg_err_code_str(0), "Unrecognized Error Code");
	assert_string_equal(msg_err_code_str(8), "Unrecognized Error Code");
	assert_string_equal(msg_err_code_str(255), "Unrecognized Error Code");

	assert_string_equal(msg_err_subcode_str(1, 1),
			    "/Connection Not Synchronized");
	assert_string_equal(msg_err_subcode_str(1, 2), "/Bad Message Length");
	assert_string_equal(msg_err_subcode_str(1, 3), "/Bad Message Type");
	assert_string_equal(msg_err_subcode_str(1, 0), unrec);
	assert_string_equal(msg_err_subcode_str(1, 4), unrec);
	for (i = 0; i < 8; i++)
		assert_string_equal(msg_err_subcode_str(2, i), open_s[i]);
	assert_string_equal(msg_err_subcode_str(2, 11), unrec);
	for (i = 0; i < 12; i++)
		assert_string_equal(msg_err_subcode_str(3, i), upd_s[i]);
	assert_string_equal(msg_err_subcode_str(3, 12), unrec);
	for (i = 0; i < 9; i++)
		assert_string_equal(msg_err_subcode_str(6, i), cease_s[i]);
	assert_string_equal(msg_err_subcode_str(6, 9), unrec);
	for (i = 0; i < 4; i++)
		assert_string_equal(msg_err_subcode_str(7, i), cap_s[i]);
	assert_string_equal(msg_err_subcode_str(7, 4), unrec);
	assert_string_equal(msg_err_subcode_str(4, 0), "");
	assert_string_equal(msg_err_subcode_str(4, 7), "");
	assert_string_equal(msg_err_subcode_str(5, 0), "");
	assert_string_equal(msg_err_subcode_str(5, 3), "");
	assert_string_equal(msg_err_subcode_str(8, 0), "");
	assert_string_equal(msg_err_subcode_str(200, 1), "");

	assert_string_equal(msg_type_str(1), "OPEN");
	assert_string_equal(msg_type_str(2), "UPDATE");
	assert_string_equal(msg_type_str(3), "NOTIFICATION");
	assert_string_equal(msg_type_str(4), "KEEPALIVE");
	assert_string_equal(msg_type_str(5), "ROUTE-REFRESH");
	assert_string_equal(msg_type_str(6), "CAPABILITY");
	assert_string_equal(msg_type_str(0), "UNKNOWN");
	assert_string_equal(msg_type_str(99), "UNKNOWN");
}

static void test_err_helpers(void **state)
{
	struct bgp_err e;
	const uint8_t nine[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

	(void)state;
	bgp_err_set_inl(&e, 6, 1, nine, sizeof(nine));
	assert_int_equal(e.len, 8);
	assert_ptr_equal(e.data, e.inl);
	assert_memory_equal(e.data, nine, 8);
	bgp_err_set(&e, 3, 1, nine, 3);
	assert_ptr_equal(e.data, nine);
	bgp_err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_int_equal(e.len, 0);
	assert_null(e.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_valid_and_cursor),
		cmocka_unit_test(test_hdr_marker_zero),
		cmocka_unit_test(test_hdr_length_bounds),
		cmocka_unit_test(test_hdr_per_type_length),
		cmocka_unit_test(test_hdr_type),
		cmocka_unit_test(test_hdr_extended),
		cmocka_unit_test(test_hdr_incomplete),
		cmocka_unit_test(test_seed_open_as1ra),
		cmocka_unit_test(test_seed_open_as2rb_stream),
		cmocka_unit_test(test_real_open_frr),
		cmocka_unit_test(test_real_open_bird),
		cmocka_unit_test(test_open_version),
		cmocka_unit_test(test_open_hold),
		cmocka_unit_test(test_open_bgp_id),
		cmocka_unit_test(test_open_peer_as),
		cmocka_unit_test(test_open_optlen_overrun),
		cmocka_unit_test(test_open_trailing_bytes),
		cmocka_unit_test(test_open_ext_params),
		cmocka_unit_test(test_open_ext_lookalike),
		cmocka_unit_test(test_open_cap_overrun),
		cmocka_unit_test(test_open_cap_bad_length),
		cmocka_unit_test(test_open_unknown_and_duplicates),
		cmocka_unit_test(test_open_opt_param_type),
		cmocka_unit_test(test_open_mp_unknown_family),
		cmocka_unit_test(test_open_param_layouts),
		cmocka_unit_test(test_open_gr),
		cmocka_unit_test(test_open_fqdn),
		cmocka_unit_test(test_open_addpath_enhanced),
		cmocka_unit_test(test_open_truncation),
		cmocka_unit_test(test_open_round_trips),
		cmocka_unit_test(test_open_build_order_and_as_trans),
		cmocka_unit_test(test_open_build_ext_layout),
		cmocka_unit_test(test_open_build_limit),
		cmocka_unit_test(test_keepalive_and_framing),
		cmocka_unit_test(test_notification_build_parse),
		cmocka_unit_test(test_notify_log_fmt),
		cmocka_unit_test(test_shutdown_text),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_shutdown_build),
		cmocka_unit_test(test_route_refresh),
		cmocka_unit_test(test_update_split),
		cmocka_unit_test(test_text_tables),
		cmocka_unit_test(test_err_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
