/*
 * test_nlmsg.c: rtnetlink request building and kernel message parsing.
 * Requests are checked by parsing them back and by their header fields;
 * kernel messages are built here the way the kernel lays them out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "nlmsg.h"

static uint8_t buf[8192];

static struct fib_route route(const char *dst, const char *gw, uint32_t ifindex)
{
	struct fib_route r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(prefix_parse(dst, &r.dst, NULL), 0);
	r.table = RT_TABLE_MAIN;
	r.metric = FIB_METRIC_BGP;
	r.protocol = FIB_PROTO_BGP;
	r.type = FIB_RT_UNICAST;
	r.n_nh = 1;
	if (gw)
		assert_int_equal(ipaddr_parse(gw, &r.nh[0].gw), 0);
	r.nh[0].ifindex = ifindex;
	return r;
}

static void test_replace_v4_roundtrip(void **state)
{
	struct fib_route r = route("198.51.100.0/24", "192.0.2.2", 0), back;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t n;
	bool del;

	(void)state;
	n = fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 42);
	assert_true(n > 0);
	assert_int_equal(nlh->nlmsg_len, n);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWROUTE);
	assert_int_equal(nlh->nlmsg_seq, 42);
	assert_int_equal(nlh->nlmsg_flags,
			 NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	assert_int_equal(fib_parse_route(nlh, &back, &del), 0);
	assert_false(del);
	assert_int_equal(prefix_cmp(&back.dst, &r.dst), 0);
	assert_int_equal(back.metric, 20);
	assert_int_equal(back.protocol, 186);
	assert_int_equal(back.table, RT_TABLE_MAIN);
	assert_int_equal(back.n_nh, 1);
	assert_int_equal(ipaddr_cmp(&back.nh[0].gw, &r.nh[0].gw), 0);
}

static void test_v6_linklocal_needs_oif(void **state)
{
	struct fib_route r = route("2001:1234:2::/64", "fe80::e827:73ff:fe2d:d497", 0), back;

	(void)state;
	assert_int_equal(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 1), 0);
	r.nh[0].ifindex = 7;
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 1) > 0);
	assert_int_equal(fib_parse_route((struct nlmsghdr *)buf, &back, NULL), 0);
	assert_int_equal(back.nh[0].ifindex, 7);
	assert_true(ipaddr_is_v6_linklocal(&back.nh[0].gw));
}

static void test_delete_carries_metric_not_gateway(void **state)
{
	struct fib_route r = route("10.9.0.0/24", "192.0.2.2", 3), back;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	bool del;

	(void)state;
	r.metric = 30;
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_DELETE, &r, 9) > 0);
	assert_int_equal(nlh->nlmsg_type, RTM_DELROUTE);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(fib_parse_route(nlh, &back, &del), 0);
	assert_true(del);
	assert_int_equal(back.metric, 30);
	assert_int_equal(back.n_nh, 0);
}

static void test_multipath_and_big_table(void **state)
{
	struct fib_route r = route("2001:db8::/32", "2001:db8:12::b", 2), back;
	struct rtmsg *rtm;

	(void)state;
	r.n_nh = 3;
	ipaddr_parse("2001:db8:13::c", &r.nh[1].gw);
	r.nh[1].ifindex = 3;
	ipaddr_parse("fe80::1", &r.nh[2].gw);
	r.nh[2].ifindex = 4;
	r.table = 1000;
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 5) > 0);
	rtm = mnl_nlmsg_get_payload((struct nlmsghdr *)buf);
	assert_int_equal(rtm->rtm_table, RT_TABLE_UNSPEC);
	assert_int_equal(fib_parse_route((struct nlmsghdr *)buf, &back, NULL), 0);
	assert_int_equal(back.table, 1000);
	assert_int_equal(back.n_nh, 3);
	assert_int_equal(back.nh[1].ifindex, 3);
	assert_int_equal(ipaddr_cmp(&back.nh[2].gw, &r.nh[2].gw), 0);
}

static void test_buffer_too_small(void **state)
{
	struct fib_route r = route("10.0.0.0/8", "192.0.2.1", 1);
	size_t full, len;

	(void)state;
	full = fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 1);
	assert_true(full > 0);
	for (len = 0; len < full; len++)
		assert_int_equal(fib_build_route(buf, len, FIB_OP_REPLACE, &r, 1), 0);
}

/* A kernel-style RTM_NEWROUTE for a connected route, flagged linkdown. */
static struct nlmsghdr *kernel_route(uint8_t proto, uint32_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	uint8_t dst[16] = { 0x20, 0x01, 0x00, 0x12 };

	nlh->nlmsg_type = RTM_NEWROUTE;
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 64;
	rtm->rtm_protocol = proto;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_flags = flags;
	mnl_attr_put(nlh, RTA_DST, 16, dst);
	mnl_attr_put_u32(nlh, RTA_OIF, 5);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 256);
	return nlh;
}

