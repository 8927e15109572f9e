/*
 * show_route.c: the BGP route tables, `show ip bgp` / `show ipv6 bgp` /
 * `show bgp ...` (quagga-vty.md 4), and the per-prefix detail
 * `show ... PREFIX|ADDRESS` (quagga-vty.md 5), in Quagga 1.2's layout,
 * read from the RIB of the instance given to vty_bgp_attach.
 *
 * The listing is chunked: each call prints at most about
 * VTY_CHUNK_LINES lines, keeps a trie cursor (the last prefix shown, a
 * self-contained copy) and returns VTY_MORE, so a full table never holds
 * the event loop for long and the table may change between chunks.
 *
 * "Advertised to non peer-group peers" lists the Established peers the
 * advertisement module would send the best path to (adv_out_attr: its
 * outbound rules, not a lookup in its Adj-RIB-Out, so a prefix still
 * waiting for the MRAI is listed already).
 *
 * Every command also takes a trailing `json` (json_route.c).  A best path
 * whose prefix the kernel refused shows 'r' in the first status column
 * (where Cisco IOS prints it; Quagga 1.2 has the code in its legend
 * only) and ", RIB-failure" in the detail's Paths line.
 *
 * Limitations: no filtered listings other than by neighbor
 * (show_nbr_routes.c): no regexp, prefix-list, community; no dampening.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../daemon/config.h"
#include "adv.h"
#include "attr.h"
#include "bgp.h"
#include "fibsys.h"
#include "kernel.h"
#include "log.h"
#include "peer.h"
#include "rde.h"
#include "rib.h"
#include "show_route.h"
#include "vty_int.h"

#define SHOW_STR "Show running system information"
#define BGP_STR "BGP information"
#define IP_STR "IP information"
#define IPV6_STR "IPv6 information"
#define AF_STR "Address family"
#define UNI_STR "Address Family modifier"

/* Resume state of a listing. */
struct show_state {
	struct trie_cursor c;
	unsigned long displayed, total;
	bool header;
};

static struct rde *show_rde(struct vty_out *out)
{
	struct bgp *b = vty_bgp_current();
	const struct config *c = b ? bgp_config(b) : NULL;

	if (!c || !c->bgp || !bgp_rde(b)) {
		vty_out_puts(out, "No BGP process is configured\n");
		return NULL;
	}
	return bgp_rde(b);
}

/* The same for a json command: {"warning":...}. */
static struct rde *json_rde(struct vty_out *out)
{
	struct bgp *b = vty_bgp_current();
	const struct config *c = b ? bgp_config(b) : NULL;

	if (!c || !c->bgp || !bgp_rde(b)) {
		vty_json_error(out, true, "No BGP process is configured");
		return NULL;
	}
	return bgp_rde(b);
}

/* The optional trailing `json` keyword (possibly abbreviated). */
static bool want_json(int argc, char **argv)
{
	return argc > 1 && (argv[argc - 1][0] == 'j' ||
			    argv[argc - 1][0] == 'J');
}

/* ---- one row (route_vty_out) ---------------------------------------- */

/* The kernel module's answer for the installed (best) path: 'r'
 * (RIB-failure) when the kernel refused it. */
static bool (*fib_failed_fn)(void *arg, const struct prefix *p);
static void *fib_failed_arg;

void vty_bgp_set_route_failed(bool (*fn)(void *arg, const struct prefix *p),
			      void *arg)
{
	fib_failed_fn = fn;
	fib_failed_arg = arg;
}

static bool fibsys_failed(void *arg, const struct prefix *p)
{
	struct kernel *k = fibsys_kernel(arg);

	return k && kernel_route_failed(k, p);
}

void vty_bgp_set_fib(struct fibsys *fs)
{
	vty_bgp_set_route_failed(fs ? fibsys_failed : NULL, fs);
}

