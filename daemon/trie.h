/*
 * trie.h: a path-compressed binary (patricia) trie of IPv4 or IPv6
 * prefixes, one trie per family.  Lookup, insert and delete are
 * O(prefix length); the walk is in the order Quagga prints a table
 * (ascending address, a prefix before its more-specifics).
 *
 * The trie is intrusive: the owner embeds a struct trie_node as the LAST
 * member of its own entry and allocates trie_node_extra(af) more bytes
 * behind it (IPv6 keeps key bits 32..127 there, so an IPv4 node is 24
 * bytes, an IPv6 one 36).  The trie allocates only its "glue" nodes (the
 * branch points that are not prefixes of the table) from its own pool.
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
	struct trie_node *child[2];
	uint8_t len;			/* prefix length */
	uint8_t flags;			/* TRIE_F_* */
	uint16_t owner;			/* free for the owner of the entry */
	uint32_t key0;			/* address bits 0..31, host order */
	/* IPv6: uint32_t key[3] (bits 32..127) follow in the allocation */
};

#define TRIE_F_ENTRY 0x01		/* an entry of the owner, not glue */

struct trie {
	struct trie_node *root;
	uint8_t af;			/* AF_INET or AF_INET6 */
	size_t nentries;
	struct pool glue;
};

struct trie_cursor {
	struct prefix last;		/* last prefix returned */
	bool started;
};

void trie_init(struct trie *t, int af);
/*
 * Remove everything: glue nodes are freed, each entry is handed to
 * free_entry (may be NULL) after it has been unlinked.
 */
void trie_destroy(struct trie *t, void (*free_entry)(struct trie_node *n,
						     void *arg),
		  void *arg);

/* Bytes to allocate behind the struct trie_node of an entry. */
static inline size_t trie_node_extra(int af)
{
	return af == AF_INET6 ? 3 * sizeof(uint32_t) : 0;
}

/* Set the key of an entry node before trie_insert(). */
void trie_node_init(const struct trie *t, struct trie_node *n,
		    const struct prefix *p);
/* The prefix of a node (entry or glue). */
void trie_node_prefix(const struct trie *t, const struct trie_node *n,
		      struct prefix *out);

/*
 * Insert entry node n (key set by trie_node_init).  Returns n, or the
 * entry already holding that prefix (n is then not linked), or NULL when
 * a glue node could not be allocated.
 */
struct trie_node *trie_insert(struct trie *t, struct trie_node *n);
/* Unlink entry n; the caller frees it.  -1 if n is not in the trie. */
int trie_remove(struct trie *t, struct trie_node *n);

/* The entry for exactly p, or NULL. */
struct trie_node *trie_lookup(const struct trie *t, const struct prefix *p);
/* The longest entry containing p (an address is a /32 or /128), or NULL. */
struct trie_node *trie_match(const struct trie *t, const struct prefix *p);

/* First entry in walk order, and the first entry after prefix p. */
struct trie_node *trie_first(const struct trie *t);
struct trie_node *trie_next(const struct trie *t, const struct prefix *p);

/*
 * Visit every entry in order.  fn may unlink (and free) the node it is
 * given but nothing else; a non-zero return stops the walk and is
 * returned.
 */
int trie_walk(struct trie *t, int (*fn)(struct trie_node *n, void *arg),
	      void *arg);

void trie_cursor_init(struct trie_cursor *c);
/* The next entry after the cursor, or NULL at the end. */
struct trie_node *trie_cursor_next(const struct trie *t, struct trie_cursor *c);

/* Bytes of glue nodes (entries belong to the owner). */
size_t trie_glue_bytes(const struct trie *t);
size_t trie_glue_count(const struct trie *t);
/* Check the structural invariants (tests): 0 if they hold. */
int trie_check(const struct trie *t);

#endif
