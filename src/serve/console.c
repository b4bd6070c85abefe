/*
 * The operators' REST API and browser console. See console.h and
 * docs/API.md.
 *
 * A request is answered in a fixed order, cheapest first: a static
 * file (no one need be known for the console's own page); who asks (a
 * bearer token, else the session cookie; a login behind the failed-login
 * limit); the CSRF token of a change made by cookie; the role; then the
 * body and the library. Every answer carries console_secure()'s fields.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "assets.h"
#include "attention.h"
#include "compose.h"
#include "console.h"
#include "fails.h"
#include "interop.h"
#include "jcs.h"
#include "log.h"
#include "node.h"
#include "present.h"
#include "proto.h"
#include "schema.h"
#include "svg.h"
#include "tlp.h"
#include "trail.h"
#include "users.h"
#include "view.h"

#define JSON_TYPE	"application/json"
#define COOKIE_NAME	"hl_session"
#define API		"/api/v1/"

/* A session's secrets: 32 random bytes, base64url without padding. */
#define SECRET_BYTES	32
#define SECRET_LEN	43

/*
 * One logged-in operator. The cookie's value is kept only as its
 * BLAKE2b hash: the table in memory does not hold what a browser could
 * replay, and comparing hashes takes the same time whatever matches.
 */
struct session {
	bool		 used;
	uint8_t		 hash[crypto_generichash_BYTES];
	char		 csrf[SECRET_LEN + 1];
	char		 user[HL_TAXII_USER_LEN + 1];
	/* A hash of the user's password string at login: a new one ends it */
	uint8_t		 pw[crypto_generichash_BYTES];
	int64_t		 login;		/* ms, monotonic */
	int64_t		 last;		/* ms, monotonic: its last request */
};

struct console {
	struct session	 s[HL_CONSOLE_SESSIONS];
	struct fails	*fails;
};

/* Who asks: a user, by a session (s) or a token. */
struct who {
	char		 user[HL_TAXII_USER_LEN + 1];
	enum role	 role;
	enum via	 via;
	struct session	*s;		/* NULL for a token */
};

/* What one request is served with. */
struct ctx {
	struct console		*cs;
	struct node		*n;
	const char		*addr;
	const struct http1_req	*q;
	const uint8_t		*body;
	size_t			 len;
	int64_t			 now;	/* s, wall clock */
	int64_t			 now_ms;
	int64_t			 mono;
	struct response		*rs;
	struct who		 who;
	const char		*bad;	/* a query parameter refused */
};

struct console *
console_new(void)
{
	struct console *cs;

	if ((cs = calloc(1, sizeof(*cs))) == NULL)
		return NULL;
	if ((cs->fails = fails_new()) == NULL) {
		free(cs);
		return NULL;
	}
	return cs;
}

void
console_free(struct console *cs)
{
	if (cs == NULL)
		return;
	fails_free(cs->fails);
	sodium_memzero(cs->s, sizeof(cs->s));
	free(cs);
}

void
console_secure(struct response *rs)
{
	(void)buf_adds(&rs->fields,
	    "Content-Security-Policy: default-src 'self'; "
	    "frame-ancestors 'none'\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Cache-Control: no-store\r\n");
}

/* The HTTP status of err in the API (docs/API.md's table). */
static int
status_of(int err)
{
	switch (err) {
	case HL_EAUTH:		return 401;
	case HL_EFORBIDDEN:
	case HL_ECSRF:		return 403;
	case HL_ENOTFOUND:	return 404;
	case HL_EMETHOD:	return 405;
	case HL_ECONFLICT:
	case HL_EEXIST:		return 409;
	case HL_ETOOBIG:	return 413;
	case HL_EMEDIATYPE:	return 415;
	case HL_ERATE:		return 429;
	case HL_ENOMEM:
	case HL_EDB:
	case HL_EIO:
	case HL_ECRYPTO:	return 500;
	case HL_ECODING:	return 501;
	case HL_ENOSPACE:	return 507;
	default:		return 400;
	}
}

/* Makes the answer a refusal: err's problem document, d saying why. */
static void
fail(struct ctx *x, int err, const struct hl_diag *d)
{
	handler_problem(x->rs, err, status_of(err), d, 0);
}

static void
refuse(struct ctx *x, int err, const char *msg)
{
	handler_refuse(x->rs, err, status_of(err), msg);
}

/* Answers o (taken) as JSON with status. */
static void
answer(struct ctx *x, int status, json_t *o)
{
	char *s;

	if (o == NULL || (s = json_dumps(o, JSON_COMPACT |
	    JSON_SORT_KEYS)) == NULL) {
		json_decref(o);
		refuse(x, HL_ENOMEM, "out of memory");
		return;
	}
	json_decref(o);
	x->rs->status = status;
	x->rs->type = JSON_TYPE;
	buf_clear(&x->rs->body);
	if (buf_adds(&x->rs->body, s) != 0) {
		/* Past HL_CONSOLE_MAX_ANSWER: a problem that fits instead. */
		buf_done(&x->rs->body);
		buf_init(&x->rs->body, HL_MAX_PROBLEM_BYTES);
		refuse(x, HL_ETOOBIG, "the answer would be larger than "
		    "the console sends; ask for less (a smaller limit, a "
		    "later since)");
	}
	free(s);
}

/* 201 {"id": id}. */
static void
answer_id(struct ctx *x, const char *id)
{
	answer(x, 201, json_pack("{s:s}", "id", id));
}

static void
answer_none(struct ctx *x)
{
	x->rs->status = 204;
	x->rs->type = NULL;
	buf_clear(&x->rs->body);
}

