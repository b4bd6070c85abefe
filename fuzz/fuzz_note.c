/*
 * Signed notes: parsing never crashes; every signature line of a parsed
 * note can be checked against keys without crashing; and a note's text
 * goes on to the checkpoint parser.
 */
#include <string.h>

#include "checkpoint.h"
#include "fuzz.h"
#include "note.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct note_vkey keys[2];
	static int have_keys;
	struct checkpoint c;
	struct note *n;

	if (fuzz_outside(size, 0, HL_MAX_NOTE_BYTES + 1))
		return 0;
	if (!have_keys) {
		/* Go's sum.golang.org key, and a cosigner's. */
		FUZZ_ASSERT(note_vkey_parse("sum.golang.org+033de0ae+Ac4zctda0"
		    "e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", &keys[0],
		    NULL) == 0);
		FUZZ_ASSERT(note_vkey_parse("PeterNeumann+c74f20a3+ARpc2QcUPDh"
		    "MQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &keys[1], NULL) == 0);
		have_keys = 1;
	}
	if (note_parse(data, size, &n, NULL) != 0)
		return 0;
	FUZZ_ASSERT(n->nsigs > 0 && n->nsigs <= HL_MAX_NOTE_SIGS);
	FUZZ_ASSERT(n->textlen < size && n->buf[n->textlen - 1] == '\n');
	for (size_t i = 0; i < n->nsigs; i++) {
		uint64_t t;
		size_t k;

		(void)note_check(n, i, keys, 2, &k, &t);
	}
	if (checkpoint_parse(n->buf, n->textlen, &c, NULL) == 0)
		FUZZ_ASSERT(c.size <= INT64_MAX && c.origin[0] != '\0');
	note_free(n);
	return 0;
}
