/*
 * The TAXII server's clients: who may pull the node's STIX over
 * taxii_listen, and how far their clearance reaches. A user is known by
 * an HTTP Basic password, kept only as its Argon2id string (libsodium's
 * crypto_pwhash_str), or by a client certificate's pin (tls.h's form), or
 * either. Checking a password costs what Argon2id costs on purpose; the
 * listener (src/serve/http.c) decides how often it may be asked. Every
 * write is a transaction of its own; reads open none.
 */
#ifndef HL_TAXII_USERS_H
#define HL_TAXII_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"

/* Whether name is a user's name: [a-z0-9._-]{1,64}. */
bool taxii_users_name_valid(const char *name);

/*
 * Adds user name, cleared for clearance, known by password (plen bytes,
 * 1 to HL_TAXII_PASSWORD_LEN, no control character; NULL for none) or
 * pin (a pin, card_pin_valid(); NULL for none) or both. Borrows all; the
 * password is hashed (Argon2id, OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE)
 * and never kept. HL_EINVAL for a bad name, password or pin, or neither
 * given; HL_EEXIST if name is taken; HL_ECONFLICT if another user has the
 * pin; HL_ENOMEM if the hash cannot have its memory. d names the user.
 */
int taxii_users_add(struct node *n, const char *name, enum tlp clearance,
    const char *password, size_t plen, const char *pin, int64_t now,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Removes user name; HL_ENOTFOUND (d naming it) if there is none. */
int taxii_users_remove(struct node *n, const char *name, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Calls fn for each user in name order; stops at fn's error. u->pwhash
 * is there to say whether a password is set; print nothing of it.
 */
int taxii_users_each(struct node *n,
    int (*fn)(void *arg, const struct taxii_user *u), void *arg);

/* The user called name, or whose pin is pin; HL_ENOTFOUND if none. */
int taxii_users_get(struct node *n, const char *name, struct taxii_user *out)
    __attribute__((warn_unused_result));
int taxii_users_by_pin(struct node *n, const char *pin,
    struct taxii_user *out) __attribute__((warn_unused_result));

/*
 * Checks a password for name in constant time (crypto_pwhash_str_verify):
 * 0 and *out if it is the user's. HL_ENOTFOUND if there is no such user,
 * HL_EINVAL if the password is not the user's or the user has none; both
 * cost one Argon2id computation, as a right password does, so that the
 * time taken does not say which names exist. HL_EDB, HL_ENOMEM.
 */
int taxii_users_check(struct node *n, const char *name, const char *password,
    size_t plen, struct taxii_user *out) __attribute__((warn_unused_result));

#endif
