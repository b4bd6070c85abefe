/*
 * request: a request body from the tally. See request.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "proto.h"
#include "request.h"

/* Room for the request's indicators, most events first. */
static int
by_events(const void *a, const void *b)
{
	const struct origins_seen *x = *(const struct origins_seen *const *)a;
	const struct origins_seen *y = *(const struct origins_seen *const *)b;

	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	/*
	 * An address and its /len can both be there: the table's order,
	 * random per run, must not decide.
	 */
	if (memcmp(x->addr.b, y->addr.b, 16) != 0)
		return memcmp(x->addr.b, y->addr.b, 16);
	return x->addr.prefix - y->addr.prefix;
}

/* Each indicator is signed: one that cannot be built whole fails. */
static json_t *
indicators(const struct origins_seen **mine, size_t k, uint64_t *events,
    int64_t *lo, int64_t *hi)
{
	char first[PROTO_TIME_LEN], last[PROTO_TIME_LEN];
	json_t *ind = json_array();

	for (size_t i = 0; ind != NULL && i < k && i < HL_MAX_INDICATORS;
	    i++) {
		const struct origins_seen *s = mine[i];
		char v[64];
		json_t *e;

		origins_addr_format(&s->addr, v, sizeof(v));
		e = json_pack("{s:s, s:s, s:I}", "type", s->addr.prefix < 128 ?
		    "cidr" : strchr(v, ':') != NULL ? "ipv6" : "ipv4", "value",
		    v, "count", (json_int_t)s->events);
		if (e != NULL && s->first != 0) {
			proto_time_format(s->first, first);
			proto_time_format(s->last, last);
			if (json_object_set_new(e, "first_seen",
			    json_string(first)) != 0 ||
			    json_object_set_new(e, "last_seen",
			    json_string(last)) != 0) {
				json_decref(e);
				e = NULL;
			}
			*lo = *lo == 0 || s->first < *lo ? s->first : *lo;
			*hi = s->last > *hi ? s->last : *hi;
		}
		*events += s->events;
		if (json_array_append_new(ind, e) != 0) {
			json_decref(ind);
			ind = NULL;
		}
	}
	return ind;
}

int
request_build(const struct provenance *p, struct geo *geo,
    const struct geo_meta *db, const char *peer, const char *state, int64_t now, struct request *out, struct hl_diag *d)
{
	const struct origins_tally *t = p->t;
	const struct origins_seen **mine = NULL;
	char first[PROTO_TIME_LEN], last[PROTO_TIME_LEN];
	json_t *ind = NULL;
	json_error_t je;
	struct buf summary;
	size_t k = 0;
	int64_t lo = 0, hi = 0;
	bool alerts = false;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&summary, HL_MAX_SUMMARY_LEN);
	if ((mine = calloc(t->n + 1, sizeof(*mine))) == NULL) {
		rc = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < t->cap; i++) {
		struct geo_hit hit;

		if (t->slot[i].addr.prefix == 0 ||
		    origins_addr_special(&t->slot[i].addr) ||
		    geo_lookup(geo, &t->slot[i].addr, &hit) != 0 ||
		    strcmp(hit.country, state) != 0)
			continue;
		mine[k++] = &t->slot[i];
	}
	if (k == 0) {
		rc = hl_diag_set(d, HL_ENOTFOUND, NULL, "no address from "
		    "%s's state (%s) in these logs", peer, state);
		goto out;
	}
	qsort(mine, k, sizeof(*mine), by_events);
	if ((ind = indicators(mine, k, &out->events, &lo, &hi)) == NULL) {
		rc = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < p->nin; i++)
		alerts |= p->in[i].format == ORIGINS_EVE;
	if (lo == 0)
		lo = hi = now;
	proto_time_format(lo, first);
	proto_time_format(hi, last);
	/*
	 * The summary names every file: one cut short would sign a method
	 * that is not the one used, so past the schema's limit it is an
	 * error, not a shorter text.
	 */
	(void)buf_printf(&summary, "%llu events from %zu addresses in %s's "
	    "address space, %s to %s%s. Counted by hotline origins %s from",
	    (unsigned long long)out->events, k < HL_MAX_INDICATORS ? k :
	    (size_t)HL_MAX_INDICATORS, state, first, last,
	    k > HL_MAX_INDICATORS ? " (the busiest 10,000 listed)" : "",
	    p->version);
	for (size_t i = 0; i < p->nin; i++)
		(void)buf_printf(&summary, "%s %s (%s, sha256 %s)", i > 0 ?
		    "," : "", p->in[i].path,
		    origins_format_names[p->in[i].format], p->in[i].sha256);
	(void)buf_printf(&summary, " with %s (sha256 %s).", db->type,
	    db->sha256);
	if (buf_err(&summary) != 0) {
		rc = hl_diag_set(d, HL_ETOOBIG, NULL, "the summary naming %zu "
		    "file%s is over the limit of %d bytes: give fewer or "
		    "shorter paths", p->nin, p->nin == 1 ? "" : "s",
		    HL_MAX_SUMMARY_LEN);
		goto out;
	}
	(void)snprintf(out->subject, sizeof(out->subject), "Attacks from %s: "
	    "%zu addresses", state, k);
	out->addresses = k;
	out->body = json_pack_ex(&je, 0, "{s:s, s:s, s:s, s:{s:s, s:s}, s:O, "
	    "s:[s, s]}", "category", alerts ? "intrusion" : "scanning",
	    "severity", "medium", "summary", buf_str(&summary), "observed",
	    "start", first, "end", last, "indicators", ind, "expectations",
	    "investigate", "block-host");
	/* A path in the summary may be bytes that are not UTF-8. */
	rc = out->body == NULL ? hl_diag_set(d, HL_EINVAL, NULL, "cannot "
	    "build the request: %s", je.text) : 0;
out:
	json_decref(ind);
	free(mine);
	buf_done(&summary);
	return rc;
}
