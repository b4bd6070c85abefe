/*
 * Getting this node's log witnessed by one peer: whenever the log has
 * grown, the peer is asked to cosign the latest checkpoint (C2SP
 * tlog-witness: "old N", the consistency proof from the size that peer
 * last cosigned, the note), and the cosignature that comes back is
 * checked and kept. At most one request a second; failures back off.
 * Each peer's witnessing runs in that peer's worker thread (worker.h),
 * after its delivery, so a witness that never answers delays only its
 * own requests.
 */
#ifndef HL_WITNESS_H
#define HL_WITNESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "node.h"

struct witness;

/*
 * Witnessing by party. n is borrowed and used only by the thread that
 * calls witness_pass(); stop as for deliver_new(). Logs and returns an
 * error if it cannot start.
 */
int witness_new(struct node *n, const char *party, const atomic_bool *stop,
    struct witness **out) __attribute__((warn_unused_result));

/* NULL is fine. */
void witness_free(struct witness *w);

/* Asks the peer if it is due; whether it cosigned. */
bool witness_pass(struct witness *w, int64_t now_ms);

#endif
