/*
 * fibsys.c: assembling the kernel side (see fibsys.h): sockets, the
 * event watcher, resyncs after ENOBUFS, and the callbacks between the
 * mirror, next-hop tracking, FIB installation and the RIB.
 *
 * ENOBUFS on the event socket means the kernel dropped notifications:
 * the mirror may be wrong and so may our idea of our own routes.  It is
 * logged and counted, never fatal; a timer (100 ms, doubling up to 5 s
 * while overruns repeat) re-dumps links, addresses and routes into the
 * mirror (what the dump does not show is removed), re-resolves every
 * tracked next hop and reconciles okapi's routes (kernel.c).
 *
 * The initial dump is read synchronously (nothing else runs yet); a
 * resync dump is read by an ev_io watcher in slices of RESYNC_SLICE
 * datagrams, so that a table of a million routes of ours does not stall
 * the loop.  Meanwhile the event socket is not read: its notifications
 * wait in its buffer and are applied after the dump, in the order the
 * kernel made them (reading both at once would let an event overtake the
 * older dump chunk it supersedes); if they overflow it, another resync
 * follows.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "fibsys.h"
#include "log.h"
#include "netlink.h"
#include "writer.h"

#define DUMP_TIMEOUT_MS 10000
#define RESYNC_SLICE 16		/* datagrams (up to 64 KiB) per callback */
#define RESYNC_TIMEOUT 30.	/* seconds for a whole resync */

/* Nexthop objects first: their ids are known before the routes that
 * use them; without nexthop objects (old kernel, plain_routes) the dump
 * starts at links. */
static const uint16_t dump_types[] = { RTM_GETNEXTHOP, RTM_GETLINK,
				       RTM_GETADDR, RTM_GETROUTE };
#define NDUMP (sizeof(dump_types) / sizeof(dump_types[0]))

struct fibsys {
	struct ev_loop *loop;
	struct fibsys_cfg cfg;
	struct nl_sock *ev, *dump, *cmd;
	struct mirror *m;
	struct nexthop *nh;
	struct fibw *w;
	struct kernel *k;
	struct rib *rib;
	ev_io io;
	ev_timer resync;
	ev_io dump_io;			/* an asynchronous resync dump */
	ev_timer dump_guard;
	unsigned dump_stage, dump_restarts;
	double backoff;
	void (*watch)(void *arg, const struct ipaddr *a,
		      const struct rib_nh_state *st);
	void *watch_arg;
	struct fibsys_stats st;
};

/* ---- callbacks between the parts ---- */

static void own_route(void *arg, const struct fib_route *r, bool deleted,
		      bool from_dump)
{
	struct fibsys *fs = arg;

	kernel_own_route(fs->k, r, deleted, from_dump);
}

static void schedule_resync(struct fibsys *fs);

/* The kernel deletes the nexthop objects on an interface that goes
 * down or loses carrier, and every route using them, silently for IPv4
 * (issue 4): a resync finds what is missing and puts it back. */
static void mirror_changed(void *arg, const struct mirror_change *c)
{
	struct fibsys *fs = arg;

	if (c->kind == MIRROR_CHG_LINK &&
	    !mirror_link_usable(fs->m, c->ifindex) &&
	    kernel_link_gone(fs->k, c->ifindex)) {
		log_info("fib: interface %u is down: the kernel removed our "
			 "nexthop objects on it and their routes; resyncing",
			 c->ifindex);
		schedule_resync(fs);
	}
	nexthop_mirror_changed(fs->nh, c);
}

static void nh_changed(void *arg, const struct ipaddr *a,
		       const struct rib_nh_state *st)
{
	struct fibsys *fs = arg;

	if (fs->watch)
		fs->watch(fs->watch_arg, a, st);
	if (fs->rib)
		rib_nh_changed(fs->rib, a, st);
}

static void nh_fwd_changed(void *arg, const struct ipaddr *a)
{
	struct fibsys *fs = arg;

	kernel_nh_fwd_changed(fs->k, a);
}

void fibsys_rib_change(void *arg, const struct rib_change *c)
{
	struct fibsys *fs = arg;

	kernel_rib_change(fs->k, c);
}

/* ---- dumps ---- */

static int dump_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct fibsys *fs = arg;
	struct fib_nhobj o;

	if (nlh->nlmsg_type == RTM_NEWNEXTHOP) {
		if (fib_parse_nhobj(nlh, &o) == 0)
			kernel_nhobj(fs->k, &o, true);
		return 0;
	}
	return mirror_apply_dump(fs->m, nlh);
}

static size_t first_dump(const struct fibsys *fs)
{
	return kernel_nhid(fs->k) ? 0 : 1;
}

