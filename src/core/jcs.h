/*
 * RFC 8785 JSON Canonicalization Scheme. Parsing is jansson's, made strict
 * (duplicate members, invalid UTF-8, lone surrogates and excess depth are
 * refused; every number is read as an IEEE double, as JCS requires);
 * serialization is ours: members sorted by UTF-16 code units, numbers in
 * ECMAScript form, strings escaped as JSON.stringify does. This module owns
 * no state and never logs.
 */
#ifndef HL_JCS_H
#define HL_JCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"

/* Room for any ECMAScript number string, with its NUL. */
#define JCS_NUMBER_MAX	32

/* jcs_parse() flags. */
#define JCS_ANY		0x1	/* accept a scalar as the top-level value */

/*
 * Parses untrusted JSON text of n bytes (not necessarily NUL-terminated).
 * Nesting beyond max_depth is refused before jansson allocates anything.
 * On success *out is a new reference the caller must json_decref(). On
 * failure returns HL_EPARSE or HL_EDEPTH, leaves *out NULL and puts the
 * byte offset and jansson's reason in d.
 */
int jcs_parse(const uint8_t *p, size_t n, size_t max_depth, int flags,
    json_t **out, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Turns integral numbers back into integers in place (jcs_parse() reads
 * every number as a double), so that 1200 shows as 1200, not 1200.0: for
 * display only, never for what is hashed. v must come from a
 * depth-limited parse.
 */
void jcs_show_ints(json_t *v);

/*
 * Appends the canonical form of v to b. Fails with HL_EINVAL for values JCS
 * cannot represent (non-finite numbers) or HL_EDEPTH beyond
 * HL_MAX_CANON_DEPTH levels, else returns b's sticky error.
 */
int jcs_write(const json_t *v, struct buf *b);

/*
 * As jcs_write() for an object, leaving out the top-level members named in
 * omit (a NULL-terminated list): how ids and signatures are computed over an
 * envelope without its "id" and "sig".
 */
int jcs_write_omit(const json_t *obj, const char *const *omit, struct buf *b);

/*
 * One member of a serialized object: bytes [start, end) of a buffer hold
 * its canonical "key":value. Lets one serialization serve several views of
 * an object (with and without "id" and "sig"), joined by memcpy.
 */
struct jcs_member {
	const char	*key;		/* borrowed from the object */
	const json_t	*value;		/* borrowed from the object */
	size_t		 start;		/* offset of "key":value in the buffer */
	size_t		 end;		/* one past its last byte */
};

/*
 * Appends each member of obj as "key":value, in canonical order, to b with
 * nothing between them, recording where each lies in m (room for max).
 * HL_ETOOBIG if obj has more than max members.
 */
int jcs_write_members(const json_t *obj, struct buf *b, struct jcs_member *m,
    size_t max, size_t *n);

/*
 * Appends one more member to b and inserts its span in m at its canonical
 * place; key must not be in m already.
 */
int jcs_add_member(struct buf *b, struct jcs_member *m, size_t max,
    size_t *n, const char *key, const json_t *value);

/*
 * Appends "{" + the members of m (spans of base), less those named in
 * omit (NULL-terminated, or NULL), joined by "," + "}" to out: the
 * canonical form of the object those members came from.
 */
int jcs_join(const uint8_t *base, const struct jcs_member *m, size_t n,
    const char *const *omit, struct buf *out);

/*
 * Formats a finite double as ECMAScript's Number.prototype.toString() does
 * (shortest round-trip digits; -0 is "0"). Returns the length, or HL_EINVAL
 * for NaN and infinities.
 */
int jcs_number(double d, char out[static JCS_NUMBER_MAX]);

/* Parses then serializes: the whole of `hotline canon`. */
int jcs_canon(const uint8_t *in, size_t n, size_t max_depth, struct buf *out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Compares two UTF-8 strings by their UTF-16 code units, the member order
 * JCS requires. Both must be valid UTF-8 (jansson guarantees it).
 */
int jcs_keycmp(const char *a, size_t alen, const char *b, size_t blen);

#endif
