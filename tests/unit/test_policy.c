/*
 * test_policy.c: route-map, prefix-list, access-list, community-list and
 * as-path list evaluation (policy.c) on configs parsed from text with
 * config_parse_string, as the daemon does: every match and set clause,
 * call and on-match, the implicit denies, undefined names, and the
 * route-maps IPMininet writes (../shared/reference/ipmininet.md 3.2).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "policy.h"

static struct config *parse(const char *text)
{
	struct config_diag d;
	struct config *c = NULL;

	config_diag_init(&d);
	if (config_parse_string(text, "test", &c, &d) < 0 || d.nwarnings)
		config_diag_print(&d, stderr);
	config_diag_free(&d);
	assert_non_null(c);
	return c;
}

static void done(struct config *c)
{
	policy_config_changed(c);
	config_free(c);
}

/* A route under test: prefix, attributes, neighbor and our address. */
struct rt {
	struct prefix p;
	struct attr_build ab;
	struct ipaddr peer, local;
	struct policy_route r;
};

static struct aspath *path_of(const char *text)
{
	uint8_t buf[2 + 4 * 64];
	unsigned n = 0;
	char *end;

	while (*text) {
		unsigned long as = strtoul(text, &end, 10);

		if (end == text)
			break;
		buf[2 + 4 * n] = (uint8_t)(as >> 24);
		buf[3 + 4 * n] = (uint8_t)(as >> 16);
		buf[4 + 4 * n] = (uint8_t)(as >> 8);
		buf[5 + 4 * n] = (uint8_t)as;
		n++;
		text = end;
	}
	buf[0] = AS_SEQUENCE;
	buf[1] = (uint8_t)n;
	return aspath_intern(buf, n ? 2 + 4 * n : 0);
}

static void rt_init(struct rt *t, const char *pfx, const char *path)
{
	struct aspath *p = path_of(path);

	memset(t, 0, sizeof(*t));
	assert_int_equal(prefix_parse(pfx, &t->p, NULL), 0);
	attr_build_init(&t->ab);
	attr_build_set_aspath(&t->ab, p);
	aspath_unref(p);
	t->ab.nh_af = t->p.af;
	if (t->p.af == AF_INET) {
		ipaddr_parse("192.0.2.1", &t->peer);
		ipaddr_parse("192.0.2.2", &t->local);
		memcpy(t->ab.nh, t->peer.a, 4);
	} else {
		ipaddr_parse("2001:db8::1", &t->peer);
		ipaddr_parse("2001:db8::2", &t->local);
		memcpy(t->ab.nh, t->peer.a, 16);
	}
	t->r.af = t->p.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;
	t->r.prefix = &t->p;
	t->r.ab = &t->ab;
	t->r.peer = &t->peer;
	t->r.local = &t->local;
	t->r.peer_as = 65001;
}

static void rt_comms(struct rt *t, const uint32_t *v, size_t n)
{
	struct community *c = community_intern(v, n);

	attr_build_set_comm(&t->ab, c);
	community_unref(c);
}

static void rt_free(struct rt *t)
{
	attr_build_clear(&t->ab);
}

static const char *comm_text(const struct rt *t, char *buf, size_t len)
{
	if (!t->ab.comm)
		return "";
	community_print(t->ab.comm, buf, len);
	return buf;
}

static const char *path_text(const struct rt *t, char *buf, size_t len)
{
	aspath_print(t->ab.aspath, buf, len);
	return buf;
}

#define CM(a, b) ((uint32_t)(a) << 16 | (b))

static enum policy_verdict eval_rm(struct config *c, const char *map,
				   const char *pfx, const char *path,
				   struct rt *t)
{
	rt_init(t, pfx, path);
	return policy_route_map(c, map, &t->r);
}

/* --- prefix-lists --- */

static const char plists[] =
    "ip prefix-list P seq 5 deny 10.1.0.0/16 le 24\n"
    "ip prefix-list P seq 10 permit 10.0.0.0/8 ge 16 le 24\n"
    "ip prefix-list P seq 20 permit 192.0.2.0/24\n"
    "ip prefix-list P seq 30 permit 198.51.0.0/16 ge 20\n"
    "ip prefix-list hello-world-v4 permit 0.0.0.0/0 le 32 \n"
    "ipv6 prefix-list hello-world-v6 permit ::/0 le 128 \n"
    "ipv6 prefix-list P6 seq 10 deny 2001:db8:1::/48 le 128\n"
    "ipv6 prefix-list P6 seq 20 permit 2001:db8::/32 le 64\n";

static enum policy_verdict pl(struct config *c, const char *name,
			      const char *pfx)
{
	struct prefix p;

	assert_int_equal(prefix_parse(pfx, &p, NULL), 0);
	return policy_prefix_list(c, name, &p);
}

static void test_prefix_list(void **state)
{
	struct config *c = parse(plists);

	(void)state;
	/* seq order: 5 denies 10.1/16..24 before 10 permits them */
	assert_int_equal(pl(c, "P", "10.1.2.0/24"), POLICY_DENY);
	assert_int_equal(pl(c, "P", "10.2.0.0/16"), POLICY_PERMIT);
	assert_int_equal(pl(c, "P", "10.2.3.0/24"), POLICY_PERMIT);
	/* ge 16: /8 itself is too short; le 24: /25 too long */
	assert_int_equal(pl(c, "P", "10.0.0.0/8"), POLICY_DENY);
	assert_int_equal(pl(c, "P", "10.2.3.0/25"), POLICY_DENY);
	/* no ge/le: exact length only */
	assert_int_equal(pl(c, "P", "192.0.2.0/24"), POLICY_PERMIT);
	assert_int_equal(pl(c, "P", "192.0.2.0/25"), POLICY_DENY);
	/* ge alone: up to /32 */
	assert_int_equal(pl(c, "P", "198.51.100.7/32"), POLICY_PERMIT);
	assert_int_equal(pl(c, "P", "198.51.0.0/19"), POLICY_DENY);
	/* implicit deny */
	assert_int_equal(pl(c, "P", "203.0.113.0/24"), POLICY_DENY);
	/* an IPv6 prefix is looked up among the IPv6 lists */
	assert_int_equal(pl(c, "P6", "2001:db8:1:2::/64"), POLICY_DENY);
	assert_int_equal(pl(c, "P6", "2001:db8:2::/48"), POLICY_PERMIT);
	assert_int_equal(pl(c, "P6", "2001:db8:2::/65"), POLICY_DENY);
	assert_int_equal(pl(c, "P", "2001:db8:2::/48"), POLICY_DENY);
	/* undefined denies (Quagga 1.2), no name permits */
	assert_int_equal(pl(c, "nope", "10.2.0.0/16"), POLICY_DENY);
	assert_int_equal(pl(c, NULL, "10.2.0.0/16"), POLICY_PERMIT);
	done(c);
}

