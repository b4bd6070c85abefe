/*
 * hotline match: a request's indicators found in local logs, as the
 * findings of its answer. The indicators come from a request in the inbox
 * or a file (a body, an envelope or a plain list); every log is read once
 * by the evidence library's engine, and what was found goes out as a
 * table or as JSON with the provenance beside it (each file's SHA-256 and
 * counts, the window, the indicators' source), so that the same logs give
 * the same answer to anyone. The front end: options, the window, the
 * files, output; the reading and matching are src/evidence's.
 */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "config.h"
#include "esc.h"
#include "hl_version.h"
#include "indicators.h"
#include "limits.h"
#include "match.h"

static const char usage[] =
    "hotline match (--request ID | --indicators FILE) [--skip-invalid]\n"
    "              [--since T] [--until T] [--margin DURATION]\n"
    "              [--threads 1|2] [--json] [--out FILE] [--dir DIR] LOG...\n"
    "T: an RFC 3339 time, a date, a duration back from now, or all";

/* The longest line of the table: a URL and a path, mostly. */
#define MATCH_LINE_MAX	(1024 * 1024)

/* Which bounds of the window are the request's, widened. */
#define WIDE_SINCE	0x1
#define WIDE_UNTIL	0x2

/* The log files, in the order read (globs expanded). */
struct files {
	char			**path;		/* owned */
	struct match_input	 *in;
	char			(*error)[512];	/* why not read whole; "": was */
	size_t			  n, cap;
};

/* Where invalid indicators are named: the file, and how many. */
struct faults {
	const char	*source;
	uint64_t	 n;
};

static void
fault(void *arg, uint64_t line, const char *why)
{
	struct faults *f = arg;

	f->n++;
	if (line > 0)
		cli_err("match", "%s:%llu: %s", f->source,
		    (unsigned long long)line, why);
	else
		cli_err("match", "%s: %s", f->source, why);
}

static int
files_add(struct files *f, const char *path)
{
	if (f->n == f->cap) {
		size_t cap = f->cap == 0 ? 16 : f->cap * 2;
		char **p = realloc(f->path, cap * sizeof(*p));

		if (p == NULL)
			return HL_ENOMEM;
		f->path = p;
		f->cap = cap;
	}
	if ((f->path[f->n] = strdup(path)) == NULL)
		return HL_ENOMEM;
	f->n++;
	return 0;
}

static void
files_free(struct files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->path[i]);
	free(f->path);
	free(f->in);
	free(f->error);
}

/*
 * The LOG arguments as files: a pattern the shell left alone (a glob in
 * quotes, or one that matched nothing there) and that names no file is
 * expanded here, in glob(3)'s sorted order. A pattern that matches
 * nothing stays, to be named as missing.
 */
static int
files_expand(struct files *f, int argc, char **argv)
{
	int r = 0;

	for (int i = 0; r == 0 && i < argc; i++) {
		struct stat sb;
		glob_t g;

		/* A name that is there is a file, whatever it holds:
		 * the shell's expansion of "*.log" may give "a[1].log". */
		if (strcmp(argv[i], "-") == 0 || strpbrk(argv[i], "*?[") ==
		    NULL || lstat(argv[i], &sb) == 0 ||
		    glob(argv[i], 0, NULL, &g) != 0) {
			r = files_add(f, argv[i]);
			continue;
		}
		for (size_t k = 0; r == 0 && k < g.gl_pathc; k++)
			r = files_add(f, g.gl_pathv[k]);
		globfree(&g);
	}
	if (r == 0 && ((f->in = calloc(f->n, sizeof(*f->in))) == NULL ||
	    (f->error = calloc(f->n, sizeof(*f->error))) == NULL))
		r = HL_ENOMEM;
	return r;
}

/*
 * --since or --until: what origins takes, or "all" (no bound, 0).
 * false with the error said.
 */
