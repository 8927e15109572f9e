/*
 * json_route.c: the `... json` forms of the route listings (the tables,
 * `neighbors X routes|advertised-routes|received-routes`, the detail of a
 * prefix), one JSON document (RFC 8259) each, with FRR 8.4's field names
 * (`show bgp ipv4 unicast json`: vrfName, tableVersion, routerId,
 * defaultLocPrf, localAS, routes {PREFIX: [ {valid, bestpath, pathFrom,
 * prefix, prefixLen, network, metric, locPrf, weight, peerId, path,
 * origin, nexthops [ {ip, afi, scope, used} ]} ]}, totalRoutes,
 * totalPaths; `advertised-routes json`: bgpTableVersion,
 * bgpLocalRouterId, advertisedRoutes {PREFIX: {addrPrefix, prefixLen,
 * network, nextHop, metric, locPrf, weight, path, origin}},
 * totalPrefixCounter).  Values are those of the text forms; what FRR has
 * and okapi does not (versions, hostnames, selection reasons) is left
 * out.  Documents are written in chunks like the text, so the caller
 * opens them, adds entries and closes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../daemon/config.h"
#include "attr.h"
#include "bgp.h"
#include "rde.h"
#include "rib.h"
#include "show_route.h"
#include "vty_int.h"

static void rid_out(struct vty_out *out, const char *key, uint32_t rid)
{
	vty_out_printf(out, "\"%s\":\"%u.%u.%u.%u\"", key, rid >> 24,
		       (rid >> 16) & 0xff, (rid >> 8) & 0xff, rid & 0xff);
}

static uint32_t default_lp(void)
{
	const struct bgp_conf *bc = vty_bgp_conf();

	return bc ? bc->default_local_pref : CONF_DEF_LOCAL_PREF;
}

static const char *origin_str(uint8_t o)
{
	return o == ORIGIN_IGP ? "IGP" : o == ORIGIN_EGP ? "EGP"
							 : "incomplete";
}

static void aspath_out(struct vty_out *out, const struct attr *a)
{
	char small[256], *path = small;
	size_t need = aspath_print(a->aspath, small, sizeof(small));

	if (need >= sizeof(small)) {
		path = malloc(need + 1);
		if (path)
			aspath_print(a->aspath, path, need + 1);
		else
			path = small;
	}
	vty_json_str(out, path);
	if (path != small)
		free(path);
}

/* "prefix":"10.0.0.0","prefixLen":24,"network":"10.0.0.0/24" (the key
 * of the address is FRR's: "prefix" in tables, "addrPrefix" in the
 * Adj-RIB listings). */
static void pfx_fields(struct vty_out *out, const struct prefix *pfx,
		       const char *addr_key)
{
	char buf[PREFIX_STRLEN], *slash;

	prefix_fmt(pfx, buf, sizeof(buf));
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	vty_out_printf(out, "\"%s\":\"%s\",\"prefixLen\":%u,", addr_key, buf,
		       pfx->len);
	if (slash)
		*slash = '/';
	vty_out_printf(out, "\"network\":\"%s\"", buf);
}

/* ---- the tables -------------------------------------------------------- */

void vty_json_table_begin(struct vty_out *out, enum bgp_af af)
{
	struct rde *r = vty_bgp_current() ? bgp_rde(vty_bgp_current()) : NULL;
	const struct bgp_conf *bc = vty_bgp_conf();

	(void)af;
	vty_out_puts(out, "{\"vrfId\":0,\"vrfName\":\"default\","
			  "\"tableVersion\":0,");
	rid_out(out, "routerId", r ? rde_router_id(r) : 0);
	vty_out_printf(out, ",\"defaultLocPrf\":%u,\"localAS\":%u,"
			    "\"routes\":{",
		       default_lp(), bc ? bc->asn : 0);
}

static void nexthops_out(struct vty_out *out, const struct rib *rib,
			 enum bgp_af af, const struct rib_path *p)
{
	const struct rib_nh *nh = rib_path_nh(rib, p);
	const uint8_t *ll = attr_nh_ll(p->attr);
	char buf[IPADDR_STRLEN];

	if (nh)
		ipaddr_fmt(&nh->addr, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s",
			 af == BGP_AF_IPV4 ? "0.0.0.0" : "::");
	vty_out_printf(out, "\"nexthops\":[{\"ip\":\"%s\",\"afi\":\"%s\"",
		       buf, af == BGP_AF_IPV4 ? "ipv4" : "ipv6");
	if (af == BGP_AF_IPV6)
		vty_out_puts(out, ",\"scope\":\"global\"");
	vty_out_puts(out, ",\"used\":true}");
	if (ll) {
		struct ipaddr l;

		memset(&l, 0, sizeof(l));
		l.af = AF_INET6;
		memcpy(l.a, ll, 16);
		vty_out_printf(out, ",{\"ip\":\"%s\",\"afi\":\"ipv6\","
				    "\"scope\":\"link-local\"}",
			       ipaddr_fmt(&l, buf, sizeof(buf)));
	}
	vty_out_puts(out, "]");
}

