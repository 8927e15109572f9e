/*
 * config_bgp.c: the "router bgp" node and its address-family blocks.
 *
 * Quagga 1.2 semantics: lines directly under "router bgp" that are per
 * family (network, redistribute, maximum-paths, neighbor X activate,
 * next-hop-self, route-map, ...) are for IPv4 unicast, the family without
 * a header in the Quagga-era IPMininet template.  "address-family ipv6
 * [unicast]" (and FRR's "address-family ipv4 unicast") open a block up to
 * "exit-address-family".  Inside a block every router-level statement is
 * also accepted and applies to the router (FRR-era IPMininet writes
 * "bgp cluster-id" there); the reader stays in the block.
 *
 * A neighbor exists from its "remote-as" line on; any other line about
 * it before that is an error, as in Quagga ("% Specify remote-as or
 * peer-group commands first").  Limitations: no peer-groups, no
 * confederations, no views/VRFs, unicast families only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

const char *const config_bgp_kws[] = {
    "address-family", "aggregate-address", "auto-summary", "bgp",
    "distance",	      "maximum-paths",	   "neighbor",	   "network",
    "redistribute",   "synchronization",   "timers",	   NULL,
};

const char *const config_bgp_af_kws[] = {
    "aggregate-address", "bgp",	    "exit-address-family", "maximum-paths",
    "neighbor",		 "network", "redistribute",	   NULL,
};

bool config_bgp_knows(const char *kw, bool in_af)
{
	int i;

	(void)in_af;
	for (i = 0; config_bgp_kws[i]; i++)
		if (strcmp(kw, config_bgp_kws[i]) == 0)
			return true;
	return false;
}

static struct bgp_conf *ps_bgp(struct cfg_ps *ps)
{
	return ps->c->bgp;
}

/* --- router bgp / address-family --- */

int config_cmd_router_bgp(struct cfg_ps *ps)
{
	struct config *c = ps->c;
	uint32_t asn = 0;
	int rc = 0;

	if (!config_tk_accept(ps, "bgp"))
		return config_tk_expected(ps,
					  "\"bgp\" (okapi is a BGP daemon)");
	/* Enter the node even on error so the block's lines are checked
	 * and do not cascade into "unknown command" errors. */
	ps->node = CFG_NODE_BGP;
	ps->af = BGP_AF_IPV4;
	if (!config_tk_more(ps) && c->bgp)
		return 0;
	if (config_tk_asn(ps, &asn) < 0)
		rc = -1;
	else if (config_tk_more(ps))
		rc = config_err(ps, config_tk_col(ps),
				"BGP views and VRFs are not supported");
	if (!c->bgp) {
		c->bgp = config_bgp_new(asn);
	} else if (rc == 0 && c->bgp->asn != asn && c->bgp->asn != 0) {
		rc =
		    config_err(ps, ps->t[ps->i - 1].col,
			       "BGP is already running; AS is %u", c->bgp->asn);
	} else if (c->bgp->asn == 0) {
		c->bgp->asn = asn;
	}
	return rc;
}

static int cmd_address_family(struct cfg_ps *ps)
{
	static const char *const afs[] = {"ipv4", "ipv6", NULL};
	int k;

	if (ps->neg)
		return config_err(ps, ps->t[0].col,
				  "\"no address-family\" is not supported");
	if (config_tk_kw(ps, afs, &k) < 0)
		return -1;
	if (config_tk_more(ps) && !config_tk_accept(ps, "unicast"))
		return config_tk_expected(ps, "\"unicast\" (the only "
					      "supported SAFI)");
	if (config_tk_end(ps) < 0)
		return -1;
	ps->node = CFG_NODE_BGP_AF;
	ps->af = k == 0 ? BGP_AF_IPV4 : BGP_AF_IPV6;
	return 0;
}

/* --- "bgp ..." statements --- */

