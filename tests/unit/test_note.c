/*
 * Signed notes: real notes by Go's sumdb and C2SP's examples verify with
 * their published keys and fail after one changed byte; our signatures
 * reproduce Go's byte for byte; cosignatures sign the C2SP message; and
 * malformed notes are refused with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "enc.h"
#include "note.h"
#include "tutil.h"

static struct note *
parse_ok(const uint8_t *p, size_t n)
{
	struct note *nt;
	struct hl_diag d;

	hl_diag_clear(&d);
	if (note_parse(p, n, &nt, &d) != 0)
		fail_msg("note refused: %s at %ld", d.msg, d.offset);
	return nt;
}

/* How many of note v's expected signers are valid Ed25519 keys given. */
static size_t
valid_ed25519(json_t *v, const struct note_vkey *keys, size_t nkeys)
{
	size_t i, n = 0;
	json_t *x;

	json_array_foreach(json_object_get(v, "expect"), i, x) {
		const char *name = json_string_value(json_object_get(x,
		    "name"));

		if (!json_is_true(json_object_get(x, "valid")))
			continue;
		for (size_t k = 0; k < nkeys; k++)
			if (strcmp(keys[k].name, name) == 0 &&
			    keys[k].type == NOTE_TYPE_ED25519)
				n++;
	}
	return n;
}

static void
test_vectors(void **state)
{
	json_error_t e;
	size_t n, i, j, k;
	uint8_t *p = tu_vector("signed-note/signed_notes.json", &n);
	json_t *doc = json_loadb((const char *)p, n, 0, &e), *v, *x;

	(void)state;
	free(p);
	assert_non_null(doc);
	assert_true(json_array_size(json_object_get(doc, "notes")) >= 3);
	json_array_foreach(json_object_get(doc, "notes"), i, v) {
		const char *text = json_string_value(json_object_get(v, "note"));
		struct note_vkey keys[8];
		size_t nkeys = 0, verified = 0;
		struct note *nt;
		uint8_t *flipped;
		size_t tlen = strlen(text);

		const char *type = json_string_value(json_array_get(
		    json_object_get(v, "signature_types"), 0));
		bool ecdsa = type != NULL && strncmp(type, "ECDSA", 5) == 0;

		/* An ECDSA key is longer than any key hotline verifies. */
		json_array_foreach(json_object_get(v, "verifier_keys"), j, x)
			if (note_vkey_parse(json_string_value(x), &keys[nkeys],
			    NULL) == 0)
				nkeys++;
			else
				assert_true(ecdsa);
		nt = parse_ok((const uint8_t *)text, tlen);
		assert_int_equal(nt->textlen, strlen(json_string_value(
		    json_object_get(v, "signed_text"))));
		for (j = 0; j < nt->nsigs; j++) {
			uint64_t t;

			if (note_check(nt, j, keys, nkeys, &k, &t) ==
			    NOTE_VERIFIED)
				verified++;
		}
		/*
		 * Every signature the vectors call valid, by a key of a type
		 * hotline verifies (Ed25519), verifies; no other does.
		 */
		assert_int_equal(verified, valid_ed25519(v, keys, nkeys));
		note_free(nt);
		/* One changed byte of text: nothing verifies any more. */
		flipped = (uint8_t *)strdup(text);
		flipped[3] ^= 0x01;
		nt = parse_ok(flipped, tlen);
		for (j = 0; j < nt->nsigs; j++) {
			uint64_t t;
			enum note_status s = note_check(nt, j, keys, nkeys, &k,
			    &t);

			assert_true(s == NOTE_BAD || s == NOTE_UNKNOWN);
		}
		note_free(nt);
		free(flipped);
	}
	json_decref(doc);
}

