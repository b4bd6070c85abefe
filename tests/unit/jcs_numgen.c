/*
 * Prints "bits formatted" for a seeded stream of doubles, for
 * check_jcs_numbers.py to compare with an independent formatter.
 * Usage: jcs_numgen COUNT SEED
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"

/* xorshift64*: reproducible, and no libc rand() state. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

int
main(int argc, char **argv)
{
	char out[JCS_NUMBER_MAX];
	uint64_t s, bits, n;
	double d;

	if (argc != 3)
		return 2;
	n = strtoull(argv[1], NULL, 10);
	s = strtoull(argv[2], NULL, 10) | 1;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t r = next(&s);

		switch (i % 4) {
		case 0:		/* any bit pattern */
			bits = r;
			memcpy(&d, &bits, sizeof(d));
			break;
		case 1:		/* decimals people write: k / 10^e */
			d = (double)(int64_t)(r >> 20) /
			    pow(10, (double)(r % 23));
			break;
		case 2:		/* around the exponent-form thresholds */
			d = (double)(r % 1000 + 1) * pow(10, (double)(r % 50)
			    - 25.0);
			break;
		default:	/* integers, small and near 2^53 */
			d = (double)(int64_t)(r >> (r % 64));
			break;
		}
		if (!isfinite(d))
			continue;
		memcpy(&bits, &d, sizeof(d));
		if (jcs_number(d, out) < 0)
			return 1;
		(void)printf("%016" PRIx64 " %s\n", bits, out);
	}
	return 0;
}
