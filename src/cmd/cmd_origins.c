/*
 * hotline origins: attack logs to a table of source countries (or
 * autonomous systems), with the method beside the numbers: every input
 * file and database named with its SHA-256, every line counted as an
 * event or a skip with its reason. The same logs and database give the
 * same table to anyone. The front end: options, the peer, progress on a
 * terminal and output; the reading and counting are src/evidence's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "esc.h"
#include "geo.h"
#include "hl_version.h"
#include "provenance.h"
#include "request.h"
#include "table.h"
#include "tally.h"

static const char usage[] =
    "hotline origins FILE... [--format FORMAT] [--geo MMDB]\n"
    "               [--asn MMDB] [--by country|registered|asn]\n"
    "               [--count events|addresses]\n"
    "               [--since DATE] [--until DATE] [--event TYPE] [--top N]\n"
    "               [--json | --csv] [--svg FILE] [--request-to PEER]\n"
    "               [--threads 1|2] [--dir DIR]\n"
    "FORMAT: auto, list, web, eve, zeek, zeek-json, auth or csv";

/* A line of a library's text, escaped as every other output is. */
static void
print_line(void *arg, const char *text)
{
	if (arg != NULL)
		cli_err("origins", "%s", text);
	else
		cli_printf("%s\n", text);
}

/* The addresses of the peer's state, as a request queued to it. */
static int
request_to(struct node *n, const char *peer, const struct card *c,
    struct geo *geo, const struct geo_meta *db, const struct provenance *p)
{
	struct send_args a = { .to = peer, .type = MSG_REQUEST,
	    .tlp = TLP_AMBER, .now = (int64_t)time(NULL) };
	struct request q = { .body = NULL };
	struct hl_diag d;
	char id[65];
	int r, rc = 1;

	hl_diag_clear(&d);
	if ((r = request_build(p, geo, db, peer, c->state, a.now, &q, &d)) != 0) {
		cli_err("origins", "%s%s", r == HL_ENOMEM ? "" :
		    "--request-to: ", d.msg);
		goto out;
	}
	a.subject = q.subject;
	a.body = q.body;
	a.deadline = SEND_POLICY_DEADLINE;
	if ((r = node_send(n, &a, id, &d)) != 0)
		cli_diag("origins", "--request-to", r, &d);
	else {
		cli_printf("request   %s queued to %s: %zu addresses, %llu "
		    "events\n", id, peer, q.addresses,
		    (unsigned long long)q.events);
		rc = 0;
	}
out:
	json_decref(q.body);
	return rc;
}

