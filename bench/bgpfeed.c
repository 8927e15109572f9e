/*
 * bgpfeed.c: the feeder and the sink of the daemon benchmark (issue 8,
 * bench/run).  Not a test; run by hand or by bench/run, as root inside a
 * namespace.
 *
 *   bgpfeed feed -r ADDR [-P PORT] [-R AS] -l ADDR4 [-6 ADDR6] [-n N]
 *                [-a AS] [-p PREPEND] [-4] [-c MRT] [-o STATUS] [-H HOLD]
 *   bgpfeed sink -r ADDR [-P PORT] [-R AS] -l ADDR4 [-a AS] [-t TARGET]
 *                [-o STATUS] [-L] [-N]
 *
 * feed: opens N eBGP sessions to ADDR (from ADDR4, ADDR4+1, ...; AS, AS+1,
 * ...; IPv6 next hops ADDR6, ADDR6+1, ...), pre-encodes the synthetic full
 * feed of feed_gen.c once per session (before connecting, not timed),
 * and when all sessions are Established streams them all at once: packed
 * UPDATEs, then End-of-RIB.  The status file (rewritten every 0.2 s,
 * key=value lines, times in epoch seconds) says when the first byte went
 * out and when the last was written; on exit it prints its own rate
 * (run it against `bgpfeed sink -L` to see that it is never the
 * bottleneck).  SIGUSR1 makes session 0 replay the MRT BGP4MP file of -c
 * (re-encoded, see fg_encode_churn) followed by a marker UPDATE for
 * 198.18.255.0/24.  SIGTERM: status written, sockets closed, exit.
 *
 * sink: one session (active, or passive with -L), reads everything and
 * counts UPDATEs, announced and withdrawn prefixes, distinct announced
 * prefixes; records the time of the first and the last UPDATE, when the
 * distinct count reached TARGET, and when the marker prefix arrived.
 * With -N it only reads (msgs= is then the byte count): the sink that
 * shows the feeder's own rate.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "feed_gen.h"
#include "rbuf.h"

#define DATA "/work/shared/data/"
#define MAXSESS 64
#define RBUF (1 << 20)

struct opts {
	const char *remote, *local4, *local6, *status, *churn;
	int port, n, v4_only, listen, hold, noparse;
	uint32_t ras, las, prepend;
	unsigned long target;
};

struct sess {
	int fd;
	struct fg_buf out;	/* the feed */
	size_t sent;		/* bytes of out already written */
	struct fg_buf churn;
	size_t churn_sent;
	uint8_t *in;
	size_t inlen;
	double last_ka;
	int down;
};

static volatile sig_atomic_t got_term, got_usr1;

