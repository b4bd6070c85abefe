/*
 * What the front ends and the daemon read of a node: its messages, its
 * peers, its log's leaves, its pings, what status shows and what the
 * outbox holds for delivery. Reads only: every write and every rule of
 * the protocol is node.c's, and only the node calls the store. No call
 * here opens a transaction: a listing sees each row as it is when read.
 */
#ifndef HL_VIEW_H
#define HL_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"

/*
 * The message idprefix names (store_msg_get()); the caller
 * msg_row_done()s. On failure d says, for the user: "'X': not an id (at
 * least 4 lower-case hex digits)" (HL_EINVAL), or with idprefix as its
 * path "no such message" (HL_ENOTFOUND), "matches several messages; give
 * more digits" (HL_EAMBIG) or the error's own text.
 */
int node_msg_get(struct node *n, const char *idprefix, bool with_raw,
    struct msg_row *out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The TLP this node holds message m at, for what carries it on (export,
 * TAXII): its own marking, but for a peer's response no lower than the
 * request it answers (tlp_held()). -1 if m's marking is none.
 */
int node_msg_tlp(struct node *n, const struct msg_row *m);

/*
 * When the peer stored message id, sent by this node: its receipt's time,
 * or 0 if none is kept (where a deadline starts, report_start()).
 */
int64_t node_msg_receipt_at(struct node *n, const char *id);

/* Appends message id's receipt to out; HL_ENOTFOUND if it has none. */
int node_msg_receipt(struct node *n, const char *id, struct buf *out)
    __attribute__((warn_unused_result));

/* Calls fn for each message of dir ("in" or "out") in store order. */
int node_msgs_each(struct node *n, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * Calls fn for each message of dir in the order it was added
 * (store_msg_each_added()); fn's nonzero value ends the walk and is
 * returned. Rows without raw: the caller fetches what it needs.
 */
int node_msgs_added(struct node *n, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * Calls fn for each response of dir answering request req, in the order
 * added (store_msg_each_answer()); fn's nonzero value ends the walk.
 */
int node_answers_added(struct node *n, const char *dir, const char *req,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/* Which messages node_msgs_filter() gives; zero/NULL/-1 for any. */
struct msg_filter {
	const char	*dir;		/* "in" or "out" (required) */
	int		 type;		/* enum msg_type, or -1 */
	int		 state;		/* enum msg_state, or -1 */
	const char	*peer;		/* the other party, or NULL */
	int64_t		 since;		/* stored at or after, or 0 */
	bool		 overdue;	/* only what is late at now: owed past
					   due (present.h's "late"), or sent
					   and overdue or escalated */
	bool		 pings;		/* pings and pongs too (else hidden) */
	size_t		 limit;		/* at most, newest kept; 0: all */
};

/*
 * Calls fn for each message f admits, in store order; stops at fn's
 * error. Indexed where it can be (peer, state): a filter is not a scan
 * of every message and then a test of each.
 */
int node_msgs_filter(struct node *n, const struct msg_filter *f, int64_t now,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * Marks message id read by n's actor at now (a response received leaves
 * the queue), once: reading it again changes nothing. HL_ENOTFOUND.
 */
int node_msg_read(struct node *n, const char *id, int64_t now)
    __attribute__((warn_unused_result));

/* Whether message id has been read; false for none. */
bool node_msg_is_read(struct node *n, const char *id);

/*
 * When the answer on request or query m is due. Received: what this
 * node owes, by store_owed_due(), the rule of the queue and the status
 * tally (final_response for the sender's tier). Sent: what the peer
 * owes, by node_deadlines()'s rule: its first answer by the signed
 * deadline counted from the peer's receipt, once answered in the
 * interim its final one final_response (for the peer's tier) after that.
 * *due is 0 and *due_is NULL when nothing is due (answered finally,
 * withdrawn, a sent request without a deadline, not a request or
 * query); else *due_is is "first" or "final" (static), as the queue's
 * items say.
 */
int node_msg_due(struct node *n, const struct msg_row *m, int64_t *due,
    const char **due_is) __attribute__((warn_unused_result));

/* Calls fn for each pinned card in party order; stops at fn's error. */
int node_peers_each(struct node *n,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg);

/*
 * Every pinned card, copied out (store_peer_list()): the caller may
 * write while it walks them, and free(out->c)s them.
 */
int node_peers_list(struct node *n, struct peer_list *out)
    __attribute__((warn_unused_result));

/* The card party is pinned with: 0, HL_ENOTFOUND or the store's error. */
int node_peer_get(struct node *n, const char *party, struct card *out)
    __attribute__((warn_unused_result));

/*
 * The peer whose card pins this TLS key, now: its current pin or one in
 * its grace (0); HL_EREVOKED, out still filled, for a pin its card
 * retired (the grace over) or revoked; HL_ENOTFOUND if no card names it.
 */
int node_peer_by_pin(struct node *n, const char *pin, struct card *out)
    __attribute__((warn_unused_result));

/*
 * Whether party is a peer to report on: pinned now, or one the node has
 * messages with (a peer removed since keeps its history).
 */
bool node_peer_known(struct node *n, const char *party);

/* The tier party is pinned at, or -1 if it is not pinned. */
int node_peer_tier(struct node *n, const char *party);

/*
 * How many messages to peer have no receipt yet (store_outbox_due(), a
 * batch at a time): what stays queued for a peer that was removed.
 */
int node_undelivered(struct node *n, const char *peer, int64_t *count)
    __attribute__((warn_unused_result));

/* The round trip of ping id, sent by this node; -1 while no pong came. */
int node_ping_rtt(struct node *n, const char *id, int64_t *rtt_ms)
    __attribute__((warn_unused_result));

/* Appends log leaf idx's bytes to out; HL_ENOTFOUND past the end. */
int node_log_leaf(struct node *n, uint64_t idx, struct buf *out)
    __attribute__((warn_unused_result));

/* Calls fn for every leaf of the log in index order; stops at its error. */
int node_log_each(struct node *n,
    int (*fn)(void *arg, uint64_t idx, const uint8_t *p, size_t len),
    void *arg);

/* The numbers hotline status shows. */
struct node_status {
	int		 peers;		/* pinned */
	int64_t		 sent;		/* messages in the outbox */
	int64_t		 received;	/* messages in the inbox */
	struct msg_tally tally;		/* by this node's final_response */
	uint64_t	 checkpoint;	/* the size of the latest one */
};

/*
 * The lists hotline status shows, each with its own arg (store.h gives
 * each callback's contract); none may be NULL.
 */
struct status_lists {
	int	(*ping)(void *arg, const char *peer, int64_t sent,
		    enum msg_state state, int64_t rtt_ms);
	void	*ping_arg;		/* the newest ping to each peer */
	int	(*cosigner)(void *arg, uint64_t size, const char *cosigner,
		    const char *line);
	void	*cosigner_arg;		/* on the latest checkpoint */
	int	(*witnessed)(void *arg, const char *origin, uint64_t size,
		    int64_t time);
	void	*witnessed_arg;		/* each peer log cosigned */
	int	(*equivocation)(void *arg, const char *origin, int64_t found,
		    const uint8_t *old_note, size_t oldn,
		    const uint8_t *new_note, size_t newn);
	void	*equivocation_arg;	/* evidence kept */
	int	(*alarm)(void *arg, const struct alarm *a);
	void	*alarm_arg;		/* alarms standing */
};

/*
 * Fills s at now and calls l's functions, in the order above; the first
 * error (the store's or a callback's) ends it and is returned.
 */
int node_status(struct node *n, int64_t now, struct node_status *s,
    const struct status_lists *l) __attribute__((warn_unused_result));

/*
 * The next batch for delivery to peer after seq after: while
 * resend_through > after, the messages the peer asked for again, from
 * resend_from (or after + 1, if later) through resend_through,
 * receipted or not (store_outbox_range()); else those after after
 * without a receipt yet (store_outbox_due()). At most max, and max_bytes
 * of raw bytes but for the first; the caller msg_row_done()s each.
 * HL_ENOTFOUND if none.
 */
int node_outbox_next(struct node *n, const char *peer, int64_t after,
    int64_t resend_from, int64_t resend_through, size_t max,
    size_t max_bytes, struct msg_row *out, size_t *count)
    __attribute__((warn_unused_result));

/*
 * The size of the last checkpoint of the log origin that this node
 * cosigned (a witness's "old size"): HL_ENOTFOUND if none.
 */
int node_witnessed(struct node *n, const char *origin, uint64_t *size)
    __attribute__((warn_unused_result));

/*
 * What asking cosigner to cosign this node's log starts from: the latest
 * checkpoint (note, *size), and the largest one cosigner has cosigned
 * (*old, 0 if none) with the time in that cosignature (*when, 0 if
 * none). HL_EBUSY while a notice carrying this node's new card to
 * cosigner is unreceipted: it could not check the new key's signature.
 */
int node_cosign_from(struct node *n, const char *cosigner, struct buf *note,
    uint64_t *size, uint64_t *old, int64_t *when)
    __attribute__((warn_unused_result));

#endif
