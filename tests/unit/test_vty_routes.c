/*
 * test_vty_routes.c: the route listings of the vty on two real instances
 * (bgp.c, rde.c, adv.c) peering over the loopback and exchanging their
 * `network` routes: `neighbors X advertised-routes|routes|received-
 * routes`, the json forms of the tables, of the detail and of the
 * neighbor listings, `show bgp memory`, and the 'r' (RIB-failure) status
 * code.  The transcript tests/vty/routes.txt is compared byte for byte
 * (ports and times do not appear in it; "epoch" values are masked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "golden_file.h"
#include "json_check.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <ev.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/time.h>
#include <libcli.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../daemon/config.h"
#include "adv.h"
#include "attr.h"
#include "bgp.h"
#include "peer.h"
#include "rde.h"
#include "rib.h"
#include "show_route.h"
#include "vty.h"
#include "vty_int.h"

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

static void cap_reset(struct cap *c)
{
	free(c->buf);
	c->buf = NULL;
	c->len = 0;
}

/* "epoch":1234 -> "epoch":N and "Last update: <ctime>" -> "Last
 * update: T" (the wall clock of the path). */
static void cap_line(const char *line, void *arg)
{
	char buf[4096];
	const char *e = strstr(line, "\"epoch\":");

	if (strncmp(line, "      Last update: ", 19) == 0) {
		line = "      Last update: T";
	} else if (e && strlen(line) < sizeof(buf)) {
		const char *end = e + 8;

		while (isdigit((unsigned char)*end))
			end++;
		snprintf(buf, sizeof(buf), "%.*sN%s", (int)(e + 8 - line),
			 line, end);
		line = buf;
	}
	cap_add(arg, line);
	cap_add(arg, "\n");
}

static void cap_raw(const char *line, void *arg)
{
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

/* r2 (AS 2, 127.0.0.2, passive) originates one prefix; r1 (AS 1,
 * 127.0.0.1) two IPv4 and one IPv6; r2 keeps what r1 sends
 * (soft-reconfiguration inbound) and filters one prefix of it.  r1 sets
 * its next hops to 10.0.0.1 and 2001:db8:cafe:23::3 (long enough to
 * wrap the row): a 127/8 next hop is martian (RFC 4271 6.3). */
/* " network A.x.y.0/24" for n prefixes, A = first octet. */
static char *extra_networks(unsigned first, unsigned n)
{
	char *s = calloc(1, (size_t)n * 32 + 1);
	size_t len = 0;
	unsigned i;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, " network %u.%u.%u.0/24\n",
				       first, i / 256, i % 256);
	return s;
}

static unsigned extra_n;	/* extra prefixes each side originates */

static struct config *conf_r2(uint16_t port)
{
	char *net = extra_networks(12, extra_n), *text;
	struct config *c;

	text = malloc(strlen(net) + 1024);
	assert_non_null(text);
	sprintf(text,
		 "hostname r2\npassword zebra\n"
		 "router bgp 2\n bgp router-id 10.0.0.2\n"
		 " network 10.2.0.0/16\n%s"
		 " neighbor 127.0.0.1 remote-as 1\n"
		 " neighbor 127.0.0.1 port %u\n"
		 " neighbor 127.0.0.1 timers 1 3\n"
		 " neighbor 127.0.0.1 passive\n"
		 " neighbor 127.0.0.1 soft-reconfiguration inbound\n"
		 " neighbor 127.0.0.1 prefix-list no-192 in\n"
		 " address-family ipv6\n"
		 "  neighbor 127.0.0.1 activate\n"
		 "  neighbor 127.0.0.1 soft-reconfiguration inbound\n"
		 " exit-address-family\n"
		 "!\n"
		 "ip prefix-list no-192 seq 5 deny 192.168.0.0/16 le 32\n"
		 "ip prefix-list no-192 seq 10 permit 0.0.0.0/0 le 32\n",
		 net, port);
	c = parse(text);
	free(text);
	free(net);
	return c;
}

