/*
 * hotline audit: who did what, when: the audit trail, newest first.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"
#include "trail.h"

static const char usage[] =
    "hotline audit [--json] [--limit N] [--since DURATION|DATE]\n"
    "           [--actor NAME] [--action ACTION] [--dir DIR]\n"
    "Every action a person took on the node, newest first: AT ACTOR VIA\n"
    "ACTION TARGET DETAIL. --limit is at most 1000 (the default).";

struct audit_ctx {
	json_t	*arr;	/* --json: the entries; NULL for the table */
};

static int
audit_one(void *arg, const struct trail_entry *e)
{
	struct audit_ctx *ctx = arg;
	char at[PROTO_TIME_LEN];
	json_t *o;

	if (ctx->arr == NULL) {
		proto_time_format(e->at, at);
		/* A message id as the other tables show it: 12 digits. */
		cli_printf("%-20s %-24s %-7s %-16s %-16.*s %s\n", at, e->actor,
		    trail_via_names[e->via], e->action,
		    strlen(e->target) == 64 ? 12 : (int)sizeof(e->target),
		    e->target[0] != '\0' ? e->target : "-",
		    e->detail[0] != '\0' ? e->detail : "-");
		return 0;
	}
	if ((o = trail_json(e)) == NULL || json_array_append_new(ctx->arr,
	    o) != 0)
		return HL_ENOMEM;
	return 0;
}

int
cmd_audit_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ "since", required_argument, NULL, 's' },
		{ "actor", required_argument, NULL, 'a' },
		{ "action", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct audit_ctx ctx = { NULL };
	struct trail_filter f;
	struct node *n;
	const char *diropt = NULL;
	int64_t lim;
	bool json = false;
	int c, r;

	memset(&f, 0, sizeof(f));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'n':
			if (!proto_int_parse(optarg, 1, HL_TRAIL_MAX_PAGE,
			    &lim)) {
				cli_err("audit", "--limit '%s': not a number "
				    "from 1 to %d", optarg, HL_TRAIL_MAX_PAGE);
				return EXIT_USAGE;
			}
			f.limit = (size_t)lim;
			break;
		case 's':
			if (!cli_time_rel(optarg, (int64_t)time(NULL), -1,
			    &f.since)) {
				cli_err("audit", "--since '%s': not a duration "
				    "(7d), a date or an RFC 3339 time", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'a': f.actor = optarg; break;
		case 'A': f.action = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node("audit", diropt, &n) != 0)
		return 1;
	if (json && (ctx.arr = json_array()) == NULL) {
		node_close(n);
		cli_err("audit", "out of memory");
		return 1;
	}
	if (!json)
		cli_printf("%-20s %-24s %-7s %-16s %-16s %s\n", "AT", "ACTOR",
		    "VIA", "ACTION", "TARGET", "DETAIL");
	r = trail_each(n, &f, audit_one, &ctx);
	node_close(n);
	if (r != 0) {
		cli_err("audit", "cannot read the trail: %s", hl_strerror(r));
		json_decref(ctx.arr);
		return 1;
	}
	return json ? cli_print_json(json_pack("{s:o}", "entries", ctx.arr)) :
	    0;
}
