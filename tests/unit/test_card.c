/*
 * Identity cards: made, re-indented and still valid, and refused when
 * tampered with or inconsistent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "jcs.h"
#include "tutil.h"

static const char pin[] = "sha256//97MMAZji5UC4l8sDx4TmfdyW2o5v/Nh41dFs4zg17R8=";

static int
parse_str(const char *s, struct card *c, struct hl_diag *d)
{
	hl_diag_clear(d);
	return card_parse((const uint8_t *)s, strlen(s), c, d);
}

/* Replaces the first from with to in the card's text. */
static char *
edit(const struct card *c, const char *from, const char *to)
{
	const char *s = (const char *)c->raw, *at;
	char *out;
	size_t n = c->rawlen + strlen(to) + 1;

	at = strstr(s, from);
	assert_non_null(at);
	out = malloc(n);
	assert_non_null(out);
	(void)snprintf(out, n, "%.*s%s%.*s", (int)(at - s), s, to,
	    (int)(c->rawlen - (size_t)(at - s) - strlen(from)),
	    at + strlen(from));
	return out;
}

static void
test_round_trip(void **state)
{
	struct card c, p;
	struct hl_diag d;
	json_t *v;
	char *pretty;

	(void)state;
	tu_card(&c, "cert.aa", "AA", 1);
	assert_string_equal(c.party, "cert.aa");
	assert_string_equal(c.state, "AA");
	assert_int_equal(c.tier, TIER_CERT);
	assert_string_equal(c.endpoint, "https://127.0.0.1:7443");
	assert_string_equal(c.tls_pin, pin);
	assert_int_equal(strncmp(c.vkey, "hotline/cert.aa+", 16), 0);
	assert_int_equal(c.raw[0], '{');
	/* Re-indented in transit, still the same card. */
	assert_int_equal(jcs_parse(c.raw, c.rawlen, 4, 0, &v, &d), 0);
	pretty = json_dumps(v, JSON_INDENT(4));
	json_decref(v);
	assert_int_equal(parse_str(pretty, &p, &d), 0);
	assert_int_equal(p.rawlen, c.rawlen);
	assert_memory_equal(p.raw, c.raw, c.rawlen);
	free(pretty);
}

static void
test_refusals(void **state)
{
	static const struct {
		const char	*from;
		const char	*to;
		int		 err;
		const char	*want;
	} t[] = {
		{ "\"state\":\"AA\"", "\"state\":\"BB\"", HL_EBADSIG,
		  "sig: self-signature of cert.aa's card does not verify" },
		{ "\"tier\":\"cert\"", "\"tier\":\"policy\"", HL_EBADSIG,
		  "sig: self-signature of cert.aa's card does not verify" },
		{ "\"party\":\"cert.aa\"", "\"party\":\"cert.bb\"",
		  HL_ESCHEMA, "key: is named 'hotline/cert.aa', not "
		  "'hotline/cert.bb'" },
		{ "\"state\":\"AA\"", "\"state\":\"aa\"", HL_ESCHEMA,
		  "state: must be an ISO 3166 alpha-2 code" },
		{ "\"tier\":\"cert\"", "\"tier\":\"boss\"", HL_ESCHEMA,
		  "tier: must be cert, nrrc or policy" },
		{ "\"v\":1", "\"v\":1,\"w\":2", HL_ESCHEMA,
		  "w: unknown member" },
		{ "\"endpoint\":\"https://", "\"endpoint\":\"http://",
		  HL_ESCHEMA, "endpoint: must be an https:// URL" },
		{ "\"tls_pin\":\"sha256//", "\"tls_pin\":\"sha1//",
		  HL_ESCHEMA, "tls_pin: must be sha256// and a base64 SHA-256" },
		{ "\"v\":1", "\"v\":1,\"v\":1", HL_EPARSE,
		  "byte 330: duplicate object key near '\"v\"'" },
	};
	struct card c, p;
	struct hl_diag d;
	char got[800];

	(void)state;
	tu_card(&c, "cert.aa", "AA", 1);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *s = edit(&c, t[i].from, t[i].to);
		int r = parse_str(s, &p, &d);

		hl_diag_format(&d, r, got, sizeof(got));
		if (r != t[i].err || strcmp(got, t[i].want) != 0)
			fail_msg("case %zu: got %d \"%s\", want \"%s\"", i, r,
			    got, t[i].want);
		free(s);
	}
	assert_int_equal(parse_str("[]", &p, &d), HL_ESCHEMA);
	/* A card, its retired list, an entry: no deeper. */
	assert_int_equal(parse_str("{\"v\":{\"a\":{\"b\":{}}}}", &p, &d),
	    HL_EDEPTH);
}

