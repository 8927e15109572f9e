/*
 * feed_gen.c: the synthetic full feed of bench/bgpfeed (see feed_gen.h).
 *
 * Sampling: every RIB entry of the two MRT dumps gives an AS path (its
 * AS_SEQUENCE ASes minus the first, which is the collector's peer: the
 * feeder puts its own AS there), an ORIGIN, a MED (or none) and a
 * community list.  The distinct AS paths and community lists become the
 * pools; the pool of paths is topped up to the target count with
 * variants (a sampled path with its origin AS replaced by another
 * sampled origin AS: same length distribution) or cut down to it.
 * Attribute sets are then drawn: every path used at least once, the rest
 * skewed toward the low indices (a few paths carry many sets), ORIGIN
 * and MED from their sampled distributions, communities with the sampled
 * probability, each set distinct.  Prefixes: each set gets one, the rest
 * go to sets drawn with a heavy skew (as in a real table, where a few
 * attribute sets carry thousands of prefixes).
 *
 * Limitations: AS_SET segments are dropped from sampled paths; the
 * attribute sets of IPv4 and IPv6 share one path pool; no
 * AGGREGATOR/ATOMIC_AGGREGATE/extended or large communities.
 */
#include "feed_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "rbuf.h"

#define MAXPATH 64
#define MAXCOMM 64
#define MSGMAX 4096

/* ---- buffers ------------------------------------------------------------ */

void fg_buf_put(struct fg_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t c = b->cap ? b->cap * 2 : 1 << 20;

		while (c < b->len + n)
			c *= 2;
		b->p = realloc(b->p, c);
		if (!b->p) {
			perror("realloc");
			exit(1);
		}
		b->cap = c;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void fg_buf_free(struct fg_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void put8(struct fg_buf *b, uint8_t v) { fg_buf_put(b, &v, 1); }

static void put16(struct fg_buf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	fg_buf_put(b, x, 2);
}

static void put32(struct fg_buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	fg_buf_put(b, x, 4);
}

static void set16(struct fg_buf *b, size_t off, uint16_t v)
{
	b->p[off] = (uint8_t)(v >> 8);
	b->p[off + 1] = (uint8_t)v;
}

static void *xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1, s);

	if (!p) {
		perror("calloc");
		exit(1);
	}
	return p;
}

/* ---- random numbers (deterministic, seeded) ------------------------------ */

static uint64_t rng_state = 88172645463325252ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static double rnd01(void) { return (rnd() & 0xffffff) / (double)0x1000000; }

/* An index in [0, n) skewed toward 0: n * u^k. */
static size_t rnd_skew(size_t n, double k)
{
	double u = rnd01(), v = u;
	int i;

	for (i = 1; i < (int)k; i++)
		v *= u;
	return (size_t)(v * (double)n) % (n ? n : 1);
}

/* ---- a set of uint32 sequences (AS paths, community lists, sets) -------- */

struct seqtab {
	uint32_t **v;
	uint8_t *n;
	size_t cnt, cap;
	uint32_t *slot;		/* index + 1, 0 = empty */
	size_t nslot;
};

static uint32_t seq_hash(const uint32_t *v, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= v[i];
		h *= 16777619u;
		h ^= h >> 15;
	}
	return h ^ (uint32_t)n;
}

static void seq_rehash(struct seqtab *t)
{
	size_t i, ns = t->nslot ? t->nslot * 2 : 1 << 16;

	free(t->slot);
	t->slot = xcalloc(ns, sizeof(*t->slot));
	t->nslot = ns;
	for (i = 0; i < t->cnt; i++) {
		size_t s = seq_hash(t->v[i], t->n[i]) & (ns - 1);

		while (t->slot[s])
			s = (s + 1) & (ns - 1);
		t->slot[s] = (uint32_t)i + 1;
	}
}

