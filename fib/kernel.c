/*
 * kernel.c: FIB installation (see kernel.h).
 *
 * A request is built from the source when it goes into a batch, never
 * when the change is queued, so the kernel always gets the newest best
 * path; the requests are idempotent (REPLACE, and a DELETE of a missing
 * route is ESRCH, harmless), which is what makes resync and reconcile
 * simple: when in doubt, sync the prefix again.
 *
 * Limitations: a clean exit deletes routes one request each (about
 * 150k/s, performance.md 2.1), so with more routes than the exit budget
 * allows the rest stays in the kernel (logged) until the next start
 * reconciles it, or `ip route flush proto bgp`; a next hop whose
 * forwarding moved without any best-path change is found by a walk of
 * the whole RIB (rare: an IGP route change under an iBGP next hop).
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "kernel.h"
#include "log.h"
#include "nexthop.h"
#include "writer.h"

#define KERNEL_MAX_OUTSTANDING 2	/* batches submitted, not collected */
#define KERNEL_LOG_PER_SEC 10

/* A queued sync: metric 0 = the normal one (build from the source). */
struct kqe {
	struct prefix p;
	uint8_t retried;
	uint32_t metric;	/* != 0: delete the route with this metric */
};

/* What request i of a batch was about. */
struct kreq {
	struct prefix p;
	uint8_t op;		/* enum fib_op */
	uint8_t retried;
};

struct kfail {
	struct kfail *next;
	struct prefix p;
};

struct kernel {
	struct ev_loop *loop;
	struct kernel_cfg cfg;
	struct fibw *w;
	struct kernel_source src;
	struct rib *rib;		/* with kernel_source_rib */
	struct nexthop *nh;
	ev_async async;
	ev_prepare prepare;
	uint32_t seq;
	/* FIFO ring of prefixes to sync */
	struct kqe *q;
	size_t qhead, qlen, qcap;
	/* routes of ours seen in a dump */
	struct kqe *seen;
	size_t nseen, seen_cap;
	bool collecting, converged, add_missing;
	bool exiting;			/* kernel_shutdown: delete all */
	struct kfail **fail;
	size_t fail_slots, nfail;
	time_t log_sec;
	unsigned log_n, log_dropped;
	struct kernel_stats st;
};

static uint32_t table_of(const struct kernel *k)
{
	return k->cfg.table ? k->cfg.table : RT_TABLE_MAIN;
}

/* ---- rate-limited log of refused routes ---- */

static void log_refused(struct kernel *k, const struct prefix *p, int err,
			const char *extack)
{
	time_t now = time(NULL);
	char buf[PREFIX_STRLEN];

	if (now != k->log_sec) {
		if (k->log_dropped)
			log_warn("fib: %u more routes refused by the kernel "
				 "(not logged)", k->log_dropped);
		k->log_sec = now;
		k->log_n = k->log_dropped = 0;
	}
	if (k->log_n++ >= KERNEL_LOG_PER_SEC) {
		k->log_dropped++;
		return;
	}
	log_warn("fib: kernel refused %s: %s%s%s", prefix_fmt(p, buf, sizeof(buf)),
		 strerror(-err), extack ? ": " : "", extack ? extack : "");
}

/* ---- the set of refused prefixes ---- */

static uint32_t pfx_hash(const struct prefix *p)
{
	uint32_t h = 2166136261u ^ p->len;
	size_t i;

	for (i = 0; i < af_bytes(p->af); i++)
		h = (h ^ p->a[i]) * 16777619u;
	return h;
}

static struct kfail **fail_slot(const struct kernel *k, const struct prefix *p)
{
	return &k->fail[pfx_hash(p) & (k->fail_slots - 1)];
}

bool kernel_route_failed(const struct kernel *k, const struct prefix *p)
{
	const struct kfail *f;

	for (f = *fail_slot(k, p); f; f = f->next)
		if (prefix_cmp(&f->p, p) == 0)
			return true;
	return false;
}