static bool
bound(const char *opt, const char *arg, int64_t *out, bool *set)
{
	*set = true;
	if (strcmp(arg, "all") == 0) {
		*out = 0;
		return true;
	}
	if (cli_time_rel(arg, (int64_t)time(NULL), -1, out))
		return true;
	cli_err("match", "--%s: not all, a duration, a date or an RFC 3339 "
	    "time: '%s'", opt, arg);
	return false;
}

/*
 * The margin unless --margin gave it: match.margin of the node's config,
 * or its default when there is no node. false with the error said.
 */
static bool
margin_default(struct node *n, const char *diropt, int64_t *margin)
{
	struct config c;
	struct hl_diag d;
	struct stat sb;
	char dir[4096], path[4200];
	int r;

	if (n != NULL) {
		*margin = n->cfg.match_margin;
		return true;
	}
	config_defaults(&c);
	*margin = c.match_margin;
	if (node_dir(diropt, dir, sizeof(dir)) != 0)
		return true;
	(void)snprintf(path, sizeof(path), "%s/%s", dir, NODE_CONF);
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return true;
	hl_diag_clear(&d);
	if ((r = config_load(path, &c, &d)) != 0) {
		cli_diag("match", NULL, r, &d);
		return false;
	}
	*margin = c.match_margin;
	return true;
}

/* data's indicators into l, invalid ones named as from source; 0 or 1. */
static int
parse(const char *source, const char *data, size_t len, struct ind_list *l,
    struct faults *f)
{
	struct hl_diag d;

	f->source = source;
	hl_diag_clear(&d);
	if (ind_parse(source, data, len, l, fault, f, &d) < 0) {
		cli_err("match", "%s: %s", source, d.msg);
		return 1;
	}
	return 0;
}

/* The indicators of the request idprefix names, from the inbox. */
static int
from_request(struct node *n, const char *idprefix, struct ind_list *l,
    struct faults *f, char *source, size_t sourcesz)
{
	struct msg_row m;
	int rc = 1;

	memset(&m, 0, sizeof(m));
	if (cli_msg("match", n, idprefix, true, &m) != 0)
		goto out;
	(void)snprintf(source, sourcesz, "request %s", m.id);
	if (strcmp(m.type, "request") != 0) {
		cli_err("match", "--request: %s is a %s, not a request", m.id,
		    m.type);
		goto out;
	}
	if (strcmp(m.dir, "in") != 0) {
		cli_err("match", "--request: %s is a request this node sent, "
		    "not one it received", m.id);
		goto out;
	}
	rc = parse(source, (const char *)m.raw, m.rawlen, l, f);
out:
	msg_row_done(&m);
	return rc;
}

/* The indicators of a file ("-": standard input). */
static int
from_file(const char *path, struct ind_list *l, struct faults *f)
{
	struct buf b;
	int rc = 1;

	buf_init(&b, HL_MAX_INDICATOR_FILE);
	if (cli_read("match", path, &b) == 0)
		rc = parse(path, (const char *)b.p, b.len, l, f);
	buf_done(&b);
	return rc;
}

static const char *const from_names[] = { "list", "body", "envelope" };

/* A path as a JSON string: escaped first if it is not UTF-8. */
static json_t *
jpath(const char *p)
{
	char e[4096 * ESC_MAX_EXPANSION + 1];

	if (cli_utf8(p))
		return json_string(p);
	(void)esc_bytes(e, sizeof(e), p, strlen(p), NULL);
	return json_string(e);
}

/* A duration as its largest whole unit: "1d", "36h", "90m", "45s". */
static void
duration(int64_t t, char *out, size_t n)
{
	if (t != 0 && t % 86400 == 0)
		(void)snprintf(out, n, "%lldd", (long long)(t / 86400));
	else if (t != 0 && t % 3600 == 0)
		(void)snprintf(out, n, "%lldh", (long long)(t / 3600));
	else if (t != 0 && t % 60 == 0)
		(void)snprintf(out, n, "%lldm", (long long)(t / 60));
	else
		(void)snprintf(out, n, "%llds", (long long)t);
}

