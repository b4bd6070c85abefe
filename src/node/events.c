/*
 * Events worth waking someone for. See events.h. This file owns the
 * events and notify_sinks tables (migration 9) and never sends anything:
 * the daemon's notifier reads what is here, a thread of its own.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "events.h"
#include "limits.h"
#include "proto.h"
#include "report.h"
#include "store_int.h"
#include "view.h"

/*
 * Sets key to the text v. Text that is not UTF-8 (what a peer wrote into
 * an alarm's detail, say) is escaped first, so that it is never the
 * reason an event, or the change that causes it, fails.
 */
static int
set_text(json_t *o, const char *key, const char *v)
{
	char esc[1024];
	json_t *j;

	if ((j = json_string(v)) == NULL) {
		(void)esc_bytes(esc, sizeof(esc), v, strlen(v), NULL);
		if ((j = json_string(esc)) == NULL)
			return HL_ENOMEM;
	}
	return json_object_set_new(o, key, j) == 0 ? 0 : HL_ENOMEM;
}

/* The event's JSON: compact, keys sorted, at most HL_EVENT_MAX_BYTES. */
static char *
event_dump(json_t *o)
{
	char *s;

	if ((s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return NULL;
	if (strlen(s) <= HL_EVENT_MAX_BYTES)
		return s;
	/*
	 * Only the free text can be long (a peer's problem detail in an
	 * alarm): the names and ids always fit, and they are the event.
	 */
	free(s);
	(void)json_object_del(o, "subject");
	if (json_object_set_new(o, "detail", json_string("(too long for an "
	    "event: see the node)")) != 0)
		return NULL;
	return json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
}

int
events_add(struct node *n, const char *kind, const char *key, json_t *body,
    int64_t now)
{
	struct store *st = n->st;
	sqlite3_stmt *s;
	json_t *o = NULL;
	char at[PROTO_TIME_LEN], *text = NULL;
	int64_t id;
	int r;

	store_note_clear(st);
	/* Placeholder text first: the event's id is in its JSON. */
	if ((r = store_prepare(st, "INSERT OR IGNORE INTO events (key, kind, "
	    "at, body) VALUES (?, ?, ?, '')", &s)) != 0)
		return r;
	(void)sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 3, now);
	if ((r = sqlite3_step(s)) != SQLITE_DONE) {
		r = store_note_fail(st, r);
		store_release(st, s);
		return r;
	}
	store_release(st, s);
	if (sqlite3_changes(st->db) == 0)
		return 0;		/* that event is there already */
	id = sqlite3_last_insert_rowid(st->db);
	proto_time_format(now, at);
	if ((o = body != NULL ? json_copy(body) : json_object()) == NULL ||
	    json_object_set_new(o, "event", json_string(kind)) != 0 ||
	    json_object_set_new(o, "id", json_integer(id)) != 0 ||
	    json_object_set_new(o, "at", json_string(at)) != 0 ||
	    json_object_set_new(o, "node", json_string(n->cfg.party)) != 0 ||
	    (text = event_dump(o)) == NULL) {
		r = HL_ENOMEM;
		goto out;
	}
	if ((r = store_prepare(st, "UPDATE events SET body = ? WHERE id = ?",
	    &s)) != 0)
		goto out;
	(void)sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, id);
	if ((r = sqlite3_step(s)) != SQLITE_DONE)
		r = store_note_fail(st, r);
	else
		r = 0;
	store_release(st, s);
out:
	free(text);
	json_decref(o);
	return r;
}

