/*
 * privs.h: running as an unprivileged user (bgpd -u USER -g GROUP).
 *
 * bgpd starts as root, binds port 179 and the vty, and then switches to
 * the configured user while keeping exactly two capabilities:
 * CAP_NET_ADMIN (routes over rtnetlink, SO_MARK, SO_RCVBUFFORCE) and
 * CAP_NET_BIND_SERVICE (re-binding port 179 after a reload).  TCP MD5
 * (TCP_MD5SIG), IP_TTL/IP_MINTTL, IPV6_UNICAST_HOPS/IPV6_MINHOPCOUNT and
 * SO_BINDTODEVICE on an unbound socket need no capability on Linux >= 5.7,
 * so CAP_NET_RAW is not kept (see docs/man/bgpd.8, PRIVILEGES).
 *
 * The sequence in main.c:
 *	privs_resolve(user, group, &p, err, len)   before anything else
 *	... parse the config (as root: it may be readable by root only) ...
 *	privs_drop(&p, err, len)                    before any thread starts
 *	... log file, pid file, port 179, vty, FIB writer, as the new user ...
 * Both return 0 or -1 with a one-line message in err; on -1 from
 * privs_drop the process may hold a partial identity and must exit.
 */
#ifndef OKAPI_PRIVS_H
#define OKAPI_PRIVS_H

#include <stddef.h>
#include <sys/types.h>

enum privs_change {
	PRIVS_KEEP = 0,		/* -S, no -u/-g, or -u root without -g */
	PRIVS_GROUP,		/* -u root -g GROUP (or -g alone): gid only */
	PRIVS_USER,		/* -u USER: uid and gid, two capabilities */
};

#define PRIVS_NAME_MAX 64

struct privs {
	enum privs_change change;
	uid_t uid;		/* valid for PRIVS_USER */
	gid_t gid;		/* valid for PRIVS_GROUP and PRIVS_USER */
	char user[PRIVS_NAME_MAX];	/* for log lines; "" if not given */
	char group[PRIVS_NAME_MAX];
};

/*
 * Look up USER and GROUP (either may be NULL).  Without GROUP the user's
 * primary group is used.  A missing user or group is an error naming it;
 * nothing is changed in the process.
 */
int privs_resolve(const char *user, const char *group, struct privs *out,
		  char *err, size_t errlen);

/*
 * Apply what privs_resolve decided.  PRIVS_USER: drop supplementary
 * groups, set gid and uid, keep CAP_NET_ADMIN and CAP_NET_BIND_SERVICE
 * (effective and permitted), clear the bounding and ambient sets, set
 * no_new_privs.  If the process already runs as that uid and gid (systemd
 * User=), nothing is changed.  Built without libcap-ng, PRIVS_USER is
 * refused with a message rather than silently losing CAP_NET_ADMIN.
 *
 * Call it while the process has a single thread: capabilities are per
 * thread, so a thread started before (FIB writer, vty) would lose all of
 * them.  With more than one thread PRIVS_USER is refused.  Binding port
 * 179 afterwards works through the kept CAP_NET_BIND_SERVICE, so the
 * simplest order is: parse the config, privs_drop, then open the log, the
 * pid file, the sockets and the threads, all as the new user.
 */
int privs_drop(const struct privs *p, char *err, size_t errlen);

#endif
