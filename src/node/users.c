/*
 * The node's operators. See users.h.
 */
#include <string.h>

#include "users.h"

const char *const users_role_names[ROLE_COUNT + 1] = {
	"viewer", "officer", "admin", NULL
};

/* Stubs: the users part of issue 15 replaces them. */
int
users_add(struct node *n, const char *name, enum role role,
    const char *password, size_t plen, int64_t now, struct hl_diag *d)
{
	(void)n; (void)name; (void)role; (void)password; (void)plen;
	(void)now;
	return hl_diag_set(d, HL_EINVAL, NULL, "not yet");
}

int
users_passwd(struct node *n, const char *name, const char *password,
    size_t plen, int64_t now, struct hl_diag *d)
{
	(void)n; (void)name; (void)password; (void)plen; (void)now;
	return hl_diag_set(d, HL_EINVAL, NULL, "not yet");
}

int
users_remove(struct node *n, const char *name, int64_t now,
    struct hl_diag *d)
{
	(void)n; (void)name; (void)now;
	return hl_diag_set(d, HL_ENOTFOUND, NULL, "not yet");
}

int
users_each(struct node *n, int (*fn)(void *arg, const struct user *u),
    void *arg)
{
	(void)n; (void)fn; (void)arg;
	return 0;
}

int
users_get(struct node *n, const char *name, struct user *out)
{
	(void)n; (void)name;
	memset(out, 0, sizeof(*out));
	return HL_ENOTFOUND;
}

int
users_check(struct node *n, const char *name, const char *password,
    size_t plen, struct user *out)
{
	(void)password; (void)plen;
	return users_get(n, name, out);
}

int
users_token_new(struct node *n, const char *name, const char *label,
    int64_t now, char token[static HL_USER_TOKEN_LEN + 1], struct hl_diag *d)
{
	(void)n; (void)name; (void)label; (void)now;
	token[0] = '\0';
	return hl_diag_set(d, HL_ENOTFOUND, NULL, "not yet");
}

int
users_token_revoke(struct node *n, const char *name, int64_t now,
    int *count, struct hl_diag *d)
{
	(void)n; (void)name; (void)now;
	*count = 0;
	return hl_diag_set(d, HL_ENOTFOUND, NULL, "not yet");
}

int
users_token_check(struct node *n, const char *token, int64_t now,
    struct user *out)
{
	(void)n; (void)token; (void)now;
	memset(out, 0, sizeof(*out));
	return HL_ENOTFOUND;
}
