/*
 * Field-by-field checks of envelopes and bodies. Each check_* helper reads
 * one member of an object, refuses it with the member's full path, and
 * returns 0 or HL_ESCHEMA. See schema.h.
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "enc.h"
#include "jcs.h"
#include "limits.h"
#include "schema.h"

/* A field path under construction, and where refusals go. */
struct vctx {
	struct hl_diag	*d;
	char		 path[128];
	size_t		 len;
};

/* Kinds of free text. */
#define LINE	0	/* one line: no control characters at all */
#define TEXT	1	/* prose: newlines and tabs allowed */

const char *const schema_categories[] = { "ransomware", "ddos",
	"intrusion", "supply-chain", "phishing", "scanning", "other", NULL };
const char *const schema_severities[] = { "low", "medium", "high",
	"critical", NULL };
const char *const schema_sectors[] = { "energy", "finance", "health",
	"government", "telecom", "transport", "other", NULL };
static const char *const indicator_types[] = { "ipv4", "ipv6", "cidr",
	"domain", "url", "email", "sha256", "sha1", "md5", NULL };
/* RFC 7970 Expectation@action, without ext-value. */
const char *const schema_actions[] = { "nothing", "contact-source-site",
	"contact-target-site", "contact-sender", "investigate", "block-host",
	"block-network", "block-port", "rate-limit-host",
	"rate-limit-network", "rate-limit-port", "redirect-traffic",
	"honeypot", "upgrade-software", "rebuild-asset", "harden-asset",
	"remediate-other", "status-triage", "status-new-info",
	"watch-and-report", "training", "defined-coa", "other", NULL };
static const char *const response_status[] = { "interim", "final", NULL };
static const char *const notice_kinds[] = { "planned-activity",
	"incident-affecting-you", "withdrawal", "other", "key-rotation",
	"key-revocation", NULL };
static const char *const escalation_reasons[] = { "overdue", "declined",
	"unreachable", "other", NULL };

/* Appends n bytes to the path, cutting at its end. */
static void
path_add(struct vctx *v, const char *p, size_t n)
{
	if (n > sizeof(v->path) - 1 - v->len)
		n = sizeof(v->path) - 1 - v->len;
	memcpy(v->path + v->len, p, n);
	v->len += n;
	v->path[v->len] = '\0';
}

/* Paths are built on every check, so without printf. */
static size_t
push(struct vctx *v, const char *key)
{
	size_t old = v->len;

	if (v->len > 0)
		path_add(v, ".", 1);
	path_add(v, key, strlen(key));
	return old;
}

static size_t
push_index(struct vctx *v, size_t i)
{
	size_t old = v->len;
	char rev[24], out[26];
	int k = 0, n = 0;

	do {
		rev[k++] = (char)('0' + i % 10);
		i /= 10;
	} while (i != 0);
	out[n++] = '[';
	while (k > 0)
		out[n++] = rev[--k];
	out[n++] = ']';
	path_add(v, out, (size_t)n);
	return old;
}

static void
pop(struct vctx *v, size_t old)
{
	v->len = old;
	v->path[old] = '\0';
}

static int fail(struct vctx *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct vctx *v, const char *fmt, ...)
{
	char msg[480];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return hl_diag_set(v->d, HL_ESCHEMA, v->path, "%s", msg);
}

/* Refuses members not in allowed (NULL-terminated). */
static int
check_members(struct vctx *v, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *val;

	if (!json_is_object(obj))
		return fail(v, "must be an object");
	json_object_foreach(obj, key, val) {
		if (proto_lookup(allowed, key) < 0) {
			size_t old = push(v, key);
			int r = fail(v, "unknown member");

			pop(v, old);
			return r;
		}
	}
	return 0;
}

/*
 * Finds member key into *out; on return the path names it. 0 with *out
 * NULL if it is absent and optional; the error if absent and required.
 */
static int
member(struct vctx *v, json_t *obj, const char *key, bool required,
    json_t **out)
{
	*out = json_object_get(obj, key);
	if (*out == NULL && required)
		return fail(v, "required");
	return 0;
}

