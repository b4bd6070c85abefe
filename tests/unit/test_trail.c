/*
 * The audit trail: a row for each action of a person, in the action's
 * own transaction, with the exact actor, via, action, target and detail;
 * none for the node's own work (actor "") or for an action refused or
 * failed; rows the database itself will not delete or change; filters,
 * pages and the JSON every front end shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hl.h"
#include "node.h"
#include "store_int.h"
#include "taxii_users.h"
#include "trail.h"
#include "tutil.h"
#include "tnode.h"
#include "view.h"

struct pair {
	char		*tmp;
	struct node	*aa, *bb;
};

static int
setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	if (hl_init() != 0 || p == NULL)
		return -1;
	p->tmp = tu_tmpdir();
	p->aa = tn_node(p->tmp, "cert.aa", "AA", TIER_CERT);
	p->bb = tn_node(p->tmp, "cert.bb", "BB", TIER_CERT);
	/* Pinned with actor "": the node's own, so no row. */
	tn_pin(p->aa, p->bb);
	tn_pin(p->bb, p->aa);
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct pair *p = *state;

	node_close(p->aa);
	node_close(p->bb);
	tu_rmrf(p->tmp);
	free(p->tmp);
	free(p);
	return 0;
}

#define ROWS(n)	tn_sql_int(n, "SELECT count(*) FROM audit")

/* The trail's newest row, which there must be. */
static struct trail_entry last;

static int
keep_first(void *arg, const struct trail_entry *e)
{
	(void)arg;
	last = *e;
	return 1;
}

static void
expect_last(struct node *n, const char *actor, enum via via,
    const char *action, const char *target, const char *detail)
{
	struct trail_filter f = { .limit = 1 };

	memset(&last, 0, sizeof(last));
	assert_int_equal(trail_each(n, &f, keep_first, NULL), 1);
	assert_string_equal(last.actor, actor);
	assert_int_equal(last.via, via);
	assert_string_equal(last.action, action);
	assert_string_equal(last.target, target);
	assert_string_equal(last.detail, detail);
}

static json_t *
request_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], "
	    "s:[s]}", "category", "scanning", "severity", "high", "summary",
	    "SSH brute force", "observed", "start", "2026-11-20T00:00:00Z",
	    "end", "2026-11-26T00:00:00Z", "indicators", "type", "ipv4",
	    "value", "203.0.113.7", "expectations", "investigate");
}

