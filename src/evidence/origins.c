/*
 * origins: log lines to events, and the tally per address. See origins.h.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "limits.h"
#include "logtime.h"
#include "origins.h"
#include "proto.h"

const char *const origins_format_names[] = { "auto", "list", "web", "eve",
	"zeek", "zeek-json", "auth", "csv", NULL };

const char *const origins_skip_names[] = { "", "blank, comment or header",
	"not an attack", "no valid address", "not a line of the format",
	"line too long", "filtered out", NULL };

const char *const origins_skip_slugs[] = { "", "blank", "not_attack",
	"no_address", "malformed", "too_long", "filtered", NULL };

bool
origins_addr_parse(const char *s, size_t n, struct origins_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	long len = -1;
	uint8_t v4[4];

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((slash = strchr(buf, '/')) != NULL) {
		char *end;

		*slash = '\0';
		if (slash[1] < '0' || slash[1] > '9')
			return false;
		len = strtol(slash + 1, &end, 10);
		if (*end != '\0' || len < 1)
			return false;
	}
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, v4) == 1) {
		if (len > 32)
			return false;
		a->b[10] = a->b[11] = 0xff;
		memcpy(a->b + 12, v4, 4);
		a->prefix = (uint8_t)(len < 0 ? 128 : 96 + len);
	} else if (inet_pton(AF_INET6, buf, a->b) == 1) {
		if (len > 128)
			return false;
		a->prefix = (uint8_t)(len < 0 ? 128 : len);
	} else
		return false;
	/* A CIDR names its network: the host bits are cleared. */
	for (int i = a->prefix; i < 128; i++)
		a->b[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return true;
}

static bool
is_v4(const struct origins_addr *a)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	return memcmp(a->b, mapped, 12) == 0;
}

void
origins_addr_format(const struct origins_addr *a, char *out, size_t n)
{
	char s[INET6_ADDRSTRLEN];

	if (is_v4(a))
		(void)inet_ntop(AF_INET, a->b + 12, s, sizeof(s));
	else
		(void)inet_ntop(AF_INET6, a->b, s, sizeof(s));
	if (a->prefix == 128)
		(void)snprintf(out, n, "%s", s);
	else
		(void)snprintf(out, n, "%s/%d", s, is_v4(a) ? a->prefix - 96 :
		    a->prefix);
}

/* Whether a's first bits are those of net/len (len of the v6 form). */
static bool
within(const struct origins_addr *a, const uint8_t net[16], int len)
{
	int whole = len / 8, rest = len % 8;

	if (memcmp(a->b, net, (size_t)whole) != 0)
		return false;
	return rest == 0 || ((a->b[whole] ^ net[whole]) &
	    (uint8_t)(0xff << (8 - rest))) == 0;
}

bool
origins_addr_special(const struct origins_addr *a)
{
	/* IANA's special-purpose registries, IPv4 (mapped) and IPv6. */
	static const struct {
		uint8_t	net[16];
		int	len;
	} v4[] = {
#define V4(a, b, c, d, l) { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, \
	a, b, c, d }, 96 + (l) }
		V4(0, 0, 0, 0, 8), V4(10, 0, 0, 0, 8), V4(100, 64, 0, 0, 10),
		V4(127, 0, 0, 0, 8), V4(169, 254, 0, 0, 16),
		V4(172, 16, 0, 0, 12), V4(192, 0, 0, 0, 24),
		V4(192, 0, 2, 0, 24), V4(192, 88, 99, 0, 24),
		V4(192, 168, 0, 0, 16), V4(198, 18, 0, 0, 15),
		V4(198, 51, 100, 0, 24), V4(203, 0, 113, 0, 24),
		V4(224, 0, 0, 0, 4), V4(240, 0, 0, 0, 4),
