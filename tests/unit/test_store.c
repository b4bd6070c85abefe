/*
 * The store: schema versioning, pinning rules, message rows and prefixes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "tutil.h"

static struct store *
open_new(char **dir)
{
	char path[256];
	struct store *st;
	struct hl_diag d;

	*dir = tu_tmpdir();
	(void)snprintf(path, sizeof(path), "%s/hotline.db", *dir);
	hl_diag_clear(&d);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &d), 0);
	return st;
}

static void
test_schema_versions(void **state)
{
	char *dir, path[256];
	struct store *st = open_new(&dir);
	struct hl_diag d;
	sqlite3 *db;

	(void)state;
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
	(void)snprintf(path, sizeof(path), "%s/hotline.db", dir);
	hl_diag_clear(&d);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &d), HL_EEXIST);
	/* Reopening migrates nothing and keeps the version. */
	assert_int_equal(store_open(path, 0, &st, &d), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
	/* A database from a newer hotline is refused, untouched. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &st, &d), HL_EDB);
	assert_string_equal(d.msg, "database schema version 99 is newer than "
	    "this hotline (10)");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 10", NULL,
	    NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	/* A version 1 database (before log and receipts) is migrated. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE users; DROP TABLE "
	    "user_tokens; DROP TABLE audit; DROP TABLE events; DROP TABLE "
	    "notify_sinks; DROP TABLE msg_reads; DROP INDEX messages_owed; "
	    "DROP TABLE taxii_users; DROP TABLE own_cards; "
	    "DROP TABLE retired_peers; DROP TRIGGER receipt_kept; "
	    "DROP TRIGGER state_forward; DROP TABLE rereceipts; "
	    "DROP TABLE alarms; DROP TABLE log_leaves; DROP TABLE "
	    "log_nodes; DROP TABLE cosignatures; DROP TABLE checkpoints; "
	    "DROP TABLE witnessed; DROP TABLE equivocations; "
	    "DROP INDEX messages_undelivered; DROP INDEX messages_due; "
	    "DROP INDEX messages_interim; DROP INDEX peers_tls_pin; "
	    "DROP INDEX peers_pk; "
	    "ALTER TABLE messages DROP COLUMN receipt; "
	    "ALTER TABLE messages DROP COLUMN rtt_ms; "
	    "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &st, &d), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	{
		uint64_t size = 99;

		assert_int_equal(store_log_size(st, &size), 0);
		assert_int_equal(size, 0);
	}
	store_close(st);
	(void)snprintf(path, sizeof(path), "%s/missing.db", dir);
	assert_int_equal(store_open(path, 0, &st, &d), HL_ENOTFOUND);
	/* An empty file is no new database: refused, and left 0 bytes. */
	{
		struct stat sb;
		FILE *f;

		(void)snprintf(path, sizeof(path), "%s/empty.db", dir);
		assert_non_null(f = fopen(path, "w"));
		(void)fclose(f);
		hl_diag_clear(&d);
		assert_int_equal(store_open(path, 0, &st, &d), HL_EDB);
		assert_null(st);
		assert_string_equal(d.path, path);
		assert_string_equal(d.msg, "empty (0 bytes): no hotline "
		    "database in it; refusing to start a new one in its place");
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_size, 0);
	}
	tu_rmrf(dir);
	free(dir);
}

#define PIN_B	"sha256//BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="

