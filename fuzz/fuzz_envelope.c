/*
 * Envelopes: parsing never crashes; whatever parses is exactly its own
 * canonical bytes and parses again to the same id. The signature check
 * runs too, against a fixed key, to reach that code. The check order: a
 * refusal as not canonical is of valid JSON, whose canonical form is
 * then neither "not JSON" nor "not canonical" (what check and accept
 * rely on when they take that form).
 */
#include <string.h>

#include "envelope.h"
#include "fuzz.h"
#include "jcs.h"
#include "limits.h"

static void
not_canonical(const uint8_t *data, size_t size)
{
	struct envelope *e = NULL;
	struct buf b;
	int r;

	/* "1e21" is "1e+21": the canonical form may be the longer. */
	buf_init(&b, HL_MAX_CANON_BYTES);
	FUZZ_ASSERT(jcs_canon(data, size, HL_MAX_ENVELOPE_DEPTH, &b,
	    NULL) == 0);
	r = envelope_parse(b.p, b.len, &e, NULL);
	FUZZ_ASSERT(r != HL_ENOTCANON && r != HL_EPARSE && r != HL_EDEPTH);
	envelope_free(e);
	buf_done(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t pk[HL_PK_LEN] = { 0xd7, 0x5a, 0x98, 0x01 };
	struct envelope *e, *again;
	int r;

	if (fuzz_outside(size, 0, HL_MAX_MSG_BYTES + 1))
		return 0;
	r = envelope_parse(data, size, &e, NULL);
	if (r == HL_ENOTCANON)
		not_canonical(data, size);
	if (r != 0)
		return 0;
	FUZZ_ASSERT(e->rawlen == size && memcmp(e->raw, data, size) == 0);
	FUZZ_ASSERT(envelope_parse(e->raw, e->rawlen, &again, NULL) == 0);
	FUZZ_ASSERT(strcmp(again->hdr.id, e->hdr.id) == 0);
	FUZZ_ASSERT(envelope_verify(e, pk, NULL) != HL_ENOMEM);
	envelope_free(again);
	envelope_free(e);
	return 0;
}
