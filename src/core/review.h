/*
 * Joint reviews: the periodic review of the 1972 Incidents at Sea
 * agreement, for cyber. One party writes the review of a period with a
 * peer (its bundle for that peer and period, signed); the peer checks it
 * and countersigns it with its own bundle for the same period. Anyone
 * can then check both signatures, both bundles, every number, and each
 * side's receipts and witnessed checkpoints against the other's log.
 *
 *   {"v":1, "type":"hotline-review", "period":"2026",
 *    "since":T, "until":T, "by":A, "parties":[A, B],
 *    "bundles":{A: bundle, B: bundle},
 *    "signatures":[{"by":A,"sig":S1}, {"by":B,"sig":S2}]}
 *
 * S1 is A's Ed25519 signature over "hotline/review/v1\n" and the JCS of
 * the review with only A's bundle and no signatures; S2 is B's over the
 * same prefix and the JCS of the review with both bundles and no
 * signatures.
 */
#ifndef HL_REVIEW_H
#define HL_REVIEW_H

#include "buf.h"
#include "bundle.h"
#include "sig.h"

#define SIG_DOMAIN_REVIEW	"hotline/review/v1\n"
#define REVIEW_TYPE		"hotline-review"

/* "2026" (a year) or "2026-03" (a month), as [since, until). */
bool review_period(const char *s, int64_t *since, int64_t *until);

struct review_result {
	char			period[16];
	char			by[HL_MAX_PARTY_LEN + 1];	/* the author */
	char			other[HL_MAX_PARTY_LEN + 1];
	bool			countersigned;
	struct bundle_result	b[2];		/* the author's, the other's */
	size_t			nb;
};

/*
 * Checks a review offline: its form, each bundle (bundle_verify, with
 * trusted cards if given), that each is for the other party and the
 * period, the bundles against each other, and the signatures.
 */
int review_verify(const uint8_t *p, size_t len, const struct card *trusted,
    size_t ntrusted, struct review_result *res, struct hl_diag *d)
    __attribute__((warn_unused_result));

void review_result_done(struct review_result *res);

/*
 * An SVG chart, readable in any browser: per month of the period, the
 * median time to a first answer each way between party and peer,
 * computed from a verified bundle's leaves.
 */
int review_chart(const struct bundle_result *b, const char *peer,
    int64_t since, int64_t until, struct buf *svg)
    __attribute__((warn_unused_result));

/*
 * The pieces a node uses to write and countersign a review
 * (audit_review, audit_countersign) and review_verify checks
 * with.
 */

/* party's signature entry over doc with k: {"by":party,"sig":S}; NULL if
 * out of memory. */
json_t *review_sign(const json_t *doc, const struct sig_key *k,
    const char *party);

/* 0 if entry e of the review is party's signature (key pk) over doc. */
int review_check_sig(const json_t *doc, json_t *e, const char *party,
    const uint8_t pk[static HL_PK_LEN], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The same with every message key card c names (its current and retired
 * ones), the party c's.
 */
int review_check_card_sig(const json_t *doc, json_t *e, const struct card *c,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* The review's form: parties, author, period; the other party. */
int review_form(json_t *doc, char *by, size_t byn, char *other, size_t on,
    char *period, size_t pn, int64_t *since, int64_t *until,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * A bundle out of the review, checked like a file would be: verified
 * (with trusted cards if given), party's, and its report on peer over
 * [since, until).
 */
int review_check_bundle(json_t *bundle, const char *party, const char *peer,
    int64_t since, int64_t until, const struct card *trusted,
    size_t ntrusted, struct bundle_result *res, struct hl_diag *d)
    __attribute__((warn_unused_result));

#endif
