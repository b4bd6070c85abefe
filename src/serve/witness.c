/*
 * Getting the log witnessed by one peer. See witness.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "enc.h"
#include "log.h"
#include "tlog.h"
#include "view.h"
#include "witness.h"

#define WITNESS_EVERY_MS	1000
#define WITNESS_RETRY_MS	5000

struct witness {
	struct node		*n;	/* the worker's, borrowed */
	struct link		 wp;	/* to the peer, with its schedule */
	struct client_id	 id;
	unsigned		 fails;	/* asks not answered in a row */
};

int
witness_new(struct node *n, const char *party, const atomic_bool *stop,
    struct witness **out)
{
	struct witness *w;
	int r;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return HL_ENOMEM;
	w->n = n;
	client_id_init(&w->id, n->dir);
	if ((r = link_init(&w->wp, party, stop)) != 0) {
		log_warnx("cannot start witnessing peer=%s: %s", party,
		    hl_strerror(r));
		witness_free(w);
		return r;
	}
	*out = w;
	return 0;
}

void
witness_free(struct witness *w)
{
	if (w == NULL)
		return;
	link_done(&w->wp);
	free(w);
}

/* "old N\n", the consistency proof from N to size, "\n", the note. */
static int
request(struct node *n, uint64_t old, uint64_t size, const struct buf *note,
    struct buf *out)
{
	struct merkle_proof p = { .len = 0 };
	int r;

	(void)buf_printf(out, "old %llu\n", (unsigned long long)old);
	if (old > 0 && old < size) {
		if ((r = mlog_begin(&n->log)) != 0 ||
		    (r = mlog_consistency(&n->log, old, size, &p)) != 0)
			return r;
		for (size_t i = 0; i < p.len; i++) {
			(void)enc_b64(p.h[i], MERKLE_HASH, out);
			(void)buf_addc(out, '\n');
		}
	}
	(void)buf_addc(out, '\n');
	return buf_add(out, note->p, note->len);
}

/* Asks one peer; *cosigned says whether it cosigned now. */
static int
ask(struct witness *w, struct link *wp, const struct card *peer,
    bool *cosigned)
{
	struct buf note, body, answer;
	struct hl_diag d, cd;
	uint64_t size, old;
	int64_t when;
	char why[256];
	long status;
	int r, tries, added = 0;

	*cosigned = false;
	buf_init(&note, HL_MAX_NOTE_BYTES);
	buf_init(&body, HL_MAX_PROOF_FILE_BYTES);
	buf_init(&answer, HL_MAX_NOTE_BYTES);
	if ((r = node_cosign_from(w->n, peer->party, &note, &size, &old,
	    &when)) != 0)
		goto out;
	/*
	 * The latest is cosigned already (an empty log's too: when says
	 * whether it ever was). Asked again now and then, the peer vouches
	 * that the log was still this size at a later time.
	 */
	if (old >= size && (size > 0 || when > 0) &&
	    (w->n->cfg.cosign_refresh == 0 ||
	    (int64_t)time(NULL) - when < w->n->cfg.cosign_refresh)) {
		r = 0;
		goto out;
	}
	/* At most twice: once more if the peer says it is elsewhere. */
	for (tries = 0; tries < 2; tries++) {
		int64_t have;

		buf_clear(&body);
		buf_clear(&answer);
		if ((r = request(w->n, old, size, &note, &body)) != 0)
			goto out;
		hl_diag_clear(&cd);
		if (client_post(&wp->curl, &w->id, peer, "/v1/cosign",
		    "text/plain", body.p, body.len, &answer, &status, &cd) != 0)
			(void)snprintf(why, sizeof(why), "%.255s", cd.msg);
		if (status == 409 && answer.len > 1 &&
		    answer.p[answer.len - 1] == '\n') {
			answer.p[answer.len - 1] = '\0';
			if (proto_int_parse((char *)answer.p, 0, (int64_t)size,
			    &have)) {
				old = (uint64_t)have;
				continue;
			}
		}
		break;
	}
	if (status != 200) {
		/* Once when it stops, then only under -v, as in deliver.c. */
		if (w->fails++ == 0)
			log_warnx("not cosigned peer=%s size=%llu: %s",
			    peer->party, (unsigned long long)size, status > 0 ?
			    "refused" : why);
		else
			log_debug("not cosigned peer=%s size=%llu attempt=%u: "
			    "%s", peer->party, (unsigned long long)size,
			    w->fails, status > 0 ? "refused" : why);
		r = HL_EIO;
		goto out;
	}
	if (w->fails > 0)
		log_info("peer=%s answers cosigning again after %u attempts",
		    peer->party, w->fails);
	w->fails = 0;
	/* Our note with the line that came back: check it, keep it. */
	hl_diag_clear(&d);
	if ((r = buf_add(&note, answer.p, answer.len)) != 0 ||
	    (r = tlog_add_cosignatures(&w->n->tlog, note.p, note.len, &added,
	    &d)) != 0) {
		log_warnx("bad cosignature peer=%s size=%llu: %s", peer->party,
		    (unsigned long long)size, d.msg);
		goto out;
	}
	log_info("cosigned peer=%s size=%llu", peer->party,
	    (unsigned long long)size);
	*cosigned = true;
out:
	buf_done(&note);
	buf_done(&body);
	buf_done(&answer);
	return r;
}

bool
witness_pass(struct witness *w, int64_t now_ms)
{
	struct card peer;
	bool cosigned;
	int r;

	if (w->wp.due_ms > now_ms ||
	    node_peer_get(w->n, w->wp.party, &peer) != 0)
		return 0;
	r = ask(w, &w->wp, &peer, &cosigned);
	w->wp.due_ms = now_ms + (r != 0 ? WITNESS_RETRY_MS : WITNESS_EVERY_MS);
	return cosigned;
}
