/*
 * MISP in and out. See misp.h, and docs/PROTOCOL.md, "Interop", "MISP",
 * for the mapping both ways; docs/DECISIONS.md, "MISP", for why.
 *
 * Import walks a parsed event (jansson's tree, depth-limited by
 * jcs_parse() before it is built) and hands every value to the builder
 * with the type MISP states; whatever it does not take is reported with
 * the attribute's place in the file. Export builds one event from a
 * checked envelope, with uuids derived from the message so the same
 * message always gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jcs.h"
#include "limits.h"
#include "misp.h"
#include "schema.h"
#include "tlp.h"

/* The last second proto_time_format() writes: 9999-12-31T23:59:59Z. */
#define MISP_TIME_MAX	253402300799LL

/* A name from the file as a report may print it (type, object, tag). */
#define MISP_NAME_LEN	64

/* How a MISP value holds hotline's part of it. */
enum mpart {
	MP_WHOLE,	/* the whole value */
	MP_ADDR,	/* "ADDR|PORT": before the last '|' */
	MP_HASH,	/* "FILENAME|HASH": after the last '|' */
	MP_BOTH,	/* "DOMAIN|IP": both */
	MP_URI		/* a URI: only an absolute one */
};

/* An address whose family its value says (ipv4, ipv6, or a network). */
#define MT_IP	(-1)

/* MISP's attribute types that hotline takes. */
static const struct mtype {
	const char	*name;
	int		 type;		/* enum ioc_type, or MT_IP */
	enum mpart	 part;
} mtypes[] = {
	{ "ip-src",		MT_IP,		MP_WHOLE },
	{ "ip-dst",		MT_IP,		MP_WHOLE },
	{ "ip-src|port",	MT_IP,		MP_ADDR },
	{ "ip-dst|port",	MT_IP,		MP_ADDR },
	{ "domain",		IOC_DOMAIN,	MP_WHOLE },
	{ "hostname",		IOC_DOMAIN,	MP_WHOLE },
	{ "domain|ip",		IOC_DOMAIN,	MP_BOTH },
	{ "url",		IOC_URL,	MP_WHOLE },
	{ "uri",		IOC_URL,	MP_URI },
	{ "email-src",		IOC_EMAIL,	MP_WHOLE },
	{ "email-dst",		IOC_EMAIL,	MP_WHOLE },
	{ "email",		IOC_EMAIL,	MP_WHOLE },
	{ "md5",		IOC_MD5,	MP_WHOLE },
	{ "sha1",		IOC_SHA1,	MP_WHOLE },
	{ "sha256",		IOC_SHA256,	MP_WHOLE },
	{ "filename|md5",	IOC_MD5,	MP_HASH },
	{ "filename|sha1",	IOC_SHA1,	MP_HASH },
	{ "filename|sha256",	IOC_SHA256,	MP_HASH },
};

/* One import: the builder and where in the file the walk is. */
struct mimp {
	struct imp	*im;
	char		 ev[32];	/* "Event 2 " when several, else "" */
	int		 sev;		/* the highest threat level: 0 none */
};

/*
 * A name from the file (a type, an object's name, a tag) as a report
 * prints it: printable ASCII, '?' for any other byte, at most
 * MISP_NAME_LEN bytes, so that a hostile file cannot write to a duty
 * officer's terminal through stderr.
 */
static void
clean(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 4 < outsz && i < MISP_NAME_LEN; i++)
		out[o++] = (s[i] > ' ' && s[i] < 0x7f) ? s[i] : '?';
	if (n > MISP_NAME_LEN && o + 4 < outsz) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* A string member without NUL bytes, or NULL; *n its length. */
static const char *
str(const json_t *v, size_t *n)
{
	const char *s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	*n = json_string_length(v);
	return memchr(s, '\0', *n) == NULL ? s : NULL;
}

/*
 * A MISP number: MISP writes its numbers as strings ("threat_level_id":
 * "2", "timestamp": "1617875568") and some tools as JSON numbers; both
 * are taken. Whole, 0 to max; false for anything else.
 */
static bool
num(const json_t *v, int64_t max, int64_t *out)
{
	const char *s;
	size_t n;
	int64_t x = 0;

	if (json_is_number(v)) {
		double d = json_number_value(v);

		if (!(d >= 0 && d <= (double)max) || d != (double)(int64_t)d)
			return false;
		*out = (int64_t)d;
		return true;
	}
	if ((s = str(v, &n)) == NULL || n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
	}
	if (x > max)
		return false;
	*out = x;
	return true;
}

/*
 * A MISP boolean: true and false, and the "1" and "0" (or 1 and 0) that
 * older exports write. 1 true, 0 false, -1 absent, -2 none of these.
 */
