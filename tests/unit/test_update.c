/*
 * test_update.c: whole UPDATE bodies.  The seed's real UPDATEs
 * (../shared/seeds/000_bb8d63c99a2ebb10.txt: MP_REACH with 32-byte IPv6
 * next hops, MP_UNREACH withdrawals and End-of-RIB) decoded field by
 * field; the RFC 7606 catalogue parts C, D and E of
 * rfc7606-and-errors.md at the UPDATE level (what happens to the NLRI);
 * truncation at every offset, byte mutation and random fuzzing with
 * leak checks; encode/decode round trips of whole UPDATEs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex_util.h"
#include "update.h"

static uint8_t body[70000];
static struct update u;

static struct attr_dec_ctx ctx(uint32_t local_as, uint32_t peer_as)
{
	struct attr_dec_ctx c = { .peer = "test", .local_as = local_as,
				  .peer_as = peer_as, .as4 = true };

	c.af[BGP_AF_IPV4] = c.af[BGP_AF_IPV6] = true;
	return c;
}

static size_t hexbody(const char *hex)
{
	return hex2bin(hex, body, sizeof(body));
}

/* Body from its three parts, lengths computed. */
static size_t mkbody(const char *wd, const char *attrs, const char *nlri)
{
	size_t n = 0, w, a;

	w = hex2bin(wd, body + 2, sizeof(body) - 2);
	body[0] = (uint8_t)(w >> 8);
	body[1] = (uint8_t)w;
	n = 2 + w;
	a = hex2bin(attrs, body + n + 2, sizeof(body) - n - 2);
	body[n] = (uint8_t)(a >> 8);
	body[n + 1] = (uint8_t)a;
	n += 2 + a;
	n += hex2bin(nlri, body + n, sizeof(body) - n);
	return n;
}

static void assert_prefix(const struct prefix *p, const char *want)
{
	char s[PREFIX_STRLEN];

	prefix_fmt(p, s, sizeof(s));
	assert_string_equal(s, want);
}

static void assert_path(const struct attr *a, const char *want)
{
	char s[256];

	aspath_print(a->aspath, s, sizeof(s));
	assert_string_equal(s, want);
}

static void assert_nh(const uint8_t *nh, int af, const char *want)
{
	char s[INET6_ADDRSTRLEN];

	assert_non_null(nh);
	inet_ntop(af, nh, s, sizeof(s));
	assert_string_equal(s, want);
}

static void setup_check_clean(void)
{
	update_reset(&u);
	assert_int_equal(attr_count(), 0);
	assert_int_equal(aspath_count(), 0);
	assert_int_equal(community_count(), 0);
}

/* ---- the seed ---- */

#define SEED_NH_A "0002 0120 2001 0012 0000 0000 0000 0000 0000 000a fe80 " \
		  "0000 0000 0000 20ca 6fff fe8a 98a4 00"
#define SEED_NH_B "0002 0120 2001 0012 0000 0000 0000 0000 0000 000b fe80 " \
		  "0000 0000 0000 5c58 b0ff fe0d ef98 00"

static const struct seed_update {
	const char *from;	/* "a": as1ra (AS 1), "b": as2rb (AS 2) */
	const char *hex;	/* the body, as tcpdump printed it */
	size_t msglen;		/* tcpdump's "length" (with the header) */
	const char *prefix, *path;
	bool med;
} seed_updates[] = {
	{ "a", "0000 0047 900e 002e " SEED_NH_A " 40 2001 1234 0001 0000"
	       "400101 00 50020006 0201 0000 0001 800404 0000 0000",
	  94, "2001:1234:1::/64", "1", true },
	{ "a", "0000 0048 900e 002e " SEED_NH_A " 40 2001 1234 0002 0000"
	       "400101 00 5002000e 0203 0000 0001 0000 0003 0000 0002",
	  95, "2001:1234:2::/64", "1 3 2", false },
	{ "a", "0000 0044 900e 002e " SEED_NH_A " 40 2001 1234 0003 0000"
	       "400101 00 5002000a 0202 0000 0001 0000 0003",
	  91, "2001:1234:3::/64", "1 3", false },
	{ "a", "0000 004c 900e 002e " SEED_NH_A " 40 2001 1234 0004 0000"
	       "400101 00 50020012 0204 0000 0001 0000 0003 0000 0002 0000 "
	       "0004",
	  99, "2001:1234:4::/64", "1 3 2 4", false },
	{ "b", "0000 0048 900e 002e " SEED_NH_B " 40 2001 1234 0001 0000"
	       "400101 00 5002000e 0203 0000 0002 0000 0003 0000 0001",
	  95, "2001:1234:1::/64", "2 3 1", false },
	{ "b", "0000 0047 900e 002e " SEED_NH_B " 40 2001 1234 0002 0000"
	       "400101 00 50020006 0201 0000 0002 800404 0000 0000",
	  94, "2001:1234:2::/64", "2", true },
	{ "b", "0000 0044 900e 002e " SEED_NH_B " 40 2001 1234 0003 0000"
	       "400101 00 5002000a 0202 0000 0002 0000 0003",
	  91, "2001:1234:3::/64", "2 3", false },
	{ "b", "0000 0044 900e 002e " SEED_NH_B " 40 2001 1234 0004 0000"
	       "400101 00 5002000a 0202 0000 0002 0000 0004",
	  91, "2001:1234:4::/64", "2 4", false },
};

