/*
 * out.c: the text a command handler produces (struct vty_out).  A growing
 * buffer of '\n'-terminated lines plus the resume state of a chunked
 * handler.  Out of memory is remembered and reported once by the caller
 * instead of aborting the daemon.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vty_int.h"

void vty_out_init(struct vty_out *out)
{
	memset(out, 0, sizeof(*out));
}

void vty_out_reset(struct vty_out *out)
{
	out->len = 0;
	out->lines = 0;
	if (out->buf)
		out->buf[0] = '\0';
}

void vty_out_free(struct vty_out *out)
{
	if (out->state && out->state_free)
		out->state_free(out->state);
	free(out->buf);
	vty_out_init(out);
}

static int out_reserve(struct vty_out *out, size_t more)
{
	size_t need = out->len + more + 1;
	size_t cap = out->cap ? out->cap : 1024;
	char *p;

	if (need <= out->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	p = realloc(out->buf, cap);
	if (!p) {
		out->nomem = true;
		return -1;
	}
	out->buf = p;
	out->cap = cap;
	return 0;
}

static void out_count(struct vty_out *out, const char *s, size_t n)
{
	const char *end = s + n;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		out->lines++;
		s++;
	}
}

static void out_append(struct vty_out *out, const char *s, size_t n)
{
	if (out_reserve(out, n) < 0)
		return;
	memcpy(out->buf + out->len, s, n);
	out_count(out, out->buf + out->len, n);
	out->len += n;
	out->buf[out->len] = '\0';
}

void vty_out_puts(struct vty_out *out, const char *s)
{
	out_append(out, s, strlen(s));
}

void vty_out_printf(struct vty_out *out, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out_append(out, small, (size_t)n);
		return;
	}
	if (out_reserve(out, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(out->buf + out->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_count(out, out->buf + out->len, (size_t)n);
	out->len += (size_t)n;
}

unsigned vty_out_lines(const struct vty_out *out)
{
	return out->lines;
}

void *vty_out_state(struct vty_out *out)
{
	return out->state;
}

void vty_out_set_state(struct vty_out *out, void *state,
		       void (*free_fn)(void *))
{
	out->state = state;
	out->state_free = free_fn;
}