/* A random secret, base64url without padding, in out. */
static void
secret(char out[static SECRET_LEN + 1])
{
	uint8_t raw[SECRET_BYTES];

	randombytes_buf(raw, sizeof(raw));
	(void)sodium_bin2base64(out, SECRET_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static void
cookie_hash(const char *v, uint8_t out[static crypto_generichash_BYTES])
{
	(void)crypto_generichash(out, crypto_generichash_BYTES,
	    (const uint8_t *)v, strlen(v), NULL, 0);
}

/* The wall time (s) at which s ends, from the monotonic times. */
static int64_t
session_end(const struct ctx *x, const struct session *s)
{
	int64_t idle = s->last + (int64_t)HL_CONSOLE_IDLE_S * 1000;
	int64_t abs = s->login + (int64_t)HL_CONSOLE_SESSION_S * 1000;
	int64_t end = idle < abs ? idle : abs;

	return (x->now_ms + (end - x->mono)) / 1000;
}

static bool
session_live(const struct session *s, int64_t mono)
{
	return s->used &&
	    mono - s->last < (int64_t)HL_CONSOLE_IDLE_S * 1000 &&
	    mono - s->login < (int64_t)HL_CONSOLE_SESSION_S * 1000;
}

/*
 * The live session the cookie value v names, else NULL. Every entry is
 * compared, in constant time, whichever matches; one past its time is
 * ended here.
 */
static struct session *
session_find(struct console *cs, const char *v, int64_t mono)
{
	uint8_t h[crypto_generichash_BYTES];
	struct session *found = NULL;

	if (strlen(v) != SECRET_LEN)
		return NULL;
	cookie_hash(v, h);
	for (size_t i = 0; i < HL_CONSOLE_SESSIONS; i++) {
		struct session *s = &cs->s[i];

		if (s->used && sodium_memcmp(s->hash, h, sizeof(h)) == 0)
			found = s;
	}
	if (found != NULL && !session_live(found, mono)) {
		sodium_memzero(found, sizeof(*found));
		found = NULL;
	}
	return found;
}

/* The hash a session keeps of a user's password string. */
static void
pw_hash(const struct user *u, uint8_t out[static crypto_generichash_BYTES])
{
	(void)crypto_generichash(out, crypto_generichash_BYTES,
	    (const unsigned char *)u->pwhash, strlen(u->pwhash), NULL, 0);
}

/*
 * A new session for u, its cookie value in v: past HL_CONSOLE_PER_USER
 * of u's own, u's oldest; else a free or ended entry. Never another
 * user's live session: one account must not log the others out. NULL
 * if every entry is another's, live.
 */
static struct session *
session_new(struct console *cs, const struct user *u, int64_t mono,
    char v[static SECRET_LEN + 1])
{
	struct session *s = NULL, *own = NULL;
	int mine = 0;

	for (size_t i = 0; i < HL_CONSOLE_SESSIONS; i++) {
		struct session *e = &cs->s[i];

		if (!session_live(e, mono)) {
			if (s == NULL)
				s = e;
			continue;
		}
		if (strcmp(e->user, u->name) != 0)
			continue;
		mine++;
		if (own == NULL || e->last < own->last)
			own = e;
	}
	if (mine >= HL_CONSOLE_PER_USER)
		s = own;
	if (s == NULL)
		return NULL;
	sodium_memzero(s, sizeof(*s));
	secret(v);
	cookie_hash(v, s->hash);
	secret(s->csrf);
	(void)snprintf(s->user, sizeof(s->user), "%s", u->name);
	pw_hash(u, s->pw);
	s->login = s->last = mono;
	s->used = true;
	return s;
}

/* {"user", "role", "csrf"?, "expires"?} of who. */
static json_t *
who_json(const struct ctx *x)
{
	char t[PROTO_TIME_LEN];
	json_t *o;

	o = json_pack("{s:s, s:s}", "user", x->who.user, "role",
	    users_role_names[x->who.role]);
	if (o != NULL && x->who.s != NULL) {
		proto_time_format(session_end(x, x->who.s), t);
		if (json_object_set_new(o, "csrf",
		    json_string(x->who.s->csrf)) != 0 ||
		    json_object_set_new(o, "expires", json_string(t)) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* The trail's row of a login, failed or not, or a logout. */
static void
trail_login(struct ctx *x, const char *name, const char *action)
{
	char detail[64];

	(void)snprintf(detail, sizeof(detail), "from %s", x->addr);
	if (trail_add_as(x->n, name, VIA_CONSOLE, action, NULL, detail,
	    x->now) != 0)
		log_warnx("console: cannot add %s of %s to the trail", action,
		    name);
}

/*
 * A failed login's row: the name tried is a stranger's word, not who
 * acted, so the actor is "(stranger)" (no user's name can be) and the
 * name, escaped by whoever prints it, is the target.
 */
static void
trail_failed(struct ctx *x, const char *tried)
{
	char detail[64];

	(void)snprintf(detail, sizeof(detail), "from %s", x->addr);
	if (trail_add_as(x->n, "(stranger)", VIA_CONSOLE, "login-failed",
	    tried[0] != '\0' ? tried : NULL, detail, x->now) != 0)
		log_warnx("console: cannot add a failed login to the trail");
}

/*
 * The request's body as a JSON object, *out a new reference: the media
 * type must be JSON (415) and the body an object (400). An empty body
 * is {} for the changes that take none.
 */
static int
body_object(struct ctx *x, json_t **out, struct hl_diag *d)
{
	int r;

	*out = NULL;
	if (x->len == 0) {
		*out = json_object();
		return *out == NULL ? HL_ENOMEM : 0;
	}
	if (!http1_media_is(x->q->type, JSON_TYPE))
		return hl_diag_set(d, HL_EMEDIATYPE, NULL, "the body is not "
		    JSON_TYPE);
	/* A message body sits one level down here, as in an envelope. */
	if ((r = jcs_parse(x->body, x->len, HL_MAX_ENVELOPE_DEPTH, 0, out,
	    d)) != 0)
		return r;
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return hl_diag_set(d, HL_ESCHEMA, NULL, "the body is not a "
		    "JSON object");
	}
	return 0;
}

/*
 * Member key of o as a string in *out (NULL if absent and not
 * required). HL_ESCHEMA, d naming it, for anything else.
 */
static int
member_str(json_t *o, const char *key, bool required, const char **out,
    struct hl_diag *d)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL && !required)
		return 0;
	if (!json_is_string(v))
		return hl_diag_set(d, HL_ESCHEMA, key, "%s", v == NULL ?
		    "required" : "not a string");
	*out = json_string_value(v);
	return 0;
}

static int
member_bool(json_t *o, const char *key, bool *out, struct hl_diag *d)
{
	json_t *v = json_object_get(o, key);

	*out = false;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return hl_diag_set(d, HL_ESCHEMA, key, "not true or false");
	*out = json_is_true(v);
	return 0;
}

/* A hex digit's value (isxdigit() said it is one). */
static unsigned
hex(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' +
	    10);
}

/*
 * A query parameter, percent-decoded ("+" is a space): false if absent;
 * false too, with x->bad naming it, if it is too long for out or badly
 * encoded (the endpoint then refuses the request, not the parameter).
 */
static bool
param(struct ctx *x, const char *key, char *out, size_t n)
{
	char raw[HL_HTTP_MAX_TARGET + 1];
	size_t i, o = 0;
	unsigned v;

	if (!http1_query(x->q->query, key, raw, sizeof(raw)))
		return false;
	for (i = 0; raw[i] != '\0'; i++) {
		if (o + 1 >= n)
			goto bad;
		if (raw[i] == '%') {
			if (!isxdigit((unsigned char)raw[i + 1]) ||
			    !isxdigit((unsigned char)raw[i + 2]) ||
			    (v = hex(raw[i + 1]) << 4 | hex(raw[i + 2])) == 0)
				goto bad;
			out[o++] = (char)v;
			i += 2;
		} else
			out[o++] = raw[i] == '+' ? ' ' : raw[i];
	}
	out[o] = '\0';
	return true;
bad:
	x->bad = key;
	return false;
}

/* A number parameter in [0, max] into *out, if present (else x->bad). */
static void
param_num(struct ctx *x, const char *key, int64_t max, int64_t *out)
{
	char v[24], *end;
	long long l;

	if (!param(x, key, v, sizeof(v)))
		return;
	errno = 0;
	l = strtoll(v, &end, 10);
	if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 ||
	    l > max) {
		x->bad = key;
		return;
	}
	*out = l;
}

