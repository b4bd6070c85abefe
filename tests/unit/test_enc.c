/*
 * Strict codecs: one spelling per value.
 */
#include <string.h>

#include "enc.h"
#include "tutil.h"

static void
test_base64_exact(void **state)
{
	uint8_t out[4];
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(enc_b64((const uint8_t *)"\x01\x02\x03\x04", 4, &b),
	    0);
	assert_string_equal(buf_str(&b), "AQIDBA==");
	buf_done(&b);
	assert_true(enc_b64_decode_exact("AQIDBA==", 8, out, 4));
	assert_memory_equal(out, "\x01\x02\x03\x04", 4);
	/* Non-zero padding bits spell the same bytes another way: refused. */
	assert_false(enc_b64_decode_exact("AQIDBB==", 8, out, 4));
	assert_false(enc_b64_decode_exact("AQIDBA=", 7, out, 4));
	assert_false(enc_b64_decode_exact("AQIDBA", 6, out, 4));
	assert_false(enc_b64_decode_exact("AQID", 4, out, 3) &&
	    enc_b64_decode_exact("AQID", 4, out, 4));
	assert_false(enc_b64_decode_exact("AQ-DBA==", 8, out, 4));
	assert_false(enc_b64_decode_exact("AQIDBA==", 8, out, 3));
	/* libsodium 1.0.18 alone would read 0xf7 as '/': found by fuzzing. */
	assert_false(enc_b64_decode_exact("AQ\xf7" "DBA==", 8, out, 4));
	assert_false(enc_b64_decode_exact("AQ=DBA==", 8, out, 4));
	{
		uint8_t big[8];
		size_t got = 0;

		assert_true(enc_b64_decode("AQIDBA==", 8, big, sizeof(big),
		    &got));
		assert_int_equal(got, 4);
		assert_false(enc_b64_decode("AQIDBA==", 8, big, 3, &got));
		assert_false(enc_b64_decode("", 0, big, 3, &got));
		assert_false(enc_b64_decode("AQI", 3, big, 3, &got));
	}
}

static void
test_hex_exact(void **state)
{
	uint8_t out[2];
	char hex[5];

	(void)state;
	enc_hex((const uint8_t *)"\xab\x01", 2, hex);
	assert_string_equal(hex, "ab01");
	assert_true(enc_hex_decode_exact("ab01", 4, out, 2));
	assert_memory_equal(out, "\xab\x01", 2);
	assert_false(enc_hex_decode_exact("AB01", 4, out, 2));
	assert_false(enc_hex_decode_exact("ab0", 3, out, 2));
	assert_false(enc_hex_decode_exact("ab0g", 4, out, 2));
	assert_true(enc_is_lowhex("0123456789abcdef", 16));
	assert_false(enc_is_lowhex("0123456789abcdeF", 16));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_exact),
		cmocka_unit_test(test_hex_exact),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
