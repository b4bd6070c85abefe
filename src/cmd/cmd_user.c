/*
 * hotline user: the console's operators: add, list, passwd, token, remove.
 * A password is read from a terminal with echo off (twice) or as one
 * line of standard input, is hashed by the node (Argon2id) and never
 * printed or kept; a token is printed once, when it is made, and only
 * its hash is kept.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cli_node.h"
#include "pwhash.h"
#include "users.h"

static const char usage[] =
    "hotline user add NAME --role viewer|officer|admin [--password-stdin]\n"
    "           [--dir DIR]\n"
    "       hotline user list [--json] [--dir DIR]\n"
    "       hotline user passwd NAME [--password-stdin] [--dir DIR]\n"
    "       hotline user token NAME [--label LABEL | --revoke] [--dir DIR]\n"
    "       hotline user remove NAME [--dir DIR]";
static const char usage_add[] =
    "hotline user add NAME --role viewer|officer|admin [--password-stdin]\n"
    "           [--dir DIR]\n"
    "A viewer reads; an officer also sends, replies, withdraws, pings and\n"
    "escalates; an admin also manages peers and users. The password is\n"
    "asked for on the terminal (twice), or read as one line of standard\n"
    "input with --password-stdin.";
static const char usage_list[] = "hotline user list [--json] [--dir DIR]";
static const char usage_passwd[] =
    "hotline user passwd NAME [--password-stdin] [--dir DIR]";
static const char usage_token[] =
    "hotline user token NAME [--label LABEL | --revoke] [--dir DIR]\n"
    "Prints a new bearer token for NAME's scripts, once; --revoke revokes\n"
    "every token of NAME.";
static const char usage_remove[] = "hotline user remove NAME [--dir DIR]";

/* Says why name is not one, naming cmd; EXIT_USAGE. */
static int
bad_name(const char *cmd, const char *name)
{
	cli_err(cmd, "'%s': not a user name ([a-z0-9._-], 1 to %d)", name,
	    HL_TAXII_USER_LEN);
	return EXIT_USAGE;
}

/*
 * add (role >= 0) or passwd (role < 0): the password asked after the
 * node is open, so that none is asked for a node not there.
 */
static int
user_pw(const char *cmd, const char *diropt, const char *name, int role,
    bool pw_stdin)
{
	struct node *n = NULL;
	struct hl_diag d;
	char pw[CLI_PW_BUF];
	size_t plen = 0;
	int r, rc = 1;

	if (!pwhash_name_valid(name))
		return bad_name(cmd, name);
	if (cli_node(cmd, diropt, &n) != 0)
		goto out;
	if (cli_password(cmd, name, pw_stdin, "--password-stdin", pw,
	    &plen) != 0)
		goto out;
	hl_diag_clear(&d);
	r = role >= 0 ? users_add(n, name, (enum role)role, pw, plen,
	    (int64_t)time(NULL), &d) : users_passwd(n, name, pw, plen,
	    (int64_t)time(NULL), &d);
	if (r != 0) {
		cli_diag(cmd, NULL, r, &d);
		goto out;
	}
	if (role >= 0)
		cli_printf("added %s (%s)\n", name, users_role_names[role]);
	else
		cli_printf("changed the password of %s\n", name);
	rc = 0;
out:
	sodium_memzero(pw, sizeof(pw));
	node_close(n);
	return rc;
}