static int
text_ok(struct vctx *v, const char *s, size_t n, int kind, size_t max)
{
	if (n == 0)
		return fail(v, "must not be empty");
	if (n > max)
		return fail(v, "longer than %zu bytes", max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x7f || (c < 0x20 && !(kind == TEXT &&
		    (c == '\n' || c == '\t'))))
			return fail(v, "control character at byte %zu", i);
	}
	return 0;
}

static int
check_str(struct vctx *v, json_t *obj, const char *key, bool required,
    int kind, size_t max, const char **out)
{
	size_t old = push(v, key);
	json_t *m;
	int r;

	*out = NULL;
	if ((r = member(v, obj, key, required, &m)) != 0 || m == NULL)
		goto out;
	if (!json_is_string(m)) {
		r = fail(v, "must be a string");
		goto out;
	}
	if ((r = text_ok(v, json_string_value(m), json_string_length(m),
	    kind, max)) == 0)
		*out = json_string_value(m);
out:
	pop(v, old);
	return r;
}

static int
enum_ok(struct vctx *v, json_t *m, const char *const *names, int *out)
{
	int i;

	if (!json_is_string(m))
		return fail(v, "must be a string");
	if ((i = proto_lookup(names, json_string_value(m))) < 0) {
		char list[440] = "";
		size_t at = 0;

		for (int k = 0; names[k] != NULL && at < sizeof(list); k++)
			at += (size_t)snprintf(list + at, sizeof(list) - at,
			    "%s%s", k ? ", " : "", names[k]);
		return fail(v, "must be one of: %s", list);
	}
	*out = i;
	return 0;
}

static int
check_enum(struct vctx *v, json_t *obj, const char *key, bool required,
    const char *const *names, int *out)
{
	size_t old = push(v, key);
	json_t *m;
	int r;

	*out = -1;
	if ((r = member(v, obj, key, required, &m)) == 0 && m != NULL)
		r = enum_ok(v, m, names, out);
	pop(v, old);
	return r;
}

/* An integer: JSON has only doubles, so an integral one in range. */
static int
check_int(struct vctx *v, json_t *obj, const char *key, bool required,
    int64_t min, int64_t max, int64_t *out)
{
	size_t old = push(v, key);
	json_t *m;
	double d;
	int r;

	if ((r = member(v, obj, key, required, &m)) != 0 || m == NULL)
		goto out;
	if (json_is_integer(m))
		d = (double)json_integer_value(m);
	else if (json_is_real(m))
		d = json_real_value(m);
	else {
		r = fail(v, "must be a number");
		goto out;
	}
	/* Range first: converting an out-of-range double is undefined. */
	if (d < (double)min || d > (double)max || d != floor(d)) {
		r = fail(v, "must be an integer from %lld to %lld",
		    (long long)min, (long long)max);
		goto out;
	}
	*out = (int64_t)d;
	r = 0;
out:
	pop(v, old);
	return r;
}

static int
check_time(struct vctx *v, json_t *obj, const char *key, bool required,
    int flags, int64_t *out)
{
	size_t old = push(v, key);
	json_t *m;
	int r;

	*out = 0;
	if ((r = member(v, obj, key, required, &m)) != 0 || m == NULL)
		goto out;
	if (!json_is_string(m) || !proto_time_parse(json_string_value(m),
	    flags, out))
		r = fail(v, (flags & PROTO_TIME_STRICT) ?
		    "must be a UTC time as YYYY-MM-DDTHH:MM:SSZ" :
		    "must be an RFC 3339 time");
	else
		r = 0;
out:
	pop(v, old);
	return r;
}

/* An array member with between min and max elements. */
static int
check_array(struct vctx *v, json_t *obj, const char *key, bool required,
    size_t min, size_t max, json_t **out)
{
	size_t old = push(v, key);
	json_t *m;
	int r;

	*out = NULL;
	if ((r = member(v, obj, key, required, &m)) != 0 || m == NULL)
		goto out;
	if (!json_is_array(m))
		r = fail(v, "must be an array");
	else if (json_array_size(m) < min)
		r = fail(v, "must have at least %zu element%s", min,
		    min == 1 ? "" : "s");
	else if (json_array_size(m) > max)
		r = fail(v, "more than %zu elements", max);
	else
		*out = m;
out:
	pop(v, old);
	return r;
}

