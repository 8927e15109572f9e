/*
 * show_route.h: the BGP route table commands (show_route.c): `show ip
 * bgp`, `show ipv6 bgp`, `show bgp [ipv4 unicast|ipv6 [unicast]]` and
 * their PREFIX / ADDRESS detail forms.  Install them with
 * vty_install_route() before vty_start / vty_cli_open, next to
 * vty_install_builtins().  It also installs the listings filtered by a
 * neighbor (show_nbr_routes.c) and `show bgp memory` (show_memory.c).
 */
#ifndef OKAPI_SHOW_ROUTE_H
#define OKAPI_SHOW_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "af.h"
#include "prefix.h"

struct vty_out;
struct rib;
struct rib_path;
struct attr;

void vty_install_route(void);

/* ---- shared by the listings (vty module only) ---------------------- */

/* "BGP table version is 0, ..." down to the column titles. */
void vty_route_header(struct vty_out *out, uint32_t rid);
/* The Network column: 17 wide, or the text, CR LF and 20 blanks. */
void vty_route_network(struct vty_out *out, const struct prefix *p);
/* One row of Quagga's route_vty_out; first: print the network; failed:
 * the kernel refused the prefix (the best path shows 'r'). */
void vty_route_row(struct vty_out *out, const struct rib *rib, int af,
		   const struct prefix *pfx, const struct rib_path *p,
		   bool first, bool failed);
/* "AS-PATH " and the origin code, then the end of the line. */
void vty_route_path_origin(struct vty_out *out, const struct attr *a);
/* Did the kernel refuse p (vty_bgp_set_fib)? */
bool vty_route_failed(const struct prefix *p);
/* show_nbr_routes.c, show_memory.c, json_route.c */
void vty_install_nbr_routes(void);
void vty_install_memory(void);
int vty_json_table(struct vty_out *out, enum bgp_af af,
		   const struct prefix *only, bool longest);

#endif
