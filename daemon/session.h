/*
 * session.h: the BGP finite state machine of RFC 4271 section 8, without
 * sockets, libev or a clock of its own.
 *
 * A struct session is one configured neighbor's FSM.  It takes events
 * (start, stop, a connection accepted or connected, bytes received, the
 * transport closed, timers due) and acts through a table of operations
 * supplied by its owner (peer.c in the daemon, a fake in the unit tests):
 * open a connection, send bytes, close, read the clock, draw a random
 * number, and upcalls for "established", "down", "UPDATE received".
 *
 * Connection collision (RFC 4271 6.8) is handled the way BIRD does it: a
 * session has two connection slots, the one we initiated and the one the
 * peer initiated, each with its own sub-state; when an OPEN arrives and
 * the other connection is already in OpenConfirm, the connection opened
 * by the speaker with the higher BGP Identifier survives and the other
 * gets Cease 6/7.  The state shown to users is the most advanced of the
 * two (or Idle/Connect/Active when neither has reached OpenSent).
 *
 * Timers are absolute deadlines in milliseconds of the owner's monotonic
 * clock (0 = not running).  The owner arms one real timer at
 * session_next_deadline() and calls session_run_timers() when it fires;
 * ops->timers() tells it that a deadline changed.
 */
#ifndef OKAPI_SESSION_H
#define OKAPI_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "af.h"
#include "msg.h"
#include "prefix.h"

enum session_state {
	SESSION_IDLE = 0,
	SESSION_CONNECT,
	SESSION_ACTIVE,
	SESSION_OPENSENT,
	SESSION_OPENCONFIRM,
	SESSION_ESTABLISHED,
};

/* Quagga's peer_down_str[]: why a session was last reset
 * (../shared/reference/quagga-vty.md section 3, "Last reset"). */
enum session_reset {
	SESSION_RESET_NONE = 0,
	SESSION_RESET_RID_CHANGE,
	SESSION_RESET_REMOTE_AS,
	SESSION_RESET_LOCAL_AS,
	SESSION_RESET_CLID_CHANGE,
	SESSION_RESET_CONFED_ID,
	SESSION_RESET_CONFED_PEER,
	SESSION_RESET_RR_CLIENT,
	SESSION_RESET_RS_CLIENT,
	SESSION_RESET_UPDATE_SOURCE,
	SESSION_RESET_AF_ACTIVATE,
	SESSION_RESET_ADMIN_SHUTDOWN,
	SESSION_RESET_USER_RESET,
	SESSION_RESET_NOTIFY_RECEIVED,
	SESSION_RESET_NOTIFY_SEND,
	SESSION_RESET_CLOSED,
	SESSION_RESET_DELETED,
	SESSION_RESET_PG_ADD,
	SESSION_RESET_PG_DEL,
	SESSION_RESET_CAPABILITY,
	SESSION_RESET_PASSIVE,
	SESSION_RESET_MULTIHOP,
	SESSION_RESET_NSF_CLOSED,
	SESSION_RESET_MAX
};

/* Timer defaults not in config.h (RFC 4271 8 and 10, Quagga 1.2). */
#define SESSION_OPENSENT_HOLD 240 /* "large" hold time in OpenSent */
#define SESSION_START_INIT 1	  /* idle hold, seconds */
#define SESSION_START_MAX 60
#define SESSION_SENDHOLD_MIN 480 /* RFC 9687: at least 8 minutes */
#define SESSION_INBUF (BGP_EXT_MAX_LEN + BGP_HDR_LEN)

/* Per-type message counters are indexed by the BGP type; dynamic
 * capability messages (which we never negotiate) would be this index. */
#define SESSION_MSG_CAPABILITY 6
#define SESSION_MSG_MAX 7

/* What the FSM needs from the configuration; peer.c fills it. */
struct session_conf {
	uint32_t local_as;
	uint32_t remote_as;
	uint32_t local_id;	/* host order */
	uint16_t holdtime;	/* what we offer in OPEN */
	uint16_t keepalive;	/* upper bound for the negotiated one */
	uint16_t connect_retry; /* seconds */
	bool af[BGP_AF_MAX];	/* families we offer (MP capability) */
	bool passive;		/* never connect */
	bool graceful_restart;	/* advertise GR capability */
	uint16_t gr_restart_time;
	bool log_neighbor_changes;
	bool debug_events; /* "debug bgp events": log state changes */
};

/* One transport connection and its own sub-state. */
struct session_conn {
	enum session_state state; /* IDLE = slot unused */
	bool outgoing;
	void *io; /* the owner's transport handle */
	uint8_t *ibuf;
	size_t ilen;
	struct bgp_open open;	      /* the peer's, from OpenConfirm on */
	uint16_t hold, keepalive;     /* negotiated, seconds */
	uint64_t t_hold, t_keepalive; /* deadlines, ms; 0 = off */
	uint64_t t_sendhold;	      /* RFC 9687, while output is stuck */
};

enum { SESSION_CONN_OUT = 0, SESSION_CONN_IN = 1 };

