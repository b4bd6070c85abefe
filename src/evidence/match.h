/*
 * match: a request's indicators found in local logs, exactly. Each line
 * of a log is one event; its values (Zeek fields and set elements, every
 * JSON string and number, the tokens of a text line) are shaped into
 * candidates (addresses, host names, URLs, e-mail addresses, digests) and
 * each candidate is looked up in hash sets built from the indicators:
 * domains by each label suffix, networks by each prefix length present.
 * The cost per byte does not grow with the number of indicators, and the
 * memory grows with the indicators, not with the logs. The rules are the
 * man page's (hotline.1, MATCHING) and match.c's comments. Never prints,
 * never exits.
 */
#ifndef HL_MATCH_H
#define HL_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "indicators.h"
#include "limits.h"

/* The first occurrences of an indicator kept, in file order. */
#define MATCH_WHERE	HL_MAX_FINDING_WHERE

/* How a file was read: the tokenizer its format needs. */
enum match_mode {
	MATCH_AUTO,		/* from the first meaningful line */
	MATCH_TEXT,		/* tokens of each line */
	MATCH_ZEEK,		/* Zeek TSV, by its headers */
	MATCH_JSON		/* one JSON object per line (EVE, Zeek JSON) */
};

struct match_set;

/*
 * The set of l's indicators, l borrowed for the set's life. HL_ENOMEM;
 * HL_EINVAL if a value is not in its type's canonical form (ind_parse()
 * gives only such values). Needs libsodium initialized (hl_init): the
 * hash sets are keyed at random, so that no indicator list can choose
 * values that collide.
 */
int match_set_new(const struct ind_list *l, struct match_set **out)
    __attribute__((warn_unused_result));
void match_set_free(struct match_set *s);

/* One input file: what the provenance says of it. */
struct match_input {
	const char	*path;		/* borrowed; "-" is stdin */
	size_t		 index;		/* path's place in match_json()'s
					   paths, which where names */
	uint64_t	 size;		/* as hashed; 0 for stdin */
	char		 sha256[65];	/* "" for stdin */
	const char	*format;	/* "eve", "zeek", "web", "text", ... */
	uint64_t	 lines;
	uint64_t	 events;	/* lines that were events */
	uint64_t	 blank;		/* empty lines, comments, headers */
	uint64_t	 malformed;	/* JSON lines that do not parse */
	uint64_t	 too_long;	/* over HL_MAX_LOG_LINE */
	uint64_t	 filtered;	/* events outside the window */
	uint64_t	 first_bad;	/* the line of the first malformed
					   or too long; 0: none */
	int64_t		 syslog_year;	/* from the file's mtime, if a line
					   needed it; 0: none did */
	int		 parts;		/* 2: read by two threads */
	bool		 binary;	/* a NUL byte: skipped, not read */
};

struct match_opts {
	int64_t		 since, until;	/* [since, until); 0: open */
	int		 threads;	/* on a big plain file: 1 or 2 */
	enum match_mode	 mode;		/* MATCH_AUTO: per file */
	/* Now and then, from the reading thread; NULL: not asked. */
	void		(*progress)(void *arg, const char *path,
			    uint64_t done, uint64_t size);
	void		*arg;
};

/*
 * Reads in->path (gzip or not, "-" for stdin) and counts into s each
 * indicator that occurs in its events, after those of the files read
 * before it. Returns 0; HL_EIO (cannot be read, truncated gzip: the
 * counts of what was read stay) or HL_ENOMEM, d's path naming the file.
 * A file with a NUL byte in its first block is binary: 0, in->binary set,
 * nothing counted.
 */
int match_file(const struct match_opts *o, struct match_set *s,
    struct match_input *in, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* What was found of indicator i (the list's order). */
struct match_seen {
	uint64_t	 count;		/* events it occurs in */
	int64_t		 first, last;	/* event times; 0: none had one */
	size_t		 nwhere;
	struct {
		size_t	 file;		/* the match_input's index */
		uint64_t line;
		char	 field[64];	/* "id.orig_h", "http.hostname",
					   "col 17" */
	}		 where[MATCH_WHERE];
};

const struct match_seen *match_seen(const struct match_set *s, size_t i);

/*
 * The findings of s as a response body's "findings" (each {indicator:
 * {type, value}, count, first_seen, last_seen, where}, in the list's
 * order; where's strings "PATH:LINE FIELD", PATH paths[the input's
 * index]), and "not_found" as [{type, value}]: into *found
 * and *missing, or NULL for ENOMEM.
 */
int match_json(const struct match_set *s, const char *const *paths,
    json_t **found, json_t **missing) __attribute__((warn_unused_result));

/*
 * One line's values as the tokenizer of mode m sees them, each to fn
 * with its field label, decoded; for tests and the fuzz target. head
 * holds the Zeek header lines (newline-ended) when m is MATCH_ZEEK, or
 * is NULL. A tap sees every value; the sets only those of a shape that
 * can be an indicator.
 */
void match_values(enum match_mode m, const char *head, size_t headlen,
    const char *line, size_t len, void (*fn)(void *arg, const char *v,
    size_t n, const char *field), void *arg);

#endif