#undef V4
	}, v6[] = {
		{ { 0 }, 127 },						/* :: and ::1 */
		{ { 0, 0x64, 0xff, 0x9b }, 96 },			/* NAT64 */
		{ { 0x01 }, 64 },					/* discard */
		{ { 0x20, 0x01, 0x0d, 0xb8 }, 32 },			/* documentation */
		{ { 0x20, 0x01, 0x00, 0x00 }, 23 },			/* IETF protocols */
		{ { 0xfc }, 7 },					/* unique local */
		{ { 0xfe, 0x80 }, 10 },					/* link-local */
		{ { 0xff }, 8 },					/* multicast */
	};

	if (is_v4(a)) {
		for (size_t i = 0; i < sizeof(v4) / sizeof(v4[0]); i++)
			if (within(a, v4[i].net, v4[i].len))
				return true;
		return false;
	}
	for (size_t i = 0; i < sizeof(v6) / sizeof(v6[0]); i++)
		if (within(a, v6[i].net, v6[i].len))
			return true;
	return false;
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* The first whitespace-delimited token of [p, end). */
static size_t
token(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
		q++;
	return (size_t)(q - p);
}

/* Whether [p, end) holds s, and where. */
static const char *
find(const char *p, const char *end, const char *s)
{
	size_t k = strlen(s);

	for (; p + k <= end; p++)
		if (memcmp(p, s, k) == 0)
			return p;
	return NULL;
}

static enum origins_skip
web_line(const char *p, const char *end, struct origins_event *ev)
{
	size_t n = token(p, end);

	if (!origins_addr_parse(p, n, &ev->addr) || ev->addr.prefix != 128)
		return SKIP_NOT_ADDRESS;
	if (!logtime_web_line(p + n, end, &ev->time))
		return SKIP_MALFORMED;
	return SKIP_NONE;
}

/*
 * What an EVE event says, however it was read: its time and type
 * (required), and the attacker: the alert's named source if the event
 * has one (present, even if not a string); else, for an event on a
 * packet to the client ("direction": "to_client"), the client, dest_ip;
 * else src_ip.
 */
struct eve_fields {
	const char	*ts, *type, *src, *ip, *dst, *dir;	/* NULL: absent or
								   not a string */
	size_t		 tsn, typen, srcn, ipn, dstn, dirn;
	bool		 has_src;		/* alert.source.ip is present */
};

static enum origins_skip
eve_event(const struct eve_fields *f, struct origins_event *ev)
{
	char ts[64];
	bool back = !f->has_src && f->dir != NULL && f->dirn == 9 &&
	    memcmp(f->dir, "to_client", 9) == 0;
	const char *ip = f->has_src ? f->src : back ? f->dst : f->ip;
	size_t ipn = f->has_src ? f->srcn : back ? f->dstn : f->ipn, n;

	if (f->type == NULL || f->ts == NULL || f->tsn >= sizeof(ts))
		return SKIP_MALFORMED;
	memcpy(ts, f->ts, f->tsn);
	ts[f->tsn] = '\0';
	if (memchr(ts, '\0', f->tsn) != NULL || !logtime_iso(ts, &ev->time))
		return SKIP_MALFORMED;
	if (ip == NULL || !origins_addr_parse(ip, ipn, &ev->addr) ||
	    ev->addr.prefix != 128)
		return SKIP_NOT_ADDRESS;
	n = f->typen < sizeof(ev->type) - 1 ? f->typen : sizeof(ev->type) - 1;
	memcpy(ev->type, f->type, n);
	ev->type[n] = '\0';
	/* As "%s" would: up to a NUL (one only jansson can read in). */
	ev->type[strnlen(ev->type, n)] = '\0';
	return SKIP_NONE;
}

/* A member that is a string, else NULL. */
static const char *
jstr(json_t *v, size_t *n)
{
	*n = json_string_length(v);
	return json_string_value(v);
}

enum origins_skip
origins_eve_reference(const char *p, size_t len, struct origins_event *ev)
{
	struct eve_fields f;
	json_t *o, *src;
	enum origins_skip r;

	memset(ev, 0, sizeof(*ev));
	memset(&f, 0, sizeof(f));
	/* Duplicate members: the last wins, as in the fast reader. */
	if ((o = json_loadb(p, len, 0, NULL)) == NULL || !json_is_object(o)) {
		json_decref(o);
		return SKIP_MALFORMED;
	}
	src = json_object_get(json_object_get(json_object_get(o, "alert"),
	    "source"), "ip");
	f.has_src = src != NULL;
	f.src = jstr(src, &f.srcn);
	f.ip = jstr(json_object_get(o, "src_ip"), &f.ipn);
	f.dst = jstr(json_object_get(o, "dest_ip"), &f.dstn);
	f.dir = jstr(json_object_get(o, "direction"), &f.dirn);
	f.ts = jstr(json_object_get(o, "timestamp"), &f.tsn);
	f.type = jstr(json_object_get(o, "event_type"), &f.typen);
	r = eve_event(&f, ev);
	json_decref(o);
	return r;
}

