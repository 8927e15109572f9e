/*
 * relay.c: the thread between a telnet client and libcli's cli_loop.
 *
 * libcli's line editor takes only CR as Enter and does not parse telnet
 * subnegotiation; Quagga takes CR and LF (quagga-vty.md 1.2) and reads
 * the window size (NAWS).  libcli's `?` listing has its own layout.  So
 * after the login the client talks to this relay, and libcli to the
 * other end of a socketpair:
 *  - input: a bare LF becomes CR; IAC SB ... IAC SE is dropped (a NAWS
 *    answer sets the session's window height first); the rest passes;
 *  - output: passes unchanged, except two in-band marks from the vty
 *    thread (IAC NOP/IAC 0xf2, never in libcli's output otherwise):
 *    VTY_NO_OUTPUT_MARK drops the CR LF that libcli writes before its
 *    prompt after a command that printed nothing, and VTY_HELP_MARK
 *    lines are collected and printed in Quagga's `?` layout (sorted, the
 *    names padded to the longest, <cr> last) when libcli's prompt comes.
 * The relay ends when either side closes, and shuts the other one down.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vty_int.h"

#define HELP_MAX 96
#define HELP_LEN 160
#define HELP_OUT (HELP_MAX * (4 * HELP_LEN))	/* one formatted listing */

struct help_item {
	char name[HELP_LEN];
	char text[2 * HELP_LEN];
};

struct vty_help {
	char line[HELP_MAX][HELP_LEN];
	int n;
	char cur[HELP_LEN];
	size_t len;
	struct help_item it[HELP_MAX];
};

/* NAWS (RFC 1073): 1F, width (2 bytes), height (2 bytes). */
void vty_tn_subneg(struct vty_sess *s)
{
	if (s->sb_len == 5 && s->sb[0] == 0x1f)
		s->naws_height = s->sb[3] << 8 | s->sb[4];
}

/* ---- input ---------------------------------------------------------- */

enum { TN_DATA, TN_IAC, TN_OPT, TN_SB, TN_SB_IAC };

static size_t tn_filter(struct vty_sess *s, const unsigned char *in,
			size_t n, unsigned char *out)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = in[i];

		switch (s->tn_state) {
		case TN_DATA:
			if (c == TELNET_IAC) {
				s->tn_state = TN_IAC;
				break;
			}
			out[m++] = c == '\n' && !s->tn_cr ? '\r' : c;
			s->tn_cr = c == '\r';
			break;
		case TN_IAC:
			s->tn_state = c == TELNET_SB		  ? TN_SB
				      : c >= 251 && c <= 254 ? TN_OPT
							     : TN_DATA;
			s->sb_len = 0;
			if (c != TELNET_SB) {
				out[m++] = TELNET_IAC;
				out[m++] = c;
			}
			break;
		case TN_OPT:
			out[m++] = c;
			s->tn_state = TN_DATA;
			break;
		case TN_SB:
			if (c == TELNET_IAC)
				s->tn_state = TN_SB_IAC;
			else if (s->sb_len < sizeof(s->sb))
				s->sb[s->sb_len++] = c;
			break;
		case TN_SB_IAC:
			s->tn_state = TN_SB;
			if (c == TELNET_IAC && s->sb_len < sizeof(s->sb))
				s->sb[s->sb_len++] = c;	/* escaped 255 */
			if (c == TELNET_SE) {
				s->tn_state = TN_DATA;
				vty_tn_subneg(s);
			}
			break;
		}
	}
	return m;
}

/* ---- `?` in Quagga's layout ------------------------------------------ */

