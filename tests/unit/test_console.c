/*
 * The operators' REST API (src/serve/console.c), driven through
 * console_serve() on a temporary node, with the clocks the test sets:
 * strangers, the login and its limit, the session cookie's exact
 * flags, idle and absolute expiry, CSRF, roles, tokens, each endpoint's
 * JSON against what the library gives, and each refusal as problem+json.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention.h"
#include "console.h"
#include "hl.h"
#include "node.h"
#include "present.h"
#include "trail.h"
#include "tutil.h"
#include "tnode.h"
#include "users.h"
#include "view.h"

#define T0	1795680000	/* 2026-11-26T08:00:00Z */
#define PROBLEM	"urn:hotline:problem:"
#define PW	"correct horse battery staple"

struct fx {
	char		*tmp;
	struct node	*aa, *bb;
	struct console	*cs;
	int64_t		 now_ms, mono;
};

struct ans {
	struct response	 rs;
	json_t		*doc;		/* the body parsed, if JSON */
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct hl_diag d;

	assert_non_null(f);
	f->tmp = tu_tmpdir();
	f->aa = tn_node(f->tmp, "cert.aa", "AA", TIER_CERT);
	f->bb = tn_node(f->tmp, "cert.bb", "BB", TIER_CERT);
	tn_pin(f->aa, f->bb);
	tn_pin(f->bb, f->aa);
	assert_non_null(f->cs = console_new());
	f->now_ms = (int64_t)T0 * 1000;
	f->mono = 1000000;
	hl_diag_clear(&d);
	assert_int_equal(users_add(f->aa, "olga", ROLE_OFFICER, PW, strlen(PW),
	    T0, &d), 0);
	assert_int_equal(users_add(f->aa, "vera", ROLE_VIEWER, PW, strlen(PW),
	    T0, &d), 0);
	assert_int_equal(users_add(f->aa, "adam", ROLE_ADMIN, PW, strlen(PW),
	    T0, &d), 0);
	node_set_actor(f->aa, "", VIA_CLI);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	console_free(f->cs);
	node_close(f->aa);
	node_close(f->bb);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

static void
ans_done(struct ans *a)
{
	response_done(&a->rs);
	json_decref(a->doc);
	a->doc = NULL;
}

/*
 * Serves "METHOD target" with the header fields given (each ending in
 * CRLF) and body (JSON if not NULL) from addr, through http1_parse() as
 * the listener does.
 */
static void
call_from(struct fx *f, const char *addr, const char *method,
    const char *target, const char *fields, const char *body,
    struct ans *a)
{
	char head[8192];
	struct http1_req q;
	struct hl_diag d;
	size_t bl = body != NULL ? strlen(body) : 0;

