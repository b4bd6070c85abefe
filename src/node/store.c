/*
 * SQLite storage. See store.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "report.h"
#include "store.h"
#include "store_int.h"


/*
 * Migrations, in order: migrations[i] takes a database from schema
 * version i to i + 1. Never edit one that has shipped; add the next.
 */
static const char *const migrations[] = {
	/* 0 -> 1: peers and messages. */
	"CREATE TABLE peers ("
	"  party    TEXT PRIMARY KEY,"
	"  state    TEXT NOT NULL,"
	"  tier     TEXT NOT NULL,"
	"  endpoint TEXT NOT NULL,"
	"  vkey     TEXT NOT NULL,"
	"  pk       BLOB NOT NULL,"
	"  tls_pin  TEXT NOT NULL,"
	"  card     BLOB NOT NULL,"
	"  added    INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE messages ("
	"  id       TEXT PRIMARY KEY,"
	"  dir      TEXT NOT NULL CHECK (dir IN ('in', 'out')),"
	"  peer     TEXT NOT NULL,"
	"  type     TEXT NOT NULL,"
	"  tier     TEXT NOT NULL,"
	"  seq      INTEGER NOT NULL CHECK (seq > 0),"
	"  created  INTEGER NOT NULL,"
	"  deadline INTEGER,"
	"  tlp      TEXT NOT NULL,"
	"  subject  TEXT,"
	"  refs     TEXT,"
	"  state    TEXT NOT NULL,"
	"  stored   INTEGER NOT NULL,"
	"  raw      BLOB NOT NULL,"
	"  UNIQUE (dir, peer, seq)"
	") STRICT;",
	/*
	 * 1 -> 2: the transparency log. Every complete subtree's hash is
	 * kept, so a proof is O(log n) reads; leaf hashes (level 0) sit in
	 * the leaf's own row, one insert fewer per append.
	 */
	"CREATE TABLE log_leaves ("
	"  idx      INTEGER PRIMARY KEY,"
	"  data     BLOB NOT NULL,"
	"  hash     BLOB NOT NULL"
	") STRICT;"
	"CREATE TABLE log_nodes ("
	"  level    INTEGER NOT NULL,"
	"  idx      INTEGER NOT NULL,"
	"  hash     BLOB NOT NULL,"
	"  PRIMARY KEY (level, idx)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE checkpoints ("
	"  size     INTEGER PRIMARY KEY,"
	"  note     BLOB NOT NULL,"
	"  created  INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE cosignatures ("
	"  size     INTEGER NOT NULL REFERENCES checkpoints (size),"
	"  cosigner TEXT NOT NULL,"
	"  line     TEXT NOT NULL,"
	"  time     INTEGER NOT NULL,"
	"  PRIMARY KEY (size, cosigner)"
	") STRICT;"
	"CREATE TABLE witnessed ("
	"  origin   TEXT PRIMARY KEY,"
	"  size     INTEGER NOT NULL,"
	"  note     BLOB NOT NULL,"
	"  time     INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE equivocations ("
	"  id       INTEGER PRIMARY KEY,"
	"  origin   TEXT NOT NULL,"
	"  old_note BLOB NOT NULL,"
	"  new_note BLOB NOT NULL,"
	"  proof    BLOB,"
	"  found    INTEGER NOT NULL"
	") STRICT;",
	/*
	 * 2 -> 3: receipts. For a message received, the receipt this node
	 * issued (the same one for every repeat); for one sent, the peer's.
	 */
	"ALTER TABLE messages ADD COLUMN receipt BLOB;"
	/* What delivery looks for next, without scanning what is done. */
	"CREATE INDEX messages_undelivered ON messages (peer, seq) "
	"  WHERE dir = 'out' AND receipt IS NULL;"
	/* What the deadline check looks for, likewise. */
	"CREATE INDEX messages_due ON messages (deadline) "
	"  WHERE dir = 'out' AND type = 'request' AND "
	"  state IN ('queued', 'delivered');"
	/* And for the final answer, once an interim one came. */
	"CREATE INDEX messages_interim ON messages (created) "
	"  WHERE dir = 'out' AND type = 'request' AND "
	"  state = 'answered-interim';"
	/* A ping's round trip, once its pong is back (milliseconds). */
	"ALTER TABLE messages ADD COLUMN rtt_ms INTEGER;",
	/*
	 * 3 -> 4: one party per TLS key and per message key. A connection
	 * speaks for the one peer its certificate's pin names, and a
	 * signature for the one party its key is pinned for; a second card
	 * claiming either would take the first party's traffic. A database
	 * that already holds such a pair is refused before this runs
	 * (unique_peers()), with what to do.
	 */
	("CREATE UNIQUE INDEX peers_tls_pin ON peers (tls_pin);"
	"CREATE UNIQUE INDEX peers_pk ON peers (pk);"),
	/*
	 * 4 -> 5: evidence is append-only here as in the log. A kept receipt
	 * is never replaced or removed, whatever a peer says later, and a
	 * message's state never moves back: nothing returns to queued or to
	 * delivered, and a final answer, a withdrawal or a ping's answer is
	 * where a message stays. The triggers hold for every writer, the
	 * sqlite3 shell included.
	 */
	"CREATE TRIGGER receipt_kept BEFORE UPDATE OF receipt ON messages "
	"  WHEN OLD.receipt IS NOT NULL AND "
	"  (NEW.receipt IS NULL OR NEW.receipt != OLD.receipt) "
	"BEGIN SELECT RAISE(ABORT, 'a kept receipt is never replaced'); END;"
	"CREATE TRIGGER state_forward BEFORE UPDATE OF state ON messages "
	"  WHEN NEW.state != OLD.state AND (NEW.state = 'queued' OR "
	"  (NEW.state IN ('delivered', 'received') AND OLD.state != 'queued') "
	"  OR OLD.state IN ('answered-final', 'withdrawn', 'answered')) "
	"BEGIN SELECT RAISE(ABORT, 'a message state never moves back'); END;"
	/*
	 * Receipts a peer gave again for a message already receipted, when
	 * it asked for it again (a log rolled back or forked): kept beside
	 * the first, each a signed statement of the peer's.
	 */
	"CREATE TABLE rereceipts ("
	"  id       TEXT NOT NULL REFERENCES messages (id),"
	"  receipt  BLOB NOT NULL,"
	"  kept     INTEGER NOT NULL,"
	"  PRIMARY KEY (id, receipt)"
	") STRICT;"
	/*
	 * Standing alarms, one per kind and subject (a peer, or '' for the
	 * node itself); raised again, the count and last time move on.
	 */
	"CREATE TABLE alarms ("
	"  kind     TEXT NOT NULL CHECK (kind IN ('peer-rollback', "
	"           'refused', 'unreachable', 'log-invalid')),"
	"  subject  TEXT NOT NULL,"
	"  msg      TEXT,"
	"  detail   TEXT NOT NULL,"
	"  raised   INTEGER NOT NULL,"
	"  seen     INTEGER NOT NULL,"
	"  count    INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, subject)"
	") STRICT;",
	/*
	 * 5 -> 6: cards no longer pinned (hotline peer remove, or replaced
	 * by another), kept: what they signed, receipts and cosignatures,
	 * stays checkable, and like the rest of the evidence they are never
	 * changed or removed.
	 */
	"CREATE TABLE retired_peers ("
	"  party    TEXT NOT NULL,"
	"  card     BLOB NOT NULL,"
	"  added    INTEGER NOT NULL,"
	"  retired  INTEGER NOT NULL,"
	"  PRIMARY KEY (party, card)"
	") STRICT;"
	"CREATE TRIGGER retired_kept BEFORE DELETE ON retired_peers "
	"BEGIN SELECT RAISE(ABORT, 'a retired card is kept'); END;"
	"CREATE TRIGGER retired_fixed BEFORE UPDATE ON retired_peers "
	"BEGIN SELECT RAISE(ABORT, 'a retired card is kept'); END;",
	/*
	 * 6 -> 7: a message's state is one of enum msg_state's names
	 * (proto_state_names[]), for every writer, the sqlite3 shell
	 * included. SQLite adds no CHECK to a table, so the table is built
	 * again as SQLite's ALTER TABLE page says (new table, copy, drop,
	 * rename), the same columns in the same order, every row, and its
	 * indexes and triggers made again as they were. migrate() runs it
	 * with foreign keys off (rereceipts names messages: the drop would
	 * fail) and checks them before it commits.
	 */
	"CREATE TABLE messages_new ("
	"  id       TEXT PRIMARY KEY,"
	"  dir      TEXT NOT NULL CHECK (dir IN ('in', 'out')),"
	"  peer     TEXT NOT NULL,"
	"  type     TEXT NOT NULL,"
	"  tier     TEXT NOT NULL,"
	"  seq      INTEGER NOT NULL CHECK (seq > 0),"
	"  created  INTEGER NOT NULL,"
	"  deadline INTEGER,"
	"  tlp      TEXT NOT NULL,"
	"  subject  TEXT,"
	"  refs     TEXT,"
	"  state    TEXT NOT NULL CHECK (state IN ('queued', 'delivered', "
	"'received', 'overdue', 'escalated', 'answered-interim', "
	"'answered-final', 'withdrawn', 'answered')),"
	"  stored   INTEGER NOT NULL,"
	"  raw      BLOB NOT NULL,"
	"  receipt  BLOB,"
	"  rtt_ms   INTEGER,"
	"  UNIQUE (dir, peer, seq)"
	") STRICT;"
	"INSERT INTO messages_new (rowid, id, dir, peer, type, tier, seq, "
	"  created, deadline, tlp, subject, refs, state, stored, raw, receipt, "
	"  rtt_ms) "
	"SELECT rowid, id, dir, peer, type, tier, seq, created, deadline, tlp, "
	"  subject, refs, state, stored, raw, receipt, rtt_ms FROM messages;"
	"DROP TABLE messages;"
	"ALTER TABLE messages_new RENAME TO messages;"
	"CREATE INDEX messages_undelivered ON messages (peer, seq) "
	"  WHERE dir = 'out' AND receipt IS NULL;"
	"CREATE INDEX messages_due ON messages (deadline) "
	"  WHERE dir = 'out' AND type = 'request' AND "
	"  state IN ('queued', 'delivered');"
	"CREATE INDEX messages_interim ON messages (created) "
	"  WHERE dir = 'out' AND type = 'request' AND "
	"  state = 'answered-interim';"
	"CREATE TRIGGER receipt_kept BEFORE UPDATE OF receipt ON messages "
	"  WHEN OLD.receipt IS NOT NULL AND "
	"  (NEW.receipt IS NULL OR NEW.receipt != OLD.receipt) "
	"BEGIN SELECT RAISE(ABORT, 'a kept receipt is never replaced'); END;"
	"CREATE TRIGGER state_forward BEFORE UPDATE OF state ON messages "
	"  WHEN NEW.state != OLD.state AND (NEW.state = 'queued' OR "
	"  (NEW.state IN ('delivered', 'received') AND OLD.state != 'queued') "
	"  OR OLD.state IN ('answered-final', 'withdrawn', 'answered')) "
	"BEGIN SELECT RAISE(ABORT, 'a message state never moves back'); END;",
	/*
	 * 7 -> 8: the TAXII server's clients. Each has a password (its
	 * Argon2id string), a client certificate's pin, or both; one pin
	 * is one user's.
	 */
	"CREATE TABLE taxii_users ("
	"  name      TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64 "
	"            AND name NOT GLOB '*[^a-z0-9._-]*'),"
	"  clearance TEXT NOT NULL CHECK (clearance IN ('clear', 'green', "
	"            'amber', 'amber+strict', 'red')),"
	"  pwhash    TEXT CHECK (pwhash GLOB '$argon2id$*'),"
	"  pin       TEXT UNIQUE CHECK (pin GLOB 'sha256//*'),"
	"  added     INTEGER NOT NULL,"
	"  CHECK (pwhash IS NOT NULL OR pin IS NOT NULL)"
	") STRICT;"
	/*
	 * The answers to one request, in the order added, without a scan
	 * of every message for each: TAXII reads them for each answer it
	 * serves, and a peer may send many.
	 */
	"CREATE INDEX messages_answers ON messages "
	"  (json_extract(refs, '$[0]'), stored) WHERE type = 'response';",
	/*
	 * 8 -> 9: the duty desk. Operators (users.h) and their tokens, kept
	 * as SHA-256 of a random secret; the audit trail (trail.h), which
	 * like the rest of the evidence is never changed or removed; the
	 * events worth waking someone for (events.h), each once, and how far
	 * each notifier has got; which answers an operator has read; and
	 * the requests owed by this node, which the queue and the deadline
	 * events look for without a scan of the inbox.
	 */
	"CREATE TABLE users ("
	"  name     TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64 "
	"           AND name NOT GLOB '*[^a-z0-9._-]*'),"
	"  role     TEXT NOT NULL CHECK (role IN ('viewer', 'officer', "
	"           'admin')),"
	"  pwhash   TEXT NOT NULL CHECK (pwhash GLOB '$argon2id$*'),"
	"  added    INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE user_tokens ("
	"  hash     BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	"  name     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,"
	"  label    TEXT NOT NULL,"
	"  added    INTEGER NOT NULL,"
	"  used     INTEGER"
	") STRICT;"
	"CREATE TABLE audit ("
	"  id       INTEGER PRIMARY KEY,"
	"  at       INTEGER NOT NULL,"
	"  actor    TEXT NOT NULL,"
	"  via      TEXT NOT NULL CHECK (via IN ('cli', 'console', 'token')),"
	"  action   TEXT NOT NULL,"
	"  target   TEXT,"
	"  detail   TEXT"
	") STRICT;"
	"CREATE TRIGGER audit_kept BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'the audit trail is kept'); END;"
	"CREATE TRIGGER audit_fixed BEFORE UPDATE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'the audit trail is kept'); END;"
	"CREATE TABLE events ("
	"  id       INTEGER PRIMARY KEY,"
	"  key      TEXT NOT NULL UNIQUE,"
	"  kind     TEXT NOT NULL,"
	"  at       INTEGER NOT NULL,"
	"  body     TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE notify_sinks ("
	"  sink     TEXT PRIMARY KEY,"
	"  done     INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE msg_reads ("
	"  id       TEXT PRIMARY KEY REFERENCES messages (id),"
	"  by       TEXT NOT NULL,"
	"  at       INTEGER NOT NULL"
	") STRICT;"
	/* Answers kept before the desk were read by whoever kept them. */
	"INSERT INTO msg_reads (id, by, at) SELECT id, '', stored "
	"  FROM messages WHERE dir = 'in' AND type = 'response';"
	"CREATE INDEX messages_owed ON messages (deadline) "
	"  WHERE dir = 'in' AND type IN ('request', 'query') AND "
	"  state IN ('received', 'answered-interim');",
	/*
	 * 9 -> 10: keys that outlive incidents. Every version of this
	 * node's own card that its identity key signed, kept like the rest
	 * of the evidence: the latest is the card the node shows, and
	 * each names the keys it retired. A node from before has none and
	 * shows the version 1 card it signs itself.
	 */
	"CREATE TABLE own_cards ("
	"  serial   INTEGER PRIMARY KEY CHECK (serial > 0),"
	"  card     BLOB NOT NULL,"
	"  made     INTEGER NOT NULL"
	") STRICT;"
	"CREATE TRIGGER own_cards_kept BEFORE DELETE ON own_cards "
	"BEGIN SELECT RAISE(ABORT, 'a card is kept'); END;"
	"CREATE TRIGGER own_cards_fixed BEFORE UPDATE ON own_cards "
	"BEGIN SELECT RAISE(ABORT, 'a card is kept'); END;"
	/*
	 * Contact checks (issue 16 too): the ones sent still waiting for
	 * their ack, which the deadline check looks for every second, and
	 * the ones received nobody has acknowledged, which the queue
	 * lists, each without a scan of every message. (IF NOT EXISTS: a
	 * database a test took back to an older version keeps them.)
	 */
	"CREATE INDEX IF NOT EXISTS messages_checks ON messages (deadline) "
	"  WHERE dir = 'out' AND type = 'contact-check' AND "
	"  state IN ('queued', 'delivered');"
	"CREATE INDEX IF NOT EXISTS messages_checks_owed ON messages (stored) "
	"  WHERE dir = 'in' AND type = 'contact-check' AND "
	"  state = 'received';",
};

