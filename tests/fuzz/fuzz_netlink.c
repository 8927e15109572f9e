/*
 * fuzz_netlink.c: libFuzzer target for the rtnetlink message parsers of
 * fib/nlmsg.h (fib_parse_route, fib_parse_link, fib_parse_addr).  Build
 * and run: tests/fuzz/README.
 *
 * The input is a buffer as recv() on a NETLINK_ROUTE socket returns it:
 * messages one after the other.  As the daemon's receive loop does
 * (libmnl's mnl_cb_run), each message is handed to the parsers only if
 * mnl_nlmsg_ok() accepts its length against what is left; the parsers
 * must then cope with anything inside it.  Each message is copied to a
 * buffer of exactly its length rounded up to 4 (the kernel's padding)
 * so that ASan sees a read past it, and
 * all three parsers see every message (each must refuse the others'
 * types).
 *
 * Property: a route that parses and that fib_build_route can express
 * (unicast, blackhole, unreachable, prohibit) builds into a request that
 * parses back to the same destination, table, metric, protocol, type
 * and next hops (gateway and interface; the kernel's next-hop flags and
 * nexthop-object id are not part of a request).
 */
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_netlink: %s\n", what);
	abort();
}

static bool expressible(const struct fib_route *r)
{
	return r->type == FIB_RT_UNICAST || r->type == FIB_RT_BLACKHOLE ||
	       r->type == FIB_RT_UNREACHABLE || r->type == FIB_RT_PROHIBIT;
}

static void same_nexthops(const struct fib_route *a, const struct fib_route *b)
{
	unsigned i;

	if (a->type != FIB_RT_UNICAST) {
		if (b->n_nh)
			die("next hops on a route type that has none");
		return;
	}
	/* One next hop with neither gateway nor interface writes nothing. */
	if (a->n_nh == 1 && ipaddr_is_unset(&a->nh[0].gw) && !a->nh[0].ifindex)
		return;
	if (a->n_nh != b->n_nh)
		die("next-hop count differs after build + parse");
	for (i = 0; i < a->n_nh; i++)
		if (a->nh[i].ifindex != b->nh[i].ifindex ||
		    ipaddr_cmp(&a->nh[i].gw, &b->nh[i].gw) != 0)
			die("next hop differs after build + parse");
}

static void route_round_trip(const struct fib_route *r)
{
	static uint8_t buf[8192] __attribute__((aligned(8)));
	struct fib_route r2;
	bool del;
	size_t n;

	if (!expressible(r))
		return;
	n = fib_build_route(buf, sizeof(buf), FIB_OP_REPLACE, r, 1);
	if (n == 0)
		return; /* e.g. a link-local gateway without an interface */
	if (fib_parse_route((const struct nlmsghdr *)buf, &r2, &del) != 0)
		die("a built route request does not parse");
	if (del || prefix_cmp(&r->dst, &r2.dst) != 0 || r->table != r2.table ||
	    r->metric != r2.metric || r->protocol != r2.protocol ||
	    r->type != r2.type)
		die("route differs after build + parse");
	/* A unicast route through a nexthop object is built with RTA_NH_ID
	 * alone: the object, not the next hops, must survive the round
	 * trip (other types carry no next hop at all). */
	if (r->nhid && r->type == FIB_RT_UNICAST) {
		if (r2.nhid != r->nhid)
			die("nexthop object differs after build + parse");
		return;
	}
	same_nexthops(r, &r2);
}

static void one_message(const struct nlmsghdr *nlh)
{
	struct fib_route r;
	struct fib_link l;
	struct fib_addr a;
	bool del;
	int ok = 0;

	if (fib_parse_route(nlh, &r, &del) == 0) {
		ok++;
		if (r.n_nh > FIB_MAX_NEXTHOPS)
			die("more next hops than FIB_MAX_NEXTHOPS");
		fib_route_usable(&r);
		route_round_trip(&r);
	}
	if (fib_parse_link(nlh, &l) == 0) {
		ok++;
		if (memchr(l.name, 0, sizeof(l.name)) == NULL)
			die("link name not NUL-terminated");
	}
	if (fib_parse_addr(nlh, &a) == 0)
		ok++;
	if (ok > 1)
		die("one message accepted by two parsers");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1), *copy;
	size_t alen;
	const struct nlmsghdr *nlh;
	int left = size > 65536 ? 65536 : (int)size;

	if (!buf)
		return 0;
	memcpy(buf, data, size); /* malloc: aligned as recv()'s buffer */
	nlh = (const struct nlmsghdr *)buf;
	/* mnl_nlmsg_ok compares (int)nlmsg_len <= left: a length of 2^31
	 * or more passes as negative.  The kernel never sends one, so the
	 * daemon's receive path does not care; the bound keeps the copy
	 * below honest. */
	while (mnl_nlmsg_ok(nlh, left) && nlh->nlmsg_len <= (uint32_t)left) {
		/* The kernel pads each message to NLMSG_ALIGNTO in the
		 * datagram, and libmnl (mnl_nlmsg_get_payload_tail, hence
		 * mnl_attr_parse and nlmsg.c's walk) reads up to the aligned
		 * end: the copy holds the padding, zero where the input
		 * ends first (tests/fuzz/README, findings). */
		alen = MNL_ALIGN(nlh->nlmsg_len);
		copy = calloc(1, alen);
		if (!copy)
			break;
		memcpy(copy, nlh, alen <= (size_t)left ? alen : (size_t)left);
		one_message((const struct nlmsghdr *)copy);
		free(copy);
		nlh = mnl_nlmsg_next(nlh, &left);
	}
	free(buf);
	return 0;
}
