/*
 * STIX 2.1 in and out. See stix.h, and docs/PROTOCOL.md "### STIX" for
 * the mapping both ways; the pattern grammar is stixpat.c's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"
#include "limits.h"
#include "schema.h"
#include "stix.h"
#include "stixpat.h"
#include "tlp.h"

/* The TLP 2.0 extension-definition (oasis-open/cti-stix-common-objects). */
#define TLP2_EXT	"extension-definition--" \
			"60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
/* When those marking-definitions were made, as they say. */
#define TLP2_CREATED	"2022-10-01T00:00:00.000Z"

/* "TYPE--" and a UUID: the longest type here is "marking-definition". */
#define STIX_ID_LEN	64

/* What an id is derived from: "sighting:" + a message id (64 hex) + ":" + n. */
#define STIX_NAME_LEN	128

/* STIX 2.1's own TLP 1.0 markings (the spec, 7.2.1.4), and what each is. */
static const struct {
	const char	*id;
	enum tlp	 tlp;
} tlp1[] = {
	{ "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
	    TLP_CLEAR },
	{ "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
	    TLP_GREEN },
	{ "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
	    TLP_AMBER },
	{ "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
	    TLP_RED },
};

/*
 * Export.
 *
 * Every object a message makes carries the same created, modified,
 * created_by_ref and object_marking_refs, so they are made in one place;
 * the first failure sticks and the caller checks once.
 */
struct ex {
	const struct envelope_hdr *h;
	json_t		*objs;		/* the caller's array */
	json_t		*refs;		/* ids for the report's object_refs */
	json_t		*made;		/* indicator ids already made */
	char		 created[INTEROP_TIME_LEN];
	char		 from[STIX_ID_LEN];	/* the sender's identity */
	char		 to[STIX_ID_LEN];	/* the recipient's */
	int		 err;
};

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A body time as STIX writes it; false if there is none. */
static bool
stime(json_t *o, const char *key, char out[static INTEROP_TIME_LEN])
{
	const char *s = str(o, key);
	int64_t t;

	if (s == NULL || !proto_time_parse(s, 0, &t))
		return false;
	interop_time_ms(t, out);
	return true;
}

/* A new object with what every object of the message has. */
static json_t *
common(struct ex *ex, const char *type, const char *id, const char *by)
{
	json_t *o;

	if (ex->err != 0)
		return NULL;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s]}", "type", type,
	    "spec_version", "2.1", "id", id, "created", ex->created,
	    "modified", ex->created, "created_by_ref", by,
	    "object_marking_refs", interop_stix_tlp[ex->h->tlp]);
	if (o == NULL)
		ex->err = HL_ENOMEM;
	return o;
}

/* Appends o (taking it) to the objects, and its id to object_refs. */
static void
push(struct ex *ex, json_t *o, bool ref)
{
	if (o == NULL) {
		if (ex->err == 0)
			ex->err = HL_ENOMEM;
		return;
	}
	if (ex->err == 0 && ref && json_array_append(ex->refs,
	    json_object_get(o, "id")) != 0)
		ex->err = HL_ENOMEM;
	if (ex->err == 0 && json_array_append(ex->objs, o) != 0)
		ex->err = HL_ENOMEM;
	json_decref(o);
}

static void
add(struct ex *ex, json_t *o, const char *key, json_t *v)
{
	if (v == NULL || o == NULL || json_object_set_new(o, key, v) != 0)
		ex->err = ex->err != 0 ? ex->err : HL_ENOMEM;
}

/* The TLP 2.0 marking-definition as the extension's examples give it. */
static json_t *
marking(enum tlp t)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:{s:s, s:s}}}",
	    "type", "marking-definition", "spec_version", "2.1", "id",
	    interop_stix_tlp[t], "created", TLP2_CREATED, "name",
	    tlp_label(t), "extensions", TLP2_EXT, "extension_type",
	    "property-extension", "tlp_2_0", proto_tlp_names[t]);
}

static void
identity(struct ex *ex, const char *party, const char *id)
{
	json_t *o = common(ex, "identity", id, ex->from);

	add(ex, o, "name", json_string(party));
	add(ex, o, "identity_class", json_string("organization"));
	push(ex, o, true);
}

/*
 * The pattern of one indicator. Values are canonical (schema.h), so only
 * the grammar's two string escapes are needed: ' and \ get a backslash.
 */
