/*
 * The indicator-file reader of `hotline match`: any bytes, as a list, a
 * request body or an envelope, never crash it; every value it gives
 * passes the request schema's check as its type, none twice; and a
 * list's values, written one per line, read back to themselves; and the
 * matching engine builds its sets from whatever it gives.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "indicators.h"
#include "limits.h"
#include "match.h"
#include "schema.h"

/* Big enough for seeds and what the fuzzer grows; the rest is skipped. */
#define FUZZ_IND_MAX	(256 * 1024)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ind_list l = { .v = NULL }, again = { .v = NULL };
	char *text = NULL;
	size_t at = 0;
	bool plain = true;
	int r;

	if (fuzz_outside(size, 0, FUZZ_IND_MAX))
		return 0;
	r = ind_parse("fuzz", (const char *)data, size, &l, NULL, NULL, NULL);
	if (r < 0) {
		FUZZ_ASSERT(r == HL_EINVAL || r == HL_ENOMEM);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		FUZZ_ASSERT(l.v[i].type < IOC_NTYPES);
		FUZZ_ASSERT(strlen(l.v[i].value) == l.v[i].len);
		FUZZ_ASSERT(schema_indicator_check(ioc_type_names[l.v[i].type],
		    l.v[i].value, NULL, 0) == 0);
		for (size_t k = 0; k < i && l.n < 256; k++)
			FUZZ_ASSERT(l.v[k].type != l.v[i].type ||
			    strcmp(l.v[k].value, l.v[i].value) != 0);
		/*
		 * A value holding a defanged form would be refanged again; a
		 * list starting with '{' would read as JSON.
		 */
		plain &= strpbrk(l.v[i].value, "[(") == NULL &&
		    l.v[i].value[0] != '{';
	}
	/* Whatever the reader gives, the engine takes. */
	{
		struct match_set *set;

		FUZZ_ASSERT(match_set_new(&l, &set) == 0);
		match_set_free(set);
	}
	if (l.from != IND_FROM_LIST || !plain || l.n == 0)
		goto out;
	/* A canonical form may be longer than what was read ("::1:1"). */
	for (size_t i = 0; i < l.n; i++)
		at += l.v[i].len + 1;
	if ((text = malloc(at + 1)) == NULL)
		goto out;
	at = 0;
	for (size_t i = 0; i < l.n; i++) {
		memcpy(text + at, l.v[i].value, l.v[i].len);
		at += l.v[i].len;
		text[at++] = '\n';
	}
	FUZZ_ASSERT(ind_parse("again", text, at, &again, NULL, NULL,
	    NULL) == 0);
	FUZZ_ASSERT(again.n == l.n && again.repeats == 0);
	for (size_t i = 0; i < l.n; i++) {
		FUZZ_ASSERT(again.v[i].type == l.v[i].type);
		FUZZ_ASSERT(strcmp(again.v[i].value, l.v[i].value) == 0);
		FUZZ_ASSERT(again.v[i].line == i + 1);
	}
out:
	free(text);
	ind_list_free(&again);
	ind_list_free(&l);
	return 0;
}
