/*
 * The STIX pattern grammar: a tokenizer and a recursive-descent parser.
 * See stixpat.h. The grammar, from CS02 9.3 and the ANTLR grammar of
 * oasis-open/cti-pattern-validator, with this parser's function for each
 * rule:
 *
 *   pattern  := obs_seq END
 *   obs_seq  := obs_or ("FOLLOWEDBY" obs_or)*
 *   obs_or   := obs_and ("OR" obs_and)*
 *   obs_and  := obs ("AND" obs)*
 *   obs      := ("[" cmp_or "]" | "(" obs_seq ")") qualifier*
 *   qualifier := "WITHIN" num "SECONDS" | "REPEATS" int "TIMES"
 *              | "START" t'...' "STOP" t'...'
 *   cmp_or   := cmp_and ("OR" cmp_and)*
 *   cmp_and  := test ("AND" test)*
 *   test     := "(" cmp_or ")" | "EXISTS" path
 *              | path ["NOT"] (op literal | "IN" "(" literal ("," literal)* ")"
 *                | ("LIKE" | "MATCHES" | "ISSUBSET" | "ISSUPERSET") string)
 *   path     := word ":" word ("." (word | string) | "[" (int | "*") "]")*
 *
 * Keywords are upper case, as the grammar has them. A word may hold '-'
 * (object types do, "ipv4-addr"; some writers put file:hashes.SHA-256
 * unquoted, and '-' can mean nothing else there). Every bracket and
 * parenthesis counts towards HL_MAX_STIX_DEPTH before the parser
 * recurses into it.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "limits.h"
#include "stixpat.h"

enum tok {
	T_END,
	T_LBRACK,
	T_RBRACK,
	T_LPAREN,
	T_RPAREN,
	T_COLON,
	T_DOT,
	T_COMMA,
	T_STAR,
	T_OP,		/* = == != <> < <= > >= */
	T_WORD,
	T_STRING,	/* '...', the quotes included in the span */
	T_NUM,
	T_BIN,		/* b'...' */
	T_HEX,		/* h'...' */
	T_TIME,		/* t'...' */
	T_BAD
};

struct ps {
	const char	*p, *e;		/* the pattern */
	const char	*cur;		/* where the lexer is */
	enum tok	 tok;
	const char	*ts;		/* the token */
	size_t		 tl;
	int		 depth;
	int		 err;		/* 0, 1 (syntax, why set), HL_ENOMEM */
	bool		 unsup;		/* why says what is not a list */
	struct stixpat	*sp;
};

static int syntax(struct ps *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void unsup(struct ps *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Records why the pattern does not parse; stops the parse. */
static int
syntax(struct ps *ps, const char *fmt, ...)
{
	char m[200];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	(void)snprintf(ps->sp->why, sizeof(ps->sp->why), "does not parse as "
	    "a STIX pattern: at byte %zu, %s", (size_t)(ps->ts - ps->p), m);
	ps->err = 1;
	return 1;
}

/* Records the first construct that makes it no list; parsing goes on. */
static void
unsup(struct ps *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->unsup)
		return;
	ps->unsup = true;
	va_start(ap, fmt);
	(void)vsnprintf(ps->sp->why, sizeof(ps->sp->why), fmt, ap);
	va_end(ap);
}

static bool
isword(int c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '-');
}

static bool
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* Past a quoted literal at s ('...'); NULL if it never closes. */
static const char *
quoted(const char *s, const char *e, bool escapes)
{
	for (s++; s < e; s++) {
		if (escapes && *s == '\\') {
			if (s + 1 >= e || (s[1] != '\'' && s[1] != '\\'))
				return NULL;
			s++;
		} else if (*s == '\'')
			return s + 1;
	}
	return NULL;
}

