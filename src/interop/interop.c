/*
 * What the formats share: the import builder, format detection, the CSV
 * and list readers, derived ids, times and the TLP names of each format.
 * See interop.h.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>

#include "interop.h"
#include "iodef.h"
#include "limits.h"
#include "misp.h"
#include "schema.h"
#include "stix.h"

const char *const imp_format_names[IMP_NFORMATS + 1] = { "auto", "stix",
	"misp", "iodef", "csv", "list", NULL };

/* oasis-open/cti-stix-common-objects, extension-definition tlp-2.0. */
const char *const interop_stix_tlp[TLP_COUNT] = {
	"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
};

const char *const interop_misp_tlp[TLP_COUNT] = { "tlp:clear", "tlp:green",
	"tlp:amber", "tlp:amber+strict", "tlp:red" };

/*
 * RFC 7970 3.3.1 has no amber+strict: need-to-know ("amber") is the
 * nearest, and strict is kept in the document's own TLP marking.
 */
const char *const interop_iodef_tlp[TLP_COUNT] = { "white", "green",
	"amber", "amber", "red" };

/*
 * hotline's namespace: UUIDv5 of "hotline" in RFC 9562's URL namespace
 * (4b2742a7-efa9-5d59-8eb7-2631963a4353), fixed forever, since every id
 * hotline has exported is derived from it.
 */
const uint8_t interop_ns[16] = {
	0x4b, 0x27, 0x42, 0xa7, 0xef, 0xa9, 0x5d, 0x59,
	0x8e, 0xb7, 0x26, 0x31, 0x96, 0x3a, 0x43, 0x53,
};

/* Fields of a CSV record read; more are counted as there, not kept. */
#define CSV_MAX_FIELDS	64

struct report {
	char	*where;
	char	*why;
};

struct kind {
	char	*name;
	size_t	 count;
};

struct imp {
	char		*path;
	json_t		*indicators;	/* the body's array */
	json_t		*seen;		/* "type value" -> index, for repeats */
	json_t		*members;	/* summary, category, ... */
	json_t		*expect;	/* array of actions */
	int		 tlp;		/* -1: none given */
	int64_t		 start, end;	/* observed; 0: none */
	uint64_t	 repeats;
	bool		 full;		/* HL_MAX_INDICATORS reached, said */
	struct report	*r;
	size_t		 nr, rcap, nreports;
	struct kind	*k;
	size_t		 nk;
};

struct imp *
imp_new(const char *path)
{
	struct imp *im = calloc(1, sizeof(*im));

	if (im == NULL)
		return NULL;
	im->tlp = -1;
	im->path = strdup(path != NULL ? path : "-");
	im->indicators = json_array();
	im->seen = json_object();
	im->members = json_object();
	im->expect = json_array();
	if (im->path == NULL || im->indicators == NULL || im->seen == NULL ||
	    im->members == NULL || im->expect == NULL) {
		imp_free(im);
		return NULL;
	}
	return im;
}

void
imp_free(struct imp *im)
{
	if (im == NULL)
		return;
	for (size_t i = 0; i < im->nr; i++) {
		free(im->r[i].where);
		free(im->r[i].why);
	}
	for (size_t i = 0; i < im->nk; i++)
		free(im->k[i].name);
	free(im->r);
	free(im->k);
	free(im->path);
	json_decref(im->indicators);
	json_decref(im->seen);
	json_decref(im->members);
	json_decref(im->expect);
	free(im);
}

/*
 * What a source wrote, fit to be quoted in a report: at most max bytes
 * of s (NUL-terminated or n bytes), valid UTF-8 kept whole, every control
 * character, every byte of invalid UTF-8 and a character cut at max as
 * '?', so that a report prints and goes into JSON whatever the file held.
 */
