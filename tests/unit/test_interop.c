/*
 * interop: the import builder (canonical values, repeats, refusals
 * reported, the strictest TLP, the widest window), format detection, the
 * CSV and list readers, and the derived ids against an independent UUIDv5.
 */
#include <stdio.h>
#include <string.h>

#include "interop.h"
#include "limits.h"
#include "tutil.h"
#include "tinterop.h"

static char reports[4096];

static void
test_builder(void **state)
{
	struct imp *im = imp_new("src.json");
	char got[1024], *s;
	json_t *b, *sum;

	(void)state;
	assert_non_null(im);
	assert_int_equal(imp_add(im, IOC_IPV4, "203.0.113.7", 11, 0, 0,
	    "a"), 0);
	/* A repeat, spelled otherwise: dropped, its times widen the first. */
	assert_int_equal(imp_add(im, IOC_IPV4, "203[.]0.113.7 ", 14,
	    1764000000, 1764100000, "b"), 0);
	/* A network written as an address type comes out cidr. */
	assert_int_equal(imp_add(im, IOC_IPV4, "10.1.0.0/16", 11, 0, 0, "c"),
	    0);
	assert_int_equal(imp_add(im, IOC_IPV4, "evil.example", 12, 0, 0,
	    "indicator--1"), 1);
	assert_int_equal(imp_add_infer(im, "EVIL.example.", 13, 0, 0, "d"),
	    0);
	imp_skip(im, "pattern", "indicator--2", "AND is not a list of "
	    "indicators");
	imp_tlp(im, TLP_GREEN);
	imp_tlp(im, TLP_AMBER_STRICT);
	imp_tlp(im, TLP_AMBER);
	imp_seen(im, 1764200000);
	imp_seen(im, 1764000000);
	assert_int_equal(imp_set(im, "summary", "first"), 0);
	assert_int_equal(imp_set(im, "summary", "second"), 0);
	assert_int_equal(imp_expect(im, "block-host"), 0);
	assert_int_equal(imp_expect(im, "block-host"), 0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got, "ipv4 203.0.113.7\ncidr 10.1.0.0/16\n"
	    "domain evil.example\n");
	assert_int_equal(imp_count(im), 3);
	assert_int_equal(imp_tlp_of(im), TLP_AMBER_STRICT);
	assert_int_equal(imp_nreports(im), 2);
	ti_reports(im, reports, sizeof(reports));
	assert_string_equal(reports, "indicator--1: ipv4 'evil.example': a "
	    "domain, not an ipv4\nindicator--2: AND is not a list of "
	    "indicators\n");
	b = imp_body(im);
	s = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"expectations\":[\"block-host\"],"
	    "\"indicators\":[{\"first_seen\":\"2025-11-24T16:00:00Z\","
	    "\"last_seen\":\"2025-11-25T19:46:40Z\",\"type\":\"ipv4\","
	    "\"value\":\"203.0.113.7\"},{\"type\":\"cidr\",\"value\":"
	    "\"10.1.0.0/16\"},{\"type\":\"domain\",\"value\":"
	    "\"evil.example\"}],\"observed\":{\"end\":"
	    "\"2025-11-26T23:33:20Z\",\"start\":\"2025-11-24T16:00:00Z\"},"
	    "\"summary\":\"first\"}");
	free(s);
	json_decref(b);
	sum = imp_summary(im, IMP_STIX);
	s = json_dumps(sum, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"format\":\"stix\",\"indicators\":3,"
	    "\"not_imported\":2,\"repeats\":1,\"reports\":[{\"where\":"
	    "\"indicator--1\",\"why\":\"ipv4 'evil.example': a domain, not an "
	    "ipv4\"},{\"where\":\"indicator--2\",\"why\":\"AND is not a list "
	    "of indicators\"}],\"skipped\":{\"invalid value\":1,\"pattern\":"
	    "1},\"source\":\"src.json\",\"tlp\":\"amber+strict\"}");
	free(s);
	json_decref(sum);
	imp_free(im);
}

static void
test_hostile_text(void **state)
{
	/* A cut character, a control, invalid UTF-8, then valid UTF-8. */
	static const char v[] = "\xc3\x28\x1b[2J\xff\xed\xa0\x80" "caf\xc3\xa9";
	struct imp *im = imp_new("x");
	json_t *sum;
	char where[200];

	(void)state;
	memset(where, 'w', sizeof(where) - 1);
	where[sizeof(where) - 1] = '\0';
	where[3] = '\n';
	assert_int_equal(imp_add(im, IOC_DOMAIN, v, sizeof(v) - 1, 0, 0,
	    where), 1);
	ti_reports(im, reports, sizeof(reports));
	/* where cut at 128 bytes; every bad byte one '?'. */
	assert_int_equal(strchr(reports, ':') - reports, 128);
	assert_non_null(strstr(reports, "domain '?(?[2J????caf\xc3\xa9': "));
	assert_non_null(sum = imp_summary(im, IMP_LIST));
	json_decref(sum);
	imp_free(im);
}

