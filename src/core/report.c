/*
 * Accountability reports. See report.h.
 */
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "report.h"
#include "sig.h"

/* One message, from the leaves that name it. */
struct msg {
	char	 id[65];
	char	 ref[65];		/* its first ref, "" if none */
	char	 from[HL_MAX_PARTY_LEN + 1];
	char	 to[HL_MAX_PARTY_LEN + 1];
	int	 type;			/* enum msg_type */
	bool	 seen;			/* a queued or received leaf */
	bool	 delivered;		/* a delivered leaf: receipted */
	bool	 final;			/* a final response */
	bool	 withdrawal;		/* a withdrawal notice */
	int64_t	 created;
	int64_t	 deadline;		/* 0 if none */
	int64_t	 receipt_at;		/* the receiver's receipt, 0: none */
	int64_t	 rtt_ms;		/* a pong received: -1 if none */
	/* For requests and pings, once the answers are matched: */
	struct msg *first;		/* the first answer */
	struct msg *final_answer;	/* the first final answer */
	bool	 withdrawn;
	bool	 escalated;
};

struct report_builder {
	char		 party[HL_MAX_PARTY_LEN + 1];
	struct msg	*m;
	size_t		 n, cap;
	uint64_t	 leaves;
	int64_t		 as_of;
};

/* Room in *v (of elements size bytes) for one more than n. */
static int
grow(void *v, size_t *cap, size_t n, size_t size)
{
	void **pv = v, *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 64;
	if ((p = realloc(*pv, c * size)) == NULL)
		return HL_ENOMEM;
	*pv = p;
	*cap = c;
	return 0;
}

int
report_begin(const char *party, struct report_builder **out)
{
	struct report_builder *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return HL_ENOMEM;
	(void)snprintf(b->party, sizeof(b->party), "%s", party);
	*out = b;
	return 0;
}

void
report_abort(struct report_builder *b)
{
	if (b == NULL)
		return;
	free(b->m);
	free(b);
}

static bool
get_str(json_t *o, const char *key, char *out, size_t n, bool need)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL && !need) {
		out[0] = '\0';
		return true;
	}
	if (!json_is_string(v) || json_string_length(v) >= n)
		return false;
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return true;
}

static bool
get_time(json_t *o, const char *key, int64_t *out, bool need)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL && !need) {
		*out = 0;
		return true;
	}
	return json_is_string(v) && proto_time_parse(json_string_value(v),
	    PROTO_TIME_STRICT, out);
}

/* The message a leaf names, as read so far: its parts are filled in. */
static int
parse_leaf(json_t *o, struct msg *m, char *event, size_t evn, int64_t *at,
    struct hl_diag *d)
{
	char type[16], status[16], kind[HL_MAX_SHORT_LEN + 1];
	json_t *msg, *refs, *rtt, *rc;