static void test_parse_kernel_route_linkdown(void **state)
{
	struct fib_route r;
	char p[PREFIX_STRLEN];

	(void)state;
	assert_int_equal(fib_parse_route(kernel_route(RTPROT_KERNEL, 0), &r, NULL), 0);
	assert_string_equal(prefix_fmt(&r.dst, p, sizeof(p)), "2001:12::/64");
	assert_int_equal(r.n_nh, 1);
	assert_int_equal(r.nh[0].ifindex, 5);
	assert_true(ipaddr_is_unset(&r.nh[0].gw));
	assert_int_equal(r.metric, 256);
	assert_true(fib_route_usable(&r));
	assert_int_equal(fib_parse_route(kernel_route(RTPROT_KERNEL, RTNH_F_LINKDOWN), &r, NULL), 0);
	assert_false(fib_route_usable(&r));
	/* our own routes never resolve a next hop (RFC 4271 9.1.2.1) */
	assert_int_equal(fib_parse_route(kernel_route(FIB_PROTO_BGP, 0), &r, NULL), 0);
	assert_false(fib_route_usable(&r));
}

/* Find the RTA_MULTIPATH nest of a route message. */
static struct nlattr *multipath_of(struct nlmsghdr *nlh)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct rtmsg))
		if (mnl_attr_get_type(a) == RTA_MULTIPATH)
			return a;
	return NULL;
}

/* The kernel flags each next hop of a multipath route on its own
 * (carrier loss on one leg): the route stays usable while one is up. */
static void test_multipath_linkdown_per_nexthop(void **state)
{
	struct fib_route r = route("10.20.0.0/16", "192.0.2.2", 2), back;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct rtnexthop *rtnh;
	struct nlattr *mp;

	(void)state;
	r.protocol = RTPROT_STATIC;
	r.n_nh = 2;
	ipaddr_parse("198.51.100.2", &r.nh[1].gw);
	r.nh[1].ifindex = 3;
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 9) > 0);
	mp = multipath_of(nlh);
	assert_non_null(mp);
	rtnh = mnl_attr_get_payload(mp);
	rtnh->rtnh_flags = RTNH_F_LINKDOWN;
	assert_int_equal(fib_parse_route(nlh, &back, NULL), 0);
	assert_int_equal(back.n_nh, 2);
	assert_int_equal(back.nh[0].flags, RTNH_F_LINKDOWN);
	assert_int_equal(back.nh[1].flags, 0);
	assert_true(fib_route_usable(&back));
	rtnh = (struct rtnexthop *)((char *)rtnh + RTNH_ALIGN(rtnh->rtnh_len));
	rtnh->rtnh_flags = RTNH_F_DEAD;
	assert_int_equal(fib_parse_route(nlh, &back, NULL), 0);
	assert_false(fib_route_usable(&back));
	/* A next hop whose length runs past the nest is malformed. */
	rtnh->rtnh_len = 200;
	assert_int_equal(fib_parse_route(nlh, &back, NULL), -1);
}

/* Strict add (EXCL) and replace differ only in their flags. */
static void test_add_is_exclusive(void **state)
{
	struct fib_route r = route("10.0.0.0/8", "192.0.2.1", 1);
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	(void)state;
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_ADD, &r, 1) > 0);
	assert_int_equal(nlh->nlmsg_flags,
			 NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	/* A device route (no gateway) is scope link. */
	memset(&r.nh[0].gw, 0, sizeof(r.nh[0].gw));
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 1) > 0);
	assert_int_equal(((struct rtmsg *)mnl_nlmsg_get_payload(nlh))->rtm_scope,
			 RT_SCOPE_LINK);
}

