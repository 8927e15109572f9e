/*
 * kernel.h: keeping the kernel's FIB equal to the best paths.
 *
 * Input: the prefixes whose best path (or multipath set) changed
 * (kernel_rib_change, the RIB's change callback), prefixes the kernel
 * touched behind okapi's back (kernel_own_route: the kernel deletes
 * routes on carrier loss, an admin runs `ip route del`), and a next hop
 * forwarded differently (kernel_nh_fwd_changed).  Output: RTM_NEWROUTE
 * with CREATE|REPLACE (never delete-then-add), protocol 186, metric 20,
 * okapi's table; RTM_DELROUTE when nothing should be installed; built
 * in batches by the event loop and pushed by the writer thread.
 *
 * Bookkeeping per prefix is nothing while all is well: what to install
 * is always rebuilt from the RIB when a request is built (so several
 * changes of one prefix cost one request if they come before it is
 * sent), a FIFO holds the prefixes to sync, each batch in flight keeps
 * (prefix, op) per request, and only the prefixes the kernel refused
 * are remembered (a small hash set, shown as RIB-failure 'r').
 *
 * Startup: the routes of protocol 186 in okapi's table left by an
 * earlier instance are collected from the initial dump and left alone
 * (new best paths replace them in place, so forwarding never stops)
 * until kernel_converged(); then those without a best path are deleted.
 * The same reconcile runs after every resync (ENOBUFS on the event
 * socket): what should be installed and is missing is installed, what
 * is installed and should not be is deleted.
 */
#ifndef OKAPI_KERNEL_H
#define OKAPI_KERNEL_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>

#include "nlmsg.h"
#include "rib.h"

struct kernel;
struct fibw;
struct nexthop;

struct kernel_cfg {
	uint32_t table;		/* 0: main (254) */
	bool no_install;	/* -n/--no_kernel */
	bool retain;		/* -r/--retain */
};

/*
 * Where the routes to install come from: the RIB (kernel_source_rib)
 * or a test double.  route(): 1 with *out = the route for p; 0 when
 * nothing should be in the kernel for p; -1 when p has a best path that
 * cannot be installed (no forwarding information).  walk(): every prefix
 * for which route() would say 1.
 */
struct kernel_source {
	int (*route)(void *arg, const struct prefix *p, struct fib_route *out);
	void (*walk)(void *arg, void (*fn)(void *fnarg, const struct prefix *p),
		     void *fnarg);
	void *arg;
};

struct kernel_stats {
	uint64_t replaced, deleted;	/* requests that succeeded */
	uint64_t failed;		/* requests the kernel refused */
	uint64_t unknown;		/* lost ACKs: resynced */
	uint64_t own_removed;		/* our routes removed by others */
	uint64_t reconcile_deleted, reconcile_added;
	size_t queued, failed_now;
};

/* loop NULL: no watchers (call kernel_flush/kernel_collect by hand). */
struct kernel *kernel_new(struct ev_loop *loop, const struct kernel_cfg *cfg,
			  struct fibw *w);
void kernel_free(struct kernel *k);
void kernel_set_source(struct kernel *k, const struct kernel_source *src);
/* The RIB as source: best path and multipath set of each prefix, next
 * hops forwarded as nexthop_fwd() says, IPv6 link-local next hops of
 * directly connected peers via their interface. */
void kernel_source_rib(struct kernel *k, struct rib *rib, struct nexthop *nh);

/* RIB change callback (arg = the struct kernel *). */
void kernel_rib_change(void *arg, const struct rib_change *c);
/* Sync prefix p with the source (queued). */
void kernel_sync(struct kernel *k, const struct prefix *p);
/* mirror_ops.own_route (arg = the struct kernel *). */
void kernel_own_route(void *arg, const struct fib_route *r, bool deleted,
		      bool from_dump);
/* nexthop_notify.fwd_changed: re-install what uses next hop a. */
void kernel_nh_fwd_changed(void *arg, const struct ipaddr *a);

/* Around a dump of okapi's routes (startup, resync). */
void kernel_collect_begin(struct kernel *k);
void kernel_collect_end(struct kernel *k);
/* Initial convergence reached (End-of-RIB from all peers, or timeout). */
void kernel_converged(struct kernel *k);
bool kernel_is_converged(const struct kernel *k);

/* Build batches from the queue and submit them (bounded in flight). */
void kernel_flush(struct kernel *k);
/* Take the writer's finished batches and match every result. */
void kernel_collect(struct kernel *k);
/* Called from the writer thread: wakes the loop (ev_async_send). */
void kernel_wake(void *arg);
/* Nothing queued and nothing in flight. */
bool kernel_idle(const struct kernel *k);
/* Wait (blocking) until nothing is queued or in flight; tests, bench. */
int kernel_drain(struct kernel *k, int timeout_ms);

/*
 * Clean exit: without retain, delete okapi's routes, synchronously,
 * within budget_ms; what does not fit in the budget stays (logged; the
 * next start reconciles it).  Returns the number left behind.
 */
size_t kernel_shutdown(struct kernel *k, unsigned budget_ms);

/* Did the kernel refuse p (status 'r')? */
bool kernel_route_failed(const struct kernel *k, const struct prefix *p);
void kernel_stats(const struct kernel *k, struct kernel_stats *st);

#endif
