/*
 * The attention queue: what needs a duty officer now, most urgent first,
 * the same for every front end (hotline todo, GET /api/v1/attention and
 * the console's queue all print attention_json()). Reads only.
 *
 *   owed         a request or query from a peer that this node has not
 *                answered finally: due is its first answer's deadline
 *                until an interim answer went, then its final one's
 *                (the tier's policy, config_final_response()); past due
 *                it is late. Also a contact check received that nobody
 *                has acknowledged (due by its deadline, due_is "ack")
 *   answer       a response received that no operator has read yet
 *                (node_msg_read())
 *   unanswered   a request this node sent that is overdue or escalated,
 *                or a contact check it sent, overdue unacknowledged
 *   undelivered  a message sent that has no receipt after
 *                unreachable_after, or that the peer refused
 *   peer         a peer that is unreachable, or whose last ping has had
 *                no pong
 *   unwitnessed  this node's log not cosigned by a peer for longer than
 *                twice cosign_refresh
 *   alarm        every alarm standing (status --check's)
 *   card-expiry  this node's card or a pinned peer's that expires within
 *                HL_CARD_WARN_DAYS or has expired: due is its not_after
 *                (renewal: hotline key rotate --identity FILE, or the
 *                peer's key notice)
 */
#ifndef HL_ATTENTION_H
#define HL_ATTENTION_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "node.h"

enum att_kind {
	ATT_OWED,
	ATT_ANSWER,
	ATT_UNANSWERED,
	ATT_UNDELIVERED,
	ATT_PEER,
	ATT_UNWITNESSED,
	ATT_ALARM,
	ATT_CARD_EXPIRY,
	ATT_COUNT
};

/* The names above; index by enum att_kind. */
extern const char *const att_kind_names[ATT_COUNT + 1];

struct att_item {
	enum att_kind	 kind;
	char		 msg[65];	/* the message, or "" */
	char		 peer[HL_MAX_PARTY_LEN + 1];	/* or "" */
	char		 type[16];	/* the message's, or "" */
	char		 tier[8];
	char		 tlp[16];
	char		 subject[HL_MAX_SUBJECT_LEN + 1];
	int64_t		 due;		/* the deadline that orders it, or 0 */
	char		 due_is[8];	/* "first" or "final", "ack" (a
					   contact check), or "" */
	int64_t		 since;		/* when it began to need attention */
	char		 detail[256];	/* one line: what is the matter */
};

struct attention {
	struct att_item	*v;
	size_t		 n;
	size_t		 more;		/* past HL_ATTENTION_MAX, left out */
	int64_t		 now;
};

/*
 * Builds the queue at now, ordered: first what has a deadline, soonest
 * (or most overdue) first; then the rest by kind (alarm, peer,
 * undelivered, unwitnessed, unanswered, answer), oldest first within a
 * kind. The caller attention_done()s.
 */
int attention_build(struct node *n, int64_t now, struct attention *out)
    __attribute__((warn_unused_result));

void attention_done(struct attention *a);

/*
 * A span of s seconds (its sign dropped) as a person reads it at a
 * glance, to the two largest units and no finer than a minute: "45s",
 * "40m", "5h 12m", "2d 23h", "3d". Floors: "2d 23h" is never "3d".
 */
void attention_span(int64_t s, char *out, size_t n);

/*
 * {"now": TIME, "count": N, "items": [ITEM...]}, each item
 * {"kind", "msg"?, "peer"?, "type"?, "tier"?, "tlp"?, "subject"?,
 * "due"?, "due_is"?, "left_s"? (due - now, negative when late),
 * "late": bool, "since", "detail"}, and "more": how many items past
 * HL_ATTENTION_MAX were left out (the least urgent). NULL if out of
 * memory.
 */
json_t *attention_json(const struct attention *a);

#endif