static struct config *conf_r1(uint16_t port)
{
	char *net = extra_networks(11, extra_n), *text;
	struct config *c;

	text = malloc(strlen(net) + 1024);
	assert_non_null(text);
	sprintf(text,
		 "route-map nh permit 10\n set ip next-hop 10.0.0.1\n"
		 " set ipv6 next-hop global 2001:db8:cafe:23::3\n!\n"
		 "router bgp 1\n bgp router-id 10.0.0.1\n"
		 " network 10.1.0.0/16\n%s"
		 " network 192.168.1.0/24\n"
		 " neighbor 127.0.0.2 remote-as 2\n"
		 " neighbor 127.0.0.2 port %u\n"
		 " neighbor 127.0.0.2 timers 1 3\n"
		 " neighbor 127.0.0.2 route-map nh out\n"
		 " address-family ipv6\n"
		 "  network 2001:db8:1::/48\n"
		 "  neighbor 127.0.0.2 activate\n"
		 "  neighbor 127.0.0.2 route-map nh out\n"
		 " exit-address-family\n",
		 net, port);
	c = parse(text);
	free(text);
	free(net);
	return c;
}

struct pair {
	struct ev_loop *loop;
	struct bgp *r2, *r1;	/* r2 first: its RDE is the vty's */
};

static bool converged(struct pair *pr)
{
	struct peer *p2 = bgp_peer_first(pr->r2), *p1 = bgp_peer_first(pr->r1);
	const struct rde_peer_stats *st;
	struct adv_peer_stats as;

	if (!p2 || !p1 || peer_state(p2) != SESSION_ESTABLISHED ||
	    peer_state(p1) != SESSION_ESTABLISHED || !peer_rde_data(p2))
		return false;
	st = rde_peer_stats(peer_rde_data(p2));
	return st->accepted[BGP_AF_IPV4] == 1 + extra_n &&
	       st->accepted[BGP_AF_IPV6] == 1 &&
	       adv_peer_stats(adv_current(), p2, &as) &&
	       as.prefixes[BGP_AF_IPV4] == 1 + extra_n &&
	       !as.dumping[BGP_AF_IPV4];
}

static void pair_up(struct pair *pr)
{
	uint16_t p2 = free_port(), p1 = free_port();
	struct bgp_opts o2 = { .port = p2, .listen_addr = "127.0.0.2",
			       .no_kernel = true },
			o1 = { .port = p1, .listen_addr = "127.0.0.1",
			       .no_kernel = true };
	ev_tstamp end;

	pr->loop = ev_loop_new(EVFLAG_AUTO);
	pr->r2 = bgp_new(pr->loop, &o2);
	pr->r1 = bgp_new(pr->loop, &o1);
	bgp_apply(pr->r2, conf_r2(p1));
	bgp_apply(pr->r1, conf_r1(p2));
	end = ev_time() + 15;
	while (ev_time() < end && !converged(pr)) {
		ev_run(pr->loop, EVRUN_ONCE | EVRUN_NOWAIT);
		usleep(2000);
	}
	assert_true(converged(pr));
	vty_set_config(bgp_config(pr->r2));
	vty_bgp_attach(pr->r2);
}

static void pair_down(struct pair *pr)
{
	vty_bgp_attach(NULL);
	vty_set_config(NULL);
	bgp_shutdown(pr->r2);
	bgp_shutdown(pr->r1);
	bgp_free(pr->r2);
	bgp_free(pr->r1);
	ev_loop_destroy(pr->loop);
}

/* Only 10.2.0.0/16 counts as refused by the kernel. */
static bool fake_failed(void *arg, const struct prefix *p)
{
	struct prefix want;

	(void)arg;
	assert_int_equal(prefix_parse("10.2.0.0/16", &want, NULL), 0);
	return prefix_cmp(p, &want) == 0;
}

