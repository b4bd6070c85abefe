/*
 * RFC 9162 Merkle trees. See merkle.h. Proof generation follows the RFC's
 * recursive definitions (PATH, SUBPROOF) over ranges of leaves; the hash
 * of an incomplete range is folded from complete subtrees, and memoized
 * for the length of one proof, so a proof costs O(log n) fetches.
 */
#include <string.h>

#include "merkle.h"
#include "sig.h"

void
merkle_leaf_hash(const uint8_t *data, size_t n, merkle_hash out)
{
	uint8_t stackbuf[1024];
	uint8_t *p = stackbuf;

	/* One hash call over 0x00 || data: a copy is cheaper than a context
	 * for the small leaves a log holds. */
	if (n + 1 <= sizeof(stackbuf)) {
		p[0] = 0x00;
		memcpy(p + 1, data, n);
		sig_sha256(p, n + 1, out);
		return;
	}
	sig_sha256_2((const uint8_t *)"\0", 1, data, n, out);
}

void
merkle_node_hash(const merkle_hash left, const merkle_hash right,
    merkle_hash out)
{
	uint8_t b[1 + 2 * MERKLE_HASH];

	b[0] = 0x01;
	memcpy(b + 1, left, MERKLE_HASH);
	memcpy(b + 1 + MERKLE_HASH, right, MERKLE_HASH);
	sig_sha256(b, sizeof(b), out);
}

void
merkle_empty_root(merkle_hash out)
{
	sig_sha256("", 0, out);
}

/* The largest power of two strictly below n (n > 1). */
static uint64_t
split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

static unsigned
bitlen(uint64_t x)
{
	return x == 0 ? 0 : 64 - (unsigned)__builtin_clzll(x);
}

int
merkle_range_load(struct merkle_range *r, uint64_t size, merkle_fetch_fn fetch,
    void *ctx)
{
	uint64_t start = 0;
	int level, err;

	r->size = size;
	r->n = 0;
	for (level = 63; level >= 0; level--) {
		if (!(size >> level & 1))
			continue;
		if ((err = fetch(ctx, (unsigned)level, start >> level,
		    r->h[r->n])) != 0)
			return err;
		r->n++;
		start += (uint64_t)1 << level;
	}
	return 0;
}

int
merkle_range_append(struct merkle_range *r, const merkle_hash leaf,
    int (*emit)(void *ctx, unsigned level, uint64_t index,
    const merkle_hash h), void *ctx)
{
	merkle_hash cur;
	uint64_t index = r->size;
	unsigned level = 0;
	int err;

	memcpy(cur, leaf, MERKLE_HASH);
	if (emit != NULL && (err = emit(ctx, 0, index, cur)) != 0)
		return err;
	/* Each trailing one bit of the old size completes a subtree. */
	while (index & 1) {
		merkle_node_hash(r->h[--r->n], cur, cur);
		index >>= 1;
		level++;
		if (emit != NULL && (err = emit(ctx, level, index, cur)) != 0)
			return err;
	}
	memcpy(r->h[r->n++], cur, MERKLE_HASH);
	r->size++;
	return 0;
}

void
merkle_range_root(const struct merkle_range *r, merkle_hash out)
{
	merkle_hash acc;
	int i;

	if (r->n == 0) {
		merkle_empty_root(out);
		return;
	}
	memcpy(acc, r->h[r->n - 1], MERKLE_HASH);
	for (i = (int)r->n - 2; i >= 0; i--)
		merkle_node_hash(r->h[i], acc, acc);
	memcpy(out, acc, MERKLE_HASH);
}

/* Proof generation state: the fetcher and a memo of range hashes. */
struct pctx {
	merkle_fetch_fn	 fetch;
	void		*ctx;
	struct {
		uint64_t	 a, b;
		merkle_hash	 h;
	}		 memo[2 * MERKLE_MAX_PROOF];
	unsigned	 nmemo;
	struct merkle_proof *out;
};

/* MTH(D[a:b]): a complete subtree is one fetch, anything else a fold. */
static int
mth(struct pctx *p, uint64_t a, uint64_t b, merkle_hash out)
{
	uint64_t n = b - a, k;
	merkle_hash l, r;
	unsigned i;
	int err;

	if ((n & (n - 1)) == 0 && a % n == 0)
		return p->fetch(p->ctx, bitlen(n) - 1, a / n, out);
	for (i = 0; i < p->nmemo; i++)
		if (p->memo[i].a == a && p->memo[i].b == b) {
			memcpy(out, p->memo[i].h, MERKLE_HASH);
			return 0;
		}
	k = split(n);
	if ((err = mth(p, a, a + k, l)) != 0 ||
	    (err = mth(p, a + k, b, r)) != 0)
		return err;
	merkle_node_hash(l, r, out);
	if (p->nmemo < sizeof(p->memo) / sizeof(p->memo[0])) {
		p->memo[p->nmemo].a = a;
		p->memo[p->nmemo].b = b;
		memcpy(p->memo[p->nmemo++].h, out, MERKLE_HASH);
	}
	return 0;
}

