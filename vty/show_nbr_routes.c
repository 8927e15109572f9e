/*
 * show_nbr_routes.c: the listings of one neighbor, in Quagga 1.2's layout
 * (quagga-vty.md 4.1 and 4.2, bgp_route.c show_adj_route and
 * bgp_show_table with bgp_show_type_neighbor):
 *
 *   show ... neighbors ADDR advertised-routes   our Adj-RIB-Out toward it
 *                                              (adv_advertised_walk)
 *   show ... neighbors ADDR received-routes     its Adj-RIB-In as received,
 *                                              before inbound policy (RFC
 *                                              2918 soft-reconfiguration
 *                                              inbound, rde_adj_in_walk)
 *   show ... neighbors ADDR routes              the Loc-RIB paths learned
 *                                              from it
 *
 * in the spellings `show ip bgp`, `show bgp` (IPv6 in Quagga 1.2), `show
 * bgp ipv6`, `show bgp ipv4|ipv6 unicast`, `show ip bgp ipv4 unicast`,
 * each with a trailing `json`.  Chunked like the full table: a listing
 * keeps the last prefix shown and resumes after it (the Adj-RIB walks
 * have no cursor, so a chunk skips what was shown before: linear per
 * chunk, hence larger chunks here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../daemon/config.h"
#include "adv.h"
#include "attr.h"
#include "bgp.h"
#include "log.h"
#include "peer.h"
#include "rde.h"
#include "rib.h"
#include "show_route.h"
#include "vty_int.h"

/* A chunk of an Adj-RIB listing costs a walk of the skipped part. */
#define ADJ_CHUNK_LINES (VTY_CHUNK_LINES * 8)

enum nr_kind { NR_ADV, NR_RCVD, NR_ROUTES };

struct nr_state {
	struct trie_cursor c;	/* NR_ROUTES */
	struct prefix last;	/* Adj-RIB listings: resume after it */
	bool has_last;
	bool header;
	unsigned long displayed, total;
	bool json_open;
};

struct nr_walk {
	struct vty_out *out;
	struct nr_state *st;
	uint32_t rid;
	bool json;
	int rc;
};

/* ---- one Adj-RIB row (route_vty_out_tmp) --------------------------- */

static void adj_nexthop(struct vty_out *out, const struct attr *a, int fam)
{
	char buf[IPADDR_STRLEN];
	struct ipaddr nh;
	size_t n;

	memset(&nh, 0, sizeof(nh));
	nh.af = fam;
	if (a->nh_af == fam)
		memcpy(nh.a, a->nh, af_bytes(fam));
	ipaddr_fmt(&nh, buf, sizeof(buf));
	n = strlen(buf);
	if (fam == AF_INET)
		vty_out_printf(out, "%-16s", buf);
	else if (n >= 16)
		vty_out_printf(out, "%s\n%36s", buf, "");
	else
		vty_out_printf(out, "%s%*s", buf, (int)(16 - n), "");
}

/* Quagga's route_vty_out_tmp: always "*> ", MED and LOCAL_PREF each
 * followed by a blank when present, weight 0 (not an attribute). */
static void adj_row(struct vty_out *out, const struct prefix *pfx,
		    const struct attr *a)
{
	vty_out_puts(out, "*> ");
	vty_route_network(out, pfx);
	adj_nexthop(out, a, pfx->af);
	if (a->has_med)
		vty_out_printf(out, "%10u ", a->med);
	else
		vty_out_printf(out, "%10s", "");
	if (a->has_local_pref)
		vty_out_printf(out, "%7u ", a->local_pref);
	else
		vty_out_printf(out, "%7s", "");
	vty_out_printf(out, "%7u ", 0u);
	vty_route_path_origin(out, a);
}

