/*
 * trie.c: the patricia trie behind each RIB (see trie.h).
 *
 * Invariants: a child is longer than its parent and agrees with it on
 * the parent's bits; child[b] holds the prefixes whose bit at the
 * parent's length is b; a glue node always has two children.  So a
 * trie of N entries has fewer than N glue nodes and any path from the
 * root is at most 33 (129) nodes long.
 *
 * Keys are kept as 32-bit words in host order so that a bit test and a
 * common-prefix length are a shift and a count-leading-zeros.  A child
 * link is an index: bit 31 set for an entry (the owner's struct, in the
 * entries pool), clear for a glue node; 0 for none.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "trie.h"

struct tkey {
	uint32_t w[4];
	unsigned len;
};

static unsigned trie_words(const struct trie *t)
{
	return t->af == AF_INET6 ? 4 : 1;
}

#define IDX_ENTRY 0x80000000u

static struct trie_node *node_at(const struct trie *t, uint32_t x)
{
	if (!x)
		return NULL;
	if (x & IDX_ENTRY)
		return (struct trie_node *)((char *)ipool_at(&t->entries,
							     x & ~IDX_ENTRY) +
					    t->node_off);
	return ipool_at(&t->glue, x);
}

static uint32_t node_word(const struct trie_node *n, unsigned i)
{
	return i == 0 ? n->key0 : ((const uint32_t *)(n + 1))[i - 1];
}

static uint32_t word_mask(unsigned len, unsigned i)
{
	if (len >= (i + 1) * 32)
		return 0xffffffffu;
	if (len <= i * 32)
		return 0;
	return ~(0xffffffffu >> (len - i * 32));
}

/* A query of the trie's family and a possible length? */
static bool prefix_ok(const struct trie *t, const struct prefix *p)
{
	return p->af == t->af && p->len <= af_maxlen(p->af);
}

static void key_from_prefix(const struct prefix *p, struct tkey *k)
{
	unsigned i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < af_bytes(p->af); i++)
		k->w[i / 4] |= (uint32_t)p->a[i] << (24 - 8 * (i % 4));
	k->len = p->len;
	for (i = 0; i < 4; i++)
		k->w[i] &= word_mask(k->len, i);
}

static void node_set_key(const struct trie *t, struct trie_node *n,
			 const struct tkey *k, unsigned len)
{
	unsigned i;

	n->len = (uint8_t)len;
	n->key0 = k->w[0] & word_mask(len, 0);
	for (i = 1; i < trie_words(t); i++)
		((uint32_t *)(n + 1))[i - 1] = k->w[i] & word_mask(len, i);
}

static unsigned key_bit(const struct tkey *k, unsigned i)
{
	return (k->w[i >> 5] >> (31 - (i & 31))) & 1;
}

static unsigned node_bit(const struct trie_node *n, unsigned i)
{
	return (node_word(n, i >> 5) >> (31 - (i & 31))) & 1;
}

/* Length of the common prefix of k and n, at most min(k->len, n->len). */
static unsigned common_len(const struct trie *t, const struct tkey *k,
			   const struct trie_node *n)
{
	unsigned max = k->len < n->len ? k->len : n->len, i, d;
	uint32_t x;

	for (i = 0; i < trie_words(t) && i * 32 < max; i++) {
		x = k->w[i] ^ node_word(n, i);
		if (x) {
			d = i * 32 + (unsigned)__builtin_clz(x);
			return d < max ? d : max;
		}
	}
	return max;
}

void trie_init(struct trie *t, int af, size_t entry_size, size_t node_off,
	       size_t entry_align)
{
	t->root = 0;
	t->af = (uint8_t)af;
	t->nentries = 0;
	t->node_off = node_off;
	t->hidx = NULL;
	t->hmask = 0;
	ipool_init(&t->entries, entry_size + trie_node_extra(af), entry_align);
	ipool_init(&t->glue, sizeof(struct trie_node) + trie_node_extra(af),
		   sizeof(uint32_t));
}

void trie_node_prefix(const struct trie *t, const struct trie_node *n,
		      struct prefix *out)
{
	unsigned i;

