/*
 * The failed-login limit, one code for every password the daemon checks
 * (the TAXII site's Basic credentials, the console's login): per client
 * address (an IPv6 one by its /64, as http.c's source_of() says it), at
 * most HL_TAXII_FAILS failures within HL_TAXII_FAIL_WINDOW_MS are
 * checked, in a table of HL_TAXII_FAIL_ADDRS addresses. Argon2id is what
 * a stranger would make the node compute: past the limit nothing is.
 * Not thread-safe: one table per site, used by its one thread.
 */
#ifndef HL_FAILS_H
#define HL_FAILS_H

#include <stdbool.h>
#include <stdint.h>

struct fails;

/*
 * The source a console login's failure counts against, for a client
 * address (http.c's c->from): every loopback address is one source,
 * "loopback". On the
 * console's default 127.0.0.1 any local user can connect from any of
 * 127.0.0.0/8, and would otherwise guess at 5 tries per address without
 * end; the price is that a local user's guesses hold up every local
 * operator's login for a minute, as they would from one address. The
 * TAXII site, for tools on other hosts, counts each address alone.
 */
const char *fails_source(const char *from);

/* An empty table; NULL if out of memory. */
struct fails *fails_new(void);

/* Frees; NULL is fine. */
void fails_free(struct fails *f);

/*
 * Whether from may have a password checked at now (ms, monotonic): not
 * while its last HL_TAXII_FAILS failures all fall within the window;
 * *retry is then the seconds until the oldest of them leaves it.
 */
bool fails_allow(struct fails *f, const char *from, int64_t now,
    int64_t *retry);

/*
 * Counts a failed check against from at now. A new address takes a free
 * entry, or one whose failures have all left the window, or else the one
 * whose last failure is the oldest: the table stays bounded, and what it
 * forgets first is who stopped trying first.
 */
void fails_add(struct fails *f, const char *from, int64_t now);

#endif
