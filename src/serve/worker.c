/*
 * Peer workers. See worker.h.
 *
 * A worker's thread owns everything it uses (its node, its delivery with
 * the keeper thread, its witnessing); what it shares with the main thread
 * is two flags and its wake-up condition. Signals are blocked in every
 * thread but the main one (serve.c), so workers never see SIGTERM.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deliver.h"
#include "log.h"
#include "view.h"
#include "witness.h"
#include "worker.h"
#include "signer.h"

/* How often a worker looks at its outbox when nobody wakes it. */
#define WORKER_NAP_MS	50

struct worker {
	pthread_t	 thread;
	char		 party[HL_MAX_PARTY_LEN + 1];
	const char	*dir;		/* the set's, borrowed */
	atomic_bool	 stop;		/* asked to end: transfers give up */
	atomic_bool	 done;		/* the thread has ended: join it */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;		/* on the monotonic clock */
	bool		 woken;		/* under mu: look at the outbox now */
	struct worker	*next;
};

struct workers {
	char		 dir[4096];
	struct worker	*list;		/* in no particular order */
};

/* Sleeps for up to ms, less if woken or asked to stop. */
static void
worker_nap(struct worker *w, int ms)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	(void)pthread_mutex_lock(&w->mu);
	while (!w->woken && !atomic_load(&w->stop))
		if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) == ETIMEDOUT)
			break;
	w->woken = false;
	(void)pthread_mutex_unlock(&w->mu);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct node *n = NULL;
	struct deliver *dl = NULL;
	struct witness *wt = NULL;
	struct hl_diag d;
	int delay = 1000;

	/*
	 * What cannot start now (the database locked or gone, no memory) is
	 * tried again here, later each time up to a minute, not in a loop.
	 */
	for (;;) {
		hl_diag_clear(&d);
		if (signer_node_open(w->dir, &n, &d) != 0)
			log_warnx("cannot start worker peer=%s: %s", w->party,
			    d.msg);
		else if (deliver_new(n, w->party, &w->stop, &dl) == 0 &&
		    witness_new(n, w->party, &w->stop, &wt) == 0)
			break;
		witness_free(wt);
		deliver_free(dl);
		node_close(n);
		wt = NULL;
		dl = NULL;
		n = NULL;
		worker_nap(w, delay);
		if (atomic_load(&w->stop))
			goto out;
		delay = delay < 30000 ? delay * 2 : 60000;
	}
	log_info("worker started peer=%s", w->party);
	while (!atomic_load(&w->stop)) {
		(void)deliver_pass(dl, proto_mono_ms());
		if (atomic_load(&w->stop))
			break;
		(void)witness_pass(wt, proto_mono_ms());
		worker_nap(w, WORKER_NAP_MS);
	}
	log_info("worker stopped peer=%s", w->party);
out:
	witness_free(wt);
	deliver_free(dl);
	node_close(n);
	atomic_store(&w->done, true);
	return NULL;
}

static void
worker_stop(struct worker *w)
{
	atomic_store(&w->stop, true);
	(void)pthread_mutex_lock(&w->mu);
	(void)pthread_cond_broadcast(&w->cv);
	(void)pthread_mutex_unlock(&w->mu);
}

/* Joins an ended or stopped worker and frees it. */
static void
worker_join(struct worker *w)
{
	(void)pthread_join(w->thread, NULL);
	(void)pthread_cond_destroy(&w->cv);
	(void)pthread_mutex_destroy(&w->mu);
	free(w);
}

static int
worker_start(struct workers *ws, const char *party)
{
	pthread_condattr_t ca;
	struct worker *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return HL_ENOMEM;
	(void)snprintf(w->party, sizeof(w->party), "%s", party);
	w->dir = ws->dir;
	atomic_init(&w->stop, false);
	atomic_init(&w->done, false);
	(void)pthread_mutex_init(&w->mu, NULL);
	(void)pthread_condattr_init(&ca);
	/* Naps are intervals: a wall-clock step must not stretch them. */
	(void)pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	(void)pthread_cond_init(&w->cv, &ca);
	(void)pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		log_warnx("cannot start worker peer=%s: no thread", party);
		(void)pthread_cond_destroy(&w->cv);
		(void)pthread_mutex_destroy(&w->mu);
		free(w);
		return HL_ENOMEM;
	}
	w->next = ws->list;
	ws->list = w;
	return 0;
}

int
workers_new(const char *dir, struct workers **out)
{
	struct workers *ws;

	if ((ws = calloc(1, sizeof(*ws))) == NULL)
		return HL_ENOMEM;
	(void)snprintf(ws->dir, sizeof(ws->dir), "%s", dir);
	*out = ws;
	return 0;
}

static bool
pinned(const struct peer_list *pl, const char *party)
{
	for (size_t i = 0; i < pl->n; i++)
		if (strcmp(pl->c[i].party, party) == 0)
			return true;
	return false;
}

static struct worker *
find(const struct workers *ws, const char *party)
{
	struct worker *w;

	for (w = ws->list; w != NULL; w = w->next)
		if (strcmp(w->party, party) == 0)
			return w;
	return NULL;
}

void
workers_sync(struct workers *ws, struct node *n)
{
	struct peer_list pl;
	struct worker **pp, *w;

	/* Ended: asked to. */
	for (pp = &ws->list; (w = *pp) != NULL;)
		if (atomic_load(&w->done)) {
			*pp = w->next;
			worker_join(w);
		} else
			pp = &w->next;
	if (node_peers_list(n, &pl) != 0)
		return;
	for (w = ws->list; w != NULL; w = w->next)
		if (!atomic_load(&w->stop) && !pinned(&pl, w->party)) {
			log_info("peer=%s no longer pinned: stopping its "
			    "worker", w->party);
			worker_stop(w);
		}
	for (size_t i = 0; i < pl.n; i++)
		if (find(ws, pl.c[i].party) == NULL)
			(void)worker_start(ws, pl.c[i].party);
	free(pl.c);
}

void
workers_wake(struct workers *ws)
{
	struct worker *w;

	for (w = ws->list; w != NULL; w = w->next) {
		(void)pthread_mutex_lock(&w->mu);
		w->woken = true;
		(void)pthread_cond_broadcast(&w->cv);
		(void)pthread_mutex_unlock(&w->mu);
	}
}

void
workers_free(struct workers *ws)
{
	struct worker *w, *next;

	if (ws == NULL)
		return;
	/* All at once, so that they give up their transfers together. */
	for (w = ws->list; w != NULL; w = w->next)
		worker_stop(w);
	for (w = ws->list; w != NULL; w = next) {
		next = w->next;
		worker_join(w);
	}
	free(ws);
}
