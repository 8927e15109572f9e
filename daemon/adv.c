/*
 * adv.c: the advertisement module (see adv.h).
 *
 * Per peer and family the Adj-RIB-Out is a trie of struct adv_out: the
 * interned set last sent for a prefix (one reference), and a "pending"
 * mark.  A change of a best path only marks the prefix pending for each
 * peer (and queues it once); the outbound set is computed when the peer
 * is flushed, from the RIB as it is then, so a prefix that flaps within
 * one MRAI interval costs one comparison and often no UPDATE at all.
 * Pointer equality of interned sets is the "nothing changed" test.
 *
 * A flush or a dump slice produces a batch: (prefix, set) pairs to
 * announce and prefixes to withdraw.  The pairs are sorted by set, so
 * each set is encoded once per UPDATE and its prefixes packed behind it
 * up to 4096 bytes (RFC 4271 4.3; IPv6 in MP_REACH/MP_UNREACH, RFC 4760).
 *
 * Pacing: one timer per peer.  Dump slices run back to back (a 0 s
 * timer, so I/O and keepalives are served between slices) while the
 * peer's output queue is below ADV_OUTQ_MAX messages, else it polls
 * every 50 ms until the queue drains.  Pending changes are sent at most
 * once per MRAI (RFC 4271 9.2.1.1; Quagga 1.2: 3 s eBGP, 1 s iBGP),
 * withdrawals included, as Quagga does.
 *
 * Outbound attributes in Quagga's order: eBGP/iBGP rules (MED, next
 * hop, LOCAL_PREF, reflection), then route-map out, then what Quagga does
 * when it encodes: our AS prepended toward eBGP, LOCAL_PREF and the
 * reflection attributes dropped toward eBGP, send-community.
 * default-originate (Quagga 1.2): the default is sent ahead of the dump
 * whatever the RIB holds; its route-map is a condition on the table,
 * evaluated when the peer comes up, on a refresh and after a config
 * change (not when the table changes, as in Quagga 1.2; with a map that
 * matches nothing it walks the whole table each time).
 *
 * Limitations: no confederations (NO_EXPORT_SUBCONFED is treated as
 * NO_EXPORT), no Add-Path, no extended messages, no peer groups (each
 * peer has its own Adj-RIB-Out: about 32 bytes a prefix plus trie glue);
 * a change of outbound policy by a reload is applied by
 * adv_reevaluate (only the differences are sent); the eBGP third-party next hop is
 * IPv4 only; packing is per batch (one dump slice, one flush run), so
 * a set whose prefixes are spread over several slices costs one UPDATE
 * that is not full per slice; the output queue is polled (50 ms), there
 * is no drain callback in peer.h.
 */
#include <arpa/inet.h>
#include <ev.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "adv.h"
#include "attr.h"
#include "config.h"
#include "log.h"
#include "msg.h"
#include "peer.h"
#include "policy.h"
#include "rbuf.h"
#include "rib.h"
#include "trie.h"
#include "update.h"

/* Prefixes per dump slice or flush run: a few ms of work.  A set's
 * prefixes split by a slice boundary cost one UPDATE that is not full
 * (at most one per set and slice). */
#define ADV_SLICE 4096
#define ADV_OUTQ_MAX 256	/* messages queued: beyond, wait (~1 MB) */
#define ADV_POLL 0.05		/* seconds between output queue checks */

struct adv_out {
	struct attr *attr;		/* last sent, NULL: not sent */
	uint8_t pend;			/* on the pending list */
	struct trie_node node;		/* last */
};

struct adv_plist {
	struct prefix *v;
	size_t n, cap;
};

struct adv_af {
	bool on;			/* negotiated */
	struct trie out;		/* the Adj-RIB-Out */
	struct adv_plist pend;		/* prefixes to re-evaluate */
	size_t pend_pos;		/* next one to look at */
	bool dumping, eor_due;
	bool force;			/* refresh: send even if unchanged */
	bool dflt_due;			/* default-originate: send first */
	bool dflt_ok;			/* its route-map condition holds */
	struct trie_cursor cur;		/* dump position */
};

/*
 * A full feed has 350-500k sets for 1M prefixes, and building an
 * outbound set (prepend, intern) costs more than looking one up: a
 * direct-mapped cache of ADV_CACHE slots per peer (24 bytes each), each
 * holding a reference to its input and output sets (bounded: a set
 * that left the RIB is kept alive by at most one slot per peer).
 */
#define ADV_CACHE 16384

struct adv_cslot {
	struct attr *in;		/* one reference held, NULL: empty */
	struct attr *out;		/* one reference held, NULL: denied */
	uint16_t src;
	uint8_t af;
};

struct adv_peer {
	struct adv_peer *next;
	struct adv *a;
	struct peer *p;
	struct adv_peer_desc d;
	char host[IPADDR_STRLEN];
	struct adv_af af[BGP_AF_MAX];
	ev_timer t;
	ev_tstamp next_ok;		/* MRAI: no flush before */
	bool flushing;			/* a flush round is under way */
	double mrai;
	struct adv_peer_stats st;
	/* Cache of out_attr (no route-map out): input set and source ->
	 * outbound set, direct-mapped, allocated on first use. */
	struct adv_cslot *cache;
};

struct adv_item {
	struct prefix p;
	struct attr *attr;		/* borrowed from the Adj-RIB-Out */
};

struct adv_batch {
	struct adv_item *ann;
	size_t nann, cann;
	struct prefix *wd;
	size_t nwd, cwd;
};

struct adv {
	struct ev_loop *loop;
	struct rib *rib;
	const struct config *conf;
	uint32_t router_id;
	struct adv_peer *peers;
	struct adv_io io;
	struct adv_batch b;
	struct wbuf w;
};

static struct adv *cur_adv;

struct adv *adv_current(void)
{
	return cur_adv;
}

/* ---- default I/O ---------------------------------------------------- */

static int io_send(void *arg, struct peer *p, const uint8_t *m, size_t len)
{
	(void)arg;
	return peer_send(p, m, len);
}

static int io_send_eor(void *arg, struct peer *p, enum bgp_af af)
{
	(void)arg;
	return peer_send_eor(p, af);
}

static size_t io_outq(void *arg, struct peer *p)
{
	struct peer_info i;

	(void)arg;
	memset(&i, 0, sizeof(i));
	peer_info_get(p, &i);
	return i.outq_depth;
}

struct adv *adv_new(struct ev_loop *loop, struct rib *rib)
{
	struct adv *a = calloc(1, sizeof(*a));

