/*
 * session.c: the BGP FSM (RFC 4271 section 8) as pure logic: events in,
 * operations out (see session.h for the model).
 *
 * Our implementation follows Quagga 1.2 where RFC 4271 leaves a choice:
 * - any error after the TCP connection is up sends its NOTIFICATION,
 *   closes and goes to Idle; the start (idle hold) timer then restarts
 *   the session after 1 s plus up to 1 s of jitter, doubled after each
 *   failure that did not reach Established, at most 60 s;
 * - a failed TCP connect goes to Active and retries when the
 *   ConnectRetry timer (5 s) fires, as does a connect still pending then;
 * - the negotiated hold time is min(ours, theirs), the keepalive interval
 *   hold/3 (or the configured one if smaller); hold 0 disables both;
 *   keepalives are sent at 75-100% of the interval (jitter, RFC 4271 10).
 *
 * Limitations: no DelayOpen, no send hold timer (RFC 9687) yet, no
 * extended messages (we never advertise RFC 8654, so 4096 is the limit).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "session.h"

static const char *const state_names[] = {
    "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established",
};

static const char *const reset_names[SESSION_RESET_MAX] = {
    [SESSION_RESET_NONE] = "",
    [SESSION_RESET_RID_CHANGE] = "Router ID changed",
    [SESSION_RESET_REMOTE_AS] = "Remote AS changed",
    [SESSION_RESET_LOCAL_AS] = "Local AS change",
    [SESSION_RESET_CLID_CHANGE] = "Cluster ID changed",
    [SESSION_RESET_CONFED_ID] = "Confederation identifier changed",
    [SESSION_RESET_CONFED_PEER] = "Confederation peer changed",
    [SESSION_RESET_RR_CLIENT] = "RR client config change",
    [SESSION_RESET_RS_CLIENT] = "RS client config change",
    [SESSION_RESET_UPDATE_SOURCE] = "Update source change",
    [SESSION_RESET_AF_ACTIVATE] = "Address family activated",
    [SESSION_RESET_ADMIN_SHUTDOWN] = "Admin. shutdown",
    [SESSION_RESET_USER_RESET] = "User reset",
    [SESSION_RESET_NOTIFY_RECEIVED] = "BGP Notification received",
    [SESSION_RESET_NOTIFY_SEND] = "BGP Notification send",
    [SESSION_RESET_CLOSED] = "Peer closed the session",
    [SESSION_RESET_DELETED] = "Neighbor deleted",
    [SESSION_RESET_PG_ADD] = "Peer-group add member",
    [SESSION_RESET_PG_DEL] = "Peer-group delete member",
    [SESSION_RESET_CAPABILITY] = "Capability changed",
    [SESSION_RESET_PASSIVE] = "Passive config change",
    [SESSION_RESET_MULTIHOP] = "Multihop config change",
    [SESSION_RESET_NSF_CLOSED] = "NSF peer closed the session",
};

const char *session_state_str(enum session_state st)
{
	if ((unsigned)st > SESSION_ESTABLISHED)
		return "?";
	return state_names[st];
}

const char *session_reset_str(enum session_reset r)
{
	if ((unsigned)r >= SESSION_RESET_MAX)
		return "?";
	return reset_names[r];
}

static uint64_t now_ms(struct session *s)
{
	return s->ops->now(s);
}

static void timers_changed(struct session *s)
{
	if (s->ops->timers)
		s->ops->timers(s);
}

/* The state users see: the most advanced connection, else whether we
 * are connecting, waiting for the peer, or idle. */
static void update_state(struct session *s)
{
	enum session_state st = SESSION_IDLE;
	int i;

	for (i = 0; i < 2; i++)
		if (s->conn[i].state >= SESSION_OPENSENT &&
		    s->conn[i].state > st)
			st = s->conn[i].state;
	if (st == SESSION_IDLE) {
		if (s->conn[SESSION_CONN_OUT].state == SESSION_CONNECT)
			st = SESSION_CONNECT;
		else if (s->started && s->t_start == 0)
			st = SESSION_ACTIVE;
	}
	/* Quagga's bgp_fsm_change_status line, with "debug bgp events". */
	if (st != s->state && s->conf.debug_events)
		log_debug("%s went from %s to %s", s->host,
			  session_state_str(s->state), session_state_str(st));
	s->state = st;
}

