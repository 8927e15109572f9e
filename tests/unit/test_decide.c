/*
 * test_decide.c: the decision process.  Each step on its own (two paths
 * that differ only there, compared both ways round, the step reported),
 * the knobs that change a step, eligibility, tie chains through several
 * steps, deterministic-med and the multipath set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

/* Not "config.h": a build directory may hold autoconf's of that name. */
#include "../../daemon/config.h"
#include "decide.h"
#include "fixture_attr.h"

static struct decide_cfg cfg;

struct fx {
	struct decide_src src;
	struct decide_path p;
};

/* A reachable eBGP path from peer addr (AS peer_as, router id rid). */
static void fx_init(struct fx *f, const char *addr, uint32_t peer_as,
		    uint32_t rid, struct attr *a)
{
	memset(f, 0, sizeof(*f));
	if (addr)
		assert_int_equal(ipaddr_parse(addr, &f->src.addr), 0);
	f->src.as = peer_as;
	f->src.router_id = rid;
	f->src.type = addr ? DECIDE_SRC_EBGP : DECIDE_SRC_LOCAL;
	f->p.src = &f->src;
	f->p.attr = a;
	f->p.flags = DECIDE_F_REACHABLE;
}

static int setup(void **state)
{
	(void)state;
	decide_cfg_default(&cfg);
	return 0;
}

/* a must beat b at step s, whichever is passed first. */
static void expect_win(struct fx *a, struct fx *b, enum decide_step s)
{
	struct decide_why why;

	assert_true(decide_cmp(&a->p, &b->p, &cfg, &why) < 0);
	if (why.step != s)
		fail_msg("decided by %s, expected %s", decide_step_str(why.step),
			 decide_step_str(s));
	assert_true(decide_cmp(&b->p, &a->p, &cfg, &why) > 0);
	assert_int_equal(why.step, s);
}

/* Two eBGP paths from AS 1 peers that tie up to the router id. */
struct pair {
	struct attr *xa, *ya;
	struct fx x, y;
};

static void pair_init(struct pair *pr, const char *path)
{
	pr->xa = fx_attr(path, 'i', -1, -1, "10.0.0.1");
	pr->ya = fx_attr(path, 'i', -1, -1, "10.0.0.2");
	fx_init(&pr->x, "10.0.0.1", 1, 0x01010101, pr->xa);
	fx_init(&pr->y, "10.0.0.2", 1, 0x02020202, pr->ya);
}

static void pair_free(struct pair *pr)
{
	fx_attr_free(pr->xa);
	fx_attr_free(pr->ya);
}

static void test_step1_weight(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.y.p.weight = 100;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_WEIGHT);
	pair_free(&pr);
}

static void test_step2_local_pref(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.ya->has_local_pref = true;
	pr.ya->local_pref = 200;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_LOCAL_PREF);
	/* A missing LOCAL_PREF is the configured default (100). */
	pr.ya->local_pref = 99;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_LOCAL_PREF);
	cfg.default_local_pref = 50;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_LOCAL_PREF);
	pr.ya->local_pref = 50;
	assert_true(decide_cmp(&pr.x.p, &pr.y.p, &cfg, NULL) < 0);	/* rid */
	pair_free(&pr);
}

static void test_step3_local_route(void **state)
{
	struct attr *la = fx_attr("", 'i', 0, -1, NULL);
	struct attr *ea = fx_attr("", 'i', 0, -1, "10.0.0.2");
	struct fx l, e;

	(void)state;
	fx_init(&l, NULL, 0, 0x09090909, la);
	fx_init(&e, "10.0.0.2", 1, 0x01010101, ea);
	e.src.type = DECIDE_SRC_IBGP;
	expect_win(&l, &e, DECIDE_STEP_LOCAL_ROUTE);
	fx_attr_free(la);
	fx_attr_free(ea);
}

