/*
 * JCS, two ways. Any input either is refused or canonicalizes, and
 * canonical output is a fixed point. And the strict parser of canonical
 * text (canon.c) accepts an input exactly when canonicalizing it gives the
 * same bytes back: the two parsers must agree on every input.
 */
#include <string.h>

#include "canon.h"
#include "fuzz.h"
#include "jcs.h"
#include "limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf once, twice, again;
	bool fixed = false, strict;
	json_t *v = NULL;

	if (fuzz_outside(size, 0, 256 * 1024))
		return 0;
	buf_init(&once, HL_MAX_CANON_BYTES);
	buf_init(&twice, HL_MAX_CANON_BYTES);
	buf_init(&again, HL_MAX_CANON_BYTES);
	if (jcs_canon(data, size, HL_MAX_CANON_DEPTH, &once, NULL) == 0) {
		FUZZ_ASSERT(jcs_canon(once.p, once.len, HL_MAX_CANON_DEPTH,
		    &twice, NULL) == 0);
		FUZZ_ASSERT(once.len == twice.len &&
		    memcmp(once.p, twice.p, once.len) == 0);
		fixed = once.len == size && memcmp(once.p, data, size) == 0;
	}
	strict = canon_parse(data, size, HL_MAX_CANON_DEPTH, &v, NULL, 0, NULL,
	    NULL) == 0;
	FUZZ_ASSERT(strict == fixed);
	if (strict) {
		FUZZ_ASSERT(jcs_write(v, &again) == 0);
		FUZZ_ASSERT(again.len == size &&
		    memcmp(again.p, data, size) == 0);
	}
	json_decref(v);
	buf_done(&once);
	buf_done(&twice);
	buf_done(&again);
	return 0;
}
