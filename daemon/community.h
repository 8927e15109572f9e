/*
 * community.h: interned community lists: standard (RFC 1997), extended
 * (RFC 4360) and large (RFC 8092).
 *
 * Each list is a set: sorted, duplicates removed (as Quagga's
 * community_uniq_sort), so equal sets are equal bytes and share one
 * reference-counted object.  Values are kept in host order.
 */
#ifndef OKAPI_COMMUNITY_H
#define OKAPI_COMMUNITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intern.h"
#include "rbuf.h"

/* Well-known communities (RFC 1997, RFC 3765). */
#define COMMUNITY_INTERNET 0x00000000u
#define COMMUNITY_NO_EXPORT 0xFFFFFF01u
#define COMMUNITY_NO_ADVERTISE 0xFFFFFF02u
#define COMMUNITY_LOCAL_AS 0xFFFFFF03u	/* NO_EXPORT_SUBCONFED */
#define COMMUNITY_NO_PEER 0xFFFFFF04u

struct community {
	struct intern_hdr h;
	uint32_t n;
	uint32_t v[];		/* sorted ascending, unique */
};

struct ecommunity {
	struct intern_hdr h;
	uint32_t n;
	uint8_t v[][8];		/* wire order, sorted by memcmp, unique */
};

struct lcommunity_val {
	uint32_t global, local1, local2;
};

struct lcommunity {
	struct intern_hdr h;
	uint32_t n;
	struct lcommunity_val v[];	/* sorted, unique */
};

/*
 * Decoders: the attribute value (without header).  NULL when the
 * length is 0 or not a multiple of 4 / 8 / 12 (RFC 7606 7.8, 7.14,
 * RFC 8092 6) or out of memory (*nomem set).  One new reference.
 */
struct community *community_decode(struct rbuf *val, bool *nomem);
struct ecommunity *ecommunity_decode(struct rbuf *val, bool *nomem);
struct lcommunity *lcommunity_decode(struct rbuf *val, bool *nomem);

/* Intern from values in any order (sorted and deduplicated here).
 * n == 0 gives NULL: an absent attribute, not an empty list. */
struct community *community_intern(const uint32_t *v, size_t n);
struct ecommunity *ecommunity_intern(const uint8_t (*v)[8], size_t n);
struct lcommunity *lcommunity_intern(const struct lcommunity_val *v,
				     size_t n);

struct community *community_ref(struct community *c);
void community_unref(struct community *c);
struct ecommunity *ecommunity_ref(struct ecommunity *c);
void ecommunity_unref(struct ecommunity *c);
struct lcommunity *lcommunity_ref(struct lcommunity *c);
void lcommunity_unref(struct lcommunity *c);

/* Membership (c may be NULL). */
bool community_has(const struct community *c, uint32_t v);

/*
 * For policy ("set community ... additive", "set comm-list NAME
 * delete"): c (may be NULL) plus the n values v, or c without the values
 * for which drop() is true.  One new reference; NULL when the result is
 * empty or memory ran out.
 */
struct community *community_add(const struct community *c, const uint32_t *v,
				size_t n);
struct community *community_filter(const struct community *c,
				   bool (*drop)(uint32_t v, void *arg),
				   void *arg);

/* Encode the attribute value (values only, no header). */
void community_encode(struct wbuf *w, const struct community *c);
void ecommunity_encode(struct wbuf *w, const struct ecommunity *c);
void lcommunity_encode(struct wbuf *w, const struct lcommunity *c);

/*
 * Text as Quagga shows it: "1:3 no-export", "RT:65000:100 SoO:1:2",
 * "65000:1:2".  Return the length the full text needs (like snprintf).
 */
size_t community_print(const struct community *c, char *buf, size_t len);
size_t ecommunity_print(const struct ecommunity *c, char *buf, size_t len);
size_t lcommunity_print(const struct lcommunity *c, char *buf, size_t len);
/* One standard value: "1:3", "no-export", "internet". */
size_t community_val_print(uint32_t v, char *buf, size_t len);
/* Parse one standard value ("AA:NN" or a well-known name); 0 / -1. */
int community_val_parse(const char *s, uint32_t *v);

size_t community_count(void);
size_t ecommunity_count(void);
size_t lcommunity_count(void);

#endif