static void test_step4_as_path(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2 3");
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("1 3");
	expect_win(&pr.y, &pr.x, DECIDE_STEP_AS_PATH);

	/* An AS_SET counts 1: "1 {5,6,7}" (2) beats "1 2 3" (3). */
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("1 {5,6,7}");
	assert_int_equal(aspath_hops(pr.ya->aspath), 2);
	expect_win(&pr.y, &pr.x, DECIDE_STEP_AS_PATH);

	/* Confed segments count 0, unless "bgp bestpath as-path confed". */
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("(65001 65002) 1 3");
	expect_win(&pr.y, &pr.x, DECIDE_STEP_AS_PATH);
	cfg.aspath_confed = true;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_AS_PATH);
	cfg.aspath_confed = false;

	/* "bgp bestpath as-path ignore" skips the step: router id decides. */
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("1");
	cfg.aspath_ignore = true;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	pair_free(&pr);
}

static void test_step5_origin(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.xa->origin = ORIGIN_EGP;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_ORIGIN);
	pr.ya->origin = ORIGIN_INCOMPLETE;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ORIGIN);
	pair_free(&pr);
}

static void test_step6_med(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("1 3");	/* same neighbouring AS 1 */
	pr.xa->has_med = pr.ya->has_med = true;
	pr.xa->med = 20;
	pr.ya->med = 10;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_MED);

	/* A missing MED is 0 ... */
	pr.xa->has_med = false;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_MED);
	/* ... or the worst with "bgp bestpath med missing-as-worst". */
	cfg.med_missing_as_worst = true;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_MED);
	cfg.med_missing_as_worst = false;

	/* Different neighbouring AS: MED not compared, router id decides. */
	pr.xa->has_med = true;
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("7 3");
	pr.ya->med = 30;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	cfg.always_compare_med = true;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_MED);
	pr.ya->med = 10;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_MED);
	cfg.always_compare_med = false;

	/* Both internal (empty AS path): compared. */
	free(pr.xa->aspath);
	free(pr.ya->aspath);
	pr.xa->aspath = fx_aspath("");
	pr.ya->aspath = fx_aspath("");
	expect_win(&pr.y, &pr.x, DECIDE_STEP_MED);

	/* Leading confed segments are skipped to find the neighbouring AS
	 * (Quagga aspath_cmp_left): both come from AS 5. */
	free(pr.xa->aspath);
	free(pr.ya->aspath);
	pr.xa->aspath = fx_aspath("(65001) 5 1");
	pr.ya->aspath = fx_aspath("(65002 65003) 5 2");
	expect_win(&pr.y, &pr.x, DECIDE_STEP_MED);

	/* Confed: the leading confed AS only with "med confed". */
	free(pr.xa->aspath);
	free(pr.ya->aspath);
	pr.xa->aspath = fx_aspath("(65001) 5");
	pr.ya->aspath = fx_aspath("(65001) 6");
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	cfg.med_confed = true;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_MED);
	pair_free(&pr);
}

static void test_step7_peer_type(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.x.src.type = DECIDE_SRC_IBGP;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_PEER_TYPE);
	/* A confederation eBGP peer counts as internal here. */
	pr.x.src.type = DECIDE_SRC_CONFED;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_PEER_TYPE);
	pr.y.src.type = DECIDE_SRC_IBGP;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	pair_free(&pr);
}

static void test_step8_igp_metric(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.x.p.igp_metric = 20;
	pr.y.p.igp_metric = 10;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_IGP_METRIC);
	pair_free(&pr);
}

static void test_step9_multipath_equal(void **state)
{
	struct decide_why why;
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	/* eBGP: same peer AS. */
	decide_cmp(&pr.x.p, &pr.y.p, &cfg, &why);
	assert_true(why.mpath_eq);
	pr.y.src.as = 9;
	decide_cmp(&pr.x.p, &pr.y.p, &cfg, &why);
	assert_false(why.mpath_eq);
	cfg.multipath_relax = true;
	decide_cmp(&pr.x.p, &pr.y.p, &cfg, &why);
	assert_true(why.mpath_eq);
	cfg.multipath_relax = false;
	/* iBGP: identical AS paths. */
	pr.x.src.type = pr.y.src.type = DECIDE_SRC_IBGP;
	decide_cmp(&pr.x.p, &pr.y.p, &cfg, &why);
	assert_true(why.mpath_eq);
	free(pr.ya->aspath);
	pr.ya->aspath = fx_aspath("1 3");
	decide_cmp(&pr.x.p, &pr.y.p, &cfg, &why);
	assert_false(why.mpath_eq);
	/* Unequal before step 9: never multipath. */
	pr.x.p.igp_metric = 1;
	decide_cmp(&pr.x.p, &pr.y.p, &cfg, &why);
	assert_false(why.mpath_eq);
	assert_int_equal(why.step, DECIDE_STEP_IGP_METRIC);
	pair_free(&pr);
}

