/*
 * The node's TLS identity: a self-signed ECDSA P-256 certificate whose
 * public key peers pin (no certificate authority is involved). The pin is
 * curl's form, "sha256//" + base64(SHA-256(SubjectPublicKeyInfo DER)).
 */
#ifndef HL_TLS_H
#define HL_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "card.h"
#include "err.h"

/*
 * Generates a key and a self-signed certificate for common name cn and
 * writes them as PEM: the key to keypath, the certificate to certpath
 * (both mode 0600). Neither file may exist. pin receives the public-key pin.
 */
int tls_make_identity(const char *cn, const char *keypath,
    const char *certpath, char pin[static TLS_PIN_LEN], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The same, the certificate valid exactly from not_before to not_after
 * (Unix seconds): a version 2 card's validity, so that the certificate
 * a card pins lives no longer than the card.
 */
int tls_make_identity_valid(const char *cn, const char *keypath,
    const char *certpath, int64_t not_before, int64_t not_after,
    char pin[static TLS_PIN_LEN], struct hl_diag *d)
    __attribute__((warn_unused_result));

/* The public-key pin of the PEM certificate at certpath. */
int tls_cert_pin(const char *certpath, char pin[static TLS_PIN_LEN],
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Checks that the PEM private key at keypath is the key of the PEM
 * certificate at certpath: HL_EIO if one cannot be read, HL_ECRYPTO if
 * one does not parse or their public keys differ; d names the file.
 */
int tls_identity_check(const char *keypath, const char *certpath,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * The TLS key and certificate a rotation replaced (hotline key rotate
 * --tls), kept in the data directory while their grace lasts.
 */
#define TLS_PREV_KEY	"tls.prev.key"
#define TLS_PREV_CRT	"tls.prev.crt"

/*
 * Which TLS key and certificate the daemon presents at now, as server
 * and as client, given own, the node's own (latest) card: during a
 * rotation's grace the previous ones, DIR/tls.prev.key and tls.prev.crt,
 * if both exist and own lists tls.prev.crt's pin as rotated with its
 * grace not over (card_pin_state() CARD_KEY_GRACE); *switch_at then gets
 * the grace's end, when the daemon must switch. Otherwise DIR/tls.key
 * and DIR/tls.crt, and *switch_at 0. key and crt get the paths (n bytes
 * each). HL_EINVAL if a path does not fit; an unreadable tls.prev.crt
 * counts as none.
 */
int tls_current_files(const char *dir, const struct card *own, int64_t now,
    char *key, char *crt, size_t n, int64_t *switch_at)
    __attribute__((warn_unused_result));

/*
 * Removes DIR/tls.prev.key and tls.prev.crt once their grace is over
 * (tls_current_files() chose the current ones). 0, also when there were
 * none; HL_EIO if one exists and cannot be removed.
 */
int tls_prev_remove(const char *dir) __attribute__((warn_unused_result));

/* The pin of a DER certificate (as a TLS peer presents it). */
int tls_der_pin(const uint8_t *der, size_t n, char pin[static TLS_PIN_LEN])
    __attribute__((warn_unused_result));

#endif
