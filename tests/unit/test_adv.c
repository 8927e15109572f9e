/*
 * test_adv.c: the advertisement module.  Outbound attribute rules
 * (eBGP: prepend, next hop self or third party, no LOCAL_PREF, MED only
 * for our own routes; iBGP: LOCAL_PREF, no iBGP to iBGP except by
 * reflection with ORIGINATOR_ID and CLUSTER_LIST; NO_EXPORT,
 * NO_ADVERTISE; never back to the source) checked on adv_out_attr, and
 * the UPDATEs themselves, captured through the adv_io seam and decoded
 * back with update_decode: how many a table becomes, that each is
 * within 4096 bytes, that every prefix comes back once with the set
 * adv_out_attr gives; withdrawals; IPv6 with a 32-byte next hop; diffs
 * against the Adj-RIB-Out (nothing resent, a flap inside one interval
 * sends nothing), route refresh, End-of-RIB.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ev.h>
#include <stdio.h>

#include "adv.h"
#include "attr.h"
#include "community.h"
#include "config.h"
#include "fixture_attr.h"
#include "msg.h"
#include "policy.h"
#include "rib.h"
#include "update.h"

/* ---- capture of what would be sent ---- */

#define NPEER 6
#define MAXMSG 4096

struct cap {
	uint8_t **m;
	size_t *len;
	size_t n, cap;
	unsigned eor[BGP_AF_MAX];
};

static struct cap caps[NPEER];
static char tokens[NPEER];	/* fake struct peer addresses */

static struct peer *PEER(int i)
{
	return (struct peer *)(void *)&tokens[i];
}

static int cap_send(void *arg, struct peer *p, const uint8_t *msg, size_t len)
{
	struct cap *c = &caps[(char *)(void *)p - tokens];

	(void)arg;
	assert_true(len >= BGP_HDR_LEN && len <= BGP_MAX_LEN);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->m = realloc(c->m, c->cap * sizeof(*c->m));
		c->len = realloc(c->len, c->cap * sizeof(*c->len));
	}
	c->m[c->n] = malloc(len);
	memcpy(c->m[c->n], msg, len);
	c->len[c->n++] = len;
	return 0;
}

static int cap_eor(void *arg, struct peer *p, enum bgp_af af)
{
	(void)arg;
	caps[(char *)(void *)p - tokens].eor[af]++;
	return 0;
}

static size_t outq_now;	/* what the output queue depth reads */

static size_t cap_outq(void *arg, struct peer *p)
{
	(void)arg;
	(void)p;
	return outq_now;
}

static void cap_clear(void)
{
	for (int i = 0; i < NPEER; i++) {
		for (size_t k = 0; k < caps[i].n; k++)
			free(caps[i].m[k]);
		free(caps[i].m);
		free(caps[i].len);
		memset(&caps[i], 0, sizeof(caps[i]));
	}
}

/* ---- the world: a RIB, sources, a config ---- */

static struct rib rib;
static struct adv *adv;
static struct config conf;
static struct bgp_conf bconf;
static struct nbr_conf nb[NPEER];
/* Sources: eBGP A, iBGP B (non-client), iBGP C (client), local. */
static struct rib_src sA, sB, sC, sL;

#define LOCAL_AS 65000
#define RID 0x0a000064u		/* 10.0.0.100 */

static void on_change(void *arg, const struct rib_change *c)
{
	(void)arg;
	if (adv)
		adv_rib_change(adv, c);
}

static void src_init(struct rib_src *s, const char *addr, uint32_t as,
		     uint32_t rid, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	if (addr)
		assert_int_equal(ipaddr_parse(addr, &s->d.addr), 0);
	s->d.as = as;
	s->d.router_id = rid;
	s->d.type = type;
	assert_int_equal(rib_src_register(&rib, s), 0);
}

static struct nbr_conf *nbr(int i, const char *addr, uint32_t as)
{
	struct nbr_conf *n = &nb[i];

	memset(n, 0, sizeof(*n));
	assert_int_equal(ipaddr_parse(addr, &n->addr), 0);
	n->remote_as = as;
	n->adv_interval = -1;
	for (int af = 0; af < BGP_AF_MAX; af++) {
		n->af[af].activate = 1;
		n->af[af].send_community = CONF_COMM_ALL;
	}
	n->next = bconf.neighbors;
	bconf.neighbors = n;
	return n;
}

static int setup(void **state)
{
	struct rib_ops ops = { .attr_unref = attr_unref,
			       .change = on_change };
	struct adv_io io = { cap_send, cap_eor, cap_outq, NULL };

	(void)state;
	outq_now = 0;
	assert_int_equal(rib_init(&rib, &ops), 0);
	src_init(&sA, "10.1.0.1", 65001, 0x0a010001, DECIDE_SRC_EBGP);
	src_init(&sB, "10.0.0.2", LOCAL_AS, 0x0a000002, DECIDE_SRC_IBGP);
	src_init(&sC, "10.0.0.3", LOCAL_AS, 0x0a000003, DECIDE_SRC_IBGP);
	/* C is a client in IPv4: the RDE sets the source's bit from the
	 * config, and adv.c reads it from there. */
	sC.rr_client = 1u << BGP_AF_IPV4;
	src_init(&sL, NULL, LOCAL_AS, RID, DECIDE_SRC_LOCAL);
	memset(&conf, 0, sizeof(conf));
	memset(&bconf, 0, sizeof(bconf));
	bconf.asn = LOCAL_AS;
	bconf.default_local_pref = 100;
	conf.bgp = &bconf;
	nbr(0, "10.1.0.1", 65001);			/* A */
	nbr(1, "10.0.0.2", LOCAL_AS);			/* B */
	nbr(2, "10.0.0.3", LOCAL_AS)->af[0].rr_client = true;	/* C */
	nbr(3, "10.9.0.1", 65009);			/* E */
	nbr(4, "10.0.0.4", LOCAL_AS);			/* D */
	adv = adv_new(NULL, &rib);
	assert_ptr_equal(adv_current(), adv);
	adv_set_io(adv, &io);
	adv_set_config(adv, &conf, RID);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	adv_free(adv);
	adv = NULL;
	assert_null(adv_current());
	rib_destroy(&rib);
	cap_clear();
	return 0;
}

/* Bring up fake peer i (an nb[] index) with both families. */
static void up(int i, bool ibgp, const char *self4)
{
	struct adv_peer_desc d;
	struct ipaddr s;

	memset(&d, 0, sizeof(d));
	d.addr = nb[i].addr;
	d.local_as = LOCAL_AS;
	d.remote_as = nb[i].remote_as;
	d.ibgp = ibgp;
	d.as4 = true;
	d.af[BGP_AF_IPV4] = d.af[BGP_AF_IPV6] = true;
	d.n = &nb[i];
	assert_int_equal(ipaddr_parse(self4, &s), 0);
	d.self4 = ipaddr_v4(&s);
	d.has_self6 = true;
	assert_int_equal(ipaddr_parse("2001:db8::64", &s), 0);
	memcpy(d.self6, s.a, 16);
	d.has_ll6 = true;
	assert_int_equal(ipaddr_parse("fe80::64", &s), 0);
	memcpy(d.ll6, s.a, 16);
	adv_peer_up_desc(adv, PEER(i), &d);
}

/* An interned set: AS path text, MED/LOCAL_PREF (< 0: absent), next
 * hop, communities (n of them). */