	if (!a)
		fatal("adv_new: out of memory");
	a->loop = loop;
	a->rib = rib;
	a->io.send = io_send;
	a->io.send_eor = io_send_eor;
	a->io.outq = io_outq;
	wbuf_init(&a->w, BGP_MAX_LEN);
	if (!cur_adv)
		cur_adv = a;
	return a;
}

void adv_set_io(struct adv *a, const struct adv_io *io)
{
	a->io = *io;
}

static struct adv_peer *peer_find(const struct adv *a, const struct peer *p)
{
	struct adv_peer *ap;

	for (ap = a->peers; ap; ap = ap->next)
		if (ap->p == p)
			return ap;
	return NULL;
}

static const struct nbr_af_conf *nbr_af(const struct adv_peer *ap,
					enum bgp_af af)
{
	return ap->d.n ? &ap->d.n->af[af] : NULL;
}

/* ---- outbound attributes -------------------------------------------- */

/* RFC 1997: the well-known communities that stop an advertisement. */
static bool comm_blocks(const struct attr *in, bool to_ebgp)
{
	if (!in->comm)
		return false;
	if (community_has(in->comm, COMMUNITY_NO_ADVERTISE))
		return true;
	/* No confederations: NO_EXPORT_SUBCONFED (RFC 1997 "LOCAL_AS")
	 * stops at every eBGP boundary, like NO_EXPORT. */
	return to_ebgp && (community_has(in->comm, COMMUNITY_NO_EXPORT) ||
			   community_has(in->comm, COMMUNITY_LOCAL_AS));
}

/*
 * iBGP to iBGP only by reflection (RFC 4456 6): from a client to every
 * peer, from a non-client to the clients only.  Also whether the
 * sender is a client, for the caller.
 */
static bool ibgp_may_send(const struct adv_peer *to,
			  const struct rib_src *src, enum bgp_af af)
{
	const struct nbr_af_conf *tc = nbr_af(to, af);

	/* The source's flag per family, kept by the RDE (no lookup of
	 * the sender by address in the config per route). */
	if (rib_src_rr_client(src, af))
		return true;
	return tc && tc->rr_client;
}

static bool nh_is_zero(const struct attr_build *b)
{
	static const uint8_t z[16];

	return b->nh_af == 0 ||
	       memcmp(b->nh, z, b->nh_af == AF_INET ? 4 : 16) == 0;
}

static void set_self(const struct adv *a, const struct adv_peer *ap,
		     enum bgp_af af, struct attr_build *b)
{
	uint32_t v4 = ap->d.self4 ? ap->d.self4 : a->router_id;

	memset(b->nh, 0, sizeof(b->nh));
	b->has_nh_ll = false;
	if (af == BGP_AF_IPV4) {
		b->nh_af = AF_INET;
		b->nh[0] = (uint8_t)(v4 >> 24);
		b->nh[1] = (uint8_t)(v4 >> 16);
		b->nh[2] = (uint8_t)(v4 >> 8);
		b->nh[3] = (uint8_t)v4;
		return;
	}
	b->nh_af = AF_INET6;
	if (ap->d.has_self6) {
		memcpy(b->nh, ap->d.self6, 16);
	} else {
		/* An IPv4 session without an IPv6 address on its
		 * interface: the IPv4-mapped address (RFC 4291 2.5.5.2). */
		b->nh[10] = b->nh[11] = 0xff;
		b->nh[12] = (uint8_t)(v4 >> 24);
		b->nh[13] = (uint8_t)(v4 >> 16);
		b->nh[14] = (uint8_t)(v4 >> 8);
		b->nh[15] = (uint8_t)v4;
	}
	if (ap->d.has_ll6) {
		b->has_nh_ll = true;
		memcpy(b->nh_ll, ap->d.ll6, 16);
	}
}

/* eBGP third-party next hop (RFC 4271 5.1.3): an IPv4 next hop on the
 * subnet we share with the peer is passed on, as Quagga does. */
static bool third_party(const struct adv_peer *ap, enum bgp_af af,
			const struct attr_build *b)
{
	uint32_t nh;

	if (af != BGP_AF_IPV4 || b->nh_af != AF_INET || !ap->d.mask4)
		return false;
	nh = ((uint32_t)b->nh[0] << 24) | ((uint32_t)b->nh[1] << 16) |
	     ((uint32_t)b->nh[2] << 8) | b->nh[3];
	return (nh & ap->d.mask4) == (ap->d.subnet4 & ap->d.mask4);
}

/*
 * RFC 4271 5.1.3-5.1.4 toward an external peer, before route-map out
 * (Quagga's bgp_announce_check): the MED and next hop set here may be
 * overridden by the route-map; the AS path is prepended after it
 * (out_final).
 */
static void out_ebgp(const struct adv *a, const struct adv_peer *ap,
		     enum bgp_af af, bool local, struct attr_build *b)
{
	/* 5.1.4: a MED received from a neighboring AS is not passed on;
	 * our own routes carry MED 0, as Quagga's network statements. */
	if (!local)
		b->has_med = false;
	else if (!b->has_med)
		b->has_med = true, b->med = 0;
	if (local || nh_is_zero(b) || !third_party(ap, af, b))
		set_self(a, ap, af, b);
}

/*
 * After route-map out, as Quagga's bgp_packet_attribute does when it
 * encodes: toward an external peer our AS is prepended (RFC 4271
 * 5.1.2; a "set as-path prepend X" of the map ends up behind it), and
 * LOCAL_PREF (5.1.5), ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 8) are
 * not sent, whatever the map set; send-community filters what the map
 * may have added.
 */
static void out_final(const struct adv_peer *ap, enum bgp_af af,
		      struct attr_build *b)
{
	const struct nbr_af_conf *c = nbr_af(ap, af);
	uint8_t f = c ? c->send_community : CONF_COMM_ALL;
	struct aspath *np;

	if (!ap->d.ibgp) {
		/* aspath_empty() returns a reference of its own. */
		struct aspath *e = b->aspath ? NULL : aspath_empty();

		np = aspath_prepend(b->aspath ? b->aspath : e, ap->d.local_as,
				    1);
		aspath_unref(e);
		if (!np)
			fatal("adv: out of memory");
		attr_build_set_aspath(b, np);
		aspath_unref(np);
		b->has_local_pref = false;
		b->has_originator = false;
		b->ncluster = 0;
		b->cluster = NULL;
	}
	if (!(f & CONF_COMM_STD))
		attr_build_set_comm(b, NULL);
	if (!(f & CONF_COMM_EXT))
		attr_build_set_ecomm(b, NULL);
	if (!(f & CONF_COMM_LARGE))
		attr_build_set_lcomm(b, NULL);
}

