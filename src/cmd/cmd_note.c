/*
 * hotline note verify and hotline proof verify: offline checks of signed
 * notes (anyone's) and of C2SP tlog-proof files, with verifier keys given
 * on the command line and nothing else.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "checkpoint.h"
#include "cli.h"
#include "enc.h"
#include "jcs.h"
#include "note.h"

#define MAX_KEYS	32

/* What a note's signature lines came to. */
struct tally {
	int	verified;	/* signatures and cosignatures that verified */
	int	bad;
	bool	origin_signed;	/* the log (key named as the origin) signed */
};

/* One signature line as --json lists it; false if it cannot be added. */
static bool
add_sig(json_t *a, const char *result, const char *name, size_t namelen,
    uint32_t id, const char *when)
{
	char kid[9];
	json_t *o;

	if (a == NULL)
		return true;
	(void)snprintf(kid, sizeof(kid), "%08x", id);
	o = json_pack("{s:s, s:s%, s:s}", "result", result, "name", name,
	    namelen, "key_id", kid);
	if (o != NULL && when != NULL &&
	    json_object_set_new(o, "time", json_string(when)) != 0) {
		json_decref(o);
		o = NULL;
	}
	return json_array_append_new(a, o) == 0;
}

/*
 * Prints one line per signature line of nt and counts them, or with a
 * not NULL, adds an object per line to a instead (NULL'ed if one cannot
 * be). origin, if not NULL, names the key whose signature counts as the
 * log's.
 */
static void
report(const struct note *nt, const struct note_vkey *keys, size_t nkeys,
    const char *origin, struct tally *t, json_t **a)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < nt->nsigs; i++) {
		const struct note_sig *s = &nt->sigs[i];
		char when[PROTO_TIME_LEN];
		const char *res = NULL, *name;
		uint64_t time = 0;
		size_t k = 0, namelen;

		switch (note_check(nt, i, keys, nkeys, &k, &time)) {
		case NOTE_VERIFIED:
			res = "verified";
			t->verified++;
			if (origin != NULL && strcmp(origin, keys[k].name) == 0)
				t->origin_signed = true;
			break;
		case NOTE_COSIGNED:
			proto_time_format((int64_t)time, when);
			res = "cosigned";
			t->verified++;
			break;
		case NOTE_BAD:
			res = "bad";
			t->bad++;
			break;
		case NOTE_UNSUPPORTED:
			res = "unsupported";
			break;
		case NOTE_UNKNOWN:
			res = "unknown";
			break;
		}
		if (res == NULL)
			continue;
		/* Unknown: no key given, so the name is the note's. */
		name = strcmp(res, "unknown") == 0 ? s->name : keys[k].name;
		namelen = strcmp(res, "unknown") == 0 ? s->namelen :
		    strlen(keys[k].name);
		if (a != NULL) {
			if (!add_sig(*a, res, name, namelen, s->id,
			    strcmp(res, "cosigned") == 0 ? when : NULL)) {
				json_decref(*a);
				*a = NULL;
			}
			continue;
		}
		if (strcmp(res, "verified") == 0)
			cli_printf("verified     %.*s+%08x (Ed25519)\n",
			    (int)namelen, name, s->id);
		else if (strcmp(res, "cosigned") == 0)
			cli_printf("cosigned     %.*s+%08x at %s\n",
			    (int)namelen, name, s->id, when);
		else if (strcmp(res, "bad") == 0)
			cli_printf("bad          %.*s+%08x: the signature does "
			    "not verify\n", (int)namelen, name, s->id);
		else if (strcmp(res, "unsupported") == 0)
			cli_printf("unsupported  %.*s+%08x: key type 0x%02x is "
			    "not verified by hotline\n", (int)namelen, name,
			    s->id, keys[k].type);
		else
			cli_printf("unknown      %.*s+%08x: no key given for "
			    "this signer\n", (int)namelen, name, s->id);
	}
}

/*
 * The --json answer of a check: {"verified": bool, "signatures": [...]}
 * with, on a refusal, "problem" (cli_problem()). Takes sigs; 1 if the
 * object cannot be built or printed.
 */
static int
print_verdict(bool ok, json_t *sigs, int err, const struct hl_diag *d,
    json_t *more)
{
	json_t *o = json_pack("{s:b, s:o}", "verified", ok, "signatures",
	    sigs);

	if (o != NULL && !ok && json_object_set_new(o, "problem",
	    cli_problem(err, d)) != 0) {
		json_decref(o);
		o = NULL;
	}
	if (o != NULL && more != NULL && json_object_update(o, more) != 0) {
		json_decref(o);
		o = NULL;
	}
	json_decref(more);
	return cli_print_json(o);
}

