/*
 * origins: log lines to events, and the tally per address. See origins.h.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "limits.h"
#include "origins.h"
#include "proto.h"

const char *const origins_format_names[] = { "auto", "list", "web", "eve",
	NULL };

const char *const origins_skip_names[] = { "", "blank or comment",
	"no valid address", "not a line of the format", "line too long",
	"filtered out", NULL };

const char *const origins_skip_slugs[] = { "", "blank", "no_address",
	"malformed", "too_long", "filtered", NULL };

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
	for (int i = 0; i < len; i++) {
		int bit = 0x80 >> (i % 8);

		if ((a->b[i / 8] & bit) != (net[i / 8] & bit))
			return false;
	}
	return true;
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

/* Whether [p, p + n) holds the string s. */
static bool
strstr_n(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return true;
	return false;
}

enum origins_format
origins_detect(const char *line, size_t len)
{
	const char *end = line + len, *p = skip_space(line, end);
	struct origins_addr a;
	size_t n = token(p, end);

	if (p < end && *p == '{')
		return strstr_n(p, (size_t)(end - p), "\"event_type\"") ?
		    ORIGINS_EVE : ORIGINS_AUTO;
	if (!origins_addr_parse(p, n, &a))
		return ORIGINS_AUTO;
	p = skip_space(p + n, end);
	if (p == end || *p == '#')
		return ORIGINS_LIST;
	/* "addr ident user [time] ..." */
	return memchr(p, '[', (size_t)(end - p)) != NULL ? ORIGINS_WEB :
	    ORIGINS_AUTO;
}

/* Two decimal digits at p, or -1. */
static int
two(const char *p)
{
	return p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' ?
	    (p[0] - '0') * 10 + p[1] - '0' : -1;
}

/* "10/Oct/2000:13:55:36 -0700" into seconds; false if it is not one. */
static bool
web_time(const char *p, const char *end, int64_t *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char iso[PROTO_TIME_LEN + 8];
	const char *m;
	int sign, oh, om;

	if (end - p < 26 || p[2] != '/' || p[6] != '/' || p[11] != ':' ||
	    p[20] != ' ' || (p[21] != '+' && p[21] != '-'))
		return false;
	for (m = months; *m != '\0'; m += 3)
		if (memcmp(m, p + 3, 3) == 0)
			break;
	if (*m == '\0')
		return false;
	(void)snprintf(iso, sizeof(iso), "%.4s-%02d-%.2sT%.8sZ", p + 7,
	    (int)(m - months) / 3 + 1, p, p + 12);
	if (!proto_time_parse(iso, PROTO_TIME_STRICT, out))
		return false;
	sign = p[21] == '+' ? 1 : -1;
	if ((oh = two(p + 22)) < 0 || (om = two(p + 24)) < 0)
		return false;
	*out -= sign * (oh * 3600 + om * 60);
	return true;
}

static enum origins_skip
web_line(const char *p, const char *end, struct origins_event *ev)
{
	size_t n = token(p, end);
	const char *t;

	if (!origins_addr_parse(p, n, &ev->addr) || ev->addr.prefix != 128)
		return SKIP_NOT_ADDRESS;
	if ((t = memchr(p + n, '[', (size_t)(end - p - (ptrdiff_t)n))) == NULL ||
	    !web_time(t + 1, end, &ev->time))
		return SKIP_MALFORMED;
	return SKIP_NONE;
}

/* "2026-11-27T10:00:00.123456+0000" (EVE's own form), or RFC 3339. */
static bool
eve_time(const char *s, int64_t *out)
{
	char iso[PROTO_TIME_LEN + 8];
	const char *z;
	int sign, oh, om;

	if (strlen(s) < 20 || s[10] != 'T')
		return false;
	(void)snprintf(iso, sizeof(iso), "%.19sZ", s);
	if (!proto_time_parse(iso, PROTO_TIME_STRICT, out))
		return false;
	z = s + 19;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	if (strcmp(z, "Z") == 0)
		return true;
	if ((*z != '+' && *z != '-') || strlen(z) < 5)
		return false;
	sign = *z == '+' ? 1 : -1;
	oh = two(z + 1);
	om = two(z + (z[3] == ':' ? 4 : 3));	/* +01:00 or +0100 */
	if (oh < 0 || om < 0)
		return false;
	*out -= sign * (oh * 3600 + om * 60);
	return true;
}

static enum origins_skip
eve_line(const char *p, const char *end, struct origins_event *ev)
{
	json_t *o, *src;
	const char *ip, *ts, *type;
	enum origins_skip r = SKIP_NONE;

	if ((o = json_loadb(p, (size_t)(end - p), JSON_REJECT_DUPLICATES,
	    NULL)) == NULL || !json_is_object(o)) {
		json_decref(o);
		return SKIP_MALFORMED;
	}
	/* An alert that names its source (rule "target" keyword) says who. */
	src = json_object_get(json_object_get(json_object_get(o, "alert"),
	    "source"), "ip");
	ip = json_string_value(src != NULL ? src : json_object_get(o,
	    "src_ip"));
	ts = json_string_value(json_object_get(o, "timestamp"));
	type = json_string_value(json_object_get(o, "event_type"));
	if (type == NULL || ts == NULL || !eve_time(ts, &ev->time))
		r = SKIP_MALFORMED;
	else if (ip == NULL || !origins_addr_parse(ip, strlen(ip), &ev->addr) ||
	    ev->addr.prefix != 128)
		r = SKIP_NOT_ADDRESS;
	else
		(void)snprintf(ev->type, sizeof(ev->type), "%s", type);
	json_decref(o);
	return r;
}

enum origins_skip
origins_line(enum origins_format fmt, const char *line, size_t len,
    struct origins_event *ev)
{
	const char *end = line + len, *p;
	size_t n;

	memset(ev, 0, sizeof(*ev));
	if (len > HL_MAX_LOG_LINE)
		return SKIP_TOO_LONG;
	p = skip_space(line, end);
	if (p == end || *p == '#')
		return SKIP_BLANK;
	switch (fmt) {
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
	default:
		return SKIP_MALFORMED;
	}
}

static uint64_t
addr_hash(const struct origins_addr *a)
{
	uint64_t h = 1469598103934665603ULL;

	for (int i = 0; i < 16; i++)
		h = (h ^ a->b[i]) * 1099511628211ULL;
	return (h ^ a->prefix) * 1099511628211ULL;
}

static struct origins_seen *
slot_of(struct origins_seen *s, size_t cap, const struct origins_addr *a)
{
	size_t i = (size_t)addr_hash(a) & (cap - 1);

	while (s[i].addr.prefix != 0 && (s[i].addr.prefix != a->prefix ||
	    memcmp(s[i].addr.b, a->b, 16) != 0))
		i = (i + 1) & (cap - 1);
	return &s[i];
}

int
origins_tally_add(struct origins_tally *t, const struct origins_event *ev)
{
	struct origins_seen *s;

	if (t->n * 4 >= t->cap * 3) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct origins_seen *ns = calloc(cap, sizeof(*ns));

		if (ns == NULL)
			return HL_ENOMEM;
		for (size_t i = 0; i < t->cap; i++)
			if (t->slot[i].addr.prefix != 0)
				*slot_of(ns, cap, &t->slot[i].addr) = t->slot[i];
		free(t->slot);
		t->slot = ns;
		t->cap = cap;
	}
	s = slot_of(t->slot, t->cap, &ev->addr);
	if (s->addr.prefix == 0) {
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

void
origins_tally_free(struct origins_tally *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
