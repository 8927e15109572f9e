/*
 * test_bgp.c: two BGP instances (bgp.c + peer.c + session.c over real
 * sockets) peering with each other on the loopback inside one libev
 * loop: Established with the negotiated timers and capabilities, End-of-
 * RIB both ways, keepalives, a deconfigured neighbor (Cease 6/3), an
 * admin shutdown (6/2), and a connection from an unknown address closed
 * before a byte is read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ev.h>

#include "bgp.h"
/* the parsed configuration (not autoconf's config.h of the build dir) */
#include "../../daemon/config.h"
#include "peer.h"
#include "rde.h"

struct pair {
	struct ev_loop *loop;
	struct bgp *a, *b;
	uint16_t pa, pb;
	const char *addr; /* "127.0.0.1" or "::1" */
};

/* A port nobody listens on right now (bind 0, read it back). */
static uint16_t free_port(int af)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	int fd = socket(af, SOCK_STREAM, 0);
	uint16_t port;

	assert_true(fd >= 0);
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)af;
	assert_int_equal(bind(fd, (struct sockaddr *)&ss,
			      af == AF_INET ? sizeof(struct sockaddr_in)
					    : sizeof(struct sockaddr_in6)),
			 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &l), 0);
	port = af == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port)
			     : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	close(fd);
	return port;
}

static struct config *conf_for(uint32_t as, uint32_t ras, const char *id,
			       const char *nbr, uint16_t port,
			       const char *extra)
{
	char text[1024];
	struct config_diag d;
	struct config *c = NULL;

	snprintf(text, sizeof(text),
		 "router bgp %u\n"
		 " bgp router-id %s\n"
		 " neighbor %s remote-as %u\n"
		 " neighbor %s port %u\n"
		 " neighbor %s timers 1 3\n"
		 "%s",
		 as, id, nbr, ras, nbr, port, nbr, extra ? extra : "");
	config_diag_init(&d);
	if (config_parse_string(text, "test", &c, &d) < 0) {
		config_diag_print(&d, stderr);
		fail_msg("config did not parse");
	}
	config_diag_free(&d);
	return c;
}

static void pair_open2(struct pair *p, int af, const char *addr,
		       const char *extra_a, const char *extra_b)
{
	struct bgp_opts oa = {0, addr, true, NULL}, ob = {0, addr, true, NULL};

	memset(p, 0, sizeof(*p));
	p->addr = addr;
	p->loop = ev_loop_new(EVFLAG_AUTO);
	p->pa = free_port(af);
	p->pb = free_port(af);
	oa.port = p->pa;
	ob.port = p->pb;
	p->a = bgp_new(p->loop, &oa);
	p->b = bgp_new(p->loop, &ob);
	bgp_apply(p->a, conf_for(65001, 4200000002u, "10.0.0.1", addr, p->pb,
				 extra_a));
	bgp_apply(p->b, conf_for(4200000002u, 65001, "10.0.0.2", addr, p->pa,
				 extra_b));
	assert_int_equal(bgp_listener_count(p->a), 1);
	assert_int_equal(bgp_listen_port(p->b), p->pb);
}

static void pair_open(struct pair *p, int af, const char *addr,
		      const char *extra_a)
{
	pair_open2(p, af, addr, extra_a, NULL);
}

static void pair_close(struct pair *p)
{
	bgp_shutdown(p->a);
	bgp_shutdown(p->b);
	bgp_free(p->a);
	bgp_free(p->b);
	ev_loop_destroy(p->loop);
}

static struct peer *only_peer(struct bgp *b)
{
	struct peer *p = bgp_peer_first(b);

	assert_non_null(p);
	assert_null(bgp_peer_next(p));
	return p;
}

/* Run the loop until pred() or the time limit (seconds). */
static bool run_until(struct pair *p, bool (*pred)(struct pair *), double limit)
{
	ev_tstamp end = ev_time() + limit;

	while (ev_time() < end) {
		if (pred && pred(p))
			return true;
		ev_run(p->loop, EVRUN_ONCE | EVRUN_NOWAIT);
		usleep(2000);
	}
	return pred ? pred(p) : true;
}

