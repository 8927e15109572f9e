/*
 * test_nexthop.c: next-hop tracking with fake kernel events: resolution
 * (reachable, IGP metric = the kernel route's metric, interface),
 * resolve-via-default, forwarding for installation, the connected-network
 * rule, and the debounced re-evaluation on a real libev loop: a burst of
 * changes is one run, reported within 100 ms, only for changed states.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nexthop.h"

#define UPF (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

struct fx {
	struct ev_loop *loop;
	struct mirror *m;
	struct nexthop *nh;
	int changed, fwd_changed;
	struct ipaddr last;
	struct rib_nh_state last_st;
	ev_tstamp t_changed;
};

static void on_changed(void *arg, const struct ipaddr *a,
		       const struct rib_nh_state *st)
{
	struct fx *f = arg;

	f->changed++;
	f->last = *a;
	f->last_st = *st;
	ev_now_update(f->loop);
	f->t_changed = ev_now(f->loop);
	ev_break(f->loop, EVBREAK_ONE);
}

static void on_fwd(void *arg, const struct ipaddr *a)
{
	struct fx *f = arg;

	(void)a;
	f->fwd_changed++;
}

static void mirror_cb(void *arg, const struct mirror_change *c)
{
	struct fx *f = arg;

	nexthop_mirror_changed(f->nh, c);
}

static void link_set(struct fx *f, uint32_t ifindex, uint32_t flags, uint8_t oper)
{
	struct fib_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	l.flags = flags;
	l.operstate = oper;
	mirror_link_update(f->m, &l);
}

static void route(struct fx *f, const char *dst, const char *gw, uint32_t ifindex,
		  uint32_t metric, bool del)
{
	struct fib_route r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(prefix_parse(dst, &r.dst, NULL), 0);
	r.table = RT_TABLE_MAIN;
	r.metric = metric;
	r.protocol = RTPROT_KERNEL;
	r.type = FIB_RT_UNICAST;
	r.n_nh = 1;
	if (gw)
		assert_int_equal(ipaddr_parse(gw, &r.nh[0].gw), 0);
	r.nh[0].ifindex = ifindex;
	mirror_route_update(f->m, &r, del, false);
}

static int setup(void **state)
{
	static struct fx f;
	struct mirror_ops mo;
	struct nexthop_notify nn = { on_changed, on_fwd, &f };
	struct nexthop_cfg cfg = { false };

	memset(&f, 0, sizeof(f));
	mo.changed = mirror_cb;
	mo.own_route = NULL;
	mo.arg = &f;
	f.loop = ev_loop_new(EVFLAG_AUTO);
	f.m = mirror_new(&mo, RT_TABLE_MAIN);
	f.nh = nexthop_new(f.loop, f.m, &cfg, &nn);
	/* The seed lab's as1ra: eth1 to as2rb, eth2 to as3rc. */
	link_set(&f, 2, UPF, IF_OPER_UP);
	link_set(&f, 3, UPF, IF_OPER_UP);
	route(&f, "2001:12::/64", NULL, 2, 256, false);
	route(&f, "2001:13::/64", NULL, 3, 256, false);
	route(&f, "10.20.0.0/16", "2001:13::c", 3, 30, false);	/* an IGP route */
	route(&f, "::/0", "2001:13::c", 3, 1024, false);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	nexthop_free(f->nh);
	mirror_free(f->m);
	ev_loop_destroy(f->loop);
	return 0;
}

static struct rib_nh_state resolve(struct fx *f, const char *addr)
{
	struct rib_nh_state st;
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(addr, &a), 0);
	nexthop_resolve(f->nh, &a, &st);
	return st;
}

static void test_resolve_connected_and_metric(void **state)
{
	struct fx *f = *state;
	struct rib_nh_state st = resolve(f, "2001:12::b");
	struct fib_nexthop fwd;
	struct ipaddr a;

	assert_true(st.reachable);
	assert_int_equal(st.metric, 256);	/* the kernel route's metric */
	assert_int_equal(st.ifindex, 2);
	/* Connected: the next hop is its own gateway. */
	assert_int_equal(ipaddr_parse("2001:12::b", &a), 0);
	assert_int_equal(nexthop_fwd(f->nh, &a, &fwd), 0);
	assert_int_equal(ipaddr_cmp(&fwd.gw, &a), 0);
	assert_int_equal(fwd.ifindex, 2);
}

