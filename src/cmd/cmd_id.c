/*
 * hotline id: prints this node's identity card, the latest version: on
 * stdout the card alone (what a peer pins, so `hotline id >card` is the
 * file to hand over), and without --json a summary of a version 2 card
 * on stderr: its serial, validity and identity key.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

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
	char nb[PROTO_TIME_LEN], na[PROTO_TIME_LEN];
	bool json = false;
	struct node *n;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = true; break;
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
	if (!json && n->card.v >= 2) {
		proto_time_format(n->card.not_before, nb);
		proto_time_format(n->card.not_after, na);
		(void)fprintf(stderr, "serial:   %lld\n"
		    "valid:    %s until %s%s\n"
		    "identity: %s\n", (long long)n->card.serial, nb, na,
		    card_valid_at(&n->card, (int64_t)time(NULL)) ? "" :
		    " (EXPIRED)", n->card.identity);
	}
	node_close(n);
	return fflush(stdout) == 0 ? 0 : 1;
}
