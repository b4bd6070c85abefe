/*
 * table: rows from the tally, and the rows in each output format. See
 * table.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "svg.h"
#include "table.h"

/* The longest line of text a table hands over: a row, a path. */
#define TABLE_LINE_MAX	(1024 * 1024)

static struct table_row *
row_for(struct table *tb, const char *key)
{
	struct table_row *p;

	for (size_t i = 0; i < tb->n; i++)
		if (strcmp(tb->v[i].key, key) == 0)
			return &tb->v[i];
	if (tb->n == tb->cap) {
		size_t cap = tb->cap ? tb->cap * 2 : 64;

		if ((p = realloc(tb->v, cap * sizeof(*p))) == NULL)
			return NULL;
		tb->v = p;
		tb->cap = cap;
	}
	p = &tb->v[tb->n++];
	memset(p, 0, sizeof(*p));
	(void)snprintf(p->key, sizeof(p->key), "%s", key);
	return p;
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;

	/* The counted column down, then the key, so ties print alike. */
	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int
cmp_rows_addr(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;

	if (x->addresses != y->addresses)
		return x->addresses < y->addresses ? 1 : -1;
	return strcmp(x->key, y->key);
}

int
table_group(struct table *tb, struct geo *g, const struct origins_tally *t,
    struct hl_diag *d)
{
	bool asn = tb->by == TABLE_ASN;

	for (size_t i = 0; i < t->cap; i++) {
		const struct origins_seen *s = &t->slot[i];
		struct geo_hit hit;
		char key[160];
		struct table_row *r;

		if (s->addr.prefix == 0)
			continue;
		memset(&hit, 0, sizeof(hit));
		if (origins_addr_special(&s->addr))
			(void)snprintf(key, sizeof(key), "private");
		else if (geo_lookup(g, &s->addr, &hit) != 0) {
			char a[64];

			origins_addr_format(&s->addr, a, sizeof(a));
			return hl_diag_set(d, HL_EPARSE, NULL,
			    "corrupt where it holds %s", a);
		} else if (asn)
			(void)snprintf(key, sizeof(key), hit.asn != 0 ?
			    "AS%u" : "unknown", hit.asn);
		else {
			/* Where the database says it is, or registered. */
			const char *c = tb->by == TABLE_REGISTERED ?
			    hit.registered : hit.country;

			(void)snprintf(key, sizeof(key), "%s", c[0] != '\0' ?
			    c : "unknown");
		}
		if ((r = row_for(tb, key)) == NULL)
			return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		if (asn && r->org[0] == '\0')
			(void)snprintf(r->org, sizeof(r->org), "%s", hit.org);
		r->events += s->events;
		r->addresses++;
		if (s->first != 0 && (r->first == 0 || s->first < r->first))
			r->first = s->first;
		if (s->last > r->last)
			r->last = s->last;
	}
	if (tb->n > 1)
		qsort(tb->v, tb->n, sizeof(*tb->v), tb->by_addresses ?
		    cmp_rows_addr : cmp_rows);
	tb->total = 0;
	for (size_t i = 0; i < tb->n; i++)
		tb->total += tb->by_addresses ? tb->v[i].addresses :
		    tb->v[i].events;
	return 0;
}

void
table_free(struct table *tb)
{
	free(tb->v);
	tb->v = NULL;
	tb->n = tb->cap = 0;
}

/* Rows shown: --top's, or all. */
static size_t
shown(const struct table *tb)
{
	return tb->top > 0 && (size_t)tb->top < tb->n ? (size_t)tb->top :
	    tb->n;
}

/* The counted column's share of the total, as a fraction or a percent. */
static double
share(const struct table *tb, const struct table_row *r, double scale)
{
	return tb->total ? scale * (double)(tb->by_addresses ? r->addresses :
	    r->events) / (double)tb->total : 0.0;
}

json_t *
table_json(const struct table *tb)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < shown(tb); i++) {
		const struct table_row *r = &tb->v[i];
		json_t *row = json_pack("{s:I, s:I, s:f, s:o, s:o}",
		    "events", (json_int_t)r->events, "addresses",
		    (json_int_t)r->addresses, "share", share(tb, r, 1.0),
		    "first_seen", proto_time_json(r->first), "last_seen",
		    proto_time_json(r->last));

		/* A row missing a member, or missing, is no table. */
		if (row == NULL || json_object_set_new(row, tb->by ==
		    TABLE_ASN ? "asn" : "country", json_string(r->key)) != 0 ||
		    (tb->by == TABLE_ASN && json_object_set_new(row,
		    "organisation", json_string(r->org)) != 0)) {
			json_decref(row);
			row = NULL;
		}
		/* The append takes row, kept or not. */
		if (row == NULL || json_array_append_new(a, row) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

int
table_csv(const struct table *tb, void (*line)(void *, const char *),
    void *arg)
{
	char a[PROTO_TIME_LEN], b[PROTO_TIME_LEN];
	bool asn = tb->by == TABLE_ASN;
	struct buf l;
	int r;

	buf_init(&l, TABLE_LINE_MAX);
	(void)buf_printf(&l, "%s,events,addresses,share,first_seen,"
	    "last_seen%s", asn ? "asn" : "country", asn ? ",organisation" :
	    "");
	r = buf_line(&l, line, arg);
	for (size_t i = 0; r == 0 && i < shown(tb); i++) {
		const struct table_row *w = &tb->v[i];

		proto_time_format(w->first, a);
		proto_time_format(w->last, b);
		(void)buf_printf(&l, "%s,%llu,%llu,%.4f,%s,%s", w->key,
		    (unsigned long long)w->events,
		    (unsigned long long)w->addresses, share(tb, w, 1.0),
		    w->first ? a : "", w->last ? b : "");
		if (asn) {
			/* RFC 4180: quote, doubling quotes inside. */
			(void)buf_addc(&l, ',');
			(void)buf_addc(&l, '"');
			for (const char *p = w->org; *p != '\0'; p++)
				(void)(*p == '"' ? buf_adds(&l, "\"\"") :
				    buf_addc(&l, *p));
			(void)buf_addc(&l, '"');
		}
		r = buf_line(&l, line, arg);
	}
	buf_done(&l);
	return r;
}

int
table_text(const struct table *tb, void (*line)(void *, const char *),
    void *arg)
{
	char a[PROTO_TIME_LEN], b[PROTO_TIME_LEN];
	bool asn = tb->by == TABLE_ASN;
	struct buf l;
	int r;

	buf_init(&l, TABLE_LINE_MAX);
	(void)buf_printf(&l, "%-10s %10s %10s %7s  %-20s  %s%s", asn ? "AS" :
	    tb->by == TABLE_REGISTERED ? "REGISTERED" : "COUNTRY", "EVENTS",
	    "ADDRESSES", "SHARE", "FIRST SEEN", asn ?
	    "LAST SEEN             " : "LAST SEEN", asn ? "ORGANISATION" : "");
	r = buf_line(&l, line, arg);
	for (size_t i = 0; r == 0 && i < shown(tb); i++) {
		const struct table_row *w = &tb->v[i];

		proto_time_format(w->first, a);
		proto_time_format(w->last, b);
		(void)buf_printf(&l, "%-10s %10llu %10llu %6.1f%%  %-20s  %s%s%s",
		    w->key, (unsigned long long)w->events,
		    (unsigned long long)w->addresses, share(tb, w, 100.0),
		    w->first ? a : "-", w->last ? b : "-", asn ? (w->last ?
		    "  " : "                     ") : "", asn ? w->org : "");
		r = buf_line(&l, line, arg);
	}
	buf_done(&l);
	return r;
}

int
table_svg(const struct table *tb, const char *sub, struct buf *out)
{
	struct svg_bar bars[30];
	char notes[30][64], labels[30][208], title[128];
	bool asn = tb->by == TABLE_ASN;
	size_t n = 0;

	for (; n < shown(tb) && n < 30; n++) {
		const struct table_row *w = &tb->v[n];
		uint64_t v = tb->by_addresses ? w->addresses : w->events;

		(void)snprintf(labels[n], sizeof(labels[n]), "%s%s%.40s",
		    w->key, asn && w->org[0] != '\0' ? " " : "",
		    asn ? w->org : "");
		(void)snprintf(notes[n], sizeof(notes[n]), "%llu (%.1f%%)",
		    (unsigned long long)v, share(tb, w, 100.0));
		bars[n] = (struct svg_bar){ labels[n], (double)v, notes[n] };
	}
	(void)snprintf(title, sizeof(title), "%s per source %s",
	    tb->by_addresses ? "Distinct addresses" : "Events",
	    asn ? "autonomous system" : "country");
	return svg_hbars(out, title, sub, bars, n);
}