/* The migration that builds the messages table again (see above). */
#define MIGRATION_REBUILD	6

#define NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))

/*
 * Waits for another connection's lock in 1 ms steps, for 10 s at most.
 * SQLite's own busy timeout backs off to 100 ms sleeps, which turns the
 * daemon's steady short transactions beside `hotline send` into idle time.
 */
static int
on_busy(void *arg, int count)
{
	struct timespec ms = { 0, 1000000 };

	(void)arg;
	if (count >= 10000)
		return 0;
	(void)nanosleep(&ms, NULL);
	return 1;
}

/*
 * Keeps what SQLite says of a failure (rc) at once: the next call, a
 * ROLLBACK among them, would overwrite it before any caller could say
 * it. The system's errno counts only for I/O failures: SQLite leaves it
 * as it was for anything else.
 */
int
store_note_fail(struct store *st, int rc)
{
	int prim;

	st->err_rc = sqlite3_extended_errcode(st->db);
	if (st->err_rc == SQLITE_OK)
		st->err_rc = rc;
	prim = st->err_rc & 0xff;
	st->err_errno = prim == SQLITE_IOERR || prim == SQLITE_CANTOPEN ?
	    sqlite3_system_errno(st->db) : 0;
	(void)snprintf(st->err, sizeof(st->err), "%s",
	    sqlite3_errmsg(st->db));
	return HL_EDB;
}

/* A statement begins: what failed before it is no longer the news. */
void
store_note_clear(struct store *st)
{
	st->err_rc = 0;
	st->err_errno = 0;
	st->err[0] = '\0';
}

bool
store_full(const struct store *st)
{
	return (st->err_rc & 0xff) == SQLITE_FULL ||
	    st->err_errno == ENOSPC || st->err_errno == EDQUOT;
}

void
store_errmsg(const struct store *st, char *out, size_t n)
{
	if (st->err_rc == 0)
		(void)snprintf(out, n, "%s", hl_strerror(HL_EDB));
	else if (store_full(st))
		(void)snprintf(out, n, "%s (no space left on device)",
		    st->err);
	else if (st->err_errno != 0)
		(void)snprintf(out, n, "%s (%s)", st->err,
		    strerror(st->err_errno));
	else
		(void)snprintf(out, n, "%s", st->err);
}

int
store_diag(struct store *st, struct hl_diag *d, int err, const char *what)
{
	char why[320];

	if (err != HL_EDB && err != HL_ENOSPACE)
		return hl_diag_set(d, err, NULL, "%s", what);
	store_errmsg(st, why, sizeof(why));
	if (store_full(st))
		err = HL_ENOSPACE;
	return hl_diag_set(d, err, NULL, "%s: %s: %s", what,
	    st->path != NULL ? st->path : "database", why);
}

