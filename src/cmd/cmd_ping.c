/*
 * hotline ping: queues a signed ping to a peer. The peer's daemon answers
 * with a pong when it accepts it; the round trip is kept on the ping and
 * shown by status.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

static const char usage[] = "hotline ping [--dir DIR] PEER";

int
cmd_ping_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct node *n;
	struct hl_diag d;
	char id[65];
	int c, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node("ping", diropt, &n) != 0)
		return 1;
	hl_diag_clear(&d);
	r = node_ping(n, argv[optind], (int64_t)time(NULL), id, &d);
	node_close(n);
	if (r != 0) {
		cli_diag("ping", NULL, r, &d);
		return 1;
	}
	(void)printf("%s\n", id);
	return 0;
}