/* IPMininet's hello-world lists let everything through. */
static void test_hello_world_lists(void **state)
{
	static const char *const v4[] = {"0.0.0.0/0", "10.0.0.0/8",
					 "192.0.2.0/24", "198.51.100.7/32"};
	static const char *const v6[] = {"::/0", "2001:db8::/32", "fc00::/7",
					 "2001:db8::1/128"};
	struct config *c = parse(plists);
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_int_equal(pl(c, "hello-world-v4", v4[i]), POLICY_PERMIT);
		assert_int_equal(pl(c, "hello-world-v6", v6[i]), POLICY_PERMIT);
		/* each list holds its own family only */
		assert_int_equal(pl(c, "hello-world-v4", v6[i]), POLICY_DENY);
		assert_int_equal(pl(c, "hello-world-v6", v4[i]), POLICY_DENY);
	}
	done(c);
}

/* The reference: Quagga's linear walk (lib/plist.c), over the parsed
 * entries, to check the indexed lookup of long lists against. */
static enum policy_verdict ref_plist(const struct plist *l,
				     const struct prefix *p)
{
	const struct plist_entry *e;

	for (e = l->entries; e; e = e->next) {
		if (e->prefix.af != p->af || !prefix_contains(&e->prefix, p))
			continue;
		if (!e->ge && !e->le && p->len != e->prefix.len)
			continue;
		if ((e->le && p->len > e->le) || (e->ge && p->len < e->ge))
			continue;
		return e->permit ? POLICY_PERMIT : POLICY_DENY;
	}
	return l->entries ? POLICY_DENY : POLICY_PERMIT;
}

static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* A long list (indexed) and a short one, random entries and prefixes
 * inside 10/8 so that many match: same answers as the linear walk. */
static void test_prefix_list_index(void **state)
{
	static const unsigned sizes[] = {5, 300};
	uint32_t x = 12345;
	unsigned k, i, permits = 0;

	(void)state;
	for (k = 0; k < 2; k++) {
		size_t cap = 80 * sizes[k] + 64, off = 0;
		char *text = malloc(cap);
		struct config *c;
		struct prefix p;
		char buf[64];

		assert_non_null(text);
		for (i = 0; i < sizes[k]; i++) {
			unsigned len = 8 + rnd(&x) % 17, ge = 0, le = 0;
			uint32_t a = 0x0a000000u | (rnd(&x) & 0x00ff0000u) |
				     (rnd(&x) % 4 ? 0 : rnd(&x) & 0xff00u);

			if (rnd(&x) % 2)
				le = len + 1 + rnd(&x) % (32 - len);
			if (rnd(&x) % 3 == 0)
				ge = len + 1 + rnd(&x) % (32 - len);
			if (le && ge > le)
				ge = le;
			a &= len ? ~0u << (32 - len) : 0;
			off += (size_t)snprintf(
			    text + off, cap - off,
			    "ip prefix-list L seq %u %s %u.%u.%u.%u/%u", 5 * (i + 1),
			    rnd(&x) % 4 ? "permit" : "deny", a >> 24,
			    a >> 16 & 255, a >> 8 & 255, a & 255, len);
			if (ge && ge > len)
				off += (size_t)snprintf(text + off, cap - off,
							" ge %u", ge);
			if (le)
				off += (size_t)snprintf(text + off, cap - off,
							" le %u", le);
			off += (size_t)snprintf(text + off, cap - off, "\n");
		}
		c = parse(text);
		free(text);
		for (i = 0; i < 20000; i++) {
			uint32_t a = 0x0a000000u | (rnd(&x) & 0x00ffffffu);
			unsigned len = 8 + rnd(&x) % 25;

			snprintf(buf, sizeof(buf), "%u.%u.%u.%u/%u", a >> 24,
				 a >> 16 & 255, a >> 8 & 255, a & 255, len);
			assert_int_equal(prefix_parse(buf, &p, NULL), 0);
			assert_int_equal(policy_prefix_list(c, "L", &p),
					 ref_plist(c->plists, &p));
			permits += ref_plist(c->plists, &p) == POLICY_PERMIT;
		}
		done(c);
	}
	/* the lists were not trivial */
	assert_true(permits > 100 && permits < 39900);
}

/* --- access-lists --- */

static void test_access_list(void **state)
{
	struct config *c =
	    parse("access-list A deny 10.1.0.0/16\n"
		  "access-list A permit 10.0.0.0/8\n"
		  "access-list E permit 192.0.2.0/24 exact-match\n"
		  "access-list Allv4 permit any\n"
		  "ipv6 access-list Allv6 permit any\n"
		  "ipv6 access-list B6 permit 2001:db8::/32\n");
	struct prefix p;

	(void)state;
	prefix_parse("10.1.2.0/24", &p, NULL);
	assert_int_equal(policy_access_list(c, "A", &p), POLICY_DENY);
	prefix_parse("10.2.0.0/16", &p, NULL);
	assert_int_equal(policy_access_list(c, "A", &p), POLICY_PERMIT);
	prefix_parse("11.0.0.0/8", &p, NULL);
	assert_int_equal(policy_access_list(c, "A", &p), POLICY_DENY);
	assert_int_equal(policy_access_list(c, "Allv4", &p), POLICY_PERMIT);
	prefix_parse("192.0.2.0/24", &p, NULL);
	assert_int_equal(policy_access_list(c, "E", &p), POLICY_PERMIT);
	prefix_parse("192.0.2.128/25", &p, NULL);
	assert_int_equal(policy_access_list(c, "E", &p), POLICY_DENY);
	prefix_parse("2001:db8:5::/48", &p, NULL);
	assert_int_equal(policy_access_list(c, "B6", &p), POLICY_PERMIT);
	assert_int_equal(policy_access_list(c, "Allv6", &p), POLICY_PERMIT);
	/* Allv4 is an IPv4 list: an IPv6 prefix finds no such list */
	assert_int_equal(policy_access_list(c, "Allv4", &p), POLICY_DENY);
	prefix_parse("2001:db9::/32", &p, NULL);
	assert_int_equal(policy_access_list(c, "B6", &p), POLICY_DENY);
	assert_int_equal(policy_access_list(c, "undefined", &p), POLICY_DENY);
	assert_int_equal(policy_access_list(c, NULL, &p), POLICY_PERMIT);
	done(c);
}

