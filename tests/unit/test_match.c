/*
 * match: every matching rule of hotline.1 (MATCHING), each with what
 * must be found and what must not, over small logs written here; the
 * counts, times and where of the findings; the formats' values; the
 * inputs that are skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "hl.h"
#include "match.h"
#include "schema.h"
#include "tutil.h"

static char *dir;

/* An indicator list from "type value" strings, NULL-ended. */
static void
list(struct ind_list *l, const char *const *spec)
{
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; spec[i] != NULL; i++) {
		const char *sp = strchr(spec[i], ' ');
		int t;

		assert_non_null(sp);
		for (t = 0; t < IOC_NTYPES; t++)
			if (strlen(ioc_type_names[t]) == (size_t)(sp - spec[i]) &&
			    strncmp(ioc_type_names[t], spec[i],
			    (size_t)(sp - spec[i])) == 0)
				break;
		assert_true(t < IOC_NTYPES);
		l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
		assert_non_null(l->v);
		l->v[l->n].type = (enum ioc_type)t;
		l->v[l->n].value = strdup(sp + 1);
		l->v[l->n].len = strlen(sp + 1);
		l->v[l->n].line = 0;
		l->n++;
	}
}

static void
list_free(struct ind_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].value);
	free(l->v);
}

/* A file of the test's scratch directory with text in it. */
static const char *
file(const char *name, const char *text)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];

	(void)snprintf(p, 512, "%s/%s", dir, name);
	tu_write(p, text, strlen(text));
	return p;
}

/*
 * Matches spec's indicators in a log holding text: counts into got, and
 * what was seen of the first indicator into seen0 if it is not NULL.
 */
static void
run_seen(const char *const *spec, const char *name, const char *text,
    const struct match_opts *o, uint64_t *got, struct match_input *inp,
    struct match_seen *seen0)
{
	struct ind_list l;
	struct match_set *s;
	struct match_input in = { .path = file(name, text) };
	struct hl_diag d;
	size_t i;

	list(&l, spec);
	assert_int_equal(match_set_new(&l, &s), 0);
	assert_int_equal(match_file(o, s, &in, &d), 0);
	for (i = 0; i < l.n; i++)
		got[i] = match_seen(s, i)->count;
	if (inp != NULL)
		*inp = in;
	if (seen0 != NULL)
		*seen0 = *match_seen(s, 0);
	match_set_free(s);
	list_free(&l);
}

static void
run_opts(const char *const *spec, const char *name, const char *text,
    const struct match_opts *o, uint64_t *got, struct match_input *inp)
{
	run_seen(spec, name, text, o, got, inp, NULL);
}

static void
run(const char *const *spec, const char *name, const char *text,
    uint64_t *got)
{
	struct match_opts o = { .threads = 1 };

	run_opts(spec, name, text, &o, got, NULL);
}

static void
test_ipv4(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1", "ipv4 192.0.2.7",
		NULL };
	uint64_t got[2];

	(void)state;
	/* Whole, with a port, as a URL's host, in brackets, zero-padded;
	 * 10.0.0.10, 110.0.0.1 and 10.0.0.1.5 are other values. */
	run(spec, "v4.log",
	    "a 10.0.0.1 b\n"
	    "from 10.0.0.1:443 to x\n"
	    "GET http://10.0.0.1/x\n"
	    "[10.0.0.1]\n"
	    "10.0.0.10 110.0.0.1 10.0.0.1.5 10.0.0.1x\n"
	    "address=192.0.2.7, then 192.0.2.7.\n"
	    "padded 010.000.000.001\n", got);
	assert_int_equal(got[0], 5);
	assert_int_equal(got[1], 1);	/* twice on one line: one event */
}

