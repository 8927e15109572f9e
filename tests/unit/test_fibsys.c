/*
 * test_fibsys.c: the assembled kernel side on a real kernel, in a
 * private network namespace the test enters with unshare(CLONE_NEWNET)
 * (root needed; without it every test is skipped and says why, loudly).
 *
 * Checked: the route watch for `redistribute` (fibsys_set_route_watch,
 * fibsys_walk_routes): connected (proto kernel) and static routes are
 * walked with their protocol, okapi's own routes (proto bgp) never are;
 * `ip route add/replace/del` reach the watch as add, change and delete,
 * after the mirror was updated; the routes of an interface set down
 * (flushed by IPv4 without a message) are reported gone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fibsys.h"
#include "log.h"

static bool in_netns;

static int enter_netns(void)
{
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "SKIP test_fibsys: needs root to create a "
			"network namespace (%s)\n", strerror(errno));
		return 0;
	}
	if (system("ip link set lo up && ip link add w0 type veth peer name w1 && "
		   "ip link set w1 up && ip link set w0 up && "
		   "ip addr add 192.0.2.1/24 dev w0 && "
		   "ip -6 addr add 2001:db8:1::1/64 dev w0 nodad") != 0) {
		fprintf(stderr, "SKIP test_fibsys: cannot set up w0\n");
		return 0;
	}
	in_netns = true;
	return 0;
}

#define NEED_NETNS()                                                      \
	do {                                                              \
		if (!in_netns)                                            \
			skip();                                           \
	} while (0)

/* What the watch heard, as "+P/proto " and "-P/proto " items. */
struct heard {
	char log[4096];
	struct fibsys *fs;
	bool mirror_had_it;	/* at the last call: lookup agreed */
};

static void on_route(void *arg, const struct fib_route *r, bool deleted)
{
	struct heard *h = arg;
	char p[PREFIX_STRLEN], one[80];
	struct mirror_match mm;
	struct ipaddr a;

	snprintf(one, sizeof(one), "%c%s/%u ", deleted ? '-' : '+',
		 prefix_fmt(&r->dst, p, sizeof(p)), r->protocol);
	strncat(h->log, one, sizeof(h->log) - strlen(h->log) - 1);
	/* The mirror is already up to date: a lookup of an address inside
	 * the prefix finds it exactly when it was added. */
	memset(&a, 0, sizeof(a));
	a.af = r->dst.af;
	memcpy(a.a, r->dst.a, sizeof(a.a));
	h->mirror_had_it = mirror_lookup(fibsys_mirror(h->fs), &a, true, &mm) == 0 &&
			   prefix_cmp(&mm.dst, &r->dst) == 0;
}

static void on_walk(void *arg, const struct fib_route *r, bool deleted)
{
	on_route(arg, r, deleted);
}

/* Run the loop until s appears in h->log (or 3 s). */
static bool wait_for(struct ev_loop *loop, struct heard *h, const char *s)
{
	int i;

	for (i = 0; i < 300; i++) {
		if (strstr(h->log, s))
			return true;
		ev_run(loop, EVRUN_NOWAIT);
		usleep(10000);
	}
	fprintf(stderr, "waited for \"%s\", heard: %s\n", s, h->log);
	return false;
}

static void sh(const char *cmd)
{
	assert_int_equal(system(cmd), 0);
}

static void test_route_watch(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct fibsys_cfg cfg = { 0, false, false, false, 0, false };
	struct fibsys *fs;
	struct heard h;

	(void)state;
	NEED_NETNS();
	sh("ip route add 198.51.100.0/24 via 192.0.2.2 proto static && "
	   "ip route add 203.0.113.0/24 via 192.0.2.3 proto bgp metric 20 && "
	   "ip -6 route add 2001:db8:99::/48 via 2001:db8:1::2 proto boot");
	fs = fibsys_new(loop, &cfg);
	assert_non_null(fs);
	memset(&h, 0, sizeof(h));
	h.fs = fs;
	/* The walk: connected (2 = RTPROT_KERNEL) and static (4, 3 = boot)
	 * routes, not okapi's own (proto bgp in its table). */
	fibsys_walk_routes(fs, on_walk, &h);
	assert_non_null(strstr(h.log, "+192.0.2.0/24/2 "));
	assert_non_null(strstr(h.log, "+198.51.100.0/24/4 "));
	assert_non_null(strstr(h.log, "+2001:db8:1::/64/2 "));
	assert_non_null(strstr(h.log, "+2001:db8:99::/48/3 "));
	assert_null(strstr(h.log, "203.0.113.0"));
	/* The watch: add, change, delete, from the kernel's events. */
	h.log[0] = 0;
	fibsys_set_route_watch(fs, on_route, &h);
	sh("ip route add 10.20.0.0/16 via 192.0.2.2 proto static");
	assert_true(wait_for(loop, &h, "+10.20.0.0/16/4 "));
	assert_true(h.mirror_had_it);
	sh("ip route replace 10.20.0.0/16 via 192.0.2.7 proto static");
	assert_true(wait_for(loop, &h, "+10.20.0.0/16/4 +10.20.0.0/16/4 "));
	sh("ip route del 10.20.0.0/16");
	assert_true(wait_for(loop, &h, "-10.20.0.0/16/4 "));
	assert_false(h.mirror_had_it);
	sh("ip -6 route add 2001:db8:77::/48 via 2001:db8:1::2 proto static");
	assert_true(wait_for(loop, &h, "+2001:db8:77::/48/4 "));
	/* okapi's own routes stay out of it. */
	sh("ip route add 203.0.114.0/24 via 192.0.2.3 proto bgp metric 20 && "
	   "ip route add 10.21.0.0/16 via 192.0.2.2 proto static");
	assert_true(wait_for(loop, &h, "+10.21.0.0/16/4 "));
	assert_null(strstr(h.log, "203.0.114.0"));
	/* Interface down: IPv4 flushes its routes without a word, the
	 * mirror does the same and reports them. */
	h.log[0] = 0;
	sh("ip link set w0 down");
	assert_true(wait_for(loop, &h, "-198.51.100.0/24/4 "));
	assert_true(wait_for(loop, &h, "-10.21.0.0/16/4 "));
	sh("ip link set w0 up");
	fibsys_set_route_watch(fs, NULL, NULL);
	fibsys_free(fs);
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_watch),
	};

	log_to_stdout(LOG_LVL_WARN);
	enter_netns();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