/* Which of words arg is, or -1 with what the option takes said. */
static int
choice(const char *const *words, const char *says, const char *arg)
{
	int k = proto_lookup(words, arg);

	if (k < 0)
		cli_err("origins", "%s'%s'", says, arg);
	return k;
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
		{ "json", no_argument, NULL, 'j' }, { "csv", no_argument, NULL, 'v' },
		{ "svg", required_argument, NULL, 'S' },
		{ "request-to", required_argument, NULL, 'R' },
		{ "threads", required_argument, NULL, 'T' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	static const char *const by[] = { "country", "registered", "asn", NULL };
	static const char *const count[] = { "events", "addresses", NULL };
	static const char *const threads[] = { "1", "2", NULL };
	struct tally_opts o = { .format = ORIGINS_AUTO, .threads = 2 };
	struct table tb = { .by = TABLE_COUNTRY };
	struct origins_tally t = { 0 };
	struct provenance p = { .version = HL_VERSION, .how = &o, .table = &tb,
	    .t = &t };
	struct tally_input *in = NULL;
	struct geo *geo = NULL, *asn = NULL;
	struct geo_meta gm, am;
	struct hl_diag d;
	struct node *n = NULL;
	struct card pc;
	struct buf svg;
	const char *diropt = NULL, *geopath = NULL, *asnpath = NULL;
	const char *svgpath = NULL, *peer = NULL;
	char dir[4096], dflt[4200];
	bool json = false, csv = false, tty = isatty(STDERR_FILENO);
	double t0;
	int c, k = 0, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			k = choice(origins_format_names, "--format: not auto, "
			    "list, web, eve, zeek, zeek-json, auth or csv: ",
			    optarg);
			o.format = (enum origins_format)k;
			break;
		case 'b':
			k = choice(by, "--by: country, registered or asn, not ",
			    optarg);
			tb.by = (enum table_by)k;
			break;
		case 'c':
			k = choice(count, "--count: events or addresses, not ",
			    optarg);
			tb.by_addresses = k == 1;
			break;
		case 'T':
			k = choice(threads, "--threads: 1 or 2, not ", optarg);
			o.threads = k + 1;
			break;
		case 's':
		case 'u':
			if (!cli_time_rel(optarg, (int64_t)time(NULL), -1,
			    c == 's' ? &o.since : &o.until)) {
				cli_err("origins", "--%s: not a duration, a date "
				    "or an RFC 3339 time: '%s'", c == 's' ?
				    "since" : "until", optarg);
				k = -1;
			}
			break;
		case 'n':
			if ((tb.top = strtol(optarg, NULL, 10)) <= 0) {
				cli_err("origins", "--top: a positive number, "
				    "not '%s'", optarg);
				k = -1;
			}
			break;
		case 'g': geopath = optarg; break;
		case 'a': asnpath = optarg; break;
		case 'e': o.event = optarg; break;
		case 'j': json = true; break;
		case 'v': csv = true; break;
		case 'S': svgpath = optarg; break;
		case 'R': peer = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
		if (k < 0)
			return EXIT_USAGE;
	}
	if (optind >= argc || (json && csv))
		return cli_usage(usage, EXIT_USAGE);
	if (tb.by == TABLE_ASN && asnpath == NULL) {
		cli_err("origins", "--by asn needs an ASN database: --asn MMDB");
		return EXIT_USAGE;
	}
	if (geopath == NULL) {
		if (node_dir(diropt, dir, sizeof(dir)) != 0) {
			cli_err("origins", "no country database: give --geo MMDB");
			return EXIT_USAGE;
		}
		(void)snprintf(dflt, sizeof(dflt), "%s/geo/country.mmdb", dir);
		geopath = dflt;
	}
	/* A request to a stranger: said before reading gigabytes. */
	if (peer != NULL && (cli_node("origins", diropt, &n) != 0 ||
	    node_peer_get(n, peer, &pc) != 0)) {
		if (n != NULL)
			cli_err("origins", "--request-to: unknown peer %s: pin "
			    "its card with hotline peer add", peer);
		goto out;
	}
	hl_diag_clear(&d);
	if ((k = geo_open(geopath, &geo, &gm, &d)) != 0) {
		cli_diag("origins", geopath, k, &d);
		goto out;
	}
	if (asnpath != NULL && (k = geo_open(asnpath, &asn, &am, &d)) != 0) {
		cli_diag("origins", asnpath, k, &d);
		goto out;
	}
	p.nin = (size_t)(argc - optind);
	if ((p.in = in = calloc(p.nin, sizeof(*in))) == NULL)
		goto out;
	origins_tally_init(&t, tally_cap(getenv("HOTLINE_TEST_ORIGINS_CAP")));
	o.now = (int64_t)time(NULL);
	o.progress = tty ? cli_progress : NULL;
	o.arg = &t0;
	for (size_t i = 0; i < p.nin; i++) {
		in[i].path = argv[optind + (int)i];
		t0 = cli_mono();
		if ((k = tally_file(&o, &in[i], &t, &d)) != 0) {
			cli_err("origins", "%s: %s", in[i].path, d.msg);
			goto out;
		}
		if (tty) {
			cli_progress(&t0, in[i].path, in[i].size, in[i].size);
			(void)fputc('\n', stderr);
		}
		tally_faults(&in[i], print_line, stderr);
		if (t.over > 0 && p.cap_path == NULL) {
			p.cap_path = in[i].path;
			p.cap_line = t.over_line;
			cli_err("origins", "%s:%llu: more than %zu distinct "
			    "addresses: from here on, events of addresses not "
			    "yet counted are counted as over the cap, in no row",
			    p.cap_path, (unsigned long long)p.cap_line, t.max);
		}
	}
	p.dbpath = tb.by == TABLE_ASN ? asnpath : geopath;
	p.db = tb.by == TABLE_ASN ? &am : &gm;
	if (table_group(&tb, tb.by == TABLE_ASN ? asn : geo, &t, &d) != 0) {
		cli_err("origins", "%s: %s", p.dbpath, d.msg);
		goto out;
	}
	if (json)
		rc = cli_print_json(json_pack("{s:o, s:o}", "provenance",
		    provenance_json(&p), "rows", table_json(&tb)));
	else if (csv)
		rc = table_csv(&tb, print_line, NULL) != 0;
	else
		rc = table_text(&tb, print_line, NULL) != 0 ||
		    provenance_text(&p, print_line, NULL) != 0;
	buf_init(&svg, 1024 * 1024);
	if (rc == 0 && svgpath != NULL)
		rc = provenance_svg(&p, &svg) != 0 ||
		    cli_write("origins", svgpath, svg.p, svg.len) != 0;
	buf_done(&svg);
	/* A request names what was counted: not a count cut at the cap. */
	if (rc == 0 && peer != NULL && p.cap_path != NULL)
		cli_err("origins", "no request queued to %s: the addresses "
		    "were over the cap", peer);
	else if (rc == 0 && peer != NULL)
		rc = request_to(n, peer, &pc, geo, &gm, &p);
	/* The table is whole for what it counts, and says what it does not. */
	if (p.cap_path != NULL)
		rc = 1;
out:
	node_close(n);
	geo_close(geo);
	geo_close(asn);
	origins_tally_free(&t);
	table_free(&tb);
	free(in);
	return rc;
}
