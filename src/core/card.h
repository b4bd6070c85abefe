/*
 * Identity cards: a node's signed statement of who it is and which keys
 * are its own (docs/PROTOCOL.md, "Identity card"). A card is JSON; its
 * signature covers "hotline/card/vN\n" || JCS(card without "sig"), so a
 * card survives being re-indented in transit, and pinning it means
 * pinning those keys.
 *
 * Version 1 is self-signed by its message key, for ever: it names no
 * identity key and has no expiry, so it can be neither rotated nor
 * revoked but by pinning another card out of band. Version 2 is signed by
 * the party's offline identity key, names it, has a serial and a validity
 * (not_before, not_after), and lists the keys it retired: message keys
 * and TLS pins replaced by a rotation (still taken until their grace
 * ends) or revoked (not trusted from a time on). A peer takes a card of a
 * higher serial signed by the identity key it pinned (card_successor()),
 * so the latest card alone tells a verifier every key the party has had.
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

/* The signed-note key name of a party's identity key. */
#define CARD_IDENTITY_SUFFIX	"/identity"

/*
 * How many retired keys and pins a card lists: the oldest are dropped
 * from a new version beyond this (they stay in the peers' history of the
 * cards they pinned, and in the bundles made before).
 */
#define CARD_MAX_RETIRED	16

/* Why a key or pin is no longer the card's current one. */
enum card_why {
	CARD_ROTATED,		/* replaced; taken until `until` (the grace) */
	CARD_SUPERSEDED,	/* revoked: not trusted from `until` on */
	CARD_COMPROMISE,	/* revoked: its secret is out, from `until` */
	CARD_WHY_COUNT
};

/* The wire names: "rotated", "superseded", "compromise". */
extern const char *const card_why_names[CARD_WHY_COUNT + 1];

/* One retired message key (is_tls false) or TLS pin (is_tls true). */
struct card_retired {
	bool		is_tls;
	char		vkey[CARD_VKEY_MAX];	/* a message key, or "" */
	uint8_t		pk[HL_PK_LEN];		/* the key vkey names */
	char		tls_pin[TLS_PIN_LEN];	/* a pin, or "" */
	int64_t		until;	/* rotated: the grace's end; revoked: since */
	enum card_why	why;
};

struct card {
	int		v;			/* 1 or 2 */
	char		party[HL_MAX_PARTY_LEN + 1];
	char		state[3];
	enum tier	tier;
	char		endpoint[HL_MAX_URL_LEN + 1];
	char		vkey[CARD_VKEY_MAX];	/* signed-note verifier key */
	uint8_t		pk[HL_PK_LEN];		/* the key vkey names */
	char		tls_pin[TLS_PIN_LEN];
	/* Version 2 only (v1: "", zeros, 0): */
	char		identity[CARD_VKEY_MAX]; /* the identity key's vkey */
	uint8_t		id_pk[HL_PK_LEN];	/* the key identity names */
	int64_t		serial;			/* 1, 2, ... per new version */
	int64_t		not_before, not_after;	/* Unix seconds */
	size_t		nretired;
	struct card_retired retired[CARD_MAX_RETIRED];
	uint8_t		raw[HL_MAX_CARD_BYTES];	/* canonical signed card */
	size_t		rawlen;
};

/*
 * What a version 2 card is made of (card_make2()): everything but the
 * signature. retired is the whole list the new version states.
 */
struct card_draft {
	const char	*party, *state, *endpoint;
	enum tier	 tier;
	const struct sig_key *msg_key;	/* public half only is used */
	const char	*tls_pin;
	int64_t		 serial, not_before, not_after;
	const struct card_retired *retired;
	size_t		 nretired;
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

/* The name of a party's identity key: "hotline/<party>/identity". */
int card_identity_name(const char *party, char *out, size_t n);

/*
 * Builds a version 2 card from dr and signs it with the identity key
 * (named card_identity_name(dr->party)), filling c. HL_EINVAL for a
 * draft that would not parse (names the member in d, which may be NULL).
 */
int card_make2(const struct card_draft *dr, const struct sig_key *identity,
    struct card *c, struct hl_diag *d) __attribute__((warn_unused_result));

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

/*
 * Whether next may replace pinned, the card of the same party a node
 * pinned, at now: both version 2, same party, state, tier and identity
 * key, next's serial higher, and next valid at now (not_before <= now <
 * not_after). HL_ECONFLICT, HL_EEXPIRED or HL_EBADSIG (d names the
 * member) otherwise. next's own signature is card_parse()'s to check.
 */
int card_successor(const struct card *pinned, const struct card *next,
    int64_t now, struct hl_diag *d) __attribute__((warn_unused_result));

/* Whether a card is valid at now; a version 1 card always is. */
bool card_valid_at(const struct card *c, int64_t now);

/* What a card says of a key or pin it may name. */
enum card_key {
	CARD_KEY_CURRENT,	/* its current key or pin */
	CARD_KEY_GRACE,		/* rotated, and now is before its grace's end */
	CARD_KEY_RETIRED,	/* rotated, its grace over */
	CARD_KEY_REVOKED,	/* revoked (superseded or compromise) */
	CARD_KEY_UNKNOWN	/* not the card's */
};

/*
 * A message key or a TLS pin as c states it at now. What a node takes
 * from a peer online: CURRENT or GRACE (a message or receipt signed by
 * a RETIRED or REVOKED key is refused, HL_EREVOKED). A RETIRED key's or
 * a REVOKED key's signature still verifies offline for what it signed
 * before card_key_until().
 */
enum card_key card_key_state(const struct card *c,
    const uint8_t pk[static HL_PK_LEN], int64_t now);
enum card_key card_pin_state(const struct card *c, const char *pin,
    int64_t now);

/*
 * For an offline verifier: when the card stops vouching for what key pk
 * signed (what is dated at or after it is flagged): INT64_MAX for the
 * current key, the retired entry's until otherwise, -1 if pk is not the
 * card's. *why (may be NULL) gets the entry's reason.
 */
int64_t card_key_until(const struct card *c,
    const uint8_t pk[static HL_PK_LEN], enum card_why *why);

#endif