/* A window {start, end} with end not before start. */
static int
check_window(struct vctx *v, json_t *obj, const char *key, bool required)
{
	static const char *const fields[] = { "start", "end", NULL };
	size_t old = push(v, key);
	int64_t start, end;
	json_t *m;
	int r;

	if ((r = member(v, obj, key, required, &m)) != 0 || m == NULL)
		goto out;
	if ((r = check_members(v, m, fields)) != 0 ||
	    (r = check_time(v, m, "start", true, 0, &start)) != 0 ||
	    (r = check_time(v, m, "end", true, 0, &end)) != 0)
		goto out;
	if (end < start)
		r = fail(v, "end is before start");
out:
	pop(v, old);
	return r;
}

static bool
domain_ok(const char *s, size_t n)
{
	size_t label = 0, labels = 1;

	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_'))
			return false;
		if (label == 0 && c == '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[n - 1] != '-' && labels >= 2;
}

/* The address must already be in its one canonical text form. */
static bool
addr_ok(int af, const char *s, char *canon, size_t canonlen)
{
	unsigned char a[16];

	if (inet_pton(af, s, a) != 1 ||
	    inet_ntop(af, a, canon, (socklen_t)canonlen) == NULL)
		return false;
	return strcmp(canon, s) == 0;
}

static int
indicator_value_ok(struct vctx *v, int type, const char *s, size_t n)
{
	char canon[INET6_ADDRSTRLEN + 1], addr[INET6_ADDRSTRLEN + 1];
	const char *slash, *at;
	int64_t bits;
	int af;

	switch (type) {
	case 0:		/* ipv4 */
	case 1:		/* ipv6 */
		af = type == 0 ? AF_INET : AF_INET6;
		if (n > INET6_ADDRSTRLEN || inet_pton(af, s,
		    (unsigned char[16]){ 0 }) != 1)
			return fail(v, "not an %s address",
			    type == 0 ? "IPv4" : "IPv6");
		if (!addr_ok(af, s, canon, sizeof(canon)))
			return fail(v, "not in canonical form; write %s",
			    canon);
		return 0;
	case 2:		/* cidr */
		if ((slash = strchr(s, '/')) == NULL ||
		    (size_t)(slash - s) > INET6_ADDRSTRLEN)
			return fail(v, "not a CIDR block (address/length)");
		memcpy(addr, s, (size_t)(slash - s));
		addr[slash - s] = '\0';
		af = strchr(addr, ':') ? AF_INET6 : AF_INET;
		if (!proto_int_parse(slash + 1, 0, af == AF_INET ? 32 : 128,
		    &bits) || (slash[1] == '0' && slash[2] != '\0'))
			return fail(v, "prefix length out of range");
		{
			unsigned char a[16];
			size_t alen = af == AF_INET ? 4 : 16;

			if (inet_pton(af, addr, a) != 1)
				return fail(v, "not a CIDR block");
			for (size_t i = 0; i < alen; i++) {
				int keep = (int)bits - (int)i * 8;
				unsigned char mask = keep >= 8 ? 0xff :
				    keep <= 0 ? 0 : (unsigned char)(0xff <<
				    (8 - keep));

				if (a[i] & ~mask)
					return fail(v, "host bits set after "
					    "/%lld", (long long)bits);
			}
		}
		if (!addr_ok(af, addr, canon, sizeof(canon)))
			return fail(v, "address not in canonical form; "
			    "write %s/%lld", canon, (long long)bits);
		return 0;
	case 3:		/* domain */
		if (!domain_ok(s, n))
			return fail(v, "not a lower-case domain name");
		return 0;
	case 4:		/* url */
		{
			size_t i = 0;

			while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
			    (i > 0 && ((s[i] >= '0' && s[i] <= '9') ||
			    s[i] == '+' || s[i] == '.' || s[i] == '-'))))
				i++;
			if (i == 0 || n - i < 4 || strncmp(s + i, "://", 3))
				return fail(v, "not a URL (scheme://...)");
			for (; i < n; i++)
				if ((unsigned char)s[i] <= 0x20 ||
				    (unsigned char)s[i] >= 0x7f)
					return fail(v, "URL has a space, "
					    "control or non-ASCII byte at %zu;"
					    " percent-encode it", i);
		}
		return 0;
	case 5:		/* email */
		if ((at = strrchr(s, '@')) == NULL || at == s || at - s > 64 ||
		    !domain_ok(at + 1, n - (size_t)(at - s) - 1))
			return fail(v, "not an e-mail address "
			    "(local@lower-case.domain)");
		for (const char *p = s; p < at; p++)
			if ((unsigned char)*p <= 0x20 ||
			    (unsigned char)*p >= 0x7f || *p == '@')
				return fail(v, "not an e-mail address");
		return 0;
	case 6:		/* sha256 */
	case 7:		/* sha1 */
	case 8:		/* md5 */
		{
			size_t want = type == 6 ? 64 : type == 7 ? 40 : 32;

			if (n != want || !enc_is_lowhex(s, n))
				return fail(v, "must be %zu lower-case hex "
				    "digits", want);
		}
		return 0;
	}
	return fail(v, "unknown indicator type");
}