static void
test_node_actions(void **state)
{
	struct pair *p = *state;
	int64_t now = (int64_t)time(NULL);
	struct send_args a = { .to = "cert.bb", .type = MSG_REQUEST,
		.tlp = TLP_AMBER, .now = now, .deadline = SEND_POLICY_DEADLINE };
	struct reply_args ra = { .tlp = -1, .now = now };
	struct accept_result res;
	struct msg_row m, req;
	struct hl_diag d;
	struct card c;
	bool changed, cleared;
	char id[65], req_id[65], want[160];

	assert_int_equal(ROWS(p->aa), 0);
	assert_int_equal(ROWS(p->bb), 0);
	node_set_actor(p->aa, "unix:alice", VIA_CLI);

	/* send */
	a.body = request_body();
	hl_diag_clear(&d);
	assert_int_equal(node_send(p->aa, &a, req_id, &d), 0);
	expect_last(p->aa, "unix:alice", VIA_CLI, "send", req_id,
	    "request to cert.bb");
	assert_int_equal(last.at, now);

	/* The peer takes it in: the node's own work, no row there. */
	assert_int_equal(store_msg_get(p->aa->st, req_id, true, &m), 0);
	assert_int_equal(node_accept(p->bb, m.raw, m.rawlen, 0, NULL, &res,
	    NULL, &d), 0);
	msg_row_done(&m);
	assert_int_equal(ROWS(p->bb), 0);

	/* reply, interim then final, by a console user */
	node_set_actor(p->bb, "olga", VIA_CONSOLE);
	assert_int_equal(node_reply_find(p->bb, req_id, &req, &d), 0);
	ra.body = json_pack("{s:s, s:s}", "status", "interim", "summary",
	    "looking");
	assert_int_equal(node_reply(p->bb, &req, &ra, id, &d), 0);
	(void)snprintf(want, sizeof(want), "interim %s", req_id);
	expect_last(p->bb, "olga", VIA_CONSOLE, "reply", id, want);
	json_decref(ra.body);
	msg_row_done(&req);
	assert_int_equal(node_reply_find(p->bb, req_id, &req, &d), 0);
	ra.body = json_pack("{s:s, s:s}", "status", "final", "summary",
	    "blocked");
	assert_int_equal(node_reply(p->bb, &req, &ra, id, &d), 0);
	(void)snprintf(want, sizeof(want), "final %s", req_id);
	expect_last(p->bb, "olga", VIA_CONSOLE, "reply", id, want);
	/* A second final one is refused: no row. */
	msg_row_done(&req);
	assert_int_equal(node_reply_find(p->bb, req_id, &req, &d), 0);
	hl_diag_clear(&d);
	assert_int_equal(node_reply(p->bb, &req, &ra, id, &d), HL_ECONFLICT);
	assert_int_equal(ROWS(p->bb), 2);
	json_decref(ra.body);
	msg_row_done(&req);

	/* withdraw, by a script's token */
	node_set_actor(p->aa, "bot", VIA_TOKEN);
	assert_int_equal(node_withdraw(p->aa, req_id, "sent in error", now,
	    id, &d), 0);
	(void)snprintf(want, sizeof(want), "withdraws %s", req_id);
	expect_last(p->aa, "bot", VIA_TOKEN, "withdraw", id, want);
	hl_diag_clear(&d);
	assert_int_equal(node_withdraw(p->aa, req_id, "again", now, id, &d),
	    HL_ECONFLICT);

	/* ping, by a person; the daemon's (actor "") leave none */
	node_set_actor(p->aa, "unix:alice", VIA_CLI);
	assert_int_equal(node_ping(p->aa, "cert.bb", now, id, &d), 0);
	expect_last(p->aa, "unix:alice", VIA_CLI, "ping", id,
	    "ping to cert.bb");
	assert_int_equal(ROWS(p->aa), 3);
	node_set_actor(p->aa, "", VIA_CLI);
	assert_int_equal(node_ping(p->aa, "cert.bb", now, id, &d), 0);
	assert_int_equal(ROWS(p->aa), 3);
	node_set_actor(p->aa, "unix:alice", VIA_CLI);

	/* A send refused before its transaction: no row. */
	a.to = "cert.zz";
	hl_diag_clear(&d);
	assert_int_equal(node_send(p->aa, &a, id, &d), HL_EUNKNOWNPEER);
	assert_int_equal(ROWS(p->aa), 3);
	a.to = "cert.bb";

	/* peer remove and add */
	hl_diag_clear(&d);
	assert_int_equal(node_peer_remove(p->aa, "cert.bb", &c, &d), 0);
	expect_last(p->aa, "unix:alice", VIA_CLI, "peer-remove", "cert.bb",
	    "");
	assert_int_equal(node_peer_remove(p->aa, "cert.bb", &c, &d),
	    HL_ENOTFOUND);
	hl_diag_clear(&d);
	if (node_peer_add(p->aa, p->bb->card.raw, p->bb->card.rawlen, false,
	    &c, &changed, &d) != 0)
		fail_msg("peer add: %s", d.msg);
	assert_true(changed);
	expect_last(p->aa, "unix:alice", VIA_CLI, "peer-add", "cert.bb", "");
	assert_int_equal(node_peer_add(p->aa, p->bb->card.raw,
	    p->bb->card.rawlen, false, &c, &changed, &d), 0);
	assert_false(changed);
	expect_last(p->aa, "unix:alice", VIA_CLI, "peer-add", "cert.bb",
	    "unchanged");
	assert_int_equal(node_peer_add(p->aa, p->aa->card.raw,
	    p->aa->card.rawlen, false, &c, &changed, &d), HL_EINVAL);
	assert_int_equal(ROWS(p->aa), 6);

	/* alarm clear: a clearing is; clearing nothing is not */
	node_set_actor(p->aa, "", VIA_CLI);
	assert_int_equal(node_alarm(p->aa, ALARM_REFUSED, "cert.bb", NULL,
	    "it refused a message", now), 0);
	assert_int_equal(ROWS(p->aa), 6);
	node_set_actor(p->aa, "unix:alice", VIA_CLI);
	assert_int_equal(node_alarm_clear(p->aa, ALARM_REFUSED, "cert.bb",
	    &cleared), 0);
	assert_true(cleared);
	expect_last(p->aa, "unix:alice", VIA_CLI, "alarm-clear", "cert.bb",
	    "refused");
	assert_int_equal(node_alarm_clear(p->aa, ALARM_REFUSED, "cert.bb",
	    &cleared), 0);
	assert_false(cleared);
	assert_int_equal(ROWS(p->aa), 7);

	/* TAXII users */
	hl_diag_clear(&d);
	assert_int_equal(taxii_users_add(p->aa, "misp", TLP_GREEN, "pw", 2,
	    NULL, now, &d), 0);
	expect_last(p->aa, "unix:alice", VIA_CLI, "taxii-user-add", "misp",
	    "green");
	assert_int_equal(taxii_users_add(p->aa, "misp", TLP_GREEN, "pw", 2,
	    NULL, now, &d), HL_EEXIST);
	assert_int_equal(taxii_users_remove(p->aa, "misp", &d), 0);
	expect_last(p->aa, "unix:alice", VIA_CLI, "taxii-user-remove", "misp",
	    "");
	assert_int_equal(taxii_users_remove(p->aa, "misp", &d), HL_ENOTFOUND);
	assert_int_equal(ROWS(p->aa), 9);
	json_decref(a.body);
}

