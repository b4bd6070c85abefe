/*
 * The TAXII server's clients: names, clearances, passwords kept as
 * Argon2id strings only, pins one user's each, and a check that says
 * the same for an unknown name as for a wrong password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "node.h"
#include "taxii_users.h"
#include "tutil.h"

#define PIN_A	"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
#define PIN_B	"sha256//BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="

struct fix {
	char		*tmp;
	struct node	*n;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct config cfg;
	struct hl_diag d;
	char dir[512];

	if (hl_init() != 0 || f == NULL)
		return -1;
	f->tmp = tu_tmpdir();
	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "cert.aa");
	memcpy(cfg.state, "AA", 3);
	(void)snprintf(dir, sizeof(dir), "%s/aa", f->tmp);
	hl_diag_clear(&d);
	if (node_init(dir, &cfg, &d) != 0 || node_open(dir, &f->n, &d) != 0)
		return -1;
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
add(struct node *n, const char *name, enum tlp t, const char *pw,
    const char *pin, struct hl_diag *d)
{
	hl_diag_clear(d);
	return taxii_users_add(n, name, t, pw, pw != NULL ? strlen(pw) : 0,
	    pin, 1795773600, d);
}

static int
count(void *arg, const struct taxii_user *u)
{
	(void)u;
	(*(int *)arg)++;
	return 0;
}

static void
test_names(void **state)
{
	char long_name[HL_TAXII_USER_LEN + 2];

	(void)state;
	assert_true(taxii_users_name_valid("misp"));
	assert_true(taxii_users_name_valid("opencti-1.soc_b"));
	assert_false(taxii_users_name_valid(""));
	assert_false(taxii_users_name_valid("MISP"));
	assert_false(taxii_users_name_valid("a:b"));
	assert_false(taxii_users_name_valid("a b"));
	memset(long_name, 'a', sizeof(long_name));
	long_name[HL_TAXII_USER_LEN] = '\0';
	assert_true(taxii_users_name_valid(long_name));
	long_name[HL_TAXII_USER_LEN] = 'a';
	long_name[HL_TAXII_USER_LEN + 1] = '\0';
	assert_false(taxii_users_name_valid(long_name));
}

static void
test_add_check_remove(void **state)
{
	struct fix *f = *state;
	struct taxii_user u;
	struct hl_diag d;
	int n = 0;

	assert_int_equal(add(f->n, "misp", TLP_AMBER, "s3cret pw", NULL, &d),
	    0);
	assert_int_equal(taxii_users_get(f->n, "misp", &u), 0);
	assert_int_equal(u.clearance, TLP_AMBER);
	assert_string_equal(u.pin, "");
	/* The password itself is nowhere: its Argon2id string is. */
	assert_int_equal(strncmp(u.pwhash, "$argon2id$", 10), 0);
	assert_null(strstr(u.pwhash, "s3cret"));
	assert_int_equal(taxii_users_check(f->n, "misp", "s3cret pw", 9, &u),
	    0);
	assert_string_equal(u.name, "misp");
	assert_int_equal(u.clearance, TLP_AMBER);
	assert_int_equal(taxii_users_check(f->n, "misp", "s3cret pX", 9, &u),
	    HL_EINVAL);
	assert_string_equal(u.name, "");
	assert_int_equal(taxii_users_check(f->n, "misp", "s3cret pw", 8, &u),
	    HL_EINVAL);
	assert_int_equal(taxii_users_check(f->n, "nobody", "s3cret pw", 9,
	    &u), HL_ENOTFOUND);
	assert_int_equal(taxii_users_check(f->n, "Bad:Name", "x", 1, &u),
	    HL_ENOTFOUND);
	/* A name once. */
	assert_int_equal(add(f->n, "misp", TLP_GREEN, "other", NULL, &d),
	    HL_EEXIST);
	assert_string_equal(d.msg, "misp: already a user (remove it first to "
	    "change it)");
	/* A pin once; a pin alone is enough, and has no password. */
	assert_int_equal(add(f->n, "cti", TLP_GREEN, NULL, PIN_A, &d), 0);
	assert_int_equal(add(f->n, "cti2", TLP_RED, "pw", PIN_A, &d),
	    HL_ECONFLICT);
	assert_string_equal(d.msg, "cti2: " PIN_A " is the pin of user cti "
	    "already");
	assert_int_equal(taxii_users_by_pin(f->n, PIN_A, &u), 0);
	assert_string_equal(u.name, "cti");
	assert_string_equal(u.pwhash, "");
	assert_int_equal(taxii_users_by_pin(f->n, PIN_B, &u), HL_ENOTFOUND);
	assert_int_equal(taxii_users_check(f->n, "cti", "", 0, &u),
	    HL_EINVAL);
	assert_int_equal(add(f->n, "both", TLP_AMBER_STRICT, "pw", PIN_B, &d),
	    0);
	assert_int_equal(taxii_users_each(f->n, count, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(taxii_users_remove(f->n, "both", &d), 0);
	hl_diag_clear(&d);
	assert_int_equal(taxii_users_remove(f->n, "both", &d), HL_ENOTFOUND);
	assert_string_equal(d.msg, "both: no such user");
	assert_int_equal(taxii_users_by_pin(f->n, PIN_B, &u), HL_ENOTFOUND);
	assert_int_equal(taxii_users_remove(f->n, "cti", &d), 0);
	assert_int_equal(taxii_users_remove(f->n, "misp", &d), 0);
}

static void
test_add_refuses(void **state)
{
	struct fix *f = *state;
	struct hl_diag d;
	char pw[HL_TAXII_PASSWORD_LEN + 2];
	int n = 0;

	assert_int_equal(add(f->n, "Bad", TLP_GREEN, "pw", NULL, &d),
	    HL_EINVAL);
	assert_string_equal(d.msg, "'Bad': not a user name ([a-z0-9._-], 1 to "
	    "64)");
	assert_int_equal(add(f->n, "x", TLP_GREEN, NULL, NULL, &d), HL_EINVAL);
	assert_string_equal(d.msg, "x: neither a password nor a certificate's "
	    "pin");
	assert_int_equal(add(f->n, "x", TLP_GREEN, "", NULL, &d), HL_EINVAL);
	assert_int_equal(add(f->n, "x", TLP_GREEN, "a\tb", NULL, &d),
	    HL_EINVAL);
	assert_int_equal(add(f->n, "x", TLP_GREEN, NULL, "sha256//short", &d),
	    HL_EINVAL);
	assert_int_equal(add(f->n, "x", TLP_COUNT, "pw", NULL, &d), HL_EINVAL);
	memset(pw, 'p', sizeof(pw));
	pw[HL_TAXII_PASSWORD_LEN + 1] = '\0';
	assert_int_equal(add(f->n, "x", TLP_GREEN, pw, NULL, &d), HL_EINVAL);
	assert_int_equal(taxii_users_each(f->n, count, &n), 0);
	assert_int_equal(n, 0);
	pw[HL_TAXII_PASSWORD_LEN] = '\0';
	assert_int_equal(add(f->n, "x", TLP_GREEN, pw, NULL, &d), 0);
	assert_int_equal(taxii_users_remove(f->n, "x", &d), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_add_check_remove),
		cmocka_unit_test(test_add_refuses),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
