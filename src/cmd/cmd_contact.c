/*
 * hotline contact-check and hotline ack: a check that a person on the
 * other side is there, in the spirit of the OSCE's CBM 8 and the UN
 * points-of-contact directory's ping tests. contact-check sends one that
 * a person must acknowledge with ack within a deadline; the log records
 * when. See docs/PROTOCOL.md, "Contact checks".
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"

static const char check_usage[] =
    "hotline contact-check PEER [--deadline DUR] [--note TEXT] [--dir DIR]";
static const char ack_usage[] = "hotline ack ID [--note TEXT] [--dir DIR]";

/* Queued is not sent: without a daemon nothing goes, so say so. */
static void
queued_note(const char *cmd, struct node *n)
{
	if (!cli_daemon_running(n->dir))
		cli_err(cmd, "queued, but no daemon is running: it goes when "
		    "hotline serve starts");
}

int
cmd_contact_check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "deadline", required_argument, NULL, 'D' },
		{ "note", required_argument, NULL, 'n' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *deadline = NULL, *note = NULL;
	struct node *n;
	struct hl_diag d;
	int64_t secs = 0, now;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': deadline = optarg; break;
		case 'n': note = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(check_usage, 0);
		default: return cli_usage(check_usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(check_usage, EXIT_USAGE);
	if (deadline != NULL && !proto_duration_parse(deadline, &secs)) {
		cli_err("contact-check", "--deadline '%s': not a duration "
		    "(24h, 30m)", deadline);
		return EXIT_USAGE;
	}
	if (cli_node("contact-check", diropt, &n) != 0)
		return 1;
	hl_diag_clear(&d);
	now = (int64_t)time(NULL);
	if ((r = node_contact_check(n, argv[optind], secs != 0 ? now + secs : 0,
	    note, now, id, &d)) != 0) {
		cli_diag("contact-check", NULL, r, &d);
		goto out;
	}
	(void)printf("%s\n", id);
	(void)fflush(stdout);
	queued_note("contact-check", n);
	rc = 0;
out:
	node_close(n);
	return rc;
}

int
cmd_ack_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *note = NULL;
	struct node *n;
	struct hl_diag d;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': note = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(ack_usage, 0);
		default: return cli_usage(ack_usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(ack_usage, EXIT_USAGE);
	if (cli_node("ack", diropt, &n) != 0)
		return 1;
	hl_diag_clear(&d);
	if ((r = node_ack(n, argv[optind], note, (int64_t)time(NULL), id,
	    &d)) != 0) {
		cli_diag("ack", NULL, r, &d);
		goto out;
	}
	(void)printf("%s\n", id);
	(void)fflush(stdout);
	queued_note("ack", n);
	rc = 0;
out:
	node_close(n);
	return rc;
}
