/*
 * RFC 8785 canonical JSON: strict parsing through jansson and canonical
 * serialization. See jcs.h.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"
#include "limits.h"

/*
 * Counts bracket nesting outside strings, so that hostile depth is refused
 * before jansson builds anything. Not a validator: jansson does that next.
 */
static int
depth_scan(const uint8_t *p, size_t n, size_t max_depth, struct hl_diag *d)
{
	size_t i, depth = 0;
	int in_str = 0, esc = 0;

	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (++depth > max_depth) {
				hl_diag_offset(d, (long)i);
				return hl_diag_set(d, HL_EDEPTH, NULL,
				    "nested deeper than %zu levels", max_depth);
			}
		} else if ((c == ']' || c == '}') && depth > 0)
			depth--;
	}
	return 0;
}

int
jcs_parse(const uint8_t *p, size_t n, size_t max_depth, int flags,
    json_t **out, struct hl_diag *d)
{
	json_error_t je;
	size_t jflags;
	int r;

	*out = NULL;
	if ((r = depth_scan(p, n, max_depth, d)) != 0)
		return r;
	jflags = JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL |
	    JSON_ALLOW_NUL;
	if (flags & JCS_ANY)
		jflags |= JSON_DECODE_ANY;
	*out = json_loadb((const char *)p, n, jflags, &je);
	if (*out == NULL) {
		if (json_error_code(&je) == json_error_out_of_memory)
			return HL_ENOMEM;
		/* jansson counts the bytes it read; we name the last one. */
		hl_diag_offset(d, je.position > 0 ? je.position - 1 : 0);
		if (json_error_code(&je) == json_error_invalid_utf8)
			return hl_diag_set(d, HL_EPARSE, NULL,
			    "invalid UTF-8 (%s)", je.text);
		return hl_diag_set(d, HL_EPARSE, NULL, "%s", je.text);
	}
	return 0;
}

/* Decodes one UTF-8 sequence; input is known to be valid UTF-8. */
static uint32_t
utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];

	if (c < 0x80) {
		*s = p + 1;
		return c;
	}
	if (c < 0xe0) {
		*s = p + 2;
		return ((c & 0x1f) << 6) | (p[1] & 0x3f);
	}
	if (c < 0xf0) {
		*s = p + 3;
		return ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) |
		    (p[2] & 0x3f);
	}
	*s = p + 4;
	return ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) |
	    ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
}

int
jcs_keycmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;
	const unsigned char *ea = pa + alen, *eb = pb + blen;

	while (pa < ea && pb < eb) {
		uint32_t ca, cb, ua, ub;

		/* ASCII agrees in every encoding: the common fast path. */
		if (*pa < 0x80 && *pb < 0x80) {
			if (*pa != *pb)
				return *pa < *pb ? -1 : 1;
			pa++;
			pb++;
			continue;
		}
		ca = utf8_next(&pa);
		cb = utf8_next(&pb);
		if (ca == cb)
			continue;
		/* First UTF-16 unit: the code point, or its high surrogate. */
		ua = ca < 0x10000 ? ca : 0xd800 + ((ca - 0x10000) >> 10);
		ub = cb < 0x10000 ? cb : 0xd800 + ((cb - 0x10000) >> 10);
		if (ua != ub)
			return ua < ub ? -1 : 1;
		/* Same high surrogate: the low surrogates decide. */
		return ((ca - 0x10000) & 0x3ff) < ((cb - 0x10000) & 0x3ff) ?
		    -1 : 1;
	}
	if (pa < ea)
		return 1;
	if (pb < eb)
		return -1;
	return 0;
}

