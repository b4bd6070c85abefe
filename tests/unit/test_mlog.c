/*
 * The stored log: appends inside transactions, roots and proofs that
 * agree with the pure Merkle code, and a rollback that leaves no trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "mlog.h"
#include "tutil.h"

static void
test_append_prove_rollback(void **state)
{
	char *dir = tu_tmpdir(), path[256];
	struct merkle_range mem = { 0 };
	struct merkle_proof p;
	merkle_hash leaves[300], root, root1;
	struct store *st;
	struct mlog l;
	uint64_t idx;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/log.db", dir);
	assert_int_equal(store_open(path, STORE_CREATE, &st, NULL), 0);
	assert_int_equal(mlog_open(&l, st), 0);
	assert_int_equal(mlog_size(&l), 0);
	for (int batch = 0; batch < 3; batch++) {
		assert_int_equal(store_begin(st), 0);
		assert_int_equal(mlog_begin(&l), 0);
		for (int i = 0; i < 100; i++) {
			char leaf[32];
			int k = batch * 100 + i;

			(void)snprintf(leaf, sizeof(leaf), "{\"n\":%d}", k);
			assert_int_equal(mlog_append(&l, (uint8_t *)leaf,
			    strlen(leaf), &idx), 0);
			assert_int_equal(idx, (uint64_t)k);
			merkle_leaf_hash((uint8_t *)leaf, strlen(leaf),
			    leaves[k]);
			assert_int_equal(merkle_range_append(&mem, leaves[k],
			    NULL, NULL), 0);
		}
		assert_int_equal(store_commit(st), 0);
	}
	mlog_root(&l, root);
	merkle_range_root(&mem, root1);
	assert_memory_equal(root, root1, MERKLE_HASH);
	/* Reopening finds the same tree. */
	assert_int_equal(mlog_begin(&l), 0);
	assert_int_equal(mlog_size(&l), 300);
	mlog_root(&l, root1);
	assert_memory_equal(root, root1, MERKLE_HASH);
	for (uint64_t m = 0; m < 300; m += 37) {
		assert_int_equal(mlog_inclusion(&l, m, 300, &p), 0);
		assert_int_equal(merkle_verify_inclusion(m, 300, leaves[m], &p,
		    root), 0);
		assert_int_equal(mlog_root_at(&l, m + 1, root1), 0);
		assert_int_equal(mlog_consistency(&l, m + 1, 300, &p), 0);
		assert_int_equal(merkle_verify_consistency(m + 1, 300, root1,
		    root, &p), 0);
	}
	/*
	 * Proof reads leave no statement holding a snapshot: another
	 * connection can checkpoint the whole WAL back into the file (it
	 * could not while a cached SELECT sat on its row).
	 */
	{
		sqlite3 *db;
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db,
		    "PRAGMA wal_checkpoint(TRUNCATE)", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 0);	/* not busy */
		assert_int_equal(sqlite3_column_int(s, 1),
		    sqlite3_column_int(s, 2));
		sqlite3_finalize(s);
		(void)sqlite3_close(db);
	}
	assert_int_equal(mlog_inclusion(&l, 300, 300, &p), HL_EINVAL);
	assert_int_equal(mlog_consistency(&l, 0, 300, &p), HL_EINVAL);
	assert_int_equal(mlog_consistency(&l, 2, 301, &p), HL_EINVAL);
	/* A rolled-back append leaves nothing behind. */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(mlog_begin(&l), 0);
	assert_int_equal(mlog_append(&l, (uint8_t *)"{}", 2, &idx), 0);
	assert_int_equal(idx, 300);
	store_rollback(st);
	assert_int_equal(mlog_begin(&l), 0);
	assert_int_equal(mlog_size(&l), 300);
	mlog_root(&l, root1);
	assert_memory_equal(root, root1, MERKLE_HASH);
	/* Oversized leaves are refused. */
	{
		uint8_t *big = calloc(1, HL_MAX_LEAF_BYTES + 1);

		assert_int_equal(mlog_append(&l, big, HL_MAX_LEAF_BYTES + 1,
		    &idx), HL_ETOOBIG);
		free(big);
	}
	store_close(st);
	tu_rmrf(dir);
	free(dir);
}

/*
 * Two connections append to one log (the daemon's HTTP thread and its
 * delivery loop do). A cached range must never outlive what the store
 * holds: not after the other's append, nor after our own rolled-back
 * append was replaced by the other's at the same index.
 */
static void
test_two_writers(void **state)
{
	char *dir = tu_tmpdir(), path[256];
	struct store *s1, *s2;
	struct mlog l1, l2;
	merkle_hash r1, r2;
	uint64_t idx;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/log.db", dir);
	assert_int_equal(store_open(path, STORE_CREATE, &s1, NULL), 0);
	assert_int_equal(store_open(path, 0, &s2, NULL), 0);
	assert_int_equal(mlog_open(&l1, s1), 0);
	assert_int_equal(mlog_open(&l2, s2), 0);

	assert_int_equal(store_begin(s1), 0);
	assert_int_equal(mlog_begin(&l1), 0);
	assert_int_equal(mlog_append(&l1, (uint8_t *)"{\"a\":1}", 7, &idx), 0);
	assert_int_equal(store_commit(s1), 0);

	/* Ours, rolled back... */
	assert_int_equal(store_begin(s1), 0);
	assert_int_equal(mlog_begin(&l1), 0);
	assert_int_equal(mlog_append(&l1, (uint8_t *)"{\"b\":1}", 7, &idx), 0);
	assert_int_equal(idx, 1);
	store_rollback(s1);
	/* ...and theirs, committed at the same index. */
	assert_int_equal(store_begin(s2), 0);
	assert_int_equal(mlog_begin(&l2), 0);
	assert_int_equal(mlog_append(&l2, (uint8_t *)"{\"c\":1}", 7, &idx), 0);
	assert_int_equal(idx, 1);
	assert_int_equal(store_commit(s2), 0);

	assert_int_equal(store_begin(s1), 0);
	assert_int_equal(mlog_begin(&l1), 0);
	mlog_root(&l1, r1);
	mlog_root(&l2, r2);
	assert_memory_equal(r1, r2, MERKLE_HASH);
	assert_int_equal(mlog_append(&l1, (uint8_t *)"{\"d\":1}", 7, &idx), 0);
	assert_int_equal(idx, 2);
	assert_int_equal(store_commit(s1), 0);
	assert_int_equal(mlog_begin(&l2), 0);
	assert_int_equal(mlog_size(&l2), 3);
	mlog_root(&l1, r1);
	mlog_root(&l2, r2);
	assert_memory_equal(r1, r2, MERKLE_HASH);
	store_close(s1);
	store_close(s2);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_prove_rollback),
		cmocka_unit_test(test_two_writers),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