void vty_json_route_path(struct vty_out *out, const struct rib *rib,
			 enum bgp_af af, const struct prefix *pfx,
			 const struct rib_path *p, bool first, bool first_pfx)
{
	const struct rib_src *s = rib_src_get(rib, p->src);
	const struct attr *a = p->attr;
	bool local = !s || s->d.type == DECIDE_SRC_LOCAL;
	char buf[PREFIX_STRLEN];

	if (first) {
		prefix_fmt(pfx, buf, sizeof(buf));
		vty_out_printf(out, "%s\"%s\":[", first_pfx ? "" : "]," , buf);
	} else {
		vty_out_puts(out, ",");
	}
	vty_out_printf(out, "{\"valid\":%s,",
		       rib_path_valid(rib, p) ? "true" : "false");
	if (p->flags & RIB_PF_BEST)
		vty_out_puts(out, "\"bestpath\":true,");
	if (p->flags & RIB_PF_MPATH)
		vty_out_puts(out, "\"multipath\":true,");
	if ((p->flags & RIB_PF_BEST) && vty_route_failed(pfx))
		vty_out_puts(out, "\"ribFailure\":true,");
	if (p->flags & RIB_PF_STALE)
		vty_out_puts(out, "\"stale\":true,");
	vty_out_printf(out, "\"pathFrom\":\"%s\",",
		       s && s->d.type == DECIDE_SRC_IBGP ? "internal"
							 : "external");
	pfx_fields(out, pfx, "prefix");
	if (a->has_med)
		vty_out_printf(out, ",\"metric\":%u", a->med);
	if (a->has_local_pref)
		vty_out_printf(out, ",\"locPrf\":%u", a->local_pref);
	vty_out_printf(out, ",\"weight\":%u,\"peerId\":", p->weight);
	if (local) {
		vty_json_str(out, "(unspec)");
	} else {
		char ab[IPADDR_STRLEN];

		vty_json_str(out, ipaddr_fmt(&s->d.addr, ab, sizeof(ab)));
	}
	vty_out_puts(out, ",\"path\":");
	aspath_out(out, a);
	vty_out_printf(out, ",\"origin\":\"%s\",", origin_str(a->origin));
	nexthops_out(out, rib, af, p);
	vty_out_puts(out, "}\n");
}

void vty_json_table_end(struct vty_out *out, unsigned long prefixes,
			unsigned long paths)
{
	vty_out_printf(out, "%s},\"totalRoutes\":%lu,\"totalPaths\":%lu}\n",
		       prefixes ? "]" : "", prefixes, paths);
}

/* ---- Adj-RIB-In / Adj-RIB-Out ----------------------------------------- */

void vty_json_adj_begin(struct vty_out *out, uint32_t rid, const char *key)
{
	const struct bgp_conf *bc = vty_bgp_conf();

	vty_out_puts(out, "{\"bgpTableVersion\":0,");
	rid_out(out, "bgpLocalRouterId", rid);
	vty_out_printf(out, ",\"defaultLocPrf\":%u,\"localAS\":%u,\"%s\":{",
		       default_lp(), bc ? bc->asn : 0, key);
}

void vty_json_adj_route(struct vty_out *out, const struct prefix *pfx,
			const struct attr *a, bool first)
{
	char buf[PREFIX_STRLEN];
	struct ipaddr nh;

	prefix_fmt(pfx, buf, sizeof(buf));
	vty_out_printf(out, "%s\"%s\":{", first ? "" : ",", buf);
	pfx_fields(out, pfx, "addrPrefix");
	memset(&nh, 0, sizeof(nh));
	nh.af = pfx->af;
	if (a->nh_af == pfx->af)
		memcpy(nh.a, a->nh, af_bytes(pfx->af));
	vty_out_printf(out, ",\"nextHop\":\"%s\"",
		       ipaddr_fmt(&nh, buf, sizeof(buf)));
	if (a->has_med)
		vty_out_printf(out, ",\"metric\":%u", a->med);
	if (a->has_local_pref)
		vty_out_printf(out, ",\"locPrf\":%u", a->local_pref);
	vty_out_puts(out, ",\"weight\":0,\"path\":");
	aspath_out(out, a);
	vty_out_printf(out, ",\"origin\":\"%s\",\"valid\":true,"
			    "\"best\":true}\n",
		       origin_str(a->origin));
}

