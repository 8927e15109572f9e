/*
 * bgp.c: the BGP instance: the running configuration, the peers, the
 * listening sockets, and the hooks through which the rest of the daemon
 * (the RIB, later) hears about sessions.
 *
 * A new configuration is applied by difference: neighbors that are gone
 * are deleted (Cease 6/3), new ones are created and started, the others
 * are rebound to their new nbr_conf (peer_reconfigure decides what needs
 * a reset).  A change of our AS deletes every peer and creates them
 * again; a change of router id resets them (Cease 6/6).
 *
 * Incoming connections from an address that is not a configured
 * neighbor are closed at once, before a byte is read (the log line is
 * rate-limited, since anyone can trigger it).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
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
#include "rde.h"
#include "sock.h"

#define BGP_MAX_LISTENERS 2

struct listener {
	int fd;
	int af;
	ev_io w;
	struct bgp *b;
};

struct bgp {
	struct ev_loop *loop;
	struct bgp_opts opts;
	struct config *conf;
	struct rde *rde; /* the RIB and the glue to it */
	uint32_t router_id;
	struct peer *peers;
	struct listener ls[BGP_MAX_LISTENERS];
	int nls;
	bool listening_tried;
	uint16_t bound_port;
	time_t unknown_log_sec; /* rate limit for refusals */
	unsigned unknown_suppressed;
};

struct bgp *bgp_new(struct ev_loop *loop, const struct bgp_opts *o)
{
	struct bgp *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->loop = loop;
	b->opts = *o;
	b->rde = rde_new(loop, o->fib);
	if (!b->rde) {
		free(b);
		return NULL;
	}
	return b;
}

struct ev_loop *bgp_loop(const struct bgp *b)
{
	return b->loop;
}

struct rde *bgp_rde(const struct bgp *b)
{
	return b->rde;
}

const struct config *bgp_config(const struct bgp *b)
{
	return b->conf;
}

uint32_t bgp_router_id(const struct bgp *b)
{
	return b->router_id;
}

int bgp_listener_count(const struct bgp *b)
{
	return b->nls;
}

uint16_t bgp_listen_port(const struct bgp *b)
{
	return b->bound_port;
}

struct peer *bgp_peer_first(const struct bgp *b)
{
	return b->peers;
}

struct peer *bgp_peer_next(const struct peer *p)
{
	return peer_list_next(p);
}

struct peer *bgp_peer_find(const struct bgp *b, const struct ipaddr *a)
{
	struct peer *p;

	for (p = b->peers; p; p = peer_list_next(p))
		if (ipaddr_cmp(peer_addr(p), a) == 0)
			return p;
	return NULL;
}

/* ---- router id ------------------------------------------------------ */

static bool is_loopback_net(uint32_t a)
{
	return (a >> 24) == 127;
}

uint32_t bgp_auto_router_id(void)
{
	struct ifaddrs *ifa, *i;
	uint32_t best_lo = 0, best = 0, any = 0;

	if (getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i; i = i->ifa_next) {
		struct ipaddr a;
		uint32_t v;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    ipaddr_from_sockaddr(i->ifa_addr, &a, NULL) < 0)
			continue;
		v = ipaddr_v4(&a);
		if (v == 0)
			continue;
		if (is_loopback_net(v)) {
			if (v > any)
				any = v;
		} else if (i->ifa_flags & IFF_LOOPBACK) {
			if (v > best_lo)
				best_lo = v;
		} else if (v > best) {
			best = v;
		}
	}
	freeifaddrs(ifa);
	if (best_lo)
		return best_lo;
	return best ? best : any;
}

static uint32_t pick_router_id(const struct bgp_conf *bc)
{
	if (bc->router_id.af == AF_INET)
		return ipaddr_v4(&bc->router_id);
	return bgp_auto_router_id();
}

/* ---- listeners ------------------------------------------------------ */

