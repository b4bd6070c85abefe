/*
 * tally: one file's lines into the origins tally, through the reader. See
 * tally.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "limits.h"
#include "proto.h"
#include "reader.h"
#include "tally.h"

/* One part's reading: its parser, its counts and, apart, its tally. */
struct job {
	const struct tally_opts	*o;
	struct tally_input	 in;		/* counts of this part */
	struct origins_parser	 z;
	struct origins_tally	 t;
	struct origins_event	 ev[ORIGINS_BATCH];	/* to be counted */
	size_t			 nev;
};

/* The two parts of one file, and the whole tally they count into. */
struct file {
	struct job		 j[2];
	struct origins_tally	*t;
	bool			 apart;		/* j[i].t are their own */
};

static int
flush(struct job *j)
{
	size_t n = j->nev;

	j->nev = 0;
	return n > 0 ? origins_tally_add_many(&j->t, j->ev, n) : 0;
}

/* One line: an event for the next batch, or a counted skip. */
static int
take(void *arg, const char *path, uint64_t lineno, const char *line,
    size_t len)
{
	struct job *j = arg;
	const struct tally_opts *o = j->o;
	struct origins_event *ev = &j->ev[j->nev];
	enum origins_skip s;

	(void)path;
	j->in.lines = lineno;
	if (line == NULL)
		s = SKIP_TOO_LONG;
	else if ((s = origins_parse(&j->z, line, len, ev)) == SKIP_NONE &&
	    ((ev->time != 0 && ((o->since != 0 && ev->time < o->since) ||
	    (o->until != 0 && ev->time >= o->until))) ||
	    (o->event != NULL && strcmp(ev->type, o->event) != 0)))
		s = SKIP_FILTERED;
	if (s != SKIP_NONE) {
		if (j->in.skipped[s]++ == 0)
			j->in.first[s] = lineno;
		return 0;
	}
	ev->line = lineno;
	j->in.events++;
	return ++j->nev == ORIGINS_BATCH ? flush(j) : 0;
}

/*
 * A second thread may start mid-file if the file's headers, read by the
 * second part's own parser, show its format, and the tally has room: the
 * two halves then count into tallies of their own, with room each for
 * what the whole has left, merged once both are read.
 */
static bool
split(void *arg, const char *head, size_t n)
{
	struct file *f = arg;
	struct origins_parser *z = &f->j[1].z;
	struct origins_tally *w = &f->j[0].t;	/* the whole, until now */
	const char *p, *nl = NULL;

	origins_parser_init(z, f->j[0].o->format, f->j[0].z.now);
	for (p = head; (nl = memchr(p, '\n', (size_t)(head + n - p))) != NULL;
	    p = nl + 1) {
		struct origins_event ev;

		if (origins_parse(z, p, (size_t)(nl - p), &ev) == SKIP_NONE)
			break;
	}
	if (z->fmt == ORIGINS_AUTO || nl == NULL || w->n >= w->max)
		return false;
	/* The whole tally was the first part's: it is the file's again. */
	*f->t = f->j[0].t;
	origins_tally_init(&f->j[0].t, f->t->max - f->t->n);
	origins_tally_init(&f->j[1].t, f->t->max - f->t->n);
	f->apart = true;
	return true;
}

static void
progress(void *arg, const char *path, uint64_t done, uint64_t size)
{
	struct file *f = arg;

	f->j[0].o->progress(f->j[0].o->arg, path, done, size);
}

static void
job_init(struct job *j, const struct tally_opts *o, const char *path)
{
	memset(j, 0, sizeof(*j));
	j->o = o;
	j->in.path = path;
	origins_parser_init(&j->z, o->format, o->now);
}

int
tally_file(const struct tally_opts *o, struct tally_input *in,
    struct origins_tally *t, struct hl_diag *d)
{
	struct reader_sink s = { .line = take, .split = split,
	    .progress = o->progress != NULL ? progress : NULL };
	struct reader *r = NULL;
	struct file *f;
	int rc;

