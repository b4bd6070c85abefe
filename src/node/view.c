/*
 * What the front ends and the daemon read of a node. See view.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limits.h"
#include "receipt.h"
#include "report.h"
#include "store_int.h"
#include "tlp.h"
#include "trail.h"
#include "view.h"

int
node_msg_get(struct node *n, const char *idprefix, bool with_raw,
    struct msg_row *out, struct hl_diag *d)
{
	int r;

	if ((r = store_msg_get(n->st, idprefix, with_raw, out)) == 0)
		return 0;
	if (r == HL_EINVAL)
		return hl_diag_set(d, r, NULL, "'%s': not an id (at least 4 "
		    "lower-case hex digits)", idprefix);
	return hl_diag_set(d, r, idprefix, "%s", r == HL_ENOTFOUND ?
	    "no such message" : r == HL_EAMBIG ? "matches several messages; "
	    "give more digits" : hl_strerror(r));
}

int
node_msg_tlp(struct node *n, const struct msg_row *m)
{
	int t = proto_lookup(proto_tlp_names, m->tlp), asked = -1;
	struct buf b;

	if (t < 0 || strcmp(m->dir, "in") != 0 ||
	    strcmp(m->type, "response") != 0)
		return t;
	buf_init(&b, 32);
	if (store_msg_asked_tlp(n->st, m->id, &b) == 0)
		asked = proto_lookup(proto_tlp_names, buf_str(&b));
	buf_done(&b);
	return asked < 0 ? t : (int)tlp_held((enum tlp)t, (enum tlp)asked);
}

int
node_msg_receipt(struct node *n, const char *id, struct buf *out)
{
	return store_msg_get_receipt(n->st, id, out);
}

int
node_msgs_each(struct node *n, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	return store_msg_each(n->st, dir, fn, arg);
}

int
node_msgs_added(struct node *n, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	return store_msg_each_added(n->st, dir, fn, arg);
}

int
node_answers_added(struct node *n, const char *dir, const char *req,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	return store_msg_each_answer(n->st, dir, req, fn, arg);
}

int64_t
node_msg_receipt_at(struct node *n, const char *id)
{
	struct receipt rc;
	struct buf b;
	int64_t at = 0;

	buf_init(&b, HL_MAX_RECEIPT_BYTES);
	if (store_msg_get_receipt(n->st, id, &b) == 0 &&
	    receipt_parse(b.p, b.len, &rc, NULL) == 0) {
		at = rc.at;
		receipt_done(&rc);
	}
	buf_done(&b);
	return at;
}

int
node_msg_due(struct node *n, const struct msg_row *m, int64_t *due,
    const char **due_is)
{
	bool final;
	int64_t start;
	int tier;

	*due = 0;
	*due_is = NULL;
	if ((strcmp(m->type, "request") != 0 && strcmp(m->type, "query") != 0) ||
	    m->state == MSTATE_ANSWERED_FINAL || m->state == MSTATE_WITHDRAWN)
		return 0;
	/* Received: the queue's and the tally's rule, to the letter. */
	if (strcmp(m->dir, "in") == 0) {
		tier = proto_lookup(proto_tier_names, m->tier);
		if ((*due = store_owed_due(m->created, m->stored, m->deadline,
		    m->state, config_final_response(&n->cfg, tier),
		    &final)) != 0)
			*due_is = final ? "final" : "first";
		return 0;
	}
	/*
	 * Sent: node_deadlines()'s, the peer's time starting at its
	 * receipt, the final answer's by this node's policy toward the
	 * peer's tier.
	 */
	start = report_start(m->created, node_msg_receipt_at(n, m->id));
	if (m->state != MSTATE_ANSWERED_INTERIM) {
		if ((*due = report_due(m->created, m->deadline, start)) != 0)
			*due_is = "first";
		return 0;
	}
	*due = start + config_final_response(&n->cfg,
	    node_peer_tier(n, m->peer));
	*due_is = "final";
	return 0;
}

int
node_peers_each(struct node *n,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg)
{
	return store_peer_each(n->st, fn, arg);
}

int
node_peers_list(struct node *n, struct peer_list *out)
{
	return store_peer_list(n->st, out);
}

int
node_peer_get(struct node *n, const char *party, struct card *out)
{
	return store_peer_get(n->st, party, out);
}

/* The pinned card naming a pin among its retired ones, if any. */
struct pin_find {
	const char	*pin;
	struct card	*out;
};

