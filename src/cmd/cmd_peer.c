/*
 * hotline peer add|remove|list: pins peers' identity cards, unpins them
 * (the card kept for what it signed) and lists them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"
#include "present.h"

static const char usage[] =
    "hotline peer add [--replace] [--dir DIR] CARD|-\n"
    "       hotline peer remove [--dir DIR] PEER\n"
    "       hotline peer list [--json] [--dir DIR]";

static int
peer_remove(const char *diropt, const char *party)
{
	struct node *n = NULL;
	struct card c;
	struct hl_diag d;
	int64_t left;
	int r, rc = 1;

	if (cli_node("peer remove", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = node_peer_remove(n, party, &c, &d)) != 0) {
		cli_diag("peer remove", NULL, r, &d);
		goto out;
	}
	cli_printf("removed %s (%s, %s) key %s\n", c.party, c.state,
	    proto_tier_names[c.tier], c.vkey);
	/* Its messages, receipts and leaves stay; say what waits for it. */
	if (node_undelivered(n, c.party, &left) == 0 && left > 0)
		cli_printf("%lld message%s to %s stay%s queued, undelivered "
		    "unless it is pinned again\n", (long long)left,
		    left == 1 ? "" : "s", c.party, left == 1 ? "s" : "");
	rc = 0;
out:
	node_close(n);
	return rc;
}

static int
peer_add(const char *diropt, const char *path, bool replace)
{
	struct node *n = NULL;
	struct card c, old;
	struct hl_diag d;
	struct buf b;
	bool changed, had = false;
	int r, rc = 1;

	buf_init(&b, HL_MAX_CARD_BYTES);
	if (cli_read("peer add", path, &b) != 0)
		goto out;
	if (cli_node("peer add", diropt, &n) != 0)
		goto out;
	/* The card pinned before (a removal too), to show what is replaced. */
	if (card_parse(b.p, b.len, &c, NULL) == 0)
		had = node_peer_previous(n, c.party, &old) == 0 &&
		    !card_same_keys(&old, &c);
	hl_diag_clear(&d);
	if ((r = node_peer_add(n, b.p, b.len, replace, &c, &changed,
	    &d)) != 0) {
		cli_diag("peer add", path, r, &d);
		goto out;
	}
	if (changed && had) {
		cli_printf("replaced %s (%s, %s)\n", c.party, c.state,
		    proto_tier_names[c.tier]);
		cli_printf("  old key %s tls_pin %s\n", old.vkey, old.tls_pin);
		cli_printf("  new key %s tls_pin %s\n", c.vkey, c.tls_pin);
	} else
		cli_printf("%s %s (%s, %s) key %s\n",
		    changed ? "pinned" : "already pinned", c.party, c.state,
		    proto_tier_names[c.tier], c.vkey);
	rc = 0;
out:
	node_close(n);
	buf_done(&b);
	return rc;
}

static int
list_one(void *arg, const struct card *c, int64_t added)
{
	(void)arg;
	(void)added;
	cli_printf("%-20s %-5s %-6s %-32s %s\n", c->party, c->state,
	    proto_tier_names[c->tier], c->endpoint, c->vkey);
	return 0;
}

static int
peer_list(const char *diropt, bool json)
{
	struct node *n;
	json_t *arr = NULL;
	int r;

	if (cli_node("peer list", diropt, &n) != 0)
		return 1;
	if (json)
		r = present_peers(n, (int64_t)time(NULL), &arr);
	else {
		cli_printf("%-20s %-5s %-6s %-32s %s\n", "PARTY", "STATE",
		    "TIER", "ENDPOINT", "KEY");
		r = node_peers_each(n, list_one, NULL);
	}
	node_close(n);
	if (r != 0) {
		cli_err("peer list", "%s", hl_strerror(r));
		return 1;
	}
	return json ? cli_print_json(arr) : 0;
}

int
cmd_peer_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "replace", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *sub;
	bool replace = false, json = false;
	int c;

	if (argc < 2)
		return cli_usage(usage, EXIT_USAGE);
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_usage(usage, 0);
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'r': replace = true; break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (strcmp(sub, "add") == 0 && optind == argc - 1 && !json)
		return peer_add(diropt, argv[optind], replace);
	if (strcmp(sub, "remove") == 0 && optind == argc - 1 && !json &&
	    !replace)
		return peer_remove(diropt, argv[optind]);
	if (strcmp(sub, "list") == 0 && optind == argc && !replace)
		return peer_list(diropt, json);
	return cli_usage(usage, EXIT_USAGE);
}
