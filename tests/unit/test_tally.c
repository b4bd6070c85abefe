/*
 * tally, table, provenance and request: a file into the tally with its
 * counts, skips and filters; the rows and their text; the method under
 * them; a request body; the cap, with exact results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "limits.h"
#include "provenance.h"
#include "request.h"
#include "table.h"
#include "tally.h"
#include "tutil.h"

/* tests/origins, beside tests/vectors (HL_VECTORS). */
static void
fixture(const char *name, char *out, size_t n)
{
	const char *v = getenv("HL_VECTORS");

	assert_non_null(v);
	(void)snprintf(out, n, "%s/../origins/%s", v, name);
}

/* The lines handed over, joined by newlines. */
static void
collect(void *arg, const char *text)
{
	char *s = arg;
	size_t n = strlen(s);

	(void)snprintf(s + n, 4096 - n, "%s\n", text);
}

static void
read_list(struct tally_opts *o, struct tally_input *in,
    struct origins_tally *t, char *path, size_t max)
{
	struct hl_diag d;

	fixture("list.txt", path, 256);
	memset(in, 0, sizeof(*in));
	in->path = path;
	origins_tally_init(t, max);
	hl_diag_clear(&d);
	assert_int_equal(tally_file(o, in, t, &d), 0);
}

static void
test_file(void **state)
{
	struct tally_opts o = { .format = ORIGINS_AUTO, .threads = 2 };
	struct tally_input in;
	struct origins_tally t;
	char path[256], text[4096] = "", want[512];

	(void)state;
	read_list(&o, &in, &t, path, 0);
	assert_int_equal(in.format, ORIGINS_LIST);
	assert_int_equal(in.lines, 11);
	assert_int_equal(in.events, 8);
	assert_int_equal(in.skipped[SKIP_BLANK], 2);
	assert_int_equal(in.first[SKIP_BLANK], 1);
	assert_int_equal(in.skipped[SKIP_NOT_ADDRESS], 1);
	assert_int_equal(in.first[SKIP_NOT_ADDRESS], 11);
	assert_int_equal(in.size, 176);
	assert_string_equal(in.sha256, "6e110729f2cedce58000f2026679f3331cbc"
	    "21eed99a559929fd89411b08dd4f");
	assert_int_equal(t.n, 7);
	assert_int_equal(t.events, 8);
	tally_faults(&in, collect, text);
	(void)snprintf(want, sizeof(want), "%s:11: no valid address (1 line)\n",
	    path);
	assert_string_equal(text, want);
	origins_tally_free(&t);

	/* --event: a list has no event type, so every event is filtered */
	o.event = "alert";
	read_list(&o, &in, &t, path, 0);
	assert_int_equal(in.events, 0);
	assert_int_equal(in.skipped[SKIP_FILTERED], 8);
	assert_int_equal(in.first[SKIP_FILTERED], 2);
	assert_int_equal(t.n, 0);
	origins_tally_free(&t);
}

static void
test_cap(void **state)
{
	struct tally_opts o = { .format = ORIGINS_LIST, .threads = 1 };
	struct tally_input in;
	struct origins_tally t;
	char path[256];

	(void)state;
	assert_int_equal(tally_cap("3"), 3);
	assert_int_equal(tally_cap(NULL), HL_MAX_ORIGINS_ADDRS);
	assert_int_equal(tally_cap("0"), HL_MAX_ORIGINS_ADDRS);
	assert_int_equal(tally_cap("3x"), HL_MAX_ORIGINS_ADDRS);
	assert_int_equal(tally_cap("99999999999"), HL_MAX_ORIGINS_ADDRS);
	/* 5.1.1.1 twice, 31.2.2.2, 31.3.3.0/24; then 45.4.4.4 is over */
	read_list(&o, &in, &t, path, 3);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.events, 4);
	assert_int_equal(t.over, 4);
	assert_int_equal(t.over_line, 7);
	assert_int_equal(in.events, 8);
	origins_tally_free(&t);
}

/*
 * A big plain file with --threads 2 is counted by two threads, and to
 * the same numbers as by one (the only way to tell is to ask: the
 * counts are the same either way, by design).
 */
static void
test_two_threads(void **state)
{
	struct tally_opts o = { .format = ORIGINS_AUTO, .threads = 2 };
	struct tally_input in[2];
	struct origins_tally t[2];
	char *dir = tu_tmpdir(), path[256];
	struct hl_diag d;
	FILE *f;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/big.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	/* 14 bytes a line, 5 million lines: over READER_SPLIT_MIN */
	for (unsigned i = 0; i < 5000000; i++)
		(void)fprintf(f, "203.0.%u.%u\n", 100 + (i / 250) % 100,
		    100 + i % 100);
	assert_int_equal(fclose(f), 0);
	for (int k = 0; k < 2; k++) {
		o.threads = 2 - k;
		memset(&in[k], 0, sizeof(in[k]));
		in[k].path = path;
		origins_tally_init(&t[k], 0);
		hl_diag_clear(&d);
		assert_int_equal(tally_file(&o, &in[k], &t[k], &d), 0);
	}
	assert_int_equal(in[0].parts, 2);
	assert_int_equal(in[1].parts, 1);
	assert_int_equal(in[0].lines, 5000000);
	assert_int_equal(in[0].events, in[1].events);
	assert_int_equal(t[0].n, 10000);
	assert_int_equal(t[0].n, t[1].n);
	assert_int_equal(t[0].events, t[1].events);
	assert_string_equal(in[0].sha256, in[1].sha256);
	origins_tally_free(&t[0]);
	origins_tally_free(&t[1]);
	tu_rmrf(dir);
	free(dir);
}

