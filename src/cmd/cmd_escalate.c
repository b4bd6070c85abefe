/*
 * hotline escalate: escalate a request sent to the next tier now.
 */
#include "cli_node.h"

/* A stub: issue 15 replaces it. */
int
cmd_escalate_main(int argc, char **argv)
{
	(void)argc;
	cli_err(cli_cmd(argv[0]), "not yet");
	return 1;
}
