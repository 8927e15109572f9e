/*
 * test_config.c: the config parser, printer and comparison.
 *
 * Golden files in tests/unit/config: every NAME.conf must parse, print
 * exactly as NAME.out, and the printed text must parse back to an equal
 * config that prints the same again; every NAME.bad must fail with
 * exactly the diagnostics in NAME.err.  The samples etc/NAME.conf must
 * parse and round-trip too.  Set OKAPI_REGEN=1 to (re)write the .out and
 * .err files from the current code (then review the diff!).
 *
 * Also: Quagga defaults and semantics, comparison, robustness against
 * garbage (random bytes, mutated configs, huge lines), and a large config
 * parsed in linear time.
 */
/* cmocka needs these first; clang-format keeps separate blocks apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Our daemon/config.h, not autoconf's config.h in the build directory. */
#include "../../daemon/config.h"

static char *srcdir_path(const char *rel)
{
	const char *top = getenv("OKAPI_SRCDIR");
	size_t n;
	char *p;

	if (!top)
		top = ".";
	n = strlen(top) + strlen(rel) + 2;
	p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", top, rel);
	return p;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0, r;
	char *b;

	if (!f)
		return NULL;
	b = malloc(cap + 1);
	assert_non_null(b);
	while ((r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
			assert_non_null(b);
		}
	}
	fclose(f);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

static char *print_to_string(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	config_print(c, m);
	fclose(m);
	return buf;
}

static char *diag_to_string(const struct config_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	config_diag_print(d, m);
	fclose(m);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Compare with a golden file, or write it when OKAPI_REGEN is set. */
static void check_golden(const char *path, const char *got)
{
	char *want;

	if (getenv("OKAPI_REGEN")) {
		write_file(path, got);
		return;
	}
	want = read_all(path, NULL);
	if (!want)
		fail_msg("missing golden file %s", path);
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "--- %s (expected)\n%s--- got\n%s", path, want,
			got);
		fail_msg("%s differs", path);
	}
	free(want);
}

/* Parse, print, re-parse, compare; returns the printed text. */
static char *round_trip(const char *path, struct config **out)
{
	struct config_diag d, d2;
	struct config *c, *c2;
	char *text, *text2;

	config_diag_init(&d);
	if (config_parse_file(path, &c, &d) != 0) {
		config_diag_print(&d, stderr);
		fail_msg("%s does not parse", path);
	}
	assert_int_equal(d.nerrors, 0);
	config_diag_free(&d);
	text = print_to_string(c);
	config_diag_init(&d2);
	if (config_parse_string(text, "printed", &c2, &d2) != 0) {
		config_diag_print(&d2, stderr);
		fprintf(stderr, "%s", text);
		fail_msg("printed %s does not parse back", path);
	}
	assert_int_equal(d2.nerrors, 0);
	config_diag_free(&d2);
	if (!config_equal(c, c2))
		fail_msg("printed %s parses to a different config", path);
	text2 = print_to_string(c2);
	assert_string_equal(text, text2);
	free(text2);
	config_free(c2);
	if (out)
		*out = c;
	else
		config_free(c);
	return text;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of the files in dir ending in suffix; returns count. */
static size_t list_files(const char *dir, const char *suffix, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (!has_suffix(e->d_name, suffix))
			continue;
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), name_cmp);
	*out = v;
	return n;
}

static void test_golden_round_trip(void **state)
{
	char *dir = srcdir_path("tests/unit/config"), **names, cwd[4096];
	size_t n, i;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	n = list_files(".", ".conf", &names);
	assert_true(n >= 6);
	for (i = 0; i < n; i++) {
		char out[1024], *text;

		snprintf(out, sizeof(out), "%.*s.out",
			 (int)(strlen(names[i]) - 5), names[i]);
		text = round_trip(names[i], NULL);
		check_golden(out, text);
		free(text);
		free(names[i]);
	}
	free(names);
	assert_int_equal(chdir(cwd), 0);
	free(dir);
}

