/*
 * reader: files to lines, by zlib or by byte ranges on two threads, with
 * the file's SHA-256 beside. See reader.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "reader.h"
#include "sig.h"

/* Where a part of a file comes from: zlib, or a byte range read as is. */
struct part {
	struct reader		*r;
	const struct reader_sink *s;
	void			*arg;		/* s->line()'s */
	gzFile			 gz;		/* NULL: r->fd, [off, end) */
	uint64_t		 off, end;
	bool			 whole;		/* one part: done is off */
	bool			 first;		/* reports progress */
	uint64_t		 lines;
	int			 n;		/* the last read: < 0 failed */
	struct hl_diag		 diag;		/* why, if it failed */
	int			 err;		/* what line() returned */
	char			*buf;
};

struct reader {
	const char	*path;		/* borrowed */
	int		 fd;		/* -1: stdin */
	int		 threads;
	uint64_t	 size;
	char		*buf[2];	/* READER_BUF each */
	bool		 streamed;	/* read once through zlib */
	bool		 split;		/* read in two parts so far */
	int		 parts;
	uint64_t	 lines[2];
	/* The hash, on a thread of its own or before the reading. */
	pthread_t	 hth;
	bool		 hashing;	/* hth to be joined */
	bool		 hashed;	/* the fields below are set */
	char		 sha256[65];
	uint64_t	 hsize;
	int		 hrc;		/* 0 or why not, in hd */
	struct hl_diag	 hd;
};

static int
fail(struct hl_diag *d, int err, const char *path, const char *why)
{
	return hl_diag_set(d, err, path, "%s", why);
}

static void *
hash_main(void *arg)
{
	struct reader *r = arg;

	/* The thread's errno stays in the thread: hd carries its text. */
	hl_diag_clear(&r->hd);
	r->hrc = sig_sha256_file(r->path, r->sha256, &r->hsize, &r->hd);
	r->hashed = true;
	return NULL;
}

int
reader_open(const char *path, int threads, struct reader **out,
    struct hl_diag *d)
{
	struct reader *r;
	struct stat sb;
	bool in = strcmp(path, "-") == 0;

	*out = NULL;
	if (!in && stat(path, &sb) != 0)
		return fail(d, HL_EIO, path, strerror(errno));
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return fail(d, HL_ENOMEM, path, "out of memory");
	/* Before anything can fail: reader_close() must not close stdin. */
	r->fd = -1;
	if ((r->buf[0] = malloc(READER_BUF)) == NULL ||
	    (r->buf[1] = malloc(READER_BUF)) == NULL) {
		reader_close(r);
		return fail(d, HL_ENOMEM, path, "out of memory");
	}
	r->path = path;
	r->threads = threads;
	r->parts = 1;
	if (in)
		goto done;
	r->size = (uint64_t)sb.st_size;
	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		int e = errno;

		reader_close(r);
		return fail(d, HL_EIO, path, strerror(e));
	}
	/* The provenance's hash, off the path of the counting. */
	r->hashing = threads > 1 &&
	    pthread_create(&r->hth, NULL, hash_main, r) == 0;
	if (!r->hashing)
		(void)hash_main(r);
done:
	*out = r;
	return 0;
}

uint64_t
reader_size(const struct reader *r)
{
	return r->size;
}

int
reader_parts(const struct reader *r)
{
	return r->parts;
}

uint64_t
reader_lines(const struct reader *r, int part)
{
	return part == 0 || part == 1 ? r->lines[part] : 0;
}

static int
part_read(struct part *p, char *buf, size_t n)
{
	ssize_t r;

	if (p->gz != NULL)
		return gzread(p->gz, buf, (unsigned)n);
	if (n > p->end - p->off)
		n = (size_t)(p->end - p->off);
	if (n == 0)
		return 0;
	if ((r = pread(p->r->fd, buf, n, (off_t)p->off)) > 0)
		p->off += (uint64_t)r;
	else if (r < 0)
		(void)hl_diag_set(&p->diag, HL_EIO, p->r->path, "%s",
		    strerror(errno));
	return (int)r;
}

static void
deliver(struct part *p, const char *line, size_t len)
{
	p->lines++;
	p->err = p->s->line(p->arg, p->r->path, p->lines, line, len);
}

