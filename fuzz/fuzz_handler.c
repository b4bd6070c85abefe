/*
 * The endpoint without a socket: bytes -> head -> the checks a request
 * passes before its body is read -> the endpoint, on a temporary node
 * that pins one peer. The first byte says who asks (the pinned peer, or
 * an unpinned key). Every answer has a status, and every refusal is a
 * problem document.
 */
#define _XOPEN_SOURCE 700	/* nftw, in fuzz_node.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"
#include "fuzz_node.h"
#include "handler.h"
#include "node.h"

static struct node *node;

static void
cleanup(void)
{
	node_close(node);
}

static void
setup(void)
{
	struct node *peer;

	fuzz_node_dir("handler");
	node = fuzz_node("cert.fz", "FZ");
	peer = fuzz_node("cert.pp", "PP");
	fuzz_pin(node, peer);
	node_close(peer);
	(void)atexit(cleanup);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *peer;
	struct http1_req q;
	struct response rs;
	struct hl_diag d;
	size_t len, max;

	if (fuzz_outside(size, 1, 64 * 1024))
		return 0;
	if (node == NULL)
		setup();
	peer = data[0] & 1 ? "cert.pp" : NULL;
	data++;
	size--;
	hl_diag_clear(&d);
	if (http1_head_len(data, size, &len) != 0 || len == 0 ||
	    http1_parse(data, len, &q, &d) != 0)
		return 0;
	response_init(&rs);
	if (handler_check(peer, &q, &max, &rs) == 0) {
		size_t n = q.length > 0 ? (size_t)q.length : 0;

		FUZZ_ASSERT(peer != NULL && n <= max);
		/* A body shorter than announced is never served: cut it. */
		if (n > size - len)
			goto out;
		handler_serve(node, peer, &q, data + len, n, &rs);
	} else
		FUZZ_ASSERT(rs.status >= 400 && strcmp(rs.type,
		    "application/problem+json") == 0);
	FUZZ_ASSERT(rs.status >= 200 && rs.status <= 599 && rs.type != NULL);
	/* Every refusal is a problem document, whatever the client sent. */
	if (strcmp(rs.type, "application/problem+json") == 0) {
		json_t *o = json_loadb((const char *)rs.body.p, rs.body.len, 0,
		    NULL);

		FUZZ_ASSERT(o != NULL && json_integer_value(json_object_get(o,
		    "status")) == rs.status);
		json_decref(o);
	}
out:
	response_done(&rs);
	return 0;
}
