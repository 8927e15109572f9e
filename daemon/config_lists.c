/*
 * config_lists.c: the filter lists: access-list / ipv6 access-list (zebra
 * style), ip / ipv6 prefix-list, ip|bgp community-list and
 * large-community-list, ip|bgp as-path access-list.
 *
 * Quagga's rules, kept: an entry identical to an existing one is ignored
 * (prefix-lists: unless it has the same seq); a prefix-list entry without
 * "seq" gets the next multiple of 5 above the highest seq so far, one
 * with an existing seq replaces that entry; ge must exceed the prefix
 * length, le must exceed it and not be below ge, and "le" equal to the
 * address length after a "ge" is dropped (same set of prefixes).
 *
 * While parsing, entries are prepended (O(1)) and found through the
 * parser's hash table; config_lists_finish() restores file order and
 * sorts prefix-lists by seq.  Limitation: a "seq" on community and
 * as-path lists (FRR) is accepted but entries keep file order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

static const char *const permit_deny[] = {"permit", "deny", NULL};

static int want_action(struct cfg_ps *ps, bool *permit)
{
	int k;

	if (config_tk_kw(ps, permit_deny, &k) < 0)
		return -1;
	*permit = k == 0;
	return 0;
}

static void key_ptr(struct cfg_key *k, char tag, const void *p)
{
	config_key_init(k, tag);
	config_key_add(k, &p, sizeof(p));
}

/* --- access-list --- */

static struct acl *acl_get(struct cfg_ps *ps, const char *name, int af)
{
	struct cfg_key k;
	uint8_t a = (uint8_t)af;
	struct acl *l;

	config_key_init(&k, 'A');
	config_key_add(&k, &a, 1);
	k.str = name;
	l = config_key_get(ps, &k);
	if (l)
		return l;
	l = config_xcalloc(1, sizeof(*l));
	l->name = config_xstrdup(name);
	l->af = af;
	l->next = ps->c->acls;
	ps->c->acls = l;
	config_key_put(ps, &k, l);
	return l;
}

int config_cmd_acl(struct cfg_ps *ps, int af)
{
	const char *name;
	struct acl_entry e, *n;
	struct acl *l;
	struct cfg_key k;

	memset(&e, 0, sizeof(e));
	if (config_tk_word(ps, "an access-list name", &name) < 0)
		return -1;
	if (config_tk_accept(ps, "remark")) {
		ps->i = ps->n; /* a comment; not kept */
		return 0;
	}
	if (want_action(ps, &e.permit) < 0)
		return -1;
	if (config_tk_accept(ps, "any")) {
		e.any = true;
		e.prefix.af = (uint8_t)af;
	} else {
		if (config_tk_prefix(
			ps, af,
			af == AF_INET
			    ? "\"any\" or an IPv4 prefix (A.B.C.D/M)"
			    : "\"any\" or an IPv6 prefix (X:X::X:X/M)",
			&e.prefix) < 0)
			return -1;
		e.exact_match = config_tk_accept(ps, "exact-match");
	}
	if (config_tk_end(ps) < 0)
		return -1;
	l = acl_get(ps, name, af);
	key_ptr(&k, 'a', l);
	config_key_add(&k, &e.permit, sizeof(e.permit));
	config_key_add(&k, &e.any, sizeof(e.any));
	config_key_add(&k, &e.exact_match, sizeof(e.exact_match));
	config_key_add(&k, &e.prefix, sizeof(e.prefix));
	if (config_key_get(ps, &k))
		return 0; /* duplicate: Quagga ignores it */
	n = config_xcalloc(1, sizeof(*n));
	*n = e;
	n->next = l->entries;
	l->entries = n;
	config_key_put(ps, &k, n);
	return 0;
}

/* --- prefix-list --- */

static struct plist *plist_get(struct cfg_ps *ps, const char *name, int af)
{
	struct cfg_key k;
	uint8_t a = (uint8_t)af;
	struct plist *l;

	config_key_init(&k, 'P');
	config_key_add(&k, &a, 1);
	k.str = name;
	l = config_key_get(ps, &k);
	if (l)
		return l;
	l = config_xcalloc(1, sizeof(*l));
	l->name = config_xstrdup(name);
	l->af = af;
	l->next = ps->c->plists;
	ps->c->plists = l;
	config_key_put(ps, &k, l);
	return l;
}