	if (body != NULL)
		(void)snprintf(head, sizeof(head), "%s %s HTTP/1.1\r\nHost: x"
		    "\r\n%sContent-Type: application/json\r\n"
		    "Content-Length: %zu\r\n\r\n", method, target,
		    fields != NULL ? fields : "", bl);
	else
		(void)snprintf(head, sizeof(head), "%s %s HTTP/1.1\r\nHost: x"
		    "\r\n%s%s\r\n", method, target, fields != NULL ? fields :
		    "", strcmp(method, "POST") == 0 ? "Content-Length: 0\r\n" :
		    "");
	hl_diag_clear(&d);
	if (http1_parse((const uint8_t *)head, strlen(head), &q, &d) != 0)
		fail_msg("parse: %s in [%s]", d.msg, head);
	response_init(&a->rs);
	a->doc = NULL;
	console_serve(f->cs, f->aa, addr, &q, (const uint8_t *)body, bl,
	    f->now_ms, f->mono, &a->rs);
	if (a->rs.type != NULL && strstr(a->rs.type, "json") != NULL)
		a->doc = json_loadb((const char *)a->rs.body.p,
		    a->rs.body.len, 0, NULL);
}

static void
call(struct fx *f, const char *method, const char *target,
    const char *fields, const char *body, struct ans *a)
{
	call_from(f, "192.0.2.1", method, target, fields, body, a);
}

/* The answer's header fields hold line (with its CRLF). */
static bool
has_field(const struct ans *a, const char *line)
{
	return a->rs.fields.len > 0 && memmem(a->rs.fields.p,
	    a->rs.fields.len, line, strlen(line)) != NULL;
}

/* Every answer's security fields. */
static void
assert_secure(const struct ans *a)
{
	assert_true(has_field(a, "Content-Security-Policy: default-src "
	    "'self'; frame-ancestors 'none'\r\n"));
	assert_true(has_field(a, "X-Content-Type-Options: nosniff\r\n"));
	assert_true(has_field(a, "Referrer-Policy: no-referrer\r\n"));
	assert_true(has_field(a, "Cache-Control: no-store\r\n"));
}

/* A refusal: status, problem+json of slug, the security fields. */
static void
assert_problem(const struct ans *a, int status, const char *slug)
{
	char type[128];

	(void)snprintf(type, sizeof(type), PROBLEM "%s", slug);
	if (a->rs.status != status || a->doc == NULL ||
	    strcmp(json_string_value(json_object_get(a->doc, "type")),
	    type) != 0)
		fail_msg("want %d %s, got %d %.*s", status, slug,
		    a->rs.status, (int)a->rs.body.len,
		    (const char *)a->rs.body.p);
	assert_string_equal(a->rs.type, "application/problem+json");
	assert_int_equal(json_integer_value(json_object_get(a->doc,
	    "status")), status);
	assert_non_null(json_string_value(json_object_get(a->doc,
	    "detail")));
	assert_secure(a);
}

/* The body is exactly o's compact, sorted JSON (o is taken). */
static void
assert_json(const struct ans *a, json_t *o)
{
	char *want;

	assert_non_null(o);
	want = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	assert_int_equal(a->rs.status, 200);
	assert_string_equal(a->rs.type, "application/json");
	if (a->rs.body.len != strlen(want) || memcmp(a->rs.body.p, want,
	    a->rs.body.len) != 0)
		fail_msg("want %s, got %.*s", want, (int)a->rs.body.len,
		    (const char *)a->rs.body.p);
	free(want);
	assert_secure(a);
}

/* A session of name: its cookie field ("Cookie: ...\r\n") and CSRF. */
struct sess {
	char	 cookie[128];
	char	 csrf[128];	/* "X-CSRF-Token: ...\r\n" */
	char	 both[256];
};

static void
login(struct fx *f, const char *name, struct sess *s)
{
	char body[256];
	const char *c, *e;
	struct ans a;

	(void)snprintf(body, sizeof(body), "{\"name\":\"%s\",\"password\":"
	    "\"" PW "\"}", name);
	call(f, "POST", "/api/v1/session", NULL, body, &a);
	if (a.rs.status != 201)
		fail_msg("login %s: %d %.*s", name, a.rs.status,
		    (int)a.rs.body.len, (const char *)a.rs.body.p);
	c = memmem(a.rs.fields.p, a.rs.fields.len, "Set-Cookie: hl_session=",
	    23);
	assert_non_null(c);
	c += 12;
	e = memchr(c, ';', a.rs.fields.len - (size_t)(c -
	    (const char *)a.rs.fields.p));
	assert_non_null(e);
	(void)snprintf(s->cookie, sizeof(s->cookie), "Cookie: %.*s\r\n",
	    (int)(e - c), c);
	(void)snprintf(s->csrf, sizeof(s->csrf), "X-CSRF-Token: %s\r\n",
	    json_string_value(json_object_get(a.doc, "csrf")));
	(void)snprintf(s->both, sizeof(s->both), "%s%s", s->cookie, s->csrf);
	ans_done(&a);
}

/* Strangers: nothing but a login and the console's files. */
static void
test_strangers(void **state)
{
	struct fx *f = *state;
	struct ans a;

	call(f, "GET", "/nothing-here.html", NULL, NULL, &a);
	assert_problem(&a, 404, "not-found");
	ans_done(&a);
	call(f, "POST", "/index.html", NULL, "{}", &a);
	assert_problem(&a, 405, "method-not-allowed");
	assert_string_equal(a.rs.allow, "GET");
	ans_done(&a);
	call(f, "GET", "/api/v1/attention", NULL, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "POST", "/api/v1/messages", NULL, "{}", &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "DELETE", "/api/v1/session", NULL, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "GET", "/api/v1/status", "Cookie: hl_session="
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n", NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "GET", "/api/v1/status", "Authorization: Basic b2xnYTp4\r\n",
	    NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "GET", "/api/v1/status", "Authorization: Bearer hlt_nothing"
	    "\r\n", NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "GET", "/api/v1/nothing", NULL, NULL, &a);
	assert_problem(&a, 404, "not-found");
	ans_done(&a);
	call(f, "GET", "/api/v1/messages/x/nothing", NULL, NULL, &a);
	assert_problem(&a, 404, "not-found");
	ans_done(&a);
}

/* A login's body; 5 failures a minute per address, then 429. */
static void
test_login_limit(void **state)
{
	struct fx *f = *state;
	struct ans a;
	int i;

	call(f, "POST", "/api/v1/session", NULL, "[]", &a);
	assert_problem(&a, 400, "schema");
	ans_done(&a);
	call(f, "POST", "/api/v1/session", NULL, "{\"name\":", &a);
	assert_problem(&a, 400, "malformed");
	ans_done(&a);
	call(f, "POST", "/api/v1/session", NULL, "{\"name\":\"olga\"}", &a);
	assert_problem(&a, 400, "schema");
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "field")), "password");
	ans_done(&a);
	for (i = 0; i < 5; i++) {
		call(f, "POST", "/api/v1/session", NULL, "{\"name\":\"olga\","
		    "\"password\":\"wrong\"}", &a);
		assert_problem(&a, 401, "unauthenticated");
		assert_false(has_field(&a, "Set-Cookie"));
		ans_done(&a);
		f->mono += 1000;
	}
	/* The sixth is not checked, right or not. */
	call(f, "POST", "/api/v1/session", NULL, "{\"name\":\"olga\","
	    "\"password\":\"" PW "\"}", &a);
	assert_problem(&a, 429, "rate-limited");
	assert_true(has_field(&a, "Retry-After: 55\r\n"));
	assert_false(has_field(&a, "Set-Cookie"));
	ans_done(&a);
	/* Another address is not limited by this one. */
	call_from(f, "192.0.2.2", "POST", "/api/v1/session", NULL,
	    "{\"name\":\"nobody\",\"password\":\"x\"}", &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	/* A minute after the first, one more may be tried. */
	f->mono += 55000;
	call(f, "POST", "/api/v1/session", NULL, "{\"name\":\"nobody\","
	    "\"password\":\"x\"}", &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "POST", "/api/v1/session", NULL, "{\"name\":\"nobody\","
	    "\"password\":\"x\"}", &a);
	assert_problem(&a, 429, "rate-limited");
	ans_done(&a);
}

