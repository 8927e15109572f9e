/*
 * test_fib_kernel.c: the writer and FIB installation against a real
 * kernel, in a private network namespace that the test process enters
 * with unshare(CLONE_NEWNET) (root needed; without it every test is
 * skipped and says why, loudly).
 *
 * Checked: one batch's results matched per request (success, refusal
 * with the kernel's extack text, a delete of a missing route), in both
 * ACK modes; the writer thread hands batches back in order and wakes the
 * loop; kernel.c installs, replaces in place (same count, new gateway),
 * deletes, marks refused routes; the startup reconcile keeps leftovers
 * until convergence, then deletes what has no best path and adds what
 * is missing; a clean exit removes okapi's routes, -r keeps them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "netlink.h"
#include "writer.h"

static bool in_netns;

static int enter_netns(void)
{
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "SKIP test_fib_kernel: needs root to create a "
			"network namespace (%s)\n", strerror(errno));
		return 0;
	}
	if (system("ip link set lo up && ip link add d0 type veth peer name d1 && "
		   "ip link set d1 up && "
		   "ip link set d0 up && ip addr add 192.0.2.1/24 dev d0 && "
		   "ip -6 addr add 2001:db8:1::1/64 dev d0 nodad") != 0) {
		fprintf(stderr, "SKIP test_fib_kernel: cannot set up d0\n");
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

/* ---- reading the kernel back ---- */

struct kroute {
	struct prefix p;
	struct ipaddr gw;
	uint32_t metric, nhid;
};

struct dump {
	struct kroute v[4096];
	size_t n;
};

static int dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	struct fib_route r;
	bool del;

	if (fib_parse_route(nlh, &r, &del) < 0 || r.protocol != FIB_PROTO_BGP)
		return 0;
	if (r.table != RT_TABLE_MAIN || d->n == 4096)
		return 0;
	d->v[d->n].p = r.dst;
	d->v[d->n].gw = r.n_nh ? r.nh[0].gw : (struct ipaddr){ 0 };
	d->v[d->n].metric = r.metric;
	d->v[d->n].nhid = r.nhid;
	d->n++;
	return 0;
}

static struct dump *kernel_routes(void)
{
	static struct dump d;
	struct nl_sock *s = nl_open(NL_DUMP, 0);

	assert_non_null(s);
	d.n = 0;
	assert_int_equal(nl_dump_sync(s, RTM_GETROUTE, AF_UNSPEC, dump_cb, &d,
				      NULL, 5000), 0);
	nl_close(s);
	return &d;
}

static const struct kroute *find(const struct dump *d, const char *pfx,
				 uint32_t metric)
{
	struct prefix p;
	size_t i;

	assert_int_equal(prefix_parse(pfx, &p, NULL), 0);
	for (i = 0; i < d->n; i++)
		if (prefix_cmp(&d->v[i].p, &p) == 0 && d->v[i].metric == metric)
			return &d->v[i];
	return NULL;
}

static struct fib_route rt(const char *dst, const char *gw, uint32_t metric)
{
	struct fib_route r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(prefix_parse(dst, &r.dst, NULL), 0);
	r.table = RT_TABLE_MAIN;
	r.metric = metric;
	r.protocol = FIB_PROTO_BGP;
	r.type = FIB_RT_UNICAST;
	r.n_nh = 1;
	assert_int_equal(ipaddr_parse(gw, &r.nh[0].gw), 0);
	return r;
}

static void put(struct fibw_batch *b, enum fib_op op, const struct fib_route *r)
{
	size_t room, n;
	void *tail = fibw_batch_tail(b, &room);

	n = fib_build_route(tail, room, op, r, fibw_batch_next_seq(b));
	assert_true(n > 0);
	fibw_batch_commit(b, n);
}

/* ---- the writer ---- */

