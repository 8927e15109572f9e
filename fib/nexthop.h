/*
 * nexthop.h: next-hop tracking against the kernel mirror.  Implements
 * the RIB's struct rib_nh_ops (resolve/release) and reports later
 * changes of a tracked next hop through a callback (in the daemon:
 * rib_nh_changed(), see nexthop_notify_rib).
 *
 * A next hop is reachable when the longest match for it among the
 * kernel routes okapi did not install is usable (mirror_lookup: unicast,
 * not linkdown/dead, interface up and running with carrier); the default
 * route counts only with `ip nht resolve-via-default`.  Its IGP metric
 * is the metric (RTA_PRIORITY) of that kernel route: this is how Quagga
 * learned it from zebra, where an OSPF/IS-IS route's cost became the
 * kernel route's metric.  Connected networks have metric 0 in IPv4 and
 * 256 in IPv6 (the kernel's default for device routes).
 *
 * Re-evaluation: every mirror change marks the tracked next hops it may
 * affect (a route or address covering them; a link they use, or any
 * unreachable one when a link changes); a one-shot timer started by the
 * first change of a burst (NEXTHOP_DEBOUNCE_MS, never pushed back by
 * later changes) re-resolves the marked ones, so a kernel notification
 * is reflected within NEXTHOP_DEBOUNCE_MS plus the processing time.
 */
#ifndef OKAPI_NEXTHOP_H
#define OKAPI_NEXTHOP_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>

#include "mirror.h"
#include "rib.h"

#define NEXTHOP_DEBOUNCE_MS 20

struct nexthop;

struct nexthop_cfg {
	bool resolve_via_default;	/* ip nht resolve-via-default */
};

struct nexthop_notify {
	/* Reachability, metric or interface of a tracked next hop changed. */
	void (*changed)(void *arg, const struct ipaddr *a,
			const struct rib_nh_state *st);
	/* How a tracked next hop that stays reachable is forwarded
	 * (gateway or interface of nexthop_fwd) changed. */
	void (*fwd_changed)(void *arg, const struct ipaddr *a);
	void *arg;
};

/* Adapter for notify.changed with arg = the struct rib *. */
void nexthop_notify_rib(void *rib, const struct ipaddr *a,
			const struct rib_nh_state *st);

struct nexthop *nexthop_new(struct ev_loop *loop, struct mirror *m,
			    const struct nexthop_cfg *cfg,
			    const struct nexthop_notify *n);
void nexthop_free(struct nexthop *nh);
/* New config: every tracked next hop is re-evaluated now. */
void nexthop_set_cfg(struct nexthop *nh, const struct nexthop_cfg *cfg);

/* Fill the RIB's interface (resolve, release, arg). */
void nexthop_rib_ops(struct nexthop *nh, struct rib_nh_ops *ops);
/* The rib_nh_ops functions; arg is the struct nexthop *. */
void nexthop_resolve(void *arg, const struct ipaddr *a, struct rib_nh_state *st);
void nexthop_release(void *arg, const struct ipaddr *a);

/* Hook for the mirror's ops.changed (arg = the struct nexthop *). */
void nexthop_mirror_changed(void *arg, const struct mirror_change *c);
/* Re-evaluate every tracked next hop now (after a resync). */
void nexthop_reevaluate_all(struct nexthop *nh);
/* Run a pending debounced re-evaluation now (tests, shutdown). */
void nexthop_run_pending(struct nexthop *nh);

/* Resolution without tracking (show commands, tests). */
void nexthop_lookup(const struct nexthop *nh, const struct ipaddr *a,
		    struct rib_nh_state *st);
/*
 * How to forward to a: the gateway and interface to install.  A next hop
 * on a connected network is its own gateway; otherwise the gateway of
 * the route that resolves it (one level: kernel gateways are on-link).
 * 0, or -1 if a is not reachable.
 */
int nexthop_fwd(const struct nexthop *nh, const struct ipaddr *a,
		struct fib_nexthop *out);
/*
 * A directly connected eBGP peer's next hop must be on a connected
 * network (Quagga's bgp_nexthop_onlink): true if a is inside a connected
 * network of a usable interface, which goes in *ifindex (may be NULL).
 */
bool nexthop_onlink(const struct nexthop *nh, const struct ipaddr *a,
		    uint32_t *ifindex);

struct nexthop_stats {
	size_t tracked, reachable;
	size_t runs;		/* debounced re-evaluations */
	size_t notified;	/* changes reported */
};
void nexthop_stats(const struct nexthop *nh, struct nexthop_stats *st);

#endif