	memset(out, 0, sizeof(*out));
	out->af = t->af;
	out->len = n->len;
	for (i = 0; i < af_bytes(t->af); i++)
		out->a[i] = (uint8_t)(node_word(n, i / 4) >> (24 - 8 * (i % 4)));
}

/* A glue node for the first len bits of k: its index, 0 if no memory. */
static uint32_t glue_new(struct trie *t, const struct tkey *k, unsigned len,
			 struct trie_node **out)
{
	struct trie_node *g;
	uint32_t x = ipool_alloc(&t->glue, (void **)&g);

	if (!x || (x & IDX_ENTRY)) {
		ipool_free(&t->glue, x);
		return 0;
	}
	g->child[0] = g->child[1] = 0;
	g->flags = 0;
	g->owner = 0;
	node_set_key(t, g, k, len);
	*out = g;
	return x;
}

/* A zeroed entry for k: its encoded index, 0 if no memory. */
static uint32_t entry_new(struct trie *t, const struct tkey *k,
			  struct trie_node **out)
{
	uint32_t x;
	void *mem;

	x = ipool_alloc(&t->entries, &mem);
	if (!x || (x & IDX_ENTRY)) {
		ipool_free(&t->entries, x);
		return 0;
	}
	memset(mem, 0, t->entries.size);
	*out = (struct trie_node *)((char *)mem + t->node_off);
	(*out)->flags = TRIE_F_ENTRY;
	node_set_key(t, *out, k, k->len);
	return x | IDX_ENTRY;
}

/* Fill a tkey from a node. */
static void key_from_node(const struct trie *t, const struct trie_node *n,
			  struct tkey *k)
{
	unsigned i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < trie_words(t); i++)
		k->w[i] = node_word(n, i);
	k->len = n->len;
}

/* ---- the exact-match index ---- */