static int
boolean(const json_t *v)
{
	int64_t x;

	if (v == NULL || json_is_null(v))
		return -1;
	if (json_is_boolean(v))
		return json_is_true(v) ? 1 : 0;
	if (num(v, 1, &x))
		return (int)x;
	return -2;
}

/*
 * A time MISP writes: an attribute's first_seen or last_seen in RFC 3339
 * ("2021-04-08T10:00:00.000000+00:00"), or seconds since the epoch (a
 * timestamp, a sighting's date_sighting). 0 when absent or null, 1 and
 * *t when read, -1 when it is neither.
 */
static int
mtime(const json_t *v, int64_t *t)
{
	const char *s;
	size_t n;

	if (v == NULL || json_is_null(v))
		return 0;
	if (num(v, MISP_TIME_MAX, t))
		return *t > 0 ? 1 : 0;
	if ((s = str(v, &n)) == NULL || n > 64 ||
	    !proto_time_parse(s, 0, t) || *t > MISP_TIME_MAX)
		return -1;
	return 1;
}

/* An event's date, "YYYY-MM-DD": its midnight, or false. */
static bool
mdate(const json_t *v, int64_t *t)
{
	const char *s;
	size_t n;
	int f[3] = { 0, 0, 0 }, w[3] = { 4, 2, 2 };

	if ((s = str(v, &n)) == NULL || n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int k = 0, i = 0; k < 3; k++, i++)
		for (int j = 0; j < w[k]; j++, i++) {
			if (s[i] < '0' || s[i] > '9')
				return false;
			f[k] = f[k] * 10 + (s[i] - '0');
		}
	return proto_civil(f[0], f[1], f[2], 0, 0, 0, t);
}

/*
 * A Tag list: each "tlp:" tag is a marking, the strictest of all kept
 * (imp_tlp()); a "tlp:" tag that is no TLP label ("tlp:unclear",
 * "tlp:ex:chr") is reported, since the event then says something about
 * its handling that hotline cannot carry. Other tags say nothing here.
 */
static void
tags(struct mimp *m, const json_t *list, const char *where)
{
	char name[MISP_NAME_LEN + 8];
	const json_t *t;
	const char *s;
	size_t i, n;
	int l;

	if (list == NULL || json_is_null(list))
		return;
	if (!json_is_array(list)) {
		imp_skip(m->im, "malformed", where, "Tag is not a list: its "
		    "markings are not read");
		return;
	}
	json_array_foreach(list, i, t) {
		if ((s = str(json_object_get(t, "name"), &n)) == NULL) {
			imp_skip(m->im, "malformed", where, "Tag %zu has no "
			    "name", i);
			continue;
		}
		if (n < 4 || strncasecmp(s, "tlp:", 4) != 0)
			continue;
		if ((l = tlp_parse(s)) >= 0) {
			imp_tlp(m->im, (enum tlp)l);
			continue;
		}
		clean(s, n, name, sizeof(name));
		imp_skip(m->im, "tlp tag", where, "tag '%s' is no TLP 2.0 "
		    "label: not taken; mark the request yourself", name);
	}
}

/* The type of an address by its spelling: ':' only in IPv6. */
static enum ioc_type
ipfamily(const char *s, size_t n)
{
	return memchr(s, ':', n) != NULL ? IOC_IPV6 : IOC_IPV4;
}

/* Whether s begins with an RFC 3986 scheme and "://". */
static bool
absolute(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		return false;
	for (i++; i < n; i++) {
		char c = s[i];

		if (c == ':')
			return n - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/';
		if (!(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		    c == '.'))
			return false;
	}
	return false;
}

/* The last '|' of s, or NULL. */
static const char *
lastbar(const char *s, size_t n)
{
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '|')
			return s + i - 1;
	return NULL;
}

/* One value into the builder; ETOOBIG is the builder's to report. */
static int
add(struct mimp *m, int type, const char *s, size_t n, int64_t first,
    int64_t last, const char *where)
{
	enum ioc_type t = type == MT_IP ? ipfamily(s, n) : (enum ioc_type)type;
	int r = imp_add(m->im, t, s, n, first, last, where);

	return r == HL_ETOOBIG || r > 0 ? 0 : r;
}

/*
 * An attribute's sightings: each of type 0 ("seen") widens the
 * indicator's first and last seen by its date_sighting; a false
 * positive (1) or an expiration (2) is reported, since it says the
 * value should perhaps not be asked about at all.
 */