/* 2026-12-02T01:00:00Z and a year later. */
#define NB	1796173200
#define NA	1827709200

static const char pin2[] =
    "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/* A card of serial 2 that retired message key 3 and pin2. */
static void
card_v2(struct card *c)
{
	struct card_retired re[2];
	struct card old;

	memset(re, 0, sizeof(re));
	tu_card(&old, "cert.aa", "AA", 3);
	(void)snprintf(re[0].vkey, sizeof(re[0].vkey), "%s", old.vkey);
	memcpy(re[0].pk, old.pk, sizeof(old.pk));
	re[0].until = NB + 86400;
	re[0].why = CARD_ROTATED;
	re[1].is_tls = true;
	(void)snprintf(re[1].tls_pin, sizeof(re[1].tls_pin), "%s", pin2);
	re[1].until = NB - 3600;
	re[1].why = CARD_COMPROMISE;
	tu_card2(c, "cert.aa", "AA", 1, 1, 2, NB, NA, re, 2);
}

static void
test_v2_round_trip(void **state)
{
	struct card c, p, v1;
	struct hl_diag d;
	char want[2048];
	json_t *v;
	char *pretty;

	(void)state;
	card_v2(&c);
	tu_card(&v1, "cert.aa", "AA", 1);
	assert_int_equal(c.v, 2);
	assert_string_equal(c.party, "cert.aa");
	assert_string_equal(c.vkey, v1.vkey);
	assert_memory_equal(c.pk, v1.pk, sizeof(c.pk));
	assert_int_equal(strncmp(c.identity, "hotline/cert.aa/identity+", 25),
	    0);
	assert_int_equal(c.serial, 2);
	assert_int_equal(c.not_before, NB);
	assert_int_equal(c.not_after, NA);
	assert_int_equal(c.nretired, 2);
	assert_false(c.retired[0].is_tls);
	assert_int_equal(c.retired[0].until, NB + 86400);
	assert_int_equal(c.retired[0].why, CARD_ROTATED);
	assert_true(c.retired[1].is_tls);
	assert_string_equal(c.retired[1].tls_pin, pin2);
	assert_int_equal(c.retired[1].why, CARD_COMPROMISE);
	/* The exact members, in canonical order. */
	(void)snprintf(want, sizeof(want), "{\"endpoint\":"
	    "\"https://127.0.0.1:7443\",\"identity\":\"%s\",\"key\":\"%s\","
	    "\"not_after\":\"2027-12-02T01:00:00Z\",\"not_before\":"
	    "\"2026-12-02T01:00:00Z\",\"party\":\"cert.aa\",\"retired\":"
	    "[{\"key\":\"%s\",\"until\":\"2026-12-03T01:00:00Z\",\"why\":"
	    "\"rotated\"},{\"tls_pin\":\"%s\",\"until\":"
	    "\"2026-12-02T00:00:00Z\",\"why\":\"compromise\"}],\"serial\":2,"
	    "\"sig\":\"", c.identity, c.vkey, c.retired[0].vkey, pin2);
	assert_int_equal(strncmp((const char *)c.raw, want, strlen(want)), 0);
	assert_non_null(strstr((const char *)c.raw, "\"state\":\"AA\","
	    "\"tier\":\"cert\",\"tls_pin\":\"sha256//97MMAZji5UC4l8sDx4Tmfd"
	    "yW2o5v/Nh41dFs4zg17R8=\",\"v\":2}"));
	/* Re-indented in transit, still the same card. */
	assert_int_equal(jcs_parse(c.raw, c.rawlen, 4, 0, &v, &d), 0);
	pretty = json_dumps(v, JSON_INDENT(3));
	json_decref(v);
	assert_int_equal(parse_str(pretty, &p, &d), 0);
	assert_int_equal(p.rawlen, c.rawlen);
	assert_memory_equal(p.raw, c.raw, c.rawlen);
	assert_memory_equal(&p, &c, sizeof(c));
	free(pretty);
	/* From the store: the same card without the signature check. */
	assert_int_equal(card_load(c.raw, c.rawlen, &p), 0);
	assert_memory_equal(&p, &c, sizeof(c));
	/* No retired list: the member is absent, never []. */
	tu_card2(&p, "cert.aa", "AA", 1, 1, 1, NB, NA, NULL, 0);
	assert_null(strstr((const char *)p.raw, "retired"));
	assert_int_equal(p.nretired, 0);
}

