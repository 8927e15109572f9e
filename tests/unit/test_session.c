/*
 * test_session.c: the FSM (session.c) with a fake clock and a fake
 * transport: every operation the session asks for is recorded, every
 * byte it sends is parsed back with the codec and checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "msg.h"
#include "session.h"

#define MAXMSG 64

struct sent {
	int conn; /* index of the slot it was sent on */
	uint8_t type;
	uint8_t code, sub; /* NOTIFICATION */
	uint16_t len;
	uint8_t body[BGP_MAX_LEN];
};

struct fake {
	uint64_t now;
	uint32_t rnd;
	int connect_rc;
	int connects;
	int closes;
	int io_seq;
	struct sent sent[MAXMSG];
	int nsent;
	int established;
	int downs;
	enum session_reset last_down;
	int updates;
	int refreshes;
	int update_rc;
	int update_stops;
};

static struct fake F;
static int io_tokens[16];

static uint64_t f_now(struct session *s)
{
	(void)s;
	return F.now;
}

static uint32_t f_random(struct session *s)
{
	(void)s;
	return F.rnd;
}

static int f_connect(struct session *s, struct session_conn *c)
{
	(void)s;
	F.connects++;
	if (F.connect_rc < 0)
		return -1;
	c->io = &io_tokens[F.io_seq++ % 16];
	return 0;
}

static void f_send(struct session *s, struct session_conn *c,
		   const uint8_t *buf, size_t len)
{
	struct sent *m = &F.sent[F.nsent++ % MAXMSG];
	struct rbuf r = rbuf_make(buf, len), body, data;
	struct bgp_err e;
	uint16_t l;

	assert_non_null(c->io);
	m->conn = c == &s->conn[SESSION_CONN_OUT] ? SESSION_CONN_OUT
						  : SESSION_CONN_IN;
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &m->type, &l, &e), 0);
	assert_int_equal(l, len);
	m->len = l;
	memcpy(m->body, buf + BGP_HDR_LEN, len - BGP_HDR_LEN);
	if (m->type == BGP_MSG_NOTIFICATION) {
		body = rbuf_make(m->body, len - BGP_HDR_LEN);
		assert_int_equal(
		    msg_notification_parse(&body, &m->code, &m->sub, &data), 0);
	}
}

static void f_close(struct session *s, struct session_conn *c)
{
	(void)s;
	F.closes++;
	c->io = NULL;
}

static void f_established(struct session *s)
{
	(void)s;
	F.established++;
}

static void f_down(struct session *s, enum session_reset why)
{
	(void)s;
	F.downs++;
	F.last_down = why;
}

static int f_update(struct session *s, const uint8_t *body, size_t len,
		    struct bgp_err *err)
{
	(void)body;
	(void)len;
	F.updates++;
	if (F.update_stops)
		session_stop(s, BGP_CEASE_MAX_PREFIX,
			     SESSION_RESET_NOTIFY_SEND);
	if (F.update_rc)
		bgp_err_set(err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST, NULL,
			    0);
	return F.update_rc;
}

static void f_refresh(struct session *s, uint16_t afi, uint8_t safi)
{
	(void)s;
	(void)afi;
	(void)safi;
	F.refreshes++;
}

static const struct session_ops fops = {
    .now = f_now,
    .random = f_random,
    .connect = f_connect,
    .send = f_send,
    .close = f_close,
    .established = f_established,
    .down = f_down,
    .update = f_update,
    .route_refresh = f_refresh,
};

#define LOCAL_ID 0x0a000001u /* 10.0.0.1 */
#define LOCAL_AS 65000u
#define REMOTE_AS 65001u

static struct session_conf conf_default(void)
{
	struct session_conf c;

	memset(&c, 0, sizeof(c));
	c.local_as = LOCAL_AS;
	c.remote_as = REMOTE_AS;
	c.local_id = LOCAL_ID;
	c.holdtime = 180;
	c.keepalive = 60;
	c.connect_retry = 5;
	c.af[BGP_AF_IPV4] = true;
	c.af[BGP_AF_IPV6] = true;
	c.graceful_restart = true;
	c.gr_restart_time = 120;
	c.log_neighbor_changes = true;
	c.debug_events = true;
	return c;
}

static void init(struct session *s, const struct session_conf *c)
{
	memset(&F, 0, sizeof(F));
	F.now = 1000000;
	session_init(s, &fops, NULL, "192.0.2.2", c);
}

static struct sent *last_sent(void)
{
	assert_true(F.nsent > 0);
	return &F.sent[(F.nsent - 1) % MAXMSG];
}

static struct sent *last_notify(void)
{
	int i;

