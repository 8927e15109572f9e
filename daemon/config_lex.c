/*
 * config_lex.c: the word cursor every config handler reads through, the
 * "FILE:LINE:COL: error: expected X, got Y" messages, number/ASN/address
 * parsing, and the small helpers (allocation, hash table) of the parser.
 *
 * Words come from the user and may be anything (binary bytes, megabytes
 * long): nothing here copies a word into a fixed buffer except
 * config_quote(), which truncates.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "log.h"

#define QUOTE_MAX 64

void *config_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		fatal("config: out of memory");
	return p;
}

void *config_xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > ((size_t)-1) / size)
		fatal("config: allocation overflow");
	p = realloc(p, (n * size) != 0 ? n * size : 1);
	if (!p)
		fatal("config: out of memory");
	return p;
}

char *config_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		fatal("config: out of memory");
	return d;
}

void config_set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? config_xstrdup(s) : NULL;
}

/* --- messages --- */

const char *config_quote(const char *s, char *buf, size_t len)
{
	size_t o = 0, i;

	if (len < 8)
		return "";
	buf[o++] = '"';
	for (i = 0; s[i] && o + 6 < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (i >= QUOTE_MAX) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

static void vreport(struct cfg_ps *ps, bool error, unsigned col,
		    const char *fmt, va_list ap)
{
	char *msg = NULL;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	msg = config_xcalloc((size_t)n + 1, 1);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	config_diag_add(ps->d, error, "%s:%u:%u: %s: %s", ps->fname, ps->line,
			col, error ? "error" : "warning", msg);
	free(msg);
}

int config_err(struct cfg_ps *ps, unsigned col, const char *fmt, ...)
{
	va_list ap;

	/* One error per line: the first is the useful one. */
	if (ps->line_failed)
		return -1;
	ps->line_failed = true;
	va_start(ap, fmt);
	vreport(ps, true, col, fmt, ap);
	va_end(ap);
	return -1;
}

void config_warn(struct cfg_ps *ps, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ps, false, col, fmt, ap);
	va_end(ap);
}

void config_warn_unsupported(struct cfg_ps *ps, unsigned from)
{
	char *w = config_tk_join(ps, from, ps->i);
	char q[2 * QUOTE_MAX];

	config_warn(ps, ps->t[from].col, "%s is not supported yet, ignored",
		    config_quote(w, q, sizeof(q)));
	free(w);
}

/* --- the cursor --- */

const char *config_tk_peek(const struct cfg_ps *ps)
{
	return ps->i < ps->n ? ps->t[ps->i].s : NULL;
}

unsigned config_tk_col(const struct cfg_ps *ps)
{
	return ps->i < ps->n ? ps->t[ps->i].col : ps->eol_col;
}

bool config_tk_more(const struct cfg_ps *ps)
{
	return ps->i < ps->n;
}

bool config_tk_accept(struct cfg_ps *ps, const char *kw)
{
	if (ps->i < ps->n && strcmp(ps->t[ps->i].s, kw) == 0) {
		ps->i++;
		return true;
	}
	return false;
}

int config_tk_expected(struct cfg_ps *ps, const char *what)
{
	char q[2 * QUOTE_MAX];

	if (ps->i >= ps->n) {
		const char *prev = ps->n ? ps->t[ps->n - 1].s : "";

		return config_err(ps, ps->eol_col, "expected %s after %s", what,
				  config_quote(prev, q, sizeof(q)));
	}
	return config_err(ps, ps->t[ps->i].col, "expected %s, got %s", what,
			  config_quote(ps->t[ps->i].s, q, sizeof(q)));
}

int config_tk_end(struct cfg_ps *ps)
{
	char q[2 * QUOTE_MAX];

	if (ps->i >= ps->n)
		return 0;
	return config_err(ps, ps->t[ps->i].col,
			  "unexpected %s; expected end of line",
			  config_quote(ps->t[ps->i].s, q, sizeof(q)));
}

int config_tk_word(struct cfg_ps *ps, const char *what, const char **out)
{
	if (ps->i >= ps->n)
		return config_tk_expected(ps, what);
	*out = ps->t[ps->i++].s;
	return 0;
}

char *config_kw_list(const char *const *kws)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; kws[i]; i++)
		len += strlen(kws[i]) + 2;
	s = config_xcalloc(len, 1);
	for (i = 0; kws[i]; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, kws[i]);
	}
	return s;
}