static void test_seed_announcements(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(seed_updates) / sizeof(seed_updates[0]); i++) {
		const struct seed_update *s = &seed_updates[i];
		bool from_a = s->from[0] == 'a';
		struct attr_dec_ctx c = ctx(from_a ? 2 : 1, from_a ? 1 : 2);
		size_t n = hexbody(s->hex);
		const struct attr *a;

		assert_int_equal(n + BGP_HDR_LEN, s->msglen);
		assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
		assert_int_equal(u.announced[BGP_AF_IPV6].n, 1);
		assert_prefix(&u.announced[BGP_AF_IPV6].v[0], s->prefix);
		assert_int_equal(u.announced[BGP_AF_IPV4].n, 0);
		assert_int_equal(u.withdrawn[BGP_AF_IPV4].n, 0);
		assert_int_equal(u.withdrawn[BGP_AF_IPV6].n, 0);
		assert_false(u.eor[BGP_AF_IPV4] || u.eor[BGP_AF_IPV6]);
		assert_int_equal(u.ndiscard, 0);
		a = u.attr[BGP_AF_IPV6];
		assert_non_null(a);
		assert_null(u.attr[BGP_AF_IPV4]);
		assert_int_equal(a->origin, ORIGIN_IGP);
		assert_path(a, s->path);
		assert_int_equal(a->has_med, s->med);
		if (s->med)
			assert_int_equal(a->med, 0);
		assert_false(a->has_local_pref);
		assert_false(a->atomic_aggregate);
		assert_null(a->comm);
		assert_int_equal(a->nh_af, AF_INET6);
		assert_nh(a->nh, AF_INET6, from_a ? "2001:12::a" : "2001:12::b");
		assert_nh(attr_nh_ll(a), AF_INET6,
			  from_a ? "fe80::20ca:6fff:fe8a:98a4"
				 : "fe80::5c58:b0ff:fe0d:ef98");
		/* as2rb (AS 2) receiving "1 3 2" from as1ra sees a loop */
		assert_int_equal(attr_is_loop(a, c.local_as, 0, 0, 0),
				 aspath_count_as(a->aspath, c.local_as) > 0);
		if (from_a && !strcmp(s->path, "1 3 2"))
			assert_true(attr_is_loop(a, c.local_as, 0, 0, 0));
	}
	setup_check_clean();
}

/* Same attributes, different prefixes: one interned set (as1ra sends
 * 2001:1234:1::/64 with "1" and MED 0; as2rb's 2::/64 has "2"). */
static void test_seed_sharing(void **state)
{
	struct attr_dec_ctx c = ctx(2, 1);
	struct update u2;
	size_t n;

	(void)state;
	update_init(&u2);
	n = hexbody(seed_updates[1].hex);
	update_decode(&u, body, n, &c);
	/* the same UPDATE for another prefix */
	n = hexbody("0000 0048 900e 002e " SEED_NH_A " 40 2001 1234 0009 0000"
		    "400101 00 5002000e 0203 0000 0001 0000 0003 0000 0002");
	update_decode(&u2, body, n, &c);
	assert_ptr_equal(u.attr[BGP_AF_IPV6], u2.attr[BGP_AF_IPV6]);
	assert_int_equal(u.attr[BGP_AF_IPV6]->h.refcnt, 2);
	update_fini(&u2);
	setup_check_clean();
}

static void test_seed_withdrawals_and_eor(void **state)
{
	struct attr_dec_ctx c = ctx(2, 1);
	size_t n;

	(void)state;
	/* 23-byte empty UPDATE: IPv4 End-of-RIB */
	n = hexbody("0000 0000");
	assert_int_equal(n + BGP_HDR_LEN, 23);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_true(u.eor[BGP_AF_IPV4]);
	assert_false(u.eor[BGP_AF_IPV6]);

	/* 29-byte MP_UNREACH with no prefixes: IPv6 End-of-RIB */
	n = hexbody("0000 0006 800f03 000201");
	assert_int_equal(n + BGP_HDR_LEN, 29);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_true(u.eor[BGP_AF_IPV6]);
	assert_false(u.eor[BGP_AF_IPV4]);
	assert_int_equal(u.withdrawn[BGP_AF_IPV6].n, 0);

	/* as1ra withdraws 2::/64 and 4::/64 (48 bytes, Flags [OE]) */
	n = hexbody("0000 0019 900f0015 0002 0140 2001 1234 0002 0000 4020 0112"
		    "3400 0400 00");
	assert_int_equal(n + BGP_HDR_LEN, 48);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_int_equal(u.withdrawn[BGP_AF_IPV6].n, 2);
	assert_prefix(&u.withdrawn[BGP_AF_IPV6].v[0], "2001:1234:2::/64");
	assert_prefix(&u.withdrawn[BGP_AF_IPV6].v[1], "2001:1234:4::/64");
	assert_false(u.eor[BGP_AF_IPV6]);
	assert_null(u.attr[BGP_AF_IPV6]);

	/* as2rb withdraws 1::/64 (39 bytes) */
	c = ctx(1, 2);
	n = hexbody("0000 0010 900f000c 0002 0140 2001 1234 0001 0000");
	assert_int_equal(n + BGP_HDR_LEN, 39);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_int_equal(u.withdrawn[BGP_AF_IPV6].n, 1);
	assert_prefix(&u.withdrawn[BGP_AF_IPV6].v[0], "2001:1234:1::/64");
	setup_check_clean();
}

/*
 * UPDATEs captured from BIRD 2.0.12 and FRR 8.4.4 (Debian 12) announcing
 * to a test speaker in AS 65001 over IPv4 (veth between namespaces, the
 * capture script is described in the attr report): four-octet AS
 * paths, communities of all three kinds, AGGREGATOR, IPv6 over an IPv4
 * session with 32- (BIRD) and 16-byte (FRR) next hops.
 */
