/*
 * wbuf.c: the growable message builder declared in rbuf.h.  Errors are
 * sticky: after the first failure every call is a no-op and wbuf_ok()
 * reports false, so builders check once at the end.
 */
#include <stdint.h>
#include <stdlib.h>

#include "rbuf.h"

void wbuf_init(struct wbuf *w, size_t max)
{
	w->buf = NULL;
	w->len = 0;
	w->cap = 0;
	w->max = max;
	w->err = false;
}

void wbuf_free(struct wbuf *w)
{
	free(w->buf);
	wbuf_init(w, w->max);
}

void wbuf_reset(struct wbuf *w)
{
	w->len = 0;
	w->err = false;
}

size_t wbuf_reserve(struct wbuf *w, size_t n)
{
	size_t off = w->len;

	if (w->err)
		return SIZE_MAX;
	if (n > SIZE_MAX / 2 - w->len || (w->max && w->len + n > w->max)) {
		w->err = true;
		return SIZE_MAX;
	}
	if (w->len + n > w->cap) {
		size_t ncap = w->cap ? w->cap : 64;
		uint8_t *nb;

		while (ncap < w->len + n)
			ncap *= 2;
		nb = realloc(w->buf, ncap);
		if (!nb) {
			w->err = true;
			return SIZE_MAX;
		}
		w->buf = nb;
		w->cap = ncap;
	}
	w->len += n;
	return off;
}

void wbuf_put(struct wbuf *w, const void *p, size_t n)
{
	size_t off = wbuf_reserve(w, n);

	if (off != SIZE_MAX && n)
		memcpy(w->buf + off, p, n);
}

void wbuf_u8(struct wbuf *w, uint8_t v)
{
	wbuf_put(w, &v, 1);
}

void wbuf_u16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	wbuf_put(w, b, 2);
}

void wbuf_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	wbuf_put(w, b, 4);
}

void wbuf_set_u8(struct wbuf *w, size_t off, uint8_t v)
{
	if (w->err || off + 1 > w->len) {
		w->err = true;
		return;
	}
	w->buf[off] = v;
}

void wbuf_set_u16(struct wbuf *w, size_t off, uint16_t v)
{
	if (w->err || off + 2 > w->len) {
		w->err = true;
		return;
	}
	w->buf[off] = (uint8_t)(v >> 8);
	w->buf[off + 1] = (uint8_t)v;
}
