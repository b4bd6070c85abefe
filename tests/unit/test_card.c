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
	assert_int_equal(parse_str("{\"v\":{\"a\":{}}}", &p, &d), HL_EDEPTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
