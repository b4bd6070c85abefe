/*
 * iodef: hostile XML refused with the exact error (DTDs, entities near and
 * far, billion laughs, depth, node budget, encodings, truncation, v1), the
 * mapping in (each construct taken or reported, with its line), and the
 * export: valid shapes, the same bytes twice, a response's ids its
 * request's, and export-then-import the same typed set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop.h"
#include "iodef.h"
#include "limits.h"
#include "schema.h"
#include "tutil.h"
#include "tinterop.h"

#define HEAD	"<IODEF-Document version=\"2.00\" " \
	"xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\" " \
	"xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
#define INC	"<Incident purpose=\"reporting\" restriction=\"default\">"
#define TAIL	"</Incident></IODEF-Document>"

static char reports[8192];

/* Imports s; returns the error, the body's "type value" lines in got. */
static int
import(const char *s, size_t n, char *got, size_t gotsz, struct imp **imp,
    struct hl_diag *d)
{
	struct imp *im = imp_new("t.xml");
	json_t *b, *v;
	size_t i, o = 0;
	int r;

	assert_non_null(im);
	hl_diag_clear(d);
	r = iodef_import("t.xml", s, n, im, d);
	*got = '\0';
	ti_reports(im, reports, sizeof(reports));
	b = imp_body(im);
	json_array_foreach(json_object_get(b, "indicators"), i, v)
		o += (size_t)snprintf(got + o, gotsz - o, "%s %s\n",
		    json_string_value(json_object_get(v, "type")),
		    json_string_value(json_object_get(v, "value")));
	json_decref(b);
	if (imp != NULL)
		*imp = im;
	else
		imp_free(im);
	return r;
}

static void
refused(const char *s, size_t n, int err, const char *msg)
{
	struct hl_diag d;
	char got[256];

	assert_int_equal(import(s, n, got, sizeof(got), NULL, &d), err);
	assert_string_equal(d.msg, msg);
	assert_string_equal(got, "");
	assert_string_equal(d.path, "");
}

#define REFUSED(s, err, msg)	refused((s), sizeof(s) - 1, (err), (msg))
#define IMPORT(s, got, im, d)	import((s), sizeof(s) - 1, (got), \
	sizeof(got), (im), (d))

#define DTD	"a DTD or entity is not accepted (XXE, billion laughs)"

