/*
 * Delivery to one peer. See deliver.h.
 *
 * Two stages, so that the network and the peer work while this node
 * checks receipts: the peer's worker POSTs a batch and hands the answer
 * to the keeper thread, then POSTs the next batch while the keeper
 * checks and keeps the receipts of the last. At most two batches are
 * between the outbox and a kept receipt, and only one is on the wire, so
 * the peer still sees the messages in seq order.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "client.h"
#include "deliver.h"
#include "log.h"
#include "view.h"
#include "signer.h"

#define BACKOFF_MIN_MS	200
#define BACKOFF_MAX_MS	(60 * 1000)
#define RESEND_MIN_MS	1000
#define RESEND_MAX_MS	(3600 * 1000)

/* One batch: the messages sent and the peer's answer. */
struct batch {
	struct msg_row	*m;		/* HL_MAX_BATCH_MSGS of them */
	size_t		 count;
	struct buf	 answer;
};

/* What the keeper made of a batch's answer. */
struct kept {
	size_t	n;		/* messages delivered */
	bool	failed;		/* leave the peer alone for a while */
	int64_t	resend_from;	/* the peer lost some: start again from
				   this seq (0: none), */
	int64_t	resend_through;	/* receipted or not up to this one */
};

struct keeper {
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct node	*n;		/* its own, with its own connection */
	struct card	 peer;
	struct batch	 b;
	bool		 busy;		/* b is being kept */
	bool		 quit;
	struct kept	 out;		/* since the last keeper_wait() */
};

struct deliver {
	struct node	*n;		/* the worker's, borrowed */
	struct link	 q;		/* to the peer, with its back-off */
	struct client_id id;
	struct batch	 b;		/* the one on the wire */
	struct keeper	 k;
	bool		 started;	/* k.thread runs */
	unsigned	 fails;		/* attempts in a row the peer did not
					   take, this run */
	bool		 expired;	/* its card's end was logged */
};

static int
batch_init(struct batch *b)
{
	if ((b->m = calloc(HL_MAX_BATCH_MSGS, sizeof(*b->m))) == NULL)
		return HL_ENOMEM;
	buf_init(&b->answer, HL_MAX_BATCH_ANSWER);
	return 0;
}

static void
batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->count; i++)
		msg_row_done(&b->m[i]);
	b->count = 0;
	b->answer.len = 0;
}

static void
batch_done(struct batch *b)
{
	if (b->m != NULL)
		batch_clear(b);
	free(b->m);
	buf_done(&b->answer);
}

/*
 * What the peer's answer to a batch says: the receipts it holds are kept
 * (in one transaction), and a refusal ends the batch. The answer is the
 * peer's: nothing in it can take back a receipt already kept.
 */
static void
take_answer(struct node *n, const struct card *peer, const struct batch *b,
    struct kept *out)
{
	struct batch_answer a;
	struct delivered_item it[HL_MAX_BATCH_MSGS];
	const struct msg_row *m = b->m;
	const struct problem *pb = &a.pb;
	struct rollback rb;
	struct hl_diag d;
	size_t kept = 0, again = 0;
	int64_t now = (int64_t)time(NULL);
	char msg[800];
	int r;

