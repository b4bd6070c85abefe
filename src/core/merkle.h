/*
 * RFC 9162 (RFC 6962) Merkle tree hashing, proofs and their verification,
 * with no storage of its own: proofs read the hashes of complete subtrees
 * through a callback, so the same code serves the node's SQLite log, tests
 * over in-memory trees, and offline verifiers.
 *
 *   leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right)
 *
 * A complete subtree is named by (level, index): it covers the leaves
 * [index << level, (index + 1) << level).
 */
#ifndef HL_MERKLE_H
#define HL_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define MERKLE_HASH	32	/* SHA-256 */
#define MERKLE_MAX_PROOF 64	/* hashes in any proof of a 2^63-leaf tree */

typedef uint8_t merkle_hash[MERKLE_HASH];

/* A proof: its hashes, leaf side first. */
struct merkle_proof {
	size_t		len;
	merkle_hash	h[MERKLE_MAX_PROOF];
};

/* Reads the hash of a complete subtree; returns 0 or an HL_E* error. */
typedef int (*merkle_fetch_fn)(void *ctx, unsigned level, uint64_t index,
    merkle_hash out);

void merkle_leaf_hash(const uint8_t *data, size_t n, merkle_hash out);
void merkle_node_hash(const merkle_hash left, const merkle_hash right,
    merkle_hash out);

/* SHA-256 of nothing: the root of the empty tree. */
void merkle_empty_root(merkle_hash out);

/*
 * The hashes that make up a tree of size leaves: one complete subtree per
 * set bit of size, largest first. Appending needs nothing else.
 */
struct merkle_range {
	uint64_t	size;
	unsigned	n;			/* popcount(size) */
	merkle_hash	h[64];			/* h[0] covers the first leaves */
};

/* Loads the range of a tree of size leaves through fetch. */
int merkle_range_load(struct merkle_range *r, uint64_t size,
    merkle_fetch_fn fetch, void *ctx) __attribute__((warn_unused_result));

/*
 * Appends one leaf hash. emit is called for every complete subtree the
 * append completes (level 0 first, the leaf itself): what a store must
 * keep to answer proofs later. Returns emit's first error.
 */
int merkle_range_append(struct merkle_range *r, const merkle_hash leaf,
    int (*emit)(void *ctx, unsigned level, uint64_t index,
    const merkle_hash h), void *ctx) __attribute__((warn_unused_result));

/* The root of the range's tree (the empty root for size 0). */
void merkle_range_root(const struct merkle_range *r, merkle_hash out);

/* The root of the tree of the first size leaves. */
int merkle_root(uint64_t size, merkle_fetch_fn fetch, void *ctx,
    merkle_hash out) __attribute__((warn_unused_result));

/*
 * The inclusion proof of leaf index in the tree of size leaves (RFC 9162
 * 2.1.3.1), leaf sibling first.
 */
int merkle_inclusion_proof(uint64_t index, uint64_t size,
    merkle_fetch_fn fetch, void *ctx, struct merkle_proof *out)
    __attribute__((warn_unused_result));

/* The consistency proof from size1 to size2 (RFC 9162 2.1.4.1). */
int merkle_consistency_proof(uint64_t size1, uint64_t size2,
    merkle_fetch_fn fetch, void *ctx, struct merkle_proof *out)
    __attribute__((warn_unused_result));

/* How many hashes those proofs have: anything else is refused. */
size_t merkle_inclusion_len(uint64_t index, uint64_t size);
size_t merkle_consistency_len(uint64_t size1, uint64_t size2);

/*
 * RFC 9162 2.1.3.2. 0 if the proof shows leaf at index in the tree with
 * root; HL_EINVAL for an index outside the tree or a proof of the wrong
 * length, HL_EPROOF when the hashes do not lead to root.
 */
int merkle_verify_inclusion(uint64_t index, uint64_t size,
    const merkle_hash leaf, const struct merkle_proof *proof,
    const merkle_hash root) __attribute__((warn_unused_result));

/*
 * RFC 9162 2.1.4.2, with the transparency-dev rules: size1 == 0 and
 * size1 > size2 are refused; equal sizes need an empty proof and equal
 * roots.
 */
int merkle_verify_consistency(uint64_t size1, uint64_t size2,
    const merkle_hash root1, const merkle_hash root2,
    const struct merkle_proof *proof) __attribute__((warn_unused_result));

#endif