static void test_golden_errors(void **state)
{
	char *dir = srcdir_path("tests/unit/config"), **names, cwd[4096];
	size_t n, i;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	n = list_files(".", ".bad", &names);
	assert_true(n >= 4);
	for (i = 0; i < n; i++) {
		struct config_diag d;
		struct config *c = (struct config *)&d;
		char err[1024], *text;

		snprintf(err, sizeof(err), "%.*s.err",
			 (int)(strlen(names[i]) - 4), names[i]);
		config_diag_init(&d);
		if (config_parse_file(names[i], &c, &d) != -1)
			fail_msg("%s parsed without error", names[i]);
		assert_null(c);
		assert_true(d.nerrors > 0);
		text = diag_to_string(&d);
		check_golden(err, text);
		free(text);
		config_diag_free(&d);
		free(names[i]);
	}
	free(names);
	assert_int_equal(chdir(cwd), 0);
	free(dir);
}

static void test_etc_samples(void **state)
{
	char *dir = srcdir_path("etc"), **names, cwd[4096];
	size_t n, i;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	n = list_files(".", ".conf", &names);
	/* The seed lab's four routers and the FRR-era as2r1 at least. */
	assert_true(n >= 5);
	for (i = 0; i < n; i++) {
		free(round_trip(names[i], NULL));
		free(names[i]);
	}
	free(names);
	assert_int_equal(chdir(cwd), 0);
	free(dir);
}

static struct config *parse_ok(const char *text)
{
	struct config_diag d;
	struct config *c;

	config_diag_init(&d);
	if (config_parse_string(text, "t.conf", &c, &d) != 0) {
		config_diag_print(&d, stderr);
		fail_msg("does not parse:\n%s", text);
	}
	config_diag_free(&d);
	return c;
}

/* The diagnostics of a text that must fail. */
static char *parse_fail(const char *text)
{
	struct config_diag d;
	struct config *c;
	char *s;

	config_diag_init(&d);
	assert_int_equal(config_parse_string(text, "t.conf", &c, &d), -1);
	assert_null(c);
	s = diag_to_string(&d);
	config_diag_free(&d);
	return s;
}

static struct nbr_conf *nbr(const struct config *c, const char *a)
{
	struct ipaddr ip;

	assert_int_equal(ipaddr_parse(a, &ip), 0);
	return config_find_nbr(c->bgp, &ip);
}

static void test_defaults(void **state)
{
	struct config *c = config_new();

	(void)state;
	assert_null(c->bgp);
	assert_int_equal(c->exec_timeout, 600);
	assert_int_equal(c->log_stdout_level, -1);
	config_free(c);
	c = parse_ok("router bgp 65000\n neighbor 10.0.0.1 remote-as 65001\n"
		     " neighbor 2001:db8::1 remote-as 65002\n");
	assert_int_equal(c->bgp->asn, 65000);
	assert_true(c->bgp->default_ipv4_unicast);
	assert_false(c->bgp->ebgp_requires_policy);
	assert_true(c->bgp->log_neighbor_changes);
	assert_int_equal(c->bgp->keepalive, 60);
	assert_int_equal(c->bgp->holdtime, 180);
	assert_int_equal(c->bgp->default_local_pref, 100);
	/* Quagga: every neighbor is active for IPv4 unicast, even an IPv6
	 * transport one; IPv6 needs an explicit activate. */
	assert_true(config_nbr_active(c->bgp, nbr(c, "10.0.0.1"), BGP_AF_IPV4));
	assert_true(
	    config_nbr_active(c->bgp, nbr(c, "2001:db8::1"), BGP_AF_IPV4));
	assert_false(
	    config_nbr_active(c->bgp, nbr(c, "2001:db8::1"), BGP_AF_IPV6));
	assert_int_equal(nbr(c, "10.0.0.1")->af[BGP_AF_IPV4].send_community,
			 CONF_COMM_ALL);
	assert_int_equal(nbr(c, "10.0.0.1")->port, 179);
	assert_int_equal(nbr(c, "10.0.0.1")->ebgp_multihop, 0);
	assert_int_equal(nbr(c, "10.0.0.1")->keepalive, -1);
	assert_null(nbr(c, "10.0.0.2"));
	config_free(c);
}

