/*
 * hotline peer add|list: pins peers' identity cards and lists them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char usage[] =
    "hotline peer add [--replace] [--dir DIR] CARD|-\n"
    "       hotline peer list [--json] [--dir DIR]";

static int
peer_add(const char *diropt, const char *path, bool replace)
{
	struct node *n = NULL;
	struct card c;
	struct hl_diag d;
	struct buf b;
	bool changed;
	int r, rc = 1;

	buf_init(&b, HL_MAX_CARD_BYTES);
	if (cli_read("peer add", path, &b) != 0)
		goto out;
	if (cli_node("peer add", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = node_peer_add(n, b.p, b.len, replace, &c, &changed,
	    &d)) != 0) {
		cli_diag("peer add", path, r, &d);
		goto out;
	}
	cli_printf("%s %s (%s, %s) key %s\n",
	    changed ? "pinned" : "already pinned", c.party, c.state,
	    proto_tier_names[c.tier], c.vkey);
	rc = 0;
out:
	node_close(n);
	buf_done(&b);
	return rc;
}

struct list_ctx {
	bool	 json;
	json_t	*arr;
};

static int
list_one(void *arg, const struct card *c, int64_t added)
{
	struct list_ctx *ctx = arg;
	char when[PROTO_TIME_LEN];
	json_t *o;

	proto_time_format(added, when);
	if (!ctx->json) {
		cli_printf("%-20s %-5s %-6s %-32s %s\n", c->party, c->state,
		    proto_tier_names[c->tier], c->endpoint,
		    c->vkey);
		return 0;
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "party", c->party, "state", c->state,
	    "tier", proto_tier_names[c->tier], "endpoint", c->endpoint,
	    "key", c->vkey, "tls_pin", c->tls_pin, "added", when);
	return o != NULL && json_array_append_new(ctx->arr, o) == 0 ? 0 :
	    HL_ENOMEM;
}

static int
peer_list(const char *diropt, bool json)
{
	struct list_ctx ctx = { .json = json, .arr = NULL };
	struct node *n;
	int r;

	if (cli_node("peer list", diropt, &n) != 0)
		return 1;
	if (json && (ctx.arr = json_array()) == NULL) {
		node_close(n);
		return 1;
	}
	if (!json)
		cli_printf("%-20s %-5s %-6s %-32s %s\n", "PARTY", "STATE",
		    "TIER", "ENDPOINT", "KEY");
	r = store_peer_each(n->st, list_one, &ctx);
	node_close(n);
	if (r != 0) {
		cli_err("peer list", "%s", hl_strerror(r));
		json_decref(ctx.arr);
		return 1;
	}
	return json ? cli_print_json(ctx.arr) : 0;
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
		case 'j': json = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (strcmp(sub, "add") == 0 && optind == argc - 1 && !json)
		return peer_add(diropt, argv[optind], replace);
	if (strcmp(sub, "list") == 0 && optind == argc && !replace)
		return peer_list(diropt, json);
	return cli_usage(usage, EXIT_USAGE);
}