static void run_golden(const char *name)
{
	char *want = slurp(name), *p, *nl, prompt[512];
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);

	assert_non_null(vc);
	for (p = want; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		/* "## ..." lines are notes; "## the kernel refuses"
		 * makes 10.2.0.0/16 a RIB failure from then on. */
		if (strncmp(p, "## ", 3) == 0) {
			char *note = strndup(p, (size_t)(nl - p + 1));

			cap_add(&got, note);
			if (strstr(note, "the kernel refuses"))
				vty_bgp_set_route_failed(fake_failed, NULL);
			free(note);
		}
		if (strncmp(p, "r2> ", 4) == 0) {
			char *cmd = strndup(p + 4, (size_t)(nl - p - 4));

			snprintf(prompt, sizeof(prompt), "r2> %s\n", cmd);
			cap_add(&got, prompt);
			cli_run_command(vty_cli_def(vc), cmd);
			free(cmd);
		}
	}
	vty_bgp_set_route_failed(NULL, NULL);
	if (strcmp(got.buf, want) != 0) {
		FILE *f = fopen("test_vty_routes.got", "w");

		if (f) {
			fputs(got.buf, f);
			fclose(f);
		}
		fail_msg("transcript differs from tests/vty/%s "
			 "(see test_vty_routes.got)", name);
	}
	free(got.buf);
	free(want);
	vty_cli_close(vc);
}

static void test_golden(void **state)
{
	struct pair pr;

	(void)state;
	pair_up(&pr);
	run_golden("routes.txt");
	pair_down(&pr);
}

/*
 * The detail's Community, Extended Community, Large Community and
 * "Originator: ..., Cluster list: ..." lines and ", (Received from a
 * RR-client)" (quagga-vty.md 5), text and json (tests/vty/detail.txt):
 * a path from an iBGP route-reflector client is put straight into r2's
 * RIB (the reflection itself is tested by tests/lab/test_rr_lab.sh).
 */
static struct attr *reflected_attr(void)
{
	static const uint32_t comm[] = { 65000u << 16 | 1, 0xFFFFFF01u };
	static const uint8_t ecomm[][8] = { { 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0,
					      100 } };
	static const struct lcommunity_val lcomm[] = { { 1, 2, 3 } };
	static const uint8_t cluster[] = { 10, 0, 0, 100, 10, 0, 0, 101 };
	struct attr_build b;
	struct community *c = community_intern(comm, 2);
	struct ecommunity *e = ecommunity_intern(ecomm, 1);
	struct lcommunity *l = lcommunity_intern(lcomm, 1);
	struct attr *a;

	attr_build_init(&b);
	attr_build_set_comm(&b, c);
	attr_build_set_ecomm(&b, e);
	attr_build_set_lcomm(&b, l);
	community_unref(c);
	ecommunity_unref(e);
	lcommunity_unref(l);
	b.origin = ORIGIN_IGP;
	b.has_local_pref = true;
	b.local_pref = 100;
	b.nh_af = AF_INET;
	memcpy(b.nh, (uint8_t[]){ 10, 0, 0, 9 }, 4);
	b.has_originator = true;
	b.originator_id = 0x0a00000b;	/* 10.0.0.11 */
	b.ncluster = 2;
	b.cluster = cluster;
	a = attr_intern(&b);
	attr_build_clear(&b);
	assert_non_null(a);
	return a;
}

static void test_detail_reflected(void **state)
{
	struct pair pr;
	struct rib *rib;
	struct rib_src src = { .d = { .router_id = 0x0a00000b, .as = 2,
				      .type = DECIDE_SRC_IBGP },
			       .rr_client = 1u << BGP_AF_IPV4 };
	struct prefix pfx;
	struct ipaddr nh;

	(void)state;
	pair_up(&pr);
	rib = rde_rib(bgp_rde(pr.r2));
	assert_int_equal(ipaddr_parse("127.0.0.9", &src.d.addr), 0);
	assert_int_equal(ipaddr_parse("10.0.0.9", &nh), 0);
	assert_int_equal(prefix_parse("10.9.0.0/16", &pfx, NULL), 0);
	assert_int_equal(rib_src_register(rib, &src), 0);
	assert_int_equal(rib_update(rib, BGP_AF_IPV4, &pfx, &src,
				    reflected_attr(), &nh, 0),
			 0);
	run_golden("detail.txt");
	rib_src_down(rib, &src);
	rib_src_unregister(rib, &src);
	pair_down(&pr);
}