struct session_stats {
	uint32_t sent[SESSION_MSG_MAX];
	uint32_t rcvd[SESSION_MSG_MAX];
	uint32_t established;
	uint32_t dropped;
};

/* The last NOTIFICATION sent or received, for show and tests. */
struct session_notify {
	bool valid;
	uint8_t code, subcode;
	uint16_t len;
};

struct session;

struct session_ops {
	uint64_t (*now)(struct session *s); /* monotonic, ms */
	uint32_t (*random)(struct session *s);
	void (*timers)(struct session *s); /* a deadline changed */
	/* Start a non-blocking connect; set c->io.  0 = in progress
	 * (session_connected / session_connect_failed follow), -1 = failed
	 * at once.  May be NULL only for sessions that are always passive. */
	int (*connect)(struct session *s, struct session_conn *c);
	void (*send)(struct session *s, struct session_conn *c,
		     const uint8_t *buf, size_t len);
	/* Flush what was queued (best effort), then close c->io. */
	void (*close)(struct session *s, struct session_conn *c);
	/* Upcalls; any may be NULL. */
	void (*established)(struct session *s);
	void (*down)(struct session *s, enum session_reset why);
	/* An UPDATE (body after the header, framing already checked).
	 * Nonzero return = session error, *err is the NOTIFICATION. */
	int (*update)(struct session *s, const uint8_t *body, size_t len,
		      struct bgp_err *err);
	void (*route_refresh)(struct session *s, uint16_t afi, uint8_t safi);
};

struct session {
	const struct session_ops *ops;
	void *ctx;		  /* the owner */
	char host[IPADDR_STRLEN]; /* for log lines */
	struct session_conf conf;
	enum session_state state;    /* as shown */
	bool started;		     /* false = stopped (Admin) */
	struct session_conn conn[2]; /* SESSION_CONN_OUT / _IN */
	uint64_t t_start, t_connect; /* deadlines, ms */
	uint32_t start_time;	     /* idle hold, seconds (backoff) */

	/* Valid while Established (the peer's OPEN stays for show). */
	struct session_conn *est;
	bool af_nego[BGP_AF_MAX];
	bool eor_sent[BGP_AF_MAX];
	bool eor_rcvd[BGP_AF_MAX];
	struct bgp_open peer_open;
	bool peer_open_valid;
	uint16_t hold, keepalive; /* negotiated */

	struct session_stats st;
	enum session_reset last_reset;
	uint64_t last_reset_time; /* ms; 0 = never */
	uint64_t updown_time;	  /* into or out of Established; 0 = never */
	uint64_t last_read;	  /* ms; 0 = never */
	uint64_t created;
	struct session_notify notify_sent, notify_rcvd;
};

void session_init(struct session *s, const struct session_ops *ops, void *ctx,
		  const char *host, const struct session_conf *c);
/* Close every connection without a message and stop all timers. */
void session_free(struct session *s);
/* Change timers, families and the like; nothing is reset (families
 * and timers apply from the next OPEN). */
void session_set_conf(struct session *s, const struct session_conf *c);

/* ManualStart: from Idle, arm the start timer (or connect at once if
 * immediate is set). */
void session_start(struct session *s, bool immediate);
/* ManualStop: Cease/sub to every connection past Connect, close them,
 * go Idle and stay there until session_start(). */
void session_stop(struct session *s, uint8_t cease_sub, enum session_reset why);
/* Stop with Cease/sub then start again (config change, clear). */
void session_reset(struct session *s, uint8_t cease_sub,
		   enum session_reset why);

/* An incoming connection for this neighbor: the slot it now occupies
 * (an OPEN was sent), or NULL = refused (the caller closes io itself,
 * nothing was sent). */
struct session_conn *session_accept(struct session *s, void *io);
void session_connected(struct session *s, struct session_conn *c);
void session_connect_failed(struct session *s, struct session_conn *c, int err);
/* The owner wrote some of c's output (drained: all of it).  Without
 * progress for the send hold time (max(8 min, 2 x hold), RFC 9687) the
 * session is closed with 8/0. */
void session_output_progress(struct session *s, struct session_conn *c,
			     bool drained);
/* Bytes read from c; whole messages are processed as they complete. */
void session_input(struct session *s, struct session_conn *c,
		   const uint8_t *buf, size_t len);
/* The transport saw EOF (err 0) or an error. */
void session_closed(struct session *s, struct session_conn *c, int err);

uint64_t session_next_deadline(const struct session *s);
void session_run_timers(struct session *s);

/* Send a whole message on the established connection (the RIB's way
 * out); -1 if not Established. */
int session_send(struct session *s, const uint8_t *msg, size_t len);
/* The End-of-RIB marker (RFC 4724 2) for a negotiated family. */
int session_send_eor(struct session *s, enum bgp_af af);

/* The OPEN we send, as built from the configuration. */
void session_local_open(const struct session *s, struct bgp_open *o);

const char *session_state_str(enum session_state st);
const char *session_reset_str(enum session_reset r);

#endif
