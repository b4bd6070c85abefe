/*
 * hotline: one binary, git-style subcommands. This file is only the table
 * and the dispatch; each command lives in cmd_<name>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "hl.h"
#include "hl_version.h"

static const struct {
	const char	*name;
	int		(*main)(int, char **);
	const char	*what;
} commands[] = {
	{ "init",	cmd_init_main,	 "create a node's data directory" },
	{ "id",		cmd_id_main,	 "print this node's identity card" },
	{ "peer",	cmd_peer_main,	 "pin a peer's card, or list peers" },
	{ "send",	cmd_send_main,	 "sign and queue a message to a peer" },
	{ "reply",	cmd_reply_main,	 "answer a request or query received" },
	{ "withdraw",	cmd_withdraw_main, "take back a request or query sent" },
	{ "escalate",	cmd_escalate_main, "escalate a request sent to the next "
					 "tier now" },
	{ "ping",	cmd_ping_main,	 "send a signed ping to a peer" },
	{ "contact-check", cmd_contact_check_main, "ask a person at a peer "
					 "to confirm they are there" },
	{ "ack",	cmd_ack_main,	 "confirm a peer's contact check, as "
					 "the person on duty" },
	{ "todo",	cmd_todo_main,	 "what needs an officer now, most "
					 "urgent first" },
	{ "outbox",	cmd_outbox_main, "list messages sent" },
	{ "inbox",	cmd_inbox_main,	 "list messages received" },
	{ "show",	cmd_show_main,	 "show one message" },
	{ "accept",	cmd_accept_main, "verify and store a signed envelope" },
	{ "check",	cmd_check_main,	 "verify a signed envelope, store "
					 "nothing" },
	{ "canon",	cmd_canon_main,	 "print the RFC 8785 canonical form "
					 "of JSON" },
	{ "log",	cmd_log_main,	 "the transparency log: head, leaves, "
					 "proofs, verify, cosign" },
	{ "note",	cmd_note_main,	 "verify a signed note offline" },
	{ "proof",	cmd_proof_main,	 "verify a tlog-proof file offline" },
	{ "alarm",	cmd_alarm_main,	 "clear a standing alarm, once "
					 "looked into" },
	{ "status",	cmd_status_main, "what this node holds and what is "
					 "wrong" },
	{ "report",	cmd_report_main, "who asked whom, what was answered, "
					 "late or ignored" },
	{ "review",	cmd_review_main, "write or countersign a periodic "
					 "joint review with a peer" },
	{ "verify",	cmd_verify_main, "check a report bundle or review "
					 "offline, number by number" },
	{ "origins",	cmd_origins_main, "attack logs to a table of source "
					 "countries, reproducibly" },
	{ "import",	cmd_import_main, "a STIX, MISP, IODEF, CSV or list "
					 "file to a request body" },
	{ "export",	cmd_export_main, "a message as a STIX bundle, MISP "
					 "event or IODEF document" },
	{ "match",	cmd_match_main,	 "a request's indicators found in "
					 "local logs, as findings" },
	{ "serve",	cmd_serve_main,	 "run the node: receive over HTTPS, "
					 "deliver the outbox" },
	{ "taxii",	cmd_taxii_main,	 "the TAXII server's users: add, "
					 "list, remove" },
	{ "user",	cmd_user_main,	 "the console's operators: add, list, "
					 "passwd, token, remove" },
	{ "audit",	cmd_audit_main,	 "who did what, when: the audit "
					 "trail" },
	{ "key",	cmd_key_main,	 "rotate or revoke this node's keys "
					 "with its identity key" },
	{ "demo",	cmd_demo_main,	 "two nodes on loopback: the whole "
					 "story, then gone" },
};

static int
usage(FILE *f)
{
	(void)fprintf(f, "usage: hotline [--version] [--help] COMMAND "
	    "[ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		(void)fprintf(f, "  %-13s %s\n", commands[i].name,
		    commands[i].what);
	(void)fprintf(f, "\n'hotline COMMAND --help' describes a command; "
	    "hotline(1) describes them all.\n");
	return f == stdout ? 0 : EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (hl_init() != 0) {
		(void)fprintf(stderr, "hotline: cannot initialize libsodium\n");
		return 1;
	}
	if (argc < 2)
		return usage(stderr);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0)
		return usage(stdout);
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		(void)printf("hotline %s\n", HL_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		static char name[32];

		if (strcmp(cmd, commands[i].name) != 0)
			continue;
		/*
		 * getopt() names argv[0] in what it prints ("hotline log:
		 * unrecognized option"), as every other error names it.
		 */
		(void)snprintf(name, sizeof(name), "hotline %s", cmd);
		argv[1] = name;
		return commands[i].main(argc - 1, argv + 1);
	}
	(void)fprintf(stderr, "hotline: '%s' is not a command; see "
	    "'hotline --help'\n", cmd);
	return EXIT_USAGE;
}
