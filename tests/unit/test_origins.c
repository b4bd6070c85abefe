/*
 * origins: addresses, special-purpose blocks, format detection and each
 * format's lines, with exact results.
 */
#include <stdio.h>
#include <string.h>

#include "hl.h"
#include "limits.h"
#include "origins.h"
#include "tutil.h"

static void
test_addresses(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;	/* NULL: refused */
		bool		 special;
	} t[] = {
		{ "5.1.1.1", "5.1.1.1", false },
		{ "31.3.3.77/24", "31.3.3.0/24", false },
		{ "2a00:1::1", "2a00:1::1", false },
		{ "2A00:0001:0:0::1/32", "2a00:1::/32", false },
		{ "10.1.2.3", "10.1.2.3", true },
		{ "172.31.255.255", "172.31.255.255", true },
		{ "172.32.0.1", "172.32.0.1", false },
		{ "100.64.0.1", "100.64.0.1", true },
		{ "192.0.2.9", "192.0.2.9", true },
		{ "224.0.0.1", "224.0.0.1", true },
		{ "::1", "::1", true },
		{ "fe80::1", "fe80::1", true },
		{ "fd00::1", "fd00::1", true },
		{ "2001:db8::1", "2001:db8::1", true },
		{ "::ffff:5.1.1.1", "5.1.1.1", false },
		{ "5.1.1.1/33", NULL, false },
		{ "5.1.1.1/0", NULL, false },
		{ "5.1.1.1/", NULL, false },
		{ "5.1.1", NULL, false },
		{ "05.1.1.1", NULL, false },
		{ "5.1.1.1 ", NULL, false },
		{ "", NULL, false },
	};
	struct origins_addr a;
	char s[64];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bool ok = origins_addr_parse(t[i].in, strlen(t[i].in), &a);

		if (ok != (t[i].out != NULL))
			fail_msg("%s: parsed %d", t[i].in, ok);
		if (!ok)
			continue;
		origins_addr_format(&a, s, sizeof(s));
		assert_string_equal(s, t[i].out);
		if (origins_addr_special(&a) != t[i].special)
			fail_msg("%s: special %d", t[i].in, !t[i].special);
	}
}

