/*
 * The schema of an envelope and of each message type's body, checked
 * field by field on parsed JSON. Every refusal names the field path
 * ("body.indicators[3].value") and what is wrong with it. Limits come from
 * limits.h. Borrows the JSON it checks; keeps nothing.
 */
#ifndef HL_SCHEMA_H
#define HL_SCHEMA_H

#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "proto.h"

/*
 * A request's vocabularies, NULL-terminated (proto_lookup() reads them):
 * its categories, severities, sectors, and the IODEF v2 actions its
 * expectations and a response's actions take. The formats that carry
 * them (interop) test against these, never a copy.
 */
extern const char *const schema_categories[];
extern const char *const schema_severities[];
extern const char *const schema_sectors[];
extern const char *const schema_actions[];

/* schema_envelope() flags. */
#define SCHEMA_DRAFT	0x1	/* not yet sealed: "id" and "sig" absent */

/* What the header check found, borrowed from the JSON it came from. */
struct envelope_hdr {
	enum msg_type	 type;
	enum tier	 tier;
	enum tlp	 tlp;
	const char	*id;		/* NULL in a draft */
	const char	*from;
	const char	*to;
	const char	*subject;	/* NULL if absent */
	const char	*sig;		/* base64, NULL in a draft */
	int64_t		 seq;
	int64_t		 created;	/* seconds since the epoch */
	int64_t		 deadline;	/* 0 if absent; a contact check's
					   is its body's "deadline" */
	json_t		*refs;		/* array of ids, NULL if absent */
	json_t		*body;
};

/*
 * Checks a whole envelope: members, types, ranges, lengths and the body
 * for its type. Fills hdr (when not NULL) on success. HL_ESCHEMA with the
 * path in d on failure.
 */
int schema_envelope(json_t *env, int flags, struct envelope_hdr *hdr,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Checks a body alone against its message type's schema, reporting paths
 * under prefix ("body" inside an envelope, "" for a body file).
 */
int schema_body(enum msg_type type, json_t *body, const char *prefix,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Checks a response's findings array alone, by the very code the response
 * schema runs on a body's "findings": what passes here passes there. Paths
 * in d start at "findings" ("findings[3].where[0]: ..."). HL_ESCHEMA,
 * with more than HL_MAX_FINDINGS saying how many and the limit. Borrows
 * findings.
 */
int schema_findings_check(json_t *findings, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Whether value is an indicator of type ("ipv4", ..., as the request
 * schema spells them) exactly as a request may carry it: non-empty, at
 * most HL_MAX_INDICATOR_LEN bytes, no control character, in its type's
 * one canonical form. 0, or HL_ESCHEMA with why (whysz bytes, may be
 * NULL) the schema's own words ("not in canonical form; write ...").
 */
int schema_indicator_check(const char *type, const char *value, char *why,
    size_t whysz) __attribute__((warn_unused_result));

#endif
