/*
 * Temporary nodes for the targets that drive the daemon's endpoints
 * (fuzz_handler, fuzz_taxii): made once under a scratch directory, which
 * goes at exit. Include after fuzz.h, once per target.
 */
#ifndef HL_FUZZ_NODE_H
#define HL_FUZZ_NODE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "node.h"

/* The scratch directory: set by fuzz_node_dir() before any node. */
static char fuzz_tmp[64];

static int
fuzz_rm_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
fuzz_rm_tmp(void)
{
	(void)nftw(fuzz_tmp, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A scratch directory named for the target, removed at exit. */
static void
fuzz_node_dir(const char *target)
{
	(void)snprintf(fuzz_tmp, sizeof(fuzz_tmp), "/tmp/hl-fuzz-%s.XXXXXX",
	    target);
	if (mkdtemp(fuzz_tmp) == NULL)
		abort();
	(void)atexit(fuzz_rm_tmp);
}

/* A new node of party in state under the scratch directory, open. */
static struct node *
fuzz_node(const char *party, const char *state)
{
	char dir[512];
	struct config cfg;
	struct hl_diag d;
	struct node *n;

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, state, 3);
	(void)snprintf(dir, sizeof(dir), "%s/%s", fuzz_tmp, party);
	hl_diag_clear(&d);
	if (node_init(dir, &cfg, &d) != 0 || node_open(dir, &n, &d) != 0)
		abort();
	return n;
}

/* n pins peer's card. */
static void
fuzz_pin(struct node *n, const struct node *peer)
{
	struct hl_diag d;
	struct card c;
	bool changed;

	hl_diag_clear(&d);
	if (node_peer_add(n, peer->card.raw, peer->card.rawlen, false, &c,
	    &changed, &d) != 0)
		abort();
}

#endif