static const struct interop_update {
	const char *who, *hex;
	size_t n4, n6;
	const char *prefix, *path, *nh, *nh_ll, *comm, *ecomm, *lcomm;
	long med;		/* -1: absent */
	bool atomic;
	uint32_t aggr_as;	/* 0: absent */
} interop[] = {
	{ "BIRD v4", "0000003d4001010040020a02020000fde8fa56ea004003040a000001"
		     "c00808fde80064ffffff01c010080002fde800000064c0200c0000fd"
		     "e80000000100000002100a01",
	  1, 0, "10.1.0.0/16", "65000 4200000000", "10.0.0.1", NULL,
	  "65000:100 no-export", "RT:65000:100", "65000:1:2", -1, false, 0 },
	{ "BIRD v4 two prefixes", "000000144001010040020602010000fde8400304"
				  "0a000001180a0200180a0201",
	  2, 0, "10.2.0.0/24", "65000", "10.0.0.1", NULL, "", "", "", -1,
	  false, 0 },
	{ "BIRD v6", "00000044900e002c0002012020010db8ffff00000000000000000001"
		     "fe800000000000005c4e56fffef2c39e003020010db8000140010100"
		     "40020602010000fde8c00804fde80006",
	  0, 1, "2001:db8:1::/48", "65000", "2001:db8:ffff::1",
	  "fe80::5c4e:56ff:fef2:c39e", "65000:6", "", "", -1, false, 0 },
	{ "FRR v4", "00000053400101005002000a02020000fde8fa56ea024003040a000001"
		    "80040400000007400600c00708c9f3686e0a090909c00808fde8012c"
		    "ffffff01c0200c0000fde80000000300000004c010080002fde80000"
		    "012c100a03100a04",
	  2, 0, "10.3.0.0/16", "65000 4200000002", "10.0.0.1", NULL,
	  "65000:300 no-export", "RT:65000:300", "65000:3:4", 7, true,
	  /* configured "set aggregator as 4200000001 10.9.9.9"; FRR 8.4.4
	   * put 0xc9f3686e on the wire, which is what is checked */
	  0xc9f3686eu },
	{ "FRR v6", "00000035900e001c0002011020010db8ffff0000000000000000000100"
		    "3020010db80003400101005002000602010000fde880040400000000",
	  0, 1, "2001:db8:3::/48", "65000", "2001:db8:ffff::1", NULL, "", "",
	  "", 0, false, 0 },
};

static void test_interop_vectors(void **state)
{
	struct attr_dec_ctx c = ctx(65001, 65000);
	size_t i;

	(void)state;
	c.enforce_first_as = true;
	for (i = 0; i < sizeof(interop) / sizeof(interop[0]); i++) {
		const struct interop_update *k = &interop[i];
		int af = k->n4 ? BGP_AF_IPV4 : BGP_AF_IPV6;
		size_t n = hexbody(k->hex);
		const struct attr *a;
		uint32_t as, addr;
		char s[256];

		if (update_decode(&u, body, n, &c) != ATTR_OK)
			fail_msg("%s: %s", k->who, attr_action_str(u.action));
		assert_int_equal(u.announced[BGP_AF_IPV4].n, k->n4);
		assert_int_equal(u.announced[BGP_AF_IPV6].n, k->n6);
		assert_prefix(&u.announced[af].v[0], k->prefix);
		a = u.attr[af];
		assert_path(a, k->path);
		assert_int_equal(a->origin, ORIGIN_IGP);
		assert_nh(a->nh, af == BGP_AF_IPV4 ? AF_INET : AF_INET6, k->nh);
		if (k->nh_ll)
			assert_nh(attr_nh_ll(a), AF_INET6, k->nh_ll);
		else
			assert_null(attr_nh_ll(a));
		community_print(a->comm, s, sizeof(s));
		assert_string_equal(s, k->comm);
		ecommunity_print(a->ecomm, s, sizeof(s));
		assert_string_equal(s, k->ecomm);
		lcommunity_print(a->lcomm, s, sizeof(s));
		assert_string_equal(s, k->lcomm);
		assert_int_equal(a->has_med, k->med >= 0);
		if (k->med >= 0)
			assert_int_equal(a->med, k->med);
		assert_int_equal(a->atomic_aggregate, k->atomic);
		assert_int_equal(attr_aggregator(a, &as, &addr), k->aggr_as != 0);
		if (k->aggr_as) {
			assert_int_equal(as, k->aggr_as);
			assert_int_equal(addr, 0x0a090909);
		}
	}
	setup_check_clean();
}

/* ---- the catalogue, at the UPDATE level ---- */

#define ORG "40010100"
#define ASP "4002060201 0000fde9"
#define NH "400304 c0000202"
#define BASE ORG ASP NH
#define LP "40050400000064"
#define NLRI "180a0900"
#define V6UNREACH "800f0c 000201 40 2001123400010000"
#define V6REACH "800e1e 0002 01 10 20010db8 00000000 00000000 00000001 00" \
		"40 20010db8 00000002"

enum { A_ = 1, W_, D_, R_ };	/* expected: accept, withdraw, ... */

