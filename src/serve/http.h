/*
 * The node's HTTPS endpoints: a strict HTTP/1.1 server of our own on
 * GnuTLS (http.c), one instance per site, each in its own thread with its
 * own connection to the node's database. The peers' site (listen)
 * answers through handler.c: every client must present a TLS certificate
 * in the handshake, and a key no pinned card names is answered 403. The
 * TAXII site (taxii_listen) answers through taxii.c: a client is a user
 * of taxii_users.h, known by its certificate's pin or by HTTP Basic
 * credentials, else answered 401; GET and HEAD only, no body read. The
 * console's site (console_listen) answers through console.c: no
 * certificate asked for; GET, POST and DELETE, a body up to
 * HL_CONSOLE_MAX_BODY read whole; a connection per answer.
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

/*
 * Starts the TAXII site for the node in dir on its taxii_listen, with the
 * node's TLS key and certificate: as http_start(), and HL_ECONFIG if
 * taxii_listen is not set.
 */
int http_start_taxii(const char *dir, struct http **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Starts the operators' console and REST API (console.h) for the node in
 * dir on its console_listen, with console_cert and console_key, else the
 * node's TLS key and certificate: as http_start(), and HL_ECONFIG if
 * console_listen is off.
 */
int http_start_console(const char *dir, struct http **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Stops and frees; NULL is fine. */
void http_stop(struct http *h);

#endif
