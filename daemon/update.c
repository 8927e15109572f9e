/*
 * update.c: a received UPDATE, whole.  Splits the body (RFC 4271 4.3),
 * hands the attribute section to attr.c, parses the Withdrawn Routes and
 * NLRI fields and the prefixes inside MP_REACH / MP_UNREACH (RFC 4760),
 * then applies the UPDATE-level rules of RFC 7606: missing well-known
 * attributes (3.d), syntax of every NLRI field (3.i, 5.3), withdraw-only
 * UPDATEs with bad attributes (5.2), the strongest outcome wins (3.h),
 * treat-as-withdraw turning every announcement into a withdrawal (2).
 * End-of-RIB is recognised as RFC 4724 2 defines it.
 *
 * Limitations: an UPDATE that carries IPv4 prefixes both in the NLRI
 * field and in an IPv4 MP_REACH announces all of them with NEXT_HOP
 * (one attribute set per family); a martian NEXT_HOP then withdraws both.
 * An MP_REACH of a family we did not negotiate is ignored (catalogue
 * 64), so it does not count as reachable NLRI for RFC 7606 5.2.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "update.h"

void update_init(struct update *u)
{
	memset(u, 0, sizeof(*u));
}

void update_reset(struct update *u)
{
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		u->withdrawn[af].n = 0;
		u->announced[af].n = 0;
		attr_unref(u->attr[af]);
		u->attr[af] = NULL;
		u->eor[af] = false;
	}
	u->action = ATTR_OK;
	memset(&u->err, 0, sizeof(u->err));
	u->err_attr = 0;
	u->ndiscard = 0;
	u->ndiscard_cfg = 0;
	u->nexthop_bad = false;
	u->mp_ignored = false;
}

void update_fini(struct update *u)
{
	int af;

	update_reset(u);
	for (af = 0; af < BGP_AF_MAX; af++) {
		free(u->withdrawn[af].v);
		free(u->announced[af].v);
	}
	memset(u, 0, sizeof(*u));
}

static int pfx_push(struct update_pfx *a, const struct prefix *p)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		struct prefix *v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = *p;
	return 0;
}

/* ---- NLRI ---- */

size_t update_nlri_len(const struct prefix *p)
{
	return 1 + (p->len + 7u) / 8;
}

void update_nlri_put(struct wbuf *w, const struct prefix *p)
{
	wbuf_u8(w, p->len);
	wbuf_put(w, p->a, (p->len + 7u) / 8);
}

/*
 * RFC 4271 4.3 / RFC 7606 5.3: a length octet then the significant
 * octets.  Bits past the length are cleared (RFC 4271 says they are
 * irrelevant).  -1: syntax error; -2: out of memory.
 */
int update_nlri_parse(struct rbuf nlri, int family, struct update_pfx *out)
{
	struct prefix p;
	uint8_t plen;

	while (rbuf_left(&nlri) > 0) {
		memset(&p, 0, sizeof(p));
		(void)rbuf_u8(&nlri, &plen);
		if (plen > af_maxlen(family))
			return -1;
		if (rbuf_bytes(&nlri, p.a, (plen + 7u) / 8))
			return -1;
		p.af = (uint8_t)family;
		p.len = plen;
		prefix_clear_host_bits(&p);
		if (pfx_push(out, &p))
			return -2;
	}
	return 0;
}

/* ---- the UPDATE ---- */

static void update_fail(struct update *u, uint8_t code, uint8_t sub,
			const uint8_t *data, size_t len)
{
	u->action = ATTR_SESSION_RESET;
	u->err.code = code;
	u->err.subcode = sub;
	u->err.data = data;
	u->err.len = len;
}

/*
 * Parse one NLRI field into out; on error set the reset (sub: 3/10 for
 * the classic fields, 3/9 for MP attributes, RFC 4760 7) and return -1.
 */
static int update_field(struct update *u, struct rbuf field, int family,
			struct update_pfx *out, uint8_t sub)
{
	int r = update_nlri_parse(field, family, out);

	if (r == -1)
		update_fail(u, BGP_ERR_UPDATE, sub, NULL, 0);
	else if (r == -2)
		update_fail(u, BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES, NULL,
			    0);
	return r ? -1 : 0;
}

static int update_fields(struct update *u, const struct attr_parsed *p,
			 struct rbuf wd, struct rbuf nlri,
			 const struct attr_dec_ctx *c)
{
	struct update_pfx ignored = { 0 };
	int r = 0;

	if (update_field(u, wd, AF_INET, &u->withdrawn[BGP_AF_IPV4],
			 BGP_ERR_UPD_NETWORK))
		return -1;
	/* IPv4 not negotiated: NLRI syntax still checked, routes ignored */
	if (update_field(u, nlri, AF_INET,
			 c->af[BGP_AF_IPV4] ? &u->announced[BGP_AF_IPV4]
					    : &ignored,
			 BGP_ERR_UPD_NETWORK))
		r = -1;
	free(ignored.v);
	if (r)
		return -1;
	if (p->unreach.af >= 0 &&
	    update_field(u, p->unreach.nlri, bgp_af_family(p->unreach.af),
			 &u->withdrawn[p->unreach.af], BGP_ERR_UPD_OPT_ATTR))
		return -1;
	if (p->reach.af >= 0 &&
	    update_field(u, p->reach.nlri, bgp_af_family(p->reach.af),
			 &u->announced[p->reach.af], BGP_ERR_UPD_OPT_ATTR))
		return -1;
	return 0;
}

