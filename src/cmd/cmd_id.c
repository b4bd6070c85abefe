/*
 * hotline id: prints this node's self-signed identity card.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli_node.h"

static const char usage[] = "hotline id [--json] [--dir DIR]";

int
cmd_id_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct node *n;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': break;	/* the card is JSON already */
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node("id", diropt, &n) != 0)
		return 1;
	(void)fwrite(n->card.raw, 1, n->card.rawlen, stdout);
	(void)fputc('\n', stdout);
	node_close(n);
	return fflush(stdout) == 0 ? 0 : 1;
}
