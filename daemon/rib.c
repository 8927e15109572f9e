/*
 * rib.c: the per-family RIBs (see rib.h): prefix entries in a trie,
 * their paths, the next hops those paths depend on, and incremental
 * best-path selection with change reports.
 *
 * The paths of a prefix form a singly linked list, most recent first
 * (the order Quagga shows them in).  The last path's next pointer is
 * the entry's address with bit 0 set, so from any path the entry is
 * reached by walking to the end of its (short) list: that saves the
 * back pointer a next-hop change needs, 8 bytes on every path.
 *
 * Each path using a next hop is on that next hop's doubly linked list,
 * so a change of reachability or metric re-runs selection only for the
 * prefixes using it.  The list links are 32-bit indices into an index
 * pool (struct ipool), which is why paths with a next hop live there
 * and local paths (on no list) in a plain pool; a path that gains or
 * loses its next hop is moved.  A peer going down walks the trie
 * (O(prefixes + paths)) and stops as soon as the peer's path count
 * reaches zero; rib_flush_step() does the same in slices.
 *
 * The change callback runs synchronously, before a removed path or a
 * replaced attribute set is released, so it can look at both.
 *
 * Limitations: dampening (history entries) and RIB-failure have flags
 * but nothing sets them yet.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "rib.h"

/* ---- the tagged list of paths of a prefix ---- */

static bool is_end(const struct rib_path *p)
{
	return ((uintptr_t)p & 1) != 0;
}

static struct rib_path *end_of(struct rib_entry *e)
{
	return (struct rib_path *)((uintptr_t)e | 1);
}

static struct rib_entry *entry_of(const struct rib_path *p)
{
	while (!is_end(p->next))
		p = p->next;
	return (struct rib_entry *)((uintptr_t)p->next & ~(uintptr_t)1);
}

const struct rib_path *rib_path_next(const struct rib_path *p)
{
	return is_end(p->next) ? NULL : p->next;
}

#define FOREACH_PATH(p, e)                                                   \
	for ((p) = (e)->paths; (p); (p) = is_end((p)->next) ? NULL : (p)->next)

static void path_link(struct rib_entry *e, struct rib_path *p)
{
	p->next = e->paths ? e->paths : end_of(e);
	e->paths = p;
}

static void path_unlink(struct rib_entry *e, struct rib_path *p)
{
	struct rib_path **pp = &e->paths;

	while (*pp != p) {
		if (is_end((*pp)->next))
			fatal("rib: path not on its prefix's list");
		pp = &(*pp)->next;
	}
	*pp = is_end(p->next) ? (pp == &e->paths ? NULL : p->next) : p->next;
}

static struct rib_entry *node_entry(struct trie_node *n)
{
	return (struct rib_entry *)((char *)n - offsetof(struct rib_entry, node));
}

/* ---- sources ---- */

int rib_src_register(struct rib *r, struct rib_src *s)
{
	size_t i, n;
	struct rib_src **v;

	for (i = 0; i < r->nsrc_slots; i++)
		if (!r->src[i])
			break;
	if (i == r->nsrc_slots) {
		if (r->nsrc_slots >= RIB_SRC_MAX)
			return -1;
		n = r->nsrc_slots ? r->nsrc_slots * 2 : 16;
		if (n > RIB_SRC_MAX)
			n = RIB_SRC_MAX;
		v = realloc(r->src, n * sizeof(*v));
		if (!v)
			return -1;
		memset(v + r->nsrc_slots, 0, (n - r->nsrc_slots) * sizeof(*v));
		r->src = v;
		r->nsrc_slots = n;
	}
	r->src[i] = s;
	s->id = (uint16_t)i;
	s->npaths = 0;
	return 0;
}

void rib_src_unregister(struct rib *r, struct rib_src *s)
{
	if (s->npaths)
		fatal("rib: source unregistered with %u paths", s->npaths);
	if (s->id < r->nsrc_slots && r->src[s->id] == s)
		r->src[s->id] = NULL;
}

struct rib_src *rib_src_get(const struct rib *r, uint16_t id)
{
	return id < r->nsrc_slots ? r->src[id] : NULL;
}

static bool src_ok(const struct rib *r, const struct rib_src *s)
{
	return s && s->id < r->nsrc_slots && r->src[s->id] == s;
}

/* ---- next hops ---- */

