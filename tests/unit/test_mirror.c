/*
 * test_mirror.c: the kernel mirror: longest match among usable routes,
 * linkdown and carrier handling, okapi's own routes and echoes, the
 * silent IPv4 flush on admin down, resync sweeps, connected networks.
 * Kernel state is fed as parsed values and, for the echo rule, as real
 * messages built with nlmsg.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "mirror.h"

#define UPF (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

struct rec {
	int changes, links, addrs, routes;
	int own, own_del, own_dump;
	struct fib_route last_own;
};

static void on_change(void *arg, const struct mirror_change *c)
{
	struct rec *r = arg;

	r->changes++;
	r->links += c->kind == MIRROR_CHG_LINK;
	r->addrs += c->kind == MIRROR_CHG_ADDR;
	r->routes += c->kind == MIRROR_CHG_ROUTE;
}

static void on_own(void *arg, const struct fib_route *rt, bool deleted,
		   bool from_dump)
{
	struct rec *r = arg;

	r->own++;
	r->own_del += deleted;
	r->own_dump += from_dump;
	r->last_own = *rt;
}

static struct mirror *new_mirror(struct rec *r, uint32_t table)
{
	struct mirror_ops ops = { on_change, on_own, r };

	memset(r, 0, sizeof(*r));
	return mirror_new(&ops, table);
}

static void link_set(struct mirror *m, uint32_t ifindex, uint32_t flags,
		     uint8_t oper)
{
	struct fib_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	l.flags = flags;
	l.operstate = oper;
	snprintf(l.name, sizeof(l.name), "eth%u", ifindex);
	mirror_link_update(m, &l);
}

static struct fib_route mk(const char *dst, const char *gw, uint32_t ifindex,
			   uint32_t metric, uint8_t proto)
{
	struct fib_route r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(prefix_parse(dst, &r.dst, NULL), 0);
	r.table = RT_TABLE_MAIN;
	r.metric = metric;
	r.protocol = proto;
	r.type = FIB_RT_UNICAST;
	r.n_nh = 1;
	if (gw)
		assert_int_equal(ipaddr_parse(gw, &r.nh[0].gw), 0);
	r.nh[0].ifindex = ifindex;
	return r;
}

static void add(struct mirror *m, const char *dst, const char *gw,
		uint32_t ifindex, uint32_t metric)
{
	struct fib_route r = mk(dst, gw, ifindex, metric, RTPROT_STATIC);

	mirror_route_update(m, &r, false, false);
}

/* Longest match: "prefix metric" of the resolving route, or "none". */
static const char *lookup(struct mirror *m, const char *addr, bool dflt)
{
	static char out[80];
	struct mirror_match mm;
	struct ipaddr a;
	char p[PREFIX_STRLEN];

	assert_int_equal(ipaddr_parse(addr, &a), 0);
	if (mirror_lookup(m, &a, dflt, &mm) < 0)
		return "none";
	snprintf(out, sizeof(out), "%s %u if%u", prefix_fmt(&mm.dst, p, sizeof(p)),
		 mm.metric, mm.nh.ifindex);
	return out;
}

static struct mirror *three_routes(struct rec *r)
{
	struct mirror *m = new_mirror(r, RT_TABLE_MAIN);

	link_set(m, 2, UPF, IF_OPER_UP);
	link_set(m, 3, UPF, IF_OPER_UP);
	add(m, "10.0.0.0/8", "192.0.2.1", 2, 10);
	add(m, "10.1.0.0/16", "198.51.100.1", 3, 5);
	add(m, "0.0.0.0/0", "192.0.2.254", 2, 0);
	return m;
}

static void test_longest_match(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);

	(void)state;
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.1.0.0/16 5 if3");
	assert_string_equal(lookup(m, "10.2.3.4", false), "10.0.0.0/8 10 if2");
	assert_string_equal(lookup(m, "10.255.255.255", false), "10.0.0.0/8 10 if2");
	/* The default route only with resolve-via-default. */
	assert_string_equal(lookup(m, "203.0.113.9", false), "none");
	assert_string_equal(lookup(m, "203.0.113.9", true), "0.0.0.0/0 0 if2");
	assert_string_equal(lookup(m, "2001:db8::1", true), "none");
	mirror_free(m);
}

