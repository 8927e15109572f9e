/*
 * server.c: the vty listeners and sessions.
 *
 * The loop thread accepts (TCP 2605 on IPv4 and IPv6, and the local UNIX
 * socket), logs "Vty connection from ADDR" as Quagga does, refuses a
 * connection when no password is configured ("Vty password is not set.")
 * or when the session limit is reached, and otherwise starts one thread
 * per connection.  A telnet thread prints Quagga's banner and does the
 * password-only login itself (libcli's login always asks for a user
 * name), then hands the socket to cli_loop.  A local thread reads one
 * command per line and answers with its output and an end marker.
 * Finished threads are joined by the loop (an ev_async), and vty_stop
 * shuts every socket down so that each thread ends within a second.
 *
 * The vty threads never log and never touch routing state: they read the
 * published config copy (hostname, passwords, exec-timeout) under a lock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ev.h>
#include <fcntl.h>
#include <libcli.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../daemon/config.h"
#include "log.h"
#include "vty_int.h"


#define VTY_MAX_LISTENERS 3

struct listener {
	ev_io io;
	int fd;
	bool is_unix;
};

static struct {
	struct ev_loop *loop;
	struct listener lst[VTY_MAX_LISTENERS];
	int nlst;
	uint16_t port;
	char *unix_path;
	int opt_max;
	ev_async reap;
	pthread_mutex_t lock;	/* sessions list and conf */
	struct vty_sess *sessions;
	struct vty_conf_snap conf;
	bool have_conf;
	const struct config *cur;
	bool started;
} srv = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* ---- published config ------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void vty_set_config(const struct config *c)
{
	struct utsname u;

	pthread_mutex_lock(&srv.lock);
	srv.cur = c;
	if (c) {
		if (c->hostname)
			snprintf(srv.conf.hostname, sizeof(srv.conf.hostname),
				 "%s", c->hostname);
		else if (uname(&u) == 0)
			snprintf(srv.conf.hostname, sizeof(srv.conf.hostname),
				 "%s", u.nodename);
		free(srv.conf.password);
		free(srv.conf.enable_password);
		srv.conf.password = dup_or_null(c->password);
		srv.conf.enable_password = dup_or_null(c->enable_password);
		srv.conf.exec_timeout = c->exec_timeout;
		srv.conf.max_sessions = c->vty_max_sessions;
		srv.conf.gen++;
		srv.have_conf = true;
	}
	pthread_mutex_unlock(&srv.lock);
}

const struct config *vty_conf_current(void)
{
	return srv.cur;
}

void vty_conf_get(struct vty_conf_snap *snap)
{
	struct utsname u;

	pthread_mutex_lock(&srv.lock);
	*snap = srv.conf;
	snap->password = dup_or_null(srv.conf.password);
	snap->enable_password = dup_or_null(srv.conf.enable_password);
	if (!srv.have_conf) {
		snap->exec_timeout = CONF_DEF_EXEC_TIMEOUT;
		snap->max_sessions = 0;
		if (uname(&u) == 0)
			snprintf(snap->hostname, sizeof(snap->hostname), "%s",
				 u.nodename);
	}
	pthread_mutex_unlock(&srv.lock);
}

void vty_conf_snap_free(struct vty_conf_snap *snap)
{
	free(snap->password);
	free(snap->enable_password);
	snap->password = snap->enable_password = NULL;
}

unsigned vty_conf_gen(void)
{
	unsigned g;

	pthread_mutex_lock(&srv.lock);
	g = srv.conf.gen;
	pthread_mutex_unlock(&srv.lock);
	return g;
}

static int idle_cb(struct cli_def *cli)
{
	struct vty_sess *s = cli_get_context(cli);
	static const char msg[] = "\r\nVty connection is timed out.\r\n";

	vty_sess_write(s, msg, sizeof(msg) - 1);
	return CLI_QUIT;
}

void vty_sess_refresh(struct vty_sess *s)
{
	struct vty_conf_snap snap;

	if (s->conf_gen == vty_conf_gen())
		return;
	vty_conf_get(&snap);
	s->conf_gen = snap.gen;
	cli_set_hostname(s->cli, snap.hostname);
	free(s->enable_pw);
	s->enable_pw = snap.enable_password;
	snap.enable_password = NULL;
	s->exec_timeout = snap.exec_timeout;
	if (s->kind == VTY_KIND_TELNET)
		cli_set_idle_timeout_callback(s->cli,
					      (unsigned)(s->exec_timeout > 0
							 ? s->exec_timeout : 0),
					      idle_cb);
	vty_conf_snap_free(&snap);
}