	for (i = F.nsent - 1; i >= 0 && i >= F.nsent - MAXMSG; i--)
		if (F.sent[i % MAXMSG].type == BGP_MSG_NOTIFICATION)
			return &F.sent[i % MAXMSG];
	fail_msg("no NOTIFICATION sent");
	return NULL;
}

/* Was this line (after the timestamp and "BGP: ") logged? */
struct find_line {
	const char *want;
	bool found;
};

static void find_cb(const char *line, void *arg)
{
	struct find_line *f = arg;
	const char *m = strstr(line, "BGP: ");

	if (m && strcmp(m + 5, f->want) == 0)
		f->found = true;
}

static bool logged(const char *want)
{
	struct find_line f = {want, false};

	log_ring_walk(find_cb, &f);
	return f.found;
}

static void advance(struct session *s, uint64_t ms)
{
	F.now += ms;
	session_run_timers(s);
}

/* Feed a message built with the codec to connection slot k. */
static void feed_wbuf(struct session *s, int k, struct wbuf *w)
{
	assert_true(wbuf_ok(w));
	session_input(s, &s->conn[k], w->buf, w->len);
	wbuf_free(w);
}

static void feed_open_as(struct session *s, int k, uint32_t as, uint32_t id,
			 uint16_t hold)
{
	struct bgp_open o;
	struct wbuf w;

	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = as > 0xffff ? BGP_AS_TRANS : (uint16_t)as;
	o.hold = hold;
	o.bgp_id = id;
	o.caps.mp[BGP_AF_IPV4] = true;
	o.caps.mp_seen = true;
	o.caps.as4 = true;
	o.caps.as4_asn = as;
	o.caps.rr = true;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_open_build(&w, &o, false);
	feed_wbuf(s, k, &w);
}

static void feed_open(struct session *s, int k, uint32_t id, uint16_t hold)
{
	feed_open_as(s, k, REMOTE_AS, id, hold);
}

static void feed_keepalive(struct session *s, int k)
{
	struct wbuf w;

	wbuf_init(&w, BGP_MAX_LEN);
	msg_keepalive_build(&w);
	feed_wbuf(s, k, &w);
}

static void feed_update(struct session *s, int k)
{
	struct wbuf w;
	size_t off;

	wbuf_init(&w, BGP_MAX_LEN);
	off = msg_begin(&w, BGP_MSG_UPDATE);
	wbuf_u16(&w, 0);
	wbuf_u16(&w, 0);
	msg_finish(&w, off);
	feed_wbuf(s, k, &w);
}

static void feed_notification(struct session *s, int k, uint8_t code,
			      uint8_t sub)
{
	struct wbuf w;

	wbuf_init(&w, BGP_MAX_LEN);
	msg_notification_build(&w, code, sub, NULL, 0);
	feed_wbuf(s, k, &w);
}

/* Idle -> (start timer) Connect -> OpenSent -> OpenConfirm ->
 * Established, on the outgoing connection. */
static void bring_up(struct session *s, uint16_t peer_hold)
{
	session_start(s, false);
	assert_int_equal(s->state, SESSION_IDLE);
	assert_int_equal(F.connects, 0);
	advance(s, 2001);
	assert_int_equal(F.connects, 1);
	assert_int_equal(s->state, SESSION_CONNECT);
	session_connected(s, &s->conn[SESSION_CONN_OUT]);
	assert_int_equal(s->state, SESSION_OPENSENT);
	assert_int_equal(last_sent()->type, BGP_MSG_OPEN);
	feed_open(s, SESSION_CONN_OUT, 0x0a000002, peer_hold);
	assert_int_equal(s->state, SESSION_OPENCONFIRM);
	assert_int_equal(last_sent()->type, BGP_MSG_KEEPALIVE);
	feed_keepalive(s, SESSION_CONN_OUT);
	assert_int_equal(s->state, SESSION_ESTABLISHED);
}

static void test_idle_to_established(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	bring_up(&s, 90);
	assert_int_equal(F.established, 1);
	assert_int_equal(s.st.established, 1);
	assert_true(logged("%ADJCHANGE: neighbor 192.0.2.2 Up"));
	assert_true(logged("192.0.2.2 went from OpenConfirm to Established"));
	assert_int_equal(s.st.sent[BGP_MSG_OPEN], 1);
	assert_int_equal(s.st.sent[BGP_MSG_KEEPALIVE], 1);
	assert_int_equal(s.st.rcvd[BGP_MSG_OPEN], 1);
	assert_int_equal(s.st.rcvd[BGP_MSG_KEEPALIVE], 1);
	/* min(180, 90) and 90/3 */
	assert_int_equal(s.hold, 90);
	assert_int_equal(s.keepalive, 30);
	assert_true(s.peer_open_valid);
	assert_int_equal(s.peer_open.bgp_id, 0x0a000002);
	/* the peer offered IPv4 only: the intersection */
	assert_true(s.af_nego[BGP_AF_IPV4]);
	assert_false(s.af_nego[BGP_AF_IPV6]);
	assert_int_equal(session_send_eor(&s, BGP_AF_IPV6), -1);
	assert_int_equal(session_send_eor(&s, BGP_AF_IPV4), 0);
	assert_int_equal(last_sent()->type, BGP_MSG_UPDATE);
	assert_int_equal(last_sent()->len, 23);
	session_free(&s);
}

