/*
 * hotline accept and check: verify a signed envelope from a pinned peer
 * and store it (accept) or only say whether it would be accepted (check).
 * The daemon's receiver calls the same node_accept().
 *
 * A file from an operator may have passed through an editor or a mail
 * client: valid JSON that is not in canonical form (indented, a final
 * newline) is taken in its canonical form, which is what was signed and
 * what is stored, so the message's id is the same however it came. The
 * daemon does not do this: on the wire only the exact signed bytes count
 * (docs/DECISIONS.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_node.h"
#include "jcs.h"

/* What was refused, as --json prints it: the problem and, if known, where. */
static int
print_refusal(int err, const struct hl_diag *d)
{
	json_t *o = cli_problem(err, d);

	if (o != NULL && json_object_set_new(o, "result",
	    json_string("refused")) != 0) {
		json_decref(o);
		o = NULL;
	}
	(void)cli_print_json(o);
	return 1;
}

static int
accept_or_check(int argc, char **argv, bool store)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = cli_cmd(argv[0]), *diropt = NULL, *path;
	struct accept_result res;
	struct node *n = NULL;
	struct hl_diag d, nc;
	struct buf b, canon;
	const struct buf *in = &b;
	bool json = false;
	char usage[80], why[800];
	int c, r, rc = 1;

	(void)snprintf(usage, sizeof(usage), "hotline %s [--json] [--dir DIR] "
	    "FILE|-", cmd);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	path = argv[optind];
	/* One byte over the limit is enough to say "too large". */
	buf_init(&b, HL_MAX_MSG_BYTES + 1);
	buf_init(&canon, HL_MAX_MSG_BYTES + 1);
	if (cli_read(cmd, path, &b) != 0)
		goto out;
	if (cli_node(cmd, diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	r = node_accept(n, b.p, b.len, store ? 0 : NODE_DRYRUN, NULL, &res,
	    NULL, &d);
	/*
	 * Not canonical is said only of a JSON envelope that passes the
	 * schema (envelope_parse()): its canonical form is what its sender
	 * signed, if anything was, and the checks run again on that.
	 */
	if (r == HL_ENOTCANON) {
		nc = d;
		hl_diag_clear(&d);
		if ((r = jcs_canon(b.p, b.len, HL_MAX_ENVELOPE_DEPTH, &canon,
		    &d)) != 0) {
			cli_diag(cmd, path, r, &d);
			if (json)
				(void)print_refusal(r, &d);
			goto out;
		}
		in = &canon;
		hl_diag_format(&nc, HL_ENOTCANON, why, sizeof(why));
		cli_err(cmd, "%s: %s; checking its canonical form (%zu "
		    "bytes)%s", path, why, canon.len, store ? ", which is "
		    "what is stored" : "");
		hl_diag_clear(&d);
		r = node_accept(n, canon.p, canon.len, store ? 0 : NODE_DRYRUN,
		    NULL, &res, NULL, &d);
	}
	if (r != 0) {
		cli_diag(cmd, path, r, &d);
		if (json)
			(void)print_refusal(r, &d);
		goto out;
	}
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:b}", "result",
		    res.duplicate ? "already-stored" : store ? "accepted" :
		    "valid", "id", res.id, "from", res.from, "seq",
		    (json_int_t)res.seq, "canonical", in == &b);

		if (o != NULL && store && !res.duplicate &&
		    json_object_set_new(o, "leaf",
		    json_integer((json_int_t)res.leaf)) != 0) {
			json_decref(o);
			o = NULL;
		}
		rc = cli_print_json(o);
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
	buf_done(&canon);
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