static int plist_range(struct cfg_ps *ps, struct plist_entry *e)
{
	unsigned max = af_maxlen(e->prefix.af), gcol = 0, lcol = 0;
	uint32_t v;

	while (config_tk_more(ps)) {
		bool ge = config_tk_accept(ps, "ge");

		if (!ge && !config_tk_accept(ps, "le"))
			return config_tk_expected(
			    ps, "\"ge\", \"le\" or end of line");
		if ((ge && gcol) || (!ge && lcol))
			return config_err(ps, ps->t[ps->i - 1].col,
					  "\"%s\" given twice",
					  ge ? "ge" : "le");
		if (ge)
			gcol = ps->t[ps->i - 1].col;
		else
			lcol = ps->t[ps->i - 1].col;
		if (config_tk_u32(ps, 0, max, "a prefix length", &v) < 0)
			return -1;
		if (ge)
			e->ge = (uint8_t)v;
		else
			e->le = (uint8_t)v;
	}
	/* Quagga's vty_prefix_list_install() checks, "% Invalid prefix
	 * range"; 0 means not given. */
	if (e->ge && e->ge <= e->prefix.len)
		return config_err(ps, gcol,
				  "invalid prefix range: ge %u must be greater "
				  "than the prefix length %u",
				  e->ge, e->prefix.len);
	if (e->le && e->le <= e->prefix.len)
		return config_err(ps, lcol,
				  "invalid prefix range: le %u must be greater "
				  "than the prefix length %u",
				  e->le, e->prefix.len);
	if (e->le && e->ge > e->le)
		return config_err(ps, lcol,
				  "invalid prefix range: le %u is less than "
				  "ge %u",
				  e->le, e->ge);
	if (e->ge && e->le == max)
		e->le = 0;
	return 0;
}

static void plist_content_key(struct cfg_key *k, const struct plist *l,
			      const struct plist_entry *e)
{
	key_ptr(k, 'd', l);
	config_key_add(k, &e->permit, sizeof(e->permit));
	config_key_add(k, &e->prefix, sizeof(e->prefix));
	config_key_add(k, &e->ge, 1);
	config_key_add(k, &e->le, 1);
}

static bool plist_same(const struct plist_entry *a, const struct plist_entry *b)
{
	return a->permit == b->permit && a->ge == b->ge && a->le == b->le &&
	       prefix_cmp(&a->prefix, &b->prefix) == 0;
}

static void plist_install(struct cfg_ps *ps, struct plist *l,
			  struct plist_entry *e)
{
	struct cfg_key k, mk, dk;
	struct plist_entry *old, *dup;
	uintptr_t maxseq;

	/* The highest seq so far is kept in the table as an integer. */
	key_ptr(&mk, 'M', l);
	maxseq = (uintptr_t)config_key_get(ps, &mk);
	if (!e->seq_given)
		e->seq = (uint32_t)(maxseq / 5 * 5 + 5);
	plist_content_key(&dk, l, e);
	dup = config_key_get(ps, &dk);
	if (dup && dup->seq != e->seq && plist_same(dup, e))
		return;
	key_ptr(&k, 'q', l);
	config_key_add(&k, &e->seq, sizeof(e->seq));
	old = config_key_get(ps, &k);
	if (old) {
		struct plist_entry *next = old->next;

		*old = *e;
		old->next = next;
	} else {
		old = config_xcalloc(1, sizeof(*old));
		*old = *e;
		old->next = l->entries;
		l->entries = old;
		config_key_put(ps, &k, old);
	}
	config_key_put(ps, &dk, old);
	if (e->seq > maxseq)
		config_key_put(ps, &mk, (void *)(uintptr_t)e->seq);
}

int config_cmd_plist(struct cfg_ps *ps, int af)
{
	struct plist_entry e;
	const char *name;
	uint32_t v;

	memset(&e, 0, sizeof(e));
	if (config_tk_word(ps, "a prefix-list name", &name) < 0)
		return -1;
	if (strcmp(name, "sequence-number") == 0 && !config_tk_more(ps))
		return 0; /* printing preference; we print as written */
	if (config_tk_accept(ps, "description")) {
		ps->i = ps->n; /* not kept */
		return 0;
	}
	if (config_tk_accept(ps, "seq")) {
		if (config_tk_u32(ps, 1, UINT32_MAX, "a sequence number", &v) <
		    0)
			return -1;
		e.seq = v;
		e.seq_given = true;
	}
	if (want_action(ps, &e.permit) < 0)
		return -1;
	if (config_tk_accept(ps, "any")) {
		/* Quagga: "any" is the whole space, le max. */
		e.prefix.af = (uint8_t)af;
		e.le = (uint8_t)af_maxlen(af);
	} else if (config_tk_prefix(ps, af,
				    af == AF_INET
					? "an IPv4 prefix (A.B.C.D/M)"
					: "an IPv6 prefix (X:X::X:X/M)",
				    &e.prefix) < 0 ||
		   plist_range(ps, &e) < 0) {
		return -1;
	}
	if (config_tk_end(ps) < 0)
		return -1;
	plist_install(ps, plist_get(ps, name, af), &e);
	return 0;
}

