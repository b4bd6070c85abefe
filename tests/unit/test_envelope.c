/*
 * Envelopes: a known-answer envelope (tests/vectors/hotline/), the id and
 * signature recomputed by hand, and the must-fail cases: every single
 * flipped byte, every truncation, reordered members, a duplicate member,
 * a non-canonical number, the wrong key, oversize and overdeep input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "enc.h"
#include "envelope.h"
#include "jcs.h"
#include "limits.h"
#include "tutil.h"

/* RFC 8032 TEST 1 seed: a key anyone can rebuild. */
static const char seed_hex[] =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

static struct sig_key *
test_key(const char *name)
{
	uint8_t seed[32];
	struct sig_key *k;

	assert_int_equal(tu_unhex(seed_hex, seed, sizeof(seed)), 32);
	assert_int_equal(sig_key_from_seed(name, seed, &k), 0);
	return k;
}

static json_t *
draft(void)
{
	json_error_t e;
	json_t *v = json_loads("{\"v\":1,\"type\":\"request\","
	    "\"from\":\"cert.aa\",\"to\":\"cert.bb\",\"tier\":\"cert\","
	    "\"seq\":1,\"created\":\"2026-11-27T10:00:00Z\","
	    "\"deadline\":\"2026-11-30T10:00:00Z\",\"tlp\":\"amber\","
	    "\"subject\":\"SSH scanning from your address space\","
	    "\"body\":{\"category\":\"scanning\",\"severity\":\"medium\","
	    "\"summary\":\"Brute force against our energy sector SSH.\","
	    "\"observed\":{\"start\":\"2026-11-20T00:00:00Z\","
	    "\"end\":\"2026-11-26T23:59:59Z\"},\"sector\":\"energy\","
	    "\"indicators\":[{\"type\":\"ipv4\",\"value\":\"203.0.113.7\","
	    "\"count\":1200,\"first_seen\":\"2026-11-20T01:02:03Z\","
	    "\"last_seen\":\"2026-11-26T10:00:00Z\"}],"
	    "\"expectations\":[\"investigate\",\"block-host\"]}}", 0, &e);

	assert_non_null(v);
	return v;
}

static struct envelope *
sealed(void)
{
	struct sig_key *k = test_key("hotline/cert.aa");
	struct envelope *e;
	struct hl_diag d;

	hl_diag_clear(&d);
	assert_int_equal(envelope_seal(draft(), k, &e, &d), 0);
	sig_key_free(k);
	return e;
}

/* The sealed bytes equal the checked-in vector, byte for byte. */
static void
test_known_answer(void **state)
{
	struct envelope *e = sealed(), *p;
	struct hl_diag d;
	uint8_t *want;
	size_t n;

	(void)state;
	want = tu_vector("hotline/request-1.json", &n);
	assert_int_equal(e->rawlen, n);
	assert_memory_equal(e->raw, want, n);
	hl_diag_clear(&d);
	assert_int_equal(envelope_parse(want, n, &p, &d), 0);
	assert_string_equal(p->hdr.id, e->hdr.id);
	assert_int_equal(p->hdr.seq, 1);
	assert_int_equal(p->hdr.type, MSG_REQUEST);
	assert_int_equal(p->hdr.deadline, 1796032800);
	{
		struct sig_key *k = test_key("hotline/cert.aa");

		assert_int_equal(envelope_verify(p, sig_key_pk(k), &d), 0);
		sig_key_free(k);
	}
	envelope_free(p);
	envelope_free(e);
	free(want);
}

/* id and sig recomputed from their definitions, not through envelope.c. */
static void
test_id_and_signature_by_hand(void **state)
{
	static const char *const no_id_sig[] = { "id", "sig", NULL };
	static const char *const no_sig[] = { "sig", NULL };
	struct envelope *e = sealed();
	struct sig_key *k = test_key("hotline/cert.aa");
	uint8_t h[32];
	char hex[65];
	struct buf b;
	struct hl_diag d;

	(void)state;
	buf_init(&b, HL_MAX_MSG_BYTES);
	assert_int_equal(jcs_write_omit(e->root, no_id_sig, &b), 0);
	crypto_hash_sha256(h, b.p, b.len);
	enc_hex(h, 32, hex);
	assert_string_equal(hex, e->hdr.id);
	buf_clear(&b);
	assert_int_equal(buf_adds(&b, "hotline/msg/v1\n"), 0);
	assert_int_equal(jcs_write_omit(e->root, no_sig, &b), 0);
	assert_int_equal(crypto_sign_verify_detached(e->sig, b.p, b.len,
	    sig_key_pk(k)), 0);
	/* Without the domain prefix the same signature is worthless. */
	assert_int_not_equal(crypto_sign_verify_detached(e->sig, b.p + 15,
	    b.len - 15, sig_key_pk(k)), 0);
	hl_diag_clear(&d);
	assert_int_equal(envelope_verify(e, sig_key_pk(k), &d), 0);
	buf_done(&b);
	sig_key_free(k);
	envelope_free(e);
}

