/*
 * nlmsg.h: rtnetlink messages as plain values.  Building route requests
 * (add/replace/delete) and parsing the kernel's link, address and route
 * messages into small structs, with no socket and no state, so that the
 * kernel mirror, next-hop tracking and FIB installation are testable and
 * the parser can be fuzzed.
 *
 * All attribute access goes through libmnl's validated accessors
 * (mnl_attr_parse, mnl_attr_validate), which check every length against
 * the message: the netlink counterpart of the rbuf cursor.
 */
#ifndef OKAPI_NLMSG_H
#define OKAPI_NLMSG_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prefix.h"

#define FIB_PROTO_BGP 186	/* RTPROT_BGP: `proto bgp` in iproute2 */
#define FIB_METRIC_BGP 20	/* what Quagga/FRR's zebra install with */
#define FIB_MAX_NEXTHOPS 16

struct fib_nexthop {
	struct ipaddr gw;	/* af 0 = directly connected (device route) */
	uint32_t ifindex;	/* 0 = let the kernel resolve the gateway */
	uint8_t flags;		/* RTNH_F_* from the kernel (LINKDOWN, DEAD) */
};

enum fib_route_type {
	FIB_RT_UNICAST,
	FIB_RT_BLACKHOLE,
	FIB_RT_UNREACHABLE,
	FIB_RT_PROHIBIT,
	FIB_RT_LOCAL,		/* local/broadcast/...: never a next hop */
	FIB_RT_OTHER,
};

struct fib_route {
	struct prefix dst;
	uint32_t table;
	uint32_t metric;	/* RTA_PRIORITY */
	uint8_t protocol;	/* RTPROT_* */
	uint8_t scope;
	enum fib_route_type type;
	uint32_t flags;		/* rtm_flags (RTNH_F_LINKDOWN for single-path) */
	uint32_t nhid;		/* RTA_NH_ID: uses a nexthop object */
	uint8_t n_nh;
	struct fib_nexthop nh[FIB_MAX_NEXTHOPS];
};

struct fib_link {
	uint32_t ifindex;
	char name[16];
	uint32_t flags;		/* IFF_UP, IFF_RUNNING, IFF_LOWER_UP */
	uint8_t operstate;	/* IF_OPER_* */
	bool deleted;		/* RTM_DELLINK */
};

struct fib_addr {
	uint32_t ifindex;
	struct prefix prefix;	/* the connected network */
	struct ipaddr addr;	/* our address on it */
	uint32_t flags;		/* IFA_F_* (TENTATIVE, DADFAILED, ...) */
	bool deleted;		/* RTM_DELADDR */
};

enum fib_op {
	FIB_OP_REPLACE,		/* NLM_F_CREATE | NLM_F_REPLACE */
	FIB_OP_ADD,		/* NLM_F_CREATE | NLM_F_EXCL */
	FIB_OP_DELETE,
};

/*
 * Write one RTM_NEWROUTE/RTM_DELROUTE request with NLM_F_ACK at buf.
 * Returns the message length, or 0 if it does not fit in len (or the
 * route cannot be expressed: a link-local gateway without an interface).
 */
size_t fib_build_route(void *buf, size_t len, enum fib_op op,
		       const struct fib_route *r, uint32_t seq);

/*
 * Nexthop objects (Linux 5.3+): a single next hop (gateway and
 * interface) or a group of single ones (multipath).  A route with
 * nhid != 0 is built with RTA_NH_ID instead of its next hops.
 */
struct fib_nhobj {
	uint32_t id;
	uint8_t protocol;
	uint8_t family;		/* of a single one's gateway; AF_UNSPEC: group */
	uint8_t n_grp;		/* 0: single (nh), else members in grp[] */
	struct fib_nexthop nh;
	uint32_t grp[FIB_MAX_NEXTHOPS];
	bool deleted;		/* RTM_DELNEXTHOP */
};

/* RTM_NEWNEXTHOP with CREATE|REPLACE (del false) or RTM_DELNEXTHOP of
 * o->id, NLM_F_ACK; the length, or 0 if it does not fit or o cannot be
 * expressed (a single one needs an interface). */
size_t fib_build_nhobj(void *buf, size_t len, const struct fib_nhobj *o,
		       bool del, uint32_t seq);
/* RTM_NEWNEXTHOP/RTM_DELNEXTHOP from the kernel: 0, or -1 (malformed,
 * or a kind okapi does not use: blackhole, fdb, resilient groups keep
 * their id and members but nothing else). */
int fib_parse_nhobj(const struct nlmsghdr *nlh, struct fib_nhobj *o);

/* Dump requests (NLM_F_DUMP) for links, addresses or routes of a family
 * (AF_UNSPEC for all).  Returns the length, 0 if it does not fit. */
size_t fib_build_dump(void *buf, size_t len, uint16_t type, uint8_t family,
		      uint32_t seq);

/*
 * Parse one kernel message.  Returns 0 on success, -1 if the message is
 * malformed or not of the expected type.  For routes, multipath
 * (RTA_MULTIPATH) is flattened into nh[]; a route with more next hops
 * than FIB_MAX_NEXTHOPS keeps the first ones.
 */
int fib_parse_route(const struct nlmsghdr *nlh, struct fib_route *r,
		    bool *deleted);
int fib_parse_link(const struct nlmsghdr *nlh, struct fib_link *l);
int fib_parse_addr(const struct nlmsghdr *nlh, struct fib_addr *a);

/* A route that can make a next hop reachable: unicast, not ours, not
 * flagged linkdown/dead on every next hop. */
bool fib_route_usable(const struct fib_route *r);

#endif
