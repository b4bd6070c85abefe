/*
 * Reports from leaves: a hand-written log of cert.aa's with every case a
 * report distinguishes, and the exact numbers it must give; and the
 * clock rule: the receiver's time starts at its receipt, on both sides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "proto.h"
#include "report.h"
#include "tutil.h"

#define T0	1795773600	/* 2026-11-27T10:00:00Z */

/* A message id: 64 hex digits from a short name (tu_msg_id()). */
#define id(name)	tu_msg_id(name)

/*
 * Feeds one leaf: event, type, from, to, created and at as offsets from
 * T0, deadline (0: none), first ref (NULL: none), and extra members of
 * msg (",\"status\":\"final\"") and of the leaf.
 */
static void
leaf(struct report_builder *b, const char *event, const char *type,
    const char *msgid, const char *from, const char *to, int created,
    int deadline, const char *ref, const char *msgextra, int at,
    const char *extra)
{
	char t[PROTO_TIME_LEN], c[PROTO_TIME_LEN], dl[64] = "", refs[96] = "";
	char buf[2048];
	struct hl_diag d;

	proto_time_format(T0 + at, t);
	proto_time_format(T0 + created, c);
	if (deadline != 0) {
		char x[PROTO_TIME_LEN];

		proto_time_format(T0 + deadline, x);
		(void)snprintf(dl, sizeof(dl), ",\"deadline\":\"%s\"", x);
	}
	if (ref != NULL)
		(void)snprintf(refs, sizeof(refs), ",\"refs\":[\"%s\"]", ref);
	(void)snprintf(buf, sizeof(buf), "{\"at\":\"%s\",\"event\":\"%s\","
	    "\"msg\":{\"created\":\"%s\"%s,\"from\":\"%s\",\"id\":\"%s\"%s,"
	    "\"seq\":1,\"tier\":\"cert\",\"to\":\"%s\",\"type\":\"%s\"%s}%s,"
	    "\"v\":1}", t, event, c, dl, from, msgid, refs, to, type,
	    msgextra != NULL ? msgextra : "", extra != NULL ? extra : "");
	hl_diag_clear(&d);
	if (report_leaf(b, (const uint8_t *)buf, strlen(buf), &d) != 0)
		fail_msg("leaf %s: %s", buf, d.msg);
}

