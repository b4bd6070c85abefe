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

#include "esc.h"
#include "log.h"

static int verbosity;

void
log_init(int verbose)
{
	verbosity = verbose;
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
	char line[2048], out[sizeof(line) + 32];
	size_t used, n, len;
	bool cut;
	int k;

	if ((k = vsnprintf(line, sizeof(line), fmt, ap)) < 0)
		return;
	cut = (size_t)k >= sizeof(line);
	n = cut ? sizeof(line) - 1 : (size_t)k;
	k = snprintf(out, sizeof(out), "hotline serve: %s", level);
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
