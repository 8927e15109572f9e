/*
 * hex_util.h: test helper: hex text ("40 01 01 00", spaces ignored)
 * to bytes.  Aborts the test on malformed text (a bug in the test).
 */
#ifndef OKAPI_TEST_HEX_UTIL_H
#define OKAPI_TEST_HEX_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Returns the byte count. */
static inline size_t hex2bin(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t')
			continue;
		v = hexval(*s);
		if (v < 0 || (hi < 0 && n >= cap)) {
			fprintf(stderr, "hex2bin: bad text at '%s'\n", s);
			abort();
		}
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		fprintf(stderr, "hex2bin: odd digit count\n");
		abort();
	}
	return n;
}

#endif
