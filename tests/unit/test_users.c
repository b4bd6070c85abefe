/*
 * The console's operators: names and passwords refused exactly, roles,
 * passwords kept only as Argon2id strings and checked alike for unknown
 * names and wrong passwords, tokens kept only as SHA-256, refused once
 * revoked or their user removed, and each write's trail row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hl.h"
#include "node.h"
#include "pwhash.h"
#include "store_int.h"
#include "trail.h"
#include "users.h"
#include "tutil.h"
#include "tnode.h"

#define NOW	1795773600

struct fix {
	char		*tmp;
	struct node	*n;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (hl_init() != 0 || f == NULL)
		return -1;
	f->tmp = tu_tmpdir();
	f->n = tn_node(f->tmp, "cert.aa", "AA", TIER_CERT);
	node_set_actor(f->n, "unix:tester", VIA_CLI);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	node_close(f->n);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

static int
add(struct node *n, const char *name, enum role role, const char *pw,
    struct hl_diag *d)
{
	hl_diag_clear(d);
	return users_add(n, name, role, pw, strlen(pw), NOW, d);
}

/* r and d's text are exactly err and want. */
static void
expect(int r, const struct hl_diag *d, int err, const char *want)
{
	if (r != err || strcmp(d->msg, want) != 0)
		fail_msg("got %d \"%s\", want %d \"%s\"", r, d->msg, err, want);
}

static void
test_add_check(void **state)
{
	struct fix *f = *state;
	struct user u;
	struct hl_diag d;

	assert_int_equal(add(f->n, "alice", ROLE_OFFICER, "s3cret pw", &d), 0);
	assert_int_equal(users_get(f->n, "alice", &u), 0);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.role, ROLE_OFFICER);
	assert_int_equal(u.added, NOW);
	assert_int_equal(u.tokens, 0);
	/* The password itself is nowhere: its Argon2id string is. */
	assert_int_equal(strncmp(u.pwhash, "$argon2id$", 10), 0);
	assert_null(strstr(u.pwhash, "s3cret"));
	assert_int_equal(tn_sql_int(f->n, "SELECT count(*) FROM users WHERE "
	    "instr(pwhash, 's3cret') > 0"), 0);

	assert_int_equal(users_check(f->n, "alice", "s3cret pw", 9, &u), 0);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.role, ROLE_OFFICER);
	assert_int_equal(users_check(f->n, "alice", "s3cret pX", 9, &u),
	    HL_EINVAL);
	assert_string_equal(u.name, "");
	assert_int_equal(users_check(f->n, "alice", "s3cret pw", 8, &u),
	    HL_EINVAL);
	assert_int_equal(users_check(f->n, "nobody", "s3cret pw", 9, &u),
	    HL_ENOTFOUND);
	assert_int_equal(users_check(f->n, "Not A Name", "s3cret pw", 9, &u),
	    HL_ENOTFOUND);
	assert_string_equal(u.name, "");

	expect(add(f->n, "alice", ROLE_VIEWER, "other", &d), &d, HL_EEXIST,
	    "alice: already a user");
	assert_int_equal(users_get(f->n, "alice", &u), 0);
	assert_int_equal(u.role, ROLE_OFFICER);
	assert_int_equal(users_get(f->n, "bob", &u), HL_ENOTFOUND);
}

