/*
 * JCS: any input either is refused or canonicalizes, and canonical output
 * is a fixed point (canonicalizing it again changes nothing).
 */
#include <string.h>

#include "fuzz.h"
#include "jcs.h"
#include "limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf once, twice;

	if (fuzz_outside(size, 0, 256 * 1024))
		return 0;
	buf_init(&once, HL_MAX_CANON_BYTES);
	buf_init(&twice, HL_MAX_CANON_BYTES);
	if (jcs_canon(data, size, HL_MAX_CANON_DEPTH, &once, NULL) == 0) {
		FUZZ_ASSERT(jcs_canon(once.p, once.len, HL_MAX_CANON_DEPTH,
		    &twice, NULL) == 0);
		FUZZ_ASSERT(once.len == twice.len &&
		    memcmp(once.p, twice.p, once.len) == 0);
	}
	buf_done(&once);
	buf_done(&twice);
	return 0;
}
