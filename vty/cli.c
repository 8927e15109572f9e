/*
 * cli.c: the glue between libcli 1.10.7 and okapi's command table.
 *
 * Each session (telnet, local socket, inline) has its own cli_def whose
 * tree holds the leading keywords of every command; every node carries
 * the same callback, cli_dispatch(), so libcli never decides anything on
 * its own: the dispatcher takes the words exactly as typed from libcli's
 * pipeline and runs Quagga's matcher (cmd.c) on them.  What libcli still
 * does: line editing, history, TAB, `?` on keyword nodes, `|` pipelines.
 *
 * Workarounds for libcli 1.10.7 (libraries.md 1.4), each with a test in
 * tests/unit/test_vty.c:
 *  - item 9: `?` after a leaf command without optargs runs the command
 *    with "?" (or "word?") as last word; the dispatcher turns that into a
 *    help listing and never runs the handler.
 *  - item 10: ambiguous prefixes give `Invalid command "sh"` and the
 *    abbreviation table can be stale; errors libcli prints itself while
 *    parsing are replaced by the matcher's verdict (Quagga's texts).
 *  - item 11: extra words are rejected by the matcher.
 *  - item 12: the include/exclude filters compare the word as typed with
 *    the full filter name, so `| inc X` printed nothing; they are
 *    replaced by our own include, exclude and begin (POSIX extended
 *    regular expressions, as FRR's vtysh).  grep and egrep, which read
 *    the compiled regex as a string when abbreviated, and count, which
 *    bypasses the print callback, are removed.
 * Output of a command goes through cli_print (so filters apply) to the
 * print callback, which writes it: telnet lines are CR LF separated with
 * the last CR LF left to libcli's prompt, as Quagga's layout has no blank
 * line before the prompt; a `--More--` pager runs there too.
 */
#include <libcli.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../daemon/config.h"
#include "vty_int.h"

/* ---- output ------------------------------------------------------ */

static const char more_prompt[] = " --More-- ";

/* Lines per page: terminal length N, else the window height the client
 * sent (NAWS), less one for the More line; 0: no paging. */
static unsigned page_size(const struct vty_sess *s)
{
	int h = s->term_len < 0 ? s->naws_height : s->term_len;

	if (h <= 0)
		return 0;
	return h > 1 ? (unsigned)h - 1 : 1;
}

/* The pager (quagga-vty.md 1.5): a page, then " --More-- " (with the NUL
 * byte Quagga sends); q, Q or ^C drop the rest, any other key goes on. */
static bool telnet_page(struct vty_sess *s)
{
	static const char erase[] = "\b\b\b\b\b\b\b\b\b\b          "
				    "\b\b\b\b\b\b\b\b\b\b";
	unsigned page = page_size(s);
	int key;

	if (!s->in_cmd || page == 0 || s->page_lines < page)
		return true;
	vty_sess_write(s, "\r\n", 2);
	vty_sess_write(s, more_prompt, sizeof(more_prompt));
	/* The NUL or LF after the CR that ran the command is no key. */
	do
		key = vty_sess_getc(s, s->exec_timeout);
	while (key == 0 || key == '\n');
	vty_sess_write(s, erase, sizeof(erase) - 1);
	s->page_lines = 0;
	s->first_line = true;
	if (key < 0 || key == 'q' || key == 'Q' || key == 3) {
		s->discard = true;
		return false;
	}
	return true;
}

static void telnet_emit(struct vty_sess *s, const char *line)
{
	if (s->discard || !telnet_page(s))
		return;
	if (!s->first_line)
		vty_sess_write(s, "\r\n", 2);
	s->first_line = false;
	vty_sess_write(s, line, strlen(line));
	s->page_lines++;
}

static void emit(struct vty_sess *s, const char *line)
{
	switch (s->kind) {
	case VTY_KIND_INLINE:
		if (s->print)
			s->print(line, s->print_arg);
		break;
	case VTY_KIND_UNIX:
		vty_sess_write(s, line, strlen(line));
		vty_sess_write(s, "\n", 1);
		break;
	case VTY_KIND_TELNET:
		telnet_emit(s, line);
		break;
	}
}

/*
 * Lines libcli prints by itself.  With no pipeline: a `?` listing, which
 * follows libcli's CR LF and precedes its CR LF + prompt; showprompt is 1
 * there, and is set to 2 after the first line to know the next ones.
 */
