/*
 * Receipts, as a delivering node reads them from a peer's answer: parsing
 * never crashes; whatever parses can be checked against a key; its
 * fields, signed again, parse back to the same fields (nothing a receipt
 * says is lost or reinterpreted); and one that verifies is byte for byte
 * what signing its fields gives.
 */
#include <string.h>

#include "fuzz.h"
#include "receipt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sig_key *k;
	static const uint8_t seed[HL_SEED_LEN] = { 1 };
	struct receipt r, again;
	struct buf b;

	if (fuzz_outside(size, 0, HL_MAX_RECEIPT_BYTES + 1))
		return 0;
	if (k == NULL)
		FUZZ_ASSERT(sig_key_from_seed("hotline/cert.bb", seed, &k) == 0);
	if (receipt_parse(data, size, &r, NULL) != 0)
		return 0;
	FUZZ_ASSERT(r.tbslen > strlen(SIG_DOMAIN_RECEIPT) &&
	    memcmp(r.tbs, SIG_DOMAIN_RECEIPT, strlen(SIG_DOMAIN_RECEIPT)) == 0);
	buf_init(&b, HL_MAX_RECEIPT_BYTES);
	FUZZ_ASSERT(receipt_make(r.msg, r.from, r.by, r.seq, r.leaf, r.at, k,
	    &b) == 0);
	/* Canonical and deterministic: a receipt k signed has one spelling. */
	if (receipt_verify(&r, sig_key_pk(k)) == 0)
		FUZZ_ASSERT(b.len == size && memcmp(b.p, data, size) == 0);
	FUZZ_ASSERT(receipt_parse(b.p, b.len, &again, NULL) == 0);
	FUZZ_ASSERT(strcmp(r.msg, again.msg) == 0 &&
	    strcmp(r.from, again.from) == 0 && strcmp(r.by, again.by) == 0 &&
	    r.seq == again.seq && r.leaf == again.leaf && r.at == again.at);
	FUZZ_ASSERT(receipt_verify(&again, sig_key_pk(k)) == 0);
	receipt_done(&again);
	receipt_done(&r);
	buf_done(&b);
	return 0;
}
