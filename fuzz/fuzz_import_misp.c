/*
 * The MISP importer: any bytes never crash it; it either refuses them as
 * not MISP at all or gives a body whose every indicator passes the
 * request schema's check as its type, none twice, and a summary. And
 * what it gives, exported as a request's event, exports the same bytes
 * twice and imports back to the very same typed indicators, in order,
 * with nothing reported but the text attribute naming the message.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_import.h"
#include "interop.h"
#include "limits.h"
#include "misp.h"
#include "schema.h"

/* Big enough for seeds and what the fuzzer grows; the rest is skipped. */
#define FUZZ_IMPORT_MAX	(256 * 1024)

/* Indicators as "type value\n" lines; the caller frees. */
static char *
typed(const json_t *inds)
{
	size_t i, n = 1;
	char *s, *p;
	json_t *v;

	json_array_foreach(inds, i, v)
		n += strlen(json_string_value(json_object_get(v, "type"))) +
		    strlen(json_string_value(json_object_get(v, "value"))) + 2;
	FUZZ_ASSERT((s = p = malloc(n)) != NULL);
	*p = '\0';
	json_array_foreach(inds, i, v) {
		const char *t = json_string_value(json_object_get(v, "type"));
		const char *x = json_string_value(json_object_get(v, "value"));

		memcpy(p, t, strlen(t));
		p += strlen(t);
		*p++ = ' ';
		memcpy(p, x, strlen(x));
		p += strlen(x);
		*p++ = '\n';
		*p = '\0';
	}
	return s;
}

/* Exports inds as a request's event, imports it back, compares. */
static void
roundtrip(json_t *inds)
{
	struct envelope_hdr h;
	struct imp *im;
	json_t *ev, *again, *b;
	char *a, *a2, *want, *got;

	memset(&h, 0, sizeof(h));
	h.type = MSG_REQUEST;
	h.tlp = TLP_AMBER;
	h.id = "0000000000000000000000000000000000000000000000000000000000000000";
	h.from = "cert.aa";
	h.to = "cert.bb";
	h.created = 1796119200;
	FUZZ_ASSERT((h.body = json_pack("{s:O}", "indicators", inds)) != NULL);
	FUZZ_ASSERT(misp_event(&h, &ev, NULL) == 0);
	FUZZ_ASSERT(misp_event(&h, &again, NULL) == 0);
	FUZZ_ASSERT((a = json_dumps(ev, JSON_COMPACT)) != NULL);
	FUZZ_ASSERT((a2 = json_dumps(again, JSON_COMPACT)) != NULL);
	FUZZ_ASSERT(strcmp(a, a2) == 0);
	FUZZ_ASSERT((im = imp_new("export")) != NULL);
	FUZZ_ASSERT(imp_read(IMP_MISP, "export", a, strlen(a), im, NULL) ==
	    0);
	/* The message's id and its prose are text, reported as such. */
	FUZZ_ASSERT(imp_nreports(im) == 1);
	FUZZ_ASSERT((b = imp_body(im)) != NULL);
	want = typed(inds);
	got = typed(json_object_get(b, "indicators"));
	FUZZ_ASSERT(strcmp(want, got) == 0);
	free(want);
	free(got);
	json_decref(b);
	imp_free(im);
	free(a);
	free(a2);
	json_decref(ev);
	json_decref(again);
	json_decref(h.body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imp *im;
	json_t *body = NULL, *inds, *v;

	if (fuzz_outside(size, 0, FUZZ_IMPORT_MAX) ||
	    (im = imp_new("fuzz")) == NULL)
		return 0;
	if ((body = fuzz_import(IMP_MISP, data, size, im)) == NULL)
		goto out;
	inds = json_object_get(body, "indicators");
	/* A summary and a severity, when set, are ones a request takes. */
	if ((v = json_object_get(body, "summary")) != NULL)
		FUZZ_ASSERT(json_string_length(v) >= 1 &&
		    json_string_length(v) <= HL_MAX_SUMMARY_LEN);
	if (json_array_size(inds) > 0)
		roundtrip(inds);
out:
	json_decref(body);
	imp_free(im);
	return 0;
}
