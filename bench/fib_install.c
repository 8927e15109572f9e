/*
 * fib_install.c: FIB installation benchmark (not a test).  Installs the
 * prefixes of ../shared/data/fulltable-prefixes-2024.txt.gz (901,899
 * IPv4 and 160,147 IPv6) into the kernel of a private network namespace
 * through okapi's FIB path (kernel.c builds 64 KiB batches of
 * CREATE|REPLACE requests on this thread, the writer thread pushes them
 * on the other core and matches every result), then deletes them the
 * way a clean exit does; and, in the same run, the same routes with
 * `ip -batch` (one `route add` per line) for comparison.
 *
 *	sudo bench/fib_install [PREFIX_FILE.gz]
 *	sudo FIB_BENCH_BATCH=4096,16384,65536 bench/fib_install   (batch sizes)
 *	FIB_BENCH_FAMILY=4|6	one family only
 *	FIB_BENCH_IPBATCH=0	without the `ip -batch` comparison
 *	FIB_BENCH_NHID=0	plain routes (gateway), not nexthop objects
 *				(bgpd's default: kernel.h), as before
 *
 * Every route goes via a gateway on a veth (as a BGP route via a
 * directly connected peer).  Prints routes/s per family and method.
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "log.h"
#include "netlink.h"
#include "writer.h"

#define DEFAULT_FILE "/work/shared/data/fulltable-prefixes-2024.txt.gz"

struct plist {
	struct prefix *v;
	size_t n, cap;
};

static struct plist pfx[2];		/* [0] IPv4, [1] IPv6 */
static struct ipaddr gw[2];
static uint32_t oif;
static bool nhid = true;	/* FIB_BENCH_NHID=0: plain routes */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this process (both threads), user or system. */
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
	struct prefix p;

	snprintf(cmd, sizeof(cmd), "zcat '%s'", path);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct plist *l;

		line[strcspn(line, "\r\n")] = 0;
		if (prefix_parse(line, &p, NULL) < 0)
			continue;
		l = &pfx[p.af == AF_INET6];
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 65536;
			l->v = realloc(l->v, l->cap * sizeof(*l->v));
			if (!l->v)
				return -1;
		}
		l->v[l->n++] = p;
	}
	return pclose(f) == 0 ? 0 : -1;
}

static int setup_netns(void)
{
	if (unshare(CLONE_NEWNET) < 0) {
		perror("unshare(CLONE_NEWNET) (run as root)");
		return -1;
	}
	if (system("ip link set lo up && ip link add v0 type veth peer name v1 && "
		   "ip link set v0 up && ip link set v1 up && "
		   "ip addr add 192.0.2.1/24 dev v0 && "
		   "ip -6 addr add 2001:db8:ffff::1/64 dev v0 nodad") != 0)
		return -1;
	ipaddr_parse("192.0.2.2", &gw[0]);
	ipaddr_parse("2001:db8:ffff::2", &gw[1]);
	/* Plain routes: the kernel resolves the on-link gateway; a
	 * nexthop object needs its interface (bgpd always knows it). */
	oif = nhid ? if_nametoindex("v0") : 0;
	return 0;
}

/* The source: every prefix via the family's gateway. */
static int src_route(void *arg, const struct prefix *p, struct fib_route *out)
{
	(void)arg;
	out->type = FIB_RT_UNICAST;
	out->n_nh = 1;
	out->nh[0].gw = gw[p->af == AF_INET6];
	out->nh[0].ifindex = oif;
	return 1;
}

static int fam_sel = -1;	/* family being deleted at exit */

static void src_walk(void *arg, void (*fn)(void *fnarg, const struct prefix *p),
		     void *fnarg)
{
	size_t i;

	(void)arg;
	for (i = 0; fam_sel >= 0 && i < pfx[fam_sel].n; i++)
		fn(fnarg, &pfx[fam_sel].v[i]);
}

static size_t count_ours(void)
{
	FILE *f = popen("ip route show proto bgp | wc -l; "
			"ip -6 route show proto bgp | wc -l", "r");
	size_t a = 0, b = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%zu %zu", &a, &b) != 2)
		a = b = 0;
	pclose(f);
	return a + b;
}

static void cleanup(int fam);