static void
test_v2_refusals(void **state)
{
	struct card c, p, other;
	struct hl_diag d;
	char got[800], s1[1024], s2[1024], s3[1024], s4[1024], s5[1024];
	char s6[1024], idkey[1024], rk[1024];
	struct {
		const char	*from;
		const char	*to;
		int		 err;
		const char	*want;
	} t[] = {
		{ "\"state\":\"AA\"", "\"state\":\"BB\"", HL_EBADSIG,
		  "sig: cert.aa's card is not signed by the identity key it "
		  "names" },
		{ "\"serial\":2", "\"serial\":3", HL_EBADSIG,
		  "sig: cert.aa's card is not signed by the identity key it "
		  "names" },
		{ "\"v\":2", "\"v\":3", HL_ESCHEMA, "v: must be 1 or 2" },
		{ "\"v\":2", "\"v\":2,\"w\":2", HL_ESCHEMA,
		  "w: unknown member" },
		{ "\"serial\":2", "\"serial\":0", HL_ESCHEMA,
		  "serial: must be an integer from 1 to 2^53-1" },
		{ "\"serial\":2", "\"serial\":2.5", HL_ESCHEMA,
		  "serial: must be an integer from 1 to 2^53-1" },
		{ "\"serial\":2", "\"serial\":9007199254740992", HL_ESCHEMA,
		  "serial: must be an integer from 1 to 2^53-1" },
		{ "\"serial\":2", "\"serial\":\"2\"", HL_ESCHEMA,
		  "serial: must be an integer from 1 to 2^53-1" },
		{ "\"not_before\":\"2026-12-02T01:00:00Z\"",
		  "\"not_before\":\"2026-12-02T01:00:00.5Z\"", HL_ESCHEMA,
		  "not_before: must be a UTC time YYYY-MM-DDTHH:MM:SSZ" },
		{ "\"not_after\":\"2027-12-02T01:00:00Z\"",
		  "\"not_after\":\"2027-12-02T02:00:00+01:00\"", HL_ESCHEMA,
		  "not_after: must be a UTC time YYYY-MM-DDTHH:MM:SSZ" },
		{ "\"not_after\":\"2027-12-02T01:00:00Z\"",
		  "\"not_after\":\"2026-12-02T01:00:00Z\"", HL_ESCHEMA,
		  "not_after: must be after not_before" },
		{ "\"identity\":", "\"x\":1,\"identity\":", HL_ESCHEMA,
		  "x: unknown member" },
		{ idkey, s1, HL_ESCHEMA, "identity: is named "
		  "'hotline/cert.aa', not 'hotline/cert.aa/identity'" },
		{ "\"identity\":\"", "\"identity\":\"x", HL_EPARSE,
		  "identity: verifier key id does not match the key" },
		{ "\"why\":\"rotated\"", "\"why\":\"lost\"", HL_ESCHEMA,
		  "retired[0].why: must be rotated, superseded or compromise" },
		{ "\"until\":\"2026-12-03T01:00:00Z\"",
		  "\"until\":\"2026-12-03\"", HL_ESCHEMA,
		  "retired[0].until: must be a UTC time YYYY-MM-DDTHH:MM:SSZ" },
		{ "\"why\":\"rotated\"", "\"why\":\"rotated\",\"n\":1",
		  HL_ESCHEMA, "retired[0].n: unknown member" },
		{ "\"why\":\"rotated\"", s2, HL_ESCHEMA,
		  "retired[0]: must have exactly one of key and tls_pin" },
		{ rk, "{", HL_ESCHEMA,
		  "retired[0]: must have exactly one of key and tls_pin" },
		{ rk, s3, HL_ESCHEMA,
		  "retired[0].key: names a key the card already names" },
		{ rk, s4, HL_ESCHEMA, "retired[0].key: is named "
		  "'hotline/cert.bb', not 'hotline/cert.aa'" },
		{ pin2, "sha256//97MMAZji5UC4l8sDx4TmfdyW2o5v/Nh41dFs4zg17R8=",
		  HL_ESCHEMA,
		  "retired[1].tls_pin: names a pin the card already names" },
		{ pin2, "sha256//AAAA", HL_ESCHEMA,
		  "retired[1].tls_pin: must be sha256// and a base64 SHA-256" },
		{ "\"why\":\"compromise\"}]", s5, HL_ESCHEMA,
		  "retired[2].key: names a key the card already names" },
		{ "\"why\":\"compromise\"}]", s6, HL_ESCHEMA,
		  "retired[2]: must be an object" },
		{ "\"retired\":[", "\"retired\":[],\"r\":[", HL_ESCHEMA,
		  "r: unknown member" },
	};

	(void)state;
	card_v2(&c);
	tu_card(&other, "cert.bb", "AA", 3);
	(void)snprintf(idkey, sizeof(idkey), "\"identity\":\"%s\"",
	    c.identity);
	(void)snprintf(s1, sizeof(s1), "\"identity\":\"%s\"", c.vkey);
	(void)snprintf(s2, sizeof(s2), "\"why\":\"rotated\",\"tls_pin\":"
	    "\"%s\"", pin2);
	(void)snprintf(rk, sizeof(rk), "{\"key\":\"%s\",", c.retired[0].vkey);
	(void)snprintf(s3, sizeof(s3), "{\"key\":\"%s\",", c.vkey);
	(void)snprintf(s4, sizeof(s4), "{\"key\":\"%s\",", other.vkey);
	(void)snprintf(s5, sizeof(s5), "\"why\":\"compromise\"},{\"key\":"
	    "\"%s\",\"until\":\"2026-12-03T01:00:00Z\",\"why\":\"rotated\"}]",
	    c.retired[0].vkey);
	(void)snprintf(s6, sizeof(s6), "\"why\":\"compromise\"},\"x\"]");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *s = edit(&c, t[i].from, t[i].to);
		int r = parse_str(s, &p, &d);

		hl_diag_format(&d, r, got, sizeof(got));
		if (r != t[i].err || strcmp(got, t[i].want) != 0)
			fail_msg("case %zu: got %d \"%s\", want \"%s\"", i, r,
			    got, t[i].want);
		/* Refused: nothing of it is left in p. */
		assert_int_equal(p.v, 0);
		free(s);
	}
	/* An empty list is spelled by its absence. */
	tu_card2(&p, "cert.aa", "AA", 1, 1, 1, NB, NA, NULL, 0);
	{
		char *s = edit(&p, "\"serial\":1", "\"retired\":[],"
		    "\"serial\":1");
		int r = parse_str(s, &other, &d);

		hl_diag_format(&d, r, got, sizeof(got));
		assert_int_equal(r, HL_ESCHEMA);
		assert_string_equal(got, "retired: must be a non-empty array "
		    "(absent when nothing is retired)");
		free(s);
	}
}

