/*
 * fuzz_open.c: libFuzzer target for the message codec of msg.h: the
 * header, the OPEN with its capabilities (RFC 5492, RFC 9072 extended
 * parameters), NOTIFICATION (with the RFC 9003 shutdown text and the log
 * line), ROUTE-REFRESH and the outer framing of UPDATE.  Build and run:
 * tests/fuzz/README.
 *
 * The input is read as a whole message (header first; odd sizes allow
 * extended messages, RFC 8654) and, independently, as the body of each
 * message type, so that one corpus exercises every parser.  Beyond "no
 * crash, no sanitizer report" it checks:
 * - an error leaves a NOTIFICATION code (msg.h: code 0 only for a short
 *   header) and a header error leaves the cursor unchanged;
 * - decode(encode(x)) == x for every OPEN that parses: built again with
 *   msg_open_build, it parses to the same values (the builder leaves
 *   out add-path, unknown codes and the parse notes: not compared);
 * - msg_shutdown_text never writes past the size it is given (a heap
 *   buffer of a size taken from the input, under ASan) and always
 *   NUL-terminates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_open: %s\n", what);
	abort();
}

#define DIFF(f) (a->f != b->f)
#define DIFFM(f) (memcmp(a->f, b->f, sizeof(a->f)) != 0)

static void same_caps(const struct bgp_caps *a, const struct bgp_caps *b)
{
	if (DIFFM(mp) || DIFF(rr) || DIFF(rr_old) || DIFF(enhanced_rr) ||
	    DIFF(as4) || DIFF(as4_asn) || DIFF(gr) || DIFF(gr_flags) ||
	    DIFF(gr_time) || DIFFM(gr_af) || DIFFM(gr_af_flags) ||
	    DIFF(ext_msg) || DIFF(fqdn) ||
	    strcmp(a->fqdn_host, b->fqdn_host) != 0 ||
	    strcmp(a->fqdn_domain, b->fqdn_domain) != 0)
		die("OPEN capabilities differ after build + parse");
}

static void same_open(const struct bgp_open *a, const struct bgp_open *b)
{
	if (DIFF(version) || DIFF(my_as) || DIFF(hold) || DIFF(bgp_id) ||
	    DIFF(ext_params))
		die("OPEN differs after build + parse");
	same_caps(&a->caps, &b->caps);
	if (msg_open_peer_as(a) != msg_open_peer_as(b))
		die("peer AS differs after build + parse");
}

/* An OPEN that parsed: build it again and parse the result. */
static void open_round_trip(const struct bgp_open *o)
{
	struct bgp_open o2;
	struct bgp_err e;
	struct wbuf w;
	struct rbuf r;
	uint8_t type;
	uint16_t len;

	wbuf_init(&w, BGP_MAX_LEN);
	msg_open_build(&w, o, false);
	if (!wbuf_ok(&w))
		die("msg_open_build failed on a parsed OPEN");
	r = rbuf_make(w.buf, w.len);
	if (msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &e) != 0 ||
	    type != BGP_MSG_OPEN || len != w.len)
		die("built OPEN has a bad header");
	if (msg_open_parse(&r, &o2, &e) != 0)
		die("built OPEN does not parse");
	same_open(o, &o2);
	wbuf_free(&w);
}

static void open_body(const uint8_t *p, size_t n)
{
	struct rbuf b = rbuf_make(p, n);
	struct bgp_open o;
	struct bgp_err e;

	bgp_err_clear(&e);
	if (msg_open_parse(&b, &o, &e) != 0) {
		if (e.code != BGP_ERR_OPEN)
			die("OPEN error that is not 2/x");
		return;
	}
	/* The configuration checks, against a fixed local speaker. */
	msg_open_check(&o, 65001, 65000, 0x0a000001, &e);
	msg_open_check(&o, msg_open_peer_as(&o), msg_open_peer_as(&o), o.bgp_id,
		       &e);
	open_round_trip(&o);
}

static void notification_body(const uint8_t *p, size_t n)
{
	struct rbuf b = rbuf_make(p, n), dat;
	uint8_t code, sub;
	size_t osz;
	char *out, line[300];

	if (msg_notification_parse(&b, &code, &sub, &dat) != 0)
		return;
	/* A heap buffer of an input-chosen size: ASan sees any overrun. */
	osz = p[n - 1] % 300;
	out = malloc(osz ? osz : 1);
	if (!out)
		return;
	msg_shutdown_text(code, sub, &dat, out, osz);
	if (osz && !memchr(out, 0, osz))
		die("shutdown text not NUL-terminated");
	free(out);
	msg_shutdown_text(BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, &dat, line,
			  sizeof(line));
	msg_notify_log_fmt(line, sizeof(line), code & 1, "192.0.2.1", code, sub,
			   rbuf_ptr(&dat), rbuf_left(&dat));
	msg_err_code_str(code);
	msg_err_subcode_str(code, sub);
}

static void other_bodies(const uint8_t *p, size_t n)
{
	struct rbuf b = rbuf_make(p, n), wd, at, nl;
	struct bgp_err e;
	uint16_t afi;
	uint8_t safi, sub;

	if (msg_update_split(&b, &wd, &at, &nl, &e) == 0 &&
	    rbuf_left(&wd) + rbuf_left(&at) + rbuf_left(&nl) + 4 != n)
		die("UPDATE parts do not add up to the body");
	b = rbuf_make(p, n);
	msg_route_refresh_parse(&b, &afi, &safi, &sub, &e);
	msg_utf8_valid(p, n);
}

/* The input as one whole message: the header decides the body. */
static void whole_message(const uint8_t *p, size_t n)
{
	struct rbuf r = rbuf_make(p, n);
	struct bgp_err e;
	uint8_t type;
	uint16_t len;
	size_t max = (n & 1) ? BGP_EXT_MAX_LEN : BGP_MAX_LEN, blen;
	uint8_t *body;

	bgp_err_clear(&e);
	if (msg_hdr_parse(&r, max, &type, &len, &e) != 0) {
		if (rbuf_left(&r) != n)
			die("header error moved the cursor");
		if ((n < BGP_HDR_LEN) != (e.code == 0))
			die("header error code 0 for a whole header");
		return;
	}
	msg_type_str(type);
	if (len > n)
		return;
	/* A copy of exactly the body, so that ASan sees a read past it. */
	blen = len - BGP_HDR_LEN;
	body = malloc(blen ? blen : 1);
	if (!body)
		return;
	memcpy(body, p + BGP_HDR_LEN, blen);
	if (type == BGP_MSG_OPEN)
		open_body(body, blen);
	else if (type == BGP_MSG_NOTIFICATION)
		notification_body(body, blen);
	else
		other_bodies(body, blen);
	free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer's buffer is exactly the input: the bodies below are
	 * bounded by ASan too. */
	whole_message(data, size);
	if (size == 0)
		return 0;
	open_body(data, size);
	notification_body(data, size);
	other_bodies(data, size);
	return 0;
}
