/*
 * fuzz_session.c: libFuzzer target for the whole input stream of one
 * established session: the FSM's framing and dispatch (session.c) and,
 * for every UPDATE it hands up, the decoder (update.c, attr.c and the
 * interned objects), as a daemon would run them.  Build and run:
 * tests/fuzz/README.
 *
 * Each run starts a fresh session with a fake transport and clock
 * (as tests/unit/test_session.c does), connects, receives a valid peer
 * OPEN and KEEPALIVE, and only then gets the fuzz input as received
 * bytes.  Input layout:
 *   byte 0: the peer's OPEN: bit 0 four-octet AS, 1 IPv4, 2 IPv6,
 *           3 extended messages (RFC 8654), 4 graceful restart,
 *           5 route refresh, 6 iBGP (same AS), 7 clock steps
 *   byte 1: bits 0-6 the size of the reads (0: the whole rest at
 *           once), bit 7 enforce-first-as (eBGP)
 *   rest:   the bytes the peer sends after its KEEPALIVE
 * With bit 7 set the clock moves 1-16 s (byte 1's low nibble) after
 * each read and the timers run, so that hold and keepalive timers fire
 * between messages.
 *
 * Checks besides the sanitizers: every message the session sends parses
 * (header, and a NOTIFICATION's body); the session is Established or
 * Idle with every connection closed; the decoder's outcome invariants
 * (as fuzz_update.c); no interned object is left once the session is
 * freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "update.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LOCAL_AS 65000u
#define PEER_AS 65001u
#define PEER_AS4 4200000001u

static struct {
	uint64_t now;
	int io;	      /* the transport handle (its address) */
	bool ext_msg; /* extended messages negotiated */
	unsigned closes;
	bool enforce_first_as;
	struct update u;
} F;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_session: %s\n", what);
	abort();
}

static uint64_t f_now(struct session *s)
{
	return F.now;
}

static uint32_t f_random(struct session *s)
{
	return 0x12345678;
}

static int f_connect(struct session *s, struct session_conn *c)
{
	c->io = &F.io;
	return 0;
}

/* Whatever the session sends must be a well-formed message. */
static void f_send(struct session *s, struct session_conn *c,
		   const uint8_t *buf, size_t len)
{
	struct rbuf r = rbuf_make(buf, len), body, dat;
	struct bgp_err e;
	uint8_t type, code, sub;
	uint16_t l;

	if (!c->io)
		die("send on a closed connection");
	if (msg_hdr_parse(&r, BGP_EXT_MAX_LEN, &type, &l, &e) != 0 || l != len)
		die("the session sent a malformed header");
	if (type == BGP_MSG_NOTIFICATION) {
		body = rbuf_make(buf + BGP_HDR_LEN, len - BGP_HDR_LEN);
		if (msg_notification_parse(&body, &code, &sub, &dat) != 0)
			die("the session sent a malformed NOTIFICATION");
		if (len > BGP_MAX_LEN)
			die("NOTIFICATION over 4096 octets (RFC 8654 5)");
	} else if (len > BGP_MAX_LEN && !F.ext_msg) {
		die("message over 4096 octets without extended messages");
	}
}

static void f_close(struct session *s, struct session_conn *c)
{
	F.closes++;
	c->io = NULL;
}

static void check_update(const struct update *u)
{
	int af;

	if (u->action == ATTR_SESSION_RESET) {
		if (u->err.code != BGP_ERR_UPDATE)
			die("UPDATE session reset that is not 3/x");
		return;
	}
	for (af = 0; af < BGP_AF_MAX; af++) {
		if ((u->attr[af] != NULL) != (u->announced[af].n > 0))
			die("attr set without prefixes or the reverse");
		if (u->action == ATTR_TREAT_AS_WITHDRAW && u->announced[af].n)
			die("announced under treat-as-withdraw");
	}
}

/* The daemon's UPDATE path: decode with what the session negotiated. */
static int f_update(struct session *s, const uint8_t *body, size_t len,
		    struct bgp_err *err)
{
	struct attr_dec_ctx c = {.peer = s->host,
				 .local_as = s->conf.local_as,
				 .peer_as = s->conf.remote_as,
				 .ibgp = s->conf.local_as == s->conf.remote_as,
				 .as4 = s->peer_open.caps.as4,
				 .enforce_first_as = F.enforce_first_as};
	enum attr_action a;
	int af;