/* The cookie's exact flags, the session's JSON, logout. */
static void
test_session(void **state)
{
	struct fx *f = *state;
	struct sess s;
	struct ans a;
	const char *c;
	char want[64];

	call(f, "POST", "/api/v1/session", NULL, "{\"name\":\"olga\","
	    "\"password\":\"" PW "\"}", &a);
	assert_int_equal(a.rs.status, 201);
	assert_secure(&a);
	c = memmem(a.rs.fields.p, a.rs.fields.len, "Set-Cookie: ", 12);
	assert_non_null(c);
	/* hl_session=43 base64url characters; the flags exactly. */
	assert_int_equal(strspn(c + 23, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789-_"), 43);
	assert_memory_equal(c, "Set-Cookie: hl_session=", 23);
	assert_memory_equal(c + 23 + 43, "; Secure; HttpOnly; "
	    "SameSite=Strict; Path=/\r\n", 43);
	assert_string_equal(json_string_value(json_object_get(a.doc, "user")),
	    "olga");
	assert_string_equal(json_string_value(json_object_get(a.doc, "role")),
	    "officer");
	assert_int_equal(strlen(json_string_value(json_object_get(a.doc,
	    "csrf"))), 43);
	/* 30 minutes after its last request. */
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "expires")), "2026-11-26T08:30:00Z");
	ans_done(&a);

	login(f, "olga", &s);
	f->now_ms += 60000;
	f->mono += 60000;
	call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	(void)snprintf(want, sizeof(want), "X-CSRF-Token: %s\r\n",
	    json_string_value(json_object_get(a.doc, "csrf")));
	assert_string_equal(want, s.csrf);
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "expires")), "2026-11-26T08:31:00Z");
	ans_done(&a);
	/* Logging out needs the CSRF token too, then ends the session. */
	call(f, "DELETE", "/api/v1/session", s.cookie, NULL, &a);
	assert_problem(&a, 403, "csrf");
	ans_done(&a);
	call(f, "DELETE", "/api/v1/session", s.both, NULL, &a);
	assert_int_equal(a.rs.status, 204);
	assert_true(has_field(&a, "Set-Cookie: hl_session=; Secure; "
	    "HttpOnly; SameSite=Strict; Path=/; Max-Age=0\r\n"));
	assert_secure(&a);
	ans_done(&a);
	call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
}

/* 30 minutes idle, or 12 hours after the login, end a session. */
static void
test_expiry(void **state)
{
	struct fx *f = *state;
	struct sess s;
	struct ans a;
	int i;

	login(f, "vera", &s);
	f->mono += HL_CONSOLE_IDLE_S * 1000 - 1;
	call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	f->mono += HL_CONSOLE_IDLE_S * 1000;
	call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);

	login(f, "vera", &s);
	/* Used every 29 minutes: alive until its 12 hours are up. */
	for (i = 1; (int64_t)i * 29 * 60 < HL_CONSOLE_SESSION_S; i++) {
		f->mono += 29 * 60 * 1000;
		f->now_ms += 29 * 60 * 1000;
		call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
		assert_int_equal(a.rs.status, 200);
		ans_done(&a);
	}
	f->mono += 29 * 60 * 1000;
	call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
}

