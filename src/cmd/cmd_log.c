/*
 * hotline log: the node's transparency log. head, leaf, proofs in C2SP
 * forms, a full verification, and the file-based witness exchange
 * (cosign a peer's checkpoint; take peers' cosignatures on ours).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cli_node.h"
#include "enc.h"
#include "jcs.h"
#include "note.h"
#include "tlog.h"
#include "trail.h"

static const char usage[] =
    "hotline log head [--json] [--dir DIR]\n"
    "       hotline log leaf N [--json] [--dir DIR]\n"
    "       hotline log proof inclusion N [--size S] [--json] [--dir DIR]\n"
    "       hotline log proof consistency A B [--json] [--dir DIR]\n"
    "       hotline log verify [--json] [--dir DIR]\n"
    "       hotline log cosign --peer PEER [--proof FILE] NOTE|- [--dir DIR]\n"
    "       hotline log cosignature add NOTE|- [--dir DIR]";

static bool
num(const char *s, uint64_t *out)
{
	int64_t v;

	if (!proto_int_parse(s, 0, INT64_MAX, &v))
		return false;
	*out = (uint64_t)v;
	return true;
}

/* Base64 of a hash as a new JSON string, or NULL. */
static json_t *
b64_json(const merkle_hash h)
{
	struct buf b;
	json_t *v;

	buf_init(&b, 64);
	v = enc_b64(h, MERKLE_HASH, &b) == 0 ? json_string(buf_str(&b)) :
	    NULL;
	buf_done(&b);
	return v;
}

