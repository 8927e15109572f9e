/*
 * test_rib.c: the RIB.  Add, replace, duplicate and withdraw with the
 * change reports they produce; attribute references (every reference
 * handed in is dropped exactly once); a source going down; next-hop
 * reachability and metric changes through the next-hop interface (a test
 * double); the multipath set; and the seed check of issue 3: as1ra's
 * "show ipv6 bgp" of the CNP3 blog (quagga-vty.md 4, seeds/000) built
 * from its seven paths gives the same best paths, before and after the
 * link to as2rb fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "fixture_attr.h"
#include "rib.h"

/* ---- attribute references: h.refcnt counts them ---- */

static struct attr *ref(struct attr *a)
{
	a->h.refcnt++;
	return a;
}

static unsigned unrefs;

static void test_unref(struct attr *a)
{
	assert_true(a->h.refcnt > 1);	/* the test keeps the last one */
	a->h.refcnt--;
	unrefs++;
}

/* ---- the next-hop module's test double ---- */

#define NNH 8
static struct {
	struct ipaddr addr[NNH];
	struct rib_nh_state st[NNH];
	unsigned n, resolved, released;
} nhd;

static void nhd_resolve(void *arg, const struct ipaddr *a,
			struct rib_nh_state *st)
{
	unsigned i;

	(void)arg;
	nhd.resolved++;
	for (i = 0; i < nhd.n; i++)
		if (ipaddr_cmp(&nhd.addr[i], a) == 0) {
			*st = nhd.st[i];
			return;
		}
	st->reachable = false;	/* unknown: unreachable */
}

static void nhd_release(void *arg, const struct ipaddr *a)
{
	(void)arg;
	(void)a;
	nhd.released++;
}

static void nhd_set(const char *addr, bool reachable, uint32_t metric)
{
	assert_true(nhd.n < NNH);
	assert_int_equal(ipaddr_parse(addr, &nhd.addr[nhd.n]), 0);
	nhd.st[nhd.n].reachable = reachable;
	nhd.st[nhd.n].metric = metric;
	nhd.n++;
}

/* ---- change reports ---- */

#define NCHG 4096
static struct chg {
	char prefix[PREFIX_STRLEN];
	const struct rib_path *old_best, *new_best;
	const struct attr *old_attr, *new_attr;
	unsigned what;
} chg[NCHG];
static unsigned nchg;

static void on_change(void *arg, const struct rib_change *c)
{
	(void)arg;
	assert_true(nchg < NCHG);
	prefix_fmt(c->prefix, chg[nchg].prefix, PREFIX_STRLEN);
	chg[nchg].old_best = c->old_best;
	chg[nchg].new_best = c->new_best;
	chg[nchg].old_attr = c->old_attr;
	chg[nchg].new_attr = c->new_best ? c->new_best->attr : NULL;
	chg[nchg].what = c->what;
	nchg++;
}

static uint32_t clock_now;

static uint32_t test_now(void)
{
	return clock_now;
}

static struct rib rib;

static int setup(void **state)
{
	struct rib_ops ops = {
		.nh = { nhd_resolve, nhd_release, NULL },
		.attr_unref = test_unref,
		.change = on_change,
		.now = test_now,
	};

	(void)state;
	memset(&nhd, 0, sizeof(nhd));
	nchg = unrefs = 0;
	clock_now = 1000;
	return rib_init(&rib, &ops);
}

static int teardown(void **state)
{
	(void)state;
	rib_destroy(&rib);
	return 0;
}

static void src_init(struct rib_src *s, const char *addr, uint32_t as,
		     uint32_t rid, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	if (addr)
		assert_int_equal(ipaddr_parse(addr, &s->d.addr), 0);
	s->d.as = as;
	s->d.router_id = rid;
	s->d.type = type;
	assert_int_equal(rib_src_register(&rib, s), 0);
}

static struct prefix P(const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	return p;
}

static struct ipaddr A(const char *s)
{
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(s, &a), 0);
	return a;
}

static int upd(const char *pfx, struct rib_src *s, struct attr *a,
	       const char *nh, uint32_t weight)
{
	struct prefix p = P(pfx);
	struct ipaddr n;

	if (nh)
		n = A(nh);
	return rib_update(&rib, p.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6,
			  &p, s, ref(a), nh ? &n : NULL, weight);
}

static int wdr(const char *pfx, struct rib_src *s)
{
	struct prefix p = P(pfx);

	return rib_withdraw(&rib, p.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6,
			    &p, s);
}