static char *
fit(const char *s, size_t n, size_t max)
{
	char *o = malloc(max + 1);
	size_t i = 0, k = 0;

	if (o == NULL)
		return NULL;
	while (i < n && s[i] != '\0' && k < max) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
		    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		bool ok = len > 0 && i + len <= n && k + len <= max &&
		    (len == 1 ? c >= 0x20 && c != 0x7f : c >= 0xc2 && c <= 0xf4);

		for (size_t j = 1; ok && j < len; j++)
			ok = ((unsigned char)s[i + j] & 0xc0) == 0x80;
		/* No overlong, surrogate or past-U+10FFFF forms. */
		if (ok && len == 3)
			ok = !(c == 0xe0 && (unsigned char)s[i + 1] < 0xa0) &&
			    !(c == 0xed && (unsigned char)s[i + 1] >= 0xa0);
		if (ok && len == 4)
			ok = !(c == 0xf0 && (unsigned char)s[i + 1] < 0x90) &&
			    !(c == 0xf4 && (unsigned char)s[i + 1] >= 0x90);
		if (!ok) {
			o[k++] = '?';
			i++;
			continue;
		}
		memcpy(o + k, s + i, len);
		k += len;
		i += len;
	}
	o[k] = '\0';
	return o;
}

/* Counts one more of kind. */
static void
count_kind(struct imp *im, const char *kind)
{
	struct kind *k;

	for (size_t i = 0; i < im->nk; i++)
		if (strcmp(im->k[i].name, kind) == 0) {
			im->k[i].count++;
			return;
		}
	if ((k = realloc(im->k, (im->nk + 1) * sizeof(*k))) == NULL)
		return;
	im->k = k;
	if ((k[im->nk].name = strdup(kind)) == NULL)
		return;
	k[im->nk++].count = 1;
}

void
imp_skip(struct imp *im, const char *kind, const char *where,
    const char *fmt, ...)
{
	struct report *r;
	char why[512];
	va_list ap;

	count_kind(im, kind);
	im->nreports++;
	if (im->nr >= HL_MAX_IMPORT_REPORTS)
		return;
	if (im->nr == im->rcap) {
		size_t cap = im->rcap > 0 ? im->rcap * 2 : 16;

		if ((r = realloc(im->r, cap * sizeof(*r))) == NULL)
			return;
		im->r = r;
		im->rcap = cap;
	}
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	r = &im->r[im->nr];
	r->where = fit(where != NULL ? where : "", SIZE_MAX, 128);
	r->why = fit(why, SIZE_MAX, sizeof(why));
	if (r->where == NULL || r->why == NULL) {
		free(r->where);
		free(r->why);
		return;
	}
	im->nr++;
}

/* Widens a stored indicator's first and last sighting. */
static void
widen(json_t *ind, int64_t first, int64_t last)
{
	char t[PROTO_TIME_LEN];
	int64_t have;
	json_t *v;

	if (first > 0 && ((v = json_object_get(ind, "first_seen")) == NULL ||
	    !proto_time_parse(json_string_value(v), 0, &have) ||
	    first < have)) {
		proto_time_format(first, t);
		(void)json_object_set_new(ind, "first_seen", json_string(t));
	}
	if (last <= 0)
		last = first;
	if (last > 0 && ((v = json_object_get(ind, "last_seen")) == NULL ||
	    !proto_time_parse(json_string_value(v), 0, &have) ||
	    last > have)) {
		proto_time_format(last, t);
		(void)json_object_set_new(ind, "last_seen", json_string(t));
	}
}

/* A value typed and canonical, into the body unless a repeat. */
static int
add_canon(struct imp *im, enum ioc_type type, const char *value,
    int64_t first, int64_t last, const char *where)
{
	char key[HL_MAX_INDICATOR_LEN + 16];
	json_t *ind, *at;

	(void)snprintf(key, sizeof(key), "%s %s", ioc_type_names[type], value);
	if ((at = json_object_get(im->seen, key)) != NULL) {
		im->repeats++;
		widen(json_array_get(im->indicators,
		    (size_t)json_integer_value(at)), first, last);
		return 0;
	}
	if (json_array_size(im->indicators) >= HL_MAX_INDICATORS) {
		if (!im->full)
			imp_skip(im, "over the limit", where, "more than %d "
			    "indicators: a request carries at most that many; "
			    "split the source", HL_MAX_INDICATORS);
		else
			count_kind(im, "over the limit");
		im->full = true;
		return HL_ETOOBIG;
	}
	if ((ind = json_pack("{s:s, s:s}", "type", ioc_type_names[type],
	    "value", value)) == NULL)
		return HL_ENOMEM;
	if (first > last && last > 0) {
		int64_t t = first;

		first = last;
		last = t;
	}
	widen(ind, first, last);
	if (json_object_set_new(im->seen, key, json_integer((json_int_t)
	    json_array_size(im->indicators))) != 0 ||
	    json_array_append_new(im->indicators, ind) != 0)
		return HL_ENOMEM;
	return 0;
}