static bool both_up(struct pair *p)
{
	return p->a && bgp_peer_first(p->a) &&
	       peer_state(bgp_peer_first(p->a)) == SESSION_ESTABLISHED &&
	       bgp_peer_first(p->b) &&
	       peer_state(bgp_peer_first(p->b)) == SESSION_ESTABLISHED;
}

static bool b_down(struct pair *p)
{
	return peer_state(only_peer(p->b)) != SESSION_ESTABLISHED;
}

static bool eor_both(struct pair *p)
{
	struct peer_info ia, ib;

	peer_info_get(only_peer(p->a), &ia);
	peer_info_get(only_peer(p->b), &ib);
	return ia.eor_rcvd[BGP_AF_IPV4] && ib.eor_rcvd[BGP_AF_IPV4];
}

static void check_up(struct pair *p)
{
	struct peer_info i;

	assert_true(run_until(p, both_up, 10.0));
	assert_true(run_until(p, eor_both, 2.0));
	peer_info_get(only_peer(p->a), &i);
	assert_int_equal(i.state, SESSION_ESTABLISHED);
	assert_int_equal(i.remote_id, 0x0a000002);
	assert_int_equal(i.remote_as, 4200000002u);
	assert_false(i.ibgp);
	assert_int_equal(i.hold, 3);
	assert_int_equal(i.keepalive, 1);
	assert_true(i.caps_rcvd_valid);
	assert_true(i.caps_rcvd.as4);
	assert_int_equal(i.caps_rcvd.as4_asn, 4200000002u);
	assert_true(i.caps_rcvd.rr && i.caps_rcvd.rr_old);
	assert_true(i.caps_rcvd.gr);
	assert_true(i.af_nego[BGP_AF_IPV4]);
	assert_false(i.af_nego[BGP_AF_IPV6]); /* not activated */
	assert_true(i.eor_sent[BGP_AF_IPV4]);
	assert_int_equal(i.stats.established, 1);
	assert_true(i.has_conn);
	assert_int_equal(i.ttl, 1);
	assert_true(i.remote_port == p->pb || i.local_port == p->pa);
	peer_info_get(only_peer(p->b), &i);
	assert_int_equal(i.remote_id, 0x0a000001);
	assert_int_equal(i.remote_as, 65001);
}

static void test_loopback_v4(void **state)
{
	struct pair p;
	struct peer_info i;
	uint32_t ka;

	(void)state;
	pair_open(&p, AF_INET, "127.0.0.1", NULL);
	check_up(&p);
	/* keepalives every second, the session stays up past the hold */
	peer_info_get(only_peer(p.b), &i);
	ka = i.stats.rcvd[BGP_MSG_KEEPALIVE];
	run_until(&p, NULL, 3.5);
	assert_true(both_up(&p));
	peer_info_get(only_peer(p.b), &i);
	/* 1 s interval with 75-100% jitter: 3 to 5 in 3.5 s */
	assert_true(i.stats.rcvd[BGP_MSG_KEEPALIVE] >= ka + 3);
	assert_true(i.stats.rcvd[BGP_MSG_KEEPALIVE] <= ka + 5);
	assert_int_equal(i.stats.established, 1);
	assert_int_equal(i.stats.dropped, 0);

	/* Remove the neighbor from A: B hears Cease 6/3. */
	bgp_apply(p.a,
		  conf_for(65001, 65009, "10.0.0.1", "192.0.2.99", 179, NULL));
	assert_true(run_until(&p, b_down, 3.0));
	peer_info_get(only_peer(p.b), &i);
	assert_true(i.notify_rcvd.valid);
	assert_int_equal(i.notify_rcvd.code, BGP_ERR_CEASE);
	assert_int_equal(i.notify_rcvd.subcode, BGP_CEASE_PEER_UNCONFIG);
	assert_int_equal(i.last_reset, SESSION_RESET_NOTIFY_RECEIVED);
	assert_int_equal(i.stats.dropped, 1);
	/* the new neighbor of A exists, the old one is gone */
	assert_non_null(bgp_peer_first(p.a));
	assert_string_equal(peer_host(only_peer(p.a)), "192.0.2.99");
	pair_close(&p);
}

