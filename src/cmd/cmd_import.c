/*
 * hotline import: a STIX bundle, a MISP event, an IODEF document, a CSV
 * file or a plain list into a request body for `hotline send --body`.
 * The importers (src/interop) type and check every value; this front end
 * fills what the operator gives on the command line, prints the body and
 * says on stderr each thing the source held that the body does not.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "interop.h"
#include "jcs.h"
#include "limits.h"
#include "schema.h"
#include "tlp.h"

static const char usage[] =
    "hotline import [--format auto|stix|misp|iodef|csv|list]\n"
    "               [--summary TEXT] [--category C] [--severity S]\n"
    "               [--expect ACTION[,ACTION...]] [--observed START/END]\n"
    "               [--json] FILE|-\n"
    "\n"
    "Prints a request body built from FILE's indicators (and, where the\n"
    "source has them, its summary, category, severity, observed window,\n"
    "expectations and TLP marking), ready for `hotline send --body`.\n"
    "Each construct not imported is named on stderr; exit 1 then.";

/* What the operator gives wins over what the source says. */
struct fill {
	const char	*summary, *category, *severity, *expect;
	int64_t		 start, end;	/* --observed; 0: not given */
};

static void
say(void *arg, const char *where, const char *why)
{
	cli_err("import", "%s: %s: %s", (const char *)arg, where, why);
}

/* Sets body[member] to what the operator said, if anything. */
static int
put(json_t *body, const char *member, const char *value)
{
	if (value == NULL)
		return 0;
	return json_object_set_new(body, member, json_string(value));
}

/* --observed START/END into f. */
static bool
observed(const char *s, struct fill *f)
{
	char a[64];
	const char *slash = strchr(s, '/');

	if (slash == NULL || (size_t)(slash - s) >= sizeof(a))
		return false;
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = '\0';
	return cli_when(a, &f->start) && cli_when(slash + 1, &f->end) &&
	    f->end >= f->start;
}

/* --expect a,b,c into the body's expectations. */
static int
put_expect(json_t *body, const char *list)
{
	json_t *a;
	char buf[1024], *tok, *save = NULL;

	if (list == NULL)
		return 0;
	if ((a = json_array()) == NULL)
		return -1;
	(void)snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		if (json_array_append_new(a, json_string(tok)) != 0) {
			json_decref(a);
			return -1;
		}
	return json_object_set_new(body, "expectations", a);
}

static int
put_observed(json_t *body, const struct fill *f)
{
	char a[PROTO_TIME_LEN], b[PROTO_TIME_LEN];

	if (f->start == 0 && f->end == 0)
		return 0;
	proto_time_format(f->start, a);
	proto_time_format(f->end, b);
	return json_object_set_new(body, "observed", json_pack("{s:s, s:s}",
	    "start", a, "end", b));
}

int
cmd_import_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "summary", required_argument, NULL, 's' },
		{ "category", required_argument, NULL, 'c' },
		{ "severity", required_argument, NULL, 'v' },
		{ "expect", required_argument, NULL, 'e' },
		{ "observed", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *fmtname = "auto", *path;
	struct fill fill = { NULL, NULL, NULL, NULL, 0, 0 };
	struct imp *im = NULL;
	struct hl_diag d;
	struct buf b;
	json_t *body = NULL, *out;
	char missing[128];
	bool json = false, bad = false;
	int c, f, r, rc = 1;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'f': fmtname = optarg; break;
		case 's': fill.summary = optarg; break;
		case 'c': fill.category = optarg; break;
		case 'v': fill.severity = optarg; break;
		case 'e': fill.expect = optarg; break;
		case 'o':
			if (!observed(optarg, &fill)) {
				cli_err("import", "--observed '%s': not START/END, "
				    "each a date (2026-11-27) or an RFC 3339 "
				    "time, END not before START", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j': json = cli_json = true; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(usage, EXIT_USAGE);
	path = argv[optind];
	if ((f = proto_lookup(imp_format_names, fmtname)) < 0) {
		cli_err("import", "--format '%s': must be auto, stix, misp, "
		    "iodef, csv or list", fmtname);
		return EXIT_USAGE;
	}
	if (fill.summary != NULL && !cli_utf8(fill.summary)) {
		cli_err("import", "--summary: not valid UTF-8");
		return EXIT_USAGE;
	}
	buf_init(&b, HL_MAX_IMPORT_FILE);
	if (cli_read("import", path, &b) != 0)
		goto out;
	if (f == IMP_AUTO)
		f = (int)imp_detect((const char *)b.p, b.len);
	if ((im = imp_new(path)) == NULL) {
		cli_err("import", "out of memory");
		goto out;
	}
	hl_diag_clear(&d);
	if ((r = imp_read((enum imp_format)f, path, (const char *)b.p, b.len,
	    im, &d)) != 0) {
		cli_diag("import", path, r, &d);
		if (json)
			(void)cli_print_json(cli_problem(r, &d));
		goto out;
	}
	if ((body = imp_body(im)) == NULL || put(body, "summary",
	    fill.summary) != 0 || put(body, "category", fill.category) != 0 ||
	    put(body, "severity", fill.severity) != 0 ||
	    put_expect(body, fill.expect) != 0 || put_observed(body,
	    &fill) != 0) {
		cli_err("import", "out of memory");
		goto out;
	}
	/*
	 * The marking travels with the body file, so that send keeps it
	 * (send refuses to lower it unforced); it is not a body member.
	 */
	if (imp_mark(im, body) != 0) {
		cli_err("import", "out of memory");
		goto out;
	}
	imp_reports_each(im, say, (void *)path);
	hl_diag_clear(&d);
	if ((r = imp_check(body, missing, sizeof(missing), &d)) != 0) {
		cli_diag("import", path, r, &d);
		bad = true;
	}
	if (imp_count(im) == 0)
		cli_err("import", "%s: no indicator hotline can carry", path);
	if (missing[0] != '\0' && !json)
		cli_err("import", "%s: the body lacks %s: give them (--summary, "
		    "--category, --severity, --expect, --observed) or add "
		    "them before sending", path, missing);
	if (json) {
		out = imp_answer(im, (enum imp_format)f, body, missing);
		if (cli_print_json(out) != 0)
			goto out;
	} else if (cli_print_json(json_incref(body)) != 0)
		goto out;
	rc = bad || imp_nreports(im) > 0 || imp_count(im) == 0 ? 1 : 0;
out:
	json_decref(body);
	imp_free(im);
	buf_done(&b);
	return rc;
}
