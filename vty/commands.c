/*
 * commands.c: the commands the vty itself provides.
 *
 * Session commands (enable, disable, exit, quit, end, terminal length)
 * change only the session and run on its own thread (VTY_CMD_LOCAL).
 * The show commands run on the loop thread like every routing command.
 */
#include <libcli.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../daemon/config.h"
#include "log.h"
#include "vty_int.h"


#define SHOW_STR "Show running system information"
#define JSON_STR "JavaScript Object Notation"

/* ---- session commands (vty thread) -------------------------------- */

/*
 * enable (quagga-vty.md 1.3): without an enable password, straight to
 * the ENABLE node; with one, "Password: " three times, then
 * "% Bad enable passwords, too many failures!" and back to VIEW.  The
 * prompt is read here, not by libcli, whose enable state has no limit
 * and prints "Access denied".
 */
static int local_enable(struct vty_sess *s, int argc, char **argv)
{
	static const char prompt[] = "Password: ";
	static const char bad[] =
		"\r\n% Bad enable passwords, too many failures!";
	char pw[256];
	int tries;

	(void)argc;
	(void)argv;
	if (s->kind != VTY_KIND_TELNET || !s->enable_pw || !s->enable_pw[0]) {
		cli_set_privilege(s->cli, PRIVILEGE_PRIVILEGED);
		return CLI_OK;
	}
	for (tries = 0; tries < 3; tries++) {
		if (tries > 0)
			vty_sess_write(s, "\r\n", 2);
		vty_sess_write(s, prompt, sizeof(prompt) - 1);
		if (vty_sess_getpass(s, pw, sizeof(pw), s->exec_timeout) < 0)
			return CLI_QUIT;
		if (strcmp(pw, s->enable_pw) == 0) {
			memset(pw, 0, sizeof(pw));
			cli_set_privilege(s->cli, PRIVILEGE_PRIVILEGED);
			return CLI_OK;
		}
	}
	memset(pw, 0, sizeof(pw));
	vty_sess_write(s, bad, sizeof(bad) - 1);
	s->last_rc = 2;
	return CLI_OK;
}

static int local_disable(struct vty_sess *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_set_privilege(s->cli, PRIVILEGE_UNPRIVILEGED);
	return CLI_OK;
}

/* exit / quit in VIEW and ENABLE close the connection. */
static int local_quit(struct vty_sess *s, int argc, char **argv)
{
	(void)s;
	(void)argc;
	(void)argv;
	return CLI_QUIT;
}

/* end leaves a configuration node; we have none yet, so it does nothing. */
static int local_end(struct vty_sess *s, int argc, char **argv)
{
	(void)s;
	(void)argc;
	(void)argv;
	return CLI_OK;
}

static int local_term_len(struct vty_sess *s, int argc, char **argv)
{
	s->term_len = argc == 3 ? atoi(argv[2]) : 0;
	return CLI_OK;
}

/* Back to the default: the window height, if the client sent one. */
static int local_term_nolen(struct vty_sess *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	s->term_len = -1;
	return CLI_OK;
}

/* ---- show commands (loop thread) ------------------------------------ */

/* The optional trailing `json` keyword (possibly abbreviated). */
static bool want_json(int argc, char **argv)
{
	return argc > 2 && (argv[argc - 1][0] == 'j' ||
			    argv[argc - 1][0] == 'J');
}

static int show_version(struct vty_out *out, int argc, char **argv)
{
	struct vty_conf_snap c;

	vty_conf_get(&c);
	if (want_json(argc, argv)) {
		vty_out_puts(out, "{\"package\":");
		vty_json_str(out, PACKAGE_NAME);
		vty_out_puts(out, ",\"version\":");
		vty_json_str(out, PACKAGE_VERSION);
		vty_out_puts(out, ",\"hostname\":");
		vty_json_str(out, c.hostname);
		vty_out_puts(out, ",\"copyright\":\"Copyright 2026 the okapi "
				  "authors.\"}\n");
		vty_conf_snap_free(&c);
		return VTY_DONE;
	}
	vty_out_printf(out, "%s %s (%s).\n", PACKAGE_NAME, PACKAGE_VERSION,
		       c.hostname);
	vty_out_puts(out, "Copyright 2026 the okapi authors.\n");
	vty_conf_snap_free(&c);
	return VTY_DONE;
}

static void sink_line(struct vty_out *out, const char *what, int level)
{
	if (level < 0)
		vty_out_printf(out, "%s logging: disabled\n", what);
	else
		vty_out_printf(out, "%s logging: level %s\n", what,
			       log_level_name((enum log_level)level));
}

static void ring_line(const char *line, void *arg)
{
	vty_out_printf(arg, "%s\n", line);
}

struct ring_json {
	struct vty_out *out;
	bool first;
};

static void ring_json_line(const char *line, void *arg)
{
	struct ring_json *rj = arg;

	vty_out_puts(rj->out, rj->first ? "\n" : ",\n");
	vty_json_str(rj->out, line);
	rj->first = false;
}

static void sink_json(struct vty_out *out, const char *key, int level)
{
	vty_out_printf(out, "\"%s\":", key);
	vty_json_str(out, level < 0 ? "disabled"
				    : log_level_name((enum log_level)level));
	vty_out_puts(out, ",");
}

