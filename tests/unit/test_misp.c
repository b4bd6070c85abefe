/*
 * MISP: every attribute type hotline takes, in the event and in its
 * Objects, with the exact reports for what it does not take (other
 * types, deleted, to_ids false, relative URIs, unknown TLP tags); the
 * four shapes of a source; hostile JSON (deep, wrong types, NUL bytes,
 * 10^5 attributes); and export: the fields, determinism, a response's
 * uuids pointing at its request's, and the round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop.h"
#include "jcs.h"
#include "limits.h"
#include "misp.h"
#include "schema.h"
#include "tutil.h"
#include "tinterop.h"

static char reports[8192];

/* Imports s; returns the result, with im and reports filled. */
static int
import(const char *s, size_t n, struct imp **im, struct hl_diag *d)
{
	int r;

	*im = imp_new("e.json");
	assert_non_null(*im);
	hl_diag_clear(d);
	r = imp_read(IMP_MISP, "e.json", s, n, *im, d);
	ti_reports(*im, reports, sizeof(reports));
	return r;
}

static const char event_all[] =
    "{\"Event\": {\"info\": \"C2 of the week\", \"threat_level_id\": \"2\","
    " \"date\": \"2024-01-02\", \"timestamp\": 1704200000,"
    " \"Tag\": [{\"name\": \"TLP:GREEN\"}, {\"name\": \"tlp:ex:chr\"},"
    "  {\"name\": \"misp-galaxy:x\"}],"
    " \"Attribute\": ["
    "  {\"type\": \"ip-src\", \"value\": \"198.51.100.7\", \"to_ids\": true},"
    "  {\"type\": \"ip-dst\", \"value\": \"198.51.100.0/24\"},"
    "  {\"type\": \"ip-dst|port\", \"value\": \"2001:db8::1|443\","
    "   \"to_ids\": \"1\"},"
    "  {\"type\": \"ip-src|port\", \"value\": \"203.0.113.5|8080\"},"
    "  {\"type\": \"domain\", \"value\": \"Evil.Example\"},"
    "  {\"type\": \"hostname\", \"value\": \"c2.evil.example\"},"
    "  {\"type\": \"domain|ip\", \"value\": \"mx.evil.example|192.0.2.9\"},"
    "  {\"type\": \"url\", \"value\": \"http://evil.example/x\","
    "   \"first_seen\": \"2024-01-01T10:00:00.000000+00:00\","
    "   \"last_seen\": \"2024-01-01T12:00:00Z\"},"
    "  {\"type\": \"uri\", \"value\": \"/gate.php\"},"
    "  {\"type\": \"uri\", \"value\": \"https://evil.example/gate.php\"},"
    "  {\"type\": \"email-src\", \"value\": \"a@evil.example\"},"
    "  {\"type\": \"email-dst\", \"value\": \"b@evil.example\"},"
    "  {\"type\": \"email\", \"value\": \"c@evil.example\"},"
    "  {\"type\": \"md5\", \"value\": \"D41D8CD98F00B204E9800998ECF8427E\"},"
    "  {\"type\": \"filename|sha1\", \"value\": \"a|b.exe|"
    "da39a3ee5e6b4b0d3255bfef95601890afd80709\"},"
    "  {\"type\": \"regkey\", \"value\": \"HKLM\\\\Run\"},"
    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.1\", \"to_ids\": false},"
    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.2\", \"to_ids\": 0,"
    "   \"deleted\": true},"
    "  {\"type\": \"domain\", \"value\": \"not a domain\"},"
    "  {\"type\": \"sha256\", \"value\": "
    "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
    "   \"Tag\": [{\"name\": \"tlp:amber+strict\"}],"
    "   \"Sighting\": [{\"type\": \"0\", \"date_sighting\": \"1704300000\"},"
    "    {\"type\": \"1\", \"date_sighting\": \"1704400000\"}]}"
    " ],"
    " \"Object\": ["
    "  {\"name\": \"file\", \"Attribute\": ["
    "   {\"type\": \"filename\", \"value\": \"b.exe\"},"
    "   {\"type\": \"sha1\", \"value\": "
    "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"},"
    "   {\"type\": \"filename|sha256\", \"value\": \"x|"
    "00000000000000000000000000000000000000000000000000000000000000ff\"}"
    "  ]},"
    "  {\"name\": \"domain-ip\", \"deleted\": true, \"Attribute\": ["
    "   {\"type\": \"domain\", \"value\": \"gone.example\"}]}"
    " ]}}";

