/*
 * RFC 9162 trees: the reference tree's roots and proofs, all 196
 * transparency-dev probes with their expected errors, and random trees
 * checked against a naive recursive recomputation.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>

#include "merkle.h"
#include "tutil.h"

/* An in-memory tree: every complete subtree hash, by level. */
struct memtree {
	merkle_hash	*lv[64];
	size_t		 cap[64];
	struct merkle_range r;
	int		 fetches;
};

static int
mem_emit(void *ctx, unsigned level, uint64_t index, const merkle_hash h)
{
	struct memtree *t = ctx;

	if (index >= t->cap[level]) {
		size_t cap = t->cap[level] ? t->cap[level] * 2 : 16;

		while (cap <= index)
			cap *= 2;
		t->lv[level] = realloc(t->lv[level], cap * MERKLE_HASH);
		assert_non_null(t->lv[level]);
		t->cap[level] = cap;
	}
	memcpy(t->lv[level][index], h, MERKLE_HASH);
	return 0;
}

static int
mem_fetch(void *ctx, unsigned level, uint64_t index, merkle_hash out)
{
	struct memtree *t = ctx;

	t->fetches++;
	if (level >= 64 || index >= t->cap[level] ||
	    ((index + 1) << level) > t->r.size)
		return HL_ENOTFOUND;
	memcpy(out, t->lv[level][index], MERKLE_HASH);
	return 0;
}

static void
mem_add(struct memtree *t, const uint8_t *data, size_t n)
{
	merkle_hash h;

	merkle_leaf_hash(data, n, h);
	assert_int_equal(merkle_range_append(&t->r, h, mem_emit, t), 0);
}

static void
mem_free(struct memtree *t)
{
	for (int i = 0; i < 64; i++)
		free(t->lv[i]);
}

static void
unhex32(const char *hex, merkle_hash out)
{
	assert_int_equal(tu_unhex(hex, out, MERKLE_HASH), MERKLE_HASH);
}

static json_t *
vector_json(const char *rel)
{
	json_error_t e;
	size_t n;
	uint8_t *p = tu_vector(rel, &n);
	json_t *v = json_loadb((const char *)p, n, 0, &e);

	free(p);
	assert_non_null(v);
	return v;
}

static void
test_hashes_and_roots(void **state)
{
	json_t *ref = vector_json("merkle/rfc6962_reference_tree.json"), *v;
	struct memtree t;
	merkle_hash h, want;
	uint8_t data[64];
	size_t i, n;

	(void)state;
	memset(&t, 0, sizeof(t));
	json_array_foreach(json_object_get(json_object_get(ref,
	    "hasher_vectors"), "leaf"), i, v) {
		n = tu_unhex(json_string_value(json_object_get(v,
		    "input_hex")), data, sizeof(data));
		merkle_leaf_hash(data, n, h);
		unhex32(json_string_value(json_object_get(v, "leaf_hash")),
		    want);
		assert_memory_equal(h, want, MERKLE_HASH);
	}
	/* Roots for every size from 0 to 8, three ways. */
	json_array_foreach(json_object_get(ref, "leaves_hex"), i, v) {
		char key[24];

		(void)snprintf(key, sizeof(key), "%zu", i);
		unhex32(json_string_value(json_object_get(json_object_get(ref,
		    "roots_by_size"), key)), want);
		merkle_range_root(&t.r, h);
		assert_memory_equal(h, want, MERKLE_HASH);
		assert_int_equal(merkle_root(i, mem_fetch, &t, h), 0);
		assert_memory_equal(h, want, MERKLE_HASH);
		n = tu_unhex(json_string_value(v), data, sizeof(data));
		mem_add(&t, data, n);
	}
	unhex32(json_string_value(json_object_get(json_object_get(ref,
	    "roots_by_size"), "8")), want);
	merkle_range_root(&t.r, h);
	assert_memory_equal(h, want, MERKLE_HASH);
	/* A range reloaded from the store gives the same root. */
	{
		struct merkle_range r2;

		assert_int_equal(merkle_range_load(&r2, 7, mem_fetch, &t), 0);
		unhex32(json_string_value(json_object_get(json_object_get(ref,
		    "roots_by_size"), "7")), want);
		merkle_range_root(&r2, h);
		assert_memory_equal(h, want, MERKLE_HASH);
	}
	mem_free(&t);
	json_decref(ref);
}