static void
sightings(struct mimp *m, const json_t *list, const char *where,
    int64_t *first, int64_t *last)
{
	const json_t *s;
	int64_t t, k;
	size_t i;

	if (list == NULL || json_is_null(list))
		return;
	if (!json_is_array(list)) {
		imp_skip(m->im, "malformed", where, "Sighting is not a list: "
		    "not read");
		return;
	}
	json_array_foreach(list, i, s) {
		const json_t *ty = json_object_get(s, "type");

		if (ty != NULL && (!num(ty, 2, &k) || k != 0)) {
			imp_skip(m->im, "sighting", where, "Sighting %zu is "
			    "%s: the value is imported, check it before "
			    "asking", i, !num(ty, 2, &k) ? "of no known type" :
			    k == 1 ? "a false positive" : "an expiration");
			continue;
		}
		if (mtime(json_object_get(s, "date_sighting"), &t) != 1)
			continue;
		if (*first == 0 || t < *first)
			*first = t;
		if (t > *last)
			*last = t;
	}
}

/*
 * One attribute, at where ("Attribute 12", "Object 3 (file) Attribute
 * 1"): taken by the builder when its type is one of mtypes, reported
 * otherwise. Only HL_ENOMEM ends the import.
 */
static int
attribute(struct mimp *m, const json_t *a, const char *at)
{
	const struct mtype *mt = NULL;
	char where[256], tname[MISP_NAME_LEN + 8], kind[MISP_NAME_LEN + 32];
	const char *type, *v, *bar;
	int64_t first = 0, last = 0;
	size_t tn, n;
	int r, ids;

	if (!json_is_object(a)) {
		imp_skip(m->im, "malformed", at, "not an object");
		return 0;
	}
	if ((type = str(json_object_get(a, "type"), &tn)) == NULL) {
		imp_skip(m->im, "malformed", at, "no type (or not a string)");
		return 0;
	}
	clean(type, tn, tname, sizeof(tname));
	(void)snprintf(where, sizeof(where), "%s (%s)", at, tname);
	switch (boolean(json_object_get(a, "deleted"))) {
	case 1:
		imp_skip(m->im, "deleted", where, "deleted in MISP");
		return 0;
	case -2:
		imp_skip(m->im, "malformed", where, "deleted is not a "
		    "boolean: not imported");
		return 0;
	}
	tags(m, json_object_get(a, "Tag"), where);
	for (size_t i = 0; i < sizeof(mtypes) / sizeof(mtypes[0]); i++)
		if (strlen(mtypes[i].name) == tn &&
		    memcmp(mtypes[i].name, type, tn) == 0)
			mt = &mtypes[i];
	if (mt == NULL) {
		(void)snprintf(kind, sizeof(kind), "attribute type %s", tname);
		imp_skip(m->im, kind, where, "no hotline type");
		return 0;
	}
	/* Absent is taken: the file does not say it is not for detection. */
	if ((ids = boolean(json_object_get(a, "to_ids"))) == 0) {
		imp_skip(m->im, "not to_ids", where, "to_ids is false (MISP's "
		    "mark for context, not detection): not imported; set it "
		    "to ask a peer to look for this value");
		return 0;
	} else if (ids == -2) {
		imp_skip(m->im, "malformed", where, "to_ids is not a boolean: "
		    "not imported");
		return 0;
	}
	if ((v = str(json_object_get(a, "value"), &n)) == NULL) {
		imp_skip(m->im, "malformed", where, json_is_string(
		    json_object_get(a, "value")) ? "value holds a NUL byte" :
		    "value is not a string");
		return 0;
	}
	if ((r = mtime(json_object_get(a, "first_seen"), &first)) < 0 ||
	    (r = mtime(json_object_get(a, "last_seen"), &last)) < 0) {
		imp_skip(m->im, "invalid time", where, "first_seen or "
		    "last_seen is not an RFC 3339 time: the value is imported "
		    "without its times");
		first = last = 0;
	}
	sightings(m, json_object_get(a, "Sighting"), where, &first, &last);
	if (last > 0 && first > last) {
		int64_t t = first;

		first = last;
		last = t;
	}
	imp_seen(m->im, first);
	imp_seen(m->im, last);
	switch (mt->part) {
	case MP_WHOLE:
		return add(m, mt->type, v, n, first, last, where);
	case MP_URI:
		if (!absolute(v, n)) {
			imp_skip(m->im, "relative uri", where, "a relative URI "
			    "names no host: not an indicator on its own");
			return 0;
		}
		return add(m, mt->type, v, n, first, last, where);
	case MP_ADDR:
		if ((bar = lastbar(v, n)) == NULL) {
			imp_skip(m->im, "malformed", where, "no '|' before the "
			    "port: not imported");
			return 0;
		}
		return add(m, mt->type, v, (size_t)(bar - v), first, last,
		    where);
	case MP_HASH:
		if ((bar = lastbar(v, n)) == NULL) {
			imp_skip(m->im, "malformed", where, "no '|' before the "
			    "hash: not imported");
			return 0;
		}
		return add(m, mt->type, bar + 1, n - (size_t)(bar + 1 - v),
		    first, last, where);
	case MP_BOTH:
		if ((bar = memchr(v, '|', n)) == NULL) {
			imp_skip(m->im, "malformed", where, "no '|' between "
			    "the domain and the address: not imported");
			return 0;
		}
		if ((r = add(m, IOC_DOMAIN, v, (size_t)(bar - v), first, last,
		    where)) != 0)
			return r;
		return add(m, MT_IP, bar + 1, n - (size_t)(bar + 1 - v),
		    first, last, where);
	}
	return 0;
}

