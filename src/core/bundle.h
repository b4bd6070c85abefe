/*
 * Report bundles: everything a third party needs to check a node's
 * report offline, trusting nothing but the parties' public keys.
 *
 *   {"v":1, "type":"hotline-bundle", "party":P,
 *    "cards":[card text, ...],            P's first, then its peers'
 *    "checkpoints":[note text, ...],      the head first, with the
 *                                         cosignatures it has; then each
 *                                         peer's latest cosigned one
 *    "leaves":[leaf text, ...],           all of them, 0 .. head size - 1
 *    "receipts":[receipt text, ...],      one per "delivered" or
 *                                         "redelivered" leaf, in order
 *    "witnessed":[note text, ...],        each peer's checkpoint P last
 *                                         cosigned: evidence against it
 *    "report":{...}}                      the numbers, as `report --json`
 *
 * Every leaf up to the head is there, not one inclusion proof per counted
 * event: the root recomputed from them proves each is in the log and that
 * none was left out, so a report cannot leave a message uncounted without
 * its own checkpoint failing. Leaves are metadata, never bodies; but a
 * bundle shows the metadata of every exchange in the log.
 */
#ifndef HL_BUNDLE_H
#define HL_BUNDLE_H

#include <stdint.h>

#include "buf.h"
#include "card.h"
#include "report.h"

#define BUNDLE_TYPE	"hotline-bundle"

/* What a "delivered" leaf says its receipt says. */
struct bundle_delivery {
	char	msg[65];
	char	from[HL_MAX_PARTY_LEN + 1];
	int64_t	seq;
	char	by[HL_MAX_PARTY_LEN + 1];
	int64_t	leaf;
	int64_t	at;
	bool	again;		/* "redelivered": a second receipt */
};

/*
 * Whether leaf (p, n) is a "delivered" or "redelivered" leaf (*is; dl
 * filled if so): HL_EPARSE if it is not JSON, HL_ESCHEMA if it is one of
 * them but not well formed.
 */
int bundle_leaf_delivery(const uint8_t *p, size_t n,
    struct bundle_delivery *dl, bool *is) __attribute__((warn_unused_result));

/* A peer's cosignature found on one of the bundle's checkpoints. */
struct bundle_cosig {
	char		party[HL_MAX_PARTY_LEN + 1];
	uint64_t	size;		/* the largest size it cosigned */
	uint64_t	time;		/* when, by its clock */
};

/*
 * Something signed by a key at or after the time its party's card stops
 * vouching for it (card_key_until(): a rotated key's grace's end, a
 * revoked key's since): it verifies, but the party says it may not be
 * its own. A receipt (its at), a checkpoint of the log signed by no key
 * still vouched for when its leaves were logged, the leaves only such
 * checkpoints cover, a cosignature (its time). Leaves of messages carry
 * no signature of their own and are not flagged for their senders'
 * keys.
 */
struct bundle_flag {
	char		where[48];	/* "receipts[2]", "leaves[7]", ... */
	char		what[16];	/* "receipt", "checkpoint", "leaf",
					   "cosignature" */
	char		party[HL_MAX_PARTY_LEN + 1];	/* whose key */
	char		key[CARD_VKEY_MAX];
	int64_t		at;		/* what it is dated */
	int64_t		until;		/* the card's until for key */
	enum card_why	why;
	char		text[512];	/* the line verify prints */
};

/* What verification found, beside the report. */
struct bundle_result {
	char			party[HL_MAX_PARTY_LEN + 1];
	uint64_t		size;		/* the head checkpoint's */
	size_t			receipts;	/* receipts checked */
	size_t			redelivered;	/* of them, second receipts:
						   a peer's rollback or fork */
	struct card		*cards;		/* the keys used */
	size_t			ncards;
	bool			cards_given;	/* from --card, not the bundle */
	struct bundle_cosig	*cosigs;	/* one per cosigning peer */
	size_t			ncosigs;
	struct bundle_flag	*flags;		/* verified, but flagged */
	size_t			nflags;
	struct report		 rep;		/* the numbers, verified */
	json_t			*report;	/* the same, as JSON */
	json_t			*doc;		/* the bundle, for bundle_cross */
};

/*
 * Checks a bundle offline: every card's self-signature, every
 * checkpoint's signature by the log's key and every cosignature by a
 * peer's, every checkpoint's root against the leaves, every receipt's
 * signature and fields against its leaf, and the report against one
 * recomputed from the leaves; and that every peer in the report cosigned
 * one of the checkpoints. Every key a party's card names verifies
 * (its current and its retired ones); what one signed at or after its
 * card_key_until() is flagged (res->flags). trusted (n of them, may be
 * 0): the cards to use instead of the bundle's; a bundle's card of a
 * party given that is a later version signed by the same identity key
 * (a successor: same party, state, tier and identity, a higher serial)
 * is used instead, since it names the keys retired since. On failure d
 * names the first thing that does not verify.
 */
int bundle_verify(const uint8_t *p, size_t len, const struct card *trusted,
    size_t ntrusted, struct bundle_result *res, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Checks two verified bundles against each other, as a dispute needs:
 * the checkpoint of y's log that x last cosigned is the root of y's
 * bundled leaves at its size (so y did not rewrite or cut back its log
 * after x saw it); and every receipt in x signed by y's party names a
 * leaf of y's log that y's bundle holds (below its head) and that is
 * that message received, so y cannot count as unanswered an answer x
 * has y's receipt for.
 */
int bundle_cross(const struct bundle_result *x, const struct bundle_result *y,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* The card res used for party, or NULL. */
const struct card *bundle_card(const struct bundle_result *res,
    const char *party);

void bundle_result_done(struct bundle_result *res);

#endif
