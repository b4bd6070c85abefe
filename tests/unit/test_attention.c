/*
 * The attention queue, the message filters and reads: every kind built
 * from nodes in the exact state (messages carried between two or three
 * temporary nodes), in the exact order, with left_s and late at chosen
 * times; one item of each kind as exact JSON; each filter alone and
 * combined; a read recorded once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attention.h"
#include "hl.h"
#include "present.h"
#include "store_int.h"
#include "trail.h"
#include "tutil.h"
#include "tnode.h"
#include "view.h"

struct nodes {
	char		*tmp;
	struct node	*aa, *bb, *cc;
	int64_t		 t;	/* the scenario's start, in the past */
};

static int
setup(void **state)
{
	struct nodes *p = calloc(1, sizeof(*p));

	if (hl_init() != 0 || p == NULL)
		return -1;
	p->tmp = tu_tmpdir();
	p->aa = tn_node(p->tmp, "cert.aa", "AA", TIER_CERT);
	p->bb = tn_node(p->tmp, "cert.bb", "BB", TIER_CERT);
	p->cc = tn_node(p->tmp, "cert.cc", "CC", TIER_CERT);
	tn_pin(p->aa, p->bb);
	tn_pin(p->bb, p->aa);
	tn_pin(p->bb, p->cc);
	tn_pin(p->cc, p->bb);
	/* Whole minutes, ten days ago: accept takes any past time. */
	p->t = ((int64_t)time(NULL) / 60) * 60 - 10 * 86400;
	/* Unwitnessed only where a test asks for it. */
	p->aa->cfg.cosign_refresh = 0;
	p->bb->cfg.cosign_refresh = 0;
	p->cc->cfg.cosign_refresh = 0;
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct nodes *p = *state;

	node_close(p->aa);
	node_close(p->bb);
	node_close(p->cc);
	tu_rmrf(p->tmp);
	free(p->tmp);
	free(p);
	return 0;
}