/* The next token into ps->tok, ts, tl. */
static void
next(struct ps *ps)
{
	const char *s = ps->cur, *e = ps->e, *q;
	enum tok t = T_BAD;

	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\n'))
		s++;
	ps->ts = s;
	if (s == e) {
		ps->tok = T_END;
		ps->tl = 0;
		ps->cur = s;
		return;
	}
	q = s + 1;
	switch (*s) {
	case '[': t = T_LBRACK; break;
	case ']': t = T_RBRACK; break;
	case '(': t = T_LPAREN; break;
	case ')': t = T_RPAREN; break;
	case ':': t = T_COLON; break;
	case '.': t = T_DOT; break;
	case ',': t = T_COMMA; break;
	case '*': t = T_STAR; break;
	case '=':
		t = T_OP;
		if (q < e && *q == '=')
			q++;
		break;
	case '!':
		if (q < e && *q == '=') {
			t = T_OP;
			q++;
		}
		break;
	case '<':
	case '>':
		t = T_OP;
		if (q < e && (*q == '=' || (*s == '<' && *q == '>')))
			q++;
		break;
	case '\'':
		if ((q = quoted(s, e, true)) != NULL)
			t = T_STRING;
		else
			q = e;
		break;
	default:
		if ((*s == 'b' || *s == 'h' || *s == 't') && q < e &&
		    *q == '\'') {
			t = *s == 'b' ? T_BIN : *s == 'h' ? T_HEX : T_TIME;
			if ((q = quoted(q, e, false)) == NULL) {
				t = T_BAD;
				q = e;
			}
		} else if (isword((unsigned char)*s, true)) {
			t = T_WORD;
			while (q < e && isword((unsigned char)*q, false))
				q++;
		} else if (isdig((unsigned char)*s) || ((*s == '-' ||
		    *s == '+') && q < e && isdig((unsigned char)*q))) {
			/* An int, or a float: digits, '.', digits. */
			t = T_NUM;
			while (q < e && isdig((unsigned char)*q))
				q++;
			if (q + 1 < e && *q == '.' &&
			    isdig((unsigned char)q[1]))
				for (q++; q < e && isdig((unsigned char)*q);)
					q++;
		}
		break;
	}
	ps->tok = t;
	ps->tl = (size_t)(q - s);
	ps->cur = q;
}

/* Whether the token is the keyword kw. */
static bool
kw(const struct ps *ps, const char *kw)
{
	return ps->tok == T_WORD && ps->tl == strlen(kw) &&
	    memcmp(ps->ts, kw, ps->tl) == 0;
}

static bool
span_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && memcmp(s, w, n) == 0;
}

/* What a token is, for a message. */
static const char *
what(const struct ps *ps)
{
	switch (ps->tok) {
	case T_END: return "the end";
	case T_BAD: return "a byte that begins no token";
	case T_STRING: return "a string";
	case T_WORD: return "a word";
	case T_NUM: return "a number";
	case T_OP: return "an operator";
	default: return "a punctuation mark";
	}
}

static int
expect(struct ps *ps, enum tok t, const char *name)
{
	if (ps->tok != t)
		return syntax(ps, "expected %s, found %s", name, what(ps));
	next(ps);
	return 0;
}

static int
deeper(struct ps *ps)
{
	if (++ps->depth > HL_MAX_STIX_DEPTH)
		return syntax(ps, "brackets and parentheses nested deeper "
		    "than %d", HL_MAX_STIX_DEPTH);
	return 0;
}

int
stixpat_hash(const char *s, size_t n)
{
	char t[16];
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-' || s[i] == '_')
			continue;
		if (o + 1 >= sizeof(t))
			return -1;
		t[o++] = s[i];
	}
	t[o] = '\0';
	if (strcasecmp(t, "MD5") == 0)
		return IOC_MD5;
	if (strcasecmp(t, "SHA1") == 0)
		return IOC_SHA1;
	if (strcasecmp(t, "SHA256") == 0)
		return IOC_SHA256;
	return -1;
}

/*
 * An object path; *type is its hotline type or -1, *ps0 and *pn its
 * text for a message.
 */
static int
path(struct ps *ps, int *type, const char **ps0, size_t *pn)
{
	const char *ot, *c1 = NULL, *c2 = NULL;
	size_t otn, c1n = 0, c2n = 0, ncomp = 0;

	*type = -1;
	*ps0 = ps->ts;
	if (ps->tok != T_WORD)
		return syntax(ps, "expected an object path, found %s",
		    what(ps));
	ot = ps->ts;
	otn = ps->tl;
	next(ps);
	if (expect(ps, T_COLON, "':' after the object type") != 0)
		return 1;
	if (ps->tok != T_WORD)
		return syntax(ps, "expected a property name, found %s",
		    what(ps));
	c1 = ps->ts;
	c1n = ps->tl;
	ncomp = 1;
	next(ps);
	for (;;) {
		if (ps->tok == T_DOT) {
			next(ps);
			if (ps->tok != T_WORD && ps->tok != T_STRING)
				return syntax(ps, "expected a property name "
				    "after '.', found %s", what(ps));
			if (++ncomp == 2) {
				c2 = ps->ts;
				c2n = ps->tl;
				if (ps->tok == T_STRING) {
					c2++;
					c2n -= 2;
				}
			}
			next(ps);
		} else if (ps->tok == T_LBRACK) {
			next(ps);
			if (ps->tok != T_NUM && ps->tok != T_STAR)
				return syntax(ps, "expected an index or '*' "
				    "in a path, found %s", what(ps));
			next(ps);
			if (expect(ps, T_RBRACK, "']' after an index") != 0)
				return 1;
			ncomp += 2;	/* never one of the paths below */
		} else
			break;
	}
	*pn = (size_t)(ps->ts - *ps0);
	while (*pn > 0 && ((*ps0)[*pn - 1] == ' ' || (*ps0)[*pn - 1] == '\t' ||
	    (*ps0)[*pn - 1] == '\r' || (*ps0)[*pn - 1] == '\n'))
		(*pn)--;
	if (ncomp == 1 && span_is(c1, c1n, "value")) {
		if (span_is(ot, otn, "ipv4-addr"))
			*type = IOC_IPV4;
		else if (span_is(ot, otn, "ipv6-addr"))
			*type = IOC_IPV6;
		else if (span_is(ot, otn, "domain-name"))
			*type = IOC_DOMAIN;
		else if (span_is(ot, otn, "url"))
			*type = IOC_URL;
		else if (span_is(ot, otn, "email-addr"))
			*type = IOC_EMAIL;
	} else if (ncomp == 2 && span_is(ot, otn, "file") &&
	    span_is(c1, c1n, "hashes"))
		*type = stixpat_hash(c2, c2n);
	return 0;
}