static void
test_ipv6(void **state)
{
	static const char *const spec[] = { "ipv6 2001:db8::1",
		"ipv4 198.51.100.9", NULL };
	uint64_t got[2];

	(void)state;
	run(spec, "v6.log",
	    "2001:DB8:0:0:0:0:0:1\n"
	    "x [2001:db8::1]:443 y\n"
	    "2001:0db8:0000::0001\n"
	    "http://[2001:db8::1]/path\n"
	    "2001:db8::10 2001:db8::1:0\n"
	    "::ffff:198.51.100.9\n", got);
	assert_int_equal(got[0], 4);
	assert_int_equal(got[1], 1);	/* IPv4-mapped is the IPv4 address */
}

static void
test_cidr(void **state)
{
	static const char *const spec[] = { "cidr 10.0.0.0/8",
		"cidr 2001:db8::/32", "cidr 192.0.2.5/32", "ipv4 192.0.2.5",
		"cidr 0.0.0.0/0", NULL };
	uint64_t got[5];

	(void)state;
	run(spec, "cidr.log",
	    "10.0.0.0\n"
	    "10.255.255.255\n"
	    "11.0.0.0 9.255.255.255\n"
	    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\n"
	    "2001:db9:: 2001:db7:ffff::\n"
	    "192.0.2.5\n", got);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], 1);
	/* A /32 and the address itself share a key; both are counted. */
	assert_int_equal(got[2], 1);
	assert_int_equal(got[3], 1);
	assert_int_equal(got[4], 4);	/* every IPv4 line: 1, 2, 3, 6 */
}

static void
test_domain(void **state)
{
	static const char *const spec[] = { "domain google.com",
		"domain gle.com", "domain example.org", NULL };
	uint64_t got[3];

	(void)state;
	run(spec, "dns.log",
	    "query www.google.com A\n"
	    "GOOGLE.COM.\n"
	    "google.com\n"
	    "https://Mail.Google.com:8443/x\n"
	    "to: someone@google.com\n"
	    "google.com.evil.net notgoogle.com google.co\n"
	    "example.org.\n", got);
	assert_int_equal(got[0], 5);
	/* Label boundary: gle.com is not in google.com. */
	assert_int_equal(got[1], 0);
	assert_int_equal(got[2], 1);
}

static void
test_url(void **state)
{
	static const char *const spec[] = { "url http://example.com",
		"url https://x.example.com:443/a?b=1", "url http://e.com/A",
		NULL };
	uint64_t got[3];

	(void)state;
	run(spec, "url.log",
	    "HTTP://EXAMPLE.COM/\n"
	    "http://example.com:80/\n"
	    "http://example.com/a\n"
	    "https://X.Example.com/a?b=1\n"
	    "https://x.example.com/a?b=2\n"
	    "http://e.com/a\n", got);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 0);	/* the path keeps its case */
}

static void
test_email(void **state)
{
	static const char *const spec[] = { "email bob@example.com", NULL };
	uint64_t got[1];

	(void)state;
	run(spec, "mail.log",
	    "from=<Bob@Example.COM> size=10\n"
	    "Bob Smith <bob@example.com>\n"
	    "mailto:bob@example.com\n"
	    "bob@example.community alice@example.com xbob@example.com\n",
	    got);
	assert_int_equal(got[0], 3);
}

static void
test_hashes(void **state)
{
	static const char *const spec[] = {
		"md5 d41d8cd98f00b204e9800998ecf8427e",
		"sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		NULL };
	uint64_t got[3];

	(void)state;
	run(spec, "hash.log",
	    "md5=D41D8CD98F00B204E9800998ECF8427E\n"
	    "d41d8cd98f00b204e9800998ecf8427e0 x\n"
	    "sha1 DA39A3EE5E6B4B0D3255BFEF95601890AFD80709.\n"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
	    got);
	assert_int_equal(got[0], 1);	/* not inside a longer hex run */
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 1);
}