static void
test_detect(void **state)
{
	static const struct {
		const char		*line;
		enum origins_format	 f;
	} t[] = {
		{ "5.1.1.1", ORIGINS_LIST },
		{ "  31.3.3.0/24   # scanner", ORIGINS_LIST },
		{ "5.1.1.1 - - [27/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" "
		  "200 1", ORIGINS_WEB },
		{ "{\"timestamp\":\"x\",\"event_type\":\"alert\"}", ORIGINS_EVE },
		{ "{\"ts\":1}", ORIGINS_AUTO },
		{ "# a comment", ORIGINS_AUTO },
		{ "Nov 27 10:00:00 host sshd[1]: Failed password", ORIGINS_AUTH },
		{ "2026-11-27T10:00:00.1+00:00 host sshd[1]: x", ORIGINS_AUTH },
		{ "#separator \\x09", ORIGINS_ZEEK },
		{ "{\"ts\":1.5,\"id.orig_h\":\"5.1.1.1\"}", ORIGINS_ZEEKJSON },
		{ "time,Source IP,port", ORIGINS_CSV },
		{ "when,what", ORIGINS_AUTO },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (origins_detect(t[i].line, strlen(t[i].line)) != t[i].f)
			fail_msg("%s: not %s", t[i].line,
			    origins_format_names[t[i].f]);
}

static void
test_lines(void **state)
{
	static const struct {
		enum origins_format	 f;
		const char		*line;
		enum origins_skip	 skip;
		const char		*addr;
		int64_t			 time;
		const char		*type;
	} t[] = {
		{ ORIGINS_LIST, "5.1.1.1 # x", SKIP_NONE, "5.1.1.1", 0, "" },
		{ ORIGINS_LIST, "", SKIP_BLANK, NULL, 0, NULL },
		{ ORIGINS_LIST, "5.1.1.1 6.1.1.1", SKIP_MALFORMED, NULL, 0, NULL },
		{ ORIGINS_LIST, "host.example", SKIP_NOT_ADDRESS, NULL, 0, NULL },
		{ ORIGINS_WEB, "5.1.1.1 - - [27/Nov/2026:10:05:00 +0100] "
		  "\"GET / HTTP/1.1\" 200 5", SKIP_NONE, "5.1.1.1",
		  1795770300, "" },
		/* The user name is the client's: its time is not the line's. */
		{ ORIGINS_WEB, "5.1.1.1 - [01/Jan/2000:00:00:00 +0000] "
		  "[27/Nov/2026:10:05:00 +0100] \"GET /[01/Jan/2000:00:00:00 "
		  "+0000] HTTP/1.1\" 200 5", SKIP_NONE, "5.1.1.1", 1795770300,
		  "" },
		{ ORIGINS_WEB, "5.1.1.1/24 - - [27/Nov/2026:10:05:00 +0100] x",
		  SKIP_NOT_ADDRESS, NULL, 0, NULL },
		{ ORIGINS_WEB, "5.1.1.1 - - [27/Nov/2026:10:05:00]", SKIP_MALFORMED,
		  NULL, 0, NULL },
		{ ORIGINS_EVE, "{\"timestamp\":\"2026-11-27T10:00:00.5+01:00\","
		  "\"event_type\":\"ssh\",\"src_ip\":\"2a00:1::1\"}", SKIP_NONE,
		  "2a00:1::1", 1795770000, "ssh" },
		{ ORIGINS_EVE, "{\"timestamp\":\"2026-11-27T10:00:00Z\","
		  "\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\",\"alert\":"
		  "{\"source\":{\"ip\":\"31.2.2.2\"}}}", SKIP_NONE, "31.2.2.2",
		  1795773600, "alert" },
		{ ORIGINS_EVE, "{\"timestamp\":\"2026-11-27T10:00:00Z\","
		  "\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\","
		  "\"dest_ip\":\"45.4.4.4\",\"direction\":\"to_client\"}",
		  SKIP_NONE, "45.4.4.4", 1795773600, "alert" },
		{ ORIGINS_EVE, "{\"event_type\":\"alert\",\"src_ip\":\"5.1.1.1\"}",
		  SKIP_MALFORMED, NULL, 0, NULL },
		{ ORIGINS_EVE, "{\"timestamp\":\"2026-11-27T10:00:00Z\","
		  "\"event_type\":\"alert\",\"src_ip\":7}", SKIP_NOT_ADDRESS, NULL,
		  0, NULL },
		{ ORIGINS_EVE, "{\"a\":1,\"a\":2}", SKIP_MALFORMED, NULL, 0, NULL },
	};
	struct origins_event ev;
	char s[64];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct origins_parser z;
		enum origins_skip k;

		origins_parser_init(&z, t[i].f, 1795773600);
		k = origins_parse(&z, t[i].line, strlen(t[i].line), &ev);

		if (k != t[i].skip)
			fail_msg("%s: skip %d, want %d", t[i].line, k, t[i].skip);
		if (k != SKIP_NONE)
			continue;
		origins_addr_format(&ev.addr, s, sizeof(s));
		assert_string_equal(s, t[i].addr);
		assert_int_equal(ev.time, t[i].time);
		assert_string_equal(ev.type, t[i].type);
	}
}

static void
test_tally(void **state)
{
	struct origins_tally t;
	struct origins_event ev;
	uint64_t events = 0;

	(void)state;
	origins_tally_init(&t, 0);
	/* 5,000 addresses, the i-th seen i % 3 + 1 times: the table grows. */
	for (int i = 0; i < 5000; i++)
		for (int k = 0; k <= i % 3; k++) {
			char a[32];

			(void)snprintf(a, sizeof(a), "5.%d.%d.1", i / 256,
			    i % 256);
			memset(&ev, 0, sizeof(ev));
			assert_true(origins_addr_parse(a, strlen(a), &ev.addr));
			ev.time = 1000 + k;
			assert_int_equal(origins_tally_add(&t, &ev), 0);
			events++;
		}
	assert_int_equal(t.n, 5000);
	assert_int_equal(t.events, events);
	assert_int_equal(t.over, 0);
	for (size_t i = 0; i < t.cap; i++)
		if (t.slot[i].addr.prefix != 0) {
			assert_int_equal(t.slot[i].first, 1000);
			assert_int_equal(t.slot[i].last, 1000 +
			    (int64_t)t.slot[i].events - 1);
		}
	origins_tally_free(&t);
}

