/*
 * Messages per second end to end between two daemons on loopback: from a
 * message in aa's outbox to bb's receipt checked and kept at aa. Beside
 * it, the Ed25519 limit measured in the same run: one sign and one verify
 * for the message, one of each for its receipt.
 *
 * Usage: bench_e2e HOTLINE [COUNT]
 */
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hl.h"
#include "node.h"

extern char **environ;

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0)
		abort();
	port = ntohs(a.sin_port);
	(void)close(s);
	return port;
}

static struct node *
make(const char *dir, const char *party, const char *state)
{
	struct config cfg;
	struct node *n;

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, state, 3);
	{
		int port = free_port();

		(void)snprintf(cfg.listen, sizeof(cfg.listen), "127.0.0.1:%d",
		    port);
		(void)snprintf(cfg.endpoint, sizeof(cfg.endpoint),
		    "https://127.0.0.1:%d", port);
	}
	if (node_init(dir, &cfg, NULL) != 0 || node_open(dir, &n, NULL) != 0)
		abort();
	return n;
}

static pid_t
serve(const char *hotline, const char *dir)
{
	char *argv[] = { (char *)hotline, "serve", "--dir", (char *)dir, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;

	(void)posix_spawn_file_actions_init(&fa);
	(void)posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	if (posix_spawn(&pid, hotline, &fa, NULL, argv, environ) != 0)
		abort();
	(void)posix_spawn_file_actions_destroy(&fa);
	return pid;
}

static long
delivered(const char *dir)
{
	char path[4200];
	sqlite3 *db;
	sqlite3_stmt *s;
	long n = -1;

	(void)snprintf(path, sizeof(path), "%s/hotline.db", dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM messages WHERE dir = "
	    "'out' AND receipt IS NOT NULL", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	(void)sqlite3_close(db);
	return n;
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/bench_e2e.XXXXXX", da[64], db[64], id[65];
	struct node *a, *b;
	struct send_args sa;
	struct card c;
	bool changed;
	long count = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
	double t0, limit, rate;
	uint8_t sig[HL_SIG_LEN];
	pid_t pa, pb;
	int k;

	if (argc < 2 || count <= 0 || hl_init() != 0) {
		(void)fprintf(stderr, "usage: bench_e2e HOTLINE [COUNT]\n");
		return 2;
	}
	if (mkdtemp(tmp) == NULL)
		return 1;
	(void)snprintf(da, sizeof(da), "%s/aa", tmp);
	(void)snprintf(db, sizeof(db), "%s/bb", tmp);
	a = make(da, "cert.aa", "AA");
	b = make(db, "cert.bb", "BB");
	if (node_peer_add(a, b->card.raw, b->card.rawlen, false, &c, &changed,
	    NULL) != 0 || node_peer_add(b, a->card.raw, a->card.rawlen, false,
	    &c, &changed, NULL) != 0)
		abort();

	memset(&sa, 0, sizeof(sa));
	sa.to = "cert.bb";
	sa.type = MSG_QUERY;
	sa.tlp = TLP_GREEN;
	sa.body = json_pack("{s:s, s:[{s:s, s:s, s:i}]}", "summary",
	    "Do you see these addresses in your logs?", "indicators", "type",
	    "ipv4", "value", "203.0.113.7", "count", 1200);
	t0 = now();
	for (long i = 0; i < count; i++) {
		sa.now = (int64_t)time(NULL);
		if (node_send(a, &sa, id, NULL) != 0)
			abort();
	}
	(void)printf("bench_e2e: %ld messages queued at %.0f /s\n", count,
	    count / (now() - t0));

	/* The limit: sign and verify the envelope, sign and verify a receipt. */
	{
		struct msg_row m;

		if (store_msg_get(a->st, id, true, &m) != 0)
			abort();
		t0 = now();
		for (k = 0; k < 500; k++) {
			if (sig_sign(a->key, m.raw, m.rawlen, sig) != 0 ||
			    !sig_verify(a->card.pk, m.raw, m.rawlen, sig) ||
			    sig_sign(b->key, m.raw, 300, sig) != 0 ||
			    !sig_verify(b->card.pk, m.raw, 300, sig))
				abort();
		}
		limit = k / (now() - t0);
		msg_row_done(&m);
	}
	node_close(a);
	node_close(b);

	pb = serve(argv[1], db);
	pa = serve(argv[1], da);
	t0 = now();
	while (delivered(da) < count) {
		struct timespec nap = { 0, 5 * 1000000 };

		if (now() - t0 > 600)
			break;
		(void)nanosleep(&nap, NULL);
	}
	rate = delivered(da) / (now() - t0);
	(void)kill(pa, SIGTERM);
	(void)kill(pb, SIGTERM);
	(void)waitpid(pa, NULL, 0);
	(void)waitpid(pb, NULL, 0);
	(void)printf("  %-40s %8.0f /s\n", "Ed25519 limit (2 signs + 2 verifies)",
	    limit);
	(void)printf("  %-40s %8.0f /s   %.0f%% of the limit (goal: 50%%)\n",
	    "delivered, receipt kept (one in flight)", rate, 100 * rate / limit);
	json_decref(sa.body);
	{
		char cmd[128];

		(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
		(void)!system(cmd);
	}
	return 0;
}
