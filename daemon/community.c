/*
 * community.c: standard (RFC 1997), extended (RFC 4360) and large
 * (RFC 8092) community lists: decoding with the length checks of
 * RFC 7606 7.8 / 7.14 and RFC 8092 6, sorting into a set, interning,
 * encoding and Quagga's text.
 *
 * The three kinds differ only in the element size and how an element
 * prints, so one generic interning core (struct clist_kind) serves all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "community.h"
#include "log.h"

struct clist_kind {
	struct intern_tab tab;
	size_t elem;		/* bytes per element as stored */
	int (*cmp)(const void *, const void *);
	uint64_t salt;
};

/* Every kind has this layout: header, count, elements. */
struct clist {
	struct intern_hdr h;
	uint32_t n;
	uint8_t v[];
};

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int ec_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 8);
}

static int lc_cmp(const void *a, const void *b)
{
	const struct lcommunity_val *x = a, *y = b;

	if (x->global != y->global)
		return x->global < y->global ? -1 : 1;
	if (x->local1 != y->local1)
		return x->local1 < y->local1 ? -1 : 1;
	if (x->local2 != y->local2)
		return x->local2 < y->local2 ? -1 : 1;
	return 0;
}

static struct clist_kind kind_std = { .elem = 4, .cmp = u32_cmp, .salt = 1 };
static struct clist_kind kind_ext = { .elem = 8, .cmp = ec_cmp, .salt = 2 };
static struct clist_kind kind_large = { .elem = 12, .cmp = lc_cmp,
					.salt = 3 };

struct clist_key {
	const uint8_t *v;
	size_t n, elem;
};

static bool clist_eq(const void *obj, const void *key)
{
	const struct clist *c = obj;
	const struct clist_key *k = key;

	return c->n == k->n && !memcmp(c->v, k->v, k->n * k->elem);
}

/* Sort and deduplicate v (n elements) in place; returns the new n. */
static size_t clist_uniq_sort(struct clist_kind *k, uint8_t *v, size_t n)
{
	size_t i, o = 0;

	qsort(v, n, k->elem, k->cmp);
	for (i = 0; i < n; i++) {
		if (o && !k->cmp(v + (o - 1) * k->elem, v + i * k->elem))
			continue;
		if (o != i)
			memcpy(v + o * k->elem, v + i * k->elem, k->elem);
		o++;
	}
	return o;
}

/* Intern n sorted unique elements. */
static struct clist *clist_intern_sorted(struct clist_kind *k,
					 const uint8_t *v, size_t n)
{
	struct clist_key key = { v, n, k->elem };
	uint32_t h;
	struct clist *c;

	if (!k->tab.name)
		intern_init(&k->tab, "community");
	h = (uint32_t)intern_hash(v, n * k->elem, intern_hash_seed() ^ k->salt);
	c = intern_find(&k->tab, h, clist_eq, &key);
	if (c) {
		c->h.refcnt++;
		return c;
	}
	c = malloc(sizeof(*c) + n * k->elem);
	if (!c)
		return NULL;
	c->h.refcnt = 1;
	c->h.hash = h;
	c->n = (uint32_t)n;
	memcpy(c->v, v, n * k->elem);
	intern_insert(&k->tab, &c->h);
	return c;
}

/* Copy, sort, intern.  NULL for n == 0 (absent) or out of memory. */
static struct clist *clist_intern(struct clist_kind *k, const void *v,
				  size_t n)
{
	uint8_t stackbuf[512], *buf = stackbuf;
	struct clist *c;

	if (n == 0 || n > UINT32_MAX / k->elem)
		return NULL;
	if (n * k->elem > sizeof(stackbuf)) {
		buf = malloc(n * k->elem);
		if (!buf)
			return NULL;
	}
	memcpy(buf, v, n * k->elem);
	n = clist_uniq_sort(k, buf, n);
	c = clist_intern_sorted(k, buf, n);
	if (buf != stackbuf)
		free(buf);
	return c;
}

static void clist_unref(struct clist_kind *k, struct clist *c)
{
	if (!c)
		return;
	if (c->h.refcnt == 0)
		fatal("community: reference count underflow");
	if (--c->h.refcnt)
		return;
	intern_remove(&k->tab, &c->h);
	free(c);
}

/*
 * Decode an attribute value of n elements of wire size wsize into host
 * form with conv, then sort and intern.  NULL: bad length (the caller's
 * RFC 7606 case) or no memory (*nomem).
 */
