/*
 * msg.c: the BGP message codec for everything but path attributes.
 *
 * It owns the 19-byte header, OPEN with its optional parameters and
 * capabilities (RFC 4271 4.2, RFC 5492, RFC 9072), KEEPALIVE,
 * NOTIFICATION (with the RFC 9003 shutdown communication), ROUTE-REFRESH
 * (RFC 2918, 7313) and the outer framing of UPDATE.  Every parser reads
 * through struct rbuf and turns a protocol error into the NOTIFICATION
 * that answers it (struct bgp_err); every builder writes into a struct
 * wbuf and leaves its error sticky.  No sockets, no peer state, no
 * logging: the session code logs, with msg_notify_log_fmt() for the
 * Quagga-format NOTIFICATION line.
 *
 * Choices worth knowing (see also msg.h):
 * - A capability of a known code with the wrong length (MP not 4, AS4 not
 *   4, GR not 2 + 4n, route refresh / extended message / enhanced route
 *   refresh not 0, add-path not 4n, FQDN whose names overrun it) is
 *   ignored and its code noted in caps.bad_len, rather than answered with
 *   2/0.  RFC 5492 3 tells a speaker to ignore what it does not
 *   understand, and a value we cannot parse is exactly that; treating it
 *   as absent is always safe because we then behave as towards a peer that
 *   never sent it (no IPv6 table, 2-octet AS, no graceful restart), and
 *   it keeps a session to a peer with a cosmetic encoding bug up.  The
 *   capability's own framing (its length octet running past the
 *   parameter) is still 2/0: past that point nothing can be trusted.
 * - Duplicate capabilities: the first well-formed one wins, the others
 *   are counted in caps.n_dup (MP may repeat, once per family).
 * - Bytes after the optional parameters (Opt Parm Len shorter than the
 *   rest of the message) are 2/0, as OpenBGPD does; FRR ignores them.
 *
 * Limitations: no ORF (ROUTE-REFRESH is exactly 23 octets, anything else
 * is 1/2 rather than RFC 7313's 7/1); add-path and FQDN are parsed for
 * show only; the MP capability carries only the families of af.h, the
 * others are counted in caps.mp_other.
 */
#include <stdio.h>
#include <string.h>

#include "msg.h"

/* ---------------------------------------------------------------- errors */

void bgp_err_set(struct bgp_err *e, uint8_t code, uint8_t sub,
		 const uint8_t *data, size_t len)
{
	e->code = code;
	e->subcode = sub;
	e->data = len ? data : NULL;
	e->len = data ? len : 0;
}

void bgp_err_set_inl(struct bgp_err *e, uint8_t code, uint8_t sub,
		     const void *data, size_t len)
{
	if (len > sizeof(e->inl))
		len = sizeof(e->inl);
	if (len)
		memcpy(e->inl, data, len);
	bgp_err_set(e, code, sub, e->inl, len);
}

void bgp_err_clear(struct bgp_err *e)
{
	memset(e, 0, sizeof(*e));
}

/* Errors whose data is a big-endian integer of n octets. */
static int err_u16(struct bgp_err *e, uint8_t code, uint8_t sub, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	bgp_err_set_inl(e, code, sub, b, sizeof(b));
	return -1;
}

static int err_u32(struct bgp_err *e, uint8_t code, uint8_t sub, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	bgp_err_set_inl(e, code, sub, b, sizeof(b));
	return -1;
}

static int err_nodata(struct bgp_err *e, uint8_t code, uint8_t sub)
{
	bgp_err_set(e, code, sub, NULL, 0);
	return -1;
}

/* ---------------------------------------------------------------- header */

/*
 * RFC 4271 6.1: the length must also suit the type.  RFC 8654 4: an OPEN
 * (and a KEEPALIVE, which is fixed anyway) never exceeds 4096.
 */
static bool hdr_len_ok(uint8_t type, uint16_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return len >= BGP_OPEN_MIN_LEN && len <= BGP_MAX_LEN;
	case BGP_MSG_UPDATE:
		return len >= BGP_UPDATE_MIN_LEN;
	case BGP_MSG_NOTIFICATION:
		return len >= BGP_NOTIFY_MIN_LEN;
	case BGP_MSG_KEEPALIVE:
		return len == BGP_KEEPALIVE_LEN;
	case BGP_MSG_ROUTE_REFRESH:
		/* Longer is a ROUTE-REFRESH error (RFC 7313 5), judged by
		 * msg_route_refresh_parse: the header only sets the floor. */
		return len >= BGP_RR_LEN;
	}
	return false;
}

