/*
 * A node's transparency log: the event record each leaf holds, signed
 * checkpoints, cosigning peers' checkpoints as a witness, collecting
 * peers' cosignatures on ours, and checking all of it again from the
 * stored leaves. A leaf records an envelope's metadata, never its body.
 * Everything written here commits with the row it records.
 *
 * A layer below the node (node.h holds a struct tlog and calls down into
 * it), so it needs no node: the store, the key and the Merkle log are all
 * it takes, and node_init() writes the first checkpoint with it before
 * any node exists.
 */
#ifndef HL_TLOG_H
#define HL_TLOG_H

#include <stdint.h>

#include "card.h"
#include "envelope.h"
#include "merkle.h"
#include "mlog.h"
#include "proto.h"
#include "sig.h"
#include "store.h"

struct receipt;

/* The log's parts, all borrowed from their owner. */
struct tlog {
	struct store		*st;
	const struct sig_key	*key;	/* signs checkpoints, cosignatures */
	struct mlog		*m;	/* the Merkle tree over st */
	/*
	 * The node's own card, or NULL: tlog_verify() checks the log's
	 * checkpoints with every message key it names (a rotation keeps
	 * the log, so its first checkpoints carry the first key).
	 */
	const struct card	*card;
};

/*
 * Appends the leaf for event about envelope header h at time at (with
 * the receipt that proves it, for "delivered"; with the round trip in
 * milliseconds, for a pong received, else rtt_ms < 0). The caller's
 * transaction must be open (and mlog_begin()'d), and ends with
 * tlog_seal(); *index gets the leaf index.
 */
int tlog_record(struct tlog *lg, const char *event,
    const struct envelope_hdr *h, const struct receipt *rc, int64_t rtt_ms,
    int64_t at, uint64_t *index) __attribute__((warn_unused_result));

struct card;

/*
 * Appends the leaf for a new version of a card at time at: event
 * TLOG_CARD (this node's own: {"at","card":{"serial","sha256"},"event",
 * "v":1}) or TLOG_PEER_CARD (a peer's pinned, "card" naming its party
 * too), sha256 the hex SHA-256 of the card's canonical bytes; a version 1
 * card has no serial. As tlog_record() for the transaction.
 */
int tlog_record_card(struct tlog *lg, const char *event,
    const struct card *c, int64_t at, uint64_t *index)
    __attribute__((warn_unused_result));

/* Signs and keeps a checkpoint of the log as it is (inside a transaction). */
int tlog_checkpoint(struct tlog *lg, int64_t now)
    __attribute__((warn_unused_result));

/*
 * Before a commit that appended leaves: signs a checkpoint of the log as
 * the transaction leaves it, unless one of that size exists. One per
 * transaction, not one per leaf, so a batch of messages costs one
 * signature; every size a commit leaves behind is still signed, so any
 * leaf a receipt names is covered by a checkpoint once it is stored.
 */
int tlog_seal(struct tlog *lg, int64_t now)
    __attribute__((warn_unused_result));

/*
 * Appends the checkpoint note of size (the latest if size < 0) with every
 * cosignature on it to out; *got gets its size. HL_ENOTFOUND if none.
 */
int tlog_note(struct tlog *lg, int64_t size, struct buf *out, uint64_t *got)
    __attribute__((warn_unused_result));

/*
 * Witnesses a pinned peer's checkpoint note: checks the peer's signature,
 * then consistency with the last checkpoint of that peer this node
 * cosigned (proof: the consistency proof from that size). On success
 * appends the note with this node's cosignature line to out. An
 * inconsistent pair is kept as evidence (HL_EEQUIVOCATION).
 */
int tlog_cosign(struct tlog *lg, const char *peer, const uint8_t *note,
    size_t len, const struct merkle_proof *proof, int64_t now,
    struct buf *out, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Takes peers' cosignatures on one of this node's checkpoints (a note
 * carrying them); *added gets how many were new or renewed.
 */
int tlog_add_cosignatures(struct tlog *lg, const uint8_t *note, size_t len,
    int *added, struct hl_diag *d) __attribute__((warn_unused_result));

/* What tlog_verify() checked. */
struct tlog_stats {
	uint64_t	leaves;
	uint64_t	checkpoints;
	uint64_t	cosignatures;
};

/*
 * Recomputes every hash from the stored leaves and checks every stored
 * checkpoint and cosignature. d names the first bad leaf or checkpoint.
 */
int tlog_verify(struct tlog *lg, struct tlog_stats *st, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
