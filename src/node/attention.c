/*
 * The attention queue. See attention.h.
 *
 * Each kind is one query of the node's tables, in the order the queue
 * lists that kind, and keeps at most HL_ATTENTION_MAX items: whatever a
 * peer sends, the queue is bounded, and the count of what it left out
 * is exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention.h"
#include "limits.h"
#include "report.h"
#include "store_int.h"
#include "view.h"

const char *const att_kind_names[ATT_COUNT + 1] = {
	"owed", "answer", "unanswered", "undelivered", "peer", "unwitnessed",
	"alarm", "card-expiry", NULL
};

/* Where each kind goes among those without a due time (attention.h). */
static const int kind_rank[ATT_COUNT] = {
	[ATT_ALARM] = 0, [ATT_PEER] = 1, [ATT_UNDELIVERED] = 2,
	[ATT_UNWITNESSED] = 3, [ATT_UNANSWERED] = 4, [ATT_ANSWER] = 5,
	[ATT_OWED] = 6, [ATT_CARD_EXPIRY] = 7,
};

struct build {
	struct node		*n;
	struct attention	*a;
	size_t			 cap;
	size_t			 kind_n;	/* kept of the kind being built */
	size_t			 total;		/* seen, kept or not */
};

/* A new item of kind at the end; NULL when the kind is full or no memory. */
static struct att_item *
item_new(struct build *b, enum att_kind kind, int *err)
{
	struct attention *a = b->a;
	struct att_item *it;

	*err = 0;
	b->total++;
	/* Sorted, the first HL_ATTENTION_MAX of a kind are all it can give. */
	if (b->kind_n >= HL_ATTENTION_MAX)
		return NULL;
	if (a->n == b->cap) {
		size_t cap = b->cap == 0 ? 64 : b->cap * 2;
		struct att_item *v = realloc(a->v, cap * sizeof(*v));

		if (v == NULL) {
			*err = HL_ENOMEM;
			return NULL;
		}
		a->v = v;
		b->cap = cap;
	}
	b->kind_n++;
	it = &a->v[a->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

static void
item_msg(struct att_item *it, const struct msg_row *m)
{
	(void)snprintf(it->msg, sizeof(it->msg), "%s", m->id);
	(void)snprintf(it->peer, sizeof(it->peer), "%s", m->peer);
	(void)snprintf(it->type, sizeof(it->type), "%s", m->type);
	(void)snprintf(it->tier, sizeof(it->tier), "%s", m->tier);
	(void)snprintf(it->tlp, sizeof(it->tlp), "%s", m->tlp);
	(void)snprintf(it->subject, sizeof(it->subject), "%s", m->subject);
}

void
attention_span(int64_t s, char *out, size_t n)
{
	int64_t a = s < 0 ? -s : s;

	if (a < 60)
		(void)snprintf(out, n, "%llds", (long long)a);
	else if (a < 3600)
		(void)snprintf(out, n, "%lldm", (long long)(a / 60));
	else if (a < 86400 && a % 3600 / 60 != 0)
		(void)snprintf(out, n, "%lldh %lldm", (long long)(a / 3600),
		    (long long)(a % 3600 / 60));
	else if (a < 86400)
		(void)snprintf(out, n, "%lldh", (long long)(a / 3600));
	else if (a % 86400 / 3600 != 0)
		(void)snprintf(out, n, "%lldd %lldh", (long long)(a / 86400),
		    (long long)(a % 86400 / 3600));
	else
		(void)snprintf(out, n, "%lldd", (long long)(a / 86400));
}

/* Runs sql (parameters bound by bind) and calls row for each result. */
static int
each(struct build *b, const char *sql, void (*bind)(struct build *b,
    sqlite3_stmt *s), int (*row)(struct build *b, sqlite3_stmt *s))
{
	struct store *st = b->n->st;
	sqlite3_stmt *s;
	int r = 0, rc = SQLITE_DONE;

	b->kind_n = 0;
	if (store_prepare(st, sql, &s) != 0)
		return HL_EDB;
	if (bind != NULL)
		bind(b, s);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r = row(b, s);
	if (r == 0 && rc != SQLITE_DONE)
		r = store_note_fail(st, rc);
	store_release(st, s);
	return r;
}

static void
bind_now_tiers(struct build *b, sqlite3_stmt *s)
{
	(void)sqlite3_bind_int64(s, 1, b->a->now);
	for (int t = 0; t < TIER_COUNT; t++)
		(void)sqlite3_bind_int64(s, 2 + t,
		    config_final_response(&b->n->cfg, t));
}

/*
 * Owed: the requests and queries received that want an answer, in
 * messages_owed's own WHERE, soonest due first. The due time is
 * store_owed_due()'s, the status tally's rule, by this node's policy
 * toward the sender's tier.
 */
static int
owed_row(struct build *b, sqlite3_stmt *s)
{
	struct att_item *it;
	struct msg_row m;
	char left[32];
	bool final;
	int r;

	if ((r = store_msg_row(s, &m)) != 0)
		return r;
	if ((it = item_new(b, ATT_OWED, &r)) == NULL)
		return r;
	item_msg(it, &m);
	it->due = store_owed_due(m.created, m.stored, m.deadline, m.state,
	    config_final_response(&b->n->cfg, proto_lookup(proto_tier_names,
	    m.tier)), &final);
	(void)snprintf(it->due_is, sizeof(it->due_is), "%s", final ?
	    "final" : "first");
	it->since = m.stored;
	attention_span(it->due - b->a->now, left, sizeof(left));
	if (it->due > b->a->now)
		(void)snprintf(it->detail, sizeof(it->detail), "%s answer due "
		    "in %s", it->due_is, left);
	else
		(void)snprintf(it->detail, sizeof(it->detail), "%s answer %s "
		    "late", it->due_is, left);
	return 0;
}

#define OWED_DUE "hl_owed_due(created, stored, coalesce(deadline, 0), " \
	"state, CASE tier WHEN 'cert' THEN ?2 WHEN 'nrrc' THEN ?3 ELSE ?4 END)"

static int
build_owed(struct build *b)
{
	/* What is owed is a few rows of the inbox: messages_owed's. */
	return each(b, "SELECT " MSG_COLUMNS " FROM messages INDEXED BY "
	    "messages_owed WHERE dir = 'in' AND "
	    "type IN ('request', 'query') AND "
	    "state IN ('received', 'answered-interim') "
	    "ORDER BY " OWED_DUE ", stored, id", bind_now_tiers, owed_row);
}

/*
 * Contact checks received that nobody has acknowledged: owed too, due
 * by the check's deadline counted from this node's receipt (stored),
 * as a request's first answer is. Run after build_owed(), whose kind
 * they share.
 */
static int
check_owed_row(struct build *b, sqlite3_stmt *s)
{
	struct att_item *it;
	struct msg_row m;
	char left[32];
	int r;

	if ((r = store_msg_row(s, &m)) != 0)
		return r;
	if ((it = item_new(b, ATT_OWED, &r)) == NULL)
		return r;
	item_msg(it, &m);
	it->due = report_due(m.created, m.deadline, m.stored);
	(void)snprintf(it->due_is, sizeof(it->due_is), "ack");
	it->since = m.stored;
	attention_span(it->due - b->a->now, left, sizeof(left));
	(void)snprintf(it->detail, sizeof(it->detail), "contact check from "
	    "%s: %s %s%s", m.peer, it->due > b->a->now ? "acknowledge within" :
	    "acknowledgement", left, it->due > b->a->now ? "" : " late");
	return 0;
}

static int
build_checks_owed(struct build *b)
{
	size_t kept = b->kind_n;
	int r;

	/* The inbox's received contact checks, soonest due first. */
	r = each(b, "SELECT " MSG_COLUMNS " FROM messages INDEXED BY "
	    "messages_checks_owed WHERE dir = 'in' AND "
	    "type = 'contact-check' AND state = 'received' "
	    "ORDER BY stored + deadline - created, stored, id", NULL,
	    check_owed_row);
	b->kind_n += kept;
	return r;
}

/*
 * Answers: responses received that nobody has read, oldest first, with
 * the request's subject when the answer has none of its own.
 */
static int
answer_row(struct build *b, sqlite3_stmt *s)
{
	struct att_item *it;
	struct msg_row m;
	char ref[65], status[16], subject[HL_MAX_SUBJECT_LEN + 1];
	int r;

	if ((r = store_msg_row(s, &m)) != 0)
		return r;
	if ((it = item_new(b, ATT_ANSWER, &r)) == NULL)
		return r;
	item_msg(it, &m);
	store_col_text(s, 12, ref, sizeof(ref));
	store_col_text(s, 13, status, sizeof(status));
	store_col_text(s, 14, subject, sizeof(subject));
	if (it->subject[0] == '\0')
		(void)snprintf(it->subject, sizeof(it->subject), "%s", subject);
	it->since = m.stored;
	(void)snprintf(it->detail, sizeof(it->detail), "%s answer to %.12s",
	    strcmp(status, "final") == 0 ? "final" : "interim",
	    ref[0] != '\0' ? ref : "?");
	return 0;
}

static int
build_answers(struct build *b)
{
	return each(b, "SELECT " MSG_COLUMNS ", "
	    "coalesce(json_extract(refs, '$[0]'), ''), "
	    "coalesce(json_extract(CAST(raw AS TEXT), '$.body.status'), ''), "
	    "coalesce((SELECT q.subject FROM messages q WHERE "
	    "  q.id = json_extract(m.refs, '$[0]') AND q.dir = 'out'), '') "
	    "FROM messages m WHERE dir = 'in' AND type = 'response' AND "
	    "NOT EXISTS (SELECT 1 FROM msg_reads r WHERE r.id = m.id) "
	    "ORDER BY stored, id", NULL, answer_row);
}

/* Unanswered: requests sent that are overdue or escalated. */
static int
unanswered_row(struct build *b, sqlite3_stmt *s)
{
	struct att_item *it;
	struct msg_row m;
	int r;

	if ((r = store_msg_row(s, &m)) != 0)
		return r;
	if ((it = item_new(b, ATT_UNANSWERED, &r)) == NULL)
		return r;
	item_msg(it, &m);
	it->since = m.deadline != 0 ? m.deadline : m.created;
	(void)snprintf(it->detail, sizeof(it->detail), "%s%s",
	    strcmp(m.type, "contact-check") == 0 ? "contact check not "
	    "acknowledged by its deadline" : sqlite3_column_int64(s, 12) > 0 ?
	    "no final answer in time" : "no answer by its deadline",
	    m.state == MSTATE_ESCALATED ? "; escalated" : "");
	return 0;
}

static int
build_unanswered(struct build *b)
{
	return each(b, "SELECT " MSG_COLUMNS ", "
	    "(SELECT count(*) FROM messages a WHERE a.type = 'response' AND "
	    "  json_extract(a.refs, '$[0]') = m.id AND a.dir = 'in') "
	    "FROM messages m WHERE dir = 'out' AND type IN ('request', "
	    "'contact-check') AND state IN ('overdue', 'escalated') "
	    "ORDER BY coalesce(nullif(deadline, 0), created), id", NULL,
	    unanswered_row);
}

/*
 * Undelivered: sent, with no receipt unreachable_after after it was
 * queued (messages_undelivered), or refused by the peer (the refused
 * alarm names it), oldest first.
 */
static int
undelivered_row(struct build *b, sqlite3_stmt *s)
{
	struct att_item *it;
	struct msg_row m;
	char ago[32], refused[256];
	int r;

	if ((r = store_msg_row(s, &m)) != 0)
		return r;
	if ((it = item_new(b, ATT_UNDELIVERED, &r)) == NULL)
		return r;
	item_msg(it, &m);
	it->since = m.stored;
	store_col_text(s, 12, refused, sizeof(refused));
	attention_span(b->a->now - m.stored, ago, sizeof(ago));
	if (sqlite3_column_type(s, 12) != SQLITE_NULL)
		(void)snprintf(it->detail, sizeof(it->detail), "refused: %.200s",
		    refused);
	else
		(void)snprintf(it->detail, sizeof(it->detail), "no receipt "
		    "for %s", ago);
	return 0;
}

static void
bind_unreachable(struct build *b, sqlite3_stmt *s)
{
	(void)sqlite3_bind_int64(s, 1, b->a->now -
	    b->n->cfg.unreachable_after);
}

static int
build_undelivered(struct build *b)
{
	return each(b, "SELECT " MSG_COLUMNS ", "
	    "(SELECT detail FROM alarms a WHERE a.kind = 'refused' AND "
	    "  a.msg = m.id) AS refused "
	    "FROM messages m WHERE dir = 'out' AND receipt IS NULL AND "
	    "(stored <= ?1 OR refused IS NOT NULL) ORDER BY stored, id",
	    bind_unreachable, undelivered_row);
}

/* Peers: unreachable (the alarm), or the last ping unanswered. */
struct peer_ctx {
	struct build	*b;
	int		 err;
};

static int
peer_alarm(void *arg, const struct alarm *a)
{
	struct peer_ctx *c = arg;
	struct att_item *it;
	char t[PROTO_TIME_LEN];

	if (strcmp(a->kind, ALARM_UNREACHABLE) != 0)
		return 0;
	if ((it = item_new(c->b, ATT_PEER, &c->err)) == NULL)
		return c->err;
	(void)snprintf(it->peer, sizeof(it->peer), "%s", a->subject);
	it->since = a->raised;
	proto_time_format(a->raised, t);
	(void)snprintf(it->detail, sizeof(it->detail), "unreachable since %s",
	    t);
	return 0;
}

static bool
has_item(const struct attention *a, enum att_kind kind, const char *peer)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].kind == kind && strcmp(a->v[i].peer, peer) == 0)
			return true;
	return false;
}