int config_tk_kw(struct cfg_ps *ps, const char *const *kws, int *out)
{
	const char *w = config_tk_peek(ps);
	char *list;
	int i;

	for (i = 0; w && kws[i]; i++) {
		if (strcmp(w, kws[i]) == 0) {
			ps->i++;
			*out = i;
			return 0;
		}
	}
	list = config_kw_list(kws);
	if (kws[0] && kws[1]) {
		char *what = config_xcalloc(strlen(list) + 16, 1);

		sprintf(what, "one of: %s", list);
		free(list);
		list = what;
	}
	config_tk_expected(ps, list);
	free(list);
	return -1;
}

bool config_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!s[0])
		return false;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > UINT32_MAX)
			return false;
	}
	if (v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

int config_tk_u32(struct cfg_ps *ps, uint32_t min, uint32_t max,
		  const char *what, uint32_t *out)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s (%u-%u)", what, min, max);
	if (ps->i >= ps->n || !config_parse_u32(ps->t[ps->i].s, min, max, out))
		return config_tk_expected(ps, buf);
	ps->i++;
	return 0;
}

int config_tk_attr_codes(struct cfg_ps *ps, uint8_t *bm)
{
	uint8_t v[CONF_ATTR_BITMAP];
	uint32_t code;
	unsigned col;

	memset(v, 0, sizeof(v));
	if (ps->neg && !config_tk_more(ps)) {
		memset(bm, 0, CONF_ATTR_BITMAP);
		return 0;
	}
	do {
		col = config_tk_col(ps);
		if (config_tk_u32(ps, 1, 255, "an attribute type code",
				  &code) < 0)
			return -1;
		/* RFC 7606 3.j: their NLRI would be lost; attr.c never
		 * drops them. */
		if (code == 14 || code == 15)
			config_warn(ps, col,
				    "attribute %u (MP_%sREACH_NLRI) is never "
				    "discarded",
				    code, code == 15 ? "UN" : "");
		v[code / 8] |= (uint8_t)(1u << (code % 8));
	} while (config_tk_more(ps));
	for (code = 0; code < CONF_ATTR_BITMAP; code++)
		bm[code] = ps->neg ? (uint8_t)(bm[code] & ~v[code])
				   : (uint8_t)(bm[code] | v[code]);
	return 0;
}

/* asplain "65546" or asdot "1.10" (RFC 5396). */
bool config_parse_asn(const char *s, uint32_t *out)
{
	const char *dot = strchr(s, '.');
	uint32_t hi, lo;
	char buf[8];
	size_t n;

	if (!dot)
		return config_parse_u32(s, 1, UINT32_MAX, out);
	n = (size_t)(dot - s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!config_parse_u32(buf, 0, 65535, &hi) ||
	    !config_parse_u32(dot + 1, 0, 65535, &lo))
		return false;
	*out = hi << 16 | lo;
	return *out != 0;
}

int config_tk_asn(struct cfg_ps *ps, uint32_t *out)
{
	if (ps->i >= ps->n || !config_parse_asn(ps->t[ps->i].s, out))
		return config_tk_expected(ps, "an AS number (1-4294967295)");
	ps->i++;
	return 0;
}

int config_tk_addr(struct cfg_ps *ps, int af, const char *what,
		   struct ipaddr *out)
{
	if (ps->i >= ps->n || ipaddr_parse(ps->t[ps->i].s, out) < 0 ||
	    (af && out->af != af))
		return config_tk_expected(ps, what);
	ps->i++;
	return 0;
}