/* Sixteen retired entries are fine; seventeen are not. */
static void
test_v2_retired_full(void **state)
{
	struct card_retired re[CARD_MAX_RETIRED];
	struct card c, p, k;
	struct hl_diag d;
	char got[800], add[256], *s;
	int r;

	(void)state;
	memset(re, 0, sizeof(re));
	for (int i = 0; i < CARD_MAX_RETIRED; i++) {
		tu_card(&k, "cert.aa", "AA", (uint8_t)(10 + i));
		(void)snprintf(re[i].vkey, sizeof(re[i].vkey), "%s", k.vkey);
		memcpy(re[i].pk, k.pk, sizeof(k.pk));
		re[i].until = NB;
		re[i].why = CARD_SUPERSEDED;
	}
	tu_card2(&c, "cert.aa", "AA", 1, 1, 17, NB, NA, re, CARD_MAX_RETIRED);
	assert_int_equal(c.nretired, CARD_MAX_RETIRED);
	(void)snprintf(add, sizeof(add), "\"retired\":[{\"tls_pin\":\"%s\","
	    "\"until\":\"2026-12-02T01:00:00Z\",\"why\":\"rotated\"},", pin2);
	s = edit(&c, "\"retired\":[", add);
	r = parse_str(s, &p, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	assert_int_equal(r, HL_ESCHEMA);
	assert_string_equal(got, "retired: more than 16 entries");
	free(s);
}

/* A draft that would not parse is refused by its maker. */
static void
test_v2_make_refuses(void **state)
{
	struct sig_key *k = tu_msg_key("cert.aa", 1);
	struct sig_key *id = tu_identity_key("cert.aa", 1);
	struct card_draft dr = {
		.party = "cert.aa", .state = "AA",
		.endpoint = "https://127.0.0.1:7443", .tier = TIER_CERT,
		.msg_key = k, .tls_pin = pin2, .serial = 1,
		.not_before = NA, .not_after = NB,
	};
	struct card c;
	struct hl_diag d;
	char got[800];
	int r;

	(void)state;
	hl_diag_clear(&d);
	r = card_make2(&dr, id, &c, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	assert_int_equal(r, HL_EINVAL);
	assert_string_equal(got, "not_after: must be after not_before");
	/* Signed by the message key: not an identity key. */
	dr.not_before = NB;
	dr.not_after = NA;
	hl_diag_clear(&d);
	r = card_make2(&dr, k, &c, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	assert_int_equal(r, HL_EINVAL);
	assert_string_equal(got, "identity: the key is named 'hotline/cert.aa'"
	    ", not 'hotline/cert.aa/identity'");
	dr.serial = 0;
	hl_diag_clear(&d);
	assert_int_equal(card_make2(&dr, id, &c, &d), HL_EINVAL);
	assert_int_equal(c.v, 0);
	sig_key_free(k);
	sig_key_free(id);
}

static void
test_v2_successor(void **state)
{
	struct card pinned, next, v1, odd;
	struct hl_diag d;
	char got[800];
	static const struct {
		int		 which;
		int64_t		 now;
		int		 err;
		const char	*want;
	} t[] = {
		{ 0, NB + 10, 0, "" },
		{ 1, NB + 10, HL_ECONFLICT,
		  "serial: 1 is not after the pinned serial 1" },
		{ 2, NB + 10, HL_EBADSIG,
		  "identity: is not the identity key pinned for cert.aa" },
		{ 3, NB + 10, HL_ECONFLICT,
		  "party: is cert.bb, not the pinned cert.aa" },
		{ 4, NB + 10, HL_ECONFLICT,
		  "state: is BB, not the pinned AA" },
		{ 0, NA, HL_EEXPIRED, "not_after: cert.aa's card serial 2 is "
		  "expired at 2027-12-02T01:00:00Z" },
		{ 0, NB - 1, HL_EEXPIRED, "not_before: cert.aa's card serial 2 "
		  "is not valid before 2026-12-02T01:00:00Z" },
		{ 5, NB + 10, HL_ECONFLICT, "cert.aa is pinned with a version "
		  "1 card: re-pin out of band" },
		{ 6, NB + 10, HL_ECONFLICT,
		  "v: a version 1 card cannot succeed a version 2 card" },
	};

	(void)state;
	tu_card2(&pinned, "cert.aa", "AA", 1, 1, 1, NB, NA, NULL, 0);
	tu_card(&v1, "cert.aa", "AA", 1);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const struct card *a = &pinned, *b = &next;
		int r;

		switch (t[i].which) {
		case 0:
			tu_card2(&next, "cert.aa", "AA", 2, 1, 2, NB, NA,
			    NULL, 0);
			break;
		case 1:
			tu_card2(&next, "cert.aa", "AA", 2, 1, 1, NB, NA,
			    NULL, 0);
			break;
		case 2:
			tu_card2(&next, "cert.aa", "AA", 2, 2, 2, NB, NA,
			    NULL, 0);
			break;
		case 3:
			tu_card2(&next, "cert.bb", "AA", 2, 1, 2, NB, NA,
			    NULL, 0);
			break;
		case 4:
			tu_card2(&next, "cert.aa", "BB", 2, 1, 2, NB, NA,
			    NULL, 0);
			break;
		case 5:
			a = &v1;
			tu_card2(&next, "cert.aa", "AA", 2, 1, 2, NB, NA,
			    NULL, 0);
			break;
		case 6:
			b = &v1;
			break;
		}
		hl_diag_clear(&d);
		r = card_successor(a, b, t[i].now, &d);
		hl_diag_format(&d, r, got, sizeof(got));
		if (r != t[i].err || (r != 0 && strcmp(got, t[i].want) != 0))
			fail_msg("case %zu: got %d \"%s\", want \"%s\"", i, r,
			    got, t[i].want);
	}
	/* The endpoint may change. */
	tu_card2(&odd, "cert.aa", "AA", 2, 1, 3, NB, NA, NULL, 0);
	{
		char *s = edit(&odd, "7443", "7444");

		assert_int_equal(parse_str(s, &next, &d), HL_EBADSIG);
		free(s);
	}
	assert_int_equal(card_successor(&pinned, &odd, NB, &d), 0);
}

/* What a card says of its keys and pins, and when it is valid. */
static void
test_v2_states(void **state)
{
	struct card c, old, v1;
	uint8_t pk[HL_PK_LEN] = { 9 };
	enum card_why why = CARD_WHY_COUNT;

	(void)state;
	card_v2(&c);
	tu_card(&old, "cert.aa", "AA", 3);
	tu_card(&v1, "cert.aa", "AA", 1);
	assert_int_equal(card_key_state(&c, c.pk, NB), CARD_KEY_CURRENT);
	assert_int_equal(card_key_state(&c, old.pk, NB), CARD_KEY_GRACE);
	assert_int_equal(card_key_state(&c, old.pk, NB + 86400),
	    CARD_KEY_RETIRED);
	assert_int_equal(card_key_state(&c, pk, NB), CARD_KEY_UNKNOWN);
	assert_int_equal(card_pin_state(&c, pin2, 0), CARD_KEY_REVOKED);
	assert_int_equal(card_pin_state(&c, c.tls_pin, 0), CARD_KEY_CURRENT);
	assert_int_equal(card_key_until(&c, old.pk, &why), NB + 86400);
	assert_int_equal(why, CARD_ROTATED);
	assert_int_equal(card_key_until(&c, pk, NULL), -1);
	assert_true(card_valid_at(&c, NB));
	assert_true(card_valid_at(&c, NA - 1));
	assert_false(card_valid_at(&c, NA));
	assert_false(card_valid_at(&c, NB - 1));
	assert_true(card_valid_at(&v1, 0));
	assert_int_equal(v1.v, 1);
	assert_int_equal(v1.serial, 0);
	assert_string_equal(v1.identity, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_v2_round_trip),
		cmocka_unit_test(test_v2_refusals),
		cmocka_unit_test(test_v2_retired_full),
		cmocka_unit_test(test_v2_make_refuses),
		cmocka_unit_test(test_v2_successor),
		cmocka_unit_test(test_v2_states),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