/* Toward an internal peer; cl: scratch for the new CLUSTER_LIST. */
static void out_ibgp(const struct adv *a, const struct adv_peer *ap,
		     enum bgp_af af, const struct rib_src *src, bool reflect,
		     struct attr_build *b, uint8_t *cl)
{
	const struct nbr_af_conf *c = nbr_af(ap, af);
	uint32_t cid = a->router_id;
	bool self;

	if (!b->has_local_pref) {
		b->has_local_pref = true;
		b->local_pref = a->conf && a->conf->bgp ?
				a->conf->bgp->default_local_pref :
				CONF_DEF_LOCAL_PREF;
	}
	if (reflect) {
		/* RFC 4456 8: ORIGINATOR_ID once, our cluster prepended. */
		if (!b->has_originator) {
			b->has_originator = true;
			b->originator_id = src->d.router_id;
		}
		if (a->conf && a->conf->bgp && a->conf->bgp->cluster_id.af)
			cid = ipaddr_v4(&a->conf->bgp->cluster_id);
		cl[0] = (uint8_t)(cid >> 24);
		cl[1] = (uint8_t)(cid >> 16);
		cl[2] = (uint8_t)(cid >> 8);
		cl[3] = (uint8_t)cid;
		if (b->ncluster)
			memcpy(cl + 4, b->cluster, (size_t)b->ncluster * 4);
		b->ncluster++;
		b->cluster = cl;
	}
	/* next-hop-self does not apply to reflected routes unless "all". */
	self = c && (c->next_hop_self_all || (c->next_hop_self && !reflect));
	if (self || nh_is_zero(b) ||
	    (af == BGP_AF_IPV4 && b->nh_af != AF_INET)) {
		set_self(a, ap, af, b);
	} else if (af == BGP_AF_IPV6) {
		b->has_nh_ll = false;	/* a link-local is only ours to give */
	}
}

/* route-map out: 0 to send b, -1 denied. */
static int out_policy(const struct adv *a, const struct adv_peer *ap,
		      enum bgp_af af, const struct prefix *pfx,
		      struct attr_build *b)
{
	const struct nbr_af_conf *c = nbr_af(ap, af);
	struct policy_route r;

	if (!c || !c->rmap_out || !a->conf)
		return 0;
	memset(&r, 0, sizeof(r));
	r.af = af;
	r.prefix = pfx;
	r.ab = b;
	r.peer = &ap->d.addr;
	/* "set ip next-hop peer-address" outbound: our address on the
	 * session (Quagga's su_local). */
	r.local = ap->d.local.af ? &ap->d.local : NULL;
	r.peer_as = ap->d.remote_as;
	r.out = true;
	return policy_route_map(a->conf, c->rmap_out, &r) == POLICY_PERMIT ?
	       0 : -1;
}

static struct attr *out_build(struct adv *a, struct adv_peer *ap,
			      enum bgp_af af, const struct prefix *pfx,
			      const struct attr *in, const struct rib_src *src)
{
	bool local = !src || src->d.type == DECIDE_SRC_LOCAL;
	bool from_ibgp = src && src->d.type == DECIDE_SRC_IBGP;
	struct attr_build b;
	uint8_t small[256], *cl = small;
	struct attr *out = NULL;

	if (ap->d.ibgp && from_ibgp && !ibgp_may_send(ap, src, af))
		return NULL;
	if ((size_t)attr_cluster_len(in) * 4 + 4 > sizeof(small)) {
		cl = malloc((size_t)attr_cluster_len(in) * 4 + 4);
		if (!cl)
			return NULL;
	}
	attr_build_from(&b, in);
	if (ap->d.ibgp)
		out_ibgp(a, ap, af, src, from_ibgp, &b, cl);
	else
		out_ebgp(a, ap, af, local, &b);
	if (out_policy(a, ap, af, pfx, &b) == 0) {
		out_final(ap, af, &b);
		out = attr_intern(&b);
	}
	attr_build_clear(&b);
	if (cl != small)
		free(cl);
	return out;
}

static struct attr *out_attr(struct adv *a, struct adv_peer *ap,
			     enum bgp_af af, const struct prefix *pfx,
			     const struct attr *in, uint16_t src_id)
{
	const struct rib_src *src = rib_src_get(a->rib, src_id);
	const struct nbr_af_conf *c = nbr_af(ap, af);
	bool cacheable = !c || !c->rmap_out;
	struct adv_cslot *sl;
	struct attr *out;

	/* Never back to the peer it came from (Quagga); other peers get
	 * it even with their AS in the path (quagga-vty.md 7.3). */
	if (src && src->d.addr.af && ipaddr_cmp(&src->d.addr, &ap->d.addr) == 0)
		return NULL;
	if (comm_blocks(in, !ap->d.ibgp))
		return NULL;
	if (c && c->plist_out && a->conf &&
	    policy_prefix_list(a->conf, c->plist_out, pfx) != POLICY_PERMIT)
		return NULL;
	if (cacheable && !ap->cache)
		ap->cache = calloc(ADV_CACHE, sizeof(*ap->cache));
	if (!cacheable || !ap->cache)
		return out_build(a, ap, af, pfx, in, src);
	sl = &ap->cache[(((uintptr_t)in >> 4) * 2654435761u ^ src_id ^
			 (unsigned)af) & (ADV_CACHE - 1)];
	if (sl->in == in && sl->src == src_id && sl->af == af)
		return sl->out ? attr_ref(sl->out) : NULL;
	out = out_build(a, ap, af, pfx, in, src);
	attr_unref(sl->out);
	attr_unref(sl->in);
	sl->in = attr_ref((struct attr *)in);
	sl->src = src_id;
	sl->af = (uint8_t)af;
	sl->out = out ? attr_ref(out) : NULL;
	return out;
}

struct attr *adv_out_attr(struct adv *a, const struct peer *p,
			  enum bgp_af af, const struct prefix *pfx,
			  const struct attr *in, uint16_t src_id)
{
	struct adv_peer *ap = peer_find(a, p);

	return ap ? out_attr(a, ap, af, pfx, in, src_id) : NULL;
}

/* ---- default-originate ---------------------------------------------- */

/* `neighbor X default-originate [route-map M]` in af; *rmap: M or NULL. */
static bool dflt_conf(const struct adv_peer *ap, enum bgp_af af,
		      const char **rmap)
{
	const struct nbr_af_conf *c = nbr_af(ap, af);

	if (!c || !c->default_originate)
		return false;
	if (rmap)
		*rmap = c->default_originate_rmap;
	return true;
}