	memset(m, 0, sizeof(*m));
	m->rtt_ms = -1;
	if (!json_is_object(o))
		return hl_diag_set(d, HL_ESCHEMA, NULL, "not a JSON object");
	if (!get_str(o, "event", event, evn, true))
		return hl_diag_set(d, HL_ESCHEMA, "event", "missing or bad");
	if (!get_time(o, "at", at, true))
		return hl_diag_set(d, HL_ESCHEMA, "at", "missing or bad");
	/*
	 * A new version of a card, the node's own or a peer's: no message
	 * to count, only its hash to name it by (1: a leaf, no message).
	 */
	if (strcmp(event, TLOG_CARD) == 0 || strcmp(event, TLOG_PEER_CARD) == 0) {
		char h[2 * HL_HASH_LEN + 1];
		json_t *card = json_object_get(o, "card");

		if (!json_is_object(card) || !get_str(card, "sha256", h,
		    sizeof(h), true) || strlen(h) != 2 * HL_HASH_LEN)
			return hl_diag_set(d, HL_ESCHEMA, "card.sha256",
			    "missing or bad");
		return 1;
	}
	if (!json_is_object(msg = json_object_get(o, "msg")))
		return hl_diag_set(d, HL_ESCHEMA, "msg", "missing or bad");
	if (!get_str(msg, "id", m->id, sizeof(m->id), true))
		return hl_diag_set(d, HL_ESCHEMA, "msg.id", "missing or bad");
	if (!get_str(msg, "type", type, sizeof(type), true) ||
	    (m->type = proto_lookup(proto_type_names, type)) < 0)
		return hl_diag_set(d, HL_ESCHEMA, "msg.type", "missing or bad");
	if (!get_str(msg, "from", m->from, sizeof(m->from), true))
		return hl_diag_set(d, HL_ESCHEMA, "msg.from", "missing or bad");
	if (!get_str(msg, "to", m->to, sizeof(m->to), true))
		return hl_diag_set(d, HL_ESCHEMA, "msg.to", "missing or bad");
	if (!get_time(msg, "created", &m->created, true))
		return hl_diag_set(d, HL_ESCHEMA, "msg.created",
		    "missing or bad");
	if (!get_time(msg, "deadline", &m->deadline, false))
		return hl_diag_set(d, HL_ESCHEMA, "msg.deadline", "bad");
	if ((refs = json_object_get(msg, "refs")) != NULL) {
		json_t *r0 = json_array_get(refs, 0);

		if (!json_is_array(refs) || (r0 != NULL && (!json_is_string(r0)
		    || json_string_length(r0) >= sizeof(m->ref))))
			return hl_diag_set(d, HL_ESCHEMA, "msg.refs", "bad");
		if (r0 != NULL)
			memcpy(m->ref, json_string_value(r0),
			    json_string_length(r0) + 1);
	}
	if (!get_str(msg, "status", status, sizeof(status), false))
		return hl_diag_set(d, HL_ESCHEMA, "msg.status", "bad");
	m->final = strcmp(status, "final") == 0;
	if (!get_str(msg, "kind", kind, sizeof(kind), false))
		return hl_diag_set(d, HL_ESCHEMA, "msg.kind", "bad");
	m->withdrawal = m->type == MSG_NOTICE &&
	    strcmp(kind, "withdrawal") == 0;
	if ((rtt = json_object_get(o, "rtt_ms")) != NULL) {
		if (!json_is_integer(rtt) || json_integer_value(rtt) < 0)
			return hl_diag_set(d, HL_ESCHEMA, "rtt_ms", "bad");
		m->rtt_ms = json_integer_value(rtt);
	}
	/* A delivered leaf: when the receiver says it stored the message. */
	if ((rc = json_object_get(o, "receipt")) != NULL &&
	    (!json_is_object(rc) || !get_time(rc, "at", &m->receipt_at, true)))
		return hl_diag_set(d, HL_ESCHEMA, "receipt.at",
		    "missing or bad");
	return 0;
}

int
report_leaf(struct report_builder *b, const uint8_t *leaf, size_t len,
    struct hl_diag *d)
{
	struct msg m;
	char event[16];
	int64_t at;
	json_t *o;
	int r;

	if (len > HL_MAX_LEAF_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "leaf over %d bytes",
		    HL_MAX_LEAF_BYTES);
	if ((o = json_loadb((const char *)leaf, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return hl_diag_set(d, HL_EPARSE, NULL, "not JSON");
	r = parse_leaf(o, &m, event, sizeof(event), &at, d);
	json_decref(o);
	if (r < 0)
		return r;
	b->leaves++;
	if (at > b->as_of)
		b->as_of = at;
	if (r == 1)
		return 0;	/* a card's leaf: no message */
	if (strcmp(event, "delivered") == 0)
		m.delivered = true;
	else if (strcmp(event, "queued") == 0)
		m.seen = true;
	else if (strcmp(event, "received") == 0) {
		/* This node received it: the leaf's time is the receipt's. */
		m.seen = true;
		m.receipt_at = at;
	} else
		return 0;	/* overdue: recomputed from the deadline */
	if (grow(&b->m, &b->cap, b->n, sizeof(*b->m)) != 0)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	b->m[b->n++] = m;
	return 0;
}

static int
by_id(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	/* The leaf that saw the message first, then its delivery. */
	return c != 0 ? c : (int)y->seen - (int)x->seen;
}

static int
id_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct msg *)elem)->id);
}

