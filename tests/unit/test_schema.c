/*
 * Body and header schemas, as a table: each case is a body, its type, and
 * the exact refusal ("path: message") or "" for acceptance.
 */
#include <stdio.h>
#include <string.h>

#include "jcs.h"
#include "limits.h"
#include "schema.h"
#include "tutil.h"

#define OBS "\"observed\":{\"start\":\"2026-11-20T00:00:00Z\"," \
	"\"end\":\"2026-11-21T00:00:00Z\"}"
#define REQ(ind) "{\"category\":\"ddos\",\"severity\":\"high\"," \
	"\"summary\":\"s\"," OBS ",\"indicators\":[" ind "]," \
	"\"expectations\":[\"investigate\"]}"
#define IND(t, v) "{\"type\":\"" t "\",\"value\":\"" v "\"}"
/* A final response whose one finding has the members m after its indicator. */
#define FOUND(m) "{\"status\":\"final\",\"summary\":\"x\"," \
	"\"findings\":[{\"indicator\":" IND("ipv4", "203.0.113.7") m "}]}"
#define X16 "xxxxxxxxxxxxxxxx"
#define X256 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16
#define W10 "\"a:1 x\",\"a:2 x\",\"a:3 x\",\"a:4 x\",\"a:5 x\"," \
	"\"a:6 x\",\"a:7 x\",\"a:8 x\",\"a:9 x\",\"a:10 x\""

