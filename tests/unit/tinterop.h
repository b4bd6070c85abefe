/*
 * What the interop tests compare: an import's indicators and its
 * reports, as text. Include after tutil.h.
 */
#ifndef HL_TINTEROP_H
#define HL_TINTEROP_H

#include <stddef.h>

#include "interop.h"

/* The body's indicators as "type value" lines into out. */
void ti_lines(const struct imp *im, char *out, size_t outsz);

/* The reports as "where: why" lines into out. */
void ti_reports(const struct imp *im, char *out, size_t outsz);

#endif
