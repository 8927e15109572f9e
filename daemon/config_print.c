/*
 * config_print.c: a struct config printed back in Quagga's running-config
 * style (bgp_config_write() and friends): "!"-separated blocks, one-blank
 * indentation, the IPv4 unicast family inline in "router bgp" (Quagga),
 * other families in "address-family ipv6 unicast" blocks (FRR spelling,
 * which Quagga reads too), then the lists, route-maps, "line vty", "end".
 * Only what differs from the defaults is printed.  The output parses back
 * to an equal config (tests/unit/config/ golden files check it).
 *
 * No header line: the vty prints "Current configuration:\n!\n" first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "log.h"

static const char *addr_str(const struct ipaddr *a, char *b, size_t n)
{
	return ipaddr_fmt(a, b, n);
}

static void print_level(FILE *f, int lvl)
{
	if (lvl != LOG_LVL_DEBUG)
		fprintf(f, " %s", log_level_name((enum log_level)lvl));
	fputc('\n', f);
}

static void print_top(const struct config *c, FILE *f)
{
	static const char *const dbg[] = {
	    "updates", "events", "keepalives", "nht", "zebra", "filters", "as4",
	};
	unsigned i;

	if (c->hostname)
		fprintf(f, "hostname %s\n", c->hostname);
	if (c->password)
		fprintf(f, "password %s\n", c->password);
	if (c->enable_password)
		fprintf(f, "enable password %s\n", c->enable_password);
	if (c->banner_motd && !c->banner_motd[0])
		fprintf(f, "no banner motd\n");
	else if (c->banner_motd)
		fprintf(f, "banner motd line %s\n", c->banner_motd);
	if (c->log_file) {
		fprintf(f, "log file %s", c->log_file);
		print_level(f, c->log_file_level);
	}
	if (c->log_stdout_level >= 0) {
		fprintf(f, "log stdout");
		print_level(f, c->log_stdout_level);
	}
	if (c->log_syslog_level >= 0) {
		fprintf(f, "log syslog");
		print_level(f, c->log_syslog_level);
	}
	if (c->log_timestamp_precision)
		fprintf(f, "log timestamp precision %d\n",
			c->log_timestamp_precision);
	if (c->log_record_priority)
		fprintf(f, "log record-priority\n");
	fprintf(f, "!\n");
	for (i = 0; i < sizeof(dbg) / sizeof(dbg[0]); i++)
		if (c->debug & (1u << i))
			fprintf(f, "debug bgp %s\n", dbg[i]);
	if (c->debug)
		fprintf(f, "!\n");
	if (c->nht_resolve_via_default)
		fprintf(f, "ip nht resolve-via-default\n");
	if (c->kernel_table)
		fprintf(f, "table %u\n", c->kernel_table);
	if (c->nht_resolve_via_default || c->kernel_table)
		fprintf(f, "!\n");
}

/* " 18 26 250" for the bits set; false if none. */
static bool print_codes(FILE *f, const char *pre, const uint8_t *bm)
{
	unsigned c;
	bool any = false;

	for (c = 1; c < 256; c++) {
		if (!(bm[c / 8] & (1u << (c % 8))))
			continue;
		if (!any)
			fputs(pre, f);
		fprintf(f, " %u", c);
		any = true;
	}
	if (any)
		fputc('\n', f);
	return any;
}

