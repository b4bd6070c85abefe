/*
 * STIX: the export of each message type (objects, order, patterns, ids
 * a response's sightings share with its request's export, the same bytes
 * twice), the round trip, the pattern grammar (each construct that is no
 * list named), markings, and hostile bundles with their exact refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop.h"
#include "limits.h"
#include "schema.h"
#include "stix.h"
#include "stixpat.h"
#include "tutil.h"
#include "tinterop.h"

#define REQ_ID	"11111111111111111111111111111111" \
		"11111111111111111111111111111111"
#define RSP_ID	"22222222222222222222222222222222" \
		"22222222222222222222222222222222"
#define SIG	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="

/* All nine types, one with a quote that the pattern must escape. */
static const char request_body[] = "{\"category\": \"intrusion\", "
    "\"severity\": \"high\", \"summary\": \"C2 seen from your range\", "
    "\"observed\": {\"start\": \"2026-11-26T08:00:00Z\", \"end\": "
    "\"2026-11-27T08:00:00Z\"}, \"expectations\": [\"block-host\"], "
    "\"indicators\": ["
    "{\"type\": \"ipv4\", \"value\": \"203.0.113.7\", \"first_seen\": "
    "\"2026-11-26T08:00:00Z\"},"
    "{\"type\": \"ipv6\", \"value\": \"2001:db8::1\"},"
    "{\"type\": \"cidr\", \"value\": \"198.51.100.0/24\"},"
    "{\"type\": \"cidr\", \"value\": \"2001:db8:1::/48\"},"
    "{\"type\": \"domain\", \"value\": \"evil.example\"},"
    "{\"type\": \"url\", \"value\": \"http://evil.example/a'b\\\\c\"},"
    "{\"type\": \"email\", \"value\": \"x@evil.example\"},"
    "{\"type\": \"md5\", \"value\": \"d41d8cd98f00b204e9800998ecf8427e\"},"
    "{\"type\": \"sha1\", \"value\": "
    "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"},"
    "{\"type\": \"sha256\", \"value\": "
    "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}"
    "]}";

static const char response_body[] = "{\"status\": \"final\", \"summary\": "
    "\"Two seen\", \"findings\": ["
    "{\"indicator\": {\"type\": \"ipv4\", \"value\": \"203.0.113.7\"}, "
    "\"count\": 3, \"first_seen\": \"2026-11-26T09:00:00Z\", \"last_seen\": "
    "\"2026-11-26T10:00:00Z\", \"where\": [\"conn.log:12 id.orig_h\", "
    "\"conn.log:40 id.resp_h\"]},"
    "{\"indicator\": {\"type\": \"domain\", \"value\": \"evil.example\"}, "
    "\"count\": 1}]}";

static json_t *
envelope(const char *type, const char *id, const char *from,
    const char *to, const char *tlp, const char *body, const char *ref)
{
	json_error_t e;
	json_t *env, *b = json_loads(body, 0, &e);

	assert_non_null(b);
	env = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, "
	    "s:o}", "v", 1, "id", id, "sig", SIG, "type", type, "from", from,
	    "to", to, "seq", 1, "created", "2026-11-27T10:00:00Z", "tier",
	    "cert", "tlp", tlp, "body", b);
	assert_non_null(env);
	if (strcmp(type, "request") == 0)
		assert_int_equal(json_object_set_new(env, "deadline",
		    json_string("2026-11-30T10:00:00Z")), 0);
	if (ref != NULL)
		assert_int_equal(json_object_set_new(env, "refs",
		    json_pack("[s]", ref)), 0);
	return env;
}

/* The bundle of env as the caller prints it: sorted keys. */
static char *
export(json_t *env, json_t **bundle)
{
	struct envelope_hdr h;
	struct hl_diag d;
	char *s;

	hl_diag_clear(&d);
	assert_int_equal(schema_envelope(env, 0, &h, &d), 0);
	assert_int_equal(stix_bundle(&h, bundle, &d), 0);
	assert_non_null(s = json_dumps(*bundle, JSON_SORT_KEYS | JSON_COMPACT));
	return s;
}

static json_t *
find(json_t *objs, const char *type, size_t nth)
{
	json_t *o;
	size_t i;

	json_array_foreach(objs, i, o)
		if (strcmp(json_string_value(json_object_get(o, "type")),
		    type) == 0 && nth-- == 0)
			return o;
	return NULL;
}