static void on_sig(int s)
{
	if (s == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* ---- addresses ---------------------------------------------------------- */

static void addr4_plus(const char *s, int k, uint8_t out[4])
{
	uint32_t a;

	if (inet_pton(AF_INET, s, out) != 1) {
		fprintf(stderr, "bad IPv4 address %s\n", s);
		exit(2);
	}
	a = ((uint32_t)out[0] << 24 | out[1] << 16 | out[2] << 8 | out[3]) +
	    (uint32_t)k;
	out[0] = (uint8_t)(a >> 24);
	out[1] = (uint8_t)(a >> 16);
	out[2] = (uint8_t)(a >> 8);
	out[3] = (uint8_t)a;
}

static void addr6_plus(const char *s, int k, uint8_t out[16])
{
	int i, c = k;

	if (inet_pton(AF_INET6, s, out) != 1) {
		fprintf(stderr, "bad IPv6 address %s\n", s);
		exit(2);
	}
	for (i = 15; i >= 0 && c; i--) {
		c += out[i];
		out[i] = (uint8_t)c;
		c >>= 8;
	}
}

/* ---- messages ------------------------------------------------------------ */

static void put_hdr(uint8_t *p, uint16_t len, uint8_t type)
{
	memset(p, 0xff, 16);
	p[16] = (uint8_t)(len >> 8);
	p[17] = (uint8_t)len;
	p[18] = type;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* OPEN (RFC 4271 4.2) with MP (RFC 4760), route refresh (RFC 2918) and
 * 4-octet AS (RFC 6793) capabilities. */
static int send_open(int fd, uint32_t as, int hold, const uint8_t id[4],
		     int v4_only)
{
	uint8_t m[64], *c = m + 29;
	size_t n;

	*c++ = 2;
	*c++ = 0;	/* param length, set below */
	*c++ = 1; *c++ = 4; *c++ = 0; *c++ = 1; *c++ = 0; *c++ = 1;
	if (!v4_only) {
		*c++ = 1; *c++ = 4; *c++ = 0; *c++ = 2; *c++ = 0; *c++ = 1;
	}
	*c++ = 2; *c++ = 0;
	*c++ = 65; *c++ = 4;
	*c++ = (uint8_t)(as >> 24); *c++ = (uint8_t)(as >> 16);
	*c++ = (uint8_t)(as >> 8); *c++ = (uint8_t)as;
	m[30] = (uint8_t)(c - m - 31);
	n = (size_t)(c - m);
	put_hdr(m, (uint16_t)n, 1);
	m[19] = 4;
	as = as > 65535 ? 23456 : as;
	m[20] = (uint8_t)(as >> 8);
	m[21] = (uint8_t)as;
	m[22] = (uint8_t)(hold >> 8);
	m[23] = (uint8_t)hold;
	memcpy(m + 24, id, 4);
	m[28] = (uint8_t)(n - 29);
	return write_all(fd, m, n);
}

static int send_keepalive(int fd)
{
	uint8_t m[19];

	put_hdr(m, 19, 4);
	return write_all(fd, m, 19);
}

/* Read one whole message (blocking fd). Type, or -1. */
static int read_msg(int fd, uint8_t *buf, size_t *len)
{
	size_t got = 0, want = 19;

	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
		if (got == 19) {
			want = (size_t)buf[16] << 8 | buf[17];
			if (want < 19 || want > 65535)
				return -1;
		}
	}
	*len = want;
	return buf[18];
}

/* Connect from local to remote:port (retrying while the daemon starts)
 * and run OPEN / KEEPALIVE to Established.  fd or -1. */
static int establish(const struct opts *o, const uint8_t local[4],
		     uint32_t as)
{
	struct sockaddr_in la = { .sin_family = AF_INET }, ra = la;
	uint8_t buf[65536];
	size_t len;
	double deadline = now() + 120;
	int fd = -1, t, seen_open = 0, one = 1;

	memcpy(&la.sin_addr, local, 4);
	ra.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->remote, &ra.sin_addr) != 1)
		return -1;
	while (now() < deadline) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&la, sizeof(la)) < 0)
			die("bind");
		if (connect(fd, (struct sockaddr *)&ra, sizeof(ra)) == 0)
			break;
		close(fd);
		fd = -1;
		usleep(200000);
	}
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (send_open(fd, as, o->hold, local, o->v4_only))
		goto fail;
	while ((t = read_msg(fd, buf, &len)) > 0) {
		if (t == 1) {
			seen_open = 1;
			if (send_keepalive(fd))
				goto fail;
		} else if (t == 4 && seen_open) {
			return fd;
		} else if (t == 3) {
			fprintf(stderr, "NOTIFICATION %d/%d during OPEN\n",
				len > 19 ? buf[19] : 0, len > 20 ? buf[20] : 0);
			goto fail;
		}
	}
fail:
	close(fd);
	return -1;
}

/* Accept one connection on local:port and run the OPEN exchange. */
static int establish_passive(const struct opts *o, const uint8_t local[4],
			     uint32_t as)
{
	struct sockaddr_in la = { .sin_family = AF_INET };
	uint8_t buf[65536];
	size_t len;
	int ls = socket(AF_INET, SOCK_STREAM, 0), fd, t, one = 1;

	memcpy(&la.sin_addr, local, 4);
	la.sin_port = htons((uint16_t)o->port);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&la, sizeof(la)) || listen(ls, 1))
		die("listen");
	fd = accept(ls, NULL, NULL);
	close(ls);
	if (fd < 0 || send_open(fd, as, o->hold, local, o->v4_only))
		return -1;
	while ((t = read_msg(fd, buf, &len)) > 0) {
		if (t == 1 && send_keepalive(fd))
			return -1;
		if (t == 4)
			return fd;
	}
	return -1;
}

