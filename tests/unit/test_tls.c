/*
 * TLS identities: a self-signed certificate whose pin is stable and
 * recomputable from the file, files that are never overwritten, and a
 * key checked against its certificate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tls.h"
#include "tutil.h"

static void
test_identity(void **state)
{
	char *dir = tu_tmpdir(), kp[256], cp[256], pin[TLS_PIN_LEN],
	    again[TLS_PIN_LEN];
	struct hl_diag d;
	struct stat sb;

	(void)state;
	(void)snprintf(kp, sizeof(kp), "%s/tls.key", dir);
	(void)snprintf(cp, sizeof(cp), "%s/tls.crt", dir);
	hl_diag_clear(&d);
	assert_int_equal(tls_make_identity("cert.aa", kp, cp, pin, &d), 0);
	assert_true(card_pin_valid(pin));
	assert_int_equal(stat(kp, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(tls_cert_pin(cp, again, &d), 0);
	assert_string_equal(pin, again);
	assert_int_equal(tls_make_identity("cert.aa", kp, cp, again, &d),
	    HL_EEXIST);
	assert_string_equal(d.path, kp);
	/* Not a certificate. */
	assert_int_equal(tls_cert_pin(kp, again, &d), HL_ECRYPTO);
	assert_false(card_pin_valid("sha256//short="));
	assert_false(card_pin_valid(""));
	tu_rmrf(dir);
	free(dir);
}

/* The key and the certificate must be one pair; each file is named. */
static void
test_identity_check(void **state)
{
	char *dir = tu_tmpdir(), kp[256], cp[256], kp2[256], cp2[256],
	    pin[TLS_PIN_LEN];
	struct hl_diag d;
	FILE *f;

	(void)state;
	(void)snprintf(kp, sizeof(kp), "%s/tls.key", dir);
	(void)snprintf(cp, sizeof(cp), "%s/tls.crt", dir);
	(void)snprintf(kp2, sizeof(kp2), "%s/other.key", dir);
	(void)snprintf(cp2, sizeof(cp2), "%s/other.crt", dir);
	hl_diag_clear(&d);
	assert_int_equal(tls_make_identity("cert.aa", kp, cp, pin, &d), 0);
	assert_int_equal(tls_make_identity("cert.bb", kp2, cp2, pin, &d), 0);
	assert_int_equal(tls_identity_check(kp, cp, &d), 0);
	assert_int_equal(tls_identity_check(kp2, cp2, &d), 0);
	assert_int_equal(tls_identity_check(kp, cp2, &d), HL_ECRYPTO);
	assert_string_equal(d.path, kp);
	assert_non_null(strstr(d.msg, "their public keys differ"));
	/* A certificate where the key should be, and the other way round. */
	hl_diag_clear(&d);
	assert_int_equal(tls_identity_check(cp, cp, &d), HL_ECRYPTO);
	assert_string_equal(d.path, cp);
	assert_string_equal(d.msg, "not a PEM private key");
	hl_diag_clear(&d);
	assert_int_equal(tls_identity_check(kp, kp, &d), HL_ECRYPTO);
	assert_string_equal(d.msg, "not a PEM certificate");
	assert_non_null(f = fopen(kp2, "w"));
	(void)fputs("garbage\n", f);
	(void)fclose(f);
	hl_diag_clear(&d);
	assert_int_equal(tls_identity_check(kp2, cp2, &d), HL_ECRYPTO);
	assert_string_equal(d.path, kp2);
	(void)snprintf(kp2, sizeof(kp2), "%s/missing.key", dir);
	assert_int_equal(tls_identity_check(kp2, cp, &d), HL_EIO);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_identity_check),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