static const char *
sget(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
test_export_request(void **state)
{
	json_t *env = envelope("request", REQ_ID, "cert.aa", "cert.bb",
	    "amber", request_body, NULL), *b, *b2, *objs, *o, *v;
	char *s, *s2, id[80];
	size_t i;
	static const char *const order[] = { "marking-definition", "identity",
		"identity", "indicator", "indicator", "indicator", "indicator",
		"indicator", "indicator", "indicator", "indicator",
		"indicator", "indicator", "report", NULL };
	static const char *const patterns[] = {
		"[ipv4-addr:value = '203.0.113.7']",
		"[ipv6-addr:value = '2001:db8::1']",
		"[ipv4-addr:value = '198.51.100.0/24']",
		"[ipv6-addr:value = '2001:db8:1::/48']",
		"[domain-name:value = 'evil.example']",
		"[url:value = 'http://evil.example/a\\'b\\\\c']",
		"[email-addr:value = 'x@evil.example']",
		"[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']",
		"[file:hashes.'SHA-1' = "
		    "'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
		"[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855']",
	};

	(void)state;
	s = export(env, &b);
	/* The same message, the same bytes. */
	s2 = export(env, &b2);
	assert_string_equal(s, s2);
	free(s2);
	interop_id("bundle", "bundle:" REQ_ID, id, sizeof(id));
	assert_string_equal(sget(b, "id"), id);
	objs = json_object_get(b, "objects");
	assert_int_equal(json_array_size(objs), 14);
	json_array_foreach(objs, i, o)
		assert_string_equal(sget(o, "type"), order[i]);
	o = json_array_get(objs, 0);
	assert_string_equal(sget(o, "id"), interop_stix_tlp[TLP_AMBER]);
	assert_string_equal(sget(o, "name"), "TLP:AMBER");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(o, "extensions"), "extension-definition--60a3c5c5-"
	    "0d10-413e-aab3-9e08dde9e88d"), "tlp_2_0")), "amber");
	o = json_array_get(objs, 1);
	interop_id("identity", "identity:cert.aa", id, sizeof(id));
	assert_string_equal(sget(o, "id"), id);
	assert_string_equal(sget(o, "name"), "cert.aa");
	assert_string_equal(sget(o, "identity_class"), "organization");
	for (i = 0; i < 10; i++) {
		o = json_array_get(objs, 3 + i);
		assert_string_equal(sget(o, "pattern"), patterns[i]);
		assert_string_equal(sget(o, "pattern_type"), "stix");
		assert_string_equal(sget(o, "created"),
		    "2026-11-27T10:00:00.000Z");
		assert_string_equal(sget(o, "modified"),
		    "2026-11-27T10:00:00.000Z");
		interop_id("identity", "identity:cert.aa", id, sizeof(id));
		assert_string_equal(sget(o, "created_by_ref"), id);
		assert_string_equal(json_string_value(json_array_get(
		    json_object_get(o, "object_marking_refs"), 0)),
		    interop_stix_tlp[TLP_AMBER]);
	}
	/* valid_from: the indicator's first_seen, else created. */
	assert_string_equal(sget(json_array_get(objs, 3), "valid_from"),
	    "2026-11-26T08:00:00.000Z");
	assert_string_equal(sget(json_array_get(objs, 4), "valid_from"),
	    "2026-11-27T10:00:00.000Z");
	interop_id("indicator", "indicator:" REQ_ID ":ipv4:203.0.113.7", id,
	    sizeof(id));
	assert_string_equal(sget(json_array_get(objs, 3), "id"), id);
	o = find(objs, "report", 0);
	assert_string_equal(sget(o, "name"), "hotline request 111111111111");
	assert_string_equal(sget(o, "description"), "C2 seen from your range");
	assert_string_equal(sget(o, "published"), "2026-11-27T10:00:00.000Z");
	assert_int_equal(json_array_size(json_object_get(o, "object_refs")),
	    12);
	s2 = json_dumps(json_object_get(o, "labels"), JSON_COMPACT);
	assert_string_equal(s2, "[\"category:intrusion\",\"severity:high\","
	    "\"expectation:block-host\"]");
	free(s2);
	v = json_array_get(json_object_get(o, "external_references"), 0);
	assert_string_equal(sget(v, "source_name"), "hotline");
	assert_string_equal(sget(v, "external_id"), REQ_ID);
	assert_string_equal(sget(v, "description"), "hotline request from "
	    "cert.aa to cert.bb, tier cert, deadline 2026-11-30T10:00:00Z");
	free(s);
	json_decref(b);
	json_decref(b2);
	json_decref(env);
}