/* An RFC 3339 parameter into *out, if present (else x->bad). */
static void
param_time(struct ctx *x, const char *key, int64_t *out)
{
	char v[64];

	if (param(x, key, v, sizeof(v)) && !proto_time_parse(v, 0, out))
		x->bad = key;
}

/* Refuses the request if a parameter was bad; true if it did. */
static bool
bad_param(struct ctx *x, const char *what)
{
	char msg[160];

	if (x->bad == NULL)
		return false;
	(void)snprintf(msg, sizeof(msg), "%s: %s", x->bad, what);
	refuse(x, HL_EINVAL, msg);
	return true;
}

/* --- the endpoints ---------------------------------------------------- */

static void
login(struct ctx *x)
{
	char name[HL_TAXII_USER_LEN + 1], v[SECRET_LEN + 1], cookie[160];
	const char *nm, *pw;
	struct hl_diag d;
	struct user u;
	json_t *o = NULL;
	int64_t retry;
	int r;

	hl_diag_clear(&d);
	if ((r = body_object(x, &o, &d)) != 0 ||
	    (r = member_str(o, "name", true, &nm, &d)) != 0 ||
	    (r = member_str(o, "password", true, &pw, &d)) != 0) {
		fail(x, r, &d);
		goto out;
	}
	(void)snprintf(name, sizeof(name), "%s", nm);
	/* Argon2id is what a stranger would make the node compute. */
	if (!fails_allow(x->cs->fails, fails_source(x->addr), x->mono,
	    &retry)) {
		log_info("console login refused addr=%s user=%s: too many "
		    "failures", x->addr, name);
		refuse(x, HL_ERATE, "too many failed logins from this "
		    "address; try later");
		(void)buf_printf(&x->rs->fields, "Retry-After: %lld\r\n",
		    (long long)retry);
		goto out;
	}
	r = users_check(x->n, nm, pw, strlen(pw), &u);
	if (r != 0 && r != HL_ENOTFOUND && r != HL_EINVAL) {
		/* The node's failure, not the client's: not counted. */
		log_warnx("console login user=%s addr=%s: cannot check: %s",
		    name, x->addr, hl_strerror(r));
		refuse(x, r, "the server failed to check the password; try "
		    "again later");
		goto out;
	}
	if (r != 0) {
		fails_add(x->cs->fails, fails_source(x->addr), x->mono);
		log_info("console login failed addr=%s user=%s", x->addr,
		    name);
		trail_failed(x, name);
		refuse(x, HL_EAUTH, "wrong user name or password");
		goto out;
	}
	if ((x->who.s = session_new(x->cs, &u, x->mono, v)) == NULL) {
		sodium_memzero(&u, sizeof(u));
		log_warnx("console login user=%s addr=%s: every session is "
		    "another's, live", name, x->addr);
		refuse(x, HL_EBUSY, "every session of the console is in use; "
		    "try again later");
		goto out;
	}
	(void)snprintf(x->who.user, sizeof(x->who.user), "%s", u.name);
	x->who.role = u.role;
	x->who.via = VIA_CONSOLE;
	sodium_memzero(&u, sizeof(u));
	log_info("console login user=%s addr=%s", x->who.user, x->addr);
	trail_login(x, x->who.user, "login");
	answer(x, 201, who_json(x));
	(void)snprintf(cookie, sizeof(cookie), "Set-Cookie: " COOKIE_NAME
	    "=%s; Secure; HttpOnly; SameSite=Strict; Path=/\r\n", v);
	(void)buf_adds(&x->rs->fields, cookie);
	sodium_memzero(cookie, sizeof(cookie));
	sodium_memzero(v, sizeof(v));
out:
	/* The password is in o; jansson frees it unzeroed, as it must. */
	json_decref(o);
}

static void
logout(struct ctx *x)
{
	if (x->who.s != NULL) {
		sodium_memzero(x->who.s, sizeof(*x->who.s));
		x->who.s = NULL;
		log_info("console logout user=%s addr=%s", x->who.user,
		    x->addr);
		trail_login(x, x->who.user, "logout");
	}
	answer_none(x);
	(void)buf_adds(&x->rs->fields, "Set-Cookie: " COOKIE_NAME "=; "
	    "Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0\r\n");
}