int
schema_indicator_check(const char *type, const char *value, char *why,
    size_t whysz)
{
	struct hl_diag d;
	struct vctx v = { .d = &d };
	int t, r;

	hl_diag_clear(&d);
	if ((t = proto_lookup(indicator_types, type)) < 0)
		r = fail(&v, "unknown indicator type");
	else if ((r = text_ok(&v, value, strlen(value), LINE,
	    HL_MAX_INDICATOR_LEN)) == 0)
		r = indicator_value_ok(&v, t, value, strlen(value));
	if (r != 0 && why != NULL && whysz > 0)
		(void)snprintf(why, whysz, "%s", d.msg);
	return r;
}

/* {type, value}: the part shared by indicators and findings. */
static int
check_typed_value(struct vctx *v, json_t *obj)
{
	const char *value;
	size_t old;
	int type, r;

	if ((r = check_enum(v, obj, "type", true, indicator_types,
	    &type)) != 0 ||
	    (r = check_str(v, obj, "value", true, LINE, HL_MAX_INDICATOR_LEN,
	    &value)) != 0)
		return r;
	old = push(v, "value");
	r = indicator_value_ok(v, type, value, strlen(value));
	pop(v, old);
	return r;
}

/* count, first_seen, last_seen: how often and when something was seen. */
static int
check_sightings(struct vctx *v, json_t *obj)
{
	int64_t count, first = 0, last = 0;
	int r;

	if ((r = check_int(v, obj, "count", false, 0, HL_MAX_SAFE_INT,
	    &count)) != 0 ||
	    (r = check_time(v, obj, "first_seen", false, 0, &first)) != 0 ||
	    (r = check_time(v, obj, "last_seen", false, 0, &last)) != 0)
		return r;
	if (first != 0 && last != 0 && last < first) {
		size_t old = push(v, "last_seen");

		r = fail(v, "is before first_seen");
		pop(v, old);
	}
	return r;
}

static int
check_indicators(struct vctx *v, json_t *obj, bool required, size_t min)
{
	static const char *const fields[] = { "type", "value", "count",
		"first_seen", "last_seen", NULL };
	json_t *arr, *el;
	size_t i, old, old2;
	int r = 0;

	if ((r = check_array(v, obj, "indicators", required, min,
	    HL_MAX_INDICATORS, &arr)) != 0 || arr == NULL)
		return r;
	old = push(v, "indicators");
	json_array_foreach(arr, i, el) {
		old2 = push_index(v, i);
		if ((r = check_members(v, el, fields)) == 0 &&
		    (r = check_typed_value(v, el)) == 0)
			r = check_sightings(v, el);
		pop(v, old2);
		if (r != 0)
			break;
	}
	pop(v, old);
	return r;
}

/* A list of distinct IODEF actions. */
static int
check_actions(struct vctx *v, json_t *obj, const char *key, bool required,
    size_t min)
{
	json_t *arr, *el;
	size_t i, old, old2;
	uint32_t seen = 0;
	int r = 0, a = 0;

	if ((r = check_array(v, obj, key, required, min, HL_MAX_ACTIONS,
	    &arr)) != 0 || arr == NULL)
		return r;
	old = push(v, key);
	json_array_foreach(arr, i, el) {
		old2 = push_index(v, i);
		if ((r = enum_ok(v, el, schema_actions, &a)) == 0) {
			if (seen & (1u << a))
				r = fail(v, "repeats \"%s\"",
				    schema_actions[a]);
			seen |= 1u << a;
		}
		pop(v, old2);
		if (r != 0)
			break;
	}
	pop(v, old);
	return r;
}