static int
parse_keys(const char *cmd, char **vkeys, int nvkeys, struct note_vkey *keys)
{
	struct hl_diag d;

	for (int i = 0; i < nvkeys; i++) {
		hl_diag_clear(&d);
		if (note_vkey_parse(vkeys[i], &keys[i], &d) != 0) {
			cli_err(cmd, "--key: %s", d.msg);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static const char note_usage[] =
    "hotline note verify --key VKEY [--key VKEY ...] [--json] [FILE|-]";

int
cmd_note_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct note_vkey keys[MAX_KEYS];
	char *vkeys[MAX_KEYS];
	const char *path = "-";
	struct note *nt = NULL;
	struct hl_diag d;
	struct tally t;
	struct buf in;
	json_t *sigs = NULL;
	bool json = false;
	int nvkeys = 0, c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (nvkeys == MAX_KEYS) {
				cli_err("note", "more than %d keys", MAX_KEYS);
				return EXIT_USAGE;
			}
			vkeys[nvkeys++] = optarg;
			break;
		case 'j': json = true; break;
		case 'h': return cli_usage(note_usage, 0);
		default: return cli_usage(note_usage, EXIT_USAGE);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "verify") != 0 ||
	    argc - optind > 2 || nvkeys == 0)
		return cli_usage(note_usage, EXIT_USAGE);
	if (argc - optind == 2)
		path = argv[optind + 1];
	if ((r = parse_keys("note verify", vkeys, nvkeys, keys)) != 0)
		return r;
	buf_init(&in, HL_MAX_NOTE_BYTES + 1);
	if (cli_read("note verify", path, &in) != 0)
		goto out;
	if (json && (sigs = json_array()) == NULL)
		goto out;
	hl_diag_clear(&d);
	if ((r = note_parse(in.p, in.len, &nt, &d)) != 0) {
		cli_diag("note verify", path, r, &d);
		if (json)
			(void)print_verdict(false, sigs, r, &d, NULL);
		sigs = NULL;
		goto out;
	}
	report(nt, keys, (size_t)nvkeys, NULL, &t, json ? &sigs : NULL);
	rc = t.verified > 0 && t.bad == 0 ? 0 : 1;
	if (json) {
		hl_diag_clear(&d);
		if (rc != 0)
			(void)hl_diag_set(&d, t.bad > 0 ? HL_EBADSIG :
			    HL_ENOTFOUND, NULL, t.bad > 0 ? "a signature by a "
			    "given key does not verify" : "no given key signed "
			    "the note");
		if (print_verdict(rc == 0, sigs, t.bad > 0 ? HL_EBADSIG :
		    HL_ENOTFOUND, &d, NULL) != 0)
			rc = 1;
		sigs = NULL;
	}
out:
	json_decref(sigs);
	note_free(nt);
	buf_done(&in);
	return rc;
}

/*
 * The leaf a --leaf file holds, as a hash, or two to try: the file's
 * exact bytes (any log's leaf), and, when the file is JSON, its
 * canonical form (hotline's leaves are JCS, so `log leaf N > f` with its
 * final newline, or an indented copy, is the same leaf). The object
 * `log leaf --json` prints is taken apart: its "leaf", whose hash must be
 * its "leaf_hash", at its "index" (*index, else -1). Hashing the
 * canonical form admits nothing false: the hash must still be in the
 * tree. 1 (said on stderr) if the file cannot be the leaf it claims.
 */