static void
get_attention(struct ctx *x)
{
	struct attention a;
	int r;

	if ((r = attention_build(x->n, x->now, &a)) != 0) {
		refuse(x, r, "cannot build the queue");
		return;
	}
	answer(x, 200, attention_json(&a));
	attention_done(&a);
}

struct rows {
	struct ctx	*x;
	json_t		*a;
};

static int
row_json(void *arg, const struct msg_row *m)
{
	struct rows *rw = arg;

	return json_array_append_new(rw->a, present_msg(rw->x->n, m,
	    rw->x->now)) == 0 ? 0 : HL_ENOMEM;
}

static void
get_messages(struct ctx *x)
{
	struct msg_filter f;
	struct rows rw = { x, NULL };
	char dir[8], type[16], state[16], peer[HL_MAX_PARTY_LEN + 1], v[8];
	int64_t limit = HL_CONSOLE_DEFAULT_ROWS;
	int r;

	memset(&f, 0, sizeof(f));
	f.dir = "in";
	f.type = f.state = -1;
	if (param(x, "dir", dir, sizeof(dir))) {
		if (strcmp(dir, "in") != 0 && strcmp(dir, "out") != 0)
			x->bad = "dir";
		f.dir = dir;
	}
	if (param(x, "type", type, sizeof(type)) &&
	    (f.type = proto_lookup(proto_type_names, type)) < 0)
		x->bad = "type";
	if (param(x, "state", state, sizeof(state)) &&
	    (f.state = proto_lookup(proto_state_names, state)) < 0)
		x->bad = "state";
	if (param(x, "peer", peer, sizeof(peer)))
		f.peer = peer;
	param_time(x, "since", &f.since);
	f.overdue = param(x, "overdue", v, sizeof(v)) && strcmp(v, "1") == 0;
	f.pings = param(x, "pings", v, sizeof(v)) && strcmp(v, "1") == 0;
	param_num(x, "limit", HL_CONSOLE_MAX_ROWS, &limit);
	if (limit == 0)
		x->bad = "limit";
	if (bad_param(x, "dir is in or out, type and state are hotline's "
	    "names, since an RFC 3339 time, limit 1 to 1000"))
		return;
	f.limit = (size_t)limit;
	if ((rw.a = json_array()) == NULL) {
		refuse(x, HL_ENOMEM, "out of memory");
		return;
	}
	if ((r = node_msgs_filter(x->n, &f, x->now, row_json, &rw)) != 0) {
		json_decref(rw.a);
		refuse(x, r, "cannot list the messages");
		return;
	}
	answer(x, 200, json_pack("{s:o}", "messages", rw.a));
}

static void
get_message(struct ctx *x, const char *id)
{
	struct hl_diag d;
	json_t *o = NULL;
	const char *dir, *type, *full;
	int r;

	hl_diag_clear(&d);
	if ((r = present_message(x->n, id, x->now, &o, &d)) != 0) {
		fail(x, r, &d);
		return;
	}
	/*
	 * A response received, seen by an officer, leaves the queue; a
	 * viewer's look takes nothing off an officer's queue.
	 */
	dir = json_string_value(json_object_get(o, "dir"));
	type = json_string_value(json_object_get(o, "type"));
	full = json_string_value(json_object_get(o, "id"));
	if (x->who.role >= ROLE_OFFICER &&
	    dir != NULL && type != NULL && full != NULL &&
	    strcmp(dir, "in") == 0 && strcmp(type, "response") == 0 &&
	    (r = node_msg_read(x->n, full, x->now)) != 0 &&
	    r != HL_ENOTFOUND)
		log_warnx("console: cannot mark %.12s read: %s", full,
		    hl_strerror(r));
	answer(x, 200, o);
}

static void
post_send(struct ctx *x)
{
	struct send_args a;
	struct hl_diag d;
	json_t *o = NULL, *body;
	const char *to, *type, *subject, *deadline, *tlp;
	bool force;
	char id[65];
	int64_t secs;
	int t, r;

	hl_diag_clear(&d);
	memset(&a, 0, sizeof(a));
	if ((r = body_object(x, &o, &d)) != 0 ||
	    (r = member_str(o, "to", true, &to, &d)) != 0 ||
	    (r = member_str(o, "type", true, &type, &d)) != 0 ||
	    (r = member_str(o, "subject", false, &subject, &d)) != 0 ||
	    (r = member_str(o, "deadline", false, &deadline, &d)) != 0 ||
	    (r = member_str(o, "tlp", false, &tlp, &d)) != 0 ||
	    (r = member_bool(o, "force", &force, &d)) != 0)
		goto fail;
	body = json_object_get(o, "body");
	if (!json_is_object(body)) {
		r = hl_diag_set(&d, HL_ESCHEMA, "body", "required: an object");
		goto fail;
	}
	a.to = to;
	a.subject = subject;
	a.now = x->now;
	t = proto_lookup(proto_type_names, type);
	if (t != MSG_REQUEST && t != MSG_NOTICE && t != MSG_QUERY) {
		r = hl_diag_set(&d, HL_ESCHEMA, "type", "must be request, "
		    "notice or query (responses go through reply)");
		goto fail;
	}
	a.type = (enum msg_type)t;
	if (tlp != NULL && (t = tlp_option(tlp)) < 0) {
		r = hl_diag_set(&d, HL_ESCHEMA, "tlp", "must be clear, green, "
		    "amber, amber+strict or red");
		goto fail;
	}
	a.tlp = tlp != NULL ? (enum tlp)t : TLP_AMBER;
	a.deadline = SEND_POLICY_DEADLINE;
	if (deadline != NULL) {
		if (a.type == MSG_NOTICE) {
			r = hl_diag_set(&d, HL_ESCHEMA, "deadline", "notices "
			    "have no deadline");
			goto fail;
		}
		if (proto_duration_parse(deadline, &secs))
			a.deadline = a.now + secs;
		else if (!proto_time_parse(deadline, 0, &a.deadline)) {
			r = hl_diag_set(&d, HL_ESCHEMA, "deadline", "not a "
			    "duration (72h) or an RFC 3339 time");
			goto fail;
		}
		if (a.deadline <= a.now) {
			r = hl_diag_set(&d, HL_ESCHEMA, "deadline", "already "
			    "past");
			goto fail;
		}
	}
	/* The same checks as hotline send: its marking, its schema. */
	if ((r = compose_marking(body, tlp != NULL, force, &a.tlp, "the body",
	    &d)) != 0 || (r = schema_body(a.type, body, "body", &d)) != 0)
		goto fail;
	a.body = body;
	if ((r = node_send(x->n, &a, id, &d)) != 0)
		goto fail;
	node_wake(x->n);
	answer_id(x, id);
	json_decref(o);
	return;
fail:
	fail(x, r, &d);
	json_decref(o);
}