static void
test_refused(void **state)
{
	struct fix *f = *state;
	char name[HL_TAXII_USER_LEN + 2], pw[HL_TAXII_PASSWORD_LEN + 2];
	struct hl_diag d;

	expect(add(f->n, "", ROLE_VIEWER, "pw", &d), &d, HL_EINVAL,
	    "'': not a user name ([a-z0-9._-], 1 to 64)");
	expect(add(f->n, "Alice", ROLE_VIEWER, "pw", &d), &d, HL_EINVAL,
	    "'Alice': not a user name ([a-z0-9._-], 1 to 64)");
	expect(add(f->n, "a b", ROLE_VIEWER, "pw", &d), &d, HL_EINVAL,
	    "'a b': not a user name ([a-z0-9._-], 1 to 64)");
	expect(add(f->n, "a:b", ROLE_VIEWER, "pw", &d), &d, HL_EINVAL,
	    "'a:b': not a user name ([a-z0-9._-], 1 to 64)");
	memset(name, 'a', sizeof(name));
	name[HL_TAXII_USER_LEN + 1] = '\0';
	assert_int_equal(add(f->n, name, ROLE_VIEWER, "pw", &d), HL_EINVAL);
	name[HL_TAXII_USER_LEN] = '\0';
	assert_int_equal(add(f->n, name, ROLE_VIEWER, "pw", &d), 0);

	expect(add(f->n, "bob", ROLE_COUNT, "pw", &d), &d, HL_EINVAL,
	    "bob: no such role");
	expect(add(f->n, "bob", (enum role)-1, "pw", &d), &d, HL_EINVAL,
	    "bob: no such role");
	expect(add(f->n, "bob", ROLE_VIEWER, "", &d), &d, HL_EINVAL,
	    "bob: a password is 1 to 128 bytes without control characters");
	expect(add(f->n, "bob", ROLE_VIEWER, "tab\there", &d), &d, HL_EINVAL,
	    "bob: a password is 1 to 128 bytes without control characters");
	expect(add(f->n, "bob", ROLE_VIEWER, "del\x7f", &d), &d, HL_EINVAL,
	    "bob: a password is 1 to 128 bytes without control characters");
	memset(pw, 'p', sizeof(pw));
	pw[HL_TAXII_PASSWORD_LEN + 1] = '\0';
	assert_int_equal(add(f->n, "bob", ROLE_VIEWER, pw, &d), HL_EINVAL);
	/* Bytes past the length given are not the password's. */
	hl_diag_clear(&d);
	assert_int_equal(users_add(f->n, "bob", ROLE_VIEWER, "ab\ncd", 2, NOW,
	    &d), 0);
	pw[HL_TAXII_PASSWORD_LEN] = '\0';
	assert_int_equal(add(f->n, "carol", ROLE_VIEWER, pw, &d), 0);
	/* UTF-8 is no control character. */
	assert_int_equal(add(f->n, "dan", ROLE_VIEWER, "p\xc3\xa4ss", &d), 0);
	assert_int_equal(tn_sql_int(f->n, "SELECT count(*) FROM users"), 4);
	/* The one rule for both kinds of user. */
	assert_true(pwhash_name_valid("opencti-1.soc_b"));
	assert_false(pwhash_name_valid("a/b"));
	{
		char h[STORE_PWHASH_LEN];

		hl_diag_clear(&d);
		assert_int_equal(pwhash_make("x", "a\rb", 3, h, &d),
		    HL_EINVAL);
		assert_string_equal(d.msg, "x: a password is 1 to 128 bytes "
		    "without control characters");
		assert_int_equal(pwhash_name_check("a/b", &d), HL_EINVAL);
		assert_string_equal(d.msg, "'a/b': not a user name "
		    "([a-z0-9._-], 1 to 64)");
		assert_int_equal(pwhash_make("x", "a b", 3, h, &d), 0);
		assert_true(pwhash_verify(h, "a b", 3));
		assert_false(pwhash_verify(h, "a c", 3));
	}
	assert_false(pwhash_verify(NULL, "", 0));
	assert_false(pwhash_verify("", "pw", 2));
}

static int
collect(void *arg, const struct user *u)
{
	char *out = arg;
	size_t len = strlen(out);

	(void)snprintf(out + len, 256 - len, "%s%s=%s", len > 0 ? " " : "",
	    u->name, users_role_names[u->role]);
	return 0;
}

static int
stop_at_first(void *arg, const struct user *u)
{
	(void)u;
	(*(int *)arg)++;
	return HL_EEXIST;
}

