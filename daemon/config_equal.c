/*
 * config_equal.c: deep comparison of two configurations, for reload
 * ("what changed?") and for the round-trip tests.
 *
 * It compares meaning, not spelling: a prefix-list entry's seq_given
 * (whether "seq N" was written) is ignored, everything else counts,
 * including list order.  Neighbor activation is compared as effective
 * (config_nbr_active()), so "neighbor X activate" under "bgp default
 * ipv4-unicast" equals its absence.
 */
#include <string.h>

#include "config_int.h"

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool addr_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->af != b->af)
		return false;
	return !a->af || memcmp(a->a, b->a, af_bytes(a->af)) == 0;
}

static bool pfx_eq(const struct prefix *a, const struct prefix *b)
{
	return a->af == b->af && prefix_cmp(a, b) == 0;
}

static bool nbr_af_eq(const struct nbr_af_conf *a, const struct nbr_af_conf *b)
{
	return a->next_hop_self == b->next_hop_self &&
	       a->next_hop_self_all == b->next_hop_self_all &&
	       a->rr_client == b->rr_client &&
	       a->send_community == b->send_community &&
	       a->soft_reconfig_in == b->soft_reconfig_in &&
	       a->default_originate == b->default_originate &&
	       str_eq(a->default_originate_rmap, b->default_originate_rmap) &&
	       str_eq(a->rmap_in, b->rmap_in) &&
	       str_eq(a->rmap_out, b->rmap_out) &&
	       str_eq(a->plist_in, b->plist_in) &&
	       str_eq(a->plist_out, b->plist_out) &&
	       str_eq(a->flist_in, b->flist_in) &&
	       str_eq(a->flist_out, b->flist_out) &&
	       a->max_prefix == b->max_prefix &&
	       a->max_prefix_threshold == b->max_prefix_threshold &&
	       a->max_prefix_warning_only == b->max_prefix_warning_only &&
	       a->max_prefix_restart == b->max_prefix_restart &&
	       a->weight == b->weight && a->weight_set == b->weight_set &&
	       a->allowas_in == b->allowas_in;
}

/* Without the owning bgp_conf, an unset activation (-1) counts as the
 * Quagga default; after a parse it is always the effective 0/1. */
bool config_nbr_equal(const struct nbr_conf *a, const struct nbr_conf *b)
{
	int af;

	if (!addr_eq(&a->addr, &b->addr) || a->remote_as != b->remote_as ||
	    a->port != b->port || !str_eq(a->description, b->description) ||
	    a->ebgp_multihop != b->ebgp_multihop ||
	    a->ttl_security_hops != b->ttl_security_hops ||
	    !str_eq(a->update_source, b->update_source) ||
	    a->keepalive != b->keepalive || a->holdtime != b->holdtime ||
	    a->connect_retry != b->connect_retry ||
	    a->adv_interval != b->adv_interval || a->shutdown != b->shutdown ||
	    a->passive != b->passive || !str_eq(a->password, b->password) ||
	    memcmp(a->attr_discard, b->attr_discard, CONF_ATTR_BITMAP) != 0)
		return false;
	for (af = 0; af < BGP_AF_MAX; af++)
		if (config_nbr_active(NULL, a, af) !=
			config_nbr_active(NULL, b, af) ||
		    !nbr_af_eq(&a->af[af], &b->af[af]))
			return false;
	return true;
}

static bool bgp_af_eq(const struct bgp_af_conf *a, const struct bgp_af_conf *b)
{
	const struct network_conf *x = a->networks, *y = b->networks;
	const struct redist_conf *r = a->redists, *s = b->redists;

	if (a->max_paths != b->max_paths ||
	    a->max_paths_ibgp != b->max_paths_ibgp)
		return false;
	for (; x && y; x = x->next, y = y->next)
		if (!pfx_eq(&x->prefix, &y->prefix) ||
		    !str_eq(x->rmap, y->rmap))
			return false;
	if (x || y)
		return false;
	for (; r && s; r = r->next, s = s->next)
		if (!str_eq(r->type, s->type) || !str_eq(r->rmap, s->rmap) ||
		    r->metric_set != s->metric_set ||
		    (r->metric_set && r->metric != s->metric))
			return false;
	return !r && !s;
}

static bool bgp_flags_eq(const struct bgp_conf *a, const struct bgp_conf *b)
{
	return a->asn == b->asn && addr_eq(&a->router_id, &b->router_id) &&
	       addr_eq(&a->cluster_id, &b->cluster_id) &&
	       a->default_ipv4_unicast == b->default_ipv4_unicast &&
	       a->ebgp_requires_policy == b->ebgp_requires_policy &&
	       a->log_neighbor_changes == b->log_neighbor_changes &&
	       a->compare_routerid == b->compare_routerid &&
	       a->always_compare_med == b->always_compare_med &&
	       a->deterministic_med == b->deterministic_med &&
	       a->med_missing_as_worst == b->med_missing_as_worst &&
	       a->med_confed == b->med_confed &&
	       a->aspath_ignore == b->aspath_ignore &&
	       a->aspath_confed == b->aspath_confed &&
	       a->aspath_multipath_relax == b->aspath_multipath_relax &&
	       a->default_local_pref == b->default_local_pref &&
	       a->keepalive == b->keepalive && a->holdtime == b->holdtime &&
	       a->graceful_restart == b->graceful_restart &&
	       a->gr_restart_time == b->gr_restart_time &&
	       a->gr_stalepath_time == b->gr_stalepath_time &&
	       a->gr_select_defer_time == b->gr_select_defer_time &&
	       a->maxas_limit == b->maxas_limit &&
	       memcmp(a->attr_discard, b->attr_discard, CONF_ATTR_BITMAP) == 0;
}