static const struct {
	enum msg_type	 type;
	const char	*body;
	const char	*want;
} cases[] = {
	{ MSG_REQUEST, REQ(IND("ipv4", "203.0.113.7")), "" },
	{ MSG_REQUEST, REQ(IND("ipv6", "2001:db8::1")), "" },
	{ MSG_REQUEST, REQ(IND("cidr", "198.51.100.0/24")), "" },
	{ MSG_REQUEST, REQ(IND("cidr", "2001:db8::/32")), "" },
	{ MSG_REQUEST, REQ(IND("domain", "evil.example")), "" },
	{ MSG_REQUEST, REQ(IND("url", "https://evil.example/a?b=c")), "" },
	{ MSG_REQUEST, REQ(IND("email", "x.y@evil.example")), "" },
	{ MSG_REQUEST, REQ(IND("md5", "d41d8cd98f00b204e9800998ecf8427e")),
	    "" },
	{ MSG_REQUEST, REQ("{\"type\":\"ipv4\",\"value\":\"192.0.2.1\","
	    "\"count\":3,\"first_seen\":\"2026-11-20T00:00:00Z\","
	    "\"last_seen\":\"2026-11-20T00:00:01+00:00\"}"), "" },

	{ MSG_REQUEST, REQ(IND("ipv4", "203.0.113")),
	    "indicators[0].value: not an IPv4 address" },
	{ MSG_REQUEST, REQ(IND("ipv4", "203.0.113.07")),
	    "indicators[0].value: not an IPv4 address" },
	{ MSG_REQUEST, REQ(IND("ipv6", "2001:DB8::1")),
	    "indicators[0].value: not in canonical form; write 2001:db8::1" },
	{ MSG_REQUEST, REQ(IND("ipv6", "2001:db8:0:0:0:0:0:1")),
	    "indicators[0].value: not in canonical form; write 2001:db8::1" },
	{ MSG_REQUEST, REQ(IND("cidr", "198.51.100.1/24")),
	    "indicators[0].value: host bits set after /24" },
	{ MSG_REQUEST, REQ(IND("cidr", "198.51.100.0/33")),
	    "indicators[0].value: prefix length out of range" },
	{ MSG_REQUEST, REQ(IND("cidr", "198.51.100.0/08")),
	    "indicators[0].value: prefix length out of range" },
	{ MSG_REQUEST, REQ(IND("domain", "Evil.example")),
	    "indicators[0].value: not a lower-case domain name" },
	{ MSG_REQUEST, REQ(IND("domain", "-evil.example")),
	    "indicators[0].value: not a lower-case domain name" },
	{ MSG_REQUEST, REQ(IND("domain", "localhost")),
	    "indicators[0].value: not a lower-case domain name" },
	{ MSG_REQUEST, REQ(IND("url", "evil.example/x")),
	    "indicators[0].value: not a URL (scheme://...)" },
	{ MSG_REQUEST, REQ(IND("url", "http://evil.example/a b")),
	    "indicators[0].value: URL has a space, control or non-ASCII byte "
	    "at 21; percent-encode it" },
	{ MSG_REQUEST, REQ(IND("email", "@evil.example")),
	    "indicators[0].value: not an e-mail address "
	    "(local@lower-case.domain)" },
	{ MSG_REQUEST, REQ(IND("sha256", "ABCD")),
	    "indicators[0].value: must be 64 lower-case hex digits" },
	{ MSG_REQUEST, REQ(IND("sha1", "d41d8cd98f00b204e9800998ecf8427e")),
	    "indicators[0].value: must be 40 lower-case hex digits" },
	{ MSG_REQUEST, REQ(IND("mac", "00:11:22:33:44:55")),
	    "indicators[0].type: must be one of: ipv4, ipv6, cidr, domain, "
	    "url, email, sha256, sha1, md5" },
	{ MSG_REQUEST, REQ("{\"type\":\"ipv4\",\"value\":\"192.0.2.1\","
	    "\"count\":1.5}"),
	    "indicators[0].count: must be an integer from 0 to "
	    "9007199254740991" },
	{ MSG_REQUEST, REQ("{\"type\":\"ipv4\",\"value\":\"192.0.2.1\","
	    "\"count\":7.77778e48}"),
	    "indicators[0].count: must be an integer from 0 to "
	    "9007199254740991" },
	{ MSG_REQUEST, REQ("{\"type\":\"ipv4\",\"value\":\"192.0.2.1\","
	    "\"count\":-1e300}"),
	    "indicators[0].count: must be an integer from 0 to "
	    "9007199254740991" },
	{ MSG_REQUEST, REQ("{\"type\":\"ipv4\",\"value\":\"192.0.2.1\","
	    "\"first_seen\":\"2026-11-21T00:00:00Z\","
	    "\"last_seen\":\"2026-11-20T00:00:00Z\"}"),
	    "indicators[0].last_seen: is before first_seen" },
	{ MSG_REQUEST, REQ("{\"type\":\"ipv4\",\"value\":\"192.0.2.1\","
	    "\"colour\":\"red\"}"),
	    "indicators[0].colour: unknown member" },
	{ MSG_REQUEST, REQ(""),
	    "indicators: must have at least 1 element" },
	{ MSG_REQUEST, "{\"category\":\"ddos\",\"severity\":\"high\","
	    "\"summary\":\"s\"," OBS ",\"indicators\":[" IND("ipv4",
	    "192.0.2.1") "],\"expectations\":[\"investigate\","
	    "\"investigate\"]}",
	    "expectations[1]: repeats \"investigate\"" },
	{ MSG_REQUEST, "{\"category\":\"ddos\",\"severity\":\"high\","
	    "\"summary\":\"s\"," OBS ",\"indicators\":[" IND("ipv4",
	    "192.0.2.1") "],\"expectations\":[\"pray\"]}",
	    "expectations[0]: must be one of: nothing, contact-source-site, "
	    "contact-target-site, contact-sender, investigate, block-host, "
	    "block-network, block-port, rate-limit-host, rate-limit-network, "
	    "rate-limit-port, redirect-traffic, honeypot, upgrade-software, "
	    "rebuild-asset, harden-asset, remediate-other, status-triage, "
	    "status-new-info, watch-and-report, training, defined-coa, "
	    "other" },
	{ MSG_REQUEST, "{\"category\":\"ddos\",\"severity\":\"high\","
	    "\"summary\":\"s\",\"observed\":{\"start\":"
	    "\"2026-11-21T00:00:00Z\",\"end\":\"2026-11-20T00:00:00Z\"},"
	    "\"indicators\":[" IND("ipv4", "192.0.2.1") "],"
	    "\"expectations\":[\"investigate\"]}",
	    "observed: end is before start" },
	{ MSG_REQUEST, "{\"category\":\"ddos\",\"severity\":\"high\"}",
	    "summary: required" },
	{ MSG_REQUEST, "{\"category\":\"ddos\",\"severity\":\"high\","
	    "\"summary\":\"\"}", "summary: must not be empty" },
	{ MSG_REQUEST, "{\"category\":\"ddos\",\"severity\":\"high\","
	    "\"summary\":\"a\\u0007b\"}",
	    "summary: control character at byte 1" },
	{ MSG_REQUEST, "{\"category\":7}", "category: must be a string" },
	{ MSG_REQUEST, "[]", "must be an object" },

	{ MSG_RESPONSE, "{\"status\":\"interim\",\"summary\":\"looking\"}",
	    "" },
	{ MSG_RESPONSE, "{\"status\":\"final\",\"summary\":\"found it\","
	    "\"findings\":[{\"indicator\":" IND("ipv4", "203.0.113.7") ","
	    "\"count\":4,\"where\":[\"edge firewall\"]}],"
	    "\"actions\":[\"block-host\"]}", "" },
	{ MSG_RESPONSE, FOUND(",\"count\":2,\"first_seen\":"
	    "\"2026-11-20T00:00:00Z\",\"last_seen\":\"2026-11-20T00:00:05Z\","
	    "\"where\":[\"conn.log:12 id.orig_h\",\"auth.log:3 col 17\"]"), "" },
	{ MSG_RESPONSE, FOUND(",\"where\":[" W10 "]"), "" },
	{ MSG_RESPONSE, FOUND(",\"where\":[\"" X256 "\"]"), "" },
	{ MSG_RESPONSE, FOUND(",\"where\":\"edge firewall\""),
	    "findings[0].where: must be an array" },
	{ MSG_RESPONSE, FOUND(",\"where\":[]"),
	    "findings[0].where: must have at least 1 element" },
	{ MSG_RESPONSE, FOUND(",\"where\":[" W10 ",\"a:11 x\"]"),
	    "findings[0].where: more than 10 elements" },
	{ MSG_RESPONSE, FOUND(",\"where\":[\"a:1 x\",\"" X256 "x\"]"),
	    "findings[0].where[1]: longer than 256 bytes" },
	{ MSG_RESPONSE, FOUND(",\"where\":[\"a:1\\tx\"]"),
	    "findings[0].where[0]: control character at byte 3" },
	{ MSG_RESPONSE, FOUND(",\"where\":[\"a:1\\nx\"]"),
	    "findings[0].where[0]: control character at byte 3" },
	{ MSG_RESPONSE, FOUND(",\"where\":[\"\"]"),
	    "findings[0].where[0]: must not be empty" },
	{ MSG_RESPONSE, FOUND(",\"where\":[12]"),
	    "findings[0].where[0]: must be a string" },
	{ MSG_RESPONSE, FOUND(",\"place\":[\"a:1 x\"]"),
	    "findings[0].place: unknown member" },
	{ MSG_RESPONSE, "{\"status\":\"final\",\"summary\":\"x\","
	    "\"findings\":{}}", "findings: must be an array" },
	{ MSG_RESPONSE, "{\"status\":\"final\",\"summary\":\"x\","
	    "\"findings\":[]}", "" },
	{ MSG_RESPONSE, "{\"status\":\"final\",\"summary\":\"x\","
	    "\"findings\":[{\"count\":4}]}",
	    "findings[0].indicator: required" },
	{ MSG_RESPONSE, "{\"status\":\"done\",\"summary\":\"x\"}",
	    "status: must be one of: interim, final" },
	{ MSG_NOTICE, "{\"kind\":\"planned-activity\",\"summary\":\"pen test"
	    "\\nnext week\",\"window\":{\"start\":\"2026-12-01T00:00:00Z\","
	    "\"end\":\"2026-12-02T00:00:00Z\"}}", "" },
	{ MSG_NOTICE, "{\"kind\":\"rumour\",\"summary\":\"x\"}",
	    "kind: must be one of: planned-activity, incident-affecting-you, "
	    "withdrawal, other, key-rotation, key-revocation" },
	/* A key notice carries the new card; no other notice does. */
	{ MSG_NOTICE, "{\"kind\":\"key-rotation\",\"summary\":\"x\","
	    "\"card\":{\"v\":2}}", "" },
	{ MSG_NOTICE, "{\"kind\":\"key-revocation\",\"summary\":\"x\"}",
	    "card: required" },
	{ MSG_NOTICE, "{\"kind\":\"key-rotation\",\"summary\":\"x\","
	    "\"card\":\"{}\"}", "card: must be an object (the sender's new "
	    "card)" },
	{ MSG_NOTICE, "{\"kind\":\"other\",\"summary\":\"x\","
	    "\"card\":{}}", "card: only a key-rotation or key-revocation "
	    "notice carries a card" },
	{ MSG_QUERY, "{\"summary\":\"do you see this?\",\"indicators\":[]}",
	    "" },
	{ MSG_PING, "{}", "" },
	{ MSG_PING, "{\"note\":\"hello\",\"x\":1}", "x: unknown member" },
	{ MSG_ESCALATION, "{\"reason\":\"overdue\",\"summary\":\"no answer "
	    "in 72h\"}", "" },
};

