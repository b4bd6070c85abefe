/*
 * Ed25519 keys, key files and signatures. See sig.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <sodium.h>

#include "enc.h"
#include "limits.h"
#include "sig.h"

struct sig_key {
	char	 name[HL_MAX_NAME_LEN];	/* signed-note key name */
	uint8_t	 pk[HL_PK_LEN];		/* public key */
	uint8_t	*sk;			/* seed||pk, in sodium_malloc memory;
					   NULL for an external key */
	sig_sign_fn *ext;		/* an external key's signer */
	void	*ext_ctx;
};

/* Key names of signed notes: non-empty, no spaces, no '+'. */
static bool
keyname_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= HL_MAX_NAME_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] <= 0x20 || name[i] == '+' ||
		    name[i] == 0x7f)
			return false;
	return true;
}

int
sig_key_from_seed(const char *name, const uint8_t seed[static HL_SEED_LEN],
    struct sig_key **out)
{
	struct sig_key *k;

	*out = NULL;
	if (!keyname_valid(name))
		return HL_EINVAL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return HL_ENOMEM;
	if ((k->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		free(k);
		return HL_ENOMEM;
	}
	(void)snprintf(k->name, sizeof(k->name), "%s", name);
	if (crypto_sign_seed_keypair(k->pk, k->sk, seed) != 0) {
		sig_key_free(k);
		return HL_ECRYPTO;
	}
	*out = k;
	return 0;
}

int
sig_key_generate(const char *name, struct sig_key **out)
{
	uint8_t seed[HL_SEED_LEN];
	int r;

	randombytes_buf(seed, sizeof(seed));
	r = sig_key_from_seed(name, seed, out);
	sodium_memzero(seed, sizeof(seed));
	return r;
}

int
sig_key_external(const char *name, const uint8_t pk[static HL_PK_LEN],
    sig_sign_fn *fn, void *ctx, struct sig_key **out)
{
	struct sig_key *k;

	*out = NULL;
	if (!keyname_valid(name) || strlen(name) >= sizeof(k->name))
		return HL_EINVAL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return HL_ENOMEM;
	(void)snprintf(k->name, sizeof(k->name), "%s", name);
	memcpy(k->pk, pk, HL_PK_LEN);
	k->ext = fn;
	k->ext_ctx = ctx;
	*out = k;
	return 0;
}

void
sig_key_free(struct sig_key *k)
{
	if (k == NULL)
		return;
	if (k->sk != NULL)
		sodium_free(k->sk);	/* wipes before freeing */
	free(k);
}

const uint8_t *
sig_key_pk(const struct sig_key *k)
{
	return k->pk;
}

const char *
sig_key_name(const struct sig_key *k)
{
	return k->name;
}

void
sig_sha256(const void *p, size_t n, uint8_t out[static HL_HASH_LEN])
{
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, p, n, out) != 0)
		crypto_hash_sha256(out, p, n);
}

void
sig_sha256_2(const void *a, size_t an, const void *b, size_t bn,
    uint8_t out[static HL_HASH_LEN])
{
	crypto_hash_sha256_state st;
	gnutls_hash_hd_t h;

	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) == 0) {
		if (gnutls_hash(h, a, an) == 0 && gnutls_hash(h, b, bn) == 0) {
			gnutls_hash_deinit(h, out);
			return;
		}
		gnutls_hash_deinit(h, NULL);
	}
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, a, an);
	crypto_hash_sha256_update(&st, b, bn);
	crypto_hash_sha256_final(&st, out);
}

uint32_t
sig_keyid(const char *name, uint8_t type, const uint8_t *key, size_t keylen)
{
	crypto_hash_sha256_state st;
	uint8_t h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)name, strlen(name));
	crypto_hash_sha256_update(&st, (const uint8_t *)"\n", 1);
	crypto_hash_sha256_update(&st, &type, 1);
	crypto_hash_sha256_update(&st, key, keylen);
	crypto_hash_sha256_final(&st, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3];
}