/* The OPEN we send: AS_TRANS with a 4-octet AS, the capabilities. */
static void test_open_sent_contents(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct bgp_open o;
	struct bgp_err e;
	struct rbuf body;

	(void)state;
	c.local_as = 4200000001u;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	assert_int_equal(last_sent()->type, BGP_MSG_OPEN);
	body = rbuf_make(last_sent()->body, last_sent()->len - BGP_HDR_LEN);
	assert_int_equal(msg_open_parse(&body, &o, &e), 0);
	assert_int_equal(o.my_as, BGP_AS_TRANS);
	assert_int_equal(o.hold, 180);
	assert_int_equal(o.bgp_id, LOCAL_ID);
	assert_true(o.caps.as4);
	assert_int_equal(o.caps.as4_asn, 4200000001u);
	assert_true(o.caps.mp[BGP_AF_IPV4]);
	assert_true(o.caps.mp[BGP_AF_IPV6]);
	assert_true(o.caps.rr);
	assert_true(o.caps.rr_old);
	assert_true(o.caps.gr);
	assert_int_equal(o.caps.gr_time, 120);
	assert_int_equal(o.caps.gr_flags & BGP_GR_FLAG_RESTART, 0);
	assert_true(o.caps.gr_af[BGP_AF_IPV6]);
	assert_false(o.caps.ext_msg);
	session_free(&s);
}

static void test_hold_expiry(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	int before;

	(void)state;
	c.holdtime = 3;
	c.keepalive = 1;
	init(&s, &c);
	bring_up(&s, 180);
	assert_int_equal(s.hold, 3);
	assert_int_equal(s.keepalive, 1);
	/* keepalives flow, at most every second */
	before = (int)s.st.sent[BGP_MSG_KEEPALIVE];
	advance(&s, 1000);
	assert_int_equal(s.st.sent[BGP_MSG_KEEPALIVE], before + 1);
	advance(&s, 1000);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	advance(&s, 1000); /* 3 s without a message from the peer */
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(last_sent()->type, BGP_MSG_NOTIFICATION);
	assert_int_equal(last_sent()->code, BGP_ERR_HOLD);
	assert_int_equal(last_sent()->sub, 0);
	assert_int_equal(s.last_reset, SESSION_RESET_NOTIFY_SEND);
	assert_int_equal(F.downs, 1);
	assert_int_equal(F.last_down, SESSION_RESET_NOTIFY_SEND);
	assert_int_equal(s.st.dropped, 1);
	assert_int_equal(F.closes, 1);
	/* Quagga's lines (quagga-vty.md section 6), trailing blank included */
	assert_true(logged("%NOTIFICATION: sent to neighbor 192.0.2.2 4/0 "
			   "(Hold Timer Expired) 0 bytes "));
	assert_true(logged("Notification sent to neighbor 192.0.2.2:0: "
			   "type 4/0"));
	assert_true(logged("%ADJCHANGE: neighbor 192.0.2.2 Down BGP "
			   "Notification send"));
	/* and it comes back by itself */
	assert_true(s.t_start != 0);
	advance(&s, 2001);
	assert_int_equal(s.state, SESSION_CONNECT);
	assert_int_equal(F.connects, 2);
	session_free(&s);
}

/* Messages from the peer restart the hold timer. */
static void test_hold_refreshed_by_keepalive(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	int i;

	(void)state;
	c.holdtime = 3;
	init(&s, &c);
	bring_up(&s, 3);
	for (i = 0; i < 10; i++) {
		advance(&s, 2000);
		feed_keepalive(&s, SESSION_CONN_OUT);
	}
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	session_free(&s);
}

static void test_keepalive_jitter(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	uint64_t t0;

	(void)state;
	init(&s, &c);
	F.rnd = 0; /* lowest jitter: 75% */
	bring_up(&s, 90);
	t0 = F.now;
	/* ka 30 s; the first one was armed in OpenConfirm at 75% */
	assert_int_equal(s.conn[SESSION_CONN_OUT].t_keepalive - t0, 22500);
	F.rnd = 25; /* highest: 100% */
	advance(&s, 22500);
	assert_int_equal(s.conn[SESSION_CONN_OUT].t_keepalive - F.now, 30000);
	session_free(&s);
}