/* Every change made by cookie needs the session's CSRF token. */
static void
test_csrf(void **state)
{
	struct fx *f = *state;
	struct sess s;
	struct ans a;
	char wrong[256];

	login(f, "olga", &s);
	call(f, "POST", "/api/v1/peers/cert.bb/ping", s.cookie, NULL, &a);
	assert_problem(&a, 403, "csrf");
	ans_done(&a);
	(void)snprintf(wrong, sizeof(wrong), "%sX-CSRF-Token: "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n", s.cookie);
	call(f, "POST", "/api/v1/peers/cert.bb/ping", wrong, NULL, &a);
	assert_problem(&a, 403, "csrf");
	ans_done(&a);
	(void)snprintf(wrong, sizeof(wrong), "%sX-CSRF-Token: x\r\n",
	    s.cookie);
	call(f, "POST", "/api/v1/messages", wrong, "{}", &a);
	assert_problem(&a, 403, "csrf");
	ans_done(&a);
	/* A read needs none. */
	call(f, "GET", "/api/v1/status", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	call(f, "POST", "/api/v1/peers/cert.bb/ping", s.both, NULL, &a);
	assert_int_equal(a.rs.status, 201);
	assert_int_equal(strlen(json_string_value(json_object_get(a.doc,
	    "id"))), 64);
	assert_secure(&a);
	ans_done(&a);
}

/* A viewer reads and changes nothing; only an admin lists users. */
static void
test_roles(void **state)
{
	static const char *const changes[][2] = {
		{ "/api/v1/messages", "{}" },
		{ "/api/v1/messages/00/reply", "{}" },
		{ "/api/v1/messages/00/withdraw", "{}" },
		{ "/api/v1/messages/00/escalate", NULL },
		{ "/api/v1/messages/00/read", NULL },
		{ "/api/v1/peers/cert.bb/ping", NULL },
		{ "/api/v1/import", "{}" },
	};
	struct fx *f = *state;
	struct sess v, o, ad;
	struct ans a;

	login(f, "vera", &v);
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		call(f, "POST", changes[i][0], v.both, changes[i][1], &a);
		assert_problem(&a, 403, "forbidden");
		ans_done(&a);
	}
	call(f, "GET", "/api/v1/attention", v.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	call(f, "GET", "/api/v1/users", v.cookie, NULL, &a);
	assert_problem(&a, 403, "forbidden");
	ans_done(&a);
	login(f, "olga", &o);
	call(f, "GET", "/api/v1/users", o.cookie, NULL, &a);
	assert_problem(&a, 403, "forbidden");
	ans_done(&a);
	login(f, "adam", &ad);
	call(f, "GET", "/api/v1/users", ad.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	assert_int_equal(json_array_size(json_object_get(a.doc, "users")), 3);
	ans_done(&a);
	/* A method an endpoint does not take. */
	call(f, "DELETE", "/api/v1/messages", o.both, NULL, &a);
	assert_problem(&a, 405, "method-not-allowed");
	assert_string_equal(a.rs.allow, "GET, POST");
	ans_done(&a);
}

/* A script's bearer token: no cookie, so no CSRF token. */
static void
test_token(void **state)
{
	struct fx *f = *state;
	char tok[HL_USER_TOKEN_LEN + 1], field[128];
	struct hl_diag d;
	struct ans a;

	hl_diag_clear(&d);
	assert_int_equal(users_token_new(f->aa, "olga", "cron", T0, tok, &d),
	    0);
	(void)snprintf(field, sizeof(field), "Authorization: Bearer %s\r\n",
	    tok);
	call(f, "GET", "/api/v1/session", field, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	assert_string_equal(json_string_value(json_object_get(a.doc, "user")),
	    "olga");
	assert_null(json_object_get(a.doc, "csrf"));
	ans_done(&a);
	call(f, "POST", "/api/v1/peers/cert.bb/ping", field, NULL, &a);
	assert_int_equal(a.rs.status, 201);
	ans_done(&a);
	tok[10] ^= 1;
	(void)snprintf(field, sizeof(field), "Authorization: Bearer %s\r\n",
	    tok);
	call(f, "GET", "/api/v1/session", field, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
}

struct rows {
	struct node	*n;
	json_t		*a;
};

static int
row_json(void *arg, const struct msg_row *m)
{
	struct rows *rw = arg;

	return json_array_append_new(rw->a, present_msg(rw->n, m, T0));
}

static int
entry_json(void *arg, const struct trail_entry *e)
{
	return json_array_append_new(arg, trail_json(e));
}

/* Each read endpoint gives what the library gives, as the CLI prints. */
static void
test_reads(void **state)
{
	struct fx *f = *state;
	struct attention att;
	struct msg_filter mf;
	struct trail_filter tf;
	struct rows rw;
	struct sess s;
	int r;
	struct ans a;
	json_t *o, *rows;
	char id[65], path[128];

	login(f, "olga", &s);
	call(f, "POST", "/api/v1/messages", s.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"request\",\"subject\":\"Scanning\",\"tlp\":\"green\","
	    "\"body\":{\"category\":\"scanning\",\"severity\":\"high\","
	    "\"summary\":\"SSH brute force\",\"observed\":{\"start\":"
	    "\"2026-11-20T00:00:00Z\",\"end\":\"2026-11-26T00:00:00Z\"},"
	    "\"indicators\":[{\"type\":"
	    "\"ipv4\",\"value\":\"203.0.113.9\"}],\"expectations\":["
	    "\"investigate\"]}}", &a);
	if (a.rs.status != 201)
		fail_msg("send: %d %.*s", a.rs.status, (int)a.rs.body.len,
		    (const char *)a.rs.body.p);
	(void)snprintf(id, sizeof(id), "%s", json_string_value(
	    json_object_get(a.doc, "id")));
	ans_done(&a);

	assert_int_equal(attention_build(f->aa, T0, &att), 0);
	call(f, "GET", "/api/v1/attention", s.cookie, NULL, &a);
	assert_json(&a, attention_json(&att));
	attention_done(&att);
	ans_done(&a);

	assert_int_equal(present_status(f->aa, T0, &o), 0);
	call(f, "GET", "/api/v1/status", s.cookie, NULL, &a);
	assert_json(&a, o);
	ans_done(&a);

	assert_int_equal(present_peers(f->aa, T0, &o), 0);
	call(f, "GET", "/api/v1/peers", s.cookie, NULL, &a);
	assert_json(&a, json_pack("{s:o}", "peers", o));
	ans_done(&a);

	memset(&mf, 0, sizeof(mf));
	mf.dir = "out";
	mf.type = mf.state = -1;
	rw.n = f->aa;
	rw.a = json_array();
	assert_int_equal(node_msgs_filter(f->aa, &mf, T0, row_json, &rw), 0);
	call(f, "GET", "/api/v1/messages?dir=out", s.cookie, NULL, &a);
	assert_json(&a, json_pack("{s:o}", "messages", rw.a));
	ans_done(&a);

	/* What the library says, found or not (present.c may be a stub). */
	r = present_message(f->aa, id, T0, &o, NULL);
	(void)snprintf(path, sizeof(path), "/api/v1/messages/%.12s", id);
	call(f, "GET", path, s.cookie, NULL, &a);
	if (r == 0)
		assert_json(&a, o);
	else
		assert_problem(&a, 404, "not-found");
	ans_done(&a);

	memset(&tf, 0, sizeof(tf));
	rows = json_array();
	assert_int_equal(trail_each(f->aa, &tf, entry_json, rows), 0);
	/* The login and the send, by olga through the console. */
	assert_true(json_array_size(rows) >= 2);
	call(f, "GET", "/api/v1/audit", s.cookie, NULL, &a);
	assert_json(&a, json_pack("{s:o}", "entries", rows));
	ans_done(&a);
	call(f, "GET", "/api/v1/audit?limit=1", s.cookie, NULL, &a);
	assert_int_equal(json_array_size(json_object_get(a.doc, "entries")),
	    1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(a.doc, "entries"), 0), "action")), "send");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(a.doc, "entries"), 0), "actor")), "olga");
	ans_done(&a);
	call(f, "GET", "/api/v1/audit?limit=1001", s.cookie, NULL, &a);
	assert_problem(&a, 400, "invalid");
	ans_done(&a);
	call(f, "GET", "/api/v1/messages?dir=sideways", s.cookie, NULL, &a);
	assert_problem(&a, 400, "invalid");
	ans_done(&a);
	call(f, "GET", "/api/v1/report?peer=cert.zz", s.cookie, NULL, &a);
	assert_problem(&a, 404, "not-found");
	ans_done(&a);
	call(f, "GET", "/api/v1/report", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	assert_non_null(a.doc);
	ans_done(&a);
	/* Its chart: one bar per peer, the request asked of cert.bb. */
	call(f, "GET", "/api/v1/report.svg", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	assert_string_equal(a.rs.type, "image/svg+xml");
	assert_secure(&a);
	assert_true(a.rs.body.len > 5 && memcmp(a.rs.body.p, "<svg ", 5) == 0);
	assert_non_null(memmem(a.rs.body.p, a.rs.body.len, ">cert.bb<", 9));
	assert_non_null(memmem(a.rs.body.p, a.rs.body.len, "0 of 1 in time",
	    14));
	ans_done(&a);
	call(f, "GET", "/api/v1/report.svg?since=yesterday", s.cookie, NULL,
	    &a);
	assert_problem(&a, 400, "invalid");
	ans_done(&a);
}

/* What a change refuses, as hotline send and reply do. */
static void
test_change_refusals(void **state)
{
	struct fx *f = *state;
	struct sess s;
	struct ans a;
	char fields[512];

	login(f, "olga", &s);
	call(f, "POST", "/api/v1/messages", s.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"response\",\"body\":{}}", &a);
	assert_problem(&a, 400, "schema");
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "field")), "type");
	ans_done(&a);
	call(f, "POST", "/api/v1/messages", s.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"request\"}", &a);
	assert_problem(&a, 400, "schema");
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "field")), "body");
	ans_done(&a);
	call(f, "POST", "/api/v1/messages", s.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"request\",\"body\":{\"summary\":1}}", &a);
	assert_problem(&a, 400, "schema");
	ans_done(&a);
	call(f, "POST", "/api/v1/messages", s.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"notice\",\"deadline\":\"72h\",\"body\":{}}", &a);
	assert_problem(&a, 400, "schema");
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "field")), "deadline");
	ans_done(&a);
	/* A body that is not JSON by its type. */
	(void)snprintf(fields, sizeof(fields), "%sContent-Type: text/plain\r\n"
	    "Content-Length: 2\r\n", s.both);
	{
		struct http1_req q;
		char head[1024];

		(void)snprintf(head, sizeof(head), "POST /api/v1/messages "
		    "HTTP/1.1\r\nHost: x\r\n%s\r\n", fields);
		assert_int_equal(http1_parse((const uint8_t *)head,
		    strlen(head), &q, NULL), 0);
		response_init(&a.rs);
		console_serve(f->cs, f->aa, "192.0.2.1", &q,
		    (const uint8_t *)"{}", 2, f->now_ms, f->mono, &a.rs);
		a.doc = json_loadb((const char *)a.rs.body.p, a.rs.body.len,
		    0, NULL);
		assert_problem(&a, 415, "unsupported-media-type");
		ans_done(&a);
	}
	call(f, "POST", "/api/v1/messages/0123abcd/reply", s.both,
	    "{\"final\":true,\"body\":{\"summary\":\"x\"}}", &a);
	assert_problem(&a, 404, "not-found");
	ans_done(&a);
	call(f, "POST", "/api/v1/messages/0123abcd/withdraw", s.both, "{}",
	    &a);
	assert_problem(&a, 400, "schema");
	ans_done(&a);
	call(f, "POST", "/api/v1/messages/0123abcd/escalate", s.both, NULL,
	    &a);
	assert_problem(&a, 404, "not-found");
	ans_done(&a);
	/* An import: hotline import --json's answer; nothing is sent. */
	call(f, "POST", "/api/v1/import", s.both, "{\"format\":\"list\","
	    "\"data\":\"203.0.113.7\\nbad.example\\n\"}", &a);
	assert_int_equal(a.rs.status, 200);
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "lacks")), "summary, category, severity, observed, expectations");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    a.doc, "import"), "format")), "list");
	assert_int_equal(json_array_size(json_object_get(json_object_get(
	    a.doc, "body"), "indicators")), 2);
	ans_done(&a);
	call(f, "POST", "/api/v1/import", s.both, "{\"format\":\"pdf\","
	    "\"data\":\"x\"}", &a);
	assert_problem(&a, 400, "schema");
	assert_string_equal(json_string_value(json_object_get(a.doc,
	    "field")), "format");
	ans_done(&a);
	call(f, "POST", "/api/v1/import", s.both, "{\"format\":\"stix\","
	    "\"data\":\"not json\"}", &a);
	assert_int_equal(a.rs.status, 400);
	ans_done(&a);
	call(f, "POST", "/api/v1/peers/cert.zz/ping", s.both, NULL, &a);
	assert_int_not_equal(a.rs.status, 201);
	assert_string_equal(a.rs.type, "application/problem+json");
	ans_done(&a);
}

