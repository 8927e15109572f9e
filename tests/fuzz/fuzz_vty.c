/*
 * fuzz_vty.c: libFuzzer target for the vty command line: libcli's
 * parser with okapi's command tree (vty/cmd.c), the filters ("| include
 * ..."), and every handler with the arguments it is given, run inline
 * through vty_cli_open / vty_cli_exec as tests/unit/test_vty_bgp.c does.
 * Build and run: tests/fuzz/README (use -dict=tests/fuzz/vty.dict).
 *
 * A BGP instance built from a fixed configuration (peers that never
 * connect: the event loop never runs) is attached, so that the show and
 * clear commands have neighbors to find.  Input: byte 0 chooses the
 * privilege (odd: enable); the rest is split into command lines at '\n'
 * (at most 32 lines), each run in turn on the same cli, as a user would
 * type them.  Output lines are only counted.
 */
#include <ev.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "config.h"
#include "vty.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_LINES 32

static const char conf_text[] =
    "hostname r2\n"
    "password zebra\n"
    "enable password zebra\n"
    "!\n"
    "router bgp 2\n"
    " bgp router-id 10.23.0.2\n"
    " neighbor 10.23.0.3 remote-as 2\n"
    " neighbor 10.23.0.3 passive\n"
    " neighbor 10.98.0.8 remote-as 65008\n"
    " neighbor 10.98.0.8 description r8 (eBGP)\n"
    " neighbor 10.98.0.8 shutdown\n"
    " neighbor 2001:db8:cafe:23::3 remote-as 2\n"
    " neighbor 2001:db8:cafe:23::3 shutdown\n"
    " neighbor 2001:db8:cafe:23::3 timers 3 9\n"
    " address-family ipv6\n"
    "  neighbor 2001:db8:cafe:23::3 activate\n"
    "  neighbor 2001:db8:cafe:23::3 route-map from-r3 in\n"
    "  neighbor 2001:db8:cafe:23::3 maximum-prefix 100 80 warning-only\n"
    " exit-address-family\n"
    "!\n"
    "route-map from-r3 permit 10\n"
    "!\n";

static unsigned long out_lines;

static void count_line(const char *line, void *arg)
{
	out_lines += line[0] != 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct bgp_opts o = {.port = 0, .no_kernel = true};
	struct config_diag d;
	struct config *c;
	struct bgp *b;

	config_diag_init(&d);
	if (config_parse_string(conf_text, "fuzz_vty", &c, &d) != 0) {
		config_diag_print(&d, stderr);
		abort();
	}
	config_diag_free(&d);
	vty_install_builtins();
	b = bgp_new(ev_loop_new(EVFLAG_AUTO), &o);
	if (!b)
		abort();
	bgp_apply(b, c);
	vty_set_config(bgp_config(b));
	vty_bgp_attach(b);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vty_cli *vc;
	char *text, *line, *nl;
	int n;

	if (size < 1)
		return 0;
	vc = vty_cli_open((data[0] & 1) ? VTY_ENABLE : VTY_VIEW, count_line,
			  NULL);
	if (!vc)
		abort();
	text = malloc(size);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	for (line = text, n = 0; line && n < MAX_LINES; line = nl, n++) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = 0;
		vty_cli_exec(vc, line);
	}
	free(text);
	vty_cli_close(vc);
	return 0;
}