/*
 * The fast reader: walks one JSON object without building it, keeping
 * only the members eve_event() needs. It handles what Suricata writes;
 * anything it is not sure jansson reads the same way (non-ASCII bytes,
 * \u escapes, numbers that may overflow, deep nesting, or anything
 * invalid) sends the line to origins_eve_reference() instead.
 */
struct jscan {
	const char	*p, *end;
};

static void
js_ws(struct jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static bool
js_string(struct jscan *s, const char **b, size_t *n)
{
	const char *p = s->p + 1, *q;
	unsigned bad = 0;

	if (s->p >= s->end || *s->p != '"')
		return false;
	*b = p;
	/* Most strings: up to the next quote, no escape, no control. */
	if ((q = memchr(p, '"', (size_t)(s->end - p))) != NULL) {
		for (const unsigned char *c = (const unsigned char *)p;
		    c < (const unsigned char *)q; c++)
			bad |= (unsigned)(*c < 0x20) | (unsigned)(*c == '\\');
		if (!bad) {
			*n = (size_t)(q - p);
			s->p = q + 1;
			return true;
		}
	}
	for (; p < s->end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"') {
			*n = (size_t)(p - *b);
			s->p = p + 1;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (++p >= s->end || strchr("\"\\/bfnrt", *p) == NULL ||
			    *p == '\0')
				return false;	/* \u and the invalid */
			*b = NULL;		/* escaped: not taken as is */
		}
	}
	return false;
}

static bool
js_number(struct jscan *s)
{
	const char *p = s->p, *start;

	if (p < s->end && *p == '-')
		p++;
	start = p;
	if (p < s->end && *p == '0')
		p++;
	else if (p < s->end && *p >= '1' && *p <= '9')
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	else
		return false;
	if (p < s->end && *p == '.') {
		if (++p >= s->end || *p < '0' || *p > '9')
			return false;
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	/* Exponents and long numbers may overflow in jansson: not here. */
	if ((p < s->end && (*p == 'e' || *p == 'E')) || p - start > 17)
		return false;
	s->p = p;
	return true;
}

static bool js_value(struct jscan *s, int depth);

/*
 * An object; fn, if not NULL, sees each member's key and may take its
 * value (returning 1 if it did, 0 to have it skipped, -1 on failure).
 */
static bool
js_object(struct jscan *s, int depth, int (*fn)(struct jscan *s,
    const char *key, size_t keyn, void *arg), void *arg)
{
	const char *key;
	size_t keyn;
	int took;

	if (depth > 32 || s->p >= s->end || *s->p != '{')
		return false;
	s->p++;
	js_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return true;
	}
	for (;;) {
		js_ws(s);
		if (!js_string(s, &key, &keyn))
			return false;
		js_ws(s);
		if (s->p >= s->end || *s->p != ':')
			return false;
		s->p++;
		js_ws(s);
		took = fn != NULL && key != NULL ? fn(s, key, keyn, arg) : 0;
		if (took < 0 || (took == 0 && !js_value(s, depth + 1)))
			return false;
		js_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return true;
		}
		return false;
	}
}

static bool
js_value(struct jscan *s, int depth)
{
	const char *b;
	size_t n;

	js_ws(s);
	if (s->p >= s->end || depth > 32)
		return false;
	switch (*s->p) {
	case '"':
		return js_string(s, &b, &n);
	case '{':
		return js_object(s, depth, NULL, NULL);
	case '[':
		s->p++;
		js_ws(s);
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			return true;
		}
		for (;;) {
			if (!js_value(s, depth + 1))
				return false;
			js_ws(s);
			if (s->p < s->end && *s->p == ',') {
				s->p++;
				continue;
			}
			if (s->p < s->end && *s->p == ']') {
				s->p++;
				return true;
			}
			return false;
		}
	case 't':
		n = 4, b = "true";
		break;
	case 'f':
		n = 5, b = "false";
		break;
	case 'n':
		n = 4, b = "null";
		break;
	default:
		return js_number(s);
	}
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, b, n) != 0)
		return false;
	s->p += n;
	return true;
}

