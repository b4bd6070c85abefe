/*
 * What the front ends show, as JSON, in one place: the CLI's --json and
 * the REST API return these objects as they are, so that a script, the
 * console and the command line never disagree. Reads only.
 */
#ifndef HL_PRESENT_H
#define HL_PRESENT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "node.h"

/*
 * A message row as inbox and outbox --json list it: id, dir, peer, type,
 * tier, seq, created, tlp, state, stored, and where there is one
 * deadline, subject, reply_to (a response's or notice's first ref),
 * "late": true for a request or query received whose due time (as
 * attention.h says) passed at now without a final answer, and "read"
 * for a response received. NULL if out of memory.
 */
json_t *present_msg(struct node *n, const struct msg_row *m, int64_t now);

/* present_msg()'s "late" and "reply_to" ("" if none), for a table. */
bool present_late(struct node *n, const struct msg_row *m, int64_t now);
void present_reply_to(struct node *n, const struct msg_row *m,
    char out[static 65]);

/*
 * One message as show --json and GET /api/v1/messages/{id} give it: the
 * row, "envelope", "receipt" (if kept), "answers" (the rows of the
 * responses to it, either way), "leaf" (its log leaf index, if the node
 * logged it). Lookup failures as node_msg_get().
 */
int present_message(struct node *n, const char *idprefix, int64_t now,
    json_t **out, struct hl_diag *d) __attribute__((warn_unused_result));

/* status --json's object (the same keys as before this file). */
int present_status(struct node *n, int64_t now, json_t **out)
    __attribute__((warn_unused_result));

/*
 * The peers as peer list --json gives them, each with "link": "up",
 * "down" (an unreachable alarm stands) or "unknown" (no ping answered
 * yet), "last_ping" and "rtt_ms" (the last answered ping's).
 */
int present_peers(struct node *n, int64_t now, json_t **out)
    __attribute__((warn_unused_result));

#endif
