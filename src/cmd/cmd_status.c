/*
 * hotline status: this node at a glance, and its alarms: identity, peers
 * and the last ping to each, message counts, what is still undelivered,
 * requests overdue either way, the log's head and cosigners, peer logs
 * witnessed, and every piece of equivocation evidence.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"
#include "present.h"

static const char usage[] = "hotline status [--json | --check] [--dir DIR]";

/* status --check: an alarm stands (Nagios-style checks read this). */
#define EXIT_ALARM	3

/* An integer member of a status object. */
static long long
jint(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* One line for an alarm, naming its peer or message. */
static void
print_alarm(const char *lead, const json_t *x)
{
	const char *peer = json_string_value(json_object_get(x, "peer"));
	const char *msg = json_string_value(json_object_get(x, "msg"));

	cli_printf("%s%s", lead, json_string_value(json_object_get(x,
	    "kind")));
	if (peer != NULL)
		cli_printf(" peer=%s", peer);
	if (msg != NULL)
		cli_printf(" msg=%.12s", msg);
	cli_printf(": %s (since %s", json_string_value(json_object_get(x,
	    "detail")), json_string_value(json_object_get(x, "raised")));
	if (json_integer_value(json_object_get(x, "count")) > 1)
		cli_printf(", %lld times, last %s",
		    (long long)json_integer_value(json_object_get(x, "count")),
		    json_string_value(json_object_get(x, "seen")));
	cli_printf(")\n");
}

int
cmd_status_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	json_t *o, *tally, *equiv;
	const char *diropt = NULL;
	struct node *n;
	int c, r;
	bool json = false, check = false;
	size_t i;
	json_t *x;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; break;
		case 'c': check = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc || (json && check))
		return cli_usage(usage, EXIT_USAGE);
	if (cli_node("status", diropt, &n) != 0)
		return 1;
	r = present_status(n, (int64_t)time(NULL), &o);
	node_close(n);
	if (r != 0) {
		cli_err("status", "%s", hl_strerror(r));
		return 1;
	}
	equiv = json_object_get(o, "equivocations");
	if (json) {
		r = json_array_size(equiv) == 0 ? 0 : 1;
		return cli_print_json(o) != 0 ? 1 : r;
	}
	if (check) {
		json_array_foreach(json_object_get(o, "alarms"), i, x)
			print_alarm("ALARM ", x);
		r = json_array_size(json_object_get(o, "alarms")) == 0 ? 0 :
		    EXIT_ALARM;
		if (r == 0)
			cli_printf("OK %s: no alarms\n", json_string_value(
			    json_object_get(o, "party")));
		json_decref(o);
		return r;
	}
	cli_printf("node        %s (%s, %s) %s\n",
	    json_string_value(json_object_get(o, "party")),
	    json_string_value(json_object_get(o, "state")),
	    json_string_value(json_object_get(o, "tier")),
	    json_string_value(json_object_get(o, "endpoint")));
	cli_printf("key         %s\n",
	    json_string_value(json_object_get(o, "key")));
	cli_printf("peers       %lld pinned\n", jint(o, "peers"));
	cli_printf("messages    %lld sent, %lld received\n",
	    jint(o, "outbox"), jint(o, "inbox"));
	tally = json_object_get(o, "undelivered");
	if (jint(tally, "count") > 0)
		cli_printf("undelivered %lld, oldest created %s\n",
		    jint(tally, "count"), json_string_value(json_object_get(
		    tally, "oldest")));
	tally = json_object_get(o, "requests");
	cli_printf("requests    %lld owed by us (%lld late), "
	    "%lld overdue from peers\n", jint(tally, "owed"),
	    jint(tally, "owed_late"), jint(tally, "overdue"));
	json_array_foreach(json_object_get(o, "pings"), i, x) {
		json_t *rtt = json_object_get(x, "rtt_ms");

		cli_printf("ping        %s sent %s, %s",
		    json_string_value(json_object_get(x, "peer")),
		    json_string_value(json_object_get(x, "sent")),
		    json_string_value(json_object_get(x, "state")));
		if (rtt != NULL)
			cli_printf(", round trip %lld ms",
			    (long long)json_integer_value(rtt));
		cli_printf("\n");
	}
	json_array_foreach(json_object_get(o, "last_contact"), i, x) {
		const char *at = json_string_value(json_object_get(x, "at"));

		cli_printf("contact     %s last confirmed by a person %s (%lld "
		    "checks sent, %lld overdue)\n",
		    json_string_value(json_object_get(x, "peer")),
		    at != NULL ? at : "never", jint(x, "checks"),
		    jint(x, "overdue"));
	}
	tally = json_object_get(o, "log");
	cli_printf("log         %lld leaves; checkpoint %lld",
	    jint(tally, "size"), jint(tally, "checkpoint"));
	if (json_array_size(json_object_get(tally, "cosigners")) == 0)
		cli_printf(", not cosigned\n");
	else {
		cli_printf(", cosigned by");
		json_array_foreach(json_object_get(tally, "cosigners"), i, x)
			cli_printf(" %s", json_string_value(x));
		cli_printf("\n");
	}
	/*
	 * Cards: this node's always, a peer's when it nears its end (past
	 * it, either is an alarm, below).
	 */
	json_array_foreach(json_object_get(o, "cards"), i, x) {
		const char *st = json_string_value(json_object_get(x, "state"));
		const char *na = json_string_value(json_object_get(x,
		    "not_after"));
		bool own = json_is_true(json_object_get(x, "own"));

		if (own && strcmp(st, "no-expiry") == 0)
			cli_printf("card        version 1, no expiry (made "
			    "before identity keys)\n");
		else if (own)
			cli_printf("card        serial %lld, valid until %s\n",
			    jint(x, "serial"), na);
		if (strcmp(st, "expiring") == 0 && own)
			cli_printf("WARNING     this node's card expires %s: "
			    "renew it with hotline key rotate --identity "
			    "FILE\n", na);
		else if (strcmp(st, "expiring") == 0)
			cli_printf("WARNING     the pinned card of %s expires "
			    "%s: it has to renew it\n", json_string_value(
			    json_object_get(x, "party")), na);
	}
	json_array_foreach(json_object_get(o, "witnessed"), i, x)
		cli_printf("witnessed   %s at size %lld (%s)\n",
		    json_string_value(json_object_get(x, "origin")),
		    (long long)json_integer_value(json_object_get(x, "size")),
		    json_string_value(json_object_get(x, "cosigned")));
	json_array_foreach(equiv, i, x)
		cli_printf("ALARM       equivocation: %s signed checkpoints of "
		    "sizes %lld and %lld that are not consistent (found %s)\n",
		    json_string_value(json_object_get(x, "origin")),
		    (long long)json_integer_value(json_object_get(x,
		    "cosigned_size")),
		    (long long)json_integer_value(json_object_get(x,
		    "conflicting_size")),
		    json_string_value(json_object_get(x, "found")));
	json_array_foreach(json_object_get(o, "alarms"), i, x)
		if (strcmp(json_string_value(json_object_get(x, "kind")),
		    "equivocation") != 0)
			print_alarm("ALARM       ", x);
	/* An equivocation is an alarm: say so in the exit code too. */
	r = json_array_size(equiv) == 0 ? 0 : 1;
	json_decref(o);
	return r;
}
