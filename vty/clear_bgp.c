/*
 * clear_bgp.c: `clear ip bgp *|ADDR` and `clear bgp *|ADDR` (ENABLE):
 * a hard reset of the sessions (Cease 6/4, Administratively Reset,
 * through peer_clear), on the loop thread.
 *
 * Limitation: the `soft [in|out]` forms need the RIB (re-sending the
 * Adj-RIB-Out, route refresh for inbound); they are registered so that
 * the user gets a clear message instead of "Unknown command".
 */
#include <stdio.h>
#include <string.h>

#include "bgp.h"
#include "log.h"
#include "peer.h"
#include "vty_int.h"

#define CLEAR_STR "Reset functions"
#define IP_STR "IP information"
#define BGP_STR "BGP information"
#define ALL_STR "Clear all peers"
#define ADDR_STR "BGP neighbor address to clear"
#define SOFT_STR "Soft reconfig"

/* The word after "bgp": "*" or an address. */
static const char *clear_target(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "*") == 0 || strchr(argv[i], '.') ||
		    strchr(argv[i], ':'))
			return argv[i];
	return NULL;
}

static int clear_hard(struct vty_out *out, int argc, char **argv)
{
	struct bgp *b = vty_bgp_current();
	const char *t = clear_target(argc, argv);
	struct ipaddr a;
	struct peer *p;

	if (!b || !t)
		return VTY_DONE;
	if (strcmp(t, "*") == 0) {
		for (p = bgp_peer_first(b); p; p = bgp_peer_next(p))
			peer_clear(p);
		return VTY_DONE;
	}
	if (ipaddr_parse(t, &a) < 0) {
		vty_out_printf(out, "%% Malformed address: %s\n", t);
		return VTY_FAIL;
	}
	p = bgp_peer_find(b, &a);
	if (!p) {
		/* Quagga's bgp_clear text. */
		vty_out_printf(out, "%%BGP: Unknown neighbor - \"%s\"\n", t);
		return VTY_FAIL;
	}
	peer_clear(p);
	return VTY_DONE;
}

static int clear_soft(struct vty_out *out, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vty_out_puts(out, "% Soft reconfiguration is not supported yet; "
			  "use a hard clear.\n");
	return VTY_FAIL;
}

#define C_IP CLEAR_STR "\n" IP_STR "\n" BGP_STR "\n"
#define C_BGP CLEAR_STR "\n" BGP_STR "\n"
#define SOFT_IN SOFT_STR "\nSoft reconfig inbound update"
#define SOFT_OUT SOFT_STR "\nSoft reconfig outbound update"

static const struct vty_cmd clear_cmds[] = {
	{ "clear ip bgp *", C_IP ALL_STR, VTY_ENABLE, clear_hard, 0 },
	{ "clear ip bgp A.B.C.D", C_IP ADDR_STR, VTY_ENABLE, clear_hard, 0 },
	{ "clear ip bgp X:X::X:X", C_IP ADDR_STR, VTY_ENABLE, clear_hard, 0 },
	{ "clear bgp *", C_BGP ALL_STR, VTY_ENABLE, clear_hard, 0 },
	{ "clear bgp A.B.C.D", C_BGP ADDR_STR, VTY_ENABLE, clear_hard, 0 },
	{ "clear bgp X:X::X:X", C_BGP ADDR_STR, VTY_ENABLE, clear_hard, 0 },
	{ "clear ip bgp * soft", C_IP ALL_STR "\n" SOFT_STR, VTY_ENABLE,
	  clear_soft, 0 },
	{ "clear ip bgp * soft in", C_IP ALL_STR "\n" SOFT_IN, VTY_ENABLE,
	  clear_soft, 0 },
	{ "clear ip bgp * soft out", C_IP ALL_STR "\n" SOFT_OUT, VTY_ENABLE,
	  clear_soft, 0 },
	{ "clear ip bgp A.B.C.D soft", C_IP ADDR_STR "\n" SOFT_STR,
	  VTY_ENABLE, clear_soft, 0 },
	{ "clear ip bgp A.B.C.D soft in", C_IP ADDR_STR "\n" SOFT_IN,
	  VTY_ENABLE, clear_soft, 0 },
	{ "clear ip bgp A.B.C.D soft out", C_IP ADDR_STR "\n" SOFT_OUT,
	  VTY_ENABLE, clear_soft, 0 },
	{ "clear bgp X:X::X:X soft", C_BGP ADDR_STR "\n" SOFT_STR, VTY_ENABLE,
	  clear_soft, 0 },
	{ "clear bgp X:X::X:X soft in", C_BGP ADDR_STR "\n" SOFT_IN,
	  VTY_ENABLE, clear_soft, 0 },
	{ "clear bgp X:X::X:X soft out", C_BGP ADDR_STR "\n" SOFT_OUT,
	  VTY_ENABLE, clear_soft, 0 },
};

void vty_install_clear(void)
{
	size_t i;

	for (i = 0; i < sizeof(clear_cmds) / sizeof(clear_cmds[0]); i++)
		if (vty_install(&clear_cmds[i]) < 0)
			fatal("vty: cannot install \"%s\"", clear_cmds[i].str);
}