static const struct rib_path *best_of(const char *pfx)
{
	struct prefix p = P(pfx);
	struct rib_entry *e = rib_lookup(
		&rib, p.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6, &p);

	return e ? rib_best(e) : NULL;
}

static void test_update_withdraw(void **state)
{
	struct rib_src sa, sb;
	struct attr *a1 = fx_attr("1 9", 'i', -1, -1, "10.0.0.1");
	struct attr *a2 = fx_attr("1 8", 'i', -1, -1, "10.0.0.1");
	struct attr *b1 = fx_attr("2", 'i', -1, -1, "10.0.0.2");
	struct attr *b2 = fx_attr("2 8 7", 'i', -1, -1, "10.0.0.2");
	const struct rib_path *pa, *pb;
	struct rib_stats st;

	(void)state;
	nhd_set("10.0.0.1", true, 0);
	nhd_set("10.0.0.2", true, 0);
	src_init(&sa, "10.0.0.1", 1, 1, DECIDE_SRC_EBGP);
	src_init(&sb, "10.0.0.2", 2, 2, DECIDE_SRC_EBGP);

	/* First path: best, reported. */
	assert_int_equal(upd("192.0.2.0/24", &sa, a1, "10.0.0.1", 0), 0);
	assert_int_equal(nchg, 1);
	assert_int_equal(chg[0].what, RIB_CHG_BEST);
	assert_null(chg[0].old_best);
	assert_ptr_equal(chg[0].new_attr, a1);
	assert_string_equal(chg[0].prefix, "192.0.2.0/24");
	pa = best_of("192.0.2.0/24");
	assert_ptr_equal(pa->attr, a1);
	assert_int_equal(pa->time, 1000);

	/* A shorter AS path from B takes over. */
	assert_int_equal(upd("192.0.2.0/24", &sb, b1, "10.0.0.2", 0), 0);
	assert_int_equal(nchg, 2);
	assert_int_equal(chg[1].what, RIB_CHG_BEST);
	assert_ptr_equal(chg[1].old_best, pa);
	pb = best_of("192.0.2.0/24");
	assert_ptr_equal(pb->attr, b1);
	/* Newest first, as Quagga lists them. */
	struct prefix q = P("192.0.2.0/24");
	struct rib_entry *e = rib_lookup(&rib, BGP_AF_IPV4, &q);
	assert_ptr_equal(rib_path_first(e), pb);
	assert_ptr_equal(rib_path_next(pb), pa);
	assert_null(rib_path_next(pa));

	/* The same again: nothing changes, the extra reference is dropped. */
	assert_int_equal(upd("192.0.2.0/24", &sb, b1, "10.0.0.2", 0), 0);
	assert_int_equal(nchg, 2);
	assert_int_equal(b1->h.refcnt, 2);

	/* B re-announces a longer path: implicit withdraw, A is best again;
	 * B's path keeps its place in the list. */
	clock_now = 2000;
	assert_int_equal(upd("192.0.2.0/24", &sb, b2, "10.0.0.2", 0), 0);
	assert_int_equal(nchg, 3);
	assert_int_equal(chg[2].what, RIB_CHG_BEST);
	assert_ptr_equal(chg[2].new_best, pa);
	assert_int_equal(b1->h.refcnt, 1);
	assert_ptr_equal(rib_path_first(e), pb);
	assert_int_equal(pb->time, 2000);
	assert_false(pb->flags & RIB_PF_BEST);

	/* New attributes on the best path: an attribute change. */
	assert_int_equal(upd("192.0.2.0/24", &sa, a2, "10.0.0.1", 0), 0);
	assert_int_equal(nchg, 4);
	assert_int_equal(chg[3].what, RIB_CHG_ATTR);
	assert_ptr_equal(chg[3].old_attr, a1);
	assert_ptr_equal(chg[3].new_attr, a2);

	/* Withdraw the best: B's path is best. */
	assert_int_equal(wdr("192.0.2.0/24", &sa), 0);
	assert_int_equal(nchg, 5);
	assert_int_equal(chg[4].what, RIB_CHG_BEST);
	assert_ptr_equal(chg[4].new_attr, b2);
	assert_ptr_equal(chg[4].old_attr, a2);
	assert_int_equal(wdr("192.0.2.0/24", &sa), -1);

	/* Withdraw the last: no best, the prefix is gone. */
	assert_int_equal(wdr("192.0.2.0/24", &sb), 0);
	assert_int_equal(nchg, 6);
	assert_null(chg[5].new_best);
	assert_null(best_of("192.0.2.0/24"));
	rib_stats(&rib, &st);
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 0);
	assert_int_equal(st.paths[BGP_AF_IPV4], 0);
	assert_int_equal(st.nexthops, 0);
	assert_int_equal(nhd.released, 2);
	assert_int_equal(sa.npaths + sb.npaths, 0);

	/* Every reference handed in was dropped once. */
	assert_int_equal(a1->h.refcnt + a2->h.refcnt + b1->h.refcnt +
				 b2->h.refcnt, 4);
	assert_int_equal(unrefs, 5);
	fx_attr_free(a1);
	fx_attr_free(a2);
	fx_attr_free(b1);
	fx_attr_free(b2);
}

