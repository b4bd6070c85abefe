/*
 * hotline canon: the RFC 8785 canonical form of any JSON text, for
 * auditors who recompute ids and signatures with their own tools.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "jcs.h"
#include "limits.h"

static const char usage[] = "hotline canon [FILE|-]";

int
cmd_canon_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = "-";
	struct buf in, out;
	struct hl_diag d;
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind < argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (optind == argc - 1)
		path = argv[optind];
	buf_init(&in, HL_MAX_CANON_BYTES);
	buf_init(&out, HL_MAX_CANON_BYTES);
	if (cli_read("canon", path, &in) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = jcs_canon(in.p, in.len, HL_MAX_CANON_DEPTH, &out, &d)) != 0) {
		cli_diag("canon", path, r, &d);
		goto out;
	}
	/* The exact bytes for hashing; a newline (and escapes) for a person. */
	if (cli_write_exact("canon", out.p, out.len) != 0) {
		cli_err("canon", "cannot write the output");
		goto out;
	}
	rc = 0;
out:
	buf_done(&in);
	buf_done(&out);
	return rc;
}