static uint32_t nh_hash(const struct ipaddr *a)
{
	uint32_t h = 2166136261u ^ a->af;
	size_t i;

	for (i = 0; i < af_bytes(a->af); i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h;
}

static struct rib_nh *nh_find(const struct rib *r, const struct ipaddr *a)
{
	struct rib_nh *nh;

	if (!r->nh_slots)
		return NULL;
	for (nh = r->nh_hash[nh_hash(a) & (r->nh_slots - 1)]; nh; nh = nh->hnext)
		if (ipaddr_cmp(&nh->addr, a) == 0)
			return nh;
	return NULL;
}

static int nh_grow(struct rib *r)
{
	size_t n = r->nh_slots ? r->nh_slots * 2 : 256, i;
	struct rib_nh **v = calloc(n, sizeof(*v)), *nh, *next;

	if (!v)
		return -1;
	for (i = 0; i < r->nh_slots; i++)
		for (nh = r->nh_hash[i]; nh; nh = next) {
			next = nh->hnext;
			nh->hnext = v[nh_hash(&nh->addr) & (n - 1)];
			v[nh_hash(&nh->addr) & (n - 1)] = nh;
		}
	free(r->nh_hash);
	r->nh_hash = v;
	r->nh_slots = n;
	return 0;
}

/* An id for nh: paths store 32-bit ids to stay at 48 bytes. */
static int nh_id_get(struct rib *r, struct rib_nh *nh)
{
	size_t cap;
	struct rib_nh **v;
	uint32_t *f;

	if (r->nh_nfree) {
		nh->id = r->nh_freeids[--r->nh_nfree];
	} else {
		if (r->nhv_len == 0)
			r->nhv_len = 1;		/* id 0: no next hop */
		if (r->nhv_len >= r->nhv_cap) {
			cap = r->nhv_cap ? r->nhv_cap * 2 : 64;
			v = realloc(r->nhv, cap * sizeof(*v));
			if (!v)
				return -1;
			r->nhv = v;
			f = realloc(r->nh_freeids, cap * sizeof(*f));
			if (!f)
				return -1;
			r->nh_freeids = f;
			r->nhv_cap = cap;
		}
		nh->id = (uint32_t)r->nhv_len++;
	}
	r->nhv[nh->id] = nh;
	return 0;
}

static struct rib_nh *nh_of(const struct rib *r, const struct rib_path *p)
{
	return p->nh ? r->nhv[p->nh] : NULL;
}

const struct rib_nh *rib_path_nh(const struct rib *r, const struct rib_path *p)
{
	return nh_of(r, p);
}

/* The next hop object for a (created and resolved if new), or NULL. */
static struct rib_nh *nh_get(struct rib *r, const struct ipaddr *a)
{
	struct rib_nh *nh = nh_find(r, a);
	size_t slot;

	if (nh)
		return nh;
	if (r->nnh >= r->nh_slots && nh_grow(r) < 0)
		return NULL;
	nh = pool_alloc(&r->nhs);
	if (!nh)
		return NULL;
	memset(nh, 0, sizeof(*nh));
	if (nh_id_get(r, nh) < 0) {
		pool_free(&r->nhs, nh);
		return NULL;
	}
	nh->addr = *a;
	nh->st.reachable = true;
	if (r->ops.nh.resolve)
		r->ops.nh.resolve(r->ops.nh.arg, a, &nh->st);
	slot = nh_hash(a) & (r->nh_slots - 1);
	nh->hnext = r->nh_hash[slot];
	r->nh_hash[slot] = nh;
	r->nnh++;
	return nh;
}

static void nh_free(struct rib *r, struct rib_nh *nh, bool release)
{
	struct rib_nh **pp = &r->nh_hash[nh_hash(&nh->addr) & (r->nh_slots - 1)];

	while (*pp != nh)
		pp = &(*pp)->hnext;
	*pp = nh->hnext;
	r->nnh--;
	r->nhv[nh->id] = NULL;
	r->nh_freeids[r->nh_nfree++] = nh->id;
	if (release && r->ops.nh.release)
		r->ops.nh.release(r->ops.nh.arg, &nh->addr);
	pool_free(&r->nhs, nh);
}

static struct rib_path *path_at(const struct rib *r, uint32_t idx)
{
	return ipool_at(&r->paths, idx);
}

/*
 * A path with a next hop has an index, not stored: it is found from the
 * path's neighbour on the next hop's list (or the list head).
 */
static uint32_t path_idx(const struct rib *r, const struct rib_path *p)
{
	return p->nh_prev ? path_at(r, p->nh_prev)->nh_next
			  : r->nhv[p->nh]->paths;
}

static void nh_link(struct rib *r, struct rib_nh *nh, struct rib_path *p,
		    uint32_t idx)
{
	p->nh = nh->id;
	p->nh_prev = 0;
	p->nh_next = nh->paths;
	if (nh->paths)
		path_at(r, nh->paths)->nh_prev = idx;
	nh->paths = idx;
	nh->npaths++;
}

/* Take p off its next hop's list; a next hop left unused is freed. */
static void nh_unlink(struct rib *r, struct rib_path *p)
{
	struct rib_nh *nh = r->nhv[p->nh];

	if (p->nh_prev)
		path_at(r, p->nh_prev)->nh_next = p->nh_next;
	else
		nh->paths = p->nh_next;
	if (p->nh_next)
		path_at(r, p->nh_next)->nh_prev = p->nh_prev;
	p->nh = p->nh_next = p->nh_prev = 0;
	if (--nh->npaths == 0)
		nh_free(r, nh, true);
}

/* A zeroed path on nh's list (from the index pool), or a local one. */
static struct rib_path *path_new(struct rib *r, struct rib_nh *nh)
{
	struct rib_path *p;
	uint32_t idx;

	if (!nh) {
		p = pool_alloc(&r->lpaths);
		if (p)
			memset(p, 0, sizeof(*p));
		return p;
	}
	idx = ipool_alloc(&r->paths, (void **)&p);
	if (!idx)
		return NULL;
	memset(p, 0, sizeof(*p));
	nh_link(r, nh, p, idx);
	return p;
}

/* Free p's memory (not its attributes), leaving its next hop's list. */
static void path_free(struct rib *r, struct rib_path *p)
{
	uint32_t idx;

	if (!p->nh) {
		pool_free(&r->lpaths, p);
		return;
	}
	idx = path_idx(r, p);
	nh_unlink(r, p);
	ipool_free(&r->paths, idx);
}

/* ---- init and teardown ---- */

int rib_init(struct rib *r, const struct rib_ops *ops)
{
	int af;

	memset(r, 0, sizeof(*r));
	if (ops)
		r->ops = *ops;
	for (af = 0; af < BGP_AF_MAX; af++) {
		int fam = bgp_af_family((enum bgp_af)af);

		trie_init(&r->t[af].trie, fam, sizeof(struct rib_entry),
			  offsetof(struct rib_entry, node),
			  _Alignof(struct rib_entry));
		/* Updates in random order (BIRD's export) would otherwise
		 * miss the cache once a trie level; without it (no memory)
		 * lookups are just slower. */
		trie_index_enable(&r->t[af].trie);
		decide_cfg_default(&r->cfg[af]);
	}
	ipool_init(&r->paths, sizeof(struct rib_path), _Alignof(struct rib_path));
	pool_init(&r->lpaths, sizeof(struct rib_path));
	pool_init(&r->nhs, sizeof(struct rib_nh));
	return 0;
}

static void attr_drop(struct rib *r, struct attr *a)
{
	if (a && r->ops.attr_unref)
		r->ops.attr_unref(a);
}

struct destroy_ctx {
	struct rib *r;
	enum bgp_af af;
};

static void destroy_entry(struct trie_node *n, void *arg)
{
	struct destroy_ctx *d = arg;
	struct rib_entry *e = node_entry(n);
	struct rib_path *p = e->paths, *next;

	while (p) {
		next = is_end(p->next) ? NULL : p->next;
		attr_drop(d->r, p->attr);
		if (!p->nh)	/* the others go with their pool */
			pool_free(&d->r->lpaths, p);
		p = next;
	}
	e->paths = NULL;
}

void rib_destroy(struct rib *r)
{
	struct rib_nh *nh, *next;
	size_t i;
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		struct destroy_ctx d = { r, (enum bgp_af)af };

		trie_destroy(&r->t[af].trie, destroy_entry, &d);
	}
	for (i = 0; i < r->nh_slots; i++)
		for (nh = r->nh_hash[i]; nh; nh = next) {
			next = nh->hnext;
			pool_free(&r->nhs, nh);
		}
	for (i = 0; i < r->nsrc_slots; i++)
		if (r->src[i])
			r->src[i]->npaths = 0;
	ipool_destroy(&r->paths);
	pool_destroy(&r->lpaths);
	pool_destroy(&r->nhs);
	free(r->nh_hash);
	free(r->nhv);
	free(r->nh_freeids);
	free(r->src);
	free(r->scratch);
	memset(r, 0, sizeof(*r));
}