static void
test_import_types(void **state)
{
	struct hl_diag d;
	struct imp *im;
	char got[4096];
	json_t *b, *v;

	(void)state;
	assert_int_equal(import(event_all, sizeof(event_all) - 1, &im, &d),
	    0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got,
	    "ipv4 198.51.100.7\n"
	    "cidr 198.51.100.0/24\n"
	    "ipv6 2001:db8::1\n"
	    "ipv4 203.0.113.5\n"
	    "domain evil.example\n"
	    "domain c2.evil.example\n"
	    "domain mx.evil.example\n"
	    "ipv4 192.0.2.9\n"
	    "url http://evil.example/x\n"
	    "url https://evil.example/gate.php\n"
	    "email a@evil.example\n"
	    "email b@evil.example\n"
	    "email c@evil.example\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e\n"
	    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	    "7852b855\n"
	    "sha256 0000000000000000000000000000000000000000000000000000000"
	    "0000000ff\n");
	assert_string_equal(reports,
	    "Event: tag 'tlp:ex:chr' is no TLP 2.0 label: not taken; mark "
	    "the request yourself\n"
	    "Attribute 8 (uri): a relative URI names no host: not an "
	    "indicator on its own\n"
	    "Attribute 15 (regkey): no hotline type\n"
	    "Attribute 16 (ip-dst): to_ids is false (MISP's mark for "
	    "context, not detection): not imported; set it to ask a peer to "
	    "look for this value\n"
	    "Attribute 17 (ip-dst): deleted in MISP\n"
	    "Attribute 18 (domain): domain 'not a domain': more than one "
	    "value: a blank at byte 3 (one value a line; cut -f1 keeps a "
	    "feed's first column)\n"
	    "Attribute 19 (sha256): Sighting 1 is a false positive: the "
	    "value is imported, check it before asking\n"
	    "Object 0 (file) Attribute 0 (filename): no hotline type\n"
	    "Object 1 (domain-ip): deleted in MISP, with its 1 attributes\n");
	/* The strictest marking, the event's or an attribute's. */
	assert_int_equal(imp_tlp_of(im), TLP_AMBER_STRICT);
	b = imp_body(im);
	assert_string_equal(json_string_value(json_object_get(b, "summary")),
	    "C2 of the week");
	assert_string_equal(json_string_value(json_object_get(b, "severity")),
	    "medium");
	/* date, timestamp, first/last seen and a sighting widen observed. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    b, "observed"), "start")), "2024-01-01T10:00:00Z");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    b, "observed"), "end")), "2024-01-03T16:40:00Z");
	v = json_array_get(json_object_get(b, "indicators"), 8);
	assert_string_equal(json_string_value(json_object_get(v,
	    "first_seen")), "2024-01-01T10:00:00Z");
	assert_string_equal(json_string_value(json_object_get(v,
	    "last_seen")), "2024-01-01T12:00:00Z");
	v = json_array_get(json_object_get(b, "indicators"), 15);
	assert_string_equal(json_string_value(json_object_get(v,
	    "first_seen")), "2024-01-03T16:40:00Z");
	json_decref(b);
	b = imp_summary(im, IMP_MISP);
	v = json_object_get(b, "skipped");
	assert_int_equal(json_integer_value(json_object_get(v,
	    "attribute type regkey")), 1);
	assert_int_equal(json_integer_value(json_object_get(v,
	    "attribute type filename")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "deleted")), 2);
	assert_int_equal(json_integer_value(json_object_get(v, "not to_ids")),
	    1);
	assert_int_equal(json_integer_value(json_object_get(b, "repeats")), 1);
	json_decref(b);
	imp_free(im);
}

/* The four shapes, and what is not MISP at all. */
static void
test_import_shapes(void **state)
{
	static const struct {
		const char	*in;
		int		 r;
		const char	*lines;
		const char	*diag;
	} c[] = {
		{ "{\"info\": \"bare\", \"Attribute\": [{\"type\": \"domain\", "
		  "\"value\": \"a.example\"}]}", 0, "domain a.example\n", NULL },
		{ "[{\"Event\": {\"Attribute\": [{\"type\": \"domain\", "
		  "\"value\": \"a.example\"}]}}, {\"Attribute\": [{\"type\": "
		  "\"md5\", \"value\": \"d41d8cd98f00b204e9800998ecf8427e\"}]}]",
		  0, "domain a.example\nmd5 d41d8cd98f00b204e9800998ecf8427e\n",
		  NULL },
		{ "{\"response\": [{\"Event\": {\"Attribute\": [{\"type\": "
		  "\"url\", \"value\": \"http://a.example/\"}]}}]}", 0,
		  "url http://a.example/\n", NULL },
		{ "{\"response\": []}", 0, "", NULL },
		{ "{\"type\": \"bundle\"}", HL_ESCHEMA, NULL, "not a "
		  "MISP event: no Event, response, or event members (info, "
		  "Attribute, Object)" },
		{ "{\"Event\": []}", HL_ESCHEMA, NULL, "Event: not "
		  "an object" },
		{ "{\"response\": {}}", HL_ESCHEMA, NULL, "response: "
		  "not a list of events" },
		{ "[1, 2, \"x\"]", HL_ESCHEMA, NULL, "not a MISP event: "
		  "a list with no event in it" },
		{ "\"Event\"", HL_EPARSE, NULL, NULL },
		{ "{\"Event\": {}, \"Event\": {}}", HL_EPARSE, NULL, NULL },
		{ "{\"Event\": {\"info\": \"x\"", HL_EPARSE, NULL, NULL },
	};
	char got[1024], msg[700];
	struct hl_diag d;
	struct imp *im;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(import(c[i].in, strlen(c[i].in), &im, &d),
		    c[i].r);
		if (c[i].lines != NULL) {
			ti_lines(im, got, sizeof(got));
			assert_string_equal(got, c[i].lines);
		}
		if (c[i].diag != NULL) {
			hl_diag_format(&d, c[i].r, msg, sizeof(msg));
			assert_string_equal(msg, c[i].diag);
		}
		imp_free(im);
	}
}

