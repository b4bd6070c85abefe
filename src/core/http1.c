/*
 * A strict HTTP/1.1 request head parser. See http1.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http1.h"

/* RFC 9110 tchar: the characters of a method or a field name. */
static bool
is_tchar(uint8_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A field value's characters: HTAB, SP, VCHAR, obs-text. */
static bool
is_vchar(uint8_t c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int
refuse(struct http1_req *r, int err, int status, long off, struct hl_diag *d,
    const char *msg)
{
	r->status = status;
	r->close = true;
	(void)hl_diag_set(d, err, NULL, "%s", msg);
	hl_diag_offset(d, off);
	return err;
}

int
http1_head_len(const uint8_t *p, size_t n, size_t *len)
{
	size_t max = n < HL_HTTP_MAX_HEAD ? n : HL_HTTP_MAX_HEAD;

	*len = 0;
	for (size_t i = 3; i < max; i++)
		if (p[i] == '\n' && p[i - 1] == '\r' && p[i - 2] == '\n' &&
		    p[i - 3] == '\r') {
			*len = i + 1;
			return 0;
		}
	return n >= HL_HTTP_MAX_HEAD ? HL_ETOOBIG : 0;
}

/* Where the line starting at i ends (at its CR), or -1 if CR is not LF's. */
static long
line_end(const uint8_t *p, size_t n, size_t i)
{
	for (; i < n; i++) {
		if (p[i] == '\r')
			return i + 1 < n && p[i + 1] == '\n' ? (long)i : -1;
		if (p[i] == '\n')
			return -1;
	}
	return -1;
}

static int
request_line(const uint8_t *p, size_t e, struct http1_req *r,
    struct hl_diag *d)
{
	size_t i = 0, m, t, tl;
	const uint8_t *q;

	while (i < e && is_tchar(p[i]))
		i++;
	m = i;
	if (m == 0 || i >= e || p[i] != ' ')
		return refuse(r, HL_EFRAMING, 400, (long)i, d,
		    "the request line is not METHOD SP target SP version");
	t = ++i;
	while (i < e && p[i] > 0x20 && p[i] < 0x7f)
		i++;
	tl = i - t;
	if (i >= e || p[i] != ' ' || i + 1 >= e)
		return refuse(r, HL_EFRAMING, 400, (long)i, d,
		    "the request line is not METHOD SP target SP version");
	q = p + i + 1;
	if (e - (i + 1) == 8 && memcmp(q, "HTTP/2.0", 8) == 0)
		return refuse(r, HL_EFRAMING, 505, (long)i + 1, d,
		    "HTTP/2 is not spoken here: HTTP/1.1 only");
	if (e - (i + 1) != 8 || memcmp(q, "HTTP/1.", 7) != 0 ||
	    (q[7] != '0' && q[7] != '1'))
		return refuse(r, HL_EFRAMING, e - (i + 1) == 8 &&
		    memcmp(q, "HTTP/", 5) == 0 ? 505 : 400, (long)i + 1, d,
		    "the version is not HTTP/1.1 or HTTP/1.0");
	r->minor = q[7] - '0';
	r->close = r->minor == 0;
	if (m == 3 && memcmp(p, "GET", 3) == 0)
		r->method = HTTP1_GET;
	else if (m == 4 && memcmp(p, "POST", 4) == 0)
		r->method = HTTP1_POST;
	else if (m == 4 && memcmp(p, "HEAD", 4) == 0)
		r->method = HTTP1_HEAD;
	else if (m == 6 && memcmp(p, "DELETE", 6) == 0)
		r->method = HTTP1_DELETE;
	else
		return refuse(r, HL_EMETHOD, 405, 0, d,
		    "only GET, HEAD, POST and DELETE are served");
	if (tl > HL_HTTP_MAX_TARGET)
		return refuse(r, HL_ETOOBIG, 414, (long)t, d,
		    "the request target is too long");
	if (p[t] != '/')
		return refuse(r, HL_EFRAMING, 400, (long)t, d,
		    "the request target is not a path");
	for (m = t; m < t + tl && p[m] != '?'; m++)
		;
	(void)snprintf(r->path, sizeof(r->path), "%.*s", (int)(m - t),
	    (const char *)p + t);
	if (m < t + tl)
		(void)snprintf(r->query, sizeof(r->query), "%.*s",
		    (int)(t + tl - m - 1), (const char *)p + m + 1);
	return 0;
}

/* Does the comma-separated list in v (of vl bytes) hold token tok? */
static bool
list_has(const char *v, size_t vl, const char *tok)
{
	size_t tl = strlen(tok), i = 0, s;

	while (i < vl) {
		while (i < vl && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < vl && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i - s == tl && strncasecmp(v + s, tok, tl) == 0)
			return true;
	}
	return false;
}

/*
 * One field kept whole in out (of size n): one of it only (two would be
 * ambiguous), and one too long for out is 431.
 */
static int
keep_one(struct http1_req *r, char *out, size_t n, const char *v, size_t vl,
    size_t s, const char *name, struct hl_diag *d)
{
	char msg[64];

	if (out[0] != '\0') {
		(void)snprintf(msg, sizeof(msg), "two %s fields", name);
		return refuse(r, HL_EFRAMING, 400, (long)s, d, msg);
	}
	if (vl >= n) {
		(void)snprintf(msg, sizeof(msg), "%s is too long", name);
		return refuse(r, HL_ETOOBIG, 431, (long)s, d, msg);
	}
	memcpy(out, v, vl);
	out[vl] = '\0';
	return 0;
}

/*
 * A Cookie field (RFC 6265 5.4: "name=value; name=value"): only
 * hl_session's value is kept, the others are skipped unread.
 */
static int
cookie(struct http1_req *r, const char *v, size_t vl, size_t s,
    struct hl_diag *d)
{
	static const char want[] = "hl_session";
	size_t i = 0, ns, ne, vs;

	while (i < vl) {
		while (i < vl && (v[i] == ' ' || v[i] == '\t' || v[i] == ';'))
			i++;
		ns = i;
		while (i < vl && v[i] != '=' && v[i] != ';')
			i++;
		ne = i;
		if (i < vl && v[i] == '=')
			i++;
		vs = i;
		while (i < vl && v[i] != ';')
			i++;
		if (ne - ns != sizeof(want) - 1 || memcmp(v + ns, want,
		    sizeof(want) - 1) != 0)
			continue;
		/* Two sessions: which one speaks is a guess. */
		if (r->session[0] != '\0')
			return refuse(r, HL_EFRAMING, 400, (long)s, d,
			    "two hl_session cookies");
		if (i - vs >= sizeof(r->session))
			return refuse(r, HL_ETOOBIG, 431, (long)s, d,
			    "the hl_session cookie is too long");
		memcpy(r->session, v + vs, i - vs);
		r->session[i - vs] = '\0';
	}
	return 0;
}

static int
field(const uint8_t *p, size_t s, size_t e, struct http1_req *r,
    bool *host, struct hl_diag *d)
{
	size_t i = s, nl, vs, ve;
	const char *name = (const char *)p + s, *v;
	int64_t len = 0;

	if (p[s] == ' ' || p[s] == '\t')
		return refuse(r, HL_EFRAMING, 400, (long)s, d,
		    "a folded field line (obs-fold)");
	while (i < e && is_tchar(p[i]))
		i++;
	nl = i - s;
	if (nl == 0 || i >= e || p[i] != ':')
		return refuse(r, HL_EFRAMING, 400, (long)i, d,
		    "a field line is not name: value");
	vs = i + 1;
	while (vs < e && (p[vs] == ' ' || p[vs] == '\t'))
		vs++;
	ve = e;
	while (ve > vs && (p[ve - 1] == ' ' || p[ve - 1] == '\t'))
		ve--;
	for (i = vs; i < ve; i++)
		if (!is_vchar(p[i]))
			return refuse(r, HL_EFRAMING, 400, (long)i, d,
			    "a control character in a field value");
	v = (const char *)p + vs;
#define IS(f) (nl == sizeof(f) - 1 && strncasecmp(name, f, nl) == 0)
	if (IS("Transfer-Encoding"))
		return refuse(r, HL_ECODING, 501, (long)s, d,
		    "no transfer coding is served: send Content-Length");
	if (IS("Content-Length")) {
		if (r->length >= 0)
			return refuse(r, HL_EFRAMING, 400, (long)s, d,
			    "two Content-Length fields");
		if (ve == vs || ve - vs > 18)
			return refuse(r, HL_EFRAMING, 400, (long)vs, d,
			    "Content-Length is not a number of bytes");
		for (i = vs; i < ve; i++) {
			if (p[i] < '0' || p[i] > '9')
				return refuse(r, HL_EFRAMING, 400, (long)i, d,
				    "Content-Length is not a number of bytes");
			len = len * 10 + (p[i] - '0');
		}
		r->length = len;
	} else if (IS("Host")) {
		if (*host)
			return refuse(r, HL_EFRAMING, 400, (long)s, d,
			    "two Host fields");
		*host = true;
	} else if (IS("Connection")) {
		if (list_has(v, ve - vs, "close"))
			r->close = true;
	} else if (IS("Expect")) {
		if (ve - vs != 12 || strncasecmp(v, "100-continue", 12) != 0)
			return refuse(r, HL_EFRAMING, 417, (long)vs, d,
			    "only Expect: 100-continue is understood");
		r->expect = true;
	} else if (IS("Content-Type")) {
		if (r->type[0] != '\0')
			return refuse(r, HL_EFRAMING, 400, (long)s, d,
			    "two Content-Type fields");
		if (ve - vs >= sizeof(r->type) || ve == vs)
			return refuse(r, HL_EMEDIATYPE, 415, (long)vs, d,
			    "Content-Type is empty or too long");
		memcpy(r->type, v, ve - vs);
		r->type[ve - vs] = '\0';
	} else if (IS("Accept")) {
		size_t have = strlen(r->accept);

		/* Repeated, the fields are one list (RFC 9110 5.3). */
		if (ve == vs)
			return 0;
		if (have + (have > 0 ? 2 : 0) + (ve - vs) >= sizeof(r->accept))
			return refuse(r, HL_ETOOBIG, 431, (long)vs, d,
			    "Accept is too long");
		if (have > 0) {
			memcpy(r->accept + have, ", ", 2);
			have += 2;
		}
		memcpy(r->accept + have, v, ve - vs);
		r->accept[have + (ve - vs)] = '\0';
	} else if (IS("Authorization")) {
		/*
		 * Two sets of credentials: which one speaks is a guess. An
		 * empty one is none (and so a 401, where one is asked).
		 */
		if (ve == vs)
			return 0;
		if (r->authorization[0] != '\0')
			return refuse(r, HL_EFRAMING, 400, (long)s, d,
			    "two Authorization fields");
		if (ve - vs >= sizeof(r->authorization))
			return refuse(r, HL_ETOOBIG, 431, (long)vs, d,
			    "Authorization is too long");
		memcpy(r->authorization, v, ve - vs);
		r->authorization[ve - vs] = '\0';
	} else if (IS("Cookie")) {
		return cookie(r, v, ve - vs, s, d);
	} else if (IS("X-CSRF-Token")) {
		if (ve == vs)
			return 0;
		return keep_one(r, r->csrf, sizeof(r->csrf), v, ve - vs, s,
		    "X-CSRF-Token", d);
	} else if (IS("Origin")) {
		if (ve == vs)
			return 0;
		return keep_one(r, r->origin, sizeof(r->origin), v, ve - vs, s,
		    "Origin", d);
	}
#undef IS
	return 0;
}

int
http1_parse(const uint8_t *p, size_t n, struct http1_req *r,
    struct hl_diag *d)
{
	bool host = false;
	size_t i, fields = 0;
	long e;
	int err;

	memset(r, 0, sizeof(*r));
	r->length = -1;
	if (n < 4 || n > HL_HTTP_MAX_HEAD || memcmp(p + n - 4, "\r\n\r\n",
	    4) != 0)
		return refuse(r, HL_EFRAMING, 400, 0, d,
		    "the head does not end with an empty line");
	if ((e = line_end(p, n, 0)) < 0)
		return refuse(r, HL_EFRAMING, 400, 0, d,
		    "a bare CR or LF in the request line");
	if ((err = request_line(p, (size_t)e, r, d)) != 0)
		return err;
	for (i = (size_t)e + 2; i < n - 2; i = (size_t)e + 2) {
		if ((e = line_end(p, n, i)) < 0)
			return refuse(r, HL_EFRAMING, 400, (long)i, d,
			    "a bare CR or LF in a field line");
		if (++fields > HL_HTTP_MAX_FIELDS)
			return refuse(r, HL_ETOOBIG, 431, (long)i, d,
			    "too many field lines");
		if ((err = field(p, i, (size_t)e, r, &host, d)) != 0)
			return err;
	}
	if (r->minor == 1 && !host)
		return refuse(r, HL_EFRAMING, 400, 0, d,
		    "an HTTP/1.1 request without Host");
	if (r->method == HTTP1_POST && r->length < 0)
		return refuse(r, HL_EFRAMING, 411, 0, d,
		    "a POST needs Content-Length");
	if (r->method != HTTP1_POST && r->length > 0)
		return refuse(r, HL_EFRAMING, 400, 0, d,
		    r->method == HTTP1_GET ? "a GET carries no body" :
		    r->method == HTTP1_HEAD ? "a HEAD carries no body" :
		    "a DELETE carries no body");
	if (r->method != HTTP1_POST)
		r->expect = false;
	return 0;
}

bool
http1_media_is(const char *type, const char *want)
{
	size_t n = strlen(want);
	const char *p = type + n;

	if (strncasecmp(type, want, n) != 0)
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '\0' || *p == ';';
}

bool
http1_query(const char *query, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key), vl;
	const char *p = query, *amp;

	while (*p != '\0') {
		amp = strchr(p, '&');
		if (amp == NULL)
			amp = p + strlen(p);
		if ((size_t)(amp - p) > kl && strncmp(p, key, kl) == 0 &&
		    p[kl] == '=') {
			vl = (size_t)(amp - p) - kl - 1;
			if (vl >= n)
				return false;
			memcpy(out, p + kl + 1, vl);
			out[vl] = '\0';
			return true;
		}
		p = *amp == '&' ? amp + 1 : amp;
	}
	return false;
}