static void batch_results(bool every)
{
	struct nl_sock *cmd = nl_open(NL_CMD, 0);
	struct fibw *w = fibw_new(cmd, NULL, NULL);
	struct fibw_batch *b = fibw_batch_new(1000);
	struct fib_route r;
	char buf[32];
	struct dump *d;
	uint32_t i;

	fibw_set_ack_every(w, every);
	for (i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), "10.%u.%u.0/24", every, i);
		r = rt(buf, "192.0.2.2", 20);
		put(b, FIB_OP_REPLACE, &r);
	}
	r = rt("10.200.0.0/16", "10.9.9.9", 20);	/* gateway not on-link */
	put(b, FIB_OP_REPLACE, &r);
	r = rt("10.201.0.0/16", "192.0.2.2", 20);	/* never installed */
	put(b, FIB_OP_DELETE, &r);
	r = rt("10.202.0.0/16", "192.0.2.3", 20);
	put(b, FIB_OP_REPLACE, &r);
	fibw_run_sync(w, b);
	assert_int_equal(b->send_errno, 0);
	assert_int_equal(b->nmsg, 103);
	assert_int_equal(b->nacked, 103);
	for (i = 0; i < 100; i++)
		assert_int_equal(b->res[i], 0);
	assert_int_equal(b->res[100], -ENETUNREACH);
	assert_int_equal(b->res[101], -ESRCH);
	assert_int_equal(b->res[102], 0);
	assert_int_equal(b->nerr, 2);
	assert_true(b->nextack >= 1);
	assert_int_equal(b->extack[0].idx, 100);
	assert_true(strlen(b->extack[0].msg) > 0);	/* "Nexthop has invalid gateway" */
	d = kernel_routes();
	snprintf(buf, sizeof(buf), "10.%u.99.0/24", every);
	assert_non_null(find(d, buf, 20));
	assert_null(find(d, "10.200.0.0/16", 20));
	assert_non_null(find(d, "10.202.0.0/16", 20));
	fibw_batch_free(b);
	fibw_free(w);
	nl_close(cmd);
}

static void test_writer_ack_last(void **state)
{
	(void)state;
	NEED_NETNS();
	batch_results(false);
}

static void test_writer_ack_every(void **state)
{
	(void)state;
	NEED_NETNS();
	batch_results(true);
}

static atomic_int wakes;

static void wake(void *arg)
{
	(void)arg;
	atomic_fetch_add(&wakes, 1);
}

static void test_writer_thread_order(void **state)
{
	struct nl_sock *cmd;
	struct fibw *w;
	struct fibw_batch *b[3], *got = NULL, *x, **tail = &got;
	struct fib_route r;
	char buf[32];
	int i, j, n = 0, spins = 0;

	(void)state;
	NEED_NETNS();
	cmd = nl_open(NL_CMD, 0);
	w = fibw_new(cmd, wake, NULL);
	assert_int_equal(fibw_start(w), 0);
	for (i = 0; i < 3; i++) {
		b[i] = fibw_batch_new((uint32_t)(5000 + 1000 * i));
		for (j = 0; j < 200; j++) {
			snprintf(buf, sizeof(buf), "10.%d.%d.0/24", 50 + i, j);
			r = rt(buf, "192.0.2.2", 20);
			put(b[i], FIB_OP_REPLACE, &r);
		}
		fibw_submit(w, b[i]);
	}
	assert_int_equal(fibw_outstanding(w), 3);
	while (n < 3 && spins++ < 5000) {
		for (x = fibw_collect(w); x; x = x->next, n++) {
			*tail = x;
			tail = &x->next;
		}
		usleep(1000);
	}
	assert_int_equal(n, 3);
	assert_int_equal(fibw_outstanding(w), 0);
	assert_true(atomic_load(&wakes) >= 1);
	for (i = 0, x = got; x; x = x->next, i++) {
		assert_ptr_equal(x, b[i]);	/* submission order */
		assert_int_equal(x->nacked, 200);
		assert_int_equal(x->nerr, 0);
	}
	for (x = got; x; x = got) {
		got = x->next;
		fibw_batch_free(x);
	}
	fibw_free(w);
	nl_close(cmd);
}

/* ---- kernel.c with a test source ---- */

