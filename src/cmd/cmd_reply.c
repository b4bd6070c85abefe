/*
 * hotline reply: answers a request or query this node received, with a
 * response queued to its sender. The response names the request in
 * refs; sending it marks the request answered (interim or final).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "jcs.h"
#include "schema.h"

static const char usage[] =
    "hotline reply ID [--final] [--tlp LEVEL] [--force] [--body FILE|-]\n"
    "                    [--dir DIR]";

int
cmd_reply_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 'y' },
		{ "final", no_argument, NULL, 'f' },
		{ "force", no_argument, NULL, 'F' },
		{ "tlp", required_argument, NULL, 'p' },
		{ "body", required_argument, NULL, 'b' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = "response", *tlp = NULL, *bodypath = NULL,
	    *diropt = NULL;
	struct reply_args a;
	struct msg_row m;
	struct node *n = NULL;
	struct hl_diag d;
	struct buf b;
	json_t *body = NULL, *st;
	bool final = false, force = false;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'y': type = optarg; break;
		case 'f': final = true; break;
		case 'F': force = true; break;
		case 'p': tlp = optarg; break;
		case 'b': bodypath = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (strcmp(type, "response") != 0) {
		cli_err("reply", "--type '%s': a reply is a response", type);
		return EXIT_USAGE;
	}
	if (bodypath == NULL) {
		if (isatty(STDIN_FILENO)) {
			cli_err("reply", "no body: give --body FILE (or - for "
			    "standard input)");
			return EXIT_USAGE;
		}
		bodypath = "-";
	}
	memset(&m, 0, sizeof(m));
	buf_init(&b, HL_MAX_BODY_FILE_BYTES);
	if (cli_node("reply", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = node_reply_find(n, argv[optind], &m, &d)) != 0) {
		cli_diag("reply", NULL, r, &d);
		goto out;
	}
	if (cli_read("reply", bodypath, &b) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = jcs_parse(b.p, b.len, HL_MAX_ENVELOPE_DEPTH - 1, 0, &body,
	    &d)) != 0) {
		cli_diag("reply", bodypath, r, &d);
		goto out;
	}
	/* --final says what status says; they must not disagree. */
	st = json_object_get(body, "status");
	if (st != NULL && json_is_string(st) && strcmp(json_string_value(st),
	    final ? "final" : "interim") != 0) {
		cli_err("reply", "%s: status is '%s' but the reply is %s",
		    bodypath, json_string_value(st), final ? "--final" :
		    "interim (no --final)");
		goto out;
	}
	if (json_is_object(body) && json_object_set_new(body, "status",
	    json_string(final ? "final" : "interim")) != 0) {
		cli_err("reply", "out of memory");
		goto out;
	}
	if ((r = schema_body(MSG_RESPONSE, body, NULL, &d)) != 0) {
		cli_diag("reply", bodypath, r, &d);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	/* The request's own marking, unless told otherwise. */
	if (tlp == NULL)
		a.tlp = -1;
	else if ((a.tlp = cli_tlp(tlp)) < 0) {
		cli_err("reply", "--tlp '%s': must be clear, green, amber, "
		    "amber+strict or red (in any case)", tlp);
		rc = EXIT_USAGE;
		goto out;
	}
	a.force = force;
	a.body = body;
	a.now = (int64_t)time(NULL);
	if ((r = node_reply(n, &m, &a, id, &d)) != 0) {
		cli_diag("reply", NULL, r, &d);
		goto out;
	}
	(void)printf("%s\n", id);
	rc = 0;
out:
	json_decref(body);
	msg_row_done(&m);
	node_close(n);
	buf_done(&b);
	return rc;
}