/* The "provenance" of --json; NULL if a part cannot be built. */
static json_t *
provenance(const struct files *fl, const struct match_opts *o,
    const struct ind_list *l, const char *source, uint64_t invalid)
{
	json_t *files = json_array(), *j;

	for (size_t i = 0; files != NULL && i < fl->n; i++) {
		const struct match_input *in = &fl->in[i];

		j = json_pack("{s:o, s:I, s:s, s:o, s:I, s:I, s:I, s:I, s:I, "
		    "s:I, s:i, s:b}", "path", jpath(fl->path[i]), "size",
		    (json_int_t)in->size, "sha256", in->sha256, "format",
		    in->format != NULL ? json_string(in->format) : json_null(),
		    "lines",
		    (json_int_t)in->lines, "events", (json_int_t)in->events,
		    "blank", (json_int_t)in->blank, "malformed",
		    (json_int_t)in->malformed, "too_long",
		    (json_int_t)in->too_long, "filtered",
		    (json_int_t)in->filtered, "parts", in->parts, "binary",
		    in->binary);
		if (j != NULL && in->syslog_year != 0 && json_object_set_new(j,
		    "syslog_year", json_integer((json_int_t)in->syslog_year)))
			j = (json_decref(j), NULL);
		if (j != NULL && fl->error[i][0] != '\0' && json_object_set_new(j,
		    "error", json_string(fl->error[i])) != 0)
			j = (json_decref(j), NULL);
		if (json_array_append_new(files, j) != 0)
			files = (json_decref(files), NULL);
	}
	return json_pack("{s:s, s:o, s:{s:o, s:o}, s:{s:o, s:s, s:I, s:I, "
	    "s:I}}", "version", HL_VERSION, "files", files, "window",
	    "since", proto_time_json(o->since), "until",
	    proto_time_json(o->until), "indicators", "source", jpath(source),
	    "from",
	    from_names[l->from], "count", (json_int_t)l->n, "invalid",
	    (json_int_t)invalid, "repeats", (json_int_t)l->repeats);
}

/* Untrusted text (a path, a value, a field) into b, escaped. */
static void
add_esc(struct buf *b, const char *s)
{
	(void)!esc_buf(b, s, strlen(s));
}

