/*
 * Identity cards. See card.h.
 */
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