static void
test_export_response(void **state)
{
	json_t *req = envelope("request", REQ_ID, "cert.aa", "cert.bb",
	    "amber", request_body, NULL);
	json_t *rsp = envelope("response", RSP_ID, "cert.bb", "cert.aa",
	    "amber", response_body, REQ_ID), *rb, *sb, *objs, *o, *ind;
	char *s, id[80];

	(void)state;
	free(export(req, &rb));
	free(export(rsp, &sb));
	objs = json_object_get(sb, "objects");
	/* marking, two identities, two indicators, two sightings, a report */
	assert_int_equal(json_array_size(objs), 8);
	o = find(objs, "sighting", 0);
	ind = find(objs, "indicator", 0);
	/* The sighting points at the indicator its request's export gave. */
	assert_string_equal(sget(o, "sighting_of_ref"), sget(ind, "id"));
	assert_string_equal(sget(ind, "id"), sget(find(json_object_get(rb,
	    "objects"), "indicator", 0), "id"));
	assert_string_equal(sget(ind, "pattern"), sget(find(json_object_get(
	    rb, "objects"), "indicator", 0), "pattern"));
	/* The requester made the indicator; the responder saw it. */
	interop_id("identity", "identity:cert.aa", id, sizeof(id));
	assert_string_equal(sget(ind, "created_by_ref"), id);
	interop_id("identity", "identity:cert.bb", id, sizeof(id));
	assert_string_equal(sget(o, "created_by_ref"), id);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    o, "where_sighted_refs"), 0)), id);
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 3);
	assert_string_equal(sget(o, "first_seen"), "2026-11-26T09:00:00.000Z");
	assert_string_equal(sget(o, "last_seen"), "2026-11-26T10:00:00.000Z");
	assert_string_equal(sget(o, "description"), "conn.log:12 id.orig_h\n"
	    "conn.log:40 id.resp_h");
	o = find(objs, "sighting", 1);
	assert_null(json_object_get(o, "first_seen"));
	assert_string_equal(sget(o, "sighting_of_ref"), sget(find(objs,
	    "indicator", 1), "id"));
	o = find(objs, "report", 0);
	assert_string_equal(sget(o, "name"), "hotline response 222222222222");
	assert_string_equal(sget(o, "description"), "Two seen");
	s = json_dumps(json_object_get(o, "labels"), JSON_COMPACT);
	assert_string_equal(s, "[\"status:final\"]");
	free(s);
	assert_int_equal(json_array_size(json_object_get(o, "object_refs")),
	    6);
	s = json_dumps(json_object_get(o, "external_references"),
	    JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "[{\"description\":\"hotline response from "
	    "cert.bb to cert.aa, tier cert\",\"external_id\":\"" RSP_ID "\","
	    "\"source_name\":\"hotline\"},{\"description\":\"answers\","
	    "\"external_id\":\"" REQ_ID "\",\"source_name\":\"hotline\"}]");
	free(s);
	json_decref(rb);
	json_decref(sb);
	json_decref(req);
	json_decref(rsp);
}

static void
test_export_others(void **state)
{
	json_t *env, *b = NULL;
	struct envelope_hdr h;
	struct hl_diag d;

	(void)state;
	env = envelope("ping", REQ_ID, "cert.aa", "cert.bb", "clear", "{}",
	    NULL);
	hl_diag_clear(&d);
	assert_int_equal(schema_envelope(env, 0, &h, &d), 0);
	assert_int_equal(stix_bundle(&h, &b, &d), HL_EINVAL);
	assert_null(b);
	assert_string_equal(d.msg, "a ping has nothing to export");
	json_decref(env);
	/* A query without indicators: the report ties the two parties. */
	env = envelope("query", REQ_ID, "cert.aa", "cert.bb", "red",
	    "{\"summary\": \"Do you see this?\"}", NULL);
	json_decref(env);
	env = envelope("query", REQ_ID, "cert.aa", "cert.bb", "red",
	    "{\"summary\": \"Do you see this?\"}", NULL);
	assert_int_equal(json_object_set_new(env, "subject",
	    json_string("Quick one")), 0);
	free(export(env, &b));
	assert_int_equal(json_array_size(json_object_get(b, "objects")), 4);
	assert_string_equal(sget(find(json_object_get(b, "objects"), "report",
	    0), "name"), "Quick one");
	assert_string_equal(sget(json_array_get(json_object_get(b, "objects"),
	    0), "name"), "TLP:RED");
	json_decref(b);
	json_decref(env);
	env = envelope("escalation", RSP_ID, "cert.aa", "cert.bb", "green",
	    "{\"reason\": \"overdue\", \"summary\": \"No answer in 72h\"}",
	    REQ_ID);
	free(export(env, &b));
	assert_string_equal(sget(find(json_object_get(b, "objects"), "report",
	    0), "description"), "No answer in 72h");
	json_decref(b);
	json_decref(env);
}

