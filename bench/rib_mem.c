/*
 * rib_mem.c: memory and speed of the RIB on a full table (not a test).
 *
 * Loads the 902k IPv4 + 160k IPv6 prefixes of
 * shared/data/fulltable-prefixes-2024.txt.gz (one prefix per line, read
 * through "gzip -dc") into the RIB with one path each, all sharing one
 * dummy attribute set, then a second and a third path per prefix from
 * two more peers, and prints the RSS growth per prefix and per extra
 * path, the RIB's own byte count, and insert, lookup, longest-match,
 * withdraw and peer-down rates.  Attribute memory is not included: one
 * shared set stands for the 350-500k interned sets of a real feed.
 *
 * usage: rib_mem [FILE.txt.gz]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "rib.h"

#define DEFAULT_FILE "/work/shared/data/fulltable-prefixes-2024.txt.gz"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static struct prefix *load(const char *file, size_t *n4, size_t *n6)
{
	char cmd[1024], line[128];
	struct prefix *v = NULL;
	size_t n = 0, cap = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "gzip -dc '%s'", file);
	f = popen(cmd, "r");
	if (!f)
		return NULL;
	*n4 = *n6 = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				exit(1);
		}
		if (prefix_parse(line, &v[n], NULL) < 0)
			continue;
		if (v[n].af == AF_INET)
			(*n4)++;
		else
			(*n6)++;
		n++;
	}
	pclose(f);
	return v;
}

static unsigned long changes;

static void on_change(void *arg, const struct rib_change *c)
{
	(void)arg;
	(void)c;
	changes++;
}

static enum bgp_af af_of(const struct prefix *p)
{
	return p->af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;
}

static void add_all(struct rib *r, const struct prefix *v, size_t n,
		    struct rib_src *s, struct attr *a, const struct ipaddr *nh4,
		    const struct ipaddr *nh6)
{
	size_t i;

	for (i = 0; i < n; i++) {
		a->h.refcnt++;
		if (rib_update(r, af_of(&v[i]), &v[i], s, a,
			       v[i].af == AF_INET ? nh4 : nh6, 0) < 0) {
			fprintf(stderr, "rib_update failed\n");
			exit(1);
		}
	}
}

static void unref(struct attr *a)
{
	a->h.refcnt--;
}

static void report_phase(const char *what, double t, size_t n, long kb0,
			 long kb1, const struct rib *r)
{
	struct rib_stats st;

	rib_stats(r, &st);
	printf("%-28s %8.3f s %9.0f /s  RSS +%7.1f MB = %6.1f B/item  "
	       "RIB bytes %7.1f MB (alloc %7.1f MB)\n",
	       what, t, (double)n / t, (double)(kb1 - kb0) / 1024,
	       (double)(kb1 - kb0) * 1024 / (double)n,
	       (double)st.bytes / 1048576, (double)st.bytes_alloc / 1048576);
}

int main(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : DEFAULT_FILE;
	static struct aspath empty;
	static struct attr attr;
	struct rib_ops ops = { .attr_unref = unref, .change = on_change };
	struct rib_src src[3];
	struct ipaddr nh4[3], nh6[3];
	struct rib_stats st;
	struct rib r;
	size_t n4, n6, n, i, hits;
	struct prefix *v = load(file, &n4, &n6), q;
	long kb0, kb1, kb2, kb3;
	double t;
	int k;

	if (!v) {
		fprintf(stderr, "cannot read %s\n", file);
		return 1;
	}
	n = n4 + n6;
	printf("%zu prefixes (%zu IPv4, %zu IPv6) from %s\n", n, n4, n6, file);
	printf("sizeof: rib_entry %zu (+%zu for IPv6), rib_path %zu, "
	       "trie glue %zu / %zu\n",
	       sizeof(struct rib_entry), trie_node_extra(AF_INET6),
	       sizeof(struct rib_path), sizeof(struct trie_node),
	       sizeof(struct trie_node) + trie_node_extra(AF_INET6));
	attr.h.refcnt = 1;
	attr.aspath = &empty;
	attr.has_local_pref = true;
	attr.local_pref = 100;
	rib_init(&r, &ops);
	for (k = 0; k < 3; k++) {
		char a[64];

		memset(&src[k], 0, sizeof(src[k]));
		snprintf(a, sizeof(a), "192.0.2.%d", k + 1);
		ipaddr_parse(a, &src[k].d.addr);
		ipaddr_parse(a, &nh4[k]);
		snprintf(a, sizeof(a), "2001:db8::%d", k + 1);
		ipaddr_parse(a, &nh6[k]);
		src[k].d.as = 65001 + (uint32_t)k;
		src[k].d.router_id = (uint32_t)k + 1;
		src[k].d.type = DECIDE_SRC_EBGP;
		rib_src_register(&r, &src[k]);
	}

	kb0 = rss_kb();
	t = now_s();
	add_all(&r, v, n, &src[0], &attr, &nh4[0], &nh6[0]);
	t = now_s() - t;
	kb1 = rss_kb();
	report_phase("1st path (per prefix)", t, n, kb0, kb1, &r);
	rib_stats(&r, &st);
	printf("  trie glue nodes: IPv4 %zu (%.2f/prefix), IPv6 %zu (%.2f/prefix)\n",
	       trie_glue_count(&r.t[BGP_AF_IPV4].trie),
	       (double)trie_glue_count(&r.t[BGP_AF_IPV4].trie) / (double)n4,
	       trie_glue_count(&r.t[BGP_AF_IPV6].trie),
	       (double)trie_glue_count(&r.t[BGP_AF_IPV6].trie) / (double)n6);

	t = now_s();
	add_all(&r, v, n, &src[1], &attr, &nh4[1], &nh6[1]);
	t = now_s() - t;
	kb2 = rss_kb();
	report_phase("2nd path (per extra path)", t, n, kb1, kb2, &r);
	t = now_s();
	add_all(&r, v, n, &src[2], &attr, &nh4[2], &nh6[2]);
	t = now_s() - t;
	kb3 = rss_kb();
	report_phase("3rd path (per extra path)", t, n, kb2, kb3, &r);
	printf("RSS total %.1f MB for %zu prefixes x 3 paths (process, incl. "
	       "the %zu MB prefix array of this program)\n",
	       (double)kb3 / 1024, n, n * sizeof(*v) >> 20);

	t = now_s();
	for (i = hits = 0; i < n; i++)
		hits += rib_lookup(&r, af_of(&v[i]), &v[i]) != NULL;
	t = now_s() - t;
	printf("exact lookup (table order): %zu/%zu found, %.0f /s\n", hits, n, (double)n / t);
	t = now_s();
	for (i = hits = 0; i < n; i++) {
		q = v[(i * 7919) % n];
		q.len = (uint8_t)af_maxlen(q.af);
		q.a[af_bytes(q.af) - 1] |= 1;
		hits += rib_match(&r, af_of(&q), &q) != NULL;
	}
	t = now_s() - t;
	printf("longest match (random order): %zu/%zu found, %.0f /s\n", hits,
	       n, (double)n / t);
	t = now_s();
	for (i = hits = 0; i < n; i++)
		hits += rib_lookup(&r, af_of(&v[(i * 7919) % n]),
				   &v[(i * 7919) % n]) != NULL;
	t = now_s() - t;
	printf("exact lookup (random order): %zu/%zu found, %.0f /s\n", hits, n,
	       (double)n / t);
	t = now_s();
	for (i = hits = 0; i < n; i++) {
		q = v[i];
		q.len = (uint8_t)af_maxlen(q.af);
		q.a[af_bytes(q.af) - 1] |= 1;
		hits += rib_match(&r, af_of(&q), &q) != NULL;
	}
	t = now_s() - t;
	printf("longest match (table order): %zu/%zu found, %.0f /s\n", hits, n,
	       (double)n / t);

	t = now_s();
	i = rib_src_down(&r, &src[2]);
	t = now_s() - t;
	printf("peer down (3rd path of every prefix): %zu paths in %.3f s, "
	       "%.0f /s\n", i, t, (double)i / t);
	t = now_s();
	for (i = 0; i < n; i++)
		rib_withdraw(&r, af_of(&v[i]), &v[i], &src[1]);
	t = now_s() - t;
	printf("withdraw (2nd path of every prefix): %.0f /s\n", (double)n / t);
	t = now_s();
	for (i = 0; i < n; i++)
		rib_withdraw(&r, af_of(&v[i]), &v[i], &src[0]);
	t = now_s() - t;
	printf("withdraw (last path, prefix removed): %.0f /s\n", (double)n / t);
	rib_stats(&r, &st);
	printf("after: %zu + %zu prefixes, %zu next hops, %lu changes reported, "
	       "attr refs %u\n", st.prefixes[0], st.prefixes[1], st.nexthops,
	       changes, attr.h.refcnt);
	rib_destroy(&r);
	free(v);
	return st.prefixes[0] + st.prefixes[1] == 0 && attr.h.refcnt == 1 ? 0 : 1;
}
