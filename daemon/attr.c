/*
 * attr.c: path attributes.  Owns the interned attribute set (struct attr)
 * and its rare-field companion (struct attr_ext), the table that drives
 * decoding, encoding and printing of every attribute we know, and the
 * RFC 7606 error handling of the attribute section.
 *
 * Decoding walks the attribute section once.  Each attribute is looked
 * up in attr_table[] (flags expected, length rule, outcome when
 * malformed for eBGP and iBGP, NOTIFICATION subcode, decode, encode,
 * print).  Every malformation is reported through attr_error(), which
 * keeps the most severe outcome (RFC 7606 3.h) and the NOTIFICATION
 * that would go with it (needed if RFC 7606 5.2 escalates a withdraw).
 * Decoding never stops at a treat-as-withdraw error: MP_REACH and
 * MP_UNREACH after it must still be found (RFC 7606 3.j).
 *
 * Limitations:
 * - AFI/SAFI disable is not implemented; MP errors reset the session.
 * - An unknown attribute with the Optional bit clear is treated as
 *   withdraw as FRR and BIRD do (rfc7606-and-errors.md catalogue 29),
 *   not with RFC 4271's 3/2 reset.
 * - The semantic NEXT_HOP check (0/8, 127/8, 224/3, our own address) is
 *   reported as nexthop_bad, not as an error: only the NLRI-field routes
 *   are dropped (RFC 4271 6.3 "no NOTIFICATION").
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr.h"
#include "log.h"

struct attr_stats attr_stats;

static struct intern_tab attr_tab;
static struct intern_tab attr_ext_tab;

const char *attr_action_str(enum attr_action a)
{
	switch (a) {
	case ATTR_OK:
		return "accept";
	case ATTR_DISCARD:
		return "attribute discard";
	case ATTR_TREAT_AS_WITHDRAW:
		return "treat-as-withdraw";
	case ATTR_SESSION_RESET:
		return "session reset";
	}
	return "?";
}

char attr_origin_char(uint8_t origin)
{
	return origin == ORIGIN_IGP ? 'i' : origin == ORIGIN_EGP ? 'e' : '?';
}

static uint32_t get_be32(const uint8_t *b)
{
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

/* ======================================================================
 * The rare fields: struct attr_ext, interned.
 * ====================================================================== */

static bool attr_build_has_ext(const struct attr_build *b)
{
	return b->has_nh_ll || b->has_originator || b->has_aggregator ||
	       b->ncluster || b->unknown_len;
}

static bool attr_ext_eq(const void *obj, const void *key)
{
	const struct attr_ext *e = obj;
	const struct attr_build *b = key;
	size_t cl = (size_t)b->ncluster * 4;

	if (e->has_nh_ll != b->has_nh_ll ||
	    e->has_originator != b->has_originator ||
	    e->has_aggregator != b->has_aggregator ||
	    e->ncluster != b->ncluster || e->unknown_len != b->unknown_len)
		return false;
	if (b->has_nh_ll && memcmp(e->nh_ll, b->nh_ll, 16))
		return false;
	if (b->has_originator && e->originator_id != b->originator_id)
		return false;
	if (b->has_aggregator &&
	    (e->aggr_as != b->aggr_as || e->aggr_addr != b->aggr_addr))
		return false;
	return (!cl || !memcmp(e->data, b->cluster, cl)) &&
	       (!b->unknown_len ||
		!memcmp(e->data + cl, b->unknown, b->unknown_len));
}

static uint32_t attr_ext_hash(const struct attr_build *b)
{
	uint32_t k[8] = { 0 };
	uint64_t h;

	k[0] = (uint32_t)b->has_nh_ll | (uint32_t)b->has_originator << 1 |
	       (uint32_t)b->has_aggregator << 2 | (uint32_t)b->ncluster << 8;
	k[1] = b->has_originator ? b->originator_id : 0;
	k[2] = b->has_aggregator ? b->aggr_as : 0;
	k[3] = b->has_aggregator ? b->aggr_addr : 0;
	if (b->has_nh_ll)
		memcpy(&k[4], b->nh_ll, 16);
	h = intern_hash(k, sizeof(k), intern_hash_seed() ^ 0xe7);
	if (b->ncluster)
		h = intern_hash(b->cluster, (size_t)b->ncluster * 4, h);
	if (b->unknown_len)
		h = intern_hash(b->unknown, b->unknown_len, h);
	return (uint32_t)h;
}

static struct attr_ext *attr_ext_intern(const struct attr_build *b)
{
	uint32_t h = attr_ext_hash(b);
	size_t cl = (size_t)b->ncluster * 4;
	struct attr_ext *e;

	if (!attr_ext_tab.name)
		intern_init(&attr_ext_tab, "attr_ext");
	e = intern_find(&attr_ext_tab, h, attr_ext_eq, b);
	if (e) {
		e->h.refcnt++;
		return e;
	}
	e = calloc(1, sizeof(*e) + cl + b->unknown_len);
	if (!e)
		return NULL;
	e->h.refcnt = 1;
	e->h.hash = h;
	e->has_nh_ll = b->has_nh_ll;
	if (b->has_nh_ll)
		memcpy(e->nh_ll, b->nh_ll, 16);
	e->has_originator = b->has_originator;
	e->originator_id = b->has_originator ? b->originator_id : 0;
	e->has_aggregator = b->has_aggregator;
	e->aggr_as = b->has_aggregator ? b->aggr_as : 0;
	e->aggr_addr = b->has_aggregator ? b->aggr_addr : 0;
	e->ncluster = b->ncluster;
	e->unknown_len = b->unknown_len;
	if (cl)
		memcpy(e->data, b->cluster, cl);
	if (b->unknown_len)
		memcpy(e->data + cl, b->unknown, b->unknown_len);
	intern_insert(&attr_ext_tab, &e->h);
	return e;
}

static void attr_ext_unref(struct attr_ext *e)
{
	if (!e)
		return;
	if (e->h.refcnt == 0)
		fatal("attr_ext_unref: reference count underflow");
	if (--e->h.refcnt)
		return;
	intern_remove(&attr_ext_tab, &e->h);
	free(e);
}

/* ======================================================================
 * The interned set.
 * ====================================================================== */

void attr_build_init(struct attr_build *b)
{
	memset(b, 0, sizeof(*b));
	b->origin = ORIGIN_INCOMPLETE;
}

void attr_build_clear(struct attr_build *b)
{
	aspath_unref(b->aspath);
	community_unref(b->comm);
	ecommunity_unref(b->ecomm);
	lcommunity_unref(b->lcomm);
	attr_build_init(b);
}

void attr_build_from(struct attr_build *b, const struct attr *a)
{
	const struct attr_ext *e = a->ext;

	attr_build_init(b);
	b->aspath = aspath_ref(a->aspath);
	b->comm = a->comm ? community_ref(a->comm) : NULL;
	b->ecomm = a->ecomm ? ecommunity_ref(a->ecomm) : NULL;
	b->lcomm = a->lcomm ? lcommunity_ref(a->lcomm) : NULL;
	b->med = a->med;
	b->local_pref = a->local_pref;
	b->origin = a->origin;
	b->nh_af = a->nh_af;
	b->has_med = a->has_med;
	b->has_local_pref = a->has_local_pref;
	b->atomic_aggregate = a->atomic_aggregate;
	memcpy(b->nh, a->nh, 16);
	if (!e)
		return;
	b->has_nh_ll = e->has_nh_ll;
	memcpy(b->nh_ll, e->nh_ll, 16);
	b->has_originator = e->has_originator;
	b->originator_id = e->originator_id;
	b->has_aggregator = e->has_aggregator;
	b->aggr_as = e->aggr_as;
	b->aggr_addr = e->aggr_addr;
	b->ncluster = e->ncluster;
	b->cluster = e->data;
	b->unknown_len = e->unknown_len;
	b->unknown = e->data + (size_t)e->ncluster * 4;
}

