/*
 * attr.h: BGP path attributes: the interned attribute set (struct attr)
 * that the RIB points to, the table-driven decoder with RFC 7606 error
 * handling, and the encoder used when advertising.
 *
 * Interning: identical sets share one immutable, reference-counted
 * struct attr found through a hash table (intern.h), and the bulky or
 * repetitive parts are themselves interned (AS path, communities) or
 * grouped into one interned struct attr_ext holding the fields most
 * sets lack (link-local next hop, AGGREGATOR, ORIGINATOR_ID,
 * CLUSTER_LIST, unknown transitive attributes).  struct attr is 80
 * bytes; a full feed holds 350-500k of them (performance.md 2.4).
 *
 * Building: fill a struct attr_build (mutable, holds references to its
 * sub-objects), then attr_intern() it.  To change one field of an
 * interned set (policy, advertisement), attr_build_from() it, modify,
 * intern again, attr_build_clear().
 */
#ifndef OKAPI_ATTR_H
#define OKAPI_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "aspath.h"
#include "community.h"
#include "intern.h"
#include "msg.h"
#include "rbuf.h"

/* Attribute type codes (IANA "BGP Path Attributes"). */
enum attr_code {
	ATTR_ORIGIN = 1,
	ATTR_AS_PATH = 2,
	ATTR_NEXT_HOP = 3,
	ATTR_MED = 4,
	ATTR_LOCAL_PREF = 5,
	ATTR_ATOMIC_AGGREGATE = 6,
	ATTR_AGGREGATOR = 7,
	ATTR_COMMUNITIES = 8,
	ATTR_ORIGINATOR_ID = 9,
	ATTR_CLUSTER_LIST = 10,
	ATTR_MP_REACH_NLRI = 14,
	ATTR_MP_UNREACH_NLRI = 15,
	ATTR_EXT_COMMUNITIES = 16,
	ATTR_AS4_PATH = 17,
	ATTR_AS4_AGGREGATOR = 18,
	ATTR_IPV6_EXT_COMMUNITIES = 25,
	ATTR_LARGE_COMMUNITIES = 32,
	ATTR_ATTR_SET = 128,
};

/* Attribute flags (RFC 4271 4.3). */
#define ATTR_FLAG_OPTIONAL 0x80
#define ATTR_FLAG_TRANSITIVE 0x40
#define ATTR_FLAG_PARTIAL 0x20
#define ATTR_FLAG_EXTLEN 0x10

enum attr_origin {
	ORIGIN_IGP = 0,
	ORIGIN_EGP = 1,
	ORIGIN_INCOMPLETE = 2,
};

/*
 * RFC 7606 section 2 outcomes, ordered by severity: when one UPDATE has
 * several errors the highest value wins (RFC 7606 3.h).  AFI/SAFI
 * disable is deliberately not implemented (rfc7606-and-errors.md 1.1).
 */
enum attr_action {
	ATTR_OK = 0,
	ATTR_DISCARD,		/* drop the attribute, keep the route */
	ATTR_TREAT_AS_WITHDRAW,	/* all NLRI of the UPDATE withdrawn */
	ATTR_SESSION_RESET,	/* NOTIFICATION 3/x, close */
};
const char *attr_action_str(enum attr_action a);

/* The less common fields of a set, interned on their own. */
struct attr_ext {
	struct intern_hdr h;
	uint8_t nh_ll[16];	/* IPv6 link-local next hop */
	uint32_t originator_id;	/* host order */
	uint32_t aggr_as;
	uint32_t aggr_addr;	/* host order */
	bool has_nh_ll : 1;
	bool has_originator : 1;
	bool has_aggregator : 1;
	uint16_t ncluster;	/* CLUSTER_LIST entries */
	uint32_t unknown_len;	/* bytes of unknown attributes */
	/* ncluster x 4 bytes (network order), then the unknown optional
	 * transitive attributes verbatim: flags, type, length (always 2
	 * octets here), value. */
	uint8_t data[];
};

/*
 * The interned attribute set.  Immutable; hold it with attr_ref() and
 * release with attr_unref().  Fields the decision process reads
 * directly: origin, aspath, has_med/med, has_local_pref/local_pref,
 * nh_af/nh; through accessors below: ORIGINATOR_ID, CLUSTER_LIST length,
 * link-local next hop.
 */
struct attr {
	struct intern_hdr h;
	struct aspath *aspath;		/* never NULL (empty path if none) */
	struct community *comm;		/* NULL if absent */
	struct ecommunity *ecomm;	/* NULL if absent */
	struct lcommunity *lcomm;	/* NULL if absent */
	struct attr_ext *ext;		/* NULL if no rare field is set */
	uint32_t med;			/* valid if has_med */
	uint32_t local_pref;		/* valid if has_local_pref */
	uint8_t origin;			/* enum attr_origin */
	uint8_t nh_af;			/* 0 (none), AF_INET or AF_INET6 */
	bool has_med : 1;
	bool has_local_pref : 1;
	bool atomic_aggregate : 1;
	uint8_t nh[16];		/* next hop, network order; IPv4 in nh[0..3] */
};

