/*
 * cmd.c: the command table and Quagga's matcher.
 *
 * libcli's own parser differs from Quagga's in the details a Quagga user
 * notices (ambiguous prefixes are "Invalid command", stale abbreviation
 * tables, extra words passed through: libraries.md 1.4 items 10 and 11),
 * so libcli only serves the line editor, `?` and TAB; every line is
 * matched again here, word by word, as lib/command.c does
 * (quagga-vty.md 1.8): each word is classified against each surviving
 * command's token (exact keyword > partial keyword > range > IPv6 >
 * IPv6 prefix > IPv4 > IPv4 prefix > free variable), only the best class
 * survives, and different partial keywords are ambiguous.
 *
 * Limitations: no "(a|b)" alternatives and no "[optional]" tokens (register
 * each variant), no ".LINE" varargs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vty_int.h"

#define VTY_MAX_CMDS 512

static struct vty_entry table[VTY_MAX_CMDS];
static size_t ntable;
/* Set by vty_start: vty threads read the table without a lock. */
static bool frozen;

enum cls {
	CLS_NONE = 0,
	CLS_VAR,
	CLS_IPV4_PREFIX,
	CLS_IPV4,
	CLS_IPV6_PREFIX,
	CLS_IPV6,
	CLS_RANGE,
	CLS_PARTIAL,
	CLS_EXACT,
};

static int tok_parse(struct vty_tok *t, const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(t->text))
		return -1;
	memcpy(t->text, s, n);
	t->text[n] = '\0';
	if (strcmp(t->text, "A.B.C.D") == 0)
		t->type = VTY_TOK_IPV4;
	else if (strcmp(t->text, "A.B.C.D/M") == 0)
		t->type = VTY_TOK_IPV4_PREFIX;
	else if (strcmp(t->text, "X:X::X:X") == 0)
		t->type = VTY_TOK_IPV6;
	else if (strcmp(t->text, "X:X::X:X/M") == 0)
		t->type = VTY_TOK_IPV6_PREFIX;
	else if (t->text[0] == '<') {
		if (sscanf(t->text, "<%lu-%lu>", &t->lo, &t->hi) != 2)
			return -1;
		t->type = VTY_TOK_RANGE;
	} else if (isupper((unsigned char)t->text[0]))
		t->type = VTY_TOK_VAR;
	else
		t->type = VTY_TOK_KEYWORD;
	return 0;
}

static int entry_parse(struct vty_entry *e, const struct vty_cmd *cmd)
{
	const char *s = cmd->str, *h = cmd->help ? cmd->help : "";

	memset(e, 0, sizeof(*e));
	e->cmd = cmd;
	while (*s) {
		size_t n = strcspn(s, " "), hn = strcspn(h, "\n");

		if (n > 0) {
			struct vty_tok *t = &e->tok[e->ntok];

			if (e->ntok == VTY_MAX_TOKENS || tok_parse(t, s, n) < 0)
				return -1;
			snprintf(t->help, sizeof(t->help), "%.*s", (int)hn, h);
			h += hn + (h[hn] == '\n');
			e->ntok++;
		}
		s += n + (s[n] == ' ');
	}
	return e->ntok > 0 ? 0 : -1;
}

int vty_install(const struct vty_cmd *cmd)
{
	size_t i;

	for (i = 0; i < ntable; i++)
		if (table[i].cmd == cmd)
			return 0;
	if (frozen)
		return -1;
	if (ntable == VTY_MAX_CMDS || entry_parse(&table[ntable], cmd) < 0)
		return -1;
	ntable++;
	return 0;
}

void vty_cmd_freeze(bool on)
{
	frozen = on;
}

size_t vty_cmd_count(void)
{
	return ntable;
}

const struct vty_entry *vty_cmd_at(size_t i)
{
	return i < ntable ? &table[i] : NULL;
}

/* Relaxed address shapes, as Quagga's "relaxed" match: a partial address
 * still counts, the handler rejects a malformed one. */