static const char zeek_http[] =
    "#separator \\x09\n"
    "#set_separator\t,\n"
    "#empty_field\t(empty)\n"
    "#unset_field\t-\n"
    "#path\thttp\n"
    "#fields\tts\tid.orig_h\thost\turi\ttags\tuser_agent\n"
    "#types\ttime\taddr\tstring\tstring\tset[string]\tstring\n"
    "1700000000.5\t10.0.0.1\tevil.example.com\t/payload\tbad.example.net,x\t-\n"
    "1700000100.0\t10.0.0.2\t-\t/\t(empty)\tgood.example.net,bad.example.net\n"
    "1700000200.0\t10.0.0.3\tother.org\t/\\x2fq\t-\tevil.example.com\n";

static void
test_zeek(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1",
		"domain bad.example.net", "url http://evil.example.com/payload",
		"domain example.com", "domain good.example.net",
		"url http://other.org//q", NULL };
	struct match_opts o = { .threads = 1 };
	struct match_input in;
	uint64_t got[6];

	(void)state;
	run_opts(spec, "http.log", zeek_http, &o, got, &in);
	assert_int_equal(got[0], 1);
	/* A set's elements are values; a string field is one value. */
	assert_int_equal(got[1], 1);
	/* host and uri of an http.log row are a URL. */
	assert_int_equal(got[2], 1);
	assert_int_equal(got[3], 2);
	assert_int_equal(got[4], 0);
	assert_int_equal(got[5], 1);	/* \x2f is decoded */
	assert_string_equal(in.format, "zeek");
	assert_int_equal(in.events, 3);
	assert_int_equal(in.blank, 7);
}

static void
test_json(void **state)
{
	static const char *const spec[] = { "url http://evil.com/x",
		"ipv4 10.0.0.1", "domain evil.com", "ipv4 192.0.2.1",
		"url http://www.evil.com/login", "sha256 "
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		NULL };
	struct match_opts o = { .threads = 1 };
	struct match_input in;
	uint64_t got[6];

	(void)state;
	run_opts(spec, "eve.json",
	    "{\"timestamp\":\"2026-11-27T10:00:00.000000+0000\","
	    "\"event_type\":\"alert\",\"src_ip\":\"\\u0031\\u0030.0.0.1\","
	    "\"x\":{\"y\":[\"http:\\/\\/evil.com\\/x\"]}}\n"
	    "{\"timestamp\":\"2026-11-27T11:00:00+0000\",\"event_type\":"
	    "\"http\",\"src_ip\":\"192.0.2.1\",\"http\":{\"hostname\":"
	    "\"www.evil.com\",\"url\":\"/login\"}}\n"
	    "{\"a\": \"10.0.0.1 is not a value\", \"n\": 10.0}\n"
	    "{\"bad\": \"192.0.2.1\"\n"
	    "{\"h\": \"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\"}\n",
	    &o, got, &in);
	assert_int_equal(got[0], 1);	/* escapes decoded */
	assert_int_equal(got[1], 1);	/* a string is one value */
	assert_int_equal(got[2], 2);
	assert_int_equal(got[3], 1);	/* not in the line that is not JSON */
	assert_int_equal(got[4], 1);	/* EVE's http.hostname + http.url */
	assert_int_equal(got[5], 1);
	assert_int_equal(in.events, 4);
	assert_int_equal(in.malformed, 1);
	assert_int_equal(in.first_bad, 4);
	assert_string_equal(in.format, "eve");
}