/* Treat-as-withdraw (RFC 7606 2): every announced prefix is withdrawn. */
static int update_withdraw_all(struct update *u, int af)
{
	size_t i;

	for (i = 0; i < u->announced[af].n; i++)
		if (pfx_push(&u->withdrawn[af], &u->announced[af].v[i]))
			return -1;
	u->announced[af].n = 0;
	return 0;
}

static struct attr *update_intern(struct attr_parsed *p, int af,
				  bool classic)
{
	struct attr_build *b = &p->b;

	memset(b->nh, 0, sizeof(b->nh));
	b->has_nh_ll = false;
	if (af == BGP_AF_IPV4 && classic) {
		b->nh_af = AF_INET;
		b->nh[0] = (uint8_t)(p->nexthop >> 24);
		b->nh[1] = (uint8_t)(p->nexthop >> 16);
		b->nh[2] = (uint8_t)(p->nexthop >> 8);
		b->nh[3] = (uint8_t)p->nexthop;
	} else {
		b->nh_af = (uint8_t)bgp_af_family(af);
		memcpy(b->nh, p->reach.nh, p->reach.nh_len == 4 ? 4 : 16);
		if (p->reach.nh_len == 32) {
			b->has_nh_ll = true;
			memcpy(b->nh_ll, p->reach.nh_ll, 16);
		}
	}
	return attr_intern(b);
}

/* RFC 4724 2: the empty UPDATE (IPv4), or an MP_UNREACH with no
 * withdrawn routes as the only attribute (other families). */
static void update_eor(struct update *u, const struct attr_parsed *p,
		       bool fields_empty, size_t bodylen)
{
	if (bodylen == 4)
		u->eor[BGP_AF_IPV4] = true;
	if (fields_empty && p->unreach.present && p->unreach.af >= 0 &&
	    !p->other_attrs && rbuf_left(&p->unreach.nlri) == 0 &&
	    p->action == ATTR_OK)
		u->eor[p->unreach.af] = true;
}

static void update_announce(struct update *u, struct attr_parsed *p,
			    bool classic)
{
	bool bad;
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		if (!u->announced[af].n)
			continue;
		bad = (af == BGP_AF_IPV4 && classic) ? p->nexthop_bad
						   : p->reach.nh_bad;
		if (bad) {
			u->nexthop_bad = true;	/* RFC 4271 6.3: no NOTIFY */
			if (update_withdraw_all(u, af))
				goto nomem;
			continue;
		}
		u->attr[af] = update_intern(p, af, classic);
		if (!u->attr[af])
			goto nomem;
	}
	return;
nomem:
	update_fail(u, BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES, NULL, 0);
}

/* After the fields are parsed: RFC 7606 3.d, 5.2, 2.  classic: the
 * NLRI field announced something. */
static void update_outcome(struct update *u, struct attr_parsed *p,
			   bool classic)
{
	bool reach = p->reach.af >= 0 && rbuf_left(&p->reach.nlri) > 0;
	int af;

	attr_check_mandatory(p, classic, reach);
	u->action = p->action;
	u->err = p->err;
	u->err_attr = p->err_attr;
	u->ndiscard = p->ndiscard;
	u->ndiscard_cfg = p->ndiscard_cfg;
	/* 5.2: no reachable NLRI, attributes other than MP_UNREACH, and an
	 * error stronger than discard: nothing to withdraw, so reset. */
	if (p->action > ATTR_DISCARD && p->other_attrs && !reach && !classic) {
		u->action = ATTR_SESSION_RESET;
		return;
	}
	if (u->action == ATTR_TREAT_AS_WITHDRAW) {
		for (af = 0; af < BGP_AF_MAX; af++)
			if (update_withdraw_all(u, af))
				update_fail(u, BGP_ERR_CEASE,
					    BGP_CEASE_OUT_OF_RESOURCES, NULL,
					    0);
		return;
	}
	update_announce(u, p, classic);
}

enum attr_action update_decode(struct update *u, const uint8_t *body,
			       size_t len, const struct attr_dec_ctx *c)
{
	struct rbuf r, wd, attrs, nlri;
	struct attr_parsed p;

	update_reset(u);
	r = rbuf_make(body, len);
	/* RFC 4271 6.3, RFC 7606 3.b: lengths that overrun are 3/1 */
	if (msg_update_split(&r, &wd, &attrs, &nlri, &u->err)) {
		u->action = ATTR_SESSION_RESET;
		return u->action;
	}
	attr_parse(attrs, c, &p);
	u->mp_ignored = (p.reach.present && p.reach.af < 0) ||
			(p.unreach.present && p.unreach.af < 0);
	if (p.action == ATTR_SESSION_RESET) {
		u->action = p.action;
		u->err = p.err;
		u->err_attr = p.err_attr;
	} else if (update_fields(u, &p, wd, nlri, c) == 0) {
		update_eor(u, &p, !rbuf_left(&wd) && !rbuf_left(&nlri), len);
		update_outcome(u, &p, rbuf_left(&nlri) && c->af[BGP_AF_IPV4]);
	}
	attr_parsed_clear(&p);
	return u->action;
}