/* --- community-list, large-community-list, as-path access-list --- */

static int add_strlist(struct cfg_ps *ps, struct strlist_entry **head,
		       const void *owner, bool permit, char *value)
{
	struct strlist_entry *e;
	struct cfg_key k;

	key_ptr(&k, 'c', owner);
	config_key_add(&k, &permit, sizeof(permit));
	k.str = value;
	if (config_key_get(ps, &k)) {
		free(value); /* duplicate: ignored, as Quagga does */
		return 0;
	}
	e = config_xcalloc(1, sizeof(*e));
	e->permit = permit;
	e->value = value;
	e->next = *head;
	*head = e;
	config_key_put(ps, &k, e);
	return 0;
}

/* "standard NAME", "expanded NAME", or a Quagga list number. */
static int clist_kind(struct cfg_ps *ps, const char **name, bool *expanded)
{
	const char *w = config_tk_peek(ps);
	uint32_t v;

	if (config_tk_accept(ps, "standard") ||
	    config_tk_accept(ps, "expanded")) {
		*expanded = ps->t[ps->i - 1].s[0] == 'e';
		return config_tk_word(ps, "a community-list name", name);
	}
	if (w && config_parse_u32(w, 1, 500, &v)) {
		*expanded = v >= 100;
		*name = w;
		ps->i++;
		return 0;
	}
	return config_tk_expected(ps, "\"standard\", \"expanded\" or a list "
				      "number (1-500)");
}

static int clist_values(struct cfg_ps *ps, bool large, char **out)
{
	unsigned from = ps->i;

	for (; ps->i < ps->n; ps->i++) {
		const char *w = ps->t[ps->i].s;

		if (large ? !config_lcommunity_ok(w) : !config_community_ok(w))
			return config_tk_expected(
			    ps, large ? "a large community (A:B:C)"
				      : "a community (AA:NN, internet, "
					"local-AS, no-advertise, no-export)");
	}
	*out = config_tk_join(ps, from, ps->n);
	return 0;
}

static int want_regex(struct cfg_ps *ps, bool aspath, char **out)
{
	unsigned col = config_tk_col(ps);
	const char *why;
	char q[160];

	if (config_tk_rest(ps, "a regular expression", out) < 0)
		return -1;
	if ((why = config_regex_check(*out, aspath))) {
		config_err(ps, col, "%s regular expression %s%s",
			   why[0] == 'i' ? "invalid" : "refusing",
			   config_quote(*out, q, sizeof(q)),
			   why[0] == 'i' ? ""
					 : ": too complex once its "
					   "repetitions are expanded");
		free(*out);
		return -1;
	}
	return 0;
}

static struct clist *clist_get(struct cfg_ps *ps, const char *name, bool large,
			       bool expanded, unsigned col)
{
	struct cfg_key k;
	struct clist *l;

	config_key_init(&k, large ? 'L' : 'C');
	k.str = name;
	l = config_key_get(ps, &k);
	if (l) {
		if (l->expanded != expanded) {
			char q[160];

			config_err(ps, col,
				   "community-list %s is already "
				   "defined as %s",
				   config_quote(name, q, sizeof(q)),
				   l->expanded ? "expanded" : "standard");
			return NULL;
		}
		return l;
	}
	l = config_xcalloc(1, sizeof(*l));
	l->name = config_xstrdup(name);
	l->large = large;
	l->expanded = expanded;
	l->next = ps->c->clists;
	ps->c->clists = l;
	config_key_put(ps, &k, l);
	return l;
}

static int opt_seq(struct cfg_ps *ps)
{
	uint32_t v;

	if (!config_tk_accept(ps, "seq"))
		return 0;
	return config_tk_u32(ps, 1, UINT32_MAX, "a sequence number", &v);
}