static void test_src_down(void **state)
{
	struct rib_src sa, sb;
	struct attr *aa = fx_attr("1 9", 'i', -1, -1, "10.0.0.1");
	struct attr *ab = fx_attr("2 7 9", 'i', -1, -1, "10.0.0.2");
	struct rib_stats st;
	char pfx[PREFIX_STRLEN];
	unsigned i, nobest = 0, tob = 0;

	(void)state;
	nhd_set("10.0.0.1", true, 0);
	nhd_set("10.0.0.2", true, 0);
	nhd_set("2001:db8::1", true, 0);
	src_init(&sa, "10.0.0.1", 1, 1, DECIDE_SRC_EBGP);
	src_init(&sb, "2001:db8::2", 2, 2, DECIDE_SRC_EBGP);
	for (i = 0; i < 1000; i++) {
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", i / 256, i % 256);
		assert_int_equal(upd(pfx, &sa, aa, "10.0.0.1", 0), 0);
		if (i % 2)
			assert_int_equal(upd(pfx, &sb, ab, "10.0.0.2", 0), 0);
		snprintf(pfx, sizeof(pfx), "2001:db8:%x::/48", i);
		if (i < 300)
			assert_int_equal(upd(pfx, &sa, aa, "2001:db8::1", 0), 0);
	}
	assert_int_equal(sa.npaths, 1300);
	assert_int_equal(sb.npaths, 500);
	nchg = 0;
	assert_int_equal(rib_src_down(&rib, &sa), 1300);
	assert_int_equal(sa.npaths, 0);
	assert_int_equal(nchg, 1300);
	for (i = 0; i < nchg; i++) {
		if (!chg[i].new_best)
			nobest++;
		else if (chg[i].new_attr == ab)
			tob++;
	}
	assert_int_equal(nobest, 800);
	assert_int_equal(tob, 500);
	rib_stats(&rib, &st);
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 500);
	assert_int_equal(st.prefixes[BGP_AF_IPV6], 0);
	assert_int_equal(st.paths[BGP_AF_IPV4], 500);
	assert_int_equal(aa->h.refcnt, 1);
	assert_int_equal(rib_src_down(&rib, &sa), 0);
	rib_src_unregister(&rib, &sa);
	assert_int_equal(rib_src_down(&rib, &sb), 500);
	assert_int_equal(ab->h.refcnt, 1);
	rib_stats(&rib, &st);
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 0);
	fx_attr_free(aa);
	fx_attr_free(ab);
}