#define BUILD_SET(field, type, reffn, unreffn)                                 \
	void attr_build_set_##field(struct attr_build *b, struct type *p)     \
	{                                                                      \
		if (p)                                                         \
			reffn(p);                                              \
		unreffn(b->field);                                             \
		b->field = p;                                                  \
	}
BUILD_SET(aspath, aspath, aspath_ref, aspath_unref)
BUILD_SET(comm, community, community_ref, community_unref)
BUILD_SET(ecomm, ecommunity, ecommunity_ref, ecommunity_unref)
BUILD_SET(lcomm, lcommunity, lcommunity_ref, lcommunity_unref)
#undef BUILD_SET

/* Field-by-field: bit-fields and padding make memcmp unsafe. */
static bool attr_eq(const void *obj, const void *key)
{
	const struct attr *a = obj, *k = key;

	return a->aspath == k->aspath && a->comm == k->comm &&
	       a->ecomm == k->ecomm && a->lcomm == k->lcomm &&
	       a->ext == k->ext && a->has_med == k->has_med &&
	       (!a->has_med || a->med == k->med) &&
	       a->has_local_pref == k->has_local_pref &&
	       (!a->has_local_pref || a->local_pref == k->local_pref) &&
	       a->origin == k->origin && a->nh_af == k->nh_af &&
	       a->atomic_aggregate == k->atomic_aggregate &&
	       !memcmp(a->nh, k->nh, 16);
}

/* Sub-objects hash by their own (content) hash, not their address, so
 * the layout of the table does not depend on the allocator. */
static uint32_t attr_hash(const struct attr *a)
{
	uint32_t k[12];

	k[0] = a->aspath->h.hash;
	k[1] = a->comm ? a->comm->h.hash : 0;
	k[2] = a->ecomm ? a->ecomm->h.hash : 0;
	k[3] = a->lcomm ? a->lcomm->h.hash : 0;
	k[4] = a->ext ? a->ext->h.hash : 0;
	k[5] = a->has_med ? a->med : 0;
	k[6] = a->has_local_pref ? a->local_pref : 0;
	k[7] = (uint32_t)a->origin | (uint32_t)a->nh_af << 8 |
	       (uint32_t)a->has_med << 16 | (uint32_t)a->has_local_pref << 17 |
	       (uint32_t)a->atomic_aggregate << 18;
	memcpy(&k[8], a->nh, 16);
	return (uint32_t)intern_hash(k, sizeof(k), intern_hash_seed() ^ 0xa7);
}

/* The key for b: references are borrowed from b (and *empty). */
static void attr_key(struct attr *k, const struct attr_build *b,
		     struct aspath *empty, struct attr_ext *ext)
{
	memset(k, 0, sizeof(*k));
	k->aspath = b->aspath ? b->aspath : empty;
	k->comm = b->comm;
	k->ecomm = b->ecomm;
	k->lcomm = b->lcomm;
	k->ext = ext;
	k->has_med = b->has_med;
	k->med = b->has_med ? b->med : 0;
	k->has_local_pref = b->has_local_pref;
	k->local_pref = b->has_local_pref ? b->local_pref : 0;
	k->origin = b->origin;
	k->nh_af = b->nh_af;
	k->atomic_aggregate = b->atomic_aggregate;
	memcpy(k->nh, b->nh, 16);
}

struct attr *attr_intern(const struct attr_build *b)
{
	struct aspath *empty = NULL;
	struct attr_ext *ext = NULL;
	struct attr key, *a;

	if (!attr_tab.name)
		intern_init(&attr_tab, "attr");
	if (attr_build_has_ext(b) && !(ext = attr_ext_intern(b)))
		return NULL;
	if (!b->aspath && !(empty = aspath_empty())) {
		attr_ext_unref(ext);
		return NULL;
	}
	attr_key(&key, b, empty, ext);
	key.h.hash = attr_hash(&key);
	a = intern_find(&attr_tab, key.h.hash, attr_eq, &key);
	if (a) {
		a->h.refcnt++;
		attr_ext_unref(ext);
		aspath_unref(empty);
		return a;
	}
	a = malloc(sizeof(*a));
	if (!a) {
		attr_ext_unref(ext);
		aspath_unref(empty);
		return NULL;
	}
	*a = key;	/* keeps ext's and empty's references */
	a->h.refcnt = 1;
	if (!empty)
		aspath_ref(a->aspath);
	if (a->comm)
		community_ref(a->comm);
	if (a->ecomm)
		ecommunity_ref(a->ecomm);
	if (a->lcomm)
		lcommunity_ref(a->lcomm);
	intern_insert(&attr_tab, &a->h);
	return a;
}

struct attr *attr_ref(struct attr *a)
{
	a->h.refcnt++;
	return a;
}

void attr_unref(struct attr *a)
{
	if (!a)
		return;
	if (a->h.refcnt == 0)
		fatal("attr_unref: reference count underflow");
	if (--a->h.refcnt)
		return;
	intern_remove(&attr_tab, &a->h);
	aspath_unref(a->aspath);
	community_unref(a->comm);
	ecommunity_unref(a->ecomm);
	lcommunity_unref(a->lcomm);
	attr_ext_unref(a->ext);
	free(a);
}

size_t attr_count(void)
{
	return intern_count(&attr_tab);
}

size_t attr_table_slots(void)
{
	return intern_slots(&attr_tab);
}

size_t attr_ext_count(void)
{
	return intern_count(&attr_ext_tab);
}

uint32_t attr_cluster_id(const struct attr *a, unsigned i)
{
	if (!a->ext || i >= a->ext->ncluster)
		return 0;
	return get_be32(a->ext->data + 4 * (size_t)i);
}

bool attr_cluster_has(const struct attr *a, uint32_t id)
{
	unsigned i;

	for (i = 0; i < attr_cluster_len(a); i++)
		if (attr_cluster_id(a, i) == id)
			return true;
	return false;
}

bool attr_aggregator(const struct attr *a, uint32_t *as, uint32_t *addr)
{
	if (!a->ext || !a->ext->has_aggregator)
		return false;
	*as = a->ext->aggr_as;
	*addr = a->ext->aggr_addr;
	return true;
}

bool attr_is_loop(const struct attr *a, uint32_t local_as, unsigned allowas_in,
		  uint32_t router_id, uint32_t cluster_id)
{
	uint32_t orig;

	if (aspath_count_as(a->aspath, local_as) > allowas_in)
		return true;
	if (attr_originator_id(a, &orig) && orig == router_id)
		return true;
	return cluster_id && attr_cluster_has(a, cluster_id);
}

/* ======================================================================
 * Decoding: errors.
 * ====================================================================== */

/*
 * RFC 7606 6 asks for a log line per withdraw or discard; a peer can
 * trigger them at line rate, so at most ATTR_LOG_BURST lines a second.
 */
#define ATTR_LOG_BURST 20

static bool attr_log_allowed(void)
{
	static time_t sec;
	static unsigned n;
	time_t now = time(NULL);

	if (now != sec) {
		sec = now;
		n = 0;
	}
	return n++ < ATTR_LOG_BURST;
}

