/*
 * What the front ends show, as JSON. See present.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "jcs.h"
#include "limits.h"
#include "note.h"
#include "present.h"
#include "report.h"
#include "store_int.h"
#include "view.h"

/* Sets key to a new value v (consumed), or says why not. */
static int
set_new(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0 ? 0 :
	    HL_ENOMEM;
}

static json_t *
time_json(int64_t t)
{
	char s[PROTO_TIME_LEN];

	proto_time_format(t, s);
	return json_string(s);
}

/*
 * A response's, notice's or contact-ack's first ref: what it answers or
 * is about.
 */
void
present_reply_to(struct node *n, const struct msg_row *m, char out[static 65])
{
	sqlite3_stmt *s;

	out[0] = '\0';
	if ((strcmp(m->type, "response") != 0 &&
	    strcmp(m->type, "notice") != 0 &&
	    strcmp(m->type, "contact-ack") != 0) ||
	    store_prepare(n->st, "SELECT json_extract(refs, '$[0]') FROM "
	    "messages WHERE id = ?", &s) != 0)
		return;
	(void)sqlite3_bind_text(s, 1, m->id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		store_col_text(s, 0, out, 65);
	store_release(n->st, s);
}

/*
 * Whether m, a request or query received, is past its due time at now:
 * the rule of the tally and of the queue (store_owed_due()), by this
 * node's policy toward the sender's tier. A contact check received is
 * late unacknowledged past its deadline, counted from its receipt.
 */
bool
present_late(struct node *n, const struct msg_row *m, int64_t now)
{
	int64_t due;

	if (strcmp(m->dir, "in") != 0)
		return false;
	/* A contact check: acknowledged by its deadline, from our receipt. */
	if (strcmp(m->type, "contact-check") == 0)
		return m->state == MSTATE_RECEIVED && report_due(m->created,
		    m->deadline, m->stored) <= now;
	due = store_owed_due(m->created, m->stored, m->deadline, m->state,
	    config_final_response(&n->cfg, proto_lookup(proto_tier_names,
	    m->tier)), NULL);
	return due != 0 && due <= now;
}

json_t *
present_msg(struct node *n, const struct msg_row *m, int64_t now)
{
	char created[PROTO_TIME_LEN], stored[PROTO_TIME_LEN];
	char ref[65];
	bool in = strcmp(m->dir, "in") == 0;
	json_t *o;

	proto_time_format(m->created, created);
	proto_time_format(m->stored, stored);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}",
	    "id", m->id, "dir", m->dir, "peer", m->peer, "type", m->type,
	    "tier", m->tier, "seq", (json_int_t)m->seq, "created", created,
	    "tlp", m->tlp, "state", proto_state_names[m->state], "stored",
	    stored);
	if (o == NULL)
		return NULL;
	/* A row without its deadline or subject would misinform a script. */
	if ((m->deadline != 0 && set_new(o, "deadline",
	    time_json(m->deadline)) != 0) || (m->subject[0] != '\0' &&
	    set_new(o, "subject", json_string(m->subject)) != 0))
		goto fail;
	present_reply_to(n, m, ref);
	if (ref[0] != '\0' && set_new(o, "reply_to", json_string(ref)) != 0)
		goto fail;
	if (in && (strcmp(m->type, "request") == 0 ||
	    strcmp(m->type, "query") == 0 ||
	    strcmp(m->type, "contact-check") == 0) && set_new(o, "late",
	    json_boolean(present_late(n, m, now))) != 0)
		goto fail;
	if (in && strcmp(m->type, "response") == 0 && set_new(o, "read",
	    json_boolean(node_msg_is_read(n, m->id))) != 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

struct answers_ctx {
	struct node	*n;
	json_t		*arr;
	int64_t		 now;
};

static int
add_answer(void *arg, const struct msg_row *m)
{
	struct answers_ctx *c = arg;

	return json_array_append_new(c->arr, present_msg(c->n, m, c->now)) ==
	    0 ? 0 : HL_ENOMEM;
}

/*
 * The log leaf of message m: for one received, the leaf this node's
 * receipt names; for one sent, the first leaf about it (a scan of the
 * log: show is one message at a time). -1 if none.
 */
static int64_t
msg_leaf(struct node *n, const struct msg_row *m, const json_t *receipt)
{
	sqlite3_stmt *s;
	int64_t leaf = -1;

	if (strcmp(m->dir, "in") == 0)
		return json_is_integer(json_object_get(receipt, "leaf")) ?
		    json_integer_value(json_object_get(receipt, "leaf")) : -1;
	if (store_prepare(n->st, "SELECT min(idx) FROM log_leaves WHERE "
	    "json_extract(CAST(data AS TEXT), '$.msg.id') = ?", &s) != 0)
		return -1;
	(void)sqlite3_bind_text(s, 1, m->id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) == SQLITE_INTEGER)
		leaf = sqlite3_column_int64(s, 0);
	store_release(n->st, s);
	return leaf;
}

