/*
 * json_bgp.c: the `... json` forms of `show bgp summary` and `show bgp
 * neighbors`, one JSON document each, with FRR's field names where FRR
 * has them (ipv4Unicast/ipv6Unicast, routerId, as, peers{ADDR{remoteAs,
 * msgRcvd, pfxRcd, state, ...}}, messageStats{...}), for scripts.
 *
 * Limitations: fewer fields than FRR (no vrf, no table versions beyond 0,
 * no per-AF neighbor detail); values are the same as the text forms.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../daemon/config.h"
#include "bgp.h"
#include "peer.h"
#include "vty_int.h"

/* A JSON string (RFC 8259 section 7): quotes, backslash, controls. */
static void jstr(struct vty_out *out, const char *s)
{
	vty_out_puts(out, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			vty_out_printf(out, "\\%c", c);
		else if (c < 0x20)
			vty_out_printf(out, "\\u%04x", c);
		else
			vty_out_printf(out, "%c", c);
	}
	vty_out_puts(out, "\"");
}

void vty_json_str(struct vty_out *out, const char *s)
{
	jstr(out, s);
}

void vty_json_error(struct vty_out *out, bool json, const char *msg)
{
	if (!json) {
		vty_out_printf(out, "%s\n", msg);
		return;
	}
	vty_out_puts(out, "{\"warning\":");
	jstr(out, msg);
	vty_out_puts(out, "}\n");
}