static void test_nexthop_changes(void **state)
{
	struct rib_src sa, sb;
	struct attr *aa = fx_attr("1 9", 'i', -1, -1, "10.0.0.1");
	struct attr *ab = fx_attr("2 9", 'i', -1, -1, "10.0.0.2");
	struct attr *az = fx_attr("2 9", 'i', -1, -1, "10.0.0.3");
	struct rib_nh_state down = { false, 0, 0 }, up5 = { true, 5, 2 };
	struct ipaddr x = A("10.0.0.1"), y = A("10.0.0.2");
	struct rib_stats st;

	(void)state;
	nhd_set("10.0.0.1", true, 10);
	nhd_set("10.0.0.2", true, 20);
	nhd_set("10.0.0.3", true, 0);
	src_init(&sa, "10.0.0.1", 1, 1, DECIDE_SRC_IBGP);
	src_init(&sb, "10.0.0.2", 2, 2, DECIDE_SRC_IBGP);
	assert_int_equal(upd("192.0.2.0/24", &sa, aa, "10.0.0.1", 0), 0);
	assert_int_equal(upd("192.0.2.0/24", &sb, ab, "10.0.0.2", 0), 0);
	assert_int_equal(upd("198.51.100.0/24", &sb, az, "10.0.0.3", 0), 0);
	assert_int_equal(nhd.resolved, 3);
	/* Metric 10 beats 20 (step 8). */
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, aa);
	assert_int_equal(rib_path_igp_metric(&rib, best_of("192.0.2.0/24")), 10);

	/* x unreachable: only 192.0.2.0/24 is re-run and reported. */
	nchg = 0;
	rib_nh_changed(&rib, &x, &down);
	assert_int_equal(nchg, 1);
	assert_string_equal(chg[0].prefix, "192.0.2.0/24");
	assert_ptr_equal(chg[0].new_attr, ab);
	const struct rib_path *pa = rib_path_next(best_of("192.0.2.0/24"));
	assert_false(rib_path_valid(&rib, pa));
	/* The same state again changes nothing. */
	rib_nh_changed(&rib, &x, &down);
	assert_int_equal(nchg, 1);
	/* y's metric drops to 5 while x is down: no best change. */
	rib_nh_changed(&rib, &y, &up5);
	assert_int_equal(nchg, 1);
	/* x back with metric 10: y (5) stays best. */
	nhd.st[0].metric = 10;
	rib_nh_changed(&rib, &x, &nhd.st[0]);
	assert_int_equal(nchg, 1);
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, ab);
	/* Unknown next hops are ignored. */
	struct ipaddr u = A("10.9.9.9");
	rib_nh_changed(&rib, &u, &down);
	assert_int_equal(nchg, 1);

	/* A new path to an unknown next hop is unusable. */
	struct rib_src sc;
	src_init(&sc, "10.0.0.4", 4, 4, DECIDE_SRC_IBGP);
	struct attr *ac = fx_attr("", 'i', -1, 500, "10.0.0.4");
	assert_int_equal(upd("192.0.2.0/24", &sc, ac, "10.0.0.4", 0), 0);
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, ab);
	rib_stats(&rib, &st);
	assert_int_equal(st.nexthops, 4);
	/* Next hops live as long as paths use them. */
	assert_int_equal(wdr("192.0.2.0/24", &sc), 0);
	assert_int_equal(nhd.released, 1);
	rib_stats(&rib, &st);
	assert_int_equal(st.nexthops, 3);
	fx_attr_free(ac);
	teardown(NULL);
	setup(NULL);
	fx_attr_free(aa);
	fx_attr_free(ab);
	fx_attr_free(az);
}

static void test_multipath_reports(void **state)
{
	struct rib_src s[3];
	struct attr *a[3];
	struct decide_cfg cfg;
	unsigned i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char ad[16];

		snprintf(ad, sizeof(ad), "10.0.0.%u", i + 1);
		nhd_set(ad, true, 0);
		a[i] = fx_attr("2 9", 'i', -1, -1, ad);
		src_init(&s[i], ad, 2, i + 1, DECIDE_SRC_EBGP);
		assert_int_equal(upd("192.0.2.0/24", &s[i], a[i], ad, 0), 0);
	}
	/* Oldest eBGP path stays best: the first. */
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, a[0]);
	nchg = 0;
	decide_cfg_default(&cfg);
	cfg.max_paths = 2;
	rib_set_cfg(&rib, BGP_AF_IPV4, &cfg);
	assert_int_equal(nchg, 1);
	assert_int_equal(chg[0].what, RIB_CHG_MPATH);
	/* The newest path is listed first; path 2 (router id 2) is '='. */
	const struct rib_path *p = best_of("192.0.2.0/24");
	struct prefix q = P("192.0.2.0/24");
	const struct rib_path *first =
		rib_path_first(rib_lookup(&rib, BGP_AF_IPV4, &q));
	assert_ptr_equal(first->attr, a[2]);
	assert_false(first->flags & RIB_PF_MPATH);
	assert_true(rib_path_next(first)->flags & RIB_PF_MPATH);
	assert_true(p->flags & RIB_PF_BEST);
	/* Withdrawing the multipath member reports it. */
	nchg = 0;
	assert_int_equal(wdr("192.0.2.0/24", &s[1]), 0);
	assert_int_equal(nchg, 1);
	assert_int_equal(chg[0].what, RIB_CHG_MPATH);
	assert_true(first->flags & RIB_PF_MPATH);
	teardown(NULL);
	setup(NULL);
	for (i = 0; i < 3; i++)
		fx_attr_free(a[i]);
}

/* ---- the seed: as1ra's "show ipv6 bgp" (seeds/000, quagga-vty.md 4) ---- */