/* cert.aa's log. */
static struct report_builder *
aa_log(void)
{
	struct report_builder *b;
	char r1[65], r2[65], r3[65], r4[65], p1[65], q1[65], b1[65];

	assert_int_equal(report_begin("cert.aa", &b), 0);
	memcpy(r1, id("a1"), 65);
	memcpy(r2, id("a2"), 65);
	memcpy(r3, id("a3"), 65);
	memcpy(r4, id("a4"), 65);
	memcpy(p1, id("b1"), 65);
	memcpy(q1, id("c1"), 65);
	memcpy(b1, id("c2"), 65);
	/* R1: answered in the interim at +10, finally at +50; in time. */
	leaf(b, "queued", "request", r1, "cert.aa", "cert.bb", 0, 100, NULL,
	    NULL, 0, NULL);
	leaf(b, "delivered", "request", r1, "cert.aa", "cert.bb", 0, 100, NULL,
	    NULL, 1, ",\"receipt\":{\"at\":\"2026-11-27T10:00:00Z\","
	    "\"by\":\"cert.bb\",\"leaf\":0}");
	leaf(b, "received", "response", id("d1"), "cert.bb", "cert.aa", 10, 0,
	    r1, ",\"status\":\"interim\"", 11, NULL);
	leaf(b, "received", "response", id("d2"), "cert.bb", "cert.aa", 50, 0,
	    r1, ",\"status\":\"final\"", 51, NULL);
	/* R2: delivered, never answered, due at +20; escalated. */
	leaf(b, "queued", "request", r2, "cert.aa", "cert.bb", 1, 20, NULL,
	    NULL, 1, NULL);
	leaf(b, "delivered", "request", r2, "cert.aa", "cert.bb", 1, 20, NULL,
	    NULL, 2, NULL);
	leaf(b, "overdue", "request", r2, "cert.aa", "cert.bb", 1, 20, NULL,
	    NULL, 21, NULL);
	leaf(b, "queued", "escalation", id("d3"), "cert.aa", "nrrc.bb", 21, 0,
	    r2, NULL, 21, NULL);
	/* R3: withdrawn before any answer; never delivered. */
	leaf(b, "queued", "request", r3, "cert.aa", "cert.bb", 2, 100, NULL,
	    NULL, 2, NULL);
	leaf(b, "queued", "notice", id("d4"), "cert.aa", "cert.bb", 3, 0, r3,
	    ",\"kind\":\"withdrawal\"", 3, NULL);
	/* R4: due at +5, finally answered at +30: late. */
	leaf(b, "queued", "request", r4, "cert.aa", "cert.bb", 3, 5, NULL,
	    NULL, 3, NULL);
	leaf(b, "received", "response", id("d5"), "cert.bb", "cert.aa", 30, 0,
	    r4, ",\"status\":\"final\"", 31, NULL);
	/* A ping and its pong, 42 ms. */
	leaf(b, "queued", "ping", p1, "cert.aa", "cert.bb", 4, 0, NULL, NULL,
	    4, NULL);
	leaf(b, "received", "pong", id("d6"), "cert.bb", "cert.aa", 4, 0, p1,
	    NULL, 4, ",\"rtt_ms\":42");
	/* Q1: bb asks; aa answers finally at +15 and bb receipts it. */
	leaf(b, "received", "request", q1, "cert.bb", "cert.aa", 5, 200, NULL,
	    NULL, 5, NULL);
	leaf(b, "queued", "response", b1, "cert.aa", "cert.bb", 15, 0, q1,
	    ",\"status\":\"final\"", 15, NULL);
	leaf(b, "delivered", "response", b1, "cert.aa", "cert.bb", 15, 0, q1,
	    ",\"status\":\"final\"", 16, NULL);
	/* A request to another peer, never delivered. */
	leaf(b, "queued", "request", id("e1"), "cert.aa", "cert.cc", 6, 61,
	    NULL, NULL, 60, NULL);
	return b;
}

static void
expect_dist(const struct report_dist *d, int64_t n, int64_t p50, int64_t p90)
{
	assert_int_equal(d->n, n);
	assert_int_equal(d->p50, p50);
	assert_int_equal(d->p90, p90);
}

static void
test_every_case(void **state)
{
	struct report_filter f = { .tier = -1 };
	struct report r;
	const struct report_dir *o, *i;

	(void)state;
	assert_int_equal(report_end(aa_log(), &f, &r), 0);
	assert_string_equal(r.party, "cert.aa");
	assert_int_equal(r.leaves, 18);
	assert_int_equal(r.as_of, T0 + 60);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.rows[0].peer, "cert.bb");
	assert_string_equal(r.rows[1].peer, "cert.cc");
	o = &r.rows[0].out;
	assert_int_equal(o->requests, 4);
	assert_int_equal(o->delivered, 2);
	assert_int_equal(o->in_time, 1);
	assert_int_equal(o->late, 1);
	assert_int_equal(o->unanswered, 1);
	assert_int_equal(o->overdue, 1);
	assert_int_equal(o->withdrawn, 1);
	assert_int_equal(o->answers_delivered, 2);
	assert_int_equal(o->escalations, 1);
	assert_int_equal(o->notices, 1);
	assert_int_equal(o->pings, 1);
	assert_int_equal(o->pings_answered, 1);
	expect_dist(&o->first, 2, 10, 27);	/* R1 10 s, R4 27 s */
	expect_dist(&o->final, 2, 27, 50);
	expect_dist(&o->rtt, 1, 42, 42);
	i = &r.rows[0].in;
	assert_int_equal(i->requests, 1);
	assert_int_equal(i->delivered, 1);
	assert_int_equal(i->in_time, 1);
	assert_int_equal(i->answers_delivered, 1);
	expect_dist(&i->first, 1, 10, 10);
	expect_dist(&i->final, 1, 10, 10);
	assert_int_equal(r.rows[1].out.requests, 1);
	assert_int_equal(r.rows[1].out.delivered, 0);
	assert_int_equal(r.rows[1].out.unanswered, 1);
	assert_int_equal(r.rows[1].out.overdue, 0);	/* due at +61 */
	report_done(&r);
}