/* show bgp memory: the counts are the RIB's and the interning tables'. */
static void test_memory(void **state)
{
	struct pair pr;
	struct cap got = { 0 };
	struct vty_cli *vc;
	struct rib_stats st;
	char want[128];

	(void)state;
	pair_up(&pr);
	vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	assert_int_equal(vty_cli_exec(vc, "sh ip b mem"), 0);
	rib_stats(rde_rib(bgp_rde(pr.r2)), &st);
	/* r2's RIB: 10.1/16 and 10.2/16 (192.168.1/24 was filtered) and
	 * the glue node between them. */
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 2);
	snprintf(want, sizeof(want), "%zu RIB nodes, using ",
		 st.nodes[BGP_AF_IPV4] + st.nodes[BGP_AF_IPV6]);
	assert_non_null(strstr(got.buf, want));
	assert_true(strncmp(got.buf, want, strlen(want)) == 0);
	/* Paths: 10.1/16 and 10.2/16, and 2001:db8:1::/48. */
	snprintf(want, sizeof(want), "\n3 BGP routes, using %zu bytes of "
		 "memory\n", 3 * sizeof(struct rib_path));
	assert_non_null(strstr(got.buf, want));
	assert_non_null(strstr(got.buf, " BGP attributes, using "));
	assert_non_null(strstr(got.buf, " BGP AS-PATH entries, using "));
	cap_reset(&got);
	assert_int_equal(vty_cli_exec(vc, "show bgp memory json"), 0);
	assert_non_null(strstr(got.buf, "\"bgpRoutes\":{\"count\":3,"));
	assert_true(got.buf[0] == '{');
	cap_reset(&got);
	vty_cli_close(vc);
	pair_down(&pr);
}

/* Every show command takes a trailing json and prints one document. */
static void test_json_everywhere(void **state)
{
	static const char *const cmds[] = {
		"show version json",
		"show logging json",
		"show running-config json",
		"show bgp memory json",
		"show ip bgp memory json",
		"show bgp summary json",
		"show ip bgp summary json",
		"show ipv6 bgp summary json",
		"show bgp ipv4 unicast summary json",
		"show bgp neighbors json",
		"show ip bgp neighbors 127.0.0.1 json",
		"show ip bgp json",
		"show ip bgp ipv4 unicast json",
		"show bgp ipv4 unicast json",
		"show ipv6 bgp json",
		"show bgp json",
		"show bgp ipv6 json",
		"show bgp ipv6 unicast json",
		"show ip bgp 10.1.0.0/16 json",
		"show ip bgp 10.1.2.3 json",
		"show bgp ipv4 unicast 10.2.0.0/16 json",
		"show ip bgp ipv4 unicast 10.2.0.0 json",
		"show ipv6 bgp 2001:db8::/32 json",
		"show bgp 2001:db8::1 json",
		"show ip bgp neighbors 127.0.0.1 routes json",
		"show ip bgp neighbors 127.0.0.1 advertised-routes json",
		"show ip bgp neighbors 127.0.0.1 received-routes json",
		"show bgp ipv6 neighbors 127.0.0.1 routes json",
		"show bgp ipv6 unicast neighbors 127.0.0.1 advertised-routes "
		"json",
		"show ip bgp ipv4 unicast neighbors 10.9.9.9 received-routes "
		"json",
	};
	struct pair pr;
	struct cap got = { 0 };
	struct vty_cli *vc;
	size_t i;

	(void)state;
	pair_up(&pr);
	vc = vty_cli_open(VTY_ENABLE, cap_raw, &got);
	assert_non_null(vc);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int rc = vty_cli_exec(vc, cmds[i]);

		if (rc == 1 || !got.buf)
			fail_msg("%s: rc %d, no document", cmds[i], rc);
		assert_json(got.buf);
		cap_reset(&got);
	}
	vty_cli_close(vc);
	pair_down(&pr);
}