static char origin_char(uint8_t origin)
{
	return origin == ORIGIN_IGP ? 'i' : origin == ORIGIN_EGP ? 'e' : '?';
}

/* The status, network, next hop and path columns of Quagga's table. */
static void show_ipv6(char *out, size_t len)
{
	struct trie_cursor c;
	struct rib_entry *e;
	size_t off = 0, nprefix = 0, npath = 0;

	trie_cursor_init(&c);
	out[0] = 0;
	while ((e = rib_cursor_next(&rib, BGP_AF_IPV6, &c)) != NULL) {
		const struct rib_path *p;
		char pfx[PREFIX_STRLEN], nh[IPADDR_STRLEN], as[64];
		struct prefix q;

		rib_entry_prefix(&rib, BGP_AF_IPV6, e, &q);
		prefix_fmt(&q, pfx, sizeof(pfx));
		nprefix++;
		for (p = rib_path_first(e); p; p = rib_path_next(p)) {
			struct ipaddr a = { AF_INET6, { 0 } };

			memcpy(a.a, p->attr->nh, 16);
			ipaddr_fmt(&a, nh, sizeof(nh));
			/* A minimal AS path printer: sequences only. */
			as[0] = 0;
			for (uint32_t i = 2; i < p->attr->aspath->len; i += 4) {
				const uint8_t *d = &p->attr->aspath->data[i];

				snprintf(as + strlen(as), sizeof(as) - strlen(as),
					 "%u ", (unsigned)((d[0] << 24) |
							   (d[1] << 16) |
							   (d[2] << 8) | d[3]));
			}
			off += (size_t)snprintf(
				out + off, len - off, "%c%c %-17s%s %s%c\n",
				rib_path_valid(&rib, p) ? '*' : ' ',
				p->flags & RIB_PF_BEST	  ? '>' :
				p->flags & RIB_PF_MPATH ? '=' : ' ',
				p == rib_path_first(e) ? pfx : "", nh, as,
				origin_char(p->attr->origin));
			npath++;
		}
	}
	snprintf(out + off, len - off, "Displayed  %zu out of %zu total prefixes\n",
		 nprefix, npath);
}


static void test_seed_as1ra(void **state)
{
	struct rib_src local, rb, rc;
	struct attr *l1 = fx_attr("", 'i', 0, -1, "::");
	struct attr *b2 = fx_attr("2", 'i', 0, -1, "2001:12::b");
	struct attr *c32 = fx_attr("3 2", 'i', -1, -1, "2001:13::c");
	struct attr *b23 = fx_attr("2 3", 'i', -1, -1, "2001:12::b");
	struct attr *c3 = fx_attr("3", 'i', 0, -1, "2001:13::c");
	struct attr *b24 = fx_attr("2 4", 'i', -1, -1, "2001:12::b");
	struct attr *c324 = fx_attr("3 2 4", 'i', -1, -1, "2001:13::c");
	struct decide_cfg cfg;
	struct rib_nh_state down = { false, 0, 0 };
	struct ipaddr rbaddr = A("2001:12::b");
	char out[2048];

	(void)state;
	/* as1ra: router bgp 1, router-id 0.0.0.2, compare-routerid. */
	decide_cfg_default(&cfg);
	cfg.compare_routerid = true;
	rib_set_cfg(&rib, BGP_AF_IPV6, &cfg);
	nhd_set("2001:12::b", true, 0);
	nhd_set("2001:13::c", true, 0);
	src_init(&local, NULL, 1, 2, DECIDE_SRC_LOCAL);
	src_init(&rb, "2001:12::b", 2, 3, DECIDE_SRC_EBGP);
	src_init(&rc, "2001:13::c", 3, 4, DECIDE_SRC_EBGP);
	/* Arrival order: the table lists the newest path first. */
	assert_int_equal(upd("2001:1234:1::/64", &local, l1, NULL, 32768), 0);
	assert_int_equal(upd("2001:1234:2::/64", &rb, b2, "2001:12::b", 0), 0);
	assert_int_equal(upd("2001:1234:3::/64", &rc, c3, "2001:13::c", 0), 0);
	assert_int_equal(upd("2001:1234:4::/64", &rb, b24, "2001:12::b", 0), 0);
	assert_int_equal(upd("2001:1234:2::/64", &rc, c32, "2001:13::c", 0), 0);
	assert_int_equal(upd("2001:1234:3::/64", &rb, b23, "2001:12::b", 0), 0);
	assert_int_equal(upd("2001:1234:4::/64", &rc, c324, "2001:13::c", 0), 0);
	show_ipv6(out, sizeof(out));
	assert_string_equal(out,
			    "*> 2001:1234:1::/64 :: i\n"
			    "*  2001:1234:2::/64 2001:13::c 3 2 i\n"
			    "*>                  2001:12::b 2 i\n"
			    "*  2001:1234:3::/64 2001:12::b 2 3 i\n"
			    "*>                  2001:13::c 3 i\n"
			    "*  2001:1234:4::/64 2001:13::c 3 2 4 i\n"
			    "*>                  2001:12::b 2 4 i\n"
			    "Displayed  4 out of 7 total prefixes\n");
	/* "RIB entries 7" in the blog's show bgp summary: Quagga counts
	 * route nodes, the 4 prefixes and 3 branch points. */
	struct rib_stats st;
	rib_stats(&rib, &st);
	assert_int_equal(st.prefixes[BGP_AF_IPV6], 4);
	assert_int_equal(st.nodes[BGP_AF_IPV6], 7);
	assert_int_equal(st.paths[BGP_AF_IPV6], 7);
	/* The link to as2rb fails: 2001:12::b becomes unreachable. */
	rib_nh_changed(&rib, &rbaddr, &down);
	show_ipv6(out, sizeof(out));
	assert_string_equal(out,
			    "*> 2001:1234:1::/64 :: i\n"
			    "*> 2001:1234:2::/64 2001:13::c 3 2 i\n"
			    "                    2001:12::b 2 i\n"
			    "   2001:1234:3::/64 2001:12::b 2 3 i\n"
			    "*>                  2001:13::c 3 i\n"
			    "*> 2001:1234:4::/64 2001:13::c 3 2 4 i\n"
			    "                    2001:12::b 2 4 i\n"
			    "Displayed  4 out of 7 total prefixes\n");
	teardown(NULL);
	setup(NULL);
	fx_attr_free(l1);
	fx_attr_free(b2);
	fx_attr_free(c32);
	fx_attr_free(b23);
	fx_attr_free(c3);
	fx_attr_free(b24);
	fx_attr_free(c324);
}