static void test_resolve_recursive_and_default(void **state)
{
	struct fx *f = *state;
	struct rib_nh_state st;
	struct nexthop_cfg cfg = { true };
	struct fib_nexthop fwd;
	struct ipaddr a, gw;

	/* An iBGP next hop behind an IGP route: the IGP route's gateway. */
	st = resolve(f, "10.20.1.1");
	assert_true(st.reachable);
	assert_int_equal(st.metric, 30);
	assert_int_equal(ipaddr_parse("10.20.1.1", &a), 0);
	/* (an IPv4 address via an IPv6 gateway: RFC 8950 style) */
	assert_int_equal(nexthop_fwd(f->nh, &a, &fwd), 0);
	assert_int_equal(ipaddr_parse("2001:13::c", &gw), 0);
	assert_int_equal(ipaddr_cmp(&fwd.gw, &gw), 0);
	/* Only the default route covers it: not by default. */
	st = resolve(f, "2001:99::1");
	assert_false(st.reachable);
	f->changed = 0;
	nexthop_set_cfg(f->nh, &cfg);
	assert_int_equal(f->changed, 1);	/* 2001:99::1 is now reachable */
	assert_true(f->last_st.reachable);
	assert_int_equal(f->last_st.metric, 1024);
}

static void stop_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ONE);
}

static void run_for(struct fx *f, double secs)
{
	ev_timer t;

	ev_timer_init(&t, stop_cb, secs, 0.);
	ev_timer_start(f->loop, &t);
	ev_run(f->loop, 0);
	ev_timer_stop(f->loop, &t);
}

static void test_carrier_loss_reported_within_100ms(void **state)
{
	struct fx *f = *state;
	struct nexthop_stats ns;
	ev_tstamp t0;
	struct ipaddr b;
	int i;

	assert_true(resolve(f, "2001:12::b").reachable);
	assert_true(resolve(f, "2001:13::c").reachable);
	f->changed = 0;
	ev_now_update(f->loop);
	t0 = ev_now(f->loop);
	/* as2rb's side goes down: a burst of events for eth1. */
	link_set(f, 2, IFF_UP, IF_OPER_LOWERLAYERDOWN);
	for (i = 0; i < 50; i++)
		route(f, "2001:12::/64", NULL, 2, 256, false);
	assert_int_equal(f->changed, 0);	/* debounced, not yet */
	run_for(f, 0.2);
	assert_int_equal(f->changed, 1);	/* only 2001:12::b changed */
	assert_int_equal(ipaddr_parse("2001:12::b", &b), 0);
	assert_int_equal(ipaddr_cmp(&f->last, &b), 0);
	assert_false(f->last_st.reachable);
	assert_true(f->t_changed - t0 < 0.1);
	nexthop_stats(f->nh, &ns);
	assert_int_equal(ns.runs, 1);		/* one run for the burst */
	assert_int_equal(ns.tracked, 2);
	assert_int_equal(ns.reachable, 1);
	/* Carrier back: reachable again, through the loop as well. */
	link_set(f, 2, UPF, IF_OPER_UP);
	run_for(f, 0.2);
	assert_int_equal(f->changed, 2);
	assert_true(f->last_st.reachable);
}

static void test_route_change_affects_covered_only(void **state)
{
	struct fx *f = *state;

	assert_true(resolve(f, "10.20.1.1").reachable);
	assert_true(resolve(f, "2001:12::b").reachable);
	f->changed = 0;
	/* The IGP metric changes: 10.20.1.1's metric follows. */
	route(f, "10.20.0.0/16", "2001:13::c", 3, 30, true);
	route(f, "10.20.0.0/16", "2001:13::c", 3, 40, false);
	nexthop_run_pending(f->nh);
	assert_int_equal(f->changed, 1);
	assert_int_equal(f->last_st.metric, 40);
	/* A more specific route appears: the next hop moves to it. */
	f->fwd_changed = 0;
	route(f, "10.20.1.0/24", "2001:12::b", 2, 10, false);
	nexthop_run_pending(f->nh);
	assert_int_equal(f->changed, 2);
	assert_int_equal(f->last_st.ifindex, 2);
	assert_int_equal(f->fwd_changed, 1);
	/* Released: no more reports about it. */
	nexthop_release(f->nh, &f->last);
	route(f, "10.20.1.0/24", NULL, 2, 10, true);
	nexthop_run_pending(f->nh);
	assert_int_equal(f->changed, 2);
}

static void test_onlink_rule(void **state)
{
	struct fx *f = *state;
	struct fib_addr a;
	struct ipaddr x;
	uint32_t ifx;

	memset(&a, 0, sizeof(a));
	a.ifindex = 3;
	assert_int_equal(prefix_parse("2001:13::/64", &a.prefix, NULL), 0);
	assert_int_equal(ipaddr_parse("2001:13::a", &a.addr), 0);
	mirror_addr_update(f->m, &a);
	assert_int_equal(ipaddr_parse("2001:13::c", &x), 0);
	assert_true(nexthop_onlink(f->nh, &x, &ifx));
	assert_int_equal(ifx, 3);
	/* Reachable through a route, but not on a connected network. */
	assert_int_equal(ipaddr_parse("10.20.1.1", &x), 0);
	assert_false(nexthop_onlink(f->nh, &x, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve_connected_and_metric, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_recursive_and_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carrier_loss_reported_within_100ms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_change_affects_covered_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_onlink_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
