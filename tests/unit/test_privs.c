/*
 * test_privs.c: user and group resolution, its errors, and (as root, in
 * forked children) the privilege drop itself: identity, the exact
 * capability masks in /proc/self/status, and what the process can and
 * cannot do afterwards.
 *
 * Expected ids come from reading /etc/passwd and /etc/group directly, not
 * through the NSS calls the code under test uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_LIBCAP_NG
#include <cap-ng.h>
#endif

#include "privs.h"

/* CAP_NET_BIND_SERVICE is bit 10, CAP_NET_ADMIN bit 12. */
#define MASK_KEPT "0000000000001400"

/* Field 3 (id) and 4 (primary gid) of NAME in an /etc file; -1 if absent. */
static int etc_ids(const char *file, const char *name, long *id, long *gid)
{
	char line[1024];
	FILE *f = fopen(file, "r");
	size_t n = strlen(name);
	int found = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p;

		if (strncmp(line, name, n) != 0 || line[n] != ':')
			continue;
		p = strchr(line + n + 1, ':');	/* past the password */
		if (p == NULL)
			break;
		*id = strtol(p + 1, &p, 10);
		if (gid != NULL && *p == ':')
			*gid = strtol(p + 1, NULL, 10);
		found = 0;
		break;
	}
	fclose(f);
	return found;
}

static long nobody_uid, nobody_gid, daemon_gid;

static int setup_ids(void **state)
{
	long unused;

	(void)state;
	if (etc_ids("/etc/passwd", "nobody", &nobody_uid, &nobody_gid) < 0 ||
	    etc_ids("/etc/group", "daemon", &daemon_gid, NULL) < 0 ||
	    etc_ids("/etc/passwd", "root", &unused, NULL) < 0) {
		fprintf(stderr, "test_privs: /etc/passwd lacks nobody or root, "
				"or /etc/group lacks daemon\n");
		return -1;
	}
	return 0;
}

/* --- resolution: no privileges needed ---------------------------------- */

static void test_resolve_nothing_keeps(void **state)
{
	struct privs p;
	char err[128] = "";

	(void)state;
	assert_int_equal(privs_resolve(NULL, NULL, &p, err, sizeof(err)), 0);
	assert_int_equal(p.change, PRIVS_KEEP);
	assert_string_equal(err, "");
	assert_int_equal(privs_drop(&p, err, sizeof(err)), 0);
}

static void test_resolve_root_keeps_root(void **state)
{
	struct privs p;
	char err[128];

	(void)state;
	assert_int_equal(privs_resolve("root", NULL, &p, err, sizeof(err)), 0);
	assert_int_equal(p.change, PRIVS_KEEP);
	assert_int_equal(p.uid, 0);
	assert_string_equal(p.user, "root");
}

