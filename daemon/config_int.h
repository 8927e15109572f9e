/*
 * config_int.h: what the config_*.c files share and nobody else sees: the
 * parser state, the token cursor, the diagnostics helpers and a small
 * hash table.  Include only from daemon/config*.c.
 *
 * A line is split into blank-separated words; every handler reads them
 * through the cursor below (cfg_tk_*), which reports "expected X, got Y"
 * errors with the word's column.  A handler returns 0, or -1 after it has
 * reported exactly one error for the line.
 */
#ifndef OKAPI_CONFIG_INT_H
#define OKAPI_CONFIG_INT_H

#include <stdarg.h>
#include <stddef.h>

#include "config.h"

/* Chained hash table keyed by byte strings; used so that large configs
 * (thousands of neighbors or prefix-list lines) parse in linear time. */
struct cfg_ht_node;
struct cfg_ht {
	struct cfg_ht_node **b;
	size_t nb, n;
};

void config_ht_init(struct cfg_ht *h);
void config_ht_free(struct cfg_ht *h);
void *config_ht_get(const struct cfg_ht *h, const void *key, size_t klen);
void config_ht_put(struct cfg_ht *h, const void *key, size_t klen, void *v);

/* Build a key: a tag byte, then raw bytes. */
struct cfg_key {
	size_t n;
	unsigned char b[64];
	const char *str; /* optional name appended (not copied) */
};

enum cfg_node {
	CFG_NODE_CONFIG,
	CFG_NODE_BGP,	 /* router bgp; per-AF lines mean IPv4 */
	CFG_NODE_BGP_AF, /* address-family ... exit-address-family */
	CFG_NODE_RMAP,
	CFG_NODE_VTY,
};

struct cfg_tok {
	char *s;
	unsigned col;
};

struct cfg_ps {
	const char *fname;
	struct config *c;
	struct config_diag *d;
	enum cfg_node node;
	enum bgp_af af;	 /* family of per-AF lines */
	struct rmap *rm; /* current route-map (NULL after an error) */
	struct rmap_entry *rme;
	unsigned line;
	unsigned eol_col; /* column just past the last word */
	struct cfg_tok *t;
	unsigned n, i;	  /* words on the line, cursor */
	bool neg;	  /* line started with "no" */
	bool line_failed; /* an error was reported for this line */
	struct cfg_ht ht; /* lookups by name/address/seq while parsing */
};

/* --- objects with their defaults (config.c) --- */
struct nbr_conf *config_nbr_new(const struct ipaddr *addr);
void config_nbr_free(struct nbr_conf *n);
struct bgp_conf *config_bgp_new(uint32_t asn);
void config_rmap_entry_free(struct rmap_entry *e);

/* --- diagnostics (config.c) --- */
void config_diag_add(struct config_diag *d, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- cursor and errors (config_lex.c) --- */
int config_err(struct cfg_ps *ps, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void config_warn(struct cfg_ps *ps, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Report the usual "not supported yet" warning for words [from, i). */
void config_warn_unsupported(struct cfg_ps *ps, unsigned from);
/* Quote a user word for a message: bounded, non-printables escaped. */
const char *config_quote(const char *s, char *buf, size_t len);

const char *config_tk_peek(const struct cfg_ps *ps);
unsigned config_tk_col(const struct cfg_ps *ps);
bool config_tk_more(const struct cfg_ps *ps);
/* Consume the next word if it is kw. */
bool config_tk_accept(struct cfg_ps *ps, const char *kw);
/* Error "expected WHAT, got X" (or "expected WHAT after ...") here. */
int config_tk_expected(struct cfg_ps *ps, const char *what);
int config_tk_end(struct cfg_ps *ps);
int config_tk_word(struct cfg_ps *ps, const char *what, const char **out);
int config_tk_kw(struct cfg_ps *ps, const char *const *kws, int *out);
/*
 * The attribute type codes of `... path-attribute discard N...` /
 * `bgp unknown-attribute discard N...` into a 32-byte bitmap (attr.h's
 * layout): set them, or with ps->neg clear them (all when none given).
 */
int config_tk_attr_codes(struct cfg_ps *ps, uint8_t *bm);
int config_tk_u32(struct cfg_ps *ps, uint32_t min, uint32_t max,
		  const char *what, uint32_t *out);
int config_tk_asn(struct cfg_ps *ps, uint32_t *out);
int config_tk_addr(struct cfg_ps *ps, int af, const char *what,
		   struct ipaddr *out);
int config_tk_prefix(struct cfg_ps *ps, int af, const char *what,
		     struct prefix *out);
/* The rest of the line joined by single blanks (newly allocated). */
int config_tk_rest(struct cfg_ps *ps, const char *what, char **out);
/* The words [from, n) joined by single blanks (newly allocated). */
char *config_tk_join(const struct cfg_ps *ps, unsigned from, unsigned to);
/* A list of allowed keywords, for "expected one of" messages. */
char *config_kw_list(const char *const *kws);

bool config_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
bool config_parse_asn(const char *s, uint32_t *out);

void *config_xcalloc(size_t n, size_t size);
void *config_xrealloc(void *p, size_t n, size_t size);
char *config_xstrdup(const char *s);
/* Replace *dst by a copy of s (NULL allowed). */
void config_set_str(char **dst, const char *s);

void config_key_init(struct cfg_key *k, char tag);
void config_key_add(struct cfg_key *k, const void *p, size_t n);
void *config_key_get(struct cfg_ps *ps, const struct cfg_key *k);
void config_key_put(struct cfg_ps *ps, const struct cfg_key *k, void *v);

/* --- command handlers per node --- */
int config_cmd_top(struct cfg_ps *ps);
int config_cmd_bgp(struct cfg_ps *ps);
int config_cmd_rmap(struct cfg_ps *ps);
int config_cmd_router_bgp(struct cfg_ps *ps);
int config_cmd_neighbor(struct cfg_ps *ps); /* config_nbr.c */
int config_cmd_route_map(struct cfg_ps *ps);
/* Filter lists (config_lists.c); the cursor is past the list keyword. */
int config_cmd_acl(struct cfg_ps *ps, int af);
int config_cmd_plist(struct cfg_ps *ps, int af);
int config_cmd_clist(struct cfg_ps *ps, bool large);
int config_cmd_aslist(struct cfg_ps *ps);
/* Does the word start a command of this node? */
bool config_bgp_knows(const char *kw, bool in_af);
bool config_rmap_knows(const char *kw);
bool config_top_knows(const char *kw);
extern const char *const config_bgp_kws[];
extern const char *const config_bgp_af_kws[];
extern const char *const config_rmap_kws[];
extern const char *const config_top_kws[];

/* Reverse a singly linked list (parsing prepends, in O(1)). */
#define REVERSE(type, head)                                                    \
	do {                                                                   \
		type *r_ = NULL, *x_ = (head), *n_;                            \
		for (; x_; x_ = n_) {                                          \
			n_ = x_->next;                                         \
			x_->next = r_;                                         \
			r_ = x_;                                               \
		}                                                              \
		(head) = r_;                                                   \
	} while (0)

/* End of parse: restore file order, sort, normalise. */
void config_bgp_finish(struct cfg_ps *ps);
void config_lists_finish(struct cfg_ps *ps);
void config_rmap_finish(struct cfg_ps *ps);

/* Parse-time lookups (hash backed). */
struct nbr_conf *config_ps_nbr(struct cfg_ps *ps, const struct ipaddr *a);


/* Community values: "AA:NN", well-known names. */
bool config_community_ok(const char *s);
bool config_lcommunity_ok(const char *s);

#endif