static int bgp_bestpath(struct cfg_ps *ps, struct bgp_conf *b)
{
	static const char *const kws[] = {
	    "compare-routerid",
	    "as-path",
	    "med",
	    NULL,
	};
	static const char *const asp[] = {
	    "ignore",
	    "confed",
	    "multipath-relax",
	    NULL,
	};
	bool on = !ps->neg;
	int k, a;

	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (k == 0) {
		b->compare_routerid = on;
		return config_tk_end(ps);
	}
	if (k == 1) {
		if (config_tk_kw(ps, asp, &a) < 0)
			return -1;
		if (a == 0)
			b->aspath_ignore = on;
		else if (a == 1)
			b->aspath_confed = on;
		else
			b->aspath_multipath_relax = on;
		if (a == 2 && !config_tk_accept(ps, "as-set"))
			config_tk_accept(ps, "no-as-set");
		return config_tk_end(ps);
	}
	/* med (confed | missing-as-worst) in any order, once each. */
	if (!config_tk_more(ps))
		return config_tk_expected(ps,
					  "\"confed\" or \"missing-as-worst\"");
	while (config_tk_more(ps)) {
		if (config_tk_accept(ps, "confed")) {
			b->med_confed = on;
		} else if (config_tk_accept(ps, "missing-as-worst")) {
			b->med_missing_as_worst = on;
		} else {
			return config_tk_expected(ps, "\"confed\" or "
						      "\"missing-as-worst\"");
		}
	}
	return 0;
}

static int bgp_default(struct cfg_ps *ps, struct bgp_conf *b)
{
	static const char *const kws[] = {
	    "ipv4-unicast",
	    "local-preference",
	    NULL,
	};
	uint32_t v;
	int k;

	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (k == 0) {
		b->default_ipv4_unicast = !ps->neg;
		return config_tk_end(ps);
	}
	if (ps->neg) {
		b->default_local_pref = CONF_DEF_LOCAL_PREF;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 0, UINT32_MAX, "a local preference", &v) < 0)
		return -1;
	b->default_local_pref = v;
	return config_tk_end(ps);
}

static int bgp_gr(struct cfg_ps *ps, struct bgp_conf *b)
{
	static const char *const kws[] = {
	    "restart-time",
	    "stalepath-time",
	    "select-defer-time",
	    NULL,
	};
	static const uint16_t defs[] = {
	    CONF_DEF_GR_RESTART_TIME,
	    CONF_DEF_GR_STALEPATH_TIME,
	    0,
	};
	uint16_t *fields[] = {
	    &b->gr_restart_time,
	    &b->gr_stalepath_time,
	    &b->gr_select_defer_time,
	};
	uint32_t v;
	int k;

	if (!config_tk_more(ps)) {
		b->graceful_restart = !ps->neg;
		return 0;
	}
	if (config_tk_kw(ps, kws, &k) < 0)
		return -1;
	if (ps->neg) {
		*fields[k] = defs[k];
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, k == 2 ? 0 : 1, 3600, "a time in seconds", &v) <
		0 ||
	    config_tk_end(ps) < 0)
		return -1;
	*fields[k] = (uint16_t)v;
	return 0;
}

static int bgp_id(struct cfg_ps *ps, struct ipaddr *dst, bool cluster)
{
	const char *w = config_tk_peek(ps);
	uint32_t v;

	if (ps->neg) {
		memset(dst, 0, sizeof(*dst));
		ps->i = ps->n;
		return 0;
	}
	/* bgp cluster-id also takes a 32-bit number (Quagga). */
	if (cluster && w && config_parse_u32(w, 1, UINT32_MAX, &v)) {
		ipaddr_from_v4(dst, v);
		ps->i++;
	} else if (config_tk_addr(ps, AF_INET,
				  cluster
				      ? "a cluster id (A.B.C.D or 1-4294967295)"
				      : "a router id (A.B.C.D)",
				  dst) < 0) {
		return -1;
	}
	/* RFC 6286 section 2.1: the BGP Identifier is a non-zero value. */
	if (ipaddr_v4(dst) == 0) {
		memset(dst, 0, sizeof(*dst));
		return config_err(ps, ps->t[ps->i - 1].col,
				  "the %s must not be 0.0.0.0",
				  cluster ? "cluster id" : "router id");
	}
	return config_tk_end(ps);
}