static int adj_cb(const struct prefix *pfx, const struct attr *attr,
		  void *arg)
{
	struct nr_walk *w = arg;
	struct nr_state *st = w->st;

	if (st->has_last && prefix_cmp(pfx, &st->last) <= 0)
		return 0;
	if (vty_out_lines(w->out) >= ADJ_CHUNK_LINES)
		return 1;	/* more to come */
	if (w->json) {
		vty_json_adj_route(w->out, pfx, attr, st->displayed == 0);
	} else {
		if (!st->header) {
			vty_route_header(w->out, w->rid);
			st->header = true;
		}
		adj_row(w->out, pfx, attr);
	}
	st->displayed++;
	st->last = *pfx;
	st->has_last = true;
	return 0;
}

/* ---- the neighbor ---------------------------------------------------- */

/* Quagga's peer_lookup_in_view and peer_adj_routes checks; NULL with
 * the message in buf. */
static struct peer *nr_peer(const char *addr, enum bgp_af af, char *buf,
			    size_t len)
{
	struct bgp *b = vty_bgp_current();
	const struct config *c = b ? bgp_config(b) : NULL;
	struct peer_info pi;
	struct ipaddr a;
	struct peer *p;

	if (!c || !c->bgp) {
		snprintf(buf, len, "No BGP process is configured");
		return NULL;
	}
	if (ipaddr_parse(addr, &a) < 0) {
		snprintf(buf, len, "Malformed address: %s", addr);
		return NULL;
	}
	p = bgp_peer_find(b, &a);
	if (!p) {
		snprintf(buf, len, "No such neighbor");
		return NULL;
	}
	peer_info_get(p, &pi);
	if (!pi.af_active[af]) {
		snprintf(buf, len, "%% No such neighbor or address family");
		return NULL;
	}
	return p;
}

static struct nr_state *nr_state(struct vty_out *out)
{
	struct nr_state *st = vty_out_state(out);

	if (st)
		return st;
	st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	trie_cursor_init(&st->c);
	vty_out_set_state(out, st, free);
	return st;
}

/* The rde_peer of an Established neighbor, else NULL. */
static struct rde_peer *nr_rde_peer(struct peer *p)
{
	return peer_state(p) == SESSION_ESTABLISHED ? peer_rde_data(p) : NULL;
}

static int adj_list(struct vty_out *out, struct peer *p, enum bgp_af af,
		    enum nr_kind k, bool json)
{
	struct nr_state *st = nr_state(out);
	struct rde *r = bgp_rde(vty_bgp_current());
	struct nr_walk w = { out, st, r ? rde_router_id(r) : 0, json, 0 };
	struct rde_peer *rp = nr_rde_peer(p);
	int rc = 0;

	if (!st)
		return VTY_FAIL;
	if (json && !st->json_open) {
		vty_json_adj_begin(out, w.rid, k == NR_ADV ? "advertisedRoutes"
							   : "receivedRoutes");
		st->json_open = true;
	}
	if (k == NR_ADV && adv_current())
		rc = adv_advertised_walk(adv_current(), p, af, adj_cb, &w);
	else if (k == NR_RCVD && r && rp)
		rc = rde_adj_in_walk(r, rp, af, adj_cb, &w);
	if (rc > 0)
		return VTY_MORE;
	if (json)
		vty_json_adj_end(out, st->displayed);
	else if (st->displayed)
		vty_out_printf(out, "\nTotal number of prefixes %lu\n",
			       st->displayed);
	return VTY_DONE;
}

/* ---- routes: the Loc-RIB filtered by source ------------------------- */