int config_tk_prefix(struct cfg_ps *ps, int af, const char *what,
		     struct prefix *out)
{
	bool host_bits = false;
	char b[PREFIX_STRLEN], q[2 * QUOTE_MAX];
	unsigned col = config_tk_col(ps);

	if (ps->i >= ps->n ||
	    prefix_parse(ps->t[ps->i].s, out, &host_bits) < 0 ||
	    (af && out->af != af))
		return config_tk_expected(ps, what);
	if (host_bits)
		config_warn(ps, col, "host bits set in %s, using %s",
			    config_quote(ps->t[ps->i].s, q, sizeof(q)),
			    prefix_fmt(out, b, sizeof(b)));
	ps->i++;
	return 0;
}

char *config_tk_join(const struct cfg_ps *ps, unsigned from, unsigned to)
{
	size_t len = 1;
	unsigned k;
	char *s, *p;

	for (k = from; k < to && k < ps->n; k++)
		len += strlen(ps->t[k].s) + 1;
	s = p = config_xcalloc(len, 1);
	for (k = from; k < to && k < ps->n; k++) {
		size_t l = strlen(ps->t[k].s);

		if (k > from)
			*p++ = ' ';
		memcpy(p, ps->t[k].s, l);
		p += l;
	}
	*p = '\0';
	return s;
}

int config_tk_rest(struct cfg_ps *ps, const char *what, char **out)
{
	if (ps->i >= ps->n)
		return config_tk_expected(ps, what);
	*out = config_tk_join(ps, ps->i, ps->n);
	ps->i = ps->n;
	return 0;
}

/* --- value shapes shared by lists and route-maps --- */

/* "AA:NN" (16-bit halves) or, for large communities, "A:B:C" (32-bit). */
static bool is_aann(const char *s, bool large)
{
	int parts = 0, want = large ? 3 : 2;
	uint32_t v, max = large ? UINT32_MAX : 65535;
	const char *p = s;
	char part[16];

	for (;;) {
		const char *c = strchr(p, ':');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		if (n == 0 || n >= sizeof(part) || ++parts > want)
			return false;
		memcpy(part, p, n);
		part[n] = '\0';
		if (!config_parse_u32(part, 0, max, &v))
			return false;
		if (!c)
			break;
		p = c + 1;
	}
	return parts == want;
}

bool config_community_ok(const char *s)
{
	uint32_t v;
	static const char *const names[] = {
	    "internet",		 "local-AS",   "no-advertise",
	    "no-export",	 "no-peer",    "blackhole",
	    "graceful-shutdown", "accept-own", "no-llgr",
	    "llgr-stale",	 NULL,
	};
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	/* A bare 32-bit number is a community too (Quagga's
	 * community_gettoken()). */
	if (config_parse_u32(s, 0, UINT32_MAX, &v))
		return true;
	return is_aann(s, false);
}

bool config_lcommunity_ok(const char *s)
{
	return is_aann(s, true);
}

/*
 * Quagga's bgp_regcomp() replaces '_' by "(^|[,{}() ]|$)" so that it
 * matches an AS boundary; compile the same thing to validate.
 */
/*
 * glibc's regcomp() expands bounded repetitions, so a 30-byte pattern
 * such as "(((a{1,200}){1,200}){1,200})" takes minutes and gigabytes.
 * Estimate the expanded size (atoms, times the bounds of the repetitions
 * around them) and refuse patterns above REGEX_MAX_COST; ordinary as-path
 * and community expressions cost a few dozen.
 */
#define REGEX_MAX_COST 20000
#define REGEX_MAX_DEPTH 64