int
jcs_number(double v, char out[static JCS_NUMBER_MAX])
{
	char tmp[40], digits[20], *p;
	int prec, k, n, e, i, len = 0;

	if (!isfinite(v))
		return HL_EINVAL;
	if (v == 0) {
		memcpy(out, "0", 2);
		return 1;
	}
	/* Integers that doubles hold exactly need no digit search. */
	if (fabs(v) < 9007199254740992.0 && v == trunc(v)) {
		uint64_t u = (uint64_t)fabs(v);
		char rev[20];
		int nd = 0;

		do {
			rev[nd++] = (char)('0' + u % 10);
			u /= 10;
		} while (u != 0);
		if (v < 0)
			out[len++] = '-';
		while (nd > 0)
			out[len++] = rev[--nd];
		out[len] = '\0';
		return len;
	}

	/*
	 * The shortest digit string that reads back as v; %.*e rounds
	 * correctly, so the first precision that round-trips also gives the
	 * closest such string, as ECMAScript requires.
	 */
	for (prec = 1; prec <= 17; prec++) {
		(void)snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	p = tmp;
	if (*p == '-') {
		out[len++] = '-';
		p++;
	}
	for (k = 0; *p != 'e'; p++)
		if (*p != '.')
			digits[k++] = *p;
	e = (int)strtol(p + 1, NULL, 10);
	while (k > 1 && digits[k - 1] == '0')
		k--;
	n = e + 1;	/* v = 0.digits * 10^n */

	if (k <= n && n <= 21) {
		memcpy(out + len, digits, k);
		len += k;
		for (i = 0; i < n - k; i++)
			out[len++] = '0';
	} else if (0 < n && n <= 21) {
		memcpy(out + len, digits, n);
		len += n;
		out[len++] = '.';
		memcpy(out + len, digits + n, k - n);
		len += k - n;
	} else if (-6 < n && n <= 0) {
		out[len++] = '0';
		out[len++] = '.';
		for (i = 0; i < -n; i++)
			out[len++] = '0';
		memcpy(out + len, digits, k);
		len += k;
	} else {
		out[len++] = digits[0];
		if (k > 1) {
			out[len++] = '.';
			memcpy(out + len, digits + 1, k - 1);
			len += k - 1;
		}
		len += snprintf(out + len, JCS_NUMBER_MAX - len, "e%c%d",
		    n - 1 >= 0 ? '+' : '-', abs(n - 1));
	}
	out[len] = '\0';
	return len;
}

static void
write_string(const char *s, size_t n, struct buf *b)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	(void)buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		(void)buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':  esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\f': esc = "\\f"; break;
		case '\r': esc = "\\r"; break;
		}
		if (esc != NULL) {
			(void)buf_adds(b, esc);
			continue;
		}
		memcpy(u, "\\u00", 4);
		u[4] = hex[c >> 4];
		u[5] = hex[c & 0xf];
		(void)buf_add(b, u, sizeof(u));
	}
	(void)buf_add(b, s + run, n - run);
	(void)buf_addc(b, '"');
}

static int write_value(const json_t *v, struct buf *b, int depth);

static bool
omitted(const char *const *omit, const char *key)
{
	for (; omit != NULL && *omit != NULL; omit++)
		if (strcmp(*omit, key) == 0)
			return true;
	return false;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct jcs_member *x = a, *y = b;

	return jcs_keycmp(x->key, strlen(x->key), y->key, strlen(y->key));
}

/*
 * Sorts members into canonical order. Objects here have a handful of
 * members, where insertion sort beats qsort (a merge sort in glibc).
 */
