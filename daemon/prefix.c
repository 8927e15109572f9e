/*
 * prefix.c: parsing, printing and comparing addresses and prefixes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefix.h"

int ipaddr_parse(const char *s, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, out->a) != 1)
			return -1;
		out->af = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, s, out->a) != 1)
		return -1;
	out->af = AF_INET;
	return 0;
}

const char *ipaddr_fmt(const struct ipaddr *a, char *buf, size_t len)
{
	if (a->af != AF_INET && a->af != AF_INET6) {
		snprintf(buf, len, "(unset)");
		return buf;
	}
	if (!inet_ntop(a->af, a->a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

int ipaddr_cmp(const struct ipaddr *x, const struct ipaddr *y)
{
	int c;

	/* IPv4 sorts before IPv6, as Quagga's sockunion_cmp does. */
	if (x->af != y->af)
		return x->af == AF_INET ? -1 : 1;
	c = memcmp(x->a, y->a, af_bytes(x->af));
	return c < 0 ? -1 : c > 0;
}

bool ipaddr_is_unset(const struct ipaddr *a)
{
	return a->af != AF_INET && a->af != AF_INET6;
}

bool ipaddr_is_v6_linklocal(const struct ipaddr *a)
{
	return a->af == AF_INET6 && a->a[0] == 0xfe && (a->a[1] & 0xc0) == 0x80;
}

void ipaddr_from_v4(struct ipaddr *a, uint32_t host_order)
{
	memset(a, 0, sizeof(*a));
	a->af = AF_INET;
	a->a[0] = (uint8_t)(host_order >> 24);
	a->a[1] = (uint8_t)(host_order >> 16);
	a->a[2] = (uint8_t)(host_order >> 8);
	a->a[3] = (uint8_t)host_order;
}

uint32_t ipaddr_v4(const struct ipaddr *a)
{
	return ((uint32_t)a->a[0] << 24) | ((uint32_t)a->a[1] << 16) |
	       ((uint32_t)a->a[2] << 8) | a->a[3];
}

socklen_t ipaddr_to_sockaddr(const struct ipaddr *a, uint16_t port,
			     struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->a, 4);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->a, 16);
		return sizeof(*sin6);
	}
}

int ipaddr_from_sockaddr(const struct sockaddr *sa, struct ipaddr *a,
			 uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		a->af = AF_INET;
		memcpy(a->a, &sin->sin_addr, 4);
		if (port)
			*port = ntohs(sin->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			a->af = AF_INET;
			memcpy(a->a, &sin6->sin6_addr.s6_addr[12], 4);
		} else {
			a->af = AF_INET6;
			memcpy(a->a, &sin6->sin6_addr, 16);
		}
		if (port)
			*port = ntohs(sin6->sin6_port);
		return 0;
	}
	return -1;
}

void prefix_clear_host_bits(struct prefix *p)
{
	unsigned i, nbytes = (unsigned)af_bytes(p->af);

	for (i = 0; i < nbytes; i++) {
		unsigned bit = i * 8;

		if (bit >= p->len)
			p->a[i] = 0;
		else if (p->len - bit < 8)
			p->a[i] &= (uint8_t)(0xff << (8 - (p->len - bit)));
	}
	for (i = nbytes; i < 16; i++)
		p->a[i] = 0;
}

int prefix_parse(const char *s, struct prefix *out, bool *had_host_bits)
{
	char buf[PREFIX_STRLEN];
	const char *slash = strchr(s, '/');
	struct ipaddr a;
	char *end;
	long len;
	size_t n;

	if (!slash || (n = (size_t)(slash - s)) >= sizeof(buf) || n == 0)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (ipaddr_parse(buf, &a) < 0)
		return -1;
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	len = strtol(slash + 1, &end, 10);
	if (*end != '\0' || len < 0 || len > (long)af_maxlen(a.af))
		return -1;
	memset(out, 0, sizeof(*out));
	out->af = a.af;
	out->len = (uint8_t)len;
	memcpy(out->a, a.a, 16);
	prefix_clear_host_bits(out);
	if (had_host_bits)
		*had_host_bits = memcmp(out->a, a.a, 16) != 0;
	return 0;
}

const char *prefix_fmt(const struct prefix *p, char *buf, size_t len)
{
	char a[IPADDR_STRLEN];
	struct ipaddr ip;

	ip.af = p->af;
	memcpy(ip.a, p->a, 16);
	snprintf(buf, len, "%s/%u", ipaddr_fmt(&ip, a, sizeof(a)), p->len);
	return buf;
}

int prefix_cmp(const struct prefix *x, const struct prefix *y)
{
	int c;

	if (x->af != y->af)
		return x->af == AF_INET ? -1 : 1;
	c = memcmp(x->a, y->a, af_bytes(x->af));
	if (c)
		return c < 0 ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

static bool bits_equal(const uint8_t *x, const uint8_t *y, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	if (memcmp(x, y, full))
		return false;
	if (!rest)
		return true;
	return ((x[full] ^ y[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool prefix_contains_addr(const struct prefix *p, const struct ipaddr *a)
{
	return p->af == a->af && bits_equal(p->a, a->a, p->len);
}

bool prefix_contains(const struct prefix *outer, const struct prefix *inner)
{
	return outer->af == inner->af && outer->len <= inner->len &&
	       bits_equal(outer->a, inner->a, outer->len);
}