static int routes_list(struct vty_out *out, struct peer *p, enum bgp_af af,
		       bool json)
{
	struct nr_state *st = nr_state(out);
	struct rde *r = bgp_rde(vty_bgp_current());
	struct rde_peer *rp = nr_rde_peer(p);
	const struct rib_src *src = rp ? rde_peer_src(rp) : NULL;
	int fam = af == BGP_AF_IPV4 ? AF_INET : AF_INET6;
	struct rib_entry *e = NULL;
	struct rib *rib;

	if (!st)
		return VTY_FAIL;
	if (!r)
		return VTY_DONE;
	rib = rde_rib(r);
	if (json && !st->json_open) {
		vty_json_table_begin(out, af);
		st->json_open = true;
	}
	while (vty_out_lines(out) < VTY_CHUNK_LINES) {
		const struct rib_path *rpth;
		struct prefix pfx;
		bool first = true, failed;

		e = rib_cursor_next(rib, af, &st->c);
		if (!e)
			break;
		rib_entry_prefix(rib, af, e, &pfx);
		failed = vty_route_failed(&pfx);
		for (rpth = rib_path_first(e); rpth;
		     rpth = rib_path_next(rpth)) {
			st->total++;
			if (!src || rpth->src != src->id)
				continue;
			if (json) {
				vty_json_route_path(out, rib, af, &pfx, rpth,
						    first, st->displayed == 0);
			} else {
				if (!st->header) {
					vty_route_header(out, rde_router_id(r));
					st->header = true;
				}
				vty_route_row(out, rib, fam, &pfx, rpth, first,
					      failed);
			}
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
		vty_out_printf(out, "\nDisplayed  %lu out of %lu total "
				    "prefixes\n",
			       st->displayed, st->total);
	return VTY_DONE;
}

/* ---- handlers -------------------------------------------------------- */

/* The neighbor's address: the word with a '.' or a ':'. */
static const char *nr_addr(int argc, char **argv)
{
	int i;

	for (i = argc - 1; i >= 0; i--)
		if (strchr(argv[i], '.') || strchr(argv[i], ':'))
			return argv[i];
	return "";
}

static bool nr_json(int argc, char **argv)
{
	return argc > 0 && (argv[argc - 1][0] == 'j' ||
			    argv[argc - 1][0] == 'J');
}

static int nr_show(struct vty_out *out, int argc, char **argv,
		   enum bgp_af af, enum nr_kind k)
{
	const char *addr = nr_addr(argc, argv);
	bool json = nr_json(argc, argv);
	struct peer *p;

	char why[128];

	p = nr_peer(addr, af, why, sizeof(why));
	if (p && k == NR_RCVD) {
		const struct bgp_conf *bc = vty_bgp_conf();
		const struct nbr_conf *n = config_find_nbr(bc, peer_addr(p));

		if (!n || !n->af[af].soft_reconfig_in) {
			snprintf(why, sizeof(why), "%% Inbound soft "
				 "reconfiguration not enabled");
			p = NULL;
		}
	}
	if (!p) {
		vty_json_error(out, json, why);
		return VTY_FAIL;
	}
	if (k == NR_ROUTES)
		return routes_list(out, p, af, json);
	return adj_list(out, p, af, k, json);
}

static int adv4(struct vty_out *o, int c, char **v)
{
	return nr_show(o, c, v, BGP_AF_IPV4, NR_ADV);
}

static int adv6(struct vty_out *o, int c, char **v)
{
	return nr_show(o, c, v, BGP_AF_IPV6, NR_ADV);
}

static int rcv4(struct vty_out *o, int c, char **v)
{
	return nr_show(o, c, v, BGP_AF_IPV4, NR_RCVD);
}

static int rcv6(struct vty_out *o, int c, char **v)
{
	return nr_show(o, c, v, BGP_AF_IPV6, NR_RCVD);
}

static int rts4(struct vty_out *o, int c, char **v)
{
	return nr_show(o, c, v, BGP_AF_IPV4, NR_ROUTES);
}

static int rts6(struct vty_out *o, int c, char **v)
{
	return nr_show(o, c, v, BGP_AF_IPV6, NR_ROUTES);
}

/* ---- the command table ----------------------------------------------- */

#define SHOW_STR "Show running system information"
#define BGP_STR "BGP information"
#define IP_STR "IP information"
#define AF_STR "Address family"
#define UNI_STR "Address Family modifier"
#define NBR_STR "Detailed information on TCP and BGP neighbor connections"
#define ADDR_STR "Neighbor to display information about"
#define ADV_STR "Display the routes advertised to a BGP neighbor"
#define RCV_STR "Display the received routes from neighbor"
#define RTS_STR "Display routes learned from neighbor"
#define JSON_STR "JavaScript Object Notation"

/* The words before the address, their help, and the family. */
static const struct {
	const char *words, *help;
	enum bgp_af af;
} nr_forms[] = {
	{ "show ip bgp neighbors",
	  SHOW_STR "\n" IP_STR "\n" BGP_STR "\n" NBR_STR, BGP_AF_IPV4 },
	{ "show ip bgp ipv4 unicast neighbors",
	  SHOW_STR "\n" IP_STR "\n" BGP_STR "\n" AF_STR "\n" UNI_STR "\n"
		  NBR_STR, BGP_AF_IPV4 },
	{ "show bgp ipv4 unicast neighbors",
	  SHOW_STR "\n" BGP_STR "\n" AF_STR "\n" UNI_STR "\n" NBR_STR,
	  BGP_AF_IPV4 },
	{ "show bgp neighbors", SHOW_STR "\n" BGP_STR "\n" NBR_STR,
	  BGP_AF_IPV6 },
	{ "show bgp ipv6 neighbors",
	  SHOW_STR "\n" BGP_STR "\n" AF_STR "\n" NBR_STR, BGP_AF_IPV6 },
	{ "show bgp ipv6 unicast neighbors",
	  SHOW_STR "\n" BGP_STR "\n" AF_STR "\n" UNI_STR "\n" NBR_STR,
	  BGP_AF_IPV6 },
};

static const struct {
	const char *word, *help;
	vty_cmd_fn *fn[BGP_AF_MAX];
} nr_kinds[] = {
	{ "advertised-routes", ADV_STR, { adv4, adv6 } },
	{ "received-routes", RCV_STR, { rcv4, rcv6 } },
	{ "routes", RTS_STR, { rts4, rts6 } },
};

#define NR_NCMDS (sizeof(nr_forms) / sizeof(nr_forms[0]) * 2 * \
		  (sizeof(nr_kinds) / sizeof(nr_kinds[0])) * 2)

/* Built once: vty_install keeps the pointers. */
static struct vty_cmd nr_cmds[NR_NCMDS];
static char nr_text[NR_NCMDS][2][384];

void vty_install_nbr_routes(void)
{
	size_t f, a, k, j, n = 0;
	static const char *const addrs[] = { "A.B.C.D", "X:X::X:X" };
	static bool built;

	if (built) {
		for (n = 0; n < NR_NCMDS; n++)
			if (vty_install(&nr_cmds[n]) < 0)
				fatal("vty: cannot install \"%s\"",
				      nr_cmds[n].str);
		return;
	}
	built = true;

	for (f = 0; f < sizeof(nr_forms) / sizeof(nr_forms[0]); f++)
		for (a = 0; a < 2; a++)
			for (k = 0; k < sizeof(nr_kinds) / sizeof(nr_kinds[0]);
			     k++)
				for (j = 0; j < 2; j++, n++) {
					struct vty_cmd *c = &nr_cmds[n];

					snprintf(nr_text[n][0],
						 sizeof(nr_text[n][0]),
						 "%s %s %s%s", nr_forms[f].words,
						 addrs[a], nr_kinds[k].word,
						 j ? " json" : "");
					snprintf(nr_text[n][1],
						 sizeof(nr_text[n][1]),
						 "%s\n%s\n%s%s", nr_forms[f].help,
						 ADDR_STR, nr_kinds[k].help,
						 j ? "\n" JSON_STR : "");
					c->str = nr_text[n][0];
					c->help = nr_text[n][1];
					c->priv = VTY_VIEW;
					c->fn = nr_kinds[k].fn[nr_forms[f].af];
					c->flags = 0;
					if (vty_install(c) < 0)
						fatal("vty: cannot install "
						      "\"%s\"", c->str);
				}
}