/* Index of v in t, added if absent (*added set). */
static uint32_t seq_add(struct seqtab *t, const uint32_t *v, size_t n,
			int *added)
{
	size_t s;

	if ((t->cnt + 1) * 2 > t->nslot)
		seq_rehash(t);
	s = seq_hash(v, n) & (t->nslot - 1);
	while (t->slot[s]) {
		uint32_t i = t->slot[s] - 1;

		if (t->n[i] == n && !memcmp(t->v[i], v, n * sizeof(*v))) {
			*added = 0;
			return i;
		}
		s = (s + 1) & (t->nslot - 1);
	}
	if (t->cnt == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		t->n = realloc(t->n, t->cap * sizeof(*t->n));
		if (!t->v || !t->n) {
			perror("realloc");
			exit(1);
		}
	}
	t->v[t->cnt] = xcalloc(n, sizeof(*v));
	memcpy(t->v[t->cnt], v, n * sizeof(*v));
	t->n[t->cnt] = (uint8_t)n;
	t->slot[s] = (uint32_t)t->cnt + 1;
	*added = 1;
	return (uint32_t)t->cnt++;
}

/* ---- reading files through a decompressor ------------------------------- */

static uint8_t *slurp_cmd(const char *tool, const char *file, size_t *len)
{
	char cmd[1024];
	FILE *f;
	uint8_t *p = NULL;
	size_t cap = 0, n = 0, r;

	snprintf(cmd, sizeof(cmd), "%s -dc '%s' 2>/dev/null", tool, file);
	f = popen(cmd, "r");
	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 22;
			p = realloc(p, cap);
			if (!p) {
				perror("realloc");
				exit(1);
			}
		}
		r = fread(p + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	pclose(f);
	*len = n;
	return p;
}

/* ---- attributes of a route, as sampled or replayed ---------------------- */

struct fg_route_attr {
	uint32_t path[MAXPATH];
	size_t npath;
	uint32_t path4[MAXPATH];	/* AS4_PATH (RFC 6793) if any */
	size_t npath4;
	uint32_t comm[MAXCOMM];
	size_t ncomm;
	uint32_t med;
	uint8_t origin, has_med, ok;
	struct rbuf mp_reach6, mp_unreach6;	/* IPv6 NLRI, empty if none */
};

static void parse_aspath(struct rbuf v, int as4, uint32_t *out, size_t *n)
{
	uint8_t type, cnt;
	size_t i;

	*n = 0;
	while (rbuf_left(&v) >= 2) {
		if (rbuf_u8(&v, &type) || rbuf_u8(&v, &cnt))
			return;
		for (i = 0; i < cnt; i++) {
			uint32_t a = 0;
			uint16_t a2;

			if (as4 ? rbuf_u32(&v, &a) : rbuf_u16(&v, &a2))
				return;
			if (!as4)
				a = a2;
			/* AS_SEQUENCE only: sets and confederations dropped */
			if (type == 2 && *n < MAXPATH)
				out[(*n)++] = a;
		}
	}
}

static void parse_mp(struct rbuf v, int reach, struct fg_route_attr *a)
{
	uint16_t afi;
	uint8_t safi, nhl, res;

	if (rbuf_u16(&v, &afi) || rbuf_u8(&v, &safi) || afi != 2 || safi != 1)
		return;
	if (reach && (rbuf_u8(&v, &nhl) || rbuf_skip(&v, nhl) ||
		      rbuf_u8(&v, &res)))
		return;
	if (reach)
		a->mp_reach6 = v;
	else
		a->mp_unreach6 = v;
}