static void
test_peers(void **state)
{
	struct card a, a2, b, bpin, bkey, got;
	char *dir;
	struct store *st = open_new(&dir);
	bool changed;

	(void)state;
	tu_card(&a, "cert.aa", "AA", 1);
	tu_card(&a2, "cert.aa", "AA", 2);
	tu_card_pin(&b, "cert.bb", "BB", 3, PIN_B);
	/* cert.bb claiming aa's TLS pin, and cert.cc with bb's key. */
	tu_card(&bpin, "cert.bb", "BB", 4);
	tu_card_pin(&bkey, "cert.cc", "CC", 3,
	    "sha256//CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCA=");
	assert_int_equal(store_peer_get(st, "cert.aa", &got), HL_ENOTFOUND);
	assert_int_equal(store_peer_put(st, &a, false, &changed), 0);
	assert_true(changed);
	assert_int_equal(store_peer_put(st, &a, false, &changed), 0);
	assert_false(changed);
	assert_int_equal(store_peer_put(st, &a2, false, &changed),
	    HL_ECONFLICT);
	assert_false(changed);
	assert_int_equal(store_peer_get(st, "cert.aa", &got), 0);
	assert_memory_equal(got.pk, a.pk, 32);
	assert_int_equal(store_peer_put(st, &a2, true, &changed), 0);
	assert_true(changed);
	assert_int_equal(store_peer_get(st, "cert.aa", &got), 0);
	assert_memory_equal(got.pk, a2.pk, 32);
	assert_int_equal(store_peer_put(st, &bpin, false, &changed),
	    HL_ECONFLICT);
	assert_false(changed);
	assert_int_equal(store_peer_get(st, "cert.bb", &got), HL_ENOTFOUND);
	assert_int_equal(store_peer_put(st, &b, false, &changed), 0);
	/* Replacing bb with a card that takes aa's pin: refused, aa kept. */
	assert_int_equal(store_peer_put(st, &bpin, true, &changed),
	    HL_ECONFLICT);
	assert_int_equal(store_peer_get(st, "cert.aa", &got), 0);
	assert_memory_equal(got.pk, a2.pk, 32);
	assert_int_equal(store_peer_get(st, "cert.bb", &got), 0);
	assert_string_equal(got.tls_pin, PIN_B);
	assert_int_equal(store_peer_put(st, &bkey, false, &changed),
	    HL_ECONFLICT);
	assert_int_equal(store_peer_get(st, "cert.cc", &got), HL_ENOTFOUND);
	store_close(st);
	tu_rmrf(dir);
	free(dir);
}

/*
 * A database of schema 3 may hold two peers with one TLS pin; the
 * migration to 4 refuses to open it, naming both and what to do, and
 * changes nothing; once one is removed it opens.
 */
