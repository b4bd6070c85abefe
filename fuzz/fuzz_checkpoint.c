/*
 * Checkpoint text: parsing never crashes, and what parses formats back to
 * the same text when it has no extension lines.
 */
#include <string.h>

#include "checkpoint.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct checkpoint c;
	struct buf b;

	if (fuzz_outside(size, 0, HL_MAX_NOTE_BYTES))
		return 0;
	if (checkpoint_parse(data, size, &c, NULL) != 0)
		return 0;
	if (c.extensions == 0) {
		buf_init(&b, HL_MAX_NOTE_BYTES);
		FUZZ_ASSERT(checkpoint_format(c.origin, c.size, c.root,
		    &b) == 0);
		FUZZ_ASSERT(b.len == size && memcmp(b.p, data, size) == 0);
		buf_done(&b);
	}
	return 0;
}
