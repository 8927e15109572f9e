/*
 * test_redist.c: which kernel routes `redistribute connected|static|
 * kernel` originates (redist.c), with a fake route feed standing in for
 * fibsys_set_route_watch / fibsys_walk_routes and a recorder for what
 * the RDE would be told: classification, the initial walk, kernel routes
 * coming and going, several routes of one prefix, config by difference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../daemon/config.h"
#include "nlmsg.h"
#include "redist.h"

/* ---- the fake feed ----------------------------------------------------- */

#define FEED_MAX 16

struct feed {
	struct fib_route r[FEED_MAX];
	int n;
	redist_route_fn fn;
	void *arg;
	int walks;
};

static void feed_watch(void *fa, redist_route_fn fn, void *arg)
{
	struct feed *f = fa;

	f->fn = fn;
	f->arg = arg;
}

static void feed_walk(void *fa, redist_route_fn fn, void *arg)
{
	struct feed *f = fa;
	int i;

	f->walks++;
	for (i = 0; i < f->n; i++)
		fn(arg, &f->r[i], false);
}

static struct fib_route route(const char *pfx, uint8_t proto, uint8_t scope,
			      uint32_t metric)
{
	struct fib_route r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(prefix_parse(pfx, &r.dst, NULL), 0);
	r.table = RT_TABLE_MAIN;
	r.protocol = proto;
	r.scope = scope;
	r.metric = metric;
	r.type = FIB_RT_UNICAST;
	r.n_nh = 1;
	return r;
}

/* The kernel adds (or changes) a route: the mirror has it, then the
 * watch hears of it. */
static void kadd(struct feed *f, struct fib_route r)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (prefix_cmp(&f->r[i].dst, &r.dst) == 0 &&
		    f->r[i].metric == r.metric && f->r[i].table == r.table)
			break;
	if (i == f->n) {
		assert_true(f->n < FEED_MAX);
		f->n++;
	}
	f->r[i] = r;
	if (f->fn)
		f->fn(f->arg, &r, false);
}

static void kdel(struct feed *f, const char *pfx, uint32_t metric)
{
	struct prefix p;
	struct fib_route r;
	int i;

	assert_int_equal(prefix_parse(pfx, &p, NULL), 0);
	for (i = 0; i < f->n; i++)
		if (prefix_cmp(&f->r[i].dst, &p) == 0 &&
		    f->r[i].metric == metric)
			break;
	assert_true(i < f->n);
	r = f->r[i];
	f->r[i] = f->r[--f->n];
	if (f->fn)
		f->fn(f->arg, &r, true);
}

/* ---- the recorder ------------------------------------------------------ */

struct rec {
	char state[32][80];	/* "prefix kind metric" per announced */
	int n;
	int announces, withdraws;
};

static int rec_find(struct rec *r, const char *pfx)
{
	int i;
	size_t l = strlen(pfx);

	for (i = 0; i < r->n; i++)
		if (strncmp(r->state[i], pfx, l) == 0 &&
		    r->state[i][l] == ' ')
			return i;
	return -1;
}

static void rec_announce(void *arg, enum bgp_af af, const struct prefix *p,
			 enum redist_kind k, uint32_t metric)
{
	struct rec *r = arg;
	char buf[PREFIX_STRLEN];
	int i;

	(void)af;
	prefix_fmt(p, buf, sizeof(buf));
	i = rec_find(r, buf);
	if (i < 0) {
		assert_true(r->n < 32);
		i = r->n++;
	}
	snprintf(r->state[i], sizeof(r->state[i]), "%s %s %u", buf,
		 redist_kind_name(k), metric);
	r->announces++;
}

static void rec_withdraw(void *arg, enum bgp_af af, const struct prefix *p)
{
	struct rec *r = arg;
	char buf[PREFIX_STRLEN];
	int i;

	(void)af;
	prefix_fmt(p, buf, sizeof(buf));
	i = rec_find(r, buf);
	assert_true(i >= 0);	/* never withdrawn without an announce */
	memmove(r->state[i], r->state[r->n - 1], sizeof(r->state[i]));
	r->n--;
	r->withdraws++;
}

