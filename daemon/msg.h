/*
 * msg.h: the BGP message codec for everything but path attributes:
 * header, OPEN with capabilities, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH,
 * and the outer framing of UPDATE (withdrawn / attributes / NLRI).
 *
 * Parsers read only through struct rbuf and report a protocol error as a
 * struct bgp_err, which is exactly the NOTIFICATION to send
 * (RFC 4271 section 6, ../shared/reference/rfc7606-and-errors.md 1.3-1.7).
 * Builders write into a struct wbuf.  No sockets, no peer state here.
 */
#ifndef OKAPI_MSG_H
#define OKAPI_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "rbuf.h"

#define BGP_HDR_LEN 19
#define BGP_MAX_LEN 4096
#define BGP_EXT_MAX_LEN 65535	/* RFC 8654, once negotiated */
#define BGP_VERSION 4
#define BGP_AS_TRANS 23456

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

/* NOTIFICATION codes (RFC 4271 4.5, 4486, 6608, 7313, 9687). */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_RR = 7,
	BGP_ERR_SEND_HOLD = 8,
};

enum {	/* header subcodes */
	BGP_ERR_HDR_SYNC = 1,
	BGP_ERR_HDR_LEN = 2,
	BGP_ERR_HDR_TYPE = 3,
};

enum {	/* OPEN subcodes */
	BGP_ERR_OPEN_UNSPEC = 0,
	BGP_ERR_OPEN_VERSION = 1,
	BGP_ERR_OPEN_PEER_AS = 2,
	BGP_ERR_OPEN_BGP_ID = 3,
	BGP_ERR_OPEN_OPT_PARAM = 4,
	BGP_ERR_OPEN_HOLD = 6,
	BGP_ERR_OPEN_CAPA = 7,
};

enum {	/* UPDATE subcodes */
	BGP_ERR_UPD_ATTR_LIST = 1,
	BGP_ERR_UPD_UNREC_WELLKNOWN = 2,
	BGP_ERR_UPD_MISSING_WELLKNOWN = 3,
	BGP_ERR_UPD_ATTR_FLAGS = 4,
	BGP_ERR_UPD_ATTR_LEN = 5,
	BGP_ERR_UPD_ORIGIN = 6,
	BGP_ERR_UPD_NEXT_HOP = 8,
	BGP_ERR_UPD_OPT_ATTR = 9,
	BGP_ERR_UPD_NETWORK = 10,
	BGP_ERR_UPD_AS_PATH = 11,
};

enum {	/* FSM subcodes (RFC 6608) */
	BGP_ERR_FSM_UNSPEC = 0,
	BGP_ERR_FSM_OPENSENT = 1,
	BGP_ERR_FSM_OPENCONFIRM = 2,
	BGP_ERR_FSM_ESTABLISHED = 3,
};

enum {	/* Cease subcodes (RFC 4486, 8538) */
	BGP_CEASE_MAX_PREFIX = 1,
	BGP_CEASE_ADMIN_SHUTDOWN = 2,
	BGP_CEASE_PEER_UNCONFIG = 3,
	BGP_CEASE_ADMIN_RESET = 4,
	BGP_CEASE_CONN_REJECTED = 5,
	BGP_CEASE_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION = 7,
	BGP_CEASE_OUT_OF_RESOURCES = 8,
	BGP_CEASE_HARD_RESET = 9,
};

/*
 * A protocol error: the NOTIFICATION that answers it.  The data either
 * points into the received message (valid while that buffer lives) or,
 * for data we compute (a length, our version), into inl[].
 */
struct bgp_err {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data;
	size_t len;
	uint8_t inl[8];
};

void bgp_err_set(struct bgp_err *e, uint8_t code, uint8_t sub,
		 const uint8_t *data, size_t len);
/* Same, with data copied into inl[] (len <= 8). */
void bgp_err_set_inl(struct bgp_err *e, uint8_t code, uint8_t sub,
		     const void *data, size_t len);

/* Capability codes. */
enum {
	BGP_CAP_MP = 1,
	BGP_CAP_RR = 2,
	BGP_CAP_EXT_NEXTHOP = 5,
	BGP_CAP_EXT_MSG = 6,
	BGP_CAP_ROLE = 9,
	BGP_CAP_GR = 64,
	BGP_CAP_AS4 = 65,
	BGP_CAP_ADDPATH = 69,
	BGP_CAP_ENHANCED_RR = 70,
	BGP_CAP_LLGR = 71,
	BGP_CAP_FQDN = 73,
	BGP_CAP_RR_OLD = 128,
};