static bool is_default(const struct prefix *p)
{
	return p->len == 0;
}

/* Does route-map name permit some path of the table?  Quagga 1.2's
 * bgp_default_originate: the map is a condition (applied to a copy of
 * every path until one is permitted), its set clauses change nothing
 * that is sent. */
static bool dflt_cond(struct adv *a, enum bgp_af af, const char *name)
{
	struct trie_cursor cur;
	struct rib_entry *e;
	struct prefix pfx;

	if (!a->conf)
		return false;
	trie_cursor_init(&cur);
	while ((e = rib_cursor_next(a->rib, af, &cur)) != NULL) {
		rib_entry_prefix(a->rib, af, e, &pfx);
		for (const struct rib_path *p = rib_path_first(e); p;
		     p = rib_path_next(p)) {
			const struct rib_src *s = rib_src_get(a->rib, p->src);
			struct policy_route r;
			struct attr_build b;
			enum policy_verdict v;

			if (!p->attr)
				continue;
			attr_build_from(&b, p->attr);
			memset(&r, 0, sizeof(r));
			r.af = af;
			r.prefix = &pfx;
			r.ab = &b;
			r.peer = s && s->d.addr.af ? &s->d.addr : NULL;
			r.peer_as = s ? s->d.as : 0;
			v = policy_route_map(a->conf, name, &r);
			attr_build_clear(&b);
			if (v == POLICY_PERMIT)
				return true;
		}
	}
	return false;
}

/* Evaluate the condition of default-originate (at the start of a dump
 * or refresh and on a config change, as Quagga 1.2 does). */
static void dflt_eval(struct adv *a, struct adv_peer *ap, enum bgp_af af)
{
	const char *rmap = NULL;

	ap->af[af].dflt_ok = dflt_conf(ap, af, &rmap) &&
			     (!rmap || dflt_cond(a, af, rmap));
}

/*
 * The originated default toward ap (Quagga's bgp_default_originate):
 * origin IGP, empty AS path (ours prepended toward eBGP), next hop self
 * (IPv6: global, plus link-local on a shared link), LOCAL_PREF default
 * toward iBGP, no MED, no communities; no outbound policy applies.
 */
static struct attr *dflt_attr(struct adv *a, struct adv_peer *ap,
			      enum bgp_af af)
{
	struct attr_build b;
	struct attr *out;

	attr_build_init(&b);
	b.origin = ORIGIN_IGP;
	set_self(a, ap, af, &b);
	if (ap->d.ibgp) {
		b.has_local_pref = true;
		b.local_pref = a->conf && a->conf->bgp ?
			       a->conf->bgp->default_local_pref :
			       CONF_DEF_LOCAL_PREF;
	}
	out_final(ap, af, &b);
	out = attr_intern(&b);
	attr_build_clear(&b);
	return out;
}

/* The set to send for the RIB entry of pfx now, NULL: nothing. */
static struct attr *want(struct adv *a, struct adv_peer *ap, enum bgp_af af,
			 const struct prefix *pfx, const struct rib_entry *e)
{
	const struct rib_path *best = e ? rib_best(e) : NULL;

	/* With default-originate the table's own default is never sent
	 * to that peer (Quagga's bgp_announce_check). */
	if (is_default(pfx) && dflt_conf(ap, af, NULL))
		return ap->af[af].dflt_ok ? dflt_attr(a, ap, af) : NULL;
	if (!best || !best->attr)
		return NULL;
	return out_attr(a, ap, af, pfx, best->attr, best->src);
}

static void cache_clear(struct adv_peer *ap)
{
	if (!ap->cache)
		return;
	for (size_t i = 0; i < ADV_CACHE; i++) {
		attr_unref(ap->cache[i].in);
		attr_unref(ap->cache[i].out);
	}
	free(ap->cache);
	ap->cache = NULL;
}

/* ---- batches and UPDATE packing ------------------------------------- */

static void batch_ann(struct adv_batch *b, const struct prefix *p,
		      struct attr *attr)
{
	if (b->nann == b->cann) {
		size_t n = b->cann ? b->cann * 2 : 256;
		struct adv_item *v = realloc(b->ann, n * sizeof(*v));

		if (!v)
			fatal("adv: out of memory");
		b->ann = v;
		b->cann = n;
	}
	b->ann[b->nann].p = *p;
	b->ann[b->nann++].attr = attr;
}

static void batch_wd(struct adv_batch *b, const struct prefix *p)
{
	if (b->nwd == b->cwd) {
		size_t n = b->cwd ? b->cwd * 2 : 256;
		struct prefix *v = realloc(b->wd, n * sizeof(*v));

		if (!v)
			fatal("adv: out of memory");
		b->wd = v;
		b->cwd = n;
	}
	b->wd[b->nwd++] = *p;
}

/* Group by set; within a set, table order is kept by the stable key. */
static int item_cmp(const void *x, const void *y)
{
	const struct adv_item *i = x, *j = y;
	uintptr_t a = (uintptr_t)i->attr, b = (uintptr_t)j->attr;

	if (a != b)
		return a < b ? -1 : 1;
	return prefix_cmp(&i->p, &j->p);
}

static void send_msg(struct adv *a, struct adv_peer *ap, size_t off)
{
	msg_finish(&a->w, off);
	if (!wbuf_ok(&a->w)) {
		log_err("%s: UPDATE could not be built, prefixes not sent",
			ap->host);
		return;
	}
	a->io.send(a->io.arg, ap->p, a->w.buf, a->w.len);
	ap->st.updates++;
}

/* Start an UPDATE announcing set attr; *mp the MP_REACH offset (IPv6),
 * *alen the attribute length field.  Returns the message offset. */
static size_t ann_begin(struct adv *a, const struct adv_peer *ap,
			enum bgp_af af, const struct attr *attr, size_t *alen,
			size_t *mp)
{
	struct attr_enc_ctx ec = { .as4 = ap->d.as4,
				   .nexthop = af == BGP_AF_IPV4 };
	size_t off;

	wbuf_reset(&a->w);
	off = msg_begin(&a->w, BGP_MSG_UPDATE);
	wbuf_u16(&a->w, 0);			/* no withdrawn routes */
	*alen = wbuf_reserve(&a->w, 2);
	attr_encode(&a->w, attr, &ec);
	if (af != BGP_AF_IPV4)
		*mp = attr_mp_reach_begin(&a->w, af, attr);
	else
		wbuf_set_u16(&a->w, *alen, (uint16_t)(a->w.len - *alen - 2));
	return off;
}

