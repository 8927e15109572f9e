/*
 * vty.h: the Quagga-compatible CLI (telnet on port 2605 and a local UNIX
 * socket for okapi-cli), and the API other modules use to add commands.
 *
 * Threads (../shared/reference/libraries.md section 1.6, option A): every
 * connection has its own thread running libcli's cli_loop with its own
 * struct cli_def.  Those threads own no routing state.  A command that
 * reads or changes routing state is a vty_cmd_fn; it always runs on the
 * event-loop thread: the vty thread queues a request, wakes the loop with
 * an ev_async and waits on a condition variable for the text.  Output is
 * produced in chunks (VTY_MORE), so a large table never holds the loop for
 * long and a client that stops reading only blocks its own thread.
 *
 * Tests and the loop itself may run commands inline: a struct vty_cli
 * built on the loop thread (or before vty_start) calls the handlers
 * directly, with the very same matcher, error texts and filters.
 */
#ifndef OKAPI_VTY_H
#define OKAPI_VTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "af.h"

struct ev_loop;
struct config;
struct cli_def;

#define VTY_PORT 2605
/* Default path of the local command socket (okapi-cli -s overrides it). */
#define VTY_DEFAULT_SOCKET LOCALSTATEDIR "/run/okapi/bgpd.vty"
/* A chunked handler should stop after about this many lines. */
#define VTY_CHUNK_LINES 256
#define VTY_DEF_MAX_SESSIONS 8

struct vty_opts {
	const char *addr;	/* NULL: all addresses, IPv4 and IPv6 */
	uint16_t port;		/* 0: an ephemeral port (tests) */
	bool no_tcp;		/* bgpd -P 0: the local socket only */
	const char *unix_path;	/* NULL: no local socket */
	int max_sessions;	/* <= 0: VTY_DEF_MAX_SESSIONS; the config's
				 * vty_max_sessions wins once set */
	/* Give the local socket to the user bgpd will run as (-u/-g), so
	 * that okapi-cli works as that user too (mode 0660). */
	bool set_sock_owner;
	uid_t sock_uid;
	gid_t sock_gid;
};

/*
 * Start listening.  Call on the thread that runs the loop, before
 * ev_run.  Ignores SIGPIPE for the process (libcli writes without
 * MSG_NOSIGNAL).  0, or -1 with a log line if no listener could be set up.
 */
int vty_start(struct ev_loop *loop, const struct vty_opts *opts);
/*
 * Where bgpd puts its local socket: next to the pid file, with ".vty"
 * in place of ".pid" (several bgpd run side by side in labs, each with
 * its own pid file); VTY_DEFAULT_SOCKET without a pid file.
 */
const char *vty_socket_path(const char *pid_file, char *buf, size_t len);
/* The port the first TCP listener is bound to (for opts.port == 0). */
uint16_t vty_bound_port(void);
/*
 * Publish what the vty threads need from the config (hostname, password,
 * enable password, exec-timeout, session limit).  Loop thread, at start
 * and after each reload; c may be freed after the call.  Also remembered
 * (the pointer) for `show running-config`, so call it again before
 * freeing the config it was given, or with NULL.
 */
void vty_set_config(const struct config *c);
/*
 * Close the listeners, end every session (shutdown of its socket, queued
 * requests answered) and join the threads; returns within about 1.5 s
 * even if a thread is stuck.  Loop thread, before the loop is destroyed.
 */
void vty_stop(void);
/* Number of sessions currently open (telnet and local). */
int vty_sessions(void);

/* ---- commands ---------------------------------------------------- */

/* Output of one handler call: text, '\n'-terminated lines. */
struct vty_out;