struct want {
	struct prefix p;
	struct ipaddr gw;
	bool on;
};

static struct want wants[600];
static size_t nwants;
static uint32_t want_oif;	/* interface of every next hop (nhid needs it) */

static int src_route(void *arg, const struct prefix *p, struct fib_route *out)
{
	size_t i;

	(void)arg;
	for (i = 0; i < nwants; i++) {
		if (prefix_cmp(&wants[i].p, p) || !wants[i].on)
			continue;
		out->type = FIB_RT_UNICAST;
		out->n_nh = 1;
		out->nh[0].gw = wants[i].gw;
		out->nh[0].ifindex = want_oif;
		return 1;
	}
	return 0;
}

static void src_walk(void *arg, void (*fn)(void *fnarg, const struct prefix *p),
		     void *fnarg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < nwants; i++)
		if (wants[i].on)
			fn(fnarg, &wants[i].p);
}

static void want(const char *p, const char *gw)
{
	struct want *x = &wants[nwants++];

	assert_int_equal(prefix_parse(p, &x->p, NULL), 0);
	assert_int_equal(ipaddr_parse(gw, &x->gw), 0);
	x->on = true;
}

struct kfx {
	struct nl_sock *cmd;
	struct fibw *w;
	struct kernel *k;
};

static void kfx_open(struct kfx *f, bool retain)
{
	struct kernel_cfg cfg = { 0, false, retain };
	struct kernel_source s = { src_route, src_walk, NULL };

	f->cmd = nl_open(NL_CMD, 0);
	assert_non_null(f->cmd);
	f->w = fibw_new(f->cmd, NULL, NULL);
	assert_int_equal(fibw_start(f->w), 0);
	f->k = kernel_new(NULL, &cfg, f->w);
	kernel_set_source(f->k, &s);
}

static void kfx_close(struct kfx *f)
{
	kernel_free(f->k);
	fibw_free(f->w);
	nl_close(f->cmd);
}

static void flush_table(void)
{
	assert_int_equal(system("ip nexthop flush >/dev/null 2>&1; ip route flush proto bgp; "
				"ip -6 route flush proto bgp"), 0);
}

static void test_kernel_install_replace_delete(void **state)
{
	struct kfx f;
	struct kernel_stats st;
	struct dump *d;
	char buf[40];
	size_t i, before;

	(void)state;
	NEED_NETNS();
	flush_table();
	nwants = 0;
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "172.16.%zu.0/24", i % 250);
		if (i >= 250)
			snprintf(buf, sizeof(buf), "2001:db8:%zx::/48", i);
		want(buf, i < 250 ? "192.0.2.2" : "2001:db8:1::2");
	}
	want("172.17.0.0/16", "10.9.9.9");	/* refused by the kernel */
	kfx_open(&f, false);
	for (i = 0; i < nwants; i++)
		kernel_sync(f.k, &wants[i].p);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, 500);
	assert_non_null(find(d, "2001:db8:1f3::/48", 20));
	assert_true(kernel_route_failed(f.k, &wants[500].p));
	before = d->n;
	/* A new best path: replaced in place, never a second route. */
	assert_int_equal(ipaddr_parse("192.0.2.3", &wants[7].gw), 0);
	kernel_sync(f.k, &wants[7].p);
	/* Withdrawn: deleted. */
	wants[8].on = false;
	kernel_sync(f.k, &wants[8].p);
	/* The refused one gets a usable next hop: no longer failed. */
	assert_int_equal(ipaddr_parse("192.0.2.9", &wants[500].gw), 0);
	kernel_sync(f.k, &wants[500].p);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, before);	/* -1 deleted, +1 fixed */
	prefix_fmt(&wants[7].p, buf, sizeof(buf));
	assert_int_equal(ipaddr_cmp(&find(d, buf, 20)->gw, &wants[7].gw), 0);
	prefix_fmt(&wants[8].p, buf, sizeof(buf));
	assert_null(find(d, buf, 20));
	assert_false(kernel_route_failed(f.k, &wants[500].p));
	kernel_stats(f.k, &st);
	assert_int_equal(st.failed, 1);
	assert_int_equal(st.deleted, 1);
	assert_int_equal(st.replaced, 500 + 2);
	/* Clean exit: all of okapi's routes go, also one whose sync was
	 * still queued (it would have been a replace). */
	kernel_sync(f.k, &wants[0].p);
	assert_int_equal(kernel_shutdown(f.k, 2000), 0);
	assert_int_equal(kernel_routes()->n, 0);
	kfx_close(&f);
}

