/*
 * The STIX importer: any bytes never crash it; it either refuses them as
 * not STIX at all or gives a body whose every indicator passes the
 * request schema's check as its type, none twice, and a summary. Then
 * the round trip: a request carrying what was imported, exported as a
 * bundle and imported again, gives the same typed indicators, no report,
 * and the same bytes when exported twice. And the pattern parser alone,
 * on the bytes as a pattern: each comparison it returns lies inside its
 * buffer.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_import.h"
#include "interop.h"
#include "limits.h"
#include "schema.h"
#include "stix.h"
#include "stixpat.h"

/* Big enough for seeds and what the fuzzer grows; the rest is skipped. */
#define FUZZ_IMPORT_MAX	(256 * 1024)

/* The body's indicators as a sorted set of "type value" keys. */
static json_t *
keys(json_t *body)
{
	json_t *set = json_object(), *v;
	size_t i;

	FUZZ_ASSERT(set != NULL);
	json_array_foreach(json_object_get(body, "indicators"), i, v) {
		const char *t = json_string_value(json_object_get(v, "type"));
		const char *s = json_string_value(json_object_get(v, "value"));
		char k[HL_MAX_INDICATOR_LEN + 16];

		(void)snprintf(k, sizeof(k), "%s %s", t, s);
		FUZZ_ASSERT(json_object_get(set, k) == NULL);
		FUZZ_ASSERT(json_object_set_new(set, k, json_true()) == 0);
	}
	return set;
}

/* Exports a request carrying body's indicators, imports it again. */
static void
roundtrip(json_t *body)
{
	struct envelope_hdr h;
	struct hl_diag d;
	struct imp *im;
	json_t *env, *inds, *b = NULL, *b2 = NULL, *back = NULL, *k1, *k2;
	char *s = NULL, *s2 = NULL;

	inds = json_object_get(body, "indicators");
	if (json_array_size(inds) == 0)
		return;
	env = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, "
	    "s:{s:s, s:s, s:s, s:{s:s, s:s}, s:O, s:[s]}}", "v", 1, "id",
	    "1111111111111111111111111111111111111111111111111111111111111111",
	    "sig", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAA==", "type", "request", "from",
	    "cert.aa", "to", "cert.bb", "seq", 1, "created",
	    "2026-11-27T10:00:00Z", "tier", "cert", "tlp", "amber", "body",
	    "category", "other", "severity", "low", "summary", "fuzz",
	    "observed", "start", "2026-11-26T00:00:00Z", "end",
	    "2026-11-27T00:00:00Z", "indicators", inds, "expectations",
	    "investigate");
	FUZZ_ASSERT(env != NULL);
	hl_diag_clear(&d);
	/* What imp gave passes the indicator check; times may not fit. */
	if (schema_envelope(env, 0, &h, &d) != 0)
		goto out;
	FUZZ_ASSERT(stix_bundle(&h, &b, &d) == 0);
	FUZZ_ASSERT(stix_bundle(&h, &b2, &d) == 0);
	FUZZ_ASSERT((s = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT)) !=
	    NULL);
	FUZZ_ASSERT((s2 = json_dumps(b2, JSON_SORT_KEYS | JSON_COMPACT)) !=
	    NULL);
	FUZZ_ASSERT(strcmp(s, s2) == 0);
	FUZZ_ASSERT((im = imp_new("again")) != NULL);
	FUZZ_ASSERT(stix_import("again", s, strlen(s), im, &d) == 0);
	FUZZ_ASSERT(imp_nreports(im) == 0);
	FUZZ_ASSERT(imp_tlp_of(im) == TLP_AMBER);
	FUZZ_ASSERT((back = imp_body(im)) != NULL);
	imp_free(im);
	k1 = keys(body);
	k2 = keys(back);
	FUZZ_ASSERT(json_equal(k1, k2));
	json_decref(k1);
	json_decref(k2);
out:
	free(s);
	free(s2);
	json_decref(b);
	json_decref(b2);
	json_decref(back);
	json_decref(env);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stixpat sp;
	struct imp *im;
	json_t *body = NULL;
	int r;

	if (fuzz_outside(size, 0, FUZZ_IMPORT_MAX) ||
	    (im = imp_new("fuzz")) == NULL)
		return 0;
	r = stixpat_parse((const char *)data, size, &sp);
	FUZZ_ASSERT(r == 0 || r == 1);
	for (size_t k = 0; r == 0 && k < sp.n; k++)
		FUZZ_ASSERT(sp.c[k].off + sp.c[k].n <= size &&
		    (int)sp.c[k].type >= 0 && sp.c[k].type < IOC_NTYPES);
	FUZZ_ASSERT(r == 0 || sp.why[0] != '\0');
	stixpat_done(&sp);
	if ((body = fuzz_import(IMP_STIX, data, size, im)) == NULL)
		goto out;
	json_decref(keys(body));
	roundtrip(body);
out:
	json_decref(body);
	imp_free(im);
	return 0;
}