/* A mutable set being built; holds one reference to each sub-object. */
struct attr_build {
	struct aspath *aspath;	/* NULL is interned as the empty path */
	struct community *comm;
	struct ecommunity *ecomm;
	struct lcommunity *lcomm;
	uint32_t med, local_pref;
	uint8_t origin, nh_af;
	bool has_med, has_local_pref, atomic_aggregate;
	uint8_t nh[16];
	bool has_nh_ll;
	uint8_t nh_ll[16];
	bool has_originator, has_aggregator;
	uint32_t originator_id, aggr_as, aggr_addr;	/* host order */
	/* Borrowed, must stay valid until attr_intern(): */
	uint16_t ncluster;
	const uint8_t *cluster;		/* ncluster x 4 bytes */
	uint32_t unknown_len;
	const uint8_t *unknown;
};

void attr_build_init(struct attr_build *b);
/* Copy an interned set (new references; borrows a's ext data). */
void attr_build_from(struct attr_build *b, const struct attr *a);
/* Drop the references b holds. */
void attr_build_clear(struct attr_build *b);
/* Setters for sub-objects: take a new reference, drop the old one. */
void attr_build_set_aspath(struct attr_build *b, struct aspath *p);
void attr_build_set_comm(struct attr_build *b, struct community *c);
void attr_build_set_ecomm(struct attr_build *b, struct ecommunity *c);
void attr_build_set_lcomm(struct attr_build *b, struct lcommunity *c);

/* The interned set equal to b (one new reference); b is unchanged.
 * NULL only when out of memory. */
struct attr *attr_intern(const struct attr_build *b);
struct attr *attr_ref(struct attr *a);
void attr_unref(struct attr *a);	/* NULL is allowed */

/* Accessors for the rare fields. */
static inline bool attr_originator_id(const struct attr *a, uint32_t *id)
{
	if (!a->ext || !a->ext->has_originator)
		return false;
	*id = a->ext->originator_id;
	return true;
}
static inline unsigned attr_cluster_len(const struct attr *a)
{
	return a->ext ? a->ext->ncluster : 0;
}
uint32_t attr_cluster_id(const struct attr *a, unsigned i);	/* host order */
bool attr_cluster_has(const struct attr *a, uint32_t id);
static inline const uint8_t *attr_nh_ll(const struct attr *a)
{
	return a->ext && a->ext->has_nh_ll ? a->ext->nh_ll : NULL;
}
bool attr_aggregator(const struct attr *a, uint32_t *as, uint32_t *addr);
static inline uint32_t attr_nh_v4(const struct attr *a)	/* host order */
{
	return ((uint32_t)a->nh[0] << 24) | ((uint32_t)a->nh[1] << 16) |
	       ((uint32_t)a->nh[2] << 8) | a->nh[3];
}

/*
 * Loop checks of RFC 4271 9.1.2 and RFC 4456 8, for the import path:
 * our AS more than allowas_in times in the path, ORIGINATOR_ID equal to
 * our router id, or our cluster id in CLUSTER_LIST.  Not errors: the
 * route is just not used (rfc7606-and-errors.md catalogue 51).
 */
bool attr_is_loop(const struct attr *a, uint32_t local_as, unsigned allowas_in,
		  uint32_t router_id, uint32_t cluster_id);

/* What the decoder needs to know about the session. */
struct attr_dec_ctx {
	const char *peer;	/* for the log ("192.0.2.1") */
	uint32_t local_as;
	uint32_t peer_as;
	uint32_t local_v4;	/* our address on the session (host), 0: none */
	bool ibgp;
	bool confed_peer; /* peer in our confederation: confed segments ok */
	bool as4;		/* four-octet AS negotiated (RFC 6793) */
	bool af[BGP_AF_MAX];	/* families negotiated */
	bool enforce_first_as;	/* "bgp enforce-first-as" (eBGP) */
	bool reject_as_sets;	/* RFC 9774 */
	bool allow_martians;	/* accept 0/8, 127/8, 224/3 NEXT_HOP */
	unsigned maxas_limit;	/* "bgp maxas-limit N", 0: none */
	const uint8_t *discard;	/* 32-byte bitmap (bit = attribute code):
				 * attributes dropped on receipt without
				 * error (bgp unknown-attribute discard /
				 * neighbor X path-attribute discard);
				 * NULL: none.  Bit c is byte c / 8, mask
				 * 1 << (c % 8) (attr_discard_set).
				 * MP_REACH_NLRI and MP_UNREACH_NLRI are
				 * never dropped (their NLRI would be lost:
				 * RFC 7606 3.j). */
};

/* Set / test bit code of a 32-byte discard bitmap. */
static inline void attr_discard_set(uint8_t *bm, uint8_t code)
{
	bm[code / 8] |= (uint8_t)(1u << (code % 8));
}
static inline bool attr_discard_has(const uint8_t *bm, uint8_t code)
{
	return bm && (bm[code / 8] & (1u << (code % 8)));
}