int
imp_add(struct imp *im, enum ioc_type want, const char *value, size_t n,
    int64_t first, int64_t last, const char *where)
{
	char out[HL_MAX_INDICATOR_LEN + 1], why[480];
	enum ioc_type type;

	if (ioc_canon(want, value, n, &type, out, sizeof(out), why,
	    sizeof(why)) != 0) {
		char *q = fit(value, n, 80);

		imp_skip(im, "invalid value", where, "%s '%s': %s",
		    ioc_type_names[want], q != NULL ? q : "", why);
		free(q);
		return 1;
	}
	return add_canon(im, type, out, first, last, where);
}

int
imp_add_infer(struct imp *im, const char *value, size_t n, int64_t first,
    int64_t last, const char *where)
{
	char out[HL_MAX_INDICATOR_LEN + 1], why[480];
	enum ioc_type type;

	if (ioc_infer(value, n, &type, out, sizeof(out), why,
	    sizeof(why)) != 0) {
		char *q = fit(value, n, 80);

		imp_skip(im, "invalid value", where, "'%s': %s",
		    q != NULL ? q : "", why);
		free(q);
		return 1;
	}
	return add_canon(im, type, out, first, last, where);
}

int
imp_set(struct imp *im, const char *member, const char *value)
{
	if (json_object_get(im->members, member) != NULL)
		return 0;
	return json_object_set_new(im->members, member, json_string(value)) ==
	    0 ? 0 : HL_ENOMEM;
}

int
imp_expect(struct imp *im, const char *action)
{
	size_t i;
	json_t *v;

	json_array_foreach(im->expect, i, v)
		if (strcmp(json_string_value(v), action) == 0)
			return 0;
	return json_array_append_new(im->expect, json_string(action)) == 0 ?
	    0 : HL_ENOMEM;
}

void
imp_tlp(struct imp *im, enum tlp t)
{
	if ((int)t > im->tlp)
		im->tlp = (int)t;
}

void
imp_seen(struct imp *im, int64_t t)
{
	if (t <= 0)
		return;
	if (im->start == 0 || t < im->start)
		im->start = t;
	if (t > im->end)
		im->end = t;
}

size_t
imp_count(const struct imp *im)
{
	return json_array_size(im->indicators);
}

int
imp_tlp_of(const struct imp *im)
{
	return im->tlp;
}

size_t
imp_nreports(const struct imp *im)
{
	return im->nreports;
}

json_t *
imp_body(const struct imp *im)
{
	char s[PROTO_TIME_LEN], e[PROTO_TIME_LEN];
	json_t *b = json_deep_copy(im->members);

	if (b == NULL)
		return NULL;
	if (json_object_set(b, "indicators", im->indicators) != 0 ||
	    (json_array_size(im->expect) > 0 &&
	    json_object_set(b, "expectations", im->expect) != 0)) {
		json_decref(b);
		return NULL;
	}
	if (im->start > 0) {
		proto_time_format(im->start, s);
		proto_time_format(im->end, e);
		if (json_object_set_new(b, "observed", json_pack("{s:s, s:s}",
		    "start", s, "end", e)) != 0) {
			json_decref(b);
			return NULL;
		}
	}
	return b;
}

