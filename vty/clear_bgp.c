/*
 * clear_bgp.c: `clear ip bgp *|ADDR` and `clear bgp *|ADDR` (ENABLE):
 * a hard reset of the sessions (Cease 6/4, Administratively Reset,
 * through peer_clear), on the loop thread.
 *
 * and `clear [ip] bgp *|ADDR soft [in|out]`: soft out sends the
 * Adj-RIB-Out again (adv_refresh), soft in re-runs the inbound policy
 * over the stored Adj-RIB-In (soft-reconfiguration inbound) or sends a
 * ROUTE-REFRESH (rde_soft_in, RFC 2918), plain soft does both.
 */
#include <stdio.h>
#include <string.h>

#include "adv.h"
#include "bgp.h"
#include "log.h"
#include "peer.h"
#include "rde.h"
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

/* Quagga's bgp_clear_vty_error texts. */
static void soft_error(struct vty_out *out, const char *host,
		       enum bgp_af af, const char *why)
{
	if (!why) {
		vty_out_printf(out, "%%BGP: Enable %s Unicast address family "
				    "for the neighbor %s\n",
			       af == BGP_AF_IPV6 ? "IPv6" : "IPv4", host);
	} else if (strncmp(why, "has neither", 11) == 0) {
		vty_out_printf(out, "%%BGP: Inbound soft reconfig for %s not "
				    "possible as it\n      %s\n", host, why);
	} else {
		vty_out_printf(out, "%%BGP: Inbound soft reconfig for %s not "
				    "possible: %s\n", host, why);
	}
}

/*
 * One peer: soft out sends the Adj-RIB-Out again (adv_refresh), soft in
 * re-runs the inbound policy over the stored Adj-RIB-In or asks for a
 * ROUTE-REFRESH (rde_soft_in, RFC 2918).  Quagga's peer_clear_soft: a
 * family the neighbor is not activated in is an error, a session that
 * is not Established is left alone.  0, or -1 after a message.
 */
static int soft_one(struct vty_out *out, struct peer *p, enum bgp_af af,
		    bool in, bool sout)
{
	struct bgp *b = vty_bgp_current();
	struct peer_info pi;
	const char *why = NULL;

	peer_info_get(p, &pi);
	if (!pi.af_active[af]) {
		soft_error(out, pi.host, af, NULL);
		return -1;
	}
	if (pi.state != SESSION_ESTABLISHED || !pi.af_nego[af])
		return 0;
	if (sout && adv_current())
		adv_refresh(adv_current(), p, af);
	if (in && rde_soft_in(bgp_rde(b), peer_rde_data(p), af, &why) < 0) {
		soft_error(out, pi.host, af, why ? why : "unknown");
		return -1;
	}
	return 0;
}

/* clear [ip] bgp *|ADDR soft [in|out]: `ip` is IPv4 unicast, plain
 * `bgp` IPv6 unicast (Quagga 1.2's AFI for each). */
static int clear_soft(struct vty_out *out, int argc, char **argv)
{
	struct bgp *b = vty_bgp_current();
	const char *t = clear_target(argc, argv), *last = argv[argc - 1];
	enum bgp_af af = argc > 1 && (argv[1][0] == 'i' || argv[1][0] == 'I')
				 ? BGP_AF_IPV4 : BGP_AF_IPV6;
	bool in = last[0] != 'o' && last[0] != 'O',
	     sout = last[0] != 'i' && last[0] != 'I';
	struct ipaddr a;
	struct peer *p;
	int rc = 0;

	if (!b || !t || !bgp_rde(b))
		return VTY_DONE;
	if (strcmp(t, "*") == 0) {
		for (p = bgp_peer_first(b); p; p = bgp_peer_next(p))
			rc |= soft_one(out, p, af, in, sout);
		return rc ? VTY_FAIL : VTY_DONE;
	}
	if (ipaddr_parse(t, &a) < 0) {
		vty_out_printf(out, "%% Malformed address: %s\n", t);
		return VTY_FAIL;
	}
	p = bgp_peer_find(b, &a);
	if (!p) {
		vty_out_printf(out, "%%BGP: Unknown neighbor - \"%s\"\n", t);
		return VTY_FAIL;
	}
	return soft_one(out, p, af, in, sout) ? VTY_FAIL : VTY_DONE;
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
};

/* The soft forms: [ip] x (*|A.B.C.D|X:X::X:X) x (soft|soft in|soft out),
 * built once (vty_install keeps the pointers). */
#define NSOFT 18
static struct vty_cmd soft_cmds[NSOFT];
static char soft_text[NSOFT][2][200];

static void soft_build(void)
{
	static const char *const pre[] = { "clear ip bgp", "clear bgp" };
	static const char *const pre_help[] = { C_IP, C_BGP };
	static const char *const tgt[] = { "*", "A.B.C.D", "X:X::X:X" };
	static const char *const tgt_help[] = { ALL_STR, ADDR_STR, ADDR_STR };
	static const char *const suf[] = { "soft", "soft in", "soft out" };
	static const char *const suf_help[] = { SOFT_STR, SOFT_IN, SOFT_OUT };
	size_t i, j, k, n = 0;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 3; j++)
			for (k = 0; k < 3; k++, n++) {
				snprintf(soft_text[n][0], sizeof(soft_text[n][0]),
					 "%s %s %s", pre[i], tgt[j], suf[k]);
				snprintf(soft_text[n][1], sizeof(soft_text[n][1]),
					 "%s%s\n%s", pre_help[i], tgt_help[j],
					 suf_help[k]);
				soft_cmds[n].str = soft_text[n][0];
				soft_cmds[n].help = soft_text[n][1];
				soft_cmds[n].priv = VTY_ENABLE;
				soft_cmds[n].fn = clear_soft;
			}
}

void vty_install_clear(void)
{
	static bool built;
	size_t i;

	if (!built)
		soft_build();
	built = true;
	for (i = 0; i < NSOFT; i++)
		if (vty_install(&soft_cmds[i]) < 0)
			fatal("vty: cannot install \"%s\"", soft_cmds[i].str);

	for (i = 0; i < sizeof(clear_cmds) / sizeof(clear_cmds[0]); i++)
		if (vty_install(&clear_cmds[i]) < 0)
			fatal("vty: cannot install \"%s\"", clear_cmds[i].str);
}
