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

#include "checkpoint.h"
#include "cli_node.h"
#include "tlog.h"

static const char usage[] = "hotline status [--json | --check] [--dir DIR]";

/* status --check: an alarm stands (Nagios-style checks read this). */
#define EXIT_ALARM	3

static int
add_cosigner(void *arg, uint64_t size, const char *cosigner, const char *line)
{
	(void)size;
	(void)line;
	return json_array_append_new(arg, json_string(cosigner)) == 0 ? 0 :
	    HL_ENOMEM;
}

static int
add_witnessed(void *arg, const char *origin, uint64_t size, int64_t time)
{
	char t[PROTO_TIME_LEN];

	proto_time_format(time, t);
	return json_array_append_new(arg, json_pack("{s:s, s:I, s:s}",
	    "origin", origin, "size", (json_int_t)size, "cosigned", t)) == 0 ?
	    0 : HL_ENOMEM;
}

static int
add_ping(void *arg, const char *peer, int64_t sent, enum msg_state state,
    int64_t rtt_ms)
{
	char t[PROTO_TIME_LEN];
	json_t *p;

	proto_time_format(sent, t);
	p = json_pack("{s:s, s:s, s:s}", "peer", peer, "sent", t, "state",
	    proto_state_names[state]);
	if (p != NULL && rtt_ms >= 0 &&
	    json_object_set_new(p, "rtt_ms", json_integer(rtt_ms)) != 0) {
		json_decref(p);
		p = NULL;
	}
	return json_array_append_new(arg, p) == 0 ? 0 : HL_ENOMEM;
}

/* The size a stored note claims, or -1. */
static json_int_t
note_size(const uint8_t *p, size_t n)
{
	struct checkpoint c;
	struct note *nt;
	json_int_t size = -1;

	if (note_parse(p, n, &nt, NULL) == 0) {
		if (checkpoint_parse(nt->buf, nt->textlen, &c, NULL) == 0)
			size = (json_int_t)c.size;
		note_free(nt);
	}
	return size;
}

static int
add_equivocation(void *arg, const char *origin, int64_t found,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn)
{
	char t[PROTO_TIME_LEN];

	proto_time_format(found, t);
	return json_array_append_new(arg, json_pack("{s:s, s:s, s:I, s:I}",
	    "origin", origin, "found", t, "cosigned_size",
	    note_size(old_note, oldn), "conflicting_size",
	    note_size(new_note, newn))) == 0 ? 0 : HL_ENOMEM;
}

static int
add_alarm(void *arg, const struct alarm *a)
{
	char raised[PROTO_TIME_LEN], seen[PROTO_TIME_LEN];
	json_t *o;

	proto_time_format(a->raised, raised);
	proto_time_format(a->seen, seen);
	o = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:I}", "kind",
	    a->kind, "peer", a->subject[0] != '\0' ? a->subject : NULL, "msg",
	    a->msg, "detail", a->detail, "raised", raised, "seen", seen,
	    "count", (json_int_t)a->count);
	return json_array_append_new(arg, o) == 0 ? 0 : HL_ENOMEM;
}

/* Equivocation evidence is an alarm too, for as long as it is kept. */
static int
equivocation_alarms(json_t *alarms, json_t *equiv)
{
	size_t i;
	json_t *x;
	char detail[256];

	json_array_foreach(equiv, i, x) {
		(void)snprintf(detail, sizeof(detail), "signed checkpoints of "
		    "sizes %lld and %lld that are not consistent",
		    (long long)json_integer_value(json_object_get(x,
		    "cosigned_size")),
		    (long long)json_integer_value(json_object_get(x,
		    "conflicting_size")));
		if (json_array_append_new(alarms, json_pack("{s:s, s:O, s:s, "
		    "s:O, s:O, s:i}", "kind", "equivocation", "peer",
		    json_object_get(x, "origin"), "detail", detail, "raised",
		    json_object_get(x, "found"), "seen", json_object_get(x,
		    "found"), "count", 1)) != 0)
			return HL_ENOMEM;
	}
	return 0;
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
	json_t *cosigners, *witnessed, *equiv, *pings, *alarms, *o;
	struct node_status ns;
	struct status_lists l;
	char oldest[PROTO_TIME_LEN] = "";
	const char *diropt = NULL;
	struct node *n;
	uint64_t size;
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
	alarms = json_array();
	cosigners = json_array();
	witnessed = json_array();
	equiv = json_array();
	pings = json_array();
	l = (struct status_lists){
		.ping = add_ping, .ping_arg = pings,
		.cosigner = add_cosigner, .cosigner_arg = cosigners,
		.witnessed = add_witnessed, .witnessed_arg = witnessed,
		.equivocation = add_equivocation, .equivocation_arg = equiv,
		.alarm = add_alarm, .alarm_arg = alarms,
	};
	if ((r = node_status(n, (int64_t)time(NULL), &ns, &l)) != 0 ||
	    (r = equivocation_alarms(alarms, equiv)) != 0) {
		cli_err("status", "%s", hl_strerror(r));
		json_decref(alarms);
		node_close(n);
		return 1;
	}
	if (ns.tally.oldest_undelivered > 0)
		proto_time_format(ns.tally.oldest_undelivered, oldest);
	size = mlog_size(&n->log);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:I, "
	    "s:{s:I, s:s?}, s:{s:I, s:I, s:I}, s:o, "
	    "s:{s:I, s:I, s:o}, s:o, s:o, s:o}",
	    "party", n->cfg.party, "state", n->cfg.state,
	    "tier", proto_tier_names[n->cfg.tier], "endpoint",
	    n->cfg.endpoint, "key", n->card.vkey, "peers", ns.peers,
	    "outbox", (json_int_t)ns.sent, "inbox", (json_int_t)ns.received,
	    "undelivered", "count", (json_int_t)ns.tally.undelivered,
	    "oldest", ns.tally.undelivered > 0 ? oldest : NULL,
	    "requests", "overdue", (json_int_t)ns.tally.overdue, "owed",
	    (json_int_t)ns.tally.owed, "owed_late",
	    (json_int_t)ns.tally.owed_late,
	    "pings", pings,
	    "log", "size", (json_int_t)size, "checkpoint",
	    (json_int_t)ns.checkpoint, "cosigners", cosigners,
	    "witnessed", witnessed, "equivocations", equiv, "alarms", alarms);
	/* json_pack copied every string: the node can go. */
	node_close(n);
	if (o == NULL)
		return 1;
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
	cli_printf("peers       %d pinned\n", ns.peers);
	cli_printf("messages    %lld sent, %lld received\n",
	    (long long)ns.sent, (long long)ns.received);
	if (ns.tally.undelivered > 0)
		cli_printf("undelivered %lld, oldest created %s\n",
		    (long long)ns.tally.undelivered, oldest);
	cli_printf("requests    %lld owed by us (%lld late), "
	    "%lld overdue from peers\n", (long long)ns.tally.owed,
	    (long long)ns.tally.owed_late, (long long)ns.tally.overdue);
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
	cli_printf("log         %llu leaves; checkpoint %llu",
	    (unsigned long long)size, (unsigned long long)ns.checkpoint);
	if (json_array_size(cosigners) == 0)
		cli_printf(", not cosigned\n");
	else {
		cli_printf(", cosigned by");
		json_array_foreach(cosigners, i, x)
			cli_printf(" %s", json_string_value(x));
		cli_printf("\n");
	}
	json_array_foreach(witnessed, i, x)
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