static void test_step10_oldest(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	/* y has the higher router id but is the current best. */
	pr.y.p.flags |= DECIDE_F_SELECTED;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_OLDEST);
	cfg.compare_routerid = true;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	cfg.compare_routerid = false;
	/* Only between eBGP paths. */
	pr.x.src.type = pr.y.src.type = DECIDE_SRC_IBGP;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	pair_free(&pr);
}

static void test_step11_router_id(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	expect_win(&pr.x, &pr.y, DECIDE_STEP_ROUTER_ID);
	/* ORIGINATOR_ID replaces the peer's router id. */
	fx_attr_rr(pr.xa, 0x03030303, 0);
	expect_win(&pr.y, &pr.x, DECIDE_STEP_ROUTER_ID);
	pair_free(&pr);
}

static void test_step12_cluster_list(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	fx_attr_rr(pr.xa, 0x05050505, 2);
	fx_attr_rr(pr.ya, 0x05050505, 1);
	expect_win(&pr.y, &pr.x, DECIDE_STEP_CLUSTER_LIST);
	/* No CLUSTER_LIST counts as length 0 (RFC 4456 9), and beats the
	 * lower neighbor address of x. */
	free(pr.ya->ext);
	free(pr.xa->ext);
	fx_attr_rr(pr.ya, 0x05050505, 0);
	fx_attr_rr(pr.xa, 0x05050505, 1);
	expect_win(&pr.y, &pr.x, DECIDE_STEP_CLUSTER_LIST);
	pair_free(&pr);
}

static void test_step13_neighbor_addr(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.y.src.router_id = pr.x.src.router_id;
	expect_win(&pr.x, &pr.y, DECIDE_STEP_NEIGHBOR_ADDR);
	/* IPv4 before IPv6, whatever the numbers. */
	assert_int_equal(ipaddr_parse("::1", &pr.x.src.addr), 0);
	expect_win(&pr.y, &pr.x, DECIDE_STEP_NEIGHBOR_ADDR);
	assert_int_equal(ipaddr_parse("2001:12::b", &pr.x.src.addr), 0);
	assert_int_equal(ipaddr_parse("2001:13::c", &pr.y.src.addr), 0);
	expect_win(&pr.x, &pr.y, DECIDE_STEP_NEIGHBOR_ADDR);
	/* A stale path loses. */
	pr.x.p.flags |= DECIDE_F_STALE;
	expect_win(&pr.y, &pr.x, DECIDE_STEP_NEIGHBOR_ADDR);
	pair_free(&pr);
}

static void test_eligibility(void **state)
{
	struct pair pr;

	(void)state;
	pair_init(&pr, "1 2");
	pr.x.p.weight = 1000;
	assert_true(decide_eligible(&pr.x.p));
	pr.x.p.flags &= (uint8_t)~DECIDE_F_REACHABLE;
	assert_false(decide_eligible(&pr.x.p));
	struct decide_path v[2] = { pr.x.p, pr.y.p };
	assert_int_equal(decide_select(v, 2, &cfg), 1);
	assert_int_equal(v[0].out, 0);
	assert_int_equal(v[1].out, DECIDE_OUT_BEST);
	v[1].flags |= DECIDE_F_HISTORY;
	assert_int_equal(decide_select(v, 2, &cfg), -1);
	v[0].flags |= DECIDE_F_REACHABLE;
	v[0].flags |= DECIDE_F_REMOVED;
	assert_int_equal(decide_select(v, 2, &cfg), -1);
	assert_int_equal(v[0].out | v[1].out, 0);
	pair_free(&pr);
}