/* --- the IPMininet maps of ipmininet.md 3.2 --- */

static const char ipmininet[] =
    "hostname as1r1\n"
    "router bgp 1\n"
    " neighbor 192.168.0.2 remote-as 2\n"
    " address-family ipv4 unicast\n"
    "  neighbor 192.168.0.2 route-map as2r1-ipv4-in in\n"
    "  neighbor 192.168.0.2 route-map as2r1-ipv4-out out\n"
    "  neighbor 192.168.0.2 activate\n"
    " exit-address-family\n"
    "!\n"
    "access-list Allv4 permit any\n"
    "ipv6 access-list Allv6 permit any\n"
    "bgp community-list standard from-up permit 1:3\n"
    "bgp community-list standard from-peers permit 1:1\n"
    "ip prefix-list hello-world-v4 permit 0.0.0.0/0 le 32 \n"
    "ipv6 prefix-list hello-world-v6 permit ::/0 le 128 \n"
    "route-map as2r1-ipv4-in permit 10\n"
    "    match ip address Allv4\n"
    "    set community 1:1\n"
    "    set local-preference 150\n"
    "!\n"
    "!\n"
    "route-map as2r1-ipv4-out deny 10\n"
    "    match community from-up\n"
    "!\n"
    "route-map as2r1-ipv4-out deny 15\n"
    "    match community from-peers\n"
    "!\n"
    "route-map as2r1-ipv4-out permit 20\n"
    "!\n"
    "!\n"
    "route-map as3r1-ipv4-in permit 65535\n"
    "    match ip address prefix-list hello-world-v4\n"
    "!\n"
    "route-map as3r1-ipv6-in permit 65535\n"
    "    match ipv6 address prefix-list hello-world-v6\n"
    "!\n";

static void test_ipmininet_in(void **state)
{
	struct config *c = parse(ipmininet);
	const struct nbr_conf *n = c->bgp->neighbors;
	const uint32_t other[] = {CM(2, 7)};
	struct rt t;
	char b[64];

	(void)state;
	assert_int_equal(
	    eval_rm(c, n->af[BGP_AF_IPV4].rmap_in, "203.0.113.0/24", "2 3", &t),
	    POLICY_PERMIT);
	assert_true(t.ab.has_local_pref);
	assert_int_equal(t.ab.local_pref, 150);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:1");
	assert_true(t.r.set & POLICY_SET_LOCAL_PREF);
	assert_true(t.r.set & POLICY_SET_COMMUNITY);
	rt_free(&t);

	/* "set community" without additive replaces what was there */
	rt_init(&t, "203.0.113.0/24", "2");
	rt_comms(&t, other, 1);
	assert_int_equal(policy_route_map(c, "as2r1-ipv4-in", &t.r),
			 POLICY_PERMIT);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:1");
	rt_free(&t);

	/* an IPv6 route does not match "match ip address": implicit deny */
	assert_int_equal(eval_rm(c, "as2r1-ipv4-in", "2001:db8::/32", "2", &t),
			 POLICY_DENY);
	rt_free(&t);
	done(c);
}

static void test_ipmininet_out(void **state)
{
	struct config *c = parse(ipmininet);
	const uint32_t up[] = {CM(1, 3), CM(65000, 1)};
	const uint32_t peers[] = {CM(1, 1)};
	const uint32_t cust[] = {CM(1, 2), CM(1, 4)};
	struct rt t;

	(void)state;
	rt_init(&t, "203.0.113.0/24", "3");
	rt_comms(&t, up, 2);
	assert_int_equal(policy_route_map(c, "as2r1-ipv4-out", &t.r),
			 POLICY_DENY);
	rt_free(&t);
	rt_init(&t, "203.0.113.0/24", "3");
	rt_comms(&t, peers, 1);
	assert_int_equal(policy_route_map(c, "as2r1-ipv4-out", &t.r),
			 POLICY_DENY);
	rt_free(&t);
	rt_init(&t, "203.0.113.0/24", "3");
	rt_comms(&t, cust, 2);
	assert_int_equal(policy_route_map(c, "as2r1-ipv4-out", &t.r),
			 POLICY_PERMIT);
	assert_int_equal(t.r.set, 0);
	rt_free(&t);
	/* no community at all: the rest, permitted */
	assert_int_equal(
	    eval_rm(c, "as2r1-ipv4-out", "203.0.113.0/24", "3", &t),
	    POLICY_PERMIT);
	rt_free(&t);

	/* the in-map of one side sets 1:1, the out-map of the same router
	 * toward another neighbour then drops it (ipmininet.md 4.7) */
	rt_init(&t, "198.51.100.0/24", "2");
	assert_int_equal(policy_route_map(c, "as2r1-ipv4-in", &t.r),
			 POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "as2r1-ipv4-out", &t.r),
			 POLICY_DENY);
	rt_free(&t);
	done(c);
}

static void test_ipmininet_65535(void **state)
{
	struct config *c = parse(ipmininet);
	struct rt t;

	(void)state;
	assert_int_equal(eval_rm(c, "as3r1-ipv4-in", "0.0.0.0/0", "", &t),
			 POLICY_PERMIT);
	rt_free(&t);
	assert_int_equal(eval_rm(c, "as3r1-ipv4-in", "10.0.0.1/32", "", &t),
			 POLICY_PERMIT);
	assert_int_equal(t.r.set, 0);
	rt_free(&t);
	assert_int_equal(eval_rm(c, "as3r1-ipv6-in", "2001:db8::/48", "", &t),
			 POLICY_PERMIT);
	rt_free(&t);
	/* families do not cross */
	assert_int_equal(eval_rm(c, "as3r1-ipv6-in", "10.0.0.0/8", "", &t),
			 POLICY_DENY);
	rt_free(&t);
	done(c);
}

/* --- match clauses --- */