static void test_hold_zero(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	uint32_t ka;

	(void)state;
	init(&s, &c);
	bring_up(&s, 0);
	assert_int_equal(s.hold, 0);
	assert_int_equal(s.keepalive, 0);
	ka = s.st.sent[BGP_MSG_KEEPALIVE];
	advance(&s, 1000000);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	assert_int_equal(s.st.sent[BGP_MSG_KEEPALIVE], ka);
	assert_int_equal(session_next_deadline(&s), 0);
	session_free(&s);
}

/* Hold time 1 or 2 is 2/6 (RFC 4271 6.2). */
static void test_hold_unacceptable(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	feed_open(&s, SESSION_CONN_OUT, 0x0a000002, 2);
	assert_int_equal(last_sent()->code, BGP_ERR_OPEN);
	assert_int_equal(last_sent()->sub, BGP_ERR_OPEN_HOLD);
	assert_int_equal(s.state, SESSION_IDLE);
	session_free(&s);
}

static void test_bad_peer_as(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	feed_open_as(&s, SESSION_CONN_OUT, 65099, 0x0a000002, 180);
	assert_int_equal(last_sent()->code, BGP_ERR_OPEN);
	assert_int_equal(last_sent()->sub, BGP_ERR_OPEN_PEER_AS);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(s.last_reset, SESSION_RESET_NOTIFY_SEND);
	assert_int_equal(F.downs, 0); /* was never up */
	/* the idle hold doubled after a failure */
	assert_int_equal(s.start_time, 2 * SESSION_START_INIT);
	session_free(&s);
}

/* RFC 7313 5: only subtype 0 asks for the routes again; BoRR (1) and
 * EoRR (2) mark a refresh the peer sends, other subtypes are ignored. */
static void test_refresh_subtypes(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct wbuf w;
	uint8_t sub;

	(void)state;
	init(&s, &c);
	bring_up(&s, 90);
	for (sub = 0; sub < 4; sub++) {
		wbuf_init(&w, BGP_MAX_LEN);
		msg_route_refresh_build(&w, 1, 1, sub);
		feed_wbuf(&s, SESSION_CONN_OUT, &w);
		assert_int_equal(s.state, SESSION_ESTABLISHED);
	}
	assert_int_equal(F.refreshes, 1);
	session_free(&s);
}

/* RFC 6608: unexpected messages per state. */
static void test_update_in_opensent(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	feed_update(&s, SESSION_CONN_OUT);
	assert_int_equal(last_sent()->code, BGP_ERR_FSM);
	assert_int_equal(last_sent()->sub, BGP_ERR_FSM_OPENSENT);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(F.updates, 0);
	session_free(&s);
}

static void test_update_in_openconfirm(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	feed_open(&s, SESSION_CONN_OUT, 0x0a000002, 180);
	feed_update(&s, SESSION_CONN_OUT);
	assert_int_equal(last_sent()->code, BGP_ERR_FSM);
	assert_int_equal(last_sent()->sub, BGP_ERR_FSM_OPENCONFIRM);
	assert_int_equal(s.state, SESSION_IDLE);
	session_free(&s);
}

static void test_open_in_established(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	feed_open(&s, SESSION_CONN_OUT, 0x0a000002, 180);
	assert_int_equal(last_sent()->code, BGP_ERR_FSM);
	assert_int_equal(last_sent()->sub, BGP_ERR_FSM_ESTABLISHED);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(F.downs, 1);
	session_free(&s);
}

static void test_update_established(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	static const uint8_t bad[] = {
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0x00, 0x17, 0x02, 0xea, 0x60, 0x00, 0x00,
	};

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	feed_update(&s, SESSION_CONN_OUT);
	assert_int_equal(F.updates, 1);
	assert_int_equal(s.st.rcvd[BGP_MSG_UPDATE], 1);
	assert_true(s.eor_rcvd[BGP_AF_IPV4]);
	/* withdrawn length 0xea60 overruns: 3/1 (catalogue #20) */
	session_input(&s, &s.conn[SESSION_CONN_OUT], bad, sizeof(bad));
	assert_int_equal(last_sent()->code, BGP_ERR_UPDATE);
	assert_int_equal(last_sent()->sub, BGP_ERR_UPD_ATTR_LIST);
	assert_int_equal(F.updates, 1);
	assert_int_equal(s.state, SESSION_IDLE);
	session_free(&s);
}

/* The RIB's verdict resets the session with its NOTIFICATION. */
static void test_update_hook_error(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	F.update_rc = -1;
	feed_update(&s, SESSION_CONN_OUT);
	assert_int_equal(last_sent()->code, BGP_ERR_UPDATE);
	assert_int_equal(s.state, SESSION_IDLE);
	session_free(&s);
}