static struct msg *
find(struct msg *m, size_t n, const char *id)
{
	return n == 0 ? NULL : bsearch(id, m, n, sizeof(*m), id_cmp);
}

/* Folds every message's leaves into one entry; returns how many. */
static size_t
merge(struct msg *m, size_t n)
{
	size_t k = 0;

	if (n < 2)
		return n;
	qsort(m, n, sizeof(*m), by_id);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && strcmp(m[k - 1].id, m[i].id) == 0) {
			m[k - 1].delivered |= m[i].delivered;
			/*
			 * Two receipt times for one message: a node logs
			 * only the first ("redelivered" leaves are not read
			 * here), so only a log made by hand has two; the
			 * earliest, whatever the order.
			 */
			if (m[i].receipt_at != 0 && (m[k - 1].receipt_at == 0 ||
			    m[i].receipt_at < m[k - 1].receipt_at))
				m[k - 1].receipt_at = m[i].receipt_at;
			if (m[i].rtt_ms >= 0)
				m[k - 1].rtt_ms = m[i].rtt_ms;
			continue;
		}
		m[k++] = m[i];
	}
	return k;
}

/* Matches answers, withdrawals and escalations to what they answer. */
static void
match(struct msg *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct msg *a = &m[i], *q;

		if (!a->seen || a->ref[0] == '\0' ||
		    (q = find(m, n, a->ref)) == NULL || !q->seen)
			continue;
		if (a->type == MSG_RESPONSE && q->type == MSG_REQUEST &&
		    strcmp(a->from, q->to) == 0 && strcmp(a->to, q->from) == 0) {
			if (q->first == NULL || a->created < q->first->created)
				q->first = a;
			if (a->final && (q->final_answer == NULL ||
			    a->created < q->final_answer->created))
				q->final_answer = a;
		} else if (a->type == MSG_PONG && q->type == MSG_PING &&
		    strcmp(a->from, q->to) == 0 && q->first == NULL)
			q->first = a;
		else if (a->withdrawal && q->type == MSG_REQUEST &&
		    strcmp(a->from, q->from) == 0)
			q->withdrawn = true;
		else if (a->type == MSG_ESCALATION && q->type == MSG_REQUEST &&
		    strcmp(a->from, q->from) == 0)
			q->escalated = true;
		/* Only the checked party's ack, to its sender, answers. */
		else if (a->type == MSG_CONTACT_ACK &&
		    q->type == MSG_CONTACT_CHECK &&
		    strcmp(a->from, q->to) == 0 && strcmp(a->to, q->from) == 0 &&
		    (q->first == NULL || a->created < q->first->created))
			q->first = a;
	}
}

/* Durations collected for one figure. */
struct series {
	int64_t	*v;
	size_t	 n, cap;
};

static int
series_add(struct series *s, int64_t v)
{
	if (grow(&s->v, &s->cap, s->n, sizeof(*s->v)) != 0)
		return HL_ENOMEM;
	s->v[s->n++] = v;
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least p% at or below it. */
static void
summarize(struct series *s, struct report_dist *out)
{
	memset(out, 0, sizeof(*out));
	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_i64);
	out->n = (int64_t)s->n;
	out->p50 = s->v[(s->n * 50 + 99) / 100 - 1];
	out->p90 = s->v[(s->n * 90 + 99) / 100 - 1];
}

/* One peer and direction while counting. */
struct tally {
	char			 peer[HL_MAX_PARTY_LEN + 1];
	struct report_dir	 d[2];		/* out, in */
	struct report_contact	 contact;
	struct series		 first[2], final[2], rtt[2];
};