static int
retired_pin(void *arg, const struct card *c, int64_t added)
{
	struct pin_find *f = arg;

	(void)added;
	if (card_pin_state(c, f->pin, 0) == CARD_KEY_UNKNOWN)
		return 0;
	*f->out = *c;
	return 1;
}

int
node_peer_by_pin(struct node *n, const char *pin, struct card *out)
{
	struct pin_find f = { pin, out };
	int r;

	if ((r = store_peer_by_pin(n->st, pin, out)) != HL_ENOTFOUND)
		return r;
	/*
	 * Not a current pin: a peer's pin in its grace still maps to it
	 * (it presents its old certificate until the grace ends); one its
	 * card retired or revoked does not, but says whose it was.
	 */
	if ((r = store_peer_each(n->st, retired_pin, &f)) < 0)
		return r;
	if (r == 0)
		return HL_ENOTFOUND;
	return card_pin_state(out, pin, (int64_t)time(NULL)) ==
	    CARD_KEY_GRACE ? 0 : HL_EREVOKED;
}

static int
same_peer(void *arg, const struct msg_row *m)
{
	return strcmp(m->peer, arg) == 0 ? 1 : 0;
}

bool
node_peer_known(struct node *n, const char *party)
{
	struct card c;

	/* same_peer's 1 ends the walk at the first message found. */
	return store_peer_get(n->st, party, &c) == 0 ||
	    store_msg_each(n->st, "out", same_peer, (void *)party) == 1 ||
	    store_msg_each(n->st, "in", same_peer, (void *)party) == 1;
}

int
node_peer_tier(struct node *n, const char *party)
{
	struct card c;

	return store_peer_get(n->st, party, &c) == 0 ? (int)c.tier : -1;
}

int
node_undelivered(struct node *n, const char *peer, int64_t *count)
{
	struct msg_row *m;
	size_t got;
	int64_t after = 0;
	int r;

	*count = 0;
	if ((m = calloc(HL_MAX_BATCH_MSGS, sizeof(*m))) == NULL)
		return HL_ENOMEM;
	while ((r = store_outbox_due(n->st, peer, after, HL_MAX_BATCH_MSGS,
	    HL_MAX_BATCH_BYTES, m, &got)) == 0 && got > 0) {
		after = m[got - 1].seq;
		*count += (int64_t)got;
		for (size_t i = 0; i < got; i++)
			msg_row_done(&m[i]);
	}
	free(m);
	return r == HL_ENOTFOUND ? 0 : r;
}

int
node_ping_rtt(struct node *n, const char *id, int64_t *rtt_ms)
{
	return store_ping_rtt(n->st, id, rtt_ms);
}

int
node_log_leaf(struct node *n, uint64_t idx, struct buf *out)
{
	return store_log_get_leaf(n->st, idx, out);
}

int
node_log_each(struct node *n,
    int (*fn)(void *arg, uint64_t idx, const uint8_t *p, size_t len),
    void *arg)
{
	return store_log_each_leaf(n->st, fn, arg);
}

static int
count_peer(void *arg, const struct card *c, int64_t added)
{
	(void)c;
	(void)added;
	(*(int *)arg)++;
	return 0;
}

int
node_status(struct node *n, int64_t now, struct node_status *s,
    const struct status_lists *l)
{
	struct buf note;
	int r;

	memset(s, 0, sizeof(*s));
	buf_init(&note, HL_MAX_NOTE_BYTES);
	/* Requests owed are late by this node's own policy for its tier. */
	if ((r = store_peer_each(n->st, count_peer, &s->peers)) != 0 ||
	    (r = store_msg_count(n->st, "out", &s->sent)) != 0 ||
	    (r = store_msg_count(n->st, "in", &s->received)) != 0 ||
	    (r = store_msg_tally(n->st, now,
	    config_final_response(&n->cfg, (int)n->cfg.tier),
	    &s->tally)) != 0 ||
	    (r = store_last_pings(n->st, l->ping, l->ping_arg)) != 0 ||
	    (r = store_checkpoint_get(n->st, -1, &s->checkpoint,
	    &note)) != 0 ||
	    (r = store_cosig_each(n->st, (int64_t)s->checkpoint, l->cosigner,
	    l->cosigner_arg)) != 0 ||
	    (r = store_witness_each(n->st, l->witnessed,
	    l->witnessed_arg)) != 0 ||
	    (r = store_equivocation_each(n->st, l->equivocation,
	    l->equivocation_arg)) != 0)
		goto out;
	r = store_alarm_each(n->st, l->alarm, l->alarm_arg);
out:
	buf_done(&note);
	return r;
}