/* The real sum.golang.org checkpoint with Go's published key. */
static void
test_sumdb_checkpoint(void **state)
{
	static const char go_key[] =
	    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
	struct note_vkey key;
	struct note *nt;
	uint8_t *p;
	size_t n, k;
	uint64_t t;

	(void)state;
	p = tu_vector("signed-note/sumdb-checkpoint-6476701.note", &n);
	assert_int_equal(note_vkey_parse(go_key, &key, NULL), 0);
	nt = parse_ok(p, n);
	assert_int_equal(nt->nsigs, 4);
	assert_int_equal(note_check(nt, 0, &key, 1, &k, &t), NOTE_VERIFIED);
	assert_int_equal(note_check(nt, 1, &key, 1, &k, &t), NOTE_UNKNOWN);
	note_free(nt);
	/* The C2SP checkpoint example names another key with that id. */
	free(p);
	p = tu_vector("signed-note/c2sp-checkpoint-example.note", &n);
	nt = parse_ok(p, n);
	assert_int_equal(note_check(nt, 0, &key, 1, &k, &t), NOTE_UNKNOWN);
	note_free(nt);
	free(p);
}

/* Signing reproduces golang/mod's note_test.go signature. */
static void
test_sign_matches_go(void **state)
{
	static const char text[] = "If you think cryptography is the answer "
	    "to your problem,\nthen you don't know what your problem is.\n";
	static const char want[] = "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/"
	    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6"
	    "KE6RyyBwJnAM=\n";
	static const char seed_b64[] = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxd"
	    "XHKDFz";
	uint8_t typed[33];
	struct sig_key *k;
	struct buf b;

	(void)state;
	assert_true(enc_b64_decode_exact(seed_b64, strlen(seed_b64), typed,
	    sizeof(typed)));
	assert_int_equal(sig_key_from_seed("PeterNeumann", typed + 1, &k), 0);
	buf_init(&b, 1024);
	assert_int_equal(note_sign((const uint8_t *)text, strlen(text), k,
	    &b), 0);
	assert_string_equal(buf_str(&b), want);
	buf_done(&b);
	sig_key_free(k);
}

