/*
 * The store's insides, for the node modules that own a table of their
 * own (the duty desk's: users.c, trail.c, events.c, attention.c) as
 * store.c owns the protocol's. Never included outside src/node: the rest
 * of the code sees the store only through the node.
 */
#ifndef HL_STORE_INT_H
#define HL_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

/*
 * Prepared statements, kept for reuse: preparing costs more than most of
 * the queries here, several times per message. There are fewer distinct
 * statements than slots; past that, statements are prepared each time.
 */
#define STMT_CACHE	128

struct store {
	sqlite3		*db;
	sqlite3_stmt	*cache[STMT_CACHE];
	size_t		 ncache;
	char		*path;		/* the database file, for diagnostics */
	int		 err_rc;	/* the last statement's failure (an
					   extended SQLite code), or 0 */
	int		 err_errno;	/* the system's errno behind it, or 0 */
	char		 err[256];	/* what SQLite said of it */
};

/*
 * Keeps what SQLite says of a failure (rc) at once, and returns HL_EDB;
 * store_errmsg() and store_full() read it.
 */
int store_note_fail(struct store *st, int rc);

/* A statement begins: what failed before it is no longer the news. */
void store_note_clear(struct store *st);

/*
 * A statement for sql, from the cache or new; HL_EDB (noted) if SQLite
 * refuses it. Each is paired with a store_release().
 */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **s)
    __attribute__((warn_unused_result));
void store_release(struct store *st, sqlite3_stmt *s);

/* Column i as text into out ("" for NULL), cut to n - 1 bytes. */
void store_col_text(sqlite3_stmt *s, int i, char *out, size_t n);

/* A query's parameter: text, an integer, or none. */
struct qarg {
	const char	*text;
	int64_t		 num;
	bool		 is_num;
};

#define QNUM(n)		(&(struct qarg){ .num = (n), .is_num = true })
#define QTEXT(t)	(&(struct qarg){ .text = (t) })

/*
 * Runs sql with at most one parameter and calls row() for each result row
 * until it returns non-zero. The one loop behind every store_*_each().
 */
int store_each_row(struct store *st, const char *sql, const struct qarg *arg,
    int (*row)(sqlite3_stmt *s, void *ctx), void *ctx);

/*
 * A message row's columns, in the order store_msg_row() reads them: a
 * module's own query of messages SELECTs these first.
 */
#define MSG_COLUMNS "id, dir, peer, type, tier, tlp, state, " \
	"coalesce(subject, ''), seq, created, coalesce(deadline, 0), stored"

/* The row s is on into m (no raw); HL_EDB for a state unknown here. */
int store_msg_row(sqlite3_stmt *s, struct msg_row *m)
    __attribute__((warn_unused_result));

#endif