static void
test_hostile(void **state)
{
	char *big;
	size_t n, o;

	(void)state;
	REFUSED("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "
	    "\"file:///etc/passwd\">]>\n" HEAD INC "&e;" TAIL, HL_EPARSE,
	    "line 2: " DTD);
	REFUSED("<!DOCTYPE x [<!ENTITY e SYSTEM \"http://127.0.0.1:9/\">]>"
	    HEAD INC "&e;" TAIL, HL_EPARSE, "line 1: " DTD);
	REFUSED("<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/\"> "
	    "%p;]>" HEAD INC TAIL, HL_EPARSE, "line 1: " DTD);
	REFUSED("<?xml version=\"1.0\"?>\n<!DOCTYPE l [\n<!ENTITY a \"lol\">"
	    "\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c "
	    "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<l>&c;</l>", HL_EPARSE,
	    "line 2: " DTD);
	/* A DOCTYPE alone, internal or external, is refused as well. */
	REFUSED("<!DOCTYPE IODEF-Document>\n" HEAD INC TAIL, HL_EPARSE,
	    "line 1: " DTD);
	REFUSED("\n<!DOCTYPE IODEF-Document SYSTEM \"http://127.0.0.1:9/d\">"
	    HEAD INC TAIL, HL_EPARSE, "line 2: " DTD);
	/* With no DTD an entity cannot be declared: any is one too many. */
	REFUSED(HEAD INC "\n<Description>&x;</Description>" TAIL, HL_EPARSE,
	    "line 2: " DTD);
	REFUSED("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" HEAD INC
	    "<Description>caf\xe9</Description>" TAIL, HL_EPARSE,
	    "encoding 'ISO-8859-1' declared: an IODEF document is read as "
	    "UTF-8 only");
	REFUSED("<\0I\0O\0", HL_EPARSE, "a NUL byte: an IODEF document is "
	    "read as UTF-8 only");
	REFUSED(HEAD INC "<IncidentID name=\"x\">1</Inci", HL_EPARSE,
	    "line 1: expected '>'");
	REFUSED(HEAD "<Incident purpose=\"reporting\">", HL_EPARSE,
	    "line 1: Premature end of data in tag Incident line 1");
	REFUSED("", HL_EPARSE, "line 1: Document is empty");
	REFUSED("<IODEF-Document version=\"1.00\" xmlns=\"urn:ietf:params:"
	    "xml:ns:iodef-1.0\"><Incident purpose=\"reporting\"/>"
	    "</IODEF-Document>", HL_ESCHEMA, "an IODEF v1 document (RFC "
	    "5070): hotline reads IODEF v2 (RFC 7970, urn:ietf:params:xml:"
	    "ns:iodef-2.0) only");
	REFUSED("<IODEF-Document version=\"3.00\" xmlns=\"urn:ietf:params:"
	    "xml:ns:iodef-2.0\">" INC TAIL, HL_ESCHEMA, "IODEF-Document "
	    "version '3.00', not 2.00");
	REFUSED("<IODEF-Document/>", HL_ESCHEMA, "the root element is "
	    "'IODEF-Document', not an IODEF-Document");
	REFUSED("<foo xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\"/>",
	    HL_ESCHEMA, "the root element is 'foo', not an IODEF-Document");
	REFUSED(HEAD "</IODEF-Document>", HL_ESCHEMA, "an IODEF-Document "
	    "with no Incident");

	/* 10,000 deep: refused at HL_MAX_IMPORT_DEPTH + 1, no tree past. */
	n = 10000;
	assert_non_null(big = malloc(sizeof(HEAD) + 7 * n + 32));
	o = (size_t)sprintf(big, "%s", HEAD);
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(big + o, "<a>");
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(big + o, "</a>");
	o += (size_t)sprintf(big + o, "</IODEF-Document>");
	refused(big, o, HL_EDEPTH, "line 1: elements nested deeper than 64");
	free(big);

	/* 60 MB of empty elements: stopped at the node budget. */
	n = 15 * 1000 * 1000;
	assert_non_null(big = calloc(1, HL_MAX_IMPORT_FILE + 1));
	o = (size_t)sprintf(big, "%s", HEAD INC);
	for (size_t i = 0; i < n; i++, o += 4)
		memcpy(big + o, "<a/>", 4);
	o += (size_t)sprintf(big + o, "%s", TAIL);
	refused(big, o, HL_ETOOBIG, "line 1: more than 2000000 elements, "
	    "attributes and texts");
	/* One byte past the file limit: refused before any parse. */
	refused(big, HL_MAX_IMPORT_FILE + 1, HL_ETOOBIG, "larger than "
	    "67108864 bytes");
	free(big);
}

static void
test_xinclude(void **state)
{
	struct hl_diag d;
	char got[256];

	(void)state;
	/* Never followed, and said. */
	assert_int_equal(IMPORT(HEAD INC "\n<xi:include xmlns:xi=\"http://"
	    "www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" "
	    "parse=\"text\"/>" TAIL, got, NULL, &d), 0);
	assert_string_equal(got, "");
	assert_string_equal(reports, "line 2 include: XInclude is never "
	    "followed: include what it names yourself\n");
}