/* Reads lines until the part ends, the reading fails or line() says. */
static void *
scan(void *arg)
{
	struct part *p = arg;
	bool skipping = false;
	size_t have = 0;

	while (p->err == 0 &&
	    (p->n = part_read(p, p->buf + have, READER_BUF - have)) > 0) {
		char *q = p->buf, *end = p->buf + have + p->n, *nl;

		while (p->err == 0 &&
		    (nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
			if (skipping)	/* the end of a line too long to hold */
				skipping = false;
			else
				deliver(p, q, (size_t)(nl - q));
			q = nl + 1;
		}
		have = (size_t)(end - q);
		if (p->err != 0)
			break;
		if (have == READER_BUF) {
			/* A line longer than the buffer: said once, skipped. */
			if (!skipping)
				deliver(p, NULL, 0);
			skipping = true;
			have = 0;
		} else
			memmove(p->buf, q, have);
		if (p->first && p->s->progress != NULL &&
		    (p->lines & 0xfffff) < 2048)
			p->s->progress(p->s->hook_arg, p->r->path, p->gz != NULL ?
			    (uint64_t)gzoffset(p->gz) : p->whole ? p->off :
			    p->off * 2, p->r->size);
	}
	/* Its last line, unless the stream was cut short (gzip says). */
	if (have > 0 && !skipping && p->err == 0 && p->n == 0) {
		int zerr = Z_OK;

		if (p->gz != NULL)
			(void)gzerror(p->gz, &zerr);
		if (zerr == Z_OK || zerr == Z_STREAM_END)
			deliver(p, p->buf, have);
	}
	return NULL;
}

/*
 * Where a second thread may start: the first line start after the
 * middle of a big plain file whose head s->split accepts; 0 if none.
 */
static uint64_t
split_point(struct reader *r, const struct reader_sink *s)
{
	char *head = r->buf[1], *nl;
	uint64_t mid;
	ssize_t n, h;

	if (r->threads < 2 || s->split == NULL || r->fd < 0 ||
	    r->size < READER_SPLIT_MIN ||
	    (h = pread(r->fd, head, READER_HEAD, 0)) < 2 ||
	    ((uint8_t)head[0] == 0x1f && (uint8_t)head[1] == 0x8b))
		return 0;
	mid = r->size / 2;
	if ((n = pread(r->fd, head + READER_HEAD, READER_HEAD,
	    (off_t)mid)) <= 0 || (nl = memchr(head + READER_HEAD, '\n', (size_t)n)) == NULL)
		return 0;
	mid += (uint64_t)(nl - (head + READER_HEAD)) + 1;
	return s->split(s->hook_arg, head, (size_t)h) ? mid : 0;
}

int
reader_read(struct reader *r, const struct reader_sink *s, struct hl_diag *d)
{
	struct part p[2];
	pthread_t th;
	uint64_t mid = 0;
	bool two = false;
	int zerr = Z_OK, rc = 0;

	if (r->streamed)
		return fail(d, HL_EINVAL, r->path, "read once already");
	memset(p, 0, sizeof(p));
	for (int i = 0; i < 2; i++)
		p[i] = (struct part){ .r = r, .s = s, .arg = s->arg[i],
		    .buf = r->buf[i] };
	p[0].first = true;
	if (!r->split)
		mid = split_point(r, s);
	if (mid > 0) {
		/* Big and plain: two threads, each on half of it. */
		p[0].end = mid;
		p[1].off = mid;
		p[1].end = r->size;
		two = pthread_create(&th, NULL, scan, &p[1]) == 0;
		if (!two) {
			p[0].end = r->size;
			p[0].whole = true;
		}
		r->split = true;
	} else if (r->split) {
		/* Again, after two parts: one, straight through. */
		p[0].end = r->size;
		p[0].whole = true;
	} else {
		int fd = dup(r->fd >= 0 ? r->fd : STDIN_FILENO);

		if (fd < 0 || (p[0].gz = gzdopen(fd, "rb")) == NULL) {
			int e = errno;

			if (fd >= 0)
				(void)close(fd);
			return fail(d, HL_EIO, r->path, strerror(e));
		}
		(void)gzbuffer(p[0].gz, 1 << 17);
		r->streamed = true;
	}
	(void)scan(&p[0]);
	if (two)
		(void)pthread_join(th, NULL);
	r->parts = two ? 2 : 1;
	r->lines[0] = p[0].lines;
	r->lines[1] = p[1].lines;
	if (p[0].gz != NULL) {
		/* A stream cut short: said, and its last line not counted. */
		(void)gzerror(p[0].gz, &zerr);
		if (p[0].n < 0 || (zerr != Z_OK && zerr != Z_STREAM_END))
			rc = hl_diag_set(d, HL_EIO, r->path, "%s after line %llu",
			    zerr == Z_BUF_ERROR || zerr == Z_DATA_ERROR ?
			    "truncated or corrupt gzip data" :
			    gzerror(p[0].gz, &zerr),
			    (unsigned long long)p[0].lines);
		(void)gzclose(p[0].gz);
	} else if (p[0].n < 0 || (two && p[1].n < 0))
		rc = fail(d, HL_EIO, r->path,
		    (p[0].n < 0 ? p[0].diag : p[1].diag).msg);
	if (rc == 0 && (p[0].err != 0 || p[1].err != 0))
		rc = p[0].err != 0 ? p[0].err : p[1].err;
	return rc;
}

int
reader_hash(struct reader *r, char sha256[static 65], uint64_t *size,
    struct hl_diag *d)
{
	sha256[0] = '\0';
	*size = 0;
	if (r->fd < 0)
		return 0;
	if (r->hashing) {
		(void)pthread_join(r->hth, NULL);
		r->hashing = false;
	}
	if (!r->hashed)
		return fail(d, HL_EIO, r->path, "not hashed");
	if (r->hrc != 0)
		return fail(d, r->hrc, r->path, r->hd.msg);
	memcpy(sha256, r->sha256, 65);
	*size = r->hsize;
	return 0;
}

void
reader_close(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->hashing)
		(void)pthread_join(r->hth, NULL);
	if (r->fd >= 0)
		(void)close(r->fd);
	free(r->buf[0]);
	free(r->buf[1]);
	free(r);
}