static void refuse_log(struct bgp *b, const struct ipaddr *a)
{
	char buf[IPADDR_STRLEN];
	time_t now = time(NULL);

	if (now == b->unknown_log_sec) {
		b->unknown_suppressed++;
		return;
	}
	b->unknown_log_sec = now;
	log_info("[Event] BGP connection IP address %s is not configured%s",
		 ipaddr_fmt(a, buf, sizeof(buf)),
		 b->unknown_suppressed ? " (more refusals not logged)" : "");
	b->unknown_suppressed = 0;
}

static void accept_one(struct bgp *b, int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct ipaddr a;
	struct peer *p;

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    ipaddr_from_sockaddr((struct sockaddr *)&ss, &a, NULL) < 0) {
		close(fd);
		return;
	}
	p = bgp_peer_find(b, &a);
	if (!p) {
		refuse_log(b, &a);
		close(fd);
		return;
	}
	if (peer_accept(p, fd) < 0) {
		log_debug("%s [Event] incoming connection refused in state %s",
			  peer_host(p), session_state_str(peer_state(p)));
		close(fd);
	}
}

static void listen_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct listener *l = w->data;
	int i;

	(void)loop;
	(void)revents;
	for (i = 0; i < 16; i++) {
		int fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_err("accept: %s", strerror(errno));
			return;
		}
		accept_one(l->b, fd);
	}
}

static void listen_add(struct bgp *b, int af, const struct ipaddr *addr)
{
	struct listener *l;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = sock_listen(af, addr, b->opts.port);

	if (fd < 0) {
		if (errno != EAFNOSUPPORT)
			log_err("bgp_socket: cannot listen on %s port %u: %s",
				af == AF_INET ? "IPv4" : "IPv6", b->opts.port,
				strerror(errno));
		return;
	}
	l = &b->ls[b->nls++];
	l->fd = fd;
	l->af = af;
	l->b = b;
	ev_io_init(&l->w, listen_cb, fd, EV_READ);
	l->w.data = l;
	ev_io_start(b->loop, &l->w);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		struct ipaddr dummy;

		ipaddr_from_sockaddr((struct sockaddr *)&ss, &dummy,
				     &b->bound_port);
	}
}

static void listen_open(struct bgp *b)
{
	struct ipaddr a;

	b->listening_tried = true;
	if (b->opts.port == 0)
		return;
	if (b->opts.listen_addr) {
		if (ipaddr_parse(b->opts.listen_addr, &a) < 0) {
			log_err("bgp_socket: bad listen address %s",
				b->opts.listen_addr);
			return;
		}
		listen_add(b, a.af, &a);
		return;
	}
	listen_add(b, AF_INET6, NULL);
	listen_add(b, AF_INET, NULL);
}

static void listen_close(struct bgp *b)
{
	int i;

	for (i = 0; i < b->nls; i++) {
		ev_io_stop(b->loop, &b->ls[i].w);
		close(b->ls[i].fd);
	}
	b->nls = 0;
}

/* ---- applying a configuration ------------------------------------- */

static void peers_delete_all(struct bgp *b)
{
	struct peer *p = b->peers, *next;

	b->peers = NULL;
	for (; p; p = next) {
		next = peer_list_next(p);
		peer_delete(p);
	}
}

/* Unlink and return the peer for addr from the list at *list. */
static struct peer *take_peer(struct peer **list, const struct ipaddr *a)
{
	struct peer *q, *prev = NULL;

	for (q = *list; q; prev = q, q = peer_list_next(q)) {
		if (ipaddr_cmp(peer_addr(q), a) != 0)
			continue;
		if (prev)
			peer_list_set_next(prev, peer_list_next(q));
		else
			*list = peer_list_next(q);
		peer_list_set_next(q, NULL);
		return q;
	}
	return NULL;
}

/* Rebuild the peer list in config order while walking the new
 * neighbors; what remains of the old list was removed. */
