/*
 * Events: each kind is added by its hook once, in the transaction of the
 * change behind it (none when that is rolled back), the deadline
 * thresholds at the times they pass, each sink's progress its own, and
 * no subject above TLP:GREEN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "hl.h"
#include "limits.h"
#include "store_int.h"
#include "tutil.h"
#include "tnode.h"
#include "view.h"

struct nodes {
	char		*tmp;
	struct node	*aa, *bb, *cc, *dd;
};

/*
 * aa (cert, AA) asks bb (cert, BB); cc is BB's nrrc, whom aa escalates
 * to; dd (cert, DD) has nobody above it.
 */
static int
setup(void **state)
{
	struct nodes *p = calloc(1, sizeof(*p));

	if (hl_init() != 0 || p == NULL)
		return -1;
	p->tmp = tu_tmpdir();
	p->aa = tn_node(p->tmp, "cert.aa", "AA", TIER_CERT);
	p->bb = tn_node(p->tmp, "cert.bb", "BB", TIER_CERT);
	p->cc = tn_node(p->tmp, "nrrc.bb", "BB", TIER_NRRC);
	p->dd = tn_node(p->tmp, "cert.dd", "DD", TIER_CERT);
	tn_pin(p->aa, p->bb);
	tn_pin(p->aa, p->cc);
	tn_pin(p->aa, p->dd);
	tn_pin(p->bb, p->aa);
	tn_pin(p->cc, p->aa);
	tn_pin(p->dd, p->aa);
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
	node_close(p->dd);
	tu_rmrf(p->tmp);
	free(p->tmp);
	free(p);
	return 0;
}

/* How many events of kind n keeps. */
static int
count(struct node *n, const char *kind)
{
	sqlite3_stmt *s;
	int c;

	assert_int_equal(sqlite3_prepare_v2(n->st->db, "SELECT count(*) FROM "
	    "events WHERE kind = ?", -1, &s, NULL), SQLITE_OK);
	(void)sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	c = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return c;
}

/* The JSON of the event kept under key; the caller json_decref()s it. */
static json_t *
event_by_key(struct node *n, const char *key)
{
	sqlite3_stmt *s;
	json_t *o;

	assert_int_equal(sqlite3_prepare_v2(n->st->db, "SELECT body FROM "
	    "events WHERE key = ?", -1, &s, NULL), SQLITE_OK);
	(void)sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		fail_msg("no event %s", key);
	o = json_loads((const char *)sqlite3_column_text(s, 0),
	    JSON_REJECT_DUPLICATES, NULL);
	sqlite3_finalize(s);
	assert_non_null(o);
	return o;
}

static const char *
str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "(none)";
}