void session_init(struct session *s, const struct session_ops *ops, void *ctx,
		  const char *host, const struct session_conf *c)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	snprintf(s->host, sizeof(s->host), "%s", host);
	s->conf = *c;
	s->start_time = SESSION_START_INIT;
	s->conn[SESSION_CONN_OUT].outgoing = true;
	s->created = now_ms(s);
}

void session_set_conf(struct session *s, const struct session_conf *c)
{
	s->conf = *c;
}

/* ---- sending ------------------------------------------------------- */

static uint64_t sendhold_ms(const struct session_conn *c)
{
	uint32_t sec = 2u * c->hold;

	return (uint64_t)(sec > SESSION_SENDHOLD_MIN ? sec
						     : SESSION_SENDHOLD_MIN) *
	       1000;
}

/* Hand a whole message to the owner; count it; RFC 9687 4: in
 * Established the send hold timer runs while output is pending. */
static void send_raw(struct session *s, struct session_conn *c,
		     const uint8_t *msg, size_t len)
{
	if (msg[18] < SESSION_MSG_MAX)
		s->st.sent[msg[18]]++;
	if (c->state == SESSION_ESTABLISHED && c->t_sendhold == 0) {
		c->t_sendhold = now_ms(s) + sendhold_ms(c);
		timers_changed(s);
	}
	s->ops->send(s, c, msg, len);
}

static void conn_send(struct session *s, struct session_conn *c,
		      const struct wbuf *w)
{
	if (!wbuf_ok(w) || w->len < BGP_HDR_LEN)
		fatal("%s: message builder failed", s->host);
	send_raw(s, c, w->buf, w->len);
}

void session_output_progress(struct session *s, struct session_conn *c,
			     bool drained)
{
	if (c->state != SESSION_ESTABLISHED)
		return;
	c->t_sendhold = drained ? 0 : now_ms(s) + sendhold_ms(c);
	timers_changed(s);
}

void session_local_open(const struct session *s, struct bgp_open *o)
{
	int af;

	memset(o, 0, sizeof(*o));
	o->version = BGP_VERSION;
	/* RFC 6793 4.1: AS_TRANS in My AS when ours needs four octets. */
	o->my_as = s->conf.local_as > 0xffff ? BGP_AS_TRANS
					     : (uint16_t)s->conf.local_as;
	o->hold = s->conf.holdtime;
	o->bgp_id = s->conf.local_id;
	for (af = 0; af < BGP_AF_MAX; af++) {
		o->caps.mp[af] = s->conf.af[af];
		o->caps.gr_af[af] = s->conf.graceful_restart && s->conf.af[af];
	}
	o->caps.mp_seen = true;
	o->caps.rr = true;
	o->caps.rr_old = true;
	o->caps.as4 = true;
	o->caps.as4_asn = s->conf.local_as;
	/* RFC 4724 3: restart time, no R bit, no F bits (we keep no
	 * forwarding state yet), as Quagga 1.2 advertises by default. */
	o->caps.gr = s->conf.graceful_restart;
	o->caps.gr_time = s->conf.gr_restart_time;
}

static void send_open(struct session *s, struct session_conn *c)
{
	struct bgp_open o;
	struct wbuf w;

	session_local_open(s, &o);
	wbuf_init(&w, BGP_MAX_LEN);
	msg_open_build(&w, &o, false);
	conn_send(s, c, &w);
	wbuf_free(&w);
}

static void send_keepalive(struct session *s, struct session_conn *c)
{
	struct wbuf w;

	wbuf_init(&w, BGP_MAX_LEN);
	msg_keepalive_build(&w);
	conn_send(s, c, &w);
	wbuf_free(&w);
}

/* "%NOTIFICATION: sent to neighbor X 4/0 (Hold Timer Expired) 0 bytes " */
static void log_notify(struct session *s, bool sent, uint8_t code, uint8_t sub,
		       const uint8_t *data, size_t len)
{
	char line[512];

	msg_notify_log_fmt(line, sizeof(line), sent, s->host, code, sub, data,
			   len);
	log_info("%s", line);
}

/* Quagga's bgp_notify_send_with_data follow-up line. */
static void log_notify_sent(struct session *s, uint8_t code, uint8_t sub)
{
	if (code == BGP_ERR_CEASE && sub == BGP_CEASE_ADMIN_RESET)
		log_info("Notification sent to neighbor %s:0: User reset",
			 s->host);
	else if (code == BGP_ERR_CEASE && sub == BGP_CEASE_ADMIN_SHUTDOWN)
		log_info("Notification sent to neighbor %s:0 shutdown",
			 s->host);
	else if (code == BGP_ERR_CEASE && sub == BGP_CEASE_CONFIG_CHANGE)
		log_info("Notification sent to neighbor %s:0: configuration "
			 "change",
			 s->host);
	else
		log_info("Notification sent to neighbor %s:0: type %u/%u",
			 s->host, code, sub);
}

