/*
 * sock.c: TCP sockets for BGP (see sock.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock.h"

#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT 73
#endif

int sock_prepare(int fd)
{
	int on = 1, fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	/* BGP messages are whole records; do not wait to coalesce. */
	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

int sock_listen(int af, const struct ipaddr *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	struct ipaddr any;
	socklen_t sl;
	int fd, on = 1;

	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0)
		goto fail;
	if (af == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0)
		goto fail;
	if (!addr || addr->af == 0) {
		memset(&any, 0, sizeof(any));
		any.af = (uint8_t)af;
		addr = &any;
	}
	sl = ipaddr_to_sockaddr(addr, port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 64) < 0)
		goto fail;
	return fd;
fail : {
	int e = errno;

	close(fd);
	errno = e;
}
	return -1;
}

int sock_set_ttl(int fd, int af, int ttl, int min_ttl)
{
	if (af == AF_INET) {
		if (setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0)
			return -1;
		if (min_ttl && setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min_ttl,
					  sizeof(min_ttl)) < 0)
			return -1;
		return 0;
	}
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)) <
	    0)
		return -1;
	if (min_ttl && setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min_ttl,
				  sizeof(min_ttl)) < 0)
		return -1;
	return 0;
}

/* The interface's address of family af: a global one if any. */
static int ifaddr_of(const char *ifname, int af, struct ipaddr *out)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa) < 0)
		return -1;
	for (i = ifa; i; i = i->ifa_next) {
		struct ipaddr a;

		if (!i->ifa_addr || i->ifa_addr->sa_family != af ||
		    strcmp(i->ifa_name, ifname) != 0)
			continue;
		if (ipaddr_from_sockaddr(i->ifa_addr, &a, NULL) < 0)
			continue;
		if (!found || (ipaddr_is_v6_linklocal(out) &&
			       !ipaddr_is_v6_linklocal(&a))) {
			*out = a;
			found = true;
		}
	}
	freeifaddrs(ifa);
	return found ? 0 : -1;
}

int sock_bind_source(int fd, int af, const char *src)
{
	struct sockaddr_storage ss;
	struct ipaddr a;
	socklen_t sl;

	if (ipaddr_parse(src, &a) < 0) {
		if (ifaddr_of(src, af, &a) < 0)
			return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, src,
					  (socklen_t)strlen(src) + 1);
	}
	if (a.af != af) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	sl = ipaddr_to_sockaddr(&a, 0, &ss);
	return bind(fd, (struct sockaddr *)&ss, sl);
}

int sock_set_md5(int fd, const struct ipaddr *peer, const char *key)
{
	struct tcp_md5sig md;
	size_t len = key ? strlen(key) : 0;

	if (len > TCP_MD5SIG_MAXKEYLEN) {
		errno = EINVAL;
		return -1;
	}
	memset(&md, 0, sizeof(md));
	ipaddr_to_sockaddr(peer, 0, &md.tcpm_addr);
	md.tcpm_keylen = (uint16_t)len;
	if (len)
		memcpy(md.tcpm_key, key, len);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md, sizeof(md));
}

int sock_connect(int fd, const struct ipaddr *dst, uint16_t port,
		 const char *ifname)
{
	struct sockaddr_storage ss;
	socklen_t sl = ipaddr_to_sockaddr(dst, port, &ss);

	/* fe80::/10 means nothing without an interface (RFC 4291 2.5.6);
	 * update-source IFNAME names it, as in Quagga. */
	if (ipaddr_is_v6_linklocal(dst) && ifname)
		((struct sockaddr_in6 *)&ss)->sin6_scope_id =
		    if_nametoindex(ifname);

	if (connect(fd, (struct sockaddr *)&ss, sl) == 0 ||
	    errno == EINPROGRESS)
		return 0;
	return -1;
}

int sock_error(int fd)
{
	int err = 0;
	socklen_t l = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
		return errno;
	return err;
}

int sock_names(int fd, struct ipaddr *local, uint16_t *lport,
	       struct ipaddr *remote, uint16_t *rport)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &l) < 0 ||
	    ipaddr_from_sockaddr((struct sockaddr *)&ss, local, lport) < 0)
		return -1;
	l = sizeof(ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &l) < 0 ||
	    ipaddr_from_sockaddr((struct sockaddr *)&ss, remote, rport) < 0)
		return -1;
	return 0;
}
