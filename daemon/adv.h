/*
 * adv.h: the advertisement module.  For every Established peer and
 * negotiated family it keeps an Adj-RIB-Out (what was last sent: prefix
 * -> interned outbound attribute set), derives the outbound attributes
 * of each best path (RFC 4271 5.1, RFC 4456 8, RFC 1997), packs the
 * differences into UPDATEs (prefixes sharing one set together, up to
 * 4096 bytes) paced by the peer's MRAI (RFC 4271 9.2.1.1), streams the
 * initial table dump in slices and ends it with End-of-RIB (RFC 4724 2).
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

#endif