/* A chain: each path loses to the previous one at a later step. */
static void test_tie_chain(void **state)
{
	struct attr *a[6];
	struct fx f[6];
	struct decide_path v[6];
	static const enum decide_step chain[] = {
		DECIDE_STEP_LOCAL_PREF, DECIDE_STEP_AS_PATH,
		DECIDE_STEP_ORIGIN, DECIDE_STEP_PEER_TYPE,
		DECIDE_STEP_ROUTER_ID,
	};
	struct decide_why why;
	size_t i, order;

	(void)state;
	a[0] = fx_attr("1", 'i', -1, 200, "10.0.0.1");	/* lp 200 */
	a[1] = fx_attr("1", 'i', -1, -1, "10.0.0.2");	/* lp 100, len 1 */
	a[2] = fx_attr("1 2", 'i', -1, -1, "10.0.0.3");	/* len 2, IGP */
	a[3] = fx_attr("1 2", 'e', -1, -1, "10.0.0.4");	/* EGP, eBGP */
	a[4] = fx_attr("1 2", 'e', -1, -1, "10.0.0.5");	/* iBGP, rid 5 */
	a[5] = fx_attr("1 2", 'e', -1, -1, "10.0.0.6");	/* iBGP, rid 6 */
	for (i = 0; i < 6; i++) {
		char addr[16];

		snprintf(addr, sizeof(addr), "10.0.0.%zu", i + 1);
		fx_init(&f[i], addr, 1, (uint32_t)(i + 1), a[i]);
	}
	f[4].src.type = f[5].src.type = DECIDE_SRC_IBGP;
	for (i = 0; i + 1 < 6; i++) {
		assert_true(decide_cmp(&f[i].p, &f[i + 1].p, &cfg, &why) < 0);
		assert_int_equal(why.step, chain[i]);
	}
	/* The winner is the same whatever the order of the list. */
	for (order = 0; order < 6; order++) {
		for (i = 0; i < 6; i++)
			v[i] = f[(i + order) % 6].p;
		int b = decide_select(v, 6, &cfg);
		assert_ptr_equal(v[b].attr, a[0]);
	}
	for (i = 0; i < 6; i++)
		fx_attr_free(a[i]);
}

/*
 * deterministic-med: P1 (AS 100, MED 10, rid 3), P2 (AS 200, rid 2),
 * P3 (AS 100, MED 20, rid 1).  In list order without it: P1, then P2
 * (router id; MEDs of different ASes), then P3 (router id) although P1
 * beats P3 on MED.  With it: AS 100's best is P1, which loses to P2.
 */
static void test_deterministic_med(void **state)
{
	struct attr *a1 = fx_attr("100 9", 'i', 10, -1, "10.0.0.1");
	struct attr *a2 = fx_attr("200 9", 'i', -1, -1, "10.0.0.2");
	struct attr *a3 = fx_attr("100 9", 'i', 20, -1, "10.0.0.3");
	struct fx f1, f2, f3;
	struct decide_path v[3];

	(void)state;
	fx_init(&f1, "10.0.0.1", 100, 3, a1);
	fx_init(&f2, "10.0.0.2", 200, 2, a2);
	fx_init(&f3, "10.0.0.3", 100, 1, a3);
	cfg.compare_routerid = true;
	v[0] = f1.p;
	v[1] = f2.p;
	v[2] = f3.p;
	assert_int_equal(decide_select(v, 3, &cfg), 2);
	cfg.deterministic_med = true;
	assert_int_equal(decide_select(v, 3, &cfg), 1);
	v[0] = f3.p;
	v[2] = f1.p;
	assert_int_equal(decide_select(v, 3, &cfg), 1);
	fx_attr_free(a1);
	fx_attr_free(a2);
	fx_attr_free(a3);
}

