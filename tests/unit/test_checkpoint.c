/*
 * Checkpoint text and tlog-proof files: real and example ones parse, our
 * own round-trip, and every malformed line is refused by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkpoint.h"
#include "tutil.h"

static void
test_sumdb(void **state)
{
	struct checkpoint c;
	struct note *nt;
	struct hl_diag d;
	uint8_t *p;
	size_t n;

	(void)state;
	p = tu_vector("signed-note/sumdb-checkpoint-6476701.note", &n);
	assert_int_equal(note_parse(p, n, &nt, NULL), 0);
	hl_diag_clear(&d);
	assert_int_equal(checkpoint_parse(nt->buf, nt->textlen, &c, &d), 0);
	assert_string_equal(c.origin, "go.sum database tree");
	assert_int_equal(c.size, 6476701);
	assert_int_equal(c.root[0], 0x99);
	assert_int_equal(c.extensions, 0);
	note_free(nt);
	free(p);
}

static void
test_round_trip(void **state)
{
	merkle_hash root = { 1, 2, 3 };
	struct checkpoint c;
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(checkpoint_format("hotline/cert.aa", 42, root, &b),
	    0);
	assert_string_equal(buf_str(&b), "hotline/cert.aa\n42\n"
	    "AQIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
	assert_int_equal(checkpoint_parse(b.p, b.len, &c, NULL), 0);
	assert_string_equal(c.origin, "hotline/cert.aa");
	assert_int_equal(c.size, 42);
	assert_memory_equal(c.root, root, MERKLE_HASH);
	buf_done(&b);
}

static void
test_checkpoint_refusals(void **state)
{
	static const char root[] = "AQIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
	static const struct {
		const char	*text;
		const char	*msg;
	} t[] = {
		{ "\n1\nX\n", "checkpoint: the first line must be the log's "
		  "origin" },
		{ "o\n01\nX\n", "checkpoint: the second line must be the tree "
		  "size in decimal" },
		{ "o\n-1\nX\n", "checkpoint: the second line must be the tree "
		  "size in decimal" },
		{ "o\n9223372036854775808\nX\n", "checkpoint: the second line "
		  "must be the tree size in decimal" },
		{ "o\n1\nAQID\n", "checkpoint: the third line must be the "
		  "base64 of a 32-byte root hash" },
		{ "o\n1", "checkpoint: the second line must be the tree size "
		  "in decimal" },
	};
	struct checkpoint c;
	struct hl_diag d;
	char text[256];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		hl_diag_clear(&d);
		assert_int_equal(checkpoint_parse((const uint8_t *)t[i].text,
		    strlen(t[i].text), &c, &d), HL_EPARSE);
		if (strcmp(d.msg, t[i].msg) != 0)
			fail_msg("case %zu: %s", i, d.msg);
	}
	/* Found by fuzzing: a NUL after the digits is not a number's end. */
	assert_int_equal(checkpoint_parse((const uint8_t *)"o\n1\0\nx\n", 7,
	    &c, &d), HL_EPARSE);
	assert_string_equal(d.msg, "checkpoint: the second line must be the "
	    "tree size in decimal");
	(void)snprintf(text, sizeof(text), "o\n1\n%s\n\n", root);
	assert_int_equal(checkpoint_parse((const uint8_t *)text, strlen(text),
	    &c, &d), HL_EPARSE);
	assert_string_equal(d.msg, "checkpoint: empty extension line");
	(void)snprintf(text, sizeof(text), "o\n1\n%s\next\n", root);
	assert_int_equal(checkpoint_parse((const uint8_t *)text, strlen(text),
	    &c, &d), 0);
	assert_int_equal(c.extensions, 1);
	(void)snprintf(text, sizeof(text), "o\n1\n%s\next", root);
	assert_int_equal(checkpoint_parse((const uint8_t *)text, strlen(text),
	    &c, &d), HL_EPARSE);
	assert_string_equal(d.msg, "checkpoint: text does not end with a "
	    "newline");
}

