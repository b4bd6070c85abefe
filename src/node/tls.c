/*
 * Self-signed TLS identities with GnuTLS. See tls.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sodium.h>

#include "buf.h"
#include "enc.h"
#include "sig.h"
#include "node.h"
#include "tls.h"

#define TEN_YEARS	(10L * 366 * 86400)

static int
write_new(const char *path, const gnutls_datum_t *data, mode_t mode)
{
	int fd, r = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd < 0)
		return errno == EEXIST ? HL_EEXIST : HL_EIO;
	if (write(fd, data->data, data->size) != (ssize_t)data->size ||
	    fsync(fd) != 0)
		r = HL_EIO;
	if (close(fd) != 0)
		r = HL_EIO;
	return r;
}

static int
pin_of(gnutls_x509_crt_t crt, char pin[static TLS_PIN_LEN])
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t spki = { NULL, 0 };
	uint8_t h[HL_HASH_LEN];
	struct buf b;
	int r = HL_ECRYPTO;

	buf_init(&b, TLS_PIN_LEN);
	if (gnutls_pubkey_init(&pub) < 0 ||
	    gnutls_pubkey_import_x509(pub, crt, 0) < 0 ||
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki) < 0)
		goto out;
	sig_sha256(spki.data, spki.size, h);
	(void)buf_adds(&b, "sha256//");
	if (enc_b64(h, sizeof(h), &b) == 0 && b.len == TLS_PIN_LEN - 1) {
		memcpy(pin, b.p, TLS_PIN_LEN);
		r = 0;
	}
out:
	gnutls_free(spki.data);
	gnutls_pubkey_deinit(pub);
	buf_done(&b);
	return r;
}

int
tls_make_identity(const char *cn, const char *keypath, const char *certpath,
    char pin[static TLS_PIN_LEN], struct hl_diag *d)
{
	time_t now = time(NULL);

	return tls_make_identity_valid(cn, keypath, certpath,
	    (int64_t)now - 3600, (int64_t)now + TEN_YEARS, pin, d);
}

int
tls_make_identity_valid(const char *cn, const char *keypath,
    const char *certpath, int64_t not_before, int64_t not_after,
    char pin[static TLS_PIN_LEN], struct hl_diag *d)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t kpem = { NULL, 0 }, cpem = { NULL, 0 };
	unsigned char serial[16];
	int r = HL_ECRYPTO;

	randombytes_buf(serial, sizeof(serial));
	serial[0] &= 0x7f;	/* a positive INTEGER */
	if (gnutls_x509_privkey_init(&key) < 0 ||
	    gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ||
	    gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt,
	    (time_t)not_before) < 0 ||
	    gnutls_x509_crt_set_expiration_time(crt, (time_t)not_after) < 0 ||
	    gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    cn, (unsigned)strlen(cn)) < 0 ||
	    gnutls_x509_crt_set_key(crt, key) < 0 ||
	    gnutls_x509_crt_set_basic_constraints(crt, 0, -1) < 0 ||
	    gnutls_x509_crt_set_key_usage(crt,
	    GNUTLS_KEY_DIGITAL_SIGNATURE) < 0 ||
	    gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER,
	    0) < 0 ||
	    gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_CLIENT,
	    0) < 0 ||
	    gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) < 0 ||
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kpem) < 0 ||
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cpem) < 0) {
		(void)hl_diag_set(d, r, NULL, "cannot create a TLS identity");
		goto out;
	}
	if ((r = pin_of(crt, pin)) != 0)
		goto out;
	if ((r = write_new(keypath, &kpem, 0600)) != 0) {
		(void)hl_diag_set(d, r, keypath, "cannot write: %s",
		    hl_strerror(r));
		goto out;
	}
	/* 0600 too: everything in the data directory is the owner's. */
	if ((r = write_new(certpath, &cpem, 0600)) != 0)
		(void)hl_diag_set(d, r, certpath, "cannot write: %s",
		    hl_strerror(r));
out:
	if (kpem.data != NULL) {
		sodium_memzero(kpem.data, kpem.size);
		gnutls_free(kpem.data);
	}
	gnutls_free(cpem.data);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	return r;
}

int
tls_cert_pin(const char *certpath, char pin[static TLS_PIN_LEN],
    struct hl_diag *d)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t pem = { NULL, 0 };
	int r;

	if (gnutls_load_file(certpath, &pem) < 0)
		return hl_diag_set(d, HL_EIO, certpath, "cannot read");
	if (gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) < 0)
		r = hl_diag_set(d, HL_ECRYPTO, certpath,
		    "not a PEM certificate");
	else if ((r = pin_of(crt, pin)) != 0)
		(void)hl_diag_set(d, r, certpath, "cannot compute the pin");
	gnutls_x509_crt_deinit(crt);
	gnutls_free(pem.data);
	return r;
}

/* The DER SubjectPublicKeyInfo of pub; the caller gnutls_free()s it. */
static int
spki_of(gnutls_pubkey_t pub, gnutls_datum_t *out)
{
	return gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, out) < 0 ?
	    HL_ECRYPTO : 0;
}