static void send_notify(struct session *s, struct session_conn *c, uint8_t code,
			uint8_t sub, const uint8_t *data, size_t len)
{
	struct wbuf w;

	/* The data must fit one message (RFC 4271 4.5); cut it if not. */
	if (len > BGP_MAX_LEN - BGP_HDR_LEN - 2)
		len = BGP_MAX_LEN - BGP_HDR_LEN - 2;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_notification_build(&w, code, sub, data, len);
	conn_send(s, c, &w);
	wbuf_free(&w);
	s->notify_sent.valid = true;
	s->notify_sent.code = code;
	s->notify_sent.subcode = sub;
	s->notify_sent.len = (uint16_t)len;
	log_notify(s, true, code, sub, data, len);
	log_notify_sent(s, code, sub);
}

/* ---- timers --------------------------------------------------------- */

static uint64_t jitter_ms(struct session *s, uint32_t sec, unsigned lo_pct)
{
	uint64_t ms = (uint64_t)sec * 1000;
	uint32_t span = 100 - lo_pct + 1;

	return ms * (lo_pct + s->ops->random(s) % span) / 100;
}

static void arm_start(struct session *s)
{
	/* Quagga: start timer = idle hold + up to the same again. */
	uint64_t ms = (uint64_t)s->start_time * 1000;

	s->t_start = now_ms(s) + ms + s->ops->random(s) % (ms + 1);
	if (s->t_start == 0)
		s->t_start = 1;
}

static void arm_connect_retry(struct session *s)
{
	s->t_connect = now_ms(s) + (uint64_t)s->conf.connect_retry * 1000;
}

static void arm_hold(struct session *s, struct session_conn *c, uint32_t sec)
{
	c->t_hold = sec ? now_ms(s) + (uint64_t)sec * 1000 : 0;
}

static void arm_keepalive(struct session *s, struct session_conn *c)
{
	c->t_keepalive =
	    c->keepalive ? now_ms(s) + jitter_ms(s, c->keepalive, 75) : 0;
}

/* ---- connection teardown ------------------------------------------ */

static void conn_release(struct session *s, struct session_conn *c)
{
	if (c->io)
		s->ops->close(s, c);
	free(c->ibuf);
	memset(c, 0, sizeof(*c));
	/* Slot 0 is for our connects; it may have held an incoming one. */
	c->outgoing = c == &s->conn[SESSION_CONN_OUT];
}

static void went_down(struct session *s, enum session_reset why)
{
	s->est = NULL;
	s->st.dropped++;
	s->updown_time = now_ms(s);
	if (s->conf.log_neighbor_changes)
		log_info("%%ADJCHANGE: neighbor %s Down %s", s->host,
			 session_reset_str(why));
	/* The families stay readable during the upcall (the RIB flushes
	 * per family). */
	if (s->ops->down)
		s->ops->down(s, why);
	memset(s->af_nego, 0, sizeof(s->af_nego));
}

static struct session_conn *other_conn(struct session *s,
				       struct session_conn *c)
{
	return c == &s->conn[0] ? &s->conn[1] : &s->conn[0];
}

/*
 * A connection is gone.  If it carried the session, the session goes
 * down; if no other connection remains, the FSM goes to Idle and the
 * start timer brings it back (unless stopped).  record says whether the
 * reason is the session's "last reset" (not for a collision loser).
 */
static void conn_down(struct session *s, struct session_conn *c,
		      enum session_reset why, bool record)
{
	bool was_est = c->state == SESSION_ESTABLISHED;
	struct session_conn *o = other_conn(s, c);

	conn_release(s, c);
	if (record) {
		s->last_reset = why;
		s->last_reset_time = now_ms(s);
	}
	if (was_est) {
		went_down(s, why);
	} else if (record && why != SESSION_RESET_ADMIN_SHUTDOWN &&
		   why != SESSION_RESET_DELETED) {
		/* Quagga doubles the idle hold after failures that did not
		 * reach Established. */
		s->start_time *= 2;
		if (s->start_time > SESSION_START_MAX)
			s->start_time = SESSION_START_MAX;
	}
	if (o->state == SESSION_IDLE && s->started && s->t_start == 0) {
		s->t_connect = 0;
		arm_start(s);
	}
	update_state(s);
	timers_changed(s);
}

