/*
 * aspath.c: AS paths.  Decoding (2- and 4-octet, RFC 4271 4.3 and
 * RFC 6793), the checks of RFC 7606 7.2 and RFC 7607, interning, the
 * lengths and ASNs the decision process and loop detection need,
 * prepending, the RFC 6793 4.2.3 merge with AS4_PATH, encoding and
 * Quagga's text form.
 *
 * The canonical form is the four-octet AS_PATH wire format; a segment
 * never holds more than 255 ASNs (its count is one octet).
 *
 * Limitations: two paths that differ only in how a sequence is split
 * into segments ("1 2" as one segment or two) are interned separately;
 * they compare and print the same.
 */
#include <stdlib.h>
#include <string.h>

#include "aspath.h"
#include "log.h"
#include "msg.h"

#define ASPATH_SEG_MAX 255

static struct intern_tab aspath_tab;
static struct aspath *aspath_empty_path;

const char *aspath_err_str(enum aspath_err e)
{
	switch (e) {
	case ASPATH_OK:
		return "ok";
	case ASPATH_ERR_SEG_TYPE:
		return "unknown segment type";
	case ASPATH_ERR_SEG_ZERO:
		return "zero-length segment";
	case ASPATH_ERR_OVERRUN:
		return "segment overrun";
	case ASPATH_ERR_CONFED:
		return "confederation segment";
	case ASPATH_ERR_AS0:
		return "AS 0 in path";
	case ASPATH_ERR_NOMEM:
		return "out of memory";
	}
	return "?";
}

