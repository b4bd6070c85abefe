/*
 * reader: plain and gzip files to numbered lines, a stream cut short, a
 * line too long to hold, a file that is not there, a big file read by two
 * threads (and again by one), and a callback that stops the reading.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "reader.h"
#include "sig.h"
#include "tutil.h"

/* What the callback saw: every line, joined with '|', and their numbers. */
struct seen {
	char		 text[4096];
	uint64_t	 lines, toolong, last;
	const char	*path;
	bool		 ordered;	/* each number one more than the last */
	int		 stop_at;	/* return HL_EINVAL at this line; 0: never */
};

static int
on_line(void *arg, const char *path, uint64_t lineno, const char *p,
    size_t len)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);

	s->path = path;
	s->ordered &= lineno == s->last + 1;
	s->last = lineno;
	s->lines++;
	if (p == NULL) {
		s->toolong++;
		(void)snprintf(s->text + n, sizeof(s->text) - n, "%s<long>",
		    n > 0 ? "|" : "");
	} else if (len < 64)
		(void)snprintf(s->text + n, sizeof(s->text) - n, "%s%.*s",
		    n > 0 ? "|" : "", (int)len, p);
	else
		(void)snprintf(s->text + n, sizeof(s->text) - n, "%s#%zu",
		    n > 0 ? "|" : "", len);
	return s->stop_at != 0 && (int)lineno == s->stop_at ? HL_EINVAL : 0;
}

static void
gz_write(const char *path, const void *p, size_t n)
{
	gzFile gz = gzopen(path, "wb");

	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, p, (unsigned)n), (int)n);
	assert_int_equal(gzclose(gz), Z_OK);
}

/* Reads path in one part into s; returns what reader_read() did. */
static int
read_all(const char *path, int threads, struct seen *s, struct hl_diag *d)
{
	struct reader_sink k = { .line = on_line, .arg = { s, s } };
	struct reader *r;
	int rc;

	memset(s->text, 0, sizeof(s->text));
	s->lines = s->toolong = s->last = 0;
	s->ordered = true;
	hl_diag_clear(d);
	assert_int_equal(reader_open(path, threads, &r, d), 0);
	rc = reader_read(r, &k, d);
	if (rc == 0)
		assert_int_equal(reader_lines(r, 0), s->lines);
	reader_close(r);
	return rc;
}

static void
test_plain_and_gzip(void **state)
{
	static const char text[] = "one\n\ntwo\r\nthree";	/* no last \n */
	char *dir = tu_tmpdir(), plain[256], gz[256], hex[65], want[65];
	struct seen s = { .stop_at = 0 };
	struct hl_diag d;
	struct reader *r;
	uint64_t size, wsize;

	(void)state;
	(void)snprintf(plain, sizeof(plain), "%s/a.log", dir);
	(void)snprintf(gz, sizeof(gz), "%s/a.log.gz", dir);
	tu_write(plain, text, strlen(text));
	gz_write(gz, text, strlen(text));
	for (int i = 0; i < 2; i++) {
		const char *path = i == 0 ? plain : gz;

		/* gzip by its magic, whatever the name says */
		assert_int_equal(read_all(path, 1 + i, &s, &d), 0);
		assert_string_equal(s.text, "one||two\r|three");
		assert_int_equal(s.lines, 4);
		assert_true(s.ordered);
		assert_string_equal(s.path, path);
		/* the hash is of the file as stored */
		assert_int_equal(reader_open(path, 2, &r, &d), 0);
		assert_int_equal(reader_hash(r, hex, &size, &d), 0);
		reader_close(r);
		assert_int_equal(sig_sha256_file(path, want, &wsize, NULL), 0);
		assert_string_equal(hex, want);
		assert_int_equal(size, wsize);
	}
	tu_rmrf(dir);
	free(dir);
}

