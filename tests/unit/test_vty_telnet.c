/*
 * test_vty_telnet.c: the vty server over real sockets.  An event loop
 * runs in its own thread with the server on 127.0.0.1 (ephemeral port)
 * and a local socket; a 20 ms timer on that loop stands for the BGP
 * keepalives.  The test is the telnet client: exact bytes of the banner,
 * login, prompts and errors (quagga-vty.md sections 1 and 8), the
 * wrong-password and no-password behaviour, the session limit, two
 * sessions at once, a client that stops reading in the middle of a long
 * output (the loop must keep running, vty_stop must still be prompt),
 * paging, the enable password, the idle timeout, and okapi-cli.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ev.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../daemon/config.h"
#include "vty.h"

/* ---- the loop thread ---------------------------------------------- */

static struct {
	struct ev_loop *loop;
	pthread_t thread;
	ev_timer tick;
	ev_async cmd;
	atomic_int ticks;
	atomic_int big_calls;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool ready, stopped;
	int stop_ms;
	char sock[256];
	uint16_t port;
} lp = { .lock = PTHREAD_MUTEX_INITIALIZER,
	 .cond = PTHREAD_COND_INITIALIZER };

static struct config conf;

static void tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	atomic_fetch_add(&lp.ticks, 1);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The test asks the loop to stop: vty_stop on the loop thread. */
static void cmd_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	long t0 = now_ms();

	(void)w;
	(void)revents;
	vty_stop();
	lp.stop_ms = (int)(now_ms() - t0);
	ev_timer_stop(loop, &lp.tick);
	ev_async_stop(loop, &lp.cmd);
	ev_break(loop, EVBREAK_ALL);
}

static void *loop_main(void *arg)
{
	struct vty_opts o = { .addr = "127.0.0.1", .port = 0,
			      .unix_path = lp.sock, .max_sessions = 3,
			      .set_sock_owner = true, .sock_uid = 65534,
			      .sock_gid = 65534 };

	(void)arg;
	vty_set_config(&conf);
	assert_int_equal(vty_start(lp.loop, &o), 0);
	lp.port = vty_bound_port();
	ev_timer_init(&lp.tick, tick_cb, 0.02, 0.02);
	ev_timer_start(lp.loop, &lp.tick);
	ev_async_init(&lp.cmd, cmd_cb);
	ev_async_start(lp.loop, &lp.cmd);
	pthread_mutex_lock(&lp.lock);
	lp.ready = true;
	pthread_cond_signal(&lp.cond);
	pthread_mutex_unlock(&lp.lock);
	ev_run(lp.loop, 0);
	return NULL;
}

/* ---- test commands -------------------------------------------------- */

#define BIG_LINES 200000

/* A long table: 200000 lines of 64 bytes (12.8 MB), in chunks. */
static int cmd_big(struct vty_out *out, int argc, char **argv)
{
	int *next = vty_out_state(out);

	(void)argc;
	(void)argv;
	atomic_fetch_add(&lp.big_calls, 1);
	if (!next) {
		next = calloc(1, sizeof(*next));
		if (!next)
			return VTY_FAIL;
		vty_out_set_state(out, next, free);
	}
	while (*next < BIG_LINES && vty_out_lines(out) < VTY_CHUNK_LINES) {
		vty_out_printf(out, "line %06d %52s\n", *next, "x");
		(*next)++;
	}
	return *next < BIG_LINES ? VTY_MORE : VTY_DONE;
}

static const struct vty_cmd big_cmd = { "show test big", "Show\nTest\nBig",
					VTY_VIEW, cmd_big, 0 };

static int setup(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_IGN);
	conf.hostname = "r2";
	conf.password = "zebra";
	conf.exec_timeout = 600;
	conf.log_syslog_level = conf.log_stdout_level = -1;
	snprintf(lp.sock, sizeof(lp.sock), "/tmp/okapi-test-vty-%d/bgpd.vty",
		 (int)getpid());
	vty_install_builtins();
	assert_int_equal(vty_install(&big_cmd), 0);
	lp.loop = ev_loop_new(EVFLAG_AUTO);
	assert_non_null(lp.loop);
	assert_int_equal(pthread_create(&lp.thread, NULL, loop_main, NULL),
			 0);
	pthread_mutex_lock(&lp.lock);
	while (!lp.ready)
		pthread_cond_wait(&lp.cond, &lp.lock);
	pthread_mutex_unlock(&lp.lock);
	return 0;
}