void vty_out_printf(struct vty_out *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vty_out_puts(struct vty_out *out, const char *s);
/* Lines produced by this call so far; a chunked handler stops at
 * VTY_CHUNK_LINES and returns VTY_MORE. */
unsigned vty_out_lines(const struct vty_out *out);
/* Resume state of a chunked handler: NULL on the first call.  The state
 * must be a self-contained copy (e.g. the last prefix shown): free_fn may
 * run on any thread, when the client goes away before VTY_DONE. */
void *vty_out_state(struct vty_out *out);
void vty_out_set_state(struct vty_out *out, void *state,
		       void (*free_fn)(void *));

enum {
	VTY_DONE = 0,	/* finished */
	VTY_MORE = 1,	/* call me again (state kept) */
	VTY_FAIL = -1,	/* finished, and the command failed (text says why) */
};

/*
 * A command handler; runs on the loop thread.  argv holds the words as the
 * user typed them, one per token of the command string (keywords possibly
 * abbreviated: compare variables only).
 */
typedef int vty_cmd_fn(struct vty_out *out, int argc, char **argv);

enum vty_priv { VTY_VIEW = 0, VTY_ENABLE = 15 };

/*
 * One command in Quagga's syntax: keywords, A.B.C.D, A.B.C.D/M, X:X::X:X,
 * X:X::X:X/M, <LO-HI>, WORD (any upper-case word is a free variable).
 * Optional parts are registered as separate commands.  help holds one
 * line per token, separated by '\n', as in Quagga's DEFUN.
 */
struct vty_cmd {
	const char *str;
	const char *help;
	enum vty_priv priv;
	vty_cmd_fn *fn;
	int flags;		/* VTY_CMD_* (internal) */
};

/* Add commands (static storage) before vty_start / vty_cli_open.
 * 0, or -1 if the table is full, a token does not parse, or the server
 * is running (its threads read the table without a lock). */
int vty_install(const struct vty_cmd *cmd);
/* The built-in commands (show version, show logging, ...). */
void vty_install_builtins(void);

/* ---- BGP show commands (show_bgp.c) ------------------------------ */

struct bgp;
struct peer;

/* The instance `show bgp ...` reads (loop thread); NULL before freeing
 * it.  Without one, the summary and neighbors commands print nothing,
 * as Quagga without "router bgp". */
void vty_bgp_attach(struct bgp *b);
/* Installed by vty_install_builtins. */
void vty_install_bgp(void);

/* What only the RIB knows; a NULL member counts as 0. */
struct vty_rib_hooks {
	/* Nodes of the family's table, glue nodes included (Quagga's
	 * "RIB entries"). */
	unsigned long (*entries)(enum bgp_af af);
	/* Prefixes accepted from the peer in the family. */
	uint32_t (*pfx_rcvd)(const struct peer *p, enum bgp_af af);
};

void vty_bgp_set_rib_hooks(const struct vty_rib_hooks *h);

/*
 * The kernel module the daemon runs (fib/fibsys.h), for the 'r'
 * (RIB-failure) status code: a best path whose prefix the kernel refused
 * (kernel_route_failed).  Loop thread; NULL before freeing it.
 */
struct fibsys;
struct prefix;
void vty_bgp_set_fib(struct fibsys *fs);
/* The same through any function (tests). */
void vty_bgp_set_route_failed(bool (*fn)(void *arg, const struct prefix *p),
			      void *arg);

/* ---- inline use: unit tests, golden files ------------------------- */

struct vty_cli;

/*
 * A libcli cli_def with okapi's command tree whose output lines (without
 * newline) go to print(line, arg).  Handlers run inline on the calling
 * thread, which must be the loop thread (or no loop is running).
 */
struct vty_cli *vty_cli_open(enum vty_priv priv,
			     void (*print)(const char *line, void *arg),
			     void *arg);
/* The cli_def, for cli_run_command(). */
struct cli_def *vty_cli_def(struct vty_cli *vc);
/* Run one line; 0 on success, 1 parse error, 2 command failed. */
int vty_cli_exec(struct vty_cli *vc, const char *line);
void vty_cli_close(struct vty_cli *vc);

#endif
