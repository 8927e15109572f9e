/*
 * nl_floor.c: the physical floor of FIB installation on this machine
 * (issue 8; the reference program of performance.md 2.1), to compare
 * okapi's bench/fib_install with.  A minimal libmnl writer, nothing
 * else: one thread, batches of FLOOR_BATCH (256) RTM_NEWROUTE requests
 * sent with one sendto(), an ACK asked on the last request of a batch
 * only, the ACK (and any error) read before the next batch.  Same
 * namespace set-up, prefixes and requests as bench/fib_install.c:
 * CREATE|REPLACE, protocol 186, metric 20, RTA_TABLE main, `via` the
 * gateway on a veth (the kernel resolves the device), then the same
 * routes deleted with RTM_DELROUTE batches.
 *
 *	sudo bench/nl_floor [PREFIX_FILE.gz]
 *	FLOOR_FAMILY=4|6	one family only (default both)
 *	FLOOR_BATCH=N		requests per datagram (default 256)
 *	FLOOR_NHID=1		routes use a nexthop object (RTA_NH_ID, one
 *				per family, `via GW dev v0`), and the
 *				delete phase is one RTM_DELNEXTHOP: the
 *				kernel removes every route using it
 *
 * Prints routes/s per family and phase; kernel user/sys time from
 * getrusage (the kernel's work is done in this thread's sendmsg()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_FILE "/work/shared/data/fulltable-prefixes-2024.txt.gz"
#define PROTO_BGP 186
#define METRIC 20

struct pfx {
	uint8_t af, len;
	uint8_t a[16];
};

static struct pfx *pv[2];
static size_t pn[2];
static unsigned batch = 256;
static bool use_nhid;
static struct mnl_socket *nl;
static uint32_t portid, seq = 1;
static unsigned oif;
static uint8_t gw4[4], gw6[16];
static char rbuf[1 << 16];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu(bool sys)
{
	struct rusage ru;
	struct timeval *tv = sys ? &ru.ru_stime : &ru.ru_utime;

	getrusage(RUSAGE_SELF, &ru);
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static int load(const char *path)
{
	char cmd[512], line[128];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "zcat '%s'", path);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *slash = strchr(line, '/');
		struct pfx p;
		int fam;

		if (!slash)
			continue;
		*slash = 0;
		memset(&p, 0, sizeof(p));
		fam = strchr(line, ':') != NULL;
		p.af = fam ? AF_INET6 : AF_INET;
		p.len = (uint8_t)atoi(slash + 1);
		if (inet_pton(p.af, line, p.a) != 1)
			continue;
		if (pn[fam] % 65536 == 0) {
			pv[fam] = realloc(pv[fam], (pn[fam] + 65536) * sizeof(p));
			if (!pv[fam])
				return -1;
		}
		pv[fam][pn[fam]++] = p;
	}
	return pclose(f) == 0 ? 0 : -1;
}

static int setup(void)
{
	int buf = 64 << 20, one = 1;

	if (unshare(CLONE_NEWNET) < 0) {
		perror("unshare(CLONE_NEWNET) (run as root)");
		return -1;
	}
	if (system("ip link set lo up && ip link add v0 type veth peer name v1 && "
		   "ip link set v0 up && ip link set v1 up && "
		   "ip addr add 192.0.2.1/24 dev v0 && "
		   "ip -6 addr add 2001:db8:ffff::1/64 dev v0 nodad") != 0)
		return -1;
	inet_pton(AF_INET, "192.0.2.2", gw4);
	inet_pton(AF_INET6, "2001:db8:ffff::2", gw6);
	oif = if_nametoindex("v0");
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	portid = mnl_socket_get_portid(nl);
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &buf,
		   sizeof(buf));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

/* Read until the ACK of seq `last` came; count the errors on the way. */
static unsigned wait_ack(uint32_t last)
{
	unsigned errors = 0;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, rbuf, sizeof(rbuf));
		const struct nlmsghdr *h = (const struct nlmsghdr *)rbuf;
		int left = (int)n;

		if (n <= 0) {
			perror("recv");
			exit(1);
		}
		for (; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (e->error && errors++ < 3)
				fprintf(stderr, "seq %u: %s\n", h->nlmsg_seq,
					strerror(-e->error));
			if (h->nlmsg_seq == last)
				return errors;
		}
	}
}