static void
post_reply(struct ctx *x, const char *idp)
{
	struct reply_args a;
	struct msg_row m;
	struct hl_diag d;
	json_t *o = NULL, *body, *findings, *composed = NULL;
	const char *tlp;
	bool final, force;
	char id[65];
	int t, r;

	hl_diag_clear(&d);
	memset(&m, 0, sizeof(m));
	memset(&a, 0, sizeof(a));
	if ((r = body_object(x, &o, &d)) != 0 ||
	    (r = member_bool(o, "final", &final, &d)) != 0 ||
	    (r = member_bool(o, "force", &force, &d)) != 0 ||
	    (r = member_str(o, "tlp", false, &tlp, &d)) != 0)
		goto out;
	body = json_object_get(o, "body");
	findings = json_object_get(o, "findings");
	if (body != NULL && !json_is_object(body)) {
		r = hl_diag_set(&d, HL_ESCHEMA, "body", "not an object");
		goto out;
	}
	if (findings != NULL && !json_is_array(findings)) {
		r = hl_diag_set(&d, HL_ESCHEMA, "findings", "not an array");
		goto out;
	}
	if (body == NULL && findings == NULL) {
		r = hl_diag_set(&d, HL_ESCHEMA, "body", "required, or "
		    "findings");
		goto out;
	}
	a.tlp = -1;
	if (tlp != NULL && (a.tlp = t = tlp_option(tlp)) < 0) {
		r = hl_diag_set(&d, HL_ESCHEMA, "tlp", "must be clear, green, "
		    "amber, amber+strict or red");
		goto out;
	}
	if ((r = node_reply_find(x->n, idp, &m, &d)) != 0 ||
	    (r = compose_reply(body, findings, final, "the body",
	    "findings", final ? "final" : "interim (final: false)",
	    &composed, &d)) != 0)
		goto out;
	a.force = force;
	a.body = composed;
	a.now = x->now;
	if ((r = node_reply(x->n, &m, &a, id, &d)) != 0)
		goto out;
	node_wake(x->n);
	answer_id(x, id);
out:
	if (r != 0)
		fail(x, r, &d);
	json_decref(composed);
	json_decref(o);
	msg_row_done(&m);
}

static void
post_withdraw(struct ctx *x, const char *idp)
{
	struct hl_diag d;
	json_t *o = NULL;
	const char *reason;
	char id[65];
	int r;

	hl_diag_clear(&d);
	if ((r = body_object(x, &o, &d)) != 0 ||
	    (r = member_str(o, "reason", true, &reason, &d)) != 0 ||
	    (r = node_withdraw(x->n, idp, reason, x->now, id, &d)) != 0) {
		fail(x, r, &d);
		json_decref(o);
		return;
	}
	node_wake(x->n);
	answer_id(x, id);
	json_decref(o);
}

static void
post_read(struct ctx *x, const char *idp)
{
	struct hl_diag d;
	json_t *o = NULL;
	const char *full;
	int r;

	/* The id may be a prefix, as everywhere: the full one is marked. */
	hl_diag_clear(&d);
	if ((r = present_message(x->n, idp, x->now, &o, &d)) != 0) {
		fail(x, r, &d);
		return;
	}
	full = json_string_value(json_object_get(o, "id"));
	if (full == NULL)
		refuse(x, HL_ENOTFOUND, "no such message");
	else if ((r = node_msg_read(x->n, full, x->now)) != 0)
		refuse(x, r, "cannot mark it read");
	else
		answer_none(x);
	json_decref(o);
}

static void
post_escalate(struct ctx *x, const char *idp)
{
	struct hl_diag d;
	char id[65];
	int r;

	hl_diag_clear(&d);
	if ((r = node_escalate(x->n, idp, x->now, id, &d)) != 0) {
		fail(x, r, &d);
		return;
	}
	node_wake(x->n);
	answer_id(x, id);
}

/*
 * An officer acknowledges a contact check received: the ack's "by" is
 * the officer's name (the node's actor for this request).
 */
static void
post_ack(struct ctx *x, const char *idp)
{
	struct hl_diag d;
	json_t *o = NULL;
	const char *note, *key;
	json_t *v;
	char id[65];
	int r;

	hl_diag_clear(&d);
	if ((r = body_object(x, &o, &d)) != 0)
		goto out;
	json_object_foreach(o, key, v)
		if (strcmp(key, "note") != 0) {
			r = hl_diag_set(&d, HL_ESCHEMA, key, "unknown member");
			goto out;
		}
	if ((r = member_str(o, "note", false, &note, &d)) != 0 ||
	    (r = node_ack(x->n, idp, note, x->now, id, &d)) != 0)
		goto out;
	node_wake(x->n);
	answer_id(x, id);
out:
	if (r != 0)
		fail(x, r, &d);
	json_decref(o);
}

static void
post_ping(struct ctx *x, const char *peer)
{
	struct hl_diag d;
	char id[65];
	int r;

	hl_diag_clear(&d);
	if ((r = node_ping(x->n, peer, x->now, id, &d)) != 0) {
		fail(x, r, &d);
		return;
	}
	node_wake(x->n);
	answer_id(x, id);
}

