/*
 * adjin.h: the Adj-RIB-In of one peer in one family, as received
 * (RFC 4271 3.2: "unprocessed routing information ... advertised to
 * the local BGP speaker by its peers"), kept only for a neighbor with
 * `soft-reconfiguration inbound`, so that a changed inbound policy can
 * be re-applied without asking the peer again.
 *
 * Memory: a prefix costs its trie node and one pointer to the interned
 * attribute set the RIB shares (24 bytes IPv4, 40 IPv6, plus branch
 * nodes); no per-entry copy of anything.  Without the option nothing
 * is allocated at all.
 */
#ifndef OKAPI_ADJIN_H
#define OKAPI_ADJIN_H

#include <stdbool.h>
#include <stddef.h>

#include "af.h"
#include "prefix.h"
#include "trie.h"

struct attr;

struct adjin {
	struct trie t;
	bool on;	/* adjin_init done; false: nothing stored */
};

void adjin_init(struct adjin *a, enum bgp_af af);
/* Drop every entry and its reference; the table is off afterwards. */
void adjin_fini(struct adjin *a);
/* Store p with attr (one new reference taken), replacing an earlier
 * one.  0, or -1 when out of memory (the old entry is then gone). */
int adjin_set(struct adjin *a, const struct prefix *p, struct attr *attr);
/* Forget p (nothing if absent). */
void adjin_del(struct adjin *a, const struct prefix *p);
size_t adjin_count(const struct adjin *a);
/*
 * Every entry in table order.  fn must not change the table; its
 * non-zero return stops the walk and is returned.
 */
int adjin_walk(struct adjin *a,
	       int (*fn)(const struct prefix *p, struct attr *attr, void *arg),
	       void *arg);
/* Bytes in use (entries and branch nodes). */
size_t adjin_bytes(const struct adjin *a);

#endif