static int parse_attrs(struct rbuf r, int as4, struct fg_route_attr *a)
{
	memset(a, 0, sizeof(*a));
	while (rbuf_left(&r) > 0) {
		uint8_t fl, code, l8;
		uint16_t len;
		struct rbuf v;

		if (rbuf_u8(&r, &fl) || rbuf_u8(&r, &code))
			return -1;
		if (fl & 0x10) {
			if (rbuf_u16(&r, &len))
				return -1;
		} else {
			if (rbuf_u8(&r, &l8))
				return -1;
			len = l8;
		}
		if (rbuf_sub(&r, len, &v))
			return -1;
		switch (code) {
		case 1:
			rbuf_u8(&v, &a->origin);
			break;
		case 2:
			parse_aspath(v, as4, a->path, &a->npath);
			break;
		case 4:
			a->has_med = rbuf_u32(&v, &a->med) == 0;
			break;
		case 8:
			while (a->ncomm < MAXCOMM &&
			       rbuf_u32(&v, &a->comm[a->ncomm]) == 0)
				a->ncomm++;
			break;
		case 14:
			parse_mp(v, 1, a);
			break;
		case 15:
			parse_mp(v, 0, a);
			break;
		case 17:
			parse_aspath(v, 1, a->path4, &a->npath4);
			break;
		}
	}
	if (!as4 && a->npath4 > 0 && a->npath4 <= a->npath) {
		/* RFC 6793 4.2.3: the leading npath - npath4 ASes of
		 * AS_PATH, then AS4_PATH */
		size_t keep = a->npath - a->npath4;

		memcpy(a->path + keep, a->path4, a->npath4 * sizeof(uint32_t));
	}
	a->ok = 1;
	return 0;
}

/* ---- sampling the MRT RIB dumps ------------------------------------------ */

struct sampler {
	struct seqtab paths, comms;
	uint32_t *origins_as;	/* origin ASes seen (last AS), with repeats */
	size_t norig, caporig;
	uint32_t *med;		/* sampled MEDs, FG_NONE = no MED */
	uint8_t *origin;
	size_t nsamp, capsamp;
	size_t with_comm, entries;
};

static void sample_route(struct sampler *s, const struct fg_route_attr *a)
{
	int added;

	if (!a->ok || a->npath < 2)
		return;
	s->entries++;
	seq_add(&s->paths, a->path + 1, a->npath - 1, &added);
	if (added) {
		if (s->norig == s->caporig) {
			s->caporig = s->caporig ? s->caporig * 2 : 4096;
			s->origins_as = realloc(s->origins_as,
						s->caporig * sizeof(uint32_t));
		}
		s->origins_as[s->norig++] = a->path[a->npath - 1];
	}
	if (a->ncomm) {
		s->with_comm++;
		seq_add(&s->comms, a->comm, a->ncomm, &added);
	}
	if (s->nsamp == s->capsamp) {
		s->capsamp = s->capsamp ? s->capsamp * 2 : 4096;
		s->med = realloc(s->med, s->capsamp * sizeof(uint32_t));
		s->origin = realloc(s->origin, s->capsamp);
	}
	s->med[s->nsamp] = a->has_med ? a->med : FG_NONE;
	s->origin[s->nsamp++] = a->origin;
}

/* MRT header (RFC 6396 2): timestamp, type, subtype, length. */
static int mrt_next(struct rbuf *f, uint16_t *type, uint16_t *sub,
		    struct rbuf *body)
{
	uint32_t ts, len;

	if (rbuf_u32(f, &ts) || rbuf_u16(f, type) || rbuf_u16(f, sub) ||
	    rbuf_u32(f, &len) || rbuf_sub(f, len, body))
		return -1;
	if (*type == 17)	/* BGP4MP_ET: microseconds first */
		return rbuf_skip(body, 4);
	return 0;
}

/* TABLE_DUMP (RFC 6396 4.2), AFI_IPv4, 2-byte ASes. */
static void sample_v1(struct sampler *s, const uint8_t *p, size_t n)
{
	struct rbuf f = rbuf_make(p, n), b;
	uint16_t type, sub, alen;
	struct fg_route_attr a;

	while (mrt_next(&f, &type, &sub, &b) == 0) {
		struct rbuf attrs;

		if (type != 12 || sub != 1)
			continue;
		if (rbuf_skip(&b, 2 + 2 + 4 + 1 + 1 + 4 + 4 + 2) ||
		    rbuf_u16(&b, &alen) || rbuf_sub(&b, alen, &attrs))
			continue;
		if (parse_attrs(attrs, 0, &a) == 0)
			sample_route(s, &a);
	}
}