static void print_bgp_flags(const struct bgp_conf *b, FILE *f)
{
	char s[IPADDR_STRLEN];

	if (b->router_id.af)
		fprintf(f, " bgp router-id %s\n",
			addr_str(&b->router_id, s, sizeof(s)));
	if (!b->log_neighbor_changes)
		fprintf(f, " no bgp log-neighbor-changes\n");
	if (b->always_compare_med)
		fprintf(f, " bgp always-compare-med\n");
	if (b->default_local_pref != CONF_DEF_LOCAL_PREF)
		fprintf(f, " bgp default local-preference %u\n",
			b->default_local_pref);
	if (b->cluster_id.af)
		fprintf(f, " bgp cluster-id %s\n",
			addr_str(&b->cluster_id, s, sizeof(s)));
	if (b->maxas_limit)
		fprintf(f, " bgp maxas-limit %u\n", b->maxas_limit);
	print_codes(f, " bgp unknown-attribute discard", b->attr_discard);
	if (b->deterministic_med)
		fprintf(f, " bgp deterministic-med\n");
	if (b->gr_stalepath_time != CONF_DEF_GR_STALEPATH_TIME)
		fprintf(f, " bgp graceful-restart stalepath-time %u\n",
			b->gr_stalepath_time);
	if (b->gr_restart_time != CONF_DEF_GR_RESTART_TIME)
		fprintf(f, " bgp graceful-restart restart-time %u\n",
			b->gr_restart_time);
	if (b->gr_select_defer_time)
		fprintf(f, " bgp graceful-restart select-defer-time %u\n",
			b->gr_select_defer_time);
	if (b->graceful_restart)
		fprintf(f, " bgp graceful-restart\n");
	if (b->compare_routerid)
		fprintf(f, " bgp bestpath compare-routerid\n");
	if (b->aspath_ignore)
		fprintf(f, " bgp bestpath as-path ignore\n");
	if (b->aspath_confed)
		fprintf(f, " bgp bestpath as-path confed\n");
	if (b->aspath_multipath_relax)
		fprintf(f, " bgp bestpath as-path multipath-relax\n");
	if (b->med_confed || b->med_missing_as_worst)
		fprintf(f, " bgp bestpath med%s%s\n",
			b->med_confed ? " confed" : "",
			b->med_missing_as_worst ? " missing-as-worst" : "");
	if (!b->default_ipv4_unicast)
		fprintf(f, " no bgp default ipv4-unicast\n");
	if (b->ebgp_requires_policy)
		fprintf(f, " bgp ebgp-requires-policy\n");
	if (b->keepalive != CONF_DEF_KEEPALIVE ||
	    b->holdtime != CONF_DEF_HOLDTIME)
		fprintf(f, " timers bgp %d %d\n", b->keepalive, b->holdtime);
}

static void print_nbr(const struct nbr_conf *n, FILE *f)
{
	char s[IPADDR_STRLEN];
	const char *a = addr_str(&n->addr, s, sizeof(s));

	fprintf(f, " neighbor %s remote-as %u\n", a, n->remote_as);
	if (n->description)
		fprintf(f, " neighbor %s description %s\n", a, n->description);
	if (n->shutdown)
		fprintf(f, " neighbor %s shutdown\n", a);
	if (n->password)
		fprintf(f, " neighbor %s password %s\n", a, n->password);
	if (n->passive)
		fprintf(f, " neighbor %s passive\n", a);
	if (n->port != CONF_DEF_BGP_PORT)
		fprintf(f, " neighbor %s port %u\n", a, n->port);
	if (n->ebgp_multihop == 255)
		fprintf(f, " neighbor %s ebgp-multihop\n", a);
	else if (n->ebgp_multihop)
		fprintf(f, " neighbor %s ebgp-multihop %u\n", a,
			n->ebgp_multihop);
	if (n->ttl_security_hops)
		fprintf(f, " neighbor %s ttl-security hops %u\n", a,
			n->ttl_security_hops);
	if (n->update_source)
		fprintf(f, " neighbor %s update-source %s\n", a,
			n->update_source);
	if (n->adv_interval >= 0)
		fprintf(f, " neighbor %s advertisement-interval %d\n", a,
			n->adv_interval);
	if (n->keepalive >= 0 && n->holdtime >= 0)
		fprintf(f, " neighbor %s timers %d %d\n", a, n->keepalive,
			n->holdtime);
	if (n->connect_retry >= 0)
		fprintf(f, " neighbor %s timers connect %d\n", a,
			n->connect_retry);
	{
		char pre[IPADDR_STRLEN + 48];

		snprintf(pre, sizeof(pre),
			 " neighbor %s path-attribute discard", a);
		print_codes(f, pre, n->attr_discard);
	}
}

