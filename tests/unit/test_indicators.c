/*
 * indicators: every type inferred from a plain list in its canonical
 * form, the defanged spellings, each refusal with its exact why and line,
 * request bodies and envelopes with their window, repeats, and the caps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "limits.h"
#include "schema.h"
#include "tutil.h"

/* What fault() was handed, one "LINE: why" per line. */
struct faults {
	char	text[4096];
	int	n;
};

static void
fault(void *arg, uint64_t line, const char *why)
{
	struct faults *f = arg;
	size_t n = strlen(f->text);

	(void)snprintf(f->text + n, sizeof(f->text) - n, "%llu: %s\n",
	    (unsigned long long)line, why);
	f->n++;
}

static void
test_infer(void **state)
{
	static const struct {
		const char	*in;
		enum ioc_type	 type;
		const char	*out;
	} ok[] = {
		{ "203.0.113.7", IOC_IPV4, "203.0.113.7" },
		{ " \t203.0.113.7\r", IOC_IPV4, "203.0.113.7" },
		{ "203[.]0[.]113[.]7", IOC_IPV4, "203.0.113.7" },
		{ "203(.)0(.)113[dot]7", IOC_IPV4, "203.0.113.7" },
		{ "0.0.0.0", IOC_IPV4, "0.0.0.0" },
		{ "2001:DB8:0:0:0:0:0:1", IOC_IPV6, "2001:db8::1" },
		{ "2001:db8::0:1", IOC_IPV6, "2001:db8::1" },
		{ "[2001:db8::1]", IOC_IPV6, "2001:db8::1" },
		{ "2001:db8[:]:1", IOC_IPV6, "2001:db8::1" },
		{ "::FFFF:192.0.2.1", IOC_IPV6, "::ffff:192.0.2.1" },
		{ "198.51.100.0/24", IOC_CIDR, "198.51.100.0/24" },
		{ "198[.]51[.]100[.]0/24", IOC_CIDR, "198.51.100.0/24" },
		{ "0.0.0.0/0", IOC_CIDR, "0.0.0.0/0" },
		{ "1.2.3.0/024", IOC_CIDR, "1.2.3.0/24" },
		{ "2001:DB8:0::/32", IOC_CIDR, "2001:db8::/32" },
		{ "203.0.113.7/32", IOC_CIDR, "203.0.113.7/32" },
		{ "Evil.Example.COM.", IOC_DOMAIN, "evil.example.com" },
		{ "evil[dot]example(.)com", IOC_DOMAIN, "evil.example.com" },
		{ "_dmarc.example.com", IOC_DOMAIN, "_dmarc.example.com" },
		{ "xn--bcher-kva.example", IOC_DOMAIN, "xn--bcher-kva.example" },
		{ "123.example", IOC_DOMAIN, "123.example" },
		{ "deadbeef.cafe", IOC_DOMAIN, "deadbeef.cafe" },
		{ "https://Evil.example/a?b=1#c", IOC_URL,
		  "https://Evil.example/a?b=1#c" },
		{ "HTTP://x.example/", IOC_URL, "http://x.example/" },
		{ "hxxps://evil[.]example/p", IOC_URL, "https://evil.example/p" },
		{ "hXXp[:]//x[.]example/p", IOC_URL, "http://x.example/p" },
		{ "hxxpool[.]example", IOC_DOMAIN, "hxxpool.example" },
		{ "ftp://198.51.100.9/x", IOC_URL, "ftp://198.51.100.9/x" },
		{ "Alice@Example.ORG", IOC_EMAIL, "Alice@example.org" },
		{ "alice[at]example[.]org", IOC_EMAIL, "alice@example.org" },
		{ "bob[@]example.org.", IOC_EMAIL, "bob@example.org" },
		/* All decimal digits, and still a digest by its length. */
		{ "12345678901234567890123456789012", IOC_MD5,
		    "12345678901234567890123456789012" },
		{ "1234567890123456789012345678901234567890", IOC_SHA1,
		    "1234567890123456789012345678901234567890" },
		{ "D41D8CD98F00B204E9800998ECF8427E", IOC_MD5,
		  "d41d8cd98f00b204e9800998ecf8427e" },
		{ "da39a3ee5e6b4b0d3255bfef95601890afd80709", IOC_SHA1,
		  "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
		  IOC_SHA256,
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	};
	char out[HL_MAX_INDICATOR_LEN + 1], why[512];
	enum ioc_type type;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (ioc_infer(ok[i].in, strlen(ok[i].in), &type, out,
		    sizeof(out), why, sizeof(why)) != 0)
			fail_msg("%s: %s", ok[i].in, why);
		assert_int_equal(type, ok[i].type);
		assert_string_equal(out, ok[i].out);
		/* What a request could carry as it is. */
		assert_int_equal(schema_indicator_check(ioc_type_names[type],
		    out, why, sizeof(why)), 0);
	}
}

