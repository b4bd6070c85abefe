/*
 * Reading the indicators hotline match looks for: a request body or
 * envelope through the request schema's own check of each value, or a
 * plain list whose every line is typed by ind_infer() and then put through
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

const char *const ind_type_names[IND_NTYPES] = { "ipv4", "ipv6", "cidr",
	"domain", "url", "email", "md5", "sha1", "sha256" };

/* The defanged spellings CERTs exchange, and what each stands for. */
static const struct {
	const char	*from;
	const char	*to;
} defangs[] = {
	{ "[.]", "." }, { "(.)", "." }, { "[dot]", "." }, { "(dot)", "." },
	{ "[:]", ":" }, { "[@]", "@" }, { "[at]", "@" }, { "(at)", "@" },
};

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

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether n bytes at s begin with the NUL-terminated w, in any case. */
static bool
starts_nocase(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(s[i]) != w[i])
			return false;
	return true;
}

/*
 * s without its defanging into out (at least n + 1 bytes: every form is
 * at least as long as what it stands for). "hxxp" is "http" only as a
 * scheme, at the start: "hxxpool.example" is a name.
 */
static size_t
refang(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;

	/* A scheme: "hxxp://", "hxxps://", or with its colon defanged. */
	if (starts_nocase(s, n, "hxxp") && (starts_nocase(s + 4, n - 4, ":") ||
	    starts_nocase(s + 4, n - 4, "s:") ||
	    starts_nocase(s + 4, n - 4, "[:]") ||
	    starts_nocase(s + 4, n - 4, "s[:]"))) {
		memcpy(out, "http", 4);
		i = o = 4;
	}
	while (i < n) {
		size_t k;

		for (k = 0; k < sizeof(defangs) / sizeof(defangs[0]); k++)
			if (starts_nocase(s + i, n - i, defangs[k].from))
				break;
		if (k < sizeof(defangs) / sizeof(defangs[0])) {
			out[o++] = defangs[k].to[0];
			i += strlen(defangs[k].from);
		} else
			out[o++] = s[i++];
	}
	out[o] = '\0';
	return o;
}

/* A network: address/length, written back canonical. */
static int
infer_cidr(const char *t, const char *slash, char *out, size_t outsz,
    char *why, size_t whysz)
{
	char addr[INET6_ADDRSTRLEN + 1], canon[INET6_ADDRSTRLEN + 1];
	unsigned char a[16];
	int64_t bits;
	bool host = false;
	size_t alen;
	int af;

	if ((size_t)(slash - t) > INET6_ADDRSTRLEN) {
		(void)snprintf(why, whysz, "not a network (address/length)");
		return HL_EINVAL;
	}
	memcpy(addr, t, (size_t)(slash - t));
	addr[slash - t] = '\0';
	af = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
	alen = af == AF_INET ? 4 : 16;
	if (inet_pton(af, addr, a) != 1) {
		(void)snprintf(why, whysz, "not a network (address/length) "
		    "nor a URL (scheme://...)");
		return HL_EINVAL;
	}
	if (!proto_int_parse(slash + 1, 0, (int64_t)alen * 8, &bits)) {
		(void)snprintf(why, whysz, "not a network: the length must "
		    "be from 0 to %zu", alen * 8);
		return HL_EINVAL;
	}
	for (size_t i = 0; i < alen; i++) {
		int keep = (int)bits - (int)i * 8;
		unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 :
		    (unsigned char)(0xff << (8 - keep));

		host |= (a[i] & ~mask) != 0;
		a[i] &= mask;
	}
	(void)inet_ntop(af, a, canon, sizeof(canon));
	if (host) {
		(void)snprintf(why, whysz, "host bits set after /%lld: the "
		    "network is %s/%lld", (long long)bits, canon,
		    (long long)bits);
		return HL_EINVAL;
	}
	(void)snprintf(out, outsz, "%s/%lld", canon, (long long)bits);
	return 0;
}