static int teardown(void **state)
{
	char dir[256];

	(void)state;
	if (!lp.stopped) {
		ev_async_send(lp.loop, &lp.cmd);
		pthread_join(lp.thread, NULL);
	}
	snprintf(dir, sizeof(dir), "/tmp/okapi-test-vty-%d", (int)getpid());
	rmdir(dir);
	return 0;
}

/* ---- a minimal telnet client ---------------------------------------- */

struct rx {
	char buf[65536];
	size_t len;
};

static int tconnect(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(lp.port) };
	struct timeval tv = { 5, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static void tsend(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/* Read until the received bytes end with `end` (or EOF if end is NULL). */
static void read_until(int fd, struct rx *r, const char *end)
{
	size_t el = end ? strlen(end) : 0;

	r->len = 0;
	for (;;) {
		ssize_t n;

		if (end && r->len >= el &&
		    memcmp(r->buf + r->len - el, end, el) == 0)
			break;
		assert_true(r->len < sizeof(r->buf) - 1);
		n = read(fd, r->buf + r->len, end ? 1 : sizeof(r->buf) - 1 -
								r->len);
		if (n <= 0) {
			if (end)
				fail_msg("EOF/timeout waiting for \"%s\" after "
					 "%zu bytes [%.*s]", end, r->len,
					 (int)r->len, r->buf);
			break;
		}
		r->len += (size_t)n;
	}
	r->buf[r->len] = '\0';
}

static void expectn(int fd, const char *want, size_t wlen, const char *end,
		    size_t elen)
{
	struct rx r;
	size_t got = 0;

	r.len = 0;
	while (r.len < elen || memcmp(r.buf + r.len - elen, end, elen) != 0) {
		ssize_t n = read(fd, r.buf + r.len, 1);

		if (n <= 0)
			fail_msg("EOF/timeout after %zu bytes", r.len);
		r.len++;
		assert_true(r.len < sizeof(r.buf));
	}
	got = r.len;
	assert_int_equal(got, wlen);
	assert_memory_equal(r.buf, want, wlen);
}

static void expect(int fd, const char *want, const char *end)
{
	struct rx r;

	read_until(fd, &r, end);
	if (r.len != strlen(want) || memcmp(r.buf, want, r.len) != 0)
		fail_msg("got [%s] want [%s]", r.buf, want);
}

static const char banner[] =
	"\r\nHello, this is okapi (version 0.1.0).\r\n"
	"Copyright 2026 the okapi authors.\r\n\r\n"
	"\r\nUser Access Verification\r\n\r\n"
	"\xff\xfb\x01\xff\xfb\x03\xff\xfe\x22\xff\xfd\x1fPassword: ";

static int login(void)
{
	int fd = tconnect();

	expect(fd, banner, "Password: ");
	tsend(fd, "zebra\r\n");
	expect(fd, "\r\nr2> ", "r2> ");
	return fd;
}

/* The server sees the client's close a moment later. */
static void wait_sessions(int n)
{
	int i;

	for (i = 0; i < 500 && vty_sessions() > n; i++)
		usleep(10000);
	assert_int_equal(vty_sessions(), n);
}

/* ---- tests ------------------------------------------------------------ */

static const struct vty_cmd late_cmd = { "show late", "Show\nLate",
					 VTY_VIEW, cmd_big, 0 };

static void test_login_and_commands(void **state)
{
	int fd = login();

	(void)state;
	/* The running server's threads read the table without a lock. */
	assert_int_equal(vty_install(&late_cmd), -1);
	tsend(fd, "sh ver\r");
	expect(fd, "sh ver\r\nokapi 0.1.0 (r2).\r\n"
		   "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	tsend(fd, "show foo\r\n");
	expect(fd, "show foo\r\n% [BGP] Unknown command: show foo\r\nr2> ",
	       "r2> ");
	tsend(fd, "sh\r\x00");
	expect(fd, "sh\r\n% Command incomplete.\r\nr2> ", "r2> ");
	tsend(fd, "e\r");
	expect(fd, "e\r\n% Ambiguous command.\r\nr2> ", "r2> ");
	/* A bare LF is Enter too (nc, scripts), as in Quagga; telnet
	 * subnegotiation (here a NAWS answer) never reaches the line. */
	tsend(fd, "sh ver\n");
	expect(fd, "sh ver\r\nokapi 0.1.0 (r2).\r\n"
		   "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	assert_int_equal(write(fd, "\xff\xfa\x1f\x00\x50\x00\x18\xff\xf0"
				   "sh ver\r\n", 17), 17);
	expect(fd, "sh ver\r\nokapi 0.1.0 (r2).\r\n"
		   "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	/* No output: no empty line before the prompt, as in Quagga. */
	tsend(fd, "enable\r");
	expect(fd, "enable\r\nr2# ", "r2# ");
	tsend(fd, "end\r");
	expect(fd, "end\r\nr2# ", "r2# ");
	tsend(fd, "show version | include Copy\r");
	expect(fd, "show version | include Copy\r\n"
		   "Copyright 2026 the okapi authors.\r\nr2# ", "r2# ");
	/* Telnet sends CR NUL: the unread NUL must not turn our close into
	 * a RST that loses the output (read returns 0, not ECONNRESET). */
	assert_int_equal(write(fd, "exit\r\0", 6), 6);
	expect(fd, "exit\r\n", "exit\r\n");
	{
		char c;

		usleep(100000);
		assert_int_equal(read(fd, &c, 1), 0);
	}
	close(fd);
	wait_sessions(0);
}

/* `?` and TAB come from libcli's line editor. */
static void test_help_and_tab(void **state)
{
	int fd = login();

	(void)state;
	/* libcli lists, the relay lays it out as Quagga: sorted, names
	 * padded to the longest, two blanks. */
	tsend(fd, "show ver?");
	expect(fd, "show ver\r\n  version  Displays zebra version"
		   "\r\nr2> show ver", "r2> show ver");
	tsend(fd, "\x15");	/* ^U: clear the line */
	expect(fd, "\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b",
	       "        \b\b\b\b\b\b\b\b");
	tsend(fd, "show ?");
	expect(fd, "show \r\n"
		   "  bgp      BGP information\r\n"
		   "  ip       IP information\r\n"
		   "  ipv6     IPv6 information\r\n"
		   "  logging  Show current logging configuration\r\n"
		   "  test     Test\r\n"
		   "  version  Displays zebra version\r\n"
		   "r2> show ", "r2> show ");
	tsend(fd, "\x15");
	expect(fd, "\b\b\b\b\b     \b\b\b\b\b", "     \b\b\b\b\b");
	/* libcli item 9: on a leaf, `?` used to run the command. */
	tsend(fd, "show version ?");
	expect(fd, "show version \r\n  json  JavaScript Object Notation\r\n"
		   "  <cr>  \r\nr2> show version ",
	       "r2> show version ");
	tsend(fd, "\x15");
	expect(fd, "\b\b\b\b\b\b\b\b\b\b\b\b\b             "
		   "\b\b\b\b\b\b\b\b\b\b\b\b\b",
	       "             \b\b\b\b\b\b\b\b\b\b\b\b\b");
	tsend(fd, "sh ver\t");
	expect(fd, "sh ver\b\b\bversion ", "version ");
	tsend(fd, "\r");
	expect(fd, "\r\nokapi 0.1.0 (r2).\r\n"
		   "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	close(fd);
	wait_sessions(0);
}

static void test_wrong_password(void **state)
{
	int fd = tconnect();

	(void)state;
	expect(fd, banner, "Password: ");
	tsend(fd, "bad\n");
	expect(fd, "\r\nPassword: ", "Password: ");
	tsend(fd, "bad2\r\n");
	expect(fd, "\r\nPassword: ", "Password: ");
	tsend(fd, "bad3\r\x00");
	expect(fd, "\r\n% Bad passwords, too many failures!\r\n", NULL);
	close(fd);
	wait_sessions(0);
}

static void test_no_password(void **state)
{
	struct config c = conf;
	int fd;

	(void)state;
	c.password = NULL;
	vty_set_config(&c);
	fd = tconnect();
	expect(fd, "Vty password is not set.\r\n", NULL);
	close(fd);
	wait_sessions(0);
	vty_set_config(&conf);
}

/* line vty / access-class: a denied address gets nothing at all. */
static void test_access_class(void **state)
{
	struct acl_entry deny = { .permit = false }, any = { .permit = true,
							     .any = true };
	struct acl acl = { .name = "vty-in", .af = AF_INET, .entries = &deny };
	struct config c = conf;
	struct rx r;
	int fd;

	(void)state;
	assert_int_equal(prefix_parse("127.0.0.0/8", &deny.prefix, NULL), 0);
	deny.next = &any;
	c.acls = &acl;
	c.vty_access_class = "vty-in";
	vty_set_config(&c);
	fd = tconnect();
	read_until(fd, &r, NULL);
	assert_int_equal(r.len, 0);
	close(fd);
	/* The list now permits loopback first. */
	deny.permit = true;
	fd = login();
	close(fd);
	wait_sessions(0);
	vty_set_config(&conf);
}

/* Random bytes (telnet commands, escapes, ^D, long lines) after login
 * never take the server down. */
static void test_garbage(void **state)
{
	char buf[8192];
	unsigned seed = 12345;
	int fd, round;
	size_t i;

	(void)state;
	for (round = 0; round < 8; round++) {
		fd = login();
		for (i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (char)(seed >> 16);
			/* keep the session going: no ^D, and mostly text */
			if (buf[i] == 4 || (round < 4 && (seed & 0x100)))
				buf[i] = 'a' + (char)(seed % 26);
		}
		if (write(fd, buf, sizeof(buf)) < 0)
			fail_msg("write");
		usleep(100000);
		close(fd);
		wait_sessions(0);
	}
	fd = login();
	tsend(fd, "sh ver\r");
	expect(fd, "sh ver\r\nokapi 0.1.0 (r2).\r\n"
		   "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	close(fd);
	wait_sessions(0);
}

static void test_two_sessions_and_limit(void **state)
{
	int a = login(), b = login(), c = login(), d;

	(void)state;
	tsend(a, "show version\r");
	tsend(b, "show version\r");
	expect(b, "show version\r\nokapi 0.1.0 (r2).\r\n"
		  "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	expect(a, "show version\r\nokapi 0.1.0 (r2).\r\n"
		  "Copyright 2026 the okapi authors.\r\nr2> ", "r2> ");
	assert_int_equal(vty_sessions(), 3);
	d = tconnect();	/* the limit of this test server is 3 */
	expect(d, "\r\n% Too many vty sessions, try again later.\r\n", NULL);
	close(d);
	close(a);
	close(b);
	close(c);
	wait_sessions(0);
}

#define ERASE "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b"
#define LINE(n) "line 00000" #n                                              \
		"                                                    x"

static void test_pager(void **state)
{
	static const char p1[] = "show test big\r\n" LINE(0) "\r\n" LINE(1)
		"\r\n --More-- \0";
	static const char p2[] = ERASE LINE(2) "\r\n" LINE(3)
		"\r\n --More-- \0";
	static const char p3[] = ERASE "\r\nr2> ";
	int fd = login();

	(void)state;
	tsend(fd, "terminal length 3\r");
	expect(fd, "terminal length 3\r\nr2> ", "r2> ");
	/* CR NUL as telnet sends it: the NUL is not the key for More. */
	assert_int_equal(write(fd, "show test big\r\0", 15), 15);
	expectn(fd, p1, sizeof(p1) - 1, " --More-- \0", 11);
	tsend(fd, " ");
	expectn(fd, p2, sizeof(p2) - 1, " --More-- \0", 11);
	tsend(fd, "q");
	expectn(fd, p3, sizeof(p3) - 1, "r2> ", 4);
	tsend(fd, "terminal length 0\r");
	expect(fd, "terminal length 0\r\nr2> ", "r2> ");
	/* Back to the default: the window height from NAWS (3 rows). */
	tsend(fd, "terminal no length\r");
	expect(fd, "terminal no length\r\nr2> ", "r2> ");
	assert_int_equal(write(fd, "\xff\xfa\x1f\x00\x50\x00\x03\xff\xf0"
				   "show test big\r", 23), 23);
	expectn(fd, p1, sizeof(p1) - 1, " --More-- \0", 11);
	tsend(fd, "q");
	expectn(fd, p3, sizeof(p3) - 1, "r2> ", 4);
	close(fd);
	wait_sessions(0);
}

static void test_enable_password(void **state)
{
	struct config c = conf;
	int fd;

	(void)state;
	c.enable_password = "secret";
	vty_set_config(&c);
	fd = login();
	tsend(fd, "enable\r");
	expect(fd, "enable\r\nPassword: ", "Password: ");
	tsend(fd, "secret\r\n");
	expect(fd, "\r\nr2# ", "r2# ");
	tsend(fd, "disable\r");
	expect(fd, "disable\r\nr2> ", "r2> ");
	tsend(fd, "en\r");
	expect(fd, "en\r\nPassword: ", "Password: ");
	tsend(fd, "x\r");
	expect(fd, "\r\nPassword: ", "Password: ");
	tsend(fd, "y\r");
	expect(fd, "\r\nPassword: ", "Password: ");
	tsend(fd, "z\r");
	expect(fd, "\r\n% Bad enable passwords, too many failures!\r\nr2> ",
	       "r2> ");
	close(fd);
	wait_sessions(0);
	vty_set_config(&conf);
}

static void test_idle_timeout(void **state)
{
	struct config c = conf;
	struct rx r;
	int fd;

	(void)state;
	c.exec_timeout = 1;
	vty_set_config(&c);
	fd = login();
	read_until(fd, &r, NULL);
	assert_string_equal(r.buf, "\r\nVty connection is timed out.\r\n");
	close(fd);
	wait_sessions(0);
	vty_set_config(&conf);
}

/* okapi-cli through the local socket, the same commands and errors. */
static void test_okapi_cli(void **state)
{
	char cmd[1024], out[4096];
	const char *bin = getenv("OKAPI_CLI");
	FILE *p;
	size_t n;
	int st;

	struct stat sb;

	(void)state;
	/* The socket belongs to the user bgpd will run as, mode 0660. */
	assert_int_equal(stat(lp.sock, &sb), 0);
	assert_int_equal(sb.st_uid, 65534);
	assert_int_equal(sb.st_mode & 0777, 0660);
	if (!bin)
		bin = "./okapi-cli";
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "SKIP test_okapi_cli: %s not built\n", bin);
		skip();
	}
	snprintf(cmd, sizeof(cmd), "%s -s %s -c 'sh ver' -c 'show version | "
		 "include Copy'", bin, lp.sock);
	p = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_string_equal(out, "okapi 0.1.0 (r2).\n"
				 "Copyright 2026 the okapi authors.\n"
				 "Copyright 2026 the okapi authors.\n");
	snprintf(cmd, sizeof(cmd), "%s -s %s -c 'show foo'", bin, lp.sock);
	p = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	assert_string_equal(out, "% [BGP] Unknown command: show foo\n");
}

/*
 * A client that stops reading in the middle of a 12.8 MB table: its
 * thread blocks in send(), the loop keeps ticking, the handler is not
 * run to the end behind the client's back, and vty_stop still returns
 * within the SIGTERM budget.  Runs last: it stops the server.
 */
static void test_stalled_client(void **state)
{
	int fd = login(), t0, calls, i;

	(void)state;
	tsend(fd, "show test big\r");
	/* Wait until the socket buffers are full: no chunk for 0.5 s. */
	for (i = 0, calls = -1; i < 100; i++) {
		int c = atomic_load(&lp.big_calls);

		if (c == calls)
			break;
		calls = c;
		usleep(500000);
	}
	t0 = atomic_load(&lp.ticks);
	usleep(1000000);
	/* 20 ms timer: about 50 ticks in a second if the loop is free. */
	assert_true(atomic_load(&lp.ticks) - t0 >= 25);
	/* Stalled: no chunk produced while nobody reads. */
	assert_int_equal(atomic_load(&lp.big_calls), calls);
	assert_true(calls < BIG_LINES / VTY_CHUNK_LINES);
	ev_async_send(lp.loop, &lp.cmd);
	pthread_join(lp.thread, NULL);
	lp.stopped = true;
	assert_true(lp.stop_ms < 2000);
	assert_int_equal(vty_sessions(), 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_and_commands),
		cmocka_unit_test(test_help_and_tab),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_no_password),
		cmocka_unit_test(test_access_class),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_two_sessions_and_limit),
		cmocka_unit_test(test_pager),
		cmocka_unit_test(test_enable_password),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_okapi_cli),
		cmocka_unit_test(test_stalled_client),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