/* A failure of a statement run without store_prepare(): noted now. */
static int
db_fail(struct store *st, struct hl_diag *d, const char *what)
{
	if (st->err_rc == 0)
		(void)store_note_fail(st, SQLITE_ERROR);
	return store_diag(st, d, HL_EDB, what);
}

static int
exec(struct store *st, const char *sql)
{
	int rc;

	store_note_clear(st);
	if ((rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return store_note_fail(st, rc);
	return 0;
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * Before migration 3 -> 4: two peers pinned with one TLS key or one
 * message key (possible before it) would make the index fail with a bare
 * SQLite error and leave the node unopenable. Say which two, and how to
 * choose: only their owners know which card is real, so nothing is
 * removed here.
 */
static int
unique_peers(struct store *st, const char *path, struct hl_diag *d)
{
	static const char *const what[] = { "TLS key (tls_pin)",
		"message key" };
	static const char *const sql[] = {
		"SELECT a.party, b.party FROM peers a JOIN peers b ON "
		"a.tls_pin = b.tls_pin AND a.party < b.party LIMIT 1",
		"SELECT a.party, b.party FROM peers a JOIN peers b ON "
		"a.pk = b.pk AND a.party < b.party LIMIT 1",
	};
	sqlite3_stmt *s;
	int r = 0;

	for (int i = 0; i < 2 && r == 0; i++) {
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL) !=
		    SQLITE_OK)
			return db_fail(st, d, "schema migration failed");
		switch (sqlite3_step(s)) {
		case SQLITE_ROW:
			r = hl_diag_set(d, HL_ECONFLICT, path, "peers %s and "
			    "%s are pinned with the same %s, so one can pass "
			    "for the other; this hotline refuses that. Check "
			    "both cards with their owners, remove the wrong "
			    "one (sqlite3 hotline.db \"DELETE FROM peers WHERE "
			    "party = '...'\", daemon stopped) and run hotline "
			    "again", (const char *)sqlite3_column_text(s, 0),
			    (const char *)sqlite3_column_text(s, 1), what[i]);
			break;
		case SQLITE_DONE:
			break;
		default:
			r = db_fail(st, d, "schema migration failed");
		}
		sqlite3_finalize(s);
	}
	return r;
}

/*
 * After MIGRATION_REBUILD, run with foreign keys off: every reference
 * into the rebuilt table must still hold, as SQLite's ALTER TABLE page
 * asks (PRAGMA foreign_key_check returns a row for each that does not).
 * Only the tables that reference messages (the one table rebuilt) are
 * checked: a fault elsewhere is not this migration's, and must not leave
 * the node unable to open.
 */
static int
keys_hold(struct store *st, struct hl_diag *d)
{
	sqlite3_stmt *s;
	int r;

	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check(rereceipts)",
	    -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, d, "schema migration failed");
	switch (sqlite3_step(s)) {
	case SQLITE_DONE:
		r = 0;
		break;
	case SQLITE_ROW:
		r = hl_diag_set(d, HL_EDB, NULL, "schema migration failed: "
		    "a row of %s names a row that is not there",
		    (const char *)sqlite3_column_text(s, 0));
		break;
	default:
		r = db_fail(st, d, "schema migration failed");
	}
	sqlite3_finalize(s);
	return r;
}

/*
 * Runs every migration the database lacks in one transaction. Called
 * with foreign keys off (PRAGMA foreign_keys is a no-op inside a
 * transaction): MIGRATION_REBUILD drops a table that others reference.
 */
static int
migrate(struct store *st, const char *path, struct hl_diag *d)
{
	char sql[64];
	bool rebuilt = false;
	int r, v;

	if (store_begin(st) != 0)
		return db_fail(st, d, "cannot lock the database");
	v = store_schema_version(st);
	if (v < 0 || v > (int)NMIGRATIONS) {
		store_rollback(st);
		return hl_diag_set(d, HL_EDB, NULL, "database schema version "
		    "%d is newer than this hotline (%d)", v,
		    (int)NMIGRATIONS);
	}
	for (; v < (int)NMIGRATIONS; v++) {
		(void)snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    v + 1);
		if (v == 3 && (r = unique_peers(st, path, d)) != 0) {
			store_rollback(st);
			return r;
		}
		if (exec(st, migrations[v]) != 0 || exec(st, sql) != 0) {
			r = db_fail(st, d, "schema migration failed");

			store_rollback(st);
			return r;
		}
		rebuilt |= v == MIGRATION_REBUILD;
	}
	if (rebuilt && (r = keys_hold(st, d)) != 0) {
		store_rollback(st);
		return r;
	}
	if (store_commit(st) != 0)
		return db_fail(st, d, "schema migration failed");
	return 0;
}

int64_t
store_owed_due(int64_t created, int64_t stored, int64_t deadline,
    enum msg_state state, int64_t final_after, bool *final)
{
	int64_t first = 0, last;

	if (final != NULL)
		*final = true;
	if (state != MSTATE_RECEIVED && state != MSTATE_ANSWERED_INTERIM)
		return 0;
	/* Our time starts when we stored it: that is our receipt's time. */
	last = report_start(created, stored) + final_after;
	if (state == MSTATE_RECEIVED)
		first = report_due(created, deadline, stored);
	if (first == 0 || first > last)
		return last;
	if (final != NULL)
		*final = false;
	return first;
}

/* hl_owed_due(created, stored, deadline, state, final_after), or NULL. */
static void
owed_due_sql(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	const char *name = (const char *)sqlite3_value_text(v[3]);
	enum msg_state state;
	int64_t due;

	(void)argc;
	if (name == NULL || !proto_msg_state_parse(name, &state) ||
	    (due = store_owed_due(sqlite3_value_int64(v[0]),
	    sqlite3_value_int64(v[1]), sqlite3_value_int64(v[2]), state,
	    sqlite3_value_int64(v[4]), NULL)) == 0) {
		sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_int64(cx, due);
}

int
store_open(const char *path, int flags, struct store **out,
    struct hl_diag *d)
{
	struct store *st;
	struct stat sb;
	int r, oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_FULLMUTEX;

	*out = NULL;
	if (flags & STORE_CREATE) {
		if (lstat(path, &sb) == 0)
			return hl_diag_set(d, HL_EEXIST, path,
			    "database already exists");
		oflags |= SQLITE_OPEN_CREATE;
	} else if (lstat(path, &sb) != 0)
		return hl_diag_set(d, HL_ENOTFOUND, path, "no database: %s",
		    strerror(errno));
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return HL_ENOMEM;
	if ((st->path = strdup(path)) == NULL) {
		free(st);
		return HL_ENOMEM;
	}
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		r = hl_diag_set(d, HL_EDB, path, "cannot open: %s",
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	(void)sqlite3_extended_result_codes(st->db, 1);
	(void)sqlite3_busy_handler(st->db, on_busy, NULL);
	/* The one rule of when an answer is owed, for SQL as for C. */
	if (sqlite3_create_function(st->db, "hl_owed_due", 5, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, owed_due_sql, NULL, NULL) !=
	    SQLITE_OK) {
		r = db_fail(st, d, "cannot open");
		goto fail;
	}
	/*
	 * A database that exists has a schema. An empty one (0 bytes, or
	 * SQLite's without tables) is a node's lost database, never a new
	 * one to fill: a new log there would fork the old one. Looked at
	 * before anything writes to it.
	 */
	if (!(flags & STORE_CREATE) && store_schema_version(st) == 0) {
		r = hl_diag_set(d, HL_EDB, path, "%s: no hotline database in "
		    "it; refusing to start a new one in its place",
		    sb.st_size == 0 ? "empty (0 bytes)" : "no schema");
		goto fail;
	}
	if (exec(st, "PRAGMA journal_mode = WAL") != 0 ||
	    exec(st, "PRAGMA synchronous = FULL") != 0) {
		r = db_fail(st, d, "cannot open");
		goto fail;
	}
	/* Foreign keys on only after migrate(), which needs them off. */
	if ((r = migrate(st, path, d)) != 0)
		goto fail;
	if (exec(st, "PRAGMA foreign_keys = ON") != 0) {
		r = db_fail(st, d, "cannot open");
		goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return r;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i]);
	(void)sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
store_begin(struct store *st)
{
	return exec(st, "BEGIN IMMEDIATE");
}

int
store_begin_read(struct store *st)
{
	return exec(st, "BEGIN DEFERRED");
}

int
store_commit(struct store *st)
{
	return exec(st, "COMMIT");
}

void
store_rollback(struct store *st)
{
	/* Not exec(): the failure that led here is what the caller says. */
	(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * A statement for sql, from the cache if it holds one not in use (a
 * query run from inside another's row callback gets its own). Every
 * store_prepare() is paired with a store_release().
 */
int
store_prepare(struct store *st, const char *sql, sqlite3_stmt **s)
{
	int rc;

	store_note_clear(st);
	for (size_t i = 0; i < st->ncache; i++)
		if (strcmp(sqlite3_sql(st->cache[i]), sql) == 0 &&
		    !sqlite3_stmt_busy(st->cache[i])) {
			*s = st->cache[i];
			return 0;
		}
	if (st->ncache < STMT_CACHE) {
		if ((rc = sqlite3_prepare_v3(st->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, s, NULL)) != SQLITE_OK)
			return store_note_fail(st, rc);
		st->cache[st->ncache++] = *s;
		return 0;
	}
	if ((rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL)) != SQLITE_OK)
		return store_note_fail(st, rc);
	return 0;
}

/*
 * Done with a statement from store_prepare(). Reset at once: a statement
 * left on a row holds its read snapshot, and while it does, no checkpoint can
 * move the WAL back into the database file. One the cache has no slot
 * for (a query nested in others past STMT_CACHE) is finalized. Either
 * way SQLite hands back the last step's failure, which is noted here,
 * once for every statement.
 */
void
store_release(struct store *st, sqlite3_stmt *s)
{
	int rc;

	for (size_t i = 0; i < st->ncache; i++)
		if (st->cache[i] == s) {
			if ((rc = sqlite3_reset(s)) != SQLITE_OK)
				(void)store_note_fail(st, rc);
			(void)sqlite3_clear_bindings(s);
			return;
		}
	if ((rc = sqlite3_finalize(s)) != SQLITE_OK)
		(void)store_note_fail(st, rc);
}

void
store_col_text(sqlite3_stmt *s, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	(void)snprintf(out, n, "%s", t ? (const char *)t : "");
}

/*
 * Runs sql with at most one parameter and calls row() for each result row
 * until it returns non-zero. The one loop behind every store_*_each().
 */
int
store_each_row(struct store *st, const char *sql, const struct qarg *arg,
    int (*row)(sqlite3_stmt *s, void *ctx), void *ctx)
{
	sqlite3_stmt *s;
	int r = 0, rc = SQLITE_DONE;

	if (store_prepare(st, sql, &s) != 0)
		return HL_EDB;
	if (arg != NULL && arg->is_num)
		(void)sqlite3_bind_int64(s, 1, arg->num);
	else if (arg != NULL)
		(void)sqlite3_bind_text(s, 1, arg->text, -1, SQLITE_STATIC);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r = row(s, ctx);
	if (r == 0 && rc != SQLITE_DONE)
		r = HL_EDB;
	store_release(st, s);
	return r;
}

static int
card_from_row(sqlite3_stmt *s, struct card *c)
{
	const void *raw = sqlite3_column_blob(s, 0);
	int n = sqlite3_column_bytes(s, 0);

	/* Its signature was checked when it was pinned; the form is again. */
	if (raw == NULL || n <= 0)
		return HL_EDB;
	return card_load(raw, (size_t)n, c) == 0 ? 0 : HL_EDB;
}

/*
 * The one row that sql (with one parameter, v; none if v is NULL)
 * selects, read by row into out; HL_ENOTFOUND if none.
 */
static int
one_where(struct store *st, const char *sql, const char *v,
    int (*row)(sqlite3_stmt *, void *), void *out)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, sql, &s) != 0)
		return HL_EDB;
	if (v != NULL)
		(void)sqlite3_bind_text(s, 1, v, -1, SQLITE_STATIC);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		r = row(s, out);
		break;
	case SQLITE_DONE:
		r = HL_ENOTFOUND;
		break;
	default:
		r = HL_EDB;
	}
	store_release(st, s);
	return r;
}