static int
leaf_hashes(const char *path, const struct buf *leaf, merkle_hash h[2],
    size_t *nh, int64_t *index)
{
	struct buf canon;
	json_t *v = NULL, *inner;
	const char *want;
	char hex[2 * MERKLE_HASH + 1];
	int rc = 1;

	*index = -1;
	merkle_leaf_hash(leaf->p, leaf->len, h[0]);
	*nh = 1;
	buf_init(&canon, HL_MAX_LEAF_BYTES * 2);
	if (jcs_parse(leaf->p, leaf->len, HL_MAX_CANON_DEPTH, JCS_ANY, &v,
	    NULL) != 0) {
		rc = 0;		/* not JSON: the bytes are the leaf */
		goto out;
	}
	inner = json_object_get(v, "leaf");
	want = json_string_value(json_object_get(v, "leaf_hash"));
	if (json_is_object(v) && json_object_size(v) == 3 && inner != NULL &&
	    want != NULL && json_is_number(json_object_get(v, "index"))) {
		double ix = json_number_value(json_object_get(v, "index"));

		if (jcs_write(inner, &canon) != 0) {
			cli_err("proof verify", "%s: its leaf cannot be put in "
			    "canonical form", path);
			goto out;
		}
		merkle_leaf_hash(canon.p, canon.len, h[0]);
		enc_hex(h[0], MERKLE_HASH, hex);
		if (strcmp(hex, want) != 0) {
			cli_err("proof verify", "%s: its leaf_hash is not the "
			    "hash of its leaf (%s)", path, hex);
			goto out;
		}
		/* Range first: an out-of-range conversion is undefined. */
		if (!(ix >= 0 && ix < 9007199254740992.0) ||
		    ix != (double)(int64_t)ix) {
			cli_err("proof verify", "%s: index is not a leaf "
			    "index", path);
			goto out;
		}
		*index = (int64_t)ix;
		rc = 0;
		goto out;
	}
	if (jcs_write(v, &canon) == 0 && (canon.len != leaf->len ||
	    memcmp(canon.p, leaf->p, leaf->len) != 0))
		merkle_leaf_hash(canon.p, canon.len, h[(*nh)++]);
	rc = 0;
out:
	json_decref(v);
	buf_done(&canon);
	return rc;
}

/*
 * A proof file, or the object `log proof inclusion --json` prints, whose
 * "proof" is the file's text: into out.
 */
static int
proof_text(const char *path, struct buf *in, struct buf *out)
{
	const char *text;
	json_t *v;

	if (in->len == 0 || in->p[0] != '{')
		return buf_add(out, in->p, in->len) == 0 ? 0 : 1;
	if (jcs_parse(in->p, in->len, 8, 0, &v, NULL) != 0 ||
	    (text = json_string_value(json_object_get(v, "proof"))) == NULL) {
		if (v != NULL)
			json_decref(v);
		cli_err("proof verify", "%s: JSON, but not what log proof "
		    "inclusion --json prints (no \"proof\" string)", path);
		return 1;
	}
	if (buf_adds(out, text) != 0) {
		json_decref(v);
		cli_err("proof verify", "%s: too large", path);
		return 1;
	}
	json_decref(v);
	return 0;
}

static const char proof_usage[] =
    "hotline proof verify --key VKEY [--key VKEY ...]\n"
    "                    (--leaf FILE | --leaf-hash HEX) [--json] PROOFFILE|-";

