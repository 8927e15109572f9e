/*
 * config_parse.c: reading a Quagga 1.2 / IPMininet config: lines, words,
 * nodes, and the top-level (CONFIG node) and "line vty" statements.
 * Filter lists are in config_lists.c, router bgp in config_bgp.c,
 * route-maps in config_rmap.c.
 *
 * Like Quagga's config reader, a line that is not a command of the
 * current node is tried in the parent node, and the reader stays there if
 * it succeeds: after "router bgp ... !" an "ip prefix-list" line is a
 * top-level command even without "exit" ("!" is only a comment).  Unlike
 * Quagga we keep going after an error, collect them all, and drop the
 * whole config if there was any (it never half-applies).
 *
 * Limitations: keywords must be written in full (Quagga too reads files
 * with strict matching); a "!" or "#" starts a comment only as the first
 * word of a line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "log.h"

const char *const config_top_kws[] = {
    "access-list", "banner",  "bgp",   "debug", "enable",   "hostname",
    "ip",	   "ipv6",    "line",  "log",	"password", "route-map",
    "router",	   "service", "table", NULL,
};

static const char *const vty_kws[] = {
    "access-class", "exec-timeout", "ipv6", "login", NULL,
};

bool config_top_knows(const char *kw)
{
	int i;

	for (i = 0; config_top_kws[i]; i++)
		if (strcmp(kw, config_top_kws[i]) == 0)
			return true;
	/* Accepted and ignored: FRR's "frr version/defaults" header of a
	 * saved config, and agentx. */
	return strcmp(kw, "frr") == 0 || strcmp(kw, "agentx") == 0;
}

static int not_negatable(struct cfg_ps *ps, unsigned from)
{
	char *w;
	int rc;

	if (!ps->neg)
		return 0;
	w = config_tk_join(ps, from, from + 2);
	rc = config_err(ps, ps->t[from - 1].col, "\"no %s\" is not supported",
			w);
	free(w);
	return rc;
}

/* --- top-level statements --- */

static int cmd_string(struct cfg_ps *ps, char **dst, const char *what)
{
	const char *w;

	if (ps->neg) {
		config_set_str(dst, NULL);
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_word(ps, what, &w) < 0 || config_tk_end(ps) < 0)
		return -1;
	config_set_str(dst, w);
	return 0;
}

static int cmd_banner(struct cfg_ps *ps)
{
	static const char *const kws[] = {"default", "line", "file", NULL};
	char *text;
	int k;

	if (!config_tk_accept(ps, "motd"))
		return config_tk_expected(ps, "\"motd\"");
	if (ps->neg) {
		config_set_str(&ps->c->banner_motd, "");
		return config_tk_end(ps);
	}
	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (k == 0) {
		config_set_str(&ps->c->banner_motd, NULL);
		return config_tk_end(ps);
	}
	if (k == 2) {
		ps->i = ps->n;
		config_warn_unsupported(ps, 0);
		return 0;
	}
	if (config_tk_rest(ps, "the banner text", &text) < 0)
		return -1;
	free(ps->c->banner_motd);
	ps->c->banner_motd = text;
	return 0;
}

static int opt_level(struct cfg_ps *ps, int *out)
{
	static const char *const what =
	    "a log level (emergencies, alerts, critical, errors, "
	    "warnings, notifications, informational, debugging)";
	const char *w = config_tk_peek(ps);
	int lvl;

	*out = LOG_LVL_DEBUG;
	if (!w)
		return 0;
	lvl = log_level_parse(w);
	if (lvl < 0)
		return config_tk_expected(ps, what);
	ps->i++;
	*out = lvl;
	return config_tk_end(ps);
}

