/*
 * test_vty.c: the vty's command layer without sockets, through libcli's
 * cli_run_command with a print callback (libraries.md 1.3): golden
 * transcripts (tests/vty/NAME.txt), Quagga's error texts, abbreviations,
 * the libcli 1.10.7 workarounds, filters, and chunked output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "golden_file.h"

#include <libcli.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../daemon/config.h"
#include "log.h"
#include "vty.h"

/* ---- capture ------------------------------------------------------ */

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

static void cap_line(const char *line, void *arg)
{
	cap_add(arg, line);
	cap_add(arg, "\n");
}

static void cap_reset(struct cap *c)
{
	free(c->buf);
	c->buf = NULL;
	c->len = 0;
}

/* ---- test commands -------------------------------------------------- */

static int counter_calls;

static int cmd_counter(struct vty_out *out, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	counter_calls++;
	vty_out_printf(out, "counter %d\n", counter_calls);
	return VTY_DONE;
}

static int chunk_calls, chunk_frees;

static void chunk_free(void *p)
{
	chunk_frees++;
	free(p);
}

/* 1000 numbered lines, VTY_CHUNK_LINES per call. */
static int cmd_chunks(struct vty_out *out, int argc, char **argv)
{
	int *next = vty_out_state(out);

	(void)argc;
	(void)argv;
	chunk_calls++;
	if (!next) {
		next = calloc(1, sizeof(*next));
		if (!next)
			return VTY_FAIL;
		vty_out_set_state(out, next, chunk_free);
	}
	while (*next < 1000 && vty_out_lines(out) < VTY_CHUNK_LINES)
		vty_out_printf(out, "line %04d\n", (*next)++);
	return *next < 1000 ? VTY_MORE : VTY_DONE;
}

static int cmd_neighbor(struct vty_out *out, int argc, char **argv)
{
	vty_out_printf(out, "neighbor %s%s\n", argv[3],
		       argc == 5 ? " routes" : "");
	return VTY_DONE;
}

static int cmd_fail(struct vty_out *out, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vty_out_puts(out, "% No such neighbor\n");
	return VTY_FAIL;
}

static const struct vty_cmd test_cmds[] = {
	{ "show test counter", "Show\nTest\nA counter", VTY_VIEW,
	  cmd_counter, 0 },
	{ "show test chunks", "Show\nTest\nMany lines", VTY_VIEW, cmd_chunks,
	  0 },
	{ "show test neighbors A.B.C.D",
	  "Show\nTest\nNeighbors\nNeighbor address", VTY_VIEW, cmd_neighbor,
	  0 },
	{ "show test neighbors X:X::X:X",
	  "Show\nTest\nNeighbors\nNeighbor address", VTY_VIEW, cmd_neighbor,
	  0 },
	{ "show test neighbors A.B.C.D routes",
	  "Show\nTest\nNeighbors\nNeighbor address\nRoutes", VTY_VIEW,
	  cmd_neighbor, 0 },
	{ "show test fail", "Show\nTest\nFail", VTY_VIEW, cmd_fail, 0 },
	{ "show test secret", "Show\nTest\nSecret", VTY_ENABLE, cmd_counter,
	  0 },
};

static struct config conf;

static int setup(void **state)
{
	size_t i;

	(void)state;
	conf.hostname = "r2";
	conf.password = "zebra";
	conf.exec_timeout = 600;
	conf.log_syslog_level = -1;
	conf.log_stdout_level = -1;
	vty_install_builtins();
	for (i = 0; i < sizeof(test_cmds) / sizeof(test_cmds[0]); i++)
		assert_int_equal(vty_install(&test_cmds[i]), 0);
	vty_set_config(&conf);
	return 0;
}

/* ---- golden transcripts --------------------------------------------- */

/*
 * Each line "HOST> cmd" or "HOST# cmd" of the file is run; the transcript
 * (prompt as libcli would show it, command, output) must equal the file.
 */
