/*
 * What an auditor waits for: making and verifying a report bundle of a
 * log with COUNT requests (each delivered, every other one answered),
 * beside what verifying cannot do without in the same run: parsing the
 * bundle's JSON, hashing its leaves into the tree, and checking the
 * receipts' Ed25519 signatures.
 *
 * Usage: bench_bundle [COUNT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "audit.h"
#include "hl.h"
#include "merkle.h"
#include "receipt.h"
#include "tlog.h"

/* Sends count messages from a to b, accepted and receipted in batches. */
static void
exchange(struct node *a, struct node *b, struct send_args *sa, char ids[][65],
    size_t count)
{
	struct accept_item *it = calloc(256, sizeof(*it));
	struct delivered_item di[256];
	struct msg_row m;
	size_t done;

	for (size_t i = 0; i < count; i += 256) {
		size_t k = count - i < 256 ? count - i : 256;

		for (size_t j = 0; j < k; j++) {
			sa->now = (int64_t)time(NULL);
			if (sa->refs != NULL)
				json_array_set_new(sa->refs, 0,
				    json_string(ids[i + j]));
			if (node_send(a, sa, ids[i + j], NULL) != 0 ||
			    store_msg_get(a->st, ids[i + j], true, &m) != 0)
				abort();
			it[j].raw = m.raw;	/* kept until the batch is in */
			it[j].len = m.rawlen;
			buf_init(&it[j].receipt, HL_MAX_RECEIPT_BYTES);
		}
		if (node_accept_batch(b, it, k, 0, a->cfg.party, &done,
		    NULL) != 0 || done != k)
			abort();
		for (size_t j = 0; j < k; j++)
			di[j] = (struct delivered_item){ ids[i + j],
			    it[j].receipt.p, it[j].receipt.len };
		if (node_delivered_batch(a, di, k, (int64_t)time(NULL), &done,
		    NULL, NULL) != 0 || done != k)
			abort();
		for (size_t j = 0; j < k; j++) {
			free((void *)it[j].raw);
			buf_done(&it[j].receipt);
		}
	}
	free(it);
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/bench_bundle.XXXXXX", da[64], db[64];
	size_t count = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
	struct report_filter f = { .tier = -1 };
	struct bundle_result res;
	struct report rep;
	struct send_args sa;
	struct node *a, *b;
	struct buf bundle, note, cosigned;
	struct merkle_proof none = { .len = 0 };
	char (*ids)[65];
	double t0, t_make, t_verify, t_parse, t_hash, t_sig;
	json_t *doc;
	size_t nleaves, nrc;

	if (count == 0 || hl_init() != 0 || mkdtemp(tmp) == NULL ||
	    (ids = calloc(count, sizeof(*ids))) == NULL)
		return 2;
	bench_pair(tmp, da, db, sizeof(da), &a, &b);

	/* aa asks, bb answers every other request; all of it receipted. */
	memset(&sa, 0, sizeof(sa));
	sa.to = "cert.bb";
	sa.type = MSG_REQUEST;
	sa.tlp = TLP_AMBER;
	sa.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], "
	    "s:[s]}", "category", "scanning", "severity", "high", "summary",
	    "SSH brute force", "observed", "start", "2026-11-20T00:00:00Z",
	    "end", "2026-11-26T00:00:00Z", "indicators", "type", "ipv4",
	    "value", "203.0.113.7", "expectations", "investigate");
	t0 = bench_now();
	exchange(a, b, &sa, ids, count);
	json_decref(sa.body);
	sa.to = "cert.aa";
	sa.type = MSG_RESPONSE;
	sa.refs = json_array();
	(void)json_array_append_new(sa.refs, json_string(""));
	sa.body = json_pack("{s:s, s:s}", "status", "final", "summary",
	    "blocked");
	{
		char (*answers)[65] = calloc(count / 2 + 1, sizeof(*answers));

		for (size_t i = 0; i < count / 2; i++)
			memcpy(answers[i], ids[2 * i], 65);
		exchange(b, a, &sa, answers, count / 2);
		free(answers);
	}
	json_decref(sa.refs);
	json_decref(sa.body);
	/* bb cosigns aa's head. */
	buf_init(&note, HL_MAX_PROOF_FILE_BYTES);
	buf_init(&cosigned, HL_MAX_PROOF_FILE_BYTES);
	{
		uint64_t size;
		int added;

		if (tlog_note(&a->tlog, -1, &note, &size) != 0 ||
		    tlog_cosign(&b->tlog, "cert.aa", note.p, note.len, &none,
		    (int64_t)time(NULL), &cosigned, NULL) != 0 ||
		    tlog_add_cosignatures(&a->tlog, cosigned.p, cosigned.len, &added,
		    NULL) != 0)
			abort();
	}
	(void)printf("bench_bundle: %zu requests, %zu answered, built in "
	    "%.1f s\n", count, count / 2, bench_now() - t0);

	buf_init(&bundle, (size_t)HL_MAX_BUNDLE_BYTES);
	t0 = bench_now();
	if (audit_bundle(a, &f, &bundle, &rep, NULL) != 0)
		abort();
	t_make = bench_now() - t0;
	report_done(&rep);
	t0 = bench_now();
	if (bundle_verify(bundle.p, bundle.len, NULL, 0, &res, NULL) != 0)
		abort();
	t_verify = bench_now() - t0;
	nrc = res.receipts;
	bundle_result_done(&res);

	/* The floor: parse it, hash its leaves, verify its receipts. */
	t0 = bench_now();
	doc = json_loadb((const char *)bundle.p, bundle.len, 0, NULL);
	t_parse = bench_now() - t0;
	nleaves = json_array_size(json_object_get(doc, "leaves"));
	t0 = bench_now();
	{
		struct merkle_range r;
		json_t *v;
		size_t i;

		memset(&r, 0, sizeof(r));
		json_array_foreach(json_object_get(doc, "leaves"), i, v) {
			merkle_hash h;

			merkle_leaf_hash((const uint8_t *)json_string_value(v),
			    json_string_length(v), h);
			if (merkle_range_append(&r, h, NULL, NULL) != 0)
				abort();
		}
	}
	t_hash = bench_now() - t0;
	t0 = bench_now();
	{
		json_t *v;
		size_t i;

		json_array_foreach(json_object_get(doc, "receipts"), i, v) {
			struct receipt rc;

			if (receipt_parse((const uint8_t *)json_string_value(v),
			    json_string_length(v), &rc, NULL) != 0 ||
			    receipt_verify(&rc, rc.by[6] == 'b' ? b->card.pk :
			    a->card.pk) != 0)
				abort();
			receipt_done(&rc);
		}
	}
	t_sig = bench_now() - t0;
	json_decref(doc);

	(void)printf("  bundle: %zu leaves, %zu receipts, %.1f MB\n", nleaves,
	    nrc, (double)bundle.len / 1e6);
	(void)printf("  %-34s %7.3f s  %9.0f leaves/s\n", "make the bundle",
	    t_make, nleaves / t_make);
	(void)printf("  %-34s %7.3f s  %9.0f leaves/s  %3.0f%% of the floor\n",
	    "verify it (every check)", t_verify, nleaves / t_verify,
	    100 * (t_parse + t_hash + t_sig) / t_verify);
	(void)printf("  %-34s %7.3f s  (parse %.3f, hash %.3f, "
	    "receipt signatures %.3f)\n", "floor: parse + hash + signatures",
	    t_parse + t_hash + t_sig, t_parse, t_hash, t_sig);
	node_close(a);
	node_close(b);
	buf_done(&bundle);
	buf_done(&note);
	buf_done(&cosigned);
	free(ids);
	{
		char cmd[128];

		(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
		(void)!system(cmd);
	}
	return 0;
}