static const char matches[] =
    "access-list NH permit 192.0.2.1/32\n"
    "access-list SRC permit 192.0.2.0/24\n"
    "ip prefix-list NHP permit 192.0.2.0/24 le 32\n"
    "ip prefix-list V4 permit 10.0.0.0/8 le 24\n"
    "ipv6 access-list V6A permit 2001:db8::/32\n"
    "ipv6 prefix-list V6P permit 2001:db8::/32 le 48\n"
    "ip community-list standard S permit 1:1 1:2\n"
    "ip community-list standard NE permit no-export\n"
    "ip community-list expanded X permit ^65000:[0-9]+$\n"
    "ip community-list expanded Y deny 666\n"
    "ip community-list expanded Y permit .*\n"
    "bgp large-community-list standard L permit 1:2:3\n"
    "bgp large-community-list expanded LX permit ^65000:\n"
    "ip as-path access-list AP deny _666_\n"
    "ip as-path access-list AP permit ^65001_\n"
    "ip as-path access-list AP permit _3$\n"
    "route-map m-acl permit 10\n match ip address V4X\n"
    "route-map m-plist permit 10\n match ip address prefix-list V4\n"
    "route-map m-v6a permit 10\n match ipv6 address V6A\n"
    "route-map m-v6p permit 10\n match ipv6 address prefix-list V6P\n"
    "route-map m-nh permit 10\n match ip next-hop NH\n"
    "route-map m-nhp permit 10\n match ip next-hop prefix-list NHP\n"
    "route-map m-v6nh permit 10\n match ipv6 next-hop 2001:db8::1\n"
    "route-map m-src permit 10\n match ip route-source SRC\n"
    "route-map m-comm permit 10\n match community S\n"
    "route-map m-exact permit 10\n match community S exact-match\n"
    "route-map m-ne permit 10\n match community NE\n"
    "route-map m-x permit 10\n match community X\n"
    "route-map m-y permit 10\n match community Y\n"
    "route-map m-undef permit 10\n match community nosuch\n"
    "route-map m-large permit 10\n match large-community L\n"
    "route-map m-lx permit 10\n match large-community LX\n"
    "route-map m-path permit 10\n match as-path AP\n"
    "route-map m-metric permit 10\n match metric 50\n"
    "route-map m-metric0 permit 10\n match metric 0\n"
    "route-map m-lp permit 10\n match local-preference 200\n"
    "route-map m-origin permit 10\n match origin egp\n"
    "route-map m-peer permit 10\n match peer 192.0.2.1\n"
    "route-map m-local permit 10\n match peer local\n"
    "route-map m-two permit 10\n match origin igp\n match metric 5\n"
    "route-map m-none permit 10\n";

static enum policy_verdict mt(struct config *c, const char *map,
			      const char *pfx, const char *path,
			      const uint32_t *comms, size_t n)
{
	struct rt t;
	enum policy_verdict v;

	rt_init(&t, pfx, path);
	if (n)
		rt_comms(&t, comms, n);
	v = policy_route_map(c, map, &t.r);
	rt_free(&t);
	return v;
}

