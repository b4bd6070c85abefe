/*
 * The protocol's vocabulary: message types, tiers, TLP labels, party and
 * state names, and the two time forms (RFC 3339 timestamps and durations
 * such as "72h"). Pure functions over strings; no state.
 */
#ifndef HL_PROTO_H
#define HL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* Events a log leaf can record (the node's log, a bundle's leaves). */
#define TLOG_QUEUED		"queued"
#define TLOG_RECEIVED		"received"
#define TLOG_DELIVERED		"delivered"	/* a peer's receipt came back */
#define TLOG_REDELIVERED	"redelivered"	/* another receipt, for a
						   message it asked again */
#define TLOG_OVERDUE		"overdue"	/* no answer by the deadline */
#define TLOG_CARD		"card"		/* a new version of this
						   node's card */
#define TLOG_PEER_CARD		"peer-card"	/* a peer's card pinned
						   anew: notice or --replace */

enum msg_type {
	MSG_REQUEST,
	MSG_RESPONSE,
	MSG_NOTICE,
	MSG_QUERY,
	MSG_PING,
	MSG_PONG,
	MSG_ESCALATION,
	MSG_CONTACT_CHECK,	/* a person on the other side must ack it */
	MSG_CONTACT_ACK,	/* that person's acknowledgement */
	MSG_TYPE_COUNT
};

enum tier {
	TIER_CERT,	/* technical, CERT to CERT */
	TIER_NRRC,	/* formal government notifications */
	TIER_POLICY,	/* senior officials */
	TIER_COUNT
};

enum tlp {
	TLP_CLEAR,
	TLP_GREEN,
	TLP_AMBER,
	TLP_AMBER_STRICT,
	TLP_RED,
	TLP_COUNT
};

/*
 * Where a message stands on this node: never on the wire, but in the
 * database (the messages table's CHECK lists the same names), in show,
 * inbox, outbox and status, so the names never change. A state only
 * moves forward (the schema's state_forward trigger).
 */
enum msg_state {
	MSTATE_QUEUED,		/* sent, no receipt yet */
	MSTATE_DELIVERED,	/* sent, and the peer's receipt kept */
	MSTATE_RECEIVED,	/* received, and this node's receipt given */
	MSTATE_OVERDUE,		/* a request sent, unanswered past due */
	MSTATE_ESCALATED,	/* overdue, and an escalation queued */
	MSTATE_ANSWERED_INTERIM, /* a request with an interim answer */
	MSTATE_ANSWERED_FINAL,	/* a request with its final answer */
	MSTATE_WITHDRAWN,	/* a request its sender took back */
	MSTATE_ANSWERED,	/* a ping sent whose pong came; a contact
				   check acknowledged (sent or received) */
	MSTATE_COUNT
};

/* The wire names; index by the enums above. */
extern const char *const proto_type_names[MSG_TYPE_COUNT + 1];
extern const char *const proto_tier_names[TIER_COUNT + 1];
extern const char *const proto_tlp_names[TLP_COUNT + 1];
/* The stored names of enum msg_state, as the database holds them. */
extern const char *const proto_state_names[MSTATE_COUNT + 1];

/* The state named s; false for a name that is none. */
bool proto_msg_state_parse(const char *s, enum msg_state *out)
    __attribute__((warn_unused_result));

/* Index of s in a NULL-terminated name list, or -1. */
int proto_lookup(const char *const *names, const char *s);

/* A party id: [a-z0-9.-]{1,64}, not starting or ending with '.' or '-'. */
bool proto_party_valid(const char *s);

/* An ISO 3166-1 alpha-2 code: two upper-case ASCII letters. */
bool proto_state_valid(const char *s);

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define PROTO_TIME_LEN	21

/* proto_time_parse() flags. */
#define PROTO_TIME_STRICT	0x1	/* only the UTC, whole-second form */

/*
 * Parses an RFC 3339 date-time (upper-case T and Z, optional fraction,
 * offset or Z) into seconds since the epoch, ignoring the fraction. With
 * PROTO_TIME_STRICT only "YYYY-MM-DDTHH:MM:SSZ" is accepted: the form every
 * envelope header uses, so that a time has exactly one spelling.
 * Returns false for anything else, including impossible dates.
 */
bool proto_time_parse(const char *s, int flags, int64_t *out)
    __attribute__((warn_unused_result));

/*
 * Milliseconds on the monotonic clock: for deadlines and back-off, which
 * must not jump when the wall clock is set.
 */
int64_t proto_mono_ms(void);

/*
 * A UTC date and time, checked as proto_time_parse() checks them (from
 * 1970, real days, no leap second), into seconds since the epoch; false
 * if it is not one. For parsers of other spellings (logs) that must
 * agree with it.
 */
bool proto_civil(int y, int mo, int d, int h, int mi, int sec,
    int64_t *out);

/* The UTC year of t. */
int proto_year(int64_t t);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ". */
void proto_time_format(int64_t t, char out[static PROTO_TIME_LEN]);

/* t as a JSON string in that form, or JSON null for 0 (no time). */
json_t *proto_time_json(int64_t t);

/*
 * Parses a duration: one or more <digits><unit> with units w, d, h, m, s
 * ("72h", "1d12h", "30d"). Returns false for anything else, zero, or more
 * than ten years.
 */
bool proto_duration_parse(const char *s, int64_t *secs)
    __attribute__((warn_unused_result));

/*
 * Parses a decimal integer in [min, max]: digits only (a leading '-' when
 * min < 0), no spaces, no leading '+', no trailing bytes, no overflow.
 */
bool proto_int_parse(const char *s, int64_t min, int64_t max, int64_t *out)
    __attribute__((warn_unused_result));

#endif
