/*
 * The daemon's signer, on one framed request as its loop hands it over
 * (signer_handle()): never crashes; signs only what starts with a
 * domain prefix it knows (or is a checkpoint of its own log), and the
 * signature then verifies over exactly the bytes asked; a refusal
 * carries its error and no signature.
 */
#include <string.h>

#include "fuzz.h"
#include "limits.h"
#include "signer.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t seed[HL_SEED_LEN] = { 1 };
	static const char card[] = "hotline/card/v1\n{\"party\":\"cert.aa\"}";
	static struct sig_key *k;
	static struct signer s;
	uint8_t ans[SIGNER_ANSWER_LEN];
	enum signer_kind kind;
	char line[600];
	int r;

	if (fuzz_outside(size, 0, HL_MAX_SIGNER_REQUEST))
		return 0;
	if (k == NULL) {
		FUZZ_ASSERT(sig_key_from_seed("hotline/cert.aa", seed, &k) == 0);
		FUZZ_ASSERT(signer_init(&s, k, "cert.aa",
		    (const uint8_t *)card, strlen(card)) == 0);
	}
	r = signer_handle(&s, data, size, &kind, ans, line, sizeof(line));
	FUZZ_ASSERT(line[0] != '\0' && memchr(line, '\0', sizeof(line)));
	if (r != 0) {
		FUZZ_ASSERT(r < 0 && -r < 128 && ans[0] == (uint8_t)-r);
		for (size_t i = 1; i < sizeof(ans); i++)
			FUZZ_ASSERT(ans[i] == 0);
		return 0;
	}
	FUZZ_ASSERT(size > 1 && data[0] == SIGNER_OP_SIGN && ans[0] == 0);
	FUZZ_ASSERT(sig_verify(sig_key_pk(k), data + 1, size - 1, ans + 1));
	switch (kind) {
	case SIGNER_ENVELOPE:
		FUZZ_ASSERT(memcmp(data + 1, SIG_DOMAIN_MSG,
		    strlen(SIG_DOMAIN_MSG)) == 0);
		break;
	case SIGNER_RECEIPT:
		FUZZ_ASSERT(memcmp(data + 1, "hotline/receipt/v1\n", 19) == 0);
		break;
	case SIGNER_COSIGNATURE:
		FUZZ_ASSERT(memcmp(data + 1, "cosignature/v1\n", 15) == 0);
		break;
	case SIGNER_CARD1:
		FUZZ_ASSERT(size - 1 == strlen(card) &&
		    memcmp(data + 1, card, strlen(card)) == 0);
		break;
	case SIGNER_CHECKPOINT:
		FUZZ_ASSERT(memcmp(data + 1, "hotline/cert.aa\n", 16) == 0);
		break;
	default:
		FUZZ_ASSERT(0);
	}
	return 0;
}
