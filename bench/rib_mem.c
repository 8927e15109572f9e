/*
 * rib_mem.c: memory and speed of the RIB on a full table (a benchmark
 * run by hand, not a test).
 *
 * Loads the 902k IPv4 + 160k IPv6 prefixes of
 * shared/data/fulltable-prefixes-2024.txt.gz (one prefix per line, read
 * through "gzip -dc") into the RIB with one path each, then a second and
 * a third path per prefix from two more peers, and prints the RSS growth
 * per prefix and per extra path, the RIB's own byte count, and insert,
 * lookup, longest-match, withdraw and peer-down rates.
 *
 * Default: every path points to one shared dummy attribute set, so the
 * figures are the RIB's alone.  With -a, real interned attribute sets
 * are built as a full feed has them (performance.md 2.4: 150k AS paths
 * of mean length 4.4, 400k attribute sets, half of them with
 * communities), and each further peer gets its own 400k sets (same AS
 * paths and communities, its own next hop), so "per extra path"
 * includes that peer's attribute sets, as the BIRD/FRR figures do.
 *
 * usage: rib_mem [-a] [FILE.txt.gz]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "rib.h"

#define DEFAULT_FILE "/work/shared/data/fulltable-prefixes-2024.txt.gz"
#define NPEERS 3
#define NASPATH 150000
#define NSETS 400000
#define NCOMM 20000

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

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* ---- attribute sets like a full feed's ---- */

static struct aspath *paths[NASPATH];
static struct community *comms[NCOMM];

static void make_paths_and_comms(void)
{
	uint8_t d[2 + 4 * 16];
	uint32_t c[4];
	size_t i, k, len;

	for (i = 0; i < NASPATH; i++) {
		/* lengths 1..8, mean about 4.4; first AS from a few hundred
		 * neighbours, the rest from 70k. */
		len = 1 + rnd() % 4 + rnd() % 5;
		d[0] = AS_SEQUENCE;
		d[1] = (uint8_t)len;
		for (k = 0; k < len; k++) {
			uint32_t as = k == 0 ? 1 + rnd() % 300 : 1 + rnd() % 70000;

			d[2 + 4 * k] = (uint8_t)(as >> 24);
			d[3 + 4 * k] = (uint8_t)(as >> 16);
			d[4 + 4 * k] = (uint8_t)(as >> 8);
			d[5 + 4 * k] = (uint8_t)as;
		}
		paths[i] = aspath_intern(d, 2 + 4 * len);
	}
	for (i = 0; i < NCOMM; i++) {
		len = 1 + rnd() % 4;
		for (k = 0; k < len; k++)
			c[k] = ((1 + rnd() % 3000) << 16) | (rnd() % 1000);
		for (k = 1; k < len; k++)	/* sorted, unique */
			if (c[k] <= c[k - 1])
				c[k] = c[k - 1] + 1;
		comms[i] = community_intern(c, len);
	}
}

/* NSETS interned sets for one peer (next hop 192.0.2.<peer+1>). */
static struct attr **make_sets(int peer)
{
	struct attr **v = malloc(NSETS * sizeof(*v));
	struct attr_build b;
	size_t i;

	for (i = 0; v && i < NSETS; i++) {
		attr_build_init(&b);
		attr_build_set_aspath(&b, paths[i % NASPATH]);
		if (i % 2)
			attr_build_set_comm(&b, comms[(i / 2) % NCOMM]);
		b.origin = i % 7 ? ORIGIN_IGP : ORIGIN_INCOMPLETE;
		b.has_med = i >= NASPATH;
		b.med = (uint32_t)(i / NASPATH) * 10;
		b.nh_af = AF_INET;
		b.nh[0] = 192, b.nh[1] = 0, b.nh[2] = 2;
		b.nh[3] = (uint8_t)(peer + 1);
		v[i] = attr_intern(&b);
		attr_build_clear(&b);
		if (!v[i])
			exit(1);
	}
	return v;
}

static void free_sets(struct attr **v)
{
	size_t i;

	for (i = 0; v && i < NSETS; i++)
		attr_unref(v[i]);
	free(v);
}

/* ---- the run ---- */

static unsigned long changes;

static void on_change(void *arg, const struct rib_change *c)
{
	(void)arg;
	(void)c;
	changes++;
}

static void dummy_unref(struct attr *a)
{
	a->h.refcnt--;
}

static enum bgp_af af_of(const struct prefix *p)
{
	return p->af == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;
}

struct run {
	struct rib r;
	struct rib_src src[NPEERS];
	struct ipaddr nh4[NPEERS], nh6[NPEERS];
	struct prefix *v;
	size_t n, n4, n6;
	bool real;
	struct attr dummy;
	struct aspath empty;
};

