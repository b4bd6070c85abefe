/*
 * Reading the indicators hotline match looks for: a request body or
 * envelope through the request schema's own check of each value, or a
 * plain list whose every line is typed by ioc_infer() and then put through
 * that same check, so that nothing reaches the matcher in a spelling a
 * request could not carry. Repeats are dropped through a keyed hash set.
 * See indicators.h.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "indicators.h"
#include "jcs.h"
#include "limits.h"
#include "proto.h"
#include "schema.h"

/* Repeats are found through this, for the parse's life only. */
struct seen {
	uint32_t	*slot;		/* index + 1 into the list; 0: free */
	size_t		 cap;		/* a power of two, or 0 */
	uint8_t		 key[crypto_shorthash_KEYBYTES];
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static uint64_t
seen_hash(const struct seen *h, enum ioc_type type, const char *v, size_t n)
{
	uint8_t in[HL_MAX_INDICATOR_LEN + 1], out[crypto_shorthash_BYTES];
	uint64_t x;

	/* SipHash-2-4 under a random key: no list can aim at a slot. */
	in[0] = (uint8_t)type;
	memcpy(in + 1, v, n);
	(void)crypto_shorthash(out, in, n + 1, h->key);
	memcpy(&x, out, sizeof(x));
	return x;
}

/* The slot where (type, v) is or would go. */
static uint32_t *
seen_slot(const struct seen *h, const struct ind_list *l, enum ioc_type type,
    const char *v, size_t n, uint64_t hash)
{
	size_t i = (size_t)hash & (h->cap - 1);

	for (;;) {
		const struct indicator *e;

		if (h->slot[i] == 0)
			return &h->slot[i];
		e = &l->v[h->slot[i] - 1];
		if (e->type == type && e->len == n && memcmp(e->value, v,
		    n) == 0)
			return &h->slot[i];
		i = (i + 1) & (h->cap - 1);
	}
}

static int
seen_grow(struct seen *h, const struct ind_list *l)
{
	size_t cap = h->cap == 0 ? 1024 : h->cap * 2;
	struct seen g = { .cap = cap };

	memcpy(g.key, h->key, sizeof(g.key));
	if ((g.slot = calloc(cap, sizeof(*g.slot))) == NULL)
		return HL_ENOMEM;
	for (size_t k = 0; k < l->n; k++) {
		const struct indicator *e = &l->v[k];

		*seen_slot(&g, l, e->type, e->value, e->len,
		    seen_hash(&g, e->type, e->value, e->len)) = (uint32_t)(k + 1);
	}
	free(h->slot);
	*h = g;
	return 0;
}

/* Adds (type, v) unless it is a repeat; HL_ETOOBIG past the cap. */
static int
add(struct ind_list *l, struct seen *h, enum ioc_type type, const char *v,
    uint64_t line)
{
	size_t n = strlen(v);
	uint32_t *slot;
	int r;

	if ((l->n + 1) * 2 > h->cap && (r = seen_grow(h, l)) != 0)
		return r;
	slot = seen_slot(h, l, type, v, n, seen_hash(h, type, v, n));
	if (*slot != 0) {
		l->repeats++;
		return 0;
	}
	if (l->n >= HL_MAX_MATCH_INDICATORS)
		return HL_ETOOBIG;
	if (l->n == l->cap) {
		size_t cap = l->cap == 0 ? 64 : l->cap * 2;
		struct indicator *nv;

		if ((nv = realloc(l->v, cap * sizeof(*nv))) == NULL)
			return HL_ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	if ((l->v[l->n].value = malloc(n + 1)) == NULL)
		return HL_ENOMEM;
	memcpy(l->v[l->n].value, v, n + 1);
	l->v[l->n].type = type;
	l->v[l->n].len = n;
	l->v[l->n].line = line;
	*slot = (uint32_t)++l->n;
	return 0;
}

static int
parse_list(const char *path, const char *data, size_t len,
    struct ind_list *out, struct seen *h, void (*fault)(void *, uint64_t,
    const char *), void *arg, struct hl_diag *d)
{
	char value[HL_MAX_INDICATOR_LEN + 1], why[512];
	const char *p = data, *end = data + len, *v;
	uint64_t line = 0;
	enum ioc_type type;
	size_t n;
	int bad = 0, r;

	out->from = IND_FROM_LIST;
	while ((v = ioc_list_next(&p, end, &line, &n)) != NULL) {
		if (ioc_infer(v, n, &type, value, sizeof(value),
		    why, sizeof(why)) != 0) {
			if (fault != NULL)
				fault(arg, line, why);
			bad++;
			continue;
		}
		if ((r = add(out, h, type, value, line)) == HL_ETOOBIG)
			return hl_diag_set(d, r, path, "line %llu: more than "
			    "%d indicators", (unsigned long long)line,
			    HL_MAX_MATCH_INDICATORS);
		if (r != 0)
			return hl_diag_set(d, r, path, "%s", hl_strerror(r));
	}
	return bad;
}

/* A request's observed {start, end}, if it has one. */
static int
parse_window(const char *path, json_t *body, const char *pre,
    struct ind_list *out, struct hl_diag *d)
{
	json_t *w = json_object_get(body, "observed"), *s, *e;

	if (w == NULL)
		return 0;
	s = json_object_get(w, "start");
	e = json_object_get(w, "end");
	if (!json_is_object(w) || !json_is_string(s) || !json_is_string(e))
		return hl_diag_set(d, HL_EINVAL, path, "%sobserved: must be "
		    "{\"start\": TIME, \"end\": TIME}", pre);
	if (!proto_time_parse(json_string_value(s), 0, &out->start))
		return hl_diag_set(d, HL_EINVAL, path, "%sobserved.start: "
		    "must be an RFC 3339 time", pre);
	if (!proto_time_parse(json_string_value(e), 0, &out->end))
		return hl_diag_set(d, HL_EINVAL, path, "%sobserved.end: "
		    "must be an RFC 3339 time", pre);
	if (out->end < out->start)
		return hl_diag_set(d, HL_EINVAL, path, "%sobserved: end is "
		    "before start", pre);
	out->has_window = true;
	return 0;
}

/* One indicators[i]: its type and value, or why not (the member named). */
static int
parse_entry(json_t *el, const char *pre, size_t i, int *type,
    const char **value, char *why, size_t whysz)
{
	char swhy[480];
	json_t *t, *v;

	t = json_object_get(el, "type");
	v = json_object_get(el, "value");
	if (!json_is_object(el)) {
		(void)snprintf(why, whysz, "%sindicators[%zu]: must be an "
		    "object", pre, i);
		return HL_EINVAL;
	}
	*type = -1;
	/* ioc_type_names has no NULL at its end for proto_lookup(). */
	for (int k = 0; json_is_string(t) && k < IOC_NTYPES; k++)
		if (strcmp(json_string_value(t), ioc_type_names[k]) == 0)
			*type = k;
	if (*type < 0) {
		(void)snprintf(why, whysz, "%sindicators[%zu].type: must be "
		    "one of: ipv4, ipv6, cidr, domain, url, email, md5, sha1, "
		    "sha256", pre, i);
		return HL_EINVAL;
	}
	if (!json_is_string(v)) {
		(void)snprintf(why, whysz, "%sindicators[%zu].value: must be "
		    "a string", pre, i);
		return HL_EINVAL;
	}
	*value = json_string_value(v);
	/* A NUL inside the string would cut it short unseen. */
	if (strlen(*value) != json_string_length(v)) {
		(void)snprintf(why, whysz, "%sindicators[%zu].value: control "
		    "character at byte %zu", pre, i, strlen(*value));
		return HL_EINVAL;
	}
	if (schema_indicator_check(ioc_type_names[*type], *value, swhy,
	    sizeof(swhy)) != 0) {
		(void)snprintf(why, whysz, "%sindicators[%zu].value: %s", pre,
		    i, swhy);
		return HL_EINVAL;
	}
	return 0;
}

static int
parse_json(const char *path, const char *data, size_t len,
    struct ind_list *out, struct seen *h, void (*fault)(void *, uint64_t,
    const char *), void *arg, struct hl_diag *d)
{
	json_t *root = NULL, *body, *type, *arr, *el;
	const char *pre = "", *value;
	char why[640];
	struct hl_diag jd;
	size_t i;
	int bad = 0, r, t;

	hl_diag_clear(&jd);
	if ((r = jcs_parse((const uint8_t *)data, len, HL_MAX_ENVELOPE_DEPTH,
	    0, &root, &jd)) != 0) {
		r = hl_diag_set(d, HL_EINVAL, path, "not JSON (%s)", jd.msg);
		goto out;
	}
	body = json_object_get(root, "body");
	if (body != NULL) {
		type = json_object_get(root, "type");
		if (type != NULL && (!json_is_string(type) ||
		    strcmp(json_string_value(type), "request") != 0)) {
			r = hl_diag_set(d, HL_EINVAL, path, "an envelope of "
			    "type '%s', not a request", json_is_string(type) ?
			    json_string_value(type) : "?");
			goto out;
		}
		if (!json_is_object(body)) {
			r = hl_diag_set(d, HL_EINVAL, path, "body: must be an "
			    "object");
			goto out;
		}
		out->from = IND_FROM_ENVELOPE;
		pre = "body.";
	} else {
		body = root;
		out->from = IND_FROM_BODY;
	}
	if ((arr = json_object_get(body, "indicators")) == NULL) {
		r = hl_diag_set(d, HL_EINVAL, path, out->from ==
		    IND_FROM_BODY ? "neither a request body (no indicators) "
		    "nor a request envelope (no body)" : "body: no "
		    "indicators");
		goto out;
	}
	if (!json_is_array(arr)) {
		r = hl_diag_set(d, HL_EINVAL, path, "%sindicators: must be an "
		    "array", pre);
		goto out;
	}
	if ((r = parse_window(path, body, pre, out, d)) != 0)
		goto out;
	json_array_foreach(arr, i, el) {
		if (parse_entry(el, pre, i, &t, &value, why, sizeof(why)) != 0) {
			if (fault != NULL)
				fault(arg, 0, why);
			bad++;
			continue;
		}
		if ((r = add(out, h, (enum ioc_type)t, value, 0)) != 0) {
			if (r == HL_ETOOBIG)
				(void)hl_diag_set(d, r, path, "%sindicators[%zu]: "
				    "more than %d indicators", pre, i,
				    HL_MAX_MATCH_INDICATORS);
			else
				(void)hl_diag_set(d, r, path, "%s",
				    hl_strerror(r));
			goto out;
		}
	}
	r = bad;
out:
	json_decref(root);
	return r;
}

int
ind_parse(const char *path, const char *data, size_t len,
    struct ind_list *out, void (*fault)(void *arg, uint64_t line,
    const char *why), void *arg, struct hl_diag *d)
{
	struct seen h = { .slot = NULL };
	size_t i = 0, bom = 0;
	int r;

	if (len > HL_MAX_INDICATOR_FILE)
		return hl_diag_set(d, HL_EINVAL, path, "larger than %lld bytes",
		    (long long)HL_MAX_INDICATOR_FILE);
	randombytes_buf(h.key, sizeof(h.key));
	/*
	 * A JSON object, after blanks; else a list. Either may start with
	 * the byte-order mark a Windows editor writes.
	 */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = bom = 3;
	while (i < len && (is_blank(data[i]) || data[i] == '\n'))
		i++;
	if (i < len && data[i] == '{')
		r = parse_json(path, data + i, len - i, out, &h, fault, arg, d);
	else
		r = parse_list(path, data + bom, len - bom, out, &h, fault, arg,
		    d);
	free(h.slot);
	return r;
}

void
ind_list_free(struct ind_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].value);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