static void test_match_addresses(void **state)
{
	struct config *c = parse(matches);
	struct rt t;

	(void)state;
	/* an undefined access-list never matches: implicit deny */
	assert_int_equal(mt(c, "m-acl", "10.0.0.0/8", "", NULL, 0),
			 POLICY_DENY);
	assert_int_equal(mt(c, "m-plist", "10.1.0.0/16", "", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-plist", "10.1.1.0/25", "", NULL, 0),
			 POLICY_DENY);
	assert_int_equal(mt(c, "m-v6a", "2001:db8:1::/48", "", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-v6a", "2001:db9::/32", "", NULL, 0),
			 POLICY_DENY);
	assert_int_equal(mt(c, "m-v6p", "2001:db8:1::/48", "", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-v6p", "2001:db8:1::/56", "", NULL, 0),
			 POLICY_DENY);
	/* next hop 192.0.2.1 (rt_init) */
	assert_int_equal(mt(c, "m-nh", "10.0.0.0/8", "", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-nhp", "10.0.0.0/8", "", NULL, 0),
			 POLICY_PERMIT);
	rt_init(&t, "10.0.0.0/8", "");
	t.ab.nh[3] = 9;
	assert_int_equal(policy_route_map(c, "m-nh", &t.r), POLICY_DENY);
	assert_int_equal(policy_route_map(c, "m-nhp", &t.r), POLICY_PERMIT);
	t.ab.nh[2] = 3;
	assert_int_equal(policy_route_map(c, "m-nhp", &t.r), POLICY_DENY);
	rt_free(&t);
	assert_int_equal(mt(c, "m-v6nh", "2001:db8::/32", "", NULL, 0),
			 POLICY_PERMIT);
	rt_init(&t, "2001:db8::/32", "");
	t.ab.nh[15] = 7;
	assert_int_equal(policy_route_map(c, "m-v6nh", &t.r), POLICY_DENY);
	t.ab.has_nh_ll = true; /* the link-local next hop counts too */
	ipaddr_parse("2001:db8::1", &t.peer);
	memcpy(t.ab.nh_ll, t.peer.a, 16);
	assert_int_equal(policy_route_map(c, "m-v6nh", &t.r), POLICY_PERMIT);
	rt_free(&t);
	/* route source = the neighbor; peer */
	assert_int_equal(mt(c, "m-src", "10.0.0.0/8", "", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-peer", "10.0.0.0/8", "", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-local", "10.0.0.0/8", "", NULL, 0),
			 POLICY_DENY);
	rt_init(&t, "10.0.0.0/8", "");
	t.r.peer = NULL; /* network / redistribute */
	assert_int_equal(policy_route_map(c, "m-local", &t.r), POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "m-peer", &t.r), POLICY_DENY);
	assert_int_equal(policy_route_map(c, "m-src", &t.r), POLICY_DENY);
	rt_free(&t);
	assert_int_equal(mt(c, "m-none", "10.0.0.0/8", "", NULL, 0),
			 POLICY_PERMIT);
	done(c);
}

static void test_match_communities(void **state)
{
	struct config *c = parse(matches);
	const uint32_t both[] = {CM(1, 1), CM(1, 2)};
	const uint32_t more[] = {CM(1, 1), CM(1, 2), CM(1, 3)};
	const uint32_t one[] = {CM(1, 1)};
	const uint32_t ne[] = {COMMUNITY_NO_EXPORT, CM(5, 5)};
	const uint32_t x[] = {CM(65000, 42)};
	const uint32_t x2[] = {CM(65000, 42), CM(1, 1)};
	const uint32_t bad[] = {CM(1, 666)};
	const char *p = "10.0.0.0/8";

	(void)state;
	assert_int_equal(mt(c, "m-comm", p, "", both, 2), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-comm", p, "", more, 3), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-comm", p, "", one, 1), POLICY_DENY);
	assert_int_equal(mt(c, "m-comm", p, "", NULL, 0), POLICY_DENY);
	assert_int_equal(mt(c, "m-exact", p, "", both, 2), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-exact", p, "", more, 3), POLICY_DENY);
	assert_int_equal(mt(c, "m-ne", p, "", ne, 2), POLICY_PERMIT);
	/* expanded: a regexp over "65000:42" (one community only) */
	assert_int_equal(mt(c, "m-x", p, "", x, 1), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-x", p, "", x2, 2), POLICY_DENY);
	assert_int_equal(mt(c, "m-x", p, "", NULL, 0), POLICY_DENY);
	/* first entry decides: deny 666, then permit .* (also "") */
	assert_int_equal(mt(c, "m-y", p, "", bad, 1), POLICY_DENY);
	assert_int_equal(mt(c, "m-y", p, "", one, 1), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-y", p, "", NULL, 0), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-undef", p, "", one, 1), POLICY_DENY);
	done(c);
}

static void test_match_large(void **state)
{
	struct config *c = parse(matches);
	struct lcommunity_val v[] = {{1, 2, 3}, {7, 8, 9}};
	struct lcommunity_val w[] = {{65000, 1, 1}};
	struct lcommunity *l;
	struct rt t;

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	l = lcommunity_intern(v, 2);
	attr_build_set_lcomm(&t.ab, l);
	lcommunity_unref(l);
	assert_int_equal(policy_route_map(c, "m-large", &t.r), POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "m-lx", &t.r), POLICY_DENY);
	l = lcommunity_intern(w, 1);
	attr_build_set_lcomm(&t.ab, l);
	lcommunity_unref(l);
	assert_int_equal(policy_route_map(c, "m-large", &t.r), POLICY_DENY);
	assert_int_equal(policy_route_map(c, "m-lx", &t.r), POLICY_PERMIT);
	rt_free(&t);
	done(c);
}

static void test_match_as_path(void **state)
{
	struct config *c = parse(matches);
	struct aspath *p;
	const char *x = "10.0.0.0/8";

	(void)state;
	/* '_' is a boundary: ^65001_ is 65001 first, not 650011 */
	assert_int_equal(mt(c, "m-path", x, "65001 7", NULL, 0), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-path", x, "650011 7", NULL, 0), POLICY_DENY);
	assert_int_equal(mt(c, "m-path", x, "65001", NULL, 0), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-path", x, "9 3", NULL, 0), POLICY_PERMIT);
	assert_int_equal(mt(c, "m-path", x, "9 33", NULL, 0), POLICY_DENY);
	assert_int_equal(mt(c, "m-path", x, "65001 666 3", NULL, 0),
			 POLICY_DENY);
	assert_int_equal(mt(c, "m-path", x, "65001 6666", NULL, 0),
			 POLICY_PERMIT);
	assert_int_equal(mt(c, "m-path", x, "", NULL, 0), POLICY_DENY);
	/* the list alone (neighbor filter-list) */
	p = path_of("65001 2");
	assert_int_equal(policy_as_path_list(c, "AP", p), POLICY_PERMIT);
	assert_int_equal(policy_as_path_list(c, "nosuch", p), POLICY_DENY);
	assert_int_equal(policy_as_path_list(c, NULL, p), POLICY_PERMIT);
	aspath_unref(p);
	done(c);
}

/* Many paths and community sets, each asked twice (the second answer
 * comes from the remembered results): the answers follow the lists, and
 * the references held for remembering go away with the config. */
static void test_remembered_results(void **state)
{
	struct config *c = parse(matches);
	size_t paths0 = aspath_count(), comms0 = community_count();
	char text[64];
	struct rt t;
	unsigned i, round;

	(void)state;
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 2000; i++) {
			uint32_t cm = CM(i % 3 ? 65000 : 65001, i);
			bool first = i % 2 == 0, loop = i % 5 == 0;

			snprintf(text, sizeof(text), "%u %u%s",
				 first ? 65001 : 64999 - i, 1000 + i,
				 loop ? " 666" : "");
			rt_init(&t, "10.0.0.0/8", text);
			rt_comms(&t, &cm, 1);
			assert_int_equal(policy_route_map(c, "m-path", &t.r),
					 first && !loop ? POLICY_PERMIT
							: POLICY_DENY);
			assert_int_equal(policy_route_map(c, "m-x", &t.r),
					 i % 3 ? POLICY_PERMIT : POLICY_DENY);
			rt_free(&t);
		}
	}
	assert_true(aspath_count() > paths0); /* held by the results */
	done(c);
	assert_int_equal(aspath_count(), paths0);
	assert_int_equal(community_count(), comms0);
}

static void test_match_values(void **state)
{
	struct config *c = parse(matches);
	struct rt t;

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	/* Quagga compares attr->med, 0 when there is none */
	assert_int_equal(policy_route_map(c, "m-metric0", &t.r), POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "m-metric", &t.r), POLICY_DENY);
	t.ab.has_med = true;
	t.ab.med = 50;
	assert_int_equal(policy_route_map(c, "m-metric", &t.r), POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "m-metric0", &t.r), POLICY_DENY);
	assert_int_equal(policy_route_map(c, "m-lp", &t.r), POLICY_DENY);
	t.ab.has_local_pref = true;
	t.ab.local_pref = 200;
	assert_int_equal(policy_route_map(c, "m-lp", &t.r), POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "m-origin", &t.r), POLICY_DENY);
	t.ab.origin = ORIGIN_EGP;
	assert_int_equal(policy_route_map(c, "m-origin", &t.r), POLICY_PERMIT);
	/* two clauses: both must match */
	t.ab.origin = ORIGIN_IGP;
	assert_int_equal(policy_route_map(c, "m-two", &t.r), POLICY_DENY);
	t.ab.med = 5;
	assert_int_equal(policy_route_map(c, "m-two", &t.r), POLICY_PERMIT);
	t.ab.origin = ORIGIN_INCOMPLETE;
	assert_int_equal(policy_route_map(c, "m-two", &t.r), POLICY_DENY);
	rt_free(&t);
	done(c);
}

/* --- set clauses --- */

