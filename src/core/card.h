/*
 * Identity cards: a node's self-signed statement of who it is and which
 * keys are its own (docs/PROTOCOL.md). A card is JSON; its signature is
 * Ed25519 by the card's own message key over
 * "hotline/card/v1\n" || JCS(card without "sig"), so a card survives being
 * re-indented in transit, and pinning it means pinning those keys.
 */
#ifndef HL_CARD_H
#define HL_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "limits.h"
#include "sig.h"

/* "hotline/" + party + "+" + 8 + "+" + 44 + NUL. */
#define CARD_VKEY_MAX	(8 + HL_MAX_PARTY_LEN + 1 + 8 + 1 + 44 + 1)

/*
 * A TLS key's pin, as a card carries it: curl's form, "sha256//" +
 * base64(SHA-256(SubjectPublicKeyInfo DER)); 44 base64 characters + NUL.
 */
#define TLS_PIN_LEN	53

struct card {
	char		party[HL_MAX_PARTY_LEN + 1];
	char		state[3];
	enum tier	tier;
	char		endpoint[HL_MAX_URL_LEN + 1];
	char		vkey[CARD_VKEY_MAX];	/* signed-note verifier key */
	uint8_t		pk[HL_PK_LEN];		/* the key vkey names */
	char		tls_pin[TLS_PIN_LEN];
	uint8_t		raw[HL_MAX_CARD_BYTES];	/* canonical signed card */
	size_t		rawlen;
};

/* True if s has the form of a pin. */
bool card_pin_valid(const char *s);

/* Whether a and b pin the same message key and TLS key. */
bool card_same_keys(const struct card *a, const struct card *b);

/* The signed-note key name of a party's message key: "hotline/<party>". */
int card_key_name(const char *party, char *out, size_t n);

/*
 * Builds and signs this node's card from its config, message key and TLS
 * pin, filling c (raw holds the canonical bytes).
 */
int card_make(const struct config *cfg, const struct sig_key *k,
    const char *tls_pin, struct card *c) __attribute__((warn_unused_result));

/*
 * Checks an untrusted card (any JSON spelling): schema, that the key is
 * named for the party, and the self-signature. Fills c on success.
 */
int card_parse(const uint8_t *p, size_t n, struct card *c, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Reads a card this node pinned itself (from its own store): the same
 * checks but the self-signature, verified once when the card was pinned.
 */
int card_load(const uint8_t *p, size_t n, struct card *c)
    __attribute__((warn_unused_result));

#endif