/* The hook stops the session itself (as max-prefix will): one Cease,
 * nothing sent on the closed connection afterwards. */
static void test_update_hook_stops(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	int n;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	F.update_stops = 1;
	F.update_rc = -1;
	n = (int)s.st.sent[BGP_MSG_NOTIFICATION];
	feed_update(&s, SESSION_CONN_OUT);
	assert_int_equal(s.st.sent[BGP_MSG_NOTIFICATION], n + 1);
	assert_int_equal(last_notify()->sub, BGP_CEASE_MAX_PREFIX);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(F.downs, 1);
	session_free(&s);
}

static void test_bad_marker(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	uint8_t m[19];

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	memset(m, 0, sizeof(m));
	m[17] = 19;
	m[18] = 4;
	session_input(&s, &s.conn[SESSION_CONN_OUT], m, sizeof(m));
	assert_int_equal(last_sent()->code, BGP_ERR_HEADER);
	assert_int_equal(last_sent()->sub, BGP_ERR_HDR_SYNC);
	assert_int_equal(s.state, SESSION_IDLE);
	session_free(&s);
}

/* Messages split at every byte and several in one read. */
static void test_input_framing(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct wbuf w;
	size_t i, off;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	wbuf_init(&w, 0);
	msg_keepalive_build(&w);
	off = msg_begin(&w, BGP_MSG_UPDATE);
	wbuf_u16(&w, 0);
	wbuf_u16(&w, 0);
	msg_finish(&w, off);
	msg_keepalive_build(&w);
	assert_true(wbuf_ok(&w));
	for (i = 0; i < w.len; i++)
		session_input(&s, &s.conn[SESSION_CONN_OUT], w.buf + i, 1);
	session_input(&s, &s.conn[SESSION_CONN_OUT], w.buf, w.len);
	wbuf_free(&w);
	assert_int_equal(s.st.rcvd[BGP_MSG_KEEPALIVE], 1 + 4);
	assert_int_equal(s.st.rcvd[BGP_MSG_UPDATE], 2);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	session_free(&s);
}

static void test_notification_received(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	int nsent;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	nsent = F.nsent;
	feed_notification(&s, SESSION_CONN_OUT, BGP_ERR_CEASE,
			  BGP_CEASE_ADMIN_SHUTDOWN);
	assert_int_equal(F.nsent, nsent); /* nothing answered */
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(s.last_reset, SESSION_RESET_NOTIFY_RECEIVED);
	assert_int_equal(F.last_down, SESSION_RESET_NOTIFY_RECEIVED);
	assert_true(s.notify_rcvd.valid);
	assert_int_equal(s.notify_rcvd.subcode, BGP_CEASE_ADMIN_SHUTDOWN);
	assert_int_equal(s.st.rcvd[BGP_MSG_NOTIFICATION], 1);
	assert_true(logged("%NOTIFICATION: received from neighbor 192.0.2.2 "
			   "6/2 (Cease/Administratively Shutdown) 0 bytes "));
	assert_true(logged("%ADJCHANGE: neighbor 192.0.2.2 Down BGP "
			   "Notification received"));
	session_free(&s);
}

/* RFC 9003: the shutdown communication of a 6/2 is logged. */
static void test_shutdown_communication(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct wbuf w;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	wbuf_init(&w, BGP_MAX_LEN);
	msg_notification_shutdown_build(&w, BGP_CEASE_ADMIN_SHUTDOWN,
					"maintenance\nfake line");
	feed_wbuf(&s, SESSION_CONN_OUT, &w);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_true(logged("192.0.2.2: shutdown communication: "
			   "\"maintenance?fake line\""));
	session_free(&s);
}

static void test_peer_closed(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	session_closed(&s, &s.conn[SESSION_CONN_OUT], 0);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(s.last_reset, SESSION_RESET_CLOSED);
	assert_string_equal(session_reset_str(s.last_reset),
			    "Peer closed the session");
	assert_int_equal(s.st.dropped, 1);
	session_free(&s);
}

static void test_admin_shutdown(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	session_stop(&s, BGP_CEASE_ADMIN_SHUTDOWN,
		     SESSION_RESET_ADMIN_SHUTDOWN);
	assert_int_equal(last_sent()->code, BGP_ERR_CEASE);
	assert_int_equal(last_sent()->sub, BGP_CEASE_ADMIN_SHUTDOWN);
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(F.last_down, SESSION_RESET_ADMIN_SHUTDOWN);
	assert_string_equal(session_reset_str(s.last_reset), "Admin. shutdown");
	assert_true(logged("Notification sent to neighbor 192.0.2.2:0 "
			   "shutdown"));
	assert_true(logged("%ADJCHANGE: neighbor 192.0.2.2 Down Admin. "
			   "shutdown"));
	/* stays Idle: no timer, no connect, incoming refused */
	assert_int_equal(session_next_deadline(&s), 0);
	advance(&s, 600000);
	assert_int_equal(F.connects, 1);
	assert_null(session_accept(&s, &io_tokens[9]));
	assert_int_equal(s.state, SESSION_IDLE);
	/* no shutdown: it starts again */
	session_start(&s, false);
	advance(&s, 2001);
	assert_int_equal(F.connects, 2);
	session_free(&s);
}

