/*
 * interop: the exchange formats CERTs already run (STIX 2.1, MISP, IODEF
 * v2, CSV and plain lists), in and out. Core + libxml2; never the node:
 * an importer turns bytes into a request body, an exporter turns one
 * parsed message into a document, and the front ends and the TAXII
 * server bring the bytes and the messages.
 *
 * This header is what every format shares: the import builder, which
 * types and checks each value once (ioc.h) and counts what it could not
 * take; the ids, times and TLP names the formats write; and format
 * detection. Each format's own header (stix.h, misp.h, iodef.h) has its
 * importer and exporter.
 */
#ifndef HL_INTEROP_H
#define HL_INTEROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "ioc.h"
#include "proto.h"

enum imp_format {
	IMP_AUTO,
	IMP_STIX,
	IMP_MISP,
	IMP_IODEF,
	IMP_CSV,
	IMP_LIST,
	IMP_NFORMATS
};

/* "auto", "stix", "misp", "iodef", "csv", "list". */
extern const char *const imp_format_names[IMP_NFORMATS + 1];

/*
 * What a source holds, guessed from its first bytes: a JSON object with
 * "type": "bundle" is STIX, one with "Event" (or a list of them, or a
 * "response" wrapping them) MISP, XML IODEF, a first line with a comma
 * or a tab CSV, anything else a list. Never IMP_AUTO.
 */
enum imp_format imp_detect(const char *data, size_t len);

/*
 * The import builder: one request body in the making. Importers add what
 * their source says; the builder canonicalises, drops repeats, keeps the
 * strictest TLP and the widest observed window, and records each thing
 * it could not take as a report (where, why), never silently.
 */
struct imp;

/*
 * A new builder for the source named path (in reports). NULL when out of
 * memory.
 */
struct imp *imp_new(const char *path);
void imp_free(struct imp *im);

/*
 * An indicator the source states the type of (a STIX object path, a MISP
 * attribute type): put through ioc_canon(), so a network written as an
 * address comes out cidr. first and last are its first and last sighting
 * (0: not said). where names the source's object in a report
 * ("indicator--5a2e...", "Attribute 12", "line 3"). Returns 0 when added
 * or a repeat, 1 when refused and reported, HL_ETOOBIG past
 * HL_MAX_INDICATORS (reported once), HL_ENOMEM.
 */
int imp_add(struct imp *im, enum ioc_type want, const char *value,
    size_t n, int64_t first, int64_t last, const char *where);

/* The same for a value whose type is inferred (ioc_infer()). */
int imp_add_infer(struct imp *im, const char *value, size_t n,
    int64_t first, int64_t last, const char *where);

/*
 * Something the source holds that the body cannot (an AND pattern, an
 * attribute type with no hotline type): reported as "where: why" and
 * counted; where (cut at 128 bytes) and why are made printable, valid
 * UTF-8, whatever bytes of the source they quote. kind groups the counts ("pattern", "attribute type
 * regkey"); it is copied.
 */
void imp_skip(struct imp *im, const char *kind, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * A body member the source gives: "summary", "category", "severity",
 * "sector" (strings; the first given wins, later ones are ignored).
 * The value must already be one the request schema takes.
 */
int imp_set(struct imp *im, const char *member, const char *value);

/* An expectation (an IODEF action); repeats are dropped. */
int imp_expect(struct imp *im, const char *action);

/* A marking: the strictest of all given is kept. */
void imp_tlp(struct imp *im, enum tlp t);

/* A time the source says something was seen: widens observed. */
void imp_seen(struct imp *im, int64_t t);

/* How many indicators were added (repeats not counted). */
size_t imp_count(const struct imp *im);

/*
 * The body as built, a new reference: "indicators" and whatever members
 * were set, "observed" when any time was seen. It is what the source
 * said, not yet a whole request: schema_body() says what it lacks.
 */
json_t *imp_body(const struct imp *im);

/* The strictest TLP given, or -1 if the source had none. */
int imp_tlp_of(const struct imp *im);

/*
 * What the import did, a new reference: {"format", "indicators",
 * "repeats", "skipped": {kind: count}, "reports": [{"where", "why"}]}
 * (the first HL_MAX_IMPORT_REPORTS reports; the counts are whole).
 */
json_t *imp_summary(const struct imp *im, enum imp_format f);

/*
 * What a front end makes of body (imp_body(), with what its operator
 * filled in; borrowed, changed in place), for hotline import and POST
 * /api/v1/import alike. imp_mark() adds the source's marking as a "tlp"
 * member, so that send keeps it (it is no body member: send takes it
 * off, compose_marking()); 0 or -1 if out of memory.
 */
int imp_mark(const struct imp *im, json_t *body);

/*
 * What body still lacks to be sent, as one phrase in lacks ("category,
 * severity"), or "" when it lacks nothing; then it must be a request
 * body schema_body() takes: 0, or its error with d naming the field.
 */
int imp_check(json_t *body, char *lacks, size_t n, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * hotline import --json's answer, a new reference: {"body", "import":
 * imp_summary(), "lacks"? (imp_check()'s phrase)}. NULL if out of memory.
 */
json_t *imp_answer(const struct imp *im, enum imp_format f, json_t *body,
    const char *lacks);

/* Calls fn for each report in order, for a front end to print them. */
void imp_reports_each(const struct imp *im,
    void (*fn)(void *arg, const char *where, const char *why), void *arg);

/* The number of reports (constructs not imported). */
size_t imp_nreports(const struct imp *im);

/*
 * Reads a whole source of format f (not IMP_AUTO) into im: the format's
 * importer, or the CSV and list readers here. 0 when the source was read
 * (reports, if any, are in im); HL_EPARSE, HL_ESCHEMA, HL_ETOOBIG or
 * HL_EDEPTH with d saying where in it and why when the source is not
 * one of f at all (the caller names the file); HL_ENOMEM.
 */
int imp_read(enum imp_format f, const char *path, const char *data,
    size_t len, struct imp *im, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * An RFC 9562 version 5 (SHA-1, name-based) UUID of name in namespace ns
 * (16 bytes), written "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" into out.
 */
#define INTEROP_UUID_LEN	37
void interop_uuid5(const uint8_t ns[16], const char *name, size_t n,
    char out[static INTEROP_UUID_LEN]);

/*
 * hotline's own namespace for the ids it derives: "TYPE--" + UUIDv5 of
 * hotline's namespace and what names the object ("report:" + message id,
 * "identity:" + party, "indicator:" + request id + ":" + type + ":" +
 * value, ...), so that the same message always exports the same ids,
 * and a response's sightings point at its request's indicators.
 */
extern const uint8_t interop_ns[16];

/* "TYPE--UUID" of name in interop_ns into out (at most outsz bytes). */
void interop_id(const char *type, const char *name, char *out,
    size_t outsz);

/* t as "YYYY-MM-DDTHH:MM:SS.000Z", the form STIX needs; NUL included. */
#define INTEROP_TIME_LEN	25
void interop_time_ms(int64_t t, char out[static INTEROP_TIME_LEN]);

/* The TLP 2.0 marking-definition ids STIX gives each label. */
extern const char *const interop_stix_tlp[TLP_COUNT];

/* MISP's tags: "tlp:clear", ..., "tlp:amber+strict", "tlp:red". */
extern const char *const interop_misp_tlp[TLP_COUNT];

/* IODEF's @restriction for each label (RFC 7970 3.3.1). */
extern const char *const interop_iodef_tlp[TLP_COUNT];

#endif
