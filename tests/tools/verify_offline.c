/*
 * `hotline verify` built from its own front end (src/cmd/cmd_verify.c) and
 * the shared front-end helpers (src/cmd/cli.c) over the core library and
 * nothing else: no node, no SQLite, no network. That it links proves the
 * auditor's check is offline; tests/cli/test_offline.sh runs it beside
 * `hotline verify` and compares every byte of output.
 */
#include <stdio.h>

#include "cli.h"
#include "hl.h"

int
main(int argc, char **argv)
{
	char name[] = "hotline verify";

	if (hl_init() != 0) {
		(void)fprintf(stderr, "hotline: cannot initialize libsodium\n");
		return 1;
	}
	argv[0] = name;
	return cmd_verify_main(argc, argv);
}