bool vty_route_failed(const struct prefix *p)
{
	return fib_failed_fn && fib_failed_fn(fib_failed_arg, p);
}

/*
 * Quagga's route_vty_short_status_out, plus 'r' in the first column
 * (where Cisco IOS puts it) for a best path the kernel refused: Quagga
 * 1.2 lists the code in its legend but never prints it.
 */
static void status(struct vty_out *out, const struct rib *rib,
		   const struct rib_path *p, bool failed)
{
	const struct rib_src *s = rib_src_get(rib, p->src);
	char st[4];

	st[0] = p->flags & RIB_PF_REMOVED  ? 'R'
		: p->flags & RIB_PF_STALE  ? 'S'
		: failed && (p->flags & RIB_PF_BEST) ? 'r'
		: rib_path_valid(rib, p)   ? '*'
					   : ' ';
	st[1] = p->flags & RIB_PF_HISTORY ? 'h'
		: p->flags & RIB_PF_BEST  ? '>'
		: p->flags & RIB_PF_MPATH ? '='
					  : ' ';
	st[2] = s && s->d.type == DECIDE_SRC_IBGP ? 'i' : ' ';
	st[3] = '\0';
	vty_out_puts(out, st);
}

/* IPv4 without "/len" for a classful natural mask (and 0.0.0.0), as
 * Quagga's route_vty_out_route does. */
void vty_route_network(struct vty_out *out, const struct prefix *p)
{
	char buf[PREFIX_STRLEN];
	size_t n;

	if (p->af == AF_INET) {
		struct ipaddr a;
		uint32_t v;

		memset(&a, 0, sizeof(a));
		a.af = AF_INET;
		memcpy(a.a, p->a, 4);
		v = ipaddr_v4(&a);
		ipaddr_fmt(&a, buf, sizeof(buf));
		if (!(((v & 0xe0000000u) == 0xc0000000u && p->len == 24) ||
		      ((v & 0xc0000000u) == 0x80000000u && p->len == 16) ||
		      ((v & 0x80000000u) == 0 && p->len == 8) || v == 0))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "/%u", p->len);
	} else {
		prefix_fmt(p, buf, sizeof(buf));
	}
	n = strlen(buf);
	if (n >= 17)
		vty_out_printf(out, "%s\n%20s", buf, "");
	else
		vty_out_printf(out, "%s%*s", buf, (int)(17 - n), "");
}

