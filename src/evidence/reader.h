/*
 * reader: log files as lines, for every front end that reads attack logs
 * (hotline origins; hotline match next). A file or stdin, gzip or not
 * (zlib reads both, so the magic decides), split into lines that go to a
 * callback with the file's name and the line's number; a big plain file
 * may be read by two threads, one per half, and is hashed (SHA-256, for
 * the provenance) beside the reading. Never prints, never exits: an error
 * is an int and a struct hl_diag whose path names the file.
 */
#ifndef HL_READER_H
#define HL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * The reading buffer of each part, and so the longest line held: a line
 * of READER_BUF bytes or more (its newline not counted) reaches the
 * callback once, as p NULL and len 0, and is not held. The formats'
 * own limit (HL_MAX_LOG_LINE) is lower and applied by their parser.
 */
#define READER_BUF		(1 << 18)

/* A plain file smaller than this is read by one thread: not worth two. */
#define READER_SPLIT_MIN	(64u << 20)

/* The first bytes of a file a split hook is shown, and the most read
 * after the middle to find the next line's start. */
#define READER_HEAD		(1 << 16)

struct reader;

/*
 * What a reading hands its lines to. Each line comes without its newline,
 * in file order within its part, numbered from 1 in that part: the second
 * part's lines follow all of the first's, whose count reader_lines()
 * gives once reader_read() returns. A file's last line counts without a
 * newline, unless the gzip stream ends short there. p points into the
 * reader's buffer, valid during the call only.
 */
struct reader_sink {
	/* A line; a non-zero return (an HL_E*) stops the reading. */
	int	(*line)(void *arg, const char *path, uint64_t lineno,
		    const char *p, size_t len);
	void	*arg[2];	/* line()'s, per part: [1] on its own thread */
	/*
	 * May a second thread start at the first line after the middle?
	 * Asked of a plain file of READER_SPLIT_MIN bytes or more, with up
	 * to READER_HEAD of its first bytes, when the reader was opened with
	 * two threads; NULL: never. What it sets up for the second part is
	 * its own to undo if the reading fails.
	 */
	bool	(*split)(void *arg, const char *head, size_t n);
	/*
	 * Now and then, from the first part's thread: about how many bytes
	 * of the file's size have been read. NULL: not asked.
	 */
	void	(*progress)(void *arg, const char *path, uint64_t done,
		    uint64_t size);
	void	*hook_arg;	/* split()'s and progress()'s */
};

/*
 * Opens path ("-" is stdin) for reading by up to threads threads (1 or
 * 2; with 2, a regular file is hashed on a third beside the reading).
 * path is borrowed: it must outlive the reader. HL_EIO (a file that is
 * not there or cannot be opened) or HL_ENOMEM, d's path naming the file
 * and its msg saying why (strerror, "out of memory").
 */
int reader_open(const char *path, int threads, struct reader **out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* The size the file had when opened; 0 for stdin. */
uint64_t reader_size(const struct reader *r);

/*
 * Reads the whole file into s: in one part, or in two if s->split says
 * so. Called again once a reading in two parts has succeeded, reads the
 * file again from its start in one part (so that what is counted in file
 * order can be); a stream read once (stdin, gzip) cannot be read again:
 * HL_EINVAL. Returns 0; what a line() returned; HL_EIO with d's msg
 * saying why ("truncated or corrupt gzip data after line N" for a stream
 * cut short, whose last line is then not handed over); HL_ENOMEM.
 */
int reader_read(struct reader *r, const struct reader_sink *s,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* The last reading's parts (1 or 2) and the lines of part i (0 or 1). */
int reader_parts(const struct reader *r);
uint64_t reader_lines(const struct reader *r, int part);

/*
 * The SHA-256 (64 hex digits) and size of the file as stored, waiting
 * for the hash to end if it runs beside the reading; "" and 0 for stdin.
 * HL_EIO with d's msg saying why if the file could not be read whole.
 */
int reader_hash(struct reader *r, char sha256[static 65], uint64_t *size,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Closes the file, waiting for the hash if it still runs; NULL-safe. */
void reader_close(struct reader *r);

#endif
