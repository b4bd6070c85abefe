/*
 * The IODEF importer: any bytes never crash it; it either refuses them as
 * not IODEF at all or gives a body whose every indicator passes the
 * request schema's check as its type, none twice, and a summary.
 */
#include <string.h>

#include "fuzz.h"
#include "interop.h"
#include "limits.h"
#include "schema.h"

/* Big enough for seeds and what the fuzzer grows; the rest is skipped. */
#define FUZZ_IMPORT_MAX	(256 * 1024)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imp *im;
	json_t *body = NULL, *sum = NULL, *inds, *v;
	size_t i;
	int r;

	if (fuzz_outside(size, 0, FUZZ_IMPORT_MAX) ||
	    (im = imp_new("fuzz")) == NULL)
		return 0;
	r = imp_read(IMP_IODEF, "fuzz", (const char *)data, size, im, NULL);
	if (r != 0) {
		FUZZ_ASSERT(r == HL_EPARSE || r == HL_ESCHEMA ||
		    r == HL_ETOOBIG || r == HL_EDEPTH || r == HL_ENOMEM);
		goto out;
	}
	FUZZ_ASSERT((body = imp_body(im)) != NULL);
	FUZZ_ASSERT((sum = imp_summary(im, IMP_IODEF)) != NULL);
	inds = json_object_get(body, "indicators");
	FUZZ_ASSERT(json_array_size(inds) == imp_count(im));
	json_array_foreach(inds, i, v)
		FUZZ_ASSERT(schema_indicator_check(json_string_value(
		    json_object_get(v, "type")), json_string_value(
		    json_object_get(v, "value")), NULL, 0) == 0);
out:
	json_decref(body);
	json_decref(sum);
	imp_free(im);
	return 0;
}
