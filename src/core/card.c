/*
 * Identity cards. See card.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "card.h"
#include "enc.h"
#include "jcs.h"

bool
card_pin_valid(const char *s)
{
	uint8_t h[32];

	return strlen(s) == TLS_PIN_LEN - 1 && strncmp(s, "sha256//", 8) == 0 &&
	    enc_b64_decode_exact(s + 8, TLS_PIN_LEN - 9, h, sizeof(h));
}

static const char *const omit_sig[] = { "sig", NULL };

const char *const card_why_names[CARD_WHY_COUNT + 1] = {
	"rotated", "superseded", "compromise", NULL
};

int
card_key_name(const char *party, char *out, size_t n)
{
	int len = snprintf(out, n, "hotline/%s", party);

	return (len < 0 || (size_t)len >= n) ? HL_EINVAL : 0;
}

/* The bytes a card's signature covers, into b. */
static int
card_signed_bytes(json_t *card, struct buf *b)
{
	(void)buf_adds(b, SIG_DOMAIN_CARD);
	return jcs_write_omit(card, omit_sig, b);
}

bool
card_same_keys(const struct card *a, const struct card *b)
{
	return memcmp(a->pk, b->pk, sizeof(a->pk)) == 0 &&
	    strcmp(a->tls_pin, b->tls_pin) == 0;
}

int
card_make(const struct config *cfg, const struct sig_key *k,
    const char *tls_pin, struct card *c)
{
	uint8_t sig[HL_SIG_LEN];
	struct buf b;
	json_t *card;
	int r;

	memset(c, 0, sizeof(*c));
	buf_init(&b, HL_MAX_CARD_BYTES);
	if ((r = sig_key_vkey(k, &b)) != 0)
		goto out_buf;
	card = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "v", 1, "party", cfg->party, "state", cfg->state,
	    "tier", proto_tier_names[cfg->tier], "endpoint", cfg->endpoint,
	    "key", buf_str(&b), "tls_pin", tls_pin);
	if (card == NULL) {
		r = HL_ENOMEM;
		goto out_buf;
	}
	buf_clear(&b);
	if ((r = card_signed_bytes(card, &b)) != 0 ||
	    (r = sig_sign(k, b.p, b.len, sig)) != 0)
		goto out;
	buf_clear(&b);
	if ((r = enc_b64(sig, sizeof(sig), &b)) != 0)
		goto out;
	if (json_object_set_new(card, "sig", json_string(buf_str(&b))) != 0) {
		r = HL_ENOMEM;
		goto out;
	}
	buf_clear(&b);
	if ((r = jcs_write(card, &b)) != 0)
		goto out;
	r = card_parse(b.p, b.len, c, NULL);
out:
	json_decref(card);
out_buf:
	buf_done(&b);
	return r;
}

/* One required string member, as-is; NULL if absent or not a string. */
static const char *
str_member(json_t *o, const char *key)
{
	json_t *m = json_object_get(o, key);

	return json_is_string(m) && strlen(json_string_value(m)) ==
	    json_string_length(m) ? json_string_value(m) : NULL;
}

static int parse(const uint8_t *p, size_t n, struct card *c,
    struct hl_diag *d, bool verify);

int
card_parse(const uint8_t *p, size_t n, struct card *c, struct hl_diag *d)
{
	return parse(p, n, c, d, true);
}

int
card_load(const uint8_t *p, size_t n, struct card *c)
{
	return parse(p, n, c, NULL, false);
}

