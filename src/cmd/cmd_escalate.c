/*
 * hotline escalate: an officer escalates a request or query this node
 * sent, now, to its peer's counterpart one tier up (node_escalate()),
 * without waiting for the daemon to find it overdue. Prints the
 * escalation's id; the daemon delivers it.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cli_node.h"

static const char usage[] = "hotline escalate ID [--dir DIR]";

int
cmd_escalate_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct node *n = NULL;
	struct hl_diag d;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node("escalate", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = node_escalate(n, argv[optind], (int64_t)time(NULL), id,
	    &d)) != 0) {
		cli_diag("escalate", NULL, r, &d);
		goto out;
	}
	(void)printf("%s\n", id);
	rc = 0;
out:
	node_close(n);
	return rc;
}