/* ---- selection ---- */

static uint32_t rib_now(const struct rib *r)
{
	struct timespec ts;

	if (r->ops.now)
		return r->ops.now();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_sec;
}

bool rib_path_valid(const struct rib *r, const struct rib_path *p)
{
	const struct rib_nh *nh = nh_of(r, p);

	if (nh && !nh->st.reachable)
		return false;
	return !(p->flags & (RIB_PF_HISTORY | RIB_PF_REMOVED));
}

uint32_t rib_path_igp_metric(const struct rib *r, const struct rib_path *p)
{
	const struct rib_nh *nh = nh_of(r, p);

	return nh ? nh->st.metric : 0;
}

const struct rib_path *rib_best(const struct rib_entry *e)
{
	const struct rib_path *p;

	FOREACH_PATH(p, e)
		if (p->flags & RIB_PF_BEST)
			return p;
	return NULL;
}

static int scratch_fit(struct rib *r, size_t n)
{
	struct decide_path *v;
	size_t want = r->nscratch ? r->nscratch : 16;

	if (n <= r->nscratch)
		return 0;
	while (want < n)
		want *= 2;
	v = realloc(r->scratch, want * sizeof(*v));
	if (!v)
		return -1;
	r->scratch = v;
	r->nscratch = want;
	return 0;
}