static void test_lowest_metric_of_a_prefix(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);

	(void)state;
	add(m, "10.1.0.0/16", "192.0.2.7", 2, 100);
	assert_string_equal(lookup(m, "10.1.0.1", false), "10.1.0.0/16 5 if3");
	/* The better one goes: the other route of the prefix takes over. */
	struct fib_route d = mk("10.1.0.0/16", NULL, 0, 5, RTPROT_STATIC);

	mirror_route_update(m, &d, true, false);
	assert_string_equal(lookup(m, "10.1.0.1", false), "10.1.0.0/16 100 if2");
	mirror_free(m);
}

static void test_linkdown_route_skipped(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);
	struct fib_route x = mk("10.1.0.0/16", "198.51.100.1", 3, 5, RTPROT_STATIC);

	(void)state;
	/* Link 3 without carrier: its route is skipped. */
	link_set(m, 3, IFF_UP, IF_OPER_LOWERLAYERDOWN);
	x.nh[0].flags = RTNH_F_LINKDOWN;
	mirror_route_update(m, &x, false, false);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.0.0.0/8 10 if2");
	/* Carrier back: the kernel clears the flag without a message (a
	 * route read by a resync dump while the link was down keeps it
	 * here); the link's state decides, the stale flag does not. */
	link_set(m, 3, UPF, IF_OPER_UP);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.1.0.0/16 5 if3");
	x.nh[0].flags = RTNH_F_DEAD;
	mirror_route_update(m, &x, false, false);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.1.0.0/16 5 if3");
	mirror_free(m);
}

static void test_multipath_first_usable(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);
	struct fib_route x = mk("172.16.0.0/12", "198.51.100.1", 3, 7, RTPROT_STATIC);

	(void)state;
	x.n_nh = 2;
	link_set(m, 3, IFF_UP, IF_OPER_LOWERLAYERDOWN);	/* nh[0]'s link */
	x.nh[0].flags = RTNH_F_LINKDOWN;
	assert_int_equal(ipaddr_parse("192.0.2.9", &x.nh[1].gw), 0);
	x.nh[1].ifindex = 2;
	mirror_route_update(m, &x, false, false);
	assert_string_equal(lookup(m, "172.16.1.1", false), "172.16.0.0/12 7 if2");
	mirror_free(m);
}

static void test_carrier_loss(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);

	(void)state;
	assert_true(mirror_link_usable(m, 3));
	/* Far end down: the veth stays IFF_UP but loses RUNNING/LOWER_UP. */
	r.links = 0;
	link_set(m, 3, IFF_UP, IF_OPER_LOWERLAYERDOWN);
	assert_int_equal(r.links, 1);
	assert_false(mirror_link_usable(m, 3));
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.0.0.0/8 10 if2");
	/* The route stays in the mirror (the kernel keeps it too). */
	link_set(m, 3, UPF, IF_OPER_UP);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.1.0.0/16 5 if3");
	/* Operstate down with the flags still set does not count either. */
	link_set(m, 3, UPF, IF_OPER_DOWN);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.0.0.0/8 10 if2");
	/* Loopback and dummies say "unknown". */
	link_set(m, 3, UPF, IF_OPER_UNKNOWN);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.1.0.0/16 5 if3");
	/* A route on an interface the mirror does not know is not usable. */
	add(m, "10.1.2.0/24", NULL, 99, 0);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.1.0.0/16 5 if3");
	mirror_free(m);
}

