/*
 * The HTTP/1.1 head parser: what it accepts, and each refusal's error
 * and status, byte for byte as a client might send them.
 */
#include <stdio.h>
#include <string.h>

#include "http1.h"
#include "tutil.h"

static int
parse(const char *s, struct http1_req *q)
{
	struct hl_diag d;
	size_t len;
	int r;

	hl_diag_clear(&d);
	r = http1_head_len((const uint8_t *)s, strlen(s), &len);
	if (r != 0)
		return r;
	assert_int_equal(len, strlen(s));
	r = http1_parse((const uint8_t *)s, len, q, &d);
	if (r != 0) {
		assert_true(q->close);
		assert_true(d.msg[0] != '\0');
	}
	return r;
}

static void
test_accepts(void **state)
{
	struct http1_req q;
	char v[32];

	(void)state;
	assert_int_equal(parse("GET /v1/proof/inclusion?index=3&size=9 "
	    "HTTP/1.1\r\nHost: bb\r\nConnection: keep-alive\r\n\r\n", &q), 0);
	assert_int_equal(q.method, HTTP1_GET);
	assert_string_equal(q.path, "/v1/proof/inclusion");
	assert_string_equal(q.query, "index=3&size=9");
	assert_true(http1_query(q.query, "size", v, sizeof(v)));
	assert_string_equal(v, "9");
	assert_false(http1_query(q.query, "siz", v, sizeof(v)));
	assert_false(q.close);
	assert_int_equal(q.length, -1);
	assert_int_equal(parse("POST /v1/messages HTTP/1.1\r\nhost: bb\r\n"
	    "content-type:application/x-ndjson ; charset=utf-8\r\n"
	    "CONTENT-LENGTH: 0012\t\r\nExpect: 100-Continue\r\n"
	    "Connection: foo, close\r\n\r\n", &q), 0);
	assert_int_equal(q.length, 12);
	assert_true(q.expect && q.close);
	assert_true(http1_media_is(q.type, "application/x-ndjson"));
	assert_false(http1_media_is(q.type, "application/json"));
	assert_false(http1_media_is("application/jsonx", "application/json"));
	/* HTTP/1.0 needs no Host and closes. */
	assert_int_equal(parse("GET /v1/ping HTTP/1.0\r\n\r\n", &q), 0);
	assert_true(q.close);
}

static void
test_refuses(void **state)
{
	static const struct {
		const char	*head;
		int		 err, status;
	} t[] = {
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\nContent-Length: -1\r\n\r\n", HL_EFRAMING, 400 },
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", HL_EFRAMING, 400 },
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\nContent-Length: \r\n\r\n", HL_EFRAMING, 400 },
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\nContent-Length: 1234567890123456789\r\n\r\n", HL_EFRAMING, 400 },
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\nTransfer-Encoding: chunked\r\n\r\n", HL_ECODING, 501 },
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\n\r\n", HL_EFRAMING, 411 },
		{ "GET /v1/ping HTTP/1.1\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", HL_EFRAMING, 400 },
		{ "PRI * HTTP/2.0\r\n\r\n", HL_EFRAMING, 505 },
		{ "GET /v1/ping HTTP/1.2\r\nHost: b\r\n\r\n", HL_EFRAMING, 505 },
		{ "GET /v1/ping http/1.1\r\nHost: b\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping\r\n\r\n", HL_EFRAMING, 400 },
		{ "get /v1/ping HTTP/1.1\r\nHost: b\r\n\r\n", HL_EMETHOD, 405 },
		{ "PUT /v1/ping HTTP/1.1\r\nHost: b\r\n\r\n", HL_EMETHOD, 405 },
		{ "HEAD /taxii2/ HTTP/1.1\r\nHost: b\r\nContent-Length: 1\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /taxii2/ HTTP/1.1\r\nHost: b\r\nAuthorization: Basic YTpi\r\nAuthorization: Basic YTpj\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET v1/ping HTTP/1.1\r\nHost: b\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping HTTP/1.1\r\nHost: b\r\n x\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping HTTP/1.1\r\nHost : b\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping HTTP/1.1\r\nHost: b\rc\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping HTTP/1.1\nHost: b\r\n\r\n", HL_EFRAMING, 400 },
		{ "GET /v1/ping HTTP/1.1\r\nHost: b\r\nExpect: x\r\n\r\n", HL_EFRAMING, 417 },
		{ "GET /v1/ping HTTP/1.1\r\nHost: b\r\nContent-Length: 1\r\n\r\n", HL_EFRAMING, 400 },
		{ "POST /v1/messages HTTP/1.1\r\nHost: b\r\nContent-Type:\r\nContent-Length: 1\r\n\r\n", HL_EMEDIATYPE, 415 },
	};
	struct http1_req q;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(parse(t[i].head, &q), t[i].err);
		assert_int_equal(q.status, t[i].status);
	}
}