int
present_message(struct node *n, const char *idprefix, int64_t now,
    json_t **out, struct hl_diag *d)
{
	struct answers_ctx ac = { .n = n, .now = now };
	struct msg_row m;
	json_t *o = NULL, *env = NULL, *receipt = NULL;
	struct buf rb;
	int64_t leaf;
	int r;

	*out = NULL;
	buf_init(&rb, HL_MAX_RECEIPT_BYTES);
	if ((r = node_msg_get(n, idprefix, true, &m, d)) != 0)
		goto done;
	if ((r = jcs_parse(m.raw, m.rawlen, HL_MAX_ENVELOPE_DEPTH, 0, &env,
	    d)) != 0)
		goto out;
	jcs_show_ints(env);
	if (node_msg_receipt(n, m.id, &rb) == 0 &&
	    jcs_parse(rb.p, rb.len, 2, 0, &receipt, NULL) == 0)
		jcs_show_ints(receipt);
	r = HL_ENOMEM;
	if ((o = present_msg(n, &m, now)) == NULL ||
	    json_object_set(o, "envelope", env) != 0 ||
	    (receipt != NULL && json_object_set(o, "receipt", receipt) != 0) ||
	    (ac.arr = json_array()) == NULL ||
	    json_object_set_new(o, "answers", ac.arr) != 0)
		goto out;
	/* The answers either way: ours to a request received, or theirs. */
	if ((r = node_answers_added(n, strcmp(m.dir, "in") == 0 ? "out" :
	    "in", m.id, add_answer, &ac)) != 0)
		goto out;
	if ((leaf = msg_leaf(n, &m, receipt)) >= 0 && (r = set_new(o, "leaf",
	    json_integer(leaf))) != 0)
		goto out;
	*out = o;
	o = NULL;
	r = 0;
out:
	if (r != 0 && d != NULL && d->msg[0] == '\0')
		(void)hl_diag_set(d, r, NULL, "%s", hl_strerror(r));
	json_decref(o);
	json_decref(env);
	json_decref(receipt);
	msg_row_done(&m);
done:
	buf_done(&rb);
	return r;
}

/* status's lists, each into its own array. */
static int
add_cosigner(void *arg, uint64_t size, const char *cosigner, const char *line)
{
	(void)size;
	(void)line;
	return json_array_append_new(arg, json_string(cosigner)) == 0 ? 0 :
	    HL_ENOMEM;
}

static int
add_witnessed(void *arg, const char *origin, uint64_t size, int64_t time)
{
	char t[PROTO_TIME_LEN];

	proto_time_format(time, t);
	return json_array_append_new(arg, json_pack("{s:s, s:I, s:s}",
	    "origin", origin, "size", (json_int_t)size, "cosigned", t)) == 0 ?
	    0 : HL_ENOMEM;
}

static int
add_ping(void *arg, const char *peer, int64_t sent, enum msg_state state,
    int64_t rtt_ms)
{
	char t[PROTO_TIME_LEN];
	json_t *p;

	proto_time_format(sent, t);
	p = json_pack("{s:s, s:s, s:s}", "peer", peer, "sent", t, "state",
	    proto_state_names[state]);
	if (p != NULL && rtt_ms >= 0 &&
	    json_object_set_new(p, "rtt_ms", json_integer(rtt_ms)) != 0) {
		json_decref(p);
		p = NULL;
	}
	return json_array_append_new(arg, p) == 0 ? 0 : HL_ENOMEM;
}