static void test_admin_down_flushes_ipv4(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);
	struct mirror_stats st;

	(void)state;
	add(m, "2001:db8::/32", "fe80::1", 3, 1024);
	mirror_stats(m, &st);
	assert_int_equal(st.routes[0], 3);
	link_set(m, 3, 0, IF_OPER_DOWN);
	mirror_stats(m, &st);
	assert_int_equal(st.routes[0], 2);	/* 10.1/16 flushed like the kernel */
	assert_int_equal(st.routes[1], 1);	/* IPv6 reports its own */
	link_set(m, 3, UPF, IF_OPER_UP);
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.0.0.0/8 10 if2");
	/* Link deleted: its routes and addresses go. */
	link_set(m, 2, UPF, IF_OPER_UP);
	struct fib_link l = { .ifindex = 2, .deleted = true };

	mirror_link_update(m, &l);
	assert_null(mirror_link_get(m, 2));
	assert_string_equal(lookup(m, "10.2.3.4", true), "none");
	mirror_free(m);
}

static void test_own_routes_not_mirrored(void **state)
{
	struct rec r;
	struct mirror *m = new_mirror(&r, RT_TABLE_MAIN);
	struct fib_route own = mk("10.9.0.0/16", "192.0.2.1", 2, 20, 186);
	struct mirror_stats st;

	(void)state;
	link_set(m, 2, UPF, IF_OPER_UP);
	mirror_route_update(m, &own, false, true);
	assert_int_equal(r.own, 1);
	assert_int_equal(r.own_dump, 1);
	assert_string_equal(lookup(m, "10.9.1.1", false), "none");
	mirror_route_update(m, &own, true, false);
	assert_int_equal(r.own_del, 1);
	mirror_stats(m, &st);
	assert_int_equal(st.routes[0], 0);
	assert_int_equal(st.own_seen, 2);
	mirror_free(m);
}

static void test_other_bgp_routes_never_resolve(void **state)
{
	struct rec r;
	struct mirror *m = new_mirror(&r, 100);	/* okapi uses table 100 */
	struct fib_route frr = mk("10.9.0.0/16", "192.0.2.1", 2, 20, 186);

	(void)state;
	link_set(m, 2, UPF, IF_OPER_UP);
	/* Another BGP daemon's route in main: kept, never a resolver. */
	mirror_route_update(m, &frr, false, false);
	assert_int_equal(r.own, 0);
	assert_string_equal(lookup(m, "10.9.1.1", false), "none");
	/* Okapi's table is mirrored too; tables not watched are ignored. */
	frr.protocol = RTPROT_STATIC;
	frr.table = 100;
	mirror_route_update(m, &frr, false, false);
	assert_string_equal(lookup(m, "10.9.1.1", false), "10.9.0.0/16 20 if2");
	frr.table = 200;
	frr.dst.len = 24;
	mirror_route_update(m, &frr, false, false);
	assert_string_equal(lookup(m, "10.9.0.1", false), "10.9.0.0/16 20 if2");
	mirror_free(m);
}

static void test_echo_dropped_by_pid(void **state)
{
	static uint8_t buf[1024];
	struct rec r;
	struct mirror *m = new_mirror(&r, RT_TABLE_MAIN);
	struct fib_route x = mk("10.7.0.0/16", "192.0.2.1", 2, 20, 186);
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct mirror_stats st;

	(void)state;
	mirror_set_own_pid(m, 4242);
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &x, 1) > 0);
	nlh->nlmsg_pid = 4242;
	assert_int_equal(mirror_apply_event(m, nlh), 0);
	assert_int_equal(r.own, 0);
	mirror_stats(m, &st);
	assert_int_equal(st.echoes, 1);
	/* The kernel's own change of it (pid 0) is reported. */
	nlh->nlmsg_pid = 0;
	assert_int_equal(mirror_apply_event(m, nlh), 0);
	assert_int_equal(r.own, 1);
	/* A malformed message is counted, not applied. */
	nlh->nlmsg_len = 20;
	assert_int_equal(mirror_apply_event(m, nlh), -1);
	mirror_stats(m, &st);
	assert_int_equal(st.bad, 1);
	mirror_free(m);
}

