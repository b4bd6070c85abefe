/*
 * Getting this node's log witnessed: whenever it has grown, each peer is
 * asked to cosign the latest checkpoint (C2SP tlog-witness: "old N", the
 * consistency proof from the size that peer last cosigned, the note), and
 * the cosignature that comes back is checked and kept. At most one
 * request per peer per second; failures back off.
 */
#ifndef HL_WITNESS_H
#define HL_WITNESS_H

#include <stdint.h>

#include "node.h"

struct witness;

int witness_new(struct node *n, struct witness **out);
void witness_free(struct witness *w);

/* Asks the peers that are due; returns how many cosigned. */
int witness_pass(struct witness *w, int64_t now_ms);

#endif