static int own_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct kernel *k = arg;
	struct fib_route r;
	bool del;

	if (fib_parse_route(nlh, &r, &del) == 0 && r.protocol == FIB_PROTO_BGP &&
	    r.table == RT_TABLE_MAIN)
		kernel_own_route(k, &r, del, true);
	return 0;
}

static void test_kernel_reconcile(void **state)
{
	struct kfx f;
	struct nl_sock *dump;
	struct kernel_stats st;
	struct dump *d;

	(void)state;
	NEED_NETNS();
	flush_table();
	/* An earlier instance left four routes. */
	assert_int_equal(system("ip route add 198.18.1.0/24 via 192.0.2.2 proto bgp metric 20 && "
				"ip route add 198.18.2.0/24 via 192.0.2.2 proto bgp metric 20 && "
				"ip route add 198.18.3.0/24 via 192.0.2.2 proto bgp metric 30 && "
				"ip -6 route add 2001:db8:99::/48 via 2001:db8:1::2 proto bgp metric 20"), 0);
	nwants = 0;
	want("198.18.1.0/24", "192.0.2.5");	/* still best: replaced */
	want("198.18.3.0/24", "192.0.2.2");	/* best, but left with metric 30 */
	want("198.18.4.0/24", "192.0.2.2");	/* best, not in the kernel */
	kfx_open(&f, true);
	dump = nl_open(NL_DUMP, 0);
	kernel_collect_begin(f.k);
	assert_int_equal(nl_dump_sync(dump, RTM_GETROUTE, AF_UNSPEC, own_cb, f.k,
				      NULL, 5000), 0);
	kernel_collect_end(f.k);
	/* Before convergence, nothing is removed; the RIB's changes go in
	 * (replacing a leftover in place, next to one with metric 30). */
	kernel_sync(f.k, &wants[0].p);
	kernel_sync(f.k, &wants[1].p);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, 5);
	assert_int_equal(ipaddr_cmp(&find(d, "198.18.1.0/24", 20)->gw, &wants[0].gw), 0);
	kernel_converged(f.k);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_non_null(find(d, "198.18.1.0/24", 20));
	assert_null(find(d, "198.18.2.0/24", 20));
	assert_null(find(d, "198.18.3.0/24", 30));
	assert_non_null(find(d, "198.18.3.0/24", 20));
	assert_null(find(d, "2001:db8:99::/48", 20));
	assert_int_equal(d->n, 2);
	kernel_stats(f.k, &st);
	assert_int_equal(st.reconcile_deleted, 3);
	/* 198.18.4.0/24 had no RIB change yet: the initial convergence
	 * does not add (every best path since the start was queued). */
	assert_null(find(d, "198.18.4.0/24", 20));
	assert_int_equal(st.reconcile_added, 0);
	/* A resync (lost events): someone removed one of ours and added a
	 * stray route of protocol 186; the missing one is added back now. */
	assert_int_equal(system("ip route del 198.18.1.0/24 proto bgp metric 20 && "
				"ip route add 198.18.9.0/24 via 192.0.2.2 proto bgp metric 20"), 0);
	kernel_collect_begin(f.k);
	assert_int_equal(nl_dump_sync(dump, RTM_GETROUTE, AF_UNSPEC, own_cb, f.k,
				      NULL, 5000), 0);
	kernel_collect_end(f.k);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_non_null(find(d, "198.18.1.0/24", 20));
	assert_non_null(find(d, "198.18.4.0/24", 20));
	assert_null(find(d, "198.18.9.0/24", 20));
	assert_int_equal(d->n, 3);
	/* -r: the routes stay at exit. */
	assert_int_equal(kernel_shutdown(f.k, 2000), 0);
	assert_int_equal(kernel_routes()->n, 3);
	nl_close(dump);
	kfx_close(&f);
}

