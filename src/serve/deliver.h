/*
 * Delivery: the outbox, sent to each peer in seq order over HTTPS
 * (libcurl, our client certificate, the peer's pinned public key). A
 * message counts as delivered only when the peer's signed receipt for it
 * has been checked and kept (node_delivered). Failures back off per peer,
 * exponentially with jitter, up to a cap. The database is the queue:
 * nothing here needs to survive a restart.
 */
#ifndef HL_DELIVER_H
#define HL_DELIVER_H

#include <stdint.h>

#include "node.h"

struct deliver;

/* Starts delivering the node's outbox (n is borrowed). */
int deliver_new(struct node *n, struct deliver **out);
void deliver_free(struct deliver *dl);

/*
 * Delivers what is due at now_ms (a monotonic clock in milliseconds);
 * returns how many messages went through.
 */
int deliver_pass(struct deliver *dl, int64_t now_ms);

#endif
