/*
 * fibtool.c: the kernel side of okapi (fibsys: mirror, next-hop
 * tracking, writer thread, FIB installation) on a real RIB, driven by
 * line commands on stdin, for the namespace tests (tests/interop/
 * test_fib_*.sh).  Not installed.  Paths are fed as a BGP session would
 * (rib_update with an interned attribute set), so what reaches the
 * kernel went through the same code as in bgpd.
 *
 * Commands (one per line; answers on stdout, one line each unless said):
 *	peer NAME ADDR ebgp|ibgp|local    a path source
 *	announce NAME PREFIX NH [LL]      a path (LL: IPv6 link-local NH)
 *	withdraw NAME PREFIX
 *	bulk NAME COUNT A.B.C.D NH        COUNT /24s from A.B.C.0
 *	maxpaths N                        maximum-paths for both families
 *	nh ADDR                           "nh ADDR reachable=R metric=M ifindex=I"
 *	best PREFIX                       "best PREFIX NAME" or "best PREFIX none"
 *	failed PREFIX                     "failed PREFIX yes|no"
 *	converged                         initial convergence reached
 *	resync                            re-dump and reconcile now
 *	sync                              "synced" once nothing is queued
 *	mirror                            mirror routes, then "end"
 *	stats                             counters on one line
 *	quit                              clean exit (-r: retain)
 * Asynchronous: "nhchange ADDR reachable=R metric=M ifindex=I".
 * Options: -n (no install), -r (retain), -t TABLE, -D (resolve via
 * default), -b BYTES (event socket receive buffer), -i FIFO (commands
 * from a named pipe instead of stdin, opened read-write so that it
 * never sees end-of-file).  SIGTERM/SIGINT: like quit.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr.h"
#include "fibsys.h"
#include "log.h"
#include "rib.h"

#define MAX_PEERS 16

struct peer {
	char name[32];
	struct rib_src src;
};

static struct ev_loop *loop;
static struct fibsys *fs;
static struct rib rib;
static struct peer peers[MAX_PEERS];
static unsigned npeers;
static char line[4096];
static size_t linelen;
static ev_io in_io;
static ev_timer sync_timer;
static struct fibsys_cfg cfg;
static const char *in_path;
static ev_signal sig_term, sig_int;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static struct peer *peer_find(const char *name)
{
	unsigned i;

	for (i = 0; i < npeers; i++)
		if (strcmp(peers[i].name, name) == 0)
			return &peers[i];
	return NULL;
}

static void cmd_peer(const char *name, const char *addr, const char *type)
{
	struct peer *p;

	if (npeers == MAX_PEERS || !addr || !type)
		return out("error peer");
	p = &peers[npeers];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (ipaddr_parse(addr, &p->src.d.addr) < 0)
		return out("error address");
	p->src.d.as = 65001 + npeers;
	p->src.d.router_id = npeers + 1;
	p->src.d.type = strcmp(type, "ibgp") == 0 ? DECIDE_SRC_IBGP :
			strcmp(type, "local") == 0 ? DECIDE_SRC_LOCAL :
			DECIDE_SRC_EBGP;
	if (p->src.d.type == DECIDE_SRC_LOCAL)
		memset(&p->src.d.addr, 0, sizeof(p->src.d.addr));
	if (rib_src_register(&rib, &p->src) < 0)
		return out("error register");
	npeers++;
	out("ok");
}

static int announce(struct peer *p, const struct prefix *pfx,
		    const struct ipaddr *nh, const struct ipaddr *ll)
{
	struct attr_build b;
	struct attr *a;
	enum bgp_af af = pfx->af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;

	attr_build_init(&b);
	b.origin = ORIGIN_IGP;
	b.nh_af = nh->af;
	memcpy(b.nh, nh->a, 16);
	if (ll) {
		b.has_nh_ll = true;
		memcpy(b.nh_ll, ll->a, 16);
	}
	a = attr_intern(&b);
	attr_build_clear(&b);
	if (!a)
		return -1;
	return rib_update(&rib, af, pfx, &p->src, a,
			  p->src.d.type == DECIDE_SRC_LOCAL ? NULL : nh, 0);
}

static void cmd_announce(char **v, int n)
{
	struct peer *p = n >= 4 ? peer_find(v[1]) : NULL;
	struct prefix pfx;
	struct ipaddr nh, ll;

	if (!p || prefix_parse(v[2], &pfx, NULL) < 0 || ipaddr_parse(v[3], &nh) < 0)
		return out("error announce");
	if (n >= 5 && ipaddr_parse(v[4], &ll) < 0)
		return out("error link-local");
	out(announce(p, &pfx, &nh, n >= 5 ? &ll : NULL) < 0 ? "error" : "ok");
}

static void cmd_withdraw(char **v, int n)
{
	struct peer *p = n >= 3 ? peer_find(v[1]) : NULL;
	struct prefix pfx;

	if (!p || prefix_parse(v[2], &pfx, NULL) < 0)
		return out("error withdraw");
	rib_withdraw(&rib, pfx.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6, &pfx,
		     &p->src);
	out("ok");
}

static void cmd_bulk(char **v, int n)
{
	struct peer *p = n >= 5 ? peer_find(v[1]) : NULL;
	unsigned long count = n >= 5 ? strtoul(v[2], NULL, 10) : 0, i;
	struct ipaddr base, nh;
	struct prefix pfx;

	if (!p || ipaddr_parse(v[3], &base) < 0 || base.af != AF_INET ||
	    ipaddr_parse(v[4], &nh) < 0)
		return out("error bulk");
	for (i = 0; i < count; i++) {
		uint32_t x = ipaddr_v4(&base) + (uint32_t)(i << 8);

		memset(&pfx, 0, sizeof(pfx));
		pfx.af = AF_INET;
		pfx.len = 24;
		pfx.a[0] = (uint8_t)(x >> 24);
		pfx.a[1] = (uint8_t)(x >> 16);
		pfx.a[2] = (uint8_t)(x >> 8);
		if (announce(p, &pfx, &nh, NULL) < 0)
			return out("error bulk at %lu", i);
	}
	out("ok %lu", count);
}

static void cmd_nh(const char *addr)
{
	struct rib_nh_state st;
	struct ipaddr a;

	if (!addr || ipaddr_parse(addr, &a) < 0)
		return out("error nh");
	nexthop_lookup(fibsys_nexthop(fs), &a, &st);
	out("nh %s reachable=%d metric=%u ifindex=%d", addr, st.reachable,
	    st.metric, st.ifindex);
}

static void cmd_best(const char *s)
{
	struct prefix pfx;
	struct rib_entry *e;
	const struct rib_path *b;
	unsigned i;

	if (!s || prefix_parse(s, &pfx, NULL) < 0)
		return out("error best");
	e = rib_lookup(&rib, pfx.af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6, &pfx);
	b = e ? rib_best(e) : NULL;
	for (i = 0; b && i < npeers; i++)
		if (peers[i].src.id == b->src)
			return out("best %s %s", s, peers[i].name);
	out("best %s none", s);
}

static void cmd_failed(const char *s)
{
	struct prefix pfx;

	if (!s || prefix_parse(s, &pfx, NULL) < 0)
		return out("error failed");
	out("failed %s %s", s,
	    kernel_route_failed(fibsys_kernel(fs), &pfx) ? "yes" : "no");
}

static void cmd_maxpaths(const char *s)
{
	struct decide_cfg c;
	int af;

	decide_cfg_default(&c);
	c.max_paths = (uint16_t)(s ? atoi(s) : 1);
	c.multipath_relax = true;	/* the test peers have different ASes */
	for (af = 0; af < BGP_AF_MAX; af++)
		rib_set_cfg(&rib, (enum bgp_af)af, &c);
	out("ok");
}

