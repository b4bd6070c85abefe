/*
 * Batches on the wire. A sender with a backlog POSTs several envelopes at
 * once to /v1/messages as NDJSON (BATCH_TYPE): one canonical envelope per
 * line (canonical JSON has no raw newline, so a newline can only end a
 * line). The receiver answers in kind: one line per message it looked
 * at, in order, each its receipt, except that the first refused ends the
 * answer with its problem document. So a batch costs one round trip, one
 * transaction and one checkpoint on each side, and means exactly what
 * the same messages sent one by one would.
 */
#ifndef HL_BATCH_H
#define HL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define BATCH_TYPE	"application/x-ndjson"

/* The problem document types' common prefix (RFC 9457 "type"). */
#define PROBLEM_PREFIX	"urn:hotline:problem:"

struct batch_line {
	const uint8_t	*p;
	size_t		 len;	/* without its newline */
};

/*
 * Splits p into its lines, into out (room for max). Every line ends with
 * a newline except perhaps the last; none may be empty. HL_ETOOBIG past
 * max lines, HL_ESCHEMA for an empty line or none at all, with d naming
 * the line and its byte offset.
 */
int batch_split(const uint8_t *p, size_t n, struct batch_line *out,
    size_t max, size_t *count, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* What a problem document says, as far as a sender acts on it. */
struct problem {
	char	slug[48];	/* the type after PROBLEM_PREFIX */
	int64_t	expected_seq;	/* for a seq gap; 0 if not given */
	char	detail[512];
};

/*
 * Whether p is a hotline problem document (a JSON object whose "type"
 * has PROBLEM_PREFIX); if so, *pb says what it says. Anything else,
 * including bytes that are not JSON, is not one.
 */
bool problem_parse(const uint8_t *p, size_t n, struct problem *pb);

#endif
