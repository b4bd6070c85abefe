/*
 * The node's operators. See users.h. Owns the SQL of tables users and
 * user_tokens (migration 9, store.c); the passwords' rules and hashing
 * are pwhash.c's, shared with the TAXII users.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "pwhash.h"
#include "store_int.h"
#include "trail.h"
#include "users.h"

const char *const users_role_names[ROLE_COUNT + 1] = {
	"viewer", "officer", "admin", NULL
};

/* What a token starts with, so that a leaked one is recognised. */
#define TOKEN_PREFIX	"hlt_"
#define TOKEN_PREFIX_LEN	4
#define TOKEN_RAW	32	/* random bytes in a token */
#define TOKEN_LABEL_LEN	64	/* users.h: at most 64 bytes */

_Static_assert(TOKEN_PREFIX_LEN + 43 == HL_USER_TOKEN_LEN,
    "a token is its prefix and 32 bytes in unpadded base64url");

/* The columns every read of a user selects, in user_row()'s order. */
#define USER_COLS	"u.name, u.role, u.pwhash, u.added, (SELECT count(*) " \
			"FROM user_tokens t WHERE t.name = u.name)"

static int
user_row(sqlite3_stmt *s, struct user *u)
{
	char role[16];
	int r;

	memset(u, 0, sizeof(*u));
	store_col_text(s, 0, u->name, sizeof(u->name));
	store_col_text(s, 1, role, sizeof(role));
	store_col_text(s, 2, u->pwhash, sizeof(u->pwhash));
	u->added = sqlite3_column_int64(s, 3);
	u->tokens = sqlite3_column_int(s, 4);
	if ((r = proto_lookup(users_role_names, role)) < 0)
		return HL_EDB;
	u->role = (enum role)r;
	return 0;
}

struct each_ctx {
	int	(*fn)(void *, const struct user *);
	void	*arg;
	struct user *one;	/* users_get(): the row, fn unused */
};

static int
each_row(sqlite3_stmt *s, void *arg)
{
	struct each_ctx *c = arg;
	struct user u;
	int r;

	if ((r = user_row(s, c->one != NULL ? c->one : &u)) != 0)
		return r;
	if (c->one != NULL)
		return 1;	/* found: stop */
	r = c->fn(c->arg, &u);
	sodium_memzero(&u, sizeof(u));
	return r;
}

int
users_each(struct node *n, int (*fn)(void *arg, const struct user *u),
    void *arg)
{
	struct each_ctx c = { fn, arg, NULL };

	return store_each_row(n->st, "SELECT " USER_COLS " FROM users u "
	    "ORDER BY u.name", NULL, each_row, &c);
}

int
users_get(struct node *n, const char *name, struct user *out)
{
	struct each_ctx c = { NULL, NULL, out };
	int r;

	memset(out, 0, sizeof(*out));
	r = store_each_row(n->st, "SELECT " USER_COLS " FROM users u "
	    "WHERE u.name = ?", QTEXT(name), each_row, &c);
	if (r == 1)
		return 0;
	memset(out, 0, sizeof(*out));
	return r != 0 ? r : HL_ENOTFOUND;
}

/*
 * Runs sql, one write with the nargs parameters args, in the caller's
 * transaction: 0, HL_EEXIST for a name or token taken, HL_ENOTFOUND for
 * a user that is not there (a token's foreign key), or HL_EDB.
 * *changes says how many rows it changed.
 */