	hl_diag_clear(&d);
	if ((r = batch_answer_read(b->answer.p, b->answer.len, b->count, &a,
	    &d)) != 0) {
		hl_diag_format(&d, r, msg, sizeof(msg));
		log_warnx("not delivered peer=%s seq=%lld: its answer: %s",
		    peer->party, (long long)m[0].seq, msg);
		out->failed = true;
		return;
	}
	for (size_t i = 0; i < a.receipts; i++) {
		it[i].id = m[i].id;
		it[i].p = a.line[i].p;
		it[i].len = a.line[i].len;
	}
	r = node_delivered_batch(n, it, a.receipts, now, &kept, &again, &d);
	for (size_t i = 0; i < kept; i++)
		log_info("delivered msg=%.12s peer=%s seq=%lld", m[i].id,
		    peer->party, (long long)m[i].seq);
	if (again > 0)
		log_warnx("peer=%s receipted %zu messages again, at other "
		    "leaves: kept beside the first receipts", peer->party,
		    again);
	out->n += kept;
	if (r != 0) {
		hl_diag_format(&d, r, msg, sizeof(msg));
		log_warnx("not delivered msg=%.12s peer=%s seq=%lld: %s",
		    m[kept].id, peer->party, (long long)m[kept].seq, msg);
		(void)node_alarm(n, ALARM_REFUSED, peer->party, m[kept].id,
		    msg, now);
		out->failed = true;
		return;
	}
	if (kept > 0)
		(void)node_alarm_clear(n, ALARM_REFUSED, peer->party, NULL);
	if (a.end == ANSWER_ALL)
		return;
	if (a.end == ANSWER_SHORT) {
		log_warnx("not delivered msg=%.12s peer=%s seq=%lld: no "
		    "answer for it", m[kept].id, peer->party,
		    (long long)m[kept].seq);
		out->failed = true;
		return;
	}
	if (strcmp(pb->slug, "seq-gap") == 0 && pb->expected_seq > 0 &&
	    pb->expected_seq < m[kept].seq) {
		hl_diag_clear(&d);
		if (node_peer_rollback(n, peer->party, pb->expected_seq,
		    m[kept].seq, now, &rb, &d) != 0) {
			log_warnx("peer=%s expects seq=%lld: %s", peer->party,
			    (long long)pb->expected_seq, d.msg);
			out->failed = true;
			return;
		}
		if (rb.from > 0)
			log_warnx("ALARM peer=%s asks again for seq=%lld..%lld, "
			    "which it receipted at its leaves %lld..%lld: "
			    "rolled back or forked; receipts kept, sending "
			    "again", peer->party, (long long)rb.from,
			    (long long)rb.through, (long long)rb.first_leaf,
			    (long long)rb.last_leaf);
		else
			log_warnx("peer=%s expects seq=%lld: sending again",
			    peer->party, (long long)pb->expected_seq);
		out->resend_from = pb->expected_seq;
		out->resend_through = rb.through;
		return;
	}
	log_warnx("not delivered msg=%.12s peer=%s seq=%lld: %s: %s",
	    m[kept].id, peer->party, (long long)m[kept].seq, pb->slug,
	    pb->detail);
	(void)snprintf(msg, sizeof(msg), "%s: %s", pb->slug, pb->detail);
	(void)node_alarm(n, ALARM_REFUSED, peer->party, m[kept].id, msg, now);
	out->failed = true;
}

/* What the keeper did since the last look, added to what came before. */
static void
add_kept(struct kept *all, const struct kept *k)
{
	all->n += k->n;
	all->failed |= k->failed;
	if (k->resend_from != 0) {
		all->resend_from = k->resend_from;
		all->resend_through = k->resend_through;
	}
}

static void *
keeper_main(void *arg)
{
	struct keeper *k = arg;
	struct kept out;

	(void)pthread_mutex_lock(&k->mu);
	for (;;) {
		while (!k->busy && !k->quit)
			(void)pthread_cond_wait(&k->cv, &k->mu);
		if (!k->busy)
			break;
		(void)pthread_mutex_unlock(&k->mu);
		memset(&out, 0, sizeof(out));
		take_answer(k->n, &k->peer, &k->b, &out);
		batch_clear(&k->b);
		(void)pthread_mutex_lock(&k->mu);
		add_kept(&k->out, &out);
		k->busy = false;
		(void)pthread_cond_broadcast(&k->cv);
	}
	(void)pthread_mutex_unlock(&k->mu);
	return NULL;
}

/* Waits until the keeper is idle; what it did since the last wait. */
static struct kept
keeper_wait(struct keeper *k)
{
	struct kept out;

	(void)pthread_mutex_lock(&k->mu);
	while (k->busy)
		(void)pthread_cond_wait(&k->cv, &k->mu);
	out = k->out;
	memset(&k->out, 0, sizeof(k->out));
	(void)pthread_mutex_unlock(&k->mu);
	return out;
}

/* Hands an idle keeper batch b (swapped with its empty one). */
static void
keeper_give(struct keeper *k, const struct card *peer, struct batch *b)
{
	struct batch t;

	(void)pthread_mutex_lock(&k->mu);
	t = k->b;
	k->b = *b;
	*b = t;
	k->peer = *peer;
	k->busy = true;
	(void)pthread_cond_broadcast(&k->cv);
	(void)pthread_mutex_unlock(&k->mu);
}

int
deliver_new(struct node *n, const char *party, const atomic_bool *stop,
    struct deliver **out)
{
	struct deliver *dl;
	struct hl_diag d;
	int r;