static const char sets[] =
    "ip community-list standard D permit 1:1\n"
    "ip community-list expanded DX permit ^65000:\n"
    "bgp large-community-list standard LD permit 1:2:3\n"
    "route-map s-lp permit 10\n set local-preference 99\n"
    "route-map s-med permit 10\n set metric 50\n"
    "route-map s-add permit 10\n set metric +10\n"
    "route-map s-sub permit 10\n set metric -10\n"
    "route-map s-w permit 10\n set weight 300\n"
    "route-map s-c permit 10\n set community 1:80 no-export\n"
    "route-map s-ca permit 10\n set community 1:80 additive\n"
    "route-map s-cn permit 10\n set community none\n"
    "route-map s-del permit 10\n set comm-list D delete\n"
    "route-map s-delx permit 10\n set comm-list DX delete\n"
    "route-map s-l permit 10\n set large-community 1:2:3 4:5:6\n"
    "route-map s-la permit 10\n set large-community 9:9:9 additive\n"
    "route-map s-ld permit 10\n set large-comm-list LD delete\n"
    "route-map s-pre permit 10\n set as-path prepend 1 2\n"
    "route-map s-excl permit 10\n set as-path exclude 666\n"
    "route-map s-o permit 10\n set origin incomplete\n"
    "route-map s-nh permit 10\n set ip next-hop 198.51.100.1\n"
    "route-map s-nhp permit 10\n set ip next-hop peer-address\n"
    "route-map s-nhu permit 10\n set ip next-hop unchanged\n"
    "route-map s-g6 permit 10\n set ipv6 next-hop global 2001:db8::99\n"
    "route-map s-l6 permit 10\n set ipv6 next-hop local fe80::1\n"
    "route-map s-oid permit 10\n set originator-id 10.9.8.7\n"
    "route-map s-ext permit 10\n set extcommunity rt 65000:1\n"
    "route-map s-aa permit 10\n set atomic-aggregate\n"
    "route-map s-ag permit 10\n set aggregator as 65010 10.0.0.1\n"
    "route-map s-deny deny 10\n set local-preference 1\n";

static void test_set_numbers(void **state)
{
	struct config *c = parse(sets);
	struct rt t;

	(void)state;
	assert_int_equal(eval_rm(c, "s-lp", "10.0.0.0/8", "", &t),
			 POLICY_PERMIT);
	assert_true(t.ab.has_local_pref);
	assert_int_equal(t.ab.local_pref, 99);
	assert_int_equal(t.r.set, POLICY_SET_LOCAL_PREF);
	assert_int_equal(policy_route_map(c, "s-med", &t.r), POLICY_PERMIT);
	assert_true(t.ab.has_med);
	assert_int_equal(t.ab.med, 50);
	assert_int_equal(t.r.set, POLICY_SET_MED);
	assert_int_equal(policy_route_map(c, "s-add", &t.r), POLICY_PERMIT);
	assert_int_equal(t.ab.med, 60);
	t.ab.med = UINT32_MAX - 3; /* +N saturates */
	policy_route_map(c, "s-add", &t.r);
	assert_int_equal(t.ab.med, UINT32_MAX);
	t.ab.med = 15;
	policy_route_map(c, "s-sub", &t.r);
	assert_int_equal(t.ab.med, 5);
	policy_route_map(c, "s-sub", &t.r); /* -N stops at 0 */
	assert_int_equal(t.ab.med, 0);
	t.ab.has_med = false; /* absent MED counts as 0 */
	policy_route_map(c, "s-add", &t.r);
	assert_true(t.ab.has_med);
	assert_int_equal(t.ab.med, 10);
	assert_int_equal(policy_route_map(c, "s-w", &t.r), POLICY_PERMIT);
	assert_int_equal(t.r.weight, 300);
	assert_int_equal(t.r.set, POLICY_SET_WEIGHT);
	assert_int_equal(policy_route_map(c, "s-o", &t.r), POLICY_PERMIT);
	assert_int_equal(t.ab.origin, ORIGIN_INCOMPLETE);
	assert_int_equal(policy_route_map(c, "s-oid", &t.r), POLICY_PERMIT);
	assert_true(t.ab.has_originator);
	assert_int_equal(t.ab.originator_id, 0x0a090807);
	assert_int_equal(policy_route_map(c, "s-aa", &t.r), POLICY_PERMIT);
	assert_true(t.ab.atomic_aggregate);
	assert_int_equal(policy_route_map(c, "s-ag", &t.r), POLICY_PERMIT);
	assert_true(t.ab.has_aggregator);
	assert_int_equal(t.ab.aggr_as, 65010);
	assert_int_equal(t.ab.aggr_addr, 0x0a000001);
	/* a deny entry sets nothing */
	t.ab.local_pref = 7;
	assert_int_equal(policy_route_map(c, "s-deny", &t.r), POLICY_DENY);
	assert_int_equal(t.ab.local_pref, 7);
	rt_free(&t);
	done(c);
}

static void test_set_communities(void **state)
{
	struct config *c = parse(sets);
	const uint32_t have[] = {CM(1, 1), CM(1, 2), CM(65000, 3)};
	struct lcommunity_val lv[] = {{1, 2, 3}, {7, 7, 7}};
	struct lcommunity *l;
	struct rt t;
	char b[128];

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	rt_comms(&t, have, 3);
	policy_route_map(c, "s-ca", &t.r);
	assert_string_equal(comm_text(&t, b, sizeof(b)),
			    "1:1 1:2 1:80 65000:3");
	policy_route_map(c, "s-del", &t.r);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:2 1:80 65000:3");
	policy_route_map(c, "s-delx", &t.r);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:2 1:80");
	policy_route_map(c, "s-c", &t.r);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:80 no-export");
	assert_int_equal(t.r.set, POLICY_SET_COMMUNITY);
	policy_route_map(c, "s-cn", &t.r);
	assert_null(t.ab.comm);
	/* additive on a route without communities */
	policy_route_map(c, "s-ca", &t.r);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:80");

	l = lcommunity_intern(lv, 2);
	attr_build_set_lcomm(&t.ab, l);
	lcommunity_unref(l);
	policy_route_map(c, "s-la", &t.r);
	lcommunity_print(t.ab.lcomm, b, sizeof(b));
	assert_string_equal(b, "1:2:3 7:7:7 9:9:9");
	policy_route_map(c, "s-ld", &t.r);
	lcommunity_print(t.ab.lcomm, b, sizeof(b));
	assert_string_equal(b, "7:7:7 9:9:9");
	policy_route_map(c, "s-l", &t.r);
	lcommunity_print(t.ab.lcomm, b, sizeof(b));
	assert_string_equal(b, "1:2:3 4:5:6");
	assert_int_equal(t.r.set, POLICY_SET_LCOMMUNITY);

	policy_route_map(c, "s-ext", &t.r);
	assert_non_null(t.ab.ecomm);
	ecommunity_print(t.ab.ecomm, b, sizeof(b));
	assert_string_equal(b, "RT:65000:1");
	rt_free(&t);
	done(c);
}

