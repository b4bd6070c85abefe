/*
 * hotline alarm clear: an operator's acknowledgement of a standing alarm.
 * The alarm goes; the evidence behind it (receipts, redelivered leaves,
 * equivocation records) stays where it is. status lists the alarms.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_node.h"

static const char usage[] = "hotline alarm clear [--dir DIR] KIND [PEER]\n"
    "  KIND: peer-rollback, refused, unreachable or log-invalid";

int
cmd_alarm_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const kinds[] = { ALARM_ROLLBACK, ALARM_REFUSED,
		ALARM_UNREACHABLE, ALARM_LOG_INVALID, NULL };
	const char *diropt = NULL, *kind, *peer;
	struct node *n;
	bool cleared;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (argc - optind < 2 || argc - optind > 3 ||
	    strcmp(argv[optind], "clear") != 0)
		return cli_usage(usage, EXIT_USAGE);
	kind = argv[optind + 1];
	peer = argc - optind == 3 ? argv[optind + 2] : "";
	if (proto_lookup(kinds, kind) < 0) {
		cli_err("alarm", "'%s' is not an alarm kind one can clear",
		    kind);
		return EXIT_USAGE;
	}
	if ((strcmp(kind, ALARM_LOG_INVALID) == 0) != (peer[0] == '\0')) {
		cli_err("alarm", "%s alarms are %s", kind,
		    peer[0] == '\0' ? "about a peer: name it" :
		    "about this node: name no peer");
		return EXIT_USAGE;
	}
	if (cli_node("alarm", diropt, &n) != 0)
		return 1;
	r = node_alarm_clear(n, kind, peer, &cleared);
	node_close(n);
	if (r != 0) {
		cli_err("alarm", "%s", hl_strerror(r));
		return 1;
	}
	if (!cleared) {
		cli_err("alarm", "no %s alarm stands%s%s", kind,
		    peer[0] != '\0' ? " for " : "", peer);
		return 1;
	}
	cli_printf("cleared %s%s%s\n", kind, peer[0] != '\0' ? " " : "",
	    peer);
	return 0;
}