static void
test_table(void **state)
{
	struct tally_opts o = { .format = ORIGINS_AUTO, .threads = 2 };
	struct table tb = { .by = TABLE_COUNTRY, .by_addresses = true };
	struct provenance p = { .version = "9.9.9", .how = &o, .table = &tb };
	struct tally_input in;
	struct origins_tally t;
	struct geo_meta gm;
	struct hl_diag d;
	struct geo *g;
	char path[256], db[256], text[4096] = "", want[2048];
	json_t *j;

	(void)state;
	read_list(&o, &in, &t, path, 0);
	fixture("country.mmdb", db, sizeof(db));
	assert_int_equal(geo_open(db, &g, &gm, &d), 0);
	assert_int_equal(table_group(&tb, g, &t, &d), 0);
	assert_int_equal(tb.n, 6);
	assert_int_equal(tb.total, 7);
	assert_int_equal(table_csv(&tb, collect, text), 0);
	assert_string_equal(text,
	    "country,events,addresses,share,first_seen,last_seen\n"
	    "RU,2,2,0.2857,,\n" "DE,1,1,0.1429,,\n" "NL,2,1,0.1429,,\n"
	    "US,1,1,0.1429,,\n" "private,1,1,0.1429,,\n"
	    "unknown,1,1,0.1429,,\n");
	/* --top 1, by events */
	tb.top = 1;
	tb.by_addresses = false;
	table_free(&tb);
	assert_int_equal(table_group(&tb, g, &t, &d), 0);
	text[0] = '\0';
	assert_int_equal(table_text(&tb, collect, text), 0);
	assert_string_equal(text, "COUNTRY        EVENTS  ADDRESSES   SHARE  "
	    "FIRST SEEN            LAST SEEN\n" "NL                  2          "
	    "1   25.0%  -                     -\n");
	j = table_json(&tb);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(j, 0), "country")), "NL");
	json_decref(j);

	/* the method under the table */
	p.in = &in;
	p.nin = 1;
	p.t = &t;
	p.dbpath = db;
	p.db = &gm;
	text[0] = '\0';
	assert_int_equal(provenance_text(&p, collect, text), 0);
	(void)snprintf(want, sizeof(want), "\n"
	    "lines     11: 8 events, 2 blank, comment or header, 1 no valid "
	    "address\n" "share     of events\n"
	    "input     %s (list, 176 bytes, sha256 %s)\n"
	    "database  %s (Hotline-Test-Country, sha256 %s)\n"
	    "hotline   9.9.9\n", path, in.sha256, db, gm.sha256);
	assert_string_equal(text, want);
	j = provenance_json(&p);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "hotline")),
	    "9.9.9");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    j, "parsed"), "addresses")), 7);
	assert_null(json_object_get(json_object_get(j, "parsed"), "over_cap"));
	json_decref(j);
	geo_close(g);
	table_free(&tb);
	origins_tally_free(&t);
}

static void
test_request(void **state)
{
	struct tally_opts o = { .format = ORIGINS_AUTO, .threads = 1 };
	struct table tb = { .by = TABLE_COUNTRY };
	struct provenance p = { .version = "9.9.9", .how = &o, .table = &tb };
	struct tally_input in;
	struct origins_tally t;
	struct request q;
	struct geo_meta gm;
	struct hl_diag d;
	struct geo *g;
	char path[256], db[256];
	json_t *ind;

	(void)state;
	read_list(&o, &in, &t, path, 0);
	fixture("country.mmdb", db, sizeof(db));
	assert_int_equal(geo_open(db, &g, &gm, &d), 0);
	p.in = &in;
	p.nin = 1;
	p.t = &t;
	hl_diag_clear(&d);
	assert_int_equal(request_build(&p, g, &gm, "cert.zz", "ZZ", 1795773600,
	    &q, &d), HL_ENOTFOUND);
	assert_null(q.body);
	assert_string_equal(d.msg, "no address from cert.zz's state (ZZ) in "
	    "these logs");
	assert_int_equal(request_build(&p, g, &gm, "cert.ru", "RU", 1795773600,
	    &q, &d), 0);
	assert_string_equal(q.subject, "Attacks from RU: 2 addresses");
	assert_int_equal(q.addresses, 2);
	assert_int_equal(q.events, 2);
	ind = json_object_get(q.body, "indicators");
	assert_int_equal(json_array_size(ind), 2);
	/* the same count: the address before the CIDR */
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(ind, 0), "value")), "31.2.2.2");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(ind, 1), "type")), "cidr");
	assert_string_equal(json_string_value(json_object_get(q.body,
	    "category")), "scanning");
	assert_non_null(strstr(json_string_value(json_object_get(q.body,
	    "summary")), "Counted by hotline origins 9.9.9 from"));
	json_decref(q.body);
	geo_close(g);
	origins_tally_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_two_threads),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_request),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
