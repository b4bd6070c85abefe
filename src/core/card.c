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
#include "proto.h"

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


/*
 * Signs card (without "sig") with k over domain || JCS(card), adds the
 * signature as "sig" and writes the signed card's canonical bytes to b.
 * The one signing step of both versions (card_make(), card_make2()).
 */
static int
card_seal(json_t *card, const char *domain, const struct sig_key *k,
    struct buf *b)
{
	uint8_t sig[HL_SIG_LEN];
	int r;

	buf_clear(b);
	(void)buf_adds(b, domain);
	if ((r = jcs_write_omit(card, omit_sig, b)) != 0 ||
	    (r = sig_sign(k, b->p, b->len, sig)) != 0)
		return r;
	buf_clear(b);
	if ((r = enc_b64(sig, sizeof(sig), b)) != 0)
		return r;
	if (json_object_set_new(card, "sig", json_string(buf_str(b))) != 0)
		return HL_ENOMEM;
	buf_clear(b);
	return jcs_write(card, b);
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
	if ((r = card_seal(card, SIG_DOMAIN_CARD, k, &b)) != 0)
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

/*
 * A verifier key member of o (at path) named want, into pk (and vkey,
 * CARD_VKEY_MAX bytes, when not NULL). HL_ESCHEMA or sig_vkey_parse()'s
 * error, d naming path.
 */
static int
vkey_member(json_t *o, const char *key, const char *path, const char *want,
    char *vkey, uint8_t pk[static HL_PK_LEN], struct hl_diag *d)
{
	char keyname[HL_MAX_NAME_LEN];
	const char *s = str_member(o, key);
	int r = HL_ESCHEMA;

	if (s == NULL || strlen(s) >= CARD_VKEY_MAX ||
	    (r = sig_vkey_parse(s, keyname, sizeof(keyname), pk, d)) != 0) {
		if (r == HL_ESCHEMA)
			(void)hl_diag_set(d, r, path, "must be a verifier key");
		else if (d != NULL) {
			char msg[sizeof(d->msg)];

			(void)snprintf(msg, sizeof(msg), "%s", d->msg);
			(void)hl_diag_set(d, r, path, "%s", msg);
		}
		return r;
	}
	if (strcmp(keyname, want) != 0)
		return hl_diag_set(d, HL_ESCHEMA, path,
		    "is named '%s', not '%s'", keyname, want);
	if (vkey != NULL)
		(void)snprintf(vkey, CARD_VKEY_MAX, "%s", s);
	return 0;
}

/*
 * A whole-second UTC time member ("YYYY-MM-DDTHH:MM:SSZ", as envelope
 * times: one spelling per time, since the card is signed as written).
 */
static int
time_member(json_t *o, const char *key, const char *path, int64_t *out,
    struct hl_diag *d)
{
	const char *s = str_member(o, key);

	if (s == NULL || !proto_time_parse(s, PROTO_TIME_STRICT, out))
		return hl_diag_set(d, HL_ESCHEMA, path,
		    "must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
	return 0;
}

/* Whether o has a member other than those of fields; *bad names it. */
static bool
unknown_member(json_t *o, const char *const *fields, const char **bad)
{
	const char *k;
	json_t *val;

	json_object_foreach(o, k, val) {
		if (proto_lookup(fields, k) < 0) {
			*bad = k;
			return true;
		}
	}
	return false;
}

/* Whether one of c's first n retired entries is message key pk. */
static bool
retired_key_n(const struct card *c, size_t n, const uint8_t *pk)
{
	for (size_t i = 0; i < n; i++)
		if (!c->retired[i].is_tls &&
		    memcmp(c->retired[i].pk, pk, HL_PK_LEN) == 0)
			return true;
	return false;
}

/* Whether one of c's first n retired entries is TLS pin pin. */
static bool
retired_pin_n(const struct card *c, size_t n, const char *pin)
{
	for (size_t i = 0; i < n; i++)
		if (c->retired[i].is_tls &&
		    strcmp(c->retired[i].tls_pin, pin) == 0)
			return true;
	return false;
}

/*
 * The retired list of a version 2 card into c (whose party, pk and
 * tls_pin are filled): each entry exactly one of key / tls_pin, until and
 * why; no key or pin twice in the card, the current ones included, so
 * that card_key_state() has one answer for each.
 */
static int
parse_retired(json_t *card, struct card *c, const char *want,
    struct hl_diag *d)
{
	static const char *const fields[] = { "key", "tls_pin", "until",
		"why", NULL };
	json_t *list = json_object_get(card, "retired"), *e;
	char path[64];
	const char *bad, *pin, *why;
	size_t i;
	int r, w;