static void
test_infer_refused(void **state)
{
	static const struct {
		const char	*in;
		const char	*why;
	} bad[] = {
		{ "", "empty" },
		{ " \r", "empty" },
		{ "198.51.100.1/24", "host bits set after /24: the network is "
		  "198.51.100.0/24" },
		{ "2001:db8::1/32", "host bits set after /32: the network is "
		  "2001:db8::/32" },
		{ "1.2.3.4/33", "not a network: the length must be from 0 to "
		  "32" },
		{ "2001:db8::/129", "not a network: the length must be from 0 "
		  "to 128" },
		{ "evil.com/path", "not a network (address/length) nor a URL "
		  "(scheme://...)" },
		{ "10.0.0.256", "not an IPv4 address" },
		{ "01.2.3.4", "not an IPv4 address" },
		{ "1.2.3", "not an IPv4 address" },
		{ "203.0.113.7:22", "an address and a port: write the address "
		  "alone" },
		{ "2001:db8::g", "not an IPv6 address" },
		{ "2001:db8::1%eth0", "not an IPv6 address" },
		{ "localhost", "not an address, network, domain, URL, e-mail "
		  "address or hash" },
		{ "d41d8cd98f00b204e9800998ecf8427",
		  "31 hex digits: not an MD5 (32), SHA-1 (40) or SHA-256 (64)" },
		{ "-evil.com", "not a valid domain: not a lower-case domain "
		  "name" },
		{ "evil..com", "not a valid domain: not a lower-case domain "
		  "name" },
		{ "ev*l.com", "not a valid domain: not a lower-case domain "
		  "name" },
		{ "@example.org", "not a valid email: not an e-mail address "
		  "(local@lower-case.domain)" },
		{ "alice@localhost", "not a valid email: not an e-mail address "
		  "(local@lower-case.domain)" },
		{ "203.0.113.7 scanner", "more than one value: a blank at byte "
		  "11 (one value a line; cut -f1 keeps a feed's first column)" },
		{ "203.0.113.7\t10", "more than one value: a blank at byte "
		  "11 (one value a line; cut -f1 keeps a feed's first column)" },
		{ "\xc3\xa9vil.com", "non-ASCII byte at 0: write a domain in "
		  "its xn-- form, percent-encode a URL" },
		{ "ev\x01l.com", "control character at byte 2" },
		{ "ev\x7fl.com", "control character at byte 2" },
	};
	char out[HL_MAX_INDICATOR_LEN + 1], why[512], *big;
	enum ioc_type type;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ioc_infer(bad[i].in, strlen(bad[i].in), &type, out,
		    sizeof(out), why, sizeof(why)) != HL_EINVAL)
			fail_msg("%s: taken as %s", bad[i].in, out);
		assert_string_equal(why, bad[i].why);
		assert_string_equal(out, "");
	}
	/* A NUL inside is a control character, not the end. */
	assert_int_equal(ioc_infer("a.b\0c.d", 7, &type, out, sizeof(out),
	    why, sizeof(why)), HL_EINVAL);
	assert_string_equal(why, "control character at byte 3");
	/* The longest value, and one byte more. */
	big = malloc(HL_MAX_INDICATOR_LEN + 2);
	assert_non_null(big);
	memcpy(big, "http://x.example/", 17);
	memset(big + 17, 'a', HL_MAX_INDICATOR_LEN + 1 - 17);
	assert_int_equal(ioc_infer(big, HL_MAX_INDICATOR_LEN, &type, out,
	    sizeof(out), why, sizeof(why)), 0);
	assert_int_equal(strlen(out), HL_MAX_INDICATOR_LEN);
	assert_int_equal(ioc_infer(big, HL_MAX_INDICATOR_LEN + 1, &type, out,
	    sizeof(out), why, sizeof(why)), HL_EINVAL);
	assert_string_equal(why, "longer than 2048 bytes");
	free(big);
	/* Too small an output is the caller's mistake. */
	assert_int_equal(ioc_infer("1.2.3.4", 7, &type, out, 16, why,
	    sizeof(why)), HL_EINVAL);
}

