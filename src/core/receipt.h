/*
 * Receipts: a receiver's signed statement "I stored message X from P
 * (seq S) as leaf L of my log at time T". JCS JSON, signed with the
 * receiver's message key over "hotline/receipt/v1\n" || JCS(receipt
 * without "sig"). Whoever holds the receipt can prove delivery, and the
 * leaf it names can be checked against the receiver's cosigned log.
 */
#ifndef HL_RECEIPT_H
#define HL_RECEIPT_H

#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "limits.h"
#include "sig.h"

#define SIG_DOMAIN_RECEIPT	"hotline/receipt/v1\n"

struct receipt {
	char		msg[65];			/* the message id */
	char		from[HL_MAX_PARTY_LEN + 1];	/* its sender */
	char		by[HL_MAX_PARTY_LEN + 1];	/* the receiver */
	int64_t		seq;
	uint64_t	leaf;		/* the receiver's log leaf */
	int64_t		at;		/* when it was stored */
	uint8_t		sig[HL_SIG_LEN];
	uint8_t		*tbs;		/* the signed bytes, owned */
	size_t		tbslen;
};

/* Signs a receipt with the receiver's key k; appends its JCS to out. */
int receipt_make(const char *msg, const char *from, const char *by,
    int64_t seq, uint64_t leaf, int64_t at, const struct sig_key *k,
    struct buf *out) __attribute__((warn_unused_result));

/*
 * Parses an untrusted receipt (canonical JSON only); the caller
 * receipt_done()s it. The signature is checked by receipt_verify().
 */
int receipt_parse(const uint8_t *p, size_t n, struct receipt *r,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* 0 if r's signature verifies under pk, else HL_EBADSIG. */
int receipt_verify(const struct receipt *r,
    const uint8_t pk[static HL_PK_LEN]) __attribute__((warn_unused_result));

void receipt_done(struct receipt *r);

#endif