/* Line i of the cut file's text. */
static void
nth(int i, char *out, size_t n)
{
	(void)snprintf(out, n, "%d.%d.%d.%d", i * 7919 % 251, i % 253,
	    i * 31 % 241, i % 199);
}

/* Each line whole: the one the text has there (a cut one is not). */
static int
on_whole(void *arg, const char *path, uint64_t lineno, const char *p,
    size_t len)
{
	uint64_t *whole = arg;
	char want[64];

	(void)path;
	nth((int)lineno - 1, want, sizeof(want));
	if (p != NULL && len == strlen(want) && memcmp(p, want, len) == 0)
		(*whole)++;
	return 0;
}

static void
test_truncated_gzip(void **state)
{
	char *dir = tu_tmpdir(), gz[256], cut[256], line[80];
	struct seen s = { .stop_at = 0 };
	uint64_t whole = 0;
	struct reader_sink k = { .line = on_whole, .arg = { &whole, &whole } };
	struct reader *r;
	struct hl_diag d;
	struct buf text;
	uint8_t *all;
	size_t n;

	(void)state;
	(void)snprintf(gz, sizeof(gz), "%s/full.gz", dir);
	(void)snprintf(cut, sizeof(cut), "%s/cut.gz", dir);
	/* Enough lines, of enough entropy, that the cut is mid-stream. */
	buf_init(&text, 1 << 20);
	for (int i = 0; i < 20000; i++) {
		nth(i, line, sizeof(line));
		(void)buf_printf(&text, "%s\n", line);
	}
	assert_int_equal(buf_err(&text), 0);
	gz_write(gz, text.p, text.len);
	buf_done(&text);
	all = tu_readfile(gz, &n);
	tu_write(cut, all, n / 2);
	free(all);
	assert_int_equal(read_all(cut, 1, &s, &d), HL_EIO);
	assert_string_equal(d.path, cut);
	(void)snprintf(line, sizeof(line), "truncated or corrupt gzip data "
	    "after line %llu", (unsigned long long)s.lines);
	assert_string_equal(d.msg, line);
	assert_true(s.lines > 0 && s.lines < 20000);
	assert_true(s.ordered);
	/* every line handed over is whole: the cut one is not among them */
	assert_int_equal(reader_open(cut, 1, &r, &d), 0);
	assert_int_equal(reader_read(r, &k, &d), HL_EIO);
	assert_int_equal(reader_lines(r, 0), s.lines);
	assert_int_equal(whole, s.lines);
	reader_close(r);
	tu_rmrf(dir);
	free(dir);
}

static void
test_too_long(void **state)
{
	char *dir = tu_tmpdir(), path[256];
	size_t n = 3 * READER_BUF;
	char *p = malloc(n);
	struct seen s = { .stop_at = 0 };
	struct hl_diag d;
	size_t at = 0;

	(void)state;
	assert_non_null(p);
	(void)snprintf(path, sizeof(path), "%s/long.log", dir);
	/* The longest line held, one too long, then a short one. */
	memset(p, 'a', READER_BUF - 1);
	at = READER_BUF - 1;
	p[at++] = '\n';
	memset(p + at, 'b', READER_BUF);
	at += READER_BUF;
	p[at++] = '\n';
	memcpy(p + at, "ok\n", 3);
	at += 3;
	tu_write(path, p, at);
	assert_int_equal(read_all(path, 1, &s, &d), 0);
	assert_int_equal(s.lines, 3);
	assert_int_equal(s.toolong, 1);
	/* the first (READER_BUF - 1 bytes) is held and handed over whole */
	assert_string_equal(s.text, "#262143|<long>|ok");
	assert_true(s.ordered);
	free(p);
	tu_rmrf(dir);
	free(dir);
}

static void
test_cannot_open(void **state)
{
	char *dir = tu_tmpdir(), path[256];
	struct hl_diag d;
	struct reader *r = (struct reader *)&d;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/not-there.log", dir);
	hl_diag_clear(&d);
	assert_int_equal(reader_open(path, 2, &r, &d), HL_EIO);
	assert_null(r);
	assert_string_equal(d.path, path);
	assert_string_equal(d.msg, "No such file or directory");
	tu_rmrf(dir);
	free(dir);
}