static void
sort_members(struct jcs_member *m, size_t n)
{
	if (n > 24) {
		qsort(m, n, sizeof(*m), span_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct jcs_member x = m[i];
		size_t j = i;

		while (j > 0 && span_cmp(&m[j - 1], &x) > 0) {
			m[j] = m[j - 1];
			j--;
		}
		m[j] = x;
	}
}

/* Sorted "key":value spans of obj's members into b; no separators. */
static int
write_members(const json_t *obj, struct buf *b, struct jcs_member *m,
    size_t max, size_t *n, int depth)
{
	const char *key;
	json_t *val;
	size_t used = 0, i;
	int r = 0;

	json_object_foreach((json_t *)obj, key, val) {
		if (used == max)
			return HL_ETOOBIG;
		m[used].key = key;
		m[used++].value = val;
	}
	sort_members(m, used);
	for (i = 0; i < used && r == 0; i++) {
		m[i].start = b->len;
		write_string(m[i].key, strlen(m[i].key), b);
		(void)buf_addc(b, ':');
		r = write_value(m[i].value, b, depth + 1);
		m[i].end = b->len;
	}
	*n = used;
	return r ? r : buf_err(b);
}

int
jcs_write_members(const json_t *obj, struct buf *b, struct jcs_member *m,
    size_t max, size_t *n)
{
	if (!json_is_object(obj))
		return HL_EINVAL;
	return write_members(obj, b, m, max, n, 1);
}

int
jcs_add_member(struct buf *b, struct jcs_member *m, size_t max, size_t *n,
    const char *key, const json_t *value)
{
	struct jcs_member add;
	size_t at;
	int r;

	if (*n == max)
		return HL_ETOOBIG;
	add.key = key;
	add.value = value;
	add.start = b->len;
	write_string(key, strlen(key), b);
	(void)buf_addc(b, ':');
	if ((r = write_value(value, b, 2)) != 0)
		return r;
	add.end = b->len;
	for (at = 0; at < *n && span_cmp(&m[at], &add) < 0; at++)
		;
	memmove(m + at + 1, m + at, (*n - at) * sizeof(*m));
	m[at] = add;
	(*n)++;
	return buf_err(b);
}

int
jcs_join(const uint8_t *base, const struct jcs_member *m, size_t n,
    const char *const *omit, struct buf *out)
{
	bool first = true;

	(void)buf_addc(out, '{');
	for (size_t i = 0; i < n; i++) {
		if (omitted(omit, m[i].key))
			continue;
		if (!first)
			(void)buf_addc(out, ',');
		first = false;
		(void)buf_add(out, base + m[i].start, m[i].end - m[i].start);
	}
	return buf_addc(out, '}');
}

/*
 * An object: its members serialized into a scratch buffer and joined.
 * Small objects keep their spans on the stack.
 */
static int
write_object(const json_t *obj, const char *const *omit, struct buf *b,
    int depth)
{
	struct jcs_member stackm[32], *m = stackm;
	size_t n = json_object_size(obj), used, i;
	bool first = true;
	int r;

	if (n > sizeof(stackm) / sizeof(stackm[0]) &&
	    (m = calloc(n, sizeof(*m))) == NULL)
		return HL_ENOMEM;
	(void)buf_addc(b, '{');
	/*
	 * Serialize in place: members go straight into b in sorted order,
	 * separated by commas, so nothing is copied twice.
	 */
	{
		const char *key;
		json_t *val;

		used = 0;
		json_object_foreach((json_t *)obj, key, val) {
			if (omitted(omit, key))
				continue;
			m[used].key = key;
			m[used++].value = val;
		}
	}
	sort_members(m, used);
	for (i = 0, r = 0; i < used && r == 0; i++) {
		if (!first)
			(void)buf_addc(b, ',');
		first = false;
		write_string(m[i].key, strlen(m[i].key), b);
		(void)buf_addc(b, ':');
		r = write_value(m[i].value, b, depth + 1);
	}
	(void)buf_addc(b, '}');
	if (m != stackm)
		free(m);
	return r ? r : buf_err(b);
}

static int
write_value(const json_t *v, struct buf *b, int depth)
{
	char num[JCS_NUMBER_MAX];
	size_t i;
	int r = 0, len;

	if (depth > HL_MAX_CANON_DEPTH)
		return HL_EDEPTH;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return write_object(v, NULL, b, depth);
	case JSON_ARRAY:
		(void)buf_addc(b, '[');
		for (i = 0; i < json_array_size(v) && r == 0; i++) {
			if (i > 0)
				(void)buf_addc(b, ',');
			r = write_value(json_array_get(v, i), b, depth + 1);
		}
		(void)buf_addc(b, ']');
		break;
	case JSON_STRING:
		write_string(json_string_value(v), json_string_length(v), b);
		break;
	case JSON_INTEGER:
		if ((len = jcs_number((double)json_integer_value(v), num)) < 0)
			return len;
		(void)buf_add(b, num, (size_t)len);
		break;
	case JSON_REAL:
		if ((len = jcs_number(json_real_value(v), num)) < 0)
			return len;
		(void)buf_add(b, num, (size_t)len);
		break;
	case JSON_TRUE:
		(void)buf_adds(b, "true");
		break;
	case JSON_FALSE:
		(void)buf_adds(b, "false");
		break;
	case JSON_NULL:
		(void)buf_adds(b, "null");
		break;
	}
	return r ? r : buf_err(b);
}

int
jcs_write(const json_t *v, struct buf *b)
{
	return write_value(v, b, 1);
}

int
jcs_write_omit(const json_t *obj, const char *const *omit, struct buf *b)
{
	if (!json_is_object(obj))
		return HL_EINVAL;
	return write_object(obj, omit, b, 1);
}

int
jcs_canon(const uint8_t *in, size_t n, size_t max_depth, struct buf *out,
    struct hl_diag *d)
{
	json_t *v;
	int r;

	if (n > HL_MAX_CANON_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL,
		    "larger than %d bytes", HL_MAX_CANON_BYTES);
	if ((r = jcs_parse(in, n, max_depth, JCS_ANY, &v, d)) != 0)
		return r;
	r = jcs_write(v, out);
	json_decref(v);
	if (r == HL_EINVAL)
		return hl_diag_set(d, r, NULL, "number out of range");
	return r;
}

/* An integer for an integral real within 2^53, else NULL. */
static json_t *
as_int(const json_t *el)
{
	double d;

	if (!json_is_real(el))
		return NULL;
	d = json_real_value(el);
	/* Range first: converting an out-of-range double is undefined. */
	if (fabs(d) >= 9007199254740992.0 || d != floor(d))
		return NULL;
	return json_integer((json_int_t)d);
}

void
jcs_show_ints(json_t *v)
{
	const char *key;
	json_t *el, *i;
	size_t n;

	/*
	 * Display only, and never what is hashed: a replacement that fails
	 * leaves the double, which prints as 1200.0 and canonicalizes as
	 * 1200 all the same.
	 */
	if (json_is_object(v)) {
		json_object_foreach(v, key, el) {
			if ((i = as_int(el)) != NULL)
				(void)json_object_set_new(v, key, i);
			else
				jcs_show_ints(el);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, n, el) {
			if ((i = as_int(el)) != NULL)
				(void)json_array_set_new(v, n, i);
			else
				jcs_show_ints(el);
		}
	}
}