/* Several events: each place says which; the highest threat level. */
static void
test_import_events(void **state)
{
	static const char in[] = "{\"response\": ["
	    "{\"Event\": {\"info\": \"one\", \"threat_level_id\": 3, "
	    "\"Attribute\": [{\"type\": \"yara\", \"value\": \"rule\"}]}},"
	    "{\"Event\": {\"info\": \"two\", \"threat_level_id\": \"1\", "
	    "\"Tag\": [{\"name\": \"tlp:white\"}], \"Object\": [{\"name\": "
	    "\"file\", \"Attribute\": [{\"type\": \"x509\", \"value\": \"1\"}]"
	    "}]}}, 7]}";
	struct hl_diag d;
	struct imp *im;
	json_t *b;

	(void)state;
	assert_int_equal(import(in, sizeof(in) - 1, &im, &d), 0);
	assert_string_equal(reports,
	    "Event 0 Attribute 0 (yara): no hotline type\n"
	    "Event 1 Object 0 (file) Attribute 0 (x509): no hotline type\n"
	    "Event 2: not an event: none of it imported\n");
	b = imp_body(im);
	assert_string_equal(json_string_value(json_object_get(b, "summary")),
	    "one");
	assert_string_equal(json_string_value(json_object_get(b, "severity")),
	    "high");
	assert_int_equal(imp_tlp_of(im), TLP_CLEAR);
	json_decref(b);
	imp_free(im);
}

