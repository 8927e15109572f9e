/*
 * prefix.h: IP addresses and prefixes as okapi holds them everywhere
 * (config, wire codec, RIB, vty): a family tag and 16 bytes in network
 * order, IPv4 in the first 4.  Plain values, no allocation.
 */
#ifndef OKAPI_PREFIX_H
#define OKAPI_PREFIX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define IPADDR_STRLEN 46	/* INET6_ADDRSTRLEN */
#define PREFIX_STRLEN 50	/* address + "/128" */

struct ipaddr {
	uint8_t af;		/* AF_INET, AF_INET6, or 0 = unset */
	uint8_t a[16];
};

struct prefix {
	uint8_t af;
	uint8_t len;		/* 0..32 or 0..128 */
	uint8_t a[16];		/* host bits are always zero */
};

static inline unsigned af_maxlen(int af) { return af == AF_INET ? 32 : 128; }
static inline size_t af_bytes(int af) { return af == AF_INET ? 4 : 16; }

/* Parse an IPv4 or IPv6 literal; 0 on success, -1 otherwise. */
int ipaddr_parse(const char *s, struct ipaddr *out);
/* Format into buf (at least IPADDR_STRLEN bytes); returns buf. */
const char *ipaddr_fmt(const struct ipaddr *a, char *buf, size_t len);
int ipaddr_cmp(const struct ipaddr *x, const struct ipaddr *y);
bool ipaddr_is_unset(const struct ipaddr *a);
bool ipaddr_is_v6_linklocal(const struct ipaddr *a);
void ipaddr_from_v4(struct ipaddr *a, uint32_t host_order);
uint32_t ipaddr_v4(const struct ipaddr *a);	/* host order */

/* sockaddr conversions (v4-mapped IPv6 is folded back to IPv4). */
socklen_t ipaddr_to_sockaddr(const struct ipaddr *a, uint16_t port,
			     struct sockaddr_storage *ss);
int ipaddr_from_sockaddr(const struct sockaddr *sa, struct ipaddr *a,
			 uint16_t *port);

/*
 * Parse "A.B.C.D/M" or "X:X::X/M".  Host bits are cleared; *had_host_bits
 * (if not NULL) tells whether there were any.  0 on success, -1 otherwise.
 */
int prefix_parse(const char *s, struct prefix *out, bool *had_host_bits);
const char *prefix_fmt(const struct prefix *p, char *buf, size_t len);
int prefix_cmp(const struct prefix *x, const struct prefix *y);
void prefix_clear_host_bits(struct prefix *p);
/* Does p contain address a (same family, first p->len bits equal)? */
bool prefix_contains_addr(const struct prefix *p, const struct ipaddr *a);
/* Does outer contain inner (outer->len <= inner->len, bits equal)? */
bool prefix_contains(const struct prefix *outer, const struct prefix *inner);

#endif
