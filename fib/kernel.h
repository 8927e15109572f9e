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
 * in batches by the event loop and pushed by the writer thread; with
 * kernel_set_nhid (below) every route refers to a nexthop object.
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
	size_t nh_objects;		/* nexthop objects made */
	uint64_t nh_lost;		/* ours removed by the kernel/others */
	uint64_t plain;			/* routes installed without object */
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

/*
 * Nexthop objects (Linux 5.3+; off until kernel_set_nhid(k, true)):
 * every route goes in with RTA_NH_ID of an object for its forwarding
 * (gateway + interface; a group for a multipath set), made on first use
 * in the same batch, before the route.  Why: a clean exit deletes the
 * handful of objects and the kernel removes every route using them in
 * one walk (a full table in about a second, against 11 s one delete
 * each), and installing is faster (performance.md 2.1).
 *
 * The price (issue 4): when an interface goes down or loses carrier, or
 * an admin deletes an object, the kernel deletes our objects on it and
 * every route using them, and says nothing about the IPv4 ones.  The
 * caller reports those events (kernel_link_gone, kernel_nhobj); the
 * objects are marked gone (made again on next use) and the caller
 * resyncs: the dump shows which routes are missing and the reconcile
 * puts back every one that still has a best path (before the initial
 * convergence too), while the RIB moves the best paths away from the
 * dead interface as it does anyway.
 *
 * Ids are okapi's range (KNH_ID_BASE up, avoiding every id of the last
 * dump); objects of protocol 186 found at start belong to an earlier
 * instance: kept until the initial convergence (its routes keep
 * forwarding), then deleted if routes in our table used them.
 */
void kernel_set_nhid(struct kernel *k, bool on);
bool kernel_nhid(const struct kernel *k);
/* Interface ifindex is down, without carrier, or gone: true if objects
 * of ours were on it (the caller must resync). */
bool kernel_link_gone(struct kernel *k, uint32_t ifindex);
/* A nexthop object message: from a dump between kernel_collect_begin
 * and _end (then kernel_nhobj_dump_done once that dump is complete), or
 * an event that is not our echo: true if one of ours was deleted (the
 * caller must resync). */
bool kernel_nhobj(struct kernel *k, const struct fib_nhobj *o, bool from_dump);
void kernel_nhobj_dump_done(struct kernel *k);

/*
 * Asynchronous exit (the daemon): when kernel_shutdown has nothing but
 * nexthop objects to delete, it hands them to the writer thread and
 * returns at once; the kernel removes the routes on the other core
 * while the daemon frees its tables.  kernel_exit_pending says the
 * deletion is still in flight: stop the writer (fibw_stop waits for it)
 * before freeing.  kernel_detach_loop stops the loop watchers early.
 */
void kernel_set_async_exit(struct kernel *k, bool on);
bool kernel_exit_pending(const struct kernel *k);
void kernel_detach_loop(struct kernel *k);

/* Did the kernel refuse p (status 'r')? */
bool kernel_route_failed(const struct kernel *k, const struct prefix *p);
void kernel_stats(const struct kernel *k, struct kernel_stats *st);

#endif