static void
exec_sql(struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
exec_sql(struct node *n, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (sqlite3_exec(n->st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(n->st->db));
}

/* When this node stored id: a received message's is the clock's. */
static void
set_stored(struct node *n, const char *id, int64_t t)
{
	exec_sql(n, "UPDATE messages SET stored = %lld WHERE id = '%s'",
	    (long long)t, id);
}

/* Sends a message of type from n to "to"; its id in id. */
static void
send_msg(struct node *n, const char *to, enum msg_type type,
    int64_t deadline, const char *subject, int64_t now, char id[static 65])
{
	struct send_args a = { .to = to, .type = type, .tlp = TLP_AMBER,
		.now = now, .deadline = deadline, .subject = subject };
	struct hl_diag d;

	if (type == MSG_REQUEST)
		a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, "
		    "s:[{s:s, s:s}], s:[s]}", "category", "scanning",
		    "severity", "high", "summary", "SSH brute force",
		    "observed", "start", "2026-11-20T00:00:00Z", "end",
		    "2026-11-26T00:00:00Z", "indicators", "type", "ipv4",
		    "value", "203.0.113.7", "expectations", "investigate");
	else if (type == MSG_QUERY)
		a.body = json_pack("{s:s}", "summary", "seeing this too?");
	else
		a.body = json_object();
	hl_diag_clear(&d);
	if (node_send(n, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	json_decref(a.body);
}

/* n answers request req, interim or final; the answer's id in id. */
static void
answer(struct node *n, const char *req, bool final, int64_t now,
    char id[static 65])
{
	struct reply_args ra = { .tlp = -1, .now = now };
	struct msg_row m;
	struct hl_diag d;

	hl_diag_clear(&d);
	assert_int_equal(node_reply_find(n, req, &m, &d), 0);
	ra.body = json_pack("{s:s, s:s}", "status", final ? "final" :
	    "interim", "summary", "looking");
	if (node_reply(n, &m, &ra, id, &d) != 0)
		fail_msg("reply: %s", d.msg);
	json_decref(ra.body);
	msg_row_done(&m);
}

static void
iso(int64_t t, char out[static PROTO_TIME_LEN])
{
	proto_time_format(t, out);
}

/* Item i of the queue as compact JSON with sorted keys. */
static char *
item_str(const struct attention *a, size_t i)
{
	json_t *o = attention_json(a);
	char *s;

	assert_non_null(o);
	s = json_dumps(json_array_get(json_object_get(o, "items"), i),
	    JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	assert_non_null(s);
	return s;
}

static void
expect_item(const struct attention *a, size_t i, const char *want)
{
	char *got = item_str(a, i);

	if (strcmp(got, want) != 0)
		fail_msg("item %zu:\n got %s\nwant %s", i, got, want);
	free(got);
}

/*
 * Owed: the first answer is due at the sender's deadline counted from
 * when this node stored the request; once an interim answer went, the
 * final one is due final_response (by the sender's tier) after it was
 * stored; soonest first, late ones most overdue first; the status
 * tally counts late by the same rule.
 */
static void
test_owed(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t, fin = config_final_response(&p->bb->cfg, TIER_CERT);
	char r1[65], q1[65], a1[65], want[2048], due[PROTO_TIME_LEN],
	    since[PROTO_TIME_LEN];
	struct attention a;
	struct msg_tally tl;

	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 7200, "R1", t, r1);
	send_msg(p->aa, "cert.bb", MSG_QUERY, 0, NULL, t + 60, q1);
	tn_carry(p->aa, p->bb, r1);
	tn_carry(p->aa, p->bb, q1);
	/* bb's receipt ten minutes after the request was made. */
	set_stored(p->bb, r1, t + 600);
	set_stored(p->bb, q1, t + 60);

	assert_int_equal(attention_build(p->bb, t + 600 + 7200 - 2400, &a), 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.more, 0);
	assert_int_equal(a.v[0].kind, ATT_OWED);
	assert_string_equal(a.v[0].msg, r1);
	assert_int_equal(a.v[0].due, t + 7800);
	assert_string_equal(a.v[0].due_is, "first");
	assert_string_equal(a.v[0].detail, "first answer due in 40m");
	assert_string_equal(a.v[1].msg, q1);
	assert_int_equal(a.v[1].due, t + 60 + fin);
	assert_string_equal(a.v[1].due_is, "final");
	assert_string_equal(a.v[1].detail, "final answer due in 29d 22h");
	iso(t + 7800, due);
	iso(t + 600, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"first answer due in "
	    "40m\",\"due\":\"%s\",\"due_is\":\"first\",\"kind\":\"owed\","
	    "\"late\":false,\"left_s\":2400,\"msg\":\"%s\",\"peer\":"
	    "\"cert.aa\",\"since\":\"%s\",\"subject\":\"R1\",\"tier\":"
	    "\"cert\",\"tlp\":\"amber\",\"type\":\"request\"}", due, r1, since);
	expect_item(&a, 0, want);
	attention_done(&a);

	/* The moment it is due it is late, by the tally's count too. */
	assert_int_equal(attention_build(p->bb, t + 7800, &a), 0);
	assert_int_equal(a.v[0].due - a.now, 0);
	assert_string_equal(a.v[0].detail, "first answer 0s late");
	attention_done(&a);
	assert_int_equal(store_msg_tally(p->bb->st, t + 7799, fin, &tl), 0);
	assert_int_equal(tl.owed, 1);
	assert_int_equal(tl.owed_late, 0);
	assert_int_equal(store_msg_tally(p->bb->st, t + 7800, fin, &tl), 0);
	assert_int_equal(tl.owed_late, 1);

	/* An interim answer: the final one is due from when it came. */
	answer(p->bb, r1, false, t + 3600, a1);
	tn_carry(p->bb, p->aa, a1);
	assert_int_equal(attention_build(p->bb, t + 600 + fin + 7200, &a), 0);
	assert_int_equal(a.n, 2);
	/* The query is more overdue: it came first. */
	assert_string_equal(a.v[0].msg, q1);
	assert_int_equal(a.v[0].due - a.now, -7740);
	assert_string_equal(a.v[0].detail, "final answer 2h 9m late");
	assert_string_equal(a.v[1].msg, r1);
	assert_int_equal(a.v[1].due, t + 600 + fin);
	assert_string_equal(a.v[1].due_is, "final");
	assert_string_equal(a.v[1].detail, "final answer 2h late");
	{
		char *s = item_str(&a, 1);

		assert_non_null(strstr(s, "\"late\":true,\"left_s\":-7200,"));
		free(s);
	}
	attention_done(&a);

	/* The policy toward the sender's tier sets the final time. */
	p->bb->cfg.final_response_to[TIER_CERT] = 3600;
	assert_int_equal(attention_build(p->bb, t, &a), 0);
	assert_string_equal(a.v[0].msg, q1);
	assert_int_equal(a.v[0].due, t + 60 + 3600);
	attention_done(&a);
	p->bb->cfg.final_response_to[TIER_CERT] = 0;

	/* Answered finally: no longer owed. */
	answer(p->bb, r1, true, t + 7200, a1);
	assert_int_equal(attention_build(p->bb, t + 7200, &a), 0);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.v[0].msg, q1);
	attention_done(&a);
}

/*
 * Answers: a response received stays in the queue until it is read;
 * the read is recorded once, with who read it; present_msg says "read"
 * and "reply_to", and "late" for a request received past due.
 */
static void
test_answer_read(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t;
	char r1[65], r2[65], a1[65], want[1024], since[PROTO_TIME_LEN];
	struct attention a;
	struct msg_row m;
	json_t *o;

	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 7200, "R1", t, r1);
	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 7200, "R2", t, r2);
	tn_carry(p->aa, p->bb, r1);
	tn_carry(p->aa, p->bb, r2);
	set_stored(p->bb, r2, t);
	answer(p->bb, r1, false, t + 100, a1);
	tn_carry(p->bb, p->aa, a1);
	set_stored(p->aa, a1, t + 200);

	assert_int_equal(attention_build(p->aa, t + 300, &a), 0);
	assert_int_equal(a.n, 1);
	iso(t + 200, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"interim answer to "
	    "%.12s\",\"kind\":\"answer\",\"late\":false,\"msg\":\"%s\","
	    "\"peer\":\"cert.bb\",\"since\":\"%s\",\"subject\":\"R1\","
	    "\"tier\":\"cert\",\"tlp\":\"amber\",\"type\":\"response\"}", r1,
	    a1, since);
	expect_item(&a, 0, want);
	attention_done(&a);

	assert_int_equal(store_msg_get(p->aa->st, a1, false, &m), 0);
	o = present_msg(p->aa, &m, t + 300);
	assert_string_equal(json_string_value(json_object_get(o, "reply_to")),
	    r1);
	assert_true(json_is_false(json_object_get(o, "read")));
	assert_null(json_object_get(o, "late"));
	json_decref(o);

	assert_false(node_msg_is_read(p->aa, a1));
	node_set_actor(p->aa, "unix:alice", VIA_CLI);
	assert_int_equal(node_msg_read(p->aa, a1, t + 400), 0);
	assert_true(node_msg_is_read(p->aa, a1));
	/* Once: another reader later changes nothing. */
	node_set_actor(p->aa, "unix:bob", VIA_CLI);
	assert_int_equal(node_msg_read(p->aa, a1, t + 500), 0);
	{
		sqlite3_stmt *s;
		char by[64];

		assert_int_equal(store_prepare(p->aa->st, "SELECT by, at, "
		    "(SELECT count(*) FROM msg_reads) FROM msg_reads WHERE "
		    "id = ?", &s), 0);
		(void)sqlite3_bind_text(s, 1, a1, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		store_col_text(s, 0, by, sizeof(by));
		assert_string_equal(by, "unix:alice");
		assert_int_equal(sqlite3_column_int64(s, 1), t + 400);
		assert_int_equal(sqlite3_column_int64(s, 2), 1);
		store_release(p->aa->st, s);
		/* The trail has the read once, by its reader, in its row. */
		assert_int_equal(store_prepare(p->aa->st, "SELECT actor, at, "
		    "target, (SELECT count(*) FROM audit WHERE action = "
		    "'read') FROM audit WHERE action = 'read'", &s), 0);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		store_col_text(s, 0, by, sizeof(by));
		assert_string_equal(by, "unix:alice");
		assert_int_equal(sqlite3_column_int64(s, 1), t + 400);
		assert_string_equal((const char *)sqlite3_column_text(s, 2), a1);
		assert_int_equal(sqlite3_column_int64(s, 3), 1);
		store_release(p->aa->st, s);
	}
	assert_int_equal(node_msg_read(p->aa, "0000000000000000000000000000"
	    "000000000000000000000000000000000000", t), HL_ENOTFOUND);
	assert_false(node_msg_is_read(p->aa, "0000"));
	o = present_msg(p->aa, &m, t + 300);
	assert_true(json_is_true(json_object_get(o, "read")));
	json_decref(o);
	msg_row_done(&m);
	assert_int_equal(attention_build(p->aa, t + 300, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);

	/* The receiving side's "late": due at the deadline from storing. */
	assert_int_equal(store_msg_get(p->bb->st, r2, false, &m), 0);
	o = present_msg(p->bb, &m, t + 7199);
	assert_true(json_is_false(json_object_get(o, "late")));
	assert_null(json_object_get(o, "read"));
	json_decref(o);
	o = present_msg(p->bb, &m, t + 7200);
	assert_true(json_is_true(json_object_get(o, "late")));
	assert_string_equal(json_string_value(json_object_get(o, "state")),
	    "received");
	json_decref(o);
	msg_row_done(&m);
}

/*
 * Sent: undelivered once unreachable_after passed without a receipt, or
 * at once when the peer refused it (the alarm stands too); unanswered
 * when node_deadlines() marked it overdue.
 */
static void
test_sent(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t, now = (int64_t)time(NULL);
	struct deadline_result dr;
	struct attention a;
	struct hl_diag d;
	char r1[65], r2[65], want[1024], since[PROTO_TIME_LEN];

	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 3600, "R1", t, r1);
	assert_int_equal(attention_build(p->aa, t + 299, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);
	assert_int_equal(attention_build(p->aa, t + 300, &a), 0);
	assert_int_equal(a.n, 1);
	iso(t, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"no receipt for 5m\","
	    "\"kind\":\"undelivered\",\"late\":false,\"msg\":\"%s\",\"peer\":"
	    "\"cert.bb\",\"since\":\"%s\",\"subject\":\"R1\",\"tier\":"
	    "\"cert\",\"tlp\":\"amber\",\"type\":\"request\"}", r1, since);
	expect_item(&a, 0, want);
	attention_done(&a);

	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 3605, "R2", t + 5, r2);
	(void)node_alarm(p->aa, ALARM_REFUSED, "cert.bb", r2,
	    "schema: body.x: unknown member", t + 10);
	assert_int_equal(attention_build(p->aa, t + 20, &a), 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.v[0].kind, ATT_ALARM);
	assert_string_equal(a.v[0].msg, r2);
	assert_string_equal(a.v[0].detail, "refused: schema: body.x: unknown "
	    "member");
	assert_int_equal(a.v[1].kind, ATT_UNDELIVERED);
	assert_string_equal(a.v[1].msg, r2);
	assert_string_equal(a.v[1].detail, "refused: schema: body.x: unknown "
	    "member");
	attention_done(&a);
	assert_int_equal(node_alarm_clear(p->aa, ALARM_REFUSED, "cert.bb",
	    NULL), 0);

	/* Delivered, then overdue: its due time runs from bb's receipt. */
	tn_carry(p->aa, p->bb, r1);
	tn_carry(p->aa, p->bb, r2);
	assert_int_equal(attention_build(p->aa, t + 300, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);
	hl_diag_clear(&d);
	assert_int_equal(node_deadlines(p->aa, now + 7200, &dr, &d), 0);
	assert_int_equal(dr.overdue, 2);
	assert_int_equal(attention_build(p->aa, now + 7200, &a), 0);
	assert_int_equal(a.n, 2);
	iso(t + 3600, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"no answer by its "
	    "deadline\",\"kind\":\"unanswered\",\"late\":false,\"msg\":\"%s\","
	    "\"peer\":\"cert.bb\",\"since\":\"%s\",\"subject\":\"R1\","
	    "\"tier\":\"cert\",\"tlp\":\"amber\",\"type\":\"request\"}", r1,
	    since);
	expect_item(&a, 0, want);
	assert_string_equal(a.v[1].msg, r2);
	attention_done(&a);
}

/*
 * Peers: the last ping unanswered for unreachable_after, or the
 * unreachable alarm (which stands as an alarm too); unwitnessed: no
 * cosignature for twice cosign_refresh, counted from the first pin when
 * there has never been one.
 */
static void
test_peer_unwitnessed(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t;
	struct attention a;
	struct hl_diag d;
	struct buf note;
	uint64_t size;
	char ping[65], pong[65], want[1024], since[PROTO_TIME_LEN];

	hl_diag_clear(&d);
	assert_int_equal(node_ping(p->aa, "cert.bb", t, ping, &d), 0);
	tn_carry(p->aa, p->bb, ping);
	assert_int_equal(attention_build(p->aa, t + 299, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);
	assert_int_equal(attention_build(p->aa, t + 300, &a), 0);
	assert_int_equal(a.n, 1);
	iso(t, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"last ping, 5m ago, "
	    "has had no pong\",\"kind\":\"peer\",\"late\":false,\"peer\":"
	    "\"cert.bb\",\"since\":\"%s\"}", since);
	expect_item(&a, 0, want);
	attention_done(&a);

	/* The pong: bb queued it when it took the ping. */
	{
		sqlite3_stmt *s;

		assert_int_equal(store_prepare(p->bb->st, "SELECT id FROM "
		    "messages WHERE type = 'pong'", &s), 0);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		store_col_text(s, 0, pong, sizeof(pong));
		store_release(p->bb->st, s);
	}
	tn_carry(p->bb, p->aa, pong);
	assert_int_equal(attention_build(p->aa, t + 300, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);

	(void)node_alarm(p->aa, ALARM_UNREACHABLE, "cert.bb", NULL,
	    "connect: Connection refused", t + 400);
	assert_int_equal(attention_build(p->aa, t + 500, &a), 0);
	assert_int_equal(a.n, 2);
	iso(t + 400, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"unreachable: "
	    "connect: Connection refused\",\"kind\":\"alarm\",\"late\":false,"
	    "\"peer\":\"cert.bb\",\"since\":\"%s\"}", since);
	expect_item(&a, 0, want);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"unreachable since "
	    "%s\",\"kind\":\"peer\",\"late\":false,\"peer\":\"cert.bb\","
	    "\"since\":\"%s\"}", since, since);
	expect_item(&a, 1, want);
	attention_done(&a);
	assert_int_equal(node_alarm_clear(p->aa, ALARM_UNREACHABLE, "cert.bb",
	    NULL), 0);

	p->aa->cfg.cosign_refresh = 3600;
	exec_sql(p->aa, "UPDATE peers SET added = %lld", (long long)t);
	assert_int_equal(attention_build(p->aa, t + 7199, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);
	assert_int_equal(attention_build(p->aa, t + 7200, &a), 0);
	assert_int_equal(a.n, 1);
	iso(t, since);
	(void)snprintf(want, sizeof(want), "{\"detail\":\"log never cosigned "
	    "by a peer\",\"kind\":\"unwitnessed\",\"late\":false,\"since\":"
	    "\"%s\"}", since);
	expect_item(&a, 0, want);
	attention_done(&a);
	buf_init(&note, HL_MAX_NOTE_BYTES);
	assert_int_equal(store_checkpoint_get(p->aa->st, -1, &size, &note), 0);
	buf_done(&note);
	assert_int_equal(store_cosig_put(p->aa->st, size, "cert.bb",
	    "\xe2\x80\x94 cert.bb x", t + 7000), 0);
	assert_int_equal(attention_build(p->aa, t + 7200, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);
	assert_int_equal(attention_build(p->aa, t + 14200, &a), 0);
	assert_int_equal(a.n, 1);
	iso(t + 7000, since);
	(void)snprintf(want, sizeof(want), "log not cosigned by a peer since "
	    "%s", since);
	assert_string_equal(a.v[0].detail, want);
	assert_int_equal(a.v[0].since, t + 7000);
	attention_done(&a);
	/* None without peers. */
	exec_sql(p->aa, "DELETE FROM peers");
	assert_int_equal(attention_build(p->aa, t + 14200, &a), 0);
	assert_int_equal(a.n, 0);
	attention_done(&a);
}

/*
 * One node with an item of every kind: what has a due time first, then
 * alarm, peer, undelivered, unwitnessed, unanswered, answer.
 */
static void
test_order(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t, now = (int64_t)time(NULL);
	static const enum att_kind want[] = { ATT_OWED, ATT_ALARM, ATT_PEER,
		ATT_UNDELIVERED, ATT_UNWITNESSED, ATT_UNANSWERED, ATT_ANSWER };
	struct deadline_result dr;
	struct attention a;
	struct hl_diag d;
	char b1[65], a1[65], a2[65], a3[65], resp[65];
	json_t *o;

	send_msg(p->bb, "cert.aa", MSG_REQUEST, t + 7200, "B1", t, b1);
	tn_carry(p->bb, p->aa, b1);
	set_stored(p->aa, b1, t);
	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 7200, "A1", t, a1);
	tn_carry(p->aa, p->bb, a1);
	answer(p->bb, a1, false, t + 90, resp);
	tn_carry(p->bb, p->aa, resp);
	set_stored(p->aa, resp, t + 100);
	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 3610, "A2", t + 10, a2);
	tn_carry(p->aa, p->bb, a2);
	hl_diag_clear(&d);
	assert_int_equal(node_deadlines(p->aa, now + 7200, &dr, &d), 0);
	assert_int_equal(dr.overdue, 1);
	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 86400, "A3", t + 50, a3);
	(void)node_alarm(p->aa, ALARM_UNREACHABLE, "cert.bb", NULL,
	    "connect: timed out", t + 60);
	p->aa->cfg.cosign_refresh = 3600;
	exec_sql(p->aa, "UPDATE peers SET added = %lld", (long long)t);

	assert_int_equal(attention_build(p->aa, t + 8000, &a), 0);
	assert_int_equal(a.n, 7);
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].kind != want[i])
			fail_msg("item %zu is %s, want %s", i,
			    att_kind_names[a.v[i].kind],
			    att_kind_names[want[i]]);
	assert_string_equal(a.v[0].msg, b1);
	assert_string_equal(a.v[0].detail, "first answer 13m late");
	assert_string_equal(a.v[3].msg, a3);
	assert_string_equal(a.v[5].msg, a2);
	assert_string_equal(a.v[6].msg, resp);
	o = attention_json(&a);
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 7);
	assert_int_equal(json_integer_value(json_object_get(o, "more")), 0);
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(json_object_get(o, "items"), 0), "left_s")), -800);
	/* Only what has a due time has due, due_is and left_s. */
	assert_null(json_object_get(json_array_get(json_object_get(o,
	    "items"), 1), "left_s"));
	json_decref(o);
	attention_done(&a);
}