/* The table, the not-found line and the provenance, for people. */
static void
text(struct buf *b, const struct match_set *s, const struct files *fl,
    const struct match_opts *o, const struct ind_list *l,
    const char *source, uint64_t invalid, int64_t margin, int widened)
{
	char a[PROTO_TIME_LEN], z[PROTO_TIME_LEN];
	size_t w = 9, found = 0;

	for (size_t i = 0; i < l->n; i++)
		if (match_seen(s, i)->count > 0 && l->v[i].len > w)
			w = l->v[i].len < 60 ? l->v[i].len : 60;
	(void)buf_printf(b, "%-*s  %-6s  %8s  %-20s  %-20s  %s\n", (int)w,
	    "INDICATOR", "TYPE", "COUNT", "FIRST SEEN", "LAST SEEN", "WHERE");
	for (size_t i = 0; i < l->n; i++) {
		const struct match_seen *m = match_seen(s, i);
		size_t vl;

		if (m->count == 0)
			continue;
		found++;
		(void)!esc_buf(b, l->v[i].value, l->v[i].len);
		vl = l->v[i].len;
		(void)buf_printf(b, "%*s  %-6s  %8llu  ", (int)(vl < w ? w - vl :
		    0), "", ioc_type_names[l->v[i].type],
		    (unsigned long long)m->count);
		proto_time_format(m->first, a);
		proto_time_format(m->last, z);
		(void)buf_printf(b, "%-20s  %-20s  ", m->first ? a : "-",
		    m->last ? z : "-");
		if (m->nwhere > 0) {
			add_esc(b, fl->path[m->where[0].file]);
			(void)buf_printf(b, ":%llu ",
			    (unsigned long long)m->where[0].line);
			add_esc(b, m->where[0].field);
		}
		if (m->count > 1)
			(void)buf_printf(b, " (+%llu)",
			    (unsigned long long)(m->count - 1));
		(void)buf_addc(b, '\n');
	}
	(void)buf_printf(b, "not found: %zu indicator%s\n\n", l->n - found,
	    l->n - found == 1 ? "" : "s");
	for (size_t i = 0; i < fl->n; i++) {
		const struct match_input *in = &fl->in[i];

		(void)buf_adds(b, "input     ");
		add_esc(b, fl->path[i]);
		if (fl->error[i][0] != '\0' && in->lines == 0) {
			(void)buf_adds(b, ": not read: ");
			add_esc(b, fl->error[i]);
			(void)buf_addc(b, '\n');
			continue;
		}
		if (in->sha256[0] != '\0')
			(void)buf_printf(b, " (%s, %llu bytes, sha256 %s)",
			    in->binary ? "binary" : in->format,
			    (unsigned long long)in->size, in->sha256);
		else
			(void)buf_printf(b, " (%s, standard input)",
			    in->binary ? "binary" : in->format);
		if (in->binary) {
			(void)buf_adds(b, ": skipped\n");
			continue;
		}
		(void)buf_printf(b, ": %llu lines, %llu events",
		    (unsigned long long)in->lines,
		    (unsigned long long)in->events);
		if (in->blank > 0)
			(void)buf_printf(b, ", %llu blank or headers",
			    (unsigned long long)in->blank);
		if (in->malformed > 0)
			(void)buf_printf(b, ", %llu malformed",
			    (unsigned long long)in->malformed);
		if (in->too_long > 0)
			(void)buf_printf(b, ", %llu too long",
			    (unsigned long long)in->too_long);
		if (in->first_bad > 0)
			(void)buf_printf(b, " (first at line %llu)",
			    (unsigned long long)in->first_bad);
		if (in->filtered > 0)
			(void)buf_printf(b, ", %llu outside the window",
			    (unsigned long long)in->filtered);
		if (fl->error[i][0] != '\0') {
			(void)buf_adds(b, "; not read whole: ");
			add_esc(b, fl->error[i]);
		}
		(void)buf_addc(b, '\n');
		if (in->syslog_year != 0)
			(void)buf_printf(b, "          syslog year taken from "
			    "the file's modification time (%lld)\n",
			    (long long)in->syslog_year);
	}
	proto_time_format(o->since, a);
	proto_time_format(o->until, z);
	if (o->since == 0 && o->until == 0)
		(void)buf_adds(b, "window    all");
	else if (o->until == 0)
		(void)buf_printf(b, "window    since %s", a);
	else if (o->since == 0)
		(void)buf_printf(b, "window    until %s", z);
	else
		(void)buf_printf(b, "window    %s to %s", a, z);
	duration(margin, a, sizeof(a));
	if (widened == (WIDE_SINCE | WIDE_UNTIL))
		(void)buf_printf(b, " (observed, widened by %s each side)", a);
	else if (widened == WIDE_SINCE)
		(void)buf_printf(b, " (since: observed, less %s)", a);
	else if (widened == WIDE_UNTIL)
		(void)buf_printf(b, " (until: observed, plus %s)", a);
	(void)buf_addc(b, '\n');
	(void)buf_printf(b, "indicators %zu from ", l->n);
	add_esc(b, source);
	(void)buf_printf(b, " (%s)", from_names[l->from]);
	if (invalid > 0)
		(void)buf_printf(b, ", %llu invalid skipped",
		    (unsigned long long)invalid);
	if (l->repeats > 0)
		(void)buf_printf(b, ", %llu repeat%s dropped",
		    (unsigned long long)l->repeats, l->repeats == 1 ? "" : "s");
	(void)buf_printf(b, "\nhotline   %s\n", HL_VERSION);
}

