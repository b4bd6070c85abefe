/*
 * provenance: the method of an origins table, as JSON and as text. See
 * provenance.h.
 */
#include <stdio.h>

#include "buf.h"
#include "proto.h"
#include "provenance.h"

/* The longest line of text handed over: an input's path, mostly. */
#define PROVENANCE_LINE_MAX	(1024 * 1024)

/* Lines, events and skips over all the files. */
static void
sums(const struct provenance *p, uint64_t *lines, uint64_t *events,
    uint64_t skipped[static SKIP_NREASONS])
{
	*lines = *events = 0;
	for (int k = 0; k < SKIP_NREASONS; k++)
		skipped[k] = 0;
	for (size_t i = 0; i < p->nin; i++) {
		*lines += p->in[i].lines;
		*events += p->in[i].events;
		for (int k = 1; k < SKIP_NREASONS; k++)
			skipped[k] += p->in[i].skipped[k];
	}
}

json_t *
provenance_json(const struct provenance *p)
{
	const struct tally_input *in = p->in;
	const struct origins_tally *t = p->t;
	uint64_t lines, events, skipped[SKIP_NREASONS];
	json_t *files = json_array(), *sk = json_object(), *o;

	/* A part that cannot be built makes the whole NULL: none left out. */
	for (size_t i = 0; i < p->nin; i++)
		if (files != NULL && json_array_append_new(files,
		    json_pack("{s:s, s:I, s:s, s:s, s:I, s:I}", "path",
		    in[i].path, "size", (json_int_t)in[i].size, "sha256",
		    in[i].sha256, "format", origins_format_names[in[i].format],
		    "lines", (json_int_t)in[i].lines, "events",
		    (json_int_t)in[i].events)) != 0) {
			json_decref(files);
			files = NULL;
		}
	sums(p, &lines, &events, skipped);
	for (int k = 1; k < SKIP_NREASONS; k++)
		if (sk != NULL && skipped[k] > 0 && json_object_set_new(sk,
		    origins_skip_slugs[k],
		    json_integer((json_int_t)skipped[k])) != 0) {
			json_decref(sk);
			sk = NULL;
		}
	o = json_pack("{s:s, s:o, s:{s:s, s:s, s:o, s:s, s:I}, s:{s:I, s:I, "
	    "s:I, s:o}, s:{s:s, s:s, s:o, s:o, s:o}}",
	    "hotline", p->version, "files", files,
	    "database", "path", p->dbpath, "type", p->db->type, "built",
	    proto_time_json((int64_t)p->db->built), "sha256", p->db->sha256,
	    "size", (json_int_t)p->db->size,
	    "parsed", "lines", (json_int_t)lines, "events", (json_int_t)events,
	    "addresses", (json_int_t)t->n, "skipped", sk,
	    "method", "group_by", p->table->by == TABLE_ASN ? "asn" :
	    p->table->by == TABLE_REGISTERED ? "registered" : "country",
	    "count", p->table->by_addresses ? "addresses" : "events", "since",
	    proto_time_json(p->how->since), "until",
	    proto_time_json(p->how->until), "event", p->how->event != NULL ?
	    json_string(p->how->event) : json_null());
	if (o != NULL && p->cap_path != NULL &&
	    json_object_set_new(json_object_get(o, "parsed"), "over_cap",
	    json_pack("{s:I, s:I, s:s, s:I}", "limit", (json_int_t)t->max,
	    "events", (json_int_t)t->over, "file", p->cap_path, "line",
	    (json_int_t)p->cap_line)) != 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

int
provenance_text(const struct provenance *p, void (*line)(void *,
    const char *), void *arg)
{
	uint64_t lines, events, skipped[SKIP_NREASONS];
	struct buf l;
	int r;

	sums(p, &lines, &events, skipped);
	buf_init(&l, PROVENANCE_LINE_MAX);
	r = buf_line(&l, line, arg);
	(void)buf_printf(&l, "lines     %llu: %llu events",
	    (unsigned long long)lines, (unsigned long long)events);
	for (int k = 1; k < SKIP_NREASONS; k++)
		if (skipped[k] > 0)
			(void)buf_printf(&l, ", %llu %s",
			    (unsigned long long)skipped[k],
			    origins_skip_names[k]);
	if (r == 0)
		r = buf_line(&l, line, arg);
	if (r == 0 && p->cap_path != NULL) {
		(void)buf_printf(&l, "over cap  %llu events of addresses past "
		    "the first %zu, in no row (from %s:%llu)",
		    (unsigned long long)p->t->over, p->t->max, p->cap_path,
		    (unsigned long long)p->cap_line);
		r = buf_line(&l, line, arg);
	}
	if (r == 0) {
		(void)buf_printf(&l, "share     of %s",
		    p->table->by_addresses ? "distinct addresses" : "events");
		r = buf_line(&l, line, arg);
	}
	for (size_t i = 0; r == 0 && i < p->nin; i++) {
		(void)buf_printf(&l, "input     %s (%s, %llu bytes, sha256 %s)",
		    p->in[i].path, origins_format_names[p->in[i].format],
		    (unsigned long long)p->in[i].size, p->in[i].sha256);
		r = buf_line(&l, line, arg);
	}
	if (r == 0) {
		(void)buf_printf(&l, "database  %s (%s, sha256 %s)", p->dbpath,
		    p->db->type, p->db->sha256);
		r = buf_line(&l, line, arg);
	}
	if (r == 0) {
		(void)buf_printf(&l, "hotline   %s", p->version);
		r = buf_line(&l, line, arg);
	}
	buf_done(&l);
	return r;
}

int
provenance_svg(const struct provenance *p, struct buf *out)
{
	char sub[512];

	(void)snprintf(sub, sizeof(sub), "%zu file%s, first %s (sha256 %.16s); "
	    "database %s (sha256 %.16s); hotline %s", p->nin, p->nin == 1 ?
	    "" : "s", p->in[0].path, p->in[0].sha256, p->db->type,
	    p->db->sha256, p->version);
	return table_svg(p->table, sub, out);
}