static void apply_neighbors(struct bgp *b, const struct bgp_conf *nb,
			    bool reset_all, enum session_reset why)
{
	struct peer *old = b->peers, *tail = NULL, *p, *next;
	const struct nbr_conf *n;

	b->peers = NULL;
	for (n = nb->neighbors; n; n = n->next) {
		p = take_peer(&old, &n->addr);
		if (p) {
			peer_reconfigure(p, nb, n);
			if (reset_all)
				peer_reset(p, nb, why);
			/* Still Established: per-neighbor RDE state that
			 * follows the config (soft-reconfiguration). */
			rde_peer_reconfigured(b->rde, peer_rde_data(p), n);
		} else {
			p = peer_new(b, nb, n);
			if (!p) {
				log_err("%s: out of memory", __func__);
				continue;
			}
			peer_start(p);
		}
		if (tail)
			peer_list_set_next(tail, p);
		else
			b->peers = p;
		tail = p;
	}
	for (p = old; p; p = next) {
		next = peer_list_next(p);
		peer_delete(p);
	}
}

static void md5_set(int fd, const struct ipaddr *a, const char *key)
{
	char buf[IPADDR_STRLEN];

	if (sock_set_md5(fd, a, key) < 0)
		log_warn("%s: TCP MD5 password: %s",
			 ipaddr_fmt(a, buf, sizeof(buf)), strerror(errno));
}

/* RFC 2385: the listeners need the key of every neighbor that has a
 * password before its SYN arrives; keys of neighbors gone or changed
 * are removed. */
static void md5_sync(struct bgp *b, const struct bgp_conf *ob,
		     const struct bgp_conf *nb)
{
	const struct nbr_conf *n, *m;
	int i;

	for (i = 0; i < b->nls; i++) {
		int fd = b->ls[i].fd, af = b->ls[i].af;

		for (n = ob ? ob->neighbors : NULL; n; n = n->next) {
			if (!n->password || n->addr.af != af)
				continue;
			m = nb ? config_find_nbr(nb, &n->addr) : NULL;
			if (!m || !m->password)
				md5_set(fd, &n->addr, NULL);
		}
		for (n = nb ? nb->neighbors : NULL; n; n = n->next)
			if (n->password && n->addr.af == af)
				md5_set(fd, &n->addr, n->password);
	}
}

void bgp_apply(struct bgp *b, struct config *c)
{
	struct config *old = b->conf;
	const struct bgp_conf *ob = old ? old->bgp : NULL, *nb = c->bgp;
	uint32_t rid;
	bool rid_changed;

	b->conf = c;
	if (!nb || (ob && ob->asn != nb->asn)) {
		/* "no router bgp", or a new AS: every peer goes. */
		peers_delete_all(b);
	}
	if (!nb) {
		md5_sync(b, ob, NULL);
		rde_apply(b->rde, c, b->router_id);
		config_free(old);
		return;
	}
	rid = pick_router_id(nb);
	rid_changed = b->router_id != 0 && rid != b->router_id;
	b->router_id = rid;
	if (rid == 0)
		log_warn("no router id: set one with \"bgp router-id\"");
	rde_apply(b->rde, c, rid);
	if (!b->listening_tried)
		listen_open(b);
	md5_sync(b, ob, nb);
	apply_neighbors(b, nb, rid_changed, SESSION_RESET_RID_CHANGE);
	/* The peers follow the new config now: routes already in the RIB
	 * and the Adj-RIBs-Out go through the changed policy (issue 10). */
	if (!rid_changed)
		rde_policy_reload(b->rde, old);
	config_free(old);
}

void bgp_shutdown(struct bgp *b)
{
	peers_delete_all(b);
	listen_close(b);
}

void bgp_free(struct bgp *b)
{
	struct peer *p, *next;

	if (!b)
		return;
	for (p = b->peers; p; p = next) {
		next = peer_list_next(p);
		rde_peer_down(b->rde, peer_rde_data(p));
		peer_set_rde_data(p, NULL);
		peer_free(p);
	}
	listen_close(b);
	rde_free(b->rde);
	config_free(b->conf);
	free(b);
}

/* ---- event hooks ---------------------------------------------------- */

static bool rr_client_any(const struct nbr_conf *n)
{
	int af;

	for (af = 0; n && af < BGP_AF_MAX; af++)
		if (n->af[af].rr_client)
			return true;
	return false;
}