static void path_view(const struct rib *r, const struct rib_path *p,
		      struct decide_path *v)
{
	const struct rib_nh *nh = nh_of(r, p);

	v->attr = p->attr;
	v->src = &r->src[p->src]->d;
	v->weight = p->weight;
	v->igp_metric = nh ? nh->st.metric : 0;
	v->flags = 0;
	if (!nh || nh->st.reachable)
		v->flags |= DECIDE_F_REACHABLE;
	if (p->flags & RIB_PF_HISTORY)
		v->flags |= DECIDE_F_HISTORY;
	if (p->flags & RIB_PF_REMOVED)
		v->flags |= DECIDE_F_REMOVED;
	if (p->flags & RIB_PF_STALE)
		v->flags |= DECIDE_F_STALE;
	if (p->flags & RIB_PF_BEST)
		v->flags |= DECIDE_F_SELECTED;
}

/* The state before a change, to tell what the change did. */
struct before {
	const struct rib_path *best;
	const struct attr *best_attr;
	const struct rib_path *removed;	/* unlinked, for its MPATH flag */
};

static void before_of(const struct rib_entry *e, struct before *b)
{
	b->best = rib_best(e);
	b->best_attr = b->best ? b->best->attr : NULL;
	b->removed = NULL;
}

/*
 * Run the decision for entry e and report what changed.  Out of memory
 * for the candidate array keeps the previous marks (the next change of
 * the prefix retries).
 */
static void reselect(struct rib *r, enum bgp_af af, struct rib_entry *e,
		     const struct before *b)
{
	struct rib_change c;
	struct rib_path *p, *best = NULL;
	struct prefix pfx;
	size_t n = 0, i = 0;
	unsigned what = 0;

	FOREACH_PATH(p, e)
		n++;
	if (scratch_fit(r, n) < 0) {
		log_err("rib: out of memory selecting among %zu paths", n);
		return;
	}
	FOREACH_PATH(p, e)
		path_view(r, p, &r->scratch[i++]);
	decide_select(r->scratch, n, &r->cfg[af]);
	i = 0;
	FOREACH_PATH(p, e) {
		uint8_t out = r->scratch[i++].out;
		uint16_t f = p->flags & (uint16_t)~(RIB_PF_BEST | RIB_PF_MPATH);

		if (out & DECIDE_OUT_BEST)
			f |= RIB_PF_BEST, best = p;
		if (out & DECIDE_OUT_MPATH)
			f |= RIB_PF_MPATH;
		if ((f ^ p->flags) & RIB_PF_MPATH)
			what |= RIB_CHG_MPATH;
		p->flags = f;
	}
	if (b->removed && (b->removed->flags & RIB_PF_MPATH))
		what |= RIB_CHG_MPATH;
	if (best != b->best)
		what |= RIB_CHG_BEST;
	else if (best && best->attr != b->best_attr)
		what |= RIB_CHG_ATTR;
	if (!what || !r->ops.change)
		return;
	rib_entry_prefix(r, af, e, &pfx);
	c.af = af;
	c.prefix = &pfx;
	c.old_best = b->best;
	c.new_best = best;
	c.old_attr = b->best_attr;
	c.what = what;
	r->ops.change(r->ops.change_arg, &c);
}

