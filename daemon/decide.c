/*
 * decide.c: BGP best-path selection (RFC 4271 9.1.2) as Quagga 1.2 does
 * it, so that an okapi router picks the paths a Quagga router would.
 *
 * RFC 4271 9.1.2 splits the Decision Process in phases.  Phase 1 gives
 * each route a degree of preference (LOCAL_PREF for iBGP routes, local
 * policy for eBGP ones).  Phase 2 installs, per destination, the route
 * with the highest degree of preference among those whose NEXT_HOP is
 * resolvable and whose AS_PATH holds no own-AS loop; ties are broken
 * by 9.1.2.2:
 *   a) remove routes with a longer AS_PATH (an AS_SET counts 1);
 *   b) remove routes with a higher ORIGIN;
 *   c) remove routes with a higher MULTI_EXIT_DISC, comparing only
 *      routes learned from the same neighbouring AS (a missing MED
 *      counts as the lowest value);
 *   d) prefer eBGP-learned routes over iBGP-learned ones;
 *   e) remove routes with a higher interior cost to the NEXT_HOP;
 *   f) prefer the lowest BGP Identifier (ORIGINATOR_ID, RFC 4456 9);
 *   g) prefer the lowest peer address.
 * Phase 3 (dissemination) is the advertisement module's.
 *
 * Our implementation is Quagga 1.2's bgp_info_cmp() (quagga-vty.md
 * 7.1): weight and "locally originated" come first, MED is compared
 * with the RFC's per-pair rule (not the RFC's set elimination, which is
 * what "bgp deterministic-med" approximates by grouping per neighbouring
 * AS first), the current best is kept between eBGP paths unless
 * "bgp bestpath compare-routerid", and the cluster-list length is a
 * step of its own (RFC 4456 9).  Eligibility (reachable next hop, not a
 * history or removed entry) is tested apart, by decide_eligible().
 */
#include <string.h>

#include "attr.h"
#include "config.h"
#include "decide.h"
#include "log.h"

static const char *const step_names[] = {
	[DECIDE_STEP_NONE] = "none",
	[DECIDE_STEP_WEIGHT] = "weight",
	[DECIDE_STEP_LOCAL_PREF] = "local-pref",
	[DECIDE_STEP_LOCAL_ROUTE] = "local-route",
	[DECIDE_STEP_AS_PATH] = "as-path",
	[DECIDE_STEP_ORIGIN] = "origin",
	[DECIDE_STEP_MED] = "med",
	[DECIDE_STEP_PEER_TYPE] = "peer-type",
	[DECIDE_STEP_IGP_METRIC] = "igp-metric",
	[DECIDE_STEP_MULTIPATH] = "multipath",
	[DECIDE_STEP_OLDEST] = "older",
	[DECIDE_STEP_ROUTER_ID] = "router-id",
	[DECIDE_STEP_CLUSTER_LIST] = "cluster-list",
	[DECIDE_STEP_NEIGHBOR_ADDR] = "neighbor-address",
	[DECIDE_STEP_ELIGIBILITY] = "eligibility",
};

const char *decide_step_str(enum decide_step s)
{
	if ((unsigned)s >= sizeof(step_names) / sizeof(step_names[0]))
		return "unknown";
	return step_names[s];
}

void decide_cfg_default(struct decide_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->default_local_pref = 100;
	c->max_paths = 1;
	c->max_paths_ibgp = 1;
}

void decide_cfg_from_conf(struct decide_cfg *c, const struct bgp_conf *bc,
			  int af)
{
	decide_cfg_default(c);
	c->default_local_pref = bc->default_local_pref;
	c->always_compare_med = bc->always_compare_med;
	c->deterministic_med = bc->deterministic_med;
	c->med_missing_as_worst = bc->med_missing_as_worst;
	c->med_confed = bc->med_confed;
	c->aspath_ignore = bc->aspath_ignore;
	c->aspath_confed = bc->aspath_confed;
	c->multipath_relax = bc->aspath_multipath_relax;
	c->compare_routerid = bc->compare_routerid;
	if (af >= 0 && af < BGP_AF_MAX) {
		c->max_paths = bc->af[af].max_paths ? bc->af[af].max_paths : 1;
		c->max_paths_ibgp =
			bc->af[af].max_paths_ibgp ? bc->af[af].max_paths_ibgp : 1;
	}
}

/* ---- AS path queries ---- */