/*
 * Peers 1 and 3 send in table order (as FRR and okapi do); peer 2 in a
 * scrambled order, as BIRD's hash-ordered export does.
 */
static size_t order(const struct run *x, int k, size_t i)
{
	return k == 1 ? (i * 7919) % x->n : i;
}

static void add_all(struct run *x, int k, struct attr **sets)
{
	size_t i;

	for (size_t j = 0; j < x->n; j++) {
		struct attr *a = sets ? attr_ref(sets[(j * 2654435761u) % NSETS])
				      : &x->dummy;

		i = order(x, k, j);

		if (!sets)
			a->h.refcnt++;
		if (rib_update(&x->r, af_of(&x->v[i]), &x->v[i], &x->src[k], a,
			       x->v[i].af == AF_INET ? &x->nh4[k] : &x->nh6[k],
			       0) < 0) {
			fprintf(stderr, "rib_update failed\n");
			exit(1);
		}
	}
}

static void row(const char *what, double t, size_t n, long kb0, long kb1,
		const struct rib *r)
{
	struct rib_stats st;

	rib_stats(r, &st);
	printf("%-34s %6.2f s %8.0f/s RSS +%6.1f MB = %6.1f B/item; "
	       "RIB %6.1f MB\n",
	       what, t, (double)n / t, (double)(kb1 - kb0) / 1024,
	       (double)(kb1 - kb0) * 1024 / (double)n,
	       (double)st.bytes / 1048576);
}

static void setup(struct run *x)
{
	struct rib_ops ops = { .change = on_change };
	int k;

	ops.attr_unref = x->real ? attr_unref : dummy_unref;
	x->dummy.h.refcnt = 1;
	x->dummy.aspath = &x->empty;
	rib_init(&x->r, &ops);
	for (k = 0; k < NPEERS; k++) {
		char a[64];

		memset(&x->src[k], 0, sizeof(x->src[k]));
		snprintf(a, sizeof(a), "192.0.2.%d", k + 1);
		ipaddr_parse(a, &x->src[k].d.addr);
		ipaddr_parse(a, &x->nh4[k]);
		snprintf(a, sizeof(a), "2001:db8::%d", k + 1);
		ipaddr_parse(a, &x->nh6[k]);
		x->src[k].d.as = 65001 + (uint32_t)k;
		x->src[k].d.router_id = (uint32_t)k + 1;
		x->src[k].d.type = DECIDE_SRC_EBGP;
		rib_src_register(&x->r, &x->src[k]);
	}
}

static void load_peers(struct run *x, struct attr ***sets)
{
	static const char *label[NPEERS] = { "1st path (per prefix)",
					     "2nd path, random order",
					     "3rd path (per extra path)" };
	long kb0, kb1, kb2;
	double t;
	int k;

	for (k = 0; k < NPEERS; k++) {
		kb0 = rss_kb();
		if (x->real) {
			sets[k] = make_sets(k);
			kb1 = rss_kb();
			printf("  peer %d: %d attribute sets: RSS +%.1f MB "
			       "(%zu sets, %zu AS paths interned in all)\n",
			       k + 1, NSETS, (double)(kb1 - kb0) / 1024,
			       attr_count(), aspath_count());
		} else {
			kb1 = kb0;
		}
		t = now_s();
		add_all(x, k, x->real ? sets[k] : NULL);
		t = now_s() - t;
		kb2 = rss_kb();
		row(label[k], t, x->n, kb1, kb2, &x->r);
		if (x->real)
			printf("  %s incl. the peer's attribute sets: "
			       "%.1f B\n", label[k],
			       (double)(kb2 - kb0) * 1024 / (double)x->n);
		if (k == 0)
			printf("  trie glue nodes: IPv4 %.2f/prefix, IPv6 "
			       "%.2f/prefix\n",
			       (double)trie_glue_count(&x->r.t[0].trie) /
				       (double)x->n4,
			       (double)trie_glue_count(&x->r.t[1].trie) /
				       (double)x->n6);
	}
}