static int print_route(const struct fib_route *r, void *arg)
{
	char p[PREFIX_STRLEN], g[IPADDR_STRLEN] = "-";

	(void)arg;
	if (r->n_nh && !ipaddr_is_unset(&r->nh[0].gw))
		ipaddr_fmt(&r->nh[0].gw, g, sizeof(g));
	out("%s table %u metric %u proto %u via %s dev %u", prefix_fmt(&r->dst, p, sizeof(p)),
	    r->table, r->metric, r->protocol, g, r->n_nh ? r->nh[0].ifindex : 0);
	return 0;
}

static void cmd_stats(void)
{
	struct fibsys_stats fst;
	struct mirror_stats ms;
	struct kernel_stats ks;
	struct nexthop_stats ns;

	fibsys_stats(fs, &fst);
	mirror_stats(fibsys_mirror(fs), &ms);
	kernel_stats(fibsys_kernel(fs), &ks);
	nexthop_stats(fibsys_nexthop(fs), &ns);
	out("stats events=%llu overruns=%llu resyncs=%llu links=%zu addrs=%zu "
	    "mirror4=%zu mirror6=%zu echoes=%zu replaced=%llu deleted=%llu "
	    "failed=%llu unknown=%llu own_removed=%llu queued=%zu tracked=%zu "
	    "nh_objects=%zu nh_lost=%llu",
	    (unsigned long long)fst.events, (unsigned long long)fst.overruns,
	    (unsigned long long)fst.resyncs, ms.links, ms.addrs, ms.routes[0],
	    ms.routes[1], ms.echoes, (unsigned long long)ks.replaced,
	    (unsigned long long)ks.deleted, (unsigned long long)ks.failed,
	    (unsigned long long)ks.unknown, (unsigned long long)ks.own_removed,
	    ks.queued, ns.tracked, ks.nh_objects,
	    (unsigned long long)ks.nh_lost);
}

static void run(char *s);

/* Run the complete lines read so far, unless a "sync" holds them. */
static void process_lines(void)
{
	char *nl;

	while (ev_is_active(&in_io) && (nl = strchr(line, '\n'))) {
		*nl = 0;
		run(line);
		linelen -= (size_t)(nl + 1 - line);
		memmove(line, nl + 1, linelen + 1);
	}
}