static void test_graceful_restart(void **state)
{
	struct rib_src sa, sb;
	struct attr *a = fx_attr("1 9", 'i', -1, -1, "10.0.0.1");
	struct attr *b = fx_attr("2 9", 'i', -1, -1, "10.0.0.2");

	(void)state;
	nhd_set("10.0.0.1", true, 0);
	nhd_set("10.0.0.2", true, 0);
	/* Same router id: the peer address (step 13) decides, A wins. */
	src_init(&sa, "10.0.0.1", 1, 7, DECIDE_SRC_EBGP);
	src_init(&sb, "10.0.0.2", 2, 7, DECIDE_SRC_EBGP);
	struct decide_cfg cfg;
	decide_cfg_default(&cfg);
	cfg.compare_routerid = true;
	rib_set_cfg(&rib, BGP_AF_IPV4, &cfg);
	assert_int_equal(upd("192.0.2.0/24", &sa, a, "10.0.0.1", 0), 0);
	assert_int_equal(upd("192.0.2.0/24", &sb, b, "10.0.0.2", 0), 0);
	assert_int_equal(upd("198.51.100.0/24", &sa, a, "10.0.0.1", 0), 0);
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, a);

	/* A restarts: its paths are stale and lose at step 13. */
	nchg = 0;
	assert_int_equal(rib_src_mark_stale(&rib, &sa), 2);
	assert_int_equal(nchg, 1);
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, b);
	assert_true(best_of("198.51.100.0/24")->flags & RIB_PF_STALE);
	assert_int_equal(rib_src_mark_stale(&rib, &sa), 0);

	/* A re-announces one prefix: no longer stale, best again. */
	assert_int_equal(upd("192.0.2.0/24", &sa, a, "10.0.0.1", 0), 0);
	assert_ptr_equal(best_of("192.0.2.0/24")->attr, a);
	assert_false(best_of("192.0.2.0/24")->flags & RIB_PF_STALE);

	/* End-of-RIB: what is still stale goes. */
	nchg = 0;
	assert_int_equal(rib_src_flush_stale(&rib, &sa), 1);
	assert_null(best_of("198.51.100.0/24"));
	assert_int_equal(nchg, 1);
	assert_int_equal(sa.npaths, 1);
	teardown(NULL);
	setup(NULL);
	fx_attr_free(a);
	fx_attr_free(b);
}