/*
 * A ping is given the time a message has to be receipted: one just sent
 * is on its way, not failed.
 */
static int
peer_ping(void *arg, const char *peer, int64_t sent, enum msg_state state,
    int64_t rtt_ms)
{
	struct peer_ctx *c = arg;
	struct att_item *it;
	char ago[32];

	if (rtt_ms >= 0 || state == MSTATE_ANSWERED ||
	    sent > c->b->a->now - c->b->n->cfg.unreachable_after ||
	    has_item(c->b->a, ATT_PEER, peer))
		return 0;
	if ((it = item_new(c->b, ATT_PEER, &c->err)) == NULL)
		return c->err;
	(void)snprintf(it->peer, sizeof(it->peer), "%s", peer);
	it->since = sent;
	attention_span(c->b->a->now - sent, ago, sizeof(ago));
	(void)snprintf(it->detail, sizeof(it->detail), "last ping, %s ago, "
	    "has had no pong", ago);
	return 0;
}

static int
build_peers(struct build *b)
{
	struct peer_ctx c = { .b = b };
	int r;

	b->kind_n = 0;
	if ((r = store_alarm_each(b->n->st, peer_alarm, &c)) != 0)
		return r;
	return store_last_pings(b->n->st, peer_ping, &c);
}

/*
 * Unwitnessed: no peer has cosigned this node's log for twice
 * cosign_refresh (the daemon asks each peer every cosign_refresh), or
 * none ever has since the first peer was pinned.
 */