/* What the TAXII site reads: HEAD, Accept (joined) and Authorization. */
static void
test_taxii_fields(void **state)
{
	struct http1_req q;

	(void)state;
	assert_int_equal(parse("HEAD /taxii2/ HTTP/1.1\r\nHost: b\r\n"
	    "Accept: application/taxii+json;version=2.1\r\n"
	    "Authorization:  Basic YWxpY2U6cHc= \r\n\r\n", &q), 0);
	assert_int_equal(q.method, HTTP1_HEAD);
	assert_string_equal(q.accept, "application/taxii+json;version=2.1");
	assert_string_equal(q.authorization, "Basic YWxpY2U6cHc=");
	assert_int_equal(q.length, -1);
	/* Absent: "". Repeated Accept: one list. Empty ones add nothing. */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\n\r\n", &q), 0);
	assert_string_equal(q.accept, "");
	assert_string_equal(q.authorization, "");
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\naccept: a/b\r\n"
	    "Accept:\r\nACCEPT:\tc/d;q=0.5 \r\nAuthorization:\r\n\r\n", &q),
	    0);
	assert_string_equal(q.accept, "a/b, c/d;q=0.5");
	assert_string_equal(q.authorization, "");
	/* An empty Authorization beside one is not a second. */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\n"
	    "Authorization: Basic eA==\r\nAuthorization: \r\n\r\n", &q), 0);
	assert_string_equal(q.authorization, "Basic eA==");
}

/*
 * What the console's site reads: DELETE (without a body), the
 * hl_session cookie alone of the Cookie fields, X-CSRF-Token, Origin.
 */
static void
test_console_fields(void **state)
{
	char head[1024], v[HL_HTTP_MAX_SECRET + 2];
	struct http1_req q;

	(void)state;
	assert_int_equal(parse("DELETE /api/v1/session HTTP/1.1\r\nHost: b\r\n"
	    "Cookie: theme=dark; hl_session=abc-_9; lang=en\r\n"
	    "X-CSRF-Token:  tok \r\nOrigin: https://127.0.0.1:7444\r\n"
	    "\r\n", &q), 0);
	assert_int_equal(q.method, HTTP1_DELETE);
	assert_string_equal(q.session, "abc-_9");
	assert_string_equal(q.csrf, "tok");
	assert_string_equal(q.origin, "https://127.0.0.1:7444");
	/* Absent: "". Other cookies, in fields of their own, are skipped. */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\nCookie: a=1\r\n"
	    "Cookie: hl_sessionx=2; xhl_session=3\r\nX-CSRF-Token:\r\n"
	    "\r\n", &q), 0);
	assert_string_equal(q.session, "");
	assert_string_equal(q.csrf, "");
	assert_string_equal(q.origin, "");
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\nCookie: a=1\r\n"
	    "Cookie: hl_session=s\r\n\r\n", &q), 0);
	assert_string_equal(q.session, "s");
	/* Two sessions, two tokens, two origins: which speaks is a guess. */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\n"
	    "Cookie: hl_session=a; hl_session=b\r\n\r\n", &q), HL_EFRAMING);
	assert_int_equal(q.status, 400);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\n"
	    "Cookie: hl_session=a\r\nCookie: hl_session=a\r\n\r\n", &q),
	    HL_EFRAMING);
	assert_int_equal(parse("POST / HTTP/1.1\r\nHost: b\r\n"
	    "Content-Length: 0\r\nX-CSRF-Token: a\r\nX-CSRF-Token: b\r\n"
	    "\r\n", &q), HL_EFRAMING);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: b\r\nOrigin: a\r\n"
	    "Origin: b\r\n\r\n", &q), HL_EFRAMING);
	/* A DELETE carries no body. */
	assert_int_equal(parse("DELETE / HTTP/1.1\r\nHost: b\r\n"
	    "Content-Length: 2\r\n\r\n", &q), HL_EFRAMING);
	assert_int_equal(q.status, 400);
	/* At their size, and one past: 431. */
	memset(v, 'x', HL_HTTP_MAX_SECRET);
	v[HL_HTTP_MAX_SECRET] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Cookie: hl_session=%s\r\nX-CSRF-Token: %s\r\n\r\n", v, v);
	assert_int_equal(parse(head, &q), 0);
	assert_string_equal(q.session, v);
	assert_string_equal(q.csrf, v);
	v[HL_HTTP_MAX_SECRET] = 'x';
	v[HL_HTTP_MAX_SECRET + 1] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Cookie: hl_session=%s\r\n\r\n", v);
	assert_int_equal(parse(head, &q), HL_ETOOBIG);
	assert_int_equal(q.status, 431);
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "X-CSRF-Token: %s\r\n\r\n", v);
	assert_int_equal(parse(head, &q), HL_ETOOBIG);
	assert_int_equal(q.status, 431);
	/* A long cookie of another name costs nothing. */
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Cookie: other=%s%s\r\n\r\n", v, v);
	assert_int_equal(parse(head, &q), 0);
	assert_string_equal(q.session, "");
}