	if (list == NULL)
		return 0;
	if (!json_is_array(list) || json_array_size(list) == 0)
		return hl_diag_set(d, HL_ESCHEMA, "retired", "must be a "
		    "non-empty array (absent when nothing is retired)");
	if (json_array_size(list) > CARD_MAX_RETIRED)
		return hl_diag_set(d, HL_ESCHEMA, "retired",
		    "more than %d entries", CARD_MAX_RETIRED);
	json_array_foreach(list, i, e) {
		struct card_retired *re = &c->retired[i];

		(void)snprintf(path, sizeof(path), "retired[%zu]", i);
		if (!json_is_object(e))
			return hl_diag_set(d, HL_ESCHEMA, path,
			    "must be an object");
		if (unknown_member(e, fields, &bad)) {
			(void)snprintf(path, sizeof(path), "retired[%zu].%s",
			    i, bad);
			return hl_diag_set(d, HL_ESCHEMA, path,
			    "unknown member");
		}
		if ((json_object_get(e, "key") == NULL) ==
		    (json_object_get(e, "tls_pin") == NULL))
			return hl_diag_set(d, HL_ESCHEMA, path,
			    "must have exactly one of key and tls_pin");
		if (json_object_get(e, "key") != NULL) {
			(void)snprintf(path, sizeof(path), "retired[%zu].key",
			    i);
			if ((r = vkey_member(e, "key", path, want, re->vkey,
			    re->pk, d)) != 0)
				return r;
			if (memcmp(re->pk, c->pk, HL_PK_LEN) == 0 ||
			    retired_key_n(c, i, re->pk))
				return hl_diag_set(d, HL_ESCHEMA, path,
				    "names a key the card already names");
		} else {
			re->is_tls = true;
			(void)snprintf(path, sizeof(path),
			    "retired[%zu].tls_pin", i);
			pin = str_member(e, "tls_pin");
			if (pin == NULL || !card_pin_valid(pin))
				return hl_diag_set(d, HL_ESCHEMA, path,
				    "must be sha256// and a base64 SHA-256");
			if (strcmp(pin, c->tls_pin) == 0 ||
			    retired_pin_n(c, i, pin))
				return hl_diag_set(d, HL_ESCHEMA, path,
				    "names a pin the card already names");
			(void)snprintf(re->tls_pin, sizeof(re->tls_pin), "%s",
			    pin);
		}
		(void)snprintf(path, sizeof(path), "retired[%zu].until", i);
		if ((r = time_member(e, "until", path, &re->until, d)) != 0)
			return r;
		(void)snprintf(path, sizeof(path), "retired[%zu].why", i);
		why = str_member(e, "why");
		if (why == NULL || (w = proto_lookup(card_why_names, why)) < 0)
			return hl_diag_set(d, HL_ESCHEMA, path,
			    "must be rotated, superseded or compromise");
		re->why = (enum card_why)w;
		c->nretired = i + 1;
	}
	return 0;
}

/*
 * The members only version 2 has: identity, serial, validity, retired.
 * c's party, pk and tls_pin are filled.
 */
static int
parse_v2(json_t *card, struct card *c, struct hl_diag *d)
{
	char want[HL_MAX_NAME_LEN];
	json_t *serial;
	double sv;
	int r;

	if (card_identity_name(c->party, want, sizeof(want)) != 0)
		return hl_diag_set(d, HL_ESCHEMA, "party", "too long");
	if ((r = vkey_member(card, "identity", "identity", want, c->identity,
	    c->id_pk, d)) != 0)
		return r;
	/* The identity key signs cards only; the message key, messages. */
	if (memcmp(c->id_pk, c->pk, HL_PK_LEN) == 0)
		return hl_diag_set(d, HL_ESCHEMA, "identity",
		    "must not be the message key");
	serial = json_object_get(card, "serial");
	sv = json_is_number(serial) ? json_number_value(serial) : 0;
	if (!json_is_number(serial) || sv < 1 || sv > 9007199254740991.0 ||
	    sv != (double)(int64_t)sv)
		return hl_diag_set(d, HL_ESCHEMA, "serial",
		    "must be an integer from 1 to 2^53-1");
	c->serial = (int64_t)sv;
	if ((r = time_member(card, "not_before", "not_before",
	    &c->not_before, d)) != 0 ||
	    (r = time_member(card, "not_after", "not_after",
	    &c->not_after, d)) != 0)
		return r;
	if (c->not_before >= c->not_after)
		return hl_diag_set(d, HL_ESCHEMA, "not_after",
		    "must be after not_before");
	if (card_key_name(c->party, want, sizeof(want)) != 0)
		return hl_diag_set(d, HL_ESCHEMA, "party", "too long");
	return parse_retired(card, c, want, d);
}

static int
parse(const uint8_t *p, size_t n, struct card *c, struct hl_diag *d,
    bool verify)
{
	static const char *const fields1[] = { "v", "party", "state", "tier",
		"endpoint", "key", "tls_pin", "sig", NULL };
	static const char *const fields2[] = { "v", "party", "state", "tier",
		"endpoint", "key", "tls_pin", "sig", "identity", "serial",
		"not_before", "not_after", "retired", NULL };
	char want[HL_MAX_NAME_LEN];
	const char *party, *state, *tier, *endpoint, *pin, *sigb64, *bad;
	uint8_t sig[HL_SIG_LEN];
	json_t *card = NULL, *v;
	struct buf b;
	int r, t, ver;

	memset(c, 0, sizeof(*c));
	buf_init(&b, HL_MAX_CARD_BYTES);
	if (n > HL_MAX_CARD_BYTES) {
		r = hl_diag_set(d, HL_ETOOBIG, NULL,
		    "card larger than %d bytes", HL_MAX_CARD_BYTES);
		goto out;
	}
	/* A card, its retired list, an entry. */
	if ((r = jcs_parse(p, n, 3, 0, &card, d)) != 0)
		goto out;
	r = HL_ESCHEMA;
	if (!json_is_object(card)) {
		(void)hl_diag_set(d, r, NULL, "a card must be a JSON object");
		goto out;
	}
	v = json_object_get(card, "v");
	ver = !json_is_number(v) ? 0 : json_number_value(v) == 1 ? 1 :
	    json_number_value(v) == 2 ? 2 : 0;
	if (unknown_member(card, ver == 1 ? fields1 : fields2, &bad)) {
		(void)hl_diag_set(d, r, bad, "unknown member");
		goto out;
	}
	if (ver == 0) {
		(void)hl_diag_set(d, r, "v", "must be 1 or 2");
		goto out;
	}
	party = str_member(card, "party");
	state = str_member(card, "state");
	tier = str_member(card, "tier");
	endpoint = str_member(card, "endpoint");
	pin = str_member(card, "tls_pin");
	sigb64 = str_member(card, "sig");
	if (party == NULL || !proto_party_valid(party)) {
		(void)hl_diag_set(d, r, "party", "must be a party id "
		    "([a-z0-9.-]{1,64})");
		goto out;
	}
	(void)snprintf(c->party, sizeof(c->party), "%s", party);
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
	(void)snprintf(c->tls_pin, sizeof(c->tls_pin), "%s", pin);
	if (card_key_name(party, want, sizeof(want)) != 0) {
		(void)hl_diag_set(d, r, "party", "too long");
		goto out;
	}
	if ((r = vkey_member(card, "key", "key", want, c->vkey, c->pk,
	    d)) != 0)
		goto out;
	if (ver == 2 && (r = parse_v2(card, c, d)) != 0)
		goto out;
	r = HL_ESCHEMA;
	if (sigb64 == NULL ||
	    !enc_b64_decode_exact(sigb64, strlen(sigb64), sig, sizeof(sig))) {
		(void)hl_diag_set(d, r, "sig",
		    "must be a base64 Ed25519 signature");
		goto out;
	}
	(void)buf_adds(&b, ver == 1 ? SIG_DOMAIN_CARD : SIG_DOMAIN_CARD2);
	if ((r = jcs_write_omit(card, omit_sig, &b)) != 0)
		goto out;
	if (verify && ver == 1 && !sig_verify(c->pk, b.p, b.len, sig)) {
		r = hl_diag_set(d, HL_EBADSIG, "sig", "self-signature of %s's "
		    "card does not verify", party);
		goto out;
	}
	if (verify && ver == 2 && !sig_verify(c->id_pk, b.p, b.len, sig)) {
		r = hl_diag_set(d, HL_EBADSIG, "sig", "%s's card is not "
		    "signed by the identity key it names", party);
		goto out;
	}
	buf_clear(&b);
	if ((r = jcs_write(card, &b)) != 0)
		goto out;
	c->v = ver;
	memcpy(c->state, state, 3);
	c->tier = (enum tier)t;
	(void)snprintf(c->endpoint, sizeof(c->endpoint), "%s", endpoint);
	memcpy(c->raw, b.p, b.len);
	c->rawlen = b.len;
	r = 0;
out:
	json_decref(card);
	buf_done(&b);
	if (r != 0)
		memset(c, 0, sizeof(*c));
	return r;
}

int
card_identity_name(const char *party, char *out, size_t n)
{
	int len = snprintf(out, n, "hotline/%s" CARD_IDENTITY_SUFFIX, party);

	return (len < 0 || (size_t)len >= n) ? HL_EINVAL : 0;
}

/* A time as its JSON string, or NULL (out of memory). */
static json_t *
time_json(int64_t t)
{
	char s[PROTO_TIME_LEN];

	proto_time_format(t, s);
	return json_string(s);
}

/* The draft as a JSON card without sig; NULL when out of memory. */
static json_t *
draft_json(const struct card_draft *dr, const struct sig_key *identity)
{
	json_t *card = NULL, *list = NULL, *e;
	struct buf k, id;
	bool ok = false;

	buf_init(&k, CARD_VKEY_MAX);
	buf_init(&id, CARD_VKEY_MAX);
	if (sig_key_vkey(dr->msg_key, &k) != 0 ||
	    sig_key_vkey(identity, &id) != 0)
		goto out;
	card = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, "
	    "s:o, s:o}", "v", 2, "party", dr->party, "state", dr->state,
	    "tier", proto_tier_names[dr->tier], "endpoint", dr->endpoint,
	    "key", buf_str(&k), "tls_pin", dr->tls_pin,
	    "identity", buf_str(&id), "serial", (json_int_t)dr->serial,
	    "not_before", time_json(dr->not_before),
	    "not_after", time_json(dr->not_after));
	if (card == NULL)
		goto out;
	if (dr->nretired > 0) {
		if ((list = json_array()) == NULL ||
		    json_object_set_new(card, "retired", list) != 0)
			goto out;
	}
	for (size_t i = 0; i < dr->nretired; i++) {
		const struct card_retired *re = &dr->retired[i];

		if ((unsigned)re->why >= CARD_WHY_COUNT)
			goto out;
		e = json_pack("{s:s, s:o, s:s}",
		    re->is_tls ? "tls_pin" : "key",
		    re->is_tls ? re->tls_pin : re->vkey,
		    "until", time_json(re->until),
		    "why", card_why_names[re->why]);
		if (e == NULL || json_array_append_new(list, e) != 0)
			goto out;
	}
	ok = true;
out:
	buf_done(&k);
	buf_done(&id);
	if (!ok) {
		json_decref(card);
		card = NULL;
	}
	return card;
}

int
card_make2(const struct card_draft *dr, const struct sig_key *identity,
    struct card *c, struct hl_diag *d)
{
	char want[HL_MAX_NAME_LEN];
	json_t *card;
	struct buf b;
	int r;