static bool bgp_eq(const struct bgp_conf *a, const struct bgp_conf *b)
{
	const struct nbr_conf *x, *y;
	int af;

	if (!a || !b)
		return a == b;
	if (!bgp_flags_eq(a, b))
		return false;
	for (af = 0; af < BGP_AF_MAX; af++)
		if (!bgp_af_eq(&a->af[af], &b->af[af]))
			return false;
	for (x = a->neighbors, y = b->neighbors; x && y;
	     x = x->next, y = y->next) {
		if (!config_nbr_equal(x, y))
			return false;
		for (af = 0; af < BGP_AF_MAX; af++)
			if (config_nbr_active(a, x, af) !=
			    config_nbr_active(b, y, af))
				return false;
	}
	return !x && !y;
}

static bool acls_eq(const struct acl *a, const struct acl *b)
{
	for (; a && b; a = a->next, b = b->next) {
		const struct acl_entry *x = a->entries, *y = b->entries;

		if (!str_eq(a->name, b->name) || a->af != b->af)
			return false;
		for (; x && y; x = x->next, y = y->next)
			if (x->permit != y->permit || x->any != y->any ||
			    x->exact_match != y->exact_match ||
			    (!x->any && !pfx_eq(&x->prefix, &y->prefix)))
				return false;
		if (x || y)
			return false;
	}
	return !a && !b;
}

static bool plists_eq(const struct plist *a, const struct plist *b)
{
	for (; a && b; a = a->next, b = b->next) {
		const struct plist_entry *x = a->entries, *y = b->entries;

		if (!str_eq(a->name, b->name) || a->af != b->af)
			return false;
		for (; x && y; x = x->next, y = y->next)
			if (x->seq != y->seq || x->permit != y->permit ||
			    x->ge != y->ge || x->le != y->le ||
			    !pfx_eq(&x->prefix, &y->prefix))
				return false;
		if (x || y)
			return false;
	}
	return !a && !b;
}

static bool strlist_eq(const struct strlist_entry *x,
		       const struct strlist_entry *y)
{
	for (; x && y; x = x->next, y = y->next)
		if (x->permit != y->permit || !str_eq(x->value, y->value))
			return false;
	return !x && !y;
}

static bool clists_eq(const struct clist *a, const struct clist *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!str_eq(a->name, b->name) || a->expanded != b->expanded ||
		    a->large != b->large || !strlist_eq(a->entries, b->entries))
			return false;
	return !a && !b;
}

static bool aslists_eq(const struct aslist *a, const struct aslist *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!str_eq(a->name, b->name) ||
		    !strlist_eq(a->entries, b->entries))
			return false;
	return !a && !b;
}

static bool clauses_eq(const struct rmap_clause *x, const struct rmap_clause *y)
{
	for (; x && y; x = x->next, y = y->next)
		if (x->kind != y->kind || !str_eq(x->text, y->text) ||
		    !str_eq(x->arg, y->arg))
			return false;
	return !x && !y;
}

static bool rmaps_eq(const struct rmap *a, const struct rmap *b)
{
	for (; a && b; a = a->next, b = b->next) {
		const struct rmap_entry *x = a->entries, *y = b->entries;

		if (!str_eq(a->name, b->name))
			return false;
		for (; x && y; x = x->next, y = y->next)
			if (x->seq != y->seq || x->permit != y->permit ||
			    !clauses_eq(x->matches, y->matches) ||
			    !clauses_eq(x->sets, y->sets) ||
			    !str_eq(x->call, y->call) ||
			    x->on_match != y->on_match ||
			    x->on_match_goto != y->on_match_goto ||
			    !str_eq(x->description, y->description))
				return false;
		if (x || y)
			return false;
	}
	return !a && !b;
}

static bool top_eq(const struct config *a, const struct config *b)
{
	return str_eq(a->hostname, b->hostname) &&
	       str_eq(a->password, b->password) &&
	       str_eq(a->enable_password, b->enable_password) &&
	       str_eq(a->banner_motd, b->banner_motd) &&
	       str_eq(a->log_file, b->log_file) &&
	       (!a->log_file || a->log_file_level == b->log_file_level) &&
	       a->log_stdout_level == b->log_stdout_level &&
	       a->log_syslog_level == b->log_syslog_level &&
	       a->log_record_priority == b->log_record_priority &&
	       a->log_timestamp_precision == b->log_timestamp_precision &&
	       a->debug == b->debug && a->exec_timeout == b->exec_timeout &&
	       a->vty_max_sessions == b->vty_max_sessions &&
	       str_eq(a->vty_access_class, b->vty_access_class) &&
	       str_eq(a->vty_ipv6_access_class, b->vty_ipv6_access_class) &&
	       a->nht_resolve_via_default == b->nht_resolve_via_default &&
	       a->kernel_table == b->kernel_table;
}

bool config_equal(const struct config *a, const struct config *b)
{
	if (!a || !b)
		return a == b;
	return top_eq(a, b) && bgp_eq(a->bgp, b->bgp) &&
	       acls_eq(a->acls, b->acls) && plists_eq(a->plists, b->plists) &&
	       clists_eq(a->clists, b->clists) &&
	       aslists_eq(a->aslists, b->aslists) &&
	       rmaps_eq(a->rmaps, b->rmaps);
}