static void
test_list(void **state)
{
	static const char list[] =
	    "# scanners seen this week\n"
	    "203.0.113.7\n"
	    "\n"
	    "   \t\n"
	    "198.51.100.1/24\n"
	    "evil[.]example # the C2\n"
	    "203.0.113.7\r\n"
	    "https://evil.example/x#frag\n"
	    "not-a-thing\n"
	    "EVIL.example\n"
	    "2001:db8::1";
	struct ind_list l = { .v = NULL };
	struct faults f = { .n = 0 };
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(ind_parse("list.txt", list, sizeof(list) - 1, &l,
	    fault, &f, &d), 2);
	assert_string_equal(f.text, "5: host bits set after /24: the network "
	    "is 198.51.100.0/24\n9: not an address, network, domain, URL, "
	    "e-mail address or hash\n");
	assert_int_equal(l.from, IND_FROM_LIST);
	assert_false(l.has_window);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.repeats, 2);
	assert_int_equal(l.v[0].type, IOC_IPV4);
	assert_string_equal(l.v[0].value, "203.0.113.7");
	assert_int_equal(l.v[0].line, 2);
	assert_int_equal(l.v[1].type, IOC_DOMAIN);
	assert_string_equal(l.v[1].value, "evil.example");
	assert_int_equal(l.v[1].len, 12);
	assert_int_equal(l.v[1].line, 6);
	/* A '#' with no blank before it is the URL's. */
	assert_int_equal(l.v[2].type, IOC_URL);
	assert_string_equal(l.v[2].value, "https://evil.example/x#frag");
	assert_int_equal(l.v[3].type, IOC_IPV6);
	assert_int_equal(l.v[3].line, 11);
	ind_list_free(&l);
	/* Nothing at all is an empty list, not an error. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(ind_parse("empty", "", 0, &l, fault, &f, &d), 0);
	assert_int_equal(l.n, 0);
	ind_list_free(&l);
	/* No fault() given: the count still says. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(ind_parse("x", "bogus\n1.2.3.4\n", 14, &l, NULL,
	    NULL, &d), 1);
	assert_int_equal(l.n, 1);
	ind_list_free(&l);
	/* A byte-order mark is not part of the first value. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(ind_parse("x", "\xef\xbb\xbf" "1.2.3.4\n", 11, &l,
	    NULL, NULL, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].value, "1.2.3.4");
	assert_int_equal(l.v[0].line, 1);
	ind_list_free(&l);
	/* The same value as two types is two indicators. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(ind_parse("x", "1.2.3.4\n1.2.3.4/32\n", 19, &l,
	    NULL, NULL, &d), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.repeats, 0);
	ind_list_free(&l);
}

static void
test_body(void **state)
{
	static const char body[] =
	    "\xef\xbb\xbf  {\"category\": \"scanning\", \"summary\": \"x\",\n"
	    " \"observed\": {\"start\": \"2026-11-20T00:00:00Z\","
	    " \"end\": \"2026-11-26T23:59:59+01:00\"},\n"
	    " \"indicators\": [{\"type\": \"ipv4\", \"value\": \"203.0.113.7\","
	    " \"count\": 1200, \"first_seen\": \"2026-11-21T00:00:00Z\"},\n"
	    "  {\"type\": \"ipv6\", \"value\": \"2001:DB8::1\"},\n"
	    "  {\"type\": \"hostname\", \"value\": \"a.example\"},\n"
	    "  {\"type\": \"domain\"},\n"
	    "  \"evil.example\",\n"
	    "  {\"type\": \"cidr\", \"value\": \"198.51.100.0/24\"},\n"
	    "  {\"type\": \"ipv4\", \"value\": \"203.0.113.7\"},\n"
	    "  {\"type\": \"domain\", \"value\": \" evil.example\"},\n"
	    "  {\"type\": \"url\", \"value\": \"http://a.example/\\u0000x\"}]}";
	struct ind_list l = { .v = NULL };
	struct faults f = { .n = 0 };
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(ind_parse("body.json", body, sizeof(body) - 1, &l,
	    fault, &f, &d), 6);
	assert_string_equal(f.text,
	    "0: indicators[1].value: not in canonical form; write "
	    "2001:db8::1\n"
	    "0: indicators[2].type: must be one of: ipv4, ipv6, cidr, domain, "
	    "url, email, md5, sha1, sha256\n"
	    "0: indicators[3].value: must be a string\n"
	    "0: indicators[4]: must be an object\n"
	    "0: indicators[7].value: not a lower-case domain name\n"
	    "0: indicators[8].value: control character at byte 17\n");
	assert_int_equal(l.from, IND_FROM_BODY);
	assert_true(l.has_window);
	assert_int_equal(l.start, 1795132800);
	assert_int_equal(l.end, 1795733999);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.repeats, 1);
	assert_string_equal(l.v[0].value, "203.0.113.7");
	assert_int_equal(l.v[0].line, 0);
	assert_int_equal(l.v[1].type, IOC_CIDR);
	ind_list_free(&l);
}

static void
test_envelope(void **state)
{
	static const char env[] =
	    "{\"v\": 1, \"type\": \"request\", \"from\": \"cert.aa\","
	    " \"body\": {\"indicators\": [{\"type\": \"md5\", \"value\":"
	    " \"D41D8CD98F00B204E9800998ECF8427E\"}, {\"type\": \"sha1\","
	    " \"value\": \"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}]}}";
	static const struct {
		const char	*json;
		const char	*msg;
	} bad[] = {
		{ "{\"type\": \"response\", \"body\": {\"indicators\": []}}",
		  "an envelope of type 'response', not a request" },
		{ "{\"type\": 7, \"body\": {\"indicators\": []}}",
		  "an envelope of type '?', not a request" },
		{ "{\"body\": [1]}", "body: must be an object" },
		{ "{\"body\": {\"summary\": \"x\"}}", "body: no indicators" },
		{ "{\"summary\": \"x\"}", "neither a request body (no "
		  "indicators) nor a request envelope (no body)" },
		{ "{\"indicators\": {}}", "indicators: must be an array" },
		{ "{\"body\": {\"indicators\": 1}}", "body.indicators: must be "
		  "an array" },
		{ "{\"indicators\": [], \"observed\": \"2026\"}",
		  "observed: must be {\"start\": TIME, \"end\": TIME}" },
		{ "{\"indicators\": [], \"observed\": {\"start\": \"2026-11-20\","
		  " \"end\": \"2026-11-21T00:00:00Z\"}}",
		  "observed.start: must be an RFC 3339 time" },
		{ "{\"indicators\": [], \"observed\": {\"start\": "
		  "\"2026-11-22T00:00:00Z\", \"end\": \"2026-11-21T00:00:00Z\"}}",
		  "observed: end is before start" },
		{ "{\"body\": {\"indicators\": [], \"observed\": {\"start\": "
		  "\"2026-11-22T00:00:00Z\"}}}",
		  "body.observed: must be {\"start\": TIME, \"end\": TIME}" },
	};
	struct ind_list l = { .v = NULL };
	struct faults f = { .n = 0 };
	struct hl_diag d;

	(void)state;
	hl_diag_clear(&d);
	assert_int_equal(ind_parse("env.json", env, sizeof(env) - 1, &l, fault,
	    &f, &d), 1);
	assert_string_equal(f.text, "0: body.indicators[0].value: must be 32 "
	    "lower-case hex digits\n");
	assert_int_equal(l.from, IND_FROM_ENVELOPE);
	assert_false(l.has_window);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].type, IOC_SHA1);
	ind_list_free(&l);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&l, 0, sizeof(l));
		hl_diag_clear(&d);
		assert_int_equal(ind_parse("x.json", bad[i].json,
		    strlen(bad[i].json), &l, fault, &f, &d), HL_EINVAL);
		assert_string_equal(d.msg, bad[i].msg);
		assert_string_equal(d.path, "x.json");
		ind_list_free(&l);
	}
	/* Not JSON, though it starts as an object; keys given twice. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(ind_parse("x.json", "{\"indicators\": [", 16, &l,
	    fault, &f, &d), HL_EINVAL);
	assert_non_null(strstr(d.msg, "not JSON ("));
	assert_int_equal(ind_parse("x.json", "{\"indicators\": [], "
	    "\"indicators\": []}", 36, &l, fault, &f, &d), HL_EINVAL);
	assert_non_null(strstr(d.msg, "not JSON ("));
	/* Deeper than any envelope: refused before jansson builds it. */
	{
		char deep[64];

		memset(deep, '[', sizeof(deep));
		deep[0] = '{';
		assert_int_equal(ind_parse("x.json", deep, sizeof(deep), &l,
		    fault, &f, &d), HL_EINVAL);
	}
	ind_list_free(&l);
}

