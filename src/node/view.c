/*
 * What the front ends and the daemon read of a node. See view.h.
 */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "receipt.h"
#include "report.h"
#include "tlp.h"
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

/* The time a message sent was stored by its peer (its receipt), or 0. */
static int64_t
receipt_at(struct node *n, const char *id)
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
	bool in = strcmp(m->dir, "in") == 0;
	int64_t start;
	int owes;

	*due = 0;
	*due_is = NULL;
	if ((strcmp(m->type, "request") != 0 && strcmp(m->type, "query") != 0) ||
	    m->state == MSTATE_ANSWERED_FINAL || m->state == MSTATE_WITHDRAWN)
		return 0;
	/* A request received is this node's to answer from when it stored it. */
	start = report_start(m->created, in ? m->stored : receipt_at(n, m->id));
	if (m->state != MSTATE_ANSWERED_INTERIM) {
		if ((*due = report_due(m->created, m->deadline, start)) != 0)
			*due_is = "first-answer";
		return 0;
	}
	/*
	 * The final answer's time is the requester's policy for the tier of
	 * the party that owes it: this node's own for a request received
	 * (the nearest it knows of the requester's), the peer's for one sent.
	 */
	owes = in ? (int)n->cfg.tier : node_peer_tier(n, m->peer);
	*due = start + config_final_response(&n->cfg, owes);
	*due_is = "final-answer";
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

int
node_peer_by_pin(struct node *n, const char *pin, struct card *out)
{
	return store_peer_by_pin(n->st, pin, out);
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

int
node_cosign_from(struct node *n, const char *cosigner, struct buf *note,
    uint64_t *size, uint64_t *old, int64_t *when)
{
	int r;

	if ((r = store_checkpoint_get(n->st, -1, size, note)) != 0)
		return r;
	return store_cosig_latest(n->st, cosigner, old, when);
}

/* Stubs: the queue part of issue 15 replaces them. */
int
node_msgs_filter(struct node *n, const struct msg_filter *f, int64_t now,
    int (*fn)(void *arg, const struct msg_row *m), void *arg)
{
	(void)now;
	return node_msgs_each(n, f->dir, fn, arg);
}

int
node_msg_read(struct node *n, const char *id, int64_t now)
{
	(void)n; (void)id; (void)now;
	return 0;
}

bool
node_msg_is_read(struct node *n, const char *id)
{
	(void)n; (void)id;
	return false;
}
