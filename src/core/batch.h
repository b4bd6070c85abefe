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
#include "limits.h"

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

/* How a peer's answer to a batch ends. */
enum answer_end {
	ANSWER_ALL,	/* a receipt line for every message */
	ANSWER_PROBLEM,	/* receipts, then a problem for the next */
	ANSWER_SHORT,	/* receipts, then nothing for the rest */
};

/*
 * A peer's answer to a batch of count messages, as its sender reads it.
 * The lines point into the answer, which must outlive it.
 */
struct batch_answer {
	struct batch_line	 line[HL_MAX_BATCH_MSGS];	/* receipts */
	size_t			 receipts;
	enum answer_end		 end;
	struct problem		 pb;	/* for message receipts, if PROBLEM */
};

/*
 * Reads the answer p to a batch of count messages (at most
 * HL_MAX_BATCH_MSGS): lines that are receipts, in order, ended by the
 * first problem document (for the message after them), by the end of
 * the answer, or by the last message. An answer with more lines than
 * messages, an empty line, or lines after its problem is refused whole:
 * the peer said something a receiver of this protocol never says.
 * Nothing here checks a receipt: node_delivered_batch() does.
 */
int batch_answer_read(const uint8_t *p, size_t n, size_t count,
    struct batch_answer *a, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