static int
latest_row(sqlite3_stmt *s, void *ctx)
{
	int64_t *v = ctx;

	v[0] = sqlite3_column_int64(s, 0);
	v[1] = sqlite3_column_int64(s, 1);
	v[2] = sqlite3_column_int64(s, 2);
	return 0;
}

static int
build_unwitnessed(struct build *b)
{
	struct config *cfg = &b->n->cfg;
	struct att_item *it;
	char t[PROTO_TIME_LEN];
	int64_t v[3] = { 0, 0, 0 };	/* peers, first pinned, cosigned */
	int r;

	b->kind_n = 0;
	if (cfg->cosign_refresh <= 0)
		return 0;
	if ((r = store_each_row(b->n->st, "SELECT (SELECT count(*) FROM "
	    "peers), (SELECT coalesce(min(added), 0) FROM peers), "
	    "(SELECT coalesce(max(time), 0) FROM cosignatures)", NULL,
	    latest_row, v)) != 0)
		return r;
	if (v[0] == 0 || (v[2] > 0 ? v[2] : v[1]) >
	    b->a->now - 2 * cfg->cosign_refresh)
		return 0;
	if ((it = item_new(b, ATT_UNWITNESSED, &r)) == NULL)
		return r;
	it->since = v[2] > 0 ? v[2] : v[1];
	proto_time_format(it->since, t);
	if (v[2] > 0)
		(void)snprintf(it->detail, sizeof(it->detail), "log not "
		    "cosigned by a peer since %s", t);
	else
		(void)snprintf(it->detail, sizeof(it->detail), "log never "
		    "cosigned by a peer");
	return 0;
}

