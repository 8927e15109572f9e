/*
 * writer.h: the netlink writer thread (DEVELOPERS.md: the second core
 * pushes prepared batches into the kernel).  The event loop fills
 * batches of route requests (fib_build_route, each with its own seq) and
 * submits them; the writer sends each batch with one sendto(), reads
 * the answers with its own NLMSG_ERROR handler (libmnl's default one
 * stops at the first ACK), records (seq, error, extack) per request, and
 * hands finished batches back in submission order through a queue and
 * the wake callback (an ev_async_send in the daemon).  By default only
 * the last request of a batch asks for an ACK: the kernel reports every
 * failure anyway and handles a datagram in order, so the last ACK
 * proves the rest (see ack_last_only() in writer.c).
 *
 * In flight: one batch at a time in the kernel, so the ACKs waiting on
 * the command socket are at most one batch's (FIBW_BATCH_BYTES of
 * requests, about 800 routes; a CAP_ACK ACK is 36 bytes but costs about
 * 1 KiB of receive buffer as an skb, so NL_RCVBUF_CMD = 8 MiB has ample
 * room).  If ACKs are lost anyway (ENOBUFS, timeout), the requests
 * without an ACK are reported FIBW_UNKNOWN and the loop resyncs them.
 *
 * Threads: the batch belongs to the loop until fibw_submit(), to the
 * writer until it comes back from fibw_collect().  Nothing else is
 * shared except the two queues, under one mutex.
 */
#ifndef OKAPI_WRITER_H
#define OKAPI_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl_sock;
struct fibw;

#define FIBW_BATCH_BYTES (64u << 10)
#define FIBW_UNKNOWN 1		/* res[i]: no ACK seen */
#define FIBW_EXTACK_MAX 4	/* error texts kept per batch */
#define FIBW_ACK_TIMEOUT_MS 2000

struct fibw_extack {
	uint32_t idx;		/* request index in the batch */
	char msg[96];
};

struct fibw_batch {
	struct fibw_batch *next;
	size_t limit;		/* full at this many bytes */
	uint32_t first_seq;	/* request i has seq first_seq + i */
	uint32_t nmsg;
	size_t len;
	void *user;		/* the loop's bookkeeping */
	/* Results (valid after collect): 0 ok, -errno, or FIBW_UNKNOWN. */
	int32_t *res;
	uint32_t nacked, nerr;
	int send_errno;		/* the sendto() failed: nothing was done */
	unsigned nextack;
	struct fibw_extack extack[FIBW_EXTACK_MAX];
	uint8_t buf[];		/* 2 * FIBW_BATCH_BYTES: room to overflow */
};

/* Bytes of requests per batch for batches made from now on (1 KiB to
 * FIBW_BATCH_BYTES; the default is FIBW_BATCH_BYTES).  For benchmarks. */
void fibw_set_batch_bytes(size_t bytes);
struct fibw_batch *fibw_batch_new(uint32_t first_seq);
void fibw_batch_free(struct fibw_batch *b);
/* Where the next request goes and how much room there is. */
void *fibw_batch_tail(struct fibw_batch *b, size_t *room);
/* The request just built at the tail (len bytes) is part of the batch. */
void fibw_batch_commit(struct fibw_batch *b, size_t len);
/* Full: submit it (one more request may still have been committed). */
bool fibw_batch_full(const struct fibw_batch *b);
/* The seq the next committed request must carry. */
uint32_t fibw_batch_next_seq(const struct fibw_batch *b);

struct fibw_stats {
	uint64_t batches, msgs, acks, errors, unknown, bytes;
};

/* cmd: the command socket (NL_CMD), owned by the caller. */
struct fibw *fibw_new(struct nl_sock *cmd, void (*wake)(void *arg),
		      void *wake_arg);
void fibw_set_wake_arg(struct fibw *w, void *arg);	/* before start */
/* ACK every request (true) or only the last of a batch (the default;
 * errors are reported either way).  Before fibw_start(). */
void fibw_set_ack_every(struct fibw *w, bool every);
int fibw_start(struct fibw *w);		/* 0, or -1 (pthread) */
/* Stop after the queued batches (they come back through collect). */
void fibw_stop(struct fibw *w);
void fibw_free(struct fibw *w);

/* Loop side.  Without a running thread the batch is pushed at once, in
 * the calling thread, and waits for fibw_collect() all the same. */
void fibw_submit(struct fibw *w, struct fibw_batch *b);
/* Finished batches, oldest first (a list through ->next), or NULL. */
struct fibw_batch *fibw_collect(struct fibw *w);
/* Submitted and not yet collected. */
size_t fibw_outstanding(const struct fibw *w);
void fibw_stats(struct fibw *w, struct fibw_stats *st);

/* Push one batch in the calling thread (shutdown, tests, benchmarks). */
void fibw_run_sync(struct fibw *w, struct fibw_batch *b);

#endif
