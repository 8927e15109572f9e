/*
 * mirror.c: the kernel mirror (see mirror.h).
 *
 * Links and addresses are few (tens on a router) and live in plain
 * arrays searched linearly; routes live in a patricia trie per family
 * (daemon/trie.h, which owns the entries), each prefix holding the list
 * of its kernel routes
 * (the kernel's key is table, prefix, tos, metric; tos is ignored).
 *
 * The kernel does not report everything it does.  On an interface going
 * administratively down, IPv4 silently flushes every route whose next
 * hops are all on it (fib_sync_down_dev + fib_flush send no RTM_DELROUTE),
 * so we do the same here; on carrier loss IPv4 only sets RTNH_F_LINKDOWN
 * on the next hops, again without a message, so usability is judged from
 * the link's own state (IFF_RUNNING, IFF_LOWER_UP) and never from the
 * route's flags (which a dump may show stale, see nh_usable).
 *
 * Limitations: tos and preference are not part of the key; nexthop
 * objects (RTA_NH_ID) of other daemons are seen only through the
 * expanded next hops the kernel adds in compat mode (the default).
 */
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mirror.h"
#include "trie.h"

struct mroute {
	struct mroute *next;
	uint32_t table, metric, flags;
	uint8_t protocol, type, scope, n_nh, gen;
	struct fib_nexthop nh[];
};

struct mentry {
	struct mroute *routes;
	struct trie_node node;		/* last: IPv6 key words follow */
};

struct maddr {
	struct fib_addr a;
	uint8_t gen;
};

struct mirror {
	struct mirror_ops ops;
	mirror_route_fn watch;		/* mirror_set_route_watch */
	void *watch_arg;
	uint32_t own_table, own_pid;
	uint8_t gen;
	struct trie t[2];
	struct mirror_link *links;
	size_t nlinks, links_cap;
	struct maddr *addrs;
	size_t naddrs, addrs_cap;
	struct mirror_stats st;
};

static int fam_idx(int af)
{
	return af == AF_INET6;
}

static struct mentry *entry_of(struct trie_node *n)
{
	return (struct mentry *)((char *)n - offsetof(struct mentry, node));
}

static void report(struct mirror *m, enum mirror_chg_kind k, uint32_t ifindex,
		   const struct prefix *p)
{
	struct mirror_change c;

	if (!m->ops.changed)
		return;
	memset(&c, 0, sizeof(c));
	c.kind = k;
	c.ifindex = ifindex;
	if (p)
		c.prefix = *p;
	m->ops.changed(m->ops.arg, &c);
}

struct mirror *mirror_new(const struct mirror_ops *ops, uint32_t own_table)
{
	struct mirror *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	if (ops)
		m->ops = *ops;
	m->own_table = own_table ? own_table : RT_TABLE_MAIN;
	trie_init(&m->t[0], AF_INET, sizeof(struct mentry),
		  offsetof(struct mentry, node), _Alignof(struct mentry));
	trie_init(&m->t[1], AF_INET6, sizeof(struct mentry),
		  offsetof(struct mentry, node), _Alignof(struct mentry));
	return m;
}

static void free_entry(struct trie_node *n, void *arg)
{
	struct mentry *e = entry_of(n);
	struct mroute *r, *next;

	(void)arg;
	for (r = e->routes; r; r = next) {
		next = r->next;
		free(r);
	}
	e->routes = NULL;	/* the trie frees the entry itself */
}

void mirror_free(struct mirror *m)
{
	if (!m)
		return;
	trie_destroy(&m->t[0], free_entry, NULL);
	trie_destroy(&m->t[1], free_entry, NULL);
	free(m->links);
	free(m->addrs);
	free(m);
}

void mirror_set_own_pid(struct mirror *m, uint32_t pid)
{
	m->own_pid = pid;
}

uint32_t mirror_own_table(const struct mirror *m)
{
	return m->own_table;
}

/* ---- links ---- */

static struct mirror_link *link_find(const struct mirror *m, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < m->nlinks; i++)
		if (m->links[i].ifindex == ifindex)
			return &m->links[i];
	return NULL;
}

const struct mirror_link *mirror_link_get(const struct mirror *m,
					  uint32_t ifindex)
{
	return link_find(m, ifindex);
}

bool mirror_link_usable(const struct mirror *m, uint32_t ifindex)
{
	const struct mirror_link *l = link_find(m, ifindex);
	uint32_t need = IFF_UP | IFF_RUNNING | IFF_LOWER_UP;

	if (!l || (l->flags & need) != need)
		return false;
	return l->operstate == IF_OPER_UP || l->operstate == IF_OPER_UNKNOWN;
}