static int
user_token(const char *diropt, const char *name, const char *label,
    bool revoke)
{
	const char *cmd = revoke ? "user token --revoke" : "user token";
	char token[HL_USER_TOKEN_LEN + 1];
	struct node *n = NULL;
	struct hl_diag d;
	int r, count, rc = 1;

	if (!pwhash_name_valid(name))
		return bad_name(cmd, name);
	if (cli_node(cmd, diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	r = revoke ? users_token_revoke(n, name, (int64_t)time(NULL), &count,
	    &d) : users_token_new(n, name, label, (int64_t)time(NULL), token,
	    &d);
	if (r != 0) {
		cli_diag(cmd, NULL, r, &d);
		goto out;
	}
	/* The token alone on stdout, for $(...); what it is on stderr. */
	if (revoke)
		cli_printf("revoked %d token%s of %s\n", count,
		    count == 1 ? "" : "s", name);
	else {
		cli_printf("%s\n", token);
		cli_err(cmd, "%s: a new token, shown this once", name);
	}
	rc = 0;
out:
	sodium_memzero(token, sizeof(token));
	node_close(n);
	return rc;
}

static int
user_remove(const char *diropt, const char *name)
{
	struct node *n = NULL;
	struct hl_diag d;
	int r, rc = 1;

	if (!pwhash_name_valid(name))
		return bad_name("user remove", name);
	if (cli_node("user remove", diropt, &n) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = users_remove(n, name, (int64_t)time(NULL), &d)) != 0) {
		cli_diag("user remove", NULL, r, &d);
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
list_one(void *arg, const struct user *u)
{
	struct list_ctx *ctx = arg;
	char when[PROTO_TIME_LEN];
	json_t *o;

	proto_time_format(u->added, when);
	if (!ctx->json) {
		cli_printf("%-24s %-8s %6d  %s\n", u->name,
		    users_role_names[u->role], u->tokens, when);
		return 0;
	}
	o = users_json(u);
	return o != NULL && json_array_append_new(ctx->arr, o) == 0 ? 0 :
	    HL_ENOMEM;
}

static int
user_list(const char *diropt, bool json)
{
	struct list_ctx ctx = { .json = json, .arr = NULL };
	struct node *n;
	int r;

	if (cli_node("user list", diropt, &n) != 0)
		return 1;
	if (json && (ctx.arr = json_array()) == NULL) {
		node_close(n);
		return 1;
	}
	if (!json)
		cli_printf("%-24s %-8s %6s  %s\n", "NAME", "ROLE", "TOKENS",
		    "ADDED");
	r = users_each(n, list_one, &ctx);
	node_close(n);
	if (r != 0) {
		cli_err("user list", "%s", hl_strerror(r));
		json_decref(ctx.arr);
		return 1;
	}
	return json ? cli_print_json(json_pack("{s:o}", "users", ctx.arr)) :
	    0;
}

int
cmd_user_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "password-stdin", no_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'l' },
		{ "revoke", no_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *role = NULL, *label = NULL, *sub, *u;
	bool pw_stdin = false, json = false, revoke = false;
	int c, ro;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_usage(usage, 0);
	if (argc < 2)
		return cli_usage(usage, EXIT_USAGE);
	sub = argv[1];
	if (strcmp(sub, "add") == 0)
		u = usage_add;
	else if (strcmp(sub, "list") == 0)
		u = usage_list;
	else if (strcmp(sub, "passwd") == 0)
		u = usage_passwd;
	else if (strcmp(sub, "token") == 0)
		u = usage_token;
	else if (strcmp(sub, "remove") == 0)
		u = usage_remove;
	else
		return cli_usage(usage, EXIT_USAGE);
	argc -= 1;
	argv += 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'r': role = optarg; break;
		case 's': pw_stdin = true; break;
		case 'l': label = optarg; break;
		case 'R': revoke = true; break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(u, 0);
		default: return cli_usage(u, EXIT_USAGE);
		}
	}
	/* Each option belongs to one subcommand; elsewhere it is a mistake. */
	if ((role != NULL && u != usage_add) || (pw_stdin && u != usage_add &&
	    u != usage_passwd) || ((label != NULL || revoke) &&
	    u != usage_token) || (json && u != usage_list) ||
	    (label != NULL && revoke))
		return cli_usage(u, EXIT_USAGE);
	if (u == usage_list)
		return optind == argc ? user_list(diropt, json) :
		    cli_usage(u, EXIT_USAGE);
	if (optind != argc - 1)
		return cli_usage(u, EXIT_USAGE);
	if (u == usage_add) {
		if (role == NULL)
			return cli_usage(u, EXIT_USAGE);
		if ((ro = proto_lookup(users_role_names, role)) < 0) {
			cli_err("user add", "%s: --role '%s': not one of viewer, "
			    "officer, admin", argv[optind], role);
			return EXIT_USAGE;
		}
		return user_pw("user add", diropt, argv[optind], ro, pw_stdin);
	}
	if (u == usage_passwd)
		return user_pw("user passwd", diropt, argv[optind], -1,
		    pw_stdin);
	if (u == usage_token)
		return user_token(diropt, argv[optind], label, revoke);
	return user_remove(diropt, argv[optind]);
}
