/*
 * rde.c: the route decision engine glue (rde.h).  It owns the one RIB
 * of the daemon and is the only writer to it:
 *
 *   UPDATE bytes -> update_decode (attributes, RFC 7606, interning)
 *                -> per announced prefix: loop detection (RFC 4271 9.1.2,
 *                   RFC 4456 8), inbound policy, weight -> rib_update
 *                -> per withdrawn prefix: rib_withdraw
 *   session down -> every path of the peer removed (rib_src_down, or
 *                   rib_flush_step slices from an ev_idle for big tables)
 *   `network P`  -> a local path (origin IGP, MED 0, weight 32768)
 *
 * The RIB reports every best-path change to rde_change(), which is the
 * one place where consumers of the Loc-RIB plug in: the advertisement
 * module, then the kernel FIB module (fib/fibsys.h), which also supplies
 * the rib_nh_ops next-hop interface (see rde_new; without it, as in unit
 * tests and under a failed netlink start, the resolve function is NULL,
 * which makes every next hop reachable with IGP metric 0).
 *
 * Inbound policy: `neighbor X prefix-list NAME in`, `filter-list NAME
 * in` and `route-map NAME in` (policy.h), and `network P route-map M`.
 * Then, for a directly connected eBGP peer, the next hop must be on a
 * connected network (nexthop_connected).  With `soft-reconfiguration
 * inbound` the routes are also kept as received (adjin.h) for
 * rde_soft_in.
 *
 * Limitations: no graceful-restart stale paths (a session that goes down
 * loses its paths at once, as if the peer had not restarted); no
 * confederations (a peer is iBGP or eBGP by its AS alone).  After a
 * maximum-prefix Cease, peer.c holds the session down (until clear, or
 * the `restart MIN` timer); a limit lowered by a reload, or passed by
 * `clear soft in`, is noticed at the next UPDATE only.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "adjin.h"
#include "adv.h"
#include "attr.h"
#include "config.h"
#include "decide.h"
#include "fibsys.h"
#include "log.h"
#include "peer.h"
#include "policy.h"
#include "rde.h"
#include "redist.h"
#include "rib.h"
#include "update.h"
#include "vty.h"

/* A peer with at most this many paths is flushed at once when its
 * session goes down; bigger tables go in slices of RDE_FLUSH_BUDGET
 * prefixes per loop iteration so keepalives keep flowing. */
#define RDE_FLUSH_SYNC_MAX 4096
#define RDE_FLUSH_BUDGET 2048
/* Quagga's weight for locally originated routes (bgp_static_update). */
#define RDE_LOCAL_WEIGHT 32768

struct rde_peer {
	struct rde_peer *next;	/* r->flushing list */
	struct rde_peer *pnext;	/* r->peers list (Established ones) */
	struct peer *peer;	/* NULL in tests and once detached */
	struct rib_src src;
	char host[IPADDR_STRLEN];
	uint32_t remote_as, remote_id, local_v4;
	bool ibgp, as4, rr_client;
	bool refresh;		/* it advertised route refresh */
	bool af[BGP_AF_MAX];
	/* soft-reconfiguration inbound: what it sent, before policy */
	struct adjin adj[BGP_AF_MAX];
	bool maxpfx_warned[BGP_AF_MAX];	/* over the limit, logged */
	bool maxpfx_thr[BGP_AF_MAX];	/* over the threshold, logged */
	time_t taw_log_sec;		/* rate limit of the RFC 7606 line */
	unsigned taw_suppressed;
	time_t nh_log_sec;		/* rate limit of the next hop line */
	bool own_nh;		/* this UPDATE: a route with our next hop */
	const struct nbr_conf *n;	/* tests only; see nbr() */
	struct rib_flush flush;
	struct rde_peer_stats st;
};

/* One `network` statement being originated. */
struct rde_net {
	struct rde_net *next;
	enum bgp_af af;
	struct prefix p;
};

struct rde {
	struct ev_loop *loop;
	struct rib rib;
	struct adv *adv;	/* NULL without a loop (unit tests) */
	struct fibsys *fib;	/* NULL: nothing installed, all reachable */
	struct rib_src local;	/* `network` */
	struct rib_src redist_src;	/* `redistribute` */
	struct redist *redist;
	struct update upd;	/* decode buffers, reused */
	const struct config *conf;
	uint32_t asn, router_id, cluster_id;
	unsigned maxas_limit;
	bool cfg_set;
	struct decide_cfg dcfg[BGP_AF_MAX];
	struct rde_net *nets;
	struct rde_peer *peers;		/* Established */
	struct rde_peer *flushing;
	rde_refresh_fn send_refresh;	/* ROUTE-REFRESH; tests replace it */
	void *send_refresh_arg;
	rde_onlink_fn onlink;		/* connected check; tests replace it */
	void *onlink_arg;
	/* The last answer of onlink within one UPDATE: its prefixes share
	 * the next hop (reset per UPDATE, as interfaces change between). */
	struct ipaddr onlink_addr;
	bool onlink_ok, onlink_cached;
	ev_idle idle;
};

static struct rde *cur_rde;

/* ---- the change callback: where consumers of the Loc-RIB plug in --- */

static void rde_change(void *arg, const struct rib_change *c)
{
	struct rde *r = arg;

	if (r->adv)
		adv_rib_change(r->adv, c);
	/* Then the kernel: the FIB follows the best path (fib/kernel.c
	 * queues it; the writer thread installs it). */
	if (r->fib)
		fibsys_rib_change(r->fib, c);
}

void rde_fib_detach(struct rde *r)
{
	if (!r)
		return;
	r->fib = NULL;
	redist_detach(r->redist);
}

/* ---- vty hooks ------------------------------------------------------ */

static unsigned long vty_entries(enum bgp_af af)
{
	struct rib_stats st;

	if (!cur_rde || af >= BGP_AF_MAX)
		return 0;
	rib_stats(&cur_rde->rib, &st);
	return (unsigned long)st.nodes[af];
}

