/*
 * trie.h: a path-compressed binary (patricia) trie of IPv4 or IPv6
 * prefixes, one trie per family.  Lookup, insert and delete are
 * O(prefix length); the walk is in the order Quagga prints a table
 * (ascending address, a prefix before its more-specifics).
 *
 * The trie is intrusive and owns the memory of its entries: the owner's
 * entry struct ends with a struct trie_node, trie_get() allocates it
 * (with trie_node_extra(af) bytes behind the node: IPv6 keeps key bits
 * 32..127 there) and trie_remove() frees it.  Children are 32-bit
 * indices into two index pools, one for entries and one for "glue"
 * nodes (the branch points that are not prefixes of the table), so a
 * node is 16 bytes for IPv4 and 28 for IPv6.
 *
 * A walk that must survive inserts and deletes between steps (the vty's
 * chunked output, the initial dump to a peer) uses a struct trie_cursor,
 * which remembers the last prefix returned, not a node, and finds the
 * next one in O(prefix length).
 */
#ifndef OKAPI_TRIE_H
#define OKAPI_TRIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pool.h"
#include "prefix.h"

struct trie_node {
	uint32_t child[2];		/* TRIE_IDX_* encoded, 0: none */
	uint8_t len;			/* prefix length */
	uint8_t flags;			/* TRIE_F_* */
	uint16_t owner;			/* free for the owner of the entry */
	uint32_t key0;			/* address bits 0..31, host order */
	/* IPv6: uint32_t key[3] (bits 32..127) follow in the allocation */
};

#define TRIE_F_ENTRY 0x01		/* an entry of the owner, not glue */

struct trie {
	uint32_t root;
	uint8_t af;			/* AF_INET or AF_INET6 */
	size_t nentries;
	size_t node_off;		/* offset of the node in an entry */
	struct ipool entries;		/* owner's structs, node at node_off */
	struct ipool glue;
	uint32_t *hidx;			/* exact-match index, NULL: none */
	uint32_t hmask;			/* slots - 1 */
};

struct trie_cursor {
	struct prefix last;		/* last prefix returned */
	bool started;
};

/*
 * entry_size: sizeof the owner's entry struct, whose last member is the
 * struct trie_node at offset node_off; entry_align its alignment.
 */
void trie_init(struct trie *t, int af, size_t entry_size, size_t node_off,
	       size_t entry_align);
/*
 * Remove everything: each entry is handed to fini (may be NULL) before
 * its memory is freed with the rest.
 */
void trie_destroy(struct trie *t, void (*fini)(struct trie_node *n, void *arg),
		  void *arg);

/* Bytes to allocate behind the struct trie_node of an entry. */
static inline size_t trie_node_extra(int af)
{
	return af == AF_INET6 ? 3 * sizeof(uint32_t) : 0;
}

/*
 * Keep a hash index of the entries (4 bytes a slot, at most half full):
 * an exact lookup then costs one or two cache misses instead of one per
 * trie level below the cached top, which matters when updates come in
 * random order (a BIRD peer exports its table in hash order).  0, or -1
 * when out of memory (the trie works without it).
 */
int trie_index_enable(struct trie *t);

/* The prefix of a node (entry or glue). */
void trie_node_prefix(const struct trie *t, const struct trie_node *n,
		      struct prefix *out);

/*
 * The entry for p, created if absent (*created tells; the owner's part
 * of a new entry is zeroed).  NULL when out of memory.
 */
struct trie_node *trie_get(struct trie *t, const struct prefix *p,
			   bool *created);
/* Unlink entry n and free it.  -1 if n is not in the trie. */
int trie_remove(struct trie *t, struct trie_node *n);
/* The owner's struct around an entry node. */
static inline void *trie_entry(const struct trie *t, const struct trie_node *n)
{
	return (char *)n - t->node_off;
}

/* The entry for exactly p, or NULL. */
struct trie_node *trie_lookup(const struct trie *t, const struct prefix *p);
/* The longest entry containing p (an address is a /32 or /128), or NULL. */
struct trie_node *trie_match(const struct trie *t, const struct prefix *p);

/* First entry in walk order, and the first entry after prefix p. */
struct trie_node *trie_first(const struct trie *t);
struct trie_node *trie_next(const struct trie *t, const struct prefix *p);

/*
 * Visit every entry in order.  fn may remove the node it is given but
 * change nothing else in the trie; a non-zero return stops the walk and
 * is returned.
 */
int trie_walk(struct trie *t, int (*fn)(struct trie_node *n, void *arg),
	      void *arg);

void trie_cursor_init(struct trie_cursor *c);
/* The next entry after the cursor, or NULL at the end. */
struct trie_node *trie_cursor_next(const struct trie *t, struct trie_cursor *c);

/* Bytes of entries and of glue nodes in use, and taken from the system. */
size_t trie_entry_bytes(const struct trie *t);
size_t trie_glue_bytes(const struct trie *t);
size_t trie_alloc_bytes(const struct trie *t);
size_t trie_index_bytes(const struct trie *t);
size_t trie_glue_count(const struct trie *t);
/* Check the structural invariants (tests): 0 if they hold. */
int trie_check(const struct trie *t);

#endif