static void run_golden(const char *name)
{
	char *want = slurp(name), *p, *nl;
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	char prompt[128];

	assert_non_null(vc);
	for (p = want; *p; p = nl + 1) {
		char *sp = strchr(p, ' ');

		nl = strchr(p, '\n');
		assert_non_null(nl);
		if (sp && sp < nl && sp > p &&
		    (sp[-1] == '>' || sp[-1] == '#') &&
		    strncmp(p, "r2", 2) == 0) {
			char *cmd = strndup(sp + 1, (size_t)(nl - sp - 1));

			snprintf(prompt, sizeof(prompt), "r2%s %s\n",
				 vty_cli_def(vc)->privilege ? "#" : ">", cmd);
			cap_add(&got, prompt);
			cli_run_command(vty_cli_def(vc), cmd);
			free(cmd);
		}
	}
	if (strcmp(got.buf, want) != 0) {
		FILE *f = fopen("test_vty.got", "w");

		if (f) {
			fputs(got.buf, f);
			fclose(f);
		}
		fail_msg("transcript differs from tests/vty/%s "
			 "(see test_vty.got)", name);
	}
	cap_reset(&got);
	free(want);
	vty_cli_close(vc);
}

static void test_golden_basic(void **state)
{
	(void)state;
	run_golden("basic.txt");
}

/* ---- return codes and workarounds ----------------------------------- */

static int exec(struct vty_cli *vc, const char *line)
{
	return vty_cli_exec(vc, line);
}

static void test_return_codes(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);

	(void)state;
	assert_int_equal(exec(vc, "show version"), 0);
	assert_int_equal(exec(vc, "sh ver"), 0);
	assert_int_equal(exec(vc, "show foo"), 1);
	assert_int_equal(exec(vc, "foo"), 1);
	assert_int_equal(exec(vc, "show"), 1);
	assert_int_equal(exec(vc, "e"), 1);
	assert_int_equal(exec(vc, "show test fail"), 2);
	assert_int_equal(exec(vc, "show test secret"), 1);
	assert_int_equal(exec(vc, "enable"), 0);
	assert_int_equal(exec(vc, "show test secret"), 0);
	cap_reset(&got);
	vty_cli_close(vc);
}

/* libcli item 9: "cmd ?" on a leaf ran the command.  Must list help. */
static void test_help_does_not_run_leaf(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	int before = counter_calls;

	(void)state;
	cli_run_command(vty_cli_def(vc), "show test counter ?");
	assert_int_equal(counter_calls, before);
	assert_string_equal(got.buf, "  <cr>  \n");
	cap_reset(&got);
	cli_run_command(vty_cli_def(vc), "show test coun?");
	assert_int_equal(counter_calls, before);
	assert_string_equal(got.buf, "  counter  A counter\n");
	cap_reset(&got);
	cli_run_command(vty_cli_def(vc), "show test neighbors 10.0.0.1 ?");
	assert_string_equal(got.buf, "  routes  Routes\n  <cr>    \n");
	cap_reset(&got);
	cli_run_command(vty_cli_def(vc), "show test counter");
	assert_int_equal(counter_calls, before + 1);
	cap_reset(&got);
	vty_cli_close(vc);
}

/* libcli item 11: extra words are an unknown command, not ignored. */
static void test_extra_words_rejected(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	int before = counter_calls;

	(void)state;
	assert_int_equal(exec(vc, "show test counter now"), 1);
	assert_int_equal(counter_calls, before);
	assert_string_equal(got.buf,
			    "% [BGP] Unknown command: show test counter now\n");
	cap_reset(&got);
	vty_cli_close(vc);
}

/* Variables: IPv4 and IPv6 addresses pick the right command. */
static void test_variables(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);

	(void)state;
	assert_int_equal(exec(vc, "sh te n 10.0.0.1"), 0);
	assert_int_equal(exec(vc, "sh te n 2001:db8::1"), 0);
	assert_int_equal(exec(vc, "sh te n 10.0.0.1 r"), 0);
	assert_string_equal(got.buf, "neighbor 10.0.0.1\n"
				     "neighbor 2001:db8::1\n"
				     "neighbor 10.0.0.1 routes\n");
	cap_reset(&got);
	assert_int_equal(exec(vc, "sh te n 2001:db8::1 r"), 1);
	assert_int_equal(exec(vc, "sh te n"), 1);
	assert_string_equal(got.buf,
			    "% [BGP] Unknown command: sh te n 2001:db8::1 r\n"
			    "% Command incomplete.\n");
	cap_reset(&got);
	vty_cli_close(vc);
}