static inline uint32_t seg_asn(const uint8_t *seg, unsigned i)
{
	const uint8_t *b = seg + 2 + 4 * i;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static inline void put_asn(uint8_t *b, uint32_t asn)
{
	b[0] = (uint8_t)(asn >> 24);
	b[1] = (uint8_t)(asn >> 16);
	b[2] = (uint8_t)(asn >> 8);
	b[3] = (uint8_t)asn;
}

static inline bool seg_is_confed(uint8_t type)
{
	return type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET;
}

/* Iterate over canonical segments: for (s = d; s < end; s = seg_next(s)) */
static inline const uint8_t *seg_next(const uint8_t *s)
{
	return s + 2 + 4 * (size_t)s[1];
}

/* ---- interning ---- */

struct aspath_key {
	const uint8_t *data;
	size_t len;
};

static bool aspath_eq(const void *obj, const void *key)
{
	const struct aspath *p = obj;
	const struct aspath_key *k = key;

	return p->len == k->len &&
	       (k->len == 0 || !memcmp(p->data, k->data, k->len));
}

static uint32_t aspath_hash(const uint8_t *data, size_t len)
{
	return (uint32_t)intern_hash(data, len, intern_hash_seed() ^ 0xa5);
}

static void aspath_count_fill(struct aspath *p)
{
	const uint8_t *s, *end = p->data + p->len;
	unsigned hops = 0, nasn = 0;

	for (s = p->data; s < end; s = seg_next(s)) {
		nasn += s[1];
		if (s[0] == AS_SEQUENCE)
			hops += s[1];
		else if (s[0] == AS_SET)
			hops++;
	}
	p->hops = hops > UINT16_MAX ? UINT16_MAX : (uint16_t)hops;
	p->nasn = nasn > UINT16_MAX ? UINT16_MAX : (uint16_t)nasn;
}

struct aspath *aspath_intern(const uint8_t *data, size_t len)
{
	struct aspath_key k = { data, len };
	uint32_t h = aspath_hash(data, len);
	struct aspath *p;

	if (!aspath_tab.name)
		intern_init(&aspath_tab, "aspath");
	p = intern_find(&aspath_tab, h, aspath_eq, &k);
	if (p)
		return aspath_ref(p);
	if (len > UINT32_MAX)
		return NULL;
	p = malloc(sizeof(*p) + len);
	if (!p)
		return NULL;
	p->h.refcnt = 1;
	p->h.hash = h;
	p->len = (uint32_t)len;
	if (len)
		memcpy(p->data, data, len);
	aspath_count_fill(p);
	intern_insert(&aspath_tab, &p->h);
	return p;
}

struct aspath *aspath_ref(struct aspath *p)
{
	p->h.refcnt++;
	return p;
}

void aspath_unref(struct aspath *p)
{
	if (!p)
		return;
	if (p->h.refcnt == 0)
		fatal("aspath_unref: reference count underflow");
	if (--p->h.refcnt)
		return;
	if (p == aspath_empty_path)
		aspath_empty_path = NULL;
	intern_remove(&aspath_tab, &p->h);
	free(p);
}

struct aspath *aspath_empty(void)
{
	/* Not cached with an extra reference: the empty path is freed like
	 * any other when its last user goes (keeps leak checks exact). */
	return aspath_intern(NULL, 0);
}

size_t aspath_count(void)
{
	return intern_count(&aspath_tab);
}

size_t aspath_table_slots(void)
{
	return intern_slots(&aspath_tab);
}

/* ---- decoding ---- */

/*
 * One pass that validates and converts into out (capacity at least
 * 2 * len + 2: a 2-octet path doubles).  RFC 7606 7.2: unknown type,
 * zero-length segment, overrun, a trailing octet; RFC 7607: AS 0.
 */
static enum aspath_err aspath_convert(struct rbuf *val, unsigned asn_size,
				      bool no_confed, uint8_t *out,
				      size_t *outlen)
{
	size_t o = 0;
	uint8_t type, count;
	unsigned i;

	while (rbuf_left(val) > 0) {
		if (rbuf_u8(val, &type) || rbuf_u8(val, &count))
			return ASPATH_ERR_OVERRUN;
		if (type < AS_SET || type > AS_CONFED_SET)
			return ASPATH_ERR_SEG_TYPE;
		if (count == 0)
			return ASPATH_ERR_SEG_ZERO;
		if (rbuf_left(val) < (size_t)count * asn_size)
			return ASPATH_ERR_OVERRUN;
		if (no_confed && seg_is_confed(type))
			return ASPATH_ERR_CONFED;
		out[o++] = type;
		out[o++] = count;
		for (i = 0; i < count; i++, o += 4) {
			uint32_t asn = 0;
			uint16_t a16 = 0;

			if (asn_size == 4) {
				(void)rbuf_u32(val, &asn);
			} else {
				(void)rbuf_u16(val, &a16);
				asn = a16;
			}
			if (asn == 0)
				return ASPATH_ERR_AS0;
			put_asn(out + o, asn);
		}
	}
	*outlen = o;
	return ASPATH_OK;
}

enum aspath_err aspath_decode(struct rbuf *val, unsigned asn_size,
			      bool no_confed, struct aspath **out)
{
	uint8_t stackbuf[1024], *buf = stackbuf;
	size_t need = 2 * rbuf_left(val) + 2, len = 0;
	enum aspath_err e;

	*out = NULL;
	if (asn_size != 2 && asn_size != 4)
		fatal("aspath_decode: ASN size %u", asn_size);
	if (need > sizeof(stackbuf)) {
		buf = malloc(need);
		if (!buf)
			return ASPATH_ERR_NOMEM;
	}
	e = aspath_convert(val, asn_size, no_confed, buf, &len);
	if (e == ASPATH_OK) {
		*out = aspath_intern(buf, len);
		if (!*out)
			e = ASPATH_ERR_NOMEM;
	}
	if (buf != stackbuf)
		free(buf);
	return e;
}

/* ---- queries ---- */

unsigned aspath_confed_hops(const struct aspath *p)
{
	const uint8_t *s, *end = p->data + p->len;
	unsigned n = 0;

	for (s = p->data; s < end; s = seg_next(s))
		if (s[0] == AS_CONFED_SEQUENCE)
			n += s[1];
		else if (s[0] == AS_CONFED_SET)
			n++;
	return n;
}

uint32_t aspath_left_as(const struct aspath *p)
{
	if (p->len < 6 || p->data[0] != AS_SEQUENCE)
		return 0;
	return seg_asn(p->data, 0);
}

uint32_t aspath_left_confed_as(const struct aspath *p)
{
	if (p->len < 6 || p->data[0] != AS_CONFED_SEQUENCE)
		return 0;
	return seg_asn(p->data, 0);
}

uint32_t aspath_origin_as(const struct aspath *p)
{
	const uint8_t *s, *last = NULL, *end = p->data + p->len;

	for (s = p->data; s < end; s = seg_next(s))
		last = s;
	if (!last || last[0] != AS_SEQUENCE)
		return 0;
	return seg_asn(last, last[1] - 1u);
}

unsigned aspath_count_as(const struct aspath *p, uint32_t asn)
{
	const uint8_t *s, *end = p->data + p->len;
	unsigned i, n = 0;

	for (s = p->data; s < end; s = seg_next(s))
		for (i = 0; i < s[1]; i++)
			if (seg_asn(s, i) == asn)
				n++;
	return n;
}

bool aspath_has_as4(const struct aspath *p)
{
	const uint8_t *s, *end = p->data + p->len;
	unsigned i;

	for (s = p->data; s < end; s = seg_next(s))
		for (i = 0; i < s[1] && !seg_is_confed(s[0]); i++)
			if (seg_asn(s, i) > UINT16_MAX)
				return true;
	return false;
}

bool aspath_has_confed(const struct aspath *p)
{
	const uint8_t *s, *end = p->data + p->len;

	for (s = p->data; s < end; s = seg_next(s))
		if (seg_is_confed(s[0]))
			return true;
	return false;
}

bool aspath_has_set(const struct aspath *p)
{
	const uint8_t *s, *end = p->data + p->len;

	for (s = p->data; s < end; s = seg_next(s))
		if (s[0] == AS_SET || s[0] == AS_CONFED_SET)
			return true;
	return false;
}

unsigned aspath_max_seg_len(const struct aspath *p)
{
	const uint8_t *s, *end = p->data + p->len;
	unsigned m = 0;

	for (s = p->data; s < end; s = seg_next(s))
		if (s[1] > m)
			m = s[1];
	return m;
}

/* ---- building new paths ---- */

/*
 * A growable segment buffer.  seg_add() appends an ASN to the last
 * segment when it has the same type, may be merged into and has room;
 * otherwise it opens a new segment.
 */
struct segbuf {
	uint8_t *b;
	size_t len, cap, last;	/* last: offset of the open segment */
	bool open, err;
};

static void segbuf_reserve(struct segbuf *sb, size_t n)
{
	uint8_t *nb;
	size_t cap;

	if (sb->err || sb->len + n <= sb->cap)
		return;
	cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + n)
		cap *= 2;
	nb = realloc(sb->b, cap);
	if (!nb) {
		sb->err = true;
		return;
	}
	sb->b = nb;
	sb->cap = cap;
}