/* Counted once per event; first and last times; where, in file order. */
static void
test_where(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1", NULL };
	const char *paths[2];
	struct ind_list l;
	struct match_set *s;
	struct match_opts o = { .threads = 1 };
	struct match_input a = { .path = NULL }, b = { .path = NULL };
	const struct match_seen *w;
	struct hl_diag d;
	json_t *found, *missing;
	char *js;

	(void)state;
	list(&l, spec);
	assert_int_equal(match_set_new(&l, &s), 0);
	a.path = paths[0] = file("a.json",
	    "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"src_ip\":\"10.0.0.1\","
	    "\"dest_ip\":\"10.0.0.1\"}\n"
	    "{\"timestamp\":\"2026-11-27T09:00:00Z\",\"n\":[1,{\"k\":"
	    "\"10.0.0.1\"}]}\n");
	b.index = 1;
	b.path = paths[1] = file("b.log",
	    "Nov 27 12:00:00 host sshd[1]: Failed password from 10.0.0.1\n");
	assert_int_equal(match_file(&o, s, &a, &d), 0);
	assert_int_equal(match_file(&o, s, &b, &d), 0);
	w = match_seen(s, 0);
	assert_int_equal(w->count, 3);
	assert_int_equal(w->first, 1795770000);	/* 2026-11-27T09:00:00Z */
	assert_int_equal(w->last, 1795780800);	/* 12:00, year from mtime */
	assert_int_equal(b.syslog_year, 2026);
	assert_int_equal(w->nwhere, 3);
	assert_int_equal(match_json(s, paths, &found, &missing), 0);
	js = json_dumps(found, JSON_COMPACT);
	assert_non_null(js);
	{
		char want[2048];

		(void)snprintf(want, sizeof(want),
		    "[{\"indicator\":{\"type\":\"ipv4\",\"value\":\"10.0.0.1\"},"
		    "\"count\":3,\"first_seen\":\"2026-11-27T09:00:00Z\","
		    "\"last_seen\":\"2026-11-27T12:00:00Z\",\"where\":["
		    "\"%s:1 src_ip\",\"%s:2 n[1].k\",\"%s:1 col 52\"]}]",
		    paths[0], paths[0], paths[1]);
		assert_string_equal(js, want);
	}
	free(js);
	/* A response's findings, by the schema's own check. */
	assert_int_equal(schema_findings_check(found, &d), 0);
	assert_int_equal(json_array_size(missing), 0);
	json_decref(found);
	json_decref(missing);
	match_set_free(s);
	list_free(&l);
}

static void
test_window(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1", NULL };
	struct match_opts o = { .threads = 1, .since = 1795770000 + 1,
	    .until = 1795780800 };
	struct match_input in;
	uint64_t got[1];

	(void)state;
	/* [since, until): 09:00 is before, 12:00 is at the end, 10:00 in,
	 * and a line with no time is counted. */
	run_opts(spec, "w.json",
	    "{\"timestamp\":\"2026-11-27T09:00:00Z\",\"a\":\"10.0.0.1\"}\n"
	    "{\"timestamp\":\"2026-11-27T12:00:00Z\",\"a\":\"10.0.0.1\"}\n"
	    "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"a\":\"10.0.0.1\"}\n"
	    "{\"a\":\"10.0.0.1\"}\n", &o, got, &in);
	assert_int_equal(got[0], 2);
	assert_int_equal(in.filtered, 2);
}

static void
test_text_tokens(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1",
		"domain example.com", "ipv6 fe80::", NULL };
	uint64_t got[3];

	(void)state;
	/* Delimiters " ' < > ( ) [ ] { } , ; | =; trailing . and : go. */
	run(spec, "t.log",
	    "'10.0.0.1'\n(10.0.0.1)\n{10.0.0.1}\n;10.0.0.1|\n"
	    "host example.com: up\nsee example.com.\n"
	    "fe80:: up\n10.0.0.1/24 x\n", got);
	assert_int_equal(got[0], 4);
	assert_int_equal(got[1], 2);
	assert_int_equal(got[2], 1);
}

