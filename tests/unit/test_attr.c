/*
 * test_attr.c: every attribute's codec through the table (decode the
 * attribute section, check the fields), the flag and length rules,
 * duplicates, unknown attributes, the RFC 6793 merge and discard rules,
 * interning of whole sets (same set same pointer, reference counts,
 * growth), and encode/decode round trips toward NEW and OLD speakers.
 * Whole-UPDATE outcomes (treat-as-withdraw of NLRI, 5.2, EoR) are in
 * test_update.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "hex_util.h"

static uint8_t buf[8192];

static struct attr_dec_ctx ctx_ebgp4(void)
{
	struct attr_dec_ctx c = { .peer = "test", .local_as = 65000,
				  .peer_as = 65001, .as4 = true };

	c.af[BGP_AF_IPV4] = c.af[BGP_AF_IPV6] = true;
	return c;
}

static enum attr_action parse(const char *hex, const struct attr_dec_ctx *c,
			      struct attr_parsed *p)
{
	size_t n = hex2bin(hex, buf, sizeof(buf));

	return attr_parse(rbuf_make(buf, n), c, p);
}

#define ORG "40010100"
#define ASP "4002060201 0000fde9"
#define NH "400304 c0000202"

static void check_all_released(void)
{
	assert_int_equal(attr_count(), 0);
	assert_int_equal(attr_ext_count(), 0);
	assert_int_equal(aspath_count(), 0);
	assert_int_equal(community_count(), 0);
	assert_int_equal(ecommunity_count(), 0);
	assert_int_equal(lcommunity_count(), 0);
}

/* Every known attribute decoded into its field. */
static void test_decode_fields(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_parsed p;
	char s[256];

	(void)state;
	c.ibgp = true;
	c.peer_as = 65000;
	assert_int_equal(parse(ORG "4002060201 0000fde9" NH
			       "800404 0000000a"		/* MED 10 */
			       "400504 00000064"		/* LOCAL_PREF */
			       "400600"				/* ATOMIC */
			       "c00708 0000fde9 c0000201"	/* AGGREGATOR */
			       "c00808 ffffff01 00010002"	/* COMMUNITIES */
			       "800904 0a000001"		/* ORIGINATOR */
			       "800a08 0a000002 0a000003"	/* CLUSTER */
			       "c01008 0002fde8 00000064"	/* EXT COMM */
			       "c0200c 0000fde8 00000001 00000002", /* LARGE */
			       &c, &p),
			 ATTR_OK);
	assert_int_equal(p.b.origin, ORIGIN_IGP);
	aspath_print(p.b.aspath, s, sizeof(s));
	assert_string_equal(s, "65001");
	assert_true(p.has_nexthop);
	assert_int_equal(p.nexthop, 0xc0000202);
	assert_true(p.b.has_med);
	assert_int_equal(p.b.med, 10);
	assert_true(p.b.has_local_pref);
	assert_int_equal(p.b.local_pref, 100);
	assert_true(p.b.atomic_aggregate);
	assert_true(p.b.has_aggregator);
	assert_int_equal(p.b.aggr_as, 65001);
	assert_int_equal(p.b.aggr_addr, 0xc0000201);
	community_print(p.b.comm, s, sizeof(s));
	assert_string_equal(s, "1:2 no-export");
	assert_true(p.b.has_originator);
	assert_int_equal(p.b.originator_id, 0x0a000001);
	assert_int_equal(p.b.ncluster, 2);
	ecommunity_print(p.b.ecomm, s, sizeof(s));
	assert_string_equal(s, "RT:65000:100");
	lcommunity_print(p.b.lcomm, s, sizeof(s));
	assert_string_equal(s, "65000:1:2");
	assert_int_equal(p.ndiscard, 0);
	assert_true(p.other_attrs);
	attr_parsed_clear(&p);
	check_all_released();
}

/*
 * Per-attribute RFC 7606 outcomes at the attribute level
 * (rfc7606-and-errors.md 1.2, catalogue 26-31, 40-57).  The NLRI-level
 * consequence of each is checked in test_update.c.
 */