/* Wrong JSON types everywhere, NUL bytes, and hostile names. */
static void
test_import_hostile(void **state)
{
	static const char in[] = "{\"Event\": {\"info\": 7, "
	    "\"threat_level_id\": \"9\", \"date\": \"2024-13-01\", "
	    "\"timestamp\": \"-1\", \"Tag\": {}, \"Object\": [\"x\", "
	    "{\"name\": \"file\", \"Attribute\": {}}],"
	    " \"Attribute\": [7, {\"value\": \"a.example\"},"
	    " {\"type\": \"domain\", \"value\": 7},"
	    " {\"type\": \"domain\", \"value\": \"a.example\\u0000.evil\"},"
	    " {\"type\": \"domain\\u0000x\", \"value\": \"a.example\"},"
	    " {\"type\": \"\\u001b[31mred\", \"value\": \"a\"},"
	    " {\"type\": \"domain\", \"value\": \"a.example\", \"to_ids\": "
	    "\"yes\"},"
	    " {\"type\": \"domain\", \"value\": \"a.example\", \"deleted\": []},"
	    " {\"type\": \"domain\", \"value\": \"b.example\", \"first_seen\": "
	    "\"yesterday\"},"
	    " {\"type\": \"ip-dst|port\", \"value\": \"192.0.2.1\"},"
	    " {\"type\": \"domain\", \"value\": \"c.example\", \"Sighting\": 1,"
	    " \"Tag\": [{}]}]}}";
	struct hl_diag d;
	struct imp *im;
	char got[256];

	(void)state;
	assert_int_equal(import(in, sizeof(in) - 1, &im, &d), 0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got, "domain b.example\ndomain c.example\n");
	assert_string_equal(reports,
	    "Event: info is not a summary (1 to 16384 bytes of text, no "
	    "control characters): not taken\n"
	    "Event: threat_level_id is none of 1 to 4: no severity taken\n"
	    "Event: date is not YYYY-MM-DD: not taken\n"
	    "Event: timestamp is not a time: not taken\n"
	    "Event: Tag is not a list: its markings are not read\n"
	    "Attribute 0: not an object\n"
	    "Attribute 1: no type (or not a string)\n"
	    "Attribute 2 (domain): value is not a string\n"
	    "Attribute 3 (domain): value holds a NUL byte\n"
	    "Attribute 4: no type (or not a string)\n"
	    "Attribute 5 (?[31mred): no hotline type\n"
	    "Attribute 6 (domain): to_ids is not a boolean: not imported\n"
	    "Attribute 7 (domain): deleted is not a boolean: not imported\n"
	    "Attribute 8 (domain): first_seen or last_seen is not an RFC 3339 "
	    "time: the value is imported without its times\n"
	    "Attribute 9 (ip-dst|port): no '|' before the port: not "
	    "imported\n"
	    "Attribute 10 (domain): Tag 0 has no name\n"
	    "Attribute 10 (domain): Sighting is not a list: not read\n"
	    "Object 0 (?): not an object\n"
	    "Object 1 (file): Attribute is not a list: none of it "
	    "imported\n");
	imp_free(im);
}

/* Deep JSON, refused before a tree is built; 10^5 attributes. */
static void
test_import_limits(void **state)
{
	size_t depth = HL_MAX_IMPORT_DEPTH + 1, n = 0, cap = 100000 * 64 + 64;
	char *s = malloc(cap), msg[700];
	struct hl_diag d;
	struct imp *im;
	json_t *sum;

	(void)state;
	assert_non_null(s);
	n += (size_t)snprintf(s, cap, "{\"Event\": ");
	for (size_t i = 0; i < depth; i++)
		s[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		s[n++] = ']';
	s[n++] = '}';
	assert_int_equal(import(s, n, &im, &d), HL_EDEPTH);
	imp_free(im);

	n = (size_t)snprintf(s, cap, "{\"Event\": {\"Attribute\": [");
	for (unsigned i = 0; i < 100000; i++)
		n += (size_t)snprintf(s + n, cap - n, "%s{\"type\": \"ip-dst\", "
		    "\"value\": \"10.%u.%u.%u\"}", i > 0 ? "," : "",
		    i >> 16, (i >> 8) & 0xff, i & 0xff);
	n += (size_t)snprintf(s + n, cap - n, "]}}");
	assert_int_equal(import(s, n, &im, &d), 0);
	assert_int_equal(imp_count(im), HL_MAX_INDICATORS);
	(void)snprintf(msg, sizeof(msg), "Attribute %d (ip-dst): more than %d "
	    "indicators: a request carries at most that many; split the "
	    "source\n", HL_MAX_INDICATORS, HL_MAX_INDICATORS);
	assert_string_equal(reports, msg);
	sum = imp_summary(im, IMP_MISP);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    sum, "skipped"), "over the limit")), 100000 - HL_MAX_INDICATORS);
	json_decref(sum);
	imp_free(im);
	free(s);
}