static void
test_stop(void **state)
{
	char *dir = tu_tmpdir(), path[256];
	struct seen s = { .stop_at = 2 };
	struct hl_diag d;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/a.log", dir);
	tu_write(path, "1\n2\n3\n4\n", 8);
	assert_int_equal(read_all(path, 1, &s, &d), HL_EINVAL);
	assert_string_equal(s.text, "1|2");
	tu_rmrf(dir);
	free(dir);
}

/* The split hook: counts its calls, and says yes if the head is ours. */
static bool
may_split(void *arg, const char *head, size_t n)
{
	int *calls = arg;

	(*calls)++;
	return n >= 8 && memcmp(head, "00000001", 8) == 0;
}

/* Each line is its own number: a part's lines say where they are. */
struct numbered {
	uint64_t	 first, lines;	/* the part's first line's number */
	bool		 ok;		/* each the one before plus one */
};

static int
on_numbered(void *arg, const char *path, uint64_t lineno, const char *p,
    size_t len)
{
	struct numbered *u = arg;
	uint64_t v = strtoull(p, NULL, 10);

	(void)path;
	if (lineno == 1)
		u->first = v;
	u->ok &= len == 8 && v == u->first + lineno - 1;
	u->lines++;
	return 0;
}

static void
test_two_threads(void **state)
{
	char *dir = tu_tmpdir(), path[256];
	struct numbered u[2] = { { 0, 0, true }, { 0, 0, true } };
	struct reader_sink k = { .line = on_numbered, .arg = { &u[0], &u[1] },
	    .split = may_split };
	uint64_t n = READER_SPLIT_MIN / 9 + 1000;
	struct hl_diag d;
	struct reader *r;
	int calls = 0;
	FILE *f;

	(void)state;
	k.hook_arg = &calls;
	(void)snprintf(path, sizeof(path), "%s/big.log", dir);
	assert_non_null(f = fopen(path, "w"));
	for (uint64_t i = 1; i <= n; i++)
		(void)fprintf(f, "%08llu\n", (unsigned long long)i);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(reader_open(path, 2, &r, &d), 0);
	assert_int_equal(reader_read(r, &k, &d), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(reader_parts(r), 2);
	/* The halves meet at a line start, and cover every line once. */
	assert_true(u[0].ok && u[1].ok);
	assert_int_equal(u[0].first, 1);
	assert_int_equal(u[0].lines, reader_lines(r, 0));
	assert_int_equal(u[1].first, reader_lines(r, 0) + 1);
	assert_int_equal(reader_lines(r, 0) + reader_lines(r, 1), n);
	/* Again: one part, from the start, the hook not asked. */
	memset(u, 0, sizeof(u));
	u[0].ok = u[1].ok = true;
	assert_int_equal(reader_read(r, &k, &d), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(reader_parts(r), 1);
	assert_true(u[0].ok);
	assert_int_equal(u[0].lines, n);
	assert_int_equal(u[1].lines, 0);
	reader_close(r);
	/* A head the hook refuses, or one thread: read whole, by zlib. */
	for (int threads = 1; threads <= 2; threads++) {
		k.split = threads == 2 ? NULL : may_split;
		memset(u, 0, sizeof(u));
		u[0].ok = true;
		assert_int_equal(reader_open(path, threads, &r, &d), 0);
		assert_int_equal(reader_read(r, &k, &d), 0);
		assert_int_equal(reader_parts(r), 1);
		assert_int_equal(u[0].lines, n);
		/* a stream is read once */
		assert_int_equal(reader_read(r, &k, &d), HL_EINVAL);
		reader_close(r);
	}
	assert_int_equal(calls, 1);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_gzip),
		cmocka_unit_test(test_truncated_gzip),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_cannot_open),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
