/*
 * config.h: the parsed configuration, one plain data structure.
 *
 * The config module parses the Quagga 1.2 language plus the FRR-era lines
 * that IPMininet writes (../shared/reference/ipmininet.md section 4),
 * prints it back (show running-config, golden round-trip tests) and
 * compares two configurations (reload).  Files: config.c (objects,
 * lookups, diagnostics), config_lex.c (word cursor, messages),
 * config_parse.c (driver, top level), config_lists.c, config_bgp.c,
 * config_nbr.c, config_rmap.c, config_print.c, config_equal.c; the
 * parser's internals are in config_int.h.  Nothing here touches sockets
 * or the RIB: the daemon builds a whole new struct config, and only if it
 * parsed without error does it look at the difference and apply it.
 * Lists are singly linked in file order (IPv4 lists before IPv6 ones,
 * community lists before large ones); every object owns its strings.
 */
#ifndef OKAPI_CONFIG_H
#define OKAPI_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "af.h"
#include "prefix.h"

/* Quagga 1.2 defaults (../shared/reference/quagga-vty.md section 7.2). */
#define CONF_DEF_KEEPALIVE 60
#define CONF_DEF_HOLDTIME 180
#define CONF_DEF_CONNECT_RETRY 5
#define CONF_DEF_MRAI_EBGP 3
#define CONF_DEF_MRAI_IBGP 1
#define CONF_DEF_LOCAL_PREF 100
#define CONF_DEF_GR_RESTART_TIME 120
#define CONF_DEF_GR_STALEPATH_TIME 360
#define CONF_DEF_BGP_PORT 179
#define CONF_DEF_EXEC_TIMEOUT 600	/* seconds */
#define CONF_DEF_VTY_SESSIONS 8
#define CONF_ATTR_BITMAP 32	/* bytes: one bit per attribute code */

/* send-community flags (default all three, as Quagga shows "(all)"). */
#define CONF_COMM_STD 0x1
#define CONF_COMM_EXT 0x2
#define CONF_COMM_LARGE 0x4
#define CONF_COMM_ALL 0x7

/* Per-neighbor, per-address-family settings. */
struct nbr_af_conf {
	int8_t activate;	/* -1 = not said (default applies), 0, 1;
				 * a parsed config always holds 0 or 1 */
	bool next_hop_self;
	bool next_hop_self_all;	/* Quagga's "next-hop-self all" */
	bool rr_client;
	uint8_t send_community;	/* CONF_COMM_* */
	bool soft_reconfig_in;
	bool default_originate;
	char *default_originate_rmap;
	char *rmap_in, *rmap_out;
	char *plist_in, *plist_out;
	uint32_t max_prefix;	/* 0 = no limit */
	uint8_t max_prefix_threshold;	/* percent, default 75 */
	bool max_prefix_warning_only;
	uint16_t max_prefix_restart;	/* minutes, 0 = none */
	uint32_t weight;	/* 0-65535; written under "router bgp" (not
				 * in a family block) it is set for every
				 * family, as Quagga keeps it per neighbor */
	bool weight_set;
	uint8_t allowas_in;	/* 0 = off; bare "allowas-in" = 3 */
	char *flist_in, *flist_out;	/* filter-list (as-path access-list) */
};

struct nbr_conf {
	struct nbr_conf *next;
	struct ipaddr addr;
	uint32_t remote_as;	/* always set in a parsed config: any other
				 * line before "remote-as" is an error */
	uint16_t port;		/* default 179 */
	char *description;
	uint8_t ebgp_multihop;	/* 0 = off, else TTL (bare keyword: 255) */
	uint8_t ttl_security_hops;	/* 0 = off */
	char *update_source;	/* interface name or address, as written */
	int keepalive, holdtime;	/* -1 = the global "timers bgp" */
	int connect_retry;	/* -1 = default */
	int adv_interval;	/* -1 = default for eBGP/iBGP */
	bool shutdown;
	bool passive;
	char *password;		/* TCP MD5 */
	/* neighbor X path-attribute discard N... (FRR): attribute type
	 * codes dropped on receipt, bit c = byte c / 8, 1 << (c % 8) */
	uint8_t attr_discard[CONF_ATTR_BITMAP];
	int line;		/* where "remote-as" was given, for messages */
	struct nbr_af_conf af[BGP_AF_MAX];
};

