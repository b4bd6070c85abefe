/*
 * hotline todo: the attention queue: what needs an officer now, most urgent first.
 */
#include "cli_node.h"

/* A stub: issue 15 replaces it. */
int
cmd_todo_main(int argc, char **argv)
{
	(void)argc;
	cli_err(cli_cmd(argv[0]), "not yet");
	return 1;
}