static void
test_duplicate_pins_migration(void **state)
{
	struct card a, b;
	char *dir, path[256];
	struct store *st = open_new(&dir);
	struct hl_diag d;
	sqlite3 *db;
	bool changed;

	(void)state;
	tu_card(&a, "cert.aa", "AA", 1);
	tu_card(&b, "cert.bb", "BB", 2);
	assert_int_equal(store_peer_put(st, &a, false, &changed), 0);
	store_close(st);
	(void)snprintf(path, sizeof(path), "%s/hotline.db", dir);
	/* As schema 3 left it: no index, and a second card with aa's pin. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE users; DROP TABLE "
	    "user_tokens; DROP TABLE audit; DROP TABLE events; DROP TABLE "
	    "notify_sinks; DROP TABLE msg_reads; DROP INDEX messages_owed; "
	    "DROP TABLE taxii_users; DROP TABLE own_cards; "
	    "DROP TABLE retired_peers; DROP TRIGGER receipt_kept; "
	    "DROP TRIGGER state_forward; DROP TABLE rereceipts; "
	    "DROP TABLE alarms; DROP INDEX peers_tls_pin; "
	    "DROP INDEX peers_pk; PRAGMA user_version = 3; INSERT INTO peers "
	    "SELECT 'cert.bb', state, tier, endpoint, vkey, x'00', tls_pin, "
	    "card, added FROM peers", NULL, NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	hl_diag_clear(&d);
	assert_int_equal(store_open(path, 0, &st, &d), HL_ECONFLICT);
	assert_string_equal(d.path, path);
	assert_string_equal(d.msg, "peers cert.aa and cert.bb are pinned with "
	    "the same TLS key (tls_pin), so one can pass for the other; this "
	    "hotline refuses that. Check both cards with their owners, remove "
	    "the wrong one (sqlite3 hotline.db \"DELETE FROM peers WHERE "
	    "party = '...'\", daemon stopped) and run hotline again");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	{
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version",
		    -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 3);
		sqlite3_finalize(s);
	}
	assert_int_equal(sqlite3_exec(db, "DELETE FROM peers WHERE party = "
	    "'cert.bb'", NULL, NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &st, &d), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
	tu_rmrf(dir);
	free(dir);
}

static struct envelope *
env(const char *to, int seq)
{
	uint8_t seed[32] = { 9 };
	struct sig_key *k;
	struct envelope *e;
	struct hl_diag d;
	json_t *v = json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:s, "
	    "s:{}}", "v", 1, "type", "ping", "from", "cert.aa", "to", to,
	    "tier", "cert", "seq", seq, "created", "2026-11-27T10:00:00Z",
	    "tlp", "clear", "body");

	assert_int_equal(sig_key_from_seed("hotline/cert.aa", seed, &k), 0);
	hl_diag_clear(&d);
	assert_int_equal(envelope_seal(v, k, &e, &d), 0);
	sig_key_free(k);
	return e;
}

static void
test_messages(void **state)
{
	struct envelope *e1 = env("cert.bb", 1), *e2 = env("cert.bb", 2),
	    *e1c = env("cert.cc", 1);
	struct msg_row m;
	char *dir, id[65], prefix[5];
	struct store *st = open_new(&dir);
	int64_t seq, n;

	(void)state;
	assert_int_equal(store_next_seq(st, "cert.bb", &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e1, MSTATE_QUEUED,
	    100), 0);
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e1, MSTATE_QUEUED,
	    100), HL_EEXIST);
	assert_int_equal(store_next_seq(st, "cert.bb", &seq), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(store_next_seq(st, "cert.cc", &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e2, MSTATE_QUEUED,
	    101), 0);
	assert_int_equal(store_msg_insert(st, "in", "cert.aa", e1c,
	    MSTATE_RECEIVED, 102), 0);
	assert_int_equal(store_last_seq_in(st, "cert.aa", &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(store_msg_by_seq_in(st, "cert.aa", 1, id), 0);
	assert_string_equal(id, e1c->hdr.id);
	assert_int_equal(store_msg_by_seq_in(st, "cert.aa", 2, id),
	    HL_ENOTFOUND);
	assert_int_equal(store_msg_count(st, "out", &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_msg_count(st, NULL, &n), 0);
	assert_int_equal(n, 3);

	assert_int_equal(store_msg_get(st, e2->hdr.id, true, &m), 0);
	assert_string_equal(m.dir, "out");
	assert_string_equal(m.peer, "cert.bb");
	assert_int_equal(m.seq, 2);
	assert_int_equal(m.stored, 101);
	assert_int_equal(m.rawlen, e2->rawlen);
	assert_memory_equal(m.raw, e2->raw, e2->rawlen);
	msg_row_done(&m);
	memcpy(prefix, e1->hdr.id, 4);
	prefix[4] = '\0';
	assert_int_equal(store_msg_get(st, prefix, false, &m), 0);
	assert_null(m.raw);
	assert_int_equal(store_msg_get(st, "0000000", false, &m) == 0 ||
	    strncmp(e1->hdr.id, "0000000", 7) == 0, 0);
	assert_int_equal(store_msg_get(st, "abc", false, &m), HL_EINVAL);
	assert_int_equal(store_msg_get(st, "ABCD", false, &m), HL_EINVAL);
	store_close(st);
	envelope_free(e1);
	envelope_free(e2);
	envelope_free(e1c);
	tu_rmrf(dir);
	free(dir);
}

/* A query run from inside its own row callback, depth times over. */
struct nest {
	struct store	*st;
	int		 depth;		/* how deep to go */
	int		 rows;		/* rows seen, at every level */
	int		 deepest;
};

static int
nest_row(void *arg, const struct alarm *a)
{
	struct nest *x = arg;
	int r = 0;

	assert_string_equal(a->subject, "cert.bb");
	x->rows++;
	if (x->deepest < x->depth) {
		x->deepest++;
		r = store_alarm_each(x->st, nest_row, x);
	}
	return r;
}

/*
 * Each level needs a statement of its own while the ones above it sit
 * on their row, so the cache (64 slots) runs out at the 65th and the
 * statements past it are prepared and finalized each time. release()
 * once called itself for those, for ever: the alarm turns that hang
 * into a failure, and a statement not finalized would keep
 * sqlite3_close() from closing (a leak under ASan).
 */
static void
test_statement_cache_nested(void **state)
{
	char *dir;
	struct store *st = open_new(&dir);
	struct nest x = { st, 200, 0, 0 };
	int64_t n;

	(void)state;
	(void)alarm(20);
	assert_int_equal(store_alarm_raise(st, "refused", "cert.bb", NULL,
	    "x", 1), 0);
	assert_int_equal(store_alarm_each(st, nest_row, &x), 0);
	assert_int_equal(x.deepest, 200);
	assert_int_equal(x.rows, 201);
	/* Twice: the cached ones are free again, the others were freed. */
	x.rows = x.deepest = 0;
	assert_int_equal(store_alarm_each(st, nest_row, &x), 0);
	assert_int_equal(x.rows, 201);
	assert_int_equal(store_msg_count(st, NULL, &n), 0);
	assert_int_equal(n, 0);
	(void)alarm(0);
	store_close(st);
	tu_rmrf(dir);
	free(dir);
}

/*
 * What SQLite said of a failure reaches the caller: here a trigger's
 * refusal; kept across store_rollback(), gone at the next statement.
 */
static void
test_errors_say_why(void **state)
{
	struct envelope *e = env("cert.bb", 1);
	char *dir, path[300], msg[320], want[600];
	struct store *st = open_new(&dir);
	struct hl_diag d;
	int64_t n;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/hotline.db", dir);
	store_errmsg(st, msg, sizeof(msg));
	assert_string_equal(msg, "database error");
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e,
	    MSTATE_QUEUED, 100), 0);
	assert_int_equal(store_msg_set_receipt(st, e->hdr.id,
	    (const uint8_t *)"{}", 2, MSTATE_DELIVERED), 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_msg_set_receipt(st, e->hdr.id,
	    (const uint8_t *)"{\"x\":1}", 7, MSTATE_DELIVERED), HL_EDB);
	store_rollback(st);
	store_errmsg(st, msg, sizeof(msg));
	assert_string_equal(msg, "a kept receipt is never replaced");
	assert_false(store_full(st));
	hl_diag_clear(&d);
	assert_int_equal(store_diag(st, &d, HL_EDB, "cannot keep it"),
	    HL_EDB);
	(void)snprintf(want, sizeof(want), "cannot keep it: %s: a kept "
	    "receipt is never replaced", path);
	assert_string_equal(d.msg, want);
	/* Other errors are the caller's own: said as they are. */
	assert_int_equal(store_diag(st, &d, HL_ENOMEM, "cannot keep it"),
	    HL_ENOMEM);
	assert_string_equal(d.msg, "cannot keep it");
	assert_int_equal(store_msg_count(st, NULL, &n), 0);
	store_errmsg(st, msg, sizeof(msg));
	assert_string_equal(msg, "database error");
	store_close(st);
	envelope_free(e);
	tu_rmrf(dir);
	free(dir);
}