static void test_parse_route_rejects_malformed(void **state)
{
	struct nlmsghdr *nlh;
	struct fib_route r;
	struct nlattr *a;

	(void)state;
	/* truncated: no room for struct rtmsg */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_len = mnl_nlmsg_size(4);
	assert_int_equal(fib_parse_route(nlh, &r, NULL), -1);
	/* RTA_DST of the wrong size */
	nlh = kernel_route(RTPROT_STATIC, 0);
	a = mnl_nlmsg_get_payload_offset(nlh, sizeof(struct rtmsg));
	a->nla_len = 4 + 3;
	assert_int_equal(fib_parse_route(nlh, &r, NULL), -1);
	/* an attribute that claims to run past the message */
	nlh = kernel_route(RTPROT_STATIC, 0);
	a = mnl_nlmsg_get_payload_offset(nlh, sizeof(struct rtmsg));
	a->nla_len = 2000;
	assert_int_equal(fib_parse_route(nlh, &r, NULL), -1);
	/* prefix length beyond 128 */
	nlh = kernel_route(RTPROT_STATIC, 0);
	((struct rtmsg *)mnl_nlmsg_get_payload(nlh))->rtm_dst_len = 129;
	assert_int_equal(fib_parse_route(nlh, &r, NULL), -1);
	/* wrong message type */
	nlh = kernel_route(RTPROT_STATIC, 0);
	nlh->nlmsg_type = RTM_NEWLINK;
	assert_int_equal(fib_parse_route(nlh, &r, NULL), -1);
}

static void test_parse_link_and_addr(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct ifaddrmsg *ifa;
	struct fib_link l;
	struct fib_addr a;
	uint8_t v6[16] = { 0x20, 0x01, 0x00, 0x12, [15] = 0x0a };
	char p[PREFIX_STRLEN];

	(void)state;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi->ifi_index = 5;
	ifi->ifi_flags = IFF_UP | IFF_RUNNING | IFF_LOWER_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "as1ra-eth0");
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, 6 /* IF_OPER_UP */);
	assert_int_equal(fib_parse_link(nlh, &l), 0);
	assert_int_equal(l.ifindex, 5);
	assert_string_equal(l.name, "as1ra-eth0");
	assert_int_equal(l.operstate, 6);
	assert_true(l.flags & IFF_RUNNING);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 64;
	ifa->ifa_index = 5;
	mnl_attr_put(nlh, IFA_ADDRESS, 16, v6);
	mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_TENTATIVE);
	assert_int_equal(fib_parse_addr(nlh, &a), 0);
	assert_string_equal(prefix_fmt(&a.prefix, p, sizeof(p)), "2001:12::/64");
	assert_int_equal(a.addr.a[15], 0x0a);
	assert_true(a.flags & IFA_F_TENTATIVE);
	ifa->ifa_prefixlen = 200;
	assert_int_equal(fib_parse_addr(nlh, &a), -1);
}

/* A message whose length is not a multiple of 4, in a heap block of
 * exactly that size: the attribute walk must stop at nlmsg_len, not at
 * the aligned tail (ASan sees any over-read; found by fuzz_netlink). */
static void test_unaligned_length_no_overread(void **state)
{
	static const uint8_t msg[33] = {
		0x21, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4,
	};
	uint8_t *p = malloc(sizeof(msg));
	struct fib_link l;

	(void)state;
	assert_non_null(p);
	memcpy(p, msg, sizeof(msg));
	assert_int_equal(fib_parse_link((struct nlmsghdr *)p, &l), -1);
	free(p);
}

static void test_dump_request(void **state)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t n = fib_build_dump(buf, sizeof(buf), RTM_GETROUTE, AF_INET6, 7);

	(void)state;
	assert_int_equal(n, mnl_nlmsg_size(sizeof(struct rtmsg)));
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(((struct rtmsg *)mnl_nlmsg_get_payload(nlh))->rtm_family, AF_INET6);
	assert_int_equal(fib_build_dump(buf, sizeof(buf), RTM_NEWROUTE, 0, 1), 0);
}