json_t *
imp_summary(const struct imp *im, enum imp_format f)
{
	json_t *o, *skipped, *reports;

	skipped = json_object();
	reports = json_array();
	for (size_t i = 0; skipped != NULL && i < im->nk; i++)
		(void)json_object_set_new(skipped, im->k[i].name,
		    json_integer((json_int_t)im->k[i].count));
	for (size_t i = 0; reports != NULL && i < im->nr; i++)
		(void)json_array_append_new(reports, json_pack("{s:s, s:s}",
		    "where", im->r[i].where, "why", im->r[i].why));
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o*, s:o*}", "source",
	    im->path, "format", imp_format_names[f], "indicators",
	    (json_int_t)json_array_size(im->indicators), "repeats",
	    (json_int_t)im->repeats, "not_imported",
	    (json_int_t)im->nreports, "skipped", skipped, "reports", reports);
	if (o != NULL && im->tlp >= 0)
		(void)json_object_set_new(o, "tlp",
		    json_string(proto_tlp_names[im->tlp]));
	return o;
}

int
imp_mark(const struct imp *im, json_t *body)
{
	if (im->tlp < 0)
		return 0;
	return json_object_set_new(body, "tlp",
	    json_string(proto_tlp_names[im->tlp]));
}

int
imp_check(json_t *body, char *lacks, size_t n, struct hl_diag *d)
{
	static const char *const need[] = { "summary", "category", "severity",
		"observed", "expectations" };
	size_t o = 0;
	json_t *wire;
	int r;

	*lacks = '\0';
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (json_object_get(body, need[i]) == NULL && o < n)
			o += (size_t)snprintf(lacks + o, n - o, "%s%s",
			    o > 0 ? ", " : "", need[i]);
	if (*lacks != '\0')
		return 0;
	/* Whole: it must then be a body send takes, its marking aside. */
	if ((wire = json_deep_copy(body)) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	(void)json_object_del(wire, "tlp");
	r = schema_body(MSG_REQUEST, wire, NULL, d);
	json_decref(wire);
	return r;
}

json_t *
imp_answer(const struct imp *im, enum imp_format f, json_t *body,
    const char *lacks)
{
	json_t *out;

	out = json_pack("{s:O, s:o}", "body", body, "import",
	    imp_summary(im, f));
	if (out != NULL && lacks[0] != '\0' && json_object_set_new(out,
	    "lacks", json_string(lacks)) != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

void
imp_reports_each(const struct imp *im,
    void (*fn)(void *arg, const char *where, const char *why), void *arg)
{
	for (size_t i = 0; i < im->nr; i++)
		fn(arg, im->r[i].where, im->r[i].why);
}

enum imp_format
imp_detect(const char *data, size_t len)
{
	size_t i = 0, e;
	const char *nl;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
	    data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len && data[i] == '<')
		return IMP_IODEF;
	if (i < len && (data[i] == '{' || data[i] == '[')) {
		/*
		 * A cheap look, not a parse: STIX says "type": "bundle" (or
		 * is one object with "spec_version"); anything else JSON
		 * goes to MISP, whose importer says if it is not an event.
		 */
		size_t n = len - i < 4096 ? len - i : 4096;

		if (memmem(data + i, n, "\"spec_version\"", 14) != NULL ||
		    memmem(data + i, n, "\"bundle\"", 8) != NULL)
			return IMP_STIX;
		return IMP_MISP;
	}
	nl = memchr(data + i, '\n', len - i);
	e = nl != NULL ? (size_t)(nl - data) : len;
	if (memchr(data + i, ',', e - i) != NULL ||
	    memchr(data + i, '\t', e - i) != NULL)
		return IMP_CSV;
	return IMP_LIST;
}

static int
read_list(struct imp *im, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *v;
	char where[32];
	uint64_t line = 0;
	size_t n;
	int r;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while ((v = ioc_list_next(&p, end, &line, &n)) != NULL) {
		(void)snprintf(where, sizeof(where), "line %llu",
		    (unsigned long long)line);
		if ((r = imp_add_infer(im, v, n, 0, 0, where)) < 0 &&
		    r != HL_ETOOBIG)
			return r;
	}
	return 0;
}

/* A CSV record's fields, as read. */
struct csv_rec {
	char		 f[CSV_MAX_FIELDS][HL_MAX_INDICATOR_LEN + 2];
	size_t		 n;		/* fields */
	uint64_t	 line;		/* where it starts */
	bool		 cut;		/* a field longer than a value can be */
};

/*
 * The next CSV record at *p before end (RFC 4180: fields separated by
 * sep, quoted with '"', '""' a quote inside quotes, a record ended by a
 * newline outside quotes, so a quoted field may span lines), *line
 * counting lines. Returns 1 with rec filled, 0 at the end, -1 for a
 * quoted field that never ends (rec->line says where it began).
 */
static int
csv_record(const char **p, const char *end, char sep, uint64_t *line,
    struct csv_rec *rec)
{
	const char *s = *p;
	bool quoted = false, any = false;
	size_t o = 0;

	if (s >= end)
		return 0;
	rec->n = 0;
	rec->cut = false;
	rec->line = ++*line;
	rec->f[0][0] = '\0';
	for (; s < end; s++) {
		char c = *s;

		if (quoted) {
			if (c == '"' && s + 1 < end && s[1] == '"')
				s++;
			else if (c == '"') {
				quoted = false;
				continue;
			}
			if (c == '\n')
				++*line;
		} else if (c == '"' && o == 0 && !any) {
			quoted = any = true;
			continue;
		} else if (c == sep || c == '\n') {
			if (rec->n < CSV_MAX_FIELDS)
				rec->f[rec->n++][o] = '\0';
			o = 0;
			any = false;
			if (c == '\n') {
				s++;
				break;
			}
			if (rec->n < CSV_MAX_FIELDS)
				rec->f[rec->n][0] = '\0';
			continue;
		} else if (c == '\r' && (s + 1 == end || s[1] == '\n'))
			continue;
		any = true;
		if (rec->n >= CSV_MAX_FIELDS)
			continue;
		if (o + 1 < sizeof(rec->f[0]))
			rec->f[rec->n][o++] = c;
		else
			rec->cut = true;
	}
	if (quoted)
		return -1;
	if (s >= end && (o > 0 || any || (s > *p && s[-1] != '\n')) &&
	    rec->n < CSV_MAX_FIELDS)
		rec->f[rec->n++][o] = '\0';
	*p = s;
	return 1;
}

/* Whether a to_ids field says no. */
static bool
csv_false(const char *v)
{
	return strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0;
}

/*
 * CSV: a header naming a "value" column (or "indicator", "ioc") reads
 * that column, typed by a "type" column where it names a hotline type
 * and inferred otherwise, and skips a row whose "to_ids" column says 0
 * or false (as MISP's CSV export writes it); with no such header, the
 * first column of every line is a value. Every row not taken is said.
 */
static int
read_csv(struct imp *im, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;
	struct csv_rec *rec;
	char where[32];
	char sep = ',';
	long vcol = 0, tcol = -1, icol = -1;
	uint64_t line = 0;
	bool first = true;
	int r = 0, got;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (memchr(p, ',', (size_t)((nl != NULL ? nl : end) - p)) == NULL &&
	    memchr(p, '\t', (size_t)((nl != NULL ? nl : end) - p)) != NULL)
		sep = '\t';
	if ((rec = malloc(sizeof(*rec))) == NULL)
		return HL_ENOMEM;
	while (r == 0 && (got = csv_record(&p, end, sep, &line, rec)) != 0) {
		const char *v;
		int type = -1;

		(void)snprintf(where, sizeof(where), "line %llu",
		    (unsigned long long)rec->line);
		if (got < 0) {
			imp_skip(im, "malformed", where, "a quoted field that "
			    "never ends: the rest of the file is not read");
			break;
		}
		if (rec->n == 0 || (rec->n == 1 && rec->f[0][0] == '\0') ||
		    rec->f[0][0] == '#')
			continue;
		if (first) {
			bool header = false;

			first = false;
			for (size_t c = 0; c < rec->n; c++) {
				if (strcasecmp(rec->f[c], "value") == 0 ||
				    strcasecmp(rec->f[c], "indicator") == 0 ||
				    strcasecmp(rec->f[c], "ioc") == 0) {
					vcol = (long)c;
					header = true;
				} else if (strcasecmp(rec->f[c], "type") == 0)
					tcol = (long)c;
				else if (strcasecmp(rec->f[c], "to_ids") == 0)
					icol = (long)c;
			}
			if (header)
				continue;
			/* No header: this line is a value's. */
			tcol = icol = -1;
		}
		if ((size_t)vcol >= rec->n) {
			imp_skip(im, "malformed", where, "%zu field%s: no value "
			    "column (field %ld)", rec->n, rec->n == 1 ? "" : "s",
			    vcol + 1);
			continue;
		}
		if (icol >= 0 && (size_t)icol < rec->n &&
		    csv_false(rec->f[icol])) {
			imp_skip(im, "not to_ids", where, "to_ids is %s (for "
			    "context, not detection): not imported",
			    rec->f[icol]);
			continue;
		}
		if (rec->cut) {
			imp_skip(im, "invalid value", where, "a field longer "
			    "than %d bytes", HL_MAX_INDICATOR_LEN);
			continue;
		}
		if (tcol >= 0 && (size_t)tcol < rec->n)
			type = ioc_type_parse(rec->f[tcol]);
		v = rec->f[vcol];
		r = type >= 0 ? imp_add(im, (enum ioc_type)type, v, strlen(v),
		    0, 0, where) : imp_add_infer(im, v, strlen(v), 0, 0, where);
		if (r > 0 || r == HL_ETOOBIG)
			r = 0;
	}
	free(rec);
	return r;
}

int
imp_read(enum imp_format f, const char *path, const char *data, size_t len,
    struct imp *im, struct hl_diag *d)
{
	if (len > HL_MAX_IMPORT_FILE)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "larger than %d bytes",
		    HL_MAX_IMPORT_FILE);
	switch (f) {
	case IMP_STIX:
		return stix_import(path, data, len, im, d);
	case IMP_MISP:
		return misp_import(path, data, len, im, d);
	case IMP_IODEF:
		return iodef_import(path, data, len, im, d);
	case IMP_CSV:
		return read_csv(im, data, len);
	case IMP_LIST:
		return read_list(im, data, len);
	default:
		return hl_diag_set(d, HL_EINVAL, path, "no format");
	}
}

void
interop_uuid5(const uint8_t ns[16], const char *name, size_t n,
    char out[static INTEROP_UUID_LEN])
{
	gnutls_hash_hd_t h;
	uint8_t md[20];

	/* SHA-1 here names, it does not protect: RFC 9562 5.5 fixes it. */
	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA1) < 0) {
		memset(md, 0, sizeof(md));
	} else {
		(void)gnutls_hash(h, ns, 16);
		(void)gnutls_hash(h, name, n);
		gnutls_hash_deinit(h, md);
	}
	md[6] = (uint8_t)((md[6] & 0x0f) | 0x50);
	md[8] = (uint8_t)((md[8] & 0x3f) | 0x80);
	(void)snprintf(out, INTEROP_UUID_LEN, "%02x%02x%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2],
	    md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11],
	    md[12], md[13], md[14], md[15]);
}

void
interop_id(const char *type, const char *name, char *out, size_t outsz)
{
	char u[INTEROP_UUID_LEN];

	interop_uuid5(interop_ns, name, strlen(name), u);
	(void)snprintf(out, outsz, "%s--%s", type, u);
}

void
interop_time_ms(int64_t t, char out[static INTEROP_TIME_LEN])
{
	char s[PROTO_TIME_LEN];

	proto_time_format(t, s);
	/* "YYYY-MM-DDTHH:MM:SS" + ".000Z" */
	(void)snprintf(out, INTEROP_TIME_LEN, "%.19s.000Z", s);
}
