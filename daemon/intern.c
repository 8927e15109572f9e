/*
 * intern.c: the open-addressing hash set of intern.h and the hash
 * function every interned object uses.
 *
 * Linear probing over a power-of-two table, grown x2 at 50% load, with
 * backward-shift deletion (Knuth 6.4 algorithm R), so lookups never wade
 * through tombstones however long the table churns.  The table never
 * shrinks: a full feed that went away is likely to come back.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "intern.h"
#include "log.h"

#define INTERN_MIN_SLOTS 64

void intern_init(struct intern_tab *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
}

void intern_fini(struct intern_tab *t)
{
	free(t->slot);
	t->slot = NULL;
	t->mask = 0;
	t->count = 0;
}

#define INTERN_ADDR_MASK ((UINT64_C(1) << 48) - 1)

/* The index uses the low bits of the hash, the tag the top 16. */
static inline uint64_t intern_tag(uint32_t hash)
{
	return (uint64_t)(hash >> 16) << 48;
}

static inline struct intern_hdr *intern_obj(uint64_t slot)
{
	return (struct intern_hdr *)(uintptr_t)(slot & INTERN_ADDR_MASK);
}

void *intern_find(const struct intern_tab *t, uint32_t hash,
		  intern_eq_fn eq, const void *key)
{
	uint64_t tag = intern_tag(hash), s;
	size_t i;

	if (!t->mask)
		return NULL;
	for (i = hash & t->mask; (s = t->slot[i]) != 0; i = (i + 1) & t->mask) {
		struct intern_hdr *o;

		if ((s & ~INTERN_ADDR_MASK) != tag)
			continue;
		o = intern_obj(s);
		if (o->hash == hash && eq(o, key))
			return o;
	}
	return NULL;
}

static void intern_place(uint64_t *slot, size_t mask, uint64_t s,
			 uint32_t hash)
{
	size_t i;

	for (i = hash & mask; slot[i]; i = (i + 1) & mask)
		;
	slot[i] = s;
}

static void intern_grow(struct intern_tab *t)
{
	size_t n = t->mask ? (t->mask + 1) * 2 : INTERN_MIN_SLOTS, i;
	uint64_t *slot = calloc(n, sizeof(*slot));

	/* Out of memory while growing a table of live routes: there is no
	 * sane way to continue with a partial RIB. */
	if (!slot)
		fatal("intern: out of memory growing %s to %zu slots",
		      t->name ? t->name : "table", n);
	for (i = 0; t->mask && i <= t->mask; i++)
		if (t->slot[i])
			intern_place(slot, n - 1, t->slot[i],
				     intern_obj(t->slot[i])->hash);
	free(t->slot);
	t->slot = slot;
	t->mask = n - 1;
}

void intern_insert(struct intern_tab *t, struct intern_hdr *o)
{
	if ((uintptr_t)o & ~(uintptr_t)INTERN_ADDR_MASK)
		fatal("intern: address %p above 2^48", (void *)o);
	if (!t->mask || (t->count + 1) * 2 > t->mask + 1)
		intern_grow(t);
	intern_place(t->slot, t->mask,
		     intern_tag(o->hash) | (uint64_t)(uintptr_t)o, o->hash);
	t->count++;
}

void intern_remove(struct intern_tab *t, struct intern_hdr *o)
{
	size_t i, j, home;

	if (!t->mask)
		fatal("intern: remove from empty %s", t->name);
	for (i = o->hash & t->mask; intern_obj(t->slot[i]) != o;
	     i = (i + 1) & t->mask)
		if (!t->slot[i])
			fatal("intern: object not in %s", t->name);
	/* Backward shift: move later members of the cluster into the hole
	 * when their home slot does not lie cyclically in (i, j]. */
	for (j = (i + 1) & t->mask; t->slot[j]; j = (j + 1) & t->mask) {
		home = intern_obj(t->slot[j])->hash & t->mask;
		if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
			t->slot[i] = t->slot[j];
			i = j;
		}
	}
	t->slot[i] = 0;
	t->count--;
}

/* MurmurHash3's 64-bit finaliser: full avalanche in 5 operations. */
static inline uint64_t intern_fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

uint64_t intern_hash_u64(uint64_t v, uint64_t seed)
{
	return intern_fmix(v ^ intern_fmix(seed + 0x9e3779b97f4a7c15ULL));
}

/*
 * 8 bytes per step: multiply-rotate mixing of each word into the state,
 * the length folded in so prefixes of each other differ, and fmix at
 * the end.  About one multiply per 8 bytes; attribute keys are 16-100
 * bytes, so this is a few nanoseconds per set.
 */
uint64_t intern_hash(const void *p, size_t len, uint64_t seed)
{
	const uint8_t *b = p;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL), w;

	while (len >= 8) {
		memcpy(&w, b, 8);
		w *= 0x87c37b91114253d5ULL;
		w = (w << 31) | (w >> 33);
		h ^= w * 0x4cf5ad432745937fULL;
		h = ((h << 27) | (h >> 37)) * 5 + 0x52dce729;
		b += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, b, len);
		w *= 0x87c37b91114253d5ULL;
		w = (w << 31) | (w >> 33);
		h ^= w * 0x4cf5ad432745937fULL;
	}
	return intern_fmix(h);
}

uint64_t intern_hash_seed(void)
{
	static uint64_t seed;
	struct timespec ts;

	if (!seed) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = intern_fmix((uint64_t)ts.tv_nsec ^
				   ((uint64_t)ts.tv_sec << 32) ^
				   ((uint64_t)getpid() << 16)) | 1;
	}
	return seed;
}