/* Alarms: every one standing, and equivocation evidence (status's). */
static int
alarm_one(void *arg, const struct alarm *a)
{
	struct peer_ctx *c = arg;
	struct att_item *it;

	if ((it = item_new(c->b, ATT_ALARM, &c->err)) == NULL)
		return c->err;
	(void)snprintf(it->peer, sizeof(it->peer), "%s", a->subject);
	if (a->msg != NULL)
		(void)snprintf(it->msg, sizeof(it->msg), "%s", a->msg);
	it->since = a->raised;
	(void)snprintf(it->detail, sizeof(it->detail), "%.32s: %.200s", a->kind,
	    a->detail);
	return 0;
}

static int
alarm_equivocation(void *arg, const char *origin, int64_t found,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn)
{
	struct peer_ctx *c = arg;
	struct att_item *it;

	(void)old_note;
	(void)oldn;
	(void)new_note;
	(void)newn;
	if ((it = item_new(c->b, ATT_ALARM, &c->err)) == NULL)
		return c->err;
	(void)snprintf(it->peer, sizeof(it->peer), "%s", origin);
	it->since = found;
	(void)snprintf(it->detail, sizeof(it->detail), "equivocation: signed "
	    "checkpoints that are not consistent");
	return 0;
}

static int
build_alarms(struct build *b)
{
	struct peer_ctx c = { .b = b };
	int r;

	b->kind_n = 0;
	if ((r = store_alarm_each(b->n->st, alarm_one, &c)) != 0)
		return r;
	return store_equivocation_each(b->n->st, alarm_equivocation, &c);
}