	if ((dl = calloc(1, sizeof(*dl))) == NULL)
		return HL_ENOMEM;
	dl->n = n;
	client_id_init(&dl->id, n->dir);
	hl_diag_clear(&d);
	if ((r = link_init(&dl->q, party, stop)) != 0)
		goto fail;
	if ((r = batch_init(&dl->b)) != 0 || (r = batch_init(&dl->k.b)) != 0 ||
	    (r = signer_node_open(n->dir, &dl->k.n, &d)) != 0)
		goto fail;
	(void)pthread_mutex_init(&dl->k.mu, NULL);
	(void)pthread_cond_init(&dl->k.cv, NULL);
	if (pthread_create(&dl->k.thread, NULL, keeper_main, &dl->k) != 0) {
		r = HL_ENOMEM;
		goto fail;
	}
	dl->started = true;
	*out = dl;
	return 0;
fail:
	log_warnx("cannot start delivery peer=%s: %s", party,
	    d.msg[0] != '\0' ? d.msg : hl_strerror(r));
	deliver_free(dl);
	return r;
}

void
deliver_free(struct deliver *dl)
{
	if (dl == NULL)
		return;
	if (dl->started) {
		(void)pthread_mutex_lock(&dl->k.mu);
		dl->k.quit = true;
		(void)pthread_cond_broadcast(&dl->k.cv);
		(void)pthread_mutex_unlock(&dl->k.mu);
		(void)pthread_join(dl->k.thread, NULL);
		(void)pthread_mutex_destroy(&dl->k.mu);
		(void)pthread_cond_destroy(&dl->k.cv);
	}
	node_close(dl->k.n);
	batch_done(&dl->b);
	batch_done(&dl->k.b);
	link_done(&dl->q);
	free(dl);
}

/*
 * POSTs batch b to peer; false (logged, and why says it) if it has no
 * 200 answer.
 */
static bool
post(struct deliver *dl, struct link *q, const struct card *peer,
    struct batch *b, struct buf *body, char *why, size_t whyn)
{
	struct problem pb;
	struct hl_diag d;
	long status;

	body->len = 0;
	for (size_t i = 0; i < b->count; i++) {
		(void)buf_add(body, b->m[i].raw, b->m[i].rawlen);
		(void)buf_addc(body, '\n');
	}
	hl_diag_clear(&d);
	if (client_post(&q->curl, &dl->id, peer, "/v1/messages", BATCH_TYPE,
	    body->p, body->len, &b->answer, &status, &d) != 0)
		(void)snprintf(why, whyn, "%.255s", d.msg);
	else if (status == 200)
		return true;
	else if (problem_parse(b->answer.p, b->answer.len, &pb))
		(void)snprintf(why, whyn, "HTTP %ld %s: %.300s", status, pb.slug,
		    pb.detail);
	else
		(void)snprintf(why, whyn, "HTTP %ld", status);
	/*
	 * Said when the peer stops taking them; each retry after that only
	 * under -v, until it takes them again (drain()), so a peer that is
	 * down for a day is one warning, not one every back-off.
	 */
	if (dl->fails == 0)
		log_warnx("not delivered peer=%s seq=%lld: %s", peer->party,
		    (long long)b->m[0].seq, why);
	else
		log_debug("not delivered peer=%s seq=%lld attempt=%u: %s",
		    peer->party, (long long)b->m[0].seq, dl->fails + 1, why);
	return false;
}

/*
 * The next batch after seq after: first what the peer asked for again
 * (receipted or not), then what is due.
 */
static int
next_batch(struct deliver *dl, const struct link *q, const char *peer,
    int64_t after)
{
	struct batch *b = &dl->b;

	return node_outbox_next(dl->n, peer, after, q->resend_from,
	    q->resend_through, HL_MAX_BATCH_MSGS,
	    HL_MAX_BATCH_BYTES - HL_MAX_BATCH_MSGS, b->m, &b->count);
}

/*
 * Whether the peer answers, for its alarm: one that has not for
 * unreachable_after is reported, and cleared once it answers again.
 */
static void
reachable(struct deliver *dl, struct link *q, const struct card *peer,
    bool ok, const char *why, int64_t now_ms)
{
	char detail[400];

	if (ok) {
		q->down_since_ms = 0;
		/* drain() says it is back. */
		if (q->reach != LINK_UP && node_alarm_clear(dl->n,
		    ALARM_UNREACHABLE, peer->party, NULL) == 0)
			q->reach = LINK_UP;
		return;
	}
	if (q->down_since_ms == 0)
		q->down_since_ms = now_ms;
	if (q->reach == LINK_DOWN || now_ms - q->down_since_ms <
	    dl->n->cfg.unreachable_after * 1000)
		return;
	(void)snprintf(detail, sizeof(detail), "no delivery for %llds: %.300s",
	    (long long)((now_ms - q->down_since_ms) / 1000), why);
	if (node_alarm(dl->n, ALARM_UNREACHABLE, peer->party, NULL, detail,
	    (int64_t)time(NULL)) == 0) {
		log_warnx("ALARM peer=%s unreachable: %s", peer->party,
		    detail);
		q->reach = LINK_DOWN;
	}
}

