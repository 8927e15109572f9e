/*
 * nlmsg.c: building and parsing rtnetlink messages (see nlmsg.h).
 *
 * Request layout follows ../shared/reference/libraries.md 2.2: every
 * change carries NLM_F_ACK; updates use CREATE|REPLACE (never CREATE
 * alone, which merges IPv6 gateways into ECMP routes); deletes carry the
 * metric we installed with, since a delete without RTA_PRIORITY is a
 * wildcard.  Tables >= 256 go in RTA_TABLE with rtm_table = RT_TABLE_UNSPEC.
 */
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "nlmsg.h"

static bool put_addr(struct nlmsghdr *nlh, size_t len, uint16_t type,
		     const struct ipaddr *a)
{
	return mnl_attr_put_check(nlh, len, type, af_bytes(a->af), a->a);
}

/* RTA_MULTIPATH: a nest of struct rtnexthop, each followed by its own
 * attributes (RTA_GATEWAY) and covering them in rtnh_len. */
static bool put_multipath(struct nlmsghdr *nlh, size_t len,
			  const struct fib_route *r)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, len, RTA_MULTIPATH);
	unsigned i;

	if (!nest)
		return false;
	for (i = 0; i < r->n_nh; i++) {
		struct rtnexthop *rtnh = mnl_nlmsg_get_payload_tail(nlh);
		size_t need = MNL_ALIGN(sizeof(*rtnh));

		if (nlh->nlmsg_len + need > len)
			return false;
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = (int)r->nh[i].ifindex;
		nlh->nlmsg_len += (uint32_t)need;
		if (!ipaddr_is_unset(&r->nh[i].gw) &&
		    !put_addr(nlh, len, RTA_GATEWAY, &r->nh[i].gw))
			return false;
		rtnh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) -
						  (char *)rtnh);
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool nexthops_expressible(const struct fib_route *r)
{
	unsigned i;

	for (i = 0; i < r->n_nh; i++)
		if (ipaddr_is_v6_linklocal(&r->nh[i].gw) && r->nh[i].ifindex == 0)
			return false;	/* the kernel answers EINVAL */
	return true;
}

static uint8_t rtm_type_of(enum fib_route_type t)
{
	switch (t) {
	case FIB_RT_BLACKHOLE:
		return RTN_BLACKHOLE;
	case FIB_RT_UNREACHABLE:
		return RTN_UNREACHABLE;
	case FIB_RT_PROHIBIT:
		return RTN_PROHIBIT;
	default:
		return RTN_UNICAST;
	}
}

size_t fib_build_route(void *buf, size_t len, enum fib_op op,
		       const struct fib_route *r, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	bool ok = true;

	if (len < MNL_ALIGN(sizeof(*nlh)) + MNL_ALIGN(sizeof(*rtm)))
		return 0;
	if (op != FIB_OP_DELETE && !nexthops_expressible(r))
		return 0;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = op == FIB_OP_DELETE ? RTM_DELROUTE : RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (op == FIB_OP_REPLACE)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	else if (op == FIB_OP_ADD)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = r->dst.af;
	rtm->rtm_dst_len = r->dst.len;
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC;
	rtm->rtm_type = rtm_type_of(r->type);
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	if (r->type == FIB_RT_UNICAST && r->n_nh == 1 &&
	    ipaddr_is_unset(&r->nh[0].gw))
		rtm->rtm_scope = RT_SCOPE_LINK;

	ok = ok && mnl_attr_put_check(nlh, len, RTA_DST, af_bytes(r->dst.af), r->dst.a);
	ok = ok && mnl_attr_put_u32_check(nlh, len, RTA_TABLE, r->table);
	ok = ok && mnl_attr_put_u32_check(nlh, len, RTA_PRIORITY, r->metric);
	if (op != FIB_OP_DELETE && r->type == FIB_RT_UNICAST && r->nhid) {
		ok = ok && mnl_attr_put_u32_check(nlh, len, RTA_NH_ID, r->nhid);
	} else if (op != FIB_OP_DELETE && r->type == FIB_RT_UNICAST) {
		if (r->n_nh == 1) {
			if (!ipaddr_is_unset(&r->nh[0].gw))
				ok = ok && put_addr(nlh, len, RTA_GATEWAY, &r->nh[0].gw);
			if (r->nh[0].ifindex)
				ok = ok && mnl_attr_put_u32_check(nlh, len, RTA_OIF,
								  r->nh[0].ifindex);
		} else if (r->n_nh > 1) {
			ok = ok && put_multipath(nlh, len, r);
		}
	}
	return ok ? nlh->nlmsg_len : 0;
}

