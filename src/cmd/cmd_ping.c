/*
 * hotline ping: queues a signed ping to a peer. The peer's daemon answers
 * with a pong when it accepts it; the round trip is kept on the ping and
 * shown by status, or waited for here with --wait.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_node.h"

static const char usage[] =
    "hotline ping [--wait [--timeout DURATION]] [--dir DIR] PEER";

/* How long --wait waits unless told: several of the daemon's retries. */
#define PING_WAIT_SECS	30

/* How often --wait looks at the database for the pong. */
#define PING_POLL_MS	50

/*
 * Waits for the pong of ping id, up to secs: 0 with its round trip in
 * *rtt (-1 if it timed out), or the database's error (said on stderr).
 */
static int
wait_pong(struct node *n, const char *id, int64_t secs, int64_t *rtt)
{
	struct timespec poll = { 0, PING_POLL_MS * 1000000L };
	int64_t until = proto_mono_ms() + secs * 1000;
	int r;

	for (;;) {
		if ((r = node_ping_rtt(n, id, rtt)) != 0) {
			cli_err("ping", "cannot read the ping: %s",
			    hl_strerror(r));
			return r;
		}
		if (*rtt >= 0 || proto_mono_ms() >= until)
			return 0;
		(void)nanosleep(&poll, NULL);
	}
}

int
cmd_ping_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ "timeout", required_argument, NULL, 't' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *timeout = NULL;
	struct node *n;
	struct hl_diag d;
	int64_t secs = PING_WAIT_SECS, rtt;
	bool wait = false;
	char id[65];
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wait = true; break;
		case 't': timeout = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, EXIT_USAGE);
	if (timeout != NULL && !wait) {
		cli_err("ping", "--timeout: only with --wait");
		return EXIT_USAGE;
	}
	if (timeout != NULL && !proto_duration_parse(timeout, &secs)) {
		cli_err("ping", "--timeout '%s': not a duration (10s, 2m)",
		    timeout);
		return EXIT_USAGE;
	}
	if (cli_node("ping", diropt, &n) != 0)
		return 1;
	hl_diag_clear(&d);
	if ((r = node_ping(n, argv[optind], (int64_t)time(NULL), id,
	    &d)) != 0) {
		cli_diag("ping", NULL, r, &d);
		goto out;
	}
	(void)printf("%s\n", id);
	(void)fflush(stdout);
	/*
	 * Queued is not sent: without a daemon nothing goes, so say so.
	 * Queued is still done, as for send; a round trip waited for is not.
	 */
	if (!cli_daemon_running(n->dir)) {
		cli_err("ping", "queued, but no daemon is running: it goes "
		    "when hotline serve starts");
		rc = wait ? 1 : 0;
		goto out;
	}
	if (!wait)
		rc = 0;
	else if ((r = wait_pong(n, id, secs, &rtt)) == 0 && rtt >= 0) {
		cli_printf("pong from %s in %lld ms\n", argv[optind],
		    (long long)rtt);
		rc = 0;
	} else if (r == 0)
		cli_err("ping", "no pong from %s within %llds; the ping stays "
		    "queued and hotline status shows its round trip when the "
		    "pong comes", argv[optind], (long long)secs);
out:
	node_close(n);
	return rc;
}