/* clear ip bgp ... soft: out sends the Adj-RIB-Out again, in re-runs the
 * policy over the stored Adj-RIB-In (soft-reconfiguration inbound). */
static void test_clear_soft(void **state)
{
	struct pair pr;
	struct cap got = { 0 };
	struct vty_cli *vc;
	struct peer *p2;
	struct adv_peer_stats as;
	uint64_t before;
	ev_tstamp end;

	(void)state;
	pair_up(&pr);
	p2 = bgp_peer_first(pr.r2);
	vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp * soft out"), 1);
	assert_int_equal(vty_cli_exec(vc, "enable"), 0);
	assert_true(adv_peer_stats(adv_current(), p2, &as));
	before = as.updates;
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp * soft out"), 0);
	end = ev_time() + 5;
	while (ev_time() < end && adv_peer_stats(adv_current(), p2, &as) &&
	       as.updates == before) {
		ev_run(pr.loop, EVRUN_ONCE | EVRUN_NOWAIT);
		usleep(2000);
	}
	assert_int_equal(as.updates, before + 1);
	assert_int_equal(vty_cli_exec(vc, "cl ip b 127.0.0.1 so in"), 0);
	assert_int_equal(rde_peer_stats(peer_rde_data(p2))->accepted[0], 1);
	assert_int_equal(vty_cli_exec(vc, "clear ip bgp 127.0.0.1 soft"), 0);
	assert_string_equal(got.buf, "% [BGP] Unknown command: clear ip bgp * "
				     "soft out\n");
	cap_reset(&got);
	vty_cli_close(vc);
	pair_down(&pr);
}

/* ---- show bgp neighbors 2001:13::c: the seed's block, byte for byte ---- */

/* ../shared/seeds/000_bb8d63c99a2ebb10.txt, as1ra's configuration. */
static const char *const as1ra_conf =
	"hostname as1ra\npassword zebra\n"
	"router bgp 1\n"
	"    bgp router-id 0.0.0.2\n"
	"    bgp bestpath compare-routerid\n"
	"    neighbor 2001:12::b remote-as 2\n"
	"    neighbor 2001:12::b port 179\n"
	"    neighbor 2001:12::b description as2rb (eBGP)\n"
	"    neighbor 2001:12::b ebgp-multihop\n"
	"    neighbor 2001:13::c remote-as 3\n"
	"    neighbor 2001:13::c port 179\n"
	"    neighbor 2001:13::c description as3rc (eBGP)\n"
	"    neighbor 2001:13::c ebgp-multihop\n"
	"    address-family ipv6\n"
	"    network 2001:1234:1::/64\n"
	"    neighbor 2001:12::b activate\n"
	"    neighbor 2001:12::b next-hop-self all\n"
	"    neighbor 2001:13::c activate\n"
	"    neighbor 2001:13::c next-hop-self all\n"
	"    exit-address-family\n";

/* The seed's "3 accepted prefixes" (IPv6) and 0 (IPv4). */
static uint32_t seed_pfx(const struct peer *p, enum bgp_af af)
{
	return p && af == BGP_AF_IPV6 ? 3 : 0;
}

static unsigned long seed_entries(enum bgp_af af)
{
	return af == BGP_AF_IPV6 ? 7 : 0;
}

static const struct vty_rib_hooks seed_hooks = { seed_entries, seed_pfx };

static void set6(uint8_t *dst, const char *s)
{
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(s, &a), 0);
	memcpy(dst, a.a, 16);
}

