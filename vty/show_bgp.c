/*
 * show_bgp.c: `show bgp summary` and `show bgp neighbors` in Quagga 1.2's
 * layout (quagga-vty.md sections 2 and 3), from the read-only peer query
 * API (peer_info_get) of the instance given to vty_bgp_attach.  Runs on
 * the loop thread like every routing command.
 *
 * What the RIB knows (table entries, prefixes accepted from a peer) comes
 * through struct vty_rib_hooks; until the RIB registers them the counts
 * are 0.  Memory figures use Quagga's x86_64 object sizes (112 bytes per
 * table node, 9088 per peer) so that the text matches Quagga's; `show bgp
 * memory` will give ours.
 *
 * The Nexthop / Nexthop global / Nexthop local / "BGP connection" lines
 * are the advertisement module's next hops for the session
 * (adv_desc_nexthops: the local address and its interface).
 *
 * Limitations: no peer-group, ORF, confederation or route-server lines,
 * no "Estimated round trip time" (FRR's).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../daemon/config.h"
#include "adv.h"
#include "bgp.h"
#include "log.h"
#include "peer.h"
#include "vty_int.h"

#define QUAGGA_NODE_SIZE 112
#define QUAGGA_PEER_SIZE 9088
#define SHOW_STR "Show running system information"
#define BGP_STR "BGP information"
#define IP_STR "IP information"
#define IPV6_STR "IPv6 information"
#define SUM_STR "Summary of BGP neighbor status"
#define NBR_STR "Detailed information on TCP and BGP neighbor connections"
#define JSON_STR "JavaScript Object Notation"

static struct bgp *cur_bgp;
static struct vty_rib_hooks rib;

void vty_bgp_attach(struct bgp *b)
{
	cur_bgp = b;
}

struct bgp *vty_bgp_current(void)
{
	return cur_bgp;
}

void vty_bgp_set_rib_hooks(const struct vty_rib_hooks *h)
{
	memset(&rib, 0, sizeof(rib));
	if (h)
		rib = *h;
}

/* ---- helpers ------------------------------------------------------ */

/* Quagga's mtype_memstr(). */
const char *vty_memstr(unsigned long bytes, char *buf, size_t len)
{
	if (bytes > 0x7fffffffUL)
		snprintf(buf, len, "> 2GB");
	else if (bytes >> 20 > 10)
		snprintf(buf, len, "%lu MiB",
			 (bytes >> 20) + ((bytes >> 19) & 1));
	else if (bytes >> 10 > 10)
		snprintf(buf, len, "%lu KiB",
			 (bytes >> 10) + ((bytes >> 9) & 1));
	else
		snprintf(buf, len, "%lu byte%s", bytes, bytes == 1 ? "" : "s");
	return buf;
}

