/*
 * table: the tally grouped into rows (a country, a registered country or
 * an autonomous system, and what came from it), most first, and the rows
 * as JSON, CSV or an SVG bar chart. Never prints: text goes line by line
 * to the caller, who escapes it for where it goes.
 */
#ifndef HL_TABLE_H
#define HL_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "geo.h"
#include "origins.h"

enum table_by {
	TABLE_COUNTRY,		/* where the database locates it */
	TABLE_REGISTERED,	/* where the database has it registered */
	TABLE_ASN		/* its autonomous system */
};

/* One row: a country (or AS) and what came from it. */
struct table_row {
	char		key[160];	/* "RU", "unknown", "private", "AS64500" */
	char		org[128];	/* the AS's organisation */
	uint64_t	events, addresses;
	int64_t		first, last;	/* 0: no time known */
};

struct table {
	enum table_by		 by;
	bool			 by_addresses;	/* count and share addresses */
	long			 top;		/* rows shown; 0: all */
	struct table_row	*v;		/* most first, then by key */
	size_t			 n, cap;
	uint64_t		 total;		/* the counted column's sum */
};

/*
 * Groups t into tb's rows (tb's by, by_addresses and top set, its rows
 * empty), each address looked up in g (a country database, or an ASN one
 * by TABLE_ASN). HL_EPARSE with d's msg naming the address where g is
 * corrupt; HL_ENOMEM. table_free() frees the rows either way.
 */
int table_group(struct table *tb, struct geo *g, const struct origins_tally *t,
    struct hl_diag *d) __attribute__((warn_unused_result));
void table_free(struct table *tb);

/* The rows shown as a JSON array; NULL if any cannot be built whole. */
json_t *table_json(const struct table *tb);

/*
 * The rows shown as CSV (RFC 4180) with a header line, or as a table
 * for people: each line, without its newline, to line(). HL_ENOMEM if
 * a line cannot be formatted (those before it went out).
 */
int table_csv(const struct table *tb, void (*line)(void *arg,
    const char *text), void *arg) __attribute__((warn_unused_result));
int table_text(const struct table *tb, void (*line)(void *arg,
    const char *text), void *arg) __attribute__((warn_unused_result));

/*
 * The first 30 rows shown as an SVG bar chart into out, sub (the
 * provenance in a line) under the title; 0 or buf's error.
 */
int table_svg(const struct table *tb, const char *sub, struct buf *out)
    __attribute__((warn_unused_result));

#endif
