/*
 * hotline accept and check: verify a signed envelope from a pinned peer
 * and store it (accept) or only say whether it would be accepted (check).
 * The daemon's receiver calls the same node_accept().
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int
accept_or_check(int argc, char **argv, bool store)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0], *diropt = NULL, *path;
	struct accept_result res;
	struct node *n = NULL;
	struct hl_diag d;
	struct buf b;
	char usage[64];
	int c, r, rc = 1;

	(void)snprintf(usage, sizeof(usage), "hotline %s [--dir DIR] FILE|-",
	    cmd);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	path = argv[optind];
	/* One byte over the limit is enough to say "too large". */
	buf_init(&b, HL_MAX_MSG_BYTES + 1);
	if (cli_read(cmd, path, &b) != 0)
		goto out;
	if (cli_node(cmd, diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = node_accept(n, b.p, b.len, store ? 0 : NODE_DRYRUN, NULL,
	    &res, NULL,
	    &d)) != 0) {
		cli_diag(cmd, path, r, &d);
		goto out;
	}
	if (res.duplicate)
		cli_printf("already stored %s from %s seq %lld\n", res.id,
		    res.from, (long long)res.seq);
	else
		cli_printf("%s %s from %s seq %lld\n",
		    store ? "accepted" : "valid", res.id, res.from,
		    (long long)res.seq);
	rc = 0;
out:
	node_close(n);
	buf_done(&b);
	return rc;
}

int
cmd_accept_main(int argc, char **argv)
{
	return accept_or_check(argc, argv, true);
}

int
cmd_check_main(int argc, char **argv)
{
	return accept_or_check(argc, argv, false);
}
