/*
 * The audit trail: every action a person takes on the node, who took it,
 * how (enum via) and when, in the node's database. Rows are only ever
 * added (triggers refuse the rest, for every writer). An action and its
 * row commit together: node.c, users.c and taxii_users.c call
 * trail_add() inside their own transactions, with the node's actor
 * (node.h); the node's own work (actor "") is the log's to record, not
 * the trail's.
 *
 * Actions: send, reply, withdraw, ping, escalate, read, import, accept,
 * contact-check, ack,
 * peer-add, peer-remove, alarm-clear, user-add, user-passwd,
 * user-remove, user-token, user-revoke, taxii-user-add,
 * taxii-user-remove, login, login-failed, logout.
 */
#ifndef HL_TRAIL_H
#define HL_TRAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "node.h"

/* "cli", "console", "token"; index by enum via. */
extern const char *const trail_via_names[VIA_COUNT + 1];

/* Sets who acts through n from here on; name is cut to fit. */
void node_set_actor(struct node *n, const char *name, enum via via);

/*
 * Records action on target (a message id, a peer, a user; NULL for
 * none) with detail (NULL for none) by n's actor at now, in the caller's
 * transaction if one is open. Nothing if the actor is "". HL_EDB.
 */
int trail_add(struct node *n, const char *action, const char *target,
    const char *detail, int64_t now) __attribute__((warn_unused_result));

/* The same for an actor named here (a login, before any session). */
int trail_add_as(struct node *n, const char *actor, enum via via,
    const char *action, const char *target, const char *detail,
    int64_t now) __attribute__((warn_unused_result));

struct trail_entry {
	int64_t		 id;
	int64_t		 at;
	char		 actor[HL_ACTOR_LEN + 1];
	enum via	 via;
	char		 action[32];
	char		 target[128];	/* "" if none */
	char		 detail[256];	/* "" if none */
};

/* Which entries trail_each() gives; zero for no condition. */
struct trail_filter {
	int64_t		 since;		/* at >= since */
	int64_t		 before;	/* id < before: the next page */
	const char	*actor;		/* NULL: anyone */
	const char	*action;	/* NULL: any */
	size_t		 limit;		/* 0: HL_TRAIL_MAX_PAGE */
};

/* Calls fn for each entry f admits, newest first; stops at fn's error. */
int trail_each(struct node *n, const struct trail_filter *f,
    int (*fn)(void *arg, const struct trail_entry *e), void *arg);

/* An entry as hotline audit --json and GET /api/v1/audit show it. */
json_t *trail_json(const struct trail_entry *e);

#endif