static int
body_request(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "category", "severity",
		"summary", "observed", "sector", "indicators", "expectations",
		NULL };
	const char *s;
	int e, r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_enum(v, b, "category", true, schema_categories,
	    &e)) != 0 ||
	    (r = check_enum(v, b, "severity", true, schema_severities,
	    &e)) != 0 ||
	    (r = check_str(v, b, "summary", true, TEXT, HL_MAX_SUMMARY_LEN,
	    &s)) != 0 ||
	    (r = check_window(v, b, "observed", true)) != 0 ||
	    (r = check_enum(v, b, "sector", false, schema_sectors, &e)) !=
	    0 ||
	    (r = check_indicators(v, b, true, 1)) != 0)
		return r;
	return check_actions(v, b, "expectations", true, 1);
}

/* A finding's where: the first places it was seen, one line each. */
static int
check_where(struct vctx *v, json_t *obj)
{
	json_t *arr, *el;
	size_t i, old, old2;
	int r;

	if ((r = check_array(v, obj, "where", false, 1, HL_MAX_FINDING_WHERE,
	    &arr)) != 0 || arr == NULL)
		return r;
	old = push(v, "where");
	json_array_foreach(arr, i, el) {
		old2 = push_index(v, i);
		if (!json_is_string(el))
			r = fail(v, "must be a string");
		else
			r = text_ok(v, json_string_value(el),
			    json_string_length(el), LINE, HL_MAX_SHORT_LEN);
		pop(v, old2);
		if (r != 0)
			break;
	}
	pop(v, old);
	return r;
}

/*
 * A response's findings, the path already naming them: the one check of
 * body_response() and schema_findings_check() both.
 */
static int
findings_ok(struct vctx *v, json_t *arr)
{
	static const char *const ffields[] = { "indicator", "count",
		"first_seen", "last_seen", "where", NULL };
	static const char *const ifields[] = { "type", "value", NULL };
	json_t *el, *ind;
	size_t i, old, old3;
	int r = 0;

	if (!json_is_array(arr))
		return fail(v, "must be an array");
	if (json_array_size(arr) > HL_MAX_FINDINGS)
		return fail(v, "%zu findings, more than the %d a response may "
		    "carry", json_array_size(arr), HL_MAX_FINDINGS);
	json_array_foreach(arr, i, el) {
		old = push_index(v, i);
		if ((r = check_members(v, el, ffields)) == 0) {
			old3 = push(v, "indicator");
			if ((r = member(v, el, "indicator", true, &ind)) == 0 &&
			    (r = check_members(v, ind, ifields)) == 0)
				r = check_typed_value(v, ind);
			pop(v, old3);
		}
		if (r == 0)
			r = check_sightings(v, el);
		if (r == 0)
			r = check_where(v, el);
		pop(v, old);
		if (r != 0)
			break;
	}
	return r;
}

int
schema_findings_check(json_t *findings, struct hl_diag *d)
{
	struct vctx v = { .d = d, .len = 0 };

	v.path[0] = '\0';
	(void)push(&v, "findings");
	return findings_ok(&v, findings);
}

static int
body_response(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "status", "summary", "findings",
		"actions", "declined", NULL };
	json_t *arr;
	const char *s;
	size_t old;
	int e, r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_enum(v, b, "status", true, response_status, &e)) != 0 ||
	    (r = check_str(v, b, "summary", true, TEXT, HL_MAX_SUMMARY_LEN,
	    &s)) != 0 ||
	    (r = check_actions(v, b, "actions", false, 0)) != 0 ||
	    (r = check_str(v, b, "declined", false, TEXT, HL_MAX_SUMMARY_LEN,
	    &s)) != 0)
		return r;
	old = push(v, "findings");
	if ((r = member(v, b, "findings", false, &arr)) == 0 && arr != NULL)
		r = findings_ok(v, arr);
	pop(v, old);
	return r;
}

/*
 * A key-rotation or key-revocation notice's card: the sender's new card
 * as an object, in any spelling; its form and signature are the
 * receiver's to check against the card it pinned (card_parse(),
 * card_successor()), here only its kind and size.
 */
