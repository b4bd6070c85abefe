/*
 * What the HTTPS endpoint answers, without a socket: one parsed request
 * (http1.h) and its body in, one response out. http.c owns the
 * connections and TLS; this file owns the endpoints and their refusals,
 * so that a fuzzer can drive them with a temporary node.
 *
 *   POST /v1/messages            an envelope (application/json) -> its
 *                                receipt, or a batch (application/x-ndjson)
 *   GET  /v1/ping                liveness
 *   GET  /v1/checkpoint          the latest cosigned checkpoint note
 *   GET  /v1/proof/inclusion     ?index=N&size=S -> a tlog-proof file
 *   GET  /v1/proof/consistency   ?from=A&to=B -> base64 hashes
 *   POST /v1/cosign              tlog-witness add-checkpoint body
 *                                (text/plain) -> this node's cosignature
 *
 * Every refusal is an RFC 9457 problem document whose "type" ends with
 * the error's stable slug (src/core/err.h).
 */
#ifndef HL_HANDLER_H
#define HL_HANDLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "http1.h"

struct node;

struct response {
	int		 status;
	const char	*type;		/* static */
	struct buf	 body;
	const char	*allow;		/* a 405's Allow field, static */
	bool		 close;		/* close the connection after it */
	struct buf	 fields;	/* more header fields, each
					   "Name: value\r\n" (TAXII's) */
};

/* An empty response (200, no body); free with response_done(). */
void response_init(struct response *rs);
void response_done(struct response *rs);

/*
 * Makes rs a problem document for err; status 0 means err's usual one,
 * d (may be NULL) says why, expected > 0 adds "expected_seq".
 */
void handler_problem(struct response *rs, int err, int status,
    const struct hl_diag *d, int64_t expected);

/* The same with a message of its own. */
void handler_refuse(struct response *rs, int err, int status,
    const char *msg);

/*
 * Looks at a request's head before its body is read: who asks (peer is a
 * pinned party, or NULL for a key no card pins), where, with what media
 * type and length. Returns 0 and the most body bytes the request may
 * carry, or an error with rs made the refusal (the body is not read).
 */
int handler_check(const char *peer, const struct http1_req *q, size_t *max,
    struct response *rs);

/*
 * Answers a request handler_check passed, with its whole body, for peer.
 * Borrows everything; rs is filled.
 */
void handler_serve(struct node *node, const char *peer,
    const struct http1_req *q, const uint8_t *body, size_t n,
    struct response *rs);

#endif
