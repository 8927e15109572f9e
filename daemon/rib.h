/*
 * rib.h: the routing tables.  Per address family a trie of prefix
 * entries; each entry holds its paths (one per source that announced the
 * prefix: peers after import policy, and local origination), the best
 * path and the multipath set marked on them.  Selection is re-run for
 * one prefix at a time, when one of its paths changes or when the next
 * hop of one of its paths changes; every change of the best path or the
 * multipath set is reported to the owner's callback, which is where the
 * advertisement and FIB modules will hook in.
 *
 * Memory (design target, performance.md 5): one full IPv4+IPv6 feed in
 * 200 MB with its attributes, each extra path at most 100 bytes.  So an
 * entry is its trie node plus one pointer (24 bytes IPv4, 40 IPv6), a
 * path is 40 bytes from a pool, and the path list of a prefix ends in a
 * tagged pointer back to the entry instead of a per-path back pointer.
 * Measured with bench/rib_mem on the 1.06M prefixes of
 * fulltable-prefixes-2024: 91.7 bytes a prefix with its first path
 * (0.83 branch nodes a prefix, 10 bytes of exact-match index), 40 bytes
 * each further path.
 *
 * Ownership: rib_update() takes over one reference to the attribute set;
 * the RIB drops it (ops.attr_unref) when the path is replaced or removed.
 */
#ifndef OKAPI_RIB_H
#define OKAPI_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "decide.h"
#include "pool.h"
#include "prefix.h"
#include "trie.h"

struct attr;

/* A source of paths: a peer, or local origination.  Filled by the
 * daemon; registered once with rib_src_register(). */
struct rib_src {
	struct decide_src d;	/* address, router id, AS, type */
	uint16_t id;		/* set by rib_src_register */
	/* route-reflector-client (RFC 4456), bit 1 << af, as configured
	 * when the session came up (a change resets the session): the
	 * reflection rules of the advertisement module read it. */
	uint8_t rr_client;
	uint32_t npaths;	/* paths in the RIB from this source */
	void *owner;		/* the daemon's peer, opaque here */
};

#define RIB_SRC_MAX 65535

/* Path flags (show: '*' valid, '>' best, '=' multipath, 'S', 'r', 'h'). */
#define RIB_PF_BEST 0x0001
#define RIB_PF_MPATH 0x0002
#define RIB_PF_STALE 0x0004
#define RIB_PF_RIB_FAILURE 0x0008
#define RIB_PF_HISTORY 0x0010
#define RIB_PF_REMOVED 0x0020

/* A next hop as the next-hop/kernel module reports it. */
struct rib_nh_state {
	bool reachable;
	uint32_t metric;	/* IGP cost, 0 if none */
	int ifindex;		/* 0 if unknown */
};

/* A next hop the RIB tracks: shared by all paths that use it. */
struct rib_nh {
	struct rib_nh *hnext;		/* hash chain */
	uint32_t paths;			/* index of the first path using it */
	uint32_t npaths;
	uint32_t id;			/* index in rib.nhv, never 0 */
	struct rib_nh_state st;
	struct ipaddr addr;
};

/*
 * 40 bytes: the next hop and the links of its list of paths are 32-bit
 * indices, not 8-byte pointers (a path with a next hop lives in an index
 * pool; a local one, on no such list, in a plain pool).
 */
struct rib_path {
	struct rib_path *next;		/* list of the prefix; see rib.c */
	struct attr *attr;		/* one reference held */
	uint32_t nh_next, nh_prev;	/* paths of one next hop, 0: none */
	uint32_t nh;			/* index of struct rib_nh, 0: local */
	uint32_t weight;
	uint32_t time;			/* monotonic seconds, last change */
	uint16_t src;			/* index of struct rib_src */
	uint16_t flags;			/* RIB_PF_* */
};

struct rib_entry {
	struct rib_path *paths;		/* most recently added first */
	struct trie_node node;		/* last: IPv6 key words follow */
};

/* What changed for one prefix (RIB_CHG_*). */
#define RIB_CHG_BEST 0x01	/* another path (or none) is best */
#define RIB_CHG_ATTR 0x02	/* same best path, new attributes */
#define RIB_CHG_MPATH 0x04	/* the multipath set changed */

/*
 * Pointers are valid during the callback only: old_best may be a path
 * being removed.  new_best NULL: the prefix has no best path any more.
 * The callback must not modify the RIB.
 */
struct rib_change {
	enum bgp_af af;
	const struct prefix *prefix;
	const struct rib_path *old_best, *new_best;
	const struct attr *old_attr;	/* old best's attributes */
	unsigned what;			/* RIB_CHG_* */
};

/*
 * The narrow interface to the next-hop module: resolve() gives the
 * state of a next hop when the first path using it arrives (later
 * changes come through rib_nh_changed()); release() says the RIB no
 * longer needs it.  Either may be NULL: resolve NULL treats every next
 * hop as reachable with metric 0 (until the kernel module exists).
 */
struct rib_nh_ops {
	void (*resolve)(void *arg, const struct ipaddr *addr,
			struct rib_nh_state *st);
	void (*release)(void *arg, const struct ipaddr *addr);
	void *arg;
};

struct rib_ops {
	struct rib_nh_ops nh;
	/* Drop one reference to an attribute set (attr_unref). */
	void (*attr_unref)(struct attr *a);
	void (*change)(void *arg, const struct rib_change *c);
	void *change_arg;
	/* Seconds for rib_path.time; NULL: CLOCK_MONOTONIC. */
	uint32_t (*now)(void);
};

