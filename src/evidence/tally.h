/*
 * tally: attack logs into an origins tally, one file at a time. Each line
 * is an event or a skip counted with its reason, the first line of each
 * reason kept so a person can look; --since, --until and --event filter.
 * A file's count is the same whether one thread read it or two: past the
 * tally's cap the addresses counted are the first in file order.
 * Never prints, never exits.
 */
#ifndef HL_TALLY_H
#define HL_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "origins.h"

/* One input file, as the provenance names it. */
struct tally_input {
	const char		*path;		/* borrowed */
	uint64_t		 size;		/* as hashed; 0 for stdin */
	char			 sha256[65];	/* "" for stdin */
	enum origins_format	 format;	/* as detected or given */
	uint64_t		 lines, events;
	uint64_t		 skipped[SKIP_NREASONS];
	uint64_t		 first[SKIP_NREASONS];	/* line of the first */
	int			 parts;		/* 2: counted by two threads */
};

/* How files are read and what is counted. */
struct tally_opts {
	enum origins_format	 format;	/* ORIGINS_AUTO: per file */
	int64_t			 since, until;	/* [since, until); 0: open */
	const char		*event;		/* EVE event_type; NULL: any */
	int			 threads;	/* on a big plain file: 1 or 2 */
	int64_t			 now;		/* for years syslog omits */
	/* Now and then, from the reading thread; NULL: not asked. */
	void			(*progress)(void *arg, const char *path,
				    uint64_t done, uint64_t size);
	void			*arg;
};

/*
 * Reads in->path ("-" for stdin, gzip or not) into t, filling in's
 * counts, hash, size and format. in->path is borrowed. Returns 0; HL_EIO
 * or HL_ENOMEM with d's path naming the file and its msg saying why
 * (reader.h); t is then the caller's to free, its counts partial.
 */
int tally_file(const struct tally_opts *o, struct tally_input *in,
    struct origins_tally *t, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The cap on distinct addresses a run's tally is made with: s (digits,
 * from 1 to HL_MAX_ORIGINS_ADDRS) if given, for a test that fills it;
 * HL_MAX_ORIGINS_ADDRS if s is NULL or anything else. Never higher.
 */
size_t tally_cap(const char *s);

/*
 * Where a person should look in in: for each kind of fault skipped (no
 * address, malformed, too long), "PATH:LINE: reason (N lines)" naming the
 * first, each to line() without a newline.
 */
void tally_faults(const struct tally_input *in, void (*line)(void *arg,
    const char *text), void *arg);

#endif
