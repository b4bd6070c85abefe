/*
 * The daemon's log: one line per event on stderr, "hotline serve: what
 * key=value ...", with ids as msg=, peer=, seq=, leaf=, after its UTC
 * time ("2026-12-01T12:00:00.123Z ") unless stderr is the journal's
 * stream, which keeps its own. Only the daemon logs; the library never
 * does.
 */
#ifndef HL_LOG_H
#define HL_LOG_H

void log_init(int verbose);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
    __attribute__((noreturn));

#endif