/* An explosive filter pattern is refused before regcomp() sees it (glibc
 * needs gigabytes for this one: found by tests/fuzz/fuzz_vty). */
static void test_filter_regex_too_complex(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);

	(void)state;
	assert_int_not_equal(
	    exec(vc, "show test chunks | include C++++++++++++++++++++++++"), 0);
	assert_non_null(strstr(got.buf, "% Invalid regular expression"));
	cap_reset(&got);
	/* fuzz_vty's second finding: 13 mixed operators stacked on one atom
	 * cost 2^13 by the estimate but 12 s and 857 MB in regcomp(). */
	assert_int_not_equal(
	    exec(vc, "show test chunks | exclude \xff+++++*++++++++log"), 0);
	assert_non_null(strstr(got.buf, "% Invalid regular expression"));
	cap_reset(&got);
	assert_int_not_equal(exec(vc, "show test chunks | include x{2}*"), 0);
	cap_reset(&got);
	/* Ordinary patterns still work. */
	assert_int_equal(exec(vc, "show test chunks | include ^line 01.*5$"), 0);
	assert_null(strstr(got.buf, "Invalid"));
	assert_non_null(strstr(got.buf, "line 0105\n"));
	cap_reset(&got);
	vty_cli_close(vc);
}

/* Chunked output: every line once, in order, through a filter too. */
static void test_chunks(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	char want[32];
	int i;

	(void)state;
	chunk_calls = chunk_frees = 0;
	assert_int_equal(exec(vc, "show test chunks"), 0);
	assert_int_equal(chunk_calls, (1000 + VTY_CHUNK_LINES - 1) /
					      VTY_CHUNK_LINES);
	assert_int_equal(chunk_frees, 1);
	assert_int_equal(got.len, 1000 * strlen("line 0000\n"));
	for (i = 0; i < 1000; i += 111) {
		snprintf(want, sizeof(want), "line %04d\n", i);
		assert_memory_equal(got.buf + i * 10, want, 10);
	}
	cap_reset(&got);
	assert_int_equal(exec(vc, "show test chunks | include 99[0-9]$"), 0);
	assert_int_equal(got.len, 10 * strlen("line 0000\n"));
	assert_memory_equal(got.buf, "line 0990\n", 10);
	cap_reset(&got);
	assert_int_equal(exec(vc, "show test chunks | begin 0998"), 0);
	assert_string_equal(got.buf, "line 0998\nline 0999\n");
	cap_reset(&got);
	vty_cli_close(vc);
}

/* show logging: Quagga's block from the config, then the ring. */
static void test_show_logging(void **state)
{
	struct cap got = { 0 };
	struct vty_cli *vc = vty_cli_open(VTY_VIEW, cap_line, &got);
	const char *head = "Syslog logging: disabled\n"
			   "Stdout logging: disabled\n"
			   "Monitor logging: disabled\n"
			   "File logging: disabled\n"
			   "Protocol name: BGP\n"
			   "Record priority: disabled\n"
			   "Timestamp precision: 0\n"
			   "\nRecent log messages:\n";
	size_t n;

	(void)state;
	log_info("vty test line %d", 42);
	assert_int_equal(exec(vc, "sh logg"), 0);
	assert_memory_equal(got.buf, head, strlen(head));
	n = strlen(got.buf);
	assert_true(n > strlen(head));
	assert_string_equal(got.buf + n - strlen(" BGP: vty test line 42\n"),
			    " BGP: vty test line 42\n");
	cap_reset(&got);
	vty_cli_close(vc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_basic),
		cmocka_unit_test(test_return_codes),
		cmocka_unit_test(test_help_does_not_run_leaf),
		cmocka_unit_test(test_extra_words_rejected),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_filter_regex_too_complex),
		cmocka_unit_test(test_show_logging),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