int msg_hdr_parse(struct rbuf *r, size_t max_len, uint8_t *type,
		  uint16_t *len, struct bgp_err *err)
{
	struct rbuf h = *r;
	uint8_t marker[16];
	uint16_t l;
	uint8_t t;
	size_t i;

	bgp_err_clear(err);
	if (rbuf_bytes(&h, marker, sizeof(marker)) || rbuf_u16(&h, &l) ||
	    rbuf_u8(&h, &t))
		return -1;	/* incomplete header: code 0 */
	for (i = 0; i < sizeof(marker); i++)
		if (marker[i] != 0xff)
			return err_nodata(err, BGP_ERR_HEADER,
					  BGP_ERR_HDR_SYNC);
	if (l < BGP_HDR_LEN || l > max_len)
		return err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN, l);
	if (t < BGP_MSG_OPEN || t > BGP_MSG_ROUTE_REFRESH) {
		bgp_err_set_inl(err, BGP_ERR_HEADER, BGP_ERR_HDR_TYPE, &t, 1);
		return -1;
	}
	if (!hdr_len_ok(t, l))
		return err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN, l);
	*r = h;
	*type = t;
	*len = l;
	return 0;
}

/* ---------------------------------------------------------- capabilities */

/* Per-OPEN parse state: which codes have already been taken. */
struct caps_ctx {
	struct bgp_caps *c;
	uint8_t seen[256 / 8];
};

static void note_code(uint8_t *list, uint8_t *n, uint8_t code)
{
	uint8_t i;

	for (i = 0; i < *n; i++)
		if (list[i] == code)
			return;
	if (*n < BGP_CAPS_MAX_UNKNOWN)
		list[(*n)++] = code;
}

