/*
 * peer.c: a configured neighbor.  It turns its nbr_conf into the FSM's
 * session_conf, implements the session operations with non-blocking
 * sockets and libev watchers (one read and one write watcher per TCP
 * connection, one timer per peer), and answers the query API.
 *
 * Output goes through a per-connection queue drained by the write
 * watcher.  The queue is bounded (PEER_OUTQ_MAX bytes): a peer that does
 * not read while we queue that much is dropped, which is what the send
 * hold timer of RFC 9687 will refine.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "bgp.h"
#include "config.h"
#include "log.h"
#include "peer.h"
#include "sock.h"

#define PEER_OUTQ_MAX (4u << 20)

/* One TCP connection of a peer. */
struct pio {
	struct peer *p;
	struct session_conn *c;
	int fd;
	bool connecting;
	bool overflow;
	ev_io rw, ww;
	uint8_t *obuf;
	size_t olen, ocap, ooff;
	uint32_t omsgs;
};

struct peer {
	struct peer *next;
	struct bgp *bgp;
	const struct bgp_conf *bc;
	const struct nbr_conf *n;
	struct session s;
	ev_timer timer;
	void *rde; /* rde.h, while Established */
	/* maximum-prefix overflow (Quagga's PEER_STATUS_PREFIX_OVERFLOW):
	 * after Cease 6/1 the session stays down until `clear`, `no
	 * shutdown`, or the `restart MIN` timer. */
	bool pfx_overflow;
	uint16_t pfx_restart_min;	/* of the family that overflowed */
	uint64_t pfx_restart_at;	/* mono ms, 0: no restart timer */
	ev_timer pfx_timer;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct peer *sess_peer(struct session *s)
{
	return s->ctx;
}

static struct ev_loop *peer_loop(const struct peer *p)
{
	return bgp_loop(p->bgp);
}

/* ---- configuration binding ---------------------------------------- */

static int timer_or(int v, int global, int def)
{
	if (v >= 0)
		return v;
	return global >= 0 ? global : def;
}

static void build_conf(struct peer *p, struct session_conf *sc)
{
	const struct bgp_conf *bc = p->bc;
	const struct nbr_conf *n = p->n;
	int af, hold, ka;

	memset(sc, 0, sizeof(*sc));
	sc->local_as = bc->asn;
	sc->remote_as = n->remote_as;
	sc->local_id = bgp_router_id(p->bgp);
	/* "timers KA HOLD" on the neighbor overrides "timers bgp". */
	if (n->holdtime >= 0) {
		hold = n->holdtime;
		ka = n->keepalive;
	} else {
		hold = timer_or(-1, bc->holdtime, CONF_DEF_HOLDTIME);
		ka = timer_or(-1, bc->keepalive, CONF_DEF_KEEPALIVE);
	}
	sc->holdtime = (uint16_t)hold;
	sc->keepalive = (uint16_t)(ka >= 0 ? ka : hold / 3);
	sc->connect_retry =
	    (uint16_t)timer_or(n->connect_retry, -1, CONF_DEF_CONNECT_RETRY);
	if (sc->connect_retry == 0)
		sc->connect_retry = 1;
	for (af = 0; af < BGP_AF_MAX; af++)
		sc->af[af] = config_nbr_active(bc, n, (enum bgp_af)af);
	sc->passive = n->passive;
	/* Quagga 1.2 advertises graceful restart (time 120) by default. */
	sc->graceful_restart = true;
	sc->gr_restart_time = bc->gr_restart_time ? bc->gr_restart_time
						  : CONF_DEF_GR_RESTART_TIME;
	sc->log_neighbor_changes = bc->log_neighbor_changes;
	sc->debug_events = bgp_config(p->bgp) &&
			   (bgp_config(p->bgp)->debug & CONF_DEBUG_EVENTS);
}

static bool is_ibgp(const struct peer *p)
{
	return p->n->remote_as == p->bc->asn;
}

/* TTL 1 for directly connected eBGP, the multihop count, 255 for iBGP
 * and GTSM (RFC 5082, which then sets the floor instead). */
static int peer_ttl(const struct peer *p, int *min_ttl)
{
	*min_ttl = 0;
	if (p->n->ttl_security_hops) {
		*min_ttl = 256 - p->n->ttl_security_hops;
		return 255;
	}
	if (is_ibgp(p))
		return 255;
	return p->n->ebgp_multihop ? p->n->ebgp_multihop : 1;
}

static int setup_fd(struct peer *p, int fd)
{
	int min_ttl, ttl = peer_ttl(p, &min_ttl);

	if (sock_prepare(fd) < 0)
		return -1;
	if (sock_set_ttl(fd, p->n->addr.af, ttl, min_ttl) < 0)
		log_warn("%s: cannot set TTL %d: %s", p->s.host, ttl,
			 strerror(errno));
	return 0;
}

/* ---- connections -------------------------------------------------- */

static void io_read_cb(struct ev_loop *loop, ev_io *w, int revents);
static void io_write_cb(struct ev_loop *loop, ev_io *w, int revents);

static struct pio *pio_new(struct peer *p, int fd)
{
	struct pio *io = calloc(1, sizeof(*io));