#define BGP_GR_FLAG_RESTART 0x8		/* R bit, in the 4-bit flags */
#define BGP_GR_FLAG_NOTIFICATION 0x4	/* N bit (RFC 8538) */
#define BGP_GR_AF_FORWARDING 0x80	/* F bit per family */
#define BGP_CAPS_MAX_UNKNOWN 8

struct bgp_caps {
	bool mp[BGP_AF_MAX];	/* multiprotocol families offered */
	bool mp_seen;		/* any MP capability at all (RFC 4760) */
	uint16_t mp_other;	/* count of MP caps for families we lack */
	bool rr;		/* route refresh, code 2 */
	bool rr_old;		/* code 128 */
	bool enhanced_rr;
	bool as4;
	uint32_t as4_asn;
	bool gr;
	uint8_t gr_flags;	/* 4 bits */
	uint16_t gr_time;	/* 12 bits */
	bool gr_af[BGP_AF_MAX];
	uint8_t gr_af_flags[BGP_AF_MAX];
	bool ext_msg;
	bool addpath;		/* seen, not used */
	bool fqdn;
	char fqdn_host[65];
	uint8_t unknown[BGP_CAPS_MAX_UNKNOWN];	/* codes, for show */
	uint8_t n_unknown;
};

struct bgp_open {
	uint8_t version;
	uint16_t my_as;		/* AS_TRANS when the real AS is 4-byte */
	uint16_t hold;
	uint32_t bgp_id;	/* host order */
	bool ext_params;	/* RFC 9072 encoding was used */
	struct bgp_caps caps;
};

/*
 * The 19-byte header.  Checks the marker, the length bounds (19..max_len,
 * max_len being 4096 or 65535 with extended messages) and the minimum or
 * exact length of each type (RFC 4271 6.1).  On success *type and *len
 * (the whole message length) are set and the cursor is past the header.
 */
int msg_hdr_parse(struct rbuf *r, size_t max_len, uint8_t *type,
		  uint16_t *len, struct bgp_err *err);

/*
 * OPEN body (after the header).  Structural checks only: version, hold
 * time 1 or 2, BGP Identifier 0, AS 0 (RFC 7607), optional parameter and
 * capability framing including RFC 9072, AS4 consistency (RFC 6793 / FRR).
 * Checks that need configuration (peer AS, our own identifier) are in
 * msg_open_check().
 */
int msg_open_parse(struct rbuf *body, struct bgp_open *o, struct bgp_err *err);

/* The peer's real AS: the AS4 capability if present, else My AS. */
uint32_t msg_open_peer_as(const struct bgp_open *o);

/*
 * Checks against configuration: remote-as (2/2), the identifier equal to
 * ours on iBGP (2/3).  local_id and the ids are in host order.
 */
int msg_open_check(const struct bgp_open *o, uint32_t expected_as,
		   uint32_t local_as, uint32_t local_id, struct bgp_err *err);

/*
 * Builders.  Each writes one whole message (header included) to w.
 * msg_open_build uses the RFC 9072 encoding only when the parameters do
 * not fit in 255 octets or force_ext is set.
 */
void msg_open_build(struct wbuf *w, const struct bgp_open *o, bool force_ext);
void msg_keepalive_build(struct wbuf *w);
void msg_notification_build(struct wbuf *w, uint8_t code, uint8_t sub,
			    const uint8_t *data, size_t len);
void msg_route_refresh_build(struct wbuf *w, uint16_t afi, uint8_t safi,
			     uint8_t subtype);

/* Start a message of the given type: returns the offset to finish. */
size_t msg_begin(struct wbuf *w, uint8_t type);
/* Write the length field of the message begun at off. */
void msg_finish(struct wbuf *w, size_t off);

int msg_notification_parse(struct rbuf *body, uint8_t *code, uint8_t *sub,
			   struct rbuf *data);
int msg_route_refresh_parse(struct rbuf *body, uint16_t *afi, uint8_t *safi,
			    uint8_t *subtype, struct bgp_err *err);

/*
 * UPDATE framing (RFC 4271 4.3 / 6.3, RFC 7606 5.3): split the body into
 * its three parts.  An error here (lengths that overrun) is 3/1.
 */
int msg_update_split(struct rbuf *body, struct rbuf *withdrawn,
		     struct rbuf *attrs, struct rbuf *nlri,
		     struct bgp_err *err);

/* Quagga's texts: "Hold Timer Expired", "/Bad Peer AS" (subcode text
 * with its leading slash, "" where Quagga prints none). */
const char *msg_err_code_str(uint8_t code);
const char *msg_err_subcode_str(uint8_t code, uint8_t sub);
const char *msg_type_str(uint8_t type);

#endif