static void test_set_as_path(void **state)
{
	struct config *c = parse(sets);
	struct rt t;
	char b[128];

	(void)state;
	assert_int_equal(eval_rm(c, "s-pre", "10.0.0.0/8", "7 8", &t),
			 POLICY_PERMIT);
	assert_string_equal(path_text(&t, b, sizeof(b)), "1 2 7 8");
	assert_int_equal(t.r.set, POLICY_SET_ASPATH);
	rt_free(&t);
	assert_int_equal(eval_rm(c, "s-pre", "10.0.0.0/8", "", &t),
			 POLICY_PERMIT);
	assert_string_equal(path_text(&t, b, sizeof(b)), "1 2");
	rt_free(&t);
	assert_int_equal(eval_rm(c, "s-excl", "10.0.0.0/8", "666 7 666 8", &t),
			 POLICY_PERMIT);
	assert_string_equal(path_text(&t, b, sizeof(b)), "7 8");
	rt_free(&t);
	assert_int_equal(eval_rm(c, "s-excl", "10.0.0.0/8", "666", &t),
			 POLICY_PERMIT);
	assert_string_equal(path_text(&t, b, sizeof(b)), "");
	rt_free(&t);
	done(c);
}

static void test_set_nexthop(void **state)
{
	struct config *c = parse(sets);
	struct rt t;

	(void)state;
	assert_int_equal(eval_rm(c, "s-nh", "10.0.0.0/8", "", &t),
			 POLICY_PERMIT);
	assert_memory_equal(t.ab.nh, "\xc6\x33\x64\x01", 4);
	assert_int_equal(t.r.set, POLICY_SET_NEXTHOP);
	/* peer-address: the neighbor inbound, our address outbound */
	policy_route_map(c, "s-nhp", &t.r);
	assert_memory_equal(t.ab.nh, t.peer.a, 4);
	t.r.out = true;
	policy_route_map(c, "s-nhp", &t.r);
	assert_memory_equal(t.ab.nh, t.local.a, 4);
	policy_route_map(c, "s-nhu", &t.r);
	assert_int_equal(t.r.set, POLICY_SET_NH_UNCHANGED);
	assert_memory_equal(t.ab.nh, t.local.a, 4);
	/* "set ipv6 next-hop" leaves an IPv4 route alone */
	policy_route_map(c, "s-g6", &t.r);
	assert_int_equal(t.ab.nh_af, AF_INET);
	assert_int_equal(t.r.set, 0);
	rt_free(&t);

	assert_int_equal(eval_rm(c, "s-g6", "2001:db8::/32", "", &t),
			 POLICY_PERMIT);
	assert_int_equal(t.ab.nh_af, AF_INET6);
	assert_int_equal(t.ab.nh[15], 0x99);
	assert_false(t.ab.has_nh_ll);
	policy_route_map(c, "s-l6", &t.r);
	assert_true(t.ab.has_nh_ll);
	assert_int_equal(t.ab.nh_ll[0], 0xfe);
	assert_int_equal(t.ab.nh_ll[15], 1);
	assert_int_equal(t.ab.nh[15], 0x99);
	/* "set ip next-hop" leaves an IPv6 route alone */
	policy_route_map(c, "s-nh", &t.r);
	assert_int_equal(t.ab.nh_af, AF_INET6);
	assert_int_equal(t.ab.nh[15], 0x99);
	rt_free(&t);
	done(c);
}

static void test_set_more(void **state)
{
	struct config *c = parse(
	    "ip community-list standard D permit 1:1\n"
	    "route-map last permit 10\n set as-path prepend last-as 2\n"
	    "route-map p6 permit 10\n set ipv6 next-hop peer-address\n"
	    "route-map nodel permit 10\n set comm-list nosuch delete\n"
	    "route-map prob0 permit 10\n match probability 0\n"
	    "route-map prob100 permit 10\n match probability 100\n"
	    "route-map srcp permit 10\n"
	    " match ip route-source prefix-list SRC\n"
	    "ip prefix-list SRC permit 192.0.2.0/24 le 32\n");
	const uint32_t one[] = {CM(1, 1)};
	struct rt t;
	char b[64];
	int i;

	(void)state;
	/* last-as: the leftmost AS again, N times */
	assert_int_equal(eval_rm(c, "last", "10.0.0.0/8", "7 8", &t),
			 POLICY_PERMIT);
	assert_string_equal(path_text(&t, b, sizeof(b)), "7 7 7 8");
	rt_free(&t);
	/* ipv6 peer-address: the neighbor in, our address out */
	assert_int_equal(eval_rm(c, "p6", "2001:db8::/32", "", &t),
			 POLICY_PERMIT);
	t.ab.nh[15] = 0x55;
	policy_route_map(c, "p6", &t.r);
	assert_memory_equal(t.ab.nh, t.peer.a, 16);
	t.r.out = true;
	policy_route_map(c, "p6", &t.r);
	assert_memory_equal(t.ab.nh, t.local.a, 16);
	rt_free(&t);
	/* deleting with an undefined list changes nothing */
	rt_init(&t, "10.0.0.0/8", "");
	rt_comms(&t, one, 1);
	assert_int_equal(policy_route_map(c, "nodel", &t.r), POLICY_PERMIT);
	assert_string_equal(comm_text(&t, b, sizeof(b)), "1:1");
	for (i = 0; i < 50; i++) {
		assert_int_equal(policy_route_map(c, "prob0", &t.r),
				 POLICY_DENY);
		assert_int_equal(policy_route_map(c, "prob100", &t.r),
				 POLICY_PERMIT);
	}
	assert_int_equal(policy_route_map(c, "srcp", &t.r), POLICY_PERMIT);
	t.r.peer = &t.local;	/* 192.0.2.2 is in SRC too */
	assert_int_equal(policy_route_map(c, "srcp", &t.r), POLICY_PERMIT);
	ipaddr_parse("198.51.100.1", &t.local);
	assert_int_equal(policy_route_map(c, "srcp", &t.r), POLICY_DENY);
	rt_free(&t);
	done(c);
}

/* --- call, on-match, implicit deny, undefined maps --- */