static int
pattern(const char *type, const char *value, char *out, size_t outsz)
{
	const char *path;
	size_t o;
	int t = ioc_type_parse(type);

	switch (t) {
	case IOC_IPV4:
		path = "ipv4-addr:value";
		break;
	case IOC_IPV6:
		path = "ipv6-addr:value";
		break;
	case IOC_CIDR:
		path = strchr(value, ':') != NULL ? "ipv6-addr:value" :
		    "ipv4-addr:value";
		break;
	case IOC_DOMAIN:
		path = "domain-name:value";
		break;
	case IOC_URL:
		path = "url:value";
		break;
	case IOC_EMAIL:
		path = "email-addr:value";
		break;
	case IOC_MD5:
		path = "file:hashes.'MD5'";
		break;
	case IOC_SHA1:
		path = "file:hashes.'SHA-1'";
		break;
	case IOC_SHA256:
		path = "file:hashes.'SHA-256'";
		break;
	default:
		return HL_EINVAL;
	}
	o = (size_t)snprintf(out, outsz, "[%s = '", path);
	for (; *value != '\0' && o + 4 < outsz; value++) {
		if (*value == '\'' || *value == '\\')
			out[o++] = '\\';
		out[o++] = *value;
	}
	if (o + 3 > outsz)
		return HL_ETOOBIG;
	memcpy(out + o, "']", 3);
	return 0;
}

/*
 * The indicator object of (type, value) as the export of request reqid
 * names it, made once, valid from times' first_seen (else the message's
 * created); its id into id.
 */
static void
indicator(struct ex *ex, const char *reqid, const char *by, json_t *ind,
    json_t *times, char id[static STIX_ID_LEN])
{
	char name[HL_MAX_INDICATOR_LEN + 160];
	char pat[2 * HL_MAX_INDICATOR_LEN + 64], from[INTEROP_TIME_LEN];
	const char *type = str(ind, "type"), *value = str(ind, "value");
	json_t *o;

	*id = '\0';
	if (ex->err != 0)
		return;
	if (type == NULL || value == NULL || pattern(type, value, pat,
	    sizeof(pat)) != 0) {
		ex->err = HL_EINVAL;
		return;
	}
	(void)snprintf(name, sizeof(name), "indicator:%s:%s:%s", reqid, type,
	    value);
	interop_id("indicator", name, id, STIX_ID_LEN);
	if (json_object_get(ex->made, id) != NULL)
		return;
	if (json_object_set_new(ex->made, id, json_true()) != 0) {
		ex->err = HL_ENOMEM;
		return;
	}
	if (!stime(times, "first_seen", from))
		memcpy(from, ex->created, sizeof(from));
	o = common(ex, "indicator", id, by);
	(void)snprintf(name, sizeof(name), "%s %s", type, value);
	add(ex, o, "name", json_string(name));
	add(ex, o, "pattern", json_string(pat));
	add(ex, o, "pattern_type", json_string("stix"));
	add(ex, o, "pattern_version", json_string("2.1"));
	add(ex, o, "valid_from", json_string(from));
	push(ex, o, true);
}

/* A sighting of finding i (its indicator's object id ind). */
static void
sighting(struct ex *ex, size_t i, json_t *f, const char *ind)
{
	char name[STIX_NAME_LEN], id[STIX_ID_LEN], t[INTEROP_TIME_LEN];
	json_t *o, *c, *w, *v;
	size_t k;

	(void)snprintf(name, sizeof(name), "sighting:%s:%zu", ex->h->id, i);
	interop_id("sighting", name, id, sizeof(id));
	o = common(ex, "sighting", id, ex->from);
	add(ex, o, "sighting_of_ref", json_string(ind));
	add(ex, o, "where_sighted_refs", json_pack("[s]", ex->from));
	/* STIX's count stops at 999,999,999; a larger one is left out. */
	if ((c = json_object_get(f, "count")) != NULL &&
	    json_is_number(c) && json_number_value(c) >= 0 &&
	    json_number_value(c) <= 999999999)
		add(ex, o, "count", json_integer((json_int_t)
		    json_number_value(c)));
	if (stime(f, "first_seen", t))
		add(ex, o, "first_seen", json_string(t));
	if (stime(f, "last_seen", t))
		add(ex, o, "last_seen", json_string(t));
	if ((w = json_object_get(f, "where")) != NULL &&
	    json_array_size(w) > 0) {
		char desc[11 * 260];
		size_t n = 0;

		desc[0] = '\0';
		json_array_foreach(w, k, v)
			n += (size_t)snprintf(desc + n, sizeof(desc) - n,
			    "%s%s", k > 0 ? "\n" : "", json_string_value(v));
		add(ex, o, "description", json_string(desc));
	}
	push(ex, o, true);
}