/* A SQL statement's one text value, or "" (the caller frees). */
static char *
sql_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	char *v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = strdup(sqlite3_column_text(s, 0) != NULL ?
	    (const char *)sqlite3_column_text(s, 0) : "");
	assert_non_null(v);
	sqlite3_finalize(s);
	return v;
}

/* The messages table row by row, every column, as SQLite quotes it. */
#define DUMP_MESSAGES "SELECT group_concat(r, char(10)) FROM (SELECT " \
	"quote(rowid) || ',' || quote(id) || ',' || quote(dir) || ',' || " \
	"quote(peer) || ',' || quote(type) || ',' || quote(tier) || ',' || " \
	"quote(seq) || ',' || quote(created) || ',' || quote(deadline) || " \
	"',' || quote(tlp) || ',' || quote(subject) || ',' || quote(refs) " \
	"|| ',' || quote(state) || ',' || quote(stored) || ',' || " \
	"quote(raw) || ',' || quote(receipt) || ',' || quote(rtt_ms) AS r " \
	"FROM messages ORDER BY rowid)"

/* The schema's objects on messages: its indexes and triggers, by name. */
#define MESSAGES_OBJECTS "SELECT group_concat(type || ' ' || name, ', ') " \
	"FROM (SELECT type, name FROM sqlite_schema WHERE tbl_name = " \
	"'messages' ORDER BY type, name)"

/* What SQLite says a state outside the CHECK breaks. */
#define BAD_STATE "state IN ('queued', 'delivered', 'received', " \
	"'overdue', 'escalated', 'answered-interim', 'answered-final', " \
	"'withdrawn', 'answered')"

/*
 * Every name of enum msg_state is a state the schema takes, and SQLite
 * itself refuses any other, in an INSERT or an UPDATE, whoever writes.
 */
