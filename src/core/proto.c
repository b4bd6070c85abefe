/*
 * Protocol vocabulary and time forms. See proto.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "limits.h"
#include "proto.h"

const char *const proto_type_names[MSG_TYPE_COUNT + 1] = {
	"request", "response", "notice", "query", "ping", "pong",
	"escalation", "contact-check", "contact-ack", NULL
};

const char *const proto_tier_names[TIER_COUNT + 1] = {
	"cert", "nrrc", "policy", NULL
};

const char *const proto_tlp_names[TLP_COUNT + 1] = {
	"clear", "green", "amber", "amber+strict", "red", NULL
};

const char *const proto_state_names[MSTATE_COUNT + 1] = {
	"queued", "delivered", "received", "overdue", "escalated",
	"answered-interim", "answered-final", "withdrawn", "answered", NULL
};

bool
proto_msg_state_parse(const char *s, enum msg_state *out)
{
	int i = proto_lookup(proto_state_names, s);

	if (i < 0)
		return false;
	*out = (enum msg_state)i;
	return true;
}

int
proto_lookup(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
proto_party_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > HL_MAX_PARTY_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || is_digit(s[i]) ||
		    s[i] == '.' || s[i] == '-'))
			return false;
	return s[0] != '.' && s[0] != '-' && s[n - 1] != '.' &&
	    s[n - 1] != '-';
}

bool
proto_state_valid(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    s[1] >= 'A' && s[1] <= 'Z';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool
expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

bool
proto_time_parse(const char *s, int flags, int64_t *out)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;

	if (!digits(&p, 4, &y) || !expect(&p, '-') || !digits(&p, 2, &mo) ||
	    !expect(&p, '-') || !digits(&p, 2, &d) || !expect(&p, 'T') ||
	    !digits(&p, 2, &h) || !expect(&p, ':') || !digits(&p, 2, &mi) ||
	    !expect(&p, ':') || !digits(&p, 2, &sec))
		return false;
	if (!(flags & PROTO_TIME_STRICT) && *p == '.') {
		p++;
		if (!is_digit(*p))
			return false;
		for (int i = 0; is_digit(*p); p++, i++)
			if (i >= 9)
				return false;
	}
	if (*p == 'Z')
		p++;
	else if (!(flags & PROTO_TIME_STRICT) && (*p == '+' || *p == '-')) {
		sign = *p++ == '+' ? 1 : -1;
		if (!digits(&p, 2, &oh) || !expect(&p, ':') ||
		    !digits(&p, 2, &om) || oh > 23 || om > 59)
			return false;
	} else
		return false;
	if (*p != '\0' || !proto_civil(y, mo, d, h, mi, sec, out))
		return false;
	*out -= sign * (oh * 3600 + om * 60);
	return true;
}

bool
proto_civil(int y, int mo, int d, int h, int mi, int sec, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || sec < 0 || sec > 59)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return true;
}

int
proto_year(int64_t t)
{
	int64_t y;
	int m, d;

	civil_from_days((t >= 0 ? t : t - 86399) / 86400, &y, &m, &d);
	return (int)y;
}

void
proto_time_format(int64_t t, char out[static PROTO_TIME_LEN])
{
	int64_t days = t / 86400, rem = t % 86400, y;
	char tmp[64];
	int m, d;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	/* Parsed times have four-digit years; cut anything wider. */
	(void)snprintf(tmp, sizeof(tmp), "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	    (long long)y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
	    (int)(rem % 60));
	(void)snprintf(out, PROTO_TIME_LEN, "%.20s", tmp);
}

bool
proto_duration_parse(const char *s, int64_t *secs)
{
	const int64_t max = 10LL * 366 * 86400;
	int64_t total = 0;

	if (*s == '\0')
		return false;
	while (*s != '\0') {
		int64_t v = 0, unit;

		if (!is_digit(*s))
			return false;
		for (; is_digit(*s); s++) {
			v = v * 10 + (*s - '0');
			if (v > max)
				return false;
		}
		switch (*s++) {
		case 'w': unit = 7 * 86400; break;
		case 'd': unit = 86400; break;
		case 'h': unit = 3600; break;
		case 'm': unit = 60; break;
		case 's': unit = 1; break;
		default: return false;
		}
		if (v > (max - total) / unit)
			return false;
		total += v * unit;
	}
	if (total == 0)
		return false;
	*secs = total;
	return true;
}

bool
proto_int_parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, lim;

	if (*s == '-' && min < 0) {
		neg = true;
		s++;
	}
	if (!is_digit(*s))
		return false;
	lim = neg ? (uint64_t)(-(min + 1)) + 1 : (uint64_t)max;
	for (; is_digit(*s); s++) {
		uint64_t dg = (uint64_t)(*s - '0');

		if (v > (lim - dg) / 10)
			return false;
		v = v * 10 + dg;
	}
	if (*s != '\0')
		return false;
	/* -(v - 1) - 1 reaches INT64_MIN without overflowing. */
	if (neg && v > 0)
		*out = -(int64_t)(v - 1) - 1;
	else
		*out = (int64_t)v;
	return *out >= min && *out <= max;
}

json_t *
proto_time_json(int64_t t)
{
	char s[PROTO_TIME_LEN];

	if (t == 0)
		return json_null();
	proto_time_format(t, s);
	return json_string(s);
}

int64_t
proto_mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
