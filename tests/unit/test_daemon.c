/*
 * test_daemon.c: the bgpd program as IPMininet uses it: -v, the dry run
 * (-Cf, valid and broken configs, a missing -u user), and two bgpd
 * processes on 127.0.0.1 with different ports that reach Established,
 * detect a SIGSTOPped peer by its hold timer (timers 1 3, 4/0 logged),
 * come back after SIGCONT, and exit within 2 s of SIGTERM / SIGINT with
 * Cease logged and the pid file removed.  Silent on stdout/stderr.
 *
 * The binary is ./bgpd (make check runs in the build directory) or
 * $BGPD.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];
static const char *bgpd;

static void path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	path(p, sizeof(p), name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The whole file (NUL-terminated) or "" if it does not exist. */
static char *read_file(const char *name)
{
	static char buf[4][65536];
	static int k;
	char p[256];
	char *b = buf[k++ % 4];
	FILE *f;
	size_t n;

	path(p, sizeof(p), name);
	b[0] = '\0';
	f = fopen(p, "r");
	if (!f)
		return b;
	n = fread(b, 1, sizeof(buf[0]) - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static bool file_exists(const char *name)
{
	char p[256];

	path(p, sizeof(p), name);
	return access(p, F_OK) == 0;
}

/* Start bgpd with argv; stdout and stderr go to DIR/tag.out/.err. */
static pid_t spawn(const char *tag, char *const argv[])
{
	char out[256], err[256], n1[64], n2[64];
	pid_t pid;

	snprintf(n1, sizeof(n1), "%s.out", tag);
	snprintf(n2, sizeof(n2), "%s.err", tag);
	path(out, sizeof(out), n1);
	path(err, sizeof(err), n2);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (o < 0 || e < 0)
			_exit(126);
		dup2(o, 1);
		dup2(e, 2);
		execv(bgpd, argv);
		_exit(127);
	}
	return pid;
}

/* Wait for pid up to secs; its exit status, or -1 if still running. */
static int wait_exit(pid_t pid, double secs)
{
	struct timespec ts = {0, 10 * 1000 * 1000};
	int st, i;

	for (i = 0; i < (int)(secs * 100); i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int run(const char *tag, char *const argv[])
{
	pid_t pid = spawn(tag, argv);
	int rc = wait_exit(pid, 10);

	if (rc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return rc;
}

/* Wait until file contains needle at least n times. */
static bool wait_for(const char *name, const char *needle, int n, double secs)
{
	struct timespec ts = {0, 50 * 1000 * 1000};
	int i;

	for (i = 0; i < (int)(secs * 20); i++) {
		if (count(read_file(name), needle) >= n)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static uint16_t free_port(void)
{
	struct sockaddr_in sa;
	socklen_t l = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &l), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static int setup(void **state)
{
	(void)state;
	bgpd = getenv("BGPD") ? getenv("BGPD") : "./bgpd";
	if (access(bgpd, X_OK) != 0) {
		fprintf(stderr, "bgpd binary %s not found\n", bgpd);
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/okapi-test-daemon.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_version(void **state)
{
	char *argv[] = {"bgpd", "-v", NULL};

	(void)state;
	assert_int_equal(run("v", argv), 0);
	assert_non_null(strstr(read_file("v.out"), "okapi bgpd version "));
	assert_non_null(strstr(read_file("v.out"), "Copyright"));
}

static void test_dryrun(void **state)
{
	char cfg[256], pid[256];
	char *ok[] = {"bgpd", "-Cf", cfg, "-u", "root", NULL};
	char *bad_user[] = {"bgpd", "-Cf", cfg, "-u", "okapi-no-such-user",
			    NULL};
	char *bad_group[] = {"bgpd", "-Cf", cfg, "-g", "okapi-no-such-group",
			     NULL};
	char *with_pid[] = {"bgpd", "-C", "-f", cfg, "-i", pid, NULL};

	(void)state;
	path(cfg, sizeof(cfg), "dry.conf");
	path(pid, sizeof(pid), "dry.pid");
	write_file("dry.conf", "hostname r1\n"
			       "router bgp 1\n"
			       " neighbor 10.1.2.3 remote-as 2\n");
	assert_int_equal(run("dry", ok), 0);
	assert_string_equal(read_file("dry.out"), "");
	assert_int_equal(run("dry", with_pid), 0);
	assert_false(file_exists("dry.pid")); /* -C writes no file */

	write_file("dry.conf", "hostname r1\n"
			       "router bgp 1\n"
			       " neighbour 10.1.2.3 remote-as 2\n");
	assert_int_equal(run("dry", ok), 1);
	assert_non_null(strstr(read_file("dry.err"), "dry.conf:3"));

	assert_int_equal(run("user", bad_user), 1);
	assert_non_null(strstr(read_file("user.err"), "okapi-no-such-user"));
	assert_int_equal(run("group", bad_group), 1);
	assert_non_null(strstr(read_file("group.err"), "okapi-no-such-group"));
}

static void write_conf(const char *name, const char *log, unsigned as,
		       unsigned ras, const char *id, uint16_t port)
{
	char text[1024], lp[256];

	path(lp, sizeof(lp), log);
	snprintf(text, sizeof(text),
		 "hostname %s\n"
		 "password zebra\n"
		 "log file %s\n"
		 "router bgp %u\n"
		 " bgp router-id %s\n"
		 " neighbor 127.0.0.1 remote-as %u\n"
		 " neighbor 127.0.0.1 port %u\n"
		 " neighbor 127.0.0.1 timers 1 3\n",
		 name, lp, as, id, ras, port);
	write_file(name, text);
}

static void test_two_daemons(void **state)
{
	char ca[256], cb[256], pa[256], pb[256], za[256], zb[256];
	char porta[8], portb[8];
	/* -n: these run in the host's namespace; never touch its FIB. */
	char *argva[] = {"bgpd", "-f", ca,    "-i", pa, "-z", za,  "-u",
			 "root", "-p", porta, "-P", "0", "-n", NULL};
	char *argvb[] = {"bgpd", "-f", cb,    "-i", pb, "-z", zb,  "-u",
			 "root", "-p", portb, "-P", "0", "-n", NULL};
	uint16_t a_port = free_port(), b_port = free_port();
	pid_t a, b;
	char want[64];

	(void)state;
	snprintf(porta, sizeof(porta), "%u", a_port);
	snprintf(portb, sizeof(portb), "%u", b_port);
	path(ca, sizeof(ca), "a.conf");
	path(cb, sizeof(cb), "b.conf");
	path(pa, sizeof(pa), "a.pid");
	path(pb, sizeof(pb), "b.pid");
	path(za, sizeof(za), "quagga_a.api");
	path(zb, sizeof(zb), "quagga_b.api");
	write_conf("a.conf", "a.log", 65001, 4200000002u, "10.0.0.1", b_port);
	write_conf("b.conf", "b.log", 4200000002u, 65001, "10.0.0.2", a_port);
	a = spawn("a", argva);
	b = spawn("b", argvb);

	assert_true(
	    wait_for("a.log", "BGPd 0.1.0 starting: vty@0, bgp@<all>:", 1, 5));
	assert_true(
	    wait_for("a.log", "%ADJCHANGE: neighbor 127.0.0.1 Up", 1, 10));
	assert_true(
	    wait_for("b.log", "%ADJCHANGE: neighbor 127.0.0.1 Up", 1, 10));
	snprintf(want, sizeof(want), "%d\n", (int)a);
	assert_string_equal(read_file("a.pid"), want);

	/* Freeze B: A's hold timer (3 s) drops it with 4/0. */
	assert_int_equal(kill(b, SIGSTOP), 0);
	assert_true(wait_for("a.log",
			     "%NOTIFICATION: sent to neighbor "
			     "127.0.0.1 4/0 (Hold Timer Expired) 0 bytes \n",
			     1, 6));
	assert_true(wait_for("a.log",
			     "Notification sent to neighbor "
			     "127.0.0.1:0: type 4/0",
			     1, 1));
	assert_true(wait_for("a.log",
			     "%ADJCHANGE: neighbor 127.0.0.1 Down "
			     "BGP Notification send",
			     1, 1));
	assert_int_equal(kill(b, SIGCONT), 0);
	assert_true(
	    wait_for("a.log", "%ADJCHANGE: neighbor 127.0.0.1 Up", 2, 15));

	/* SIGTERM / SIGINT: out within 2 s, Cease sent, pid file gone. */
	assert_int_equal(kill(a, SIGTERM), 0);
	assert_int_equal(wait_exit(a, 2.0), 0);
	assert_int_equal(kill(b, SIGINT), 0);
	assert_int_equal(wait_exit(b, 2.0), 0);
	assert_true(wait_for("a.log", "Terminating on signal", 1, 0.1));
	assert_true(wait_for("a.log", "6/3 (Cease/Peer Unconfigured)", 1, 0.1));
	assert_true(wait_for("a.log",
			     "%ADJCHANGE: neighbor 127.0.0.1 Down "
			     "Neighbor deleted",
			     1, 0.1));
	assert_true(wait_for("b.log", "Terminating on signal", 1, 0.1));
	assert_false(file_exists("a.pid"));
	assert_false(file_exists("b.pid"));
	/* nothing on stdout or stderr */
	assert_string_equal(read_file("a.out"), "");
	assert_string_equal(read_file("a.err"), "");
	assert_string_equal(read_file("b.out"), "");
	assert_string_equal(read_file("b.err"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version),
	    cmocka_unit_test(test_dryrun),
	    cmocka_unit_test(test_two_daemons),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
