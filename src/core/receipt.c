/*
 * Receipts. See receipt.h.
 */
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "enc.h"
#include "jcs.h"
#include "proto.h"
#include "receipt.h"

static const char *const omit_sig[] = { "sig", NULL };

int
receipt_make(const char *msg, const char *from, const char *by, int64_t seq,
    uint64_t leaf, int64_t at, const struct sig_key *k, struct buf *out)
{
	char t[PROTO_TIME_LEN];
	uint8_t sig[HL_SIG_LEN];
	struct buf tbs, b64;
	json_t *r;
	int err;

	proto_time_format(at, t);
	r = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "v", 1,
	    "kind", "receipt", "msg", msg, "from", from, "by", by,
	    "seq", (json_int_t)seq, "leaf", (json_int_t)leaf, "at", t);
	if (r == NULL)
		return HL_ENOMEM;
	buf_init(&tbs, 2048);
	buf_init(&b64, 128);
	(void)buf_adds(&tbs, SIG_DOMAIN_RECEIPT);
	if ((err = jcs_write(r, &tbs)) != 0 ||
	    (err = sig_sign(k, tbs.p, tbs.len, sig)) != 0 ||
	    (err = enc_b64(sig, sizeof(sig), &b64)) != 0)
		goto out;
	if (json_object_set_new(r, "sig", json_string(buf_str(&b64))) != 0) {
		err = HL_ENOMEM;
		goto out;
	}
	err = jcs_write(r, out);
out:
	json_decref(r);
	buf_done(&tbs);
	buf_done(&b64);
	return err;
}

void
receipt_done(struct receipt *r)
{
	free(r->tbs);
	r->tbs = NULL;
}

/* A string member of exactly the expected shape, copied into out. */
static bool
get_str(json_t *o, const char *key, char *out, size_t n)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) >= n)
		return false;
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return true;
}

static bool
get_int(json_t *o, const char *key, int64_t min, int64_t *out)
{
	json_t *v = json_object_get(o, key);
	double d;

	if (!json_is_real(v))
		return false;
	d = json_real_value(v);
	if (d < (double)min || d > (double)HL_MAX_SAFE_INT || d != (double)
	    (int64_t)d)
		return false;
	*out = (int64_t)d;
	return true;
}

int
receipt_parse(const uint8_t *p, size_t n, struct receipt *r,
    struct hl_diag *d)
{
	static const char *const fields[] = { "v", "kind", "msg", "from", "by",
		"seq", "leaf", "at", "sig", NULL };
	char kind[16], at[PROTO_TIME_LEN + 1], sig[100];
	struct buf tbs;
	int64_t v, leaf;
	const char *key;
	json_t *o, *val;
	int err;

	memset(r, 0, sizeof(*r));
	if (n > HL_MAX_RECEIPT_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "receipt larger than "
		    "%d bytes", HL_MAX_RECEIPT_BYTES);
	if ((err = canon_parse(p, n, 2, &o, NULL, 0, NULL, d)) != 0)
		return err;
	err = HL_ESCHEMA;
	if (!json_is_object(o)) {
		(void)hl_diag_set(d, err, NULL, "a receipt is a JSON object");
		goto out;
	}
	json_object_foreach(o, key, val) {
		if (proto_lookup(fields, key) < 0) {
			(void)hl_diag_set(d, err, key, "unknown member");
			goto out;
		}
	}
	if (!get_int(o, "v", 1, &v) || v != 1 ||
	    !get_str(o, "kind", kind, sizeof(kind)) ||
	    strcmp(kind, "receipt") != 0 ||
	    !get_str(o, "msg", r->msg, sizeof(r->msg)) ||
	    strlen(r->msg) != 64 || !enc_is_lowhex(r->msg, 64) ||
	    !get_str(o, "from", r->from, sizeof(r->from)) ||
	    !proto_party_valid(r->from) ||
	    !get_str(o, "by", r->by, sizeof(r->by)) ||
	    !proto_party_valid(r->by) ||
	    !get_int(o, "seq", 1, &r->seq) || !get_int(o, "leaf", 0, &leaf) ||
	    !get_str(o, "at", at, sizeof(at)) ||
	    !proto_time_parse(at, PROTO_TIME_STRICT, &r->at) ||
	    !get_str(o, "sig", sig, sizeof(sig)) ||
	    !enc_b64_decode_exact(sig, strlen(sig), r->sig, HL_SIG_LEN)) {
		(void)hl_diag_set(d, err, NULL, "not a receipt: v, kind, msg, "
		    "from, by, seq, leaf, at and sig are required, of the "
		    "right form");
		goto out;
	}
	r->leaf = (uint64_t)leaf;
	buf_init(&tbs, HL_MAX_RECEIPT_BYTES + 32);
	(void)buf_adds(&tbs, SIG_DOMAIN_RECEIPT);
	if ((err = jcs_write_omit(o, omit_sig, &tbs)) != 0) {
		buf_done(&tbs);
		goto out;
	}
	r->tbs = buf_steal(&tbs, &r->tbslen);
	err = r->tbs != NULL ? 0 : HL_ENOMEM;
out:
	json_decref(o);
	return err;
}

int
receipt_verify(const struct receipt *r, const uint8_t pk[static HL_PK_LEN])
{
	return r->tbs != NULL && sig_verify(pk, r->tbs, r->tbslen, r->sig) ?
	    0 : HL_EBADSIG;
}