static struct attr *mk(const char *path, long med, long lp, const char *nh,
		       const uint32_t *comm, size_t ncomm)
{
	struct attr_build b;
	struct aspath *fx = fx_aspath(path), *p;
	struct ipaddr ip;
	struct attr *a;

	attr_build_init(&b);
	p = aspath_intern(fx->data, fx->len);
	free(fx);
	attr_build_set_aspath(&b, p);
	aspath_unref(p);
	b.origin = ORIGIN_IGP;
	b.has_med = med >= 0;
	b.med = med >= 0 ? (uint32_t)med : 0;
	b.has_local_pref = lp >= 0;
	b.local_pref = lp >= 0 ? (uint32_t)lp : 0;
	if (nh) {
		assert_int_equal(ipaddr_parse(nh, &ip), 0);
		b.nh_af = ip.af;
		memcpy(b.nh, ip.a, 16);
	}
	if (ncomm) {
		struct community *c = community_intern(comm, ncomm);

		attr_build_set_comm(&b, c);
		community_unref(c);
	}
	a = attr_intern(&b);
	attr_build_clear(&b);
	assert_non_null(a);
	return a;
}

static struct prefix P(const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	return p;
}

static const char *path_str(const struct attr *a)
{
	static char buf[256];

	aspath_print(a->aspath, buf, sizeof(buf));
	return buf;
}

static const char *nh_str(const struct attr *a)
{
	static char buf[IPADDR_STRLEN];
	struct ipaddr ip = { .af = a->nh_af };

	memcpy(ip.a, a->nh, 16);
	return ipaddr_fmt(&ip, buf, sizeof(buf));
}

/* adv_out_attr for peer i of set in from source s (prefix 192.0.2.0/24). */
static struct attr *out(int i, struct attr *in, struct rib_src *s)
{
	struct prefix p = P("192.0.2.0/24");

	return adv_out_attr(adv, PEER(i), BGP_AF_IPV4, &p, in, s->id);
}

/* ---- outbound attribute rules ---- */

static void test_ebgp_rules(void **state)
{
	struct attr *in, *o;

	(void)state;
	up(3, false, "10.9.0.254");
	/* An iBGP-learned route toward eBGP E: our AS prepended, next hop
	 * self, no LOCAL_PREF, the MED of another AS dropped. */
	in = mk("65002", 50, 200, "10.0.0.2", NULL, 0);
	o = out(3, in, &sB);
	assert_non_null(o);
	assert_string_equal(path_str(o), "65000 65002");
	assert_int_equal(o->nh_af, AF_INET);
	assert_string_equal(nh_str(o), "10.9.0.254");
	assert_false(o->has_local_pref);
	assert_false(o->has_med);
	attr_unref(o);
	attr_unref(in);

	/* Reflection attributes do not leave the AS (RFC 4456 8). */
	in = mk("65002", -1, 100, "10.0.0.2", NULL, 0);
	{
		struct attr_build b;
		uint8_t cl[4] = { 1, 2, 3, 4 };

		attr_build_from(&b, in);
		b.has_originator = true;
		b.originator_id = 0x01020304;
		b.ncluster = 1;
		b.cluster = cl;
		attr_unref(in);
		in = attr_intern(&b);
		attr_build_clear(&b);
	}
	assert_int_equal(attr_cluster_len(in), 1);
	o = out(3, in, &sB);
	uint32_t id;
	assert_false(attr_originator_id(o, &id));
	assert_int_equal(attr_cluster_len(o), 0);
	attr_unref(o);
	attr_unref(in);

	/* Our own route: MED 0, next hop self (from 0.0.0.0). */
	in = mk("", -1, -1, NULL, NULL, 0);
	o = out(3, in, &sL);
	assert_string_equal(path_str(o), "65000");
	assert_true(o->has_med);
	assert_int_equal(o->med, 0);
	assert_string_equal(nh_str(o), "10.9.0.254");
	attr_unref(o);
	attr_unref(in);
}

static void test_ebgp_third_party(void **state)
{
	struct adv_peer_desc d;
	struct attr *in, *o;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.addr = nb[3].addr;
	d.local_as = LOCAL_AS;
	d.remote_as = 65009;
	d.af[BGP_AF_IPV4] = true;
	d.n = &nb[3];
	d.self4 = 0x0a0900fe;		/* 10.9.0.254 */
	d.subnet4 = 0x0a0900fe;
	d.mask4 = 0xffffff00;
	adv_peer_up_desc(adv, PEER(3), &d);
	/* A next hop on the subnet shared with E is passed on. */
	in = mk("65001", -1, -1, "10.9.0.7", NULL, 0);
	o = out(3, in, &sA);
	assert_string_equal(nh_str(o), "10.9.0.7");
	attr_unref(o);
	attr_unref(in);
	/* Any other is replaced by ours. */
	in = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	o = out(3, in, &sA);
	assert_string_equal(nh_str(o), "10.9.0.254");
	attr_unref(o);
	attr_unref(in);
}

static void test_ibgp_rules(void **state)
{
	struct attr *in, *o;
	uint32_t id;

	(void)state;
	up(1, true, "10.0.0.100");	/* B, non-client */
	up(2, true, "10.0.0.100");	/* C, client */
	up(4, true, "10.0.0.100");	/* D, non-client */
	/* eBGP-learned to iBGP: LOCAL_PREF 100 added, next hop and path
	 * kept, MED kept (it is the neighbor AS's, for our decision). */
	in = mk("65001", 7, -1, "10.1.0.1", NULL, 0);
	o = out(1, in, &sA);
	assert_non_null(o);
	assert_true(o->has_local_pref);
	assert_int_equal(o->local_pref, 100);
	assert_string_equal(nh_str(o), "10.1.0.1");
	assert_string_equal(path_str(o), "65001");
	assert_true(o->has_med);
	assert_false(attr_originator_id(o, &id));
	attr_unref(o);
	/* The configured default local preference. */
	bconf.default_local_pref = 250;
	adv_set_config(adv, &conf, RID);
	o = out(1, in, &sA);
	assert_int_equal(o->local_pref, 250);
	attr_unref(o);
	attr_unref(in);

	/* From non-client B: not to non-client D (RFC 4456 6), to C by
	 * reflection with ORIGINATOR_ID = B and our cluster id. */
	in = mk("65002", -1, 120, "10.0.0.2", NULL, 0);
	assert_null(out(4, in, &sB));
	o = out(2, in, &sB);
	assert_non_null(o);
	assert_true(attr_originator_id(o, &id));
	assert_int_equal(id, 0x0a000002);
	assert_int_equal(attr_cluster_len(o), 1);
	assert_int_equal(attr_cluster_id(o, 0), RID);
	assert_int_equal(o->local_pref, 120);
	assert_string_equal(nh_str(o), "10.0.0.2");
	attr_unref(o);
	attr_unref(in);

	/* From client C: to non-clients too; bgp cluster-id; an existing
	 * ORIGINATOR_ID is kept and our id goes in front. */
	assert_int_equal(ipaddr_parse("1.1.1.1", &bconf.cluster_id), 0);
	adv_set_config(adv, &conf, RID);
	in = mk("", -1, 100, "10.0.0.3", NULL, 0);
	{
		struct attr_build b;
		uint8_t cl[4] = { 9, 9, 9, 9 };

		attr_build_from(&b, in);
		b.has_originator = true;
		b.originator_id = 0x0a00000b;
		b.ncluster = 1;
		b.cluster = cl;
		attr_unref(in);
		in = attr_intern(&b);
		attr_build_clear(&b);
	}
	o = out(4, in, &sC);
	assert_non_null(o);
	assert_true(attr_originator_id(o, &id));
	assert_int_equal(id, 0x0a00000b);
	assert_int_equal(attr_cluster_len(o), 2);
	assert_int_equal(attr_cluster_id(o, 0), 0x01010101);
	assert_int_equal(attr_cluster_id(o, 1), 0x09090909);
	attr_unref(o);
	attr_unref(in);

	/* next-hop-self: ours for eBGP-learned routes... */
	nb[4].af[0].next_hop_self = true;
	adv_set_config(adv, &conf, RID);
	in = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	o = out(4, in, &sA);
	assert_string_equal(nh_str(o), "10.0.0.100");
	attr_unref(o);
	attr_unref(in);
	/* ...but not for reflected ones unless "all" (as Quagga). */
	in = mk("", -1, 100, "10.0.0.3", NULL, 0);
	o = out(4, in, &sC);
	assert_string_equal(nh_str(o), "10.0.0.3");
	attr_unref(o);
	nb[4].af[0].next_hop_self_all = true;
	adv_set_config(adv, &conf, RID);
	o = out(4, in, &sC);
	assert_string_equal(nh_str(o), "10.0.0.100");
	attr_unref(o);
	attr_unref(in);
}

