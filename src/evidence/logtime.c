/*
 * logtime: the times attack logs write, into seconds since the epoch, for
 * every reader of them (origins, match). Each parser takes what its format
 * writes and nothing else: false for anything it cannot read whole. They
 * run once per line of logs of gigabytes, so they read digits in place
 * and leave the checking of the date to proto_civil(), which is
 * proto_time_parse()'s.
 */
#include <string.h>

#include "logtime.h"
#include "proto.h"

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/*
 * 9999-12-31T23:59:59Z: an offset can take a time read as 1970 or 9999
 * past what RFC 3339 (and so a finding's first_seen) can write.
 */
#define LOGTIME_MAX	253402300799LL

static bool
in_range(int64_t t)
{
	return t >= 0 && t <= LOGTIME_MAX;
}

/* n decimal digits at p into *out; false if one is not a digit. */
static bool
dig(const char *p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + p[i] - '0';
	}
	*out = v;
	return true;
}

/* Two decimal digits at p, or -1. */
static int
two(const char *p)
{
	int v;

	return dig(p, 2, &v) ? v : -1;
}

/* "Nov" at p: 1 to 12, or 0. */
static int
month(const char *p)
{
	for (int i = 0; i < 12; i++)
		if (memcmp(months + 3 * i, p, 3) == 0)
			return i + 1;
	return 0;
}

/* "HH:MM:SS" at p. */
static bool
hms(const char *p, int *h, int *mi, int *s)
{
	return dig(p, 2, h) && p[2] == ':' && dig(p + 3, 2, mi) &&
	    p[5] == ':' && dig(p + 6, 2, s);
}

/* "10/Oct/2000:13:55:36 -0700" into seconds; false if it is not one. */
bool
logtime_web(const char *p, const char *end, int64_t *out)
{
	int y, mo, d, h, mi, s, sign, oh, om;

	if (end - p < 26 || p[2] != '/' || p[6] != '/' || p[11] != ':' ||
	    p[20] != ' ' || (p[21] != '+' && p[21] != '-'))
		return false;
	if ((mo = month(p + 3)) == 0 || !dig(p, 2, &d) || !dig(p + 7, 4, &y) ||
	    !hms(p + 12, &h, &mi, &s) || !proto_civil(y, mo, d, h, mi, s, out))
		return false;
	sign = p[21] == '+' ? 1 : -1;
	if ((oh = two(p + 22)) < 0 || (om = two(p + 24)) < 0)
		return false;
	*out -= sign * (oh * 3600 + om * 60);
	return in_range(*out);
}

bool
logtime_web_line(const char *line, const char *end, int64_t *out)
{
	const char *q = memchr(line, '"', (size_t)(end - line)), *b, *t = NULL;

	for (b = line; (b = memchr(b, '[', (size_t)((q ? q : end) - b))) !=
	    NULL; b++)
		t = b;
	return t != NULL && logtime_web(t + 1, end, out);
}

/* "2026-11-27T10:00:00.123456+0000" (EVE's own form), or RFC 3339. */
bool
logtime_iso(const char *s, int64_t *out)
{
	const char *z;
	int y, mo, d, h, mi, sec, sign, oh, om;

	if (strnlen(s, 20) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    !dig(s, 4, &y) || !dig(s + 5, 2, &mo) || !dig(s + 8, 2, &d) ||
	    !hms(s + 11, &h, &mi, &sec) ||
	    !proto_civil(y, mo, d, h, mi, sec, out))
		return false;
	z = s + 19;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	if (z[0] == 'Z' && z[1] == '\0')
		return true;
	if ((*z != '+' && *z != '-') || strnlen(z, 5) < 5)
		return false;
	sign = *z == '+' ? 1 : -1;
	oh = two(z + 1);
	om = two(z + (z[3] == ':' ? 4 : 3));	/* +01:00 or +0100 */
	if (oh < 0 || om < 0)
		return false;
	*out -= sign * (oh * 3600 + om * 60);
	return in_range(*out);
}

/* "1521911799.739898" (Zeek's ts) into whole seconds. */
bool
logtime_epoch(const char *p, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i = 0;

	for (; i < n && p[i] >= '0' && p[i] <= '9' && i < 12; i++)
		v = v * 10 + (p[i] - '0');
	if (i == 0 || (i < n && p[i] != '.'))
		return false;
	for (i++; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	*out = v;
	return v > 0 && v <= LOGTIME_MAX;
}

/* now's year, remembered: a log's lines all ask with the same now. */
static int
syslog_year(int64_t now)
{
	static __thread int64_t last = -1;
	static __thread int year;

	if (now != last) {
		year = proto_year(now);
		last = now;
	}
	return year;
}

bool
logtime_syslog(const char *p, const char *end, int64_t now, int64_t *out,
    const char **rest)
{
	char iso[64];
	int y, mo, d, h, mi, s;
	size_t n;

	if (end - p > 19 && p[4] == '-' && p[10] == 'T') {
		for (n = 0; p + n < end && p[n] != ' ' && p[n] != '\t' &&
		    p[n] != '\r'; n++)
			;
		if (n >= sizeof(iso) - 5)
			return false;
		memcpy(iso, p, n);
		iso[n] = '\0';
		*rest = p + n;
		return logtime_iso(iso, out);
	}
	if (end - p < 16 || p[3] != ' ' || p[6] != ' ' || p[9] != ':' ||
	    p[12] != ':')
		return false;
	if ((mo = month(p)) == 0 || !dig(p + 5, 1, &d) ||
	    !hms(p + 7, &h, &mi, &s))
		return false;
	if (p[4] != ' ') {
		int tens;

		if (!dig(p + 4, 1, &tens))
			return false;
		d += tens * 10;
	}
	y = syslog_year(now);
	/* The latest year that does not put it more than a day after now. */
	if (!proto_civil(y, mo, d, h, mi, s, out) || *out > now + 86400) {
		if (!proto_civil(y - 1, mo, d, h, mi, s, out))
			return false;
	}
	*rest = p + 15;
	return true;
}
