/*
 * The STIX 2.1 pattern grammar (CS02 section 9), read by a tokenizer and
 * a recursive-descent parser, whole: every construct is recognised, so
 * that what cannot become indicators is named for what it is (AND,
 * FOLLOWEDBY, a qualifier, LIKE, a path hotline has no type for) rather
 * than as a syntax error. Only a pattern that is one equality or an OR of
 * equalities on a path with a hotline type is a list of indicators.
 * Internal to src/interop; stix.c is its one user.
 */
#ifndef HL_STIXPAT_H
#define HL_STIXPAT_H

#include <stddef.h>

#include "ioc.h"

/* One comparison: path's type = the string at buf + off, n bytes. */
struct stixpat_cmp {
	enum ioc_type	 type;
	size_t		 off;
	size_t		 n;
};

struct stixpat {
	char			*buf;	/* the string literals, unescaped */
	size_t			 used;
	struct stixpat_cmp	*c;	/* the comparisons, in order */
	size_t			 n, cap;
	char			 why[256]; /* why it is not a list */
};

/*
 * Parses the n bytes of pattern p (at most HL_MAX_STIX_PATTERN, nested
 * at most HL_MAX_STIX_DEPTH). 0 when it is a list of indicators (sp->c,
 * sp->n); 1 when it is not, or does not parse, with sp->why saying so
 * ("AND: ...", "syntax: at byte 12, ..."); HL_ENOMEM. sp is filled
 * either way; stixpat_done() frees it.
 */
int stixpat_parse(const char *p, size_t n, struct stixpat *sp)
    __attribute__((warn_unused_result));

void stixpat_done(struct stixpat *sp);

/*
 * The hotline type of a file hash name as writers spell it ("MD5",
 * "SHA-1", "SHA1", "sha-256", "SHA256"), n bytes; -1 if none.
 */
int stixpat_hash(const char *s, size_t n);

#endif