static struct nlmsghdr *put_route(char *buf, const struct pfx *p, bool del)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = del ? RTM_DELROUTE : RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	if (!del)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = seq++;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = p->af;
	rtm->rtm_dst_len = p->len;
	rtm->rtm_protocol = PROTO_BGP;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, RTA_DST, p->af == AF_INET ? 4 : 16, p->a);
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, METRIC);
	if (!del && use_nhid)
		mnl_attr_put_u32(nlh, RTA_NH_ID, p->af == AF_INET ? 4 : 6);
	else if (!del && p->af == AF_INET)
		mnl_attr_put(nlh, RTA_GATEWAY, 4, gw4);
	else if (!del)
		mnl_attr_put(nlh, RTA_GATEWAY, 16, gw6);
	return nlh;
}

/* All prefixes of a family in batches; routes/s. */
static double run(int fam, bool del)
{
	static char buf[1 << 20];
	size_t i = 0, n = pn[fam];
	unsigned errors = 0;
	double t0 = now(), u0 = cpu(false), s0 = cpu(true), t;

	while (i < n) {
		size_t off = 0;
		unsigned k;
		struct nlmsghdr *last = NULL;

		for (k = 0; k < batch && i < n; k++, i++) {
			last = put_route(buf + off, &pv[fam][i], del);
			off += last->nlmsg_len;
		}
		last->nlmsg_flags |= NLM_F_ACK;
		if (mnl_socket_sendto(nl, buf, off) < 0) {
			perror("sendto");
			exit(1);
		}
		errors += wait_ack(last->nlmsg_seq);
	}
	t = now() - t0;
	printf("  floor IPv%d %s%s: %zu routes in %.2f s = %.0f routes/s "
	       "(errors %u; cpu user %.2f s sys %.2f s)\n", fam ? 6 : 4,
	       del ? "delete" : "add", use_nhid ? " nhid" : "", n, t, n / t,
	       errors, cpu(false) - u0, cpu(true) - s0);
	return n / t;
}

/* Nexthop object id (4 or 6) via the family's gateway on v0. */
static void nexthop(int fam, bool del)
{
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nhmsg *nhm;
	double t0 = now();

	nlh->nlmsg_type = del ? RTM_DELNEXTHOP : RTM_NEWNEXTHOP;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!del)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = seq++;
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	mnl_attr_put_u32(nlh, NHA_ID, fam ? 6 : 4);
	if (!del) {	/* a delete's header must be all zero (EINVAL) */
		nhm->nh_family = fam ? AF_INET6 : AF_INET;
		nhm->nh_protocol = PROTO_BGP;
		mnl_attr_put_u32(nlh, NHA_OIF, oif);
		mnl_attr_put(nlh, NHA_GATEWAY, fam ? 16 : 4, fam ? gw6 : gw4);
	}
	if (mnl_socket_sendto(nl, buf, nlh->nlmsg_len) < 0 ||
	    wait_ack(nlh->nlmsg_seq)) {
		fprintf(stderr, "nexthop object %s failed\n", del ? "del" : "add");
		exit(1);
	}
	if (del)
		printf("  floor IPv%d delete nexthop object (removes its %zu "
		       "routes): %.3f s\n", fam ? 6 : 4, pn[fam], now() - t0);
}

static size_t count_ours(int fam)
{
	char cmd[80];
	FILE *f;
	size_t n = 0;

	snprintf(cmd, sizeof(cmd), "ip -%d route show proto bgp | wc -l",
		 fam ? 6 : 4);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%zu", &n) != 1)
		n = 0;
	if (f)
		pclose(f);
	return n;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : DEFAULT_FILE;
	const char *fs = getenv("FLOOR_FAMILY");
	int fam;

	if (getenv("FLOOR_BATCH"))
		batch = (unsigned)atoi(getenv("FLOOR_BATCH"));
	if (batch < 1 || batch > 2048)
		batch = 256;
	use_nhid = getenv("FLOOR_NHID") && atoi(getenv("FLOOR_NHID"));
	if (load(path) < 0 || !pn[0]) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	if (setup() < 0) {
		fprintf(stderr, "namespace/socket set-up failed\n");
		return 1;
	}
	printf("nl_floor: %zu IPv4 + %zu IPv6 prefixes, batch %u, ACK on the "
	       "last of a batch%s\n", pn[0], pn[1], batch,
	       use_nhid ? ", nexthop objects" : "");
	for (fam = 0; fam < 2; fam++) {
		if (fs && atoi(fs) != (fam ? 6 : 4))
			continue;
		if (use_nhid)
			nexthop(fam, false);
		run(fam, false);
		printf("  kernel has %zu\n", count_ours(fam));
		if (use_nhid)
			nexthop(fam, true);
		else
			run(fam, true);
		printf("  kernel has %zu after the delete\n", count_ours(fam));
	}
	mnl_socket_close(nl);
	return 0;
}
