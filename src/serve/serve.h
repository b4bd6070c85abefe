/*
 * The node daemon: serve_run() serves an open, checked node in the
 * foreground until SIGTERM or SIGINT. See serve.c.
 */
#ifndef HL_SERVE_H
#define HL_SERVE_H

#include "err.h"
#include "node.h"

/*
 * Runs the daemon for n: the HTTPS endpoint, a worker per pinned peer,
 * deadlines and pings, until a stop signal (0). The error if it cannot
 * start, d then saying why where there is something to say. verbose: log
 * detail.
 */
int serve_run(struct node *n, int verbose, struct hl_diag *d);

#endif
