/*
 * Every key a card names, as verifiers use them across rotations
 * (docs/PROTOCOL.md, "Keys across rotations"). A card's latest version
 * names its current message key and TLS pin and the ones it retired, so
 * a verifier holding it needs no other: online (a peer's message,
 * receipt, checkpoint or TLS connection) it takes the current key and
 * those still in their grace and refuses the others, saying which;
 * offline (a log, a bundle) any key of the card verifies, and what a
 * retired key signed at or after its until is flagged.
 */
#ifndef HL_CARDKEYS_H
#define HL_CARDKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "card.h"
#include "err.h"
#include "note.h"

/* At most: the current key and every retired one. */
#define CARD_KEYS_MAX	(1 + CARD_MAX_RETIRED)

/* One message key of a card, and what the card says of it. */
struct card_keyref {
	const uint8_t	*pk;		/* into the card */
	const char	*vkey;		/* into the card */
	enum card_key	 state;		/* at the time asked */
	int64_t		 until;		/* INT64_MAX for the current key */
	enum card_why	 why;		/* for a retired key */
};

/*
 * c's message keys in the order a verifier tries them: the current one,
 * then those in their grace at now, then the retired and revoked ones.
 * Returns how many (1 .. CARD_KEYS_MAX).
 */
size_t card_keys(const struct card *c, int64_t now,
    struct card_keyref out[static CARD_KEYS_MAX]);

/*
 * Which key of c signed, online, at now: verify(arg, pk) says whether a
 * key's signature verifies (true). 0 and *which (may be NULL) for the
 * current key or one in its grace; HL_EREVOKED if only a retired or
 * revoked key of the card verifies (d says which and since when);
 * HL_EBADSIG if none does (d not set: the caller says what).
 */
int card_signed_online(const struct card *c, int64_t now,
    bool (*verify)(void *arg, const uint8_t *pk), void *arg,
    struct card_keyref *which, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The signed-note verifier keys of all c's message keys (the log's
 * origin is the same name for all), current first; *n gets how many.
 * HL_EINVAL if one does not parse.
 */
int card_note_keys(const struct card *c,
    struct note_vkey out[static CARD_KEYS_MAX], size_t *n)
    __attribute__((warn_unused_result));

/*
 * The TLS pins a client takes from the peer c at now, as curl's
 * CURLOPT_PINNEDPUBLICKEY list: the current pin, then the pins in
 * their grace, ";"-separated.
 */
int card_pins_online(const struct card *c, int64_t now, char *out,
    size_t n) __attribute__((warn_unused_result));

/* The wire name of a key state: "current", "grace", "retired", ... */
const char *card_key_state_name(enum card_key s);

#endif