	if (!io)
		return NULL;
	io->p = p;
	io->fd = fd;
	ev_io_init(&io->rw, io_read_cb, fd, EV_READ);
	ev_io_init(&io->ww, io_write_cb, fd, EV_WRITE);
	io->rw.data = io;
	io->ww.data = io;
	return io;
}

static void pio_free(struct peer *p, struct pio *io)
{
	ev_io_stop(peer_loop(p), &io->rw);
	ev_io_stop(peer_loop(p), &io->ww);
	if (io->fd >= 0)
		close(io->fd);
	free(io->obuf);
	free(io);
}

/* Write what the kernel takes; -1 on a hard error. */
static int pio_flush(struct pio *io)
{
	while (io->ooff < io->olen) {
		ssize_t n = send(io->fd, io->obuf + io->ooff,
				 io->olen - io->ooff, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		}
		io->ooff += (size_t)n;
	}
	io->olen = io->ooff = 0;
	io->omsgs = 0;
	return 0;
}

static void io_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	static uint8_t buf[65536];
	struct pio *io = w->data;
	struct peer *p = io->p;
	ssize_t n = read(io->fd, buf, sizeof(buf));

	(void)loop;
	(void)revents;
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		log_info("%s [Error] bgp_read_packet error: %s", p->s.host,
			 strerror(errno));
		session_closed(&p->s, io->c, errno);
		return;
	}
	if (n == 0) {
		session_closed(&p->s, io->c, 0);
		return;
	}
	/* io may be freed by what the input causes: do not touch it. */
	session_input(&p->s, io->c, buf, (size_t)n);
}

static void connect_done(struct pio *io)
{
	struct peer *p = io->p;
	int err = sock_error(io->fd);

	io->connecting = false;
	if (err) {
		log_info("can't connect to %s fd %d : %s", p->s.host, io->fd,
			 strerror(err));
		session_connect_failed(&p->s, io->c, err);
		return;
	}
	ev_io_stop(peer_loop(p), &io->ww);
	ev_io_start(peer_loop(p), &io->rw);
	session_connected(&p->s, io->c);
}

static void io_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct pio *io = w->data;
	struct peer *p = io->p;
	size_t before;

	(void)revents;
	if (io->connecting) {
		connect_done(io);
		return;
	}
	if (io->overflow) {
		log_warn("%s: output queue over %u bytes, dropping the session",
			 p->s.host, PEER_OUTQ_MAX);
		session_closed(&p->s, io->c, ENOBUFS);
		return;
	}
	before = io->olen - io->ooff;
	if (pio_flush(io) < 0) {
		log_info("%s [Error] bgp_write error: %s", p->s.host,
			 strerror(errno));
		session_closed(&p->s, io->c, errno);
		return;
	}
	if (io->olen == 0)
		ev_io_stop(loop, &io->ww);
	if (io->olen - io->ooff < before)
		session_output_progress(&p->s, io->c, io->olen == 0);
}