static void rates(struct run *x)
{
	struct prefix q;
	size_t i, hits;
	double t;

	t = now_s();
	for (i = hits = 0; i < x->n; i++)
		hits += rib_lookup(&x->r, af_of(&x->v[i]), &x->v[i]) != NULL;
	t = now_s() - t;
	printf("exact lookup, table order: %zu found, %.0f/s\n", hits,
	       (double)x->n / t);
	t = now_s();
	for (i = hits = 0; i < x->n; i++) {
		q = x->v[(i * 7919) % x->n];
		hits += rib_lookup(&x->r, af_of(&q), &q) != NULL;
	}
	t = now_s() - t;
	printf("exact lookup, random order: %zu found, %.0f/s\n", hits,
	       (double)x->n / t);
	t = now_s();
	for (i = hits = 0; i < x->n; i++) {
		q = x->v[(i * 7919) % x->n];
		q.len = (uint8_t)af_maxlen(q.af);
		q.a[af_bytes(q.af) - 1] |= 1;
		hits += rib_match(&x->r, af_of(&q), &q) != NULL;
	}
	t = now_s() - t;
	printf("longest match of an address, random order: %zu found, "
	       "%.0f/s\n", hits, (double)x->n / t);
}

/* Peer 1's next hops go down and come back: every prefix re-selected. */
static void nh_flap(struct run *x)
{
	struct rib_nh_state down = { false, 0, 0 }, up = { true, 0, 0 };
	unsigned long c0 = changes;
	double t;

	t = now_s();
	rib_nh_changed(&x->r, &x->nh4[0], &down);
	rib_nh_changed(&x->r, &x->nh6[0], &down);
	t = now_s() - t;
	printf("next hop down (peer 1, %zu prefixes): %.2f s, %.0f prefixes/s, "
	       "%lu changes\n", x->n, t, (double)x->n / t, changes - c0);
	c0 = changes;
	t = now_s();
	rib_nh_changed(&x->r, &x->nh4[0], &up);
	rib_nh_changed(&x->r, &x->nh6[0], &up);
	t = now_s() - t;
	printf("next hop up: %.2f s, %.0f prefixes/s, %lu changes\n", t,
	       (double)x->n / t, changes - c0);
}

static int teardown(struct run *x)
{
	struct rib_stats st;
	size_t i;
	double t;

	t = now_s();
	i = rib_src_down(&x->r, &x->src[2]);
	t = now_s() - t;
	printf("peer down (every prefix's 3rd path): %zu paths, %.2f s, "
	       "%.0f/s\n", i, t, (double)i / t);
	t = now_s();
	for (i = 0; i < x->n; i++)
		rib_withdraw(&x->r, af_of(&x->v[i]), &x->v[i], &x->src[1]);
	t = now_s() - t;
	printf("withdraw (2nd path): %.0f/s\n", (double)x->n / t);
	t = now_s();
	for (i = 0; i < x->n; i++)
		rib_withdraw(&x->r, af_of(&x->v[i]), &x->v[i], &x->src[0]);
	t = now_s() - t;
	printf("withdraw (last path, prefix removed): %.0f/s\n",
	       (double)x->n / t);
	rib_stats(&x->r, &st);
	printf("after: %zu prefixes, %zu next hops, %lu changes reported\n",
	       st.prefixes[0] + st.prefixes[1], st.nexthops, changes);
	rib_destroy(&x->r);
	return st.prefixes[0] + st.prefixes[1] == 0 &&
			       (x->real || x->dummy.h.refcnt == 1) ? 0 : 1;
}

int main(int argc, char **argv)
{
	static struct run x;
	struct attr **sets[NPEERS] = { NULL };
	const char *file = DEFAULT_FILE;
	long kb0;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-a") == 0)
			x.real = true;
		else
			file = argv[i];
	}
	x.v = load(file, &x.n4, &x.n6);
	if (!x.v) {
		fprintf(stderr, "cannot read %s\n", file);
		return 1;
	}
	x.n = x.n4 + x.n6;
	printf("%zu prefixes (%zu IPv4, %zu IPv6), %s attributes\n", x.n, x.n4,
	       x.n6, x.real ? "interned" : "one dummy shared");
	printf("sizeof: rib_entry %zu (+%zu IPv6), rib_path %zu, glue %zu/%zu\n",
	       sizeof(struct rib_entry), trie_node_extra(AF_INET6),
	       sizeof(struct rib_path), sizeof(struct trie_node),
	       sizeof(struct trie_node) + trie_node_extra(AF_INET6));
	kb0 = rss_kb();
	if (x.real) {
		make_paths_and_comms();
		printf("  %d AS paths + %d community lists: RSS +%.1f MB\n",
		       NASPATH, NCOMM, (double)(rss_kb() - kb0) / 1024);
	}
	setup(&x);
	load_peers(&x, sets);
	printf("RSS of the process: %.1f MB (of which %.1f MB before the "
	       "RIB: program, prefix list)\n",
	       (double)rss_kb() / 1024, (double)kb0 / 1024);
	rates(&x);
	nh_flap(&x);
	rc = teardown(&x);
	for (i = 0; i < NPEERS; i++)
		free_sets(sets[i]);
	free(x.v);
	return rc;
}