static void attr_log_error(const struct attr_parsed *p, uint8_t code,
			   enum attr_action act, const char *why,
			   const uint8_t *raw, size_t rawlen)
{
	char hex[3 * 16 + 4];
	size_t i, o = 0;

	if (!attr_log_allowed())
		return;
	for (i = 0; i < rawlen && i < 16; i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, "%s%02x",
				      i ? " " : "", raw[i]);
	if (rawlen > 16)
		snprintf(hex + o, sizeof(hex) - o, " ...");
	else if (!rawlen)
		hex[0] = '\0';
	log_warn("%s rcvd UPDATE with malformed attribute %s (%u): %s, %s "
		 "[%s]",
		 p->ctx && p->ctx->peer ? p->ctx->peer : "peer",
		 attr_code_name(code), code, why, attr_action_str(act), hex);
}

/*
 * Record one error.  The most severe outcome wins (RFC 7606 3.h); the
 * NOTIFICATION kept is the one of the first error of that severity.
 * raw/rawlen: the whole attribute (the NOTIFICATION data of RFC 4271
 * 6.3 for most subcodes).
 */
static void attr_error(struct attr_parsed *p, uint8_t code,
		       enum attr_action act, uint8_t subcode, const char *why,
		       const uint8_t *raw, size_t rawlen)
{
	attr_log_error(p, code, act, why, raw, rawlen);
	switch (act) {
	case ATTR_OK:
		return;
	case ATTR_DISCARD:
		attr_stats.discard++;
		p->ndiscard++;
		break;
	case ATTR_TREAT_AS_WITHDRAW:
		attr_stats.withdraw++;
		break;
	case ATTR_SESSION_RESET:
		attr_stats.reset++;
		break;
	}
	if (act <= p->action)
		return;
	p->action = act;
	p->err_attr = code;
	p->err.code = BGP_ERR_UPDATE;
	p->err.subcode = subcode;
	p->err.data = raw;
	p->err.len = rawlen;
}

/* ======================================================================
 * Decoding: one function per attribute.  Each returns 0, or -1 for
 * "malformed" after setting *why; the table then applies the outcome.
 * The value cursor holds exactly the attribute's value.
 * ====================================================================== */

struct attr_in {
	struct rbuf v;		/* the value */
	uint8_t flags, code;
	const uint8_t *raw;	/* the whole attribute, for errors */
	size_t rawlen;
	const char *why;
	uint8_t subcode;	/* override the table's, 0: keep */
};

static int dec_origin(struct attr_parsed *p, struct attr_in *in)
{
	uint8_t o = 0xff;

	(void)rbuf_u8(&in->v, &o);
	if (o > ORIGIN_INCOMPLETE) {
		in->why = "invalid value";
		return -1;
	}
	p->b.origin = o;
	return 0;
}

static int dec_as_path(struct attr_parsed *p, struct attr_in *in)
{
	enum aspath_err e;
	struct aspath *ap;

	e = aspath_decode(&in->v, p->ctx->as4 ? 4 : 2, false, &ap);
	if (e != ASPATH_OK) {
		in->why = aspath_err_str(e);
		return -1;
	}
	aspath_unref(p->b.aspath);
	p->b.aspath = ap;
	return 0;
}

/* RFC 4271 6.3: martian next hops are a semantic error (no NOTIFY). */
static bool attr_nexthop_martian(const struct attr_dec_ctx *c, uint32_t nh)
{
	if (c->local_v4 && nh == c->local_v4)
		return true;
	if (c->allow_martians)
		return false;
	return (nh >> 24) == 0 || (nh >> 24) == 127 || (nh >> 28) >= 0xe;
}

/* The same for an MP_REACH next hop: IPv4 as above; IPv6 unspecified,
 * loopback or multicast (RFC 4291 2.5.2, 2.5.3, 2.7). */
static bool attr_mp_nexthop_martian(const struct attr_dec_ctx *c,
				    const struct attr_mp *m)
{
	static const uint8_t zero[16], loop[16] = { [15] = 1 };

	if (m->nh_len == 4)
		return attr_nexthop_martian(c, get_be32(m->nh));
	if (c->allow_martians)
		return false;
	return !memcmp(m->nh, zero, 16) || !memcmp(m->nh, loop, 16) ||
	       m->nh[0] == 0xff;
}

static void attr_log_martian(const struct attr_parsed *p, int family,
			     const uint8_t *nh)
{
	char s[INET6_ADDRSTRLEN];

	if (!attr_log_allowed())
		return;
	inet_ntop(family, nh, s, sizeof(s));
	log_warn("%s rcvd UPDATE with invalid next hop %s, routes ignored",
		 p->ctx->peer ? p->ctx->peer : "peer", s);
}

static int dec_next_hop(struct attr_parsed *p, struct attr_in *in)
{
	uint32_t nh = 0;

	(void)rbuf_u32(&in->v, &nh);
	p->has_nexthop = true;
	p->nexthop = nh;
	if (attr_nexthop_martian(p->ctx, nh)) {
		p->nexthop_bad = true;
		uint8_t b[4] = { (uint8_t)(nh >> 24), (uint8_t)(nh >> 16),
				 (uint8_t)(nh >> 8), (uint8_t)nh };

		attr_log_martian(p, AF_INET, b);
	}
	return 0;
}

static int dec_med(struct attr_parsed *p, struct attr_in *in)
{
	(void)rbuf_u32(&in->v, &p->b.med);
	p->b.has_med = true;
	return 0;
}

/* RFC 7606 7.5: from an eBGP peer LOCAL_PREF is discarded, always. */
static int dec_local_pref(struct attr_parsed *p, struct attr_in *in)
{
	if (!p->ctx->ibgp) {
		in->why = "from an eBGP peer";
		return -1;	/* the table says discard for eBGP */
	}
	if (rbuf_left(&in->v) != 4) {
		in->why = "length not 4";
		in->subcode = BGP_ERR_UPD_ATTR_LEN;
		return -1;
	}
	(void)rbuf_u32(&in->v, &p->b.local_pref);
	p->b.has_local_pref = true;
	return 0;
}

static int dec_atomic(struct attr_parsed *p, struct attr_in *in)
{
	p->b.atomic_aggregate = true;
	return 0;
}

/* RFC 7606 7.7: 6 octets on a 2-octet session, 8 on a 4-octet one. */
static int dec_aggregator(struct attr_parsed *p, struct attr_in *in)
{
	size_t want = p->ctx->as4 ? 8 : 6;
	uint32_t as = 0, addr = 0;
	uint16_t as16 = 0;

	if (rbuf_left(&in->v) != want) {
		in->why = p->ctx->as4 ? "length not 8" : "length not 6";
		in->subcode = BGP_ERR_UPD_ATTR_LEN;
		return -1;
	}
	if (p->ctx->as4) {
		(void)rbuf_u32(&in->v, &as);
	} else {
		(void)rbuf_u16(&in->v, &as16);
		as = as16;
	}
	(void)rbuf_u32(&in->v, &addr);
	if (as == 0) {	/* RFC 7607 */
		in->why = "AS 0";
		return -1;
	}
	p->b.has_aggregator = true;
	p->b.aggr_as = as;
	p->b.aggr_addr = addr;
	return 0;
}

static int dec_communities(struct attr_parsed *p, struct attr_in *in)
{
	bool nomem;
	struct community *c = community_decode(&in->v, &nomem);

	if (!c) {
		in->why = nomem ? "out of memory" : "bad length";
		return -1;
	}
	community_unref(p->b.comm);
	p->b.comm = c;
	return 0;
}

