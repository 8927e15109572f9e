/*
 * config_nbr.c: "neighbor ADDR ..." lines, session-level (remote-as,
 * timers, ...) and per address family (activate, route-map, ...).
 *
 * Per-family lines directly under "router bgp" are for IPv4 unicast
 * (Quagga), except "weight", which Quagga 1.2 keeps per neighbor: written
 * there it applies to every family.  Session-level lines are accepted
 * inside address-family blocks too.  Defaults follow Quagga 1.2
 * (../shared/reference/quagga-vty.md section 7.2): send-community on for
 * all three kinds, ebgp-multihop off, bare "ebgp-multihop" = TTL 255,
 * bare "allowas-in" = 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

struct nbr_cmd {
	const char *name;
	bool per_af;
	int (*fn)(struct cfg_ps *ps, struct nbr_conf *n, struct nbr_af_conf *a);
};

static const char *const in_out[] = {"in", "out", NULL};

/* --- session-level --- */

static int n_port(struct cfg_ps *ps, struct nbr_conf *n, struct nbr_af_conf *a)
{
	uint32_t v;

	if (ps->neg) {
		n->port = CONF_DEF_BGP_PORT;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 0, 65535, "a TCP port", &v) < 0)
		return -1;
	n->port = (uint16_t)v;
	return config_tk_end(ps);
}

static int n_description(struct cfg_ps *ps, struct nbr_conf *n,
			 struct nbr_af_conf *a)
{
	char *d;

	if (ps->neg) {
		config_set_str(&n->description, NULL);
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_rest(ps, "a description", &d) < 0)
		return -1;
	free(n->description);
	n->description = d;
	return 0;
}

static int n_multihop(struct cfg_ps *ps, struct nbr_conf *n,
		      struct nbr_af_conf *a)
{
	uint32_t v = 255;

	if (ps->neg) {
		n->ebgp_multihop = 0;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_more(ps) && config_tk_u32(ps, 1, 255, "a TTL", &v) < 0)
		return -1;
	if (config_tk_end(ps) < 0)
		return -1;
	if (n->ttl_security_hops)
		return config_err(ps, ps->t[2].col,
				  "ebgp-multihop and ttl-security cannot be "
				  "configured together");
	n->ebgp_multihop = (uint8_t)v;
	return 0;
}

static int n_ttl_security(struct cfg_ps *ps, struct nbr_conf *n,
			  struct nbr_af_conf *a)
{
	uint32_t v;

	if (!config_tk_accept(ps, "hops"))
		return config_tk_expected(ps, "\"hops\"");
	if (ps->neg) {
		n->ttl_security_hops = 0;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 1, 254, "a hop count", &v) < 0 ||
	    config_tk_end(ps) < 0)
		return -1;
	if (n->ebgp_multihop)
		return config_err(ps, ps->t[2].col,
				  "ebgp-multihop and ttl-security cannot be "
				  "configured together");
	n->ttl_security_hops = (uint8_t)v;
	return 0;
}

static int n_update_source(struct cfg_ps *ps, struct nbr_conf *n,
			   struct nbr_af_conf *a)
{
	const char *w;

	if (ps->neg) {
		config_set_str(&n->update_source, NULL);
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_word(ps, "an interface name or address", &w) < 0 ||
	    config_tk_end(ps) < 0)
		return -1;
	config_set_str(&n->update_source, w);
	return 0;
}

static int n_timers(struct cfg_ps *ps, struct nbr_conf *n,
		    struct nbr_af_conf *a)
{
	uint32_t ka, hold;