/* The public value of stored route x of prefix p. */
static void mroute_get(const struct mroute *x, const struct prefix *p,
		       struct fib_route *r)
{
	memset(r, 0, sizeof(*r));
	r->dst = *p;
	r->table = x->table;
	r->metric = x->metric;
	r->flags = x->flags;
	r->protocol = x->protocol;
	r->type = (enum fib_route_type)x->type;
	r->scope = x->scope;
	r->n_nh = x->n_nh;
	memcpy(r->nh, x->nh, x->n_nh * sizeof(x->nh[0]));
}

/*
 * Routes already unlinked from the mirror (a list through ->next): tell
 * the route watch they are gone, then free them.  Called once the trie
 * is consistent again, so the watch may query the mirror.
 */
static void gone_report(struct mirror *m, struct mroute *list,
			const struct prefix *p)
{
	struct mroute *x, *next;
	struct fib_route r;

	for (x = list; x; x = next) {
		next = x->next;
		if (m->watch) {
			mroute_get(x, p, &r);
			m->watch(m->watch_arg, &r, true);
		}
		free(x);
	}
}

void mirror_set_route_watch(struct mirror *m, mirror_route_fn fn, void *arg)
{
	m->watch = fn;
	m->watch_arg = arg;
}

/* Does route r only use interface ifindex? */
static bool route_only_on(const struct mroute *r, uint32_t ifindex)
{
	unsigned i;

	if (r->n_nh == 0)
		return false;
	for (i = 0; i < r->n_nh; i++)
		if (r->nh[i].ifindex != ifindex)
			return false;
	return true;
}

struct flush_ctx {
	struct mirror *m;
	uint32_t ifindex;
	int fam;
};

/* Drop the routes of one prefix that match the flush; unlink if empty. */
static int flush_one(struct trie_node *n, void *arg)
{
	struct flush_ctx *f = arg;
	struct mentry *e = entry_of(n);
	struct mroute **pp = &e->routes, *r, *gone = NULL;
	struct prefix p;

	while ((r = *pp)) {
		if (route_only_on(r, f->ifindex)) {
			*pp = r->next;
			r->next = gone;
			gone = r;
			f->m->st.routes[f->fam]--;
		} else {
			pp = &r->next;
		}
	}
	if (!gone)
		return 0;
	trie_node_prefix(&f->m->t[f->fam], n, &p);
	if (!e->routes)
		trie_remove(&f->m->t[f->fam], n);	/* frees e */
	gone_report(f->m, gone, &p);
	report(f->m, MIRROR_CHG_ROUTE, 0, &p);
	return 0;
}

static void flush_routes_on(struct mirror *m, uint32_t ifindex, bool v4_only)
{
	struct flush_ctx f = { m, ifindex, 0 };

	trie_walk(&m->t[0], flush_one, &f);
	if (v4_only)
		return;
	f.fam = 1;
	trie_walk(&m->t[1], flush_one, &f);
}

static void addrs_drop_if(struct mirror *m, uint32_t ifindex)
{
	size_t i = 0;

	while (i < m->naddrs) {
		if (m->addrs[i].a.ifindex == ifindex) {
			struct prefix p = m->addrs[i].a.prefix;

			m->addrs[i] = m->addrs[--m->naddrs];
			report(m, MIRROR_CHG_ADDR, ifindex, &p);
		} else {
			i++;
		}
	}
}

static void link_remove(struct mirror *m, struct mirror_link *l)
{
	uint32_t ifindex = l->ifindex;

	*l = m->links[--m->nlinks];
	addrs_drop_if(m, ifindex);
	flush_routes_on(m, ifindex, false);
	report(m, MIRROR_CHG_LINK, ifindex, NULL);
}

static struct mirror_link *link_add(struct mirror *m, uint32_t ifindex)
{
	if (m->nlinks == m->links_cap) {
		size_t cap = m->links_cap ? m->links_cap * 2 : 16;
		struct mirror_link *v = realloc(m->links, cap * sizeof(*v));

		if (!v)
			return NULL;
		m->links = v;
		m->links_cap = cap;
	}
	memset(&m->links[m->nlinks], 0, sizeof(*m->links));
	m->links[m->nlinks].ifindex = ifindex;
	return &m->links[m->nlinks++];
}

