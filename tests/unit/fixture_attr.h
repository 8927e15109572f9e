/*
 * fixture_attr.h: building struct attr / struct aspath by hand for the
 * decide and rib tests, without the interning tables ("1 2 {3,4}
 * (65001) [65002,65003]" as Quagga prints paths).
 */
#ifndef OKAPI_FIXTURE_ATTR_H
#define OKAPI_FIXTURE_ATTR_H

#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "prefix.h"

static inline struct aspath *fx_aspath(const char *s)
{
	uint8_t buf[512];
	size_t len = 0, cnt_off = 0;
	unsigned hops = 0, nasn = 0;
	int cur = 0;		/* type of the open segment, 0: none */
	bool bracket = false;
	struct aspath *p;

	while (*s) {
		char ch = *s;

		if (ch == ' ' || ch == ',') {
			s++;
			continue;
		}
		if (ch == '{' || ch == '(' || ch == '[') {
			cur = ch == '{' ? AS_SET :
			      ch == '(' ? AS_CONFED_SEQUENCE : AS_CONFED_SET;
			buf[len] = (uint8_t)cur;
			cnt_off = len + 1;
			buf[cnt_off] = 0;
			len += 2;
			bracket = true;
			hops += cur == AS_SET;
			s++;
			continue;
		}
		if (ch == '}' || ch == ')' || ch == ']') {
			bracket = false;
			cur = 0;
			s++;
			continue;
		}
		if (!bracket && cur != AS_SEQUENCE) {
			cur = AS_SEQUENCE;
			buf[len] = AS_SEQUENCE;
			cnt_off = len + 1;
			buf[cnt_off] = 0;
			len += 2;
		}
		unsigned long v = strtoul(s, (char **)&s, 10);

		buf[len++] = (uint8_t)(v >> 24);
		buf[len++] = (uint8_t)(v >> 16);
		buf[len++] = (uint8_t)(v >> 8);
		buf[len++] = (uint8_t)v;
		buf[cnt_off]++;
		nasn++;
		hops += cur == AS_SEQUENCE;
	}
	p = calloc(1, sizeof(*p) + len);
	p->h.refcnt = 1;
	p->len = (uint32_t)len;
	p->hops = (uint16_t)hops;
	p->nasn = (uint16_t)nasn;
	memcpy(p->data, buf, len);
	return p;
}

/* An attribute set: origin 'i'/'e'/'?', med < 0 = absent, lp < 0 =
 * absent, next hop text (may be NULL). */
static inline struct attr *fx_attr(const char *path, char origin, long med, long lp,
			    const char *nh)
{
	struct attr *a = calloc(1, sizeof(*a));
	struct ipaddr ip;

	a->h.refcnt = 1;
	a->aspath = fx_aspath(path);
	a->origin = origin == 'i' ? ORIGIN_IGP :
		    origin == 'e' ? ORIGIN_EGP : ORIGIN_INCOMPLETE;
	a->has_med = med >= 0;
	a->med = med >= 0 ? (uint32_t)med : 0;
	a->has_local_pref = lp >= 0;
	a->local_pref = lp >= 0 ? (uint32_t)lp : 0;
	if (nh && ipaddr_parse(nh, &ip) == 0) {
		a->nh_af = ip.af;
		memcpy(a->nh, ip.a, 16);
	}
	return a;
}

/* ORIGINATOR_ID and a CLUSTER_LIST of ncluster entries. */
static inline void fx_attr_rr(struct attr *a, uint32_t originator, unsigned ncluster)
{
	struct attr_ext *e = calloc(1, sizeof(*e) + 4u * ncluster);

	e->h.refcnt = 1;
	e->has_originator = true;
	e->originator_id = originator;
	e->ncluster = (uint16_t)ncluster;
	a->ext = e;
}

static inline void fx_attr_free(struct attr *a)
{
	if (!a)
		return;
	free(a->aspath);
	free(a->ext);
	free(a);
}

#endif