static bool
wanted(const struct report_filter *f, const char *peer, int64_t created)
{
	if (f->peer != NULL && strcmp(f->peer, peer) != 0)
		return false;
	if ((f->since != 0 && created < f->since) ||
	    (f->until != 0 && created >= f->until))
		return false;
	return f->tier < 0 || (f->tier_of != NULL &&
	    f->tier_of(f->arg, peer) == f->tier);
}

static struct tally *
tally_for(struct tally **t, size_t *n, const char *peer)
{
	struct tally *p;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].peer, peer) == 0)
			return &(*t)[i];
	if ((p = realloc(*t, (*n + 1) * sizeof(*p))) == NULL)
		return NULL;
	*t = p;
	p = &(*t)[(*n)++];
	memset(p, 0, sizeof(*p));
	(void)snprintf(p->peer, sizeof(p->peer), "%s", peer);
	return p;
}

/*
 * When the receiver's time on a request starts: its receipt, or the
 * request's created if that is later (a receiver's clock behind) or
 * there is no receipt (not delivered). The sender's created alone never
 * starts it, so a request dated in the past gives no less time.
 */
int64_t
report_start(int64_t created, int64_t receipt_at)
{
	return receipt_at > created ? receipt_at : created;
}

int64_t
report_due(int64_t created, int64_t deadline, int64_t receipt_at)
{
	if (deadline == 0)
		return 0;
	/* The time the sender gave (deadline after created, by the schema). */
	return report_start(created, receipt_at) + (deadline - created);
}

/* When an answer counts as given: never before the request's start. */
static int64_t
answered_at(const struct msg *q, const struct msg *a)
{
	int64_t start = report_start(q->created, q->receipt_at);

	return a->created > start ? a->created : start;
}

static int
count(const struct msg *q, int64_t as_of, struct tally *t, int dir)
{
	struct report_dir *d = &t->d[dir];
	int64_t start = report_start(q->created, q->receipt_at);
	int64_t due = report_due(q->created, q->deadline, q->receipt_at);
	int r = 0;

	switch (q->type) {
	case MSG_REQUEST:
		d->requests++;
		/* Received here, or receipted by the peer. */
		d->delivered += dir == 1 || q->delivered;
		d->escalations += q->escalated;
		if (q->first != NULL) {
			if (due == 0 || answered_at(q, q->first) <= due)
				d->in_time++;
			else
				d->late++;
			d->answers_delivered += dir == 0 ||
			    q->first->delivered;
			r = series_add(&t->first[dir], answered_at(q,
			    q->first) - start);
		} else if (q->withdrawn)
			d->withdrawn++;
		else {
			d->unanswered++;
			d->overdue += due != 0 && due <= as_of;
		}
		if (r == 0 && q->final_answer != NULL)
			r = series_add(&t->final[dir], answered_at(q,
			    q->final_answer) - start);
		break;
	case MSG_NOTICE:
		d->notices++;
		break;
	case MSG_PING:
		d->pings++;
		if (q->first != NULL) {
			d->pings_answered++;
			if (q->first->rtt_ms >= 0)
				r = series_add(&t->rtt[dir], q->first->rtt_ms);
		}
		break;
	case MSG_CONTACT_CHECK:
		/* Only the checks sent: contact this node asked to confirm. */
		if (dir != 0)
			break;
		t->contact.checks++;
		if (q->first != NULL) {
			t->contact.acked++;
			if (answered_at(q, q->first) > t->contact.last)
				t->contact.last = answered_at(q, q->first);
		} else
			t->contact.unacked_late += due != 0 && due <= as_of;
		break;
	}
	return r;
}

static int
by_peer(const void *a, const void *b)
{
	return strcmp(((const struct report_row *)a)->peer,
	    ((const struct report_row *)b)->peer);
}

int
report_end(struct report_builder *b, const struct report_filter *f,
    struct report *out)
{
	struct tally *t = NULL, *p;
	size_t nt = 0, n;
	int r = 0;

