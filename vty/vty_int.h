/*
 * vty_int.h: what the files of the vty module share and nobody else sees:
 * the output buffer, the parsed command table and its matcher, the
 * per-connection session, the loop marshalling and the published config.
 */
#ifndef OKAPI_VTY_INT_H
#define OKAPI_VTY_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vty.h"

/* Internal command flags (struct vty_cmd.flags). */
#define VTY_CMD_LOCAL 0x1	/* runs on the vty thread: vty_local_fn */
#define VTY_CMD_HIDDEN 0x2	/* not listed by `?` */
#define VTY_CMD_EXACT 0x4	/* no abbreviation, hidden (Quagga's `end`
				 * exists in config nodes only: "en" must
				 * stay `enable`) */

struct vty_out {
	char *buf;
	size_t len, cap;
	unsigned lines;
	bool nomem;
	void *state;
	void (*state_free)(void *);
};

void vty_out_init(struct vty_out *out);
/* Drop the text, keep the state (between chunks). */
void vty_out_reset(struct vty_out *out);
/* Free the text and, if still set, the state. */
void vty_out_free(struct vty_out *out);

/* ---- command table and matcher (cmd.c) ---------------------------- */

#define VTY_MAX_TOKENS 16
#define VTY_MAX_WORDS 64

enum vty_tok_type {
	VTY_TOK_KEYWORD,
	VTY_TOK_IPV4,		/* A.B.C.D */
	VTY_TOK_IPV4_PREFIX,	/* A.B.C.D/M */
	VTY_TOK_IPV6,		/* X:X::X:X */
	VTY_TOK_IPV6_PREFIX,	/* X:X::X:X/M */
	VTY_TOK_RANGE,		/* <lo-hi> */
	VTY_TOK_VAR,		/* WORD, LINE, ... */
};

struct vty_tok {
	char text[48];
	char help[80];
	enum vty_tok_type type;
	unsigned long lo, hi;
};

struct vty_entry {
	const struct vty_cmd *cmd;
	int ntok;
	struct vty_tok tok[VTY_MAX_TOKENS];
};

enum vty_match_rc {
	VTY_MATCH_OK = 0,
	VTY_MATCH_UNKNOWN,
	VTY_MATCH_INCOMPLETE,
	VTY_MATCH_AMBIGUOUS,
};

/* While frozen (vty_start .. vty_stop) vty_install refuses new commands. */
void vty_cmd_freeze(bool on);
size_t vty_cmd_count(void);
const struct vty_entry *vty_cmd_at(size_t i);
/* Quagga's matcher (quagga-vty.md section 1.8) over the words typed. */
enum vty_match_rc vty_cmd_match(char **words, int n, int priv,
				const struct vty_entry **found);
/*
 * `?` help after words[0..n-1]: if partial, the last word is being typed
 * and only its completions are listed; otherwise the possible next
 * tokens and <cr>.  One line per call of emit, Quagga's layout.
 */
void vty_cmd_help(char **words, int n, bool partial, int priv,
		  void (*emit)(const char *line, void *arg), void *arg);
/* The error text of a failed match, e.g. "% Command incomplete.". */
void vty_cmd_error(enum vty_match_rc rc, const char *line, char *buf,
		   size_t len);

/* ---- sessions and libcli glue (cli.c) ----------------------------- */

enum vty_kind { VTY_KIND_INLINE, VTY_KIND_TELNET, VTY_KIND_UNIX };

