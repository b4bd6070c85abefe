/*
 * hotline withdraw: takes back a request or query this node sent. A
 * withdrawal notice naming it is queued to the peer; the request is
 * withdrawn on both sides when each stores the notice, so it is neither
 * overdue nor escalated, and an answer no longer changes it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char usage[] =
    "hotline withdraw ID [--reason TEXT] [--dir DIR]";

int
cmd_withdraw_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reason = "withdrawn by the requester", *diropt = NULL;
	struct send_args a;
	struct msg_row m;
	struct node *n = NULL;
	struct hl_diag d;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (!cli_utf8(reason)) {
		cli_err("withdraw", "--reason: not valid UTF-8");
		return EXIT_USAGE;
	}
	memset(&m, 0, sizeof(m));
	memset(&a, 0, sizeof(a));
	if (cli_node("withdraw", diropt, &n) != 0)
		goto out;
	if (cli_msg("withdraw", n, argv[optind], false, &m) != 0)
		goto out;
	if (strcmp(m.dir, "out") != 0 || (strcmp(m.type, "request") != 0 &&
	    strcmp(m.type, "query") != 0)) {
		cli_err("withdraw", "%.12s is a %s this node %s, not a request "
		    "or query it sent", m.id, m.type, strcmp(m.dir, "in") ?
		    "sent" : "received");
		goto out;
	}
	if (m.state == MSTATE_ANSWERED_FINAL || m.state == MSTATE_WITHDRAWN) {
		cli_err("withdraw", "%.12s is already %s", m.id,
		    proto_state_names[m.state]);
		goto out;
	}
	a.to = m.peer;
	a.type = MSG_NOTICE;
	a.tlp = (enum tlp)proto_lookup(proto_tlp_names, m.tlp);
	a.now = (int64_t)time(NULL);
	a.refs = json_pack("[s]", m.id);
	a.body = json_pack("{s:s, s:s}", "kind", "withdrawal", "summary",
	    reason);
	hl_diag_clear(&d);
	if (a.refs == NULL || a.body == NULL)
		cli_err("withdraw", "out of memory");
	else if ((r = schema_body(MSG_NOTICE, a.body, NULL, &d)) != 0)
		cli_diag("withdraw", "--reason", r, &d);
	else if ((r = node_send(n, &a, id, &d)) != 0)
		cli_diag("withdraw", NULL, r, &d);
	else {
		(void)printf("%s\n", id);
		rc = 0;
	}
out:
	json_decref(a.refs);
	json_decref(a.body);
	node_close(n);
	return rc;
}