static bool
key_is(const char *key, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(key, want, n) == 0;
}

/* A string member, taken only if it needs no unescaping. */
static int
take_str(struct jscan *s, const char **v, size_t *n)
{
	const char *save = s->p;

	if (s->p < s->end && *s->p == '"') {
		if (!js_string(s, v, n))
			return -1;
		return *v == NULL ? -1 : 1;	/* escaped: the reference */
	}
	*v = NULL;	/* present, but not a string */
	s->p = save;
	return js_value(s, 1) ? 1 : -1;
}

static int
on_source(struct jscan *s, const char *key, size_t n, void *arg)
{
	struct eve_fields *f = arg;

	if (!key_is(key, n, "ip"))
		return 0;
	f->has_src = true;
	return take_str(s, &f->src, &f->srcn);
}

static int
on_alert(struct jscan *s, const char *key, size_t n, void *arg)
{
	struct eve_fields *f = arg;

	if (!key_is(key, n, "source"))
		return 0;
	/* A later "source" replaces an earlier one, as in jansson. */
	f->has_src = false;
	f->src = NULL;
	if (s->p >= s->end || *s->p != '{')
		return 0;
	return js_object(s, 2, on_source, f) ? 1 : -1;
}

static int
on_top(struct jscan *s, const char *key, size_t n, void *arg)
{
	struct eve_fields *f = arg;

	if (key_is(key, n, "timestamp"))
		return take_str(s, &f->ts, &f->tsn);
	if (key_is(key, n, "event_type"))
		return take_str(s, &f->type, &f->typen);
	if (key_is(key, n, "src_ip"))
		return take_str(s, &f->ip, &f->ipn);
	if (key_is(key, n, "dest_ip"))
		return take_str(s, &f->dst, &f->dstn);
	if (key_is(key, n, "direction"))
		return take_str(s, &f->dir, &f->dirn);
	if (key_is(key, n, "alert")) {
		f->has_src = false;
		f->src = NULL;
		if (s->p >= s->end || *s->p != '{')
			return 0;
		return js_object(s, 1, on_alert, f) ? 1 : -1;
	}
	return 0;
}

static enum origins_skip
eve_line(const char *p, const char *end, struct origins_event *ev)
{
	struct jscan s = { p, end };
	struct eve_fields f;

	memset(&f, 0, sizeof(f));
	for (const char *q = p; q < end; q++)
		if ((unsigned char)*q >= 0x80)
			return origins_eve_reference(p, (size_t)(end - p), ev);
	if (!js_object(&s, 0, on_top, &f) || (js_ws(&s), s.p != s.end))
		return origins_eve_reference(p, (size_t)(end - p), ev);
	return eve_event(&f, ev);
}

/* An address field: false for unset ("-", "") or not an address. */
static bool
addr_field(const char *p, size_t n, struct origins_addr *a)
{
	return n > 0 && !(n == 1 && *p == '-') &&
	    origins_addr_parse(p, n, a) && a->prefix == 128;
}

/* Field i of a line split by sep, as [*f, *f + *n). */
static bool
split_field(const char *p, const char *end, char sep, int i, const char **f,
    size_t *n)
{
	const char *q;

	for (; i > 0; i--) {
		if ((q = memchr(p, sep, (size_t)(end - p))) == NULL)
			return false;
		p = q + 1;
	}
	q = memchr(p, sep, (size_t)(end - p));
	*f = p;
	*n = (size_t)((q != NULL ? q : end) - p);
	return true;
}

