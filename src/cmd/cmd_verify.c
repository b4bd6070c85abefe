/*
 * hotline verify: an auditor's check of report bundles, offline, with no
 * node and no database. Every signature, cosignature, receipt and root is
 * checked and every number recomputed from the leaves; given the bundles
 * of both sides of a dispute, each side's receipts are checked against
 * the other's log. The first thing that does not hold is named and the
 * exit status is 1. What verified but was signed by a key at or after
 * the time its card stops vouching for it (a revoked key since its
 * revocation, a rotated one past its grace) is listed as flagged, and
 * the exit status is then EXIT_FLAGGED.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "cli.h"
#include "review.h"

/* "Verified, with flags": every check held, and something is flagged. */
#define EXIT_FLAGGED	4

static const char usage[] =
    "hotline verify BUNDLE|REVIEW ... [--card CARD ...] [--json]";

/* Whether the bytes are a joint review rather than a bundle. */
static bool
is_review(const struct buf *b)
{
	json_t *o = json_loadb((const char *)b->p, b->len, 0, NULL);
	const char *t = json_string_value(json_object_get(o, "type"));
	bool yes = t != NULL && strcmp(t, "hotline-review") == 0;

	json_decref(o);
	return yes;
}

static json_t *
keys_json(const struct bundle_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < res->ncards; i++)
		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
		    "party", res->cards[i].party, "key", res->cards[i].vkey,
		    "from", res->cards_given ? "--card" : "bundle")) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

static json_t *
cosigs_json(const struct bundle_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < res->ncosigs; i++) {
		char t[PROTO_TIME_LEN];

		proto_time_format((int64_t)res->cosigs[i].time, t);
		if (json_array_append_new(a, json_pack("{s:s, s:I, s:s}",
		    "peer", res->cosigs[i].party, "size",
		    (json_int_t)res->cosigs[i].size, "time", t)) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

static json_t *
flags_json(const struct bundle_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < res->nflags; i++) {
		const struct bundle_flag *f = &res->flags[i];
		char at[PROTO_TIME_LEN], until[PROTO_TIME_LEN];

		proto_time_format(f->at, at);
		proto_time_format(f->until, until);
		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:s}", "where", f->where, "what", f->what,
		    "party", f->party, "key", f->key, "at", at, "until", until,
		    "why", card_why_names[f->why], "text", f->text)) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

static void
print(const struct bundle_result *res)
{
	cli_printf("verified     %s's log: %llu leaves to its signed head, "
	    "%zu receipts, every number recomputed\n", res->party,
	    (unsigned long long)res->size, res->receipts);
	for (size_t i = 0; i < res->ncards; i++)
		cli_printf("key          %s (%s)\n", res->cards[i].vkey,
		    res->cards_given ? "given with --card" : "from the bundle");
	if (!res->cards_given)
		cli_printf("note         the keys came with the bundle: check "
		    "them against the parties' own cards, or give --card\n");
	for (size_t i = 0; i < res->ncosigs; i++) {
		char t[PROTO_TIME_LEN];

		proto_time_format((int64_t)res->cosigs[i].time, t);
		cli_printf("cosigned     by %s at size %llu (%s)%s\n",
		    res->cosigs[i].party,
		    (unsigned long long)res->cosigs[i].size, t,
		    res->cosigs[i].size < res->size ? ": later leaves are "
		    "not witnessed by it" : "");
	}
	if (res->ncosigs == 0)
		cli_printf("cosigned     by no peer: the log is signed by its "
		    "own key only\n");
	if (res->redelivered > 0)
		cli_printf("receipted    again: %zu message%s receipted a second "
		    "time at other leaves, signed: the receiver's log was "
		    "rolled back or forked\n", res->redelivered,
		    res->redelivered == 1 ? "" : "s");
	for (size_t i = 0; i < res->nflags; i++)
		cli_printf("flagged:     %s\n", res->flags[i].text);
	report_print(&res->rep, stdout);
}

static json_t *
result_json(const struct bundle_result *res)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:o, s:o, s:o, s:O}", "party",
	    res->party, "size", (json_int_t)res->size, "receipts",
	    (json_int_t)res->receipts, "redelivered",
	    (json_int_t)res->redelivered, "keys", keys_json(res), "cosigned",
	    cosigs_json(res), "flagged", flags_json(res), "report",
	    res->report);
}