static void libcli_listing(struct vty_sess *s, struct cli_def *cli,
			   const char *line)
{
	if (s->kind != VTY_KIND_TELNET) {
		emit(s, line);
		return;
	}
	if (s->relay_fd >= 0) {
		/* The relay prints the list in Quagga's layout. */
		vty_sess_write(s, VTY_HELP_MARK, sizeof(VTY_HELP_MARK) - 1);
		vty_sess_write(s, line, strlen(line));
		vty_sess_write(s, "\n", 1);
		return;
	}
	if (cli->showprompt == 2)
		vty_sess_write(s, "\r\n", 2);
	cli->showprompt = 2;
	vty_sess_write(s, line, strlen(line));
}

static void dispatch_words(struct vty_sess *s, char **words, int n,
			   const char *line, bool direct);

/*
 * An error libcli printed while parsing (no command callback ran).  The
 * first one of a command is replaced by the matcher's verdict; the rest
 * are dropped.  Never calls cli_print here: we are inside libcli's print
 * and its buffer is in use.
 */
static void libcli_error(struct vty_sess *s, struct cli_def *cli,
			 const char *line)
{
	struct cli_pipeline *pl = cli->pipeline;
	char msg[512];

	if (s->kind == VTY_KIND_TELNET) {
		if (cli->showprompt)
			return;
		cli->showprompt = 2;
	}
	s->first_line = true;
	s->last_rc = 1;
	if (strncmp(line, "Invalid command", 15) == 0 && pl->num_stages == 1) {
		dispatch_words(s, pl->stage[0].words, pl->stage[0].num_words,
			       pl->cmdline, true);
		return;
	}
	if (strncmp(line, "Incomplete command", 18) == 0)
		snprintf(msg, sizeof(msg), "%% Command incomplete.");
	else if (strncmp(line, "Ambiguous", 9) == 0)
		snprintf(msg, sizeof(msg), "%% Ambiguous command.");
	else if (strncmp(line, "Invalid command", 15) == 0)
		vty_cmd_error(VTY_MATCH_UNKNOWN, pl->cmdline, msg, sizeof(msg));
	else
		snprintf(msg, sizeof(msg), "%s%s", line[0] == '%' ? "" : "% ",
			 line);
	emit(s, msg);
}

static void print_cb(struct cli_def *cli, const char *line)
{
	struct vty_sess *s = cli_get_context(cli);

	if (s->in_cmd)
		emit(s, line);
	else if (cli->pipeline)
		libcli_error(s, cli, line);
	else
		libcli_listing(s, cli, line);
}

/* ---- running a command -------------------------------------------- */

struct emit_ctx {
	struct vty_sess *s;
	bool direct;	/* bypass cli_print (filters): see libcli_error */
};

static void out_line(struct emit_ctx *e, const char *line, bool error)
{
	if (e->direct)
		emit(e->s, line);
	else if (error)
		cli_error(e->s->cli, "%s", line);
	else
		cli_print(e->s->cli, "%s", line);
}

static void help_emit(const char *line, void *arg)
{
	out_line(arg, line, true);
}

static void out_text(struct emit_ctx *e, char *text)
{
	char *nl;

	while (text && *text && !e->s->discard) {
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		out_line(e, text, false);
		text = nl ? nl + 1 : NULL;
	}
}

/* A command of the table on the loop thread, chunk after chunk. */
static void run_remote(struct emit_ctx *e, const struct vty_entry *ent,
		       char **words, int n)
{
	struct vty_out out;
	int rc;

	vty_out_init(&out);
	do {
		vty_out_reset(&out);
		rc = vty_call(ent->cmd, &out, n, words);
		out_text(e, out.buf);
		if (out.nomem) {
			out_line(e, "% Out of memory.", true);
			rc = VTY_FAIL;
		}
	} while (rc == VTY_MORE && !e->s->discard && !vty_call_stopping());
	vty_out_free(&out);
	e->s->last_rc = rc == VTY_FAIL ? 2 : 0;
}

/* Returns the libcli code (CLI_QUIT ends the session). */
static int run_words(struct emit_ctx *e, char **words, int n,
		     const char *line)
{
	struct vty_sess *s = e->s;
	const struct vty_entry *ent;
	enum vty_match_rc m;
	char msg[512], last[256];
	size_t len = n > 0 ? strlen(words[n - 1]) : 0;

	/* libcli item 9: "cmd ?" or "cmd wo?" reaches us as a command. */
	if (len > 0 && words[n - 1][len - 1] == '?') {
		if (len == 1) {
			vty_cmd_help(words, n - 1, false, s->cli->privilege,
				     help_emit, e);
		} else {
			snprintf(last, sizeof(last), "%.*s", (int)len - 1,
				 words[n - 1]);
			words[n - 1] = last;
			vty_cmd_help(words, n, true, s->cli->privilege,
				     help_emit, e);
		}
		return CLI_OK;
	}
	m = vty_cmd_match(words, n, s->cli->privilege, &ent);
	if (m != VTY_MATCH_OK) {
		vty_cmd_error(m, line, msg, sizeof(msg));
		out_line(e, msg, true);
		s->last_rc = 1;
		return CLI_OK;
	}
	if (ent->cmd->flags & VTY_CMD_LOCAL) {
		vty_local_fn *fn = vty_local_lookup(ent->cmd);

		return fn ? fn(s, n, words) : CLI_OK;
	}
	run_remote(e, ent, words, n);
	return CLI_OK;
}

