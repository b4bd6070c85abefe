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

int
batch_answer_read(const uint8_t *p, size_t n, size_t count,
    struct batch_answer *a, struct hl_diag *d)
{
	struct batch_line *l = a->line;
	size_t lines = 0;
	int r;

	a->receipts = 0;
	a->end = ANSWER_SHORT;
	memset(&a->pb, 0, sizeof(a->pb));
	if (count == 0 || count > HL_MAX_BATCH_MSGS)
		return hl_diag_set(d, HL_EINVAL, NULL, "a batch of %zu "
		    "messages", count);
	/* Nothing at all answers nothing: every message is still due. */
	if (n == 0)
		return 0;
	/* More lines than messages is not an answer: the peer made it up. */
	if ((r = batch_split(p, n, l, count, &lines, d)) == HL_ETOOBIG)
		return hl_diag_set(d, HL_EPARSE, NULL, "more lines than the "
		    "%zu messages sent", count);
	if (r != 0)
		return r;
	for (size_t i = 0; i < lines; i++) {
		if (!problem_parse(l[i].p, l[i].len, &a->pb))
			continue;
		if (i + 1 < lines) {
			hl_diag_offset(d, (long)(l[i + 1].p - p));
			memset(&a->pb, 0, sizeof(a->pb));
			return hl_diag_set(d, HL_EPARSE, NULL, "line %zu follows "
			    "the problem that ends the answer", i + 2);
		}
		a->receipts = i;
		a->end = ANSWER_PROBLEM;
		return 0;
	}
	a->receipts = lines;
	a->end = lines == count ? ANSWER_ALL : ANSWER_SHORT;
	return 0;
}
