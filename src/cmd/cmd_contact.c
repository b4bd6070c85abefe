/*
 * hotline contact-check and hotline ack: a check that a person on the
 * other side is there, in the spirit of the OSCE's CBM 8 and the UN
 * points-of-contact directory's ping tests. contact-check sends one that
 * a person must acknowledge with ack within a deadline; the log records
 * when. See docs/PROTOCOL.md, "Contact checks".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char check_usage[] =
    "hotline contact-check PEER [--deadline DUR] [--note TEXT] [--dir DIR]";
static const char ack_usage[] = "hotline ack ID [--note TEXT] [--dir DIR]";

int
cmd_contact_check_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_usage(check_usage, 0);
	cli_err("contact-check", "not yet");
	return 1;
}

int
cmd_ack_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_usage(ack_usage, 0);
	cli_err("ack", "not yet");
	return 1;
}