static const char *const req_id =
    "1111111111111111111111111111111111111111111111111111111111111111";
static const char *const resp_id =
    "2222222222222222222222222222222222222222222222222222222222222222";

static const char req_body[] = "{\"category\": \"intrusion\", "
    "\"severity\": \"critical\", \"summary\": \"C2 seen\", "
    "\"observed\": {\"start\": \"2026-11-01T00:00:00Z\", \"end\": "
    "\"2026-11-02T00:00:00Z\"}, \"expectations\": [\"investigate\", "
    "\"block-host\"], \"indicators\": ["
    "{\"type\": \"ipv4\", \"value\": \"198.51.100.3\"},"
    "{\"type\": \"ipv6\", \"value\": \"2001:db8::1\"},"
    "{\"type\": \"cidr\", \"value\": \"198.51.100.0/24\"},"
    "{\"type\": \"domain\", \"value\": \"evil.example\", \"first_seen\": "
    "\"2026-11-01T08:00:00Z\", \"last_seen\": \"2026-11-01T09:00:00Z\"},"
    "{\"type\": \"url\", \"value\": \"http://evil.example/x\"},"
    "{\"type\": \"email\", \"value\": \"a@evil.example\"},"
    "{\"type\": \"md5\", \"value\": \"d41d8cd98f00b204e9800998ecf8427e\"},"
    "{\"type\": \"sha1\", \"value\": "
    "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"},"
    "{\"type\": \"sha256\", \"value\": "
    "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}"
    "]}";

static const char resp_body[] = "{\"status\": \"final\", \"summary\": "
    "\"two seen\", \"actions\": [\"block-host\"], \"findings\": ["
    "{\"indicator\": {\"type\": \"ipv4\", \"value\": \"198.51.100.3\"}, "
    "\"count\": 12, \"first_seen\": \"2026-11-01T10:00:00Z\", "
    "\"last_seen\": \"2026-11-01T11:00:00Z\", \"where\": [\"conn.log:12 "
    "id.orig_h\"]},"
    "{\"indicator\": {\"type\": \"domain\", \"value\": \"evil.example\"}}"
    "]}";

static void
hdr(struct envelope_hdr *h, enum msg_type t, const char *body)
{
	struct hl_diag d;
	json_error_t je;

	memset(h, 0, sizeof(*h));
	h->type = t;
	h->tier = TIER_CERT;
	h->tlp = TLP_AMBER;
	h->from = t == MSG_RESPONSE ? "cert.bb" : "cert.aa";
	h->to = t == MSG_RESPONSE ? "cert.aa" : "cert.bb";
	h->id = t == MSG_RESPONSE ? resp_id : req_id;
	h->created = 1796119200;	/* 2026-12-01T10:00:00Z */
	h->body = json_loads(body, 0, &je);
	assert_non_null(h->body);
	assert_int_equal(schema_body(t, h->body, "body", &d), 0);
	if (t == MSG_RESPONSE)
		h->refs = json_pack("[s]", req_id);
}

static void
hdr_done(struct envelope_hdr *h)
{
	json_decref(h->body);
	json_decref(h->refs);
}

/* An attribute of ev by value. */
static json_t *
attr(json_t *ev, const char *value)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(ev, "Event"),
	    "Attribute"), i, a)
		if (strcmp(json_string_value(json_object_get(a, "value")),
		    value) == 0)
			return a;
	fail_msg("no attribute %s", value);
	return NULL;
}

