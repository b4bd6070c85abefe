/*
 * The node's transparency log. See mlog.h.
 */
#include <string.h>

#include "limits.h"
#include "mlog.h"

int
mlog_fetch(void *ctx, unsigned level, uint64_t index, merkle_hash out)
{
	return store_log_get_node(ctx, level, index, out);
}

int
mlog_begin(struct mlog *l)
{
	uint64_t size;
	int r;

	if ((r = store_log_size(l->st, &size)) != 0)
		return r;
	/*
	 * The log only grows, so the range in memory still holds if the
	 * store has the same size and the same last leaf: another writer's
	 * append changes the size, and a rolled-back append of ours that
	 * another writer's replaced changes the last leaf.
	 */
	if (l->loaded && size == l->r.size) {
		merkle_hash h;

		if (size == 0 || (store_log_get_node(l->st, 0, size - 1,
		    h) == 0 && memcmp(h, l->last, MERKLE_HASH) == 0))
			return 0;
	}
	l->loaded = false;
	if ((r = merkle_range_load(&l->r, size, mlog_fetch, l->st)) != 0)
		return r;
	if (size > 0 && (r = store_log_get_node(l->st, 0, size - 1,
	    l->last)) != 0)
		return r;
	l->loaded = true;
	return 0;
}

int
mlog_open(struct mlog *l, struct store *st)
{
	l->st = st;
	l->loaded = false;
	return mlog_begin(l);
}

static int
emit(void *ctx, unsigned level, uint64_t index, const merkle_hash h)
{
	return store_log_put_node(ctx, level, index, h);
}

int
mlog_append(struct mlog *l, const uint8_t *leaf, size_t n, uint64_t *index)
{
	struct merkle_range next = l->r;
	merkle_hash h;
	int r;

	if (n > HL_MAX_LEAF_BYTES)
		return HL_ETOOBIG;
	merkle_leaf_hash(leaf, n, h);
	if ((r = store_log_put_leaf(l->st, next.size, leaf, n, h)) != 0 ||
	    (r = merkle_range_append(&next, h, emit, l->st)) != 0)
		return r;
	*index = l->r.size;
	l->r = next;
	memcpy(l->last, h, MERKLE_HASH);
	/* Until the caller commits, memory runs ahead of the store; a
	 * rollback shows up as a smaller size at the next mlog_begin(). */
	return 0;
}

uint64_t
mlog_size(const struct mlog *l)
{
	return l->r.size;
}

void
mlog_root(const struct mlog *l, merkle_hash out)
{
	merkle_range_root(&l->r, out);
}

int
mlog_root_at(struct mlog *l, uint64_t size, merkle_hash out)
{
	if (size > l->r.size)
		return HL_EINVAL;
	return merkle_root(size, mlog_fetch, l->st, out);
}

int
mlog_inclusion(struct mlog *l, uint64_t index, uint64_t size,
    struct merkle_proof *out)
{
	if (size > l->r.size || index >= size)
		return HL_EINVAL;
	return merkle_inclusion_proof(index, size, mlog_fetch, l->st, out);
}

int
mlog_consistency(struct mlog *l, uint64_t size1, uint64_t size2,
    struct merkle_proof *out)
{
	if (size2 > l->r.size || size1 == 0 || size1 > size2)
		return HL_EINVAL;
	return merkle_consistency_proof(size1, size2, mlog_fetch, l->st, out);
}