static const struct ucase {
	const char *name;
	bool ibgp, old;
	const char *raw;	/* whole body, or NULL: the three parts */
	const char *wd, *attrs, *nlri;
	int want;
	uint8_t code, sub;	/* for R_ */
	size_t ann4, wd4, ann6, wd6;	/* prefixes after the outcome */
} ucases[] = {
	{ "baseline", 0, 0, NULL, "", BASE, NLRI, A_, 0, 0, 1, 0, 0, 0 },
	{ "20 withdrawn length ea60", 0, 0, "ea60 0000" BASE NLRI, NULL, NULL,
	  NULL, R_, 3, 1, 0, 0, 0, 0 },
	{ "20 attr length too long", 0, 0, "0000 0100" BASE NLRI, NULL, NULL,
	  NULL, R_, 3, 1, 0, 0, 0, 0 },
	{ "20 one byte body", 0, 0, "00", NULL, NULL, NULL, R_, 3, 1, 0, 0, 0, 0 },
	{ "21 withdrawn /33", 0, 0, NULL, "210a090000", "", "", R_, 3, 10, 0, 0, 0, 0 },
	{ "21 withdrawn cut short", 0, 0, NULL, "180a09", "", "", R_, 3, 10, 0, 0, 0, 0 },
	{ "22 NLRI /33", 0, 0, NULL, "", BASE, "210a09000001", R_, 3, 10, 0, 0, 0, 0 },
	{ "22 NLRI truncated", 0, 0, NULL, "", BASE, "180a09", R_, 3, 10, 0, 0, 0, 0 },
	{ "23 MED length 200", 0, 0, NULL, "", BASE "8004c8 00000000", NLRI,
	  W_, 0, 0, 0, 1, 0, 0 },
	{ "24 two leftover bytes", 0, 0, NULL, "", BASE "4001", NLRI, W_, 0, 0,
	  0, 1, 0, 0 },
	{ "24 extlen underflow", 0, 0, NULL, "", BASE "500800", NLRI, W_, 0, 0,
	  0, 1, 0, 0 },
	{ "25 attr length 3: strongest wins", 0, 0,
	  "0000 0003" BASE NLRI, NULL, NULL, NULL, R_, 3, 10, 0, 0, 0, 0 },
	{ "26 extlen on a short attribute", 0, 0, NULL, "",
	  "50010001 00" ASP NH, NLRI, A_, 0, 0, 1, 0, 0, 0 },
	{ "27 low flag bits", 0, 0, NULL, "", "4f010100" ASP NH, NLRI, A_, 0,
	  0, 1, 0, 0, 0 },
	{ "28 ORIGIN optional", 0, 0, NULL, "", "c0010100" ASP NH, NLRI, W_, 0,
	  0, 0, 1, 0, 0 },
	{ "28 COMMUNITIES non-transitive", 0, 0, NULL, "",
	  BASE "800804 00010001", NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "29 unknown well-known", 0, 0, NULL, "", BASE "40fe04 deadbeef", NLRI,
	  W_, 0, 0, 0, 1, 0, 0 },
	{ "30 unknown optional", 0, 0, NULL, "",
	  BASE "c0fe04 deadbeef 80fd04 deadbeef", NLRI, A_, 0, 0, 1, 0, 0, 0 },
	{ "31 MED twice", 0, 0, NULL, "",
	  BASE "800404 00000001 800404 00000002", NLRI, D_, 0, 0, 1, 0, 0, 0 },
	{ "32 MP_REACH twice", 0, 0, NULL, "", BASE V6REACH V6REACH, "", R_, 3,
	  1, 0, 0, 0, 0 },
	{ "32 MP_UNREACH twice", 0, 0, NULL, "", V6UNREACH V6UNREACH, "", R_,
	  3, 1, 0, 0, 0, 0 },
	{ "33 no ORIGIN", 0, 0, NULL, "", ASP NH, NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "33 no AS_PATH", 0, 0, NULL, "", ORG NH, NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "33 no NEXT_HOP", 0, 0, NULL, "", ORG ASP, NLRI, W_, 0, 0, 0, 1, 0,
	  0 },
	{ "33 no NEXT_HOP, MP only: fine", 0, 0, NULL, "", ORG ASP V6REACH, "",
	  A_, 0, 0, 0, 0, 1, 0 },
	{ "33 no mandatory, MP_REACH: withdraw v6", 0, 0, NULL, "", V6REACH, "",
	  W_, 0, 0, 0, 0, 0, 1 },
	{ "33 iBGP without LOCAL_PREF", 1, 0, NULL, "", BASE, NLRI, W_, 0, 0, 0,
	  1, 0, 0 },
	{ "33 iBGP with LOCAL_PREF", 1, 0, NULL, "", BASE LP, NLRI, A_, 0, 0, 1,
	  0, 0, 0 },
	{ "34 attributes only, bad ORIGIN", 0, 0, NULL, "", "40010103" ASP NH,
	  "", R_, 3, 6, 0, 0, 0, 0 },
	{ "34 withdrawn + bad ORIGIN", 0, 0, NULL, "180a0900",
	  "40010103" ASP NH, "", R_, 3, 6, 0, 0, 0, 0 },
	{ "34 discard-class error without NLRI", 0, 0, NULL, "",
	  BASE "400601 00", "", D_, 0, 0, 0, 0, 0, 0 },
	{ "35 only unknown transitive + NLRI", 0, 0, NULL, "", "c0ff00", NLRI,
	  W_, 0, 0, 0, 1, 0, 0 },
	{ "35 only unknown 0x1f + NLRI", 0, 0, NULL, "",
	  "c01f10 00000000000000000000000000000000", NLRI, W_, 0, 0, 0, 1, 0,
	  0 },
	{ "36 MP_UNREACH v6 + v4 NLRI, nothing else", 0, 0, NULL, "",
	  V6UNREACH, NLRI, W_, 0, 0, 0, 1, 0, 1 },
	{ "37 attribute length 0 + NLRI", 0, 0, NULL, "", "", NLRI, W_, 0, 0, 0,
	  1, 0, 0 },
	{ "38 MP_REACH last, NLRI in both", 0, 0, NULL, "", BASE V6REACH, NLRI,
	  A_, 0, 0, 1, 0, 1, 0 },
	{ "38 AS4_PATH before AS_PATH (OLD)", 0, 1, NULL, "",
	  ORG "c01106 0201 00011170 400204 0201 fde9" NH, NLRI, A_, 0, 0, 1, 0,
	  0, 0 },
	{ "39 EoR plus a discard-class attribute", 0, 0, NULL, "",
	  "800f03000201 400601 00", "", D_, 0, 0, 0, 0, 0, 0 },
	/* RFC 7606 5.2: no reachable NLRI, error stronger than discard */
	{ "39 EoR plus a bad ORIGIN", 0, 0, NULL, "", "800f03000201 40010103",
	  "", R_, 3, 6, 0, 0, 0, 0 },
	{ "40 ORIGIN 3", 0, 0, NULL, "", "40010103" ASP NH, NLRI, W_, 0, 0, 0,
	  1, 0, 0 },
	{ "41 AS_PATH overrun", 0, 0, NULL, "", ORG "400206 02ff 0000fde9" NH,
	  NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "42 AS 0", 0, 0, NULL, "", ORG "400206 0201 00000000" NH, NLRI, W_, 0,
	  0, 0, 1, 0, 0 },
	{ "43 empty AS_PATH eBGP", 0, 0, NULL, "", ORG "400200" NH, NLRI, W_, 0,
	  0, 0, 1, 0, 0 },
	{ "43 empty AS_PATH iBGP", 1, 0, NULL, "", ORG "400200" NH LP, NLRI, A_,
	  0, 0, 1, 0, 0, 0 },
	{ "44 NEXT_HOP length 3", 0, 0, NULL, "", ORG ASP "400303 7f0000", NLRI,
	  W_, 0, 0, 0, 1, 0, 0 },
	{ "44 NEXT_HOP 224.0.0.1: ignored, no error", 0, 0, NULL, "",
	  ORG ASP "400304 e0000001", NLRI, A_, 0, 0, 0, 1, 0, 0 },
	{ "45 MED length 3", 0, 0, NULL, "", BASE "800403 000000", NLRI, W_, 0,
	  0, 0, 1, 0, 0 },
	{ "46 LOCAL_PREF from eBGP", 0, 0, NULL, "", BASE LP, NLRI, D_, 0, 0,
	  1, 0, 0, 0 },
	{ "46 LOCAL_PREF length 3 iBGP", 1, 0, NULL, "", BASE "400503 000064",
	  NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "47 ATOMIC length 1", 0, 0, NULL, "", BASE "400601 00", NLRI, D_, 0,
	  0, 1, 0, 0, 0 },
	{ "48 AGGREGATOR length 7", 0, 0, NULL, "",
	  BASE "c00707 0000fde9 0a0000", NLRI, D_, 0, 0, 1, 0, 0, 0 },
	{ "49 COMMUNITIES length 5", 0, 0, NULL, "", BASE "c00805 ffff000100",
	  NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "50 ORIGINATOR length 3 eBGP", 0, 0, NULL, "", BASE "800903 0a0000",
	  NLRI, D_, 0, 0, 1, 0, 0, 0 },
	{ "50 CLUSTER_LIST length 5 iBGP", 1, 0, NULL, "",
	  BASE LP "800a05 0a00000200", NLRI, W_, 0, 0, 0, 1, 0, 0 },
	{ "52 LARGE length 13", 0, 0, NULL, "",
	  BASE "c0200d 0000fde8000000010000000200", NLRI, W_, 0, 0, 0, 1, 0,
	  0 },
	{ "53 AS4_PATH from NEW", 0, 0, NULL, "", BASE "c01106 0201 00010001",
	  NLRI, D_, 0, 0, 1, 0, 0, 0 },
	{ "56 attribute type 0", 0, 0, NULL, "", BASE "c00002 abcd", NLRI, A_,
	  0, 0, 1, 0, 0, 0 },
	{ "58 MP next-hop length 9", 0, 0, NULL, "",
	  BASE "800e17 0002 01 09 20010db80000000000 00 40 20010db800000001",
	  "", R_, 3, 9, 0, 0, 0, 0 },
	{ "60 IPv6 prefix length 129", 0, 0, NULL, "",
	  BASE "800e26 0002 01 10 20010db8000000000000000000000001 00 81 "
	       "20010db8000000000000000000000001 00",
	  "", R_, 3, 9, 0, 0, 0, 0 },
	{ "60 last v6 NLRI truncated", 0, 0, NULL, "",
	  BASE "800e1a 0002 01 10 20010db8000000000000000000000001 00 40 "
	       "20010db8",
	  "", R_, 3, 9, 0, 0, 0, 0 },
	{ "61 MP_UNREACH /64 with 4 octets", 0, 0, NULL, "",
	  "800f08 0002 01 40 20010db8", "", R_, 3, 9, 0, 0, 0, 0 },
	{ "62 MP_REACH well-known flags", 0, 0, NULL, "",
	  BASE "400e1e 0002 01 10 20010db8 00000000 00000000 00000001 00"
	       "40 20010db8 00000002",
	  "", R_, 3, 4, 0, 0, 0, 0 },
	{ "63 next hop 16 bytes", 0, 0, NULL, "", ORG ASP V6REACH, "", A_, 0, 0,
	  0, 0, 1, 0 },
	{ "64 AFI 1 SAFI 128: ignored", 0, 0, NULL, "",
	  ORG ASP "800e0d 0001 80 04 c0000201 00 18 0a0900", "", A_, 0, 0, 0,
	  0, 0, 0 },
	{ "65 v4 NLRI with a v6 next hop", 0, 0, NULL, "",
	  ORG ASP "800e19 0001 01 10 20010db8 00000000 00000000 00000001 00 "
		  "18 0a0900",
	  "", W_, 0, 0, 0, 1, 0, 0 },
};