static int
parse(const uint8_t *p, size_t n, struct card *c, struct hl_diag *d,
    bool verify)
{
	static const char *const fields[] = { "v", "party", "state", "tier",
		"endpoint", "key", "tls_pin", "sig", NULL };
	char keyname[HL_MAX_NAME_LEN], want[HL_MAX_NAME_LEN];
	const char *party, *state, *tier, *endpoint, *vkey, *pin, *sigb64, *k;
	uint8_t sig[HL_SIG_LEN];
	json_t *card = NULL, *v, *val;
	struct buf b;
	int r, t;

	memset(c, 0, sizeof(*c));
	buf_init(&b, HL_MAX_CARD_BYTES);
	if (n > HL_MAX_CARD_BYTES) {
		r = hl_diag_set(d, HL_ETOOBIG, NULL,
		    "card larger than %d bytes", HL_MAX_CARD_BYTES);
		goto out;
	}
	if ((r = jcs_parse(p, n, 2, 0, &card, d)) != 0)
		goto out;
	r = HL_ESCHEMA;
	if (!json_is_object(card)) {
		(void)hl_diag_set(d, r, NULL, "a card must be a JSON object");
		goto out;
	}
	json_object_foreach(card, k, val) {
		if (proto_lookup(fields, k) < 0) {
			(void)hl_diag_set(d, r, k, "unknown member");
			goto out;
		}
	}
	v = json_object_get(card, "v");
	if (!json_is_number(v) || json_number_value(v) != 1) {
		(void)hl_diag_set(d, r, "v", "must be 1");
		goto out;
	}
	party = str_member(card, "party");
	state = str_member(card, "state");
	tier = str_member(card, "tier");
	endpoint = str_member(card, "endpoint");
	vkey = str_member(card, "key");
	pin = str_member(card, "tls_pin");
	sigb64 = str_member(card, "sig");
	if (party == NULL || !proto_party_valid(party)) {
		(void)hl_diag_set(d, r, "party", "must be a party id "
		    "([a-z0-9.-]{1,64})");
		goto out;
	}
	if (state == NULL || !proto_state_valid(state)) {
		(void)hl_diag_set(d, r, "state", "must be an ISO 3166 "
		    "alpha-2 code");
		goto out;
	}
	if (tier == NULL || (t = proto_lookup(proto_tier_names, tier)) < 0) {
		(void)hl_diag_set(d, r, "tier", "must be cert, nrrc or policy");
		goto out;
	}
	if (endpoint == NULL || !config_endpoint_valid(endpoint)) {
		(void)hl_diag_set(d, r, "endpoint", "must be an https:// URL");
		goto out;
	}
	if (pin == NULL || !card_pin_valid(pin)) {
		(void)hl_diag_set(d, r, "tls_pin",
		    "must be sha256// and a base64 SHA-256");
		goto out;
	}
	if (vkey == NULL || strlen(vkey) >= CARD_VKEY_MAX ||
	    (r = sig_vkey_parse(vkey, keyname, sizeof(keyname), c->pk,
	    d)) != 0) {
		if (r == HL_ESCHEMA)
			(void)hl_diag_set(d, r, "key", "must be a verifier key");
		else if (d != NULL) {
			char msg[sizeof(d->msg)];

			(void)snprintf(msg, sizeof(msg), "%s", d->msg);
			(void)hl_diag_set(d, r, "key", "%s", msg);
		}
		goto out;
	}
	r = HL_ESCHEMA;
	if (card_key_name(party, want, sizeof(want)) != 0 ||
	    strcmp(keyname, want) != 0) {
		(void)hl_diag_set(d, r, "key", "is named '%s', not '%s'",
		    keyname, want);
		goto out;
	}
	if (sigb64 == NULL ||
	    !enc_b64_decode_exact(sigb64, strlen(sigb64), sig, sizeof(sig))) {
		(void)hl_diag_set(d, r, "sig",
		    "must be a base64 Ed25519 signature");
		goto out;
	}
	if ((r = card_signed_bytes(card, &b)) != 0)
		goto out;
	if (verify && !sig_verify(c->pk, b.p, b.len, sig)) {
		r = hl_diag_set(d, HL_EBADSIG, "sig", "self-signature of %s's "
		    "card does not verify", party);
		goto out;
	}
	buf_clear(&b);
	if ((r = jcs_write(card, &b)) != 0)
		goto out;
	c->v = 1;
	(void)snprintf(c->party, sizeof(c->party), "%s", party);
	memcpy(c->state, state, 3);
	c->tier = (enum tier)t;
	(void)snprintf(c->endpoint, sizeof(c->endpoint), "%s", endpoint);
	(void)snprintf(c->vkey, sizeof(c->vkey), "%s", vkey);
	(void)snprintf(c->tls_pin, sizeof(c->tls_pin), "%s", pin);
	memcpy(c->raw, b.p, b.len);
	c->rawlen = b.len;
	r = 0;
out:
	json_decref(card);
	buf_done(&b);
	return r;
}

int
card_identity_name(const char *party, char *out, size_t n)
{
	int len = snprintf(out, n, "hotline/%s" CARD_IDENTITY_SUFFIX, party);

	return (len < 0 || (size_t)len >= n) ? HL_EINVAL : 0;
}

/* Lands with version 2 cards (issue 16, "card" part). */
int
card_make2(const struct card_draft *dr, const struct sig_key *identity,
    struct card *c, struct hl_diag *d)
{
	(void)dr;
	(void)identity;
	memset(c, 0, sizeof(*c));
	return hl_diag_set(d, HL_EINVAL, NULL, "version 2 cards: not yet");
}

int
card_successor(const struct card *pinned, const struct card *next,
    int64_t now, struct hl_diag *d)
{
	(void)pinned;
	(void)next;
	(void)now;
	return hl_diag_set(d, HL_EINVAL, NULL, "version 2 cards: not yet");
}

bool
card_valid_at(const struct card *c, int64_t now)
{
	return c->v < 2 || (c->not_before <= now && now < c->not_after);
}

/* The retired entry of c for message key pk; NULL if none. */
static const struct card_retired *
retired_key(const struct card *c, const uint8_t *pk)
{
	for (size_t i = 0; i < c->nretired; i++)
		if (!c->retired[i].is_tls &&
		    memcmp(c->retired[i].pk, pk, HL_PK_LEN) == 0)
			return &c->retired[i];
	return NULL;
}

/* The retired entry of c for TLS pin; NULL if none. */
static const struct card_retired *
retired_pin(const struct card *c, const char *pin)
{
	for (size_t i = 0; i < c->nretired; i++)
		if (c->retired[i].is_tls &&
		    strcmp(c->retired[i].tls_pin, pin) == 0)
			return &c->retired[i];
	return NULL;
}

static enum card_key
retired_state(const struct card_retired *e, int64_t now)
{
	if (e == NULL)
		return CARD_KEY_UNKNOWN;
	if (e->why != CARD_ROTATED)
		return CARD_KEY_REVOKED;
	return now < e->until ? CARD_KEY_GRACE : CARD_KEY_RETIRED;
}

enum card_key
card_key_state(const struct card *c, const uint8_t pk[static HL_PK_LEN],
    int64_t now)
{
	if (memcmp(c->pk, pk, HL_PK_LEN) == 0)
		return CARD_KEY_CURRENT;
	return retired_state(retired_key(c, pk), now);
}

enum card_key
card_pin_state(const struct card *c, const char *pin, int64_t now)
{
	if (strcmp(c->tls_pin, pin) == 0)
		return CARD_KEY_CURRENT;
	return retired_state(retired_pin(c, pin), now);
}

int64_t
card_key_until(const struct card *c, const uint8_t pk[static HL_PK_LEN],
    enum card_why *why)
{
	const struct card_retired *e;

	if (memcmp(c->pk, pk, HL_PK_LEN) == 0)
		return INT64_MAX;
	if ((e = retired_key(c, pk)) == NULL)
		return -1;
	if (why != NULL)
		*why = e->why;
	return e->until;
}
