/*
 * Passwords of both kinds of user. See pwhash.h.
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "pwhash.h"

_Static_assert(STORE_PWHASH_LEN == crypto_pwhash_STRBYTES,
    "store.h keeps a crypto_pwhash_str() string whole");

/*
 * What a name that is no user is checked against: an Argon2id string of
 * the same cost as a real one (of a password nobody is given), so that
 * an unknown name takes as long to refuse as a wrong password.
 */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$"
    "Pmz5B0A2vo1AfCVTVod4HA$K9YGJWMuoxmBkuzdDTa97WDqNFacf2E2s7XNqJSk6t0";

bool
pwhash_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > HL_TAXII_USER_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool
password_valid(const char *p, size_t n)
{
	if (n == 0 || n > HL_TAXII_PASSWORD_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return false;
	return true;
}

int
pwhash_name_check(const char *name, struct hl_diag *d)
{
	if (pwhash_name_valid(name))
		return 0;
	return hl_diag_set(d, HL_EINVAL, NULL, "'%.*s': not a user name "
	    "([a-z0-9._-], 1 to %d)", HL_TAXII_USER_LEN + 1, name,
	    HL_TAXII_USER_LEN);
}

int
pwhash_make(const char *name, const char *p, size_t n,
    char out[static STORE_PWHASH_LEN], struct hl_diag *d)
{
	if (!password_valid(p, n))
		return hl_diag_set(d, HL_EINVAL, NULL, "%s: a password is 1 to "
		    "%d bytes without control characters", name,
		    HL_TAXII_PASSWORD_LEN);
	if (crypto_pwhash_str(out, p, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return hl_diag_set(d, HL_ENOMEM, NULL, "%s: cannot hash the "
		    "password: %s", name, strerror(errno));
	return 0;
}

bool
pwhash_verify(const char *hash, const char *p, size_t n)
{
	bool none = hash == NULL || hash[0] == '\0';

	/* Computed whatever the name: see dummy_hash. */
	if (crypto_pwhash_str_verify(none ? dummy_hash : hash, p, n) != 0)
		return false;
	return !none;
}
