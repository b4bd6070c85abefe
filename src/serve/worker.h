/*
 * Peer workers: one thread per pinned peer, each with its own database
 * connection (node_open) and its own curl handles, running that peer's
 * delivery (deliver.h) and then its witnessing (witness.h), every 50 ms
 * or at once when woken. A peer that is slow, silent or hostile holds
 * only its own worker: no other peer's delivery, witnessing or deadline
 * ever waits on its network. The daemon's main thread owns the set and
 * never touches a worker's connection.
 */
#ifndef HL_WORKER_H
#define HL_WORKER_H

struct node;
struct workers;

/* An empty set for the node in dir (copied). HL_ENOMEM, or 0. */
int workers_new(const char *dir, struct workers **out)
    __attribute__((warn_unused_result));

/*
 * Matches the workers to the peers pinned at n (the caller's node, used
 * in the calling thread only): joins the workers that have ended, asks
 * those whose peer is no longer pinned to stop (without waiting for
 * them), and starts one for each pinned peer that has none. A peer's new
 * worker waits until its old one has ended, so that a peer never has two
 * batches on the wire. Never blocks on the network.
 */
void workers_sync(struct workers *ws, struct node *n);

/* The outbox grew: every worker looks at it now. */
void workers_wake(struct workers *ws);

/*
 * Stops every worker and joins them: a transfer in progress gives up
 * within about a second (client.h, link_init). NULL is fine.
 */
void workers_free(struct workers *ws);

#endif