size_t fib_build_dump(void *buf, size_t len, uint16_t type, uint8_t family,
		      uint32_t seq)
{
	struct nlmsghdr *nlh;
	size_t extra;

	/* Each dump request carries the family-specific header. */
	switch (type) {
	case RTM_GETLINK:
		extra = sizeof(struct ifinfomsg);
		break;
	case RTM_GETADDR:
		extra = sizeof(struct ifaddrmsg);
		break;
	case RTM_GETROUTE:
		extra = sizeof(struct rtmsg);
		break;
	case RTM_GETNEXTHOP:
		extra = sizeof(struct nhmsg);
		break;
	default:
		return 0;
	}
	if (len < MNL_ALIGN(sizeof(*nlh)) + MNL_ALIGN(extra))
		return 0;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	/* The family is the first byte of all four headers. */
	*(uint8_t *)mnl_nlmsg_put_extra_header(nlh, extra) = family;
	return nlh->nlmsg_len;
}

size_t fib_build_nhobj(void *buf, size_t len, const struct fib_nhobj *o,
		       bool del, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct nhmsg *nhm;
	bool ok = true;
	unsigned i;

	if (len < MNL_ALIGN(sizeof(*nlh)) + MNL_ALIGN(sizeof(*nhm)))
		return 0;
	if (!del && !o->n_grp && !o->nh.ifindex)
		return 0;	/* the kernel wants NHA_OIF */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = del ? RTM_DELNEXTHOP : RTM_NEWNEXTHOP;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!del)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = seq;
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	ok = mnl_attr_put_u32_check(nlh, len, NHA_ID, o->id);
	if (del)	/* a delete's header must be all zero (EINVAL) */
		return ok ? nlh->nlmsg_len : 0;
	nhm->nh_protocol = o->protocol;
	if (o->n_grp) {
		struct nexthop_grp g[FIB_MAX_NEXTHOPS];

		memset(g, 0, sizeof(g));
		for (i = 0; i < o->n_grp && i < FIB_MAX_NEXTHOPS; i++)
			g[i].id = o->grp[i];
		ok = ok && mnl_attr_put_check(nlh, len, NHA_GROUP,
					      i * sizeof(g[0]), g);
		return ok ? nlh->nlmsg_len : 0;
	}
	nhm->nh_family = o->nh.gw.af ? o->nh.gw.af : o->family;
	ok = ok && mnl_attr_put_u32_check(nlh, len, NHA_OIF, o->nh.ifindex);
	if (!ipaddr_is_unset(&o->nh.gw))
		ok = ok && put_addr(nlh, len, NHA_GATEWAY, &o->nh.gw);
	return ok ? nlh->nlmsg_len : 0;
}

/* ---- parsing ---- */

struct attr_tab {
	const struct nlattr *tb[RTA_MAX + 1 > IFLA_MAX + 1 ? RTA_MAX + 1 : IFLA_MAX + 1];
	unsigned max;
};

static int collect_attr(const struct nlattr *attr, void *data)
{
	struct attr_tab *t = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, (uint16_t)t->max) < 0)
		return MNL_CB_OK;	/* newer kernel attribute: skip */
	t->tb[type] = attr;
	return MNL_CB_OK;
}

/*
 * Walk the attributes after a fixed header.  libmnl's mnl_attr_parse
 * stops quietly at an attribute whose length runs past the message; we
 * want that to be an error, so the walk must consume the payload exactly.
 */
static int parse_attrs(const struct nlmsghdr *nlh, size_t offset,
		       struct attr_tab *t)
{
	const struct nlattr *attr = mnl_nlmsg_get_payload_offset(nlh, offset);
	/* nlmsg_len, not the 4-byte-aligned payload tail: a message whose
	 * length is not a multiple of 4 ends before that (fuzz_netlink). */
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	int left = (int)(tail - (const char *)attr);

	while (mnl_attr_ok(attr, left)) {
		collect_attr(attr, t);
		left -= (int)MNL_ALIGN(attr->nla_len);
		attr = mnl_attr_next(attr);
	}
	return left > 0 ? -1 : 0;
}

static int get_addr_attr(const struct nlattr *a, int af, struct ipaddr *out)
{
	size_t n = af_bytes(af);

	if (!a || mnl_attr_get_payload_len(a) != n)
		return -1;
	memset(out, 0, sizeof(*out));
	out->af = (uint8_t)af;
	memcpy(out->a, mnl_attr_get_payload(a), n);
	return 0;
}

static int get_u32_attr(const struct nlattr *a, uint32_t *v)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return -1;
	*v = mnl_attr_get_u32(a);
	return 0;
}

