/*
 * The TAXII server's clients. See taxii_users.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "pwhash.h"
#include "taxii_users.h"
#include "trail.h"

bool
taxii_users_name_valid(const char *name)
{
	return pwhash_name_valid(name);
}

int
taxii_users_add(struct node *n, const char *name, enum tlp clearance,
    const char *password, size_t plen, const char *pin, int64_t now,
    struct hl_diag *d)
{
	struct taxii_user u, other;
	int r;

	memset(&u, 0, sizeof(u));
	if ((r = pwhash_name_check(name, d)) != 0)
		return r;
	if ((int)clearance < 0 || clearance >= TLP_COUNT)
		return hl_diag_set(d, HL_EINVAL, NULL, "%s: no such clearance",
		    name);
	if (password == NULL && pin == NULL)
		return hl_diag_set(d, HL_EINVAL, NULL, "%s: neither a password "
		    "nor a certificate's pin", name);
	if (pin != NULL && !card_pin_valid(pin))
		return hl_diag_set(d, HL_EINVAL, NULL, "%s: '%.60s' is not a "
		    "pin (sha256//BASE64)", name, pin);
	if (password != NULL &&
	    (r = pwhash_make(name, password, plen, u.pwhash, d)) != 0)
		return r;
	(void)snprintf(u.name, sizeof(u.name), "%s", name);
	u.clearance = clearance;
	u.added = now;
	if (pin != NULL)
		(void)snprintf(u.pin, sizeof(u.pin), "%s", pin);
	if (store_begin(n->st) != 0)
		return store_diag(n->st, d, HL_EDB, "cannot add a user");
	r = store_taxii_user_add(n->st, &u);
	if (r == 0)
		r = trail_add(n, "taxii-user-add", name,
		    proto_tlp_names[clearance], now);
	if (r == 0 && store_commit(n->st) != 0)
		r = HL_EDB;
	if (r != 0)
		store_rollback(n->st);
	if (r == HL_EEXIST)
		(void)hl_diag_set(d, r, NULL, "%s: already a user (remove it "
		    "first to change it)", name);
	else if (r == HL_ECONFLICT)
		(void)hl_diag_set(d, r, NULL, "%s: %s is the pin of user %s "
		    "already", name, pin, store_taxii_user_by_pin(n->st, pin,
		    &other) == 0 ? other.name : "?");
	else if (r != 0)
		(void)store_diag(n->st, d, r, "cannot add a user");
	sodium_memzero(&u, sizeof(u));
	return r;
}

int
taxii_users_remove(struct node *n, const char *name, struct hl_diag *d)
{
	int r;

	if (store_begin(n->st) != 0)
		return store_diag(n->st, d, HL_EDB, "cannot remove a user");
	r = store_taxii_user_remove(n->st, name);
	if (r == 0)
		r = trail_add(n, "taxii-user-remove", name, NULL,
		    (int64_t)time(NULL));
	if (r == 0 && store_commit(n->st) != 0)
		r = HL_EDB;
	if (r != 0)
		store_rollback(n->st);
	if (r == HL_ENOTFOUND)
		return hl_diag_set(d, r, NULL, "%s: no such user", name);
	if (r != 0)
		return store_diag(n->st, d, r, "cannot remove a user");
	return 0;
}

int
taxii_users_each(struct node *n,
    int (*fn)(void *arg, const struct taxii_user *u), void *arg)
{
	return store_taxii_user_each(n->st, fn, arg);
}

int
taxii_users_get(struct node *n, const char *name, struct taxii_user *out)
{
	return store_taxii_user_get(n->st, name, out);
}

int
taxii_users_by_pin(struct node *n, const char *pin, struct taxii_user *out)
{
	return store_taxii_user_by_pin(n->st, pin, out);
}

int
taxii_users_check(struct node *n, const char *name, const char *password,
    size_t plen, struct taxii_user *out)
{
	struct taxii_user u;
	int r;

	memset(out, 0, sizeof(*out));
	r = pwhash_name_valid(name) ? store_taxii_user_get(n->st, name, &u) :
	    HL_ENOTFOUND;
	if (r != 0 && r != HL_ENOTFOUND)
		return r;
	if (!pwhash_verify(r == 0 ? u.pwhash : NULL, password, plen)) {
		sodium_memzero(&u, sizeof(u));
		return r == HL_ENOTFOUND ? HL_ENOTFOUND : HL_EINVAL;
	}
	*out = u;
	sodium_memzero(&u, sizeof(u));
	return 0;
}
