/*
 * redist.c: which kernel routes are redistributed (redist.h).
 *
 * Per family a trie of the prefixes that have at least one kernel route
 * of a kind some `redistribute` line asks for; each entry lists those
 * routes (table and metric identify one, as the kernel keys them) and
 * remembers whether the owner was told to originate the prefix.  Every
 * change of the list re-evaluates that one prefix; a config change
 * re-evaluates them all.
 *
 * Limitations: the route's TOS is not part of its key (two routes that
 * differ only in TOS count as one); the next hop and interface of a
 * kernel route are not passed on (the originated path has none, shown
 * as 0.0.0.0 / :: like `network`, as the brief for okapi asks).
 */
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "nlmsg.h"
#include "redist.h"
#include "trie.h"

/* One kernel route of a redistributed kind. */
struct redist_kr {
	struct redist_kr *next;
	uint32_t table, metric;
	uint8_t kind;		/* enum redist_kind */
};

struct redist_entry {
	struct redist_kr *krs;
	bool announced;
	struct trie_node node;	/* last: IPv6 key words follow */
};

struct redist {
	struct redist_feed feed;
	bool have_feed;
	struct redist_ops ops;
	bool on[BGP_AF_MAX][REDIST_KINDS];
	bool watching;		/* the tries exist and the feed reports */
	bool bulk;		/* filling from a walk: evaluate later */
	struct trie t[BGP_AF_MAX];
	size_t announced[BGP_AF_MAX];
};

static const char *const kind_names[REDIST_KINDS] = {
	[REDIST_CONNECTED] = "connected",
	[REDIST_STATIC] = "static",
	[REDIST_KERNEL] = "kernel",
};

const char *redist_kind_name(enum redist_kind k)
{
	return k < REDIST_KINDS ? kind_names[k] : "?";
}

static struct redist_entry *node_entry(const struct trie_node *n)
{
	return (struct redist_entry *)((char *)n -
				       offsetof(struct redist_entry, node));
}

/* ---- classification -------------------------------------------------- */

static bool linkdown(const struct fib_route *r)
{
	if (r->flags & RTNH_F_LINKDOWN)
		return true;
	return r->n_nh == 1 && (r->nh[0].flags & RTNH_F_LINKDOWN);
}

static bool ipv6_link_local(const struct prefix *p)
{
	return p->af == AF_INET6 && p->len >= 10 && p->a[0] == 0xfe &&
	       (p->a[1] & 0xc0) == 0x80;
}

int redist_classify(const struct fib_route *r)
{
	if (r->type != FIB_RT_UNICAST || r->protocol == FIB_PROTO_BGP ||
	    r->protocol == RTPROT_REDIRECT)
		return -1;
	if (r->dst.af != AF_INET && r->dst.af != AF_INET6)
		return -1;
	if (r->protocol == RTPROT_KERNEL) {
		/* The interface routes; fe80::/64 is on every IPv6
		 * interface and means nothing elsewhere. */
		if (r->dst.af == AF_INET && r->scope != RT_SCOPE_LINK)
			return -1;
		if (ipv6_link_local(&r->dst) || linkdown(r))
			return -1;
		return REDIST_CONNECTED;
	}
	if (r->protocol == RTPROT_STATIC || r->protocol == RTPROT_BOOT)
		return REDIST_STATIC;
	return REDIST_KERNEL;
}

/* Is a route of kind k asked for in af, and as which kind?  A static
 * route is also a kernel route (Quagga's zebra). */
static int wanted(const struct redist *rd, int af, int k)
{
	if (k < 0)
		return -1;
	if (rd->on[af][k])
		return k;
	if (k == REDIST_STATIC && rd->on[af][REDIST_KERNEL])
		return REDIST_KERNEL;
	return -1;
}

/* ---- per prefix ------------------------------------------------------ */

static void free_krs(struct redist_entry *e)
{
	struct redist_kr *k, *next;

	for (k = e->krs; k; k = next) {
		next = k->next;
		free(k);
	}
	e->krs = NULL;
}

