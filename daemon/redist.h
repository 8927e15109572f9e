/*
 * redist.h: `redistribute connected|static|kernel [route-map M]
 * [metric N]` for IPv4 and IPv6.  The kernel module reports the routes
 * okapi did not install (fibsys_set_route_watch / fibsys_walk_routes,
 * here abstracted as a feed so that tests can drive it); this module
 * keeps the ones of the kinds some `redistribute` line asks for, and
 * tells its owner (the RDE) per prefix whether to originate it, of which
 * kind and with which kernel metric, or to withdraw it.
 *
 * Kinds, as Quagga's zebra saw them:
 *   connected: the interface routes: protocol kernel, unicast, IPv4
 *              scope link; IPv6 except fe80::/64; not flagged linkdown
 *              (zebra withdrew connected routes of a down interface).
 *   static:    protocol static or boot (`ip route add`): what an operator
 *              added by hand, the nearest thing to zebra's statics.
 *   kernel:    every other unicast route okapi did not install, including
 *              static and boot ones (Quagga's zebra filed all of them as
 *              kernel routes), except ICMP redirects and BGP's own.
 * When one prefix has several such routes (other metrics or tables), the
 * one with the lowest metric among the kinds asked for counts.
 *
 * Memory: nothing is kept while no `redistribute` is configured; then
 * only the routes of the kinds asked for (a trie entry per prefix and a
 * small record per kernel route).
 */
#ifndef OKAPI_REDIST_H
#define OKAPI_REDIST_H

#include <stdbool.h>
#include <stdint.h>

#include "af.h"
#include "prefix.h"

struct fib_route;
struct bgp_conf;

enum redist_kind {
	REDIST_CONNECTED = 0,
	REDIST_STATIC,
	REDIST_KERNEL,
	REDIST_KINDS
};

/* "connected", "static", "kernel". */
const char *redist_kind_name(enum redist_kind k);

/* The route source: fibsys_set_route_watch / fibsys_walk_routes. */
typedef void (*redist_route_fn)(void *arg, const struct fib_route *r,
				bool deleted);
struct redist_feed {
	void (*watch)(void *feed_arg, redist_route_fn fn, void *arg);
	void (*walk)(void *feed_arg, redist_route_fn fn, void *arg);
	void *arg;
};

/* What the owner hears. */
struct redist_ops {
	/* Originate p (again: settings may have changed): the route of
	 * kind k with kernel metric metric. */
	void (*announce)(void *arg, enum bgp_af af, const struct prefix *p,
			 enum redist_kind k, uint32_t metric);
	void (*withdraw)(void *arg, enum bgp_af af, const struct prefix *p);
	void *arg;
};

struct redist;

/* feed may be NULL (no kernel module): nothing is ever redistributed. */
struct redist *redist_new(const struct redist_feed *feed,
			  const struct redist_ops *ops);
/* The feed is going away (the kernel module is freed first at exit):
 * stop listening; what was originated stays. */
void redist_detach(struct redist *rd);
/* Frees everything without calling the ops. */
void redist_free(struct redist *rd);
/*
 * The kinds asked for per family (bc NULL: none).  Applied by
 * difference: prefixes of kinds no longer asked for are withdrawn, those
 * of new kinds announced; every announced prefix is announced again
 * (its route-map or metric may have changed; the owner's RIB ignores
 * what did not change).
 */
void redist_apply(struct redist *rd, const struct bgp_conf *bc);
/* The feed's callback (exposed for tests). */
void redist_route(void *arg, const struct fib_route *r, bool deleted);
/* Which kind a kernel route is (-1: none of them) and whether it is
 * also of kind `kernel`. */
int redist_classify(const struct fib_route *r);
/* Prefixes announced now in af. */
size_t redist_count(const struct redist *rd, enum bgp_af af);

#endif