static void test_seed_semantics(void **state)
{
	char *p = srcdir_path("etc/as2r1.conf");
	struct config_diag d;
	struct config *c;
	struct nbr_conf *n;

	(void)state;
	config_diag_init(&d);
	assert_int_equal(config_parse_file(p, &c, &d), 0);
	assert_int_equal(d.nerrors, 0);
	assert_false(c->bgp->default_ipv4_unicast);
	n = nbr(c, "fc00::2");
	assert_non_null(n);
	assert_int_equal(n->remote_as, 1);
	assert_int_equal(n->ebgp_multihop, 255);
	assert_string_equal(n->description, "as1r1 (eBGP)");
	assert_false(config_nbr_active(c->bgp, n, BGP_AF_IPV4));
	assert_true(config_nbr_active(c->bgp, n, BGP_AF_IPV6));
	assert_string_equal(n->af[BGP_AF_IPV6].rmap_in, "as1r1-ipv6-in");
	assert_true(n->af[BGP_AF_IPV6].next_hop_self);
	n = nbr(c, "192.168.0.2");
	assert_true(config_nbr_active(c->bgp, n, BGP_AF_IPV4));
	assert_false(config_nbr_active(c->bgp, n, BGP_AF_IPV6));
	assert_non_null(config_find_plist(c, "hello-world-v4", AF_INET));
	assert_null(config_find_plist(c, "hello-world-v4", AF_INET6));
	assert_int_equal(
	    config_find_plist(c, "hello-world-v6", AF_INET6)->entries->le, 128);
	assert_non_null(config_find_rmap(c, "as1r1-ipv4-in"));
	assert_int_equal(config_find_rmap(c, "as1r1-ipv4-in")->entries->seq,
			 65535);
	assert_int_equal(
	    config_find_rmap(c, "as1r1-ipv4-in")->entries->matches->kind,
	    RMAP_MATCH_IP_ADDRESS_PLIST);
	assert_string_equal(
	    config_find_rmap(c, "as1r1-ipv4-in")->entries->matches->arg,
	    "hello-world-v4");
	/* "redistribute ospf" and "ospf6" are kept but reported as not
	 * supported yet; "redistribute connected" is supported. */
	assert_int_equal(d.nwarnings, 2);
	assert_string_equal(c->bgp->af[BGP_AF_IPV4].redists->next->type,
			    "connected");
	config_diag_free(&d);
	config_free(c);
	free(p);
}

static void test_equal_detects_changes(void **state)
{
	static const char base[] =
	    "hostname r\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	    " neighbor 10.0.0.1 route-map A in\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 24\n"
	    "route-map A permit 10\n set local-preference 200\n";
	static const char *const variants[] = {
	    "hostname s\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	    " neighbor 10.0.0.1 route-map A in\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 24\n"
	    "route-map A permit 10\n set local-preference 200\n",
	    "hostname r\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 3\n"
	    " neighbor 10.0.0.1 route-map A in\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 24\n"
	    "route-map A permit 10\n set local-preference 200\n",
	    "hostname r\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	    " neighbor 10.0.0.1 route-map A out\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 24\n"
	    "route-map A permit 10\n set local-preference 200\n",
	    "hostname r\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	    " neighbor 10.0.0.1 route-map A in\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 25\n"
	    "route-map A permit 10\n set local-preference 200\n",
	    "hostname r\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	    " neighbor 10.0.0.1 route-map A in\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 24\n"
	    "route-map A permit 10\n set local-preference 201\n",
	    "hostname r\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	    " neighbor 10.0.0.1 route-map A in\n"
	    " no neighbor 10.0.0.1 activate\n"
	    "ip prefix-list P seq 5 permit 10.0.0.0/8 le 24\n"
	    "route-map A permit 10\n set local-preference 200\n",
	};
	struct config *a = parse_ok(base), *b;
	size_t i;

	(void)state;
	b = parse_ok(base);
	assert_true(config_equal(a, b));
	assert_true(config_nbr_equal(a->bgp->neighbors, b->bgp->neighbors));
	config_free(b);
	/* Spelling does not matter: explicit activate under the default,
	 * "seq 5" written or implied. */
	b = parse_ok("hostname r\nrouter bgp 1\n"
		     " neighbor 10.0.0.1 remote-as 2\n"
		     " neighbor 10.0.0.1 activate\n"
		     " address-family ipv4 unicast\n"
		     "  neighbor 10.0.0.1 route-map A in\n"
		     " exit-address-family\n"
		     "ip prefix-list P permit 10.0.0.0/8 le 24  \n"
		     "route-map A permit 10\n   set local-preference 200\n");
	assert_true(config_equal(a, b));
	config_free(b);
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		b = parse_ok(variants[i]);
		if (config_equal(a, b))
			fail_msg("variant %zu compares equal", i);
		config_free(b);
	}
	b = parse_ok(variants[1]);
	assert_false(config_nbr_equal(a->bgp->neighbors, b->bgp->neighbors));
	config_free(b);
	config_free(a);
}