/* A flood is bounded: the most urgent kept, the rest counted. */
static void
test_bounded(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t;
	struct attention a;
	char id[65];
	json_t *o;

	/* A scratch node: no need to survive a power cut. */
	exec_sql(p->aa, "PRAGMA synchronous = OFF");
	for (int i = 0; i < HL_ATTENTION_MAX + 5; i++)
		send_msg(p->aa, "cert.bb", MSG_PING, 0, NULL, t + i, id);
	assert_int_equal(attention_build(p->aa, t + 100000, &a), 0);
	/* A thousand and five undelivered pings, and the peer's last one. */
	assert_int_equal(a.n, HL_ATTENTION_MAX);
	assert_int_equal(a.more, 6);
	assert_int_equal(a.v[0].kind, ATT_PEER);
	assert_int_equal(a.v[1].kind, ATT_UNDELIVERED);
	assert_int_equal(a.v[1].since, t);
	o = attention_json(&a);
	assert_int_equal(json_integer_value(json_object_get(o, "more")), 6);
	assert_int_equal(json_array_size(json_object_get(o, "items")),
	    HL_ATTENTION_MAX);
	json_decref(o);
	attention_done(&a);
}

/* The names of the messages a filter gives, in its order. */
struct names {
	const char	*id[8];
	const char	*name[8];
	size_t		 n;
	char		 got[256];
};