static const char *v4str(uint32_t host_order, char *buf)
{
	struct in_addr a = { htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static int info_cmp(const void *a, const void *b)
{
	const struct peer_info *x = a, *y = b;

	return ipaddr_cmp(&x->addr, &y->addr);
}

/* Every peer of the instance, sorted by address (IPv4 first). */
int vty_peers_get(struct vty_peers *ps)
{
	struct peer *p;
	size_t i = 0;

	ps->n = 0;
	ps->v = NULL;
	for (p = bgp_peer_first(cur_bgp); p; p = bgp_peer_next(p))
		ps->n++;
	if (ps->n == 0)
		return 0;
	ps->v = calloc(ps->n, sizeof(*ps->v));
	if (!ps->v)
		return -1;
	for (p = bgp_peer_first(cur_bgp); p && i < ps->n; p = bgp_peer_next(p))
		peer_info_get(p, &ps->v[i++]);
	qsort(ps->v, ps->n, sizeof(*ps->v), info_cmp);
	return 0;
}

unsigned long vty_rib_entries(enum bgp_af af)
{
	return rib.entries ? rib.entries(af) : 0;
}

uint32_t vty_msgs_total(const uint32_t *c)
{
	uint32_t t = 0;
	int i;

	for (i = 0; i < SESSION_MSG_MAX; i++)
		t += c[i];
	return t;
}

uint32_t vty_pfx_rcvd(const struct peer_info *pi, enum bgp_af af)
{
	if (!rib.pfx_rcvd || !cur_bgp)
		return 0;
	return rib.pfx_rcvd(bgp_peer_find(cur_bgp, &pi->addr), af);
}

const struct bgp_conf *vty_bgp_conf(void)
{
	const struct config *c = cur_bgp ? bgp_config(cur_bgp) : NULL;

	return c ? c->bgp : NULL;
}

/* ---- summary (quagga-vty.md 2.2) ------------------------------------ */

static void summary_row(struct vty_out *out, const struct peer_info *pi,
			enum bgp_af af)
{
	char up[16];

	if (strlen(pi->host) < 16)
		vty_out_printf(out, "%-16s", pi->host);
	else
		vty_out_printf(out, "%s\n%16s", pi->host, "");
	vty_out_printf(out, "4 %5u %7u %7u %8u %4u %4u %8s", pi->remote_as,
		       vty_msgs_total(pi->stats.rcvd),
		       vty_msgs_total(pi->stats.sent),
		       0u, 0u, pi->outq_depth,
		       peer_uptime_fmt(pi->updown_age, !pi->has_updown, up,
				       sizeof(up)));
	if (pi->state == SESSION_ESTABLISHED)
		vty_out_printf(out, " %8u\n", vty_pfx_rcvd(pi, af));
	else if (pi->admin_down)
		vty_out_puts(out, " Idle (Admin)\n");
	else
		vty_out_printf(out, " %-11s\n", session_state_str(pi->state));
}

static void summary_block(struct vty_out *out, const struct vty_peers *ps,
			  enum bgp_af af)
{
	const struct bgp_conf *bc = vty_bgp_conf();
	unsigned rows = 0, est = 0;
	unsigned long entries = rib.entries ? rib.entries(af) : 0, routes = 0;
	char rid[INET_ADDRSTRLEN], m1[32], m2[32];
	size_t i;

	for (i = 0; i < ps->n; i++)
		rows += ps->v[i].af_active[af];
	if (rows == 0) {
		vty_out_printf(out, "No %s neighbor is configured\n",
			       af == BGP_AF_IPV4 ? "IPv4" : "IPv6");
		return;
	}
	vty_out_printf(out,
		       "BGP router identifier %s, local AS number %u\n"
		       "RIB entries %lu, using %s of memory\n"
		       "Peers %zu, using %s of memory\n\n",
		       v4str(bgp_router_id(cur_bgp), rid), bc ? bc->asn : 0,
		       entries, vty_memstr(entries * QUAGGA_NODE_SIZE, m1,
				       sizeof(m1)),
		       ps->n, vty_memstr(ps->n * QUAGGA_PEER_SIZE, m2, sizeof(m2)));
	vty_out_puts(out, "Neighbor        V         AS MsgRcvd MsgSent   "
			  "TblVer  InQ OutQ Up/Down  State/PfxRcd\n");
	for (i = 0; i < ps->n; i++) {
		if (!ps->v[i].af_active[af])
			continue;
		summary_row(out, &ps->v[i], af);
		if (ps->v[i].state == SESSION_ESTABLISHED) {
			est++;
			routes += vty_pfx_rcvd(&ps->v[i], af);
		}
	}
	vty_out_printf(out, "\nTotal number of neighbors %u\n", rows);
	vty_out_printf(out, "\nTotal num. Established sessions %u\n", est);
	vty_out_printf(out, "Total num. of routes received     %lu\n", routes);
}

/* One titled section of `show bgp summary`; only unicast exists here. */
static void summary_section(struct vty_out *out, const struct vty_peers *ps,
			    bool v6, const char *safi)
{
	char title[64];
	size_t n;

	n = (size_t)snprintf(title, sizeof(title), "IPv%c %s Summary:",
			     v6 ? '6' : '4', safi);
	vty_out_printf(out, "\n%s\n", title);
	while (n--)
		vty_out_puts(out, "-");
	vty_out_puts(out, "\n");
	if (strcmp(safi, "Unicast") == 0)
		summary_block(out, ps, v6 ? BGP_AF_IPV6 : BGP_AF_IPV4);
	else
		vty_out_printf(out, "No IPv%c neighbor is configured\n",
			       v6 ? '6' : '4');
}

enum sum_kind { SUM_ALL, SUM_V4_ALL, SUM_V4, SUM_V6 };

static int summary(struct vty_out *out, enum sum_kind k)
{
	static const char *const safis[] = { "Unicast", "Multicast", "VPN",
					     "Encap" };
	struct vty_peers ps;
	size_t i;

	/* No "router bgp": Quagga prints nothing at all. */
	if (!cur_bgp || !vty_bgp_conf())
		return VTY_DONE;
	if (vty_peers_get(&ps) < 0) {
		vty_out_puts(out, "% Out of memory.\n");
		return VTY_FAIL;
	}
	if (k == SUM_V4 || k == SUM_V6) {
		summary_block(out, &ps, k == SUM_V4 ? BGP_AF_IPV4 : BGP_AF_IPV6);
	} else {
		for (i = 0; i < 4; i++)
			summary_section(out, &ps, false, safis[i]);
		for (i = 0; k == SUM_ALL && i < 4; i++)
			summary_section(out, &ps, true, safis[i]);
	}
	free(ps.v);
	return VTY_DONE;
}

/* The optional trailing `json` keyword (possibly abbreviated). */
static bool want_json(int argc, char **argv)
{
	return argc > 0 && (argv[argc - 1][0] == 'j' ||
			    argv[argc - 1][0] == 'J');
}

#define AFS_V4 (1u << BGP_AF_IPV4)
#define AFS_V6 (1u << BGP_AF_IPV6)

static int show_sum_all(struct vty_out *out, int argc, char **argv)
{
	if (want_json(argc, argv))
		return vty_json_summary(out, AFS_V4 | AFS_V6);
	return summary(out, SUM_ALL);
}

static int show_sum_v4all(struct vty_out *out, int argc, char **argv)
{
	if (want_json(argc, argv))
		return vty_json_summary(out, AFS_V4);
	return summary(out, SUM_V4_ALL);
}

static int show_sum_v4(struct vty_out *out, int argc, char **argv)
{
	if (want_json(argc, argv))
		return vty_json_summary(out, AFS_V4);
	return summary(out, SUM_V4);
}

static int show_sum_v6(struct vty_out *out, int argc, char **argv)
{
	if (want_json(argc, argv))
		return vty_json_summary(out, AFS_V6);
	return summary(out, SUM_V6);
}

/* ---- neighbors (quagga-vty.md 3) ------------------------------------ */

static void adv_rcvd(struct vty_out *out, bool adv, bool rcvd)
{
	vty_out_printf(out, "%s%s%s\n", adv ? " advertised" : "",
		       adv && rcvd ? " and" : "", rcvd ? " received" : "");
}

static void nbr_head(struct vty_out *out, const struct peer_info *pi)
{
	char rid[INET_ADDRSTRLEN], up[16];

	vty_out_printf(out, "BGP neighbor is %s, remote AS %u, local AS %u, "
			    "%s link\n", pi->host, pi->remote_as, pi->local_as,
		       pi->ibgp ? "internal" : "external");
	if (pi->description)
		vty_out_printf(out, " Description: %s\n", pi->description);
	if (pi->admin_down)
		vty_out_puts(out, " Administratively shut down\n");
	vty_out_printf(out, "  BGP version 4, remote router ID %s\n",
		       v4str(pi->remote_id, rid));
	vty_out_printf(out, "  BGP state = %s", session_state_str(pi->state));
	if (pi->state == SESSION_ESTABLISHED)
		vty_out_printf(out, ", up for %s",
			       peer_uptime_fmt(pi->updown_age, false, up,
					       sizeof(up)));
	else if (pi->state == SESSION_ACTIVE && pi->passive)
		vty_out_puts(out, " (passive)");
	vty_out_printf(out, "\n  Last read %s, hold time is %u, keepalive "
			    "interval is %u seconds\n",
		       peer_uptime_fmt(pi->last_read_age, false, up,
				       sizeof(up)), pi->hold, pi->keepalive);
	if (pi->conf_hold >= 0 || pi->conf_keepalive >= 0)
		vty_out_printf(out, "  Configured hold time is %d, keepalive "
				    "interval is %d seconds\n",
			       pi->conf_hold, pi->conf_keepalive);
}

static void nbr_caps(struct vty_out *out, const struct peer_info *pi)
{
	const struct bgp_caps *a = &pi->caps_adv, *r = &pi->caps_rcvd;
	bool rv = pi->caps_rcvd_valid, rr_new = rv && r->rr,
	     rr_old = rv && r->rr_old;
	int af;

	if (pi->state != SESSION_ESTABLISHED)
		return;
	vty_out_puts(out, "  Neighbor capabilities:\n");
	if (a->as4 || (rv && r->as4)) {
		vty_out_puts(out, "    4 Byte AS:");
		adv_rcvd(out, a->as4, rv && r->as4);
	}
	if (a->rr || rr_new || rr_old) {
		vty_out_printf(out, "    Route refresh:%s%s%s%s\n",
			       a->rr ? " advertised" : "",
			       a->rr && (rr_new || rr_old) ? " and" : "",
			       rr_new || rr_old ? " received" : "",
			       rr_new && rr_old ? "(old & new)"
			       : rr_old	       ? "(old)"
			       : rr_new	       ? "(new)" : "");
	}
	for (af = 0; af < BGP_AF_MAX; af++) {
		if (!a->mp[af] && !(rv && r->mp[af]))
			continue;
		vty_out_printf(out, "    Address family %s:",
			       bgp_af_name((enum bgp_af)af));
		adv_rcvd(out, a->mp[af], rv && r->mp[af]);
	}
	if (a->gr || (rv && r->gr)) {
		vty_out_puts(out, "    Graceful Restart Capabilty:");
		adv_rcvd(out, a->gr, rv && r->gr);
	}
	if (rv && r->gr) {
		bool any = false;

		vty_out_printf(out, "      Remote Restart timer is %u seconds\n"
				    "      Address families by peer:\n        ",
			       r->gr_time);
		for (af = 0; af < BGP_AF_MAX; af++) {
			if (!r->gr_af[af])
				continue;
			vty_out_printf(out, "%s%s(%spreserved)", any ? ", " : "",
				       bgp_af_name((enum bgp_af)af),
				       r->gr_af_flags[af] & 0x80 ? "" : "not ");
			any = true;
		}
		vty_out_puts(out, any ? "\n" : "none\n");
	}
}

static void eor_line(struct vty_out *out, const char *what, const bool *v)
{
	bool any = false;
	int af;

	vty_out_printf(out, "    End-of-RIB %s: ", what);
	for (af = 0; af < BGP_AF_MAX; af++) {
		if (!v[af])
			continue;
		vty_out_printf(out, "%s%s", any ? ", " : "",
			       bgp_af_name((enum bgp_af)af));
		any = true;
	}
	vty_out_puts(out, "\n");
}

/* Quagga keeps `neighbor X weight` per neighbor ("Default weight N");
 * the parsed config has it per family, the same in each when written
 * under "router bgp". */
static void nbr_weight(struct vty_out *out, const struct peer_info *pi)
{
	const struct bgp_conf *bc = vty_bgp_conf();
	const struct nbr_conf *n = bc ? config_find_nbr(bc, &pi->addr) : NULL;
	int af;

	for (af = 0; n && af < BGP_AF_MAX; af++)
		if (n->af[af].weight_set) {
			vty_out_printf(out, "  Default weight %u\n",
				       n->af[af].weight);
			return;
		}
}

static void nbr_stats(struct vty_out *out, const struct peer_info *pi)
{
	static const struct {
		const char *name;
		int type;
	} rows[] = {
		{ "Opens:        ", 1 }, { "Notifications:", 3 },
		{ "Updates:      ", 2 }, { "Keepalives:   ", 4 },
		{ "Route Refresh:", 5 }, { "Capability:   ", 6 },
	};
	const struct session_stats *st = &pi->stats;
	size_t i;

	if (pi->caps_rcvd_valid && pi->caps_rcvd.gr) {
		vty_out_puts(out, "  Graceful restart informations:\n");
		if (pi->state == SESSION_ESTABLISHED) {
			eor_line(out, "send", pi->eor_sent);
			eor_line(out, "received", pi->eor_rcvd);
		}
	}
	vty_out_printf(out, "  Message statistics:\n    Inq depth is 0\n"
			    "    Outq depth is %u\n"
			    "                         Sent       Rcvd\n",
		       pi->outq_depth);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		vty_out_printf(out, "    %s %10u %10u\n", rows[i].name,
			       st->sent[rows[i].type], st->rcvd[rows[i].type]);
	vty_out_printf(out, "    Total:         %10u %10u\n",
		       vty_msgs_total(st->sent), vty_msgs_total(st->rcvd));
	vty_out_printf(out, "  Minimum time between advertisement runs is "
			    "%u seconds\n", pi->adv_interval);
	if (pi->update_source)
		vty_out_printf(out, "  Update source is %s\n", pi->update_source);
	nbr_weight(out, pi);
}

static const char *comm_str(uint8_t f)
{
	if (f == CONF_COMM_ALL)
		return "all";
	if (f == (CONF_COMM_STD | CONF_COMM_EXT))
		return "both";
	if (f & CONF_COMM_STD)
		return "standard";
	return f & CONF_COMM_EXT ? "extended" : "large";
}

static void af_filters(struct vty_out *out, const struct nbr_af_conf *c,
		       int family)
{
	const struct config *cf = bgp_config(cur_bgp);

	if (c->rmap_in || c->plist_in || c->flist_in)
		vty_out_puts(out, "  Inbound path policy configured\n");
	if (c->rmap_out || c->plist_out || c->flist_out)
		vty_out_puts(out, "  Outbound path policy configured\n");
	if (c->plist_in)
		vty_out_printf(out, "  Incoming update prefix filter list is "
				    "%s%s\n",
			       config_find_plist(cf, c->plist_in, family)
				       ? "*" : "", c->plist_in);
	if (c->plist_out)
		vty_out_printf(out, "  Outgoing update prefix filter list is "
				    "%s%s\n",
			       config_find_plist(cf, c->plist_out, family)
				       ? "*" : "", c->plist_out);
	if (c->flist_in)
		vty_out_printf(out, "  Incoming update AS path filter list is "
				    "%s%s\n",
			       config_find_aslist(cf, c->flist_in) ? "*" : "",
			       c->flist_in);
	if (c->flist_out)
		vty_out_printf(out, "  Outgoing update AS path filter list is "
				    "%s%s\n",
			       config_find_aslist(cf, c->flist_out) ? "*" : "",
			       c->flist_out);
	if (c->rmap_in)
		vty_out_printf(out, "  Route map for incoming advertisements is "
				    "%s%s\n",
			       config_find_rmap(cf, c->rmap_in) ? "*" : "",
			       c->rmap_in);
	if (c->rmap_out)
		vty_out_printf(out, "  Route map for outgoing advertisements is "
				    "%s%s\n",
			       config_find_rmap(cf, c->rmap_out) ? "*" : "",
			       c->rmap_out);
}

static void nbr_af(struct vty_out *out, const struct peer_info *pi,
		   enum bgp_af af)
{
	const struct bgp_conf *bc = vty_bgp_conf();
	const struct nbr_conf *n = bc ? config_find_nbr(bc, &pi->addr) : NULL;
	const struct nbr_af_conf *c = n ? &n->af[af] : NULL;

	vty_out_printf(out, "\n For address family: %s\n", bgp_af_name(af));
	if (c && c->rr_client)
		vty_out_puts(out, "  Route-Reflector Client\n");
	if (c && c->soft_reconfig_in)
		vty_out_puts(out, "  Inbound soft reconfiguration allowed\n");
	if (c && (c->next_hop_self || c->next_hop_self_all))
		vty_out_puts(out, "  NEXT_HOP is always this router\n");
	if (c && c->send_community)
		vty_out_printf(out, "  Community attribute sent to this "
				    "neighbor(%s)\n",
			       comm_str(c->send_community));
	if (c && c->default_originate)
		vty_out_printf(out, "  Default information originate,%s%s%s "
				    "default %ssent\n",
			       c->default_originate_rmap ? " default route-map "
							 : "",
			       c->default_originate_rmap
				       ? c->default_originate_rmap : "",
			       c->default_originate_rmap ? "," : "",
			       pi->state == SESSION_ESTABLISHED ? "" : "not ");
	if (c)
		af_filters(out, c, af == BGP_AF_IPV4 ? AF_INET : AF_INET6);
	vty_out_printf(out, "  %u accepted prefixes\n", vty_pfx_rcvd(pi, af));
	if (c && c->max_prefix) {
		vty_out_printf(out, "  Maximum prefixes allowed %u%s\n",
			       c->max_prefix,
			       c->max_prefix_warning_only ? " (warning-only)"
							  : "");
		vty_out_printf(out, "  Threshold for warning message %u%%",
			       c->max_prefix_threshold);
		if (c->max_prefix_restart)
			vty_out_printf(out, ", restart interval %u min",
				       c->max_prefix_restart);
		vty_out_puts(out, "\n");
	}
}

/*
 * Quagga's "Nexthop:" lines (bgp_show_peer, while a connection exists):
 * the next hops we send this peer, as the advertisement module derives
 * them from the session's local address and the interface holding it
 * (adv_desc_nexthops), and whether the peer shares that interface's
 * subnet or link.
 */
void vty_nbr_nexthops(const struct peer_info *pi, struct vty_nbr_nh *nh)
{
	struct adv_peer_desc d;

	memset(nh, 0, sizeof(*nh));
	if (!pi->has_conn)
		return;
	memset(&d, 0, sizeof(d));
	d.addr = pi->addr;
	adv_desc_nexthops(&d, &pi->local_addr,
			  cur_bgp ? bgp_router_id(cur_bgp) : 0);
	nh->valid = true;
	nh->v4 = d.self4;
	if (d.has_self6)
		memcpy(nh->global, d.self6, 16);
	if (d.has_ll6)
		memcpy(nh->local, d.ll6, 16);
	nh->shared = d.mask4 != 0 || d.has_ll6;
}

static void nbr_nh_lines(struct vty_out *out, const struct vty_nbr_nh *nh)
{
	char a[IPADDR_STRLEN];
	struct ipaddr x;

	if (!nh || !nh->valid)
		return;
	vty_out_printf(out, "Nexthop: %s\n", v4str(nh->v4, a));
	memset(&x, 0, sizeof(x));
	x.af = AF_INET6;
	memcpy(x.a, nh->global, 16);
	vty_out_printf(out, "Nexthop global: %s\n",
		       ipaddr_fmt(&x, a, sizeof(a)));
	memcpy(x.a, nh->local, 16);
	vty_out_printf(out, "Nexthop local: %s\n", ipaddr_fmt(&x, a, sizeof(a)));
	vty_out_printf(out, "BGP connection: %sshared network\n",
		       nh->shared ? "" : "non ");
}

static void nbr_tail(struct vty_out *out, const struct peer_info *pi,
		     const struct vty_nbr_nh *nh)
{
	char up[16], a[IPADDR_STRLEN];

	vty_out_printf(out, "\n  Connections established %u; dropped %u\n",
		       pi->stats.established, pi->stats.dropped);
	if (pi->has_reset)
		vty_out_printf(out, "  Last reset %s, due to %s\n",
			       peer_uptime_fmt(pi->last_reset_age, false, up,
					       sizeof(up)),
			       session_reset_str(pi->last_reset));
	else
		vty_out_puts(out, "  Last reset never\n");
	vty_out_printf(out, "  %s BGP neighbor may be up to %u hops away.\n",
		       pi->ibgp ? "Internal" : "External", pi->ttl);
	if (pi->has_conn) {
		vty_out_printf(out, "Local host: %s, Local port: %u\n",
			       ipaddr_fmt(&pi->local_addr, a, sizeof(a)),
			       pi->local_port);
		vty_out_printf(out, "Foreign host: %s, Foreign port: %u\n",
			       ipaddr_fmt(&pi->remote_addr, a, sizeof(a)),
			       pi->remote_port);
		nbr_nh_lines(out, nh);
	}
	if (pi->next_start_s >= 0)
		vty_out_printf(out, "Next start timer due in %d seconds\n",
			       pi->next_start_s);
	if (pi->next_connect_s >= 0)
		vty_out_printf(out, "Next connect timer due in %d seconds\n",
			       pi->next_connect_s);
	vty_out_printf(out, "Read thread: %s  Write thread: %s\n\n",
		       pi->read_on ? "on" : "off", pi->write_on ? "on" : "off");
}

void vty_nbr_block(struct vty_out *out, const struct peer_info *pi,
		   const struct vty_nbr_nh *nh)
{
	int af;

	nbr_head(out, pi);
	nbr_caps(out, pi);
	nbr_stats(out, pi);
	for (af = 0; af < BGP_AF_MAX; af++)
		if (pi->af_active[af])
			nbr_af(out, pi, (enum bgp_af)af);
	nbr_tail(out, pi, nh);
}

/* show ... neighbors [ADDR]: the last word is the address if it is not
 * the keyword "neighbors" (possibly abbreviated). */
static int show_neighbors(struct vty_out *out, int argc, char **argv)
{
	const char *want = NULL;
	struct ipaddr a;
	struct vty_peers ps;
	size_t i;
	bool found = false;

	if (argc > 0 && (strchr(argv[argc - 1], '.') ||
			 strchr(argv[argc - 1], ':')))
		want = argv[argc - 1];
	if (want && ipaddr_parse(want, &a) < 0) {
		vty_out_printf(out, "%% Malformed address: %s\n", want);
		return VTY_FAIL;
	}
	if (!cur_bgp || !vty_bgp_conf())
		return VTY_DONE;
	if (vty_peers_get(&ps) < 0) {
		vty_out_puts(out, "% Out of memory.\n");
		return VTY_FAIL;
	}
	for (i = 0; i < ps.n; i++) {
		if (want && ipaddr_cmp(&ps.v[i].addr, &a) != 0)
			continue;
		{
			struct vty_nbr_nh nh;

			vty_nbr_nexthops(&ps.v[i], &nh);
			vty_nbr_block(out, &ps.v[i], &nh);
		}
		found = true;
	}
	free(ps.v);
	if (want && !found) {
		vty_out_puts(out, "% No such neighbor\n");
		return VTY_FAIL;
	}
	return VTY_DONE;
}

static int show_nbr(struct vty_out *out, int argc, char **argv)
{
	if (want_json(argc, argv)) {
		const char *a = argc > 1 && (strchr(argv[argc - 2], '.') ||
					     strchr(argv[argc - 2], ':'))
					? argv[argc - 2] : NULL;

		return vty_json_neighbors(out, a);
	}
	return show_neighbors(out, argc, argv);
}

/* ---- the table ------------------------------------------------------- */

#define S_BGP SHOW_STR "\n" BGP_STR "\n"
#define S_IP_BGP SHOW_STR "\n" IP_STR "\n" BGP_STR "\n"
#define S_IPV6_BGP SHOW_STR "\n" IPV6_STR "\n" BGP_STR "\n"
#define AF4 "Address family\n"
#define AF6 "Address family\n"
#define UNI "Address Family modifier\n"
#define ADDR4 "Neighbor to display information about"
#define ADDR6 "Neighbor to display information about"

static const struct vty_cmd bgp_cmds[] = {
	{ "show bgp summary", S_BGP SUM_STR, VTY_VIEW, show_sum_all, 0 },
	{ "show bgp ipv4 summary", S_BGP AF4 SUM_STR, VTY_VIEW,
	  show_sum_v4all, 0 },
	/*
	 * Quagga 1.2 answers `show bgp ipv6 summary` with "% Ambiguous
	 * command." (quagga-vty.md 2.1): a literal alias of `show bgp
	 * summary` and the (ipv4|ipv6|...) form both match.  Two entries
	 * with the same words reproduce it.
	 */
	{ "show bgp ipv6 summary", S_BGP AF6 SUM_STR, VTY_VIEW, show_sum_all,
	  0 },
	{ "show bgp ipv6 summary", S_BGP AF6 SUM_STR, VTY_VIEW, show_sum_v6,
	  0 },
	{ "show ip bgp summary", S_IP_BGP SUM_STR, VTY_VIEW, show_sum_v4, 0 },
	{ "show ipv6 bgp summary", S_IPV6_BGP SUM_STR, VTY_VIEW, show_sum_v6,
	  0 },
	{ "show bgp ipv4 unicast summary", S_BGP AF4 UNI SUM_STR, VTY_VIEW,
	  show_sum_v4, 0 },
	{ "show bgp ipv6 unicast summary", S_BGP AF6 UNI SUM_STR, VTY_VIEW,
	  show_sum_v6, 0 },
	{ "show ip bgp ipv4 unicast summary", S_IP_BGP AF4 UNI SUM_STR,
	  VTY_VIEW, show_sum_v4, 0 },
	{ "show bgp neighbors", S_BGP NBR_STR, VTY_VIEW, show_nbr, 0 },
	{ "show bgp neighbors A.B.C.D", S_BGP NBR_STR "\n" ADDR4, VTY_VIEW,
	  show_nbr, 0 },
	{ "show bgp neighbors X:X::X:X", S_BGP NBR_STR "\n" ADDR6, VTY_VIEW,
	  show_nbr, 0 },
	{ "show ip bgp neighbors", S_IP_BGP NBR_STR, VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp neighbors A.B.C.D", S_IP_BGP NBR_STR "\n" ADDR4,
	  VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp neighbors X:X::X:X", S_IP_BGP NBR_STR "\n" ADDR6,
	  VTY_VIEW, show_nbr, 0 },
	{ "show bgp ipv6 neighbors", S_BGP AF6 NBR_STR, VTY_VIEW, show_nbr,
	  0 },
	{ "show bgp ipv6 neighbors X:X::X:X", S_BGP AF6 NBR_STR "\n" ADDR6,
	  VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp ipv4 unicast neighbors", S_IP_BGP AF4 UNI NBR_STR,
	  VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp ipv4 unicast neighbors A.B.C.D",
	  S_IP_BGP AF4 UNI NBR_STR "\n" ADDR4, VTY_VIEW, show_nbr, 0 },
	{ "show bgp summary json",
	  S_BGP SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_all, 0 },
	{ "show bgp ipv4 summary json",
	  S_BGP AF4 SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v4all, 0 },
	{ "show bgp ipv6 summary json",
	  S_BGP AF6 SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v6, 0 },
	{ "show ip bgp summary json",
	  S_IP_BGP SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v4, 0 },
	{ "show ipv6 bgp summary json",
	  S_IPV6_BGP SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v6, 0 },
	{ "show bgp ipv4 unicast summary json",
	  S_BGP AF4 UNI SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v4, 0 },
	{ "show bgp ipv6 unicast summary json",
	  S_BGP AF6 UNI SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v6, 0 },
	{ "show ip bgp ipv4 unicast summary json",
	  S_IP_BGP AF4 UNI SUM_STR "\n" JSON_STR, VTY_VIEW, show_sum_v4, 0 },
	{ "show bgp neighbors json",
	  S_BGP NBR_STR "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show bgp neighbors A.B.C.D json",
	  S_BGP NBR_STR "\n" ADDR4 "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show bgp neighbors X:X::X:X json",
	  S_BGP NBR_STR "\n" ADDR6 "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp neighbors json",
	  S_IP_BGP NBR_STR "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp neighbors A.B.C.D json",
	  S_IP_BGP NBR_STR "\n" ADDR4 "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp neighbors X:X::X:X json",
	  S_IP_BGP NBR_STR "\n" ADDR6 "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show bgp ipv6 neighbors json",
	  S_BGP AF6 NBR_STR "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show bgp ipv6 neighbors X:X::X:X json",
	  S_BGP AF6 NBR_STR "\n" ADDR6 "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp ipv4 unicast neighbors json",
	  S_IP_BGP AF4 UNI NBR_STR "\n" JSON_STR, VTY_VIEW, show_nbr, 0 },
	{ "show ip bgp ipv4 unicast neighbors A.B.C.D json",
	  S_IP_BGP AF4 UNI NBR_STR "\n" ADDR4 "\n" JSON_STR, VTY_VIEW,
	  show_nbr, 0 },
};

void vty_install_bgp(void)
{
	size_t i;

	for (i = 0; i < sizeof(bgp_cmds) / sizeof(bgp_cmds[0]); i++)
		if (vty_install(&bgp_cmds[i]) < 0)
			fatal("vty: cannot install \"%s\"", bgp_cmds[i].str);
	vty_install_clear();
}