static uint32_t vty_pfx_rcvd(const struct peer *p, enum bgp_af af)
{
	const struct rde_peer *rp = peer_rde_data(p);

	return rp && af < BGP_AF_MAX ? rp->st.accepted[af] : 0;
}

static const struct vty_rib_hooks rde_vty_hooks = {
	.entries = vty_entries,
	.pfx_rcvd = vty_pfx_rcvd,
};

/* ---- lifecycle ------------------------------------------------------ */

static void flush_idle_cb(struct ev_loop *loop, ev_idle *w, int revents);
static void feed_watch(void *fs, redist_route_fn fn, void *arg);
static void feed_walk(void *fs, redist_route_fn fn, void *arg);
static struct redist *redist_make(struct rde *r, const struct redist_feed *f);

static bool onlink_fib(void *arg, const struct ipaddr *a)
{
	struct rde *r = arg;

	return !r->fib || nexthop_onlink(fibsys_nexthop(r->fib), a, NULL);
}

static int send_refresh_peer(void *arg, struct rde_peer *rp, enum bgp_af af)
{
	(void)arg;
	return rp->peer ? peer_send_refresh(rp->peer, af) : -1;
}

struct rde *rde_new(struct ev_loop *loop, struct fibsys *fib)
{
	struct rde *r = calloc(1, sizeof(*r));
	struct rib_ops ops;

	if (!r)
		return NULL;
	memset(&ops, 0, sizeof(ops));
	/* Next hops come from the kernel module; without one, resolve is
	 * NULL and every next hop is reachable with metric 0. */
	if (fib)
		fibsys_rib_ops(fib, &ops.nh);
	ops.attr_unref = attr_unref;
	ops.change = rde_change;
	ops.change_arg = r;
	if (rib_init(&r->rib, &ops) < 0) {
		free(r);
		return NULL;
	}
	r->loop = loop;
	r->fib = fib;
	if (fib)
		fibsys_attach_rib(fib, &r->rib);
	if (loop)
		r->adv = adv_new(loop, &r->rib);
	r->local.d.type = DECIDE_SRC_LOCAL;
	r->redist_src.d.type = DECIDE_SRC_LOCAL;
	if (rib_src_register(&r->rib, &r->local) < 0 ||
	    rib_src_register(&r->rib, &r->redist_src) < 0)
		fatal("rde: cannot register the local sources");
	if (fib) {
		struct redist_feed feed = { feed_watch, feed_walk, fib };

		r->redist = redist_make(r, &feed);
	} else {
		r->redist = redist_make(r, NULL);
	}
	update_init(&r->upd);
	ev_idle_init(&r->idle, flush_idle_cb);
	r->idle.data = r;
	r->send_refresh = send_refresh_peer;
	r->onlink = onlink_fib;
	r->onlink_arg = r;
	if (!cur_rde) {
		cur_rde = r;
		vty_bgp_set_rib_hooks(&rde_vty_hooks);
	}
	return r;
}

static void nets_free(struct rde_net *n)
{
	struct rde_net *next;

	for (; n; n = next) {
		next = n->next;
		free(n);
	}
}

void rde_free(struct rde *r)
{
	struct rde_peer *rp, *next;

	if (!r)
		return;
	if (r->loop)
		ev_idle_stop(r->loop, &r->idle);
	if (cur_rde == r) {
		cur_rde = NULL;
		vty_bgp_set_rib_hooks(NULL);
	}
	redist_free(r->redist);
	adv_free(r->adv);
	rib_destroy(&r->rib);
	for (rp = r->flushing; rp; rp = next) {
		next = rp->next;
		free(rp);
	}
	nets_free(r->nets);
	update_fini(&r->upd);
	free(r);
}

void rde_set_refresh_fn(struct rde *r, rde_refresh_fn fn, void *arg)
{
	r->send_refresh = fn ? fn : send_refresh_peer;
	r->send_refresh_arg = arg;
}

void rde_set_onlink_fn(struct rde *r, rde_onlink_fn fn, void *arg)
{
	r->onlink = fn ? fn : onlink_fib;
	r->onlink_arg = fn ? arg : r;
	r->onlink_cached = false;
}

struct rde *rde_current(void)
{
	return cur_rde;
}

struct rib *rde_rib(struct rde *r)
{
	return &r->rib;
}

uint32_t rde_router_id(const struct rde *r)
{
	return r->router_id;
}

uint32_t rde_local_as(const struct rde *r)
{
	return r->asn;
}

const struct rde_peer_stats *rde_peer_stats(const struct rde_peer *rp)
{
	return &rp->st;
}

struct rib_src *rde_peer_src(struct rde_peer *rp)
{
	return &rp->src;
}

/* ---- configuration -------------------------------------------------- */

static void apply_decide(struct rde *r, const struct bgp_conf *bc)
{
	struct decide_cfg c;
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		if (bc)
			decide_cfg_from_conf(&c, bc, af);
		else
			decide_cfg_default(&c);
		/* rib_set_cfg re-runs selection on every prefix: only when
		 * a knob really changed. */
		if (r->cfg_set && memcmp(&c, &r->dcfg[af], sizeof(c)) == 0)
			continue;
		r->dcfg[af] = c;
		rib_set_cfg(&r->rib, (enum bgp_af)af, &c);
	}
	r->cfg_set = true;
}

/* The attribute set of a `network` route as Quagga 1.2 builds it
 * (bgp_static_update): origin IGP, MED 0, empty AS path, no next hop
 * (shown as 0.0.0.0 / ::); a redistributed one (bgp_redistribute_add)
 * has origin incomplete and the route's metric as MED. */
static struct attr *local_attr(uint8_t origin, uint32_t med)
{
	struct attr_build b;
	struct attr *a;

	attr_build_init(&b);
	b.origin = origin;
	b.has_med = true;
	b.med = med;
	a = attr_intern(&b);
	attr_build_clear(&b);
	return a;
}

/* A local route with an optional route-map: a denying map withdraws
 * it, as Quagga's bgp_static_update and bgp_redistribute_add do. */