/* The route that counts: lowest metric, then connected before static
 * before kernel. */
static const struct redist_kr *best_kr(const struct redist *rd, int af,
				       const struct redist_entry *e, int *kind)
{
	const struct redist_kr *k, *best = NULL;
	int bk = -1, w;

	for (k = e->krs; k; k = k->next) {
		if ((w = wanted(rd, af, k->kind)) < 0)
			continue;
		if (best && (k->metric > best->metric ||
			     (k->metric == best->metric && w >= bk)))
			continue;
		best = k;
		bk = w;
	}
	*kind = bk;
	return best;
}

/* Tell the owner; free the entry when no route is left.  Returns true
 * if the entry was freed. */
static bool evaluate(struct redist *rd, int af, struct trie_node *n)
{
	struct redist_entry *e = node_entry(n);
	const struct redist_kr *k;
	struct prefix p;
	int kind;

	trie_node_prefix(&rd->t[af], n, &p);
	k = best_kr(rd, af, e, &kind);
	if (k) {
		if (!e->announced)
			rd->announced[af]++;
		e->announced = true;
		rd->ops.announce(rd->ops.arg, (enum bgp_af)af, &p,
				 (enum redist_kind)kind, k->metric);
	} else if (e->announced) {
		e->announced = false;
		rd->announced[af]--;
		rd->ops.withdraw(rd->ops.arg, (enum bgp_af)af, &p);
	}
	if (e->krs)
		return false;
	trie_remove(&rd->t[af], n);
	return true;
}

static struct redist_kr **kr_find(struct redist_entry *e,
				  const struct fib_route *r)
{
	struct redist_kr **pp;

	for (pp = &e->krs; *pp; pp = &(*pp)->next)
		if ((*pp)->table == r->table && (*pp)->metric == r->metric)
			return pp;
	return NULL;
}

/* Drop the record of r (a route gone, or now of a kind not asked for). */
static void route_gone(struct redist *rd, int af, const struct fib_route *r)
{
	struct trie_node *n = trie_lookup(&rd->t[af], &r->dst);
	struct redist_kr **pp, *k;

	if (!n || !(pp = kr_find(node_entry(n), r)))
		return;
	k = *pp;
	*pp = k->next;
	free(k);
	if (!rd->bulk)
		evaluate(rd, af, n);
}

static void route_here(struct redist *rd, int af, const struct fib_route *r,
		       int kind)
{
	struct trie_node *n;
	struct redist_kr **pp, *k;
	bool created;

	n = trie_get(&rd->t[af], &r->dst, &created);
	if (!n) {
		log_err("redistribute: out of memory");
		return;
	}
	pp = kr_find(node_entry(n), r);
	if (pp) {
		k = *pp;
	} else if ((k = calloc(1, sizeof(*k))) != NULL) {
		k->table = r->table;
		k->metric = r->metric;
		k->next = node_entry(n)->krs;
		node_entry(n)->krs = k;
	} else {
		log_err("redistribute: out of memory");
		if (created)
			trie_remove(&rd->t[af], n);
		return;
	}
	k->kind = (uint8_t)kind;
	if (!rd->bulk)
		evaluate(rd, af, n);
}

void redist_route(void *arg, const struct fib_route *r, bool deleted)
{
	struct redist *rd = arg;
	int af, kind;

	if (!rd->watching || (r->dst.af != AF_INET && r->dst.af != AF_INET6))
		return;
	af = r->dst.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;
	kind = redist_classify(r);
	/* A change comes without a delete first: a route that turned
	 * into a kind not asked for (or linkdown) is gone for us. */
	if (deleted || wanted(rd, af, kind) < 0)
		route_gone(rd, af, r);
	else
		route_here(rd, af, r, kind);
}

/* ---- lifecycle and configuration -------------------------------------- */

struct redist *redist_new(const struct redist_feed *feed,
			  const struct redist_ops *ops)
{
	struct redist *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return NULL;
	if (feed && feed->watch && feed->walk) {
		rd->feed = *feed;
		rd->have_feed = true;
	}
	rd->ops = *ops;
	return rd;
}

