/*
 * Strict parsing of canonical JSON. See canon.h. Recursive descent with a
 * depth counter; every refusal names its byte offset.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "limits.h"

struct cparse {
	const uint8_t	*p;		/* the input, borrowed */
	size_t		 n;		/* its length */
	size_t		 at;		/* the next byte to read */
	size_t		 max_depth;
	struct hl_diag	*d;
	struct buf	 str;		/* scratch for decoded strings */
};

static int fail(struct cparse *c, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct cparse *c, int err, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hl_diag_offset(c->d, (long)c->at);
	return hl_diag_set(c->d, err, NULL, "%s", msg);
}

/* A byte that no canonical text has here: whitespace or anything else. */
static int
unexpected(struct cparse *c, const char *wanted)
{
	uint8_t b;

	if (c->at >= c->n)
		return fail(c, HL_EPARSE, "unexpected end of input; expected "
		    "%s", wanted);
	b = c->p[c->at];
	if (b == ' ' || b == '\t' || b == '\n' || b == '\r')
		return fail(c, HL_ENOTCANON, "not canonical: whitespace "
		    "(RFC 8785 has none)");
	if (b >= 0x20 && b < 0x7f)
		return fail(c, HL_EPARSE, "expected %s, found '%c'", wanted,
		    (char)b);
	return fail(c, HL_EPARSE, "expected %s, found byte 0x%02x", wanted,
	    b);
}

static bool
eat(struct cparse *c, uint8_t b)
{
	if (c->at < c->n && c->p[c->at] == b) {
		c->at++;
		return true;
	}
	return false;
}

