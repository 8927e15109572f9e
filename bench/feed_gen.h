/*
 * feed_gen.h: a synthetic full BGP feed shaped like a real one, and the
 * UPDATE stream that carries it (bench/bgpfeed's pre-encoding step).
 *
 * The prefixes are the real 2024 table; the AS paths, origins, MEDs and
 * communities are sampled from the two MRT RIB dumps in shared/data and
 * scaled to the counts of a modern feed (performance.md 2.4: about 150k
 * AS paths and 350k attribute sets per 1M prefixes).
 */
#ifndef OKAPI_BENCH_FEED_GEN_H
#define OKAPI_BENCH_FEED_GEN_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer: the encoded stream of one peer. */
struct fg_buf {
	uint8_t *p;
	size_t len, cap;
	size_t msgs;		/* BGP messages in it */
	size_t nlri;		/* prefixes announced in it */
};

struct fg_attrset {
	uint32_t path;		/* index into the AS path pool */
	uint32_t med;
	uint32_t comm;		/* index into the community pool, or FG_NONE */
	uint8_t origin;
	uint8_t has_med;
};

#define FG_NONE UINT32_MAX

struct fg_pfx {
	uint8_t af;		/* 4 or 6 */
	uint8_t len;
	uint8_t addr[16];
	uint32_t set;		/* index into the attribute sets */
};

struct fg_model {
	uint32_t **path;	/* AS paths without the sending peer's AS */
	uint8_t *path_len;
	size_t npath;
	uint32_t **comm;	/* community lists */
	uint8_t *comm_len;
	size_t ncomm;
	struct fg_attrset *set;
	size_t nset;
	struct fg_pfx *pfx;	/* IPv4 first, then IPv6, each in table order */
	size_t npfx4, npfx6;
};

/* The sending peer's view: its AS (first in every AS_PATH, prepended
 * 1 + prepend times) and its next hops. */
struct fg_peer {
	uint32_t asn;
	unsigned prepend;
	uint8_t nh4[4];
	uint8_t nh6[16];
};

struct fg_opts {
	const char *prefixes;	/* fulltable-prefixes text.gz */
	const char *rib_v1;	/* MRT TABLE_DUMP (rrc00 2002) */
	const char *rib_v2;	/* MRT TABLE_DUMP_V2 (routeviews 2014), .bz2 */
	double paths_per_m;	/* AS paths per 1M prefixes */
	double sets_per_m;	/* attribute sets per 1M prefixes */
	int v4_only;
	unsigned seed;
};

/* Build the model (prints what it sampled on stderr).  0 or -1. */
int fg_model_build(struct fg_model *m, const struct fg_opts *o);

/* The full feed for one peer: packed UPDATEs (up to 4096 bytes, all the
 * prefixes of one attribute set together, sets in table order of their
 * first prefix), then End-of-RIB for IPv4 and, unless v4 only, IPv6. */
void fg_encode_feed(const struct fg_model *m, const struct fg_peer *peer,
		    int v4_only, struct fg_buf *out);

/* Re-encode the UPDATEs of an MRT BGP4MP file (gzip) for peer: the first
 * AS of each path replaced by the peer's, next hops the peer's, ORIGIN,
 * MED and COMMUNITIES kept, everything else dropped.  Then one marker
 * UPDATE announcing marker4 (4 bytes, /24).  0 or -1. */
int fg_encode_churn(const char *file, const struct fg_peer *peer,
		    const uint8_t marker4[4], struct fg_buf *out);

/* The marker: an UPDATE announcing one /24 with a one-AS path. */
void fg_encode_marker(const struct fg_peer *peer, const uint8_t pfx[4],
		      struct fg_buf *out);

void fg_buf_put(struct fg_buf *b, const void *p, size_t n);
void fg_buf_free(struct fg_buf *b);

#endif