/* The hashes of a proof as a JSON array of base64 strings, or NULL. */
static json_t *
hashes_json(const struct merkle_proof *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < p->len; i++)
		if (json_array_append_new(a, b64_json(p->h[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/*
 * The note as --json shows it: origin, size, root and the note's text,
 * with the name and key id of each signature line (the log's and its
 * cosigners'; note verify says which verify).
 */
static json_t *
note_json(const struct buf *b)
{
	struct checkpoint cp;
	struct note *nt = NULL;
	json_t *o = NULL, *sigs;

	if (note_parse(b->p, b->len, &nt, NULL) != 0 ||
	    checkpoint_parse(nt->buf, nt->textlen, &cp, NULL) != 0 ||
	    (sigs = json_array()) == NULL)
		goto out;
	for (size_t i = 0; sigs != NULL && i < nt->nsigs; i++) {
		char kid[9];

		(void)snprintf(kid, sizeof(kid), "%08x", nt->sigs[i].id);
		if (json_array_append_new(sigs, json_pack("{s:s%, s:s}",
		    "name", nt->sigs[i].name, nt->sigs[i].namelen, "key_id",
		    kid)) != 0) {
			json_decref(sigs);
			sigs = NULL;
		}
	}
	o = json_pack("{s:s, s:I, s:o, s:s%, s:o}", "origin", cp.origin,
	    "size", (json_int_t)cp.size, "root", b64_json(cp.root), "note",
	    (const char *)b->p, b->len, "signatures", sigs);
out:
	note_free(nt);
	return o;
}

static int
log_head(struct node *n, bool json)
{
	struct buf b;
	uint64_t size;
	int r;

	buf_init(&b, HL_MAX_NOTE_BYTES * 2);
	if ((r = tlog_note(&n->tlog, -1, &b, &size)) != 0) {
		cli_err("log head", "%s", hl_strerror(r));
		buf_done(&b);
		return 1;
	}
	if (json)
		r = cli_print_json(note_json(&b));
	else
		r = fwrite(b.p, 1, b.len, stdout) == b.len ? 0 : 1;
	buf_done(&b);
	return r;
}

static int
log_leaf(struct node *n, uint64_t idx, bool json)
{
	merkle_hash h;
	char hex[2 * MERKLE_HASH + 1];
	struct buf b;
	json_t *leaf, *o;
	int r;

	buf_init(&b, HL_MAX_LEAF_BYTES);
	if ((r = node_log_leaf(n, idx, &b)) != 0) {
		if (r == HL_ENOTFOUND)
			cli_err("log leaf", "no leaf %llu: the log has %llu",
			    (unsigned long long)idx,
			    (unsigned long long)mlog_size(&n->log));
		else
			cli_err("log leaf", "%s", hl_strerror(r));
		buf_done(&b);
		return 1;
	}
	if (!json) {
		/* The exact bytes, a line of them; escaped on a terminal. */
		if (isatty(STDOUT_FILENO))
			r = cli_write_exact("log leaf", b.p, b.len);
		else
			r = fwrite(b.p, 1, b.len, stdout) == b.len &&
			    fputc('\n', stdout) != EOF ? 0 : 1;
		buf_done(&b);
		return r;
	}
	merkle_leaf_hash(b.p, b.len, h);
	enc_hex(h, MERKLE_HASH, hex);
	if (jcs_parse(b.p, b.len, 8, 0, &leaf, NULL) != 0) {
		cli_err("log leaf", "leaf %llu is not JSON",
		    (unsigned long long)idx);
		buf_done(&b);
		return 1;
	}
	jcs_show_ints(leaf);
	o = json_pack("{s:I, s:s, s:o}", "index", (json_int_t)idx,
	    "leaf_hash", hex, "leaf", leaf);
	buf_done(&b);
	return cli_print_json(o);
}

static int
log_inclusion(struct node *n, uint64_t idx, int64_t size, bool json)
{
	struct merkle_proof p;
	struct buf note, out;
	uint64_t got;
	int r, rc = 1;

	buf_init(&note, HL_MAX_NOTE_BYTES * 2);
	buf_init(&out, HL_MAX_NOTE_BYTES * 3);
	if ((r = tlog_note(&n->tlog, size, &note, &got)) != 0) {
		if (r == HL_ENOTFOUND)
			cli_err("log proof", "no signed checkpoint of size "
			    "%lld", (long long)size);
		else
			cli_err("log proof", "%s", hl_strerror(r));
		goto out;
	}
	if (idx >= got) {
		cli_err("log proof", "leaf %llu is not in the tree of size %llu",
		    (unsigned long long)idx, (unsigned long long)got);
		goto out;
	}
	if ((r = mlog_inclusion(&n->log, idx, got, &p)) != 0 ||
	    (r = tlogproof_format(idx, &p, note.p, note.len, &out)) != 0) {
		cli_err("log proof", "%s", hl_strerror(r));
		goto out;
	}
	if (json)
		rc = cli_print_json(json_pack("{s:I, s:I, s:o, s:s%, s:s%}",
		    "index", (json_int_t)idx, "size", (json_int_t)got,
		    "hashes", hashes_json(&p), "checkpoint",
		    (const char *)note.p, note.len, "proof",
		    (const char *)out.p, out.len));
	else
		rc = fwrite(out.p, 1, out.len, stdout) == out.len ? 0 : 1;
out:
	buf_done(&note);
	buf_done(&out);
	return rc;
}

static int
log_consistency(struct node *n, uint64_t a, uint64_t b, bool json)
{
	struct merkle_proof p = { .len = 0 };
	struct buf out;
	int r;

	if (a > b || b > mlog_size(&n->log)) {
		cli_err("log proof", "need 0 <= A <= B <= %llu (the log's size)",
		    (unsigned long long)mlog_size(&n->log));
		return 1;
	}
	/* From nothing, or to the same tree, there is nothing to prove. */
	if (a != 0 && a != b && (r = mlog_consistency(&n->log, a, b,
	    &p)) != 0) {
		cli_err("log proof", "%s", hl_strerror(r));
		return 1;
	}
	if (json)
		return cli_print_json(json_pack("{s:I, s:I, s:o}", "from",
		    (json_int_t)a, "to", (json_int_t)b, "hashes",
		    hashes_json(&p)));
	buf_init(&out, 64 * 64);
	for (size_t i = 0; i < p.len; i++) {
		(void)enc_b64(p.h[i], MERKLE_HASH, &out);
		(void)buf_addc(&out, '\n');
	}
	r = buf_err(&out) == 0 && fwrite(out.p, 1, out.len, stdout) ==
	    out.len ? 0 : 1;
	buf_done(&out);
	return r;
}

static int
log_verify(struct node *n, bool json)
{
	struct tlog_stats st;
	struct hl_diag d;
	int r;

	hl_diag_clear(&d);
	/*
	 * The result stands as an alarm until a later verify passes, so a
	 * broken log shows in status --check, not only on this terminal.
	 */
	if ((r = tlog_verify(&n->tlog, &st, &d)) != 0) {
		char msg[800];

		cli_diag("log verify", NULL, r, &d);
		hl_diag_format(&d, r, msg, sizeof(msg));
		if (node_alarm(n, ALARM_LOG_INVALID, "", NULL, msg,
		    (int64_t)time(NULL)) != 0)
			cli_err("log verify", "cannot record the alarm");
		if (json)
			(void)cli_print_json(json_pack("{s:b, s:o}",
			    "verified", 0, "problem", cli_problem(r, &d)));
		return 1;
	}
	/* The node's own verdict, not a person's act: no trail row. */
	node_set_actor(n, "", VIA_CLI);
	(void)node_alarm_clear(n, ALARM_LOG_INVALID, "", NULL);
	if (json)
		return cli_print_json(json_pack("{s:b, s:I, s:I, s:I}",
		    "verified", 1, "leaves", (json_int_t)st.leaves,
		    "checkpoints", (json_int_t)st.checkpoints, "cosignatures",
		    (json_int_t)st.cosignatures));
	cli_printf("log verified: %llu lea%s, %llu checkpoint%s, %llu "
	    "cosignature%s\n", (unsigned long long)st.leaves,
	    st.leaves == 1 ? "f" : "ves", (unsigned long long)st.checkpoints,
	    st.checkpoints == 1 ? "" : "s",
	    (unsigned long long)st.cosignatures,
	    st.cosignatures == 1 ? "" : "s");
	return 0;
}

/* Reads a consistency proof: base64 hashes, one per line. */
static int
read_proof(const char *path, struct merkle_proof *p)
{
	struct buf b;
	size_t at = 0;
	int rc = 1;

	p->len = 0;
	buf_init(&b, 128 * MERKLE_MAX_PROOF);
	if (cli_read("log cosign", path, &b) != 0)
		goto out;
	while (at < b.len) {
		const uint8_t *nl = memchr(b.p + at, '\n', b.len - at);
		size_t len = nl ? (size_t)(nl - (b.p + at)) : b.len - at;

		if (len > 0 && (p->len == MERKLE_MAX_PROOF ||
		    !enc_b64_decode_exact((const char *)b.p + at, len,
		    p->h[p->len++], MERKLE_HASH))) {
			cli_err("log cosign", "%s: line %zu is not the base64 "
			    "of a 32-byte hash", path, p->len);
			goto out;
		}
		at += len + 1;
	}
	rc = 0;
out:
	buf_done(&b);
	return rc;
}

static int
log_cosign(struct node *n, const char *peer, const char *proofpath,
    const char *path)
{
	struct merkle_proof p = { .len = 0 };
	struct hl_diag d;
	struct buf in, out;
	int r, rc = 1;

	buf_init(&in, HL_MAX_NOTE_BYTES);
	buf_init(&out, HL_MAX_NOTE_BYTES + 1024);
	if ((proofpath != NULL && read_proof(proofpath, &p) != 0) ||
	    cli_read("log cosign", path, &in) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = tlog_cosign(&n->tlog, peer, in.p, in.len, &p, (int64_t)time(NULL),
	    &out, &d)) != 0) {
		cli_diag("log cosign", path, r, &d);
		goto out;
	}
	(void)fwrite(out.p, 1, out.len, stdout);
	rc = 0;
out:
	buf_done(&in);
	buf_done(&out);
	return rc;
}

static int
log_add_cosignatures(struct node *n, const char *path)
{
	struct hl_diag d;
	struct buf in;
	int added, r, rc = 1;

	buf_init(&in, HL_MAX_NOTE_BYTES);
	if (cli_read("log cosignature", path, &in) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = tlog_add_cosignatures(&n->tlog, in.p, in.len, &added, &d)) != 0) {
		cli_diag("log cosignature", path, r, &d);
		goto out;
	}
	cli_printf("added %d cosignature%s\n", added, added == 1 ? "" : "s");
	rc = 0;
out:
	buf_done(&in);
	return rc;
}

int
cmd_log_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "size", required_argument, NULL, 's' },
		{ "peer", required_argument, NULL, 'p' },
		{ "proof", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *diropt = NULL, *peer = NULL, *proof = NULL, *sub, *sub2;
	/* Which of --json, --size, --peer, --proof were given. */
	const char *given[4] = { NULL };
	char *words[4];
	int nwords = 0, c, rc;
	int64_t size = -1;
	bool json = false;
	struct node *n;
	uint64_t a = 0, b = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diropt = optarg; break;
		case 'j': json = cli_json = true; given[0] = "--json"; break;
		case 's':
			given[1] = "--size";
			if (!num(optarg, &a)) {
				cli_err("log", "--size '%s': not a tree size",
				    optarg);
				return EXIT_USAGE;
			}
			size = (int64_t)a;
			break;
		case 'p': peer = optarg; given[2] = "--peer"; break;
		case 'P': proof = optarg; given[3] = "--proof"; break;
		case 'h': return cli_usage(usage, 0);
		default: return cli_usage(usage, EXIT_USAGE);
		}
	}
	for (; optind < argc && nwords < 4; optind++)
		words[nwords++] = argv[optind];
	if (optind < argc || nwords == 0)
		return cli_usage(usage, EXIT_USAGE);
	sub = words[0];
	sub2 = nwords > 1 ? words[1] : "";
	if (!((strcmp(sub, "head") == 0 && nwords == 1) ||
	    (strcmp(sub, "verify") == 0 && nwords == 1) ||
	    (strcmp(sub, "leaf") == 0 && nwords == 2 && num(sub2, &a)) ||
	    (strcmp(sub, "proof") == 0 && strcmp(sub2, "inclusion") == 0 &&
	    nwords == 3 && num(words[2], &a)) ||
	    (strcmp(sub, "proof") == 0 && strcmp(sub2, "consistency") == 0 &&
	    nwords == 4 && num(words[2], &a) && num(words[3], &b)) ||
	    (strcmp(sub, "cosign") == 0 && nwords == 2 && peer != NULL) ||
	    (strcmp(sub, "cosignature") == 0 && strcmp(sub2, "add") == 0 &&
	    nwords == 3)))
		return cli_usage(usage, EXIT_USAGE);
	/*
	 * The subcommands share one option table; an option the chosen one
	 * does not use is a usage error, never silently ignored.
	 */
	{
		bool proofs = strcmp(sub, "proof") == 0;
		bool cosign = strcmp(sub, "cosign") == 0;
		bool uses[4] = {
			!cosign && strcmp(sub, "cosignature") != 0,
			strcmp(sub2, "inclusion") == 0,
			cosign,
			cosign,
		};

		for (int i = 0; i < 4; i++)
			if (given[i] != NULL && !uses[i]) {
				cli_err("log", "%s: not an option of log "
				    "%s%s%s", given[i], sub, proofs ? " " : "",
				    proofs ? sub2 : "");
				return cli_usage(usage, EXIT_USAGE);
			}
	}
	if (cli_node("log", diropt, &n) != 0)
		return 1;
	if (strcmp(sub, "head") == 0)
		rc = log_head(n, json);
	else if (strcmp(sub, "verify") == 0)
		rc = log_verify(n, json);
	else if (strcmp(sub, "leaf") == 0)
		rc = log_leaf(n, a, json);
	else if (strcmp(sub2, "inclusion") == 0)
		rc = log_inclusion(n, a, size, json);
	else if (strcmp(sub2, "consistency") == 0)
		rc = log_consistency(n, a, b, json);
	else if (strcmp(sub, "cosign") == 0)
		rc = log_cosign(n, peer, proof, sub2);
	else
		rc = log_add_cosignatures(n, words[2]);
	node_close(n);
	return rc;
}