static void
test_bodies(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_diag d;
		char got[800];
		json_t *b;
		int r;

		hl_diag_clear(&d);
		assert_int_equal(jcs_parse((const uint8_t *)cases[i].body,
		    strlen(cases[i].body), 16, 0, &b, &d), 0);
		r = schema_body(cases[i].type, b, NULL, &d);
		hl_diag_format(&d, r, got, sizeof(got));
		if (r == 0)
			got[0] = '\0';
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
			    cases[i].want);
		assert_true(r == 0 || r == HL_ESCHEMA);
		json_decref(b);
	}
}

/*
 * schema_findings_check() is the response schema's own check: on each
 * table case of a response that passes, or fails in its findings, it
 * gives the same answer for the findings alone.
 */
static void
test_findings_same(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_diag d;
		char got[800];
		json_t *b, *f;
		int r;

		if (cases[i].type != MSG_RESPONSE ||
		    (cases[i].want[0] != '\0' &&
		    strncmp(cases[i].want, "findings", 8) != 0))
			continue;
		hl_diag_clear(&d);
		assert_int_equal(jcs_parse((const uint8_t *)cases[i].body,
		    strlen(cases[i].body), 16, 0, &b, &d), 0);
		if ((f = json_object_get(b, "findings")) == NULL) {
			json_decref(b);
			continue;
		}
		r = schema_findings_check(f, &d);
		hl_diag_format(&d, r, got, sizeof(got));
		if (r == 0)
			got[0] = '\0';
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
			    cases[i].want);
		json_decref(b);
	}
}