static size_t skip_bracket(const char *r, size_t k)
{
	size_t j = k + 1;

	if (r[j] == '^')
		j++;
	if (r[j] == ']')
		j++;
	for (; r[j] && r[j] != ']'; j++)
		if (r[j] == '[' &&
		    (r[j + 1] == ':' || r[j + 1] == '.' || r[j + 1] == '=')) {
			const char *e = strstr(r + j + 2, ":]");

			if (!e)
				return strlen(r);
			j = (size_t)(e - r) + 1;
		}
	return r[j] ? j : strlen(r) - 1;
}

/* "{m}", "{m,}", "{m,n}" at r[k]: the largest count, or 0 if malformed. */
static uint64_t bound_count(const char *r, size_t *k)
{
	uint64_t m = 0, n = 0;
	size_t j = *k + 1;
	bool comma = false;

	for (; r[j] && r[j] != '}'; j++) {
		if (r[j] == ',')
			comma = true;
		else if (r[j] >= '0' && r[j] <= '9' && (comma ? n : m) < 100000)
			*(comma ? &n : &m) =
			    *(comma ? &n : &m) * 10 + (uint64_t)(r[j] - '0');
		else
			return 0;
	}
	if (!r[j])
		return 0;
	*k = j;
	/* "{m,}" is m copies and a star. */
	return (comma && n > m ? n : m) + 1;
}

/*
 * A repetition operator right after another ("x++", "x*+", "x{2}*") adds
 * nothing to the language but makes glibc's regcomp() work exponentially
 * in the number stacked (13 of them: 12 s and 857 MB, found by
 * fuzz_vty), so such a pattern is refused outright.
 */
static bool regex_rep_at(const char *r, size_t k)
{
	return r[k] == '*' || r[k] == '+' || r[k] == '?' || r[k] == '{';
}

static bool regex_cheap(const char *r)
{
	uint64_t stack[REGEX_MAX_DEPTH], cur = 0, last = 0, f;
	size_t k, depth = 0;
	bool rep = false;	/* the previous token was a repetition */

	for (k = 0; r[k]; k++) {
		if (regex_rep_at(r, k)) {
			size_t j = k;

			if (rep && (r[k] != '{' || bound_count(r, &j)))
				return false;
		}
		rep = false;
		switch (r[k]) {
		case '(':
			if (depth == REGEX_MAX_DEPTH)
				return false;
			stack[depth++] = cur;
			cur = last = 0;
			continue;
		case ')':
			last = cur;
			cur = depth ? stack[--depth] + cur : cur;
			continue;
		case '{':
			f = bound_count(r, &k);
			if (f == 0) {
				last = 1;
				cur++;
				break;
			}
			cur += last * f;
			last *= f;
			rep = true;
			break;
		case '*':
		case '+':
		case '?':
			cur += last;
			last *= 2;
			rep = true;
			break;
		case '[':
			k = skip_bracket(r, k);
			cur++;
			last = 1;
			break;
		case '\\':
			if (r[k + 1])
				k++;
			/* fall through */
		default:
			cur++;
			last = 1;
		}
		if (cur > REGEX_MAX_COST || last > REGEX_MAX_COST)
			return false;
	}
	while (depth)
		cur += stack[--depth];
	return cur <= REGEX_MAX_COST;
}

const char *config_regex_check(const char *re, bool aspath)
{
	static const char us[] = "(^|[,{}() ]|$)";
	size_t n = strlen(re), k, o = 0;
	char *buf = config_xcalloc(n * (sizeof(us) - 1) + 1, 1);
	regex_t rx;
	int rc;

	for (k = 0; k < n; k++) {
		if (aspath && re[k] == '_') {
			memcpy(buf + o, us, sizeof(us) - 1);
			o += sizeof(us) - 1;
		} else {
			buf[o++] = re[k];
		}
	}
	buf[o] = '\0';
	if (!regex_cheap(buf)) {
		free(buf);
		return "too complex";
	}
	rc = regcomp(&rx, buf, REG_EXTENDED | REG_NOSUB);
	free(buf);
	if (rc != 0)
		return "invalid";
	regfree(&rx);
	return NULL;
}