/* addr_i: 5.x.y.1 for i < 65,536. */
static void
event_of(struct origins_event *ev, int i, uint64_t line)
{
	char a[32];

	memset(ev, 0, sizeof(*ev));
	(void)snprintf(a, sizeof(a), "5.%d.%d.1", i / 256, i % 256);
	assert_true(origins_addr_parse(a, strlen(a), &ev->addr));
	ev->line = line;
}

/* The count of the address addr_i in t, -1 if it is not in the table. */
static int64_t
count_of(const struct origins_tally *t, int i)
{
	struct origins_event ev;

	event_of(&ev, i, 0);
	for (size_t k = 0; k < t->cap; k++)
		if (t->slot[k].addr.prefix != 0 &&
		    memcmp(&t->slot[k].addr, &ev.addr, sizeof(ev.addr)) == 0)
			return (int64_t)t->slot[k].events;
	return -1;
}

static void
test_tally_cap(void **state)
{
	struct origins_tally t, a, b;
	struct origins_event ev[ORIGINS_BATCH];
	uint64_t line = 0;

	(void)state;
	/* 150 addresses, each twice, into room for 100: in batches. */
	origins_tally_init(&t, 100);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 150; i += 50) {
			for (int k = 0; k < 50; k++)
				event_of(&ev[k], i + k, ++line);
			assert_int_equal(origins_tally_add_many(&t, ev, 50), 0);
		}
	assert_int_equal(t.n, 100);
	assert_int_equal(t.events, 200);	/* the first 100, twice */
	assert_int_equal(t.over, 100);		/* the other 50, twice */
	assert_int_equal(t.over_line, 101);	/* the 101st event */
	assert_int_equal(count_of(&t, 0), 2);
	assert_int_equal(count_of(&t, 99), 2);
	assert_int_equal(count_of(&t, 100), -1);
	origins_tally_free(&t);

	/* Above HL_MAX_ORIGINS_ADDRS is that limit; 0 too. */
	origins_tally_init(&t, (size_t)HL_MAX_ORIGINS_ADDRS + 1);
	event_of(&ev[0], 1, 1);
	assert_int_equal(origins_tally_add(&t, &ev[0]), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.max, HL_MAX_ORIGINS_ADDRS);
	origins_tally_free(&t);
	origins_tally_init(&t, 0);
	assert_int_equal(t.max, HL_MAX_ORIGINS_ADDRS);
	origins_tally_free(&t);

	/*
	 * Merging: known addresses add up; new ones past dst's cap are
	 * over, and so is src's own over. Each tally has a key of its own.
	 */
	origins_tally_init(&a, 3);
	origins_tally_init(&b, 0);
	assert_memory_not_equal(a.key, b.key, sizeof(a.key));
	for (int i = 0; i < 3; i++) {
		event_of(&ev[0], i, 1);
		assert_int_equal(origins_tally_add(&a, &ev[0]), 0);
	}
	for (int i = 1; i < 6; i++) {
		event_of(&ev[0], i, 1);
		assert_int_equal(origins_tally_add(&b, &ev[0]), 0);
		assert_int_equal(origins_tally_add(&b, &ev[0]), 0);
	}
	b.over = 7;
	b.over_line = 42;
	assert_int_equal(origins_tally_merge(&a, &b), 0);
	assert_int_equal(a.n, 3);
	assert_int_equal(count_of(&a, 0), 1);
	assert_int_equal(count_of(&a, 1), 3);
	assert_int_equal(count_of(&a, 2), 3);
	assert_int_equal(a.events, 7);
	assert_int_equal(a.over, 3 * 2 + 7);	/* addresses 3, 4, 5; src's */
	assert_int_equal(a.over_line, 42);
	origins_tally_free(&a);
	origins_tally_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_tally_cap),
	};

	if (hl_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
