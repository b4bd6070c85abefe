/*
 * hotline inbox, outbox and show: what the node has sent and received.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"
#include "jcs.h"
#include "present.h"

struct list_ctx {
	struct node	*n;
	int64_t		 now;
	json_t		*arr;	/* NULL for a table */
};

static int
list_one(void *arg, const struct msg_row *m)
{
	struct list_ctx *ctx = arg;
	char deadline[PROTO_TIME_LEN] = "-", ref[65];

	if (ctx->arr != NULL)
		return json_array_append_new(ctx->arr, present_msg(ctx->n, m,
		    ctx->now)) == 0 ? 0 : HL_ENOMEM;
	if (m->deadline != 0)
		proto_time_format(m->deadline, deadline);
	present_reply_to(ctx->n, m, ref);
	/* The table says what the row means here: a request owed is late. */
	cli_printf("%.12s  %-16s %-10s %-16s %-20s %-12s %-12.12s %s\n",
	    m->id, m->peer, m->type, present_late(ctx->n, m, ctx->now) ?
	    "late" : proto_state_names[m->state], deadline, m->tlp,
	    ref[0] != '\0' ? ref : "-", m->subject);
	return 0;
}

static int
list(int argc, char **argv, const char *dir)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "state", required_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "peer", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 'S' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "pings", no_argument, NULL, 'P' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = cli_cmd(argv[0]), *diropt = NULL;
	struct list_ctx ctx = { .arr = NULL, .now = (int64_t)time(NULL) };
	struct msg_filter f = { .dir = dir, .type = -1, .state = -1 };
	enum msg_state st;
	char usage[256], *end;
	unsigned long long lim;
	struct node *n;
	bool json = false;
	int c, r;

	(void)snprintf(usage, sizeof(usage), "hotline %s [--json] [--state S] "
	    "[--type T] [--peer P] [--since WHEN]\n"
	    "       [--overdue] [--pings] [--limit N] [--dir DIR]", cmd);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 's':
			if (!proto_msg_state_parse(optarg, &st)) {
				cli_err(cmd, "--state: not a message state "
				    "(received, delivered, overdue, ...): '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			f.state = (int)st;
			break;
		case 't':
			if ((f.type = proto_lookup(proto_type_names,
			    optarg)) < 0) {
				cli_err(cmd, "--type: not a message type "
				    "(request, response, notice, query, ping, "
				    "pong, escalation): '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'p':
			if (!proto_party_valid(optarg)) {
				cli_err(cmd, "--peer: not a party id: '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			f.peer = optarg;
			break;
		case 'S':
			if (!cli_time_rel(optarg, ctx.now, -1, &f.since)) {
				cli_err(cmd, "--since: not a duration ago "
				    "(7d), a date or an RFC 3339 time: '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o': f.overdue = true; break;
		case 'P': f.pings = true; break;
		case 'l':
			lim = strtoull(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' ||
			    *end != '\0' || lim == 0 || lim > 1000000000) {
				cli_err(cmd, "--limit: not a count from 1: "
				    "'%s'", optarg);
				return EXIT_USAGE;
			}
			f.limit = (size_t)lim;
			break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	/* A type hidden unless asked is shown when it is asked for. */
	if (f.type == MSG_PING || f.type == MSG_PONG)
		f.pings = true;
	if (cli_node(cmd, diropt, &n) != 0)
		return 1;
	ctx.n = n;
	if (json && (ctx.arr = json_array()) == NULL) {
		node_close(n);
		return 1;
	}
	if (!json)
		cli_printf("%-12s  %-16s %-10s %-16s %-20s %-12s %-12s %s\n",
		    "ID", strcmp(dir, "in") == 0 ? "FROM" : "TO", "TYPE",
		    "STATE", "DEADLINE", "TLP", "RE", "SUBJECT");
	r = node_msgs_filter(n, &f, ctx.now, list_one, &ctx);
	node_close(n);
	if (r != 0) {
		cli_err(cmd, "%s", hl_strerror(r));
		json_decref(ctx.arr);
		return 1;
	}
	return json ? cli_print_json(ctx.arr) : 0;
}

int
cmd_inbox_main(int argc, char **argv)
{
	return list(argc, argv, "in");
}

int
cmd_outbox_main(int argc, char **argv)
{
	return list(argc, argv, "out");
}

static const char show_usage[] =
    "hotline show [--json | --raw] [--dir DIR] ID";

static void
show_text(const struct msg_row *m, json_t *env, json_t *receipt)
{
	char t[PROTO_TIME_LEN];
	json_t *refs = json_object_get(env, "refs"), *ref;
	char *body;
	size_t i;

	cli_printf("id        %s\n", m->id);
	cli_printf("type      %s\n", m->type);
	cli_printf("from      %s\n", json_string_value(json_object_get(env,
	    "from")));
	cli_printf("to        %s\n", json_string_value(json_object_get(env,
	    "to")));
	cli_printf("tier      %s\n", m->tier);
	cli_printf("seq       %lld\n", (long long)m->seq);
	proto_time_format(m->created, t);
	cli_printf("created   %s\n", t);
	if (m->deadline != 0) {
		proto_time_format(m->deadline, t);
		cli_printf("deadline  %s\n", t);
	}
	cli_printf("tlp       TLP:%s\n", m->tlp);
	if (m->subject[0] != '\0')
		cli_printf("subject   %s\n", m->subject);
	json_array_foreach(refs, i, ref)
		cli_printf("ref       %s\n", json_string_value(ref));
	cli_printf("state     %s\n", proto_state_names[m->state]);
	proto_time_format(m->stored, t);
	cli_printf("stored    %s\n", t);
	if (receipt != NULL)
		cli_printf("receipt   leaf %lld of %s's log, %s\n",
		    (long long)json_integer_value(json_object_get(receipt,
		    "leaf")), json_string_value(json_object_get(receipt, "by")),
		    json_string_value(json_object_get(receipt, "at")));
	body = json_dumps(json_object_get(env, "body"), JSON_INDENT(2) |
	    JSON_ENSURE_ASCII | JSON_SORT_KEYS);
	/*
	 * jansson's own newlines end the lines (a newline inside a string
	 * is "\n" in JSON); each line is escaped, ASCII as ENSURE_ASCII
	 * made it but for DEL.
	 */
	cli_printf("body\n");
	cli_print_lines(body != NULL && body[0] != '\0' ? body : "\n");
	free(body);
}

int
cmd_show_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct msg_row m;
	struct node *n = NULL;
	struct hl_diag d;
	bool json = false, raw = false;
	json_t *env = NULL, *receipt = NULL, *o;
	int64_t now = (int64_t)time(NULL);
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'r': raw = true; break;
		case 'h': return cli_usage(show_usage, 0);
		default: return cli_usage(show_usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1 || (json && raw))
		return cli_usage(show_usage, EXIT_USAGE);
	if (cli_node("show", diropt, &n) != 0)
		return 1;
	memset(&m, 0, sizeof(m));
	if ((r = cli_msg("show", n, argv[optind], true, &m)) != 0)
		goto out;
	if (raw) {
		/* Exactly the signed bytes: what `accept` takes. */
		rc = cli_write_exact("show", m.raw, m.rawlen);
		goto out;
	}
	/* A person has now seen this answer: it leaves the queue. */
	if (strcmp(m.dir, "in") == 0 && strcmp(m.type, "response") == 0 &&
	    (r = node_msg_read(n, m.id, now)) != 0) {
		cli_err("show", "%s", hl_strerror(r));
		goto out;
	}
	hl_diag_clear(&d);
	if ((r = jcs_parse(m.raw, m.rawlen, HL_MAX_ENVELOPE_DEPTH, 0, &env,
	    &d)) != 0) {
		cli_diag("show", m.id, r, &d);
		goto out;
	}
	jcs_show_ints(env);
	{
		struct buf rb;

		buf_init(&rb, HL_MAX_RECEIPT_BYTES);
		if (node_msg_receipt(n, m.id, &rb) == 0 &&
		    jcs_parse(rb.p, rb.len, 2, 0, &receipt, NULL) == 0)
			jcs_show_ints(receipt);
		buf_done(&rb);
	}
	if (json) {
		if ((r = present_message(n, m.id, now, &o, &d)) != 0) {
			cli_diag("show", m.id, r, &d);
			goto out;
		}
		rc = cli_print_json(o);
		goto out;
	}
	show_text(&m, env, receipt);
	rc = 0;
out:
	json_decref(env);
	json_decref(receipt);
	msg_row_done(&m);
	node_close(n);
	return rc;
}