/* --- hash table --- */

struct cfg_ht_node {
	struct cfg_ht_node *next;
	uint64_t h;
	void *v;
	size_t klen;
	unsigned char key[];
};

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *b++;
		h *= 1099511628211ULL;
	}
	return h;
}

void config_ht_init(struct cfg_ht *h)
{
	h->nb = 256;
	h->n = 0;
	h->b = config_xcalloc(h->nb, sizeof(*h->b));
}

void config_ht_free(struct cfg_ht *h)
{
	size_t i;

	for (i = 0; i < h->nb; i++) {
		struct cfg_ht_node *x = h->b[i], *nx;

		for (; x; x = nx) {
			nx = x->next;
			free(x);
		}
	}
	free(h->b);
	h->b = NULL;
	h->nb = h->n = 0;
}

static struct cfg_ht_node *ht_find(const struct cfg_ht *h, uint64_t hv,
				   const void *key, size_t klen)
{
	struct cfg_ht_node *x;

	for (x = h->b[hv & (h->nb - 1)]; x; x = x->next)
		if (x->h == hv && x->klen == klen &&
		    memcmp(x->key, key, klen) == 0)
			return x;
	return NULL;
}

void *config_ht_get(const struct cfg_ht *h, const void *key, size_t klen)
{
	struct cfg_ht_node *x = ht_find(h, fnv1a(key, klen), key, klen);

	return x ? x->v : NULL;
}

static void ht_grow(struct cfg_ht *h)
{
	size_t nb = h->nb * 2, i;
	struct cfg_ht_node **b = config_xcalloc(nb, sizeof(*b));

	for (i = 0; i < h->nb; i++) {
		struct cfg_ht_node *x = h->b[i], *nx;

		for (; x; x = nx) {
			nx = x->next;
			x->next = b[x->h & (nb - 1)];
			b[x->h & (nb - 1)] = x;
		}
	}
	free(h->b);
	h->b = b;
	h->nb = nb;
}

void config_ht_put(struct cfg_ht *h, const void *key, size_t klen, void *v)
{
	uint64_t hv = fnv1a(key, klen);
	struct cfg_ht_node *x = ht_find(h, hv, key, klen);

	if (x) {
		x->v = v;
		return;
	}
	if (h->n >= h->nb)
		ht_grow(h);
	x = config_xcalloc(1, sizeof(*x) + klen);
	x->h = hv;
	x->v = v;
	x->klen = klen;
	memcpy(x->key, key, klen);
	x->next = h->b[hv & (h->nb - 1)];
	h->b[hv & (h->nb - 1)] = x;
	h->n++;
}

void config_key_init(struct cfg_key *k, char tag)
{
	k->n = 1;
	k->b[0] = (unsigned char)tag;
	k->str = NULL;
}

void config_key_add(struct cfg_key *k, const void *p, size_t n)
{
	if (k->n + n > sizeof(k->b))
		fatal("config: hash key too long");
	memcpy(k->b + k->n, p, n);
	k->n += n;
}

/* The fixed part and the (unbounded) name go into one heap key. */
static unsigned char *key_flat(const struct cfg_key *k, size_t *len)
{
	size_t sl = k->str ? strlen(k->str) : 0;
	unsigned char *b = config_xcalloc(k->n + sl + 1, 1);

	memcpy(b, k->b, k->n);
	if (sl)
		memcpy(b + k->n, k->str, sl);
	*len = k->n + sl;
	return b;
}

void *config_key_get(struct cfg_ps *ps, const struct cfg_key *k)
{
	size_t len;
	unsigned char *b = key_flat(k, &len);
	void *v = config_ht_get(&ps->ht, b, len);

	free(b);
	return v;
}

void config_key_put(struct cfg_ps *ps, const struct cfg_key *k, void *v)
{
	size_t len;
	unsigned char *b = key_flat(k, &len);

	config_ht_put(&ps->ht, b, len, v);
	free(b);
}
