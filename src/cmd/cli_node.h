/*
 * The commands' helpers that need the node: opening it, finding a
 * message, asking whether its daemon runs. See cli.h for the rest.
 */
#ifndef HL_CLI_NODE_H
#define HL_CLI_NODE_H

#include <stdbool.h>

#include "cli.h"
#include "node.h"
#include "view.h"

/*
 * Whether another process holds the data directory's daemon lock
 * (dir/serve.lock, flock): false if there is no such file or it can be
 * locked now, so a daemon that has died holds nothing.
 */
bool cli_daemon_running(const char *dir);

/*
 * Resolves the data directory and opens the node; prints why not. Sets
 * the umask to 077 first: what the command creates there is private.
 */
int cli_node(const char *cmd, const char *diropt, struct node **out);

/* The same with node_open_flags() flags. */
int cli_node_flags(const char *cmd, const char *diropt, int flags,
    struct node **out);

/*
 * Finds a message by id or unique prefix, saying on stderr why not: not
 * an id, no such message, several match, or the database's error.
 */
int cli_msg(const char *cmd, struct node *n, const char *idprefix,
    bool with_raw, struct msg_row *m);

#endif