/* Reads each file into s; the number that could not be read whole. */
static size_t
read_all(struct files *fl, const struct match_opts *o, struct match_set *s,
    bool tty, double *t0)
{
	struct hl_diag d;
	struct stat sb;
	size_t bad = 0;
	int r;

	for (size_t i = 0; i < fl->n; i++) {
		struct match_input *in = &fl->in[i];

		in->path = fl->path[i];
		in->index = i;
		hl_diag_clear(&d);
		/* A directory opens, then reads as nothing: said instead. */
		if (strcmp(in->path, "-") != 0 && stat(in->path, &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			r = hl_diag_set(&d, HL_EIO, in->path, "is a directory");
		} else {
			*t0 = cli_mono();
			r = match_file(o, s, in, &d);
			if (tty && r == 0 && !in->binary) {
				cli_progress(t0, in->path, in->size, in->size);
				(void)fputc('\n', stderr);
			}
		}
		if (r != 0) {
			cli_err("match", "%s: %s", in->path, d.msg[0] != '\0' ?
			    d.msg : hl_strerror(r));
			(void)snprintf(fl->error[i], sizeof(fl->error[i]), "%s",
			    d.msg[0] != '\0' ? d.msg : hl_strerror(r));
			bad++;
		} else if (in->binary)
			cli_err("match", "%s: a binary file: skipped",
			    in->path);
	}
	return bad;
}

int
cmd_match_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "request", required_argument, NULL, 'r' },
		{ "indicators", required_argument, NULL, 'i' },
		{ "skip-invalid", no_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "margin", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct match_opts o = { .threads = 2 };
	struct ind_list l = { .v = NULL };
	struct files fl = { .path = NULL };
	struct faults f = { .source = NULL };
	struct match_set *s = NULL;
	struct node *n = NULL;
	struct buf b;
	json_t *found = NULL, *missing = NULL, *j;
	const char *request = NULL, *indfile = NULL, *outpath = NULL;
	const char *diropt = NULL;
	char source[96], *dump = NULL;
	bool json = false, skip = false, since_set = false, until_set = false;
	bool margin_set = false, tty = isatty(STDERR_FILENO);
	int widened = 0;
	int64_t margin = 0;
	size_t bad, nfound;
	double t0;
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		bool ok = true;

		switch (c) {
		case 'r': request = optarg; break;
		case 'i': indfile = optarg; break;
		case 'k': skip = true; break;
		case 's': ok = bound("since", optarg, &o.since, &since_set); break;
		case 'u': ok = bound("until", optarg, &o.until, &until_set); break;
		case 'm':
			if (strcmp(optarg, "0") == 0)
				margin = 0;
			else if (!proto_duration_parse(optarg, &margin)) {
				cli_err("match", "--margin: not a duration "
				    "(90m, 2h, 1d) or 0: '%s'", optarg);
				ok = false;
			}
			margin_set = true;
			break;
		case 'T':
			if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
				cli_err("match", "--threads: 1 or 2, not '%s'",
				    optarg);
				ok = false;
			}
			o.threads = optarg[0] - '0';
			break;
		case 'j': json = true; break;
		case 'o': outpath = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
		if (!ok)
			return EXIT_USAGE;
	}
	if (optind >= argc || (request == NULL) == (indfile == NULL))
		return cli_usage(usage, EXIT_USAGE);
	/* Standard input can be read once. */
	for (int i = optind, seen = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0) {
			if (indfile != NULL && strcmp(indfile, "-") == 0) {
				cli_err("match", "--indicators - and a LOG - "
				    "would both read standard input");
				return EXIT_USAGE;
			}
			if (seen++ > 0) {
				cli_err("match", "-: standard input can be "
				    "read once");
				return EXIT_USAGE;
			}
		}
	cli_json = json;
	if (request != NULL && (cli_node("match", diropt, &n) != 0 ||
	    from_request(n, request, &l, &f, source, sizeof(source)) != 0))
		goto out;
	if (indfile != NULL && from_file(indfile, &l, &f) != 0)
		goto out;
	if (f.n > 0 && !skip) {
		cli_err("match", "%llu invalid indicator%s: fix %s or give "
		    "--skip-invalid", (unsigned long long)f.n, f.n == 1 ? "" :
		    "s", f.n == 1 ? "it" : "them");
		goto out;
	}
	if (l.n == 0) {
		cli_err("match", "%s: no indicators to look for", f.source);
		goto out;
	}
	/* The request's own window, widened: both sides, unless set. */
	if (l.has_window && (!since_set || !until_set)) {
		if (!margin_set && !margin_default(n, diropt, &margin))
			goto out;
		if (!since_set)
			o.since = l.start - margin > 0 ? l.start - margin : 1;
		/* observed's end is its last second; until is past it. */
		if (!until_set)
			o.until = l.end + margin + 1;
		widened = (since_set ? 0 : WIDE_SINCE) |
		    (until_set ? 0 : WIDE_UNTIL);
	}
	if (o.since != 0 && o.until != 0 && o.until <= o.since) {
		cli_err("match", "the window is empty: --until is not after "
		    "--since");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((r = match_set_new(&l, &s)) != 0 ||
	    (r = files_expand(&fl, argc - optind, argv + optind)) != 0) {
		cli_err("match", "%s", hl_strerror(r));
		goto out;
	}
	o.progress = tty ? cli_progress : NULL;
	o.arg = &t0;
	bad = read_all(&fl, &o, s, tty, &t0);
	buf_init(&b, (size_t)HL_MAX_FINDINGS * MATCH_LINE_MAX);
	if (json) {
		if (match_json(s, (const char *const *)fl.path, &found,
		    &missing) != 0) {
			cli_err("match", "out of memory");
			goto out_buf;
		}
		nfound = json_array_size(found);
		j = json_pack("{s:o, s:o, s:o}", "findings", found,
		    "not_found", missing, "provenance", provenance(&fl, &o,
		    &l, f.source, f.n));
		found = missing = NULL;
		if (j == NULL || (dump = json_dumps(j, JSON_INDENT(2) |
		    JSON_ENSURE_ASCII)) == NULL) {
			json_decref(j);
			cli_err("match", "cannot build the JSON output (out of "
			    "memory, or text that is not UTF-8)");
			goto out_buf;
		}
		json_decref(j);
		(void)buf_adds(&b, dump);
		(void)buf_addc(&b, '\n');
	} else {
		nfound = 0;
		for (size_t i = 0; i < l.n; i++)
			nfound += match_seen(s, i)->count > 0;
		text(&b, s, &fl, &o, &l, f.source, f.n, margin, widened);
	}
	if (buf_err(&b) != 0) {
		cli_err("match", "cannot build the output: %s",
		    hl_strerror(buf_err(&b)));
		goto out_buf;
	}
	if (outpath != NULL)
		rc = cli_write("match", outpath, b.p, b.len);
	else
		rc = fwrite(b.p, 1, b.len, stdout) != b.len ||
		    fflush(stdout) != 0;
	if (nfound > HL_MAX_FINDINGS)
		cli_err("match", "%zu findings: a response carries at most %d; "
		    "split them or attach the rest", nfound, HL_MAX_FINDINGS);
	/* Found or not, the answer is whole only if every file was read. */
	if (rc == 0 && bad > 0)
		rc = 1;
out_buf:
	buf_done(&b);
out:
	free(dump);
	json_decref(found);
	json_decref(missing);
	match_set_free(s);
	files_free(&fl);
	ind_list_free(&l);
	node_close(n);
	return rc;
}
