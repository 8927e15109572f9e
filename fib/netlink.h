/*
 * netlink.h: okapi's three rtnetlink sockets (libraries.md 2.3, as BIRD
 * and FRR do it):
 *   - the event socket, subscribed to links, IPv4/IPv6 addresses,
 *     routes and nexthop objects (if the kernel has them), read by the
 *     event loop; ENOBUFS (the kernel dropped notifications) is
 *     reported to the caller, who must re-dump;
 *   - the dump socket, for the initial dump and resyncs (multipart
 *     replies; NLM_F_DUMP_INTR means the dump was inconsistent: redo);
 *   - the command socket of the writer thread (NETLINK_CAP_ACK so ACKs
 *     stay small, NETLINK_EXT_ACK for the kernel's error text).
 * All are non-blocking; receive buffers are forced large (SO_RCVBUFFORCE
 * with CAP_NET_ADMIN, else SO_RCVBUF capped by net.core.rmem_max).
 */
#ifndef OKAPI_NETLINK_H
#define OKAPI_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nlmsghdr;
struct nl_sock;

enum nl_kind {
	NL_EVENTS,
	NL_DUMP,
	NL_CMD,
};

#define NL_RCVBUF_EVENTS (32u << 20)	/* 32 MiB */
#define NL_RCVBUF_CMD (8u << 20)
#define NL_RCVBUF_DUMP (4u << 20)
#define NL_RECV_BUF (64u << 10)		/* per recvmsg */

/* Results of nl_dump_read. */
#define NL_DUMP_MORE 1
#define NL_DUMP_DONE 0
#define NL_DUMP_INTR 2		/* inconsistent: start it again */

typedef int (*nl_msg_cb)(const struct nlmsghdr *nlh, void *arg);

/* rcvbuf 0: the default of the kind.  NULL on failure (errno set). */
struct nl_sock *nl_open(enum nl_kind kind, unsigned rcvbuf);
void nl_close(struct nl_sock *s);
int nl_fd(const struct nl_sock *s);
uint32_t nl_portid(const struct nl_sock *s);
/* The receive buffer the kernel granted (bytes, as getsockopt says). */
unsigned nl_rcvbuf(const struct nl_sock *s);

/*
 * Event socket: read and hand over every message until EAGAIN.  Returns
 * the number of messages, or -1 on a hard error.  *overrun is set when
 * the kernel reported ENOBUFS (reading goes on: the socket stays usable).
 */
int nl_events_read(struct nl_sock *s, nl_msg_cb cb, void *arg, bool *overrun);

/* Dump socket: send a dump request (RTM_GETLINK/GETADDR/GETROUTE). */
int nl_dump_start(struct nl_sock *s, uint16_t type, uint8_t family);
/* Read what is there: NL_DUMP_MORE, NL_DUMP_DONE, NL_DUMP_INTR or -1. */
int nl_dump_read(struct nl_sock *s, nl_msg_cb cb, void *arg);
/* The same, reading at most max datagrams (0: no limit), so that an
 * event loop can read a big dump in slices. */
int nl_dump_read_some(struct nl_sock *s, nl_msg_cb cb, void *arg,
		      unsigned max);
/*
 * A whole dump, blocking up to timeout_ms; an inconsistent dump is
 * restarted (up to 5 times) after calling restart(arg) (may be NULL) so
 * the caller can forget the partial one.  0 or -1.
 */
int nl_dump_sync(struct nl_sock *s, uint16_t type, uint8_t family,
		 nl_msg_cb cb, void *arg, void (*restart)(void *arg),
		 int timeout_ms);

/* Command socket: send one buffer of requests; 0 or -1 (errno). */
int nl_send(struct nl_sock *s, const void *buf, size_t len);
/* Receive one datagram (waits up to timeout_ms); bytes, 0 on timeout,
 * -1 on error (errno; ENOBUFS: ACKs were lost). */
ssize_t nl_recv(struct nl_sock *s, void *buf, size_t len, int timeout_ms);

#endif
