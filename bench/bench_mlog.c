/*
 * The transparency log: committed appends per second, in batches, beside
 * the raw SHA-256 node-hash rate measured in the same run (an append costs
 * one leaf hash and, amortized, one node hash, so hashing bounds it); then
 * inclusion and consistency proof generation from the store at 1M leaves,
 * and at 10M with BENCH_LARGE=1 (about 1.5 GB of disk and two minutes).
 *
 * Usage: bench_mlog [DIR]   (the database goes in DIR, default /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hl.h"
#include "mlog.h"

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A leaf shaped like the node's event records (about 330 bytes). */
static size_t
leaf(uint64_t i, char *out, size_t n)
{
	return (size_t)snprintf(out, n, "{\"at\":\"2026-11-27T10:00:00Z\","
	    "\"event\":\"received\",\"msg\":{\"created\":\"2026-11-27T09:59:59Z\","
	    "\"deadline\":\"2026-11-30T10:00:00Z\",\"from\":\"cert.aa\",\"id\":"
	    "\"%064llx\",\"seq\":%llu,\"tier\":\"cert\",\"to\":\"cert.bb\","
	    "\"type\":\"request\"},\"v\":1}", (unsigned long long)i * 2654435761u,
	    (unsigned long long)i + 1);
}

/* Appends count leaves in transactions of batch; returns appends/s. */
static double
append(struct store *st, struct mlog *l, uint64_t count, uint64_t batch)
{
	char buf[512];
	uint64_t idx, done = 0;
	double t0 = now();

	while (done < count) {
		if (store_begin(st) != 0 || mlog_begin(l) != 0)
			abort();
		for (uint64_t i = 0; i < batch && done < count; i++, done++) {
			size_t n = leaf(mlog_size(l), buf, sizeof(buf));

			if (mlog_append(l, (uint8_t *)buf, n, &idx) != 0)
				abort();
		}
		if (store_commit(st) != 0)
			abort();
	}
	return (double)count / (now() - t0);
}

static void
proofs(struct mlog *l)
{
	uint64_t n = mlog_size(l), seed = 88172645463325252ULL;
	struct merkle_proof p;
	merkle_hash root;
	double t0;
	int k = 2000;

	mlog_root(l, root);
	t0 = now();
	for (int i = 0; i < k; i++) {
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		if (mlog_inclusion(l, seed % n, n, &p) != 0)
			abort();
	}
	(void)printf("  %-36s %8.1f us   (%zu hashes)\n",
	    "inclusion proof", (now() - t0) / k * 1e6, p.len);
	t0 = now();
	for (int i = 0; i < k; i++) {
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		if (mlog_consistency(l, seed % (n - 1) + 1, n, &p) != 0)
			abort();
	}
	(void)printf("  %-36s %8.1f us   (%zu hashes)\n",
	    "consistency proof", (now() - t0) / k * 1e6, p.len);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	bool large = getenv("BENCH_LARGE") != NULL;
	char path[4096];
	merkle_hash a = { 1 }, b = { 2 };
	struct store *st;
	struct mlog l;
	double t0, hash_rate, rate;
	uint64_t sizes[2] = { 1000000, 10000000 };
	long k;

	if (hl_init() != 0)
		return 1;
	(void)printf("bench_mlog: goal >= 200,000 committed appends/s on one "
	    "core; proofs under 1 ms\n\n");
	t0 = now();
	for (k = 0; k < 2000000; k++)
		merkle_node_hash(a, b, a);
	hash_rate = (double)k / (now() - t0);
	(void)printf("  %-36s %10.0f /s\n", "raw SHA-256 node hash", hash_rate);
	{
		struct merkle_range r = { 0 };
		char buf[512];
		merkle_hash h;

		t0 = now();
		for (k = 0; k < 1000000; k++) {
			size_t n = leaf((uint64_t)k, buf, sizeof(buf));

			merkle_leaf_hash((uint8_t *)buf, n, h);
			if (merkle_range_append(&r, h, NULL, NULL) != 0)
				abort();
		}
		(void)printf("  %-36s %10.0f /s\n", "appends, tree in memory only",
		    (double)k / (now() - t0));
	}

	(void)snprintf(path, sizeof(path), "%s/bench_mlog.%d.db", dir,
	    (int)getpid());
	if (store_open(path, STORE_CREATE, &st, NULL) != 0 ||
	    mlog_open(&l, st) != 0)
		return 1;
	rate = append(st, &l, 200000, 10000);
	(void)printf("  %-36s %10.0f /s   (%.0f%% of the goal)\n",
	    "appends, batches of 10,000, committed", rate, 100 * rate / 200000);
	rate = append(st, &l, 20000, 100);
	(void)printf("  %-36s %10.0f /s\n", "appends, batches of 100", rate);
	rate = append(st, &l, 500, 1);
	(void)printf("  %-36s %10.0f /s   (one fsync each)\n",
	    "appends, one per transaction", rate);

	for (int s = 0; s < (large ? 2 : 1); s++) {
		t0 = now();
		(void)append(st, &l, sizes[s] - mlog_size(&l), 100000);
		(void)printf("\n%llu leaves (built in %.0f s)\n",
		    (unsigned long long)mlog_size(&l), now() - t0);
		proofs(&l);
	}
	store_close(st);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/bench_mlog.%d.db-wal", dir,
	    (int)getpid());
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/bench_mlog.%d.db-shm", dir,
	    (int)getpid());
	(void)unlink(path);
	return 0;
}