static void test_communities_and_source(void **state)
{
	uint32_t noexp = COMMUNITY_NO_EXPORT, noadv = COMMUNITY_NO_ADVERTISE;
	uint32_t subconf = COMMUNITY_LOCAL_AS, plain = (65001u << 16) | 5;
	struct attr *in, *o;

	(void)state;
	up(0, false, "10.1.0.254");	/* A */
	up(1, true, "10.0.0.100");	/* B */
	up(3, false, "10.9.0.254");	/* E */
	in = mk("65001", -1, -1, "10.1.0.1", &noexp, 1);
	assert_null(out(3, in, &sA));		/* not to eBGP */
	o = out(1, in, &sA);			/* to iBGP */
	assert_non_null(o);
	assert_true(community_has(o->comm, COMMUNITY_NO_EXPORT));
	attr_unref(o);
	attr_unref(in);
	in = mk("65001", -1, -1, "10.1.0.1", &subconf, 1);
	assert_null(out(3, in, &sA));
	attr_unref(in);
	in = mk("65001", -1, -1, "10.1.0.1", &noadv, 1);
	assert_null(out(3, in, &sA));
	assert_null(out(1, in, &sA));
	attr_unref(in);

	/* Never back to the source; to another peer even with its AS in
	 * the path (no sender-side loop check, quagga-vty.md 7.3). */
	in = mk("65001 65009", -1, -1, "10.1.0.1", &plain, 1);
	assert_null(out(0, in, &sA));
	o = out(3, in, &sA);
	assert_non_null(o);
	assert_string_equal(path_str(o), "65000 65001 65009");
	assert_true(community_has(o->comm, plain));	/* sent by default */
	attr_unref(o);
	/* no send-community: stripped. */
	nb[3].af[0].send_community = 0;
	adv_set_config(adv, &conf, RID);
	o = out(3, in, &sA);
	assert_null(o->comm);
	attr_unref(o);
	attr_unref(in);
}

/* ---- UPDATEs on the wire ---- */

static const struct attr_dec_ctx dec_ebgp = {
	.peer = "test", .local_as = 65009, .peer_as = LOCAL_AS,
	.as4 = true, .af = { true, true },
};

/* Decode message k sent to peer i into u; returns its length. */
static size_t decode(int i, size_t k, struct update *u)
{
	struct rbuf r = { caps[i].m[k], caps[i].len[k] };
	struct bgp_err err;
	uint8_t type;
	uint16_t len;

	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &err),
			 0);
	assert_int_equal(type, BGP_MSG_UPDATE);
	update_reset(u);
	assert_int_equal(update_decode(u, caps[i].m[k] + BGP_HDR_LEN,
				       len - BGP_HDR_LEN, &dec_ebgp),
			 ATTR_OK);
	return len;
}

static struct prefix v4n(unsigned i)
{
	struct prefix p = { .af = AF_INET, .len = 24 };

	p.a[0] = 20;
	p.a[1] = (uint8_t)(i >> 8);
	p.a[2] = (uint8_t)i;
	return p;
}

static unsigned v4idx(const struct prefix *p)
{
	assert_int_equal(p->af, AF_INET);
	assert_int_equal(p->len, 24);
	assert_int_equal(p->a[0], 20);
	return (unsigned)p->a[1] << 8 | p->a[2];
}

static void add_v4(unsigned n, struct attr *a, struct rib_src *s,
		   unsigned step, unsigned first)
{
	struct ipaddr nh;

	assert_int_equal(ipaddr_parse("10.1.0.1", &nh), 0);
	for (unsigned i = first; i < n; i += step) {
		struct prefix p = v4n(i);

		assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &p, s,
					    attr_ref(a), &nh, 0), 0);
	}
}

/*
 * Check the announcements to peer i: every message within 4096 bytes
 * and full (the next prefix would not have fitted) unless it is the
 * last of its set, every prefix of [0, n) exactly once with the set
 * adv_out_attr gives.  Returns the number of UPDATEs.
 */
static size_t check_announced(int i, unsigned n, unsigned nlri_len,
			      bool strict)
{
	struct update u;
	unsigned char *seen = calloc(n, 1);
	size_t k, total = 0;

	update_init(&u);
	for (k = 0; k < caps[i].n; k++) {
		size_t len = decode(i, k, &u);
		struct update_pfx *a = &u.announced[BGP_AF_IPV4];
		struct attr *want;
		struct prefix p0;

		assert_true(len <= BGP_MAX_LEN);
		assert_true(a->n > 0);
		p0 = a->v[0];
		want = adv_out_attr(adv, PEER(i), BGP_AF_IPV4, &p0,
				    rib_best(rib_lookup(&rib, BGP_AF_IPV4,
							&p0))->attr,
				    rib_best(rib_lookup(&rib, BGP_AF_IPV4,
							&p0))->src);
		assert_ptr_equal(u.attr[BGP_AF_IPV4], want);
		attr_unref(want);
		/* Full, unless the next message carries another set. */
		if (strict && k + 1 < caps[i].n &&
		    len + nlri_len <= BGP_MAX_LEN) {
			struct update u2;

			update_init(&u2);
			decode(i, k + 1, &u2);
			assert_ptr_not_equal(u2.attr[BGP_AF_IPV4],
					     u.attr[BGP_AF_IPV4]);
			update_fini(&u2);
		}
		for (size_t j = 0; j < a->n; j++) {
			unsigned x = v4idx(&a->v[j]);

			assert_true(x < n);
			assert_int_equal(seen[x], 0);
			seen[x] = 1;
			total++;
		}
	}
	assert_int_equal(total, n);
	update_fini(&u);
	free(seen);
	return caps[i].n;
}

static void test_pack_v4(void **state)
{
	const unsigned n = 3000;
	struct attr *a = mk("65001 65010", 5, -1, "10.1.0.1", NULL, 0);
	size_t per, msgs, hdr;
	struct adv_peer_stats st;

	(void)state;
	add_v4(n, a, &sA, 1, 0);
	up(3, false, "10.9.0.254");
	adv_flush_all(adv);
	/* The attribute section of this set: ORIGIN 4, AS_PATH 3+2+12,
	 * NEXT_HOP 7; UPDATE overhead 23; each /24 4 bytes. */
	hdr = 23 + 4 + 17 + 7;
	per = (BGP_MAX_LEN - hdr) / 4;
	msgs = check_announced(3, n, 4, true);
	assert_int_equal(msgs, (n + per - 1) / per);
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 1);
	assert_int_equal(caps[3].eor[BGP_AF_IPV6], 1);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], n);
	assert_int_equal(st.updates, msgs);

	/* Nothing changed: a refresh of the Adj-RIB-Out sends nothing
	 * new by itself... */
	cap_clear();
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 0);
	/* ...a route refresh sends it all again, without End-of-RIB. */
	adv_refresh(adv, PEER(3), BGP_AF_IPV4);
	adv_flush_all(adv);
	assert_int_equal(check_announced(3, n, 4, true), msgs);
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 0);

	/* Withdraw everything: (4096 - 23) / 4 prefixes per UPDATE. */
	cap_clear();
	for (unsigned i = 0; i < n; i++) {
		struct prefix p = v4n(i);

		assert_int_equal(rib_withdraw(&rib, BGP_AF_IPV4, &p, &sA), 0);
	}
	adv_flush_all(adv);
	per = (BGP_MAX_LEN - 23) / 4;
	assert_int_equal(caps[3].n, (n + per - 1) / per);
	{
		struct update u;
		size_t total = 0;

		update_init(&u);
		for (size_t k = 0; k < caps[3].n; k++) {
			assert_true(decode(3, k, &u) <= BGP_MAX_LEN);
			assert_int_equal(u.announced[BGP_AF_IPV4].n, 0);
			total += u.withdrawn[BGP_AF_IPV4].n;
		}
		update_fini(&u);
		assert_int_equal(total, n);
	}
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 0);
	attr_unref(a);
}