/* Zeek's headers: "#separator \x09", "#fields ...", "#path ssh". */
static void
zeek_header(struct origins_parser *z, const char *p, const char *end)
{
	size_t n = (size_t)(end - p);

	if (n >= 15 && memcmp(p, "#separator \\x", 13) == 0) {
		int v = 0;

		for (int i = 13; i < 15; i++) {
			char c = p[i];

			v = v * 16 + (c >= '0' && c <= '9' ? c - '0' :
			    c >= 'a' && c <= 'f' ? c - 'a' + 10 : -256);
		}
		if (v > 0)
			z->zsep = (char)v;
		return;
	}
	if (n > 6 && memcmp(p, "#path", 5) == 0) {
		(void)snprintf(z->zpath, sizeof(z->zpath), "%.*s",
		    (int)(n - 6), p + 6);
		return;
	}
	if (n > 8 && memcmp(p, "#fields", 7) == 0) {
		const char *f;
		size_t fn;

		z->zaddr = z->zsrc = z->zts = -1;
		for (int i = 1; split_field(p, end, z->zsep, i, &f, &fn); i++) {
			if (fn == 2 && memcmp(f, "ts", 2) == 0)
				z->zts = i - 1;
			else if (fn == 9 && memcmp(f, "id.orig_h", 9) == 0)
				z->zaddr = i - 1;
			else if (fn == 3 && memcmp(f, "src", 3) == 0)
				z->zsrc = i - 1;
		}
	}
}

static enum origins_skip
zeek_line(struct origins_parser *z, const char *p, const char *end,
    struct origins_event *ev)
{
	const char *f;
	size_t n;

	if (*p == '#') {
		zeek_header(z, p, end);
		return SKIP_BLANK;
	}
	if (z->zaddr < 0 && z->zsrc < 0)
		return SKIP_MALFORMED;	/* no #fields naming an address */
	/* A notice names its source in src; else the connection's origin. */
	if (!(z->zsrc >= 0 && split_field(p, end, z->zsep, z->zsrc, &f, &n) &&
	    addr_field(f, n, &ev->addr)) && !(z->zaddr >= 0 &&
	    split_field(p, end, z->zsep, z->zaddr, &f, &n) &&
	    addr_field(f, n, &ev->addr)))
		return SKIP_NOT_ADDRESS;
	if (z->zts >= 0 && (!split_field(p, end, z->zsep, z->zts, &f, &n) ||
	    !logtime_epoch(f, n, &ev->time)))
		return SKIP_MALFORMED;
	(void)snprintf(ev->type, sizeof(ev->type), "%s", z->zpath);
	return SKIP_NONE;
}

static enum origins_skip
zeekjson_line(const char *p, const char *end, struct origins_event *ev)
{
	json_t *o, *ts, *a;
	const char *s;
	enum origins_skip r = SKIP_NONE;

	if ((o = json_loadb(p, (size_t)(end - p), JSON_REJECT_DUPLICATES,
	    NULL)) == NULL || !json_is_object(o)) {
		json_decref(o);
		return SKIP_MALFORMED;
	}
	a = json_object_get(o, "src");
	if (!json_is_string(a))
		a = json_object_get(o, "id.orig_h");
	ts = json_object_get(o, "ts");
	if (json_is_number(ts) && json_number_value(ts) >= 1 &&
	    json_number_value(ts) < 1e11)
		ev->time = (int64_t)json_number_value(ts);
	else if (!json_is_string(ts) || !logtime_iso(json_string_value(ts),
	    &ev->time))
		r = SKIP_MALFORMED;
	if (r == SKIP_NONE && ((s = json_string_value(a)) == NULL ||
	    !addr_field(s, strlen(s), &ev->addr)))
		r = SKIP_NOT_ADDRESS;
	if (r == SKIP_NONE && (s = json_string_value(json_object_get(o,
	    "_path"))) != NULL)
		(void)snprintf(ev->type, sizeof(ev->type), "%s", s);
	json_decref(o);
	return r;
}

static enum origins_skip
auth_line(const struct origins_parser *z, const char *p, const char *end,
    struct origins_event *ev)
{
	static const char *const attack[] = { "Failed ", "Invalid user ",
	    "[preauth]", "Did not receive identification string",
	    "Unable to negotiate", "maximum authentication attempts",
	    "banner exchange", "Bad protocol version", NULL };
	const char *msg, *a, *q;
	size_t n;
	bool hit = false;