/* Send a NOTIFICATION on c, close it; the session's last reset is
 * "BGP Notification send". */
static void conn_error(struct session *s, struct session_conn *c,
		       const struct bgp_err *e)
{
	send_notify(s, c, e->code, e->subcode, e->data, e->len);
	conn_down(s, c, SESSION_RESET_NOTIFY_SEND, true);
}

static void conn_fsm_error(struct session *s, struct session_conn *c)
{
	struct bgp_err e;
	uint8_t sub = c->state == SESSION_OPENSENT ? BGP_ERR_FSM_OPENSENT
		      : c->state == SESSION_OPENCONFIRM
			  ? BGP_ERR_FSM_OPENCONFIRM
			  : BGP_ERR_FSM_ESTABLISHED;

	bgp_err_set(&e, BGP_ERR_FSM, sub, NULL, 0);
	conn_error(s, c, &e);
}

/* Collision loser: Cease 6/7 without touching the session's record. */
static void conn_collision(struct session *s, struct session_conn *c)
{
	if (c->state >= SESSION_OPENSENT)
		send_notify(s, c, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0);
	conn_down(s, c, SESSION_RESET_NONE, false);
}

/* ---- start, stop, connect ----------------------------------------- */

static void do_connect(struct session *s)
{
	struct session_conn *c = &s->conn[SESSION_CONN_OUT];

	if (c->state != SESSION_IDLE)
		conn_release(s, c);
	arm_connect_retry(s);
	if (s->ops->connect && s->ops->connect(s, c) == 0) {
		c->state = SESSION_CONNECT;
	} else {
		/* Failed at once (no route, no address): Active, and the
		 * ConnectRetry timer tries again. */
		conn_release(s, c);
	}
	update_state(s);
	timers_changed(s);
}

/* The start timer fired (or an immediate start): RFC 4271 8.2.2 Idle,
 * ManualStart / ManualStart_with_PassiveTcpEstablishment. */
static void start_now(struct session *s)
{
	s->t_start = 0;
	if (s->conf.passive) {
		s->t_connect = 0;
		update_state(s);
		timers_changed(s);
		return;
	}
	do_connect(s);
}

void session_start(struct session *s, bool immediate)
{
	if (s->started)
		return;
	s->started = true;
	if (immediate)
		start_now(s);
	else
		arm_start(s);
	update_state(s);
	timers_changed(s);
}

void session_stop(struct session *s, uint8_t cease_sub, enum session_reset why)
{
	int i;

	s->started = false;
	s->t_start = 0;
	s->t_connect = 0;
	for (i = 0; i < 2; i++) {
		struct session_conn *c = &s->conn[i];

		if (c->state == SESSION_IDLE)
			continue;
		if (c->state >= SESSION_OPENSENT && cease_sub)
			send_notify(s, c, BGP_ERR_CEASE, cease_sub, NULL, 0);
		conn_down(s, c, why, c->state >= SESSION_OPENSENT);
	}
	s->start_time = SESSION_START_INIT;
	update_state(s);
	timers_changed(s);
}

void session_reset(struct session *s, uint8_t cease_sub, enum session_reset why)
{
	session_stop(s, cease_sub, why);
	session_start(s, false);
}

void session_free(struct session *s)
{
	int i;

	for (i = 0; i < 2; i++)
		conn_release(s, &s->conn[i]);
	s->started = false;
	s->t_start = s->t_connect = 0;
}

static int conn_open(struct session *s, struct session_conn *c, void *io)
{
	c->ibuf = malloc(SESSION_INBUF);
	if (!c->ibuf)
		return -1;
	c->io = io;
	c->ilen = 0;
	send_open(s, c);
	c->state = SESSION_OPENSENT;
	/* RFC 4271 8.2.2: a large hold time (4 minutes) until the OPEN. */
	arm_hold(s, c, SESSION_OPENSENT_HOLD);
	return 0;
}

struct session_conn *session_accept(struct session *s, void *io)
{
	struct session_conn *c = &s->conn[SESSION_CONN_IN];