/* What t (refanged, trimmed, m bytes, no blank) is, in the schema's form. */
static int
infer_type(char *t, size_t m, enum ind_type *type, char *out, size_t outsz,
    char *why, size_t whysz)
{
	unsigned char a[16];
	const char *slash, *colon;
	size_t i, hex = 0, digits = 0;
	char *at;

	/* URL: a scheme, then "://"; only the scheme's case is ours. */
	for (i = 0; i < m && ((lower(t[i]) >= 'a' && lower(t[i]) <= 'z') ||
	    (i > 0 && ((t[i] >= '0' && t[i] <= '9') || t[i] == '+' ||
	    t[i] == '.' || t[i] == '-'))); i++)
		;
	if (i > 0 && m - i >= 3 && memcmp(t + i, "://", 3) == 0) {
		for (size_t k = 0; k < i; k++)
			t[k] = lower(t[k]);
		*type = IND_URL;
		(void)snprintf(out, outsz, "%s", t);
		return 0;
	}
	if ((at = strrchr(t, '@')) != NULL) {
		size_t dl;

		for (char *p = at + 1; *p != '\0'; p++)
			*p = lower(*p);
		dl = strlen(at + 1);
		if (dl > 1 && at[dl] == '.')
			at[dl] = '\0';
		*type = IND_EMAIL;
		(void)snprintf(out, outsz, "%s", t);
		return 0;
	}
	if ((slash = strchr(t, '/')) != NULL) {
		*type = IND_CIDR;
		return infer_cidr(t, slash, out, outsz, why, whysz);
	}
	/* An address in brackets, as a URL writes it. */
	if (m > 2 && t[0] == '[' && t[m - 1] == ']') {
		t[--m] = '\0';
		t++;
		m--;
	}
	if ((colon = strchr(t, ':')) != NULL) {
		char v4[INET_ADDRSTRLEN];
		size_t k = (size_t)(strrchr(t, ':') - t);

		if (k < sizeof(v4) && strchr(t, '.') != NULL) {
			memcpy(v4, t, k);
			v4[k] = '\0';
			if (inet_pton(AF_INET, v4, a) == 1) {
				(void)snprintf(why, whysz, "an address and a "
				    "port: write the address alone");
				return HL_EINVAL;
			}
		}
		if (inet_pton(AF_INET6, t, a) != 1) {
			(void)snprintf(why, whysz, "not an IPv6 address");
			return HL_EINVAL;
		}
		*type = IND_IPV6;
		(void)inet_ntop(AF_INET6, a, out, (socklen_t)outsz);
		return 0;
	}
	for (i = 0; i < m; i++) {
		hex += is_hex(t[i]);
		digits += (t[i] >= '0' && t[i] <= '9') || t[i] == '.';
	}
	if (digits == m) {
		if (inet_pton(AF_INET, t, a) != 1) {
			(void)snprintf(why, whysz, "not an IPv4 address");
			return HL_EINVAL;
		}
		*type = IND_IPV4;
		(void)inet_ntop(AF_INET, a, out, (socklen_t)outsz);
		return 0;
	}
	/* Hex of 16 digits or more is no word: a digest cut or padded. */
	if (hex == m && m >= 16 && m != 32 && m != 40 && m != 64) {
		(void)snprintf(why, whysz, "%zu hex digits: not an MD5 (32), "
		    "SHA-1 (40) or SHA-256 (64)", m);
		return HL_EINVAL;
	}
	if (hex == m && (m == 32 || m == 40 || m == 64)) {
		*type = m == 32 ? IND_MD5 : m == 40 ? IND_SHA1 : IND_SHA256;
		for (i = 0; i < m; i++)
			out[i] = lower(t[i]);
		out[m] = '\0';
		return 0;
	}
	for (i = 0; i < m; i++)
		t[i] = lower(t[i]);
	if (m > 1 && t[m - 1] == '.')
		t[--m] = '\0';
	if (strchr(t, '.') == NULL) {
		(void)snprintf(why, whysz, "not an address, network, domain, "
		    "URL, e-mail address or hash");
		return HL_EINVAL;
	}
	*type = IND_DOMAIN;
	(void)snprintf(out, outsz, "%s", t);
	return 0;
}

int
ind_infer(const char *s, size_t n, enum ind_type *type, char *out,
    size_t outsz, char *why, size_t whysz)
{
	char t[HL_MAX_INDICATOR_LEN + 1], schema_why[480];
	size_t m;
	int r;

	if (outsz < HL_MAX_INDICATOR_LEN + 1 || why == NULL || whysz == 0)
		return HL_EINVAL;
	*why = '\0';
	*out = '\0';
	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n == 0) {
		(void)snprintf(why, whysz, "empty");
		return HL_EINVAL;
	}
	if (n > HL_MAX_INDICATOR_LEN) {
		(void)snprintf(why, whysz, "longer than %d bytes",
		    HL_MAX_INDICATOR_LEN);
		return HL_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t') {
			(void)snprintf(why, whysz, "more than one value: "
			    "a blank at byte %zu (one value a line; cut -f1 "
			    "keeps a feed's first column)", i);
			return HL_EINVAL;
		}
		if (c < 0x20 || c == 0x7f) {
			(void)snprintf(why, whysz, "control character at "
			    "byte %zu", i);
			return HL_EINVAL;
		}
		if (c >= 0x80) {
			(void)snprintf(why, whysz, "non-ASCII byte at %zu: "
			    "write a domain in its xn-- form, percent-encode "
			    "a URL", i);
			return HL_EINVAL;
		}
	}
	m = refang(s, n, t);
	if ((r = infer_type(t, m, type, out, outsz, why, whysz)) != 0)
		return r;
	/* The point of it all: a value a request could carry as it is. */
	if (schema_indicator_check(ind_type_names[*type], out, schema_why,
	    sizeof(schema_why)) != 0) {
		(void)snprintf(why, whysz, "not a valid %s: %s",
		    ind_type_names[*type], schema_why);
		*out = '\0';
		return HL_EINVAL;
	}
	return 0;
}

static uint64_t
seen_hash(const struct seen *h, enum ind_type type, const char *v, size_t n)
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
seen_slot(const struct seen *h, const struct ind_list *l, enum ind_type type,
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
add(struct ind_list *l, struct seen *h, enum ind_type type, const char *v,
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
	const char *p = data, *end = data + len;
	uint64_t line = 0;
	enum ind_type type;
	int bad = 0, r;

	out->from = IND_FROM_LIST;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end, *s = p, *c;

		p = nl != NULL ? nl + 1 : end;
		line++;
		while (s < e && is_blank(*s))
			s++;
		if (s == e || *s == '#')
			continue;
		/* A comment may follow the value after a blank. */
		for (c = s; c < e; c++)
			if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t')) {
				e = c;
				break;
			}
		if (ind_infer(s, (size_t)(e - s), &type, value, sizeof(value),
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
	/* ind_type_names has no NULL at its end for proto_lookup(). */
	for (int k = 0; json_is_string(t) && k < IND_NTYPES; k++)
		if (strcmp(json_string_value(t), ind_type_names[k]) == 0)
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
	if (schema_indicator_check(ind_type_names[*type], *value, swhy,
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
		if ((r = add(out, h, (enum ind_type)t, value, 0)) != 0) {
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
