/*
 * config.c: the life of a struct config: defaults, free, lookups, deep
 * comparison (for reload), and the diagnostics list.  Parsing lives in
 * config_parse.c (driver, top level, lists), config_bgp.c (router bgp)
 * and config_rmap.c (route-maps); printing in config_print.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "log.h"

/* --- diagnostics --- */

void config_diag_init(struct config_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void config_diag_free(struct config_diag *d)
{
	unsigned i;

	for (i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	memset(d, 0, sizeof(*d));
}

void config_diag_add(struct config_diag *d, bool error, const char *fmt, ...)
{
	va_list ap;
	char *m;
	int n;

	if (error)
		d->nerrors++;
	else
		d->nwarnings++;
	if (d->n >= CONFIG_DIAG_MAX)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	m = config_xcalloc((size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(m, (size_t)n + 1, fmt, ap);
	va_end(ap);
	/* Grow by doubling: thousands of warnings stay linear. */
	if ((d->n & (d->n - 1)) == 0)
		d->msgs = config_xrealloc(d->msgs, d->n ? d->n * 2 : 1,
					  sizeof(*d->msgs));
	d->msgs[d->n++] = m;
}

void config_diag_print(const struct config_diag *d, FILE *f)
{
	unsigned i, total = d->nerrors + d->nwarnings;

	for (i = 0; i < d->n; i++)
		fprintf(f, "%s\n", d->msgs[i]);
	if (total > d->n)
		fprintf(f, "(%u more errors/warnings not shown)\n",
			total - d->n);
}

/* --- new / free --- */

static void nbr_af_defaults(struct nbr_af_conf *a)
{
	memset(a, 0, sizeof(*a));
	a->activate = -1;
	a->send_community = CONF_COMM_ALL;
	a->max_prefix_threshold = 75;
}

struct nbr_conf *config_nbr_new(const struct ipaddr *addr)
{
	struct nbr_conf *n = config_xcalloc(1, sizeof(*n));
	int af;

	n->addr = *addr;
	n->port = CONF_DEF_BGP_PORT;
	n->keepalive = n->holdtime = -1;
	n->connect_retry = -1;
	n->adv_interval = -1;
	for (af = 0; af < BGP_AF_MAX; af++)
		nbr_af_defaults(&n->af[af]);
	return n;
}

struct bgp_conf *config_bgp_new(uint32_t asn)
{
	struct bgp_conf *b = config_xcalloc(1, sizeof(*b));
	int af;

	b->asn = asn;
	b->default_ipv4_unicast = true;
	b->ebgp_requires_policy = false;
	b->log_neighbor_changes = true;
	b->default_local_pref = CONF_DEF_LOCAL_PREF;
	b->keepalive = CONF_DEF_KEEPALIVE;
	b->holdtime = CONF_DEF_HOLDTIME;
	b->gr_restart_time = CONF_DEF_GR_RESTART_TIME;
	b->gr_stalepath_time = CONF_DEF_GR_STALEPATH_TIME;
	for (af = 0; af < BGP_AF_MAX; af++) {
		b->af[af].max_paths = 1;
		b->af[af].max_paths_ibgp = 1;
	}
	return b;
}

struct config *config_new(void)
{
	struct config *c = config_xcalloc(1, sizeof(*c));

	c->log_file_level = LOG_LVL_DEBUG;
	c->log_stdout_level = -1;
	c->log_syslog_level = -1;
	c->exec_timeout = CONF_DEF_EXEC_TIMEOUT;
	c->vty_max_sessions = CONF_DEF_VTY_SESSIONS;
	return c;
}

static void nbr_af_free(struct nbr_af_conf *a)
{
	free(a->default_originate_rmap);
	free(a->rmap_in);
	free(a->rmap_out);
	free(a->plist_in);
	free(a->plist_out);
	free(a->flist_in);
	free(a->flist_out);
}

void config_nbr_free(struct nbr_conf *n)
{
	int af;

	free(n->description);
	free(n->update_source);
	free(n->password);
	for (af = 0; af < BGP_AF_MAX; af++)
		nbr_af_free(&n->af[af]);
	free(n);
}

static void bgp_free(struct bgp_conf *b)
{
	struct nbr_conf *n, *nn;
	int af;

	if (!b)
		return;
	for (n = b->neighbors; n; n = nn) {
		nn = n->next;
		config_nbr_free(n);
	}
	for (af = 0; af < BGP_AF_MAX; af++) {
		struct network_conf *w, *wn;
		struct redist_conf *r, *rn;

		for (w = b->af[af].networks; w; w = wn) {
			wn = w->next;
			free(w->rmap);
			free(w);
		}
		for (r = b->af[af].redists; r; r = rn) {
			rn = r->next;
			free(r->type);
			free(r->rmap);
			free(r);
		}
	}
	free(b);
}

static void strlist_free(struct strlist_entry *e)
{
	struct strlist_entry *n;

	for (; e; e = n) {
		n = e->next;
		free(e->value);
		free(e);
	}
}

static void clauses_free(struct rmap_clause *c)
{
	struct rmap_clause *n;

	for (; c; c = n) {
		n = c->next;
		free(c->text);
		free(c->arg);
		free(c);
	}
}

static void rmaps_free(struct rmap *m)
{
	struct rmap *mn;

	for (; m; m = mn) {
		struct rmap_entry *e, *en;

		mn = m->next;
		for (e = m->entries; e; e = en) {
			en = e->next;
			config_rmap_entry_free(e);
		}
		free(m->name);
		free(m);
	}
}

void config_rmap_entry_free(struct rmap_entry *e)
{
	clauses_free(e->matches);
	clauses_free(e->sets);
	free(e->call);
	free(e->description);
	free(e);
}

static void lists_free(struct config *c)
{
	struct acl *a, *an;
	struct plist *p, *pn;
	struct clist *l, *ln;
	struct aslist *s, *sn;

	for (a = c->acls; a; a = an) {
		struct acl_entry *e, *en;

		an = a->next;
		for (e = a->entries; e; e = en) {
			en = e->next;
			free(e);
		}
		free(a->name);
		free(a);
	}
	for (p = c->plists; p; p = pn) {
		struct plist_entry *e, *en;

		pn = p->next;
		for (e = p->entries; e; e = en) {
			en = e->next;
			free(e);
		}
		free(p->name);
		free(p);
	}
	for (l = c->clists; l; l = ln) {
		ln = l->next;
		strlist_free(l->entries);
		free(l->name);
		free(l);
	}
	for (s = c->aslists; s; s = sn) {
		sn = s->next;
		strlist_free(s->entries);
		free(s->name);
		free(s);
	}
}

void config_free(struct config *c)
{
	if (!c)
		return;
	free(c->hostname);
	free(c->password);
	free(c->enable_password);
	free(c->banner_motd);
	free(c->log_file);
	free(c->vty_access_class);
	free(c->vty_ipv6_access_class);
	bgp_free(c->bgp);
	lists_free(c);
	rmaps_free(c->rmaps);
	free(c);
}

/* --- lookups --- */

struct nbr_conf *config_find_nbr(const struct bgp_conf *b,
				 const struct ipaddr *addr)
{
	struct nbr_conf *n;

	if (!b)
		return NULL;
	for (n = b->neighbors; n; n = n->next)
		if (ipaddr_cmp(&n->addr, addr) == 0)
			return n;
	return NULL;
}

bool config_nbr_active(const struct bgp_conf *b, const struct nbr_conf *n,
		       enum bgp_af af)
{
	if ((unsigned)af >= BGP_AF_MAX)
		return false;
	if (n->af[af].activate >= 0)
		return n->af[af].activate > 0;
	/* Quagga: "bgp default ipv4-unicast" activates every neighbor for
	 * IPv4 unicast; other families need an explicit activate. */
	return af == BGP_AF_IPV4 && (!b || b->default_ipv4_unicast);
}

struct rmap *config_find_rmap(const struct config *c, const char *name)
{
	struct rmap *m;

	for (m = c->rmaps; m; m = m->next)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

struct plist *config_find_plist(const struct config *c, const char *name,
				int af)
{
	struct plist *p;

	for (p = c->plists; p; p = p->next)
		if (p->af == af && strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

struct acl *config_find_acl(const struct config *c, const char *name, int af)
{
	struct acl *a;

	for (a = c->acls; a; a = a->next)
		if (a->af == af && strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

static struct clist *find_clist(const struct config *c, const char *name,
				bool large)
{
	struct clist *l;

	for (l = c->clists; l; l = l->next)
		if (l->large == large && strcmp(l->name, name) == 0)
			return l;
	return NULL;
}

struct clist *config_find_clist(const struct config *c, const char *name)
{
	return find_clist(c, name, false);
}

struct clist *config_find_lclist(const struct config *c, const char *name)
{
	return find_clist(c, name, true);
}

struct aslist *config_find_aslist(const struct config *c, const char *name)
{
	struct aslist *s;

	for (s = c->aslists; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}
