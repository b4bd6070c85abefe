/*
 * hotline serve: the front end of the daemon (serve.h). It checks the data
 * directory's modes, opens and checks the node, takes the directory's lock
 * and hands the directory to signer_run() (signer.h), which forks the
 * network process that runs serve_run(); serve -n stops after the checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "serve.h"
#include "signer.h"
#include "trail.h"

static const char usage[] = "hotline serve [-n] [-v] [--dir DIR]";

/*
 * One daemon per data directory: DIR/serve.lock, flock()ed for the
 * daemon's life and holding its PID as text. The kernel drops the lock
 * when the process ends, however it ends, so a kill -9 leaves nothing
 * stale to clean up. Returns the descriptor to keep open, or -1 having
 * said why.
 */
static int
lock_dir(const char *dir)
{
	struct timespec pause = { 0, 20 * 1000000L };
	char path[4200], pid[32];
	ssize_t k;
	int fd, len, tries = 0, r;

	(void)snprintf(path, sizeof(path), "%s/" NODE_LOCK, dir);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		cli_err("serve", "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	/*
	 * A command asking whether a daemon runs (cli_daemon_running())
	 * holds the lock for an instant: a few tries tell it from a daemon.
	 */
	while ((r = flock(fd, LOCK_EX | LOCK_NB)) != 0 &&
	    errno == EWOULDBLOCK && ++tries < 10)
		(void)nanosleep(&pause, NULL);
	if (r != 0) {
		if (errno != EWOULDBLOCK)
			cli_err("serve", "%s: cannot lock: %s", path,
			    strerror(errno));
		else if ((k = pread(fd, pid, sizeof(pid) - 1, 0)) > 0 &&
		    (pid[k] = '\0', pid[strspn(pid, "0123456789")] == '\n'))
			cli_err("serve", "%s is in use by PID %.*s", dir,
			    (int)strspn(pid, "0123456789"), pid);
		else	/* it has the lock and is about to write its PID */
			cli_err("serve", "%s is in use by another hotline serve",
			    dir);
		(void)close(fd);
		return -1;
	}
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		cli_err("serve", "%s: cannot write: %s", path, strerror(errno));
		(void)close(fd);
		return -1;
	}
	return fd;
}

int
cmd_serve_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL;
	struct node *n = NULL;
	struct hl_diag d;
	bool check = false;
	int c, r, verbose = 0, rc, lockfd = -1;
	char dir[4096];

	while ((c = getopt_long(argc, argv, "nvh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'n': check = true; break;
		case 'v': verbose++; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	hl_diag_clear(&d);
	if (node_dir(diropt, dir, sizeof(dir)) == 0 &&
	    (r = node_check_modes(dir, &d)) != 0) {
		cli_diag("serve", NULL, r, &d);
		return 1;
	}
	if (cli_node("serve", diropt, &n) != 0)
		return 1;
	/*
	 * The daemon is the node itself: its pings, deadlines and alarms
	 * are the log's to record, not the trail's (the console names its
	 * users on handles of its own).
	 */
	node_set_actor(n, "", VIA_CLI);
	/* serve -n takes no lock: it may check beside a running daemon. */
	if (!check && (lockfd = lock_dir(n->dir)) < 0) {
		node_close(n);
		return 1;
	}
	hl_diag_clear(&d);
	if ((r = node_check(n, &d)) != 0) {
		cli_diag("serve", NULL, r, &d);
		node_close(n);
		if (lockfd >= 0)
			(void)close(lockfd);
		return 1;
	}
	if (check) {
		(void)printf("configuration ok: %s (%s, %s) listens on "
		    "%s%s%s\n", n->cfg.party, n->cfg.state,
		    proto_tier_names[n->cfg.tier], n->cfg.listen,
		    n->cfg.taxii_listen[0] != '\0' ? ", TAXII on " : "",
		    n->cfg.taxii_listen);
		node_close(n);
		return 0;
	}
	/*
	 * Closed before the signer forks: the key this handle read is wiped
	 * and unmapped (sodium_free), so that the network process never
	 * has it; the signer reads it again after the fork.
	 */
	(void)snprintf(dir, sizeof(dir), "%s", n->dir);
	node_close(n);
	hl_diag_clear(&d);
	r = signer_run(dir, lockfd, verbose, &d);
	if (r != 0 && d.msg[0] != '\0')
		cli_err("serve", "%s", d.msg);
	rc = r != 0;
	/* Last: the directory is free once everything in it is closed. */
	(void)close(lockfd);
	return rc;
}