/* A request from n to peer at tlp, due in secs; its row, with raw. */
static struct msg_row
request(struct node *n, const char *to, enum tlp tlp, int64_t now,
    int64_t secs)
{
	struct send_args a = { .to = to, .type = MSG_REQUEST, .tlp = tlp,
		.now = now, .deadline = now + secs, .subject = "SSH brute "
		"force from 203.0.113.7" };
	struct msg_row m;
	struct hl_diag d;
	char id[65];

	a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], "
	    "s:[s]}", "category", "scanning", "severity", "high", "summary",
	    "SSH brute force", "observed", "start", "2026-11-20T00:00:00Z",
	    "end", "2026-11-26T00:00:00Z", "indicators", "type", "ipv4",
	    "value", "203.0.113.7", "expectations", "investigate");
	hl_diag_clear(&d);
	if (node_send(n, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	json_decref(a.body);
	assert_int_equal(store_msg_get(n->st, id, true, &m), 0);
	return m;
}

/* n accepts the message id of from, with raw; fails the test if not. */
static void
carry(struct node *from, const char *id, struct node *to)
{
	struct accept_result res;
	struct msg_row m;
	struct hl_diag d;

	hl_diag_clear(&d);
	assert_int_equal(store_msg_get(from->st, id, true, &m), 0);
	if (node_accept(to, m.raw, m.rawlen, 0, NULL, &res, NULL, &d) != 0)
		fail_msg("accept %.12s: %s", id, d.msg);
	msg_row_done(&m);
}

/* n answers request id (received) with status; the answer's id. */
static void
answer(struct node *n, const char *id, const char *status, char out[65])
{
	struct reply_args ra = { .tlp = -1, .now = (int64_t)time(NULL) };
	struct msg_row req;
	struct hl_diag d;

	hl_diag_clear(&d);
	assert_int_equal(node_reply_find(n, id, &req, &d), 0);
	ra.body = json_pack("{s:s, s:s}", "status", status, "summary",
	    "looking");
	if (node_reply(n, &req, &ra, out, &d) != 0)
		fail_msg("reply: %s", d.msg);
	json_decref(ra.body);
	msg_row_done(&req);
}

/* A request received: one event with its fields, none for the same again. */
static void
test_request_received(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL);
	struct msg_row m = request(p->aa, "cert.bb", TLP_GREEN, now, 3600);
	struct accept_result res;
	struct hl_diag d;
	char key[128], due[PROTO_TIME_LEN];
	json_t *o;

	/* A dry run's transaction is rolled back, and its event with it. */
	hl_diag_clear(&d);
	assert_int_equal(node_accept(p->bb, m.raw, m.rawlen, NODE_DRYRUN, NULL,
	    &res, NULL, &d), 0);
	assert_int_equal(count(p->bb, "request-received"), 0);
	carry(p->aa, m.id, p->bb);
	carry(p->aa, m.id, p->bb);
	assert_int_equal(count(p->bb, "request-received"), 1);
	(void)snprintf(key, sizeof(key), "request-received:%s", m.id);
	o = event_by_key(p->bb, key);
	assert_string_equal(str(o, "event"), "request-received");
	assert_string_equal(str(o, "node"), "cert.bb");
	assert_string_equal(str(o, "peer"), "cert.aa");
	assert_string_equal(str(o, "msg"), m.id);
	assert_string_equal(str(o, "type"), "request");
	assert_string_equal(str(o, "tier"), "cert");
	assert_string_equal(str(o, "tlp"), "green");
	assert_string_equal(str(o, "subject"),
	    "SSH brute force from 203.0.113.7");
	assert_true(json_integer_value(json_object_get(o, "id")) > 0);
	assert_non_null(json_object_get(o, "at"));
	assert_string_equal(str(o, "detail"), "a request from cert.aa");
	/* Due an hour from the receiver's own storing of it, at least. */
	proto_time_format(now + 3600, due);
	assert_true(strcmp(str(o, "due"), due) >= 0);
	json_decref(o);
	msg_row_done(&m);
}

/* Amber and red: the subject is for the parties, not for a notifier. */
static void
test_subject_withheld(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL);
	enum tlp tlps[] = { TLP_CLEAR, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED };
	bool kept[] = { true, false, false, false };

	for (size_t i = 0; i < sizeof(tlps) / sizeof(tlps[0]); i++) {
		struct msg_row m = request(p->aa, "cert.bb", tlps[i], now, 60);
		char key[128], *text;
		json_t *o;

		carry(p->aa, m.id, p->bb);
		(void)snprintf(key, sizeof(key), "request-received:%s", m.id);
		o = event_by_key(p->bb, key);
		assert_string_equal(str(o, "tlp"), proto_tlp_names[tlps[i]]);
		assert_int_equal(json_object_get(o, "subject") != NULL,
		    kept[i]);
		text = json_dumps(o, 0);
		assert_non_null(text);
		assert_int_equal(strstr(text, "203.0.113.7") != NULL, kept[i]);
		free(text);
		json_decref(o);
		msg_row_done(&m);
	}
	assert_int_equal(count(p->bb, "request-received"), 4);
}

