/*
 * attr_gen.c: writes, one hex line each, the bodies of two UPDATEs built
 * with okapi's attribute encoder (attr_encode, attr_mp_reach_begin): an
 * IPv4 and an IPv6 route carrying every attribute okapi encodes (a
 * four-octet AS in the path, MED, ATOMIC_AGGREGATE, AGGREGATOR with a
 * four-octet AS, standard, extended and large communities, an unknown
 * optional transitive attribute).  Argument "4": toward a NEW speaker;
 * "2": toward an OLD one (AS_TRANS, AS4_PATH, AS4_AGGREGATOR).  Used by
 * test_attr_bird.sh, which checks what BIRD makes of them.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "update.h"

static void put_hex(const struct wbuf *w)
{
	size_t i;

	for (i = 0; i < w->len; i++)
		printf("%02x", w->buf[i]);
	printf("\n");
}

static struct attr *make_attr(int family, const char *nh)
{
	static const uint8_t seg[] = { AS_SEQUENCE, 3, 0, 0, 0xfd, 0xe9,
				       0xfa, 0x56, 0xea, 0x00, 0, 0, 0, 3 };
	static const uint8_t unk[] = { 0xc0, 0x63, 0, 4, 0xde, 0xad, 0xbe,
				       0xef };
	static const uint8_t ec[1][8] = { { 0x00, 0x02, 0xfd, 0xe9, 0, 0, 0,
					    100 } };
	const uint32_t comm[] = { 0xfde90064, COMMUNITY_NO_EXPORT };
	const struct lcommunity_val lc = { 65001, 1, 2 };
	struct attr_build b;
	struct attr *a;

	attr_build_init(&b);
	b.origin = ORIGIN_IGP;
	b.aspath = aspath_intern(seg, sizeof(seg));
	b.has_med = true;
	b.med = 10;
	b.atomic_aggregate = true;
	b.has_aggregator = true;
	b.aggr_as = 4200000001u;
	b.aggr_addr = 0x0a090909;
	b.comm = community_intern(comm, 2);
	b.ecomm = ecommunity_intern(ec, 1);
	b.lcomm = lcommunity_intern(&lc, 1);
	b.unknown = unk;
	b.unknown_len = sizeof(unk);
	b.nh_af = (uint8_t)family;
	inet_pton(family, nh, b.nh);
	a = attr_intern(&b);
	attr_build_clear(&b);
	return a;
}

int main(int argc, char **argv)
{
	struct attr_enc_ctx e = { .as4 = argc > 1 && argv[1][0] == '4',
				  .nexthop = true };
	struct attr *a4 = make_attr(AF_INET, "10.0.0.2");
	struct attr *a6 = make_attr(AF_INET6, "2001:db8:ffff::2");
	struct prefix p4, p6;
	struct wbuf w;
	size_t lo, mp;

	if (!a4 || !a6)
		return 1;
	prefix_parse("10.50.0.0/16", &p4, NULL);
	prefix_parse("2001:db8:50::/48", &p6, NULL);
	wbuf_init(&w, BGP_MAX_LEN - BGP_HDR_LEN);
	wbuf_u16(&w, 0);
	lo = wbuf_reserve(&w, 2);
	attr_encode(&w, a4, &e);
	wbuf_set_u16(&w, lo, (uint16_t)(w.len - lo - 2));
	update_nlri_put(&w, &p4);
	put_hex(&w);

	wbuf_reset(&w);
	e.nexthop = false;
	wbuf_u16(&w, 0);
	lo = wbuf_reserve(&w, 2);
	mp = attr_mp_reach_begin(&w, BGP_AF_IPV6, a6);
	update_nlri_put(&w, &p6);
	attr_mp_end(&w, mp);
	attr_encode(&w, a6, &e);
	wbuf_set_u16(&w, lo, (uint16_t)(w.len - lo - 2));
	put_hex(&w);
	if (!wbuf_ok(&w))
		return 1;
	wbuf_free(&w);
	attr_unref(a4);
	attr_unref(a6);
	return 0;
}