static int
write1(struct store *st, const char *sql, const struct qarg *const *args,
    int nargs, int *changes)
{
	sqlite3_stmt *s;
	int r = 0;

	*changes = 0;
	if (store_prepare(st, sql, &s) != 0)
		return HL_EDB;
	for (int i = 0; i < nargs; i++)
		if (args[i]->is_num)
			(void)sqlite3_bind_int64(s, i + 1, args[i]->num);
		else
			(void)sqlite3_bind_text(s, i + 1, args[i]->text, -1,
			    SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_DONE)
		*changes = sqlite3_changes(st->db);
	else {
		r = store_note_fail(st, SQLITE_ERROR);
		if (st->err_rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			r = HL_EEXIST;
		else if (st->err_rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			r = HL_ENOTFOUND;
	}
	store_release(st, s);
	return r;
}

#define ARGS(...)	(const struct qarg *const[]){ __VA_ARGS__ }, \
			(int)(sizeof((const struct qarg *const[]){ __VA_ARGS__ }) / \
			sizeof(const struct qarg *))

/*
 * Commits the caller's transaction with its trail row, or rolls it back:
 * a write and its row are kept together or not at all.
 */
static int
finish(struct node *n, int r, const char *action, const char *target,
    const char *detail, int64_t now)
{
	if (r == 0)
		r = trail_add(n, action, target, detail, now);
	if (r == 0 && store_commit(n->st) != 0)
		r = HL_EDB;
	if (r != 0)
		store_rollback(n->st);
	return r;
}

int
users_add(struct node *n, const char *name, enum role role,
    const char *password, size_t plen, int64_t now, struct hl_diag *d)
{
	char hash[STORE_PWHASH_LEN];
	int changes, r;

	if ((r = pwhash_name_check(name, d)) != 0)
		return r;
	if ((int)role < 0 || role >= ROLE_COUNT)
		return hl_diag_set(d, HL_EINVAL, NULL, "%s: no such role",
		    name);
	if ((r = pwhash_make(name, password, plen, hash, d)) != 0)
		return r;
	if (store_begin(n->st) != 0) {
		r = store_diag(n->st, d, HL_EDB, "cannot add a user");
		goto out;
	}
	r = write1(n->st, "INSERT INTO users (name, role, pwhash, added) "
	    "VALUES (?, ?, ?, ?)", ARGS(QTEXT(name),
	    QTEXT(users_role_names[role]), QTEXT(hash), QNUM(now)), &changes);
	r = finish(n, r, "user-add", name, users_role_names[role], now);
	if (r == HL_EEXIST)
		(void)hl_diag_set(d, r, NULL, "%s: already a user", name);
	else if (r != 0)
		(void)store_diag(n->st, d, r, "cannot add a user");
out:
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int
users_passwd(struct node *n, const char *name, const char *password,
    size_t plen, int64_t now, struct hl_diag *d)
{
	char hash[STORE_PWHASH_LEN];
	int changes, r;

	if (!pwhash_name_valid(name))
		return hl_diag_set(d, HL_ENOTFOUND, NULL, "'%.*s': no such "
		    "user", HL_TAXII_USER_LEN + 1, name);
	if ((r = pwhash_make(name, password, plen, hash, d)) != 0)
		return r;
	if (store_begin(n->st) != 0) {
		r = store_diag(n->st, d, HL_EDB, "cannot change a password");
		goto out;
	}
	r = write1(n->st, "UPDATE users SET pwhash = ? WHERE name = ?",
	    ARGS(QTEXT(hash), QTEXT(name)), &changes);
	if (r == 0 && changes == 0)
		r = HL_ENOTFOUND;
	r = finish(n, r, "user-passwd", name, NULL, now);
	if (r == HL_ENOTFOUND)
		(void)hl_diag_set(d, r, NULL, "%s: no such user", name);
	else if (r != 0)
		(void)store_diag(n->st, d, r, "cannot change a password");
out:
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int
users_remove(struct node *n, const char *name, int64_t now,
    struct hl_diag *d)
{
	int changes, r;

	if (store_begin(n->st) != 0)
		return store_diag(n->st, d, HL_EDB, "cannot remove a user");
	/* Its tokens go with it: ON DELETE CASCADE. */
	r = write1(n->st, "DELETE FROM users WHERE name = ?",
	    ARGS(QTEXT(name)), &changes);
	if (r == 0 && changes == 0)
		r = HL_ENOTFOUND;
	r = finish(n, r, "user-remove", name, NULL, now);
	if (r == HL_ENOTFOUND)
		return hl_diag_set(d, r, NULL, "%.*s: no such user",
		    HL_TAXII_USER_LEN + 1, name);
	if (r != 0)
		return store_diag(n->st, d, r, "cannot remove a user");
	return 0;
}

int
users_check(struct node *n, const char *name, const char *password,
    size_t plen, struct user *out)
{
	struct user u;
	int r;

	memset(out, 0, sizeof(*out));
	memset(&u, 0, sizeof(u));
	r = pwhash_name_valid(name) ? users_get(n, name, &u) : HL_ENOTFOUND;
	if (r != 0 && r != HL_ENOTFOUND)
		return r;
	/* Computed whatever the name (pwhash.h): the time says nothing. */
	if (!pwhash_verify(r == 0 ? u.pwhash : NULL, password, plen))
		r = r == HL_ENOTFOUND ? HL_ENOTFOUND : HL_EINVAL;
	else
		*out = u;
	sodium_memzero(&u, sizeof(u));
	return r;
}

/* Whether t has a token's form: the prefix and 43 base64url characters. */
static bool
token_form(const char *t)
{
	size_t n = strnlen(t, HL_USER_TOKEN_LEN + 1);

	if (n != HL_USER_TOKEN_LEN || memcmp(t, TOKEN_PREFIX,
	    TOKEN_PREFIX_LEN) != 0)
		return false;
	for (size_t i = TOKEN_PREFIX_LEN; i < n; i++) {
		char c = t[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* A label: at most TOKEN_LABEL_LEN bytes of printable ASCII. */
static bool
label_valid(const char *l)
{
	size_t n = strnlen(l, TOKEN_LABEL_LEN + 1);

	if (n > TOKEN_LABEL_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (l[i] < 0x20 || l[i] > 0x7e)
			return false;
	return true;
}

int
users_token_new(struct node *n, const char *name, const char *label,
    int64_t now, char token[static HL_USER_TOKEN_LEN + 1], struct hl_diag *d)
{
	unsigned char raw[TOKEN_RAW], hash[crypto_hash_sha256_BYTES];
	sqlite3_stmt *s = NULL;
	int r;

	token[0] = '\0';
	if (label == NULL)
		label = "";
	if (!label_valid(label))
		return hl_diag_set(d, HL_EINVAL, NULL, "%s: a token's label is "
		    "at most %d printable characters", name, TOKEN_LABEL_LEN);
	randombytes_buf(raw, sizeof(raw));
	memcpy(token, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	(void)sodium_bin2base64(token + TOKEN_PREFIX_LEN,
	    HL_USER_TOKEN_LEN + 1 - TOKEN_PREFIX_LEN, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	/* Only the hash is kept: the database alone lets nobody in. */
	(void)crypto_hash_sha256(hash, (const unsigned char *)token,
	    HL_USER_TOKEN_LEN);
	if (store_begin(n->st) != 0) {
		r = store_diag(n->st, d, HL_EDB, "cannot make a token");
		goto out;
	}
	if (store_prepare(n->st, "INSERT INTO user_tokens (hash, name, label, "
	    "added) VALUES (?, ?, ?, ?)", &s) != 0)
		r = HL_EDB;
	else {
		(void)sqlite3_bind_blob(s, 1, hash, sizeof(hash),
		    SQLITE_STATIC);
		(void)sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
		(void)sqlite3_bind_text(s, 3, label, -1, SQLITE_STATIC);
		(void)sqlite3_bind_int64(s, 4, now);
		r = sqlite3_step(s) == SQLITE_DONE ? 0 : store_note_fail(n->st,
		    SQLITE_ERROR);
		/* The foreign key: no such user. */
		if (r != 0 && n->st->err_rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			r = HL_ENOTFOUND;
		store_release(n->st, s);
	}
	r = finish(n, r, "user-token", name, label[0] != '\0' ? label : NULL,
	    now);
	if (r == HL_ENOTFOUND)
		(void)hl_diag_set(d, r, NULL, "%.*s: no such user",
		    HL_TAXII_USER_LEN + 1, name);
	else if (r != 0)
		(void)store_diag(n->st, d, r, "cannot make a token");
out:
	if (r != 0)
		sodium_memzero(token, HL_USER_TOKEN_LEN + 1);
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int
users_token_revoke(struct node *n, const char *name, int64_t now,
    int *count, struct hl_diag *d)
{
	struct user u;
	char detail[32];
	int r;

	*count = 0;
	if (store_begin(n->st) != 0)
		return store_diag(n->st, d, HL_EDB, "cannot revoke tokens");
	if ((r = users_get(n, name, &u)) == 0)
		r = write1(n->st, "DELETE FROM user_tokens WHERE name = ?",
		    ARGS(QTEXT(name)), count);
	(void)snprintf(detail, sizeof(detail), "%d token%s", *count,
	    *count == 1 ? "" : "s");
	r = finish(n, r, "user-revoke", name, detail, now);
	sodium_memzero(&u, sizeof(u));
	if (r != 0)
		*count = 0;
	if (r == HL_ENOTFOUND)
		return hl_diag_set(d, r, NULL, "%.*s: no such user",
		    HL_TAXII_USER_LEN + 1, name);
	if (r != 0)
		return store_diag(n->st, d, r, "cannot revoke tokens");
	return 0;
}

int
users_token_check(struct node *n, const char *token, int64_t now,
    struct user *out)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	sqlite3_stmt *s;
	int r;

	memset(out, 0, sizeof(*out));
	if (!token_form(token))
		return HL_ENOTFOUND;
	/*
	 * Looked up by its hash: what the lookup's time depends on is the
	 * hash, which says nothing of the secret that a guess shares.
	 */
	(void)crypto_hash_sha256(hash, (const unsigned char *)token,
	    HL_USER_TOKEN_LEN);
	if (store_prepare(n->st, "SELECT " USER_COLS " FROM user_tokens k "
	    "JOIN users u ON u.name = k.name WHERE k.hash = ?", &s) != 0)
		return HL_EDB;
	(void)sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_STATIC);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		r = user_row(s, out);
		break;
	case SQLITE_DONE:
		r = HL_ENOTFOUND;
		break;
	default:
		r = store_note_fail(n->st, SQLITE_ERROR);
	}
	store_release(n->st, s);
	if (r == 0 && (s = NULL, store_prepare(n->st, "UPDATE user_tokens "
	    "SET used = ? WHERE hash = ?", &s)) == 0) {
		(void)sqlite3_bind_int64(s, 1, now);
		(void)sqlite3_bind_blob(s, 2, hash, sizeof(hash),
		    SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			r = store_note_fail(n->st, SQLITE_ERROR);
		store_release(n->st, s);
	} else if (r == 0)
		r = HL_EDB;
	if (r != 0)
		memset(out, 0, sizeof(*out));
	sodium_memzero(hash, sizeof(hash));
	return r;
}

json_t *
users_json(const struct user *u)
{
	char when[PROTO_TIME_LEN];

	proto_time_format(u->added, when);
	return json_pack("{s:s, s:s, s:i, s:s}", "name", u->name, "role",
	    users_role_names[u->role], "tokens", u->tokens, "added", when);
}
