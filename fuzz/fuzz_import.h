/*
 * What every importer's target checks of any input: it is refused as not
 * that format at all, with one of the errors imp_read() names, or it
 * gives a body and a summary whose every indicator passes the request
 * schema's check as its type. Include after fuzz.h.
 */
#ifndef HL_FUZZ_IMPORT_H
#define HL_FUZZ_IMPORT_H

#include "interop.h"
#include "schema.h"

/*
 * Reads data as f into im and checks the above; the body (a new
 * reference) or NULL when it was refused.
 */
static json_t *
fuzz_import(enum imp_format f, const uint8_t *data, size_t size,
    struct imp *im)
{
	json_t *body, *sum, *inds, *v;
	size_t i;
	int r;

	r = imp_read(f, "fuzz", (const char *)data, size, im, NULL);
	if (r != 0) {
		FUZZ_ASSERT(r == HL_EPARSE || r == HL_ESCHEMA ||
		    r == HL_ETOOBIG || r == HL_EDEPTH || r == HL_ENOMEM);
		return NULL;
	}
	FUZZ_ASSERT((body = imp_body(im)) != NULL);
	FUZZ_ASSERT((sum = imp_summary(im, f)) != NULL);
	json_decref(sum);
	inds = json_object_get(body, "indicators");
	FUZZ_ASSERT(json_array_size(inds) == imp_count(im));
	json_array_foreach(inds, i, v)
		FUZZ_ASSERT(schema_indicator_check(json_string_value(
		    json_object_get(v, "type")), json_string_value(
		    json_object_get(v, "value")), NULL, 0) == 0);
	return body;
}

#endif
