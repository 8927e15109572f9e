/*
 * sock.h: the TCP socket plumbing of BGP transport: listening sockets,
 * non-blocking connects, TTL / GTSM, update-source.  No FSM, no libev.
 * Every function returns -1 with errno set on failure.
 */
#ifndef OKAPI_SOCK_H
#define OKAPI_SOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "prefix.h"

/* A listening socket on addr:port (addr af 0 = the wildcard of family
 * af).  IPv6 sockets are IPV6_V6ONLY so an IPv4 one can sit beside. */
int sock_listen(int af, const struct ipaddr *addr, uint16_t port);

/* Non-blocking, close-on-exec, TCP_NODELAY. */
int sock_prepare(int fd);

/* Outgoing TTL (IPv4) / hop limit (IPv6); with min_ttl also the GTSM
 * floor (RFC 5082: IP_MINTTL / IPV6_MINHOPCOUNT). */
int sock_set_ttl(int fd, int af, int ttl, int min_ttl);

/*
 * update-source: src is an address (bind to it) or an interface name
 * (bind to its first address of family af, preferring a global one;
 * SO_BINDTODEVICE if it has none).
 */
int sock_bind_source(int fd, int af, const char *src);

/* TCP MD5 signatures with peer (RFC 2385): key NULL removes it.  On a
 * listening socket it applies to connections accepted from peer. */
int sock_set_md5(int fd, const struct ipaddr *peer, const char *key);

/* Start a non-blocking connect; 0 when under way or done, -1 on error.
 * ifname (may be NULL) gives the scope of an IPv6 link-local dst. */
int sock_connect(int fd, const struct ipaddr *dst, uint16_t port,
		 const char *ifname);

/* The pending error of a connect (SO_ERROR), 0 when connected. */
int sock_error(int fd);

/* Local and remote endpoints; 0 / -1. */
int sock_names(int fd, struct ipaddr *local, uint16_t *lport,
	       struct ipaddr *remote, uint16_t *rport);

#endif