void mirror_link_update(struct mirror *m, const struct fib_link *fl)
{
	struct mirror_link *l = link_find(m, fl->ifindex);
	bool was_up, changed;

	if (fl->deleted) {
		if (l)
			link_remove(m, l);
		return;
	}
	if (!l) {
		l = link_add(m, fl->ifindex);
		if (!l) {
			log_err("fib: out of memory for link %u", fl->ifindex);
			return;
		}
		l->flags = 0;
		changed = true;
		was_up = false;
	} else {
		changed = l->flags != fl->flags || l->operstate != fl->operstate;
		was_up = l->flags & IFF_UP;
	}
	l->flags = fl->flags;
	l->operstate = fl->operstate;
	l->gen = m->gen;
	if (fl->name[0])
		memcpy(l->name, fl->name, sizeof(l->name));
	/* IPv4 flushes the routes of a downed interface without a word. */
	if (was_up && !(fl->flags & IFF_UP))
		flush_routes_on(m, fl->ifindex, true);
	if (changed)
		report(m, MIRROR_CHG_LINK, fl->ifindex, NULL);
}

/* ---- addresses ---- */

static struct maddr *addr_find(struct mirror *m, const struct fib_addr *a)
{
	size_t i;

	for (i = 0; i < m->naddrs; i++) {
		struct fib_addr *x = &m->addrs[i].a;

		if (x->ifindex == a->ifindex && x->prefix.len == a->prefix.len &&
		    ipaddr_cmp(&x->addr, &a->addr) == 0)
			return &m->addrs[i];
	}
	return NULL;
}

void mirror_addr_update(struct mirror *m, const struct fib_addr *a)
{
	struct maddr *x = addr_find(m, a);

	if (a->deleted) {
		if (!x)
			return;
		*x = m->addrs[--m->naddrs];
		report(m, MIRROR_CHG_ADDR, a->ifindex, &a->prefix);
		return;
	}
	if (!x) {
		if (m->naddrs == m->addrs_cap) {
			size_t cap = m->addrs_cap ? m->addrs_cap * 2 : 16;
			struct maddr *v = realloc(m->addrs, cap * sizeof(*v));

			if (!v) {
				log_err("fib: out of memory for an address");
				return;
			}
			m->addrs = v;
			m->addrs_cap = cap;
		}
		x = &m->addrs[m->naddrs++];
		x->a = *a;
		x->gen = m->gen;
		report(m, MIRROR_CHG_ADDR, a->ifindex, &a->prefix);
		return;
	}
	x->gen = m->gen;
	if (x->a.flags != a->flags) {
		x->a = *a;
		report(m, MIRROR_CHG_ADDR, a->ifindex, &a->prefix);
	}
}

bool mirror_onlink(const struct mirror *m, const struct ipaddr *a,
		   uint32_t *ifindex)
{
	size_t i;

	for (i = 0; i < m->naddrs; i++) {
		const struct fib_addr *x = &m->addrs[i].a;

		if (x->prefix.af != a->af || !prefix_contains_addr(&x->prefix, a))
			continue;
		if (ipaddr_cmp(&x->addr, a) == 0)
			continue;	/* our own address is not a next hop */
		if (x->flags & IFA_F_DADFAILED)
			continue;
		if (!mirror_link_usable(m, x->ifindex))
			continue;
		if (ifindex)
			*ifindex = x->ifindex;
		return true;
	}
	return false;
}

/* ---- routes ---- */

static bool table_watched(const struct mirror *m, uint32_t table)
{
	return table == RT_TABLE_MAIN || table == m->own_table;
}

static struct mroute *mroute_new(const struct fib_route *r, uint8_t gen)
{
	struct mroute *x = malloc(sizeof(*x) + r->n_nh * sizeof(x->nh[0]));

	if (!x)
		return NULL;
	x->next = NULL;
	x->table = r->table;
	x->metric = r->metric;
	x->flags = r->flags;
	x->protocol = r->protocol;
	x->type = (uint8_t)r->type;
	x->scope = r->scope;
	x->n_nh = r->n_nh;
	x->gen = gen;
	memcpy(x->nh, r->nh, r->n_nh * sizeof(x->nh[0]));
	return x;
}

static bool mroute_same(const struct mroute *x, const struct fib_route *r)
{
	return x->flags == r->flags && x->protocol == r->protocol &&
	       x->type == (uint8_t)r->type && x->n_nh == r->n_nh &&
	       memcmp(x->nh, r->nh, r->n_nh * sizeof(x->nh[0])) == 0;
}

