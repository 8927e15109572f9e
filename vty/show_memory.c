/*
 * show_memory.c: `show bgp memory` / `show ip bgp memory` [json], in
 * Quagga 1.2's layout (bgp_vty.c show_bgp_memory: one line per kind,
 * "<count> <what>, using <mtype_memstr> of memory"), from the RIB's and
 * the interning tables' counters.  As in Quagga the bytes are the count
 * times the size of the object (our objects: struct rib_path is 40
 * bytes, not Quagga's bgp_info); the RIB nodes are the trie's entry and
 * glue bytes, and AS paths and community lists count their fixed part
 * only (their values are variable-length, as Quagga's).
 *
 * Limitation: no "peers" line (struct peer is opaque outside peer.c, so
 * its size is unknown here) and no Adj-In/Adj-Out lines.
 */
#include <stdio.h>
#include <string.h>

#include "aspath.h"
#include "attr.h"
#include "bgp.h"
#include "community.h"
#include "log.h"
#include "rde.h"
#include "rib.h"
#include "show_route.h"
#include "trie.h"
#include "vty_int.h"

struct mem_line {
	const char *what;	/* Quagga's text */
	const char *key;	/* json */
	unsigned long count, bytes;
	bool always;		/* printed even when 0 */
};

enum { M_NODES, M_ROUTES, M_NH, M_ATTR, M_ATTR_EXT, M_ASPATH, M_COMM,
       M_ECOMM, M_LCOMM, M_MAX };

static void mem_collect(struct rib *rib, struct mem_line *m)
{
	static const struct mem_line tmpl[M_MAX] = {
		{ "RIB nodes", "ribNodes", 0, 0, true },
		{ "BGP routes", "bgpRoutes", 0, 0, true },
		{ "Nexthop cache entries", "nexthopCacheEntries", 0, 0, false },
		{ "BGP attributes", "attributes", 0, 0, true },
		{ "BGP extra attributes", "extraAttributes", 0, 0, false },
		{ "BGP AS-PATH entries", "asPathEntries", 0, 0, true },
		{ "BGP community entries", "communityEntries", 0, 0, false },
		{ "BGP ext-community entries", "extCommunityEntries", 0, 0,
		  false },
		{ "BGP large-community entries", "largeCommunityEntries", 0, 0,
		  false },
	};
	struct rib_stats st;
	int af;

	memcpy(m, tmpl, sizeof(tmpl));
	memset(&st, 0, sizeof(st));
	if (rib)
		rib_stats(rib, &st);
	for (af = 0; af < BGP_AF_MAX; af++) {
		m[M_NODES].count += st.nodes[af];
		m[M_ROUTES].count += st.paths[af];
		if (rib)
			m[M_NODES].bytes += trie_entry_bytes(&rib->t[af].trie) +
					    trie_glue_bytes(&rib->t[af].trie);
	}
	m[M_ROUTES].bytes = m[M_ROUTES].count * sizeof(struct rib_path);
	m[M_NH].count = st.nexthops;
	m[M_NH].bytes = st.nexthops * sizeof(struct rib_nh);
	m[M_ATTR].count = attr_count();
	m[M_ATTR].bytes = m[M_ATTR].count * sizeof(struct attr);
	m[M_ATTR_EXT].count = attr_ext_count();
	m[M_ATTR_EXT].bytes = m[M_ATTR_EXT].count * sizeof(struct attr_ext);
	m[M_ASPATH].count = aspath_count();
	m[M_ASPATH].bytes = m[M_ASPATH].count * sizeof(struct aspath);
	m[M_COMM].count = community_count();
	m[M_COMM].bytes = m[M_COMM].count * sizeof(struct community);
	m[M_ECOMM].count = ecommunity_count();
	m[M_ECOMM].bytes = m[M_ECOMM].count * sizeof(struct ecommunity);
	m[M_LCOMM].count = lcommunity_count();
	m[M_LCOMM].bytes = m[M_LCOMM].count * sizeof(struct lcommunity);
}

static int show_memory(struct vty_out *out, int argc, char **argv)
{
	struct bgp *b = vty_bgp_current();
	struct rde *r = b ? bgp_rde(b) : NULL;
	bool json = argc > 0 && (argv[argc - 1][0] == 'j' ||
				 argv[argc - 1][0] == 'J');
	struct mem_line m[M_MAX];
	char buf[32];
	int i;

	mem_collect(r ? rde_rib(r) : NULL, m);
	if (json)
		vty_out_puts(out, "{");
	for (i = 0; i < M_MAX; i++) {
		if (json) {
			vty_out_printf(out, "%s\"%s\":{\"count\":%lu,"
					    "\"bytes\":%lu}",
				       i ? "," : "", m[i].key, m[i].count,
				       m[i].bytes);
			continue;
		}
		if (!m[i].count && !m[i].always)
			continue;
		vty_out_printf(out, "%lu %s, using %s of memory\n", m[i].count,
			       m[i].what, vty_memstr(m[i].bytes, buf,
						     sizeof(buf)));
	}
	if (json)
		vty_out_puts(out, "}\n");
	return VTY_DONE;
}

#define MEM_HELP "Show running system information\nBGP information\n" \
		 "Global BGP memory statistics"
#define MEM_IP_HELP "Show running system information\nIP information\n" \
		    "BGP information\nGlobal BGP memory statistics"
#define JSON_HELP "\nJavaScript Object Notation"

static const struct vty_cmd mem_cmds[] = {
	{ "show bgp memory", MEM_HELP, VTY_VIEW, show_memory, 0 },
	{ "show ip bgp memory", MEM_IP_HELP, VTY_VIEW, show_memory, 0 },
	{ "show bgp memory json", MEM_HELP JSON_HELP, VTY_VIEW, show_memory,
	  0 },
	{ "show ip bgp memory json", MEM_IP_HELP JSON_HELP, VTY_VIEW,
	  show_memory, 0 },
};

void vty_install_memory(void)
{
	size_t i;

	for (i = 0; i < sizeof(mem_cmds) / sizeof(mem_cmds[0]); i++)
		if (vty_install(&mem_cmds[i]) < 0)
			fatal("vty: cannot install \"%s\"", mem_cmds[i].str);
}
