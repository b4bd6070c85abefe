/*
 * tlp: the labels as people and formats write them, and each rule with
 * its exact refusal.
 */
#include <string.h>

#include "tlp.h"
#include "tutil.h"

static void
test_parse(void **state)
{
	(void)state;
	assert_int_equal(tlp_parse("amber"), TLP_AMBER);
	assert_int_equal(tlp_parse("TLP:AMBER+STRICT"), TLP_AMBER_STRICT);
	assert_int_equal(tlp_parse("tlp:white"), TLP_CLEAR);
	assert_int_equal(tlp_parse("Clear"), TLP_CLEAR);
	assert_int_equal(tlp_parse("tlp:red"), TLP_RED);
	assert_int_equal(tlp_parse("tlp:"), -1);
	assert_int_equal(tlp_parse("amber+"), -1);
	assert_int_equal(tlp_parse("orange"), -1);
	assert_string_equal(tlp_label(TLP_AMBER_STRICT), "TLP:AMBER+STRICT");
	/* An operator's option: 2.0's names only, in any case. */
	assert_int_equal(tlp_option("AMBER"), TLP_AMBER);
	assert_int_equal(tlp_option("TLP:amber+strict"), TLP_AMBER_STRICT);
	assert_int_equal(tlp_option("tlp:Clear"), TLP_CLEAR);
	assert_int_equal(tlp_option("white"), -1);
	assert_int_equal(tlp_option("TLP:WHITE"), -1);
	assert_int_equal(tlp_option("tlp:"), -1);
	assert_int_equal(tlp_option("amber+strict+strict"), -1);
	assert_int_equal(tlp_option(""), -1);
}

static void
test_carry(void **state)
{
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(tlp_carry(TLP_AMBER, TLP_AMBER, false, "x", &d), 0);
	assert_int_equal(tlp_carry(TLP_AMBER, TLP_RED, false, "x", &d), 0);
	assert_int_equal(tlp_carry(TLP_AMBER, TLP_GREEN, true, "x", &d), 0);
	assert_int_equal(tlp_carry(TLP_AMBER, TLP_GREEN, false,
	    "the request's marking", &d), HL_EINVAL);
	assert_string_equal(d.msg, "TLP:GREEN is lower than TLP:AMBER, the "
	    "request's marking; use --force to mark it so anyway");
	/* amber+strict is stricter than amber: amber lowers it. */
	assert_int_equal(tlp_carry(TLP_AMBER_STRICT, TLP_AMBER, false, "x",
	    &d), HL_EINVAL);
}

static void
test_beyond_and_clearance(void **state)
{
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(tlp_beyond(TLP_AMBER_STRICT, false, "x", &d), 0);
	assert_int_equal(tlp_beyond(TLP_RED, true, "x", &d), 0);
	assert_int_equal(tlp_beyond(TLP_RED, false, "request 1a2b", &d),
	    HL_EINVAL);
	assert_string_equal(d.msg, "request 1a2b is TLP:RED, for its named "
	    "recipients only; use --force to pass it on anyway");
	assert_true(tlp_cleared(TLP_AMBER, TLP_GREEN));
	assert_true(tlp_cleared(TLP_AMBER, TLP_AMBER));
	assert_false(tlp_cleared(TLP_AMBER, TLP_AMBER_STRICT));
	assert_false(tlp_cleared(TLP_CLEAR, TLP_GREEN));
	assert_true(tlp_cleared(TLP_RED, TLP_RED));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_carry),
		cmocka_unit_test(test_beyond_and_clearance),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
