/*
 * Joint reviews, as `hotline verify` and `hotline review --countersign`
 * read them from a peer or anyone: checking never crashes, and a review
 * that verifies names two different parties and holds one verified
 * bundle per signature.
 */
#include <string.h>

#include "fuzz.h"
#include "review.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct review_result res;
	struct hl_diag d;

	if (fuzz_outside(size, 0, 256 * 1024))
		return 0;
	hl_diag_clear(&d);
	if (review_verify(data, size, NULL, 0, &res, &d) != 0) {
		FUZZ_ASSERT(d.msg[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(strcmp(res.by, res.other) != 0);
	FUZZ_ASSERT(res.nb == (res.countersigned ? 2u : 1u));
	FUZZ_ASSERT(strcmp(res.b[0].party, res.by) == 0);
	review_result_done(&res);
	return 0;
}
