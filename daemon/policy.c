/*
 * policy.c: evaluation of route-maps and of the lists they use
 * (prefix-lists, zebra access-lists, community and large-community
 * lists, as-path access-lists), with Quagga 1.2's semantics
 * (lib/routemap.c route_map_apply, lib/plist.c, lib/filter.c,
 * bgpd/bgp_routemap.c, bgp_clist.c, bgp_filter.c, bgp_regex.c).
 *
 * The config (config.h) keeps lists and route-maps as parsed text.  The
 * first evaluation against a config compiles it once (policy_cache):
 * every name a route-map uses is resolved to a pointer, community values
 * are parsed and sorted, "set community" values interned, and regular
 * expressions compiled with Quagga's '_' translation.  Names passed to
 * the public functions are found through a hash table; prefix-lists of
 * 16 entries or more are indexed by prefix; as-path and expanded
 * community-list answers are remembered per interned path or set.
 * Evaluating a route then allocates nothing, except interning what a
 * "set" changes (additive communities, prepends), which is a lookup when
 * the result already exists, and heap buffers for unusually long texts.
 * Measured (gcc -O2, 2-core VM, 1M IPv4 routes, including ~0.35 s of
 * attr_build setup in the loop): the IPMininet in-map 0.38 s, out-map
 * 0.47 s, the 65535 hello-world map 0.40 s, a 20000-entry prefix-list
 * 0.46 s, an as-path regexp list over 150k distinct paths 1.65 s.
 *
 * Limitations: "match extcommunity" never matches (extcommunity-lists
 * are not kept by the config); "match tag" and "match interface" never
 * match (BGP routes carry no tag or interface); "set tag" does nothing;
 * "set metric rtt|+rtt|-rtt" does nothing (no RTT measured); a match on
 * the ORIGINATOR or a CLUSTER_LIST is not offered (not in Quagga 1.2).
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "policy.h"

/* Quagga's RMAP_RECURSION_LIMIT: deeper "call" chains deny. */
#define POLICY_CALL_DEPTH 10
/* Text buffers for regular expressions: printed AS paths and community
 * lists longer than this are printed into a heap buffer instead. */
#define POLICY_TEXT_STACK 2048

/* --- compiled forms --- */

/*
 * Regexp results per interned object: AS paths and community sets are
 * interned (aspath.h, community.h), so a full feed of 1M prefixes holds
 * some 150k distinct paths, and consecutive routes often share one.  A
 * direct-mapped table keyed by the object's address remembers the last
 * answers; it holds a reference to each key so that an address cannot
 * be reused by another object while it is remembered.
 */
#define POLICY_MEMO_SLOTS 1024

enum memo_kind { MEMO_ASPATH, MEMO_COMM, MEMO_LCOMM };

struct pol_memo_slot {
	void *key; /* NULL is a key too: no path/communities */
	bool valid;
	bool res;
};

struct pol_memo {
	enum memo_kind kind;
	struct pol_memo_slot s[POLICY_MEMO_SLOTS];
};

struct pol_centry { /* one community-list line */
	bool permit;
	bool expanded;
	bool internet; /* standard with "internet": matches all */
	bool re_ok;
	regex_t re;
	uint32_t n; /* standard values (sorted, unique) */
	uint32_t *v;
	struct lcommunity_val *lv; /* large ones (sorted, unique) */
};

struct pol_clist {
	const struct clist *src;
	unsigned n;
	struct pol_centry *e;
	struct pol_memo *memo; /* non-exact results; NULL: no regexp */
};

struct pol_asentry {
	bool permit;
	bool re_ok;
	regex_t re;
};

/*
 * A prefix-list in sequence order; long ones (IRR-generated lists hold
 * thousands of entries) get an index, as Quagga 1.2's plist trie: a hash
 * of the entries' prefixes, so that a route looks up its own prefix
 * truncated to each entry length present instead of scanning them all.
 */
#define POLICY_PLIST_INDEX_MIN 16

struct pol_plist {
	const struct plist *src;
	unsigned n;
	const struct plist_entry **e; /* sequence order */
	size_t nslots;		      /* 0: no index */
	int32_t *slot;		      /* first entry of a prefix, -1 */
	int32_t *chain;		      /* next entry, same prefix, -1 */
	unsigned nlens;
	uint8_t lens[129]; /* entry lengths present, ascending */
};

struct pol_aslist {
	const struct aslist *src;
	unsigned n;
	struct pol_asentry *e;
	struct pol_memo *memo;
};

struct pol_rmap;

struct pol_clause {
	int kind;  /* enum rmap_match_kind / rmap_set_kind */
	bool flag; /* exact-match, additive, none */
	char op;   /* metric: '=' '+' '-' 'r'(rtt); next hop:
		    * 'a' address, 'p' peer-address, 'u'
		    * unchanged; as-path prepend: 'l' last-as */
	uint32_t u;
	struct ipaddr addr;
	const void *ref;	/* acl, plist, pol_clist, pol_aslist */
	struct community *comm; /* held references */
	struct lcommunity *lcomm;
	uint8_t (*ev)[8];	   /* extended values to add */
	struct lcommunity_val *lv; /* large values (additive) */
	uint32_t *asns;
	unsigned n; /* ASNs / ext / large values */
};

struct pol_entry {
	uint32_t seq;
	bool permit;
	unsigned nmatch, nset;
	struct pol_clause *match, *set;
	bool has_call;
	const struct pol_rmap *call; /* NULL: undefined, ignored */
	enum rmap_on_match on_match;
	uint32_t go;
};

struct pol_rmap {
	const struct rmap *src;
	unsigned n;
	struct pol_entry *e;
};

/* Name index: kind 'R' rmap, 'P' plist, 'A' acl, 'C' clist, 'L' large
 * clist, 'S' as-path list; af for P and A. */
struct pol_slot {
	const char *name;
	char kind;
	int af;
	void *obj;
};

static struct policy_cache {
	const struct config *c;
	const void *heads[5];
	struct pol_slot *slots;
	size_t nslots; /* power of 2 */
	struct pol_rmap *rmaps;
	unsigned nrmaps;
	struct pol_clist *clists;
	unsigned nclists;
	struct pol_aslist *aslists;
	unsigned naslists;
	struct pol_plist *plists;
	unsigned nplists;
} pc;

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (!p)
		fatal("policy: out of memory");
	return p;
}

/* --- the name index --- */