static int dec_originator(struct attr_parsed *p, struct attr_in *in)
{
	(void)rbuf_u32(&in->v, &p->b.originator_id);
	p->b.has_originator = true;
	return 0;
}

/* The list stays in the message; attr_intern() copies it. */
static int dec_cluster_list(struct attr_parsed *p, struct attr_in *in)
{
	size_t n = rbuf_left(&in->v) / 4;

	if (n > UINT16_MAX) {
		in->why = "too long";
		return -1;
	}
	p->b.ncluster = (uint16_t)n;
	p->b.cluster = rbuf_ptr(&in->v);
	return 0;
}

/* RFC 4760 3 and 4: AFI, SAFI, next hop, reserved octet, NLRI. */
static int dec_mp_reach(struct attr_parsed *p, struct attr_in *in)
{
	struct attr_mp *m = &p->reach;
	uint8_t reserved;

	m->present = true;
	m->af = -1;
	if (rbuf_u16(&in->v, &m->afi) || rbuf_u8(&in->v, &m->safi) ||
	    rbuf_u8(&in->v, &m->nh_len)) {
		in->why = "truncated";
		return -1;
	}
	m->af = bgp_af_from_wire(m->afi, m->safi);
	if (m->af < 0 || !p->ctx->af[m->af]) {
		m->af = -1;	/* catalogue 64: ignore, do not reset */
		return 0;
	}
	if (m->nh_len != 4 && m->nh_len != 16 && m->nh_len != 32) {
		in->why = "bad next hop length";
		return -1;
	}
	if (m->af == BGP_AF_IPV6 && m->nh_len == 4) {
		in->why = "IPv4 next hop for IPv6";
		return -1;
	}
	/* Catalogue 65: an IPv6 next hop for IPv4 NLRI needs RFC 8950,
	 * which we do not negotiate: an invalid next hop, withdraw. */
	if (m->af == BGP_AF_IPV4 && m->nh_len != 4)
		attr_error(p, in->code, ATTR_TREAT_AS_WITHDRAW,
			   BGP_ERR_UPD_NEXT_HOP,
			   "IPv6 next hop for IPv4 without RFC 8950", in->raw,
			   in->rawlen);
	if (rbuf_bytes(&in->v, m->nh, m->nh_len > 16 ? 16 : m->nh_len) ||
	    (m->nh_len == 32 && rbuf_bytes(&in->v, m->nh_ll, 16)) ||
	    rbuf_u8(&in->v, &reserved)) {
		in->why = "truncated";
		return -1;
	}
	/* (an IPv6 next hop for IPv4 is already treat-as-withdraw above) */
	if (!(m->af == BGP_AF_IPV4 && m->nh_len != 4) &&
	    attr_mp_nexthop_martian(p->ctx, m)) {
		m->nh_bad = true;
		attr_log_martian(p, m->nh_len == 4 ? AF_INET : AF_INET6, m->nh);
	}
	m->nlri = in->v;
	(void)rbuf_skip(&in->v, rbuf_left(&in->v));
	return 0;
}

static int dec_mp_unreach(struct attr_parsed *p, struct attr_in *in)
{
	struct attr_mp *m = &p->unreach;

	m->present = true;
	m->af = -1;
	if (rbuf_u16(&in->v, &m->afi) || rbuf_u8(&in->v, &m->safi)) {
		in->why = "truncated";
		return -1;
	}
	m->af = bgp_af_from_wire(m->afi, m->safi);
	if (m->af < 0 || !p->ctx->af[m->af]) {
		m->af = -1;
		return 0;
	}
	m->nlri = in->v;
	(void)rbuf_skip(&in->v, rbuf_left(&in->v));
	return 0;
}

static int dec_ext_communities(struct attr_parsed *p, struct attr_in *in)
{
	bool nomem;
	struct ecommunity *c = ecommunity_decode(&in->v, &nomem);

	if (!c) {
		in->why = nomem ? "out of memory" : "bad length";
		return -1;
	}
	ecommunity_unref(p->b.ecomm);
	p->b.ecomm = c;
	return 0;
}

/* RFC 6793 4.1 / 6: from a NEW speaker ignored; from an OLD one checked,
 * kept for the merge at the end. */
static int dec_as4_path(struct attr_parsed *p, struct attr_in *in)
{
	enum aspath_err e;
	struct aspath *ap;

	if (p->ctx->as4) {
		in->why = "from a four-octet speaker";
		return -1;
	}
	e = aspath_decode(&in->v, 4, true, &ap);
	if (e != ASPATH_OK) {
		in->why = aspath_err_str(e);
		return -1;
	}
	aspath_unref(p->as4_path);
	p->as4_path = ap;
	return 0;
}

static int dec_as4_aggregator(struct attr_parsed *p, struct attr_in *in)
{
	if (p->ctx->as4) {
		in->why = "from a four-octet speaker";
		return -1;
	}
	(void)rbuf_u32(&in->v, &p->as4_aggr_as);
	(void)rbuf_u32(&in->v, &p->as4_aggr_addr);
	if (p->as4_aggr_as == 0) {
		in->why = "AS 0";
		return -1;
	}
	/* RFC 6793 4.2.2: only sent for an AS that does not fit in two
	 * octets; otherwise AGGREGATOR would have carried it. */
	if (p->as4_aggr_as <= UINT16_MAX) {
		in->why = "two-octet AS";
		return -1;
	}
	p->has_as4_aggr = true;
	return 0;
}

static int dec_large_communities(struct attr_parsed *p, struct attr_in *in)
{
	bool nomem;
	struct lcommunity *c = lcommunity_decode(&in->v, &nomem);

	if (!c) {
		in->why = nomem ? "out of memory" : "bad length";
		return -1;
	}
	lcommunity_unref(p->b.lcomm);
	p->b.lcomm = c;
	return 0;
}

/*
 * Keep an optional transitive attribute we do not interpret, verbatim,
 * to forward with the Partial bit (RFC 4271 5, 9).  Always stored with
 * a two-octet length so the blob is uniform.
 */
static void attr_keep_unknown(struct attr_parsed *p, const struct attr_in *in)
{
	size_t len = rbuf_left(&in->v);

	/* Partial is not kept: it is set on every forwarded copy anyway,
	 * and keeping it would make two otherwise equal sets differ. */
	wbuf_u8(&p->unknown, in->flags & (ATTR_FLAG_OPTIONAL |
					  ATTR_FLAG_TRANSITIVE));
	wbuf_u8(&p->unknown, in->code);
	wbuf_u16(&p->unknown, (uint16_t)len);
	wbuf_put(&p->unknown, rbuf_ptr(&in->v), len);
}

/* Known only by their length rule (RFC 7606 7.15, 7.16); forwarded as
 * unknown optional transitive attributes. */
static int dec_keep(struct attr_parsed *p, struct attr_in *in)
{
	attr_keep_unknown(p, in);
	return 0;
}

/* ======================================================================
 * Encoding: one function per attribute, each writing the whole
 * attribute (flags, type, length, value) or nothing when absent.
 * ====================================================================== */