static void
test_state_check(void **state)
{
	char *dir, path[256], sql[512];
	struct store *st = open_new(&dir);
	struct envelope *e = env("cert.bb", 1);
	enum msg_state ms;
	sqlite3 *db;

	(void)state;
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e,
	    MSTATE_QUEUED, 100), 0);
	store_close(st);
	for (int i = 0; i < MSTATE_COUNT; i++) {
		assert_true(proto_msg_state_parse(proto_state_names[i], &ms));
		assert_int_equal(ms, i);
	}
	assert_null(proto_state_names[MSTATE_COUNT]);
	assert_false(proto_msg_state_parse("Queued", &ms));
	assert_false(proto_msg_state_parse("", &ms));
	(void)snprintf(path, sizeof(path), "%s/hotline.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	(void)sqlite3_extended_result_codes(db, 1);
	/* One row in each state, by the names table: all taken. */
	for (int i = 0; i < MSTATE_COUNT; i++) {
		(void)snprintf(sql, sizeof(sql), "INSERT INTO messages (id, "
		    "dir, peer, type, tier, seq, created, tlp, state, stored, "
		    "raw) VALUES ('s%d', 'in', 'cert.cc', 'request', 'cert', "
		    "%d, 1, 'clear', '%s', 1, x'00')", i, i + 1,
		    proto_state_names[i]);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(db, "INSERT INTO messages (id, dir, "
	    "peer, type, tier, seq, created, tlp, state, stored, raw) VALUES "
	    "('bad', 'in', 'cert.cc', 'request', 'cert', 99, 1, 'clear', "
	    "'lost', 1, x'00')", NULL, NULL, NULL), SQLITE_CONSTRAINT_CHECK);
	assert_string_equal(sqlite3_errmsg(db), "CHECK constraint failed: "
	    BAD_STATE);
	(void)snprintf(sql, sizeof(sql), "UPDATE messages SET state = "
	    "'delivered ' WHERE id = '%s'", e->hdr.id);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
	    SQLITE_CONSTRAINT_CHECK);
	{
		char *v = sql_text(db, "SELECT group_concat(state, ' ') FROM "
		    "(SELECT state FROM messages ORDER BY rowid)");

		assert_string_equal(v, "queued queued delivered received "
		    "overdue escalated answered-interim answered-final "
		    "withdrawn answered");
		free(v);
	}
	(void)sqlite3_close(db);
	envelope_free(e);
	tu_rmrf(dir);
	free(dir);
}

/*
 * Takes a database back to schema 6: the messages table as it was, with
 * no CHECK on its state (the rest of 7 is 6's), edited in place.
 */