static int
check_card(struct vctx *v, json_t *b, bool keyed)
{
	json_t *card;
	struct buf cb;
	size_t old = push(v, "card");
	int r;

	if ((r = member(v, b, "card", keyed, &card)) != 0 || card == NULL)
		goto out;
	if (!keyed) {
		r = fail(v, "only a key-rotation or key-revocation notice "
		    "carries a card");
		goto out;
	}
	if (!json_is_object(card)) {
		r = fail(v, "must be an object (the sender's new card)");
		goto out;
	}
	buf_init(&cb, HL_MAX_CARD_BYTES);
	if (jcs_write(card, &cb) != 0 || cb.len > HL_MAX_CARD_BYTES)
		r = fail(v, "larger than %d bytes in canonical form",
		    HL_MAX_CARD_BYTES);
	buf_done(&cb);
out:
	pop(v, old);
	return r;
}

static int
body_notice(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "kind", "summary", "window",
		"indicators", "card", NULL };
	const char *s;
	int e, r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_enum(v, b, "kind", true, notice_kinds, &e)) != 0 ||
	    (r = check_str(v, b, "summary", true, TEXT, HL_MAX_SUMMARY_LEN,
	    &s)) != 0 ||
	    (r = check_window(v, b, "window", false)) != 0 ||
	    (r = check_card(v, b, strncmp(notice_kinds[e], "key-", 4) ==
	    0)) != 0)
		return r;
	return check_indicators(v, b, false, 0);
}

static int
body_query(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "summary", "indicators", NULL };
	const char *s;
	int r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_str(v, b, "summary", true, TEXT, HL_MAX_SUMMARY_LEN,
	    &s)) != 0)
		return r;
	return check_indicators(v, b, false, 0);
}

static int
body_ping(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "note", NULL };
	const char *s;
	int r;

	if ((r = check_members(v, b, fields)) != 0)
		return r;
	return check_str(v, b, "note", false, LINE, HL_MAX_SHORT_LEN, &s);
}

static int
body_escalation(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "reason", "summary", NULL };
	const char *s;
	int e, r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_enum(v, b, "reason", true, escalation_reasons,
	    &e)) != 0)
		return r;
	return check_str(v, b, "summary", true, TEXT, HL_MAX_SUMMARY_LEN, &s);
}

/*
 * A contact check: when the person must acknowledge it by (a time, like
 * a request's deadline: the receiver's time runs from its receipt), and
 * a line for them.
 */
static int
body_contact_check(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "note", "deadline", NULL };
	const char *s;
	int64_t t;
	int r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_str(v, b, "note", false, LINE, HL_MAX_SHORT_LEN,
	    &s)) != 0)
		return r;
	return check_time(v, b, "deadline", true, PROTO_TIME_STRICT, &t);
}

/* Who acknowledged: an actor's name, "alice" or "unix:alice". */
static int
check_by(struct vctx *v, json_t *b)
{
	size_t old = push(v, "by");
	const char *s;
	json_t *m;
	size_t n;
	int r;

	if ((r = member(v, b, "by", true, &m)) != 0)
		goto out;
	if (!json_is_string(m)) {
		r = fail(v, "must be a string");
		goto out;
	}
	s = json_string_value(m);
	n = json_string_length(m);
	if (n == 0 || n > HL_MAX_ACK_BY_LEN) {
		r = fail(v, "must be 1 to %d characters", HL_MAX_ACK_BY_LEN);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || strchr("._@:-", s[i]) != NULL) ||
		    s[i] == '\0') {
			r = fail(v, "not a name ([a-z0-9._@:-]{1,%d})",
			    HL_MAX_ACK_BY_LEN);
			goto out;
		}
out:
	pop(v, old);
	return r;
}

static int
body_contact_ack(struct vctx *v, json_t *b)
{
	static const char *const fields[] = { "by", "note", NULL };
	const char *s;
	int r;

	if ((r = check_members(v, b, fields)) != 0 ||
	    (r = check_by(v, b)) != 0)
		return r;
	return check_str(v, b, "note", false, LINE, HL_MAX_SHORT_LEN, &s);
}

