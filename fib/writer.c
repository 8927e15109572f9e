/*
 * writer.c: the netlink writer thread (see writer.h).
 *
 * rtnetlink handles the requests of a datagram one by one inside the
 * sender's sendmsg(), under RTNL, so in practice all ACKs are queued
 * when sendto() returns; they are still read with a bounded wait, and an
 * error in one request does not stop the others (libraries.md 2.2).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "netlink.h"
#include "writer.h"

#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif

struct fibw {
	struct nl_sock *cmd;
	void (*wake)(void *arg);
	void *wake_arg;
	pthread_t thread;
	bool running, stopping;
	bool ack_last;			/* see ack_last_only() */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct fibw_batch *todo, **todo_tail;
	struct fibw_batch *done, **done_tail;
	size_t outstanding;		/* loop side only */
	struct fibw_stats st;		/* under mu */
	uint8_t *rbuf;			/* writer side */
};

/* ---- batches ---- */

static size_t batch_bytes = FIBW_BATCH_BYTES;

void fibw_set_batch_bytes(size_t bytes)
{
	if (bytes < 1024)
		bytes = 1024;
	if (bytes > FIBW_BATCH_BYTES)
		bytes = FIBW_BATCH_BYTES;
	batch_bytes = bytes;
}

struct fibw_batch *fibw_batch_new(uint32_t first_seq)
{
	struct fibw_batch *b = malloc(sizeof(*b) + 2 * FIBW_BATCH_BYTES);

	if (!b)
		return NULL;
	memset(b, 0, sizeof(*b));
	b->first_seq = first_seq;
	b->limit = batch_bytes;
	return b;
}

void fibw_batch_free(struct fibw_batch *b)
{
	if (!b)
		return;
	free(b->res);
	free(b);
}

void *fibw_batch_tail(struct fibw_batch *b, size_t *room)
{
	*room = 2 * FIBW_BATCH_BYTES - b->len;
	return b->buf + b->len;
}

void fibw_batch_commit(struct fibw_batch *b, size_t len)
{
	b->len += len;
	b->nmsg++;
}

bool fibw_batch_full(const struct fibw_batch *b)
{
	return b->len >= b->limit;
}

uint32_t fibw_batch_next_seq(const struct fibw_batch *b)
{
	return b->first_seq + b->nmsg;
}

/* ---- ACK reading ---- */

struct ack_ctx {
	struct fibw_batch *b;
	uint32_t pending;
};

static int extack_attr(const struct nlattr *a, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		*msg = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

/* The kernel's error text (NETLINK_EXT_ACK), or NULL. */
static const char *extack_of(const struct nlmsghdr *nlh,
			     const struct nlmsgerr *e)
{
	size_t off = sizeof(*e), plen = mnl_nlmsg_get_payload_len(nlh);
	const char *msg = NULL;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (off > plen)
		return NULL;
	mnl_attr_parse(nlh, (unsigned)off, extack_attr, &msg);
	return msg;
}

static void record_extack(struct fibw_batch *b, uint32_t idx, const char *msg)
{
	struct fibw_extack *x;

	if (!msg || b->nextack >= FIBW_EXTACK_MAX)
		return;
	x = &b->extack[b->nextack++];
	x->idx = idx;
	strncpy(x->msg, msg, sizeof(x->msg) - 1);
	x->msg[sizeof(x->msg) - 1] = 0;
}

/* NLMSG_ERROR: an ACK (error 0) or an error, for one of our seqs. */
static int on_error(const struct nlmsghdr *nlh, void *data)
{
	struct ack_ctx *c = data;
	struct fibw_batch *b = c->b;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	uint32_t idx;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return MNL_CB_OK;
	idx = nlh->nlmsg_seq - b->first_seq;
	if (idx >= b->nmsg || b->res[idx] != FIBW_UNKNOWN)
		return MNL_CB_OK;	/* stale, from an abandoned batch */
	b->res[idx] = e->error;
	b->nacked++;
	c->pending--;
	if (e->error) {
		b->nerr++;
		record_extack(b, idx, extack_of(nlh, e));
	}
	return MNL_CB_OK;
}

static int on_stop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

/*
 * Ask for an ACK on the last request only.  The kernel answers every
 * failed request with an NLMSG_ERROR whether or not NLM_F_ACK is set,
 * and handles the requests of a datagram in order, so once the last
 * one's ACK is in, every earlier request without an error succeeded.
 * This saves one skb and one recv() per route (performance.md 2.1:
 * ACK-on-last is about 25% faster than an ACK per message).
 */
static void ack_last_only(struct fibw_batch *b)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)b->buf;
	int left = (int)b->len;
	uint32_t i;

	for (i = 0; i + 1 < b->nmsg && mnl_nlmsg_ok(nlh, left); i++) {
		nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		nlh = mnl_nlmsg_next(nlh, &left);
	}
}

/* The last ACK came: the requests before it without an error are done. */
static void fill_implicit(struct fibw_batch *b)
{
	uint32_t i;

	for (i = 0; i + 1 < b->nmsg; i++) {
		if (b->res[i] == FIBW_UNKNOWN) {
			b->res[i] = 0;
			b->nacked++;
		}
	}
}