static struct clist *clist_decode(struct clist_kind *k, struct rbuf *val,
				  size_t wsize,
				  void (*conv)(const uint8_t *, uint8_t *),
				  bool *nomem)
{
	size_t len = rbuf_left(val), n = len / wsize, i;
	uint8_t stackbuf[512], *buf = stackbuf;
	struct clist *c;

	*nomem = false;
	if (len == 0 || len % wsize)
		return NULL;
	if (n * k->elem > sizeof(stackbuf)) {
		buf = malloc(n * k->elem);
		if (!buf) {
			*nomem = true;
			return NULL;
		}
	}
	for (i = 0; i < n; i++)
		conv(rbuf_ptr(val) + i * wsize, buf + i * k->elem);
	(void)rbuf_skip(val, len);
	n = clist_uniq_sort(k, buf, n);
	c = clist_intern_sorted(k, buf, n);
	if (!c)
		*nomem = true;
	if (buf != stackbuf)
		free(buf);
	return c;
}

static uint32_t be32(const uint8_t *b)
{
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static void conv_std(const uint8_t *in, uint8_t *out)
{
	uint32_t v = be32(in);

	memcpy(out, &v, 4);
}

static void conv_ext(const uint8_t *in, uint8_t *out)
{
	memcpy(out, in, 8);
}

static void conv_large(const uint8_t *in, uint8_t *out)
{
	struct lcommunity_val v = { be32(in), be32(in + 4), be32(in + 8) };

	memcpy(out, &v, sizeof(v));
}

/* ---- public: standard ---- */

struct community *community_decode(struct rbuf *val, bool *nomem)
{
	return (struct community *)clist_decode(&kind_std, val, 4, conv_std,
						nomem);
}

struct community *community_intern(const uint32_t *v, size_t n)
{
	return (struct community *)clist_intern(&kind_std, v, n);
}

struct community *community_ref(struct community *c)
{
	c->h.refcnt++;
	return c;
}

void community_unref(struct community *c)
{
	clist_unref(&kind_std, (struct clist *)c);
}

bool community_has(const struct community *c, uint32_t v)
{
	size_t lo = 0, hi = c ? c->n : 0, mid;

	while (lo < hi) {	/* the list is sorted */
		mid = lo + (hi - lo) / 2;
		if (c->v[mid] == v)
			return true;
		if (c->v[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

struct community *community_add(const struct community *c, const uint32_t *v,
				size_t n)
{
	size_t have = c ? c->n : 0;
	struct community *r;
	uint32_t *all;

	if (have + n == 0)
		return NULL;
	all = malloc((have + n) * sizeof(*all));
	if (!all)
		return NULL;
	if (have)
		memcpy(all, c->v, have * sizeof(*all));
	if (n)
		memcpy(all + have, v, n * sizeof(*all));
	r = community_intern(all, have + n);
	free(all);
	return r;
}

struct community *community_filter(const struct community *c,
				   bool (*drop)(uint32_t v, void *arg),
				   void *arg)
{
	struct community *r;
	uint32_t *keep, i, n = 0;

	if (!c)
		return NULL;
	keep = malloc(c->n * sizeof(*keep));
	if (!keep)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (!drop(c->v[i], arg))
			keep[n++] = c->v[i];
	r = community_intern(keep, n);	/* n == 0: NULL, absent */
	free(keep);
	return r;
}

void community_encode(struct wbuf *w, const struct community *c)
{
	uint32_t i;

	for (i = 0; i < c->n; i++)
		wbuf_u32(w, c->v[i]);
}

size_t community_count(void)
{
	return intern_count(&kind_std.tab);
}

/* ---- public: extended ---- */

struct ecommunity *ecommunity_decode(struct rbuf *val, bool *nomem)
{
	return (struct ecommunity *)clist_decode(&kind_ext, val, 8, conv_ext,
						 nomem);
}

struct ecommunity *ecommunity_intern(const uint8_t (*v)[8], size_t n)
{
	return (struct ecommunity *)clist_intern(&kind_ext, v, n);
}

struct ecommunity *ecommunity_ref(struct ecommunity *c)
{
	c->h.refcnt++;
	return c;
}

void ecommunity_unref(struct ecommunity *c)
{
	clist_unref(&kind_ext, (struct clist *)c);
}

void ecommunity_encode(struct wbuf *w, const struct ecommunity *c)
{
	wbuf_put(w, c->v, (size_t)c->n * 8);
}

size_t ecommunity_count(void)
{
	return intern_count(&kind_ext.tab);
}

/* ---- public: large ---- */

struct lcommunity *lcommunity_decode(struct rbuf *val, bool *nomem)
{
	return (struct lcommunity *)clist_decode(&kind_large, val, 12,
						 conv_large, nomem);
}

struct lcommunity *lcommunity_intern(const struct lcommunity_val *v, size_t n)
{
	return (struct lcommunity *)clist_intern(&kind_large, v, n);
}

struct lcommunity *lcommunity_ref(struct lcommunity *c)
{
	c->h.refcnt++;
	return c;
}

void lcommunity_unref(struct lcommunity *c)
{
	clist_unref(&kind_large, (struct clist *)c);
}

void lcommunity_encode(struct wbuf *w, const struct lcommunity *c)
{
	uint32_t i;

	for (i = 0; i < c->n; i++) {
		wbuf_u32(w, c->v[i].global);
		wbuf_u32(w, c->v[i].local1);
		wbuf_u32(w, c->v[i].local2);
	}
}

size_t lcommunity_count(void)
{
	return intern_count(&kind_large.tab);
}

/* ---- text ---- */

static const struct {
	uint32_t v;
	const char *name;
} community_names[] = {
	{ COMMUNITY_INTERNET, "internet" },
	{ COMMUNITY_NO_EXPORT, "no-export" },
	{ COMMUNITY_NO_ADVERTISE, "no-advertise" },
	{ COMMUNITY_LOCAL_AS, "local-AS" },
	{ COMMUNITY_NO_PEER, "no-peer" },
};

size_t community_val_print(uint32_t v, char *buf, size_t len)
{
	size_t i;
	int n;

	for (i = 0; i < sizeof(community_names) / sizeof(community_names[0]);
	     i++)
		if (community_names[i].v == v)
			return (size_t)snprintf(buf, len, "%s",
						community_names[i].name);
	n = snprintf(buf, len, "%u:%u", v >> 16, v & 0xffff);
	return n < 0 ? 0 : (size_t)n;
}

int community_val_parse(const char *s, uint32_t *v)
{
	unsigned long a, b;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(community_names) / sizeof(community_names[0]);
	     i++)
		if (!strcmp(s, community_names[i].name)) {
			*v = community_names[i].v;
			return 0;
		}
	if (*s < '0' || *s > '9')
		return -1;
	a = strtoul(s, &end, 10);
	if (*end != ':' || a > 0xffff || end[1] < '0' || end[1] > '9')
		return -1;
	b = strtoul(end + 1, &end, 10);
	if (*end || b > 0xffff)
		return -1;
	*v = (uint32_t)(a << 16 | b);
	return 0;
}

/* Append to buf at *off (like snprintf, keeps counting past the end). */
static void cat(char *buf, size_t len, size_t *off, const char *s)
{
	size_t n = strlen(s);

	if (*off < len) {
		size_t room = len - *off - 1;

		memcpy(buf + *off, s, n < room ? n : room);
		buf[*off + (n < room ? n : room)] = '\0';
	}
	*off += n;
}

size_t community_print(const struct community *c, char *buf, size_t len)
{
	char one[24];
	size_t off = 0;
	uint32_t i;

	if (len)
		buf[0] = '\0';
	for (i = 0; c && i < c->n; i++) {
		if (i)
			cat(buf, len, &off, " ");
		community_val_print(c->v[i], one, sizeof(one));
		cat(buf, len, &off, one);
	}
	return off;
}

/* One extended community as Quagga's ecommunity_ecom2str shows it:
 * "RT:AS:N", "SoO:AS:N", "RT:a.b.c.d:N"; others as raw hex. */
static void ecommunity_val_print(const uint8_t *e, char *buf, size_t len)
{
	uint8_t type = e[0] & 0x3f, sub = e[1];	/* without I/T bits */
	const char *name = sub == 0x02 ? "RT" : sub == 0x03 ? "SoO" : NULL;

	if (name && type == 0x00)
		snprintf(buf, len, "%s:%u:%u", name,
			 (unsigned)(e[2] << 8 | e[3]), be32(e + 4));
	else if (name && type == 0x01)
		snprintf(buf, len, "%s:%u.%u.%u.%u:%u", name, e[2], e[3], e[4],
			 e[5], (unsigned)(e[6] << 8 | e[7]));
	else if (name && type == 0x02)
		snprintf(buf, len, "%s:%u:%u", name, be32(e + 2),
			 (unsigned)(e[6] << 8 | e[7]));
	else
		snprintf(buf, len, "0x%02x%02x:%02x%02x%02x%02x%02x%02x", e[0],
			 e[1], e[2], e[3], e[4], e[5], e[6], e[7]);
}

size_t ecommunity_print(const struct ecommunity *c, char *buf, size_t len)
{
	char one[40];
	size_t off = 0;
	uint32_t i;

	if (len)
		buf[0] = '\0';
	for (i = 0; c && i < c->n; i++) {
		if (i)
			cat(buf, len, &off, " ");
		ecommunity_val_print(c->v[i], one, sizeof(one));
		cat(buf, len, &off, one);
	}
	return off;
}

size_t lcommunity_print(const struct lcommunity *c, char *buf, size_t len)
{
	char one[36];
	size_t off = 0;
	uint32_t i;

	if (len)
		buf[0] = '\0';
	for (i = 0; c && i < c->n; i++) {
		if (i)
			cat(buf, len, &off, " ");
		snprintf(one, sizeof(one), "%u:%u:%u", c->v[i].global,
			 c->v[i].local1, c->v[i].local2);
		cat(buf, len, &off, one);
	}
	return off;
}
