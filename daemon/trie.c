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
 * common-prefix length are a shift and a count-leading-zeros.
 */
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

void trie_init(struct trie *t, int af)
{
	t->root = NULL;
	t->af = (uint8_t)af;
	t->nentries = 0;
	pool_init(&t->glue, sizeof(struct trie_node) + trie_node_extra(af));
}

void trie_node_init(const struct trie *t, struct trie_node *n,
		    const struct prefix *p)
{
	struct tkey k;

	key_from_prefix(p, &k);
	n->child[0] = n->child[1] = NULL;
	n->flags = TRIE_F_ENTRY;
	n->owner = 0;
	node_set_key(t, n, &k, k.len);
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

static struct trie_node *glue_new(struct trie *t, const struct tkey *k,
				  unsigned len)
{
	struct trie_node *g = pool_alloc(&t->glue);

	if (!g)
		return NULL;
	g->child[0] = g->child[1] = NULL;
	g->flags = 0;
	g->owner = 0;
	node_set_key(t, g, k, len);
	return g;
}

/* Fill a tkey from a node (to build glue from a node's key). */
static void key_from_node(const struct trie *t, const struct trie_node *n,
			  struct tkey *k)
{
	unsigned i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < trie_words(t); i++)
		k->w[i] = node_word(n, i);
	k->len = n->len;
}

struct trie_node *trie_insert(struct trie *t, struct trie_node *n)
{
	struct trie_node **link = &t->root, *cur, *g;
	struct tkey k;
	unsigned cl;

	key_from_node(t, n, &k);
	n->child[0] = n->child[1] = NULL;
	n->flags |= TRIE_F_ENTRY;
	while ((cur = *link) != NULL) {
		cl = common_len(t, &k, cur);
		if (cl < cur->len) {
			if (cl == k.len) {
				/* n is a less specific of cur: put it above. */
				n->child[node_bit(cur, cl)] = cur;
			} else {
				/* They part at bit cl: a glue node joins them. */
				g = glue_new(t, &k, cl);
				if (!g)
					return NULL;
				g->child[key_bit(&k, cl)] = n;
				g->child[node_bit(cur, cl)] = cur;
				*link = g;
				t->nentries++;
				return n;
			}
			*link = n;
			t->nentries++;
			return n;
		}
		if (cur->len == k.len) {
			if (cur->flags & TRIE_F_ENTRY)
				return cur;
			/* A glue node becomes the entry. */
			n->child[0] = cur->child[0];
			n->child[1] = cur->child[1];
			*link = n;
			pool_free(&t->glue, cur);
			t->nentries++;
			return n;
		}
		link = &cur->child[key_bit(&k, cur->len)];
	}
	*link = n;
	t->nentries++;
	return n;
}

int trie_remove(struct trie *t, struct trie_node *n)
{
	struct trie_node **link = &t->root, **plink = NULL, *cur, *p, *g;
	struct tkey k;

	key_from_node(t, n, &k);
	while ((cur = *link) != n) {
		if (!cur || cur->len >= k.len)
			return -1;
		plink = link;
		link = &cur->child[key_bit(&k, cur->len)];
	}
	if (n->child[0] && n->child[1]) {
		/*
		 * Still a branch point: it stays as glue.  Out of memory here
		 * cannot be reported to anyone who could undo a withdraw.
		 */
		g = glue_new(t, &k, k.len);
		if (!g)
			fatal("trie: out of memory removing a prefix");
		g->child[0] = n->child[0];
		g->child[1] = n->child[1];
		*link = g;
	} else if (n->child[0] || n->child[1]) {
		*link = n->child[0] ? n->child[0] : n->child[1];
	} else {
		*link = NULL;
		p = plink ? *plink : NULL;
		if (p && !(p->flags & TRIE_F_ENTRY)) {
			/* The parent glue is left with one child: drop it. */
			*plink = p->child[0] ? p->child[0] : p->child[1];
			pool_free(&t->glue, p);
		}
	}
	n->child[0] = n->child[1] = NULL;
	t->nentries--;
	return 0;
}

struct trie_node *trie_lookup(const struct trie *t, const struct prefix *p)
{
	struct trie_node *cur = t->root;
	struct tkey k;

	if (p->af != t->af)
		return NULL;
	key_from_prefix(p, &k);
	while (cur && cur->len < k.len)
		cur = cur->child[key_bit(&k, cur->len)];
	if (!cur || cur->len != k.len || !(cur->flags & TRIE_F_ENTRY))
		return NULL;
	return common_len(t, &k, cur) == k.len ? cur : NULL;
}