/* Quagga's "bgp" statements not implemented: accepted with a warning. */
static const char *const bgp_unsupported[] = {
    "client-to-client",	      "dampening",	 "enforce-first-as",
    "fast-external-failover", "network",	 "coalesce-time",
    "update-delay",	      "route-reflector", NULL,
};

static const char *const bgp_kws[] = {
    "always-compare-med",
    "bestpath",
    "cluster-id",
    "default",
    "deterministic-med",
    "ebgp-requires-policy",
    "graceful-restart",
    "log-neighbor-changes",
    "maxas-limit",
    "router-id",
    "unknown-attribute",
    NULL,
};

static int cmd_bgp(struct cfg_ps *ps)
{
	struct bgp_conf *b = ps_bgp(ps);
	const char *w = config_tk_peek(ps);
	unsigned from = ps->i - 1;
	bool on = !ps->neg;
	uint32_t v;
	int k;

	for (k = 0; w && bgp_unsupported[k]; k++) {
		if (strcmp(w, bgp_unsupported[k]) == 0) {
			ps->i = ps->n;
			config_warn_unsupported(ps, from);
			return 0;
		}
	}
	if (w && strcmp(w, "confederation") == 0)
		return config_err(ps, config_tk_col(ps),
				  "BGP confederations are not supported");
	if (config_tk_kw(ps, bgp_kws, &k) < 0)
		return -1;
	switch (k) {
	case 0:
		b->always_compare_med = on;
		return config_tk_end(ps);
	case 1:
		return bgp_bestpath(ps, b);
	case 2:
		return bgp_id(ps, &b->cluster_id, true);
	case 3:
		return bgp_default(ps, b);
	case 4:
		b->deterministic_med = on;
		return config_tk_end(ps);
	case 5:
		b->ebgp_requires_policy = on;
		return config_tk_end(ps);
	case 6:
		return bgp_gr(ps, b);
	case 7:
		b->log_neighbor_changes = on;
		return config_tk_end(ps);
	case 8:
		if (ps->neg) {
			b->maxas_limit = 0;
			ps->i = ps->n;
			return 0;
		}
		/* Quagga: 1-254; FRR: 1-2000. */
		if (config_tk_u32(ps, 1, 2000, "an AS-path length", &v) < 0)
			return -1;
		b->maxas_limit = (uint16_t)v;
		return config_tk_end(ps);
	case 10:
		/* bgp unknown-attribute discard N...: for every neighbor
		 * (issue 9; neighbor X path-attribute discard per one). */
		if (!config_tk_accept(ps, "discard"))
			return config_tk_expected(ps, "\"discard\"");
		return config_tk_attr_codes(ps, b->attr_discard);
	default:
		return bgp_id(ps, &b->router_id, false);
	}
}

static int cmd_timers(struct cfg_ps *ps)
{
	struct bgp_conf *b = ps_bgp(ps);
	uint32_t ka, hold;

	if (!config_tk_accept(ps, "bgp"))
		return config_tk_expected(ps, "\"bgp\"");
	if (ps->neg) {
		b->keepalive = CONF_DEF_KEEPALIVE;
		b->holdtime = CONF_DEF_HOLDTIME;
		ps->i = ps->n;
		return 0;
	}
	if (config_tk_u32(ps, 0, 65535, "a keepalive interval", &ka) < 0 ||
	    config_tk_u32(ps, 0, 65535, "a hold time", &hold) < 0)
		return -1;
	/* RFC 4271 4.2: the hold time is zero or at least three seconds. */
	if (hold > 0 && hold < 3)
		return config_err(ps, ps->t[ps->i - 1].col,
				  "hold time must be 0 or 3-65535, got %u",
				  hold);
	b->keepalive = (int)ka;
	b->holdtime = (int)hold;
	return config_tk_end(ps);
}

