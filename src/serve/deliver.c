/*
 * Delivery. See deliver.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "client.h"
#include "deliver.h"
#include "log.h"

#define BACKOFF_MIN_MS	200
#define BACKOFF_MAX_MS	(60 * 1000)
/* A receipt or a problem: a few hundred bytes; anything larger is wrong. */
#define ANSWER_MAX	(16 * 1024)

struct peerq {
	char		 party[HL_MAX_PARTY_LEN + 1];
	CURL		*curl;		/* kept for keep-alive */
	int64_t		 due_ms;	/* next attempt */
	int64_t		 backoff_ms;	/* 0 when all is well */
};

struct deliver {
	struct node	*n;
	struct peerq	*q;
	size_t		 nq;
	struct client_id id;
};

int
deliver_new(struct node *n, struct deliver **out)
{
	struct deliver *dl;

	if ((dl = calloc(1, sizeof(*dl))) == NULL)
		return HL_ENOMEM;
	dl->n = n;
	client_id_init(&dl->id, n->dir);
	*out = dl;
	return 0;
}

void
deliver_free(struct deliver *dl)
{
	if (dl == NULL)
		return;
	for (size_t i = 0; i < dl->nq; i++)
		curl_easy_cleanup(dl->q[i].curl);
	free(dl->q);
	free(dl);
}

static struct peerq *
queue_of(struct deliver *dl, const char *party)
{
	struct peerq *q;

	for (size_t i = 0; i < dl->nq; i++)
		if (strcmp(dl->q[i].party, party) == 0)
			return &dl->q[i];
	if ((q = realloc(dl->q, (dl->nq + 1) * sizeof(*q))) == NULL)
		return NULL;
	dl->q = q;
	q = &dl->q[dl->nq++];
	memset(q, 0, sizeof(*q));
	(void)snprintf(q->party, sizeof(q->party), "%s", party);
	return q;
}

static void
back_off(struct peerq *q, int64_t now_ms)
{
	int64_t jitter;

	q->backoff_ms = q->backoff_ms == 0 ? BACKOFF_MIN_MS :
	    q->backoff_ms * 2;
	if (q->backoff_ms > BACKOFF_MAX_MS)
		q->backoff_ms = BACKOFF_MAX_MS;
	/* Up to a quarter more, so that peers do not retry in step. */
	jitter = (int64_t)randombytes_uniform((uint32_t)(q->backoff_ms / 4 +
	    1));
	q->due_ms = now_ms + q->backoff_ms + jitter;
}

/* The seq a seq-gap problem says is due, or 0. */
static int64_t
expected_seq(const struct buf *b)
{
	json_t *o = json_loadb((const char *)b->p, b->len, 0, NULL), *t, *e;
	int64_t seq = 0;

	if (o != NULL && (t = json_object_get(o, "type")) != NULL &&
	    json_is_string(t) && strcmp(json_string_value(t),
	    "urn:hotline:problem:seq-gap") == 0 &&
	    json_is_integer(e = json_object_get(o, "expected_seq")))
		seq = json_integer_value(e);
	json_decref(o);
	return seq;
}

/* Sends what is due to one peer; returns how many were delivered. */
static int
drain(struct deliver *dl, struct peerq *q, const struct card *peer,
    int64_t now_ms)
{
	struct msg_row m;
	struct hl_diag d;
	struct buf answer;
	char why[256];
	int sent = 0, r;
	long status;

	while (q->due_ms <= now_ms) {
		if ((r = store_outbox_next(dl->n->st, peer->party, &m)) != 0)
			break;
		buf_init(&answer, ANSWER_MAX);
		why[0] = '\0';
		status = client_post(&q->curl, &dl->id, peer, "/v1/messages",
		    "application/json", m.raw, m.rawlen, &answer, why,
		    sizeof(why));
		hl_diag_clear(&d);
		if (status == 200 && (r = node_delivered(dl->n, m.id,
		    answer.p, answer.len, (int64_t)time(NULL), &d)) == 0) {
			log_info("delivered msg=%.12s peer=%s seq=%lld",
			    m.id, peer->party, (long long)m.seq);
			q->backoff_ms = 0;
			sent++;
		} else if (status == 409 && expected_seq(&answer) > 0 &&
		    expected_seq(&answer) <= m.seq) {
			int64_t from = expected_seq(&answer);

			/* The peer lost what it had: send again from there. */
			log_warnx("peer=%s expects seq=%lld: sending again",
			    peer->party, (long long)from);
			if (store_outbox_undeliver(dl->n->st, peer->party,
			    from) != 0)
				back_off(q, now_ms);
		} else {
			char msg[800];

			if (status == 200)
				hl_diag_format(&d, r, msg, sizeof(msg));
			else if (status > 0)
				(void)snprintf(msg, sizeof(msg), "HTTP %ld %.*s",
				    status, (int)answer.len,
				    answer.len ? (const char *)answer.p : "");
			else
				(void)snprintf(msg, sizeof(msg), "%s", why);
			back_off(q, now_ms);
			log_warnx("not delivered msg=%.12s peer=%s seq=%lld "
			    "retry_ms=%lld: %s", m.id, peer->party,
			    (long long)m.seq, (long long)q->backoff_ms, msg);
		}
		buf_done(&answer);
		msg_row_done(&m);
	}
	return sent;
}

struct cards {
	struct card	*c;
	size_t		 n;
};

static int
collect(void *arg, const struct card *c, int64_t added)
{
	struct cards *cs = arg;
	struct card *grown;

	(void)added;
	if ((grown = realloc(cs->c, (cs->n + 1) * sizeof(*grown))) == NULL)
		return HL_ENOMEM;
	cs->c = grown;
	cs->c[cs->n++] = *c;
	return 0;
}

int
deliver_pass(struct deliver *dl, int64_t now_ms)
{
	struct cards cs = { NULL, 0 };
	struct peerq *q;
	int sent = 0;

	/* Peers first, then sending: no write inside the peers' SELECT. */
	if (store_peer_each(dl->n->st, collect, &cs) == 0)
		for (size_t i = 0; i < cs.n; i++)
			if ((q = queue_of(dl, cs.c[i].party)) != NULL)
				sent += drain(dl, q, &cs.c[i], now_ms);
	free(cs.c);
	return sent;
}