static int cmd_log(struct cfg_ps *ps)
{
	static const char *const kws[] = {
	    "file",	 "stdout",  "syslog",	"record-priority",
	    "timestamp", "monitor", "facility", "trap",
	    NULL,
	};
	struct config *c = ps->c;
	unsigned from = ps->i - 1;
	uint32_t v;
	int k, lvl;

	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (ps->neg) {
		ps->i = ps->n;
		if (k == 0)
			config_set_str(&c->log_file, NULL);
		else if (k == 1)
			c->log_stdout_level = -1;
		else if (k == 2)
			c->log_syslog_level = -1;
		else if (k == 3)
			c->log_record_priority = false;
		else if (k == 4)
			c->log_timestamp_precision = 0;
		return 0;
	}
	switch (k) {
	case 0: {
		const char *path;

		if (config_tk_word(ps, "a log file path", &path) < 0)
			return -1;
		config_set_str(&c->log_file, path);
		if (opt_level(ps, &lvl) < 0)
			return -1;
		c->log_file_level = lvl;
		return 0;
	}
	case 1:
		if (opt_level(ps, &lvl) < 0)
			return -1;
		c->log_stdout_level = lvl;
		return 0;
	case 2:
		if (opt_level(ps, &lvl) < 0)
			return -1;
		c->log_syslog_level = lvl;
		return 0;
	case 3:
		c->log_record_priority = true;
		return config_tk_end(ps);
	case 4:
		if (!config_tk_accept(ps, "precision"))
			return config_tk_expected(ps, "\"precision\"");
		if (config_tk_u32(ps, 0, 6, "a number of digits", &v) < 0)
			return -1;
		c->log_timestamp_precision = (int)v;
		return config_tk_end(ps);
	default:
		ps->i = ps->n;
		config_warn_unsupported(ps, from);
		return 0;
	}
}

#define CONF_DEBUG_QUIET 0x80000000u /* known section, no bit */

static uint32_t debug_bit(const char *w)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} map[] = {
	    {"updates", CONF_DEBUG_UPDATES},
	    {"events", CONF_DEBUG_EVENTS},
	    {"neighbor-events", CONF_DEBUG_EVENTS},
	    {"fsm", CONF_DEBUG_EVENTS},
	    {"keepalives", CONF_DEBUG_KEEPALIVES},
	    {"nht", CONF_DEBUG_NHT},
	    {"zebra", CONF_DEBUG_ZEBRA},
	    {"filters", CONF_DEBUG_FILTERS},
	    {"as4", CONF_DEBUG_AS4},
	};
	/* FRR sections with no Quagga equivalent: accepted, no output. */
	static const char *const quiet[] = {
	    "allow-martians", "bestpath", "update-groups", "graceful-restart",
	    "route-map",      "rib",	  "pbr",	   "flowspec",
	    "labelpool",      "vpn",	  "vnc",	   "bfd",
	    "evpn",	      "lu",	  "zebra-rib",	   NULL,
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(w, map[i].name) == 0)
			return map[i].bit;
	for (i = 0; quiet[i]; i++)
		if (strcmp(w, quiet[i]) == 0)
			return CONF_DEBUG_QUIET;
	return 0;
}

/* "debug bgp [SECTION [...]]": unknown sections are accepted (Quagga
 * and FRR have many) with a warning; other daemons' debugs likewise. */
static int cmd_debug(struct cfg_ps *ps)
{
	char q[160];
	uint32_t bit;
	const char *w;

	if (!config_tk_accept(ps, "bgp")) {
		w = config_tk_peek(ps);
		config_warn(ps, config_tk_col(ps), "ignoring non-BGP debug %s",
			    config_quote(w ? w : "", q, sizeof(q)));
		ps->i = ps->n;
		return 0;
	}
	w = config_tk_peek(ps);
	bit = w ? debug_bit(w) : 0xffffffffu;
	if (w && !bit)
		config_warn(ps, config_tk_col(ps),
			    "unknown debug section %s ignored",
			    config_quote(w, q, sizeof(q)));
	if (bit == CONF_DEBUG_QUIET)
		bit = 0;
	if (ps->neg)
		ps->c->debug &= ~bit;
	else
		ps->c->debug |= bit & CONF_DEBUG_ALL;
	ps->i = ps->n; /* "updates in", "as4 segment", ... */
	return 0;
}