static void test_passive(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	c.passive = true;
	init(&s, &c);
	session_start(&s, false);
	advance(&s, 2001);
	assert_int_equal(s.state, SESSION_ACTIVE);
	advance(&s, 600000);
	assert_int_equal(F.connects, 0);
	assert_int_equal(s.state, SESSION_ACTIVE);
	assert_ptr_equal(session_accept(&s, &io_tokens[3]),
			 &s.conn[SESSION_CONN_IN]);
	assert_int_equal(s.state, SESSION_OPENSENT);
	assert_int_equal(last_sent()->type, BGP_MSG_OPEN);
	assert_int_equal(last_sent()->conn, SESSION_CONN_IN);
	feed_open(&s, SESSION_CONN_IN, 0x0a000002, 180);
	feed_keepalive(&s, SESSION_CONN_IN);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	/* the session drops: back to Active, still no connect */
	session_closed(&s, &s.conn[SESSION_CONN_IN], 0);
	advance(&s, 600000);
	assert_int_equal(s.state, SESSION_ACTIVE);
	assert_int_equal(F.connects, 0);
	session_free(&s);
}

/* Connect fails -> Active; ConnectRetry (5 s) -> Connect again; a
 * connect that hangs is abandoned and retried on the same timer. */
static void test_connect_retry(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	assert_int_equal(F.connects, 1);
	session_connect_failed(&s, &s.conn[SESSION_CONN_OUT], ECONNREFUSED);
	assert_int_equal(s.state, SESSION_ACTIVE);
	advance(&s, 4999);
	assert_int_equal(F.connects, 1);
	advance(&s, 1);
	assert_int_equal(F.connects, 2);
	assert_int_equal(s.state, SESSION_CONNECT);
	advance(&s, 5000); /* still pending: abandon and retry */
	assert_int_equal(F.connects, 3);
	assert_int_equal(F.closes, 2); /* the refused one, the hung one */
	assert_int_equal(s.state, SESSION_CONNECT);
	/* immediate failure (no route): Active, retried later */
	F.connect_rc = -1;
	advance(&s, 5000);
	assert_int_equal(F.connects, 4);
	assert_int_equal(s.state, SESSION_ACTIVE);
	session_free(&s);
}

/*
 * Collision (RFC 4271 6.8): both sides connected.  We are 10.0.0.1.
 * Peer id higher: its connection (our incoming) survives; lower: ours.
 */
static void collide(uint32_t peer_id, int expect_loser)
{
	struct session_conf c = conf_default();
	struct session s;
	int winner = !expect_loser;

	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	assert_ptr_equal(session_accept(&s, &io_tokens[5]),
			 &s.conn[SESSION_CONN_IN]);
	assert_int_equal(s.st.sent[BGP_MSG_OPEN], 2);
	feed_open(&s, SESSION_CONN_OUT, peer_id, 180);
	assert_int_equal(s.conn[SESSION_CONN_OUT].state, SESSION_OPENCONFIRM);
	assert_int_equal(s.conn[SESSION_CONN_IN].state, SESSION_OPENSENT);
	feed_open(&s, SESSION_CONN_IN, peer_id, 180);
	/* the loser got Cease 6/7 and is closed; the winner answered
	 * its OPEN with a KEEPALIVE */
	assert_int_equal(last_notify()->code, BGP_ERR_CEASE);
	assert_int_equal(last_notify()->sub, BGP_CEASE_COLLISION);
	assert_int_equal(last_notify()->conn, expect_loser);
	assert_int_equal(s.st.sent[BGP_MSG_NOTIFICATION], 1);
	assert_int_equal(s.conn[expect_loser].state, SESSION_IDLE);
	assert_int_equal(s.conn[winner].state, SESSION_OPENCONFIRM);
	/* not a reset of the session */
	assert_int_equal(s.last_reset, SESSION_RESET_NONE);
	feed_keepalive(&s, winner);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	assert_ptr_equal(s.est, &s.conn[winner]);
	session_free(&s);
}

static void test_collision_peer_higher(void **state)
{
	(void)state;
	collide(0x0a000009, SESSION_CONN_OUT);
}

static void test_collision_local_higher(void **state)
{
	(void)state;
	collide(0x01000001, SESSION_CONN_IN);
}

