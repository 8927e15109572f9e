/*
 * test_rde.c: the route decision engine glue (rde.c) through its public
 * functions, with fake peers (rde_peer_up without a struct peer) and
 * UPDATE bodies built byte by byte: announce, implicit withdraw,
 * withdraw, treat-as-withdraw, session reset, loop detection (AS path,
 * ORIGINATOR_ID, CLUSTER_LIST, allowas-in), weight, maximum-prefix,
 * End-of-RIB, peer down (at once and in slices from the loop) and
 * `network` origination with reload.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "../../daemon/config.h"
#include "attr.h"
#include "log.h"
#include "hex_util.h"
#include "bgp.h"
#include "nlmsg.h"
#include "rde.h"
#include "redist.h"
#include "rib.h"
#include "show_route.h"
#include "vty.h"

#define RID 0x00000002u /* 0.0.0.2 */

static const char *conf_text =
	"router bgp 1\n"
	" bgp router-id 0.0.0.2\n"
	" network 10.1.0.0/16\n"
	" neighbor 10.0.0.2 remote-as 2\n"
	" neighbor 10.0.0.2 weight 100\n"
	" neighbor 10.0.0.3 remote-as 1\n"
	" neighbor 10.0.0.3 route-reflector-client\n"
	" neighbor 10.0.0.4 remote-as 4\n"
	" neighbor 10.0.0.4 maximum-prefix 2\n"
	" neighbor 10.0.0.7 remote-as 7\n"
	" neighbor 10.0.0.7 maximum-prefix 1 warning-only\n"
	" neighbor 10.0.0.5 remote-as 5\n"
	" neighbor 10.0.0.5 allowas-in 1\n"
	" neighbor 10.0.0.6 remote-as 6\n"
	" neighbor 10.0.0.6 prefix-list only-192 in\n"
	" neighbor 10.0.0.6 route-map set-lp in\n"
	" neighbor 10.0.0.10 remote-as 10\n"
	" neighbor 10.0.0.10 ebgp-multihop 2\n"
	" neighbor 10.0.0.8 remote-as 8\n"
	" neighbor 10.0.0.8 soft-reconfiguration inbound\n"
	" neighbor 10.0.0.8 prefix-list only-192 in\n"
	" network 10.3.0.0/16 route-map net-med\n"
	" network 10.4.0.0/16 route-map deny-all\n"
	" address-family ipv6\n"
	" network 2001:db8:1::/48\n"
	" neighbor 10.0.0.2 activate\n"
	" exit-address-family\n"
	"!\n"
	"ip prefix-list only-192 seq 5 permit 192.0.0.0/8 le 24\n"
	"!\n"
	"route-map set-lp permit 10\n"
	" set local-preference 200\n"
	" set weight 7\n"
	"!\n"
	"route-map net-med permit 10\n"
	" set metric 55\n"
	"!\n"
	"route-map deny-all deny 10\n";

struct fx {
	struct config *conf;
	struct rde *r;
	struct rib *rib;
};

static struct config *parse(const char *text)
{
	struct config_diag d;
	struct config *c = NULL;

	config_diag_init(&d);
	if (config_parse_string(text, "test", &c, &d) < 0) {
		config_diag_print(&d, stderr);
		fail_msg("config does not parse");
	}
	config_diag_free(&d);
	return c;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->conf = parse(conf_text);
	f->r = rde_new(NULL, NULL);
	assert_non_null(f->r);
	f->rib = rde_rib(f->r);
	rde_apply(f->r, f->conf, RID);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	rde_free(f->r);
	config_free(f->conf);
	free(f);
	return 0;
}

static struct rde_peer *peer_up_rr(struct fx *f, const char *addr,
				   uint32_t as, uint32_t id, bool refresh)
{
	struct rde_peer_desc d;
	struct rde_peer *rp;

	memset(&d, 0, sizeof(d));
	d.refresh = refresh;
	assert_int_equal(ipaddr_parse(addr, &d.addr), 0);
	d.remote_as = as;
	d.remote_id = id;
	d.as4 = true;
	d.af[BGP_AF_IPV4] = d.af[BGP_AF_IPV6] = true;
	d.n = config_find_nbr(f->conf->bgp, &d.addr);
	rp = rde_peer_up(f->r, NULL, &d);
	assert_non_null(rp);
	return rp;
}

static struct rde_peer *peer_up(struct fx *f, const char *addr, uint32_t as,
				uint32_t id)
{
	return peer_up_rr(f, addr, as, id, false);
}

/* ---- UPDATE builder -------------------------------------------------- */

struct ub {
	uint8_t b[8192];
	size_t n;
};

static void put8(struct ub *u, unsigned v)
{
	assert_true(u->n < sizeof(u->b));
	u->b[u->n++] = (uint8_t)v;
}

static void put16(struct ub *u, unsigned v)
{
	put8(u, v >> 8);
	put8(u, v & 0xff);
}

static void put32(struct ub *u, uint32_t v)
{
	put16(u, v >> 16);
	put16(u, v & 0xffff);
}

static void put_nlri(struct ub *u, const char *pfx)
{
	struct prefix p;
	unsigned i;

	assert_int_equal(prefix_parse(pfx, &p, NULL), 0);
	put8(u, p.len);
	for (i = 0; i < (p.len + 7u) / 8; i++)
		put8(u, p.a[i]);
}

static void put_hex(struct ub *u, const char *hex)
{
	u->n += hex2bin(hex, u->b + u->n, sizeof(u->b) - u->n);
}

/*
 * An IPv4 UPDATE: withdrawn (NULL-terminated list), then, if nlri is
 * not NULL, ORIGIN (origin), AS_PATH (4-octet ASNs, 0-terminated),
 * NEXT_HOP nh, the extra attributes in hex, and the NLRI.
 */
static size_t upd4(struct ub *u, const char *const *wd, unsigned origin,
		   const uint32_t *as, uint32_t nh, const char *extra,
		   const char *const *nlri)
{
	size_t wl, al, i, nas = 0;

	u->n = 0;
	put16(u, 0);
	for (i = 0; wd && wd[i]; i++)
		put_nlri(u, wd[i]);
	wl = u->n - 2;
	u->b[0] = (uint8_t)(wl >> 8);
	u->b[1] = (uint8_t)wl;
	al = u->n;
	put16(u, 0);
	if (nlri) {
		put_hex(u, "40 01 01");
		put8(u, origin);
		while (as && as[nas])
			nas++;
		put_hex(u, "40 02");
		put8(u, nas ? 2 + 4 * nas : 0);
		if (nas) {
			put8(u, 2);
			put8(u, nas);
			for (i = 0; i < nas; i++)
				put32(u, as[i]);
		}
		put_hex(u, "40 03 04");
		put32(u, nh);
		if (extra)
			put_hex(u, extra);
	}
	u->b[al] = (uint8_t)((u->n - al - 2) >> 8);
	u->b[al + 1] = (uint8_t)(u->n - al - 2);
	for (i = 0; nlri && nlri[i]; i++)
		put_nlri(u, nlri[i]);
	return u->n;
}

static int feed(struct fx *f, struct rde_peer *rp, const struct ub *u,
		struct bgp_err *err)
{
	return rde_update(f->r, rp, u->b, u->n, err);
}

/* ---- RIB queries ---------------------------------------------------- */

static struct rib_entry *entry(struct fx *f, enum bgp_af af, const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	return rib_lookup(f->rib, af, &p);
}

static unsigned npaths(struct fx *f, enum bgp_af af, const char *s)
{
	struct rib_entry *e = entry(f, af, s);
	const struct rib_path *p;
	unsigned n = 0;

	for (p = e ? rib_path_first(e) : NULL; p; p = rib_path_next(p))
		n++;
	return n;
}

static const struct rib_path *path_of(struct fx *f, enum bgp_af af,
				      const char *s, struct rde_peer *rp)
{
	struct rib_entry *e = entry(f, af, s);
	const struct rib_path *p;

	for (p = e ? rib_path_first(e) : NULL; p; p = rib_path_next(p))
		if (p->src == rde_peer_src(rp)->id)
			return p;
	return NULL;
}

static uint32_t first_as(const struct rib_path *p)
{
	char buf[256];

	/* The attribute printer gives "... aspath 2 3 ..."; enough to
	 * tell paths apart without reaching into aspath's layout. */
	attr_print(p->attr, buf, sizeof(buf));
	{
		const char *s = strstr(buf, "aspath ");

		return s ? (uint32_t)strtoul(s + 7, NULL, 10) : 0;
	}
}