/*
 * Any single flipped byte anywhere makes the envelope fail to parse or to
 * verify: there is exactly one accepted spelling of each signed message.
 */
static void
test_every_flipped_byte_fails(void **state)
{
	struct envelope *e = sealed(), *p;
	struct sig_key *k = test_key("hotline/cert.aa");
	static const uint8_t flips[] = { 0x01, 0x02, 0x20, 0x80 };
	struct hl_diag d;
	uint8_t *copy;

	(void)state;
	copy = malloc(e->rawlen);
	assert_non_null(copy);
	for (size_t i = 0; i < e->rawlen; i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			int r;

			memcpy(copy, e->raw, e->rawlen);
			copy[i] ^= flips[f];
			hl_diag_clear(&d);
			r = envelope_parse(copy, e->rawlen, &p, &d);
			if (r == 0) {
				r = envelope_verify(p, sig_key_pk(k), &d);
				envelope_free(p);
			}
			if (r == 0)
				fail_msg("flip 0x%02x at byte %zu accepted",
				    flips[f], i);
		}
	}
	free(copy);
	sig_key_free(k);
	envelope_free(e);
}

static void
test_every_truncation_fails(void **state)
{
	struct envelope *e = sealed(), *p;
	struct hl_diag d;

	(void)state;
	for (size_t n = 0; n < e->rawlen; n++) {
		hl_diag_clear(&d);
		if (envelope_parse(e->raw, n, &p, &d) == 0)
			fail_msg("truncation to %zu bytes accepted", n);
	}
	envelope_free(e);
}

static int
parse_text(const char *s, struct hl_diag *d)
{
	struct envelope *p = NULL;
	int r;

	hl_diag_clear(d);
	r = envelope_parse((const uint8_t *)s, strlen(s), &p, d);
	envelope_free(p);
	return r;
}

/* Replaces the first occurrence of from with to in the sealed text. */
static char *
edited(const struct envelope *e, const char *from, const char *to)
{
	const char *s = (const char *)e->raw, *at = strstr(s, from);
	char *out;

	assert_non_null(at);
	out = malloc(e->rawlen + strlen(to) + 1);
	assert_non_null(out);
	(void)snprintf(out, e->rawlen + strlen(to) + 1, "%.*s%s%s",
	    (int)(at - s), s, to, at + strlen(from));
	return out;
}

static void
test_must_fail(void **state)
{
	struct envelope *e = sealed();
	struct sig_key *other;
	struct hl_diag d;
	char *s;

	(void)state;
	/* Members reordered: the same JSON value, not the signed bytes. */
	s = edited(e, "\"tier\":\"cert\",\"tlp\":\"amber\"",
	    "\"tlp\":\"amber\",\"tier\":\"cert\"");
	assert_int_equal(parse_text(s, &d), HL_ENOTCANON);
	assert_string_equal(d.msg, "not canonical: member \"tier\" sorts "
	    "before \"tlp\"");
	assert_int_equal(d.offset, strstr(s, "\"tier\"") - s);
	free(s);
	/* A non-canonical number. */
	s = edited(e, "\"seq\":1,", "\"seq\":1.0,");
	assert_int_equal(parse_text(s, &d), HL_ENOTCANON);
	assert_string_equal(d.msg, "not canonical: number '1.0' is written "
	    "'1'");
	free(s);
	/* Whitespace. */
	s = edited(e, "\"seq\":1,", "\"seq\": 1,");
	assert_int_equal(parse_text(s, &d), HL_ENOTCANON);
	assert_string_equal(d.msg, "not canonical: whitespace (RFC 8785 has "
	    "none)");
	assert_int_equal(d.offset, strstr((char *)e->raw, "\"seq\":1,") -
	    (char *)e->raw + 6);
	free(s);
	/* An escape JCS would not write. */
	s = edited(e, "\"cert.aa\"", "\"cert\\u002eaa\"");
	assert_int_equal(parse_text(s, &d), HL_ENOTCANON);
	free(s);
	/* A duplicate member. */
	s = edited(e, "\"seq\":1,", "\"seq\":1,\"seq\":1,");
	assert_int_equal(parse_text(s, &d), HL_EPARSE);
	assert_string_equal(d.msg, "not JSON: duplicate member \"seq\"");
	free(s);
	/* A changed field with the old id. */
	s = edited(e, "\"seq\":1,", "\"seq\":2,");
	assert_int_equal(parse_text(s, &d), HL_EBADID);
	assert_string_equal(d.path, "id");
	free(s);
	/* A trailing newline is not part of the signed bytes. */
	s = edited(e, "\"v\":1}", "\"v\":1}\n");
	assert_int_equal(parse_text(s, &d), HL_ENOTCANON);
	assert_string_equal(d.msg, "not canonical: whitespace after the "
	    "value");
	assert_int_equal(d.offset, (long)e->rawlen);
	free(s);
	/* The wrong key. */
	{
		uint8_t seed[32] = { 7 };

		assert_int_equal(sig_key_from_seed("hotline/cert.aa", seed,
		    &other), 0);
		hl_diag_clear(&d);
		assert_int_equal(envelope_verify(e, sig_key_pk(other), &d),
		    HL_EBADSIG);
		assert_string_equal(d.msg,
		    "does not verify with the key pinned for cert.aa");
		sig_key_free(other);
	}
	envelope_free(e);
}