/* TABLE_DUMP_V2 RIB_IPV4_UNICAST (RFC 6396 4.3.2), 4-byte ASes. */
static void sample_v2(struct sampler *s, const uint8_t *p, size_t n)
{
	struct rbuf f = rbuf_make(p, n), b;
	uint16_t type, sub, cnt, i, alen;
	uint8_t plen;
	struct fg_route_attr a;

	while (mrt_next(&f, &type, &sub, &b) == 0) {
		if (type != 13 || (sub != 2 && sub != 8))
			continue;
		if (rbuf_skip(&b, 4) || rbuf_u8(&b, &plen) ||
		    rbuf_skip(&b, (plen + 7u) / 8) || rbuf_u16(&b, &cnt))
			continue;
		for (i = 0; i < cnt; i++) {
			struct rbuf attrs;

			if (rbuf_skip(&b, 2 + 4) || rbuf_u16(&b, &alen) ||
			    rbuf_sub(&b, alen, &attrs))
				break;
			if (parse_attrs(attrs, 1, &a) == 0)
				sample_route(s, &a);
		}
	}
}

/* ---- the model ------------------------------------------------------------ */

static int read_prefixes(struct fg_model *m, const char *file, int v4_only)
{
	char cmd[1024], line[128];
	FILE *f;
	size_t cap = 1 << 20, n4 = 0, n6 = 0;
	struct fg_pfx *v4 = xcalloc(cap, sizeof(*v4)), *v6;
	size_t cap6 = 1 << 18;

	v6 = xcalloc(cap6, sizeof(*v6));
	snprintf(cmd, sizeof(cmd), "gzip -dc '%s'", file);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct fg_pfx p = { 0 };
		char *sl = strchr(line, '/');
		int is6 = strchr(line, ':') != NULL;

		if (!sl)
			continue;
		*sl = 0;
		p.len = (uint8_t)atoi(sl + 1);
		p.af = is6 ? 6 : 4;
		if (inet_pton(is6 ? AF_INET6 : AF_INET, line, p.addr) != 1)
			continue;
		if (is6 && v4_only)
			continue;
		if (is6) {
			if (n6 == cap6) {
				cap6 *= 2;
				v6 = realloc(v6, cap6 * sizeof(*v6));
			}
			v6[n6++] = p;
		} else {
			if (n4 == cap) {
				cap *= 2;
				v4 = realloc(v4, cap * sizeof(*v4));
			}
			v4[n4++] = p;
		}
	}
	pclose(f);
	m->pfx = xcalloc(n4 + n6, sizeof(*m->pfx));
	memcpy(m->pfx, v4, n4 * sizeof(*v4));
	memcpy(m->pfx + n4, v6, n6 * sizeof(*v6));
	m->npfx4 = n4;
	m->npfx6 = n6;
	free(v4);
	free(v6);
	return n4 ? 0 : -1;
}

/* Top the path pool up to want with origin-AS variants, or cut it. */
static void build_paths(struct fg_model *m, struct sampler *s, size_t want)
{
	struct seqtab *t = &s->paths;
	size_t sampled = t->cnt, tries = 0;
	uint32_t v[MAXPATH];

	while (t->cnt < want && tries++ < want * 20 && sampled && s->norig) {
		size_t i = rnd() % sampled;
		int added;

		if (t->n[i] == 0)
			continue;
		memcpy(v, t->v[i], t->n[i] * sizeof(uint32_t));
		v[t->n[i] - 1] = s->origins_as[rnd() % s->norig];
		seq_add(t, v, t->n[i], &added);
	}
	m->npath = t->cnt < want ? t->cnt : want;
	/* a cut keeps a random subset: shuffle first */
	if (t->cnt > want) {
		size_t i;

		for (i = t->cnt - 1; i > 0; i--) {
			size_t j = rnd() % (i + 1);
			uint32_t *pv = t->v[i];
			uint8_t pn = t->n[i];

			t->v[i] = t->v[j];
			t->n[i] = t->n[j];
			t->v[j] = pv;
			t->n[j] = pn;
		}
	}
	m->path = t->v;
	m->path_len = t->n;
	m->comm = s->comms.v;
	m->comm_len = s->comms.n;
	m->ncomm = s->comms.cnt;
}

