/*
 * update.h: decoding a whole received UPDATE (RFC 4271 4.3, RFC 4760,
 * RFC 7606) into per-family withdrawals and announcements with their
 * interned attribute set, End-of-RIB markers (RFC 4724 2) and the
 * RFC 7606 outcome; plus the NLRI writer used to build UPDATEs.
 *
 * The prefix arrays belong to the caller and are reused from message to
 * message (update_init once, update_decode per UPDATE, update_fini at
 * the end), so steady-state decoding does not allocate per prefix.
 */
#ifndef OKAPI_UPDATE_H
#define OKAPI_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "attr.h"
#include "msg.h"
#include "prefix.h"
#include "rbuf.h"

struct update_pfx {
	struct prefix *v;
	size_t n, cap;
};

struct update {
	/* Withdrawn: the Withdrawn Routes field (IPv4) and MP_UNREACH, plus,
	 * under treat-as-withdraw, every announced prefix. */
	struct update_pfx withdrawn[BGP_AF_MAX];
	/* Announced: the NLRI field (IPv4) and MP_REACH. */
	struct update_pfx announced[BGP_AF_MAX];
	/* The set for announced[af] (one reference each; NULL when
	 * nothing is announced for af).  The next hop is the family's:
	 * NEXT_HOP for the NLRI field, the MP next hop for MP_REACH. */
	struct attr *attr[BGP_AF_MAX];
	bool eor[BGP_AF_MAX];		/* End-of-RIB for af */
	enum attr_action action;	/* RFC 7606 outcome */
	struct bgp_err err;		/* NOTIFICATION if SESSION_RESET */
	uint8_t err_attr;		/* attribute code behind action, 0 */
	unsigned ndiscard;		/* attributes discarded */
	unsigned ndiscard_cfg;		/* dropped by attr_dec_ctx.discard */
	bool nexthop_bad;		/* withdrawn for a martian next hop */
	bool mp_ignored;		/* MP attribute of an unknown or not
					 * negotiated family, ignored */
};

void update_init(struct update *u);
/* Drop the attr references and reset the counts (keeps the arrays). */
void update_reset(struct update *u);
void update_fini(struct update *u);

/*
 * Decode an UPDATE body (after the 19-byte header).  Returns u->action.
 * On ATTR_SESSION_RESET, u->err is the NOTIFICATION to send (its data
 * points into body: send it before body goes) and the prefix arrays
 * must not be used.  On ATTR_TREAT_AS_WITHDRAW every
 * announced prefix has been moved to withdrawn[] and attr[] is NULL.
 */
enum attr_action update_decode(struct update *u, const uint8_t *body,
			       size_t len, const struct attr_dec_ctx *c);

/*
 * NLRI encoding (RFC 4271 4.3): length octet and the significant
 * octets.  update_nlri_parse decodes a whole field of family af into
 * out; -1 on a prefix length over 32/128 or a prefix running past the
 * field (RFC 7606 5.3).
 */
void update_nlri_put(struct wbuf *w, const struct prefix *p);
size_t update_nlri_len(const struct prefix *p);
int update_nlri_parse(struct rbuf nlri, int family, struct update_pfx *out);

#endif