static void
test_web_time(void **state)
{
	static const char *const spec[] = { "ipv4 203.0.113.5", NULL };
	struct match_opts o = { .threads = 1 };
	struct match_input in;
	struct match_seen w;
	uint64_t got[1];

	(void)state;
	run_seen(spec, "access.log", "203.0.113.5 - - [10/Oct/2026:13:55:36 "
	    "-0700] \"GET /a HTTP/1.1\" 200 2326 \"-\" \"curl\"\n", &o, got,
	    &in, &w);
	assert_int_equal(got[0], 1);
	assert_int_equal(w.first, 1791665736);
	assert_string_equal(in.format, "web");
	assert_int_equal(in.syslog_year, 0);
}

static void
test_gzip_and_binary(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1", NULL };
	struct ind_list l;
	struct match_set *s;
	struct match_opts o = { .threads = 1 };
	struct match_input in = { .path = NULL }, bin = { .path = NULL },
	    no = { .path = NULL };
	struct hl_diag d;
	char path[512];
	gzFile g;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/x.log.gz", dir);
	assert_non_null(g = gzopen(path, "wb"));
	assert_true(gzputs(g, "a 10.0.0.1\nb 10.0.0.1\n") > 0);
	assert_int_equal(gzclose(g), Z_OK);
	list(&l, spec);
	assert_int_equal(match_set_new(&l, &s), 0);
	in.path = path;
	assert_int_equal(match_file(&o, s, &in, &d), 0);
	assert_int_equal(match_seen(s, 0)->count, 2);
	bin.path = file("bin.dat", "x");
	tu_write(bin.path, "10.0.0.1\n\0\x01\x02 10.0.0.1\n", 22);
	assert_int_equal(match_file(&o, s, &bin, &d), 0);
	assert_true(bin.binary);
	assert_int_equal(match_seen(s, 0)->count, 2);	/* nothing of it */
	{
		/* A gzip stream cut short: what was read counts, and the file
		 * is named by its hash all the same. */
		struct match_input cut = { .path = NULL };
		uint8_t *z;
		size_t zn;

		z = tu_readfile(path, &zn);
		cut.path = file("cut.log.gz", "x");
		tu_write(cut.path, z, zn - 12);
		free(z);
		assert_int_equal(match_file(&o, s, &cut, &d), HL_EIO);
		assert_int_equal(strlen(cut.sha256), 64);
		assert_int_equal(cut.size, zn - 12);
	}
	no.path = "/nonexistent/x.log";
	assert_int_equal(match_file(&o, s, &no, &d), HL_EIO);
	assert_string_equal(d.path, "/nonexistent/x.log");
	match_set_free(s);
	list_free(&l);
}

/* What the review of issue 13 found, each kept from coming back. */
static void
test_review(void **state)
{
	static const char *const spec[] = { "url http:///x",
		"email Bob@example.com", "email bob@example.com",
		"ipv6 2001:db8::1", "ipv4 192.0.2.1", "domain evil.example.com",
		"domain evil.example", NULL };
	struct match_opts o = { .threads = 1 };
	struct match_input in;
	uint64_t got[7];

	(void)state;
	run_opts(spec, "r.json",
	    /* A URL with no host to normalise is looked for as written. */
	    "{\"u\":\"http:///x\"}\n"
	    /* Two spellings of one address share its key and its count. */
	    "{\"m\":\"BOB@example.com\",\"n\":\"bob@EXAMPLE.com\"}\n"
	    /* Brackets and a port in a JSON value. */
	    "{\"a\":\"[2001:db8::1]:443\",\"b\":\"[192.0.2.1]:80\"}\n"
	    "{\"a\":\"[2001:db8::1]\"}\n"
	    /* Not JSON: a number that is not one. */
	    "{\"a\": 10.0.0.1, \"b\": \"192.0.2.1\"}\n"
	    /* Many labels, and a name with a port. */
	    "{\"h\":\"a.b.c.d.e.f.evil.example.com\",\"s\":\"evil.example:443\"}\n",
	    &o, got, &in);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 1);
	assert_int_equal(got[3], 2);
	assert_int_equal(got[4], 1);
	assert_int_equal(got[5], 1);
	assert_int_equal(got[6], 1);	/* with its port; not a suffix of .com */
	assert_int_equal(in.malformed, 1);
	assert_int_equal(in.first_bad, 5);
}

