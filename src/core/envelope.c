/*
 * Sealing and checking envelopes. See envelope.h.
 *
 * Each top-level member is serialized once; the three canonical views of
 * an envelope (without "id" and "sig" for the id, without "sig" for the
 * signature, whole for the wire) are joined from those spans by memcpy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc.h"
#include "canon.h"
#include "envelope.h"
#include "jcs.h"
#include "limits.h"

static const char *const omit_id_sig[] = { "id", "sig", NULL };
static const char *const omit_sig[] = { "sig", NULL };

/* The serialized members of one envelope. */
struct members {
	struct buf		b;		/* "key":value spans */
	struct jcs_member	m[HL_MAX_ENVELOPE_MEMBERS];
	size_t			n;
};

void
envelope_hash_hex(const uint8_t *p, size_t n, char out[static 65])
{
	uint8_t h[HL_HASH_LEN];

	sig_sha256(p, n, h);
	enc_hex(h, sizeof(h), out);
}

void
envelope_free(struct envelope *e)
{
	if (e == NULL)
		return;
	json_decref(e->root);
	free(e->raw);
	free(e->tbs);
	free(e);
}

/*
 * The content id: SHA-256 over the envelope without "id" and "sig", from
 * member spans of base.
 */
static int
span_id(const uint8_t *base, size_t len, const struct jcs_member *m,
    size_t n, char id[static 65])
{
	struct buf b;
	int r;

	buf_init(&b, HL_MAX_MSG_BYTES);
	if ((r = buf_prealloc(&b, len + n + 2)) == 0 &&
	    (r = jcs_join(base, m, n, omit_id_sig, &b)) == 0)
		envelope_hash_hex(b.p, b.len, id);
	buf_done(&b);
	return r;
}

/* "hotline/msg/v1\n" || the envelope without "sig". */
static int
span_tbs(const uint8_t *base, size_t len, const struct jcs_member *m,
    size_t n, struct buf *out)
{
	int r;

	if ((r = buf_prealloc(out, len + n + sizeof(SIG_DOMAIN_MSG) + 2)) != 0)
		return r;
	(void)buf_adds(out, SIG_DOMAIN_MSG);
	return jcs_join(base, m, n, omit_sig, out);
}

/*
 * The schema, after a word for the commonest mistake: a JSON object with
 * none of an envelope's own members is something else (a message body,
 * a card), and saying so helps more than naming its first member.
 */
static int
schema_of(json_t *v, struct envelope_hdr *h, struct hl_diag *d)
{
	if (json_is_object(v) && json_object_get(v, "v") == NULL &&
	    json_object_get(v, "id") == NULL &&
	    json_object_get(v, "sig") == NULL)
		return hl_diag_set(d, HL_ESCHEMA, NULL, "not an envelope: no "
		    "\"v\", \"id\" or \"sig\" member (a message body is "
		    "sent with hotline send)");
	return schema_envelope(v, 0, h, d);
}

/* "not JSON: " before a syntax error's reason, as the man page words it. */
static int
not_json(struct hl_diag *d, int r)
{
	char msg[sizeof(d->msg)];

	if (d != NULL && r == HL_EPARSE) {
		/* Cut short, like any diag message, past its room. */
		(void)snprintf(msg, sizeof(msg), "not JSON: %.*s",
		    (int)(sizeof(msg) - sizeof("not JSON: ")), d->msg);
		memcpy(d->msg, msg, sizeof(msg));
	}
	return r;
}

/*
 * The strict parser stops at the first byte no canonical text has there,
 * which may come before a syntax error or a missing member. So that the
 * errors follow the documented order (JSON syntax, schema, then
 * canonical form), a refusal as not canonical is looked at again with
 * the ordinary parser and the schema; only if both pass does it stand.
 * This costs a second parse only of input that is refused anyway.
 */
static int
classify(const uint8_t *raw, size_t n, int r, struct hl_diag *d)
{
	struct envelope_hdr hdr;
	struct hl_diag again;
	json_t *v = NULL;
	int r2;

	if (r != HL_ENOTCANON)
		return not_json(d, r);
	hl_diag_clear(&again);
	if ((r2 = jcs_parse(raw, n, HL_MAX_ENVELOPE_DEPTH, 0, &v,
	    &again)) == 0) {
		r2 = schema_of(v, &hdr, &again);
		json_decref(v);
	}
	if (r2 == 0 || r2 == HL_ENOMEM)
		return r;
	if (d != NULL)
		*d = again;
	return not_json(d, r2);
}

int
envelope_parse(const uint8_t *raw, size_t n, struct envelope **out,
    struct hl_diag *d)
{
	struct jcs_member m[HL_MAX_ENVELOPE_MEMBERS];
	struct envelope *e;
	struct buf tbs;
	size_t nm;
	char id[65];
	int r;

