/*
 * fibsys.h: the kernel side of okapi assembled: the three netlink
 * sockets, the mirror, next-hop tracking, the writer thread and FIB
 * installation, on the daemon's event loop.  This is what main.c wires
 * in; each part stays usable (and tested) on its own.
 *
 * Order of use (the RIB needs the next-hop ops before it exists, and
 * FIB installation needs the RIB):
 *	fs = fibsys_new(loop, &cfg);		initial dump, mirror filled
 *	fibsys_rib_ops(fs, &ops.nh);		rib_ops.nh
 *	ops.change = ...;			call fibsys_rib_change() in it
 *	rib_init(&rib, &ops);
 *	fibsys_attach_rib(fs, &rib);		starts tracking and installing
 *	...					fibsys_converged(fs) after
 *						End-of-RIB from all peers or
 *						a timeout
 *	fibsys_shutdown(fs, 1500);		on SIGTERM, before the RIB
 *	fibsys_free(fs);			goes
 *
 * fibsys_shutdown leaves the notification groups and (with nexthop
 * objects, the default) hands the deletion of the objects to the writer
 * thread without waiting: the kernel drops every route of ours on the
 * other core while the daemon frees its tables.  If that is still going
 * on when fibsys_free is called, the rest of fibsys_free waits for it in
 * an atexit() handler, so the process ends when both are done (a full
 * table: about a second of kernel time, performance.md).  Nothing may
 * use fs after fibsys_free either way.
 */
#ifndef OKAPI_FIBSYS_H
#define OKAPI_FIBSYS_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"
#include "mirror.h"
#include "nexthop.h"
#include "rib.h"

struct fibsys;

struct fibsys_cfg {
	uint32_t table;			/* config kernel_table, 0: main */
	bool no_install;		/* -n */
	bool retain;			/* -r */
	bool resolve_via_default;	/* ip nht resolve-via-default */
	unsigned event_rcvbuf;		/* 0: NL_RCVBUF_EVENTS */
	bool plain_routes;		/* no nexthop objects (kernel.h);
					 * also env OKAPI_FIB_PLAIN=1 */
};

#define FIBSYS_RESYNC_MIN_MS 100
#define FIBSYS_RESYNC_MAX_MS 5000

struct fibsys_stats {
	uint64_t events, overruns, resyncs, resync_failures;
};

/* NULL on failure (sockets, thread, initial dump), logged. */
struct fibsys *fibsys_new(struct ev_loop *loop, const struct fibsys_cfg *cfg);
void fibsys_rib_ops(struct fibsys *fs, struct rib_nh_ops *ops);
/* For the RIB's change callback (arg = fs). */
void fibsys_rib_change(void *arg, const struct rib_change *c);
void fibsys_attach_rib(struct fibsys *fs, struct rib *rib);
void fibsys_converged(struct fibsys *fs);
/* Config reload: resolve-via-default (table changes need a restart). */
void fibsys_set_resolve_via_default(struct fibsys *fs, bool on);
/* Re-dump and reconcile now, synchronously (ENOBUFS triggers the same
 * asynchronously); -1 with EBUSY while an asynchronous one runs. */
int fibsys_resync(struct fibsys *fs);
size_t fibsys_shutdown(struct fibsys *fs, unsigned budget_ms);
void fibsys_free(struct fibsys *fs);

/* The parts, for show commands and tests. */
struct mirror *fibsys_mirror(struct fibsys *fs);
struct nexthop *fibsys_nexthop(struct fibsys *fs);
struct kernel *fibsys_kernel(struct fibsys *fs);
void fibsys_stats(const struct fibsys *fs, struct fibsys_stats *st);
/* Hook for the nexthop notify (tests and tools watch changes). */
void fibsys_set_nh_watch(struct fibsys *fs,
			 void (*fn)(void *arg, const struct ipaddr *a,
				    const struct rib_nh_state *st),
			 void *arg);


/*
 * Kernel routes okapi did not install, for redistribution: fn is called
 * for every such route now being added/changed (deleted=false) or gone
 * (deleted=true), from the loop thread, after the mirror was updated;
 * fibsys_walk_routes calls fn(deleted=false) for every current one.
 * r->protocol tells kernel (RTPROT_KERNEL: connected), static
 * (RTPROT_STATIC / RTPROT_BOOT) and others.
 *
 * Which routes: those of the main table and of okapi's table (`table
 * N`), any type (unicast, blackhole, unreachable, ...), except okapi's
 * own (protocol 186 in okapi's table).  The kernel keys a route by
 * (table, prefix, tos, metric): one prefix may come several times with
 * different metrics (or tables), each added and deleted on its own.  A
 * changed route is reported once with its new value (no delete first).
 * After lost events (ENOBUFS) the resync reports what changed meanwhile,
 * so a watcher stays exact without ever walking again.  fn NULL stops
 * the watch.
 */
void fibsys_set_route_watch(struct fibsys *fs,
	void (*fn)(void *arg, const struct fib_route *r, bool deleted),
	void *arg);
void fibsys_walk_routes(struct fibsys *fs,
	void (*fn)(void *arg, const struct fib_route *r, bool deleted),
	void *arg);

#endif