/* ---- socket I/O for the vty threads ------------------------------ */

int vty_sess_write(struct vty_sess *s, const void *buf, size_t len)
{
	const char *p = buf;

	s->wrote = true;
	while (len > 0) {
		ssize_t n = send(s->io, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_byte(struct vty_sess *s, int timeout_s)
{
	struct pollfd p = { .fd = s->io, .events = POLLIN };
	unsigned char c;
	int r;

	do
		r = poll(&p, 1, timeout_s > 0 ? timeout_s * 1000 : -1);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	if (read(s->io, &c, 1) != 1)
		return -1;
	return c;
}

/* Skip a telnet command after IAC: options are 3 bytes, SB runs to
 * IAC SE (quagga-vty.md 1.2: we never answer negotiation). */
static int skip_telnet(struct vty_sess *s, int timeout_s)
{
	int c = read_byte(s, timeout_s), prev = 0;

	if (c < 0)
		return -1;
	if (c >= 251 && c <= 254)
		return read_byte(s, timeout_s) < 0 ? -1 : 0;
	if (c == TELNET_SB) {
		s->sb_len = 0;
		while ((c = read_byte(s, timeout_s)) >= 0) {
			if (prev == TELNET_IAC && c == TELNET_SE) {
				vty_tn_subneg(s);
				return 0;
			}
			prev = (prev == TELNET_IAC && c == TELNET_IAC) ? 0 : c;
			if (prev != TELNET_IAC && s->sb_len < sizeof(s->sb))
				s->sb[s->sb_len++] = (unsigned char)c;
		}
		return -1;
	}
	return 0;
}

int vty_sess_getc(struct vty_sess *s, int timeout_s)
{
	int c;

	for (;;) {
		c = read_byte(s, timeout_s);
		if (c != TELNET_IAC)
			return c;
		if (skip_telnet(s, timeout_s) < 0)
			return -1;
	}
}

/* A line typed without echo; CR LF and CR NUL count as one Enter. */
int vty_sess_getpass(struct vty_sess *s, char *buf, size_t len,
		     int timeout_s)
{
	size_t n = 0;
	int c;

	for (;;) {
		c = vty_sess_getc(s, timeout_s);
		if (c < 0)
			return -1;
		if (c == 0 || (c == '\n' && n == 0 && s->after_cr)) {
			s->after_cr = false;
			continue;
		}
		s->after_cr = c == '\r';
		if (c == '\r' || c == '\n')
			break;
		if (c == 0x7f || c == 0x08) {
			n -= n > 0;
		} else if (c == 0x15) {
			n = 0;
		} else if (c >= 32 && n + 1 < len) {
			buf[n++] = (char)c;
		}
	}
	buf[n] = '\0';
	return 0;
}

/* ---- telnet sessions --------------------------------------------- */

static const char auth_banner[] =
	"\r\nHello, this is " PACKAGE_NAME " (version " PACKAGE_VERSION ")."
	"\r\nCopyright 2026 the okapi authors.\r\n\r\n"
	"\r\nUser Access Verification\r\n\r\n"
	/* IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD, IAC DONT LINEMODE,
	 * IAC DO NAWS: the window height sets the page (the relay parses
	 * the answer; libcli never sees it). */
	"\xff\xfb\x01\xff\xfb\x03\xff\xfe\x22\xff\xfd\x1f";

/*
 * Quagga's login (quagga-vty.md 1.3): "Password: ", no echo, three tries.
 * 0 when logged in; -1 when the connection must be closed.
 */
static int telnet_login(struct vty_sess *s)
{
	static const char prompt[] = "Password: ";
	static const char bad[] = "\r\n% Bad passwords, too many failures!\r\n";
	static const char tmo[] = "\r\nVty connection is timed out.\r\n";
	struct vty_conf_snap snap;
	char pw[256];
	int tries, rc = -1;

	vty_conf_get(&snap);
	if (vty_sess_write(s, auth_banner, sizeof(auth_banner) - 1) < 0)
		goto out;
	for (tries = 0; tries < 3; tries++) {
		if (tries > 0)
			vty_sess_write(s, "\r\n", 2);
		vty_sess_write(s, prompt, sizeof(prompt) - 1);
		if (vty_sess_getpass(s, pw, sizeof(pw), snap.exec_timeout) <
		    0) {
			vty_sess_write(s, tmo, sizeof(tmo) - 1);
			goto out;
		}
		if (snap.password && strcmp(pw, snap.password) == 0) {
			rc = 0;
			goto out;
		}
	}
	vty_sess_write(s, bad, sizeof(bad) - 1);
out:
	memset(pw, 0, sizeof(pw));
	vty_conf_snap_free(&snap);
	return rc;
}

/*
 * End the connection gracefully: FIN first, then read what the client
 * still sends for a moment (the NUL of a telnet "exit\r\0"), because
 * closing a socket with unread input sends a RST, which can make the
 * client drop our last output.
 */
static void sess_drain(struct vty_sess *s)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	char buf[512];
	int i;

	shutdown(s->fd, SHUT_WR);
	for (i = 0; i < 20 && poll(&p, 1, 10) >= 0; i++) {
		if (p.revents && read(s->fd, buf, sizeof(buf)) <= 0)
			break;
	}
}

static void sess_finish(struct vty_sess *s)
{
	sess_drain(s);
	pthread_mutex_lock(&srv.lock);
	s->finished = true;
	pthread_mutex_unlock(&srv.lock);
	if (srv.loop)
		ev_async_send(srv.loop, &srv.reap);
}

/* Run cli_loop behind the relay; returns when the session is over. */
static void telnet_run(struct vty_sess *s)
{
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
		return;
	pthread_mutex_lock(&srv.lock);
	s->io = sp[0];
	s->relay_fd = sp[1];
	pthread_mutex_unlock(&srv.lock);
	s->tn_cr = s->after_cr;
	if (pthread_create(&s->relay, NULL, vty_relay_thread, s) != 0)
		return;
	/* cli_loop fcloses the fd it is given: a dup, so that our io stays
	 * valid for shutdown() until the session is freed. */
	s->cli_fd = dup(s->io);
	if (s->cli_fd >= 0 && s->cli_fd < FD_SETSIZE)
		cli_loop(s->cli, s->cli_fd);
	else if (s->cli_fd >= 0)
		close(s->cli_fd);
	s->cli_fd = -1;
	shutdown(s->io, SHUT_RDWR);
	pthread_join(s->relay, NULL);
}

static void *telnet_thread(void *arg)
{
	struct vty_sess *s = arg;

	if (vty_cli_setup(s, VTY_VIEW) == 0 && telnet_login(s) == 0)
		telnet_run(s);
	sess_finish(s);
	return NULL;
}

/* ---- local (UNIX socket) sessions -------------------------------- */

/*
 * Protocol, as vtysh's: the client sends one command per line; the server
 * answers with the output lines and then the marker NUL NUL NUL followed
 * by one status byte: '0' ok, '1' parse error, '2' the command failed.
 * The session runs at the enable level.
 */
static int unix_readline(struct vty_sess *s, char *buf, size_t len,
			 char *pend, size_t *npend)
{
	struct pollfd p = { .fd = s->fd };
	int tmo_ms = (s->exec_timeout > 0 ? s->exec_timeout
					  : CONF_DEF_EXEC_TIMEOUT) * 1000;

	for (;;) {
		char *nl = memchr(pend, '\n', *npend);
		ssize_t r;

		if (nl) {
			size_t n = (size_t)(nl - pend);

			snprintf(buf, len, "%.*s", (int)n, pend);
			memmove(pend, nl + 1, *npend - n - 1);
			*npend -= n + 1;
			return 0;
		}
		if (*npend == CLI_MAX_LINE_LENGTH)
			return -1;
		/* A client that sends nothing for the exec-timeout (or 600 s)
		 * gives its session back. */
		p.events = POLLIN;
		if (poll(&p, 1, tmo_ms) <= 0)
			return -1;
		r = read(s->fd, pend + *npend, CLI_MAX_LINE_LENGTH - *npend);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		*npend += (size_t)r;
	}
}

static void *unix_thread(void *arg)
{
	struct vty_sess *s = arg;
	char *line = malloc(CLI_MAX_LINE_LENGTH + 1);
	char *pend = malloc(CLI_MAX_LINE_LENGTH);
	size_t npend = 0;

	if (line && pend && vty_cli_setup(s, VTY_ENABLE) == 0) {
		while (unix_readline(s, line, CLI_MAX_LINE_LENGTH + 1, pend,
				     &npend) == 0) {
			char marker[4] = { 0, 0, 0, '0' };
			int rc;

			line[strcspn(line, "\r")] = '\0';
			s->last_rc = 0;
			rc = cli_run_command(s->cli, line);
			marker[3] = (char)('0' + s->last_rc);
			if (vty_sess_write(s, marker, sizeof(marker)) < 0 ||
			    rc == CLI_QUIT)
				break;
		}
	}
	free(line);
	free(pend);
	sess_finish(s);
	return NULL;
}

/* ---- accepting ---------------------------------------------------- */

static void sess_free(struct vty_sess *s)
{
	if (s->cli)
		cli_done(s->cli);
	if (s->io >= 0 && s->io != s->fd)
		close(s->io);
	if (s->relay_fd >= 0)
		close(s->relay_fd);
	if (s->fd >= 0)
		close(s->fd);
	free(s->enable_pw);
	free(s);
}

/* Join the finished threads (loop thread). */
static void reap_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct vty_sess **pp, *s, *done = NULL;

	(void)loop;
	(void)w;
	(void)revents;
	pthread_mutex_lock(&srv.lock);
	for (pp = &srv.sessions; (s = *pp) != NULL;) {
		if (s->finished) {
			*pp = s->next;
			s->next = done;
			done = s;
		} else {
			pp = &s->next;
		}
	}
	pthread_mutex_unlock(&srv.lock);
	while ((s = done) != NULL) {
		done = s->next;
		pthread_join(s->thread, NULL);
		sess_free(s);
	}
}

static int live_sessions(enum vty_kind kind)
{
	struct vty_sess *s;
	int n = 0;

	pthread_mutex_lock(&srv.lock);
	for (s = srv.sessions; s; s = s->next)
		if (!s->finished && (kind == VTY_KIND_INLINE || s->kind == kind))
			n++;
	pthread_mutex_unlock(&srv.lock);
	return n;
}

int vty_sessions(void)
{
	return live_sessions(VTY_KIND_INLINE);
}

static int max_sessions(void)
{
	int m;

	pthread_mutex_lock(&srv.lock);
	m = srv.have_conf && srv.conf.max_sessions > 0 ? srv.conf.max_sessions
						       : srv.opt_max;
	pthread_mutex_unlock(&srv.lock);
	return m > 0 ? m : VTY_DEF_MAX_SESSIONS;
}

static void refuse(int fd, const char *msg)
{
	ssize_t r = send(fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT);

	(void)r;
	close(fd);
}

static int sess_spawn(struct vty_sess *s, void *(*fn)(void *))
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	/* vty threads take no signals: they stay with the loop (ev(3)). */
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&s->thread, NULL, fn, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	pthread_mutex_lock(&srv.lock);
	s->next = srv.sessions;
	srv.sessions = s;
	pthread_mutex_unlock(&srv.lock);
	return 0;
}