static int
name_one(void *arg, const struct msg_row *m)
{
	struct names *nm = arg;
	size_t len = strlen(nm->got);

	for (size_t i = 0; i < nm->n; i++)
		if (strcmp(nm->id[i], m->id) == 0) {
			(void)snprintf(nm->got + len, sizeof(nm->got) - len,
			    "%s%s", len > 0 ? " " : "", nm->name[i]);
			return 0;
		}
	(void)snprintf(nm->got + len, sizeof(nm->got) - len, "%s?",
	    len > 0 ? " " : "");
	return 0;
}

static void
expect_filter(struct node *n, const struct msg_filter *f, int64_t now,
    struct names *nm, const char *want)
{
	nm->got[0] = '\0';
	assert_int_equal(node_msgs_filter(n, f, now, name_one, nm), 0);
	if (strcmp(nm->got, want) != 0)
		fail_msg("got [%s], want [%s]", nm->got, want);
}

static void
test_filters(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t, now = (int64_t)time(NULL);
	char r1[65], q1[65], p1[65], r2[65], r3[65], a2[65];
	struct deadline_result dr;
	struct names nm = { .n = 5 };
	struct msg_filter f;
	struct hl_diag d;

	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 3600, "R1", t, r1);
	send_msg(p->aa, "cert.bb", MSG_QUERY, 0, NULL, t + 10, q1);
	send_msg(p->aa, "cert.bb", MSG_PING, 0, NULL, t + 20, p1);
	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 10 * 86400, "R2", t + 30,
	    r2);
	send_msg(p->cc, "cert.bb", MSG_REQUEST, t + 3640, "R3", t + 40, r3);
	tn_carry(p->aa, p->bb, r1);
	tn_carry(p->aa, p->bb, q1);
	tn_carry(p->aa, p->bb, p1);
	tn_carry(p->aa, p->bb, r2);
	tn_carry(p->cc, p->bb, r3);
	set_stored(p->bb, r1, t);
	set_stored(p->bb, q1, t + 10);
	set_stored(p->bb, p1, t + 20);
	set_stored(p->bb, r2, t + 30);
	set_stored(p->bb, r3, t + 40);
	nm.id[0] = r1; nm.name[0] = "R1";
	nm.id[1] = q1; nm.name[1] = "Q1";
	nm.id[2] = p1; nm.name[2] = "P1";
	nm.id[3] = r2; nm.name[3] = "R2";
	nm.id[4] = r3; nm.name[4] = "R3";
	answer(p->bb, r2, false, t + 50, a2);

	/* F(type, state, the other fields...) */