	memset(out, 0, sizeof(*out));
	(void)snprintf(out->party, sizeof(out->party), "%s", b->party);
	out->leaves = b->leaves;
	out->as_of = b->as_of;
	n = merge(b->m, b->n);
	match(b->m, n);
	for (size_t i = 0; i < n && r == 0; i++) {
		const struct msg *q = &b->m[i];
		bool mine = strcmp(q->from, b->party) == 0;
		const char *peer = mine ? q->to : q->from;

		if (!q->seen || (!mine && strcmp(q->to, b->party) != 0) ||
		    (q->type != MSG_REQUEST && q->type != MSG_NOTICE &&
		    q->type != MSG_PING && !(q->type == MSG_CONTACT_CHECK &&
		    mine)) || !wanted(f, peer, q->created))
			continue;
		if ((p = tally_for(&t, &nt, peer)) == NULL)
			r = HL_ENOMEM;
		else
			r = count(q, b->as_of, p, mine ? 0 : 1);
	}
	if (r == 0 && nt > 0 && (out->rows = calloc(nt,
	    sizeof(*out->rows))) == NULL)
		r = HL_ENOMEM;
	for (size_t i = 0; i < nt; i++) {
		if (r == 0) {
			struct report_row *row = &out->rows[out->n++];

			(void)snprintf(row->peer, sizeof(row->peer), "%s",
			    t[i].peer);
			row->out = t[i].d[0];
			row->in = t[i].d[1];
			row->contact = t[i].contact;
			summarize(&t[i].first[0], &row->out.first);
			summarize(&t[i].final[0], &row->out.final);
			summarize(&t[i].rtt[0], &row->out.rtt);
			summarize(&t[i].first[1], &row->in.first);
			summarize(&t[i].final[1], &row->in.final);
			summarize(&t[i].rtt[1], &row->in.rtt);
		}
		for (int k = 0; k < 2; k++) {
			free(t[i].first[k].v);
			free(t[i].final[k].v);
			free(t[i].rtt[k].v);
		}
	}
	free(t);
	report_abort(b);
	if (r != 0) {
		report_done(out);
		return r;
	}
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), by_peer);
	return 0;
}

void
report_done(struct report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

static json_t *
dist_json(const struct report_dist *d)
{
	if (d->n == 0)
		return json_pack("{s:I, s:n, s:n}", "n", (json_int_t)0, "p50",
		    "p90");
	return json_pack("{s:I, s:I, s:I}", "n", (json_int_t)d->n, "p50",
	    (json_int_t)d->p50, "p90", (json_int_t)d->p90);
}

static json_t *
dir_json(const struct report_dir *d)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:o, s:o, s:o}",
	    "requests", (json_int_t)d->requests,
	    "delivered", (json_int_t)d->delivered,
	    "answered_in_time", (json_int_t)d->in_time,
	    "answered_late", (json_int_t)d->late,
	    "unanswered", (json_int_t)d->unanswered,
	    "overdue", (json_int_t)d->overdue,
	    "withdrawn", (json_int_t)d->withdrawn,
	    "answers_delivered", (json_int_t)d->answers_delivered,
	    "escalations", (json_int_t)d->escalations,
	    "notices", (json_int_t)d->notices,
	    "pings", (json_int_t)d->pings,
	    "pings_answered", (json_int_t)d->pings_answered,
	    "first_response_s", dist_json(&d->first),
	    "final_response_s", dist_json(&d->final),
	    "rtt_ms", dist_json(&d->rtt));
}

static json_t *
contact_json(const struct report_contact *c)
{
	return json_pack("{s:I, s:I, s:I, s:o}", "checks",
	    (json_int_t)c->checks, "acked", (json_int_t)c->acked,
	    "unacked_late", (json_int_t)c->unacked_late, "last",
	    proto_time_json(c->last));
}

