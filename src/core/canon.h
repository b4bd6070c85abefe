/*
 * A parser for JSON that is already in RFC 8785 canonical form, and for
 * nothing else: no whitespace, members in strictly increasing UTF-16
 * order, numbers exactly as ECMAScript prints them, only the escapes JCS
 * writes. Envelopes must arrive in that form, so parsing them this way
 * checks canonicality on the way instead of serializing again, and the
 * spans of the top-level members can be taken from the input itself.
 * Accepts exactly the texts t for which jcs_canon(t) == t (fuzzed).
 * Builds jansson values, like jcs_parse(). Never logs.
 */
#ifndef HL_CANON_H
#define HL_CANON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "jcs.h"

/*
 * Parses the n bytes at p. On success *out is a new reference; if the
 * value is an object and top is not NULL, top[0..*ntop) receive the spans
 * of its members in p (room for max_top, else HL_ETOOBIG), in order.
 * Fails with HL_EPARSE (not JSON: the reason and byte offset in d),
 * HL_ENOTCANON (JSON, but not canonical: what and where), HL_EDEPTH or
 * HL_ENOMEM, leaving *out NULL.
 */
int canon_parse(const uint8_t *p, size_t n, size_t max_depth, json_t **out,
    struct jcs_member *top, size_t max_top, size_t *ntop, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
