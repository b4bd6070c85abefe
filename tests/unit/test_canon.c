/*
 * The strict parser of canonical JSON: it accepts the canonical vectors,
 * gives the spans of top-level members, and refuses every non-canonical
 * spelling with what and where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "limits.h"
#include "tutil.h"

static void
test_accepts_canonical_vectors(void **state)
{
	static const char *const names[] = { "arrays", "structures",
		"unicode", "values" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		uint8_t *p;
		size_t n;
		json_t *v;
		struct buf out;
		struct hl_diag d;

		(void)snprintf(path, sizeof(path), "jcs/output/%s.json",
		    names[i]);
		p = tu_vector(path, &n);
		hl_diag_clear(&d);
		if (canon_parse(p, n, 16, &v, NULL, 0, NULL, &d) != 0)
			fail_msg("%s: %s at %ld", names[i], d.msg, d.offset);
		buf_init(&out, 1 << 20);
		assert_int_equal(jcs_write(v, &out), 0);
		assert_int_equal(out.len, n);
		assert_memory_equal(out.p, p, n);
		buf_done(&out);
		json_decref(v);
		free(p);
	}
}

static void
test_top_level_spans(void **state)
{
	static const char text[] = "{\"a\":[1,{\"x\":2}],\"b\":\"\\n\",\"c\":{}}";
	struct jcs_member m[4];
	struct hl_diag d;
	size_t n;
	json_t *v;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(canon_parse((const uint8_t *)text, strlen(text), 4,
	    &v, m, 4, &n, &d), 0);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].key, "a");
	assert_int_equal(m[0].start, 1);
	assert_int_equal(m[0].end, 16);
	assert_string_equal(m[1].key, "b");
	assert_int_equal(m[1].start, 17);
	assert_int_equal(m[1].end, 25);
	assert_string_equal(m[2].key, "c");
	assert_int_equal(m[2].end, strlen(text) - 1);
	assert_ptr_equal(m[1].value, json_object_get(v, "b"));
	json_decref(v);
	assert_int_equal(canon_parse((const uint8_t *)text, strlen(text), 4,
	    &v, m, 2, &n, &d), HL_ETOOBIG);
	assert_null(v);
}

static void
test_refusals(void **state)
{
	static const struct {
		const char	*in;
		int		 err;
		long		 at;
		const char	*msg;
	} t[] = {
		{ "{\"b\":1,\"a\":2}", HL_ENOTCANON, 7,
		  "not canonical: member \"a\" sorts before \"b\"" },
		{ "{\"a\":1,\"a\":2}", HL_EPARSE, 7, "duplicate member \"a\"" },
		{ "{\"\\u20ac\":1}", HL_ENOTCANON, 2,
		  "not canonical: \\u escapes are written only for control "
		  "characters without a short form, in lower case" },
		{ "[\"\\u000A\"]", HL_ENOTCANON, 2,
		  "not canonical: \\u escapes are written only for control "
		  "characters without a short form, in lower case" },
		{ "[\"\\u000a\"]", HL_ENOTCANON, 2,
		  "not canonical: \\u escapes are written only for control "
		  "characters without a short form, in lower case" },
		{ "[\"a\\/b\"]", HL_ENOTCANON, 3,
		  "not canonical: '\\/' is written '/'" },
		{ "[1.50]", HL_ENOTCANON, 1,
		  "not canonical: number '1.50' is written '1.5'" },
		{ "[1E3]", HL_ENOTCANON, 1,
		  "not canonical: number '1E3' is written '1000'" },
		{ "[-0]", HL_ENOTCANON, 1,
		  "not canonical: number '-0' is written '0'" },
		{ "[1e400]", HL_EPARSE, 1, "number '1e400' out of range" },
		{ "[01]", HL_EPARSE, 1, "invalid number '01'" },
		{ "[1.2.3]", HL_EPARSE, 1, "invalid number '1.2.3'" },
		{ "[ 1]", HL_ENOTCANON, 1,
		  "not canonical: whitespace (RFC 8785 has none)" },
		{ "{}\n", HL_ENOTCANON, 2,
		  "not canonical: whitespace after the value" },
		{ "{}x", HL_EPARSE, 2, "bytes after the value" },
		{ "[\"\xc3\x28\"]", HL_EPARSE, 2, "invalid UTF-8" },
		{ "[\"\xed\xa0\x80\"]", HL_EPARSE, 2, "invalid UTF-8" },
		{ "[\"\xf4\x90\x80\x80\"]", HL_EPARSE, 2, "invalid UTF-8" },
		{ "[\"\xc0\xaf\"]", HL_EPARSE, 2, "invalid UTF-8" },
		{ "[\"a\tb\"]", HL_EPARSE, 3,
		  "control character 0x09 in a string must be escaped" },
		{ "{\"\\u0000\":1}", HL_EPARSE, 1, "NUL byte in a member name" },
		{ "[tru]", HL_EPARSE, 1, "invalid literal" },
		{ "[1,]", HL_EPARSE, 3, "expected a value, found ']'" },
		{ "{\"a\"1}", HL_EPARSE, 4, "expected ':', found '1'" },
		{ "[\"abc", HL_EPARSE, 5, "unterminated string" },
		{ "", HL_EPARSE, 0,
		  "unexpected end of input; expected a value" },
		{ "[[[[1]]]]", HL_EDEPTH, 3, "nested deeper than 3 levels" },
	};
	struct hl_diag d;
	json_t *v;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r;

		hl_diag_clear(&d);
		r = canon_parse((const uint8_t *)t[i].in, strlen(t[i].in), 3,
		    &v, NULL, 0, NULL, &d);
		if (r != t[i].err || d.offset != t[i].at ||
		    strcmp(d.msg, t[i].msg) != 0)
			fail_msg("case %zu (%s): got %d at %ld \"%s\"", i,
			    t[i].in, r, d.offset, d.msg);
		assert_null(v);
	}
}

/* The escapes and raw bytes that are canonical all pass. */
static void
test_canonical_escapes(void **state)
{
	static const char text[] = "[\"\\u0000\\u001f\\b\\t\\n\\f\\r\\\"\\\\/"
	    "\x7f\xe2\x80\xa8\xf0\x9f\x98\x80\"]";
	struct hl_diag d;
	json_t *v;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(canon_parse((const uint8_t *)text, strlen(text), 2,
	    &v, NULL, 0, NULL, &d), 0);
	/* 2 NUL/US + 7 short escapes + '/' + DEL + 3 + 4 UTF-8 bytes. */
	assert_int_equal(json_string_length(json_array_get(v, 0)), 18);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_canonical_vectors),
		cmocka_unit_test(test_top_level_spans),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_canonical_escapes),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