static void
to_schema_6(const char *path)
{
	static const char check[] = " CHECK (state IN (";
	sqlite3_stmt *s;
	sqlite3 *db;
	char *sql, *at, *end;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sql = sql_text(db, "SELECT sql FROM sqlite_schema WHERE name = "
	    "'messages'");
	assert_non_null(at = strstr(sql, check));
	assert_non_null(end = strstr(at, "'answered'))"));
	end += strlen("'answered'))");
	memmove(at, end, strlen(end) + 1);
	assert_null(strstr(sql, "CHECK (state"));
	assert_int_equal(sqlite3_exec(db, "PRAGMA writable_schema = ON",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE sqlite_schema SET "
	    "sql = ? WHERE name = 'messages'", -1, &s, NULL), SQLITE_OK);
	(void)sqlite3_bind_text(s, 1, sql, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_exec(db, "PRAGMA writable_schema = OFF; "
	    "DROP TABLE users; DROP TABLE user_tokens; DROP TABLE audit; "
	    "DROP TABLE events; DROP TABLE notify_sinks; DROP TABLE "
	    "msg_reads; DROP INDEX messages_owed; DROP INDEX "
	    "messages_answers; DROP TABLE taxii_users; DROP TABLE own_cards; "
	    "PRAGMA user_version = 6", NULL, NULL,
	    NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	free(sql);
}

/*
 * A database of schema 6 migrates to 7 with every row as it was (rowid
 * and every column), every index and trigger, and a rereceipt that
 * names its message; then SQLite refuses a bad state. One holding a
 * state that is none of them (only a hand could have written it) is
 * refused and left at 6, unchanged.
 */
static void
test_state_migration(void **state)
{
	struct envelope *e1 = env("cert.bb", 1), *e2 = env("cert.bb", 2),
	    *e1c = env("cert.cc", 1);
	char *dir, path[256], want[512], *before, *after, *objects, *v;
	struct store *st = open_new(&dir);
	struct hl_diag d;
	struct msg_row m;
	sqlite3 *db;
	bool added;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/hotline.db", dir);
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e1,
	    MSTATE_QUEUED, 100), 0);
	assert_int_equal(store_msg_insert(st, "out", "cert.bb", e2,
	    MSTATE_QUEUED, 101), 0);
	assert_int_equal(store_msg_insert(st, "in", "cert.cc", e1c,
	    MSTATE_RECEIVED, 102), 0);
	assert_int_equal(store_msg_set_receipt(st, e1->hdr.id,
	    (const uint8_t *)"{}", 2, MSTATE_DELIVERED), 0);
	assert_int_equal(store_rereceipt_put(st, e1->hdr.id,
	    (const uint8_t *)"{\"again\":1}", 11, 103, &added), 0);
	assert_true(added);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	objects = sql_text(db, MESSAGES_OBJECTS);
	assert_string_equal(objects, "index messages_answers, index "
	    "messages_checks, index messages_checks_owed, index "
	    "messages_due, index messages_interim, index "
	    "messages_owed, index messages_undelivered, index "
	    "sqlite_autoindex_messages_1, index sqlite_autoindex_messages_2, "
	    "table messages, trigger receipt_kept, trigger state_forward");
	(void)sqlite3_close(db);
	to_schema_6(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	before = sql_text(db, DUMP_MESSAGES);
	/* At 6 nothing stops a state that is none. */
	assert_int_equal(sqlite3_exec(db, "INSERT INTO messages (id, dir, "
	    "peer, type, tier, seq, created, tlp, state, stored, raw) VALUES "
	    "('bad', 'in', 'cert.cc', 'notice', 'cert', 9, 1, 'clear', "
	    "'lost', 1, x'00')", NULL, NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
	hl_diag_clear(&d);
	assert_int_equal(store_open(path, 0, &st, &d), HL_EDB);
	assert_null(st);
	(void)snprintf(want, sizeof(want), "schema migration failed: %s: "
	    "CHECK constraint failed: " BAD_STATE, path);
	assert_string_equal(d.msg, want);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	v = sql_text(db, "PRAGMA user_version");
	assert_string_equal(v, "6");
	free(v);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM messages WHERE id = "
	    "'bad'", NULL, NULL, NULL), SQLITE_OK);
	v = sql_text(db, DUMP_MESSAGES);
	assert_string_equal(v, before);
	free(v);
	(void)sqlite3_close(db);
	/* Without it, the migration keeps everything. */
	assert_int_equal(store_open(path, 0, &st, &d), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_msg_get(st, e1->hdr.id, false, &m), 0);
	assert_int_equal(m.state, MSTATE_DELIVERED);
	assert_int_equal(store_msg_get(st, e1c->hdr.id, false, &m), 0);
	assert_int_equal(m.state, MSTATE_RECEIVED);
	/* The triggers came back: a kept receipt stays. */
	assert_int_equal(store_msg_set_receipt(st, e1->hdr.id,
	    (const uint8_t *)"{\"x\":1}", 7, MSTATE_DELIVERED), HL_EDB);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	(void)sqlite3_extended_result_codes(db, 1);
	after = sql_text(db, DUMP_MESSAGES);
	assert_string_equal(after, before);
	v = sql_text(db, MESSAGES_OBJECTS);
	assert_string_equal(v, objects);
	free(v);
	v = sql_text(db, "SELECT count(*) FROM rereceipts JOIN messages "
	    "USING (id)");
	assert_string_equal(v, "1");
	free(v);
	v = sql_text(db, "PRAGMA integrity_check");
	assert_string_equal(v, "ok");
	free(v);
	assert_int_equal(sqlite3_exec(db, "UPDATE messages SET state = "
	    "'lost'", NULL, NULL, NULL), SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON; "
	    "INSERT INTO rereceipts VALUES ('none', x'00', 1)", NULL, NULL,
	    NULL), SQLITE_CONSTRAINT_FOREIGNKEY);
	(void)sqlite3_close(db);
	free(before);
	free(after);
	free(objects);
	envelope_free(e1);
	envelope_free(e2);
	envelope_free(e1c);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_versions),
		cmocka_unit_test(test_peers),
		cmocka_unit_test(test_duplicate_pins_migration),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_statement_cache_nested),
		cmocka_unit_test(test_errors_say_why),
		cmocka_unit_test(test_state_check),
		cmocka_unit_test(test_state_migration),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