/* Exports h, checks it exports the same bytes again, imports it back. */
static json_t *
roundtrip(struct envelope_hdr *h, char *got, size_t gotsz)
{
	struct hl_diag d;
	struct imp *im;
	json_t *ev, *again;
	char *a, *b;

	assert_int_equal(misp_event(h, &ev, &d), 0);
	assert_int_equal(misp_event(h, &again, &d), 0);
	a = json_dumps(ev, JSON_COMPACT);
	b = json_dumps(again, JSON_COMPACT);
	assert_string_equal(a, b);
	assert_int_equal(import(a, strlen(a), &im, &d), 0);
	ti_lines(im, got, gotsz);
	imp_free(im);
	free(a);
	free(b);
	json_decref(again);
	return ev;
}

static void
test_export(void **state)
{
	struct envelope_hdr rq, rs, p;
	char got[2048], want[2048];
	struct hl_diag d;
	json_t *ev, *e, *a, *s, *v;
	size_t i, n = 0;

	(void)state;
	hdr(&rq, MSG_REQUEST, req_body);
	ev = roundtrip(&rq, got, sizeof(got));
	/* The round trip: the same typed set, in the request's order. */
	json_array_foreach(json_object_get(rq.body, "indicators"), i, v)
		n += (size_t)snprintf(want + n, sizeof(want) - n, "%s %s\n",
		    json_string_value(json_object_get(v, "type")),
		    json_string_value(json_object_get(v, "value")));
	assert_string_equal(got, want);
	e = json_object_get(ev, "Event");
	assert_string_equal(json_string_value(json_object_get(e, "info")),
	    "C2 seen");
	assert_string_equal(json_string_value(json_object_get(e, "date")),
	    "2026-12-01");
	assert_string_equal(json_string_value(json_object_get(e,
	    "timestamp")), "1796119200");
	assert_string_equal(json_string_value(json_object_get(e,
	    "threat_level_id")), "1");
	assert_string_equal(json_string_value(json_object_get(e,
	    "distribution")), "0");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(e, "Tag"), 0), "name")), "tlp:amber");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    e, "Orgc"), "name")), "cert.aa");
	a = attr(ev, "hotline request "
	    "1111111111111111111111111111111111111111111111111111111111111111");
	assert_string_equal(json_string_value(json_object_get(a, "category")),
	    "Internal reference");
	a = attr(ev, "summary: C2 seen\ncategory: intrusion\nseverity: "
	    "critical\nobserved: 2026-11-01T00:00:00Z to 2026-11-02T00:00:00Z\n"
	    "expectations: investigate, block-host");
	assert_string_equal(json_string_value(json_object_get(a, "type")),
	    "comment");
	a = attr(ev, "2001:db8::1");
	assert_string_equal(json_string_value(json_object_get(a, "type")),
	    "ip-dst");
	assert_true(json_is_true(json_object_get(a, "to_ids")));
	a = attr(ev, "a@evil.example");
	assert_string_equal(json_string_value(json_object_get(a, "type")),
	    "email-src");
	assert_string_equal(json_string_value(json_object_get(a, "category")),
	    "Payload delivery");
	a = attr(ev, "evil.example");
	assert_string_equal(json_string_value(json_object_get(a,
	    "first_seen")), "2026-11-01T08:00:00.000000+00:00");
	assert_string_equal(json_string_value(json_object_get(a, "comment")),
	    "first seen 2026-11-01T08:00:00Z, last seen 2026-11-01T09:00:00Z");

	/* A response: its findings are its request's attributes, sighted. */
	hdr(&rs, MSG_RESPONSE, resp_body);
	e = roundtrip(&rs, got, sizeof(got));
	assert_string_equal(got, "ipv4 198.51.100.3\ndomain evil.example\n");
	a = attr(e, "198.51.100.3");
	assert_string_equal(json_string_value(json_object_get(a, "uuid")),
	    json_string_value(json_object_get(attr(ev, "198.51.100.3"),
	    "uuid")));
	assert_string_equal(json_string_value(json_object_get(a, "comment")),
	    "count 12; first seen 2026-11-01T10:00:00Z; last seen "
	    "2026-11-01T11:00:00Z; where: conn.log:12 id.orig_h");
	s = json_array_get(json_object_get(a, "Sighting"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "source")),
	    "cert.bb");
	assert_string_equal(json_string_value(json_object_get(s,
	    "date_sighting")), "1793530800");
	s = json_array_get(json_object_get(attr(e, "evil.example"),
	    "Sighting"), 0);
	assert_string_equal(json_string_value(json_object_get(s,
	    "date_sighting")), "1796119200");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    e, "Event"), "analysis")), "2");
	attr(e, "hotline response "
	    "2222222222222222222222222222222222222222222222222222222222222222"
	    " to request "
	    "1111111111111111111111111111111111111111111111111111111111111111");
	attr(e, "summary: two seen\nstatus: final\nactions: block-host");
	json_decref(e);
	json_decref(ev);

	hdr(&p, MSG_PING, "{}");
	hl_diag_clear(&d);
	assert_int_equal(misp_event(&p, &ev, &d), HL_EINVAL);
	assert_null(ev);
	assert_string_equal(d.msg, "a ping has nothing to export");
	hdr_done(&p);
	hdr_done(&rq);
	hdr_done(&rs);
}

