/*
 * test_vty_bgp.c: `show bgp summary`, `show bgp neighbors`, `show
 * running-config` on a real BGP instance (bgp.c, peer.c), through
 * cli_run_command.  A golden transcript (tests/vty/bgp.txt) for an
 * instance built from tests/vty/bgp.conf whose peers never connect, and
 * live checks on two instances peering over the loopback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "golden_file.h"
#include "json_check.h"

#include <ctype.h>
#include <ev.h>
#include <libcli.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../daemon/config.h"
#include "bgp.h"
#include "peer.h"
#include "vty.h"

struct cap {
	char *buf;
	size_t len;
};

static void cap_add(struct cap *c, const char *s)
{
	size_t n = strlen(s);

	c->buf = realloc(c->buf, c->len + n + 1);
	assert_non_null(c->buf);
	memcpy(c->buf + c->len, s, n + 1);
	c->len += n;
}

/* Timer values depend on when the test runs: "due in 2 seconds" becomes
 * "due in N seconds", "Last read 00:00:01" "Last read HH:MM:SS". */
static void cap_line(const char *line, void *arg)
{
	char buf[512];
	const char *due = strstr(line, "due in ");

	if (strncmp(line, "  Last read ", 12) == 0 && strlen(line) > 20) {
		snprintf(buf, sizeof(buf), "  Last read HH:MM:SS%s", line + 20);
		line = buf;
	} else if (due && isdigit((unsigned char)due[7])) {
		const char *end = due + 7;

		while (isdigit((unsigned char)*end))
			end++;
		snprintf(buf, sizeof(buf), "%.*sN%s", (int)(due + 7 - line),
			 line, end);
		line = buf;
	}
	cap_add(arg, line);
	cap_add(arg, "\n");
}

static struct config *parse(const char *text)
{
	struct config_diag d;
	struct config *c = NULL;

	config_diag_init(&d);
	if (config_parse_string(text, "test", &c, &d) < 0) {
		config_diag_print(&d, stderr);
		fail_msg("config did not parse");
	}
	config_diag_free(&d);
	return c;
}

static void run_golden(const char *name)
{
	char *want = slurp(name), *p, *nl, prompt[256];
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);

	assert_non_null(vc);
	for (p = want; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		if (strncmp(p, "r2> ", 4) == 0 || strncmp(p, "r2# ", 4) == 0) {
			char *cmd = strndup(p + 4, (size_t)(nl - p - 4));

			snprintf(prompt, sizeof(prompt), "r2%s %s\n",
				 vty_cli_def(vc)->privilege ? "#" : ">", cmd);
			cap_add(&got, prompt);
			cli_run_command(vty_cli_def(vc), cmd);
			free(cmd);
		}
	}
	if (strcmp(got.buf, want) != 0) {
		FILE *f = fopen("test_vty_bgp.got", "w");

		if (f) {
			fputs(got.buf, f);
			fclose(f);
		}
		fail_msg("transcript differs from tests/vty/%s "
			 "(see test_vty_bgp.got)", name);
	}
	free(got.buf);
	free(want);
	vty_cli_close(vc);
}

static void test_golden_static(void **state)
{
	char *text = slurp("bgp.conf");
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct bgp_opts o = { 0, NULL, true, NULL };
	struct bgp *b = bgp_new(loop, &o);

	(void)state;
	bgp_apply(b, parse(text));
	vty_set_config(bgp_config(b));
	vty_bgp_attach(b);
	run_golden("bgp.txt");
	vty_bgp_attach(NULL);
	vty_set_config(NULL);
	bgp_shutdown(b);
	bgp_free(b);
	ev_loop_destroy(loop);
	free(text);
}

static void test_json_checker(void **state)
{
	(void)state;
	assert_non_null(j_value("{\"a\":[1,2,{\"b\":\"x\\\"y\"}],\"c\":true}"));
	assert_null(j_value("{\"a\":1,}"));
	assert_null(j_value("{\"a\" 1}"));
}

/* ---- live: two instances over the loopback ---------------------------- */

