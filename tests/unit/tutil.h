/*
 * Helpers shared by the unit tests: vector files, hex, scratch
 * directories. cmocka wants these four headers before its own.
 */
#ifndef HL_TUTIL_H
#define HL_TUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/*
 * Reads vector <rel>: hotline's own from tests/vectors (HL_VECTORS), else
 * the public one in place from ../shared/vectors (HL_SHARED). If neither
 * is there, says so and exits 77, which meson counts as a skip. The
 * caller frees; *n gets the length; NUL-terminated.
 */
uint8_t *tu_vector(const char *rel, size_t *n);

/*
 * Writes the path of ../shared/<rel> into out (n bytes), or says it is
 * absent and exits 77 as tu_vector() does.
 */
void tu_shared(const char *rel, char *out, size_t n);

/* Reads any file the same way. */
uint8_t *tu_readfile(const char *path, size_t *n);

/* Decodes hex into out (at most max bytes); returns the length. */
size_t tu_unhex(const char *hex, uint8_t *out, size_t max);

/* A new scratch directory; the caller tu_rmrf()s it. */
char *tu_tmpdir(void);
void tu_rmrf(const char *dir);

/* Writes n bytes to path, creating or truncating it. */
void tu_write(const char *path, const void *p, size_t n);

struct card;

/*
 * A signed card for party in state, tier cert, default endpoint, made
 * with a key from seed byte s (same s, same key).
 */
void tu_card(struct card *c, const char *party, const char *state,
    uint8_t s);

/* The same with the TLS pin given ("sha256//" and 44 base64 digits). */
void tu_card_pin(struct card *c, const char *party, const char *state,
    uint8_t s, const char *pin);

struct card_retired;

/*
 * A version 2 card for party in state, tier cert, default endpoint, the
 * pin of tu_card(): message key from seed byte s, identity key
 * (card_identity_name()) from seed byte ids, the serial, validity and
 * retired list given.
 */
void tu_card2(struct card *c, const char *party, const char *state,
    uint8_t s, uint8_t ids, int64_t serial, int64_t not_before,
    int64_t not_after, const struct card_retired *retired, size_t nretired);

/* The keys tu_card() and tu_card2() make from a seed byte; caller frees. */
struct sig_key *tu_msg_key(const char *party, uint8_t s);
struct sig_key *tu_identity_key(const char *party, uint8_t ids);

/*
 * A message id for hand-made leaves: the name padded with '0' to 64
 * characters, in one of 8 static buffers (so a call's result lasts 8
 * calls).
 */
const char *tu_msg_id(const char *name);

/* Initializes the library (cmocka group setup). */
int tu_setup(void **state);

#endif
