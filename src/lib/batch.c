/*
 * Batches. See batch.h.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "batch.h"
#include "limits.h"

int
batch_split(const uint8_t *p, size_t n, struct batch_line *out, size_t max,
    size_t *count, struct hl_diag *d)
{
	size_t off = 0;
	const uint8_t *nl;

	*count = 0;
	while (off < n) {
		size_t len;

		nl = memchr(p + off, '\n', n - off);
		len = nl != NULL ? (size_t)(nl - (p + off)) : n - off;
		if (len == 0) {
			hl_diag_offset(d, (long)off);
			return hl_diag_set(d, HL_ESCHEMA, NULL, "line %zu is "
			    "empty", *count + 1);
		}
		if (*count == max) {
			hl_diag_offset(d, (long)off);
			return hl_diag_set(d, HL_ETOOBIG, NULL, "more than %zu "
			    "lines", max);
		}
		out[*count].p = p + off;
		out[*count].len = len;
		(*count)++;
		off += len + (nl != NULL);
	}
	if (*count == 0)
		return hl_diag_set(d, HL_ESCHEMA, NULL, "no lines");
	return 0;
}

bool
problem_parse(const uint8_t *p, size_t n, struct problem *pb)
{
	json_t *o, *t, *v;
	const char *type;
	bool ok = false;

	memset(pb, 0, sizeof(*pb));
	/* A problem is a short document; anything bigger is not one. */
	if (n > HL_MAX_PROBLEM_BYTES ||
	    (o = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return false;
	if (json_is_object(o) && json_is_string(t = json_object_get(o,
	    "type")) && strncmp(type = json_string_value(t), PROBLEM_PREFIX,
	    strlen(PROBLEM_PREFIX)) == 0) {
		(void)snprintf(pb->slug, sizeof(pb->slug), "%s",
		    type + strlen(PROBLEM_PREFIX));
		if (json_is_integer(v = json_object_get(o, "expected_seq")) &&
		    json_integer_value(v) > 0 &&
		    json_integer_value(v) <= HL_MAX_SAFE_INT)
			pb->expected_seq = json_integer_value(v);
		if (json_is_string(v = json_object_get(o, "detail")))
			(void)snprintf(pb->detail, sizeof(pb->detail), "%s",
			    json_string_value(v));
		ok = true;
	}
	json_decref(o);
	return ok;
}
