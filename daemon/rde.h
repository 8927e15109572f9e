/*
 * rde.h: the route decision engine glue.  It owns the daemon's one
 * struct rib and connects the sessions to it: a decoded UPDATE becomes
 * rib_update / rib_withdraw calls (after loop detection, inbound policy
 * and maximum-prefix), a session going down removes its paths, `network`
 * statements become locally originated paths, and every change of a best
 * path is handed on to the advertisement module (and, later, the FIB)
 * from the RIB's change callback.
 *
 * The session engine never touches the RIB (ARCHITECTURE.md): bgp.c's
 * hooks call the functions below and nothing else.  A peer's state in
 * the RDE is a struct rde_peer, created when its session reaches
 * Established and detached when it goes down; it outlives the struct
 * peer while its paths are being flushed in slices.
 */
#ifndef OKAPI_RDE_H
#define OKAPI_RDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "msg.h"
#include "prefix.h"

struct ev_loop;
struct config;
struct nbr_conf;
struct peer;
struct rib;
struct rib_src;
struct attr;
struct rde;
struct rde_peer;

/* What the RDE needs to know about an Established session. */
struct rde_peer_desc {
	struct ipaddr addr;	/* the neighbor's configured address */
	uint32_t remote_as;
	uint32_t remote_id;	/* BGP identifier from its OPEN, host order */
	uint32_t local_v4;	/* our IPv4 address on the session, 0: none */
	bool as4;		/* four-octet AS negotiated (RFC 6793) */
	bool af[BGP_AF_MAX];	/* families negotiated */
	bool rr_client;		/* route-reflector-client in any family */
	bool refresh;		/* it advertised route refresh (RFC 2918) */
	/* Per-neighbor settings (weight, allowas-in, maximum-prefix,
	 * policy names); NULL: none.  For a real peer the RDE re-reads
	 * peer_conf() instead, which follows reloads. */
	const struct nbr_conf *n;
};

/* Per peer, per family counters (show bgp summary / neighbors). */
struct rde_peer_stats {
	uint32_t accepted[BGP_AF_MAX];	/* paths in the RIB now */
	uint32_t received[BGP_AF_MAX];	/* announcements, cumulative */
	uint32_t denied[BGP_AF_MAX];	/* loops and inbound policy */
	uint32_t withdrawn[BGP_AF_MAX];	/* withdrawals, cumulative */
	uint32_t treat_as_withdraw;	/* UPDATEs under RFC 7606 */
	bool eor[BGP_AF_MAX];		/* End-of-RIB received */
};

struct fibsys;
/*
 * fib (may be NULL): the kernel module, which resolves next hops for the
 * RIB and installs its best paths.  Without it every next hop counts as
 * reachable and nothing is installed.
 */
struct rde *rde_new(struct ev_loop *loop, struct fibsys *fib);
/* Stop feeding the kernel module (before it is freed at exit). */
void rde_fib_detach(struct rde *r);
/* Frees the RIB (no change reported) and every rde_peer. */
void rde_free(struct rde *r);

/*
 * The running configuration changed (c stays valid until the next
 * call; NULL: no "router bgp" any more).  Applies the decision knobs
 * (rib_set_cfg, only when they changed), the router id used for loop
 * detection, and `network` origination by difference.
 */
void rde_apply(struct rde *r, const struct config *c, uint32_t router_id);

/* Session events.  p may be NULL (unit tests): nothing is sent then. */
struct rde_peer *rde_peer_up(struct rde *r, struct peer *p,
			     const struct rde_peer_desc *d);
/* Remove the peer's paths (at once when few, else in slices from an
 * ev_idle) and forget it; rp must not be used afterwards. */
void rde_peer_down(struct rde *r, struct rde_peer *rp);
/*
 * One UPDATE body.  0, or -1 with *err the NOTIFICATION to send
 * (RFC 7606 session reset, or Cease 6/1 for maximum-prefix); err->data
 * may point into body or into rp, valid until the next call.
 */
int rde_update(struct rde *r, struct rde_peer *rp, const uint8_t *body,
	       size_t len, struct bgp_err *err);
