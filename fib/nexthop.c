/*
 * nexthop.c: next-hop tracking (see nexthop.h).
 *
 * The tracked next hops are the RIB's (one per distinct address, from
 * resolve() to release()), kept in a chained hash table.  A router has
 * tens to a few thousand of them, so marking the ones a change affects
 * is a linear scan; resolving one is O(prefix length) in the mirror.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nexthop.h"

struct tnh {
	struct tnh *next;
	struct ipaddr a;
	struct rib_nh_state st;
	struct fib_nexthop fwd;
	bool dirty;
};

struct nexthop {
	struct ev_loop *loop;
	struct mirror *m;
	struct nexthop_cfg cfg;
	struct nexthop_notify n;
	struct tnh **hash;
	size_t nslots, count;
	ev_timer debounce;
	bool armed;
	struct nexthop_stats st;
};

static uint32_t addr_hash(const struct ipaddr *a)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < af_bytes(a->af); i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h;
}

static struct tnh **slot_of(const struct nexthop *nh, const struct ipaddr *a)
{
	return &nh->hash[addr_hash(a) & (nh->nslots - 1)];
}

static struct tnh *find(const struct nexthop *nh, const struct ipaddr *a)
{
	struct tnh *t;

	for (t = *slot_of(nh, a); t; t = t->next)
		if (ipaddr_cmp(&t->a, a) == 0)
			return t;
	return NULL;
}

static void grow(struct nexthop *nh)
{
	size_t n = nh->nslots * 2, i;
	struct tnh **h = calloc(n, sizeof(*h)), *t, *next;

	if (!h)
		return;		/* longer chains, still correct */
	for (i = 0; i < nh->nslots; i++) {
		for (t = nh->hash[i]; t; t = next) {
			next = t->next;
			t->next = h[addr_hash(&t->a) & (n - 1)];
			h[addr_hash(&t->a) & (n - 1)] = t;
		}
	}
	free(nh->hash);
	nh->hash = h;
	nh->nslots = n;
}

void nexthop_notify_rib(void *rib, const struct ipaddr *a,
			const struct rib_nh_state *st)
{
	rib_nh_changed(rib, a, st);
}

/* ---- resolution ---- */

static void evaluate(const struct nexthop *nh, const struct ipaddr *a,
		     struct rib_nh_state *st, struct fib_nexthop *fwd)
{
	struct mirror_match mm;

	memset(st, 0, sizeof(*st));
	memset(fwd, 0, sizeof(*fwd));
	if (mirror_lookup(nh->m, a, nh->cfg.resolve_via_default, &mm) < 0)
		return;
	st->reachable = true;
	st->metric = mm.metric;
	st->ifindex = (int)mm.nh.ifindex;
	fwd->ifindex = mm.nh.ifindex;
	/* A connected route has no gateway: the next hop is its own. */
	fwd->gw = ipaddr_is_unset(&mm.nh.gw) ? *a : mm.nh.gw;
}

void nexthop_lookup(const struct nexthop *nh, const struct ipaddr *a,
		    struct rib_nh_state *st)
{
	struct fib_nexthop fwd;

	evaluate(nh, a, st, &fwd);
}

int nexthop_fwd(const struct nexthop *nh, const struct ipaddr *a,
		struct fib_nexthop *out)
{
	const struct tnh *t = find(nh, a);
	struct rib_nh_state st;

	if (t && !t->dirty) {
		*out = t->fwd;
		return t->st.reachable ? 0 : -1;
	}
	evaluate(nh, a, &st, out);
	return st.reachable ? 0 : -1;
}

bool nexthop_onlink(const struct nexthop *nh, const struct ipaddr *a,
		    uint32_t *ifindex)
{
	return mirror_onlink(nh->m, a, ifindex);
}

/* ---- the RIB's interface ---- */

void nexthop_resolve(void *arg, const struct ipaddr *a, struct rib_nh_state *st)
{
	struct nexthop *nh = arg;
	struct tnh *t = find(nh, a), **slot;

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t) {
			/* Untracked: report it unreachable rather than lie. */
			log_err("fib: out of memory tracking a next hop");
			memset(st, 0, sizeof(*st));
			return;
		}
		t->a = *a;
		if (nh->count >= nh->nslots)
			grow(nh);
		slot = slot_of(nh, a);
		t->next = *slot;
		*slot = t;
		nh->count++;
	}
	evaluate(nh, a, &t->st, &t->fwd);
	t->dirty = false;
	*st = t->st;
}

void nexthop_release(void *arg, const struct ipaddr *a)
{
	struct nexthop *nh = arg;
	struct tnh **pp, *t;

	for (pp = slot_of(nh, a); (t = *pp); pp = &t->next) {
		if (ipaddr_cmp(&t->a, a) == 0) {
			*pp = t->next;
			free(t);
			nh->count--;
			return;
		}
	}
}

void nexthop_rib_ops(struct nexthop *nh, struct rib_nh_ops *ops)
{
	ops->resolve = nexthop_resolve;
	ops->release = nexthop_release;
	ops->arg = nh;
}

/* ---- re-evaluation ---- */

static bool st_equal(const struct rib_nh_state *x, const struct rib_nh_state *y)
{
	return x->reachable == y->reachable && x->metric == y->metric &&
	       x->ifindex == y->ifindex;
}

