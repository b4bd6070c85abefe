/*
 * hotline report: per peer and direction, what this node's log says was
 * asked, delivered, answered in time or late, left unanswered or
 * withdrawn, with response times, notices, pings and escalations. The
 * numbers come from the log's leaves only (report.c), the same way
 * `hotline verify` recomputes them from a bundle.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "audit.h"
#include "cli_node.h"
#include "compose.h"
#include "report.h"

static const char usage[] =
    "hotline report [--peer PEER] [--since WHEN] [--until WHEN]\n"
    "               [--tier cert|nrrc|policy] [--json] [--bundle FILE]\n"
    "               [--dir DIR]";

/*
 * The bundle for the report under f, written to path whole or not at
 * all; rep gets the report it carries (up to the head checkpoint).
 */
static int
write_bundle(struct node *n, const struct report_filter *f, const char *path,
    struct report *rep)
{
	struct hl_diag d;
	struct buf out;
	int r;

	buf_init(&out, (size_t)HL_MAX_BUNDLE_BYTES);
	hl_diag_clear(&d);
	if ((r = audit_bundle(n, f, &out, rep, &d)) != 0) {
		cli_diag("report", "bundle", r, &d);
		buf_done(&out);
		return 1;
	}
	if ((r = cli_write("report", path, out.p, out.len)) != 0)
		report_done(rep);
	buf_done(&out);
	return r;
}

int
cmd_report_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "peer", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "tier", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "bundle", required_argument, NULL, 'b' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct report_filter f = { .tier = -1 };
	struct hl_diag d;
	struct report rep;
	struct node *n = NULL;
	const char *diropt = NULL, *bundle = NULL;
	int64_t now = (int64_t)time(NULL);
	bool json = false;
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': f.peer = optarg; break;
		case 's':
			if (!cli_time_rel(optarg, now, -1, &f.since)) {
				cli_err("report", "--since: not a duration ago "
				    "(7d), a date or an RFC 3339 time: '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'u':
			if (!cli_time_rel(optarg, now, -1, &f.until)) {
				cli_err("report", "--until: not a duration ago "
				    "(1d), a date or an RFC 3339 time: '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			if ((f.tier = proto_lookup(proto_tier_names,
			    optarg)) < 0) {
				cli_err("report", "--tier: not cert, nrrc or "
				    "policy: '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j': json = cli_json = true; break;
		case 'b': bundle = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	if (f.since != 0 && f.until != 0 && f.until <= f.since) {
		cli_err("report", "--until must be after --since");
		return EXIT_USAGE;
	}
	if (cli_node("report", diropt, &n) != 0)
		return 1;
	/* Neither pinned nor in the log: a typo, not "nothing". */
	if (f.peer != NULL && !node_peer_known(n, f.peer)) {
		cli_err("report", "--peer %s: no such peer: none is pinned and "
		    "no message was sent to or received from one", f.peer);
		goto out;
	}
	if (bundle != NULL) {
		compose_filter(n, &f);
		if (write_bundle(n, &f, bundle, &rep) != 0)
			goto out;
	} else {
		hl_diag_clear(&d);
		if ((r = compose_report(n, &f, &rep, &d)) != 0) {
			cli_diag("report", NULL, r, &d);
			goto out;
		}
	}
	if (json)
		rc = cli_print_json(report_json(&rep, &f));
	else {
		char *text = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&text, &len);

		/* Party ids and our words; escaped all the same. */
		if (mf != NULL) {
			report_print(&rep, mf);
			rc = fclose(mf) == 0 ? 0 : 1;
			if (rc == 0)
				cli_print_lines(text);
			free(text);
		}
	}
	report_done(&rep);
out:
	node_close(n);
	return rc;
}
