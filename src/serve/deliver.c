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

#define BACKOFF_MIN_MS	200
#define BACKOFF_MAX_MS	(60 * 1000)

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
	bool	resend;		/* the peer lost some: start again */
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
 * (in one transaction), and a refusal ends the batch.
 */
static void
take_answer(struct node *n, const struct card *peer, const struct batch *b,
    struct kept *out)
{
	struct batch_line lines[HL_MAX_BATCH_MSGS];
	struct delivered_item it[HL_MAX_BATCH_MSGS];
	const struct msg_row *m = b->m;
	struct problem pb;
	struct hl_diag d;
	size_t got = 0, kept = 0;
	int r;

	hl_diag_clear(&d);
	if ((r = batch_split(b->answer.p, b->answer.len, lines, b->count, &got,
	    &d)) != 0) {
		log_warnx("not delivered peer=%s seq=%lld: its answer: %s",
		    peer->party, (long long)m[0].seq, d.msg);
		out->failed = true;
		return;
	}
	for (size_t i = 0; i < got; i++) {
		if (problem_parse(lines[i].p, lines[i].len, &pb)) {
			got = i;
			break;
		}
		it[i].id = m[i].id;
		it[i].p = lines[i].p;
		it[i].len = lines[i].len;
	}
	r = node_delivered_batch(n, it, got, (int64_t)time(NULL), &kept, &d);
	for (size_t i = 0; i < kept; i++)
		log_info("delivered msg=%.12s peer=%s seq=%lld", m[i].id,
		    peer->party, (long long)m[i].seq);
	out->n += kept;
	if (r != 0) {
		char msg[800];

		hl_diag_format(&d, r, msg, sizeof(msg));
		log_warnx("not delivered msg=%.12s peer=%s seq=%lld: %s",
		    m[kept].id, peer->party, (long long)m[kept].seq, msg);
		out->failed = true;
	} else if (kept == b->count)
		return;
	else if (!problem_parse(lines[kept].p, lines[kept].len, &pb)) {
		log_warnx("not delivered msg=%.12s peer=%s seq=%lld: no "
		    "answer for it", m[kept].id, peer->party,
		    (long long)m[kept].seq);
		out->failed = true;
	} else if (strcmp(pb.slug, "seq-gap") == 0 && pb.expected_seq > 0 &&
	    pb.expected_seq <= m[kept].seq) {
		/* The peer lost what it had: send again from there. */
		log_warnx("peer=%s expects seq=%lld: sending again",
		    peer->party, (long long)pb.expected_seq);
		if (store_outbox_undeliver(n->st, peer->party,
		    pb.expected_seq) != 0)
			out->failed = true;
		out->resend = true;
	} else {
		log_warnx("not delivered msg=%.12s peer=%s seq=%lld: %s: %s",
		    m[kept].id, peer->party, (long long)m[kept].seq, pb.slug,
		    pb.detail);
		out->failed = true;
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
		k->out.n += out.n;
		k->out.failed |= out.failed;
		k->out.resend |= out.resend;
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
	    (r = node_open(n->dir, &dl->k.n, &d)) != 0)
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

/* POSTs batch b to peer; false (and logged) if it has no 200 answer. */
static bool
post(struct deliver *dl, struct link *q, const struct card *peer,
    struct batch *b, struct buf *body)
{
	struct problem pb;
	char why[256];
	long status;

	body->len = 0;
	for (size_t i = 0; i < b->count; i++) {
		(void)buf_add(body, b->m[i].raw, b->m[i].rawlen);
		(void)buf_addc(body, '\n');
	}
	why[0] = '\0';
	status = client_post(&q->curl, &dl->id, peer, "/v1/messages",
	    BATCH_TYPE, body->p, body->len, &b->answer, why, sizeof(why));
	if (status == 200)
		return true;
	if (status > 0 && problem_parse(b->answer.p, b->answer.len, &pb))
		log_warnx("not delivered peer=%s seq=%lld: HTTP %ld %s: %s",
		    peer->party, (long long)b->m[0].seq, status, pb.slug,
		    pb.detail);
	else if (status > 0)
		log_warnx("not delivered peer=%s seq=%lld: HTTP %ld",
		    peer->party, (long long)b->m[0].seq, status);
	else
		log_warnx("not delivered peer=%s seq=%lld: %s", peer->party,
		    (long long)b->m[0].seq, why);
	return false;
}

/* Sends what is due to one peer, a batch at a time; returns how many. */
static int
drain(struct deliver *dl, struct link *q, const struct card *peer,
    int64_t now_ms)
{
	struct buf body;
	struct kept k, all = { 0, false, false };
	int64_t after = 0;

	if (q->due_ms > now_ms)
		return 0;
	buf_init(&body, HL_MAX_BATCH_BYTES);
	while (!all.failed && !all.resend &&
	    store_outbox_due(dl->n->st, peer->party, after, HL_MAX_BATCH_MSGS,
	    HL_MAX_BATCH_BYTES - HL_MAX_BATCH_MSGS, dl->b.m,
	    &dl->b.count) == 0) {
		bool ok = post(dl, q, peer, &dl->b, &body);

		/* The batch before is kept by now, or it went wrong. */
		k = keeper_wait(&dl->k);
		all.n += k.n;
		all.failed = !ok || k.failed;
		all.resend = k.resend;
		if (all.failed || all.resend) {
			/* What this one got is seen again at the next pass. */
			batch_clear(&dl->b);
			break;
		}
		after = dl->b.m[dl->b.count - 1].seq;
		keeper_give(&dl->k, peer, &dl->b);
	}
	k = keeper_wait(&dl->k);
	all.n += k.n;
	all.failed |= k.failed;
	buf_done(&body);
	/* A resend starts at the next pass, from the seq the peer named. */
	if (all.failed) {
		link_back_off(q, now_ms, BACKOFF_MIN_MS, BACKOFF_MAX_MS);
		log_info("peer=%s retry_ms=%lld", peer->party,
		    (long long)q->backoff_ms);
	} else
		q->backoff_ms = 0;
	return (int)all.n;
}

int
deliver_pass(struct deliver *dl, int64_t now_ms)
{
	struct card peer;

	if (dl->q.due_ms > now_ms)
		return 0;
	/* Read each time: a card replaced while serving counts at once. */
	if (store_peer_get(dl->n->st, dl->q.party, &peer) != 0)
		return 0;
	return drain(dl, &dl->q, &peer, now_ms);
}