static enum fib_route_type route_type(uint8_t t)
{
	switch (t) {
	case RTN_UNICAST:
		return FIB_RT_UNICAST;
	case RTN_BLACKHOLE:
		return FIB_RT_BLACKHOLE;
	case RTN_UNREACHABLE:
		return FIB_RT_UNREACHABLE;
	case RTN_PROHIBIT:
		return FIB_RT_PROHIBIT;
	case RTN_LOCAL:
	case RTN_BROADCAST:
	case RTN_ANYCAST:
	case RTN_MULTICAST:
		return FIB_RT_LOCAL;
	default:
		return FIB_RT_OTHER;
	}
}

static int parse_multipath(const struct nlattr *mp, int af, struct fib_route *r)
{
	const uint8_t *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp);

	while (left >= sizeof(struct rtnexthop)) {
		struct rtnexthop rtnh;
		struct attr_tab t;

		memcpy(&rtnh, p, sizeof(rtnh));
		if (rtnh.rtnh_len < sizeof(rtnh) || rtnh.rtnh_len > left)
			return -1;
		if (r->n_nh < FIB_MAX_NEXTHOPS) {
			struct fib_nexthop *nh = &r->nh[r->n_nh++];

			memset(nh, 0, sizeof(*nh));
			nh->ifindex = (uint32_t)rtnh.rtnh_ifindex;
			nh->flags = rtnh.rtnh_flags;
			memset(&t, 0, sizeof(t));
			t.max = RTA_MAX;
			if (mnl_attr_parse_payload(p + RTNH_ALIGN(sizeof(rtnh)),
						   rtnh.rtnh_len - RTNH_ALIGN(sizeof(rtnh)),
						   collect_attr, &t) < 0)
				return -1;
			if (t.tb[RTA_GATEWAY] &&
			    get_addr_attr(t.tb[RTA_GATEWAY], af, &nh->gw) < 0)
				return -1;
		}
		if ((size_t)RTNH_ALIGN(rtnh.rtnh_len) >= left)
			break;
		p += (size_t)RTNH_ALIGN(rtnh.rtnh_len);
		left -= (size_t)RTNH_ALIGN(rtnh.rtnh_len);
	}
	return 0;
}

int fib_parse_route(const struct nlmsghdr *nlh, struct fib_route *r,
		    bool *deleted)
{
	const struct rtmsg *rtm;
	struct attr_tab t;
	struct ipaddr dst;

	if (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE)
		return -1;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)))
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return -1;
	if (rtm->rtm_dst_len > af_maxlen(rtm->rtm_family))
		return -1;
	memset(r, 0, sizeof(*r));
	memset(&t, 0, sizeof(t));
	t.max = RTA_MAX;
	if (parse_attrs(nlh, sizeof(*rtm), &t) < 0)
		return -1;
	r->dst.af = rtm->rtm_family;
	r->dst.len = rtm->rtm_dst_len;
	if (t.tb[RTA_DST]) {
		if (get_addr_attr(t.tb[RTA_DST], rtm->rtm_family, &dst) < 0)
			return -1;
		memcpy(r->dst.a, dst.a, 16);
		prefix_clear_host_bits(&r->dst);
	}
	r->table = rtm->rtm_table;
	if (t.tb[RTA_TABLE] && get_u32_attr(t.tb[RTA_TABLE], &r->table) < 0)
		return -1;
	if (t.tb[RTA_PRIORITY] && get_u32_attr(t.tb[RTA_PRIORITY], &r->metric) < 0)
		return -1;
	if (t.tb[RTA_NH_ID] && get_u32_attr(t.tb[RTA_NH_ID], &r->nhid) < 0)
		return -1;
	r->protocol = rtm->rtm_protocol;
	r->scope = rtm->rtm_scope;
	r->type = route_type(rtm->rtm_type);
	r->flags = rtm->rtm_flags;
	if (t.tb[RTA_MULTIPATH]) {
		if (parse_multipath(t.tb[RTA_MULTIPATH], rtm->rtm_family, r) < 0)
			return -1;
	} else if (t.tb[RTA_GATEWAY] || t.tb[RTA_OIF]) {
		struct fib_nexthop *nh = &r->nh[0];

		r->n_nh = 1;
		if (t.tb[RTA_GATEWAY] &&
		    get_addr_attr(t.tb[RTA_GATEWAY], rtm->rtm_family, &nh->gw) < 0)
			return -1;
		if (t.tb[RTA_OIF] && get_u32_attr(t.tb[RTA_OIF], &nh->ifindex) < 0)
			return -1;
		nh->flags = (uint8_t)(rtm->rtm_flags & 0xff);
	}
	if (deleted)
		*deleted = nlh->nlmsg_type == RTM_DELROUTE;
	return 0;
}

static int parse_group(const struct nlattr *a, struct fib_nhobj *o)
{
	const struct nexthop_grp *g = mnl_attr_get_payload(a);
	size_t n = mnl_attr_get_payload_len(a), i;

	if (n == 0 || n % sizeof(*g))
		return -1;
	n /= sizeof(*g);
	for (i = 0; i < n && i < FIB_MAX_NEXTHOPS; i++)
		o->grp[i] = g[i].id;
	o->n_grp = (uint8_t)i;
	return 0;
}