static void originate_local(struct rde *r, enum bgp_af af,
			    const struct prefix *p, struct rib_src *src,
			    struct attr *a, const char *rmap)
{
	char buf[PREFIX_STRLEN];
	uint32_t weight = RDE_LOCAL_WEIGHT;

	if (a && rmap) {
		struct attr_build ab;
		struct policy_route pr;

		attr_build_from(&ab, a);
		memset(&pr, 0, sizeof(pr));
		pr.af = af;
		pr.prefix = p;
		pr.ab = &ab;
		pr.weight = weight;
		if (policy_route_map(r->conf, rmap, &pr) == POLICY_DENY) {
			attr_build_clear(&ab);
			attr_unref(a);
			rib_withdraw(&r->rib, af, p, src);
			return;
		}
		weight = pr.weight;
		attr_unref(a);
		a = attr_intern(&ab);
		attr_build_clear(&ab);
	}
	if (!a || rib_update(&r->rib, af, p, src, a, NULL, weight) < 0)
		log_err("%s %s: out of memory",
			src == &r->local ? "network" : "redistribute",
			prefix_fmt(p, buf, sizeof(buf)));
}

/* `network P [route-map M]`. */
static void originate(struct rde *r, enum bgp_af af, const struct prefix *p,
		      const struct network_conf *nc)
{
	originate_local(r, af, p, &r->local, local_attr(ORIGIN_IGP, 0),
			nc->rmap);
}

/* ---- redistribute (redist.h) ---------------------------------------- */

static const struct redist_conf *redist_conf(const struct rde *r,
					     enum bgp_af af,
					     enum redist_kind k)
{
	const struct redist_conf *c;

	if (!r->conf || !r->conf->bgp)
		return NULL;
	for (c = r->conf->bgp->af[af].redists; c; c = c->next)
		if (strcmp(c->type, redist_kind_name(k)) == 0)
			return c;
	return NULL;
}

/*
 * Quagga's bgp_redistribute_add: origin incomplete, MED the `metric`
 * of the redistribute line or else the route's own metric (0 for a
 * connected network, as zebra reported the interface metric), weight
 * 32768, the route-map applied; no next hop (0.0.0.0 / ::).
 */
static void redist_announce(void *arg, enum bgp_af af, const struct prefix *p,
			    enum redist_kind k, uint32_t metric)
{
	struct rde *r = arg;
	const struct redist_conf *c = redist_conf(r, af, k);
	uint32_t med = k == REDIST_CONNECTED ? 0 : metric;

	if (!c) {
		rib_withdraw(&r->rib, af, p, &r->redist_src);
		return;
	}
	if (c->metric_set)
		med = c->metric;
	originate_local(r, af, p, &r->redist_src,
			local_attr(ORIGIN_INCOMPLETE, med), c->rmap);
}

static void redist_withdraw(void *arg, enum bgp_af af, const struct prefix *p)
{
	struct rde *r = arg;

	rib_withdraw(&r->rib, af, p, &r->redist_src);
}

static void feed_watch(void *fs, redist_route_fn fn, void *arg)
{
	fibsys_set_route_watch(fs, fn, arg);
}

static void feed_walk(void *fs, redist_route_fn fn, void *arg)
{
	fibsys_walk_routes(fs, fn, arg);
}

static struct redist *redist_make(struct rde *r, const struct redist_feed *f)
{
	struct redist_ops ops = { redist_announce, redist_withdraw, r };

	return redist_new(f, &ops);
}

void rde_set_redist_feed(struct rde *r, const struct redist_feed *feed)
{
	struct redist *old = r->redist;

	/* The old one's routes go first (through the ops, while the
	 * config still names them). */
	if (old)
		redist_apply(old, NULL);
	redist_free(old);
	r->redist = redist_make(r, feed);
	if (r->redist && r->conf)
		redist_apply(r->redist, r->conf->bgp);
}

struct redist *rde_redist(struct rde *r)
{
	return r->redist;
}

static bool net_listed(const struct rde_net *l, enum bgp_af af,
		       const struct prefix *p)
{
	for (; l; l = l->next)
		if (l->af == af && prefix_cmp(&l->p, p) == 0)
			return true;
	return false;
}

/* Originate the config's networks; withdraw those no longer there. */
static void apply_networks(struct rde *r, const struct bgp_conf *bc)
{
	struct rde_net *nl = NULL, *n;
	const struct network_conf *nc;
	int af;

	for (af = 0; bc && af < BGP_AF_MAX; af++) {
		for (nc = bc->af[af].networks; nc; nc = nc->next) {
			if (net_listed(nl, (enum bgp_af)af, &nc->prefix))
				continue;
			n = calloc(1, sizeof(*n));
			if (!n) {
				log_err("%s: out of memory", __func__);
				break;
			}
			n->af = (enum bgp_af)af;
			n->p = nc->prefix;
			n->next = nl;
			nl = n;
			originate(r, n->af, &n->p, nc);
		}
	}
	for (n = r->nets; n; n = n->next)
		if (!net_listed(nl, n->af, &n->p))
			rib_withdraw(&r->rib, n->af, &n->p, &r->local);
	nets_free(r->nets);
	r->nets = nl;
}

void rde_apply(struct rde *r, const struct config *c, uint32_t router_id)
{
	const struct bgp_conf *bc = c ? c->bgp : NULL;

	/* The previous config is about to be freed: drop policy's cache
	 * of its names. */
	policy_config_changed(NULL);
	r->conf = c;
	r->router_id = router_id;
	r->asn = bc ? bc->asn : 0;
	r->cluster_id = bc && bc->cluster_id.af == AF_INET
				? ipaddr_v4(&bc->cluster_id)
				: router_id;
	r->maxas_limit = bc ? bc->maxas_limit : 0;
	r->local.d.router_id = router_id;
	r->local.d.as = r->asn;
	r->redist_src.d.router_id = router_id;
	r->redist_src.d.as = r->asn;
	if (r->adv)
		adv_set_config(r->adv, c, router_id);
	apply_decide(r, bc);
	apply_networks(r, bc);
	if (r->redist)
		redist_apply(r->redist, bc);
}

