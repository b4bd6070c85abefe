/*
 * Notifications: a thread of the daemon that hands each event
 * (events.h) to the node's notifiers, in order, each at most once after
 * it succeeded: notify_exec (a program, the event's JSON on its standard
 * input, killed after notify_timeout), notify_webhook (an HTTP POST of
 * the JSON, tried HL_WEBHOOK_TRIES times) and, always, one structured
 * line of the daemon's log ("event kind=... msg=... peer=..."), which
 * under systemd is the journal's. A notifier that hangs or fails delays
 * only the notifiers after it, never delivery: this thread has its own
 * database connection and touches nothing else.
 */
#ifndef HL_NOTIFY_H
#define HL_NOTIFY_H

#include "err.h"

struct notify;

/*
 * Starts the thread for the node in dir (even with no notifier set: the
 * log line is one). 0, or the node's error with d saying why.
 */
int notify_start(const char *dir, struct notify **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* An event may be waiting: look now instead of at the next second. */
void notify_wake(struct notify *nt);

/* Stops (ending a program it runs) and frees; NULL is fine. */
void notify_stop(struct notify *nt);

#endif