/*
 * An action whose row cannot be written is not done: the row and the
 * action commit together or neither does.
 */
static void
test_together(void **state)
{
	struct pair *p = *state;
	struct send_args a = { .to = "cert.bb", .type = MSG_REQUEST,
		.tlp = TLP_AMBER, .now = (int64_t)time(NULL),
		.deadline = SEND_POLICY_DEADLINE };
	struct hl_diag d;
	struct card c;
	int64_t out, leaves;
	char id[65];

	out = tn_sql_int(p->aa, "SELECT count(*) FROM messages");
	leaves = tn_sql_int(p->aa, "SELECT count(*) FROM log_leaves");
	/* No such way to act: trail_add() fails inside the transaction. */
	node_set_actor(p->aa, "unix:alice", VIA_COUNT);
	a.body = request_body();
	hl_diag_clear(&d);
	assert_int_not_equal(node_send(p->aa, &a, id, &d), 0);
	assert_string_equal(id, "");
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM messages"), out);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM log_leaves"), leaves);
	hl_diag_clear(&d);
	assert_int_not_equal(node_peer_remove(p->aa, "cert.bb", &c, &d), 0);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM peers"), 1);
	assert_int_equal(ROWS(p->aa), 0);
	/* The next send takes the seq the failed one did not. */
	node_set_actor(p->aa, "unix:alice", VIA_CLI);
	assert_int_equal(node_send(p->aa, &a, id, &d), 0);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM messages"), out + 1);
	assert_int_equal(ROWS(p->aa), 1);
	json_decref(a.body);
}

static void
test_kept(void **state)
{
	struct pair *p = *state;
	char *err = NULL;

	assert_int_equal(trail_add_as(p->aa, "alice", VIA_CONSOLE, "login",
	    NULL, NULL, 100), 0);
	assert_int_equal(ROWS(p->aa), 1);
	assert_int_equal(sqlite3_exec(p->aa->st->db, "DELETE FROM audit",
	    NULL, NULL, &err) & 0xff, SQLITE_CONSTRAINT);
	assert_string_equal(err, "the audit trail is kept");
	sqlite3_free(err);
	err = NULL;
	assert_int_equal(sqlite3_exec(p->aa->st->db, "UPDATE audit SET actor "
	    "= 'mallory'", NULL, NULL, &err) & 0xff, SQLITE_CONSTRAINT);
	assert_string_equal(err, "the audit trail is kept");
	sqlite3_free(err);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM audit WHERE actor = "
	    "'alice'"), 1);
	/* No actor, nothing; an unknown via, refused. */
	assert_int_equal(trail_add_as(p->aa, "", VIA_CONSOLE, "login", NULL,
	    NULL, 100), 0);
	assert_int_equal(trail_add_as(p->aa, "x", VIA_COUNT, "login", NULL,
	    NULL, 100), HL_EINVAL);
	assert_int_equal(ROWS(p->aa), 1);
}

struct page {
	int64_t		 ids[8];
	size_t		 n;
};

static int
take(void *arg, const struct trail_entry *e)
{
	struct page *pg = arg;

	assert_true(pg->n < 8);
	pg->ids[pg->n++] = e->id;
	return 0;
}

static int
counted(void *arg, const struct trail_entry *e)
{
	(void)e;
	(*(size_t *)arg)++;
	return 0;
}

static struct page
each(struct node *n, const struct trail_filter *f)
{
	struct page pg = { { 0 }, 0 };

	assert_int_equal(trail_each(n, f, take, &pg), 0);
	return pg;
}