static void test_resync_sweeps(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);
	struct mirror_stats st;
	struct fib_addr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.ifindex = 3;
	assert_int_equal(prefix_parse("198.51.100.0/24", &a.prefix, NULL), 0);
	assert_int_equal(ipaddr_parse("198.51.100.2", &a.addr), 0);
	mirror_addr_update(m, &a);
	mirror_resync_begin(m);
	/* The dump shows link 2 and the /8 only. */
	link_set(m, 2, UPF, IF_OPER_UP);
	add(m, "10.0.0.0/8", "192.0.2.1", 2, 10);
	r.changes = r.routes = 0;
	mirror_resync_end(m);
	mirror_stats(m, &st);
	assert_int_equal(st.links, 1);
	assert_int_equal(st.addrs, 0);
	assert_int_equal(st.routes[0], 1);
	assert_true(r.routes >= 2);	/* /16 and default reported gone */
	assert_string_equal(lookup(m, "10.1.2.3", false), "10.0.0.0/8 10 if2");
	mirror_free(m);
}

static void test_onlink(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);
	struct fib_addr a;
	struct ipaddr x;
	uint32_t ifx = 0;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.ifindex = 3;
	assert_int_equal(prefix_parse("2001:12::/64", &a.prefix, NULL), 0);
	assert_int_equal(ipaddr_parse("2001:12::a", &a.addr), 0);
	mirror_addr_update(m, &a);
	assert_int_equal(ipaddr_parse("2001:12::b", &x), 0);
	assert_true(mirror_onlink(m, &x, &ifx));
	assert_int_equal(ifx, 3);
	/* Our own address is not a next hop. */
	assert_false(mirror_onlink(m, &a.addr, NULL));
	assert_int_equal(ipaddr_parse("2001:13::c", &x), 0);
	assert_false(mirror_onlink(m, &x, NULL));
	/* Carrier loss: no longer connected. */
	assert_int_equal(ipaddr_parse("2001:12::b", &x), 0);
	link_set(m, 3, IFF_UP, IF_OPER_LOWERLAYERDOWN);
	assert_false(mirror_onlink(m, &x, NULL));
	link_set(m, 3, UPF, IF_OPER_UP);
	a.deleted = true;
	mirror_addr_update(m, &a);
	assert_false(mirror_onlink(m, &x, NULL));
	mirror_free(m);
}

static void test_unchanged_route_not_reported(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);

	(void)state;
	r.routes = 0;
	add(m, "10.0.0.0/8", "192.0.2.1", 2, 10);
	assert_int_equal(r.routes, 0);
	add(m, "10.0.0.0/8", "192.0.2.2", 2, 10);
	assert_int_equal(r.routes, 1);
	mirror_free(m);
}

/* ---- the route watch (fibsys_set_route_watch, for redistribute) ---- */

struct wrec {
	int adds, dels;
	char log[512];		/* "+P/M proto " or "-P/M " per call */
	struct mirror *m;
	size_t routes_seen;	/* mirror's count when called */
};

static void on_watch(void *arg, const struct fib_route *rt, bool deleted)
{
	struct wrec *w = arg;
	char p[PREFIX_STRLEN], one[80];
	struct mirror_stats st;

	w->adds += !deleted;
	w->dels += deleted;
	snprintf(one, sizeof(one), "%c%s/%u/%u ", deleted ? '-' : '+',
		 prefix_fmt(&rt->dst, p, sizeof(p)), rt->metric, rt->protocol);
	strncat(w->log, one, sizeof(w->log) - strlen(w->log) - 1);
	mirror_stats(w->m, &st);
	w->routes_seen = st.routes[0] + st.routes[1];
}