/* Answers, interim and final, each once on the requester's side. */
static void
test_answer_received(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL);
	struct msg_row m = request(p->aa, "cert.bb", TLP_AMBER, now, 3600);
	char a1[65], a2[65], key[128];
	json_t *o;

	carry(p->aa, m.id, p->bb);
	answer(p->bb, m.id, "interim", a1);
	answer(p->bb, m.id, "final", a2);
	carry(p->bb, a1, p->aa);
	carry(p->bb, a1, p->aa);
	carry(p->bb, a2, p->aa);
	assert_int_equal(count(p->aa, "answer-received"), 2);
	(void)snprintf(key, sizeof(key), "answer-received:%s", a2);
	o = event_by_key(p->aa, key);
	assert_string_equal(str(o, "peer"), "cert.bb");
	assert_string_equal(str(o, "type"), "response");
	assert_string_equal(str(o, "tlp"), "amber");
	assert_null(json_object_get(o, "subject"));
	assert_null(json_object_get(o, "due"));
	assert_true(strstr(str(o, "detail"), "final answer from cert.bb") ==
	    str(o, "detail"));
	assert_non_null(strstr(str(o, "detail"), m.id));
	json_decref(o);
	/* An answer is no request: bb's side has no event of its own sending. */
	assert_int_equal(count(p->bb, "answer-received"), 0);
	msg_row_done(&m);
}

/*
 * Overdue and the escalation that follows, once however often the
 * deadlines run; the escalation received is the nrrc's event.
 */
static void
test_overdue_escalation(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL);
	struct msg_row m = request(p->aa, "cert.bb", TLP_RED, now, 60);
	struct deadline_result dr;
	struct hl_diag d;
	char key[128];
	json_t *o;

	p->aa->cfg.escalate = true;
	hl_diag_clear(&d);
	assert_int_equal(node_deadlines(p->aa, now + 59, &dr, &d), 0);
	assert_int_equal(count(p->aa, "overdue"), 0);
	assert_int_equal(node_deadlines(p->aa, now + 61, &dr, &d), 0);
	assert_int_equal(dr.overdue, 1);
	assert_int_equal(dr.escalated, 1);
	assert_int_equal(node_deadlines(p->aa, now + 62, &dr, &d), 0);
	assert_int_equal(dr.overdue, 0);
	assert_int_equal(count(p->aa, "overdue"), 1);
	assert_int_equal(count(p->aa, "escalation"), 1);
	(void)snprintf(key, sizeof(key), "overdue:%s", m.id);
	o = event_by_key(p->aa, key);
	assert_string_equal(str(o, "peer"), "cert.bb");
	assert_string_equal(str(o, "tlp"), "red");
	assert_null(json_object_get(o, "subject"));
	assert_string_equal(str(o, "detail"), "cert.bb has not answered it");
	json_decref(o);
	msg_row_done(&m);
}