/* ---- status files ---------------------------------------------------------- */

static void status_write(const char *path, const char *text)
{
	char tmp[4096];
	FILE *f;

	if (!path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
	rename(tmp, path);
}

/* ---- the feeder ------------------------------------------------------------ */

struct feed_state {
	double t_start, t_done, t_churn, t_churn_done;
	size_t bytes, msgs, nlri, churn_msgs, churn_nlri;
	int n, established, closed;
};

static void feed_status(const struct opts *o, const struct feed_state *f)
{
	char s[2048];

	snprintf(s, sizeof(s),
		 "sessions=%d\nestablished=%d\nclosed=%d\nt_start=%.6f\n"
		 "t_done=%.6f\nbytes=%zu\nmsgs=%zu\nnlri=%zu\n"
		 "t_churn=%.6f\nt_churn_done=%.6f\nchurn_msgs=%zu\n"
		 "churn_nlri=%zu\nt_now=%.6f\n",
		 f->n, f->established, f->closed, f->t_start, f->t_done,
		 f->bytes, f->msgs, f->nlri, f->t_churn, f->t_churn_done,
		 f->churn_msgs, f->churn_nlri, now());
	status_write(o->status, s);
}

/* Read and throw away what the daemon sends; a NOTIFICATION or EOF marks
 * the session down. */
static void drain(struct sess *s, int i)
{
	uint8_t buf[65536];

	for (;;) {
		ssize_t r = read(s->fd, buf, sizeof(buf));

		if (r > 0) {
			if (r >= 21 && buf[18] == 3 && buf[0] == 0xff)
				fprintf(stderr, "session %d: NOTIFICATION %d/%d\n",
					i, buf[19], buf[20]);
			continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			if (!s->down)
				fprintf(stderr, "session %d: closed by peer\n", i);
			s->down = 1;
		}
		return;
	}
}

/* Write as much of b (from *off) as the socket takes.  1 when done. */
static int push(struct sess *s, const struct fg_buf *b, size_t *off)
{
	while (*off < b->len) {
		ssize_t w = write(s->fd, b->p + *off, b->len - *off);

		if (w > 0) {
			*off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN)
			s->down = 1;
		return 0;
	}
	return 1;
}

static int feed_loop(const struct opts *o, struct sess *ss,
		     struct feed_state *f, const struct fg_buf *churn)
{
	struct pollfd pf[MAXSESS];
	double last_status = 0;
	int i, all_done = 0, churning = 0;

	for (i = 0; i < f->n; i++)
		fcntl(ss[i].fd, F_SETFL, O_NONBLOCK);
	f->t_start = now();
	while (!got_term) {
		int pending = 0;
		double t;

		for (i = 0; i < f->n; i++) {
			struct sess *s = &ss[i];
			int want_out = !s->down &&
				       (s->sent < s->out.len ||
					(churning && i == 0 &&
					 s->churn_sent < churn->len));

			pf[i].fd = s->down ? -1 : s->fd;
			pf[i].events = POLLIN | (want_out ? POLLOUT : 0);
			pending += want_out;
		}
		if (!pending && !all_done) {
			all_done = 1;
			f->t_done = now();
			fprintf(stderr,
				"feed: %zu msgs, %zu prefixes, %.1f MB in %.3f s "
				"(%.0f prefixes/s, %.1f MB/s)\n",
				f->msgs, f->nlri, f->bytes / 1e6,
				f->t_done - f->t_start,
				f->nlri / (f->t_done - f->t_start),
				f->bytes / 1e6 / (f->t_done - f->t_start));
		}
		if (churning && !pending && f->t_churn_done == 0) {
			f->t_churn_done = now();
			fprintf(stderr, "churn: %zu msgs written in %.3f s\n",
				f->churn_msgs, f->t_churn_done - f->t_churn);
		}
		if (got_usr1 && !churning && churn->len) {
			churning = 1;
			f->t_churn = now();
			f->churn_msgs = churn->msgs;
			f->churn_nlri = churn->nlri;
			continue;
		}
		poll(pf, (nfds_t)f->n, 200);
		t = now();
		for (i = 0; i < f->n; i++) {
			struct sess *s = &ss[i];

			if (s->down)
				continue;
			if (pf[i].revents & (POLLIN | POLLHUP | POLLERR))
				drain(s, i);
			if (s->down || !(pf[i].revents & POLLOUT))
				continue;
			if (push(s, &s->out, &s->sent) && churning && i == 0)
				push(s, churn, &s->churn_sent);
		}
		for (i = 0; i < f->n; i++) {
			struct sess *s = &ss[i];

			/* keepalives only between whole buffers (at a
			 * message boundary) */
			if (!s->down && o->hold && t - s->last_ka > o->hold / 3.0 &&
			    s->sent == s->out.len &&
			    (!churning || i || s->churn_sent == churn->len)) {
				send_keepalive(s->fd);
				s->last_ka = t;
			}
		}
		if (t - last_status > 0.2) {
			last_status = t;
			feed_status(o, f);
		}
	}
	feed_status(o, f);
	return 0;
}

static int run_feed(const struct opts *o)
{
	struct fg_opts go = {
		.prefixes = DATA "fulltable-prefixes-2024.txt.gz",
		.rib_v1 = DATA "ris-rrc00-bview.20020722.2337.gz",
		.rib_v2 = DATA "routeviews-rib.20140523.0600_firstMB.bz2",
		.paths_per_m = 150000,
		.sets_per_m = 350000,
		.v4_only = o->v4_only,
		.seed = 1,
	};
	struct fg_model m;
	static struct sess ss[MAXSESS];
	struct fg_buf churn = { 0 };
	struct feed_state f = { .n = o->n };
	double t0 = now();
	int i;

	if (fg_model_build(&m, &go))
		return 1;
	for (i = 0; i < o->n; i++) {
		struct fg_peer p = { .asn = o->las + (uint32_t)i,
				     .prepend = o->prepend };

		addr4_plus(o->local4, i, p.nh4);
		addr6_plus(o->local6, i, p.nh6);
		fg_encode_feed(&m, &p, o->v4_only, &ss[i].out);
		f.bytes += ss[i].out.len;
		f.msgs += ss[i].out.msgs;
		f.nlri += ss[i].out.nlri;
		if (i == 0 && o->churn) {
			static const uint8_t mk[4] = { 198, 18, 255, 0 };

			if (fg_encode_churn(o->churn, &p, mk, &churn))
				fprintf(stderr, "churn: cannot read %s\n",
					o->churn);
			fprintf(stderr, "churn: %zu UPDATEs, %zu prefixes "
				"(incl. the marker)\n", churn.msgs, churn.nlri);
		}
	}
	fprintf(stderr, "feed: encoded %d x %zu UPDATEs (%.1f MB each) in "
		"%.1f s\n", o->n, ss[0].out.msgs, ss[0].out.len / 1e6,
		now() - t0);
	feed_status(o, &f);
	for (i = 0; i < o->n && !got_term; i++) {
		uint8_t la[4];

		addr4_plus(o->local4, i, la);
		ss[i].fd = establish(o, la, o->las + (uint32_t)i);
		if (ss[i].fd < 0) {
			fprintf(stderr, "session %d: not established\n", i);
			return 1;
		}
		ss[i].last_ka = now();
		f.established++;
		feed_status(o, &f);
	}
	fprintf(stderr, "feed: %d sessions established\n", o->n);
	feed_loop(o, ss, &f, &churn);
	for (i = 0; i < o->n; i++)
		close(ss[i].fd);
	f.closed = 1;
	feed_status(o, &f);
	return 0;
}

/* ---- the sink ---------------------------------------------------------------- */

/* Distinct prefixes: open addressing over (af, len, 16 address bytes). */
struct pkey {
	uint8_t used, af, len, addr[16];
};

static struct pkey *tab;
static size_t tab_n = 1 << 22, tab_cnt;

static int tab_add(uint8_t af, uint8_t len, const uint8_t *addr, size_t alen)
{
	struct pkey k = { 1, af, len, { 0 } };
	uint64_t h = 1469598103934665603ull;
	size_t i;

	memcpy(k.addr, addr, alen);
	for (i = 0; i < sizeof(k); i++)
		h = (h ^ ((uint8_t *)&k)[i]) * 1099511628211ull;
	i = (size_t)(h ^ (h >> 29)) & (tab_n - 1);
	while (tab[i].used) {
		if (!memcmp(&tab[i], &k, sizeof(k)))
			return 0;
		i = (i + 1) & (tab_n - 1);
	}
	if (tab_cnt * 10 > tab_n * 7)
		return 0;	/* full: count stops (cannot happen at 1.1M) */
	tab[i] = k;
	tab_cnt++;
	return 1;
}

struct sink_state {
	double t_first, t_last, t_target, t_marker;
	size_t msgs, updates, announced, withdrawn, eor;
};

/* Count the prefixes of an NLRI list; add announced ones to the set. */
static size_t count_nlri(struct rbuf r, uint8_t af, int announce,
			 struct sink_state *st)
{
	size_t n = 0;
	uint8_t l, a[16];

	while (rbuf_u8(&r, &l) == 0) {
		size_t b = (l + 7u) / 8;

		if (b > (af == 4 ? 4u : 16u) || rbuf_bytes(&r, a, b))
			break;
		n++;
		if (!announce)
			continue;
		tab_add(af, l, a, b);
		if (af == 4 && l == 24 && a[0] == 198 && a[1] == 18 &&
		    a[2] == 255)
			st->t_marker = now();
	}
	return n;
}

static void sink_update(struct rbuf u, struct sink_state *st)
{
	uint16_t wl, al, afi;
	uint8_t safi, nhl;
	struct rbuf w, attrs;
	size_t n = 0;

	if (rbuf_u16(&u, &wl) || rbuf_sub(&u, wl, &w) || rbuf_u16(&u, &al) ||
	    rbuf_sub(&u, al, &attrs))
		return;
	st->withdrawn += count_nlri(w, 4, 0, st);
	while (rbuf_left(&attrs) >= 3) {
		uint8_t fl, code, l8;
		uint16_t len;
		struct rbuf v;

		if (rbuf_u8(&attrs, &fl) || rbuf_u8(&attrs, &code))
			break;
		if (fl & 0x10 ? rbuf_u16(&attrs, &len)
			      : (rbuf_u8(&attrs, &l8) ? -1 : (len = l8, 0)))
			break;
		if (rbuf_sub(&attrs, len, &v))
			break;
		if (code == 14 && !rbuf_u16(&v, &afi) && !rbuf_u8(&v, &safi) &&
		    !rbuf_u8(&v, &nhl) && !rbuf_skip(&v, nhl + 1u))
			n += count_nlri(v, afi == 2 ? 6 : 4, 1, st);
		if (code == 15 && !rbuf_u16(&v, &afi) && !rbuf_u8(&v, &safi)) {
			size_t k = count_nlri(v, afi == 2 ? 6 : 4, 0, st);

			st->withdrawn += k;
			st->eor += k == 0 && wl == 0;
		}
	}
	n += count_nlri(u, 4, 1, st);
	if (n == 0 && wl == 0 && al == 0)
		st->eor++;
	st->announced += n;
}

static void sink_status(const struct opts *o, const struct sink_state *st)
{
	char s[2048];

	snprintf(s, sizeof(s),
		 "msgs=%zu\nupdates=%zu\nannounced=%zu\nwithdrawn=%zu\n"
		 "distinct=%zu\neor=%zu\nt_first=%.6f\nt_last=%.6f\n"
		 "t_target=%.6f\nt_marker=%.6f\nt_now=%.6f\n",
		 st->msgs, st->updates, st->announced, st->withdrawn, tab_cnt,
		 st->eor, st->t_first, st->t_last, st->t_target, st->t_marker,
		 now());
	status_write(o->status, s);
}

static int run_sink(const struct opts *o)
{
	uint8_t la[4];
	uint8_t *buf = malloc(RBUF);
	size_t have = 0;
	struct sink_state st = { 0 };
	double last_status = 0;
	int fd;

	tab = calloc(tab_n, sizeof(*tab));
	if (!tab || !buf)
		die("calloc");
	addr4_plus(o->local4, 0, la);
	sink_status(o, &st);
	fd = o->listen ? establish_passive(o, la, o->las)
		       : establish(o, la, o->las);
	if (fd < 0) {
		fprintf(stderr, "sink: not established\n");
		return 1;
	}
	fprintf(stderr, "sink: established\n");
	while (!got_term) {
		struct pollfd pf = { fd, POLLIN, 0 };
		size_t off = 0;
		ssize_t r;
		double t;

		if (poll(&pf, 1, 200) > 0) {
			r = read(fd, buf + have, RBUF - have);
			if (r == 0 || (r < 0 && errno != EINTR)) {
				fprintf(stderr, "sink: session closed\n");
				break;
			}
			have += r > 0 ? (size_t)r : 0;
		}
		if (o->noparse) {
			/* just read: the feeder's own rate (-N) */
			st.msgs += have;
			have = 0;
			continue;
		}
		while (have - off >= 19) {
			size_t len = (size_t)buf[off + 16] << 8 | buf[off + 17];

			if (len < 19)
				goto out;
			if (have - off < len)
				break;
			st.msgs++;
			if (buf[off + 18] == 2) {
				st.updates++;
				st.t_last = now();
				if (st.t_first == 0)
					st.t_first = st.t_last;
				sink_update(rbuf_make(buf + off + 19, len - 19),
					    &st);
				if (o->target && st.t_target == 0 &&
				    tab_cnt >= o->target)
					st.t_target = now();
			} else if (buf[off + 18] == 3) {
				fprintf(stderr, "sink: NOTIFICATION %d/%d\n",
					buf[off + 19], buf[off + 20]);
			}
			off += len;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		t = now();
		if (t - last_status > 0.2) {
			last_status = t;
			sink_status(o, &st);
			if (o->hold)
				send_keepalive(fd);
		}
	}
out:
	sink_status(o, &st);
	fprintf(stderr,
		"sink: %zu UPDATEs, %zu announced, %zu withdrawn, %zu distinct, "
		"first..last %.3f s\n",
		st.updates, st.announced, st.withdrawn, tab_cnt,
		st.t_last - st.t_first);
	close(fd);
	return 0;
}

/* ---- main ------------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr,
		"usage: bgpfeed feed|sink -r ADDR -l ADDR4 [-6 ADDR6] [-P PORT]\n"
		"       [-R REMOTE_AS] [-a LOCAL_AS] [-n SESSIONS] [-p PREPEND]\n"
		"       [-4] [-c MRT_UPDATES] [-t TARGET] [-o STATUS] [-H HOLD] [-L] [-N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = { .port = 179, .n = 1, .ras = 65000, .las = 65001,
			  .local6 = "2001:db8::2", .hold = 180 };
	struct sigaction sa = { .sa_handler = on_sig };
	int c, sink;

	if (argc < 2)
		usage();
	sink = !strcmp(argv[1], "sink");
	if (!sink && strcmp(argv[1], "feed"))
		usage();
	optind = 2;
	while ((c = getopt(argc, argv, "r:P:R:l:6:a:n:p:4c:t:o:H:LN")) != -1) {
		switch (c) {
		case 'r': o.remote = optarg; break;
		case 'P': o.port = atoi(optarg); break;
		case 'R': o.ras = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'l': o.local4 = optarg; break;
		case '6': o.local6 = optarg; break;
		case 'a': o.las = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'n': o.n = atoi(optarg); break;
		case 'p': o.prepend = (uint32_t)atoi(optarg); break;
		case '4': o.v4_only = 1; break;
		case 'c': o.churn = optarg; break;
		case 't': o.target = strtoul(optarg, NULL, 10); break;
		case 'o': o.status = optarg; break;
		case 'H': o.hold = atoi(optarg); break;
		case 'L': o.listen = 1; break;
		case 'N': o.noparse = 1; break;
		default: usage();
		}
	}
	if (!o.local4 || (!o.remote && !o.listen) || o.n < 1 || o.n > MAXSESS)
		usage();
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return sink ? run_sink(&o) : run_feed(&o);
}