static int
body(struct vctx *v, enum msg_type type, json_t *b)
{
	switch (type) {
	case MSG_REQUEST:	return body_request(v, b);
	case MSG_RESPONSE:	return body_response(v, b);
	case MSG_NOTICE:	return body_notice(v, b);
	case MSG_QUERY:		return body_query(v, b);
	case MSG_PING:
	case MSG_PONG:		return body_ping(v, b);
	case MSG_ESCALATION:	return body_escalation(v, b);
	case MSG_CONTACT_CHECK:	return body_contact_check(v, b);
	case MSG_CONTACT_ACK:	return body_contact_ack(v, b);
	case MSG_TYPE_COUNT:	break;
	}
	return fail(v, "unknown message type");
}

int
schema_body(enum msg_type type, json_t *b, const char *prefix,
    struct hl_diag *d)
{
	struct vctx v = { .d = d, .len = 0 };

	v.path[0] = '\0';
	if (prefix != NULL && *prefix != '\0')
		(void)push(&v, prefix);
	return body(&v, type, b);
}

static int
check_id(struct vctx *v, json_t *m)
{
	if (!json_is_string(m) || json_string_length(m) != 64 ||
	    !enc_is_lowhex(json_string_value(m), 64))
		return fail(v, "must be 64 lower-case hex digits");
	return 0;
}

static int
check_refs(struct vctx *v, json_t *env, struct envelope_hdr *h)
{
	json_t *el;
	size_t i, j, old, old2;
	const char *kind = json_string_value(json_object_get(json_object_get(
	    env, "body"), "kind"));
	bool need = h->type == MSG_RESPONSE || h->type == MSG_PONG ||
	    h->type == MSG_ESCALATION || h->type == MSG_CONTACT_ACK ||
	    (h->type == MSG_NOTICE &&
	    kind != NULL && strcmp(kind, "withdrawal") == 0);
	int r;

	if ((r = check_array(v, env, "refs", need, 1, HL_MAX_REFS,
	    &h->refs)) != 0 || h->refs == NULL)
		return r;
	old = push(v, "refs");
	json_array_foreach(h->refs, i, el) {
		old2 = push_index(v, i);
		r = check_id(v, el);
		for (j = 0; r == 0 && j < i; j++)
			if (json_equal(el, json_array_get(h->refs, j)))
				r = fail(v, "repeats refs[%zu]", j);
		pop(v, old2);
		if (r != 0)
			break;
	}
	pop(v, old);
	return r;
}

static int
check_attachments(struct vctx *v, json_t *env)
{
	static const char *const fields[] = { "name", "media_type", "sha256",
		"size", NULL };
	json_t *arr, *el, *h;
	const char *s;
	int64_t size;
	size_t i, old, old2;
	int r;

	if ((r = check_array(v, env, "attachments", false, 1,
	    HL_MAX_ATTACHMENTS, &arr)) != 0 || arr == NULL)
		return r;
	old = push(v, "attachments");
	json_array_foreach(arr, i, el) {
		old2 = push_index(v, i);
		if ((r = check_members(v, el, fields)) == 0 &&
		    (r = check_str(v, el, "name", true, LINE, HL_MAX_NAME_LEN,
		    &s)) == 0 &&
		    (r = check_str(v, el, "media_type", true, LINE,
		    HL_MAX_SHORT_LEN, &s)) == 0 &&
		    (r = check_int(v, el, "size", true, 0, HL_MAX_SAFE_INT,
		    &size)) == 0 &&
		    (r = member(v, el, "sha256", true, &h)) == 0) {
			size_t old3 = push(v, "sha256");

			r = check_id(v, h);
			pop(v, old3);
		}
		pop(v, old2);
		if (r != 0)
			break;
	}
	pop(v, old);
	return r;
}

int
schema_envelope(json_t *env, int flags, struct envelope_hdr *out,
    struct hl_diag *d)
{
	static const char *const fields[] = { "v", "id", "type", "from", "to",
		"tier", "seq", "created", "refs", "deadline", "tlp", "subject",
		"body", "attachments", "sig", NULL };
	struct vctx v = { .d = d, .len = 0 };
	struct envelope_hdr h;
	bool draft = flags & SCHEMA_DRAFT;
	json_t *m;
	int64_t ver;
	int e, r;
	size_t old;

