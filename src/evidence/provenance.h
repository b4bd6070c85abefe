/*
 * provenance: the method beside the numbers of an origins table, so that
 * anyone with the same logs and database gets the same table: every file
 * and the database named with its SHA-256, every line an event or a skip
 * with its reason, the grouping and the filters, and hotline's version
 * (the caller's: the library is built without it). Never prints.
 */
#ifndef HL_PROVENANCE_H
#define HL_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "geo.h"
#include "origins.h"
#include "table.h"
#include "tally.h"

/* What a table was made from and how; every pointer borrowed. */
struct provenance {
	const char			*version;	/* hotline's */
	const struct tally_input	*in;		/* the files read */
	size_t				 nin;
	const char			*dbpath;	/* the database grouped by */
	const struct geo_meta		*db;
	const struct origins_tally	*t;
	const char			*cap_path;	/* where the cap was
							   reached; NULL: not */
	uint64_t			 cap_line;
	const struct tally_opts		*how;		/* the filters */
	const struct table		*table;		/* the grouping */
};

/* The "provenance" object of --json; NULL if any part cannot be built. */
json_t *provenance_json(const struct provenance *p);

/*
 * The lines under a table for people, from its blank first line to the
 * version: what was parsed and skipped, the cap, the inputs, the
 * database. Each to line() without its newline; HL_ENOMEM if one cannot
 * be formatted.
 */
int provenance_text(const struct provenance *p, void (*line)(void *arg,
    const char *text), void *arg) __attribute__((warn_unused_result));

/*
 * p's table as an SVG bar chart (table_svg()) into out, with the first
 * file and the database named under the title; 0 or out's error.
 */
int provenance_svg(const struct provenance *p, struct buf *out)
    __attribute__((warn_unused_result));

#endif