/* The escalation as the nrrc receives it, and an officer's own. */
static void
test_escalate(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL);
	struct msg_row m = request(p->aa, "cert.bb", TLP_GREEN, now, 3600);
	struct msg_row e, far = request(p->aa, "cert.dd", TLP_GREEN, now, 60);
	struct hl_diag d;
	char id[65], key[128], want[256];
	json_t *o;

	(void)snprintf(p->aa->actor.name, sizeof(p->aa->actor.name),
	    "unix:alice");
	hl_diag_clear(&d);
	if (node_escalate(p->aa, m.id, now, id, &d) != 0)
		fail_msg("escalate: %s", d.msg);
	assert_int_equal(store_msg_get(p->aa->st, id, true, &e), 0);
	assert_string_equal(e.type, "escalation");
	assert_string_equal(e.peer, "nrrc.bb");
	assert_non_null(strstr((const char *)e.raw, "\"reason\":\"other\""));
	assert_non_null(strstr((const char *)e.raw, "escalated by "
	    "unix:alice"));
	(void)snprintf(key, sizeof(key), "escalation:%s", id);
	o = event_by_key(p->aa, key);
	assert_string_equal(str(o, "peer"), "nrrc.bb");
	assert_string_equal(str(o, "type"), "escalation");
	assert_string_equal(str(o, "subject"), "unanswered by cert.bb");
	json_decref(o);
	carry(p->aa, id, p->cc);
	carry(p->aa, id, p->cc);
	assert_int_equal(count(p->cc, "escalation"), 1);
	o = event_by_key(p->cc, key);
	assert_string_equal(str(o, "peer"), "cert.aa");
	assert_string_equal(str(o, "node"), "nrrc.bb");
	assert_non_null(strstr(str(o, "detail"), "(other)"));
	json_decref(o);
	msg_row_done(&e);

	/* Refused: again, nobody above, received, withdrawn, answered. */
	hl_diag_clear(&d);
	assert_int_equal(node_escalate(p->aa, m.id, now, id, &d),
	    HL_ECONFLICT);
	(void)snprintf(want, sizeof(want), "%.12s is already escalated", m.id);
	assert_string_equal(d.msg, want);
	hl_diag_clear(&d);
	assert_int_equal(node_escalate(p->aa, far.id, now, id, &d),
	    HL_ECONFLICT);
	assert_string_equal(d.msg, "nobody to escalate to: no peer of "
	    "cert.dd's state one tier or more above it is pinned");
	carry(p->aa, far.id, p->dd);
	hl_diag_clear(&d);
	assert_int_equal(node_escalate(p->dd, far.id, now, id, &d), HL_EINVAL);
	assert_int_equal(node_withdraw(p->aa, far.id, "sorry", now, id, &d), 0);
	hl_diag_clear(&d);
	assert_int_equal(node_escalate(p->aa, far.id, now, id, &d),
	    HL_ECONFLICT);
	(void)snprintf(want, sizeof(want), "%.12s is already withdrawn",
	    far.id);
	assert_string_equal(d.msg, want);
	assert_int_equal(count(p->aa, "escalation"), 1);
	msg_row_done(&m);
	msg_row_done(&far);
}