static void test_loopback_v6_shutdown(void **state)
{
	struct pair p;
	struct peer_info i;
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 s6;

	(void)state;
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	s6.sin6_addr = in6addr_loopback;
	if (fd < 0 || bind(fd, (struct sockaddr *)&s6, sizeof(s6)) < 0) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "SKIP: no IPv6 loopback here, IPv6 transport "
				"untested\n");
		skip();
		return;
	}
	close(fd);
	pair_open(&p, AF_INET6, "::1",
		  " address-family ipv6 unicast\n"
		  "  neighbor ::1 activate\n"
		  " exit-address-family\n");
	check_up(&p);
	/* shutdown on A: Cease 6/2 to B, A stays Idle */
	bgp_apply(p.a, conf_for(65001, 4200000002u, "10.0.0.1", "::1", p.pb,
				" neighbor ::1 shutdown\n"));
	assert_true(run_until(&p, b_down, 3.0));
	peer_info_get(only_peer(p.b), &i);
	assert_int_equal(i.notify_rcvd.code, BGP_ERR_CEASE);
	assert_int_equal(i.notify_rcvd.subcode, BGP_CEASE_ADMIN_SHUTDOWN);
	peer_info_get(only_peer(p.a), &i);
	assert_true(i.admin_down);
	assert_int_equal(i.state, SESSION_IDLE);
	assert_int_equal(i.last_reset, SESSION_RESET_ADMIN_SHUTDOWN);
	run_until(&p, NULL, 3.0);
	peer_info_get(only_peer(p.a), &i);
	assert_int_equal(i.state, SESSION_IDLE);
	assert_int_equal(i.stats.established, 1);
	pair_close(&p);
}

static bool a_established_twice(struct pair *p)
{
	struct peer_info i;

	peer_info_get(only_peer(p->a), &i);
	return i.state == SESSION_ESTABLISHED && i.stats.established == 2;
}

/* SIGHUP semantics: description and timers apply in place; a change
 * that alters the session (passive) resets it with Cease 6/6. */
static void test_reconfigure(void **state)
{
	struct pair p;
	struct peer_info i;
	struct peer *pa;

	(void)state;
	pair_open(&p, AF_INET, "127.0.0.1", NULL);
	check_up(&p);
	pa = only_peer(p.a);
	bgp_apply(p.a, conf_for(65001, 4200000002u, "10.0.0.1", "127.0.0.1",
				p.pb, " neighbor 127.0.0.1 description r2\n"));
	assert_ptr_equal(only_peer(p.a), pa); /* the same peer */
	run_until(&p, NULL, 0.5);
	peer_info_get(pa, &i);
	assert_int_equal(i.state, SESSION_ESTABLISHED);
	assert_int_equal(i.stats.established, 1);
	assert_string_equal(i.description, "r2");

	bgp_apply(p.a, conf_for(65001, 4200000002u, "10.0.0.1", "127.0.0.1",
				p.pb, " neighbor 127.0.0.1 passive\n"));
	peer_info_get(pa, &i);
	assert_true(i.passive);
	assert_int_equal(i.last_reset, SESSION_RESET_PASSIVE);
	assert_int_equal(i.notify_sent.code, BGP_ERR_CEASE);
	assert_int_equal(i.notify_sent.subcode, BGP_CEASE_CONFIG_CHANGE);
	/* B connects to the passive A and it comes back */
	assert_true(run_until(&p, a_established_twice, 10.0));
	peer_info_get(only_peer(p.b), &i);
	assert_int_equal(i.notify_rcvd.subcode, BGP_CEASE_CONFIG_CHANGE);
	pair_close(&p);
}

static bool b_got_refresh(struct pair *p)
{
	struct peer_info i;

	peer_info_get(only_peer(p->b), &i);
	return i.stats.rcvd[BGP_MSG_ROUTE_REFRESH] >= 1;
}