static const char *state_of(struct rec *r, const char *pfx)
{
	int i = rec_find(r, pfx);

	return i < 0 ? "-" : r->state[i] + strlen(pfx) + 1;
}

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

/* ---- tests ---------------------------------------------------------------- */

static void test_classify(void **state)
{
	struct fib_route r;

	(void)state;
	r = route("10.0.0.0/24", RTPROT_KERNEL, RT_SCOPE_LINK, 0);
	assert_int_equal(redist_classify(&r), REDIST_CONNECTED);
	/* A kernel-protocol IPv4 route that is not an interface route. */
	r.scope = RT_SCOPE_UNIVERSE;
	assert_int_equal(redist_classify(&r), -1);
	r = route("2001:db8:1::/64", RTPROT_KERNEL, RT_SCOPE_UNIVERSE, 256);
	assert_int_equal(redist_classify(&r), REDIST_CONNECTED);
	r = route("fe80::/64", RTPROT_KERNEL, RT_SCOPE_UNIVERSE, 256);
	assert_int_equal(redist_classify(&r), -1);
	/* A link that lost carrier: zebra withdrew its connected routes. */
	r = route("10.0.0.0/24", RTPROT_KERNEL, RT_SCOPE_LINK, 0);
	r.nh[0].flags = RTNH_F_LINKDOWN;
	assert_int_equal(redist_classify(&r), -1);
	r = route("192.0.2.0/24", RTPROT_BOOT, RT_SCOPE_UNIVERSE, 0);
	assert_int_equal(redist_classify(&r), REDIST_STATIC);
	r.protocol = RTPROT_STATIC;
	assert_int_equal(redist_classify(&r), REDIST_STATIC);
	r.protocol = RTPROT_DHCP;
	assert_int_equal(redist_classify(&r), REDIST_KERNEL);
	/* Never: BGP's own, redirects, non-unicast. */
	r.protocol = FIB_PROTO_BGP;
	assert_int_equal(redist_classify(&r), -1);
	r.protocol = RTPROT_REDIRECT;
	assert_int_equal(redist_classify(&r), -1);
	r.protocol = RTPROT_STATIC;
	r.type = FIB_RT_BLACKHOLE;
	assert_int_equal(redist_classify(&r), -1);
}