/* ---- tests ---------------------------------------------------------- */

static void test_announce_withdraw(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	static const uint32_t p1[] = { 2, 0 }, p2[] = { 2, 7, 0 };
	static const char *const n1[] = { "192.0.2.0/24", "198.51.100.0/24",
					   NULL };
	static const char *const w1[] = { "198.51.100.0/24", NULL };
	const struct rib_path *p;
	struct bgp_err err;
	struct ub u;

	upd4(&u, NULL, 0, p1, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "192.0.2.0/24"), 1);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "198.51.100.0/24"), 1);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 2);
	p = path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a);
	assert_non_null(p);
	/* neighbor 10.0.0.2 weight 100 */
	assert_int_equal(p->weight, 100);
	assert_true(p->flags & RIB_PF_BEST);
	assert_int_equal(first_as(p), 2);
	assert_int_equal(rib_path_nh(f->rib, p)->addr.af, AF_INET);
	assert_int_equal(ipaddr_v4(&rib_path_nh(f->rib, p)->addr), 0x0a000002);

	/* Implicit withdraw: a re-announcement replaces the path. */
	upd4(&u, NULL, 0, p2, 0x0a000009, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "192.0.2.0/24"), 1);
	p = path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a);
	assert_int_equal(ipaddr_v4(&rib_path_nh(f->rib, p)->addr), 0x0a000009);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 2);

	/* Withdraw. */
	upd4(&u, w1, 0, NULL, 0, NULL, NULL);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_null(entry(f, BGP_AF_IPV4, "198.51.100.0/24"));
	assert_int_equal(npaths(f, BGP_AF_IPV4, "192.0.2.0/24"), 1);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 1);
	/* A withdrawal of something never announced changes nothing. */
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 1);

	/* End-of-RIB: an empty UPDATE (RFC 4724 2). */
	assert_false(rde_peer_stats(a)->eor[BGP_AF_IPV4]);
	assert_int_equal(rde_update(f->r, a, (const uint8_t *)"\0\0\0\0", 4,
				    &err),
			 0);
	assert_true(rde_peer_stats(a)->eor[BGP_AF_IPV4]);
	rde_peer_down(f->r, a);
}

static void test_best_and_peer_down(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	struct rde_peer *b = peer_up(f, "10.0.0.4", 4, 0x0a000004);
	static const uint32_t pa[] = { 2, 3, 0 }, pb[] = { 4, 0 };
	static const char *const n1[] = { "203.0.113.0/24", NULL };
	const struct rib_path *p;
	struct bgp_err err;
	struct ub u;

	upd4(&u, NULL, 0, pa, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	upd4(&u, NULL, 0, pb, 0x0a000004, NULL, n1);
	assert_int_equal(feed(f, b, &u, &err), 0);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "203.0.113.0/24"), 2);
	/* a has weight 100 (step 1) although its path is longer. */
	p = rib_best(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	assert_int_equal(p->src, rde_peer_src(a)->id);

	/* a goes down: only b's path is left, and it is best. */
	rde_peer_down(f->r, a);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "203.0.113.0/24"), 1);
	p = rib_best(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	assert_non_null(p);
	assert_int_equal(p->src, rde_peer_src(b)->id);
	rde_peer_down(f->r, b);
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
}

static void test_treat_as_withdraw(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	static const uint32_t pa[] = { 2, 0 };
	static const char *const n1[] = { "192.0.2.0/24", NULL };
	struct bgp_err err;
	struct ub u;

	upd4(&u, NULL, 0, pa, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "192.0.2.0/24"), 1);
	/* ORIGIN 5 is undefined: RFC 7606 7.1 treat-as-withdraw; the
	 * session stays up and the prefix goes. */
	upd4(&u, NULL, 5, pa, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(err.code, 0);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_int_equal(rde_peer_stats(a)->treat_as_withdraw, 1);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 0);
	rde_peer_down(f->r, a);
}

static void test_session_reset(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	struct bgp_err err;
	uint8_t body[8];
	size_t n;

	/* Withdrawn Routes Length larger than the message: 3/1
	 * (RFC 7606 5.1 keeps session reset for the framing). */
	n = hex2bin("00 20 00 00", body, sizeof(body));
	assert_int_not_equal(rde_update(f->r, a, body, n, &err), 0);
	assert_int_equal(err.code, BGP_ERR_UPDATE);
	rde_peer_down(f->r, a);
}

