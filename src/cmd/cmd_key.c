/*
 * hotline key: a node's keys over the years. rotate makes new keys (the
 * message key, the TLS key, or neither: a renewed card) and a new version
 * of the card, signed by the offline identity key, and sends it to every
 * peer as a notice; revoke says the message key is not to be trusted
 * from a time on. See docs/PROTOCOL.md, "Identity card".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"

static const char usage[] =
    "hotline key rotate [--message] [--tls] --identity FILE [--grace DUR] "
    "[--valid DUR] [--dir DIR]\n"
    "hotline key revoke --identity FILE --reason compromise|superseded "
    "--since TIME [--dir DIR]";

/* What both subcommands are given; revoke's own members unused by rotate. */
struct key_opts {
	const char	*diropt, *identity, *reason, *since;
	bool		 message, tls;
	int64_t		 grace;		/* -1: the config's key_grace */
	int64_t		 valid;		/* 0: the config's card_validity */
};

/*
 * Parses the options after the subcommand (argv[0] is it). Returns -1 if
 * all is well, else the exit code (usage printed).
 */
static int
key_options(const char *cmd, int argc, char **argv, struct key_opts *o)
{
	static const struct option opts[] = {
		{ "message", no_argument, NULL, 'm' },
		{ "tls", no_argument, NULL, 't' },
		{ "identity", required_argument, NULL, 'i' },
		{ "grace", required_argument, NULL, 'g' },
		{ "valid", required_argument, NULL, 'v' },
		{ "reason", required_argument, NULL, 'r' },
		{ "since", required_argument, NULL, 's' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->grace = -1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': o->message = true; break;
		case 't': o->tls = true; break;
		case 'i': o->identity = optarg; break;
		case 'r': o->reason = optarg; break;
		case 's': o->since = optarg; break;
		case 'd': o->diropt = optarg; break;
		case 'g':
			if (!proto_duration_parse(optarg, &o->grace) &&
			    strcmp(optarg, "0") != 0) {
				cli_err(cmd, "--grace '%s': not a duration "
				    "(0, 90m, 24h, 7d)", optarg);
				return EXIT_USAGE;
			}
			if (strcmp(optarg, "0") == 0)
				o->grace = 0;
			break;
		case 'v':
			if (!proto_duration_parse(optarg, &o->valid) ||
			    o->valid <= 0) {
				cli_err(cmd, "--valid '%s': not a duration "
				    "(90m, 12h, 365d)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc || o->identity == NULL)
		return cli_usage(usage, EXIT_USAGE);
	return -1;
}

/* Warns of each peer pinned with a version 1 card: it will refuse. */
static void
warn_v1_peers(const char *cmd, struct node *n)
{
	struct peer_list pl;

	if (node_peers_list(n, &pl) != 0)
		return;
	for (size_t i = 0; i < pl.n; i++)
		if (pl.c[i].v < 2)
			cli_err(cmd, "warning: %s is pinned with a version 1 "
			    "card: it cannot check this card by an identity "
			    "key and will refuse the notice; hand it the new "
			    "card (hotline id) to pin with peer add --replace",
			    pl.c[i].party);
	free(pl.c);
}

/*
 * A new version of the card: loads the identity key, rotates as a says
 * (a's identity and now are filled here) and says what changed.
 */
static int
key_rotate_run(const char *cmd, const struct key_opts *o,
    struct rotate_args *a)
{
	char t[PROTO_TIME_LEN], g[PROTO_TIME_LEN];
	struct sig_key *id = NULL;
	struct node *n = NULL;
	struct card *c;
	struct hl_diag d;
	int r, rc = 1;

	hl_diag_clear(&d);
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		cli_err(cmd, "out of memory");
		return 1;
	}
	/* The card re-issued takes the config's endpoint, if it changed. */
	if (cli_node_flags(cmd, o->diropt, NODE_OPEN_REISSUE, &n) != 0)
		goto out;
	if ((r = sig_key_load(o->identity, &id, &d)) != 0) {
		cli_diag(cmd, NULL, r, &d);
		goto out;
	}
	if (n->card.v >= 2 && memcmp(sig_key_pk(id), n->card.id_pk,
	    HL_PK_LEN) != 0) {
		cli_err(cmd, "%s: not the identity key of this node's card "
		    "(serial %lld names %s)", o->identity,
		    (long long)n->card.serial, n->card.identity);
		goto out;
	}
	a->identity = id;
	a->now = (int64_t)time(NULL);
	if (a->grace < 0)
		a->grace = n->cfg.key_grace;
	if ((r = node_key_rotate(n, a, c, &d)) != 0 && c->v == 0) {
		cli_diag(cmd, NULL, r, &d);
		goto out;
	}
	proto_time_format(c->not_after, t);
	proto_time_format(a->now + a->grace, g);
	(void)printf("card serial %lld, valid until %s\n",
	    (long long)c->serial, t);
	if (a->message)
		(void)printf("message key: %s (the old one %s)\n", c->vkey,
		    a->why != CARD_ROTATED ? "revoked" : "taken until the "
		    "grace ends");
	if (a->tls)
		(void)printf("tls pin:     %s (the old one presented until "
		    "the grace ends)\n", c->tls_pin);
	if (!a->message && !a->tls)
		(void)printf("renewed: the same keys\n");
	if ((a->message && a->why == CARD_ROTATED) || a->tls)
		(void)printf("grace ends %s\n", g);
	warn_v1_peers(cmd, n);
	if (r != 0) {
		cli_diag(cmd, NULL, r, &d);
		goto out;
	}
	rc = 0;
out:
	sig_key_free(id);
	node_close(n);
	free(c);
	return rc;
}

static int
key_rotate(int argc, char **argv)
{
	struct rotate_args a;
	struct key_opts o;
	int r;

	if ((r = key_options("key rotate", argc, argv, &o)) >= 0)
		return r;
	memset(&a, 0, sizeof(a));
	a.message = o.message;
	a.tls = o.tls;
	a.grace = o.grace;
	a.valid = o.valid;
	a.why = CARD_ROTATED;
	return key_rotate_run("key rotate", &o, &a);
}

/*
 * Revocation: a new message key, the old one not trusted from --since
 * on (no grace: peers refuse it the moment they pin the new card, and
 * verifiers flag what it signed from then on).
 */
static int
key_revoke(int argc, char **argv)
{
	struct rotate_args a;
	struct key_opts o;
	int64_t now = (int64_t)time(NULL);
	int r;

	if ((r = key_options("key revoke", argc, argv, &o)) >= 0)
		return r;
	memset(&a, 0, sizeof(a));
	if (o.reason == NULL || o.since == NULL)
		return cli_usage(usage, EXIT_USAGE);
	if (o.tls || o.grace >= 0) {
		cli_err("key revoke", "revokes the message key only, at once: "
		    "no --tls, no --grace (rotate the TLS key with key "
		    "rotate --tls)");
		return EXIT_USAGE;
	}
	if (strcmp(o.reason, card_why_names[CARD_COMPROMISE]) == 0)
		a.why = CARD_COMPROMISE;
	else if (strcmp(o.reason, card_why_names[CARD_SUPERSEDED]) == 0)
		a.why = CARD_SUPERSEDED;
	else {
		cli_err("key revoke", "--reason '%s': compromise or "
		    "superseded", o.reason);
		return EXIT_USAGE;
	}
	if (!cli_time_rel(o.since, now, -1, &a.since)) {
		cli_err("key revoke", "--since: not a duration ago (2h), a "
		    "date or an RFC 3339 time: '%s'", o.since);
		return EXIT_USAGE;
	}
	/* Checked again against the rotation's own now, which is later. */
	if (a.since > now) {
		cli_err("key revoke", "--since '%s' is in the future: a key "
		    "is revoked from a time that has come", o.since);
		return EXIT_USAGE;
	}
	a.message = true;
	a.grace = 0;
	a.valid = o.valid;
	return key_rotate_run("key revoke", &o, &a);
}

int
cmd_key_main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, EXIT_USAGE);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_usage(usage, 0);
	if (strcmp(argv[1], "rotate") == 0)
		return key_rotate(argc - 1, argv + 1);
	if (strcmp(argv[1], "revoke") == 0)
		return key_revoke(argc - 1, argv + 1);
	return cli_usage(usage, EXIT_USAGE);
}