static int cmd_line(struct cfg_ps *ps)
{
	if (not_negatable(ps, 1) < 0)
		return -1;
	if (!config_tk_accept(ps, "vty"))
		return config_tk_expected(ps, "\"vty\"");
	/* "line vty [FIRST [LAST]]": all vty lines share one setting. */
	if (config_tk_more(ps)) {
		uint32_t v;

		if (config_tk_u32(ps, 0, 871, "a vty line number", &v) < 0)
			return -1;
		if (config_tk_more(ps) &&
		    config_tk_u32(ps, 0, 871, "a vty line number", &v) < 0)
			return -1;
	}
	if (config_tk_end(ps) < 0)
		return -1;
	ps->node = CFG_NODE_VTY;
	return 0;
}

static int cmd_nht(struct cfg_ps *ps, bool v6)
{
	if (!config_tk_accept(ps, "resolve-via-default"))
		return config_tk_expected(ps, "\"resolve-via-default\"");
	if (config_tk_end(ps) < 0)
		return -1;
	if (v6) {
		config_warn_unsupported(ps, 0);
		return 0;
	}
	ps->c->nht_resolve_via_default = !ps->neg;
	return 0;
}

static int cmd_ip(struct cfg_ps *ps, bool v6)
{
	static const char *const ip_kws[] = {
	    "prefix-list",
	    "community-list",
	    "large-community-list",
	    "extcommunity-list",
	    "as-path",
	    "nht",
	    NULL,
	};
	static const char *const ip6_kws[] = {
	    "access-list",
	    "prefix-list",
	    "nht",
	    NULL,
	};
	const char *const *kws = v6 ? ip6_kws : ip_kws;
	int k;

	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (strcmp(kws[k], "nht") == 0)
		return cmd_nht(ps, v6);
	if (not_negatable(ps, 1) < 0)
		return -1;
	if (strcmp(kws[k], "prefix-list") == 0)
		return config_cmd_plist(ps, v6 ? AF_INET6 : AF_INET);
	if (strcmp(kws[k], "access-list") == 0)
		return config_cmd_acl(ps, AF_INET6);
	if (strcmp(kws[k], "community-list") == 0)
		return config_cmd_clist(ps, false);
	if (strcmp(kws[k], "large-community-list") == 0)
		return config_cmd_clist(ps, true);
	if (strcmp(kws[k], "as-path") == 0)
		return config_cmd_aslist(ps);
	ps->i = ps->n;
	config_warn_unsupported(ps, 0);
	return 0;
}

/* FRR spells the BGP lists "bgp community-list" etc. at top level;
 * Quagga has "bgp multiple-instance" and "bgp config-type" there. */
static int cmd_bgp_list(struct cfg_ps *ps)
{
	static const char *const kws[] = {
	    "community-list",	 "large-community-list", "as-path",
	    "extcommunity-list", "multiple-instance",	 "config-type",
	    NULL,
	};
	int k;

	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (k == 5 || (k == 4 && ps->neg)) {
		/* config-type cisco|zebra only changes Quagga's printing. */
		ps->i = ps->n;
		return 0;
	}
	if (not_negatable(ps, 1) < 0)
		return -1;
	if (k == 0 || k == 1)
		return config_cmd_clist(ps, k == 1);
	if (k == 2)
		return config_cmd_aslist(ps);
	ps->i = ps->n;
	config_warn_unsupported(ps, 0);
	return 0;
}

