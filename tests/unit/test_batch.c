/*
 * Batches: how a sender reads a peer's answer. Every way an answer can
 * end, and the answers a receiver of this protocol never gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "batch.h"

#define RC	"{\"by\":\"cert.bb\",\"leaf\":1,\"seq\":1}"
#define GAP	"{\"type\":\"urn:hotline:problem:seq-gap\",\"expected_seq\":2," \
		"\"detail\":\"x\"}"

static int
read_answer(const char *s, size_t count, struct batch_answer *a,
    struct hl_diag *d)
{
	hl_diag_clear(d);
	return batch_answer_read((const uint8_t *)s, strlen(s), count, a, d);
}

static void
test_answer_ends(void **state)
{
	static struct batch_answer a;
	struct hl_diag d;

	(void)state;
	assert_int_equal(read_answer(RC "\n" RC "\n", 2, &a, &d), 0);
	assert_int_equal(a.end, ANSWER_ALL);
	assert_int_equal(a.receipts, 2);
	assert_int_equal(a.line[1].len, strlen(RC));
	/* The last line need not end with a newline. */
	assert_int_equal(read_answer(RC "\n" RC, 2, &a, &d), 0);
	assert_int_equal(a.end, ANSWER_ALL);
	assert_int_equal(read_answer(RC "\n" GAP "\n", 3, &a, &d), 0);
	assert_int_equal(a.end, ANSWER_PROBLEM);
	assert_int_equal(a.receipts, 1);
	assert_string_equal(a.pb.slug, "seq-gap");
	assert_int_equal(a.pb.expected_seq, 2);
	assert_int_equal(read_answer(GAP, 1, &a, &d), 0);
	assert_int_equal(a.end, ANSWER_PROBLEM);
	assert_int_equal(a.receipts, 0);
}

/* Fewer lines than messages: the rest is due still, nothing is made up. */
static void
test_answer_short(void **state)
{
	static struct batch_answer a;
	struct hl_diag d;

	(void)state;
	assert_int_equal(read_answer(RC "\n", 4, &a, &d), 0);
	assert_int_equal(a.end, ANSWER_SHORT);
	assert_int_equal(a.receipts, 1);
	assert_string_equal(a.pb.slug, "");
	assert_int_equal(a.pb.expected_seq, 0);
	assert_int_equal(read_answer("", 4, &a, &d), 0);
	assert_int_equal(a.end, ANSWER_SHORT);
	assert_int_equal(a.receipts, 0);
}

static void
test_answer_refused(void **state)
{
	static struct batch_answer a;
	struct hl_diag d;

	(void)state;
	assert_int_equal(read_answer(RC "\n" RC "\n" RC "\n", 2, &a, &d),
	    HL_EPARSE);
	assert_string_equal(d.msg, "more lines than the 2 messages sent");
	assert_int_equal(read_answer(GAP "\n" RC "\n", 2, &a, &d), HL_EPARSE);
	assert_string_equal(d.msg, "line 2 follows the problem that ends the "
	    "answer");
	assert_int_equal(d.offset, (long)strlen(GAP) + 1);
	assert_int_equal(read_answer(RC "\n\n" RC, 3, &a, &d), HL_ESCHEMA);
	assert_string_equal(d.msg, "line 2 is empty");
	assert_int_equal(read_answer(RC, 0, &a, &d), HL_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_ends),
		cmocka_unit_test(test_answer_short),
		cmocka_unit_test(test_answer_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
