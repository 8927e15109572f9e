/*
 * kernel.c: FIB installation (see kernel.h).
 *
 * A request is built from the source when it goes into a batch, never
 * when the change is queued, so the kernel always gets the newest best
 * path; the requests are idempotent (REPLACE, and a DELETE of a missing
 * route is ESRCH, harmless), which is what makes resync and reconcile
 * simple: when in doubt, sync the prefix again.
 *
 * With nexthop objects (kernel_set_nhid, the daemon's default) a clean
 * exit deletes the objects, and the kernel removes every route using
 * them in one walk: a full table in about a second.  Without them (old
 * kernel, plain_routes) it deletes routes one request each (60-160k/s),
 * so with more routes than the exit budget allows the rest stays in the
 * kernel (logged) until the next start reconciles it.
 *
 * Limitations: a next hop whose forwarding moved without any best-path
 * change is found by a walk of the whole RIB (rare: an IGP route change
 * under an iBGP next hop); objects no route uses any more are kept until
 * the exit (there are as many as distinct forwarding sets: peers and
 * interfaces, and multipath combinations of them); the `onlink` flag of
 * the kernel route that resolves a next hop is not copied, so a next hop
 * resolved through an `onlink` static route is refused by the kernel
 * (shown as 'r').
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
	uint32_t nhid;		/* p.af 0: delete nexthop object nhid;
				 * seen list: the route's RTA_NH_ID */
};

/* What request i of a batch was about. */
struct kreq {
	struct prefix p;
	uint8_t op;		/* enum fib_op, or KOP_NH_* */
	uint8_t retried;
	uint32_t nhid;
};

#define KOP_NH_NEW 10		/* RTM_NEWNEXTHOP of nhid */
#define KOP_NH_DEL 11		/* RTM_DELNEXTHOP of nhid */

/*
 * A nexthop object of ours: one forwarding (gateway + interface), or a
 * group of them for a multipath route, keyed by that set (sorted).
 */
enum { KNH_ABSENT, KNH_PENDING, KNH_PRESENT };

struct knh {
	struct knh *next;		/* hash chain */
	struct knh *all;		/* every object */
	struct fib_nhobj o;		/* id, and nh or grp[] */
	uint8_t n, state;
	bool seen;			/* in the current dump */
	struct fib_nexthop key[FIB_MAX_NEXTHOPS];
	struct knh *mem[FIB_MAX_NEXTHOPS];	/* a group's members */
};

#define KNH_SLOTS 256
#define KNH_ID_BASE (186u << 20)	/* our ids: 195035136 and up */

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
	/* nexthop objects (kernel_set_nhid) */
	bool nhid, nh_dumped, relink;
	bool async_exit, exit_sent;	/* kernel_set_async_exit */
	struct knh *nh_slot[KNH_SLOTS], *nh_all;
	uint32_t nh_next_id;
	uint32_t *nh_taken;		/* ids in the last dump, sorted */
	size_t n_taken, taken_cap;
	struct fib_nhobj *nh_old;	/* protocol 186, not ours: leftovers */
	size_t n_old, old_cap;
	time_t log_sec;
	unsigned log_n, log_dropped;
	struct kernel_stats st;
};

static uint32_t table_of(const struct kernel *k)
{
	return k->cfg.table ? k->cfg.table : RT_TABLE_MAIN;
}

static const char *extack_for(const struct fibw_batch *b, uint32_t i);

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
	e->nhid = 0;
	return 0;
}