static int
add_contact(void *arg, const char *peer, int64_t checks, int64_t overdue,
    int64_t last)
{
	return json_array_append_new(arg, json_pack("{s:s, s:o, s:I, s:I}",
	    "peer", peer, "at", proto_time_json(last), "checks",
	    (json_int_t)checks, "overdue", (json_int_t)overdue)) == 0 ? 0 :
	    HL_ENOMEM;
}

/* The size a stored note claims, or -1. */
static json_int_t
note_size(const uint8_t *p, size_t n)
{
	struct checkpoint c;
	struct note *nt;
	json_int_t size = -1;

	if (note_parse(p, n, &nt, NULL) == 0) {
		if (checkpoint_parse(nt->buf, nt->textlen, &c, NULL) == 0)
			size = (json_int_t)c.size;
		note_free(nt);
	}
	return size;
}

static int
add_equivocation(void *arg, const char *origin, int64_t found,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn)
{
	char t[PROTO_TIME_LEN];

	proto_time_format(found, t);
	return json_array_append_new(arg, json_pack("{s:s, s:s, s:I, s:I}",
	    "origin", origin, "found", t, "cosigned_size",
	    note_size(old_note, oldn), "conflicting_size",
	    note_size(new_note, newn))) == 0 ? 0 : HL_ENOMEM;
}

static int
add_alarm(void *arg, const struct alarm *a)
{
	char raised[PROTO_TIME_LEN], seen[PROTO_TIME_LEN];
	json_t *o;

	proto_time_format(a->raised, raised);
	proto_time_format(a->seen, seen);
	o = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:I}", "kind",
	    a->kind, "peer", a->subject[0] != '\0' ? a->subject : NULL, "msg",
	    a->msg, "detail", a->detail, "raised", raised, "seen", seen,
	    "count", (json_int_t)a->count);
	return json_array_append_new(arg, o) == 0 ? 0 : HL_ENOMEM;
}

/* Equivocation evidence is an alarm too, for as long as it is kept. */
static int
equivocation_alarms(json_t *alarms, json_t *equiv)
{
	size_t i;
	json_t *x;
	char detail[256];

	json_array_foreach(equiv, i, x) {
		(void)snprintf(detail, sizeof(detail), "signed checkpoints of "
		    "sizes %lld and %lld that are not consistent",
		    (long long)json_integer_value(json_object_get(x,
		    "cosigned_size")),
		    (long long)json_integer_value(json_object_get(x,
		    "conflicting_size")));
		if (json_array_append_new(alarms, json_pack("{s:s, s:O, s:s, "
		    "s:O, s:O, s:i}", "kind", "equivocation", "peer",
		    json_object_get(x, "origin"), "detail", detail, "raised",
		    json_object_get(x, "found"), "seen", json_object_get(x,
		    "found"), "count", 1)) != 0)
			return HL_ENOMEM;
	}
	return 0;
}

/*
 * One card as status shows it: its serial and not_after, and "valid",
 * "expiring" (within HL_CARD_WARN_DAYS), "expired" (or not yet valid),
 * or "no-expiry" for a version 1 card.
 */
static int
add_card(json_t *cards, const struct card *c, bool own, int64_t now)
{
	char t[PROTO_TIME_LEN];
	const char *state;

	if (c->v < 2)
		state = "no-expiry";
	else if (!card_valid_at(c, now))
		state = "expired";
	else if (c->not_after - now <= (int64_t)HL_CARD_WARN_DAYS * 86400)
		state = "expiring";
	else
		state = "valid";
	proto_time_format(c->not_after, t);
	return json_array_append_new(cards, json_pack("{s:s, s:b, s:i, "
	    "s:o?, s:s?, s:s}", "party", c->party, "own", own, "v", c->v,
	    "serial", c->v >= 2 ? json_integer(c->serial) : NULL,
	    "not_after", c->v >= 2 ? t : NULL, "state", state)) == 0 ?
	    0 : HL_ENOMEM;
}

/*
 * This node's card and every pinned peer's; an own card past its
 * not_after is an alarm (status --check): peers refuse what it signs.
 */