static uint32_t key_hash(const struct trie *t, const struct tkey *k)
{
	uint32_t h = (k->len + 1) * 0x9e3779b9u;
	unsigned i;

	for (i = 0; i < trie_words(t); i++) {
		h ^= k->w[i];
		h *= 0x85ebca6bu;
		h ^= h >> 13;
	}
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

static bool node_has_key(const struct trie *t, const struct trie_node *n,
			 const struct tkey *k)
{
	return n->len == k->len && common_len(t, k, n) == k->len;
}

static uint32_t slot_hash(const struct trie *t, uint32_t x)
{
	struct tkey k;

	key_from_node(t, node_at(t, x), &k);
	return key_hash(t, &k);
}

/* Linear probing, no tombstones: deletion shifts back (see below). */
static void hidx_put(struct trie *t, uint32_t *v, uint32_t mask, uint32_t x,
		     uint32_t h)
{
	uint32_t i = h & mask;

	while (v[i])
		i = (i + 1) & mask;
	v[i] = x;
}

/* Room for one more entry at most half full; -1 out of memory. */
static int hidx_reserve(struct trie *t)
{
	uint32_t slots = t->hmask + 1, n, i, *v;

	if (!t->hidx || (t->nentries + 1) * 2 <= slots)
		return 0;
	n = slots * 2;
	v = calloc(n, sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < slots; i++)
		if (t->hidx[i])
			hidx_put(t, v, n - 1, t->hidx[i],
				 slot_hash(t, t->hidx[i]));
	free(t->hidx);
	t->hidx = v;
	t->hmask = n - 1;
	return 0;
}

static uint32_t *hidx_find(const struct trie *t, const struct tkey *k)
{
	uint32_t i = key_hash(t, k) & t->hmask;

	for (; t->hidx[i]; i = (i + 1) & t->hmask)
		if (node_has_key(t, node_at(t, t->hidx[i]), k))
			return &t->hidx[i];
	return NULL;
}

/* Remove slot s, moving later members of its cluster back as needed. */
static void hidx_del(struct trie *t, uint32_t *s)
{
	uint32_t i = (uint32_t)(s - t->hidx), j = i, home;

	for (;;) {
		j = (j + 1) & t->hmask;
		if (!t->hidx[j])
			break;
		home = slot_hash(t, t->hidx[j]) & t->hmask;
		/* Can the entry at j move to the hole at i? */
		if (((j - home) & t->hmask) >= ((j - i) & t->hmask)) {
			t->hidx[i] = t->hidx[j];
			i = j;
		}
	}
	t->hidx[i] = 0;
}

static void index_rec(struct trie *t, uint32_t x)
{
	const struct trie_node *n;

	while ((n = node_at(t, x)) != NULL) {
		if (x & IDX_ENTRY)
			hidx_put(t, t->hidx, t->hmask, x, slot_hash(t, x));
		index_rec(t, n->child[0]);
		x = n->child[1];
	}
}

int trie_index_enable(struct trie *t)
{
	uint32_t n = 64;

	if (t->hidx)
		return 0;
	while (n < t->nentries * 2)
		n *= 2;
	t->hidx = calloc(n, sizeof(*t->hidx));
	if (!t->hidx)
		return -1;
	t->hmask = n - 1;
	index_rec(t, t->root);	/* entries already there, if any */
	return 0;
}

size_t trie_index_bytes(const struct trie *t)
{
	return t->hidx ? (size_t)(t->hmask + 1) * sizeof(*t->hidx) : 0;
}

/*
 * Link new entry x (node n) where the descent for k stopped: at an empty
 * link, above cur (n is less specific), in place of a glue node with the
 * same key, or under a new glue node where k and cur part.
 */
static int link_entry(struct trie *t, uint32_t *link, const struct tkey *k,
		      uint32_t x, struct trie_node *n)
{
	struct trie_node *cur = node_at(t, *link), *g;
	unsigned cl;
	uint32_t gx;

	if (!cur) {
		*link = x;
		return 0;
	}
	cl = common_len(t, k, cur);
	if (cl == cur->len) {
		/* cur is glue for exactly k: the entry takes its place. */
		n->child[0] = cur->child[0];
		n->child[1] = cur->child[1];
		gx = *link;
		*link = x;
		ipool_free(&t->glue, gx);
	} else if (cl == k->len) {
		n->child[node_bit(cur, cl)] = *link;
		*link = x;
	} else {
		gx = glue_new(t, k, cl, &g);
		if (!gx)
			return -1;
		g->child[key_bit(k, cl)] = x;
		g->child[node_bit(cur, cl)] = *link;
		*link = gx;
	}
	return 0;
}

struct trie_node *trie_get(struct trie *t, const struct prefix *p,
			   bool *created)
{
	uint32_t *link = &t->root, x;
	struct trie_node *cur, *n;
	struct tkey k;

	*created = false;
	if (!prefix_ok(t, p))
		return NULL;
	key_from_prefix(p, &k);
	if (t->hidx) {
		uint32_t *s = hidx_find(t, &k);

		if (s)
			return node_at(t, *s);
		if (hidx_reserve(t) < 0)
			return NULL;
	}
	while ((cur = node_at(t, *link)) != NULL) {
		if (common_len(t, &k, cur) < cur->len || cur->len == k.len)
			break;
		link = &cur->child[key_bit(&k, cur->len)];
	}
	if (cur && cur->len == k.len && (cur->flags & TRIE_F_ENTRY) &&
	    common_len(t, &k, cur) == k.len)
		return cur;
	x = entry_new(t, &k, &n);
	if (!x)
		return NULL;
	if (link_entry(t, link, &k, x, n) < 0) {
		ipool_free(&t->entries, x & ~IDX_ENTRY);
		return NULL;
	}
	if (t->hidx)
		hidx_put(t, t->hidx, t->hmask, x, key_hash(t, &k));
	t->nentries++;
	*created = true;
	return n;
}

int trie_remove(struct trie *t, struct trie_node *n)
{
	uint32_t *link = &t->root, *plink = NULL, x, gx;
	struct trie_node *cur, *p, *g;
	struct tkey k;

	key_from_node(t, n, &k);
	while ((cur = node_at(t, *link)) != n) {
		if (!cur || cur->len >= k.len)
			return -1;
		plink = link;
		link = &cur->child[key_bit(&k, cur->len)];
	}
	x = *link;
	if (t->hidx)
		hidx_del(t, hidx_find(t, &k));
	if (n->child[0] && n->child[1]) {
		/*
		 * Still a branch point: it stays as glue.  Out of memory here
		 * cannot be reported to anyone who could undo a withdraw.
		 */
		gx = glue_new(t, &k, k.len, &g);
		if (!gx)
			fatal("trie: out of memory removing a prefix");
		g->child[0] = n->child[0];
		g->child[1] = n->child[1];
		*link = gx;
	} else if (n->child[0] || n->child[1]) {
		*link = n->child[0] ? n->child[0] : n->child[1];
	} else {
		*link = 0;
		p = plink ? node_at(t, *plink) : NULL;
		if (p && !(p->flags & TRIE_F_ENTRY)) {
			/* The parent glue is left with one child: drop it. */
			gx = *plink;
			*plink = p->child[0] ? p->child[0] : p->child[1];
			ipool_free(&t->glue, gx);
		}
	}
	ipool_free(&t->entries, x & ~IDX_ENTRY);
	t->nentries--;
	return 0;
}

struct trie_node *trie_lookup(const struct trie *t, const struct prefix *p)
{
	struct trie_node *cur = node_at(t, t->root);
	struct tkey k;

	if (!prefix_ok(t, p))
		return NULL;
	key_from_prefix(p, &k);
	if (t->hidx) {
		const uint32_t *s = hidx_find(t, &k);

		return s ? node_at(t, *s) : NULL;
	}
	while (cur && cur->len < k.len)
		cur = node_at(t, cur->child[key_bit(&k, cur->len)]);
	if (!cur || cur->len != k.len || !(cur->flags & TRIE_F_ENTRY))
		return NULL;
	return common_len(t, &k, cur) == k.len ? cur : NULL;
}

struct trie_node *trie_match(const struct trie *t, const struct prefix *p)
{
	struct trie_node *cur = node_at(t, t->root), *best = NULL;
	struct tkey k;

	if (!prefix_ok(t, p))
		return NULL;
	key_from_prefix(p, &k);
	while (cur && cur->len <= k.len) {
		if (common_len(t, &k, cur) < cur->len)
			break;
		if (cur->flags & TRIE_F_ENTRY)
			best = cur;
		if (cur->len == k.len)
			break;
		cur = node_at(t, cur->child[key_bit(&k, cur->len)]);
	}
	return best;
}

/* First entry of a subtree in walk order: glue always has child[0]. */
static struct trie_node *subtree_first(const struct trie *t,
				       struct trie_node *n)
{
	while (n && !(n->flags & TRIE_F_ENTRY))
		n = node_at(t, n->child[0]);
	return n;
}

struct trie_node *trie_first(const struct trie *t)
{
	return subtree_first(t, node_at(t, t->root));
}

/*
 * The order is (address, length): a node's subtree comes right after the
 * node, child[0]'s before child[1]'s.  Descend towards p remembering the
 * nearest child[1] subtree we passed on its left: that is where the walk
 * continues when nothing below p's position follows p.
 */
struct trie_node *trie_next(const struct trie *t, const struct prefix *p)
{
	struct trie_node *cur = node_at(t, t->root), *later = NULL, *r;
	struct tkey k;
	unsigned cl, b;

	if (!prefix_ok(t, p))
		return NULL;
	key_from_prefix(p, &k);
	while (cur) {
		cl = common_len(t, &k, cur);
		if (cl < cur->len) {
			/* cur's subtree lies wholly before or after p. */
			if (cl == k.len || node_bit(cur, cl))
				return subtree_first(t, cur);
			break;
		}
		if (cur->len == k.len) {
			r = subtree_first(t, node_at(t, cur->child[0]));
			if (!r)
				r = subtree_first(t, node_at(t, cur->child[1]));
			return r ? r : subtree_first(t, later);
		}
		b = key_bit(&k, cur->len);
		if (b == 0 && cur->child[1])
			later = node_at(t, cur->child[1]);
		cur = node_at(t, cur->child[b]);
	}
	return subtree_first(t, later);
}

static int walk_rec(struct trie *t, struct trie_node *n,
		    int (*fn)(struct trie_node *, void *), void *arg)
{
	uint32_t c0, c1;
	int r;

	while (n) {
		/* Children first: fn may remove n. */
		c0 = n->child[0];
		c1 = n->child[1];
		if ((n->flags & TRIE_F_ENTRY) && (r = fn(n, arg)) != 0)
			return r;
		if (c0 && (r = walk_rec(t, node_at(t, c0), fn, arg)) != 0)
			return r;
		n = node_at(t, c1);	/* tail call by hand */
	}
	return 0;
}

int trie_walk(struct trie *t, int (*fn)(struct trie_node *n, void *arg),
	      void *arg)
{
	return walk_rec(t, node_at(t, t->root), fn, arg);
}

void trie_cursor_init(struct trie_cursor *c)
{
	memset(c, 0, sizeof(*c));
}

struct trie_node *trie_cursor_next(const struct trie *t, struct trie_cursor *c)
{
	struct trie_node *n;

	n = c->started ? trie_next(t, &c->last) : trie_first(t);
	if (n) {
		trie_node_prefix(t, n, &c->last);
		c->started = true;
	}
	return n;
}

struct fini_ctx {
	void (*fini)(struct trie_node *n, void *arg);
	void *arg;
};

static int fini_one(struct trie_node *n, void *arg)
{
	struct fini_ctx *f = arg;

	f->fini(n, f->arg);
	return 0;
}

void trie_destroy(struct trie *t, void (*fini)(struct trie_node *n, void *arg),
		  void *arg)
{
	struct fini_ctx f = { fini, arg };

	if (fini)
		trie_walk(t, fini_one, &f);
	ipool_destroy(&t->entries);
	ipool_destroy(&t->glue);
	free(t->hidx);
	t->hidx = NULL;
	t->hmask = 0;
	t->root = 0;
	t->nentries = 0;
}

size_t trie_entry_bytes(const struct trie *t)
{
	return ipool_inuse_bytes(&t->entries);
}

size_t trie_glue_bytes(const struct trie *t)
{
	return ipool_inuse_bytes(&t->glue);
}

size_t trie_alloc_bytes(const struct trie *t)
{
	return ipool_bytes(&t->entries) + ipool_bytes(&t->glue);
}

size_t trie_glue_count(const struct trie *t)
{
	return t->glue.inuse;
}

static int check_rec(const struct trie *t, const struct trie_node *n,
		     size_t *entries)
{
	struct tkey k;
	unsigned b, i;

	key_from_node(t, n, &k);
	for (i = 0; i < 4; i++)
		if (k.w[i] & ~word_mask(n->len, i))
			return -1;	/* host bits set */
	if (n->flags & TRIE_F_ENTRY) {
		(*entries)++;
		const uint32_t *hs = t->hidx ? hidx_find(t, &k) : NULL;

		if (t->hidx && (!hs || node_at(t, *hs) != n))
			return -1;	/* not in the index */
	} else if (!n->child[0] || !n->child[1])
		return -1;		/* glue with fewer than two children */
	for (b = 0; b < 2; b++) {
		const struct trie_node *c = node_at(t, n->child[b]);

		if (!c)
			continue;
		if (((n->child[b] & IDX_ENTRY) != 0) !=
		    ((c->flags & TRIE_F_ENTRY) != 0))
			return -1;	/* link kind and node kind disagree */
		if (c->len <= n->len || common_len(t, &k, c) != n->len ||
		    node_bit(c, n->len) != b)
			return -1;
		if (check_rec(t, c, entries) < 0)
			return -1;
	}
	return 0;
}

int trie_check(const struct trie *t)
{
	size_t entries = 0;
	const struct trie_node *r = node_at(t, t->root);
	uint32_t i, indexed = 0;

	if (r && check_rec(t, r, &entries) < 0)
		return -1;
	for (i = 0; t->hidx && i <= t->hmask; i++)
		indexed += t->hidx[i] != 0;
	if (t->hidx && indexed != t->nentries)
		return -1;
	return entries == t->nentries ? 0 : -1;
}