/* An Attribute list, each at "PREFIX Attribute I". */
static int
attributes(struct mimp *m, const json_t *list, const char *prefix,
    const char *owner)
{
	char at[160];
	const json_t *a;
	size_t i;
	int r;

	if (list == NULL || json_is_null(list))
		return 0;
	if (!json_is_array(list)) {
		imp_skip(m->im, "malformed", owner, "Attribute is not a list: "
		    "none of it imported");
		return 0;
	}
	json_array_foreach(list, i, a) {
		(void)snprintf(at, sizeof(at), "%sAttribute %zu", prefix, i);
		if ((r = attribute(m, a, at)) != 0)
			return r;
	}
	return 0;
}

/* An Object list: each object's attributes, as the event's are read. */
static int
objects(struct mimp *m, const json_t *list, const char *owner)
{
	char pre[160], at[168], name[MISP_NAME_LEN + 8];
	const json_t *o;
	const char *s;
	size_t i, n;
	int r;

	if (list == NULL || json_is_null(list))
		return 0;
	if (!json_is_array(list)) {
		imp_skip(m->im, "malformed", owner, "Object is not a list: "
		    "none of it imported");
		return 0;
	}
	json_array_foreach(list, i, o) {
		if ((s = str(json_object_get(o, "name"), &n)) != NULL)
			clean(s, n, name, sizeof(name));
		else
			(void)snprintf(name, sizeof(name), "?");
		(void)snprintf(pre, sizeof(pre), "%sObject %zu (%s)", m->ev, i,
		    name);
		if (!json_is_object(o)) {
			imp_skip(m->im, "malformed", pre, "not an object");
			continue;
		}
		if (boolean(json_object_get(o, "deleted")) == 1) {
			imp_skip(m->im, "deleted", pre, "deleted in MISP, with "
			    "its %zu attributes", json_array_size(
			    json_object_get(o, "Attribute")));
			continue;
		}
		(void)snprintf(at, sizeof(at), "%s ", pre);
		if ((r = attributes(m, json_object_get(o, "Attribute"), at,
		    pre)) != 0)
			return r;
	}
	return 0;
}

/* Whether free text is a summary the request schema takes. */
static bool
summary_ok(const char *s, size_t n)
{
	if (n == 0 || n > HL_MAX_SUMMARY_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n' &&
		    s[i] != '\t') || s[i] == 0x7f)
			return false;
	return true;
}

/* One event object. */
static int
event(struct mimp *m, const json_t *e)
{
	char where[48];
	const json_t *v;
	const char *s;
	int64_t t, lvl;
	size_t n;
	int r, k;

	(void)snprintf(where, sizeof(where), "%s", m->ev[0] != '\0' ? m->ev :
	    "Event");
	if (where[strlen(where) - 1] == ' ')
		where[strlen(where) - 1] = '\0';
	if ((v = json_object_get(e, "info")) != NULL) {
		if ((s = str(v, &n)) != NULL && summary_ok(s, n)) {
			if ((r = imp_set(m->im, "summary", s)) != 0)
				return r;
		} else
			imp_skip(m->im, "info", where, "info is not a summary "
			    "(1 to %d bytes of text, no control characters): "
			    "not taken", HL_MAX_SUMMARY_LEN);
	}
	if ((v = json_object_get(e, "threat_level_id")) != NULL &&
	    !json_is_null(v)) {
		/* 1 high, 2 medium, 3 low, 4 undefined (no severity). */
		if (!num(v, 4, &lvl) || lvl < 1)
			imp_skip(m->im, "threat level", where, "threat_level_id "
			    "is none of 1 to 4: no severity taken");
		else if (lvl < 4 && 4 - (int)lvl > m->sev)
			m->sev = 4 - (int)lvl;
	}
	if ((v = json_object_get(e, "date")) != NULL) {
		if (mdate(v, &t))
			imp_seen(m->im, t);
		else
			imp_skip(m->im, "invalid time", where, "date is not "
			    "YYYY-MM-DD: not taken");
	}
	if ((k = mtime(json_object_get(e, "timestamp"), &t)) > 0)
		imp_seen(m->im, t);
	else if (k < 0)
		imp_skip(m->im, "invalid time", where, "timestamp is not a "
		    "time: not taken");
	tags(m, json_object_get(e, "Tag"), where);
	if ((r = attributes(m, json_object_get(e, "Attribute"), m->ev,
	    where)) != 0)
		return r;
	if ((r = objects(m, json_object_get(e, "Object"), where)) != 0)
		return r;
	return 0;
}