static void test_warnings_do_not_fail(void **state)
{
	struct config_diag d;
	struct config *c;
	char *s;

	(void)state;
	config_diag_init(&d);
	assert_int_equal(
	    config_parse_string("router bgp 1\n"
				" neighbor 10.0.0.1 remote-as 2\n"
				" neighbor 10.0.0.1 ttl-security hops 2\n"
				" neighbor 10.0.0.1 soft-reconfiguration inbound\n"
				" neighbor 10.0.0.1 local-as 5\n"
				"debug bgp bogus\n",
				"w.conf", &c, &d),
	    0);
	assert_non_null(c);
	assert_int_equal(d.nerrors, 0);
	/* soft-reconfiguration inbound is supported: no warning. */
	assert_int_equal(d.nwarnings, 2);
	s = diag_to_string(&d);
	assert_string_equal(
	    s, "w.conf:5:2: warning: \"neighbor 10.0.0.1 local-as 5\" is "
	       "not supported yet, ignored\n"
	       "w.conf:6:11: warning: unknown debug section \"bogus\" "
	       "ignored\n");
	free(s);
	assert_int_equal(c->bgp->neighbors->ttl_security_hops, 2);
	assert_true(c->bgp->neighbors->af[BGP_AF_IPV4].soft_reconfig_in);
	config_diag_free(&d);
	config_free(c);
}

/* neighbor X path-attribute discard / bgp unknown-attribute discard. */
static void test_attr_discard(void **state)
{
	struct config_diag d;
	struct config *c, *c2;
	char *s;

	(void)state;
	config_diag_init(&d);
	assert_int_equal(
	    config_parse_string("router bgp 1\n"
				" bgp unknown-attribute discard 99\n"
				" neighbor 10.0.0.1 remote-as 2\n"
				" neighbor 10.0.0.1 path-attribute discard 8 14\n",
				"w.conf", &c, &d),
	    0);
	assert_int_equal(d.nwarnings, 1);
	s = diag_to_string(&d);
	assert_string_equal(s, "w.conf:4:45: warning: attribute 14 "
			       "(MP_REACH_NLRI) is never discarded\n");
	free(s);
	config_diag_free(&d);
	assert_int_equal(c->bgp->attr_discard[99 / 8], 1u << (99 % 8));
	assert_int_equal(nbr(c, "10.0.0.1")->attr_discard[1], 0x41);
	/* A different set is a different config; no line clears all. */
	config_diag_init(&d);
	assert_int_equal(
	    config_parse_string("router bgp 1\n"
				" bgp unknown-attribute discard 99\n"
				" neighbor 10.0.0.1 remote-as 2\n"
				" neighbor 10.0.0.1 path-attribute discard 8 9\n"
				" no neighbor 10.0.0.1 path-attribute discard\n"
				" neighbor 10.0.0.1 path-attribute discard 8 14\n",
				"w.conf", &c2, &d),
	    0);
	config_diag_free(&d);
	assert_true(config_equal(c, c2));
	nbr(c2, "10.0.0.1")->attr_discard[0] = 0x10;
	assert_false(config_equal(c, c2));
	c2->bgp->attr_discard[0] = 0x10;
	nbr(c2, "10.0.0.1")->attr_discard[0] = 0;
	assert_false(config_equal(c, c2));
	config_free(c);
	config_free(c2);
	s = parse_fail("router bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
		       " neighbor 10.0.0.1 path-attribute discard\n"
		       " bgp unknown-attribute discard 256\n"
		       " bgp unknown-attribute 8\n");
	assert_string_equal(
	    s, "t.conf:3:42: error: expected an attribute type code (1-255) "
	       "after \"discard\"\n"
	       "t.conf:4:32: error: expected an attribute type code (1-255), "
	       "got \"256\"\n"
	       "t.conf:5:24: error: expected \"discard\", got \"8\"\n");
	free(s);
}

