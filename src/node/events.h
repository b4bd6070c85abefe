/*
 * Events worth waking someone for, kept in the node's database until
 * every notifier has handled them (src/serve/notify.c), so that none is
 * lost to a crash and none is sent twice by a restart: each has a key
 * that makes it once (a message and a threshold), and each notifier
 * ("exec", "webhook") keeps how far it has got.
 *
 *   request-received  a request or query from a peer stored
 *   answer-received   a response stored
 *   deadline-50       half the time to an owed request's due time gone
 *   deadline-90       nine tenths gone
 *   deadline-passed   its due time passed without the answer due
 *   overdue           a request (or contact check) this node sent,
 *                     marked overdue
 *   escalation        an escalation queued by this node, or received
 *   peer-card         a peer's new card pinned from its key notice
 *   contact-check     a contact check from a peer stored, for a person
 *                     to acknowledge (due: its deadline from the receipt)
 *   contact-ack       a peer's ack of a contact check this node sent
 *   peer-down         an unreachable alarm raised for a peer
 *   peer-back         that alarm cleared
 *   alarm             any other alarm raised
 *
 * An event's JSON: {"event": KIND, "id": N, "at": TIME, "node": PARTY,
 * "peer"?, "msg"?, "type"?, "tier"?, "tlp"?, "subject"? (only for
 * TLP:CLEAR and TLP:GREEN: a notifier is a third party), "due"?,
 * "detail"}. At most HL_EVENT_MAX_BYTES.
 */
#ifndef HL_EVENTS_H
#define HL_EVENTS_H

#include <stdint.h>

#include <jansson.h>

#include "node.h"

/*
 * Adds an event of kind, once per key, with the fields of body (borrowed;
 * "event", "id", "at" and "node" are set here), in the caller's
 * transaction. Another with the same key is not an error and adds
 * nothing. HL_EDB, HL_ENOMEM.
 */
int events_add(struct node *n, const char *kind, const char *key,
    json_t *body, int64_t now) __attribute__((warn_unused_result));

/* What an event says of the message it is about; strings borrowed. */
struct event_about {
	const char	*peer;		/* the other party */
	const char	*msg;		/* its id */
	enum msg_type	 type;
	enum tier	 tier;		/* its sender's */
	enum tlp	 tlp;
	const char	*subject;	/* NULL for none; kept only at
					   TLP:CLEAR and TLP:GREEN */
	int64_t		 due;		/* the answer owed, 0 for none */
};

/*
 * events_add() of an event about a message, with detail (borrowed, may
 * be NULL), keyed "KIND:ID" unless key is given.
 */
int events_msg(struct node *n, const char *kind, const char *key,
    const struct event_about *a, const char *detail, int64_t now)
    __attribute__((warn_unused_result));

/*
 * The hooks of the alarms, in the caller's transaction. After
 * store_alarm_raise(): the alarm kind/subject as it now stands is one
 * event ("peer-down" for ALARM_UNREACHABLE, else "alarm") keyed by the
 * time it was raised, so raising it again while it stands adds nothing.
 * Before store_alarm_clear(): an unreachable alarm that stands is a
 * "peer-back", keyed by the same time. Neither is an error when no such
 * alarm stands.
 */
int events_alarm_raised(struct node *n, const char *kind,
    const char *subject, int64_t now) __attribute__((warn_unused_result));
int events_alarm_clearing(struct node *n, const char *kind,
    const char *subject, int64_t now) __attribute__((warn_unused_result));

/*
 * What has no hook of its own, at now, in one transaction: the deadline
 * thresholds of every owed request. *added (may be NULL) counts the new.
 */
int events_scan(struct node *n, int64_t now, int *added)
    __attribute__((warn_unused_result));

struct event {
	int64_t		 id;
	char		 kind[32];
	int64_t		 at;
	char		*body;		/* its JSON, owned */
};

/*
 * The oldest event sink has not handled: HL_ENOTFOUND if none. The
 * caller event_done()s out.
 */
int events_next(struct node *n, const char *sink, struct event *out)
    __attribute__((warn_unused_result));

/* Sink has handled every event through id. */
int events_handled(struct node *n, const char *sink, int64_t id)
    __attribute__((warn_unused_result));

void event_done(struct event *e);

#endif