static void
test_caps(void **state)
{
	size_t n = (size_t)HL_MAX_MATCH_INDICATORS + 1, at = 0, last = 0;
	struct ind_list l = { .v = NULL };
	struct hl_diag d;
	char *big;

	(void)state;
	/* The size is checked before a byte is read. */
	hl_diag_clear(&d);
	assert_int_equal(ind_parse("big", "", (size_t)HL_MAX_INDICATOR_FILE + 1,
	    &l, NULL, NULL, &d), HL_EINVAL);
	assert_string_equal(d.msg, "larger than 536870912 bytes");
	/* One more distinct indicator than a run takes: 0.0.0.0 upwards. */
	big = malloc(n * 16);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++) {
		last = at;
		at += (size_t)snprintf(big + at, 16, "%zu.%zu.%zu.%zu\n",
		    i >> 24, (i >> 16) & 255, (i >> 8) & 255, i & 255);
	}
	hl_diag_clear(&d);
	assert_int_equal(ind_parse("big", big, at, &l, NULL, NULL, &d),
	    HL_ETOOBIG);
	assert_string_equal(d.msg, "line 4000001: more than 4000000 "
	    "indicators");
	ind_list_free(&l);
	/* A repeat is not one more: the last line again as the first. */
	memset(&l, 0, sizeof(l));
	memcpy(big + last, "0.0.0.0\n", 8);
	assert_int_equal(ind_parse("big", big, last + 8, &l, NULL, NULL, &d),
	    0);
	assert_int_equal(l.n, HL_MAX_MATCH_INDICATORS);
	assert_int_equal(l.repeats, 1);
	ind_list_free(&l);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_infer),
		cmocka_unit_test(test_infer_refused),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_caps),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
