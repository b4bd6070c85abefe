/*
 * The node's HTTPS endpoint: a strict HTTP/1.1 server of our own on
 * GnuTLS (http.c), answering through handler.c, which lists the
 * endpoints. Every client must present a TLS certificate in the handshake;
 * a key no pinned card names is answered 403. Runs in its own thread with
 * its own connection to the node's database.
 */
#ifndef HL_HTTP_H
#define HL_HTTP_H

#include "err.h"

struct http;

/*
 * Starts serving the node in dir on its configured listen address. 0, or
 * a negative HL_E* code with d saying why in one line (its msg alone, as
 * the daemon prints it): the node's own error if it cannot open,
 * HL_ECRYPTO for the TLS key and certificate, HL_ECONFIG or HL_EIO (with
 * strerror) for the listen address, HL_ENOMEM.
 */
int http_start(const char *dir, struct http **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Stops and frees; NULL is fine. */
void http_stop(struct http *h);

#endif