static void test_resolve_user_and_group(void **state)
{
	struct privs p;
	char err[128];

	(void)state;
	assert_int_equal(privs_resolve("nobody", NULL, &p, err, sizeof(err)), 0);
	assert_int_equal(p.change, PRIVS_USER);
	assert_int_equal(p.uid, nobody_uid);
	assert_int_equal(p.gid, nobody_gid);	/* primary group */
	assert_int_equal(privs_resolve("nobody", "daemon", &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.change, PRIVS_USER);
	assert_int_equal(p.gid, daemon_gid);
	assert_string_equal(p.group, "daemon");
	assert_int_equal(privs_resolve("root", "daemon", &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.change, PRIVS_GROUP);
	assert_int_equal(privs_resolve(NULL, "daemon", &p, err, sizeof(err)), 0);
	assert_int_equal(p.change, PRIVS_GROUP);
	assert_int_equal(p.gid, daemon_gid);
}

static void test_resolve_missing_names(void **state)
{
	struct privs p;
	char err[128];

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	assert_int_equal(privs_resolve("okapi-no-such-user", NULL, &p, err,
				       sizeof(err)), -1);
	assert_string_equal(err, "user \"okapi-no-such-user\" does not exist");
	assert_int_equal(((unsigned char *)&p)[0], 0x5a);	/* untouched */
	assert_int_equal(privs_resolve("nobody", "okapi-no-such-group", &p, err,
				       sizeof(err)), -1);
	assert_string_equal(err, "group \"okapi-no-such-group\" does not exist");
	assert_int_equal(privs_resolve("", NULL, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "empty user name");
	assert_int_equal(privs_resolve(NULL, "", &p, err, sizeof(err)), -1);
	assert_string_equal(err, "empty group name");
}

static void test_resolve_bounded_errors(void **state)
{
	char longname[300], err[12];
	struct privs p;

	(void)state;
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(privs_resolve(longname, NULL, &p, err, sizeof(err)), -1);
	assert_int_equal(strlen(err), sizeof(err) - 1);	/* truncated, ended */
	assert_memory_equal(err, "user name t", sizeof(err) - 1);
	/* No message buffer at all is allowed. */
	assert_int_equal(privs_resolve("okapi-no-such-user", NULL, &p, NULL, 0),
			 -1);
}

static void test_drop_rejects_garbage(void **state)
{
	struct privs p;
	char err[128];

	(void)state;
	memset(&p, 0, sizeof(p));
	p.change = (enum privs_change)42;
	assert_int_equal(privs_drop(&p, err, sizeof(err)), -1);
	assert_string_equal(err, "invalid privilege change 42");
}

/* --- the drop itself: as root, in a child that exits afterwards -------- */

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			fprintf(stderr, "child: line %d: %s\n", __LINE__, #c); \
			return 1;                                             \
		}                                                             \
	} while (0)

/* "CapEff:\t0000000000001400" -> the hex field for KEY. */
static int proc_status(const char *key, char *val, size_t len)
{
	char line[256];
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");
	int rc = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			snprintf(val, len, "%s", line + n + 1 + strspn(line + n + 1, " \t"));
			val[strcspn(val, "\n")] = '\0';
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

static int run_child(int (*fn)(void))
{
	int status = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		fflush(stderr);
		_exit(fn());	/* _exit: no LeakSanitizer pass as nobody */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int become_nobody(void)
{
	return setgroups(0, NULL) == 0 &&
	       setresgid(nobody_gid, nobody_gid, nobody_gid) == 0 &&
	       setresuid(nobody_uid, nobody_uid, nobody_uid) == 0 ? 0 : -1;
}

#ifdef HAVE_LIBCAP_NG
/* Bind some free port below 1024 on loopback: needs CAP_NET_BIND_SERVICE. */
static int bind_low_port(void)
{
	struct sockaddr_in sin;
	int fd, port, rc = -1;

	for (port = 1000; port > 900 && rc < 0; port--) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
		if (rc < 0 && errno != EADDRINUSE) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	return rc;
}

static int child_drop_to_nobody(void)
{
	struct privs p;
	char err[256], val[64];
	uid_t r, e, s;
	int fd, mark = 7;

	CHECK(privs_resolve("nobody", NULL, &p, err, sizeof(err)) == 0);
	if (privs_drop(&p, err, sizeof(err)) != 0) {
		fprintf(stderr, "child: privs_drop: %s\n", err);
		return 1;
	}
	CHECK(getresuid(&r, &e, &s) == 0);
	CHECK(r == (uid_t)nobody_uid && e == r && s == r);
	CHECK(getgid() == (gid_t)nobody_gid && getegid() == getgid());
	CHECK(getgroups(0, NULL) == 0);
	CHECK(proc_status("CapEff", val, sizeof(val)) == 0);
	CHECK(strcmp(val, MASK_KEPT) == 0);
	CHECK(proc_status("CapPrm", val, sizeof(val)) == 0);
	CHECK(strcmp(val, MASK_KEPT) == 0);
	CHECK(proc_status("CapInh", val, sizeof(val)) == 0);
	CHECK(strcmp(val, "0000000000000000") == 0);
	CHECK(proc_status("CapAmb", val, sizeof(val)) == 0);
	CHECK(strcmp(val, "0000000000000000") == 0);
	CHECK(proc_status("NoNewPrivs", val, sizeof(val)) == 0);
	CHECK(strcmp(val, "1") == 0);
	CHECK(capng_get_caps_process() == 0);
	CHECK(capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) == 1);
	CHECK(capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_BIND_SERVICE) == 1);
	CHECK(capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_RAW) == 0);
	CHECK(capng_have_capability(CAPNG_EFFECTIVE, CAP_DAC_OVERRIDE) == 0);
	CHECK(capng_have_capability(CAPNG_BOUNDING_SET, CAP_SYS_ADMIN) == 0);
	/* What the capabilities are for, and what is gone. */
	CHECK(bind_low_port() == 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0);
	CHECK(setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) == 0);
	close(fd);
	CHECK(open("/etc/shadow", O_RDONLY) < 0 && errno == EACCES);
	CHECK(setuid(0) < 0 && errno == EPERM);
	return 0;
}
#endif

