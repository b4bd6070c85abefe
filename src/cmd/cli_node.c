/*
 * The commands' helpers that need the node. See cli_node.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_node.h"
#include "trail.h"

bool
cli_daemon_running(const char *dir)
{
	char path[4200];
	bool held;
	int fd;

	(void)snprintf(path, sizeof(path), "%s/" NODE_LOCK, dir);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return false;
	/* Taken now: nobody held it; given back at once. */
	held = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
	(void)close(fd);
	return held;
}

/*
 * Who runs this command, as the trail names them: "unix:" and the
 * effective user's name, or "unix:UID" for a user the system cannot
 * name. The effective user is the one whose rights open the database.
 */
static void
unix_actor(char out[static HL_ACTOR_LEN + 1])
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	uid_t uid = geteuid();

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 &&
	    res != NULL && res->pw_name[0] != '\0')
		(void)snprintf(out, HL_ACTOR_LEN + 1, "unix:%s", res->pw_name);
	else
		(void)snprintf(out, HL_ACTOR_LEN + 1, "unix:%lu",
		    (unsigned long)uid);
}

int
cli_node(const char *cmd, const char *diropt, struct node **out)
{
	return cli_node_flags(cmd, diropt, 0, out);
}

int
cli_node_flags(const char *cmd, const char *diropt, int flags,
    struct node **out)
{
	char actor[HL_ACTOR_LEN + 1];
	struct hl_diag d;
	char dir[4096];
	int r;

	hl_diag_clear(&d);
	if (node_dir(diropt, dir, sizeof(dir)) != 0) {
		cli_err(cmd, "no data directory: give --dir or set "
		    "HOTLINE_DIR");
		return 1;
	}
	/*
	 * Whatever a command makes in the data directory (SQLite's -wal and
	 * -shm, a lock, a FIFO) is the owner's alone, as the rest of it.
	 */
	(void)umask(077);
	if ((r = node_open_flags(dir, NULL, flags, out, &d)) != 0) {
		cli_diag(cmd, NULL, r, &d);
		if (cli_json)
			(void)cli_print_json(json_pack("{s:o}", "problem",
			    cli_problem(r, &d)));
		return 1;
	}
	unix_actor(actor);
	node_set_actor(*out, actor, VIA_CLI);
	return 0;
}

int
cli_msg(const char *cmd, struct node *n, const char *idprefix,
    bool with_raw, struct msg_row *m)
{
	struct hl_diag d;
	int r;

	hl_diag_clear(&d);
	if ((r = node_msg_get(n, idprefix, with_raw, m, &d)) != 0)
		cli_diag(cmd, NULL, r, &d);
	return r;
}
