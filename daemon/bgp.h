/*
 * bgp.h: the BGP instance: the set of peers, the listening sockets, and
 * applying a configuration (at start and on SIGHUP) by the difference
 * between the running one and the new one.
 *
 * It is also where other modules subscribe to session events: the
 * bgp_peer_established / bgp_peer_down / bgp_update_received hooks are
 * called by peer.c and are the single place where the RIB will plug in.
 */
#ifndef OKAPI_BGP_H
#define OKAPI_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "msg.h"
#include "prefix.h"
#include "session.h"

struct ev_loop;
struct config;
struct peer;
struct rde;

struct bgp_opts {
	uint16_t port;		 /* listen port; 0 = do not listen */
	const char *listen_addr; /* -l; NULL = all addresses */
	bool no_kernel;		 /* -n: install nothing */
	struct fibsys *fib;	 /* kernel next hops and FIB; NULL = none */
};

struct bgp;

struct bgp *bgp_new(struct ev_loop *loop, const struct bgp_opts *o);
/*
 * Make c the running configuration (bgp takes ownership of it; the
 * previous one is freed).  Neighbors removed get Cease 6/3 and are
 * deleted, new ones start, changed ones are reconfigured (peer.h).
 * Opens the listeners the first time a "router bgp" appears.
 */
void bgp_apply(struct bgp *b, struct config *c);
/* SIGTERM: Cease 6/3 to every open session, "Neighbor deleted", close
 * listeners.  The loop has nothing left to do afterwards. */
void bgp_shutdown(struct bgp *b);
void bgp_free(struct bgp *b);

struct ev_loop *bgp_loop(const struct bgp *b);
/* The route decision engine and its RIB (rde.h). */
struct rde *bgp_rde(const struct bgp *b);
const struct config *bgp_config(const struct bgp *b);
uint32_t bgp_router_id(const struct bgp *b); /* host order */
int bgp_listener_count(const struct bgp *b);
/* The port actually bound (useful with port 0 in tests: not listening
 * returns 0). */
uint16_t bgp_listen_port(const struct bgp *b);

/* Read-only iteration for the vty and tests. */
struct peer *bgp_peer_first(const struct bgp *b);
struct peer *bgp_peer_next(const struct peer *p);
struct peer *bgp_peer_find(const struct bgp *b, const struct ipaddr *a);

/* ---- event hooks, called by peer.c ---------------------------------- */
/* The session reached Established: the RDE registers it as a source
 * of paths and the table is dumped to it, ending with End-of-RIB. */
void bgp_peer_established(struct peer *p);
void bgp_peer_down(struct peer *p, enum session_reset why);
/* An UPDATE body (framing checked).  Nonzero = reset with *err. */
int bgp_update_received(struct peer *p, const uint8_t *body, size_t len,
			struct bgp_err *err);
void bgp_refresh_received(struct peer *p, uint16_t afi, uint8_t safi);

/* ---- initial convergence (issue 4) ---------------------------------- */
/*
 * When is the RIB complete enough after a start that routes an earlier
 * instance left in the kernel can be reconciled (fibsys_converged)?
 * When every configured neighbor that is not shut down either sent
 * End-of-RIB (RFC 4724 2) for every family negotiated with it, or is
 * still not Established once the grace period is over (a peer that is
 * down must not hold the kernel's old routes forever).  main.c keeps a
 * timeout as the fallback for peers that never send End-of-RIB.
 */
#define BGP_CONVERGE_GRACE 10.0		/* seconds for sessions to come up */
#define BGP_CONVERGE_TIMEOUT 60.0	/* unless select-defer-time is set */

struct bgp_conv_nbr {
	bool shutdown;		/* neighbor X shutdown: not waited for */
	bool established;
	bool nego[BGP_AF_MAX];
	bool eor[BGP_AF_MAX];	/* End-of-RIB received */
};

/* The predicate on n neighbors, elapsed seconds after start; *waiting
 * (may be NULL) gets how many neighbors hold it back. */
bool bgp_conv_done(const struct bgp_conv_nbr *v, size_t n, double elapsed,
		   double grace, unsigned *waiting);
/* The same on the instance's peers. */
bool bgp_converged(const struct bgp *b, double elapsed, unsigned *waiting);
/* The fallback: `bgp graceful-restart select-defer-time` if set, else
 * BGP_CONVERGE_TIMEOUT. */
double bgp_converge_timeout(const struct bgp *b);

/* Pick a router id as zebra does: the highest IPv4 address of a
 * loopback-type interface other than 127/8, else the highest IPv4
 * address anywhere, else 127.0.0.1... host order; 0 if none at all. */
uint32_t bgp_auto_router_id(void);

#endif