static void print_name_dir(FILE *f, const char *ind, const char *a,
			   const char *what, const char *in, const char *out)
{
	if (in)
		fprintf(f, "%sneighbor %s %s %s in\n", ind, a, what, in);
	if (out)
		fprintf(f, "%sneighbor %s %s %s out\n", ind, a, what, out);
}

static void print_max_prefix(FILE *f, const char *ind, const char *a,
			     const struct nbr_af_conf *x)
{
	fprintf(f, "%sneighbor %s maximum-prefix %u", ind, a, x->max_prefix);
	if (x->max_prefix_threshold != 75)
		fprintf(f, " %u", x->max_prefix_threshold);
	if (x->max_prefix_warning_only)
		fprintf(f, " warning-only");
	if (x->max_prefix_restart)
		fprintf(f, " restart %u", x->max_prefix_restart);
	fputc('\n', f);
}

/*
 * "weight" written under "router bgp" (the IPv4 lines) sets every family,
 * as Quagga 1.2 keeps it per neighbor and prints it there once: a family
 * block says it only where it differs from that (a value of its own, or
 * "no neighbor X weight" undoing it), never again for the inherited
 * value, least of all for a neighbor not activated in the family.
 */
static void print_nbr_weight(const struct nbr_conf *n, enum bgp_af af,
			     const char *ind, const char *a, FILE *f)
{
	const struct nbr_af_conf *x = &n->af[af], *v4 = &n->af[BGP_AF_IPV4];

	if (af == BGP_AF_IPV4 ? !x->weight_set
			      : x->weight_set == v4->weight_set &&
					(!x->weight_set || x->weight == v4->weight))
		return;
	if (x->weight_set)
		fprintf(f, "%sneighbor %s weight %u\n", ind, a, x->weight);
	else
		fprintf(f, "%sno neighbor %s weight\n", ind, a);
}

/* One neighbor's lines for one family. */
static void print_nbr_af(const struct bgp_conf *b, const struct nbr_conf *n,
			 enum bgp_af af, const char *ind, FILE *f)
{
	const struct nbr_af_conf *x = &n->af[af];
	bool active = config_nbr_active(b, n, af);
	bool dflt = af == BGP_AF_IPV4 && b->default_ipv4_unicast;
	char s[IPADDR_STRLEN];
	const char *a = addr_str(&n->addr, s, sizeof(s));

	if (active && !dflt)
		fprintf(f, "%sneighbor %s activate\n", ind, a);
	else if (!active && dflt)
		fprintf(f, "%sno neighbor %s activate\n", ind, a);
	if (x->next_hop_self)
		fprintf(f, "%sneighbor %s next-hop-self%s\n", ind, a,
			x->next_hop_self_all ? " all" : "");
	if (x->rr_client)
		fprintf(f, "%sneighbor %s route-reflector-client\n", ind, a);
	if (!(x->send_community & CONF_COMM_STD))
		fprintf(f, "%sno neighbor %s send-community\n", ind, a);
	if (!(x->send_community & CONF_COMM_EXT))
		fprintf(f, "%sno neighbor %s send-community extended\n", ind,
			a);
	if (!(x->send_community & CONF_COMM_LARGE))
		fprintf(f, "%sno neighbor %s send-community large\n", ind, a);
	if (x->soft_reconfig_in)
		fprintf(f, "%sneighbor %s soft-reconfiguration inbound\n", ind,
			a);
	if (x->allowas_in == 3)
		fprintf(f, "%sneighbor %s allowas-in\n", ind, a);
	else if (x->allowas_in)
		fprintf(f, "%sneighbor %s allowas-in %u\n", ind, a,
			x->allowas_in);
	if (x->default_originate)
		fprintf(f, "%sneighbor %s default-originate%s%s\n", ind, a,
			x->default_originate_rmap ? " route-map " : "",
			x->default_originate_rmap ? x->default_originate_rmap
						  : "");
	print_name_dir(f, ind, a, "prefix-list", x->plist_in, x->plist_out);
	print_name_dir(f, ind, a, "filter-list", x->flist_in, x->flist_out);
	print_name_dir(f, ind, a, "route-map", x->rmap_in, x->rmap_out);
	if (x->max_prefix)
		print_max_prefix(f, ind, a, x);
	print_nbr_weight(n, af, ind, a, f);
}