static void test_drop_to_user(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "SKIPPED test_drop_to_user: needs root to switch "
				"user (run make check as root)\n");
		skip();
	}
#ifdef HAVE_LIBCAP_NG
	assert_int_equal(run_child(child_drop_to_nobody), 0);
#else
	{
		struct privs p;
		char err[256];

		assert_int_equal(privs_resolve("nobody", NULL, &p, err, sizeof(err)), 0);
		assert_int_equal(privs_drop(&p, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "without libcap-ng"));
		assert_int_equal(getuid(), 0);
	}
#endif
}

/* systemd's User= already made us the target: a no-op, not an error. */
static int child_already_target(void)
{
	struct privs p;
	char err[256];

	CHECK(privs_resolve("nobody", NULL, &p, err, sizeof(err)) == 0);
	CHECK(become_nobody() == 0);
	CHECK(privs_drop(&p, err, sizeof(err)) == 0);
	CHECK(getuid() == (uid_t)nobody_uid);
	return 0;
}

/* Another user while not root: refused with a message naming -S. */
static int child_not_root(void)
{
	struct privs p;
	char err[256];

	CHECK(privs_resolve("daemon", NULL, &p, err, sizeof(err)) == 0);
	CHECK(p.change == PRIVS_USER);
	CHECK(become_nobody() == 0);
	CHECK(privs_drop(&p, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not running as root") != NULL);
	CHECK(strstr(err, "-S") != NULL);
	CHECK(getuid() == (uid_t)nobody_uid);
	return 0;
}

/* -u root -g daemon: only the group changes, all capabilities stay. */
static int child_root_with_group(void)
{
	struct privs p;
	char err[256], before[64], after[64];

	CHECK(proc_status("CapEff", before, sizeof(before)) == 0);
	CHECK(privs_resolve("root", "daemon", &p, err, sizeof(err)) == 0);
	CHECK(privs_drop(&p, err, sizeof(err)) == 0);
	CHECK(getuid() == 0 && geteuid() == 0);
	CHECK(getgid() == (gid_t)daemon_gid && getegid() == getgid());
	CHECK(proc_status("CapEff", after, sizeof(after)) == 0);
	CHECK(strcmp(before, after) == 0);
	return 0;
}

/* A thread that waits until its pipe is closed. */
static void *idle_thread(void *arg)
{
	char c;

	while (read(*(int *)arg, &c, 1) > 0)
		;
	return NULL;
}

/* Capabilities are per thread: with a second thread running, PRIVS_USER
 * is refused before anything changes. */
static int child_threads_refused(void)
{
	struct privs p;
	char err[256];
	pthread_t t;
	int fds[2];

	CHECK(privs_resolve("nobody", NULL, &p, err, sizeof(err)) == 0);
	CHECK(pipe(fds) == 0);
	CHECK(pthread_create(&t, NULL, idle_thread, &fds[0]) == 0);
	CHECK(privs_drop(&p, err, sizeof(err)) == -1);
	CHECK(strstr(err, "2 threads are running") != NULL);
	CHECK(getuid() == 0 && geteuid() == 0);
	close(fds[1]);
	CHECK(pthread_join(t, NULL) == 0);
	return 0;
}

static void test_drop_edge_cases(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "SKIPPED test_drop_edge_cases: needs root\n");
		skip();
	}
	assert_int_equal(run_child(child_already_target), 0);
	assert_int_equal(run_child(child_not_root), 0);
	assert_int_equal(run_child(child_root_with_group), 0);
	assert_int_equal(run_child(child_threads_refused), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_nothing_keeps),
		cmocka_unit_test(test_resolve_root_keeps_root),
		cmocka_unit_test(test_resolve_user_and_group),
		cmocka_unit_test(test_resolve_missing_names),
		cmocka_unit_test(test_resolve_bounded_errors),
		cmocka_unit_test(test_drop_rejects_garbage),
		cmocka_unit_test(test_drop_to_user),
		cmocka_unit_test(test_drop_edge_cases),
	};

	return cmocka_run_group_tests_name("privs", tests, setup_ids, NULL);
}