int
sig_key_vkey(const struct sig_key *k, struct buf *out)
{
	uint8_t typed[1 + HL_PK_LEN];

	typed[0] = SIG_TYPE_ED25519;
	memcpy(typed + 1, k->pk, HL_PK_LEN);
	(void)buf_printf(out, "%s+%08x+", k->name,
	    sig_keyid(k->name, SIG_TYPE_ED25519, k->pk, HL_PK_LEN));
	return enc_b64(typed, sizeof(typed), out);
}

int
sig_key_save(const struct sig_key *k, const char *path)
{
	uint8_t typed[1 + HL_SEED_LEN];
	struct buf b;
	int fd, r = 0;

	if (k->sk == NULL)
		return HL_EINVAL;	/* an external key's secret is not here */
	buf_init(&b, HL_MAX_KEYFILE_BYTES);
	typed[0] = SIG_TYPE_ED25519;
	memcpy(typed + 1, k->sk, HL_SEED_LEN);	/* sk = seed || pk */
	(void)buf_printf(&b, "PRIVATE+KEY+%s+%08x+", k->name,
	    sig_keyid(k->name, SIG_TYPE_ED25519, k->pk, HL_PK_LEN));
	(void)enc_b64(typed, sizeof(typed), &b);
	(void)buf_addc(&b, '\n');
	sodium_memzero(typed, sizeof(typed));
	if ((r = buf_err(&b)) != 0)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		r = errno == EEXIST ? HL_EEXIST : HL_EIO;
		goto out;
	}
	if (write(fd, b.p, b.len) != (ssize_t)b.len || fsync(fd) != 0)
		r = HL_EIO;
	if (close(fd) != 0)
		r = HL_EIO;
out:
	if (b.p != NULL)
		sodium_memzero(b.p, b.cap);
	buf_done(&b);
	return r;
}

