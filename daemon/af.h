/*
 * af.h: the address families okapi negotiates and keeps tables for.
 * An index (enum bgp_af) is used for per-family arrays; the wire AFI/SAFI
 * pairs are mapped to it here and nowhere else.
 */
#ifndef OKAPI_AF_H
#define OKAPI_AF_H

#include <stdint.h>
#include <sys/socket.h>

#define BGP_AFI_IPV4 1
#define BGP_AFI_IPV6 2
#define BGP_SAFI_UNICAST 1

enum bgp_af {
	BGP_AF_IPV4 = 0,	/* IPv4 unicast */
	BGP_AF_IPV6,		/* IPv6 unicast */
	BGP_AF_MAX
};

/* -1 if the pair is not one we support. */
static inline int bgp_af_from_wire(uint16_t afi, uint8_t safi)
{
	if (safi != BGP_SAFI_UNICAST)
		return -1;
	if (afi == BGP_AFI_IPV4)
		return BGP_AF_IPV4;
	if (afi == BGP_AFI_IPV6)
		return BGP_AF_IPV6;
	return -1;
}

static inline uint16_t bgp_af_afi(enum bgp_af af)
{
	return af == BGP_AF_IPV4 ? BGP_AFI_IPV4 : BGP_AFI_IPV6;
}

static inline uint8_t bgp_af_safi(enum bgp_af af)
{
	(void)af;
	return BGP_SAFI_UNICAST;
}

static inline int bgp_af_family(enum bgp_af af)
{
	return af == BGP_AF_IPV4 ? AF_INET : AF_INET6;
}

/* Quagga's names: "IPv4 Unicast", "IPv6 Unicast". */
static inline const char *bgp_af_name(enum bgp_af af)
{
	return af == BGP_AF_IPV4 ? "IPv4 Unicast" : "IPv6 Unicast";
}

#endif