static void
expect_findings(json_t *f, const char *want)
{
	struct hl_diag d;
	char got[800];
	int r;

	hl_diag_clear(&d);
	r = schema_findings_check(f, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	if (r == 0)
		got[0] = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", got, want);
	assert_true(r == 0 || r == HL_ESCHEMA);
	json_decref(f);
}

/* The findings alone: paths from "findings", and the count limit. */
static void
test_findings(void **state)
{
	json_t *f, *el;

	(void)state;
	expect_findings(json_pack("[]"), "");
	expect_findings(json_pack("{}"), "findings: must be an array");
	expect_findings(json_pack("[{s:{s:s, s:s}, s:i, s:[s]}, "
	    "{s:{s:s, s:s}, s:[s]}]", "indicator", "type", "domain", "value",
	    "evil.example", "count", 1, "where", "dns.log:4 query",
	    "indicator", "type", "ipv4", "value", "192.0.2.1", "where",
	    "a\x7f"), "findings[1].where[0]: control character at byte 1");
	expect_findings(json_pack("[{s:{s:s, s:s}}]", "indicator", "type",
	    "domain", "value", "Evil.example"),
	    "findings[0].indicator.value: not a lower-case domain name");

	/* At the limit, and one over: how many, and the limit. */
	assert_non_null(f = json_array());
	assert_non_null(el = json_pack("{s:{s:s, s:s}, s:i}", "indicator",
	    "type", "ipv4", "value", "192.0.2.1", "count", 1));
	for (int i = 0; i < HL_MAX_FINDINGS; i++)
		assert_int_equal(json_array_append(f, el), 0);
	json_incref(f);
	expect_findings(f, "");
	assert_int_equal(json_array_append(f, el), 0);
	json_decref(el);
	expect_findings(f, "findings: 10001 findings, more than the 10000 a "
	    "response may carry");
}

static json_t *
header(void)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:{}}",
	    "v", 1, "type", "ping", "from", "cert.aa", "to", "cert.bb",
	    "tier", "cert", "seq", 1, "created", "2026-11-27T10:00:00Z",
	    "tlp", "clear", "body");
}