static void seg_add(struct segbuf *sb, uint8_t type, uint32_t asn,
		    bool may_merge)
{
	segbuf_reserve(sb, 6);
	if (sb->err)
		return;
	if (!sb->open || !may_merge || sb->b[sb->last] != type ||
	    sb->b[sb->last + 1] == ASPATH_SEG_MAX) {
		sb->last = sb->len;
		sb->b[sb->len++] = type;
		sb->b[sb->len++] = 0;
		sb->open = true;
	}
	put_asn(sb->b + sb->len, asn);
	sb->len += 4;
	sb->b[sb->last + 1]++;
}

/* Append a whole canonical segment; merge_seq lets an AS_SEQUENCE join
 * a preceding AS_SEQUENCE. */
static void seg_add_seg(struct segbuf *sb, const uint8_t *s, bool merge_seq)
{
	unsigned i;

	for (i = 0; i < s[1]; i++)
		seg_add(sb, s[0], seg_asn(s, i),
			i > 0 || (merge_seq && s[0] == AS_SEQUENCE));
}

static struct aspath *segbuf_intern(struct segbuf *sb)
{
	struct aspath *p = NULL;

	if (!sb->err)
		p = aspath_intern(sb->b, sb->len);
	free(sb->b);
	return p;
}

static struct aspath *aspath_prepend_type(const struct aspath *p,
					  uint8_t type, uint32_t asn,
					  unsigned times)
{
	struct segbuf sb = { 0 };
	const uint8_t *s, *end = p->data + p->len;
	unsigned i;

	for (i = 0; i < times; i++)
		seg_add(&sb, type, asn, true);
	for (s = p->data; s < end; s = seg_next(s))
		seg_add_seg(&sb, s, s == p->data);
	return segbuf_intern(&sb);
}

struct aspath *aspath_prepend(const struct aspath *p, uint32_t asn,
			      unsigned times)
{
	return aspath_prepend_type(p, AS_SEQUENCE, asn, times);
}

struct aspath *aspath_prepend_confed(const struct aspath *p, uint32_t asn)
{
	return aspath_prepend_type(p, AS_CONFED_SEQUENCE, asn, 1);
}

struct aspath *aspath_strip_confed(const struct aspath *p)
{
	const uint8_t *s = p->data, *end = p->data + p->len;