static int cmd_maximum_paths(struct cfg_ps *ps)
{
	struct bgp_af_conf *a = &ps_bgp(ps)->af[ps->af];
	bool ibgp = config_tk_accept(ps, "ibgp");
	uint32_t v = 1;

	if (!ps->neg) {
		if (config_tk_u32(ps, 1, 255, "a number of paths", &v) < 0 ||
		    config_tk_end(ps) < 0)
			return -1;
	}
	ps->i = ps->n;
	if (ibgp)
		a->max_paths_ibgp = (uint16_t)v;
	else
		a->max_paths = (uint16_t)v;
	return 0;
}

/* "network A.B.C.D" (classful) and "network A.B.C.D mask M" (Quagga). */
static int network_v4_legacy(struct cfg_ps *ps, struct prefix *p)
{
	struct ipaddr a, m;
	uint32_t v, mask;
	unsigned len = 0;

	if (config_tk_addr(ps, AF_INET, "an IPv4 prefix (A.B.C.D/M)", &a) < 0)
		return -1;
	v = ipaddr_v4(&a);
	if (config_tk_accept(ps, "mask")) {
		if (config_tk_addr(ps, AF_INET, "a netmask (A.B.C.D)", &m) < 0)
			return -1;
		mask = ipaddr_v4(&m);
		while (len < 32 && (mask & (0x80000000u >> len)))
			len++;
		if (len < 32 && (mask << len) != 0)
			return config_err(ps, ps->t[ps->i - 1].col,
					  "invalid netmask");
	} else {
		len = v >> 31 == 0 ? 8 : v >> 30 == 2 ? 16 : 24;
	}
	memset(p, 0, sizeof(*p));
	p->af = AF_INET;
	p->len = (uint8_t)len;
	memcpy(p->a, a.a, 4);
	prefix_clear_host_bits(p);
	return 0;
}

static int cmd_network(struct cfg_ps *ps)
{
	struct bgp_af_conf *a = &ps_bgp(ps)->af[ps->af];
	int fam = bgp_af_family(ps->af);
	const char *w = config_tk_peek(ps), *rmap = NULL;
	struct network_conf *n;
	struct cfg_key k;
	struct prefix p;

	if (ps->neg)
		return config_err(ps, ps->t[0].col,
				  "\"no network\" is not supported");
	if (fam == AF_INET && w && !strchr(w, '/') && !strchr(w, ':')) {
		if (network_v4_legacy(ps, &p) < 0)
			return -1;
	} else if (config_tk_prefix(ps, fam,
				    fam == AF_INET
					? "an IPv4 prefix (A.B.C.D/M)"
					: "an IPv6 prefix (X:X::X:X/M)",
				    &p) < 0) {
		return -1;
	}
	if (config_tk_accept(ps, "route-map") &&
	    config_tk_word(ps, "a route-map name", &rmap) < 0)
		return -1;
	if (config_tk_accept(ps, "backdoor"))
		config_warn_unsupported(ps, 0);
	if (config_tk_end(ps) < 0)
		return -1;
	config_key_init(&k, 'n');
	config_key_add(&k, &p, sizeof(p));
	n = config_key_get(ps, &k);
	if (!n) {
		n = config_xcalloc(1, sizeof(*n));
		n->prefix = p;
		n->next = a->networks;
		a->networks = n;
		config_key_put(ps, &k, n);
	}
	config_set_str(&n->rmap, rmap);
	return 0;
}

