/*
 * hotline serve: the node daemon, in the foreground. The HTTPS endpoint
 * (http.h) runs in a thread of its own with its own database connection. Each
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
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli.h"
#include "http.h"
#include "log.h"
#include "worker.h"

static const char usage[] = "hotline serve [-n] [-v] [--dir DIR]";

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

/*
 * One daemon per data directory: DIR/serve.lock, flock()ed for the
 * daemon's life and holding its PID as text. The kernel drops the lock
 * when the process ends, however it ends, so a kill -9 leaves nothing
 * stale to clean up. Returns the descriptor to keep open, or -1 having
 * said why.
 */
static int
lock_dir(const char *dir)
{
	struct timespec pause = { 0, 20 * 1000000L };
	char path[4200], pid[32];
	ssize_t k;
	int fd, len, tries = 0, r;

	(void)snprintf(path, sizeof(path), "%s/" NODE_LOCK, dir);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		cli_err("serve", "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	/*
	 * A command asking whether a daemon runs (cli_daemon_running())
	 * holds the lock for an instant: a few tries tell it from a daemon.
	 */
	while ((r = flock(fd, LOCK_EX | LOCK_NB)) != 0 &&
	    errno == EWOULDBLOCK && ++tries < 10)
		(void)nanosleep(&pause, NULL);
	if (r != 0) {
		if (errno != EWOULDBLOCK)
			cli_err("serve", "%s: cannot lock: %s", path,
			    strerror(errno));
		else if ((k = pread(fd, pid, sizeof(pid) - 1, 0)) > 0 &&
		    (pid[k] = '\0', pid[strspn(pid, "0123456789")] == '\n'))
			cli_err("serve", "%s is in use by PID %.*s", dir,
			    (int)strspn(pid, "0123456789"), pid);
		else	/* it has the lock and is about to write its PID */
			cli_err("serve", "%s is in use by another hotline serve",
			    dir);
		(void)close(fd);
		return -1;
	}
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		cli_err("serve", "%s: cannot write: %s", path, strerror(errno));
		(void)close(fd);
		return -1;
	}
	return fd;
}

/* A scheduled ping to every pinned peer. */
static void
ping_all(struct node *n)
{
	struct peer_list pl;
	struct hl_diag d;

	if (store_peer_list(n->st, &pl) != 0)
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
cmd_serve_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct sigaction sa;
	sigset_t stopsigs, waitsigs;
	struct workers *ws = NULL;
	struct waker wk = { -1, -1 };
	struct http *h = NULL;
	struct node *n = NULL;
	struct hl_diag d;
	bool check = false;
	int c, r, verbose = 0, rc = 1, lockfd = -1;
	int64_t next_tick = 0, next_ping = 0;
	char err[800], dir[4096];

	while ((c = getopt_long(argc, argv, "nvh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'n': check = true; break;
		case 'v': verbose++; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	hl_diag_clear(&d);
	if (node_dir(diropt, dir, sizeof(dir)) == 0 &&
	    (r = node_check_modes(dir, &d)) != 0) {
		cli_diag("serve", NULL, r, &d);
		return 1;
	}
	if (cli_node("serve", diropt, &n) != 0)
		return 1;
	/* serve -n takes no lock: it may check beside a running daemon. */
	if (!check && (lockfd = lock_dir(n->dir)) < 0) {
		node_close(n);
		return 1;
	}
	hl_diag_clear(&d);
	if ((r = node_check(n, &d)) != 0) {
		cli_diag("serve", NULL, r, &d);
		node_close(n);
		if (lockfd >= 0)
			(void)close(lockfd);
		return 1;
	}
	if (check) {
		(void)printf("configuration ok: %s (%s, %s) listens on %s\n",
		    n->cfg.party, n->cfg.state, proto_tier_names[n->cfg.tier],
		    n->cfg.listen);
		node_close(n);
		return 0;
	}
	log_init(verbose);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		cli_err("serve", "cannot initialize libcurl");
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
	if (http_start(n->dir, &h, err, sizeof(err)) != 0) {
		cli_err("serve", "%s", err);
		goto out;
	}
	if (workers_new(n->dir, &ws) != 0)
		goto out;
	waker_open(n->dir, &wk);
	log_info("serving party=%s listen=%s", n->cfg.party, n->cfg.listen);
	while (!stopping) {
		struct deadline_result dr;
		int64_t t = proto_mono_ms();

		/*
		 * A poke means the outbox grew, perhaps for a peer pinned a
		 * moment ago; the workers look at their own outboxes often.
		 */
		if (t < next_tick) {
			if (nap(&wk, next_tick - t, &waitsigs)) {
				workers_sync(ws, n->st);
				workers_wake(ws);
			}
			continue;
		}
		/* Pins, deadlines and pings are in seconds: once a second. */
		next_tick = t + 1000;
		workers_sync(ws, n->st);
		/* The first ping waits an interval: restarts do not ping. */
		if (n->cfg.ping_interval > 0 && next_ping == 0)
			next_ping = t + n->cfg.ping_interval * 1000;
		else if (n->cfg.ping_interval > 0 && t >= next_ping) {
			next_ping = t + n->cfg.ping_interval * 1000;
			ping_all(n);
		}
		hl_diag_clear(&d);
		if (node_deadlines(n, (int64_t)time(NULL), &dr, &d) != 0)
			log_warnx("deadlines: %s", d.msg);
		else if (dr.overdue > 0)
			log_info("overdue requests=%d escalated=%d "
			    "no_one_to_escalate_to=%d", dr.overdue,
			    dr.escalated, dr.stranded);
	}
	log_info("stopping party=%s", n->cfg.party);
	rc = 0;
out:
	http_stop(h);
	workers_free(ws);
	waker_close(&wk);
	node_close(n);
	curl_global_cleanup();
	/* Last: the directory is free once everything in it is closed. */
	(void)close(lockfd);
	return rc;
}
