/*
 * policy.h: evaluation of route-maps, prefix-lists, access-lists,
 * community-lists and as-path access-lists of a parsed config
 * (config.h), as Quagga 1.2's lib/routemap.c, lib/plist.c, lib/filter.c
 * and bgpd/bgp_routemap.c, bgp_clist.c, bgp_filter.c do.
 *
 * Everything is evaluated per route on full tables, so names are resolved
 * once per config (a cache keyed by the config pointer, see
 * policy_config_changed), regular expressions are compiled once per
 * config, and the common path allocates nothing (interning the modified
 * attribute set is the caller's business: attr_intern(r->ab)).
 *
 * c may be NULL (no config yet): then nothing is defined.
 *
 * Undefined names, as Quagga 1.2 does:
 *  - policy_route_map(): a NULL name permits unchanged (no policy); a
 *    named map that is not defined DENIES (route_map_apply(NULL) returns
 *    RMAP_DENYMATCH, bgp_input_modifier/bgp_announce_check deny).
 *  - policy_prefix_list(): NULL name permits; an undefined list DENIES
 *    (Quagga 1.2 lib/plist.c prefix_list_apply(NULL) returns
 *    PREFIX_DENY, and bgp_input_filter/bgp_output_filter look the name
 *    up, so "neighbor X prefix-list NAME in" without the list drops
 *    every route); a defined list with no entries permits.
 *  - policy_access_list(): NULL name permits; an undefined list DENIES
 *    (access_list_apply(NULL) returns FILTER_DENY).
 *  - policy_as_path_list(): NULL name permits; undefined DENIES
 *    (as_list_apply(NULL) returns AS_FILTER_DENY).
 *  - Inside a route-map, a match on an undefined list (access-list,
 *    prefix-list, community-list, as-path list) does NOT match (Quagga's
 *    route_match_* return RMAP_NOMATCH), "call" of an undefined map is
 *    ignored, "set comm-list NAME delete" of an undefined list does
 *    nothing.
 */
#ifndef OKAPI_POLICY_H
#define OKAPI_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "af.h"
#include "attr.h"
#include "config.h"
#include "prefix.h"

enum policy_verdict { POLICY_DENY = 0, POLICY_PERMIT = 1 };

/* What a route-map changed (struct policy_route.set), so that the
 * advertisement module knows what policy set explicitly (e.g. a MED set
 * by policy is passed to another AS, a next hop set by policy is not
 * overwritten by next-hop-self). */
#define POLICY_SET_LOCAL_PREF 0x0001
#define POLICY_SET_MED 0x0002
#define POLICY_SET_WEIGHT 0x0004
#define POLICY_SET_COMMUNITY 0x0008
#define POLICY_SET_LCOMMUNITY 0x0010
#define POLICY_SET_ASPATH 0x0020
#define POLICY_SET_ORIGIN 0x0040
#define POLICY_SET_NEXTHOP 0x0080	/* nh / nh_ll set (incl. peer-address) */
#define POLICY_SET_NH_UNCHANGED 0x0100	/* "set ip next-hop unchanged" */
#define POLICY_SET_ORIGINATOR 0x0200
#define POLICY_SET_OTHER 0x0400		/* atomic-aggregate, aggregator, ... */
#define POLICY_SET_NH_PREFER_GLOBAL 0x0800

/* What a route-map sees and may change. */
struct policy_route {
	enum bgp_af af;			/* family of prefix */
	const struct prefix *prefix;
	struct attr_build *ab;		/* mutable attributes (attr.h) */
	uint32_t weight;		/* in/out: "set weight" */
	/* The neighbor's address ("match peer", "match ip route-source",
	 * inbound "set ip next-hop peer-address"); may be NULL (network,
	 * redistribute). */
	const struct ipaddr *peer;
	/* Our address on the session: outbound "set ip next-hop
	 * peer-address" uses it, as Quagga does; may be NULL. */
	const struct ipaddr *local;
	uint32_t peer_as;
	bool out;			/* applied outbound (to an advertisement) */
	unsigned set;			/* out: POLICY_SET_* of what was set */
};

/*
 * Apply route-map name to r (r->ab is modified only by permitting
 * entries; on DENY it may be partly modified: callers drop it).  NULL
 * name: POLICY_PERMIT, nothing changed.  Undefined map: POLICY_DENY.
 */
enum policy_verdict policy_route_map(const struct config *c, const char *name,
				     struct policy_route *r);

/* ip / ipv6 prefix-list of p's family: first matching entry in sequence
 * order wins, implicit deny; NULL name: permit; undefined: deny. */
enum policy_verdict policy_prefix_list(const struct config *c,
				       const char *name,
				       const struct prefix *p);

/* zebra access-list of p's family ("any", prefix [exact-match]): first
 * match wins, implicit deny; NULL name: permit, undefined: deny. */
enum policy_verdict policy_access_list(const struct config *c,
				       const char *name,
				       const struct prefix *p);

/* ip as-path access-list (neighbor filter-list): regexps over the
 * printed AS path, first match wins, implicit deny; NULL: permit,
 * undefined: deny. */
enum policy_verdict policy_as_path_list(const struct config *c,
					const char *name,
					const struct aspath *path);

/*
 * Names, compiled regexps and indexes are cached for one config at a
 * time, keyed by its pointer (and the heads of its lists).  Call this
 * when a config that was evaluated is about to be freed or replaced (a
 * new config may get the same address); NULL drops everything.  Cheap.
 */
void policy_config_changed(const struct config *c);

#endif
