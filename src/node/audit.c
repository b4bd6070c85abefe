/*
 * The node's side of audits: its bundles and reviews, made from its own
 * log and store. Checking them is core's (bundle.c, review.c), which
 * needs no node. See audit.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "tlog.h"

static json_t *
text(const uint8_t *p, size_t n)
{
	return json_stringn((const char *)p, n);
}

/* Reading the log for a bundle: leaves up to the head, and receipts. */
struct make_ctx {
	struct node		*n;
	struct report_builder	*b;
	uint64_t		 size;
	json_t			*leaves, *receipts;
	struct hl_diag		*d;
};

#define STOP	1	/* not an error: the head is reached */

static int
make_leaf(void *arg, uint64_t idx, const uint8_t *p, size_t n)
{
	struct make_ctx *c = arg;
	struct bundle_delivery dl;
	struct buf rc;
	bool is;
	int r;

	if (idx >= c->size)
		return STOP;
	if ((r = report_leaf(c->b, p, n, c->d)) != 0)
		return r;
	if (json_array_append_new(c->leaves, text(p, n)) != 0)
		return HL_ENOMEM;
	if ((r = bundle_leaf_delivery(p, n, &dl, &is)) != 0 || !is)
		return r;
	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	if ((r = dl.again ? store_rereceipt_get(c->n->st, dl.msg, dl.leaf,
	    &rc) : store_msg_get_receipt(c->n->st, dl.msg, &rc)) != 0)
		r = hl_diag_set(c->d, r, NULL, "leaf %llu: no receipt kept "
		    "for %.16s", (unsigned long long)idx, dl.msg);
	else if (json_array_append_new(c->receipts, text(rc.p, rc.len)) != 0)
		r = HL_ENOMEM;
	buf_done(&rc);
	return r;
}

static int
add_note(struct node *n, int64_t size, json_t *a, uint64_t *got)
{
	struct buf note;
	int r;

	buf_init(&note, HL_MAX_PROOF_FILE_BYTES);
	if ((r = tlog_note(&n->tlog, size, &note, got)) == 0 &&
	    json_array_append_new(a, text(note.p, note.len)) != 0)
		r = HL_ENOMEM;
	buf_done(&note);
	return r;
}

int
audit_bundle(struct node *n, const struct report_filter *f, struct buf *out,
    struct report *rep, struct hl_diag *d)
{
	struct make_ctx c = { .n = n, .d = d };
	struct peer_list pl = { NULL, 0 };
	json_t *o, *cards, *cps, *wit;
	uint64_t *sizes = NULL;
	size_t nsizes = 0;
	char *s = NULL;
	int r;