/* ---- peers ---------------------------------------------------------- */

static const struct nbr_conf *nbr(const struct rde_peer *rp)
{
	return rp->peer ? peer_conf(rp->peer) : rp->n;
}

/*
 * Store the Adj-RIB-In of a family exactly when the neighbor has
 * `soft-reconfiguration inbound` there.  Returns a bit per family whose
 * store was just switched on.
 */
static unsigned adj_sync(struct rde_peer *rp, bool log_changes)
{
	const struct nbr_conf *n = nbr(rp);
	unsigned started = 0;
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		bool want = n && rp->af[af] && n->af[af].soft_reconfig_in;

		if (want && !rp->adj[af].on) {
			adjin_init(&rp->adj[af], (enum bgp_af)af);
			started |= 1u << af;
		} else if (!want && rp->adj[af].on) {
			if (log_changes)
				log_info("%s: soft-reconfiguration inbound "
					 "off for %s, %zu stored routes freed",
					 rp->host, bgp_af_name((enum bgp_af)af),
					 adjin_count(&rp->adj[af]));
			adjin_fini(&rp->adj[af]);
		}
	}
	return started;
}

/*
 * RFC 4456 6: reflection depends on whether the route came from a
 * client, per family.  Only an internal peer can be a client; a
 * description without settings (unit tests) gives its any-family flag
 * to every family.
 */
static uint8_t rr_client_bits(const struct rde_peer *rp,
			      const struct rde_peer_desc *d)
{
	const struct nbr_conf *n = nbr(rp);
	uint8_t bits = 0;
	int af;

	if (!rp->ibgp)
		return 0;
	for (af = 0; af < BGP_AF_MAX; af++)
		if (n ? n->af[af].rr_client : d->rr_client)
			bits |= (uint8_t)(1u << af);
	return bits;
}

struct rde_peer *rde_peer_up(struct rde *r, struct peer *p,
			     const struct rde_peer_desc *d)
{
	struct rde_peer *rp = calloc(1, sizeof(*rp));

	if (!rp)
		return NULL;
	rp->peer = p;
	rp->n = d->n;
	ipaddr_fmt(&d->addr, rp->host, sizeof(rp->host));
	rp->remote_as = d->remote_as;
	rp->remote_id = d->remote_id;
	rp->local_v4 = d->local_v4;
	rp->as4 = d->as4;
	rp->rr_client = d->rr_client;
	rp->refresh = d->refresh;
	rp->ibgp = d->remote_as == r->asn;
	memcpy(rp->af, d->af, sizeof(rp->af));
	rp->src.d.addr = d->addr;
	rp->src.d.router_id = d->remote_id;
	rp->src.d.as = d->remote_as;
	rp->src.d.type = rp->ibgp ? DECIDE_SRC_IBGP : DECIDE_SRC_EBGP;
	rp->src.rr_client = rr_client_bits(rp, d);
	rp->src.owner = rp;
	if (rib_src_register(&r->rib, &rp->src) < 0) {
		log_err("%s: too many sources in the RIB", rp->host);
		free(rp);
		return NULL;
	}
	rp->pnext = r->peers;
	r->peers = rp;
	adj_sync(rp, false);
	/* The initial dump to the peer, then End-of-RIB (RFC 4724 2). */
	if (p && r->adv)
		adv_peer_up(r->adv, p);
	return rp;
}

static void adj_free(struct rde_peer *rp)
{
	int af;

	for (af = 0; af < BGP_AF_MAX; af++)
		adjin_fini(&rp->adj[af]);
}

static void flush_done(struct rde *r, struct rde_peer *rp)
{
	rib_src_unregister(&r->rib, &rp->src);
	free(rp);
}

static void flush_idle_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	struct rde *r = w->data;
	struct rde_peer *rp = r->flushing;

	(void)revents;
	if (rp && rib_flush_step(&r->rib, &rp->flush, RDE_FLUSH_BUDGET)) {
		r->flushing = rp->next;
		flush_done(r, rp);
	}
	if (!r->flushing)
		ev_idle_stop(loop, w);
}

void rde_peer_down(struct rde *r, struct rde_peer *rp)
{
	struct rde_peer **pp;

	if (!rp)
		return;
	for (pp = &r->peers; *pp; pp = &(*pp)->pnext) {
		if (*pp == rp) {
			*pp = rp->pnext;
			break;
		}
	}
	adj_free(rp);
	if (rp->peer && r->adv)
		adv_peer_down(r->adv, rp->peer);
	rp->peer = NULL;
	if (rp->src.npaths <= RDE_FLUSH_SYNC_MAX || !r->loop) {
		rib_src_down(&r->rib, &rp->src);
		flush_done(r, rp);
		return;
	}
	/* The session stays down meanwhile in the sense of rib.h: a new
	 * session of the same neighbor gets a new rde_peer and source. */
	rib_flush_init(&rp->flush, &rp->src, false);
	rp->next = NULL;
	for (pp = &r->flushing; *pp; pp = &(*pp)->next)
		;
	*pp = rp;
	ev_idle_start(r->loop, &r->idle);
}

size_t rde_flushing(const struct rde *r)
{
	const struct rde_peer *rp;
	size_t n = 0;

	for (rp = r->flushing; rp; rp = rp->next)
		n++;
	return n;
}

void rde_flush_all(struct rde *r)
{
	struct rde_peer *rp;

	while ((rp = r->flushing) != NULL) {
		while (!rib_flush_step(&r->rib, &rp->flush, RDE_FLUSH_BUDGET))
			;
		r->flushing = rp->next;
		flush_done(r, rp);
	}
	if (r->loop)
		ev_idle_stop(r->loop, &r->idle);
}