static void fail_set(struct kernel *k, const struct prefix *p, bool on)
{
	struct kfail **pp = fail_slot(k, p), *f;

	for (; (f = *pp); pp = &f->next)
		if (prefix_cmp(&f->p, p) == 0)
			break;
	if (!on && f) {
		*pp = f->next;
		free(f);
		k->nfail--;
	} else if (on && !f) {
		f = malloc(sizeof(*f));
		if (!f)
			return;
		f->p = *p;
		f->next = *fail_slot(k, p);
		*fail_slot(k, p) = f;
		k->nfail++;
	}
}

/* ---- the queue ---- */

static int q_push(struct kernel *k, const struct prefix *p, uint32_t metric,
		  uint8_t retried)
{
	struct kqe *e;

	if (k->qlen == k->qcap) {
		size_t cap = k->qcap ? k->qcap * 2 : 1024, i;
		struct kqe *v = malloc(cap * sizeof(*v));

		if (!v) {
			log_err("fib: out of memory queueing a route");
			return -1;
		}
		for (i = 0; i < k->qlen; i++)
			v[i] = k->q[(k->qhead + i) % k->qcap];
		free(k->q);
		k->q = v;
		k->qcap = cap;
		k->qhead = 0;
	}
	e = &k->q[(k->qhead + k->qlen++) % k->qcap];
	e->p = *p;
	e->metric = metric;
	e->retried = retried;
	return 0;
}

static bool q_pop(struct kernel *k, struct kqe *out)
{
	if (!k->qlen)
		return false;
	*out = k->q[k->qhead];
	k->qhead = (k->qhead + 1) % k->qcap;
	k->qlen--;
	return true;
}

void kernel_sync(struct kernel *k, const struct prefix *p)
{
	if (k->cfg.no_install)
		return;
	q_push(k, p, 0, 0);
}

void kernel_rib_change(void *arg, const struct rib_change *c)
{
	kernel_sync(arg, c->prefix);
}

/* ---- building requests ---- */

static int source_route(struct kernel *k, const struct prefix *p,
			struct fib_route *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->dst = *p;
	rc = k->src.route && !k->exiting ? k->src.route(k->src.arg, p, r) : 0;
	r->dst = *p;
	r->table = table_of(k);
	r->metric = FIB_METRIC_BGP;
	r->protocol = FIB_PROTO_BGP;
	return rc;
}

/* The request for queue entry e into batch b; 0 if b is out of room. */
static int build_one(struct kernel *k, struct fibw_batch *b, struct kreq *kr,
		     const struct kqe *e)
{
	struct fib_route r;
	enum fib_op op = FIB_OP_DELETE;
	size_t room, n;
	void *tail = fibw_batch_tail(b, &room);
	int rc = 0;

	if (e->metric) {
		memset(&r, 0, sizeof(r));
		r.dst = e->p;
		r.table = table_of(k);
		r.metric = e->metric;
		r.protocol = FIB_PROTO_BGP;
	} else {
		rc = source_route(k, &e->p, &r);
		if (rc == 1)
			op = FIB_OP_REPLACE;
	}
	if (rc < 0 || (op == FIB_OP_REPLACE && r.n_nh == 0 &&
		       r.type == FIB_RT_UNICAST)) {
		/* A best path we cannot express: no route, and say so. */
		fail_set(k, &e->p, true);
		k->st.failed++;
		log_refused(k, &e->p, -EHOSTUNREACH, "no forwarding information");
		op = FIB_OP_DELETE;
	}
	n = fib_build_route(tail, room, op, &r, fibw_batch_next_seq(b));
	if (!n) {
		if (op == FIB_OP_REPLACE && room >= FIBW_BATCH_BYTES) {
			fail_set(k, &e->p, true);	/* inexpressible */
			k->st.failed++;
			log_refused(k, &e->p, -EINVAL, "cannot build the request");
			return 1;
		}
		return 0;
	}
	kr->p = e->p;
	kr->op = (uint8_t)op;
	kr->retried = e->retried;
	fibw_batch_commit(b, n);
	return 1;
}