/* Two sets interleaved in table order still give one run per set. */
static void test_pack_two_sets(void **state)
{
	const unsigned n = 2000;
	struct attr *x = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	struct attr *y = mk("65001 65020 65021", -1, -1, "10.1.0.1", NULL, 0);
	size_t px = (BGP_MAX_LEN - (23 + 4 + 9 + 7)) / 4;
	size_t py = (BGP_MAX_LEN - (23 + 4 + 17 + 7)) / 4;

	(void)state;
	add_v4(n, x, &sA, 2, 0);
	add_v4(n, y, &sA, 2, 1);
	up(3, false, "10.9.0.254");
	adv_flush_all(adv);
	/* The dump runs in slices of 4096 prefixes: one slice here. */
	assert_int_equal(check_announced(3, n, 4, true),
			 (n / 2 + px - 1) / px + (n / 2 + py - 1) / py);
	attr_unref(x);
	attr_unref(y);
}

/* A table larger than one dump slice: every prefix once, UPDATEs
 * within 4096 bytes, at most one extra (not full) UPDATE per slice. */
static void test_pack_big(void **state)
{
	const unsigned n = 40000;
	struct attr *a = mk("65001 65010", 5, -1, "10.1.0.1", NULL, 0);
	size_t per = (BGP_MAX_LEN - (23 + 4 + 17 + 7)) / 4, msgs;

	(void)state;
	add_v4(n, a, &sA, 1, 0);
	up(3, false, "10.9.0.254");
	adv_flush_all(adv);
	msgs = check_announced(3, n, 4, false);
	assert_true(msgs >= (n + per - 1) / per);
	assert_true(msgs <= (n + per - 1) / per + n / 4096 + 1);
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 1);
	attr_unref(a);
}

static int count_cb(const struct prefix *p, const struct attr *a, void *arg)
{
	(void)p;
	(void)a;
	(*(unsigned *)arg)++;
	return 0;
}

/* Changes between two flushes: only the net difference is sent. */
static void test_diff_and_flap(void **state)
{
	struct attr *a = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	struct attr *b = mk("65001 65030", -1, -1, "10.1.0.1", NULL, 0);
	struct ipaddr nh;
	struct prefix p = P("198.51.100.0/24");
	struct update u;
	unsigned cnt = 0;

	(void)state;
	assert_int_equal(ipaddr_parse("10.1.0.1", &nh), 0);
	up(3, false, "10.9.0.254");
	adv_flush_all(adv);
	cap_clear();
	/* Announced and withdrawn within one interval: nothing. */
	rib_update(&rib, BGP_AF_IPV4, &p, &sA, attr_ref(a), &nh, 0);
	rib_withdraw(&rib, BGP_AF_IPV4, &p, &sA);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 0);
	/* Two versions within one interval: one UPDATE, the last one. */
	rib_update(&rib, BGP_AF_IPV4, &p, &sA, attr_ref(a), &nh, 0);
	rib_update(&rib, BGP_AF_IPV4, &p, &sA, attr_ref(b), &nh, 0);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 1);
	update_init(&u);
	decode(3, 0, &u);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 1);
	assert_string_equal(path_str(u.attr[BGP_AF_IPV4]),
			    "65000 65001 65030");
	update_fini(&u);
	adv_advertised_walk(adv, PEER(3), BGP_AF_IPV4, count_cb, &cnt);
	assert_int_equal(cnt, 1);
	/* Back to the source: A never gets it, even as a withdrawal. */
	up(0, false, "10.1.0.254");
	adv_flush_all(adv);
	assert_int_equal(caps[0].n, 0);
	assert_int_equal(caps[0].eor[BGP_AF_IPV4], 1);
	attr_unref(a);
	attr_unref(b);
}

/* IPv6: MP_REACH with our global and link-local next hop, packed. */
static void test_pack_v6(void **state)
{
	const unsigned n = 1500;
	struct attr *a = mk("65001", -1, -1, "2001:db8:1::1", NULL, 0);
	struct ipaddr nh, g, ll;
	struct update u;
	size_t total = 0, k;
	unsigned char *seen = calloc(n, 1);

	(void)state;
	assert_int_equal(ipaddr_parse("2001:db8:1::1", &nh), 0);
	for (unsigned i = 0; i < n; i++) {
		struct prefix p = { .af = AF_INET6, .len = 48 };

		p.a[0] = 0x20;
		p.a[1] = 0x01;
		p.a[2] = 0x0d;
		p.a[3] = 0xb8;
		p.a[4] = (uint8_t)(i >> 8);
		p.a[5] = (uint8_t)i;
		assert_int_equal(rib_update(&rib, BGP_AF_IPV6, &p, &sA,
					    attr_ref(a), &nh, 0), 0);
	}
	up(3, false, "10.9.0.254");
	adv_flush_all(adv);
	assert_int_equal(ipaddr_parse("2001:db8::64", &g), 0);
	assert_int_equal(ipaddr_parse("fe80::64", &ll), 0);
	update_init(&u);
	for (k = 0; k < caps[3].n; k++) {
		size_t len = decode(3, k, &u);
		struct update_pfx *ap = &u.announced[BGP_AF_IPV6];

		assert_true(len <= BGP_MAX_LEN);
		/* Full: one more /48 (7 bytes) would not fit. */
		if (k + 1 < caps[3].n)
			assert_true(len + 7 > BGP_MAX_LEN);
		assert_int_equal(u.attr[BGP_AF_IPV6]->nh_af, AF_INET6);
		assert_memory_equal(u.attr[BGP_AF_IPV6]->nh, g.a, 16);
		assert_non_null(attr_nh_ll(u.attr[BGP_AF_IPV6]));
		assert_memory_equal(attr_nh_ll(u.attr[BGP_AF_IPV6]), ll.a, 16);
		for (size_t j = 0; j < ap->n; j++) {
			unsigned x = (unsigned)ap->v[j].a[4] << 8 |
				     ap->v[j].a[5];

			assert_int_equal(ap->v[j].len, 48);
			assert_true(x < n);
			assert_int_equal(seen[x], 0);
			seen[x] = 1;
			total++;
		}
	}
	assert_int_equal(total, n);
	/* Overhead: 23 + ORIGIN 4 + AS_PATH 3+6+... the exact count:
	 * ceil(n / per message) with per message from the first one. */
	decode(3, 0, &u);
	{
		size_t per = u.announced[BGP_AF_IPV6].n;

		assert_int_equal(caps[3].n, (n + per - 1) / per);
	}
	/* Withdraw them all: MP_UNREACH, packed. */
	cap_clear();
	for (unsigned i = 0; i < n; i++) {
		struct prefix p = { .af = AF_INET6, .len = 48 };

		p.a[0] = 0x20;
		p.a[1] = 0x01;
		p.a[2] = 0x0d;
		p.a[3] = 0xb8;
		p.a[4] = (uint8_t)(i >> 8);
		p.a[5] = (uint8_t)i;
		rib_withdraw(&rib, BGP_AF_IPV6, &p, &sA);
	}
	adv_flush_all(adv);
	total = 0;
	for (k = 0; k < caps[3].n; k++) {
		size_t len = decode(3, k, &u);

		if (k + 1 < caps[3].n)
			assert_true(len + 7 > BGP_MAX_LEN);
		total += u.withdrawn[BGP_AF_IPV6].n;
	}
	assert_int_equal(total, n);
	update_fini(&u);
	free(seen);
	attr_unref(a);
}

