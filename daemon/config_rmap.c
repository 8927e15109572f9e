/*
 * config_rmap.c: "route-map NAME permit|deny SEQ" blocks and their match,
 * set, call, on-match, continue and description lines.
 *
 * Every match/set clause must be one of the table below with arguments
 * of the right shape (a name, a number in range, communities, AS
 * numbers, addresses, ...); it is kept as its words (text) plus the
 * validated arguments (arg) for policy.c.  As in Quagga, a second clause
 * of the same kind in one entry replaces the first, re-opening an entry
 * with the same type adds to it, and one with the other type replaces it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

const char *const config_rmap_kws[] = {
    "call", "continue", "description", "match", "on-match", "set", NULL,
};

bool config_rmap_knows(const char *kw)
{
	int i;

	for (i = 0; config_rmap_kws[i]; i++)
		if (strcmp(kw, config_rmap_kws[i]) == 0)
			return true;
	return false;
}

enum shape {
	SH_NONE,
	SH_NAME,
	SH_NAME_EXACT,	/* NAME [exact-match] */
	SH_NAME_DELETE, /* NAME delete */
	SH_U32,
	SH_TAG, /* 1-4294967295 */
	SH_PCT,
	SH_ORIGIN,
	SH_V4,
	SH_V6,
	SH_PEER,       /* A.B.C.D | X:X::X:X | local */
	SH_METRIC,     /* N | +N | -N */
	SH_COMMS,      /* AA:NN... [additive] | none */
	SH_LCOMMS,     /* A:B:C... [additive] | none */
	SH_EXTCOMMS,   /* rt|soo ASN:NN|A.B.C.D:NN... */
	SH_ASNS,       /* ASN... | last-as N */
	SH_NH4,	       /* A.B.C.D | peer-address | unchanged */
	SH_AGGREGATOR, /* ASN A.B.C.D */
};

struct clause_spec {
	const char *words; /* the command, blank separated */
	int kind;
	enum shape shape;
};

/* Longer commands first: "ip address prefix-list" before "ip address". */
static const struct clause_spec match_specs[] = {
    {"ip address prefix-list", RMAP_MATCH_IP_ADDRESS_PLIST, SH_NAME},
    {"ip address", RMAP_MATCH_IP_ADDRESS, SH_NAME},
    {"ip next-hop prefix-list", RMAP_MATCH_IP_NEXTHOP_PLIST, SH_NAME},
    {"ip next-hop", RMAP_MATCH_IP_NEXTHOP, SH_NAME},
    {"ip route-source prefix-list", RMAP_MATCH_IP_ROUTE_SOURCE_PLIST, SH_NAME},
    {"ip route-source", RMAP_MATCH_IP_ROUTE_SOURCE, SH_NAME},
    {"ipv6 address prefix-list", RMAP_MATCH_IPV6_ADDRESS_PLIST, SH_NAME},
    {"ipv6 address", RMAP_MATCH_IPV6_ADDRESS, SH_NAME},
    {"ipv6 next-hop", RMAP_MATCH_IPV6_NEXTHOP, SH_V6},
    {"as-path", RMAP_MATCH_AS_PATH, SH_NAME},
    {"community", RMAP_MATCH_COMMUNITY, SH_NAME_EXACT},
    {"large-community", RMAP_MATCH_LARGE_COMMUNITY, SH_NAME_EXACT},
    {"extcommunity", RMAP_MATCH_EXTCOMMUNITY, SH_NAME},
    {"metric", RMAP_MATCH_METRIC, SH_U32},
    {"local-preference", RMAP_MATCH_LOCAL_PREF, SH_U32},
    {"origin", RMAP_MATCH_ORIGIN, SH_ORIGIN},
    {"peer", RMAP_MATCH_PEER, SH_PEER},
    {"tag", RMAP_MATCH_TAG, SH_TAG},
    {"probability", RMAP_MATCH_PROBABILITY, SH_PCT},
    {"interface", RMAP_MATCH_INTERFACE, SH_NAME},
    {NULL, 0, SH_NONE},
};

