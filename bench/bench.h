/*
 * What the benchmarks share: a clock, and two nodes that pin each other
 * (cert.aa and cert.bb, each on a free loopback port) in a directory.
 */
#ifndef HL_BENCH_H
#define HL_BENCH_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "node.h"

static inline double
bench_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int
bench_free_port(void)
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

static inline struct node *
bench_node(const char *dir, const char *party, const char *state)
{
	struct config cfg;
	struct node *n;
	int port = bench_free_port();

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, state, 3);
	(void)snprintf(cfg.listen, sizeof(cfg.listen), "127.0.0.1:%d", port);
	(void)snprintf(cfg.endpoint, sizeof(cfg.endpoint),
	    "https://127.0.0.1:%d", port);
	if (node_init(dir, &cfg, NULL) != 0 || node_open(dir, &n, NULL) != 0)
		abort();
	return n;
}

/* cert.aa in tmp/aa and cert.bb in tmp/bb, each pinning the other. */
static inline void
bench_pair(const char *tmp, char *da, char *db, size_t n, struct node **a,
    struct node **b)
{
	struct card c;
	bool changed;

	(void)snprintf(da, n, "%s/aa", tmp);
	(void)snprintf(db, n, "%s/bb", tmp);
	*a = bench_node(da, "cert.aa", "AA");
	*b = bench_node(db, "cert.bb", "BB");
	if (node_peer_add(*a, (*b)->card.raw, (*b)->card.rawlen, false, &c,
	    &changed, NULL) != 0 || node_peer_add(*b, (*a)->card.raw,
	    (*a)->card.rawlen, false, &c, &changed, NULL) != 0)
		abort();
}

#endif