static int cmd_redistribute(struct cfg_ps *ps)
{
	static const char *const v4[] = {
	    "kernel", "connected", "static", "rip",
	    "ospf",   "isis",	   "babel",  NULL,
	};
	static const char *const v6[] = {
	    "kernel", "connected", "static", "ripng",
	    "ospf6",  "isis",	   "babel",  NULL,
	};
	struct bgp_af_conf *a = &ps_bgp(ps)->af[ps->af];
	const char *const *types = ps->af == BGP_AF_IPV4 ? v4 : v6;
	const char *rmap = NULL;
	struct redist_conf *r, **pp;
	uint32_t metric = 0;
	bool metric_set = false;
	int k;

	if (config_tk_kw(ps, types, &k) < 0)
		return -1;
	while (!ps->neg && config_tk_more(ps)) {
		if (config_tk_accept(ps, "route-map")) {
			if (config_tk_word(ps, "a route-map name", &rmap) < 0)
				return -1;
		} else if (config_tk_accept(ps, "metric")) {
			if (config_tk_u32(ps, 0, UINT32_MAX, "a metric",
					  &metric) < 0)
				return -1;
			metric_set = true;
		} else {
			return config_tk_expected(ps,
						  "\"route-map\", "
						  "\"metric\" or end of line");
		}
	}
	ps->i = ps->n;
	for (pp = &a->redists; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->type, types[k]) == 0)
			break;
	if (ps->neg) {
		if ((r = *pp)) {
			*pp = r->next;
			free(r->type);
			free(r->rmap);
			free(r);
		}
		return 0;
	}
	if (!(r = *pp)) {
		r = *pp = config_xcalloc(1, sizeof(*r));
		r->type = config_xstrdup(types[k]);
	}
	config_set_str(&r->rmap, rmap);
	r->metric = metric;
	r->metric_set = metric_set;
	/* connected, static and kernel are redistributed (redist.h);
	 * there is no RIP, OSPF, IS-IS or Babel here to take routes
	 * from. */
	if (k > 2)
		config_warn_unsupported(ps, 0);
	return 0;
}

int config_cmd_bgp(struct cfg_ps *ps)
{
	const char *kw = ps->t[ps->i++].s;

	if (!ps->c->bgp) /* cannot happen: the node needs router bgp */
		ps->c->bgp = config_bgp_new(0);
	if (strcmp(kw, "neighbor") == 0)
		return config_cmd_neighbor(ps);
	if (strcmp(kw, "bgp") == 0)
		return cmd_bgp(ps);
	if (strcmp(kw, "network") == 0)
		return cmd_network(ps);
	if (strcmp(kw, "redistribute") == 0)
		return cmd_redistribute(ps);
	if (strcmp(kw, "address-family") == 0)
		return cmd_address_family(ps);
	if (strcmp(kw, "timers") == 0)
		return cmd_timers(ps);
	if (strcmp(kw, "maximum-paths") == 0)
		return cmd_maximum_paths(ps);
	if (strcmp(kw, "auto-summary") == 0 ||
	    strcmp(kw, "synchronization") == 0) {
		/* Classful summarisation and IGP synchronisation are
		 * historical; "no auto-summary" is what IPMininet writes. */
		if (!ps->neg)
			config_warn_unsupported(ps, 0);
		return config_tk_end(ps);
	}
	/* aggregate-address, distance */
	ps->i = ps->n;
	config_warn_unsupported(ps, ps->neg ? 1 : 0);
	return 0;
}

/* --- end of parse --- */

void config_bgp_finish(struct cfg_ps *ps)
{
	struct bgp_conf *b = ps->c->bgp;
	struct nbr_conf *n;
	int af;

	if (!b)
		return;
	REVERSE(struct nbr_conf, b->neighbors);
	for (af = 0; af < BGP_AF_MAX; af++)
		REVERSE(struct network_conf, b->af[af].networks);
	/* Store the effective activation, so that comparing two configs
	 * compares what runs, not how it was spelled. */
	for (n = b->neighbors; n; n = n->next)
		for (af = 0; af < BGP_AF_MAX; af++)
			n->af[af].activate =
			    config_nbr_active(b, n, af) ? 1 : 0;
}