/* ---- nexthop objects ---- */

static int nh_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct fib_nhobj o;

	if (fib_parse_nhobj(nlh, &o) == 0)
		kernel_nhobj(arg, &o, true);
	return 0;
}

/* What a resync does: nexthop objects, then routes, then reconcile. */
static void resync(struct kernel *k)
{
	struct nl_sock *dump = nl_open(NL_DUMP, 0);

	assert_non_null(dump);
	kernel_collect_begin(k);
	assert_int_equal(nl_dump_sync(dump, RTM_GETNEXTHOP, AF_UNSPEC, nh_cb, k,
				      NULL, 5000), 0);
	kernel_nhobj_dump_done(k);
	assert_int_equal(nl_dump_sync(dump, RTM_GETROUTE, AF_UNSPEC, own_cb, k,
				      NULL, 5000), 0);
	kernel_collect_end(k);
	nl_close(dump);
}

/* Routes of ours in the kernel, and how many use a nexthop object. */
static size_t with_nhid(const struct dump *d, size_t *distinct)
{
	uint32_t ids[8];
	size_t i, j, n = 0, nd = 0;

	for (i = 0; i < d->n; i++) {
		if (!d->v[i].nhid)
			continue;
		n++;
		for (j = 0; j < nd && ids[j] != d->v[i].nhid; j++)
			;
		if (j == nd && nd < 8)
			ids[nd++] = d->v[i].nhid;
	}
	*distinct = nd;
	return n;
}

static size_t count_cmd(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	size_t n = 0;

	assert_non_null(f);
	if (fscanf(f, "%zu", &n) != 1)
		n = 0;
	pclose(f);
	return n;
}

static size_t our_objects(void)
{
	return count_cmd("ip nexthop show protocol 186 | wc -l");
}

static void test_kernel_nhid(void **state)
{
	struct kfx f;
	struct kernel_stats st;
	struct fibw_stats w0, w1;
	struct dump *d;
	size_t i, nd;
	char buf[40], cmd[80];

	(void)state;
	NEED_NETNS();
	flush_table();
	nwants = 0;
	want_oif = if_nametoindex("d0");
	for (i = 0; i < 250; i++) {
		snprintf(buf, sizeof(buf), "172.20.%zu.0/24", i % 200);
		if (i >= 200)
			snprintf(buf, sizeof(buf), "2001:db8:%zx::/48",
				 0x100 + i);
		want(buf, i < 200 ? "192.0.2.2" : "2001:db8:1::2");
	}
	kfx_open(&f, false);
	kernel_set_nhid(f.k, true);
	kernel_converged(f.k);
	for (i = 0; i < nwants; i++)
		kernel_sync(f.k, &wants[i].p);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, 250);
	assert_int_equal(with_nhid(d, &nd), 250);
	assert_int_equal(nd, 2);		/* one object per gateway */
	assert_int_equal(our_objects(), 2);
	kernel_stats(f.k, &st);
	assert_int_equal(st.nh_objects, 2);
	assert_int_equal(st.replaced, 250);

	/* Carrier loss on d0: the kernel deletes our objects on it and
	 * every route using them (IPv4 without a message). */
	assert_int_equal(system("ip link set d1 down"), 0);
	usleep(200000);
	assert_int_equal(kernel_routes()->n, 0);
	assert_int_equal(our_objects(), 0);
	assert_true(kernel_link_gone(f.k, want_oif));
	assert_false(kernel_link_gone(f.k, want_oif));	/* once */
	assert_int_equal(system("ip link set d1 up"), 0);
	usleep(300000);
	/* The resync finds them missing and puts them back. */
	resync(f.k);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, 250);
	assert_int_equal(with_nhid(d, &nd), 250);
	assert_int_equal(our_objects(), 2);

	/* An admin deletes one object (its routes go with it): the event
	 * says so, the resync puts them back. */
	snprintf(cmd, sizeof(cmd), "ip nexthop del id %u", d->v[0].nhid);
	{
		struct fib_nhobj o;

		memset(&o, 0, sizeof(o));
		o.id = d->v[0].nhid;
		o.deleted = true;
		assert_int_equal(system(cmd), 0);
		assert_true(kernel_nhobj(f.k, &o, false));
	}
	assert_true(kernel_routes()->n < 250);
	resync(f.k);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	assert_int_equal(kernel_routes()->n, 250);
	kernel_stats(f.k, &st);
	assert_true(st.nh_lost >= 3);

	/* Clean exit: two requests remove 250 routes. */
	fibw_stats(f.w, &w0);
	assert_int_equal(kernel_shutdown(f.k, 2000), 0);
	fibw_stats(f.w, &w1);
	assert_int_equal(w1.msgs - w0.msgs, 2);
	assert_int_equal(kernel_routes()->n, 0);
	assert_int_equal(our_objects(), 0);
	kfx_close(&f);
}