/* A new connection while Established loses once its OPEN arrives. */
static void test_collision_with_established(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	assert_ptr_equal(session_accept(&s, &io_tokens[7]),
			 &s.conn[SESSION_CONN_IN]);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	feed_open(&s, SESSION_CONN_IN, 0x0a000002, 180);
	assert_int_equal(last_sent()->sub, BGP_CEASE_COLLISION);
	assert_int_equal(last_sent()->conn, SESSION_CONN_IN);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	assert_int_equal(s.conn[SESSION_CONN_IN].state, SESSION_IDLE);
	assert_int_equal(F.downs, 0);
	session_free(&s);
}

/* Established on the peer's connection, and the peer connects again
 * (it restarted): the new one is let in, loses on its OPEN. */
static void test_second_incoming(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct session_conn *n;

	(void)state;
	c.passive = true;
	init(&s, &c);
	session_start(&s, true);
	assert_non_null(session_accept(&s, &io_tokens[1]));
	feed_open(&s, SESSION_CONN_IN, 0x0a000002, 180);
	feed_keepalive(&s, SESSION_CONN_IN);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	n = session_accept(&s, &io_tokens[2]);
	assert_ptr_equal(n, &s.conn[SESSION_CONN_OUT]);
	assert_false(n->outgoing);
	/* a third one while both slots are busy is refused */
	assert_null(session_accept(&s, &io_tokens[3]));
	feed_open(&s, SESSION_CONN_OUT, 0x0a000002, 180);
	assert_int_equal(last_notify()->sub, BGP_CEASE_COLLISION);
	assert_int_equal(last_notify()->conn, SESSION_CONN_OUT);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	assert_true(s.conn[SESSION_CONN_OUT].outgoing); /* slot reset */
	session_free(&s);
}

/* An incoming connection with an OPEN stops our pending connect. */
static void test_incoming_stops_connect(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	assert_int_equal(s.state, SESSION_CONNECT);
	assert_ptr_equal(session_accept(&s, &io_tokens[2]),
			 &s.conn[SESSION_CONN_IN]);
	feed_open(&s, SESSION_CONN_IN, 0x0a000002, 180);
	assert_int_equal(s.conn[SESSION_CONN_OUT].state, SESSION_IDLE);
	assert_int_equal(F.closes, 1);
	assert_int_equal(s.t_connect, 0);
	feed_keepalive(&s, SESSION_CONN_IN);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	session_free(&s);
}

/* OpenSent uses the large hold time (240 s) until the OPEN. */
static void test_opensent_hold(void **state)
{
	struct session_conf c = conf_default();
	struct session s;

	(void)state;
	c.holdtime = 3;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	advance(&s, 239999);
	assert_int_equal(s.state, SESSION_OPENSENT);
	advance(&s, 1);
	assert_int_equal(last_sent()->code, BGP_ERR_HOLD);
	assert_int_equal(s.state, SESSION_IDLE);
	session_free(&s);
}

static void test_eor_ipv6(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct bgp_open o;
	struct wbuf w;
	static const uint8_t want[] = {0, 0, 0, 6, 0x80, 15, 3, 0, 2, 1};

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = REMOTE_AS;
	o.hold = 180;
	o.bgp_id = 0x0a000002;
	o.caps.mp_seen = true;
	o.caps.mp[BGP_AF_IPV4] = o.caps.mp[BGP_AF_IPV6] = true;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_open_build(&w, &o, false);
	feed_wbuf(&s, SESSION_CONN_OUT, &w);
	feed_keepalive(&s, SESSION_CONN_OUT);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	assert_true(s.af_nego[BGP_AF_IPV6]);
	assert_int_equal(session_send_eor(&s, BGP_AF_IPV6), 0);
	assert_int_equal(last_sent()->len, BGP_HDR_LEN + sizeof(want));
	assert_memory_equal(last_sent()->body, want, sizeof(want));
	assert_true(s.eor_sent[BGP_AF_IPV6]);
	session_free(&s);
}

/* A peer without any MP capability: IPv4 unicast only (RFC 4760). */
static void test_no_mp_capability(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct bgp_open o;
	struct wbuf w;

	(void)state;
	init(&s, &c);
	session_start(&s, true);
	session_connected(&s, &s.conn[SESSION_CONN_OUT]);
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = REMOTE_AS;
	o.hold = 180;
	o.bgp_id = 0x0a000002;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_open_build(&w, &o, false);
	feed_wbuf(&s, SESSION_CONN_OUT, &w);
	feed_keepalive(&s, SESSION_CONN_OUT);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	assert_true(s.af_nego[BGP_AF_IPV4]);
	assert_false(s.af_nego[BGP_AF_IPV6]);
	session_free(&s);
}