static void
test_roles(void **state)
{
	struct fix *f = *state;
	struct hl_diag d;
	struct user u;
	char list[256] = "";
	int calls = 0;

	assert_string_equal(users_role_names[ROLE_VIEWER], "viewer");
	assert_string_equal(users_role_names[ROLE_OFFICER], "officer");
	assert_string_equal(users_role_names[ROLE_ADMIN], "admin");
	assert_null(users_role_names[ROLE_COUNT]);
	assert_int_equal(add(f->n, "zed", ROLE_ADMIN, "pw", &d), 0);
	assert_int_equal(add(f->n, "amy", ROLE_VIEWER, "pw", &d), 0);
	assert_int_equal(add(f->n, "mo", ROLE_OFFICER, "pw", &d), 0);
	assert_int_equal(users_each(f->n, collect, list), 0);
	assert_string_equal(list, "amy=viewer mo=officer zed=admin");
	assert_int_equal(users_each(f->n, stop_at_first, &calls), HL_EEXIST);
	assert_int_equal(calls, 1);
	assert_int_equal(users_check(f->n, "zed", "pw", 2, &u), 0);
	assert_int_equal(u.role, ROLE_ADMIN);
	/* The database holds a role by its name, and no other. */
	assert_int_not_equal(sqlite3_exec(f->n->st->db, "UPDATE users SET "
	    "role = 'root' WHERE name = 'zed'", NULL, NULL, NULL), SQLITE_OK);
}

static void
test_passwd_remove(void **state)
{
	struct fix *f = *state;
	struct hl_diag d;
	struct user u;

	assert_int_equal(add(f->n, "alice", ROLE_OFFICER, "old one", &d), 0);
	hl_diag_clear(&d);
	assert_int_equal(users_passwd(f->n, "alice", "new one", 7, NOW + 1,
	    &d), 0);
	assert_int_equal(users_check(f->n, "alice", "old one", 7, &u),
	    HL_EINVAL);
	assert_int_equal(users_check(f->n, "alice", "new one", 7, &u), 0);
	hl_diag_clear(&d);
	expect(users_passwd(f->n, "bob", "new one", 7, NOW, &d), &d,
	    HL_ENOTFOUND, "bob: no such user");
	hl_diag_clear(&d);
	expect(users_passwd(f->n, "alice", "", 0, NOW, &d), &d, HL_EINVAL,
	    "alice: a password is 1 to 128 bytes without control characters");
	assert_int_equal(users_check(f->n, "alice", "new one", 7, &u), 0);
	hl_diag_clear(&d);
	assert_int_equal(users_remove(f->n, "alice", NOW + 2, &d), 0);
	assert_int_equal(users_get(f->n, "alice", &u), HL_ENOTFOUND);
	assert_int_equal(users_check(f->n, "alice", "new one", 7, &u),
	    HL_ENOTFOUND);
	hl_diag_clear(&d);
	expect(users_remove(f->n, "alice", NOW, &d), &d, HL_ENOTFOUND,
	    "alice: no such user");
}