struct network_conf {
	struct network_conf *next;
	struct prefix prefix;
	char *rmap;
};

struct redist_conf {
	struct redist_conf *next;
	char *type;		/* kernel, connected, static, rip, ospf, isis,
				 * babel; ripng, ospf6 for IPv6 */
	char *rmap;
	uint32_t metric;
	bool metric_set;
};

struct bgp_af_conf {
	struct network_conf *networks;
	struct redist_conf *redists;
	uint16_t max_paths;	/* eBGP multipath, 1 = off */
	uint16_t max_paths_ibgp;
};

struct bgp_conf {
	uint32_t asn;
	struct ipaddr router_id;	/* af 0 = pick one */
	struct ipaddr cluster_id;	/* af 0 = router id */
	bool default_ipv4_unicast;	/* default true */
	bool ebgp_requires_policy;	/* default false (Quagga) */
	bool log_neighbor_changes;	/* default true */
	bool compare_routerid;
	bool always_compare_med;
	bool deterministic_med;
	bool med_missing_as_worst;
	bool med_confed;
	bool aspath_ignore;
	bool aspath_confed;
	bool aspath_multipath_relax;
	uint32_t default_local_pref;	/* default 100 */
	int keepalive, holdtime;	/* "timers bgp KA HOLD", 60 180 */
	bool graceful_restart;
	uint16_t gr_restart_time;
	uint16_t gr_stalepath_time;
	uint16_t gr_select_defer_time;
	uint16_t maxas_limit;		/* 0 = none */
	/* bgp unknown-attribute discard N...: as nbr_conf.attr_discard,
	 * for every neighbor */
	uint8_t attr_discard[CONF_ATTR_BITMAP];
	struct bgp_af_conf af[BGP_AF_MAX];
	struct nbr_conf *neighbors;
};

/* access-list / ipv6 access-list (zebra style: "any" or a prefix). */
struct acl_entry {
	struct acl_entry *next;
	bool permit;
	bool any;
	bool exact_match;
	struct prefix prefix;
};

struct acl {
	struct acl *next;
	char *name;
	int af;			/* AF_INET or AF_INET6 */
	struct acl_entry *entries;
};

/* ip / ipv6 prefix-list. */
struct plist_entry {
	struct plist_entry *next;
	uint32_t seq;
	bool seq_given;		/* printed back only if written */
	bool permit;
	struct prefix prefix;
	uint8_t ge, le;		/* 0 = not given */
};

struct plist {
	struct plist *next;
	char *name;
	int af;
	struct plist_entry *entries;	/* sorted by seq */
};

/* ip|bgp community-list standard|expanded, and ip as-path access-list. */
struct strlist_entry {
	struct strlist_entry *next;
	bool permit;
	char *value;		/* "1:3 no-export" or a regular expression */
};

struct clist {
	struct clist *next;
	char *name;
	bool expanded;
	bool large;		/* bgp large-community-list */
	struct strlist_entry *entries;
};

struct aslist {
	struct aslist *next;
	char *name;
	struct strlist_entry *entries;
};

/* route-map: match and set clauses keep their words; policy.c will
 * evaluate them.  The parser checks that each clause is one it knows and
 * that its arguments have the right shape. */
enum rmap_match_kind {
	RMAP_MATCH_IP_ADDRESS = 1,	/* access-list name */
	RMAP_MATCH_IP_ADDRESS_PLIST,
	RMAP_MATCH_IP_NEXTHOP,
	RMAP_MATCH_IP_NEXTHOP_PLIST,
	RMAP_MATCH_IP_ROUTE_SOURCE,
	RMAP_MATCH_IP_ROUTE_SOURCE_PLIST,
	RMAP_MATCH_IPV6_ADDRESS,
	RMAP_MATCH_IPV6_ADDRESS_PLIST,
	RMAP_MATCH_IPV6_NEXTHOP,	/* X:X::X:X */
	RMAP_MATCH_AS_PATH,
	RMAP_MATCH_COMMUNITY,		/* NAME [exact-match] */
	RMAP_MATCH_LARGE_COMMUNITY,	/* NAME [exact-match] */
	RMAP_MATCH_EXTCOMMUNITY,
	RMAP_MATCH_METRIC,
	RMAP_MATCH_LOCAL_PREF,
	RMAP_MATCH_ORIGIN,		/* igp | egp | incomplete */
	RMAP_MATCH_PEER,		/* address | local */
	RMAP_MATCH_TAG,
	RMAP_MATCH_PROBABILITY,
	RMAP_MATCH_INTERFACE,
};