static const char request_xml[] =
	HEAD "\n"
	"<Incident purpose=\"mitigation\" restriction=\"green\">\n"
	"<IncidentID name=\"a\">1</IncidentID>\n"
	"<StartTime>2026-11-20T10:00:00+01:00</StartTime>\n"
	"<GenerationTime>2026-11-21T00:00:00Z</GenerationTime>\n"
	"<Description>  Two &amp; more  </Description>\n"
	"<Assessment><SystemImpact severity=\"high\"/></Assessment>\n"
	"<Contact role=\"creator\" type=\"organization\"><Email><EmailTo>"
	"me@cert.example</EmailTo></Email></Contact>\n"
	"<EventData><Expectation action=\"block-host\"/>\n"
	"<Expectation action=\"ext-value\" ext-action=\"training\"/>\n"
	"<Expectation action=\"ext-value\" ext-action=\"pray\"/>\n"
	"<Flow><System category=\"source\"><Node>\n"
	"<Address category=\"ipv4-addr\"> 192.0.2.1 </Address>\n"
	"<Address category=\"mac\">00:00:5e:00:53:01</Address>\n"
	"</Node></System>\n"
	"<System category=\"target\"><Node>\n"
	"<Address category=\"ipv4-addr\">203.0.113.1</Address>\n"
	"</Node></System></Flow>\n"
	"<Record><RecordData><FileData><File><HashData scope=\"file-contents\">"
	"<Hash>\n"
	"<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#"
	"sha256\"/><ds:DigestValue>\n  47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZ\n"
	"  G3hSuFU=\n</ds:DigestValue></Hash>\n"
	"<Hash><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#"
	"sha256\"/><ds:DigestValue>e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
	"649b934ca495991b7852b855</ds:DigestValue></Hash>\n"
	"</HashData></File></FileData></RecordData></Record></EventData>\n"
	"<IndicatorData restriction=\"need-to-know\"><Indicator>\n"
	"<IndicatorID name=\"a\" version=\"1\">i1</IndicatorID>\n"
	"<StartTime>2026-11-19T00:00:00Z</StartTime>\n"
	"<IndicatorExpression operator=\"or\">\n"
	"<Observable><DomainData><Name>EVIL.example</Name></DomainData>"
	"</Observable>\n"
	"<Observable><BulkObservable type=\"site-uri\"><BulkObservableList>\n"
	"  http://evil.example/a\n"
	"\n"
	"  http://evil.example/b c\n"
	"</BulkObservableList></BulkObservable></Observable>\n"
	"<ObservableReference uid-ref=\"far\"/>\n"
	"<ObservableReference uid-ref=\"nowhere\"/>\n"
	"<IndicatorExpression>\n"
	"<Observable><Address category=\"ipv4-addr\">198.51.100.9</Address>"
	"</Observable>\n"
	"<Observable><EmailData><EmailFrom>x@evil.example</EmailFrom>"
	"</EmailData></Observable>\n"
	"</IndicatorExpression>\n"
	"</IndicatorExpression></Indicator></IndicatorData>\n"
	"</Incident>\n"
	"<Incident purpose=\"reporting\"><IncidentID name=\"a\">2</IncidentID>"
	"\n<EventData><Flow><System category=\"intermediate\"><Node>"
	"<Address observable-id=\"far\" category=\"ipv6-net\">2001:db8::/32"
	"</Address></Node></System></Flow></EventData>\n"
	"</Incident></IODEF-Document>\n";

static void
test_import(void **state)
{
	struct imp *im;
	struct hl_diag d;
	char got[2048];
	json_t *b;

	(void)state;
	assert_int_equal(IMPORT(request_xml, got, &im, &d), 0);
	assert_string_equal(got,
	    "ipv4 192.0.2.1\n"
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	    "7852b855\n"
	    "domain evil.example\n"
	    "url http://evil.example/a\n"
	    "cidr 2001:db8::/32\n");
	assert_string_equal(reports,
	    "line 11 Expectation: action ext-value pray is not one a request "
	    "takes\n"
	    "line 14 Address: an Address of category mac has no hotline "
	    "type\n"
	    "line 17 Address: in a System of category target, not a source: "
	    "the victim, not what to look for\n"
	    "line 24 Hash: the DigestValue of a sha256 is 32 bytes of base64, "
	    "and 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c' is not "
	    "(is it hex? xmldsig writes base64)\n"
	    "line 34 BulkObservableList: url 'http://evil.example/b c': a "
	    "blank, control or non-ASCII byte at 21 (a wrapped line?): not "
	    "imported\n"
	    "line 37 ObservableReference: ObservableReference to 'nowhere': "
	    "no element has that observable-id\n"
	    "line 38 IndicatorExpression: an IndicatorExpression 'and' of 2 "
	    "terms: hotline looks for each indicator alone, so not "
	    "imported\n");
	/* The strictest marking: the second Incident has none, so private. */
	assert_int_equal(imp_tlp_of(im), TLP_RED);
	b = imp_body(im);
	assert_string_equal(json_string_value(json_object_get(b, "summary")),
	    "Two & more");
	assert_string_equal(json_string_value(json_object_get(b,
	    "severity")), "high");
	assert_int_equal(json_array_size(json_object_get(b, "expectations")),
	    2);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(b, "expectations"), 1)), "training");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    b, "observed"), "start")), "2026-11-20T09:00:00Z");
	/* The Indicator's StartTime is its values' first sighting. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(b, "indicators"), 2), "first_seen")),
	    "2026-11-19T00:00:00Z");
	json_decref(b);
	imp_free(im);

	/* restriction default: no marking; ext-value names TLP 2.0's. */
	assert_int_equal(IMPORT(HEAD INC TAIL, got, &im, &d), 0);
	assert_int_equal(imp_tlp_of(im), -1);
	imp_free(im);
	assert_int_equal(IMPORT(HEAD "<Incident purpose=\"other\" restriction="
	    "\"ext-value\" ext-restriction=\"TLP:AMBER+STRICT\">" TAIL, got,
	    &im, &d), 0);
	assert_int_equal(imp_tlp_of(im), TLP_AMBER_STRICT);
	imp_free(im);
	assert_int_equal(IMPORT(HEAD "<Incident purpose=\"other\" restriction="
	    "\"ext-value\" ext-restriction=\"secret\">" TAIL, got, &im, &d),
	    0);
	assert_int_equal(imp_tlp_of(im), -1);
	assert_string_equal(reports, "line 1 Incident: a marking that is no "
	    "TLP label nor RFC 7970 restriction: give the request's tlp "
	    "yourself\n");
	imp_free(im);
}