static int
push(struct pctx *p, uint64_t a, uint64_t b)
{
	if (p->out->len == MERKLE_MAX_PROOF)
		return HL_ETOOBIG;
	return mth(p, a, b, p->out->h[p->out->len++]);
}

int
merkle_root(uint64_t size, merkle_fetch_fn fetch, void *ctx, merkle_hash out)
{
	struct pctx p = { .fetch = fetch, .ctx = ctx };

	if (size == 0) {
		merkle_empty_root(out);
		return 0;
	}
	return mth(&p, 0, size, out);
}

/* PATH(m, D[a:b]), appended leaf sibling first. */
static int
path(struct pctx *p, uint64_t m, uint64_t a, uint64_t b)
{
	uint64_t k;
	int err;

	if (b - a <= 1)
		return 0;
	k = split(b - a);
	if (m < a + k) {
		if ((err = path(p, m, a, a + k)) != 0)
			return err;
		return push(p, a + k, b);
	}
	if ((err = path(p, m, a + k, b)) != 0)
		return err;
	return push(p, a, a + k);
}

/* SUBPROOF(m, D[a:b], complete): m counts leaves from a. */
static int
subproof(struct pctx *p, uint64_t m, uint64_t a, uint64_t b, int complete)
{
	uint64_t k;
	int err;

	if (m == b - a)
		return complete ? 0 : push(p, a, b);
	k = split(b - a);
	if (m <= k) {
		if ((err = subproof(p, m, a, a + k, complete)) != 0)
			return err;
		return push(p, a + k, b);
	}
	if ((err = subproof(p, m - k, a + k, b, 0)) != 0)
		return err;
	return push(p, a, a + k);
}

int
merkle_inclusion_proof(uint64_t index, uint64_t size, merkle_fetch_fn fetch,
    void *ctx, struct merkle_proof *out)
{
	struct pctx p = { .fetch = fetch, .ctx = ctx, .out = out };

	out->len = 0;
	if (index >= size)
		return HL_EINVAL;
	return path(&p, index, 0, size);
}

int
merkle_consistency_proof(uint64_t size1, uint64_t size2,
    merkle_fetch_fn fetch, void *ctx, struct merkle_proof *out)
{
	struct pctx p = { .fetch = fetch, .ctx = ctx, .out = out };

	out->len = 0;
	if (size1 == 0 || size1 > size2)
		return HL_EINVAL;
	return subproof(&p, size1, 0, size2, 1);
}

size_t
merkle_inclusion_len(uint64_t index, uint64_t size)
{
	unsigned inner = bitlen(index ^ (size - 1));

	return inner + (size_t)__builtin_popcountll(index >> inner);
}

size_t
merkle_consistency_len(uint64_t size1, uint64_t size2)
{
	unsigned tz, inner;

	if (size1 == 0 || size1 >= size2)
		return 0;
	tz = (unsigned)__builtin_ctzll(size1);
	inner = bitlen((size1 - 1) ^ (size2 - 1)) - tz;
	return (size1 == (uint64_t)1 << tz ? 0 : 1) + inner +
	    (size_t)__builtin_popcountll(((size1 - 1) >> tz) >> inner);
}

int
merkle_verify_inclusion(uint64_t index, uint64_t size, const merkle_hash leaf,
    const struct merkle_proof *p, const merkle_hash root)
{
	const merkle_hash *proof = p->h;
	size_t len = p->len;
	merkle_hash r;
	uint64_t fn, sn;

	if (index >= size || len != merkle_inclusion_len(index, size))
		return HL_EINVAL;
	fn = index;
	sn = size - 1;
	memcpy(r, leaf, MERKLE_HASH);
	for (size_t i = 0; i < len; i++) {
		if (sn == 0)
			return HL_EPROOF;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else
			merkle_node_hash(r, proof[i], r);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, MERKLE_HASH) == 0 ? 0 : HL_EPROOF;
}

int
merkle_verify_consistency(uint64_t size1, uint64_t size2,
    const merkle_hash root1, const merkle_hash root2,
    const struct merkle_proof *p)
{
	const merkle_hash *proof = p->h;
	size_t len = p->len;
	merkle_hash fr, sr;
	uint64_t fn, sn;
	size_t i = 0;

	if (size1 == 0 || size1 > size2)
		return HL_EINVAL;
	if (size1 == size2)
		return len == 0 && memcmp(root1, root2, MERKLE_HASH) == 0 ?
		    0 : (len != 0 ? HL_EINVAL : HL_EPROOF);
	if (len != merkle_consistency_len(size1, size2))
		return HL_EINVAL;
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	/* A power-of-two first tree is its own first hash. */
	if ((size1 & (size1 - 1)) == 0)
		memcpy(fr, root1, MERKLE_HASH);
	else
		memcpy(fr, proof[i++], MERKLE_HASH);
	memcpy(sr, fr, MERKLE_HASH);
	for (; i < len; i++) {
		if (sn == 0)
			return HL_EPROOF;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], fr, fr);
			merkle_node_hash(proof[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else
			merkle_node_hash(sr, proof[i], sr);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(fr, root1, MERKLE_HASH) == 0 &&
	    memcmp(sr, root2, MERKLE_HASH) == 0 ? 0 : HL_EPROOF;
}