static void test_flush_in_slices(void **state)
{
	struct rib_src s, t;
	struct attr *a = fx_attr("1", 'i', -1, -1, "10.0.0.1");
	struct attr *b = fx_attr("2 3", 'i', -1, -1, "10.0.0.2");
	struct rib_flush f;
	char pfx[PREFIX_STRLEN];
	unsigned i, steps = 0;

	(void)state;
	nhd_set("10.0.0.1", true, 0);
	nhd_set("10.0.0.2", true, 0);
	src_init(&s, "10.0.0.1", 1, 1, DECIDE_SRC_EBGP);
	src_init(&t, "10.0.0.2", 2, 2, DECIDE_SRC_EBGP);
	for (i = 0; i < 3000; i++) {
		nchg = 0;
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", i / 256, i % 256);
		assert_int_equal(upd(pfx, &s, a, "10.0.0.1", 0), 0);
		if (i % 3 == 0)
			assert_int_equal(upd(pfx, &t, b, "10.0.0.2", 0), 0);
		if (i < 500) {
			snprintf(pfx, sizeof(pfx), "2001:db8:%x::/48", i);
			assert_int_equal(upd(pfx, &s, a, "10.0.0.1", 0), 0);
		}
	}
	rib_flush_init(&f, &s, false);
	nchg = 0;
	while (!rib_flush_step(&rib, &f, 100)) {
		steps++;
		nchg = 0;
		/* Other sources keep changing the table meanwhile. */
		snprintf(pfx, sizeof(pfx), "172.16.%u.0/24", steps);
		assert_int_equal(upd(pfx, &t, b, "10.0.0.2", 0), 0);
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", steps * 3 / 256,
			 steps * 3 % 256);
		assert_int_equal(wdr(pfx, &t), 0);
		assert_true(steps < 100);
	}
	/* 3500 prefixes (and a few more) in slices of 100. */
	assert_true(steps >= 35);
	assert_int_equal(f.removed, 3500);
	assert_int_equal(s.npaths, 0);
	assert_int_equal(t.npaths, 1000);	/* one added, one withdrawn a step */
	assert_int_equal(a->h.refcnt, 1);
	teardown(NULL);
	setup(NULL);
	fx_attr_free(a);
	fx_attr_free(b);
}

/* ---- randomized: incremental selection equals selection from scratch ---- */

static uint32_t rng = 20261122;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

#define RP 24		/* prefixes */
#define RS 5		/* sources */
#define RA 12		/* attribute sets */
#define RN 4		/* next hops */

/* The best path each prefix was last reported with (NULL: none). */
static const struct rib_path *reported[RP];

static int pfx_index(const char *s)
{
	unsigned i;

	for (i = 0; i < RP; i++) {
		char buf[PREFIX_STRLEN];

		snprintf(buf, sizeof(buf), "10.%u.0.0/16", i);
		if (strcmp(buf, s) == 0)
			return (int)i;
	}
	return -1;
}

static void check_entry(unsigned i, const struct decide_cfg *cfg)
{
	char pfx[PREFIX_STRLEN];
	struct decide_path v[RS];
	const struct rib_path *p, *path[RS];
	struct rib_entry *e;
	struct prefix q;
	size_t n = 0, k;
	int b;

	snprintf(pfx, sizeof(pfx), "10.%u.0.0/16", i);
	q = P(pfx);
	e = rib_lookup(&rib, BGP_AF_IPV4, &q);
	if (!e) {
		assert_null(reported[i]);
		return;
	}
	for (p = rib_path_first(e); p; p = rib_path_next(p)) {
		const struct rib_nh *nh = rib_path_nh(&rib, p);

		assert_true(n < RS);
		path[n] = p;
		v[n].attr = p->attr;
		v[n].src = &rib_src_get(&rib, p->src)->d;
		v[n].weight = p->weight;
		v[n].igp_metric = rib_path_igp_metric(&rib, p);
		v[n].flags = (!nh || nh->st.reachable) ? DECIDE_F_REACHABLE : 0;
		if (p->flags & RIB_PF_BEST)
			v[n].flags |= DECIDE_F_SELECTED;
		n++;
	}
	assert_true(n > 0);
	b = decide_select(v, n, cfg);
	assert_ptr_equal(rib_best(e), b < 0 ? NULL : path[b]);
	assert_ptr_equal(reported[i], b < 0 ? NULL : path[b]);
	for (k = 0; k < n; k++)
		assert_int_equal(!!(path[k]->flags & RIB_PF_MPATH),
				 !!(v[k].out & DECIDE_OUT_MPATH));
}


