/*
 * hotline serve: the node daemon, in the foreground. The HTTPS endpoint
 * (http.h) runs in a thread of its own with its own database connection,
 * and so does the TAXII listener when taxii_listen is set. Each
 * pinned peer has a worker thread (worker.h) that delivers its outbox and
 * gets the log witnessed by it, over connections of its own, so that no
 * peer waits on another's network. This thread never touches the network:
 * it reads the wake FIFO and wakes the workers, starts and stops them as
 * peers are pinned and unpinned, and once a second marks deadlines and
 * queues pings (database only). SIGTERM and SIGINT stop everything
 * cleanly and promptly, even with a transfer hanging on a silent peer;
 * they are delivered to this thread only, in its wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "events.h"
#include "http.h"
#include "notify.h"
#include "serve.h"
#include "signer.h"
#include "log.h"
#include "view.h"
#include "worker.h"

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/*
 * The wake FIFO (see node_wake): its read end, and a write end held open
 * so that the read end never sees end-of-file. -1 if there is none; the
 * workers then only look every 50 ms.
 */
struct waker {
	int	r, w;
};

static void
waker_open(const char *dir, struct waker *wk)
{
	char path[4200];
	struct stat sb;

	wk->r = wk->w = -1;
	(void)snprintf(path, sizeof(path), "%s/" NODE_WAKE_FILE, dir);
	if (mkfifo(path, 0600) != 0 && errno != EEXIST) {
		log_warnx("%s: cannot create: %s", path, strerror(errno));
		return;
	}
	if ((wk->r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    fstat(wk->r, &sb) != 0 || !S_ISFIFO(sb.st_mode) ||
	    (wk->w = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		log_warnx("%s: not a usable FIFO; delivery looks every 50 ms",
		    path);
		if (wk->r >= 0)
			(void)close(wk->r);
		wk->r = -1;
	}
}

static void
waker_close(struct waker *wk)
{
	if (wk->r >= 0)
		(void)close(wk->r);
	if (wk->w >= 0)
		(void)close(wk->w);
}

/*
 * Sleeps for up to ms, less if woken or signalled; true if woken. The
 * stop signals are blocked but in this wait (sigs: the mask that lets
 * them in), so none can slip in between the caller's look at stopping
 * and the wait.
 */
static bool
nap(const struct waker *wk, int64_t ms, const sigset_t *sigs)
{
	struct timespec ts;
	fd_set fds;
	char b[512];
	int nfds = 0;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	FD_ZERO(&fds);
	/* Opened before any peer's connection: far below FD_SETSIZE. */
	if (wk->r >= 0 && wk->r < FD_SETSIZE) {
		FD_SET(wk->r, &fds);
		nfds = wk->r + 1;
	}
	if (pselect(nfds, &fds, NULL, NULL, &ts, sigs) <= 0 || nfds == 0)
		return false;
	while (read(wk->r, b, sizeof(b)) > 0)
		continue;
	return true;
}

/* A scheduled ping to every pinned peer. */
static void
ping_all(struct node *n)
{
	struct peer_list pl;
	struct hl_diag d;

	if (node_peers_list(n, &pl) != 0)
		return;
	for (size_t i = 0; i < pl.n; i++) {
		char id[65];

		hl_diag_clear(&d);
		if (node_ping(n, pl.c[i].party, (int64_t)time(NULL), id,
		    &d) == 0)
			log_info("ping msg=%.12s peer=%s", id, pl.c[i].party);
		else
			log_warnx("ping peer=%s: %s", pl.c[i].party, d.msg);
	}
	free(pl.c);
}

int
serve_run(struct node *n, int verbose, struct hl_diag *d)
{
	struct sigaction sa;
	sigset_t stopsigs, waitsigs;
	struct workers *ws = NULL;
	struct waker wk = { -1, -1 };
	struct http *h = NULL, *th = NULL, *ch = NULL;
	struct notify *nt = NULL;
	int r;
	int64_t next_tick = 0, next_ping = 0;

	log_init(verbose);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		r = hl_diag_set(d, HL_EINVAL, NULL, "cannot initialize libcurl");
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
	/* Blocked from here on, and so in every thread started from here. */
	(void)sigemptyset(&stopsigs);
	(void)sigaddset(&stopsigs, SIGTERM);
	(void)sigaddset(&stopsigs, SIGINT);
	(void)pthread_sigmask(SIG_BLOCK, &stopsigs, &waitsigs);
	(void)sigdelset(&waitsigs, SIGTERM);
	(void)sigdelset(&waitsigs, SIGINT);
	if ((r = http_start(n->dir, &h, d)) != 0 ||
	    (n->cfg.taxii_listen[0] != '\0' &&
	    (r = http_start_taxii(n->dir, &th, d)) != 0) ||
	    (r = notify_start(n->dir, &nt, d)) != 0 ||
	    (r = workers_new(n->dir, &ws)) != 0)
		goto out;
	/*
	 * The console on its default address is a convenience: another node
	 * on this machine may have it, and then this one serves without. One
	 * the config names is the operator's intent, and fails the start.
	 */
	if (n->cfg.console_listen[0] != '\0' &&
	    (r = http_start_console(n->dir, &ch, d)) != 0) {
		if (n->cfg.console_set || r != HL_EIO)
			goto out;
		log_warnx("console off: %s (set console_listen, or none)",
		    d->msg);
		hl_diag_clear(d);
	}
	waker_open(n->dir, &wk);
	log_info("serving party=%s listen=%s", n->cfg.party, n->cfg.listen);
	if (th != NULL)
		log_info("serving TAXII taxii_listen=%s", n->cfg.taxii_listen);
	if (ch != NULL)
		log_info("serving console console_listen=%s",
		    n->cfg.console_listen);
	/* Up: from here on the network process's end is no start failure. */
	signer_ready();
	while (!stopping) {
		struct deadline_result dr;
		struct hl_diag dd;
		int64_t t = proto_mono_ms();

		/*
		 * A poke means the outbox grew, perhaps for a peer pinned a
		 * moment ago; the workers look at their own outboxes often.
		 */
		if (t < next_tick) {
			if (nap(&wk, next_tick - t, &waitsigs)) {
				workers_sync(ws, n);
				workers_wake(ws);
			}
			continue;
		}
		/* Pins, deadlines and pings are in seconds: once a second. */
		next_tick = t + 1000;
		workers_sync(ws, n);
		/* The first ping waits an interval: restarts do not ping. */
		if (n->cfg.ping_interval > 0 && next_ping == 0)
			next_ping = t + n->cfg.ping_interval * 1000;
		else if (n->cfg.ping_interval > 0 && t >= next_ping) {
			next_ping = t + n->cfg.ping_interval * 1000;
			ping_all(n);
		}
		hl_diag_clear(&dd);
		if (node_deadlines(n, (int64_t)time(NULL), &dr, &dd) != 0)
			log_warnx("deadlines: %s", dd.msg);
		else if (dr.overdue > 0)
			log_info("overdue requests=%d escalated=%d "
			    "no_one_to_escalate_to=%d", dr.overdue,
			    dr.escalated, dr.stranded);
		/* The deadline thresholds no state change marks. */
		if (events_scan(n, (int64_t)time(NULL), NULL) != 0)
			log_warnx("events: cannot look for deadlines");
		notify_wake(nt);
	}
	log_info("stopping party=%s", n->cfg.party);
	r = 0;
out:
	http_stop(ch);
	http_stop(th);
	http_stop(h);
	notify_stop(nt);
	workers_free(ws);
	waker_close(&wk);
	curl_global_cleanup();
	return r;
}