static void test_feed_and_config(void **state)
{
	struct feed f;
	struct rec rc;
	struct redist_feed rf = { feed_watch, feed_walk, &f };
	struct redist_ops ops = { rec_announce, rec_withdraw, &rc };
	struct redist *rd;
	struct config *c1, *c2, *c3;

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(&rc, 0, sizeof(rc));
	kadd(&f, route("10.0.0.0/24", RTPROT_KERNEL, RT_SCOPE_LINK, 0));
	kadd(&f, route("2001:db8:1::/64", RTPROT_KERNEL, 0, 256));
	kadd(&f, route("fe80::/64", RTPROT_KERNEL, 0, 256));
	kadd(&f, route("192.0.2.0/24", RTPROT_BOOT, 0, 5));
	kadd(&f, route("198.51.100.0/24", RTPROT_DHCP, 0, 7));
	rd = redist_new(&rf, &ops);
	assert_non_null(rd);

	/* Nothing configured: nobody listens, nothing walked. */
	redist_apply(rd, NULL);
	assert_null(f.fn);
	assert_int_equal(f.walks, 0);

	/* IPv4 connected only. */
	c1 = parse("router bgp 1\n redistribute connected\n");
	redist_apply(rd, c1->bgp);
	assert_non_null(f.fn);
	assert_int_equal(f.walks, 1);
	assert_int_equal(rc.n, 1);
	assert_string_equal(state_of(&rc, "10.0.0.0/24"), "connected 0");
	assert_int_equal(redist_count(rd, BGP_AF_IPV4), 1);

	/* The kernel adds a connected network, then it goes. */
	kadd(&f, route("10.9.0.0/16", RTPROT_KERNEL, RT_SCOPE_LINK, 0));
	assert_string_equal(state_of(&rc, "10.9.0.0/16"), "connected 0");
	kdel(&f, "10.9.0.0/16", 0);
	assert_string_equal(state_of(&rc, "10.9.0.0/16"), "-");
	/* A route of a kind not asked for changes nothing. */
	kadd(&f, route("203.0.113.0/24", RTPROT_BOOT, 0, 0));
	assert_string_equal(state_of(&rc, "203.0.113.0/24"), "-");
	kdel(&f, "203.0.113.0/24", 0);

	/* Add static (IPv4) and connected (IPv6): by difference, with one
	 * more walk for the new kinds. */
	c2 = parse("router bgp 1\n redistribute connected\n"
		   " redistribute static\n"
		   " address-family ipv6\n  redistribute connected\n");
	redist_apply(rd, c2->bgp);
	assert_int_equal(f.walks, 2);
	assert_string_equal(state_of(&rc, "10.0.0.0/24"), "connected 0");
	assert_string_equal(state_of(&rc, "192.0.2.0/24"), "static 5");
	assert_string_equal(state_of(&rc, "2001:db8:1::/64"), "connected 256");
	assert_string_equal(state_of(&rc, "fe80::/64"), "-");
	assert_string_equal(state_of(&rc, "198.51.100.0/24"), "-");
	assert_int_equal(rc.n, 3);

	/* Two routes for one prefix: the lower metric counts; when it
	 * goes the other one does; when both go the prefix goes. */
	kadd(&f, route("192.0.2.0/24", RTPROT_STATIC, 0, 2));
	assert_string_equal(state_of(&rc, "192.0.2.0/24"), "static 2");
	kdel(&f, "192.0.2.0/24", 2);
	assert_string_equal(state_of(&rc, "192.0.2.0/24"), "static 5");
	/* A route that changes kind (reported once, no delete first). */
	kadd(&f, route("192.0.2.0/24", RTPROT_DHCP, 0, 5));
	assert_string_equal(state_of(&rc, "192.0.2.0/24"), "-");
	kadd(&f, route("192.0.2.0/24", RTPROT_BOOT, 0, 5));
	assert_string_equal(state_of(&rc, "192.0.2.0/24"), "static 5");

	/* kernel instead of static: every non-connected route, the boot
	 * one included (Quagga's zebra); connected gone in IPv4. */
	c3 = parse("router bgp 1\n redistribute kernel\n"
		   " address-family ipv6\n  redistribute connected\n");
	redist_apply(rd, c3->bgp);
	assert_string_equal(state_of(&rc, "10.0.0.0/24"), "-");
	assert_string_equal(state_of(&rc, "192.0.2.0/24"), "kernel 5");
	assert_string_equal(state_of(&rc, "198.51.100.0/24"), "kernel 7");
	assert_string_equal(state_of(&rc, "2001:db8:1::/64"), "connected 256");
	assert_int_equal(rc.n, 3);

	/* No redistribute at all: everything withdrawn, watch stopped. */
	redist_apply(rd, NULL);
	assert_int_equal(rc.n, 0);
	assert_null(f.fn);
	assert_int_equal(redist_count(rd, BGP_AF_IPV4), 0);
	redist_free(rd);
	config_free(c1);
	config_free(c2);
	config_free(c3);
}

/* Without a kernel module nothing is ever redistributed. */
static void test_no_feed(void **state)
{
	struct rec rc;
	struct redist_ops ops = { rec_announce, rec_withdraw, &rc };
	struct redist *rd = redist_new(NULL, &ops);
	struct config *c = parse("router bgp 1\n redistribute connected\n");

	(void)state;
	memset(&rc, 0, sizeof(rc));
	redist_apply(rd, c->bgp);
	assert_int_equal(rc.announces, 0);
	redist_free(rd);
	config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_feed_and_config),
		cmocka_unit_test(test_no_feed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