static void test_errors_inline(void **state)
{
	char *s;

	(void)state;
	s = parse_fail("router bgp 1\n neighbr 10.0.0.1 remote-as 2\n");
	assert_string_equal(
	    s, "t.conf:2:2: error: unknown command \"neighbr\"; expected "
	       "one of: address-family, aggregate-address, auto-summary, "
	       "bgp, distance, maximum-paths, neighbor, network, "
	       "redistribute, synchronization, timers\n");
	free(s);
	s = parse_fail("router bgp 1\n neighbor 10.0.0.1 remote-as abc\n");
	assert_string_equal(s, "t.conf:2:30: error: expected an AS number "
			       "(1-4294967295), got \"abc\"\n");
	free(s);
	/* All errors are collected, one per line. */
	s = parse_fail("router bgp 0\n neighbor 1.2.3.4 remote-as 5\n"
		       " neighbor 1.2.3.4 port\nline vty\nbogus\n");
	assert_string_equal(
	    s, "t.conf:1:12: error: expected an AS number (1-4294967295), "
	       "got \"0\"\n"
	       "t.conf:3:23: error: expected a TCP port (0-65535) after "
	       "\"port\"\n"
	       "t.conf:5:1: error: unknown command \"bogus\"; expected one "
	       "of: access-class, exec-timeout, ipv6, login\n");
	free(s);
}

static void test_values(void **state)
{
	struct config *c =
	    parse_ok("router bgp 1\n"
		     " neighbor 10.0.0.1 remote-as 2\n"
		     " neighbor 10.0.0.1 maximum-prefix 100 90 warning-only\n"
		     " neighbor 10.0.0.1 timers 10 30\n"
		     " neighbor 10.0.0.1 weight 9\n"
		     " neighbor 10.0.0.1 allowas-in\n"
		     " no neighbor 10.0.0.1 send-community\n"
		     " neighbor 10.0.0.1 ebgp-multihop 3\n"
		     " address-family ipv6\n"
		     "  neighbor 10.0.0.1 weight 4\n"
		     "  neighbor 10.0.0.1 allowas-in 7\n"
		     "  neighbor 10.0.0.1 send-community large\n"
		     "ip prefix-list A permit 10.0.0.0/8\n"
		     "ip prefix-list A permit 11.0.0.0/8 ge 16 le 32\n"
		     "ip prefix-list A permit 10.0.0.0/8\n"
		     "ip prefix-list A seq 7 deny any\n"
		     "ip community-list expanded X permit ^1:\n"
		     "ip large-community-list standard X permit 1:2:3\n"
		     "route-map M permit 10\n"
		     " set community 1:1 no-export additive\n"
		     " set as-path prepend 1.1 65536\n"
		     " set metric 5\n"
		     " set metric -5\n"
		     " match community X exact-match\n");
	struct nbr_conf *n = c->bgp->neighbors;
	struct plist_entry *e = config_find_plist(c, "A", AF_INET)->entries;
	struct rmap_entry *r = config_find_rmap(c, "M")->entries;

	(void)state;
	assert_int_equal(n->af[BGP_AF_IPV4].max_prefix, 100);
	assert_int_equal(n->af[BGP_AF_IPV4].max_prefix_threshold, 90);
	assert_true(n->af[BGP_AF_IPV4].max_prefix_warning_only);
	assert_int_equal(n->keepalive, 10);
	assert_int_equal(n->holdtime, 30);
	assert_int_equal(n->ebgp_multihop, 3);
	/* Inline weight is per neighbor (Quagga), a family block's only for
	 * its family. */
	assert_int_equal(n->af[BGP_AF_IPV4].weight, 9);
	assert_int_equal(n->af[BGP_AF_IPV6].weight, 4);
	assert_int_equal(n->af[BGP_AF_IPV4].allowas_in, 3);
	assert_int_equal(n->af[BGP_AF_IPV6].allowas_in, 7);
	assert_int_equal(n->af[BGP_AF_IPV4].send_community,
			 CONF_COMM_EXT | CONF_COMM_LARGE);
	assert_int_equal(n->af[BGP_AF_IPV6].send_community, CONF_COMM_ALL);
	/* seq 5, 7 (any = 0/0 le 32), 10 (ge 16, le 32 dropped); the
	 * duplicate of seq 5 is ignored. */
	assert_int_equal(e->seq, 5);
	assert_false(e->seq_given);
	e = e->next;
	assert_int_equal(e->seq, 7);
	assert_false(e->permit);
	assert_int_equal(e->prefix.len, 0);
	assert_int_equal(e->le, 32);
	e = e->next;
	assert_int_equal(e->seq, 10);
	assert_int_equal(e->ge, 16);
	assert_int_equal(e->le, 0);
	assert_null(e->next);
	assert_true(config_find_clist(c, "X")->expanded);
	assert_false(config_find_clist(c, "X")->large);
	assert_true(config_find_lclist(c, "X")->large);
	assert_int_equal(r->matches->kind, RMAP_MATCH_COMMUNITY);
	assert_string_equal(r->matches->arg, "X exact-match");
	assert_int_equal(r->sets->kind, RMAP_SET_COMMUNITY);
	assert_string_equal(r->sets->arg, "1:1 no-export additive");
	assert_int_equal(r->sets->next->kind, RMAP_SET_AS_PATH_PREPEND);
	assert_string_equal(r->sets->next->text, "as-path prepend 1.1 65536");
	/* A second "set metric" replaces the first. */
	assert_int_equal(r->sets->next->next->kind, RMAP_SET_METRIC);
	assert_string_equal(r->sets->next->next->arg, "-5");
	assert_null(r->sets->next->next->next);
	config_free(c);
}

