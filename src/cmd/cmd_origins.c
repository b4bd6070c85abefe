/*
 * hotline origins: attack logs to a table of source countries (or
 * autonomous systems), with the method beside the numbers: every input
 * file and database named with its SHA-256, every line counted as an
 * event or a skip with its reason. The same logs and database give the
 * same table to anyone.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "cli.h"
#include "enc.h"
#include "esc.h"
#include "geo.h"
#include "hl_version.h"
#include "origins.h"
#include "sig.h"
#include "svg.h"

static const char usage[] =
    "hotline origins FILE... [--format FORMAT] [--geo MMDB]\n"
    "               [--asn MMDB] [--by country|registered|asn]\n"
    "               [--count events|addresses]\n"
    "               [--since DATE] [--until DATE] [--event TYPE] [--top N]\n"
    "               [--json | --csv] [--svg FILE] [--request-to PEER]\n"
    "               [--threads 1|2] [--dir DIR]\n"
    "FORMAT: auto, list, web, eve, zeek, zeek-json, auth or csv";

struct opts {
	enum origins_format	 format;
	const char		*geo, *asn, *event, *svg, *peer;
	bool			 by_asn, by_registered, by_addresses, json, csv;
	int			 threads;	/* on a big plain file: 1 or 2 */
	int64_t			 since, until;
	long			 top;
};

/* One input file, as the provenance names it. */
struct input {
	const char		*path;
	uint64_t		 size;
	char			 sha256[65];
	enum origins_format	 format;
	uint64_t		 lines, events;
	uint64_t		 skipped[SKIP_NREASONS];
	uint64_t		 first[SKIP_NREASONS];	/* line of the first */
};

/* One row of the table: a country (or AS) and what came from it. */
struct row {
	char		key[160];	/* "RU", "unknown", "private", "AS64500" */
	char		org[128];	/* the AS's organisation */
	uint64_t	events, addresses;
	int64_t		first, last;
};

struct rows {
	struct row	*v;
	size_t		 n, cap;
};

static struct row *
row_for(struct rows *r, const char *key)
{
	struct row *p;

	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].key, key) == 0)
			return &r->v[i];
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;

		if ((p = realloc(r->v, cap * sizeof(*p))) == NULL)
			return NULL;
		r->v = p;
		r->cap = cap;
	}
	p = &r->v[r->n++];
	memset(p, 0, sizeof(*p));
	(void)snprintf(p->key, sizeof(p->key), "%s", key);
	return p;
}

/* The SHA-256 of a file as stored, computed beside the reading of it. */
struct hashjob {
	const char	*path;
	char		 sha256[65];
	uint64_t	 size;
	int		 rc, err;
};

static void *
hash_main(void *arg)
{
	struct hashjob *h = arg;

	h->rc = sig_sha256_file(h->path, h->sha256, &h->size);
	h->err = errno;
	return NULL;
}

/* Progress on a terminal: bytes read, rate, time left. */
static void
progress(const struct input *in, uint64_t done, double t0, bool last)
{
	struct timespec ts;
	double now, rate;
	char path[256];

	/* A file's name may hold anything; the \r and \n here are ours. */
	(void)esc_bytes(path, sizeof(path), in->path, strlen(in->path), NULL);
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	rate = done / (now - t0 > 1e-3 ? now - t0 : 1e-3);
	(void)fprintf(stderr, "\r%s: %.0f of %.0f MB, %.0f MB/s, %.0f s left  "
	    "%s", path, done / 1e6, in->size / 1e6, rate / 1e6,
	    rate > 0 && in->size > done ? (in->size - done) / rate : 0.0,
	    last ? "\n" : "");
}

/* Where a part of a file comes from: zlib, or a byte range read as is. */
struct part {
	gzFile		gz;		/* NULL: fd, [off, end) */
	int		fd;
	uint64_t	off, end;
};

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
	if ((r = pread(p->fd, buf, n, (off_t)p->off)) > 0)
		p->off += (uint64_t)r;
	return (int)r;
}

/* One thread's share of a file: its part, its parser, its counts. */
struct job {
	const struct opts	*o;
	struct input		 in;
	struct origins_parser	 z;
	struct origins_tally	 t;
	struct part		 part;
	bool			 tty;
	double			 t0;
	int			 n, err;	/* the last read; HL_ENOMEM */
	char			*buf;
	struct origins_event	 ev[ORIGINS_BATCH];	/* to be counted */
	size_t			 nev;
};

static void
flush(struct job *j)
{
	if (j->nev > 0 && origins_tally_add_many(&j->t, j->ev, j->nev) != 0)
		j->err = HL_ENOMEM;
	j->nev = 0;
}

/* One line: an event for the next batch, or a counted skip. */
static void
take(struct job *j, const char *line, size_t len)
{
	const struct opts *o = j->o;
	struct origins_event *ev = &j->ev[j->nev];
	enum origins_skip s;

	j->in.lines++;
	s = origins_parse(&j->z, line, len, ev);
	ev->line = j->in.lines;
	if (s == SKIP_NONE && ((ev->time != 0 && ((o->since != 0 &&
	    ev->time < o->since) || (o->until != 0 &&
	    ev->time >= o->until))) || (o->event != NULL &&
	    strcmp(ev->type, o->event) != 0)))
		s = SKIP_FILTERED;
	if (s != SKIP_NONE) {
		if (j->in.skipped[s]++ == 0)
			j->in.first[s] = j->in.lines;
		return;
	}
	j->in.events++;
	if (++j->nev == ORIGINS_BATCH)
		flush(j);
}

