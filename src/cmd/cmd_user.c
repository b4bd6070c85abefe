/*
 * hotline user: the console's operators: add, list, passwd, token, remove.
 */
#include "cli_node.h"

/* A stub: issue 15 replaces it. */
int
cmd_user_main(int argc, char **argv)
{
	(void)argc;
	cli_err(cli_cmd(argv[0]), "not yet");
	return 1;
}