void rde_refresh(struct rde *r, struct rde_peer *rp, uint16_t afi,
		 uint8_t safi)
{
	enum bgp_af af;

	/* RFC 2918 4: re-send the Adj-RIB-Out of that family. */
	if (afi == 1 && safi == 1)
		af = BGP_AF_IPV4;
	else if (afi == 2 && safi == 1)
		af = BGP_AF_IPV6;
	else
		return;
	if (rp && rp->peer && r->adv && rp->af[af])
		adv_refresh(r->adv, rp->peer, af);
}

/* ---- UPDATE processing ---------------------------------------------- */

/*
 * Attributes dropped on receipt (issue 9, attr.h's discard): `bgp
 * unknown-attribute discard` for all, plus `neighbor X path-attribute
 * discard` for this one.  NULL when none.
 */
static const uint8_t *discard_map(const struct rde *r,
				  const struct rde_peer *rp, uint8_t *bm)
{
	const struct nbr_conf *n = nbr(rp);
	const struct bgp_conf *bc = r->conf ? r->conf->bgp : NULL;
	uint8_t any = 0;
	int i;

	for (i = 0; i < CONF_ATTR_BITMAP; i++) {
		bm[i] = (uint8_t)((bc ? bc->attr_discard[i] : 0) |
				  (n ? n->attr_discard[i] : 0));
		any |= bm[i];
	}
	return any ? bm : NULL;
}

static void build_ctx(const struct rde *r, const struct rde_peer *rp,
		      struct attr_dec_ctx *c, uint8_t *bm)
{
	memset(c, 0, sizeof(*c));
	c->discard = discard_map(r, rp, bm);
	c->peer = rp->host;
	c->local_as = r->asn;
	c->peer_as = rp->remote_as;
	/* Our own address as NEXT_HOP is checked per route in
	 * import_path, after ORIGINATOR_ID and CLUSTER_LIST (Quagga's
	 * bgp_update_main order): a reflected route of ours is a loop,
	 * not an invalid next hop. */
	c->local_v4 = 0;
	c->ibgp = rp->ibgp;
	c->as4 = rp->as4;
	memcpy(c->af, rp->af, sizeof(c->af));
	c->maxas_limit = r->maxas_limit;
}

/* The path's next hop: the MP next hop or NEXT_HOP, as update_decode
 * put it in the set (the link-local one stays in the set's ext). */
static const struct ipaddr *attr_nexthop(const struct attr *a,
					 struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->nh_af != AF_INET && a->nh_af != AF_INET6)
		return NULL;
	out->af = a->nh_af;
	memcpy(out->a, a->nh, af_bytes(a->nh_af));
	return out;
}

static void withdraw_one(struct rde *r, struct rde_peer *rp, enum bgp_af af,
			 const struct prefix *p)
{
	if (rib_withdraw(&r->rib, af, p, &rp->src) == 0 &&
	    rp->st.accepted[af] > 0)
		rp->st.accepted[af]--;
}

/*
 * Inbound filters and modifiers in Quagga's order (bgp_input_filter,
 * then bgp_input_modifier): prefix-list, filter-list (AS path), then
 * the route-map, which may change the attributes and the weight.
 * Returns the set to use (one new reference) or NULL when denied.
 */
static struct attr *import_policy(struct rde *r, struct rde_peer *rp,
				  enum bgp_af af, const struct prefix *p,
				  struct attr *a, const struct nbr_af_conf *nac,
				  uint32_t *weight)
{
	struct attr_build ab;
	struct policy_route pr;
	struct attr *na;

	if (!nac || !r->conf)
		return attr_ref(a);
	if (policy_prefix_list(r->conf, nac->plist_in, p) == POLICY_DENY ||
	    policy_as_path_list(r->conf, nac->flist_in, a->aspath) ==
		    POLICY_DENY)
		return NULL;
	if (!nac->rmap_in)
		return attr_ref(a);
	attr_build_from(&ab, a);
	memset(&pr, 0, sizeof(pr));
	pr.af = af;
	pr.prefix = p;
	pr.ab = &ab;
	pr.weight = *weight;
	pr.peer = &rp->src.d.addr;
	pr.peer_as = rp->remote_as;
	if (policy_route_map(r->conf, nac->rmap_in, &pr) == POLICY_DENY) {
		attr_build_clear(&ab);
		return NULL;
	}
	*weight = pr.weight;
	na = attr_intern(&ab);
	attr_build_clear(&ab);
	return na;
}

/*
 * Loop detection and inbound policy for one announced prefix; a route
 * that is not accepted replaces (withdraws) any previous path of the
 * peer for the prefix (RFC 4271 9.1.2: the new route is unfeasible).
 */
/*
 * Issue 4 / Quagga's bgp_update_main: from a directly connected eBGP
 * peer (single hop: no ebgp-multihop, no ttl-security) a route whose
 * next hop is not on a connected network is filtered ("non-connected
 * next-hop"), after inbound policy, which may have set it.  As in
 * bgp_nexthop_onlink, an IPv6 next hop that came with a link-local one
 * (32-byte MP_REACH) or is itself link-local passes.
 */
static bool ipaddr_v4mapped(const struct ipaddr *a)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0,
					 0, 0, 0, 0, 0xff, 0xff };

	return memcmp(a->a, pfx, sizeof(pfx)) == 0;
}

static bool nexthop_connected(struct rde *r, const struct rde_peer *rp,
			      const struct nbr_conf *n, const struct attr *a)
{
	struct ipaddr nh;

	if (rp->ibgp || (n && (n->ebgp_multihop || n->ttl_security_hops)))
		return true;
	if (!attr_nexthop(a, &nh))
		return false;
	if (nh.af == AF_INET6 && (attr_nh_ll(a) || ipaddr_is_v6_linklocal(&nh)))
		return true;
	if (nh.af == AF_INET6 && ipaddr_v4mapped(&nh)) {
		/* IPv6 routes over an IPv4 session without an IPv6 address
		 * (RFC 4291 2.5.5.2): the IPv4 address must be on-link. */
		memmove(nh.a, nh.a + 12, 4);
		memset(nh.a + 4, 0, 12);
		nh.af = AF_INET;
	}
	if (r->onlink_cached && ipaddr_cmp(&nh, &r->onlink_addr) == 0)
		return r->onlink_ok;
	r->onlink_ok = r->onlink(r->onlink_arg, &nh);
	r->onlink_addr = nh;
	r->onlink_cached = true;
	return r->onlink_ok;
}

