/*
 * hotline key: a node's keys over the years. rotate makes new keys (the
 * message key, the TLS key, or neither: a renewed card) and a new version
 * of the card, signed by the offline identity key, and sends it to every
 * peer as a notice; revoke says the message key is not to be trusted
 * from a time on. See docs/PROTOCOL.md, "Identity card".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "hotline key rotate [--message] [--tls] --identity FILE [--grace DUR] "
    "[--dir DIR]\n"
    "hotline key revoke --identity FILE --reason compromise|superseded "
    "--since TIME [--dir DIR]";

int
cmd_key_main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_usage(usage, 0);
	cli_err("key", "not yet");
	return 1;
}