/* RFC 9687: a peer that reads nothing is dropped with 8/0 after
 * max(8 min, 2 x hold) without output progress; progress resets it. */
static void test_send_hold(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	struct session_conn *k;
	int i;

	(void)state;
	init(&s, &c);
	bring_up(&s, 180);
	k = &s.conn[SESSION_CONN_OUT];
	assert_int_equal(session_send_eor(&s, BGP_AF_IPV4), 0);
	assert_int_equal(k->t_sendhold - F.now, 480000);
	/* the peer keeps sending (so no hold expiry) but never reads */
	for (i = 0; i < 7; i++) {
		advance(&s, 60000);
		feed_keepalive(&s, SESSION_CONN_OUT);
	}
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	/* some progress at 420 s: the timer starts again */
	session_output_progress(&s, k, false);
	advance(&s, 60000);
	feed_keepalive(&s, SESSION_CONN_OUT);
	assert_int_equal(s.state, SESSION_ESTABLISHED);
	session_output_progress(&s, k, true);
	assert_int_equal(k->t_sendhold, 0);
	for (i = 0; i < 9; i++) {
		advance(&s, 60000);
		feed_keepalive(&s, SESSION_CONN_OUT);
	}
	assert_int_equal(s.state, SESSION_IDLE);
	assert_int_equal(last_notify()->code, BGP_ERR_SEND_HOLD);
	assert_int_equal(s.last_reset, SESSION_RESET_NOTIFY_SEND);
	session_free(&s);
}

/* Garbage and mutated OPENs in every state: never a crash (run under
 * ASan/UBSan), always either a NOTIFICATION and Idle or a valid state. */
static void test_random_input(void **state)
{
	struct session_conf c = conf_default();
	struct session s;
	uint8_t buf[600];
	int round, i;

	(void)state;
	srand(4271);
	for (round = 0; round < 400; round++) {
		size_t len = (size_t)(rand() % (int)sizeof(buf));
		int nmsg;

		init(&s, &c);
		if (round % 2)
			bring_up(&s, 180);
		else {
			session_start(&s, true);
			session_connected(&s, &s.conn[SESSION_CONN_OUT]);
		}
		for (i = 0; i < (int)len; i++)
			buf[i] = (uint8_t)rand();
		/* a plausible header half of the time */
		if (round % 4 < 2 && len >= BGP_HDR_LEN) {
			memset(buf, 0xff, 16);
			buf[16] = (uint8_t)(len >> 8);
			buf[17] = (uint8_t)len;
			buf[18] = (uint8_t)(1 + rand() % 5);
		}
		nmsg = F.nsent;
		session_input(&s, &s.conn[SESSION_CONN_OUT], buf, len);
		assert_true(s.state <= SESSION_ESTABLISHED);
		if (s.state == SESSION_IDLE && F.nsent > nmsg)
			assert_true(last_sent()->type == BGP_MSG_NOTIFICATION ||
				    s.st.rcvd[BGP_MSG_NOTIFICATION] > 0);
		session_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idle_to_established),
	    cmocka_unit_test(test_open_sent_contents),
	    cmocka_unit_test(test_hold_expiry),
	    cmocka_unit_test(test_hold_refreshed_by_keepalive),
	    cmocka_unit_test(test_refresh_subtypes),
	    cmocka_unit_test(test_keepalive_jitter),
	    cmocka_unit_test(test_hold_zero),
	    cmocka_unit_test(test_hold_unacceptable),
	    cmocka_unit_test(test_bad_peer_as),
	    cmocka_unit_test(test_update_in_opensent),
	    cmocka_unit_test(test_update_in_openconfirm),
	    cmocka_unit_test(test_open_in_established),
	    cmocka_unit_test(test_update_established),
	    cmocka_unit_test(test_update_hook_error),
	    cmocka_unit_test(test_update_hook_stops),
	    cmocka_unit_test(test_bad_marker),
	    cmocka_unit_test(test_input_framing),
	    cmocka_unit_test(test_notification_received),
	    cmocka_unit_test(test_peer_closed),
	    cmocka_unit_test(test_admin_shutdown),
	    cmocka_unit_test(test_passive),
	    cmocka_unit_test(test_connect_retry),
	    cmocka_unit_test(test_collision_peer_higher),
	    cmocka_unit_test(test_collision_local_higher),
	    cmocka_unit_test(test_collision_with_established),
	    cmocka_unit_test(test_incoming_stops_connect),
	    cmocka_unit_test(test_second_incoming),
	    cmocka_unit_test(test_opensent_hold),
	    cmocka_unit_test(test_eor_ipv6),
	    cmocka_unit_test(test_no_mp_capability),
	    cmocka_unit_test(test_send_hold),
	    cmocka_unit_test(test_random_input),
	    cmocka_unit_test(test_shutdown_communication),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
