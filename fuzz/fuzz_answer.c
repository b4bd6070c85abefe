/*
 * A peer's answer to a batch, as the sender reads it (take_answer() in
 * src/serve/deliver.c): the first byte says how many messages were sent
 * (1 to 32), the rest is the answer. Reading never crashes and never
 * reads past the answer; the receipts it finds are lines of the answer,
 * none of them a problem document, no more than the messages sent; the
 * answer ends in exactly one way, and "all" means a line per message.
 */
#include <string.h>

#include "batch.h"
#include "fuzz.h"
#include "limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct batch_answer a;
	struct problem pb;
	struct hl_diag d;
	size_t count;
	int err;

	if (fuzz_outside(size, 1, HL_MAX_BATCH_ANSWER + 1))
		return 0;
	count = (size_t)(data[0] % 32) + 1;
	data++;
	size--;
	hl_diag_clear(&d);
	memset(&a, 0xa5, sizeof(a));
	err = batch_answer_read(data, size, count, &a, &d);
	if (err != 0) {
		FUZZ_ASSERT(err == HL_EPARSE || err == HL_ESCHEMA);
		FUZZ_ASSERT(d.msg[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(a.receipts <= count);
	FUZZ_ASSERT(a.end == ANSWER_ALL || a.end == ANSWER_PROBLEM ||
	    a.end == ANSWER_SHORT);
	FUZZ_ASSERT((a.end == ANSWER_ALL) == (a.receipts == count &&
	    a.end != ANSWER_PROBLEM));
	FUZZ_ASSERT(a.end != ANSWER_PROBLEM || a.receipts < count);
	for (size_t i = 0; i < a.receipts; i++) {
		FUZZ_ASSERT(a.line[i].p >= data && a.line[i].len > 0 &&
		    a.line[i].p + a.line[i].len <= data + size);
		FUZZ_ASSERT(memchr(a.line[i].p, '\n', a.line[i].len) == NULL);
		FUZZ_ASSERT(i == 0 || a.line[i].p > a.line[i - 1].p);
		FUZZ_ASSERT(!problem_parse(a.line[i].p, a.line[i].len, &pb));
	}
	if (a.end != ANSWER_PROBLEM)
		FUZZ_ASSERT(a.pb.slug[0] == '\0' && a.pb.expected_seq == 0);
	else
		FUZZ_ASSERT(a.pb.expected_seq >= 0 &&
		    a.pb.expected_seq <= HL_MAX_SAFE_INT);
	return 0;
}
