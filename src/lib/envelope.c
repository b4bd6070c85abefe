/*
 * Sealing and checking envelopes. See envelope.h.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "enc.h"
#include "envelope.h"
#include "jcs.h"
#include "limits.h"

static const char *const omit_id_sig[] = { "id", "sig", NULL };
static const char *const omit_sig[] = { "sig", NULL };

void
envelope_hash_hex(const uint8_t *p, size_t n, char out[static 65])
{
	uint8_t h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	enc_hex(h, sizeof(h), out);
}

void
envelope_free(struct envelope *e)
{
	if (e == NULL)
		return;
	json_decref(e->root);
	free(e->raw);
	free(e);
}

/* The content id of an envelope: over everything but "id" and "sig". */
static int
compute_id(json_t *env, char id[static 65])
{
	struct buf b;
	int r;

	buf_init(&b, HL_MAX_MSG_BYTES);
	if ((r = jcs_write_omit(env, omit_id_sig, &b)) == 0)
		envelope_hash_hex(b.p, b.len, id);
	buf_done(&b);
	return r;
}

/* "hotline/msg/v1\n" || JCS(envelope without "sig"), into b. */
static int
signed_bytes(json_t *env, struct buf *b)
{
	(void)buf_adds(b, SIG_DOMAIN_MSG);
	return jcs_write_omit(env, omit_sig, b);
}

int
envelope_parse(const uint8_t *raw, size_t n, struct envelope **out,
    struct hl_diag *d)
{
	struct envelope *e;
	struct buf canon;
	char id[65];
	size_t i;
	int r;

	*out = NULL;
	hl_diag_clear(d);
	if (n > HL_MAX_MSG_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL,
		    "envelope of %zu bytes is over the limit of %d", n,
		    HL_MAX_MSG_BYTES);
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return HL_ENOMEM;
	buf_init(&canon, HL_MAX_MSG_BYTES);
	if ((r = jcs_parse(raw, n, HL_MAX_ENVELOPE_DEPTH, 0, &e->root,
	    d)) != 0)
		goto fail;
	if ((r = schema_envelope(e->root, 0, &e->hdr, d)) != 0)
		goto fail;
	if ((r = jcs_write(e->root, &canon)) != 0)
		goto fail;
	if (canon.len != n || memcmp(canon.p, raw, n) != 0) {
		for (i = 0; i < n && i < canon.len && raw[i] == canon.p[i]; i++)
			;
		hl_diag_offset(d, (long)i);
		r = hl_diag_set(d, HL_ENOTCANON, NULL,
		    "not in RFC 8785 canonical form (first difference at "
		    "byte %zu: member order, spacing, escapes or numbers)", i);
		goto fail;
	}
	if ((r = compute_id(e->root, id)) != 0)
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
	e->raw = buf_steal(&canon, &e->rawlen);
	*out = e;
	return 0;
fail:
	buf_done(&canon);
	envelope_free(e);
	return r;
}

int
envelope_verify(const struct envelope *e, const uint8_t pk[static HL_PK_LEN],
    struct hl_diag *d)
{
	struct buf b;
	int r;

	buf_init(&b, HL_MAX_MSG_BYTES + sizeof(SIG_DOMAIN_MSG));
	if ((r = signed_bytes(e->root, &b)) == 0 &&
	    !sig_verify(pk, b.p, b.len, e->sig))
		r = hl_diag_set(d, HL_EBADSIG, "sig",
		    "does not verify with the key pinned for %s",
		    e->hdr.from);
	buf_done(&b);
	return r;
}

int
envelope_seal(json_t *draft, const struct sig_key *k, struct envelope **out,
    struct hl_diag *d)
{
	struct envelope *e = NULL;
	uint8_t sig[HL_SIG_LEN];
	char id[65];
	struct buf b;
	int r;

	*out = NULL;
	buf_init(&b, HL_MAX_MSG_BYTES + sizeof(SIG_DOMAIN_MSG));
	if ((r = schema_envelope(draft, SCHEMA_DRAFT, NULL, d)) != 0)
		goto out;
	if ((r = compute_id(draft, id)) != 0 ||
	    (r = json_object_set_new(draft, "id", json_string(id)) ?
	    HL_ENOMEM : 0) != 0 ||
	    (r = signed_bytes(draft, &b)) != 0 ||
	    (r = sig_sign(k, b.p, b.len, sig)) != 0)
		goto out;
	buf_clear(&b);
	if ((r = enc_b64(sig, sizeof(sig), &b)) != 0 ||
	    (r = json_object_set_new(draft, "sig", json_string(buf_str(&b))) ?
	    HL_ENOMEM : 0) != 0)
		goto out;
	buf_clear(&b);
	if ((r = jcs_write(draft, &b)) != 0)
		goto out;
	if (b.len > HL_MAX_MSG_BYTES) {
		r = hl_diag_set(d, HL_ETOOBIG, NULL,
		    "envelope of %zu bytes is over the limit of %d", b.len,
		    HL_MAX_MSG_BYTES);
		goto out;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		r = HL_ENOMEM;
		goto out;
	}
	memcpy(e->sig, sig, sizeof(sig));
	e->root = json_incref(draft);
	if ((r = schema_envelope(draft, 0, &e->hdr, d)) != 0) {
		envelope_free(e);
		goto out;
	}
	e->raw = buf_steal(&b, &e->rawlen);
	*out = e;
out:
	buf_done(&b);
	json_decref(draft);
	return r;
}