static int
status_cards(struct node *n, int64_t now, json_t *cards, json_t *alarms)
{
	struct peer_list pl;
	char t[PROTO_TIME_LEN], detail[256];
	int r;

	if ((r = add_card(cards, &n->card, true, now)) != 0)
		return r;
	if (!card_valid_at(&n->card, now)) {
		proto_time_format(n->card.not_after, t);
		(void)snprintf(detail, sizeof(detail), "this node's card "
		    "(serial %lld) is not valid now (until %s): peers refuse "
		    "it; renew it with hotline key rotate --identity FILE",
		    (long long)n->card.serial, t);
		if (json_array_append_new(alarms, json_pack("{s:s, s:s, s:s, "
		    "s:s, s:i}", "kind", ALARM_CARD_EXPIRED, "detail", detail,
		    "raised", t, "seen", t, "count", 1)) != 0)
			return HL_ENOMEM;
	}
	if ((r = store_peer_list(n->st, &pl)) != 0)
		return r;
	for (size_t i = 0; r == 0 && i < pl.n; i++) {
		const struct card *c = &pl.c[i];

		if ((r = add_card(cards, c, false, now)) != 0 ||
		    card_valid_at(c, now))
			continue;
		/* Nothing goes to it: the daemon holds its queue. */
		proto_time_format(c->not_after, t);
		(void)snprintf(detail, sizeof(detail), "the pinned card "
		    "(serial %lld) is not valid now (until %s): what is queued "
		    "to it is held until a valid card is pinned",
		    (long long)c->serial, t);
		if (json_array_append_new(alarms, json_pack("{s:s, s:s, s:s, "
		    "s:s, s:s, s:i}", "kind", ALARM_CARD_EXPIRED, "peer",
		    c->party, "detail", detail, "raised", t, "seen", t,
		    "count", 1)) != 0)
			r = HL_ENOMEM;
	}
	free(pl.c);
	return r;
}

int
present_status(struct node *n, int64_t now, json_t **out)
{
	json_t *cosigners, *witnessed, *equiv, *pings, *alarms, *contacts;
	json_t *cards = NULL;
	char oldest[PROTO_TIME_LEN] = "";
	struct node_status ns;
	struct status_lists l;
	int r;

	*out = NULL;
	alarms = json_array();
	cosigners = json_array();
	witnessed = json_array();
	equiv = json_array();
	pings = json_array();
	if (alarms == NULL || cosigners == NULL || witnessed == NULL ||
	    equiv == NULL || pings == NULL) {
		r = HL_ENOMEM;
		goto fail;
	}
	l = (struct status_lists){
		.ping = add_ping, .ping_arg = pings,
		.cosigner = add_cosigner, .cosigner_arg = cosigners,
		.witnessed = add_witnessed, .witnessed_arg = witnessed,
		.equivocation = add_equivocation, .equivocation_arg = equiv,
		.alarm = add_alarm, .alarm_arg = alarms,
	};
	if ((cards = json_array()) == NULL) {
		r = HL_ENOMEM;
		goto fail;
	}
	if ((r = node_status(n, now, &ns, &l)) != 0 ||
	    (r = equivocation_alarms(alarms, equiv)) != 0 ||
	    (r = status_cards(n, now, cards, alarms)) != 0)
		goto fail;
	if (ns.tally.oldest_undelivered > 0)
		proto_time_format(ns.tally.oldest_undelivered, oldest);
	/* json_pack's "o" takes the arrays, on failure too. */
	*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:I, "
	    "s:{s:I, s:s?}, s:{s:I, s:I, s:I}, s:o, "
	    "s:{s:I, s:I, s:o}, s:o, s:o, s:o, s:o}",
	    "party", n->cfg.party, "state", n->cfg.state,
	    "tier", proto_tier_names[n->cfg.tier], "endpoint",
	    n->cfg.endpoint, "key", n->card.vkey, "peers", ns.peers,
	    "outbox", (json_int_t)ns.sent, "inbox", (json_int_t)ns.received,
	    "undelivered", "count", (json_int_t)ns.tally.undelivered,
	    "oldest", ns.tally.undelivered > 0 ? oldest : NULL,
	    "requests", "overdue", (json_int_t)ns.tally.overdue, "owed",
	    (json_int_t)ns.tally.owed, "owed_late",
	    (json_int_t)ns.tally.owed_late,
	    "pings", pings,
	    "log", "size", (json_int_t)mlog_size(&n->log), "checkpoint",
	    (json_int_t)ns.checkpoint, "cosigners", cosigners,
	    "witnessed", witnessed, "equivocations", equiv, "alarms", alarms,
	    "cards", cards);
	if (*out == NULL)
		return HL_ENOMEM;
	/* Each peer's last contact a person there confirmed (an ack). */
	if ((contacts = json_array()) == NULL ||
	    json_object_set_new(*out, "last_contact", contacts) != 0 ||
	    (r = store_last_contacts(n->st, add_contact, contacts)) != 0) {
		json_decref(*out);
		*out = NULL;
		return r != 0 ? r : HL_ENOMEM;
	}
	return 0;