/* ---- session operations ------------------------------------------- */

static uint64_t op_now(struct session *s)
{
	(void)s;
	return mono_ms();
}

static uint32_t op_random(struct session *s)
{
	(void)s;
	return (uint32_t)random();
}

/*
 * Before a timer acts, read what already arrived: after the process was
 * stopped (SIGSTOP, a long stall) the peer's NOTIFICATION or KEEPALIVE
 * may be waiting in the socket, and it must count before our hold timer
 * does.  Reading may close a connection, so slots are re-checked.
 */
static void poll_input(struct peer *p)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct pio *io = p->s.conn[k].io;

		if (io && !io->connecting && ev_is_active(&io->rw))
			io_read_cb(peer_loop(p), &io->rw, EV_READ);
	}
}

static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;

	(void)loop;
	(void)revents;
	poll_input(p);
	session_run_timers(&p->s);
}

static void op_timers(struct session *s)
{
	struct peer *p = sess_peer(s);
	uint64_t d = session_next_deadline(s), now = mono_ms();
	double delay;

	ev_timer_stop(peer_loop(p), &p->timer);
	if (d == 0)
		return;
	/* 1 ms of slack: libev measures from its cached loop time. */
	delay = d > now ? (double)(d - now) / 1000.0 + 0.001 : 0.0;
	ev_timer_set(&p->timer, delay, 0.0);
	ev_timer_start(peer_loop(p), &p->timer);
}