/* Each label's tag and distribution. */
static void
test_export_tlp(void **state)
{
	static const char *const dist[TLP_COUNT] = { "3", "1", "0", "0", "0" };
	struct envelope_hdr h;
	struct hl_diag d;
	json_t *ev, *e;

	(void)state;
	hdr(&h, MSG_QUERY, "{\"summary\": \"seen this?\"}");
	for (int t = 0; t < TLP_COUNT; t++) {
		h.tlp = (enum tlp)t;
		assert_int_equal(misp_event(&h, &ev, &d), 0);
		e = json_object_get(ev, "Event");
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(json_object_get(e, "Tag"), 0), "name")),
		    interop_misp_tlp[t]);
		assert_string_equal(json_string_value(json_object_get(e,
		    "distribution")), dist[t]);
		assert_string_equal(json_string_value(json_object_get(e,
		    "threat_level_id")), "4");
		json_decref(ev);
	}
	hdr_done(&h);
}

/* A notice's kind and window, an escalation's reason: the prose. */
static void
test_export_prose(void **state)
{
	struct envelope_hdr h;
	struct hl_diag d;
	char got[256];
	json_t *ev;

	(void)state;
	hdr(&h, MSG_NOTICE, "{\"kind\": \"planned-activity\", \"summary\": "
	    "\"a scan\", \"window\": {\"start\": \"2026-12-02T00:00:00Z\", "
	    "\"end\": \"2026-12-03T00:00:00Z\"}, \"indicators\": [{\"type\": "
	    "\"cidr\", \"value\": \"192.0.2.0/24\"}]}");
	h.subject = "scan notice";
	ev = roundtrip(&h, got, sizeof(got));
	assert_string_equal(got, "cidr 192.0.2.0/24\n");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    ev, "Event"), "info")), "scan notice");
	attr(ev, "summary: a scan\nkind: planned-activity\nwindow: "
	    "2026-12-02T00:00:00Z to 2026-12-03T00:00:00Z");
	attr(ev, "hotline notice "
	    "1111111111111111111111111111111111111111111111111111111111111111");
	json_decref(ev);
	hdr_done(&h);

	hdr(&h, MSG_ESCALATION, "{\"reason\": \"overdue\", \"summary\": "
	    "\"no answer\"}");
	h.refs = json_pack("[s]", req_id);
	assert_int_equal(misp_event(&h, &ev, &d), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(ev,
	    "Event"), "Attribute")), 2);
	attr(ev, "summary: no answer\nreason: overdue");
	json_decref(ev);
	hdr_done(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_types),
		cmocka_unit_test(test_import_shapes),
		cmocka_unit_test(test_import_events),
		cmocka_unit_test(test_import_hostile),
		cmocka_unit_test(test_import_limits),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_export_tlp),
		cmocka_unit_test(test_export_prose),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