static char reports[8192];

/* The indicators as "type value" lines, the reports into reports. */
static int
import(const char *data, size_t len, char *got, size_t gotsz,
    struct hl_diag *d, struct imp **imp)
{
	struct imp *im = imp_new("t.json");
	int r;

	assert_non_null(im);
	hl_diag_clear(d);
	r = stix_import("t.json", data, len, im, d);
	ti_lines(im, got, gotsz);
	ti_reports(im, reports, sizeof(reports));
	if (imp != NULL)
		*imp = im;
	else
		imp_free(im);
	return r;
}

static void
test_roundtrip(void **state)
{
	json_t *env = envelope("request", REQ_ID, "cert.aa", "cert.bb",
	    "amber+strict", request_body, NULL), *b, *body;
	struct hl_diag d;
	struct imp *im;
	char *s, got[4096];

	(void)state;
	s = export(env, &b);
	assert_int_equal(import(s, strlen(s), got, sizeof(got), &d, &im), 0);
	assert_string_equal(got, "ipv4 203.0.113.7\nipv6 2001:db8::1\n"
	    "cidr 198.51.100.0/24\ncidr 2001:db8:1::/48\ndomain evil.example\n"
	    "url http://evil.example/a'b\\c\nemail x@evil.example\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e\n"
	    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	    "7852b855\n");
	assert_string_equal(reports, "");
	assert_int_equal(imp_tlp_of(im), TLP_AMBER_STRICT);
	body = imp_body(im);
	assert_string_equal(sget(body, "summary"), "C2 seen from your range");
	json_decref(body);
	imp_free(im);
	free(s);
	json_decref(b);
	json_decref(env);
}

/* One pattern: its indicators or why not. */
static void
pat(const char *p, const char *want)
{
	struct stixpat sp;
	char got[1024];
	size_t n = 0;
	int r;

	r = stixpat_parse(p, strlen(p), &sp);
	assert_true(r == 0 || r == 1);
	if (r == 1)
		(void)snprintf(got, sizeof(got), "! %s", sp.why);
	else
		for (size_t i = 0; i < sp.n; i++)
			n += (size_t)snprintf(got + n, sizeof(got) - n,
			    "%s%s %.*s", i > 0 ? "; " : "",
			    ioc_type_names[sp.c[i].type], (int)sp.c[i].n,
			    sp.buf + sp.c[i].off);
	if (strcmp(got, want) != 0)
		fail_msg("pattern %s\n got: %s\nwant: %s", p, got, want);
	stixpat_done(&sp);
}