static int
card_row(sqlite3_stmt *s, void *out)
{
	return card_from_row(s, out);
}

/* The card of the one peer that sql (with one parameter, v) selects. */
static int
peer_where(struct store *st, const char *sql, const char *v,
    struct card *out)
{
	return one_where(st, sql, v, card_row, out);
}

int
store_peer_get(struct store *st, const char *party, struct card *out)
{
	return peer_where(st, "SELECT card FROM peers WHERE party = ?", party,
	    out);
}

/* Keeps party's pinned card among the retired ones (once). */
static int
retire(struct store *st, const char *party)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT OR IGNORE INTO retired_peers (party, card, "
	    "added, retired) SELECT party, card, added, unixepoch() FROM "
	    "peers WHERE party = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, party, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_peer_remove(struct store *st, const char *party)
{
	sqlite3_stmt *s;
	int r;

	if ((r = retire(st, party)) != 0)
		return r;
	if (store_prepare(st, "DELETE FROM peers WHERE party = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, party, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		r = HL_EDB;
	else if (sqlite3_changes(st->db) == 0)
		r = HL_ENOTFOUND;
	store_release(st, s);
	return r;
}

int
store_peer_put(struct store *st, const struct card *c, bool replace,
    bool *changed)
{
	struct card old;
	sqlite3_stmt *s;
	int r;

	*changed = false;
	r = store_peer_get(st, c->party, &old);
	if (r == 0) {
		if (old.rawlen == c->rawlen &&
		    memcmp(old.raw, c->raw, c->rawlen) == 0)
			return 0;
		if (!replace)
			return HL_ECONFLICT;
	} else if (r != HL_ENOTFOUND)
		return r;
	/* The card replaced stays, for what it signed. */
	if (r == 0 && (r = retire(st, c->party)) != 0)
		return r;
	/*
	 * Not INSERT OR REPLACE: that would also delete another party's row
	 * whose tls_pin or pk the card repeats. Only the party's own row is
	 * replaced; the unique indexes refuse the rest (HL_ECONFLICT).
	 */
	if (store_prepare(st, "INSERT INTO peers (party, state, tier, "
	    "endpoint, vkey, pk, tls_pin, card, added) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, unixepoch()) ON CONFLICT (party) DO "
	    "UPDATE SET state = excluded.state, tier = excluded.tier, "
	    "endpoint = excluded.endpoint, vkey = excluded.vkey, "
	    "pk = excluded.pk, tls_pin = excluded.tls_pin, "
	    "card = excluded.card, added = excluded.added", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, c->party, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, c->state, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, proto_tier_names[c->tier], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 4, c->endpoint, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 5, c->vkey, -1, SQLITE_STATIC);
	(void)sqlite3_bind_blob(s, 6, c->pk, HL_PK_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 7, c->tls_pin, -1, SQLITE_STATIC);
	(void)sqlite3_bind_blob(s, 8, c->raw, (int)c->rawlen, SQLITE_STATIC);
	switch (sqlite3_step(s)) {
	case SQLITE_DONE:
		r = 0;
		break;
	case SQLITE_CONSTRAINT_UNIQUE:
		r = HL_ECONFLICT;
		break;
	default:
		r = HL_EDB;
	}
	store_release(st, s);
	if (r == 0)
		*changed = true;
	return r;
}

struct peer_ctx {
	int		(*fn)(void *arg, const struct card *c, int64_t added);
	void		*arg;
	struct card	 card;
};

static int
peer_row(sqlite3_stmt *s, void *ctx)
{
	struct peer_ctx *c = ctx;
	int r;

	if ((r = card_from_row(s, &c->card)) != 0)
		return r;
	return c->fn(c->arg, &c->card, sqlite3_column_int64(s, 1));
}

/* Each card a query (card, added) yields, party its one parameter. */
static int
cards_each(struct store *st, const char *sql, const char *party,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg)
{
	struct peer_ctx *c;
	int r;

	/* A card is 4 KiB and change: not for the stack of a callback. */
	if ((c = malloc(sizeof(*c))) == NULL)
		return HL_ENOMEM;
	c->fn = fn;
	c->arg = arg;
	r = store_each_row(st, sql, party != NULL ? QTEXT(party) : NULL, peer_row,
	    c);
	free(c);
	return r;
}

int
store_peer_each(struct store *st,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg)
{
	return cards_each(st, "SELECT card, added FROM peers ORDER BY party",
	    NULL, fn, arg);
}

int
store_peer_retired_each(struct store *st, const char *party,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg)
{
	return cards_each(st, "SELECT card, added FROM retired_peers WHERE "
	    "party = ? ORDER BY retired DESC, added DESC", party, fn, arg);
}

int
store_own_card_put(struct store *st, const struct card *c, int64_t made)
{
	sqlite3_stmt *s;
	int r;

	if (c->v != 2 || c->serial < 1)
		return HL_EINVAL;
	if (store_prepare(st, "INSERT INTO own_cards (serial, card, made) "
	    "VALUES (?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, c->serial);
	(void)sqlite3_bind_blob(s, 2, c->raw, (int)c->rawlen, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 3, made);
	r = sqlite3_step(s);
	r = r == SQLITE_DONE ? 0 : (r & 0xff) == SQLITE_CONSTRAINT ?
	    HL_ECONFLICT : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_own_card_latest(struct store *st, struct card *out)
{
	return one_where(st, "SELECT card FROM own_cards ORDER BY serial "
	    "DESC LIMIT 1", NULL, card_row, out);
}

int
store_own_card_each(struct store *st,
    int (*fn)(void *arg, const struct card *c, int64_t made), void *arg)
{
	return cards_each(st, "SELECT card, made FROM own_cards ORDER BY "
	    "serial", NULL, fn, arg);
}

static int
peer_append(void *arg, const struct card *c, int64_t added)
{
	struct peer_list *pl = arg;
	struct card *grown;

	(void)added;
	if ((grown = realloc(pl->c, (pl->n + 1) * sizeof(*grown))) == NULL)
		return HL_ENOMEM;
	pl->c = grown;
	pl->c[pl->n++] = *c;
	return 0;
}

int
store_peer_list(struct store *st, struct peer_list *out)
{
	int r;

	out->c = NULL;
	out->n = 0;
	if ((r = store_peer_each(st, peer_append, out)) != 0) {
		free(out->c);
		out->c = NULL;
		out->n = 0;
	}
	return r;
}

static int
one_int(struct store *st, const char *sql, const char *a, const char *b,
    int64_t *out)
{
	sqlite3_stmt *s;
	int r = HL_EDB;

	if (store_prepare(st, sql, &s) != 0)
		return HL_EDB;
	if (a != NULL)
		(void)sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		(void)sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		r = 0;
	}
	store_release(st, s);
	return r;
}

int
store_next_seq(struct store *st, const char *peer, int64_t *seq)
{
	return one_int(st, "SELECT coalesce(max(seq), 0) + 1 FROM messages "
	    "WHERE dir = 'out' AND peer = ?", peer, NULL, seq);
}

int
store_last_seq_in(struct store *st, const char *peer, int64_t *seq)
{
	return one_int(st, "SELECT coalesce(max(seq), 0) FROM messages "
	    "WHERE dir = 'in' AND peer = ?", peer, NULL, seq);
}

int
store_msg_count(struct store *st, const char *dir, int64_t *n)
{
	if (dir == NULL)
		return one_int(st, "SELECT count(*) FROM messages", NULL, NULL,
		    n);
	return one_int(st, "SELECT count(*) FROM messages WHERE dir = ?", dir,
	    NULL, n);
}

static int
tally_row(sqlite3_stmt *s, void *ctx)
{
	struct msg_tally *t = ctx;

	t->undelivered = sqlite3_column_int64(s, 0);
	t->oldest_undelivered = sqlite3_column_int64(s, 1);
	t->overdue = sqlite3_column_int64(s, 2);
	t->owed = sqlite3_column_int64(s, 3);
	t->owed_late = sqlite3_column_int64(s, 4);
	return 0;
}

int
store_msg_tally(struct store *st, int64_t now, int64_t final_after,
    struct msg_tally *t)
{
	sqlite3_stmt *s;
	int r;

	memset(t, 0, sizeof(*t));
	if (store_prepare(st, "SELECT "
	    "count(*) FILTER (WHERE dir = 'out' AND receipt IS NULL), "
	    "coalesce(min(created) FILTER (WHERE dir = 'out' AND "
	    "  receipt IS NULL), 0), "
	    "count(*) FILTER (WHERE dir = 'out' AND type = 'request' AND "
	    "  state IN ('overdue', 'escalated')), "
	    "count(*) FILTER (WHERE dir = 'in' AND type = 'request' AND "
	    "  state IN ('received', 'answered-interim')), "
	    /* Owed late: past store_owed_due(). */
	    "count(*) FILTER (WHERE dir = 'in' AND type = 'request' AND "
	    "  state IN ('received', 'answered-interim') AND "
	    "  hl_owed_due(created, stored, coalesce(deadline, 0), state, "
	    "  ?2) <= ?1) "
	    "FROM messages", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, now);
	(void)sqlite3_bind_int64(s, 2, final_after);
	r = sqlite3_step(s) == SQLITE_ROW ? tally_row(s, t) : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_msg_insert(struct store *st, const char *dir, const char *peer,
    const struct envelope *e, enum msg_state state, int64_t stored)
{
	const struct envelope_hdr *h = &e->hdr;
	char *refs = NULL;
	sqlite3_stmt *s;
	int r, rc;

	if (h->refs != NULL &&
	    (refs = json_dumps(h->refs, JSON_COMPACT)) == NULL)
		return HL_ENOMEM;
	if (store_prepare(st, "INSERT INTO messages (id, dir, peer, type, tier, "
	    "seq, created, deadline, tlp, subject, refs, state, stored, raw) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &s) != 0) {
		free(refs);
		return HL_EDB;
	}
	(void)sqlite3_bind_text(s, 1, h->id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, dir, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, peer, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 4, proto_type_names[h->type], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 5, proto_tier_names[h->tier], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 6, h->seq);
	(void)sqlite3_bind_int64(s, 7, h->created);
	if (h->deadline != 0)
		(void)sqlite3_bind_int64(s, 8, h->deadline);
	(void)sqlite3_bind_text(s, 9, proto_tlp_names[h->tlp], -1,
	    SQLITE_STATIC);
	if (h->subject != NULL)
		(void)sqlite3_bind_text(s, 10, h->subject, -1, SQLITE_STATIC);
	if (refs != NULL)
		(void)sqlite3_bind_text(s, 11, refs, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 12, proto_state_names[state], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 13, stored);
	(void)sqlite3_bind_blob(s, 14, e->raw, (int)e->rawlen, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		r = 0;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		r = HL_EEXIST;
	else
		r = HL_EDB;
	store_release(st, s);
	free(refs);
	return r;
}

void
msg_row_done(struct msg_row *m)
{
	free(m->raw);
	m->raw = NULL;
	m->rawlen = 0;
}

/* HL_EDB for a state this build does not know (the CHECK forbids it). */
static int
row_from_stmt(sqlite3_stmt *s, struct msg_row *m)
{
	const char *state;

	memset(m, 0, sizeof(*m));
	store_col_text(s, 0, m->id, sizeof(m->id));
	store_col_text(s, 1, m->dir, sizeof(m->dir));
	store_col_text(s, 2, m->peer, sizeof(m->peer));
	store_col_text(s, 3, m->type, sizeof(m->type));
	store_col_text(s, 4, m->tier, sizeof(m->tier));
	store_col_text(s, 5, m->tlp, sizeof(m->tlp));
	store_col_text(s, 7, m->subject, sizeof(m->subject));
	m->seq = sqlite3_column_int64(s, 8);
	m->created = sqlite3_column_int64(s, 9);
	m->deadline = sqlite3_column_int64(s, 10);
	m->stored = sqlite3_column_int64(s, 11);
	state = (const char *)sqlite3_column_text(s, 6);
	return state != NULL && proto_msg_state_parse(state, &m->state) ?
	    0 : HL_EDB;
}

int
store_msg_row(sqlite3_stmt *s, struct msg_row *m)
{
	return row_from_stmt(s, m);
}

int
store_msg_get(struct store *st, const char *idprefix, bool with_raw,
    struct msg_row *out)
{
	sqlite3_stmt *s;
	size_t n = strlen(idprefix);
	char hi[66];
	int r, rc;

	memset(out, 0, sizeof(*out));
	if (n < 4 || n > 64 || strspn(idprefix, "0123456789abcdef") != n)
		return HL_EINVAL;
	/* A prefix range: ids from the prefix up to the prefix + "g". */
	(void)snprintf(hi, sizeof(hi), "%sg", idprefix);
	if (store_prepare(st, "SELECT " MSG_COLUMNS ", raw FROM messages "
	    "WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, idprefix, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, hi, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		r = HL_ENOTFOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = HL_EDB;
		goto out;
	}
	if ((r = row_from_stmt(s, out)) != 0)
		goto out;
	if (with_raw) {
		const void *raw = sqlite3_column_blob(s, 12);
		int len = sqlite3_column_bytes(s, 12);

		if ((out->raw = malloc((size_t)len + 1)) == NULL) {
			r = HL_ENOMEM;
			goto out;
		}
		memcpy(out->raw, raw, (size_t)len);
		out->raw[len] = '\0';
		out->rawlen = (size_t)len;
	}
	r = 0;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		msg_row_done(out);
		r = HL_EAMBIG;
	} else if (rc != SQLITE_DONE) {
		msg_row_done(out);
		r = HL_EDB;
	}
out:
	store_release(st, s);
	return r;
}

int
store_msg_by_seq_in(struct store *st, const char *peer, int64_t seq,
    char id[static 65])
{
	sqlite3_stmt *s;
	int r = HL_ENOTFOUND, rc;

	if (store_prepare(st, "SELECT id FROM messages WHERE dir = 'in' AND "
	    "peer = ? AND seq = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, seq);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_col_text(s, 0, id, 65);
		r = 0;
	} else if (rc != SQLITE_DONE)
		r = HL_EDB;
	store_release(st, s);
	return r;
}

struct msg_ctx {
	int		(*fn)(void *arg, const struct msg_row *m);
	void		*arg;
};

static int
msg_row(sqlite3_stmt *s, void *ctx)
{
	struct msg_ctx *c = ctx;
	struct msg_row m;
	int r;

	if ((r = row_from_stmt(s, &m)) != 0)
		return r;
	return c->fn(c->arg, &m);
}

int
store_msg_each(struct store *st, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	struct msg_ctx c = { fn, arg };
	struct qarg q = { .text = dir };

	return store_each_row(st, "SELECT " MSG_COLUMNS " FROM messages WHERE dir = "
	    "? ORDER BY stored, peer, seq", &q, msg_row, &c);
}

int
store_msg_each_added(struct store *st, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	struct msg_ctx c = { fn, arg };
	struct qarg q = { .text = dir };

	/* The rowid is the order of insertion, whatever the clock said. */
	return store_each_row(st, "SELECT " MSG_COLUMNS " FROM messages WHERE dir = "
	    "? ORDER BY stored, rowid", &q, msg_row, &c);
}

int
store_msg_each_answer(struct store *st, const char *dir, const char *req,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	struct msg_ctx c = { fn, arg };
	sqlite3_stmt *s;
	int r = 0, rc = SQLITE_DONE;

	/* By messages_answers: the same expression, the same WHERE. */
	if (store_prepare(st, "SELECT " MSG_COLUMNS " FROM messages WHERE "
	    "type = 'response' AND json_extract(refs, '$[0]') = ? AND "
	    "dir = ? ORDER BY stored, rowid", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, req, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, dir, -1, SQLITE_STATIC);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r = msg_row(s, &c);
	if (r == 0 && rc != SQLITE_DONE)
		r = HL_EDB;
	store_release(st, s);
	return r;
}

int
store_log_size(struct store *st, uint64_t *size)
{
	int64_t n;
	int r;

	if ((r = one_int(st, "SELECT coalesce(max(idx) + 1, 0) FROM "
	    "log_leaves", NULL, NULL, &n)) == 0)
		*size = (uint64_t)n;
	return r;
}

int
store_log_put_leaf(struct store *st, uint64_t idx, const uint8_t *data,
    size_t n, const uint8_t hash[static HL_HASH_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "INSERT INTO log_leaves (idx, data, hash) VALUES "
	    "(?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, (int64_t)idx);
	(void)sqlite3_bind_blob(s, 2, data, (int)n, SQLITE_STATIC);
	(void)sqlite3_bind_blob(s, 3, hash, HL_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? 0 : HL_EDB;
}

int
store_log_put_node(struct store *st, unsigned level, uint64_t idx,
    const uint8_t hash[static HL_HASH_LEN])
{
	sqlite3_stmt *s;
	int rc;

	/* Leaf hashes live in log_leaves. */
	if (level == 0)
		return 0;
	if (store_prepare(st, "INSERT INTO log_nodes (level, idx, hash) VALUES "
	    "(?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int(s, 1, (int)level);
	(void)sqlite3_bind_int64(s, 2, (int64_t)idx);
	(void)sqlite3_bind_blob(s, 3, hash, HL_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	store_release(st, s);
	return rc == SQLITE_DONE ? 0 : HL_EDB;
}

int
store_log_get_node(struct store *st, unsigned level, uint64_t idx,
    uint8_t hash[static HL_HASH_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, level == 0 ?
	    "SELECT hash FROM log_leaves WHERE idx = ?2 AND ?1 = 0" :
	    "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int(s, 1, (int)level);
	(void)sqlite3_bind_int64(s, 2, (int64_t)idx);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == HL_HASH_LEN)
		memcpy(hash, sqlite3_column_blob(s, 0), HL_HASH_LEN);
	store_release(st, s);
	if (rc == SQLITE_DONE)
		return HL_ENOTFOUND;
	return rc == SQLITE_ROW ? 0 : HL_EDB;
}

/*
 * One blob column of a one-row query with one parameter into out (if not
 * NULL), and its second column into col1 if asked; HL_ENOTFOUND if no row
 * or NULL.
 */
static int
one_blob(struct store *st, const char *sql, const struct qarg *arg,
    struct buf *out, int64_t *col1)
{
	sqlite3_stmt *s;
	int r = HL_ENOTFOUND, rc;

	if (store_prepare(st, sql, &s) != 0)
		return HL_EDB;
	if (arg->is_num)
		(void)sqlite3_bind_int64(s, 1, arg->num);
	else
		(void)sqlite3_bind_text(s, 1, arg->text, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL) {
		r = out == NULL ? 0 : buf_add(out, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		if (col1 != NULL)
			*col1 = sqlite3_column_int64(s, 1);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = HL_EDB;
	store_release(st, s);
	return r;
}

int
store_log_get_leaf(struct store *st, uint64_t idx, struct buf *out)
{
	return one_blob(st, "SELECT data FROM log_leaves WHERE idx = ?",
	    QNUM((int64_t)idx), out, NULL);
}

struct leaf_ctx {
	int	(*fn)(void *arg, uint64_t idx, const uint8_t *p, size_t n);
	void	*arg;
};

static int
leaf_row(sqlite3_stmt *s, void *ctx)
{
	struct leaf_ctx *c = ctx;

	return c->fn(c->arg, (uint64_t)sqlite3_column_int64(s, 0),
	    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1));
}

int
store_log_each_leaf(struct store *st,
    int (*fn)(void *arg, uint64_t idx, const uint8_t *p, size_t n), void *arg)
{
	struct leaf_ctx c = { fn, arg };

	return store_each_row(st, "SELECT idx, data FROM log_leaves ORDER BY idx",
	    NULL, leaf_row, &c);
}

int
store_checkpoint_put(struct store *st, uint64_t size, const uint8_t *note,
    size_t n, int64_t created)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT OR IGNORE INTO checkpoints (size, note, "
	    "created) VALUES (?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, (int64_t)size);
	(void)sqlite3_bind_blob(s, 2, note, (int)n, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 3, created);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_checkpoint_get(struct store *st, int64_t size, uint64_t *got,
    struct buf *note)
{
	int64_t sz = 0;
	int r;

	if (size < 0)
		r = one_blob(st, "SELECT note, size FROM checkpoints "
		    "ORDER BY size DESC LIMIT ?", QNUM(1), note, &sz);
	else
		r = one_blob(st, "SELECT note, size FROM checkpoints "
		    "WHERE size = ?", QNUM(size), note, &sz);
	if (r == 0 && got != NULL)
		*got = (uint64_t)sz;
	return r;
}

int
store_checkpoint_each(struct store *st,
    int (*fn)(void *arg, uint64_t size, const uint8_t *note, size_t n),
    void *arg)
{
	/* Same row shape as leaves: an integer and a blob. */
	struct leaf_ctx c = { fn, arg };

	return store_each_row(st, "SELECT size, note FROM checkpoints ORDER BY size",
	    NULL, leaf_row, &c);
}

int
store_cosig_put(struct store *st, uint64_t size, const char *cosigner,
    const char *line, int64_t time)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT OR REPLACE INTO cosignatures (size, cosigner, "
	    "line, time) VALUES (?, ?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, (int64_t)size);
	(void)sqlite3_bind_text(s, 2, cosigner, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, line, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 4, time);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

struct cosig_ctx {
	int	(*fn)(void *arg, uint64_t size, const char *cosigner,
		    const char *line);
	void	*arg;
};

static int
cosig_row(sqlite3_stmt *s, void *ctx)
{
	struct cosig_ctx *c = ctx;

	return c->fn(c->arg, (uint64_t)sqlite3_column_int64(s, 0),
	    (const char *)sqlite3_column_text(s, 1),
	    (const char *)sqlite3_column_text(s, 2));
}

int
store_cosig_each(struct store *st, int64_t size,
    int (*fn)(void *arg, uint64_t size, const char *cosigner,
    const char *line), void *arg)
{
	struct cosig_ctx c = { fn, arg };
	struct qarg q = { .num = size, .is_num = true };

	return store_each_row(st, size < 0 ? "SELECT size, cosigner, line FROM "
	    "cosignatures WHERE ? < 0 ORDER BY size, cosigner" :
	    "SELECT size, cosigner, line FROM cosignatures WHERE size = ? "
	    "ORDER BY cosigner", &q, cosig_row, &c);
}

int
store_witness_get(struct store *st, const char *origin, uint64_t *size,
    struct buf *note)
{
	sqlite3_stmt *s;
	int r = HL_ENOTFOUND, rc;

	if (store_prepare(st, "SELECT size, note FROM witnessed WHERE origin = ?",
	    &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, origin, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*size = (uint64_t)sqlite3_column_int64(s, 0);
		r = buf_add(note, sqlite3_column_blob(s, 1),
		    (size_t)sqlite3_column_bytes(s, 1));
	} else if (rc != SQLITE_DONE)
		r = HL_EDB;
	store_release(st, s);
	return r;
}

int
store_witness_put(struct store *st, const char *origin, uint64_t size,
    const uint8_t *note, size_t n, int64_t time)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT OR REPLACE INTO witnessed (origin, size, note, "
	    "time) VALUES (?, ?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, origin, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, (int64_t)size);
	(void)sqlite3_bind_blob(s, 3, note, (int)n, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 4, time);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

struct witness_ctx {
	int	(*fn)(void *arg, const char *origin, uint64_t size,
		    int64_t time);
	void	*arg;
};

static int
witness_row(sqlite3_stmt *s, void *ctx)
{
	struct witness_ctx *c = ctx;

	return c->fn(c->arg, (const char *)sqlite3_column_text(s, 0),
	    (uint64_t)sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2));
}

int
store_witness_each(struct store *st,
    int (*fn)(void *arg, const char *origin, uint64_t size, int64_t time),
    void *arg)
{
	struct witness_ctx c = { fn, arg };

	return store_each_row(st, "SELECT origin, size, time FROM witnessed ORDER BY "
	    "origin", NULL, witness_row, &c);
}

int
store_equivocation_add(struct store *st, const char *origin,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn, const uint8_t *proof, size_t proofn, int64_t found)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT INTO equivocations (origin, old_note, "
	    "new_note, proof, found) VALUES (?, ?, ?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, origin, -1, SQLITE_STATIC);
	(void)sqlite3_bind_blob(s, 2, old_note, (int)oldn, SQLITE_STATIC);
	(void)sqlite3_bind_blob(s, 3, new_note, (int)newn, SQLITE_STATIC);
	if (proof != NULL)
		(void)sqlite3_bind_blob(s, 4, proof, (int)proofn,
		    SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 5, found);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

struct equiv_ctx {
	int	(*fn)(void *arg, const char *origin, int64_t found,
		    const uint8_t *old_note, size_t oldn,
		    const uint8_t *new_note, size_t newn);
	void	*arg;
};

static int
equiv_row(sqlite3_stmt *s, void *ctx)
{
	struct equiv_ctx *c = ctx;

	return c->fn(c->arg, (const char *)sqlite3_column_text(s, 0),
	    sqlite3_column_int64(s, 1), sqlite3_column_blob(s, 2),
	    (size_t)sqlite3_column_bytes(s, 2), sqlite3_column_blob(s, 3),
	    (size_t)sqlite3_column_bytes(s, 3));
}

int
store_equivocation_each(struct store *st,
    int (*fn)(void *arg, const char *origin, int64_t found,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn), void *arg)
{
	struct equiv_ctx c = { fn, arg };

	return store_each_row(st, "SELECT origin, found, old_note, new_note FROM "
	    "equivocations ORDER BY id", NULL, equiv_row, &c);
}

int
store_msg_set_receipt(struct store *st, const char *id, const uint8_t *p,
    size_t n, enum msg_state state)
{
	sqlite3_stmt *s;
	int r;

	/* A receipt moves only a queued message on; answers come later. */
	if (store_prepare(st, "UPDATE messages SET receipt = ?, state = CASE state "
	    "WHEN 'queued' THEN ? ELSE state END WHERE id = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_blob(s, 1, p, (int)n, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, proto_state_names[state], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, id, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1 ?
	    0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_msg_get_receipt(struct store *st, const char *id, struct buf *out)
{
	return one_blob(st, "SELECT receipt FROM messages WHERE id = ?",
	    QTEXT(id), out, NULL);
}

int
store_peer_by_pin(struct store *st, const char *pin, struct card *out)
{
	return peer_where(st, "SELECT card FROM peers WHERE tls_pin = ?", pin,
	    out);
}

/*
 * The rows of an outbox query s (MSG_COLUMNS, raw), up to max_bytes of
 * raw bytes except that the first always comes; releases s.
 */
static int
outbox_rows(struct store *st, sqlite3_stmt *s, size_t max_bytes,
    struct msg_row *out, size_t *count)
{
	size_t bytes = 0, len;
	int r = 0, rc;

	*count = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct msg_row *m = &out[*count];

		len = (size_t)sqlite3_column_bytes(s, 12);
		if (*count > 0 && bytes + len > max_bytes)
			break;
		if ((r = row_from_stmt(s, m)) != 0)
			break;
		if ((m->raw = malloc(len + 1)) == NULL) {
			r = HL_ENOMEM;
			break;
		}
		memcpy(m->raw, sqlite3_column_blob(s, 12), len);
		m->raw[len] = '\0';
		m->rawlen = len;
		bytes += len;
		(*count)++;
	}
	if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = HL_EDB;
	store_release(st, s);
	if (r != 0) {
		while (*count > 0)
			msg_row_done(&out[--(*count)]);
		return r;
	}
	return *count == 0 ? HL_ENOTFOUND : 0;
}

int
store_outbox_due(struct store *st, const char *peer, int64_t after,
    size_t max, size_t max_bytes, struct msg_row *out, size_t *count)
{
	sqlite3_stmt *s;

	/*
	 * The planner, without statistics, prefers the (dir, peer, seq) key
	 * and walks every message ever delivered; the partial index holds
	 * only what is still due.
	 */
	if (store_prepare(st, "SELECT " MSG_COLUMNS ", raw FROM messages INDEXED BY "
	    "messages_undelivered WHERE dir = 'out' AND peer = ? AND "
	    "receipt IS NULL AND seq > ? ORDER BY seq LIMIT ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, after);
	(void)sqlite3_bind_int64(s, 3, (sqlite3_int64)max);
	return outbox_rows(st, s, max_bytes, out, count);
}

int
store_outbox_range(struct store *st, const char *peer, int64_t from,
    int64_t through, size_t max, size_t max_bytes, struct msg_row *out,
    size_t *count)
{
	sqlite3_stmt *s;

	/* The (dir, peer, seq) key is the index this wants. */
	if (store_prepare(st, "SELECT " MSG_COLUMNS ", raw FROM messages WHERE "
	    "dir = 'out' AND peer = ? AND seq BETWEEN ? AND ? ORDER BY seq "
	    "LIMIT ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, from);
	(void)sqlite3_bind_int64(s, 3, through);
	(void)sqlite3_bind_int64(s, 4, (sqlite3_int64)max);
	return outbox_rows(st, s, max_bytes, out, count);
}

int
store_receipted_since(struct store *st, const char *peer, int64_t from,
    struct receipted *rs)
{
	sqlite3_stmt *s;
	int r = HL_EDB;

	memset(rs, 0, sizeof(*rs));
	if (store_prepare(st, "SELECT count(*), min(seq), max(seq), "
	    "min(json_extract(receipt, '$.leaf')), "
	    "max(json_extract(receipt, '$.leaf')) FROM messages WHERE "
	    "dir = 'out' AND peer = ? AND seq >= ? AND receipt IS NOT NULL",
	    &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, from);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rs->count = sqlite3_column_int64(s, 0);
		rs->first_seq = sqlite3_column_int64(s, 1);
		rs->last_seq = sqlite3_column_int64(s, 2);
		rs->first_leaf = sqlite3_column_int64(s, 3);
		rs->last_leaf = sqlite3_column_int64(s, 4);
		r = 0;
	}
	store_release(st, s);
	return r;
}

int
store_rereceipt_put(struct store *st, const char *id, const uint8_t *p,
    size_t n, int64_t now, bool *added)
{
	sqlite3_stmt *s;
	int r;

	*added = false;
	if (store_prepare(st, "INSERT OR IGNORE INTO rereceipts (id, receipt, kept) "
	    "VALUES (?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_blob(s, 2, p, (int)n, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 3, now);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	if (r == 0)
		*added = sqlite3_changes(st->db) == 1;
	store_release(st, s);
	return r;
}

int
store_rereceipt_get(struct store *st, const char *id, int64_t leaf,
    struct buf *out)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "SELECT receipt FROM rereceipts WHERE id = ? AND "
	    "json_extract(receipt, '$.leaf') = ? ORDER BY kept LIMIT 1",
	    &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, leaf);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		r = buf_add(out, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		break;
	case SQLITE_DONE:
		r = HL_ENOTFOUND;
		break;
	default:
		r = HL_EDB;
	}
	store_release(st, s);
	return r;
}

int
store_alarm_raise(struct store *st, const char *kind, const char *subject,
    const char *msg, const char *detail, int64_t now)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT INTO alarms (kind, subject, msg, detail, "
	    "raised, seen, count) VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1) "
	    "ON CONFLICT (kind, subject) DO UPDATE SET msg = ?3, detail = ?4, "
	    "seen = ?5, count = count + 1", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, subject, -1, SQLITE_STATIC);
	if (msg != NULL)
		(void)sqlite3_bind_text(s, 3, msg, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 5, now);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_alarm_clear(struct store *st, const char *kind, const char *subject,
    bool *cleared)
{
	sqlite3_stmt *s;
	int r;

	if (cleared != NULL)
		*cleared = false;
	if (store_prepare(st, "DELETE FROM alarms WHERE kind = ? AND subject = ?",
	    &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, subject, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	if (r == 0 && cleared != NULL)
		*cleared = sqlite3_changes(st->db) > 0;
	store_release(st, s);
	return r;
}

struct alarm_ctx {
	int (*fn)(void *, const struct alarm *);
	void *arg;
};

static int
alarm_row(sqlite3_stmt *s, void *arg)
{
	struct alarm_ctx *c = arg;
	struct alarm a;

	a.kind = (const char *)sqlite3_column_text(s, 0);
	a.subject = (const char *)sqlite3_column_text(s, 1);
	a.msg = (const char *)sqlite3_column_text(s, 2);
	a.detail = (const char *)sqlite3_column_text(s, 3);
	a.raised = sqlite3_column_int64(s, 4);
	a.seen = sqlite3_column_int64(s, 5);
	a.count = sqlite3_column_int64(s, 6);
	return c->fn(c->arg, &a);
}

int
store_alarm_each(struct store *st,
    int (*fn)(void *arg, const struct alarm *a), void *arg)
{
	struct alarm_ctx c = { fn, arg };

	return store_each_row(st, "SELECT kind, subject, msg, detail, raised, seen, "
	    "count FROM alarms ORDER BY raised, kind, subject", NULL,
	    alarm_row, &c);
}

int
store_cosig_latest(struct store *st, const char *cosigner, uint64_t *size,
    int64_t *when)
{
	sqlite3_stmt *s;
	int r = HL_EDB;

	*size = 0;
	*when = 0;
	if (store_prepare(st, "SELECT size, time FROM cosignatures WHERE cosigner = ? "
	    "ORDER BY size DESC, time DESC LIMIT 1", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, cosigner, -1, SQLITE_STATIC);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		*size = (uint64_t)sqlite3_column_int64(s, 0);
		*when = sqlite3_column_int64(s, 1);
		/* FALLTHROUGH */
	case SQLITE_DONE:
		r = 0;
		break;
	}
	store_release(st, s);
	return r;
}

int
store_msg_settle(struct store *st, const char *id, const char *dir,
    const char *peer, enum msg_state state)
{
	sqlite3_stmt *s;
	int r;

	/* Never from final back to interim, nor out of withdrawn. */
	if (store_prepare(st, "UPDATE messages SET state = ? WHERE id = ? AND "
	    "dir = ? AND peer = ? AND type IN ('request', 'query') AND "
	    "state NOT IN ('answered-final', 'withdrawn')", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, proto_state_names[state], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, dir, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 4, peer, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_overdue_each(struct store *st, int64_t now, int64_t final_after,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	struct msg_ctx c = { fn, arg };
	int r;

	/*
	 * Requests sent whose first answer is due and has not come... (The
	 * partial indexes by name: the planner would walk every message.)
	 */
	if ((r = store_each_row(st, "SELECT " MSG_COLUMNS " FROM messages INDEXED BY "
	    "messages_due WHERE dir = 'out' AND type = 'request' AND state IN "
	    "('queued', 'delivered') AND deadline IS NOT NULL AND deadline <= ? "
	    "ORDER BY deadline", QNUM(now), msg_row, &c)) != 0)
		return r;
	/* ...and those answered in the interim only, past the final's due. */
	return store_each_row(st, "SELECT " MSG_COLUMNS " FROM messages INDEXED BY "
	    "messages_interim WHERE dir = 'out' AND type = 'request' AND "
	    "state = 'answered-interim' AND created <= ? ORDER BY created",
	    QNUM(now - final_after), msg_row, &c);
}

int
store_checks_due_each(struct store *st, int64_t now,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	struct msg_ctx c = { fn, arg };

	/* The index by name, as store_overdue_each()'s. */
	return store_each_row(st, "SELECT " MSG_COLUMNS " FROM messages INDEXED BY "
	    "messages_checks WHERE dir = 'out' AND type = 'contact-check' AND "
	    "state IN ('queued', 'delivered') AND deadline IS NOT NULL AND "
	    "deadline <= ? ORDER BY deadline", QNUM(now), msg_row, &c);
}

int
store_check_answered(struct store *st, const char *id, const char *dir,
    const char *peer)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "UPDATE messages SET state = 'answered' WHERE "
	    "id = ? AND dir = ? AND peer = ? AND type = 'contact-check' AND "
	    "state != 'answered'", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, dir, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, peer, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_msg_set_state(struct store *st, const char *id, enum msg_state state)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "UPDATE messages SET state = ? WHERE id = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, proto_state_names[state], -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1 ?
	    0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_ping_answered(struct store *st, const char *ping, const char *peer,
    int64_t rtt_ms)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "UPDATE messages SET state = 'answered', rtt_ms = ? "
	    "WHERE id = ? AND dir = 'out' AND type = 'ping' AND peer = ?",
	    &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, rtt_ms);
	(void)sqlite3_bind_text(s, 2, ping, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, peer, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	store_release(st, s);
	return r;
}

int
store_ping_rtt(struct store *st, const char *ping, int64_t *rtt_ms)
{
	return one_int(st, "SELECT coalesce(max(rtt_ms), -1) FROM messages "
	    "WHERE id = ? AND dir = 'out' AND type = 'ping' AND state = "
	    "'answered'", ping, NULL, rtt_ms);
}

int
store_msg_asked_tlp(struct store *st, const char *id, struct buf *out)
{
	return one_blob(st, "SELECT q.tlp FROM messages m JOIN messages q ON "
	    "q.id = json_extract(m.refs, '$[0]') AND q.dir = 'out' AND "
	    "q.peer = m.peer WHERE m.id = ? AND m.dir = 'in' AND "
	    "m.type = 'response'", QTEXT(id), out, NULL);
}

int
store_ping_note(struct store *st, const char *ping, struct buf *note)
{
	return one_blob(st, "SELECT json_extract(raw, '$.body.note') FROM "
	    "messages WHERE id = ? AND dir = 'out' AND type = 'ping'",
	    QTEXT(ping), note, NULL);
}

struct ping_ctx {
	int	(*fn)(void *arg, const char *peer, int64_t sent,
		    enum msg_state state, int64_t rtt_ms);
	void	*arg;
};

static int
ping_row(sqlite3_stmt *s, void *ctx)
{
	struct ping_ctx *c = ctx;
	const char *name = (const char *)sqlite3_column_text(s, 2);
	enum msg_state state;

	if (name == NULL || !proto_msg_state_parse(name, &state))
		return HL_EDB;
	return c->fn(c->arg, (const char *)sqlite3_column_text(s, 0),
	    sqlite3_column_int64(s, 1), state,
	    sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(s, 3));
}

int
store_last_pings(struct store *st,
    int (*fn)(void *arg, const char *peer, int64_t sent,
    enum msg_state state, int64_t rtt_ms), void *arg)
{
	struct ping_ctx c = { fn, arg };

	/* The newest ping to each peer (SQLite picks the row of the max). */
	return store_each_row(st, "SELECT peer, max(created), state, rtt_ms FROM "
	    "messages WHERE dir = 'out' AND type = 'ping' GROUP BY peer "
	    "ORDER BY peer", NULL, ping_row, &c);
}

struct contact_ctx {
	int	(*fn)(void *arg, const char *peer, int64_t checks,
		    int64_t overdue, int64_t last);
	void	*arg;
};

static int
contact_row(sqlite3_stmt *s, void *ctx)
{
	struct contact_ctx *c = ctx;

	return c->fn(c->arg, (const char *)sqlite3_column_text(s, 0),
	    sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
	    sqlite3_column_int64(s, 3));
}

int
store_last_contacts(struct store *st,
    int (*fn)(void *arg, const char *peer, int64_t checks,
    int64_t overdue, int64_t last), void *arg)
{
	struct contact_ctx c = { fn, arg };

	/* Each check's first ack, then the latest over each peer's checks. */
	return store_each_row(st, "SELECT peer, count(*), "
	    "count(*) FILTER (WHERE state = 'overdue'), "
	    "coalesce(max(CASE WHEN ack IS NULL THEN NULL WHEN ack > start "
	    "  THEN ack ELSE start END), 0) "
	    "FROM (SELECT c.peer AS peer, c.state AS state, "
	    "  (SELECT min(a.created) FROM messages a WHERE a.dir = 'in' AND "
	    "  a.type = 'contact-ack' AND a.peer = c.peer AND "
	    "  json_extract(a.refs, '$[0]') = c.id) AS ack, "
	    "  max(c.created, coalesce(CAST(strftime('%s', json_extract("
	    "  CAST(c.receipt AS TEXT), '$.at')) AS INTEGER), 0)) AS start "
	    "  FROM messages c WHERE c.dir = 'out' AND "
	    "  c.type = 'contact-check') "
	    "GROUP BY peer ORDER BY peer", NULL, contact_row, &c);
}

int
store_taxii_user_add(struct store *st, const struct taxii_user *u)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "INSERT INTO taxii_users (name, clearance, pwhash, "
	    "pin, added) VALUES (?, ?, ?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, u->name, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, proto_tlp_names[u->clearance], -1,
	    SQLITE_STATIC);
	if (u->pwhash[0] != '\0')
		(void)sqlite3_bind_text(s, 3, u->pwhash, -1, SQLITE_STATIC);
	if (u->pin[0] != '\0')
		(void)sqlite3_bind_text(s, 4, u->pin, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 5, u->added);
	switch (sqlite3_step(s)) {
	case SQLITE_DONE:
		r = 0;
		break;
	default:
		/* Which uniqueness failed: the name's, or the pin's. */
		r = store_note_fail(st, SQLITE_ERROR);
		if (st->err_rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			r = HL_EEXIST;
		else if (st->err_rc == SQLITE_CONSTRAINT_UNIQUE)
			r = HL_ECONFLICT;
	}
	store_release(st, s);
	return r;
}

int
store_taxii_user_remove(struct store *st, const char *name)
{
	sqlite3_stmt *s;
	int r;

	if (store_prepare(st, "DELETE FROM taxii_users WHERE name = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : HL_EDB;
	if (r == 0 && sqlite3_changes(st->db) == 0)
		r = HL_ENOTFOUND;
	store_release(st, s);
	return r;
}

static int
taxii_user_row(sqlite3_stmt *s, struct taxii_user *u)
{
	char clearance[16];
	int t;

	store_col_text(s, 0, u->name, sizeof(u->name));
	store_col_text(s, 1, clearance, sizeof(clearance));
	store_col_text(s, 2, u->pwhash, sizeof(u->pwhash));
	store_col_text(s, 3, u->pin, sizeof(u->pin));
	u->added = sqlite3_column_int64(s, 4);
	if ((t = proto_lookup(proto_tlp_names, clearance)) < 0)
		return HL_EDB;
	u->clearance = (enum tlp)t;
	return 0;
}

static int
user_row(sqlite3_stmt *s, void *out)
{
	return taxii_user_row(s, out);
}

/* The one user that sql (with one parameter, v) selects. */
static int
taxii_user_where(struct store *st, const char *sql, const char *v,
    struct taxii_user *out)
{
	return one_where(st, sql, v, user_row, out);
}

int
store_taxii_user_get(struct store *st, const char *name,
    struct taxii_user *out)
{
	return taxii_user_where(st, "SELECT name, clearance, pwhash, pin, "
	    "added FROM taxii_users WHERE name = ?", name, out);
}

int
store_taxii_user_by_pin(struct store *st, const char *pin,
    struct taxii_user *out)
{
	return taxii_user_where(st, "SELECT name, clearance, pwhash, pin, "
	    "added FROM taxii_users WHERE pin = ?", pin, out);
}

struct taxii_user_ctx {
	int (*fn)(void *, const struct taxii_user *);
	void *arg;
};

static int
taxii_user_each_row(sqlite3_stmt *s, void *arg)
{
	struct taxii_user_ctx *c = arg;
	struct taxii_user u;
	int r;

	if ((r = taxii_user_row(s, &u)) != 0)
		return r;
	r = c->fn(c->arg, &u);
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	return r;
}

int
store_taxii_user_each(struct store *st,
    int (*fn)(void *arg, const struct taxii_user *u), void *arg)
{
	struct taxii_user_ctx c = { fn, arg };

	return store_each_row(st, "SELECT name, clearance, pwhash, pin, added FROM "
	    "taxii_users ORDER BY name", NULL, taxii_user_each_row, &c);
}
