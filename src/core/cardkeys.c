/* Every key a card names, across its rotations (cardkeys.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cardkeys.h"
#include "proto.h"

size_t
card_keys(const struct card *c, int64_t now,
    struct card_keyref out[static CARD_KEYS_MAX])
{
	size_t n = 0;

	out[n++] = (struct card_keyref){ c->pk, c->vkey, CARD_KEY_CURRENT,
	    INT64_MAX, CARD_ROTATED };
	/* Two passes, so that the keys in their grace come first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->nretired && n < CARD_KEYS_MAX; i++) {
			const struct card_retired *e = &c->retired[i];
			enum card_key s;

			if (e->is_tls)
				continue;
			s = card_key_state(c, e->pk, now);
			/* A retired key equal to the current one is not two. */
			if (s == CARD_KEY_CURRENT ||
			    (pass == 0) != (s == CARD_KEY_GRACE))
				continue;
			out[n++] = (struct card_keyref){ e->pk, e->vkey, s,
			    e->until, e->why };
		}
	return n;
}

int
card_signed_online(const struct card *c, int64_t now,
    bool (*verify)(void *arg, const uint8_t *pk), void *arg,
    struct card_keyref *which, struct hl_diag *d)
{
	struct card_keyref k[CARD_KEYS_MAX];
	char ts[PROTO_TIME_LEN];
	size_t n = card_keys(c, now, k);

	for (size_t i = 0; i < n; i++) {
		if (!verify(arg, k[i].pk))
			continue;
		if (which != NULL)
			*which = k[i];
		if (k[i].state == CARD_KEY_CURRENT ||
		    k[i].state == CARD_KEY_GRACE)
			return 0;
		/*
		 * A signature by a key the card no longer vouches for: not a
		 * bad signature but a refusal to say so, naming the key.
		 */
		proto_time_format(k[i].until, ts);
		return hl_diag_set(d, HL_EREVOKED, "sig", "signed by %s, "
		    "which %s's card (serial %" PRId64 ") %s %s", k[i].vkey,
		    c->party, c->serial, k[i].state == CARD_KEY_REVOKED ?
		    (k[i].why == CARD_COMPROMISE ? "revoked as compromised "
		    "since" : "revoked as superseded since") :
		    "retired: its grace ended", ts);
	}
	return HL_EBADSIG;
}

int
card_note_keys(const struct card *c, struct note_vkey out[static CARD_KEYS_MAX],
    size_t *n)
{
	struct card_keyref k[CARD_KEYS_MAX];
	size_t m = card_keys(c, 0, k);

	*n = 0;
	for (size_t i = 0; i < m; i++) {
		if (note_vkey_parse(k[i].vkey, &out[*n], NULL) != 0)
			return HL_EINVAL;
		(*n)++;
	}
	return 0;
}

int
card_pins_online(const struct card *c, int64_t now, char *out, size_t n)
{
	size_t len;
	int w;

	if ((w = snprintf(out, n, "%s", c->tls_pin)) < 0 || (size_t)w >= n)
		return HL_EINVAL;
	len = (size_t)w;
	for (size_t i = 0; i < c->nretired; i++) {
		const struct card_retired *e = &c->retired[i];

		if (!e->is_tls || card_pin_state(c, e->tls_pin, now) !=
		    CARD_KEY_GRACE)
			continue;
		if ((w = snprintf(out + len, n - len, ";%s", e->tls_pin)) < 0 ||
		    (size_t)w >= n - len)
			return HL_EINVAL;
		len += (size_t)w;
	}
	return 0;
}

const char *
card_key_state_name(enum card_key s)
{
	switch (s) {
	case CARD_KEY_CURRENT:	return "current";
	case CARD_KEY_GRACE:	return "grace";
	case CARD_KEY_RETIRED:	return "retired";
	case CARD_KEY_REVOKED:	return "revoked";
	default:		return "unknown";
	}
}