static void run_okapi(int fam, double *add_rate, double *del_rate)
{
	struct nl_sock *cmd = nl_open(NL_CMD, 0);
	struct fibw *w = fibw_new(cmd, NULL, NULL);
	struct kernel_cfg cfg = { 0, false, false };
	struct kernel_source s = { src_route, src_walk, NULL };
	struct kernel *k;
	struct kernel_stats st;
	size_t i, n = pfx[fam].n, left;
	double t0, t1, u0, s0;

	if (!cmd || !w || fibw_start(w) < 0)
		exit(1);
	k = kernel_new(NULL, &cfg, w);
	kernel_set_nhid(k, nhid);
	kernel_set_source(k, &s);
	kernel_converged(k);
	u0 = cpu(false);
	s0 = cpu(true);
	t0 = now();
	for (i = 0; i < n; i++) {
		kernel_sync(k, &pfx[fam].v[i]);
		if ((i & 4095) == 0)
			kernel_collect(k);	/* keep the writer busy */
	}
	if (kernel_drain(k, 120000) < 0)
		fprintf(stderr, "drain timed out\n");
	t1 = now();
	kernel_stats(k, &st);
	*add_rate = (double)n / (t1 - t0);
	printf("  okapi %s add%s: %zu routes in %.2f s = %.0f routes/s "
	       "(replaced %llu, failed %llu, unknown %llu; cpu user %.2f s "
	       "sys %.2f s; kernel has %zu)\n",
	       fam ? "IPv6" : "IPv4", nhid ? " nhid" : "", n, t1 - t0, *add_rate,
	       (unsigned long long)st.replaced, (unsigned long long)st.failed,
	       (unsigned long long)st.unknown, cpu(false) - u0, cpu(true) - s0,
	       count_ours());
	fam_sel = fam;
	t0 = now();
	left = kernel_shutdown(k, 600000);
	t1 = now();
	*del_rate = (double)(n - left) / (t1 - t0);
	printf("  okapi %s delete (clean exit%s): %.2f s = %.0f routes/s, "
	       "left %zu\n", fam ? "IPv6" : "IPv4",
	       nhid ? ", nexthop objects" : "", t1 - t0, *del_rate,
	       count_ours());
	kernel_free(k);
	fibw_free(w);
	nl_close(cmd);
}

/* Remove what ip -batch installed, through okapi's delete path
 * (`ip route flush` of 900k routes does not finish in its 34 s). */
static void cleanup(int fam)
{
	struct nl_sock *cmd = nl_open(NL_CMD, 0);
	struct fibw *w = fibw_new(cmd, NULL, NULL);
	struct kernel_cfg cfg = { 0, false, false };
	struct kernel_source s = { src_route, src_walk, NULL };
	struct kernel *k = kernel_new(NULL, &cfg, w);

	fibw_start(w);
	kernel_set_source(k, &s);
	fam_sel = fam;
	kernel_shutdown(k, 600000);
	kernel_free(k);
	fibw_free(w);
	nl_close(cmd);
}

static double run_ipbatch(int fam)
{
	char path[] = "/tmp/fib_install_batch_XXXXXX", buf[PREFIX_STRLEN];
	char cmd[256], g[IPADDR_STRLEN];
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	size_t i;
	double t0, t1;

	if (!f)
		exit(1);
	ipaddr_fmt(&gw[fam], g, sizeof(g));
	for (i = 0; i < pfx[fam].n; i++)
		fprintf(f, "route add %s via %s proto bgp metric 20\n",
			prefix_fmt(&pfx[fam].v[i], buf, sizeof(buf)), g);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
	t0 = now();
	if (system(cmd) != 0)
		fprintf(stderr, "ip -batch failed\n");
	t1 = now();
	unlink(path);
	printf("  ip -batch %s add: %zu routes in %.2f s = %.0f routes/s "
	       "(kernel has %zu)\n", fam ? "IPv6" : "IPv4", pfx[fam].n, t1 - t0,
	       (double)pfx[fam].n / (t1 - t0), count_ours());
	cleanup(fam);
	return (double)pfx[fam].n / (t1 - t0);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : DEFAULT_FILE;
	double add[2], del[2], ipb[2];
	int fam;

	log_to_stdout(LOG_LVL_WARN);
	if (getenv("FIB_BENCH_NHID"))
		nhid = atoi(getenv("FIB_BENCH_NHID")) != 0;
	if (load(path) < 0 || !pfx[0].n) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	printf("fib_install: %zu IPv4 + %zu IPv6 prefixes from %s\n", pfx[0].n,
	       pfx[1].n, path);
	if (setup_netns() < 0)
		return 1;
	if (getenv("FIB_BENCH_BATCH")) {
		/* Compare batch sizes: "4096,16384,65536", IPv4 only. */
		char *list = strdup(getenv("FIB_BENCH_BATCH")), *t;

		for (t = strtok(list, ","); t; t = strtok(NULL, ",")) {
			fibw_set_batch_bytes(strtoul(t, NULL, 10));
			printf("batch %s bytes:\n", t);
			run_okapi(0, &add[0], &del[0]);
		}
		free(list);
		return 0;
	}
	memset(ipb, 0, sizeof(ipb));
	memset(add, 0, sizeof(add));
	memset(del, 0, sizeof(del));
	for (fam = 0; fam < 2; fam++) {
		const char *only = getenv("FIB_BENCH_FAMILY");
		const char *ipbatch = getenv("FIB_BENCH_IPBATCH");

		if (only && atoi(only) != (fam ? 6 : 4))
			continue;
		run_okapi(fam, &add[fam], &del[fam]);
		if (!ipbatch || atoi(ipbatch))
			ipb[fam] = run_ipbatch(fam);
	}
	printf("summary: okapi add IPv4 %.0f/s IPv6 %.0f/s; delete IPv4 %.0f/s "
	       "IPv6 %.0f/s; ip -batch add IPv4 %.0f/s IPv6 %.0f/s\n",
	       add[0], add[1], del[0], del[1], ipb[0], ipb[1]);
	return 0;
}
