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
 *   overdue           a request this node sent, marked overdue
 *   escalation        an escalation queued by this node, or received
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