int
events_msg(struct node *n, const char *kind, const char *key,
    const struct event_about *a, const char *detail, int64_t now)
{
	char k[128], due[PROTO_TIME_LEN];
	json_t *o;
	int r;

	if (key == NULL) {
		(void)snprintf(k, sizeof(k), "%s:%s", kind, a->msg);
		key = k;
	}
	if ((o = json_object()) == NULL)
		return HL_ENOMEM;
	if ((r = set_text(o, "peer", a->peer)) != 0 ||
	    (r = set_text(o, "msg", a->msg)) != 0 ||
	    (r = set_text(o, "type", proto_type_names[a->type])) != 0 ||
	    (r = set_text(o, "tier", proto_tier_names[a->tier])) != 0 ||
	    (r = set_text(o, "tlp", proto_tlp_names[a->tlp])) != 0)
		goto out;
	/*
	 * A notifier is a third party (a mail server, a chat service): a
	 * subject marked above GREEN is not for it, and not for a phone's
	 * lock screen either. The id lets the officer look it up.
	 */
	if (a->subject != NULL && a->subject[0] != '\0' &&
	    (a->tlp == TLP_CLEAR || a->tlp == TLP_GREEN) &&
	    (r = set_text(o, "subject", a->subject)) != 0)
		goto out;
	if (a->due != 0) {
		proto_time_format(a->due, due);
		if ((r = set_text(o, "due", due)) != 0)
			goto out;
	}
	if (detail != NULL && (r = set_text(o, "detail", detail)) != 0)
		goto out;
	r = events_add(n, kind, key, o, now);
out:
	json_decref(o);
	return r;
}

/* The standing alarm of a kind and subject, found in the store's list. */
struct alarm_find {
	const char	*kind, *subject;
	bool		 found;
	int64_t		 raised;
	char		 msg[65];
	char		 detail[1024];
};

static int
alarm_find_one(void *arg, const struct alarm *a)
{
	struct alarm_find *f = arg;

	if (strcmp(a->kind, f->kind) != 0 || strcmp(a->subject,
	    f->subject) != 0)
		return 0;
	f->found = true;
	f->raised = a->raised;
	(void)snprintf(f->msg, sizeof(f->msg), "%s", a->msg != NULL ?
	    a->msg : "");
	(void)snprintf(f->detail, sizeof(f->detail), "%s", a->detail != NULL ?
	    a->detail : "");
	return 1;
}

static int
alarm_find(struct node *n, struct alarm_find *f, const char *kind,
    const char *subject)
{
	int r;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->subject = subject;
	r = store_alarm_each(n->st, alarm_find_one, f);
	return r == 1 ? 0 : r;
}

/* An alarm's event: its kind, the peer it names, what it says. */
static int
alarm_event(struct node *n, const char *kind, const struct alarm_find *f,
    const char *what, int64_t now)
{
	char key[64 + HL_MAX_PARTY_LEN + 32];
	json_t *o;
	int r;

	(void)snprintf(key, sizeof(key), "%s:%s:%s:%" PRId64, kind, f->kind,
	    f->subject, f->raised);
	if ((o = json_object()) == NULL)
		return HL_ENOMEM;
	if ((r = set_text(o, "alarm", f->kind)) != 0 ||
	    (f->subject[0] != '\0' && (r = set_text(o, "peer",
	    f->subject)) != 0) ||
	    (f->msg[0] != '\0' && (r = set_text(o, "msg", f->msg)) != 0) ||
	    (r = set_text(o, "detail", what)) != 0)
		goto out;
	r = events_add(n, kind, key, o, now);
out:
	json_decref(o);
	return r;
}

int
events_alarm_raised(struct node *n, const char *kind, const char *subject,
    int64_t now)
{
	struct alarm_find f;
	int r;

	if ((r = alarm_find(n, &f, kind, subject)) != 0 || !f.found)
		return r;
	return alarm_event(n, strcmp(kind, ALARM_UNREACHABLE) == 0 ?
	    "peer-down" : "alarm", &f, f.detail, now);
}

int
events_alarm_clearing(struct node *n, const char *kind, const char *subject,
    int64_t now)
{
	struct alarm_find f;
	char what[128];
	int r;

	if (strcmp(kind, ALARM_UNREACHABLE) != 0)
		return 0;
	if ((r = alarm_find(n, &f, kind, subject)) != 0 || !f.found)
		return r;
	(void)snprintf(what, sizeof(what), "reachable again after %" PRId64
	    " s", now - f.raised);
	return alarm_event(n, "peer-back", &f, what, now);
}

/* A request owed by this node, as the scan reads it. */
struct owed {
	struct msg_row	*m;
	size_t		 n;
};