static const struct clause_spec set_specs[] = {
    {"local-preference", RMAP_SET_LOCAL_PREF, SH_U32},
    {"metric", RMAP_SET_METRIC, SH_METRIC},
    {"weight", RMAP_SET_WEIGHT, SH_U32},
    {"community", RMAP_SET_COMMUNITY, SH_COMMS},
    {"comm-list", RMAP_SET_COMM_LIST_DELETE, SH_NAME_DELETE},
    {"large-community", RMAP_SET_LARGE_COMMUNITY, SH_LCOMMS},
    {"large-comm-list", RMAP_SET_LARGE_COMM_LIST_DELETE, SH_NAME_DELETE},
    {"extcommunity", RMAP_SET_EXTCOMMUNITY, SH_EXTCOMMS},
    {"as-path prepend", RMAP_SET_AS_PATH_PREPEND, SH_ASNS},
    {"as-path exclude", RMAP_SET_AS_PATH_EXCLUDE, SH_ASNS},
    {"origin", RMAP_SET_ORIGIN, SH_ORIGIN},
    {"ip next-hop", RMAP_SET_IP_NEXTHOP, SH_NH4},
    {"ipv6 next-hop global", RMAP_SET_IPV6_NEXTHOP_GLOBAL, SH_V6},
    {"ipv6 next-hop local", RMAP_SET_IPV6_NEXTHOP_LOCAL, SH_V6},
    {"ipv6 next-hop peer-address", RMAP_SET_IPV6_NEXTHOP_PEER, SH_NONE},
    {"ipv6 next-hop prefer-global", RMAP_SET_IPV6_NEXTHOP_PREFER_GLOBAL,
     SH_NONE},
    {"originator-id", RMAP_SET_ORIGINATOR_ID, SH_V4},
    {"atomic-aggregate", RMAP_SET_ATOMIC_AGGREGATE, SH_NONE},
    {"aggregator as", RMAP_SET_AGGREGATOR, SH_AGGREGATOR},
    {"tag", RMAP_SET_TAG, SH_TAG},
    {NULL, 0, SH_NONE},
};

/* --- argument shapes --- */

static int sh_origin(struct cfg_ps *ps)
{
	static const char *const o[] = {"igp", "egp", "incomplete", NULL};
	int k;

	return config_tk_kw(ps, o, &k);
}

static int sh_metric(struct cfg_ps *ps)
{
	const char *w = config_tk_peek(ps), *num;
	uint32_t v;

	if (!w)
		return config_tk_expected(ps, "a metric (0-4294967295, +N "
					      "or -N)");
	num = w + (w[0] == '+' || w[0] == '-');
	/* FRR's "rtt", "+rtt", "-rtt" too. */
	if (!config_parse_u32(num, 0, UINT32_MAX, &v) &&
	    strcmp(num, "rtt") != 0)
		return config_tk_expected(ps, "a metric (0-4294967295, +N "
					      "or -N)");
	ps->i++;
	return 0;
}

static int sh_comms(struct cfg_ps *ps, bool large)
{
	const char *what = large ? "a large community (A:B:C) or \"none\""
				 : "a community (AA:NN, internet, local-AS, "
				   "no-advertise, no-export) or \"none\"";
	unsigned count;

	if (config_tk_accept(ps, "none"))
		return 0;
	if (!config_tk_more(ps))
		return config_tk_expected(ps, what);
	for (count = 0; config_tk_more(ps); count++) {
		const char *w = config_tk_peek(ps);

		/* "additive" only last, after at least one value. */
		if (count && strcmp(w, "additive") == 0 && ps->i + 1 == ps->n) {
			ps->i++;
			break;
		}
		if (large ? !config_lcommunity_ok(w) : !config_community_ok(w))
			return config_tk_expected(ps, what);
		ps->i++;
	}
	return 0;
}

static bool extcomm_ok(const char *w)
{
	const char *c = strrchr(w, ':');
	char head[64];
	struct ipaddr a;
	uint32_t v, asn;
	size_t n;

	if (!c || (n = (size_t)(c - w)) == 0 || n >= sizeof(head))
		return false;
	memcpy(head, w, n);
	head[n] = '\0';
	if (ipaddr_parse(head, &a) == 0)
		return a.af == AF_INET && config_parse_u32(c + 1, 0, 65535, &v);
	return config_parse_asn(head, &asn) &&
	       config_parse_u32(c + 1, 0, asn > 65535 ? 65535 : UINT32_MAX, &v);
}

static int sh_extcomms(struct cfg_ps *ps)
{
	static const char *const t[] = {"rt", "soo", NULL};
	int k;

	if (config_tk_kw(ps, t, &k) < 0)
		return -1;
	if (!config_tk_more(ps))
		return config_tk_expected(ps, "an extended community "
					      "(ASN:NN or A.B.C.D:NN)");
	for (; config_tk_more(ps); ps->i++)
		if (!extcomm_ok(config_tk_peek(ps)))
			return config_tk_expected(ps, "an extended community "
						      "(ASN:NN or A.B.C.D:NN)");
	return 0;
}