/* The seed's timers and counters: up for 00:46:29, last read 00:00:29,
 * 2/0 OPENs, 5/5 UPDATEs, 48/47 KEEPALIVEs, ports 179 and 46614. */
static void seed_info(struct peer_info *pi, struct vty_nbr_nh *nh)
{
	struct bgp_caps *a = &pi->caps_adv, *r = &pi->caps_rcvd;

	memset(pi, 0, sizeof(*pi));
	assert_int_equal(ipaddr_parse("2001:13::c", &pi->addr), 0);
	snprintf(pi->host, sizeof(pi->host), "2001:13::c");
	pi->description = "as3rc (eBGP)";
	pi->remote_as = 3;
	pi->local_as = 1;
	pi->state = SESSION_ESTABLISHED;
	pi->remote_id = 0x00000004;
	pi->has_updown = true;
	pi->updown_age = 46 * 60 + 29;
	pi->last_read_age = 29;
	pi->hold = 180;
	pi->keepalive = 60;
	pi->conf_hold = pi->conf_keepalive = -1;
	pi->next_start_s = pi->next_connect_s = -1;
	a->as4 = r->as4 = true;
	a->rr = r->rr = r->rr_old = true;
	a->mp[BGP_AF_IPV4] = a->mp[BGP_AF_IPV6] = true;
	r->mp[BGP_AF_IPV4] = r->mp[BGP_AF_IPV6] = true;
	a->gr = r->gr = true;
	a->gr_time = r->gr_time = 120;
	pi->caps_rcvd_valid = true;
	pi->af_active[BGP_AF_IPV4] = pi->af_active[BGP_AF_IPV6] = true;
	pi->af_nego[BGP_AF_IPV4] = pi->af_nego[BGP_AF_IPV6] = true;
	pi->eor_sent[BGP_AF_IPV4] = pi->eor_sent[BGP_AF_IPV6] = true;
	pi->eor_rcvd[BGP_AF_IPV4] = true;
	pi->stats.sent[1] = 2;
	pi->stats.sent[2] = 5;
	pi->stats.rcvd[2] = 5;
	pi->stats.sent[4] = 48;
	pi->stats.rcvd[4] = 47;
	pi->stats.established = 1;
	pi->ttl = 255;
	pi->port = 179;
	pi->adv_interval = 3;
	pi->has_conn = true;
	assert_int_equal(ipaddr_parse("2001:13::a", &pi->local_addr), 0);
	pi->remote_addr = pi->addr;
	pi->local_port = 179;
	pi->remote_port = 46614;
	pi->read_on = true;
	memset(nh, 0, sizeof(*nh));
	nh->valid = nh->shared = true;
	nh->v4 = 0x00000002;
	set6(nh->global, "2001:13::a");
	set6(nh->local, "fe80::9442:91ff:fe35:b5b1");
}