#define READ_BUF	(1 << 18)

/* Reads lines until the part ends: each an event or a counted skip. */
static void *
scan(void *arg)
{
	struct job *j = arg;
	bool skipping = false;
	size_t have = 0;

	while ((j->n = part_read(&j->part, j->buf + have, READ_BUF - have)) >
	    0 && j->err == 0) {
		char *p = j->buf, *end = j->buf + have + j->n, *nl;

		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			if (skipping)	/* the end of a line too long to hold */
				skipping = false;
			else
				take(j, p, (size_t)(nl - p));
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (have == READ_BUF) {
			/* A line longer than the buffer: count it, skip it. */
			if (!skipping) {
				j->in.lines++;
				if (j->in.skipped[SKIP_TOO_LONG]++ == 0)
					j->in.first[SKIP_TOO_LONG] =
					    j->in.lines;
			}
			skipping = true;
			have = 0;
		} else
			memmove(j->buf, p, have);
		if (j->tty && (j->in.lines & 0xfffff) < 2048)
			progress(&j->in, j->part.gz != NULL ?
			    (uint64_t)gzoffset(j->part.gz) : j->part.off * 2,
			    j->t0, false);
	}
	/* Its last line, unless the stream was cut short (gzip says). */
	if (have > 0 && !skipping && j->err == 0 && j->n == 0 &&
	    j->part.gz == NULL)
		take(j, j->buf, have);
	else if (have > 0 && !skipping && j->err == 0 && j->n == 0) {
		int zerr;

		(void)gzerror(j->part.gz, &zerr);
		if (zerr == Z_OK || zerr == Z_STREAM_END)
			take(j, j->buf, have);
	}
	flush(j);
	return NULL;
}

/*
 * Where a second thread may start on a plain file: the first line start
 * after its middle, with a parser that has read the file's headers;
 * 0 if the file is too small, compressed, or its format unclear.
 */
static uint64_t
split_point(struct job *j, int fd, struct origins_parser *z2)
{
	char head[1 << 16], *p, *nl;
	uint64_t mid;
	ssize_t n;

	if (j->o->threads < 2 || j->in.size < (64u << 20) ||
	    (n = pread(fd, head, sizeof(head), 0)) < 2 ||
	    ((uint8_t)head[0] == 0x1f && (uint8_t)head[1] == 0x8b))
		return 0;
	/* The headers, through a parser of its own. */
	origins_parser_init(z2, j->o->format, j->z.now);
	for (p = head; (nl = memchr(p, '\n', (size_t)(head + n - p))) != NULL;
	    p = nl + 1) {
		struct origins_event ev;

		if (origins_parse(z2, p, (size_t)(nl - p), &ev) == SKIP_NONE)
			break;
	}
	if (z2->fmt == ORIGINS_AUTO || nl == NULL)
		return 0;
	mid = j->in.size / 2;
	if ((n = pread(fd, head, sizeof(head), (off_t)mid)) <= 0 ||
	    (nl = memchr(head, '\n', (size_t)n)) == NULL)
		return 0;
	return mid + (uint64_t)(nl - head) + 1;
}

static int
job_init(struct job *j, const struct opts *o, const struct input *in)
{
	memset(j, 0, sizeof(*j));
	j->o = o;
	j->in = *in;
	if ((j->buf = malloc(READ_BUF)) == NULL)
		return HL_ENOMEM;
	origins_parser_init(&j->z, o->format, (int64_t)time(NULL));
	return 0;
}