enum rmap_set_kind {
	RMAP_SET_LOCAL_PREF = 1,
	RMAP_SET_METRIC,		/* N, +N or -N */
	RMAP_SET_WEIGHT,
	RMAP_SET_COMMUNITY,		/* values... | none, [additive] */
	RMAP_SET_COMM_LIST_DELETE,	/* NAME delete */
	RMAP_SET_LARGE_COMMUNITY,
	RMAP_SET_LARGE_COMM_LIST_DELETE,
	RMAP_SET_EXTCOMMUNITY,		/* rt|soo values... */
	RMAP_SET_AS_PATH_PREPEND,	/* ASN... */
	RMAP_SET_AS_PATH_EXCLUDE,
	RMAP_SET_ORIGIN,
	RMAP_SET_IP_NEXTHOP,		/* A.B.C.D | peer-address | unchanged */
	RMAP_SET_IPV6_NEXTHOP_GLOBAL,
	RMAP_SET_IPV6_NEXTHOP_LOCAL,
	RMAP_SET_IPV6_NEXTHOP_PEER,	/* peer-address */
	RMAP_SET_IPV6_NEXTHOP_PREFER_GLOBAL,
	RMAP_SET_ORIGINATOR_ID,
	RMAP_SET_ATOMIC_AGGREGATE,
	RMAP_SET_AGGREGATOR,		/* as ASN A.B.C.D */
	RMAP_SET_TAG,
};

struct rmap_clause {
	struct rmap_clause *next;
	char *text;		/* e.g. "ip address prefix-list hello-world-v4" */
	int kind;		/* enum rmap_match_kind or rmap_set_kind */
	char *arg;		/* the words after the command, validated and
				 * joined by single blanks: "hello-world-v4",
				 * "1:80 no-export additive", "+10" ("" if none) */
};

enum rmap_on_match { RMAP_ON_MATCH_NONE, RMAP_ON_MATCH_NEXT, RMAP_ON_MATCH_GOTO };

struct rmap_entry {
	struct rmap_entry *next;
	uint32_t seq;
	bool permit;
	struct rmap_clause *matches;
	struct rmap_clause *sets;
	char *call;
	enum rmap_on_match on_match;
	uint32_t on_match_goto;
	char *description;
};

struct rmap {
	struct rmap *next;
	char *name;
	struct rmap_entry *entries;	/* sorted by seq */
};

struct config {
	char *hostname;
	char *password;
	char *enable_password;
	char *banner_motd;	/* NULL = default, "" = "no banner motd" */
	char *log_file;		/* NULL = no "log file" */
	int log_file_level;	/* enum log_level, default debugging */
	int log_stdout_level;	/* -1 = off */
	int log_syslog_level;	/* -1 = off */
	bool log_record_priority;
	int log_timestamp_precision;	/* 0-6 digits */
	uint32_t debug;		/* CONF_DEBUG_* bits */
	int exec_timeout;	/* vty idle timeout in seconds, 0 = none */
	int vty_max_sessions;
	char *vty_access_class;
	char *vty_ipv6_access_class;
	bool nht_resolve_via_default;	/* ip nht resolve-via-default */
	uint32_t kernel_table;	/* 0 = main */
	struct bgp_conf *bgp;	/* NULL if no "router bgp" */
	struct acl *acls;
	struct plist *plists;
	struct clist *clists;
	struct aslist *aslists;
	struct rmap *rmaps;
};

#define CONF_DEBUG_UPDATES 0x01
#define CONF_DEBUG_EVENTS 0x02	/* neighbor-events, events, fsm */
#define CONF_DEBUG_KEEPALIVES 0x04
#define CONF_DEBUG_NHT 0x08
#define CONF_DEBUG_ZEBRA 0x10	/* zebra, kernel */
#define CONF_DEBUG_FILTERS 0x20
#define CONF_DEBUG_AS4 0x40
#define CONF_DEBUG_ALL 0x7f