static bool shape_ipv4(const char *w, bool prefix)
{
	const char *slash = strchr(w, '/');
	size_t n = slash ? (size_t)(slash - w) : strlen(w);
	unsigned dots = 0;
	size_t i;

	if (slash && !prefix)
		return false;
	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (w[i] == '.')
			dots++;
		else if (!isdigit((unsigned char)w[i]))
			return false;
	}
	if (dots > 3)
		return false;
	if (slash)
		return strspn(slash + 1, "0123456789") == strlen(slash + 1);
	return true;
}

static bool shape_ipv6(const char *w, bool prefix)
{
	const char *slash = strchr(w, '/');
	size_t n = slash ? (size_t)(slash - w) : strlen(w);

	if (slash && !prefix)
		return false;
	if (memchr(w, ':', n) == NULL)
		return false;
	if (strspn(w, "0123456789abcdefABCDEF:.") < n)
		return false;
	if (slash)
		return strspn(slash + 1, "0123456789") == strlen(slash + 1);
	return true;
}

static bool in_range(const struct vty_tok *t, const char *w)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)w[0]))
		return false;
	v = strtoul(w, &end, 10);
	return *end == '\0' && v >= t->lo && v <= t->hi;
}

static enum cls tok_class(const struct vty_tok *t, const char *w)
{
	switch (t->type) {
	case VTY_TOK_KEYWORD:
		if (strcasecmp(t->text, w) == 0)
			return CLS_EXACT;
		if (strncasecmp(t->text, w, strlen(w)) == 0)
			return CLS_PARTIAL;
		return CLS_NONE;
	case VTY_TOK_IPV4:
		return shape_ipv4(w, false) ? CLS_IPV4 : CLS_NONE;
	case VTY_TOK_IPV4_PREFIX:
		return shape_ipv4(w, true) ? CLS_IPV4_PREFIX : CLS_NONE;
	case VTY_TOK_IPV6:
		return shape_ipv6(w, false) ? CLS_IPV6 : CLS_NONE;
	case VTY_TOK_IPV6_PREFIX:
		return shape_ipv6(w, true) ? CLS_IPV6_PREFIX : CLS_NONE;
	case VTY_TOK_RANGE:
		return in_range(t, w) ? CLS_RANGE : CLS_NONE;
	case VTY_TOK_VAR:
		return CLS_VAR;
	}
	return CLS_NONE;
}

/*
 * Narrow cand[0..*n-1] by word i.  Returns false if the word is an
 * ambiguous partial keyword.  *n may become 0 (no match).
 */
static bool narrow(const struct vty_entry **cand, size_t *n, int i,
		   const char *w)
{
	enum cls best = CLS_NONE, c[VTY_MAX_CMDS];
	const char *kw = NULL;
	size_t k, m = 0;

	for (k = 0; k < *n; k++) {
		c[k] = i < cand[k]->ntok ? tok_class(&cand[k]->tok[i], w)
					 : CLS_NONE;
		if (c[k] == CLS_PARTIAL && (cand[k]->cmd->flags & VTY_CMD_EXACT))
			c[k] = CLS_NONE;
		if (c[k] > best)
			best = c[k];
	}
	for (k = 0; k < *n; k++) {
		if (best == CLS_NONE || c[k] != best)
			continue;
		if (best == CLS_PARTIAL) {
			if (kw && strcasecmp(kw, cand[k]->tok[i].text) != 0)
				return false;
			kw = cand[k]->tok[i].text;
		}
		cand[m++] = cand[k];
	}
	*n = m;
	return true;
}

static size_t candidates(const struct vty_entry **cand, int priv)
{
	size_t i, n = 0;

	for (i = 0; i < ntable; i++)
		if ((int)table[i].cmd->priv <= priv)
			cand[n++] = &table[i];
	return n;
}