	if (!s->started)
		return NULL;
	if (c->state == SESSION_ESTABLISHED) {
		/* The peer may have restarted without us noticing: let the
		 * new connection in beside the old one (its OPEN then loses
		 * the collision, RFC 4271 6.8, until our hold timer ends the
		 * old one). */
		c = &s->conn[SESSION_CONN_OUT];
		if (c->state != SESSION_IDLE)
			return NULL;
		c->outgoing = false;
	} else if (c->state != SESSION_IDLE) {
		conn_release(s, c); /* a stale half-open one */
	}
	if (conn_open(s, c, io) < 0) {
		c->io = NULL;
		c->outgoing = c == &s->conn[SESSION_CONN_OUT];
		return NULL;
	}
	/* RFC 4271 8.2.2 Active: TcpConnectionConfirmed stops the
	 * ConnectRetry timer; a pending connect of ours goes on and the
	 * collision rules sort the two out. */
	s->t_start = 0;
	if (s->conn[SESSION_CONN_OUT].state == SESSION_IDLE)
		s->t_connect = 0;
	update_state(s);
	timers_changed(s);
	return c;
}

void session_connected(struct session *s, struct session_conn *c)
{
	if (c->state != SESSION_CONNECT)
		return;
	s->t_connect = 0;
	if (conn_open(s, c, c->io) < 0) {
		conn_down(s, c, SESSION_RESET_NONE, false);
		return;
	}
	update_state(s);
	timers_changed(s);
}

void session_connect_failed(struct session *s, struct session_conn *c, int err)
{
	(void)err;
	if (c->state != SESSION_CONNECT)
		return;
	conn_release(s, c);
	/* RFC 4271 8.2.2 Connect: TcpConnectionFails -> Active, the
	 * ConnectRetry timer (still running) tries again. */
	if (s->t_connect == 0)
		arm_connect_retry(s);
	update_state(s);
	timers_changed(s);
}

void session_closed(struct session *s, struct session_conn *c, int err)
{
	(void)err;
	if (c->state == SESSION_IDLE)
		return;
	if (c->state == SESSION_CONNECT) {
		session_connect_failed(s, c, err);
		return;
	}
	conn_down(s, c, SESSION_RESET_CLOSED, true);
}

/* ---- receiving ---------------------------------------------------- */

/* RFC 4760 / 5492: a peer without any MP capability speaks IPv4
 * unicast only. */
static void negotiate_afs(struct session *s, const struct bgp_open *o)
{
	int af;

	for (af = 0; af < BGP_AF_MAX; af++) {
		bool theirs =
		    o->caps.mp_seen ? o->caps.mp[af] : af == BGP_AF_IPV4;

		s->af_nego[af] = s->conf.af[af] && theirs;
	}
}

/* RFC 4271 6.8; the equal-identifier tie (eBGP, RFC 6286 2.3) goes to
 * the larger AS.  True when our identifier wins. */
static bool local_wins(const struct session *s, uint32_t remote_id)
{
	if (s->conf.local_id != remote_id)
		return s->conf.local_id > remote_id;
	return s->conf.local_as > s->conf.remote_as;
}

/*
 * Collision detection when c received its OPEN.  Returns false when c
 * itself lost (and is gone).  The connection initiated by the speaker
 * with the higher BGP Identifier survives (BIRD's reading of 6.8).
 */
static bool resolve_collision(struct session *s, struct session_conn *c,
			      uint32_t remote_id)
{
	struct session_conn *o = other_conn(s, c);
	bool keep_c;

	switch (o->state) {
	case SESSION_CONNECT:
		/* Stop our own attempt: this one already has an OPEN. */
		conn_release(s, o);
		s->t_connect = 0;
		return true;
	case SESSION_OPENCONFIRM:
		keep_c = local_wins(s, remote_id) ? c->outgoing : !c->outgoing;
		if (keep_c) {
			conn_collision(s, o);
			return true;
		}
		conn_collision(s, c);
		return false;
	case SESSION_ESTABLISHED:
		conn_collision(s, c);
		return false;
	default:
		return true;
	}
}

static void open_received(struct session *s, struct session_conn *c,
			  struct rbuf *body)
{
	struct bgp_open o;
	struct bgp_err e;
	uint32_t hold;