fail:
	json_decref(cards);
	json_decref(alarms);
	json_decref(cosigners);
	json_decref(witnessed);
	json_decref(equiv);
	json_decref(pings);
	return r;
}

struct peers_ctx {
	struct node	*n;
	json_t		*arr;
	json_t		*down;		/* peer -> true: unreachable stands */
	json_t		*pinged;	/* peer -> [created, rtt_ms] */
};

static int
note_down(void *arg, const struct alarm *a)
{
	struct peers_ctx *c = arg;

	if (strcmp(a->kind, ALARM_UNREACHABLE) != 0 || a->subject[0] == '\0')
		return 0;
	return json_object_set_new(c->down, a->subject, json_true()) == 0 ?
	    0 : HL_ENOMEM;
}

static int
note_pinged(sqlite3_stmt *s, void *arg)
{
	struct peers_ctx *c = arg;
	char peer[HL_MAX_PARTY_LEN + 1];

	store_col_text(s, 0, peer, sizeof(peer));
	return json_object_set_new(c->pinged, peer, json_pack("[I, I]",
	    (json_int_t)sqlite3_column_int64(s, 1),
	    (json_int_t)sqlite3_column_int64(s, 2))) == 0 ? 0 : HL_ENOMEM;
}

static int
add_peer(void *arg, const struct card *c, int64_t added)
{
	struct peers_ctx *ctx = arg;
	json_t *o, *p = json_object_get(ctx->pinged, c->party);
	char when[PROTO_TIME_LEN];
	const char *link = "unknown";

	proto_time_format(added, when);
	if (json_object_get(ctx->down, c->party) != NULL)
		link = "down";
	else if (p != NULL)
		link = "up";
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "party", c->party, "state", c->state,
	    "tier", proto_tier_names[c->tier], "endpoint", c->endpoint,
	    "key", c->vkey, "tls_pin", c->tls_pin, "added", when,
	    "link", link);
	if (o == NULL)
		return HL_ENOMEM;
	/* null, not absent, while no ping has been answered. */
	if (set_new(o, "last_ping", p != NULL ? time_json(json_integer_value(
	    json_array_get(p, 0))) : json_null()) != 0 || set_new(o, "rtt_ms",
	    p != NULL ? json_integer(json_integer_value(json_array_get(p,
	    1))) : json_null()) != 0) {
		json_decref(o);
		return HL_ENOMEM;
	}
	return json_array_append_new(ctx->arr, o) == 0 ? 0 : HL_ENOMEM;
}

int
present_peers(struct node *n, int64_t now, json_t **out)
{
	struct peers_ctx c = { .n = n };
	int r = HL_ENOMEM;

	(void)now;
	*out = NULL;
	if ((c.arr = json_array()) == NULL ||
	    (c.down = json_object()) == NULL ||
	    (c.pinged = json_object()) == NULL)
		goto out;
	/* The newest answered ping to each peer (the row of the max). */
	if ((r = store_alarm_each(n->st, note_down, &c)) != 0 ||
	    (r = store_each_row(n->st, "SELECT peer, max(created), rtt_ms "
	    "FROM messages WHERE dir = 'out' AND type = 'ping' AND "
	    "rtt_ms IS NOT NULL GROUP BY peer", NULL, note_pinged, &c)) != 0 ||
	    (r = node_peers_each(n, add_peer, &c)) != 0)
		goto out;
	*out = c.arr;
	c.arr = NULL;
out:
	json_decref(c.arr);
	json_decref(c.down);
	json_decref(c.pinged);
	return r;
}
