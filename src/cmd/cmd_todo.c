/*
 * hotline todo: the attention queue: what needs an officer now, most
 * urgent first (attention.h). The table and --json are the same queue;
 * --json is attention_json() as it is, as the console's is.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "attention.h"
#include "cli_node.h"

static const char usage[] =
    "hotline todo [--json] [--at WHEN] [--dir DIR]";

/* Time left as attention_span() says it, "-" first when late; "-": none. */
static void
left(const struct att_item *it, int64_t now, char *out, size_t n)
{
	char sp[32];

	if (it->due == 0) {
		(void)snprintf(out, n, "-");
		return;
	}
	attention_span(it->due - now, sp, sizeof(sp));
	(void)snprintf(out, n, "%s%s", it->due < now ? "-" : "", sp);
}

int
cmd_todo_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct attention a;
	struct node *n;
	int64_t now = (int64_t)time(NULL);
	char due[40];
	bool json = false;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'a':
			/* The queue as it will stand then: --at 8h. */
			if (!cli_time_rel(optarg, now, 1, &now)) {
				cli_err("todo", "--at: not a duration ahead "
				    "(8h), a date or an RFC 3339 time: '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node("todo", diropt, &n) != 0)
		return 1;
	r = attention_build(n, now, &a);
	node_close(n);
	if (r != 0) {
		cli_err("todo", "%s", hl_strerror(r));
		return 1;
	}
	if (json) {
		r = cli_print_json(attention_json(&a));
		attention_done(&a);
		return r;
	}
	if (a.n == 0)
		cli_printf("nothing needs attention\n");
	else
		cli_printf("%-11s %-8s %-16s %-12s %s\n", "KIND", "DUE/LEFT",
		    "PEER", "ID", "SUBJECT/DETAIL");
	for (size_t i = 0; i < a.n; i++) {
		const struct att_item *it = &a.v[i];

		left(it, now, due, sizeof(due));
		cli_printf("%-11s %-8s %-16s %-12.12s %s%s%s\n",
		    att_kind_names[it->kind], due, it->peer[0] != '\0' ?
		    it->peer : "-", it->msg[0] != '\0' ? it->msg : "-",
		    it->subject, it->subject[0] != '\0' ? ": " : "",
		    it->detail);
	}
	if (a.more > 0)
		cli_printf("... and %zu more\n", a.more);
	attention_done(&a);
	return 0;
}