/* Draw nset distinct attribute sets over the path pool. */
static void build_sets(struct fg_model *m, struct sampler *s, size_t nset)
{
	struct seqtab uniq = { 0 };
	double pcomm = s->entries ? (double)s->with_comm / s->entries : 0.5;
	size_t i;

	m->set = xcalloc(nset, sizeof(*m->set));
	m->nset = nset;
	for (i = 0; i < nset; i++) {
		struct fg_attrset *a = &m->set[i];
		size_t k = rnd() % (s->nsamp ? s->nsamp : 1);
		int added = 0, tries = 0;

		a->path = (uint32_t)(i < m->npath ? i
						  : rnd_skew(m->npath, 3));
		a->origin = s->nsamp ? s->origin[k] : 0;
		a->med = s->nsamp ? s->med[k] : FG_NONE;
		a->comm = (m->ncomm && rnd01() < pcomm)
				  ? (uint32_t)rnd_skew(m->ncomm, 2)
				  : FG_NONE;
		do {
			uint32_t key[4];

			a->has_med = a->med != FG_NONE;
			key[0] = a->path;
			key[1] = a->origin;
			key[2] = a->med;
			key[3] = a->comm;
			seq_add(&uniq, key, 4, &added);
			if (!added) /* a duplicate: another MED */
				a->med = rnd() % 1000;
		} while (!added && ++tries < 100);
	}
	for (i = 0; i < uniq.cnt; i++)
		free(uniq.v[i]);
	free(uniq.v);
	free(uniq.n);
	free(uniq.slot);
}

/* Prefixes [from, from + n) onto sets [s0, s0 + ns): each set one prefix
 * (in random order), the rest skewed. */
static void assign_sets(struct fg_model *m, size_t from, size_t n, size_t s0,
			size_t ns)
{
	size_t *perm = xcalloc(n, sizeof(*perm)), i;

	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; n && i > 0; i--) {
		size_t j = rnd() % (i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < n; i++) {
		size_t set = i < ns ? i : rnd_skew(ns, 4);

		m->pfx[from + perm[i]].set = (uint32_t)(s0 + set);
	}
	free(perm);
}

int fg_model_build(struct fg_model *m, const struct fg_opts *o)
{
	struct sampler s = { 0 };
	uint8_t *p;
	size_t n, total, npath, nset, nset4;

	memset(m, 0, sizeof(*m));
	rng_state ^= (uint64_t)o->seed * 0x9E3779B97F4A7C15ull;
	if (read_prefixes(m, o->prefixes, o->v4_only)) {
		fprintf(stderr, "feed: cannot read prefixes from %s\n",
			o->prefixes);
		return -1;
	}
	if (o->rib_v1 && (p = slurp_cmd("gzip", o->rib_v1, &n))) {
		sample_v1(&s, p, n);
		free(p);
	}
	if (o->rib_v2 && (p = slurp_cmd("bzip2", o->rib_v2, &n))) {
		sample_v2(&s, p, n);
		free(p);
	}
	if (s.paths.cnt == 0) {
		fprintf(stderr, "feed: no AS path sampled\n");
		return -1;
	}
	fprintf(stderr,
		"feed: sampled %zu RIB entries: %zu distinct AS paths, %zu "
		"community lists, %.0f%% with communities\n",
		s.entries, s.paths.cnt, s.comms.cnt,
		100.0 * s.with_comm / s.entries);
	total = m->npfx4 + m->npfx6;
	npath = (size_t)(o->paths_per_m * total / 1e6);
	nset = (size_t)(o->sets_per_m * total / 1e6);
	build_paths(m, &s, npath);
	build_sets(m, &s, nset);
	nset4 = (size_t)((double)nset * m->npfx4 / total);
	assign_sets(m, 0, m->npfx4, 0, nset4);
	if (m->npfx6)
		assign_sets(m, m->npfx4, m->npfx6, nset4, nset - nset4);
	fprintf(stderr,
		"feed: %zu IPv4 + %zu IPv6 prefixes, %zu AS paths, %zu "
		"attribute sets (%zu IPv4, %zu IPv6)\n",
		m->npfx4, m->npfx6, m->npath, m->nset, nset4, nset - nset4);
	return 0;
}

