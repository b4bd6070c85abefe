/*
 * HTTPS requests to a peer: libcurl with this node's client certificate
 * and the peer's pinned public key (no certificate authority). The easy
 * handle is kept by the caller, for keep-alive.
 */
#ifndef HL_CLIENT_H
#define HL_CLIENT_H

#include <curl/curl.h>

#include "buf.h"
#include "card.h"

/* This node's TLS files, as curl wants them. */
struct client_id {
	char	cert[4200];
	char	key[4200];
};

void client_id_init(struct client_id *id, const char *dir);

/*
 * POSTs n bytes to peer's endpoint + path; the answer goes to out (its
 * cap bounds it). Returns the HTTP status, or -1 with why set.
 */
long client_post(CURL **curl, const struct client_id *id,
    const struct card *peer, const char *path, const char *type,
    const void *body, size_t n, struct buf *out, char *why, size_t whyn);

#endif