	*out = NULL;
	hl_diag_clear(d);
	if (n > HL_MAX_MSG_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL,
		    "envelope of %zu bytes is over the limit of %d", n,
		    HL_MAX_MSG_BYTES);
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return HL_ENOMEM;
	buf_init(&tbs, HL_MAX_MSG_BYTES + sizeof(SIG_DOMAIN_MSG));
	/*
	 * Canonical form is checked while parsing, so the member spans of
	 * the input are the canonical ones: no second serialization.
	 */
	if ((r = canon_parse(raw, n, HL_MAX_ENVELOPE_DEPTH, &e->root, m,
	    HL_MAX_ENVELOPE_MEMBERS, &nm, d)) != 0) {
		r = classify(raw, n, r, d);
		goto fail;
	}
	if ((r = schema_of(e->root, &e->hdr, d)) != 0)
		goto fail;
	if ((r = span_id(raw, n, m, nm, id)) != 0)
		goto fail;
	if (strcmp(id, e->hdr.id) != 0) {
		r = hl_diag_set(d, HL_EBADID, "id",
		    "does not match the content (computed %s)", id);
		goto fail;
	}
	if (!enc_b64_decode_exact(e->hdr.sig, strlen(e->hdr.sig), e->sig,
	    HL_SIG_LEN)) {
		r = hl_diag_set(d, HL_ESCHEMA, "sig",
		    "must be a base64 Ed25519 signature");
		goto fail;
	}
	if ((r = span_tbs(raw, n, m, nm, &tbs)) != 0)
		goto fail;
	if ((e->raw = malloc(n + 1)) == NULL) {
		r = HL_ENOMEM;
		goto fail;
	}
	memcpy(e->raw, raw, n);
	e->raw[n] = '\0';
	e->rawlen = n;
	e->tbs = buf_steal(&tbs, &e->tbslen);
	*out = e;
	return 0;
fail:
	buf_done(&tbs);
	envelope_free(e);
	return r;
}

int
envelope_verify(const struct envelope *e, const uint8_t pk[static HL_PK_LEN],
    struct hl_diag *d)
{
	if (!sig_verify(pk, e->tbs, e->tbslen, e->sig))
		return hl_diag_set(d, HL_EBADSIG, "sig",
		    "does not verify with the key pinned for %s",
		    e->hdr.from);
	return 0;
}

/* Sets member key of the draft to a string and adds its span. */
static int
add_string(json_t *draft, struct members *ms, const char *key,
    const char *value)
{
	json_t *v = json_string(value);

	if (v == NULL || json_object_set_new(draft, key, v) != 0)
		return HL_ENOMEM;
	return jcs_add_member(&ms->b, ms->m, HL_MAX_ENVELOPE_MEMBERS, &ms->n, key, v);
}

int
envelope_seal(json_t *draft, const struct sig_key *k, struct envelope **out,
    struct hl_diag *d)
{
	struct envelope *e = NULL;
	struct members ms;
	struct buf tbs, raw, b64;
	char id[65];
	int r;

	*out = NULL;
	buf_init(&ms.b, HL_MAX_MSG_BYTES);
	buf_init(&tbs, HL_MAX_MSG_BYTES + sizeof(SIG_DOMAIN_MSG));
	buf_init(&raw, HL_MAX_MSG_BYTES);
	buf_init(&b64, 128);
	(void)buf_prealloc(&ms.b, 1024);
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		r = HL_ENOMEM;
		goto fail;
	}
	e->root = draft;	/* ours now, freed with e on failure */
	if ((r = schema_envelope(draft, SCHEMA_DRAFT, &e->hdr, d)) != 0)
		goto fail;
	if ((r = jcs_write_members(draft, &ms.b, ms.m, HL_MAX_ENVELOPE_MEMBERS,
	    &ms.n)) != 0 ||
	    (r = span_id(ms.b.p, ms.b.len, ms.m, ms.n, id)) != 0 ||
	    (r = add_string(draft, &ms, "id", id)) != 0 ||
	    (r = span_tbs(ms.b.p, ms.b.len, ms.m, ms.n, &tbs)) != 0 ||
	    (r = sig_sign(k, tbs.p, tbs.len, e->sig)) != 0 ||
	    (r = enc_b64(e->sig, HL_SIG_LEN, &b64)) != 0 ||
	    (r = add_string(draft, &ms, "sig", buf_str(&b64))) != 0)
		goto fail;
	if ((r = buf_prealloc(&raw, ms.b.len + ms.n + 1)) != 0 ||
	    (r = jcs_join(ms.b.p, ms.m, ms.n, NULL, &raw)) != 0) {
		if (r == HL_ETOOBIG)
			(void)hl_diag_set(d, r, NULL, "envelope is over the "
			    "limit of %d bytes", HL_MAX_MSG_BYTES);
		goto fail;
	}
	e->hdr.id = json_string_value(json_object_get(draft, "id"));
	e->hdr.sig = json_string_value(json_object_get(draft, "sig"));
	e->raw = buf_steal(&raw, &e->rawlen);
	e->tbs = buf_steal(&tbs, &e->tbslen);
	buf_done(&ms.b);
	buf_done(&b64);
	*out = e;
	return 0;
fail:
	if (e == NULL)
		json_decref(draft);
	envelope_free(e);
	buf_done(&ms.b);
	buf_done(&tbs);
	buf_done(&raw);
	buf_done(&b64);
	return r;
}
