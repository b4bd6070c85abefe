/*
 * Ed25519 signing keys and signatures (libsodium), with the signed-note
 * key naming of C2SP (name+keyid+base64). The secret key lives in
 * sodium_malloc'd memory for as long as a struct sig_key exists, is never
 * copied out, and is wiped when the key is freed. Every signature hotline
 * makes is over a domain-separation prefix followed by the signed bytes, so
 * that a signature made for one purpose can never be replayed as another.
 */
#ifndef HL_SIG_H
#define HL_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define HL_PK_LEN	32	/* Ed25519 public key */
#define HL_SEED_LEN	32	/* Ed25519 private seed */
#define HL_SIG_LEN	64	/* Ed25519 signature */
#define HL_HASH_LEN	32	/* SHA-256 */

/* Signature type bytes of C2SP signed-note. */
#define SIG_TYPE_ED25519	0x01

/* Domain-separation prefixes, one per kind of signed object. */
#define SIG_DOMAIN_MSG	"hotline/msg/v1\n"
#define SIG_DOMAIN_CARD	"hotline/card/v1\n"
#define SIG_DOMAIN_CARD2 "hotline/card/v2\n"	/* by the identity key */

struct sig_key;

/* A new random key named name (the signed-note key name). */
int sig_key_generate(const char *name, struct sig_key **out)
    __attribute__((warn_unused_result));

/* A key from a known seed (tests and vectors). */
int sig_key_from_seed(const char *name, const uint8_t seed[static HL_SEED_LEN],
    struct sig_key **out) __attribute__((warn_unused_result));

/*
 * Reads a private key file in the Go note format
 * "PRIVATE+KEY+name+keyid+base64(0x01||seed)", refusing links, files other
 * users can read, and a key id that does not match. d names what is wrong.
 */
int sig_key_load(const char *path, struct sig_key **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * An external key's signer: signs the n bytes at m (domain prefix first)
 * into sig, or says why not (an HL_E* error).
 */
typedef int sig_sign_fn(void *ctx, const uint8_t *m, size_t n,
    uint8_t sig[HL_SIG_LEN]);

/*
 * A key whose secret is elsewhere: the daemon's network process signs
 * through its signer process (src/serve/signer.h). sig_sign() calls fn;
 * sig_key_save() refuses it (HL_EINVAL).
 */
int sig_key_external(const char *name, const uint8_t pk[static HL_PK_LEN],
    sig_sign_fn *fn, void *ctx, struct sig_key **out)
    __attribute__((warn_unused_result));

/* Writes the private key file (mode 0600); refuses to overwrite. */
int sig_key_save(const struct sig_key *k, const char *path)
    __attribute__((warn_unused_result));

/* Frees and wipes; NULL is fine. */
void sig_key_free(struct sig_key *k);

/* Borrowed from k. */
const uint8_t *sig_key_pk(const struct sig_key *k);
const char *sig_key_name(const struct sig_key *k);

/* Appends the verifier key "name+hex8+base64(0x01||pk)". */
int sig_key_vkey(const struct sig_key *k, struct buf *out);

/* Signs n bytes (which start with their domain prefix). */
int sig_sign(const struct sig_key *k, const uint8_t *m, size_t n,
    uint8_t sig[static HL_SIG_LEN]);

/* True if sig is k's signature over the n bytes at m. */
bool sig_verify(const uint8_t pk[static HL_PK_LEN], const uint8_t *m,
    size_t n, const uint8_t sig[static HL_SIG_LEN])
    __attribute__((warn_unused_result));

/*
 * SHA-256 of n bytes. Through GnuTLS (nettle), which uses the CPU's SHA
 * instructions where there are any: five times libsodium's portable code
 * on this project's machines, and content ids hash every envelope.
 */
void sig_sha256(const void *p, size_t n, uint8_t out[static HL_HASH_LEN]);

/*
 * The SHA-256 of a whole file as 64 hex digits, and its size; HL_EIO if
 * it cannot be read (d, which may be NULL, names path and says the
 * system's reason). For provenance over gigabytes of logs: GnuTLS's
 * SHA-256 uses the CPU's SHA instructions, four times libsodium's
 * portable code here.
 */
int sig_sha256_file(const char *path, char hex[static 2 * HL_HASH_LEN + 1],
    uint64_t *size, struct hl_diag *d) __attribute__((warn_unused_result));

/* SHA-256 of a || b, for hashing a prefix and data without a copy. */
void sig_sha256_2(const void *a, size_t an, const void *b, size_t bn,
    uint8_t out[static HL_HASH_LEN]);

/* First 4 bytes of SHA-256(name || "\n" || type || key), big-endian. */
uint32_t sig_keyid(const char *name, uint8_t type, const uint8_t *key,
    size_t keylen);

/*
 * Parses a verifier key "name+hex8+base64(type||key)". Only Ed25519 keys
 * are accepted (HL_EINVAL names any other type). name gets the key name.
 */
int sig_vkey_parse(const char *vkey, char *name, size_t namelen,
    uint8_t pk[static HL_PK_LEN], struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
