/*
 * hotline inbox, outbox and show: what the node has sent and received.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_node.h"
#include "jcs.h"

struct list_ctx {
	json_t	*arr;	/* NULL for a table */
};

static json_t *
row_json(const struct msg_row *m)
{
	char created[PROTO_TIME_LEN], stored[PROTO_TIME_LEN],
	    deadline[PROTO_TIME_LEN];
	json_t *o;

	proto_time_format(m->created, created);
	proto_time_format(m->stored, stored);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}",
	    "id", m->id, "dir", m->dir, "peer", m->peer, "type", m->type,
	    "tier", m->tier, "seq", (json_int_t)m->seq, "created", created,
	    "tlp", m->tlp, "state", proto_state_names[m->state], "stored",
	    stored);
	if (o == NULL)
		return NULL;
	/* A row without its deadline or subject would misinform a script. */
	if (m->deadline != 0)
		proto_time_format(m->deadline, deadline);
	if ((m->deadline != 0 && json_object_set_new(o, "deadline",
	    json_string(deadline)) != 0) || (m->subject[0] != '\0' &&
	    json_object_set_new(o, "subject", json_string(m->subject)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
list_one(void *arg, const struct msg_row *m)
{
	struct list_ctx *ctx = arg;
	char created[PROTO_TIME_LEN];

	if (ctx->arr != NULL)
		return json_array_append_new(ctx->arr, row_json(m)) == 0 ? 0 :
		    HL_ENOMEM;
	proto_time_format(m->created, created);
	cli_printf("%.12s  %-16s %-10s %6lld  %s  %-16s %s\n", m->id,
	    m->peer, m->type, (long long)m->seq, created,
	    proto_state_names[m->state], m->subject);
	return 0;
}

static int
list(int argc, char **argv, const char *dir)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = cli_cmd(argv[0]), *diropt = NULL;
	struct list_ctx ctx = { .arr = NULL };
	char usage[64];
	struct node *n;
	bool json = false;
	int c, r;

	(void)snprintf(usage, sizeof(usage), "hotline %s [--json] [--dir DIR]",
	    cmd);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node(cmd, diropt, &n) != 0)
		return 1;
	if (json && (ctx.arr = json_array()) == NULL) {
		node_close(n);
		return 1;
	}
	if (!json)
		cli_printf("%-12s  %-16s %-10s %6s  %-20s  %-16s %s\n", "ID",
		    strcmp(dir, "in") == 0 ? "FROM" : "TO", "TYPE", "SEQ",
		    "CREATED", "STATE", "SUBJECT");
	r = node_msgs_each(n, dir, list_one, &ctx);
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
	hl_diag_clear(&d);
	if ((r = jcs_parse(m.raw, m.rawlen, HL_MAX_ENVELOPE_DEPTH, 0, &env,
	    &d)) != 0) {
		cli_diag("show", m.id, r, &d);
		goto out;
	}
	cli_json_ints(env);
	{
		struct buf rb;

		buf_init(&rb, HL_MAX_RECEIPT_BYTES);
		if (node_msg_receipt(n, m.id, &rb) == 0 &&
		    jcs_parse(rb.p, rb.len, 2, 0, &receipt, NULL) == 0)
			cli_json_ints(receipt);
		buf_done(&rb);
	}
	if (json) {
		o = row_json(&m);
		if (o == NULL || json_object_set(o, "envelope", env) != 0 ||
		    (receipt != NULL && json_object_set(o, "receipt",
		    receipt) != 0)) {
			json_decref(o);
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