/* ---- encoding --------------------------------------------------------------- */

static size_t msg_begin(struct fg_buf *b)
{
	static const uint8_t marker[16] = { 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff };
	size_t off = b->len;

	fg_buf_put(b, marker, 16);
	put16(b, 0);
	put8(b, 2);
	return off;
}

static void msg_end(struct fg_buf *b, size_t off)
{
	set16(b, off + 16, (uint16_t)(b->len - off));
	b->msgs++;
}

static void attr_hdr(struct fg_buf *b, uint8_t flags, uint8_t code,
		     size_t len)
{
	if (len > 255) {
		put8(b, flags | 0x10);
		put8(b, code);
		put16(b, (uint16_t)len);
	} else {
		put8(b, flags);
		put8(b, code);
		put8(b, (uint8_t)len);
	}
}

/* ORIGIN, AS_PATH (peer AS 1 + prepend times, then path), NEXT_HOP (v4
 * only), MED, COMMUNITIES: the attributes every UPDATE of a set shares. */
static void enc_common(struct fg_buf *b, const struct fg_peer *peer,
		       const uint32_t *path, size_t np, uint8_t origin,
		       int has_med, uint32_t med, const uint32_t *comm,
		       size_t nc, int v4)
{
	size_t total = 1 + peer->prepend + np, i, seg;

	put8(b, 0x40);
	put8(b, 1);
	put8(b, 1);
	put8(b, origin);
	attr_hdr(b, 0x40, 2, total * 4 + 2 * ((total + 254) / 255));
	for (i = 0, seg = 0; i < total; i++, seg++) {
		if (seg % 255 == 0) {
			put8(b, 2);
			put8(b, (uint8_t)(total - i > 255 ? 255 : total - i));
		}
		put32(b, i <= peer->prepend ? peer->asn
					    : path[i - 1 - peer->prepend]);
	}
	if (v4) {
		put8(b, 0x40);
		put8(b, 3);
		put8(b, 4);
		fg_buf_put(b, peer->nh4, 4);
	}
	if (has_med) {
		put8(b, 0x80);
		put8(b, 4);
		put8(b, 4);
		put32(b, med);
	}
	if (nc) {
		attr_hdr(b, 0xc0, 8, nc * 4);
		for (i = 0; i < nc; i++)
			put32(b, comm[i]);
	}
}

static void enc_pfx(struct fg_buf *b, const struct fg_pfx *p)
{
	put8(b, p->len);
	fg_buf_put(b, p->addr, (p->len + 7u) / 8);
}

static size_t pfx_size(const struct fg_pfx *p) { return 1 + (p->len + 7u) / 8; }

/* One attribute set's prefixes pfx[idx[0..n)] in as few UPDATEs as fit. */
static void enc_set(const struct fg_model *m, const struct fg_peer *peer,
		    const uint32_t *idx, size_t n, struct fg_buf *b)
{
	const struct fg_attrset *a = &m->set[m->pfx[idx[0]].set];
	int v4 = m->pfx[idx[0]].af == 4;
	const uint32_t *comm = a->comm == FG_NONE ? NULL : m->comm[a->comm];
	size_t nc = a->comm == FG_NONE ? 0 : m->comm_len[a->comm];
	size_t i = 0;

	while (i < n) {
		size_t off = msg_begin(b), alen_off, mp_off = 0, start;

		put16(b, 0);
		alen_off = b->len;
		put16(b, 0);
		start = b->len;
		enc_common(b, peer, m->path[a->path], m->path_len[a->path],
			   a->origin, a->has_med, a->med, comm, nc, v4);
		if (!v4) {
			/* MP_REACH_NLRI (RFC 4760 3), extended length */
			put8(b, 0x90);
			put8(b, 14);
			mp_off = b->len;
			put16(b, 0);
			put16(b, 2);
			put8(b, 1);
			put8(b, 16);
			fg_buf_put(b, peer->nh6, 16);
			put8(b, 0);
		}
		if (v4)
			set16(b, alen_off, (uint16_t)(b->len - start));
		while (i < n && b->len - off + pfx_size(&m->pfx[idx[i]]) <=
					MSGMAX) {
			enc_pfx(b, &m->pfx[idx[i]]);
			b->nlri++;
			i++;
		}
		if (!v4) {
			set16(b, mp_off, (uint16_t)(b->len - mp_off - 2));
			set16(b, alen_off, (uint16_t)(b->len - start));
		}
		msg_end(b, off);
	}
}