int config_cmd_top(struct cfg_ps *ps)
{
	const char *kw = ps->t[ps->i++].s;
	struct config *c = ps->c;

	if (strcmp(kw, "hostname") == 0)
		return cmd_string(ps, &c->hostname, "a host name");
	if (strcmp(kw, "password") == 0)
		return cmd_string(ps, &c->password, "a password");
	if (strcmp(kw, "enable") == 0) {
		if (!config_tk_accept(ps, "password"))
			return config_tk_expected(ps, "\"password\"");
		return cmd_string(ps, &c->enable_password, "a password");
	}
	if (strcmp(kw, "banner") == 0)
		return cmd_banner(ps);
	if (strcmp(kw, "log") == 0)
		return cmd_log(ps);
	if (strcmp(kw, "debug") == 0)
		return cmd_debug(ps);
	if (strcmp(kw, "service") == 0 || strcmp(kw, "frr") == 0) {
		/* service password-encryption, advanced-vty, ...: vty
		 * cosmetics okapi ignores; "frr version" likewise. */
		ps->i = ps->n;
		return 0;
	}
	if (strcmp(kw, "agentx") == 0) {
		ps->i = ps->n;
		config_warn_unsupported(ps, 0);
		return 0;
	}
	if (strcmp(kw, "line") == 0)
		return cmd_line(ps);
	if (strcmp(kw, "ip") == 0 || strcmp(kw, "ipv6") == 0)
		return cmd_ip(ps, kw[2] == 'v');
	if (strcmp(kw, "table") == 0) {
		uint32_t v;

		if (ps->neg) {
			c->kernel_table = 0;
			ps->i = ps->n;
			return 0;
		}
		if (config_tk_u32(ps, 1, UINT32_MAX, "a kernel table number",
				  &v) < 0)
			return -1;
		c->kernel_table = v == 254 ? 0 : v;
		return config_tk_end(ps);
	}
	if (strcmp(kw, "router") == 0)
		return not_negatable(ps, 1) < 0 ? -1
						: config_cmd_router_bgp(ps);
	if (strcmp(kw, "access-list") == 0)
		return not_negatable(ps, 1) < 0 ? -1
						: config_cmd_acl(ps, AF_INET);
	if (strcmp(kw, "bgp") == 0)
		return cmd_bgp_list(ps);
	if (strcmp(kw, "route-map") == 0)
		return not_negatable(ps, 1) < 0 ? -1 : config_cmd_route_map(ps);
	fatal("config: top-level keyword %s has no handler", kw);
}

/* --- line vty --- */

static int cmd_vty(struct cfg_ps *ps)
{
	const char *kw = ps->t[ps->i++].s;
	struct config *c = ps->c;
	uint32_t m, s = 0;

	if (strcmp(kw, "exec-timeout") == 0) {
		if (ps->neg) {
			c->exec_timeout = CONF_DEF_EXEC_TIMEOUT;
			ps->i = ps->n;
			return 0;
		}
		if (config_tk_u32(ps, 0, 35791, "minutes", &m) < 0)
			return -1;
		if (config_tk_more(ps) &&
		    config_tk_u32(ps, 0, 2147483, "seconds", &s) < 0)
			return -1;
		c->exec_timeout = (int)(m * 60 + s);
		return config_tk_end(ps);
	}
	if (strcmp(kw, "access-class") == 0)
		return cmd_string(ps, &c->vty_access_class,
				  "an access-list name");
	if (strcmp(kw, "ipv6") == 0) {
		if (!config_tk_accept(ps, "access-class"))
			return config_tk_expected(ps, "\"access-class\"");
		return cmd_string(ps, &c->vty_ipv6_access_class,
				  "an access-list name");
	}
	/* "login" / "no login": the vty always asks the password. */
	ps->i = ps->n;
	return 0;
}

/* --- the line driver --- */

static bool in_list(const char *kw, const char *const *kws)
{
	int i;

	for (i = 0; kws[i]; i++)
		if (strcmp(kw, kws[i]) == 0)
			return true;
	return false;
}

static bool node_knows(enum cfg_node node, const char *kw)
{
	switch (node) {
	case CFG_NODE_CONFIG:
		return config_top_knows(kw);
	case CFG_NODE_BGP:
		return config_bgp_knows(kw, false);
	case CFG_NODE_BGP_AF:
		return config_bgp_knows(kw, true);
	case CFG_NODE_RMAP:
		return config_rmap_knows(kw);
	case CFG_NODE_VTY:
		return in_list(kw, vty_kws);
	}
	return false;
}

static const char *const *node_kws(enum cfg_node node)
{
	switch (node) {
	case CFG_NODE_BGP:
		return config_bgp_kws;
	case CFG_NODE_BGP_AF:
		return config_bgp_af_kws;
	case CFG_NODE_RMAP:
		return config_rmap_kws;
	case CFG_NODE_VTY:
		return vty_kws;
	default:
		return config_top_kws;
	}
}