/* Reads one file (gzip or not, "-" for stdin) into the tally. */
static int
read_file(const struct opts *o, struct input *in, struct origins_tally *t)
{
	struct hashjob hj = { .path = in->path };
	struct job j1, j2;
	struct timespec ts;
	struct stat sb;
	pthread_t th, hth;
	uint64_t mid = 0;
	bool two = false, hashing = false, apart = false;
	int fd = -1, rc = 1, zerr = Z_OK;

	if (strcmp(in->path, "-") != 0) {
		if (stat(in->path, &sb) != 0) {
			cli_err("origins", "%s: %s", in->path, strerror(errno));
			return 1;
		}
		in->size = (uint64_t)sb.st_size;
	}
	if (job_init(&j1, o, in) != 0 || job_init(&j2, o, in) != 0) {
		free(j1.buf);
		cli_err("origins", "%s: out of memory", in->path);
		return 1;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	j1.t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	j1.tty = isatty(STDERR_FILENO);
	memset(&j2.in.skipped, 0, sizeof(j2.in.skipped));
	j2.in.lines = j2.in.events = 0;
	if (strcmp(in->path, "-") != 0) {
		if ((fd = open(in->path, O_RDONLY | O_CLOEXEC)) < 0) {
			cli_err("origins", "%s: %s", in->path, strerror(errno));
			goto out;
		}
		/* The provenance's hash, off the path of the counting. */
		hashing = o->threads > 1 &&
		    pthread_create(&hth, NULL, hash_main, &hj) == 0;
		if (!hashing)
			(void)hash_main(&hj);
		mid = split_point(&j1, fd, &j2.z);
	}
	if (mid > 0 && t->n < t->max) {
		/*
		 * Two halves, each in a tally of its own with room for what
		 * the whole has left, merged below if that cannot overflow:
		 * else the file is read again by one thread, so that past
		 * the cap the addresses counted are the first in file order
		 * whatever --threads says.
		 */
		origins_tally_init(&j1.t, t->max - t->n);
		origins_tally_init(&j2.t, t->max - t->n);
		apart = true;
	} else {
		/* The first part counts straight into the whole tally. */
		mid = 0;
		j1.t = *t;
		memset(t, 0, sizeof(*t));
	}
	if (mid > 0) {
		/* Big and plain: two threads, each on half of it. */
		j1.part = (struct part){ NULL, fd, 0, mid };
		j2.part = (struct part){ NULL, fd, mid, in->size };
		two = pthread_create(&th, NULL, scan, &j2) == 0;
		if (!two)
			j1.part.end = in->size;
	} else {
		j1.part.gz = fd >= 0 ? gzdopen(dup(fd), "rb") :
		    gzdopen(dup(STDIN_FILENO), "rb");
		if (j1.part.gz == NULL) {
			cli_err("origins", "%s: %s", in->path, strerror(errno));
			goto out;
		}
		(void)gzbuffer(j1.part.gz, 1 << 17);
	}
	(void)scan(&j1);
	if (two)
		(void)pthread_join(th, NULL);
	if (apart && j1.n == 0 && j2.n == 0 && j1.err == 0 && j2.err == 0 &&
	    (j1.t.over > 0 || j2.t.over > 0 || t->n + j1.t.n + j2.t.n >
	    t->max)) {
		/* At the cap: again, one thread, straight into the tally. */
		origins_tally_free(&j1.t);
		origins_tally_free(&j2.t);
		j1.in = *in;
		origins_parser_init(&j1.z, o->format, j1.z.now);
		j1.nev = 0;
		j1.t = *t;
		memset(t, 0, sizeof(*t));
		apart = two = false;
		j1.part = (struct part){ NULL, fd, 0, in->size };
		memset(&j2.in.skipped, 0, sizeof(j2.in.skipped));
		memset(&j2.in.first, 0, sizeof(j2.in.first));
		j2.in.lines = j2.in.events = 0;
		(void)scan(&j1);
	}
	if (j1.part.gz != NULL) {
		/* A stream cut short: said before its last line counts. */
		(void)gzerror(j1.part.gz, &zerr);
		if (j1.n < 0 || (zerr != Z_OK && zerr != Z_STREAM_END)) {
			cli_err("origins", "%s: %s after line %llu", in->path,
			    zerr == Z_BUF_ERROR || zerr == Z_DATA_ERROR ?
			    "truncated or corrupt gzip data" :
			    gzerror(j1.part.gz, &zerr),
			    (unsigned long long)j1.in.lines);
			goto out;
		}
	} else if (j1.n < 0 || (two && j2.n < 0)) {
		cli_err("origins", "%s: %s", in->path, strerror(errno));
		goto out;
	}
	if (j1.err != 0 || j2.err != 0 || (apart &&
	    (origins_tally_merge(t, &j1.t) != 0 ||
	    origins_tally_merge(t, &j2.t) != 0))) {
		cli_err("origins", "%s: out of memory", in->path);
		goto out;
	}
	if (apart) {
		/* Merged: the whole tally is j1's again, as below expects. */
		origins_tally_free(&j1.t);
		j1.t = *t;
		memset(t, 0, sizeof(*t));
		apart = false;
	}
	if (hashing) {
		(void)pthread_join(hth, NULL);
		hashing = false;
	}
	if (fd >= 0 && hj.rc != 0) {
		cli_err("origins", "%s: %s", in->path, strerror(hj.err));
		goto out;
	}
	*in = j1.in;
	if (fd >= 0) {
		memcpy(in->sha256, hj.sha256, sizeof(in->sha256));
		in->size = hj.size;
	}
	in->format = j1.z.fmt;
	/* The second part's lines follow all of the first's. */
	for (int k = 0; k < SKIP_NREASONS; k++) {
		if (in->first[k] == 0 && j2.in.first[k] != 0)
			in->first[k] = in->lines + j2.in.first[k];
		in->skipped[k] += j2.in.skipped[k];
	}
	in->lines += j2.in.lines;
	in->events += j2.in.events;
	if (j1.tty)
		progress(in, in->size, j1.t0, true);
	/* Where to look: the first line skipped for each kind of fault. */
	for (int k = SKIP_NOT_ADDRESS; k <= SKIP_TOO_LONG; k++)
		if (in->skipped[k] > 0)
			cli_err("origins", "%s:%llu: %s (%llu line%s)",
			    in->path, (unsigned long long)in->first[k],
			    origins_skip_names[k],
			    (unsigned long long)in->skipped[k],
			    in->skipped[k] == 1 ? "" : "s");
	rc = 0;
out:
	if (hashing)
		(void)pthread_join(hth, NULL);
	if (j1.part.gz != NULL)
		(void)gzclose(j1.part.gz);
	if (fd >= 0)
		(void)close(fd);
	if (apart)
		origins_tally_free(&j1.t);	/* t is still whole */
	else
		*t = j1.t;
	origins_tally_free(&j2.t);
	free(j1.buf);
	free(j2.buf);
	return rc;
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	/* The counted column down, then the key, so ties print alike. */
	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int
cmp_rows_addr(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->addresses != y->addresses)
		return x->addresses < y->addresses ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* The tally, looked up and grouped into rows. */
static int
group(const struct opts *o, struct geo *geo, struct geo *asn,
    const struct origins_tally *t, struct rows *rows)
{
	for (size_t i = 0; i < t->cap; i++) {
		const struct origins_seen *s = &t->slot[i];
		struct geo_hit hit;
		char key[160];
		struct row *r;

		if (s->addr.prefix == 0)
			continue;
		memset(&hit, 0, sizeof(hit));
		if (origins_addr_special(&s->addr))
			(void)snprintf(key, sizeof(key), "private");
		else if ((o->by_asn ? geo_lookup(asn, &s->addr, &hit) :
		    geo_lookup(geo, &s->addr, &hit)) != 0) {
			char a[64];

			origins_addr_format(&s->addr, a, sizeof(a));
			cli_err("origins", "%s: corrupt where it holds %s",
			    o->by_asn ? o->asn : o->geo, a);
			return 1;
		} else if (o->by_asn)
			(void)snprintf(key, sizeof(key), hit.asn != 0 ?
			    "AS%u" : "unknown", hit.asn);
		else {
			/* Where the database says it is, or registered. */
			const char *c = o->by_registered ? hit.registered :
			    hit.country;

			(void)snprintf(key, sizeof(key), "%s", c[0] != '\0' ?
			    c : "unknown");
		}
		if ((r = row_for(rows, key)) == NULL)
			return 1;
		if (o->by_asn && r->org[0] == '\0')
			(void)snprintf(r->org, sizeof(r->org), "%s", hit.org);
		r->events += s->events;
		r->addresses++;
		if (s->first != 0 && (r->first == 0 || s->first < r->first))
			r->first = s->first;
		if (s->last > r->last)
			r->last = s->last;
	}
	if (rows->n > 1)
		qsort(rows->v, rows->n, sizeof(*rows->v), o->by_addresses ?
		    cmp_rows_addr : cmp_rows);
	return 0;
}

/* Where the tally reached its cap, if it did: the file and line. */
struct cap {
	const char	*path;		/* NULL: not reached */
	uint64_t	 line;
};

static json_t *
provenance(const struct opts *o, const struct input *in, size_t nin,
    const char *dbpath, const struct geo_meta *db,
    const struct origins_tally *t, const struct cap *cap)
{
	uint64_t distinct = t->n;
	json_t *files = json_array(), *p;
	uint64_t lines = 0, events = 0, skipped[SKIP_NREASONS] = { 0 };
	json_t *sk = json_object();

	/* A part that cannot be built makes the whole NULL: none left out. */
	for (size_t i = 0; i < nin; i++) {
		if (files != NULL && json_array_append_new(files,
		    json_pack("{s:s, s:I, s:s, s:s, s:I, s:I}", "path",
		    in[i].path, "size", (json_int_t)in[i].size, "sha256",
		    in[i].sha256, "format", origins_format_names[in[i].format],
		    "lines", (json_int_t)in[i].lines, "events",
		    (json_int_t)in[i].events)) != 0) {
			json_decref(files);
			files = NULL;
		}
		lines += in[i].lines;
		events += in[i].events;
		for (int k = 1; k < SKIP_NREASONS; k++)
			skipped[k] += in[i].skipped[k];
	}
	for (int k = 1; k < SKIP_NREASONS; k++)
		if (sk != NULL && skipped[k] > 0 && json_object_set_new(sk,
		    origins_skip_slugs[k],
		    json_integer((json_int_t)skipped[k])) != 0) {
			json_decref(sk);
			sk = NULL;
		}
	p = json_pack("{s:s, s:o, s:{s:s, s:s, s:o, s:s, s:I}, s:{s:I, s:I, "
	    "s:I, s:o}, s:{s:s, s:s, s:o, s:o, s:o}}",
	    "hotline", HL_VERSION, "files", files,
	    "database", "path", dbpath, "type", db->type, "built",
	    proto_time_json((int64_t)db->built), "sha256", db->sha256, "size",
	    (json_int_t)db->size,
	    "parsed", "lines", (json_int_t)lines, "events", (json_int_t)events,
	    "addresses", (json_int_t)distinct, "skipped", sk,
	    "method", "group_by", o->by_asn ? "asn" : o->by_registered ?
	    "registered" : "country", "count",
	    o->by_addresses ? "addresses" : "events", "since",
	    proto_time_json(o->since), "until", proto_time_json(o->until),
	    "event", o->event != NULL ? json_string(o->event) : json_null());
	if (p != NULL && cap->path != NULL &&
	    json_object_set_new(json_object_get(p, "parsed"), "over_cap",
	    json_pack("{s:I, s:I, s:s, s:I}", "limit", (json_int_t)t->max,
	    "events", (json_int_t)t->over, "file", cap->path, "line",
	    (json_int_t)cap->line)) != 0) {
		json_decref(p);
		p = NULL;
	}
	return p;
}

static void
print_table(const struct opts *o, const struct rows *rows, uint64_t total,
    const struct input *in, size_t nin, const char *dbpath,
    const struct geo_meta *db, const struct origins_tally *t,
    const struct cap *cap)
{
	char a[PROTO_TIME_LEN], b[PROTO_TIME_LEN];
	uint64_t lines = 0, events = 0, skipped[SKIP_NREASONS] = { 0 };

	cli_printf("%-10s %10s %10s %7s  %-20s  %s%s\n", o->by_asn ?
	    "AS" : o->by_registered ? "REGISTERED" : "COUNTRY", "EVENTS",
	    "ADDRESSES", "SHARE", "FIRST SEEN",
	    o->by_asn ? "LAST SEEN             " : "LAST SEEN", o->by_asn ?
	    "ORGANISATION" : "");
	for (size_t i = 0; i < rows->n && (o->top <= 0 || (long)i < o->top);
	    i++) {
		const struct row *r = &rows->v[i];

		proto_time_format(r->first, a);
		proto_time_format(r->last, b);
		cli_printf("%-10s %10llu %10llu %6.1f%%  %-20s  %s%s%s\n",
		    r->key, (unsigned long long)r->events,
		    (unsigned long long)r->addresses, total ? 100.0 *
		    (double)(o->by_addresses ? r->addresses : r->events) /
		    (double)total : 0.0, r->first ? a : "-", r->last ? b : "-",
		    o->by_asn ? (r->last ? "  " : "                     ") : "",
		    o->by_asn ? r->org : "");
	}
	for (size_t i = 0; i < nin; i++) {
		lines += in[i].lines;
		events += in[i].events;
		for (int k = 1; k < SKIP_NREASONS; k++)
			skipped[k] += in[i].skipped[k];
	}
	cli_printf("\n");
	cli_printf("lines     %llu: %llu events", (unsigned long long)lines,
	    (unsigned long long)events);
	for (int k = 1; k < SKIP_NREASONS; k++)
		if (skipped[k] > 0)
			cli_printf(", %llu %s", (unsigned long long)skipped[k],
			    origins_skip_names[k]);
	cli_printf("\n");
	if (cap->path != NULL)
		cli_printf("over cap  %llu events of addresses past the first "
		    "%zu, in no row (from %s:%llu)\n",
		    (unsigned long long)t->over, t->max, cap->path,
		    (unsigned long long)cap->line);
	cli_printf("share     of %s\n", o->by_addresses ?
	    "distinct addresses" : "events");
	for (size_t i = 0; i < nin; i++)
		cli_printf("input     %s (%s, %llu bytes, sha256 %s)\n",
		    in[i].path, origins_format_names[in[i].format],
		    (unsigned long long)in[i].size, in[i].sha256);
	cli_printf("database  %s (%s, sha256 %s)\n", dbpath, db->type,
	    db->sha256);
	cli_printf("hotline   %s\n", HL_VERSION);
}

static void
print_csv(const struct opts *o, const struct rows *rows, uint64_t total)
{
	char a[PROTO_TIME_LEN], b[PROTO_TIME_LEN];

	cli_printf("%s,events,addresses,share,first_seen,last_seen%s\n",
	    o->by_asn ? "asn" : "country", o->by_asn ? ",organisation" : "");
	for (size_t i = 0; i < rows->n && (o->top <= 0 || (long)i < o->top);
	    i++) {
		const struct row *r = &rows->v[i];

		proto_time_format(r->first, a);
		proto_time_format(r->last, b);
		cli_printf("%s,%llu,%llu,%.4f,%s,%s", r->key,
		    (unsigned long long)r->events,
		    (unsigned long long)r->addresses, total ? (double)
		    (o->by_addresses ? r->addresses : r->events) /
		    (double)total : 0.0, r->first ? a : "", r->last ? b : "");
		if (o->by_asn) {
			struct buf q;

			/* RFC 4180: quote, doubling quotes inside. */
			buf_init(&q, 2 * strlen(r->org) + 1);
			for (const char *p = r->org; *p != '\0'; p++)
				(void)(*p == '"' ? buf_adds(&q, "\"\"") :
				    buf_addc(&q, *p));
			cli_printf(",\"%.*s\"", (int)q.len, (const char *)q.p);
			buf_done(&q);
		}
		cli_printf("\n");
	}
}

/* The table as a bar chart, with its provenance under the title. */
static int
write_svg(const struct opts *o, const struct rows *rows, uint64_t total,
    const struct input *in, size_t nin, const struct geo_meta *db)
{
	struct svg_bar bars[30];
	char notes[30][64], labels[30][200], title[128], sub[512];
	struct buf svg;
	size_t n = 0;
	int r;

	for (; n < rows->n && n < 30 && (o->top <= 0 || (long)n < o->top);
	    n++) {
		const struct row *w = &rows->v[n];
		uint64_t v = o->by_addresses ? w->addresses : w->events;

		(void)snprintf(labels[n], sizeof(labels[n]), "%s%s%.40s",
		    w->key, o->by_asn && w->org[0] != '\0' ? " " : "",
		    o->by_asn ? w->org : "");
		(void)snprintf(notes[n], sizeof(notes[n]), "%llu (%.1f%%)",
		    (unsigned long long)v, total ? 100.0 * (double)v /
		    (double)total : 0.0);
		bars[n] = (struct svg_bar){ labels[n], (double)v, notes[n] };
	}
	(void)snprintf(title, sizeof(title), "%s per source %s",
	    o->by_addresses ? "Distinct addresses" : "Events",
	    o->by_asn ? "autonomous system" : "country");
	(void)snprintf(sub, sizeof(sub), "%zu file%s, first %s (sha256 %.16s); "
	    "database %s (sha256 %.16s); hotline %s", nin, nin == 1 ? "" : "s",
	    in[0].path, in[0].sha256, db->type, db->sha256, HL_VERSION);
	buf_init(&svg, 1024 * 1024);
	r = svg_hbars(&svg, title, sub, bars, n) == 0 ? cli_write("origins",
	    o->svg, svg.p, svg.len) : 1;
	buf_done(&svg);
	return r;
}

/* Room for the request's indicators, most events first. */
static int
by_events(const void *a, const void *b)
{
	const struct origins_seen *x = *(const struct origins_seen *const *)a;
	const struct origins_seen *y = *(const struct origins_seen *const *)b;

	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	/*
	 * An address and its /len can both be there: the table's order,
	 * random per run, must not decide.
	 */
	if (memcmp(x->addr.b, y->addr.b, 16) != 0)
		return memcmp(x->addr.b, y->addr.b, 16);
	return x->addr.prefix - y->addr.prefix;
}

/*
 * The addresses of the peer's state, as a request to it: the indicators
 * with their counts and times, the method in the summary.
 */
static int
request_to(const struct opts *o, const char *diropt, struct geo *geo,
    const struct origins_tally *t, const struct input *in, size_t nin,
    const struct geo_meta *db)
{
	const struct origins_seen **mine = NULL;
	struct send_args a;
	struct node *n = NULL;
	struct card peer;
	struct hl_diag d;
	json_t *ind = NULL;
	json_error_t je;
	char id[65], first[PROTO_TIME_LEN], last[PROTO_TIME_LEN];
	char subject[HL_MAX_SUBJECT_LEN];
	struct buf summary;
	size_t k = 0;
	uint64_t events = 0;
	int64_t lo = 0, hi = 0;
	bool alerts = false;
	int r, rc = 1;

	buf_init(&summary, HL_MAX_SUMMARY_LEN);
	if (cli_node("origins", diropt, &n) != 0)
		goto out;
	if (store_peer_get(n->st, o->peer, &peer) != 0) {
		cli_err("origins", "--request-to: unknown peer %s: pin its card "
		    "with hotline peer add", o->peer);
		goto out;
	}
	if ((mine = calloc(t->n + 1, sizeof(*mine))) == NULL)
		goto out;
	for (size_t i = 0; i < t->cap; i++) {
		struct geo_hit hit;

		if (t->slot[i].addr.prefix == 0 ||
		    origins_addr_special(&t->slot[i].addr) ||
		    geo_lookup(geo, &t->slot[i].addr, &hit) != 0 ||
		    strcmp(hit.country, peer.state) != 0)
			continue;
		mine[k++] = &t->slot[i];
	}
	if (k == 0) {
		cli_err("origins", "--request-to: no address from %s's state "
		    "(%s) in these logs", o->peer, peer.state);
		goto out;
	}
	qsort(mine, k, sizeof(*mine), by_events);
	/* Each indicator is signed: one that cannot be built whole fails. */
	if ((ind = json_array()) == NULL) {
		cli_err("origins", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < k && i < HL_MAX_INDICATORS; i++) {
		const struct origins_seen *s = mine[i];
		char v[64];
		json_t *e;

		origins_addr_format(&s->addr, v, sizeof(v));
		e = json_pack("{s:s, s:s, s:I}", "type", s->addr.prefix < 128 ?
		    "cidr" : strchr(v, ':') != NULL ? "ipv6" : "ipv4", "value",
		    v, "count", (json_int_t)s->events);
		if (e != NULL && s->first != 0) {
			proto_time_format(s->first, first);
			proto_time_format(s->last, last);
			if (json_object_set_new(e, "first_seen",
			    json_string(first)) != 0 ||
			    json_object_set_new(e, "last_seen",
			    json_string(last)) != 0) {
				json_decref(e);
				e = NULL;
			}
			lo = lo == 0 || s->first < lo ? s->first : lo;
			hi = s->last > hi ? s->last : hi;
		}
		events += s->events;
		if (json_array_append_new(ind, e) != 0) {
			cli_err("origins", "out of memory");
			goto out;
		}
	}
	for (size_t i = 0; i < nin; i++)
		alerts |= in[i].format == ORIGINS_EVE;
	memset(&a, 0, sizeof(a));
	a.now = (int64_t)time(NULL);
	if (lo == 0)
		lo = hi = a.now;
	proto_time_format(lo, first);
	proto_time_format(hi, last);
	/*
	 * The summary names every file: one cut short would sign a method
	 * that is not the one used, so past the schema's limit it is an
	 * error, not a shorter text.
	 */
	(void)buf_printf(&summary, "%llu events from %zu addresses in %s's "
	    "address space, %s to %s%s. Counted by hotline origins %s from",
	    (unsigned long long)events, k < HL_MAX_INDICATORS ? k :
	    (size_t)HL_MAX_INDICATORS, peer.state, first, last,
	    k > HL_MAX_INDICATORS ? " (the busiest 10,000 listed)" : "",
	    HL_VERSION);
	for (size_t i = 0; i < nin; i++)
		(void)buf_printf(&summary, "%s %s (%s, sha256 %s)", i > 0 ?
		    "," : "", in[i].path, origins_format_names[in[i].format],
		    in[i].sha256);
	(void)buf_printf(&summary, " with %s (sha256 %s).", db->type,
	    db->sha256);
	if (buf_err(&summary) != 0) {
		cli_err("origins", "--request-to: the summary naming %zu "
		    "file%s is over the limit of %d bytes: give fewer or "
		    "shorter paths", nin, nin == 1 ? "" : "s",
		    HL_MAX_SUMMARY_LEN);
		goto out;
	}
	(void)snprintf(subject, sizeof(subject), "Attacks from %s: %zu "
	    "addresses", peer.state, k);
	a.to = o->peer;
	a.type = MSG_REQUEST;
	a.tlp = TLP_AMBER;
	a.subject = subject;
	a.deadline = a.now + config_first_response(&n->cfg, (int)peer.tier);
	a.body = json_pack_ex(&je, 0, "{s:s, s:s, s:s, s:{s:s, s:s}, s:O, "
	    "s:[s, s]}", "category", alerts ? "intrusion" : "scanning",
	    "severity", "medium", "summary", buf_str(&summary), "observed",
	    "start", first, "end", last, "indicators", ind, "expectations",
	    "investigate", "block-host");
	hl_diag_clear(&d);
	/* A path in the summary may be bytes that are not UTF-8. */
	if (a.body == NULL)
		cli_err("origins", "--request-to: cannot build the request: "
		    "%s", je.text);
	else if ((r = node_send(n, &a, id, &d)) != 0)
		cli_diag("origins", "--request-to", r, &d);
	else {
		cli_printf("request   %s queued to %s: %zu addresses, %llu "
		    "events\n", id, o->peer, k, (unsigned long long)events);
		rc = 0;
	}
	json_decref(a.body);
out:
	json_decref(ind);
	free(mine);
	node_close(n);
	buf_done(&summary);
	return rc;
}

/*
 * The cap on distinct addresses: HL_MAX_ORIGINS_ADDRS, or lower for a
 * test through HOTLINE_TEST_ORIGINS_CAP (digits; never higher).
 */
static size_t
tally_cap(void)
{
	const char *s = getenv("HOTLINE_TEST_ORIGINS_CAP");
	int64_t v;

	return s != NULL && proto_int_parse(s, 1, HL_MAX_ORIGINS_ADDRS, &v) ?
	    (size_t)v : HL_MAX_ORIGINS_ADDRS;
}

int
cmd_origins_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "geo", required_argument, NULL, 'g' },
		{ "asn", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "count", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "event", required_argument, NULL, 'e' },
		{ "top", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'v' },
		{ "svg", required_argument, NULL, 'S' },
		{ "request-to", required_argument, NULL, 'R' },
		{ "threads", required_argument, NULL, 'T' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { .format = ORIGINS_AUTO, .threads = 2 };
	struct origins_tally t;
	struct cap cap = { NULL, 0 };
	struct input *in = NULL;
	struct rows rows = { NULL, 0, 0 };
	struct geo *geo = NULL, *asn = NULL;
	struct geo_meta gm, am;
	struct hl_diag d;
	const char *diropt = NULL, *dbpath;
	char dir[4096], dflt[4200];
	uint64_t total = 0;
	int c, k, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((k = proto_lookup(origins_format_names,
			    optarg)) < 0) {
				cli_err("origins", "--format: not auto, list, "
				    "web, eve, zeek, zeek-json, auth or csv: '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			o.format = (enum origins_format)k;
			break;
		case 'g': o.geo = optarg; break;
		case 'a': o.asn = optarg; break;
		case 'b':
			if (strcmp(optarg, "asn") != 0 &&
			    strcmp(optarg, "country") != 0 &&
			    strcmp(optarg, "registered") != 0) {
				cli_err("origins", "--by: country, registered "
				    "or asn, not '%s'", optarg);
				return EXIT_USAGE;
			}
			o.by_asn = strcmp(optarg, "asn") == 0;
			o.by_registered = strcmp(optarg, "registered") == 0;
			break;
		case 'c':
			if (strcmp(optarg, "events") != 0 &&
			    strcmp(optarg, "addresses") != 0) {
				cli_err("origins", "--count: events or "
				    "addresses, not '%s'", optarg);
				return EXIT_USAGE;
			}
			o.by_addresses = strcmp(optarg, "addresses") == 0;
			break;
		case 's':
		case 'u':
			if (!cli_time_rel(optarg, (int64_t)time(NULL), -1,
			    c == 's' ? &o.since : &o.until)) {
				cli_err("origins", "--%s: not a duration, a date "
				    "or an RFC 3339 time: '%s'", c == 's' ?
				    "since" : "until", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'e': o.event = optarg; break;
		case 'n':
			o.top = strtol(optarg, NULL, 10);
			if (o.top <= 0) {
				cli_err("origins", "--top: a positive number, "
				    "not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j': o.json = true; break;
		case 'v': o.csv = true; break;
		case 'S': o.svg = optarg; break;
		case 'R': o.peer = optarg; break;
		case 'T':
			if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
				cli_err("origins", "--threads: 1 or 2, not '%s'",
				    optarg);
				return EXIT_USAGE;
			}
			o.threads = optarg[0] - '0';
			break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind >= argc || (o.json && o.csv))
		return cli_usage(usage, EXIT_USAGE);
	if (o.by_asn && o.asn == NULL) {
		cli_err("origins", "--by asn needs an ASN database: --asn MMDB");
		return EXIT_USAGE;
	}
	if (o.geo == NULL) {
		if (node_dir(diropt, dir, sizeof(dir)) != 0) {
			cli_err("origins", "no country database: give --geo MMDB");
			return EXIT_USAGE;
		}
		(void)snprintf(dflt, sizeof(dflt), "%s/geo/country.mmdb", dir);
		o.geo = dflt;
	}
	/* A request to a stranger: say so before reading gigabytes. */
	if (o.peer != NULL) {
		struct node *n;
		struct card pc;

		if (cli_node("origins", diropt, &n) != 0)
			return 1;
		k = store_peer_get(n->st, o.peer, &pc);
		node_close(n);
		if (k != 0) {
			cli_err("origins", "--request-to: unknown peer %s: pin "
			    "its card with hotline peer add", o.peer);
			return 1;
		}
	}
	hl_diag_clear(&d);
	if ((k = geo_open(o.geo, &geo, &gm, &d)) != 0) {
		cli_diag("origins", o.geo, k, &d);
		goto out;
	}
	if (o.asn != NULL && (k = geo_open(o.asn, &asn, &am, &d)) != 0) {
		cli_diag("origins", o.asn, k, &d);
		goto out;
	}
	if ((in = calloc((size_t)(argc - optind), sizeof(*in))) == NULL)
		goto out;
	origins_tally_init(&t, tally_cap());
	for (int i = optind; i < argc; i++) {
		in[i - optind].path = argv[i];
		if (read_file(&o, &in[i - optind], &t) != 0)
			goto out;
		if (t.over > 0 && cap.path == NULL) {
			cap.path = argv[i];
			cap.line = t.over_line;
			cli_err("origins", "%s:%llu: more than %zu distinct "
			    "addresses: from here on, events of addresses not "
			    "yet counted are counted as over the cap, in no row",
			    cap.path, (unsigned long long)cap.line, t.max);
		}
	}
	if (group(&o, geo, asn, &t, &rows) != 0)
		goto out;
	for (size_t i = 0; i < rows.n; i++)
		total += o.by_addresses ? rows.v[i].addresses : rows.v[i].events;
	dbpath = o.by_asn ? o.asn : o.geo;
	if (o.json) {
		json_t *a = json_array();
		char key[16];

		for (size_t i = 0; a != NULL && i < rows.n &&
		    (o.top <= 0 || (long)i < o.top); i++) {
			const struct row *r = &rows.v[i];
			json_t *row = json_pack("{s:I, s:I, s:f, s:o, s:o}",
			    "events", (json_int_t)r->events, "addresses",
			    (json_int_t)r->addresses, "share", total ?
			    (double)(o.by_addresses ? r->addresses :
			    r->events) / (double)total : 0.0, "first_seen",
			    proto_time_json(r->first), "last_seen",
			    proto_time_json(r->last));

			(void)snprintf(key, sizeof(key), "%s", o.by_asn ?
			    "asn" : "country");
			/* A row missing a member, or missing, is no table. */
			if (row == NULL || json_object_set_new(row, key,
			    json_string(r->key)) != 0 || (o.by_asn &&
			    json_object_set_new(row, "organisation",
			    json_string(r->org)) != 0)) {
				json_decref(row);
				row = NULL;
			}
			/* The append takes row, kept or not. */
			if (row == NULL || json_array_append_new(a, row) != 0) {
				json_decref(a);
				a = NULL;
			}
		}
		rc = cli_print_json(json_pack("{s:o, s:o}", "provenance",
		    provenance(&o, in, (size_t)(argc - optind), dbpath,
		    o.by_asn ? &am : &gm, &t, &cap), "rows", a));
	} else if (o.csv) {
		print_csv(&o, &rows, total);
		rc = 0;
	} else {
		print_table(&o, &rows, total, in, (size_t)(argc - optind),
		    dbpath, o.by_asn ? &am : &gm, &t, &cap);
		rc = 0;
	}
	if (rc == 0 && o.svg != NULL && write_svg(&o, &rows, total, in,
	    (size_t)(argc - optind), o.by_asn ? &am : &gm) != 0)
		rc = 1;
	/* A request names what was counted: not a count cut at the cap. */
	if (rc == 0 && o.peer != NULL && cap.path != NULL)
		cli_err("origins", "no request queued to %s: the addresses "
		    "were over the cap", o.peer);
	else if (rc == 0 && o.peer != NULL && request_to(&o, diropt, geo, &t,
	    in, (size_t)(argc - optind), &gm) != 0)
		rc = 1;
	/* The table is whole for what it counts, and says what it does not. */
	if (cap.path != NULL)
		rc = 1;
out:
	geo_close(geo);
	geo_close(asn);
	origins_tally_free(&t);
	free(rows.v);
	free(in);
	return rc;
}