/* MP_REACH_NLRI / MP_UNREACH_NLRI as found (RFC 4760 3, 4). */
struct attr_mp {
	bool present;
	int af;			/* enum bgp_af, or -1: not ours (ignored) */
	uint16_t afi;
	uint8_t safi;
	uint8_t nh_len;		/* MP_REACH: 4, 16 or 32 */
	uint8_t nh[16];
	uint8_t nh_ll[16];	/* when nh_len == 32 */
	bool nh_bad;		/* martian next hop: routes ignored */
	struct rbuf nlri;	/* points into the message */
};

/*
 * Result of decoding the path attribute section of one UPDATE.  b holds
 * everything except the next hop (the caller sets it per family).
 */
struct attr_parsed {
	struct attr_build b;
	enum attr_action action;	/* the worst outcome so far */
	struct bgp_err err;	/* the NOTIFICATION for the worst error (also
				 * kept for withdraw, see RFC 7606 5.2) */
	uint8_t err_attr;	/* attribute code behind action */
	unsigned ndiscard;	/* attributes discarded (malformed) */
	unsigned ndiscard_cfg;	/* attributes dropped by ctx->discard */
	bool has_nexthop;	/* classic NEXT_HOP present and valid */
	uint32_t nexthop;	/* host order */
	bool nexthop_bad;	/* semantically invalid NEXT_HOP (martian) */
	bool other_attrs;	/* any attribute besides MP_UNREACH_NLRI */
	struct attr_mp reach, unreach;
	uint32_t seen[8];	/* bitmap of codes seen (RFC 7606 3.g) */
	/* RFC 6793 state, merged at the end. */
	struct aspath *as4_path;
	bool has_as4_aggr;
	uint32_t as4_aggr_as, as4_aggr_addr;
	struct wbuf unknown;	/* unknown transitive attributes, verbatim */
	const struct attr_dec_ctx *ctx;
};

/*
 * Decode the path attribute section.  Always fills *p (even on error:
 * MP_UNREACH and MP_REACH found before or after a bad attribute are kept
 * for treat-as-withdraw, RFC 7606 3.j) and returns p->action.
 * attr_parsed_clear() must follow.  The check for missing mandatory
 * attributes needs to know whether NLRI is present, so it is separate:
 * attr_check_mandatory().
 */
enum attr_action attr_parse(struct rbuf attrs, const struct attr_dec_ctx *c,
			    struct attr_parsed *p);
/* RFC 7606 3.d, for NLRI of family af (classic: af IPv4, classic true). */
void attr_check_mandatory(struct attr_parsed *p, bool classic, bool mp);
void attr_parsed_clear(struct attr_parsed *p);

/* What the encoder needs to know about the receiving peer. */
struct attr_enc_ctx {
	bool as4;	/* peer is a NEW speaker (AS_PATH in 4 octets) */
	bool nexthop;	/* write NEXT_HOP (classic IPv4 NLRI follows) */
};

/*
 * Write the path attributes of a, except MP_REACH/MP_UNREACH, in type
 * order: toward an OLD speaker AS_PATH in 2 octets with AS_TRANS plus
 * AS4_PATH / AS4_AGGREGATOR (RFC 6793 4.2.2); unknown transitive ones
 * with the Partial bit set; Extended Length when a value exceeds 255.
 */
void attr_encode(struct wbuf *w, const struct attr *a,
		 const struct attr_enc_ctx *c);
/*
 * MP_REACH_NLRI: writes the header (always extended length), AFI/SAFI,
 * the next hop of a (16 bytes, or 32 with the link-local one; 4 for
 * IPv4; an IPv4 next hop for IPv6 as ::ffff:a.b.c.d) and the reserved
 * octet; the caller appends NLRI and calls attr_mp_end().  Returns the
 * offset for attr_mp_end.  (An IPv6 next hop for IPv4 NLRI needs RFC
 * 8950, not negotiated: the caller must not ask for it; likewise
 * attr_encode writes NEXT_HOP only for an IPv4 next hop.)
 */
size_t attr_mp_reach_begin(struct wbuf *w, enum bgp_af af,
			   const struct attr *a);
size_t attr_mp_unreach_begin(struct wbuf *w, enum bgp_af af);
void attr_mp_end(struct wbuf *w, size_t off);

/* One line for logs and "show ip bgp" detail:
 * "nexthop 192.0.2.1 origin i aspath 1 2 med 0 localpref 100 ..." */
size_t attr_print(const struct attr *a, char *buf, size_t len);
const char *attr_code_name(uint8_t code);
/* Quagga's origin letters: 'i', 'e', '?'. */
char attr_origin_char(uint8_t origin);

/* Counters (process-wide). */
struct attr_stats {
	unsigned long withdraw, discard, reset;
	unsigned long discard_cfg;	/* dropped by attr_dec_ctx.discard */
};
extern struct attr_stats attr_stats;
size_t attr_count(void);
size_t attr_table_slots(void);
size_t attr_ext_count(void);

#endif