	if (msg_open_parse(body, &o, &e) < 0 ||
	    msg_open_check(&o, s->conf.remote_as, s->conf.local_as,
			   s->conf.local_id, &e) < 0) {
		conn_error(s, c, &e);
		return;
	}
	if (!resolve_collision(s, c, o.bgp_id))
		return;
	c->open = o;
	hold = o.hold < s->conf.holdtime ? o.hold : s->conf.holdtime;
	c->hold = (uint16_t)hold;
	c->keepalive = (uint16_t)(hold / 3);
	if (s->conf.keepalive && s->conf.keepalive < c->keepalive)
		c->keepalive = s->conf.keepalive;
	send_keepalive(s, c);
	c->state = SESSION_OPENCONFIRM;
	arm_hold(s, c, c->hold);
	arm_keepalive(s, c);
	update_state(s);
	timers_changed(s);
}

static void establish(struct session *s, struct session_conn *c)
{
	struct session_conn *o = other_conn(s, c);
	int af;

	if (o->state != SESSION_IDLE)
		conn_collision(s, o);
	c->state = SESSION_ESTABLISHED;
	s->est = c;
	s->peer_open = c->open;
	s->peer_open_valid = true;
	s->hold = c->hold;
	s->keepalive = c->keepalive;
	negotiate_afs(s, &c->open);
	for (af = 0; af < BGP_AF_MAX; af++)
		s->eor_sent[af] = s->eor_rcvd[af] = false;
	s->st.established++;
	s->updown_time = now_ms(s);
	s->start_time = SESSION_START_INIT;
	s->t_connect = 0;
	s->t_start = 0;
	arm_hold(s, c, c->hold);
	update_state(s);
	timers_changed(s);
	if (s->conf.log_neighbor_changes)
		log_info("%%ADJCHANGE: neighbor %s Up", s->host);
	if (s->ops->established)
		s->ops->established(s);
}

/* RFC 9003: the operator's reason of a Cease 6/2 or 6/4, made safe to
 * log by msg_shutdown_text (control characters replaced). */
static void log_shutdown_text(struct session *s, uint8_t code, uint8_t sub,
			      const struct rbuf *data)
{
	char text[BGP_SHUTDOWN_MSG_MAX * 4 + 1];

	if (msg_shutdown_text(code, sub, data, text, sizeof(text)) ==
	    MSG_SHUT_TEXT)
		log_info("%s: shutdown communication: \"%s\"", s->host, text);
}

static void notification_received(struct session *s, struct session_conn *c,
				  struct rbuf *body)
{
	uint8_t code = 0, sub = 0;
	struct rbuf data = rbuf_make(NULL, 0);

	if (msg_notification_parse(body, &code, &sub, &data) < 0)
		data = rbuf_make(NULL, 0);
	s->notify_rcvd.valid = true;
	s->notify_rcvd.code = code;
	s->notify_rcvd.subcode = sub;
	s->notify_rcvd.len = (uint16_t)rbuf_left(&data);
	log_notify(s, false, code, sub, rbuf_ptr(&data), rbuf_left(&data));
	log_shutdown_text(s, code, sub, &data);
	/* A loser of collision resolution on the peer's side: not a
	 * reset of the session if the other connection carries on. */
	if (code == BGP_ERR_CEASE && sub == BGP_CEASE_COLLISION &&
	    other_conn(s, c)->state >= SESSION_OPENSENT) {
		conn_down(s, c, SESSION_RESET_NONE, false);
		return;
	}
	conn_down(s, c, SESSION_RESET_NOTIFY_RECEIVED, true);
}

/* RFC 4724 2: IPv4 EoR is an empty UPDATE; others an UPDATE holding
 * only an MP_UNREACH_NLRI with the AFI/SAFI and no NLRI. */
static int eor_family(const uint8_t *body, size_t len)
{
	struct rbuf b = rbuf_make(body, len), wd, attrs, nlri, v;
	struct bgp_err e;
	uint8_t flags, type, safi;
	uint16_t alen, afi;

	if (msg_update_split(&b, &wd, &attrs, &nlri, &e) < 0)
		return -1;
	if (rbuf_left(&wd) || rbuf_left(&nlri))
		return -1;
	if (rbuf_left(&attrs) == 0)
		return BGP_AF_IPV4;
	if (rbuf_u8(&attrs, &flags) < 0 || rbuf_u8(&attrs, &type) < 0 ||
	    type != 15)
		return -1;
	if (flags & 0x10) {
		if (rbuf_u16(&attrs, &alen) < 0)
			return -1;
	} else {
		uint8_t l8;

		if (rbuf_u8(&attrs, &l8) < 0)
			return -1;
		alen = l8;
	}
	if (alen != 3 || rbuf_sub(&attrs, alen, &v) < 0 ||
	    rbuf_left(&attrs) != 0)
		return -1;
	if (rbuf_u16(&v, &afi) < 0 || rbuf_u8(&v, &safi) < 0)
		return -1;
	return bgp_af_from_wire(afi, safi);
}