	memset(&h, 0, sizeof(h));
	v.path[0] = '\0';
	if (!json_is_object(env))
		return fail(&v, "an envelope must be a JSON object");
	if ((r = check_members(&v, env, fields)) != 0 ||
	    (r = check_int(&v, env, "v", true, 1, 1, &ver)) != 0 ||
	    (r = check_enum(&v, env, "type", true, proto_type_names,
	    &e)) != 0)
		return r;
	h.type = (enum msg_type)e;
	if ((r = check_str(&v, env, "from", true, LINE, HL_MAX_PARTY_LEN,
	    &h.from)) != 0 ||
	    (r = check_str(&v, env, "to", true, LINE, HL_MAX_PARTY_LEN,
	    &h.to)) != 0)
		return r;
	old = push(&v, "from");
	if (!proto_party_valid(h.from))
		r = fail(&v, "not a party id ([a-z0-9.-]{1,64})");
	pop(&v, old);
	old = push(&v, "to");
	if (r == 0 && !proto_party_valid(h.to))
		r = fail(&v, "not a party id ([a-z0-9.-]{1,64})");
	if (r == 0 && strcmp(h.from, h.to) == 0)
		r = fail(&v, "same as from");
	pop(&v, old);
	if (r != 0)
		return r;
	if ((r = check_enum(&v, env, "tier", true, proto_tier_names,
	    &e)) != 0)
		return r;
	h.tier = (enum tier)e;
	if ((r = check_enum(&v, env, "tlp", true, proto_tlp_names, &e)) != 0)
		return r;
	h.tlp = (enum tlp)e;
	if ((r = check_int(&v, env, "seq", true, 1, HL_MAX_SAFE_INT,
	    &h.seq)) != 0 ||
	    (r = check_time(&v, env, "created", true, PROTO_TIME_STRICT,
	    &h.created)) != 0 ||
	    (r = check_time(&v, env, "deadline", false, PROTO_TIME_STRICT,
	    &h.deadline)) != 0 ||
	    (r = check_str(&v, env, "subject", false, LINE,
	    HL_MAX_SUBJECT_LEN, &h.subject)) != 0 ||
	    (r = check_refs(&v, env, &h)) != 0 ||
	    (r = check_attachments(&v, env)) != 0)
		return r;
	old = push(&v, "deadline");
	if (h.deadline != 0 && h.type != MSG_REQUEST && h.type != MSG_QUERY)
		r = fail(&v, "only requests and queries have deadlines");
	else if (h.deadline != 0 && h.deadline <= h.created)
		r = fail(&v, "not after created");
	pop(&v, old);
	if (r != 0)
		return r;

	old = push(&v, "id");
	m = json_object_get(env, "id");
	if (draft && m != NULL)
		r = fail(&v, "must be absent before sealing");
	else if (!draft && m == NULL)
		r = fail(&v, "required");
	else if (m != NULL && (r = check_id(&v, m)) == 0)
		h.id = json_string_value(m);
	pop(&v, old);
	if (r != 0)
		return r;
	old = push(&v, "sig");
	m = json_object_get(env, "sig");
	if (draft && m != NULL)
		r = fail(&v, "must be absent before sealing");
	else if (!draft && m == NULL)
		r = fail(&v, "required");
	else if (m != NULL && (!json_is_string(m) ||
	    json_string_length(m) != 88))
		r = fail(&v, "must be a base64 Ed25519 signature");
	else if (m != NULL)
		h.sig = json_string_value(m);
	pop(&v, old);
	if (r != 0)
		return r;

	old = push(&v, "body");
	r = member(&v, env, "body", true, &h.body);
	pop(&v, old);
	if (r < 0)
		return r;
	if ((r = schema_body(h.type, h.body, "body", d)) != 0)
		return r;
	/*
	 * A contact check's deadline is its body's, and counts as a
	 * request's does (stored, logged, reported): from here on it is the
	 * header's.
	 */
	if (h.type == MSG_CONTACT_CHECK) {
		if (!proto_time_parse(json_string_value(json_object_get(h.body,
		    "deadline")), PROTO_TIME_STRICT, &h.deadline) ||
		    h.deadline <= h.created)
			return hl_diag_set(d, HL_ESCHEMA, "body.deadline",
			    "not after created");
	}
	if (out != NULL)
		*out = h;
	return 0;
}