static bool
literal(enum tok t)
{
	return t == T_STRING || t == T_NUM || t == T_BIN || t == T_HEX ||
	    t == T_TIME;
}

/* A literal; true and false are words. */
static int
lit(struct ps *ps)
{
	if (!literal(ps->tok) && !kw(ps, "true") && !kw(ps, "false"))
		return syntax(ps, "expected a literal, found %s", what(ps));
	next(ps);
	return 0;
}

/* The string token's value, unescaped, as one more comparison. */
static int
add(struct ps *ps, int type)
{
	struct stixpat *sp = ps->sp;
	struct stixpat_cmp *c;
	const char *s = ps->ts + 1, *e = ps->ts + ps->tl - 1;
	size_t off = sp->used;

	if (sp->n == sp->cap) {
		size_t cap = sp->cap > 0 ? sp->cap * 2 : 8;

		if ((c = realloc(sp->c, cap * sizeof(*c))) == NULL)
			return ps->err = HL_ENOMEM;
		sp->c = c;
		sp->cap = cap;
	}
	for (; s < e; s++) {
		if (*s == '\\')
			s++;
		sp->buf[sp->used++] = *s;
	}
	c = &sp->c[sp->n++];
	c->type = (enum ioc_type)type;
	c->off = off;
	c->n = sp->used - off;
	return 0;
}

static int cmp_or(struct ps *);
static int obs_seq(struct ps *);

static int
test(struct ps *ps)
{
	const char *pt;
	size_t pn;
	int type;
	bool not = false;

	if (ps->tok == T_LPAREN) {
		if (deeper(ps) != 0)
			return 1;
		next(ps);
		if (cmp_or(ps) != 0 || expect(ps, T_RPAREN, "')'") != 0)
			return 1;
		ps->depth--;
		return 0;
	}
	if (kw(ps, "EXISTS")) {
		next(ps);
		unsup(ps, "EXISTS: a property being there is not a value");
		return path(ps, &type, &pt, &pn);
	}
	if (path(ps, &type, &pt, &pn) != 0)
		return 1;
	if (kw(ps, "NOT")) {
		not = true;
		next(ps);
	}
	if (ps->tok == T_OP) {
		const char *op = ps->ts;
		size_t opn = ps->tl;
		bool eq = span_is(op, opn, "=") || span_is(op, opn, "==");

		next(ps);
		if (not)
			unsup(ps, "NOT: a negation is not a value");
		else if (!eq)
			unsup(ps, "operator '%.*s': only '=' names a value",
			    (int)opn, op);
		else if (ps->tok != T_STRING && (literal(ps->tok) ||
		    kw(ps, "true") || kw(ps, "false")))
			unsup(ps, "%.*s compared with a non-string literal",
			    (int)(pn > 80 ? 80 : pn), pt);
		else if (type < 0)
			unsup(ps, "object path %.*s has no hotline type (one "
			    "of ipv4-addr:value, ipv6-addr:value, "
			    "domain-name:value, url:value, email-addr:value, "
			    "file:hashes.'MD5'|'SHA-1'|'SHA-256')",
			    (int)(pn > 80 ? 80 : pn), pt);
		else if (ps->tok == T_STRING && add(ps, type) != 0)
			return ps->err;
		return lit(ps);
	}
	if (kw(ps, "IN")) {
		next(ps);
		unsup(ps, "IN: a set of values; write it as '=' joined by OR");
		if (expect(ps, T_LPAREN, "'(' after IN") != 0 || lit(ps) != 0)
			return 1;
		while (ps->tok == T_COMMA) {
			next(ps);
			if (lit(ps) != 0)
				return 1;
		}
		return expect(ps, T_RPAREN, "')' closing IN's set");
	}
	if (kw(ps, "LIKE") || kw(ps, "MATCHES") || kw(ps, "ISSUBSET") ||
	    kw(ps, "ISSUPERSET")) {
		unsup(ps, "%.*s: matches many values, names none",
		    (int)ps->tl, ps->ts);
		next(ps);
		return expect(ps, T_STRING, "a string");
	}
	return syntax(ps, "expected an operator, found %s", what(ps));
}