static void push(struct fibw *w, struct fibw_batch *b)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = on_error,
					 [NLMSG_DONE] = on_stop };
	struct ack_ctx c = { b, b->nmsg };

	if (w->ack_last)
		ack_last_only(b);
	if (nl_send(w->cmd, b->buf, b->len) < 0) {
		b->send_errno = errno;
		return;
	}
	while (c.pending) {
		if (w->ack_last && b->res[b->nmsg - 1] != FIBW_UNKNOWN) {
			fill_implicit(b);
			return;
		}
		ssize_t n = nl_recv(w->cmd, w->rbuf, NL_RECV_BUF,
				    FIBW_ACK_TIMEOUT_MS);

		if (n <= 0) {
			log_err("fib: %u of %u ACKs lost (%s): those routes "
				"will be resynced", c.pending, b->nmsg,
				n == 0 ? "timeout" : strerror(errno));
			return;
		}
		mnl_cb_run2(w->rbuf, (size_t)n, 0, nl_portid(w->cmd), NULL, &c,
			    ctl, NLMSG_MIN_TYPE);
	}
}

void fibw_run_sync(struct fibw *w, struct fibw_batch *b)
{
	uint32_t i;

	free(b->res);
	b->res = malloc((b->nmsg ? b->nmsg : 1) * sizeof(*b->res));
	if (!b->res) {
		b->send_errno = ENOMEM;
		return;
	}
	for (i = 0; i < b->nmsg; i++)
		b->res[i] = FIBW_UNKNOWN;
	b->nacked = b->nerr = 0;
	b->nextack = 0;
	b->send_errno = 0;
	if (b->nmsg)
		push(w, b);
	pthread_mutex_lock(&w->mu);
	w->st.batches++;
	w->st.msgs += b->nmsg;
	w->st.bytes += b->len;
	w->st.acks += b->nacked;
	w->st.errors += b->nerr;
	w->st.unknown += b->send_errno ? b->nmsg : b->nmsg - b->nacked;
	pthread_mutex_unlock(&w->mu);
}

/* ---- the thread ---- */

static void *writer_main(void *arg)
{
	struct fibw *w = arg;
	struct fibw_batch *b;

	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->todo && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
		b = w->todo;
		if (!b) {
			pthread_mutex_unlock(&w->mu);
			return NULL;
		}
		w->todo = b->next;
		if (!w->todo)
			w->todo_tail = &w->todo;
		pthread_mutex_unlock(&w->mu);

		fibw_run_sync(w, b);

		pthread_mutex_lock(&w->mu);
		b->next = NULL;
		*w->done_tail = b;
		w->done_tail = &b->next;
		pthread_mutex_unlock(&w->mu);
		if (w->wake)
			w->wake(w->wake_arg);
	}
}

struct fibw *fibw_new(struct nl_sock *cmd, void (*wake)(void *arg),
		      void *wake_arg)
{
	struct fibw *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->rbuf = malloc(NL_RECV_BUF);
	if (!w->rbuf) {
		free(w);
		return NULL;
	}
	w->cmd = cmd;
	w->wake = wake;
	w->wake_arg = wake_arg;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->todo_tail = &w->todo;
	w->done_tail = &w->done;
	w->ack_last = true;
	return w;
}

void fibw_set_wake_arg(struct fibw *w, void *arg)
{
	w->wake_arg = arg;
}

void fibw_set_ack_every(struct fibw *w, bool every)
{
	w->ack_last = !every;
}

int fibw_start(struct fibw *w)
{
	if (w->running)
		return 0;
	w->stopping = false;
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0)
		return -1;
	w->running = true;
	return 0;
}

void fibw_stop(struct fibw *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	w->running = false;
}

void fibw_free(struct fibw *w)
{
	struct fibw_batch *b, *next;

	if (!w)
		return;
	fibw_stop(w);
	for (b = w->todo; b; b = next) {
		next = b->next;
		fibw_batch_free(b);
	}
	for (b = w->done; b; b = next) {
		next = b->next;
		fibw_batch_free(b);
	}
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->rbuf);
	free(w);
}

void fibw_submit(struct fibw *w, struct fibw_batch *b)
{
	b->next = NULL;
	w->outstanding++;
	if (!w->running) {
		/* No thread (tests, exit): push it now, in this thread. */
		fibw_run_sync(w, b);
		pthread_mutex_lock(&w->mu);
		*w->done_tail = b;
		w->done_tail = &b->next;
		pthread_mutex_unlock(&w->mu);
		return;
	}
	pthread_mutex_lock(&w->mu);
	*w->todo_tail = b;
	w->todo_tail = &b->next;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

struct fibw_batch *fibw_collect(struct fibw *w)
{
	struct fibw_batch *b, *x;

	pthread_mutex_lock(&w->mu);
	b = w->done;
	w->done = NULL;
	w->done_tail = &w->done;
	pthread_mutex_unlock(&w->mu);
	for (x = b; x; x = x->next)
		w->outstanding--;
	return b;
}

size_t fibw_outstanding(const struct fibw *w)
{
	return w->outstanding;
}

void fibw_stats(struct fibw *w, struct fibw_stats *st)
{
	pthread_mutex_lock(&w->mu);
	*st = w->st;
	pthread_mutex_unlock(&w->mu);
}