static int op_connect(struct session *s, struct session_conn *c)
{
	struct peer *p = sess_peer(s);
	struct pio *io;
	int fd = socket(p->n->addr.af, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || setup_fd(p, fd) < 0)
		goto fail;
	if (p->n->password && sock_set_md5(fd, &p->n->addr, p->n->password) < 0)
		log_warn("%s: TCP MD5 password: %s", s->host, strerror(errno));
	if (p->n->update_source &&
	    sock_bind_source(fd, p->n->addr.af, p->n->update_source) < 0)
		log_warn("%s: update-source %s: %s", s->host,
			 p->n->update_source, strerror(errno));
	if (sock_connect(fd, &p->n->addr, p->n->port, p->n->update_source) < 0)
		goto fail;
	io = pio_new(p, fd);
	if (!io)
		goto fail;
	io->c = c;
	io->connecting = true;
	c->io = io;
	ev_io_start(peer_loop(p), &io->ww);
	return 0;
fail:
	log_info("can't connect to %s fd %d : %s", s->host, fd,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static void op_send(struct session *s, struct session_conn *c,
		    const uint8_t *buf, size_t len)
{
	struct pio *io = c->io;

	if (!io || io->overflow)
		return;
	if (io->olen + len > PEER_OUTQ_MAX) {
		io->overflow = true;
		ev_feed_event(peer_loop(sess_peer(s)), &io->ww, EV_WRITE);
		return;
	}
	if (io->olen + len > io->ocap) {
		size_t cap = io->ocap ? io->ocap : 4096;
		uint8_t *nb;

		while (cap < io->olen + len)
			cap *= 2;
		nb = realloc(io->obuf, cap);
		if (!nb) {
			io->overflow = true;
			ev_feed_event(peer_loop(sess_peer(s)), &io->ww,
				      EV_WRITE);
			return;
		}
		io->obuf = nb;
		io->ocap = cap;
	}
	memcpy(io->obuf + io->olen, buf, len);
	io->olen += len;
	io->omsgs++;
	if (!io->connecting)
		ev_io_start(peer_loop(sess_peer(s)), &io->ww);
}

static void drain_input(int fd)
{
	uint8_t junk[4096];
	int i;

	for (i = 0; i < 16; i++)
		if (recv(fd, junk, sizeof(junk), MSG_DONTWAIT) <= 0)
			return;
}

static void op_close(struct session *s, struct session_conn *c)
{
	struct pio *io = c->io;

	if (!io)
		return;
	/* Best effort: a NOTIFICATION just queued should reach the peer
	 * before the FIN.  Unread input at close() makes Linux answer with
	 * a RST, which can destroy that NOTIFICATION in the peer's receive
	 * queue: read what is there first. */
	if (!io->connecting) {
		if (io->olen)
			(void)pio_flush(io);
		shutdown(io->fd, SHUT_WR);
		drain_input(io->fd);
	}
	pio_free(sess_peer(s), io);
	c->io = NULL;
}

static void op_established(struct session *s)
{
	bgp_peer_established(sess_peer(s));
}

static void op_down(struct session *s, enum session_reset why)
{
	bgp_peer_down(sess_peer(s), why);
}

/* The restart minutes of the family whose limit was passed (the
 * Cease data start with its AFI, RFC 4486 4). */
static uint16_t pfx_restart_minutes(const struct peer *p,
				    const struct bgp_err *err)
{
	enum bgp_af af = BGP_AF_IPV4;

	if (err->len >= 2 && err->data && err->data[1] == 2)
		af = BGP_AF_IPV6;
	return p->n->af[af].max_prefix_restart;
}

static int op_update(struct session *s, const uint8_t *body, size_t len,
		     struct bgp_err *err)
{
	struct peer *p = sess_peer(s);
	int rc = bgp_update_received(p, body, len, err);

	if (rc && err->code == BGP_ERR_CEASE &&
	    err->subcode == BGP_CEASE_MAX_PREFIX) {
		/* The session is still sending the NOTIFICATION: stop it
		 * from restarting once that is done (pfx_cb, next loop
		 * iteration). */
		p->pfx_overflow = true;
		p->pfx_restart_min = pfx_restart_minutes(p, err);
		p->pfx_restart_at = 0;
		ev_timer_stop(peer_loop(p), &p->pfx_timer);
		ev_timer_set(&p->pfx_timer, 0., 0.);
		ev_timer_start(peer_loop(p), &p->pfx_timer);
	}
	return rc;
}

/* Overflow: hold the session down; with `restart MIN` start it again
 * after MIN minutes (Quagga's bgp_maximum_prefix_restart_timer). */
static void pfx_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;

	(void)revents;
	if (!p->pfx_overflow)
		return;
	if (p->pfx_restart_at) {
		log_info("%%MAXPFX: %s: restart timer expired, restarting "
			 "the session",
			 p->s.host);
		p->pfx_overflow = false;
		p->pfx_restart_at = 0;
		if (!p->n->shutdown)
			session_start(&p->s, true);
		return;
	}
	session_stop(&p->s, 0, SESSION_RESET_NOTIFY_SEND);
	if (!p->pfx_restart_min) {
		log_info("%%MAXPFX: %s: session held down after the "
			 "maximum-prefix overflow; clear it to restart",
			 p->s.host);
		return;
	}
	p->pfx_restart_at = mono_ms() + (uint64_t)p->pfx_restart_min * 60000;
	ev_timer_set(w, p->pfx_restart_min * 60.0, 0.);
	ev_timer_start(loop, w);
	log_info("%%MAXPFX: %s: restarting the session in %u minute(s)",
		 p->s.host, p->pfx_restart_min);
}

static void pfx_clear(struct peer *p)
{
	p->pfx_overflow = false;
	p->pfx_restart_at = 0;
	ev_timer_stop(peer_loop(p), &p->pfx_timer);
}

static void op_refresh(struct session *s, uint16_t afi, uint8_t safi)
{
	bgp_refresh_received(sess_peer(s), afi, safi);
}

static const struct session_ops peer_ops = {
    .now = op_now,
    .random = op_random,
    .timers = op_timers,
    .connect = op_connect,
    .send = op_send,
    .close = op_close,
    .established = op_established,
    .down = op_down,
    .update = op_update,
    .route_refresh = op_refresh,
};

/* ---- lifecycle ------------------------------------------------------ */

struct peer *peer_new(struct bgp *b, const struct bgp_conf *bc,
		      const struct nbr_conf *n)
{
	struct peer *p = calloc(1, sizeof(*p));
	struct session_conf sc;
	char host[IPADDR_STRLEN];

	if (!p)
		return NULL;
	p->bgp = b;
	p->bc = bc;
	p->n = n;
	ev_init(&p->timer, timer_cb);
	p->timer.data = p;
	ev_init(&p->pfx_timer, pfx_cb);
	p->pfx_timer.data = p;
	build_conf(p, &sc);
	ipaddr_fmt(&n->addr, host, sizeof(host));
	session_init(&p->s, &peer_ops, p, host, &sc);
	return p;
}

void peer_start(struct peer *p)
{
	if (p->n->shutdown)
		return;
	session_start(&p->s, false);
}

void peer_free(struct peer *p)
{
	if (!p)
		return;
	session_free(&p->s);
	ev_timer_stop(peer_loop(p), &p->timer);
	ev_timer_stop(peer_loop(p), &p->pfx_timer);
	free(p);
}

void peer_delete(struct peer *p)
{
	session_stop(&p->s, BGP_CEASE_PEER_UNCONFIG, SESSION_RESET_DELETED);
	peer_free(p);
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Which change to a neighbor's config needs the session reset, and
 * under which of Quagga's reasons; NONE = apply in place. */
static enum session_reset reset_reason(const struct nbr_conf *o,
				       const struct nbr_conf *n,
				       const struct session_conf *sco,
				       const struct session_conf *scn)
{
	int af;

	if (o->remote_as != n->remote_as)
		return SESSION_RESET_REMOTE_AS;
	if (!str_eq(o->update_source, n->update_source))
		return SESSION_RESET_UPDATE_SOURCE;
	if (o->ebgp_multihop != n->ebgp_multihop ||
	    o->ttl_security_hops != n->ttl_security_hops)
		return SESSION_RESET_MULTIHOP;
	if (o->passive != n->passive)
		return SESSION_RESET_PASSIVE;
	for (af = 0; af < BGP_AF_MAX; af++)
		if (sco->af[af] != scn->af[af])
			return SESSION_RESET_AF_ACTIVATE;
	/* Quagga resets for a changed route-reflector-client
	 * (peer_change_reset): the paths of the peer and what was
	 * reflected to and from it were chosen under the old role. */
	for (af = 0; af < BGP_AF_MAX; af++)
		if (o->af[af].rr_client != n->af[af].rr_client)
			return SESSION_RESET_RR_CLIENT;
	if (o->port != n->port || !str_eq(o->password, n->password))
		return SESSION_RESET_USER_RESET;
	return SESSION_RESET_NONE;
}

void peer_reconfigure(struct peer *p, const struct bgp_conf *bc,
		      const struct nbr_conf *n)
{
	const struct nbr_conf *old = p->n;
	struct session_conf sco = p->s.conf, scn;
	enum session_reset why;

	p->bc = bc;
	p->n = n;
	build_conf(p, &scn);
	why = reset_reason(old, n, &sco, &scn);
	session_set_conf(&p->s, &scn);
	if (n->shutdown) {
		/* `no shutdown` later starts afresh (Quagga clears the
		 * overflow state with shutdown). */
		pfx_clear(p);
		if (p->s.started)
			session_stop(&p->s, BGP_CEASE_ADMIN_SHUTDOWN,
				     SESSION_RESET_ADMIN_SHUTDOWN);
		return;
	}
	if (p->pfx_overflow)
		return;
	if (!p->s.started) {
		session_start(&p->s, false);
		return;
	}
	if (why != SESSION_RESET_NONE)
		session_reset(&p->s, BGP_CEASE_CONFIG_CHANGE, why);
}

void peer_reset(struct peer *p, const struct bgp_conf *bc,
		enum session_reset why)
{
	struct session_conf sc;

	p->bc = bc;
	build_conf(p, &sc);
	session_set_conf(&p->s, &sc);
	if (p->s.started)
		session_reset(&p->s, BGP_CEASE_CONFIG_CHANGE, why);
}

void peer_clear(struct peer *p)
{
	if (p->pfx_overflow) {
		pfx_clear(p);
		if (!p->n->shutdown)
			session_start(&p->s, true);
		return;
	}
	if (p->s.started)
		session_reset(&p->s, BGP_CEASE_ADMIN_RESET,
			      SESSION_RESET_USER_RESET);
}

int peer_accept(struct peer *p, int fd)
{
	struct pio *io;

	if (!p->s.started || setup_fd(p, fd) < 0)
		return -1;
	io = pio_new(p, fd);
	if (!io)
		return -1;
	io->c = session_accept(&p->s, io);
	if (!io->c) {
		io->fd = -1; /* the caller closes it */
		pio_free(p, io);
		return -1;
	}
	ev_io_start(peer_loop(p), &io->rw);
	return 0;
}

/* ---- queries ------------------------------------------------------- */

const struct ipaddr *peer_addr(const struct peer *p)
{
	return &p->n->addr;
}

const char *peer_host(const struct peer *p)
{
	return p->s.host;
}

enum session_state peer_state(const struct peer *p)
{
	return p->s.state;
}

struct bgp *peer_bgp(const struct peer *p)
{
	return p->bgp;
}

const struct nbr_conf *peer_conf(const struct peer *p)
{
	return p->n;
}

void *peer_rde_data(const struct peer *p)
{
	return p->rde;
}

void peer_set_rde_data(struct peer *p, void *d)
{
	p->rde = d;
}

struct peer *peer_list_next(const struct peer *p)
{
	return p->next;
}

void peer_list_set_next(struct peer *p, struct peer *next)
{
	p->next = next;
}

int peer_send(struct peer *p, const uint8_t *msg, size_t len)
{
	return session_send(&p->s, msg, len);
}

bool peer_af_negotiated(const struct peer *p, enum bgp_af af)
{
	/* Set on Established, cleared after the "down" hook has run. */
	return p->s.af_nego[af];
}

int peer_send_eor(struct peer *p, enum bgp_af af)
{
	return session_send_eor(&p->s, af);
}

bool peer_refresh_capable(const struct peer *p)
{
	const struct bgp_caps *c = &p->s.peer_open.caps;

	return p->s.est && p->s.peer_open_valid && (c->rr || c->rr_old);
}

int peer_send_refresh(struct peer *p, enum bgp_af af)
{
	const struct bgp_caps *c = &p->s.peer_open.caps;
	struct wbuf w;
	int rc;

	if (!peer_refresh_capable(p) || !p->s.af_nego[af])
		return -1;
	wbuf_init(&w, BGP_MAX_LEN);
	/* RFC 2918 3: AFI, reserved (0: a plain request, RFC 7313 3),
	 * SAFI. */
	msg_route_refresh_build(&w, bgp_af_afi(af), bgp_af_safi(af), 0);
	/* A peer that advertised only the pre-standard capability (128)
	 * gets the pre-standard type 128, as Quagga sends it
	 * (bgp_route_refresh_send). */
	if (wbuf_ok(&w) && !c->rr && w.len > 18)
		w.buf[18] = BGP_CAP_RR_OLD;
	rc = wbuf_ok(&w) ? session_send(&p->s, w.buf, w.len) : -1;
	wbuf_free(&w);
	return rc;
}

static uint32_t age_s(uint64_t now, uint64_t t)
{
	return t && now > t ? (uint32_t)((now - t) / 1000) : 0;
}

static int due_s(uint64_t now, uint64_t t)
{
	if (!t)
		return -1;
	return t > now ? (int)((t - now + 999) / 1000) : 0;
}

static void info_conn(const struct peer *p, struct peer_info *i)
{
	const struct session_conn *c = p->s.est;
	const struct pio *io;
	int k;

	for (k = 0; !c && k < 2; k++)
		if (p->s.conn[k].io)
			c = &p->s.conn[k];
	if (!c || !c->io)
		return;
	io = c->io;
	i->read_on = ev_is_active(&io->rw);
	i->write_on = ev_is_active(&io->ww);
	i->outq_depth = io->omsgs;
	if (!io->connecting &&
	    sock_names(io->fd, &i->local_addr, &i->local_port, &i->remote_addr,
		       &i->remote_port) == 0)
		i->has_conn = true;
}

static void info_timers(const struct peer *p, struct peer_info *i, uint64_t now)
{
	const struct session *s = &p->s;

	i->conf_hold = p->n->holdtime;
	i->conf_keepalive = p->n->holdtime >= 0 ? p->n->keepalive : -1;
	if (s->est) {
		i->hold = s->hold;
		i->keepalive = s->keepalive;
	} else {
		i->hold = s->conf.holdtime;
		i->keepalive = s->conf.keepalive;
	}
	i->connect_retry = s->conf.connect_retry;
	i->next_start_s = due_s(now, s->t_start);
	i->next_connect_s = due_s(now, s->t_connect);
	i->adv_interval =
	    (uint16_t)(p->n->adv_interval >= 0 ? p->n->adv_interval
		       : is_ibgp(p)	       ? CONF_DEF_MRAI_IBGP
					       : CONF_DEF_MRAI_EBGP);
}

void peer_info_get(const struct peer *p, struct peer_info *i)
{
	const struct session *s = &p->s;
	uint64_t now = mono_ms();
	struct bgp_open o;
	int min_ttl;

	memset(i, 0, sizeof(*i));
	i->addr = p->n->addr;
	snprintf(i->host, sizeof(i->host), "%s", s->host);
	i->description = p->n->description;
	i->update_source = p->n->update_source;
	i->remote_as = p->n->remote_as;
	i->local_as = p->bc->asn;
	i->ibgp = is_ibgp(p);
	i->admin_down = p->n->shutdown;
	i->passive = p->n->passive;
	i->state = s->state;
	i->remote_id = s->peer_open_valid ? s->peer_open.bgp_id : 0;
	i->has_updown = s->updown_time != 0;
	i->updown_age = age_s(now, s->updown_time);
	i->last_read_age = age_s(now, s->last_read ? s->last_read : s->created);
	i->has_reset = s->last_reset_time != 0;
	i->last_reset_age = age_s(now, s->last_reset_time);
	i->last_reset = s->last_reset;
	info_timers(p, i, now);
	session_local_open(s, &o);
	i->caps_adv = o.caps;
	i->caps_rcvd_valid = s->peer_open_valid;
	if (s->peer_open_valid)
		i->caps_rcvd = s->peer_open.caps;
	memcpy(i->af_active, s->conf.af, sizeof(i->af_active));
	if (s->est)
		memcpy(i->af_nego, s->af_nego, sizeof(i->af_nego));
	memcpy(i->eor_sent, s->eor_sent, sizeof(i->eor_sent));
	memcpy(i->eor_rcvd, s->eor_rcvd, sizeof(i->eor_rcvd));
	i->stats = s->st;
	i->notify_sent = s->notify_sent;
	i->notify_rcvd = s->notify_rcvd;
	i->ttl = (uint8_t)peer_ttl(p, &min_ttl);
	i->port = p->n->port;
	i->pfx_overflow = p->pfx_overflow;
	i->pfx_restart_s = p->pfx_restart_at ? due_s(now, p->pfx_restart_at)
					     : -1;
	info_conn(p, i);
}

const char *peer_uptime_fmt(uint32_t secs, bool never, char *buf, size_t len)
{
	time_t t = secs;
	struct tm tm;

	if (never) {
		snprintf(buf, len, "never   ");
		return buf;
	}
	gmtime_r(&t, &tm);
	if (secs < 86400)
		snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
	else if (secs < 7 * 86400)
		snprintf(buf, len, "%dd%02dh%02dm", tm.tm_yday, tm.tm_hour,
			 tm.tm_min);
	else if (secs < 365 * 86400)
		snprintf(buf, len, "%02dw%dd%02dh", tm.tm_yday / 7,
			 tm.tm_yday - (tm.tm_yday / 7) * 7, tm.tm_hour);
	else
		snprintf(buf, len, "%02dy%02dw%dd", tm.tm_year - 70,
			 tm.tm_yday / 7, tm.tm_yday - (tm.tm_yday / 7) * 7);
	return buf;
}
