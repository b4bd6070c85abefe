/*
 * Helpers shared by the commands. See cli.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "esc.h"

static void vout(FILE *f, const char *prefix, bool nl, const char *fmt,
    va_list ap) __attribute__((format(printf, 4, 0)));

/*
 * Formats into a buffer of its own and writes it to f escaped, with
 * prefix (ours) before it and a newline after: always if nl, else only
 * for a newline that ends fmt itself (so the output's last byte is
 * fmt's). Past the cap the text is cut short and says so.
 */
static void
vout(FILE *f, const char *prefix, bool nl, const char *fmt, va_list ap)
{
	size_t flen = strlen(fmt);
	bool own_nl = flen > 0 && fmt[flen - 1] == '\n';
	struct buf raw, out;
	va_list aq;
	int k;

	buf_init(&raw, CLI_MAX_OUT);
	buf_init(&out, CLI_MAX_OUT * ESC_MAX_EXPANSION + 8);
	va_copy(aq, ap);
	k = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (k >= 0 && (size_t)k >= CLI_MAX_OUT)
		k = CLI_MAX_OUT - 1;
	if (k >= 0 && buf_reserve(&raw, (size_t)k) != NULL) {
		(void)vsnprintf((char *)raw.p, (size_t)k + 1, fmt, ap);
		(void)buf_adds(&out, prefix);
		if (raw.len == CLI_MAX_OUT - 1) {
			(void)!esc_buf(&out, raw.p, raw.len);
			(void)buf_adds(&out, "...");
			nl |= own_nl;
		} else if (own_nl && raw.len > 0) {
			(void)!esc_buf(&out, raw.p, raw.len - 1);
			nl = true;
		} else
			(void)!esc_buf(&out, raw.p, raw.len);
	} else
		(void)buf_printf(&out, "%s(out of memory)", prefix);
	if (nl)
		(void)buf_addc(&out, '\n');
	if (buf_err(&out) == 0)
		(void)fwrite(out.p, 1, out.len, f);
	buf_done(&raw);
	buf_done(&out);
}

void
cli_err(const char *cmd, const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	(void)snprintf(prefix, sizeof(prefix), "hotline %s: ", cmd);
	va_start(ap, fmt);
	vout(stderr, prefix, true, fmt, ap);
	va_end(ap);
}

void
cli_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vout(stdout, "", false, fmt, ap);
	va_end(ap);
}

void
cli_print_lines(const char *text)
{
	size_t len;

	for (const char *p = text; *p != '\0'; p += len + 1) {
		len = strcspn(p, "\n");
		cli_printf("%.*s\n", (int)len, p);
		if (p[len] == '\0')
			break;
	}
}

int
cli_write_exact(const char *cmd, const void *p, size_t n)
{
	bool clean;
	int r;

	if (!isatty(STDOUT_FILENO))
		return fwrite(p, 1, n, stdout) == n && fflush(stdout) == 0 ?
		    0 : 1;
	/* A terminal would run what it holds: shown escaped, and said. */
	if ((clean = esc_is_clean(p, n)))
		r = fwrite(p, 1, n, stdout) == n ? 0 : 1;
	else
		r = cli_write_text(stdout, p, n);
	if (r == 0 && (fputc('\n', stdout) == EOF || fflush(stdout) != 0))
		r = 1;
	/* After the bytes, which stdout's buffer would otherwise hold back. */
	if (!clean)
		cli_err(cmd, "stdout is a terminal: control characters and "
		    "invalid UTF-8 shown escaped; redirect stdout for the exact "
		    "bytes");
	return r;
}

int
cli_write_text(FILE *f, const void *p, size_t n)
{
	struct buf out;
	int r;

	buf_init(&out, n * ESC_MAX_EXPANSION + 1);
	r = esc_buf(&out, p, n) == 0 && fwrite(out.p, 1, out.len, f) ==
	    out.len ? 0 : 1;
	buf_done(&out);
	return r;
}

void
cli_diag(const char *cmd, const char *what, int err, const struct hl_diag *d)
{
	char msg[800];

	hl_diag_format(d, err, msg, sizeof(msg));
	if (what != NULL)
		cli_err(cmd, "%s: %s", what, msg);
	else
		cli_err(cmd, "%s", msg);
}

int
cli_usage(const char *usage, int code)
{
	(void)fprintf(code == 0 ? stdout : stderr, "usage: %s\n", usage);
	return code;
}

bool
cli_when(const char *s, int64_t *out)
{
	char t[PROTO_TIME_LEN + 16];

	if (strlen(s) == 10) {
		(void)snprintf(t, sizeof(t), "%sT00:00:00Z", s);
		s = t;
	}
	return proto_time_parse(s, 0, out);
}

bool
cli_time_rel(const char *s, int64_t now, int sign, int64_t *out)
{
	int64_t secs;

	if (proto_duration_parse(s, &secs)) {
		*out = sign > 0 ? now + secs : now - secs;
		return true;
	}
	return cli_when(s, out);
}

int
cli_write(const char *cmd, const char *path, const void *p, size_t n)
{
	char tmp[4200];
	FILE *fp;
	int fd;

	/* A new name beside it, then rename: path is whole or untouched. */
	(void)snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		cli_err(cmd, "%s: cannot write: %s", tmp, strerror(errno));
		if (fd >= 0)
			(void)close(fd);
		return 1;
	}
	if (fwrite(p, 1, n, fp) != n || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		cli_err(cmd, "%s: cannot write: %s", path, strerror(errno));
		(void)fclose(fp);
		(void)unlink(tmp);
		return 1;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		cli_err(cmd, "%s: cannot write: %s", path, strerror(errno));
		(void)unlink(tmp);
		return 1;
	}
	return 0;
}