void rde_refresh(struct rde *r, struct rde_peer *rp, uint16_t afi,
		 uint8_t safi);
/*
 * The neighbor's configuration was rebound (reload) while Established:
 * `soft-reconfiguration inbound` switched on starts storing its
 * Adj-RIB-In (and asks the peer for its routes again with ROUTE-REFRESH
 * when it can, to fill it, as Quagga's peer_change_reset_in); switched
 * off frees the store.  n: the new settings of a peer without a
 * session (unit tests, as rde_peer_desc.n); a real peer re-reads
 * peer_conf().
 */
void rde_peer_reconfigured(struct rde *r, struct rde_peer *rp,
			   const struct nbr_conf *n);

/*
 * `neighbor X soft-reconfiguration inbound`: the stored Adj-RIB-In of rp
 * in af, as received (before inbound policy), in table order; -1 if
 * nothing is stored (the neighbor has no soft-reconfiguration inbound).
 * fn's non-zero return stops the walk and is returned.
 */
int rde_adj_in_walk(struct rde *r, struct rde_peer *rp, enum bgp_af af,
		    int (*fn)(const struct prefix *pfx,
			      const struct attr *attr, void *arg),
		    void *arg);
/* Prefixes stored for rp in af (0 when nothing is stored). */
size_t rde_adj_in_count(const struct rde_peer *rp, enum bgp_af af);
/*
 * `clear ... soft in`: re-run inbound policy over the stored Adj-RIB-In,
 * or else send ROUTE-REFRESH for af (RFC 2918) if the peer advertised
 * the capability.  0, or -1 with *why a one-line reason for the vty.
 */
int rde_soft_in(struct rde *r, struct rde_peer *rp, enum bgp_af af,
		const char **why);
/*
 * After a reload, once rde_apply ran and the peers were rebound to the
 * new config (old: the previous one, still valid): every Established
 * peer and family whose policy changed is re-examined (issue 10, as
 * Quagga/FRR's soft reconfiguration), comparing old and new.  Inbound
 * (route-map, prefix-list, filter-list in, weight, allowas-in, loop
 * detection knobs) -> rde_soft_in; outbound (the same out, next-hop-self,
 * send-community, route-reflector-client) -> adv_reevaluate.  A change
 * to any named list counts for every peer that refers to any policy in
 * that direction.
 */
void rde_policy_reload(struct rde *r, const struct config *old);
/* How ROUTE-REFRESH goes out (default: peer_send_refresh on rp's
 * session); unit tests put a double here.  0 = sent. */
typedef int (*rde_refresh_fn)(void *arg, struct rde_peer *rp,
			      enum bgp_af af);
void rde_set_refresh_fn(struct rde *r, rde_refresh_fn fn, void *arg);
/* Is a on a connected network (default: nexthop_onlink of the kernel
 * module; without one, always)?  Unit tests put a double here. */
typedef bool (*rde_onlink_fn)(void *arg, const struct ipaddr *a);
void rde_set_onlink_fn(struct rde *r, rde_onlink_fn fn, void *arg);

/*
 * `redistribute`: where kernel routes come from (default: the kernel
 * module given to rde_new; none without one).  Unit tests give a fake
 * feed; the current config is applied to it at once.
 */
struct redist_feed;
struct redist;
void rde_set_redist_feed(struct rde *r, const struct redist_feed *feed);
struct redist *rde_redist(struct rde *r);

/* Queries (vty, tests). */
struct rib *rde_rib(struct rde *r);
uint32_t rde_router_id(const struct rde *r);
uint32_t rde_local_as(const struct rde *r);
const struct rde_peer_stats *rde_peer_stats(const struct rde_peer *rp);
struct rib_src *rde_peer_src(struct rde_peer *rp);
/* Peers whose paths are still being flushed. */
size_t rde_flushing(const struct rde *r);
/* Run pending flushes to the end now (tests, shutdown). */
void rde_flush_all(struct rde *r);

/* The instance the vty's show commands read; the first created one
 * until it is freed. */
struct rde *rde_current(void);

#endif