/* RFC 4271 4.3: Extended Length only when the value needs it. */
static void put_hdr(struct wbuf *w, uint8_t flags, uint8_t code, size_t len)
{
	if (len > UINT16_MAX) {
		w->err = true;	/* cannot be represented: fail the build */
		return;
	}
	if (len > 255) {
		wbuf_u8(w, flags | ATTR_FLAG_EXTLEN);
		wbuf_u8(w, code);
		wbuf_u16(w, (uint16_t)len);
	} else {
		wbuf_u8(w, flags);
		wbuf_u8(w, code);
		wbuf_u8(w, (uint8_t)len);
	}
}

#define F_T ATTR_FLAG_TRANSITIVE
#define F_O ATTR_FLAG_OPTIONAL
#define F_OT (ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE)

static void enc_origin(struct wbuf *w, const struct attr *a,
		       const struct attr_enc_ctx *c)
{
	put_hdr(w, F_T, ATTR_ORIGIN, 1);
	wbuf_u8(w, a->origin);
}

static void enc_as_path(struct wbuf *w, const struct attr *a,
			const struct attr_enc_ctx *c)
{
	unsigned sz = c->as4 ? 4 : 2;

	put_hdr(w, F_T, ATTR_AS_PATH, aspath_encoded_len(a->aspath, sz, false));
	aspath_encode(w, a->aspath, sz, false);
}

static void enc_next_hop(struct wbuf *w, const struct attr *a,
			 const struct attr_enc_ctx *c)
{
	if (!c->nexthop || a->nh_af != AF_INET)
		return;
	put_hdr(w, F_T, ATTR_NEXT_HOP, 4);
	wbuf_put(w, a->nh, 4);
}

static void enc_med(struct wbuf *w, const struct attr *a,
		    const struct attr_enc_ctx *c)
{
	if (!a->has_med)
		return;
	put_hdr(w, F_O, ATTR_MED, 4);
	wbuf_u32(w, a->med);
}

static void enc_local_pref(struct wbuf *w, const struct attr *a,
			   const struct attr_enc_ctx *c)
{
	if (!a->has_local_pref)
		return;
	put_hdr(w, F_T, ATTR_LOCAL_PREF, 4);
	wbuf_u32(w, a->local_pref);
}

static void enc_atomic(struct wbuf *w, const struct attr *a,
		       const struct attr_enc_ctx *c)
{
	if (a->atomic_aggregate)
		put_hdr(w, F_T, ATTR_ATOMIC_AGGREGATE, 0);
}

/* RFC 6793 4.2.2: toward an OLD speaker AS_TRANS + AS4_AGGREGATOR. */
static void enc_aggregator(struct wbuf *w, const struct attr *a,
			   const struct attr_enc_ctx *c)
{
	uint32_t as, addr;

	if (!attr_aggregator(a, &as, &addr))
		return;
	if (c->as4) {
		put_hdr(w, F_OT, ATTR_AGGREGATOR, 8);
		wbuf_u32(w, as);
	} else {
		put_hdr(w, F_OT, ATTR_AGGREGATOR, 6);
		wbuf_u16(w, as > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)as);
	}
	wbuf_u32(w, addr);
}

static void enc_communities(struct wbuf *w, const struct attr *a,
			    const struct attr_enc_ctx *c)
{
	if (!a->comm)
		return;
	put_hdr(w, F_OT, ATTR_COMMUNITIES, (size_t)a->comm->n * 4);
	community_encode(w, a->comm);
}

static void enc_originator(struct wbuf *w, const struct attr *a,
			   const struct attr_enc_ctx *c)
{
	uint32_t id;

	if (!attr_originator_id(a, &id))
		return;
	put_hdr(w, F_O, ATTR_ORIGINATOR_ID, 4);
	wbuf_u32(w, id);
}

static void enc_cluster_list(struct wbuf *w, const struct attr *a,
			     const struct attr_enc_ctx *c)
{
	unsigned n = attr_cluster_len(a);

	if (!n)
		return;
	put_hdr(w, F_O, ATTR_CLUSTER_LIST, (size_t)n * 4);
	wbuf_put(w, a->ext->data, (size_t)n * 4);
}

static void enc_ext_communities(struct wbuf *w, const struct attr *a,
				const struct attr_enc_ctx *c)
{
	if (!a->ecomm)
		return;
	put_hdr(w, F_OT, ATTR_EXT_COMMUNITIES, (size_t)a->ecomm->n * 8);
	ecommunity_encode(w, a->ecomm);
}

/* RFC 6793 4.2.2: AS4_PATH only toward an OLD speaker and only when
 * some ASN does not fit in two octets. */
static void enc_as4_path(struct wbuf *w, const struct attr *a,
			 const struct attr_enc_ctx *c)
{
	if (c->as4 || !aspath_has_as4(a->aspath))
		return;
	put_hdr(w, F_OT, ATTR_AS4_PATH, aspath_encoded_len(a->aspath, 4, true));
	aspath_encode(w, a->aspath, 4, true);
}

static void enc_as4_aggregator(struct wbuf *w, const struct attr *a,
			       const struct attr_enc_ctx *c)
{
	uint32_t as, addr;

	if (c->as4 || !attr_aggregator(a, &as, &addr) || as <= UINT16_MAX)
		return;
	put_hdr(w, F_OT, ATTR_AS4_AGGREGATOR, 8);
	wbuf_u32(w, as);
	wbuf_u32(w, addr);
}

static void enc_large_communities(struct wbuf *w, const struct attr *a,
				  const struct attr_enc_ctx *c)
{
	if (!a->lcomm)
		return;
	put_hdr(w, F_OT, ATTR_LARGE_COMMUNITIES, (size_t)a->lcomm->n * 12);
	lcommunity_encode(w, a->lcomm);
}

/* ======================================================================
 * Printing: one function per attribute; false when absent.
 * ====================================================================== */

static bool pr_origin(const struct attr *a, char *buf, size_t len)
{
	static const char *const names[] = { "IGP", "EGP", "incomplete" };

	snprintf(buf, len, "%s", names[a->origin <= 2 ? a->origin : 2]);
	return true;
}

static bool pr_as_path(const struct attr *a, char *buf, size_t len)
{
	aspath_print(a->aspath, buf, len);
	return true;
}

static bool pr_next_hop(const struct attr *a, char *buf, size_t len)
{
	const uint8_t *ll = attr_nh_ll(a);
	char s1[INET6_ADDRSTRLEN], s2[INET6_ADDRSTRLEN];

	if (!a->nh_af)
		return false;
	inet_ntop(a->nh_af, a->nh, s1, sizeof(s1));
	if (ll) {
		inet_ntop(AF_INET6, ll, s2, sizeof(s2));
		snprintf(buf, len, "%s (%s)", s1, s2);
	} else {
		snprintf(buf, len, "%s", s1);
	}
	return true;
}

static bool pr_med(const struct attr *a, char *buf, size_t len)
{
	if (a->has_med)
		snprintf(buf, len, "%u", a->med);
	return a->has_med;
}

static bool pr_local_pref(const struct attr *a, char *buf, size_t len)
{
	if (a->has_local_pref)
		snprintf(buf, len, "%u", a->local_pref);
	return a->has_local_pref;
}

static bool pr_atomic(const struct attr *a, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	return a->atomic_aggregate;
}