	if (config_tk_accept(ps, "connect")) {
		if (ps->neg) {
			n->connect_retry = -1;
			ps->i = ps->n;
			return 0;
		}
		if (config_tk_u32(ps, 1, 65535, "a connect retry time", &ka) <
		    0)
			return -1;
		n->connect_retry = (int)ka;
		return config_tk_end(ps);
	}
	if (ps->neg) {
		n->keepalive = n->holdtime = -1;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 0, 65535, "a keepalive interval", &ka) < 0 ||
	    config_tk_u32(ps, 0, 65535, "a hold time", &hold) < 0)
		return -1;
	if (hold > 0 && hold < 3)
		return config_err(ps, ps->t[ps->i - 1].col,
				  "hold time must be 0 or 3-65535, got %u",
				  hold);
	n->keepalive = (int)ka;
	n->holdtime = (int)hold;
	return config_tk_end(ps);
}

static int n_adv_interval(struct cfg_ps *ps, struct nbr_conf *n,
			  struct nbr_af_conf *a)
{
	uint32_t v;

	if (ps->neg) {
		n->adv_interval = -1;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 0, 600, "an interval in seconds", &v) < 0)
		return -1;
	n->adv_interval = (int)v;
	return config_tk_end(ps);
}

static int n_shutdown(struct cfg_ps *ps, struct nbr_conf *n,
		      struct nbr_af_conf *a)
{
	n->shutdown = !ps->neg;
	/* FRR: "shutdown message TEXT" (the text is not kept). */
	if (config_tk_accept(ps, "message"))
		ps->i = ps->n;
	return config_tk_end(ps);
}

static int n_passive(struct cfg_ps *ps, struct nbr_conf *n,
		     struct nbr_af_conf *a)
{
	n->passive = !ps->neg;
	return config_tk_end(ps);
}

static int n_password(struct cfg_ps *ps, struct nbr_conf *n,
		      struct nbr_af_conf *a)
{
	const char *w;

	if (ps->neg) {
		config_set_str(&n->password, NULL);
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_word(ps, "a password", &w) < 0 || config_tk_end(ps) < 0)
		return -1;
	config_set_str(&n->password, w);
	return 0;
}

/* --- per family --- */

static int n_activate(struct cfg_ps *ps, struct nbr_conf *n,
		      struct nbr_af_conf *a)
{
	a->activate = ps->neg ? 0 : 1;
	return config_tk_end(ps);
}

static int n_nhself(struct cfg_ps *ps, struct nbr_conf *n,
		    struct nbr_af_conf *a)
{
	/* "all" (Quagga) and "force" (FRR): reflected routes too. */
	bool all = config_tk_accept(ps, "all") || config_tk_accept(ps, "force");

	if (config_tk_end(ps) < 0)
		return -1;
	if (ps->neg) {
		if (all)
			a->next_hop_self_all = false;
		else
			a->next_hop_self = a->next_hop_self_all = false;
		return 0;
	}
	a->next_hop_self = true;
	if (all)
		a->next_hop_self_all = true;
	return 0;
}

static int n_rr_client(struct cfg_ps *ps, struct nbr_conf *n,
		       struct nbr_af_conf *a)
{
	a->rr_client = !ps->neg;
	return config_tk_end(ps);
}

static int n_send_community(struct cfg_ps *ps, struct nbr_conf *n,
			    struct nbr_af_conf *a)
{
	static const char *const kws[] = {
	    "standard", "extended", "both", "large", "all", NULL,
	};
	static const uint8_t bits[] = {
	    CONF_COMM_STD,   CONF_COMM_EXT, CONF_COMM_STD | CONF_COMM_EXT,
	    CONF_COMM_LARGE, CONF_COMM_ALL,
	};
	uint8_t bit = CONF_COMM_STD;
	int k;

	if (config_tk_more(ps)) {
		if (config_tk_kw(ps, kws, &k) < 0)
			return -1;
		bit = bits[k];
	}
	if (config_tk_end(ps) < 0)
		return -1;
	if (ps->neg)
		a->send_community &= (uint8_t)~bit;
	else
		a->send_community |= bit;
	return 0;
}