static void print_af_body(const struct bgp_conf *b, enum bgp_af af,
			  const char *ind, FILE *f)
{
	const struct bgp_af_conf *a = &b->af[af];
	const struct network_conf *w;
	const struct redist_conf *r;
	const struct nbr_conf *n;
	char s[PREFIX_STRLEN];

	for (w = a->networks; w; w = w->next)
		fprintf(f, "%snetwork %s%s%s\n", ind,
			prefix_fmt(&w->prefix, s, sizeof(s)),
			w->rmap ? " route-map " : "", w->rmap ? w->rmap : "");
	for (r = a->redists; r; r = r->next) {
		fprintf(f, "%sredistribute %s", ind, r->type);
		if (r->metric_set)
			fprintf(f, " metric %u", r->metric);
		if (r->rmap)
			fprintf(f, " route-map %s", r->rmap);
		fputc('\n', f);
	}
	if (a->max_paths != 1)
		fprintf(f, "%smaximum-paths %u\n", ind, a->max_paths);
	if (a->max_paths_ibgp != 1)
		fprintf(f, "%smaximum-paths ibgp %u\n", ind, a->max_paths_ibgp);
	for (n = b->neighbors; n; n = n->next)
		print_nbr_af(b, n, af, ind, f);
}

static void print_bgp(const struct bgp_conf *b, FILE *f)
{
	const struct nbr_conf *n;
	char *body = NULL;
	size_t len = 0;
	FILE *m;
	int af;

	fprintf(f, "router bgp %u\n", b->asn);
	print_bgp_flags(b, f);
	for (n = b->neighbors; n; n = n->next)
		print_nbr(n, f);
	print_af_body(b, BGP_AF_IPV4, " ", f);
	for (af = BGP_AF_IPV4 + 1; af < BGP_AF_MAX; af++) {
		/* Print the block only if it has a line. */
		m = open_memstream(&body, &len);
		if (!m)
			continue;
		print_af_body(b, af, "  ", m);
		fclose(m);
		if (len)
			fprintf(f,
				" !\n address-family %s unicast\n%s"
				" exit-address-family\n",
				af == BGP_AF_IPV6 ? "ipv6" : "ipv4", body);
		free(body);
		body = NULL;
	}
	fprintf(f, "!\n");
}

static void print_acls(const struct config *c, int af, FILE *f)
{
	const struct acl *l;
	const struct acl_entry *e;
	char s[PREFIX_STRLEN];
	bool any = false;

	for (l = c->acls; l; l = l->next) {
		if (l->af != af)
			continue;
		for (e = l->entries; e; e = e->next, any = true)
			fprintf(f, "%saccess-list %s %s %s%s\n",
				af == AF_INET ? "" : "ipv6 ", l->name,
				e->permit ? "permit" : "deny",
				e->any ? "any"
				       : prefix_fmt(&e->prefix, s, sizeof(s)),
				e->exact_match ? " exact-match" : "");
	}
	if (any)
		fprintf(f, "!\n");
}

