/*
 * fibwatch.c: watch a namespace's kernel FIB during the daemon benchmark
 * (bench/run).  Not a test.
 *
 *   fibwatch -o STATUS [-t TARGET] [-g LABEL=ADDR]...
 *
 * Listens to the rtnetlink route and nexthop groups (a 512 MiB receive
 * buffer, SO_RCVBUFFORCE) and keeps, per prefix of the main table
 * (unicast, not proto kernel), which gateway it points to, so that it
 * knows at every moment how many routes the FIB holds and how many go
 * through each labelled gateway (routes through nexthop objects, as
 * FRR's zebra installs them, are resolved through RTM_NEWNEXTHOP).  The
 * status file (rewritten every 0.2 s) has the counts, the time of the
 * last route event, when the total first reached TARGET, and the number
 * of ENOBUFS (lost events: the counts are then approximate, and bench/run
 * checks them with a dump at the end).  Polling `ip route | wc -l` would
 * cost a CPU-second per poll at 1M routes on a 2-core machine.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXLAB 8
#define MAXNH 65536

struct key {
	uint8_t used;	/* 0 free, 1 used, 2 deleted */
	uint8_t af, len, lab;
	uint8_t addr[16];
};

static struct key *tab;
static size_t tab_n = 1 << 22;
static uint8_t nh_lab[MAXNH];	/* nexthop id -> label + 1 */
static char *lab_name[MAXLAB];
static uint8_t lab_addr[MAXLAB][16];
static int lab_af[MAXLAB], nlab;
static long count4, count6, lab_count[MAXLAB + 1], events, enobufs;
static double t_last, t_target;
static volatile sig_atomic_t got_term;

static void on_sig(int s) { (void)s; got_term = 1; }

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Label index + 1 of a gateway, 0 if none matches. */
static uint8_t gw_label(int af, const void *gw)
{
	int i;

	for (i = 0; i < nlab; i++)
		if (lab_af[i] == af &&
		    !memcmp(lab_addr[i], gw, af == 4 ? 4 : 16))
			return (uint8_t)(i + 1);
	return 0;
}

static struct key *lookup(const struct key *k, int insert)
{
	uint64_t h = 1469598103934665603ull;
	size_t i, j;
	struct key *tomb = NULL;

	for (j = 1; j < 3; j++)
		h = (h ^ ((const uint8_t *)k)[j]) * 1099511628211ull;
	for (j = 0; j < 16; j++)
		h = (h ^ k->addr[j]) * 1099511628211ull;
	i = (size_t)(h ^ (h >> 31)) & (tab_n - 1);
	while (tab[i].used) {
		if (tab[i].used == 1 && tab[i].af == k->af &&
		    tab[i].len == k->len && !memcmp(tab[i].addr, k->addr, 16))
			return &tab[i];
		if (tab[i].used == 2 && !tomb)
			tomb = &tab[i];
		i = (i + 1) & (tab_n - 1);
	}
	if (!insert)
		return NULL;
	return tomb ? tomb : &tab[i];
}

static void route_event(const struct nlmsghdr *h)
{
	const struct rtmsg *rt = NLMSG_DATA(h);
	int len = (int)RTM_PAYLOAD(h), af;
	const struct rtattr *a;
	struct key k = { 0 }, *e;
	uint32_t table = rt->rtm_table;
	uint8_t lab = 0;

	if (rt->rtm_family != AF_INET && rt->rtm_family != AF_INET6)
		return;
	af = rt->rtm_family == AF_INET ? 4 : 6;
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_TABLE)
			memcpy(&table, RTA_DATA(a), 4);
		else if (a->rta_type == RTA_DST)
			memcpy(k.addr, RTA_DATA(a), af == 4 ? 4 : 16);
		else if (a->rta_type == RTA_GATEWAY)
			lab = gw_label(af, RTA_DATA(a));
		else if (a->rta_type == RTA_NH_ID) {
			uint32_t id;

			memcpy(&id, RTA_DATA(a), 4);
			lab = id < MAXNH ? nh_lab[id] : 0;
		} else if (a->rta_type == RTA_MULTIPATH && !lab) {
			const struct rtnexthop *nh = RTA_DATA(a);
			int l2 = nh->rtnh_len - (int)sizeof(*nh);
			const struct rtattr *b = RTNH_DATA(nh);

			for (; RTA_OK(b, l2); b = RTA_NEXT(b, l2))
				if (b->rta_type == RTA_GATEWAY)
					lab = gw_label(af, RTA_DATA(b));
		}
	}
	if (table != RT_TABLE_MAIN || rt->rtm_type != RTN_UNICAST ||
	    rt->rtm_protocol == RTPROT_KERNEL || (rt->rtm_flags & RTM_F_CLONED))
		return;
	k.used = 1;
	k.af = (uint8_t)af;
	k.len = rt->rtm_dst_len;
	events++;
	t_last = now();
	e = lookup(&k, h->nlmsg_type == RTM_NEWROUTE);
	if (h->nlmsg_type == RTM_DELROUTE) {
		if (e) {
			lab_count[e->lab]--;
			*(af == 4 ? &count4 : &count6) -= 1;
			e->used = 2;
		}
		return;
	}
	if (e->used == 1) {
		lab_count[e->lab]--;
	} else {
		*(af == 4 ? &count4 : &count6) += 1;
		*e = k;
	}
	e->lab = lab;
	lab_count[lab]++;
}

