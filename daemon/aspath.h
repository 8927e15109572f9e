/*
 * aspath.h: interned AS paths (RFC 4271 4.3, 5.1.2; RFC 5065
 * confederation segments; RFC 6793 four-octet ASNs and AS4_PATH).
 *
 * A path is kept in one canonical form whatever the session: segments of
 * {type, count, count x 4-octet ASN big-endian}, the AS_PATH wire format
 * of a four-octet session.  Identical paths share one reference-counted
 * object, so comparing two paths is comparing two pointers.
 */
#ifndef OKAPI_ASPATH_H
#define OKAPI_ASPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intern.h"
#include "rbuf.h"

enum aspath_seg {
	AS_SET = 1,
	AS_SEQUENCE = 2,
	AS_CONFED_SEQUENCE = 3,
	AS_CONFED_SET = 4,
};

struct aspath {
	struct intern_hdr h;
	uint32_t len;		/* bytes of data[] */
	uint16_t hops;		/* length for the decision process */
	uint16_t nasn;		/* ASNs in all segments */
	uint8_t data[];		/* canonical segments, see above */
};

/* Why a received AS path is malformed (RFC 7606 7.2, RFC 6793 6). */
enum aspath_err {
	ASPATH_OK = 0,
	ASPATH_ERR_SEG_TYPE,	/* unknown segment type */
	ASPATH_ERR_SEG_ZERO,	/* segment of length 0 */
	ASPATH_ERR_OVERRUN,	/* segment runs past the attribute */
	ASPATH_ERR_CONFED,	/* confed segment where none is allowed */
	ASPATH_ERR_AS0,		/* AS 0 in the path (RFC 7607) */
	ASPATH_ERR_NOMEM,
};

const char *aspath_err_str(enum aspath_err e);

/*
 * Decode an AS_PATH (asn_size 4 or 2) or AS4_PATH (asn_size 4,
 * no_confed) value and intern it.  On success *out holds one reference.
 */
enum aspath_err aspath_decode(struct rbuf *val, unsigned asn_size,
			      bool no_confed, struct aspath **out);

/* The interned empty path (one new reference). */
struct aspath *aspath_empty(void);
/* Intern a canonical segment buffer (one new reference); NULL: no mem. */
struct aspath *aspath_intern(const uint8_t *data, size_t len);
struct aspath *aspath_ref(struct aspath *p);
void aspath_unref(struct aspath *p);

/*
 * Length for RFC 4271 9.1.2.2 (a), Quagga's aspath_count_hops: each ASN
 * of an AS_SEQUENCE counts 1, an AS_SET counts 1, confederation
 * segments count 0.  The same count RFC 6793 4.2.3 merges by.
 */
static inline unsigned aspath_hops(const struct aspath *p)
{
	return p->hops;
}
/* Confederation segments' length (Quagga aspath_count_confeds). */
unsigned aspath_confed_hops(const struct aspath *p);

/*
 * The neighbouring AS for MED comparison (RFC 4271 9.1.2.2 c): the first
 * ASN when the path starts with an AS_SEQUENCE, else 0 (Quagga's
 * aspath_cmp_left).  aspath_left_confed_as is the same for a path
 * starting with AS_CONFED_SEQUENCE (bgp_info_cmp, confed MED).
 */
uint32_t aspath_left_as(const struct aspath *p);
uint32_t aspath_left_confed_as(const struct aspath *p);
/* Last ASN of the path (origin AS), 0 if none or it is in a set. */
uint32_t aspath_origin_as(const struct aspath *p);
/* Occurrences of asn anywhere (loop detection, allowas-in). */
unsigned aspath_count_as(const struct aspath *p, uint32_t asn);
/* Any ASN that does not fit in 2 octets (outside confed segments)? */
bool aspath_has_as4(const struct aspath *p);
bool aspath_has_confed(const struct aspath *p);
bool aspath_has_set(const struct aspath *p);
/* Highest segment ASN count: for "bgp maxas-limit". */
unsigned aspath_max_seg_len(const struct aspath *p);

/* New paths (one new reference each; NULL on out-of-memory). */
struct aspath *aspath_prepend(const struct aspath *p, uint32_t asn,
			      unsigned times);
struct aspath *aspath_prepend_confed(const struct aspath *p, uint32_t asn);
/* Drop leading confederation segments (leaving a confederation). */
struct aspath *aspath_strip_confed(const struct aspath *p);
/*
 * RFC 6793 4.2.3: merge AS_PATH received from an OLD speaker with its
 * AS4_PATH.  If AS_PATH is shorter than AS4_PATH the AS4_PATH is ignored
 * (returns a new reference to as_path).
 */
struct aspath *aspath_merge_as4(const struct aspath *as_path,
				const struct aspath *as4_path);

/*
 * Encode the value of AS_PATH (asn_size 4, or 2 with AS_TRANS for each
 * large ASN) or of AS4_PATH (as4_path: confed segments left out).
 * Segments longer than 255 ASNs are split.
 */
void aspath_encode(struct wbuf *w, const struct aspath *p, unsigned asn_size,
		   bool as4_path);
size_t aspath_encoded_len(const struct aspath *p, unsigned asn_size,
			  bool as4_path);

/*
 * Quagga's text: "1 3 2", sets "{4,5}", confed sequences
 * "(65001 65002)", confed sets "[65003,65004]"; "" for the empty path.
 * Returns the length the full text needs (like snprintf).
 */
size_t aspath_print(const struct aspath *p, char *buf, size_t len);

/* The interning table, for counters and tests. */
size_t aspath_count(void);
size_t aspath_table_slots(void);

#endif
