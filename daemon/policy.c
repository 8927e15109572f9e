/*
 * policy.c: route-map, prefix-list, access-list, community-list and
 * as-path access-list evaluation (see policy.h).  First cut: linear
 * lookups; the route-map clauses come next.
 */
#include <string.h>

#include "policy.h"

void policy_config_changed(const struct config *c)
{
	(void)c;
}

enum policy_verdict policy_prefix_list(const struct config *c,
				       const char *name,
				       const struct prefix *p)
{
	const struct plist_entry *e;
	const struct plist *l;

	if (!name || !(l = config_find_plist(c, name, p->af)))
		return POLICY_PERMIT;
	for (e = l->entries; e; e = e->next) {
		unsigned ge = e->ge ? e->ge : e->prefix.len;
		unsigned le = e->le ? e->le : (e->ge ? af_maxlen(p->af)
						      : e->prefix.len);

		if (e->prefix.af == p->af && p->len >= ge && p->len <= le &&
		    prefix_contains(&e->prefix, p))
			return e->permit ? POLICY_PERMIT : POLICY_DENY;
	}
	return POLICY_DENY;
}

enum policy_verdict policy_access_list(const struct config *c,
				       const char *name,
				       const struct prefix *p)
{
	const struct acl_entry *e;
	const struct acl *l;

	if (!name)
		return POLICY_PERMIT;
	if (!(l = config_find_acl(c, name, p->af)))
		return POLICY_DENY;
	for (e = l->entries; e; e = e->next) {
		if (e->any || (e->exact_match ? prefix_cmp(&e->prefix, p) == 0
					      : prefix_contains(&e->prefix, p)))
			return e->permit ? POLICY_PERMIT : POLICY_DENY;
	}
	return POLICY_DENY;
}

enum policy_verdict policy_as_path_list(const struct config *c,
					const char *name,
					const struct aspath *path)
{
	(void)path;
	if (!name)
		return POLICY_PERMIT;
	return config_find_aslist(c, name) ? POLICY_PERMIT : POLICY_DENY;
}

enum policy_verdict policy_route_map(const struct config *c, const char *name,
				     struct policy_route *r)
{
	r->set = 0;
	if (!name)
		return POLICY_PERMIT;
	return config_find_rmap(c, name) ? POLICY_PERMIT : POLICY_DENY;
}