/* attention.h's order; the rest of the fields make it total. */
static int
item_cmp(const void *pa, const void *pb)
{
	const struct att_item *a = pa, *b = pb;
	int c;

	if ((a->due != 0) != (b->due != 0))
		return a->due != 0 ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (kind_rank[a->kind] != kind_rank[b->kind])
		return kind_rank[a->kind] < kind_rank[b->kind] ? -1 : 1;
	if (a->since != b->since)
		return a->since < b->since ? -1 : 1;
	if ((c = strcmp(a->peer, b->peer)) != 0)
		return c;
	if ((c = strcmp(a->msg, b->msg)) != 0)
		return c;
	return strcmp(a->detail, b->detail);
}

/* A card within HL_CARD_WARN_DAYS of its not_after, or past it. */
static int
card_expiry(struct build *b, const struct card *c, bool own)
{
	int64_t now = b->a->now, left = c->not_after - now;
	struct att_item *it;
	char t[PROTO_TIME_LEN], span[32];
	int err;

	if (c->v < 2 || left > (int64_t)HL_CARD_WARN_DAYS * 86400)
		return 0;
	if ((it = item_new(b, ATT_CARD_EXPIRY, &err)) == NULL)
		return err;
	if (!own)
		(void)snprintf(it->peer, sizeof(it->peer), "%s", c->party);
	it->due = c->not_after;
	it->since = c->not_after - (int64_t)HL_CARD_WARN_DAYS * 86400;
	proto_time_format(c->not_after, t);
	attention_span(left, span, sizeof(span));
	(void)snprintf(it->detail, sizeof(it->detail), "%s card (serial %lld) "
	    "%s %s (%s%s)%s", own ? "this node's" : "the pinned",
	    (long long)c->serial, left > 0 ? "expires" : "expired", t,
	    left > 0 ? "in " : "", left > 0 ? span : "past", own ?
	    ": renew it with hotline key rotate --identity FILE" : "");
	return 0;
}