static void test_print_empty_and_hand_built(void **state)
{
	struct config *c = config_new(), *c2;
	struct config_diag d;
	struct ipaddr a;
	char *s;

	(void)state;
	s = print_to_string(c);
	assert_string_equal(s, "!\nline vty\n!\nend\n");
	c2 = parse_ok(s);
	assert_true(config_equal(c, c2));
	config_free(c2);
	free(s);
	/* A config built by hand (activate -1 = default) prints like the
	 * parsed one. */
	config_free(c);
	c = parse_ok("router bgp 7\n neighbor 10.9.9.9 remote-as 8\n");
	c2 = parse_ok("router bgp 7\n neighbor 10.9.9.9 remote-as 8\n");
	c2->bgp->neighbors->af[BGP_AF_IPV4].activate = -1;
	assert_true(config_equal(c, c2));
	assert_true(config_nbr_equal(c->bgp->neighbors, c2->bgp->neighbors));
	assert_int_equal(ipaddr_parse("10.9.9.9", &a), 0);
	assert_ptr_equal(config_find_nbr(c2->bgp, &a), c2->bgp->neighbors);
	config_free(c2);
	config_free(c);
	/* A file that cannot be read is one error naming it. */
	config_diag_init(&d);
	assert_int_equal(config_parse_file("/nonexistent/okapi.conf", &c, &d),
			 -1);
	assert_null(c);
	s = diag_to_string(&d);
	assert_string_equal(s, "/nonexistent/okapi.conf: error: cannot open: "
			       "No such file or directory\n");
	free(s);
	config_diag_free(&d);
}

static void test_many_errors(void **state)
{
	size_t n = 1500, i, len = 0;
	char *text = malloc(n * 8 + 1), *s, *last;
	struct config_diag d;
	struct config *c;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "bogus\n");
	config_diag_init(&d);
	assert_int_equal(config_parse_string(text, "m.conf", &c, &d), -1);
	assert_int_equal(d.nerrors, n);
	assert_int_equal(d.n, CONFIG_DIAG_MAX);
	s = diag_to_string(&d);
	last = strrchr(s, '(');
	assert_non_null(last);
	assert_string_equal(last, "(500 more errors/warnings not shown)\n");
	free(s);
	/* A diag that already holds errors: a good text still parses. */
	assert_int_equal(config_parse_string("hostname x\n", "ok", &c, &d), 0);
	assert_string_equal(c->hostname, "x");
	config_free(c);
	config_diag_free(&d);
	free(text);
}

/* A deterministic generator, so a failure can be replayed. */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void parse_any(const char *text, size_t len)
{
	char path[] = "/tmp/okapi-test-config-XXXXXX";
	struct config_diag d;
	struct config *c;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	config_diag_init(&d);
	if (config_parse_file(path, &c, &d) == 0) {
		char *p = print_to_string(c);

		free(p);
		config_free(c);
	} else {
		assert_null(c);
		assert_true(d.nerrors > 0);
		free(diag_to_string(&d));
	}
	config_diag_free(&d);
	unlink(path);
}