static int sh_asns(struct cfg_ps *ps)
{
	uint32_t v;

	if (config_tk_accept(ps, "last-as"))
		return config_tk_u32(ps, 1, 10, "a repeat count", &v);
	if (config_tk_asn(ps, &v) < 0)
		return -1;
	while (config_tk_more(ps))
		if (config_tk_asn(ps, &v) < 0)
			return -1;
	return 0;
}

static int check_shape(struct cfg_ps *ps, enum shape sh)
{
	struct ipaddr a;
	const char *w;
	uint32_t v;

	switch (sh) {
	case SH_NONE:
		return 0;
	case SH_NAME:
		return config_tk_word(ps, "a list name", &w);
	case SH_NAME_EXACT:
		if (config_tk_word(ps, "a list name", &w) < 0)
			return -1;
		config_tk_accept(ps, "exact-match");
		return 0;
	case SH_NAME_DELETE:
		if (config_tk_word(ps, "a list name", &w) < 0)
			return -1;
		if (!config_tk_accept(ps, "delete"))
			return config_tk_expected(ps, "\"delete\"");
		return 0;
	case SH_U32:
		return config_tk_u32(ps, 0, UINT32_MAX, "a number", &v);
	case SH_TAG:
		return config_tk_u32(ps, 1, UINT32_MAX, "a tag", &v);
	case SH_PCT:
		return config_tk_u32(ps, 0, 100, "a percentage", &v);
	case SH_ORIGIN:
		return sh_origin(ps);
	case SH_V4:
		return config_tk_addr(ps, AF_INET, "an IPv4 address (A.B.C.D)",
				      &a);
	case SH_V6:
		return config_tk_addr(ps, AF_INET6,
				      "an IPv6 address (X:X::X:X)", &a);
	case SH_PEER:
		if (config_tk_accept(ps, "local"))
			return 0;
		return config_tk_addr(ps, 0, "an address or \"local\"", &a);
	case SH_METRIC:
		return sh_metric(ps);
	case SH_COMMS:
	case SH_LCOMMS:
		return sh_comms(ps, sh == SH_LCOMMS);
	case SH_EXTCOMMS:
		return sh_extcomms(ps);
	case SH_ASNS:
		return sh_asns(ps);
	case SH_NH4:
		if (config_tk_accept(ps, "peer-address") ||
		    config_tk_accept(ps, "unchanged"))
			return 0;
		return config_tk_addr(ps, AF_INET,
				      "an IPv4 address (A.B.C.D), "
				      "\"peer-address\" or \"unchanged\"",
				      &a);
	case SH_AGGREGATOR:
		if (config_tk_asn(ps, &v) < 0)
			return -1;
		return config_tk_addr(ps, AF_INET, "an IPv4 address (A.B.C.D)",
				      &a);
	}
	return -1;
}

/* --- finding the clause --- */

/* How many words of spec match the line from the cursor (all or 0..). */
static unsigned spec_prefix(const struct cfg_ps *ps, const char *words,
			    bool *full)
{
	unsigned m = 0;
	const char *p = words;

	*full = false;
	for (;;) {
		size_t l = strcspn(p, " ");

		if (ps->i + m >= ps->n || strlen(ps->t[ps->i + m].s) != l ||
		    strncmp(ps->t[ps->i + m].s, p, l) != 0)
			return m;
		m++;
		if (!p[l]) {
			*full = true;
			return m;
		}
		p += l + 1;
	}
}

/* Word number `idx` of spec, copied into buf (bounded; specs are short). */
static const char *spec_word(const char *words, unsigned idx, char *buf,
			     size_t len)
{
	const char *p = words;
	size_t l;

	while (idx--) {
		p = strchr(p, ' ');
		if (!p)
			return NULL;
		p++;
	}
	l = strcspn(p, " ");
	if (l >= len)
		l = len - 1;
	memcpy(buf, p, l);
	buf[l] = '\0';
	return buf;
}