#define F(ty, stt, ...) (f = (struct msg_filter){ .dir = "in", \
	.type = (ty), .state = (stt), __VA_ARGS__ }, &f)
	/* Each alone. */
	expect_filter(p->bb, F(-1, -1, .pings = false), t, &nm,
	    "R1 Q1 R2 R3");
	expect_filter(p->bb, F(-1, -1, .pings = true), t, &nm,
	    "R1 Q1 P1 R2 R3");
	expect_filter(p->bb, F(MSG_REQUEST, -1, .pings = false), t, &nm,
	    "R1 R2 R3");
	expect_filter(p->bb, F(MSG_PING, -1, .pings = false), t, &nm, "");
	expect_filter(p->bb, F(-1, MSTATE_ANSWERED_INTERIM, .pings = false),
	    t, &nm, "R2");
	expect_filter(p->bb, F(-1, -1, .peer = "cert.cc"), t, &nm, "R3");
	expect_filter(p->bb, F(-1, -1, .since = t + 25), t, &nm, "R2 R3");
	expect_filter(p->bb, F(-1, -1, .overdue = true), t + 3599, &nm, "");
	expect_filter(p->bb, F(-1, -1, .overdue = true), t + 3600, &nm, "R1");
	expect_filter(p->bb, F(-1, -1, .overdue = true), t + 3680, &nm,
	    "R1 R3");
	expect_filter(p->bb, F(-1, -1, .limit = 2), t, &nm, "R2 R3");
	/* Combined. */
	expect_filter(p->bb, F(MSG_PING, -1, .pings = true), t, &nm, "P1");
	expect_filter(p->bb, F(MSG_REQUEST, -1, .peer = "cert.aa",
	    .since = t + 1), t, &nm, "R2");
	expect_filter(p->bb, F(-1, -1, .overdue = true, .peer = "cert.cc"),
	    t + 3680, &nm, "R3");
	expect_filter(p->bb, F(MSG_REQUEST, -1, .limit = 1,
	    .peer = "cert.aa"), t, &nm, "R2");
	expect_filter(p->bb, F(-1, -1, .pings = true, .since = t + 15,
	    .limit = 2), t, &nm, "R2 R3");
	expect_filter(p->bb, F(-1, MSTATE_RECEIVED, .overdue = true),
	    t + 3680, &nm, "R1 R3");
	/* The sending side: overdue is what node_deadlines() marked. */
	f = (struct msg_filter){ .dir = "out", .type = -1, .state = -1,
		.overdue = true };
	expect_filter(p->aa, &f, t, &nm, "");
	hl_diag_clear(&d);
	assert_int_equal(node_deadlines(p->aa, now + 7200, &dr, &d), 0);
	expect_filter(p->aa, &f, t, &nm, "R1");
	f.overdue = false;
	expect_filter(p->aa, &f, t, &nm, "R1 Q1 R2");
	f.pings = true;
	expect_filter(p->aa, &f, t, &nm, "R1 Q1 P1 R2");
