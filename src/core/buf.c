/*
 * Capped growable buffer. See buf.h for the contract.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

void
buf_init(struct buf *b, size_t max)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = 0;
}

void
buf_done(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int
buf_fail(struct buf *b, int err)
{
	buf_done(b);
	b->err = err;
	return err;
}

/* Makes room for n more bytes plus the terminating NUL. */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;
	uint8_t *p;

	if (n > b->max || b->len > b->max - n)
		return buf_fail(b, HL_ETOOBIG);
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = (cap > SIZE_MAX / 2) ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	if ((p = realloc(b->p, cap)) == NULL)
		return buf_fail(b, HL_ENOMEM);
	b->p = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->err)
		return b->err;
	if (buf_grow(b, n) != 0)
		return b->err;
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
buf_prealloc(struct buf *b, size_t n)
{
	size_t len = b->len;

	if (n > b->max)
		n = b->max;
	if (n <= len || b->err)
		return b->err;
	if (buf_grow(b, n - len) != 0)
		return b->err;
	return 0;
}

uint8_t *
buf_reserve(struct buf *b, size_t n)
{
	uint8_t *at;

	if (b->err || buf_grow(b, n) != 0)
		return NULL;
	at = b->p + b->len;
	b->len += n;
	b->p[b->len] = '\0';
	return at;
}

int
buf_addc(struct buf *b, char c)
{
	/* Serializers call this per separator: skip the general path. */
	if (!b->err && b->len + 2 <= b->cap && b->len < b->max) {
		b->p[b->len++] = (uint8_t)c;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_add(b, &c, 1);
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return buf_fail(b, HL_EINVAL);
	if (buf_grow(b, (size_t)n) != 0)
		return b->err;
	va_start(ap, fmt);
	(void)vsnprintf((char *)b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_err(const struct buf *b)
{
	return b->err;
}

const char *
buf_str(const struct buf *b)
{
	return (b->p != NULL && !b->err) ? (const char *)b->p : "";
}

int
buf_line(struct buf *b, void (*line)(void *, const char *), void *arg)
{
	int r = b->err;

	if (r == 0)
		line(arg, buf_str(b));
	buf_clear(b);
	return r;
}

uint8_t *
buf_steal(struct buf *b, size_t *len)
{
	uint8_t *p;

	if (b->err)
		return NULL;
	if (b->p == NULL && buf_grow(b, 0) != 0)
		return NULL;
	if (b->p != NULL)
		b->p[b->len] = '\0';
	p = b->p;
	if (len != NULL)
		*len = b->len;
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