static void
test_patterns(void **state)
{
	(void)state;
	pat("[ipv4-addr:value = '198.51.100.1']", "ipv4 198.51.100.1");
	pat("[ipv4-addr:value = '198.51.100.1' OR ipv6-addr:value = "
	    "'2001:db8::1']", "ipv4 198.51.100.1; ipv6 2001:db8::1");
	pat("[domain-name:value = 'a.example'] OR ([url:value = "
	    "'http://x/\\'q\\\\'] OR [email-addr:value == 'a@b.example'])",
	    "domain a.example; url http://x/'q\\; email a@b.example");
	pat("[file:hashes.'SHA-256' = 'aa'] OR [file:hashes.MD5 = 'bb'] OR "
	    "[file:hashes.SHA256 = 'cc'] OR [file:hashes.'sha-1' = 'dd'] OR "
	    "[file:hashes.SHA-1 = 'ee']", "sha256 aa; md5 bb; sha256 cc; "
	    "sha1 dd; sha1 ee");
	pat("((([ipv4-addr:value = '1.2.3.4'])))", "ipv4 1.2.3.4");
	pat("[(ipv4-addr:value = '1.2.3.4')]", "ipv4 1.2.3.4");
	pat("[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '1.2.3.5']",
	    "! AND: what must hold together is not a list of indicators");
	pat("[ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'a.b']",
	    "! AND: observations that must all be seen are not a list of "
	    "indicators");
	pat("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = "
	    "'a.b']", "! FOLLOWEDBY: a sequence of observations is not a "
	    "list of indicators");
	pat("[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS",
	    "! WITHIN: a time window is not a list of indicators");
	pat("[ipv4-addr:value = '1.2.3.4'] REPEATS 5 TIMES",
	    "! REPEATS: a count of observations is not a list of indicators");
	pat("[ipv4-addr:value = '1.2.3.4'] START t'2016-06-01T00:00:00Z' "
	    "STOP t'2016-07-01T00:00:00Z'", "! START/STOP: a time window is "
	    "not a list of indicators");
	pat("[ipv4-addr:value != '1.2.3.4']",
	    "! operator '!=': only '=' names a value");
	pat("[ipv4-addr:value NOT = '1.2.3.4']",
	    "! NOT: a negation is not a value");
	pat("[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
	    "! ISSUBSET: matches many values, names none");
	pat("[url:value LIKE 'http://%']",
	    "! LIKE: matches many values, names none");
	pat("[file:name MATCHES '^x']",
	    "! MATCHES: matches many values, names none");
	pat("[ipv4-addr:value IN ('1.2.3.4', '1.2.3.5')]",
	    "! IN: a set of values; write it as '=' joined by OR");
	pat("[EXISTS windows-registry-key:values]",
	    "! EXISTS: a property being there is not a value");
	pat("[file:name = 'x.exe']", "! object path file:name has no hotline "
	    "type (one of ipv4-addr:value, ipv6-addr:value, domain-name:value, "
	    "url:value, email-addr:value, file:hashes.'MD5'|'SHA-1'|'SHA-256')");
	pat("[file:hashes.'SHA-512' = 'aa']", "! object path "
	    "file:hashes.'SHA-512' has no hotline type (one of "
	    "ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, "
	    "email-addr:value, file:hashes.'MD5'|'SHA-1'|'SHA-256')");
	pat("[network-traffic:dst_ref.value = '1.2.3.4']", "! object path "
	    "network-traffic:dst_ref.value has no hotline type (one of "
	    "ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, "
	    "email-addr:value, file:hashes.'MD5'|'SHA-1'|'SHA-256')");
	pat("[file:size = 25536]",
	    "! file:size compared with a non-string literal");
	pat("[ipv4-addr:value = '1.2.3.4'",
	    "! does not parse as a STIX pattern: at byte 28, expected ']', "
	    "found the end");
	pat("[ipv4-addr:value = '1.2.3.4] OR", "! does not parse as a STIX "
	    "pattern: at byte 19, expected a literal, found a byte that "
	    "begins no token");
	pat("ipv4-addr:value = '1.2.3.4'", "! does not parse as a STIX "
	    "pattern: at byte 0, expected '[' or '(', found a word");
	pat("[ipv4-addr:value = '1.2.3.4'] or [ipv4-addr:value = '1.2.3.5']",
	    "! does not parse as a STIX pattern: at byte 30, expected the "
	    "end, found a word");
	pat("[ipv4-addr:value = 'a\\nb']", "! does not parse as a STIX "
	    "pattern: at byte 19, expected a literal, found a byte that "
	    "begins no token");
	/* A number has one '.': an address unquoted is no literal. */
	pat("[ipv4-addr:value = 198.51.100.1]", "! does not parse as a STIX "
	    "pattern: at byte 25, expected ']', found a punctuation mark");
	pat("[file:size = 1.5]", "! file:size compared with a non-string "
	    "literal");
	pat("", "! does not parse as a STIX pattern: at byte 0, expected '[' "
	    "or '(', found the end");
	/* A syntax error after an AND is the syntax error. */
	pat("[a:b = 'x' AND c:d = 'y'] )", "! does not parse as a STIX "
	    "pattern: at byte 26, expected the end, found a punctuation mark");
}