/* ---- pacing with a real event loop ---- */

static struct ev_loop *loop;

/* Replace the module by one on a loop (the setup's has none). */
static void use_loop(void)
{
	struct adv_io io = { cap_send, cap_eor, cap_outq, NULL };

	adv_free(adv);
	loop = ev_loop_new(EVFLAG_AUTO);
	assert_non_null(loop);
	adv = adv_new(loop, &rib);
	adv_set_io(adv, &io);
	adv_set_config(adv, &conf, RID);
}

/* Run the loop until peer i has n messages (or End-of-RIB when eor),
 * at most max seconds; returns the loop time then. */
static double run_until(int i, size_t n, bool eor, double max)
{
	double t0;

	ev_now_update(loop);
	t0 = ev_now(loop);
	while (ev_now(loop) - t0 < max) {
		if (eor ? caps[i].eor[BGP_AF_IPV4] > 0 : caps[i].n >= n)
			break;
		ev_run(loop, EVRUN_ONCE);
		ev_now_update(loop);
	}
	return ev_now(loop);
}

/* A tiny sleep timer, to let the loop idle for d seconds. */
static void idle_cb(struct ev_loop *l, ev_timer *t, int ev)
{
	(void)l;
	(void)t;
	(void)ev;
}

static void idle_for(double d)
{
	ev_timer t;
	double t0;

	ev_timer_init(&t, idle_cb, d, 0);
	ev_timer_start(loop, &t);
	ev_now_update(loop);
	t0 = ev_now(loop);
	while (ev_now(loop) - t0 < d) {
		ev_run(loop, EVRUN_ONCE);
		ev_now_update(loop);
	}
	ev_timer_stop(loop, &t);
}

static void test_mrai(void **state)
{
	struct attr *a = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	struct prefix x = P("198.51.100.0/24"), y = P("203.0.113.0/24");
	struct ipaddr nh;
	double t1, t2;

	(void)state;
	assert_int_equal(ipaddr_parse("10.1.0.1", &nh), 0);
	nb[3].adv_interval = 1;
	use_loop();
	up(3, false, "10.9.0.254");
	run_until(3, 0, true, 2);
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 1);
	/* The first change goes at once, the next one waits for the
	 * interval (RFC 4271 9.2.1.1), both changes of it together. */
	rib_update(&rib, BGP_AF_IPV4, &x, &sA, attr_ref(a), &nh, 0);
	ev_now_update(loop);
	t1 = run_until(3, 1, false, 2);
	assert_int_equal(caps[3].n, 1);
	rib_update(&rib, BGP_AF_IPV4, &y, &sA, attr_ref(a), &nh, 0);
	rib_withdraw(&rib, BGP_AF_IPV4, &x, &sA);
	idle_for(0.3);
	assert_int_equal(caps[3].n, 1);		/* held back */
	t2 = run_until(3, 3, false, 3);
	assert_int_equal(caps[3].n, 3);		/* withdraw + announce */
	assert_true(t2 - t1 >= 0.9);
	assert_true(t2 - t1 < 2.0);
	attr_unref(a);
	adv_free(adv);
	adv = NULL;
	ev_loop_destroy(loop);
}

/* advertisement-interval 0: every change as soon as the loop runs. */
static void test_mrai_zero(void **state)
{
	struct attr *a = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	struct prefix x = P("198.51.100.0/24"), y = P("203.0.113.0/24");
	struct ipaddr nh;

	(void)state;
	assert_int_equal(ipaddr_parse("10.1.0.1", &nh), 0);
	nb[3].adv_interval = 0;
	use_loop();
	up(3, false, "10.9.0.254");
	run_until(3, 0, true, 2);
	rib_update(&rib, BGP_AF_IPV4, &x, &sA, attr_ref(a), &nh, 0);
	run_until(3, 1, false, 1);
	rib_update(&rib, BGP_AF_IPV4, &y, &sA, attr_ref(a), &nh, 0);
	idle_for(0.1);
	assert_int_equal(caps[3].n, 2);
	attr_unref(a);
	adv_free(adv);
	adv = NULL;
	ev_loop_destroy(loop);
}

/* The dump waits while the peer's output queue is full. */
static void test_outq_bound(void **state)
{
	struct attr *a = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	struct adv_peer_stats st;

	(void)state;
	add_v4(10000, a, &sA, 1, 0);
	use_loop();
	outq_now = 100000;
	up(3, false, "10.9.0.254");
	idle_for(0.3);
	assert_int_equal(caps[3].n, 0);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_true(st.dumping[BGP_AF_IPV4]);
	outq_now = 0;
	run_until(3, 0, true, 3);
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 1);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 10000);
	attr_unref(a);
	adv_free(adv);
	adv = NULL;
	ev_loop_destroy(loop);
}

/* Toward a 2-byte-AS peer: AS_TRANS in AS_PATH, the real path in
 * AS4_PATH (RFC 6793 4.2.2), merged back by the receiver. */
static void test_as4_old_speaker(void **state)
{
	static const struct attr_dec_ctx old = {
		.peer = "old", .local_as = 65009, .peer_as = LOCAL_AS,
		.as4 = false, .af = { true, true },
	};
	struct attr *a = mk("4200000001", -1, -1, "10.1.0.1", NULL, 0);
	struct adv_peer_desc d;
	struct update u;
	struct rbuf r;
	struct bgp_err err;
	uint8_t type;
	uint16_t len;
	bool trans = false;

	(void)state;
	add_v4(1, a, &sA, 1, 0);
	memset(&d, 0, sizeof(d));
	d.addr = nb[3].addr;
	d.local_as = LOCAL_AS;
	d.remote_as = 65009;
	d.as4 = false;
	d.af[BGP_AF_IPV4] = true;
	d.n = &nb[3];
	d.self4 = 0x0a0900fe;
	adv_peer_up_desc(adv, PEER(3), &d);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 1);
	for (size_t k = 0; k + 1 < caps[3].len[0]; k++)
		if (caps[3].m[0][k] == 0x5b && caps[3].m[0][k + 1] == 0xa0)
			trans = true;
	assert_true(trans);
	r.p = caps[3].m[0];
	r.left = caps[3].len[0];
	assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len, &err), 0);
	update_init(&u);
	assert_int_equal(update_decode(&u, caps[3].m[0] + BGP_HDR_LEN,
				       len - BGP_HDR_LEN, &old), ATTR_OK);
	assert_string_equal(path_str(u.attr[BGP_AF_IPV4]),
			    "65000 4200000001");
	update_fini(&u);
	attr_unref(a);
}

/* Next hops from the loopback interface (present on every Linux). */
static void test_desc_nexthops(void **state)
{
	struct adv_peer_desc d;
	struct ipaddr local, v6;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(ipaddr_parse("127.0.0.2", &d.addr), 0);
	assert_int_equal(ipaddr_parse("127.0.0.1", &local), 0);
	adv_desc_nexthops(&d, &local, RID);
	assert_int_equal(d.self4, 0x7f000001);
	assert_int_equal(d.mask4, 0xff000000);	/* 127.0.0.1/8: shared */
	assert_false(d.has_ll6);		/* lo has no link-local */
	if (d.has_self6) {	/* ::1 on lo: our IPv6 next hop */
		assert_int_equal(ipaddr_parse("::1", &v6), 0);
		assert_memory_equal(d.self6, v6.a, 16);
	} else {
		fprintf(stderr, "SKIP part: no ::1 on lo here\n");
	}
	/* An address on no interface: the router id for IPv4. */
	memset(&d, 0, sizeof(d));
	assert_int_equal(ipaddr_parse("2001:db8:ffff::1", &local), 0);
	adv_desc_nexthops(&d, &local, RID);
	assert_int_equal(d.self4, RID);
	assert_true(d.has_self6);
	assert_memory_equal(d.self6, local.a, 16);
	assert_false(d.has_ll6);
}