/* The domain rule on a value that is not a name: its end is looked at. */
static void
test_domain_tail(void **state)
{
	static const char *const spec[] = { "domain _tcp.local",
		"domain x.evil.com", "domain evil.com", NULL };
	uint64_t got[3];

	(void)state;
	run(spec, "tail.json",
	    "{\"q\":\"nougat [28:d2:44:0f:4c:e9]._workstation._tcp.local\"}\n"
	    "{\"s\":\"came from host x.evil.com\"}\n"
	    "{\"s\":\"see http://a/ then y.evil.com.\"}\n"
	    "{\"s\":\"evil.com is down\"}\n", got);
	assert_int_equal(got[0], 1);
	/* "... host x.evil.com" ends with ".evil.com", not ".x.evil.com". */
	assert_int_equal(got[1], 0);
	assert_int_equal(got[2], 2);
}

/* A web log's time is the server's, not one the client wrote before it. */
static void
test_web_time_forged(void **state)
{
	static const char *const spec[] = { "ipv4 203.0.113.9", NULL };
	struct match_opts o = { .threads = 1, .since = 1795773600 };
	struct match_input in;
	uint64_t got[1];

	(void)state;
	run_opts(spec, "forged.log",
	    "203.0.113.9 - [01/Jan/2000:00:00:00 +0000] [27/Nov/2026:10:00:01 "
	    "+0000] \"GET /[01/Jan/2000:00:00:00 +0000] HTTP/1.1\" 200 1\n"
	    "2026-11-27 10:00:02 user '[01/Jan/2000:00:00:00 +0000]' from "
	    "203.0.113.9\n", &o, got, &in);
	/* The first at its own time; the second has none: both counted. */
	assert_int_equal(got[0], 2);
	assert_int_equal(in.filtered, 0);
}

/* Offsets cannot take a time outside what a finding can write. */
static void
test_time_range(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1", NULL };
	struct match_opts o = { .threads = 1 };
	struct match_seen w;
	uint64_t got[1];

	(void)state;
	run_seen(spec, "range.json",
	    "{\"timestamp\":\"1970-01-01T00:30:00+01:00\",\"a\":\"10.0.0.1\"}\n"
	    "{\"timestamp\":\"9999-12-31T23:30:00-01:00\",\"a\":\"10.0.0.1\"}\n",
	    &o, got, NULL, &w);
	assert_int_equal(got[0], 2);
	assert_int_equal(w.first, 0);
	assert_int_equal(w.last, 0);
}

/* Every event outside the window is counted as such, found or not. */
static void
test_filtered_all(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1", NULL };
	struct match_opts o = { .threads = 1, .since = 1795773600 };
	struct match_input in;
	uint64_t got[1];

	(void)state;
	run_opts(spec, "f.json",
	    "{\"timestamp\":\"2026-11-27T09:00:00Z\",\"a\":\"10.0.0.1\"}\n"
	    "{\"timestamp\":\"2026-11-27T09:00:00Z\",\"a\":\"10.0.0.2\"}\n"
	    "{\"timestamp\":\"2026-11-27T09:00:00Z\"}\n", &o, got, &in);
	assert_int_equal(got[0], 0);
	assert_int_equal(in.filtered, 3);
}

/* A tap's view: every value of a line with its field. */
static void
tap(void *arg, const char *v, size_t n, const char *field)
{
	char *out = arg;
	size_t k = strlen(out);

	(void)snprintf(out + k, 1024 - k, "%s=%.*s|", field, (int)n, v);
}