static void run_ucase(const struct ucase *k)
{
	struct attr_dec_ctx c = ctx(65000, 65001);
	enum attr_action want;
	size_t n;

	c.ibgp = k->ibgp;
	c.as4 = !k->old;
	if (k->ibgp)
		c.peer_as = c.local_as;
	n = k->raw ? hexbody(k->raw) : mkbody(k->wd, k->attrs, k->nlri);
	update_decode(&u, body, n, &c);
	want = k->want == A_ ? ATTR_OK : k->want == W_ ? ATTR_TREAT_AS_WITHDRAW
			  : k->want == D_ ? ATTR_DISCARD : ATTR_SESSION_RESET;
	if (u.action != want)
		fail_msg("%s: got %s (%u/%u) want %s", k->name,
			 attr_action_str(u.action), u.err.code, u.err.subcode,
			 attr_action_str(want));
	if (want == ATTR_SESSION_RESET) {
		if (u.err.code != k->code || u.err.subcode != k->sub)
			fail_msg("%s: NOTIFICATION %u/%u want %u/%u", k->name,
				 u.err.code, u.err.subcode, k->code, k->sub);
		return;
	}
	if (u.announced[BGP_AF_IPV4].n != k->ann4 ||
	    u.withdrawn[BGP_AF_IPV4].n != k->wd4 ||
	    u.announced[BGP_AF_IPV6].n != k->ann6 ||
	    u.withdrawn[BGP_AF_IPV6].n != k->wd6)
		fail_msg("%s: v4 %zu/%zu v6 %zu/%zu (announced/withdrawn)",
			 k->name, u.announced[BGP_AF_IPV4].n,
			 u.withdrawn[BGP_AF_IPV4].n, u.announced[BGP_AF_IPV6].n,
			 u.withdrawn[BGP_AF_IPV6].n);
	assert_int_equal(u.attr[BGP_AF_IPV4] != NULL, k->ann4 > 0);
	assert_int_equal(u.attr[BGP_AF_IPV6] != NULL, k->ann6 > 0);
	if (want == ATTR_DISCARD)
		assert_true(u.ndiscard > 0);
}