void bgp_peer_established(struct peer *p)
{
	struct bgp *b = peer_bgp(p);
	struct peer_info i;
	struct rde_peer_desc d;

	peer_info_get(p, &i);
	memset(&d, 0, sizeof(d));
	d.addr = i.addr;
	d.remote_as = i.remote_as;
	d.remote_id = i.remote_id;
	if (i.has_conn && i.local_addr.af == AF_INET)
		d.local_v4 = ipaddr_v4(&i.local_addr);
	d.as4 = i.caps_rcvd_valid && i.caps_rcvd.as4 && i.caps_adv.as4;
	memcpy(d.af, i.af_nego, sizeof(d.af));
	d.rr_client = rr_client_any(peer_conf(p));
	d.refresh = i.caps_rcvd_valid &&
		    (i.caps_rcvd.rr || i.caps_rcvd.rr_old);
	rde_peer_down(b->rde, peer_rde_data(p));
	/* rde_peer_up has the advertisement module dump the table and
	 * send End-of-RIB (RFC 4724 2). */
	peer_set_rde_data(p, rde_peer_up(b->rde, p, &d));
}

void bgp_peer_down(struct peer *p, enum session_reset why)
{
	struct rde_peer *rp = peer_rde_data(p);

	/* No graceful restart yet: the paths go at once (rde.c). */
	(void)why;
	peer_set_rde_data(p, NULL);
	rde_peer_down(peer_bgp(p)->rde, rp);
}

int bgp_update_received(struct peer *p, const uint8_t *body, size_t len,
			struct bgp_err *err)
{
	/* The framing was checked by the session. */
	return rde_update(peer_bgp(p)->rde, peer_rde_data(p), body, len, err)
		   ? 1
		   : 0;
}

void bgp_refresh_received(struct peer *p, uint16_t afi, uint8_t safi)
{
	/* RFC 2918 4: re-send the Adj-RIB-Out of that family. */
	rde_refresh(peer_bgp(p)->rde, peer_rde_data(p), afi, safi);
}

/* ---- initial convergence ---------------------------------------------- */

static bool conv_nbr_done(const struct bgp_conv_nbr *v, double elapsed,
			  double grace)
{
	int af;

	if (v->shutdown)
		return true;
	if (!v->established)
		return elapsed >= grace;
	for (af = 0; af < BGP_AF_MAX; af++)
		if (v->nego[af] && !v->eor[af])
			return false;
	return true;
}

bool bgp_conv_done(const struct bgp_conv_nbr *v, size_t n, double elapsed,
		   double grace, unsigned *waiting)
{
	unsigned w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!conv_nbr_done(&v[i], elapsed, grace))
			w++;
	if (waiting)
		*waiting = w;
	return w == 0;
}

bool bgp_converged(const struct bgp *b, double elapsed, unsigned *waiting)
{
	const struct rde_peer_stats *st;
	struct bgp_conv_nbr v;
	const struct peer *p;
	unsigned w = 0;
	int af;

	for (p = b->peers; p; p = peer_list_next(p)) {
		memset(&v, 0, sizeof(v));
		v.shutdown = peer_conf(p)->shutdown;
		v.established = peer_state(p) == SESSION_ESTABLISHED &&
				peer_rde_data(p);
		st = v.established ? rde_peer_stats(peer_rde_data(p)) : NULL;
		for (af = 0; st && af < BGP_AF_MAX; af++) {
			v.nego[af] = peer_af_negotiated(p, (enum bgp_af)af);
			v.eor[af] = st->eor[af];
		}
		if (!bgp_conv_done(&v, 1, elapsed, BGP_CONVERGE_GRACE, NULL))
			w++;
	}
	if (waiting)
		*waiting = w;
	return w == 0;
}

double bgp_converge_timeout(const struct bgp *b)
{
	const struct bgp_conf *bc = b->conf ? b->conf->bgp : NULL;

	if (bc && bc->gr_select_defer_time)
		return bc->gr_select_defer_time;
	return BGP_CONVERGE_TIMEOUT;
}