json_t *
report_json(const struct report *r, const struct report_filter *f)
{
	json_t *o, *rows;

	rows = json_array();
	/* A report missing a row is not the report: NULL instead. */
	for (size_t i = 0; rows != NULL && i < r->n; i++)
		if (json_array_append_new(rows, json_pack("{s:s, s:o, s:o, "
		    "s:o}", "peer", r->rows[i].peer, "out",
		    dir_json(&r->rows[i].out), "in", dir_json(&r->rows[i].in),
		    "contact", contact_json(&r->rows[i].contact))) != 0) {
			json_decref(rows);
			rows = NULL;
		}
	o = json_pack("{s:s, s:o, s:I, s:{s:o, s:o, s:o, s:o}, s:o}",
	    "party", r->party, "as_of", proto_time_json(r->as_of),
	    "leaves", (json_int_t)r->leaves,
	    "filter", "peer", f->peer != NULL ? json_string(f->peer) :
	    json_null(), "since", proto_time_json(f->since), "until",
	    proto_time_json(f->until), "tier", f->tier >= 0 ?
	    json_string(proto_tier_names[f->tier]) : json_null(),
	    "peers", rows);
	return o;
}

/* "3s/10s", "-" if none; in out (n bytes). */
static const char *
dist_str(const struct report_dist *d, const char *unit, char *out, size_t n)
{
	if (d->n == 0)
		(void)snprintf(out, n, "-");
	else
		(void)snprintf(out, n, "%lld%s/%lld%s", (long long)d->p50, unit,
		    (long long)d->p90, unit);
	return out;
}

void
report_print(const struct report *r, FILE *f)
{
	char asof[PROTO_TIME_LEN], a[48], b[48], c[48];

	proto_time_format(r->as_of, asof);
	(void)fprintf(f, "report of %s's log: %llu leaves, as of %s\n",
	    r->party, (unsigned long long)r->leaves, r->as_of ? asof : "-");
	if (r->n == 0) {
		(void)fprintf(f, "nothing to count\n");
		return;
	}
	(void)fprintf(f, "%-16s %-3s %5s %5s %5s %5s %5s %5s %5s %5s %4s "
	    "%-13s %-13s %7s %5s %s\n", "PEER", "DIR", "REQS", "DELIV",
	    "INTIM", "LATE", "UNANS", "OVERD", "WDRN", "ADELV", "ESC",
	    "FIRST p50/90", "FINAL p50/90", "NOTICES", "PINGS", "RTT p50/90");
	for (size_t i = 0; i < r->n; i++)
		for (int k = 0; k < 2; k++) {
			const struct report_dir *d = k == 0 ? &r->rows[i].out :
			    &r->rows[i].in;
			char pings[32];

			(void)snprintf(pings, sizeof(pings), "%lld/%lld",
			    (long long)d->pings_answered, (long long)d->pings);
			(void)fprintf(f, "%-16s %-3s %5lld %5lld %5lld %5lld "
			    "%5lld %5lld %5lld %5lld %4lld %-13s %-13s %7lld "
			    "%5s %s\n", r->rows[i].peer, k == 0 ? "out" : "in",
			    (long long)d->requests, (long long)d->delivered,
			    (long long)d->in_time, (long long)d->late,
			    (long long)d->unanswered, (long long)d->overdue,
			    (long long)d->withdrawn,
			    (long long)d->answers_delivered,
			    (long long)d->escalations,
			    dist_str(&d->first, "s", a, sizeof(a)),
			    dist_str(&d->final, "s", b, sizeof(b)),
			    (long long)d->notices, pings,
			    dist_str(&d->rtt, "ms", c, sizeof(c)));
		}
	/* Contact checks, for the peers sent any: a person's answer. */
	for (size_t i = 0; i < r->n; i++) {
		const struct report_contact *k = &r->rows[i].contact;

		if (k->checks == 0)
			continue;
		proto_time_format(k->last, a);
		(void)fprintf(f, "%s: last human-confirmed contact: %s (%lld "
		    "of %lld contact checks acknowledged, %lld unacknowledged "
		    "past their deadline)\n", r->rows[i].peer, k->last != 0 ?
		    a : "never", (long long)k->acked, (long long)k->checks,
		    (long long)k->unacked_late);
	}
}