/* Queue the deletion of nexthop object id (after what is queued). */
static void q_push_nhdel(struct kernel *k, uint32_t id)
{
	struct prefix none;

	memset(&none, 0, sizeof(none));
	if (q_push(k, &none, 0, 0) == 0)
		k->q[(k->qhead + k->qlen - 1) % k->qcap].nhid = id;
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

/* ---- nexthop objects ---- */

static int nh_key_cmp(const void *x, const void *y)
{
	const struct fib_nexthop *a = x, *b = y;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return ipaddr_cmp(&a->gw, &b->gw);
}

static uint32_t nh_key_hash(const struct fib_nexthop *key, unsigned n)
{
	uint32_t h = 2166136261u ^ n;
	unsigned i, j;

	for (i = 0; i < n; i++) {
		h = (h ^ key[i].ifindex) * 16777619u;
		h = (h ^ key[i].gw.af) * 16777619u;
		for (j = 0; j < af_bytes(key[i].gw.af); j++)
			h = (h ^ key[i].gw.a[j]) * 16777619u;
	}
	return h;
}

static bool nh_key_eq(const struct knh *x, const struct fib_nexthop *key,
		      unsigned n)
{
	unsigned i;

	if (x->n != n)
		return false;
	for (i = 0; i < n; i++)
		if (nh_key_cmp(&x->key[i], &key[i]) != 0)
			return false;
	return true;
}

static struct knh *nh_by_id(const struct kernel *k, uint32_t id)
{
	struct knh *x;

	for (x = k->nh_all; x; x = x->all)
		if (x->o.id == id)
			return x;
	return NULL;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* A fresh id: in our range, not used by anyone in the last dump. */
static uint32_t nh_alloc_id(struct kernel *k)
{
	for (;;) {
		uint32_t id = k->nh_next_id++;

		if (id < KNH_ID_BASE) {
			k->nh_next_id = KNH_ID_BASE;
			continue;
		}
		if (k->n_taken && bsearch(&id, k->nh_taken, k->n_taken,
					  sizeof(id), u32_cmp))
			continue;
		if (!nh_by_id(k, id))
			return id;
	}
}

/* The object for a sorted forwarding set (members made too). */
static struct knh *nh_get(struct kernel *k, const struct fib_nexthop *key,
			  unsigned n)
{
	uint32_t h = nh_key_hash(key, n);
	struct knh **slot = &k->nh_slot[h & (KNH_SLOTS - 1)], *x;
	unsigned i;

	for (x = *slot; x; x = x->next)
		if (nh_key_eq(x, key, n))
			return x;
	x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	x->n = (uint8_t)n;
	memcpy(x->key, key, n * sizeof(key[0]));
	for (i = 0; n > 1 && i < n; i++) {
		x->mem[i] = nh_get(k, &key[i], 1);
		if (!x->mem[i]) {
			free(x);
			return NULL;
		}
		x->o.grp[i] = x->mem[i]->o.id;
	}
	x->o.n_grp = n > 1 ? (uint8_t)n : 0;
	x->o.nh = key[0];
	x->o.protocol = FIB_PROTO_BGP;
	x->o.id = nh_alloc_id(k);
	x->next = *slot;
	*slot = x;
	x->all = k->nh_all;
	k->nh_all = x;
	k->st.nh_objects++;
	return x;
}

/* The object route r should use, or NULL (install it with its next
 * hops: a next hop without interface cannot be an object). */
static struct knh *nh_for(struct kernel *k, const struct fib_route *r)
{
	struct fib_nexthop key[FIB_MAX_NEXTHOPS];
	unsigned i;

	if (!k->nhid || r->type != FIB_RT_UNICAST || !r->n_nh)
		return NULL;
	memset(key, 0, sizeof(key));
	for (i = 0; i < r->n_nh; i++) {
		if (!r->nh[i].ifindex)
			return NULL;
		key[i].gw = r->nh[i].gw;
		key[i].ifindex = r->nh[i].ifindex;
	}
	qsort(key, r->n_nh, sizeof(key[0]), nh_key_cmp);
	return nh_get(k, key, r->n_nh);
}

/* The groups using an object that is gone lost it too. */
static void nh_groups_follow(struct kernel *k)
{
	struct knh *x;
	unsigned i;

	for (x = k->nh_all; x; x = x->all)
		for (i = 0; x->o.n_grp && i < x->o.n_grp; i++)
			if (x->mem[i]->state == KNH_ABSENT)
				x->state = KNH_ABSENT;
}

void kernel_set_nhid(struct kernel *k, bool on)
{
	k->nhid = on;
}

bool kernel_nhid(const struct kernel *k)
{
	return k->nhid;
}

bool kernel_link_gone(struct kernel *k, uint32_t ifindex)
{
	struct knh *x;
	size_t n = 0;

	for (x = k->nh_all; x; x = x->all) {
		if (x->o.n_grp || x->key[0].ifindex != ifindex ||
		    x->state == KNH_ABSENT)
			continue;
		x->state = KNH_ABSENT;
		n++;
	}
	if (!n)
		return false;
	nh_groups_follow(k);
	k->st.nh_lost += n;
	k->relink = true;
	return true;
}

static void taken_add(struct kernel *k, uint32_t id)
{
	if (k->n_taken == k->taken_cap) {
		size_t cap = k->taken_cap ? k->taken_cap * 2 : 64;
		uint32_t *v = realloc(k->nh_taken, cap * sizeof(*v));

		if (!v)
			return;
		k->nh_taken = v;
		k->taken_cap = cap;
	}
	k->nh_taken[k->n_taken++] = id;
}

static void old_add(struct kernel *k, const struct fib_nhobj *o)
{
	if (k->n_old == k->old_cap) {
		size_t cap = k->old_cap ? k->old_cap * 2 : 64;
		struct fib_nhobj *v = realloc(k->nh_old, cap * sizeof(*v));

		if (!v)
			return;
		k->nh_old = v;
		k->old_cap = cap;
	}
	k->nh_old[k->n_old++] = *o;
}

bool kernel_nhobj(struct kernel *k, const struct fib_nhobj *o, bool from_dump)
{
	struct knh *x = nh_by_id(k, o->id);

	if (from_dump) {
		if (!k->collecting)
			return false;
		taken_add(k, o->id);
		if (x)
			x->seen = true;
		else if (o->protocol == FIB_PROTO_BGP)
			old_add(k, o);	/* an earlier instance's */
		return false;
	}
	/* Someone deleted one of ours (`ip nexthop del/flush`); IPv4 took
	 * the routes using it with it, without a word. */
	if (!o->deleted || !x || x->state == KNH_ABSENT)
		return false;
	x->state = KNH_ABSENT;
	nh_groups_follow(k);
	k->st.nh_lost++;
	k->relink = true;
	return true;
}

void kernel_nhobj_dump_done(struct kernel *k)
{
	if (k->collecting)
		k->nh_dumped = true;
}

/* Objects of ours that the dump did not show are gone. */
static void nh_sweep(struct kernel *k)
{
	struct knh *x;
	size_t n = 0;

	for (x = k->nh_all; x; x = x->all) {
		if (x->seen || x->state != KNH_PRESENT)
			continue;
		x->state = KNH_ABSENT;
		n++;
	}
	if (n) {
		nh_groups_follow(k);
		k->st.nh_lost += n;
		log_warn("fib: %zu nexthop objects of ours were gone from the "
			 "kernel; re-adding the routes that used them", n);
	}
}

/* The earlier instance's objects used by routes in our table (and the
 * members of those that are groups): deleted after what is queued. */
static void nh_old_delete(struct kernel *k)
{
	size_t i, j, q = 0;
	unsigned m;

	for (i = 0; i < k->n_old; i++) {
		bool used = false;

		for (j = 0; j < k->nseen && !used; j++)
			used = k->seen[j].nhid == k->nh_old[i].id;
		if (!used || !k->nh_old[i].n_grp)
			continue;
		q_push_nhdel(k, k->nh_old[i].id);
		q++;
		for (m = 0; m < k->nh_old[i].n_grp; m++)
			for (j = 0; j < k->n_old; j++)
				if (k->nh_old[j].id == k->nh_old[i].grp[m])
					k->nh_old[j].protocol = 0; /* mark */
	}
	for (i = 0; i < k->n_old; i++) {
		bool used = k->nh_old[i].protocol == 0;

		for (j = 0; j < k->nseen && !used; j++)
			used = k->seen[j].nhid == k->nh_old[i].id;
		if (!used || k->nh_old[i].n_grp)
			continue;
		q_push_nhdel(k, k->nh_old[i].id);
		q++;
	}
	if (q)
		log_info("fib: deleting %zu nexthop objects of an earlier "
			 "instance", q);
	k->n_old = 0;
}

/* ---- building requests ---- */

struct kbuild {
	struct fibw_batch *b;
	struct kreq *reqs;
	size_t cap;
};

/* The bookkeeping slot of the next request, or NULL (memory). */
static struct kreq *req_slot(struct kbuild *kb)
{
	if (kb->b->nmsg == kb->cap) {
		struct kreq *v = realloc(kb->reqs, 2 * kb->cap * sizeof(*v));

		if (!v)
			return NULL;
		kb->reqs = v;
		kb->cap *= 2;
	}
	return &kb->reqs[kb->b->nmsg];
}

/* RTM_NEWNEXTHOP (del false) or RTM_DELNEXTHOP into the batch. */
static bool nh_put(struct kbuild *kb, const struct fib_nhobj *o, bool del)
{
	struct kreq *kr = req_slot(kb);
	size_t room, n;
	void *tail = fibw_batch_tail(kb->b, &room);

	if (!kr)
		return false;
	n = fib_build_nhobj(tail, room, o, del, fibw_batch_next_seq(kb->b));
	if (!n)
		return false;
	memset(kr, 0, sizeof(*kr));
	kr->op = del ? KOP_NH_DEL : KOP_NH_NEW;
	kr->nhid = o->id;
	fibw_batch_commit(kb->b, n);
	return true;
}

/* Make x exist before the route that uses it (same batch, in order). */
static bool nh_ensure(struct kbuild *kb, struct knh *x)
{
	unsigned i;

	if (x->state != KNH_ABSENT)
		return true;
	for (i = 0; i < x->o.n_grp; i++)
		if (!nh_ensure(kb, x->mem[i]))
			return false;
	if (!nh_put(kb, &x->o, false))
		return false;
	x->state = KNH_PENDING;
	return true;
}

static void nh_result(struct kernel *k, const struct fibw_batch *b,
		      uint32_t i, const struct kreq *kr, int32_t res)
{
	struct knh *x = nh_by_id(k, kr->nhid);
	const char *why = extack_for(b, i);

	if (kr->op == KOP_NH_DEL) {
		if (res != 0 && res != -ENOENT && res != -ESRCH &&
		    res != FIBW_UNKNOWN)
			log_warn("fib: deleting nexthop object %u: %s",
				 kr->nhid, strerror(-res));
		return;
	}
	if (!x)
		return;
	if (res == 0) {
		if (x->state == KNH_PENDING)
			x->state = KNH_PRESENT;
		return;
	}
	x->state = KNH_ABSENT;	/* made again by the next route using it */
	if (res != FIBW_UNKNOWN)
		log_warn("fib: kernel refused nexthop object %u: %s%s%s",
			 kr->nhid, strerror(-res), why ? ": " : "",
			 why ? why : "");
}


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

/* The request for queue entry e into the batch; 0 if out of room. */
static int build_one(struct kernel *k, struct kbuild *kb, const struct kqe *e)
{
	struct fib_route r;
	enum fib_op op = FIB_OP_DELETE;
	size_t room, n;
	struct kreq *kr;
	void *tail;
	int rc = 0;

	if (!e->p.af) {		/* a nexthop object to delete */
		struct fib_nhobj o;

		memset(&o, 0, sizeof(o));
		o.id = e->nhid;
		return nh_put(kb, &o, true);
	}
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
	if (op == FIB_OP_REPLACE && k->nhid) {
		struct knh *x = nh_for(k, &r);

		if (x && nh_ensure(kb, x))
			r.nhid = x->o.id;
		else
			k->st.plain++;
	}
	kr = req_slot(kb);
	if (!kr)
		return 0;
	tail = fibw_batch_tail(kb->b, &room);
	n = fib_build_route(tail, room, op, &r, fibw_batch_next_seq(kb->b));
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
	kr->nhid = r.nhid;
	fibw_batch_commit(kb->b, n);
	return 1;
}

static struct fibw_batch *build_batch(struct kernel *k)
{
	struct kbuild kb = { fibw_batch_new(k->seq), NULL, 1024 };
	struct kqe e;

	if (!kb.b)
		return NULL;
	kb.reqs = malloc(kb.cap * sizeof(*kb.reqs));
	if (!kb.reqs) {
		fibw_batch_free(kb.b);
		return NULL;
	}
	while (!fibw_batch_full(kb.b) && q_pop(k, &e)) {
		if (!build_one(k, &kb, &e)) {
			q_push(k, &e.p, e.metric, e.retried);	/* next batch */
			k->q[(k->qhead + k->qlen - 1) % k->qcap].nhid = e.nhid;
			break;
		}
	}
	k->seq += kb.b->nmsg;
	kb.b->user = kb.reqs;
	return kb.b;
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

	if (kr->op == KOP_NH_NEW || kr->op == KOP_NH_DEL) {
		nh_result(k, b, i, kr, res);
		return;
	}
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
	e->nhid = r->nhid;
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
	struct knh *x;

	k->collecting = true;
	k->nseen = 0;
	k->n_taken = 0;
	k->n_old = 0;
	k->nh_dumped = false;
	for (x = k->nh_all; x; x = x->all)
		x->seen = false;
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
static void reconcile(struct kernel *k, bool add_missing, bool del_unwanted)
{
	size_t i;

	if (k->cfg.no_install)
		return;
	for (i = 0; i < k->nseen; i++)
		k->seen[i].retried = 0;
	k->add_missing = add_missing;
	if (k->src.walk)
		k->src.walk(k->src.arg, reconcile_desired, k);
	for (i = 0; del_unwanted && i < k->nseen; i++) {
		if (k->seen[i].retried)
			continue;
		k->st.reconcile_deleted++;
		q_push(k, &k->seen[i].p, k->seen[i].metric, 0);
	}
	/* Last, after every replace and delete queued: the earlier
	 * instance's objects (and any route still using them). */
	if (del_unwanted)
		nh_old_delete(k);
	if (!del_unwanted)	/* before convergence: leftovers stay */
		return;
	free(k->seen);
	k->seen = NULL;
	k->nseen = k->seen_cap = 0;
}

void kernel_collect_end(struct kernel *k)
{
	k->collecting = false;
	if (k->nseen)
		qsort(k->seen, k->nseen, sizeof(*k->seen), kqe_cmp);
	if (k->n_taken)
		qsort(k->nh_taken, k->n_taken, sizeof(*k->nh_taken), u32_cmp);
	if (k->nh_dumped)
		nh_sweep(k);
	if (k->converged) {
		reconcile(k, true, true);
	} else {
		/* A link took objects and routes with it before the initial
		 * convergence: put back what is missing, delete nothing. */
		if (k->relink)
			reconcile(k, true, false);
		if (k->nseen)
			log_info("fib: %zu routes of an earlier instance in "
				 "table %u, kept until the initial convergence",
				 k->nseen, table_of(k));
	}
	k->relink = false;
}

void kernel_converged(struct kernel *k)
{
	if (k->converged)
		return;
	k->converged = true;
	reconcile(k, false, true);
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
	kernel_detach_loop(k);
	for (i = 0; i < k->fail_slots; i++)
		for (f = k->fail[i]; f; f = next) {
			next = f->next;
			free(f);
		}
	free(k->fail);
	free(k->q);
	free(k->seen);
	while (k->nh_all) {
		struct knh *x = k->nh_all;

		k->nh_all = x->all;
		free(x);
	}
	free(k->nh_taken);
	free(k->nh_old);
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

/*
 * With nexthop objects, deleting an object deletes every route using
 * it, in one walk of the kernel's tables (performance.md: 902k IPv4
 * routes in under a second): what is queued is dropped (it would only
 * become single deletes), then groups, then single objects, then the
 * earlier instance's.  Routes installed with plain next hops (a next
 * hop without interface) and plain leftovers are deleted one by one
 * after that.
 */
static void nh_shutdown(struct kernel *k)
{
	struct knh *x;
	int pass;

	k->qlen = 0;
	for (pass = 0; pass < 2; pass++)
		for (x = k->nh_all; x; x = x->all)
			if ((x->o.n_grp == 0) == (pass == 1)) {
				q_push_nhdel(k, x->o.id);
				x->state = KNH_ABSENT;
			}
	nh_old_delete(k);
}

void kernel_set_async_exit(struct kernel *k, bool on)
{
	k->async_exit = on;
}

bool kernel_exit_pending(const struct kernel *k)
{
	return k->exit_sent && fibw_outstanding(k->w);
}

void kernel_detach_loop(struct kernel *k)
{
	if (!k || !k->loop)
		return;
	ev_ref(k->loop);
	ev_ref(k->loop);
	ev_async_stop(k->loop, &k->async);
	ev_prepare_stop(k->loop, &k->prepare);
	k->loop = NULL;
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
	if (k->nhid)
		nh_shutdown(k);
	for (i = 0; i < k->nseen; i++)
		if (!k->nhid || !k->seen[i].nhid)
			q_push(k, &k->seen[i].p, k->seen[i].metric, 0);
	if (k->src.walk && (!k->nhid || k->st.plain))
		k->src.walk(k->src.arg, delete_cb, k);
	if (k->async_exit) {
		/* Only object deletes: hand them to the writer and go on;
		 * the kernel's walk runs on the other core while the
		 * daemon tears down (kernel_exit_pending). */
		kernel_flush(k);
		if (!k->qlen) {
			k->exit_sent = true;
			k->cfg.no_install = true;
			return 0;
		}
	}
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
