/*
 * logtime: the times attack logs write, into seconds since the epoch.
 * Shared by origins and match, so that both read a log's times alike.
 */
#ifndef HL_LOGTIME_H
#define HL_LOGTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A web log's "10/Oct/2000:13:55:36 -0700" (after its '['), at p. */
bool logtime_web(const char *p, const char *end, int64_t *out);

/*
 * A web log line's time: the last "[...]" before the request's opening
 * quote. The fields before it (the user name, $remote_user) are the
 * client's to write; a time it writes there cannot stand for the
 * server's, which comes after them.
 */
bool logtime_web_line(const char *line, const char *end, int64_t *out);

/* "2026-11-27T10:00:00.123456+0000" (EVE's own form), or RFC 3339. */
bool logtime_iso(const char *s, int64_t *out);

/* "1521911799.739898" (Zeek's ts) into whole seconds. */
bool logtime_epoch(const char *p, size_t n, int64_t *out);

/*
 * A syslog time at p: "Nov 27 10:00:00" (no year: the latest year that
 * does not put it more than a day after now) or RFC 3339. *rest gets
 * what follows it.
 */
bool logtime_syslog(const char *p, const char *end, int64_t now,
    int64_t *out, const char **rest);

#endif