static void
test_pattern_limits(void **state)
{
	struct stixpat sp;
	size_t n = 100000, o = 0;
	char *p = malloc(40 * n + 64);

	(void)state;
	assert_non_null(p);
	/* 10,000 nested parentheses: refused at the depth limit. */
	for (size_t i = 0; i < 10000; i++)
		p[o++] = '(';
	memcpy(p + o, "[ipv4-addr:value = '1.2.3.4']", 29);
	o += 29;
	for (size_t i = 0; i < 10000; i++)
		p[o++] = ')';
	assert_int_equal(stixpat_parse(p, o, &sp), 1);
	assert_string_equal(sp.why, "does not parse as a STIX pattern: at "
	    "byte 32, brackets and parentheses nested deeper than 32");
	stixpat_done(&sp);
	/* 32 deep is read. */
	o = 0;
	for (size_t i = 0; i < 31; i++)
		p[o++] = '(';
	memcpy(p + o, "[ipv4-addr:value = '1.2.3.4']", 29);
	o += 29;
	for (size_t i = 0; i < 31; i++)
		p[o++] = ')';
	assert_int_equal(stixpat_parse(p, o, &sp), 0);
	assert_int_equal(sp.n, 1);
	stixpat_done(&sp);
	/* 100,000 ORs: longer than HL_MAX_STIX_PATTERN, never parsed. */
	o = 0;
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(p + o, "%s[ipv4-addr:value = '10.0.%zu.%zu']",
		    i > 0 ? " OR " : "", (i / 256) % 256, i % 256);
	assert_int_equal(stixpat_parse(p, o, &sp), 1);
	assert_true(o > HL_MAX_STIX_PATTERN);
	(void)snprintf(p, 200, "a pattern of %zu bytes, longer than the %d "
	    "read", o, HL_MAX_STIX_PATTERN);
	assert_string_equal(sp.why, p);
	stixpat_done(&sp);
	/* As many ORs as fit are read, each. */
	o = 0;
	for (size_t i = 0; o + 40 < HL_MAX_STIX_PATTERN; i++)
		o += (size_t)sprintf(p + o, "%s[ipv4-addr:value = '10.0.%zu.%zu']",
		    i > 0 ? " OR " : "", (i / 256) % 256, i % 256);
	assert_int_equal(stixpat_parse(p, o, &sp), 0);
	assert_true(sp.n > 1500);
	stixpat_done(&sp);
	free(p);
}

