/*
 * Escaping untrusted bytes for a log line or a terminal, as redis'
 * sdscatrepr does: what a peer, a log file or the network wrote must not
 * be able to end a line, forge one, move the cursor or clear the screen.
 * Printable ASCII and well-formed UTF-8 pass through; everything else
 * becomes a visible escape, and the backslash is escaped too, so the
 * escaped text reads back to exactly one byte string.
 */
#ifndef HL_ESC_H
#define HL_ESC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The most bytes one input byte escapes to ("\xNN"). */
#define ESC_MAX_EXPANSION	4

/*
 * Whether n bytes at p pass through esc_bytes() unchanged: no control
 * character (C0, DEL, C1 as UTF-8 U+0080..U+009F), no backslash, no
 * invalid UTF-8 (overlong forms, surrogates, over U+10FFFF, cut short).
 */
bool esc_is_clean(const void *p, size_t n);

/*
 * Escapes n bytes at p into out (outsz >= 1), always NUL-terminated:
 * "\\" for a backslash, "\n", "\r", "\t" for those, "\xNN" for every
 * other control byte and for each byte of C1 controls and of invalid
 * UTF-8; the rest as is. An escape or a UTF-8 character is never cut in
 * half: when out is too small the output stops before it. Returns how
 * many input bytes were escaped (n if all fit); *outlen, if not NULL,
 * gets the output length.
 */
size_t esc_bytes(char *out, size_t outsz, const void *p, size_t n,
    size_t *outlen);

/* Appends the escaped form of n bytes at p to b; b's (sticky) error. */
int esc_buf(struct buf *b, const void *p, size_t n)
    __attribute__((warn_unused_result));

#endif