static void leave_to_config(struct cfg_ps *ps)
{
	ps->node = CFG_NODE_CONFIG;
	ps->af = BGP_AF_IPV4;
	ps->rm = NULL;
	ps->rme = NULL;
}

/* exit, quit, end, exit-address-family: node changes only. */
static bool node_exit(struct cfg_ps *ps, const char *kw)
{
	if (strcmp(kw, "end") == 0) {
		leave_to_config(ps);
		return true;
	}
	if (strcmp(kw, "exit-address-family") == 0) {
		/* Tolerated outside a family block too (no-op). */
		if (ps->node == CFG_NODE_BGP_AF) {
			ps->node = CFG_NODE_BGP;
			ps->af = BGP_AF_IPV4;
		}
		return true;
	}
	if (strcmp(kw, "exit") != 0 && strcmp(kw, "quit") != 0)
		return false;
	if (ps->node == CFG_NODE_BGP_AF) {
		ps->node = CFG_NODE_BGP;
		ps->af = BGP_AF_IPV4;
	} else {
		leave_to_config(ps);
	}
	return true;
}

static int run_node(struct cfg_ps *ps, enum cfg_node node)
{
	switch (node) {
	case CFG_NODE_CONFIG:
		return config_cmd_top(ps);
	case CFG_NODE_BGP:
	case CFG_NODE_BGP_AF:
		return config_cmd_bgp(ps);
	case CFG_NODE_RMAP:
		return config_cmd_rmap(ps);
	case CFG_NODE_VTY:
		return cmd_vty(ps);
	}
	return -1;
}

static void unknown_command(struct cfg_ps *ps, const char *kw)
{
	char *list = config_kw_list(node_kws(ps->node));
	char q[160];

	const char *hint = "";

	/* A block's statement after the block has ended (a top-level line
	 * in between, or "exit"). */
	if (ps->node == CFG_NODE_CONFIG && config_bgp_knows(kw, false))
		hint = " (only valid inside \"router bgp\")";
	else if (ps->node == CFG_NODE_CONFIG && config_rmap_knows(kw))
		hint = " (only valid inside \"route-map\")";
	else if (strcmp(kw, "exit-address-family") == 0)
		hint = " (not inside \"address-family\")";
	config_err(ps, ps->t[ps->i].col,
		   "unknown command %s%s; expected one of: %s",
		   config_quote(kw, q, sizeof(q)), hint, list);
	free(list);
}

/*
 * Words two nodes share: "ipv6 access-class" belongs to line vty but
 * "ipv6 prefix-list" to the top level; "bgp router-id" to router bgp but
 * FRR's "bgp community-list" (which IPMininet may write right after the
 * router block, "!" being a comment) to the top level.
 */
static bool top_level_list(const struct cfg_ps *ps, const char *kw)
{
	static const char *const bgp_lists[] = {
	    "community-list",
	    "large-community-list",
	    "as-path",
	    "extcommunity-list",
	    NULL,
	};
	const char *next = ps->i + 1 < ps->n ? ps->t[ps->i + 1].s : "";

	if (ps->node == CFG_NODE_VTY && strcmp(kw, "ipv6") == 0)
		return strcmp(next, "access-class") != 0;
	if ((ps->node == CFG_NODE_BGP || ps->node == CFG_NODE_BGP_AF) &&
	    strcmp(kw, "bgp") == 0)
		return in_list(next, bgp_lists);
	return false;
}

static void parse_words(struct cfg_ps *ps)
{
	const char *kw;

	ps->i = 0;
	ps->neg = false;
	ps->line_failed = false;
	if (ps->n > 1 && strcmp(ps->t[0].s, "no") == 0) {
		ps->neg = true;
		ps->i = 1;
	}
	kw = ps->t[ps->i].s;
	if (!ps->neg && ps->n == 1 && node_exit(ps, kw))
		return;
	if (node_knows(ps->node, kw) && !top_level_list(ps, kw)) {
		run_node(ps, ps->node);
		return;
	}
	/* "debug ..." is accepted anywhere and does not end a block. */
	if (strcmp(kw, "debug") == 0) {
		config_cmd_top(ps);
		return;
	}
	if (ps->node != CFG_NODE_CONFIG && node_knows(CFG_NODE_CONFIG, kw)) {
		leave_to_config(ps);
		run_node(ps, CFG_NODE_CONFIG);
		return;
	}
	unknown_command(ps, kw);
}

