/*
 * call.c: running a command handler on the event-loop thread.
 *
 * A vty thread queues a request, wakes the loop with ev_async_send (thread
 * safe; sends coalesce, so the callback drains the whole queue) and waits
 * on the request's condition variable.  The loop runs the handler, which
 * writes into the request's own buffer and never touches libcli.  The loop
 * never waits for a vty thread: a chunked handler is called again only
 * when the vty thread has written the previous chunk and queued anew, so
 * other events (keepalives) run between chunks.
 *
 * On the loop thread itself, or before vty_call_start (unit tests), the
 * handler runs inline.
 */
#include <ev.h>
#include <pthread.h>
#include <stdbool.h>

#include "log.h"
#include "vty_int.h"

struct vty_req {
	const struct vty_cmd *cmd;
	struct vty_out *out;
	int argc;
	char **argv;
	int rc;
	bool done;
	pthread_cond_t cond;
	struct vty_req *next;
};

static struct {
	pthread_mutex_t lock;
	struct vty_req *head, **tail;
	struct ev_loop *loop;
	ev_async async;
	pthread_t loop_thread;
	bool running;
	bool stopping;
} q = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void req_finish(struct vty_req *r, int rc)
{
	r->rc = rc;
	r->done = true;
	pthread_cond_signal(&r->cond);
}

static void call_async_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct vty_req *list, *r, *next;

	(void)loop;
	(void)w;
	(void)revents;
	pthread_mutex_lock(&q.lock);
	list = q.head;
	q.head = NULL;
	q.tail = &q.head;
	pthread_mutex_unlock(&q.lock);
	for (r = list; r; r = next) {
		int rc = r->cmd->fn(r->out, r->argc, r->argv);

		/* r belongs to the waiting thread once done is set. */
		next = r->next;
		pthread_mutex_lock(&q.lock);
		req_finish(r, rc);
		pthread_mutex_unlock(&q.lock);
	}
}

int vty_call_start(struct ev_loop *loop)
{
	pthread_mutex_lock(&q.lock);
	q.head = NULL;
	q.tail = &q.head;
	q.loop = loop;
	q.loop_thread = pthread_self();
	q.stopping = false;
	q.running = true;
	pthread_mutex_unlock(&q.lock);
	ev_async_init(&q.async, call_async_cb);
	ev_async_start(loop, &q.async);
	/* The async watcher alone must not keep ev_run alive. */
	ev_unref(loop);
	return 0;
}

void vty_call_stop(void)
{
	struct vty_req *r, *next;

	pthread_mutex_lock(&q.lock);
	if (!q.running) {
		pthread_mutex_unlock(&q.lock);
		return;
	}
	q.stopping = true;
	for (r = q.head; r; r = next) {
		next = r->next;
		vty_out_puts(r->out, "% The daemon is stopping.\n");
		req_finish(r, VTY_FAIL);
	}
	q.head = NULL;
	q.tail = &q.head;
	pthread_mutex_unlock(&q.lock);
	ev_ref(q.loop);
	ev_async_stop(q.loop, &q.async);
	pthread_mutex_lock(&q.lock);
	q.running = false;
	pthread_mutex_unlock(&q.lock);
}

bool vty_call_stopping(void)
{
	bool s;

	pthread_mutex_lock(&q.lock);
	s = q.stopping;
	pthread_mutex_unlock(&q.lock);
	return s;
}

int vty_call(const struct vty_cmd *cmd, struct vty_out *out, int argc,
	     char **argv)
{
	struct vty_req r = { cmd, out, argc, argv, 0, false,
			     PTHREAD_COND_INITIALIZER, NULL };

	pthread_mutex_lock(&q.lock);
	if (q.stopping) {
		pthread_mutex_unlock(&q.lock);
		vty_out_puts(out, "% The daemon is stopping.\n");
		return VTY_FAIL;
	}
	if (!q.running || pthread_equal(pthread_self(), q.loop_thread)) {
		pthread_mutex_unlock(&q.lock);
		return cmd->fn(out, argc, argv);
	}
	*q.tail = &r;
	q.tail = &r.next;
	pthread_mutex_unlock(&q.lock);
	ev_async_send(q.loop, &q.async);
	pthread_mutex_lock(&q.lock);
	while (!r.done)
		pthread_cond_wait(&r.cond, &q.lock);
	pthread_mutex_unlock(&q.lock);
	pthread_cond_destroy(&r.cond);
	return r.rc;
}