/* A cosignature signs exactly C2SP's tlog-cosignature/v1 message. */
static void
test_cosignature(void **state)
{
	static const char text[] = "example.com/behind-the-sofa\n20852163\n"
	    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	static const char msg[] = "cosignature/v1\ntime 1679315147\n"
	    "example.com/behind-the-sofa\n20852163\n"
	    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	uint8_t seed[32] = { 5 }, blob[4 + 8 + 64];
	struct note_vkey vk;
	struct sig_key *k;
	struct note *nt;
	struct buf b;
	size_t idx;
	uint64_t t = 0;
	const char *sp;

	(void)state;
	assert_int_equal(sig_key_from_seed("witness.example/w1", seed, &k), 0);
	assert_int_equal(note_vkey_of(k, &vk), 0);
	buf_init(&b, 4096);
	assert_int_equal(buf_adds(&b, text), 0);
	assert_int_equal(buf_adds(&b, "\n"), 0);
	assert_int_equal(note_cosign((const uint8_t *)text, strlen(text), k,
	    1679315147, &b), 0);
	nt = parse_ok(b.p, b.len);
	assert_int_equal(note_check(nt, 0, &vk, 1, &idx, &t), NOTE_COSIGNED);
	assert_int_equal(t, 1679315147);
	/* Decode the line by hand: id(0x04 key id) || time || sig(msg). */
	sp = strchr(nt->sigs[0].line + 4, ' ') + 1;
	assert_true(enc_b64_decode_exact(sp, nt->sigs[0].linelen - 1 -
	    (size_t)(sp - nt->sigs[0].line), blob, sizeof(blob)));
	assert_int_equal((uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
	    (uint32_t)blob[2] << 8 | blob[3], vk.cosig_id);
	assert_int_equal(crypto_sign_verify_detached(blob + 12,
	    (const uint8_t *)msg, strlen(msg), sig_key_pk(k)), 0);
	/* The same line is not an Ed25519 note signature. */
	assert_int_not_equal(vk.id, vk.cosig_id);
	note_free(nt);
	buf_done(&b);
	sig_key_free(k);
}

static void
test_vkeys(void **state)
{
	struct note_vkey k;
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	/* An ECDSA key parses, so its lines can be reported. */
	assert_int_equal(note_vkey_parse("witness+01234567+AgAAAAAAAAAAAAA=",
	    &k, &d), 0);
	assert_int_equal(k.type, 0x02);
	assert_int_equal(k.id, 0x01234567);
	assert_int_equal(note_vkey_parse("sum.golang.org+033de0af+Ac4zctda0e5"
	    "eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", &k, &d), HL_EPARSE);
	assert_string_equal(d.msg, "verifier key sum.golang.org: key id "
	    "033de0af does not match the key");
	assert_int_equal(note_vkey_parse("nope", &k, &d), HL_EPARSE);
	assert_int_equal(note_vkey_parse("a b+01234567+AQ==", &k, &d),
	    HL_EPARSE);
	assert_int_equal(note_vkey_parse("ab+01234567+AQ==", &k, &d),
	    HL_EPARSE);
	assert_string_equal(d.msg, "verifier key ab: key is not base64 of a "
	    "type and a key");
	assert_int_equal(note_vkey_parse("ab+01234567+AQA=", &k, &d),
	    HL_EPARSE);
	assert_string_equal(d.msg, "verifier key ab: an Ed25519 key is 32 "
	    "bytes, not 1");
}

static void
test_refusals(void **state)
{
	static const struct {
		const char	*note;
		int		 err;
		const char	*msg;
	} t[] = {
		{ "text\n", HL_EPARSE, "no blank line between text and "
		  "signatures" },
		{ "text\n\n", HL_EPARSE, "no signature lines" },
		{ "text\n\n- a AAAAAAA=\n", HL_EPARSE, "signature line does not "
		  "start with an em dash and a space" },
		{ "text\n\n\xe2\x80\x94 a AAAA\n", HL_EPARSE, "signature of a "
		  "is not base64 of a key id and a signature" },
		{ "text\n\n\xe2\x80\x94 a !!!!!!!!\n", HL_EPARSE, "signature of "
		  "a is not base64 of a key id and a signature" },
		{ "text\n\n\xe2\x80\x94 a+b AAAAAAA=\n", HL_EPARSE, "signature "
		  "line names an invalid key name" },
		{ "text\n\n\xe2\x80\x94 a\xe2\x80\x83x AAAAAAA=\n", HL_EPARSE,
		  "signature line names an invalid key name" },
		{ "text\n\n\xe2\x80\x94 aAAAAAAA=\n", HL_EPARSE, "signature "
		  "line has no space between name and signature" },
		{ "te\txt\n\n\xe2\x80\x94 a AAAAAAA=\n", HL_EPARSE, "not UTF-8 "
		  "text without control characters" },
		{ "te\xffxt\n\n\xe2\x80\x94 a AAAAAAA=\n", HL_EPARSE, "not "
		  "UTF-8 text without control characters" },
		{ "text\n\n\xe2\x80\x94 a AAAAAAA=", HL_EPARSE, "a note ends "
		  "with a newline" },
		{ "text\n\n\xe2\x80\x94 a AAAAAAA=\n\xe2\x80\x94 a AAAAAAA=\n",
		  HL_EPARSE, "duplicate signature line for a" },
	};
	struct hl_diag d;
	struct note *nt;
	struct buf big;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		hl_diag_clear(&d);
		if (note_parse((const uint8_t *)t[i].note, strlen(t[i].note),
		    &nt, &d) != t[i].err || strcmp(d.msg, t[i].msg) != 0)
			fail_msg("case %zu: got \"%s\"", i, d.msg);
		assert_null(nt);
	}
	/* 101 signature lines: over the limit. */
	buf_init(&big, 1 << 20);
	assert_int_equal(buf_adds(&big, "text\n\n"), 0);
	for (int i = 0; i < HL_MAX_NOTE_SIGS + 1; i++)
		assert_int_equal(buf_printf(&big, "\xe2\x80\x94 k%d AAAAAAA=\n",
		    i), 0);
	assert_int_equal(note_parse(big.p, big.len, &nt, &d), HL_ETOOBIG);
	buf_clear(&big);
	for (int i = 0; i < HL_MAX_NOTE_BYTES; i++)
		(void)buf_addc(&big, 'x');
	assert_int_equal(note_parse(big.p, big.len + 1, &nt, &d),
	    HL_ETOOBIG);
	buf_done(&big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_sumdb_checkpoint),
		cmocka_unit_test(test_sign_matches_go),
		cmocka_unit_test(test_cosignature),
		cmocka_unit_test(test_vkeys),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
