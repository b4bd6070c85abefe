/*
 * Signed message envelopes (docs/PROTOCOL.md): building a draft into a
 * sealed envelope, and taking untrusted bytes apart into a checked one.
 *
 *   id  = hex SHA-256 of JCS(envelope without "id" and "sig")
 *   sig = Ed25519 over "hotline/msg/v1\n" || JCS(envelope without "sig")
 *   the bytes on the wire and on disk are JCS(envelope), nothing else.
 *
 * This module checks form and integrity only; whether the sender is a
 * pinned peer and the seq is the next one is for node_accept().
 */
#ifndef HL_ENVELOPE_H
#define HL_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "schema.h"
#include "sig.h"

struct envelope {
	json_t			*root;	/* the parsed envelope, owned */
	struct envelope_hdr	 hdr;	/* its header, borrowed from root */
	uint8_t			*raw;	/* canonical bytes, owned */
	size_t			 rawlen;
	uint8_t			*tbs;	/* what "sig" signs, owned */
	size_t			 tbslen;
	uint8_t			 sig[HL_SIG_LEN];	/* decoded "sig" */
};

/*
 * Takes untrusted bytes apart, in the fixed order: size, JSON syntax and
 * depth (HL_EPARSE, its message "not JSON: ..."), schema, canonical form
 * (the bytes must be exactly the JCS of what they parse to; HL_ENOTCANON
 * only for a JSON envelope that passes the schema), then the id. The
 * signature is not checked here: that needs the sender's key
 * (envelope_verify()). On success *out is the caller's to
 * envelope_free(); on failure it is NULL and d says what failed.
 */
int envelope_parse(const uint8_t *raw, size_t n, struct envelope **out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* True if e's signature verifies under pk; HL_EBADSIG in d otherwise. */
int envelope_verify(const struct envelope *e,
    const uint8_t pk[static HL_PK_LEN], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Seals a draft: checks it against the schema, adds "id" and "sig" signed
 * with k, and produces the canonical bytes. Takes ownership of draft, even
 * on failure.
 */
int envelope_seal(json_t *draft, const struct sig_key *k,
    struct envelope **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Frees everything; NULL is fine. */
void envelope_free(struct envelope *e);

/* Hex SHA-256 of n bytes, into 65 bytes of out. */
void envelope_hash_hex(const uint8_t *p, size_t n, char out[static 65]);

#endif