static void test_seed_neighbor(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct bgp_opts o = { .no_kernel = true };
	struct bgp *b = bgp_new(loop, &o);
	char *want = slurp("seed_neighbor.txt");
	struct vty_out out;
	struct peer_info pi;
	struct vty_nbr_nh nh;

	(void)state;
	bgp_apply(b, parse(as1ra_conf));
	vty_set_config(bgp_config(b));
	vty_bgp_attach(b);
	vty_bgp_set_rib_hooks(&seed_hooks);
	seed_info(&pi, &nh);
	vty_out_init(&out);
	vty_nbr_block(&out, &pi, &nh);
	assert_false(out.nomem);
	if (strcmp(out.buf, want) != 0) {
		FILE *f = fopen("test_vty_routes_seed.got", "w");

		if (f) {
			fputs(out.buf, f);
			fclose(f);
		}
		fail_msg("differs from tests/vty/seed_neighbor.txt (see "
			 "test_vty_routes_seed.got)");
	}
	/* Without a connection there are no host and next-hop lines. */
	vty_out_reset(&out);
	pi.has_conn = false;
	vty_nbr_block(&out, &pi, NULL);
	assert_null(strstr(out.buf, "Nexthop"));
	assert_null(strstr(out.buf, "Local host"));
	/* neighbor X weight: Quagga's "Default weight". */
	{
		char *w = malloc(strlen(as1ra_conf) + 64);

		assert_non_null(w);
		sprintf(w, "%s    neighbor 2001:13::c weight 7\n", as1ra_conf);
		bgp_apply(b, parse(w));
		vty_set_config(bgp_config(b));
		free(w);
	}
	vty_out_reset(&out);
	vty_nbr_block(&out, &pi, &nh);
	assert_non_null(strstr(out.buf, "advertisement runs is 3 seconds\n"
					"  Default weight 7\n\n For address "
					"family: IPv4 Unicast\n"));
	vty_out_free(&out);
	free(want);
	vty_bgp_set_rib_hooks(NULL);
	vty_bgp_attach(NULL);
	vty_set_config(NULL);
	bgp_shutdown(b);
	bgp_free(b);
	ev_loop_destroy(loop);
}

static unsigned count(const char *s, const char *what)
{
	unsigned n = 0;

	for (; (s = strstr(s, what)) != NULL; s++)
		n++;
	return n;
}

/* Listings longer than a chunk come out whole (VTY_MORE and resume). */
static void test_chunks(void **state)
{
	enum { N = 2500 };
	struct pair pr;
	struct cap got = { 0 };
	struct vty_cli *vc;
	char want[128];

	(void)state;
	extra_n = N;
	pair_up(&pr);
	extra_n = 0;
	vc = vty_cli_open(VTY_VIEW, cap_raw, &got);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp neighbors 127.0.0.1 "
					  "advertised-routes"), 0);
	assert_int_equal(count(got.buf, "\n*> 12."), N);
	assert_int_equal(count(got.buf, "BGP table version"), 1);
	snprintf(want, sizeof(want), "\nTotal number of prefixes %u\n", N + 1);
	assert_non_null(strstr(got.buf, want));
	cap_reset(&got);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp neighbors 127.0.0.1 "
					  "received-routes"), 0);
	assert_int_equal(count(got.buf, "\n*> 11."), N);
	snprintf(want, sizeof(want), "\nTotal number of prefixes %u\n", N + 2);
	assert_non_null(strstr(got.buf, want));
	cap_reset(&got);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp neighbors 127.0.0.1 "
					  "routes"), 0);
	assert_int_equal(count(got.buf, "\n*> 11."), N);
	assert_null(strstr(got.buf, "*> 12."));
	snprintf(want, sizeof(want), "\nDisplayed  %u out of %u total "
		 "prefixes\n", N + 1, 2 * N + 2);
	assert_non_null(strstr(got.buf, want));
	cap_reset(&got);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp neighbors 127.0.0.1 "
					  "advertised-routes json"), 0);
	assert_json(got.buf);
	assert_int_equal(count(got.buf, "\"addrPrefix\":\"12."), N);
	cap_reset(&got);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp neighbors 127.0.0.1 "
					  "routes json"), 0);
	assert_json(got.buf);
	assert_int_equal(count(got.buf, "\"prefix\":\"11."), N);
	cap_reset(&got);
	assert_int_equal(vty_cli_exec(vc, "show ip bgp json"), 0);
	assert_json(got.buf);
	assert_int_equal(count(got.buf, "\"valid\":true"), 2 * N + 2);
	cap_reset(&got);
	vty_cli_close(vc);
	pair_down(&pr);
}

/* ---- telnet: sessions do not stall BGP keepalives ---------------------- */

struct tclient {
	uint16_t port;
	bool login_a, login_b, more, summary, quit;
	atomic_bool done;
};

