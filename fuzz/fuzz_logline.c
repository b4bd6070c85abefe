/*
 * Attack-log lines, as `hotline origins` reads them from any file: every
 * format's parser takes any bytes without crashing, as a file's first
 * line (perhaps a header) and as a later one; an event's address prints
 * and parses back to itself; the line's format, if detected, is one the
 * parsers know. The fast EVE reader agrees with jansson on every line.
 */
#include <string.h>

#include "fuzz.h"
#include "limits.h"
#include "origins.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;

	if (fuzz_outside(size, 0, HL_MAX_LOG_LINE + 1))
		return 0;
	FUZZ_ASSERT(origins_detect(line, size) < ORIGINS_NFORMATS);
	/* The fast EVE reader says what jansson says, on every line. */
	{
		struct origins_parser z;
		struct origins_event a, b;
		enum origins_skip fast, ref;

		origins_parser_init(&z, ORIGINS_EVE, 1795773600);
		fast = origins_parse(&z, line, size, &a);
		ref = origins_eve_reference(line, size, &b);
		if (fast != SKIP_BLANK && fast != SKIP_TOO_LONG)
			FUZZ_ASSERT(fast == ref && (fast != SKIP_NONE ||
			    memcmp(&a, &b, sizeof(a)) == 0));
	}
	for (int f = ORIGINS_AUTO; f < ORIGINS_NFORMATS; f++) {
		struct origins_parser z;
		struct origins_event ev;
		struct origins_addr again;
		char s[64];

		/* Each line twice: as the first, then after itself as header. */
		origins_parser_init(&z, (enum origins_format)f, 1795773600);
		(void)origins_parse(&z, line, size, &ev);
		if (origins_parse(&z, line, size, &ev) != SKIP_NONE)
			continue;
		FUZZ_ASSERT(ev.addr.prefix > 0 && ev.addr.prefix <= 128);
		origins_addr_format(&ev.addr, s, sizeof(s));
		FUZZ_ASSERT(origins_addr_parse(s, strlen(s), &again));
		FUZZ_ASSERT(memcmp(&again, &ev.addr, sizeof(again)) == 0);
		FUZZ_ASSERT(memchr(ev.type, '\0', sizeof(ev.type)) != NULL);
	}
	return 0;
}
