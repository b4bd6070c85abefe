/*
 * The node's transparency log: an append-only Merkle tree (merkle.c) kept
 * in the store. Appending writes the leaf and every subtree it completes
 * inside the caller's transaction, so a leaf and the row it records commit
 * together; the tree's compact range lives in memory for O(1) appends and
 * is reloaded at each mlog_begin(), so a rolled-back transaction leaves
 * nothing behind. Never logs.
 */
#ifndef HL_MLOG_H
#define HL_MLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "merkle.h"
#include "store.h"

struct mlog {
	struct store		*st;	/* borrowed */
	struct merkle_range	 r;	/* the tree as of the last load */
	bool			 loaded;	/* r was loaded or grown here */
	merkle_hash		 last;	/* the hash of r's last leaf */
};

/* Starts a log over st (borrowed) and loads its range. */
int mlog_open(struct mlog *l, struct store *st)
    __attribute__((warn_unused_result));

/* Reloads the range from the store: call inside each write transaction. */
int mlog_begin(struct mlog *l) __attribute__((warn_unused_result));

/*
 * Appends a leaf (n bytes, at most HL_MAX_LEAF_BYTES); *index gets its
 * position. The caller's transaction must be open.
 */
int mlog_append(struct mlog *l, const uint8_t *leaf, size_t n,
    uint64_t *index) __attribute__((warn_unused_result));

/* The size and root as of the last load or append. */
uint64_t mlog_size(const struct mlog *l);
void mlog_root(const struct mlog *l, merkle_hash out);

/* The root of the tree of the first size leaves (size <= mlog_size). */
int mlog_root_at(struct mlog *l, uint64_t size, merkle_hash out)
    __attribute__((warn_unused_result));

/* Proofs, from what the store holds. */
int mlog_inclusion(struct mlog *l, uint64_t index, uint64_t size,
    struct merkle_proof *out) __attribute__((warn_unused_result));
int mlog_consistency(struct mlog *l, uint64_t size1, uint64_t size2,
    struct merkle_proof *out) __attribute__((warn_unused_result));

/* A merkle_fetch_fn over the store (ctx: the struct store). */
int mlog_fetch(void *ctx, unsigned level, uint64_t index, merkle_hash out);

#endif
