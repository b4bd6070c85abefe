/*
 * HTTP/1.1 request heads, as a stranger sends them: finding the end of
 * the head and parsing it never crash, a refusal always has a status and
 * a reason and closes the connection, and what is accepted is what the
 * endpoint relies on.
 */
#include <string.h>

#include "fuzz.h"
#include "http1.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http1_req q;
	struct hl_diag d;
	size_t len;
	char v[32];
	int r;

	if (fuzz_outside(size, 1, 2 * HL_HTTP_MAX_HEAD))
		return 0;
	r = http1_head_len(data, size, &len);
	FUZZ_ASSERT(r == 0 || (r == HL_ETOOBIG && size >= HL_HTTP_MAX_HEAD));
	FUZZ_ASSERT(len <= size && len <= HL_HTTP_MAX_HEAD);
	/* The whole input as a head too, to reach the parser's refusals. */
	hl_diag_clear(&d);
	r = http1_parse(data, len > 0 ? len : size, &q, &d);
	if (r != 0) {
		FUZZ_ASSERT(q.status >= 400 && q.status <= 505);
		FUZZ_ASSERT(q.close && d.msg[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(q.status == 0 && q.path[0] == '/');
	FUZZ_ASSERT(q.minor == 0 || q.minor == 1);
	FUZZ_ASSERT(q.method != HTTP1_POST || q.length >= 0);
	FUZZ_ASSERT(q.method == HTTP1_POST || q.length <= 0);
	FUZZ_ASSERT(strlen(q.accept) < sizeof(q.accept));
	FUZZ_ASSERT(strlen(q.authorization) < sizeof(q.authorization));
	FUZZ_ASSERT(strlen(q.path) <= HL_HTTP_MAX_TARGET);
	(void)http1_media_is(q.type, "application/json");
	(void)http1_query(q.query, "index", v, sizeof(v));
	return 0;
}