/* One stage of a dump is complete. */
static void dump_stage_done(struct fibsys *fs, size_t stage)
{
	if (dump_types[stage] == RTM_GETNEXTHOP)
		kernel_nhobj_dump_done(fs->k);
}

/* An inconsistent dump is redone from the start: begin a new round so
 * that what only the partial dump showed is swept as well. */
static void dump_restart(void *arg)
{
	struct fibsys *fs = arg;

	mirror_resync_begin(fs->m);
	kernel_collect_begin(fs->k);
}

static int dump_all(struct fibsys *fs)
{
	const uint16_t *types = dump_types;
	size_t i;

	mirror_resync_begin(fs->m);
	kernel_collect_begin(fs->k);
	for (i = first_dump(fs); i < NDUMP; i++) {
		if (nl_dump_sync(fs->dump, types[i], AF_UNSPEC, dump_msg, fs,
				 dump_restart, DUMP_TIMEOUT_MS) < 0) {
			if (types[i] == RTM_GETNEXTHOP) {
				/* Linux < 5.3: plain routes. */
				log_info("fib: no nexthop objects in this kernel "
					 "(%s): routes go in with their next "
					 "hops", strerror(errno));
				kernel_set_nhid(fs->k, false);
				continue;
			}
			log_err("fib: kernel dump failed: %s", strerror(errno));
			kernel_collect_end(fs->k);
			return -1;
		}
		dump_stage_done(fs, i);
	}
	mirror_resync_end(fs->m);
	kernel_collect_end(fs->k);
	return 0;
}

int fibsys_resync(struct fibsys *fs)
{
	if (ev_is_active(&fs->dump_io)) {
		errno = EBUSY;
		return -1;
	}
	fs->st.resyncs++;
	if (dump_all(fs) < 0) {
		fs->st.resync_failures++;
		return -1;
	}
	nexthop_reevaluate_all(fs->nh);
	return 0;
}

static void schedule_resync(struct fibsys *fs)
{
	if (ev_is_active(&fs->resync))
		return;
	ev_timer_set(&fs->resync, fs->backoff, 0.);
	ev_timer_start(fs->loop, &fs->resync);
}

/* End an asynchronous resync: resume the events, and on failure try
 * again later (the mirror stays marked wrong until then). */
static void async_end(struct fibsys *fs, bool ok)
{
	ev_io_stop(fs->loop, &fs->dump_io);
	ev_timer_stop(fs->loop, &fs->dump_guard);
	if (ok) {
		mirror_resync_end(fs->m);
		kernel_collect_end(fs->k);
		nexthop_reevaluate_all(fs->nh);
		fs->st.resyncs++;
		log_info("fib: resynchronised with the kernel");
	} else {
		kernel_collect_end(fs->k);
		fs->st.resync_failures++;
		schedule_resync(fs);
	}
	ev_io_start(fs->loop, &fs->io);
	ev_feed_event(fs->loop, &fs->io, EV_READ);	/* what waited */
}

static int async_stage(struct fibsys *fs, unsigned stage)
{
	fs->dump_stage = stage;
	if (nl_dump_start(fs->dump, dump_types[stage], AF_UNSPEC) < 0) {
		log_err("fib: kernel dump request failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void async_begin(struct fibsys *fs)
{
	mirror_resync_begin(fs->m);
	kernel_collect_begin(fs->k);
	if (async_stage(fs, (unsigned)first_dump(fs)) < 0) {
		async_end(fs, false);
		return;
	}
	ev_io_stop(fs->loop, &fs->io);
	ev_io_start(fs->loop, &fs->dump_io);
	ev_timer_set(&fs->dump_guard, RESYNC_TIMEOUT, 0.);
	ev_timer_start(fs->loop, &fs->dump_guard);
}

static void dump_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct fibsys *fs = w->data;
	int rc = nl_dump_read_some(fs->dump, dump_msg, fs, RESYNC_SLICE);

	(void)loop;
	(void)revents;
	if (rc == NL_DUMP_MORE)
		return;
	if (rc == NL_DUMP_INTR && fs->dump_restarts++ < 5) {
		log_info("fib: kernel dump was inconsistent, redoing it");
		dump_restart(fs);
		if (async_stage(fs, (unsigned)first_dump(fs)) < 0)
			async_end(fs, false);
		return;
	}
	if (rc != NL_DUMP_DONE) {
		log_err("fib: kernel dump failed: %s",
			rc < 0 ? strerror(errno) : "inconsistent 5 times");
		async_end(fs, false);
		return;
	}
	dump_stage_done(fs, fs->dump_stage);
	if (fs->dump_stage + 1 < NDUMP) {
		if (async_stage(fs, fs->dump_stage + 1) < 0)
			async_end(fs, false);
		return;
	}
	async_end(fs, true);
}

static void dump_guard_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct fibsys *fs = t->data;

	(void)loop;
	(void)revents;
	log_err("fib: kernel dump did not finish in %.0f s", RESYNC_TIMEOUT);
	async_end(fs, false);
}

static void resync_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct fibsys *fs = t->data;

	(void)loop;
	(void)revents;
	if (ev_is_active(&fs->dump_io)) {
		/* One is running and may have read the routes already:
		 * another one after it. */
		schedule_resync(fs);
		return;
	}
	log_info("fib: resynchronising with the kernel after lost events");
	fs->dump_restarts = 0;
	async_begin(fs);
}

