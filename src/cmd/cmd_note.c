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
#include "note.h"

#define MAX_KEYS	32

/* What a note's signature lines came to. */
struct tally {
	int	verified;	/* signatures and cosignatures that verified */
	int	bad;
	bool	origin_signed;	/* the log (key named as the origin) signed */
};

/*
 * Prints one line per signature line of nt and counts them. origin, if
 * not NULL, names the key whose signature counts as the log's.
 */
static void
report(const struct note *nt, const struct note_vkey *keys, size_t nkeys,
    const char *origin, struct tally *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < nt->nsigs; i++) {
		const struct note_sig *s = &nt->sigs[i];
		char when[PROTO_TIME_LEN];
		uint64_t time = 0;
		size_t k = 0;

		switch (note_check(nt, i, keys, nkeys, &k, &time)) {
		case NOTE_VERIFIED:
			cli_printf("verified     %s+%08x (Ed25519)\n",
			    keys[k].name, s->id);
			t->verified++;
			if (origin != NULL && strcmp(origin, keys[k].name) == 0)
				t->origin_signed = true;
			break;
		case NOTE_COSIGNED:
			proto_time_format((int64_t)time, when);
			cli_printf("cosigned     %s+%08x at %s\n",
			    keys[k].name, s->id, when);
			t->verified++;
			break;
		case NOTE_BAD:
			cli_printf("bad          %s+%08x: the signature does "
			    "not verify\n", keys[k].name, s->id);
			t->bad++;
			break;
		case NOTE_UNSUPPORTED:
			cli_printf("unsupported  %s+%08x: key type 0x%02x is "
			    "not verified by hotline\n", keys[k].name, s->id,
			    keys[k].type);
			break;
		case NOTE_UNKNOWN:
			cli_printf("unknown      %.*s+%08x: no key given for "
			    "this signer\n", (int)s->namelen, s->name, s->id);
			break;
		}
	}
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
    "hotline note verify --key VKEY [--key VKEY ...] [FILE|-]";

int
cmd_note_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
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
	hl_diag_clear(&d);
	if ((r = note_parse(in.p, in.len, &nt, &d)) != 0) {
		cli_diag("note verify", path, r, &d);
		goto out;
	}
	report(nt, keys, (size_t)nvkeys, NULL, &t);
	rc = t.verified > 0 && t.bad == 0 ? 0 : 1;
out:
	note_free(nt);
	buf_done(&in);
	return rc;
}

static const char proof_usage[] =
    "hotline proof verify --key VKEY [--key VKEY ...]\n"
    "                    (--leaf FILE | --leaf-hash HEX) PROOFFILE|-";

int
cmd_proof_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "leaf", required_argument, NULL, 'l' },
		{ "leaf-hash", required_argument, NULL, 'H' },
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
	struct buf in, leaf;
	merkle_hash lh;
	char root[64];
	int nvkeys = 0, c, r, rc = 1;

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
	    lh, MERKLE_HASH)) {
		cli_err("proof verify", "--leaf-hash: not 64 lower-case hex "
		    "digits");
		return EXIT_USAGE;
	}
	buf_init(&in, HL_MAX_PROOF_FILE_BYTES + 1);
	buf_init(&leaf, HL_MAX_LEAF_BYTES);
	if (leafpath != NULL) {
		if (cli_read("proof verify", leafpath, &leaf) != 0)
			goto out;
		merkle_leaf_hash(leaf.p, leaf.len, lh);
	}
	if (cli_read("proof verify", path, &in) != 0)
		goto out;
	hl_diag_clear(&d);
	if ((r = tlogproof_parse(in.p, in.len, &tp, &d)) != 0 ||
	    (r = note_parse(tp.note, tp.notelen, &nt, &d)) != 0 ||
	    (r = checkpoint_parse(nt->buf, nt->textlen, &cp, &d)) != 0) {
		cli_diag("proof verify", path, r, &d);
		goto out;
	}
	report(nt, keys, (size_t)nvkeys, cp.origin, &t);
	if (t.bad > 0) {
		cli_err("proof verify", "%s: a signature by a given key does "
		    "not verify", path);
		goto out;
	}
	if (!t.origin_signed) {
		cli_err("proof verify", "%s: the checkpoint is not signed by "
		    "its log's key (%s)", path, cp.origin);
		goto out;
	}
	enc_hex(cp.root, 16, root);
	if (tp.index >= cp.size) {
		cli_err("proof verify", "%s: index %llu is outside the tree of "
		    "size %llu", path, (unsigned long long)tp.index,
		    (unsigned long long)cp.size);
		goto out;
	}
	r = merkle_verify_inclusion(tp.index, cp.size, lh, &tp.proof, cp.root);
	if (r != 0) {
		cli_err("proof verify", "%s: leaf %llu is not in %s's tree of "
		    "size %llu: %s", path, (unsigned long long)tp.index,
		    cp.origin, (unsigned long long)cp.size,
		    r == HL_EINVAL ? "the proof has the wrong number of hashes" :
		    "the hashes do not lead to the root");
		goto out;
	}
	cli_printf("included     leaf %llu of %llu in %s (root %s...)\n",
	    (unsigned long long)tp.index, (unsigned long long)cp.size,
	    cp.origin, root);
	rc = 0;
out:
	note_free(nt);
	buf_done(&in);
	buf_done(&leaf);
	return rc;
}
