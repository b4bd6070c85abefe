/*
 * Library-wide setup. See hl.h.
 */
#include <sodium.h>

#include "err.h"
#include "hl.h"

int
hl_init(void)
{
	/* 1 means "already initialized", which is fine. */
	return sodium_init() < 0 ? HL_ECRYPTO : 0;
}