/* Every proof in a vector file is generated identically and verifies. */
static void
check_proof_file(const char *rel)
{
	json_t *ref = vector_json(rel), *v, *x;
	struct merkle_proof proof;
	merkle_hash want[MERKLE_MAX_PROOF], r1, r2, leaf;
	struct memtree t;
	uint8_t data[64];
	size_t i, j, n;

	memset(&t, 0, sizeof(t));
	json_array_foreach(json_object_get(ref, "leaves_hex"), i, v) {
		n = tu_unhex(json_string_value(v), data, sizeof(data));
		mem_add(&t, data, n);
	}
	json_array_foreach(json_object_get(ref, "inclusion_proofs"), i, v) {
		uint64_t m = (uint64_t)json_integer_value(json_object_get(v,
		    "leaf_index"));
		uint64_t size = (uint64_t)json_integer_value(json_object_get(v,
		    "tree_size"));

		/* The stored tree answers for any earlier size. */
		t.r.size = size;
		assert_int_equal(merkle_inclusion_proof(m, size, mem_fetch, &t,
		    &proof), 0);
		assert_int_equal(proof.len, json_array_size(json_object_get(v,
		    "proof")));
		json_array_foreach(json_object_get(v, "proof"), j, x)
			unhex32(json_string_value(x), want[j]);
		if (proof.len > 0)
			assert_memory_equal(proof.h, want,
			    proof.len * MERKLE_HASH);
		unhex32(json_string_value(json_object_get(v, "leaf_hash")),
		    leaf);
		{
			char key[24];

			(void)snprintf(key, sizeof(key), "%llu",
			    (unsigned long long)size);
			unhex32(json_string_value(json_object_get(
			    json_object_get(ref, "roots_by_size"), key)), r1);
		}
		assert_int_equal(merkle_verify_inclusion(m, size, leaf, &proof,
		    r1), 0);
		t.r.size = 8;
	}
	json_array_foreach(json_object_get(ref, "consistency_proofs"), i, v) {
		uint64_t s1 = (uint64_t)json_integer_value(json_object_get(v,
		    "size1"));
		uint64_t s2 = (uint64_t)json_integer_value(json_object_get(v,
		    "size2"));

		t.r.size = s2;
		if (s1 == s2) {
			/* Equal sizes: no proof to make; the roots agree. */
			assert_int_equal(json_array_size(json_object_get(v,
			    "proof")), 0);
			t.r.size = 8;
			continue;
		}
		assert_int_equal(merkle_consistency_proof(s1, s2, mem_fetch,
		    &t, &proof), 0);
		assert_int_equal(proof.len, json_array_size(json_object_get(v,
		    "proof")));
		json_array_foreach(json_object_get(v, "proof"), j, x)
			unhex32(json_string_value(x), want[j]);
		assert_memory_equal(proof.h, want, proof.len * MERKLE_HASH);
		{
			char k1[24], k2[24];
			json_t *roots = json_object_get(ref, "roots_by_size");

			(void)snprintf(k1, sizeof(k1), "%llu",
			    (unsigned long long)s1);
			(void)snprintf(k2, sizeof(k2), "%llu",
			    (unsigned long long)s2);
			unhex32(json_string_value(json_object_get(roots, k1)),
			    r1);
			unhex32(json_string_value(json_object_get(roots, k2)),
			    r2);
		}
		assert_int_equal(merkle_verify_consistency(s1, s2, r1, r2,
		    &proof), 0);
		t.r.size = 8;
	}
	mem_free(&t);
	json_decref(ref);
}

static void
test_reference_proofs(void **state)
{
	(void)state;
	check_proof_file("merkle/rfc6962_reference_tree.json");
	check_proof_file("merkle/DERIVED_all_proofs_8leaf.json");
}

/* A probe's base64 field: false if it is not 32 bytes (an error case). */
static bool
b64_32(json_t *v, merkle_hash out)
{
	size_t got = 0;

	if (!json_is_string(v))
		return false;
	return sodium_base642bin(out, MERKLE_HASH, json_string_value(v),
	    json_string_length(v), NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) == 0 && got == MERKLE_HASH;
}

/*
 * An unsigned integer member, read from the text: some probes use 2^64-1,
 * which jansson cannot hold as an integer.
 */
static uint64_t
u64_member(const char *text, const char *key)
{
	char pat[64];
	const char *at;

	(void)snprintf(pat, sizeof(pat), "\"%s\":", key);
	at = strstr(text, pat);
	assert_non_null(at);
	at += strlen(pat);
	while (*at == ' ')
		at++;
	return strtoull(at, NULL, 10);
}

/* Runs one probe file; returns true if the verifier agreed with it. */
static bool
run_probe(const char *path, bool inclusion)
{
	struct merkle_proof proof;
	merkle_hash a, b;
	json_error_t e;
	json_t *v, *x;
	bool want_err, ok = true;
	size_t i, n;
	uint8_t *text = tu_readfile(path, &n);
	int r;

	v = json_loadb((const char *)text, n, JSON_DECODE_INT_AS_REAL, &e);
	assert_non_null(v);
	want_err = json_is_true(json_object_get(v, "wantErr"));
	proof.len = 0;
	json_array_foreach(json_object_get(v, "proof"), i, x) {
		if (proof.len == MERKLE_MAX_PROOF ||
		    !b64_32(x, proof.h[proof.len++]))
			ok = false;
	}
	if (inclusion) {
		ok = ok && b64_32(json_object_get(v, "leafHash"), a) &&
		    b64_32(json_object_get(v, "root"), b);
		r = ok ? merkle_verify_inclusion(u64_member((char *)text,
		    "leafIdx"), u64_member((char *)text, "treeSize"), a,
		    &proof, b) : HL_EINVAL;
	} else if (u64_member((char *)text, "size1") ==
	    u64_member((char *)text, "size2") && u64_member((char *)text,
	    "size1") != 0 && proof.len == 0 && json_equal(json_object_get(v,
	    "root1"), json_object_get(v, "root2"))) {
		/* Equal sizes: the roots are only compared, whatever their
		 * length (transparency-dev's rule, which our typed 32-byte
		 * API cannot express). */
		r = 0;
	} else {
		ok = ok && b64_32(json_object_get(v, "root1"), a) &&
		    b64_32(json_object_get(v, "root2"), b);
		r = ok ? merkle_verify_consistency(u64_member((char *)text,
		    "size1"), u64_member((char *)text, "size2"), a, b,
		    &proof) : HL_EINVAL;
	}
	json_decref(v);
	free(text);
	return (r != 0) == want_err;
}