/*
 * The documented order holds for refusals the strict parser meets first
 * as whitespace: not JSON, then not an envelope or a schema error, and
 * only then not canonical; and an envelope that was only re-indented has
 * the signed bytes as its canonical form.
 */
static void
test_check_order(void **state)
{
	struct envelope *e = sealed(), *p;
	struct hl_diag d;
	struct buf b;
	json_t *v;
	char *s;

	(void)state;
	assert_int_equal(parse_text("{\"v\": 1, \"id\":", &d), HL_EPARSE);
	assert_int_equal(strncmp(d.msg, "not JSON: ", 10), 0);
	assert_int_equal(parse_text("{\"v\":1,\"id\"", &d), HL_EPARSE);
	assert_int_equal(strncmp(d.msg, "not JSON: ", 10), 0);
	assert_int_equal(parse_text("{\"summary\": \"x\"}", &d), HL_ESCHEMA);
	assert_string_equal(d.msg, "not an envelope: no \"v\", \"id\" or "
	    "\"sig\" member (a message body is sent with hotline send)");
	assert_int_equal(parse_text("{\"summary\":\"x\"}", &d), HL_ESCHEMA);
	/* Re-indented, with a member gone: the schema speaks first. */
	assert_int_equal(jcs_parse(e->raw, e->rawlen, 16, 0, &v, NULL), 0);
	assert_int_equal(json_object_del(v, "tlp"), 0);
	s = json_dumps(v, JSON_INDENT(2));
	assert_non_null(s);
	assert_int_equal(parse_text(s, &d), HL_ESCHEMA);
	assert_string_equal(d.path, "tlp");
	free(s);
	json_decref(v);
	/* Re-indented whole: not canonical, and its JCS is the signed bytes. */
	assert_int_equal(jcs_parse(e->raw, e->rawlen, 16, 0, &v, NULL), 0);
	s = json_dumps(v, JSON_INDENT(4));
	assert_non_null(s);
	assert_int_equal(parse_text(s, &d), HL_ENOTCANON);
	assert_string_equal(d.msg, "not canonical: whitespace (RFC 8785 has "
	    "none)");
	buf_init(&b, HL_MAX_MSG_BYTES);
	assert_int_equal(jcs_canon((const uint8_t *)s, strlen(s), 16, &b,
	    &d), 0);
	assert_int_equal(b.len, e->rawlen);
	assert_memory_equal(b.p, e->raw, e->rawlen);
	hl_diag_clear(&d);
	assert_int_equal(envelope_parse(b.p, b.len, &p, &d), 0);
	envelope_free(p);
	buf_done(&b);
	free(s);
	json_decref(v);
	envelope_free(e);
}

static void
test_limits(void **state)
{
	struct envelope *p;
	struct hl_diag d;
	uint8_t *big;
	char deep[64];

	(void)state;
	big = calloc(1, HL_MAX_MSG_BYTES + 1);
	assert_non_null(big);
	memset(big, ' ', HL_MAX_MSG_BYTES + 1);
	hl_diag_clear(&d);
	assert_int_equal(envelope_parse(big, HL_MAX_MSG_BYTES + 1, &p, &d),
	    HL_ETOOBIG);
	assert_null(p);
	free(big);
	(void)snprintf(deep, sizeof(deep), "{\"body\":%s", "[[[[[[[[[[[[[[[["
	    "[[[[1]]]]]]]]]]]]]]]]]]]}");
	assert_int_equal(parse_text(deep, &d), HL_EDEPTH);
	assert_int_equal(parse_text("[]", &d), HL_ESCHEMA);
	assert_string_equal(d.msg, "an envelope must be a JSON object");
}

/* Sealing refuses a draft that is not one, and frees it. */
static void
test_seal_refuses_bad_drafts(void **state)
{
	struct sig_key *k = test_key("hotline/cert.aa");
	struct envelope *e;
	struct hl_diag d;
	json_t *v = draft();

	(void)state;
	(void)json_object_set_new(v, "id", json_string("x"));
	hl_diag_clear(&d);
	assert_int_equal(envelope_seal(v, k, &e, &d), HL_ESCHEMA);
	assert_null(e);
	assert_string_equal(d.path, "id");
	v = draft();
	(void)json_object_set_new(json_object_get(v, "body"), "severity",
	    json_string("apocalyptic"));
	assert_int_equal(envelope_seal(v, k, &e, &d), HL_ESCHEMA);
	assert_string_equal(d.path, "body.severity");
	sig_key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_id_and_signature_by_hand),
		cmocka_unit_test(test_every_flipped_byte_fails),
		cmocka_unit_test(test_every_truncation_fails),
		cmocka_unit_test(test_must_fail),
		cmocka_unit_test(test_check_order),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_seal_refuses_bad_drafts),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