	if (!logtime_syslog(p, end, z->now, &ev->time, &msg))
		return SKIP_MALFORMED;
	if ((q = find(msg, end, " sshd[")) == NULL &&
	    (q = find(msg, end, " sshd:")) == NULL)
		return SKIP_NOT_ATTACK;
	for (int i = 0; attack[i] != NULL && !hit; i++)
		hit = find(q, end, attack[i]) != NULL;
	if (!hit)
		return SKIP_NOT_ATTACK;
	/* "... from ADDR port N", else "... ADDR port N". */
	if ((a = find(q, end, " from ")) != NULL)
		a += 6;
	else if ((a = find(q, end, " port ")) != NULL) {
		while (a > q && a[-1] != ' ')
			a--;
	} else
		return SKIP_NOT_ADDRESS;
	n = token(a, end);
	if (n > 0 && a[n - 1] == ':')	/* "from ADDR: ..." */
		n--;
	if (!addr_field(a, n, &ev->addr))
		return SKIP_NOT_ADDRESS;
	(void)snprintf(ev->type, sizeof(ev->type), "ssh");
	return SKIP_NONE;
}

/* CSV field i (RFC 4180 quoting) into out; false if there is none. */
static bool
csv_field(const char *p, const char *end, int i, char *out, size_t n)
{
	size_t k = 0;

	for (int f = 0; p <= end; f++) {
		bool quoted = p < end && *p == '"';

		k = 0;
		if (quoted)
			p++;
		while (p < end) {
			if (quoted && *p == '"') {
				if (p + 1 < end && p[1] == '"') {
					p++;
				} else {
					quoted = false;
					p++;
					continue;
				}
			} else if (!quoted && *p == ',')
				break;
			if (f == i && k + 1 < n)
				out[k++] = *p;
			p++;
		}
		if (f == i) {
			out[k] = '\0';
			return true;
		}
		if (p >= end)
			return false;
		p++;	/* the comma */
	}
	return false;
}

