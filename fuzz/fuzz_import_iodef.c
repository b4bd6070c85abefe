/*
 * The IODEF importer: any bytes never crash it; it either refuses them as
 * not IODEF at all or gives a body whose every indicator passes the
 * request schema's check as its type, none twice, and a summary. And
 * what it took goes back out and in unchanged: the body exported as an
 * IODEF request (twice: the same bytes) imports again, whole, with the
 * same typed indicators, summary, expectations and marking.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_import.h"
#include "interop.h"
#include "iodef.h"
#include "limits.h"
#include "schema.h"

/* Big enough for seeds and what the fuzzer grows; the rest is skipped. */
#define FUZZ_IMPORT_MAX	(256 * 1024)

/* Exports body as a request marked t and imports it again into *back. */
static void
round_trip(json_t *body, int t, struct imp **back)
{
	struct envelope_hdr h;
	struct buf a, b;
	int r;

	memset(&h, 0, sizeof(h));
	h.type = MSG_REQUEST;
	h.tlp = t >= 0 ? (enum tlp)t : TLP_CLEAR;
	h.id = "0123456789abcdef0123456789abcdef";
	h.from = "cert.aa";
	h.to = "cert.bb";
	h.created = 1764000000;
	h.body = body;
	buf_init(&a, HL_MAX_IMPORT_FILE);
	buf_init(&b, HL_MAX_IMPORT_FILE);
	FUZZ_ASSERT(iodef_document(&h, &a, NULL) == 0);
	FUZZ_ASSERT(iodef_document(&h, &b, NULL) == 0);
	FUZZ_ASSERT(a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
	FUZZ_ASSERT((*back = imp_new("back")) != NULL);
	r = iodef_import("back", (const char *)a.p, a.len, *back, NULL);
	FUZZ_ASSERT(r == 0);
	/* A request's own export is taken whole: nothing reported. */
	FUZZ_ASSERT(imp_nreports(*back) == 0);
	buf_done(&a);
	buf_done(&b);
}

static void
same(json_t *x, json_t *y, const char *member)
{
	json_t *a = json_object_get(x, member), *b = json_object_get(y, member);

	FUZZ_ASSERT((a == NULL) == (b == NULL));
	FUZZ_ASSERT(a == NULL || json_equal(a, b));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imp *im, *back = NULL;
	json_t *body = NULL, *again = NULL, *inds, *v, *w;
	size_t i;

	if (fuzz_outside(size, 0, FUZZ_IMPORT_MAX) ||
	    (im = imp_new("fuzz")) == NULL)
		return 0;
	if ((body = fuzz_import(IMP_IODEF, data, size, im)) == NULL)
		goto out;
	inds = json_object_get(body, "indicators");
	if (imp_count(im) == 0)
		goto out;
	round_trip(body, imp_tlp_of(im), &back);
	FUZZ_ASSERT((again = imp_body(back)) != NULL);
	FUZZ_ASSERT(imp_count(back) == imp_count(im));
	json_array_foreach(json_object_get(again, "indicators"), i, w) {
		v = json_array_get(inds, i);
		same(v, w, "type");
		same(v, w, "value");
	}
	same(body, again, "summary");
	same(body, again, "severity");
	same(body, again, "expectations");
	same(body, again, "category");
	same(body, again, "sector");
	FUZZ_ASSERT(imp_tlp_of(back) == (imp_tlp_of(im) >= 0 ?
	    imp_tlp_of(im) : TLP_CLEAR));
out:
	json_decref(again);
	json_decref(body);
	imp_free(back);
	imp_free(im);
	return 0;
}