static void
get_peers(struct ctx *x)
{
	json_t *a = NULL;
	int r;

	if ((r = present_peers(x->n, x->now, &a)) != 0) {
		refuse(x, r, "cannot list the peers");
		return;
	}
	answer(x, 200, json_pack("{s:o}", "peers", a));
}

static void
get_status(struct ctx *x)
{
	json_t *o = NULL;
	int r;

	if ((r = present_status(x->n, x->now, &o)) != 0) {
		refuse(x, r, "cannot read the status");
		return;
	}
	answer(x, 200, o);
}

static void
get_report(struct ctx *x)
{
	struct report_filter f = { .tier = -1 };
	struct report rep;
	struct hl_diag d;
	char peer[HL_MAX_PARTY_LEN + 1];
	int r;

	if (param(x, "peer", peer, sizeof(peer)))
		f.peer = peer;
	param_time(x, "since", &f.since);
	param_time(x, "until", &f.until);
	if (bad_param(x, "since and until are RFC 3339 times"))
		return;
	/* Neither pinned nor in the log: a typo, not "nothing". */
	if (f.peer != NULL && !node_peer_known(x->n, peer)) {
		refuse(x, HL_ENOTFOUND, "peer: no such peer");
		return;
	}
	if (f.since != 0 && f.until != 0 && f.until <= f.since) {
		refuse(x, HL_EINVAL, "until must be after since");
		return;
	}
	hl_diag_clear(&d);
	if ((r = compose_report(x->n, &f, &rep, &d)) != 0) {
		fail(x, r, &d);
		return;
	}
	answer(x, 200, report_json(&rep, &f));
	report_done(&rep);
}

/* Bars longest first. */
static int
bar_cmp(const void *a, const void *b)
{
	const struct svg_bar *x = a, *y = b;

	return x->value < y->value ? 1 : x->value > y->value ? -1 :
	    strcmp(x->label, y->label);
}

/*
 * The report's chart: per peer, how many of this node's requests it
 * answered in time, of how many asked (the report's own numbers).
 */
