/*
 * The node's operators: who may use the console and the REST API
 * (console_listen), and what each may do. A user has a role and a
 * password, kept only as its Argon2id string (libsodium's
 * crypto_pwhash_str), and any number of tokens for scripts, kept only as
 * SHA-256 of a random secret shown once. The rules for names and
 * passwords, and the constant-time check, are the TAXII users' (one code
 * for both, pwhash.h). Every write is a transaction of its own with its
 * audit trail row (trail.h); reads open none.
 */
#ifndef HL_USERS_H
#define HL_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "node.h"

/*
 * Roles, each allowed what the one before it is: a viewer reads
 * everything the console shows; an officer also sends, replies,
 * withdraws, pings, escalates and imports; an admin also manages peers
 * and users.
 */
enum role {
	ROLE_VIEWER,
	ROLE_OFFICER,
	ROLE_ADMIN,
	ROLE_COUNT
};

/* "viewer", "officer", "admin"; index by enum role. */
extern const char *const users_role_names[ROLE_COUNT + 1];

struct user {
	char		 name[HL_TAXII_USER_LEN + 1];
	enum role	 role;
	char		 pwhash[STORE_PWHASH_LEN];	/* never printed */
	int64_t		 added;
	int		 tokens;	/* how many tokens it has */
};

/*
 * Adds user name with role, known by password (plen bytes; the TAXII
 * users' rules). Borrows all. HL_EINVAL for a bad name, role or
 * password; HL_EEXIST if name is taken; HL_ENOMEM if Argon2id cannot
 * have its memory. d names the user.
 */
int users_add(struct node *n, const char *name, enum role role,
    const char *password, size_t plen, int64_t now, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* A new password for name; HL_ENOTFOUND, HL_EINVAL as users_add(). */
int users_passwd(struct node *n, const char *name, const char *password,
    size_t plen, int64_t now, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Removes user name and its tokens; HL_ENOTFOUND (d naming it). */
int users_remove(struct node *n, const char *name, int64_t now,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Calls fn for each user in name order; stops at fn's error. */
int users_each(struct node *n, int (*fn)(void *arg, const struct user *u),
    void *arg);

/*
 * A user as hotline user list --json and GET /api/v1/users show it:
 * {"name", "role", "tokens", "added"}, never a hash. NULL if out of memory.
 */
json_t *users_json(const struct user *u);

/* The user called name; HL_ENOTFOUND if none. */
int users_get(struct node *n, const char *name, struct user *out)
    __attribute__((warn_unused_result));

/*
 * Checks a password for name in constant time: 0 and *out if it is the
 * user's; HL_ENOTFOUND (no such user) and HL_EINVAL (another password)
 * cost one Argon2id computation as a right one does. HL_EDB, HL_ENOMEM.
 */
int users_check(struct node *n, const char *name, const char *password,
    size_t plen, struct user *out) __attribute__((warn_unused_result));

/*
 * A new token for name, labelled label (what it is for, printable, at
 * most 64 bytes): token gets "hlt_" and 43 base64url characters, shown
 * this once; only its SHA-256 is kept. HL_ENOTFOUND, HL_EINVAL.
 */
int users_token_new(struct node *n, const char *name, const char *label,
    int64_t now, char token[static HL_USER_TOKEN_LEN + 1], struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Revokes every token of name; *count says how many there were. */
int users_token_revoke(struct node *n, const char *name, int64_t now,
    int *count, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * The user whose token this is (compared as SHA-256, so in time
 * independent of the secret), and notes its use at now; HL_ENOTFOUND
 * for anything that is no token.
 */
int users_token_check(struct node *n, const char *token, int64_t now,
    struct user *out) __attribute__((warn_unused_result));

#endif