static void
test_tlogproof(void **state)
{
	static const char note[] = "hotline/cert.aa\n3\n"
	    "AQIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n"
	    "\xe2\x80\x94 hotline/cert.aa AAAAAAA=\n";
	struct merkle_proof p = { .len = 2 };
	struct tlogproof tp;
	struct hl_diag d;
	struct buf b;
	json_error_t je;
	json_t *ex;
	size_t n;
	uint8_t *raw;

	(void)state;
	memset(p.h[0], 0xaa, MERKLE_HASH);
	memset(p.h[1], 0xbb, MERKLE_HASH);
	buf_init(&b, 4096);
	assert_int_equal(tlogproof_format(2, &p, (const uint8_t *)note,
	    strlen(note), &b), 0);
	hl_diag_clear(&d);
	assert_int_equal(tlogproof_parse(b.p, b.len, &tp, &d), 0);
	assert_int_equal(tp.index, 2);
	assert_int_equal(tp.proof.len, 2);
	assert_memory_equal(tp.proof.h, p.h, 2 * MERKLE_HASH);
	assert_int_equal(tp.notelen, strlen(note));
	assert_memory_equal(tp.note, note, strlen(note));
	buf_done(&b);

	/* C2SP's own layout example, with an extra line. */
	raw = tu_vector("signed-note/c2sp_protocol_examples.json", &n);
	ex = json_loadb((const char *)raw, n, 0, &je);
	free(raw);
	assert_non_null(ex);
	{
		const char *s = json_string_value(json_object_get(ex,
		    "tlog_proof_v1_example_layout"));

		assert_int_equal(tlogproof_parse((const uint8_t *)s, strlen(s),
		    &tp, &d), 0);
		assert_int_equal(tp.index, 73894);
		assert_int_equal(tp.proof.len, 5);
		assert_true(tp.has_extra);
		assert_int_equal(memcmp(tp.note, "example.com/fancylog\n", 21),
		    0);
	}
	json_decref(ex);

	assert_int_equal(tlogproof_parse((const uint8_t *)"c2sp.org/tlog-proof"
	    "@v2\n", 24, &tp, &d), HL_EPARSE);
	assert_string_equal(d.msg, "not a tlog-proof: the first line must be "
	    "c2sp.org/tlog-proof@v1");
	assert_int_equal(tlogproof_parse((const uint8_t *)TLOGPROOF_HEADER
	    "index x\n\nn\n", 34, &tp, &d), HL_EPARSE);
	assert_string_equal(d.msg, "tlog-proof: expected 'index N'");
	assert_int_equal(tlogproof_parse((const uint8_t *)TLOGPROOF_HEADER
	    "index 1\nAQID\n\nn\n", 39, &tp, &d), HL_EPARSE);
	assert_string_equal(d.msg, "tlog-proof: proof hash 1 is not the "
	    "base64 of 32 bytes");
	assert_int_equal(tlogproof_parse((const uint8_t *)TLOGPROOF_HEADER
	    "index 1\n", 31, &tp, &d), HL_EPARSE);
	assert_string_equal(d.msg, "tlog-proof: truncated before the "
	    "checkpoint");
	/* 65 hashes: more than any tree needs. */
	buf_init(&b, 1 << 16);
	(void)buf_adds(&b, TLOGPROOF_HEADER "index 1\n");
	for (int i = 0; i < 65; i++)
		(void)buf_adds(&b, "AQIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
	(void)buf_adds(&b, "\nx\n");
	assert_int_equal(tlogproof_parse(b.p, b.len, &tp, &d), HL_ETOOBIG);
	buf_done(&b);
}

/* tlog-witness add-checkpoint bodies, as POST /v1/cosign reads them. */
static void
test_addcheckpoint(void **state)
{
	static const char ok[] = "old 3\n"
	    "AQIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
	    "\n"
	    "hotline/cert.aa\n5\nroot\n\n— sig\n";
	struct addcheckpoint ac;
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(addcheckpoint_parse((const uint8_t *)ok, strlen(ok),
	    &ac, &d), 0);
	assert_int_equal(ac.old, 3);
	assert_int_equal(ac.proof.len, 1);
	assert_int_equal(ac.proof.h[0][0], 1);
	assert_int_equal(ac.proof.h[0][2], 3);
	assert_ptr_equal(ac.note, (const uint8_t *)ok + 52);
	assert_int_equal(ac.notelen, strlen(ok) - 52);
	/* From size 0 there is no proof: the empty line comes at once. */
	assert_int_equal(addcheckpoint_parse((const uint8_t *)"old 0\n\nn\n",
	    9, &ac, &d), 0);
	assert_int_equal(ac.proof.len, 0);
	assert_int_equal(ac.notelen, 2);
	assert_int_equal(addcheckpoint_parse((const uint8_t *)"old -1\n\nn\n",
	    10, &ac, &d), HL_EPARSE);
	assert_string_equal(d.msg, "add-checkpoint: expected 'old N'");
	assert_int_equal(addcheckpoint_parse((const uint8_t *)"old 01\n\nn\n",
	    10, &ac, &d), HL_EPARSE);
	assert_int_equal(addcheckpoint_parse((const uint8_t *)"old 1", 5, &ac,
	    &d), HL_EPARSE);
	assert_int_equal(addcheckpoint_parse((const uint8_t *)"old 1\nAQID\n"
	    "\nn\n", 14, &ac, &d), HL_EPARSE);
	assert_string_equal(d.msg, "add-checkpoint: proof hash 1 is not the "
	    "base64 of 32 bytes");
	assert_int_equal(addcheckpoint_parse((const uint8_t *)"old 1\n\n", 7,
	    &ac, &d), HL_EPARSE);
	assert_string_equal(d.msg, "add-checkpoint: no checkpoint after the "
	    "proof");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sumdb),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_checkpoint_refusals),
		cmocka_unit_test(test_tlogproof),
		cmocka_unit_test(test_addcheckpoint),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