	if ((rc = reader_open(in->path, o->threads, &r, d)) != 0)
		return rc;
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		reader_close(r);
		return hl_diag_set(d, HL_ENOMEM, in->path, "out of memory");
	}
	job_init(&f->j[0], o, in->path);
	job_init(&f->j[1], o, in->path);
	s.arg[0] = &f->j[0];
	s.arg[1] = &f->j[1];
	s.hook_arg = f;
	f->t = t;
	/* The first part counts straight into the whole tally. */
	f->j[0].t = *t;
	memset(t, 0, sizeof(*t));
	if ((rc = reader_read(r, &s, d)) == 0 && (rc = flush(&f->j[0])) == 0)
		rc = flush(&f->j[1]);
	if (rc == 0 && f->apart && (f->j[0].t.over > 0 ||
	    f->j[1].t.over > 0 || t->n + f->j[0].t.n + f->j[1].t.n > t->max)) {
		/*
		 * At the cap: again, one thread, straight into the tally, so
		 * that past it the addresses counted are the first in file
		 * order whatever --threads says.
		 */
		origins_tally_free(&f->j[0].t);
		origins_tally_free(&f->j[1].t);
		job_init(&f->j[0], o, in->path);
		job_init(&f->j[1], o, in->path);
		f->j[0].t = *t;
		memset(t, 0, sizeof(*t));
		f->apart = false;
		if ((rc = reader_read(r, &s, d)) == 0)
			rc = flush(&f->j[0]);
	}
	if (rc == HL_ENOMEM || (rc == 0 && f->apart &&
	    (origins_tally_merge(t, &f->j[0].t) != 0 ||
	    origins_tally_merge(t, &f->j[1].t) != 0)))
		rc = hl_diag_set(d, HL_ENOMEM, in->path, "out of memory");
	if (rc == 0)
		rc = reader_hash(r, in->sha256, &in->size, d);
	if (rc == 0) {
		struct tally_input *a = &f->j[0].in, *b = &f->j[1].in;
		uint64_t lines = reader_lines(r, 0);

		/* The second part's lines follow all of the first's. */
		memcpy(in->skipped, a->skipped, sizeof(in->skipped));
		memcpy(in->first, a->first, sizeof(in->first));
		for (int k = 0; k < SKIP_NREASONS; k++) {
			if (in->first[k] == 0 && b->first[k] != 0)
				in->first[k] = lines + b->first[k];
			in->skipped[k] += b->skipped[k];
		}
		in->lines = lines + reader_lines(r, 1);
		in->parts = reader_parts(r);
		in->events = a->events + b->events;
		in->format = f->j[0].z.fmt;
	}
	if (!f->apart) {
		*t = f->j[0].t;
		memset(&f->j[0].t, 0, sizeof(f->j[0].t));
	}
	origins_tally_free(&f->j[0].t);	/* apart: t is whole */
	origins_tally_free(&f->j[1].t);
	free(f);
	reader_close(r);
	return rc;
}

void
tally_faults(const struct tally_input *in, void (*line)(void *,
    const char *), void *arg)
{
	struct buf l;

	/* Its path as given, however long: a line is bounded by argv's. */
	buf_init(&l, strlen(in->path) + 256);
	for (int k = SKIP_NOT_ADDRESS; k <= SKIP_TOO_LONG; k++) {
		if (in->skipped[k] == 0)
			continue;
		(void)buf_printf(&l, "%s:%llu: %s (%llu line%s)", in->path,
		    (unsigned long long)in->first[k], origins_skip_names[k],
		    (unsigned long long)in->skipped[k],
		    in->skipped[k] == 1 ? "" : "s");
		(void)buf_line(&l, line, arg);
	}
	buf_done(&l);
}

size_t
tally_cap(const char *s)
{
	int64_t v;

	return s != NULL && proto_int_parse(s, 1, HL_MAX_ORIGINS_ADDRS, &v) ?
	    (size_t)v : HL_MAX_ORIGINS_ADDRS;
}