static bool b_got_refresh2(struct pair *p)
{
	struct peer_info i;

	peer_info_get(only_peer(p->b), &i);
	return i.stats.rcvd[BGP_MSG_ROUTE_REFRESH] >= 2;
}

static int count_cb(const struct prefix *pfx, const struct attr *a, void *arg)
{
	(void)pfx;
	(void)a;
	++*(int *)arg;
	return 0;
}

/* clear soft in without a stored Adj-RIB-In: ROUTE-REFRESH on the wire
 * (B advertised route refresh); soft-reconfiguration switched on by a
 * reload asks again, without a reset; a new route-reflector-client
 * role resets the session as in Quagga. */
static void test_soft_in_refresh(void **state)
{
	struct pair p;
	struct peer_info i;
	struct peer *pa;
	const char *why = NULL;
	int n = 0;

	(void)state;
	pair_open(&p, AF_INET, "127.0.0.1", NULL);
	check_up(&p);
	pa = only_peer(p.a);
	assert_int_equal(rde_soft_in(bgp_rde(p.a), peer_rde_data(pa),
				     BGP_AF_IPV4, &why),
			 0);
	assert_true(run_until(&p, b_got_refresh, 3.0));
	/* IPv6 is not negotiated. */
	assert_int_equal(rde_soft_in(bgp_rde(p.a), peer_rde_data(pa),
				     BGP_AF_IPV6, &why),
			 -1);
	assert_non_null(why);
	assert_int_equal(rde_adj_in_walk(bgp_rde(p.a), peer_rde_data(pa),
					 BGP_AF_IPV4, count_cb, &n),
			 -1);

	bgp_apply(p.a, conf_for(65001, 4200000002u, "10.0.0.1", "127.0.0.1",
				p.pb,
				" neighbor 127.0.0.1 soft-reconfiguration "
				"inbound\n"));
	assert_true(run_until(&p, b_got_refresh2, 3.0));
	peer_info_get(pa, &i);
	assert_int_equal(i.state, SESSION_ESTABLISHED);
	assert_int_equal(i.stats.established, 1);
	assert_int_equal(rde_adj_in_walk(bgp_rde(p.a), peer_rde_data(pa),
					 BGP_AF_IPV4, count_cb, &n),
			 0);

	bgp_apply(p.a, conf_for(65001, 4200000002u, "10.0.0.1", "127.0.0.1",
				p.pb,
				" neighbor 127.0.0.1 soft-reconfiguration "
				"inbound\n"
				" neighbor 127.0.0.1 route-reflector-client\n"));
	peer_info_get(pa, &i);
	assert_int_equal(i.last_reset, SESSION_RESET_RR_CLIENT);
	assert_int_equal(i.notify_sent.subcode, BGP_CEASE_CONFIG_CHANGE);
	pair_close(&p);
}

/* ---- maximum-prefix overflow ------------------------------------------ */

static bool a_overflowed(struct pair *p)
{
	struct peer_info i;

	peer_info_get(only_peer(p->a), &i);
	return i.pfx_overflow && i.state != SESSION_ESTABLISHED;
}

static bool a_up_again(struct pair *p)
{
	struct peer_info i;

	peer_info_get(only_peer(p->a), &i);
	return i.stats.established == 2;
}

/* Cease 6/1, then the session is held down
 * (not restarted by the idle hold timer) until clear; `restart MIN`
 * arms the restart timer. */