static void ann_end(struct adv *a, struct adv_peer *ap, enum bgp_af af,
		    size_t off, size_t alen, size_t mp)
{
	if (af != BGP_AF_IPV4) {
		attr_mp_end(&a->w, mp);
		wbuf_set_u16(&a->w, alen, (uint16_t)(a->w.len - alen - 2));
	}
	send_msg(a, ap, off);
}

/* One set's prefixes v[0..n) in as few UPDATEs as fit in 4096 bytes. */
static void enc_announce(struct adv *a, struct adv_peer *ap, enum bgp_af af,
			 const struct adv_item *v, size_t n)
{
	size_t i, off, alen = 0, mp = 0, used = 0;

	off = ann_begin(a, ap, af, v[0].attr, &alen, &mp);
	if (!wbuf_ok(&a->w)) {
		log_err("%s: attributes of %zu prefixes exceed one UPDATE, "
			"not sent", ap->host, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (a->w.len + update_nlri_len(&v[i].p) > BGP_MAX_LEN) {
			ann_end(a, ap, af, off, alen, mp);
			off = ann_begin(a, ap, af, v[i].attr, &alen, &mp);
			used = 0;
		}
		update_nlri_put(&a->w, &v[i].p);
		used++;
	}
	if (used)
		ann_end(a, ap, af, off, alen, mp);
	ap->st.announced += n;
}

static size_t wd_begin(struct adv *a, enum bgp_af af, size_t *len_off,
		       size_t *mp)
{
	size_t off;

	wbuf_reset(&a->w);
	off = msg_begin(&a->w, BGP_MSG_UPDATE);
	*len_off = wbuf_reserve(&a->w, 2);
	if (af != BGP_AF_IPV4) {
		wbuf_set_u16(&a->w, *len_off, 0);
		*len_off = wbuf_reserve(&a->w, 2);	/* attribute length */
		*mp = attr_mp_unreach_begin(&a->w, af);
	}
	return off;
}

static void wd_end(struct adv *a, struct adv_peer *ap, enum bgp_af af,
		   size_t off, size_t len_off, size_t mp)
{
	if (af == BGP_AF_IPV4) {
		/* Withdrawn Routes Length, then no attributes. */
		wbuf_set_u16(&a->w, len_off,
			     (uint16_t)(a->w.len - len_off - 2));
		wbuf_u16(&a->w, 0);
	} else {
		attr_mp_end(&a->w, mp);
		wbuf_set_u16(&a->w, len_off,
			     (uint16_t)(a->w.len - len_off - 2));
	}
	send_msg(a, ap, off);
}

static void enc_withdraw(struct adv *a, struct adv_peer *ap, enum bgp_af af,
			 const struct prefix *v, size_t n)
{
	/* IPv4 keeps 2 bytes for the attribute length after the list. */
	size_t tail = af == BGP_AF_IPV4 ? 2 : 0;
	size_t i, off, len_off = 0, mp = 0;

	if (!n)
		return;
	off = wd_begin(a, af, &len_off, &mp);
	for (i = 0; i < n; i++) {
		if (a->w.len + update_nlri_len(&v[i]) + tail > BGP_MAX_LEN) {
			wd_end(a, ap, af, off, len_off, mp);
			off = wd_begin(a, af, &len_off, &mp);
		}
		update_nlri_put(&a->w, &v[i]);
	}
	wd_end(a, ap, af, off, len_off, mp);
	ap->st.withdrawn += n;
}

static void out_drop_if_idle(struct adv_af *f, struct adv_out *e);

/* An announcement that cannot be sent becomes a withdrawal: the
 * Adj-RIB-Out forgets the set (so the peer keeps no stale route and a
 * later change is tried again). */
static void unsendable(struct adv *a, struct adv_peer *ap, enum bgp_af af,
		       const struct prefix *p)
{
	struct adv_af *f = &ap->af[af];
	struct trie_node *n = trie_lookup(&f->out, p);
	struct adv_out *e = n ? trie_entry(&f->out, n) : NULL;

	if (e && e->attr) {
		attr_unref(e->attr);
		e->attr = NULL;
		ap->st.prefixes[af]--;
		out_drop_if_idle(f, e);
	}
	batch_wd(&a->b, p);
}

/*
 * Without extended messages (RFC 8654) an UPDATE is at most 4096 bytes:
 * a set whose attributes leave no room for a prefix (a long AS_PATH
 * plus our AS, say) cannot be announced.  Its prefixes are withdrawn
 * instead, never left stale at the peer with the set it had before, and
 * never sent as an UPDATE with attributes and no NLRI.  The sorted
 * announcements are compacted in place.
 */
static void batch_check_size(struct adv *a, struct adv_peer *ap,
			     enum bgp_af af)
{
	struct adv_batch *b = &a->b;
	size_t i, j, k, out = 0, alen, mp, base, bad;

	for (i = 0; i < b->nann; i = j) {
		for (j = i + 1; j < b->nann && b->ann[j].attr == b->ann[i].attr;
		     j++)
			;
		ann_begin(a, ap, af, b->ann[i].attr, &alen, &mp);
		base = wbuf_ok(&a->w) ? a->w.len : BGP_MAX_LEN;
		bad = 0;
		for (k = i; k < j; k++) {
			if (base + update_nlri_len(&b->ann[k].p) <= BGP_MAX_LEN) {
				b->ann[out++] = b->ann[k];
				continue;
			}
			unsendable(a, ap, af, &b->ann[k].p);
			bad++;
		}
		if (bad)
			log_warn("%s: attributes too long for a %u-byte UPDATE, "
				 "%zu prefixes withdrawn instead", ap->host,
				 (unsigned)BGP_MAX_LEN, bad);
	}
	b->nann = out;
}

/* Send a batch and empty it. */
static void batch_send(struct adv *a, struct adv_peer *ap, enum bgp_af af)
{
	struct adv_batch *b = &a->b;
	size_t i, j;

	if (b->nann > 1)
		qsort(b->ann, b->nann, sizeof(*b->ann), item_cmp);
	batch_check_size(a, ap, af);
	enc_withdraw(a, ap, af, b->wd, b->nwd);
	for (i = 0; i < b->nann; i = j) {
		for (j = i + 1; j < b->nann && b->ann[j].attr == b->ann[i].attr;
		     j++)
			;
		enc_announce(a, ap, af, b->ann + i, j - i);
	}
	b->nann = b->nwd = 0;
}

/* ---- the Adj-RIB-Out ------------------------------------------------ */

static struct adv_out *out_get(struct adv_af *f, const struct prefix *p)
{
	bool created;
	struct trie_node *n = trie_get(&f->out, p, &created);

	if (!n)
		fatal("adv: out of memory");
	return trie_entry(&f->out, n);
}

static void out_drop_if_idle(struct adv_af *f, struct adv_out *e)
{
	if (!e->attr && !e->pend)
		trie_remove(&f->out, &e->node);
}

/*
 * Record that w (one reference, taken over; NULL: nothing) is what the
 * peer should have for p, and queue the difference in the batch.
 */
static void out_set(struct adv *a, struct adv_peer *ap, enum bgp_af af,
		    const struct prefix *p, struct attr *w, bool force)
{
	struct adv_af *f = &ap->af[af];
	struct trie_node *n = trie_lookup(&f->out, p);
	struct adv_out *e = n ? trie_entry(&f->out, n) : NULL;
	struct attr *cur = e ? e->attr : NULL;

	if (w == cur && (!force || !w)) {
		attr_unref(w);
		if (e)
			out_drop_if_idle(f, e);
		return;
	}
	if (w) {
		if (!e)
			e = out_get(f, p);
		if (!e->attr)
			ap->st.prefixes[af]++;
		attr_unref(e->attr);
		e->attr = w;
		batch_ann(&a->b, p, w);
		return;
	}
	attr_unref(e->attr);
	e->attr = NULL;
	ap->st.prefixes[af]--;
	batch_wd(&a->b, p);
	out_drop_if_idle(f, e);
}

static void mark(struct adv_peer *ap, enum bgp_af af, const struct prefix *p)
{
	struct adv_af *f = &ap->af[af];
	struct adv_out *e = out_get(f, p);
	struct adv_plist *l = &f->pend;

	if (e->pend)
		return;
	if (l->n == l->cap) {
		size_t n = l->cap ? l->cap * 2 : 64;
		struct prefix *v = realloc(l->v, n * sizeof(*v));

		if (!v)
			fatal("adv: out of memory");
		l->v = v;
		l->cap = n;
	}
	e->pend = 1;
	l->v[l->n++] = *p;
	ap->st.pending[af]++;
}

/* Re-evaluate up to budget pending prefixes; returns how many. */
static size_t flush_step(struct adv *a, struct adv_peer *ap, enum bgp_af af,
			 size_t budget)
{
	struct adv_af *f = &ap->af[af];
	size_t done = 0;

	while (f->pend_pos < f->pend.n && done < budget) {
		const struct prefix *p = &f->pend.v[f->pend_pos++];
		struct trie_node *n = trie_lookup(&f->out, p);

		if (n)
			((struct adv_out *)trie_entry(&f->out, n))->pend = 0;
		/* Marked by a config change (or a change of the table's own
		 * default): default-originate's condition is evaluated now,
		 * once the new config's networks are in the table. */
		if (is_default(p))
			dflt_eval(a, ap, af);
		out_set(a, ap, af, p,
			want(a, ap, af, p, rib_lookup(a->rib, af, p)), false);
		done++;
	}
	if (f->pend_pos == f->pend.n) {
		f->pend_pos = f->pend.n = 0;
		/* After a burst (a full table changed), give the memory
		 * back: 18 bytes a prefix per peer. */
		if (f->pend.cap > 65536) {
			free(f->pend.v);
			f->pend.v = NULL;
			f->pend.cap = 0;
		}
	}
	ap->st.pending[af] = (uint32_t)(f->pend.n - f->pend_pos);
	batch_send(a, ap, af);
	return done;
}

/* One slice of the table dump; returns the prefixes visited. */
static size_t dump_step(struct adv *a, struct adv_peer *ap, enum bgp_af af,
			size_t budget)
{
	struct adv_af *f = &ap->af[af];
	struct rib_entry *e;
	struct prefix p;
	size_t done = 0;
	bool end = false;

	if (f->dflt_due) {
		/* Quagga sends the originated default ahead of the table. */
		f->dflt_due = false;
		memset(&p, 0, sizeof(p));
		p.af = bgp_af_family(af);
		out_set(a, ap, af, &p,
			want(a, ap, af, &p, rib_lookup(a->rib, af, &p)),
			f->force);
	}
	while (done < budget) {
		e = rib_cursor_next(a->rib, af, &f->cur);
		if (!e) {
			end = true;
			break;
		}
		rib_entry_prefix(a->rib, af, e, &p);
		if (is_default(&p) && dflt_conf(ap, af, NULL))
			continue;	/* done above */
		out_set(a, ap, af, &p, want(a, ap, af, &p, e), f->force);
		done++;
	}
	batch_send(a, ap, af);
	if (end) {
		f->dumping = false;
		f->force = false;
		if (f->eor_due) {
			/* RFC 4724 2: the initial update is complete. */
			f->eor_due = false;
			a->io.send_eor(a->io.arg, ap->p, af);
		}
	}
	return done;
}

/* ---- pacing --------------------------------------------------------- */

static bool has_pend(const struct adv_peer *ap)
{
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (ap->af[af].on && ap->af[af].pend_pos < ap->af[af].pend.n)
			return true;
	return false;
}

static bool has_dump(const struct adv_peer *ap)
{
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (ap->af[af].on && ap->af[af].dumping)
			return true;
	return false;
}

static void schedule(struct adv_peer *ap, double delay)
{
	struct ev_loop *loop = ap->a->loop;
	double d;

	if (!loop)
		return;		/* tests drive adv_flush_all() */
	if (delay < 0) {
		if (has_dump(ap) || (has_pend(ap) && ap->flushing))
			d = 0;
		else if (has_pend(ap))
			d = ap->next_ok > ev_now(loop) ?
			    ap->next_ok - ev_now(loop) : 0;
		else
			return;
	} else {
		d = delay;
	}
	if (ev_is_active(&ap->t)) {
		if (ev_timer_remaining(loop, &ap->t) <= d)
			return;
		ev_timer_stop(loop, &ap->t);
	}
	ev_timer_set(&ap->t, d, 0);
	ev_timer_start(loop, &ap->t);
}

/* One round of work: dump slices first, then (MRAI permitting, or
 * always when ignore_mrai) pending changes; budget in prefixes. */
static void work(struct adv_peer *ap, size_t budget, bool ignore_mrai,
		 double now)
{
	struct adv *a = ap->a;
	size_t used;

	for (int af = 0; af < BGP_AF_MAX && budget; af++) {
		if (!ap->af[af].on || !ap->af[af].dumping)
			continue;
		used = dump_step(a, ap, af, budget);
		budget = used < budget ? budget - used : 0;
	}
	if (!budget || !has_pend(ap))
		return;
	if (!ap->flushing) {
		if (!ignore_mrai && now < ap->next_ok)
			return;
		ap->flushing = true;
		ap->next_ok = now + ap->mrai;
	}
	for (int af = 0; af < BGP_AF_MAX && budget; af++) {
		if (!ap->af[af].on)
			continue;
		used = flush_step(a, ap, af, budget);
		budget = used < budget ? budget - used : 0;
	}
	if (!has_pend(ap))
		ap->flushing = false;
}

static void timer_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct adv_peer *ap = (struct adv_peer *)((char *)t -
						  offsetof(struct adv_peer, t));

	(void)revents;
	/* Bounded output queue: wait for the session to drain it. */
	if (ap->a->io.outq(ap->a->io.arg, ap->p) >= ADV_OUTQ_MAX) {
		schedule(ap, ADV_POLL);
		return;
	}
	work(ap, ADV_SLICE, false, ev_now(loop));
	schedule(ap, -1);
}