static int dispatch_core(struct vty_sess *s, char **typed, int n,
			 const char *line, bool direct)
{
	struct emit_ctx e = { s, direct };
	char *words[VTY_MAX_WORDS];
	int i, rc;

	if (n > VTY_MAX_WORDS) {
		s->last_rc = 1;
		out_line(&e, "% Too many words.", true);
		return CLI_OK;
	}
	for (i = 0; i < n; i++)
		words[i] = typed[i];
	s->in_cmd = true;
	s->first_line = true;
	s->discard = false;
	s->page_lines = 0;
	s->last_rc = 0;
	s->wrote = false;
	vty_sess_refresh(s);
	rc = run_words(&e, words, n, line);
	s->in_cmd = false;
	if (s->kind == VTY_KIND_TELNET && s->relay_fd >= 0 && !s->wrote &&
	    rc != CLI_QUIT)
		vty_sess_write(s, VTY_NO_OUTPUT_MARK,
			       sizeof(VTY_NO_OUTPUT_MARK) - 1);
	return rc;
}

static void dispatch_words(struct vty_sess *s, char **words, int n,
			   const char *line, bool direct)
{
	dispatch_core(s, words, n, line, direct);
}

static int cli_dispatch(struct cli_def *cli, const char *command, char **argv,
			int argc)
{
	struct vty_sess *s = cli_get_context(cli);
	struct cli_pipeline *pl = cli->pipeline;

	(void)command;
	(void)argv;
	(void)argc;
	if (!pl || pl->num_stages < 1)
		return CLI_ERROR;
	return dispatch_core(s, pl->stage[0].words, pl->stage[0].num_words,
			     pl->cmdline, false);
}

/* ---- filters (libcli item 12) -------------------------------------- */

enum filt_kind { FILT_INCLUDE, FILT_EXCLUDE, FILT_BEGIN };

struct filt_state {
	enum filt_kind kind;
	bool begun;
	regex_t re;
};

static int filt_fn(struct cli_def *cli, const char *string, void *data)
{
	struct filt_state *st = data;
	bool match;

	(void)cli;
	if (!string) {
		regfree(&st->re);
		free(st);
		return CLI_OK;
	}
	if (st->kind == FILT_BEGIN && st->begun)
		return CLI_OK;
	match = regexec(&st->re, string, 0, NULL, 0) == 0;
	if (st->kind == FILT_BEGIN)
		st->begun = match;
	if (st->kind == FILT_EXCLUDE)
		match = !match;
	return match ? CLI_OK : CLI_ERROR;
}

static int filt_init(struct cli_def *cli, int argc, char **argv,
		     struct cli_filter *filt)
{
	const char *name = cli->pipeline->current_stage->command->command;
	const char *pat = cli_get_optarg_value(cli, "search_pattern", NULL);
	struct filt_state *st;

	(void)argc;
	(void)argv;
	if (!pat)
		return CLI_ERROR;
	st = calloc(1, sizeof(*st));
	if (!st)
		return CLI_ERROR;
	st->kind = name[0] == 'i' ? FILT_INCLUDE
		   : name[0] == 'e' ? FILT_EXCLUDE : FILT_BEGIN;
	/* A view-level user must not be able to make regcomp() eat the
	 * daemon's memory (found by tests/fuzz/fuzz_vty). */
	if (config_regex_check(pat, false) ||
	    regcomp(&st->re, pat, REG_EXTENDED | REG_NOSUB) != 0) {
		free(st);
		cli_error(cli, "%% Invalid regular expression: %s", pat);
		return CLI_ERROR;
	}
	filt->filter = filt_fn;
	filt->data = st;
	return CLI_OK;
}