static void enc_eor(struct fg_buf *b, int v6)
{
	size_t off = msg_begin(b);

	put16(b, 0);
	if (!v6) {
		put16(b, 0);
	} else {
		/* RFC 4724 2: an MP_UNREACH_NLRI with no withdrawn routes */
		put16(b, 6);
		put8(b, 0x80);
		put8(b, 15);
		put8(b, 3);
		put16(b, 2);
		put8(b, 1);
	}
	msg_end(b, off);
}

/* The prefixes of [from, from+n), grouped by set, sets in the table order
 * of their first prefix. */
static void enc_family(const struct fg_model *m, const struct fg_peer *peer,
		       size_t from, size_t n, struct fg_buf *b)
{
	uint32_t *cnt = xcalloc(m->nset + 1, sizeof(*cnt));
	uint32_t *first = xcalloc(m->nset, sizeof(*first));
	uint32_t *idx = xcalloc(n, sizeof(*idx)), *pos;
	size_t i;

	for (i = 0; i < m->nset; i++)
		first[i] = UINT32_MAX;
	for (i = 0; i < n; i++) {
		uint32_t s = m->pfx[from + i].set;

		cnt[s + 1]++;
		if (first[s] == UINT32_MAX)
			first[s] = (uint32_t)(from + i);
	}
	for (i = 0; i < m->nset; i++)
		cnt[i + 1] += cnt[i];
	pos = xcalloc(m->nset, sizeof(*pos));
	memcpy(pos, cnt, m->nset * sizeof(*pos));
	for (i = 0; i < n; i++)
		idx[pos[m->pfx[from + i].set]++] = (uint32_t)(from + i);
	/* walking the prefixes in order, a set is emitted at its first one */
	for (i = 0; i < n; i++) {
		uint32_t s = m->pfx[from + i].set;

		if (first[s] != from + i)
			continue;
		enc_set(m, peer, idx + cnt[s], cnt[s + 1] - cnt[s], b);
	}
	free(cnt);
	free(first);
	free(idx);
	free(pos);
}

void fg_encode_feed(const struct fg_model *m, const struct fg_peer *peer,
		    int v4_only, struct fg_buf *out)
{
	enc_family(m, peer, 0, m->npfx4, out);
	if (!v4_only)
		enc_family(m, peer, m->npfx4, m->npfx6, out);
	enc_eor(out, 0);
	if (!v4_only)
		enc_eor(out, 1);
}

void fg_encode_marker(const struct fg_peer *peer, const uint8_t pfx[4],
		      struct fg_buf *b)
{
	struct fg_pfx p = { .af = 4, .len = 24 };
	uint32_t as = 64999;
	size_t off = msg_begin(b), alen_off, start;

	memcpy(p.addr, pfx, 4);
	put16(b, 0);
	alen_off = b->len;
	put16(b, 0);
	start = b->len;
	enc_common(b, peer, &as, 1, 0, 0, 0, NULL, 0, 1);
	set16(b, alen_off, (uint16_t)(b->len - start));
	enc_pfx(b, &p);
	b->nlri++;
	msg_end(b, off);
}

/* Is r a well-formed list of prefixes of at most maxlen bits?  Counts. */
static int nlri_ok(struct rbuf r, unsigned maxlen, size_t *count)
{
	while (rbuf_left(&r) > 0) {
		uint8_t l;

		if (rbuf_u8(&r, &l) || l > maxlen || rbuf_skip(&r, (l + 7u) / 8))
			return 0;
		(*count)++;
	}
	return 1;
}