static int
owed_row(sqlite3_stmt *s, void *arg)
{
	struct owed *o = arg;
	struct msg_row *grown, *m;
	char state[32];

	if ((grown = realloc(o->m, (o->n + 1) * sizeof(*grown))) == NULL)
		return HL_ENOMEM;
	o->m = grown;
	m = &o->m[o->n];
	memset(m, 0, sizeof(*m));
	store_col_text(s, 0, m->id, sizeof(m->id));
	(void)snprintf(m->dir, sizeof(m->dir), "in");
	store_col_text(s, 1, m->peer, sizeof(m->peer));
	store_col_text(s, 2, m->type, sizeof(m->type));
	store_col_text(s, 3, m->tier, sizeof(m->tier));
	store_col_text(s, 4, m->tlp, sizeof(m->tlp));
	store_col_text(s, 5, state, sizeof(state));
	store_col_text(s, 6, m->subject, sizeof(m->subject));
	m->created = sqlite3_column_int64(s, 7);
	m->deadline = sqlite3_column_int64(s, 8);
	m->stored = sqlite3_column_int64(s, 9);
	if (!proto_msg_state_parse(state, &m->state))
		return 0;	/* the table's CHECK says it cannot be */
	o->n++;
	return 0;
}

/* Whether the event key is kept already. */
static bool
event_kept(struct node *n, const char *key)
{
	sqlite3_stmt *s;
	bool kept;

	if (store_prepare(n->st, "SELECT 1 FROM events WHERE key = ?", &s) != 0)
		return false;	/* the insert will say what is wrong */
	(void)sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	kept = sqlite3_step(s) == SQLITE_ROW;
	store_release(n->st, s);
	return kept;
}

/* The thresholds of the time from a request's start to its due time. */
static const struct {
	const char	*kind;
	int		 percent;
} thresholds[] = {
	{ "deadline-50", 50 },
	{ "deadline-90", 90 },
	{ "deadline-passed", 100 },
};
#define NTHRESHOLDS	(sizeof(thresholds) / sizeof(thresholds[0]))

/* A threshold event due for one owed request. */
struct crossed {
	size_t		 row;		/* into struct owed */
	size_t		 t;		/* into thresholds */
	int64_t		 due;
	bool		 final;
	char		 key[128];
};