static struct fibw_batch *build_batch(struct kernel *k)
{
	struct fibw_batch *b = fibw_batch_new(k->seq);
	struct kreq *reqs;
	size_t cap = 1024;
	struct kqe e;

	if (!b)
		return NULL;
	reqs = malloc(cap * sizeof(*reqs));
	if (!reqs) {
		fibw_batch_free(b);
		return NULL;
	}
	while (!fibw_batch_full(b) && q_pop(k, &e)) {
		if (b->nmsg == cap) {
			struct kreq *v = realloc(reqs, 2 * cap * sizeof(*v));

			if (!v) {
				q_push(k, &e.p, e.metric, e.retried);
				break;
			}
			reqs = v;
			cap *= 2;
		}
		if (!build_one(k, b, &reqs[b->nmsg], &e)) {
			q_push(k, &e.p, e.metric, e.retried);	/* next batch */
			break;
		}
	}
	k->seq += b->nmsg;
	b->user = reqs;
	return b;
}

void kernel_flush(struct kernel *k)
{
	while (k->qlen && fibw_outstanding(k->w) < KERNEL_MAX_OUTSTANDING) {
		struct fibw_batch *b = build_batch(k);

		if (!b)
			return;
		if (!b->nmsg) {
			free(b->user);
			fibw_batch_free(b);
			continue;
		}
		fibw_submit(k->w, b);
	}
}

/* ---- results ---- */

static const char *extack_for(const struct fibw_batch *b, uint32_t i)
{
	unsigned x;

	for (x = 0; x < b->nextack; x++)
		if (b->extack[x].idx == i)
			return b->extack[x].msg;
	return NULL;
}

static void result_one(struct kernel *k, const struct fibw_batch *b, uint32_t i)
{
	const struct kreq *kr = &((const struct kreq *)b->user)[i];
	int32_t res = b->send_errno ? FIBW_UNKNOWN : b->res[i];

	if (res == FIBW_UNKNOWN) {
		k->st.unknown++;
		/* Sync it again, once; a second loss marks it failed. */
		if (!kr->retried)
			q_push(k, &kr->p, 0, 1);
		else
			fail_set(k, &kr->p, true);
		return;
	}
	if (kr->op == FIB_OP_DELETE) {
		if (res == 0 || res == -ESRCH || res == -ENOENT)
			k->st.deleted += res == 0;
		else
			log_refused(k, &kr->p, res, extack_for(b, i));
		fail_set(k, &kr->p, false);
		return;
	}
	if (res == 0) {
		k->st.replaced++;
		if (k->nfail)
			fail_set(k, &kr->p, false);
		return;
	}
	k->st.failed++;
	fail_set(k, &kr->p, true);
	log_refused(k, &kr->p, res, extack_for(b, i));
}

void kernel_collect(struct kernel *k)
{
	struct fibw_batch *b = fibw_collect(k->w), *next;
	uint32_t i;

	for (; b; b = next) {
		next = b->next;
		for (i = 0; i < b->nmsg; i++)
			result_one(k, b, i);
		free(b->user);
		fibw_batch_free(b);
	}
	kernel_flush(k);
}

void kernel_wake(void *arg)
{
	struct kernel *k = arg;

	if (k->loop)
		ev_async_send(k->loop, &k->async);
}

bool kernel_idle(const struct kernel *k)
{
	return !k->qlen && !fibw_outstanding(k->w);
}

int kernel_drain(struct kernel *k, int timeout_ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		kernel_collect(k);
		if (!k->qlen && !fibw_outstanding(k->w))
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000 > timeout_ms)
			return -1;
		usleep(100);
	}
}

/* ---- our routes as the kernel reports them ---- */

