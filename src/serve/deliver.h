/*
 * Delivery to one peer: its outbox, sent in seq order over HTTPS
 * (libcurl, our client certificate, the peer's pinned public key). A
 * message counts as delivered only when the peer's signed receipt for it
 * has been checked and kept (node_delivered). Failures back off,
 * exponentially with jitter, up to a cap. The database is the queue:
 * nothing here needs to survive a restart. Each peer has its own
 * delivery, run by that peer's worker thread (worker.h), so that no
 * peer's network, however slow or silent, delays another peer's.
 */
#ifndef HL_DELIVER_H
#define HL_DELIVER_H

#include <stdatomic.h>
#include <stdint.h>

#include "node.h"

struct deliver;

/*
 * Starts delivering the outbox of n to party, with a keeper thread and
 * a database connection of its own for the receipts. n is borrowed and
 * used only by the thread that calls deliver_pass(); stop is borrowed:
 * once it is true, a transfer in progress ends within about a second.
 * Logs and returns an error if it cannot start.
 */
int deliver_new(struct node *n, const char *party, const atomic_bool *stop,
    struct deliver **out) __attribute__((warn_unused_result));

/* Waits for the keeper, closes the connection; NULL is fine. */
void deliver_free(struct deliver *dl);

/*
 * Delivers what is due to the peer at now_ms (a monotonic clock in
 * milliseconds), unless it is backing off; returns how many messages
 * went through. A party that is not pinned (any more) gets nothing.
 */
int deliver_pass(struct deliver *dl, int64_t now_ms);

#endif