struct trie_node *trie_match(const struct trie *t, const struct prefix *p)
{
	struct trie_node *cur = t->root, *best = NULL;
	struct tkey k;

	if (p->af != t->af)
		return NULL;
	key_from_prefix(p, &k);
	while (cur && cur->len <= k.len) {
		if (common_len(t, &k, cur) < cur->len)
			break;
		if (cur->flags & TRIE_F_ENTRY)
			best = cur;
		if (cur->len == k.len)
			break;
		cur = cur->child[key_bit(&k, cur->len)];
	}
	return best;
}

/* First entry of a subtree in walk order: glue always has child[0]. */
static struct trie_node *subtree_first(struct trie_node *n)
{
	while (n && !(n->flags & TRIE_F_ENTRY))
		n = n->child[0];
	return n;
}

struct trie_node *trie_first(const struct trie *t)
{
	return subtree_first(t->root);
}

/*
 * The order is (address, length): a node's subtree comes right after the
 * node, child[0]'s before child[1]'s.  Descend towards p remembering the
 * nearest child[1] subtree we passed on its left: that is where the walk
 * continues when nothing below p's position follows p.
 */
struct trie_node *trie_next(const struct trie *t, const struct prefix *p)
{
	struct trie_node *cur = t->root, *later = NULL, *r;
	struct tkey k;
	unsigned cl;

	if (p->af != t->af)
		return NULL;
	key_from_prefix(p, &k);
	while (cur) {
		cl = common_len(t, &k, cur);
		if (cl < cur->len) {
			/* cur's subtree lies wholly before or after p. */
			if (cl == k.len || node_bit(cur, cl))
				return subtree_first(cur);
			break;
		}
		if (cur->len == k.len) {
			r = subtree_first(cur->child[0]);
			if (!r)
				r = subtree_first(cur->child[1]);
			return r ? r : subtree_first(later);
		}
		if (key_bit(&k, cur->len) == 0 && cur->child[1])
			later = cur->child[1];
		cur = cur->child[key_bit(&k, cur->len)];
	}
	return subtree_first(later);
}

static int walk_rec(struct trie_node *n, int (*fn)(struct trie_node *, void *),
		    void *arg)
{
	struct trie_node *c0, *c1;
	int r;

	while (n) {
		/* Children first: fn may unlink and free n. */
		c0 = n->child[0];
		c1 = n->child[1];
		if ((n->flags & TRIE_F_ENTRY) && (r = fn(n, arg)) != 0)
			return r;
		if (c0 && (r = walk_rec(c0, fn, arg)) != 0)
			return r;
		n = c1;		/* tail call by hand */
	}
	return 0;
}

int trie_walk(struct trie *t, int (*fn)(struct trie_node *n, void *arg),
	      void *arg)
{
	return walk_rec(t->root, fn, arg);
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

static void destroy_rec(struct trie *t, struct trie_node *n,
			void (*free_entry)(struct trie_node *, void *),
			void *arg)
{
	struct trie_node *c0, *c1;

	if (!n)
		return;
	c0 = n->child[0];
	c1 = n->child[1];
	n->child[0] = n->child[1] = NULL;
	if (!(n->flags & TRIE_F_ENTRY))
		pool_free(&t->glue, n);
	else if (free_entry)
		free_entry(n, arg);
	destroy_rec(t, c0, free_entry, arg);
	destroy_rec(t, c1, free_entry, arg);
}

void trie_destroy(struct trie *t, void (*free_entry)(struct trie_node *n,
						     void *arg),
		  void *arg)
{
	destroy_rec(t, t->root, free_entry, arg);
	t->root = NULL;
	t->nentries = 0;
	pool_destroy(&t->glue);
}

size_t trie_glue_bytes(const struct trie *t)
{
	return pool_inuse_bytes(&t->glue);
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
	if (n->flags & TRIE_F_ENTRY)
		(*entries)++;
	else if (!n->child[0] || !n->child[1])
		return -1;		/* glue with fewer than two children */
	for (b = 0; b < 2; b++) {
		const struct trie_node *c = n->child[b];

		if (!c)
			continue;
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

	if (t->root && check_rec(t, t->root, &entries) < 0)
		return -1;
	return entries == t->nentries ? 0 : -1;
}