static void
test_import(void **state)
{
	static const char b[] = "{\"type\": \"bundle\", \"id\": \"bundle--1\", "
	    "\"objects\": ["
	    "{\"type\": \"indicator\", \"id\": \"indicator--a\", "
	    "\"pattern_type\": \"stix\", \"valid_from\": "
	    "\"2026-01-02T00:00:00Z\", \"valid_until\": "
	    "\"2099-01-01T00:00:00Z\", \"object_marking_refs\": "
	    "[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\"], "
	    "\"pattern\": \"[ipv4-addr:value = '203.0.113.0/24'] OR "
	    "[domain-name:value = 'Evil.Example']\"},"
	    "{\"type\": \"indicator\", \"id\": \"indicator--b\", "
	    "\"pattern_type\": \"stix\", \"pattern\": \"[ipv4-addr:value = "
	    "'1.2.3.4'] AND [ipv4-addr:value = '1.2.3.5']\"},"
	    "{\"type\": \"indicator\", \"id\": \"indicator--c\", "
	    "\"pattern_type\": \"sigma\", \"pattern\": \"title: x\"},"
	    "{\"type\": \"indicator\", \"id\": \"indicator--d\", \"revoked\": "
	    "true, \"pattern_type\": \"stix\", \"pattern\": \"[ipv4-addr:value "
	    "= '9.9.9.9']\"},"
	    "{\"type\": \"indicator\", \"id\": \"indicator--e\", "
	    "\"pattern\": \"[ipv4-addr:value = 'evil.example']\"},"
	    "{\"type\": \"observed-data\", \"id\": \"observed-data--f\", "
	    "\"first_observed\": \"2026-01-01T00:00:00Z\", \"last_observed\": "
	    "\"2026-01-03T00:00:00.5Z\", \"object_refs\": [\"ipv6-addr--g\", "
	    "\"file--h\", \"ipv4-addr--missing\"], \"objects\": {\"0\": "
	    "{\"type\": \"email-addr\", \"value\": \"a@b.example\"}, \"1\": "
	    "{\"type\": \"mac-addr\", \"value\": \"00:11:22:33:44:55\"}}},"
	    "{\"type\": \"ipv6-addr\", \"id\": \"ipv6-addr--g\", \"value\": "
	    "\"2001:DB8::1\"},"
	    "{\"type\": \"file\", \"id\": \"file--h\", \"hashes\": {\"SHA-256\":"
	    " \"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
	    "\", \"SSDEEP\": \"3:a:b\"}},"
	    "{\"type\": \"malware\", \"id\": \"malware--i\", \"name\": \"x\", "
	    "\"object_marking_refs\": [\"marking-definition--e828b379-4e03-"
	    "4974-9ac4-e53a884c97c1\", \"marking-definition--unknown\"]},"
	    "{\"type\": \"report\", \"id\": \"report--j\", \"name\": \"N\", "
	    "\"description\": \"D\"},"
	    "{\"type\": \"identity\", \"id\": \"identity--k\", \"name\": \"K\"},"
	    "{\"type\": \"sighting\", \"id\": \"sighting--l\", \"first_seen\": "
	    "\"2025-12-31T00:00:00Z\", \"last_seen\": \"2026-101-01\"}"
	    "]}";
	struct hl_diag d;
	struct imp *im;
	char got[1024];
	json_t *body;
	char *s;

	(void)state;
	assert_int_equal(import(b, sizeof(b) - 1, got, sizeof(got), &d, &im),
	    0);
	assert_string_equal(got, "cidr 203.0.113.0/24\ndomain evil.example\n"
	    "email a@b.example\nipv6 2001:db8::1\nsha256 e3b0c44298fc1c149af"
	    "bf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
	assert_string_equal(reports,
	    "indicator--b: AND: observations that must all be seen are not a "
	    "list of indicators\n"
	    "indicator--c: pattern_type 'sigma': only STIX patterns are read\n"
	    "indicator--d: revoked by its creator: not imported\n"
	    "indicator--e: ipv4 'evil.example': a domain, not an ipv4\n"
	    "observed-data--f objects.1: observable type 'mac-addr' has no "
	    "hotline type\n"
	    "observed-data--f: object_refs names ipv4-addr--missing, which is "
	    "not in the bundle\n"
	    "file--h: file hash 'SSDEEP' has no hotline type (MD5, SHA-1 and "
	    "SHA-256 do)\n"
	    "malware--i: names marking marking-definition--unknown, neither a "
	    "TLP marking nor in the bundle: what it asks is unknown\n"
	    "malware--i: type 'malware' is not an indicator: not carried\n"
	    "sighting--l: last_seen '2026-101-01' is not an RFC 3339 time: not "
	    "used\n");
	/* TLP 1.0 green and TLP 2.0 red: red. */
	assert_int_equal(imp_tlp_of(im), TLP_RED);
	/*
	 * valid_from and valid_until (an expiry in 2099) are no sightings:
	 * not in the times.
	 */
	body = imp_body(im);
	s = json_dumps(body, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"indicators\":["
	    "{\"type\":\"cidr\",\"value\":\"203.0.113.0/24\"},"
	    "{\"type\":\"domain\",\"value\":\"evil.example\"},"
	    "{\"first_seen\":\"2026-01-01T00:00:00Z\",\"last_seen\":"
	    "\"2026-01-03T00:00:00Z\",\"type\":\"email\",\"value\":"
	    "\"a@b.example\"},"
	    "{\"first_seen\":\"2026-01-01T00:00:00Z\",\"last_seen\":"
	    "\"2026-01-03T00:00:00Z\",\"type\":\"ipv6\",\"value\":"
	    "\"2001:db8::1\"},"
	    "{\"first_seen\":\"2026-01-01T00:00:00Z\",\"last_seen\":"
	    "\"2026-01-03T00:00:00Z\",\"type\":\"sha256\",\"value\":"
	    "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	    "\"}],"
	    "\"observed\":{\"end\":\"2026-01-03T00:00:00Z\",\"start\":"
	    "\"2025-12-31T00:00:00Z\"},\"summary\":\"D\"}");
	free(s);
	json_decref(body);
	imp_free(im);
}

static void
expect_refused(const char *data, size_t len, int err, const char *path,
    const char *msg)
{
	struct hl_diag d;
	char got[64];

	assert_int_equal(import(data, len, got, sizeof(got), &d, NULL), err);
	/* The member at fault, if any: the front end names the file. */
	assert_string_equal(d.path, path);
	assert_string_equal(d.msg, msg);
}

static void
test_hostile(void **state)
{
	char *p, got[256];
	struct hl_diag d;
	struct imp *im;
	json_t *sum;
	size_t o = 0, n;

	(void)state;
	expect_refused("[1]", 3, HL_ESCHEMA, "", "not STIX: the top level is "
	    "not a JSON object (a bundle, or one STIX object)");
	expect_refused("{\"Event\": {}}", 13, HL_ESCHEMA, "", "not STIX: the "
	    "top level has no \"type\" (a bundle says \"type\": \"bundle\")");
	expect_refused("{\"type\": \"bundle\", \"objects\": {}}", 33,
	    HL_ESCHEMA, "objects", "not an array");
	expect_refused("{\"type\": \"indicator\"}", 21, HL_ESCHEMA, "",
	    "not STIX: "
	    "a \"indicator\" with no \"id\" is neither a bundle nor a STIX "
	    "object");
	expect_refused("{\"type\": \"bundle\",", 18, HL_EPARSE, "",
	    "string or '}' expected near end of file");
	/* Deep JSON: refused before the tree is built. */
	assert_non_null(p = malloc(2 * 1024 * 1024 + 1024));
	for (size_t i = 0; i < 100000; i++)
		p[o++] = '[';
	for (size_t i = 0; i < 100000; i++)
		p[o++] = ']';
	assert_int_equal(import(p, o, got, sizeof(got), &d, NULL), HL_EDEPTH);
	assert_string_equal(d.path, "");
	assert_int_equal(d.offset, 64);
	assert_string_equal(d.msg, "nested deeper than 64 levels");
	/* A pattern of 1 MB: reported, not parsed. */
	o = (size_t)sprintf(p, "{\"type\": \"indicator\", \"id\": \"indicator"
	    "--x\", \"pattern\": \"[url:value = 'http://a.example/");
	memset(p + o, 'a', 1024 * 1024);
	o += 1024 * 1024;
	o += (size_t)sprintf(p + o, "']\"}");
	assert_int_equal(import(p, o, got, sizeof(got), &d, NULL), 0);
	assert_string_equal(got, "");
	assert_string_equal(reports, "indicator--x: a pattern of 1048609 "
	    "bytes, longer than the 65536 read\n");
	/* NULs in values, types and ids: refused, none read short. */
	n = (size_t)sprintf(p, "{\"type\": \"bundle\", \"id\": \"bundle--1\", "
	    "\"objects\": [{\"type\": \"ipv4-addr\", \"id\": \"ipv4-addr--a"
	    "\\u0000\\u001b[2J\", \"value\": \"1.2.3.4\\u0000evil\"}, "
	    "{\"type\": \"ipv4-addr\\u0000\", \"id\": \"ipv4-addr--b\", "
	    "\"value\": \"1.2.3.5\"}, {\"type\": \"indicator\", \"id\": "
	    "\"indicator--c\", \"pattern\": \"[ipv4-addr:value = '1.2.3.6"
	    "\\u0000']\"}]}");
	assert_int_equal(import(p, n, got, sizeof(got), &d, NULL), 0);
	assert_string_equal(got, "");
	assert_string_equal(reports, "ipv4-addr--a??[2J: ipv4 '1.2.3.4': "
	    "control character at byte 7\n"
	    "ipv4-addr--b: type 'ipv4-addr?' is not an indicator: not "
	    "carried\n"
	    "indicator--c: ipv4 '1.2.3.6': control character at byte 7\n");
	/* 11,000 indicators: 10,000 taken, the limit reported once. */
	o = (size_t)sprintf(p, "{\"type\": \"bundle\", \"id\": \"bundle--1\", "
	    "\"objects\": [");
	for (size_t i = 0; i < 11000; i++)
		o += (size_t)sprintf(p + o, "%s{\"type\": \"indicator\", \"id\": "
		    "\"indicator--%zu\", \"pattern_type\": \"stix\", \"pattern\":"
		    " \"[ipv4-addr:value = '10.%zu.%zu.1']\"}", i > 0 ? "," : "",
		    i, i / 256, i % 256);
	o += (size_t)sprintf(p + o, "]}");
	assert_int_equal(import(p, o, got, sizeof(got), &d, &im), 0);
	assert_int_equal(imp_count(im), HL_MAX_INDICATORS);
	assert_int_equal(imp_nreports(im), 1);
	sum = imp_summary(im, IMP_STIX);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    sum, "skipped"), "over the limit")), 1000);
	json_decref(sum);
	assert_string_equal(reports, "indicator--10000: more than 10000 "
	    "indicators: a request carries at most that many; split the "
	    "source\n");
	imp_free(im);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_request),
		cmocka_unit_test(test_export_response),
		cmocka_unit_test(test_export_others),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_pattern_limits),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
