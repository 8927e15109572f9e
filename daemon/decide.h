/*
 * decide.h: the BGP decision process (RFC 4271 9.1.2), in Quagga 1.2's
 * order (bgp_info_cmp, quagga-vty.md 7.1): one comparator,
 * decide_cmp(), and the per-prefix selection of the best path and the
 * multipath set, decide_select().
 *
 * The module knows nothing of the RIB's storage: the caller describes
 * each candidate in a struct decide_path (attributes, source, weight,
 * IGP metric of the next hop, state flags) and gets the marks back.
 */
#ifndef OKAPI_DECIDE_H
#define OKAPI_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prefix.h"

struct attr;
struct bgp_conf;

/* How a path's source relates to us (Quagga's peer sort). */
enum decide_src_type {
	DECIDE_SRC_LOCAL = 0,	/* network, redistribute, aggregate */
	DECIDE_SRC_IBGP,
	DECIDE_SRC_CONFED,	/* confederation eBGP: internal for step 7 */
	DECIDE_SRC_EBGP,
};

/* What the decision needs to know about where a path came from. */
struct decide_src {
	struct ipaddr addr;	/* peer address; af 0: local (no socket) */
	uint32_t router_id;	/* peer BGP identifier, host order */
	uint32_t as;		/* peer AS */
	uint8_t type;		/* enum decide_src_type */
};

/* Path state flags (DECIDE_F_*). */
#define DECIDE_F_REACHABLE 0x01	/* next hop resolved (or local path) */
#define DECIDE_F_HISTORY 0x02	/* dampening history entry */
#define DECIDE_F_REMOVED 0x04	/* being removed */
#define DECIDE_F_STALE 0x08	/* graceful restart stale */
#define DECIDE_F_SELECTED 0x10	/* the best path before this run */

/* Results of decide_select (DECIDE_OUT_*). */
#define DECIDE_OUT_BEST 0x01
#define DECIDE_OUT_MPATH 0x02	/* in the multipath set, not best ('=') */

struct decide_path {
	const struct attr *attr;
	const struct decide_src *src;
	uint32_t weight;
	uint32_t igp_metric;	/* to the next hop, 0 if unknown/local */
	uint8_t flags;		/* DECIDE_F_* */
	uint8_t out;		/* DECIDE_OUT_*, set by decide_select */
	uint16_t group;		/* scratch for deterministic-med */
};

/* The knobs of "router bgp" that change the decision. */
struct decide_cfg {
	uint32_t default_local_pref;	/* "bgp default local-preference" */
	bool always_compare_med;	/* "bgp always-compare-med" */
	bool deterministic_med;		/* "bgp deterministic-med" */
	bool med_missing_as_worst;	/* "bgp bestpath med missing-as-worst" */
	bool med_confed;		/* "bgp bestpath med confed" */
	bool aspath_ignore;		/* "bgp bestpath as-path ignore" */
	bool aspath_confed;		/* "bgp bestpath as-path confed" */
	bool multipath_relax;		/* "bgp bestpath as-path multipath-relax" */
	bool compare_routerid;		/* "bgp bestpath compare-routerid" */
	uint16_t max_paths;		/* "maximum-paths N", 1 = off */
	uint16_t max_paths_ibgp;	/* "maximum-paths ibgp N" */
};

/* The steps, in order; DECIDE_STEP_NONE when nothing differs. */
enum decide_step {
	DECIDE_STEP_NONE = 0,
	DECIDE_STEP_WEIGHT,		/* 1 */
	DECIDE_STEP_LOCAL_PREF,		/* 2 */
	DECIDE_STEP_LOCAL_ROUTE,	/* 3 */
	DECIDE_STEP_AS_PATH,		/* 4 */
	DECIDE_STEP_ORIGIN,		/* 5 */
	DECIDE_STEP_MED,		/* 6 */
	DECIDE_STEP_PEER_TYPE,		/* 7 */
	DECIDE_STEP_IGP_METRIC,		/* 8 */
	DECIDE_STEP_MULTIPATH,		/* 9: never decides */
	DECIDE_STEP_OLDEST,		/* 10 */
	DECIDE_STEP_ROUTER_ID,		/* 11 */
	DECIDE_STEP_CLUSTER_LIST,	/* 12 */
	DECIDE_STEP_NEIGHBOR_ADDR,	/* 13 */
	DECIDE_STEP_ELIGIBILITY,	/* one of them may not be used at all */
};

struct decide_why {
	enum decide_step step;
	bool mpath_eq;		/* equal for multipath (step 9) */
};

/* Quagga defaults: local-pref 100, no multipath, nothing else set. */
void decide_cfg_default(struct decide_cfg *c);
/* From the parsed "router bgp" block, for one family (enum bgp_af). */
void decide_cfg_from_conf(struct decide_cfg *c, const struct bgp_conf *bc,
			  int af);

/* May the path take part at all (RFC 4271 9.1.2 phase 2 first rule)? */
bool decide_eligible(const struct decide_path *p);

/*
 * Compare two eligible paths: < 0 if a is preferred, > 0 if b is.
 * Never 0 for two different sources.  why (may be NULL) gets the step
 * that decided and whether the two are equal for multipath.
 */
int decide_cmp(const struct decide_path *a, const struct decide_path *b,
	       const struct decide_cfg *cfg, struct decide_why *why);

/*
 * Choose among n paths: sets DECIDE_OUT_BEST on the best eligible one
 * and DECIDE_OUT_MPATH on the others of its multipath set; returns the
 * best's index or -1 when none is eligible.
 */
int decide_select(struct decide_path *paths, size_t n,
		  const struct decide_cfg *cfg);

/* FRR-like reason text for a step: "weight", "local-pref", ... */
const char *decide_step_str(enum decide_step s);

#endif
