/*
 * hotline withdraw: takes back a request or query this node sent. A
 * withdrawal notice naming it is queued to the peer; the request is
 * withdrawn on both sides when each stores the notice, so it is neither
 * overdue nor escalated, and an answer no longer changes it.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cli_node.h"

static const char usage[] =
    "hotline withdraw ID [--reason TEXT] [--dir DIR]";

int
cmd_withdraw_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reason = "withdrawn by the requester", *diropt = NULL;
	struct node *n = NULL;
	struct hl_diag d;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (!cli_utf8(reason)) {
		cli_err("withdraw", "--reason: not valid UTF-8");
		return EXIT_USAGE;
	}
	if (cli_node("withdraw", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	/* What --reason gives that no notice may carry names the option. */
	if ((r = node_withdraw(n, argv[optind], reason, (int64_t)time(NULL),
	    id, &d)) != 0) {
		cli_diag("withdraw", r == HL_ESCHEMA ? "--reason" : NULL, r,
		    &d);
		goto out;
	}
	(void)printf("%s\n", id);
	rc = 0;
out:
	node_close(n);
	return rc;
}