/* neighbor X route-map NAME out / prefix-list NAME out (policy.c). */
static void test_policy_out(void **state)
{
	static const char text[] =
		"router bgp 65000\n"
		" bgp router-id 10.0.0.100\n"
		" neighbor 10.9.0.1 remote-as 65009\n"
		" neighbor 10.9.0.1 route-map OUT out\n"
		" neighbor 10.0.0.4 remote-as 65000\n"
		" neighbor 10.0.0.4 prefix-list PL out\n"
		"!\n"
		"ip prefix-list PL seq 5 deny 192.0.2.0/24\n"
		"ip prefix-list PL seq 10 permit 0.0.0.0/0 le 32\n"
		"!\n"
		"route-map OUT permit 10\n"
		" set metric 77\n";
	struct config *c = NULL;
	struct config_diag diag;
	struct attr *in, *o;
	struct prefix p1 = P("192.0.2.0/24"), p2 = P("198.51.100.0/24");

	(void)state;
	config_diag_init(&diag);
	assert_int_equal(config_parse_string(text, "test", &c, &diag), 0);
	config_diag_free(&diag);
	up(3, false, "10.9.0.254");
	up(4, true, "10.0.0.100");
	adv_set_config(adv, c, RID);
	/* A MED set by policy does go to the other AS. */
	in = mk("65001", 50, -1, "10.1.0.1", NULL, 0);
	o = adv_out_attr(adv, PEER(3), BGP_AF_IPV4, &p1, in, sA.id);
	assert_non_null(o);
	assert_true(o->has_med);
	assert_int_equal(o->med, 77);
	assert_string_equal(path_str(o), "65000 65001");
	attr_unref(o);
	/* prefix-list out: 192.0.2.0/24 denied, others pass. */
	assert_null(adv_out_attr(adv, PEER(4), BGP_AF_IPV4, &p1, in, sA.id));
	o = adv_out_attr(adv, PEER(4), BGP_AF_IPV4, &p2, in, sA.id);
	assert_non_null(o);
	assert_int_equal(o->med, 50);
	attr_unref(o);
	attr_unref(in);
	adv_set_config(adv, &conf, RID);
	policy_config_changed(NULL);
	config_free(c);
}

/* A reload changes the outbound policy: adv_reevaluate sends only the
 * differences against the Adj-RIB-Out (issue 10). */
static void test_reevaluate(void **state)
{
	static const char text[] =
		"router bgp 65000\n"
		" bgp router-id 10.0.0.100\n"
		" neighbor 10.9.0.1 remote-as 65009\n"
		" neighbor 10.9.0.1 prefix-list PL out\n"
		"!\n"
		"ip prefix-list PL seq 5 deny 20.0.1.0/24\n"
		"ip prefix-list PL seq 10 permit 0.0.0.0/0 le 32\n";
	struct config *c = NULL;
	struct config_diag diag;
	struct attr *a = mk("65001", 5, -1, "10.1.0.1", NULL, 0);
	struct adv_peer_stats st;
	struct update u;

	(void)state;
	config_diag_init(&diag);
	assert_int_equal(config_parse_string(text, "test", &c, &diag), 0);
	config_diag_free(&diag);
	add_v4(3, a, &sA, 1, 0);
	up(3, false, "10.9.0.254");
	adv_flush_all(adv);
	check_announced(3, 3, 4, true);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 3);

	/* The prefix-list now denies 20.0.1.0/24: one withdrawal and
	 * nothing announced again. */
	cap_clear();
	adv_set_config(adv, c, RID);
	adv_reevaluate(adv, PEER(3), BGP_AF_IPV4);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 1);
	update_init(&u);
	decode(3, 0, &u);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 0);
	assert_int_equal(u.withdrawn[BGP_AF_IPV4].n, 1);
	update_fini(&u);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 2);
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 0);

	/* Nothing changed: nothing sent. */
	cap_clear();
	adv_reevaluate(adv, PEER(3), BGP_AF_IPV4);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 0);

	/* Back to no policy: the denied prefix is announced again. */
	adv_set_config(adv, &conf, RID);
	policy_config_changed(NULL);
	config_free(c);
	adv_reevaluate(adv, PEER(3), BGP_AF_IPV4);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 1);
	update_init(&u);
	decode(3, 0, &u);
	assert_int_equal(u.withdrawn[BGP_AF_IPV4].n, 0);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 1);
	assert_int_equal(v4idx(&u.announced[BGP_AF_IPV4].v[0]), 1);
	update_fini(&u);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 3);
	attr_unref(a);
}

/* IPv6 routes over an IPv4 session without IPv6 on the interface:
 * the IPv4-mapped address, no link-local; iBGP keeps the global next
 * hop of an eBGP route and drops its link-local (not ours to give). */
static void test_v6_nexthops(void **state)
{
	struct adv_peer_desc d;
	struct attr *in, *o;
	struct ipaddr m;
	struct prefix p = P("2001:db8:77::/48");

	(void)state;
	memset(&d, 0, sizeof(d));
	d.addr = nb[3].addr;
	d.local_as = LOCAL_AS;
	d.remote_as = 65009;
	d.af[BGP_AF_IPV6] = true;
	d.n = &nb[3];
	d.self4 = 0x0a0900fe;
	adv_peer_up_desc(adv, PEER(3), &d);
	in = mk("65001", -1, -1, "2001:db8:1::1", NULL, 0);
	o = adv_out_attr(adv, PEER(3), BGP_AF_IPV6, &p, in, sA.id);
	assert_non_null(o);
	assert_int_equal(ipaddr_parse("::ffff:10.9.0.254", &m), 0);
	assert_int_equal(o->nh_af, AF_INET6);
	assert_memory_equal(o->nh, m.a, 16);
	assert_null(attr_nh_ll(o));
	attr_unref(o);

	up(1, true, "10.0.0.100");
	{
		struct attr_build b;
		struct ipaddr ll;

		assert_int_equal(ipaddr_parse("fe80::1", &ll), 0);
		attr_build_from(&b, in);
		b.has_nh_ll = true;
		memcpy(b.nh_ll, ll.a, 16);
		attr_unref(in);
		in = attr_intern(&b);
		attr_build_clear(&b);
	}
	o = adv_out_attr(adv, PEER(1), BGP_AF_IPV6, &p, in, sA.id);
	assert_non_null(o);
	assert_string_equal(nh_str(o), "2001:db8:1::1");
	assert_null(attr_nh_ll(o));
	attr_unref(o);
	attr_unref(in);
}

/* Parse a config text for the tests below (policy.c compiles it). */
static struct config *parse(const char *text)
{
	struct config *c = NULL;
	struct config_diag diag;

	config_diag_init(&diag);
	assert_int_equal(config_parse_string(text, "test", &c, &diag), 0);
	config_diag_free(&diag);
	return c;
}

static void unparse(struct config *c)
{
	adv_set_config(adv, &conf, RID);
	policy_config_changed(NULL);
	config_free(c);
}

/*
 * Quagga applies route-map out before it prepends our AS (the prepend is
 * done when the attributes are encoded): "set as-path prepend 65555"
 * gives "65000 65555 65001", "match as-path" sees the path as received,
 * and what the map sets that may not leave the AS (LOCAL_PREF) does not
 * reach an eBGP peer, while it does reach an iBGP one.
 */