static void sync_cb(struct ev_loop *l, ev_timer *t, int revents)
{
	(void)revents;
	if (!kernel_idle(fibsys_kernel(fs)))
		return;
	ev_timer_stop(l, t);
	ev_io_start(l, &in_io);
	out("synced");
	process_lines();
}

static void cmd_quit(void)
{
	size_t left = fibsys_shutdown(fs, 1500);

	out("bye left=%zu", left);
	ev_break(loop, EVBREAK_ALL);
}

static void run(char *s)
{
	char *v[8];
	int n = 0;

	for (char *t = strtok(s, " \t"); t && n < 8; t = strtok(NULL, " \t"))
		v[n++] = t;
	if (!n)
		return;
#define IS(x) (strcmp(v[0], x) == 0)
	if (IS("peer") && n >= 4)
		cmd_peer(v[1], v[2], v[3]);
	else if (IS("announce"))
		cmd_announce(v, n);
	else if (IS("withdraw"))
		cmd_withdraw(v, n);
	else if (IS("bulk"))
		cmd_bulk(v, n);
	else if (IS("nh"))
		cmd_nh(n > 1 ? v[1] : NULL);
	else if (IS("best"))
		cmd_best(n > 1 ? v[1] : NULL);
	else if (IS("failed"))
		cmd_failed(n > 1 ? v[1] : NULL);
	else if (IS("maxpaths"))
		cmd_maxpaths(n > 1 ? v[1] : NULL);
	else if (IS("converged"))
		fibsys_converged(fs), out("ok");
	else if (IS("resync"))
		out(fibsys_resync(fs) < 0 ? "error resync" : "ok");
	else if (IS("mirror"))
		mirror_walk_routes(fibsys_mirror(fs), print_route, NULL), out("end");
	else if (IS("stats"))
		cmd_stats();
	else if (IS("sync")) {
		/* Stop reading until synced: later commands wait for it. */
		ev_io_stop(loop, &in_io);
		ev_timer_start(loop, &sync_timer);
	} else if (IS("quit"))
		cmd_quit();
	else
		out("error unknown command %s", v[0]);
#undef IS
}

static void in_cb(struct ev_loop *l, ev_io *w, int revents)
{
	ssize_t n;

	(void)revents;
	n = read(w->fd, line + linelen, sizeof(line) - 1 - linelen);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		ev_io_stop(l, w);
		cmd_quit();
		return;
	}
	linelen += (size_t)n;
	line[linelen] = 0;
	process_lines();
	if (linelen == sizeof(line) - 1)
		linelen = 0;	/* a line too long: dropped */
}

static void nh_watch(void *arg, const struct ipaddr *a,
		     const struct rib_nh_state *st)
{
	char buf[IPADDR_STRLEN];

	(void)arg;
	out("nhchange %s reachable=%d metric=%u ifindex=%d",
	    ipaddr_fmt(a, buf, sizeof(buf)), st->reachable, st->metric, st->ifindex);
}

static int parse_opts(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "nrt:Db:i:")) != -1) {
		switch (c) {
		case 'n': cfg.no_install = true; break;
		case 'r': cfg.retain = true; break;
		case 't': cfg.table = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'D': cfg.resolve_via_default = true; break;
		case 'b': cfg.event_rcvbuf = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'i': in_path = optarg; break;
		default:
			fprintf(stderr, "usage: fibtool [-n] [-r] [-t TABLE] [-D] "
				"[-b BYTES] [-i FIFO]\n");
			return -1;
		}
	}
	return 0;
}

static void sig_cb(struct ev_loop *l, ev_signal *w, int revents)
{
	(void)l;
	(void)w;
	(void)revents;
	cmd_quit();
}

int main(int argc, char **argv)
{
	struct rib_ops ops;
	int fd = 0;

	if (parse_opts(argc, argv) < 0)
		return 2;
	log_to_stdout(LOG_LVL_INFO);
	loop = EV_DEFAULT;
	fs = fibsys_new(loop, &cfg);
	if (!fs)
		return 1;
	memset(&ops, 0, sizeof(ops));
	fibsys_rib_ops(fs, &ops.nh);
	ops.attr_unref = attr_unref;
	ops.change = fibsys_rib_change;
	ops.change_arg = fs;
	if (rib_init(&rib, &ops) < 0)
		return 1;
	fibsys_attach_rib(fs, &rib);
	fibsys_set_nh_watch(fs, nh_watch, NULL);
	if (in_path && (fd = open(in_path, O_RDWR | O_NONBLOCK)) < 0) {
		perror(in_path);
		return 1;
	}
	ev_io_init(&in_io, in_cb, fd, EV_READ);
	ev_signal_init(&sig_term, sig_cb, SIGTERM);
	ev_signal_start(loop, &sig_term);
	ev_signal_init(&sig_int, sig_cb, SIGINT);
	ev_signal_start(loop, &sig_int);
	ev_io_start(loop, &in_io);
	ev_timer_init(&sync_timer, sync_cb, 0.005, 0.005);
	out("ready");
	ev_run(loop, 0);
	fibsys_free(fs);
	rib_destroy(&rib);
	return 0;
}