static void test_catalogue(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ucases) / sizeof(ucases[0]); i++)
		run_ucase(&ucases[i]);
	setup_check_clean();
}

/* What survives of a route after discard, and what is forwarded. */
static void test_discard_details(void **state)
{
	struct attr_dec_ctx c = ctx(65000, 65001);
	const struct attr *a;
	uint32_t as, addr;
	size_t n;

	(void)state;
	n = mkbody("", BASE LP "400601 00 c00707 0000fde9 0a0000"
			   "800404 00000001 800404 00000002",
		   NLRI);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_DISCARD);
	a = u.attr[BGP_AF_IPV4];
	assert_non_null(a);
	assert_false(a->has_local_pref);	/* 46 */
	assert_false(a->atomic_aggregate);	/* 47 */
	assert_false(attr_aggregator(a, &as, &addr));	/* 48 */
	assert_int_equal(a->med, 1);	/* 31 */
	assert_int_equal(u.ndiscard, 4);
	assert_int_equal(a->nh_af, AF_INET);
	assert_int_equal(attr_nh_v4(a), 0xc0000202);
	assert_prefix(&u.announced[BGP_AF_IPV4].v[0], "10.9.0.0/24");

	/* 44: a martian NEXT_HOP drops the NLRI-field routes, no error */
	n = mkbody("", ORG ASP "400304 00000000", NLRI);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_true(u.nexthop_bad);
	assert_int_equal(u.withdrawn[BGP_AF_IPV4].n, 1);

	/* martian MP next hops: the MP routes are ignored, no error */
	n = mkbody("", BASE "800e0d 0001 01 04 00040209 00 18 0a0b00", "");
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_true(u.nexthop_bad);
	assert_int_equal(u.withdrawn[BGP_AF_IPV4].n, 1);
	n = mkbody("", ORG ASP "800e1e 0002 01 10 ff020000 00000000 00000000"
				  "00000001 00 40 20010db8 00000002",
		   "");
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_true(u.nexthop_bad);
	assert_int_equal(u.withdrawn[BGP_AF_IPV6].n, 1);
	assert_null(u.attr[BGP_AF_IPV6]);
	n = mkbody("", BASE "800e1e 0002 01 10 00000000 00000000 00000000"
			       "00000000 00 40 20010db8 00000002",
		   NLRI);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_int_equal(u.withdrawn[BGP_AF_IPV6].n, 1);
	assert_non_null(u.attr[BGP_AF_IPV4]);	/* NEXT_HOP is fine */

	/* IPv4 in MP_REACH: its own next hop, not NEXT_HOP (RFC 4760 3) */
	n = mkbody("", BASE "800e0d 0001 01 04 c0000209 00 18 0a0b00", "");
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 1);
	assert_prefix(&u.announced[BGP_AF_IPV4].v[0], "10.11.0.0/24");
	assert_int_equal(attr_nh_v4(u.attr[BGP_AF_IPV4]), 0xc0000209);

	/* 64: not negotiated family ignored, logged, no error */
	c.af[BGP_AF_IPV6] = false;
	n = mkbody("", BASE V6REACH, NLRI);
	assert_int_equal(update_decode(&u, body, n, &c), ATTR_OK);
	assert_true(u.mp_ignored);
	assert_int_equal(u.announced[BGP_AF_IPV6].n, 0);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 1);
	setup_check_clean();
}