int fib_parse_nhobj(const struct nlmsghdr *nlh, struct fib_nhobj *o)
{
	const struct nhmsg *nhm;
	struct attr_tab t;

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP &&
	    nlh->nlmsg_type != RTM_DELNEXTHOP)
		return -1;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*nhm)))
		return -1;
	nhm = mnl_nlmsg_get_payload(nlh);
	memset(o, 0, sizeof(*o));
	memset(&t, 0, sizeof(t));
	t.max = NHA_MAX;
	if (parse_attrs(nlh, sizeof(*nhm), &t) < 0)
		return -1;
	if (get_u32_attr(t.tb[NHA_ID], &o->id) < 0 || o->id == 0)
		return -1;
	o->protocol = nhm->nh_protocol;
	o->family = nhm->nh_family;
	o->deleted = nlh->nlmsg_type == RTM_DELNEXTHOP;
	if (t.tb[NHA_GROUP])
		return parse_group(t.tb[NHA_GROUP], o);
	if (t.tb[NHA_OIF] && get_u32_attr(t.tb[NHA_OIF], &o->nh.ifindex) < 0)
		return -1;
	if (t.tb[NHA_GATEWAY] &&
	    get_addr_attr(t.tb[NHA_GATEWAY], nhm->nh_family, &o->nh.gw) < 0)
		return -1;
	o->nh.flags = (uint8_t)(nhm->nh_flags & 0xff);
	return 0;
}

int fib_parse_link(const struct nlmsghdr *nlh, struct fib_link *l)
{
	const struct ifinfomsg *ifi;
	struct attr_tab t;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -1;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(l, 0, sizeof(*l));
	memset(&t, 0, sizeof(t));
	t.max = IFLA_MAX;
	if (parse_attrs(nlh, sizeof(*ifi), &t) < 0)
		return -1;
	if (ifi->ifi_index <= 0)
		return -1;
	l->ifindex = (uint32_t)ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	l->deleted = nlh->nlmsg_type == RTM_DELLINK;
	if (t.tb[IFLA_IFNAME]) {
		if (mnl_attr_validate(t.tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING) < 0)
			return -1;
		strncpy(l->name, mnl_attr_get_str(t.tb[IFLA_IFNAME]), sizeof(l->name) - 1);
	}
	if (t.tb[IFLA_OPERSTATE]) {
		if (mnl_attr_validate(t.tb[IFLA_OPERSTATE], MNL_TYPE_U8) < 0)
			return -1;
		l->operstate = mnl_attr_get_u8(t.tb[IFLA_OPERSTATE]);
	}
	return 0;
}

int fib_parse_addr(const struct nlmsghdr *nlh, struct fib_addr *a)
{
	const struct ifaddrmsg *ifa;
	struct attr_tab t;
	const struct nlattr *src;

	if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR)
		return -1;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)))
		return -1;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return -1;
	if (ifa->ifa_prefixlen > af_maxlen(ifa->ifa_family))
		return -1;
	memset(a, 0, sizeof(*a));
	memset(&t, 0, sizeof(t));
	t.max = IFA_MAX;
	if (parse_attrs(nlh, sizeof(*ifa), &t) < 0)
		return -1;
	/* IFA_LOCAL is our address on point-to-point links; IFA_ADDRESS
	 * otherwise (it is the peer's address on p2p). */
	src = t.tb[IFA_LOCAL] ? t.tb[IFA_LOCAL] : t.tb[IFA_ADDRESS];
	if (get_addr_attr(src, ifa->ifa_family, &a->addr) < 0)
		return -1;
	a->ifindex = ifa->ifa_index;
	a->flags = ifa->ifa_flags;
	if (t.tb[IFA_FLAGS] && get_u32_attr(t.tb[IFA_FLAGS], &a->flags) < 0)
		return -1;
	a->prefix.af = a->addr.af;
	a->prefix.len = ifa->ifa_prefixlen;
	memcpy(a->prefix.a, a->addr.a, 16);
	prefix_clear_host_bits(&a->prefix);
	a->deleted = nlh->nlmsg_type == RTM_DELADDR;
	return 0;
}

bool fib_route_usable(const struct fib_route *r)
{
	unsigned i;

	if (r->type != FIB_RT_UNICAST || r->protocol == FIB_PROTO_BGP)
		return false;
	if (r->n_nh == 0)
		return false;
	for (i = 0; i < r->n_nh; i++)
		if (!(r->nh[i].flags & (RTNH_F_LINKDOWN | RTNH_F_DEAD)))
			return true;
	return false;
}
