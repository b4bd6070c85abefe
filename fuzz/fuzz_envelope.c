/*
 * Envelopes: parsing never crashes; whatever parses is exactly its own
 * canonical bytes and parses again to the same id. The signature check
 * runs too, against a fixed key, to reach that code.
 */
#include <string.h>

#include "envelope.h"
#include "fuzz.h"
#include "limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t pk[HL_PK_LEN] = { 0xd7, 0x5a, 0x98, 0x01 };
	struct envelope *e, *again;

	if (fuzz_outside(size, 0, HL_MAX_MSG_BYTES + 1))
		return 0;
	if (envelope_parse(data, size, &e, NULL) != 0)
		return 0;
	FUZZ_ASSERT(e->rawlen == size && memcmp(e->raw, data, size) == 0);
	FUZZ_ASSERT(envelope_parse(e->raw, e->rawlen, &again, NULL) == 0);
	FUZZ_ASSERT(strcmp(again->hdr.id, e->hdr.id) == 0);
	FUZZ_ASSERT(envelope_verify(e, pk, NULL) != HL_ENOMEM);
	envelope_free(again);
	envelope_free(e);
	return 0;
}