static void
test_values(void **state)
{
	const char *line;
	char out[1024];

	(void)state;
	out[0] = '\0';
	line = "a=b, \"c d\" e.";
	match_values(MATCH_TEXT, NULL, 0, line, strlen(line), tap, out);
	assert_string_equal(out, "col 1=a|col 3=b|col 7=c|col 9=d|col 12=e.|"
	    "col 12=e|");
	out[0] = '\0';
	line = "{\"k\":[\"a\\tb\",1.5e3,true,{\"m\":null,\"n\":\"x\"}]}";
	match_values(MATCH_JSON, NULL, 0, line, strlen(line), tap, out);
	assert_string_equal(out, "k[0]=a\tb|k[1]=1.5e3|k[3].n=x|");
	out[0] = '\0';
	line = "1.0\t10.0.0.9\th.org\t/\ta,b\tc,d";
	match_values(MATCH_ZEEK, zeek_http, strlen(zeek_http), line,
	    strlen(line), tap, out);
	assert_string_equal(out, "id.orig_h=10.0.0.9|host=h.org|uri=/|tags=a|"
	    "tags=b|user_agent=c,d|host+uri=http://h.org/|");
}

/* A big plain file read by two threads finds what one thread finds. */
static void
test_threads(void **state)
{
	static const char *const spec[] = { "ipv4 10.0.0.1",
		"domain example.com", NULL };
	struct ind_list l;
	struct match_set *s1, *s2;
	struct match_opts o1 = { .threads = 1 }, o2 = { .threads = 2 };
	struct match_input a = { .path = NULL }, b = { .path = NULL };
	struct hl_diag d;
	char path[512];
	FILE *f;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/big.log", dir);
	assert_non_null(f = fopen(path, "w"));
	for (int i = 0; i < 1100000; i++)
		(void)fprintf(f, "Nov 27 10:%02d:%02d host x[1]: %s from "
		    "10.0.%d.%d padding padding padding\n", i / 60 % 60, i % 60,
		    i % 1000 == 0 ? "www.example.com" : "nothing",
		    i % 7 == 0 ? 0 : 1, i % 5 == 0 ? 1 : 2);
	assert_int_equal(fclose(f), 0);
	list(&l, spec);
	assert_int_equal(match_set_new(&l, &s1), 0);
	assert_int_equal(match_set_new(&l, &s2), 0);
	a.path = b.path = path;
	assert_int_equal(match_file(&o1, s1, &a, &d), 0);
	assert_int_equal(match_file(&o2, s2, &b, &d), 0);
	assert_int_equal(a.parts, 1);
	assert_int_equal(b.parts, 2);
	assert_int_equal(a.lines, b.lines);
	assert_int_equal(a.events, b.events);
	for (size_t i = 0; i < l.n; i++) {
		const struct match_seen *x = match_seen(s1, i),
		    *y = match_seen(s2, i);

		assert_int_equal(x->count, y->count);
		assert_int_equal(x->first, y->first);
		assert_int_equal(x->last, y->last);
		assert_int_equal(x->nwhere, y->nwhere);
		for (size_t k = 0; k < x->nwhere; k++)
			assert_int_equal(x->where[k].line, y->where[k].line);
	}
	/* i % 35 == 0 and i % 5 == 0 ... counted by the formula: */
	{
		uint64_t want = 0;

		for (int i = 0; i < 1100000; i++)
			want += i % 7 == 0 && i % 5 == 0;
		assert_int_equal(match_seen(s1, 0)->count, want);
	}
	assert_int_equal(match_seen(s1, 1)->count, 1100);
	match_set_free(s1);
	match_set_free(s2);
	list_free(&l);
}

static int
setup(void **state)
{
	(void)state;
	if (hl_init() != 0)
		return -1;
	dir = tu_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_domain),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_zeek),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_text_tokens),
		cmocka_unit_test(test_web_time),
		cmocka_unit_test(test_gzip_and_binary),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_domain_tail),
		cmocka_unit_test(test_web_time_forged),
		cmocka_unit_test(test_time_range),
		cmocka_unit_test(test_filtered_all),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