int
cli_read(const char *cmd, const char *path, struct buf *out)
{
	uint8_t chunk[16384];
	struct stat sb;
	ssize_t n;
	int fd, r = 1;
	bool is_stdin = strcmp(path, "-") == 0;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_err(cmd, "%s: %s", path, strerror(errno));
		return 1;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cli_err(cmd, "%s: is a directory", path);
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_err(cmd, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (buf_add(out, chunk, (size_t)n) != 0) {
			if (buf_err(out) == HL_ETOOBIG)
				cli_err(cmd, "%s: larger than %zu bytes", path,
				    out->max);
			else
				cli_err(cmd, "%s: out of memory", path);
			goto out;
		}
	}
	/* An empty file still reads as an empty, NUL-terminated buffer. */
	r = buf_reserve(out, 0) == NULL ? 1 : 0;
out:
	if (!is_stdin)
		(void)close(fd);
	return r;
}

bool cli_json;

const char *
cli_cmd(const char *argv0)
{
	const char *sp = strchr(argv0, ' ');

	return sp != NULL ? sp + 1 : argv0;
}

json_t *
cli_problem(int err, const struct hl_diag *d)
{
	char msg[800];
	json_t *o;

	hl_diag_format(d, err, msg, sizeof(msg));
	/* The text may hold a file's bytes that are not UTF-8. */
	if ((o = json_pack("{s:s, s:s}", "type", hl_errslug(err), "detail",
	    cli_utf8(msg) ? msg : hl_strerror(err))) == NULL)
		return NULL;
	if (d != NULL && ((d->path[0] != '\0' && json_object_set_new(o,
	    "field", json_string(d->path)) != 0) || (d->path[0] == '\0' &&
	    d->offset >= 0 && json_object_set_new(o, "offset",
	    json_integer(d->offset)) != 0))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

bool
cli_utf8(const char *s)
{
	json_t *v = json_string(s);

	json_decref(v);
	return v != NULL;
}

int
cli_print_json(json_t *v)
{
	int r = 0;

	/* Part of it could not be built: no output rather than less. */
	if (v == NULL) {
		(void)fprintf(stderr, "hotline: cannot build the JSON output "
		    "(out of memory, or text that is not UTF-8)\n");
		return 1;
	}
	if (json_dumpf(v, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII) != 0)
		r = 1;
	(void)fputc('\n', stdout);
	json_decref(v);
	return r;
}

double
cli_mono(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cli_progress(void *arg, const char *name, uint64_t done, uint64_t size)
{
	double t, rate;
	char path[256];

	/* A file's name may hold anything; the \r and \n here are ours. */
	(void)esc_bytes(path, sizeof(path), name, strlen(name), NULL);
	t = cli_mono() - *(double *)arg;
	rate = done / (t > 1e-3 ? t : 1e-3);
	(void)fprintf(stderr, "\r%s: %.0f of %.0f MB, %.0f MB/s, %.0f s left  ",
	    path, done / 1e6, size / 1e6, rate / 1e6, rate > 0 &&
	    size > done ? (size - done) / rate : 0.0);
}

/*
 * One line of fd into pw (without its newline): its length, or -1 if it
 * is longer than HL_TAXII_PASSWORD_LEN. Read a byte at a time, so that
 * nothing of it stays in a stdio buffer and nothing after it is taken.
 */
static long
pw_line(int fd, char pw[static CLI_PW_BUF])
{
	size_t n = 0;
	ssize_t r;
	char c;

	for (;;) {
		do
			r = read(fd, &c, 1);
		while (r < 0 && errno == EINTR);
		if (r <= 0 || c == '\n')
			break;
		if (n == CLI_PW_BUF - 1)
			return -1;
		pw[n++] = c;
	}
	/* A line from Windows ends in CR LF. */
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	return n > HL_TAXII_PASSWORD_LEN ? -1 : (long)n;
}

/*
 * Asks on the terminal with echo off; -1 if it cannot, or too long. Echo
 * goes off (and what was typed ahead is dropped) before the prompt is
 * shown, so that nothing typed after it is echoed or lost.
 */
static long
pw_ask(const char *prompt, char pw[static CLI_PW_BUF])
{
	struct termios old, quiet;
	long n;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return -1;
	(void)fprintf(stderr, "%s", prompt);
	(void)fflush(stderr);
	n = pw_line(STDIN_FILENO, pw);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	(void)fprintf(stderr, "\n");
	return n;
}

int
cli_password(const char *cmd, const char *name, bool from_stdin,
    const char *hint, char pw[static CLI_PW_BUF], size_t *len)
{
	char again[CLI_PW_BUF];
	long n, m;
	int rc = 1;

	if (from_stdin)
		n = pw_line(STDIN_FILENO, pw);
	else if (!isatty(STDIN_FILENO)) {
		cli_err(cmd, "%s: no terminal to ask a password on: give %s",
		    name, hint);
		return 1;
	} else {
		n = pw_ask("Password: ", pw);
		m = n >= 0 ? pw_ask("Again: ", again) : -1;
		if (n >= 0 && m >= 0 && (n != m ||
		    sodium_memcmp(pw, again, (size_t)n) != 0)) {
			cli_err(cmd, "%s: the two passwords "
			    "differ", name);
			goto out;
		}
	}
	if (n < 0)
		cli_err(cmd, "%s: a password is at most %d bytes "
		    "on one line", name, HL_TAXII_PASSWORD_LEN);
	else if (n == 0)
		cli_err(cmd, "%s: an empty password", name);
	else {
		*len = (size_t)n;
		rc = 0;
	}
out:
	sodium_memzero(again, sizeof(again));
	return rc;
}