#undef F
}

/*
 * present_peers(): link unknown until a ping is answered, up after, down
 * while unreachable; present_message(): the row with envelope, receipt,
 * the answers either way and the log leaf.
 */
static void
test_present(void **state)
{
	struct nodes *p = *state;
	int64_t t = p->t;
	char ping[65], pong[65], r1[65], a1[65], when[PROTO_TIME_LEN];
	struct hl_diag d;
	json_t *o, *x;

	assert_int_equal(present_peers(p->aa, t, &o), 0);
	assert_int_equal(json_array_size(o), 1);
	x = json_array_get(o, 0);
	assert_string_equal(json_string_value(json_object_get(x, "party")),
	    "cert.bb");
	assert_string_equal(json_string_value(json_object_get(x, "link")),
	    "unknown");
	assert_true(json_is_null(json_object_get(x, "last_ping")));
	assert_true(json_is_null(json_object_get(x, "rtt_ms")));
	assert_non_null(json_object_get(x, "tls_pin"));
	json_decref(o);

	hl_diag_clear(&d);
	assert_int_equal(node_ping(p->aa, "cert.bb", t, ping, &d), 0);
	tn_carry(p->aa, p->bb, ping);
	{
		sqlite3_stmt *s;

		assert_int_equal(store_prepare(p->bb->st, "SELECT id FROM "
		    "messages WHERE type = 'pong'", &s), 0);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		store_col_text(s, 0, pong, sizeof(pong));
		store_release(p->bb->st, s);
	}
	tn_carry(p->bb, p->aa, pong);
	assert_int_equal(present_peers(p->aa, t, &o), 0);
	x = json_array_get(o, 0);
	assert_string_equal(json_string_value(json_object_get(x, "link")),
	    "up");
	iso(t, when);
	assert_string_equal(json_string_value(json_object_get(x,
	    "last_ping")), when);
	assert_true(json_is_integer(json_object_get(x, "rtt_ms")));
	json_decref(o);
	(void)node_alarm(p->aa, ALARM_UNREACHABLE, "cert.bb", NULL, "down",
	    t + 10);
	assert_int_equal(present_peers(p->aa, t, &o), 0);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(o, 0), "link")), "down");
	json_decref(o);

	send_msg(p->aa, "cert.bb", MSG_REQUEST, t + 7200, "R1", t, r1);
	tn_carry(p->aa, p->bb, r1);
	answer(p->bb, r1, false, t + 100, a1);
	tn_carry(p->bb, p->aa, a1);
	hl_diag_clear(&d);
	assert_int_equal(present_message(p->bb, r1, t, &o, &d), 0);
	assert_string_equal(json_string_value(json_object_get(o, "id")), r1);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(o, "envelope"), "subject")), "R1");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(o, "receipt"), "by")), "cert.bb");
	/* bb's leaf for it is the one its receipt names. */
	assert_int_equal(json_integer_value(json_object_get(o, "leaf")),
	    json_integer_value(json_object_get(json_object_get(o, "receipt"),
	    "leaf")));
	x = json_object_get(o, "answers");
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(x, 0), "id")), a1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(x, 0), "reply_to")), r1);
	json_decref(o);
	/* And at aa, the sender: its answers are the ones it received. */
	assert_int_equal(present_message(p->aa, r1, t, &o, &d), 0);
	assert_int_equal(json_array_size(json_object_get(o, "answers")), 1);
	assert_true(json_is_integer(json_object_get(o, "leaf")));
	json_decref(o);
	hl_diag_clear(&d);
	assert_int_equal(present_message(p->aa, "abcd", t, &o, &d),
	    HL_ENOTFOUND);
	assert_null(o);
	assert_string_equal(d.msg, "no such message");
}

/* A span to the two largest units, floored, its sign dropped. */
static void
test_span(void **state)
{
	static const struct {
		int64_t		 s;
		const char	*want;
	} c[] = {
		{ 0, "0s" }, { 59, "59s" }, { -59, "59s" }, { 60, "1m" },
		{ 3599, "59m" }, { 3600, "1h" }, { 3660, "1h 1m" },
		{ 86399, "23h 59m" }, { 86400, "1d" }, { 90000, "1d 1h" },
		{ 3 * 86400 - 1, "2d 23h" }, { -(30 * 86400 - 5340),
		    "29d 22h" },
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		attention_span(c[i].s, out, sizeof(out));
		assert_string_equal(out, c[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_span),
		cmocka_unit_test_setup_teardown(test_owed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_unwitnessed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_present, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