/* route-map / prefix-list / filter-list NAME in|out */
static int name_dir(struct cfg_ps *ps, char **in, char **out, const char *what)
{
	const char *name;
	int k;

	if (config_tk_word(ps, what, &name) < 0 ||
	    config_tk_kw(ps, in_out, &k) < 0 || config_tk_end(ps) < 0)
		return -1;
	config_set_str(k == 0 ? in : out, ps->neg ? NULL : name);
	return 0;
}

static int n_route_map(struct cfg_ps *ps, struct nbr_conf *n,
		       struct nbr_af_conf *a)
{
	return name_dir(ps, &a->rmap_in, &a->rmap_out, "a route-map name");
}

static int n_prefix_list(struct cfg_ps *ps, struct nbr_conf *n,
			 struct nbr_af_conf *a)
{
	return name_dir(ps, &a->plist_in, &a->plist_out, "a prefix-list name");
}

static int n_filter_list(struct cfg_ps *ps, struct nbr_conf *n,
			 struct nbr_af_conf *a)
{
	return name_dir(ps, &a->flist_in, &a->flist_out,
			"an as-path access-list name");
}

static int n_max_prefix(struct cfg_ps *ps, struct nbr_conf *n,
			struct nbr_af_conf *a)
{
	uint32_t max, thr = 75, restart = 0;
	bool warn = false;

	if (ps->neg) {
		a->max_prefix = 0;
		a->max_prefix_threshold = 75;
		a->max_prefix_warning_only = false;
		a->max_prefix_restart = 0;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 1, UINT32_MAX, "a prefix count", &max) < 0)
		return -1;
	if (config_tk_more(ps) &&
	    config_parse_u32(config_tk_peek(ps), 0, UINT32_MAX, &thr) &&
	    config_tk_u32(ps, 1, 100, "a threshold in percent", &thr) < 0)
		return -1;
	if (config_tk_accept(ps, "warning-only")) {
		warn = true;
	} else if (config_tk_accept(ps, "restart")) {
		if (config_tk_u32(ps, 1, 65535, "a restart time in minutes",
				  &restart) < 0)
			return -1;
	}
	if (config_tk_end(ps) < 0)
		return -1;
	a->max_prefix = max;
	a->max_prefix_threshold = (uint8_t)thr;
	a->max_prefix_warning_only = warn;
	a->max_prefix_restart = (uint16_t)restart;
	return 0;
}

static int n_weight(struct cfg_ps *ps, struct nbr_conf *n,
		    struct nbr_af_conf *a)
{
	uint32_t v = 0;
	int af;

	if (ps->neg)
		ps->i = ps->n;
	else if (config_tk_u32(ps, 0, 65535, "a weight", &v) < 0 ||
		 config_tk_end(ps) < 0)
		return -1;
	for (af = 0; af < BGP_AF_MAX; af++) {
		struct nbr_af_conf *x = &n->af[af];

		/* Quagga 1.2: per neighbor; FRR: per family. */
		if (ps->node == CFG_NODE_BGP_AF && x != a)
			continue;
		x->weight = v;
		x->weight_set = !ps->neg;
	}
	return 0;
}

static int n_default_originate(struct cfg_ps *ps, struct nbr_conf *n,
			       struct nbr_af_conf *a)
{
	const char *rmap = NULL;

	if (ps->neg) {
		a->default_originate = false;
		config_set_str(&a->default_originate_rmap, NULL);
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_accept(ps, "route-map") &&
	    config_tk_word(ps, "a route-map name", &rmap) < 0)
		return -1;
	if (config_tk_end(ps) < 0)
		return -1;
	a->default_originate = true;
	config_set_str(&a->default_originate_rmap, rmap);
	return 0;
}

static int n_soft_reconfig(struct cfg_ps *ps, struct nbr_conf *n,
			   struct nbr_af_conf *a)
{
	if (!config_tk_accept(ps, "inbound"))
		return config_tk_expected(ps, "\"inbound\"");
	if (config_tk_end(ps) < 0)
		return -1;
	a->soft_reconfig_in = !ps->neg;
	return 0;
}