static const char *rid_str(uint32_t host_order, char *buf)
{
	struct in_addr a = { htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static const char *af_key(enum bgp_af af)
{
	return af == BGP_AF_IPV4 ? "ipv4Unicast" : "ipv6Unicast";
}

static void json_peer_sum(struct vty_out *out, const struct peer_info *pi,
			  enum bgp_af af)
{
	char up[16];

	jstr(out, pi->host);
	vty_out_printf(out, ":{\"remoteAs\":%u,\"localAs\":%u,\"version\":4,"
			    "\"msgRcvd\":%u,\"msgSent\":%u,\"tableVersion\":0,"
			    "\"outq\":%u,\"inq\":0,\"peerUptime\":",
		       pi->remote_as, pi->local_as,
		       vty_msgs_total(pi->stats.rcvd),
		       vty_msgs_total(pi->stats.sent), pi->outq_depth);
	jstr(out, pi->has_updown ? peer_uptime_fmt(pi->updown_age, false, up,
						   sizeof(up))
				 : "never");
	vty_out_printf(out, ",\"peerUptimeMsec\":%llu,\"pfxRcd\":%u,"
			    "\"state\":",
		       pi->has_updown ? (unsigned long long)pi->updown_age *
						1000ULL
				      : 0ULL,
		       pi->state == SESSION_ESTABLISHED ? vty_pfx_rcvd(pi, af)
							: 0);
	jstr(out, pi->admin_down ? "Idle (Admin)"
				 : session_state_str(pi->state));
	vty_out_printf(out, ",\"connectionsEstablished\":%u,"
			    "\"connectionsDropped\":%u,\"idType\":\"%s\"}",
		       pi->stats.established, pi->stats.dropped,
		       pi->addr.af == AF_INET ? "ipv4" : "ipv6");
}

static void json_af_sum(struct vty_out *out, const struct vty_peers *ps,
			enum bgp_af af)
{
	const struct bgp_conf *bc = vty_bgp_conf();
	unsigned total = 0, est = 0;
	char rid[INET_ADDRSTRLEN];
	bool first = true;
	size_t i;

	vty_out_printf(out, "\"%s\":{\"routerId\":\"%s\",\"as\":%u,"
			    "\"tableVersion\":0,\"ribCount\":%lu,"
			    "\"peerCount\":%zu,\"peers\":{",
		       af_key(af), rid_str(bgp_router_id(vty_bgp_current()),
					  rid),
		       bc ? bc->asn : 0, vty_rib_entries(af), ps->n);
	for (i = 0; i < ps->n; i++) {
		if (!ps->v[i].af_active[af])
			continue;
		vty_out_puts(out, first ? "" : ",");
		json_peer_sum(out, &ps->v[i], af);
		first = false;
		total++;
		est += ps->v[i].state == SESSION_ESTABLISHED;
	}
	vty_out_printf(out, "},\"failedPeers\":%u,\"totalPeers\":%u,"
			    "\"dynamicPeers\":0}", total - est, total);
}

int vty_json_summary(struct vty_out *out, unsigned afs)
{
	struct vty_peers ps;
	bool first = true;
	int af;

	if (!vty_bgp_current() || !vty_bgp_conf()) {
		vty_out_puts(out, "{}\n");
		return VTY_DONE;
	}
	if (vty_peers_get(&ps) < 0) {
		vty_out_puts(out, "{}\n");
		return VTY_FAIL;
	}
	vty_out_puts(out, "{");
	for (af = 0; af < BGP_AF_MAX; af++) {
		if (!(afs & (1u << af)))
			continue;
		vty_out_puts(out, first ? "" : ",");
		json_af_sum(out, &ps, (enum bgp_af)af);
		first = false;
	}
	vty_out_puts(out, "}\n");
	free(ps.v);
	return VTY_DONE;
}

static void json_stats(struct vty_out *out, const struct peer_info *pi)
{
	static const char *const names[] = { NULL, "opens", "updates",
					     "notifications", "keepalives",
					     "routeRefresh", "capability" };
	const struct session_stats *st = &pi->stats;
	int t;

	vty_out_printf(out, "\"messageStats\":{\"depthInq\":0,"
			    "\"depthOutq\":%u", pi->outq_depth);
	for (t = 1; t < SESSION_MSG_MAX; t++)
		vty_out_printf(out, ",\"%sSent\":%u,\"%sRecv\":%u", names[t],
			       st->sent[t], names[t], st->rcvd[t]);
	vty_out_printf(out, ",\"totalSent\":%u,\"totalRecv\":%u}",
		       vty_msgs_total(st->sent), vty_msgs_total(st->rcvd));
}

/* FRR's nexthop, nexthopGlobal, nexthopLocal, bgpConnection. */
static void json_nexthops(struct vty_out *out, const struct peer_info *pi)
{
	char a[IPADDR_STRLEN];
	struct vty_nbr_nh nh;
	struct ipaddr x;

	vty_nbr_nexthops(pi, &nh);
	if (!nh.valid)
		return;
	vty_out_printf(out, ",\"nexthop\":\"%s\"", rid_str(nh.v4, a));
	memset(&x, 0, sizeof(x));
	x.af = AF_INET6;
	memcpy(x.a, nh.global, 16);
	vty_out_printf(out, ",\"nexthopGlobal\":\"%s\"",
		       ipaddr_fmt(&x, a, sizeof(a)));
	memcpy(x.a, nh.local, 16);
	vty_out_printf(out, ",\"nexthopLocal\":\"%s\",\"bgpConnection\":"
			    "\"%s\"",
		       ipaddr_fmt(&x, a, sizeof(a)),
		       nh.shared ? "sharedNetwork" : "nonSharedNetwork");
}

static void json_nbr(struct vty_out *out, const struct peer_info *pi)
{
	char rid[INET_ADDRSTRLEN], a[IPADDR_STRLEN];

	jstr(out, pi->host);
	vty_out_printf(out, ":{\"remoteAs\":%u,\"localAs\":%u,"
			    "\"nbrInternalLink\":%s,\"nbrExternalLink\":%s,",
		       pi->remote_as, pi->local_as,
		       pi->ibgp ? "true" : "false",
		       pi->ibgp ? "false" : "true");
	if (pi->description) {
		vty_out_puts(out, "\"nbrDesc\":");
		jstr(out, pi->description);
		vty_out_puts(out, ",");
	}
	vty_out_printf(out, "\"bgpVersion\":4,\"remoteRouterId\":\"%s\","
			    "\"bgpState\":",
		       rid_str(pi->remote_id, rid));
	jstr(out, session_state_str(pi->state));
	vty_out_printf(out, ",\"adminShutDown\":%s,\"bgpTimerUpMsec\":%llu,"
			    "\"bgpTimerLastRead\":%llu,"
			    "\"bgpTimerHoldTimeMsecs\":%u,"
			    "\"bgpTimerKeepAliveIntervalMsecs\":%u,",
		       pi->admin_down ? "true" : "false",
		       pi->state == SESSION_ESTABLISHED
			       ? (unsigned long long)pi->updown_age * 1000ULL
			       : 0ULL,
		       (unsigned long long)pi->last_read_age * 1000ULL,
		       pi->hold * 1000u, pi->keepalive * 1000u);
	json_stats(out, pi);
	vty_out_printf(out, ",\"connectionsEstablished\":%u,"
			    "\"connectionsDropped\":%u,\"lastResetDueTo\":",
		       pi->stats.established, pi->stats.dropped);
	jstr(out, pi->has_reset ? session_reset_str(pi->last_reset) : "never");
	if (pi->has_conn) {
		vty_out_printf(out, ",\"hostLocal\":\"%s\",\"portLocal\":%u",
			       ipaddr_fmt(&pi->local_addr, a, sizeof(a)),
			       pi->local_port);
		vty_out_printf(out, ",\"hostForeign\":\"%s\","
				    "\"portForeign\":%u",
			       ipaddr_fmt(&pi->remote_addr, a, sizeof(a)),
			       pi->remote_port);
		json_nexthops(out, pi);
	}
	vty_out_puts(out, "}");
}

int vty_json_neighbors(struct vty_out *out, const char *addr)
{
	struct vty_peers ps;
	struct ipaddr want;
	bool first = true;
	size_t i;

	if (addr && ipaddr_parse(addr, &want) < 0) {
		vty_out_puts(out, "{\"warning\":\"Malformed address\"}\n");
		return VTY_FAIL;
	}
	if (!vty_bgp_current() || !vty_bgp_conf() || vty_peers_get(&ps) < 0) {
		vty_out_puts(out, "{}\n");
		return VTY_DONE;
	}
	vty_out_puts(out, "{");
	for (i = 0; i < ps.n; i++) {
		if (addr && ipaddr_cmp(&ps.v[i].addr, &want) != 0)
			continue;
		vty_out_puts(out, first ? "" : ",");
		json_nbr(out, &ps.v[i]);
		first = false;
	}
	free(ps.v);
	if (addr && first) {
		vty_out_puts(out, "\"bgpNoSuchNeighbor\":true}\n");
		return VTY_FAIL;
	}
	vty_out_puts(out, "}\n");
	return VTY_DONE;
}