static void
get_report_svg(struct ctx *x)
{
	struct report_filter f = { .tier = -1 };
	struct svg_bar *bars = NULL;
	struct report rep;
	struct hl_diag d;
	struct buf b;
	char (*notes)[96] = NULL, sub[160], t[PROTO_TIME_LEN];
	int r;

	param_time(x, "since", &f.since);
	param_time(x, "until", &f.until);
	if (bad_param(x, "since and until are RFC 3339 times"))
		return;
	hl_diag_clear(&d);
	if ((r = compose_report(x->n, &f, &rep, &d)) != 0) {
		fail(x, r, &d);
		return;
	}
	if (rep.n > 0 && ((bars = calloc(rep.n, sizeof(*bars))) == NULL ||
	    (notes = calloc(rep.n, sizeof(*notes))) == NULL)) {
		refuse(x, HL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rep.n; i++) {
		const struct report_dir *o = &rep.rows[i].out;

		bars[i].label = rep.rows[i].peer;
		bars[i].value = (double)o->in_time;
		(void)snprintf(notes[i], sizeof(notes[i]), "%lld of %lld in "
		    "time", (long long)o->in_time, (long long)o->requests);
		bars[i].note = notes[i];
	}
	if (rep.n > 1)
		qsort(bars, rep.n, sizeof(*bars), bar_cmp);
	proto_time_format(rep.as_of, t);
	(void)snprintf(sub, sizeof(sub), "%s's log, %llu leaves, as of %s",
	    rep.party, (unsigned long long)rep.leaves, t);
	buf_init(&b, HL_CONSOLE_MAX_BODY);
	if (svg_hbars(&b, "Requests answered in time, by peer", sub, bars,
	    rep.n) != 0 || buf_err(&b) != 0) {
		buf_done(&b);
		refuse(x, HL_ENOMEM, "out of memory");
		goto out;
	}
	x->rs->status = 200;
	x->rs->type = "image/svg+xml";
	buf_done(&x->rs->body);
	x->rs->body = b;
out:
	free(bars);
	free(notes);
	report_done(&rep);
}

static int
entry_json(void *arg, const struct trail_entry *e)
{
	return json_array_append_new(arg, trail_json(e)) == 0 ? 0 :
	    HL_ENOMEM;
}

static void
get_audit(struct ctx *x)
{
	struct trail_filter f;
	char actor[HL_ACTOR_LEN + 1], action[32];
	int64_t limit = 0, before = 0;
	json_t *a;
	int r;

	memset(&f, 0, sizeof(f));
	param_num(x, "limit", HL_TRAIL_MAX_PAGE, &limit);
	param_num(x, "before", INT64_MAX, &before);
	if (param(x, "actor", actor, sizeof(actor)))
		f.actor = actor;
	if (param(x, "action", action, sizeof(action)))
		f.action = action;
	if (bad_param(x, "limit is a number up to 1000, before an entry's "
	    "id, actor and action names"))
		return;
	f.limit = (size_t)limit;
	f.before = before;
	if ((a = json_array()) == NULL) {
		refuse(x, HL_ENOMEM, "out of memory");
		return;
	}
	if ((r = trail_each(x->n, &f, entry_json, a)) != 0) {
		json_decref(a);
		refuse(x, r, "cannot read the trail");
		return;
	}
	answer(x, 200, json_pack("{s:o}", "entries", a));
}

static int
user_json(void *arg, const struct user *u)
{
	return json_array_append_new(arg, users_json(u)) == 0 ? 0 : HL_ENOMEM;
}

static void
get_users(struct ctx *x)
{
	json_t *a;
	int r;

	if ((a = json_array()) == NULL) {
		refuse(x, HL_ENOMEM, "out of memory");
		return;
	}
	if ((r = users_each(x->n, user_json, a)) != 0) {
		json_decref(a);
		refuse(x, r, "cannot list the users");
		return;
	}
	answer(x, 200, json_pack("{s:o}", "users", a));
}

/*
 * hotline import --json's answer for data: {"body", "import", "lacks"?}
 * (the importers of src/interop; nothing is sent).
 */
static void
post_import(struct ctx *x)
{
	struct hl_diag d;
	struct imp *im = NULL;
	json_t *o = NULL, *body = NULL, *dv;
	const char *fmt = "auto";
	char lacks[128];
	int f, r;

	hl_diag_clear(&d);
	if ((r = body_object(x, &o, &d)) != 0 ||
	    (r = member_str(o, "format", false, &fmt, &d)) != 0)
		goto fail;
	if (fmt == NULL)
		fmt = "auto";
	dv = json_object_get(o, "data");
	if (!json_is_string(dv)) {
		r = hl_diag_set(&d, HL_ESCHEMA, "data", "required: the source "
		    "as text");
		goto fail;
	}
	if ((f = proto_lookup(imp_format_names, fmt)) < 0) {
		r = hl_diag_set(&d, HL_ESCHEMA, "format", "must be auto, stix, "
		    "misp, iodef, csv or list");
		goto fail;
	}
	if (f == IMP_AUTO)
		f = (int)imp_detect(json_string_value(dv),
		    json_string_length(dv));
	if ((im = imp_new("data")) == NULL) {
		r = hl_diag_set(&d, HL_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	if ((r = imp_read((enum imp_format)f, "data", json_string_value(dv),
	    json_string_length(dv), im, &d)) != 0)
		goto fail;
	if ((body = imp_body(im)) == NULL || imp_mark(im, body) != 0) {
		r = hl_diag_set(&d, HL_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	/* A whole body the schema refuses is the source's refusal. */
	if ((r = imp_check(body, lacks, sizeof(lacks), &d)) != 0)
		goto fail;
	answer(x, 200, imp_answer(im, (enum imp_format)f, body, lacks));
	json_decref(body);
	imp_free(im);
	json_decref(o);
	return;
fail:
	fail(x, r, &d);
	json_decref(body);
	imp_free(im);
	json_decref(o);
}

/* --- who asks, and the routes ------------------------------------------ */

/*
 * Who asks: 0 and x->who, or HL_EAUTH. A bearer token is checked first
 * (a script's: users_token_check()); else the session cookie.
 */
static int
identify(struct ctx *x)
{
	const char *a = x->q->authorization;
	uint8_t h[crypto_generichash_BYTES];
	struct session *s;
	struct user u;

	memset(&x->who, 0, sizeof(x->who));
	if (a[0] != '\0') {
		if (strncasecmp(a, "Bearer ", 7) != 0)
			return HL_EAUTH;
		a += 7;
		while (*a == ' ')
			a++;
		if (users_token_check(x->n, a, x->now, &u) != 0)
			return HL_EAUTH;
		(void)snprintf(x->who.user, sizeof(x->who.user), "%s", u.name);
		x->who.role = u.role;
		x->who.via = VIA_TOKEN;
		sodium_memzero(&u, sizeof(u));
		return 0;
	}
	if (x->q->session[0] == '\0' ||
	    (s = session_find(x->cs, x->q->session, x->mono)) == NULL)
		return HL_EAUTH;
	/*
	 * The user as it is now, not as it was at login: removed, or given
	 * a new password, its sessions end; its role is today's.
	 */
	if (users_get(x->n, s->user, &u) != 0)
		goto ended;
	pw_hash(&u, h);
	if (sodium_memcmp(h, s->pw, sizeof(h)) != 0)
		goto ended;
	s->last = x->mono;
	(void)snprintf(x->who.user, sizeof(x->who.user), "%s", s->user);
	x->who.role = u.role;
	x->who.via = VIA_CONSOLE;
	x->who.s = s;
	sodium_memzero(&u, sizeof(u));
	return 0;
ended:
	log_info("console session of user=%s ended: the account changed",
	    s->user);
	sodium_memzero(s, sizeof(*s));
	sodium_memzero(&u, sizeof(u));
	return HL_EAUTH;
}

/* The path's part after prefix, one segment (no '/'), or NULL. */
static const char *
segment(const char *path, const char *prefix, char *out, size_t n)
{
	size_t pl = strlen(prefix), sl;
	const char *p, *slash;

	if (strncmp(path, prefix, pl) != 0)
		return NULL;
	p = path + pl;
	slash = strchr(p, '/');
	sl = slash != NULL ? (size_t)(slash - p) : strlen(p);
	if (sl == 0 || sl >= n)
		return NULL;
	memcpy(out, p, sl);
	out[sl] = '\0';
	return slash != NULL ? slash : p + sl;
}

/*
 * One route: its method, the least role, and the work; arg is the
 * path's {id} or {party}.
 */
struct route {
	enum http1_method	 method;
	enum role		 role;
	void			(*get)(struct ctx *);
	void			(*with)(struct ctx *, const char *);
};

static void
get_session(struct ctx *x)
{
	answer(x, 200, who_json(x));
}

/*
 * The routes of a path, up to 3 (one per method), in *rt; the {id} or
 * {party} in arg. False if the path is no endpoint.
 */
static bool
routes(const char *path, struct route rt[static 3], size_t *nrt, char *arg,
    size_t argn)
{
	const char *rest;

	*nrt = 0;
#define R(m, ro, g, w) (rt[(*nrt)++] = (struct route){ m, ro, g, w })
	if (strcmp(path, API "session") == 0) {
		R(HTTP1_GET, ROLE_VIEWER, get_session, NULL);
		R(HTTP1_DELETE, ROLE_VIEWER, logout, NULL);
		/* POST (login) is served before anyone is known. */
	} else if (strcmp(path, API "attention") == 0)
		R(HTTP1_GET, ROLE_VIEWER, get_attention, NULL);
	else if (strcmp(path, API "messages") == 0) {
		R(HTTP1_GET, ROLE_VIEWER, get_messages, NULL);
		R(HTTP1_POST, ROLE_OFFICER, post_send, NULL);
	} else if ((rest = segment(path, API "messages/", arg, argn)) !=
	    NULL) {
		if (*rest == '\0')
			R(HTTP1_GET, ROLE_VIEWER, NULL, get_message);
		else if (strcmp(rest, "/reply") == 0)
			R(HTTP1_POST, ROLE_OFFICER, NULL, post_reply);
		else if (strcmp(rest, "/withdraw") == 0)
			R(HTTP1_POST, ROLE_OFFICER, NULL, post_withdraw);
		else if (strcmp(rest, "/escalate") == 0)
			R(HTTP1_POST, ROLE_OFFICER, NULL, post_escalate);
		else if (strcmp(rest, "/read") == 0)
			R(HTTP1_POST, ROLE_OFFICER, NULL, post_read);
		else if (strcmp(rest, "/ack") == 0)
			R(HTTP1_POST, ROLE_OFFICER, NULL, post_ack);
	} else if (strcmp(path, API "peers") == 0)
		R(HTTP1_GET, ROLE_VIEWER, get_peers, NULL);
	else if ((rest = segment(path, API "peers/", arg, argn)) != NULL) {
		if (strcmp(rest, "/ping") == 0)
			R(HTTP1_POST, ROLE_OFFICER, NULL, post_ping);
	} else if (strcmp(path, API "status") == 0)
		R(HTTP1_GET, ROLE_VIEWER, get_status, NULL);
	else if (strcmp(path, API "report") == 0)
		R(HTTP1_GET, ROLE_VIEWER, get_report, NULL);
	else if (strcmp(path, API "report.svg") == 0)
		R(HTTP1_GET, ROLE_VIEWER, get_report_svg, NULL);
	else if (strcmp(path, API "audit") == 0)
		R(HTTP1_GET, ROLE_VIEWER, get_audit, NULL);
	else if (strcmp(path, API "import") == 0)
		R(HTTP1_POST, ROLE_OFFICER, post_import, NULL);
	else if (strcmp(path, API "users") == 0)
		R(HTTP1_GET, ROLE_ADMIN, get_users, NULL);
#undef R
	return *nrt > 0;
}

/* A 405's Allow field (static) for a set of 1 << enum http1_method. */
static const char *
allow_of(unsigned m)
{
	bool g = m & (1u << HTTP1_GET), p = m & (1u << HTTP1_POST),
	    dl = m & (1u << HTTP1_DELETE);

	if (g && p && dl)
		return "GET, POST, DELETE";
	if (g && p)
		return "GET, POST";
	if (g)
		return "GET";
	return "POST";
}

/* The console's own files: GET only, no one need be known. */
static void
serve_asset(struct ctx *x)
{
	const struct asset *a;

	if (x->q->method != HTTP1_GET) {
		refuse(x, HL_EMETHOD, "the console's files are read with GET");
		x->rs->allow = "GET";
		return;
	}
	if ((a = assets_find(x->q->path)) == NULL) {
		refuse(x, HL_ENOTFOUND, "no such file");
		return;
	}
	x->rs->status = 200;
	x->rs->type = a->type;
	buf_clear(&x->rs->body);
	if (buf_add(&x->rs->body, a->data, a->len) != 0) {
		buf_init(&x->rs->body, 0);
		refuse(x, HL_ENOMEM, "out of memory");
	}
}

static void
serve_api(struct ctx *x)
{
	struct route rt[3], *r = NULL;
	char arg[HL_HTTP_MAX_TARGET + 1];
	size_t nrt, i;
	bool change = x->q->method == HTTP1_POST ||
	    x->q->method == HTTP1_DELETE;
	int e;

	/* Logging in is the one thing a stranger may do. */
	if (strcmp(x->q->path, API "session") == 0 &&
	    x->q->method == HTTP1_POST) {
		login(x);
		return;
	}
	if (!routes(x->q->path, rt, &nrt, arg, sizeof(arg))) {
		refuse(x, HL_ENOTFOUND, "no such endpoint");
		return;
	}
	if ((e = identify(x)) != 0) {
		refuse(x, e, "log in (POST " API "session) or give a token "
		    "(Authorization: Bearer)");
		return;
	}
	for (i = 0; i < nrt; i++)
		if (rt[i].method == x->q->method)
			r = &rt[i];
	if (r == NULL) {
		unsigned m = 0;

		for (i = 0; i < nrt; i++)
			m |= 1u << rt[i].method;
		/* /session takes POST too: the login, served above. */
		if (strcmp(x->q->path, API "session") == 0)
			m |= 1u << HTTP1_POST;
		refuse(x, HL_EMETHOD, "the endpoint does not take this method");
		x->rs->allow = allow_of(m);
		return;
	}
	/*
	 * A browser sends the cookie with any request to this origin; only
	 * this origin's script can read the CSRF token to send with it.
	 */
	if (change && x->who.s != NULL && (strlen(x->q->csrf) != SECRET_LEN ||
	    sodium_memcmp(x->q->csrf, x->who.s->csrf, SECRET_LEN) != 0)) {
		refuse(x, HL_ECSRF, "a change needs the session's "
		    "X-CSRF-Token");
		return;
	}
	if (x->who.role < r->role) {
		char msg[96];

		(void)snprintf(msg, sizeof(msg), "an %s may not; %s is a %s",
		    users_role_names[r->role], x->who.user,
		    users_role_names[x->who.role]);
		refuse(x, HL_EFORBIDDEN, msg);
		return;
	}
	/* The trail names the person, whatever the library records. */
	node_set_actor(x->n, x->who.user, x->who.via);
	if (r->get != NULL)
		r->get(x);
	else
		r->with(x, arg);
	node_set_actor(x->n, "", VIA_CLI);
}

void
console_serve(struct console *cs, struct node *n, const char *addr,
    const struct http1_req *q, const uint8_t *body, size_t len,
    int64_t now_ms, int64_t mono_ms, struct response *rs)
{
	struct ctx x;

	memset(&x, 0, sizeof(x));
	x.cs = cs;
	x.n = n;
	x.addr = addr;
	x.q = q;
	x.body = body;
	x.len = len;
	x.now_ms = now_ms;
	x.now = now_ms / 1000;
	x.mono = mono_ms;
	x.rs = rs;
	buf_done(&rs->body);
	buf_init(&rs->body, HL_CONSOLE_MAX_ANSWER);
	if (strncmp(q->path, "/api/", 5) == 0)
		serve_api(&x);
	else
		serve_asset(&x);
	console_secure(rs);
}
