/*
 * Batches, both ways: the lines of a POSTed batch as the receiver splits
 * them, and a batch's answer as the sender reads it (receipts, and a
 * problem document at the end). Splitting never crashes; the lines it
 * finds are non-empty, hold no newline, and put back together with their
 * newlines are the input; a refused input is refused at a line boundary
 * it names. Every line either is a problem document or is read as a
 * receipt, never both.
 */
#include <string.h>

#include "batch.h"
#include "fuzz.h"
#include "limits.h"
#include "receipt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct batch_line lines[HL_MAX_BATCH_MSGS];
	struct hl_diag d;
	struct problem pb;
	struct receipt r;
	size_t count, off = 0;
	int err;

	if (fuzz_outside(size, 0, HL_MAX_BATCH_BYTES))
		return 0;
	hl_diag_clear(&d);
	err = batch_split(data, size, lines, 8, &count, &d);
	FUZZ_ASSERT(count <= 8);
	for (size_t i = 0; i < count; i++) {
		FUZZ_ASSERT(lines[i].p == data + off && lines[i].len > 0);
		FUZZ_ASSERT(memchr(lines[i].p, '\n', lines[i].len) == NULL);
		off += lines[i].len;
		if (off < size) {
			FUZZ_ASSERT(data[off] == '\n');
			off++;
		}
		if (problem_parse(lines[i].p, lines[i].len, &pb))
			FUZZ_ASSERT(strlen(pb.slug) < sizeof(pb.slug) &&
			    pb.expected_seq >= 0 &&
			    pb.expected_seq <= HL_MAX_SAFE_INT &&
			    receipt_parse(lines[i].p, lines[i].len, &r,
			    NULL) != 0);
		else if (receipt_parse(lines[i].p, lines[i].len, &r,
		    NULL) == 0)
			receipt_done(&r);
	}
	if (err == 0)
		FUZZ_ASSERT(count > 0 && off == size);
	else if (size == 0)
		FUZZ_ASSERT(err == HL_ESCHEMA);
	else
		FUZZ_ASSERT((err == HL_ETOOBIG || err == HL_ESCHEMA) &&
		    d.offset >= 0 && (size_t)d.offset == off);
	return 0;
}
