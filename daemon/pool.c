/*
 * pool.c: fixed-size object pools (see pool.h).  Objects are carved from
 * a chunk by bumping a pointer, so untouched chunk memory is never
 * faulted in; freed objects go on a singly linked free list threaded
 * through their first word and are reused first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

#define POOL_CHUNK_BYTES (64 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define POOL_PER_OBJECT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_PER_OBJECT 1
#endif
#endif

struct pool_chunk {
	struct pool_chunk *next;
	uint64_t pad;			/* keeps objects 16-byte aligned */
};

void pool_init(struct pool *p, size_t size)
{
	if (size < sizeof(void *))
		size = sizeof(void *);
	p->size = (size + 7) & ~(size_t)7;
	p->free = NULL;
	p->bump = p->bump_end = NULL;
	p->chunks = NULL;
	p->inuse = 0;
	p->nchunks = 0;
}

#ifdef POOL_PER_OBJECT
void *pool_alloc(struct pool *p)
{
	void *o = malloc(p->size);

	if (o)
		p->inuse++;
	return o;
}

void pool_free(struct pool *p, void *obj)
{
	if (!obj)
		return;
	p->inuse--;
	free(obj);
}

void pool_destroy(struct pool *p)
{
	/* Objects still live are leaks of the owner: ASan reports them. */
	p->inuse = 0;
}

size_t pool_bytes(const struct pool *p)
{
	return p->inuse * p->size;
}
#else
static int pool_grow(struct pool *p)
{
	struct pool_chunk *c = malloc(POOL_CHUNK_BYTES);

	if (!c)
		return -1;
	c->next = p->chunks;
	p->chunks = c;
	p->nchunks++;
	p->bump = (char *)(c + 1);
	p->bump_end = (char *)c + POOL_CHUNK_BYTES;
	return 0;
}

void *pool_alloc(struct pool *p)
{
	void *o;

	if (p->free) {
		o = p->free;
		p->free = *(void **)o;
	} else {
		if ((size_t)(p->bump_end - p->bump) < p->size &&
		    pool_grow(p) < 0)
			return NULL;
		o = p->bump;
		p->bump += p->size;
	}
	p->inuse++;
	return o;
}

void pool_free(struct pool *p, void *obj)
{
	if (!obj)
		return;
	*(void **)obj = p->free;
	p->free = obj;
	p->inuse--;
}

void pool_destroy(struct pool *p)
{
	struct pool_chunk *c, *next;

	for (c = p->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	pool_init(p, p->size);
}

size_t pool_bytes(const struct pool *p)
{
	return p->nchunks * POOL_CHUNK_BYTES;
}
#endif

size_t pool_inuse_bytes(const struct pool *p)
{
	return p->inuse * p->size;
}

/*
 * Index pools.  Chunks of 1 << shift objects, about 64 KiB; a chunk
 * table maps index - 1 to (chunk, slot).  Under AddressSanitizer every
 * object is a chunk of its own, freed on ipool_free, so a use after free
 * is still caught.
 */
void ipool_init(struct ipool *p, size_t size, size_t align)
{
	memset(p, 0, sizeof(*p));
	if (size < sizeof(uint32_t))
		size = sizeof(uint32_t);
	p->size = (size + align - 1) / align * align;
#ifndef POOL_PER_OBJECT
	while (((size_t)1 << (p->shift + 1)) * p->size <= POOL_CHUNK_BYTES)
		p->shift++;
#endif
	p->next = 1;
}

static int ipool_grow(struct ipool *p)
{
	char **v, *c;
	size_t cap;

	if (p->nchunks == p->chunk_cap) {
		cap = p->chunk_cap ? p->chunk_cap * 2 : 64;
		v = realloc(p->chunk, cap * sizeof(*v));
		if (!v)
			return -1;
		p->chunk = v;
		p->chunk_cap = cap;
	}
	c = malloc(p->size << p->shift);
	if (!c)
		return -1;
	p->chunk[p->nchunks++] = c;
	return 0;
}

uint32_t ipool_alloc(struct ipool *p, void **obj)
{
	uint32_t idx;

	if (p->free) {
		idx = p->free;
		*obj = ipool_at(p, idx);
#ifdef POOL_PER_OBJECT
		p->free = 0;	/* (never used: freed chunks are released) */
#else
		memcpy(&p->free, *obj, sizeof(p->free));
#endif
	} else {
		if (p->next == UINT32_MAX)
			return 0;
		if (((p->next - 1) >> p->shift) >= p->nchunks &&
		    ipool_grow(p) < 0)
			return 0;
		idx = p->next++;
		*obj = ipool_at(p, idx);
	}
	p->inuse++;
	return idx;
}

void ipool_free(struct ipool *p, uint32_t idx)
{
	if (!idx)
		return;
	p->inuse--;
#ifdef POOL_PER_OBJECT
	free(p->chunk[idx - 1]);
	p->chunk[idx - 1] = NULL;
#else
	memcpy(ipool_at(p, idx), &p->free, sizeof(p->free));
	p->free = idx;
#endif
}

void ipool_destroy(struct ipool *p)
{
	size_t i, size = p->size;

	for (i = 0; i < p->nchunks; i++)
		free(p->chunk[i]);
	free(p->chunk);
	ipool_init(p, size, 1);
}

size_t ipool_bytes(const struct ipool *p)
{
	return p->nchunks * (p->size << p->shift);
}

size_t ipool_inuse_bytes(const struct ipool *p)
{
	return p->inuse * p->size;
}