static int n_allowas_in(struct cfg_ps *ps, struct nbr_conf *n,
			struct nbr_af_conf *a)
{
	uint32_t v = 3;

	if (ps->neg) {
		a->allowas_in = 0;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_more(ps) &&
	    config_tk_u32(ps, 1, 10, "a number of occurrences", &v) < 0)
		return -1;
	if (config_tk_end(ps) < 0)
		return -1;
	a->allowas_in = (uint8_t)v;
	return 0;
}

/* FRR's `neighbor X path-attribute discard N...` (issue 9). */
static int n_path_attr(struct cfg_ps *ps, struct nbr_conf *n,
		       struct nbr_af_conf *a)
{
	(void)a;
	if (!config_tk_accept(ps, "discard"))
		return config_tk_expected(ps, "\"discard\"");
	return config_tk_attr_codes(ps, n->attr_discard);
}

static const struct nbr_cmd nbr_cmds[] = {
    {"activate", true, n_activate},
    {"advertisement-interval", false, n_adv_interval},
    {"allowas-in", true, n_allowas_in},
    {"default-originate", true, n_default_originate},
    {"description", false, n_description},
    {"ebgp-multihop", false, n_multihop},
    {"filter-list", true, n_filter_list},
    {"maximum-prefix", true, n_max_prefix},
    {"next-hop-self", true, n_nhself},
    {"passive", false, n_passive},
    {"password", false, n_password},
    {"path-attribute", false, n_path_attr},
    {"port", false, n_port},
    {"prefix-list", true, n_prefix_list},
    {"remote-as", false, NULL},
    {"route-map", true, n_route_map},
    {"route-reflector-client", true, n_rr_client},
    {"send-community", true, n_send_community},
    {"shutdown", false, n_shutdown},
    {"soft-reconfiguration", true, n_soft_reconfig},
    {"timers", false, n_timers},
    {"ttl-security", false, n_ttl_security},
    {"update-source", false, n_update_source},
    {"weight", true, n_weight},
};

/* Known Quagga/FRR neighbor options okapi does not implement. */
static const char *const nbr_unsupported[] = {
    "local-as",
    "enforce-multihop",
    "disable-connected-check",
    "dont-capability-negotiate",
    "override-capability",
    "strict-capability-match",
    "capability",
    "solo",
    "bfd",
    "remove-private-AS",
    "as-override",
    "attribute-unchanged",
    "unsuppress-map",
    "distribute-list",
    "route-server-client",
    "addpath-tx-all-paths",
    "addpath-tx-bestpath-per-AS",
    "version",
    NULL,
};

/* --- dispatch --- */

struct nbr_conf *config_ps_nbr(struct cfg_ps *ps, const struct ipaddr *addr)
{
	struct cfg_key k;

	config_key_init(&k, 'N');
	config_key_add(&k, addr, sizeof(*addr));
	return config_key_get(ps, &k);
}

static int remote_as(struct cfg_ps *ps, const struct ipaddr *addr)
{
	struct bgp_conf *b = ps->c->bgp;
	struct nbr_conf *n = config_ps_nbr(ps, addr);
	uint32_t asn = 0;
	struct cfg_key k;
	int rc = 0;

	if (ps->neg)
		return config_err(ps, ps->t[0].col,
				  "\"no neighbor ... remote-as\" is not "
				  "supported");
	if (config_tk_accept(ps, "internal"))
		asn = b->asn;
	else if (config_tk_accept(ps, "external"))
		rc = config_err(ps, ps->t[ps->i - 1].col,
				"\"remote-as external\" is not supported; "
				"give the AS number");
	else if (config_tk_asn(ps, &asn) < 0)
		rc = -1;
	if (rc == 0)
		rc = config_tk_end(ps);
	/* Create the neighbor even after an error so that its other lines
	 * do not all fail with "remote-as must come first". */
	if (!n) {
		n = config_nbr_new(addr);
		n->line = (int)ps->line;
		n->next = b->neighbors;
		b->neighbors = n;
		config_key_init(&k, 'N');
		config_key_add(&k, addr, sizeof(*addr));
		config_key_put(ps, &k, n);
	}
	if (rc == 0)
		n->remote_as = asn;
	return rc;
}