static void
walk(const char *dir, bool inclusion, int *n, int *bad)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(stat(path, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			walk(path, inclusion, n, bad);
			continue;
		}
		if (strcmp(de->d_name + strlen(de->d_name) - 5, ".json") != 0)
			continue;
		(*n)++;
		if (!run_probe(path, inclusion)) {
			(*bad)++;
			print_error("probe disagrees: %s\n", path);
		}
	}
	(void)closedir(d);
}

static void
test_transparency_dev_probes(void **state)
{
	char dir[4096];
	int n = 0, bad = 0;

	(void)state;
	tu_shared("vectors/merkle/transparency-dev-probes/inclusion", dir,
	    sizeof(dir));
	walk(dir, true, &n, &bad);
	tu_shared("vectors/merkle/transparency-dev-probes/consistency", dir,
	    sizeof(dir));
	walk(dir, false, &n, &bad);
	assert_int_equal(n, 196);
	assert_int_equal(bad, 0);
}

/* The RFC's definitions, recursively over leaf hashes: the reference. */
static void
naive_mth(merkle_hash *leaves, uint64_t a, uint64_t b, merkle_hash out)
{
	uint64_t k = 1;
	merkle_hash l, r;

	if (b - a == 1) {
		memcpy(out, leaves[a], MERKLE_HASH);
		return;
	}
	while (k << 1 < b - a)
		k <<= 1;
	naive_mth(leaves, a, a + k, l);
	naive_mth(leaves, a + k, b, r);
	merkle_node_hash(l, r, out);
}

static void
test_random_trees(void **state)
{
	uint64_t seed = 20261127;
	struct memtree t;
	merkle_hash *leaves = calloc(600, MERKLE_HASH), root, root1, want;
	struct merkle_proof proof;

	(void)state;
	assert_non_null(leaves);
	memset(&t, 0, sizeof(t));
	for (uint64_t n = 1; n <= 600; n++) {
		uint8_t data[8];

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		memcpy(data, &seed, sizeof(data));
		merkle_leaf_hash(data, sizeof(data), leaves[n - 1]);
		assert_int_equal(merkle_range_append(&t.r, leaves[n - 1],
		    mem_emit, &t), 0);
		naive_mth(leaves, 0, n, want);
		merkle_range_root(&t.r, root);
		assert_memory_equal(root, want, MERKLE_HASH);
		/* A few indices and earlier sizes per tree. */
		for (int k = 0; k < 3; k++) {
			uint64_t m = (seed >> (8 * k)) % n;
			uint64_t s1 = (seed >> (8 * k + 20)) % n + 1;

			t.fetches = 0;
			assert_int_equal(merkle_inclusion_proof(m, n, mem_fetch,
			    &t, &proof), 0);
			assert_int_equal(proof.len, merkle_inclusion_len(m, n));
			/* O(log n) reads: the memo keeps it to a few each. */
			assert_true(t.fetches <= 3 * 10);
			assert_int_equal(merkle_verify_inclusion(m, n,
			    leaves[m], &proof, root), 0);
			/* A wrong leaf fails. */
			assert_int_equal(merkle_verify_inclusion(m, n,
			    leaves[(m + 1) % n], &proof, root),
			    n == 1 ? 0 : HL_EPROOF);
			if (s1 == n)
				continue;
			assert_int_equal(merkle_consistency_proof(s1, n,
			    mem_fetch, &t, &proof), 0);
			assert_int_equal(proof.len,
			    merkle_consistency_len(s1, n));
			naive_mth(leaves, 0, s1, root1);
			assert_int_equal(merkle_verify_consistency(s1, n, root1,
			    root, &proof), 0);
			if (proof.len > 0) {
				proof.h[proof.len - 1][0] ^= 1;
				assert_int_equal(merkle_verify_consistency(s1,
				    n, root1, root, &proof), HL_EPROOF);
			}
		}
	}
	mem_free(&t);
	free(leaves);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashes_and_roots),
		cmocka_unit_test(test_reference_proofs),
		cmocka_unit_test(test_transparency_dev_probes),
		cmocka_unit_test(test_random_trees),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
