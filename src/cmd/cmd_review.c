/*
 * hotline review: the periodic joint review with a peer (review.h).
 * Write one, signed, for a year or a month; or check a peer's and
 * countersign it with this node's own bundle. `hotline verify` checks
 * the result offline.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_node.h"
#include "jcs.h"
#include "audit.h"

static const char usage[] =
    "hotline review --peer PEER --period YYYY[-MM] --out FILE [--svg FILE]\n"
    "               [--json] [--dir DIR]\n"
    "       hotline review --countersign FILE --out FILE [--svg FILE]\n"
    "               [--json] [--dir DIR]";

/*
 * What was written, as --json prints it: the review's own period, author
 * and parties (read back from what was written, not from the options),
 * and the files.
 */
static int
print_json(const struct buf *review, bool counter, const char *outp,
    const char *svg)
{
	json_t *v, *o = NULL;

	if (jcs_parse(review->p, review->len, HL_MAX_CANON_DEPTH, 0, &v,
	    NULL) == 0)
		o = json_pack("{s:s, s:O, s:O, s:O, s:s, s:s?}", "result",
		    counter ? "countersigned" : "signed", "period",
		    json_object_get(v, "period"), "by",
		    json_object_get(v, "by"), "parties",
		    json_object_get(v, "parties"), "out", outp, "svg", svg);
	json_decref(v);
	return cli_print_json(o);
}

/* The chart of this node's side, from the review just written. */
static int
chart(struct node *n, const struct buf *review, const char *path)
{
	struct review_result res;
	struct hl_diag d;
	struct buf svg;
	const struct bundle_result *mine;
	int64_t since, until;
	int r;

	hl_diag_clear(&d);
	if ((r = review_verify(review->p, review->len, NULL, 0, &res,
	    &d)) != 0) {
		cli_diag("review", "the review written", r, &d);
		return 1;
	}
	mine = strcmp(res.b[0].party, n->cfg.party) == 0 ? &res.b[0] :
	    &res.b[1];
	buf_init(&svg, 1024 * 1024);
	r = !review_period(res.period, &since, &until) ||
	    review_chart(mine, strcmp(res.by, n->cfg.party) == 0 ? res.other :
	    res.by, since, until, &svg) != 0;
	if (r != 0)
		cli_err("review", "%s: cannot draw the chart", path);
	else
		r = cli_write("review", path, svg.p, svg.len);
	buf_done(&svg);
	review_result_done(&res);
	return r;
}

int
cmd_review_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "peer", required_argument, NULL, 'p' },
		{ "period", required_argument, NULL, 'y' },
		{ "countersign", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "svg", required_argument, NULL, 's' },
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *peer = NULL, *period = NULL, *counter = NULL, *outp = NULL;
	const char *svg = NULL, *diropt = NULL;
	struct node *n = NULL;
	struct hl_diag d;
	struct buf in, out;
	int64_t since, until;
	bool json = false;
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': peer = optarg; break;
		case 'y': period = optarg; break;
		case 'c': counter = optarg; break;
		case 'o': outp = optarg; break;
		case 's': svg = optarg; break;
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc || outp == NULL ||
	    (counter == NULL) == (peer == NULL) ||
	    (peer != NULL) != (period != NULL))
		return cli_usage(usage, EXIT_USAGE);
	if (period != NULL && !review_period(period, &since, &until)) {
		cli_err("review", "--period: not a year or a month (2026, "
		    "2026-03): '%s'", period);
		return EXIT_USAGE;
	}
	buf_init(&in, (size_t)HL_MAX_BUNDLE_BYTES * 2);
	buf_init(&out, (size_t)HL_MAX_BUNDLE_BYTES * 2);
	if (counter != NULL && cli_read("review", counter, &in) != 0)
		goto out;
	if (cli_node("review", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	r = counter != NULL ? audit_countersign(n, in.p, in.len, &out, &d) :
	    audit_review(n, peer, period, &out, &d);
	if (r != 0) {
		cli_diag("review", counter != NULL ? counter : peer, r, &d);
		goto out;
	}
	if (cli_write("review", outp, out.p, out.len) != 0 ||
	    (svg != NULL && chart(n, &out, svg) != 0))
		goto out;
	if (json)
		rc = print_json(&out, counter != NULL, outp, svg);
	else {
		cli_printf("%s %s\n", counter != NULL ? "countersigned" :
		    "signed", outp);
		rc = 0;
	}
out:
	node_close(n);
	buf_done(&in);
	buf_done(&out);
	return rc;
}