/* An earlier instance (-r) left routes on its objects; the next one
 * replaces what it has best paths for, deletes the rest and the old
 * objects at convergence. */
static void test_kernel_nhid_restart(void **state)
{
	struct kfx f;
	struct dump *d;
	size_t i, nd;
	uint32_t old_id;
	char buf[40];

	(void)state;
	NEED_NETNS();
	flush_table();
	nwants = 0;
	want_oif = if_nametoindex("d0");
	for (i = 0; i < 10; i++) {
		snprintf(buf, sizeof(buf), "172.21.%zu.0/24", i);
		want(buf, "192.0.2.2");
	}
	kfx_open(&f, true);
	kernel_set_nhid(f.k, true);
	kernel_converged(f.k);
	for (i = 0; i < nwants; i++)
		kernel_sync(f.k, &wants[i].p);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	assert_int_equal(kernel_shutdown(f.k, 2000), 0);	/* -r */
	kfx_close(&f);
	d = kernel_routes();
	assert_int_equal(d->n, 10);
	old_id = d->v[0].nhid;
	assert_int_equal(our_objects(), 1);

	/* Restart: five prefixes still have a best path, via .3 now. */
	nwants = 5;
	for (i = 0; i < 5; i++)
		assert_int_equal(ipaddr_parse("192.0.2.3", &wants[i].gw), 0);
	kfx_open(&f, false);
	kernel_set_nhid(f.k, true);
	resync(f.k);		/* the startup dump */
	for (i = 0; i < 5; i++)
		kernel_sync(f.k, &wants[i].p);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, 10);	/* leftovers kept before convergence */
	assert_int_equal(with_nhid(d, &nd), 10);
	assert_int_equal(nd, 2);
	assert_true(find(d, "172.21.0.0/24", 20)->nhid != old_id);
	assert_int_equal(find(d, "172.21.9.0/24", 20)->nhid, old_id);
	kernel_converged(f.k);
	assert_int_equal(kernel_drain(f.k, 5000), 0);
	d = kernel_routes();
	assert_int_equal(d->n, 5);
	assert_null(find(d, "172.21.9.0/24", 20));
	assert_int_equal(our_objects(), 1);	/* the old one is gone */
	assert_int_equal(kernel_shutdown(f.k, 2000), 0);
	assert_int_equal(kernel_routes()->n, 0);
	assert_int_equal(our_objects(), 0);
	kfx_close(&f);
	want_oif = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_ack_last),
		cmocka_unit_test(test_writer_ack_every),
		cmocka_unit_test(test_writer_thread_order),
		cmocka_unit_test(test_kernel_install_replace_delete),
		cmocka_unit_test(test_kernel_reconcile),
		cmocka_unit_test(test_kernel_nhid),
		cmocka_unit_test(test_kernel_nhid_restart),
	};

	enter_netns();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