static int t_connect(uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	struct timeval tv = { 5, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Read until the bytes end with end; true if they did (no cmocka
 * assertions off the main thread). */
static bool t_until(int fd, char *buf, size_t cap, const char *end)
{
	size_t len = 0, el = strlen(end);

	while (len < cap - 1) {
		if (len >= el && memcmp(buf + len - el, end, el) == 0) {
			buf[len] = '\0';
			return true;
		}
		if (read(fd, buf + len, 1) != 1)
			break;
		len++;
	}
	buf[len] = '\0';
	return false;
}

static bool t_login(int fd, char *buf, size_t cap)
{
	return fd >= 0 && t_until(fd, buf, cap, "Password: ") &&
	       write(fd, "zebra\r\n", 7) == 7 && t_until(fd, buf, cap, "r2> ");
}

/* Session a stops at --More-- (NAWS 80x10) in the middle of the table
 * and idles there for 4 s (the hold time is 3 s); session b meanwhile
 * runs a command. */
static void *t_client(void *arg)
{
	static const char naws[] = "\xff\xfa\x1f\x00\x50\x00\x0a\xff\xf0";
	struct tclient *t = arg;
	int a = t_connect(t->port), b = t_connect(t->port);
	char buf[8192];

	t->login_a = t_login(a, buf, sizeof(buf));
	t->login_b = t_login(b, buf, sizeof(buf));
	if (t->login_a && t->login_b &&
	    write(a, naws, sizeof(naws) - 1) == sizeof(naws) - 1 &&
	    write(a, "sh ip b\r", 8) == 8) {
		t->more = t_until(a, buf, sizeof(buf), " --More-- ");
		t->summary = write(b, "sh ip b summ\r", 13) == 13 &&
			     t_until(b, buf, sizeof(buf), "r2> ") &&
			     strstr(buf, "Total num. Established sessions 1");
		sleep(4);
		t->quit = write(a, "q", 1) == 1 &&
			  t_until(a, buf, sizeof(buf), "r2> ");
	}
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	atomic_store(&t->done, true);
	return NULL;
}

static uint32_t keepalives_sent(struct bgp *b)
{
	struct peer_info pi;

	peer_info_get(bgp_peer_first(b), &pi);
	return pi.stats.sent[4];
}

static void test_telnet_keepalives(void **state)
{
	struct vty_opts o = { .addr = "127.0.0.1", .port = 0 };
	struct tclient t = { 0 };
	struct peer_info pi;
	struct pair pr;
	pthread_t th;
	uint32_t ka2, ka1;
	ev_tstamp end;

	(void)state;
	pair_up(&pr);
	assert_int_equal(vty_start(pr.loop, &o), 0);
	t.port = vty_bound_port();
	ka2 = keepalives_sent(pr.r2);
	ka1 = keepalives_sent(pr.r1);
	assert_int_equal(pthread_create(&th, NULL, t_client, &t), 0);
	end = ev_time() + 30;
	while (!atomic_load(&t.done) && ev_time() < end) {
		ev_run(pr.loop, EVRUN_ONCE | EVRUN_NOWAIT);
		usleep(1000);
	}
	pthread_join(th, NULL);
	assert_true(t.login_a);
	assert_true(t.login_b);
	assert_true(t.more);
	assert_true(t.summary);
	assert_true(t.quit);
	/* Keepalives every second on both sides (timers 1 3), and the
	 * sessions never dropped. */
	assert_true(keepalives_sent(pr.r2) >= ka2 + 3);
	assert_true(keepalives_sent(pr.r1) >= ka1 + 3);
	peer_info_get(bgp_peer_first(pr.r2), &pi);
	assert_int_equal(pi.state, SESSION_ESTABLISHED);
	assert_int_equal(pi.stats.dropped, 0);
	vty_stop();
	pair_down(&pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_detail_reflected),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_seed_neighbor),
		cmocka_unit_test(test_clear_soft),
		cmocka_unit_test(test_json_everywhere),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_telnet_keepalives),
	};

	vty_install_builtins();
	vty_install_route();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
