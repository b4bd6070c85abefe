/*
 * hotline taxii user add|list|remove: the clients of the TAXII listener
 * (taxii_listen), each with a clearance and a password, a pinned client
 * certificate, or both. A password is read from a terminal with echo off
 * (twice) or as one line of standard input, is hashed by the node
 * (Argon2id) and never printed, kept or listed.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli_node.h"
#include "tlp.h"
#include "taxii_users.h"
#include "tls.h"

static const char usage[] =
    "hotline taxii user add NAME --clearance LEVEL [--password-stdin]\n"
    "           [--cert FILE.pem | --pin PIN] [--dir DIR]\n"
    "       hotline taxii user list [--json] [--dir DIR]\n"
    "       hotline taxii user remove NAME [--dir DIR]";
static const char usage_add[] =
    "hotline taxii user add NAME --clearance LEVEL [--password-stdin]\n"
    "           [--cert FILE.pem | --pin PIN] [--dir DIR]\n"
    "LEVEL is clear, green, amber, amber+strict or red. Without --cert or\n"
    "--pin a password is asked for on the terminal (twice), or read as one\n"
    "line of standard input with --password-stdin.";
static const char usage_list[] = "hotline taxii user list [--json] "
    "[--dir DIR]";
static const char usage_remove[] = "hotline taxii user remove NAME "
    "[--dir DIR]";

static int
user_add(const char *diropt, const char *name, const char *level,
    bool pw_stdin, const char *certpath, const char *pinopt)
{
	struct node *n = NULL;
	struct hl_diag d;
	char pw[CLI_PW_BUF], pin[TLS_PIN_LEN];
	size_t plen = 0;
	bool with_pw = pw_stdin || (certpath == NULL && pinopt == NULL);
	int t, r, rc = 1;

	if ((t = tlp_option(level)) < 0) {
		cli_err("taxii user add", "%s: --clearance '%s': not one of "
		    "clear, green, amber, amber+strict, red", name, level);
		return EXIT_USAGE;
	}
	if (!taxii_users_name_valid(name)) {
		cli_err("taxii user add", "'%s': not a user name "
		    "([a-z0-9._-], 1 to %d)", name, HL_TAXII_USER_LEN);
		return EXIT_USAGE;
	}
	hl_diag_clear(&d);
	if (certpath != NULL && (r = tls_cert_pin(certpath, pin, &d)) != 0) {
		cli_diag("taxii user add", certpath, r, &d);
		return 1;
	}
	if (pinopt != NULL)
		(void)snprintf(pin, sizeof(pin), "%s", pinopt);
	if (pinopt != NULL && (strlen(pinopt) >= sizeof(pin) ||
	    !card_pin_valid(pin))) {
		cli_err("taxii user add", "%s: --pin '%s': not a pin "
		    "(sha256//BASE64, as hotline id shows tls_pin)", name,
		    pinopt);
		return EXIT_USAGE;
	}
	/* Opened first: a password is not asked for a node not there. */
	if (cli_node("taxii user add", diropt, &n) != 0)
		goto out;
	if (with_pw && cli_password("taxii user add", name, pw_stdin,
	    "--password-stdin, or --cert or --pin", pw, &plen) != 0)
		goto out;
	if ((r = taxii_users_add(n, name, (enum tlp)t, with_pw ? pw : NULL,
	    plen, certpath != NULL || pinopt != NULL ? pin : NULL,
	    (int64_t)time(NULL), &d)) != 0) {
		cli_diag("taxii user add", NULL, r, &d);
		goto out;
	}
	cli_printf("added %s (%s)%s%s%s\n", name, proto_tlp_names[t],
	    with_pw ? ", a password" : "",
	    certpath != NULL || pinopt != NULL ? ", pin " : "",
	    certpath != NULL || pinopt != NULL ? pin : "");
	rc = 0;
out:
	sodium_memzero(pw, sizeof(pw));
	node_close(n);
	return rc;
}

