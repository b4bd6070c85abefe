/*
 * logtime: the times attack logs write, into seconds since the epoch, for
 * every reader of them (origins, match). Each parser takes what its format
 * writes and nothing else: false for anything it cannot read whole.
 */
#include <stdio.h>
#include <string.h>

#include "logtime.h"
#include "proto.h"

/* Two decimal digits at p, or -1. */
static int
two(const char *p)
{
	return p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' ?
	    (p[0] - '0') * 10 + p[1] - '0' : -1;
}

/* "10/Oct/2000:13:55:36 -0700" into seconds; false if it is not one. */
bool
logtime_web(const char *p, const char *end, int64_t *out)
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

/* "2026-11-27T10:00:00.123456+0000" (EVE's own form), or RFC 3339. */
bool
logtime_iso(const char *s, int64_t *out)
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
	return v > 0;
}

/*
 * A syslog time: "Nov 27 10:00:00" (no year: the latest year that does
 * not put it more than a day after now) or RFC 3339. *rest gets what
 * follows it.
 */
bool
logtime_syslog(const char *p, const char *end, int64_t now, int64_t *out,
    const char **rest)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char iso[PROTO_TIME_LEN + 40], y[PROTO_TIME_LEN];
	const char *m;
	size_t n;

	if (end - p > 19 && p[4] == '-' && p[10] == 'T') {
		for (n = 0; p + n < end && p[n] != ' ' && p[n] != '\t' &&
		    p[n] != '\r'; n++)
			;
		if (n >= sizeof(iso) - 1)
			return false;
		(void)snprintf(iso, sizeof(iso), "%.*s", (int)n, p);
		*rest = p + n;
		return logtime_iso(iso, out);
	}
	if (end - p < 16 || p[3] != ' ' || p[6] != ' ' || p[9] != ':' ||
	    p[12] != ':')
		return false;
	for (m = months; *m != '\0'; m += 3)
		if (memcmp(m, p, 3) == 0)
			break;
	if (*m == '\0')
		return false;
	proto_time_format(now, y);
	for (int back = 0; back < 2; back++) {
		(void)snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%.8sZ",
		    (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 +
		    (y[3] - '0') - back, (int)(m - months) / 3 + 1,
		    (p[4] == ' ' ? 0 : p[4] - '0') * 10 + p[5] - '0', p + 7);
		if (!proto_time_parse(iso, PROTO_TIME_STRICT, out))
			return false;
		if (*out <= now + 86400)
			break;
	}
	*rest = p + 15;
	return true;
}