static int seen_add(struct kernel *k, const struct fib_route *r)
{
	struct kqe *e;

	if (k->nseen == k->seen_cap) {
		size_t cap = k->seen_cap ? k->seen_cap * 2 : 1024;
		struct kqe *v = realloc(k->seen, cap * sizeof(*v));

		if (!v)
			return -1;
		k->seen = v;
		k->seen_cap = cap;
	}
	e = &k->seen[k->nseen++];
	memset(e, 0, sizeof(*e));
	e->p = r->dst;
	e->metric = r->metric;
	return 0;
}

void kernel_own_route(void *arg, const struct fib_route *r, bool deleted,
		      bool from_dump)
{
	struct kernel *k = arg;
	struct fib_route want;

	if (from_dump) {
		if (k->collecting && seen_add(k, r) < 0)
			log_err("fib: out of memory collecting our routes");
		return;
	}
	if (k->cfg.no_install)
		return;
	/* Someone else (the kernel on carrier loss, an admin) changed one
	 * of our routes: make it what it should be again.  Before the
	 * initial convergence a route we have no best path for yet is a
	 * leftover and stays. */
	if (deleted)
		k->st.own_removed++;
	if (r->metric != FIB_METRIC_BGP) {
		if (!deleted && k->converged)
			q_push(k, &r->dst, r->metric, 0);
		return;
	}
	if (source_route(k, &r->dst, &want) == 1 || (!deleted && k->converged))
		q_push(k, &r->dst, 0, 0);
}

void kernel_collect_begin(struct kernel *k)
{
	k->collecting = true;
	k->nseen = 0;
}

static int kqe_cmp(const void *x, const void *y)
{
	const struct kqe *a = x, *b = y;
	int c = prefix_cmp(&a->p, &b->p);

	if (c)
		return c;
	return a->metric < b->metric ? -1 : a->metric > b->metric;
}

/*
 * Desired prefix p: mark the kernel's copy with our metric as wanted;
 * when none exists and missing ones are to be added (after a resync),
 * queue it.  At the initial convergence they are not: every best path
 * chosen since the start has been queued by its RIB change already.
 */
static void reconcile_desired(void *arg, const struct prefix *p)
{
	struct kernel *k = arg;
	struct kqe key, *hit;

	key.p = *p;
	key.metric = FIB_METRIC_BGP;
	hit = k->nseen ? bsearch(&key, k->seen, k->nseen, sizeof(*k->seen),
				 kqe_cmp) : NULL;
	if (hit) {
		hit->retried = 1;	/* marks "wanted" */
		return;
	}
	if (!k->add_missing)
		return;
	k->st.reconcile_added++;
	q_push(k, p, 0, 0);
}

/* Delete what the kernel has and should not (leftovers of an earlier
 * instance, routes with another metric), add what is missing if asked. */
static void reconcile(struct kernel *k, bool add_missing)
{
	size_t i;

	if (k->cfg.no_install)
		return;
	for (i = 0; i < k->nseen; i++)
		k->seen[i].retried = 0;
	k->add_missing = add_missing;
	if (k->src.walk)
		k->src.walk(k->src.arg, reconcile_desired, k);
	for (i = 0; i < k->nseen; i++) {
		if (k->seen[i].retried)
			continue;
		k->st.reconcile_deleted++;
		q_push(k, &k->seen[i].p, k->seen[i].metric, 0);
	}
	free(k->seen);
	k->seen = NULL;
	k->nseen = k->seen_cap = 0;
}

void kernel_collect_end(struct kernel *k)
{
	k->collecting = false;
	if (k->nseen)
		qsort(k->seen, k->nseen, sizeof(*k->seen), kqe_cmp);
	if (k->converged)
		reconcile(k, true);
	else if (k->nseen)
		log_info("fib: %zu routes of an earlier instance in table %u, "
			 "kept until the initial convergence", k->nseen,
			 table_of(k));
}

void kernel_converged(struct kernel *k)
{
	if (k->converged)
		return;
	k->converged = true;
	reconcile(k, false);
	kernel_flush(k);
}

bool kernel_is_converged(const struct kernel *k)
{
	return k->converged;
}

/* ---- the RIB as source ---- */