static void entry_fini(struct trie_node *n, void *arg)
{
	(void)arg;
	free_krs(node_entry(n));
}

static void tables_free(struct redist *rd)
{
	int af;

	if (!rd->watching)
		return;
	if (rd->have_feed)
		rd->feed.watch(rd->feed.arg, NULL, NULL);
	for (af = 0; af < BGP_AF_MAX; af++) {
		trie_destroy(&rd->t[af], entry_fini, NULL);
		rd->announced[af] = 0;
	}
	rd->watching = false;
}

void redist_detach(struct redist *rd)
{
	if (!rd || !rd->have_feed)
		return;
	if (rd->watching)
		rd->feed.watch(rd->feed.arg, NULL, NULL);
	rd->have_feed = false;
}

void redist_free(struct redist *rd)
{
	if (!rd)
		return;
	tables_free(rd);
	free(rd);
}

/* After a config change: forget routes of kinds no longer asked for and
 * tell the owner the state of every prefix. */
struct sweep_ctx {
	struct redist *rd;
	int af;
};

static int sweep_one(struct trie_node *n, void *arg)
{
	struct sweep_ctx *c = arg;
	struct redist_entry *e = node_entry(n);
	struct redist_kr **pp = &e->krs, *k;

	while ((k = *pp) != NULL) {
		if (wanted(c->rd, c->af, k->kind) < 0) {
			*pp = k->next;
			free(k);
		} else {
			pp = &k->next;
		}
	}
	evaluate(c->rd, c->af, n);
	return 0;
}

static bool conf_kinds(const struct bgp_conf *bc,
		       bool on[BGP_AF_MAX][REDIST_KINDS])
{
	const struct redist_conf *c;
	bool any = false;
	int af, k;

	memset(on, 0, sizeof(bool) * BGP_AF_MAX * REDIST_KINDS);
	for (af = 0; bc && af < BGP_AF_MAX; af++)
		for (c = bc->af[af].redists; c; c = c->next)
			for (k = 0; k < REDIST_KINDS; k++)
				if (strcmp(c->type, kind_names[k]) == 0)
					any = on[af][k] = true;
	return any;
}

void redist_apply(struct redist *rd, const struct bgp_conf *bc)
{
	bool on[BGP_AF_MAX][REDIST_KINDS], more = false;
	int af, k;

	if (!conf_kinds(bc, on) || !rd->have_feed) {
		/* Nothing asked for (any more): withdraw what was
		 * originated and stop listening. */
		memset(rd->on, 0, sizeof(rd->on));
		for (af = 0; rd->watching && af < BGP_AF_MAX; af++) {
			struct sweep_ctx c = { rd, af };

			trie_walk(&rd->t[af], sweep_one, &c);
		}
		tables_free(rd);
		return;
	}
	for (af = 0; af < BGP_AF_MAX; af++)
		for (k = 0; k < REDIST_KINDS; k++)
			if (on[af][k] && !rd->on[af][k])
				more = true;
	memcpy(rd->on, on, sizeof(rd->on));
	if (!rd->watching) {
		for (af = 0; af < BGP_AF_MAX; af++) {
			int fam = bgp_af_family((enum bgp_af)af);

			trie_init(&rd->t[af], fam, sizeof(struct redist_entry),
				  offsetof(struct redist_entry, node),
				  _Alignof(struct redist_entry));
		}
		rd->watching = true;
		rd->feed.watch(rd->feed.arg, redist_route, rd);
	}
	if (more) {
		/* Routes of the new kinds were not kept: read them. */
		rd->bulk = true;
		rd->feed.walk(rd->feed.arg, redist_route, rd);
		rd->bulk = false;
	}
	for (af = 0; af < BGP_AF_MAX; af++) {
		struct sweep_ctx c = { rd, af };

		trie_walk(&rd->t[af], sweep_one, &c);
	}
}

size_t redist_count(const struct redist *rd, enum bgp_af af)
{
	return rd && af < BGP_AF_MAX ? rd->announced[af] : 0;
}
