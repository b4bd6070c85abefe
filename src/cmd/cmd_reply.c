/*
 * hotline reply: answers a request or query this node received, with a
 * response queued to its sender. The response names the request in
 * refs; sending it marks the request answered (interim or final). Its
 * findings may come from a file of their own (hotline match --json).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "tlp.h"
#include "compose.h"
#include "jcs.h"
#include "limits.h"
#include "schema.h"

static const char usage[] =
    "hotline reply ID [--final] [--tlp LEVEL] [--force] [--body FILE|-]\n"
    "                    [--findings FILE|-] [--dir DIR]";

/*
 * The findings in path: hotline match --json output (an object whose
 * "findings" is taken; not_found and provenance stay here) or a bare
 * findings array, checked by the response schema's own check, so that a
 * bad file is named here and not as the body. A new reference in *out;
 * or 1, said on stderr.
 */
static int
read_findings(const char *path, json_t **out)
{
	struct hl_diag d;
	struct buf b;
	json_t *v = NULL, *f;
	int r, rc = 1;

	*out = NULL;
	buf_init(&b, HL_MAX_FINDINGS_FILE);
	if (cli_read("reply", path, &b) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = jcs_parse(b.p, b.len, HL_MAX_ENVELOPE_DEPTH - 1, 0, &v,
	    &d)) != 0) {
		cli_diag("reply", path, r, &d);
		goto out;
	}
	f = json_is_object(v) ? json_object_get(v, "findings") : v;
	if (f == NULL) {
		cli_err("reply", "%s: no \"findings\": give hotline match "
		    "--json output or a findings array", path);
		goto out;
	}
	hl_diag_clear(&d);
	if ((r = schema_findings_check(f, &d)) != 0) {
		cli_diag("reply", path, r, &d);
		goto out;
	}
	*out = json_incref(f);
	rc = 0;
out:
	json_decref(v);
	buf_done(&b);
	return rc;
}

int
cmd_reply_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 'y' },
		{ "final", no_argument, NULL, 'f' },
		{ "force", no_argument, NULL, 'F' },
		{ "tlp", required_argument, NULL, 'p' },
		{ "body", required_argument, NULL, 'b' },
		{ "findings", required_argument, NULL, 'i' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = "response", *tlp = NULL, *bodypath = NULL,
	    *diropt = NULL, *findpath = NULL, *what;
	struct reply_args a;
	struct msg_row m;
	struct node *n = NULL;
	struct hl_diag d;
	struct buf b;
	json_t *body = NULL, *findings = NULL, *composed = NULL;
	bool final = false, force = false;
	char id[65], fwhat[4200];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'y': type = optarg; break;
		case 'f': final = true; break;
		case 'F': force = true; break;
		case 'p': tlp = optarg; break;
		case 'b': bodypath = optarg; break;
		case 'i': findpath = optarg; break;
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
	if (bodypath != NULL && findpath != NULL &&
	    strcmp(bodypath, "-") == 0 && strcmp(findpath, "-") == 0) {
		cli_err("reply", "--body - and --findings -: only one can be "
		    "standard input");
		return EXIT_USAGE;
	}
	/* With --findings alone, reply writes the body (default_body()). */
	if (bodypath == NULL && findpath == NULL) {
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
	if (findpath != NULL && read_findings(findpath, &findings) != 0)
		goto out;
	what = bodypath != NULL ? bodypath : "the default body";
	if (bodypath != NULL) {
		if (cli_read("reply", bodypath, &b) != 0)
			goto out;
		hl_diag_clear(&d);
		if ((r = jcs_parse(b.p, b.len, HL_MAX_ENVELOPE_DEPTH - 1, 0,
		    &body, &d)) != 0) {
			cli_diag("reply", bodypath, r, &d);
			goto out;
		}
	}
	/* With --findings alone, the default body (compose.h). */
	hl_diag_clear(&d);
	(void)snprintf(fwhat, sizeof(fwhat), "--findings %s",
	    findpath != NULL ? findpath : "");
	r = compose_reply(body, findings, final, what, fwhat, final ?
	    "--final" : "interim (no --final)", &composed, &d);
	json_decref(body);
	body = composed;
	if (r != 0) {
		cli_diag("reply", r == HL_EINVAL ? NULL : what, r, &d);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	/* The request's own marking, unless told otherwise. */
	if (tlp == NULL)
		a.tlp = -1;
	else if ((a.tlp = tlp_option(tlp)) < 0) {
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
	json_decref(findings);
	msg_row_done(&m);
	node_close(n);
	buf_done(&b);
	return rc;
}