enum vty_match_rc vty_cmd_match(char **words, int n, int priv,
				const struct vty_entry **found)
{
	const struct vty_entry *cand[VTY_MAX_CMDS];
	size_t nc = candidates(cand, priv), k, ncomplete = 0;
	int i;

	*found = NULL;
	for (i = 0; i < n && nc > 0; i++)
		if (!narrow(cand, &nc, i, words[i]))
			return VTY_MATCH_AMBIGUOUS;
	if (nc == 0)
		return VTY_MATCH_UNKNOWN;
	for (k = 0; k < nc; k++) {
		if (cand[k]->ntok == n) {
			*found = cand[k];
			ncomplete++;
		}
	}
	if (ncomplete == 1)
		return VTY_MATCH_OK;
	*found = NULL;
	return ncomplete == 0 ? VTY_MATCH_INCOMPLETE : VTY_MATCH_AMBIGUOUS;
}

void vty_cmd_error(enum vty_match_rc rc, const char *line, char *buf,
		   size_t len)
{
	switch (rc) {
	case VTY_MATCH_OK:
		buf[0] = '\0';
		break;
	case VTY_MATCH_UNKNOWN:
		snprintf(buf, len, "%% [BGP] Unknown command: %s", line);
		break;
	case VTY_MATCH_INCOMPLETE:
		snprintf(buf, len, "%% Command incomplete.");
		break;
	case VTY_MATCH_AMBIGUOUS:
		snprintf(buf, len, "%% Ambiguous command.");
		break;
	}
}

/* ---- `?` ----------------------------------------------------------- */

struct help_item {
	const char *text, *help;
};

static int help_cmp(const void *a, const void *b)
{
	const struct help_item *x = a, *y = b;

	return strcmp(x->text, y->text);
}

static size_t help_collect(const struct vty_entry **cand, size_t nc, int pos,
			   const char *partial, struct help_item *items,
			   bool *cr)
{
	size_t k, j, n = 0;

	for (k = 0; k < nc; k++) {
		const struct vty_tok *t;

		if (cand[k]->cmd->flags & (VTY_CMD_HIDDEN | VTY_CMD_EXACT))
			continue;
		if (cand[k]->ntok == pos) {
			*cr = true;
			continue;
		}
		if (cand[k]->ntok < pos)
			continue;
		t = &cand[k]->tok[pos];
		if (partial && tok_class(t, partial) == CLS_NONE)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(items[j].text, t->text) == 0)
				break;
		if (j == n) {
			items[n].text = t->text;
			items[n++].help = t->help;
		}
	}
	return n;
}

void vty_cmd_help(char **words, int n, bool partial, int priv,
		  void (*emit)(const char *line, void *arg), void *arg)
{
	const struct vty_entry *cand[VTY_MAX_CMDS];
	struct help_item items[VTY_MAX_CMDS];
	size_t nc = candidates(cand, priv), ni, k;
	int i, full = partial ? n - 1 : n, width = 0;
	bool cr = false;
	char line[256];

	for (i = 0; i < full && nc > 0; i++) {
		if (!narrow(cand, &nc, i, words[i])) {
			emit("% Ambiguous command.", arg);
			return;
		}
	}
	ni = help_collect(cand, nc, full, partial ? words[n - 1] : NULL,
			  items, &cr);
	if (partial)
		cr = false;
	if (ni == 0 && !cr) {
		emit("% There is no matched command.", arg);
		return;
	}
	qsort(items, ni, sizeof(items[0]), help_cmp);
	for (k = 0; k < ni; k++)
		if ((int)strlen(items[k].text) > width)
			width = (int)strlen(items[k].text);
	if (cr && width < 4)
		width = 4;
	for (k = 0; k < ni; k++) {
		snprintf(line, sizeof(line), "  %-*s  %s", width,
			 items[k].text, items[k].help);
		emit(line, arg);
	}
	if (cr) {
		snprintf(line, sizeof(line), "  %-*s  ", width, "<cr>");
		emit(line, arg);
	}
}