int
cmd_proof_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "leaf", required_argument, NULL, 'l' },
		{ "leaf-hash", required_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct note_vkey keys[MAX_KEYS];
	char *vkeys[MAX_KEYS];
	const char *leafpath = NULL, *leafhex = NULL, *path;
	struct note *nt = NULL;
	struct checkpoint cp;
	struct tlogproof tp;
	struct hl_diag d;
	struct tally t;
	struct buf raw, in, leaf;
	merkle_hash lh[2];
	size_t nlh = 1;
	int64_t leafindex = -1;
	char root[64];
	json_t *sigs = NULL;
	bool json = false, parsed = false;
	int nvkeys = 0, c, r = 0, rc = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (nvkeys == MAX_KEYS) {
				cli_err("proof", "more than %d keys", MAX_KEYS);
				return EXIT_USAGE;
			}
			vkeys[nvkeys++] = optarg;
			break;
		case 'l': leafpath = optarg; break;
		case 'H': leafhex = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_usage(proof_usage, 0);
		default: return cli_usage(proof_usage, EXIT_USAGE);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "verify") != 0 ||
	    argc - optind != 2 || nvkeys == 0 ||
	    (leafpath == NULL) == (leafhex == NULL))
		return cli_usage(proof_usage, EXIT_USAGE);
	path = argv[optind + 1];
	if ((r = parse_keys("proof verify", vkeys, nvkeys, keys)) != 0)
		return r;
	if (leafhex != NULL && !enc_hex_decode_exact(leafhex, strlen(leafhex),
	    lh[0], MERKLE_HASH)) {
		cli_err("proof verify", "--leaf-hash: not 64 lower-case hex "
		    "digits");
		return EXIT_USAGE;
	}
	/* Room for the --json form of the largest proof file. */
	buf_init(&raw, HL_MAX_PROOF_FILE_BYTES * 2 + 1);
	buf_init(&in, HL_MAX_PROOF_FILE_BYTES + 1);
	/* The --json form of the largest leaf, indented and escaped. */
	buf_init(&leaf, HL_MAX_LEAF_BYTES * 8);
	hl_diag_clear(&d);
	if (leafpath != NULL) {
		if (cli_read("proof verify", leafpath, &leaf) != 0 ||
		    leaf_hashes(leafpath, &leaf, lh, &nlh, &leafindex) != 0)
			goto out;
	}
	if (cli_read("proof verify", path, &raw) != 0 ||
	    proof_text(path, &raw, &in) != 0)
		goto out;
	if (json && (sigs = json_array()) == NULL)
		goto out;
	if ((r = tlogproof_parse(in.p, in.len, &tp, &d)) != 0 ||
	    (r = note_parse(tp.note, tp.notelen, &nt, &d)) != 0 ||
	    (r = checkpoint_parse(nt->buf, nt->textlen, &cp, &d)) != 0) {
		char msg[800];

		hl_diag_format(&d, r, msg, sizeof(msg));
		cli_err("proof verify", "%s: %s", path, msg);
		goto verdict;
	}
	parsed = true;
	report(nt, keys, (size_t)nvkeys, cp.origin, &t, json ? &sigs : NULL);
	if (json && sigs == NULL)
		goto verdict;	/* which says it cannot build the output */
	if (t.bad > 0) {
		r = hl_diag_set(&d, HL_EBADSIG, NULL, "a signature by a given "
		    "key does not verify");
		cli_err("proof verify", "%s: %s", path, d.msg);
		goto verdict;
	}
	if (!t.origin_signed) {
		r = hl_diag_set(&d, HL_EBADSIG, NULL, "the checkpoint is not "
		    "signed by its log's key (%s)", cp.origin);
		cli_err("proof verify", "%s: %s", path, d.msg);
		goto verdict;
	}
	enc_hex(cp.root, 16, root);
	if (tp.index >= cp.size) {
		r = hl_diag_set(&d, HL_EPROOF, NULL, "index %llu is outside "
		    "the tree of size %llu", (unsigned long long)tp.index,
		    (unsigned long long)cp.size);
		cli_err("proof verify", "%s: %s", path, d.msg);
		goto verdict;
	}
	if (leafindex >= 0 && (uint64_t)leafindex != tp.index) {
		r = hl_diag_set(&d, HL_EPROOF, NULL, "the proof is for leaf "
		    "%llu, but %s is leaf %lld", (unsigned long long)tp.index,
		    leafpath, (long long)leafindex);
		cli_err("proof verify", "%s: %s", path, d.msg);
		goto verdict;
	}
	for (size_t i = 0; i < nlh; i++)
		if ((r = merkle_verify_inclusion(tp.index, cp.size, lh[i],
		    &tp.proof, cp.root)) != HL_EPROOF)
			break;
	if (r != 0) {
		r = hl_diag_set(&d, r == HL_EINVAL ? HL_EPROOF : r, NULL,
		    "leaf %llu is not in %s's tree of size %llu: %s",
		    (unsigned long long)tp.index, cp.origin,
		    (unsigned long long)cp.size, r == HL_EINVAL ? "the proof "
		    "has the wrong number of hashes" : "the hashes do not lead "
		    "to the root");
		cli_err("proof verify", "%s: %s", path, d.msg);
		goto verdict;
	}
	if (!json)
		cli_printf("included     leaf %llu of %llu in %s (root "
		    "%s...)\n", (unsigned long long)tp.index,
		    (unsigned long long)cp.size, cp.origin, root);
	rc = 0;
verdict:
	if (json) {
		json_t *more = NULL;

		if (parsed) {
			struct buf rb;

			buf_init(&rb, 64);
			(void)enc_b64(cp.root, MERKLE_HASH, &rb);
			more = json_pack("{s:I, s:I, s:s, s:s}", "index",
			    (json_int_t)tp.index, "size", (json_int_t)cp.size,
			    "origin", cp.origin, "root", buf_str(&rb));
			buf_done(&rb);
		}
		if (print_verdict(rc == 0, sigs, r, &d, more) != 0)
			rc = 1;
		sigs = NULL;
	}
out:
	json_decref(sigs);
	note_free(nt);
	buf_done(&raw);
	buf_done(&in);
	buf_done(&leaf);
	return rc;
}
