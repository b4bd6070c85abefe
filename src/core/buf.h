/*
 * A growable byte buffer with a hard cap and a sticky error. Appending past
 * the cap, or failing to allocate, frees the contents and makes every later
 * append a no-op; the caller checks buf_err() once at the end. The contents
 * are always NUL-terminated (the NUL is not counted in len) so text can be
 * used as a C string.
 */
#ifndef HL_BUF_H
#define HL_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t	*p;	/* contents, NUL-terminated; NULL until first append */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* hard cap on len */
	int	 err;	/* 0, or the first HL_E* error; sticky */
};

/* Starts an empty buffer that will refuse to grow past max bytes. */
void buf_init(struct buf *b, size_t max);

/*
 * Allocates room for n bytes up front (at most the cap), for callers that
 * know the size they will reach; growth stays automatic either way.
 */
int buf_prealloc(struct buf *b, size_t n);

/* Frees the contents; the buffer may be reused after buf_init(). */
void buf_done(struct buf *b);

/* Empties the buffer (keeps the allocation, clears the error). */
void buf_clear(struct buf *b);

/* Appends; returns 0 or the (sticky) error: HL_ETOOBIG, HL_ENOMEM. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addc(struct buf *b, char c);
int buf_adds(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Appends n bytes of space and returns a pointer to them for the caller to
 * fill (NULL on error). The pointer is valid until the next append.
 */
uint8_t *buf_reserve(struct buf *b, size_t n);

/* The sticky error: 0 if every append so far succeeded. */
int buf_err(const struct buf *b) __attribute__((warn_unused_result));

/* The contents as a C string ("" when empty); borrowed from b. */
const char *buf_str(const struct buf *b);

/*
 * Hands the contents, as a C string, to line() unless b is in error, and
 * empties b for the next line; returns the error (0 if it was handed).
 * For output built a line at a time and written by the caller.
 */
int buf_line(struct buf *b, void (*line)(void *arg, const char *s),
    void *arg);

/*
 * Takes the contents out of the buffer: the caller frees the returned
 * pointer and the buffer is left empty. NULL if the buffer is in error.
 */
uint8_t *buf_steal(struct buf *b, size_t *len);

#endif