/* The thresholds of the time from storing to due, each once, in order. */
static void
test_thresholds(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL), due;
	struct msg_row m = request(p->aa, "cert.bb", TLP_GREEN, now, 1000), in;
	const char *due_is;
	char key[128], a1[65];
	int added;
	json_t *o;

	carry(p->aa, m.id, p->bb);
	assert_int_equal(store_msg_get(p->bb->st, m.id, false, &in), 0);
	assert_int_equal(node_msg_due(p->bb, &in, &due, &due_is), 0);
	assert_int_equal(due, in.stored + 1000);
	assert_string_equal(due_is, "first");
	assert_int_equal(events_scan(p->bb, in.stored + 499, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(events_scan(p->bb, in.stored + 500, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(events_scan(p->bb, in.stored + 899, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(events_scan(p->bb, in.stored + 900, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(events_scan(p->bb, in.stored + 999, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(events_scan(p->bb, in.stored + 1000, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(events_scan(p->bb, in.stored + 5000, &added), 0);
	assert_int_equal(added, 0);
	(void)snprintf(key, sizeof(key), "deadline-90:%s", m.id);
	o = event_by_key(p->bb, key);
	assert_string_equal(str(o, "event"), "deadline-90");
	assert_string_equal(str(o, "peer"), "cert.aa");
	assert_string_equal(str(o, "detail"), "90 % of the time for the first "
	    "answer owed to cert.aa is gone: 100 s left");
	json_decref(o);
	(void)snprintf(key, sizeof(key), "deadline-passed:%s", m.id);
	o = event_by_key(p->bb, key);
	assert_string_equal(str(o, "detail"), "the first answer owed to "
	    "cert.aa was due 0 s ago");
	json_decref(o);

	/* Answered in the interim: the final answer's own thresholds. */
	p->bb->cfg.final_response = 2000;
	answer(p->bb, m.id, "interim", a1);
	msg_row_done(&in);
	assert_int_equal(store_msg_get(p->bb->st, m.id, false, &in), 0);
	assert_int_equal(node_msg_due(p->bb, &in, &due, &due_is), 0);
	assert_int_equal(due, in.stored + 2000);
	assert_string_equal(due_is, "final");
	assert_int_equal(events_scan(p->bb, in.stored + 999, &added), 0);
	assert_int_equal(added, 0);
	/* A scan that finds two passed at once adds both. */
	assert_int_equal(events_scan(p->bb, in.stored + 1800, &added), 0);
	assert_int_equal(added, 2);
	(void)snprintf(key, sizeof(key), "deadline-50:%s:final", m.id);
	json_decref(event_by_key(p->bb, key));
	assert_int_equal(count(p->bb, "deadline-50"), 2);
	assert_int_equal(count(p->bb, "deadline-90"), 2);
	assert_int_equal(count(p->bb, "deadline-passed"), 1);

	/* Answered for good: nothing more is owed. */
	answer(p->bb, m.id, "final", a1);
	assert_int_equal(events_scan(p->bb, in.stored + 9999, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(count(p->bb, "deadline-passed"), 1);
	/* The requester owes nothing: its side has no thresholds. */
	assert_int_equal(events_scan(p->aa, now + 9999, &added), 0);
	assert_int_equal(added, 0);
	msg_row_done(&in);
	msg_row_done(&m);
}

/* Alarms: peer-down once while it stands, peer-back when it clears. */
static void
test_alarms(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL);
	bool cleared;
	json_t *o;
	char key[128];

	assert_int_equal(node_alarm(p->aa, ALARM_UNREACHABLE, "cert.bb", NULL,
	    "no delivery for 300s", now), 0);
	assert_int_equal(node_alarm(p->aa, ALARM_UNREACHABLE, "cert.bb", NULL,
	    "no delivery for 301s", now + 1), 0);
	assert_int_equal(count(p->aa, "peer-down"), 1);
	(void)snprintf(key, sizeof(key), "peer-down:unreachable:cert.bb:%lld",
	    (long long)now);
	o = event_by_key(p->aa, key);
	assert_string_equal(str(o, "peer"), "cert.bb");
	assert_string_equal(str(o, "alarm"), "unreachable");
	assert_string_equal(str(o, "detail"), "no delivery for 300s");
	json_decref(o);
	assert_int_equal(node_alarm_clear(p->aa, ALARM_UNREACHABLE, "cert.bb",
	    &cleared), 0);
	assert_true(cleared);
	assert_int_equal(node_alarm_clear(p->aa, ALARM_UNREACHABLE, "cert.bb",
	    &cleared), 0);
	assert_false(cleared);
	assert_int_equal(count(p->aa, "peer-back"), 1);
	/* Down again later: a new event. */
	assert_int_equal(node_alarm(p->aa, ALARM_UNREACHABLE, "cert.bb", NULL,
	    "no delivery for 300s", now + 600), 0);
	assert_int_equal(count(p->aa, "peer-down"), 2);

	/* Any other kind is an "alarm"; its clearing is no event. */
	assert_int_equal(node_alarm(p->aa, ALARM_REFUSED, "cert.bb", "abcd",
	    "bad-signature: \x01\xff", now), 0);
	assert_int_equal(node_alarm(p->aa, ALARM_REFUSED, "cert.bb", "abcd",
	    "again", now + 5), 0);
	assert_int_equal(node_alarm_clear(p->aa, ALARM_REFUSED, "cert.bb",
	    &cleared), 0);
	assert_int_equal(count(p->aa, "alarm"), 1);
	assert_int_equal(count(p->aa, "peer-back"), 1);
	(void)snprintf(key, sizeof(key), "alarm:refused:cert.bb:%lld",
	    (long long)now);
	o = event_by_key(p->aa, key);
	assert_string_equal(str(o, "msg"), "abcd");
	/* What is not UTF-8 is escaped, never the reason to fail. */
	assert_string_equal(str(o, "detail"), "bad-signature: \\x01\\xff");
	json_decref(o);
}

/* Each sink's progress is its own, and only grows. */
static void
test_sinks(void **state)
{
	struct nodes *p = *state;
	int64_t now = (int64_t)time(NULL), first;
	struct event e;
	json_t *o;

	assert_int_equal(events_next(p->dd, "exec", &e), HL_ENOTFOUND);
	event_done(&e);
	assert_int_equal(store_begin(p->dd->st), 0);
	for (int i = 0; i < 3; i++) {
		char key[16];

		(void)snprintf(key, sizeof(key), "test:%d", i);
		o = json_pack("{s:i}", "n", i);
		assert_int_equal(events_add(p->dd, "alarm", key, o, now), 0);
		assert_int_equal(events_add(p->dd, "alarm", key, o, now), 0);
		json_decref(o);
	}
	assert_int_equal(store_commit(p->dd->st), 0);
	assert_int_equal(count(p->dd, "alarm"), 3);
	assert_int_equal(events_next(p->dd, "exec", &e), 0);
	first = e.id;
	assert_string_equal(e.kind, "alarm");
	assert_int_equal(e.at, now);
	o = json_loads(e.body, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(o, "id")), e.id);
	assert_int_equal(json_integer_value(json_object_get(o, "n")), 0);
	assert_string_equal(str(o, "node"), "cert.dd");
	json_decref(o);
	event_done(&e);
	assert_int_equal(events_handled(p->dd, "exec", first), 0);
	assert_int_equal(events_next(p->dd, "exec", &e), 0);
	assert_int_equal(e.id, first + 1);
	event_done(&e);
	/* Another sink has its own place; none goes back. */
	assert_int_equal(events_next(p->dd, "webhook", &e), 0);
	assert_int_equal(e.id, first);
	event_done(&e);
	assert_int_equal(events_handled(p->dd, "exec", first + 2), 0);
	assert_int_equal(events_handled(p->dd, "exec", first), 0);
	assert_int_equal(events_next(p->dd, "exec", &e), HL_ENOTFOUND);
	event_done(&e);
}

/* No event is larger than HL_EVENT_MAX_BYTES: the free text gives way. */
static void
test_cap(void **state)
{
	struct nodes *p = *state;
	char *big = malloc(HL_EVENT_MAX_BYTES + 1);
	struct event e;
	json_t *o;

	assert_non_null(big);
	memset(big, 'a', HL_EVENT_MAX_BYTES);
	big[HL_EVENT_MAX_BYTES] = '\0';
	o = json_pack("{s:s, s:s, s:s}", "peer", "cert.aa", "subject", big,
	    "detail", big);
	assert_int_equal(store_begin(p->dd->st), 0);
	assert_int_equal(events_add(p->dd, "alarm", "big", o, 1), 0);
	assert_int_equal(store_commit(p->dd->st), 0);
	json_decref(o);
	free(big);
	assert_int_equal(events_next(p->dd, "log", &e), 0);
	assert_true(strlen(e.body) <= HL_EVENT_MAX_BYTES);
	o = json_loads(e.body, 0, NULL);
	assert_string_equal(str(o, "peer"), "cert.aa");
	assert_null(json_object_get(o, "subject"));
	assert_string_equal(str(o, "detail"), "(too long for an event: see the "
	    "node)");
	json_decref(o);
	event_done(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_received, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_subject_withheld, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_answer_received, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_overdue_escalation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_escalate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thresholds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alarms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