static int
build_card_expiry(struct build *b)
{
	struct peer_list pl;
	int r;

	b->kind_n = 0;
	if ((r = card_expiry(b, &b->n->card, true)) != 0)
		return r;
	if ((r = store_peer_list(b->n->st, &pl)) != 0)
		return r;
	for (size_t i = 0; r == 0 && i < pl.n; i++)
		r = card_expiry(b, &pl.c[i], false);
	free(pl.c);
	return r;
}

int
attention_build(struct node *n, int64_t now, struct attention *out)
{
	struct build b = { .n = n, .a = out };
	int r;

	memset(out, 0, sizeof(*out));
	out->now = now;
	/* One snapshot for every kind: the queue is one moment's. */
	if ((r = store_begin_read(n->st)) != 0)
		return r;
	if ((r = build_owed(&b)) != 0 || (r = build_checks_owed(&b)) != 0 ||
	    (r = build_answers(&b)) != 0 ||
	    (r = build_unanswered(&b)) != 0 ||
	    (r = build_undelivered(&b)) != 0 || (r = build_peers(&b)) != 0 ||
	    (r = build_unwitnessed(&b)) != 0 || (r = build_alarms(&b)) != 0 ||
	    (r = build_card_expiry(&b)) != 0) {
		store_rollback(n->st);
		attention_done(out);
		return r;
	}
	store_rollback(n->st);
	if (out->n > 0)
		qsort(out->v, out->n, sizeof(*out->v), item_cmp);
	if (out->n > HL_ATTENTION_MAX)
		out->n = HL_ATTENTION_MAX;
	out->more = b.total - out->n;
	return 0;
}

void
attention_done(struct attention *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* key: s, unless s is "". */
static int
set_str(json_t *o, const char *key, const char *s)
{
	return s[0] == '\0' || json_object_set_new(o, key,
	    json_string(s)) == 0 ? 0 : HL_ENOMEM;
}

static json_t *
item_json(const struct att_item *it, int64_t now)
{
	char since[PROTO_TIME_LEN], due[PROTO_TIME_LEN];
	json_t *o;

	proto_time_format(it->since, since);
	if ((o = json_pack("{s:s}", "kind", att_kind_names[it->kind])) ==
	    NULL)
		return NULL;
	if (set_str(o, "msg", it->msg) != 0 ||
	    set_str(o, "peer", it->peer) != 0 ||
	    set_str(o, "type", it->type) != 0 ||
	    set_str(o, "tier", it->tier) != 0 ||
	    set_str(o, "tlp", it->tlp) != 0 ||
	    set_str(o, "subject", it->subject) != 0)
		goto fail;
	if (it->due != 0) {
		proto_time_format(it->due, due);
		if (set_str(o, "due", due) != 0 ||
		    set_str(o, "due_is", it->due_is) != 0 ||
		    json_object_set_new(o, "left_s",
		    json_integer(it->due - now)) != 0)
			goto fail;
	}
	if (json_object_set_new(o, "late", json_boolean(it->due != 0 &&
	    it->due <= now)) != 0 || set_str(o, "since", since) != 0 ||
	    set_str(o, "detail", it->detail) != 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

json_t *
attention_json(const struct attention *a)
{
	char now[PROTO_TIME_LEN];
	json_t *o, *items;

	proto_time_format(a->now, now);
	if ((items = json_array()) == NULL)
		return NULL;
	for (size_t i = 0; i < a->n; i++)
		if (json_array_append_new(items, item_json(&a->v[i],
		    a->now)) != 0) {
			json_decref(items);
			return NULL;
		}
	o = json_pack("{s:s, s:I, s:o, s:I}", "now", now, "count",
	    (json_int_t)a->n, "items", items, "more", (json_int_t)a->more);
	return o;
}