/* Counts the trail's escalations by olga in the console. */
static int
one_escalation(void *arg, const struct trail_entry *e)
{
	if (strcmp(e->actor, "olga") == 0 && e->via == VIA_CONSOLE)
		(*(int64_t *)arg)++;
	return 0;
}

/*
 * An officer escalates a request sent, at once, to the counterpart one
 * tier up (BB's nrrc): the escalation is queued to it, the request is
 * escalated, and the trail names the officer; the same again is refused.
 */
static void
test_escalate(void **state)
{
	struct fx *f = *state;
	struct node *cc = tn_node(f->tmp, "nrrc.bb", "BB", TIER_NRRC);
	struct trail_filter tf;
	struct msg_row m;
	struct sess s;
	struct ans a;
	char id[65], esc[65], path[128];
	int64_t count = 0;

	tn_pin(f->aa, cc);
	tn_pin(cc, f->aa);
	login(f, "olga", &s);
	call(f, "POST", "/api/v1/messages", s.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"request\",\"subject\":\"Scanning\",\"tlp\":\"green\","
	    "\"body\":{\"category\":\"scanning\",\"severity\":\"high\","
	    "\"summary\":\"SSH brute force\",\"observed\":{\"start\":"
	    "\"2026-11-20T00:00:00Z\",\"end\":\"2026-11-26T00:00:00Z\"},"
	    "\"indicators\":[{\"type\":"
	    "\"ipv4\",\"value\":\"203.0.113.9\"}],\"expectations\":["
	    "\"investigate\"]}}", &a);
	assert_int_equal(a.rs.status, 201);
	(void)snprintf(id, sizeof(id), "%s", json_string_value(
	    json_object_get(a.doc, "id")));
	ans_done(&a);
	(void)snprintf(path, sizeof(path), "/api/v1/messages/%.12s/escalate",
	    id);
	/* A viewer may not; a session's change needs its CSRF token. */
	call(f, "POST", path, s.cookie, NULL, &a);
	assert_problem(&a, 403, "csrf");
	ans_done(&a);
	call(f, "POST", path, s.both, NULL, &a);
	if (a.rs.status != 201)
		fail_msg("escalate: %d %.*s", a.rs.status, (int)a.rs.body.len,
		    (const char *)a.rs.body.p);
	(void)snprintf(esc, sizeof(esc), "%s", json_string_value(
	    json_object_get(a.doc, "id")));
	ans_done(&a);
	memset(&m, 0, sizeof(m));
	assert_int_equal(node_msg_get(f->aa, esc, false, &m, NULL), 0);
	assert_string_equal(m.peer, "nrrc.bb");
	assert_string_equal(m.type, "escalation");
	msg_row_done(&m);
	assert_int_equal(node_msg_get(f->aa, id, false, &m, NULL), 0);
	assert_int_equal(m.state, MSTATE_ESCALATED);
	msg_row_done(&m);
	memset(&tf, 0, sizeof(tf));
	tf.action = "escalate";
	assert_int_equal(trail_each(f->aa, &tf, one_escalation, &count), 0);
	assert_int_equal(count, 1);
	call(f, "POST", path, s.both, NULL, &a);
	assert_problem(&a, 409, "conflict");
	ans_done(&a);
	node_close(cc);
}