struct vty_sess {
	enum vty_kind kind;
	struct cli_def *cli;
	int fd;			/* -1 for inline */
	char peer[64];
	/* inline output */
	void (*print)(const char *line, void *arg);
	void *print_arg;
	/* the command being run */
	bool in_cmd;
	bool first_line;	/* telnet: no CRLF before the first line */
	bool discard;		/* pager: the user typed q */
	int last_rc;		/* 0 ok, 1 parse error, 2 command failed */
	/* telnet */
	int term_len;		/* terminal length: -1 default (the NAWS
				 * height), 0 no paging */
	_Atomic int naws_height; /* from the client's NAWS, 0: none */
	unsigned char sb[8];	/* relay: subnegotiation being read */
	unsigned char sb_len;
	unsigned page_lines;
	unsigned conf_gen;
	char *enable_pw;	/* snapshot; NULL: none */
	int exec_timeout;
	bool after_cr;		/* the last key read was CR */
	int cli_fd;		/* the dup given to cli_loop (it closes it) */
	/* telnet after login: the vty thread talks to io, one end of a
	 * socketpair; a relay thread copies between the other end
	 * (relay_fd) and the client (fd), see server.c.  Else io == fd. */
	int io;
	int relay_fd;
	pthread_t relay;
	bool wrote;		/* something was written for this command */
	struct vty_help *help;	/* relay: `?` lines being collected */
	unsigned char out_state; /* relay: output marker state */
	unsigned char tn_state;	/* relay: telnet input parser state */
	bool tn_cr;		/* relay: the last data byte was CR */
	/* server bookkeeping */
	pthread_t thread;
	bool finished;
	struct vty_sess *next;
};

typedef int vty_local_fn(struct vty_sess *s, int argc, char **argv);

/* Build the cli_def of a session (tree, filters, callbacks). */
int vty_cli_setup(struct vty_sess *s, int priv);
/*
 * Sent by the vty thread after a telnet command that printed nothing:
 * the relay drops it and the CR LF libcli writes before its prompt, so
 * "enable" gives "enable\r\nr2# " as in Quagga, not an empty line.
 * IAC NOP: libcli's output never contains IAC otherwise.
 */
#define VTY_NO_OUTPUT_MARK "\xff\xf1"

/* Sent by the vty thread before each line of a libcli `?` listing: the
 * relay collects them and prints them in Quagga's layout (relay.c). */
#define VTY_HELP_MARK "\xff\xf2"

#define TELNET_IAC 255
#define TELNET_SB 250
#define TELNET_SE 240

/* relay.c: the thread between a telnet client and libcli. */
void *vty_relay_thread(void *arg);
/* A telnet subnegotiation was read into s->sb (NAWS sets the height). */
void vty_tn_subneg(struct vty_sess *s);

/* Write raw bytes to a telnet/unix session; -1 if the peer is gone. */
int vty_sess_write(struct vty_sess *s, const void *buf, size_t len);
/* Read one key from a telnet session (telnet commands skipped), waiting
 * at most timeout_s (<= 0: forever).  The byte, or -1 (EOF, timeout). */
int vty_sess_getc(struct vty_sess *s, int timeout_s);
/* Read a password line (not echoed); 0, or -1 on EOF/timeout. */
int vty_sess_getpass(struct vty_sess *s, char *buf, size_t len,
		     int timeout_s);
/* Refresh hostname etc. from the published config if it changed. */
void vty_sess_refresh(struct vty_sess *s);

/* ---- marshalling to the loop (call.c) ----------------------------- */

/* Run cmd->fn for out: inline on the loop thread, else queued to the
 * loop; returns the handler's VTY_DONE/VTY_MORE/VTY_FAIL, or VTY_FAIL
 * with a message in out when the daemon is stopping. */
int vty_call(const struct vty_cmd *cmd, struct vty_out *out, int argc,
	     char **argv);
int vty_call_start(struct ev_loop *loop);
/* Answer every queued request (stopping) and refuse new ones. */
void vty_call_stop(void);
bool vty_call_stopping(void);

/* ---- the published config (server.c) ------------------------------ */

struct vty_conf_snap {
	char hostname[80];
	char *password;		/* NULL: none */
	char *enable_password;
	int exec_timeout;
	int max_sessions;
	unsigned gen;
};

/* A copy for the calling thread; free with vty_conf_snap_free. */
void vty_conf_get(struct vty_conf_snap *snap);
void vty_conf_snap_free(struct vty_conf_snap *snap);
unsigned vty_conf_gen(void);
/* The config given to vty_set_config (loop thread only). */
const struct config *vty_conf_current(void);

