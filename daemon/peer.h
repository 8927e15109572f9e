/*
 * peer.h: one configured neighbor: its configuration binding, its FSM
 * (session.h) wired to real sockets and libev, its counters, and the
 * read-only query API the vty and the tests use.
 *
 * struct peer is opaque outside peer.c.  Everything a `show` command
 * prints comes from peer_info_get(), a snapshot taken on the event-loop
 * thread (the vty hands its commands to the loop, never reads a peer
 * from its own threads).  Strings in the snapshot point into the running
 * configuration and stay valid until the loop processes the next event.
 */
#ifndef OKAPI_PEER_H
#define OKAPI_PEER_H

#include <stdbool.h>
#include <stdint.h>

#include "af.h"
#include "msg.h"
#include "prefix.h"
#include "session.h"

struct peer;
struct bgp;
struct bgp_conf;
struct nbr_conf;

struct peer_info {
	struct ipaddr addr;
	char host[IPADDR_STRLEN];
	const char *description;   /* NULL if none */
	const char *update_source; /* NULL if none */
	uint32_t remote_as, local_as;
	bool ibgp;
	bool admin_down; /* neighbor X shutdown */
	bool passive;
	enum session_state state;
	uint32_t remote_id; /* host order; 0 before any OPEN */

	/* Times in seconds before now; "has_*" false = never. */
	bool has_updown;
	uint32_t updown_age;	/* up for / down for */
	uint32_t last_read_age; /* from creation if never read */
	bool has_reset;
	uint32_t last_reset_age;
	enum session_reset last_reset;

	/* Timers: negotiated while Established, else what we would
	 * offer; conf_* = -1 when not configured on the neighbor. */
	uint16_t hold, keepalive;
	int conf_hold, conf_keepalive;
	int connect_retry;
	int next_start_s; /* -1 = timer not running */
	int next_connect_s;

	/* Capabilities: ours (always) and the peer's (once it sent an
	 * OPEN that we accepted). */
	struct bgp_caps caps_adv;
	struct bgp_caps caps_rcvd;
	bool caps_rcvd_valid;
	bool af_active[BGP_AF_MAX]; /* activated in the config */
	bool af_nego[BGP_AF_MAX];   /* negotiated (Established) */
	bool eor_sent[BGP_AF_MAX];
	bool eor_rcvd[BGP_AF_MAX];

	struct session_stats stats; /* sent/rcvd per BGP type */
	uint32_t outq_depth;	    /* messages queued */
	struct session_notify notify_sent, notify_rcvd;

	uint8_t ttl;	       /* hops we allow: 1 or 255 or N */
	uint16_t port;	       /* configured remote port */
	uint16_t adv_interval; /* MRAI, seconds */

	/* maximum-prefix overflow: held down (Quagga's "Idle (PfxCt)")
	 * until clear, or for pfx_restart_s more seconds (-1: no restart
	 * timer) */
	bool pfx_overflow;
	int pfx_restart_s;

	bool has_conn; /* a TCP connection exists */
	struct ipaddr local_addr, remote_addr;
	uint16_t local_port, remote_port;
	bool read_on, write_on;
};

/* Created stopped; peer_start() lets the FSM run. */
struct peer *peer_new(struct bgp *b, const struct bgp_conf *bc,
		      const struct nbr_conf *n);
void peer_start(struct peer *p);
/* Cease 6/3 to an open session, "Neighbor deleted", then free. */
void peer_delete(struct peer *p);
/* Free without any message (after bgp_shutdown, or in tests). */
void peer_free(struct peer *p);

/*
 * Bind to a new configuration (SIGHUP).  Timers and description apply
 * without a reset; changes that alter the session (remote-as, port,
 * update-source, multihop, passive, families) reset it with Cease 6/6;
 * shutdown / no shutdown stop or start it.
 */
void peer_reconfigure(struct peer *p, const struct bgp_conf *bc,
		      const struct nbr_conf *n);
/* Our router id or AS changed: reset with Cease 6/6 and this reason. */
void peer_reset(struct peer *p, const struct bgp_conf *bc,
		enum session_reset why);
/* "clear ip bgp X": Cease 6/4 (Administratively Reset); a session held
 * down by a maximum-prefix overflow starts again at once. */
void peer_clear(struct peer *p);

/* The listener accepted fd from this neighbor's address.  0 = taken,
 * -1 = refused (the caller closes fd). */
int peer_accept(struct peer *p, int fd);

const struct ipaddr *peer_addr(const struct peer *p);
const char *peer_host(const struct peer *p);
enum session_state peer_state(const struct peer *p);
void peer_info_get(const struct peer *p, struct peer_info *out);

/* For the RIB later: send a whole message to an Established peer. */
int peer_send(struct peer *p, const uint8_t *msg, size_t len);
/* Families negotiated with an Established peer (still true inside the
 * bgp_peer_down hook). */
bool peer_af_negotiated(const struct peer *p, enum bgp_af af);
int peer_send_eor(struct peer *p, enum bgp_af af);
/* Did the Established peer advertise route refresh (code 2 or 128)? */
bool peer_refresh_capable(const struct peer *p);
/* ROUTE-REFRESH for af (RFC 2918 3): 0, or -1 when the peer is not
 * Established in af or did not advertise the capability. */
int peer_send_refresh(struct peer *p, enum bgp_af af);

struct bgp *peer_bgp(const struct peer *p);
/* The neighbor's configuration (follows reloads). */
const struct nbr_conf *peer_conf(const struct peer *p);
/* The route decision engine's state for the current session (rde.h);
 * NULL when not Established. */
void *peer_rde_data(const struct peer *p);
void peer_set_rde_data(struct peer *p, void *d);

/* The instance keeps its peers in a list through these. */
struct peer *peer_list_next(const struct peer *p);
void peer_list_set_next(struct peer *p, struct peer *next);

/* Quagga's peer_uptime() format: "never   ", "00:01:02", "1d02h03m",
 * "01w2d03h", "01y02w3d". */
const char *peer_uptime_fmt(uint32_t secs, bool never, char *buf, size_t len);

#endif