static bool pr_aggregator(const struct attr *a, char *buf, size_t len)
{
	uint32_t as, addr;

	if (!attr_aggregator(a, &as, &addr))
		return false;
	snprintf(buf, len, "%u %u.%u.%u.%u", as, addr >> 24,
		 (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff);
	return true;
}

static bool pr_communities(const struct attr *a, char *buf, size_t len)
{
	community_print(a->comm, buf, len);
	return a->comm != NULL;
}

static bool pr_originator(const struct attr *a, char *buf, size_t len)
{
	uint32_t id;

	if (!attr_originator_id(a, &id))
		return false;
	snprintf(buf, len, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
		 (id >> 8) & 0xff, id & 0xff);
	return true;
}

static bool pr_cluster_list(const struct attr *a, char *buf, size_t len)
{
	unsigned i, n = attr_cluster_len(a);
	size_t o = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < n && o < len; i++) {
		uint32_t id = attr_cluster_id(a, i);

		o += (size_t)snprintf(buf + o, len - o, "%s%u.%u.%u.%u",
				      i ? " " : "", id >> 24, (id >> 16) & 0xff,
				      (id >> 8) & 0xff, id & 0xff);
	}
	return n > 0;
}

static bool pr_ext_communities(const struct attr *a, char *buf, size_t len)
{
	ecommunity_print(a->ecomm, buf, len);
	return a->ecomm != NULL;
}

static bool pr_large_communities(const struct attr *a, char *buf, size_t len)
{
	lcommunity_print(a->lcomm, buf, len);
	return a->lcomm != NULL;
}

/* ======================================================================
 * The table.
 * ====================================================================== */

struct attr_desc {
	const char *name;	/* NULL: not a known attribute */
	uint8_t flags;		/* Optional and Transitive bits expected */
	int16_t len;		/* fixed value length, -1: variable */
	uint8_t mult;		/* length a multiple of this (0: any) */
	uint8_t minlen;
	bool zero_ok;		/* RFC 7606 4: only AS_PATH, ATOMIC_AGGR */
	uint8_t subcode;	/* NOTIFICATION subcode when malformed */
	uint8_t act_ebgp;	/* outcome when malformed, from eBGP */
	uint8_t act_ibgp;	/* ... from iBGP */
	int (*decode)(struct attr_parsed *p, struct attr_in *in);
	void (*encode)(struct wbuf *w, const struct attr *a,
		       const struct attr_enc_ctx *c);
	bool (*print)(const struct attr *a, char *buf, size_t len);
};

#define W ATTR_TREAT_AS_WITHDRAW
#define D ATTR_DISCARD
#define R ATTR_SESSION_RESET

/* Outcomes: rfc7606-and-errors.md 1.2 (RFC 7606 7, RFC 6793, 8092). */
static const struct attr_desc attr_table[256] = {
	[ATTR_ORIGIN] = { "ORIGIN", F_T, 1, 0, 0, false,
			  BGP_ERR_UPD_ORIGIN, W, W, dec_origin, enc_origin,
			  pr_origin },
	[ATTR_AS_PATH] = { "AS_PATH", F_T, -1, 0, 0, true,
			   BGP_ERR_UPD_AS_PATH, W, W, dec_as_path,
			   enc_as_path, pr_as_path },
	[ATTR_NEXT_HOP] = { "NEXT_HOP", F_T, 4, 0, 0, false,
			    BGP_ERR_UPD_NEXT_HOP, W, W, dec_next_hop,
			    enc_next_hop, pr_next_hop },
	[ATTR_MED] = { "MULTI_EXIT_DISC", F_O, 4, 0, 0, false,
		       BGP_ERR_UPD_OPT_ATTR, W, W, dec_med, enc_med, pr_med },
	/* From eBGP LOCAL_PREF is discarded whatever it holds (7606 7.5):
	 * the length is checked in dec_local_pref for iBGP only. */
	[ATTR_LOCAL_PREF] = { "LOCAL_PREF", F_T, -1, 0, 0, true,
			      BGP_ERR_UPD_ATTR_LEN, D, W, dec_local_pref,
			      enc_local_pref, pr_local_pref },
	[ATTR_ATOMIC_AGGREGATE] = { "ATOMIC_AGGREGATE", F_T, 0, 0, 0, true,
				    BGP_ERR_UPD_ATTR_LEN, D, D, dec_atomic,
				    enc_atomic, pr_atomic },
	[ATTR_AGGREGATOR] = { "AGGREGATOR", F_OT, -1, 0, 0, false,
			      BGP_ERR_UPD_OPT_ATTR, D, D, dec_aggregator,
			      enc_aggregator, pr_aggregator },
	[ATTR_COMMUNITIES] = { "COMMUNITIES", F_OT, -1, 4, 0, false,
			       BGP_ERR_UPD_OPT_ATTR, W, W, dec_communities,
			       enc_communities, pr_communities },
	[ATTR_ORIGINATOR_ID] = { "ORIGINATOR_ID", F_O, 4, 0, 0, false,
				 BGP_ERR_UPD_OPT_ATTR, D, W, dec_originator,
				 enc_originator, pr_originator },
	[ATTR_CLUSTER_LIST] = { "CLUSTER_LIST", F_O, -1, 4, 0, false,
				BGP_ERR_UPD_OPT_ATTR, D, W, dec_cluster_list,
				enc_cluster_list, pr_cluster_list },
	/* RFC 7606 7.11/7.12: no safe way to withdraw what we cannot parse. */
	[ATTR_MP_REACH_NLRI] = { "MP_REACH_NLRI", F_O, -1, 0, 0, false,
				 BGP_ERR_UPD_OPT_ATTR, R, R, dec_mp_reach,
				 NULL, NULL },
	[ATTR_MP_UNREACH_NLRI] = { "MP_UNREACH_NLRI", F_O, -1, 0, 0, false,
				   BGP_ERR_UPD_OPT_ATTR, R, R, dec_mp_unreach,
				   NULL, NULL },
	[ATTR_EXT_COMMUNITIES] = { "EXTENDED_COMMUNITIES", F_OT, -1, 8, 0,
				   false, BGP_ERR_UPD_OPT_ATTR, W, W,
				   dec_ext_communities, enc_ext_communities,
				   pr_ext_communities },
	[ATTR_AS4_PATH] = { "AS4_PATH", F_OT, -1, 0, 0, false,
			    BGP_ERR_UPD_OPT_ATTR, D, D, dec_as4_path,
			    enc_as4_path, NULL },
	[ATTR_AS4_AGGREGATOR] = { "AS4_AGGREGATOR", F_OT, 8, 0, 0, false,
				  BGP_ERR_UPD_OPT_ATTR, D, D,
				  dec_as4_aggregator, enc_as4_aggregator,
				  NULL },
	[ATTR_IPV6_EXT_COMMUNITIES] = { "IPV6_EXT_COMMUNITIES", F_OT, -1, 20,
					0, false, BGP_ERR_UPD_OPT_ATTR, W, W,
					dec_keep, NULL, NULL },
	[ATTR_LARGE_COMMUNITIES] = { "LARGE_COMMUNITY", F_OT, -1, 12, 0,
				     false, BGP_ERR_UPD_OPT_ATTR, W, W,
				     dec_large_communities,
				     enc_large_communities,
				     pr_large_communities },
	[ATTR_ATTR_SET] = { "ATTR_SET", F_OT, -1, 0, 4, false,
			    BGP_ERR_UPD_OPT_ATTR, W, W, dec_keep, NULL, NULL },
};

#undef W
#undef D
#undef R

const char *attr_code_name(uint8_t code)
{
	return attr_table[code].name ? attr_table[code].name : "unknown";
}

/* ======================================================================
 * Decoding: the walk over the attribute section.
 * ====================================================================== */

static bool attr_seen(const struct attr_parsed *p, uint8_t code)
{
	return p->seen[code / 32] & (1u << (code % 32));
}