/* hotline's own data: the message id, type, tier, deadline, its refs. */
static json_t *
extrefs(struct ex *ex)
{
	const struct envelope_hdr *h = ex->h;
	char desc[256], dl[PROTO_TIME_LEN];
	json_t *a, *v;
	size_t i;
	int n;

	n = snprintf(desc, sizeof(desc), "hotline %s from %s to %s, tier %s",
	    proto_type_names[h->type], h->from, h->to,
	    proto_tier_names[h->tier]);
	if (h->deadline > 0) {
		proto_time_format(h->deadline, dl);
		(void)snprintf(desc + n, sizeof(desc) - (size_t)n,
		    ", deadline %s", dl);
	}
	a = json_pack("[{s:s, s:s, s:s}]", "source_name", "hotline",
	    "external_id", h->id, "description", desc);
	json_array_foreach(h->refs, i, v)
		if (a != NULL && json_array_append_new(a, json_pack("{s:s, "
		    "s:O, s:s}", "source_name", "hotline", "external_id", v,
		    "description", h->type == MSG_RESPONSE && i == 0 ?
		    "answers" : "refers to")) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/* labels "member:value" for the body's members that have a vocabulary. */
static json_t *
labels(struct ex *ex)
{
	static const char *const keys[] = { "category", "severity", "sector",
		"kind", "reason", "status", NULL };
	char l[96];
	json_t *a = json_array(), *v;
	size_t i;

	if (a == NULL) {
		ex->err = HL_ENOMEM;
		return NULL;
	}
	for (i = 0; keys[i] != NULL; i++)
		if (str(ex->h->body, keys[i]) != NULL) {
			(void)snprintf(l, sizeof(l), "%s:%s", keys[i],
			    str(ex->h->body, keys[i]));
			if (json_array_append_new(a, json_string(l)) != 0)
				ex->err = HL_ENOMEM;
		}
	json_array_foreach(json_object_get(ex->h->body, "expectations"), i,
	    v) {
		(void)snprintf(l, sizeof(l), "expectation:%s",
		    json_string_value(v));
		if (json_array_append_new(a, json_string(l)) != 0)
			ex->err = HL_ENOMEM;
	}
	if (json_array_size(a) == 0) {
		json_decref(a);
		return json_null();
	}
	return a;
}

/*
 * A response's summary, and what its body says beside it: why declined,
 * the actions taken. A new string, NULL when out of memory.
 */
static char *
response_text(json_t *body)
{
	const char *summary = str(body, "summary");
	const char *declined = str(body, "declined");
	json_t *acts = json_object_get(body, "actions"), *v;
	size_t cap, n, i;
	char *s;

	cap = strlen(summary) + (declined != NULL ? strlen(declined) : 0) +
	    64 * (json_array_size(acts) + 1) + 32;
	if ((s = malloc(cap)) == NULL)
		return NULL;
	n = (size_t)snprintf(s, cap, "%s", summary);
	if (declined != NULL)
		n += (size_t)snprintf(s + n, cap - n, "\n\nDeclined: %s",
		    declined);
	json_array_foreach(acts, i, v)
		n += (size_t)snprintf(s + n, cap - n, "%s%s", i == 0 ?
		    "\n\nActions taken: " : ", ", json_string_value(v));
	return s;
}

/*
 * The report tying the message's objects together. A response's would
 * better be a note, but the OASIS bundle schema takes no note (a type it
 * does not list must match exactly one of its two fallback shapes, and a
 * note matches both), so a report it is, for every type.
 */
static void
tie(struct ex *ex)
{
	const struct envelope_hdr *h = ex->h;
	char name[STIX_NAME_LEN], id[STIX_ID_LEN], *text;
	json_t *o, *l;

	if (ex->err != 0)
		return;
	(void)snprintf(name, sizeof(name), "report:%s", h->id);
	interop_id("report", name, id, sizeof(id));
	o = common(ex, "report", id, ex->from);
	if (h->subject != NULL)
		add(ex, o, "name", json_string(h->subject));
	else {
		(void)snprintf(name, sizeof(name), "hotline %s %.12s",
		    proto_type_names[h->type], h->id);
		add(ex, o, "name", json_string(name));
	}
	if (h->type == MSG_RESPONSE) {
		if ((text = response_text(h->body)) == NULL)
			ex->err = HL_ENOMEM;
		else
			add(ex, o, "description", json_string(text));
		free(text);
	} else
		add(ex, o, "description", json_string(str(h->body,
		    "summary")));
	add(ex, o, "report_types", json_pack("[s]", "threat-report"));
	add(ex, o, "published", json_string(ex->created));
	if ((l = labels(ex)) != NULL && !json_is_null(l))
		add(ex, o, "labels", l);
	add(ex, o, "external_references", extrefs(ex));
	add(ex, o, "object_refs", json_incref(ex->refs));
	push(ex, o, false);
}

int
stix_objects(const struct envelope_hdr *h, json_t *objs, struct hl_diag *d)
{
	char name[HL_MAX_PARTY_LEN + 16], id[STIX_ID_LEN];
	struct ex ex;
	json_t *v;
	size_t i;

	if (h->type == MSG_PING || h->type == MSG_PONG ||
	    h->type == MSG_CONTACT_CHECK || h->type == MSG_CONTACT_ACK)
		return hl_diag_set(d, HL_EINVAL, "type", "a %s has nothing to "
		    "export", proto_type_names[h->type]);
	if (h->id == NULL)
		return hl_diag_set(d, HL_EINVAL, "id", "a draft has no id to "
		    "derive the objects' ids from");
	if (h->type == MSG_RESPONSE && (h->refs == NULL ||
	    json_string_value(json_array_get(h->refs, 0)) == NULL))
		return hl_diag_set(d, HL_EINVAL, "refs", "a response names "
		    "the request it answers");
	memset(&ex, 0, sizeof(ex));
	ex.h = h;
	ex.objs = objs;
	interop_time_ms(h->created, ex.created);
	(void)snprintf(name, sizeof(name), "identity:%s", h->from);
	interop_id("identity", name, ex.from, sizeof(ex.from));
	(void)snprintf(name, sizeof(name), "identity:%s", h->to);
	interop_id("identity", name, ex.to, sizeof(ex.to));
	if ((ex.refs = json_array()) == NULL ||
	    (ex.made = json_object()) == NULL) {
		ex.err = HL_ENOMEM;
		goto out;
	}
	push(&ex, marking(h->tlp), false);
	identity(&ex, h->from, ex.from);
	identity(&ex, h->to, ex.to);
	if (h->type == MSG_RESPONSE) {
		const char *req = json_string_value(json_array_get(h->refs, 0));
		json_t *f = json_object_get(h->body, "findings");

		/*
		 * The requester made the indicators: they are the objects
		 * its request's export gave, ids and all, so the sightings
		 * resolve there as well as here.
		 */
		json_array_foreach(f, i, v)
			indicator(&ex, req, ex.to, json_object_get(v,
			    "indicator"), v, id);
		json_array_foreach(f, i, v) {
			indicator(&ex, req, ex.to, json_object_get(v,
			    "indicator"), v, id);
			if (ex.err == 0)
				sighting(&ex, i, v, id);
		}
	} else
		json_array_foreach(json_object_get(h->body, "indicators"), i,
		    v)
			indicator(&ex, h->id, ex.from, v, v, id);
	tie(&ex);
out:
	json_decref(ex.refs);
	json_decref(ex.made);
	if (ex.err == HL_EINVAL)
		return hl_diag_set(d, HL_EINVAL, "body", "an indicator with "
		    "no type hotline exports");
	if (ex.err != 0)
		return hl_diag_set(d, ex.err, NULL, "STIX export: out of "
		    "memory");
	return 0;
}

int
stix_bundle(const struct envelope_hdr *h, json_t **out, struct hl_diag *d)
{
	char name[STIX_NAME_LEN], id[STIX_ID_LEN];
	json_t *objs, *b;
	int r;

	*out = NULL;
	if ((objs = json_array()) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if ((r = stix_objects(h, objs, d)) != 0) {
		json_decref(objs);
		return r;
	}
	(void)snprintf(name, sizeof(name), "bundle:%s", h->id);
	interop_id("bundle", name, id, sizeof(id));
	if ((b = json_pack("{s:s, s:s, s:o}", "type", "bundle", "id", id,
	    "objects", objs)) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	*out = b;
	return 0;
}

/*
 * Import.
 */
struct in {
	struct imp	*im;
	json_t		*byid;		/* id -> object, borrowed */
	json_t		*tlpof;		/* marking id -> its TLP */
	json_t		*window;	/* SCO id -> [first, last] */
	json_t		*said;		/* marking ids already reported */
	const char	*sum[3];	/* description, name, note content */
	size_t		 sumn[3];
};

/* Whether v is the string s, whole (a NUL inside is no match). */
static bool
is(json_t *v, const char *s)
{
	return json_is_string(v) && json_string_length(v) == strlen(s) &&
	    memcmp(json_string_value(v), s, json_string_length(v)) == 0;
}

/* v's string if it holds no NUL, else NULL. */
static const char *
cstr(json_t *v)
{
	if (!json_is_string(v) ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

/*
 * Text from the file put in a report, printable ASCII only (the rest
 * '?'): a report goes to a terminal, and an id may hold escapes.
 */
static void
safe(char *out, size_t outsz, const char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outsz; i++)
		out[o++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (o + 1 == outsz && n > o && outsz > 4)
		memcpy(out + o - 3, "...", 3);
	out[o] = '\0';
}

static void
safev(char *out, size_t outsz, json_t *v)
{
	if (json_is_string(v))
		safe(out, outsz, json_string_value(v), json_string_length(v));
	else
		(void)snprintf(out, outsz, "(not a string)");
}

/* A time member: 0 if absent; reported when it is no time (if report). */
static int64_t
when(struct in *in, json_t *o, const char *key, const char *where,
    bool report)
{
	json_t *v = json_object_get(o, key);
	const char *s;
	char t[64];
	int64_t r;

	if (v == NULL)
		return 0;
	if ((s = cstr(v)) != NULL && proto_time_parse(s, 0, &r))
		return r;
	if (report) {
		safev(t, sizeof(t), v);
		imp_skip(in->im, "time", where, "%s '%s' is not an RFC 3339 "
		    "time: not used", key, t);
	}
	return 0;
}

/* The TLP a standard marking-definition id (2.0 or 1.0) is, or -1. */
static int
std_tlp(const char *id)
{
	for (int t = 0; t < TLP_COUNT; t++)
		if (strcmp(id, interop_stix_tlp[t]) == 0)
			return t;
	for (size_t i = 0; i < sizeof(tlp1) / sizeof(tlp1[0]); i++)
		if (strcmp(id, tlp1[i].id) == 0)
			return (int)tlp1[i].tlp;
	return -1;
}

/* The TLP a marking-definition is, or -1. */
static int
mark_tlp(json_t *o)
{
	const char *id = cstr(json_object_get(o, "id")), *s;
	json_t *x;
	int t;

	/* The standard ids mean what the standard says. */
	if (id != NULL && (t = std_tlp(id)) >= 0)
		return t;
	if ((x = json_object_get(json_object_get(o, "extensions"),
	    TLP2_EXT)) != NULL &&
	    (s = cstr(json_object_get(x, "tlp_2_0"))) != NULL)
		return tlp_parse(s);
	if (is(json_object_get(o, "definition_type"), "tlp") &&
	    (s = cstr(json_object_get(json_object_get(o, "definition"),
	    "tlp"))) != NULL)
		return tlp_parse(s);
	return -1;
}

/* The TLP marking id names, or -1. */
static int
ref_tlp(struct in *in, const char *id)
{
	json_t *v;
	int t;

	if ((t = std_tlp(id)) >= 0)
		return t;
	if ((v = json_object_get(in->tlpof, id)) != NULL)
		return (int)json_integer_value(v);
	return -1;
}

static void
mark_ref(struct in *in, json_t *v, const char *where)
{
	const char *id = cstr(v);
	char s[96];
	int t;

	if (id != NULL && (t = ref_tlp(in, id)) >= 0) {
		imp_tlp(in->im, (enum tlp)t);
		return;
	}
	/* A statement marking in the bundle was reported as itself. */
	if (id != NULL && json_object_get(in->byid, id) != NULL)
		return;
	if (id != NULL && json_object_get(in->said, id) != NULL)
		return;
	if (id != NULL)
		(void)json_object_set_new(in->said, id, json_true());
	safev(s, sizeof(s), v);
	imp_skip(in->im, "marking", where, "names marking %s, neither a TLP "
	    "marking nor in the bundle: what it asks is unknown", s);
}

/* object_marking_refs and granular_markings: the strictest TLP wins. */
static void
markings(struct in *in, json_t *o, const char *where)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(o, "object_marking_refs"), i, v)
		mark_ref(in, v, where);
	json_array_foreach(json_object_get(o, "granular_markings"), i, v)
		if (json_object_get(v, "marking_ref") != NULL)
			mark_ref(in, json_object_get(v, "marking_ref"), where);
}

static int
added(int r)
{
	return r == HL_ENOMEM ? r : 0;
}

/* Widens the window of object id by [f, l]: seen by several, the widest. */
static int
widen_window(struct in *in, const char *id, int64_t f, int64_t l)
{
	json_t *w;

	if (id == NULL || (f == 0 && l == 0))
		return 0;
	if ((w = json_object_get(in->window, id)) != NULL) {
		int64_t f0 = json_integer_value(json_array_get(w, 0));
		int64_t l0 = json_integer_value(json_array_get(w, 1));

		if (f0 > 0 && (f == 0 || f0 < f))
			f = f0;
		if (l0 > l)
			l = l0;
	}
	return json_object_set_new(in->window, id, json_pack("[I, I]",
	    (json_int_t)f, (json_int_t)l)) == 0 ? 0 : HL_ENOMEM;
}

/* The window of object id into *first, *last, widening them. */
static void
window_of(struct in *in, json_t *id, int64_t *first, int64_t *last)
{
	json_t *w;
	int64_t f, l;

	if (cstr(id) == NULL ||
	    (w = json_object_get(in->window, cstr(id))) == NULL)
		return;
	f = json_integer_value(json_array_get(w, 0));
	l = json_integer_value(json_array_get(w, 1));
	if (f > 0 && (*first == 0 || f < *first))
		*first = f;
	if (l > *last)
		*last = l;
}

/* One SCO (standalone, or in a 2.0 observed-data's objects). */
static int
sco(struct in *in, json_t *o, const char *where, int64_t first,
    int64_t last)
{
	static const struct {
		const char	*type;
		enum ioc_type	 ioc;
	} vals[] = {
		{ "ipv4-addr", IOC_IPV4 }, { "ipv6-addr", IOC_IPV6 },
		{ "domain-name", IOC_DOMAIN }, { "url", IOC_URL },
		{ "email-addr", IOC_EMAIL },
	};
	json_t *type = json_object_get(o, "type"), *v, *hs;
	const char *k;
	char t[96];
	int r, n = 0;

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		if (!is(type, vals[i].type))
			continue;
		if (!json_is_string(v = json_object_get(o, "value"))) {
			imp_skip(in->im, "observable", where, "%s with no "
			    "value", vals[i].type);
			return 0;
		}
		return added(imp_add(in->im, vals[i].ioc,
		    json_string_value(v), json_string_length(v), first, last,
		    where));
	}
	if (!is(type, "file")) {
		safev(t, sizeof(t), type);
		imp_skip(in->im, "observable", where, "observable type '%s' "
		    "has no hotline type", t);
		return 0;
	}
	hs = json_object_get(o, "hashes");
	json_object_foreach(hs, k, v) {
		int h = stixpat_hash(k, strlen(k));

		n++;
		if (h < 0 || !json_is_string(v)) {
			safe(t, sizeof(t), k, strlen(k));
			imp_skip(in->im, "hash", where, "file hash '%s' has no "
			    "hotline type (MD5, SHA-1 and SHA-256 do)", t);
			continue;
		}
		if ((r = imp_add(in->im, (enum ioc_type)h,
		    json_string_value(v), json_string_length(v), first, last,
		    where)) == HL_ENOMEM)
			return r;
	}
	if (n == 0)
		imp_skip(in->im, "observable", where, "a file with no hashes: "
		    "its name alone is no indicator");
	return 0;
}

static int
indicator_in(struct in *in, json_t *o, const char *where)
{
	json_t *pt = json_object_get(o, "pattern_type");
	json_t *p = json_object_get(o, "pattern");
	struct stixpat sp;
	int64_t first, last;
	char t[96], w[sizeof(sp.why)];
	int r;

	/*
	 * valid_from and valid_until say when the source vouches for the
	 * value (hotline's own export writes the message's time there when
	 * nothing was seen): no sighting, so not a time it was observed.
	 * Read for their form only.
	 */
	(void)when(in, o, "valid_from", where, true);
	(void)when(in, o, "valid_until", where, true);
	first = last = 0;
	/* Its sightings say when it was seen, too. */
	window_of(in, json_object_get(o, "id"), &first, &last);
	/* STIX 2.0 has no pattern_type: its patterns are all STIX. */
	if (pt != NULL && !is(pt, "stix")) {
		safev(t, sizeof(t), pt);
		imp_skip(in->im, "pattern", where, "pattern_type '%s': only "
		    "STIX patterns are read", t);
		return 0;
	}
	if (!json_is_string(p)) {
		imp_skip(in->im, "pattern", where, "an indicator with no "
		    "pattern");
		return 0;
	}
	if ((r = stixpat_parse(json_string_value(p), json_string_length(p),
	    &sp)) == HL_ENOMEM)
		goto out;
	if (r == 1) {
		safe(w, sizeof(w), sp.why, strlen(sp.why));
		imp_skip(in->im, "pattern", where, "%s", w);
		r = 0;
		goto out;
	}
	for (size_t i = 0; i < sp.n && r == 0; i++)
		r = added(imp_add(in->im, sp.c[i].type, sp.buf + sp.c[i].off,
		    sp.c[i].n, first, last, where));
out:
	stixpat_done(&sp);
	return r;
}

static int
observed(struct in *in, json_t *o, const char *where)
{
	int64_t first = when(in, o, "first_observed", where, true);
	int64_t last = when(in, o, "last_observed", where, true);
	char w[160], s[96];
	const char *k;
	json_t *v;
	size_t i;
	int r;

	imp_seen(in->im, first);
	imp_seen(in->im, last);
	json_object_foreach(json_object_get(o, "objects"), k, v) {
		char kk[32];

		safe(kk, sizeof(kk), k, strlen(k));
		(void)snprintf(w, sizeof(w), "%s objects.%s", where, kk);
		if ((r = sco(in, v, w, first, last)) != 0)
			return r;
	}
	/* 2.1: the SCOs are objects of the bundle, read as themselves. */
	json_array_foreach(json_object_get(o, "object_refs"), i, v) {
		const char *id = cstr(v);

		if (id != NULL && json_object_get(in->byid, id) != NULL)
			continue;
		safev(s, sizeof(s), v);
		imp_skip(in->im, "reference", where, "object_refs names %s, "
		    "which is not in the bundle", s);
	}
	return 0;
}

static bool
is_sco(json_t *type)
{
	static const char *const scos[] = { "artifact", "autonomous-system",
		"directory", "domain-name", "email-addr", "email-message",
		"file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex",
		"network-traffic", "process", "software", "url",
		"user-account", "windows-registry-key", "x509-certificate",
		NULL };

	for (size_t i = 0; scos[i] != NULL; i++)
		if (is(type, scos[i]))
			return true;
	return false;
}

/* A summary the body can take, by preference (0 best). */
static void
candidate(struct in *in, int pref, json_t *v)
{
	if (in->sum[pref] == NULL && json_is_string(v) &&
	    json_string_length(v) > 0) {
		in->sum[pref] = json_string_value(v);
		in->sumn[pref] = json_string_length(v);
	}
}

static int
object(struct in *in, json_t *o, size_t i)
{
	json_t *type = json_object_get(o, "type"), *id;
	char where[112], t[64];
	int64_t first = 0, last = 0;

	if (!json_is_object(o)) {
		(void)snprintf(where, sizeof(where), "objects[%zu]", i);
		imp_skip(in->im, "object", where, "not a JSON object");
		return 0;
	}
	if (json_is_string(id = json_object_get(o, "id")))
		safev(where, sizeof(where), id);
	else
		(void)snprintf(where, sizeof(where), "objects[%zu]", i);
	if (!json_is_string(type)) {
		imp_skip(in->im, "object", where, "an object with no type");
		return 0;
	}
	markings(in, o, where);
	if (json_is_true(json_object_get(o, "revoked"))) {
		imp_skip(in->im, "revoked", where, "revoked by its creator: "
		    "not imported");
		return 0;
	}
	if (is(type, "indicator"))
		return indicator_in(in, o, where);
	if (is(type, "observed-data"))
		return observed(in, o, where);
	if (is_sco(type)) {
		window_of(in, id, &first, &last);
		return sco(in, o, where, first, last);
	}
	if (is(type, "report") || is(type, "grouping")) {
		candidate(in, 0, json_object_get(o, "description"));
		candidate(in, 1, json_object_get(o, "name"));
		return 0;
	}
	if (is(type, "note")) {
		candidate(in, 2, json_object_get(o, "content"));
		return 0;
	}
	if (is(type, "sighting")) {
		imp_seen(in->im, when(in, o, "first_seen", where, true));
		imp_seen(in->im, when(in, o, "last_seen", where, true));
		return 0;
	}
	if (is(type, "marking-definition")) {
		if (mark_tlp(o) < 0)
			imp_skip(in->im, "marking", where, "a marking that is "
			    "not TLP: its terms are not carried into the "
			    "body; keep them with the source");
		return 0;
	}
	/* Who made what, and how objects relate: nothing a body holds. */
	if (is(type, "identity") || is(type, "relationship") ||
	    is(type, "extension-definition") || is(type, "language-content"))
		return 0;
	safev(t, sizeof(t), type);
	imp_skip(in->im, "object type", where, "type '%s' is not an "
	    "indicator: not carried", t);
	return 0;
}

/*
 * Pass one: ids, what each marking is, and the windows others give an
 * object: observed-data's for the SCOs it names, a sighting's for the
 * indicator it sighted.
 */
static int
index_objects(struct in *in, json_t *objs)
{
	json_t *o, *v, *type;
	size_t i, k;

	json_array_foreach(objs, i, o) {
		const char *id = cstr(json_object_get(o, "id"));
		int64_t first, last;
		int t;

		if (!json_is_object(o) || id == NULL)
			continue;
		type = json_object_get(o, "type");
		if (json_object_set(in->byid, id, o) != 0)
			return HL_ENOMEM;
		if (is(type, "marking-definition") && (t = mark_tlp(o)) >= 0 &&
		    json_object_set_new(in->tlpof, id, json_integer(t)) != 0)
			return HL_ENOMEM;
		if (is(type, "sighting")) {
			first = when(in, o, "first_seen", NULL, false);
			last = when(in, o, "last_seen", NULL, false);
			if (widen_window(in, cstr(json_object_get(o,
			    "sighting_of_ref")), first, last) != 0)
				return HL_ENOMEM;
			continue;
		}
		if (!is(type, "observed-data"))
			continue;
		first = when(in, o, "first_observed", NULL, false);
		last = when(in, o, "last_observed", NULL, false);
		json_array_foreach(json_object_get(o, "object_refs"), k, v)
			if (widen_window(in, cstr(v), first, last) != 0)
				return HL_ENOMEM;
	}
	return 0;
}

/* The summary: the report's description, its name, a note's content. */
static int
summary(struct in *in)
{
	for (int p = 0; p < 3; p++) {
		const char *s = in->sum[p];
		size_t n = in->sumn[p];
		bool ok = s != NULL && n <= HL_MAX_SUMMARY_LEN;

		for (size_t i = 0; ok && i < n; i++)
			if ((unsigned char)s[i] == 0x7f ||
			    ((unsigned char)s[i] < 0x20 && s[i] != '\n' &&
			    s[i] != '\t'))
				ok = false;
		if (ok)
			return imp_set(in->im, "summary", s);
		if (s != NULL)
			imp_skip(in->im, "summary", p == 2 ? "note" : "report",
			    "%s is no summary (more than %d bytes, or "
			    "control characters): not used", p == 0 ?
			    "the description" : p == 1 ? "the name" :
			    "the content", HL_MAX_SUMMARY_LEN);
	}
	return 0;
}

int
stix_import(const char *path, const char *data, size_t len, struct imp *im,
    struct hl_diag *d)
{
	struct in in;
	json_t *root = NULL, *objs, *type, *one = NULL, *o;
	char t[64];
	size_t i;
	int r;

	/* d's path is the member at fault; the front end names the file. */
	(void)path;
	memset(&in, 0, sizeof(in));
	if ((r = jcs_parse((const uint8_t *)data, len, HL_MAX_IMPORT_DEPTH,
	    JCS_ANY, &root, d)) != 0)
		goto out;
	if (!json_is_object(root)) {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "not STIX: the top level "
		    "is not a JSON object (a bundle, or one STIX object)");
		goto out;
	}
	type = json_object_get(root, "type");
	if (!json_is_string(type)) {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "not STIX: the top level "
		    "has no \"type\" (a bundle says \"type\": \"bundle\")");
		goto out;
	}
	if (is(type, "bundle")) {
		objs = json_object_get(root, "objects");
		if (objs != NULL && !json_is_array(objs)) {
			r = hl_diag_set(d, HL_ESCHEMA, "objects", "not an "
			    "array");
			goto out;
		}
	} else {
		if (!json_is_string(json_object_get(root, "id"))) {
			safev(t, sizeof(t), type);
			r = hl_diag_set(d, HL_ESCHEMA, NULL, "not STIX: a "
			    "\"%s\" with no \"id\" is neither a bundle nor a "
			    "STIX object", t);
			goto out;
		}
		if ((one = json_pack("[O]", root)) == NULL) {
			r = HL_ENOMEM;
			goto out;
		}
		objs = one;
	}
	in.im = im;
	if ((in.byid = json_object()) == NULL ||
	    (in.tlpof = json_object()) == NULL ||
	    (in.window = json_object()) == NULL ||
	    (in.said = json_object()) == NULL) {
		r = HL_ENOMEM;
		goto out;
	}
	if ((r = index_objects(&in, objs)) != 0)
		goto out;
	json_array_foreach(objs, i, o)
		if ((r = object(&in, o, i)) != 0)
			goto out;
	r = summary(&in);
out:
	if (r == HL_ENOMEM)
		(void)hl_diag_set(d, r, NULL, "out of memory");
	json_decref(in.byid);
	json_decref(in.tlpof);
	json_decref(in.window);
	json_decref(in.said);
	json_decref(one);
	json_decref(root);
	return r;
}
