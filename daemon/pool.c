/*
 * pool.c: fixed-size object pools (see pool.h).  Objects are carved from
 * a chunk by bumping a pointer, so untouched chunk memory is never
 * faulted in; freed objects go on a singly linked free list threaded
 * through their first word and are reused first.
 */
#include <stdint.h>
#include <stdlib.h>

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
