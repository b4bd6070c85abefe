/*
 * Accountability reports: what one node's log says passed between it and
 * each peer, computed from the log's leaves alone. The same code reads
 * the node's own log (`hotline report`) and a bundle's leaves (`hotline
 * verify`), so a third party recomputes exactly the numbers the node
 * published.
 *
 * Times come from what both sides' logs record alike, so the two
 * parties' reports agree on every time: the request's signed created and
 * deadline, the receiver's signed receipt time (the receiver's received
 * leaf's at; the sender's delivered leaf's receipt.at), and the answer's
 * created. The receiver's time starts at its receipt, never at the
 * sender's clock: the request is due (deadline - created) after
 * report_start(), and an answer counts as given no earlier than that
 * start. So a request dated days back, whose deadline had passed when it
 * arrived, still gives the receiver all the time the sender asked for.
 * Durations are whole seconds; medians and 90th percentiles are
 * nearest-rank.
 */
#ifndef HL_REPORT_H
#define HL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "err.h"
#include "limits.h"

/*
 * What is counted: requests (and pings, notices, contact checks) created
 * in a period.
 */
struct report_filter {
	const char	*peer;		/* NULL: every peer */
	int64_t		 since;		/* created at or after; 0: no bound */
	int64_t		 until;		/* created before; 0: no bound */
	int		 tier;		/* the peer's tier; -1: any */
	/* The tier of a party, -1 if unknown (for the tier filter). */
	int		(*tier_of)(void *arg, const char *party);
	void		*arg;
};

/* Nearest-rank summary of durations; n == 0: none. */
struct report_dist {
	int64_t	n;
	int64_t	p50;
	int64_t	p90;
};

/* One direction between this node and one peer. */
struct report_dir {
	int64_t	requests;	/* created in the period */
	int64_t	delivered;	/* with the receiver's receipt */
	int64_t	in_time;	/* first answer by the due time (report_due) */
	int64_t	late;		/* first answer after it */
	int64_t	unanswered;	/* no answer, not withdrawn */
	int64_t	overdue;	/* of those, past the due time as of */
	int64_t	withdrawn;	/* withdrawn by the asker, unanswered */
	int64_t	answers_delivered;	/* first answer receipted */
	int64_t	escalations;	/* escalated for want of an answer */
	int64_t	notices;
	int64_t	pings;
	int64_t	pings_answered;
	struct report_dist first;	/* seconds, start to first answer */
	struct report_dist final;	/* seconds, start to final answer */
	struct report_dist rtt;		/* ping round trips, ms */
};

/*
 * The contact checks this node sent one peer (created in the period):
 * whether a person there acknowledged each. An acknowledgement counts
 * as given at its created, never before its check's start (the
 * receiver's receipt), as an answer does.
 */
struct report_contact {
	int64_t	checks;		/* sent */
	int64_t	acked;		/* acknowledged by the peer, in time or not */
	int64_t	unacked_late;	/* not acknowledged, past the due time as
				   of (report_due()) */
	int64_t	last;		/* the latest acknowledgement, 0: none */
};

struct report_row {
	char			peer[HL_MAX_PARTY_LEN + 1];
	struct report_dir	out;	/* this node asked the peer */
	struct report_dir	in;	/* the peer asked this node */
	struct report_contact	contact;	/* checks sent to the peer */
};

struct report {
	char			 party[HL_MAX_PARTY_LEN + 1];	/* whose log */
	uint64_t		 leaves;	/* leaves read */
	int64_t			 as_of;		/* the last leaf's time */
	struct report_row	*rows;		/* by peer */
	size_t			 n;
};

struct report_builder;

/*
 * When the receiver's time on a request starts: the later of its created
 * and the receiver's receipt time (0: none, not delivered).
 */
int64_t report_start(int64_t created, int64_t receipt_at);

/*
 * When its first answer is due: the time the sender gave, deadline -
 * created, counted from report_start(); 0 if it has no deadline. The
 * sender's overdue marking (node_deadlines) and `hotline status` use the
 * same rule, so every view of a deadline agrees.
 */
int64_t report_due(int64_t created, int64_t deadline, int64_t receipt_at);

/* Starts reading the log of party. */
int report_begin(const char *party, struct report_builder **out)
    __attribute__((warn_unused_result));

/*
 * Reads the next leaf, in log order. HL_ESCHEMA (d names the field) if
 * it is not an event leaf.
 */
int report_leaf(struct report_builder *b, const uint8_t *leaf, size_t len,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Counts what the leaves read say, under f; frees b. */
int report_end(struct report_builder *b, const struct report_filter *f,
    struct report *out) __attribute__((warn_unused_result));

/* Frees a builder without counting (NULL is fine). */
void report_abort(struct report_builder *b);

void report_done(struct report *r);

/* The report as JSON (see hotline(1) for its members); NULL if no memory. */
json_t *report_json(const struct report *r, const struct report_filter *f);

/* The report as a table. */
void report_print(const struct report *r, FILE *f);

#endif
