/*
 * test_core.c: the cursor (rbuf), the builder (wbuf), addresses and
 * prefixes, and the log format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "prefix.h"
#include "rbuf.h"

static void test_rbuf_underflow_leaves_cursor(void **state)
{
	const uint8_t b[] = { 0x01, 0x02, 0x03 };
	struct rbuf r = rbuf_make(b, sizeof(b));
	uint16_t v16;
	uint32_t v32;
	uint8_t v8;

	(void)state;
	assert_int_equal(rbuf_u16(&r, &v16), 0);
	assert_int_equal(v16, 0x0102);
	assert_int_equal(rbuf_u32(&r, &v32), -1);
	assert_int_equal(rbuf_left(&r), 1);
	assert_int_equal(rbuf_u8(&r, &v8), 0);
	assert_int_equal(v8, 3);
	assert_int_equal(rbuf_u8(&r, &v8), -1);
	assert_int_equal(rbuf_skip(&r, 1), -1);
}

static void test_rbuf_sub_is_bounded(void **state)
{
	const uint8_t b[] = { 0xaa, 0xbb, 0xcc, 0xdd };
	struct rbuf r = rbuf_make(b, sizeof(b)), sub;
	uint32_t v;

	(void)state;
	assert_int_equal(rbuf_sub(&r, 5, &sub), -1);
	assert_int_equal(rbuf_left(&r), 4);
	assert_int_equal(rbuf_sub(&r, 2, &sub), 0);
	assert_int_equal(rbuf_left(&sub), 2);
	assert_int_equal(rbuf_u32(&sub, &v), -1);
	assert_int_equal(rbuf_left(&r), 2);
}

static void test_wbuf_build_and_limit(void **state)
{
	struct wbuf w;
	size_t off;

	(void)state;
	wbuf_init(&w, 8);
	off = wbuf_reserve(&w, 2);
	wbuf_u32(&w, 0x01020304);
	wbuf_set_u16(&w, off, 0xbeef);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, 6);
	assert_memory_equal(w.buf, "\xbe\xef\x01\x02\x03\x04", 6);
	wbuf_u32(&w, 0);	/* would exceed max 8 */
	assert_false(wbuf_ok(&w));
	wbuf_u8(&w, 1);		/* sticky */
	assert_false(wbuf_ok(&w));
	assert_int_equal(w.len, 6);
	wbuf_free(&w);
}

static void test_wbuf_grows(void **state)
{
	struct wbuf w;
	int i;

	(void)state;
	wbuf_init(&w, 0);
	for (i = 0; i < 10000; i++)
		wbuf_u8(&w, (uint8_t)i);
	assert_true(wbuf_ok(&w));
	assert_int_equal(w.len, 10000);
	assert_int_equal(w.buf[9999], (uint8_t)9999);
	wbuf_free(&w);
}

static void test_ipaddr(void **state)
{
	struct ipaddr a, b;
	char buf[IPADDR_STRLEN];

	(void)state;
	assert_int_equal(ipaddr_parse("2001:12::b", &a), 0);
	assert_int_equal(a.af, AF_INET6);
	assert_string_equal(ipaddr_fmt(&a, buf, sizeof(buf)), "2001:12::b");
	assert_int_equal(ipaddr_parse("10.0.0.1", &b), 0);
	assert_int_equal(ipaddr_cmp(&b, &a), -1);	/* IPv4 first */
	assert_int_equal(ipaddr_v4(&b), 0x0a000001);
	assert_int_equal(ipaddr_parse("10.0.0.256", &b), -1);
	assert_int_equal(ipaddr_parse("", &b), -1);
	assert_int_equal(ipaddr_parse("fe80::1", &a), 0);
	assert_true(ipaddr_is_v6_linklocal(&a));
}

