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

/* Minimum (or exact) whole-message length per type (RFC 4271 4.2-4.5,
 * RFC 2918 3). */
#define BGP_OPEN_MIN_LEN 29
#define BGP_UPDATE_MIN_LEN 23
#define BGP_NOTIFY_MIN_LEN 21
#define BGP_KEEPALIVE_LEN 19
#define BGP_RR_LEN 23

/* Optional parameter types (RFC 4271 4.2, RFC 5492, RFC 9072). */
#define BGP_OPT_AUTH 1		/* deprecated: 2/4 */
#define BGP_OPT_CAPA 2
#define BGP_OPT_EXT_LEN 255	/* RFC 9072 marker type */

/* Quagga's graceful restart time (bgpd.h BGP_DEFAULT_RESTART_TIME). */
#define BGP_GR_RESTART_TIME 120

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

/* ROUTE-REFRESH Message Error subcodes (RFC 7313 5). */
enum {
	BGP_ERR_RR_LEN = 1,	/* Invalid Message Length */
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
/* Same, with data copied into inl[] (len <= 8; longer is cut to 8). */
void bgp_err_set_inl(struct bgp_err *e, uint8_t code, uint8_t sub,
		     const void *data, size_t len);
/* No error: code 0 (0 is no valid NOTIFICATION code). */
void bgp_err_clear(struct bgp_err *e);

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
	/*
	 * Added with msg.c.  Parse notes for the log; the builder ignores
	 * them.  fqdn_domain: the FQDN capability's domain name (printable
	 * ASCII, others replaced by '?', cut at 64 like fqdn_host).
	 * bad_len: codes of known capabilities ignored because their length
	 * (or FQDN framing) was wrong; n_dup: repeated capabilities ignored
	 * because the first one wins.
	 */
	char fqdn_domain[65];
	uint8_t bad_len[BGP_CAPS_MAX_UNKNOWN];
	uint8_t n_bad_len;
	uint8_t n_dup;
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
 *
 * Errors: 1/1 (no data), 1/2 (data: the 2-octet length field), 1/3 (data:
 * the type octet), all with data in err->inl.  An OPEN above 4096 is 1/2
 * whatever max_len says (RFC 8654 4); ROUTE-REFRESH must be exactly 23
 * (no ORF).  Fewer than 19 bytes in r: -1 with err->code 0, which is not a
 * protocol error (the caller reads the whole header first).  On any error
 * the cursor is left unchanged.
 */
int msg_hdr_parse(struct rbuf *r, size_t max_len, uint8_t *type,
		  uint16_t *len, struct bgp_err *err);

/*
 * OPEN body (after the header).  Structural checks only: version, hold
 * time 1 or 2, BGP Identifier 0, AS 0 (RFC 7607), optional parameter and
 * capability framing including RFC 9072, AS4 consistency (RFC 6793 / FRR).
 * Checks that need configuration (peer AS, our own identifier) are in
 * msg_open_check().
 *
 * Outcomes (data in err->inl): 2/1 data 0x0004; 2/2 data the 2-octet My
 * AS (My AS 0, or My AS inconsistent with AS4) or the 4-octet AS4 value
 * (AS4 0, AS4 = AS_TRANS); 2/3 data the 4-octet identifier; 2/6 data the
 * 2-octet hold time (FRR sends these data); 2/4 for an optional parameter
 * other than capabilities; 2/0 with no data for every framing error
 * (parameter or capability header or value running past its container,
 * bytes after the parameters), as FRR does.  Capabilities with a wrong
 * length are ignored and noted in caps.bad_len, never an error (see
 * msg.c for why).  *o is zeroed first and is complete only on success.
 */
int msg_open_parse(struct rbuf *body, struct bgp_open *o, struct bgp_err *err);

/* The peer's real AS: the AS4 capability if present, else My AS. */
uint32_t msg_open_peer_as(const struct bgp_open *o);

/*
 * Checks against configuration: remote-as (2/2), the identifier equal to
 * ours on iBGP (2/3).  local_id and the ids are in host order.
 * Data as FRR sends it: 2/2 the OPEN's 2-octet My AS field, 2/3 the
 * 4-octet identifier.  An eBGP peer may use our identifier (RFC 6286 2.2).
 */
int msg_open_check(const struct bgp_open *o, uint32_t expected_as,
		   uint32_t local_as, uint32_t local_id, struct bgp_err *err);

/*
 * Builders.  Each writes one whole message (header included) to w.
 * msg_open_build uses the RFC 9072 encoding only when the parameters do
 * not fit in 255 octets or force_ext (or o->ext_params) is set.
 *
 * msg_open_build writes each capability in its own optional parameter,
 * in Quagga 1.2's order (seed 000 decode): MP for each family in
 * caps.mp[] (IPv4, IPv6), route refresh old (128) if caps.rr_old, new (2)
 * if caps.rr, 4-byte AS (65) if caps.as4, graceful restart (64) if
 * caps.gr (flags, time, the families in caps.gr_af[] with their
 * gr_af_flags), then what Quagga does not send: enhanced route refresh
 * (70) if caps.enhanced_rr, extended message (6) only if caps.ext_msg,
 * FQDN (73) if caps.fqdn.  Add-path, unknown codes and the parse notes
 * are not written.  My AS is written as AS_TRANS when caps.as4 carries an
 * AS above 65535, else o->my_as; version 0 is written as 4.
 * Errors (message over w->max, allocation) leave wbuf_ok(w) false.
 */
void msg_open_build(struct wbuf *w, const struct bgp_open *o, bool force_ext);

/*
 * Fill *o with what okapi advertises by default, as Quagga 1.2 does:
 * version 4, My AS (AS_TRANS above 65535), hold, identifier (host order),
 * route refresh old and new, 4-byte AS, graceful restart with time 120
 * and no flags.  No families: the caller sets caps.mp[af] (and
 * caps.gr_af[af] to list them in graceful restart), and caps.ext_msg if
 * extended messages are to be offered.
 */
void msg_open_init(struct bgp_open *o, uint32_t local_as, uint16_t hold,
		   uint32_t bgp_id);
void msg_keepalive_build(struct wbuf *w);
/* data is cut so that the message stays within 4096 octets (RFC 8654 5:
 * a NOTIFICATION may answer an OPEN, before extended messages hold). */
void msg_notification_build(struct wbuf *w, uint8_t code, uint8_t sub,
			    const uint8_t *data, size_t len);
void msg_route_refresh_build(struct wbuf *w, uint16_t afi, uint8_t safi,
			     uint8_t subtype);

/* Start a message of the given type: returns the offset to finish. */
size_t msg_begin(struct wbuf *w, uint8_t type);
/* Write the length field of the message begun at off. */
void msg_finish(struct wbuf *w, size_t off);

/* Body after the header: code, subcode, *data = the rest.  -1 if the body
 * is shorter than 2 (the header check already refuses that). */
int msg_notification_parse(struct rbuf *body, uint8_t *code, uint8_t *sub,
			   struct rbuf *data);
/*
 * Body after the header: AFI (2), subtype (1, RFC 7313; reserved 0 in
 * RFC 2918), SAFI (1).  A body other than 4 octets is 1/2 (data: the
 * message length).  The caller ignores subtypes above 2 (RFC 7313 5) and
 * families it did not negotiate (RFC 2918 4).
 */
int msg_route_refresh_parse(struct rbuf *body, uint16_t *afi, uint8_t *safi,
			    uint8_t *subtype, struct bgp_err *err);

/*
 * RFC 9003 shutdown communication.  For Cease 6/2 and 6/4 (and a Hard
 * Reset 6/9 that wraps one, RFC 8538 3) whose data is a length octet and
 * UTF-8 text.  The text goes to out (always NUL-terminated when outsz >
 * 0, cut on a UTF-8 boundary to fit, ASCII control characters replaced
 * by '?' so that a peer cannot forge log lines).  Never reads past data
 * nor writes past outsz (BIRD CVE-2019-16159).
 */
#define BGP_SHUTDOWN_MSG_MAX 255	/* RFC 9003 2 */
enum msg_shut {
	MSG_SHUT_BAD_UTF8 = -2,	/* not valid UTF-8: log a hex dump */
	MSG_SHUT_OVERRUN = -1,	/* length octet runs past the data */
	MSG_SHUT_NONE = 0,	/* not 6/2 or 6/4, no data, or length 0 */
	MSG_SHUT_TEXT = 1,	/* out holds the text */
};
enum msg_shut msg_shutdown_text(uint8_t code, uint8_t sub,
				const struct rbuf *data, char *out,
				size_t outsz);
/*
 * The data of a shutdown NOTIFICATION for `neighbor X shutdown message
 * TEXT`: length octet + text cut at 255 octets on a UTF-8 boundary.  out
 * must hold 1 + BGP_SHUTDOWN_MSG_MAX octets.  Returns the data length.
 */
size_t msg_shutdown_data(const char *text, uint8_t *out);
/* A whole Cease NOTIFICATION (sub 2 or 4) carrying that data. */
void msg_notification_shutdown_build(struct wbuf *w, uint8_t sub,
				     const char *text);
/* UTF-8 helpers (RFC 3629): strict validity; the longest prefix of s
 * (len octets) of at most max octets that does not split a character. */
bool msg_utf8_valid(const uint8_t *p, size_t len);
size_t msg_utf8_trunc(const char *s, size_t len, size_t max);

/*
 * UPDATE framing (RFC 4271 4.3 / 6.3, RFC 7606 5.3): split the body into
 * its three parts.  An error here (a length that overruns, or a body
 * too short to hold both length fields) is 3/1 with no data.  The parts
 * are sub-cursors of body: nothing is checked inside them.
 */
int msg_update_split(struct rbuf *body, struct rbuf *withdrawn,
		     struct rbuf *attrs, struct rbuf *nlri,
		     struct bgp_err *err);

/* Quagga's texts: "Hold Timer Expired", "/Bad Peer AS" (subcode text
 * with its leading slash, "" where Quagga prints none: Hold Timer, FSM,
 * and any unknown code).  Unknown: "Unrecognized Error Code" and
 * "Unrecognized Error Subcode".  Code 7 is Quagga's "CAPABILITY Message
 * Error" (its dynamic capability draft), not RFC 7313's name.
 * msg_type_str: "OPEN" .. "ROUTE-REFRESH", "CAPABILITY" (6), else
 * "UNKNOWN". */
const char *msg_err_code_str(uint8_t code);
const char *msg_err_subcode_str(uint8_t code, uint8_t sub);
const char *msg_type_str(uint8_t type);

/*
 * The body of Quagga's log line for a NOTIFICATION, into buf (always
 * NUL-terminated, cut to size):
 *   %NOTIFICATION: sent to neighbor 10.34.0.4 4/0 (Hold Timer Expired) 0 bytes 
 * "received from" instead of "sent to" when !sent.  The data follows
 * "bytes " as Quagga's bgp_notify_send_with_data prints it: "%02x" per
 * octet, separated by one blank ("00 04"); with no data the line ends with
 * the blank.  Returns strlen(buf).
 */
size_t msg_notify_log_fmt(char *buf, size_t size, bool sent,
			  const char *host, uint8_t code, uint8_t sub,
			  const uint8_t *data, size_t len);

#endif
