/*
 * The node's HTTPS endpoint (libmicrohttpd + GnuTLS). Every client must
 * present a TLS certificate whose public key a pinned peer's card names;
 * that peer is who the connection speaks for. Runs in its own thread with
 * its own connection to the node's database.
 *
 *   POST /v1/messages            an envelope -> its receipt
 *   GET  /v1/ping                liveness
 *   GET  /v1/checkpoint          the latest cosigned checkpoint note
 *   GET  /v1/proof/inclusion     ?index=N&size=S -> a tlog-proof file
 *   GET  /v1/proof/consistency   ?from=A&to=B -> base64 hashes
 *   POST /v1/cosign              tlog-witness add-checkpoint body ->
 *                                this node's cosignature line
 *
 * Refusals are RFC 9457 problem JSON whose "type" ends with the error's
 * stable slug (src/lib/err.h).
 */
#ifndef HL_HTTP_H
#define HL_HTTP_H

struct http;

/* Starts serving the node in dir on its configured listen address. */
int http_start(const char *dir, struct http **out, char *err, size_t n);

/* Stops and frees; NULL is fine. */
void http_stop(struct http *h);

#endif