static void test_multipath(void **state)
{
	struct attr *a[5];
	struct fx f[5];
	struct decide_path v[5];
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		char nh[16];

		snprintf(nh, sizeof(nh), "10.0.0.%zu", i + 1);
		a[i] = fx_attr("2 9", 'i', -1, -1, nh);
		fx_init(&f[i], nh, 2, (uint32_t)(10 - i), a[i]);
	}
	f[3].src.as = 3;	/* another neighbouring AS: not equal */
	memcpy(a[4]->nh, a[0]->nh, 16);	/* same next hop as 0 */
	cfg.compare_routerid = true;
	for (i = 0; i < 5; i++)
		v[i] = f[i].p;
	/* Off by default: router id alone. */
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(v[i].out, 0);
	/* Best is 4 (rid 6): 0 shares its next hop; 1, 2 are equal. */
	cfg.max_paths = 8;
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	assert_int_equal(v[0].out, 0);
	assert_int_equal(v[1].out, DECIDE_OUT_MPATH);
	assert_int_equal(v[2].out, DECIDE_OUT_MPATH);
	assert_int_equal(v[3].out, 0);
	/* Two paths in all: the better of 1 and 2 (router id 8 < 9). */
	cfg.max_paths = 2;
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	assert_int_equal(v[1].out, 0);
	assert_int_equal(v[2].out, DECIDE_OUT_MPATH);
	/* iBGP best uses maximum-paths ibgp. */
	for (i = 0; i < 5; i++)
		v[i].src = &f[i].src, f[i].src.type = DECIDE_SRC_IBGP;
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	assert_int_equal(v[2].out, 0);
	cfg.max_paths_ibgp = 3;
	/* iBGP paths are equal when their AS paths are: 3 qualifies now
	 * (its peer AS does not matter), and has the lowest router id. */
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	assert_int_equal(v[1].out, 0);
	assert_int_equal(v[2].out, DECIDE_OUT_MPATH);
	assert_int_equal(v[3].out, DECIDE_OUT_MPATH);
	/* eBGP again: multipath-relax admits the other peer AS. */
	for (i = 0; i < 5; i++)
		f[i].src.type = DECIDE_SRC_EBGP;
	cfg.max_paths = 8;
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	assert_int_equal(v[3].out, 0);
	cfg.multipath_relax = true;
	assert_int_equal(decide_select(v, 5, &cfg), 4);
	assert_int_equal(v[1].out, DECIDE_OUT_MPATH);
	assert_int_equal(v[2].out, DECIDE_OUT_MPATH);
	assert_int_equal(v[3].out, DECIDE_OUT_MPATH);
	assert_int_equal(v[0].out, 0);
	for (i = 0; i < 5; i++)
		fx_attr_free(a[i]);
}

static void test_step_names(void **state)
{
	(void)state;
	assert_string_equal(decide_step_str(DECIDE_STEP_WEIGHT), "weight");
	assert_string_equal(decide_step_str(DECIDE_STEP_LOCAL_PREF),
			    "local-pref");
	assert_string_equal(decide_step_str(DECIDE_STEP_NEIGHBOR_ADDR),
			    "neighbor-address");
	assert_string_equal(decide_step_str((enum decide_step)99), "unknown");
}

static void test_cfg_from_conf(void **state)
{
	struct bgp_conf bc;
	struct decide_cfg c;

	(void)state;
	memset(&bc, 0, sizeof(bc));
	bc.default_local_pref = 250;
	bc.deterministic_med = true;
	bc.compare_routerid = true;
	bc.med_missing_as_worst = true;
	bc.aspath_multipath_relax = true;
	bc.af[BGP_AF_IPV6].max_paths = 4;
	bc.af[BGP_AF_IPV6].max_paths_ibgp = 2;
	decide_cfg_from_conf(&c, &bc, BGP_AF_IPV6);
	assert_int_equal(c.default_local_pref, 250);
	assert_true(c.deterministic_med && c.compare_routerid);
	assert_true(c.med_missing_as_worst && c.multipath_relax);
	assert_false(c.always_compare_med || c.aspath_ignore);
	assert_int_equal(c.max_paths, 4);
	assert_int_equal(c.max_paths_ibgp, 2);
	/* An unset (0) maximum-paths is 1: no multipath. */
	decide_cfg_from_conf(&c, &bc, BGP_AF_IPV4);
	assert_int_equal(c.max_paths, 1);
	assert_int_equal(c.max_paths_ibgp, 1);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_step1_weight),
		T(test_step2_local_pref),
		T(test_step3_local_route),
		T(test_step4_as_path),
		T(test_step5_origin),
		T(test_step6_med),
		T(test_step7_peer_type),
		T(test_step8_igp_metric),
		T(test_step9_multipath_equal),
		T(test_step10_oldest),
		T(test_step11_router_id),
		T(test_step12_cluster_list),
		T(test_step13_neighbor_addr),
		T(test_eligibility),
		T(test_tie_chain),
		T(test_deterministic_med),
		T(test_multipath),
		T(test_step_names),
		T(test_cfg_from_conf),
	};

	return cmocka_run_group_tests_name("decide", tests, NULL, NULL);
}