struct rib_table {
	struct trie trie;		/* owns the entries */
	size_t npaths;
};

struct rib {
	struct rib_table t[BGP_AF_MAX];
	struct ipool paths;		/* paths with a next hop */
	struct pool lpaths;		/* local paths (no next hop) */
	struct pool nhs;
	struct rib_nh **nh_hash;
	size_t nh_slots, nnh;
	struct rib_nh **nhv;		/* by id; [0] unused */
	uint32_t *nh_freeids;		/* ids to reuse */
	size_t nhv_len, nhv_cap, nh_nfree;
	struct rib_src **src;		/* by id */
	size_t nsrc_slots;
	struct decide_cfg cfg[BGP_AF_MAX];
	struct rib_ops ops;
	struct decide_path *scratch;	/* one selection's candidates */
	size_t nscratch;
};

struct rib_stats {
	size_t prefixes[BGP_AF_MAX];
	size_t nodes[BGP_AF_MAX];	/* prefixes + branch nodes: Quagga's
					 * "RIB entries" (route_node count) */
	size_t paths[BGP_AF_MAX];
	size_t nexthops;
	size_t bytes;		/* entries, glue, paths, next hops in use */
	size_t bytes_alloc;	/* taken from the system for them */
};

int rib_init(struct rib *r, const struct rib_ops *ops);
/* Free everything (attributes released, no change reported). */
void rib_destroy(struct rib *r);
/* New decision knobs: re-runs selection everywhere, reporting changes. */
void rib_set_cfg(struct rib *r, enum bgp_af af, const struct decide_cfg *c);

/* Give s an id; -1 when RIB_SRC_MAX sources exist. */
int rib_src_register(struct rib *r, struct rib_src *s);
/* Forget s; its paths must be gone (rib_src_down). */
void rib_src_unregister(struct rib *r, struct rib_src *s);
struct rib_src *rib_src_get(const struct rib *r, uint16_t id);
static inline bool rib_src_rr_client(const struct rib_src *s, enum bgp_af af)
{
	return (s->rr_client >> af) & 1u;
}

/*
 * Add or replace the path of s for p.  a: one reference, taken over
 * (dropped at once if nothing changes or on failure).  nh: the next hop
 * to resolve (NULL for local origination: always usable).  0 on success,
 * -1 when out of memory (a new path is then absent, a replaced one keeps
 * its previous attributes).
 */
int rib_update(struct rib *r, enum bgp_af af, const struct prefix *p,
	       struct rib_src *s, struct attr *a, const struct ipaddr *nh,
	       uint32_t weight);
/* Remove the path of s for p: 0, or -1 if there was none. */
int rib_withdraw(struct rib *r, enum bgp_af af, const struct prefix *p,
		 struct rib_src *s);
/* Remove every path of s (session down); returns how many. */
size_t rib_src_down(struct rib *r, struct rib_src *s);
/*
 * Graceful restart (RFC 4724 4.2): when the session of a restarting peer
 * goes down, its paths are kept but marked stale (they lose at step 13
 * of the decision); a re-announcement clears the mark; at End-of-RIB or
 * when the stale timer fires the paths still stale are flushed.  Both
 * return how many paths they touched.
 */
size_t rib_src_mark_stale(struct rib *r, struct rib_src *s);
size_t rib_src_flush_stale(struct rib *r, struct rib_src *s);

/*
 * The same removals in slices, so that a full table does not block the
 * event loop: rib_flush_step() visits at most budget prefixes and
 * returns true when the walk is complete.  The walk is a cursor, so
 * updates from other sources may come in between; paths that s itself
 * announces meanwhile may or may not be removed (keep the session down
 * until the flush is over).
 */
struct rib_flush {
	struct rib_src *s;
	bool stale_only;
	int af;
	struct trie_cursor c;
	size_t removed;
};
void rib_flush_init(struct rib_flush *f, struct rib_src *s, bool stale_only);
bool rib_flush_step(struct rib *r, struct rib_flush *f, size_t budget);

/* The next-hop module's report: re-runs selection where addr is used. */
void rib_nh_changed(struct rib *r, const struct ipaddr *addr,
		    const struct rib_nh_state *st);

/* Queries (for the vty, the advertisement module and tests). */
struct rib_entry *rib_lookup(struct rib *r, enum bgp_af af,
			     const struct prefix *p);
struct rib_entry *rib_match(struct rib *r, enum bgp_af af,
			    const struct prefix *p);
/* Walk in table order; survives changes between calls. */
struct rib_entry *rib_cursor_next(struct rib *r, enum bgp_af af,
				  struct trie_cursor *c);
void rib_entry_prefix(const struct rib *r, enum bgp_af af,
		      const struct rib_entry *e, struct prefix *out);
static inline const struct rib_path *rib_path_first(const struct rib_entry *e)
{
	return e->paths;
}
const struct rib_path *rib_path_next(const struct rib_path *p);
const struct rib_path *rib_best(const struct rib_entry *e);
/* Valid for show's '*': next hop usable and not history/removed. */
bool rib_path_valid(const struct rib *r, const struct rib_path *p);
uint32_t rib_path_igp_metric(const struct rib *r, const struct rib_path *p);
/* The next hop of a path, NULL for a local one. */
const struct rib_nh *rib_path_nh(const struct rib *r, const struct rib_path *p);

void rib_stats(const struct rib *r, struct rib_stats *st);

#endif