int
node_outbox_next(struct node *n, const char *peer, int64_t after,
    int64_t resend_from, int64_t resend_through, size_t max,
    size_t max_bytes, struct msg_row *out, size_t *count)
{
	if (resend_through > after)
		return store_outbox_range(n->st, peer, after >= resend_from ?
		    after + 1 : resend_from, resend_through, max, max_bytes,
		    out, count);
	return store_outbox_due(n->st, peer, after, max, max_bytes, out,
	    count);
}

int
node_witnessed(struct node *n, const char *origin, uint64_t *size)
{
	struct buf prev;
	int r;

	buf_init(&prev, HL_MAX_NOTE_BYTES);
	r = store_witness_get(n->st, origin, size, &prev);
	buf_done(&prev);
	return r;
}

/*
 * Whether a notice carrying this node's new card to peer is still
 * unreceipted: until it is, the peer knows no key of the checkpoints
 * signed since, and asking it to cosign one would only be refused.
 */
static bool
card_unsent(struct node *n, const char *peer)
{
	sqlite3_stmt *s;
	bool unsent;

	if (n->card.v < 2 || n->card.serial < 2)
		return false;
	/* The body's kind as the canonical envelope spells it. */
	if (store_prepare(n->st, "SELECT 1 FROM messages WHERE dir = 'out' "
	    "AND peer = ? AND type = 'notice' AND receipt IS NULL AND "
	    "(instr(CAST(raw AS TEXT), '\"kind\":\"key-rotation\"') > 0 OR "
	    "instr(CAST(raw AS TEXT), '\"kind\":\"key-revocation\"') > 0) "
	    "LIMIT 1", &s) != 0)
		return false;
	(void)sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	unsent = sqlite3_step(s) == SQLITE_ROW;
	store_release(n->st, s);
	return unsent;
}

int
node_cosign_from(struct node *n, const char *cosigner, struct buf *note,
    uint64_t *size, uint64_t *old, int64_t *when)
{
	int r;

	if (card_unsent(n, cosigner))
		return HL_EBUSY;
	if ((r = store_checkpoint_get(n->st, -1, size, note)) != 0)
		return r;
	return store_cosig_latest(n->st, cosigner, old, when);
}

/*
 * hl_owed_due()'s final_after for a row of the peer's tier: the policy of
 * this node toward that tier (config_final_response()), bound as ?7-?9.
 */
#define FINAL_BY_TIER "CASE tier WHEN 'cert' THEN ?7 WHEN 'nrrc' THEN ?8 " \
	"ELSE ?9 END"

/*
 * What is owed and past due at now, as hl_owed_due() says (one rule with
 * the tally's), and in messages_owed's own WHERE, so the index serves it.
 */
#define OWED_LATE " AND type IN ('request', 'query') AND " \
	"state IN ('received', 'answered-interim') AND " \
	"hl_owed_due(created, stored, coalesce(deadline, 0), state, " \
	FINAL_BY_TIER ") <= ?6"

