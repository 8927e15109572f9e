/*
 * privs.c: switching bgpd to an unprivileged user after it has bound its
 * sockets, keeping only the capabilities a BGP speaker needs afterwards.
 *
 * The identity change goes through libcap-ng's capng_change_id(), which
 * does the PR_SET_KEEPCAPS / setresgid / setgroups / setresuid / capset
 * dance in the right order; hand-written capset() calls are easy to get
 * subtly wrong (RFC-less, but see capabilities(7), "Effect of user ID
 * changes on capabilities").  What is kept and why:
 *
 *   CAP_NET_ADMIN         rtnetlink route changes (fib/), SO_MARK,
 *                         SO_RCVBUFFORCE on the netlink socket
 *   CAP_NET_BIND_SERVICE  binding port 179 again after a reload or -l
 *
 * Not kept: CAP_NET_RAW.  Measured on Linux 6.1 and 6.18 as an ordinary
 * user: TCP_MD5SIG (RFC 2385), IP_TTL/IP_MINTTL and IPV6_MINHOPCOUNT
 * (RFC 5082 GTSM) and SO_BINDTODEVICE on a not yet bound socket all
 * succeed without any capability.
 *
 * Limitations: the supplementary groups are dropped, not initialised from
 * the group database; a failed capng_change_id() may leave a half-changed
 * identity, so the caller must exit on error (the man page says so too).
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifdef HAVE_LIBCAP_NG
#include <cap-ng.h>
#endif

#include "privs.h"

/* getpwnam_r/getgrnam_r scratch space; glibc's own hint is 1024. */
#define PRIVS_NSS_BUF 16384

static void privs_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void privs_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* getpwnam_r(3): "not found" is 0 with a NULL result, but some NSS
 * modules report it as ENOENT, ESRCH, EBADF or EPERM instead. */
static int privs_not_found(int rc)
{
	return rc == 0 || rc == ENOENT || rc == ESRCH || rc == EBADF ||
	       rc == EPERM;
}

static int privs_check_name(const char *what, const char *name, char *err,
			    size_t errlen)
{
	if (name[0] == '\0') {
		privs_err(err, errlen, "empty %s name", what);
		return -1;
	}
	if (strlen(name) >= PRIVS_NAME_MAX) {
		privs_err(err, errlen, "%s name too long (%zu characters, at most %d)",
			  what, strlen(name), PRIVS_NAME_MAX - 1);
		return -1;
	}
	return 0;
}

static int privs_lookup_user(const char *name, uid_t *uid, gid_t *gid,
			     char *err, size_t errlen)
{
	char buf[PRIVS_NSS_BUF];
	struct passwd pw, *res = NULL;
	int rc;

	if (privs_check_name("user", name, err, errlen) < 0)
		return -1;
	rc = getpwnam_r(name, &pw, buf, sizeof(buf), &res);
	if (res == NULL) {
		if (privs_not_found(rc))
			privs_err(err, errlen, "user \"%s\" does not exist", name);
		else
			privs_err(err, errlen, "cannot look up user \"%s\": %s",
				  name, strerror(rc));
		return -1;
	}
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	return 0;
}

static int privs_lookup_group(const char *name, gid_t *gid, char *err,
			      size_t errlen)
{
	char buf[PRIVS_NSS_BUF];
	struct group gr, *res = NULL;
	int rc;

	if (privs_check_name("group", name, err, errlen) < 0)
		return -1;
	rc = getgrnam_r(name, &gr, buf, sizeof(buf), &res);
	if (res == NULL) {
		if (privs_not_found(rc))
			privs_err(err, errlen, "group \"%s\" does not exist", name);
		else
			privs_err(err, errlen, "cannot look up group \"%s\": %s",
				  name, strerror(rc));
		return -1;
	}
	*gid = gr.gr_gid;
	return 0;
}

int privs_resolve(const char *user, const char *group, struct privs *out,
		  char *err, size_t errlen)
{
	struct privs p;

	memset(&p, 0, sizeof(p));
	p.change = PRIVS_KEEP;
	if (user != NULL) {
		if (privs_lookup_user(user, &p.uid, &p.gid, err, errlen) < 0)
			return -1;
		snprintf(p.user, sizeof(p.user), "%s", user);
		/* "-u root keeps root": no uid change, all capabilities. */
		p.change = p.uid == 0 ? PRIVS_KEEP : PRIVS_USER;
	}
	if (group != NULL) {
		if (privs_lookup_group(group, &p.gid, err, errlen) < 0)
			return -1;
		snprintf(p.group, sizeof(p.group), "%s", group);
		if (p.change == PRIVS_KEEP)
			p.change = PRIVS_GROUP;
	}
	*out = p;
	return 0;
}