int
sig_key_load(const char *path, struct sig_key **out, struct hl_diag *d)
{
	char text[HL_MAX_KEYFILE_BYTES + 1], *name, *hex, *b64, *end;
	uint8_t typed[1 + HL_SEED_LEN];
	struct stat st;
	ssize_t n;
	int fd, r;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return hl_diag_set(d, HL_EIO, path, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		return hl_diag_set(d, HL_EIO, path, "not a regular file");
	}
	if (st.st_mode & 077) {
		(void)close(fd);
		return hl_diag_set(d, HL_EIO, path,
		    "readable by others (mode %03o); run chmod 600",
		    (unsigned)(st.st_mode & 0777));
	}
	n = read(fd, text, sizeof(text));
	(void)close(fd);
	r = HL_EPARSE;
	if (n < 0 || n > HL_MAX_KEYFILE_BYTES) {
		(void)hl_diag_set(d, r, path, "unreadable or too large");
		goto out;
	}
	text[n] = '\0';
	if (memchr(text, '\0', (size_t)n) != NULL) {
		(void)hl_diag_set(d, r, path, "not a PRIVATE+KEY file");
		goto out;
	}
	if (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	/* PRIVATE+KEY+name+hex8+base64; the name itself has no '+'. */
	if (strncmp(text, "PRIVATE+KEY+", 12) != 0 ||
	    (name = text + 12, hex = strchr(name, '+')) == NULL ||
	    (*hex++ = '\0', b64 = strchr(hex, '+')) == NULL) {
		(void)hl_diag_set(d, r, path, "not a PRIVATE+KEY file");
		goto out;
	}
	*b64++ = '\0';
	if (strlen(hex) != 8 || !enc_is_lowhex(hex, 8) ||
	    !enc_b64_decode_exact(b64, strlen(b64), typed, sizeof(typed)) ||
	    typed[0] != SIG_TYPE_ED25519) {
		(void)hl_diag_set(d, r, path, "malformed Ed25519 private key");
		goto out;
	}
	if ((r = sig_key_from_seed(name, typed + 1, out)) != 0) {
		(void)hl_diag_set(d, r, path, "bad key name");
		goto out;
	}
	if (strtoul(hex, &end, 16) != sig_keyid(name, SIG_TYPE_ED25519,
	    (*out)->pk, HL_PK_LEN)) {
		sig_key_free(*out);
		*out = NULL;
		r = hl_diag_set(d, HL_EPARSE, path,
		    "key id does not match the key");
	}
out:
	sodium_memzero(typed, sizeof(typed));
	sodium_memzero(text, sizeof(text));
	return r;
}

int
sig_sign(const struct sig_key *k, const uint8_t *m, size_t n,
    uint8_t sig[static HL_SIG_LEN])
{
	if (k->ext != NULL)
		return k->ext(k->ext_ctx, m, n, sig);
	return crypto_sign_detached(sig, NULL, m, n, k->sk) == 0 ? 0 :
	    HL_ECRYPTO;
}

bool
sig_verify(const uint8_t pk[static HL_PK_LEN], const uint8_t *m, size_t n,
    const uint8_t sig[static HL_SIG_LEN])
{
	return crypto_sign_verify_detached(sig, m, n, pk) == 0;
}

int
sig_vkey_parse(const char *vkey, char *name, size_t namelen,
    uint8_t pk[static HL_PK_LEN], struct hl_diag *d)
{
	const char *p1, *p2;
	uint8_t typed[1 + HL_PK_LEN], raw[256];
	char *end;
	unsigned long id;
	size_t nl, got = 0;

	if ((p1 = strchr(vkey, '+')) == NULL ||
	    (p2 = strchr(p1 + 1, '+')) == NULL || p2 - p1 != 9)
		return hl_diag_set(d, HL_EPARSE, NULL,
		    "verifier key is not name+keyid+key");
	nl = (size_t)(p1 - vkey);
	if (nl == 0 || nl >= namelen)
		return hl_diag_set(d, HL_EPARSE, NULL,
		    "verifier key name empty or too long");
	memcpy(name, vkey, nl);
	name[nl] = '\0';
	if (!keyname_valid(name) || !enc_is_lowhex(p1 + 1, 8))
		return hl_diag_set(d, HL_EPARSE, NULL,
		    "verifier key name or key id malformed");
	/* Decode loosely first, to name a foreign key type precisely. */
	if (!enc_b64_decode(p2 + 1, strlen(p2 + 1), raw, sizeof(raw), &got) ||
	    got < 1)
		return hl_diag_set(d, HL_EPARSE, NULL,
		    "verifier key is not base64");
	if (raw[0] != SIG_TYPE_ED25519)
		return hl_diag_set(d, HL_EINVAL, NULL,
		    "unsupported verifier key type 0x%02x", raw[0]);
	if (!enc_b64_decode_exact(p2 + 1, strlen(p2 + 1), typed,
	    sizeof(typed)))
		return hl_diag_set(d, HL_EPARSE, NULL,
		    "verifier key is not a 32-byte Ed25519 key");
	memcpy(pk, typed + 1, HL_PK_LEN);
	id = strtoul(p1 + 1, &end, 16);
	if (id != sig_keyid(name, SIG_TYPE_ED25519, pk, HL_PK_LEN))
		return hl_diag_set(d, HL_EPARSE, NULL,
		    "verifier key id does not match the key");
	return 0;
}

int
sig_sha256_file(const char *path, char hex[static 2 * HL_HASH_LEN + 1],
    uint64_t *size, struct hl_diag *d)
{
	uint8_t h[HL_HASH_LEN], *chunk;
	gnutls_hash_hd_t hd;
	FILE *f;
	size_t n;
	int err = 0;

	*size = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return hl_diag_set(d, HL_EIO, path, "%s", strerror(errno));
	if ((chunk = malloc(1 << 17)) == NULL ||
	    gnutls_hash_init(&hd, GNUTLS_DIG_SHA256) < 0) {
		free(chunk);
		(void)fclose(f);
		return hl_diag_set(d, HL_ECRYPTO, path, "cannot start SHA-256");
	}
	while ((n = fread(chunk, 1, 1 << 17, f)) > 0) {
		(void)gnutls_hash(hd, chunk, n);
		*size += n;
	}
	if (ferror(f))
		err = errno;
	free(chunk);
	(void)fclose(f);
	gnutls_hash_deinit(hd, h);
	if (err != 0)
		return hl_diag_set(d, HL_EIO, path, "%s", strerror(err));
	enc_hex(h, sizeof(h), hex);
	return 0;
}