	memset(rep, 0, sizeof(*rep));
	cards = json_array();
	cps = json_array();
	wit = json_array();
	c.leaves = json_array();
	c.receipts = json_array();
	o = json_pack("{s:i, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "v", 1,
	    "type", BUNDLE_TYPE, "party", n->cfg.party, "cards", cards,
	    "checkpoints", cps, "leaves", c.leaves, "receipts", c.receipts,
	    "witnessed", wit);
	if (o == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if ((r = store_peer_list(n->st, &pl)) != 0 ||
	    (sizes = calloc(pl.n + 1, sizeof(*sizes))) == NULL) {
		r = hl_diag_set(d, r ? r : HL_ENOMEM, NULL, "cannot read peers");
		goto out;
	}
	/* Evidence left out would be silent: every card and note, or fail. */
	if (json_array_append_new(cards, text(n->card.raw,
	    n->card.rawlen)) != 0) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < pl.n; i++) {
		char origin[HL_MAX_PARTY_LEN + 16];
		struct buf note;
		uint64_t sz;

		if (json_array_append_new(cards, text(pl.c[i].raw,
		    pl.c[i].rawlen)) != 0) {
			r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
			goto out;
		}
		/* The peer's checkpoint this node last cosigned, as evidence. */
		(void)snprintf(origin, sizeof(origin), "hotline/%s",
		    pl.c[i].party);
		buf_init(&note, HL_MAX_NOTE_BYTES);
		r = store_witness_get(n->st, origin, &sz, &note);
		if (r == 0 && json_array_append_new(wit, text(note.p,
		    note.len)) != 0)
			r = HL_ENOMEM;
		buf_done(&note);
		if (r != 0 && r != HL_ENOTFOUND) {
			r = hl_diag_set(d, r, NULL, "cannot read the "
			    "checkpoint of %s this node cosigned",
			    pl.c[i].party);
			goto out;
		}
		r = 0;
	}
	/* The head, then each peer's latest cosigned, once each. */
	if ((r = add_note(n, -1, cps, &c.size)) != 0) {
		r = hl_diag_set(d, r, NULL, "cannot read the latest checkpoint");
		goto out;
	}
	sizes[nsizes++] = c.size;
	for (size_t i = 0; i < pl.n; i++) {
		uint64_t sz, got;
		int64_t when;
		bool have = false;

		if ((r = store_cosig_latest(n->st, pl.c[i].party, &sz,
		    &when)) != 0) {
			r = hl_diag_set(d, r, NULL, "cannot read cosignatures");
			goto out;
		}
		for (size_t k = 0; k < nsizes; k++)
			have |= sizes[k] == sz;
		if (sz == 0 || have)
			continue;
		if ((r = add_note(n, (int64_t)sz, cps, &got)) != 0) {
			r = hl_diag_set(d, r, NULL, "cannot read checkpoint %llu",
			    (unsigned long long)sz);
			goto out;
		}
		sizes[nsizes++] = sz;
	}
	if ((r = report_begin(n->cfg.party, &c.b)) != 0) {
		r = hl_diag_set(d, r, NULL, "out of memory");
		goto out;
	}
	r = store_log_each_leaf(n->st, make_leaf, &c);
	if (r != 0 && r != STOP)
		goto out;
	if ((uint64_t)json_array_size(c.leaves) != c.size) {
		r = hl_diag_set(d, HL_EDB, NULL, "the log has %zu leaves, its "
		    "checkpoint %llu", json_array_size(c.leaves),
		    (unsigned long long)c.size);
		goto out;
	}
	r = report_end(c.b, f, rep);
	c.b = NULL;
	if (r != 0 || json_object_set_new(o, "report", report_json(rep,
	    f)) != 0 || (s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL || buf_adds(out, s) != 0 || buf_addc(out, '\n') != 0) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	r = 0;
out:
	if (r != 0)
		report_done(rep);
	report_abort(c.b);
	free(s);
	free(sizes);
	free(pl.c);
	json_decref(o);
	return r;
}

/* n's bundle for peer over [since, until), parsed. */
static int
bundle_for(struct node *n, const char *peer, int64_t since, int64_t until,
    json_t **out, struct hl_diag *d)
{
	struct report_filter f = { .peer = peer, .since = since,
	    .until = until, .tier = -1 };
	struct report rep;
	struct buf b;
	int r;

	buf_init(&b, (size_t)HL_MAX_BUNDLE_BYTES);
	if ((r = audit_bundle(n, &f, &b, &rep, d)) == 0) {
		report_done(&rep);
		if ((*out = json_loadb((const char *)b.p, b.len, 0, NULL)) ==
		    NULL)
			r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	}
	buf_done(&b);
	return r;
}

static int
dump(json_t *doc, struct buf *out, struct hl_diag *d)
{
	char *s = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	int r = s != NULL && buf_adds(out, s) == 0 && buf_addc(out, '\n') ==
	    0 ? 0 : hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");

	free(s);
	return r;
}

int
audit_review(struct node *n, const char *peer, const char *period,
    struct buf *out, struct hl_diag *d)
{
	char a[PROTO_TIME_LEN], b[PROTO_TIME_LEN];
	int64_t since, until;
	json_t *doc, *bundle, *sig;
	struct card c;
	int r;

