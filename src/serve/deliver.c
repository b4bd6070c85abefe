/*
 * Delivery. See deliver.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "deliver.h"
#include "log.h"

#define BACKOFF_MIN_MS	200
#define BACKOFF_MAX_MS	(60 * 1000)
/* A receipt or a problem: a few hundred bytes; anything larger is wrong. */
#define ANSWER_MAX	(16 * 1024)

struct deliver {
	struct node	*n;
	struct links	 links;
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
	links_free(&dl->links);
	free(dl);
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
drain(struct deliver *dl, struct link *q, const struct card *peer,
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
				link_back_off(q, now_ms, BACKOFF_MIN_MS, BACKOFF_MAX_MS);
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
			link_back_off(q, now_ms, BACKOFF_MIN_MS, BACKOFF_MAX_MS);
			log_warnx("not delivered msg=%.12s peer=%s seq=%lld "
			    "retry_ms=%lld: %s", m.id, peer->party,
			    (long long)m.seq, (long long)q->backoff_ms, msg);
		}
		buf_done(&answer);
		msg_row_done(&m);
	}
	return sent;
}

int
deliver_pass(struct deliver *dl, int64_t now_ms)
{
	struct peer_list pl;
	struct link *q;
	int sent = 0;

	/* Peers first, then sending: no write inside the peers' SELECT. */
	if (store_peer_list(dl->n->st, &pl) == 0)
		for (size_t i = 0; i < pl.n; i++)
			if ((q = links_get(&dl->links, pl.c[i].party)) != NULL)
				sent += drain(dl, q, &pl.c[i], now_ms);
	free(pl.c);
	return sent;
}