static int show_logging_json(struct vty_out *out)
{
	const struct config *c = vty_conf_current();
	struct ring_json rj = { out, true };

	vty_out_puts(out, "{");
	sink_json(out, "syslog", c ? c->log_syslog_level : -1);
	sink_json(out, "stdout", c ? c->log_stdout_level : -1);
	sink_json(out, "monitor", -1);
	sink_json(out, "file", c && c->log_file ? c->log_file_level : -1);
	vty_out_puts(out, "\"filename\":");
	if (c && c->log_file)
		vty_json_str(out, c->log_file);
	else
		vty_out_puts(out, "null");
	vty_out_printf(out, ",\"protocolName\":\"BGP\",\"recordPriority\":"
			    "%s,\"timestampPrecision\":%d,"
			    "\"recentMessages\":[",
		       c && c->log_record_priority ? "true" : "false",
		       c && c->log_timestamp_precision ? 6 : 0);
	log_ring_walk(ring_json_line, &rj);
	vty_out_puts(out, "]}\n");
	return VTY_DONE;
}

/* Quagga's block (lib/log.c show logging) from the configuration, then
 * the last lines kept in memory. */
static int show_logging(struct vty_out *out, int argc, char **argv)
{
	const struct config *c = vty_conf_current();

	if (want_json(argc, argv))
		return show_logging_json(out);
	sink_line(out, "Syslog", c ? c->log_syslog_level : -1);
	sink_line(out, "Stdout", c ? c->log_stdout_level : -1);
	vty_out_puts(out, "Monitor logging: disabled\n");
	if (c && c->log_file)
		vty_out_printf(out, "File logging: level %s, filename %s\n",
			       log_level_name((enum log_level)
						      c->log_file_level),
			       c->log_file);
	else
		vty_out_puts(out, "File logging: disabled\n");
	vty_out_puts(out, "Protocol name: BGP\n");
	vty_out_printf(out, "Record priority: %s\n",
		       c && c->log_record_priority ? "enabled" : "disabled");
	vty_out_printf(out, "Timestamp precision: %d\n",
		       c && c->log_timestamp_precision ? 6 : 0);
	vty_out_puts(out, "\nRecent log messages:\n");
	log_ring_walk(ring_line, out);
	return VTY_DONE;
}

/* Quagga's header, then the canonical form of the parsed config. */
static int show_running(struct vty_out *out, int argc, char **argv)
{
	const struct config *c = vty_conf_current();
	bool json = want_json(argc, argv);
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!c) {
		vty_out_puts(out, json ? "{\"configuration\":\"end\\n\"}\n"
				       : "\nCurrent configuration:\n!\nend\n");
		return VTY_DONE;
	}
	f = open_memstream(&text, &len);
	if (!f) {
		vty_json_error(out, json, "% Out of memory.");
		return VTY_FAIL;
	}
	config_print(c, f);
	fclose(f);
	if (json) {
		/* The text as one string: scripts get what the text form
		 * prints after its header. */
		vty_out_puts(out, "{\"configuration\":");
		vty_json_str(out, text ? text : "");
		vty_out_puts(out, "}\n");
	} else {
		vty_out_puts(out, "\nCurrent configuration:\n!\n");
		vty_out_puts(out, text ? text : "");
	}
	free(text);
	return VTY_DONE;
}

/* ---- the table ------------------------------------------------------ */

static const struct vty_cmd builtin[] = {
	{ "enable", "Turn on privileged mode command", VTY_VIEW, NULL,
	  VTY_CMD_LOCAL },
	{ "disable", "Turn off privileged mode command", VTY_ENABLE, NULL,
	  VTY_CMD_LOCAL },
	{ "exit", "Exit current mode and down to previous mode", VTY_VIEW,
	  NULL, VTY_CMD_LOCAL },
	{ "quit", "Exit current mode and down to previous mode", VTY_VIEW,
	  NULL, VTY_CMD_LOCAL },
	{ "end", "End current mode and change to enable mode.", VTY_VIEW,
	  NULL, VTY_CMD_LOCAL | VTY_CMD_EXACT },
	{ "terminal length <0-512>",
	  "Set terminal line parameters\nSet number of lines on a screen\n"
	  "Number of lines on screen (0 for no pausing)",
	  VTY_VIEW, NULL, VTY_CMD_LOCAL },
	{ "terminal no length",
	  "Set terminal line parameters\nNegate a command or set its "
	  "defaults\nSet number of lines on a screen",
	  VTY_VIEW, NULL, VTY_CMD_LOCAL },
	{ "show version", SHOW_STR "\nDisplays zebra version", VTY_VIEW,
	  show_version, 0 },
	{ "show logging", SHOW_STR "\nShow current logging configuration",
	  VTY_VIEW, show_logging, 0 },
	{ "show running-config", SHOW_STR "\nrunning configuration",
	  VTY_ENABLE, show_running, 0 },
	{ "write terminal", "Write running configuration to memory, network, "
	  "or terminal\nWrite to terminal", VTY_ENABLE, show_running, 0 },
	{ "show version json", SHOW_STR "\nDisplays zebra version\n" JSON_STR,
	  VTY_VIEW, show_version, 0 },
	{ "show logging json", SHOW_STR "\nShow current logging "
	  "configuration\n" JSON_STR, VTY_VIEW, show_logging, 0 },
	{ "show running-config json", SHOW_STR "\nrunning configuration\n"
	  JSON_STR, VTY_ENABLE, show_running, 0 },
};

static vty_local_fn *const local_fns[] = {
	local_enable, local_disable, local_quit, local_quit,
	local_end, local_term_len, local_term_nolen,
};

vty_local_fn *vty_local_lookup(const struct vty_cmd *cmd)
{
	size_t i;

	for (i = 0; i < sizeof(local_fns) / sizeof(local_fns[0]); i++)
		if (cmd == &builtin[i])
			return local_fns[i];
	return NULL;
}

void vty_install_builtins(void)
{
	size_t i;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (vty_install(&builtin[i]) < 0)
			fatal("vty: cannot install \"%s\"", builtin[i].str);
	vty_install_bgp();
}