static enum bgp_af af_of(const struct prefix *p)
{
	return p->af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;
}

/* How to forward along path; false if it cannot be. */
static bool path_fwd(struct kernel *k, const struct rib_path *path,
		     struct fib_nexthop *out)
{
	const struct rib_src *s = rib_src_get(k->rib, path->src);
	const uint8_t *ll = path->attr ? attr_nh_ll(path->attr) : NULL;
	const struct rib_nh *n = rib_path_nh(k->rib, path);
	uint32_t ifx;

	memset(out, 0, sizeof(*out));
	/* Quagga's zebra: a link-local next hop from a peer on a shared
	 * link goes in as `via fe80::... dev IFACE`. */
	if (ll && s && nexthop_onlink(k->nh, &s->d.addr, &ifx)) {
		out->gw.af = AF_INET6;
		memcpy(out->gw.a, ll, 16);
		out->ifindex = ifx;
		return true;
	}
	if (!n)
		return false;
	return nexthop_fwd(k->nh, &n->addr, out) == 0;
}

static void add_nh(struct fib_route *r, const struct fib_nexthop *nh)
{
	unsigned i;

	for (i = 0; i < r->n_nh; i++)
		if (r->nh[i].ifindex == nh->ifindex &&
		    ipaddr_cmp(&r->nh[i].gw, &nh->gw) == 0)
			return;
	if (r->n_nh < FIB_MAX_NEXTHOPS)
		r->nh[r->n_nh++] = *nh;
}

static bool is_local(const struct kernel *k, const struct rib_path *p)
{
	const struct rib_src *s = rib_src_get(k->rib, p->src);

	return !s || s->d.type == DECIDE_SRC_LOCAL;
}

static int rib_route(void *arg, const struct prefix *p, struct fib_route *out)
{
	struct kernel *k = arg;
	struct rib_entry *e = rib_lookup(k->rib, af_of(p), p);
	const struct rib_path *best, *x;
	struct fib_nexthop nh;

	best = e ? rib_best(e) : NULL;
	if (!best || is_local(k, best))
		return 0;	/* `network` routes are not installed */
	out->type = FIB_RT_UNICAST;
	if (path_fwd(k, best, &nh))
		add_nh(out, &nh);
	for (x = rib_path_first(e); x; x = rib_path_next(x))
		if (x != best && (x->flags & RIB_PF_MPATH) && path_fwd(k, x, &nh))
			add_nh(out, &nh);
	return out->n_nh ? 1 : -1;
}

struct walk_ctx {
	struct kernel *k;
	void (*fn)(void *fnarg, const struct prefix *p);
	void *fnarg;
	const struct ipaddr *only_nh;	/* kernel_nh_fwd_changed */
};

static bool uses_nh(const struct kernel *k, const struct rib_entry *e,
		    const struct ipaddr *a)
{
	const struct rib_path *x;
	const struct rib_nh *n;

	for (x = rib_path_first(e); x; x = rib_path_next(x)) {
		if (!(x->flags & (RIB_PF_BEST | RIB_PF_MPATH)))
			continue;
		n = rib_path_nh(k->rib, x);
		if (n && ipaddr_cmp(&n->addr, a) == 0)
			return true;
	}
	return false;
}

static void walk_rib(struct walk_ctx *w)
{
	struct trie_cursor c;
	struct rib_entry *e;
	const struct rib_path *best;
	struct prefix p;
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		trie_cursor_init(&c);
		while ((e = rib_cursor_next(w->k->rib, (enum bgp_af)af, &c))) {
			best = rib_best(e);
			if (!best || is_local(w->k, best))
				continue;
			if (w->only_nh && !uses_nh(w->k, e, w->only_nh))
				continue;
			rib_entry_prefix(w->k->rib, (enum bgp_af)af, e, &p);
			w->fn(w->fnarg, &p);
		}
	}
}

static void rib_walk(void *arg, void (*fn)(void *fnarg, const struct prefix *p),
		     void *fnarg)
{
	struct walk_ctx w = { arg, fn, fnarg, NULL };

	walk_rib(&w);
}

