/*
 * adjin.c: a stored Adj-RIB-In (adjin.h): a patricia trie whose entries
 * are one pointer to an interned attribute set.  The trie has no hash
 * index (trie_index_enable): lookups here come with a whole UPDATE's
 * decode around them, and the index would cost 8-16 bytes a prefix per
 * peer that has the option.
 */
#include <stddef.h>

#include "adjin.h"
#include "attr.h"

struct adjin_entry {
	struct attr *attr;	/* one reference */
	struct trie_node node;	/* last: IPv6 key words follow */
};

static struct adjin_entry *node_entry(const struct trie_node *n)
{
	return (struct adjin_entry *)((char *)n -
				      offsetof(struct adjin_entry, node));
}

void adjin_init(struct adjin *a, enum bgp_af af)
{
	trie_init(&a->t, bgp_af_family(af), sizeof(struct adjin_entry),
		  offsetof(struct adjin_entry, node),
		  _Alignof(struct adjin_entry));
	a->on = true;
}

static void entry_fini(struct trie_node *n, void *arg)
{
	(void)arg;
	attr_unref(node_entry(n)->attr);
}

void adjin_fini(struct adjin *a)
{
	if (!a->on)
		return;
	trie_destroy(&a->t, entry_fini, NULL);
	a->on = false;
}

int adjin_set(struct adjin *a, const struct prefix *p, struct attr *attr)
{
	struct trie_node *n;
	struct adjin_entry *e;
	bool created;

	if (!a->on)
		return 0;
	n = trie_get(&a->t, p, &created);
	if (!n)
		return -1;
	e = node_entry(n);
	if (e->attr == attr)
		return 0;
	attr_unref(e->attr);
	e->attr = attr_ref(attr);
	return 0;
}

void adjin_del(struct adjin *a, const struct prefix *p)
{
	struct trie_node *n;

	if (!a->on || !(n = trie_lookup(&a->t, p)))
		return;
	attr_unref(node_entry(n)->attr);
	trie_remove(&a->t, n);
}

size_t adjin_count(const struct adjin *a)
{
	return a->on ? a->t.nentries : 0;
}

struct walk_ctx {
	const struct trie *t;
	int (*fn)(const struct prefix *p, struct attr *attr, void *arg);
	void *arg;
};

static int walk_one(struct trie_node *n, void *arg)
{
	struct walk_ctx *w = arg;
	struct prefix p;

	trie_node_prefix(w->t, n, &p);
	return w->fn(&p, node_entry(n)->attr, w->arg);
}

int adjin_walk(struct adjin *a,
	       int (*fn)(const struct prefix *p, struct attr *attr, void *arg),
	       void *arg)
{
	struct walk_ctx w = { &a->t, fn, arg };

	if (!a->on)
		return 0;
	return trie_walk(&a->t, walk_one, &w);
}

size_t adjin_bytes(const struct adjin *a)
{
	return a->on ? trie_entry_bytes(&a->t) + trie_glue_bytes(&a->t) : 0;
}