static void test_max_prefix_hold(void **state)
{
	struct pair p;
	struct peer_info i;
	struct peer *pa;

	(void)state;
	pair_open2(&p, AF_INET, "127.0.0.1",
		   " neighbor 127.0.0.1 maximum-prefix 1 restart 2\n",
		   " network 10.1.0.0/16\n network 10.2.0.0/16\n"
		   " neighbor 127.0.0.1 route-map nh out\n"
		   "!\n"
		   "route-map nh permit 10\n"
		   " set ip next-hop 10.0.0.2\n");
	pa = only_peer(p.a);
	assert_true(run_until(&p, a_overflowed, 10.0));
	peer_info_get(only_peer(p.b), &i);
	assert_true(i.notify_rcvd.valid);
	assert_int_equal(i.notify_rcvd.code, BGP_ERR_CEASE);
	assert_int_equal(i.notify_rcvd.subcode, BGP_CEASE_MAX_PREFIX);
	/* Past the idle hold (1-2 s) and B's attempts: still down. */
	run_until(&p, NULL, 3.0);
	peer_info_get(pa, &i);
	assert_true(i.pfx_overflow);
	assert_int_not_equal(i.state, SESSION_ESTABLISHED);
	assert_int_equal(i.stats.established, 1);
	assert_true(i.pfx_restart_s > 110 && i.pfx_restart_s <= 120);
	/* clear: up again at once (and over the limit again). */
	peer_clear(pa);
	peer_info_get(pa, &i);
	assert_false(i.pfx_overflow);
	assert_int_equal(i.pfx_restart_s, -1);
	assert_true(run_until(&p, a_up_again, 10.0));
	pair_close(&p);
}

/* ---- initial convergence ------------------------------------------- */

static void test_conv_predicate(void **state)
{
	struct bgp_conv_nbr v[3];
	unsigned w = 99;

	(void)state;
	memset(v, 0, sizeof(v));
	/* Nobody configured: nothing to wait for. */
	assert_true(bgp_conv_done(v, 0, 0.0, 10.0, &w));
	assert_int_equal(w, 0);
	/* Down peers are waited for during the grace period only. */
	assert_false(bgp_conv_done(v, 3, 1.0, 10.0, &w));
	assert_int_equal(w, 3);
	assert_true(bgp_conv_done(v, 3, 10.0, 10.0, &w));
	/* ... unless shut down. */
	v[0].shutdown = v[1].shutdown = v[2].shutdown = true;
	assert_true(bgp_conv_done(v, 3, 0.0, 10.0, NULL));
	/* An Established one needs End-of-RIB for every negotiated
	 * family, before and after the grace period. */
	memset(v, 0, sizeof(v));
	v[0].established = true;
	v[0].nego[BGP_AF_IPV4] = v[0].nego[BGP_AF_IPV6] = true;
	v[0].eor[BGP_AF_IPV4] = true;
	v[1].shutdown = true;
	assert_false(bgp_conv_done(v, 3, 5.0, 10.0, &w));
	assert_int_equal(w, 2);
	assert_false(bgp_conv_done(v, 3, 50.0, 10.0, &w));
	assert_int_equal(w, 1);
	v[0].eor[BGP_AF_IPV6] = true;
	assert_true(bgp_conv_done(v, 3, 50.0, 10.0, &w));
	assert_false(bgp_conv_done(v, 3, 5.0, 10.0, &w));
	assert_int_equal(w, 1);	/* v[2], not up yet, in its grace */
	/* End-of-RIB in a family not negotiated does not matter. */
	v[2].established = true;
	v[2].nego[BGP_AF_IPV6] = true;
	v[2].eor[BGP_AF_IPV4] = true;
	assert_false(bgp_conv_done(v, 3, 50.0, 10.0, NULL));
	v[2].eor[BGP_AF_IPV6] = true;
	assert_true(bgp_conv_done(v, 3, 5.0, 10.0, NULL));
}

/* On a live pair: not converged while the session comes up, converged
 * once both End-of-RIBs are in; the timeout follows select-defer-time. */
static void test_conv_live(void **state)
{
	struct pair p;
	unsigned w = 0;

	(void)state;
	pair_open(&p, AF_INET, "127.0.0.1",
		  " bgp graceful-restart select-defer-time 30\n");
	assert_false(bgp_converged(p.a, 0.0, &w));
	assert_int_equal(w, 1);
	assert_true(bgp_converged(p.a, BGP_CONVERGE_GRACE, NULL));
	check_up(&p);
	assert_true(bgp_converged(p.a, 0.0, &w));
	assert_int_equal(w, 0);
	assert_true(bgp_converge_timeout(p.a) == 30.0);
	assert_true(bgp_converge_timeout(p.b) == BGP_CONVERGE_TIMEOUT);
	pair_close(&p);
}

