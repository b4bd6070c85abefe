/*
 * The capped buffer: the cap holds, errors stick, contents stay
 * NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "tutil.h"

static void
test_cap_and_sticky_error(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "abcd"), 0);
	assert_int_equal(buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(buf_str(&b), "abcd1234");
	assert_int_equal(b.len, 8);
	assert_int_equal(buf_addc(&b, 'x'), HL_ETOOBIG);
	/* Sticky: later appends that would fit still fail, contents freed. */
	assert_int_equal(buf_adds(&b, ""), HL_ETOOBIG);
	assert_int_equal(buf_err(&b), HL_ETOOBIG);
	assert_null(b.p);
	assert_string_equal(buf_str(&b), "");
	assert_null(buf_steal(&b, NULL));
	buf_clear(&b);
	assert_int_equal(buf_err(&b), 0);
	assert_int_equal(buf_adds(&b, "ok"), 0);
	assert_string_equal(buf_str(&b), "ok");
	buf_done(&b);
}

static void
test_printf_over_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_printf(&b, "%s", "12345"), HL_ETOOBIG);
	buf_done(&b);
}

/* Appends each line handed over, and a '|' after it. */
static void
take(void *arg, const char *text)
{
	(void)buf_adds(arg, text);
	(void)buf_addc(arg, '|');
}

/* Each line goes out whole and the buffer starts the next empty; one
 * over the cap does not go out, and the next is clean again. */
static void
test_line(void **state)
{
	struct buf b, out;

	(void)state;
	buf_init(&b, 4);
	buf_init(&out, 64);
	(void)buf_adds(&b, "ab");
	assert_int_equal(buf_line(&b, take, &out), 0);
	assert_int_equal(b.len, 0);
	(void)buf_adds(&b, "toolong");
	assert_int_equal(buf_line(&b, take, &out), HL_ETOOBIG);
	assert_int_equal(buf_err(&b), 0);
	(void)buf_adds(&b, "cd");
	assert_int_equal(buf_line(&b, take, &out), 0);
	assert_string_equal(buf_str(&out), "ab|cd|");
	buf_done(&b);
	buf_done(&out);
}

static void
test_reserve_and_steal(void **state)
{
	struct buf b;
	uint8_t *p;
	size_t n;

	(void)state;
	buf_init(&b, 100);
	p = buf_reserve(&b, 3);
	assert_non_null(p);
	memcpy(p, "xyz", 3);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.p[3], '\0');
	p = buf_steal(&b, &n);
	assert_int_equal(n, 3);
	assert_string_equal((char *)p, "xyz");
	free(p);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	/* Stealing an empty buffer gives an empty string, not NULL. */
	p = buf_steal(&b, &n);
	assert_non_null(p);
	assert_int_equal(n, 0);
	free(p);
	buf_done(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_and_sticky_error),
		cmocka_unit_test(test_printf_over_cap),
		cmocka_unit_test(test_reserve_and_steal),
		cmocka_unit_test(test_line),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
