/*
 * The TAXII endpoints without a socket, on a temporary node that sent
 * requests at three TLPs and received one. The first byte says who asks
 * (its clearance) and how (GET, HEAD or POST); the rest is a request
 * target, and after a newline an Accept field. Every answer is TAXII's
 * media type and JSON; every refusal a TAXII error naming its status;
 * and a client below amber is never served an amber or red object.
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
#include "interop.h"
#include "node.h"
#include "taxii.h"
#include "view.h"

static struct node *node;

static void
cleanup(void)
{
	node_close(node);
}

/* A request from n to "to" at tlp, sent at now; its id. */
static void
request(struct node *n, const char *to, enum tlp tlp, int64_t now,
    char id[static 65])
{
	struct send_args a = { .to = to, .type = MSG_REQUEST, .tlp = tlp,
		.now = now };
	struct hl_diag d;

	a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, "
	    "s:[{s:s, s:s}, {s:s, s:s}], s:[s]}", "category", "scanning",
	    "severity", "high", "summary", "SSH brute force", "observed",
	    "start", "2026-11-20T00:00:00Z", "end", "2026-11-26T00:00:00Z",
	    "indicators", "type", "ipv4", "value", "203.0.113.7", "type",
	    "domain", "value", "bad.example", "expectations", "investigate");
	hl_diag_clear(&d);
	if (a.body == NULL || node_send(n, &a, id, &d) != 0)
		abort();
	json_decref(a.body);
}

static void
setup(void)
{
	struct accept_result res;
	struct node *peer;
	struct hl_diag d;
	struct msg_row m;
	char id[65];

	fuzz_node_dir("taxii");
	node = fuzz_node("cert.fz", "FZ");
	peer = fuzz_node("cert.pp", "PP");
	fuzz_pin(node, peer);
	fuzz_pin(peer, node);
	request(node, "cert.pp", TLP_CLEAR, 1795680000, id);
	request(node, "cert.pp", TLP_AMBER, 1795680010, id);
	request(node, "cert.pp", TLP_RED, 1795680020, id);
	request(peer, "cert.fz", TLP_GREEN, 1795680030, id);
	hl_diag_clear(&d);
	if (node_msg_get(peer, id, true, &m, &d) != 0 ||
	    node_accept(node, m.raw, m.rawlen, 0, NULL, &res, NULL, &d) != 0)
		abort();
	msg_row_done(&m);
	node_close(peer);
	(void)atexit(cleanup);
}

/* Whether o (an object) is marked above amber's reach of green. */
static bool
marked_above(json_t *o, enum tlp clearance)
{
	json_t *refs = json_object_get(o, "object_marking_refs"), *r;
	size_t i;
	int t;

	json_array_foreach(refs, i, r)
		for (t = 0; t < TLP_COUNT; t++)
			if (json_is_string(r) && strcmp(json_string_value(r),
			    interop_stix_tlp[t]) == 0 && t > (int)clearance)
				return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum http1_method methods[4] = { HTTP1_GET, HTTP1_HEAD,
		HTTP1_POST, HTTP1_GET };
	struct taxii_client c = { "fuzz", TLP_CLEAR };
	struct http1_req *q;
	struct response rs;
	const char *nl, *qm, *text;
	size_t tlen, plen;
	json_t *o, *objs, *v;
	size_t i;

	if (fuzz_outside(size, 1, 4096))
		return 0;
	if (node == NULL)
		setup();
	if ((q = calloc(1, sizeof(*q))) == NULL)
		abort();
	c.clearance = (enum tlp)((data[0] & 7) % TLP_COUNT);
	q->method = methods[(data[0] >> 3) & 3];
	q->length = -1;
	text = (const char *)data + 1;
	tlen = size - 1;
	/* The target, as http1_parse() leaves it: no NUL, within bounds. */
	if (memchr(text, '\0', tlen) != NULL)
		goto out;
	nl = memchr(text, '\n', tlen);
	plen = nl != NULL ? (size_t)(nl - text) : tlen;
	qm = memchr(text, '?', plen);
	if ((qm != NULL ? (size_t)(qm - text) : plen) > HL_HTTP_MAX_TARGET ||
	    (qm != NULL && plen - (size_t)(qm - text) - 1 > HL_HTTP_MAX_TARGET))
		goto out;
	if (qm != NULL) {
		memcpy(q->path, text, (size_t)(qm - text));
		memcpy(q->query, qm + 1, plen - (size_t)(qm - text) - 1);
	} else
		memcpy(q->path, text, plen);
	if (nl != NULL) {
		size_t an = tlen - plen - 1;

		if (an >= sizeof(q->accept))
			goto out;
		memcpy(q->accept, nl + 1, an);
	}

	response_init(&rs);
	taxii_serve(node, &c, q, &rs);
	FUZZ_ASSERT(rs.type != NULL && strcmp(rs.type,
	    "application/taxii+json;version=2.1") == 0);
	FUZZ_ASSERT(rs.status == 200 || rs.status == 400 || rs.status == 403 ||
	    rs.status == 404 || rs.status == 405 || rs.status == 406 ||
	    rs.status == 500);
	FUZZ_ASSERT(rs.status != 200 || q->method != HTTP1_POST);
	o = json_loadb((const char *)rs.body.p, rs.body.len, 0, NULL);
	FUZZ_ASSERT(o != NULL);
	if (rs.status != 200) {
		char st[8];

		(void)snprintf(st, sizeof(st), "%d", rs.status);
		FUZZ_ASSERT(json_is_string(json_object_get(o, "title")) &&
		    json_is_string(json_object_get(o, "description")) &&
		    strcmp(json_string_value(json_object_get(o,
		    "http_status")), st) == 0 && rs.fields.len == 0);
		FUZZ_ASSERT((rs.status == 405) == (rs.allow != NULL));
	}
	/* Nothing above the client's clearance, whatever it asked. */
	objs = json_object_get(o, "objects");
	json_array_foreach(objs, i, v)
		FUZZ_ASSERT(!marked_above(v, c.clearance));
	json_decref(o);
	response_done(&rs);
out:
	free(q);
	return 0;
}