/* Host bits past the prefix length are cleared, several prefixes. */
static void test_nlri(void **state)
{
	struct update_pfx out = { 0 };
	uint8_t b[64];
	struct wbuf w;
	size_t n, i;

	(void)state;
	n = hex2bin("00 08 0a 18 0a0901 20 c0000201 1f c00002ff", b, sizeof(b));
	assert_int_equal(update_nlri_parse(rbuf_make(b, n), AF_INET, &out), 0);
	assert_int_equal(out.n, 5);
	assert_prefix(&out.v[0], "0.0.0.0/0");
	assert_prefix(&out.v[1], "10.0.0.0/8");
	assert_prefix(&out.v[2], "10.9.1.0/24");
	assert_prefix(&out.v[3], "192.0.2.1/32");
	assert_prefix(&out.v[4], "192.0.2.254/31");
	wbuf_init(&w, 0);
	for (i = 0; i < out.n; i++) {
		update_nlri_put(&w, &out.v[i]);
		assert_int_equal(update_nlri_len(&out.v[i]),
				 1 + (out.v[i].len + 7u) / 8);
	}
	assert_int_equal(w.len, n);
	assert_memory_equal(w.buf, b, 12);	/* up to the host bits */
	wbuf_free(&w);
	free(out.v);
}

/* ---- robustness ---- */

static void check_invariants(const struct update *x)
{
	int af;

	assert_true(x->action <= ATTR_SESSION_RESET);
	if (x->action == ATTR_SESSION_RESET) {
		assert_true(x->err.code == BGP_ERR_UPDATE ||
			    x->err.code == BGP_ERR_CEASE);
		return;
	}
	for (af = 0; af < BGP_AF_MAX; af++) {
		assert_int_equal(x->attr[af] != NULL, x->announced[af].n > 0);
		if (x->action == ATTR_TREAT_AS_WITHDRAW)
			assert_int_equal(x->announced[af].n, 0);
	}
}

static const char *const robust_seeds[] = {
	"0000 0047 900e 002e " SEED_NH_A " 40 2001 1234 0001 0000"
	"400101 00 50020006 0201 0000 0001 800404 0000 0000",
	"0000 0019 900f0015 0002 0140 2001 1234 0002 0000 4020 0112"
	"3400 0400 00",
	"0004 180a0a00 0035" BASE LP "c00808 ffffff01 00010002 800904 0a000001"
	"800a04 0a000002" NLRI "10c0a8",
	"0000 0020 40010100 400206 0201 5ba0 400304c0000202 c0110a 0202"
	" 00011170 000000c8 180a0900",
};

/* Every prefix of a valid UPDATE: no crash, a sane outcome, no leak. */
static void test_truncation(void **state)
{
	struct attr_dec_ctx c = ctx(65000, 65001);
	size_t s, n, cut;

	(void)state;
	for (s = 0; s < sizeof(robust_seeds) / sizeof(robust_seeds[0]); s++) {
		c.as4 = s != 3;
		c.peer_as = s == 0 ? 1 : 65001;
		c.ibgp = s == 2;
		if (c.ibgp)
			c.peer_as = c.local_as;
		n = hexbody(robust_seeds[s]);
		assert_int_not_equal(update_decode(&u, body, n, &c),
				     ATTR_SESSION_RESET);
		for (cut = 0; cut < n; cut++) {
			/* a private copy so ASan sees reads past the end */
			uint8_t *copy = malloc(cut ? cut : 1);

			memcpy(copy, body, cut);
			update_decode(&u, copy, cut, &c);
			check_invariants(&u);
			/* the outer lengths no longer fit: 3/1 */
			if (cut < 4)
				assert_int_equal(u.action, ATTR_SESSION_RESET);
			update_reset(&u);
			assert_int_equal(attr_count(), 0);
			free(copy);
		}
	}
	setup_check_clean();
}

/* Each byte set to a few interesting values. */
static void test_mutation(void **state)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
	struct attr_dec_ctx c = ctx(65000, 65001);
	uint8_t orig[512];
	size_t s, n, i, v;

	(void)state;
	for (s = 0; s < sizeof(robust_seeds) / sizeof(robust_seeds[0]); s++) {
		c.as4 = s != 3;
		n = hexbody(robust_seeds[s]);
		memcpy(orig, body, n);
		for (i = 0; i < n; i++) {
			for (v = 0; v < sizeof(vals) + 1; v++) {
				uint8_t *copy = malloc(n);

				memcpy(copy, orig, n);
				copy[i] = v < sizeof(vals) ? vals[v]
							   : (uint8_t)(orig[i] ^
								       0x10);
				update_decode(&u, copy, n, &c);
				check_invariants(&u);
				update_reset(&u);
				assert_int_equal(attr_count(), 0);
				assert_int_equal(aspath_count(), 0);
				free(copy);
			}
		}
	}
	setup_check_clean();
}

/* Random multi-byte mutations with a fixed seed (reproducible). */
static void test_random(void **state)
{
	struct attr_dec_ctx c = ctx(65000, 65001);
	uint32_t rnd = 12345;
	uint8_t orig[512];
	unsigned iter, k;
	size_t n, s;

	(void)state;
	for (iter = 0; iter < 30000; iter++) {
		uint8_t *copy;

		s = iter % (sizeof(robust_seeds) / sizeof(robust_seeds[0]));
		n = hexbody(robust_seeds[s]);
		memcpy(orig, body, n);
		copy = malloc(n);
		memcpy(copy, orig, n);
		for (k = 0; k < 1 + iter % 4; k++) {
			rnd = rnd * 1103515245u + 12345u;
			copy[(rnd >> 8) % n] = (uint8_t)(rnd >> 20);
		}
		rnd = rnd * 1103515245u + 12345u;
		c.as4 = (rnd >> 16) & 1;
		c.ibgp = (rnd >> 17) & 1;
		update_decode(&u, copy, n - ((rnd >> 18) % 3 == 0 ? (rnd >> 20) % n : 0),
			      &c);
		check_invariants(&u);
		update_reset(&u);
		free(copy);
	}
	setup_check_clean();
}

