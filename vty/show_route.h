/*
 * show_route.h: the BGP route table commands (show_route.c): `show ip
 * bgp`, `show ipv6 bgp`, `show bgp [ipv4 unicast|ipv6 [unicast]]` and
 * their PREFIX / ADDRESS detail forms.  Install them with
 * vty_install_route() before vty_start / vty_cli_open, next to
 * vty_install_builtins().
 */
#ifndef OKAPI_SHOW_ROUTE_H
#define OKAPI_SHOW_ROUTE_H

void vty_install_route(void);

#endif
