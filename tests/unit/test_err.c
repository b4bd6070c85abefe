/*
 * Error texts, slugs and diagnostics: the slugs are protocol, so they are
 * pinned here.
 */
#include "err.h"
#include "tutil.h"

static void
test_errors_have_text_and_slug(void **state)
{
	struct hl_diag d;
	char out[128];

	(void)state;
	assert_string_equal(hl_errslug(HL_EBADSIG), "bad-signature");
	assert_string_equal(hl_errslug(HL_ESEQGAP), "seq-gap");
	assert_string_equal(hl_strerror(HL_EREPLAY),
	    "sequence number already used");
	assert_string_equal(hl_strerror(12345), "unknown error");
	hl_diag_clear(&d);
	hl_diag_format(&d, HL_ETOOBIG, out, sizeof(out));
	assert_string_equal(out, "too large");
	hl_diag_offset(&d, 7);
	(void)hl_diag_set(&d, HL_EPARSE, NULL, "bad %s", "token");
	hl_diag_format(&d, HL_EPARSE, out, sizeof(out));
	assert_string_equal(out, "byte 7: bad token");
	(void)hl_diag_set(&d, HL_ESCHEMA, "body.x", "required");
	hl_diag_format(&d, HL_ESCHEMA, out, sizeof(out));
	assert_string_equal(out, "body.x: required");
}

/* Slugs become RFC 9457 problem types on the wire: never renamed. */
static void
test_slugs_are_stable(void **state)
{
	static const struct {
		int		 err;
		const char	*slug;
	} t[] = {
		{ HL_ENOMEM, "out-of-memory" }, { HL_EIO, "io" },
		{ HL_ETOOBIG, "too-large" }, { HL_EDEPTH, "too-deep" },
		{ HL_EPARSE, "malformed" }, { HL_ESCHEMA, "schema" },
		{ HL_ENOTCANON, "not-canonical" }, { HL_EBADID, "bad-id" },
		{ HL_EBADSIG, "bad-signature" },
		{ HL_EUNKNOWNPEER, "unknown-peer" },
		{ HL_EWRONGRCPT, "wrong-recipient" }, { HL_ESEQGAP, "seq-gap" },
		{ HL_EREPLAY, "replay" }, { HL_EEXIST, "exists" },
		{ HL_ENOTFOUND, "not-found" }, { HL_ECONFIG, "config" },
		{ HL_ECRYPTO, "crypto" }, { HL_EDB, "database" },
		{ HL_EINVAL, "invalid" }, { HL_EAMBIG, "ambiguous" },
		{ HL_ECONFLICT, "conflict" }, { HL_EPROOF, "bad-proof" },
		{ HL_EEQUIVOCATION, "equivocation" },
		{ HL_ENOCERT, "no-certificate" }, { HL_EPIN, "pin-mismatch" },
		{ HL_ECLOCK, "clock-skew" },
		{ HL_EMEDIATYPE, "unsupported-media-type" },
		{ HL_EFRAMING, "bad-framing" },
		{ HL_ECODING, "unsupported-coding" },
		{ HL_EMETHOD, "method-not-allowed" }, { HL_EBUSY, "busy" },
		{ HL_EROLLBACK, "peer-rollback" }, { HL_ETIMEOUT, "timeout" },
		{ HL_ENOSPACE, "storage-full" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_string_equal(hl_errslug(t[i].err), t[i].slug);
		assert_string_not_equal(hl_strerror(t[i].err),
		    "unknown error");
	}
	assert_string_equal(hl_errslug(0), "ok");
	assert_string_equal(hl_errslug(-999), "internal");
}

/*
 * Every code is negative, its own, and not -1: a libc "-1 on failure" let
 * through by mistake reads as no error of ours, not as out of memory.
 */
static void
test_values_not_minus_one(void **state)
{
	static const int v[] = {
#define HL_ERR_VALUE(name, val, slug, text) name,
		HL_ERRORS(HL_ERR_VALUE)
#undef HL_ERR_VALUE
	};
	size_t n = sizeof(v) / sizeof(v[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		assert_true(v[i] < -1);
		for (size_t j = i + 1; j < n; j++)
			assert_int_not_equal(v[i], v[j]);
	}
	assert_int_not_equal(HL_ENOMEM, -1);
	assert_string_equal(hl_strerror(-1), "unknown error");
	assert_string_equal(hl_errslug(-1), "internal");
	assert_string_equal(hl_strerror(HL_ENOMEM), "out of memory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_have_text_and_slug),
		cmocka_unit_test(test_slugs_are_stable),
		cmocka_unit_test(test_values_not_minus_one),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