/* Sends what is due to one peer, a batch at a time; returns how many. */
static int
drain(struct deliver *dl, struct link *q, const struct card *peer,
    int64_t now_ms)
{
	struct buf body;
	struct kept k, all;
	int64_t after = 0, delay;
	bool ok = true, posted = false;
	char why[400] = "";

	if (q->due_ms > now_ms)
		return 0;
	memset(&all, 0, sizeof(all));
	buf_init(&body, HL_MAX_BATCH_BYTES);
	while (!all.failed && all.resend_from == 0 &&
	    next_batch(dl, q, peer->party, after) == 0) {
		ok = post(dl, q, peer, &dl->b, &body, why, sizeof(why));
		posted = true;
		/* The batch before is kept by now, or it went wrong. */
		k = keeper_wait(&dl->k);
		add_kept(&all, &k);
		all.failed |= !ok;
		if (all.failed || all.resend_from != 0) {
			/* What this one got is seen again at the next pass. */
			batch_clear(&dl->b);
			break;
		}
		after = dl->b.m[dl->b.count - 1].seq;
		keeper_give(&dl->k, peer, &dl->b);
	}
	k = keeper_wait(&dl->k);
	add_kept(&all, &k);
	buf_done(&body);
	if (posted) {
		reachable(dl, q, peer, ok, why, now_ms);
		if (ok && dl->fails > 0)
			log_info("peer=%s reachable again after %u attempts",
			    peer->party, dl->fails);
		dl->fails = ok ? 0 : dl->fails + 1;
	}
	if (all.resend_from != 0) {
		/*
		 * The peer asked again for what it had: send it again, from
		 * the seq it named, but later each time it asks (1 s, twice
		 * that, ... an hour), so that a peer cannot make this node
		 * resend its history in a loop.
		 */
		q->resend_from = all.resend_from;
		if (all.resend_through > q->resend_through)
			q->resend_through = all.resend_through;
		/* Nothing receipted to send again: what is due comes next. */
		if (q->resend_through < q->resend_from)
			q->resend_from = q->resend_through = 0;
		delay = RESEND_MIN_MS << (q->rollbacks < 12 ? q->rollbacks : 12);
		if (delay > RESEND_MAX_MS)
			delay = RESEND_MAX_MS;
		q->rollbacks++;
		q->due_ms = now_ms + delay;
		log_info("peer=%s resend_ms=%lld", peer->party,
		    (long long)delay);
	} else if (all.failed) {
		/*
		 * A peer that took some of it (room came back on its disk)
		 * is taking again: the rest goes soon, not a minute later.
		 */
		if (all.n > 0)
			q->backoff_ms = 0;
		link_back_off(q, now_ms, BACKOFF_MIN_MS, BACKOFF_MAX_MS);
		if (dl->fails <= 1)
			log_info("peer=%s retry_ms=%lld", peer->party,
			    (long long)q->backoff_ms);
		else
			log_debug("peer=%s retry_ms=%lld", peer->party,
			    (long long)q->backoff_ms);
	} else {
		q->backoff_ms = 0;
		/* Everything asked for again went, and was kept. */
		if (q->resend_through > 0 && after >= q->resend_through)
			q->resend_from = q->resend_through = 0;
	}
	return (int)all.n;
}

int
deliver_pass(struct deliver *dl, int64_t now_ms)
{
	struct card peer;

	if (dl->q.due_ms > now_ms)
		return 0;
	/* Read each time: a card replaced while serving counts at once. */
	if (node_peer_get(dl->n, dl->q.party, &peer) != 0)
		return 0;
	/*
	 * An expired card vouches for no key and no endpoint: what is
	 * queued waits, held, until a valid card is pinned, and is looked
	 * at again in ten seconds; status shows it as a card-expired alarm
	 * (present.c), said here once per run. (now_ms is the monotonic
	 * clock; a card's times are the wall clock's.)
	 */
	if (!card_valid_at(&peer, (int64_t)time(NULL))) {
		if (!dl->expired) {
			char t[PROTO_TIME_LEN];

			proto_time_format(peer.not_after, t);
			log_warnx("peer=%s card serial %lld not valid now "
			    "(until %s): delivery held", peer.party,
			    (long long)peer.serial, t);
			dl->expired = true;
		}
		dl->q.due_ms = now_ms + 10 * 1000;
		return 0;
	}
	dl->expired = false;
	return drain(dl, &dl->q, &peer, now_ms);
}