static int unknown_clause(struct cfg_ps *ps, const struct clause_spec *specs,
			  unsigned best)
{
	const char *seen[65];
	char words[64][40], q[160], *list;
	unsigned ns = 0, k, j;
	bool full;

	for (k = 0; specs[k].words && ns < 64; k++) {
		if (spec_prefix(ps, specs[k].words, &full) != best ||
		    !spec_word(specs[k].words, best, words[ns],
			       sizeof(words[0])))
			continue;
		for (j = 0; j < ns; j++)
			if (strcmp(seen[j], words[ns]) == 0)
				break;
		if (j == ns) {
			seen[ns] = words[ns];
			ns++;
		}
	}
	seen[ns] = NULL;
	list = config_kw_list(seen);
	ps->i += best;
	if (config_tk_more(ps))
		config_err(ps, config_tk_col(ps),
			   "unknown %s clause %s; expected one of: %s",
			   specs == match_specs ? "match" : "set",
			   config_quote(config_tk_peek(ps), q, sizeof(q)),
			   list);
	else
		config_err(ps, ps->eol_col,
			   "incomplete %s clause; expected one "
			   "of: %s",
			   specs == match_specs ? "match" : "set", list);
	free(list);
	return -1;
}

static const struct clause_spec *find_spec(struct cfg_ps *ps,
					   const struct clause_spec *specs)
{
	unsigned k, m, best = 0;
	bool full;

	for (k = 0; specs[k].words; k++) {
		m = spec_prefix(ps, specs[k].words, &full);
		if (full) {
			ps->i += m;
			return &specs[k];
		}
		if (m > best)
			best = m;
	}
	unknown_clause(ps, specs, best);
	return NULL;
}

static void put_clause(struct rmap_clause **head, const struct clause_spec *s,
		       char *arg, bool remove)
{
	struct rmap_clause **pp, *c;
	size_t n;

	for (pp = head; *pp; pp = &(*pp)->next)
		if ((*pp)->kind == s->kind)
			break;
	c = *pp;
	if (remove) {
		if (c) {
			*pp = c->next;
			free(c->text);
			free(c->arg);
			free(c);
		}
		free(arg);
		return;
	}
	if (!c) {
		c = *pp = config_xcalloc(1, sizeof(*c));
		c->kind = s->kind;
	}
	free(c->text);
	free(c->arg);
	n = strlen(s->words) + strlen(arg) + 2;
	c->text = config_xcalloc(n, 1);
	snprintf(c->text, n, "%s%s%s", s->words, arg[0] ? " " : "", arg);
	c->arg = arg;
}

static int cmd_clause(struct cfg_ps *ps, bool is_set)
{
	const struct clause_spec *specs = is_set ? set_specs : match_specs;
	const struct clause_spec *s = find_spec(ps, specs);
	unsigned from;

	if (!s)
		return -1;
	from = ps->i;
	if (ps->neg) {
		ps->i = ps->n; /* "no match X [value]" removes X */
	} else if (check_shape(ps, s->shape) < 0 || config_tk_end(ps) < 0) {
		return -1;
	}
	if (ps->rme)
		put_clause(is_set ? &ps->rme->sets : &ps->rme->matches, s,
			   ps->neg ? NULL : config_tk_join(ps, from, ps->n),
			   ps->neg);
	return 0;
}

/* --- the route-map node --- */

static int cmd_goto(struct cfg_ps *ps, bool cont)
{
	struct rmap_entry *e = ps->rme;
	uint32_t v;

	if (!cont) {
		static const char *const kws[] = {"next", "goto", NULL};
		int k;

		if (ps->neg) {
			ps->i = ps->n;
			if (e)
				e->on_match = RMAP_ON_MATCH_NONE;
			return 0;
		}
		if (config_tk_kw(ps, kws, &k) < 0)
			return -1;
		if (k == 0) {
			if (e)
				e->on_match = RMAP_ON_MATCH_NEXT;
			return config_tk_end(ps);
		}
	} else if (!config_tk_more(ps)) {
		/* "continue" alone: the next entry. */
		if (e)
			e->on_match =
			    ps->neg ? RMAP_ON_MATCH_NONE : RMAP_ON_MATCH_NEXT;
		return 0;
	}
	if (config_tk_u32(ps, 1, 65535, "a sequence number", &v) < 0 ||
	    config_tk_end(ps) < 0)
		return -1;
	if (e && v <= e->seq)
		return config_err(ps, ps->t[ps->i - 1].col,
				  "cannot go to a preceding or the same entry "
				  "(%u <= %u)",
				  v, e->seq);
	if (e) {
		e->on_match = ps->neg ? RMAP_ON_MATCH_NONE : RMAP_ON_MATCH_GOTO;
		e->on_match_goto = ps->neg ? 0 : v;
	}
	return 0;
}