/* The instance given to vty_bgp_attach (loop thread). */
struct bgp *vty_bgp_current(void);
/* Shared by show_bgp.c and json_bgp.c (loop thread). */
struct peer_info;
struct bgp_conf;
struct vty_peers {
	size_t n;
	struct peer_info *v;	/* sorted by address, IPv4 first */
};
int vty_peers_get(struct vty_peers *ps);
uint32_t vty_pfx_rcvd(const struct peer_info *pi, enum bgp_af af);
unsigned long vty_rib_entries(enum bgp_af af);
uint32_t vty_msgs_total(const uint32_t *counts);
/* Quagga's mtype_memstr: "N bytes", "N KiB", "N MiB", "> 2GB". */
const char *vty_memstr(unsigned long bytes, char *buf, size_t len);
const struct bgp_conf *vty_bgp_conf(void);
/* The next hops a `show bgp neighbors` block shows (Quagga's "Nexthop:"
 * lines), valid only while a connection exists. */
struct vty_nbr_nh {
	bool valid;
	bool shared;		/* "BGP connection: shared network" */
	uint32_t v4;		/* host order */
	uint8_t global[16], local[16];
};
void vty_nbr_nexthops(const struct peer_info *pi, struct vty_nbr_nh *nh);
/* One neighbor's block of `show bgp neighbors` (show_bgp.c). */
void vty_nbr_block(struct vty_out *out, const struct peer_info *pi,
		   const struct vty_nbr_nh *nh);
/* `... json` forms (json_bgp.c); afs is a bit per enum bgp_af. */
int vty_json_summary(struct vty_out *out, unsigned afs);
int vty_json_neighbors(struct vty_out *out, const char *addr);

/* A JSON string, quoted and escaped (json_bgp.c). */
void vty_json_str(struct vty_out *out, const char *s);
/* The message of a failed command: the text, or with json the
 * document {"warning":"TEXT"} (FRR's form). */
void vty_json_error(struct vty_out *out, bool json, const char *msg);

/* Route listings as JSON (json_route.c), FRR 8.4's field names. */
struct rib;
struct rib_path;
struct attr;
struct prefix;
void vty_json_table_begin(struct vty_out *out, enum bgp_af af);
/* One path; first: the first path of its prefix (opens the array),
 * first_pfx: the first prefix of the document. */
void vty_json_route_path(struct vty_out *out, const struct rib *rib,
			 enum bgp_af af, const struct prefix *pfx,
			 const struct rib_path *p, bool first, bool first_pfx);
/* The text of a community list (community_print, ecommunity_print,
 * lcommunity_print through a void * wrapper) in small, or in a malloc'd
 * buffer when it does not fit: free the result if it is not small.
 * NULL when out of memory. */
typedef size_t (*vty_list_print_fn)(const void *c, char *buf, size_t len);
char *vty_list_text(vty_list_print_fn print, const void *c, char *small,
		    size_t len);
size_t vty_comm_print(const void *c, char *buf, size_t len);
size_t vty_ecomm_print(const void *c, char *buf, size_t len);
size_t vty_lcomm_print(const void *c, char *buf, size_t len);
/* One path of the detail view ({aspath, origin, ..., peer}). */
void vty_json_detail_path(struct vty_out *out, const struct rib *rib,
			  enum bgp_af af, const struct prefix *pfx,
			  const struct rib_path *p, bool first);
void vty_json_table_end(struct vty_out *out, unsigned long prefixes,
			unsigned long paths);
void vty_json_adj_begin(struct vty_out *out, uint32_t rid, const char *key);
void vty_json_adj_route(struct vty_out *out, const struct prefix *pfx,
			const struct attr *a, bool first);
void vty_json_adj_end(struct vty_out *out, unsigned long n);

/* clear ip bgp ... (clear_bgp.c). */
void vty_install_clear(void);

/* Built-in local commands (commands.c) by name, for cli.c. */
vty_local_fn *vty_local_lookup(const struct vty_cmd *cmd);

#endif