static struct mentry *entry_get(struct mirror *m, int fam, const struct prefix *p)
{
	bool created;
	struct trie_node *n = trie_get(&m->t[fam], p, &created);

	return n ? entry_of(n) : NULL;
}

static void route_delete(struct mirror *m, int fam, const struct fib_route *r)
{
	struct trie_node *n = trie_lookup(&m->t[fam], &r->dst);
	struct mentry *e;
	struct mroute **pp, *x;

	if (!n)
		return;
	e = entry_of(n);
	for (pp = &e->routes; (x = *pp); pp = &x->next)
		if (x->table == r->table && x->metric == r->metric)
			break;
	if (!x)
		return;
	*pp = x->next;
	x->next = NULL;
	m->st.routes[fam]--;
	if (!e->routes)
		trie_remove(&m->t[fam], n);	/* frees e */
	gone_report(m, x, &r->dst);
	report(m, MIRROR_CHG_ROUTE, 0, &r->dst);
}

static void route_store(struct mirror *m, int fam, const struct fib_route *r)
{
	struct mentry *e = entry_get(m, fam, &r->dst);
	struct mroute **pp, *x, *nx;

	if (!e) {
		log_err("fib: out of memory mirroring a kernel route");
		return;
	}
	for (pp = &e->routes; (x = *pp); pp = &x->next)
		if (x->table == r->table && x->metric == r->metric)
			break;
	if (x && mroute_same(x, r)) {
		x->gen = m->gen;
		return;
	}
	nx = mroute_new(r, m->gen);
	if (!nx) {
		log_err("fib: out of memory mirroring a kernel route");
		return;
	}
	if (x) {
		nx->next = x->next;
		free(x);
	} else {
		m->st.routes[fam]++;
	}
	*pp = nx;
	if (m->watch) {
		struct fib_route v;

		mroute_get(nx, &r->dst, &v);
		m->watch(m->watch_arg, &v, false);
	}
	report(m, MIRROR_CHG_ROUTE, 0, &r->dst);
}

void mirror_route_update(struct mirror *m, const struct fib_route *r,
			 bool deleted, bool from_dump)
{
	int fam = fam_idx(r->dst.af);

	if (!table_watched(m, r->table))
		return;
	if (r->protocol == FIB_PROTO_BGP && r->table == m->own_table) {
		m->st.own_seen++;
		if (m->ops.own_route)
			m->ops.own_route(m->ops.arg, r, deleted, from_dump);
		return;
	}
	if (deleted)
		route_delete(m, fam, r);
	else
		route_store(m, fam, r);
}

/* ---- messages ---- */

static int apply(struct mirror *m, const struct nlmsghdr *nlh, bool dump)
{
	union {
		struct fib_route r;
		struct fib_link l;
		struct fib_addr a;
	} u;
	bool del;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (fib_parse_link(nlh, &u.l) < 0)
			break;
		mirror_link_update(m, &u.l);
		return 0;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (fib_parse_addr(nlh, &u.a) < 0)
			break;
		mirror_addr_update(m, &u.a);
		return 0;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (fib_parse_route(nlh, &u.r, &del) < 0)
			break;
		mirror_route_update(m, &u.r, del, dump);
		return 0;
	default:
		return 0;	/* not ours to mirror */
	}
	m->st.bad++;
	return -1;
}

int mirror_apply_event(struct mirror *m, const struct nlmsghdr *nlh)
{
	if (m->own_pid && nlh->nlmsg_pid == m->own_pid) {
		m->st.echoes++;
		return 0;
	}
	return apply(m, nlh, false);
}

int mirror_apply_dump(struct mirror *m, const struct nlmsghdr *nlh)
{
	return apply(m, nlh, true);
}

/* ---- resync ---- */

void mirror_resync_begin(struct mirror *m)
{
	m->gen++;
}

struct sweep_ctx {
	struct mirror *m;
	int fam;
};

static int sweep_one(struct trie_node *n, void *arg)
{
	struct sweep_ctx *s = arg;
	struct mentry *e = entry_of(n);
	struct mroute **pp = &e->routes, *r, *gone = NULL;
	struct prefix p;

	while ((r = *pp)) {
		if (r->gen != s->m->gen) {
			*pp = r->next;
			r->next = gone;
			gone = r;
			s->m->st.routes[s->fam]--;
		} else {
			pp = &r->next;
		}
	}
	if (!gone)
		return 0;
	trie_node_prefix(&s->m->t[s->fam], n, &p);
	if (!e->routes)
		trie_remove(&s->m->t[s->fam], n);	/* frees e */
	gone_report(s->m, gone, &p);
	report(s->m, MIRROR_CHG_ROUTE, 0, &p);
	return 0;
}