/* Whether o looks like an event itself (as PyMISP writes them bare). */
static bool
bare(const json_t *o)
{
	return json_is_object(o) && (json_object_get(o, "Attribute") != NULL ||
	    json_object_get(o, "Object") != NULL ||
	    json_object_get(o, "info") != NULL);
}

/* An element of a list or a "response": {"Event": {...}} or bare. */
static const json_t *
element(const json_t *x)
{
	const json_t *e = json_object_get(x, "Event");

	if (json_is_object(e))
		return e;
	return e == NULL && bare(x) ? x : NULL;
}

int
misp_import(const char *path, const char *data, size_t len, struct imp *im,
    struct hl_diag *d)
{
	static const char *const sev[] = { NULL, "low", "medium", "high" };
	struct mimp m = { .im = im };
	const json_t *list = NULL, *x, *e;
	json_t *root = NULL;
	size_t i, nev = 0;
	int r;

	/* d's path is the member at fault; the front end names the file. */
	(void)path;
	if ((r = jcs_parse((const uint8_t *)data, len, HL_MAX_IMPORT_DEPTH, 0,
	    &root, d)) != 0)
		return r;
	if (json_is_object(root) && (e = json_object_get(root, "Event")) !=
	    NULL) {
		if (!json_is_object(e)) {
			r = hl_diag_set(d, HL_ESCHEMA, "Event", "not an "
			    "object");
			goto out;
		}
		r = event(&m, e);
		goto done;
	}
	if (json_is_array(root))
		list = root;
	else if (json_is_object(root) &&
	    (x = json_object_get(root, "response")) != NULL) {
		if (!json_is_array(x)) {
			r = hl_diag_set(d, HL_ESCHEMA, "response", "not a "
			    "list of events");
			goto out;
		}
		list = x;
	} else if (bare(root)) {
		r = event(&m, root);
		goto done;
	} else {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "not a MISP event: no "
		    "Event, response, or event members (info, Attribute, "
		    "Object)");
		goto out;
	}
	json_array_foreach(list, i, x)
		if (element(x) != NULL)
			nev++;
	if (nev == 0 && json_array_size(list) > 0) {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "not a MISP event: a list "
		    "with no event in it");
		goto out;
	}
	json_array_foreach(list, i, x) {
		if (nev > 1)
			(void)snprintf(m.ev, sizeof(m.ev), "Event %zu ", i);
		if ((e = element(x)) == NULL) {
			char where[32];

			(void)snprintf(where, sizeof(where), "Event %zu", i);
			imp_skip(im, "malformed", where, "not an event: none "
			    "of it imported");
			continue;
		}
		if ((r = event(&m, e)) != 0)
			goto out;
	}
done:
	if (r == 0 && m.sev > 0)
		r = imp_set(im, "severity", sev[m.sev]);
out:
	json_decref(root);
	return r;
}

/*
 * Export.
 */

/* hotline's types as MISP attributes, in a category describeTypes allows. */
static const struct {
	const char	*type;
	const char	*category;
} mexport[IOC_NTYPES] = {
	[IOC_IPV4] =	{ "ip-dst",	"Network activity" },
	[IOC_IPV6] =	{ "ip-dst",	"Network activity" },
	[IOC_CIDR] =	{ "ip-dst",	"Network activity" },
	[IOC_DOMAIN] =	{ "domain",	"Network activity" },
	[IOC_URL] =	{ "url",	"Network activity" },
	[IOC_EMAIL] =	{ "email-src",	"Payload delivery" },
	[IOC_MD5] =	{ "md5",	"Payload delivery" },
	[IOC_SHA1] =	{ "sha1",	"Payload delivery" },
	[IOC_SHA256] =	{ "sha256",	"Payload delivery" },
};

/*
 * MISP's distribution for each TLP label: clear to all communities (3);
 * green to this community (1), which is what green's "within the
 * community" means; amber and stricter to the receiving organisation
 * only (0), the nearest MISP has to need-to-know, and red (whose
 * export tlp_beyond() refuses unforced) no further either.
 */
static const char *const mdist[TLP_COUNT] = { "3", "1", "0", "0", "0" };

/* A uuid derived from "what:" + a and, when given, ":" + b. */
static json_t *
uuid(const char *what, const char *a, const char *b)
{
	char name[HL_MAX_INDICATOR_LEN + 256], u[INTEROP_UUID_LEN];
	int n;

	n = snprintf(name, sizeof(name), "%s:%s%s%s", what, a,
	    b != NULL ? ":" : "", b != NULL ? b : "");
	if (n < 0 || (size_t)n >= sizeof(name))
		n = (int)sizeof(name) - 1;
	interop_uuid5(interop_ns, name, (size_t)n, u);
	return json_string(u);
}