void adv_flush_all(struct adv *a)
{
	struct adv_peer *ap;

	for (ap = a->peers; ap; ap = ap->next)
		while (has_dump(ap) || has_pend(ap))
			work(ap, ADV_SLICE, true,
			     a->loop ? ev_now(a->loop) : 0);
}

/* ---- peers ---------------------------------------------------------- */

static double peer_mrai(const struct adv_peer *ap)
{
	if (ap->d.n && ap->d.n->adv_interval >= 0)
		return ap->d.n->adv_interval;
	return ap->d.ibgp ? CONF_DEF_MRAI_IBGP : CONF_DEF_MRAI_EBGP;
}

static void out_fini(struct trie_node *n, void *arg)
{
	struct trie *t = arg;

	attr_unref(((struct adv_out *)trie_entry(t, n))->attr);
}

static void peer_release(struct adv *a, struct adv_peer *ap)
{
	struct adv_peer **pp;

	for (pp = &a->peers; *pp; pp = &(*pp)->next)
		if (*pp == ap) {
			*pp = ap->next;
			break;
		}
	if (a->loop)
		ev_timer_stop(a->loop, &ap->t);
	for (int af = 0; af < BGP_AF_MAX; af++) {
		if (!ap->af[af].on)
			continue;
		trie_destroy(&ap->af[af].out, out_fini, &ap->af[af].out);
		free(ap->af[af].pend.v);
	}
	cache_clear(ap);
	free(ap);
}