/* Copy a name for show/log: printable ASCII only, cut at 64 octets. */
static void copy_name(char dst[65], const uint8_t *p, size_t n)
{
	size_t i;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		dst[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
	dst[n] = '\0';
}

/* RFC 4760 8: AFI (2), reserved (1), SAFI (1). */
static bool cap_mp(struct bgp_caps *c, struct rbuf *v)
{
	uint16_t afi;
	uint8_t safi;
	int af;

	if (rbuf_left(v) != 4 || rbuf_u16(v, &afi) || rbuf_skip(v, 1) ||
	    rbuf_u8(v, &safi))
		return false;
	af = bgp_af_from_wire(afi, safi);
	if (af < 0)
		c->mp_other++;
	else
		c->mp[af] = true;
	c->mp_seen = true;
	return true;
}

/* RFC 6793 9: the 4-octet AS.  0 and AS_TRANS are judged after parsing. */
static bool cap_as4(struct bgp_caps *c, struct rbuf *v)
{
	if (rbuf_left(v) != 4 || rbuf_u32(v, &c->as4_asn))
		return false;
	c->as4 = true;
	return true;
}

/* RFC 4724 3: flags (4 bits) and restart time (12), then per family
 * AFI (2), SAFI (1), flags (1).  Families we do not carry are skipped. */
static bool cap_gr(struct bgp_caps *c, struct rbuf *v)
{
	uint16_t ft, afi;
	uint8_t safi, fl;
	int af;

	if (rbuf_left(v) < 2 || (rbuf_left(v) - 2) % 4 != 0)
		return false;
	if (rbuf_u16(v, &ft))
		return false;
	c->gr_flags = (uint8_t)(ft >> 12);
	c->gr_time = ft & 0x0fff;
	while (rbuf_left(v)) {
		if (rbuf_u16(v, &afi) || rbuf_u8(v, &safi) || rbuf_u8(v, &fl))
			return false;
		af = bgp_af_from_wire(afi, safi);
		if (af >= 0 && !c->gr_af[af]) {
			c->gr_af[af] = true;
			c->gr_af_flags[af] = fl;
		}
	}
	c->gr = true;
	return true;
}

/* draft-walton-bgp-hostname-capability: host len, host, domain len,
 * domain.  A missing domain part is accepted (older FRR). */
static bool cap_fqdn(struct bgp_caps *c, struct rbuf *v)
{
	struct rbuf host, dom = { NULL, 0 };
	uint8_t n;

	if (rbuf_u8(v, &n) || rbuf_sub(v, n, &host))
		return false;
	if (rbuf_left(v) && (rbuf_u8(v, &n) || rbuf_sub(v, n, &dom)))
		return false;
	copy_name(c->fqdn_host, rbuf_ptr(&host), rbuf_left(&host));
	copy_name(c->fqdn_domain, rbuf_ptr(&dom), rbuf_left(&dom));
	c->fqdn = true;
	return true;
}

/* RFC 7911 4: AFI, SAFI, send/receive per family; only noted. */
static bool cap_addpath(struct bgp_caps *c, struct rbuf *v)
{
	if (rbuf_left(v) == 0 || rbuf_left(v) % 4 != 0)
		return false;
	c->addpath = true;
	return true;
}

/* Capabilities whose value is empty: a flag each. */
static bool cap_flag(bool *flag, struct rbuf *v)
{
	if (rbuf_left(v) != 0)
		return false;
	*flag = true;
	return true;
}

/* One capability.  Returns false only to note a known code whose value
 * we could not parse; unknown codes are remembered and ignored. */
static bool cap_dispatch(struct bgp_caps *c, uint8_t code, struct rbuf *v)
{
	switch (code) {
	case BGP_CAP_MP:
		return cap_mp(c, v);
	case BGP_CAP_RR:
		return cap_flag(&c->rr, v);
	case BGP_CAP_RR_OLD:
		return cap_flag(&c->rr_old, v);
	case BGP_CAP_ENHANCED_RR:
		return cap_flag(&c->enhanced_rr, v);
	case BGP_CAP_EXT_MSG:
		return cap_flag(&c->ext_msg, v);
	case BGP_CAP_AS4:
		return cap_as4(c, v);
	case BGP_CAP_GR:
		return cap_gr(c, v);
	case BGP_CAP_FQDN:
		return cap_fqdn(c, v);
	case BGP_CAP_ADDPATH:
		return cap_addpath(c, v);
	}
	note_code(c->unknown, &c->n_unknown, code);	/* RFC 5492 3 */
	return true;
}

static bool cap_known(uint8_t code)
{
	switch (code) {
	case BGP_CAP_MP: case BGP_CAP_RR: case BGP_CAP_RR_OLD:
	case BGP_CAP_ENHANCED_RR: case BGP_CAP_EXT_MSG: case BGP_CAP_AS4:
	case BGP_CAP_GR: case BGP_CAP_FQDN: case BGP_CAP_ADDPATH:
		return true;
	}
	return false;
}

/*
 * One capability, after its framing was checked.  First wins for every
 * known code but MP (one per family); a malformed one counts as absent,
 * so a later well-formed one of the same code is still taken.
 */
static void cap_one(struct caps_ctx *x, uint8_t code, struct rbuf *v)
{
	struct bgp_caps *c = x->c;
	uint8_t bit = (uint8_t)(1u << (code & 7));

	if (!cap_known(code)) {
		cap_dispatch(c, code, v);
		return;
	}
	if (code != BGP_CAP_MP && (x->seen[code >> 3] & bit)) {
		if (c->n_dup < UINT8_MAX)
			c->n_dup++;
		return;
	}
	if (!cap_dispatch(c, code, v)) {
		note_code(c->bad_len, &c->n_bad_len, code);
		return;
	}
	x->seen[code >> 3] |= bit;
}

/* The value of a Capabilities parameter: code (1), length (1), value. */
static int caps_parse(struct rbuf *p, struct caps_ctx *x, struct bgp_err *err)
{
	while (rbuf_left(p)) {
		struct rbuf v;
		uint8_t code, len;

		/* The header and then the value must be there: a capability
		 * ending after its code is CVE-2022-43681's case. */
		if (rbuf_u8(p, &code) || rbuf_u8(p, &len) ||
		    rbuf_sub(p, len, &v))
			return err_nodata(err, BGP_ERR_OPEN,
					  BGP_ERR_OPEN_UNSPEC);
		cap_one(x, code, &v);
	}
	return 0;
}

/* ------------------------------------------------------------------ OPEN */

/*
 * RFC 9072 2: Non-Ext OP Len 255 followed by Non-Ext OP Type 255 means
 * a 2-octet Extended Opt. Parm. Length follows and every parameter has a
 * 2-octet length.  255 followed by any other type is a classic block of
 * exactly 255 octets (FRR rewinds the same way).  The block must end the
 * message.
 */
static int open_carve(struct rbuf *body, uint8_t optlen, struct rbuf *params,
		      bool *ext, struct bgp_err *err)
{
	uint16_t len = optlen;
	uint8_t first;

	*ext = false;
	if (optlen == 255 && rbuf_peek_u8(body, &first) == 0 &&
	    first == BGP_OPT_EXT_LEN) {
		*ext = true;
		if (rbuf_skip(body, 1) || rbuf_u16(body, &len))
			return err_nodata(err, BGP_ERR_OPEN,
					  BGP_ERR_OPEN_UNSPEC);
	}
	if (rbuf_sub(body, len, params) || rbuf_left(body) != 0)
		return err_nodata(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	return 0;
}

/*
 * A parameter header: type (1) and length (1, or 2 under RFC 9072).  It
 * first proves that its 2 or 3 octets remain: reading past them was FRR
 * CVE-2022-40302/40318.
 */
static int param_hdr(struct rbuf *r, bool ext, uint8_t *type, uint16_t *len)
{
	uint8_t l8;

	if (rbuf_left(r) < (ext ? 3u : 2u) || rbuf_u8(r, type))
		return -1;
	if (ext)
		return rbuf_u16(r, len);
	if (rbuf_u8(r, &l8))
		return -1;
	*len = l8;
	return 0;
}

/* The optional parameters (RFC 4271 4.2, RFC 5492 4). */
static int open_params(struct rbuf *r, bool ext, struct bgp_open *o,
		       struct bgp_err *err)
{
	struct caps_ctx x;

	memset(&x, 0, sizeof(x));
	x.c = &o->caps;
	while (rbuf_left(r)) {
		struct rbuf v;
		uint16_t plen;
		uint8_t type;

		if (param_hdr(r, ext, &type, &plen) || rbuf_sub(r, plen, &v))
			return err_nodata(err, BGP_ERR_OPEN,
					  BGP_ERR_OPEN_UNSPEC);
		/* RFC 5492 made type 2 the only one; 1 is deprecated. */
		if (type != BGP_OPT_CAPA)
			return err_nodata(err, BGP_ERR_OPEN,
					  BGP_ERR_OPEN_OPT_PARAM);
		if (caps_parse(&v, &x, err))
			return -1;
	}
	return 0;
}

/* RFC 4271 6.2, 7607 (AS 0), 6286 (identifier 0), FRR's data. */
static int open_check_fixed(const struct bgp_open *o, struct bgp_err *err)
{
	if (o->version != BGP_VERSION)
		return err_u16(err, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION,
			       BGP_VERSION);
	if (o->my_as == 0)
		return err_u16(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS, 0);
	if (o->hold == 1 || o->hold == 2)
		return err_u16(err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD, o->hold);
	if (o->bgp_id == 0)
		return err_u32(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID, 0);
	return 0;
}

/*
 * RFC 6793 and FRR's checks: an AS4 value of 0 (RFC 7607), AS_TRANS
 * claimed as the real AS, or a My AS that is neither AS_TRANS nor the
 * AS4 value is 2/2.  My AS = AS_TRANS without the capability is accepted
 * (the peer is then AS 23456, which msg_open_check() compares).
 */
static int open_check_as4(const struct bgp_open *o, struct bgp_err *err)
{
	const struct bgp_caps *c = &o->caps;

	if (!c->as4)
		return 0;
	if (c->as4_asn == 0 || c->as4_asn == BGP_AS_TRANS)
		return err_u32(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS,
			       c->as4_asn);
	if (o->my_as != BGP_AS_TRANS && o->my_as != c->as4_asn)
		return err_u16(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS,
			       o->my_as);
	return 0;
}

int msg_open_parse(struct rbuf *body, struct bgp_open *o, struct bgp_err *err)
{
	struct rbuf params;
	uint8_t optlen;

	memset(o, 0, sizeof(*o));
	bgp_err_clear(err);
	if (rbuf_u8(body, &o->version) || rbuf_u16(body, &o->my_as) ||
	    rbuf_u16(body, &o->hold) || rbuf_u32(body, &o->bgp_id) ||
	    rbuf_u8(body, &optlen))
		return err_nodata(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	if (open_check_fixed(o, err))
		return -1;
	if (open_carve(body, optlen, &params, &o->ext_params, err))
		return -1;
	if (open_params(&params, o->ext_params, o, err))
		return -1;
	return open_check_as4(o, err);
}

uint32_t msg_open_peer_as(const struct bgp_open *o)
{
	return o->caps.as4 ? o->caps.as4_asn : o->my_as;
}

int msg_open_check(const struct bgp_open *o, uint32_t expected_as,
		   uint32_t local_as, uint32_t local_id, struct bgp_err *err)
{
	bgp_err_clear(err);
	if (msg_open_peer_as(o) != expected_as)
		return err_u16(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS,
			       o->my_as);
	/* RFC 6286 2.2: only within an AS must the identifiers differ. */
	if (expected_as == local_as && o->bgp_id == local_id)
		return err_u32(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID,
			       o->bgp_id);
	return 0;
}

/* -------------------------------------------------------------- builders */

size_t msg_begin(struct wbuf *w, uint8_t type)
{
	static const uint8_t marker[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	size_t off = w->len;

	wbuf_put(w, marker, sizeof(marker));
	wbuf_u16(w, 0);
	wbuf_u8(w, type);
	return off;
}

void msg_finish(struct wbuf *w, size_t off)
{
	size_t n;

	if (!wbuf_ok(w))
		return;
	if (off > w->len || w->len - off < BGP_HDR_LEN ||
	    w->len - off > BGP_EXT_MAX_LEN) {
		w->err = true;
		return;
	}
	n = w->len - off;
	wbuf_set_u16(w, off + 16, (uint16_t)n);
}

void msg_keepalive_build(struct wbuf *w)
{
	msg_finish(w, msg_begin(w, BGP_MSG_KEEPALIVE));
}

void msg_notification_build(struct wbuf *w, uint8_t code, uint8_t sub,
			    const uint8_t *data, size_t len)
{
	size_t off = msg_begin(w, BGP_MSG_NOTIFICATION);

	if (!data || len > BGP_MAX_LEN - BGP_NOTIFY_MIN_LEN)
		len = data ? BGP_MAX_LEN - BGP_NOTIFY_MIN_LEN : 0;
	wbuf_u8(w, code);
	wbuf_u8(w, sub);
	wbuf_put(w, data, len);
	msg_finish(w, off);
}

void msg_route_refresh_build(struct wbuf *w, uint16_t afi, uint8_t safi,
			     uint8_t subtype)
{
	size_t off = msg_begin(w, BGP_MSG_ROUTE_REFRESH);

	wbuf_u16(w, afi);
	wbuf_u8(w, subtype);
	wbuf_u8(w, safi);
	msg_finish(w, off);
}

/* One capability TLV (code, length, value) into c. */
static void cap_put(struct wbuf *c, uint8_t code, const void *v, size_t len)
{
	if (len > UINT8_MAX) {
		c->err = true;
		return;
	}
	wbuf_u8(c, code);
	wbuf_u8(c, (uint8_t)len);
	wbuf_put(c, v, len);
}

static void cap_put_gr(struct wbuf *c, const struct bgp_caps *k)
{
	uint8_t v[2 + 4 * BGP_AF_MAX];
	size_t n = 2;
	int af;

	v[0] = (uint8_t)(((k->gr_flags & 0xf) << 4) |
			 ((k->gr_time >> 8) & 0xf));
	v[1] = (uint8_t)k->gr_time;
	for (af = 0; af < BGP_AF_MAX; af++) {
		if (!k->gr_af[af])
			continue;
		v[n++] = (uint8_t)(bgp_af_afi(af) >> 8);
		v[n++] = (uint8_t)bgp_af_afi(af);
		v[n++] = bgp_af_safi(af);
		v[n++] = k->gr_af_flags[af];
	}
	cap_put(c, BGP_CAP_GR, v, n);
}

static void cap_put_fqdn(struct wbuf *c, const struct bgp_caps *k)
{
	size_t hl = strnlen(k->fqdn_host, 64), dl = strnlen(k->fqdn_domain, 64);
	uint8_t v[2 + 64 + 64];

	v[0] = (uint8_t)hl;
	memcpy(v + 1, k->fqdn_host, hl);
	v[1 + hl] = (uint8_t)dl;
	memcpy(v + 2 + hl, k->fqdn_domain, dl);
	cap_put(c, BGP_CAP_FQDN, v, 2 + hl + dl);
}

/* The capability TLVs in Quagga 1.2's order (see msg.h). */
static void open_caps(struct wbuf *c, const struct bgp_caps *k)
{
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		uint8_t v[4] = { (uint8_t)(bgp_af_afi(af) >> 8),
				 (uint8_t)bgp_af_afi(af), 0,
				 bgp_af_safi(af) };

		if (k->mp[af])
			cap_put(c, BGP_CAP_MP, v, sizeof(v));
	}
	if (k->rr_old)
		cap_put(c, BGP_CAP_RR_OLD, NULL, 0);
	if (k->rr)
		cap_put(c, BGP_CAP_RR, NULL, 0);
	if (k->as4) {
		uint8_t v[4] = { (uint8_t)(k->as4_asn >> 24),
				 (uint8_t)(k->as4_asn >> 16),
				 (uint8_t)(k->as4_asn >> 8),
				 (uint8_t)k->as4_asn };

		cap_put(c, BGP_CAP_AS4, v, sizeof(v));
	}
	if (k->gr)
		cap_put_gr(c, k);
	if (k->enhanced_rr)
		cap_put(c, BGP_CAP_ENHANCED_RR, NULL, 0);
	if (k->ext_msg)
		cap_put(c, BGP_CAP_EXT_MSG, NULL, 0);
	if (k->fqdn)
		cap_put_fqdn(c, k);
}

/*
 * Wrap each capability TLV of caps in its own Capabilities parameter,
 * with a 1-octet (classic) or 2-octet (RFC 9072) parameter length.
 */
static void open_put_params(struct wbuf *w, const struct wbuf *caps,
			    bool ext)
{
	struct rbuf r = rbuf_make(caps->buf, caps->len);

	while (rbuf_left(&r)) {
		struct rbuf tlv = r;
		uint8_t code, len;

		if (rbuf_u8(&r, &code) || rbuf_u8(&r, &len) ||
		    rbuf_skip(&r, len)) {
			w->err = true;	/* cannot happen: we wrote caps */
			return;
		}
		wbuf_u8(w, BGP_OPT_CAPA);
		if (ext)
			wbuf_u16(w, (uint16_t)(2 + len));
		else
			wbuf_u8(w, (uint8_t)(2 + len));
		wbuf_put(w, rbuf_ptr(&tlv), 2u + len);
	}
}

/* Number of capability TLVs in caps (one parameter each). */
static size_t caps_count(const struct wbuf *caps)
{
	struct rbuf r = rbuf_make(caps->buf, caps->len);
	size_t n = 0;
	uint8_t code, len;

	while (rbuf_u8(&r, &code) == 0 && rbuf_u8(&r, &len) == 0 &&
	       rbuf_skip(&r, len) == 0)
		n++;
	return n;
}

void msg_open_build(struct wbuf *w, const struct bgp_open *o, bool force_ext)
{
	const struct bgp_caps *k = &o->caps;
	struct wbuf caps;
	size_t off, n, classic;
	bool ext;

	wbuf_init(&caps, BGP_MAX_LEN);
	open_caps(&caps, k);
	if (!wbuf_ok(&caps)) {
		w->err = true;
		wbuf_free(&caps);
		return;
	}
	n = caps_count(&caps);
	classic = caps.len + 2 * n;
	ext = force_ext || o->ext_params || classic > UINT8_MAX;

	off = msg_begin(w, BGP_MSG_OPEN);
	wbuf_u8(w, o->version ? o->version : BGP_VERSION);
	wbuf_u16(w, (k->as4 && k->as4_asn > UINT16_MAX) ? BGP_AS_TRANS
							  : o->my_as);
	wbuf_u16(w, o->hold);
	wbuf_u32(w, o->bgp_id);
	if (ext) {	/* RFC 9072 2 */
		wbuf_u8(w, 255);
		wbuf_u8(w, BGP_OPT_EXT_LEN);
		wbuf_u16(w, (uint16_t)(caps.len + 3 * n));
	} else {
		wbuf_u8(w, (uint8_t)classic);
	}
	open_put_params(w, &caps, ext);
	wbuf_free(&caps);
	/* RFC 8654 4: an OPEN never exceeds 4096, whatever w allows. */
	if (wbuf_ok(w) && w->len - off > BGP_MAX_LEN)
		w->err = true;
	msg_finish(w, off);
}

void msg_open_init(struct bgp_open *o, uint32_t local_as, uint16_t hold,
		   uint32_t bgp_id)
{
	memset(o, 0, sizeof(*o));
	o->version = BGP_VERSION;
	o->my_as = local_as > UINT16_MAX ? BGP_AS_TRANS : (uint16_t)local_as;
	o->hold = hold;
	o->bgp_id = bgp_id;
	o->caps.rr = true;
	o->caps.rr_old = true;
	o->caps.as4 = true;
	o->caps.as4_asn = local_as;
	o->caps.gr = true;
	o->caps.gr_time = BGP_GR_RESTART_TIME;
}

/* ---------------------------------------- NOTIFICATION and ROUTE-REFRESH */

int msg_notification_parse(struct rbuf *body, uint8_t *code, uint8_t *sub,
			   struct rbuf *data)
{
	if (rbuf_u8(body, code) || rbuf_u8(body, sub))
		return -1;
	return rbuf_sub(body, rbuf_left(body), data);
}

int msg_route_refresh_parse(struct rbuf *body, uint16_t *afi, uint8_t *safi,
			    uint8_t *subtype, struct bgp_err *err)
{
	size_t n = rbuf_left(body);

	bgp_err_clear(err);
	if (n < BGP_RR_LEN - BGP_HDR_LEN)
		return err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN,
			       (uint16_t)(n + BGP_HDR_LEN));
	/* RFC 7313 5: a body other than 4 octets (we never negotiate ORF,
	 * RFC 5291) is 7/1 Invalid Message Length; the data is the message
	 * (here its body: the header was the sender's and is all-ones but
	 * for the length). */
	if (n != BGP_RR_LEN - BGP_HDR_LEN) {
		bgp_err_set(err, BGP_ERR_RR, BGP_ERR_RR_LEN, rbuf_ptr(body), n);
		return -1;
	}
	if (rbuf_u16(body, afi) || rbuf_u8(body, subtype) ||
	    rbuf_u8(body, safi))
		return -1;	/* cannot happen: 4 octets were there */
	return 0;
}

/* -------------------------------------------------- shutdown communication */

/* Length of the UTF-8 sequence starting at p (RFC 3629 4), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(const uint8_t *p, size_t left)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (left < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

bool msg_utf8_valid(const uint8_t *p, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t msg_utf8_trunc(const char *s, size_t len, size_t max)
{
	size_t cut = max, back = 0;

	if (len <= max)
		return len;
	/* s[cut] is the first octet left out: if it continues a character,
	 * leave that whole character out (at most 3 steps back). */
	while (cut > 0 && back < 3 && ((uint8_t)s[cut] & 0xc0) == 0x80) {
		cut--;
		back++;
	}
	return cut;
}

enum msg_shut msg_shutdown_text(uint8_t code, uint8_t sub,
				const struct rbuf *data, char *out,
				size_t outsz)
{
	struct rbuf r = *data, txt;
	size_t n, i;
	uint8_t len;

	if (outsz)
		out[0] = '\0';
	if (code != BGP_ERR_CEASE)
		return MSG_SHUT_NONE;
	/* RFC 8538 3: a Hard Reset carries the inner subcode and its data. */
	if (sub == BGP_CEASE_HARD_RESET && rbuf_u8(&r, &sub))
		return MSG_SHUT_NONE;
	if (sub != BGP_CEASE_ADMIN_SHUTDOWN && sub != BGP_CEASE_ADMIN_RESET)
		return MSG_SHUT_NONE;
	if (rbuf_u8(&r, &len) || len == 0)
		return MSG_SHUT_NONE;
	if (rbuf_sub(&r, len, &txt))
		return MSG_SHUT_OVERRUN;
	if (!msg_utf8_valid(rbuf_ptr(&txt), len))
		return MSG_SHUT_BAD_UTF8;
	if (outsz == 0)
		return MSG_SHUT_TEXT;
	n = msg_utf8_trunc((const char *)rbuf_ptr(&txt), len, outsz - 1);
	for (i = 0; i < n; i++) {
		uint8_t c = rbuf_ptr(&txt)[i];

		out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[n] = '\0';
	return MSG_SHUT_TEXT;
}

size_t msg_shutdown_data(const char *text, uint8_t *out)
{
	size_t n = msg_utf8_trunc(text, strlen(text), BGP_SHUTDOWN_MSG_MAX);

	out[0] = (uint8_t)n;
	memcpy(out + 1, text, n);
	return n + 1;
}

void msg_notification_shutdown_build(struct wbuf *w, uint8_t sub,
				     const char *text)
{
	uint8_t data[1 + BGP_SHUTDOWN_MSG_MAX];
	size_t n = text && *text ? msg_shutdown_data(text, data) : 0;

	msg_notification_build(w, BGP_ERR_CEASE, sub, n ? data : NULL, n);
}

/* ---------------------------------------------------------------- UPDATE */

/* RFC 4271 6.3 / RFC 7606 5.3: either length running past the message
 * leaves nothing to trust: 3/1, no data. */
int msg_update_split(struct rbuf *body, struct rbuf *withdrawn,
		     struct rbuf *attrs, struct rbuf *nlri,
		     struct bgp_err *err)
{
	uint16_t wlen, alen;

	bgp_err_clear(err);
	if (rbuf_u16(body, &wlen) || rbuf_sub(body, wlen, withdrawn) ||
	    rbuf_u16(body, &alen) || rbuf_sub(body, alen, attrs))
		return err_nodata(err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
	return rbuf_sub(body, rbuf_left(body), nlri);
}

/* ----------------------------------------------------------------- texts */

/* Quagga 1.2 bgp_debug.c tables (../shared/reference/quagga-vty.md 6). */
static const char *const code_str[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[7] = "CAPABILITY Message Error",
};

static const char *const hdr_sub[] = {
	[1] = "/Connection Not Synchronized",
	[2] = "/Bad Message Length",
	[3] = "/Bad Message Type",
};

static const char *const open_sub[] = {
	[0] = "/Unspecific",
	[1] = "/Unsupported Version Number",
	[2] = "/Bad Peer AS",
	[3] = "/Bad BGP Identifier",
	[4] = "/Unsupported Optional Parameter",
	[5] = "/Authentication Failure",
	[6] = "/Unacceptable Hold Time",
	[7] = "/Unsupported Capability",
};

static const char *const update_sub[] = {
	[0] = "/Unspecific",
	[1] = "/Malformed Attribute List",
	[2] = "/Unrecognized Well-known Attribute",
	[3] = "/Missing Well-known Attribute",
	[4] = "/Attribute Flags Error",
	[5] = "/Attribute Length Error",
	[6] = "/Invalid ORIGIN Attribute",
	[7] = "/AS Routing Loop",
	[8] = "/Invalid NEXT_HOP Attribute",
	[9] = "/Optional Attribute Error",
	[10] = "/Invalid Network Field",
	[11] = "/Malformed AS_PATH",
};

static const char *const cease_sub[] = {
	[0] = "/Unspecific",
	[1] = "/Maximum Number of Prefixes Reached",
	[2] = "/Administratively Shutdown",
	[3] = "/Peer Unconfigured",
	[4] = "/Administratively Reset",
	[5] = "/Connection Rejected",
	[6] = "/Other Configuration Change",
	[7] = "/Connection collision resolution",
	[8] = "/Out of Resource",
};

static const char *const capa_sub[] = {
	[0] = "/Unspecific",
	[1] = "/Invalid Action Value",
	[2] = "/Invalid Capability Length",
	[3] = "/Malformed Capability Value",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const char *const *tab, size_t n, uint8_t i,
			  const char *def)
{
	return (i < n && tab[i]) ? tab[i] : def;
}

const char *msg_err_code_str(uint8_t code)
{
	return lookup(code_str, NELEM(code_str), code,
		      "Unrecognized Error Code");
}

const char *msg_err_subcode_str(uint8_t code, uint8_t sub)
{
	static const char unrec[] = "Unrecognized Error Subcode";

	switch (code) {
	case BGP_ERR_HEADER:
		return lookup(hdr_sub, NELEM(hdr_sub), sub, unrec);
	case BGP_ERR_OPEN:
		return lookup(open_sub, NELEM(open_sub), sub, unrec);
	case BGP_ERR_UPDATE:
		return lookup(update_sub, NELEM(update_sub), sub, unrec);
	case BGP_ERR_CEASE:
		return lookup(cease_sub, NELEM(cease_sub), sub, unrec);
	case 7:
		return lookup(capa_sub, NELEM(capa_sub), sub, unrec);
	}
	return "";	/* Hold Timer, FSM, unknown codes: no subcode text */
}

const char *msg_type_str(uint8_t type)
{
	static const char *const names[] = {
		[BGP_MSG_OPEN] = "OPEN",
		[BGP_MSG_UPDATE] = "UPDATE",
		[BGP_MSG_NOTIFICATION] = "NOTIFICATION",
		[BGP_MSG_KEEPALIVE] = "KEEPALIVE",
		[BGP_MSG_ROUTE_REFRESH] = "ROUTE-REFRESH",
		[6] = "CAPABILITY",
	};

	return lookup(names, NELEM(names), type, "UNKNOWN");
}

size_t msg_notify_log_fmt(char *buf, size_t size, bool sent,
			  const char *host, uint8_t code, uint8_t sub,
			  const uint8_t *data, size_t len)
{
	size_t i, pos;
	int n;

	if (size == 0)
		return 0;
	n = snprintf(buf, size, "%%NOTIFICATION: %s neighbor %s %u/%u (%s%s) "
		     "%zu bytes ", sent ? "sent to" : "received from", host,
		     code, sub, msg_err_code_str(code),
		     msg_err_subcode_str(code, sub), data ? len : 0);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	pos = (size_t)n < size ? (size_t)n : size - 1;
	for (i = 0; data && i < len && pos + 3 < size; i++) {
		n = snprintf(buf + pos, size - pos, i ? " %02x" : "%02x",
			     data[i]);
		if (n < 0)
			break;
		pos += (size_t)n;
	}
	buf[pos] = '\0';
	return pos;
}