static uint16_t free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t l = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port;

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &l), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static struct config *conf_for(uint32_t as, uint32_t ras, const char *id,
			       uint16_t port)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "hostname r%u\npassword zebra\n"
		 "router bgp %u\n bgp router-id %s\n"
		 " neighbor 127.0.0.1 remote-as %u\n"
		 " neighbor 127.0.0.1 port %u\n"
		 " neighbor 127.0.0.1 timers 1 3\n",
		 as, as, id, ras, port);
	return parse(text);
}

static bool up(struct bgp *b)
{
	struct peer *p = bgp_peer_first(b);

	return p && peer_state(p) == SESSION_ESTABLISHED;
}

static unsigned long rib_entries(enum bgp_af af)
{
	return af == BGP_AF_IPV4 ? 7 : 0;
}

static uint32_t rib_pfx(const struct peer *p, enum bgp_af af)
{
	return p && af == BGP_AF_IPV4 ? 3 : 0;
}

static const struct vty_rib_hooks hooks = { rib_entries, rib_pfx };

static void test_live_pair(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	uint16_t pa = free_port(), pb = free_port();
	struct bgp_opts oa = { pa, "127.0.0.1", true, NULL },
			ob = { pb, "127.0.0.1", true, NULL };
	struct bgp *a = bgp_new(loop, &oa), *b = bgp_new(loop, &ob);
	struct cap got = { 0 };
	struct vty_cli *vc;
	ev_tstamp end;

	(void)state;
	bgp_apply(a, conf_for(65001, 4200000002u, "10.0.0.1", pb));
	bgp_apply(b, conf_for(4200000002u, 65001, "10.0.0.2", pa));
	end = ev_time() + 10;
	while (ev_time() < end && !(up(a) && up(b))) {
		ev_run(loop, EVRUN_ONCE | EVRUN_NOWAIT);
		usleep(2000);
	}
	assert_true(up(a) && up(b));
	vty_set_config(bgp_config(a));
	vty_bgp_attach(a);
	vty_bgp_set_rib_hooks(&hooks);
	vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	assert_int_equal(vty_cli_exec(vc, "sh ip b summ"), 0);
	assert_non_null(strstr(got.buf,
		"BGP router identifier 10.0.0.1, local AS number 65001\n"
		"RIB entries 7, using 784 bytes of memory\n"
		"Peers 1, using 9088 bytes of memory\n"));
	/* A 10-digit AS pushes the row right, as in Quagga. */
	assert_non_null(strstr(got.buf, "127.0.0.1       4 4200000002 "));
	assert_non_null(strstr(got.buf, " 00:00:0"));
	assert_non_null(strstr(got.buf, "        3\n\nTotal number of "
					"neighbors 1\n"));
	assert_non_null(strstr(got.buf, "Total num. Established sessions 1\n"
					"Total num. of routes received     3\n"));
	free(got.buf);
	got.buf = NULL;
	got.len = 0;
	assert_int_equal(vty_cli_exec(vc, "show bgp neighbors 127.0.0.1"), 0);
	assert_non_null(strstr(got.buf, "BGP neighbor is 127.0.0.1, remote AS "
					"4200000002, local AS 65001, external "
					"link\n  BGP version 4, remote router "
					"ID 10.0.0.2\n  BGP state = "
					"Established, up for 00:00:0"));
	assert_non_null(strstr(got.buf, "hold time is 3, keepalive interval "
					"is 1 seconds\n  Configured hold time "
					"is 3, keepalive interval is 1 "
					"seconds\n  Neighbor capabilities:\n"
					"    4 Byte AS: advertised and "
					"received\n"));
	assert_non_null(strstr(got.buf, "    Address family IPv4 Unicast: "
					"advertised and received\n"));
	assert_non_null(strstr(got.buf, "    Opens:                  1      "
					"    1\n"));
	assert_non_null(strstr(got.buf, "  3 accepted prefixes\n"));
	assert_non_null(strstr(got.buf, "  Connections established 1; "
					"dropped 0\n"));
	assert_non_null(strstr(got.buf, "Local host: 127.0.0.1, Local port: "));
	assert_non_null(strstr(got.buf, "Foreign host: 127.0.0.1, Foreign "
					"port: "));
	/* Our next hop toward it is the session's address, on lo's
	 * subnet (127/8) with it: a shared network. */
	assert_non_null(strstr(got.buf, "\nNexthop: 127.0.0.1\nNexthop global: "));
	assert_non_null(strstr(got.buf, "\nNexthop local: "));
	assert_non_null(strstr(got.buf, "\nBGP connection: shared network\n"
					"Read thread: "));
	free(got.buf);
	got.buf = NULL;
	got.len = 0;
	assert_int_equal(vty_cli_exec(vc, "sh bgp summ json"), 0);
	assert_json(got.buf);
	assert_non_null(strstr(got.buf, "{\"ipv4Unicast\":{\"routerId\":"
					"\"10.0.0.1\",\"as\":65001,"));
	assert_non_null(strstr(got.buf, "\"peers\":{\"127.0.0.1\":{"
					"\"remoteAs\":4200000002,"));
	assert_non_null(strstr(got.buf, "\"pfxRcd\":3,\"state\":"
					"\"Established\""));
	assert_non_null(strstr(got.buf, ",\"ipv6Unicast\":{"));
	free(got.buf);
	got.buf = NULL;
	got.len = 0;
	assert_int_equal(vty_cli_exec(vc, "sh ip b n 127.0.0.1 json"), 0);
	assert_json(got.buf);
	assert_non_null(strstr(got.buf, "\"bgpState\":\"Established\""));
	assert_non_null(strstr(got.buf, "\"opensSent\":1,\"opensRecv\":1"));
	assert_non_null(strstr(got.buf, ",\"nexthop\":\"127.0.0.1\","
					"\"nexthopGlobal\":"));
	assert_non_null(strstr(got.buf, "\"bgpConnection\":"
					"\"sharedNetwork\"}"));
	free(got.buf);
	got.buf = NULL;
	got.len = 0;
	assert_int_equal(vty_cli_exec(vc, "show bgp neighbors 10.1.1.1 json"),
			 2);
	assert_json(got.buf);
	free(got.buf);
	got.buf = NULL;
	got.len = 0;
	/* clear: ENABLE only, then a hard reset that comes back up. */
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp *"), 1);
	assert_int_equal(vty_cli_exec(vc, "enable"), 0);
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp 10.9.9.9"), 2);
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp 10.9"), 2);
	/* Soft in without soft-reconfiguration: a ROUTE-REFRESH (RFC
	 * 2918); IPv6 is not activated: Quagga's error. */
	{
		struct peer_info pi;
		uint32_t before;

		peer_info_get(bgp_peer_first(a), &pi);
		before = pi.stats.sent[5];
		assert_int_equal(vty_cli_exec(vc, "clear ip bgp * soft in"), 0);
		peer_info_get(bgp_peer_first(a), &pi);
		assert_int_equal(pi.stats.sent[5], before + 1);
	}
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp 127.0.0.1 soft out"),
			 0);
	assert_int_equal(vty_cli_exec(vc, "clear bgp 127.0.0.1 soft"), 2);
	assert_int_equal(vty_cli_exec(vc, "clear bgp 10.9.9.9 soft in"), 2);
	assert_string_equal(got.buf,
		"% [BGP] Unknown command: clear ip bgp *\n"
		"%BGP: Unknown neighbor - \"10.9.9.9\"\n"
		"% Malformed address: 10.9\n"
		"%BGP: Enable IPv6 Unicast address family for the neighbor "
		"127.0.0.1\n"
		"%BGP: Unknown neighbor - \"10.9.9.9\"\n");
	assert_int_equal(vty_cli_exec(vc, "cle ip b 127.0.0.1"), 0);
	{
		struct peer_info pi;

		peer_info_get(bgp_peer_first(a), &pi);
		assert_int_equal(pi.stats.dropped, 1);
		assert_int_equal(pi.last_reset, SESSION_RESET_USER_RESET);
	}
	end = ev_time() + 15;
	while (ev_time() < end && !(up(a) && up(b))) {
		ev_run(loop, EVRUN_ONCE | EVRUN_NOWAIT);
		usleep(2000);
	}
	assert_true(up(a) && up(b));
	vty_cli_close(vc);
	free(got.buf);
	vty_bgp_set_rib_hooks(NULL);
	vty_bgp_attach(NULL);
	vty_set_config(NULL);
	bgp_shutdown(a);
	bgp_shutdown(b);
	bgp_free(a);
	bgp_free(b);
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_checker),
		cmocka_unit_test(test_golden_static),
		cmocka_unit_test(test_live_pair),
	};

	vty_install_builtins();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