static int
user_remove(const char *diropt, const char *name)
{
	struct node *n = NULL;
	struct hl_diag d;
	int r, rc = 1;

	if (cli_node("taxii user remove", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = taxii_users_remove(n, name, &d)) != 0) {
		cli_diag("taxii user remove", NULL, r, &d);
		goto out;
	}
	cli_printf("removed %s\n", name);
	rc = 0;
out:
	node_close(n);
	return rc;
}

struct list_ctx {
	bool	 json;
	json_t	*arr;
};

static int
list_one(void *arg, const struct taxii_user *u)
{
	struct list_ctx *ctx = arg;
	char when[PROTO_TIME_LEN];
	bool pw = u->pwhash[0] != '\0';
	json_t *o;

	proto_time_format(u->added, when);
	if (!ctx->json) {
		cli_printf("%-24s %-12s %-8s %-52s %s\n", u->name,
		    proto_tlp_names[u->clearance], pw ? "yes" : "no",
		    u->pin[0] != '\0' ? u->pin : "-", when);
		return 0;
	}
	o = json_pack("{s:s, s:s, s:b, s:s?, s:s}", "name", u->name,
	    "clearance", proto_tlp_names[u->clearance], "password", pw,
	    "pin", u->pin[0] != '\0' ? u->pin : NULL, "added", when);
	return o != NULL && json_array_append_new(ctx->arr, o) == 0 ? 0 :
	    HL_ENOMEM;
}

static int
user_list(const char *diropt, bool json)
{
	struct list_ctx ctx = { .json = json, .arr = NULL };
	struct node *n;
	int r;

	if (cli_node("taxii user list", diropt, &n) != 0)
		return 1;
	if (json && (ctx.arr = json_array()) == NULL) {
		node_close(n);
		return 1;
	}
	if (!json)
		cli_printf("%-24s %-12s %-8s %-52s %s\n", "NAME", "CLEARANCE",
		    "PASSWORD", "PIN", "ADDED");
	r = taxii_users_each(n, list_one, &ctx);
	node_close(n);
	if (r != 0) {
		cli_err("taxii user list", "%s", hl_strerror(r));
		json_decref(ctx.arr);
		return 1;
	}
	return json ? cli_print_json(ctx.arr) : 0;
}

int
cmd_taxii_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "clearance", required_argument, NULL, 'c' },
		{ "password-stdin", no_argument, NULL, 's' },
		{ "cert", required_argument, NULL, 'C' },
		{ "pin", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *level = NULL, *cert = NULL, *pin = NULL;
	const char *sub, *u;
	bool pw_stdin = false, json = false, add_only = false;
	int c;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_usage(usage, 0);
	if (argc < 3 || strcmp(argv[1], "user") != 0)
		return cli_usage(usage, EXIT_USAGE);
	sub = argv[2];
	if (strcmp(sub, "add") == 0)
		u = usage_add;
	else if (strcmp(sub, "list") == 0)
		u = usage_list;
	else if (strcmp(sub, "remove") == 0)
		u = usage_remove;
	else
		return cli_usage(usage, EXIT_USAGE);
	argc -= 2;
	argv += 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'c': level = optarg; add_only = true; break;
		case 's': pw_stdin = true; add_only = true; break;
		case 'C': cert = optarg; add_only = true; break;
		case 'p': pin = optarg; add_only = true; break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(u, 0);
		default: return cli_usage(u, EXIT_USAGE);
		}
	}
	if (u == usage_add) {
		if (optind != argc - 1 || json || level == NULL ||
		    (cert != NULL && pin != NULL))
			return cli_usage(u, EXIT_USAGE);
		return user_add(diropt, argv[optind], level, pw_stdin, cert,
		    pin);
	}
	if (add_only)
		return cli_usage(u, EXIT_USAGE);
	if (u == usage_list && optind == argc)
		return user_list(diropt, json);
	if (u == usage_remove && optind == argc - 1 && !json)
		return user_remove(diropt, argv[optind]);
	return cli_usage(u, EXIT_USAGE);
}