	memset(c, 0, sizeof(*c));
	if (dr->party == NULL || dr->state == NULL || dr->endpoint == NULL ||
	    dr->tls_pin == NULL || dr->msg_key == NULL ||
	    dr->nretired > CARD_MAX_RETIRED ||
	    (dr->nretired > 0 && dr->retired == NULL))
		return hl_diag_set(d, HL_EINVAL, NULL, "incomplete card draft");
	if (card_identity_name(dr->party, want, sizeof(want)) != 0 ||
	    strcmp(sig_key_name(identity), want) != 0)
		return hl_diag_set(d, HL_EINVAL, "identity", "the key is "
		    "named '%s', not '%s'", sig_key_name(identity), want);
	if ((card = draft_json(dr, identity)) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	buf_init(&b, HL_MAX_CARD_BYTES);
	if ((r = card_seal(card, SIG_DOMAIN_CARD2, identity, &b)) != 0) {
		(void)hl_diag_set(d, r, NULL, "cannot sign the card");
		goto out;
	}
	if (b.len > HL_MAX_CARD_BYTES) {
		r = hl_diag_set(d, HL_EINVAL, NULL,
		    "card larger than %d bytes", HL_MAX_CARD_BYTES);
		goto out;
	}
	/* What would not parse is refused here, not by every peer. */
	if ((r = card_parse(b.p, b.len, c, d)) != 0)
		r = HL_EINVAL;
out:
	json_decref(card);
	buf_done(&b);
	return r;
}

int
card_successor(const struct card *pinned, const struct card *next,
    int64_t now, struct hl_diag *d)
{
	char t[PROTO_TIME_LEN];

	if (pinned->v < 2)
		return hl_diag_set(d, HL_ECONFLICT, NULL, "%s is pinned with "
		    "a version 1 card: re-pin out of band", pinned->party);
	if (next->v < 2)
		return hl_diag_set(d, HL_ECONFLICT, "v",
		    "a version 1 card cannot succeed a version 2 card");
	if (strcmp(pinned->party, next->party) != 0)
		return hl_diag_set(d, HL_ECONFLICT, "party", "is %s, not the "
		    "pinned %s", next->party, pinned->party);
	if (strcmp(pinned->state, next->state) != 0)
		return hl_diag_set(d, HL_ECONFLICT, "state", "is %s, not the "
		    "pinned %s", next->state, pinned->state);
	if (pinned->tier != next->tier)
		return hl_diag_set(d, HL_ECONFLICT, "tier", "is %s, not the "
		    "pinned %s", proto_tier_names[next->tier],
		    proto_tier_names[pinned->tier]);
	if (memcmp(pinned->id_pk, next->id_pk, HL_PK_LEN) != 0)
		return hl_diag_set(d, HL_EBADSIG, "identity", "is not the "
		    "identity key pinned for %s", pinned->party);
	if (next->serial <= pinned->serial)
		return hl_diag_set(d, HL_ECONFLICT, "serial", "%lld is not "
		    "after the pinned serial %lld", (long long)next->serial,
		    (long long)pinned->serial);
	if (!card_valid_at(next, now)) {
		proto_time_format(now < next->not_before ? next->not_before :
		    next->not_after, t);
		return hl_diag_set(d, HL_EEXPIRED, now < next->not_before ?
		    "not_before" : "not_after", "%s's card serial %lld is "
		    "%s %s", next->party, (long long)next->serial,
		    now < next->not_before ? "not valid before" :
		    "expired at", t);
	}
	return 0;
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