/*
 * Quagga's aspath_cmp_left looks at the first AS_SEQUENCE after any
 * leading confederation segments, so two paths entering our
 * confederation through different member ASes still compare MED when
 * they come from the same neighbouring AS.  aspath_left_as() stops at a
 * leading confed segment, hence this walk of the canonical form
 * (type, count, count x 4 octets; aspath.h).
 */
static uint32_t neighbor_as(const struct aspath *p)
{
	const uint8_t *s = p->data, *end = p->data + p->len;

	while (s + 2 <= end &&
	       (s[0] == AS_CONFED_SEQUENCE || s[0] == AS_CONFED_SET))
		s += 2 + 4u * s[1];
	if (s + 6 > end || s[0] != AS_SEQUENCE)
		return 0;
	return ((uint32_t)s[2] << 24) | ((uint32_t)s[3] << 16) |
	       ((uint32_t)s[4] << 8) | s[5];
}

/* Same neighbouring AS for MED (Quagga aspath_cmp_left[_confed]). */
static bool same_neighbor_as(const struct aspath *x, const struct aspath *y,
			     bool confed_too)
{
	uint32_t lx, ly;

	if (x->len == 0 && y->len == 0)
		return true;	/* both originated in our AS */
	lx = neighbor_as(x);
	ly = neighbor_as(y);
	if (lx != 0 && lx == ly)
		return true;
	if (!confed_too)
		return false;
	lx = aspath_left_confed_as(x);
	ly = aspath_left_confed_as(y);
	return lx != 0 && lx == ly;
}