/* RFC 4271 6.3: our own address on the session as NEXT_HOP is
 * semantically incorrect (Quagga: bgp_update_martian_nexthop). */
static bool nexthop_ours(const struct rde_peer *rp, const struct attr *a)
{
	struct ipaddr nh;

	return rp->local_v4 && attr_nexthop(a, &nh) && nh.af == AF_INET &&
	       ipaddr_v4(&nh) == rp->local_v4;
}

static void import_path(struct rde *r, struct rde_peer *rp, enum bgp_af af,
			const struct prefix *p, struct attr *a)
{
	const struct nbr_conf *n = nbr(rp);
	const struct nbr_af_conf *nac = n ? &n->af[af] : NULL;
	uint32_t before = rp->src.npaths, weight = 0;
	struct ipaddr nh;
	struct attr *use;

	if (attr_is_loop(a, r->asn, nac ? nac->allowas_in : 0, r->router_id,
			 r->cluster_id)) {
		rp->st.denied[af]++;
		withdraw_one(r, rp, af, p);
		return;
	}
	if (nac && nac->weight_set)
		weight = nac->weight;
	use = import_policy(r, rp, af, p, a, nac, &weight);
	if (!use) {
		rp->st.denied[af]++;
		withdraw_one(r, rp, af, p);
		return;
	}
	/* After the loop checks and policy, as Quagga's bgp_update_main
	 * checks the martian next hop of the modified route. */
	if (nexthop_ours(rp, use)) {
		rp->own_nh = true;
		attr_unref(use);
		rp->st.denied[af]++;
		withdraw_one(r, rp, af, p);
		return;
	}
	if (!nexthop_connected(r, rp, n, use)) {
		attr_unref(use);
		rp->st.denied[af]++;
		withdraw_one(r, rp, af, p);
		return;
	}
	/* A route-map may have set the next hop: read it from use. */
	if (rib_update(&r->rib, af, p, &rp->src, use, attr_nexthop(use, &nh),
		       weight) < 0) {
		log_err("%s: out of memory adding a path", rp->host);
		return;
	}
	if (rp->src.npaths > before)
		rp->st.accepted[af]++;
}

/* A route as received: into the stored Adj-RIB-In first (Quagga's
 * bgp_adj_in_set, before the loop checks and policy), then imported. */
static void import_one(struct rde *r, struct rde_peer *rp, enum bgp_af af,
		       const struct prefix *p, struct attr *a)
{
	rp->st.received[af]++;
	if (adjin_set(&rp->adj[af], p, a) < 0)
		log_err("%s: out of memory storing the Adj-RIB-In", rp->host);
	import_path(r, rp, af, p, a);
}

/*
 * `neighbor X maximum-prefix N [THRESHOLD] [warning-only]` (Quagga's
 * bgp_maximum_prefix_overflow): over N, Cease 6/1 with AFI, SAFI and
 * the limit as data (RFC 4486 4), or a log line if warning-only.
 */
static const char *af_name(enum bgp_af af)
{
	return af == BGP_AF_IPV4 ? "IPv4 Unicast" : "IPv6 Unicast";
}

/* Quagga logs once when the count passes threshold percent of N. */
static void max_prefix_threshold(struct rde_peer *rp, enum bgp_af af,
				 const struct nbr_af_conf *nac)
{
	uint64_t lim = (uint64_t)nac->max_prefix *
		       (nac->max_prefix_threshold ? nac->max_prefix_threshold
						  : 75) /
		       100;

	if (rp->st.accepted[af] <= lim) {
		rp->maxpfx_thr[af] = false;
		return;
	}
	if (rp->maxpfx_thr[af])
		return;
	rp->maxpfx_thr[af] = true;
	log_info("%%MAXPFX: No. of %s prefix received from %s reaches %u, "
		 "max %u",
		 af_name(af), rp->host, rp->st.accepted[af], nac->max_prefix);
}

static int check_max_prefix(struct rde_peer *rp, enum bgp_af af,
			    struct bgp_err *err)
{
	const struct nbr_conf *n = nbr(rp);
	const struct nbr_af_conf *nac = n ? &n->af[af] : NULL;
	uint8_t d[7];
	uint16_t afi = af == BGP_AF_IPV4 ? 1 : 2;

	if (!nac || !nac->max_prefix)
		return 0;
	if (rp->st.accepted[af] <= nac->max_prefix) {
		rp->maxpfx_warned[af] = false;
		max_prefix_threshold(rp, af, nac);
		return 0;
	}
	if (!rp->maxpfx_warned[af])
		log_info("%%MAXPFXEXCEED: No. of %s prefix received from %s "
			 "%u exceed, limit %u",
			 af_name(af), rp->host, rp->st.accepted[af],
			 nac->max_prefix);
	rp->maxpfx_warned[af] = true;
	if (nac->max_prefix_warning_only)
		return 0;
	d[0] = (uint8_t)(afi >> 8);
	d[1] = (uint8_t)afi;
	d[2] = 1;
	d[3] = (uint8_t)(nac->max_prefix >> 24);
	d[4] = (uint8_t)(nac->max_prefix >> 16);
	d[5] = (uint8_t)(nac->max_prefix >> 8);
	d[6] = (uint8_t)nac->max_prefix;
	bgp_err_set_inl(err, BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIX, d, sizeof(d));
	return -1;
}

static int apply_update(struct rde *r, struct rde_peer *rp, struct update *u,
			struct bgp_err *err)
{
	size_t i;
	int af, rc = 0;

