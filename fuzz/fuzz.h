/*
 * What every fuzz target shares: the libFuzzer entry point, a one-time
 * library init, and a size window checked before anything else.
 */
#ifndef HL_FUZZ_H
#define HL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True if the input should be skipped: outside [min, max] bytes. */
static inline int
fuzz_outside(size_t size, size_t min, size_t max)
{
	static int inited;

	if (!inited) {
		if (hl_init() != 0)
			abort();
		inited = 1;
	}
	return size < min || size > max;
}

/* A broken invariant: crash, so libFuzzer keeps the input. */
#define FUZZ_ASSERT(c) do { if (!(c)) abort(); } while (0)

#endif