/* RFC 7606 3.c: Optional / Transitive must match the definition; the
 * Partial bit only makes sense on optional transitive attributes.  The
 * low four bits are ignored (catalogue 27). */
static bool attr_flags_ok(const struct attr_desc *d, uint8_t flags)
{
	uint8_t ot = flags & F_OT;

	if (ot != d->flags)
		return false;
	return (flags & ATTR_FLAG_PARTIAL) == 0 || d->flags == F_OT;
}

static bool attr_len_ok(const struct attr_desc *d, size_t len)
{
	if (len == 0)
		return d->zero_ok;
	if (d->len >= 0 && len != (size_t)d->len)
		return false;
	if (d->mult && len % d->mult)
		return false;
	return len >= d->minlen;
}

/* RFC 4271 5 / 9, RFC 7606 catalogue 29, 30, 55, 56. */
static void attr_unknown(struct attr_parsed *p, struct attr_in *in)
{
	if (!(in->flags & ATTR_FLAG_OPTIONAL)) {
		attr_error(p, in->code, ATTR_TREAT_AS_WITHDRAW,
			   BGP_ERR_UPD_UNREC_WELLKNOWN,
			   "unrecognized well-known attribute", in->raw,
			   in->rawlen);
		return;
	}
	if (in->flags & ATTR_FLAG_TRANSITIVE)
		attr_keep_unknown(p, in);
	/* optional non-transitive: accepted and dropped, not forwarded */
}

static void attr_dispatch(struct attr_parsed *p, struct attr_in *in)
{
	const struct attr_desc *d = &attr_table[in->code];
	bool mp = in->code == ATTR_MP_REACH_NLRI ||
		  in->code == ATTR_MP_UNREACH_NLRI;
	enum attr_action act;

	/* Operator's choice (attr_dec_ctx.discard): gone before any check,
	 * as if never sent; a later missing-mandatory check still applies. */
	if (!mp && attr_discard_has(p->ctx->discard, in->code)) {
		p->ndiscard_cfg++;
		attr_stats.discard_cfg++;
		return;
	}
	if (in->code != ATTR_MP_UNREACH_NLRI)
		p->other_attrs = true;
	if (attr_seen(p, in->code)) {	/* RFC 7606 3.g */
		attr_error(p, in->code,
			   mp ? ATTR_SESSION_RESET : ATTR_DISCARD,
			   BGP_ERR_UPD_ATTR_LIST, "repeated", in->raw,
			   in->rawlen);
		return;
	}
	p->seen[in->code / 32] |= 1u << (in->code % 32);
	if (!d->name) {
		attr_unknown(p, in);
		return;
	}
	act = p->ctx->ibgp ? d->act_ibgp : d->act_ebgp;
	if (!attr_flags_ok(d, in->flags)) {
		attr_error(p, in->code, act, BGP_ERR_UPD_ATTR_FLAGS,
			   "flags conflict with the definition", in->raw,
			   in->rawlen);
		return;
	}
	if (!attr_len_ok(d, rbuf_left(&in->v))) {
		attr_error(p, in->code, act, BGP_ERR_UPD_ATTR_LEN,
			   "bad length", in->raw, in->rawlen);
		return;
	}
	if (d->decode(p, in) < 0)
		attr_error(p, in->code, act,
			   in->subcode ? in->subcode : d->subcode,
			   in->why ? in->why : "malformed", in->raw,
			   in->rawlen);
}

/*
 * One attribute header and value.  -1 when the section cannot be walked
 * further (RFC 7606 4: a header that does not fit, or a length past the
 * end: treat-as-withdraw, the NLRI is still found through Total Path
 * Attribute Length; but if the attribute is MP_REACH or MP_UNREACH its
 * NLRI is lost, and RFC 7606 3.j leaves only session reset).
 */
static int attr_parse_one(struct attr_parsed *p, struct rbuf *attrs)
{
	const uint8_t *start = rbuf_ptr(attrs);
	size_t avail = rbuf_left(attrs);
	struct attr_in in = { .raw = start };
	uint16_t len16 = 0;
	uint8_t len8 = 0;
	int bad;

	if (rbuf_u8(attrs, &in.flags) || rbuf_u8(attrs, &in.code)) {
		attr_error(p, 0, ATTR_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LIST,
			   "attribute header truncated", start, avail);
		return -1;
	}
	if (in.flags & ATTR_FLAG_EXTLEN) {
		bad = rbuf_u16(attrs, &len16);
	} else {
		bad = rbuf_u8(attrs, &len8);
		len16 = len8;
	}
	if (bad || rbuf_sub(attrs, len16, &in.v)) {
		bool mp = in.code == ATTR_MP_REACH_NLRI ||
			  in.code == ATTR_MP_UNREACH_NLRI;

		attr_error(p, in.code,
			   mp ? ATTR_SESSION_RESET : ATTR_TREAT_AS_WITHDRAW,
			   bad ? BGP_ERR_UPD_ATTR_LIST : BGP_ERR_UPD_ATTR_LEN,
			   bad ? "attribute header truncated"
			       : "length runs past the attribute section",
			   start, avail);
		return -1;
	}
	in.rawlen = avail - rbuf_left(attrs);
	attr_dispatch(p, &in);
	return 0;
}

/*
 * RFC 6793 4.2.3 (rfc7606-and-errors.md 1.5), for an OLD speaker:
 * AGGREGATOR not AS_TRANS voids both AS4 attributes; otherwise
 * AS4_AGGREGATOR replaces AGGREGATOR and AS4_PATH merges into AS_PATH.
 */
static void attr_merge_as4(struct attr_parsed *p)
{
	struct aspath *merged;

	if (p->b.has_aggregator && p->b.aggr_as != BGP_AS_TRANS) {
		if ((p->as4_path || p->has_as4_aggr) && attr_log_allowed())
			log_info("%s: AGGREGATOR AS is not AS_TRANS, AS4_PATH "
				 "and AS4_AGGREGATOR ignored",
				 p->ctx->peer ? p->ctx->peer : "peer");
		return;
	}
	if (p->has_as4_aggr && p->b.has_aggregator) {
		p->b.aggr_as = p->as4_aggr_as;
		p->b.aggr_addr = p->as4_aggr_addr;
	}
	if (p->as4_path && p->b.aspath) {
		merged = aspath_merge_as4(p->b.aspath, p->as4_path);
		if (merged) {
			aspath_unref(p->b.aspath);
			p->b.aspath = merged;
		}
	}
}

/* RFC 7606 7.2 semantic checks, on the path after the AS4 merge. */
static void attr_check_aspath(struct attr_parsed *p)
{
	const struct attr_dec_ctx *c = p->ctx;
	const struct aspath *ap = p->b.aspath;
	const char *why = NULL;
	bool ebgp = !c->ibgp && !c->confed_peer;

	if (!ap)
		return;
	if (ebgp && aspath_has_confed(ap))
		why = "confederation segment from an eBGP peer";
	else if (ebgp && ap->len == 0)
		why = "empty AS_PATH from an eBGP peer";
	else if (ebgp && c->enforce_first_as &&
		 aspath_left_as(ap) != c->peer_as)
		why = "first AS is not the peer's";
	else if (c->reject_as_sets && aspath_has_set(ap))
		why = "AS_SET (RFC 9774)";
	else if (c->maxas_limit && aspath_hops(ap) > c->maxas_limit)
		why = "longer than bgp maxas-limit";
	if (why)
		attr_error(p, ATTR_AS_PATH, ATTR_TREAT_AS_WITHDRAW,
			   BGP_ERR_UPD_AS_PATH, why, NULL, 0);
}