/* Every path with a next hop is on that next hop's list, once. */
static void check_nh_lists(void)
{
	struct trie_cursor c;
	struct rib_entry *e;
	const struct rib_path *p;
	size_t with_nh = 0, listed = 0, k;

	trie_cursor_init(&c);
	while ((e = rib_cursor_next(&rib, BGP_AF_IPV4, &c)) != NULL)
		for (p = rib_path_first(e); p; p = rib_path_next(p)) {
			const struct rib_nh *nh = rib_path_nh(&rib, p);
			uint32_t i, n = 0;

			if (!nh)
				continue;
			with_nh++;
			for (i = nh->paths; i;
			     i = ((struct rib_path *)ipool_at(&rib.paths, i))->nh_next)
				n += ipool_at(&rib.paths, i) == p;
			assert_int_equal(n, 1);
		}
	for (k = 1; k < rib.nhv_len; k++)
		if (rib.nhv[k])
			listed += rib.nhv[k]->npaths;
	assert_int_equal(listed, with_nh);
}

static void test_random_consistency(void **state)
{
	struct rib_src s[RS];
	struct attr *a[RA];
	struct decide_cfg cfg;
	char nh[RN][16];
	unsigned i, k, op;

	(void)state;
	decide_cfg_default(&cfg);
	cfg.max_paths = 3;
	cfg.max_paths_ibgp = 2;
	cfg.deterministic_med = true;
	rib_set_cfg(&rib, BGP_AF_IPV4, &cfg);
	for (i = 0; i < RN; i++) {
		snprintf(nh[i], sizeof(nh[i]), "10.255.0.%u", i + 1);
		nhd_set(nh[i], true, i * 10 % 20);
	}
	for (i = 0; i < RS; i++) {
		char ad[16];

		snprintf(ad, sizeof(ad), "192.0.2.%u", i + 1);
		src_init(&s[i], ad, 65000 + i % 3, 100 - i,
			 i < 3 ? DECIDE_SRC_EBGP : DECIDE_SRC_IBGP);
	}
	for (i = 0; i < RA; i++) {
		static const char *paths[] = { "1 2", "1 3", "2 3", "1 2 3" };

		a[i] = fx_attr(paths[i % 4], i % 5 ? 'i' : 'e',
			       i % 3 ? (long)(i % 3) * 10 : -1,
			       i % 4 ? -1 : 200, nh[i % RN]);
	}
	memset(reported, 0, sizeof(reported));
	for (op = 0; op < 4000; op++) {
		unsigned pi = rnd() % RP, si = rnd() % RS, r = rnd() % 10;
		char pfx[PREFIX_STRLEN];

		snprintf(pfx, sizeof(pfx), "10.%u.0.0/16", pi);
		nchg = 0;
		if (r < 5) {
			unsigned ai = rnd() % RA;

			/* Source 4 sometimes has no next hop (local): its
			 * paths move between the two path pools. */
			const char *hop = si == 4 && rnd() % 2 ? NULL
							       : nh[(ai + si) % RN];

			assert_int_equal(upd(pfx, &s[si], a[ai], hop,
					     rnd() % 3 ? 0 : 5),
					 0);
		} else if (r < 8) {
			wdr(pfx, &s[si]);
		} else if (r < 9) {
			struct rib_nh_state st = { rnd() % 3 != 0, rnd() % 30, 0 };
			struct ipaddr x = A(nh[rnd() % RN]);

			rib_nh_changed(&rib, &x, &st);
		} else if (rnd() % 20 == 0) {
			rib_src_down(&rib, &s[si]);
		}
		for (k = 0; k < nchg; k++) {
			int ix = pfx_index(chg[k].prefix);

			assert_true(ix >= 0);
			assert_ptr_equal(reported[ix], chg[k].old_best);
			reported[ix] = chg[k].new_best;
		}
		for (i = 0; i < RP; i++)
			check_entry(i, &cfg);
		check_nh_lists();
	}
	teardown(NULL);
	setup(NULL);
	for (i = 0; i < RA; i++) {
		assert_int_equal(a[i]->h.refcnt, 1);
		fx_attr_free(a[i]);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_update_withdraw),
		T(test_src_down),
		T(test_nexthop_changes),
		T(test_multipath_reports),
		T(test_seed_as1ra),
		T(test_graceful_restart),
		T(test_flush_in_slices),
		T(test_random_consistency),
	};

	return cmocka_run_group_tests_name("rib", tests, NULL, NULL);
}
