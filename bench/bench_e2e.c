/*
 * Messages per second end to end between two daemons on loopback: from a
 * message in aa's outbox to bb's receipt checked and kept at aa. Beside
 * it, the Ed25519 limit measured in the same run: one sign and one verify
 * for the message, one of each for its receipt. Then latency at a fixed
 * offered load: a thread queues messages on a timer (its own connection,
 * as `hotline send` would) and each one's time runs from just before it is
 * queued to the daemon's "delivered" line, read from its stderr pipe.
 *
 * Usage: bench_e2e HOTLINE [COUNT]
 */
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "hl.h"
#include "node.h"

extern char **environ;

/* Runs `HOTLINE serve --dir DIR`; its stderr goes to *fd if asked. */
static pid_t
serve(const char *hotline, const char *dir, int *fd)
{
	char *argv[] = { (char *)hotline, "serve", "--dir", (char *)dir, NULL };
	posix_spawn_file_actions_t fa;
	int p[2];
	pid_t pid;

	(void)posix_spawn_file_actions_init(&fa);
	if (fd != NULL) {
		if (pipe(p) != 0)
			abort();
		(void)posix_spawn_file_actions_addclose(&fa, p[0]);
		(void)posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	} else
		(void)posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1,
		    0);
	if (posix_spawn(&pid, hotline, &fa, NULL, argv, environ) != 0)
		abort();
	(void)posix_spawn_file_actions_destroy(&fa);
	if (fd != NULL) {
		(void)close(p[1]);
		*fd = p[0];
	}
	return pid;
}

/* The daemon's stderr, line by line. */
struct lines {
	int	fd;
	char	buf[65536];
	size_t	len;
};

/* The seq of the next "delivered" line, and when it was read; -1 at EOF. */
static long
next_delivered(struct lines *l, double *when)
{
	for (;;) {
		char *nl = memchr(l->buf, '\n', l->len), *p;
		ssize_t got;

		if (nl != NULL) {
			long seq = -1;
			size_t used = (size_t)(nl - l->buf) + 1;

			*nl = '\0';
			/* After the line's time, when it has one (log.c). */
			if ((p = strstr(l->buf, "hotline serve: ")) != NULL &&
			    strncmp(p, "hotline serve: delivered ", 25) == 0 &&
			    (p = strstr(l->buf, " seq=")) != NULL)
				seq = strtol(p + 5, NULL, 10);
			memmove(l->buf, l->buf + used, l->len - used);
			l->len -= used;
			if (seq > 0)
				return seq;
			continue;
		}
		if (l->len == sizeof(l->buf))
			l->len = 0;	/* a line too long to be ours */
		got = read(l->fd, l->buf + l->len, sizeof(l->buf) - l->len);
		if (got <= 0)
			return -1;
		*when = bench_now();
		l->len += (size_t)got;
	}
}

/* A paced sender: n messages at rate per second, from seq first on. */
struct pacer {
	const char		*dir;
	const struct send_args	*sa;
	double			 rate;
	long			 n;
	double			*sent;	/* when each was queued */
};