enum attr_action attr_parse(struct rbuf attrs, const struct attr_dec_ctx *c,
			    struct attr_parsed *p)
{
	memset(p, 0, sizeof(*p));
	attr_build_init(&p->b);
	p->ctx = c;
	p->reach.af = p->unreach.af = -1;
	wbuf_init(&p->unknown, 0);
	while (rbuf_left(&attrs) > 0)
		if (attr_parse_one(p, &attrs) < 0)
			break;
	if (!c->as4)
		attr_merge_as4(p);
	if (attr_seen(p, ATTR_AS_PATH))
		attr_check_aspath(p);
	if (!wbuf_ok(&p->unknown))
		attr_error(p, 0, ATTR_TREAT_AS_WITHDRAW, BGP_ERR_UPD_ATTR_LIST,
			   "out of memory", NULL, 0);
	else if (p->unknown.len) {
		p->b.unknown = p->unknown.buf;
		p->b.unknown_len = (uint32_t)p->unknown.len;
	}
	return p->action;
}

/* RFC 7606 3.d: a missing well-known attribute is treat-as-withdraw.
 * NEXT_HOP is needed only with the NLRI field (RFC 4760 3). */
void attr_check_mandatory(struct attr_parsed *p, bool classic, bool mp)
{
	static const uint8_t codes[] = { ATTR_ORIGIN, ATTR_AS_PATH,
					 ATTR_NEXT_HOP, ATTR_LOCAL_PREF };
	size_t i;

	if (!classic && !mp)
		return;
	for (i = 0; i < sizeof(codes); i++) {
		if (attr_seen(p, codes[i]))
			continue;
		if (codes[i] == ATTR_NEXT_HOP && !classic)
			continue;
		if (codes[i] == ATTR_LOCAL_PREF && !p->ctx->ibgp)
			continue;
		/* RFC 4271 6.3: the data is the missing type code */
		attr_error(p, codes[i], ATTR_TREAT_AS_WITHDRAW,
			   BGP_ERR_UPD_MISSING_WELLKNOWN,
			   "missing well-known attribute", &codes[i], 1);
	}
}

void attr_parsed_clear(struct attr_parsed *p)
{
	attr_build_clear(&p->b);
	aspath_unref(p->as4_path);
	p->as4_path = NULL;
	wbuf_free(&p->unknown);
}

/* ======================================================================
 * Encoding: the section, MP attributes, text.
 * ====================================================================== */

/* RFC 4271 9: forwarded unknown optional transitive attributes get the
 * Partial bit. */
static void attr_encode_unknown(struct wbuf *w, const struct attr_ext *e)
{
	struct rbuf r;
	uint8_t flags, code;
	uint16_t len;

	r = rbuf_make(e->data + (size_t)e->ncluster * 4, e->unknown_len);
	while (rbuf_left(&r) >= 4) {
		(void)rbuf_u8(&r, &flags);
		(void)rbuf_u8(&r, &code);
		(void)rbuf_u16(&r, &len);
		if (len > rbuf_left(&r))
			fatal("attr: corrupt unknown attribute blob");
		put_hdr(w, (uint8_t)((flags & 0xe0) | ATTR_FLAG_PARTIAL), code,
			len);
		wbuf_put(w, rbuf_ptr(&r), len);
		(void)rbuf_skip(&r, len);
	}
}

void attr_encode(struct wbuf *w, const struct attr *a,
		 const struct attr_enc_ctx *c)
{
	unsigned code;

	for (code = 0; code < 256; code++)
		if (attr_table[code].encode)
			attr_table[code].encode(w, a, c);
	if (a->ext && a->ext->unknown_len)
		attr_encode_unknown(w, a->ext);
}

size_t attr_mp_reach_begin(struct wbuf *w, enum bgp_af af,
			   const struct attr *a)
{
	size_t off = w->len;
	const uint8_t *ll = attr_nh_ll(a);

	wbuf_u8(w, ATTR_FLAG_OPTIONAL | ATTR_FLAG_EXTLEN);
	wbuf_u8(w, ATTR_MP_REACH_NLRI);
	wbuf_u16(w, 0);
	wbuf_u16(w, bgp_af_afi(af));
	wbuf_u8(w, bgp_af_safi(af));
	if (a->nh_af == AF_INET && af == BGP_AF_IPV4) {
		wbuf_u8(w, 4);
		wbuf_put(w, a->nh, 4);
	} else if (a->nh_af == AF_INET) {
		/* IPv6 routes with an IPv4 next hop (IPv6 over an IPv4
		 * session): the IPv4-mapped address, as FRR sends it */
		wbuf_u8(w, 16);
		wbuf_put(w, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
		wbuf_put(w, a->nh, 4);
	} else {
		wbuf_u8(w, ll ? 32 : 16);
		wbuf_put(w, a->nh, 16);
		if (ll)
			wbuf_put(w, ll, 16);
	}
	wbuf_u8(w, 0);	/* reserved (RFC 4760 3) */
	return off;
}

size_t attr_mp_unreach_begin(struct wbuf *w, enum bgp_af af)
{
	size_t off = w->len;

	wbuf_u8(w, ATTR_FLAG_OPTIONAL | ATTR_FLAG_EXTLEN);
	wbuf_u8(w, ATTR_MP_UNREACH_NLRI);
	wbuf_u16(w, 0);
	wbuf_u16(w, bgp_af_afi(af));
	wbuf_u8(w, bgp_af_safi(af));
	return off;
}

void attr_mp_end(struct wbuf *w, size_t off)
{
	if (!wbuf_ok(w))
		return;
	if (w->len - off - 4 > UINT16_MAX) {
		w->err = true;
		return;
	}
	wbuf_set_u16(w, off + 2, (uint16_t)(w->len - off - 4));
}

size_t attr_print(const struct attr *a, char *buf, size_t len)
{
	static const char *const label[256] = {
		[ATTR_ORIGIN] = "origin", [ATTR_AS_PATH] = "aspath",
		[ATTR_NEXT_HOP] = "nexthop", [ATTR_MED] = "med",
		[ATTR_LOCAL_PREF] = "localpref",
		[ATTR_ATOMIC_AGGREGATE] = "atomic-aggregate",
		[ATTR_AGGREGATOR] = "aggregator",
		[ATTR_COMMUNITIES] = "community",
		[ATTR_ORIGINATOR_ID] = "originator",
		[ATTR_CLUSTER_LIST] = "cluster-list",
		[ATTR_EXT_COMMUNITIES] = "extcommunity",
		[ATTR_LARGE_COMMUNITIES] = "large-community",
	};
	char val[1024];
	size_t o = 0;
	unsigned code;
	int n;

	if (len)
		buf[0] = '\0';
	for (code = 0; code < 256; code++) {
		const struct attr_desc *d = &attr_table[code];

		if (!d->print || !d->print(a, val, sizeof(val)))
			continue;
		n = snprintf(o < len ? buf + o : NULL, o < len ? len - o : 0,
			     "%s%s%s%s", o ? " " : "", label[code],
			     val[0] ? " " : "", val);
		o += n > 0 ? (size_t)n : 0;
	}
	if (a->ext && a->ext->unknown_len) {
		n = snprintf(o < len ? buf + o : NULL, o < len ? len - o : 0,
			     "%sunknown %u bytes", o ? " " : "",
			     a->ext->unknown_len);
		o += n > 0 ? (size_t)n : 0;
	}
	return o;
}
