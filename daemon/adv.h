/*
 * adv.h: the advertisement module.  For every Established peer and
 * negotiated family it keeps an Adj-RIB-Out (what was last sent: prefix
 * -> interned outbound attribute set, in a trie per peer and family),
 * derives the outbound attributes of each best path (RFC 4271 5.1,
 * RFC 4456 8, RFC 1997), packs the differences into UPDATEs (prefixes
 * sharing one set together, up to 4096 bytes) paced by the peer's MRAI
 * (RFC 4271 9.2.1.1), streams the initial table dump in slices bounded
 * by the peer's output queue and ends it with End-of-RIB (RFC 4724 2).
 *
 * The RDE calls adv_rib_change() from the RIB's change callback and
 * adv_peer_up/down from the session hooks; nothing here modifies the
 * RIB.
 */
#ifndef OKAPI_ADV_H
#define OKAPI_ADV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "prefix.h"

struct ev_loop;
struct rib;
struct rib_change;
struct config;
struct nbr_conf;
struct peer;
struct attr;
struct adv;

struct adv *adv_new(struct ev_loop *loop, struct rib *rib);
void adv_free(struct adv *a);
/* c stays valid until the next call (NULL: no "router bgp"). */
void adv_set_config(struct adv *a, const struct config *c, uint32_t router_id);
/* Established: dump each negotiated family, then End-of-RIB. */
void adv_peer_up(struct adv *a, struct peer *p);
void adv_peer_down(struct adv *a, struct peer *p);
/* Called from the RIB's change callback. */
void adv_rib_change(struct adv *a, const struct rib_change *c);
/* ROUTE-REFRESH received, or clear soft out: send af again. */
void adv_refresh(struct adv *a, struct peer *p, enum bgp_af af);

/* Outbound policy changed by a reload: af's Adj-RIB-Out is compared
 * with the table again and only the differences are sent (what the new
 * policy denies is withdrawn). */
void adv_reevaluate(struct adv *a, struct peer *p, enum bgp_af af);

/* ---- additions: counters, show, and the seams the unit tests use ---- */

struct adv_peer_stats {
	uint32_t prefixes[BGP_AF_MAX];	/* in the Adj-RIB-Out now */
	uint32_t pending[BGP_AF_MAX];	/* waiting for the MRAI */
	uint64_t updates;		/* UPDATEs sent (EoR excluded) */
	uint64_t announced, withdrawn;	/* prefixes, cumulative */
	bool dumping[BGP_AF_MAX];	/* initial dump or refresh running */
};
/* false if p is not known here (not Established). */
bool adv_peer_stats(const struct adv *a, const struct peer *p,
		    struct adv_peer_stats *st);
/* `show ... neighbors X advertised-routes`: in table order; a non-zero
 * return of fn stops the walk and is returned. */
int adv_advertised_walk(struct adv *a, const struct peer *p, enum bgp_af af,
			int (*fn)(const struct prefix *pfx,
				  const struct attr *attr, void *arg),
			void *arg);

/* The instance the vty's show commands read: the first one created,
 * until it is freed (as rde_current). */
struct adv *adv_current(void);

/* How messages leave (default: peer_send, peer_send_eor, the output
 * queue depth from peer_info_get). */
struct adv_io {
	int (*send)(void *arg, struct peer *p, const uint8_t *msg,
		    size_t len);
	int (*send_eor)(void *arg, struct peer *p, enum bgp_af af);
	size_t (*outq)(void *arg, struct peer *p);	/* messages queued */
	void *arg;
};
void adv_set_io(struct adv *a, const struct adv_io *io);

/* What adv_peer_up learns from peer_info_get and the interfaces. */
struct adv_peer_desc {
	struct ipaddr addr;		/* the neighbor */
	struct ipaddr local;		/* our address on the session, af 0:
					 * unknown (route-map out "set ip
					 * next-hop peer-address") */
	uint32_t local_as, remote_as;
	bool ibgp;
	bool as4;			/* four-octet AS negotiated */
	bool af[BGP_AF_MAX];		/* families negotiated */
	const struct nbr_conf *n;	/* NULL: defaults */
	/* Our next hops toward this peer: IPv4 (host order, 0: router
	 * id), IPv6 global and link-local (32-byte next hop when set). */
	uint32_t self4;
	uint32_t subnet4, mask4;	/* shared IPv4 subnet, mask 0: none */
	bool has_self6, has_ll6;
	uint8_t self6[16], ll6[16];
};
void adv_peer_up_desc(struct adv *a, struct peer *p,
		      const struct adv_peer_desc *d);
/* Fill the next-hop fields of d from the session's local address and
 * the interface that holds it (getifaddrs). */
void adv_desc_nexthops(struct adv_peer_desc *d, const struct ipaddr *local,
		       uint32_t router_id);
/* The outbound set of a best path for a peer, NULL if not sent (one new
 * reference): the rules of adv.c without the packing. */
struct attr *adv_out_attr(struct adv *a, const struct peer *p,
			  enum bgp_af af, const struct prefix *pfx,
			  const struct attr *in, uint16_t src_id);
/* Do every pending dump slice and flush now, ignoring the MRAI and the
 * output queue (tests, shutdown). */
void adv_flush_all(struct adv *a);

#endif