static void nexthop(struct vty_out *out, const struct rib *rib, int af,
		    const struct rib_path *p)
{
	const struct rib_nh *nh = rib_path_nh(rib, p);
	char buf[IPADDR_STRLEN];
	size_t n;

	if (nh)
		ipaddr_fmt(&nh->addr, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s", af == AF_INET ? "0.0.0.0" : "::");
	n = strlen(buf);
	if (af == AF_INET)
		vty_out_printf(out, "%-16s", buf);
	else if (n >= 16)
		vty_out_printf(out, "%s\n%36s", buf, "");
	else
		vty_out_printf(out, "%s%*s", buf, (int)(16 - n), "");
}

void vty_route_row(struct vty_out *out, const struct rib *rib, int af,
		   const struct prefix *pfx, const struct rib_path *p,
		   bool first, bool failed)
{
	const struct attr *a = p->attr;

	status(out, rib, p, failed);
	if (first)
		vty_route_network(out, pfx);
	else
		vty_out_printf(out, "%17s", "");
	nexthop(out, rib, af, p);
	if (a->has_med)
		vty_out_printf(out, "%10u", a->med);
	else
		vty_out_printf(out, "%10s", "");
	if (a->has_local_pref)
		vty_out_printf(out, "%7u", a->local_pref);
	else
		vty_out_printf(out, "%7s", "");
	vty_out_printf(out, "%7u ", p->weight);
	vty_route_path_origin(out, a);
}

/* The AS path, a blank if it is not empty, the origin code. */
void vty_route_path_origin(struct vty_out *out, const struct attr *a)
{
	char small[256], *path = small;
	size_t need;

	need = aspath_print(a->aspath, small, sizeof(small));
	if (need >= sizeof(small)) {
		path = malloc(need + 1);
		if (path)
			aspath_print(a->aspath, path, need + 1);
		else
			path = small;
	}
	vty_out_printf(out, "%s%s%c\n", path, path[0] ? " " : "",
		       attr_origin_char(a->origin));
	if (path != small)
		free(path);
}

/* ---- the listing (bgp_show_table) ----------------------------------- */

void vty_route_header(struct vty_out *out, uint32_t rid)
{
	vty_out_printf(out,
		       "BGP table version is 0, local router ID is %u.%u.%u.%u\n",
		       rid >> 24, (rid >> 16) & 0xff, (rid >> 8) & 0xff,
		       rid & 0xff);
	vty_out_puts(out,
		     "Status codes: s suppressed, d damped, h history, "
		     "* valid, > best, = multipath,\n"
		     "              i internal, r RIB-failure, S Stale, "
		     "R Removed\n"
		     "Origin codes: i - IGP, e - EGP, ? - incomplete\n"
		     "\n"
		     "   Network          Next Hop            Metric LocPrf "
		     "Weight Path\n");
}

static int show_table(struct vty_out *out, enum bgp_af af, bool json)
{
	struct show_state *st = vty_out_state(out);
	struct rde *r = json ? json_rde(out) : show_rde(out);
	struct rib *rib;
	struct rib_entry *e;
	int fam = af == BGP_AF_IPV4 ? AF_INET : AF_INET6;

	if (!r)
		return VTY_DONE;
	rib = rde_rib(r);
	if (!st) {
		st = calloc(1, sizeof(*st));
		if (!st)
			return VTY_FAIL;
		trie_cursor_init(&st->c);
		vty_out_set_state(out, st, free);
		if (json)
			vty_json_table_begin(out, af);
	}
	while (vty_out_lines(out) < VTY_CHUNK_LINES) {
		const struct rib_path *p;
		struct prefix pfx;
		bool first = true, failed;

		e = rib_cursor_next(rib, af, &st->c);
		if (!e)
			break;
		rib_entry_prefix(rib, af, e, &pfx);
		failed = vty_route_failed(&pfx);
		for (p = rib_path_first(e); p; p = rib_path_next(p)) {
			st->total++;
			if (json) {
				vty_json_route_path(out, rib, af, &pfx, p,
						    first, st->displayed == 0);
				first = false;
				continue;
			}
			if (!st->header) {
				vty_route_header(out, rde_router_id(r));
				st->header = true;
			}
			vty_route_row(out, rib, fam, &pfx, p, first, failed);
			first = false;
		}
		if (!first)
			st->displayed++;
	}
	if (e)
		return VTY_MORE;
	if (json)
		vty_json_table_end(out, st->displayed, st->total);
	else if (st->displayed)
		vty_out_printf(out, "\nDisplayed  %lu out of %lu total prefixes\n",
			       st->displayed, st->total);
	else
		vty_out_printf(out, "No BGP prefixes displayed, %lu exist\n",
			       st->total);
	return VTY_DONE;
}

static int show_v4(struct vty_out *out, int argc, char **argv)
{
	return show_table(out, BGP_AF_IPV4, want_json(argc, argv));
}

static int show_v6(struct vty_out *out, int argc, char **argv)
{
	return show_table(out, BGP_AF_IPV6, want_json(argc, argv));
}

/* ---- the detail of one prefix (route_vty_out_detail) ----------------- */

char *vty_list_text(vty_list_print_fn print, const void *c, char *small,
		    size_t len)
{
	size_t n = print(c, small, len);
	char *buf;

	if (n < len)
		return small;
	buf = malloc(n + 1);
	if (buf)
		print(c, buf, n + 1);
	return buf;
}

size_t vty_comm_print(const void *c, char *buf, size_t len)
{
	return community_print(c, buf, len);
}

size_t vty_ecomm_print(const void *c, char *buf, size_t len)
{
	return ecommunity_print(c, buf, len);
}

size_t vty_lcomm_print(const void *c, char *buf, size_t len)
{
	return lcommunity_print(c, buf, len);
}

/* One "      NAME: TEXT" line (a path may carry thousands of values). */
static void detail_comm(struct vty_out *out, const char *name,
			vty_list_print_fn print, const void *c)
{
	char small[256], *buf = vty_list_text(print, c, small, sizeof(small));

	if (!buf)
		return;
	vty_out_printf(out, "      %s: %s\n", name, buf);
	if (buf != small)
		free(buf);
}

/*
 * Quagga 1.2's lines 4-7 of route_vty_out_detail: Community, Extended
 * Community, Large Community, then "Originator: ID" and ", Cluster list: "
 * with every cluster id followed by one blank (RFC 4456 7, 8), on one
 * line, printed exactly as Quagga does (a CLUSTER_LIST without an
 * ORIGINATOR_ID gives Quagga's unindented ", Cluster list: ..." line).
 */
static void detail_attrs(struct vty_out *out, const struct attr *a)
{
	unsigned i, nc = attr_cluster_len(a);
	uint32_t id = 0;
	bool orig = attr_originator_id(a, &id);

	if (a->comm)
		detail_comm(out, "Community", vty_comm_print, a->comm);
	if (a->ecomm)
		detail_comm(out, "Extended Community", vty_ecomm_print, a->ecomm);
	if (a->lcomm)
		detail_comm(out, "Large Community", vty_lcomm_print, a->lcomm);
	if (!orig && !nc)
		return;
	if (orig)
		vty_out_printf(out, "      Originator: %u.%u.%u.%u", id >> 24,
			       (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
	if (nc)
		vty_out_puts(out, ", Cluster list: ");
	for (i = 0; i < nc; i++) {
		id = attr_cluster_id(a, i);
		vty_out_printf(out, "%u.%u.%u.%u ", id >> 24, (id >> 16) & 0xff,
			       (id >> 8) & 0xff, id & 0xff);
	}
	vty_out_puts(out, "\n");
}

static void detail_path(struct vty_out *out, const struct rib *rib,
			struct rde *r, int fam, const struct rib_path *p)
{
	enum bgp_af af = fam == AF_INET ? BGP_AF_IPV4 : BGP_AF_IPV6;
	const struct attr *a = p->attr;
	const struct rib_src *s = rib_src_get(rib, p->src);
	const struct rib_nh *nh = rib_path_nh(rib, p);
	const uint8_t *ll = attr_nh_ll(a);
	bool local = !s || s->d.type == DECIDE_SRC_LOCAL;
	char path[512], nhs[IPADDR_STRLEN], from[IPADDR_STRLEN];
	uint32_t id = s ? s->d.router_id : 0, lp;
	time_t t;

	aspath_print(a->aspath, path, sizeof(path));
	/* "Local" for an empty AS path, as Quagga (aspath_count_hops 0);
	 * ", (Received from a RR-client)" for a path from a route-reflector
	 * client in this family (RFC 4456). */
	vty_out_printf(out, "  %s%s\n", path[0] && !local ? path : "Local",
		       s && (s->rr_client & (1u << af))
			       ? ", (Received from a RR-client)"
			       : "");
	if (nh)
		ipaddr_fmt(&nh->addr, nhs, sizeof(nhs));
	else
		snprintf(nhs, sizeof(nhs), "%s", fam == AF_INET ? "0.0.0.0" : "::");
	if (local)
		snprintf(from, sizeof(from), "%s", nhs);
	else
		ipaddr_fmt(&s->d.addr, from, sizeof(from));
	attr_originator_id(a, &id);
	vty_out_printf(out, "    %s%s from %s (%u.%u.%u.%u)\n", nhs,
		       rib_path_valid(rib, p) ? "" : " (inaccessible)", from,
		       id >> 24, (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
	if (ll) {
		struct ipaddr l;

		l.af = AF_INET6;
		memcpy(l.a, ll, 16);
		vty_out_printf(out, "    (%s)\n", ipaddr_fmt(&l, nhs, sizeof(nhs)));
	}
	lp = a->has_local_pref ? a->local_pref : CONF_DEF_LOCAL_PREF;
	if (!a->has_local_pref && bgp_config(vty_bgp_current())->bgp)
		lp = bgp_config(vty_bgp_current())->bgp->default_local_pref;
	vty_out_printf(out, "      Origin %s",
		       a->origin == ORIGIN_IGP	 ? "IGP"
		       : a->origin == ORIGIN_EGP ? "EGP"
						 : "incomplete");
	if (a->has_med)
		vty_out_printf(out, ", metric %u", a->med);
	vty_out_printf(out, ", localpref %u", lp);
	if (p->weight)
		vty_out_printf(out, ", weight %u", p->weight);
	vty_out_printf(out, ", %s, %s%s%s%s\n",
		       rib_path_valid(rib, p) ? "valid" : "invalid",
		       local			    ? "sourced, local"
		       : s->d.type == DECIDE_SRC_IBGP ? "internal"
						      : "external",
		       a->atomic_aggregate ? ", atomic-aggregate" : "",
		       p->flags & RIB_PF_MPATH ? ", multipath" : "",
		       p->flags & RIB_PF_BEST ? ", best" : "");
	(void)r;
	detail_attrs(out, a);
	/* "Last update" is the path's monotonic second: convert to the
	 * wall clock for ctime's text. */
	{
		struct timespec mono;

		clock_gettime(CLOCK_MONOTONIC, &mono);
		t = time(NULL) - ((time_t)mono.tv_sec - (time_t)p->time);
	}
	vty_out_printf(out, "      Last update: %s\n", ctime(&t));
}

/* PREFIX, or ADDRESS as a host prefix (for the longest match). */
static int parse_arg(const char *arg, struct prefix *pfx)
{
	struct ipaddr a;

	if (strchr(arg, '/'))
		return prefix_parse(arg, pfx, NULL);
	if (ipaddr_parse(arg, &a) < 0)
		return -1;
	memset(pfx, 0, sizeof(*pfx));
	pfx->af = a.af;
	pfx->len = (uint8_t)af_maxlen(a.af);
	memcpy(pfx->a, a.a, af_bytes(a.af));
	return 0;
}

/* Quagga: "  Advertised to non peer-group peers:" then "  A B C" (one
 * blank, then " %s" per peer, in address order). */
static void advertised_to(struct vty_out *out, enum bgp_af af,
			  const struct prefix *pfx, const struct rib_path *best,
			  bool json)
{
	struct adv *a = adv_current();
	struct bgp *b = vty_bgp_current();
	struct vty_peers ps;
	size_t i, n = 0;

	if (best && a && b && vty_peers_get(&ps) == 0) {
		for (i = 0; i < ps.n; i++) {
			struct peer *p = bgp_peer_find(b, &ps.v[i].addr);
			struct attr *o;

			if (!p || ps.v[i].state != SESSION_ESTABLISHED ||
			    !ps.v[i].af_nego[af])
				continue;
			o = adv_out_attr(a, p, af, pfx, best->attr, best->src);
			if (!o)
				continue;
			attr_unref(o);
			if (json) {
				vty_out_puts(out, n++ ? "," : "");
				vty_json_str(out, ps.v[i].host);
				vty_out_puts(out, ":{}");
				continue;
			}
			if (n++ == 0)
				vty_out_puts(out, "  Advertised to non peer-group "
						  "peers:\n ");
			vty_out_printf(out, " %s", ps.v[i].host);
		}
		free(ps.v);
	}
	if (json)
		return;
	if (n)
		vty_out_puts(out, "\n");
	else
		vty_out_puts(out, "  Not advertised to any peer\n");
}

static int show_detail(struct vty_out *out, enum bgp_af af, const char *arg,
		       bool json)
{
	struct rde *r = json ? json_rde(out) : show_rde(out);
	int fam = af == BGP_AF_IPV4 ? AF_INET : AF_INET6;
	const struct rib_path *p, *best;
	struct rib_entry *e;
	struct prefix pfx;
	char buf[PREFIX_STRLEN];
	unsigned n = 0, k = 0, i = 0;

	if (!r)
		return VTY_DONE;
	if (parse_arg(arg, &pfx) < 0 || pfx.af != fam) {
		vty_json_error(out, json, "% Malformed prefix");
		return VTY_FAIL;
	}
	/* An address (no "/len") asks for the longest match. */
	e = strchr(arg, '/') ? rib_lookup(rde_rib(r), af, &pfx)
			     : rib_match(rde_rib(r), af, &pfx);
	if (!e) {
		vty_json_error(out, json, "% Network not in table");
		return VTY_FAIL;
	}
	rib_entry_prefix(rde_rib(r), af, e, &pfx);
	best = rib_best(e);
	if (json) {
		vty_out_printf(out, "{\"prefix\":\"%s\",\"advertisedTo\":{",
			       prefix_fmt(&pfx, buf, sizeof(buf)));
		advertised_to(out, af, &pfx, best, true);
		vty_out_puts(out, "},\"paths\":[");
		for (p = rib_path_first(e); p && i < 1000;
		     p = rib_path_next(p), i++)
			vty_json_detail_path(out, rde_rib(r), af, &pfx, p,
					     i == 0);
		vty_out_puts(out, "]}\n");
		return VTY_DONE;
	}
	for (p = rib_path_first(e); p; p = rib_path_next(p)) {
		n++;
		if (p == best)
			k = n;
	}
	vty_out_printf(out, "BGP routing table entry for %s\n",
		       prefix_fmt(&pfx, buf, sizeof(buf)));
	if (k)
		vty_out_printf(out,
			       "Paths: (%u available, best #%u, table "
			       "Default-IP-Routing-Table%s)\n",
			       n, k, vty_route_failed(&pfx) ? ", RIB-failure"
							    : "");
	else
		vty_out_printf(out, "Paths: (%u available, no best path)\n", n);
	advertised_to(out, af, &pfx, best, false);
	for (p = rib_path_first(e); p && i < 1000; p = rib_path_next(p), i++)
		detail_path(out, rde_rib(r), r, fam, p);
	return VTY_DONE;
}

static int show_v4_detail(struct vty_out *out, int argc, char **argv)
{
	bool j = want_json(argc, argv);

	return show_detail(out, BGP_AF_IPV4, argv[argc - 1 - j], j);
}

static int show_v6_detail(struct vty_out *out, int argc, char **argv)
{
	bool j = want_json(argc, argv);

	return show_detail(out, BGP_AF_IPV6, argv[argc - 1 - j], j);
}

/* ---- the commands ----------------------------------------------------- */

#define S_IP SHOW_STR "\n" IP_STR "\n" BGP_STR
#define S_IP6 SHOW_STR "\n" IPV6_STR "\n" BGP_STR
#define S_BGP SHOW_STR "\n" BGP_STR
#define V4U "\n" AF_STR "\n" UNI_STR
#define V6 "\n" AF_STR
#define NET4 "\nNetwork in the BGP routing table to display"
#define NET6 "\nNetwork in the BGP routing table to display"

static const struct vty_cmd route_cmds[] = {
	{ "show ip bgp", S_IP, VTY_VIEW, show_v4, 0 },
	{ "show ip bgp ipv4 unicast", S_IP V4U, VTY_VIEW, show_v4, 0 },
	{ "show bgp ipv4 unicast", S_BGP V4U, VTY_VIEW, show_v4, 0 },
	{ "show ipv6 bgp", S_IP6, VTY_VIEW, show_v6, 0 },
	{ "show bgp", S_BGP, VTY_VIEW, show_v6, 0 },
	{ "show bgp ipv6", S_BGP V6, VTY_VIEW, show_v6, 0 },
	{ "show bgp ipv6 unicast", S_BGP V6 "\n" UNI_STR, VTY_VIEW, show_v6,
	  0 },
	{ "show ip bgp A.B.C.D", S_IP NET4, VTY_VIEW, show_v4_detail, 0 },
	{ "show ip bgp A.B.C.D/M", S_IP NET4, VTY_VIEW, show_v4_detail, 0 },
	{ "show ip bgp ipv4 unicast A.B.C.D", S_IP V4U NET4, VTY_VIEW,
	  show_v4_detail, 0 },
	{ "show ip bgp ipv4 unicast A.B.C.D/M", S_IP V4U NET4, VTY_VIEW,
	  show_v4_detail, 0 },
	{ "show bgp ipv4 unicast A.B.C.D", S_BGP V4U NET4, VTY_VIEW,
	  show_v4_detail, 0 },
	{ "show bgp ipv4 unicast A.B.C.D/M", S_BGP V4U NET4, VTY_VIEW,
	  show_v4_detail, 0 },
	{ "show ipv6 bgp X:X::X:X", S_IP6 NET6, VTY_VIEW, show_v6_detail, 0 },
	{ "show ipv6 bgp X:X::X:X/M", S_IP6 NET6, VTY_VIEW, show_v6_detail,
	  0 },
	{ "show bgp X:X::X:X", S_BGP NET6, VTY_VIEW, show_v6_detail, 0 },
	{ "show bgp X:X::X:X/M", S_BGP NET6, VTY_VIEW, show_v6_detail, 0 },
	{ "show bgp ipv6 X:X::X:X", S_BGP V6 NET6, VTY_VIEW, show_v6_detail,
	  0 },
	{ "show bgp ipv6 X:X::X:X/M", S_BGP V6 NET6, VTY_VIEW,
	  show_v6_detail, 0 },
	{ "show bgp ipv6 unicast X:X::X:X", S_BGP V6 "\n" UNI_STR NET6,
	  VTY_VIEW, show_v6_detail, 0 },
	{ "show bgp ipv6 unicast X:X::X:X/M", S_BGP V6 "\n" UNI_STR NET6,
	  VTY_VIEW, show_v6_detail, 0 },
};

#define NROUTE (sizeof(route_cmds) / sizeof(route_cmds[0]))

/* Each command again with a trailing `json`, built once (vty_install
 * keeps the pointers). */
static struct vty_cmd route_json[NROUTE];
static char route_json_text[NROUTE][2][320];

void vty_install_route(void)
{
	static bool built;
	size_t i;

	for (i = 0; !built && i < NROUTE; i++) {
		snprintf(route_json_text[i][0], sizeof(route_json_text[i][0]),
			 "%s json", route_cmds[i].str);
		snprintf(route_json_text[i][1], sizeof(route_json_text[i][1]),
			 "%s\nJavaScript Object Notation", route_cmds[i].help);
		route_json[i] = route_cmds[i];
		route_json[i].str = route_json_text[i][0];
		route_json[i].help = route_json_text[i][1];
	}
	built = true;
	for (i = 0; i < NROUTE; i++)
		if (vty_install(&route_cmds[i]) < 0 ||
		    vty_install(&route_json[i]) < 0)
			fatal("vty: cannot install \"%s\"", route_cmds[i].str);
	vty_install_nbr_routes();
	vty_install_memory();
}