static const char flow[] =
    "route-map sub permit 10\n match metric 1\n set local-preference 10\n"
    "route-map sub deny 20\n"
    "route-map caller permit 10\n call sub\n set weight 5\n"
    "route-map undefcall permit 10\n call nosuch\n set weight 6\n"
    "route-map next permit 10\n set local-preference 300\n on-match next\n"
    "route-map next deny 20\n match metric 2\n"
    "route-map next permit 30\n match metric 3\n set weight 7\n"
    "route-map go permit 10\n set weight 1\n on-match goto 30\n"
    "route-map go permit 20\n set weight 2\n"
    "route-map go permit 30\n match metric 9\n set local-preference 9\n"
    "route-map go permit 40\n set metric 40\n"
    "route-map goend permit 10\n set weight 3\n on-match goto 50\n"
    "route-map goend deny 20\n"
    "route-map loop1 permit 10\n call loop2\n"
    "route-map loop2 permit 10\n call loop1\n";

static void test_call(void **state)
{
	struct config *c = parse(flow);
	struct rt t;

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	/* the called map denies: the caller denies */
	assert_int_equal(policy_route_map(c, "caller", &t.r), POLICY_DENY);
	t.ab.has_med = true;
	t.ab.med = 1;
	assert_int_equal(policy_route_map(c, "caller", &t.r), POLICY_PERMIT);
	assert_int_equal(t.ab.local_pref, 10);
	assert_int_equal(t.r.weight, 5);
	/* an undefined called map is ignored (Quagga) */
	assert_int_equal(policy_route_map(c, "undefcall", &t.r), POLICY_PERMIT);
	assert_int_equal(t.r.weight, 6);
	/* calls in a loop stop at the depth limit and deny */
	assert_int_equal(policy_route_map(c, "loop1", &t.r), POLICY_DENY);
	rt_free(&t);
	done(c);
}

static void test_on_match(void **state)
{
	struct config *c = parse(flow);
	struct rt t;

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	t.ab.has_med = true;
	/* next: 10 sets, then 30 matches metric 3 */
	t.ab.med = 3;
	assert_int_equal(policy_route_map(c, "next", &t.r), POLICY_PERMIT);
	assert_int_equal(t.ab.local_pref, 300);
	assert_int_equal(t.r.weight, 7);
	assert_int_equal(t.r.set, POLICY_SET_LOCAL_PREF | POLICY_SET_WEIGHT);
	/* next: 20 denies */
	t.ab.med = 2;
	assert_int_equal(policy_route_map(c, "next", &t.r), POLICY_DENY);
	/* next, nothing else matches: Quagga 1.2's implicit deny */
	t.ab.med = 4;
	assert_int_equal(policy_route_map(c, "next", &t.r), POLICY_DENY);

	/* goto 30 skips 20; 30 does not match, 40 does */
	t.r.weight = 0;
	t.ab.med = 8;
	assert_int_equal(policy_route_map(c, "go", &t.r), POLICY_PERMIT);
	assert_int_equal(t.r.weight, 1);
	assert_int_equal(t.ab.med, 40);
	t.ab.med = 9;
	t.ab.local_pref = 0;
	assert_int_equal(policy_route_map(c, "go", &t.r), POLICY_PERMIT);
	assert_int_equal(t.r.weight, 1);
	assert_int_equal(t.ab.local_pref, 9);
	assert_int_equal(t.ab.med, 9);
	/* goto past the last entry permits */
	assert_int_equal(policy_route_map(c, "goend", &t.r), POLICY_PERMIT);
	assert_int_equal(t.r.weight, 3);
	rt_free(&t);
	done(c);
}

static void test_undefined_and_null(void **state)
{
	struct config *c = parse(flow);
	struct rt t;

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	assert_int_equal(policy_route_map(c, NULL, &t.r), POLICY_PERMIT);
	assert_int_equal(policy_route_map(c, "nosuch", &t.r), POLICY_DENY);
	/* "sub" with no match at 10 reaches its deny 20; a map whose
	 * entries match nothing denies implicitly */
	assert_int_equal(policy_route_map(c, "sub", &t.r), POLICY_DENY);
	/* no config at all: nothing is defined */
	assert_int_equal(policy_route_map(NULL, "caller", &t.r), POLICY_DENY);
	assert_int_equal(policy_route_map(NULL, NULL, &t.r), POLICY_PERMIT);
	assert_int_equal(policy_prefix_list(NULL, "P", &t.p), POLICY_DENY);
	assert_int_equal(policy_access_list(NULL, "A", &t.p), POLICY_DENY);
	/* and the config is compiled again after that */
	assert_int_equal(policy_route_map(c, "undefcall", &t.r),
			 POLICY_PERMIT);
	rt_free(&t);
	done(c);
}

/* The cache follows the config: a new config with the same names but
 * other contents is compiled again. */
static void test_cache_follows_config(void **state)
{
	struct config *a = parse("route-map M permit 10\n"
				 " set local-preference 1\n");
	struct config *b = parse("route-map M permit 10\n"
				 " set local-preference 2\n");
	struct rt t;
	int i;

	(void)state;
	rt_init(&t, "10.0.0.0/8", "");
	for (i = 0; i < 3; i++) {
		policy_route_map(a, "M", &t.r);
		assert_int_equal(t.ab.local_pref, 1);
		policy_route_map(b, "M", &t.r);
		assert_int_equal(t.ab.local_pref, 2);
	}
	done(a);
	done(b);
	a = parse("route-map M deny 10\n");
	assert_int_equal(policy_route_map(a, "M", &t.r), POLICY_DENY);
	rt_free(&t);
	done(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prefix_list),
	    cmocka_unit_test(test_hello_world_lists),
	    cmocka_unit_test(test_prefix_list_index),
	    cmocka_unit_test(test_access_list),
	    cmocka_unit_test(test_ipmininet_in),
	    cmocka_unit_test(test_ipmininet_out),
	    cmocka_unit_test(test_ipmininet_65535),
	    cmocka_unit_test(test_match_addresses),
	    cmocka_unit_test(test_match_communities),
	    cmocka_unit_test(test_match_large),
	    cmocka_unit_test(test_match_as_path),
	    cmocka_unit_test(test_remembered_results),
	    cmocka_unit_test(test_match_values),
	    cmocka_unit_test(test_set_numbers),
	    cmocka_unit_test(test_set_communities),
	    cmocka_unit_test(test_set_as_path),
	    cmocka_unit_test(test_set_nexthop),
	    cmocka_unit_test(test_set_more),
	    cmocka_unit_test(test_call),
	    cmocka_unit_test(test_on_match),
	    cmocka_unit_test(test_undefined_and_null),
	    cmocka_unit_test(test_cache_follows_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
