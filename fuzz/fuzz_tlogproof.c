/*
 * tlog-proof files: parsing never crashes; a parsed proof formats back to
 * the same bytes when it had no extra line; its note goes on to the note
 * parser and its hashes to the verifier.
 */
#include <string.h>

#include "checkpoint.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tlogproof tp;
	struct checkpoint c;
	struct note *n;
	struct buf b;

	if (fuzz_outside(size, 0, HL_MAX_PROOF_FILE_BYTES + 1))
		return 0;
	if (tlogproof_parse(data, size, &tp, NULL) != 0)
		return 0;
	if (!tp.has_extra) {
		buf_init(&b, HL_MAX_NOTE_BYTES * 4);
		FUZZ_ASSERT(tlogproof_format(tp.index, &tp.proof, tp.note,
		    tp.notelen, &b) == 0);
		FUZZ_ASSERT(b.len == size && memcmp(b.p, data, size) == 0);
		buf_done(&b);
	}
	if (note_parse(tp.note, tp.notelen, &n, NULL) != 0)
		return 0;
	if (checkpoint_parse(n->buf, n->textlen, &c, NULL) == 0) {
		merkle_hash leaf = { 0 };

		int r = merkle_verify_inclusion(tp.index, c.size, leaf,
		    &tp.proof, c.root);

		FUZZ_ASSERT(r == 0 || r == HL_EINVAL || r == HL_EPROOF);
	}
	note_free(n);
	return 0;
}