static void test_loops(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	struct rde_peer *i = peer_up(f, "10.0.0.3", 1, 0x0a000003);
	struct rde_peer *c = peer_up(f, "10.0.0.5", 5, 0x0a000005);
	static const uint32_t ok[] = { 2, 0 }, loop[] = { 2, 1, 0 },
			      loop2[] = { 5, 1, 9, 1, 0 }, empty[] = { 0 };
	static const char *const n1[] = { "192.0.2.0/24", NULL };
	struct bgp_err err;
	struct ub u;

	/* Our AS in the path: not accepted, and the previous path of the
	 * peer for the prefix goes. */
	upd4(&u, NULL, 0, ok, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a));
	upd4(&u, NULL, 0, loop, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_int_equal(rde_peer_stats(a)->denied[BGP_AF_IPV4], 1);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 0);

	/* allowas-in 1: once is fine, twice is a loop. */
	upd4(&u, NULL, 0, loop, 0x0a000005, NULL, n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", c));
	upd4(&u, NULL, 0, loop2, 0x0a000005, NULL, n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", c));

	/* iBGP: ORIGINATOR_ID = our router id (RFC 4456 8). */
	upd4(&u, NULL, 0, empty, 0x0a000003,
	     "40 05 04 00000064 80 09 04 00000002", n1);
	assert_int_equal(feed(f, i, &u, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", i));
	/* Our cluster id (= router id) in CLUSTER_LIST. */
	upd4(&u, NULL, 0, empty, 0x0a000003,
	     "40 05 04 00000064 80 09 04 0a000009 80 0a 08 01020304 00000002",
	     n1);
	assert_int_equal(feed(f, i, &u, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", i));
	/* Another originator and cluster: accepted. */
	upd4(&u, NULL, 0, empty, 0x0a000003,
	     "40 05 04 00000064 80 09 04 0a000009 80 0a 04 01020304", n1);
	assert_int_equal(feed(f, i, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", i));
	rde_peer_down(f->r, a);
	rde_peer_down(f->r, i);
	rde_peer_down(f->r, c);
}

struct log_count {
	const char *want;
	int n;
};

static void log_count_cb(const char *line, void *arg)
{
	struct log_count *c = arg;

	if (strstr(line, c->want))
		c->n++;
}

static int log_lines(const char *want)
{
	struct log_count c = { want, 0 };

	log_ring_walk(log_count_cb, &c);
	return c.n;
}

static void test_max_prefix(void **state)
{
	struct fx *f = *state;
	struct rde_peer *b = peer_up(f, "10.0.0.4", 4, 0x0a000004);
	static const uint32_t pb[] = { 4, 0 };
	static const char *const two[] = { "192.0.2.0/24", "192.0.3.0/24",
					    NULL };
	static const char *const three[] = { "192.0.4.0/24", NULL };
	static const char *const thr =
		"%MAXPFX: No. of IPv4 Unicast prefix received from 10.0.0.4 "
		"reaches 2, max 2";
	static const char *const over =
		"%MAXPFXEXCEED: No. of IPv4 Unicast prefix received from "
		"10.0.0.4 3 exceed, limit 2";
	int thr0 = log_lines(thr), over0 = log_lines(over);
	struct bgp_err err;
	struct ub u;

	upd4(&u, NULL, 0, pb, 0x0a000004, NULL, two);
	assert_int_equal(feed(f, b, &u, &err), 0);
	/* Over the threshold (75% of 2): logged once, as Quagga does,
	 * however many UPDATEs follow. */
	assert_int_equal(log_lines(thr), thr0 + 1);
	assert_int_equal(feed(f, b, &u, &err), 0);
	assert_int_equal(log_lines(thr), thr0 + 1);
	assert_int_equal(log_lines(over), over0);
	upd4(&u, NULL, 0, pb, 0x0a000004, NULL, three);
	assert_int_not_equal(feed(f, b, &u, &err), 0);
	assert_int_equal(err.code, BGP_ERR_CEASE);
	assert_int_equal(err.subcode, BGP_CEASE_MAX_PREFIX);
	/* RFC 4486 4: AFI 1, SAFI 1, the limit 2. */
	assert_int_equal(err.len, 7);
	assert_memory_equal(err.data, "\x00\x01\x01\x00\x00\x00\x02", 7);
	assert_int_equal(log_lines(over), over0 + 1);
	rde_peer_down(f->r, b);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));

	/* warning-only: over the limit, the session stays and the routes
	 * are kept. */
	b = peer_up(f, "10.0.0.7", 7, 0x0a000007);
	upd4(&u, NULL, 0, pb, 0x0a000007, NULL, two);
	assert_int_equal(feed(f, b, &u, &err), 0);
	assert_int_equal(err.code, 0);
	assert_int_equal(rde_peer_stats(b)->accepted[BGP_AF_IPV4], 2);
	rde_peer_down(f->r, b);
}

static void test_ipv6_mp(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	const struct rib_path *p;
	struct bgp_err err;
	struct ipaddr want;
	uint8_t body[256];
	size_t n;

	/* MP_REACH with a global and a link-local next hop (32 bytes). */
	n = hex2bin("0000 0048"
		    "40 01 01 00"
		    "40 02 06 02 01 00000002"
		    "90 0e 0037 0002 01 20"
		    " 2001 0012 0000 0000 0000 0000 0000 000b"
		    " fe80 0000 0000 0000 0000 0000 0000 000b"
		    " 00 40 2001 1234 0002 0000"
		    " 40 2001 1234 0022 0000",
		    body, sizeof(body));
	assert_int_equal(rde_update(f->r, a, body, n, &err), 0);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV6], 2);
	p = path_of(f, BGP_AF_IPV6, "2001:1234:2::/64", a);
	assert_non_null(p);
	assert_int_equal(ipaddr_parse("2001:12::b", &want), 0);
	assert_int_equal(ipaddr_cmp(&rib_path_nh(f->rib, p)->addr, &want), 0);
	assert_non_null(attr_nh_ll(p->attr));
	assert_int_equal(attr_nh_ll(p->attr)[0], 0xfe);

	/* MP_UNREACH of one of them. */
	n = hex2bin("0000 0010 90 0f 000c 0002 01 40 2001 1234 0002 0000",
		    body, sizeof(body));
	assert_int_equal(rde_update(f->r, a, body, n, &err), 0);
	assert_null(entry(f, BGP_AF_IPV6, "2001:1234:2::/64"));
	assert_int_equal(npaths(f, BGP_AF_IPV6, "2001:1234:22::/64"), 1);
	rde_peer_down(f->r, a);
	assert_null(entry(f, BGP_AF_IPV6, "2001:1234:22::/64"));
}

/* ---- directly connected eBGP peers: next hop on-link (issue 4) ------ */

/* The double: 10.0.0.0/24 and 2001:db8:12::/64 are connected. */
static int onlink_calls;

static bool onlink_double(void *arg, const struct ipaddr *a)
{
	(void)arg;
	onlink_calls++;
	if (a->af == AF_INET)
		return a->a[0] == 10 && a->a[1] == 0 && a->a[2] == 0;
	return a->a[0] == 0x20 && a->a[1] == 0x01 && a->a[2] == 0x0d &&
	       a->a[3] == 0xb8 && a->a[4] == 0 && a->a[5] == 0x12;
}

static void test_onlink(void **state)
{
	struct fx *f = *state;
	struct rde_peer *e = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	struct rde_peer *m = peer_up(f, "10.0.0.10", 10, 0x0a00000a);
	struct rde_peer *i = peer_up(f, "10.0.0.3", 1, 0x0a000003);
	static const uint32_t p2[] = { 2, 0 }, p10[] = { 10, 0 },
			      empty[] = { 0 };
	static const char *const n1[] = { "192.0.2.0/24", "192.0.3.0/24",
					   NULL };
	struct bgp_err err;
	struct ub u;
	uint8_t body[256];
	size_t n;

	rde_set_onlink_fn(f->r, onlink_double, NULL);
	/* Single-hop eBGP, next hop on a connected network: accepted. */
	upd4(&u, NULL, 0, p2, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, e, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", e));
	/* One question per UPDATE, not per prefix. */
	assert_int_equal(onlink_calls, 1);
	/* Off-link (a third party far away): filtered, and the earlier
	 * path of the peer goes (implicit withdraw). */
	upd4(&u, NULL, 0, p2, 0xc6336401, NULL, n1);
	assert_int_equal(feed(f, e, &u, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", e));
	assert_int_equal(rde_peer_stats(e)->denied[BGP_AF_IPV4], 2);
	assert_int_equal(rde_peer_stats(e)->accepted[BGP_AF_IPV4], 0);
	/* ebgp-multihop and iBGP peers are not checked. */
	upd4(&u, NULL, 0, p10, 0xc6336401, NULL, n1);
	assert_int_equal(feed(f, m, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", m));
	upd4(&u, NULL, 0, empty, 0xc6336402, "40 05 04 00000064", n1);
	assert_int_equal(feed(f, i, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.3.0/24", i));

	/* IPv6: a global next hop alone must be on-link ... */
	n = hex2bin("0000 002f"
		    "40 01 01 00"
		    "40 02 06 02 01 00000002"
		    "90 0e 001e 0002 01 10"
		    " 2001 0db8 0099 0000 0000 0000 0000 000b"
		    " 00 40 2001 1234 0002 0000",
		    body, sizeof(body));
	assert_int_equal(rde_update(f->r, e, body, n, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV6, "2001:1234:2::/64", e));
	/* ... on 2001:db8:12::/64 it is ... */
	body[30] = 0x12;
	assert_int_equal(rde_update(f->r, e, body, n, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV6, "2001:1234:2::/64", e));
	/* ... and one with a link-local next hop is, as in Quagga's
	 * bgp_nexthop_onlink, whatever the global one. */
	n = hex2bin("0000 003f"
		    "40 01 01 00"
		    "40 02 06 02 01 00000002"
		    "90 0e 002e 0002 01 20"
		    " 2001 0db8 0099 0000 0000 0000 0000 000b"
		    " fe80 0000 0000 0000 0000 0000 0000 000b"
		    " 00 40 2001 1234 0003 0000",
		    body, sizeof(body));
	assert_int_equal(rde_update(f->r, e, body, n, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV6, "2001:1234:3::/64", e));
	rde_set_onlink_fn(f->r, NULL, NULL);
	rde_peer_down(f->r, e);
	rde_peer_down(f->r, m);
	rde_peer_down(f->r, i);
}

/* ---- redistribute ----------------------------------------------------- */

struct kfeed {
	struct fib_route r[4];
	int n;
	redist_route_fn fn;
	void *arg;
};

static void kf_watch(void *fa, redist_route_fn fn, void *arg)
{
	struct kfeed *f = fa;

	f->fn = fn;
	f->arg = arg;
}

static void kf_walk(void *fa, redist_route_fn fn, void *arg)
{
	struct kfeed *f = fa;
	int i;

	for (i = 0; i < f->n; i++)
		fn(arg, &f->r[i], false);
}

static void kf_add(struct kfeed *f, const char *pfx, uint8_t proto,
		   uint32_t metric)
{
	struct fib_route *r = &f->r[f->n++];

	memset(r, 0, sizeof(*r));
	assert_int_equal(prefix_parse(pfx, &r->dst, NULL), 0);
	r->table = 254;
	r->protocol = proto;
	r->scope = r->dst.af == AF_INET && proto == 2 ? 253 : 0;
	r->metric = metric;
	r->type = FIB_RT_UNICAST;
	r->n_nh = 1;
	if (f->fn)
		f->fn(f->arg, r, false);
}

static const char *redist_conf_text =
	"router bgp 1\n"
	" bgp router-id 0.0.0.2\n"
	" network 10.0.0.0/24\n"
	" redistribute connected\n"
	" redistribute static route-map rs metric 77\n"
	" address-family ipv6\n"
	"  redistribute kernel\n"
	" exit-address-family\n"
	"!\n"
	"ip prefix-list no-203 seq 5 deny 203.0.113.0/24\n"
	"ip prefix-list no-203 seq 10 permit 0.0.0.0/0 le 32\n"
	"route-map rs permit 10\n"
	" match ip address prefix-list no-203\n"
	" set local-preference 300\n";

static const struct rib_path *redist_path(struct fx *f, enum bgp_af af,
					  const char *pfx)
{
	struct rib_entry *e = entry(f, af, pfx);
	const struct rib_path *p;

	/* The path with origin incomplete: `network` ones are IGP. */
	for (p = e ? rib_path_first(e) : NULL; p; p = rib_path_next(p))
		if (p->attr->origin == ORIGIN_INCOMPLETE)
			return p;
	return NULL;
}

static void test_redistribute(void **state)
{
	struct fx *f = *state;
	struct kfeed kf;
	struct redist_feed feed = { kf_watch, kf_walk, &kf };
	const struct rib_path *p;
	struct config *c2;

	memset(&kf, 0, sizeof(kf));
	kf_add(&kf, "10.0.0.0/24", 2, 0);		/* connected */
	kf_add(&kf, "192.0.2.0/24", 4, 5);		/* static */
	kf_add(&kf, "203.0.113.0/24", 3, 0);		/* boot */
	kf_add(&kf, "2001:db8:5::/48", 16, 1024);	/* dhcp: kernel */
	c2 = parse(redist_conf_text);
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	rde_set_redist_feed(f->r, &feed);

	/* Connected: origin incomplete, MED 0, weight 32768, no next hop;
	 * next to the `network` path of the same prefix. */
	assert_int_equal(npaths(f, BGP_AF_IPV4, "10.0.0.0/24"), 2);
	p = redist_path(f, BGP_AF_IPV4, "10.0.0.0/24");
	assert_non_null(p);
	assert_int_equal(p->weight, 32768);
	assert_null(rib_path_nh(f->rib, p));
	assert_true(p->attr->has_med);
	assert_int_equal(p->attr->med, 0);
	/* static with `metric 77` and the route-map: MED 77, local-pref
	 * 300; the map denies 203.0.113.0/24. */
	p = redist_path(f, BGP_AF_IPV4, "192.0.2.0/24");
	assert_non_null(p);
	assert_int_equal(p->attr->med, 77);
	assert_true(p->attr->has_local_pref);
	assert_int_equal(p->attr->local_pref, 300);
	assert_true(p->flags & RIB_PF_BEST);
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	/* IPv6 kernel: the route's metric is the MED. */
	p = redist_path(f, BGP_AF_IPV6, "2001:db8:5::/48");
	assert_non_null(p);
	assert_int_equal(p->attr->med, 1024);

	/* The kernel route goes: so does the BGP route. */
	kf.n--;
	kf.fn(kf.arg, &kf.r[3], true);
	assert_null(entry(f, BGP_AF_IPV6, "2001:db8:5::/48"));
	/* Reload without `redistribute static`: only that kind goes. */
	c2 = parse("router bgp 1\n bgp router-id 0.0.0.2\n"
		   " redistribute connected\n");
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_int_equal(npaths(f, BGP_AF_IPV4, "10.0.0.0/24"), 1);
	assert_non_null(redist_path(f, BGP_AF_IPV4, "10.0.0.0/24"));
	/* Back to no feed: what it originated goes. */
	rde_set_redist_feed(f->r, NULL);
	assert_null(entry(f, BGP_AF_IPV4, "10.0.0.0/24"));
	assert_null(kf.fn);
}

/* ---- route reflection (RFC 4456) ------------------------------------ */

static void test_rr_client_src(void **state)
{
	struct fx *f = *state;
	struct rde_peer *c = peer_up(f, "10.0.0.3", 1, 0x0a000003);
	struct rde_peer *j = peer_up(f, "10.0.0.9", 1, 0x0a000009);
	struct rde_peer *e = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	static const uint32_t empty[] = { 0 };
	static const char *const n1[] = { "192.0.2.0/24", NULL };
	const struct rib_path *p;
	struct bgp_err err;
	struct ub u;

	/* route-reflector-client is per family: given in the IPv4 part
	 * only; an unconfigured iBGP peer and an eBGP one are not. */
	assert_true(rib_src_rr_client(rde_peer_src(c), BGP_AF_IPV4));
	assert_false(rib_src_rr_client(rde_peer_src(c), BGP_AF_IPV6));
	assert_int_equal(rde_peer_src(j)->rr_client, 0);
	assert_int_equal(rde_peer_src(e)->rr_client, 0);

	/* Step 12: the same ORIGINATOR_ID (step 11 ties); the client's
	 * path went through one more cluster, so the path without a
	 * CLUSTER_LIST (length 0, RFC 4456 9) wins although 10.0.0.3 has
	 * the lower address (step 13). */
	upd4(&u, NULL, 0, empty, 0x0a000063,
	     "40 05 04 00000064 80 09 04 0a000063 80 0a 04 01020304", n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	upd4(&u, NULL, 0, empty, 0x0a000063,
	     "40 05 04 00000064 80 09 04 0a000063", n1);
	assert_int_equal(feed(f, j, &u, &err), 0);
	assert_int_equal(npaths(f, BGP_AF_IPV4, "192.0.2.0/24"), 2);
	p = rib_best(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_non_null(p);
	assert_int_equal(p->src, rde_peer_src(j)->id);
	/* The same CLUSTER_LIST length on both: the address decides. */
	upd4(&u, NULL, 0, empty, 0x0a000063,
	     "40 05 04 00000064 80 09 04 0a000063 80 0a 04 05060708", n1);
	assert_int_equal(feed(f, j, &u, &err), 0);
	p = rib_best(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_int_equal(p->src, rde_peer_src(c)->id);
	rde_peer_down(f->r, c);
	rde_peer_down(f->r, j);
	rde_peer_down(f->r, e);
}

/* A reflected route of ours comes back with our own address as next
 * hop: ORIGINATOR_ID and CLUSTER_LIST are checked first (a loop, not an
 * invalid next hop, as Quagga's bgp_update_main); our next hop alone is
 * denied per route too. */
static void test_own_route_reflected(void **state)
{
	struct fx *f = *state;
	struct rde_peer_desc d;
	struct rde_peer *c;
	static const uint32_t empty[] = { 0 };
	static const char *const n1[] = { "192.0.2.0/24", NULL };
	const struct rde_peer_stats *st;
	struct bgp_err err;
	struct ub u;

	memset(&d, 0, sizeof(d));
	assert_int_equal(ipaddr_parse("10.0.0.3", &d.addr), 0);
	d.remote_as = 1;
	d.remote_id = 0x0a000003;
	d.local_v4 = 0x0a000001;
	d.as4 = true;
	d.af[BGP_AF_IPV4] = true;
	d.n = config_find_nbr(f->conf->bgp, &d.addr);
	c = rde_peer_up(f->r, NULL, &d);
	assert_non_null(c);
	st = rde_peer_stats(c);
	/* ORIGINATOR_ID is our router id. */
	upd4(&u, NULL, 0, empty, 0x0a000001,
	     "40 05 04 00000064 80 09 04 00000002", n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_int_equal(st->denied[BGP_AF_IPV4], 1);
	assert_int_equal(st->withdrawn[BGP_AF_IPV4], 0);
	/* Our cluster id (the router id) in CLUSTER_LIST. */
	upd4(&u, NULL, 0, empty, 0x0a000001,
	     "40 05 04 00000064 80 09 04 0a000063 80 0a 04 00000002", n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_int_equal(st->denied[BGP_AF_IPV4], 2);
	assert_int_equal(st->withdrawn[BGP_AF_IPV4], 0);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	/* No loop, but our address as next hop: denied as well. */
	upd4(&u, NULL, 0, empty, 0x0a000001, "40 05 04 00000064", n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_int_equal(st->denied[BGP_AF_IPV4], 3);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	/* Another next hop: accepted. */
	upd4(&u, NULL, 0, empty, 0x0a000063, "40 05 04 00000064", n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", c));
	/* ...and replaced (withdrawn) by one with our next hop. */
	upd4(&u, NULL, 0, empty, 0x0a000001, "40 05 04 00000064", n1);
	assert_int_equal(feed(f, c, &u, &err), 0);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_int_equal(st->accepted[BGP_AF_IPV4], 0);
	rde_peer_down(f->r, c);
}

/* ---- bgp maxas-limit ----------------------------------------------- */

/* Longer than the limit: treat-as-withdraw (RFC 7606 as FRR does), the
 * session stays; at the limit: accepted. */
static void test_maxas_limit(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a;
	static const uint32_t p3[] = { 2, 5, 6, 0 }, p4[] = { 2, 5, 6, 7, 0 };
	static const char *const n1[] = { "192.0.2.0/24", NULL };
	struct config *c2;
	struct bgp_err err;
	struct ub u;

	c2 = parse("router bgp 1\n bgp router-id 0.0.0.2\n"
		   " bgp maxas-limit 3\n"
		   " neighbor 10.0.0.2 remote-as 2\n");
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	upd4(&u, NULL, 0, p3, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a));
	upd4(&u, NULL, 0, p4, 0x0a000002, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(err.code, 0);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_int_equal(rde_peer_stats(a)->treat_as_withdraw, 1);
	/* No limit any more (reload): accepted. */
	c2 = parse("router bgp 1\n bgp router-id 0.0.0.2\n"
		   " neighbor 10.0.0.2 remote-as 2\n");
	rde_apply(f->r, c2, RID);
	rde_peer_reconfigured(f->r, a, c2->bgp->neighbors);
	config_free(f->conf);
	f->conf = c2;
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a));
	rde_peer_down(f->r, a);
}

/* ---- attribute discard (issue 9) ------------------------------------ */

static void test_attr_discard(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a, *b;
	static const uint32_t p2[] = { 2, 0 }, p4[] = { 4, 0 };
	static const char *const n1[] = { "192.0.2.0/24", NULL };
	struct config *c2;
	struct bgp_err err;
	struct ub u;

	c2 = parse("router bgp 1\n bgp router-id 0.0.0.2\n"
		   " neighbor 10.0.0.2 remote-as 2\n"
		   " neighbor 10.0.0.2 path-attribute discard 8\n"
		   " neighbor 10.0.0.4 remote-as 4\n");
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	b = peer_up(f, "10.0.0.4", 4, 0x0a000004);
	/* COMMUNITIES 1:2: dropped from 10.0.0.2 only, without error. */
	upd4(&u, NULL, 0, p2, 0x0a000002, "c0 08 04 00010002", n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	upd4(&u, NULL, 0, p4, 0x0a000004, "c0 08 04 00010002", n1);
	assert_int_equal(feed(f, b, &u, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a)->attr->comm);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", b)->attr->comm);
	assert_int_equal(rde_peer_stats(a)->treat_as_withdraw, 0);
	/* bgp unknown-attribute discard: for every neighbor. */
	c2 = parse("router bgp 1\n bgp router-id 0.0.0.2\n"
		   " bgp unknown-attribute discard 8\n"
		   " neighbor 10.0.0.2 remote-as 2\n"
		   " neighbor 10.0.0.4 remote-as 4\n");
	rde_apply(f->r, c2, RID);
	rde_peer_reconfigured(f->r, a, config_find_nbr(c2->bgp,
				&rde_peer_src(a)->d.addr));
	rde_peer_reconfigured(f->r, b, config_find_nbr(c2->bgp,
				&rde_peer_src(b)->d.addr));
	config_free(f->conf);
	f->conf = c2;
	assert_int_equal(feed(f, b, &u, &err), 0);
	assert_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", b)->attr->comm);
	rde_peer_down(f->r, a);
	rde_peer_down(f->r, b);
}

/* ---- soft-reconfiguration inbound ----------------------------------- */

struct adj_seen {
	char pfx[8][PREFIX_STRLEN];
	uint32_t as[8];
	int n;
	int stop_at;	/* return 7 at this entry, -1: never */
};

static int adj_cb(const struct prefix *p, const struct attr *a, void *arg)
{
	struct adj_seen *s = arg;
	char buf[256];
	const char *as;

	assert_true(s->n < 8);
	prefix_fmt(p, s->pfx[s->n], sizeof(s->pfx[0]));
	attr_print(a, buf, sizeof(buf));
	as = strstr(buf, "aspath ");
	s->as[s->n] = as ? (uint32_t)strtoul(as + 7, NULL, 10) : 0;
	return s->n++ == s->stop_at ? 7 : 0;
}

struct refresh_log {
	struct rde_peer *rp[4];
	enum bgp_af af[4];
	int n;
};

static int refresh_double(void *arg, struct rde_peer *rp, enum bgp_af af)
{
	struct refresh_log *l = arg;

	assert_true(l->n < 4);
	l->rp[l->n] = rp;
	l->af[l->n++] = af;
	return 0;
}

static const char *soft_conf2 =
	"router bgp 1\n"
	" bgp router-id 0.0.0.2\n"
	" neighbor 10.0.0.8 remote-as 8\n"
	" neighbor 10.0.0.8 soft-reconfiguration inbound\n"
	" neighbor 10.0.0.8 route-map set-lp in\n"
	" neighbor 10.0.0.2 remote-as 2\n"
	" neighbor 10.0.0.2 soft-reconfiguration inbound\n"
	"!\n"
	"route-map set-lp permit 10\n"
	" set local-preference 200\n";

/* The stored Adj-RIB-In is what the peer sent, before loop checks and
 * policy; clear soft in re-applies a changed inbound policy to it. */
static void test_soft_in_stored(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.8", 8, 0x0a000008);
	static const uint32_t p8[] = { 8, 0 }, p9[] = { 9, 0 },
			      loop[] = { 8, 1, 0 };
	static const char *const n1[] = { "203.0.113.0/24", "192.0.2.0/24",
					   NULL };
	static const char *const n2[] = { "198.51.100.0/24", NULL };
	static const char *const n3[] = { "10.9.0.0/16", NULL };
	static const char *const w1[] = { "192.0.2.0/24", NULL };
	struct adj_seen seen = { .stop_at = -1 };
	const struct rib_path *p;
	struct config *c2;
	struct bgp_err err;
	const char *why;
	struct ub u;
	size_t attrs0 = attr_count();

	upd4(&u, NULL, 0, p8, 0x0a000008, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	upd4(&u, NULL, 0, loop, 0x0a000008, NULL, n2);
	assert_int_equal(feed(f, a, &u, &err), 0);
	upd4(&u, NULL, 0, p9, 0x0a000008, NULL, n3);
	assert_int_equal(feed(f, a, &u, &err), 0);
	/* prefix-list only-192 in and the loop leave one path. */
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 1);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a));
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	/* All four are stored, in table order. */
	assert_int_equal(rde_adj_in_count(a, BGP_AF_IPV4), 4);
	assert_int_equal(rde_adj_in_walk(f->r, a, BGP_AF_IPV4, adj_cb, &seen),
			 0);
	assert_int_equal(seen.n, 4);
	assert_string_equal(seen.pfx[0], "10.9.0.0/16");
	assert_string_equal(seen.pfx[1], "192.0.2.0/24");
	assert_string_equal(seen.pfx[2], "198.51.100.0/24");
	assert_string_equal(seen.pfx[3], "203.0.113.0/24");
	assert_int_equal(seen.as[0], 9);
	assert_int_equal(seen.as[2], 8);
	/* A non-zero return stops the walk and is returned. */
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = 1;
	assert_int_equal(rde_adj_in_walk(f->r, a, BGP_AF_IPV4, adj_cb, &seen),
			 7);
	assert_int_equal(seen.n, 2);
	/* Nothing stored for IPv6 (no routes) but the store exists. */
	assert_int_equal(rde_adj_in_count(a, BGP_AF_IPV6), 0);

	/* A withdrawal leaves the store too. */
	upd4(&u, w1, 0, NULL, 0, NULL, NULL);
	assert_int_equal(feed(f, a, &u, &err), 0);
	assert_int_equal(rde_adj_in_count(a, BGP_AF_IPV4), 3);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));

	/* New inbound policy: no prefix-list, route-map set-lp.  Nothing
	 * changes until clear soft in. */
	c2 = parse(soft_conf2);
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	rde_peer_reconfigured(f->r, a, config_find_nbr(c2->bgp,
				&rde_peer_src(a)->d.addr));
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	assert_int_equal(rde_soft_in(f->r, a, BGP_AF_IPV4, &why), 0);
	p = path_of(f, BGP_AF_IPV4, "203.0.113.0/24", a);
	assert_non_null(p);
	assert_int_equal(p->attr->local_pref, 200);
	p = path_of(f, BGP_AF_IPV4, "10.9.0.0/16", a);
	assert_non_null(p);
	assert_int_equal(p->attr->local_pref, 200);
	/* Still a loop. */
	assert_null(entry(f, BGP_AF_IPV4, "198.51.100.0/24"));
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 2);
	/* Received counts what the peer sent, not the re-runs. */
	assert_int_equal(rde_peer_stats(a)->received[BGP_AF_IPV4], 4);
	/* Idempotent. */
	assert_int_equal(rde_soft_in(f->r, a, BGP_AF_IPV4, &why), 0);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 2);

	rde_peer_down(f->r, a);
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	/* Every reference the store held is gone with the peer: soft_conf2
	 * has no `network`, so no attribute set is left at all. */
	assert_true(attrs0 > 0);
	assert_int_equal(attr_count(), 0);
}

static void test_soft_in_refresh(void **state)
{
	struct fx *f = *state;
	struct rde_peer *plain = peer_up(f, "10.0.0.4", 4, 0x0a000004);
	struct rde_peer *rr = peer_up_rr(f, "10.0.0.2", 2, 0x0a000002, true);
	struct refresh_log log;
	struct config *c2;
	const char *why = NULL;

	memset(&log, 0, sizeof(log));
	rde_set_refresh_fn(f->r, refresh_double, &log);
	/* Neither stored routes nor route refresh: refused, with why. */
	assert_int_equal(rde_adj_in_walk(f->r, plain, BGP_AF_IPV4, adj_cb,
					 NULL),
			 -1);
	assert_int_equal(rde_soft_in(f->r, plain, BGP_AF_IPV4, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, "neither refresh capability"));
	assert_int_equal(log.n, 0);
	/* Route refresh capable: ROUTE-REFRESH for the family. */
	assert_int_equal(rde_soft_in(f->r, rr, BGP_AF_IPV6, &why), 0);
	assert_int_equal(log.n, 1);
	assert_ptr_equal(log.rp[0], rr);
	assert_int_equal(log.af[0], BGP_AF_IPV6);
	/* Not negotiated: refused. */
	assert_int_equal(rde_soft_in(f->r, plain, BGP_AF_IPV6, &why), -1);
	assert_non_null(why);

	/* Reload switches soft-reconfiguration on for 10.0.0.2: the store
	 * exists and the peer is asked for its routes (IPv4 only: the
	 * option is per family and given in the IPv4 block). */
	c2 = parse(soft_conf2);
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	rde_peer_reconfigured(f->r, rr, config_find_nbr(c2->bgp,
				&rde_peer_src(rr)->d.addr));
	assert_int_equal(log.n, 2);
	assert_int_equal(log.af[1], BGP_AF_IPV4);
	assert_int_equal(rde_adj_in_walk(f->r, rr, BGP_AF_IPV4, adj_cb, NULL),
			 0);
	/* ... and off again: the store is freed. */
	rde_peer_reconfigured(f->r, rr, NULL);
	assert_int_equal(rde_adj_in_walk(f->r, rr, BGP_AF_IPV4, adj_cb, NULL),
			 -1);
	assert_int_equal(log.n, 2);
	rde_peer_down(f->r, plain);
	rde_peer_down(f->r, rr);
}

/* ---- policy changed by a reload (issue 10) ------------------------- */

/* The text of the last config edited: conf_text to begin with. */
static char edit_buf[4096];

/* The last edited text with `from` replaced by `to` (once; it must be
 * there): the edits add up, as in a config file. */
static struct config *parse_edit(const char *from, const char *to)
{
	char tmp[sizeof(edit_buf)];
	const char *at;

	if (!edit_buf[0])
		snprintf(edit_buf, sizeof(edit_buf), "%s", conf_text);
	at = strstr(edit_buf, from);
	assert_non_null(at);
	snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)(at - edit_buf), edit_buf,
		 to, at + strlen(from));
	memcpy(edit_buf, tmp, sizeof(tmp));
	return parse(edit_buf);
}

/* The reload as bgp_apply does it: apply, rebind, re-examine, free. */
static void reload(struct fx *f, struct config *c2,
		   struct rde_peer *const *peers, int npeers)
{
	struct config *old = f->conf;

	rde_apply(f->r, c2, RID);
	f->conf = c2;
	for (int i = 0; i < npeers; i++)
		rde_peer_reconfigured(f->r, peers[i], config_find_nbr(c2->bgp,
					&rde_peer_src(peers[i])->d.addr));
	rde_policy_reload(f->r, old);
	config_free(old);
}

static void test_policy_reload(void **state)
{
	struct fx *f = *state;
	struct rde_peer *pp[3];
	static const uint32_t p8[] = { 8, 0 };
	static const char *const n1[] = { "192.0.2.0/24", "203.0.113.0/24",
					   NULL };
	struct refresh_log log;
	const struct rib_path *p;
	struct bgp_err err;
	struct ub u;

	edit_buf[0] = '\0';
	memset(&log, 0, sizeof(log));
	rde_set_refresh_fn(f->r, refresh_double, &log);
	pp[0] = peer_up(f, "10.0.0.8", 8, 0x0a000008);	/* stored, plist */
	pp[1] = peer_up_rr(f, "10.0.0.2", 2, 0x0a000002, true); /* no policy */
	pp[2] = peer_up_rr(f, "10.0.0.6", 6, 0x0a000006, true); /* rmap in */
	upd4(&u, NULL, 0, p8, 0x0a000008, NULL, n1);
	assert_int_equal(feed(f, pp[0], &u, &err), 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", pp[0]));
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));

	/* The same config again: nothing is re-examined or asked for. */
	reload(f, parse(conf_text), pp, 3);
	assert_int_equal(log.n, 0);
	assert_non_null(path_of(f, BGP_AF_IPV4, "192.0.2.0/24", pp[0]));

	/* The prefix-list changes: the stored routes of 10.0.0.8 go
	 * through it again at once (192 denied now, 203 permitted);
	 * 10.0.0.6 refers to it too and has no store: ROUTE-REFRESH;
	 * 10.0.0.2 has no policy: left alone. */
	reload(f, parse_edit("permit 192.0.0.0/8 le 24",
			     "permit 203.0.0.0/8 le 24"), pp, 3);
	assert_null(entry(f, BGP_AF_IPV4, "192.0.2.0/24"));
	assert_non_null(path_of(f, BGP_AF_IPV4, "203.0.113.0/24", pp[0]));
	assert_int_equal(rde_peer_stats(pp[0])->accepted[BGP_AF_IPV4], 1);
	assert_int_equal(log.n, 1);
	assert_ptr_equal(log.rp[0], pp[2]);
	assert_int_equal(log.af[0], BGP_AF_IPV4);

	/* A route-map in given to 10.0.0.8 (lists unchanged): applied to
	 * what is stored; nobody else is asked. */
	reload(f, parse_edit(" neighbor 10.0.0.8 prefix-list only-192 in\n",
			     " neighbor 10.0.0.8 route-map set-lp in\n"),
	       pp, 3);
	p = path_of(f, BGP_AF_IPV4, "192.0.2.0/24", pp[0]);
	assert_non_null(p);
	assert_int_equal(p->attr->local_pref, 200);
	assert_int_equal(p->weight, 7);
	assert_non_null(path_of(f, BGP_AF_IPV4, "203.0.113.0/24", pp[0]));
	assert_int_equal(log.n, 1);

	/* A weight for 10.0.0.2 (refresh-capable, no store; written under
	 * router bgp it is set in both families): refresh of each. */
	reload(f, parse_edit(" neighbor 10.0.0.2 weight 100\n",
			     " neighbor 10.0.0.2 weight 5\n"), pp, 3);
	assert_int_equal(log.n, 3);
	assert_ptr_equal(log.rp[1], pp[1]);
	assert_ptr_equal(log.rp[2], pp[1]);
	assert_int_equal(log.af[1], BGP_AF_IPV4);
	assert_int_equal(log.af[2], BGP_AF_IPV6);
	for (int i = 0; i < 3; i++)
		rde_peer_down(f->r, pp[i]);

	/* route-reflector-client taken away by a reload: the source's
	 * flag (which adv.c reads) follows. */
	pp[0] = peer_up(f, "10.0.0.3", 1, 0x0a000003);
	assert_true(rib_src_rr_client(rde_peer_src(pp[0]), BGP_AF_IPV4));
	reload(f, parse_edit(" neighbor 10.0.0.3 route-reflector-client\n",
			     ""), pp, 1);
	assert_false(rib_src_rr_client(rde_peer_src(pp[0]), BGP_AF_IPV4));
	rde_peer_down(f->r, pp[0]);
}

static void test_network(void **state)
{
	struct fx *f = *state;
	const struct rib_path *p;
	struct config *c2;

	p = rib_best(entry(f, BGP_AF_IPV4, "10.1.0.0/16"));
	assert_non_null(p);
	assert_int_equal(p->weight, 32768);
	assert_null(rib_path_nh(f->rib, p));
	assert_true(p->attr->has_med);
	assert_int_equal(p->attr->med, 0);
	assert_false(p->attr->has_local_pref);
	assert_int_equal(p->attr->origin, ORIGIN_IGP);
	assert_non_null(rib_best(entry(f, BGP_AF_IPV6, "2001:db8:1::/48")));

	/* Reload: 10.1.0.0/16 stays, the IPv6 network goes, one comes. */
	c2 = parse("router bgp 1\n"
		   " network 10.1.0.0/16\n"
		   " network 10.2.0.0/16\n");
	rde_apply(f->r, c2, RID);
	config_free(f->conf);
	f->conf = c2;
	assert_non_null(rib_best(entry(f, BGP_AF_IPV4, "10.1.0.0/16")));
	assert_non_null(rib_best(entry(f, BGP_AF_IPV4, "10.2.0.0/16")));
	assert_null(entry(f, BGP_AF_IPV6, "2001:db8:1::/48"));
	assert_int_equal(npaths(f, BGP_AF_IPV4, "10.1.0.0/16"), 1);

	/* No router bgp: everything local goes. */
	c2 = parse("hostname x\n");
	rde_apply(f->r, c2, 0);
	config_free(f->conf);
	f->conf = c2;
	assert_null(entry(f, BGP_AF_IPV4, "10.1.0.0/16"));
	assert_null(entry(f, BGP_AF_IPV4, "10.2.0.0/16"));
}

static void test_policy_in(void **state)
{
	struct fx *f = *state;
	struct rde_peer *a = peer_up(f, "10.0.0.6", 6, 0x0a000006);
	static const uint32_t pa[] = { 6, 0 };
	static const char *const n1[] = { "192.0.2.0/24", "203.0.113.0/24",
					   NULL };
	const struct rib_path *p;
	struct bgp_err err;
	struct ub u;

	upd4(&u, NULL, 0, pa, 0x0a000006, NULL, n1);
	assert_int_equal(feed(f, a, &u, &err), 0);
	/* prefix-list only-192 in: 203.0.113.0/24 is not accepted. */
	assert_null(entry(f, BGP_AF_IPV4, "203.0.113.0/24"));
	assert_int_equal(rde_peer_stats(a)->denied[BGP_AF_IPV4], 1);
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 1);
	/* route-map set-lp in: local-preference 200, weight 7. */
	p = path_of(f, BGP_AF_IPV4, "192.0.2.0/24", a);
	assert_non_null(p);
	assert_true(p->attr->has_local_pref);
	assert_int_equal(p->attr->local_pref, 200);
	assert_int_equal(p->weight, 7);
	assert_int_equal(first_as(p), 6);
	rde_peer_down(f->r, a);
}

static void test_network_route_map(void **state)
{
	struct fx *f = *state;
	const struct rib_path *p;

	/* network 10.3.0.0/16 route-map net-med: set metric 55. */
	p = rib_best(entry(f, BGP_AF_IPV4, "10.3.0.0/16"));
	assert_non_null(p);
	assert_true(p->attr->has_med);
	assert_int_equal(p->attr->med, 55);
	assert_int_equal(p->weight, 32768);
	/* network 10.4.0.0/16 route-map deny-all: not originated. */
	assert_null(entry(f, BGP_AF_IPV4, "10.4.0.0/16"));
}

/* A peer with more paths than the synchronous limit is flushed from
 * the loop, in slices. */
static void test_flush_slices(void **state)
{
	struct fx *f = *state;
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct rde *r = rde_new(loop, NULL);
	struct rde *save = f->r;
	struct rde_peer *a;
	static const uint32_t pa[] = { 2, 0 };
	char pfx[6000][20];
	const char *nl[1001];
	struct bgp_err err;
	struct rib_stats st;
	struct ub u;
	int k, j, spins = 0;
	size_t local;

	f->r = r;
	f->rib = rde_rib(r);
	rde_apply(r, f->conf, RID);
	rib_stats(rde_rib(r), &st);
	local = st.paths[BGP_AF_IPV4];
	a = peer_up(f, "10.0.0.2", 2, 0x0a000002);
	for (k = 0; k < 6; k++) {
		for (j = 0; j < 1000; j++) {
			snprintf(pfx[k * 1000 + j], sizeof(pfx[0]),
				 "%d.%d.%d.0/24", 100 + k, j / 256, j % 256);
			nl[j] = pfx[k * 1000 + j];
		}
		nl[1000] = NULL;
		upd4(&u, NULL, 0, pa, 0x0a000002, NULL, nl);
		assert_int_equal(feed(f, a, &u, &err), 0);
	}
	assert_int_equal(rde_peer_stats(a)->accepted[BGP_AF_IPV4], 6000);
	rde_peer_down(r, a);
	assert_int_equal(rde_flushing(r), 1);
	while (rde_flushing(r) && spins++ < 1000)
		ev_run(loop, EVRUN_NOWAIT);
	assert_int_equal(rde_flushing(r), 0);
	assert_true(spins > 1);
	rib_stats(rde_rib(r), &st);
	/* Only the local `network` paths are left. */
	assert_true(local > 0);
	assert_int_equal(st.paths[BGP_AF_IPV4], local);
	rde_free(r);
	ev_loop_destroy(loop);
	f->r = save;
	f->rib = rde_rib(save);
}

/* ---- show ipv6 bgp: the seed's as1ra table, byte for byte ----------- */

/* An IPv6 UPDATE: ORIGIN IGP, AS_PATH as, MED med (< 0: none),
 * MP_REACH with a 16-byte next hop and one prefix. */
static size_t upd6(struct ub *u, const uint32_t *as, long med,
		   const char *nh, const char *pfx)
{
	struct ipaddr a;
	size_t i, nas = 0, al;

	assert_int_equal(ipaddr_parse(nh, &a), 0);
	u->n = 0;
	put16(u, 0);
	put16(u, 0);
	put_hex(u, "40 01 01 00 40 02");
	while (as[nas])
		nas++;
	put8(u, 2 + 4 * nas);
	put8(u, 2);
	put8(u, nas);
	for (i = 0; i < nas; i++)
		put32(u, as[i]);
	if (med >= 0) {
		put_hex(u, "80 04 04");
		put32(u, (uint32_t)med);
	}
	put_hex(u, "90 0e 00 1e 00 02 01 10");
	for (i = 0; i < 16; i++)
		put8(u, a.a[i]);
	put8(u, 0);
	put_nlri(u, pfx);
	al = u->n - 4;
	u->b[2] = (uint8_t)(al >> 8);
	u->b[3] = (uint8_t)al;
	return u->n;
}

static void cap_line(const char *line, void *arg)
{
	char **buf = arg;
	size_t n = *buf ? strlen(*buf) : 0;

	*buf = realloc(*buf, n + strlen(line) + 2);
	assert_non_null(*buf);
	strcpy(*buf + n, line);
	strcat(*buf + n, "\n");
}

/* ../shared/seeds/000_bb8d63c99a2ebb10.txt, as1ra> show ipv6 bgp */
static const char *const seed_table =
	"BGP table version is 0, local router ID is 0.0.0.2\n"
	"Status codes: s suppressed, d damped, h history, * valid, > best, "
	"= multipath,\n"
	"              i internal, r RIB-failure, S Stale, R Removed\n"
	"Origin codes: i - IGP, e - EGP, ? - incomplete\n"
	"\n"
	"   Network          Next Hop            Metric LocPrf Weight Path\n"
	"*> 2001:1234:1::/64 ::                       0         32768 i\n"
	"*  2001:1234:2::/64 2001:13::c                             0 3 2 i\n"
	"*>                  2001:12::b               0             0 2 i\n"
	"*  2001:1234:3::/64 2001:12::b                             0 2 3 i\n"
	"*>                  2001:13::c               0             0 3 i\n"
	"*  2001:1234:4::/64 2001:13::c                             0 3 2 4 i\n"
	"*>                  2001:12::b                             0 2 4 i\n"
	"\n"
	"Displayed  4 out of 7 total prefixes\n";

static const char *const as1ra_conf =
	"hostname as1ra\n"
	"password zebra\n"
	"router bgp 1\n"
	"    bgp router-id 0.0.0.2\n"
	"    bgp bestpath compare-routerid\n"
	"    neighbor 2001:12::b remote-as 2\n"
	"    neighbor 2001:12::b ebgp-multihop\n"
	"    neighbor 2001:13::c remote-as 3\n"
	"    neighbor 2001:13::c ebgp-multihop\n"
	"    address-family ipv6\n"
	"    network 2001:1234:1::/64\n"
	"    neighbor 2001:12::b activate\n"
	"    neighbor 2001:12::b next-hop-self all\n"
	"    neighbor 2001:13::c activate\n"
	"    neighbor 2001:13::c next-hop-self all\n"
	"    exit-address-family\n";

static struct rde_peer *seed_peer(struct rde *r, const char *addr,
				  uint32_t as, uint32_t id)
{
	struct rde_peer_desc d;

	memset(&d, 0, sizeof(d));
	assert_int_equal(ipaddr_parse(addr, &d.addr), 0);
	d.remote_as = as;
	d.remote_id = id;
	d.as4 = true;
	d.af[BGP_AF_IPV6] = true;
	return rde_peer_up(r, NULL, &d);
}

static void test_show_seed(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct bgp_opts o = { 0, NULL, true, NULL };
	struct bgp *b = bgp_new(loop, &o);
	static const uint32_t p2[] = { 2, 0 }, p24[] = { 2, 4, 0 },
			      p3[] = { 3, 0 }, p32[] = { 3, 2, 0 },
			      p324[] = { 3, 2, 4, 0 }, p23[] = { 2, 3, 0 };
	struct rde_peer *rb, *rc;
	struct vty_cli *vc;
	struct bgp_err err;
	char *text = NULL;
	struct rde *r;
	struct ub u;

	(void)state;
	assert_non_null(b);
	bgp_apply(b, parse(as1ra_conf));
	r = bgp_rde(b);
	rb = seed_peer(r, "2001:12::b", 2, 0x00000003);
	rc = seed_peer(r, "2001:13::c", 3, 0x00000004);
	/* In the order that gives the seed's path order (most recently
	 * added first). */
	upd6(&u, p2, 0, "2001:12::b", "2001:1234:2::/64");
	assert_int_equal(rde_update(r, rb, u.b, u.n, &err), 0);
	upd6(&u, p24, -1, "2001:12::b", "2001:1234:4::/64");
	assert_int_equal(rde_update(r, rb, u.b, u.n, &err), 0);
	upd6(&u, p3, 0, "2001:13::c", "2001:1234:3::/64");
	assert_int_equal(rde_update(r, rc, u.b, u.n, &err), 0);
	upd6(&u, p32, -1, "2001:13::c", "2001:1234:2::/64");
	assert_int_equal(rde_update(r, rc, u.b, u.n, &err), 0);
	upd6(&u, p324, -1, "2001:13::c", "2001:1234:4::/64");
	assert_int_equal(rde_update(r, rc, u.b, u.n, &err), 0);
	upd6(&u, p23, -1, "2001:12::b", "2001:1234:3::/64");
	assert_int_equal(rde_update(r, rb, u.b, u.n, &err), 0);

	vty_bgp_attach(b);
	vty_install_route();
	vc = vty_cli_open(VTY_VIEW, cap_line, &text);
	assert_non_null(vc);
	assert_int_equal(vty_cli_exec(vc, "show ipv6 bgp"), 0);
	assert_string_equal(text, seed_table);
	/* Quagga 1.2: plain "show bgp" is the IPv6 table too. */
	free(text);
	text = NULL;
	assert_int_equal(vty_cli_exec(vc, "show bgp"), 0);
	assert_string_equal(text, seed_table);
	free(text);
	text = NULL;
	assert_int_equal(vty_cli_exec(vc, "show ip bgp"), 0);
	assert_string_equal(text, "No BGP prefixes displayed, 0 exist\n");
	free(text);
	text = NULL;
	/* Detail of a prefix learned twice; an address asks for the
	 * longest match (quagga-vty.md 5). */
	assert_int_equal(vty_cli_exec(vc, "show ipv6 bgp 2001:1234:2::1"), 0);
	assert_non_null(strstr(text,
		"BGP routing table entry for 2001:1234:2::/64\n"
		"Paths: (2 available, best #2, table "
		"Default-IP-Routing-Table)\n"
		"  Not advertised to any peer\n"
		"  3 2\n"
		"    2001:13::c from 2001:13::c (0.0.0.4)\n"
		"      Origin IGP, localpref 100, valid, external\n"
		"      Last update: "));
	assert_non_null(strstr(text,
		"  2\n"
		"    2001:12::b from 2001:12::b (0.0.0.3)\n"
		"      Origin IGP, metric 0, localpref 100, valid, external, "
		"best\n"
		"      Last update: "));
	free(text);
	text = NULL;
	assert_int_not_equal(vty_cli_exec(vc, "show bgp 2001:1234:9::/64"), 0);
	assert_string_equal(text, "% Network not in table\n");
	free(text);
	text = NULL;
	/* A peer going down takes its paths away. */
	rde_peer_down(r, rc);
	assert_int_equal(vty_cli_exec(vc, "show bgp ipv6 unicast"), 0);
	assert_non_null(strstr(text, "Displayed  4 out of 4 total prefixes"));
	assert_null(strstr(text, "2001:13::c"));
	free(text);
	text = NULL;
	assert_int_equal(vty_cli_exec(vc, "show ipv6 bgp 2001:1234:1::/64"),
			 0);
	assert_non_null(strstr(text, "BGP routing table entry for "
				     "2001:1234:1::/64\n"
				     "Paths: (1 available, best #1, table "
				     "Default-IP-Routing-Table)\n"));
	assert_non_null(strstr(text, "  Local\n    :: from :: (0.0.0.2)\n"
				     "      Origin IGP, metric 0, localpref "
				     "100, weight 32768, valid, sourced, "
				     "local, best\n"));
	free(text);
	vty_cli_close(vc);
	vty_bgp_attach(NULL);
	rde_peer_down(r, rb);
	bgp_free(b);
	ev_loop_destroy(loop);
}

/* Chunks: a table longer than VTY_CHUNK_LINES comes out whole. */
static void test_show_chunks(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct bgp_opts o = { 0, NULL, true, NULL };
	struct bgp *b = bgp_new(loop, &o);
	static const uint32_t pa[] = { 2, 0 };
	char pfx[1000][20];
	const char *nl[1001];
	struct rde_peer *a;
	struct vty_cli *vc;
	struct rde_peer_desc d;
	struct bgp_err err;
	char *text = NULL, *s;
	struct ub u;
	int j, rows = 0;

	(void)state;
	bgp_apply(b, parse("router bgp 1\n bgp router-id 10.0.0.1\n"));
	memset(&d, 0, sizeof(d));
	ipaddr_parse("10.0.0.2", &d.addr);
	d.remote_as = 2;
	d.as4 = true;
	d.af[BGP_AF_IPV4] = true;
	a = rde_peer_up(bgp_rde(b), NULL, &d);
	for (j = 0; j < 1000; j++) {
		snprintf(pfx[j], sizeof(pfx[0]), "11.%d.%d.0/24", j / 256,
			 j % 256);
		nl[j] = pfx[j];
	}
	nl[1000] = NULL;
	upd4(&u, NULL, 0, pa, 0x0a000002, NULL, nl);
	assert_int_equal(rde_update(bgp_rde(b), a, u.b, u.n, &err), 0);
	vty_bgp_attach(b);
	vty_install_route();
	vc = vty_cli_open(VTY_VIEW, cap_line, &text);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp"), 0);
	for (s = text; (s = strstr(s, "*> 11.")) != NULL; s++)
		rows++;
	assert_int_equal(rows, 1000);
	assert_non_null(strstr(text, "*> 11.0.0.0/24      10.0.0.2"));
	assert_non_null(strstr(text, "Displayed  1000 out of 1000 total"));
	free(text);
	vty_cli_close(vc);
	vty_bgp_attach(NULL);
	rde_peer_down(bgp_rde(b), a);
	bgp_free(b);
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_announce_withdraw, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_best_and_peer_down, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_treat_as_withdraw, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_session_reset, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_prefix, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_mp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_network, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_slices, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_policy_in, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_network_route_map, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_soft_in_stored, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rr_client_src, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_onlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_maxas_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_attr_discard, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_redistribute, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_soft_in_refresh, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_own_route_reflected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_policy_reload, setup,
						teardown),
		cmocka_unit_test(test_show_seed),
		cmocka_unit_test(test_show_chunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