static void test_sockaddr_roundtrip_v4mapped(void **state)
{
	struct sockaddr_in6 sin6;
	struct ipaddr a;
	uint16_t port;

	(void)state;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(179);
	inet_pton(AF_INET6, "::ffff:192.0.2.1", &sin6.sin6_addr);
	assert_int_equal(ipaddr_from_sockaddr((struct sockaddr *)&sin6, &a, &port), 0);
	assert_int_equal(a.af, AF_INET);
	assert_int_equal(ipaddr_v4(&a), 0xc0000201);
	assert_int_equal(port, 179);
}

static void test_prefix_parse(void **state)
{
	struct prefix p, q;
	char buf[PREFIX_STRLEN];
	bool host;

	(void)state;
	assert_int_equal(prefix_parse("2001:1234:1::/64", &p, &host), 0);
	assert_false(host);
	assert_string_equal(prefix_fmt(&p, buf, sizeof(buf)), "2001:1234:1::/64");
	assert_int_equal(prefix_parse("10.1.2.3/16", &q, &host), 0);
	assert_true(host);
	assert_string_equal(prefix_fmt(&q, buf, sizeof(buf)), "10.1.0.0/16");
	assert_int_equal(prefix_parse("10.1.2.3/33", &q, NULL), -1);
	assert_int_equal(prefix_parse("10.1.2.3", &q, NULL), -1);
	assert_int_equal(prefix_parse("10.1.2.3/", &q, NULL), -1);
	assert_int_equal(prefix_parse("10.1.2.3/-1", &q, NULL), -1);
	assert_int_equal(prefix_parse("10.0.0.0/8x", &q, NULL), -1);
	assert_int_equal(prefix_parse("::/0", &q, NULL), 0);
	assert_int_equal(q.len, 0);
}

static void test_prefix_contains(void **state)
{
	struct prefix p8, p24, p25;
	struct ipaddr a;

	(void)state;
	prefix_parse("10.0.0.0/8", &p8, NULL);
	prefix_parse("10.9.0.0/24", &p24, NULL);
	prefix_parse("10.9.0.128/25", &p25, NULL);
	assert_true(prefix_contains(&p8, &p24));
	assert_false(prefix_contains(&p24, &p8));
	assert_true(prefix_contains(&p24, &p25));
	ipaddr_parse("10.9.0.200", &a);
	assert_true(prefix_contains_addr(&p25, &a));
	ipaddr_parse("10.9.0.20", &a);
	assert_false(prefix_contains_addr(&p25, &a));
	assert_int_equal(prefix_cmp(&p24, &p25), -1);
	assert_int_equal(prefix_cmp(&p8, &p24), -1);
}

static void count_line(const char *line, void *arg)
{
	int *n = arg;

	(*n)++;
	/* "YYYY/MM/DD HH:MM:SS BGP: " */
	assert_true(strlen(line) > 25);
	assert_int_equal(line[4], '/');
	assert_int_equal(line[10], ' ');
	assert_memory_equal(line + 19, " BGP: ", 6);
}

static void test_log_file_format(void **state)
{
	char path[] = "/tmp/okapi-test-log-XXXXXX";
	char line[256];
	FILE *f;
	int fd = mkstemp(path), n = 0;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(log_open_file(path, LOG_LVL_INFO), 0);
	log_info("%%ADJCHANGE: neighbor %s Up", "2001:12::b");
	log_debug("not written at level informational");
	log_close_all();
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line + 19, " BGP: %ADJCHANGE: neighbor 2001:12::b Up\n");
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);
	unlink(path);
	log_ring_walk(count_line, &n);
	assert_int_equal(n, 2);	/* the ring keeps every level */
	assert_int_equal(log_level_parse("warnings"), LOG_LVL_WARN);
	assert_int_equal(log_level_parse("bogus"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rbuf_underflow_leaves_cursor),
		cmocka_unit_test(test_rbuf_sub_is_bounded),
		cmocka_unit_test(test_wbuf_build_and_limit),
		cmocka_unit_test(test_wbuf_grows),
		cmocka_unit_test(test_ipaddr),
		cmocka_unit_test(test_sockaddr_roundtrip_v4mapped),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_prefix_contains),
		cmocka_unit_test(test_log_file_format),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