static uint32_t name_hash(char kind, int af, const char *s)
{
	uint32_t h = 2166136261u ^ (uint8_t)kind ^ ((uint32_t)af << 8);

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static struct pol_slot *slot_find(char kind, int af, const char *name)
{
	size_t mask = pc.nslots - 1, i;

	if (!pc.nslots)
		return NULL;
	for (i = name_hash(kind, af, name) & mask;; i = (i + 1) & mask) {
		struct pol_slot *s = &pc.slots[i];

		if (!s->name)
			return s;
		if (s->kind == kind && s->af == af && !strcmp(s->name, name))
			return s;
	}
}

static void *index_get(char kind, int af, const char *name)
{
	struct pol_slot *s = slot_find(kind, af, name);

	return s && s->name ? s->obj : NULL;
}

/* The config keeps one object per name; the first wins if not. */
static void index_put(char kind, int af, const char *name, void *obj)
{
	struct pol_slot *s = slot_find(kind, af, name);

	if (s->name)
		return;
	s->name = name;
	s->kind = kind;
	s->af = af;
	s->obj = obj;
}

/* --- compiling lists --- */

/*
 * Quagga's bgp_regcomp(): '_' stands for an AS or community boundary,
 * "(^|[,{}() ]|$)", everywhere in the expression; compiled extended,
 * without sub-matches.  The config already refused invalid and
 * explosive expressions (config_regex_check), so a failure here only
 * makes the entry never match.
 */
static bool regex_compile(regex_t *re, const char *src)
{
	static const char magic[] = "(^|[,{}() ]|$)";
	size_t n = 0, i, len = strlen(src);
	char *s = xcalloc(len * (sizeof(magic) - 1) + 1, 1);
	int rc;

	for (i = 0; i < len; i++) {
		if (src[i] == '_') {
			memcpy(s + n, magic, sizeof(magic) - 1);
			n += sizeof(magic) - 1;
		} else {
			s[n++] = src[i];
		}
	}
	s[n] = '\0';
	rc = regcomp(re, s, REG_EXTENDED | REG_NOSUB);
	if (rc)
		log_warn("policy: cannot compile regular expression \"%s\"",
			 src);
	free(s);
	return rc == 0;
}

/* Names the config accepts that community.c does not know (RFC 7999,
 * RFC 8326, RFC 7611, RFC 9494). */
static int comm_parse(const char *w, uint32_t *v)
{
	static const struct {
		const char *name;
		uint32_t v;
	} extra[] = {
	    {"blackhole", 0xFFFF029Au},	 {"graceful-shutdown", 0xFFFF0000u},
	    {"accept-own", 0xFFFF0001u}, {"llgr-stale", 0xFFFF0006u},
	    {"no-llgr", 0xFFFF0007u},
	};
	unsigned long x;
	char *end;
	size_t i;

	if (community_val_parse(w, v) == 0)
		return 0;
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (!strcmp(w, extra[i].name)) {
			*v = extra[i].v;
			return 0;
		}
	if (*w < '0' || *w > '9')
		return -1;
	x = strtoul(w, &end, 10); /* a bare 32-bit number */
	if (*end || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int lcomm_parse(const char *w, struct lcommunity_val *v)
{
	unsigned long x[3];
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		if (*w < '0' || *w > '9')
			return -1;
		x[i] = strtoul(w, &end, 10);
		if (x[i] > UINT32_MAX || *end != (i < 2 ? ':' : '\0'))
			return -1;
		w = end + 1;
	}
	v->global = (uint32_t)x[0];
	v->local1 = (uint32_t)x[1];
	v->local2 = (uint32_t)x[2];
	return 0;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static int lval_cmp(const void *x, const void *y)
{
	const struct lcommunity_val *a = x, *b = y;

	if (a->global != b->global)
		return a->global < b->global ? -1 : 1;
	if (a->local1 != b->local1)
		return a->local1 < b->local1 ? -1 : 1;
	if (a->local2 != b->local2)
		return a->local2 < b->local2 ? -1 : 1;
	return 0;
}

/* Split a blank-separated value list into parsed values (sorted,
 * unique); returns the count. */
static uint32_t split_values(const char *text, bool large, uint32_t **v,
			     struct lcommunity_val **lv)
{
	size_t cap = strlen(text) / 2 + 1, n = 0, i, k;
	char *copy = strdup(text), *w, *save = NULL;

	if (!copy)
		fatal("policy: out of memory");
	*v = large ? NULL : xcalloc(cap, sizeof(**v));
	*lv = large ? xcalloc(cap, sizeof(**lv)) : NULL;
	for (w = strtok_r(copy, " ", &save); w && n < cap;
	     w = strtok_r(NULL, " ", &save)) {
		if (large ? lcomm_parse(w, &(*lv)[n]) == 0
			  : comm_parse(w, &(*v)[n]) == 0)
			n++;
	}
	free(copy);
	if (large)
		qsort(*lv, n, sizeof(**lv), lval_cmp);
	else
		qsort(*v, n, sizeof(**v), u32_cmp);
	for (i = k = 0; i < n; i++) { /* unique */
		if (k && (large ? !lval_cmp(&(*lv)[k - 1], &(*lv)[i])
				: (*v)[k - 1] == (*v)[i]))
			continue;
		if (large)
			(*lv)[k++] = (*lv)[i];
		else
			(*v)[k++] = (*v)[i];
	}
	return (uint32_t)k;
}

static void clist_compile(struct pol_clist *pl, const struct clist *l)
{
	const struct strlist_entry *s;
	unsigned i = 0;

	pl->src = l;
	for (s = l->entries; s; s = s->next)
		pl->n++;
	pl->e = xcalloc(pl->n, sizeof(*pl->e));
	for (s = l->entries; s; s = s->next, i++) {
		struct pol_centry *e = &pl->e[i];

		e->permit = s->permit;
		e->expanded = l->expanded;
		if (l->expanded) {
			e->re_ok = regex_compile(&e->re, s->value);
			if (!pl->memo) {
				pl->memo = xcalloc(1, sizeof(*pl->memo));
				pl->memo->kind =
				    l->large ? MEMO_LCOMM : MEMO_COMM;
			}
			continue;
		}
		e->n = split_values(s->value, l->large, &e->v, &e->lv);
		/* Quagga: a standard entry with "internet" matches any
		 * route (community_list_match). */
		e->internet =
		    !l->large && e->n && e->v[0] == COMMUNITY_INTERNET;
	}
}

static uint32_t prefix_hash(const struct prefix *p)
{
	uint32_t h = 2166136261u ^ p->af ^ ((uint32_t)p->len << 8);
	unsigned i;

	for (i = 0; i < af_bytes(p->af); i++)
		h = (h ^ p->a[i]) * 16777619u;
	return h;
}

static bool prefix_same(const struct prefix *x, const struct prefix *y)
{
	return x->af == y->af && x->len == y->len &&
	       !memcmp(x->a, y->a, af_bytes(x->af));
}

/* The slot of prefix q: its chain's head, or the empty slot for it. */
static int32_t *plist_slot(const struct pol_plist *pl, const struct prefix *q)
{
	size_t mask = pl->nslots - 1, i;

	for (i = prefix_hash(q) & mask;; i = (i + 1) & mask)
		if (pl->slot[i] < 0 ||
		    prefix_same(&pl->e[pl->slot[i]]->prefix, q))
			return &pl->slot[i];
}

static void plist_index(struct pol_plist *pl)
{
	bool seen[129] = {false};
	unsigned i, l;

	for (pl->nslots = 16; pl->nslots < 2 * (size_t)pl->n; pl->nslots *= 2)
		;
	pl->slot = xcalloc(pl->nslots, sizeof(*pl->slot));
	pl->chain = xcalloc(pl->n, sizeof(*pl->chain));
	memset(pl->slot, 0xff, pl->nslots * sizeof(*pl->slot));
	for (i = 0; i < pl->n; i++) {
		int32_t *h = plist_slot(pl, &pl->e[i]->prefix);

		pl->chain[i] = -1;
		if (*h < 0) {
			*h = (int32_t)i;
		} else { /* append: chains stay in sequence order */
			int32_t j = *h;

			while (pl->chain[j] >= 0)
				j = pl->chain[j];
			pl->chain[j] = (int32_t)i;
		}
		if (pl->e[i]->prefix.len <= 128)
			seen[pl->e[i]->prefix.len] = true;
	}
	for (l = 0; l <= 128; l++)
		if (seen[l])
			pl->lens[pl->nlens++] = (uint8_t)l;
}

static void plist_compile(struct pol_plist *pl, const struct plist *l)
{
	const struct plist_entry *e;
	unsigned i = 0;

	pl->src = l;
	for (e = l->entries; e; e = e->next)
		pl->n++;
	pl->e = xcalloc(pl->n, sizeof(*pl->e));
	for (e = l->entries; e; e = e->next)
		pl->e[i++] = e;
	if (pl->n >= POLICY_PLIST_INDEX_MIN)
		plist_index(pl);
}

static void aslist_compile(struct pol_aslist *pl, const struct aslist *l)
{
	const struct strlist_entry *s;
	unsigned i = 0;

	pl->src = l;
	for (s = l->entries; s; s = s->next)
		pl->n++;
	pl->e = xcalloc(pl->n, sizeof(*pl->e));
	pl->memo = xcalloc(1, sizeof(*pl->memo));
	pl->memo->kind = MEMO_ASPATH;
	for (s = l->entries; s; s = s->next, i++) {
		pl->e[i].permit = s->permit;
		pl->e[i].re_ok = regex_compile(&pl->e[i].re, s->value);
	}
}

/* --- compiling route-maps --- */

/* Word i of a blank-separated arg into buf ("" if absent). */
static const char *word(const char *arg, unsigned i, char *buf, size_t len)
{
	size_t l;

	while (*arg == ' ')
		arg++;
	while (i--) {
		arg = strchr(arg, ' ');
		if (!arg) {
			buf[0] = '\0';
			return buf;
		}
		arg++;
	}
	l = strcspn(arg, " ");
	if (l >= len)
		l = len - 1;
	memcpy(buf, arg, l);
	buf[l] = '\0';
	return buf;
}

static uint32_t num(const char *w)
{
	unsigned long x = strtoul(w, NULL, 10);

	return x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
}

/* "65000" or asdot "1.10". */
static uint32_t asn(const char *w)
{
	const char *dot = strchr(w, '.');

	if (dot)
		return num(w) << 16 | (num(dot + 1) & 0xffff);
	return num(w);
}

static unsigned nwords(const char *arg)
{
	unsigned n = 0;
	bool in = false;

	for (; *arg; arg++) {
		if (*arg != ' ' && !in)
			n++;
		in = *arg != ' ';
	}
	return n;
}

static const void *list_ref(char kind, int af, const char *arg)
{
	char name[256];

	return index_get(kind, af, word(arg, 0, name, sizeof(name)));
}

static void match_compile(struct pol_clause *k, const char *arg)
{
	char w[64];

	switch (k->kind) {
	case RMAP_MATCH_IP_ADDRESS:
	case RMAP_MATCH_IP_NEXTHOP:
	case RMAP_MATCH_IP_ROUTE_SOURCE:
		k->ref = list_ref('A', AF_INET, arg);
		break;
	case RMAP_MATCH_IP_ADDRESS_PLIST:
	case RMAP_MATCH_IP_NEXTHOP_PLIST:
	case RMAP_MATCH_IP_ROUTE_SOURCE_PLIST:
		k->ref = list_ref('P', AF_INET, arg);
		break;
	case RMAP_MATCH_IPV6_ADDRESS:
		k->ref = list_ref('A', AF_INET6, arg);
		break;
	case RMAP_MATCH_IPV6_ADDRESS_PLIST:
		k->ref = list_ref('P', AF_INET6, arg);
		break;
	case RMAP_MATCH_AS_PATH:
		k->ref = list_ref('S', 0, arg);
		break;
	case RMAP_MATCH_COMMUNITY:
	case RMAP_MATCH_LARGE_COMMUNITY:
		k->ref = list_ref(k->kind == RMAP_MATCH_COMMUNITY ? 'C' : 'L',
				  0, arg);
		k->flag = !strcmp(word(arg, 1, w, sizeof(w)), "exact-match");
		break;
	case RMAP_MATCH_ORIGIN:
		word(arg, 0, w, sizeof(w));
		k->u = w[0] == 'i' && w[1] == 'g' ? ORIGIN_IGP
		       : w[0] == 'e'		  ? ORIGIN_EGP
						  : ORIGIN_INCOMPLETE;
		break;
	case RMAP_MATCH_IPV6_NEXTHOP:
	case RMAP_MATCH_PEER:
		/* "match peer local": addr stays unset. */
		if (ipaddr_parse(word(arg, 0, w, sizeof(w)), &k->addr) < 0)
			memset(&k->addr, 0, sizeof(k->addr));
		break;
	default: /* metric, local-preference, tag, probability */
		k->u = num(word(arg, 0, w, sizeof(w)));
		break;
	}
}

static void set_comm_compile(struct pol_clause *k, const char *arg)
{
	uint32_t *v;
	struct lcommunity_val *lv;
	unsigned n = nwords(arg);
	char w[32];

	word(arg, n ? n - 1 : 0, w, sizeof(w));
	if (!strcmp(arg, "none")) {
		k->flag = false;
		k->op = 'n';
		return;
	}
	k->flag = !strcmp(w, "additive");
	k->n = split_values(arg, k->kind == RMAP_SET_LARGE_COMMUNITY, &v, &lv);
	if (k->kind == RMAP_SET_COMMUNITY) {
		k->comm = community_intern(v, k->n);
		free(v);
	} else {
		k->lcomm = lcommunity_intern(lv, k->n);
		k->lv = lv; /* kept for "additive" */
	}
}

/* RFC 4360 3.1, 3.2, RFC 5668: route target (subtype 2) and route
 * origin (3) as 2-octet-AS, IPv4 or 4-octet-AS specific values. */
static void set_ecomm_compile(struct pol_clause *k, const char *arg)
{
	unsigned n = nwords(arg), i;
	char w[64], head[64], *c;
	uint8_t sub;

	word(arg, 0, w, sizeof(w));
	sub = !strcmp(w, "rt") ? 0x02 : 0x03;
	k->ev = xcalloc(n, sizeof(*k->ev));
	for (i = 1; i < n; i++) {
		uint8_t *e = k->ev[k->n];
		struct ipaddr a;
		uint32_t lo;

		word(arg, i, w, sizeof(w));
		if (!(c = strrchr(w, ':')))
			continue;
		memcpy(head, w, (size_t)(c - w));
		head[c - w] = '\0';
		lo = num(c + 1);
		e[1] = sub;
		if (ipaddr_parse(head, &a) == 0 && a.af == AF_INET) {
			e[0] = 0x01;
			memcpy(e + 2, a.a, 4);
			e[6] = (uint8_t)(lo >> 8);
			e[7] = (uint8_t)lo;
		} else if (asn(head) <= 0xffff) {
			e[0] = 0x00;
			e[2] = (uint8_t)(asn(head) >> 8);
			e[3] = (uint8_t)asn(head);
			e[4] = (uint8_t)(lo >> 24);
			e[5] = (uint8_t)(lo >> 16);
			e[6] = (uint8_t)(lo >> 8);
			e[7] = (uint8_t)lo;
		} else {
			uint32_t as = asn(head);

			e[0] = 0x02;
			e[2] = (uint8_t)(as >> 24);
			e[3] = (uint8_t)(as >> 16);
			e[4] = (uint8_t)(as >> 8);
			e[5] = (uint8_t)as;
			e[6] = (uint8_t)(lo >> 8);
			e[7] = (uint8_t)lo;
		}
		k->n++;
	}
}

static void set_asns_compile(struct pol_clause *k, const char *arg)
{
	unsigned n = nwords(arg), i;
	char w[32];

	if (!strcmp(word(arg, 0, w, sizeof(w)), "last-as")) {
		k->op = 'l';
		k->u = num(word(arg, 1, w, sizeof(w)));
		return;
	}
	k->asns = xcalloc(n, sizeof(*k->asns));
	for (i = 0; i < n; i++)
		k->asns[k->n++] = asn(word(arg, i, w, sizeof(w)));
}

static void set_compile(struct pol_clause *k, const char *arg)
{
	char w[64];

	switch (k->kind) {
	case RMAP_SET_METRIC:
		word(arg, 0, w, sizeof(w));
		k->op = strstr(w, "rtt")	       ? 'r'
			: (w[0] == '+' || w[0] == '-') ? w[0]
						       : '=';
		k->u = num(w + (k->op == '+' || k->op == '-'));
		break;
	case RMAP_SET_COMMUNITY:
	case RMAP_SET_LARGE_COMMUNITY:
		set_comm_compile(k, arg);
		break;
	case RMAP_SET_COMM_LIST_DELETE:
		k->ref = list_ref('C', 0, arg);
		break;
	case RMAP_SET_LARGE_COMM_LIST_DELETE:
		k->ref = list_ref('L', 0, arg);
		break;
	case RMAP_SET_EXTCOMMUNITY:
		set_ecomm_compile(k, arg);
		break;
	case RMAP_SET_AS_PATH_PREPEND:
	case RMAP_SET_AS_PATH_EXCLUDE:
		set_asns_compile(k, arg);
		break;
	case RMAP_SET_ORIGIN:
		word(arg, 0, w, sizeof(w));
		k->u = w[0] == 'i' && w[1] == 'g' ? ORIGIN_IGP
		       : w[0] == 'e'		  ? ORIGIN_EGP
						  : ORIGIN_INCOMPLETE;
		break;
	case RMAP_SET_IP_NEXTHOP:
	case RMAP_SET_IPV6_NEXTHOP_GLOBAL:
	case RMAP_SET_IPV6_NEXTHOP_LOCAL:
	case RMAP_SET_ORIGINATOR_ID:
		word(arg, 0, w, sizeof(w));
		k->op = !strcmp(w, "peer-address") ? 'p'
			: !strcmp(w, "unchanged")  ? 'u'
						   : 'a';
		if (k->op == 'a' && ipaddr_parse(w, &k->addr) < 0)
			k->op = 'x'; /* cannot happen: parser checked */
		break;
	case RMAP_SET_IPV6_NEXTHOP_PEER:
		k->op = 'p';
		break;
	case RMAP_SET_AGGREGATOR:
		k->u = asn(word(arg, 0, w, sizeof(w)));
		if (ipaddr_parse(word(arg, 1, w, sizeof(w)), &k->addr) < 0)
			k->op = 'x';
		break;
	default: /* local-preference, weight, tag */
		k->u = num(word(arg, 0, w, sizeof(w)));
		break;
	}
}

static unsigned clauses_count(const struct rmap_clause *c)
{
	unsigned n = 0;

	for (; c; c = c->next)
		n++;
	return n;
}

static struct pol_clause *clauses_compile(const struct rmap_clause *c, bool set,
					  unsigned *n)
{
	struct pol_clause *v;
	unsigned i = 0;

	*n = clauses_count(c);
	v = xcalloc(*n, sizeof(*v));
	for (; c; c = c->next, i++) {
		v[i].kind = c->kind;
		if (set)
			set_compile(&v[i], c->arg ? c->arg : "");
		else
			match_compile(&v[i], c->arg ? c->arg : "");
	}
	return v;
}

static void rmap_compile(struct pol_rmap *pm, const struct rmap *m)
{
	const struct rmap_entry *e;
	unsigned i = 0;

	pm->src = m;
	for (e = m->entries; e; e = e->next)
		pm->n++;
	pm->e = xcalloc(pm->n, sizeof(*pm->e));
	for (e = m->entries; e; e = e->next, i++) {
		struct pol_entry *pe = &pm->e[i];

		pe->seq = e->seq;
		pe->permit = e->permit;
		pe->match = clauses_compile(e->matches, false, &pe->nmatch);
		pe->set = clauses_compile(e->sets, true, &pe->nset);
		pe->has_call = e->call != NULL;
		pe->on_match = e->on_match;
		pe->go = e->on_match_goto;
	}
}

/* "call NAME" after every map is compiled (maps may call each other). */
static void rmap_link_calls(struct pol_rmap *pm)
{
	const struct rmap_entry *e;
	unsigned i = 0;

	for (e = pm->src->entries; e; e = e->next, i++)
		if (e->call)
			pm->e[i].call = index_get('R', 0, e->call);
}

/* --- remembered regexp results --- */

static void memo_key_unref(enum memo_kind k, void *key)
{
	if (k == MEMO_ASPATH)
		aspath_unref(key);
	else if (k == MEMO_COMM)
		community_unref(key);
	else
		lcommunity_unref(key);
}

static void *memo_key_ref(enum memo_kind k, void *key)
{
	if (!key)
		return NULL;
	if (k == MEMO_ASPATH)
		return aspath_ref(key);
	if (k == MEMO_COMM)
		return community_ref(key);
	return lcommunity_ref(key);
}

static struct pol_memo_slot *memo_slot(struct pol_memo *m, const void *key)
{
	uintptr_t h = (uintptr_t)key;

	h ^= h >> 13;
	h ^= h >> 23;
	return &m->s[(h >> 4) & (POLICY_MEMO_SLOTS - 1)];
}

static void memo_put(struct pol_memo *m, struct pol_memo_slot *s,
		     const void *key, bool res)
{
	if (s->valid)
		memo_key_unref(m->kind, s->key);
	/* The interned objects are immutable; the reference only pins the
	 * address. */
	s->key = memo_key_ref(m->kind, (void *)(uintptr_t)key);
	s->valid = true;
	s->res = res;
}

static void memo_free(struct pol_memo *m)
{
	unsigned i;

	if (!m)
		return;
	for (i = 0; i < POLICY_MEMO_SLOTS; i++)
		if (m->s[i].valid)
			memo_key_unref(m->kind, m->s[i].key);
	free(m);
}

/* --- the cache --- */

static void clauses_free(struct pol_clause *v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		community_unref(v[i].comm);
		lcommunity_unref(v[i].lcomm);
		free(v[i].ev);
		free(v[i].lv);
		free(v[i].asns);
	}
	free(v);
}

static void cache_free(void)
{
	unsigned i, j;

	for (i = 0; i < pc.nrmaps; i++) {
		for (j = 0; j < pc.rmaps[i].n; j++) {
			clauses_free(pc.rmaps[i].e[j].match,
				     pc.rmaps[i].e[j].nmatch);
			clauses_free(pc.rmaps[i].e[j].set,
				     pc.rmaps[i].e[j].nset);
		}
		free(pc.rmaps[i].e);
	}
	for (i = 0; i < pc.nclists; i++) {
		for (j = 0; j < pc.clists[i].n; j++) {
			struct pol_centry *e = &pc.clists[i].e[j];

			if (e->re_ok)
				regfree(&e->re);
			free(e->v);
			free(e->lv);
		}
		free(pc.clists[i].e);
		memo_free(pc.clists[i].memo);
	}
	for (i = 0; i < pc.naslists; i++) {
		for (j = 0; j < pc.aslists[i].n; j++)
			if (pc.aslists[i].e[j].re_ok)
				regfree(&pc.aslists[i].e[j].re);
		free(pc.aslists[i].e);
		memo_free(pc.aslists[i].memo);
	}
	for (i = 0; i < pc.nplists; i++) {
		free(pc.plists[i].e);
		free(pc.plists[i].slot);
		free(pc.plists[i].chain);
	}
	free(pc.plists);
	free(pc.rmaps);
	free(pc.clists);
	free(pc.aslists);
	free(pc.slots);
	memset(&pc, 0, sizeof(pc));
}

void policy_config_changed(const struct config *c)
{
	(void)c; /* one config at a time: whichever it is, start over */
	cache_free();
}

static void cache_index(const struct config *c)
{
	const struct rmap *m;
	const struct plist *p;
	const struct acl *a;
	size_t n = 0;
	unsigned i;

	for (m = c->rmaps; m; m = m->next)
		n++;
	for (p = c->plists; p; p = p->next)
		n++;
	for (a = c->acls; a; a = a->next)
		n++;
	n += pc.nclists + pc.naslists;
	for (pc.nslots = 16; pc.nslots < 2 * n; pc.nslots *= 2)
		;
	pc.slots = xcalloc(pc.nslots, sizeof(*pc.slots));
	for (i = 0; i < pc.nplists; i++)
		index_put('P', pc.plists[i].src->af, pc.plists[i].src->name,
			  &pc.plists[i]);
	for (a = c->acls; a; a = a->next)
		index_put('A', a->af, a->name, (void *)a);
	for (i = 0; i < pc.nclists; i++)
		index_put(pc.clists[i].src->large ? 'L' : 'C', 0,
			  pc.clists[i].src->name, &pc.clists[i]);
	for (i = 0; i < pc.naslists; i++)
		index_put('S', 0, pc.aslists[i].src->name, &pc.aslists[i]);
	for (i = 0; i < pc.nrmaps; i++)
		index_put('R', 0, pc.rmaps[i].src->name, &pc.rmaps[i]);
}

static void cache_build(const struct config *c)
{
	const struct rmap *m;
	const struct clist *cl;
	const struct aslist *al;
	const struct plist *pl;
	unsigned i;

	pc.c = c;
	pc.heads[0] = c->rmaps;
	pc.heads[1] = c->plists;
	pc.heads[2] = c->acls;
	pc.heads[3] = c->clists;
	pc.heads[4] = c->aslists;
	for (cl = c->clists; cl; cl = cl->next)
		pc.nclists++;
	for (al = c->aslists; al; al = al->next)
		pc.naslists++;
	for (m = c->rmaps; m; m = m->next)
		pc.nrmaps++;
	pc.clists = xcalloc(pc.nclists, sizeof(*pc.clists));
	pc.aslists = xcalloc(pc.naslists, sizeof(*pc.aslists));
	for (pl = c->plists; pl; pl = pl->next)
		pc.nplists++;
	pc.plists = xcalloc(pc.nplists, sizeof(*pc.plists));
	for (i = 0, pl = c->plists; pl; pl = pl->next)
		plist_compile(&pc.plists[i++], pl);
	pc.rmaps = xcalloc(pc.nrmaps, sizeof(*pc.rmaps));
	for (i = 0, cl = c->clists; cl; cl = cl->next)
		clist_compile(&pc.clists[i++], cl);
	for (i = 0, al = c->aslists; al; al = al->next)
		aslist_compile(&pc.aslists[i++], al);
	/* Route-maps are indexed before they are compiled so that their
	 * clauses resolve lists, and calls resolve after. */
	for (i = 0, m = c->rmaps; m; m = m->next)
		pc.rmaps[i++].src = m;
	cache_index(c);
	for (i = 0; i < pc.nrmaps; i++)
		rmap_compile(&pc.rmaps[i], pc.rmaps[i].src);
	for (i = 0; i < pc.nrmaps; i++)
		rmap_link_calls(&pc.rmaps[i]);
}

/* The compiled form of c, built on first use. */
static void cache_get(const struct config *c)
{
	if (!c) {	/* no config: nothing is defined */
		cache_free();
		return;
	}
	if (pc.c == c && pc.heads[0] == c->rmaps && pc.heads[1] == c->plists &&
	    pc.heads[2] == c->acls && pc.heads[3] == c->clists &&
	    pc.heads[4] == c->aslists)
		return;
	cache_free();
	cache_build(c);
}

/* --- lists --- */

/* lib/plist.c prefix_list_entry_match: without ge/le the length must be
 * equal; le bounds it above, ge below. */
static bool plist_entry_match(const struct plist_entry *e,
			      const struct prefix *p)
{
	if (e->prefix.af != p->af || !prefix_contains(&e->prefix, p))
		return false;
	if (!e->le && !e->ge)
		return p->len == e->prefix.len;
	if (e->le && p->len > e->le)
		return false;
	if (e->ge && p->len < e->ge)
		return false;
	return true;
}

/* lib/plist.c prefix_list_apply: an empty list permits; first match in
 * sequence order (the config keeps entries sorted); implicit deny. */
static enum policy_verdict plist_eval(const struct pol_plist *l,
				      const struct prefix *p)
{
	int32_t best = -1, j;
	struct prefix q;
	unsigned i;

	if (!l->n)
		return POLICY_PERMIT;
	if (!l->nslots) {
		for (i = 0; i < l->n; i++)
			if (plist_entry_match(l->e[i], p))
				return l->e[i]->permit ? POLICY_PERMIT
						       : POLICY_DENY;
		return POLICY_DENY;
	}
	/* The earliest matching entry among those whose prefix is p
	 * truncated to their length. */
	for (i = 0; i < l->nlens && l->lens[i] <= p->len; i++) {
		q = *p;
		q.len = l->lens[i];
		prefix_clear_host_bits(&q);
		for (j = *plist_slot(l, &q); j >= 0; j = l->chain[j]) {
			if (best >= 0 && j > best)
				break;
			if (plist_entry_match(l->e[j], p)) {
				best = j;
				break;
			}
		}
	}
	if (best < 0)
		return POLICY_DENY;
	return l->e[best]->permit ? POLICY_PERMIT : POLICY_DENY;
}

/* lib/filter.c filter_match_zebra: "any", or the prefix contains p
 * (exact-match: equal length too); first match wins, implicit deny. */
static enum policy_verdict acl_eval(const struct acl *l, const struct prefix *p)
{
	const struct acl_entry *e;

	for (e = l->entries; e; e = e->next) {
		if (e->prefix.af != p->af)
			continue;
		if (e->any || (prefix_contains(&e->prefix, p) &&
			       (!e->exact_match || e->prefix.len == p->len)))
			return e->permit ? POLICY_PERMIT : POLICY_DENY;
	}
	return POLICY_DENY;
}

/* Print with fn into the stack buffer, or a heap one when longer.  The
 * caller frees *heap. */
static const char *text_of(size_t (*fn)(const void *, char *, size_t),
			   const void *obj, char *buf, size_t len, char **heap)
{
	size_t need = obj ? fn(obj, buf, len) : 0;

	*heap = NULL;
	if (!obj)
		buf[0] = '\0';
	if (need < len)
		return buf;
	*heap = xcalloc(need + 1, 1);
	fn(obj, *heap, need + 1);
	return *heap;
}

static size_t print_aspath(const void *o, char *b, size_t l)
{
	return aspath_print(o, b, l);
}

static size_t print_comm(const void *o, char *b, size_t l)
{
	return community_print(o, b, l);
}

static size_t print_lcomm(const void *o, char *b, size_t l)
{
	return lcommunity_print(o, b, l);
}

static bool regex_text(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

/* bgp_filter.c as_list_apply: first matching regexp, implicit deny. */
static enum policy_verdict aslist_eval(const struct pol_aslist *l,
				       const struct aspath *path)
{
	struct pol_memo_slot *ms = memo_slot(l->memo, path);
	char buf[POLICY_TEXT_STACK], *heap;
	enum policy_verdict v = POLICY_DENY;
	const char *s;
	unsigned i;

	if (ms->valid && ms->key == path)
		return ms->res ? POLICY_PERMIT : POLICY_DENY;
	s = text_of(print_aspath, path, buf, sizeof(buf), &heap);
	for (i = 0; i < l->n; i++)
		if (l->e[i].re_ok && regex_text(&l->e[i].re, s)) {
			v = l->e[i].permit ? POLICY_PERMIT : POLICY_DENY;
			break;
		}
	free(heap);
	memo_put(l->memo, ms, path, v == POLICY_PERMIT);
	return v;
}

/* Are all n sorted values of want in the set c?  (community_match) */
static bool comm_includes(const struct community *c, const uint32_t *want,
			  uint32_t n)
{
	uint32_t i, j = 0;

	if (!c)
		return n == 0;
	for (i = 0; i < n; i++) {
		while (j < c->n && c->v[j] < want[i])
			j++;
		if (j == c->n || c->v[j] != want[i])
			return false;
	}
	return true;
}

static bool lcomm_includes(const struct lcommunity *c,
			   const struct lcommunity_val *want, uint32_t n)
{
	uint32_t i, j = 0;

	if (!c)
		return n == 0;
	for (i = 0; i < n; i++) {
		while (j < c->n && lval_cmp(&c->v[j], &want[i]) < 0)
			j++;
		if (j == c->n || lval_cmp(&c->v[j], &want[i]) != 0)
			return false;
	}
	return true;
}

/*
 * bgp_clist.c community_list_match / community_list_exact_match (and the
 * lcommunity ones): standard entries match when the route carries all
 * their values (exact: exactly those values; "internet": any route);
 * expanded entries are regexps over the printed list ("" if none); exact
 * matching of an expanded entry never matches in Quagga 1.2.  A route
 * without communities never matches exactly.  First match decides.
 */
static bool clist_eval(const struct pol_clist *l, const struct attr_build *ab,
		       bool large, bool exact)
{
	char buf[POLICY_TEXT_STACK], *heap = NULL;
	const char *s = NULL;
	bool res = false;
	unsigned i;
	uint32_t have = large ? (ab->lcomm ? ab->lcomm->n : 0)
			      : (ab->comm ? ab->comm->n : 0);

	if (exact && !have)
		return false;
	for (i = 0; i < l->n; i++) {
		const struct pol_centry *e = &l->e[i];
		bool m;

		if (e->expanded) {
			if (exact || !e->re_ok)
				continue;
			if (!s)
				s = large ? text_of(print_lcomm, ab->lcomm, buf,
						    sizeof(buf), &heap)
					  : text_of(print_comm, ab->comm, buf,
						    sizeof(buf), &heap);
			m = regex_text(&e->re, s);
		} else if (e->internet) {
			m = true;
		} else {
			m = large ? lcomm_includes(ab->lcomm, e->lv, e->n)
				  : comm_includes(ab->comm, e->v, e->n);
			if (exact)
				m = m && have == e->n;
		}
		if (m) {
			res = e->permit;
			break;
		}
	}
	free(heap);
	return res;
}

static bool clist_match(const struct pol_clist *l, const struct attr_build *ab,
			bool large, bool exact)
{
	const void *key =
	    large ? (const void *)ab->lcomm : (const void *)ab->comm;
	struct pol_memo_slot *ms;
	bool res;

	if (exact || !l->memo) /* no regexp involved: cheap */
		return clist_eval(l, ab, large, exact);
	ms = memo_slot(l->memo, key);
	if (ms->valid && ms->key == key)
		return ms->res;
	res = clist_eval(l, ab, large, false);
	memo_put(l->memo, ms, key, res);
	return res;
}

/* --- route-map match clauses (bgpd/bgp_routemap.c route_match_*) --- */

/* The next hop as a host prefix of family af; false if it has none. */
static bool nh_prefix(const struct attr_build *ab, int af, struct prefix *p)
{
	if (ab->nh_af != af)
		return false;
	memset(p, 0, sizeof(*p));
	p->af = (uint8_t)af;
	p->len = (uint8_t)af_maxlen(af);
	memcpy(p->a, ab->nh, af_bytes(af));
	return true;
}

static bool addr_prefix(const struct ipaddr *a, int af, struct prefix *p)
{
	if (!a || a->af != af)
		return false;
	memset(p, 0, sizeof(*p));
	p->af = (uint8_t)af;
	p->len = (uint8_t)af_maxlen(af);
	memcpy(p->a, a->a, af_bytes(af));
	return true;
}

static uint32_t rand_next(void)
{
	static uint32_t x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/* A list match: an undefined list never matches (route_match_*
 * return RMAP_NOMATCH when the lookup fails). */
static bool match_list(const struct pol_clause *k, const struct prefix *p,
		       bool plist)
{
	if (!k->ref || !p)
		return false;
	return (plist ? plist_eval(k->ref, p) : acl_eval(k->ref, p)) ==
	       POLICY_PERMIT;
}

static bool match_one(const struct pol_clause *k, const struct policy_route *r)
{
	const struct attr_build *ab = r->ab;
	struct prefix tmp;

	switch (k->kind) {
	case RMAP_MATCH_IP_ADDRESS:
	case RMAP_MATCH_IPV6_ADDRESS:
		return match_list(k, r->prefix, false);
	case RMAP_MATCH_IP_ADDRESS_PLIST:
	case RMAP_MATCH_IPV6_ADDRESS_PLIST:
		return match_list(k, r->prefix, true);
	case RMAP_MATCH_IP_NEXTHOP:
	case RMAP_MATCH_IP_NEXTHOP_PLIST:
		return nh_prefix(ab, AF_INET, &tmp) &&
		       match_list(k, &tmp,
				  k->kind == RMAP_MATCH_IP_NEXTHOP_PLIST);
	case RMAP_MATCH_IP_ROUTE_SOURCE:
	case RMAP_MATCH_IP_ROUTE_SOURCE_PLIST:
		return addr_prefix(r->peer, AF_INET, &tmp) &&
		       match_list(k, &tmp,
				  k->kind == RMAP_MATCH_IP_ROUTE_SOURCE_PLIST);
	case RMAP_MATCH_IPV6_NEXTHOP:
		return (ab->nh_af == AF_INET6 &&
			!memcmp(ab->nh, k->addr.a, 16)) ||
		       (ab->has_nh_ll && !memcmp(ab->nh_ll, k->addr.a, 16));
	case RMAP_MATCH_AS_PATH:
		return k->ref &&
		       aslist_eval(k->ref, ab->aspath) == POLICY_PERMIT;
	case RMAP_MATCH_COMMUNITY:
	case RMAP_MATCH_LARGE_COMMUNITY:
		return k->ref &&
		       clist_match(k->ref, ab,
				   k->kind == RMAP_MATCH_LARGE_COMMUNITY,
				   k->flag);
	case RMAP_MATCH_METRIC:
		/* Quagga compares attr->med, 0 when absent. */
		return (ab->has_med ? ab->med : 0) == k->u;
	case RMAP_MATCH_LOCAL_PREF:
		return ab->has_local_pref && ab->local_pref == k->u;
	case RMAP_MATCH_ORIGIN:
		return ab->origin == k->u;
	case RMAP_MATCH_PEER:
		if (k->addr.af == 0) /* "local": originated here */
			return r->peer == NULL;
		return r->peer && ipaddr_cmp(r->peer, &k->addr) == 0;
	case RMAP_MATCH_PROBABILITY:
		return k->u >= 100 || rand_next() % 100 < k->u;
	default: /* extcommunity, tag, interface: see the top */
		return false;
	}
}

static bool entry_matches(const struct pol_entry *e,
			  const struct policy_route *r)
{
	unsigned i;

	for (i = 0; i < e->nmatch; i++)
		if (!match_one(&e->match[i], r))
			return false;
	return true;
}

/* --- route-map set clauses (bgpd/bgp_routemap.c route_set_*) --- */

/* bgp_clist.c community_list_match_delete: each value is removed when
 * the first entry that matches it is a permit. */
static bool comm_drop(uint32_t v, void *arg)
{
	const struct pol_clist *l = arg;
	char s[24];
	unsigned i;
	bool printed = false;

	for (i = 0; i < l->n; i++) {
		const struct pol_centry *e = &l->e[i];
		bool m;

		if (e->expanded) {
			if (!printed)
				community_val_print(v, s, sizeof(s));
			printed = true;
			m = e->re_ok && regex_text(&e->re, s);
		} else {
			m = e->internet ||
			    bsearch(&v, e->v, e->n, sizeof(v), u32_cmp) != NULL;
		}
		if (m)
			return e->permit;
	}
	return false;
}

static bool lcomm_drop(const struct pol_clist *l,
		       const struct lcommunity_val *v)
{
	char s[40];
	unsigned i;

	for (i = 0; i < l->n; i++) {
		const struct pol_centry *e = &l->e[i];
		bool m;

		if (e->expanded) {
			snprintf(s, sizeof(s), "%u:%u:%u", v->global, v->local1,
				 v->local2);
			m = e->re_ok && regex_text(&e->re, s);
		} else {
			m = bsearch(v, e->lv, e->n, sizeof(*v), lval_cmp) !=
			    NULL;
		}
		if (m)
			return e->permit;
	}
	return false;
}

/* Large communities: the route's values minus those deleted, plus the
 * n values add; interned into ab. */
static void lcomm_rebuild(struct attr_build *ab, const struct pol_clist *del,
			  const struct lcommunity_val *add, uint32_t n)
{
	const struct lcommunity *old = ab->lcomm;
	uint32_t have = old ? old->n : 0, i, k = 0;
	struct lcommunity_val small[64];
	struct lcommunity_val *v =
	    have + n <= 64 ? small : xcalloc(have + n, sizeof(*v));
	struct lcommunity *nc;

	for (i = 0; i < have; i++)
		if (!del || !lcomm_drop(del, &old->v[i]))
			v[k++] = old->v[i];
	for (i = 0; i < n; i++)
		v[k++] = add[i];
	nc = k ? lcommunity_intern(v, k) : NULL;
	attr_build_set_lcomm(ab, nc);
	lcommunity_unref(nc);
	if (v != small)
		free(v);
}

static void set_community(const struct pol_clause *k, struct attr_build *ab)
{
	struct community *nc;

	if (k->op == 'n') { /* none */
		attr_build_set_comm(ab, NULL);
	} else if (k->flag && k->comm) { /* additive */
		nc = community_add(ab->comm, k->comm->v, k->comm->n);
		attr_build_set_comm(ab, nc);
		community_unref(nc);
	} else {
		attr_build_set_comm(ab, k->comm);
	}
}

static void set_lcommunity(const struct pol_clause *k, struct attr_build *ab)
{
	if (k->op == 'n')
		attr_build_set_lcomm(ab, NULL);
	else if (k->flag)
		lcomm_rebuild(ab, NULL, k->lv, k->n);
	else
		attr_build_set_lcomm(ab, k->lcomm);
}

/* Quagga's "set extcommunity rt|soo" merges with what the route has. */
static void set_ecommunity(const struct pol_clause *k, struct attr_build *ab)
{
	uint32_t have = ab->ecomm ? ab->ecomm->n : 0;
	uint8_t small[64][8];
	uint8_t(*v)[8] =
	    have + k->n <= 64 ? small : xcalloc(have + k->n, sizeof(*v));
	struct ecommunity *nc;

	if (have)
		memcpy(v, ab->ecomm->v, have * sizeof(*v));
	memcpy(v + have, k->ev, k->n * sizeof(*v));
	nc = ecommunity_intern((const uint8_t(*)[8])v, have + k->n);
	attr_build_set_ecomm(ab, nc);
	ecommunity_unref(nc);
	if (v != small)
		free(v);
}

/* "set as-path prepend A B C": the path becomes "A B C <old>". */
static void set_prepend(const struct pol_clause *k, struct policy_route *r)
{
	struct attr_build *ab = r->ab;
	struct aspath *p = ab->aspath ? aspath_ref(ab->aspath) : aspath_empty();
	struct aspath *np;
	unsigned i;

	if (k->op == 'l') { /* last-as N: the leftmost AS (FRR) */
		uint32_t as = aspath_left_as(p);

		np = aspath_prepend(p, as ? as : r->peer_as, k->u);
		aspath_unref(p);
		p = np;
	}
	for (i = k->n; i-- > 0 && p;) {
		np = aspath_prepend(p, k->asns[i], 1);
		aspath_unref(p);
		p = np;
	}
	if (p)
		attr_build_set_aspath(ab, p);
	aspath_unref(p);
}

/* "set as-path exclude A B": those ASNs removed from every segment;
 * segments left empty disappear. */
static void set_exclude(const struct pol_clause *k, struct attr_build *ab)
{
	const struct aspath *p = ab->aspath;
	const uint8_t *s, *end;
	uint8_t small[512], *buf, *seg;
	size_t len = 0;
	struct aspath *np;
	unsigned i, j;

	if (!p)
		return;
	buf = p->len <= sizeof(small) ? small : xcalloc(p->len, 1);
	end = p->data + p->len;
	for (s = p->data; s + 2 <= end; s += 2 + 4 * (size_t)s[1]) {
		seg = buf + len;
		seg[0] = s[0];
		seg[1] = 0;
		for (i = 0; i < s[1]; i++) {
			const uint8_t *a = s + 2 + 4 * i;
			uint32_t as = (uint32_t)a[0] << 24 |
				      (uint32_t)a[1] << 16 |
				      (uint32_t)a[2] << 8 | a[3];

			for (j = 0; j < k->n && k->asns[j] != as; j++)
				;
			if (j < k->n)
				continue;
			memcpy(seg + 2 + 4 * seg[1], a, 4);
			seg[1]++;
		}
		if (seg[1])
			len += 2 + 4 * (size_t)seg[1];
	}
	np = aspath_intern(buf, len);
	if (np)
		attr_build_set_aspath(ab, np);
	aspath_unref(np);
	if (buf != small)
		free(buf);
}

/* Quagga's route_value_adjust: +N saturates, -N stops at 0; an absent
 * MED counts as 0. */
static void set_metric(const struct pol_clause *k, struct policy_route *r)
{
	struct attr_build *ab = r->ab;
	uint32_t cur = ab->has_med ? ab->med : 0;

	if (k->op == 'r') /* rtt: not measured, nothing to set */
		return;
	if (k->op == '+')
		cur = cur > UINT32_MAX - k->u ? UINT32_MAX : cur + k->u;
	else if (k->op == '-')
		cur = cur <= k->u ? 0 : cur - k->u;
	else
		cur = k->u;
	ab->med = cur;
	ab->has_med = true;
	r->set |= POLICY_SET_MED;
}

/* peer-address: the neighbor inbound, our own address outbound
 * (bgp_routemap.c route_set_ip_nexthop, peer->su_local when out). */
static const struct ipaddr *peer_address(const struct policy_route *r)
{
	return r->out ? r->local : r->peer;
}

/* "set ip next-hop" applies to IPv4 routes and "set ipv6 next-hop" to
 * IPv6 ones (Quagga keeps attr->nexthop and mp_nexthop_global apart;
 * okapi has one next hop per route). */
static void set_nexthop(const struct pol_clause *k, struct policy_route *r)
{
	struct attr_build *ab = r->ab;
	bool v6 = k->kind != RMAP_SET_IP_NEXTHOP;
	int af = v6 ? AF_INET6 : AF_INET;
	const struct ipaddr *a = &k->addr;

	if (r->af != (v6 ? BGP_AF_IPV6 : BGP_AF_IPV4) || k->op == 'x')
		return;
	if (k->op == 'u') {
		r->set |= POLICY_SET_NH_UNCHANGED;
		return;
	}
	if (k->op == 'p' && !(a = peer_address(r)))
		return;
	if (a->af != af)
		return;
	if (k->kind == RMAP_SET_IPV6_NEXTHOP_LOCAL) {
		memcpy(ab->nh_ll, a->a, 16);
		ab->has_nh_ll = true;
	} else {
		memset(ab->nh, 0, sizeof(ab->nh));
		memcpy(ab->nh, a->a, af_bytes(af));
		ab->nh_af = (uint8_t)af;
	}
	r->set |= POLICY_SET_NEXTHOP;
}

static void set_one(const struct pol_clause *k, struct policy_route *r)
{
	struct attr_build *ab = r->ab;
	struct community *nc;

	switch (k->kind) {
	case RMAP_SET_LOCAL_PREF:
		ab->local_pref = k->u;
		ab->has_local_pref = true;
		r->set |= POLICY_SET_LOCAL_PREF;
		break;
	case RMAP_SET_METRIC:
		set_metric(k, r);
		break;
	case RMAP_SET_WEIGHT:
		r->weight = k->u;
		r->set |= POLICY_SET_WEIGHT;
		break;
	case RMAP_SET_COMMUNITY:
		set_community(k, ab);
		r->set |= POLICY_SET_COMMUNITY;
		break;
	case RMAP_SET_COMM_LIST_DELETE:
		if (!k->ref || !ab->comm)
			break;
		nc = community_filter(ab->comm, comm_drop, (void *)k->ref);
		attr_build_set_comm(ab, nc);
		community_unref(nc);
		r->set |= POLICY_SET_COMMUNITY;
		break;
	case RMAP_SET_LARGE_COMMUNITY:
		set_lcommunity(k, ab);
		r->set |= POLICY_SET_LCOMMUNITY;
		break;
	case RMAP_SET_LARGE_COMM_LIST_DELETE:
		if (!k->ref || !ab->lcomm)
			break;
		lcomm_rebuild(ab, k->ref, NULL, 0);
		r->set |= POLICY_SET_LCOMMUNITY;
		break;
	case RMAP_SET_EXTCOMMUNITY:
		set_ecommunity(k, ab);
		r->set |= POLICY_SET_OTHER;
		break;
	case RMAP_SET_AS_PATH_PREPEND:
		set_prepend(k, r);
		r->set |= POLICY_SET_ASPATH;
		break;
	case RMAP_SET_AS_PATH_EXCLUDE:
		set_exclude(k, ab);
		r->set |= POLICY_SET_ASPATH;
		break;
	case RMAP_SET_ORIGIN:
		ab->origin = (uint8_t)k->u;
		r->set |= POLICY_SET_ORIGIN;
		break;
	case RMAP_SET_IP_NEXTHOP:
	case RMAP_SET_IPV6_NEXTHOP_GLOBAL:
	case RMAP_SET_IPV6_NEXTHOP_LOCAL:
	case RMAP_SET_IPV6_NEXTHOP_PEER:
		set_nexthop(k, r);
		break;
	case RMAP_SET_IPV6_NEXTHOP_PREFER_GLOBAL:
		r->set |= POLICY_SET_NH_PREFER_GLOBAL;
		break;
	case RMAP_SET_ORIGINATOR_ID:
		if (k->op != 'a' || k->addr.af != AF_INET)
			break;
		ab->originator_id = ipaddr_v4(&k->addr);
		ab->has_originator = true;
		r->set |= POLICY_SET_ORIGINATOR;
		break;
	case RMAP_SET_ATOMIC_AGGREGATE:
		ab->atomic_aggregate = true;
		r->set |= POLICY_SET_OTHER;
		break;
	case RMAP_SET_AGGREGATOR:
		if (k->op == 'x')
			break;
		ab->has_aggregator = true;
		ab->aggr_as = k->u;
		ab->aggr_addr = ipaddr_v4(&k->addr);
		r->set |= POLICY_SET_OTHER;
		break;
	default: /* tag */
		break;
	}
}

/* --- route-maps (lib/routemap.c route_map_apply) --- */

/*
 * Entries in sequence order.  The first whose match clauses all match
 * (no clause: matches) decides: deny denies; permit applies its sets,
 * then "call" (a deny of the called map denies; an undefined one is
 * ignored), then exits permitting, unless "on-match next" (continue with
 * the following entries: if none matches, the implicit deny applies, as
 * in Quagga 1.2) or "on-match goto N" (continue at the first entry with
 * seq >= N; if there is none, permit).  Implicit deny at the end.
 */
static enum policy_verdict rmap_eval(const struct pol_rmap *m,
				     struct policy_route *r, unsigned depth)
{
	unsigned i, j;

	if (depth > POLICY_CALL_DEPTH) {
		log_warn("route-map %s: call depth over %u, denied",
			 m->src->name, POLICY_CALL_DEPTH);
		return POLICY_DENY;
	}
	for (i = 0; i < m->n; i++) {
		const struct pol_entry *e = &m->e[i];

		if (!entry_matches(e, r))
			continue;
		if (!e->permit)
			return POLICY_DENY;
		for (j = 0; j < e->nset; j++)
			set_one(&e->set[j], r);
		if (e->call && rmap_eval(e->call, r, depth + 1) == POLICY_DENY)
			return POLICY_DENY;
		if (e->on_match == RMAP_ON_MATCH_NONE)
			return POLICY_PERMIT;
		if (e->on_match == RMAP_ON_MATCH_GOTO) {
			while (i + 1 < m->n && m->e[i + 1].seq < e->go)
				i++;
			if (i + 1 == m->n)
				return POLICY_PERMIT;
		}
	}
	return POLICY_DENY;
}

/* --- the API --- */

enum policy_verdict policy_route_map(const struct config *c, const char *name,
				     struct policy_route *r)
{
	const struct pol_rmap *m;

	r->set = 0;
	if (!name)
		return POLICY_PERMIT;
	cache_get(c);
	m = index_get('R', 0, name);
	if (!m) /* Quagga route_map_apply(NULL): deny */
		return POLICY_DENY;
	return rmap_eval(m, r, 0);
}

enum policy_verdict policy_prefix_list(const struct config *c, const char *name,
				       const struct prefix *p)
{
	const struct pol_plist *l;

	if (!name)
		return POLICY_PERMIT;
	cache_get(c);
	l = index_get('P', p->af, name);
	/* Quagga 1.2 prefix_list_apply(NULL) denies: a "neighbor X
	 * prefix-list NAME in" naming no list drops everything. */
	return l ? plist_eval(l, p) : POLICY_DENY;
}

enum policy_verdict policy_access_list(const struct config *c, const char *name,
				       const struct prefix *p)
{
	const struct acl *l;

	if (!name)
		return POLICY_PERMIT;
	cache_get(c);
	l = index_get('A', p->af, name);
	return l ? acl_eval(l, p) : POLICY_DENY; /* access_list_apply */
}

enum policy_verdict policy_as_path_list(const struct config *c,
					const char *name,
					const struct aspath *path)
{
	const struct pol_aslist *l;

	if (!name)
		return POLICY_PERMIT;
	cache_get(c);
	l = index_get('S', 0, name);
	return l ? aslist_eval(l, path) : POLICY_DENY; /* as_list_apply */
}
