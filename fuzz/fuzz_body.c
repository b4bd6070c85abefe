/*
 * Message bodies, for every type: the first byte picks the type, the rest
 * is the body's JSON. The schema checks never crash and always explain a
 * refusal.
 */
#include "fuzz.h"
#include "jcs.h"
#include "limits.h"
#include "schema.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hl_diag d;
	json_t *body;
	int r;

	if (fuzz_outside(size, 1, HL_MAX_MSG_BYTES))
		return 0;
	if (jcs_parse(data + 1, size - 1, HL_MAX_ENVELOPE_DEPTH, 0, &body,
	    NULL) != 0)
		return 0;
	hl_diag_clear(&d);
	r = schema_body((enum msg_type)(data[0] % MSG_TYPE_COUNT), body,
	    "body", &d);
	FUZZ_ASSERT(r == 0 || (r == HL_ESCHEMA && d.msg[0] != '\0'));
	json_decref(body);
	return 0;
}
