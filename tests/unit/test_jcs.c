/*
 * RFC 8785: the cyberphone vectors, RFC 8785 Appendix B numbers, UTF-16
 * member order, escapes, and every kind of input JCS must refuse.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"
#include "limits.h"
#include "tutil.h"

static int
canon(const char *in, struct buf *out, struct hl_diag *d)
{
	buf_init(out, HL_MAX_CANON_BYTES);
	return jcs_canon((const uint8_t *)in, strlen(in), HL_MAX_CANON_DEPTH,
	    out, d);
}

static void
expect_canon(const char *in, const char *want)
{
	struct hl_diag d;
	struct buf out;

	hl_diag_clear(&d);
	assert_int_equal(canon(in, &out, &d), 0);
	assert_string_equal(buf_str(&out), want);
	buf_done(&out);
}

static void
expect_refused(const char *in, int err, long offset, const char *msg)
{
	struct hl_diag d;
	struct buf out;

	hl_diag_clear(&d);
	assert_int_equal(canon(in, &out, &d), err);
	if (offset >= 0)
		assert_int_equal(d.offset, offset);
	if (strstr(d.msg, msg) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", in, d.msg, msg);
	buf_done(&out);
}

static void
test_cyberphone_vectors(void **state)
{
	static const char *const names[] = { "arrays", "structures",
		"unicode", "values" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128], hex[8192];
		uint8_t *in, *want, *hexf, fromhex[4096];
		size_t inlen, wantlen, hexlen, j, k = 0;
		struct hl_diag d;
		struct buf out;

		(void)snprintf(path, sizeof(path), "jcs/input/%s.json",
		    names[i]);
		in = tu_vector(path, &inlen);
		(void)snprintf(path, sizeof(path), "jcs/output/%s.json",
		    names[i]);
		want = tu_vector(path, &wantlen);
		(void)snprintf(path, sizeof(path), "jcs/outhex/%s.txt",
		    names[i]);
		hexf = tu_vector(path, &hexlen);
		for (j = 0; j < hexlen && k < sizeof(hex) - 1; j++)
			if (hexf[j] != ' ' && hexf[j] != '\n')
				hex[k++] = (char)hexf[j];
		hex[k] = '\0';
		assert_int_equal(tu_unhex(hex, fromhex, sizeof(fromhex)),
		    wantlen);
		assert_memory_equal(fromhex, want, wantlen);

		buf_init(&out, HL_MAX_CANON_BYTES);
		hl_diag_clear(&d);
		assert_int_equal(jcs_canon(in, inlen, HL_MAX_CANON_DEPTH, &out,
		    &d), 0);
		assert_int_equal(out.len, wantlen);
		assert_memory_equal(out.p, want, wantlen);
		buf_done(&out);
		free(in);
		free(want);
		free(hexf);
	}
}

/* RFC 8785 Appendix B, checked against JSON.stringify. */
static void
test_numbers_appendix_b(void **state)
{
	static const struct {
		uint64_t	 bits;
		const char	*want;
	} t[] = {
		{ 0x0000000000000000, "0" },
		{ 0x8000000000000000, "0" },
		{ 0x0000000000000001, "5e-324" },
		{ 0x8000000000000001, "-5e-324" },
		{ 0x7fefffffffffffff, "1.7976931348623157e+308" },
		{ 0xffefffffffffffff, "-1.7976931348623157e+308" },
		{ 0x4340000000000000, "9007199254740992" },
		{ 0xc340000000000000, "-9007199254740992" },
		{ 0x4430000000000000, "295147905179352830000" },
		{ 0x44b52d02c7e14af5, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6, "1e+23" },
		{ 0x44b52d02c7e14af7, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4e, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4f, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8d, "0.000001" },
		{ 0x41b3de4355555553, "333333333.3333332" },
		{ 0x41b3de4355555554, "333333333.33333325" },
		{ 0x41b3de4355555555, "333333333.3333333" },
		{ 0x41b3de4355555556, "333333333.3333334" },
		{ 0x41b3de4355555557, "333333333.33333343" },
		{ 0xbecbf647612f3696, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959, "1424953923781206.2" },
	};
	char out[JCS_NUMBER_MAX];
	double d;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memcpy(&d, &t[i].bits, sizeof(d));
		assert_int_equal(jcs_number(d, out), (int)strlen(t[i].want));
		assert_string_equal(out, t[i].want);
	}
	assert_int_equal(jcs_number(NAN, out), HL_EINVAL);
	assert_int_equal(jcs_number(INFINITY, out), HL_EINVAL);
	assert_int_equal(jcs_number(-INFINITY, out), HL_EINVAL);
}