static void *
pace(void *arg)
{
	struct pacer *p = arg;
	struct node *a;
	char id[65];
	double t0;

	if (node_open(p->dir, &a, NULL) != 0)
		abort();
	t0 = bench_now();
	for (long i = 0; i < p->n; i++) {
		struct send_args sa = *p->sa;
		double due = t0 + (double)i / p->rate, wait = due - bench_now();

		if (wait > 0) {
			struct timespec ts = { (time_t)wait,
			    (long)((wait - (double)(time_t)wait) * 1e9) };

			(void)nanosleep(&ts, NULL);
		}
		double t = bench_now();

		__atomic_store(&p->sent[i], &t, __ATOMIC_RELEASE);
		sa.now = (int64_t)time(NULL);
		if (node_send(a, &sa, id, NULL) != 0)
			abort();
	}
	node_close(a);
	return NULL;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* Offers n messages at rate, seqs from first; prints p50 and p99. */
static void
latency(struct lines *l, const char *dir, const struct send_args *sa,
    double rate, long n, long first)
{
	struct pacer p = { dir, sa, rate, n, calloc((size_t)n, sizeof(double)) };
	double *lat = calloc((size_t)n, sizeof(double)), when = 0, t0;
	pthread_t th;
	long got = 0, seq;

	if (p.sent == NULL || lat == NULL ||
	    pthread_create(&th, NULL, pace, &p) != 0)
		abort();
	t0 = bench_now();
	while (got < n && (seq = next_delivered(l, &when)) > 0) {
		long i = seq - first;
		double sent;

		if (i < 0 || i >= n)
			continue;
		__atomic_load(&p.sent[i], &sent, __ATOMIC_ACQUIRE);
		lat[got++] = when - sent;
	}
	(void)pthread_join(th, NULL);
	qsort(lat, (size_t)got, sizeof(double), cmp_double);
	(void)printf("  offered %5.0f /s for %.0f s: delivered %5.0f /s, "
	    "latency p50 %6.1f ms, p99 %7.1f ms\n", rate, n / rate,
	    got / (bench_now() - t0), got ? 1e3 * lat[got / 2] : 0,
	    got ? 1e3 * lat[got * 99 / 100] : 0);
	free(p.sent);
	free(lat);
}

/* Messages aa sent that still have no receipt checked and kept. */
static long
unkept(const char *dir)
{
	struct msg_tally t;
	struct node *n;
	long k = -1;

	if (node_open(dir, &n, NULL) != 0)
		return -1;
	if (store_msg_tally(n->st, (int64_t)time(NULL), 0, &t) == 0)
		k = (long)t.undelivered;
	node_close(n);
	return k;
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/bench_e2e.XXXXXX", da[64], db[64], id[65];
	struct node *a, *b;
	struct send_args sa;
	struct lines l;
	long count = argc > 2 ? strtol(argv[2], NULL, 10) : 20000, got = 0;
	double t0, t1 = 0, limit, rate;
	uint8_t sig[HL_SIG_LEN];
	pid_t pa, pb;
	int k;

	if (argc < 2 || count <= 0 || hl_init() != 0) {
		(void)fprintf(stderr, "usage: bench_e2e HOTLINE [COUNT]\n");
		return 2;
	}
	if (mkdtemp(tmp) == NULL)
		return 1;
	bench_pair(tmp, da, db, sizeof(da), &a, &b);

	memset(&sa, 0, sizeof(sa));
	sa.to = "cert.bb";
	sa.type = MSG_QUERY;
	sa.tlp = TLP_GREEN;
	sa.body = json_pack("{s:s, s:[{s:s, s:s, s:i}]}", "summary",
	    "Do you see these addresses in your logs?", "indicators", "type",
	    "ipv4", "value", "203.0.113.7", "count", 1200);
	t0 = bench_now();
	for (long i = 0; i < count; i++) {
		sa.now = (int64_t)time(NULL);
		if (node_send(a, &sa, id, NULL) != 0)
			abort();
	}
	(void)printf("bench_e2e: %ld messages queued at %.0f /s\n", count,
	    count / (bench_now() - t0));

	/* The limit: sign and verify the envelope, sign and verify a receipt. */
	{
		struct msg_row m;

		if (store_msg_get(a->st, id, true, &m) != 0)
			abort();
		t0 = bench_now();
		for (k = 0; k < 500; k++) {
			if (sig_sign(a->key, m.raw, m.rawlen, sig) != 0 ||
			    !sig_verify(a->card.pk, m.raw, m.rawlen, sig) ||
			    sig_sign(b->key, m.raw, 300, sig) != 0 ||
			    !sig_verify(b->card.pk, m.raw, 300, sig))
				abort();
		}
		limit = k / (bench_now() - t0);
		msg_row_done(&m);
	}
	node_close(a);
	node_close(b);

	/*
	 * Throughput: the backlog drained, timed from starting the daemons
	 * (their start and TLS handshake included) to the last delivery.
	 */
	memset(&l, 0, sizeof(l));
	t0 = bench_now();
	pb = serve(argv[1], db, NULL);
	pa = serve(argv[1], da, &l.fd);
	while (got < count && next_delivered(&l, &t1) > 0)
		got++;
	rate = got / (t1 - t0);
	if (got != count || unkept(da) != 0) {
		(void)fprintf(stderr, "bench_e2e: %ld of %ld delivered, %ld "
		    "without a receipt\n", got, count, unkept(da));
		return 1;
	}
	(void)printf("  %-44s %8.0f /s\n",
	    "Ed25519 limit, one core (2 signs, 2 verifies)", limit);
	(void)printf("  %-44s %8.0f /s   %.0f%% of one core's limit, %.0f%% of "
	    "two cores' (goal: 50%%)\n", "delivered, receipt kept", rate,
	    100 * rate / limit, 100 * rate / (2 * limit));

	/* Latency at the 1,000 /s, and at a load below capacity. */
	latency(&l, da, &sa, 1000, 2000, count + 1);
	latency(&l, da, &sa, 250, 500, count + 2001);

	(void)kill(pa, SIGTERM);
	(void)kill(pb, SIGTERM);
	(void)waitpid(pa, NULL, 0);
	(void)waitpid(pb, NULL, 0);
	(void)close(l.fd);
	json_decref(sa.body);
	{
		char cmd[128];

		(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
		(void)!system(cmd);
	}
	return 0;
}
