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

/* Initializes the library (cmocka group setup). */
int tu_setup(void **state);

#endif