void vty_json_adj_end(struct vty_out *out, unsigned long n)
{
	vty_out_printf(out, "},\"totalPrefixCounter\":%lu}\n", n);
}

/* ---- the detail of a prefix -------------------------------------------- */

/* ,"KEY":{"string":TEXT} as FRR writes community lists. */
static void comm_out(struct vty_out *out, const char *key,
		     vty_list_print_fn print, const void *c)
{
	char small[256], *buf = vty_list_text(print, c, small, sizeof(small));

	if (!buf)
		return;
	vty_out_printf(out, ",\"%s\":{\"string\":", key);
	vty_json_str(out, buf);
	vty_out_puts(out, "}");
	if (buf != small)
		free(buf);
}

/* The detail's Community .. Cluster list lines, with FRR's names:
 * community, extendedCommunity, largeCommunity {string}, originatorId,
 * clusterList {list: [ids]}. */
static void detail_attrs_out(struct vty_out *out, const struct attr *a)
{
	unsigned i, nc = attr_cluster_len(a);
	uint32_t id = 0;

	if (a->comm)
		comm_out(out, "community", vty_comm_print, a->comm);
	if (a->ecomm)
		comm_out(out, "extendedCommunity", vty_ecomm_print, a->ecomm);
	if (a->lcomm)
		comm_out(out, "largeCommunity", vty_lcomm_print, a->lcomm);
	if (attr_originator_id(a, &id)) {
		vty_out_puts(out, ",");
		rid_out(out, "originatorId", id);
	}
	if (!nc)
		return;
	vty_out_puts(out, ",\"clusterList\":{\"list\":[");
	for (i = 0; i < nc; i++) {
		id = attr_cluster_id(a, i);
		vty_out_printf(out, "%s\"%u.%u.%u.%u\"", i ? "," : "", id >> 24,
			       (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
	}
	vty_out_puts(out, "]}");
}

void vty_json_detail_path(struct vty_out *out, const struct rib *rib,
			  enum bgp_af af, const struct prefix *pfx,
			  const struct rib_path *p, bool first)
{
	const struct rib_src *s = rib_src_get(rib, p->src);
	const struct attr *a = p->attr;
	bool local = !s || s->d.type == DECIDE_SRC_LOCAL;
	uint32_t id = s ? s->d.router_id : 0;
	char ab[IPADDR_STRLEN];
	struct timespec mono;
	time_t t;

	vty_out_printf(out, "%s{\"aspath\":{\"string\":", first ? "" : ",");
	if (local)
		vty_json_str(out, "Local");
	else
		aspath_out(out, a);
	vty_out_printf(out, ",\"length\":%u},\"origin\":\"%s\"",
		       aspath_hops(a->aspath), origin_str(a->origin));
	if (a->has_med)
		vty_out_printf(out, ",\"metric\":%u", a->med);
	vty_out_printf(out, ",\"locPrf\":%u",
		       a->has_local_pref ? a->local_pref : default_lp());
	if (p->weight)
		vty_out_printf(out, ",\"weight\":%u", p->weight);
	vty_out_printf(out, ",\"valid\":%s",
		       rib_path_valid(rib, p) ? "true" : "false");
	if (local)
		vty_out_puts(out, ",\"sourced\":true,\"local\":true");
	if (a->atomic_aggregate)
		vty_out_puts(out, ",\"atomicAggregate\":true");
	if (p->flags & RIB_PF_MPATH)
		vty_out_puts(out, ",\"multipath\":true");
	if (p->flags & RIB_PF_BEST)
		vty_out_puts(out, ",\"bestpath\":{\"overall\":true}");
	if ((p->flags & RIB_PF_BEST) && vty_route_failed(pfx))
		vty_out_puts(out, ",\"ribFailure\":true");
	detail_attrs_out(out, a);
	if (s && (s->rr_client & (1u << af)))
		vty_out_puts(out, ",\"rxedFromRrClient\":true");
	clock_gettime(CLOCK_MONOTONIC, &mono);
	t = time(NULL) - ((time_t)mono.tv_sec - (time_t)p->time);
	vty_out_printf(out, ",\"lastUpdate\":{\"epoch\":%lld},",
		       (long long)t);
	nexthops_out(out, rib, af, p);
	attr_originator_id(a, &id);
	if (local)
		snprintf(ab, sizeof(ab), "%s",
			 af == BGP_AF_IPV4 ? "0.0.0.0" : "::");
	else
		ipaddr_fmt(&s->d.addr, ab, sizeof(ab));
	vty_out_printf(out, ",\"peer\":{\"peerId\":\"%s\",", ab);
	rid_out(out, "routerId", id);
	vty_out_printf(out, ",\"type\":\"%s\"}}\n",
		       local ? "local"
		       : s->d.type == DECIDE_SRC_IBGP ? "internal"
						      : "external");
}
