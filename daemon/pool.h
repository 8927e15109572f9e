/*
 * pool.h: fixed-size object pools for the RIB's many small objects (trie
 * nodes, prefix entries, paths).  A pool hands out objects of one size
 * from 64 KiB chunks and keeps freed ones on a free list, so a full
 * table carries no per-object malloc header (16 bytes on glibc, which
 * would be a third of a path).  Chunks are returned only by
 * pool_destroy(): a table that shrank keeps its memory for the next
 * feed, as BIRD's slabs do.
 *
 * Under AddressSanitizer every object is a separate malloc() so that a
 * use after pool_free() is caught.
 */
#ifndef OKAPI_POOL_H
#define OKAPI_POOL_H

#include <stddef.h>
#include <stdint.h>

struct pool_chunk;

struct pool {
	size_t size;			/* object size, multiple of 8 */
	void *free;			/* free list through the objects */
	char *bump, *bump_end;		/* unused tail of the newest chunk */
	struct pool_chunk *chunks;
	size_t inuse;			/* objects handed out */
	size_t nchunks;
};

void pool_init(struct pool *p, size_t size);
/* An uninitialised object, or NULL when out of memory. */
void *pool_alloc(struct pool *p);
void pool_free(struct pool *p, void *obj);
/* Free every chunk (all objects die with them). */
void pool_destroy(struct pool *p);
/* Bytes taken from the system, and bytes in live objects. */
size_t pool_bytes(const struct pool *p);
size_t pool_inuse_bytes(const struct pool *p);

/*
 * An index pool: objects are named by a 32-bit index (never 0) instead
 * of a pointer, so that structures linking millions of them (the trie)
 * spend 4 bytes a link instead of 8.  Objects need only the given
 * alignment (4 for an object of uint32_t fields), not a pointer's.
 */
struct ipool {
	size_t size;			/* object size, multiple of align */
	unsigned shift;			/* objects per chunk = 1 << shift */
	char **chunk;			/* chunk table */
	size_t nchunks, chunk_cap;
	uint32_t next;			/* next never-used index */
	uint32_t free;			/* free list head (index), 0: empty */
	size_t inuse;
};

void ipool_init(struct ipool *p, size_t size, size_t align);
/* A new object's index (0 when out of memory); *obj its address. */
uint32_t ipool_alloc(struct ipool *p, void **obj);
void ipool_free(struct ipool *p, uint32_t idx);
void ipool_destroy(struct ipool *p);
size_t ipool_bytes(const struct ipool *p);
size_t ipool_inuse_bytes(const struct ipool *p);

static inline void *ipool_at(const struct ipool *p, uint32_t idx)
{
	uint32_t i = idx - 1;

	return p->chunk[i >> p->shift] +
	       (size_t)(i & ((1u << p->shift) - 1)) * p->size;
}

#endif