static int
tier_of(void *arg, const char *party)
{
	(void)arg;
	return strcmp(party, "cert.cc") == 0 ? TIER_NRRC : TIER_CERT;
}

static void
test_filters(void **state)
{
	struct report_filter f = { .peer = "cert.bb", .tier = -1 };
	struct report r;
	json_t *j;
	char *s;

	(void)state;
	/* One peer; created from +3 on: R4, the notice, the ping, Q1. */
	f.since = T0 + 3;
	assert_int_equal(report_end(aa_log(), &f, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.rows[0].out.requests, 1);
	assert_int_equal(r.rows[0].out.late, 1);
	assert_int_equal(r.rows[0].out.notices, 1);
	assert_int_equal(r.rows[0].out.pings, 1);
	assert_int_equal(r.rows[0].in.requests, 1);
	j = report_json(&r, &f);
	s = json_dumps(json_object_get(j, "filter"), JSON_COMPACT |
	    JSON_SORT_KEYS);
	assert_string_equal(s, "{\"peer\":\"cert.bb\","
	    "\"since\":\"2026-11-27T10:00:03Z\",\"tier\":null,\"until\":null}");
	free(s);
	s = json_dumps(json_object_get(json_array_get(json_object_get(j,
	    "peers"), 0), "in"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"answered_in_time\":1,\"answered_late\":0,"
	    "\"answers_delivered\":1,\"delivered\":1,\"escalations\":0,"
	    "\"final_response_s\":{\"n\":1,\"p50\":10,\"p90\":10},"
	    "\"first_response_s\":{\"n\":1,\"p50\":10,\"p90\":10},"
	    "\"notices\":0,\"overdue\":0,\"pings\":0,\"pings_answered\":0,"
	    "\"requests\":1,\"rtt_ms\":{\"n\":0,\"p50\":null,\"p90\":null},"
	    "\"unanswered\":0,\"withdrawn\":0}");
	free(s);
	json_decref(j);
	report_done(&r);
	/* Until +1: R1 only. */
	f.since = 0;
	f.until = T0 + 1;
	assert_int_equal(report_end(aa_log(), &f, &r), 0);
	assert_int_equal(r.rows[0].out.requests, 1);
	assert_int_equal(r.rows[0].out.in_time, 1);
	report_done(&r);
	/* By the peer's tier. */
	f.peer = NULL;
	f.until = 0;
	f.tier = TIER_NRRC;
	f.tier_of = tier_of;
	assert_int_equal(report_end(aa_log(), &f, &r), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.rows[0].peer, "cert.cc");
	report_done(&r);
}

/*
 * The same exchange in both logs: cert.aa's requests are dated 10 days
 * back (deadlines long past when they arrive), cert.bb receipts them at
 * +0. (receipt: the receipt's time as an offset, for aa's delivered leaf.)
 */
static void
exchange(struct report_builder *b, bool asker, const char *q,
    int created, int deadline, const char *a, int answered)
{
	char rc[128], t[PROTO_TIME_LEN];

	proto_time_format(T0, t);
	(void)snprintf(rc, sizeof(rc), ",\"receipt\":{\"at\":\"%s\","
	    "\"by\":\"cert.bb\",\"leaf\":0}", t);
	if (asker) {
		leaf(b, "queued", "request", q, "cert.aa", "cert.bb", created,
		    deadline, NULL, NULL, created, NULL);
		/* Delivered a second later; the receipt says +0. */
		leaf(b, "delivered", "request", q, "cert.aa", "cert.bb",
		    created, deadline, NULL, NULL, 1, rc);
	} else
		leaf(b, "received", "request", q, "cert.aa", "cert.bb",
		    created, deadline, NULL, NULL, 0, NULL);
	if (a == NULL)
		return;
	leaf(b, asker ? "received" : "queued", "response", a, "cert.bb",
	    "cert.aa", answered, 0, q, ",\"status\":\"final\"",
	    answered > 0 ? answered + (asker ? 1 : 0) : 2, NULL);
}

static void
test_receipt_starts(void **state)
{
	const int back = -10 * 86400;
	struct report_filter f = { .tier = -1 };
	struct report_builder *b;
	struct report r[2];

	(void)state;
	for (int asker = 0; asker < 2; asker++) {
		char q1[65], q2[65], q3[65], q4[65];

		assert_int_equal(report_begin(asker ? "cert.aa" : "cert.bb",
		    &b), 0);
		memcpy(q1, id("f1"), 65);
		memcpy(q2, id("f2"), 65);
		memcpy(q3, id("f3"), 65);
		memcpy(q4, id("f4"), 65);
		/* Q1: an hour asked, answered 5 s after receipt: in time. */
		exchange(b, asker, q1, back, back + 3600, id("g1"), 5);
		/* Q2: an hour asked, unanswered: not overdue 10 s in. */
		exchange(b, asker, q2, back, back + 3600, NULL, 0);
		/* Q3: 100 s asked, answered at +150: late, by the receipt. */
		exchange(b, asker, q3, back, back + 100, id("g3"), 150);
		/* Q4: an answer dated before the receipt counts from it. */
		exchange(b, asker, q4, back, back + 100, id("g4"), -500);
		assert_int_equal(report_end(b, &f, &r[asker]), 0);
		assert_int_equal(r[asker].n, 1);
	}
	for (int k = 0; k < 2; k++) {
		const struct report_dir *d = k == 0 ? &r[0].rows[0].in :
		    &r[1].rows[0].out;

		assert_int_equal(d->requests, 4);
		assert_int_equal(d->in_time, 2);
		assert_int_equal(d->late, 1);
		assert_int_equal(d->unanswered, 1);
		assert_int_equal(d->overdue, 0);
		expect_dist(&d->first, 3, 5, 150);	/* 0, 5, 150 */
	}
	assert_int_equal(report_start(100, 0), 100);
	assert_int_equal(report_start(100, 50), 100);
	assert_int_equal(report_start(100, 150), 150);
	assert_int_equal(report_due(100, 0, 150), 0);
	assert_int_equal(report_due(100, 160, 0), 160);
	assert_int_equal(report_due(100, 160, 1000), 1060);
	report_done(&r[0]);
	report_done(&r[1]);
}

static void
test_bad_leaves(void **state)
{
	static const struct {
		const char	*leaf;
		int		 err;
		const char	*path;
	} t[] = {
		{ "[]", HL_ESCHEMA, "" },
		{ "{\"v\":1", HL_EPARSE, "" },
		{ "{\"at\":\"2026-11-27T06:00:00Z\",\"event\":\"queued\"}",
		  HL_ESCHEMA, "msg" },
		{ "{\"at\":\"yesterday\",\"event\":\"queued\",\"msg\":{}}",
		  HL_ESCHEMA, "at" },
		{ "{\"at\":\"2026-11-27T06:00:00Z\",\"event\":\"queued\","
		  "\"msg\":{\"id\":\"x\",\"type\":\"telegram\"}}",
		  HL_ESCHEMA, "msg.type" },
		{ "{\"at\":\"2026-11-27T06:00:00Z\",\"event\":\"delivered\","
		  "\"msg\":{\"created\":\"2026-11-27T06:00:00Z\","
		  "\"from\":\"a\",\"id\":\"x\",\"to\":\"b\",\"type\":\"ping\"},"
		  "\"receipt\":{\"at\":\"later\"}}", HL_ESCHEMA, "receipt.at" },
	};
	struct report_builder *b;
	struct hl_diag d;

	(void)state;
	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		assert_int_equal(report_begin("cert.aa", &b), 0);
		hl_diag_clear(&d);
		assert_int_equal(report_leaf(b, (const uint8_t *)t[k].leaf,
		    strlen(t[k].leaf), &d), t[k].err);
		assert_string_equal(d.path, t[k].path);
		report_abort(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_case),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_receipt_starts),
		cmocka_unit_test(test_bad_leaves),
	};

	if (hl_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
