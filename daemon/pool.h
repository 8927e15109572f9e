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

#endif
