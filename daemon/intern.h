/*
 * intern.h: the hash set behind every interned object (attribute sets
 * and their rare fields, AS paths, community lists).
 *
 * An interned object starts with struct intern_hdr (reference count and
 * hash).  A slot is one 64-bit word: the object's address in the low 48
 * bits and 16 more bits of its hash on top, so a probe costs one cache
 * miss (a lookup in a table of a million sets is memory-bound) and
 * touches the object only when those bits match; 8 bytes a slot instead
 * of 12 with a separate hash array.  Open addressing with linear
 * probing, power-of-two size, grown at 50% load, deletion by backward
 * shift (no tombstones), so a table that churns forever never degrades.
 * Sized by growth: a full feed reaches about 150k AS paths and 350-500k
 * attribute sets (performance.md 2.4), i.e. 2^19 and 2^20 slots, 8 bytes
 * each.  Assumes user-space addresses below 2^48 (x86-64 and arm64
 * Linux); intern_insert() checks it.
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
	uint64_t *slot;	/* tag << 48 | address; 0: empty */
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