static void peer_name(const struct sockaddr_storage *ss, char *buf,
		      size_t len)
{
	const void *a = ss->ss_family == AF_INET6
		? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
		: (const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	if (ss->ss_family == AF_UNIX || !inet_ntop(ss->ss_family, a, buf,
						   (socklen_t)len))
		snprintf(buf, len, "local");
}

static bool password_set(void)
{
	bool set;

	pthread_mutex_lock(&srv.lock);
	set = srv.conf.password != NULL && srv.conf.password[0] != '\0';
	pthread_mutex_unlock(&srv.lock);
	return set;
}

/*
 * `line vty` / ` access-class NAME` (and ipv6 access-class): the zebra
 * access-list decides, first match wins, no match denies (Quagga's
 * vty_accept).  No access-class, or a name that does not exist, allows.
 * Loop thread: reads the running config.
 */
static bool access_check(const struct config *c,
			 const struct sockaddr_storage *ss)
{
	const struct acl_entry *e;
	const struct acl *acl;
	const char *name;
	struct ipaddr a;
	int af = ss->ss_family;

	if (!c || (af != AF_INET && af != AF_INET6))
		return true;
	name = af == AF_INET ? c->vty_access_class : c->vty_ipv6_access_class;
	if (!name || !(acl = config_find_acl(c, name, af)))
		return true;
	if (ipaddr_from_sockaddr((const struct sockaddr *)ss, &a, NULL) < 0)
		return false;
	for (e = acl->entries; e; e = e->next) {
		bool m = e->any || (prefix_contains_addr(&e->prefix, &a) &&
				    (!e->exact_match ||
				     e->prefix.len == af_maxlen(af)));

		if (m)
			return e->permit;
	}
	return false;
}

static bool access_allowed(const struct sockaddr_storage *ss)
{
	bool ok;

	pthread_mutex_lock(&srv.lock);
	ok = access_check(srv.cur, ss);
	pthread_mutex_unlock(&srv.lock);
	return ok;
}

/*
 * A client can open connections in a loop: at most 20 "Vty connection"
 * lines per second, then one line saying how many were not logged.
 */
static bool log_allowed(void)
{
	static time_t sec;
	static unsigned n, dropped;
	time_t now = time(NULL);

	if (now != sec) {
		if (dropped)
			log_warn("vty: %u connection log lines suppressed",
				 dropped);
		sec = now;
		n = dropped = 0;
	}
	if (n++ < 20)
		return true;
	dropped++;
	return false;
}

static void accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct listener *l = (struct listener *)w;
	struct sockaddr_storage ss;
	socklen_t slen = sizeof(ss);
	enum vty_kind kind = l->is_unix ? VTY_KIND_UNIX : VTY_KIND_TELNET;
	struct vty_sess *s;
	char name[INET6_ADDRSTRLEN + 8];
	int fd, max;

	(void)loop;
	(void)revents;
	fd = accept4(l->fd, (struct sockaddr *)&ss, &slen, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	peer_name(&ss, name, sizeof(name));
	if (kind == VTY_KIND_TELNET && !access_allowed(&ss)) {
		if (log_allowed())
			log_info("Vty connection refused from %s", name);
		close(fd);
		return;
	}
	if (kind == VTY_KIND_TELNET && log_allowed())
		log_info("Vty connection from %s", name);
	if (kind == VTY_KIND_TELNET && !password_set()) {
		refuse(fd, "Vty password is not set.\r\n");
		return;
	}
	max = max_sessions();
	if (live_sessions(kind) >= max || fd >= FD_SETSIZE - 16) {
		if (log_allowed())
			log_warn("Vty connection from %s refused: %d sessions "
				 "open (maximum %d)", name, live_sessions(kind),
				 max);
		refuse(fd, kind == VTY_KIND_TELNET
			   ? "\r\n% Too many vty sessions, try again later.\r\n"
			   : "% Too many vty sessions, try again later.\n");
		return;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return;
	}
	s->kind = kind;
	s->fd = fd;
	s->term_len = -1;
	s->io = fd;
	s->relay_fd = -1;
	s->cli_fd = -1;
	snprintf(s->peer, sizeof(s->peer), "%s", name);
	if (sess_spawn(s, kind == VTY_KIND_TELNET ? telnet_thread
						  : unix_thread) < 0) {
		log_err("vty: cannot start a session thread");
		close(fd);
		free(s);
	}
}

/* ---- listeners ---------------------------------------------------- */

static int listen_add(int fd, bool is_unix)
{
	struct listener *l;

	if (listen(fd, 16) < 0 || srv.nlst == VTY_MAX_LISTENERS) {
		close(fd);
		return -1;
	}
	l = &srv.lst[srv.nlst++];
	l->fd = fd;
	l->is_unix = is_unix;
	ev_io_init(&l->io, accept_cb, fd, EV_READ);
	ev_io_start(srv.loop, &l->io);
	return 0;
}

static int tcp_listen(int af, const char *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t slen;
	int fd, on = 1;

	memset(&ss, 0, sizeof(ss));
	if (af == AF_INET) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (addr && inet_pton(AF_INET, addr, &s4->sin_addr) != 1)
			return -1;
		slen = sizeof(*s4);
	} else {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (addr && inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
			return -1;
		slen = sizeof(*s6);
	}
	fd = socket(af, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (af == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, slen) < 0) {
		log_err("vty: cannot bind %s port %u: %s",
			addr ? addr : (af == AF_INET ? "0.0.0.0" : "::"),
			(unsigned)port, strerror(errno));
		close(fd);
		return -1;
	}
	slen = sizeof(ss);
	if (srv.port == 0 &&
	    getsockname(fd, (struct sockaddr *)&ss, &slen) == 0)
		srv.port = ntohs(af == AF_INET ? s4->sin_port : s6->sin6_port);
	return listen_add(fd, false);
}

static int unix_listen(const char *path, const struct vty_opts *o)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char dir[sizeof(sun.sun_path)];
	char *slash;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_err("vty: socket path too long: %s", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Never steal the socket of another running bgpd. */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		log_err("vty: %s is in use by another bgpd", path);
		close(fd);
		return -1;
	}
	close(fd);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		log_err("vty: cannot bind %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	chmod(path, 0660);
	if (o->set_sock_owner && chown(path, o->sock_uid, o->sock_gid) < 0)
		log_warn("vty: cannot give %s to uid %ld: %s", path,
			 (long)o->sock_uid, strerror(errno));
	return listen_add(fd, true);
}

const char *vty_socket_path(const char *pid_file, char *buf, size_t len)
{
	size_t n;

	if (!pid_file || !pid_file[0]) {
		snprintf(buf, len, "%s", VTY_DEFAULT_SOCKET);
		return buf;
	}
	n = strlen(pid_file);
	if (n > 4 && strcmp(pid_file + n - 4, ".pid") == 0)
		n -= 4;
	snprintf(buf, len, "%.*s.vty", (int)n, pid_file);
	return buf;
}

static bool is_v6(const char *addr)
{
	return addr && strchr(addr, ':') != NULL;
}

int vty_start(struct ev_loop *loop, const struct vty_opts *opts)
{
	int ok = 0;

	signal(SIGPIPE, SIG_IGN);
	srv.loop = loop;
	srv.nlst = 0;
	srv.port = opts->port;
	srv.opt_max = opts->max_sessions;
	vty_install_builtins();
	vty_cmd_freeze(true);
	vty_call_start(loop);
	ev_async_init(&srv.reap, reap_cb);
	ev_async_start(loop, &srv.reap);
	ev_unref(loop);
	srv.started = true;
	if (!opts->no_tcp && (!opts->addr || !is_v6(opts->addr)))
		ok += tcp_listen(AF_INET, opts->addr, srv.port) == 0;
	if (!opts->no_tcp && (!opts->addr || is_v6(opts->addr)))
		ok += tcp_listen(AF_INET6, opts->addr, srv.port) == 0;
	if (opts->unix_path) {
		free(srv.unix_path);
		srv.unix_path = strdup(opts->unix_path);
		ok += unix_listen(opts->unix_path, opts) == 0;
	}
	return ok > 0 ? 0 : -1;
}

uint16_t vty_bound_port(void)
{
	return srv.port;
}

/* Join with a deadline; a thread that does not end is left detached. */
static bool join_until(pthread_t t, const struct timespec *deadline)
{
	if (pthread_timedjoin_np(t, NULL, deadline) == 0)
		return true;
	pthread_detach(t);
	return false;
}

void vty_stop(void)
{
	struct vty_sess *s, *list;
	struct timespec deadline;
	int i;

	if (!srv.started)
		return;
	srv.started = false;
	for (i = 0; i < srv.nlst; i++) {
		ev_io_stop(srv.loop, &srv.lst[i].io);
		close(srv.lst[i].fd);
	}
	srv.nlst = 0;
	if (srv.unix_path) {
		unlink(srv.unix_path);
		free(srv.unix_path);
		srv.unix_path = NULL;
	}
	vty_call_stop();
	pthread_mutex_lock(&srv.lock);
	list = srv.sessions;
	srv.sessions = NULL;
	for (s = list; s; s = s->next) {
		shutdown(s->fd, SHUT_RDWR);
		if (s->relay_fd >= 0) {
			shutdown(s->io, SHUT_RDWR);
			shutdown(s->relay_fd, SHUT_RDWR);
		}
	}
	pthread_mutex_unlock(&srv.lock);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 500000000L;
	deadline.tv_sec += 1 + deadline.tv_nsec / 1000000000L;
	deadline.tv_nsec %= 1000000000L;
	while ((s = list) != NULL) {
		list = s->next;
		if (join_until(s->thread, &deadline))
			sess_free(s);
	}
	ev_ref(srv.loop);
	ev_async_stop(srv.loop, &srv.reap);
	vty_cmd_freeze(false);
}