static void print_plists(const struct config *c, int af, FILE *f)
{
	const struct plist *l;
	const struct plist_entry *e;
	char s[PREFIX_STRLEN];
	bool any = false;

	for (l = c->plists; l; l = l->next) {
		if (l->af != af)
			continue;
		for (e = l->entries; e; e = e->next, any = true) {
			fprintf(f, "%s prefix-list %s ",
				af == AF_INET ? "ip" : "ipv6", l->name);
			if (e->seq_given)
				fprintf(f, "seq %u ", e->seq);
			fprintf(f, "%s %s", e->permit ? "permit" : "deny",
				prefix_fmt(&e->prefix, s, sizeof(s)));
			if (e->ge)
				fprintf(f, " ge %u", e->ge);
			if (e->le)
				fprintf(f, " le %u", e->le);
			fputc('\n', f);
		}
	}
	if (any)
		fprintf(f, "!\n");
}

static void print_strlist(FILE *f, const char *head, const char *name,
			  const struct strlist_entry *e)
{
	for (; e; e = e->next)
		fprintf(f, "%s %s %s%s%s\n", head, name,
			e->permit ? "permit" : "deny", e->value[0] ? " " : "",
			e->value);
}

static void print_clists(const struct config *c, FILE *f)
{
	const struct clist *l;
	const struct aslist *s;
	bool any = false;

	/* In list order: parsing puts community lists before large ones. */
	for (l = c->clists; l; l = l->next) {
		char head[64];

		snprintf(head, sizeof(head), "ip %scommunity-list %s",
			 l->large ? "large-" : "",
			 l->expanded ? "expanded" : "standard");
		print_strlist(f, head, l->name, l->entries);
		any = true;
	}
	for (s = c->aslists; s; s = s->next) {
		print_strlist(f, "ip as-path access-list", s->name, s->entries);
		any = true;
	}
	if (any)
		fprintf(f, "!\n");
}

static void print_clauses(FILE *f, const char *what,
			  const struct rmap_clause *x)
{
	for (; x; x = x->next)
		fprintf(f, " %s %s\n", what, x->text);
}

static void print_rmaps(const struct config *c, FILE *f)
{
	const struct rmap *m;
	const struct rmap_entry *e;

	for (m = c->rmaps; m; m = m->next) {
		for (e = m->entries; e; e = e->next) {
			fprintf(f, "route-map %s %s %u\n", m->name,
				e->permit ? "permit" : "deny", e->seq);
			if (e->description)
				fprintf(f, " description %s\n", e->description);
			print_clauses(f, "match", e->matches);
			print_clauses(f, "set", e->sets);
			if (e->call)
				fprintf(f, " call %s\n", e->call);
			if (e->on_match == RMAP_ON_MATCH_NEXT)
				fprintf(f, " on-match next\n");
			else if (e->on_match == RMAP_ON_MATCH_GOTO)
				fprintf(f, " on-match goto %u\n",
					e->on_match_goto);
			fprintf(f, "!\n");
		}
	}
}

static void print_vty(const struct config *c, FILE *f)
{
	int t = c->exec_timeout;

	fprintf(f, "line vty\n");
	if (t != CONF_DEF_EXEC_TIMEOUT) {
		if (t == 0)
			fprintf(f, " exec-timeout 0 0\n");
		else if (t % 60 == 0 && t / 60 <= 35791)
			fprintf(f, " exec-timeout %d\n", t / 60);
		else /* minutes are limited to 35791, as parsed */
			fprintf(f, " exec-timeout %d %d\n",
				t / 60 > 35791 ? 35791 : t / 60,
				t - (t / 60 > 35791 ? 35791 : t / 60) * 60);
	}
	if (c->vty_access_class)
		fprintf(f, " access-class %s\n", c->vty_access_class);
	if (c->vty_ipv6_access_class)
		fprintf(f, " ipv6 access-class %s\n", c->vty_ipv6_access_class);
	fprintf(f, "!\n");
}

void config_print(const struct config *c, FILE *f)
{
	print_top(c, f);
	if (c->bgp)
		print_bgp(c->bgp, f);
	print_acls(c, AF_INET, f);
	print_acls(c, AF_INET6, f);
	print_plists(c, AF_INET, f);
	print_plists(c, AF_INET6, f);
	print_clists(c, f);
	print_rmaps(c, f);
	print_vty(c, f);
	fprintf(f, "end\n");
}
