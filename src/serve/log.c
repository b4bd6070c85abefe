/*
 * The daemon's log. See log.h. Lines are written whole with one call, so
 * the HTTP thread's and the delivery loop's lines do not interleave.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "esc.h"
#include "log.h"
#include "proto.h"

static int verbosity;
static bool stamped = true;	/* lines begin with the time */

/*
 * Whether stderr is the journal's stream: systemd names it in
 * JOURNAL_STREAM as "device:inode" (systemd.exec(5)), and only a match
 * counts, since a child of a journald service inherits the variable
 * with stderr redirected elsewhere.
 */
static bool
to_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM"), *colon;
	char dev[32];
	int64_t d, i;
	struct stat sb;

	if (v == NULL || (colon = strchr(v, ':')) == NULL ||
	    (size_t)(colon - v) >= sizeof(dev))
		return false;
	memcpy(dev, v, (size_t)(colon - v));
	dev[colon - v] = '\0';
	if (!proto_int_parse(dev, 0, INT64_MAX, &d) ||
	    !proto_int_parse(colon + 1, 0, INT64_MAX, &i) ||
	    fstat(STDERR_FILENO, &sb) != 0)
		return false;
	return (uint64_t)d == (uint64_t)sb.st_dev &&
	    (uint64_t)i == (uint64_t)sb.st_ino;
}

void
log_init(int verbose)
{
	verbosity = verbose;
	/* The journal stamps each line itself; a file or a terminal not. */
	stamped = !to_journal();
}

/* "2026-12-01T12:00:00.123Z " into out, or "" if the clock fails. */
static void
stamp(char *out, size_t n)
{
	char t[PROTO_TIME_LEN];
	struct timespec ts;

	out[0] = '\0';
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return;
	proto_time_format((int64_t)ts.tv_sec, t);
	/* Milliseconds, so that lines of one second keep their order. */
	(void)snprintf(out, n, "%.19s.%03dZ ", t, (int)(ts.tv_nsec / 1000000));
}

static void vlog(const char *level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * One line, escaped whole: the format strings are ours and hold no
 * control character, so whatever esc_bytes() changes came from a peer
 * (a JSON member name, a problem detail, a header) and cannot end the
 * line, forge another or reach the terminal as an escape sequence.
 */
static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char line[2048], out[sizeof(line) + 64], when[40];
	size_t used, n, len;
	bool cut;
	int k;

	if ((k = vsnprintf(line, sizeof(line), fmt, ap)) < 0)
		return;
	cut = (size_t)k >= sizeof(line);
	n = cut ? sizeof(line) - 1 : (size_t)k;
	when[0] = '\0';
	if (stamped)
		stamp(when, sizeof(when));
	k = snprintf(out, sizeof(out), "%shotline serve: %s", when, level);
	if (k < 0 || (size_t)k >= sizeof(out))
		return;
	/* Room kept for "..." (cut short) and the newline. */
	used = esc_bytes(out + k, sizeof(out) - (size_t)k - 4, line, n, &len);
	len += (size_t)k;
	if (used < n || cut) {
		memcpy(out + len, "...", 3);
		len += 3;
	}
	out[len++] = '\n';
	(void)!write(STDERR_FILENO, out, len);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog("debug: ", fmt, ap);
	va_end(ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("fatal: ", fmt, ap);
	va_end(ap);
	exit(1);
}
