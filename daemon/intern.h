/*
 * intern.h: the hash set behind every interned object (attribute sets,
 * AS paths, community lists, opaque blobs).
 *
 * An interned object starts with struct intern_hdr (reference count and
 * hash).  The table holds pointers plus a parallel array of their 32-bit
 * hashes, so a probe touches the object only when the hash matches.  Open
 * addressing with linear probing, power-of-two size, grown at 50% load
 * and deletion by backward shift (no tombstones), so a table that churns
 * forever never degrades.  Sized by growth: a full feed reaches about
 * 150k AS paths and 350-500k attribute sets (performance.md 2.4), i.e.
 * 2^19 and 2^20 slots, 12 bytes each.
 */
#ifndef OKAPI_INTERN_H
#define OKAPI_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct intern_hdr {
	uint32_t refcnt;
	uint32_t hash;
};

/* Does the interned object obj have the content described by key? */
typedef bool (*intern_eq_fn)(const void *obj, const void *key);

struct intern_tab {
	void **obj;
	uint32_t *hash;
	size_t mask;	/* slots - 1; 0 while empty */
	size_t count;
	const char *name;	/* for "show memory"-style counters */
};

void intern_init(struct intern_tab *t, const char *name);
/* Free the slot arrays (not the objects). */
void intern_fini(struct intern_tab *t);
void *intern_find(const struct intern_tab *t, uint32_t hash,
		  intern_eq_fn eq, const void *key);
/* Insert an object known to be absent.  Aborts only on out-of-memory. */
void intern_insert(struct intern_tab *t, struct intern_hdr *obj);
/* Remove an object that is present. */
void intern_remove(struct intern_tab *t, struct intern_hdr *obj);
static inline size_t intern_count(const struct intern_tab *t)
{
	return t->count;
}
static inline size_t intern_slots(const struct intern_tab *t)
{
	return t->mask ? t->mask + 1 : 0;
}

/*
 * A fast non-cryptographic hash of len bytes, chained through seed
 * (hash several fields by feeding one result into the next).  Peers
 * choose the attribute bytes, so the seed is randomised at start-up
 * (intern_hash_seed) to keep a peer from aiming at one bucket.
 */
uint64_t intern_hash(const void *p, size_t len, uint64_t seed);
uint64_t intern_hash_u64(uint64_t v, uint64_t seed);
uint64_t intern_hash_seed(void);

#endif