void adv_peer_up_desc(struct adv *a, struct peer *p,
		      const struct adv_peer_desc *d)
{
	struct adv_peer *ap = peer_find(a, p);

	if (ap)
		peer_release(a, ap);
	ap = calloc(1, sizeof(*ap));
	if (!ap)
		fatal("adv: out of memory");
	ap->a = a;
	ap->p = p;
	ap->d = *d;
	ipaddr_fmt(&d->addr, ap->host, sizeof(ap->host));
	ap->mrai = peer_mrai(ap);
	ev_timer_init(&ap->t, timer_cb, 0, 0);
	for (int af = 0; af < BGP_AF_MAX; af++) {
		struct adv_af *f = &ap->af[af];

		if (!d->af[af])
			continue;
		f->on = true;
		trie_init(&f->out, bgp_af_family(af), sizeof(struct adv_out),
			  offsetof(struct adv_out, node),
			  alignof(struct adv_out));
		f->dumping = f->eor_due = true;
		trie_cursor_init(&f->cur);
		dflt_eval(a, ap, af);
		f->dflt_due = dflt_conf(ap, af, NULL);
	}
	ap->next = a->peers;
	a->peers = ap;
	schedule(ap, -1);
}

void adv_peer_up(struct adv *a, struct peer *p)
{
	struct peer_info i;
	struct adv_peer_desc d;
	const struct bgp_conf *bc = a->conf ? a->conf->bgp : NULL;

	memset(&i, 0, sizeof(i));
	peer_info_get(p, &i);
	memset(&d, 0, sizeof(d));
	d.addr = i.addr;
	d.local_as = i.local_as;
	d.remote_as = i.remote_as;
	d.ibgp = i.ibgp;
	d.as4 = i.caps_rcvd_valid && i.caps_rcvd.as4 && i.caps_adv.as4;
	for (int af = 0; af < BGP_AF_MAX; af++)
		d.af[af] = peer_af_negotiated(p, af);
	d.n = bc ? config_find_nbr(bc, &i.addr) : NULL;
	if (i.has_conn) {
		d.local = i.local_addr;
		adv_desc_nexthops(&d, &i.local_addr, a->router_id);
	}
	adv_peer_up_desc(a, p, &d);
}

void adv_peer_down(struct adv *a, struct peer *p)
{
	struct adv_peer *ap = peer_find(a, p);

	if (ap)
		peer_release(a, ap);
}

void adv_free(struct adv *a)
{
	if (!a)
		return;
	if (cur_adv == a)
		cur_adv = NULL;
	while (a->peers)
		peer_release(a, a->peers);
	free(a->b.ann);
	free(a->b.wd);
	wbuf_free(&a->w);
	free(a);
}

void adv_set_config(struct adv *a, const struct config *c, uint32_t router_id)
{
	struct adv_peer *ap;

	a->conf = c;
	a->router_id = router_id;
	/* The old config goes away: re-bind every peer to the new one. */
	for (ap = a->peers; ap; ap = ap->next) {
		ap->d.n = c && c->bgp ? config_find_nbr(c->bgp, &ap->d.addr) :
			  NULL;
		ap->mrai = peer_mrai(ap);
		cache_clear(ap);
		/* default-originate added, removed or its condition
		 * changed: the default is looked at again (Quagga sends
		 * or withdraws it at once). */
		for (int af = 0; af < BGP_AF_MAX; af++) {
			struct prefix d;

			if (!ap->af[af].on)
				continue;
			memset(&d, 0, sizeof(d));
			d.af = bgp_af_family(af);
			mark(ap, af, &d);
			schedule(ap, -1);
		}
	}
}

void adv_rib_change(struct adv *a, const struct rib_change *c)
{
	struct adv_peer *ap;

	for (ap = a->peers; ap; ap = ap->next) {
		if (!ap->af[c->af].on)
			continue;
		mark(ap, c->af, c->prefix);
		schedule(ap, -1);
	}
}

