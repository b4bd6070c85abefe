/*
 * Identity cards (versions 1 and 2): parsing never crashes, and an
 * accepted card's canonical bytes parse, and load, to the same card.
 */
#include <string.h>

#include "card.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct card c, again;

	if (fuzz_outside(size, 0, HL_MAX_CARD_BYTES + 1))
		return 0;
	if (card_parse(data, size, &c, NULL) != 0)
		return 0;
	FUZZ_ASSERT(card_parse(c.raw, c.rawlen, &again, NULL) == 0);
	FUZZ_ASSERT(again.rawlen == c.rawlen &&
	    memcmp(again.raw, c.raw, c.rawlen) == 0);
	FUZZ_ASSERT(memcmp(&again, &c, sizeof(c)) == 0);
	FUZZ_ASSERT(card_load(c.raw, c.rawlen, &again) == 0);
	FUZZ_ASSERT(memcmp(&again, &c, sizeof(c)) == 0);
	return 0;
}