static void overrun(struct fibsys *fs)
{
	fs->st.overruns++;
	log_warn("fib: kernel dropped netlink notifications (ENOBUFS, %llu "
		 "so far), will resync", (unsigned long long)fs->st.overruns);
	if (ev_is_active(&fs->resync)) {
		/* Still overrunning before the resync: back off. */
		fs->backoff *= 2;
		if (fs->backoff > FIBSYS_RESYNC_MAX_MS / 1000.0)
			fs->backoff = FIBSYS_RESYNC_MAX_MS / 1000.0;
		return;
	}
	schedule_resync(fs);
}

static int event_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct fibsys *fs = arg;
	struct fib_nhobj o;

	fs->st.events++;
	if (nlh->nlmsg_type == RTM_NEWNEXTHOP ||
	    nlh->nlmsg_type == RTM_DELNEXTHOP) {
		if (nlh->nlmsg_pid == nl_portid(fs->cmd) ||
		    fib_parse_nhobj(nlh, &o) < 0)
			return 0;	/* our echo, or not for us */
		if (kernel_nhobj(fs->k, &o, false)) {
			log_warn("fib: nexthop object %u of ours was deleted "
				 "(with its routes); resyncing", o.id);
			schedule_resync(fs);
		}
		return 0;
	}
	return mirror_apply_event(fs->m, nlh);
}

static void io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct fibsys *fs = w->data;
	bool over = false;

	(void)loop;
	(void)revents;
	if (nl_events_read(fs->ev, event_msg, fs, &over) < 0)
		log_err("fib: netlink event socket: %s", strerror(errno));
	if (over)
		overrun(fs);
	else if (!ev_is_active(&fs->resync) && !ev_is_active(&fs->dump_io))
		fs->backoff = FIBSYS_RESYNC_MIN_MS / 1000.0;
}

/* ---- lifetime ---- */

static int open_parts(struct fibsys *fs)
{
	struct mirror_ops mo = { mirror_changed, own_route, fs };
	struct nexthop_cfg nc = { fs->cfg.resolve_via_default };
	struct nexthop_notify nn = { nh_changed, nh_fwd_changed, fs };
	struct kernel_cfg kc = { fs->cfg.table, fs->cfg.no_install,
				 fs->cfg.retain };

	fs->ev = nl_open(NL_EVENTS, fs->cfg.event_rcvbuf);
	fs->dump = nl_open(NL_DUMP, 0);
	fs->cmd = nl_open(NL_CMD, 0);
	if (!fs->ev || !fs->dump || !fs->cmd) {
		log_err("fib: cannot open netlink sockets: %s", strerror(errno));
		return -1;
	}
	fs->m = mirror_new(&mo, fs->cfg.table);
	fs->nh = nexthop_new(fs->loop, fs->m, &nc, &nn);
	fs->w = fibw_new(fs->cmd, kernel_wake, NULL);
	if (!fs->m || !fs->nh || !fs->w)
		return -1;
	fs->k = kernel_new(fs->loop, &kc, fs->w);
	if (!fs->k)
		return -1;
	kernel_set_nhid(fs->k, !fs->cfg.plain_routes &&
			       !(getenv("OKAPI_FIB_PLAIN") &&
				 strcmp(getenv("OKAPI_FIB_PLAIN"), "1") == 0));
	fibw_set_wake_arg(fs->w, fs->k);
	mirror_set_own_pid(fs->m, nl_portid(fs->cmd));
	return 0;
}

struct fibsys *fibsys_new(struct ev_loop *loop, const struct fibsys_cfg *cfg)
{
	struct fibsys *fs = calloc(1, sizeof(*fs));

	if (!fs)
		return NULL;
	fs->loop = loop;
	fs->cfg = *cfg;
	fs->backoff = FIBSYS_RESYNC_MIN_MS / 1000.0;
	if (open_parts(fs) < 0 || dump_all(fs) < 0 || fibw_start(fs->w) < 0) {
		fibsys_free(fs);
		return NULL;
	}
	ev_io_init(&fs->io, io_cb, nl_fd(fs->ev), EV_READ);
	fs->io.data = fs;
	ev_io_start(loop, &fs->io);
	ev_init(&fs->resync, resync_cb);
	fs->resync.data = fs;
	ev_io_init(&fs->dump_io, dump_io_cb, nl_fd(fs->dump), EV_READ);
	fs->dump_io.data = fs;
	ev_init(&fs->dump_guard, dump_guard_cb);
	fs->dump_guard.data = fs;
	return fs;
}

