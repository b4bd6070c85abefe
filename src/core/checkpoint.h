/*
 * C2SP tlog-checkpoint note text ("origin\nsize\nbase64(root)\n" and
 * optional extension lines) and C2SP tlog-proof files
 * ("c2sp.org/tlog-proof@v1", optional extra, index, proof hashes, a blank
 * line, then the checkpoint note verbatim). Strict parsing with explicit
 * limits; never logs.
 */
#ifndef HL_CHECKPOINT_H
#define HL_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "merkle.h"
#include "note.h"

struct checkpoint {
	char		origin[NOTE_NAME_MAX];
	uint64_t	size;
	merkle_hash	root;
	size_t		extensions;	/* how many extension lines */
};

/* Parses checkpoint text (a note's text, ending in '\n'). */
int checkpoint_parse(const uint8_t *text, size_t n, struct checkpoint *c,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Appends the text of a checkpoint with no extension lines. */
int checkpoint_format(const char *origin, uint64_t size,
    const merkle_hash root, struct buf *out);

#define TLOGPROOF_HEADER	"c2sp.org/tlog-proof@v1\n"

struct tlogproof {
	uint64_t		 index;
	struct merkle_proof	 proof;
	const uint8_t		*note;	/* points into the parsed input */
	size_t			 notelen;
	int			 has_extra;
};

/* Parses a tlog-proof file; out->note borrows from p. */
int tlogproof_parse(const uint8_t *p, size_t n, struct tlogproof *out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * A C2SP tlog-witness add-checkpoint body: "old N", the consistency
 * proof from size N, an empty line, the signed checkpoint.
 */
struct addcheckpoint {
	uint64_t		 old;
	struct merkle_proof	 proof;
	const uint8_t		*note;	/* points into the parsed input */
	size_t			 notelen;
};

/* Parses an untrusted add-checkpoint body; out->note borrows from p. */
int addcheckpoint_parse(const uint8_t *p, size_t n, struct addcheckpoint *out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Appends a tlog-proof file for leaf index with a signed checkpoint note. */
int tlogproof_format(uint64_t index, const struct merkle_proof *proof,
    const uint8_t *note, size_t notelen, struct buf *out);

#endif
