/*
 * rbuf.h: the bounds-checked cursor through which every byte from the
 * wire is read, and wbuf, the growable builder every message is written
 * with.
 *
 * A reader never indexes a packet directly: it asks the cursor for N
 * bytes and the cursor refuses (returns -1, leaves itself unchanged) when
 * fewer than N remain.  Sub-cursors carve a length-delimited field out of
 * the parent only after the parent has proved the length is there, so a
 * length taken from the wire can never reach past the buffer.
 *
 * A writer appends without checking each call; wbuf remembers the first
 * failure (allocation, or a field that does not fit its length octet) and
 * the builder checks wbuf_ok() once at the end.
 */
#ifndef OKAPI_RBUF_H
#define OKAPI_RBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rbuf {
	const uint8_t *p;
	size_t left;
};

static inline struct rbuf rbuf_make(const uint8_t *p, size_t len)
{
	struct rbuf r = { p, len };
	return r;
}

static inline size_t rbuf_left(const struct rbuf *r) { return r->left; }
static inline const uint8_t *rbuf_ptr(const struct rbuf *r) { return r->p; }

static inline int rbuf_skip(struct rbuf *r, size_t n)
{
	if (r->left < n)
		return -1;
	r->p += n;
	r->left -= n;
	return 0;
}

static inline int rbuf_u8(struct rbuf *r, uint8_t *v)
{
	if (r->left < 1)
		return -1;
	*v = r->p[0];
	r->p++;
	r->left--;
	return 0;
}

static inline int rbuf_u16(struct rbuf *r, uint16_t *v)
{
	if (r->left < 2)
		return -1;
	*v = (uint16_t)((r->p[0] << 8) | r->p[1]);
	r->p += 2;
	r->left -= 2;
	return 0;
}

static inline int rbuf_u32(struct rbuf *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = ((uint32_t)r->p[0] << 24) | ((uint32_t)r->p[1] << 16) |
	     ((uint32_t)r->p[2] << 8) | (uint32_t)r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

/* Copy n bytes out. */
static inline int rbuf_bytes(struct rbuf *r, void *dst, size_t n)
{
	if (r->left < n)
		return -1;
	if (n)
		memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return 0;
}

/* Carve the next n bytes into *sub and advance past them. */
static inline int rbuf_sub(struct rbuf *r, size_t n, struct rbuf *sub)
{
	if (r->left < n)
		return -1;
	sub->p = r->p;
	sub->left = n;
	r->p += n;
	r->left -= n;
	return 0;
}

/* Look at the next byte without consuming it. */
static inline int rbuf_peek_u8(const struct rbuf *r, uint8_t *v)
{
	if (r->left < 1)
		return -1;
	*v = r->p[0];
	return 0;
}

struct wbuf {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t max;	/* hard limit (e.g. 4096 for a BGP message); 0 = none */
	bool err;
};

void wbuf_init(struct wbuf *w, size_t max);
void wbuf_free(struct wbuf *w);
void wbuf_reset(struct wbuf *w);
/* Reserve n bytes at the end; returns their offset, or SIZE_MAX on error. */
size_t wbuf_reserve(struct wbuf *w, size_t n);
void wbuf_put(struct wbuf *w, const void *p, size_t n);
void wbuf_u8(struct wbuf *w, uint8_t v);
void wbuf_u16(struct wbuf *w, uint16_t v);
void wbuf_u32(struct wbuf *w, uint32_t v);
/* Overwrite a previously reserved field. */
void wbuf_set_u8(struct wbuf *w, size_t off, uint8_t v);
void wbuf_set_u16(struct wbuf *w, size_t off, uint16_t v);
static inline bool wbuf_ok(const struct wbuf *w) { return !w->err; }

#endif
