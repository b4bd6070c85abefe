/*
 * hotline init: creates a node's data directory.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_node.h"

static const char usage[] =
    "hotline init --party ID --state CC --tier cert|nrrc|policy\n"
    "                    [--listen HOST:PORT] [--endpoint URL]\n"
    "                    [--console HOST:PORT|none] [--identity-out FILE]\n"
    "                    [--valid DURATION] [--dir DIR]";

int
cmd_init_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "party", required_argument, NULL, 'p' },
		{ "state", required_argument, NULL, 's' },
		{ "tier", required_argument, NULL, 't' },
		{ "listen", required_argument, NULL, 'l' },
		{ "endpoint", required_argument, NULL, 'e' },
		{ "console", required_argument, NULL, 'c' },
		{ "dir", required_argument, NULL, 'd' },
		{ "identity-out", required_argument, NULL, 'i' },
		{ "valid", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *party = NULL, *state = NULL, *tier = NULL, *listen = NULL,
	    *endpoint = NULL, *console = NULL, *diropt = NULL, *valid = NULL;
	struct init_args ia = { NULL, 0, 0 };
	struct node *n = NULL;
	char idpath[4200], exp[PROTO_TIME_LEN];
	struct config cfg;
	struct hl_diag d;
	char dir[4096];
	int c, t, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': party = optarg; break;
		case 's': state = optarg; break;
		case 't': tier = optarg; break;
		case 'l': listen = optarg; break;
		case 'e': endpoint = optarg; break;
		case 'c': console = optarg; break;
		case 'd': diropt = optarg; break;
		case 'i': ia.identity_out = optarg; break;
		case 'v': valid = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc || party == NULL || state == NULL || tier == NULL)
		return cli_usage(usage, EXIT_USAGE);
	config_defaults(&cfg);
	if (!proto_party_valid(party)) {
		cli_err("init", "--party '%s': not a party id "
		    "([a-z0-9.-]{1,64})", party);
		return EXIT_USAGE;
	}
	if (!proto_state_valid(state)) {
		cli_err("init", "--state '%s': not an ISO 3166 alpha-2 code "
		    "(two capital letters)", state);
		return EXIT_USAGE;
	}
	if ((t = proto_lookup(proto_tier_names, tier)) < 0) {
		cli_err("init", "--tier '%s': must be cert, nrrc or policy",
		    tier);
		return EXIT_USAGE;
	}
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, state, 3);
	cfg.tier = (enum tier)t;
	if (listen != NULL) {
		if (!config_listen_valid(listen)) {
			cli_err("init", "--listen '%s': not HOST:PORT", listen);
			return EXIT_USAGE;
		}
		(void)snprintf(cfg.listen, sizeof(cfg.listen), "%s", listen);
		(void)snprintf(cfg.endpoint, sizeof(cfg.endpoint),
		    "https://%s", listen);
	}
	if (endpoint != NULL) {
		if (!config_endpoint_valid(endpoint)) {
			cli_err("init", "--endpoint '%s': not an https:// URL",
			    endpoint);
			return EXIT_USAGE;
		}
		(void)snprintf(cfg.endpoint, sizeof(cfg.endpoint), "%s",
		    endpoint);
	}
	if (console != NULL) {
		if (strcmp(console, "none") != 0 &&
		    !config_listen_valid(console)) {
			cli_err("init", "--console '%s': not HOST:PORT or none",
			    console);
			return EXIT_USAGE;
		}
		(void)snprintf(cfg.console_listen, sizeof(cfg.console_listen),
		    "%s", strcmp(console, "none") == 0 ? "" : console);
		cfg.console_set = true;
	}
	if (cfg.console_listen[0] != '\0' &&
	    strcmp(cfg.console_listen, cfg.listen) == 0) {
		if (console != NULL)
			cli_err("init", "--console '%s': that is --listen's "
			    "address; the console needs one of its own",
			    console);
		else
			cli_err("init", "--listen '%s': that is the console's "
			    "default address; give --console another, or "
			    "none", listen);
		return EXIT_USAGE;
	}
	if (valid != NULL && (!proto_duration_parse(valid, &ia.valid) ||
	    ia.valid <= 0)) {
		cli_err("init", "--valid '%s': not a duration (90m, 12h, 365d)",
		    valid);
		return EXIT_USAGE;
	}
	if (ia.identity_out != NULL && ia.identity_out[0] == '\0') {
		cli_err("init", "--identity-out '': give a file");
		return EXIT_USAGE;
	}
	if (node_dir(diropt, dir, sizeof(dir)) != 0) {
		cli_err("init", "no data directory: give --dir or set "
		    "HOTLINE_DIR");
		return 1;
	}
	hl_diag_clear(&d);
	/* Nothing of a node is for other users (node_init makes it so too). */
	(void)umask(077);
	if ((r = node_init_id(dir, &cfg, &ia, &d)) != 0) {
		cli_diag("init", NULL, r, &d);
		return 1;
	}
	if (cli_node("init", dir, &n) != 0)
		return 1;
	(void)printf("initialized %s (%s, %s) in %s\n"
	    "message key: %s\n"
	    "tls pin:     %s\n"
	    "endpoint:    %s\n",
	    cfg.party, cfg.state, proto_tier_names[cfg.tier], dir,
	    n->card.vkey, n->card.tls_pin, n->card.endpoint);
	if (ia.identity_out != NULL)
		(void)snprintf(idpath, sizeof(idpath), "%s", ia.identity_out);
	else
		(void)snprintf(idpath, sizeof(idpath), "%s/" NODE_IDKEY, dir);
	proto_time_format(n->card.not_after, exp);
	(void)printf("identity:    %s\n"
	    "card:        serial %lld, valid until %s\n"
	    "move %s offline now: it signs new versions of this card only "
	    "(hotline key rotate|revoke --identity FILE), and nothing else "
	    "reads it\n", n->card.identity, (long long)n->card.serial, exp,
	    idpath);
	node_close(n);
	return 0;
}