/* One MRT UPDATE re-encoded for peer (see fg_encode_churn). */
static void churn_update(struct rbuf u, int as4, const struct fg_peer *peer,
			 struct fg_buf *b)
{
	uint16_t wlen, alen;
	struct rbuf w, attrs, nlri;
	struct fg_route_attr a;
	size_t off, alen_off, start, n = 0, mp_off;

	if (rbuf_u16(&u, &wlen) || rbuf_sub(&u, wlen, &w) ||
	    rbuf_u16(&u, &alen) || rbuf_sub(&u, alen, &attrs))
		return;
	nlri = u;
	if (parse_attrs(attrs, as4, &a) || !nlri_ok(w, 32, &n) ||
	    !nlri_ok(nlri, 32, &n) || !nlri_ok(a.mp_reach6, 128, &n) ||
	    !nlri_ok(a.mp_unreach6, 128, &n) || n == 0)
		return;
	if ((rbuf_left(&nlri) || rbuf_left(&a.mp_reach6)) && a.npath < 1)
		return;
	off = msg_begin(b);
	put16(b, wlen);
	fg_buf_put(b, rbuf_ptr(&w), wlen);
	alen_off = b->len;
	put16(b, 0);
	start = b->len;
	if (rbuf_left(&nlri) || rbuf_left(&a.mp_reach6))
		enc_common(b, peer, a.path + 1, a.npath - 1, a.origin,
			   a.has_med, a.med, a.comm, a.ncomm,
			   rbuf_left(&nlri) > 0);
	if (rbuf_left(&a.mp_reach6)) {
		put8(b, 0x90);
		put8(b, 14);
		mp_off = b->len;
		put16(b, 0);
		put16(b, 2);
		put8(b, 1);
		put8(b, 16);
		fg_buf_put(b, peer->nh6, 16);
		put8(b, 0);
		fg_buf_put(b, rbuf_ptr(&a.mp_reach6), rbuf_left(&a.mp_reach6));
		set16(b, mp_off, (uint16_t)(b->len - mp_off - 2));
	}
	if (rbuf_left(&a.mp_unreach6)) {
		put8(b, 0x90);
		put8(b, 15);
		put16(b, (uint16_t)(3 + rbuf_left(&a.mp_unreach6)));
		put16(b, 2);
		put8(b, 1);
		fg_buf_put(b, rbuf_ptr(&a.mp_unreach6),
			   rbuf_left(&a.mp_unreach6));
	}
	set16(b, alen_off, (uint16_t)(b->len - start));
	fg_buf_put(b, rbuf_ptr(&nlri), rbuf_left(&nlri));
	if (b->len - off > MSGMAX) {
		b->len = off;	/* grew past the limit: dropped */
		return;
	}
	b->nlri += n;
	msg_end(b, off);
}

int fg_encode_churn(const char *file, const struct fg_peer *peer,
		    const uint8_t marker4[4], struct fg_buf *out)
{
	size_t n;
	uint8_t *p = slurp_cmd("gzip", file, &n);
	struct rbuf f, body;
	uint16_t type, sub;

	if (!p)
		return -1;
	f = rbuf_make(p, n);
	while (mrt_next(&f, &type, &sub, &body) == 0) {
		int as4 = sub == 4;
		uint16_t afi;
		uint8_t mtype;
		struct rbuf msg;

		/* BGP4MP_MESSAGE(_AS4) (RFC 6396 4.4.2, 4.4.3) */
		if ((type != 16 && type != 17) || (sub != 1 && sub != 4))
			continue;
		if (rbuf_skip(&body, as4 ? 8 : 4) || rbuf_skip(&body, 2) ||
		    rbuf_u16(&body, &afi) ||
		    rbuf_skip(&body, afi == 2 ? 32 : 8) ||
		    rbuf_skip(&body, 16 + 2) || rbuf_u8(&body, &mtype) ||
		    mtype != 2)
			continue;
		msg = body;
		churn_update(msg, as4, peer, out);
	}
	free(p);
	fg_encode_marker(peer, marker4, out);
	return 0;
}