static int
cmp_and(struct ps *ps)
{
	if (test(ps) != 0)
		return 1;
	while (kw(ps, "AND")) {
		unsup(ps, "AND: what must hold together is not a list of "
		    "indicators");
		next(ps);
		if (test(ps) != 0)
			return 1;
	}
	return 0;
}

static int
cmp_or(struct ps *ps)
{
	if (cmp_and(ps) != 0)
		return 1;
	while (kw(ps, "OR")) {
		next(ps);
		if (cmp_and(ps) != 0)
			return 1;
	}
	return 0;
}

static int
qualifiers(struct ps *ps)
{
	for (;;) {
		if (kw(ps, "WITHIN")) {
			unsup(ps, "WITHIN: a time window is not a list of "
			    "indicators");
			next(ps);
			if (expect(ps, T_NUM, "a number after WITHIN") != 0)
				return 1;
			if (!kw(ps, "SECONDS"))
				return syntax(ps, "expected SECONDS");
			next(ps);
		} else if (kw(ps, "REPEATS")) {
			unsup(ps, "REPEATS: a count of observations is not a "
			    "list of indicators");
			next(ps);
			if (expect(ps, T_NUM, "a number after REPEATS") != 0)
				return 1;
			if (!kw(ps, "TIMES"))
				return syntax(ps, "expected TIMES");
			next(ps);
		} else if (kw(ps, "START")) {
			unsup(ps, "START/STOP: a time window is not a list of "
			    "indicators");
			next(ps);
			if (expect(ps, T_TIME, "t'...' after START") != 0)
				return 1;
			if (!kw(ps, "STOP"))
				return syntax(ps, "expected STOP");
			next(ps);
			if (expect(ps, T_TIME, "t'...' after STOP") != 0)
				return 1;
		} else
			return 0;
	}
}

static int
obs(struct ps *ps)
{
	if (ps->tok == T_LBRACK) {
		if (deeper(ps) != 0)
			return 1;
		next(ps);
		if (cmp_or(ps) != 0 || expect(ps, T_RBRACK, "']'") != 0)
			return 1;
		ps->depth--;
	} else if (ps->tok == T_LPAREN) {
		if (deeper(ps) != 0)
			return 1;
		next(ps);
		if (obs_seq(ps) != 0 || expect(ps, T_RPAREN, "')'") != 0)
			return 1;
		ps->depth--;
	} else
		return syntax(ps, "expected '[' or '(', found %s", what(ps));
	return qualifiers(ps);
}

static int
obs_and(struct ps *ps)
{
	if (obs(ps) != 0)
		return 1;
	while (kw(ps, "AND")) {
		unsup(ps, "AND: observations that must all be seen are not "
		    "a list of indicators");
		next(ps);
		if (obs(ps) != 0)
			return 1;
	}
	return 0;
}

static int
obs_or(struct ps *ps)
{
	if (obs_and(ps) != 0)
		return 1;
	while (kw(ps, "OR")) {
		next(ps);
		if (obs_and(ps) != 0)
			return 1;
	}
	return 0;
}

static int
obs_seq(struct ps *ps)
{
	if (obs_or(ps) != 0)
		return 1;
	while (kw(ps, "FOLLOWEDBY")) {
		unsup(ps, "FOLLOWEDBY: a sequence of observations is not a "
		    "list of indicators");
		next(ps);
		if (obs_or(ps) != 0)
			return 1;
	}
	return 0;
}

int
stixpat_parse(const char *p, size_t n, struct stixpat *sp)
{
	struct ps ps;

	memset(sp, 0, sizeof(*sp));
	if (n > HL_MAX_STIX_PATTERN) {
		(void)snprintf(sp->why, sizeof(sp->why), "a pattern of %zu "
		    "bytes, longer than the %d read", n, HL_MAX_STIX_PATTERN);
		return 1;
	}
	if ((sp->buf = malloc(n + 1)) == NULL)
		return HL_ENOMEM;
	memset(&ps, 0, sizeof(ps));
	ps.p = ps.cur = p;
	ps.e = p + n;
	ps.sp = sp;
	next(&ps);
	if (obs_seq(&ps) == 0 && ps.tok != T_END)
		(void)syntax(&ps, "expected the end, found %s", what(&ps));
	if (ps.err < 0)
		return ps.err;
	if (ps.err > 0 || ps.unsup)
		return 1;
	return 0;
}

void
stixpat_done(struct stixpat *sp)
{
	free(sp->buf);
	free(sp->c);
	memset(sp, 0, sizeof(*sp));
}