/* A schema-valid request with all nine types, and its response. */
static const char request_body[] = "{\"category\":\"phishing\","
	"\"severity\":\"critical\",\"sector\":\"finance\",\"summary\":"
	"\"a <b> & \\\"c\\\"\\nd\",\"observed\":{\"start\":"
	"\"2026-11-20T10:00:00Z\",\"end\":\"2026-11-21T10:00:00+02:00\"},"
	"\"expectations\":[\"block-host\",\"training\"],\"indicators\":["
	"{\"type\":\"ipv4\",\"value\":\"203.0.113.7\",\"count\":3,"
	"\"first_seen\":\"2026-11-20T10:00:00Z\"},"
	"{\"type\":\"ipv6\",\"value\":\"2001:db8::1\"},"
	"{\"type\":\"cidr\",\"value\":\"198.51.100.0/24\"},"
	"{\"type\":\"cidr\",\"value\":\"2001:db8::/32\"},"
	"{\"type\":\"domain\",\"value\":\"evil.example\"},"
	"{\"type\":\"url\",\"value\":\"http://evil.example/a?b=1&c=<2>\"},"
	"{\"type\":\"email\",\"value\":\"x@evil.example\"},"
	"{\"type\":\"md5\",\"value\":\"d41d8cd98f00b204e9800998ecf8427e\"},"
	"{\"type\":\"sha1\",\"value\":"
	"\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"},"
	"{\"type\":\"sha256\",\"value\":\"e3b0c44298fc1c149afbf4c8996fb924"
	"27ae41e4649b934ca495991b7852b855\"}]}";

static const char response_body[] = "{\"status\":\"final\",\"summary\":"
	"\"seen\",\"actions\":[\"block-host\"],\"findings\":[{\"indicator\":"
	"{\"type\":\"ipv4\",\"value\":\"203.0.113.7\"},\"count\":2,"
	"\"first_seen\":\"2026-11-20T10:00:00Z\",\"last_seen\":"
	"\"2026-11-20T12:00:00Z\",\"where\":[\"conn.log:12 id.orig_h\"]},"
	"{\"indicator\":{\"type\":\"url\",\"value\":"
	"\"http://evil.example/a?b=1&c=<2>\"}}]}";

#define REQ_ID	"0123456789abcdef0123456789abcdef"

static void
hdr(struct envelope_hdr *h, enum msg_type t, const char *body,
    json_t *refs)
{
	json_error_t e;

	memset(h, 0, sizeof(*h));
	h->type = t;
	h->tlp = TLP_AMBER_STRICT;
	h->id = t == MSG_RESPONSE ? "fedcba9876543210fedcba9876543210" :
	    REQ_ID;
	h->from = t == MSG_RESPONSE ? "cert.bb" : "cert.aa";
	h->to = t == MSG_RESPONSE ? "cert.aa" : "cert.bb";
	h->created = 1764000000;
	h->refs = refs;
	assert_non_null(h->body = json_loads(body, 0, &e));
	assert_int_equal(schema_body(t, h->body, "body", NULL), 0);
}