static void
test_number_spellings(void **state)
{
	(void)state;
	expect_canon("[1.0, 1e0, 10e-1, 0.1e1, -0, -0.0, 1E2, 100e-2]",
	    "[1,1,1,1,0,0,100,1]");
	expect_canon("[123456789012345678901234567890]",
	    "[1.2345678901234568e+29]");
	expect_canon("[0.1, 0.2, 1e-7, 1e21, 1e20]",
	    "[0.1,0.2,1e-7,1e+21,100000000000000000000]");
	expect_canon("[9007199254740993]", "[9007199254740992]");
}

/* Members sort by UTF-16 code units, not by UTF-8 bytes. */
static void
test_utf16_member_order(void **state)
{
	(void)state;
	/* U+20AC < U+1F600 (D83D DE00) < U+FB33, although UTF-8 has
	 * EF AC B3 (U+FB33) before F0 9F 98 80 (U+1F600). */
	expect_canon("{\"\\ufb33\":3,\"\\ud83d\\ude00\":2,\"\\u20ac\":1}",
	    "{\"\xe2\x82\xac\":1,\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":3}");
	expect_canon("{\"b\":1,\"a\":2,\"\":3,\"aa\":4,\"A\":5}",
	    "{\"\":3,\"A\":5,\"a\":2,\"aa\":4,\"b\":1}");
	assert_true(jcs_keycmp("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x81",
	    4) < 0);
	assert_int_equal(jcs_keycmp("ab", 2, "ab", 2), 0);
	assert_true(jcs_keycmp("a", 1, "ab", 2) < 0);
}

static void
test_string_escapes(void **state)
{
	(void)state;
	expect_canon("[\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\\\/\"]",
	    "[\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\"]");
	/* DEL, U+2028 and non-ASCII stay raw UTF-8. */
	expect_canon("[\"\\u007f\\u2028\\u00e9\"]",
	    "[\"\x7f\xe2\x80\xa8\xc3\xa9\"]");
	expect_canon("\"top-level string\"", "\"top-level string\"");
	expect_canon("  true ", "true");
}

static void
test_refusals(void **state)
{
	char deep[HL_MAX_CANON_DEPTH + 2];

	(void)state;
	expect_refused("{\"a\":1,\"a\":2}", HL_EPARSE, 9,
	    "duplicate object key");
	expect_refused("[\"\xc3\x28\"]", HL_EPARSE, -1, "UTF-8");
	expect_refused("[\"\xed\xa0\x80\"]", HL_EPARSE, -1, "UTF-8");
	expect_refused("[\"\\ud800\"]", HL_EPARSE, -1, "invalid Unicode");
	expect_refused("[\"\\udc00x\"]", HL_EPARSE, -1, "invalid Unicode");
	expect_refused("[1e400]", HL_EPARSE, -1, "overflow");
	expect_refused("[NaN]", HL_EPARSE, -1, "invalid token");
	expect_refused("[1,]", HL_EPARSE, -1, "");
	expect_refused("", HL_EPARSE, -1, "");
	expect_refused("{\"a\":1} x", HL_EPARSE, -1, "end of file expected");
	expect_refused("{\"a\":1", HL_EPARSE, 5, "");
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	expect_refused(deep, HL_EDEPTH, HL_MAX_CANON_DEPTH,
	    "nested deeper than 256 levels");
}

/* Brackets inside strings do not count toward the depth limit. */
static void
test_depth_scan_ignores_strings(void **state)
{
	json_t *v = NULL;
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	{
		static const char s[] = "[\"[[[[\\\"[[[\"]";

		assert_int_equal(jcs_parse((const uint8_t *)s, strlen(s), 2, 0,
		    &v, &d), 0);
	}
	json_decref(v);
	assert_int_equal(jcs_parse((const uint8_t *)"[[[1]]]", 7, 2, 0, &v,
	    &d), HL_EDEPTH);
	assert_null(v);
	assert_int_equal(d.offset, 2);
	/* A scalar needs JCS_ANY. */
	assert_int_equal(jcs_parse((const uint8_t *)"1", 1, 2, 0, &v, &d),
	    HL_EPARSE);
	assert_int_equal(jcs_parse((const uint8_t *)"1", 1, 2, JCS_ANY, &v,
	    &d), 0);
	json_decref(v);
}

static void
test_write_omit(void **state)
{
	static const char *const omit[] = { "sig", "id", NULL };
	json_t *v = json_pack("{s:i, s:s, s:s, s:[i]}", "z", 1, "sig", "x",
	    "id", "y", "a", 2);
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(jcs_write_omit(v, omit, &b), 0);
	assert_string_equal(buf_str(&b), "{\"a\":[2],\"z\":1}");
	buf_done(&b);
	/* The cap holds: output past it is refused, not truncated. */
	buf_init(&b, 5);
	assert_int_equal(jcs_write(v, &b), HL_ETOOBIG);
	buf_done(&b);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cyberphone_vectors),
		cmocka_unit_test(test_numbers_appendix_b),
		cmocka_unit_test(test_number_spellings),
		cmocka_unit_test(test_utf16_member_order),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_depth_scan_ignores_strings),
		cmocka_unit_test(test_write_omit),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