static void test_garbage(void **state)
{
	char *seed = srcdir_path("tests/unit/config/quagga_full.conf");
	size_t len, i, k;
	char *text = read_all(seed, &len), *buf;

	(void)state;
	assert_non_null(text);
	/* Random bytes, NULs included. */
	buf = malloc(8192);
	assert_non_null(buf);
	for (i = 0; i < 200; i++) {
		size_t n = rng() % 8192;

		for (k = 0; k < n; k++)
			buf[k] = (char)rng();
		parse_any(buf, n);
	}
	free(buf);
	/* Mutations of a valid config: flip, delete, duplicate bytes. */
	buf = malloc(len * 2 + 1);
	assert_non_null(buf);
	for (i = 0; i < 300; i++) {
		size_t n = len, m;

		memcpy(buf, text, len);
		for (m = rng() % 8 + 1; m; m--) {
			size_t at = rng() % n;

			switch (rng() % 3) {
			case 0:
				buf[at] = rng() % 3 ? " \n:/.0a9-"[rng() % 9]
						    : (char)rng();
				break;
			case 1:
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			default:
				if (n < len * 2) {
					memmove(buf + at + 1, buf + at, n - at);
					n++;
				}
			}
		}
		parse_any(buf, n);
	}
	free(buf);
	free(text);
	free(seed);
}

static void test_huge_lines(void **state)
{
	size_t n = 1 << 20, i;
	char *buf = malloc(n + 64);

	(void)state;
	assert_non_null(buf);
	/* One 1 MiB word, a hostname of 1 MiB, a 1 MiB description. */
	memset(buf, 'a', n);
	buf[n] = '\0';
	parse_any(buf, n);
	memcpy(buf, "hostname ", 9);
	parse_any(buf, n);
	{
		struct config *c = parse_ok(buf);

		assert_int_equal(strlen(c->hostname), n - 9);
		config_free(c);
	}
	for (i = 0; i < n; i += 2)
		buf[i] = ' ';
	parse_any(buf, n);
	free(buf);
}

static void test_large_config_fast(void **state)
{
	size_t cap = 16 << 20, len = 0, i;
	char *text = malloc(cap);
	struct config *c, *c2;
	struct timespec t0, t1;
	double secs;
	char *printed;

	(void)state;
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "router bgp 65000\n");
	for (i = 0; i < 5000; i++)
		len += (size_t)snprintf(
		    text + len, cap - len,
		    " neighbor 10.%zu.%zu.1 remote-as %zu\n"
		    " neighbor 10.%zu.%zu.1 description peer %zu\n"
		    " neighbor 10.%zu.%zu.1 route-map rm%zu in\n",
		    i / 256, i % 256, 65001 + i, i / 256, i % 256, i, i / 256,
		    i % 256, i);
	for (i = 0; i < 20000; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"ip prefix-list big permit "
					"10.%zu.%zu.0/24\n",
					i / 256, i % 256);
	for (i = 0; i < 5000; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"route-map rm%zu permit 10\n"
					" match ip address prefix-list big\n",
					i);
	assert_true(len < cap);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c = parse_ok(text);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "large config (%zu bytes) parsed in %.3f s\n", len,
		secs);
	/* Quadratic work would take minutes here; generous for ASan. */
	assert_true(secs < 5.0);
	assert_int_equal(config_find_plist(c, "big", AF_INET)->entries->seq, 5);
	printed = print_to_string(c);
	c2 = parse_ok(printed);
	assert_true(config_equal(c, c2));
	config_free(c2);
	config_free(c);
	free(printed);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_round_trip),
	    cmocka_unit_test(test_golden_errors),
	    cmocka_unit_test(test_etc_samples),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_seed_semantics),
	    cmocka_unit_test(test_equal_detects_changes),
	    cmocka_unit_test(test_warnings_do_not_fail),
	    cmocka_unit_test(test_attr_discard),
	    cmocka_unit_test(test_errors_inline),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_many_errors),
	    cmocka_unit_test(test_print_empty_and_hand_built),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_huge_lines),
	    cmocka_unit_test(test_large_config_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