/*
 * A session is its account as it is now: removed, or given a new
 * password, the account's sessions end; its role is today's. And one
 * account cannot log the others out: past HL_CONSOLE_PER_USER logins
 * its own oldest session goes, nobody else's.
 */
static void
test_sessions_follow_accounts(void **state)
{
	struct fx *f = *state;
	struct sess s, v, many[HL_CONSOLE_PER_USER + 1];
	struct hl_diag d;
	struct ans a;

	login(f, "olga", &s);
	login(f, "vera", &v);
	hl_diag_clear(&d);
	assert_int_equal(users_passwd(f->aa, "olga", "another-one-9", 13, T0,
	    &d), 0);
	call(f, "GET", "/api/v1/session", s.cookie, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	/* Removed and made again as an officer: the viewer's cookie is dead. */
	assert_int_equal(users_remove(f->aa, "vera", T0, &d), 0);
	assert_int_equal(users_add(f->aa, "vera", ROLE_OFFICER, PW,
	    strlen(PW), T0, &d), 0);
	call(f, "POST", "/api/v1/peers/cert.bb/ping", v.both, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	/* An admin's session, through all that follows, untouched. */
	login(f, "adam", &s);
	call(f, "GET", "/api/v1/users", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	login(f, "vera", &v);
	for (size_t i = 0; i < HL_CONSOLE_PER_USER + 1; i++)
		login(f, "vera", &many[i]);
	call(f, "GET", "/api/v1/session", v.cookie, NULL, &a);
	assert_problem(&a, 401, "unauthenticated");
	ans_done(&a);
	call(f, "GET", "/api/v1/session", many[0].cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	call(f, "GET", "/api/v1/users", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
}

/*
 * Every loopback address is one source for the login limit: a local
 * user cannot guess from 127.0.0.2, .3, ... without end.
 */
static void
test_loopback_one_source(void **state)
{
	struct fx *f = *state;
	char addr[32];
	struct ans a;

	for (int i = 0; i < 5; i++) {
		(void)snprintf(addr, sizeof(addr), "127.0.%d.%d", i, i + 2);
		call_from(f, addr, "POST", "/api/v1/session", NULL,
		    "{\"name\":\"olga\",\"password\":\"wrong\"}", &a);
		assert_problem(&a, 401, "unauthenticated");
		ans_done(&a);
	}
	call_from(f, "127.9.9.9", "POST", "/api/v1/session", NULL,
	    "{\"name\":\"olga\",\"password\":\"" PW "\"}", &a);
	assert_problem(&a, 429, "rate-limited");
	ans_done(&a);
	call_from(f, "::1/64", "POST", "/api/v1/session", NULL,
	    "{\"name\":\"olga\",\"password\":\"" PW "\"}", &a);
	assert_problem(&a, 429, "rate-limited");
	ans_done(&a);
	/* Another host is another source. */
	call_from(f, "192.0.2.7", "POST", "/api/v1/session", NULL,
	    "{\"name\":\"olga\",\"password\":\"" PW "\"}", &a);
	assert_int_equal(a.rs.status, 201);
	ans_done(&a);
}

/*
 * A listing is a page: the newest HL_CONSOLE_DEFAULT_ROWS unless asked,
 * 1 to HL_CONSOLE_MAX_ROWS.
 */
static void
test_page_limit(void **state)
{
	struct fx *f = *state;
	struct sess s;
	struct ans a;
	char id[65];

	for (int i = 0; i < HL_CONSOLE_DEFAULT_ROWS + 5; i++)
		assert_int_equal(node_ping(f->aa, "cert.bb", T0 + i, id, NULL),
		    0);
	login(f, "vera", &s);
	call(f, "GET", "/api/v1/messages?dir=out&pings=1", s.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	assert_int_equal(json_array_size(json_object_get(a.doc, "messages")),
	    HL_CONSOLE_DEFAULT_ROWS);
	/* The newest: the last ping sent is the last row. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(a.doc, "messages"), HL_CONSOLE_DEFAULT_ROWS - 1),
	    "id")), id);
	ans_done(&a);
	call(f, "GET", "/api/v1/messages?dir=out&pings=1&limit=1000",
	    s.cookie, NULL, &a);
	assert_int_equal(json_array_size(json_object_get(a.doc, "messages")),
	    HL_CONSOLE_DEFAULT_ROWS + 5);
	ans_done(&a);
	call(f, "GET", "/api/v1/messages?limit=1001", s.cookie, NULL, &a);
	assert_problem(&a, 400, "invalid");
	ans_done(&a);
	call(f, "GET", "/api/v1/messages?limit=0", s.cookie, NULL, &a);
	assert_problem(&a, 400, "invalid");
	ans_done(&a);
}

/*
 * A response received leaves the queue when an officer opens it; a
 * viewer's look marks nothing read, as a viewer's POST .../read is
 * refused.
 */
static void
test_viewer_reads_nothing(void **state)
{
	struct fx *f = *state;
	struct reply_args ra = { .tlp = -1, .now = T0 };
	struct msg_row req;
	struct hl_diag d;
	struct sess o, v;
	struct ans a;
	char id[65], resp[65], path[128];

	login(f, "olga", &o);
	login(f, "vera", &v);
	call(f, "POST", "/api/v1/messages", o.both, "{\"to\":\"cert.bb\","
	    "\"type\":\"query\",\"body\":{\"summary\":\"Seen this?\"}}", &a);
	assert_int_equal(a.rs.status, 201);
	(void)snprintf(id, sizeof(id), "%s", json_string_value(
	    json_object_get(a.doc, "id")));
	ans_done(&a);
	tn_carry(f->aa, f->bb, id);
	memset(&req, 0, sizeof(req));
	hl_diag_clear(&d);
	assert_int_equal(node_reply_find(f->bb, id, &req, &d), 0);
	ra.body = json_pack("{s:s, s:s}", "summary", "No.", "status",
	    "final");
	assert_int_equal(node_reply(f->bb, &req, &ra, resp, &d), 0);
	json_decref(ra.body);
	msg_row_done(&req);
	tn_carry(f->bb, f->aa, resp);
	(void)snprintf(path, sizeof(path), "/api/v1/messages/%s", resp);
	call(f, "GET", path, v.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	assert_false(node_msg_is_read(f->aa, resp));
	(void)snprintf(path, sizeof(path), "/api/v1/messages/%s/read", resp);
	call(f, "POST", path, v.both, NULL, &a);
	assert_problem(&a, 403, "forbidden");
	ans_done(&a);
	assert_false(node_msg_is_read(f->aa, resp));
	(void)snprintf(path, sizeof(path), "/api/v1/messages/%s", resp);
	call(f, "GET", path, o.cookie, NULL, &a);
	assert_int_equal(a.rs.status, 200);
	ans_done(&a);
	assert_true(node_msg_is_read(f->aa, resp));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_strangers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_login_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_escalate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_follow_accounts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback_one_source,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_viewer_reads_nothing,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
