/*
 * adv.c: the advertisement module (see adv.h).  First cut: End-of-RIB
 * only, so that the RDE can be wired while the Adj-RIB-Out is written.
 */
#include <stdlib.h>

#include "adv.h"
#include "log.h"
#include "peer.h"

struct adv {
	struct ev_loop *loop;
	struct rib *rib;
	const struct config *conf;
	uint32_t router_id;
};

struct adv *adv_new(struct ev_loop *loop, struct rib *rib)
{
	struct adv *a = calloc(1, sizeof(*a));

	if (!a)
		fatal("adv_new: out of memory");
	a->loop = loop;
	a->rib = rib;
	return a;
}

void adv_free(struct adv *a)
{
	free(a);
}

void adv_set_config(struct adv *a, const struct config *c, uint32_t router_id)
{
	a->conf = c;
	a->router_id = router_id;
}

void adv_peer_up(struct adv *a, struct peer *p)
{
	(void)a;
	for (int af = 0; af < BGP_AF_MAX; af++)
		if (peer_af_negotiated(p, af))
			peer_send_eor(p, af);
}

void adv_peer_down(struct adv *a, struct peer *p)
{
	(void)a;
	(void)p;
}

void adv_rib_change(struct adv *a, const struct rib_change *c)
{
	(void)a;
	(void)c;
}

void adv_refresh(struct adv *a, struct peer *p, enum bgp_af af)
{
	(void)a;
	(void)p;
	(void)af;
}