void fibsys_rib_ops(struct fibsys *fs, struct rib_nh_ops *ops)
{
	nexthop_rib_ops(fs->nh, ops);
}

void fibsys_attach_rib(struct fibsys *fs, struct rib *rib)
{
	fs->rib = rib;
	kernel_source_rib(fs->k, rib, fs->nh);
}

void fibsys_converged(struct fibsys *fs)
{
	kernel_converged(fs->k);
}

void fibsys_set_resolve_via_default(struct fibsys *fs, bool on)
{
	struct nexthop_cfg nc = { on };

	fs->cfg.resolve_via_default = on;
	nexthop_set_cfg(fs->nh, &nc);
}

size_t fibsys_shutdown(struct fibsys *fs, unsigned budget_ms)
{
	/* Nothing is tracked any more: leave the notification groups, so
	 * that the kernel does not queue a notice of every route it
	 * deletes to us (IPv6 sends one per route even when a nexthop
	 * object goes). */
	ev_io_stop(fs->loop, &fs->io);
	ev_timer_stop(fs->loop, &fs->resync);
	ev_io_stop(fs->loop, &fs->dump_io);
	ev_timer_stop(fs->loop, &fs->dump_guard);
	nl_close(fs->ev);
	fs->ev = NULL;
	kernel_set_async_exit(fs->k, true);
	return kernel_shutdown(fs->k, budget_ms);
}

static struct fibsys *exit_fs;		/* its exit deletion in flight */

static void free_now(struct fibsys *fs)
{
	if (fs->w)
		fibw_stop(fs->w);
	kernel_free(fs->k);
	fibw_free(fs->w);
	nexthop_free(fs->nh);
	mirror_free(fs->m);
	nl_close(fs->ev);
	nl_close(fs->dump);
	nl_close(fs->cmd);
	free(fs);
}

/* At exit(): the kernel's removal of our routes ran on the writer
 * thread while the daemon freed its tables; wait for it here. */
static void exit_wait(void)
{
	struct fibsys *fs = exit_fs;
	ev_tstamp t0 = ev_time();

	if (!fs)
		return;
	exit_fs = NULL;
	fibw_stop(fs->w);
	kernel_collect(fs->k);
	log_info("fib: okapi's routes removed with their nexthop objects "
		 "(waited %.0f ms at exit)", (ev_time() - t0) * 1000.0);
	free_now(fs);
}

void fibsys_free(struct fibsys *fs)
{
	if (!fs)
		return;
	if (fs->loop) {
		ev_io_stop(fs->loop, &fs->io);
		ev_timer_stop(fs->loop, &fs->resync);
		ev_io_stop(fs->loop, &fs->dump_io);
		ev_timer_stop(fs->loop, &fs->dump_guard);
	}
	kernel_detach_loop(fs->k);
	if (fs->k && fs->w && kernel_exit_pending(fs->k) && !exit_fs &&
	    atexit(exit_wait) == 0) {
		exit_fs = fs;	/* the rest of the exit runs meanwhile */
		return;
	}
	free_now(fs);
}

struct mirror *fibsys_mirror(struct fibsys *fs)
{
	return fs->m;
}

struct nexthop *fibsys_nexthop(struct fibsys *fs)
{
	return fs->nh;
}

struct kernel *fibsys_kernel(struct fibsys *fs)
{
	return fs->k;
}

void fibsys_stats(const struct fibsys *fs, struct fibsys_stats *st)
{
	*st = fs->st;
}

void fibsys_set_nh_watch(struct fibsys *fs,
			 void (*fn)(void *arg, const struct ipaddr *a,
				    const struct rib_nh_state *st),
			 void *arg)
{
	fs->watch = fn;
	fs->watch_arg = arg;
}

void fibsys_set_route_watch(struct fibsys *fs,
	void (*fn)(void *arg, const struct fib_route *r, bool deleted),
	void *arg)
{
	mirror_set_route_watch(fs->m, fn, arg);
}

struct walk_arg {
	void (*fn)(void *arg, const struct fib_route *r, bool deleted);
	void *arg;
};

static int walk_route(const struct fib_route *r, void *arg)
{
	struct walk_arg *w = arg;

	w->fn(w->arg, r, false);
	return 0;
}

void fibsys_walk_routes(struct fibsys *fs,
	void (*fn)(void *arg, const struct fib_route *r, bool deleted),
	void *arg)
{
	struct walk_arg w = { fn, arg };

	mirror_walk_routes(fs->m, walk_route, &w);
}