	for (af = 0; af < BGP_AF_MAX; af++) {
		for (i = 0; i < u->withdrawn[af].n; i++) {
			rp->st.withdrawn[af]++;
			adjin_del(&rp->adj[af], &u->withdrawn[af].v[i]);
			withdraw_one(r, rp, (enum bgp_af)af,
				     &u->withdrawn[af].v[i]);
		}
		for (i = 0; u->attr[af] && i < u->announced[af].n; i++)
			import_one(r, rp, (enum bgp_af)af,
				   &u->announced[af].v[i], u->attr[af]);
		if (u->eor[af])
			rp->st.eor[af] = true;
		if (rc == 0 && check_max_prefix(rp, (enum bgp_af)af, err) < 0)
			rc = -1;
	}
	return rc;
}

/* The peer can send such UPDATEs at any rate: one line a second at
 * most, saying how many were not logged. */
static void taw_log(struct rde_peer *rp, uint8_t code)
{
	time_t now = time(NULL);

	if (now == rp->taw_log_sec) {
		rp->taw_suppressed++;
		return;
	}
	rp->taw_log_sec = now;
	log_warn("%s rcvd UPDATE with errors in attribute %s: "
		 "treat-as-withdraw%s",
		 rp->host, attr_code_name(code),
		 rp->taw_suppressed ? " (more not logged)" : "");
	rp->taw_suppressed = 0;
}

/* The line attr.c logged before the check moved here, once a second
 * at most per peer. */
static void own_nh_log(struct rde_peer *rp)
{
	char buf[INET_ADDRSTRLEN];
	uint32_t a = htonl(rp->local_v4);
	time_t now = time(NULL);

	if (now == rp->nh_log_sec)
		return;
	rp->nh_log_sec = now;
	inet_ntop(AF_INET, &a, buf, sizeof(buf));
	log_warn("%s rcvd UPDATE with invalid next hop %s, routes ignored",
		 rp->host, buf);
}

int rde_update(struct rde *r, struct rde_peer *rp, const uint8_t *body,
	       size_t len, struct bgp_err *err)
{
	struct update *u = &r->upd;
	uint8_t discard[CONF_ATTR_BITMAP];
	struct attr_dec_ctx c;
	enum attr_action act;
	int rc;

	bgp_err_clear(err);
	if (!rp)
		return 0;
	r->onlink_cached = false;
	build_ctx(r, rp, &c, discard);
	act = update_decode(u, body, len, &c);
	if (act == ATTR_SESSION_RESET) {
		*err = u->err;
		update_reset(u);
		return -1;
	}
	if (act == ATTR_TREAT_AS_WITHDRAW) {
		/* RFC 7606 2: the prefixes are now in withdrawn[]. */
		rp->st.treat_as_withdraw++;
		taw_log(rp, u->err_attr);
	}
	rp->own_nh = false;
	rc = apply_update(r, rp, u, err);
	if (rp->own_nh)
		own_nh_log(rp);
	update_reset(u);
	return rc;
}

/* ---- soft reconfiguration inbound (RFC 2918, Quagga's soft in) ------ */

void rde_peer_reconfigured(struct rde *r, struct rde_peer *rp,
			   const struct nbr_conf *n)
{
	unsigned started;
	int af;

	if (!rp)
		return;
	rp->n = n;
	/* route-reflector-client follows the config (adv.c reads it from
	 * the source; rde_policy_reload re-examines what was sent). */
	if (nbr(rp)) {
		struct rde_peer_desc d = { .rr_client = rp->rr_client };

		rp->src.rr_client = rr_client_bits(rp, &d);
	}
	started = adj_sync(rp, true);
	for (af = 0; af < BGP_AF_MAX; af++) {
		if (!(started & (1u << af)))
			continue;
		/* The store starts empty: have the peer send everything
		 * again (Quagga: peer_change_reset_in). */
		if (rp->refresh &&
		    r->send_refresh(r->send_refresh_arg, rp,
				    (enum bgp_af)af) == 0)
			log_info("%s: soft-reconfiguration inbound on for %s, "
				 "ROUTE-REFRESH sent",
				 rp->host, bgp_af_name((enum bgp_af)af));
		else
			log_warn("%s: soft-reconfiguration inbound on for %s; "
				 "the peer cannot refresh, so the stored "
				 "routes are complete after its next session",
				 rp->host, bgp_af_name((enum bgp_af)af));
	}
}

struct adj_walk {
	int (*fn)(const struct prefix *pfx, const struct attr *attr,
		  void *arg);
	void *arg;
};

static int adj_walk_one(const struct prefix *p, struct attr *a, void *arg)
{
	struct adj_walk *w = arg;

	return w->fn(p, a, w->arg);
}

int rde_adj_in_walk(struct rde *r, struct rde_peer *rp, enum bgp_af af,
		    int (*fn)(const struct prefix *pfx,
			      const struct attr *attr, void *arg),
		    void *arg)
{
	struct adj_walk w = { fn, arg };

	(void)r;
	if (!rp || af >= BGP_AF_MAX || !rp->adj[af].on)
		return -1;
	return adjin_walk(&rp->adj[af], adj_walk_one, &w);
}

size_t rde_adj_in_count(const struct rde_peer *rp, enum bgp_af af)
{
	return rp && af < BGP_AF_MAX ? adjin_count(&rp->adj[af]) : 0;
}

struct soft_ctx {
	struct rde *r;
	struct rde_peer *rp;
	enum bgp_af af;
};

static int soft_one(const struct prefix *p, struct attr *a, void *arg)
{
	struct soft_ctx *c = arg;

	import_path(c->r, c->rp, c->af, p, a);
	return 0;
}

/*
 * Quagga's peer_clear_soft for BGP_CLEAR_SOFT_IN: with a stored
 * Adj-RIB-In every route goes through the loop checks and inbound
 * policy again (bgp_soft_reconfig_in); a route now denied loses its
 * path, one now permitted gets it, one changed by the route-map is
 * replaced.  Without one, ROUTE-REFRESH if the peer can (RFC 2918 4:
 * it then re-advertises its Adj-RIB-Out for the family).
 */