static void
expect_header(json_t *env, int flags, const char *want)
{
	struct hl_diag d;
	char got[800];
	int r;

	hl_diag_clear(&d);
	r = schema_envelope(env, flags, NULL, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	if (r == 0)
		got[0] = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", got, want);
	json_decref(env);
}

static void
test_headers(void **state)
{
	json_t *e;

	(void)state;
	expect_header(header(), SCHEMA_DRAFT, "");
	expect_header(header(), 0, "id: required");
	e = header();
	(void)json_object_set_new(e, "v", json_integer(2));
	expect_header(e, SCHEMA_DRAFT, "v: must be an integer from 1 to 1");
	e = header();
	(void)json_object_set_new(e, "to", json_string("cert.aa"));
	expect_header(e, SCHEMA_DRAFT, "to: same as from");
	e = header();
	(void)json_object_set_new(e, "from", json_string("CERT"));
	expect_header(e, SCHEMA_DRAFT,
	    "from: not a party id ([a-z0-9.-]{1,64})");
	e = header();
	(void)json_object_set_new(e, "seq", json_integer(0));
	expect_header(e, SCHEMA_DRAFT,
	    "seq: must be an integer from 1 to 9007199254740991");
	e = header();
	(void)json_object_set_new(e, "created",
	    json_string("2026-11-27T10:00:00.5Z"));
	expect_header(e, SCHEMA_DRAFT,
	    "created: must be a UTC time as YYYY-MM-DDTHH:MM:SSZ");
	e = header();
	(void)json_object_set_new(e, "deadline",
	    json_string("2026-11-28T10:00:00Z"));
	expect_header(e, SCHEMA_DRAFT,
	    "deadline: only requests and queries have deadlines");
	e = header();
	(void)json_object_set_new(e, "type", json_string("pong"));
	expect_header(e, SCHEMA_DRAFT, "refs: required");
	/* A withdrawal must say what it withdraws. */
	e = header();
	(void)json_object_set_new(e, "type", json_string("notice"));
	(void)json_object_set_new(e, "body", json_pack("{s:s, s:s}", "kind",
	    "withdrawal", "summary", "no longer needed"));
	expect_header(e, SCHEMA_DRAFT, "refs: required");
	e = header();
	(void)json_object_set_new(e, "refs", json_pack("[s]", "abc"));
	expect_header(e, SCHEMA_DRAFT,
	    "refs[0]: must be 64 lower-case hex digits");
	e = header();
	(void)json_object_set_new(e, "tlp", json_string("white"));
	expect_header(e, SCHEMA_DRAFT,
	    "tlp: must be one of: clear, green, amber, amber+strict, red");
	e = header();
	(void)json_object_set_new(e, "extra", json_true());
	expect_header(e, SCHEMA_DRAFT, "extra: unknown member");
	e = header();
	(void)json_object_set_new(e, "sig", json_string("x"));
	expect_header(e, SCHEMA_DRAFT, "sig: must be absent before sealing");
	e = header();
	(void)json_object_del(e, "body");
	expect_header(e, SCHEMA_DRAFT, "body: required");
	e = header();
	(void)json_object_set_new(e, "attachments", json_pack("[{s:s, s:s, "
	    "s:s, s:i}]", "name", "pcap", "media_type",
	    "application/vnd.tcpdump.pcap", "sha256",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "size", -1));
	expect_header(e, SCHEMA_DRAFT, "attachments[0].size: must be an "
	    "integer from 0 to 9007199254740991");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_findings_same),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_headers),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