static void test_policy_out_order(void **state)
{
	static const char text[] =
		"router bgp 65000\n"
		" bgp router-id 10.0.0.100\n"
		" neighbor 10.9.0.1 remote-as 65009\n"
		" neighbor 10.9.0.1 route-map OUT out\n"
		" neighbor 10.0.0.4 remote-as 65000\n"
		" neighbor 10.0.0.4 route-map OUT out\n"
		"!\n"
		"ip as-path access-list FROM1 permit ^65001$\n"
		"!\n"
		"route-map OUT permit 10\n"
		" match as-path FROM1\n"
		" set as-path prepend 65555\n"
		" set local-preference 250\n"
		" set metric 9\n";
	struct config *c = parse(text);
	struct attr *in, *o;
	struct prefix p1 = P("192.0.2.0/24");

	(void)state;
	up(3, false, "10.9.0.254");
	up(4, true, "10.0.0.100");
	adv_set_config(adv, c, RID);
	in = mk("65001", 50, -1, "10.1.0.1", NULL, 0);
	o = adv_out_attr(adv, PEER(3), BGP_AF_IPV4, &p1, in, sA.id);
	assert_non_null(o);
	assert_string_equal(path_str(o), "65000 65555 65001");
	assert_false(o->has_local_pref);
	assert_true(o->has_med);
	assert_int_equal(o->med, 9);
	assert_string_equal(nh_str(o), "10.9.0.254");
	attr_unref(o);
	/* iBGP: no AS prepended by us, the map's LOCAL_PREF is sent. */
	o = adv_out_attr(adv, PEER(4), BGP_AF_IPV4, &p1, in, sA.id);
	assert_non_null(o);
	assert_string_equal(path_str(o), "65555 65001");
	assert_true(o->has_local_pref);
	assert_int_equal(o->local_pref, 250);
	attr_unref(o);
	attr_unref(in);
	/* The map sees the path without our AS: a longer path does not
	 * match ^65001$ and passes unchanged (entry 10 only matches). */
	in = mk("65002 65001", -1, -1, "10.1.0.1", NULL, 0);
	o = adv_out_attr(adv, PEER(3), BGP_AF_IPV4, &p1, in, sA.id);
	assert_null(o);		/* implicit deny at the end of OUT */
	attr_unref(in);
	unparse(c);
}

/* Outbound "set ip next-hop peer-address" is our address on the
 * session (Quagga's su_local), filled from the session. */
static void test_policy_out_peer_address(void **state)
{
	static const char text[] =
		"router bgp 65000\n"
		" neighbor 10.9.0.1 remote-as 65009\n"
		" neighbor 10.9.0.1 route-map NH out\n"
		"!\n"
		"route-map NH permit 10\n"
		" set ip next-hop peer-address\n";
	struct config *c = parse(text);
	struct adv_peer_desc d;
	struct attr *in, *o;
	struct prefix p1 = P("192.0.2.0/24");

	(void)state;
	memset(&d, 0, sizeof(d));
	d.addr = nb[3].addr;
	assert_int_equal(ipaddr_parse("10.9.0.77", &d.local), 0);
	d.local_as = LOCAL_AS;
	d.remote_as = 65009;
	d.as4 = true;
	d.af[BGP_AF_IPV4] = true;
	d.n = &nb[3];
	d.self4 = 0x0a0900fe;		/* 10.9.0.254: not what the map says */
	adv_peer_up_desc(adv, PEER(3), &d);
	adv_set_config(adv, c, RID);
	in = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	o = adv_out_attr(adv, PEER(3), BGP_AF_IPV4, &p1, in, sA.id);
	assert_non_null(o);
	assert_string_equal(nh_str(o), "10.9.0.77");
	assert_string_equal(path_str(o), "65000 65001");
	attr_unref(o);
	attr_unref(in);
	unparse(c);
}

/* Messages to peer i announcing (or withdrawing) the default of af:
 * returns the set of the last announcement (borrowed from u, NULL if
 * the last mention was a withdrawal or there was none); *ann, *wd count
 * them. */
static struct attr *dflt_seen(int i, enum bgp_af af, struct update *u,
			      unsigned *ann, unsigned *wd)
{
	struct attr *last = NULL;

	/* An iBGP peer's UPDATEs read as iBGP (empty path allowed). */
	static const struct attr_dec_ctx ibgp = {
		.peer = "test", .local_as = LOCAL_AS, .peer_as = LOCAL_AS,
		.ibgp = true, .as4 = true, .af = { true, true },
	};

	*ann = *wd = 0;
	for (size_t k = 0; k < caps[i].n; k++) {
		struct rbuf r = { caps[i].m[k], caps[i].len[k] };
		struct bgp_err err;
		uint8_t type;
		uint16_t len;

		assert_int_equal(msg_hdr_parse(&r, BGP_MAX_LEN, &type, &len,
					       &err), 0);
		update_reset(u);
		assert_int_equal(update_decode(u, caps[i].m[k] + BGP_HDR_LEN,
					       len - BGP_HDR_LEN,
					       i == 4 ? &ibgp : &dec_ebgp),
				 ATTR_OK);
		for (size_t j = 0; j < u->announced[af].n; j++)
			if (u->announced[af].v[j].len == 0) {
				(*ann)++;
				attr_unref(last);
				last = attr_ref(u->attr[af]);
			}
		for (size_t j = 0; j < u->withdrawn[af].n; j++)
			if (u->withdrawn[af].v[j].len == 0) {
				(*wd)++;
				attr_unref(last);
				last = NULL;
			}
	}
	return last;
}

/*
 * neighbor X default-originate (Quagga 1.2 bgp_default_originate):
 * 0.0.0.0/0 (and ::/0 in the IPv6 family) sent to that neighbor whether
 * or not the RIB has one, with origin IGP, our AS only, next hop self,
 * no MED; the RIB's own default is not sent to it; the neighbor without
 * it gets the RIB's; removing the statement withdraws it.
 */