static void
test_limit(void **state)
{
	struct imp *im = imp_new("big");
	char v[32];
	int r = 0;

	(void)state;
	for (int i = 0; i <= HL_MAX_INDICATORS && r == 0; i++) {
		(void)snprintf(v, sizeof(v), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		r = imp_add_infer(im, v, strlen(v), 0, 0, "x");
	}
	assert_int_equal(r, HL_ETOOBIG);
	assert_int_equal(imp_count(im), HL_MAX_INDICATORS);
	assert_int_equal(imp_add_infer(im, "10.255.0.1", 10, 0, 0, "y"),
	    HL_ETOOBIG);
	/* Said once, counted each time. */
	assert_int_equal(imp_nreports(im), 1);
	imp_free(im);
}

static void
test_detect(void **state)
{
	(void)state;
	assert_int_equal(imp_detect("{\"type\": \"bundle\"}", 18), IMP_STIX);
	assert_int_equal(imp_detect("\xef\xbb\xbf {\"Event\": {}}", 17),
	    IMP_MISP);
	assert_int_equal(imp_detect("[{\"Event\": {}}]", 15), IMP_MISP);
	assert_int_equal(imp_detect("\n<?xml version=\"1.0\"?>", 22),
	    IMP_IODEF);
	assert_int_equal(imp_detect("type,value\nipv4,1.2.3.4\n", 24),
	    IMP_CSV);
	assert_int_equal(imp_detect("1.2.3.4\nevil.example\n", 21),
	    IMP_LIST);
	assert_int_equal(imp_detect("", 0), IMP_LIST);
}

static void
test_csv_list(void **state)
{
	static const char csv[] = "uuid,type,value,comment\r\n"
	    "u1,ipv4,203.0.113.9,\"a, quoted \"\"comment\"\"\"\r\n"
	    "u2,domain,\"Evil.Example\",x\r\n"
	    "u3,ipv4,evil.example,wrong type\r\n"
	    "u4,ip-dst,198.51.100.1,a type of another tool: inferred\r\n";
	static const char misp_csv[] = "uuid,type,value,to_ids,comment\n"
	    "u1,ipv4,192.0.2.1,1,\"a comment\nwith 192.0.2.77 inside\"\n"
	    "u2,ipv4,8.8.8.8,0,context\nu3\n"
	    "u4,domain,evil.example,True,x\nu5,ipv4,\"192.0.2.5\n";
	static const char headless[] = "203.0.113.9,first column\n"
	    "hxxp://evil.example/x\tignored\n";
	static const char list[] = "# feed\n203.0.113.9\n\n  evil[.]example "
	    "# a comment\nnot a value\n";
	struct hl_diag d;
	struct imp *im;
	char got[1024];

	(void)state;
	hl_diag_clear(&d);
	im = imp_new("f.csv");
	assert_int_equal(imp_read(IMP_CSV, "f.csv", csv, sizeof(csv) - 1, im,
	    &d), 0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got, "ipv4 203.0.113.9\ndomain evil.example\n"
	    "ipv4 198.51.100.1\n");
	ti_reports(im, reports, sizeof(reports));
	assert_string_equal(reports, "line 4: ipv4 'evil.example': a domain, "
	    "not an ipv4\n");
	imp_free(im);

	/*
	 * A quoted field spans lines and says nothing; to_ids 0 is context;
	 * a short row and a quote that never ends are said.
	 */
	im = imp_new("m.csv");
	assert_int_equal(imp_read(IMP_CSV, "m.csv", misp_csv,
	    sizeof(misp_csv) - 1, im, &d), 0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got, "ipv4 192.0.2.1\ndomain evil.example\n");
	ti_reports(im, reports, sizeof(reports));
	assert_string_equal(reports, "line 4: to_ids is 0 (for context, not "
	    "detection): not imported\n"
	    "line 5: 1 field: no value column (field 3)\n"
	    "line 7: a quoted field that never ends: the rest of the file is "
	    "not read\n");
	imp_free(im);

	im = imp_new("g.csv");
	assert_int_equal(imp_read(IMP_CSV, "g.csv", headless,
	    sizeof(headless) - 1, im, &d), 0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got, "ipv4 203.0.113.9\n");
	assert_int_equal(imp_nreports(im), 1);
	imp_free(im);

	im = imp_new("l.txt");
	assert_int_equal(imp_read(IMP_LIST, "l.txt", list, sizeof(list) - 1,
	    im, &d), 0);
	ti_lines(im, got, sizeof(got));
	assert_string_equal(got, "ipv4 203.0.113.9\ndomain evil.example\n");
	ti_reports(im, reports, sizeof(reports));
	assert_string_equal(reports, "line 5: 'not a value': more than one "
	    "value: a blank at byte 3 (one value a line; cut -f1 keeps a "
	    "feed's first column)\n");
	imp_free(im);
}

static void
test_ids(void **state)
{
	static const uint8_t stix_ns[16] = { 0x00, 0xab, 0xed, 0xb4, 0xaa,
		0x42, 0x46, 0x6c, 0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9,
		0xb7 };
	static const char name[] = "{\"hashes\":{\"MD5\":"
	    "\"1717b7fff97d37a1e1a0029d83492de1\"},\"name\":\"resume.pdf\"}";
	char u[INTEROP_UUID_LEN], id[128], t[INTEROP_TIME_LEN];

	(void)state;
	/* The STIX 2.1 SCO namespace and an OASIS example's file id. */
	interop_uuid5(stix_ns, name, sizeof(name) - 1, u);
	assert_string_equal(u, "364fe3e5-b1f4-5ba3-b951-ee5983b3538d");
	/* Python's uuid.uuid5(the hotline namespace, "identity:cert.aa"). */
	interop_id("identity", "identity:cert.aa", id, sizeof(id));
	assert_string_equal(id,
	    "identity--f5286bf5-85b8-5fb7-9d41-9b4b35808894");
	interop_time_ms(1764000000, t);
	assert_string_equal(t, "2025-11-24T16:00:00.000Z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builder),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_csv_list),
		cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