int
tls_identity_check(const char *keypath, const char *certpath,
    struct hl_diag *d)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_privkey_t pkey = NULL;
	gnutls_pubkey_t kpub = NULL, cpub = NULL;
	gnutls_datum_t kpem = { NULL, 0 }, cpem = { NULL, 0 };
	gnutls_datum_t kspki = { NULL, 0 }, cspki = { NULL, 0 };
	int r;

	if (gnutls_load_file(keypath, &kpem) < 0) {
		r = hl_diag_set(d, HL_EIO, keypath, "cannot read");
		goto out;
	}
	if (gnutls_x509_privkey_init(&key) < 0 ||
	    gnutls_x509_privkey_import(key, &kpem, GNUTLS_X509_FMT_PEM) < 0 ||
	    gnutls_privkey_init(&pkey) < 0 ||
	    gnutls_privkey_import_x509(pkey, key, 0) < 0 ||
	    gnutls_pubkey_init(&kpub) < 0 ||
	    gnutls_pubkey_import_privkey(kpub, pkey, 0, 0) < 0 ||
	    spki_of(kpub, &kspki) != 0) {
		r = hl_diag_set(d, HL_ECRYPTO, keypath,
		    "not a PEM private key");
		goto out;
	}
	if (gnutls_load_file(certpath, &cpem) < 0) {
		r = hl_diag_set(d, HL_EIO, certpath, "cannot read");
		goto out;
	}
	if (gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crt_import(crt, &cpem, GNUTLS_X509_FMT_PEM) < 0 ||
	    gnutls_pubkey_init(&cpub) < 0 ||
	    gnutls_pubkey_import_x509(cpub, crt, 0) < 0 ||
	    spki_of(cpub, &cspki) != 0) {
		r = hl_diag_set(d, HL_ECRYPTO, certpath,
		    "not a PEM certificate");
		goto out;
	}
	/* Public keys, not secrets: an ordinary comparison is fine. */
	if (kspki.size != cspki.size ||
	    memcmp(kspki.data, cspki.data, kspki.size) != 0) {
		r = hl_diag_set(d, HL_ECRYPTO, keypath, "is not the key of "
		    "%s (their public keys differ)", certpath);
		goto out;
	}
	r = 0;
out:
	if (kpem.data != NULL) {
		sodium_memzero(kpem.data, kpem.size);
		gnutls_free(kpem.data);
	}
	gnutls_free(cpem.data);
	gnutls_free(kspki.data);
	gnutls_free(cspki.data);
	gnutls_pubkey_deinit(kpub);
	gnutls_pubkey_deinit(cpub);
	gnutls_privkey_deinit(pkey);
	gnutls_x509_privkey_deinit(key);
	gnutls_x509_crt_deinit(crt);
	return r;
}

int
tls_der_pin(const uint8_t *der, size_t n, char pin[static TLS_PIN_LEN])
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t d = { (unsigned char *)der, (unsigned int)n };
	int r = HL_ECRYPTO;

	if (gnutls_x509_crt_init(&crt) == 0 &&
	    gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) == 0)
		r = pin_of(crt, pin);
	gnutls_x509_crt_deinit(crt);
	return r;
}

int
tls_current_files(const char *dir, const struct card *own, int64_t now,
    char *key, char *crt, size_t n, int64_t *switch_at)
{
	char pk[4200], pc[4200], pin[TLS_PIN_LEN];
	struct stat sb;
	int a, b;

	*switch_at = 0;
	a = snprintf(pk, sizeof(pk), "%s/" TLS_PREV_KEY, dir);
	b = snprintf(pc, sizeof(pc), "%s/" TLS_PREV_CRT, dir);
	if (a < 0 || (size_t)a >= sizeof(pk) || b < 0 ||
	    (size_t)b >= sizeof(pc))
		return HL_EINVAL;
	/*
	 * Both files, a pin the card retired, its grace running: anything
	 * less (a rotation half done, a stray file, a grace over) is not a
	 * reason to present anything but the current identity.
	 */
	if (stat(pk, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    stat(pc, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    tls_cert_pin(pc, pin, NULL) == 0 &&
	    card_pin_state(own, pin, now) == CARD_KEY_GRACE) {
		for (size_t i = 0; i < own->nretired; i++)
			if (own->retired[i].is_tls &&
			    strcmp(own->retired[i].tls_pin, pin) == 0)
				*switch_at = own->retired[i].until;
		if ((size_t)a >= n || (size_t)b >= n)
			return HL_EINVAL;
		memcpy(key, pk, (size_t)a + 1);
		memcpy(crt, pc, (size_t)b + 1);
		return 0;
	}
	a = snprintf(key, n, "%s/" NODE_TLSKEY, dir);
	b = snprintf(crt, n, "%s/" NODE_TLSCRT, dir);
	return a < 0 || (size_t)a >= n || b < 0 || (size_t)b >= n ?
	    HL_EINVAL : 0;
}

int
tls_prev_remove(const char *dir)
{
	static const char *const names[] = { TLS_PREV_KEY, TLS_PREV_CRT };
	char p[4200];
	int r = 0;

	for (size_t i = 0; i < 2; i++) {
		(void)snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if (unlink(p) != 0 && errno != ENOENT)
			r = HL_EIO;
	}
	return r;
}
