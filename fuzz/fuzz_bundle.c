/*
 * Report bundles, as an auditor's `hotline verify` reads them from
 * anyone: checking never crashes; a bundle that verifies has a report
 * that is the one its leaves give, and cross-checks against itself (its
 * receipts are signed by its peers, never by itself, so none apply).
 */
#include <string.h>

#include "bundle.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_result res;
	struct hl_diag d;

	/* Small bundles reach every check; large ones only cost time. */
	if (fuzz_outside(size, 0, 256 * 1024))
		return 0;
	hl_diag_clear(&d);
	if (bundle_verify(data, size, NULL, 0, &res, &d) != 0) {
		FUZZ_ASSERT(d.msg[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(res.report != NULL && res.doc != NULL);
	FUZZ_ASSERT(strcmp(json_string_value(json_object_get(res.report,
	    "party")), res.party) == 0);
	FUZZ_ASSERT(bundle_cross(&res, &res, &d) == 0);
	bundle_result_done(&res);
	return 0;
}