/* Whether t is "hlt_" and 43 base64url characters. */
static bool
token_shaped(const char *t)
{
	if (strlen(t) != HL_USER_TOKEN_LEN || strncmp(t, "hlt_", 4) != 0)
		return false;
	for (size_t i = 4; t[i] != '\0'; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_", t[i]) == NULL)
			return false;
	return true;
}

static void
test_tokens(void **state)
{
	struct fix *f = *state;
	char t1[HL_USER_TOKEN_LEN + 1], t2[HL_USER_TOKEN_LEN + 1];
	char bad[HL_USER_TOKEN_LEN + 2], sql[300], hex[65];
	unsigned char h[crypto_hash_sha256_BYTES];
	struct hl_diag d;
	struct user u;
	int count;

	assert_int_equal(add(f->n, "bot", ROLE_VIEWER, "pw", &d), 0);
	hl_diag_clear(&d);
	assert_int_equal(users_token_new(f->n, "bot", "ci", NOW, t1, &d), 0);
	assert_int_equal(users_token_new(f->n, "bot", NULL, NOW, t2, &d), 0);
	assert_true(token_shaped(t1));
	assert_true(token_shaped(t2));
	assert_string_not_equal(t1, t2);
	assert_int_equal(users_get(f->n, "bot", &u), 0);
	assert_int_equal(u.tokens, 2);

	/* Kept as the SHA-256 of the token, 32 bytes, and only so. */
	(void)crypto_hash_sha256(h, (const unsigned char *)t1, strlen(t1));
	(void)sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	(void)snprintf(sql, sizeof(sql), "SELECT count(*) FROM user_tokens "
	    "WHERE hex(hash) = upper('%s') AND label = 'ci' AND added = %d "
	    "AND used IS NULL", hex, NOW);
	assert_int_equal(tn_sql_int(f->n, sql), 1);
	assert_int_equal(tn_sql_int(f->n, "SELECT count(*) FROM user_tokens WHERE "
	    "length(hash) = 32 AND typeof(hash) = 'blob'"), 2);
	(void)snprintf(sql, sizeof(sql), "SELECT count(*) FROM user_tokens "
	    "WHERE instr(hash, '%s') > 0 OR instr(label, '%s') > 0", t1 + 4,
	    t1 + 4);
	assert_int_equal(tn_sql_int(f->n, sql), 0);

	assert_int_equal(users_token_check(f->n, t1, NOW + 5, &u), 0);
	assert_string_equal(u.name, "bot");
	assert_int_equal(u.role, ROLE_VIEWER);
	(void)snprintf(sql, sizeof(sql), "SELECT used FROM user_tokens WHERE "
	    "hex(hash) = upper('%s')", hex);
	assert_int_equal(tn_sql_int(f->n, sql), NOW + 5);

	/* Anything else is no token. */
	(void)snprintf(bad, sizeof(bad), "%s", t1);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	assert_int_equal(users_token_check(f->n, bad, NOW, &u), HL_ENOTFOUND);
	assert_string_equal(u.name, "");
	(void)snprintf(bad, sizeof(bad), "%sx", t1);
	assert_int_equal(users_token_check(f->n, bad, NOW, &u), HL_ENOTFOUND);
	bad[HL_USER_TOKEN_LEN - 1] = '\0';
	assert_int_equal(users_token_check(f->n, bad, NOW, &u), HL_ENOTFOUND);
	(void)snprintf(bad, sizeof(bad), "hlx_%s", t1 + 4);
	assert_int_equal(users_token_check(f->n, bad, NOW, &u), HL_ENOTFOUND);
	assert_int_equal(users_token_check(f->n, "", NOW, &u), HL_ENOTFOUND);
	assert_int_equal(users_token_check(f->n, "hlt_", NOW, &u),
	    HL_ENOTFOUND);

	/* Refusals name the user and make nothing. */
	hl_diag_clear(&d);
	expect(users_token_new(f->n, "nobody", "x", NOW, t2, &d), &d,
	    HL_ENOTFOUND, "nobody: no such user");
	assert_string_equal(t2, "");
	hl_diag_clear(&d);
	expect(users_token_new(f->n, "bot", "tab\there", NOW, t2, &d), &d,
	    HL_EINVAL, "bot: a token's label is at most 64 printable "
	    "characters");
	assert_int_equal(tn_sql_int(f->n, "SELECT count(*) FROM user_tokens"), 2);

	/* Revoked: all of them, and refused from then on. */
	hl_diag_clear(&d);
	assert_int_equal(users_token_revoke(f->n, "bot", NOW, &count, &d), 0);
	assert_int_equal(count, 2);
	assert_int_equal(users_token_check(f->n, t1, NOW, &u), HL_ENOTFOUND);
	assert_int_equal(users_token_revoke(f->n, "bot", NOW, &count, &d), 0);
	assert_int_equal(count, 0);
	hl_diag_clear(&d);
	expect(users_token_revoke(f->n, "nobody", NOW, &count, &d), &d,
	    HL_ENOTFOUND, "nobody: no such user");
	/* The user stays, and can check its password still. */
	assert_int_equal(users_check(f->n, "bot", "pw", 2, &u), 0);
}

static void
test_removed_users_token(void **state)
{
	struct fix *f = *state;
	char t[HL_USER_TOKEN_LEN + 1];
	struct hl_diag d;
	struct user u;

	assert_int_equal(add(f->n, "bot", ROLE_OFFICER, "pw", &d), 0);
	assert_int_equal(add(f->n, "other", ROLE_OFFICER, "pw", &d), 0);
	hl_diag_clear(&d);
	assert_int_equal(users_token_new(f->n, "bot", "ci", NOW, t, &d), 0);
	assert_int_equal(users_token_new(f->n, "other", "ci", NOW, t, &d), 0);
	assert_int_equal(users_token_new(f->n, "bot", "ci", NOW, t, &d), 0);
	assert_int_equal(users_token_check(f->n, t, NOW, &u), 0);
	assert_int_equal(users_remove(f->n, "bot", NOW, &d), 0);
	assert_int_equal(users_token_check(f->n, t, NOW, &u), HL_ENOTFOUND);
	/* Its tokens went with it (foreign keys are on); no one else's. */
	assert_int_equal(tn_sql_int(f->n, "SELECT count(*) FROM user_tokens WHERE "
	    "name = 'bot'"), 0);
	assert_int_equal(tn_sql_int(f->n, "SELECT count(*) FROM user_tokens"), 1);
	/* A new user of the old name does not inherit them. */
	assert_int_equal(add(f->n, "bot", ROLE_ADMIN, "pw", &d), 0);
	assert_int_equal(users_token_check(f->n, t, NOW, &u), HL_ENOTFOUND);
}

/* The trail's rows, oldest first, as "actor via action target detail". */
static int
row(void *arg, const struct trail_entry *e)
{
	char *out = arg, line[512];

	(void)snprintf(line, sizeof(line), "%s %s %s %s %s\n", e->actor,
	    trail_via_names[e->via], e->action, e->target, e->detail);
	/* Newest first: each goes before what is there. */
	memmove(out + strlen(line), out, strlen(out) + 1);
	memcpy(out, line, strlen(line));
	return 0;
}

static void
test_trail_rows(void **state)
{
	struct fix *f = *state;
	struct trail_filter all = { 0 };
	char t[HL_USER_TOKEN_LEN + 1], got[4096] = "";
	struct hl_diag d;
	int count;

	assert_int_equal(add(f->n, "alice", ROLE_ADMIN, "pw", &d), 0);
	/* A refusal leaves no row. */
	assert_int_equal(add(f->n, "alice", ROLE_ADMIN, "pw", &d), HL_EEXIST);
	assert_int_equal(users_passwd(f->n, "alice", "pw2", 3, NOW, &d), 0);
	assert_int_equal(users_passwd(f->n, "zz", "pw2", 3, NOW, &d),
	    HL_ENOTFOUND);
	node_set_actor(f->n, "alice", VIA_CONSOLE);
	assert_int_equal(users_token_new(f->n, "alice", "backup job", NOW, t,
	    &d), 0);
	assert_int_equal(users_token_new(f->n, "zz", NULL, NOW, t, &d),
	    HL_ENOTFOUND);
	node_set_actor(f->n, "alice", VIA_TOKEN);
	assert_int_equal(users_token_new(f->n, "alice", NULL, NOW, t, &d), 0);
	assert_int_equal(users_token_revoke(f->n, "alice", NOW, &count, &d),
	    0);
	/* The node's own work is not the trail's. */
	node_set_actor(f->n, "", VIA_CLI);
	assert_int_equal(users_token_new(f->n, "alice", NULL, NOW, t, &d), 0);
	node_set_actor(f->n, "unix:tester", VIA_CLI);
	assert_int_equal(users_remove(f->n, "alice", NOW, &d), 0);
	assert_int_equal(users_remove(f->n, "alice", NOW, &d), HL_ENOTFOUND);
	assert_int_equal(trail_each(f->n, &all, row, got), 0);
	assert_string_equal(got,
	    "unix:tester cli user-add alice admin\n"
	    "unix:tester cli user-passwd alice \n"
	    "alice console user-token alice backup job\n"
	    "alice token user-token alice \n"
	    "alice token user-revoke alice 2 tokens\n"
	    "unix:tester cli user-remove alice \n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_check, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passwd_remove, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_users_token, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_trail_rows, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