int
cmd_verify_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "card", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct card *cards = NULL, *more;
	struct bundle_result *res = NULL;
	struct review_result *rev = NULL;
	const char **file = NULL;	/* each bundle's */
	struct hl_diag d;
	struct buf b;
	size_t ncards = 0, nres = 0, nrev = 0, flagged = 0;
	bool json = false;
	int c, r, rc = 1;

	buf_init(&b, HL_MAX_CARD_BYTES + 1);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (ncards == HL_MAX_BUNDLE_CARDS) {
				cli_err("verify", "more than %d cards",
				    HL_MAX_BUNDLE_CARDS);
				goto out;
			}
			if ((more = realloc(cards, (ncards + 1) *
			    sizeof(*cards))) == NULL) {
				cli_err("verify", "out of memory");
				goto out;
			}
			cards = more;
			buf_clear(&b);
			if (cli_read("verify", optarg, &b) != 0)
				goto out;
			hl_diag_clear(&d);
			if ((r = card_parse(b.p, b.len, &cards[ncards],
			    &d)) != 0) {
				cli_diag("verify", optarg, r, &d);
				goto out;
			}
			ncards++;
			break;
		case 'j': json = true; break;
		case 'h': rc = cli_usage(usage, 0); goto out;
		default: rc = cli_usage(usage, EXIT_USAGE); goto out;
		}
	}
	if (optind >= argc) {
		rc = cli_usage(usage, EXIT_USAGE);
		goto out;
	}
	if ((res = calloc((size_t)(argc - optind), sizeof(*res))) == NULL ||
	    (rev = calloc((size_t)(argc - optind), sizeof(*rev))) == NULL ||
	    (file = calloc((size_t)(argc - optind), sizeof(*file))) == NULL) {
		cli_err("verify", "out of memory");
		goto out;
	}
	buf_done(&b);
	buf_init(&b, (size_t)HL_MAX_BUNDLE_BYTES + 1);
	for (int i = optind; i < argc; i++) {
		buf_clear(&b);
		if (cli_read("verify", argv[i], &b) != 0)
			goto out;
		hl_diag_clear(&d);
		if (is_review(&b)) {
			if ((r = review_verify(b.p, b.len, cards, ncards,
			    &rev[nrev], &d)) != 0) {
				cli_diag("verify", argv[i], r, &d);
				goto out;
			}
			nrev++;
			continue;
		}
		if ((r = bundle_verify(b.p, b.len, cards, ncards, &res[nres],
		    &d)) != 0) {
			cli_diag("verify", argv[i], r, &d);
			goto out;
		}
		file[nres++] = argv[i];
	}
	/* Each side's receipts and witnessed checkpoints, the other's log. */
	for (size_t i = 0; i < nres; i++)
		for (size_t k = 0; k < nres; k++) {
			if (i == k)
				continue;
			hl_diag_clear(&d);
			if ((r = bundle_cross(&res[i], &res[k], &d)) != 0) {
				cli_diag("verify", file[k], r, &d);
				goto out;
			}
		}
	for (size_t i = 0; i < nres; i++)
		flagged += res[i].nflags;
	for (size_t i = 0; i < nrev; i++)
		for (size_t k = 0; k < rev[i].nb; k++)
			flagged += rev[i].b[k].nflags;
	if (json) {
		json_t *a = json_array(), *v = json_array();

		/* Any part that cannot be built fails the whole output. */
		for (size_t i = 0; a != NULL && i < nres; i++)
			if (json_array_append_new(a,
			    result_json(&res[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		for (size_t i = 0; v != NULL && i < nrev; i++) {
			json_t *bs = json_array();

			for (size_t k = 0; bs != NULL && k < rev[i].nb; k++)
				if (json_array_append_new(bs,
				    result_json(&rev[i].b[k])) != 0) {
					json_decref(bs);
					bs = NULL;
				}
			if (json_array_append_new(v, json_pack("{s:s, s:s, "
			    "s:[s, s], s:b, s:o}", "period", rev[i].period,
			    "by", rev[i].by, "parties", rev[i].by,
			    rev[i].other, "countersigned",
			    rev[i].countersigned, "bundles", bs)) != 0) {
				json_decref(v);
				v = NULL;
			}
		}
		rc = cli_print_json(json_pack("{s:b, s:o, s:o}", "verified", 1,
		    "bundles", a, "reviews", v));
		if (rc == 0 && flagged > 0)
			rc = EXIT_FLAGGED;
	} else {
		for (size_t i = 0; i < nres; i++) {
			if (i > 0)
				cli_printf("\n");
			print(&res[i]);
		}
		if (nres > 1) {
			cli_printf("\n");
			cli_printf("cross-checked: every receipt each side "
			    "holds names the message in the other's log, and "
			    "each log still holds what the other cosigned\n");
		}
		for (size_t i = 0; i < nrev; i++) {
			if (i > 0 || nres > 0)
				cli_printf("\n");
			cli_printf("review       %s, %s and %s: signed by %s, "
			    "%s\n", rev[i].period, rev[i].by, rev[i].other,
			    rev[i].by, rev[i].countersigned ? "countersigned "
			    "by the other, both sides cross-checked" :
			    "not countersigned yet");
			for (size_t k = 0; k < rev[i].nb; k++) {
				cli_printf("\n");
				print(&rev[i].b[k]);
			}
		}
		/* Verified, but what a retired key signed late is named. */
		rc = flagged > 0 ? EXIT_FLAGGED : 0;
	}
out:
	for (size_t i = 0; i < nres; i++)
		bundle_result_done(&res[i]);
	for (size_t i = 0; i < nrev; i++)
		review_result_done(&rev[i]);
	free(res);
	free(rev);
	free(file);
	free(cards);
	buf_done(&b);
	return rc;
}