/* Length of the valid UTF-8 sequence at p[0..left), or 0. */
static size_t
utf8_len(const uint8_t *p, size_t left)
{
	uint8_t b = p[0];

	if (b >= 0xc2 && b <= 0xdf)
		return left >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (b >= 0xe0 && b <= 0xef) {
		uint8_t lo = b == 0xe0 ? 0xa0 : 0x80;
		uint8_t hi = b == 0xed ? 0x9f : 0xbf;	/* no surrogates */

		return left >= 3 && p[1] >= lo && p[1] <= hi &&
		    (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (b >= 0xf0 && b <= 0xf4) {
		uint8_t lo = b == 0xf0 ? 0x90 : 0x80;
		uint8_t hi = b == 0xf4 ? 0x8f : 0xbf;	/* <= U+10FFFF */

		return left >= 4 && p[1] >= lo && p[1] <= hi &&
		    (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

static int
hexval(uint8_t h)
{
	if (h >= '0' && h <= '9')
		return h - '0';
	if (h >= 'a' && h <= 'f')
		return h - 'a' + 10;
	return -1;
}

/*
 * A string, decoded into c->str. Raw runs are copied whole; the only
 * escapes are the ones JCS writes.
 */
static int
parse_string(struct cparse *c)
{
	size_t run;

	buf_clear(&c->str);
	if (!eat(c, '"'))
		return unexpected(c, "a string");
	for (;;) {
		run = c->at;
		while (c->at < c->n && c->p[c->at] >= 0x20 &&
		    c->p[c->at] < 0x80 && c->p[c->at] != '"' &&
		    c->p[c->at] != '\\')
			c->at++;
		(void)buf_add(&c->str, c->p + run, c->at - run);
		if (c->at >= c->n)
			return fail(c, HL_EPARSE, "unterminated string");
		if (eat(c, '"'))
			return buf_err(&c->str);
		if (c->p[c->at] < 0x20)
			return fail(c, HL_EPARSE, "control character 0x%02x "
			    "in a string must be escaped", c->p[c->at]);
		if (c->p[c->at] >= 0x80) {
			size_t len = utf8_len(c->p + c->at, c->n - c->at);

			if (len == 0)
				return fail(c, HL_EPARSE, "invalid UTF-8");
			(void)buf_add(&c->str, c->p + c->at, len);
			c->at += len;
			continue;
		}
		/* A backslash. */
		if (c->at + 1 >= c->n)
			return fail(c, HL_EPARSE, "unterminated string");
		switch (c->p[c->at + 1]) {
		case '"':
		case '\\':
			(void)buf_addc(&c->str, (char)c->p[c->at + 1]);
			c->at += 2;
			continue;
		case 'b': (void)buf_addc(&c->str, '\b'); c->at += 2; continue;
		case 't': (void)buf_addc(&c->str, '\t'); c->at += 2; continue;
		case 'n': (void)buf_addc(&c->str, '\n'); c->at += 2; continue;
		case 'f': (void)buf_addc(&c->str, '\f'); c->at += 2; continue;
		case 'r': (void)buf_addc(&c->str, '\r'); c->at += 2; continue;
		case 'u':
			break;
		case '/':
			return fail(c, HL_ENOTCANON, "not canonical: '\\/' is "
			    "written '/'");
		default:
			return fail(c, HL_EPARSE, "invalid escape");
		}
		/* \u: canonical only as \u00xx for a control character. */
		{
			int h1, h2, v;

			if (c->at + 6 > c->n || c->p[c->at + 2] != '0' ||
			    c->p[c->at + 3] != '0' ||
			    (h1 = hexval(c->p[c->at + 4])) < 0 ||
			    (h2 = hexval(c->p[c->at + 5])) < 0 ||
			    (v = h1 * 16 + h2) >= 0x20 || v == '\b' ||
			    v == '\t' || v == '\n' || v == '\f' || v == '\r')
				return fail(c, HL_ENOTCANON, "not canonical: "
				    "\\u escapes are written only for control "
				    "characters without a short form, in "
				    "lower case");
			(void)buf_addc(&c->str, (char)v);
			c->at += 6;
		}
	}
}

static bool
digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
number_grammar(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (digit(*s))
		while (digit(*s))
			s++;
	else
		return false;
	if (*s == '.') {
		if (!digit(*++s))
			return false;
		while (digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!digit(*s))
			return false;
		while (digit(*s))
			s++;
	}
	return *s == '\0';
}

static int
parse_number(struct cparse *c, json_t **out)
{
	char tok[JCS_NUMBER_MAX + 1], canon[JCS_NUMBER_MAX];
	size_t start = c->at, len;
	double v;

	while (c->at < c->n && ((c->p[c->at] >= '0' && c->p[c->at] <= '9') ||
	    c->p[c->at] == '-' || c->p[c->at] == '+' || c->p[c->at] == '.' ||
	    c->p[c->at] == 'e' || c->p[c->at] == 'E'))
		c->at++;
	len = c->at - start;
	c->at = start;
	if (len == 0)
		return unexpected(c, "a value");
	if (len > JCS_NUMBER_MAX - 1)
		return fail(c, HL_ENOTCANON, "not canonical: a number longer "
		    "than any shortest form");
	memcpy(tok, c->p + start, len);
	tok[len] = '\0';
	if (!number_grammar(tok)) {
		c->at = start;
		return fail(c, HL_EPARSE, "invalid number '%s'", tok);
	}
	/* The canonical spelling is the only one: reprint and compare. */
	v = strtod(tok, NULL);
	if (jcs_number(v, canon) < 0)
		return fail(c, HL_EPARSE, "number '%s' out of range", tok);
	if (strcmp(canon, tok) != 0)
		return fail(c, HL_ENOTCANON, "not canonical: number '%s' is "
		    "written '%s'", tok, canon);
	c->at += len;
	*out = json_real(v);
	return *out != NULL ? 0 : HL_ENOMEM;
}

static int parse_value(struct cparse *c, size_t depth, json_t **out,
    struct jcs_member *top, size_t max_top, size_t *ntop);

static int
parse_array(struct cparse *c, size_t depth, json_t **out)
{
	json_t *a, *v;
	int r;

	if ((a = json_array()) == NULL)
		return HL_ENOMEM;
	c->at++;
	if (eat(c, ']')) {
		*out = a;
		return 0;
	}
	for (;;) {
		if ((r = parse_value(c, depth + 1, &v, NULL, 0, NULL)) != 0)
			goto fail;
		if (json_array_append_new(a, v) != 0) {
			r = HL_ENOMEM;
			goto fail;
		}
		if (eat(c, ']'))
			break;
		if (!eat(c, ',')) {
			r = unexpected(c, "',' or ']'");
			goto fail;
		}
	}
	*out = a;
	return 0;
fail:
	json_decref(a);
	return r;
}

static int
parse_object(struct cparse *c, size_t depth, json_t **out,
    struct jcs_member *top, size_t max_top, size_t *ntop)
{
	struct buf prev;
	json_t *o, *v;
	size_t start, nmem = 0;
	int r;

	if ((o = json_object()) == NULL)
		return HL_ENOMEM;
	buf_init(&prev, HL_MAX_CANON_BYTES);
	c->at++;
	if (eat(c, '}'))
		goto done;
	for (;;) {
		start = c->at;
		if ((r = parse_string(c)) != 0)
			goto fail;
		if (memchr(c->str.p, '\0', c->str.len) != NULL) {
			c->at = start;
			r = fail(c, HL_EPARSE, "NUL byte in a member name");
			goto fail;
		}
		if (nmem > 0) {
			int cmp = jcs_keycmp((const char *)prev.p, prev.len,
			    (const char *)c->str.p, c->str.len);

			if (cmp >= 0) {
				c->at = start;
				r = cmp == 0 ? fail(c, HL_EPARSE, "duplicate "
				    "member \"%.64s\"", buf_str(&prev)) :
				    fail(c, HL_ENOTCANON, "not canonical: "
				    "member \"%.64s\" sorts before \"%.64s\"",
				    buf_str(&c->str), buf_str(&prev));
				goto fail;
			}
		}
		buf_clear(&prev);
		(void)buf_add(&prev, c->str.p, c->str.len);
		if ((r = buf_err(&prev)) != 0)
			goto fail;
		if (!eat(c, ':')) {
			r = unexpected(c, "':'");
			goto fail;
		}
		if ((r = parse_value(c, depth + 1, &v, NULL, 0, NULL)) != 0)
			goto fail;
		if (json_object_setn_new_nocheck(o, (const char *)prev.p,
		    prev.len, v) != 0) {
			r = HL_ENOMEM;
			goto fail;
		}
		if (top != NULL) {
			if (nmem == max_top) {
				r = fail(c, HL_ETOOBIG, "more than %zu members",
				    max_top);
				goto fail;
			}
			/* The key as stored in the object outlives prev. */
			top[nmem].key = json_object_iter_key(
			    json_object_iter_at(o, (const char *)prev.p));
			top[nmem].value = v;
			top[nmem].start = start;
			top[nmem].end = c->at;
		}
		nmem++;
		if (eat(c, '}'))
			break;
		if (!eat(c, ',')) {
			r = unexpected(c, "',' or '}'");
			goto fail;
		}
	}
done:
	if (ntop != NULL)
		*ntop = nmem;
	buf_done(&prev);
	*out = o;
	return 0;
fail:
	buf_done(&prev);
	json_decref(o);
	return r;
}

static int
parse_value(struct cparse *c, size_t depth, json_t **out,
    struct jcs_member *top, size_t max_top, size_t *ntop)
{
	int r;

	*out = NULL;
	if (c->at >= c->n)
		return unexpected(c, "a value");
	switch (c->p[c->at]) {
	case '{':
	case '[':
		if (depth >= c->max_depth)
			return fail(c, HL_EDEPTH, "nested deeper than %zu "
			    "levels", c->max_depth);
		if (c->p[c->at] == '[')
			return parse_array(c, depth, out);
		return parse_object(c, depth, out, top, max_top, ntop);
	case '"':
		if ((r = parse_string(c)) != 0)
			return r;
		*out = json_stringn_nocheck((const char *)c->str.p,
		    c->str.len);
		return *out != NULL ? 0 : HL_ENOMEM;
	case 't':
		if (c->n - c->at >= 4 && memcmp(c->p + c->at, "true", 4) == 0) {
			c->at += 4;
			*out = json_true();
			return 0;
		}
		break;
	case 'f':
		if (c->n - c->at >= 5 &&
		    memcmp(c->p + c->at, "false", 5) == 0) {
			c->at += 5;
			*out = json_false();
			return 0;
		}
		break;
	case 'n':
		if (c->n - c->at >= 4 && memcmp(c->p + c->at, "null", 4) == 0) {
			c->at += 4;
			*out = json_null();
			return 0;
		}
		break;
	default:
		return parse_number(c, out);
	}
	return fail(c, HL_EPARSE, "invalid literal");
}

int
canon_parse(const uint8_t *p, size_t n, size_t max_depth, json_t **out,
    struct jcs_member *top, size_t max_top, size_t *ntop, struct hl_diag *d)
{
	struct cparse c = { .p = p, .n = n, .at = 0, .max_depth = max_depth,
		.d = d };
	int r;

	*out = NULL;
	if (ntop != NULL)
		*ntop = 0;
	buf_init(&c.str, n + 1);
	r = parse_value(&c, 0, out, top, max_top, ntop);
	if (r == 0 && c.at != n)
		r = c.p[c.at] == ' ' || c.p[c.at] == '\t' ||
		    c.p[c.at] == '\n' || c.p[c.at] == '\r' ?
		    fail(&c, HL_ENOTCANON, "not canonical: whitespace after "
		    "the value") : fail(&c, HL_EPARSE, "bytes after the "
		    "value");
	if (r != 0) {
		json_decref(*out);
		*out = NULL;
	}
	buf_done(&c.str);
	return r;
}
