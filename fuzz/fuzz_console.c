/*
 * The operators' REST API (console_serve()) without a socket, on a
 * temporary node with a pinned peer, an officer and a session logged in
 * at setup. The first byte says what the request carries besides its
 * own fields: bit 0 that session's cookie, bit 1 its CSRF token; the
 * rest is a whole request, head and body, as a browser or a stranger
 * would send it (paths, queries, cookies, tokens, JSON bodies all
 * hostile). Every answer carries the security fields; every refusal is a
 * problem document of the status it says; a 405 names what is allowed;
 * and without the session or a token nothing under /api/ but the login
 * answers 2xx.
 */
#define _XOPEN_SOURCE 700	/* nftw, in fuzz_node.h */
#define _GNU_SOURCE		/* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "console.h"
#include "fuzz.h"
#include "fuzz_node.h"
#include "node.h"
#include "users.h"

#define T0_MS	1795680000000LL	/* 2026-11-26T08:00:00Z */
#define PW	"correct horse battery staple"

static struct node *node;
static struct console *cs;
static char cookie[64], csrf[64];

static void
cleanup(void)
{
	console_free(cs);
	node_close(node);
}

/* Logs olga in, if she exists: her cookie and CSRF token. */
static void
login(void)
{
	static const char body[] = "{\"name\":\"olga\",\"password\":\"" PW
	    "\"}";
	struct http1_req q;
	struct response rs;
	const char *c, *e;
	json_t *o;

	memset(&q, 0, sizeof(q));
	q.method = HTTP1_POST;
	q.length = (int64_t)strlen(body);
	(void)snprintf(q.path, sizeof(q.path), "/api/v1/session");
	(void)snprintf(q.type, sizeof(q.type), "application/json");
	response_init(&rs);
	console_serve(cs, node, "192.0.2.1", &q, (const uint8_t *)body,
	    strlen(body), T0_MS, 1000, &rs);
	if (rs.status != 201 || (c = memmem(rs.fields.p, rs.fields.len,
	    "hl_session=", 11)) == NULL || (e = memchr(c, ';',
	    rs.fields.len - (size_t)(c - (const char *)rs.fields.p))) == NULL ||
	    (o = json_loadb((const char *)rs.body.p, rs.body.len, 0,
	    NULL)) == NULL)
		abort();
	(void)snprintf(cookie, sizeof(cookie), "%.*s", (int)(e - c - 11),
	    c + 11);
	(void)snprintf(csrf, sizeof(csrf), "%s",
	    json_string_value(json_object_get(o, "csrf")));
	json_decref(o);
	response_done(&rs);
}

static void
setup(void)
{
	struct node *peer;
	struct hl_diag d;

	fuzz_node_dir("console");
	node = fuzz_node("cert.fz", "FZ");
	peer = fuzz_node("cert.pp", "PP");
	fuzz_pin(node, peer);
	fuzz_pin(peer, node);
	node_close(peer);
	if ((cs = console_new()) == NULL)
		abort();
	/* users.c may be a stub: then there is no session to fuzz with. */
	hl_diag_clear(&d);
	if (users_add(node, "olga", ROLE_OFFICER, PW, strlen(PW), T0_MS / 1000,
	    &d) == 0)
		login();
	(void)atexit(cleanup);
}

static bool
has(const struct response *rs, const char *s)
{
	return rs->fields.len > 0 && memmem(rs->fields.p, rs->fields.len, s,
	    strlen(s)) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http1_req *q;
	struct response rs;
	struct hl_diag d;
	size_t hl = 0, bl;
	json_t *o;
	bool known;

	if (fuzz_outside(size, 1, 65536))
		return 0;
	if (node == NULL)
		setup();
	if (http1_head_len(data + 1, size - 1, &hl) != 0 || hl == 0)
		return 0;
	if ((q = calloc(1, sizeof(*q))) == NULL)
		abort();
	hl_diag_clear(&d);
	if (http1_parse(data + 1, hl, q, &d) != 0)
		goto out;
	bl = size - 1 - hl;
	if (q->length >= 0 && (size_t)q->length < bl)
		bl = (size_t)q->length;
	if ((data[0] & 1) && cookie[0] != '\0')
		(void)snprintf(q->session, sizeof(q->session), "%s", cookie);
	if ((data[0] & 2) && csrf[0] != '\0')
		(void)snprintf(q->csrf, sizeof(q->csrf), "%s", csrf);
	known = strcmp(q->session, cookie) == 0 && cookie[0] != '\0';

	response_init(&rs);
	/* The clocks stand still: the session stays, the limit holds. */
	console_serve(cs, node, "192.0.2.9", q, data + 1 + hl, bl, T0_MS,
	    2000, &rs);
	FUZZ_ASSERT(has(&rs, "Content-Security-Policy: default-src 'self'; "
	    "frame-ancestors 'none'\r\n") && has(&rs, "Cache-Control: "
	    "no-store\r\n"));
	FUZZ_ASSERT(rs.status >= 200 && rs.status < 600);
	FUZZ_ASSERT((rs.status == 405) == (rs.allow != NULL));
	if (rs.status >= 400) {
		FUZZ_ASSERT(rs.type != NULL && strcmp(rs.type,
		    "application/problem+json") == 0);
		o = json_loadb((const char *)rs.body.p, rs.body.len, 0, NULL);
		FUZZ_ASSERT(o != NULL && json_integer_value(json_object_get(o,
		    "status")) == rs.status && json_is_string(json_object_get(o,
		    "type")));
		json_decref(o);
	} else if (rs.status != 204)
		FUZZ_ASSERT(rs.type != NULL);
	/* A stranger is answered under /api/ only to log in. */
	if (rs.status < 300 && strncmp(q->path, "/api/", 5) == 0 && !known &&
	    q->authorization[0] == '\0')
		FUZZ_ASSERT(strcmp(q->path, "/api/v1/session") == 0 &&
		    q->method == HTTP1_POST);
	/* A change by cookie without the token is never made. */
	if (rs.status < 300 && known && q->authorization[0] == '\0' &&
	    (q->method == HTTP1_POST || q->method == HTTP1_DELETE) &&
	    strcmp(q->csrf, csrf) != 0)
		FUZZ_ASSERT(strcmp(q->path, "/api/v1/session") == 0 &&
		    q->method == HTTP1_POST);
	/* A logout ends the session: log in again for the next input. */
	if (rs.status == 204 && q->method == HTTP1_DELETE && known) {
		cookie[0] = csrf[0] = '\0';
		response_done(&rs);
		login();
		goto out;
	}
	response_done(&rs);
out:
	free(q);
	return 0;
}
