/*
 * mirror.h: okapi's copy of the kernel state that next hops are judged
 * against: links (ifindex, name, flags, operstate), addresses (the
 * connected networks of each interface) and the routes okapi did not
 * install, in one prefix trie per family.  Filled from the initial dump
 * and kept current from the RTNLGRP_LINK/IFADDR/ROUTE events.
 *
 * Okapi's own routes (protocol 186 in okapi's table) are never stored:
 * a BGP next hop must not resolve through a BGP route (RFC 4271
 * 9.1.2.1).  Their echoes (nlmsg_pid = okapi's command socket) are
 * dropped; every other message about them (the kernel deleting them on
 * carrier loss, a dump) goes to the own_route callback, for kernel.c.
 *
 * Only the main table and okapi's table are mirrored: the local table
 * holds local/broadcast routes, never a next hop.
 */
#ifndef OKAPI_MIRROR_H
#define OKAPI_MIRROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlmsg.h"
#include "prefix.h"

struct nlmsghdr;
struct mirror;

enum mirror_chg_kind {
	MIRROR_CHG_LINK,	/* link ifindex appeared, changed state, went */
	MIRROR_CHG_ADDR,	/* connected network prefix on ifindex */
	MIRROR_CHG_ROUTE,	/* a non-okapi route for prefix */
};

struct mirror_change {
	enum mirror_chg_kind kind;
	uint32_t ifindex;	/* LINK, ADDR */
	struct prefix prefix;	/* ADDR, ROUTE */
};

struct mirror_ops {
	/* Something a next hop may depend on changed. */
	void (*changed)(void *arg, const struct mirror_change *c);
	/* One of okapi's routes seen in a dump (from_dump) or changed by
	 * someone else than okapi (the kernel, `ip route`). */
	void (*own_route)(void *arg, const struct fib_route *r, bool deleted,
			  bool from_dump);
	void *arg;
};

struct mirror_link {
	uint32_t ifindex;
	char name[16];
	uint32_t flags;		/* IFF_* */
	uint8_t operstate;	/* IF_OPER_* */
	uint8_t gen;		/* resync generation last seen in */
};

/* The route that resolves an address. */
struct mirror_match {
	struct prefix dst;
	uint32_t table, metric;
	uint8_t protocol;
	struct fib_nexthop nh;	/* the first usable next hop of the route */
};

struct mirror_stats {
	size_t links, addrs, routes[2];	/* [0] IPv4, [1] IPv6 */
	size_t own_seen;		/* okapi routes seen (not stored) */
	size_t echoes;			/* our own echoes dropped */
	size_t bad;			/* malformed messages ignored */
};

/* own_table: okapi's kernel table (254 = main). */
struct mirror *mirror_new(const struct mirror_ops *ops, uint32_t own_table);
void mirror_free(struct mirror *m);
/* The portid of okapi's command socket: events it caused are echoes. */
void mirror_set_own_pid(struct mirror *m, uint32_t pid);
uint32_t mirror_own_table(const struct mirror *m);

/* A message from the event socket (echoes dropped) or from a dump. */
int mirror_apply_event(struct mirror *m, const struct nlmsghdr *nlh);
int mirror_apply_dump(struct mirror *m, const struct nlmsghdr *nlh);

/* Apply already parsed values (tests, and the two functions above). */
void mirror_link_update(struct mirror *m, const struct fib_link *l);
void mirror_addr_update(struct mirror *m, const struct fib_addr *a);
void mirror_route_update(struct mirror *m, const struct fib_route *r,
			 bool deleted, bool from_dump);

/*
 * Resync after lost events (ENOBUFS): begin, apply a full dump of links,
 * addresses and routes, end: what the dump did not show is removed, with
 * the change reports that implies.
 */
void mirror_resync_begin(struct mirror *m);
void mirror_resync_end(struct mirror *m);

/*
 * The route watch: fn hears of every stored route (not okapi's) that
 * was added or changed (deleted false, the new value) or went (deleted
 * true, the last value: a delete event, the silent IPv4 flush of a
 * downed interface, a link removed, a resync sweep), after the mirror
 * was updated.  For `redistribute` (fibsys_set_route_watch).
 */
typedef void (*mirror_route_fn)(void *arg, const struct fib_route *r,
				bool deleted);
void mirror_set_route_watch(struct mirror *m, mirror_route_fn fn, void *arg);

/* Queries. */
const struct mirror_link *mirror_link_get(const struct mirror *m,
					  uint32_t ifindex);
/* Up, running, with carrier (IFF_UP, IFF_RUNNING, IFF_LOWER_UP) and an
 * operstate of up or unknown (loopback, dummy). */
bool mirror_link_usable(const struct mirror *m, uint32_t ifindex);
/*
 * The longest-matching usable route for a: unicast, not okapi's, with a
 * next hop that is not linkdown/dead and whose interface is usable; a
 * prefix whose routes are all unusable is skipped for a shorter one.  The
 * default route counts only if allow_default.  0 if found, -1 if not.
 */
int mirror_lookup(const struct mirror *m, const struct ipaddr *a,
		  bool allow_default, struct mirror_match *out);
/* Is a on a connected network (an address of a usable interface)?  The
 * interface in *ifindex (may be NULL).  Our own addresses do not count. */
bool mirror_onlink(const struct mirror *m, const struct ipaddr *a,
		   uint32_t *ifindex);
/* Every stored route, in table order per family (IPv4 first). */
int mirror_walk_routes(const struct mirror *m,
		       int (*fn)(const struct fib_route *r, void *arg),
		       void *arg);
void mirror_stats(const struct mirror *m, struct mirror_stats *st);

#endif