static int item_cmp(const void *a, const void *b)
{
	const struct help_item *x = a, *y = b;
	bool xcr = strcmp(x->name, "<cr>") == 0;
	bool ycr = strcmp(y->name, "<cr>") == 0;

	if (xcr != ycr)
		return xcr ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* libcli's lines: "  NAME<pad> HELP", long help continued on lines that
 * start with blanks only. */
static int help_parse(const struct vty_help *h, struct help_item *it)
{
	int i, n = 0;

	for (i = 0; i < h->n; i++) {
		const char *l = h->line[i], *p;

		if (strncmp(l, "  ", 2) == 0 && l[2] != ' ' && l[2] != '\0') {
			p = l + 2 + strcspn(l + 2, " ");
			snprintf(it[n].name, sizeof(it[n].name), "%.*s",
				 (int)(p - l - 2), l + 2);
			snprintf(it[n].text, sizeof(it[n].text), "%s",
				 p + strspn(p, " "));
			n++;
		} else if (n > 0) {
			size_t len = strlen(it[n - 1].text);

			snprintf(it[n - 1].text + len,
				 sizeof(it[n - 1].text) - len, "%s%s",
				 len ? " " : "", l + strspn(l, " "));
		}
	}
	return n;
}

/* Format the collected lines into out (cap bytes); no CR LF before the
 * first line nor after the last: libcli writes those. */
static size_t help_flush(struct vty_help *h, unsigned char *out, size_t cap)
{
	struct help_item *it = h->it;
	int i, n = help_parse(h, it), w = 0, r;
	size_t m = 0;

	qsort(it, (size_t)n, sizeof(it[0]), item_cmp);
	for (i = 0; i < n; i++)
		if ((int)strlen(it[i].name) > w)
			w = (int)strlen(it[i].name);
	for (i = 0; i < n && m < cap; i++) {
		r = snprintf((char *)out + m, cap - m, "%s  %-*s  %s",
			     i ? "\r\n" : "", w, it[i].name, it[i].text);
		if (r < 0)
			break;
		m += (size_t)r < cap - m ? (size_t)r : cap - m - 1;
	}
	h->n = 0;
	return m;
}

static void help_add(struct vty_help *h, unsigned char c)
{
	if (c != '\n') {
		if (h->len + 1 < sizeof(h->cur))
			h->cur[h->len++] = (char)c;
		return;
	}
	h->cur[h->len] = '\0';
	if (h->n < HELP_MAX)
		memcpy(h->line[h->n++], h->cur, h->len + 1);
	h->len = 0;
}

/* ---- output ------------------------------------------------------------ */

enum { OUT_DATA, OUT_FF, OUT_DROP_CR, OUT_DROP_LF, OUT_HELP };

/* out must hold 2 * n + 2 * HELP_OUT bytes. */
static size_t out_filter(struct vty_sess *s, const unsigned char *in,
			 size_t n, unsigned char *out)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = in[i];

		switch (s->out_state) {
		case OUT_FF:
			s->out_state = c == 0xf1   ? OUT_DROP_CR
				       : c == 0xf2 ? OUT_HELP
						   : OUT_DATA;
			if (s->out_state != OUT_DATA)
				continue;
			out[m++] = 0xff;
			break;
		case OUT_HELP:
			help_add(s->help, c);
			if (c == '\n')
				s->out_state = OUT_DATA;
			continue;
		case OUT_DROP_CR:
			s->out_state = OUT_DATA;
			if (c == '\r') {
				s->out_state = OUT_DROP_LF;
				continue;
			}
			break;
		case OUT_DROP_LF:
			s->out_state = OUT_DATA;
			if (c == '\n')
				continue;
			out[m++] = '\r';
			break;
		default:
			break;
		}
		if (c == 0xff) {
			s->out_state = OUT_FF;
			continue;
		}
		if (s->help->n > 0)
			m += help_flush(s->help, out + m, HELP_OUT);
		out[m++] = c;
	}
	return m;
}

static int send_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void relay_loop(struct vty_sess *s, unsigned char *in, size_t inlen,
		       unsigned char *out)
{
	struct pollfd p[2] = { { .fd = s->fd, .events = POLLIN },
			       { .fd = s->relay_fd, .events = POLLIN } };
	ssize_t n;

	for (;;) {
		if (poll(p, 2, -1) < 0)
			return;
		if (p[0].revents) {
			n = read(s->fd, in, inlen);
			if (n <= 0 || send_all(s->relay_fd, out,
					       tn_filter(s, in, (size_t)n,
							 out)) < 0)
				return;
		}
		if (p[1].revents) {
			n = read(s->relay_fd, in, inlen);
			if (n <= 0 || send_all(s->fd, out,
					       out_filter(s, in, (size_t)n,
							  out)) < 0)
				return;
		}
	}
}

void *vty_relay_thread(void *arg)
{
	struct vty_sess *s = arg;
	/* out: 2 bytes per input byte at most, plus formatted `?` lists. */
	size_t inlen = 2048, outlen = 2 * inlen + 2 * HELP_OUT;
	unsigned char *in = malloc(inlen), *out = malloc(outlen);

	s->help = calloc(1, sizeof(*s->help));
	if (in && out && s->help)
		relay_loop(s, in, inlen, out);
	/* Either side is gone: make the other one see it. */
	shutdown(s->relay_fd, SHUT_RDWR);
	free(in);
	free(out);
	free(s->help);
	s->help = NULL;
	return NULL;
}