/* Accept and Authorization at and past their fields' size. */
static void
test_taxii_limits(void **state)
{
	struct http1_req q;
	char head[HL_HTTP_MAX_HEAD], v[sizeof(q.accept) + 1];
	size_t half = (sizeof(q.accept) - 1) / 2;

	(void)state;
	/* Exactly as long as the field holds, then one byte more. */
	memset(v, 'a', sizeof(v));
	v[sizeof(q.accept) - 1] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Accept: %s\r\n\r\n", v);
	assert_int_equal(parse(head, &q), 0);
	assert_int_equal(strlen(q.accept), sizeof(q.accept) - 1);
	v[sizeof(q.accept) - 1] = 'a';
	v[sizeof(q.accept)] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Accept: %s\r\n\r\n", v);
	assert_int_equal(parse(head, &q), HL_ETOOBIG);
	assert_int_equal(q.status, 431);
	/* Two halves that fit alone but not joined with ", ". */
	v[half] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Accept: %s\r\nAccept: %s\r\n\r\n", v, v);
	assert_int_equal(parse(head, &q), HL_ETOOBIG);
	assert_int_equal(q.status, 431);
	v[half - 1] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Accept: %s\r\nAccept: %s\r\n\r\n", v, v);
	assert_int_equal(parse(head, &q), 0);
	assert_int_equal(strlen(q.accept), sizeof(q.accept) - 1);
	memset(v, 'b', sizeof(q.authorization));
	v[sizeof(q.authorization) - 1] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Authorization: %s\r\n\r\n", v);
	assert_int_equal(parse(head, &q), 0);
	assert_int_equal(strlen(q.authorization), sizeof(q.authorization) - 1);
	v[sizeof(q.authorization) - 1] = 'b';
	v[sizeof(q.authorization)] = '\0';
	(void)snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: b\r\n"
	    "Authorization: %s\r\n\r\n", v);
	assert_int_equal(parse(head, &q), HL_ETOOBIG);
	assert_int_equal(q.status, 431);
}

static void
test_head_limits(void **state)
{
	static uint8_t big[HL_HTTP_MAX_HEAD + 10];
	struct http1_req q;
	struct hl_diag d;
	size_t len;
	char many[2048];

	(void)state;
	memset(big, 'a', sizeof(big));
	assert_int_equal(http1_head_len(big, HL_HTTP_MAX_HEAD - 1, &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(http1_head_len(big, sizeof(big), &len), HL_ETOOBIG);
	strcpy(many, "GET /v1/ping HTTP/1.1\r\nHost: b\r\n");
	for (int i = 0; i < HL_HTTP_MAX_FIELDS; i++)
		strcat(many, "X-A: b\r\n");
	strcat(many, "\r\n");
	hl_diag_clear(&d);
	assert_int_equal(http1_parse((const uint8_t *)many, strlen(many), &q,
	    &d), HL_ETOOBIG);
	assert_int_equal(q.status, 431);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_taxii_fields),
		cmocka_unit_test(test_taxii_limits),
		cmocka_unit_test(test_console_fields),
		cmocka_unit_test(test_head_limits),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
