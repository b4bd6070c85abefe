/*
 * hotline export: one message the node holds (sent or received) as a
 * STIX 2.1 bundle, a MISP event or an IODEF v2 document, for the team's
 * own tools. The document carries the message's TLP marking, or a
 * stricter one given; never a lower one, and TLP:RED never leaves the
 * node, without --force (tlp.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_node.h"
#include "envelope.h"
#include "iodef.h"
#include "limits.h"
#include "misp.h"
#include "stix.h"
#include "tlp.h"
#include "view.h"

static const char usage[] =
    "hotline export ID --format stix|misp|iodef [--tlp LEVEL]\n"
    "               [--force] [--out FILE] [--dir DIR]\n"
    "\n"
    "Writes the message ID (a request, response, notice, query or\n"
    "escalation, sent or received) as a STIX 2.1 bundle, a MISP event\n"
    "or an IODEF v2 document, marked with its TLP or a stricter --tlp.";

enum { EXP_STIX, EXP_MISP, EXP_IODEF };
static const char *const formats[] = { "stix", "misp", "iodef", NULL };

/* The document of the message, in out. */
static int
render(int f, const struct envelope_hdr *h, struct buf *out,
    struct hl_diag *d)
{
	json_t *doc = NULL;
	char *s;
	int r;

	if (f == EXP_IODEF)
		return iodef_document(h, out, d);
	r = f == EXP_STIX ? stix_bundle(h, &doc, d) : misp_event(h, &doc, d);
	if (r != 0)
		return r;
	/* Sorted keys: the same message, the same bytes. */
	s = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_ENSURE_ASCII);
	json_decref(doc);
	if (s == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	(void)buf_adds(out, s);
	(void)buf_adds(out, "\n");
	free(s);
	return buf_err(out);
}

int
cmd_export_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "tlp", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'F' },
		{ "out", required_argument, NULL, 'o' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *fmtname = NULL, *tlpname = NULL, *outpath = NULL,
	    *diropt = NULL;
	struct envelope *e = NULL;
	struct node *n = NULL;
	struct msg_row m;
	struct hl_diag d;
	struct buf out;
	char msg[64], what[96];
	bool force = false;
	int c, f, r, rc = 1, as = -1, held;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': fmtname = optarg; break;
		case 'p': tlpname = optarg; break;
		case 'F': force = true; break;
		case 'o': outpath = optarg; break;
		case 'd': diropt = optarg; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	if (optind != argc - 1 || fmtname == NULL)
		return cli_usage(usage, EXIT_USAGE);
	if ((f = proto_lookup(formats, fmtname)) < 0) {
		cli_err("export", "--format '%s': must be stix, misp or iodef",
		    fmtname);
		return EXIT_USAGE;
	}
	if (tlpname != NULL && (as = tlp_option(tlpname)) < 0) {
		cli_err("export", "--tlp '%s': must be clear, green, amber, "
		    "amber+strict or red (in any case)", tlpname);
		return EXIT_USAGE;
	}
	buf_init(&out, HL_MAX_IMPORT_FILE);
	memset(&m, 0, sizeof(m));
	if (cli_node("export", diropt, &n) != 0)
		goto done;
	if (cli_msg("export", n, argv[optind], true, &m) != 0)
		goto done;
	hl_diag_clear(&d);
	/* What the node stored passed these checks; a bad row says so. */
	if ((r = envelope_parse(m.raw, m.rawlen, &e, &d)) != 0) {
		cli_diag("export", m.id, r, &d);
		goto done;
	}
	(void)snprintf(msg, sizeof(msg), "%s %.12s",
	    proto_type_names[e->hdr.type], m.id);
	(void)snprintf(what, sizeof(what), "the marking of %s", msg);
	/* A peer's answer is held as strictly as what it answers. */
	if ((held = node_msg_tlp(n, &m)) < 0)
		held = (int)e->hdr.tlp;
	if (as < 0)
		as = held;
	if ((r = tlp_carry((enum tlp)held, (enum tlp)as, force, what,
	    &d)) != 0 || (r = tlp_beyond((enum tlp)held, force, msg, &d)) != 0) {
		cli_diag("export", NULL, r, &d);
		goto done;
	}
	e->hdr.tlp = (enum tlp)as;
	if ((r = render(f, &e->hdr, &out, &d)) != 0) {
		cli_diag("export", m.id, r, &d);
		goto done;
	}
	if (outpath != NULL)
		rc = cli_write("export", outpath, out.p, out.len);
	else
		rc = fwrite(out.p, 1, out.len, stdout) == out.len &&
		    fflush(stdout) == 0 ? 0 : 1;
done:
	envelope_free(e);
	msg_row_done(&m);
	node_close(n);
	buf_done(&out);
	return rc;
}
