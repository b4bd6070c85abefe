/*
 * The operators' REST API and browser console. See console.h and
 * docs/API.md.
 */
#include <stdlib.h>

#include "console.h"

struct console {
	int	unused;
};

/* Stubs: the API part of issue 15 replaces them. */
struct console *
console_new(void)
{
	return calloc(1, sizeof(struct console));
}

void
console_free(struct console *cs)
{
	free(cs);
}

void
console_serve(struct console *cs, struct node *n, const char *addr,
    const struct http1_req *q, const uint8_t *body, size_t len,
    int64_t now_ms, int64_t mono_ms, struct response *rs)
{
	(void)cs; (void)n; (void)addr; (void)q; (void)body; (void)len;
	(void)now_ms; (void)mono_ms;
	handler_refuse(rs, HL_ENOTFOUND, 404, "not yet");
}
