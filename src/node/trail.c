/*
 * The audit trail. See trail.h. Owns table audit's SQL; the table's
 * triggers (migration 9, store.c) refuse every DELETE and UPDATE, so
 * nothing here or elsewhere can take a row back.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store_int.h"
#include "trail.h"

const char *const trail_via_names[VIA_COUNT + 1] = {
	"cli", "console", "token", NULL
};

void
node_set_actor(struct node *n, const char *name, enum via via)
{
	(void)snprintf(n->actor.name, sizeof(n->actor.name), "%s", name);
	n->actor.via = via;
}

/*
 * s cut into out (n bytes) at a character's start, so that a cut never
 * leaves half of a UTF-8 sequence for trail_json() to refuse.
 */
static void
cut(const char *s, char *out, size_t n)
{
	size_t len = strlen(s);

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

/* The row, inside the caller's transaction. */
static int
insert(struct store *st, const char *actor, enum via via, const char *action,
    const char *target, const char *detail, int64_t now)
{
	struct trail_entry e;
	sqlite3_stmt *s;
	int r;

	/* Cut as trail_each() would read it: the row is what is shown. */
	cut(actor, e.actor, sizeof(e.actor));
	cut(action, e.action, sizeof(e.action));
	cut(target != NULL ? target : "", e.target, sizeof(e.target));
	cut(detail != NULL ? detail : "", e.detail, sizeof(e.detail));
	if (store_prepare(st, "INSERT INTO audit (at, actor, via, action, "
	    "target, detail) VALUES (?, ?, ?, ?, ?, ?)", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, now);
	(void)sqlite3_bind_text(s, 2, e.actor, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 3, trail_via_names[via], -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 4, e.action, -1, SQLITE_STATIC);
	if (target != NULL)
		(void)sqlite3_bind_text(s, 5, e.target, -1, SQLITE_STATIC);
	if (detail != NULL)
		(void)sqlite3_bind_text(s, 6, e.detail, -1, SQLITE_STATIC);
	r = sqlite3_step(s) == SQLITE_DONE ? 0 : store_note_fail(st,
	    SQLITE_ERROR);
	store_release(st, s);
	return r;
}

int
trail_add_as(struct node *n, const char *actor, enum via via,
    const char *action, const char *target, const char *detail,
    int64_t now)
{
	bool own;
	int r;

	if (actor[0] == '\0')
		return 0;
	if ((int)via < 0 || via >= VIA_COUNT)
		return HL_EINVAL;
	/*
	 * store_begin() does not nest: inside an action's transaction the
	 * row joins it (and goes if it is rolled back); alone (a login) it
	 * is a transaction of its own.
	 */
	own = sqlite3_get_autocommit(n->st->db) != 0;
	if (own && store_begin(n->st) != 0)
		return HL_EDB;
	r = insert(n->st, actor, via, action, target, detail, now);
	if (own && r == 0 && store_commit(n->st) != 0)
		r = HL_EDB;
	if (own && r != 0)
		store_rollback(n->st);
	return r;
}

int
trail_add(struct node *n, const char *action, const char *target,
    const char *detail, int64_t now)
{
	return trail_add_as(n, n->actor.name, n->actor.via, action, target,
	    detail, now);
}

int
trail_each(struct node *n, const struct trail_filter *f,
    int (*fn)(void *arg, const struct trail_entry *e), void *arg)
{
	struct trail_entry e;
	sqlite3_stmt *s;
	char via[16];
	size_t limit = f->limit == 0 || f->limit > HL_TRAIL_MAX_PAGE ?
	    HL_TRAIL_MAX_PAGE : f->limit;
	int r = 0, rc = SQLITE_DONE, v;

	/* One statement for every filter, so that it is prepared once. */
	if (store_prepare(n->st, "SELECT id, at, actor, via, action, "
	    "coalesce(target, ''), coalesce(detail, '') FROM audit "
	    "WHERE at >= ?1 AND id < ?2 AND (?3 IS NULL OR actor = ?3) AND "
	    "(?4 IS NULL OR action = ?4) ORDER BY id DESC LIMIT ?5", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_int64(s, 1, f->since);
	(void)sqlite3_bind_int64(s, 2, f->before > 0 ? f->before : INT64_MAX);
	if (f->actor != NULL)
		(void)sqlite3_bind_text(s, 3, f->actor, -1, SQLITE_STATIC);
	if (f->action != NULL)
		(void)sqlite3_bind_text(s, 4, f->action, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 5, (int64_t)limit);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.id = sqlite3_column_int64(s, 0);
		e.at = sqlite3_column_int64(s, 1);
		store_col_text(s, 2, e.actor, sizeof(e.actor));
		store_col_text(s, 3, via, sizeof(via));
		store_col_text(s, 4, e.action, sizeof(e.action));
		store_col_text(s, 5, e.target, sizeof(e.target));
		store_col_text(s, 6, e.detail, sizeof(e.detail));
		if ((v = proto_lookup(trail_via_names, via)) < 0) {
			r = HL_EDB;
			break;
		}
		e.via = (enum via)v;
		r = fn(arg, &e);
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_note_fail(n->st, rc);
	store_release(n->st, s);
	return r;
}

json_t *
trail_json(const struct trail_entry *e)
{
	char at[PROTO_TIME_LEN];

	proto_time_format(e->at, at);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s*, s:s*}",
	    "id", (json_int_t)e->id, "at", at, "actor", e->actor,
	    "via", trail_via_names[e->via], "action", e->action,
	    "target", e->target[0] != '\0' ? e->target : NULL,
	    "detail", e->detail[0] != '\0' ? e->detail : NULL);
}