int rde_soft_in(struct rde *r, struct rde_peer *rp, enum bgp_af af,
		const char **why)
{
	struct soft_ctx c = { r, rp, af };
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!rp || af >= BGP_AF_MAX || !rp->af[af]) {
		*why = "not Established in this address family";
		return -1;
	}
	if (rp->adj[af].on) {
		r->onlink_cached = false;
		adjin_walk(&rp->adj[af], soft_one, &c);
		log_info("%s: soft reconfiguration inbound for %s: %zu stored "
			 "routes re-examined, %u accepted",
			 rp->host, bgp_af_name(af), adjin_count(&rp->adj[af]),
			 rp->st.accepted[af]);
		return 0;
	}
	if (!rp->refresh) {
		*why = "has neither refresh capability, nor inbound soft "
		       "reconfig";
		return -1;
	}
	if (r->send_refresh(r->send_refresh_arg, rp, af) < 0) {
		*why = "could not send ROUTE-REFRESH";
		return -1;
	}
	return 0;
}

/* ---- policy changed by a reload (issue 10, Quagga/FRR soft reconfig) */

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * Did any named list (access-, prefix-, community-, as-path list or
 * route-map) change?  Two shallow copies of the new config differing
 * only in their lists, compared by config_equal.
 */
static bool lists_changed(const struct config *o, const struct config *c)
{
	struct config x, y;

	if (!o || !c)
		return o != c;
	y = *c;
	y.bgp = NULL;
	x = y;
	x.acls = o->acls;
	x.plists = o->plists;
	x.clists = o->clists;
	x.aslists = o->aslists;
	x.rmaps = o->rmaps;
	return !config_equal(&x, &y);
}

static bool refs_in(const struct nbr_af_conf *f)
{
	return f->rmap_in || f->plist_in || f->flist_in;
}

static bool refs_out(const struct nbr_af_conf *f)
{
	return f->rmap_out || f->plist_out || f->flist_out ||
	       f->default_originate_rmap;
}

/* What decides which of the peer's routes enter the RIB, and how. */
static bool in_differs(const struct nbr_af_conf *o,
		       const struct nbr_af_conf *n)
{
	return !str_same(o->rmap_in, n->rmap_in) ||
	       !str_same(o->plist_in, n->plist_in) ||
	       !str_same(o->flist_in, n->flist_in) ||
	       o->weight_set != n->weight_set || o->weight != n->weight ||
	       o->allowas_in != n->allowas_in;
}

/* What decides what the peer is sent (default-originate is looked at
 * again by adv_set_config for every peer). */
static bool out_differs(const struct nbr_af_conf *o,
			const struct nbr_af_conf *n)
{
	return !str_same(o->rmap_out, n->rmap_out) ||
	       !str_same(o->plist_out, n->plist_out) ||
	       !str_same(o->flist_out, n->flist_out) ||
	       o->next_hop_self != n->next_hop_self ||
	       o->next_hop_self_all != n->next_hop_self_all ||
	       o->send_community != n->send_community ||
	       o->rr_client != n->rr_client;
}

/* What changed for every peer alike. */
struct reload_all {
	bool lists;	/* a named list: peers referring to any */
	bool in;	/* loop detection (cluster id, maxas-limit) */
	bool out;	/* reflection: some neighbor's rr-client changed */
};

static void reload_all(const struct rde *r, const struct config *old,
		       struct reload_all *g)
{
	const struct bgp_conf *ob = old ? old->bgp : NULL;
	const struct bgp_conf *nb = r->conf ? r->conf->bgp : NULL;
	const struct nbr_conf *n, *m;

	memset(g, 0, sizeof(*g));
	g->lists = lists_changed(old, r->conf);
	if (!ob || !nb)
		return;
	g->in = ipaddr_cmp(&ob->cluster_id, &nb->cluster_id) != 0 ||
		ob->maxas_limit != nb->maxas_limit;
	for (n = nb->neighbors; n && !g->out; n = n->next) {
		m = config_find_nbr(ob, &n->addr);
		for (int af = 0; m && af < BGP_AF_MAX; af++)
			if (m->af[af].rr_client != n->af[af].rr_client)
				g->out = true;
	}
}

static void reload_peer(struct rde *r, struct rde_peer *rp,
			const struct bgp_conf *ob, const struct reload_all *g)
{
	const struct nbr_conf *n = nbr(rp);
	const struct nbr_conf *o = ob ? config_find_nbr(ob, &rp->src.d.addr)
				      : NULL;
	static const struct nbr_af_conf none;
	const char *why;

	for (int i = 0; n && i < BGP_AF_MAX; i++) {
		enum bgp_af af = (enum bgp_af)i;
		const struct nbr_af_conf *of = o ? &o->af[af] : &none;
		const struct nbr_af_conf *nf = &n->af[af];
		bool in, out;

		if (!rp->af[af])
			continue;
		in = g->in || in_differs(of, nf) ||
		     (g->lists && (refs_in(of) || refs_in(nf)));
		out = g->out || out_differs(of, nf) ||
		      (g->lists && (refs_out(of) || refs_out(nf)));
		if (in && rde_soft_in(r, rp, af, &why) < 0)
			log_warn("%s: inbound policy changed for %s but not "
				 "applied to its routes: the peer %s; "
				 "clear ip bgp to apply it",
				 rp->host, bgp_af_name(af), why);
		else if (in)
			log_info("%s: inbound policy changed for %s: routes "
				 "re-examined", rp->host, bgp_af_name(af));
		if (out && r->adv && rp->peer) {
			adv_reevaluate(r->adv, rp->peer, af);
			log_info("%s: outbound policy changed for %s: "
				 "Adj-RIB-Out re-examined",
				 rp->host, bgp_af_name(af));
		}
	}
}

void rde_policy_reload(struct rde *r, const struct config *old)
{
	struct reload_all g;
	struct rde_peer *rp;

	if (!r)
		return;
	reload_all(r, old, &g);
	for (rp = r->peers; rp; rp = rp->pnext)
		reload_peer(r, rp, old ? old->bgp : NULL, &g);
}