static void update_received(struct session *s, struct session_conn *c,
			    struct rbuf *body)
{
	struct rbuf b = *body, wd, attrs, nlri;
	struct bgp_err e;
	int af;

	if (msg_update_split(&b, &wd, &attrs, &nlri, &e) < 0) {
		conn_error(s, c, &e);
		return;
	}
	af = eor_family(rbuf_ptr(body), rbuf_left(body));
	if (af >= 0)
		s->eor_rcvd[af] = true;
	if (!s->ops->update)
		return;
	bgp_err_clear(&e);
	/* The hook may itself have stopped the session (max-prefix). */
	if (s->ops->update(s, rbuf_ptr(body), rbuf_left(body), &e) != 0 &&
	    c->state == SESSION_ESTABLISHED)
		conn_error(s, c, &e);
}

static void refresh_received(struct session *s, struct session_conn *c,
			     struct rbuf *body)
{
	struct bgp_err e;
	uint16_t afi;
	uint8_t safi, subtype;

	if (msg_route_refresh_parse(body, &afi, &safi, &subtype, &e) < 0) {
		conn_error(s, c, &e);
		return;
	}
	/* RFC 7313 5: subtypes 1 and 2 (BoRR, EoRR) only mark the borders
	 * of a refresh the peer sends us, and any other non-zero subtype
	 * MUST be ignored: neither asks for our routes again. */
	if (subtype != 0)
		return;
	if (s->ops->route_refresh)
		s->ops->route_refresh(s, afi, safi);
}

/* One whole message on c; RFC 4271 8.2.2 per state, RFC 6608 codes. */
static void dispatch(struct session *s, struct session_conn *c, uint8_t type,
		     struct rbuf *body)
{
	if (type < SESSION_MSG_MAX)
		s->st.rcvd[type]++;
	s->last_read = now_ms(s);
	if (type == BGP_MSG_NOTIFICATION) {
		notification_received(s, c, body);
		return;
	}
	switch (c->state) {
	case SESSION_OPENSENT:
		if (type == BGP_MSG_OPEN)
			open_received(s, c, body);
		else
			conn_fsm_error(s, c);
		return;
	case SESSION_OPENCONFIRM:
		if (type == BGP_MSG_KEEPALIVE)
			establish(s, c);
		else
			conn_fsm_error(s, c);
		return;
	case SESSION_ESTABLISHED:
		break;
	default:
		return;
	}
	if (type == BGP_MSG_OPEN) {
		conn_fsm_error(s, c);
		return;
	}
	arm_hold(s, c, c->hold);
	timers_changed(s);
	if (type == BGP_MSG_UPDATE)
		update_received(s, c, body);
	else if (type == BGP_MSG_ROUTE_REFRESH)
		refresh_received(s, c, body);
}

/* Process the whole messages at the front of c->ibuf.  Returns false
 * once the connection is gone. */
static bool drain_input(struct session *s, struct session_conn *c)
{
	size_t off = 0;

	while (c->ilen - off >= BGP_HDR_LEN) {
		struct rbuf hdr = rbuf_make(c->ibuf + off, BGP_HDR_LEN), body;
		struct bgp_err e;
		uint8_t type;
		uint16_t len;

		if (msg_hdr_parse(&hdr, BGP_MAX_LEN, &type, &len, &e) < 0) {
			conn_error(s, c, &e);
			return false;
		}
		if (c->ilen - off < len)
			break;
		body = rbuf_make(c->ibuf + off + BGP_HDR_LEN,
				 (size_t)len - BGP_HDR_LEN);
		off += len;
		dispatch(s, c, type, &body);
		if (c->state == SESSION_IDLE || c->ibuf == NULL)
			return false;
	}
	if (off) {
		memmove(c->ibuf, c->ibuf + off, c->ilen - off);
		c->ilen -= off;
	}
	return true;
}