/*
 * Diagnostics from a parse: errors make the parse fail; warnings (e.g.
 * "not supported yet") do not.  Each message is one line, without '\n':
 *   FILE:LINE:COL: error: unknown command "neighbr"; expected one of: ...
 *   FILE:LINE:COL: error: expected an AS number (1-4294967295), got "abc"
 *   FILE:LINE:COL: warning: "neighbor ttl-security" is not supported yet
 *   FILE: error: cannot read: No such file or directory
 * FILE is the path (or name) as given to config_parse_*; LINE and COL
 * count from 1, COL in bytes (a tab is one column).  Messages are kept in
 * line order; at most CONFIG_DIAG_MAX are stored (nerrors/nwarnings keep
 * counting), and config_diag_print then ends with a line
 * "(N more errors/warnings not shown)".
 */
#define CONFIG_DIAG_MAX 1000

/*
 * "not supported yet" warnings (the statement is kept and printed back,
 * okapi does not act on it yet): redistribute rip|ospf|isis|babel|ripng|
 * ospf6 (connected, static and kernel are supported),
 * network ... backdoor, auto-summary, synchronization.  Accepted with the
 * same warning but not kept: neighbor local-as, capability,
 * remove-private-AS, as-override, distribute-list, ... (see config_nbr.c),
 * bgp dampening / client-to-client / enforce-first-as / ...,
 * aggregate-address, distance, log monitor|facility|trap, banner motd
 * file, ipv6 nht, ip extcommunity-list, agentx.  Accepted silently:
 * service ..., frr version|defaults, no auto-summary, no synchronization,
 * login, access-list remark, prefix-list description.
 */

struct config_diag {
	unsigned nerrors;
	unsigned nwarnings;
	unsigned n;
	char **msgs;
};

void config_diag_init(struct config_diag *d);
void config_diag_free(struct config_diag *d);
void config_diag_print(const struct config_diag *d, FILE *f);

/* A config with every default set and no "router bgp". */
struct config *config_new(void);
void config_free(struct config *c);

/*
 * 0 and *out set on success; -1 (and *out NULL) if the text had any error
 * (the config never half-applies).  Warnings and errors are appended to
 * diag (which may already hold messages).  Never crashes on any input:
 * binary bytes, huge lines and words are errors or are handled in
 * dynamically sized buffers.  Linear in the size of the text (hash tables
 * while parsing).  For `bgpd -C`: config_diag_print(diag, stderr).
 */
int config_parse_file(const char *path, struct config **out,
		      struct config_diag *diag);
int config_parse_string(const char *text, const char *name,
			struct config **out, struct config_diag *diag);

/*
 * Print in the canonical form that parses back to an equal config:
 * Quagga's running-config layout (one-blank indentation, "!" between
 * blocks, IPv4 unicast inline in "router bgp", other families in
 * "address-family ipv6 unicast" blocks), only non-default settings,
 * ending with "end\n".  There is no "Current configuration:" header; the
 * vty adds it.
 */
void config_print(const struct config *c, FILE *f);
/* Deep comparison of meaning (prefix-list seq_given and the spelling of
 * activation are ignored; order of lists and entries counts). */
bool config_equal(const struct config *a, const struct config *b);

/*
 * Regular expressions as Quagga compiles them ('_' expanded when aspath):
 * NULL if fine, else why not ("invalid", "too complex").  glibc's
 * regcomp() takes exponential time and memory on short patterns such as
 * "C++++++++++++++++++++++"; every regex a user supplies (config lists,
 * vty filters) is checked here first.
 */
const char *config_regex_check(const char *re, bool aspath);
bool config_nbr_equal(const struct nbr_conf *a, const struct nbr_conf *b);

/* Linear in the number of neighbors. */
struct nbr_conf *config_find_nbr(const struct bgp_conf *b,
				 const struct ipaddr *addr);
/* Is the neighbor active in this family (explicit, or by default)? */
bool config_nbr_active(const struct bgp_conf *b, const struct nbr_conf *n,
		       enum bgp_af af);
/* Lookups by name are linear in the number of lists: resolve a name once
 * (at apply time), not per route. */
struct rmap *config_find_rmap(const struct config *c, const char *name);
struct plist *config_find_plist(const struct config *c, const char *name,
				int af);
struct acl *config_find_acl(const struct config *c, const char *name, int af);
/* Community lists and large-community lists have separate namespaces. */
struct clist *config_find_clist(const struct config *c, const char *name);
struct clist *config_find_lclist(const struct config *c, const char *name);
struct aslist *config_find_aslist(const struct config *c, const char *name);

#endif
