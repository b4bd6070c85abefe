/*
 * Nodes: init refuses to overwrite, and accept enforces recipient,
 * pinned sender, tier, signature and seq, changing nothing on refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "hl.h"
#include "jcs.h"
#include "node.h"
#include "receipt.h"
#include "tutil.h"
#include "tnode.h"
#include "view.h"

struct pair {
	char		*tmp;
	struct node	*aa, *bb, *cc;
};

static int
setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	if (hl_init() != 0 || p == NULL)
		return -1;
	p->tmp = tu_tmpdir();
	p->aa = tn_node(p->tmp, "cert.aa", "AA", TIER_CERT);
	p->bb = tn_node(p->tmp, "cert.bb", "BB", TIER_CERT);
	p->cc = tn_node(p->tmp, "cert.cc", "CC", TIER_NRRC);
	tn_pin(p->aa, p->bb);
	tn_pin(p->bb, p->aa);
	tn_pin(p->bb, p->cc);
	tn_pin(p->cc, p->bb);
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct pair *p = *state;

	node_close(p->aa);
	node_close(p->bb);
	node_close(p->cc);
	tu_rmrf(p->tmp);
	free(p->tmp);
	free(p);
	return 0;
}

/* Sends a ping from n to "to" and returns its signed bytes. */
static struct msg_row
send_ping(struct node *n, const char *to)
{
	struct send_args a = { .to = to, .type = MSG_PING, .tlp = TLP_CLEAR,
		.now = 1795773600 };
	struct msg_row m;
	struct hl_diag d;
	char id[65];

	a.body = json_object();
	hl_diag_clear(&d);
	if (node_send(n, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	json_decref(a.body);
	assert_int_equal(store_msg_get(n->st, id, true, &m), 0);
	return m;
}

static int64_t
count(struct node *n, const char *dir)
{
	int64_t c;

	assert_int_equal(store_msg_count(n->st, dir, &c), 0);
	return c;
}

static void
expect_refused(struct node *n, const struct msg_row *m, int err,
    const char *want)
{
	struct accept_result res;
	struct hl_diag d;
	int64_t before = count(n, NULL);
	char got[800];
	int r;

	hl_diag_clear(&d);
	r = node_accept(n, m->raw, m->rawlen, 0, NULL, &res, NULL, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	if (r != err || strcmp(got, want) != 0)
		fail_msg("got %d \"%s\", want %d \"%s\"", r, got, err, want);
	assert_int_equal(count(n, NULL), before);
}

static void
test_init_refuses_existing(void **state)
{
	struct pair *p = *state;
	struct node *n = NULL;
	struct config cfg;
	struct hl_diag d;
	struct stat sb;
	char path[4200];

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "cert.zz");
	memcpy(cfg.state, "ZZ", 3);
	hl_diag_clear(&d);
	assert_int_equal(node_init(p->aa->dir, &cfg, &d), HL_EEXIST);
	assert_string_equal(d.msg, "already holds a hotline node (hotline.conf"
	    " exists); refusing to overwrite");
	assert_string_equal(p->aa->cfg.party, "cert.aa");
	(void)snprintf(path, sizeof(path), "%s/msg.key", p->aa->dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	(void)snprintf(path, sizeof(path), "%s/tls.key", p->aa->dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	(void)snprintf(path, sizeof(path), "%s/nothing", p->tmp);
	assert_int_equal(node_open(path, &n, &d), HL_ENOTFOUND);
	assert_null(n);
	/* A node will not pin itself. */
	{
		struct card c;
		bool changed;

		assert_int_equal(node_peer_add(p->aa, p->aa->card.raw,
		    p->aa->card.rawlen, false, &c, &changed, &d), HL_EINVAL);
		assert_string_equal(d.msg, "cert.aa is this node itself");
	}
}

static void
test_accept_in_order_and_duplicates(void **state)
{
	struct pair *p = *state;
	struct msg_row m1 = send_ping(p->aa, "cert.bb");
	struct msg_row m2 = send_ping(p->aa, "cert.bb");
	struct accept_result res;
	struct hl_diag d;
	int64_t in0 = count(p->bb, "in");
	char want[128];

	assert_int_equal(m1.seq + 1, m2.seq);
	hl_diag_clear(&d);
	/* Dry run: valid, nothing stored. */
	assert_int_equal(node_accept(p->bb, m1.raw, m1.rawlen, NODE_DRYRUN,
	    NULL, &res, NULL, &d), 0);
	assert_int_equal(count(p->bb, "in"), in0);
	/* m2 before m1: a gap, naming the expected seq. */
	(void)snprintf(want, sizeof(want), "seq: is %lld, expected %lld from "
	    "cert.aa", (long long)m2.seq, (long long)m1.seq);
	expect_refused(p->bb, &m2, HL_ESEQGAP, want);
	{
		struct buf r1, r2;
		struct receipt rc;

		buf_init(&r1, 4096);
		buf_init(&r2, 4096);
		assert_int_equal(node_accept(p->bb, m1.raw, m1.rawlen, 0,
		    NULL, &res, &r1, &d), 0);
		assert_false(res.duplicate);
		/* A receipt signed by bb, naming the message and its leaf. */
		assert_int_equal(receipt_parse(r1.p, r1.len, &rc, &d), 0);
		assert_int_equal(receipt_verify(&rc, p->bb->card.pk), 0);
		assert_int_equal(receipt_verify(&rc, p->aa->card.pk),
		    HL_EBADSIG);
		assert_string_equal(rc.msg, m1.id);
		assert_string_equal(rc.from, "cert.aa");
		assert_string_equal(rc.by, "cert.bb");
		assert_int_equal(rc.seq, m1.seq);
		assert_int_equal(rc.leaf, res.leaf);
		receipt_done(&rc);
		/* The same message again: the same receipt, byte for byte. */
		assert_int_equal(node_accept(p->bb, m1.raw, m1.rawlen, 0,
		    NULL, &res, &r2, &d), 0);
		assert_true(res.duplicate);
		assert_int_equal(r1.len, r2.len);
		assert_memory_equal(r1.p, r2.p, r1.len);
		/* Over the wire, the TLS peer must be the sender. */
		assert_int_equal(node_accept(p->bb, m1.raw, m1.rawlen, 0,
		    "cert.cc", &res, NULL, &d), HL_EPIN);
		assert_string_equal(d.msg, "is cert.aa, but the connection "
		    "is cert.cc's");
		buf_done(&r1);
		buf_done(&r2);
	}
	assert_string_equal(res.id, m1.id);
	assert_int_equal(count(p->bb, "in"), in0 + 1);
	/* The same envelope again: not an error, stored once. */
	assert_int_equal(node_accept(p->bb, m1.raw, m1.rawlen, 0, NULL,
	    &res, NULL, &d),
	    0);
	assert_true(res.duplicate);
	assert_int_equal(count(p->bb, "in"), in0 + 1);
	assert_int_equal(node_accept(p->bb, m2.raw, m2.rawlen, 0, NULL,
	    &res, NULL, &d),
	    0);
	assert_int_equal(count(p->bb, "in"), in0 + 2);
	msg_row_done(&m1);
	msg_row_done(&m2);
}

/* An envelope from aa's key with a seq that bb has already used. */
static struct msg_row
forged_replay(struct pair *p, int64_t seq)
{
	struct envelope *e;
	struct hl_diag d;
	struct msg_row m;
	json_t *v = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:s, "
	    "s:{s:s}}", "v", 1, "type", "ping", "from", "cert.aa", "to",
	    "cert.bb", "tier", "cert", "seq", (json_int_t)seq, "created",
	    "2026-11-27T11:00:00Z", "tlp", "clear", "body", "note", "again");

	hl_diag_clear(&d);
	assert_int_equal(envelope_seal(v, p->aa->key, &e, &d), 0);
	memset(&m, 0, sizeof(m));
	m.raw = e->raw;
	m.rawlen = e->rawlen;
	e->raw = NULL;
	envelope_free(e);
	return m;
}

static void
test_accept_refusals(void **state)
{
	struct pair *p = *state;
	struct msg_row m, first;
	struct accept_result res;
	struct hl_diag d;
	struct card c;
	char want[256];
	bool changed;

	/* Addressed to someone else. */
	m = send_ping(p->aa, "cert.bb");
	expect_refused(p->cc, &m, HL_EWRONGRCPT,
	    "to: addressed to cert.bb, but this node is cert.cc");
	hl_diag_clear(&d);
	assert_int_equal(node_accept(p->bb, m.raw, m.rawlen, 0, NULL,
	    &res, NULL, &d), 0);
	msg_row_done(&m);

	/* From a party whose card was never pinned. */
	hl_diag_clear(&d);
	assert_int_equal(node_peer_add(p->cc, p->aa->card.raw,
	    p->aa->card.rawlen, false, &c, &changed, &d), 0);
	m = send_ping(p->cc, "cert.aa");
	expect_refused(p->aa, &m, HL_EUNKNOWNPEER,
	    "from: unknown peer cert.cc: no card pinned");
	msg_row_done(&m);

	/* A tier other than the pinned card's. */
	p->cc->cfg.tier = TIER_CERT;
	m = send_ping(p->cc, "cert.bb");
	p->cc->cfg.tier = TIER_NRRC;
	expect_refused(p->bb, &m, HL_ESCHEMA,
	    "tier: is cert, but cert.cc's pinned card says nrrc");
	msg_row_done(&m);

	/* A tampered copy: the id no longer matches. */
	m = send_ping(p->aa, "cert.bb");
	{
		char *at = strstr((char *)m.raw, "\"tlp\":\"clear\"");

		assert_non_null(at);
		memcpy(at, "\"tlp\":\"green\"", 13);
		hl_diag_clear(&d);
		assert_int_equal(node_accept(p->bb, m.raw, m.rawlen, 0,
		    NULL, &res, NULL,
		    &d), HL_EBADID);
		assert_string_equal(d.path, "id");
		memcpy(at, "\"tlp\":\"clear\"", 13);
		assert_int_equal(node_accept(p->bb, m.raw, m.rawlen, 0,
		    NULL, &res, NULL,
		    &d), 0);
	}
	msg_row_done(&m);

	/* A different message under a seq bb has already accepted. */
	first = send_ping(p->aa, "cert.bb");
	hl_diag_clear(&d);
	assert_int_equal(node_accept(p->bb, first.raw, first.rawlen, 0, NULL, &res, NULL,
	    &d), 0);
	m = forged_replay(p, first.seq);
	(void)snprintf(want, sizeof(want), "seq: %lld from cert.aa is already "
	    "used by message %.16s", (long long)first.seq, first.id);
	expect_refused(p->bb, &m, HL_EREPLAY, want);
	msg_row_done(&m);
	msg_row_done(&first);
}

/* A forger with its own key, claiming to be a pinned peer. */
static void
test_accept_wrong_key(void **state)
{
	struct pair *p = *state;
	struct node *forger;
	struct card c;
	struct hl_diag d;
	struct msg_row m;
	bool changed;
	char dir[600];

	(void)snprintf(dir, sizeof(dir), "%s/forger", p->tmp);
	assert_int_equal(mkdir(dir, 0700), 0);
	forger = tn_node(dir, "cert.aa", "AA", TIER_CERT);
	hl_diag_clear(&d);
	assert_int_equal(node_peer_add(forger, p->bb->card.raw,
	    p->bb->card.rawlen, false, &c, &changed, &d), 0);
	m = send_ping(forger, "cert.bb");
	expect_refused(p->bb, &m, HL_EBADSIG,
	    "sig: does not verify with the key pinned for cert.aa");
	msg_row_done(&m);
	node_close(forger);
}

/* Accepts msgs as one batch at bb; done gets how many were accepted. */
static int
accept_batch(struct node *n, struct msg_row *m, size_t k,
    struct accept_item *it, int flags, size_t *done, struct hl_diag *d)
{
	for (size_t i = 0; i < k; i++) {
		it[i].raw = m[i].raw;
		it[i].len = m[i].rawlen;
		buf_init(&it[i].receipt, 4096);
	}
	hl_diag_clear(d);
	return node_accept_batch(n, it, k, flags, "cert.aa", done, d);
}

static void
items_done(struct accept_item *it, size_t k)
{
	for (size_t i = 0; i < k; i++)
		buf_done(&it[i].receipt);
}

static uint64_t
log_size(struct node *n)
{
	uint64_t size;

	assert_int_equal(store_log_size(n->st, &size), 0);
	return size;
}

/*
 * A batch commits in one transaction with one checkpoint; the first
 * refusal ends it, and those before it stand.
 */
static void
test_accept_batch(void **state)
{
	struct pair *p = *state;
	struct msg_row m[7];
	struct accept_item it[4], again[3];
	struct delivered_item di[3];
	struct receipt rc;
	struct msg_row row;
	struct hl_diag d;
	int64_t in0 = count(p->bb, "in");
	uint64_t size0 = log_size(p->bb), got;
	size_t done;
	char *tlp;

	for (int i = 0; i < 7; i++)
		m[i] = send_ping(p->aa, "cert.bb");
	/* m[2] tampered: m[0] and m[1] are accepted, then the refusal. */
	tlp = strstr((char *)m[2].raw, "\"tlp\":\"clear\"");
	assert_non_null(tlp);
	memcpy(tlp, "\"tlp\":\"green\"", 13);
	assert_int_equal(accept_batch(p->bb, m, 4, it, 0, &done, &d),
	    HL_EBADID);
	assert_int_equal(done, 2);
	assert_string_equal(d.path, "id");
	assert_string_equal(it[2].res.id, "");
	assert_int_equal(count(p->bb, "in"), in0 + 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(receipt_parse(it[i].receipt.p,
		    it[i].receipt.len, &rc, &d), 0);
		assert_int_equal(receipt_verify(&rc, p->bb->card.pk), 0);
		assert_string_equal(rc.msg, m[i].id);
		/* Each ping's pong is queued with it: a leaf each. */
		assert_int_equal(rc.leaf, size0 + 2 * i);
		receipt_done(&rc);
	}
	assert_int_equal(it[2].receipt.len, 0);
	assert_int_equal(it[3].receipt.len, 0);
	/* One checkpoint for the batch: of the size it left, none between. */
	assert_int_equal(log_size(p->bb), size0 + 4);
	assert_int_equal(store_checkpoint_get(p->bb->st, -1, &got, NULL), 0);
	assert_int_equal(got, size0 + 4);
	for (uint64_t s = size0 + 1; s < size0 + 4; s++)
		assert_int_equal(store_checkpoint_get(p->bb->st, (int64_t)s,
		    &got, NULL), HL_ENOTFOUND);

	/* Again from m[1]: a duplicate with its first receipt, then more. */
	memcpy(tlp, "\"tlp\":\"clear\"", 13);
	assert_int_equal(accept_batch(p->bb, m + 1, 3, again, 0, &done, &d),
	    0);
	assert_int_equal(done, 3);
	assert_true(again[0].res.duplicate);
	assert_int_equal(again[0].receipt.len, it[1].receipt.len);
	assert_memory_equal(again[0].receipt.p, it[1].receipt.p,
	    it[1].receipt.len);
	assert_int_equal(count(p->bb, "in"), in0 + 4);

	/*
	 * aa keeps the receipts in one transaction too; a receipt for
	 * another message ends that batch.
	 */
	di[0] = (struct delivered_item){ m[0].id, it[0].receipt.p,
	    it[0].receipt.len };
	di[1] = (struct delivered_item){ m[1].id, it[1].receipt.p,
	    it[1].receipt.len };
	di[2] = (struct delivered_item){ m[2].id, it[0].receipt.p,
	    it[0].receipt.len };
	hl_diag_clear(&d);
	assert_int_equal(node_delivered_batch(p->aa, di, 3, (int64_t)time(NULL),
	    &done, NULL, &d), HL_ESCHEMA);
	assert_int_equal(done, 2);
	{
		char want[128];

		(void)snprintf(want, sizeof(want), "the receipt is for another "
		    "message (%.16s seq %lld from cert.aa)", m[0].id,
		    (long long)m[0].seq);
		assert_string_equal(d.msg, want);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_msg_get(p->aa->st, m[i].id, false, &row),
		    0);
		assert_string_equal(proto_state_names[row.state],
		    i < 2 ? "delivered" : "queued");
		msg_row_done(&row);
	}
	items_done(it, 4);
	items_done(again, 3);

	/* A gap inside a batch names the seq that is due. */
	assert_int_equal(accept_batch(p->bb, m + 4, 1, it, 0, &done, &d), 0);
	items_done(it, 1);
	{
		struct msg_row gap[2] = { m[4], m[6] };

		assert_int_equal(accept_batch(p->bb, gap, 2, it, 0, &done, &d),
		    HL_ESEQGAP);
		assert_int_equal(done, 1);
		assert_true(it[0].res.duplicate);
		assert_int_equal(it[1].res.expected, m[5].seq);
		items_done(it, 2);
	}
	/* A dry run checks a whole batch and keeps nothing. */
	assert_int_equal(accept_batch(p->bb, m + 5, 2, it, NODE_DRYRUN, &done,
	    &d), 0);
	assert_int_equal(done, 2);
	assert_int_equal(it[0].receipt.len, 0);
	assert_int_equal(count(p->bb, "in"), in0 + 5);
	items_done(it, 2);
	for (int i = 0; i < 7; i++)
		msg_row_done(&m[i]);
}

/* A ping from n's key to "to" with the given created and seq. */
static struct msg_row
dated_ping(struct node *n, const char *to, const char *created, int64_t seq)
{
	struct envelope *e;
	struct hl_diag d;
	struct msg_row m;
	json_t *v = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:s, "
	    "s:{}}", "v", 1, "type", "ping", "from", n->cfg.party, "to", to,
	    "tier", proto_tier_names[n->cfg.tier], "seq", (json_int_t)seq,
	    "created", created, "tlp", "clear", "body");

	hl_diag_clear(&d);
	assert_int_equal(envelope_seal(v, n->key, &e, &d), 0);
	memset(&m, 0, sizeof(m));
	m.raw = e->raw;
	m.rawlen = e->rawlen;
	e->raw = NULL;
	envelope_free(e);
	return m;
}

/* Refused with clock-skew on field, naming the skew allowed. */
static void
expect_clock(int r, const struct hl_diag *d, const char *field)
{
	assert_int_equal(r, HL_ECLOCK);
	assert_string_equal(d->path, field);
	if (strstr(d->msg, " s ahead of this node's clock (") == NULL ||
	    strstr(d->msg, "); clock_skew allows 300 s") == NULL)
		fail_msg("message: %s", d->msg);
}

static void
test_clock(void **state)
{
	struct pair *p = *state;
	struct node *dd = tn_node(p->tmp, "cert.dd", "DD", TIER_CERT);
	struct node *ee = tn_node(p->tmp, "cert.ee", "EE", TIER_CERT);
	struct accept_result res;
	struct msg_row m;
	struct hl_diag d;
	struct buf rc;
	char t[PROTO_TIME_LEN];
	int64_t now = (int64_t)time(NULL), c0 = count(ee, NULL);
	uint64_t size0;

	tn_pin(dd, ee);
	tn_pin(ee, dd);
	/* An hour ahead: refused, nothing stored, the log unchanged. */
	size0 = log_size(ee);
	proto_time_format(now + 3600, t);
	m = dated_ping(dd, "cert.ee", t, 1);
	hl_diag_clear(&d);
	expect_clock(node_accept(ee, m.raw, m.rawlen, 0, NULL, &res, NULL, &d),
	    &d, "created");
	assert_int_equal(count(ee, NULL), c0);
	assert_int_equal(log_size(ee), size0);
	hl_diag_clear(&d);
	expect_clock(node_accept(ee, m.raw, m.rawlen, NODE_DRYRUN, NULL, &res,
	    NULL, &d), &d, "created");
	msg_row_done(&m);
	/* Within the skew (a minute ahead) and in 1970: both accepted. */
	proto_time_format(now + 60, t);
	m = dated_ping(dd, "cert.ee", t, 1);
	assert_int_equal(node_accept(ee, m.raw, m.rawlen, 0, NULL, &res, NULL,
	    &d), 0);
	msg_row_done(&m);
	m = dated_ping(dd, "cert.ee", "1970-01-01T00:00:00Z", 2);
	assert_int_equal(node_accept(ee, m.raw, m.rawlen, 0, NULL, &res, NULL,
	    &d), 0);
	msg_row_done(&m);
	assert_int_equal(count(ee, "in"), 2);

	/*
	 * dd keeps ee's receipts for what it sent, but not one dated an hour
	 * ahead: that would start ee's time late (report_start()).
	 */
	m = send_ping(dd, "cert.ee");
	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	assert_int_equal(receipt_make(m.id, "cert.dd", "cert.ee", m.seq, 0,
	    now + 3600, ee->key, &rc), 0);
	size0 = log_size(dd);
	hl_diag_clear(&d);
	expect_clock(node_delivered(dd, m.id, rc.p, rc.len, now, &d), &d, "at");
	assert_int_equal(log_size(dd), size0);
	rc.len = 0;
	assert_int_equal(receipt_make(m.id, "cert.dd", "cert.ee", m.seq, 0,
	    now, ee->key, &rc), 0);
	assert_int_equal(node_delivered(dd, m.id, rc.p, rc.len, now, &d), 0);
	buf_done(&rc);
	msg_row_done(&m);
	node_close(dd);
	node_close(ee);
}

/*
 * A request dated 10 days back, its hour long past when it arrives: the
 * sender marks it overdue an hour after the receiver's receipt, not at
 * once; the receiver counts it owed late from then too.
 */
static void
test_deadline_from_receipt(void **state)
{
	struct pair *p = *state;
	struct node *ff = tn_node(p->tmp, "cert.ff", "FF", TIER_CERT);
	struct node *gg = tn_node(p->tmp, "cert.gg", "GG", TIER_CERT);
	int64_t now = (int64_t)time(NULL), back = now - 10 * 86400;
	struct send_args a = { .to = "cert.gg", .type = MSG_REQUEST,
		.tlp = TLP_AMBER, .now = back, .deadline = back + 3600 };
	struct deadline_result dr;
	struct accept_result res;
	struct msg_tally tl;
	struct msg_row m, u;
	struct hl_diag d;
	struct buf rc;
	char id[65];

	tn_pin(ff, gg);
	tn_pin(gg, ff);
	a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], "
	    "s:[s]}", "category", "scanning", "severity", "high", "summary",
	    "SSH brute force", "observed", "start", "2026-11-20T00:00:00Z",
	    "end", "2026-11-26T00:00:00Z", "indicators", "type", "ipv4",
	    "value", "203.0.113.7", "expectations", "investigate");
	hl_diag_clear(&d);
	if (node_send(ff, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	assert_int_equal(store_msg_get(ff->st, id, true, &m), 0);
	/* A second one, never delivered: overdue at once, as before. */
	if (node_send(ff, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	assert_int_equal(store_msg_get(ff->st, id, true, &u), 0);
	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	assert_int_equal(node_accept(gg, m.raw, m.rawlen, 0, NULL, &res, &rc,
	    &d), 0);
	assert_int_equal(node_delivered(ff, m.id, rc.p, rc.len, now, &d), 0);
	buf_done(&rc);

	assert_int_equal(node_deadlines(ff, now, &dr, &d), 0);
	assert_int_equal(dr.overdue, 1);
	assert_int_equal(dr.stranded, 1);
	{
		struct msg_row v;

		assert_int_equal(store_msg_get(ff->st, u.id, false, &v), 0);
		assert_string_equal(proto_state_names[v.state], "overdue");
		msg_row_done(&v);
	}
	msg_row_done(&u);
	assert_int_equal(node_deadlines(ff, now + 3599, &dr, &d), 0);
	assert_int_equal(dr.overdue, 0);
	assert_int_equal(store_msg_tally(gg->st, now + 3599, 30 * 86400, &tl),
	    0);
	assert_int_equal(tl.owed, 1);
	assert_int_equal(tl.owed_late, 0);
	/* The receipt's time plus the hour asked: now due. */
	assert_int_equal(node_deadlines(ff, now + 3600 + 1, &dr, &d), 0);
	assert_int_equal(dr.overdue, 1);
	assert_int_equal(store_msg_tally(gg->st, now + 3600 + 1, 30 * 86400,
	    &tl), 0);
	assert_int_equal(tl.owed_late, 1);
	msg_row_done(&m);
	json_decref(a.body);
	node_close(ff);
	node_close(gg);
}

/* A request from n to peer, due as the node's policy says; its row. */
static struct msg_row
send_request(struct node *n, const char *to, int64_t now)
{
	struct send_args a = { .to = to, .type = MSG_REQUEST,
		.tlp = TLP_AMBER, .now = now,
		.deadline = SEND_POLICY_DEADLINE };
	struct msg_row m;
	struct hl_diag d;
	char id[65];

	a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], "
	    "s:[s]}", "category", "scanning", "severity", "high", "summary",
	    "SSH brute force", "observed", "start", "2026-11-20T00:00:00Z",
	    "end", "2026-11-26T00:00:00Z", "indicators", "type", "ipv4",
	    "value", "203.0.113.7", "expectations", "investigate");
	hl_diag_clear(&d);
	if (node_send(n, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	json_decref(a.body);
	assert_int_equal(store_msg_get(n->st, id, true, &m), 0);
	return m;
}

/* r and what d says of it, as a front end prints them. */
static void
expect_diag(int r, const struct hl_diag *d, int err, const char *want)
{
	char got[800];

	hl_diag_format(d, r, got, sizeof(got));
	if (r != err || strcmp(got, want) != 0)
		fail_msg("got %d \"%s\", want %d \"%s\"", r, got, err, want);
}

static enum msg_state
state_of(struct node *n, const char *id)
{
	struct msg_row m;

	assert_int_equal(store_msg_get(n->st, id, false, &m), 0);
	return m.state;
}

/*
 * The rules of reply and withdraw are the node's: only a request
 * received is answered and only one sent is withdrawn; a final answer
 * or a withdrawal again, or a TLP below the request's, only when forced
 * (the wire allows them); a request without a deadline gets the
 * policy's.
 */
static void
test_reply_withdraw(void **state)
{
	struct pair *p = *state;
	struct node *hh = tn_node(p->tmp, "cert.rq", "RQ", TIER_CERT);
	struct node *ii = tn_node(p->tmp, "cert.rs", "RS", TIER_CERT);
	int64_t now = (int64_t)time(NULL), before, after;
	struct reply_args ra = { .tlp = -1, .now = now };
	struct accept_result res;
	struct msg_row r1, r2, m, got;
	struct hl_diag d;
	char id[65], want[300];

	tn_pin(hh, ii);
	tn_pin(ii, hh);
	r1 = send_request(hh, "cert.rs", now);
	r2 = send_request(hh, "cert.rs", now);
	assert_int_equal(r1.deadline, now + config_first_response(&hh->cfg,
	    TIER_CERT));
	assert_int_equal(node_accept(ii, r1.raw, r1.rawlen, 0, NULL, &res,
	    NULL, &d), 0);
	assert_int_equal(node_accept(ii, r2.raw, r2.rawlen, 0, NULL, &res,
	    NULL, &d), 0);

	/* Lookups say what the front ends print. */
	hl_diag_clear(&d);
	expect_diag(node_reply_find(ii, "xyz", &m, &d), &d, HL_EINVAL,
	    "'xyz': not an id (at least 4 lower-case hex digits)");
	hl_diag_clear(&d);
	expect_diag(node_reply_find(ii, "abcd", &m, &d), &d, HL_ENOTFOUND,
	    "abcd: no such message");
	hl_diag_clear(&d);
	(void)snprintf(want, sizeof(want), "%.12s is a request this node "
	    "sent, not a request or query it received", r1.id);
	expect_diag(node_reply_find(hh, r1.id, &m, &d), &d, HL_EINVAL, want);
	hl_diag_clear(&d);
	(void)snprintf(want, sizeof(want), "%.12s is a request this node "
	    "received, not a request or query it sent", r1.id);
	expect_diag(node_withdraw(ii, r1.id, "no", now, id, &d), &d,
	    HL_EINVAL, want);

	/* A final answer at the request's own TLP, then no second one. */
	hl_diag_clear(&d);
	assert_int_equal(node_reply_find(ii, r1.id, &m, &d), 0);
	ra.body = json_pack("{s:s, s:s}", "status", "final", "summary",
	    "blocked");
	assert_int_equal(node_reply(ii, &m, &ra, id, &d), 0);
	assert_int_equal(store_msg_get(ii->st, id, false, &got), 0);
	assert_string_equal(got.type, "response");
	assert_string_equal(got.tlp, "amber");
	assert_int_equal(got.deadline, 0);
	assert_int_equal(state_of(ii, r1.id), MSTATE_ANSWERED_FINAL);
	assert_int_equal(node_reply_find(ii, r1.id, &m, &d), 0);
	assert_int_equal(store_msg_count(ii->st, "out", &before), 0);
	hl_diag_clear(&d);
	(void)snprintf(want, sizeof(want), "%.12s already has a final "
	    "answer; use --force to send anyway", r1.id);
	expect_diag(node_reply(ii, &m, &ra, id, &d), &d, HL_ECONFLICT, want);
	assert_int_equal(store_msg_count(ii->st, "out", &after), 0);
	assert_int_equal(after, before);
	ra.force = true;
	assert_int_equal(node_reply(ii, &m, &ra, id, &d), 0);
	assert_int_equal(state_of(ii, r1.id), MSTATE_ANSWERED_FINAL);
	ra.force = false;

	/* Marked lower than the request asked. */
	assert_int_equal(node_reply_find(ii, r2.id, &m, &d), 0);
	ra.tlp = TLP_GREEN;
	hl_diag_clear(&d);
	expect_diag(node_reply(ii, &m, &ra, id, &d), &d, HL_EINVAL,
	    "TLP:GREEN is lower than TLP:AMBER, the request's marking; use "
	    "--force to mark it so anyway");
	assert_int_equal(state_of(ii, r2.id), MSTATE_RECEIVED);
	json_decref(ra.body);

	/* Withdrawn once; a reason no notice may carry changes nothing. */
	hl_diag_clear(&d);
	expect_diag(node_withdraw(hh, r2.id, "", now, id, &d), &d,
	    HL_ESCHEMA, "summary: must not be empty");
	assert_int_equal(state_of(hh, r2.id), MSTATE_QUEUED);
	assert_int_equal(node_withdraw(hh, r2.id, "resolved", now, id, &d), 0);
	assert_int_equal(state_of(hh, r2.id), MSTATE_WITHDRAWN);
	hl_diag_clear(&d);
	(void)snprintf(want, sizeof(want), "%.12s is already withdrawn",
	    r2.id);
	expect_diag(node_withdraw(hh, r2.id, "again", now, id, &d), &d,
	    HL_ECONFLICT, want);
	msg_row_done(&r1);
	msg_row_done(&r2);
	node_close(hh);
	node_close(ii);
}

/* The seqs of a batch, "1 2 3", and its rows freed. */
static void
expect_batch(struct msg_row *m, size_t count, const char *want)
{
	char got[64] = "";
	size_t len = 0;

	for (size_t i = 0; i < count; i++) {
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%lld",
		    i > 0 ? " " : "", (long long)m[i].seq);
		msg_row_done(&m[i]);
	}
	assert_string_equal(got, want);
}

/*
 * What delivery reads: what is due has no receipt; while a peer asks
 * again for a range, that range comes first, receipted or not, from
 * after the last one sent; then what is due. The front ends' reads of
 * a peer answer the same way.
 */
static void
test_outbox_next(void **state)
{
	struct pair *p = *state;
	struct node *ob = tn_node(p->tmp, "cert.ob", "OB", TIER_CERT);
	struct node *oc = tn_node(p->tmp, "cert.oc", "OC", TIER_NRRC);
	struct accept_result res;
	struct msg_row sent[3], m[4];
	struct hl_diag d;
	struct buf rc;
	size_t count;
	int64_t left;

	tn_pin(ob, oc);
	tn_pin(oc, ob);
	for (int i = 0; i < 3; i++)
		sent[i] = send_ping(ob, "cert.oc");
	assert_int_equal(node_undelivered(ob, "cert.oc", &left), 0);
	assert_int_equal(left, 3);
	for (int i = 0; i < 2; i++) {
		buf_init(&rc, HL_MAX_RECEIPT_BYTES);
		hl_diag_clear(&d);
		assert_int_equal(node_accept(oc, sent[i].raw, sent[i].rawlen,
		    0, NULL, &res, &rc, &d), 0);
		assert_int_equal(node_delivered(ob, sent[i].id, rc.p, rc.len,
		    (int64_t)time(NULL), &d), 0);
		buf_done(&rc);
	}
	assert_int_equal(node_undelivered(ob, "cert.oc", &left), 0);
	assert_int_equal(left, 1);
	assert_int_equal(node_outbox_next(ob, "cert.oc", 0, 0, 0, 4, 1 << 20,
	    m, &count), 0);
	expect_batch(m, count, "3");
	/* Asked again for 1 through 2: those first, then what is due. */
	assert_int_equal(node_outbox_next(ob, "cert.oc", 0, 1, 2, 4, 1 << 20,
	    m, &count), 0);
	expect_batch(m, count, "1 2");
	assert_int_equal(node_outbox_next(ob, "cert.oc", 1, 1, 2, 4, 1 << 20,
	    m, &count), 0);
	expect_batch(m, count, "2");
	assert_int_equal(node_outbox_next(ob, "cert.oc", 2, 1, 2, 4, 1 << 20,
	    m, &count), 0);
	expect_batch(m, count, "3");
	assert_int_equal(node_outbox_next(ob, "cert.oc", 3, 0, 0, 4, 1 << 20,
	    m, &count), HL_ENOTFOUND);
	/* At most max of them. */
	assert_int_equal(node_outbox_next(ob, "cert.oc", 0, 1, 3, 2, 1 << 20,
	    m, &count), 0);
	expect_batch(m, count, "1 2");
	assert_int_equal(node_peer_tier(ob, "cert.oc"), TIER_NRRC);
	assert_int_equal(node_peer_tier(ob, "cert.od"), -1);
	assert_true(node_peer_known(ob, "cert.oc"));
	assert_false(node_peer_known(ob, "cert.od"));
	for (int i = 0; i < 3; i++)
		msg_row_done(&sent[i]);
	node_close(ob);
	node_close(oc);
}

/*
 * One party per TLS pin and per message key: node_peer_add names the
 * party that has it; replacing a party's own card stays allowed.
 */
static void
test_peer_unique(void **state)
{
	static const char pin1[] =
	    "sha256//MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMA=";
	static const char pin2[] =
	    "sha256//NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNA=";
	struct pair *p = *state;
	struct node *hh = tn_node(p->tmp, "cert.hh", "HH", TIER_CERT);
	struct card c, got;
	struct hl_diag d;
	char msg[800];
	bool changed;
	int r;

	/* kk pinned; then kk again with a new pin, by --replace: fine. */
	tu_card_pin(&c, "cert.kk", "KK", 41, pin1);
	assert_int_equal(node_peer_add(hh, c.raw, c.rawlen, false, &got,
	    &changed, &d), 0);
	tu_card_pin(&c, "cert.kk", "KK", 41, pin2);
	assert_int_equal(node_peer_add(hh, c.raw, c.rawlen, true, &got,
	    &changed, &d), 0);
	assert_true(changed);
	/* mm with kk's pin, or with kk's key, or with hh's own: refused. */
	tu_card_pin(&c, "cert.mm", "MM", 42, pin2);
	hl_diag_clear(&d);
	r = node_peer_add(hh, c.raw, c.rawlen, true, &got, &changed, &d);
	hl_diag_format(&d, r, msg, sizeof(msg));
	assert_int_equal(r, HL_ECONFLICT);
	assert_string_equal(msg, "tls_pin: is the TLS key of cert.kk, already "
	    "pinned; a TLS key speaks for one party only, so cert.mm cannot "
	    "have it");
	tu_card_pin(&c, "cert.mm", "MM", 41, pin1);
	hl_diag_clear(&d);
	r = node_peer_add(hh, c.raw, c.rawlen, false, &got, &changed, &d);
	hl_diag_format(&d, r, msg, sizeof(msg));
	assert_int_equal(r, HL_ECONFLICT);
	assert_string_equal(msg, "key: is the message key of cert.kk, already "
	    "pinned; a key signs for one party only, so cert.mm cannot have "
	    "it");
	tu_card_pin(&c, "cert.mm", "MM", 42, hh->card.tls_pin);
	hl_diag_clear(&d);
	r = node_peer_add(hh, c.raw, c.rawlen, false, &got, &changed, &d);
	hl_diag_format(&d, r, msg, sizeof(msg));
	assert_int_equal(r, HL_ECONFLICT);
	assert_string_equal(msg, "tls_pin: is this node's own TLS key, not "
	    "cert.mm's");
	assert_int_equal(store_peer_get(hh->st, "cert.mm", &got),
	    HL_ENOTFOUND);
	/* With its own pin and key, mm is pinned. */
	tu_card_pin(&c, "cert.mm", "MM", 42, pin1);
	assert_int_equal(node_peer_add(hh, c.raw, c.rawlen, false, &got,
	    &changed, &d), 0);
	node_close(hh);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_refuses_existing),
		cmocka_unit_test(test_accept_in_order_and_duplicates),
		cmocka_unit_test(test_accept_refusals),
		cmocka_unit_test(test_accept_wrong_key),
		cmocka_unit_test(test_accept_batch),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_deadline_from_receipt),
		cmocka_unit_test(test_reply_withdraw),
		cmocka_unit_test(test_outbox_next),
		cmocka_unit_test(test_peer_unique),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