/* The CSV header's address and time columns; false if no address one. */
static bool
csv_header(struct origins_parser *z, const char *p, const char *end)
{
	static const char *const addr[] = { "ip", "src_ip", "source_ip",
	    "srcip", "src", "source", "address", "addr", "ip_address",
	    "ipaddress", "client_ip", "clientip", "remote_addr", "attacker",
	    "attacker_ip", NULL };
	static const char *const when[] = { "time", "timestamp", "ts", "date",
	    "datetime", "first_seen", "seen", NULL };
	char f[64];

	z->caddr = z->ctime = -1;
	for (int i = 0; i < 256 && csv_field(p, end, i, f, sizeof(f)); i++) {
		/* "Source IP", "source-ip" and "source_ip" name one column. */
		for (char *c = f; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
			else if (*c == ' ' || *c == '-')
				*c = '_';
		if (z->caddr < 0 && proto_lookup(addr, f) >= 0)
			z->caddr = i;
		else if (z->ctime < 0 && proto_lookup(when, f) >= 0)
			z->ctime = i;
	}
	return z->caddr >= 0;
}

/* A CSV time: RFC 3339, "YYYY-MM-DD HH:MM:SS" (UTC) or epoch seconds. */
static bool
csv_time(char *s, int64_t *out)
{
	if (logtime_epoch(s, strlen(s), out))
		return true;
	if (strlen(s) == 19 && s[10] == ' ') {	/* room: see csv_line */
		s[10] = 'T';
		s[19] = 'Z';
		s[20] = '\0';
	}
	return proto_time_parse(s, 0, out);
}

static enum origins_skip
csv_line(const struct origins_parser *z, const char *p, const char *end,
    struct origins_event *ev)
{
	char f[HL_MAX_SHORT_LEN];

	if (!csv_field(p, end, z->caddr, f, sizeof(f)))
		return SKIP_MALFORMED;
	if (!addr_field(f, strlen(f), &ev->addr))
		return SKIP_NOT_ADDRESS;
	if (z->ctime >= 0 && (!csv_field(p, end, z->ctime, f, sizeof(f) - 1) ||
	    (f[0] != '\0' && !csv_time(f, &ev->time))))
		return SKIP_MALFORMED;
	return SKIP_NONE;
}

enum origins_format
origins_detect(const char *line, size_t len)
{
	struct origins_parser z;
	const char *end = line + len, *p = skip_space(line, end), *rest;
	struct origins_addr a;
	size_t n = token(p, end);
	int64_t t;

	if ((size_t)(end - p) >= 7 && (memcmp(p, "#separa", 7) == 0 ||
	    memcmp(p, "#fields", 7) == 0))
		return ORIGINS_ZEEK;
	if (p < end && *p == '{')
		return find(p, end, "\"event_type\"") != NULL ? ORIGINS_EVE :
		    find(p, end, "\"id.orig_h\"") != NULL ? ORIGINS_ZEEKJSON :
		    ORIGINS_AUTO;
	if (logtime_syslog(p, end, 1795773600, &t, &rest))
		return ORIGINS_AUTH;
	if (memchr(p, ',', (size_t)(end - p)) != NULL && csv_header(&z, p, end))
		return ORIGINS_CSV;
	if (!origins_addr_parse(p, n, &a))
		return ORIGINS_AUTO;
	p = skip_space(p + n, end);
	if (p == end || *p == '#')
		return ORIGINS_LIST;
	/* "addr ident user [time] ..." */
	return memchr(p, '[', (size_t)(end - p)) != NULL ? ORIGINS_WEB :
	    ORIGINS_AUTO;
}

void
origins_parser_init(struct origins_parser *p, enum origins_format fmt,
    int64_t now)
{
	memset(p, 0, sizeof(*p));
	p->fmt = fmt;
	p->zsep = '\t';
	p->zaddr = p->zsrc = p->zts = -1;
	p->caddr = p->ctime = -1;
	p->now = now;
}

enum origins_skip
origins_parse(struct origins_parser *z, const char *line, size_t len,
    struct origins_event *ev)
{
	const char *end = line + len, *p;
	size_t n;

	memset(ev, 0, sizeof(*ev));
	if (len > HL_MAX_LOG_LINE)
		return SKIP_TOO_LONG;
	p = skip_space(line, end);
	if (p == end)
		return SKIP_BLANK;
	if (z->fmt == ORIGINS_AUTO) {
		if ((z->fmt = origins_detect(p, (size_t)(end - p))) ==
		    ORIGINS_AUTO)
			return *p == '#' ? SKIP_BLANK : SKIP_MALFORMED;
		if (z->fmt == ORIGINS_CSV) {
			(void)csv_header(z, p, end);
			return SKIP_BLANK;
		}
	} else if (z->fmt == ORIGINS_CSV && z->caddr < 0)
		return csv_header(z, p, end) ? SKIP_BLANK : SKIP_MALFORMED;
	if (*p == '#' && z->fmt != ORIGINS_ZEEK)
		return SKIP_BLANK;
	switch (z->fmt) {
	case ORIGINS_LIST:
		n = token(p, end);
		if (!origins_addr_parse(p, n, &ev->addr))
			return SKIP_NOT_ADDRESS;
		p = skip_space(p + n, end);
		return p == end || *p == '#' ? SKIP_NONE : SKIP_MALFORMED;
	case ORIGINS_WEB:
		return web_line(p, end, ev);
	case ORIGINS_EVE:
		return eve_line(p, end, ev);
	case ORIGINS_ZEEK:
		return zeek_line(z, p, end, ev);
	case ORIGINS_ZEEKJSON:
		return zeekjson_line(p, end, ev);
	case ORIGINS_AUTH:
		return auth_line(z, p, end, ev);
	case ORIGINS_CSV:
		return csv_line(z, p, end, ev);
	default:
		return SKIP_MALFORMED;
	}
}

void
origins_tally_init(struct origins_tally *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max == 0 || max > HL_MAX_ORIGINS_ADDRS ? HL_MAX_ORIGINS_ADDRS :
	    max;
	randombytes_buf(t->key, sizeof(t->key));
	t->keyed = true;
}

static size_t
tally_max(const struct origins_tally *t)
{
	return t->max == 0 || t->max > HL_MAX_ORIGINS_ADDRS ?
	    HL_MAX_ORIGINS_ADDRS : t->max;
}

/*
 * SipHash-2-4 of the address under the tally's key. The fixed mixer this
 * replaces was invertible: a log could hold 160,000 addresses of one /64
 * with the same low 32 bits, and linear probing took 20 s instead of
 * 0.1 s. Without the key, no one can aim at a slot.
 */
static uint64_t
addr_hash(const struct origins_tally *t, const struct origins_addr *a)
{
	uint8_t in[17], out[crypto_shorthash_BYTES];
	uint64_t h;

	memcpy(in, a->b, 16);
	in[16] = a->prefix;
	(void)crypto_shorthash(out, in, sizeof(in), t->key);
	memcpy(&h, out, sizeof(h));
	return h;
}

/* The slot of a (hashing to h): its own, or the free one it would take. */
static struct origins_seen *
slot_at(struct origins_seen *s, size_t cap, const struct origins_addr *a,
    uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (s[i].addr.prefix != 0 && (s[i].addr.prefix != a->prefix ||
	    memcmp(s[i].addr.b, a->b, 16) != 0))
		i = (i + 1) & (cap - 1);
	return &s[i];
}

/* Doubles the table (or makes its first). */
static int
tally_grow(struct origins_tally *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	struct origins_seen *ns = calloc(cap, sizeof(*ns));

	if (ns == NULL)
		return HL_ENOMEM;
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i].addr.prefix != 0)
			*slot_at(ns, cap, &t->slot[i].addr, addr_hash(t,
			    &t->slot[i].addr)) = t->slot[i];
	free(t->slot);
	t->slot = ns;
	t->cap = cap;
	return 0;
}