static void test_default_originate(void **state)
{
	struct attr *a = mk("65001", 50, -1, "10.1.0.1", NULL, 0), *o;
	struct update u;
	unsigned ann, wd;

	(void)state;
	/* E: both families; D: IPv4 only. */
	nb[3].af[BGP_AF_IPV4].default_originate = true;
	nb[3].af[BGP_AF_IPV6].default_originate = true;
	nb[4].af[BGP_AF_IPV4].default_originate = true;
	add_v4(3, a, &sA, 1, 0);
	up(3, false, "10.9.0.254");	/* E, eBGP */
	up(4, true, "10.0.0.100");	/* D, iBGP */
	adv_flush_all(adv);
	update_init(&u);
	o = dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_int_equal(wd, 0);
	assert_non_null(o);
	assert_string_equal(path_str(o), "65000");
	assert_int_equal(o->origin, ORIGIN_IGP);
	assert_false(o->has_med);
	assert_false(o->has_local_pref);
	assert_string_equal(nh_str(o), "10.9.0.254");
	attr_unref(o);
	/* IPv6 too, with our global and link-local next hops. */
	o = dflt_seen(3, BGP_AF_IPV6, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_non_null(o);
	assert_string_equal(nh_str(o), "2001:db8::64");
	assert_non_null(attr_nh_ll(o));
	attr_unref(o);
	/* iBGP: LOCAL_PREF 100, empty path; not configured for IPv6. */
	o = dflt_seen(4, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_string_equal(path_str(o), "");
	assert_true(o->has_local_pref);
	assert_int_equal(o->local_pref, 100);
	attr_unref(o);
	assert_null(dflt_seen(4, BGP_AF_IPV6, &u, &ann, &wd));
	assert_int_equal(ann, 0);
	/* The dump ended with one End-of-RIB. */
	assert_int_equal(caps[3].eor[BGP_AF_IPV4], 1);

	/* A default in the RIB: not sent to E (ours stays), sent to A,
	 * who has no default-originate. */
	cap_clear();
	up(0, false, "10.1.0.254");
	{
		struct prefix d = P("0.0.0.0/0");
		struct ipaddr nh;

		assert_int_equal(ipaddr_parse("10.0.0.2", &nh), 0);
		assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &d, &sB,
					    attr_ref(a), &nh, 0), 0);
	}
	adv_flush_all(adv);
	o = dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann + wd, 0);	/* nothing new for E */
	o = dflt_seen(0, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_string_equal(path_str(o), "65000 65001");
	attr_unref(o);

	/* Statement removed: E gets the RIB's default instead; D (iBGP,
	 * the RIB's default is from iBGP B) gets a withdrawal. */
	cap_clear();
	nb[3].af[BGP_AF_IPV4].default_originate = false;
	nb[3].af[BGP_AF_IPV6].default_originate = false;
	nb[4].af[BGP_AF_IPV4].default_originate = false;
	adv_set_config(adv, &conf, RID);
	adv_flush_all(adv);
	o = dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_string_equal(path_str(o), "65000 65001");
	attr_unref(o);
	o = dflt_seen(3, BGP_AF_IPV6, &u, &ann, &wd);
	assert_int_equal(wd, 1);
	assert_null(o);
	o = dflt_seen(4, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(wd, 1);
	assert_null(o);
	update_fini(&u);
	attr_unref(a);
}

/*
 * default-originate route-map M: M is a condition on the table (some
 * path permitted by it), evaluated when the peer comes up, after a
 * config change (reload) and on a refresh, not on a change of the table,
 * as in Quagga 1.2; its set clauses do not change the default.
 */
static void test_default_originate_rmap(void **state)
{
	static const char text[] =
		"router bgp 65000\n"
		" neighbor 10.9.0.1 remote-as 65009\n"
		" neighbor 10.9.0.1 default-originate route-map COND\n"
		"!\n"
		"ip prefix-list WATCH seq 5 permit 192.0.2.0/24\n"
		"!\n"
		"route-map COND permit 10\n"
		" match ip address prefix-list WATCH\n"
		" set metric 5\n";
	struct config *c = parse(text);
	struct attr *a = mk("65001", -1, -1, "10.1.0.1", NULL, 0), *o;
	struct update u;
	unsigned ann, wd;
	struct prefix w = P("192.0.2.0/24");
	struct ipaddr nh;

	(void)state;
	add_v4(3, a, &sA, 1, 0);		/* 20.0.x.0/24: no match */
	up(3, false, "10.9.0.254");
	adv_set_config(adv, c, RID);		/* rebinds E to c */
	adv_flush_all(adv);
	update_init(&u);
	assert_null(dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd));
	assert_int_equal(ann + wd, 0);
	/* The watched route appears: not by itself (Quagga 1.2), but a
	 * reload evaluates M again. */
	assert_int_equal(ipaddr_parse("10.1.0.1", &nh), 0);
	assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &w, &sA, attr_ref(a),
				    &nh, 0), 0);
	adv_flush_all(adv);
	assert_null(dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd));
	assert_int_equal(ann + wd, 0);
	adv_set_config(adv, c, RID);
	adv_flush_all(adv);
	o = dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_non_null(o);
	assert_false(o->has_med);	/* M's "set metric" is not applied */
	assert_string_equal(path_str(o), "65000");
	attr_unref(o);
	/* Gone again: the next reload withdraws the default. */
	cap_clear();
	assert_int_equal(rib_withdraw(&rib, BGP_AF_IPV4, &w, &sA), 0);
	adv_set_config(adv, c, RID);
	adv_flush_all(adv);
	assert_null(dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd));
	assert_int_equal(wd, 1);
	/* A route refresh evaluates M too. */
	cap_clear();
	assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &w, &sA, attr_ref(a),
				    &nh, 0), 0);
	adv_refresh(adv, PEER(3), BGP_AF_IPV4);
	adv_flush_all(adv);
	o = dflt_seen(3, BGP_AF_IPV4, &u, &ann, &wd);
	assert_int_equal(ann, 1);
	assert_non_null(o);
	attr_unref(o);
	update_fini(&u);
	attr_unref(a);
	unparse(c);
}

/* A set whose AS_PATH is nasn ASNs long (AS_SEQUENCEs of up to 255). */
static struct attr *mk_long(unsigned nasn)
{
	size_t cap = nasn * 4 + (nasn / 255 + 1) * 2, len = 0;
	uint8_t *buf = malloc(cap);
	struct attr *base = mk("", -1, -1, "10.1.0.1", NULL, 0), *a;
	struct attr_build b;
	struct aspath *p;

	for (unsigned i = 0; i < nasn;) {
		unsigned n = nasn - i > 255 ? 255 : nasn - i;

		buf[len++] = AS_SEQUENCE;
		buf[len++] = (uint8_t)n;
		for (unsigned k = 0; k < n; k++, i++) {
			uint32_t as = 65001 + i % 1000;

			buf[len++] = (uint8_t)(as >> 24);
			buf[len++] = (uint8_t)(as >> 16);
			buf[len++] = (uint8_t)(as >> 8);
			buf[len++] = (uint8_t)as;
		}
	}
	p = aspath_intern(buf, len);
	free(buf);
	assert_non_null(p);
	attr_build_from(&b, base);
	attr_build_set_aspath(&b, p);
	aspath_unref(p);
	a = attr_intern(&b);
	attr_build_clear(&b);
	attr_unref(base);
	return a;
}

/*
 * A route whose attributes no longer fit a 4096-byte UPDATE (a path
 * grown too long) replaces one that was sent: the peer gets a
 * withdrawal, never an UPDATE with attributes and no NLRI, and the
 * Adj-RIB-Out forgets the prefix; a short path later is sent again.
 */
static void test_too_long_withdrawn(void **state)
{
	struct attr *shrt = mk("65001", -1, -1, "10.1.0.1", NULL, 0);
	struct attr *lng = mk_long(1100);	/* ~4.4 kB of AS_PATH */
	struct prefix p = v4n(7);
	struct adv_peer_stats st;
	struct ipaddr nh;
	struct update u;

	(void)state;
	assert_int_equal(ipaddr_parse("10.1.0.1", &nh), 0);
	up(3, false, "10.9.0.254");
	assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &p, &sA,
				    attr_ref(shrt), &nh, 0), 0);
	adv_flush_all(adv);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 1);
	cap_clear();
	assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &p, &sA, attr_ref(lng),
				    &nh, 0), 0);
	adv_flush_all(adv);
	update_init(&u);
	assert_int_equal(caps[3].n, 1);
	decode(3, 0, &u);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 0);
	assert_int_equal(u.withdrawn[BGP_AF_IPV4].n, 1);
	assert_int_equal(prefix_cmp(&u.withdrawn[BGP_AF_IPV4].v[0], &p), 0);
	assert_true(adv_peer_stats(adv, PEER(3), &st));
	assert_int_equal(st.prefixes[BGP_AF_IPV4], 0);
	/* Short again: announced. */
	cap_clear();
	assert_int_equal(rib_update(&rib, BGP_AF_IPV4, &p, &sA,
				    attr_ref(shrt), &nh, 0), 0);
	adv_flush_all(adv);
	assert_int_equal(caps[3].n, 1);
	decode(3, 0, &u);
	assert_int_equal(u.announced[BGP_AF_IPV4].n, 1);
	assert_string_equal(path_str(u.attr[BGP_AF_IPV4]), "65000 65001");
	update_fini(&u);
	attr_unref(lng);
	attr_unref(shrt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ebgp_rules, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ebgp_third_party, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ibgp_rules, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_communities_and_source,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pack_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pack_two_sets, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pack_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_and_flap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pack_v6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mrai, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mrai_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_outq_bound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_as4_old_speaker, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_desc_nexthops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_policy_out, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reevaluate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_policy_out_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_policy_out_peer_address,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_originate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_default_originate_rmap,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_long_withdrawn, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_v6_nexthops, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