int config_cmd_clist(struct cfg_ps *ps, bool large)
{
	unsigned col = config_tk_col(ps);
	const char *name;
	bool expanded = false, permit;
	struct clist *l;
	char *value;

	if (clist_kind(ps, &name, &expanded) < 0 || opt_seq(ps) < 0 ||
	    want_action(ps, &permit) < 0)
		return -1;
	if (expanded ? want_regex(ps, false, &value) < 0
		     : clist_values(ps, large, &value) < 0)
		return -1;
	l = clist_get(ps, name, large, expanded, col);
	if (!l) {
		free(value);
		return -1;
	}
	return add_strlist(ps, &l->entries, l, permit, value);
}

int config_cmd_aslist(struct cfg_ps *ps)
{
	const char *name;
	struct aslist *l;
	struct cfg_key k;
	bool permit;
	char *value;

	if (!config_tk_accept(ps, "access-list"))
		return config_tk_expected(ps, "\"access-list\"");
	if (config_tk_word(ps, "an as-path access-list name", &name) < 0 ||
	    opt_seq(ps) < 0 || want_action(ps, &permit) < 0 ||
	    want_regex(ps, true, &value) < 0)
		return -1;
	config_key_init(&k, 'S');
	k.str = name;
	l = config_key_get(ps, &k);
	if (!l) {
		l = config_xcalloc(1, sizeof(*l));
		l->name = config_xstrdup(name);
		l->next = ps->c->aslists;
		ps->c->aslists = l;
		config_key_put(ps, &k, l);
	}
	return add_strlist(ps, &l->entries, l, permit, value);
}

/* --- end of parse --- */

static int plist_seq_cmp(const void *x, const void *y)
{
	const struct plist_entry *a = *(const struct plist_entry *const *)x;
	const struct plist_entry *b = *(const struct plist_entry *const *)y;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sort by seq through an array: O(n log n) for lists of any size. */
static struct plist_entry *plist_sort(struct plist_entry *h)
{
	struct plist_entry **v, *x;
	size_t n = 0, i;

	for (x = h; x; x = x->next)
		n++;
	if (n < 2)
		return h;
	v = config_xcalloc(n, sizeof(*v));
	for (i = 0, x = h; x; x = x->next)
		v[i++] = x;
	qsort(v, n, sizeof(*v), plist_seq_cmp);
	for (i = 0; i + 1 < n; i++)
		v[i]->next = v[i + 1];
	v[n - 1]->next = NULL;
	h = v[0];
	free(v);
	return h;
}

/*
 * The printer writes IPv4 lists before IPv6 ones (and community lists
 * before large ones), so put them in that order, stably, for the printed
 * config to read back equal.
 */
#define PARTITION(type, head, first)                                           \
	do {                                                                   \
		type *a_ = NULL, *b_ = NULL, **ta_ = &a_, **tb_ = &b_, *x_;    \
		for (x_ = (head); x_; x_ = x_->next) {                         \
			if (first(x_)) {                                       \
				*ta_ = x_;                                     \
				ta_ = &x_->next;                               \
			} else {                                               \
				*tb_ = x_;                                     \
				tb_ = &x_->next;                               \
			}                                                      \
		}                                                              \
		*tb_ = NULL;                                                   \
		*ta_ = b_;                                                     \
		(head) = a_;                                                   \
	} while (0)

#define IS_V4(x) ((x)->af == AF_INET)
#define IS_STD(x) (!(x)->large)

void config_lists_finish(struct cfg_ps *ps)
{
	struct config *c = ps->c;
	struct acl *a;
	struct plist *p;
	struct clist *l;
	struct aslist *s;

	REVERSE(struct acl, c->acls);
	PARTITION(struct acl, c->acls, IS_V4);
	for (a = c->acls; a; a = a->next)
		REVERSE(struct acl_entry, a->entries);
	REVERSE(struct plist, c->plists);
	PARTITION(struct plist, c->plists, IS_V4);
	for (p = c->plists; p; p = p->next) {
		REVERSE(struct plist_entry, p->entries);
		p->entries = plist_sort(p->entries);
	}
	REVERSE(struct clist, c->clists);
	PARTITION(struct clist, c->clists, IS_STD);
	for (l = c->clists; l; l = l->next)
		REVERSE(struct strlist_entry, l->entries);
	REVERSE(struct aslist, c->aslists);
	for (s = c->aslists; s; s = s->next)
		REVERSE(struct strlist_entry, s->entries);
}