static void
test_export(void **state)
{
	struct envelope_hdr h, r;
	struct buf a, b, c;
	struct hl_diag d;
	struct imp *im;
	json_t *refs = json_pack("[s]", REQ_ID);
	char got[2048], id[128];
	const char *p;

	(void)state;
	hdr(&h, MSG_REQUEST, request_body, NULL);
	buf_init(&a, 1 << 20);
	buf_init(&b, 1 << 20);
	assert_int_equal(iodef_document(&h, &a, &d), 0);
	assert_int_equal(iodef_document(&h, &b, &d), 0);
	/* Deterministic: the same message, the same bytes. */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	p = buf_str(&a);
	assert_non_null(strstr(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "\n<IODEF-Document version=\"2.00\" xml:lang=\"en\" xmlns=\"urn:"
	    "ietf:params:xml:ns:iodef-2.0\" xmlns:ds=\"http://www.w3.org/2000/"
	    "09/xmldsig#\">\n  <Incident purpose=\"mitigation\" restriction="
	    "\"amber\">\n    <IncidentID name=\"cert.aa\">" REQ_ID));
	assert_non_null(strstr(p, "<Description>a &lt;b&gt; &amp; &quot;c"
	    "&quot;\nd</Description>"));
	assert_non_null(strstr(p, "<SystemImpact severity=\"high\"/>"));
	assert_non_null(strstr(p, "<Expectation action=\"ext-value\" "
	    "ext-action=\"training\"/>"));
	assert_non_null(strstr(p, "<ds:DigestValue>47DEQpj8HBSa+/TImW+5JCeuQe"
	    "Rkm5NMpJWZG3hSuFU=</ds:DigestValue>"));
	assert_non_null(strstr(p, "<AdditionalData dtype=\"string\" meaning="
	    "\"tlp\">TLP:AMBER+STRICT</AdditionalData>"));
	interop_id("indicator", "indicator:" REQ_ID ":ipv4:203.0.113.7", id,
	    sizeof(id));
	assert_non_null(strstr(p, id));

	/* Round trip: the same typed set, the same marking and members. */
	assert_int_equal(import(p, a.len, got, sizeof(got), &im, &d), 0);
	assert_string_equal(reports, "");
	assert_string_equal(got, "ipv4 203.0.113.7\nipv6 2001:db8::1\n"
	    "cidr 198.51.100.0/24\ncidr 2001:db8::/32\ndomain evil.example\n"
	    "url http://evil.example/a?b=1&c=<2>\nemail x@evil.example\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e\n"
	    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	    "7852b855\n");
	assert_int_equal(imp_tlp_of(im), TLP_AMBER_STRICT);
	{
		json_t *body = imp_body(im);

		assert_string_equal(json_string_value(json_object_get(body,
		    "summary")), "a <b> & \"c\"\nd");
		assert_string_equal(json_string_value(json_object_get(body,
		    "category")), "phishing");
		assert_string_equal(json_string_value(json_object_get(body,
		    "sector")), "finance");
		json_decref(body);
	}
	imp_free(im);

	/* A response: its findings carry the ids its request's export gave. */
	hdr(&r, MSG_RESPONSE, response_body, refs);
	buf_init(&c, 1 << 20);
	assert_int_equal(iodef_document(&r, &c, &d), 0);
	p = buf_str(&c);
	assert_non_null(strstr(p, "<Incident purpose=\"reporting\" "
	    "restriction=\"amber\" status=\"resolved\">"));
	assert_non_null(strstr(p, "<RelatedActivity>\n      <IncidentID name="
	    "\"cert.aa\">" REQ_ID "</IncidentID>"));
	assert_non_null(strstr(p, "<IndicatorID name=\"cert.aa\" version="
	    "\"1\">"));
	assert_non_null(strstr(p, id));
	assert_non_null(strstr(p, "<AdditionalData dtype=\"string\" meaning="
	    "\"where\">conn.log:12 id.orig_h</AdditionalData>"));
	assert_non_null(strstr(p, "<AdditionalData dtype=\"integer\" meaning="
	    "\"count\">2</AdditionalData>"));
	assert_non_null(strstr(p, "<HistoryItem action=\"block-host\">"));
	assert_int_equal(import(p, c.len, got, sizeof(got), &im, &d), 0);
	assert_string_equal(got, "ipv4 203.0.113.7\n"
	    "url http://evil.example/a?b=1&c=<2>\n");
	imp_free(im);

	/* A ping has nothing to export. */
	json_decref(h.body);
	hdr(&h, MSG_PING, "{}", NULL);
	assert_int_equal(iodef_document(&h, &b, &d), HL_EINVAL);
	assert_string_equal(d.msg, "a ping has nothing to export");

	buf_done(&a);
	buf_done(&b);
	buf_done(&c);
	json_decref(h.body);
	json_decref(r.body);
	json_decref(refs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_xinclude),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_export),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
