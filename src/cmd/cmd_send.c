/*
 * hotline send: checks a body against its type's schema, then signs and
 * queues the message in the outbox. It never touches the network, so it
 * works whether or not the daemon is up.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "compose.h"
#include "jcs.h"
#include "schema.h"
#include "tlp.h"

static const char usage[] =
    "hotline send --to PEER --type request|notice|query [--subject S]\n"
    "                    [--deadline DURATION|DATE|TIME] [--tlp LEVEL]\n"
    "                    [--force] [--body FILE|-] [--dir DIR]";

int
cmd_send_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'y' },
		{ "subject", required_argument, NULL, 's' },
		{ "deadline", required_argument, NULL, 'l' },
		{ "tlp", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'F' },
		{ "body", required_argument, NULL, 'b' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *to = NULL, *type = NULL, *subject = NULL,
	    *deadline = NULL, *tlp = NULL, *bodypath = NULL,
	    *diropt = NULL;
	struct send_args a;
	struct node *n = NULL;
	struct hl_diag d;
	struct buf b;
	json_t *body = NULL;
	char id[65];
	bool force = false;
	int c, t, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'y': type = optarg; break;
		case 's': subject = optarg; break;
		case 'l': deadline = optarg; break;
		case 'p': tlp = optarg; break;
		case 'F': force = true; break;
		case 'b': bodypath = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc || to == NULL || type == NULL)
		return cli_usage(usage, EXIT_USAGE);
	memset(&a, 0, sizeof(a));
	a.to = to;
	a.subject = subject;
	a.now = (int64_t)time(NULL);
	t = proto_lookup(proto_type_names, type);
	if (t != MSG_REQUEST && t != MSG_NOTICE && t != MSG_QUERY) {
		cli_err("send", "--type '%s': must be request, notice or "
		    "query (responses go through hotline reply)", type);
		return EXIT_USAGE;
	}
	a.type = (enum msg_type)t;
	/* Signed text is UTF-8; the library refuses it too, this names it. */
	if (subject != NULL && !cli_utf8(subject)) {
		cli_err("send", "--subject: not valid UTF-8");
		return EXIT_USAGE;
	}
	if (tlp != NULL && (t = tlp_option(tlp)) < 0) {
		cli_err("send", "--tlp '%s': must be clear, green, amber, "
		    "amber+strict or red (in any case)", tlp);
		return EXIT_USAGE;
	}
	a.tlp = tlp != NULL ? (enum tlp)t : TLP_AMBER;
	if (deadline != NULL) {
		if (a.type == MSG_NOTICE) {
			cli_err("send", "--deadline: notices have no deadline");
			return EXIT_USAGE;
		}
		if (!cli_time_rel(deadline, a.now, 1, &a.deadline)) {
			cli_err("send", "--deadline '%s': not a duration "
			    "(90m, 72h, 30d, 1w), a date (2026-12-24) or an "
			    "RFC 3339 time", deadline);
			return EXIT_USAGE;
		} else if (a.deadline <= a.now) {
			cli_err("send", "--deadline '%s': already past",
			    deadline);
			return EXIT_USAGE;
		}
	}
	if (bodypath == NULL) {
		if (isatty(STDIN_FILENO)) {
			cli_err("send", "no body: give --body FILE (or - for "
			    "standard input)");
			return EXIT_USAGE;
		}
		bodypath = "-";
	}

	buf_init(&b, HL_MAX_BODY_FILE_BYTES);
	if (cli_read("send", bodypath, &b) != 0)
		goto out;
	hl_diag_clear(&d);
	/* The body sits one level down in the envelope. */
	if ((r = jcs_parse(b.p, b.len, HL_MAX_ENVELOPE_DEPTH - 1, 0, &body,
	    &d)) != 0 || (r = compose_marking(body, tlp != NULL, force,
	    &a.tlp, "the body file", &d)) != 0 ||
	    (r = schema_body(a.type, body, NULL, &d)) != 0) {
		cli_diag("send", bodypath, r, &d);
		goto out;
	}
	a.body = body;
	/* A request is due by the node's policy unless told otherwise. */
	if (deadline == NULL)
		a.deadline = SEND_POLICY_DEADLINE;
	if (cli_node("send", diropt, &n) != 0)
		goto out;
	if ((r = node_send(n, &a, id, &d)) != 0) {
		cli_diag("send", NULL, r, &d);
		goto out;
	}
	(void)printf("%s\n", id);
	rc = 0;
out:
	json_decref(body);
	node_close(n);
	buf_done(&b);
	return rc;
}