/* Seconds since the epoch as MISP writes them: a string of digits. */
static json_t *
epoch(int64_t t)
{
	char s[24];

	(void)snprintf(s, sizeof(s), "%lld", (long long)t);
	return json_string(s);
}

/* A time as MISP writes first_seen: "YYYY-MM-DDTHH:MM:SS.000000+00:00". */
static json_t *
isotime(int64_t t)
{
	char p[PROTO_TIME_LEN], s[40];

	proto_time_format(t, p);
	(void)snprintf(s, sizeof(s), "%.19s.000000+00:00", p);
	return json_string(s);
}

/* An RFC 3339 member of o, or 0. */
static int64_t
bodytime(const json_t *o, const char *member)
{
	const char *s = json_string_value(json_object_get(o, member));
	int64_t t;

	return s != NULL && proto_time_parse(s, 0, &t) ? t : 0;
}

/*
 * An indicator {type, value, ...} as an attribute: uuid from the
 * request it belongs to, so that a response's attributes are its
 * request's. NULL (and *r set) on failure, also for a repeat (r 0).
 */
static json_t *
attr_of(const json_t *ind, const char *reqid, int64_t created, json_t *seen,
    int *r)
{
	const char *type = json_string_value(json_object_get(ind, "type"));
	const char *value = json_string_value(json_object_get(ind, "value"));
	char name[HL_MAX_INDICATOR_LEN + 32], comment[128];
	int64_t first, last;
	json_t *a, *u;
	int t;

	*r = HL_EINVAL;
	if (type == NULL || value == NULL || (t = ioc_type_parse(type)) < 0)
		return NULL;
	*r = 0;
	(void)snprintf(name, sizeof(name), "%s:%s", type, value);
	if ((u = uuid("indicator", reqid, name)) == NULL) {
		*r = HL_ENOMEM;
		return NULL;
	}
	if (json_object_get(seen, json_string_value(u)) != NULL) {
		/* A repeat: one attribute per value, the first. */
		json_decref(u);
		return NULL;
	}
	if (json_object_set_new(seen, json_string_value(u), json_true()) != 0 ||
	    (a = json_pack("{s:o, s:s, s:s, s:s, s:b, s:o}", "uuid", u,
	    "type", mexport[t].type, "category", mexport[t].category, "value",
	    value, "to_ids", 1, "timestamp", epoch(created))) == NULL) {
		*r = HL_ENOMEM;
		return NULL;
	}
	first = bodytime(ind, "first_seen");
	last = bodytime(ind, "last_seen");
	if (first > 0 && json_object_set_new(a, "first_seen", isotime(first)))
		goto nomem;
	if (last > 0 && json_object_set_new(a, "last_seen", isotime(last)))
		goto nomem;
	if (first > 0 || last > 0) {
		char f[PROTO_TIME_LEN] = "", l[PROTO_TIME_LEN] = "";

		if (first > 0)
			proto_time_format(first, f);
		if (last > 0)
			proto_time_format(last, l);
		(void)snprintf(comment, sizeof(comment), "%s%s%s%s%s",
		    first > 0 ? "first seen " : "", f,
		    first > 0 && last > 0 ? ", " : "",
		    last > 0 ? "last seen " : "", l);
		if (json_object_set_new(a, "comment", json_string(comment)))
			goto nomem;
	}
	return a;
nomem:
	json_decref(a);
	*r = HL_ENOMEM;
	return NULL;
}

/* Appends a comma-separated list of an array's strings to b. */
static void
strlist(char *b, size_t bsz, const char *label, const json_t *arr)
{
	const json_t *v;
	size_t i, n;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	n = strlen(b);
	(void)snprintf(b + n, bsz - n, "%s%s: ", n > 0 ? "\n" : "", label);
	json_array_foreach(arr, i, v) {
		n = strlen(b);
		(void)snprintf(b + n, bsz - n, "%s%s", i > 0 ? ", " : "",
		    json_string_value(v) != NULL ? json_string_value(v) : "");
	}
}

/* Appends "label: value" on a line of its own when value is a string. */
static void
line(char *b, size_t bsz, const char *label, const json_t *v)
{
	size_t n = strlen(b);

	if (json_string_value(v) != NULL)
		(void)snprintf(b + n, bsz - n, "%s%s: %s", n > 0 ? "\n" : "",
		    label, json_string_value(v));
}

/*
 * A finding as its request's attribute with one Sighting by the
 * responder: count, times and places in the comment, since a MISP
 * sighting is one sighting and holds no count.
 */