int
events_scan(struct node *n, int64_t now, int *added)
{
	struct owed o = { NULL, 0 };
	struct crossed *c = NULL, *grown;
	size_t nc = 0;
	int r, count = 0;

	if (added != NULL)
		*added = 0;
	/*
	 * The owed requests (index messages_owed) whose last threshold has
	 * not yet been kept: one that passed is an index look-up or two.
	 * While unanswered, its due time is one (the first answer's, or
	 * the final one's if that is sooner), so either key ends it; once
	 * answered in the interim, only the final one's does.
	 */
	/*
	 * The partial index by name: without statistics the planner would
	 * take the inbox's (dir) index and read every message received.
	 */
	r = store_each_row(n->st, "SELECT id, peer, type, tier, tlp, state, "
	    "subject, created, deadline, stored FROM messages "
	    "INDEXED BY messages_owed "
	    "WHERE dir = 'in' AND type IN ('request', 'query') AND "
	    "state IN ('received', 'answered-interim') AND "
	    "NOT EXISTS (SELECT 1 FROM events WHERE key = 'deadline-passed:' "
	    "|| messages.id || ':final') AND "
	    "(messages.state = 'answered-interim' OR NOT EXISTS (SELECT 1 "
	    "FROM events WHERE key = 'deadline-passed:' || messages.id))",
	    NULL, owed_row, &o);
	if (r != 0)
		goto out;
	for (size_t i = 0; i < o.n; i++) {
		const struct msg_row *m = &o.m[i];
		const char *due_is;
		int64_t due, start;

		if ((r = node_msg_due(n, m, &due, &due_is)) != 0)
			goto out;
		if (due == 0)
			continue;
		start = report_start(m->created, m->stored);
		for (size_t t = 0; t < NTHRESHOLDS; t++) {
			int64_t at = start + (due - start) *
			    thresholds[t].percent / 100;
			bool final = strcmp(due_is, "final") == 0;
			char key[128];

			if (at > now)
				break;
			(void)snprintf(key, sizeof(key), "%s:%s%s",
			    thresholds[t].kind, m->id, final ? ":final" : "");
			if (event_kept(n, key))
				continue;
			if ((grown = realloc(c, (nc + 1) *
			    sizeof(*grown))) == NULL) {
				r = HL_ENOMEM;
				goto out;
			}
			c = grown;
			c[nc].row = i;
			c[nc].t = t;
			c[nc].due = due;
			c[nc].final = final;
			(void)snprintf(c[nc].key, sizeof(c[nc].key), "%s", key);
			nc++;
		}
	}
	/* Nothing new, no transaction: this runs once a second. */
	if (nc == 0)
		goto out;
	if ((r = store_begin(n->st)) != 0)
		goto out;
	for (size_t i = 0; i < nc && r == 0; i++) {
		const struct msg_row *m = &o.m[c[i].row];
		struct event_about a;
		char detail[256];
		int64_t left = c[i].due - now;

		memset(&a, 0, sizeof(a));
		a.peer = m->peer;
		a.msg = m->id;
		a.type = (enum msg_type)proto_lookup(proto_type_names, m->type);
		a.tier = (enum tier)proto_lookup(proto_tier_names, m->tier);
		a.tlp = (enum tlp)proto_lookup(proto_tlp_names, m->tlp);
		a.subject = m->subject;
		a.due = c[i].due;
		if (thresholds[c[i].t].percent == 100)
			(void)snprintf(detail, sizeof(detail), "the %s answer "
			    "owed to %s was due %" PRId64 " s ago",
			    c[i].final ? "final" : "first", m->peer,
			    left < 0 ? -left : 0);
		else
			(void)snprintf(detail, sizeof(detail), "%d %% of the "
			    "time for the %s answer owed to %s is gone: "
			    "%" PRId64 " s left", thresholds[c[i].t].percent,
			    c[i].final ? "final" : "first", m->peer,
			    left > 0 ? left : 0);
		if ((r = events_msg(n, thresholds[c[i].t].kind, c[i].key, &a,
		    detail, now)) == 0)
			count++;
	}
	if (r == 0 && (r = store_commit(n->st)) != 0)
		r = HL_EDB;
	if (r != 0) {
		store_rollback(n->st);
		count = 0;
	}
out:
	if (added != NULL)
		*added = count;
	free(o.m);
	free(c);
	return r;
}

int
events_next(struct node *n, const char *sink, struct event *out)
{
	struct store *st = n->st;
	sqlite3_stmt *s;
	const unsigned char *body;
	int r;

	memset(out, 0, sizeof(*out));
	store_note_clear(st);
	if ((r = store_prepare(st, "SELECT id, kind, at, body FROM events "
	    "WHERE id > coalesce((SELECT done FROM notify_sinks "
	    "WHERE sink = ?), 0) ORDER BY id LIMIT 1", &s)) != 0)
		return r;
	(void)sqlite3_bind_text(s, 1, sink, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(s)) == SQLITE_DONE)
		r = HL_ENOTFOUND;
	else if (r != SQLITE_ROW)
		r = store_note_fail(st, r);
	else {
		out->id = sqlite3_column_int64(s, 0);
		store_col_text(s, 1, out->kind, sizeof(out->kind));
		out->at = sqlite3_column_int64(s, 2);
		body = sqlite3_column_text(s, 3);
		r = (out->body = strdup(body != NULL ? (const char *)body :
		    "")) == NULL ? HL_ENOMEM : 0;
	}
	store_release(st, s);
	return r;
}

int
events_handled(struct node *n, const char *sink, int64_t id)
{
	struct store *st = n->st;
	sqlite3_stmt *s;
	int r;

	store_note_clear(st);
	/* Never back: a sink's progress only grows. */
	if ((r = store_prepare(st, "INSERT INTO notify_sinks (sink, done) "
	    "VALUES (?1, ?2) ON CONFLICT (sink) DO UPDATE SET "
	    "done = max(done, excluded.done)", &s)) != 0)
		return r;
	(void)sqlite3_bind_text(s, 1, sink, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 2, id);
	r = (r = sqlite3_step(s)) == SQLITE_DONE ? 0 : store_note_fail(st, r);
	store_release(st, s);
	return r;
}

void
event_done(struct event *e)
{
	free(e->body);
	e->body = NULL;
}