void adv_refresh(struct adv *a, struct peer *p, enum bgp_af af)
{
	struct adv_peer *ap = peer_find(a, p);

	if (!ap || af >= BGP_AF_MAX || !ap->af[af].on)
		return;
	/* RFC 2918 3: the whole Adj-RIB-Out again (no End-of-RIB; that
	 * would be RFC 7313's EoRR, not negotiated). */
	ap->af[af].dumping = true;
	ap->af[af].force = true;
	trie_cursor_init(&ap->af[af].cur);
	dflt_eval(a, ap, af);
	ap->af[af].dflt_due = dflt_conf(ap, af, NULL);
	schedule(ap, -1);
}

void adv_reevaluate(struct adv *a, struct peer *p, enum bgp_af af)
{
	struct adv_peer *ap = peer_find(a, p);
	struct adv_af *f;

	if (!ap || af >= BGP_AF_MAX || !ap->af[af].on)
		return;
	f = &ap->af[af];
	/* A dump walks the table and out_set sends what differs from the
	 * Adj-RIB-Out; without force, an unchanged route is not sent
	 * again.  A dump already running (initial, or a refresh keeping
	 * its force) starts over so that it uses the new policy. */
	if (!f->dumping)
		f->force = false;
	f->dumping = true;
	trie_cursor_init(&f->cur);
	dflt_eval(a, ap, af);
	f->dflt_due = dflt_conf(ap, af, NULL);
	schedule(ap, -1);
}

bool adv_peer_stats(const struct adv *a, const struct peer *p,
		    struct adv_peer_stats *st)
{
	const struct adv_peer *ap = peer_find(a, p);

	if (!ap)
		return false;
	*st = ap->st;
	for (int af = 0; af < BGP_AF_MAX; af++)
		st->dumping[af] = ap->af[af].on && ap->af[af].dumping;
	return true;
}

int adv_advertised_walk(struct adv *a, const struct peer *p, enum bgp_af af,
			int (*fn)(const struct prefix *pfx,
				  const struct attr *attr, void *arg),
			void *arg)
{
	struct adv_peer *ap = peer_find(a, p);
	struct trie_cursor c;
	struct trie_node *n;
	struct prefix pfx;
	int rc;

	if (!ap || af >= BGP_AF_MAX || !ap->af[af].on)
		return 0;
	trie_cursor_init(&c);
	while ((n = trie_cursor_next(&ap->af[af].out, &c)) != NULL) {
		const struct adv_out *e = trie_entry(&ap->af[af].out, n);

		if (!e->attr)
			continue;
		trie_node_prefix(&ap->af[af].out, n, &pfx);
		rc = fn(&pfx, e->attr, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- our next hops, from the interface of the session --------------- */

static bool sa_addr(const struct sockaddr *sa, struct ipaddr *out)
{
	uint16_t port;

	return sa && (sa->sa_family == AF_INET || sa->sa_family == AF_INET6) &&
	       ipaddr_from_sockaddr(sa, out, &port) == 0;
}

/* Prefix length of a netmask sockaddr. */
static unsigned mask_len(const struct sockaddr *sa)
{
	struct ipaddr m;
	unsigned n = 0;

	if (!sa_addr(sa, &m))
		return 0;
	for (size_t i = 0; i < af_bytes(m.af); i++)
		n += (unsigned)__builtin_popcount(m.a[i]);
	return n;
}

/* Is the peer on the link of interface address x/len? */
static bool on_link(const struct ipaddr *peer, const struct ipaddr *x,
		    unsigned len)
{
	struct prefix p;

	if (peer->af == AF_INET6 && ipaddr_is_v6_linklocal(peer))
		return true;
	if (peer->af != x->af || !len || len >= af_maxlen(x->af))
		return false;
	p.af = x->af;
	p.len = (uint8_t)len;
	memcpy(p.a, x->a, sizeof(p.a));
	prefix_clear_host_bits(&p);
	return prefix_contains_addr(&p, peer);
}

static void desc_from_ifa(struct adv_peer_desc *d, const struct ifaddrs *ifa,
			  bool shared)
{
	struct ipaddr x;

	if (!sa_addr(ifa->ifa_addr, &x))
		return;
	if (x.af == AF_INET && !d->self4) {
		d->self4 = ipaddr_v4(&x);
	} else if (x.af == AF_INET6 && ipaddr_is_v6_linklocal(&x)) {
		if (shared && !d->has_ll6) {
			d->has_ll6 = true;
			memcpy(d->ll6, x.a, 16);
		}
	} else if (x.af == AF_INET6 && !d->has_self6) {
		d->has_self6 = true;
		memcpy(d->self6, x.a, 16);
	}
}

void adv_desc_nexthops(struct adv_peer_desc *d, const struct ipaddr *local,
		       uint32_t router_id)
{
	struct ifaddrs *ifs, *ifa;
	const char *name = NULL;
	bool shared = false;
	struct ipaddr x;

	/* The session's own address first: it wins in its family. */
	if (local->af == AF_INET) {
		d->self4 = ipaddr_v4(local);
	} else if (local->af == AF_INET6 && !ipaddr_is_v6_linklocal(local)) {
		d->has_self6 = true;
		memcpy(d->self6, local->a, 16);
	}
	if (getifaddrs(&ifs) != 0)
		goto out;
	for (ifa = ifs; ifa; ifa = ifa->ifa_next) {
		if (!sa_addr(ifa->ifa_addr, &x) || ipaddr_cmp(&x, local))
			continue;
		name = ifa->ifa_name;
		shared = on_link(&d->addr, &x, mask_len(ifa->ifa_netmask));
		if (x.af == AF_INET && shared) {
			d->subnet4 = ipaddr_v4(&x);
			d->mask4 = ~0u << (32 - mask_len(ifa->ifa_netmask));
		}
		break;
	}
	/* Quagga 7.3: the other family's address of the same interface;
	 * our link-local only when the peer shares the link. */
	for (ifa = ifs; name && ifa; ifa = ifa->ifa_next)
		if (ifa->ifa_name && strcmp(ifa->ifa_name, name) == 0)
			desc_from_ifa(d, ifa, shared);
	freeifaddrs(ifs);
out:
	if (!d->self4)
		d->self4 = router_id;
	/* A session over link-locals on a link without a global address:
	 * the link-local is all we have for the global field. */
	if (!d->has_self6 && local->af == AF_INET6) {
		d->has_self6 = true;
		memcpy(d->self6, local->a, 16);
	}
}
