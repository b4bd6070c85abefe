/*
 * SVG charts that any browser shows, with no script and no other file:
 * what a report's reader opens without tools.
 */
#ifndef HL_SVG_H
#define HL_SVG_H

#include <stddef.h>

#include "buf.h"

/* Appends s as XML character data (&, <, >, " escaped). */
void svg_text(struct buf *b, const char *s);

struct svg_bar {
	const char	*label;		/* left of the bar */
	double		 value;		/* its length, against the largest */
	const char	*note;		/* right of the bar: "120 (25.0%)" */
};

/*
 * A horizontal bar chart: a title, a line under it (provenance, say),
 * then one bar per entry, longest first as given.
 */
int svg_hbars(struct buf *out, const char *title, const char *sub,
    const struct svg_bar *bars, size_t n);

#endif