static json_t *
finding(const struct envelope_hdr *h, const json_t *f, const char *reqid,
    json_t *seen, json_t *org, int *r)
{
	const json_t *ind = json_object_get(f, "indicator");
	char comment[4096] = "", name[HL_MAX_INDICATOR_LEN + 32];
	int64_t first = bodytime(f, "first_seen"), last = bodytime(f,
	    "last_seen"), when;
	json_t *a, *s, *cnt = json_object_get(f, "count");
	size_t n;

	if ((a = attr_of(ind, reqid, h->created, seen, r)) == NULL)
		return NULL;
	/* The finding's own times replace the request's, if any. */
	if (first > 0 && json_object_set_new(a, "first_seen", isotime(first)))
		goto nomem;
	if (last > 0 && json_object_set_new(a, "last_seen", isotime(last)))
		goto nomem;
	if (json_is_number(cnt))
		(void)snprintf(comment, sizeof(comment), "count %lld",
		    (long long)json_number_value(cnt));
	if (first > 0) {
		char t[PROTO_TIME_LEN];

		proto_time_format(first, t);
		n = strlen(comment);
		(void)snprintf(comment + n, sizeof(comment) - n, "%sfirst "
		    "seen %s", n > 0 ? "; " : "", t);
	}
	if (last > 0) {
		char t[PROTO_TIME_LEN];

		proto_time_format(last, t);
		n = strlen(comment);
		(void)snprintf(comment + n, sizeof(comment) - n, "%slast "
		    "seen %s", n > 0 ? "; " : "", t);
	}
	if (json_is_array(json_object_get(f, "where"))) {
		n = strlen(comment);
		(void)snprintf(comment + n, sizeof(comment) - n, "%s",
		    n > 0 ? "; " : "");
		strlist(comment + strlen(comment), sizeof(comment) -
		    strlen(comment), "where", json_object_get(f, "where"));
	}
	if (comment[0] != '\0' &&
	    json_object_set_new(a, "comment", json_string(comment)) != 0)
		goto nomem;
	when = last > 0 ? last : first > 0 ? first : h->created;
	(void)snprintf(name, sizeof(name), "%s:%s:%s", h->id,
	    json_string_value(json_object_get(ind, "type")),
	    json_string_value(json_object_get(ind, "value")));
	if ((s = json_pack("{s:o, s:s, s:s, s:o, s:O}", "uuid",
	    uuid("sighting", name, NULL), "type", "0", "source", h->from,
	    "date_sighting", epoch(when), "Organisation", org)) == NULL ||
	    json_object_set_new(a, "Sighting", json_pack("[o]", s)) != 0)
		goto nomem;
	return a;
nomem:
	json_decref(a);
	*r = HL_ENOMEM;
	return NULL;
}

/*
 * The body's prose as one "comment" attribute: summary, then what MISP
 * has no member for (category, sector, observed, expectations, a
 * response's status, actions and declined, a notice's kind, an
 * escalation's reason), one "label: value" a line.
 */
static int
prose(const struct envelope_hdr *h, json_t *attrs)
{
	const json_t *b = h->body, *o;
	char *text;
	/* summary and declined, and the short members: never cut. */
	size_t sz = 2 * HL_MAX_SUMMARY_LEN + 8192;
	int r = 0;

	if ((text = calloc(1, sz)) == NULL)
		return HL_ENOMEM;
	line(text, sz, "summary", json_object_get(b, "summary"));
	line(text, sz, "category", json_object_get(b, "category"));
	line(text, sz, "severity", json_object_get(b, "severity"));
	line(text, sz, "sector", json_object_get(b, "sector"));
	line(text, sz, "kind", json_object_get(b, "kind"));
	line(text, sz, "reason", json_object_get(b, "reason"));
	line(text, sz, "status", json_object_get(b, "status"));
	if ((o = json_object_get(b, "observed")) != NULL ||
	    (o = json_object_get(b, "window")) != NULL) {
		size_t n = strlen(text);

		(void)snprintf(text + n, sz - n, "%s%s: %s to %s",
		    n > 0 ? "\n" : "", json_object_get(b, "observed") != NULL ?
		    "observed" : "window",
		    json_string_value(json_object_get(o, "start")) != NULL ?
		    json_string_value(json_object_get(o, "start")) : "?",
		    json_string_value(json_object_get(o, "end")) != NULL ?
		    json_string_value(json_object_get(o, "end")) : "?");
	}
	strlist(text, sz, "expectations", json_object_get(b, "expectations"));
	strlist(text, sz, "actions", json_object_get(b, "actions"));
	line(text, sz, "declined", json_object_get(b, "declined"));
	if (text[0] != '\0' && json_array_append_new(attrs, json_pack("{s:o, "
	    "s:s, s:s, s:s, s:b, s:o}", "uuid", uuid("comment", h->id, NULL),
	    "type", "comment", "category", "Other", "value", text, "to_ids", 0,
	    "timestamp", epoch(h->created))) != 0)
		r = HL_ENOMEM;
	free(text);
	return r;
}

