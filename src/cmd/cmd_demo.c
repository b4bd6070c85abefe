/*
 * hotline demo: the whole story on loopback, in a temporary directory,
 * driving this very binary as an operator would (see scripts/demo.sh,
 * which is what runs). Nothing is left running or on disk afterwards.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "hl_version.h"

static const char usage[] = "hotline demo";

#define DEMO_NODES	3
#define DEMO_PORTS	(2 * DEMO_NODES)

/*
 * Ports the kernel says are free on loopback, two per node (its peers'
 * listener and its console), put in
 * HOTLINE_DEMO_PORTS for the script. All are held until all are chosen,
 * so they differ; a daemon could still lose one to another program in
 * the moment between, which the script reports as a daemon not serving.
 */
static int
free_ports(void)
{
	char list[DEMO_PORTS * 8] = "";
	int fd[DEMO_PORTS], r = 0;
	size_t used = 0;

	for (int i = 0; i < DEMO_PORTS; i++) {
		struct sockaddr_in a = { .sin_family = AF_INET };
		socklen_t len = sizeof(a);

		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (fd[i] < 0 || bind(fd[i], (struct sockaddr *)&a,
		    sizeof(a)) != 0 || getsockname(fd[i], (struct sockaddr *)&a,
		    &len) != 0)
			r = -1;
		else
			used += (size_t)snprintf(list + used, sizeof(list) - used,
			    "%s%u", i > 0 ? " " : "", ntohs(a.sin_port));
	}
	for (int i = 0; i < DEMO_PORTS; i++)
		if (fd[i] >= 0)
			(void)close(fd[i]);
	return r == 0 ? setenv("HOTLINE_DEMO_PORTS", list, 1) : r;
}

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
	if (free_ports() != 0) {
		cli_err("demo", "cannot find free ports on 127.0.0.1: %s",
		    strerror(errno));
		return 1;
	}
	(void)fflush(stdout);
	(void)execl("/bin/sh", "sh", script, self, (char *)NULL);
	cli_err("demo", "cannot run %s: %s", script, strerror(errno));
	return 1;
}