/* ---- entries ---- */

void rib_entry_prefix(const struct rib *r, enum bgp_af af,
		      const struct rib_entry *e, struct prefix *out)
{
	trie_node_prefix(&r->t[af].trie, &e->node, out);
}

struct rib_entry *rib_lookup(struct rib *r, enum bgp_af af,
			     const struct prefix *p)
{
	struct trie_node *n = trie_lookup(&r->t[af].trie, p);

	return n ? node_entry(n) : NULL;
}

struct rib_entry *rib_match(struct rib *r, enum bgp_af af,
			    const struct prefix *p)
{
	struct trie_node *n = trie_match(&r->t[af].trie, p);

	return n ? node_entry(n) : NULL;
}

struct rib_entry *rib_cursor_next(struct rib *r, enum bgp_af af,
				  struct trie_cursor *c)
{
	struct trie_node *n = trie_cursor_next(&r->t[af].trie, c);

	return n ? node_entry(n) : NULL;
}

static struct rib_entry *entry_get(struct rib *r, enum bgp_af af,
				   const struct prefix *p)
{
	struct trie_node *n;
	bool created;

	n = trie_get(&r->t[af].trie, p, &created);
	if (!n)
		return NULL;
	if (created)
		n->owner = (uint16_t)af;	/* for next-hop changes */
	return node_entry(n);
}

static void entry_put(struct rib *r, enum bgp_af af, struct rib_entry *e)
{
	if (e->paths)
		return;
	if (trie_remove(&r->t[af].trie, &e->node) < 0)
		fatal("rib: entry not in its trie");
}

static struct rib_path *path_of(struct rib_entry *e, const struct rib_src *s)
{
	struct rib_path *p;

	FOREACH_PATH(p, e)
		if (p->src == s->id)
			return p;
	return NULL;
}

/* ---- changes ---- */

/* Replace p by a copy from the other pool (next hop gained or lost). */
static struct rib_path *path_move(struct rib *r, struct rib_entry *e,
				  struct rib_path *p, struct rib_nh *nh)
{
	struct rib_path *q = path_new(r, nh), **pp = &e->paths;

	if (!q)
		return NULL;
	q->next = p->next;
	q->attr = p->attr;
	q->weight = p->weight;
	q->time = p->time;
	q->src = p->src;
	q->flags = p->flags;
	while (*pp != p)
		pp = &(*pp)->next;
	*pp = q;
	return q;
}

static int path_replace(struct rib *r, enum bgp_af af, struct rib_entry *e,
			struct rib_path *p, struct attr *a,
			struct rib_nh *nh, uint32_t weight)
{
	struct attr *old = p->attr;
	struct rib_path *q = p;
	struct before b;
	uint32_t idx;

	if (old == a && p->weight == weight && nh_of(r, p) == nh &&
	    !(p->flags & RIB_PF_STALE)) {
		attr_drop(r, a);	/* a duplicate: nothing changes */
		return 0;
	}
	before_of(e, &b);
	if ((nh != NULL) != (p->nh != 0)) {
		q = path_move(r, e, p, nh);
		if (!q) {
			if (nh && nh->npaths == 0)
				nh_free(r, nh, true);
			attr_drop(r, a);
			log_err("rib: out of memory replacing a path");
			return -1;
		}
	} else if (nh && nh_of(r, p) != nh) {
		idx = path_idx(r, p);
		nh_unlink(r, p);
		nh_link(r, nh, p, idx);
	}
	q->attr = a;
	q->weight = weight;
	q->time = rib_now(r);
	q->flags &= (uint16_t)~RIB_PF_STALE;
	reselect(r, af, e, &b);
	if (q != p)
		path_free(r, p);	/* after the report: it may name p */
	attr_drop(r, old);
	return 0;
}