static bool is_blank(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	       ch == '\f';
}

/* "!" or "#" first: a comment, whatever bytes follow. */
static bool is_comment(const char *buf, size_t len)
{
	size_t k = 0;

	while (k < len && is_blank((unsigned char)buf[k]))
		k++;
	return k < len && (buf[k] == '!' || buf[k] == '#');
}

/*
 * Split one line (in the writable buffer buf, len bytes) into words.
 * Control bytes other than blanks are an error: they are never part of a
 * valid config and would garble messages.
 */
static int split_line(struct cfg_ps *ps, char *buf, size_t len, unsigned *cap)
{
	size_t k = 0;

	ps->n = 0;
	ps->eol_col = 1;
	while (k < len) {
		unsigned char ch = (unsigned char)buf[k];

		if (is_blank(ch)) {
			buf[k++] = '\0';
			continue;
		}
		if (ch < 0x20 || ch == 0x7f)
			return config_err(ps, (unsigned)k + 1,
					  "invalid byte 0x%02x", ch);
		if (k == 0 || buf[k - 1] == '\0') {
			if (ps->n == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				ps->t = config_xrealloc(ps->t, *cap,
							sizeof(*ps->t));
			}
			ps->t[ps->n].s = buf + k;
			ps->t[ps->n].col = (unsigned)k + 1;
			ps->n++;
		}
		k++;
		ps->eol_col = (unsigned)k + 1;
	}
	return 0;
}

static void parse_lines(struct cfg_ps *ps, const char *text, size_t len)
{
	size_t pos = 0, bufcap = 0;
	unsigned tokcap = 0;
	char *buf = NULL;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;

		ps->line++;
		ps->line_failed = false;
		if (l + 1 > bufcap) {
			bufcap = l + 1;
			buf = config_xrealloc(buf, bufcap, 1);
		}
		memcpy(buf, text + pos, l);
		buf[l] = '\0';
		pos += l + 1;
		if (is_comment(buf, l) ||
		    split_line(ps, buf, l, &tokcap) < 0 || ps->n == 0)
			continue;
		parse_words(ps);
	}
	free(buf);
	free(ps->t);
	ps->t = NULL;
	ps->n = 0;
}

static int parse_text(const char *text, size_t len, const char *name,
		      struct config **out, struct config_diag *diag)
{
	unsigned nerrors = diag->nerrors;
	struct cfg_ps ps;

	memset(&ps, 0, sizeof(ps));
	ps.fname = name;
	ps.d = diag;
	ps.c = config_new();
	ps.node = CFG_NODE_CONFIG;
	ps.af = BGP_AF_IPV4;
	config_ht_init(&ps.ht);
	parse_lines(&ps, text, len);
	ps.line++;
	config_lists_finish(&ps);
	config_rmap_finish(&ps);
	config_bgp_finish(&ps);
	config_ht_free(&ps.ht);
	if (diag->nerrors != nerrors) {
		config_free(ps.c);
		*out = NULL;
		return -1;
	}
	*out = ps.c;
	return 0;
}

int config_parse_string(const char *text, const char *name, struct config **out,
			struct config_diag *diag)
{
	return parse_text(text, strlen(text), name ? name : "<string>", out,
			  diag);
}

int config_parse_file(const char *path, struct config **out,
		      struct config_diag *diag)
{
	size_t len = 0, cap = 4096, r;
	char *text;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "r");
	if (!f) {
		config_diag_add(diag, true, "%s: error: cannot open: %s", path,
				strerror(errno));
		return -1;
	}
	text = config_xcalloc(cap, 1);
	while ((r = fread(text + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			cap *= 2;
			text = config_xrealloc(text, cap, 1);
		}
	}
	if (ferror(f)) {
		config_diag_add(diag, true, "%s: error: cannot read: %s", path,
				strerror(errno));
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	rc = parse_text(text, len, path, out, diag);
	free(text);
	return rc;
}
