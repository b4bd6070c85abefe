/*
 * The operators' REST API and browser console (docs/API.md), without a
 * socket, as handler.h is for the peers' endpoint: http.c owns the
 * listener (console_listen) and TLS; this file owns the sessions, who
 * may do what (users.h's roles), CSRF, the login limit per address, the
 * endpoints under /api/v1/ and the console's static files (assets.h).
 * Every refusal is a problem+json document (handler_problem()).
 */
#ifndef HL_CONSOLE_H
#define HL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "handler.h"
#include "http1.h"

struct node;
struct console;

/* A console's state (sessions, failed logins); NULL if out of memory. */
struct console *console_new(void);
void console_free(struct console *cs);

/*
 * Answers one request, with its whole body, from a client at addr (for
 * the login limit and the trail). now is the wall clock, mono the
 * monotonic one, both in ms. Borrows everything; rs is filled.
 */
void console_serve(struct console *cs, struct node *n, const char *addr,
    const struct http1_req *q, const uint8_t *body, size_t len,
    int64_t now_ms, int64_t mono_ms, struct response *rs);

/*
 * Adds the header fields every answer of the console's site carries
 * (docs/API.md: Content-Security-Policy, X-Content-Type-Options,
 * Referrer-Policy, Cache-Control): console_serve() adds them to its
 * answers, and http.c to the refusals it makes itself.
 */
void console_secure(struct response *rs);

#endif