static bool same_aspath(const struct aspath *x, const struct aspath *y)
{
	/* Interned: equal paths are one object; compare bytes anyway so a
	 * caller holding uninterned copies gets the right answer. */
	return x == y ||
	       (x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
}

/* ---- values as each step sees them ---- */

static uint32_t local_pref(const struct attr *a, const struct decide_cfg *c)
{
	return a->has_local_pref ? a->local_pref : c->default_local_pref;
}

static uint32_t med(const struct attr *a, const struct decide_cfg *c)
{
	if (a->has_med)
		return a->med;
	return c->med_missing_as_worst ? UINT32_MAX : 0;
}

static unsigned path_len(const struct attr *a, const struct decide_cfg *c)
{
	unsigned n = aspath_hops(a->aspath);

	if (c->aspath_confed)
		n += aspath_confed_hops(a->aspath);
	return n;
}

static uint32_t router_id(const struct decide_path *p)
{
	uint32_t id;

	if (attr_originator_id(p->attr, &id))
		return id;
	return p->src->router_id;
}

static bool is_ebgp(const struct decide_path *p)
{
	return p->src->type == DECIDE_SRC_EBGP;
}

bool decide_eligible(const struct decide_path *p)
{
	if (!(p->flags & DECIDE_F_REACHABLE))
		return false;
	if (p->flags & (DECIDE_F_HISTORY | DECIDE_F_REMOVED))
		return false;
	return true;
}

/* Step 9: would a and b, equal so far, share a multipath set? */
static bool mpath_equal(const struct decide_path *a,
			const struct decide_path *b,
			const struct decide_cfg *c)
{
	if (c->multipath_relax)
		return true;
	if (a->src->type == DECIDE_SRC_IBGP)
		return same_aspath(a->attr->aspath, b->attr->aspath);
	return a->src->as == b->src->as;
}

static int decided(struct decide_why *why, enum decide_step s, int r)
{
	if (why)
		why->step = s;
	return r;
}

/* Step 13: stale paths lose, then local ones, then the higher address. */
static int neighbor_cmp(const struct decide_path *a,
			const struct decide_path *b)
{
	bool sa = a->flags & DECIDE_F_STALE, sb = b->flags & DECIDE_F_STALE;
	bool la = ipaddr_is_unset(&a->src->addr);
	bool lb = ipaddr_is_unset(&b->src->addr);
	int c;

	if (!sa && sb)
		return -1;
	if (sa && !sb)
		return 1;
	if (!la && lb)
		return -1;
	if (la && !lb)
		return 1;
	if (!la && (c = ipaddr_cmp(&a->src->addr, &b->src->addr)) != 0)
		return c;
	if (a->src == b->src)
		fatal("decide: two paths of one source for one prefix");
	/* Two sources with one address (two local ones): any fixed order. */
	return a->src < b->src ? -1 : 1;
}

int decide_cmp(const struct decide_path *a, const struct decide_path *b,
	       const struct decide_cfg *c, struct decide_why *why)
{
	const struct attr *x = a->attr, *y = b->attr;
	bool la, lb;

	if (why)
		why->mpath_eq = false;

	/* 1. Weight: higher wins. */
	if (a->weight > b->weight)
		return decided(why, DECIDE_STEP_WEIGHT, -1);
	if (a->weight < b->weight)
		return decided(why, DECIDE_STEP_WEIGHT, 1);

	/* 2. LOCAL_PREF (missing: bgp default local-preference): higher. */
	if (local_pref(x, c) > local_pref(y, c))
		return decided(why, DECIDE_STEP_LOCAL_PREF, -1);
	if (local_pref(x, c) < local_pref(y, c))
		return decided(why, DECIDE_STEP_LOCAL_PREF, 1);

	/* 3. Locally originated (network, redistribute, aggregate). */
	la = a->src->type == DECIDE_SRC_LOCAL;
	lb = b->src->type == DECIDE_SRC_LOCAL;
	if (la && !lb)
		return decided(why, DECIDE_STEP_LOCAL_ROUTE, -1);
	if (!la && lb)
		return decided(why, DECIDE_STEP_LOCAL_ROUTE, 1);

	/* 4. AS_PATH length (9.1.2.2 a): shorter wins. */
	if (!c->aspath_ignore) {
		if (path_len(x, c) < path_len(y, c))
			return decided(why, DECIDE_STEP_AS_PATH, -1);
		if (path_len(x, c) > path_len(y, c))
			return decided(why, DECIDE_STEP_AS_PATH, 1);
	}

	/* 5. ORIGIN (9.1.2.2 b): IGP < EGP < INCOMPLETE. */
	if (x->origin < y->origin)
		return decided(why, DECIDE_STEP_ORIGIN, -1);
	if (x->origin > y->origin)
		return decided(why, DECIDE_STEP_ORIGIN, 1);

	/* 6. MED (9.1.2.2 c): lower wins, same neighbouring AS only. */
	if (c->always_compare_med ||
	    same_neighbor_as(x->aspath, y->aspath, c->med_confed)) {
		if (med(x, c) < med(y, c))
			return decided(why, DECIDE_STEP_MED, -1);
		if (med(x, c) > med(y, c))
			return decided(why, DECIDE_STEP_MED, 1);
	}

	/* 7. eBGP over iBGP (9.1.2.2 d); confed-external is internal. */
	if (is_ebgp(a) && !is_ebgp(b))
		return decided(why, DECIDE_STEP_PEER_TYPE, -1);
	if (!is_ebgp(a) && is_ebgp(b))
		return decided(why, DECIDE_STEP_PEER_TYPE, 1);

	/* 8. IGP metric to the next hop (9.1.2.2 e): lower wins. */
	if (a->igp_metric < b->igp_metric)
		return decided(why, DECIDE_STEP_IGP_METRIC, -1);
	if (a->igp_metric > b->igp_metric)
		return decided(why, DECIDE_STEP_IGP_METRIC, 1);

	/* 9. Equal so far: multipath candidates (maximum-paths). */
	if (why)
		why->mpath_eq = mpath_equal(a, b, c);

	/*
	 * 10. "Oldest" eBGP path: as in Quagga 1.2 the current best stays
	 * (less churn); arrival times are not compared.
	 */
	if (!c->compare_routerid && is_ebgp(a) && is_ebgp(b)) {
		if ((a->flags & DECIDE_F_SELECTED) &&
		    !(b->flags & DECIDE_F_SELECTED))
			return decided(why, DECIDE_STEP_OLDEST, -1);
		if (!(a->flags & DECIDE_F_SELECTED) &&
		    (b->flags & DECIDE_F_SELECTED))
			return decided(why, DECIDE_STEP_OLDEST, 1);
	}

	/* 11. BGP Identifier (9.1.2.2 f; ORIGINATOR_ID, RFC 4456 9). */
	if (router_id(a) < router_id(b))
		return decided(why, DECIDE_STEP_ROUTER_ID, -1);
	if (router_id(a) > router_id(b))
		return decided(why, DECIDE_STEP_ROUTER_ID, 1);

	/* 12. CLUSTER_LIST length (RFC 4456 9): shorter wins. */
	if (attr_cluster_len(x) < attr_cluster_len(y))
		return decided(why, DECIDE_STEP_CLUSTER_LIST, -1);
	if (attr_cluster_len(x) > attr_cluster_len(y))
		return decided(why, DECIDE_STEP_CLUSTER_LIST, 1);

	/* 13. Peer address (9.1.2.2 g); never a tie between two sources. */
	return decided(why, DECIDE_STEP_NEIGHBOR_ADDR, neighbor_cmp(a, b));
}

/* ---- selection for one prefix ---- */

#define DECIDE_OUT_CAND 0x80	/* internal: takes part in the final round */

/*
 * "bgp deterministic-med" (Quagga bgp_best_selection): group the paths by
 * neighbouring AS, pick each group's best (MED is then always compared
 * within a group), and let only the group winners into the final round,
 * so that the result does not depend on the order paths arrived in.
 */
static void mark_dmed_candidates(struct decide_path *p, size_t n,
				 const struct decide_cfg *c)
{
	size_t i, j, gbest;
	uint16_t g = 0;

	for (i = 0; i < n; i++)
		p[i].group = 0;
	for (i = 0; i < n; i++) {
		if (p[i].group || !decide_eligible(&p[i]))
			continue;
		p[i].group = ++g;
		gbest = i;
		for (j = i + 1; j < n; j++) {
			if (p[j].group || !decide_eligible(&p[j]) ||
			    !same_neighbor_as(p[i].attr->aspath,
					      p[j].attr->aspath, true))
				continue;
			p[j].group = g;
			if (decide_cmp(&p[j], &p[gbest], c, NULL) < 0)
				gbest = j;
		}
		p[gbest].out |= DECIDE_OUT_CAND;
	}
}

static bool same_nexthop(const struct attr *x, const struct attr *y)
{
	return x->nh_af == y->nh_af && memcmp(x->nh, y->nh, sizeof(x->nh)) == 0;
}

/*
 * The multipath set: paths equal to the best through step 8 and
 * passing step 9, with a next hop different from the best's and from
 * each other's, at most maximum-paths (ibgp when the best is internal)
 * including the best; the better ones by the rest of the comparator
 * are taken first.
 */
static void mark_multipath(struct decide_path *p, size_t n, size_t best,
			   const struct decide_cfg *c)
{
	unsigned max = p[best].src->type == DECIDE_SRC_EBGP ? c->max_paths
							    : c->max_paths_ibgp;
	unsigned taken = 1;
	struct decide_why why;
	size_t i, j, pick;

	if (max <= 1)
		return;
	for (i = 0; i < n; i++) {
		p[i].out &= (uint8_t)~DECIDE_OUT_CAND;
		if (i == best || !decide_eligible(&p[i]) ||
		    same_nexthop(p[i].attr, p[best].attr))
			continue;
		decide_cmp(&p[i], &p[best], c, &why);
		if (why.mpath_eq)
			p[i].out |= DECIDE_OUT_CAND;
	}
	while (taken < max) {
		pick = n;
		for (i = 0; i < n; i++)
			if ((p[i].out & DECIDE_OUT_CAND) &&
			    (pick == n || decide_cmp(&p[i], &p[pick], c, NULL) < 0))
				pick = i;
		if (pick == n)
			break;
		p[pick].out = (uint8_t)((p[pick].out & ~DECIDE_OUT_CAND) |
					DECIDE_OUT_MPATH);
		taken++;
		for (j = 0; j < n; j++)
			if ((p[j].out & DECIDE_OUT_CAND) &&
			    same_nexthop(p[j].attr, p[pick].attr))
				p[j].out &= (uint8_t)~DECIDE_OUT_CAND;
	}
}

int decide_select(struct decide_path *p, size_t n, const struct decide_cfg *c)
{
	size_t i, best = n;

	for (i = 0; i < n; i++)
		p[i].out = 0;
	if (c->deterministic_med)
		mark_dmed_candidates(p, n, c);
	else
		for (i = 0; i < n; i++)
			if (decide_eligible(&p[i]))
				p[i].out |= DECIDE_OUT_CAND;
	for (i = 0; i < n; i++)
		if ((p[i].out & DECIDE_OUT_CAND) &&
		    (best == n || decide_cmp(&p[i], &p[best], c, NULL) < 0))
			best = i;
	for (i = 0; i < n; i++)
		p[i].out &= (uint8_t)~DECIDE_OUT_CAND;
	if (best == n)
		return -1;
	p[best].out |= DECIDE_OUT_BEST;
	mark_multipath(p, n, best, c);
	for (i = 0; i < n; i++)
		p[i].out &= (uint8_t)~DECIDE_OUT_CAND;
	return (int)best;
}