/* ---- encode a whole UPDATE, decode it back ---- */

static size_t build_update(uint8_t *out, const struct attr *a,
			   enum bgp_af af, const struct prefix *p, size_t np,
			   bool as4)
{
	struct attr_enc_ctx e = { .as4 = as4, .nexthop = af == BGP_AF_IPV4 };
	struct wbuf w;
	size_t alen_off, mp, i, n;

	wbuf_init(&w, BGP_MAX_LEN - BGP_HDR_LEN);
	wbuf_u16(&w, 0);	/* no withdrawn routes */
	alen_off = wbuf_reserve(&w, 2);
	if (af == BGP_AF_IPV6) {
		mp = attr_mp_reach_begin(&w, af, a);
		for (i = 0; i < np; i++)
			update_nlri_put(&w, &p[i]);
		attr_mp_end(&w, mp);
	}
	attr_encode(&w, a, &e);
	wbuf_set_u16(&w, alen_off, (uint16_t)(w.len - alen_off - 2));
	if (af == BGP_AF_IPV4)
		for (i = 0; i < np; i++)
			update_nlri_put(&w, &p[i]);
	assert_true(wbuf_ok(&w));
	n = w.len;
	memcpy(out, w.buf, n);
	wbuf_free(&w);
	return n;
}

static void test_round_trip(void **state)
{
	struct attr_dec_ctx c = ctx(2, 1);
	struct prefix p[3];
	struct attr *a;
	size_t n, i;
	uint8_t out[4096];
	bool as4;

	(void)state;
	/* the seed's announcement, re-encoded */
	n = hexbody(seed_updates[3].hex);
	update_decode(&u, body, n, &c);
	a = attr_ref(u.attr[BGP_AF_IPV6]);
	prefix_parse("2001:1234:4::/64", &p[0], NULL);
	prefix_parse("2001:db8::/32", &p[1], NULL);
	prefix_parse("::/0", &p[2], NULL);
	for (as4 = false;; as4 = true) {
		c.as4 = as4;
		n = build_update(out, a, BGP_AF_IPV6, p, 3, as4);
		assert_int_equal(update_decode(&u, out, n, &c), ATTR_OK);
		assert_ptr_equal(u.attr[BGP_AF_IPV6], a);
		assert_int_equal(u.announced[BGP_AF_IPV6].n, 3);
		for (i = 0; i < 3; i++)
			assert_int_equal(prefix_cmp(&u.announced[BGP_AF_IPV6].v[i],
						    &p[i]),
					 0);
		if (as4)
			break;
	}
	/* The seed's size but for AS_PATH: Quagga sets Extended Length on
	 * every AS_PATH (0x50, 2-octet length), we only when needed. */
	n = build_update(out, a, BGP_AF_IPV6, p, 1, true);
	assert_int_equal(n, hexbody(seed_updates[3].hex) - 1);

	/* an IPv6 route with an IPv4 next hop goes out IPv4-mapped, as
	 * FRR sends it (see interop[] "FRR v6" for the other direction) */
	{
		struct attr_build b;
		struct attr *m;
		uint8_t want[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 7 };

		attr_build_from(&b, a);
		b.nh_af = AF_INET;
		memset(b.nh, 0, 16);
		memcpy(b.nh, want + 12, 4);
		b.has_nh_ll = false;
		m = attr_intern(&b);
		attr_build_clear(&b);
		c.as4 = true;
		n = build_update(out, m, BGP_AF_IPV6, p, 1, true);
		assert_int_equal(update_decode(&u, out, n, &c), ATTR_OK);
		assert_int_equal(u.attr[BGP_AF_IPV6]->nh_af, AF_INET6);
		assert_memory_equal(u.attr[BGP_AF_IPV6]->nh, want, 16);
		assert_null(attr_nh_ll(u.attr[BGP_AF_IPV6]));
		attr_unref(m);
	}
	attr_unref(a);

	/* IPv4 with NEXT_HOP and NLRI field */
	c = ctx(65000, 65001);
	n = mkbody("", BASE "800404 00000005 c00804 00010001", "180a0900 100a0a");
	update_decode(&u, body, n, &c);
	a = attr_ref(u.attr[BGP_AF_IPV4]);
	memcpy(p, u.announced[BGP_AF_IPV4].v, 2 * sizeof(p[0]));
	n = build_update(out, a, BGP_AF_IPV4, p, 2, true);
	assert_int_equal(update_decode(&u, out, n, &c), ATTR_OK);
	assert_ptr_equal(u.attr[BGP_AF_IPV4], a);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 2);
	attr_unref(a);
	setup_check_clean();
}

static int teardown(void **state)
{
	(void)state;
	update_fini(&u);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_announcements),
		cmocka_unit_test(test_seed_sharing),
		cmocka_unit_test(test_seed_withdrawals_and_eor),
		cmocka_unit_test(test_interop_vectors),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_discard_details),
		cmocka_unit_test(test_nlri),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_mutation),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_round_trip),
	};

	update_init(&u);
	return cmocka_run_group_tests(tests, NULL, teardown);
}