/* Adds ev, whose address hashes to h. */
static int
tally_add(struct origins_tally *t, const struct origins_event *ev, uint64_t h)
{
	struct origins_seen *s = NULL;

	if (t->cap > 0)
		s = slot_at(t->slot, t->cap, &ev->addr, h);
	if (s == NULL || s->addr.prefix == 0) {
		/* A new address: past the cap, counted over the cap. */
		if (t->n >= tally_max(t)) {
			if (t->over++ == 0)
				t->over_line = ev->line;
			return 0;
		}
		if (t->n * 4 >= t->cap * 3) {
			if (tally_grow(t) != 0)
				return HL_ENOMEM;
			s = slot_at(t->slot, t->cap, &ev->addr, h);
		}
		s->addr = ev->addr;
		t->n++;
	}
	s->events++;
	t->events++;
	if (ev->time != 0) {
		if (s->first == 0 || ev->time < s->first)
			s->first = ev->time;
		if (ev->time > s->last)
			s->last = ev->time;
	}
	return 0;
}

static void
tally_key(struct origins_tally *t)
{
	if (!t->keyed) {
		randombytes_buf(t->key, sizeof(t->key));
		t->keyed = true;
	}
}

int
origins_tally_add(struct origins_tally *t, const struct origins_event *ev)
{
	tally_key(t);
	return tally_add(t, ev, addr_hash(t, &ev->addr));
}

int
origins_tally_add_many(struct origins_tally *t, const struct origins_event *ev,
    size_t n)
{
	uint64_t h[ORIGINS_BATCH];
	int r = 0;

	tally_key(t);
	/*
	 * A table of many addresses is a cache miss per event: ask for the
	 * slots of the whole batch first, then count while they arrive.
	 */
	for (size_t i = 0; i < n && i < ORIGINS_BATCH; i++) {
		h[i] = addr_hash(t, &ev[i].addr);
		if (t->cap > 0)
			__builtin_prefetch(&t->slot[h[i] & (t->cap - 1)], 1);
	}
	for (size_t i = 0; i < n && i < ORIGINS_BATCH && r == 0; i++)
		r = tally_add(t, &ev[i], h[i]);
	return r;
}

int
origins_tally_merge(struct origins_tally *dst, const struct origins_tally *src)
{
	tally_key(dst);
	for (size_t i = 0; i < src->cap; i++) {
		const struct origins_seen *s = &src->slot[i];
		struct origins_event ev;
		struct origins_seen *d;
		uint64_t h, over = dst->over;

		if (s->addr.prefix == 0)
			continue;
		/* Insert with one event, then make the counts whole. */
		memset(&ev, 0, sizeof(ev));
		ev.addr = s->addr;
		h = addr_hash(dst, &s->addr);
		if (tally_add(dst, &ev, h) != 0)
			return HL_ENOMEM;
		if (dst->over != over) {
			dst->over += s->events - 1;	/* full: all over */
			continue;
		}
		d = slot_at(dst->slot, dst->cap, &s->addr, h);
		d->events += s->events - 1;
		dst->events += s->events - 1;
		if (s->first != 0 && (d->first == 0 || s->first < d->first))
			d->first = s->first;
		if (s->last > d->last)
			d->last = s->last;
	}
	if (src->over > 0 && dst->over_line == 0)
		dst->over_line = src->over_line;
	dst->over += src->over;
	return 0;
}

void
origins_tally_free(struct origins_tally *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
