/*
 * STIX 2.1 (OASIS CS02), in and out. See docs/PROTOCOL.md, "Interop",
 * for the mapping both ways.
 */
#ifndef HL_STIX_H
#define HL_STIX_H

#include <stddef.h>

#include <jansson.h>

#include "envelope.h"
#include "err.h"
#include "interop.h"

/*
 * A bundle (or one STIX object) into im: indicator objects whose pattern
 * is a comparison, or an OR of comparisons, on an object path hotline has
 * a type for; the SCOs of observed-data and standalone; TLP markings,
 * valid_from and valid_until. Any other pattern is reported with the
 * indicator's id. HL_EPARSE, HL_EDEPTH, HL_ETOOBIG or HL_ESCHEMA with d
 * when data is not STIX at all.
 */
int stix_import(const char *path, const char *data, size_t len,
    struct imp *im, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * The STIX objects message h is, appended to objs (an array): an
 * identity per party, an indicator per indicator (a request's, a
 * notice's, a query's) or a sighting of one per finding (a response's),
 * and a report tying them to the message; each marked with its TLP 2.0
 * marking-definition (included) and with ids derived from the message
 * (interop_id()), created and modified from its created time. The same
 * message gives the same objects, byte for byte. HL_EINVAL for a type
 * with nothing to export (a ping), HL_ENOMEM.
 */
int stix_objects(const struct envelope_hdr *h, json_t *objs,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* A bundle of stix_objects(), its id derived from the message's. */
int stix_bundle(const struct envelope_hdr *h, json_t **out,
    struct hl_diag *d) __attribute__((warn_unused_result));

#endif