int rib_update(struct rib *r, enum bgp_af af, const struct prefix *p,
	       struct rib_src *s, struct attr *a, const struct ipaddr *nha,
	       uint32_t weight)
{
	struct rib_nh *nh = NULL;
	struct rib_entry *e;
	struct rib_path *path;
	struct before b;

	if (!src_ok(r, s) || (unsigned)af >= BGP_AF_MAX ||
	    p->af != bgp_af_family(af))
		fatal("rib: update with a bad source or family");
	if (p->len > af_maxlen(p->af)) {
		attr_drop(r, a);
		log_err("rib: prefix length %u too long", p->len);
		return -1;
	}
	if (nha && !(nh = nh_get(r, nha)))
		goto nomem;
	e = entry_get(r, af, p);
	if (!e)
		goto nomem;
	path = path_of(e, s);
	if (path)
		return path_replace(r, af, e, path, a, nh, weight);
	path = path_new(r, nh);
	if (!path) {
		entry_put(r, af, e);
		goto nomem;
	}
	before_of(e, &b);
	path->attr = a;
	path->weight = weight;
	path->time = rib_now(r);
	path->src = s->id;
	path_link(e, path);
	s->npaths++;
	r->t[af].npaths++;
	reselect(r, af, e, &b);
	return 0;
nomem:
	if (nh && nh->npaths == 0)
		nh_free(r, nh, true);
	attr_drop(r, a);
	log_err("rib: out of memory adding a path");
	return -1;
}

/* Unlink p, re-run selection, then free p (and e if it is empty). */
static void path_remove(struct rib *r, enum bgp_af af, struct rib_entry *e,
			struct rib_path *p)
{
	struct rib_src *s = r->src[p->src];
	struct before b;

	before_of(e, &b);
	path_unlink(e, p);
	b.removed = p;
	reselect(r, af, e, &b);
	attr_drop(r, p->attr);
	s->npaths--;
	r->t[af].npaths--;
	path_free(r, p);
	entry_put(r, af, e);
}

int rib_withdraw(struct rib *r, enum bgp_af af, const struct prefix *p,
		 struct rib_src *s)
{
	struct rib_entry *e;
	struct rib_path *path;

	if (!src_ok(r, s) || (unsigned)af >= BGP_AF_MAX)
		fatal("rib: withdraw with a bad source or family");
	e = rib_lookup(r, af, p);
	if (!e || !(path = path_of(e, s)))
		return -1;
	path_remove(r, af, e, path);
	return 0;
}

struct down_ctx {
	struct rib *r;
	enum bgp_af af;
	struct rib_src *s;
	size_t removed;
};

static int down_one(struct trie_node *n, void *arg)
{
	struct down_ctx *d = arg;
	struct rib_entry *e = node_entry(n);
	struct rib_path *p = path_of(e, d->s);

	if (p) {
		path_remove(d->r, d->af, e, p);	/* may free e: allowed */
		d->removed++;
	}
	return d->s->npaths == 0;	/* stop once nothing is left */
}

size_t rib_src_down(struct rib *r, struct rib_src *s)
{
	struct down_ctx d = { r, BGP_AF_IPV4, s, 0 };
	int af;

	if (!src_ok(r, s))
		fatal("rib: unknown source going down");
	for (af = 0; af < BGP_AF_MAX && s->npaths; af++) {
		d.af = (enum bgp_af)af;
		trie_walk(&r->t[af].trie, down_one, &d);
	}
	return d.removed;
}

struct stale_ctx {
	struct rib *r;
	enum bgp_af af;
	struct rib_src *s;
	bool mark;		/* mark, or flush the marked */
	size_t n;
};

static int stale_one(struct trie_node *n, void *arg)
{
	struct stale_ctx *c = arg;
	struct rib_entry *e = node_entry(n);
	struct rib_path *p = path_of(e, c->s);
	struct before b;

	if (!p)
		return 0;
	if (c->mark && !(p->flags & RIB_PF_STALE)) {
		before_of(e, &b);
		p->flags |= RIB_PF_STALE;
		reselect(c->r, c->af, e, &b);
		c->n++;
	} else if (!c->mark && (p->flags & RIB_PF_STALE)) {
		path_remove(c->r, c->af, e, p);	/* may free e: allowed */
		c->n++;
	}
	return 0;
}