static void sync_cb(void *arg, const struct prefix *p)
{
	kernel_sync(arg, p);
}

void kernel_nh_fwd_changed(void *arg, const struct ipaddr *a)
{
	struct kernel *k = arg;
	struct walk_ctx w = { k, sync_cb, k, a };

	if (!k->rib || k->cfg.no_install)
		return;
	walk_rib(&w);
}

void kernel_source_rib(struct kernel *k, struct rib *rib, struct nexthop *nh)
{
	struct kernel_source s = { rib_route, rib_walk, k };

	k->rib = rib;
	k->nh = nh;
	kernel_set_source(k, &s);
}

void kernel_set_source(struct kernel *k, const struct kernel_source *src)
{
	k->src = *src;
}

/* ---- lifetime ---- */

static void async_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	(void)loop;
	(void)revents;
	kernel_collect(w->data);
}

static void prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct kernel *k = w->data;

	(void)loop;
	(void)revents;
	if (k->qlen)
		kernel_flush(k);
}

struct kernel *kernel_new(struct ev_loop *loop, const struct kernel_cfg *cfg,
			  struct fibw *w)
{
	struct kernel *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->fail_slots = 256;
	k->fail = calloc(k->fail_slots, sizeof(*k->fail));
	if (!k->fail) {
		free(k);
		return NULL;
	}
	k->loop = loop;
	k->cfg = *cfg;
	k->w = w;
	k->seq = (uint32_t)time(NULL) << 8;
	if (loop) {
		ev_async_init(&k->async, async_cb);
		k->async.data = k;
		ev_async_start(loop, &k->async);
		ev_prepare_init(&k->prepare, prepare_cb);
		k->prepare.data = k;
		ev_prepare_start(loop, &k->prepare);
		ev_unref(loop);	/* these two never keep the loop alive */
		ev_unref(loop);
	}
	return k;
}

void kernel_free(struct kernel *k)
{
	size_t i;
	struct kfail *f, *next;

	if (!k)
		return;
	if (k->loop) {
		ev_ref(k->loop);
		ev_ref(k->loop);
		ev_async_stop(k->loop, &k->async);
		ev_prepare_stop(k->loop, &k->prepare);
	}
	for (i = 0; i < k->fail_slots; i++)
		for (f = k->fail[i]; f; f = next) {
			next = f->next;
			free(f);
		}
	free(k->fail);
	free(k->q);
	free(k->seen);
	free(k);
}

void kernel_stats(const struct kernel *k, struct kernel_stats *st)
{
	*st = k->st;
	st->queued = k->qlen;
	st->failed_now = k->nfail;
}

/* ---- exit ---- */

static void delete_cb(void *arg, const struct prefix *p)
{
	q_push(arg, p, FIB_METRIC_BGP, 0);
}

size_t kernel_shutdown(struct kernel *k, unsigned budget_ms)
{
	size_t i, left;

	if (k->cfg.no_install)
		return 0;
	if (k->cfg.retain) {
		log_info("fib: retaining okapi's routes in the kernel (-r)");
		k->cfg.no_install = true;
		return 0;
	}
	/* Everything queued (prefixes whose paths went away already, if
	 * the peers were shut first), every best path, every leftover: all
	 * become deletes. */
	k->exiting = true;
	for (i = 0; i < k->nseen; i++)
		q_push(k, &k->seen[i].p, k->seen[i].metric, 0);
	if (k->src.walk)
		k->src.walk(k->src.arg, delete_cb, k);
	kernel_drain(k, (int)budget_ms);
	left = k->qlen;
	if (left)
		log_warn("fib: exit budget of %u ms reached, %zu routes left in "
			 "table %u (the next start reconciles them)", budget_ms,
			 left, table_of(k));
	k->qlen = 0;
	k->cfg.no_install = true;	/* later RIB teardown: nothing to do */
	return left;
}