static void test_route_watch(void **state)
{
	struct rec r;
	struct wrec w;
	struct mirror *m = new_mirror(&r, RT_TABLE_MAIN);
	struct fib_route x;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.m = m;
	mirror_set_route_watch(m, on_watch, &w);
	link_set(m, 2, UPF, IF_OPER_UP);
	link_set(m, 3, UPF, IF_OPER_UP);
	add(m, "10.0.0.0/8", "192.0.2.1", 2, 10);
	assert_int_equal(w.routes_seen, 1);	/* called after the update */
	x = mk("192.0.2.0/24", NULL, 2, 0, RTPROT_KERNEL);
	mirror_route_update(m, &x, false, false);
	/* A second metric for one prefix is a route of its own. */
	add(m, "10.0.0.0/8", "198.51.100.1", 3, 20);
	/* Changed gateway: reported once with the new value. */
	add(m, "10.0.0.0/8", "192.0.2.9", 2, 10);
	/* Unchanged (a dump repeating it): not reported. */
	add(m, "10.0.0.0/8", "192.0.2.9", 2, 10);
	/* Okapi's own route: never. */
	x = mk("203.0.113.0/24", "192.0.2.1", 2, 20, FIB_PROTO_BGP);
	mirror_route_update(m, &x, false, false);
	assert_string_equal(w.log, "+10.0.0.0/8/10/4 +192.0.2.0/24/0/2 "
			    "+10.0.0.0/8/20/4 +10.0.0.0/8/10/4 ");
	/* A delete event: the mirror no longer has it when we are told. */
	w.log[0] = 0;
	x = mk("10.0.0.0/8", NULL, 0, 20, RTPROT_STATIC);
	mirror_route_update(m, &x, true, false);
	assert_int_equal(w.routes_seen, 2);
	assert_string_equal(w.log, "-10.0.0.0/8/20/4 ");
	/* Deleting what is not there says nothing. */
	mirror_route_update(m, &x, true, false);
	assert_string_equal(w.log, "-10.0.0.0/8/20/4 ");
	/* The silent IPv4 flush of a downed interface is reported. */
	w.log[0] = 0;
	link_set(m, 2, 0, IF_OPER_DOWN);
	assert_int_equal(w.routes_seen, 0);
	assert_int_equal(w.dels, 3);
	assert_non_null(strstr(w.log, "-10.0.0.0/8/10/4 "));
	assert_non_null(strstr(w.log, "-192.0.2.0/24/0/2 "));
	/* A resync sweep reports what the dump did not show. */
	link_set(m, 2, UPF, IF_OPER_UP);
	add(m, "10.2.0.0/16", "192.0.2.1", 2, 10);
	add(m, "2001:db8::/32", "2001:db8:ffff::1", 3, 1024);
	mirror_resync_begin(m);
	link_set(m, 2, UPF, IF_OPER_UP);
	link_set(m, 3, UPF, IF_OPER_UP);
	add(m, "10.2.0.0/16", "192.0.2.1", 2, 10);
	w.log[0] = 0;
	mirror_resync_end(m);
	assert_string_equal(w.log, "-2001:db8::/32/1024/4 ");
	/* NULL stops it. */
	mirror_set_route_watch(m, NULL, NULL);
	add(m, "10.3.0.0/16", "192.0.2.1", 2, 10);
	assert_string_equal(w.log, "-2001:db8::/32/1024/4 ");
	mirror_free(m);
}

struct wcount {
	int n, v6;
};

static int count_walk(const struct fib_route *rt, void *arg)
{
	struct wcount *c = arg;

	c->n++;
	c->v6 += rt->dst.af == AF_INET6;
	return 0;
}

static void test_route_walk(void **state)
{
	struct rec r;
	struct mirror *m = three_routes(&r);
	struct wcount c = { 0, 0 };

	(void)state;
	add(m, "2001:db8::/32", "2001:db8:ffff::1", 3, 1024);
	assert_int_equal(mirror_walk_routes(m, count_walk, &c), 0);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.v6, 1);
	mirror_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_longest_match),
		cmocka_unit_test(test_lowest_metric_of_a_prefix),
		cmocka_unit_test(test_linkdown_route_skipped),
		cmocka_unit_test(test_multipath_first_usable),
		cmocka_unit_test(test_carrier_loss),
		cmocka_unit_test(test_admin_down_flushes_ipv4),
		cmocka_unit_test(test_own_routes_not_mirrored),
		cmocka_unit_test(test_other_bgp_routes_never_resolve),
		cmocka_unit_test(test_echo_dropped_by_pid),
		cmocka_unit_test(test_resync_sweeps),
		cmocka_unit_test(test_onlink),
		cmocka_unit_test(test_unchanged_route_not_reported),
		cmocka_unit_test(test_route_watch),
		cmocka_unit_test(test_route_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