static int filters_setup(struct cli_def *cli)
{
	static const char *const names[][2] = {
		{ "include", "Include lines that match" },
		{ "exclude", "Exclude lines that match" },
		{ "begin", "Begin with the first line that matches" },
	};
	struct cli_command *c;
	size_t i;

	/* libcli's grep/egrep have the same abbreviation bug and then read
	 * the compiled regex as a string (out of bounds); `count` writes
	 * around the print callback.  Not offered. */
	cli_unregister_filter(cli, "grep");
	cli_unregister_filter(cli, "egrep");
	cli_unregister_filter(cli, "count");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cli_unregister_filter(cli, names[i][0]);
		c = cli_register_filter(cli, names[i][0], filt_init, filt_fn,
					PRIVILEGE_UNPRIVILEGED, MODE_ANY,
					names[i][1]);
		if (!c || !cli_register_optarg(c, "search_pattern",
					       CLI_CMD_ARGUMENT |
						       CLI_CMD_REMAINDER_OF_LINE,
					       PRIVILEGE_UNPRIVILEGED, MODE_ANY,
					       "Regular expression", NULL, NULL,
					       NULL))
			return -1;
	}
	return 0;
}

/* ---- the tree ------------------------------------------------------- */

static struct cli_command *node_find(struct cli_def *cli,
				     struct cli_command *parent,
				     const char *word)
{
	struct cli_command *c = parent ? parent->children : cli->commands;

	for (; c; c = c->next)
		if (c->command_type == CLI_REGULAR_COMMAND &&
		    strcmp(c->command, word) == 0)
			return c;
	return NULL;
}

static int tree_add(struct cli_def *cli, const struct vty_entry *e)
{
	struct cli_command *parent = NULL, *c;
	int i, priv = (int)e->cmd->priv;

	/* Reached through the error path (libcli_error) only. */
	if (e->cmd->flags & VTY_CMD_EXACT)
		return 0;
	for (i = 0; i < e->ntok && e->tok[i].type == VTY_TOK_KEYWORD; i++) {
		/* A trailing `json` stays out of libcli's tree: as a child
		 * it would make libcli answer "show version ?" itself,
		 * without <cr>; our matcher lists both. */
		if (i > 0 && i == e->ntok - 1 &&
		    strcmp(e->tok[i].text, "json") == 0)
			break;
		c = node_find(cli, parent, e->tok[i].text);
		if (!c) {
			c = cli_register_command(cli, parent, e->tok[i].text,
						 cli_dispatch, priv, MODE_EXEC,
						 e->tok[i].help);
			if (!c)
				return -1;
		} else if (c->privilege > priv) {
			c->privilege = priv;
		}
		parent = c;
	}
	return 0;
}

int vty_cli_setup(struct vty_sess *s, int priv)
{
	struct cli_def *cli = cli_init();
	size_t i;

	if (!cli)
		return -1;
	s->cli = cli;
	/* Drop libcli's built-ins (help, logout, history, configure, ...):
	 * ours come from the table like every other command. */
	cli_unregister_all_commands(cli);
	if (filters_setup(cli) < 0)
		return -1;
	for (i = 0; i < vty_cmd_count(); i++)
		if (tree_add(cli, vty_cmd_at(i)) < 0)
			return -1;
	cli_set_context(cli, s);
	cli_print_callback(cli, print_cb);
	cli_telnet_protocol(cli, 0);
	s->conf_gen = (unsigned)-1;
	vty_sess_refresh(s);
	/* Build libcli's abbreviation table now (item 10). */
	cli_set_privilege(cli, PRIVILEGE_PRIVILEGED);
	cli_set_privilege(cli, PRIVILEGE_UNPRIVILEGED);
	cli_set_privilege(cli, priv);
	return 0;
}

/* ---- inline use ------------------------------------------------------ */

struct vty_cli {
	struct vty_sess s;
};

struct vty_cli *vty_cli_open(enum vty_priv priv,
			     void (*print)(const char *line, void *arg),
			     void *arg)
{
	struct vty_cli *vc = calloc(1, sizeof(*vc));

	if (!vc)
		return NULL;
	vc->s.kind = VTY_KIND_INLINE;
	vc->s.fd = -1;
	vc->s.print = print;
	vc->s.print_arg = arg;
	if (vty_cli_setup(&vc->s, (int)priv) < 0) {
		vty_cli_close(vc);
		return NULL;
	}
	return vc;
}

struct cli_def *vty_cli_def(struct vty_cli *vc)
{
	return vc->s.cli;
}

int vty_cli_exec(struct vty_cli *vc, const char *line)
{
	vc->s.last_rc = 0;
	cli_run_command(vc->s.cli, line);
	return vc->s.last_rc;
}

void vty_cli_close(struct vty_cli *vc)
{
	if (!vc)
		return;
	if (vc->s.cli)
		cli_done(vc->s.cli);
	free(vc->s.enable_pw);
	free(vc);
}
