/*
 * netlink.c: the rtnetlink sockets (see netlink.h).
 *
 * Replies are walked with libmnl's mnl_nlmsg_ok/next, which check every
 * length against the datagram; each message is then parsed by nlmsg.c.
 * A dump reply with another sequence number is the tail of an earlier,
 * abandoned dump and is skipped.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "netlink.h"
#include "nlmsg.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct nl_sock {
	struct mnl_socket *nl;
	enum nl_kind kind;
	uint32_t seq;		/* of the running dump */
	bool intr;
	uint8_t *buf;		/* NL_RECV_BUF bytes */
};

static void set_rcvbuf(struct nl_sock *s, unsigned size)
{
	int fd = mnl_socket_get_fd(s->nl), v = (int)size;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) == 0)
		return;
	/* Without CAP_NET_ADMIN: capped by net.core.rmem_max. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) < 0)
		log_warn("fib: netlink receive buffer: %s", strerror(errno));
}

unsigned nl_rcvbuf(const struct nl_sock *s)
{
	int v = 0;
	socklen_t l = sizeof(v);

	getsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_RCVBUF, &v, &l);
	return (unsigned)v;
}

static int join(struct nl_sock *s, unsigned grp)
{
	return mnl_socket_setsockopt(s->nl, NETLINK_ADD_MEMBERSHIP, &grp,
				     sizeof(grp));
}

static int subscribe(struct nl_sock *s)
{
	static const unsigned groups[] = {
		RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
		RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
	};
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (join(s, groups[i]) < 0)
			return -1;
	/* Nexthop objects (Linux 5.3+): someone deleting one of ours.  An
	 * older kernel refuses the group; nothing to watch there. */
	join(s, RTNLGRP_NEXTHOP);
	return 0;
}

struct nl_sock *nl_open(enum nl_kind kind, unsigned rcvbuf)
{
	struct nl_sock *s = calloc(1, sizeof(*s));
	int one = 1;

	if (!s)
		return NULL;
	s->kind = kind;
	s->seq = (uint32_t)time(NULL);
	s->buf = malloc(NL_RECV_BUF);
	s->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!s->buf || !s->nl || mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	if (!rcvbuf)
		rcvbuf = kind == NL_EVENTS ? NL_RCVBUF_EVENTS :
			 kind == NL_CMD ? NL_RCVBUF_CMD : NL_RCVBUF_DUMP;
	set_rcvbuf(s, rcvbuf);
	if (kind == NL_EVENTS && subscribe(s) < 0)
		goto fail;
	if (kind == NL_CMD) {
		/* Older kernels lack these; errors still arrive, bigger. */
		mnl_socket_setsockopt(s->nl, NETLINK_CAP_ACK, &one, sizeof(one));
		mnl_socket_setsockopt(s->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	}
	return s;
fail:
	nl_close(s);
	return NULL;
}

void nl_close(struct nl_sock *s)
{
	int e = errno;

	if (!s)
		return;
	if (s->nl)
		mnl_socket_close(s->nl);
	free(s->buf);
	free(s);
	errno = e;
}

int nl_fd(const struct nl_sock *s)
{
	return mnl_socket_get_fd(s->nl);
}

uint32_t nl_portid(const struct nl_sock *s)
{
	return mnl_socket_get_portid(s->nl);
}

/* ---- events ---- */

int nl_events_read(struct nl_sock *s, nl_msg_cb cb, void *arg, bool *overrun)
{
	int count = 0;

	for (;;) {
		ssize_t n = recv(nl_fd(s), s->buf, NL_RECV_BUF, MSG_TRUNC);
		const struct nlmsghdr *nlh;
		int left;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return count;
			if (errno == ENOBUFS) {
				*overrun = true;
				continue;
			}
			return -1;
		}
		if ((size_t)n > NL_RECV_BUF) {
			/* Truncated: a message was lost, like an overrun. */
			*overrun = true;
			continue;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)s->buf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			cb(nlh, arg);
			count++;
		}
	}
}

/* ---- dumps ---- */

int nl_dump_start(struct nl_sock *s, uint16_t type, uint8_t family)
{
	uint8_t req[64];
	size_t len;

	s->seq++;
	s->intr = false;
	len = fib_build_dump(req, sizeof(req), type, family, s->seq);
	if (!len) {
		errno = EINVAL;
		return -1;
	}
	return nl_send(s, req, len);
}

/* One datagram of a dump: NL_DUMP_MORE, NL_DUMP_DONE, or -1. */
static int dump_datagram(struct nl_sock *s, size_t n, nl_msg_cb cb, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->buf;
	int left = (int)n;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_seq != s->seq)
			continue;	/* an abandoned earlier dump */
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			s->intr = true;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return NL_DUMP_DONE;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
				errno = EPROTO;
			else
				errno = -e->error;
			return -1;
		}
		if (!s->intr)
			cb(nlh, arg);
	}
	return NL_DUMP_MORE;
}

int nl_dump_read(struct nl_sock *s, nl_msg_cb cb, void *arg)
{
	return nl_dump_read_some(s, cb, arg, 0);
}

int nl_dump_read_some(struct nl_sock *s, nl_msg_cb cb, void *arg,
		      unsigned max)
{
	unsigned n_read = 0;

	for (;;) {
		ssize_t n = recv(nl_fd(s), s->buf, NL_RECV_BUF, MSG_TRUNC);
		int rc;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return NL_DUMP_MORE;
			return -1;
		}
		if ((size_t)n > NL_RECV_BUF) {
			s->intr = true;	/* truncated: redo */
			continue;
		}
		rc = dump_datagram(s, (size_t)n, cb, arg);
		if (rc == NL_DUMP_DONE)
			return s->intr ? NL_DUMP_INTR : NL_DUMP_DONE;
		if (rc < 0)
			return -1;
		if (max && ++n_read >= max)
			return NL_DUMP_MORE;
	}
}

static int wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc;

	do
		rc = poll(&p, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	return rc;
}

int nl_dump_sync(struct nl_sock *s, uint16_t type, uint8_t family,
		 nl_msg_cb cb, void *arg, void (*restart)(void *arg),
		 int timeout_ms)
{
	int tries, rc;

	for (tries = 0; tries < 5; tries++) {
		if (tries && restart)
			restart(arg);
		if (nl_dump_start(s, type, family) < 0)
			return -1;
		do {
			if (wait_readable(nl_fd(s), timeout_ms) <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			rc = nl_dump_read(s, cb, arg);
		} while (rc == NL_DUMP_MORE);
		if (rc != NL_DUMP_INTR)
			return rc < 0 ? -1 : 0;
		log_info("fib: kernel dump %u was inconsistent, redoing it", type);
	}
	errno = EAGAIN;
	return -1;
}

/* ---- commands ---- */

int nl_send(struct nl_sock *s, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = mnl_socket_sendto(s->nl, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

ssize_t nl_recv(struct nl_sock *s, void *buf, size_t len, int timeout_ms)
{
	ssize_t n;

	for (;;) {
		n = recv(nl_fd(s), buf, len, MSG_TRUNC);
		if (n >= 0) {
			if ((size_t)n > len) {
				errno = ENOSPC;
				return -1;
			}
			return n;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		n = wait_readable(nl_fd(s), timeout_ms);
		if (n <= 0)
			return n < 0 ? -1 : 0;
	}
}