static size_t stale_walk(struct rib *r, struct rib_src *s, bool mark)
{
	struct stale_ctx c = { r, BGP_AF_IPV4, s, mark, 0 };
	int af;

	if (!src_ok(r, s))
		fatal("rib: stale operation on an unknown source");
	for (af = 0; af < BGP_AF_MAX && s->npaths; af++) {
		c.af = (enum bgp_af)af;
		trie_walk(&r->t[af].trie, stale_one, &c);
	}
	return c.n;
}

size_t rib_src_mark_stale(struct rib *r, struct rib_src *s)
{
	return stale_walk(r, s, true);
}

size_t rib_src_flush_stale(struct rib *r, struct rib_src *s)
{
	return stale_walk(r, s, false);
}

void rib_flush_init(struct rib_flush *f, struct rib_src *s, bool stale_only)
{
	memset(f, 0, sizeof(*f));
	f->s = s;
	f->stale_only = stale_only;
	trie_cursor_init(&f->c);
}

bool rib_flush_step(struct rib *r, struct rib_flush *f, size_t budget)
{
	struct rib_entry *e;
	struct rib_path *p;

	if (!src_ok(r, f->s))
		fatal("rib: flush of an unknown source");
	while (f->af < BGP_AF_MAX) {
		if (f->s->npaths == 0)
			return true;
		for (; budget > 0; budget--) {
			e = rib_cursor_next(r, (enum bgp_af)f->af, &f->c);
			if (!e)
				break;
			p = path_of(e, f->s);
			if (p && (!f->stale_only || (p->flags & RIB_PF_STALE))) {
				path_remove(r, (enum bgp_af)f->af, e, p);
				f->removed++;
			}
		}
		if (budget == 0)
			return false;
		f->af++;
		trie_cursor_init(&f->c);
	}
	return true;
}

void rib_nh_changed(struct rib *r, const struct ipaddr *addr,
		    const struct rib_nh_state *st)
{
	struct rib_nh *nh = nh_find(r, addr);
	struct rib_entry *e;
	struct before b;
	uint32_t i;

	if (!nh || (nh->st.reachable == st->reachable &&
		    nh->st.metric == st->metric && nh->st.ifindex == st->ifindex))
		return;
	nh->st = *st;
	/* Selection changes flags only, never the lists walked here. */
	for (i = nh->paths; i; i = path_at(r, i)->nh_next) {
		e = entry_of(path_at(r, i));
		before_of(e, &b);
		reselect(r, (enum bgp_af)e->node.owner, e, &b);
	}
}

struct cfg_ctx {
	struct rib *r;
	enum bgp_af af;
};

static int reselect_one(struct trie_node *n, void *arg)
{
	struct cfg_ctx *c = arg;
	struct rib_entry *e = node_entry(n);
	struct before b;

	before_of(e, &b);
	reselect(c->r, c->af, e, &b);
	return 0;
}

void rib_set_cfg(struct rib *r, enum bgp_af af, const struct decide_cfg *c)
{
	struct cfg_ctx ctx = { r, af };

	r->cfg[af] = *c;
	trie_walk(&r->t[af].trie, reselect_one, &ctx);
}

void rib_stats(const struct rib *r, struct rib_stats *st)
{
	int af;

	memset(st, 0, sizeof(*st));
	for (af = 0; af < BGP_AF_MAX; af++) {
		const struct rib_table *t = &r->t[af];

		st->prefixes[af] = t->trie.nentries;
		st->nodes[af] = t->trie.nentries + trie_glue_count(&t->trie);
		st->paths[af] = t->npaths;
		st->bytes += trie_entry_bytes(&t->trie) +
			     trie_glue_bytes(&t->trie) +
			     trie_index_bytes(&t->trie);
		st->bytes_alloc += trie_alloc_bytes(&t->trie) +
				   trie_index_bytes(&t->trie);
	}
	st->nexthops = r->nnh;
	st->bytes += ipool_inuse_bytes(&r->paths) +
		     pool_inuse_bytes(&r->lpaths) + pool_inuse_bytes(&r->nhs) +
		     r->nh_slots * sizeof(*r->nh_hash);
	st->bytes_alloc += ipool_bytes(&r->paths) + pool_bytes(&r->lpaths) +
			   pool_bytes(&r->nhs) +
			   r->nh_slots * sizeof(*r->nh_hash);
}
