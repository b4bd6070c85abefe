/*
 * TLS identities: a self-signed certificate whose pin is stable and
 * recomputable from the file, and files that are never overwritten.
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
	assert_true(tls_pin_valid(pin));
	assert_int_equal(stat(kp, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(tls_cert_pin(cp, again, &d), 0);
	assert_string_equal(pin, again);
	assert_int_equal(tls_make_identity("cert.aa", kp, cp, again, &d),
	    HL_EEXIST);
	assert_string_equal(d.path, kp);
	/* Not a certificate. */
	assert_int_equal(tls_cert_pin(kp, again, &d), HL_ECRYPTO);
	assert_false(tls_pin_valid("sha256//short="));
	assert_false(tls_pin_valid(""));
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