/* Nexthop objects: a single one (gateway + interface), a group, a
 * delete (header all zero, or the kernel says EINVAL), and a route
 * with RTA_NH_ID instead of its next hops. */
static void test_nexthop_objects(void **state)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct fib_nhobj o, back;
	struct fib_route r = route("198.51.100.0/24", "192.0.2.2", 3), rb;
	const struct nhmsg *nhm;
	size_t n;
	bool del;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.id = 195035136;
	o.protocol = FIB_PROTO_BGP;
	assert_int_equal(ipaddr_parse("fe80::b", &o.nh.gw), 0);
	assert_int_equal(fib_build_nhobj(buf, sizeof(buf), &o, false, 7), 0);
	o.nh.ifindex = 4;		/* the kernel wants NHA_OIF */
	n = fib_build_nhobj(buf, sizeof(buf), &o, false, 7);
	assert_true(n > 0);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWNEXTHOP);
	assert_int_equal(nlh->nlmsg_flags,
			 NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	assert_int_equal(fib_parse_nhobj(nlh, &back), 0);
	assert_int_equal(back.id, o.id);
	assert_int_equal(back.protocol, FIB_PROTO_BGP);
	assert_int_equal(back.family, AF_INET6);
	assert_int_equal(back.nh.ifindex, 4);
	assert_int_equal(ipaddr_cmp(&back.nh.gw, &o.nh.gw), 0);
	assert_int_equal(back.n_grp, 0);
	/* A group of two. */
	memset(&o, 0, sizeof(o));
	o.id = 9;
	o.protocol = FIB_PROTO_BGP;
	o.n_grp = 2;
	o.grp[0] = 5;
	o.grp[1] = 6;
	assert_true(fib_build_nhobj(buf, sizeof(buf), &o, false, 8) > 0);
	assert_int_equal(fib_parse_nhobj(nlh, &back), 0);
	assert_int_equal(back.n_grp, 2);
	assert_int_equal(back.grp[1], 6);
	assert_false(back.deleted);
	/* Delete: only the id. */
	assert_true(fib_build_nhobj(buf, sizeof(buf), &o, true, 9) > 0);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEXTHOP);
	nhm = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(nhm->nh_family | nhm->nh_protocol | nhm->nh_flags, 0);
	assert_int_equal(fib_parse_nhobj(nlh, &back), 0);
	assert_true(back.deleted);
	assert_int_equal(back.id, 9);
	/* Too small a buffer; an id 0 is malformed. */
	assert_int_equal(fib_build_nhobj(buf, 16, &o, false, 1), 0);
	o.id = 0;
	fib_build_nhobj(buf, sizeof(buf), &o, false, 1);
	assert_int_equal(fib_parse_nhobj(nlh, &back), -1);
	/* A route through object 9: RTA_NH_ID, no gateway. */
	r.nhid = 9;
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, &r, 10) > 0);
	assert_int_equal(fib_parse_route(nlh, &rb, &del), 0);
	assert_int_equal(rb.nhid, 9);
	assert_int_equal(rb.n_nh, 0);
	/* A delete never carries it (the key is prefix, table, metric). */
	assert_true(fib_build_route(buf, sizeof(buf), FIB_OP_DELETE, &r, 11) > 0);
	assert_int_equal(fib_parse_route(nlh, &rb, &del), 0);
	assert_int_equal(rb.nhid, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_v4_roundtrip),
		cmocka_unit_test(test_v6_linklocal_needs_oif),
		cmocka_unit_test(test_delete_carries_metric_not_gateway),
		cmocka_unit_test(test_multipath_and_big_table),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_parse_kernel_route_linkdown),
		cmocka_unit_test(test_multipath_linkdown_per_nexthop),
		cmocka_unit_test(test_add_is_exclusive),
		cmocka_unit_test(test_parse_route_rejects_malformed),
		cmocka_unit_test(test_parse_link_and_addr),
		cmocka_unit_test(test_unaligned_length_no_overread),
		cmocka_unit_test(test_dump_request),
		cmocka_unit_test(test_nexthop_objects),
	};

	return cmocka_run_group_tests_name("nlmsg", tests, NULL, NULL);
}
