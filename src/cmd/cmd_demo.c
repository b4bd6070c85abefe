/*
 * hotline demo: the whole story on loopback, in a temporary directory,
 * driving this very binary as an operator would (see scripts/demo.sh,
 * which is what runs). Nothing is left running or on disk afterwards.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "hl_version.h"

static const char usage[] = "hotline demo";

int
cmd_demo_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *script = HL_DEMO_SOURCE;
	char self[4096];
	ssize_t n;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(usage, EXIT_USAGE);
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0) {
		cli_err("demo", "cannot find this program: /proc/self/exe");
		return 1;
	}
	self[n] = '\0';
	if (access(script, R_OK) != 0)
		script = HL_DEMO_INSTALLED;
	(void)fflush(stdout);
	(void)execl("/bin/sh", "sh", script, self, (char *)NULL);
	cli_err("demo", "cannot run %s: %s", script, strerror(errno));
	return 1;
}