	if (s->state != SESSION_ESTABLISHED)
		die("UPDATE handed up outside Established");
	for (af = 0; af < BGP_AF_MAX; af++)
		c.af[af] = s->af_nego[af];
	a = update_decode(&F.u, body, len, &c);
	check_update(&F.u);
	if (a == ATTR_SESSION_RESET)
		*err = F.u.err; /* its data points into body: still valid */
	update_reset(&F.u);
	return a == ATTR_SESSION_RESET;
}

static const struct session_ops fops = {
    .now = f_now,
    .random = f_random,
    .connect = f_connect,
    .send = f_send,
    .close = f_close,
    .update = f_update,
};

static void peer_open(struct session *s, uint8_t sel)
{
	struct bgp_open o;
	struct wbuf w;

	memset(&o, 0, sizeof(o));
	o.version = BGP_VERSION;
	o.hold = 90;
	o.bgp_id = 0x0a000002;
	o.caps.as4 = sel & 1;
	o.caps.as4_asn = s->conf.remote_as;
	o.my_as = s->conf.remote_as > 0xffff ? BGP_AS_TRANS
					     : (uint16_t)s->conf.remote_as;
	o.caps.mp[BGP_AF_IPV4] = sel & 2;
	o.caps.mp[BGP_AF_IPV6] = sel & 4;
	o.caps.mp_seen = sel & 6;
	o.caps.ext_msg = sel & 8;
	o.caps.gr = sel & 16;
	o.caps.gr_time = 120;
	o.caps.gr_af[BGP_AF_IPV4] = o.caps.mp[BGP_AF_IPV4];
	o.caps.rr = sel & 32;
	wbuf_init(&w, BGP_MAX_LEN);
	msg_open_build(&w, &o, false);
	msg_keepalive_build(&w);
	if (!wbuf_ok(&w))
		die("cannot build the peer's OPEN");
	session_input(s, &s->conn[SESSION_CONN_OUT], w.buf, w.len);
	wbuf_free(&w);
}

static void bring_up(struct session *s, uint8_t sel)
{
	struct session_conf c = {
	    .local_as = LOCAL_AS,
	    .remote_as = (sel & 64)  ? LOCAL_AS
			 : (sel & 1) ? PEER_AS4
				     : PEER_AS,
	    .local_id = 0x0a000001,
	    .holdtime = 180,
	    .keepalive = 60,
	    .connect_retry = 5,
	    .af = {true, true},
	    .graceful_restart = true,
	    .gr_restart_time = 120,
	};

	F.now = 1000000;
	F.closes = 0;
	session_init(s, &fops, NULL, "192.0.2.2", &c);
	session_start(s, true);
	if (!s->conn[SESSION_CONN_OUT].io)
		die("no connect on an immediate start");
	session_connected(s, &s->conn[SESSION_CONN_OUT]);
	peer_open(s, sel);
	if (s->state != SESSION_ESTABLISHED)
		die("the fake peer did not reach Established");
	F.ext_msg = s->peer_open.caps.ext_msg;
}

static void check_state(const struct session *s)
{
	int k;

	if (s->state == SESSION_ESTABLISHED)
		return;
	if (s->state != SESSION_IDLE)
		die("left Established for a state other than Idle");
	for (k = 0; k < 2; k++)
		if (s->conn[k].io || s->conn[k].state != SESSION_IDLE)
			die("Idle with a connection still open");
}

static bool leaked(void)
{
	return attr_count() || aspath_count() || community_count() ||
	       ecommunity_count() || lcommunity_count() || attr_ext_count();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	struct session s;
	size_t chunk, off, n;
	uint8_t sel;

	if (size < 2)
		return 0;
	if (!init) {
		update_init(&F.u);
		init = true;
	}
	sel = data[0];
	chunk = (data[1] & 0x7f) ? (data[1] & 0x7f) : size;
	F.enforce_first_as = data[1] & 0x80;
	bring_up(&s, sel);
	for (off = 2; off < size && s.state == SESSION_ESTABLISHED; off += n) {
		n = size - off < chunk ? size - off : chunk;
		session_input(&s, s.est, data + off, n);
		check_state(&s);
		if ((sel & 128) && s.state == SESSION_ESTABLISHED) {
			F.now += 1000 * (1 + (data[1] & 15));
			session_run_timers(&s);
			check_state(&s);
		}
	}
	session_free(&s);
	if (leaked())
		die("interned objects leaked");
	return 0;
}