	while (s < end && seg_is_confed(s[0]))
		s = seg_next(s);
	return aspath_intern(s, (size_t)(end - s));
}

/*
 * RFC 6793 4.2.3 (rfc7606-and-errors.md 1.5 rules 2 and 3): with n hops
 * in AS_PATH and m in AS4_PATH, n < m ignores AS4_PATH; otherwise the
 * leading n - m hops of AS_PATH followed by all of AS4_PATH.  Confed
 * segments count 0 and AS4_PATH never has them, so those in the leading
 * part are kept where they stand, even when n == m (a path "(65001) 100
 * 70000" sent to an OLD confederation member comes back whole).
 */
struct aspath *aspath_merge_as4(const struct aspath *as_path,
				const struct aspath *as4_path)
{
	const uint8_t *s, *end = as_path->data + as_path->len;
	struct segbuf sb = { 0 };
	unsigned need, i;

	if (as_path->hops < as4_path->hops)
		return aspath_ref((struct aspath *)as_path);
	need = as_path->hops - as4_path->hops;
	for (s = as_path->data; s < end; s = seg_next(s)) {
		if (!seg_is_confed(s[0]) && need == 0)
			break;
		if (s[0] == AS_SEQUENCE) {
			for (i = 0; i < s[1] && need > 0; i++, need--)
				seg_add(&sb, s[0], seg_asn(s, i), i > 0);
			continue;
		}
		seg_add_seg(&sb, s, false);
		if (s[0] == AS_SET)
			need--;
	}
	end = as4_path->data + as4_path->len;
	for (s = as4_path->data; s < end; s = seg_next(s))
		seg_add_seg(&sb, s, s == as4_path->data);
	return segbuf_intern(&sb);
}

/* ---- encoding ---- */

size_t aspath_encoded_len(const struct aspath *p, unsigned asn_size,
			  bool as4_path)
{
	const uint8_t *s, *end = p->data + p->len;
	size_t n = 0;

	for (s = p->data; s < end; s = seg_next(s))
		if (!(as4_path && seg_is_confed(s[0])))
			n += 2 + (size_t)s[1] * asn_size;
	return n;
}

void aspath_encode(struct wbuf *w, const struct aspath *p, unsigned asn_size,
		   bool as4_path)
{
	const uint8_t *s, *end = p->data + p->len;
	unsigned i;

	for (s = p->data; s < end; s = seg_next(s)) {
		if (as4_path && seg_is_confed(s[0]))
			continue;	/* RFC 6793 4.2.2: never in AS4_PATH */
		wbuf_u8(w, s[0]);
		wbuf_u8(w, s[1]);
		for (i = 0; i < s[1]; i++) {
			uint32_t asn = seg_asn(s, i);

			if (asn_size == 4)
				wbuf_u32(w, asn);
			else
				wbuf_u16(w, asn > UINT16_MAX ? BGP_AS_TRANS
							     : (uint16_t)asn);
		}
	}
}

/* ---- text ---- */

struct strbuf {
	char *b;
	size_t len, need;
};

static void sb_putc(struct strbuf *sb, char c)
{
	if (sb->need + 1 < sb->len)
		sb->b[sb->need] = c;
	sb->need++;
}

static void sb_putu(struct strbuf *sb, uint32_t v)
{
	char tmp[11];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		sb_putc(sb, tmp[--n]);
}

size_t aspath_print(const struct aspath *p, char *buf, size_t len)
{
	static const char open[] = { 0, '{', 0, '(', '[' };
	static const char close[] = { 0, '}', 0, ')', ']' };
	static const char sep[] = { 0, ',', ' ', ' ', ',' };
	const uint8_t *s, *end = p->data + p->len;
	struct strbuf sb = { buf, len, 0 };
	unsigned i;

	for (s = p->data; s < end; s = seg_next(s)) {
		if (s != p->data)
			sb_putc(&sb, ' ');
		if (open[s[0]])
			sb_putc(&sb, open[s[0]]);
		for (i = 0; i < s[1]; i++) {
			if (i)
				sb_putc(&sb, sep[s[0]]);
			sb_putu(&sb, seg_asn(s, i));
		}
		if (close[s[0]])
			sb_putc(&sb, close[s[0]]);
	}
	if (len)
		buf[sb.need < len ? sb.need : len - 1] = '\0';
	return sb.need;
}
