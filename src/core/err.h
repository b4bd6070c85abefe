/*
 * Errors: one enum for the whole project. Functions that do something return
 * 0 or a negative HL_E* value; the same table gives the human text and the
 * stable problem `type` slug that the network layer puts in RFC 9457 problem
 * JSON. Parsers also fill a struct hl_diag naming the field or byte offset.
 */
#ifndef HL_ERR_H
#define HL_ERR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * X(name, value, slug, text): slugs are part of the protocol; never reuse.
 * The values are this program's own and may change (none is -1, which
 * every libc call returns on failure: a -1 let through must not read as
 * one of these); nothing outside it sees them, and exit codes never do.
 */
#define HL_ERRORS(X)							\
	X(HL_ENOMEM,	-34, "out-of-memory",	"out of memory")		\
	X(HL_EIO,	 -2, "io",		"input/output error")		\
	X(HL_ETOOBIG,	 -3, "too-large",	"too large")			\
	X(HL_EDEPTH,	 -4, "too-deep",	"nested too deeply")		\
	X(HL_EPARSE,	 -5, "malformed",	"malformed input")		\
	X(HL_ESCHEMA,	 -6, "schema",		"does not match the schema")	\
	X(HL_ENOTCANON,	 -7, "not-canonical",	"not in canonical form")	\
	X(HL_EBADID,	 -8, "bad-id",		"id does not match the content") \
	X(HL_EBADSIG,	 -9, "bad-signature",	"signature does not verify")	\
	X(HL_EUNKNOWNPEER, -10, "unknown-peer",	"unknown peer")			\
	X(HL_EWRONGRCPT, -11, "wrong-recipient", "addressed to another party") \
	X(HL_ESEQGAP,	-12, "seq-gap",		"sequence number gap")		\
	X(HL_EREPLAY,	-13, "replay",		"sequence number already used") \
	X(HL_EEXIST,	-14, "exists",		"already exists")		\
	X(HL_ENOTFOUND,	-15, "not-found",	"not found")			\
	X(HL_ECONFIG,	-16, "config",		"bad configuration")		\
	X(HL_ECRYPTO,	-17, "crypto",		"cryptographic failure")	\
	X(HL_EDB,	-18, "database",	"database error")		\
	X(HL_EINVAL,	-19, "invalid",		"invalid argument")		\
	X(HL_EAMBIG,	-20, "ambiguous",	"ambiguous id prefix")		\
	X(HL_ECONFLICT,	-21, "conflict",	"conflicts with what is pinned") \
	X(HL_EPROOF,	-22, "bad-proof",	"proof does not verify")	\
	X(HL_EEQUIVOCATION, -23, "equivocation",				\
	    "inconsistent with a checkpoint already cosigned")		\
	X(HL_ENOCERT,	-24, "no-certificate", "no client certificate")	\
	X(HL_EPIN,	-25, "pin-mismatch",					\
	    "the TLS key is not the sender's pinned key")			\
	X(HL_ECLOCK,	-26, "clock-skew",					\
	    "created too far in the future")					\
	X(HL_EMEDIATYPE, -27, "unsupported-media-type",			\
	    "unsupported Content-Type")					\
	X(HL_EFRAMING,	-28, "bad-framing",	"malformed HTTP framing")	\
	X(HL_ECODING,	-29, "unsupported-coding",				\
	    "unsupported transfer coding")					\
	X(HL_EMETHOD,	-30, "method-not-allowed", "method not allowed")	\
	X(HL_EBUSY,	-31, "busy",		"too many connections")		\
	X(HL_EROLLBACK,	-32, "peer-rollback",					\
	    "the peer asks again for what it has receipted")		\
	X(HL_ETIMEOUT,	-33, "timeout",		"took too long")		\
	X(HL_ENOSPACE,	-44, "storage-full",					\
	    "no space left on device")						\
	X(HL_EAUTH,	-45, "unauthenticated",				\
	    "a login or a token is needed")					\
	X(HL_EFORBIDDEN, -46, "forbidden",					\
	    "not allowed to this user's role")				\
	X(HL_ECSRF,	-47, "csrf",						\
	    "a change needs the session's CSRF token")			\
	X(HL_ERATE,	-48, "rate-limited",					\
	    "too many failed attempts; try later")			\
	X(HL_EEXPIRED,	-49, "card-expired",					\
	    "the identity card is not valid now")			\
	X(HL_EREVOKED,	-50, "key-revoked",					\
	    "signed by a key its owner revoked or retired")

enum hl_err {
	HL_OK = 0,
#define HL_ERR_ENUM(name, val, slug, text) name = val,
	HL_ERRORS(HL_ERR_ENUM)
#undef HL_ERR_ENUM
};

/* The human text of an error code; never NULL. */
const char *hl_strerror(int err);

/* The stable problem-type slug of an error code; never NULL. */
const char *hl_errslug(int err);

/*
 * Where and why a parser or validator refused its input. All fields are
 * optional; hl_diag_format() renders whichever are set.
 */
struct hl_diag {
	char	path[128];	/* field path, "body.indicators[2].value" */
	long	offset;		/* byte offset into the input, or -1 */
	char	msg[512];	/* what is wrong, a lower-case phrase */
};

/* Clears a diag (d may be NULL). */
void hl_diag_clear(struct hl_diag *d);

/* Records a message and optional path; d may be NULL. Returns err. */
int hl_diag_set(struct hl_diag *d, int err, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records a byte offset; d may be NULL. */
void hl_diag_offset(struct hl_diag *d, long offset);

/*
 * Writes "path: msg" or "byte N: msg" (or the error's text if the diag is
 * empty) into out, always NUL-terminated.
 */
void hl_diag_format(const struct hl_diag *d, int err, char *out, size_t n);

#endif
