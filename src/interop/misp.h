/*
 * MISP events (the core format, draft-dulaunoy-misp-core-format), in and
 * out. See docs/PROTOCOL.md, "Interop", for the mapping both ways.
 */
#ifndef HL_MISP_H
#define HL_MISP_H

#include <stddef.h>

#include <jansson.h>

#include "envelope.h"
#include "err.h"
#include "interop.h"

/*
 * An event ({"Event": {...}}, a bare event, or a list or "response" of
 * them) into im: its attributes of the types hotline has, also inside
 * Objects; to_ids; the TLP tag; threat_level_id as severity. Other
 * attribute types are counted and reported. HL_EPARSE, HL_EDEPTH,
 * HL_ETOOBIG or HL_ESCHEMA with d when data is not a MISP event.
 */
int misp_import(const char *path, const char *data, size_t len,
    struct imp *im, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Message h as a MISP event ({"Event": {...}}): its indicators as
 * attributes of MISP's types, each in a category MISP allows for it; the
 * TLP tag; a response's findings as sightings. uuids derived from the
 * message (interop_uuid5()), so the same message gives the same event.
 * HL_EINVAL for a type with nothing to export, HL_ENOMEM.
 */
int misp_event(const struct envelope_hdr *h, json_t **out,
    struct hl_diag *d) __attribute__((warn_unused_result));

#endif