int
node_msgs_filter(struct node *n, const struct msg_filter *f, int64_t now,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	struct buf sql;
	sqlite3_stmt *s = NULL;
	struct msg_row m;
	bool in = strcmp(f->dir, "in") == 0;
	int r = 0, rc = SQLITE_DONE;

	/*
	 * Only the conditions asked for are in the SQL, so that SQLite picks
	 * the index they allow ((dir, peer, seq), messages_owed) and the
	 * default listing is the query it was.
	 */
	if (!in && strcmp(f->dir, "out") != 0)
		return HL_EINVAL;
	buf_init(&sql, 1024);
	/*
	 * The direction is in the SQL itself, not bound: SQLite uses a
	 * partial index (messages_owed: dir = 'in') only for a query whose
	 * WHERE says what the index's does. What is owed is a few rows of a
	 * large inbox, so the index is the one to read for it.
	 */
	if (buf_adds(&sql, "SELECT " MSG_COLUMNS " FROM messages") != 0 ||
	    (in && f->overdue && buf_adds(&sql, " INDEXED BY messages_owed") !=
	    0) || buf_adds(&sql, in ? " WHERE dir = 'in'" :
	    " WHERE dir = 'out'") != 0 ||
	    (f->type >= 0 && buf_adds(&sql, " AND type = ?2") != 0) ||
	    (f->state >= 0 && buf_adds(&sql, " AND state = ?3") != 0) ||
	    (f->peer != NULL && buf_adds(&sql, " AND peer = ?4") != 0) ||
	    (f->since > 0 && buf_adds(&sql, " AND stored >= ?5") != 0) ||
	    (f->overdue && buf_adds(&sql, in ? OWED_LATE : " AND type IN "
	    "('request', 'contact-check') AND state IN ('overdue', "
	    "'escalated')") != 0) ||
	    (!f->pings && buf_adds(&sql, " AND type NOT IN ('ping', "
	    "'pong')") != 0)) {
		r = HL_ENOMEM;
		goto out;
	}
	/* The newest limit of them, still listed oldest first. */
	if (f->limit > 0) {
		struct buf outer;

		buf_init(&outer, sql.len + 160);
		if (buf_adds(&outer, "SELECT * FROM (") != 0 ||
		    buf_add(&outer, sql.p, sql.len) != 0 ||
		    buf_adds(&outer, " ORDER BY stored DESC, peer DESC, seq "
		    "DESC LIMIT ?10) ORDER BY stored, peer, seq") != 0) {
			buf_done(&outer);
			r = HL_ENOMEM;
			goto out;
		}
		buf_done(&sql);
		sql = outer;
	} else if (buf_adds(&sql, " ORDER BY stored, peer, seq") != 0) {
		r = HL_ENOMEM;
		goto out;
	}
	if (store_prepare(n->st, buf_str(&sql), &s) != 0) {
		r = HL_EDB;
		goto out;
	}
	/* Parameters the SQL does not use are SQLITE_RANGE: no matter. */
	if (f->type >= 0 && f->type < MSG_TYPE_COUNT)
		(void)sqlite3_bind_text(s, 2, proto_type_names[f->type], -1,
		    SQLITE_STATIC);
	if (f->state >= 0 && f->state < MSTATE_COUNT)
		(void)sqlite3_bind_text(s, 3, proto_state_names[f->state], -1,
		    SQLITE_STATIC);
	if (f->peer != NULL)
		(void)sqlite3_bind_text(s, 4, f->peer, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 5, f->since);
	(void)sqlite3_bind_int64(s, 6, now);
	for (int t = 0; t < TIER_COUNT; t++)
		(void)sqlite3_bind_int64(s, 7 + t,
		    config_final_response(&n->cfg, t));
	(void)sqlite3_bind_int64(s, 10, f->limit > INT64_MAX ? INT64_MAX :
	    (int64_t)f->limit);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((r = store_msg_row(s, &m)) == 0)
			r = fn(arg, &m);
	if (r == 0 && rc != SQLITE_DONE)
		r = store_note_fail(n->st, rc);
out:
	if (s != NULL)
		store_release(n->st, s);
	buf_done(&sql);
	return r;
}

int
node_msg_read(struct node *n, const char *id, int64_t now)
{
	sqlite3_stmt *s;
	int r, rc;

	if ((r = store_begin(n->st)) != 0)
		return r;
	if (store_prepare(n->st, "INSERT INTO msg_reads (id, by, at) SELECT "
	    "id, ?2, ?3 FROM messages WHERE id = ?1 ON CONFLICT DO NOTHING",
	    &s) != 0) {
		r = HL_EDB;
		goto fail;
	}
	(void)sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(s, 2, n->actor.name, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	store_release(n->st, s);
	if (rc != SQLITE_DONE) {
		r = store_note_fail(n->st, rc);
		goto fail;
	}
	/* Read before (or no such message): nothing more to record. */
	if (sqlite3_changes(n->st->db) == 0) {
		store_rollback(n->st);
		return node_msg_is_read(n, id) ? 0 : HL_ENOTFOUND;
	}
	if ((r = trail_add(n, "read", id, NULL, now)) != 0)
		goto fail;
	return store_commit(n->st);
fail:
	store_rollback(n->st);
	return r;
}

bool
node_msg_is_read(struct node *n, const char *id)
{
	sqlite3_stmt *s;
	bool read;

	if (store_prepare(n->st, "SELECT 1 FROM msg_reads WHERE id = ?",
	    &s) != 0)
		return false;
	(void)sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	read = sqlite3_step(s) == SQLITE_ROW;
	store_release(n->st, s);
	return read;
}