static void test_outcomes(void **state)
{
	static const struct {
		const char *name;
		bool ibgp, old;
		const char *hex;
		enum attr_action want;
		uint8_t sub;	/* expected subcode when not OK */
		unsigned ndiscard;
	} cases[] = {
		{ "26 extlen on short attr", 0, 0, "50010001 00" ASP NH,
		  ATTR_OK, 0, 0 },
		{ "27 low flag bits", 0, 0, "4f010100" ASP NH, ATTR_OK, 0, 0 },
		{ "28 ORIGIN optional", 0, 0, "c0010100" ASP NH,
		  ATTR_TREAT_AS_WITHDRAW, 4, 0 },
		{ "28 ORIGIN partial", 0, 0, "60010100" ASP NH,
		  ATTR_TREAT_AS_WITHDRAW, 4, 0 },
		{ "28 MED transitive", 0, 0, ORG ASP NH "c00404 00000001",
		  ATTR_TREAT_AS_WITHDRAW, 4, 0 },
		{ "28 COMMUNITIES non-transitive", 0, 0,
		  ORG ASP NH "800804 00010001", ATTR_TREAT_AS_WITHDRAW, 4, 0 },
		{ "29 unknown well-known", 0, 0, ORG ASP NH "40fe04 deadbeef",
		  ATTR_TREAT_AS_WITHDRAW, 2, 0 },
		{ "30 unknown optional", 0, 0,
		  ORG ASP NH "c0fe04 deadbeef 80fd04 deadbeef", ATTR_OK, 0, 0 },
		{ "31 MED twice", 0, 0,
		  ORG ASP NH "800404 00000001 800404 00000002", ATTR_DISCARD,
		  1, 1 },
		{ "32 MP_REACH twice", 0, 0,
		  "800e09 0001 01 04 c0000201 00 800e09 0001 01 04 c0000201 00",
		  ATTR_SESSION_RESET, 1, 0 },
		{ "32 MP_UNREACH twice", 0, 0, "800f03 000201 800f03 000201",
		  ATTR_SESSION_RESET, 1, 0 },
		{ "40 ORIGIN len 0", 0, 0, "400100" ASP NH,
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "40 ORIGIN len 2", 0, 0, "40010200 00" ASP NH,
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "40 ORIGIN 3", 0, 0, "40010103" ASP NH,
		  ATTR_TREAT_AS_WITHDRAW, 6, 0 },
		{ "40 ORIGIN ff", 0, 0, "400101ff" ASP NH,
		  ATTR_TREAT_AS_WITHDRAW, 6, 0 },
		{ "41 seg type 0", 0, 0, ORG "400206 0001 0000fde9" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "41 seg type 5", 0, 0, ORG "400206 0501 0000fde9" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "41 seg len 0", 0, 0, ORG "400202 0200" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "41 seg overrun", 0, 0, ORG "400206 02ff 0000fde9" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "41 one octet left", 0, 0, ORG "400207 0201 0000fde9 02" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "41 2-octet ASN on 4-octet session", 0, 0,
		  ORG "400204 0201 fde9" NH, ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "42 AS 0", 0, 0, ORG "400206 0201 00000000" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "42 confed from eBGP", 0, 0,
		  ORG "40020c 0301 0000fde8 0201 0000fde9" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "43 empty AS_PATH eBGP", 0, 0, ORG "400200" NH,
		  ATTR_TREAT_AS_WITHDRAW, 11, 0 },
		{ "43 empty AS_PATH iBGP", 1, 0,
		  ORG "400200" NH "40050400000064", ATTR_OK, 0, 0 },
		{ "44 NEXT_HOP len 3", 0, 0, ORG ASP "400303 7f0000",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "44 NEXT_HOP len 5", 0, 0, ORG ASP "400305 c000020200",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "44 NEXT_HOP optional", 0, 0, ORG ASP "c00304 c0000202",
		  ATTR_TREAT_AS_WITHDRAW, 4, 0 },
		{ "45 MED len 0", 0, 0, ORG ASP NH "800400",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "45 MED len 3", 0, 0, ORG ASP NH "800403 000000",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "45 MED len 5", 0, 0, ORG ASP NH "800405 000000000a",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "46 LOCAL_PREF len 3 iBGP", 1, 0,
		  ORG "400200" NH "400503 000064", ATTR_TREAT_AS_WITHDRAW, 5,
		  0 },
		{ "46 LOCAL_PREF from eBGP", 0, 0,
		  ORG ASP NH "400504 00000064", ATTR_DISCARD, 5, 1 },
		{ "46 bad LOCAL_PREF from eBGP", 0, 0,
		  ORG ASP NH "400503 000064", ATTR_DISCARD, 5, 1 },
		{ "47 ATOMIC len 1", 0, 0, ORG ASP NH "400601 00",
		  ATTR_DISCARD, 5, 1 },
		{ "48 AGGREGATOR len 7", 0, 0,
		  ORG ASP NH "c00707 0000fde9 0a0000", ATTR_DISCARD, 5, 1 },
		{ "48 AGGREGATOR 6 bytes on 4-octet", 0, 0,
		  ORG ASP NH "c00706 fde9 0a000002", ATTR_DISCARD, 5, 1 },
		{ "48 AGGREGATOR AS 0", 0, 0,
		  ORG ASP NH "c00708 00000000 0a000002", ATTR_DISCARD, 9, 1 },
		{ "49 COMMUNITIES len 0", 0, 0, ORG ASP NH "c00800",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "49 COMMUNITIES len 5", 0, 0, ORG ASP NH "c00805 ffff000100",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "50 ORIGINATOR len 3 eBGP", 0, 0, ORG ASP NH "800903 0a0000",
		  ATTR_DISCARD, 5, 1 },
		{ "50 ORIGINATOR len 3 iBGP", 1, 0,
		  ORG "400200" NH "40050400000064 800903 0a0000",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "50 CLUSTER len 0 eBGP", 0, 0, ORG ASP NH "800a00",
		  ATTR_DISCARD, 5, 1 },
		{ "50 CLUSTER len 5 iBGP", 1, 0,
		  ORG "400200" NH "40050400000064 800a05 0a00000200",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "52 EXT_COMM len 0", 0, 0, ORG ASP NH "c01000",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "52 EXT_COMM len 9", 0, 0,
		  ORG ASP NH "c01009 0002fde80000006400", ATTR_TREAT_AS_WITHDRAW,
		  5, 0 },
		{ "52 IPv6 EXT_COMM len 21", 0, 0,
		  ORG ASP NH "c01915 000000000000000000000000000000000000000000",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "52 LARGE len 13", 0, 0,
		  ORG ASP NH "c0200d 0000fde8000000010000000200",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "53 AS4_PATH from NEW", 0, 0,
		  ORG ASP NH "c01106 0201 00010001", ATTR_DISCARD, 9, 1 },
		{ "53 AS4_AGGREGATOR len 7", 0, 0,
		  ORG ASP NH "c01207 00010001 0a0000", ATTR_DISCARD, 5, 1 },
		{ "AS4_AGGREGATOR with a 2-octet AS", 0, 1,
		  ORG "400204 0201 fde9" NH "c00706 5ba0 0a000001"
		      "c01208 00000011 0a000001",
		  ATTR_DISCARD, 9, 1 },
		{ "54 AS4_PATH confed from OLD", 0, 1,
		  ORG "400204 0201 fde9" NH "c0110c 0301 00010001 0201 00010002",
		  ATTR_DISCARD, 9, 1 },
		{ "55 attr 28 zero length", 0, 0, ORG ASP NH "c01c00",
		  ATTR_OK, 0, 0 },
		{ "55 attr 35 extended 1024", 0, 0,
		  ORG ASP NH "d0230400" /* value appended below */, ATTR_OK,
		  0, 0 },
		{ "56 attr type 0", 0, 0, ORG ASP NH "c00002 abcd", ATTR_OK, 0,
		  0 },
		{ "57 MED zero length", 0, 0, ORG ASP NH "800400",
		  ATTR_TREAT_AS_WITHDRAW, 5, 0 },
		{ "57 ATOMIC zero ok, AS_PATH zero ok (iBGP)", 1, 0,
		  ORG "400200" NH "400600 40050400000064", ATTR_OK, 0, 0 },
		{ "62 MP_REACH well-known", 0, 0,
		  "400e05 0002 01 00 00" ORG ASP, ATTR_SESSION_RESET, 4, 0 },
		{ "62 MP_REACH transitive 0xc0", 0, 0,
		  "c00e05 0002 01 00 00" ORG ASP, ATTR_SESSION_RESET, 4, 0 },
		{ "62 MP_REACH partial 0x60", 0, 0,
		  "600e05 0002 01 00 00" ORG ASP, ATTR_SESSION_RESET, 4, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct attr_dec_ctx c = ctx_ebgp4();
		struct attr_parsed p;
		size_t n;

		c.ibgp = cases[i].ibgp;
		c.as4 = !cases[i].old;
		if (c.ibgp)
			c.peer_as = c.local_as;
		n = hex2bin(cases[i].hex, buf, sizeof(buf));
		if (strstr(cases[i].name, "1024")) {
			memset(buf + n, 0x5a, 1024);
			n += 1024;
		}
		attr_parse(rbuf_make(buf, n), &c, &p);
		if (p.action != cases[i].want ||
		    p.ndiscard != cases[i].ndiscard ||
		    (cases[i].want != ATTR_OK && p.err.subcode != cases[i].sub))
			fail_msg("%s: got %s sub %u ndiscard %u", cases[i].name,
				 attr_action_str(p.action), p.err.subcode,
				 p.ndiscard);
		if (p.action != ATTR_SESSION_RESET && p.action != ATTR_OK)
			assert_int_equal(p.err.code, BGP_ERR_UPDATE);
		attr_parsed_clear(&p);
	}
	check_all_released();
}

/* The first of a repeated attribute is kept (RFC 7606 3.g). */
static void test_duplicate_keeps_first(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_parsed p;

	(void)state;
	parse(ORG ASP NH "800404 00000001 800404 00000002", &c, &p);
	assert_int_equal(p.b.med, 1);
	attr_parsed_clear(&p);
	/* even an unknown one */
	parse(ORG ASP NH "c0fe01 01 c0fe01 02", &c, &p);
	assert_int_equal(p.action, ATTR_DISCARD);
	assert_int_equal(p.unknown.len, 5);
	assert_int_equal(p.unknown.buf[4], 1);
	attr_parsed_clear(&p);
	check_all_released();
}

/* RFC 6793 merge: catalogue 54 and rfc7606-and-errors.md 1.5. */
static void test_as4_merge(void **state)
{
	static const struct {
		const char *name, *hex, *path;
		uint32_t aggr_as;	/* 0: no aggregator expected */
	} cases[] = {
		{ "shorter AS4_PATH merges",
		  ORG "400208 0203 0064 5ba0 00c8" NH
		      "c0110a 0202 00011170 000000c8",
		  "100 70000 200", 0 },
		{ "longer AS4_PATH ignored",
		  ORG "400204 0201 5ba0" NH "c0110a 0202 00011170 000000c8",
		  "23456", 0 },
		{ "AGGREGATOR not AS_TRANS voids both",
		  ORG "400206 0202 0064 5ba0" NH "c00706 0064 0a000001"
		      "c01106 0201 00011170 c01208 00011170 0a000001",
		  "100 23456", 100 },
		{ "AGGREGATOR AS_TRANS takes AS4_AGGREGATOR",
		  ORG "400206 0202 0064 5ba0" NH "c00706 5ba0 0a000001"
		      "c01106 0201 00011170 c01208 00011170 0a000001",
		  "100 70000", 70000 },
		{ "AS4_PATH before AS_PATH (7606 5.1)",
		  ORG "c01106 0201 00011170" "400206 0202 0064 5ba0" NH,
		  "100 70000", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct attr_dec_ctx c = ctx_ebgp4();
		struct attr_parsed p;
		char s[128];

		c.as4 = false;
		c.peer_as = 100;
		parse(cases[i].hex, &c, &p);
		if (p.action != ATTR_OK)
			fail_msg("%s: %s", cases[i].name,
				 attr_action_str(p.action));
		aspath_print(p.b.aspath, s, sizeof(s));
		if (strcmp(s, cases[i].path))
			fail_msg("%s: path '%s'", cases[i].name, s);
		assert_int_equal(p.b.has_aggregator, cases[i].aggr_as != 0);
		if (cases[i].aggr_as)
			assert_int_equal(p.b.aggr_as, cases[i].aggr_as);
		attr_parsed_clear(&p);
	}
	check_all_released();
}

/* MP_REACH next hops (RFC 4760 3, catalogue 58, 59, 63, 64, 65). */
static void test_mp_reach_next_hops(void **state)
{
	static const struct {
		const char *name, *hex;
		enum attr_action want;
		int af;
		uint8_t nh_len;
	} cases[] = {
		{ "v6 32 bytes", "900e002e 0002 01 20 20010012 00000000 00000000"
				 "0000000a fe800000 00000000 20ca6fff fe8a98a4"
				 "00 40 20011234 00010000",
		  ATTR_OK, BGP_AF_IPV6, 32 },
		{ "v6 16 bytes", "800e1e 0002 01 10 20010db8 00000000 00000000"
				 "00000001 00 40 20010db8 00000001",
		  ATTR_OK, BGP_AF_IPV6, 16 },
		{ "v4 4 bytes", "800e0d 0001 01 04 c0000201 00 18 0a0900",
		  ATTR_OK, BGP_AF_IPV4, 4 },
		{ "58 next-hop length 9",
		  "800e17 0002 01 09 20010db80000000000 00 40 20010db800000001",
		  ATTR_SESSION_RESET, -1, 9 },
		{ "59 next-hop length 64, 17 present",
		  "800e15 0002 01 40 20010db8000000000000000000000001 00",
		  ATTR_SESSION_RESET, -1, 64 },
		{ "59 next-hop 16, 8 present",
		  "800e0c 0002 01 10 20010db800000000",
		  ATTR_SESSION_RESET, -1, 16 },
		{ "59 no reserved octet",
		  "800e14 0002 01 10 20010db8000000000000000000000001",
		  ATTR_SESSION_RESET, -1, 16 },
		{ "v6 with a 4-byte next hop", "800e0d 0002 01 04 c0000201 00 18 0a0900",
		  ATTR_SESSION_RESET, -1, 4 },
		{ "64 AFI 1 SAFI 128 ignored", "800e0d 0001 80 04 c0000201 00 18 0a0900",
		  ATTR_OK, -1, 4 },
		{ "65 v4 NLRI, v6 next hop",
		  "800e19 0001 01 10 20010db8 00000000 00000000 00000001 00 18 0a0900",
		  ATTR_TREAT_AS_WITHDRAW, BGP_AF_IPV4, 16 },
		{ "MP_UNREACH truncated", "800f02 0002", ATTR_SESSION_RESET, -1,
		  0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct attr_dec_ctx c = ctx_ebgp4();
		struct attr_parsed p;

		parse(cases[i].hex, &c, &p);
		if (p.action != cases[i].want)
			fail_msg("%s: %s", cases[i].name,
				 attr_action_str(p.action));
		if (cases[i].want != ATTR_SESSION_RESET) {
			assert_int_equal(p.reach.af, cases[i].af);
			assert_int_equal(p.reach.nh_len, cases[i].nh_len);
		}
		attr_parsed_clear(&p);
	}
	check_all_released();
}

/* A 2-octet AS_PATH walked past the attribute section (7606 4). */
static void test_section_overruns(void **state)
{
	static const struct {
		const char *name, *hex;
		enum attr_action want;
	} cases[] = {
		{ "23 MED length 200", ORG ASP NH "8004c8 00000000",
		  ATTR_TREAT_AS_WITHDRAW },
		{ "24 two leftover bytes", ORG ASP NH "4001",
		  ATTR_TREAT_AS_WITHDRAW },
		{ "24 extlen underflow", ORG ASP NH "500800",
		  ATTR_TREAT_AS_WITHDRAW },
		{ "one byte left", ORG ASP NH "40", ATTR_TREAT_AS_WITHDRAW },
		{ "MP_REACH overruns", ORG ASP "800e40 0002 01",
		  ATTR_SESSION_RESET },
		{ "MP_UNREACH header cut", ORG ASP "900f", ATTR_SESSION_RESET },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct attr_dec_ctx c = ctx_ebgp4();
		struct attr_parsed p;

		parse(cases[i].hex, &c, &p);
		if (p.action != cases[i].want)
			fail_msg("%s: %s", cases[i].name,
				 attr_action_str(p.action));
		attr_parsed_clear(&p);
	}
	check_all_released();
}

static void test_mandatory(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_parsed p;

	(void)state;
	parse(ORG NH, &c, &p);
	attr_check_mandatory(&p, true, false);
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	assert_int_equal(p.err.subcode, BGP_ERR_UPD_MISSING_WELLKNOWN);
	assert_int_equal(p.err.len, 1);
	assert_int_equal(p.err.data[0], ATTR_AS_PATH);
	attr_parsed_clear(&p);

	/* NEXT_HOP not needed for MP_REACH only (RFC 4760 3) */
	parse(ORG ASP, &c, &p);
	attr_check_mandatory(&p, false, true);
	assert_int_equal(p.action, ATTR_OK);
	attr_check_mandatory(&p, true, false);
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	assert_int_equal(p.err.data[0], ATTR_NEXT_HOP);
	attr_parsed_clear(&p);

	/* iBGP without LOCAL_PREF (catalogue 33) */
	c.ibgp = true;
	c.peer_as = c.local_as;
	parse(ORG ASP NH, &c, &p);
	attr_check_mandatory(&p, true, false);
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	assert_int_equal(p.err.data[0], ATTR_LOCAL_PREF);
	attr_parsed_clear(&p);

	/* nothing announced: nothing mandatory */
	parse("", &c, &p);
	attr_check_mandatory(&p, false, false);
	assert_int_equal(p.action, ATTR_OK);
	attr_parsed_clear(&p);
	check_all_released();
}

static void test_aspath_policy_checks(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_parsed p;

	(void)state;
	c.enforce_first_as = true;
	parse(ORG "400206 0201 0000fdea" NH, &c, &p);	/* catalogue 42 */
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	attr_parsed_clear(&p);
	parse(ORG ASP NH, &c, &p);
	assert_int_equal(p.action, ATTR_OK);
	attr_parsed_clear(&p);

	c = ctx_ebgp4();
	c.reject_as_sets = true;
	parse(ORG "400210 0201 0000fde9 0102 00000064 000000c8" NH, &c, &p);
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	attr_parsed_clear(&p);
	c.reject_as_sets = false;
	parse(ORG "400210 0201 0000fde9 0102 00000064 000000c8" NH, &c, &p);
	assert_int_equal(p.action, ATTR_OK);
	attr_parsed_clear(&p);

	c.maxas_limit = 2;
	parse(ORG "40020e 0203 0000fde9 00000001 00000002" NH, &c, &p);
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	attr_parsed_clear(&p);

	/* confederation segments from a confederation peer are fine */
	c = ctx_ebgp4();
	c.confed_peer = true;
	parse(ORG "40020c 0301 0000fde8 0201 0000fde9" NH, &c, &p);
	assert_int_equal(p.action, ATTR_OK);
	attr_parsed_clear(&p);
	check_all_released();
}

/* Semantic NEXT_HOP errors: not RFC 7606 errors (RFC 4271 6.3). */
static void test_martian_next_hop(void **state)
{
	static const char *const bad[] = { "00000000", "7f000002", "e0000001",
					   "ffffffff", "c0000263" };
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_parsed p;
	char hex[64];
	size_t i;

	(void)state;
	c.local_v4 = 0xc0000263;	/* 192.0.2.99: ours */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(hex, sizeof(hex), ORG ASP "400304%s", bad[i]);
		parse(hex, &c, &p);
		assert_int_equal(p.action, ATTR_OK);
		if (!p.nexthop_bad)
			fail_msg("%s not flagged", bad[i]);
		attr_parsed_clear(&p);
	}
	parse(ORG ASP NH, &c, &p);
	assert_false(p.nexthop_bad);
	attr_parsed_clear(&p);
	c.allow_martians = true;
	parse(ORG ASP "4003047f000002", &c, &p);
	assert_false(p.nexthop_bad);
	attr_parsed_clear(&p);
}

/* ---- interning ---- */

static struct attr *mk_attr(uint32_t med, const char *nh)
{
	struct attr_build b;
	struct attr *a;

	attr_build_init(&b);
	b.origin = ORIGIN_IGP;
	b.has_med = true;
	b.med = med;
	b.nh_af = AF_INET;
	inet_pton(AF_INET, nh, b.nh);
	a = attr_intern(&b);
	attr_build_clear(&b);
	return a;
}

static void test_intern_sets(void **state)
{
	struct attr *a, *b, *c, *d;
	struct attr_build bb;
	uint32_t id;

	(void)state;
	a = mk_attr(10, "192.0.2.1");
	b = mk_attr(10, "192.0.2.1");
	c = mk_attr(11, "192.0.2.1");
	d = mk_attr(10, "192.0.2.2");
	assert_ptr_equal(a, b);
	assert_int_equal(a->h.refcnt, 2);
	assert_ptr_not_equal(a, c);
	assert_ptr_not_equal(a, d);
	assert_int_equal(attr_count(), 3);
	assert_non_null(a->aspath);	/* the empty path, never NULL */
	assert_int_equal(aspath_count(), 1);
	assert_null(a->ext);

	/* modify through a build: a new set; the same change: same set */
	attr_build_from(&bb, a);
	bb.has_originator = true;
	bb.originator_id = 0x0a000001;
	attr_unref(c);
	c = attr_intern(&bb);
	attr_unref(d);
	d = attr_intern(&bb);
	attr_build_clear(&bb);
	assert_ptr_equal(c, d);
	assert_ptr_not_equal(c, a);
	assert_true(attr_originator_id(c, &id));
	assert_int_equal(id, 0x0a000001);
	assert_false(attr_originator_id(a, &id));
	assert_int_equal(attr_ext_count(), 1);

	attr_unref(a);
	attr_unref(b);
	attr_unref(c);
	assert_int_equal(attr_count(), 1);
	attr_unref(d);
	check_all_released();
}

static void test_intern_growth(void **state)
{
	enum { N = 50000 };
	struct attr **v = calloc(N, sizeof(*v));
	size_t i, slots;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < N; i++) {
		v[i] = mk_attr((uint32_t)i, "192.0.2.1");
		assert_int_equal(v[i]->h.refcnt, 1);
	}
	assert_int_equal(attr_count(), N);
	slots = attr_table_slots();
	assert_true(slots >= 2 * N);
	assert_int_equal(slots & (slots - 1), 0);
	for (i = 0; i < N; i += 3)
		attr_unref(v[i]);
	for (i = 0; i < N; i++) {
		struct attr *again;

		if (i % 3 == 0)
			continue;
		again = mk_attr((uint32_t)i, "192.0.2.1");
		assert_ptr_equal(again, v[i]);
		attr_unref(again);
		attr_unref(v[i]);
	}
	free(v);
	check_all_released();
}

/* The hash set itself: colliding hashes (same home slot, same tag),
 * wrap-around at the end of the table, removal from inside clusters. */
struct tobj {
	struct intern_hdr h;
	int id;
};

static bool tobj_eq(const void *obj, const void *key)
{
	return ((const struct tobj *)obj)->id == *(const int *)key;
}

static void test_intern_collisions(void **state)
{
	enum { N = 200 };
	static struct tobj o[N];
	struct intern_tab t;
	int i, k;

	(void)state;
	intern_init(&t, "test");
	for (i = 0; i < N; i++) {
		o[i].id = i;
		/* three hash values only, one of them on the last slot of
		 * every table size, so clusters wrap around */
		o[i].h.hash = i % 3 == 0 ? 0x12340005u
			    : i % 3 == 1 ? 0xffffffffu : 0x00010005u;
		intern_insert(&t, &o[i].h);
	}
	assert_int_equal(intern_count(&t), N);
	for (k = 0; k < 2; k++)	/* remove evens, then odds */
		for (i = k; i < N; i += 2) {
			int j;

			assert_ptr_equal(intern_find(&t, o[i].h.hash, tobj_eq,
						     &o[i].id),
					 &o[i]);
			intern_remove(&t, &o[i].h);
			assert_null(intern_find(&t, o[i].h.hash, tobj_eq,
						&o[i].id));
			for (j = i + 2; j < N; j += 2)	/* the rest stay */
				assert_ptr_equal(intern_find(&t, o[j].h.hash,
							     tobj_eq, &o[j].id),
						 &o[j]);
		}
	assert_int_equal(intern_count(&t), 0);
	intern_fini(&t);
}

static void test_loop(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_parsed p;
	struct attr *a;

	(void)state;
	c.ibgp = true;
	c.peer_as = 65000;
	parse(ORG "40020e 0203 0000fde9 0000fde8 00000001" NH
	      "40050400000064 800904 0a000001 800a08 0a000002 0a000003",
	      &c, &p);
	assert_int_equal(p.action, ATTR_OK);
	a = attr_intern(&p.b);
	attr_parsed_clear(&p);
	assert_true(attr_is_loop(a, 65000, 0, 1, 0));
	assert_false(attr_is_loop(a, 65000, 1, 1, 0));	/* allowas-in 1 */
	assert_false(attr_is_loop(a, 65002, 0, 1, 0));
	assert_true(attr_is_loop(a, 65002, 0, 0x0a000001, 0));
	assert_true(attr_is_loop(a, 65002, 0, 1, 0x0a000003));
	assert_false(attr_is_loop(a, 65002, 0, 1, 0x0a000004));
	assert_int_equal(attr_cluster_len(a), 2);
	assert_int_equal(attr_cluster_id(a, 1), 0x0a000003);
	attr_unref(a);
	check_all_released();
}

/* ---- encoding ---- */

/* Decode hex as from a session, intern with the IPv4 next hop. */
static struct attr *dec_intern(const char *hex, const struct attr_dec_ctx *c)
{
	struct attr_parsed p;
	struct attr *a;

	parse(hex, c, &p);
	assert_int_equal(p.action, ATTR_OK);
	p.b.nh_af = AF_INET;
	memcpy(p.b.nh, "\xc0\x00\x02\x02", 4);
	a = attr_intern(&p.b);
	attr_parsed_clear(&p);
	return a;
}

static struct attr *reparse(const struct wbuf *w, const struct attr_dec_ctx *c)
{
	struct attr_parsed p;
	struct attr *a;

	attr_parse(rbuf_make(w->buf, w->len), c, &p);
	assert_int_equal(p.action, ATTR_OK);
	assert_true(p.has_nexthop);
	p.b.nh_af = AF_INET;
	memcpy(p.b.nh, "\xc0\x00\x02\x02", 4);
	a = attr_intern(&p.b);
	attr_parsed_clear(&p);
	return a;
}

static void test_round_trip_new(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr_enc_ctx e = { .as4 = true, .nexthop = true };
	struct attr *a, *b;
	struct wbuf w;

	(void)state;
	c.ibgp = true;
	c.peer_as = 65000;
	a = dec_intern(ORG "40020a 0202 0000fde9 00011170" NH
		       "800404 0000000a 400504 00000064 400600"
		       "c00708 00011170 c0000201 c00808 ffffff01 00010002"
		       "800904 0a000001 800a08 0a000002 0a000003"
		       "c01008 0002fde8 00000064"
		       "c0200c 0000fde8 00000001 00000002 c0fe04 deadbeef",
		       &c);
	wbuf_init(&w, 4096);
	attr_encode(&w, a, &e);
	assert_true(wbuf_ok(&w));
	b = reparse(&w, &c);
	assert_ptr_equal(a, b);
	/* the unknown transitive attribute now carries Partial (0xe0) */
	assert_non_null(memmem(w.buf, w.len, "\xe0\xfe\x04\xde\xad\xbe\xef", 7));
	attr_unref(b);
	attr_unref(a);
	wbuf_free(&w);
	check_all_released();
}

/* Toward an OLD speaker: AS_TRANS + AS4_PATH / AS4_AGGREGATOR, and the
 * OLD side's merge gives back the same set (RFC 6793 4.2.2, 4.2.3). */
static void test_round_trip_old(void **state)
{
	struct attr_dec_ctx c4 = ctx_ebgp4(), c2 = ctx_ebgp4();
	struct attr_enc_ctx e = { .as4 = false, .nexthop = true };
	struct attr *a, *b;
	struct wbuf w;
	uint8_t want[64];
	size_t n;

	(void)state;
	c4.peer_as = 65001;
	a = dec_intern(ORG "40020e 0203 0000fde9 00011170 000000c8" NH
		       "c00708 00011170 c0000201",
		       &c4);
	wbuf_init(&w, 4096);
	attr_encode(&w, a, &e);
	n = hex2bin("400208 0203 fde9 5ba0 00c8", want, sizeof(want));
	assert_non_null(memmem(w.buf, w.len, want, n));
	n = hex2bin("c00706 5ba0 c0000201", want, sizeof(want));
	assert_non_null(memmem(w.buf, w.len, want, n));
	n = hex2bin("c0110e 0203 0000fde9 00011170 000000c8", want,
		    sizeof(want));
	assert_non_null(memmem(w.buf, w.len, want, n));
	n = hex2bin("c01208 00011170 c0000201", want, sizeof(want));
	assert_non_null(memmem(w.buf, w.len, want, n));
	c2.as4 = false;
	b = reparse(&w, &c2);
	assert_ptr_equal(a, b);
	attr_unref(b);
	attr_unref(a);

	/* an all-2-octet path gets no AS4_PATH */
	a = dec_intern(ORG "40020a 0202 0000fde9 000000c8" NH, &c4);
	wbuf_reset(&w);
	attr_encode(&w, a, &e);
	assert_null(memmem(w.buf, w.len, "\xc0\x11", 2));
	attr_unref(a);
	wbuf_free(&w);
	check_all_released();
}

/* Extended Length exactly when the value exceeds 255 octets. */
static void test_extended_length(void **state)
{
	struct attr_enc_ctx e = { .as4 = true, .nexthop = false };
	uint32_t v[100];
	struct attr_build b;
	struct attr *a;
	struct wbuf w;
	size_t i;

	(void)state;
	for (i = 0; i < 100; i++)
		v[i] = (uint32_t)(i + 1);
	attr_build_init(&b);
	b.comm = community_intern(v, 100);
	a = attr_intern(&b);
	attr_build_clear(&b);
	wbuf_init(&w, 0);
	attr_encode(&w, a, &e);
	/* ORIGIN (4) + empty AS_PATH (3), then COMMUNITIES with extlen */
	assert_int_equal(w.len, 4 + 3 + 4 + 400);
	assert_int_equal(w.buf[7], ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE |
					   ATTR_FLAG_EXTLEN);
	assert_int_equal(w.buf[9], 400 >> 8);
	assert_int_equal(w.buf[10], 400 & 0xff);
	assert_int_equal(w.buf[4], ATTR_FLAG_TRANSITIVE);	/* short */
	attr_unref(a);
	wbuf_free(&w);
	check_all_released();
}

static void test_print(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	struct attr *a;
	char s[512];

	(void)state;
	a = dec_intern(ORG "40020e 0203 0000fde9 00000003 00000002" NH
		       "800404 00000000 c00808 ffffff01 00010003",
		       &c);
	attr_print(a, s, sizeof(s));
	assert_string_equal(s, "origin IGP aspath 65001 3 2 nexthop 192.0.2.2 "
			       "med 0 community 1:3 no-export");
	assert_int_equal(attr_origin_char(a->origin), 'i');
	attr_unref(a);
	check_all_released();
}

/*
 * attr_dec_ctx.discard (OWNERS.md interface 3; `neighbor X
 * path-attribute discard N`, `bgp unknown-attribute discard N`): a
 * listed attribute is dropped before any check, even malformed, and
 * counted; MP_REACH / MP_UNREACH are never dropped; a dropped mandatory
 * attribute is then missing (RFC 7606 3.d).
 */
static void test_discard_bitmap(void **state)
{
	struct attr_dec_ctx c = ctx_ebgp4();
	unsigned long before = attr_stats.discard_cfg;
	uint8_t bm[32] = { 0 };
	struct attr_parsed p;
	struct attr *a;
	const char *hex = ORG ASP NH "800404 0000000a"	/* MED 10 */
			  "c0fe04 deadbeef"		/* unknown transitive */
			  "c00805 ffff0001 00";		/* malformed COMM */

	(void)state;
	/* Without a bitmap: MED kept, unknown kept, COMMUNITIES withdraw. */
	assert_int_equal(parse(hex, &c, &p), ATTR_TREAT_AS_WITHDRAW);
	assert_true(p.b.has_med);
	assert_int_equal(p.ndiscard_cfg, 0);
	attr_parsed_clear(&p);
	/* An empty bitmap changes nothing. */
	c.discard = bm;
	assert_int_equal(parse(hex, &c, &p), ATTR_TREAT_AS_WITHDRAW);
	assert_int_equal(p.ndiscard_cfg, 0);
	attr_parsed_clear(&p);

	attr_discard_set(bm, ATTR_MED);
	attr_discard_set(bm, 0xfe);
	attr_discard_set(bm, ATTR_COMMUNITIES);
	assert_true(attr_discard_has(bm, 0xfe));
	assert_false(attr_discard_has(bm, 0xff));
	assert_false(attr_discard_has(NULL, ATTR_MED));
	assert_int_equal(parse(hex, &c, &p), ATTR_OK);
	assert_false(p.b.has_med);
	assert_null(p.b.comm);
	assert_int_equal(p.b.unknown_len, 0);
	assert_int_equal(p.ndiscard, 0);	/* not an error */
	assert_int_equal(p.ndiscard_cfg, 3);
	assert_int_equal(attr_stats.discard_cfg, before + 3);
	p.b.nh_af = AF_INET;
	a = attr_intern(&p.b);
	assert_non_null(a);
	assert_null(a->ext);	/* nothing left to forward */
	attr_unref(a);
	attr_parsed_clear(&p);

	/* A repeated listed attribute: both copies dropped, no error. */
	assert_int_equal(parse(ORG ASP NH "800404 00000001 800404 00000002",
			       &c, &p), ATTR_OK);
	assert_false(p.b.has_med);
	assert_int_equal(p.ndiscard_cfg, 2);
	attr_parsed_clear(&p);

	/* Codes 0 and 255 (the bitmap's ends). */
	memset(bm, 0, sizeof(bm));
	attr_discard_set(bm, 0);
	attr_discard_set(bm, 255);
	assert_int_equal(parse(ORG ASP NH "c00002 abcd c0ff03 010203", &c, &p),
			 ATTR_OK);
	assert_int_equal(p.ndiscard_cfg, 2);
	assert_int_equal(p.b.unknown_len, 0);
	attr_parsed_clear(&p);

	/* MP_REACH / MP_UNREACH listed: still parsed (their NLRI). */
	memset(bm, 0, sizeof(bm));
	attr_discard_set(bm, ATTR_MP_REACH_NLRI);
	attr_discard_set(bm, ATTR_MP_UNREACH_NLRI);
	assert_int_equal(parse(ORG ASP
			       "800e1e 0002 01 10 20010db8000000000000000000000001"
			       " 00 40 20010db800000001"
			       "800f0c 0002 01 40 20010db800000002",
			       &c, &p),
			 ATTR_OK);
	assert_true(p.reach.present);
	assert_true(p.unreach.present);
	assert_int_equal(p.ndiscard_cfg, 0);
	attr_parsed_clear(&p);

	/* ORIGIN listed: the route then lacks a well-known attribute. */
	memset(bm, 0, sizeof(bm));
	attr_discard_set(bm, ATTR_ORIGIN);
	assert_int_equal(parse(ORG ASP NH, &c, &p), ATTR_OK);
	attr_check_mandatory(&p, true, false);
	assert_int_equal(p.action, ATTR_TREAT_AS_WITHDRAW);
	assert_int_equal(p.err.subcode, BGP_ERR_UPD_MISSING_WELLKNOWN);
	attr_parsed_clear(&p);
	check_all_released();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_fields),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_duplicate_keeps_first),
		cmocka_unit_test(test_as4_merge),
		cmocka_unit_test(test_mp_reach_next_hops),
		cmocka_unit_test(test_section_overruns),
		cmocka_unit_test(test_mandatory),
		cmocka_unit_test(test_aspath_policy_checks),
		cmocka_unit_test(test_martian_next_hop),
		cmocka_unit_test(test_intern_sets),
		cmocka_unit_test(test_intern_growth),
		cmocka_unit_test(test_intern_collisions),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_round_trip_new),
		cmocka_unit_test(test_round_trip_old),
		cmocka_unit_test(test_extended_length),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_discard_bitmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