int
misp_event(const struct envelope_hdr *h, json_t **out, struct hl_diag *d)
{
	/* threat_level_id by schema_severities: low, medium, high, critical. */
	static const char *const threat[] = { "3", "2", "1", "1" };
	char date[PROTO_TIME_LEN], ref[160];
	const char *reqid = h->id, *info, *sev;
	json_t *ev = NULL, *attrs = NULL, *org = NULL, *seen = NULL, *a, *v;
	int r = HL_ENOMEM, s;
	size_t i;

	*out = NULL;
	if (h->type == MSG_PING || h->type == MSG_PONG ||
	    h->type == MSG_CONTACT_CHECK || h->type == MSG_CONTACT_ACK)
		return hl_diag_set(d, HL_EINVAL, NULL, "a %s has nothing to "
		    "export", proto_type_names[h->type]);
	if (h->id == NULL)
		return hl_diag_set(d, HL_EINVAL, NULL, "a draft has no id to "
		    "export under");
	if (h->type == MSG_RESPONSE) {
		if ((reqid = json_string_value(json_array_get(h->refs, 0))) ==
		    NULL)
			return hl_diag_set(d, HL_EINVAL, "refs", "a response "
			    "names no request");
	}
	proto_time_format(h->created, date);
	date[10] = '\0';
	if ((info = h->subject) == NULL &&
	    (info = json_string_value(json_object_get(h->body, "summary"))) ==
	    NULL)
		info = proto_type_names[h->type];
	sev = json_string_value(json_object_get(h->body, "severity"));
	s = sev != NULL ? proto_lookup(schema_severities, sev) : -1;
	if ((org = json_pack("{s:o, s:s}", "uuid", uuid("org", h->from, NULL),
	    "name", h->from)) == NULL || (seen = json_object()) == NULL ||
	    (attrs = json_array()) == NULL)
		goto out;
	if ((ev = json_pack("{s:o, s:s, s:s, s:o, s:b, s:o, s:s, s:s, s:s, "
	    "s:O, s:O, s:[{s:s}], s:o}",
	    "uuid", uuid("event", h->id, NULL), "info", info, "date", date,
	    "timestamp", epoch(h->created), "published", 0,
	    "publish_timestamp", epoch(h->created),
	    "threat_level_id", s >= 0 ? threat[s] : "4",
	    "analysis", h->type == MSG_RESPONSE && json_string_value(
	    json_object_get(h->body, "status")) != NULL && strcmp(
	    json_string_value(json_object_get(h->body, "status")), "final") ==
	    0 ? "2" : "1",
	    "distribution", mdist[h->tlp], "Orgc", org, "Org", org,
	    "Tag", "name", interop_misp_tlp[h->tlp], "Attribute", attrs)) ==
	    NULL) {
		attrs = NULL;	/* json_pack() took it, even failing */
		goto out;
	}
	/* Which message this is, for a duty officer reading it in MISP. */
	if (h->type == MSG_RESPONSE)
		(void)snprintf(ref, sizeof(ref), "hotline response %s to "
		    "request %s", h->id, reqid);
	else
		(void)snprintf(ref, sizeof(ref), "hotline %s %s",
		    proto_type_names[h->type], h->id);
	if (json_array_append_new(attrs, json_pack("{s:o, s:s, s:s, s:s, s:b, "
	    "s:o}", "uuid", uuid("message", h->id, NULL), "type", "text",
	    "category", "Internal reference", "value", ref, "to_ids", 0,
	    "timestamp", epoch(h->created))) != 0)
		goto out;
	if (prose(h, attrs) != 0)
		goto out;
	json_array_foreach(json_object_get(h->body, "indicators"), i, v) {
		if ((a = attr_of(v, reqid, h->created, seen, &r)) == NULL) {
			if (r != 0)
				goto fail;
			continue;
		}
		if (json_array_append_new(attrs, a) != 0) {
			r = HL_ENOMEM;
			goto out;
		}
	}
	json_array_foreach(json_object_get(h->body, "findings"), i, v) {
		if ((a = finding(h, v, reqid, seen, org, &r)) == NULL) {
			if (r != 0)
				goto fail;
			continue;
		}
		if (json_array_append_new(attrs, a) != 0) {
			r = HL_ENOMEM;
			goto out;
		}
	}
	if ((*out = json_pack("{s:O}", "Event", ev)) == NULL)
		goto out;
	r = 0;
	goto out;
fail:
	if (r == HL_EINVAL)
		(void)hl_diag_set(d, r, NULL, "an indicator of no known type");
out:
	json_decref(ev);
	json_decref(org);
	json_decref(seen);
	return r;
}