/* A unicast address a TCP connection can go to. */
static bool nbr_addr_usable(const struct ipaddr *a)
{
	static const uint8_t zero[16];

	if (a->af == AF_INET) {
		uint32_t v = ipaddr_v4(a);

		return v != 0 && v != 0xffffffffu && (v >> 28) != 0xe;
	}
	return memcmp(a->a, zero, 16) != 0 && a->a[0] != 0xff;
}

static int want_nbr_addr(struct cfg_ps *ps, struct ipaddr *addr)
{
	const char *what = "a neighbor address (A.B.C.D or X:X::X:X; "
			   "peer-groups are not supported)";

	if (config_tk_addr(ps, 0, what, addr) < 0)
		return -1;
	if (ipaddr_is_v6_linklocal(addr))
		return config_err(ps, ps->t[ps->i - 1].col,
				  "link-local neighbor addresses are not "
				  "supported");
	if (!nbr_addr_usable(addr))
		return config_err(ps, ps->t[ps->i - 1].col,
				  "%s cannot be a neighbor address "
				  "(unspecified, broadcast or multicast)",
				  ps->t[ps->i - 1].s);
	return 0;
}

static int unknown_nbr_cmd(struct cfg_ps *ps)
{
	const char *names[sizeof(nbr_cmds) / sizeof(nbr_cmds[0]) + 1];
	char q[160], *list;
	size_t i;

	for (i = 0; i < sizeof(nbr_cmds) / sizeof(nbr_cmds[0]); i++)
		names[i] = nbr_cmds[i].name;
	names[i] = NULL;
	list = config_kw_list(names);
	if (config_tk_more(ps))
		config_err(ps, config_tk_col(ps),
			   "unknown neighbor option %s; expected one of: %s",
			   config_quote(config_tk_peek(ps), q, sizeof(q)),
			   list);
	else
		config_err(ps, ps->eol_col,
			   "incomplete neighbor line; expected one of: %s",
			   list);
	free(list);
	return -1;
}

int config_cmd_neighbor(struct cfg_ps *ps)
{
	unsigned from = ps->i - 1;
	const char *w;
	struct ipaddr addr;
	struct nbr_conf *n;
	char q[160];
	size_t i;

	if (want_nbr_addr(ps, &addr) < 0)
		return -1;
	w = config_tk_peek(ps);
	if (w && strcmp(w, "remote-as") == 0) {
		ps->i++;
		return remote_as(ps, &addr);
	}
	for (i = 0; w && nbr_unsupported[i]; i++) {
		if (strcmp(w, nbr_unsupported[i]) == 0) {
			ps->i = ps->n;
			config_warn_unsupported(ps, 0);
			return 0;
		}
	}
	for (i = 0; w && i < sizeof(nbr_cmds) / sizeof(nbr_cmds[0]); i++)
		if (strcmp(w, nbr_cmds[i].name) == 0)
			break;
	if (!w || i == sizeof(nbr_cmds) / sizeof(nbr_cmds[0]))
		return unknown_nbr_cmd(ps);
	n = config_ps_nbr(ps, &addr);
	if (!n)
		return config_err(
		    ps, ps->t[from + 1].col,
		    "neighbor %s is not configured; its "
		    "\"remote-as\" must come first",
		    config_quote(ps->t[from + 1].s, q, sizeof(q)));
	ps->i++;
	return nbr_cmds[i].fn(ps, n, &n->af[ps->af]);
}
