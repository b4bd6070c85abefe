/*
 * IODEF v2 (RFC 7970), in and out, through libxml2 with the network off
 * and no entity expansion. See docs/PROTOCOL.md, "Interop", for the
 * mapping both ways.
 */
#ifndef HL_IODEF_H
#define HL_IODEF_H

#include <stddef.h>

#include "buf.h"
#include "envelope.h"
#include "err.h"
#include "interop.h"

/*
 * An IODEF-Document into im: each Incident's Indicator/Observable
 * (Address by category, DomainData, EmailData, URL in BulkObservable,
 * FileData/HashData), Expectation/@action and @restriction. What it
 * cannot take is reported with its element's line. HL_EPARSE (a DTD, an
 * entity, malformed XML), HL_ETOOBIG, HL_EDEPTH or HL_ESCHEMA with d
 * when data is not an IODEF document.
 */
int iodef_import(const char *path, const char *data, size_t len,
    struct imp *im, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Message h as an IODEF-Document appended to out: an Incident with the
 * message's purpose, a restriction from its TLP, its indicators (or a
 * response's findings) and expectations. The same message gives the same
 * bytes. HL_EINVAL for a type with nothing to export, HL_ENOMEM.
 */
int iodef_document(const struct envelope_hdr *h, struct buf *out,
    struct hl_diag *d) __attribute__((warn_unused_result));

#endif