void session_input(struct session *s, struct session_conn *c,
		   const uint8_t *buf, size_t len)
{
	while (len > 0) {
		size_t n;

		if (c->state < SESSION_OPENSENT || c->ibuf == NULL)
			return;
		n = SESSION_INBUF - c->ilen;
		if (n > len)
			n = len;
		memcpy(c->ibuf + c->ilen, buf, n);
		c->ilen += n;
		buf += n;
		len -= n;
		if (!drain_input(s, c))
			return;
	}
}

/* ---- timers ------------------------------------------------------- */

uint64_t session_next_deadline(const struct session *s)
{
	uint64_t t[8] = {s->t_start,
			 s->t_connect,
			 s->conn[0].t_hold,
			 s->conn[0].t_keepalive,
			 s->conn[0].t_sendhold,
			 s->conn[1].t_hold,
			 s->conn[1].t_keepalive,
			 s->conn[1].t_sendhold};
	uint64_t best = 0;
	int i;

	for (i = 0; i < 8; i++)
		if (t[i] && (best == 0 || t[i] < best))
			best = t[i];
	return best;
}

static bool due(uint64_t t, uint64_t now)
{
	return t != 0 && t <= now;
}

/* Returns true if something fired (deadlines may have moved). */
static bool run_conn_timers(struct session *s, struct session_conn *c,
			    uint64_t now)
{
	if (due(c->t_hold, now)) {
		struct bgp_err e;

		c->t_hold = 0;
		bgp_err_set(&e, BGP_ERR_HOLD, 0, NULL, 0);
		conn_error(s, c, &e);
		return true;
	}
	if (due(c->t_sendhold, now)) {
		struct bgp_err e;

		/* RFC 9687 4: the peer reads nothing; the NOTIFICATION
		 * will likely not get through either, but try. */
		c->t_sendhold = 0;
		log_warn("%s: send hold timer expired: the peer has not read "
			 "our messages for %u s",
			 s->host, (unsigned)(sendhold_ms(c) / 1000));
		bgp_err_set(&e, BGP_ERR_SEND_HOLD, 0, NULL, 0);
		conn_error(s, c, &e);
		return true;
	}
	if (due(c->t_keepalive, now)) {
		send_keepalive(s, c);
		arm_keepalive(s, c);
		return true;
	}
	return false;
}

void session_run_timers(struct session *s)
{
	bool fired = true;

	while (fired) {
		uint64_t now = now_ms(s);

		fired = false;
		if (due(s->t_start, now)) {
			start_now(s);
			fired = true;
		} else if (due(s->t_connect, now)) {
			s->t_connect = 0;
			/* Connect: abandon the pending attempt; Active:
			 * try again (RFC 4271 8.2.2). */
			if (s->started && !s->conf.passive &&
			    s->conn[SESSION_CONN_IN].state == SESSION_IDLE)
				do_connect(s);
			else if (s->conn[SESSION_CONN_OUT].state ==
				 SESSION_CONNECT)
				conn_release(s, &s->conn[SESSION_CONN_OUT]);
			fired = true;
		} else if (run_conn_timers(s, &s->conn[0], now) ||
			   run_conn_timers(s, &s->conn[1], now)) {
			fired = true;
		}
	}
	update_state(s);
	timers_changed(s);
}

/* ---- the RIB's way out -------------------------------------------- */

int session_send(struct session *s, const uint8_t *msg, size_t len)
{
	struct session_conn *c = s->est;

	if (!c || len < BGP_HDR_LEN)
		return -1;
	send_raw(s, c, msg, len);
	return 0;
}

int session_send_eor(struct session *s, enum bgp_af af)
{
	struct wbuf w;
	size_t off;
	int rc;

	if (!s->est || !s->af_nego[af])
		return -1;
	wbuf_init(&w, BGP_MAX_LEN);
	off = msg_begin(&w, BGP_MSG_UPDATE);
	wbuf_u16(&w, 0); /* withdrawn routes length */
	if (af == BGP_AF_IPV4) {
		wbuf_u16(&w, 0);
	} else {
		wbuf_u16(&w, 6);
		wbuf_u8(&w, 0x80); /* optional, non-transitive */
		wbuf_u8(&w, 15);   /* MP_UNREACH_NLRI */
		wbuf_u8(&w, 3);
		wbuf_u16(&w, bgp_af_afi(af));
		wbuf_u8(&w, bgp_af_safi(af));
	}
	msg_finish(&w, off);
	rc = wbuf_ok(&w) ? session_send(s, w.buf, w.len) : -1;
	wbuf_free(&w);
	if (rc == 0)
		s->eor_sent[af] = true;
	return rc;
}
