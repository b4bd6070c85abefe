/*
 * The TAXII 2.1 server (OASIS TAXII 2.1 CS01), read-only, for the node's
 * own MISP or OpenCTI to pull what the channel carried: what it answers,
 * without a socket, as handler.h is for the peers' endpoint. http.c owns
 * the listener (taxii_listen), TLS and who the client is; this file owns
 * the endpoints, their media types, pagination, filters and refusals.
 *
 *   GET /taxii2/                                  discovery
 *   GET /hotline/                                 the API root
 *   GET /hotline/collections/                     inbox and outbox
 *   GET /hotline/collections/{id}/
 *   GET /hotline/collections/{id}/objects/        ?added_after, limit, next,
 *                                                 match[type|id|version|
 *                                                 spec_version]
 *   GET /hotline/collections/{id}/objects/{object-id}/
 *   GET /hotline/collections/{id}/objects/{object-id}/versions/
 *   GET /hotline/collections/{id}/manifest/
 *
 * A collection holds the STIX objects (stix.h) of the messages received
 * (inbox) or sent (outbox), each dated by when the node stored it; a
 * client sees only what its clearance reaches (tlp.h). Every refusal is a
 * TAXII error message with the status it names.
 */
#ifndef HL_TAXII_H
#define HL_TAXII_H

#include "handler.h"
#include "http1.h"
#include "proto.h"

struct node;

/* Who asks, as http.c authenticated them. */
struct taxii_client {
	char		 name[HL_MAX_PARTY_LEN + 1];
	enum tlp	 clearance;
};

/*
 * Answers one request of an authenticated client (GET or HEAD; no body
 * is read). Borrows everything; rs is filled.
 */
void taxii_serve(struct node *n, const struct taxii_client *c,
    const struct http1_req *q, struct response *rs);

/* A TAXII error message (401, 403, 404, 406, ...) as rs. */
void taxii_error(struct response *rs, int status, const char *title,
    const char *description);

#endif