	if (!review_period(period, &since, &until))
		return hl_diag_set(d, HL_EINVAL, "period", "not a year or a "
		    "month (2026, 2026-03): '%s'", period);
	if ((r = store_peer_get(n->st, peer, &c)) != 0)
		return hl_diag_set(d, r == HL_ENOTFOUND ? HL_EUNKNOWNPEER : r,
		    NULL, "unknown peer %s", peer);
	if ((r = bundle_for(n, peer, since, until, &bundle, d)) != 0)
		return r;
	proto_time_format(since, a);
	proto_time_format(until, b);
	doc = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:[s, s], s:{s:o}}",
	    "v", 1, "type", REVIEW_TYPE, "period", period, "since", a,
	    "until", b, "by", n->cfg.party, "parties", n->cfg.party, peer,
	    "bundles", n->cfg.party, bundle);
	if (doc == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if ((sig = review_sign(doc, n->key, n->cfg.party)) == NULL ||
	    json_object_set_new(doc, "signatures", json_pack("[o]", sig)) != 0)
		r = hl_diag_set(d, HL_ENOMEM, NULL, "cannot sign");
	else
		r = dump(doc, out, d);
	json_decref(doc);
	return r;
}

int
audit_countersign(struct node *n, const uint8_t *p, size_t len,
    struct buf *out, struct hl_diag *d)
{
	char by[HL_MAX_PARTY_LEN + 1], other[HL_MAX_PARTY_LEN + 1], per[16];
	struct bundle_result br;
	struct card cards[2];
	json_t *doc, *sigs, *bundles, *mine = NULL, *sig;
	int64_t since, until;
	int r;

	if (len > (size_t)HL_MAX_BUNDLE_BYTES * 2)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "over 2 GiB");
	if ((doc = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return hl_diag_set(d, HL_EPARSE, NULL, "not JSON");
	if ((r = review_form(doc, by, sizeof(by), other, sizeof(other), per,
	    sizeof(per), &since, &until, d)) != 0)
		goto out;
	sigs = json_object_get(doc, "signatures");
	bundles = json_object_get(doc, "bundles");
	if (strcmp(other, n->cfg.party) != 0) {
		r = hl_diag_set(d, HL_EWRONGRCPT, "parties", "a review between "
		    "%s and %s, not for %s", by, other, n->cfg.party);
		goto out;
	}
	if (json_array_size(sigs) != 1 || json_object_size(bundles) != 1) {
		r = hl_diag_set(d, HL_ESCHEMA, "signatures", "not a review "
		    "waiting for a countersignature");
		goto out;
	}
	/* The author's numbers, checked against the keys pinned here. */
	cards[0] = n->card;
	if ((r = store_peer_get(n->st, by, &cards[1])) != 0) {
		r = hl_diag_set(d, HL_EUNKNOWNPEER, "by", "%s is not pinned",
		    by);
		goto out;
	}
	if ((r = review_check_bundle(json_object_get(bundles, by), by, other, since,
	    until, cards, 2, &br, d)) != 0)
		goto out;
	bundle_result_done(&br);
	json_incref(sigs);
	(void)json_object_del(doc, "signatures");
	r = review_check_card_sig(doc, json_array_get(sigs, 0), &cards[1], d);
	if (r != 0) {
		json_decref(sigs);
		goto out;
	}
	if ((r = bundle_for(n, by, since, until, &mine, d)) != 0 ||
	    json_object_set_new(bundles, n->cfg.party, mine) != 0) {
		json_decref(sigs);
		r = r ? r : hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if ((sig = review_sign(doc, n->key, n->cfg.party)) == NULL || json_array_append_new(sigs,
	    sig) != 0 || json_object_set_new(doc, "signatures", sigs) != 0) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "cannot sign");
		goto out;
	}
	r = dump(doc, out, d);
out:
	json_decref(doc);
	return r;
}