int config_cmd_rmap(struct cfg_ps *ps)
{
	const char *kw = ps->t[ps->i++].s;
	const char *w;
	char *d;

	if (strcmp(kw, "match") == 0 || strcmp(kw, "set") == 0)
		return cmd_clause(ps, kw[0] == 's');
	if (strcmp(kw, "on-match") == 0 || strcmp(kw, "continue") == 0)
		return cmd_goto(ps, kw[0] == 'c');
	if (strcmp(kw, "call") == 0) {
		if (ps->neg) {
			ps->i = ps->n;
			w = NULL;
		} else if (config_tk_word(ps, "a route-map name", &w) < 0 ||
			   config_tk_end(ps) < 0) {
			return -1;
		}
		if (ps->rme)
			config_set_str(&ps->rme->call, w);
		return 0;
	}
	/* description */
	d = NULL;
	if (!ps->neg && config_tk_rest(ps, "a description", &d) < 0)
		return -1;
	ps->i = ps->n;
	if (ps->rme) {
		free(ps->rme->description);
		ps->rme->description = d;
	} else {
		free(d);
	}
	return 0;
}

static struct rmap *rmap_get(struct cfg_ps *ps, const char *name)
{
	struct cfg_key k;
	struct rmap *m;

	config_key_init(&k, 'R');
	k.str = name;
	m = config_key_get(ps, &k);
	if (m)
		return m;
	m = config_xcalloc(1, sizeof(*m));
	m->name = config_xstrdup(name);
	m->next = ps->c->rmaps;
	ps->c->rmaps = m;
	config_key_put(ps, &k, m);
	return m;
}

static struct rmap_entry *entry_get(struct cfg_ps *ps, struct rmap *m,
				    uint32_t seq, bool permit)
{
	struct rmap_entry *e;
	struct cfg_key k;

	config_key_init(&k, 'r');
	config_key_add(&k, &m, sizeof(m));
	config_key_add(&k, &seq, sizeof(seq));
	e = config_key_get(ps, &k);
	if (e && e->permit == permit)
		return e;
	if (e) {
		/* The other type: Quagga deletes the entry and starts over. */
		struct rmap_entry **pp, *fresh = config_xcalloc(1, sizeof(*e));

		for (pp = &m->entries; *pp != e; pp = &(*pp)->next)
			;
		fresh->next = e->next;
		*pp = fresh;
		config_rmap_entry_free(e);
		e = fresh;
	} else {
		e = config_xcalloc(1, sizeof(*e));
		e->next = m->entries;
		m->entries = e;
	}
	e->seq = seq;
	e->permit = permit;
	config_key_put(ps, &k, e);
	return e;
}

int config_cmd_route_map(struct cfg_ps *ps)
{
	static const char *const pd[] = {"permit", "deny", NULL};
	const char *name;
	uint32_t seq;
	int k;

	/* Enter the node first: on error its lines are still checked. */
	ps->node = CFG_NODE_RMAP;
	ps->rm = NULL;
	ps->rme = NULL;
	if (config_tk_word(ps, "a route-map name", &name) < 0 ||
	    config_tk_kw(ps, pd, &k) < 0 ||
	    config_tk_u32(ps, 1, 65535, "a sequence number", &seq) < 0 ||
	    config_tk_end(ps) < 0)
		return -1;
	ps->rm = rmap_get(ps, name);
	ps->rme = entry_get(ps, ps->rm, seq, k == 0);
	return 0;
}

static int entry_seq_cmp(const void *x, const void *y)
{
	const struct rmap_entry *a = *(const struct rmap_entry *const *)x;
	const struct rmap_entry *b = *(const struct rmap_entry *const *)y;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static struct rmap_entry *entries_sort(struct rmap_entry *h)
{
	struct rmap_entry **v, *x;
	size_t n = 0, i;

	for (x = h; x; x = x->next)
		n++;
	if (n < 2)
		return h;
	v = config_xcalloc(n, sizeof(*v));
	for (i = 0, x = h; x; x = x->next)
		v[i++] = x;
	qsort(v, n, sizeof(*v), entry_seq_cmp);
	for (i = 0; i + 1 < n; i++)
		v[i]->next = v[i + 1];
	v[n - 1]->next = NULL;
	h = v[0];
	free(v);
	return h;
}

void config_rmap_finish(struct cfg_ps *ps)
{
	struct rmap *m;

	REVERSE(struct rmap, ps->c->rmaps);
	for (m = ps->c->rmaps; m; m = m->next)
		m->entries = entries_sort(m->entries);
}