static void nexthop_event(const struct nlmsghdr *h)
{
	const struct nhmsg *nm = NLMSG_DATA(h);
	int len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*nm)));
	const struct rtattr *a = (const struct rtattr *)((const char *)nm +
						NLMSG_ALIGN(sizeof(*nm)));
	uint32_t id = 0;
	uint8_t lab = 0;

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == NHA_ID)
			memcpy(&id, RTA_DATA(a), 4);
		else if (a->rta_type == NHA_GATEWAY)
			lab = gw_label(nm->nh_family == AF_INET ? 4 : 6,
				       RTA_DATA(a));
		else if (a->rta_type == NHA_GROUP && id < MAXNH) {
			const struct nexthop_grp *g = RTA_DATA(a);

			lab = g->id < MAXNH ? nh_lab[g->id] : 0;
		}
	}
	if (id < MAXNH)
		nh_lab[id] = h->nlmsg_type == RTM_NEWNEXTHOP ? lab : 0;
}

static void status(const char *path, long target)
{
	char tmp[512], s[2048];
	int n, i;
	FILE *f;

	if (target && !t_target && count4 + count6 >= target)
		t_target = t_last;
	n = snprintf(s, sizeof(s),
		     "routes4=%ld\nroutes6=%ld\nroutes=%ld\nevents=%ld\n"
		     "enobufs=%ld\nt_last=%.6f\nt_target=%.6f\nt_now=%.6f\n"
		     "other=%ld\n",
		     count4, count6, count4 + count6, events, enobufs, t_last,
		     t_target, now(), lab_count[0]);
	for (i = 0; i < nlab; i++)
		n += snprintf(s + n, sizeof(s) - (size_t)n, "via_%s=%ld\n",
			      lab_name[i], lab_count[i + 1]);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fputs(s, f);
	fclose(f);
	rename(tmp, path);
}

/* NLMSG_OK without its signed/unsigned comparison */
static int msg_ok(const struct nlmsghdr *h, int left)
{
	return left >= (int)sizeof(*h) && h->nlmsg_len >= sizeof(*h) &&
	       h->nlmsg_len <= (unsigned)left;
}

static int open_nl(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int sz = 512 << 20, g[] = { RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
				    RTNLGRP_NEXTHOP };
	size_t i;

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g[i],
			   sizeof(g[i]));
	return fd;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	long target = 0;
	static uint8_t buf[1 << 20];
	struct sigaction sa = { .sa_handler = on_sig };
	double last = 0;
	int c, fd;

	while ((c = getopt(argc, argv, "o:t:g:")) != -1) {
		char *eq;

		switch (c) {
		case 'o': out = optarg; break;
		case 't': target = atol(optarg); break;
		case 'g':
			eq = strchr(optarg, '=');
			if (!eq || nlab == MAXLAB)
				return 2;
			*eq = 0;
			lab_name[nlab] = optarg;
			lab_af[nlab] = strchr(eq + 1, ':') ? 6 : 4;
			if (inet_pton(lab_af[nlab] == 4 ? AF_INET : AF_INET6,
				      eq + 1, lab_addr[nlab]) != 1)
				return 2;
			nlab++;
			break;
		default:
			return 2;
		}
	}
	if (!out) {
		fprintf(stderr, "usage: fibwatch -o STATUS [-t TARGET] "
			"[-g LABEL=ADDR]...\n");
		return 2;
	}
	tab = calloc(tab_n, sizeof(*tab));
	fd = open_nl();
	if (!tab || fd < 0) {
		perror("fibwatch");
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	status(out, target);
	while (!got_term) {
		struct pollfd pf = { fd, POLLIN, 0 };
		double t;

		if (poll(&pf, 1, 100) > 0) {
			ssize_t r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
			struct nlmsghdr *h = (struct nlmsghdr *)buf;
			int left = (int)r;

			if (r < 0 && errno == ENOBUFS)
				enobufs++;
			for (; r > 0 && msg_ok(h, left);
			     h = NLMSG_NEXT(h, left)) {
				if (h->nlmsg_type == RTM_NEWROUTE ||
				    h->nlmsg_type == RTM_DELROUTE)
					route_event(h);
				else if (h->nlmsg_type == RTM_NEWNEXTHOP ||
					 h->nlmsg_type == RTM_DELNEXTHOP)
					nexthop_event(h);
			}
		}
		t = now();
		if (t - last > 0.2) {
			last = t;
			status(out, target);
		}
	}
	status(out, target);
	return 0;
}