void mirror_resync_end(struct mirror *m)
{
	struct sweep_ctx s = { m, 0 };
	size_t i = 0;

	while (i < m->nlinks) {
		if (m->links[i].gen != m->gen)
			link_remove(m, &m->links[i]);
		else
			i++;
	}
	i = 0;
	while (i < m->naddrs) {
		if (m->addrs[i].gen != m->gen) {
			struct fib_addr a = m->addrs[i].a;

			m->addrs[i] = m->addrs[--m->naddrs];
			report(m, MIRROR_CHG_ADDR, a.ifindex, &a.prefix);
		} else {
			i++;
		}
	}
	trie_walk(&m->t[0], sweep_one, &s);
	s.fam = 1;
	trie_walk(&m->t[1], sweep_one, &s);
}

/* ---- lookup ---- */

/*
 * A next hop is as usable as its interface.  Its RTNH_F_LINKDOWN and
 * RTNH_F_DEAD flags are not looked at: the kernel derives them from the
 * interface's state and clears them without a message when it comes
 * back, so a route read by a dump taken while the link was down (a
 * resync) would otherwise stay unusable for ever.
 */
static bool nh_usable(const struct mirror *m, const struct fib_nexthop *nh)
{
	return mirror_link_usable(m, nh->ifindex);
}

/* The best usable route of a prefix: lowest metric, first usable nh. */
static bool entry_pick(const struct mirror *m, const struct mentry *e,
		       struct mirror_match *out)
{
	const struct mroute *r, *best = NULL;
	const struct fib_nexthop *bnh = NULL;
	unsigned i;

	for (r = e->routes; r; r = r->next) {
		if (r->type != FIB_RT_UNICAST || r->protocol == FIB_PROTO_BGP)
			continue;
		if (best && best->metric <= r->metric)
			continue;
		for (i = 0; i < r->n_nh; i++) {
			if (nh_usable(m, &r->nh[i])) {
				best = r;
				bnh = &r->nh[i];
				break;
			}
		}
	}
	if (!best)
		return false;
	out->table = best->table;
	out->metric = best->metric;
	out->protocol = best->protocol;
	out->nh = *bnh;
	return true;
}

int mirror_lookup(const struct mirror *m, const struct ipaddr *a,
		  bool allow_default, struct mirror_match *out)
{
	const struct trie *t = &m->t[fam_idx(a->af)];
	struct prefix p;

	memset(&p, 0, sizeof(p));
	p.af = a->af;
	p.len = (uint8_t)af_maxlen(a->af);
	memcpy(p.a, a->a, af_bytes(a->af));
	for (;;) {
		struct trie_node *n = trie_match(t, &p);

		if (!n || (n->len == 0 && !allow_default))
			return -1;
		if (entry_pick(m, entry_of(n), out)) {
			trie_node_prefix(t, n, &out->dst);
			return 0;
		}
		if (n->len == 0)
			return -1;
		p.len = (uint8_t)(n->len - 1);
		prefix_clear_host_bits(&p);
	}
}

struct walk_ctx {
	const struct mirror *m;
	int fam;
	int (*fn)(const struct fib_route *r, void *arg);
	void *arg;
};

static int walk_one(struct trie_node *n, void *arg)
{
	struct walk_ctx *w = arg;
	const struct mroute *x;
	struct fib_route r;
	struct prefix p;
	int rc;

	trie_node_prefix(&w->m->t[w->fam], n, &p);
	for (x = entry_of(n)->routes; x; x = x->next) {
		mroute_get(x, &p, &r);
		rc = w->fn(&r, w->arg);
		if (rc)
			return rc;
	}
	return 0;
}

int mirror_walk_routes(const struct mirror *m,
		       int (*fn)(const struct fib_route *r, void *arg),
		       void *arg)
{
	struct walk_ctx w = { m, 0, fn, arg };
	int rc;

	/* trie_walk wants a mutable trie; walk_one never modifies it. */
	rc = trie_walk((struct trie *)&m->t[0], walk_one, &w);
	if (rc)
		return rc;
	w.fam = 1;
	return trie_walk((struct trie *)&m->t[1], walk_one, &w);
}

void mirror_stats(const struct mirror *m, struct mirror_stats *st)
{
	*st = m->st;
	st->links = m->nlinks;
	st->addrs = m->naddrs;
}