static void
test_filters(void **state)
{
	struct pair *p = *state;
	struct trail_filter f;
	struct page pg;
	size_t count = 0;

	/* ids 1..5 */
	assert_int_equal(trail_add_as(p->aa, "ann", VIA_CONSOLE, "login",
	    NULL, NULL, 100), 0);
	assert_int_equal(trail_add_as(p->aa, "ann", VIA_CONSOLE, "send", "m1",
	    "request to cert.bb", 200), 0);
	assert_int_equal(trail_add_as(p->aa, "unix:bo", VIA_CLI, "send", "m2",
	    "query to cert.bb", 300), 0);
	assert_int_equal(trail_add_as(p->aa, "ann", VIA_CONSOLE, "logout",
	    NULL, NULL, 400), 0);
	assert_int_equal(trail_add_as(p->aa, "unix:bo", VIA_CLI, "ping", "m3",
	    NULL, 500), 0);

	memset(&f, 0, sizeof(f));
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 5);
	assert_int_equal(pg.ids[0], 5);
	assert_int_equal(pg.ids[4], 1);
	/* Pages of two, newest first, each after the last id seen. */
	f.limit = 2;
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 2);
	assert_int_equal(pg.ids[0], 5);
	assert_int_equal(pg.ids[1], 4);
	f.before = pg.ids[1];
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 2);
	assert_int_equal(pg.ids[0], 3);
	assert_int_equal(pg.ids[1], 2);
	f.before = pg.ids[1];
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.ids[0], 1);
	f.before = 1;
	assert_int_equal(each(p->aa, &f).n, 0);

	memset(&f, 0, sizeof(f));
	f.actor = "ann";
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 3);
	assert_int_equal(pg.ids[0], 4);
	f.action = "send";
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.ids[0], 2);
	f.actor = NULL;
	assert_int_equal(each(p->aa, &f).n, 2);
	f.action = NULL;
	f.since = 300;
	pg = each(p->aa, &f);
	assert_int_equal(pg.n, 3);
	assert_int_equal(pg.ids[2], 3);
	f.since = 501;
	assert_int_equal(each(p->aa, &f).n, 0);
	f.since = 0;
	f.actor = "an";		/* a name, not a prefix */
	assert_int_equal(each(p->aa, &f).n, 0);

	/* A page is never more than HL_TRAIL_MAX_PAGE. */
	assert_int_equal(store_begin(p->aa->st), 0);
	for (int i = 0; i < HL_TRAIL_MAX_PAGE; i++)
		assert_int_equal(trail_add_as(p->aa, "x", VIA_CLI, "ping",
		    NULL, NULL, 600), 0);
	assert_int_equal(store_commit(p->aa->st), 0);
	memset(&f, 0, sizeof(f));
	assert_int_equal(trail_each(p->aa, &f, counted, &count), 0);
	assert_int_equal(count, HL_TRAIL_MAX_PAGE);
	f.limit = HL_TRAIL_MAX_PAGE + 10;
	count = 0;
	assert_int_equal(trail_each(p->aa, &f, counted, &count), 0);
	assert_int_equal(count, HL_TRAIL_MAX_PAGE);
	assert_int_equal(ROWS(p->aa), HL_TRAIL_MAX_PAGE + 5);
}

static char *
dump(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(v);
	assert_non_null(s);
	return s;
}

static void
test_json(void **state)
{
	struct pair *p = *state;
	struct trail_filter f = { .limit = 1 };
	char name[HL_ACTOR_LEN + 20], *s;

	assert_int_equal(trail_add_as(p->aa, "ann", VIA_TOKEN, "send", "m1",
	    "request to cert.bb", 1795773600), 0);
	assert_int_equal(trail_each(p->aa, &f, keep_first, NULL), 1);
	s = dump(trail_json(&last));
	assert_string_equal(s, "{\"action\":\"send\",\"actor\":\"ann\","
	    "\"at\":\"2026-11-27T10:00:00Z\",\"detail\":\"request to cert.bb\","
	    "\"id\":1,\"target\":\"m1\",\"via\":\"token\"}");
	free(s);
	/* No target, no detail: no such keys. */
	assert_int_equal(trail_add_as(p->aa, "ann", VIA_CONSOLE, "logout",
	    NULL, NULL, 1795773600), 0);
	assert_int_equal(trail_each(p->aa, &f, keep_first, NULL), 1);
	s = dump(trail_json(&last));
	assert_string_equal(s, "{\"action\":\"logout\",\"actor\":\"ann\","
	    "\"at\":\"2026-11-27T10:00:00Z\",\"id\":2,\"via\":\"console\"}");
	free(s);
	/* Cut to fit, and never inside a character. */
	memset(name, 'a', sizeof(name));
	memcpy(name + HL_ACTOR_LEN - 1, "\xc3\xa4", 2);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(trail_add_as(p->aa, name, VIA_CLI, "x", NULL, NULL,
	    0), 0);
	assert_int_equal(trail_each(p->aa, &f, keep_first, NULL), 1);
	assert_int_equal(strlen(last.actor), HL_ACTOR_LEN - 1);
	assert_int_equal(tn_sql_int(p->aa, "SELECT length(CAST(actor AS BLOB)) FROM "
	    "audit WHERE id = 3"), HL_ACTOR_LEN - 1);
	s = dump(trail_json(&last));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_node_actions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_together, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