static void reevaluate(struct nexthop *nh, struct tnh *t)
{
	struct rib_nh_state st;
	struct fib_nexthop fwd;
	bool fwd_moved;
	struct ipaddr a = t->a;

	t->dirty = false;
	evaluate(nh, &t->a, &st, &fwd);
	/* Only a next hop reachable before and after can move under best
	 * paths that stay: a change of reachability re-runs the decision
	 * for its paths, which reports every best path that changes. */
	fwd_moved = st.reachable && t->st.reachable &&
		    (ipaddr_cmp(&fwd.gw, &t->fwd.gw) != 0 ||
		     fwd.ifindex != t->fwd.ifindex);
	t->fwd = fwd;
	if (!st_equal(&st, &t->st)) {
		t->st = st;
		nh->st.notified++;
		/* The callback may release t (the RIB drops a next hop). */
		if (nh->n.changed)
			nh->n.changed(nh->n.arg, &a, &st);
	}
	if (fwd_moved && nh->n.fwd_changed)
		nh->n.fwd_changed(nh->n.arg, &a);
}

/* Re-evaluate the dirty ones; callbacks may release entries, so restart
 * the slot after each one evaluated. */
static void run_dirty(struct nexthop *nh)
{
	size_t i;
	struct tnh *t;

	nh->st.runs++;
	for (i = 0; i < nh->nslots; i++) {
again:
		for (t = nh->hash[i]; t; t = t->next) {
			if (t->dirty) {
				reevaluate(nh, t);
				goto again;
			}
		}
	}
}

void nexthop_run_pending(struct nexthop *nh)
{
	if (nh->armed) {
		ev_timer_stop(nh->loop, &nh->debounce);
		nh->armed = false;
	}
	run_dirty(nh);
}

static void debounce_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct nexthop *nh = w->data;

	(void)loop;
	(void)revents;
	nh->armed = false;
	run_dirty(nh);
}

static bool affected(const struct tnh *t, const struct mirror_change *c)
{
	switch (c->kind) {
	case MIRROR_CHG_LINK:
		/* Any of them: a link coming back may offer a longer match
		 * to a next hop that fell back to another route. */
		return true;
	case MIRROR_CHG_ADDR:
	case MIRROR_CHG_ROUTE:
		return c->prefix.af == t->a.af &&
		       prefix_contains_addr(&c->prefix, &t->a);
	}
	return true;
}

void nexthop_mirror_changed(void *arg, const struct mirror_change *c)
{
	struct nexthop *nh = arg;
	bool any = false;
	size_t i;
	struct tnh *t;

	for (i = 0; i < nh->nslots; i++)
		for (t = nh->hash[i]; t; t = t->next)
			if (!t->dirty && affected(t, c))
				t->dirty = any = true;
	if (!any || nh->armed)
		return;
	if (!nh->loop) {
		run_dirty(nh);
		return;
	}
	/* Armed by the first change of a burst, never pushed back. */
	ev_timer_set(&nh->debounce, NEXTHOP_DEBOUNCE_MS / 1000.0, 0.);
	ev_timer_start(nh->loop, &nh->debounce);
	nh->armed = true;
}

void nexthop_reevaluate_all(struct nexthop *nh)
{
	size_t i;
	struct tnh *t;

	for (i = 0; i < nh->nslots; i++)
		for (t = nh->hash[i]; t; t = t->next)
			t->dirty = true;
	nexthop_run_pending(nh);
}

/* ---- lifetime ---- */

struct nexthop *nexthop_new(struct ev_loop *loop, struct mirror *m,
			    const struct nexthop_cfg *cfg,
			    const struct nexthop_notify *n)
{
	struct nexthop *nh = calloc(1, sizeof(*nh));

	if (!nh)
		return NULL;
	nh->nslots = 64;
	nh->hash = calloc(nh->nslots, sizeof(*nh->hash));
	if (!nh->hash) {
		free(nh);
		return NULL;
	}
	nh->loop = loop;
	nh->m = m;
	if (cfg)
		nh->cfg = *cfg;
	if (n)
		nh->n = *n;
	ev_timer_init(&nh->debounce, debounce_cb, 0., 0.);
	nh->debounce.data = nh;
	return nh;
}

void nexthop_set_cfg(struct nexthop *nh, const struct nexthop_cfg *cfg)
{
	nh->cfg = *cfg;
	nexthop_reevaluate_all(nh);
}

void nexthop_free(struct nexthop *nh)
{
	size_t i;
	struct tnh *t, *next;

	if (!nh)
		return;
	if (nh->armed)
		ev_timer_stop(nh->loop, &nh->debounce);
	for (i = 0; i < nh->nslots; i++)
		for (t = nh->hash[i]; t; t = next) {
			next = t->next;
			free(t);
		}
	free(nh->hash);
	free(nh);
}

void nexthop_stats(const struct nexthop *nh, struct nexthop_stats *st)
{
	size_t i;
	struct tnh *t;

	*st = nh->st;
	st->tracked = nh->count;
	st->reachable = 0;
	for (i = 0; i < nh->nslots; i++)
		for (t = nh->hash[i]; t; t = t->next)
			st->reachable += t->st.reachable;
}