static int privs_set_group(const struct privs *p, char *err, size_t errlen)
{
	if (getgid() == p->gid && getegid() == p->gid)
		return 0;
	if (setresgid(p->gid, p->gid, p->gid) < 0) {
		privs_err(err, errlen, "cannot switch to group \"%s\" (%u): %s",
			  p->group, (unsigned)p->gid, strerror(errno));
		return -1;
	}
	return 0;
}

#ifdef HAVE_LIBCAP_NG
static const char *privs_capng_reason(int rc)
{
	switch (rc) {
	case -1: return "libcap-ng not initialised";
	case -2: return "PR_SET_KEEPCAPS failed";
	case -3: return "applying intermediate capabilities failed";
	case -4: return "setting the gid failed";
	case -5: return "dropping supplementary groups failed";
	case -6: return "setting the uid failed";
	case -7: return "clearing PR_SET_KEEPCAPS failed";
	case -8: return "clearing the bounding set failed";
	case -9: return "dropping CAP_SETPCAP or ambient capabilities failed";
	default: return "unknown failure";
	}
}

/* After the change: the identity and the capability sets must be exactly
 * what we asked for, and root must be out of reach. */
static int privs_verify(const struct privs *p, char *err, size_t errlen)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	if (getresuid(&ruid, &euid, &suid) < 0 ||
	    getresgid(&rgid, &egid, &sgid) < 0 || ruid != p->uid ||
	    euid != p->uid || suid != p->uid || rgid != p->gid ||
	    egid != p->gid || sgid != p->gid) {
		privs_err(err, errlen, "identity is not %u:%u after the switch",
			  (unsigned)p->uid, (unsigned)p->gid);
		return -1;
	}
	if (capng_get_caps_process() != 0 ||
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) != 1 ||
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_BIND_SERVICE) != 1 ||
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_SETUID) != 0 ||
	    capng_have_capability(CAPNG_PERMITTED, CAP_SYS_ADMIN) != 0) {
		privs_err(err, errlen, "capabilities are not CAP_NET_ADMIN and "
				       "CAP_NET_BIND_SERVICE after the switch");
		return -1;
	}
	if (setuid(0) != -1) {
		privs_err(err, errlen, "could switch back to root after the switch");
		return -1;
	}
	return 0;
}

static int privs_set_user(const struct privs *p, char *err, size_t errlen)
{
	int rc;

	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			  CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, -1) != 0) {
		privs_err(err, errlen, "cannot prepare the capability set");
		return -1;
	}
	errno = 0;
	rc = capng_change_id((int)p->uid, (int)p->gid,
			     CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING |
				     CAPNG_CLEAR_AMBIENT);
	if (rc != 0) {
		privs_err(err, errlen, "cannot switch to user \"%s\" (%u:%u): %s%s%s",
			  p->user, (unsigned)p->uid, (unsigned)p->gid,
			  privs_capng_reason(rc), errno ? ": " : "",
			  errno ? strerror(errno) : "");
		return -1;
	}
	/* Nothing bgpd execs may gain privileges (setuid binaries, file
	 * capabilities). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		privs_err(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return -1;
	}
	return privs_verify(p, err, errlen);
}
#else
static int privs_set_user(const struct privs *p, char *err, size_t errlen)
{
	privs_err(err, errlen,
		  "cannot switch to user \"%s\": bgpd was built without "
		  "libcap-ng and would lose CAP_NET_ADMIN; rebuild with "
		  "libcap-ng-dev, or run with -u root or -S",
		  p->user);
	return -1;
}
#endif

/*
 * Capabilities and PR_SET_KEEPCAPS belong to a thread, not to the process:
 * glibc makes every thread follow the uid change, but only the calling
 * thread keeps its capabilities.  A thread started earlier (the FIB writer,
 * a vty session) would silently run without CAP_NET_ADMIN.  Count the
 * threads; -1 if /proc is not there to tell.
 */
static int privs_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

int privs_drop(const struct privs *p, char *err, size_t errlen)
{
	int threads;

	switch (p->change) {
	case PRIVS_KEEP:
		return 0;
	case PRIVS_GROUP:
		return privs_set_group(p, err, errlen);
	case PRIVS_USER:
		break;
	default:
		privs_err(err, errlen, "invalid privilege change %d",
			  (int)p->change);
		return -1;
	}
	/* Started by systemd as User=okapi: already done, nothing to do. */
	if (getuid() == p->uid && geteuid() == p->uid && getgid() == p->gid &&
	    getegid() == p->gid)
		return 0;
	if (geteuid() != 0) {
		privs_err(err, errlen,
			  "cannot switch to user \"%s\": not running as root "
			  "(uid %u); use -S to keep the current user",
			  p->user, (unsigned)geteuid());
		return -1;
	}
	threads = privs_threads();
	if (threads > 1) {
		privs_err(err, errlen,
			  "cannot switch to user \"%s\": %d threads are "
			  "running and only this one would keep its "
			  "capabilities (switch before starting threads)",
			  p->user, threads);
		return -1;
	}
	return privs_set_user(p, err, errlen);
}