/* RFC 2385 signatures: same password up; a missing one never is. */
static void test_md5(void **state)
{
	struct pair p;
	struct peer_info i;

	(void)state;
	pair_open2(&p, AF_INET, "127.0.0.1",
		   " neighbor 127.0.0.1 password s3cret\n",
		   " neighbor 127.0.0.1 password s3cret\n");
	check_up(&p);
	pair_close(&p);

	pair_open2(&p, AF_INET, "127.0.0.1",
		   " neighbor 127.0.0.1 password s3cret\n", NULL);
	assert_false(run_until(&p, both_up, 4.0));
	peer_info_get(only_peer(p.a), &i);
	assert_int_equal(i.stats.rcvd[BGP_MSG_OPEN], 0);
	pair_close(&p);
}

/* -p 0: no listener at all; -l ADDR: one, of that family only. */
static void test_listeners(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct bgp_opts none = {0, NULL, false, NULL};
	struct bgp_opts one = {free_port(AF_INET), "127.0.0.1", true, NULL};
	struct bgp *b;

	(void)state;
	b = bgp_new(loop, &none);
	bgp_apply(b,
		  conf_for(65001, 65002, "10.0.0.1", "192.0.2.1", 179, NULL));
	assert_int_equal(bgp_listener_count(b), 0);
	assert_int_equal(bgp_listen_port(b), 0);
	bgp_free(b);

	b = bgp_new(loop, &one);
	bgp_apply(b,
		  conf_for(65001, 65002, "10.0.0.1", "192.0.2.1", 179, NULL));
	assert_int_equal(bgp_listener_count(b), 1);
	assert_int_equal(bgp_listen_port(b), one.port);
	bgp_free(b);
	ev_loop_destroy(loop);
}

static void test_uptime_fmt(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(peer_uptime_fmt(0, true, b, sizeof(b)), "never   ");
	assert_string_equal(peer_uptime_fmt(3723, false, b, sizeof(b)),
			    "01:02:03");
	assert_string_equal(
	    peer_uptime_fmt(86400 + 2 * 3600 + 3 * 60, false, b, sizeof(b)),
	    "1d02h03m");
	assert_string_equal(
	    peer_uptime_fmt(9 * 86400 + 3 * 3600, false, b, sizeof(b)),
	    "01w2d03h");
	assert_string_equal(peer_uptime_fmt(400 * 86400, false, b, sizeof(b)),
			    "01y05w0d");
}

/* A connection from an address that is not a neighbor is closed
 * before anything is read or sent. */
static void test_unknown_refused(void **state)
{
	struct pair p;
	struct sockaddr_in sa, src;
	uint8_t buf[64];
	ssize_t n = -1;
	int fd, i;

	(void)state;
	pair_open(&p, AF_INET, "127.0.0.1", NULL);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(0x7f000002); /* 127.0.0.2 */
	assert_int_equal(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(0x7f000001);
	sa.sin_port = htons(p.pa);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	for (i = 0; i < 200; i++) {
		run_until(&p, NULL, 0.01);
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			break;
	}
	/* EOF (or a reset), never a BGP OPEN */
	assert_true(n == 0 || (n < 0 && errno == ECONNRESET));
	close(fd);
	pair_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_loopback_v4),
	    cmocka_unit_test(test_loopback_v6_shutdown),
	    cmocka_unit_test(test_unknown_refused),
	    cmocka_unit_test(test_reconfigure),
	    cmocka_unit_test(test_soft_in_refresh),
	    cmocka_unit_test(test_conv_predicate),
	    cmocka_unit_test(test_max_prefix_hold),
	    cmocka_unit_test(test_conv_live),
	    cmocka_unit_test(test_md5),
	    cmocka_unit_test(test_listeners),
	    cmocka_unit_test(test_uptime_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
