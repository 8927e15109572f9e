/*
 * attr_intern.c: decoding and interning at full-feed scale.  Decodes
 * N UPDATEs (3 IPv4 prefixes each) whose attribute sets are all
 * distinct (MED varies) over 150k distinct AS paths, half of them with
 * two communities, as a full feed has (performance.md 2.4: ~150k paths,
 * 350-500k sets); keeps every set referenced, then reports the time per
 * UPDATE, the table sizes and the memory per set; then decodes the same
 * UPDATEs again (all hits, the steady state of a re-announced table) and
 * releases everything.
 *
 *   bench/attr_intern [N]        (default 400000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "update.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * 4;
}

static void put32(uint8_t **p, uint32_t v)
{
	(*p)[0] = (uint8_t)(v >> 24);
	(*p)[1] = (uint8_t)(v >> 16);
	(*p)[2] = (uint8_t)(v >> 8);
	(*p)[3] = (uint8_t)v;
	*p += 4;
}

/* Body of UPDATE i. */
static size_t make_update(uint8_t *body, unsigned i)
{
	uint8_t *a = body + 4, *start = a;
	size_t alen;
	int k;

	memcpy(a, "\x40\x01\x01\x00\x40\x02\x12\x02\x04", 9);
	a += 9;
	put32(&a, 65001);
	put32(&a, 3356);
	put32(&a, 1000 + i % 150000);
	put32(&a, 64512);
	memcpy(a, "\x40\x03\x04\xc0\x00\x02\x02\x80\x04\x04", 10);
	a += 10;
	put32(&a, i);
	if (i & 1) {
		memcpy(a, "\xc0\x08\x08\xfd\xe9\x00\x01\xfd\xe9\x00\x02", 11);
		a += 11;
	}
	alen = (size_t)(a - start);
	body[0] = body[1] = 0;
	body[2] = (uint8_t)(alen >> 8);
	body[3] = (uint8_t)alen;
	for (k = 0; k < 3; k++) {
		*a++ = 24;
		*a++ = (uint8_t)(10 + k);
		*a++ = (uint8_t)(i >> 8);
		*a++ = (uint8_t)i;
	}
	return (size_t)(a - body);
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 400000, i;
	struct attr_dec_ctx c = { .peer = "bench", .local_as = 65000,
				  .peer_as = 65001, .as4 = true };
	struct attr **keep = calloc(n, sizeof(*keep));
	struct update u;
	uint8_t body[256];
	long r0 = rss_kb();
	double t0, t1;

	if (!keep)
		return 1;
	c.af[BGP_AF_IPV4] = c.af[BGP_AF_IPV6] = true;
	update_init(&u);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (update_decode(&u, body, make_update(body, i), &c) !=
		    ATTR_OK)
			return 1;
		keep[i] = attr_ref(u.attr[BGP_AF_IPV4]);
	}
	t1 = now();
	printf("new sets: %u UPDATEs in %.3f s, %.2f us each\n", n, t1 - t0,
	       (t1 - t0) / n * 1e6);
	printf("sets %zu (table %zu slots), AS paths %zu (table %zu slots), "
	       "community lists %zu\n",
	       attr_count(), attr_table_slots(), aspath_count(),
	       aspath_table_slots(), community_count());
	printf("RSS growth %ld kB, %.0f bytes per set (sets, paths, tables)\n",
	       rss_kb() - r0, (double)(rss_kb() - r0) * 1024.0 / n);
	t0 = now();
	for (i = 0; i < n; i++)
		if (update_decode(&u, body, make_update(body, i), &c) !=
		    ATTR_OK || u.attr[BGP_AF_IPV4] != keep[i])
			return 1;
	t1 = now();
	printf("known sets: %u UPDATEs in %.3f s, %.2f us each\n", n, t1 - t0,
	       (t1 - t0) / n * 1e6);
	update_fini(&u);
	for (i = 0; i < n; i++)
		attr_unref(keep[i]);
	free(keep);
	printf("released: %zu sets, %zu paths left\n", attr_count(),
	       aspath_count());
	return attr_count() || aspath_count() ? 1 : 0;
}
