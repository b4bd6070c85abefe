/*
 * tlog-witness add-checkpoint bodies, as POST /v1/cosign reads them from
 * a peer: parsing never crashes, and what parses is a proof within bounds
 * and a checkpoint that is a non-empty tail of the input.
 */
#include "checkpoint.h"
#include "fuzz.h"
#include "limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addcheckpoint ac;

	if (fuzz_outside(size, 0, HL_MAX_PROOF_FILE_BYTES + 1))
		return 0;
	if (addcheckpoint_parse(data, size, &ac, NULL) != 0)
		return 0;
	FUZZ_ASSERT(ac.proof.len <= MERKLE_MAX_PROOF);
	FUZZ_ASSERT(ac.notelen > 0 && ac.note > data &&
	    ac.note + ac.notelen == data + size);
	FUZZ_ASSERT(ac.note[-1] == '\n' && ac.note[-2] == '\n');
	return 0;
}
