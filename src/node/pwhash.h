/*
 * Passwords of both kinds of user (the TAXII listener's, taxii_users.h,
 * and the console's operators, users.h), in one place: the rules for a
 * user's name and a password, the Argon2id string kept instead of the
 * password, and the check that costs the same for a name that is no
 * user as for a wrong password. Keeps nothing: the callers store the
 * string.
 */
#ifndef HL_PWHASH_H
#define HL_PWHASH_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* Whether name is a user's name: [a-z0-9._-]{1,64} (HL_TAXII_USER_LEN). */
bool pwhash_name_valid(const char *name);

/* pwhash_name_valid(), else HL_EINVAL with d saying the rule. */
int pwhash_name_check(const char *name, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The Argon2id string of password p (n bytes) into out
 * (crypto_pwhash_str(), OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE), for
 * user name: HL_EINVAL unless p is 1 to HL_TAXII_PASSWORD_LEN bytes
 * without a control character (RFC 7617 allows none in Basic, and a
 * console's form none either); HL_ENOMEM if Argon2id cannot have its
 * memory. d names the user.
 */
int pwhash_make(const char *name, const char *p, size_t n,
    char out[static STORE_PWHASH_LEN], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Whether p (n bytes) is the password whose string is hash, in constant
 * time; hash NULL or "" (no such user, or no password) is checked
 * against a dummy string of the same cost and is never a match, so that
 * the time taken does not say which names exist.
 */
bool pwhash_verify(const char *hash, const char *p, size_t n)
    __attribute__((warn_unused_result));

#endif
