/*
 * Vocabulary and time forms: every accepted spelling and the near misses.
 */
#include <string.h>

#include "proto.h"
#include "tutil.h"

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(proto_lookup(proto_type_names, "escalation"),
	    MSG_ESCALATION);
	assert_int_equal(proto_lookup(proto_tier_names, "policy"),
	    TIER_POLICY);
	assert_int_equal(proto_lookup(proto_tlp_names, "amber+strict"),
	    TLP_AMBER_STRICT);
	assert_int_equal(proto_lookup(proto_tlp_names, "white"), -1);
	assert_true(proto_party_valid("cert.aa"));
	assert_true(proto_party_valid("a"));
	assert_true(proto_party_valid("nrrc-1.gov.bb"));
	assert_false(proto_party_valid(""));
	assert_false(proto_party_valid("Cert.aa"));
	assert_false(proto_party_valid(".cert"));
	assert_false(proto_party_valid("cert-"));
	assert_false(proto_party_valid("cert aa"));
	assert_false(proto_party_valid("a234567890123456789012345678901234567"
	    "8901234567890123456789012345"));
	assert_true(proto_party_valid("a234567890123456789012345678901234567"
	    "890123456789012345678901234"));
	assert_true(proto_state_valid("RU"));
	assert_false(proto_state_valid("ru"));
	assert_false(proto_state_valid("USA"));
}

static void
test_time_parse(void **state)
{
	static const struct {
		const char	*s;
		int		 flags;
		bool		 ok;
		int64_t		 t;
	} t[] = {
		{ "1970-01-01T00:00:00Z", PROTO_TIME_STRICT, true, 0 },
		{ "2026-11-27T10:00:00Z", PROTO_TIME_STRICT, true, 1795773600 },
		{ "2024-02-29T23:59:59Z", PROTO_TIME_STRICT, true, 1709251199 },
		{ "2026-11-27T10:00:00.123Z", 0, true, 1795773600 },
		{ "2026-11-27T13:00:00+03:00", 0, true, 1795773600 },
		{ "2026-11-27T05:00:00-05:00", 0, true, 1795773600 },
		{ "2026-11-27T10:00:00.123Z", PROTO_TIME_STRICT, false, 0 },
		{ "2026-11-27T13:00:00+03:00", PROTO_TIME_STRICT, false, 0 },
		{ "2023-02-29T00:00:00Z", 0, false, 0 },
		{ "2100-02-29T00:00:00Z", 0, false, 0 },
		{ "2026-13-01T00:00:00Z", 0, false, 0 },
		{ "2026-04-31T00:00:00Z", 0, false, 0 },
		{ "2026-11-27T24:00:00Z", 0, false, 0 },
		{ "2026-11-27T23:60:00Z", 0, false, 0 },
		{ "2026-11-27T23:59:60Z", 0, false, 0 },
		{ "2026-11-27t10:00:00Z", 0, false, 0 },
		{ "2026-11-27T10:00:00z", 0, false, 0 },
		{ "2026-11-27T10:00:00", 0, false, 0 },
		{ "2026-11-27 10:00:00Z", 0, false, 0 },
		{ "2026-11-27T10:00:00Zx", 0, false, 0 },
		{ "1969-12-31T23:59:59Z", 0, false, 0 },
		{ "2026-11-27T10:00:00.Z", 0, false, 0 },
		{ "2026-11-27T10:00:00.1234567890Z", 0, false, 0 },
	};
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bool ok = proto_time_parse(t[i].s, t[i].flags, &v);

		if (ok != t[i].ok)
			fail_msg("%s: expected %s", t[i].s,
			    t[i].ok ? "ok" : "refusal");
		if (ok)
			assert_int_equal(v, t[i].t);
	}
}

static void
test_time_format_round_trip(void **state)
{
	char out[PROTO_TIME_LEN];
	int64_t v, t;

	(void)state;
	for (t = 0; t < 4102444800LL; t += 86400 * 13 + 3607) {
		proto_time_format(t, out);
		assert_true(proto_time_parse(out, PROTO_TIME_STRICT, &v));
		assert_int_equal(v, t);
	}
	proto_time_format(1709251199, out);
	assert_string_equal(out, "2024-02-29T23:59:59Z");
}

static void
test_durations(void **state)
{
	int64_t s;

	(void)state;
	assert_true(proto_duration_parse("72h", &s));
	assert_int_equal(s, 72 * 3600);
	assert_true(proto_duration_parse("1d12h30m5s", &s));
	assert_int_equal(s, 86400 + 12 * 3600 + 30 * 60 + 5);
	assert_true(proto_duration_parse("2w", &s));
	assert_int_equal(s, 14 * 86400);
	assert_false(proto_duration_parse("", &s));
	assert_false(proto_duration_parse("0h", &s));
	assert_false(proto_duration_parse("72", &s));
	assert_false(proto_duration_parse("h", &s));
	assert_false(proto_duration_parse("-1h", &s));
	assert_false(proto_duration_parse("1y", &s));
	assert_false(proto_duration_parse("99999999999999999999s", &s));
	assert_false(proto_duration_parse("4000d", &s));
}

static void
test_int_parse(void **state)
{
	int64_t v;

	(void)state;
	assert_true(proto_int_parse("0", 0, 10, &v));
	assert_int_equal(v, 0);
	assert_true(proto_int_parse("65535", 1, 65535, &v));
	assert_false(proto_int_parse("65536", 1, 65535, &v));
	assert_false(proto_int_parse("0", 1, 65535, &v));
	assert_false(proto_int_parse("", 0, 10, &v));
	assert_false(proto_int_parse("+1", 0, 10, &v));
	assert_false(proto_int_parse("1 ", 0, 10, &v));
	assert_false(proto_int_parse("-1", 0, 10, &v));
	assert_true(proto_int_parse("-9223372036854775808", INT64_MIN,
	    INT64_MAX, &v));
	assert_true(v == INT64_MIN);
	assert_true(proto_int_parse("9223372036854775807", INT64_MIN,
	    INT64_MAX, &v));
	assert_true(v == INT64_MAX);
	assert_false(proto_int_parse("9223372036854775808", INT64_MIN,
	    INT64_MAX, &v));
	assert_false(proto_int_parse("-9223372036854775809", INT64_MIN,
	    INT64_MAX, &v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_time_format_round_trip),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_int_parse),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
