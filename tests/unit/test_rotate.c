/*
 * Keys across rotations, online: a peer's message, receipt, checkpoint
 * and TLS pin are taken when its pinned card says the key is current or
 * in its grace, and refused key-revoked (naming the key) when the card
 * retired or revoked it; a key the card never named is a bad signature.
 * The peer's side is faked: its node signs with a key from a seed byte,
 * and the other pins a version 2 card that names that key as it likes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "bundle.h"
#include "cardkeys.h"
#include "hl.h"
#include "node.h"
#include "tlog.h"
#include "view.h"
#include "tutil.h"
#include "tnode.h"

static const char pin2[] =
    "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
static const char pin3[] =
    "sha256//BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA=";
static const char pin_now[] =
    "sha256//97MMAZji5UC4l8sDx4TmfdyW2o5v/Nh41dFs4zg17R8=";

struct pair {
	char		*tmp;
	struct node	*aa, *bb;
	int64_t		 now;
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
	tn_pin(p->aa, p->bb);
	tn_pin(p->bb, p->aa);
	p->now = (int64_t)time(NULL);
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct pair *p = *state;

	node_close(p->aa);
	node_close(p->bb);
	tu_rmrf(p->tmp);
	free(p->tmp);
	free(p);
	return 0;
}

/* n signs from now on with party's message key of seed s. */
static void
sign_with(struct node *n, uint8_t s)
{
	sig_key_free(n->key);
	n->key = tu_msg_key(n->cfg.party, s);
	n->tlog.key = n->key;
}

/* A retired entry for party's message key of seed s. */
static void
retire_key(struct card_retired *e, const char *party, uint8_t s,
    int64_t until, enum card_why why)
{
	struct card old;

	memset(e, 0, sizeof(*e));
	tu_card(&old, party, "AA", s);
	(void)snprintf(e->vkey, sizeof(e->vkey), "%s", old.vkey);
	memcpy(e->pk, old.pk, sizeof(old.pk));
	e->until = until;
	e->why = why;
}

static void
retire_pin(struct card_retired *e, const char *pin, int64_t until,
    enum card_why why)
{
	memset(e, 0, sizeof(*e));
	e->is_tls = true;
	(void)snprintf(e->tls_pin, sizeof(e->tls_pin), "%s", pin);
	e->until = until;
	e->why = why;
}

/*
 * n pins party's version 2 card (state as party's node has it): message
 * key of seed s, the retired list given.
 */
static void
repin(struct node *n, const char *party, const char *state, uint8_t s,
    const struct card_retired *re, size_t nre, int64_t now)
{
	struct hl_diag d;
	struct card c, got;
	bool changed;

	tu_card2(&c, party, state, s, 9, 2, now - 60, now + 86400, re, nre);
	hl_diag_clear(&d);
	if (node_peer_add(n, c.raw, c.rawlen, true, &got, &changed, &d) != 0)
		fail_msg("repin %s: %s: %s", party, d.path, d.msg);
}

/* A ping from -> to, queued; its raw envelope in m. */
static void
ping(struct node *from, const char *to, struct msg_row *m, char id[65])
{
	assert_int_equal(node_ping(from, to, (int64_t)time(NULL), id, NULL),
	    0);
	assert_int_equal(store_msg_get(from->st, id, true, m), 0);
}

static int
accept_ping(struct pair *p, struct hl_diag *d)
{
	struct accept_result res;
	struct msg_row m;
	struct buf rc;
	char id[65];
	int r;

	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	ping(p->aa, "cert.bb", &m, id);
	hl_diag_clear(d);
	r = node_accept(p->bb, m.raw, m.rawlen, 0, NULL, &res, &rc, d);
	msg_row_done(&m);
	buf_done(&rc);
	return r;
}

static int64_t
inbox(struct node *n)
{
	return tn_sql_int(n, "SELECT count(*) FROM messages WHERE dir = 'in'");
}

static void
test_accept_current(void **state)
{
	struct pair *p = *state;
	struct card_retired re[1];
	struct hl_diag d;

	sign_with(p->aa, 2);
	retire_key(&re[0], "cert.aa", 1, p->now - 10, CARD_ROTATED);
	repin(p->bb, "cert.aa", "AA", 2, re, 1, p->now);
	assert_int_equal(accept_ping(p, &d), 0);
	assert_int_equal(inbox(p->bb), 1);
}

static void
test_accept_grace(void **state)
{
	struct pair *p = *state;
	struct card_retired re[1];
	struct hl_diag d;

	sign_with(p->aa, 1);
	retire_key(&re[0], "cert.aa", 1, p->now + 3600, CARD_ROTATED);
	repin(p->bb, "cert.aa", "AA", 2, re, 1, p->now);
	assert_int_equal(accept_ping(p, &d), 0);
	assert_int_equal(inbox(p->bb), 1);
}

static void
test_accept_retired(void **state)
{
	struct pair *p = *state;
	struct card_retired re[2];
	struct hl_diag d;
	char want[512];

	sign_with(p->aa, 1);
	retire_key(&re[0], "cert.aa", 3, p->now + 3600, CARD_ROTATED);
	retire_key(&re[1], "cert.aa", 1, 1795773600, CARD_ROTATED);
	repin(p->bb, "cert.aa", "AA", 2, re, 2, p->now);
	assert_int_equal(accept_ping(p, &d), HL_EREVOKED);
	(void)snprintf(want, sizeof(want), "signed by %s, which cert.aa's "
	    "card (serial 2) retired: its grace ended 2026-11-27T10:00:00Z",
	    re[1].vkey);
	assert_string_equal(d.msg, want);
	assert_string_equal(d.path, "sig");
	assert_int_equal(inbox(p->bb), 0);
}

static void
test_accept_revoked(void **state)
{
	struct pair *p = *state;
	struct card_retired re[1];
	struct hl_diag d;
	char want[512];

	/* Revoked from a time still to come: refused now all the same. */
	sign_with(p->aa, 1);
	retire_key(&re[0], "cert.aa", 1, p->now + 3600, CARD_COMPROMISE);
	repin(p->bb, "cert.aa", "AA", 2, re, 1, p->now);
	assert_int_equal(accept_ping(p, &d), HL_EREVOKED);
	(void)snprintf(want, sizeof(want), "signed by %s, which cert.aa's "
	    "card (serial 2) revoked as compromised since", re[0].vkey);
	assert_memory_equal(d.msg, want, strlen(want));
	assert_int_equal(inbox(p->bb), 0);

	retire_key(&re[0], "cert.aa", 1, p->now - 3600, CARD_SUPERSEDED);
	repin(p->bb, "cert.aa", "AA", 2, re, 1, p->now);
	assert_int_equal(accept_ping(p, &d), HL_EREVOKED);
	(void)snprintf(want, sizeof(want), "signed by %s, which cert.aa's "
	    "card (serial 2) revoked as superseded since", re[0].vkey);
	assert_memory_equal(d.msg, want, strlen(want));
	assert_int_equal(inbox(p->bb), 0);
}

static void
test_accept_unknown(void **state)
{
	struct pair *p = *state;
	struct card_retired re[1];
	struct hl_diag d;

	sign_with(p->aa, 5);
	retire_key(&re[0], "cert.aa", 1, p->now + 3600, CARD_ROTATED);
	repin(p->bb, "cert.aa", "AA", 2, re, 1, p->now);
	assert_int_equal(accept_ping(p, &d), HL_EBADSIG);
	assert_string_equal(d.msg, "does not verify with the key pinned for "
	    "cert.aa");
	assert_int_equal(inbox(p->bb), 0);
}

/* bb signs receipts with its key of seed 1, which aa's pin of bb says. */
static int
receipt_by_old(struct pair *p, int64_t until, enum card_why why,
    struct hl_diag *d, char id[65])
{
	struct card_retired re[1];
	struct accept_result res;
	struct msg_row m;
	struct buf rc;
	int r;

	sign_with(p->bb, 1);
	retire_key(&re[0], "cert.bb", 1, until, why);
	repin(p->aa, "cert.bb", "BB", 2, re, 1, p->now);
	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	ping(p->aa, "cert.bb", &m, id);
	assert_int_equal(node_accept(p->bb, m.raw, m.rawlen, 0, NULL, &res,
	    &rc, NULL), 0);
	hl_diag_clear(d);
	r = node_delivered(p->aa, id, rc.p, rc.len, (int64_t)time(NULL), d);
	msg_row_done(&m);
	buf_done(&rc);
	return r;
}

static void
test_receipt_grace(void **state)
{
	struct pair *p = *state;
	struct hl_diag d;
	struct msg_row m;
	char id[65];

	assert_int_equal(receipt_by_old(p, p->now + 3600, CARD_ROTATED, &d,
	    id), 0);
	assert_int_equal(store_msg_get(p->aa->st, id, false, &m), 0);
	assert_int_equal(m.state, MSTATE_DELIVERED);
	msg_row_done(&m);
}

static void
test_receipt_retired(void **state)
{
	struct pair *p = *state;
	struct hl_diag d;
	struct msg_row m;
	char id[65];

	assert_int_equal(receipt_by_old(p, p->now - 1, CARD_ROTATED, &d, id),
	    HL_EREVOKED);
	assert_string_equal(d.path, "sig");
	assert_non_null(strstr(d.msg, "which cert.bb's card (serial 2) "
	    "retired: its grace ended"));
	assert_int_equal(store_msg_get(p->aa->st, id, false, &m), 0);
	assert_int_equal(m.state, MSTATE_QUEUED);
	msg_row_done(&m);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM log_leaves "
	    "WHERE data LIKE '%\"event\":\"delivered\"%'"), 0);
}

static void
test_receipt_revoked(void **state)
{
	struct pair *p = *state;
	struct hl_diag d;
	char id[65];

	assert_int_equal(receipt_by_old(p, p->now + 3600, CARD_SUPERSEDED,
	    &d, id), HL_EREVOKED);
	assert_non_null(strstr(d.msg, "revoked as superseded since"));
}

/* bb's checkpoint after a ping signed by its key of seed 1. */
static int
cosign_old(struct pair *p, int64_t until, enum card_why why,
    struct hl_diag *d)
{
	struct card_retired re[1];
	struct merkle_proof proof = { 0 };
	struct buf note, out;
	uint64_t got;
	char id[65];
	int r;

	sign_with(p->bb, 1);
	retire_key(&re[0], "cert.bb", 1, until, why);
	repin(p->aa, "cert.bb", "BB", 2, re, 1, p->now);
	assert_int_equal(node_ping(p->bb, "cert.aa", p->now, id, NULL), 0);
	buf_init(&note, HL_MAX_NOTE_BYTES);
	buf_init(&out, HL_MAX_NOTE_BYTES * 2);
	assert_int_equal(store_checkpoint_get(p->bb->st, -1, &got, &note), 0);
	hl_diag_clear(d);
	r = tlog_cosign(&p->aa->tlog, "cert.bb", note.p, note.len, &proof,
	    p->now, &out, d);
	buf_done(&note);
	buf_done(&out);
	return r;
}

static void
test_cosign_grace(void **state)
{
	struct pair *p = *state;
	struct hl_diag d;

	assert_int_equal(cosign_old(p, p->now + 3600, CARD_ROTATED, &d), 0);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM witnessed"),
	    1);
}

static void
test_cosign_retired(void **state)
{
	struct pair *p = *state;
	struct hl_diag d;

	assert_int_equal(cosign_old(p, p->now - 1, CARD_ROTATED, &d),
	    HL_EREVOKED);
	assert_non_null(strstr(d.msg, "retired: its grace ended"));
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM witnessed"),
	    0);
}

static void
test_pins(void **state)
{
	struct pair *p = *state;
	struct card_retired re[3];
	struct card c;
	char pins[CARD_KEYS_MAX * TLS_PIN_LEN], want[256];

	retire_pin(&re[0], pin2, p->now + 3600, CARD_ROTATED);
	retire_pin(&re[1], pin3, p->now - 1, CARD_ROTATED);
	retire_key(&re[2], "cert.aa", 1, p->now + 3600, CARD_ROTATED);
	repin(p->bb, "cert.aa", "AA", 2, re, 3, p->now);
	assert_int_equal(node_peer_by_pin(p->bb, pin_now, &c), 0);
	assert_string_equal(c.party, "cert.aa");
	memset(&c, 0, sizeof(c));
	assert_int_equal(node_peer_by_pin(p->bb, pin2, &c), 0);
	assert_string_equal(c.party, "cert.aa");
	memset(&c, 0, sizeof(c));
	assert_int_equal(node_peer_by_pin(p->bb, pin3, &c), HL_EREVOKED);
	assert_string_equal(c.party, "cert.aa");
	assert_int_equal(node_peer_by_pin(p->bb,
	    "sha256//CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCA=", &c),
	    HL_ENOTFOUND);

	/* What the client takes of it: the current pin, then the grace's. */
	assert_int_equal(node_peer_get(p->bb, "cert.aa", &c), 0);
	assert_int_equal(card_pins_online(&c, p->now, pins, sizeof(pins)), 0);
	(void)snprintf(want, sizeof(want), "%s;%s", pin_now, pin2);
	assert_string_equal(pins, want);
	assert_int_equal(card_pins_online(&c, p->now + 3600, pins,
	    sizeof(pins)), 0);
	assert_string_equal(pins, pin_now);
}

/* card_keys(): current first, then the grace's, then the rest. */
static void
test_card_keys(void **state)
{
	struct card_retired re[4];
	struct card_keyref k[CARD_KEYS_MAX];
	struct note_vkey v[CARD_KEYS_MAX];
	struct card c;
	size_t n;

	(void)state;
	retire_key(&re[0], "cert.aa", 1, 1000, CARD_ROTATED);
	retire_pin(&re[1], pin2, 3000, CARD_ROTATED);
	retire_key(&re[2], "cert.aa", 3, 3000, CARD_ROTATED);
	retire_key(&re[3], "cert.aa", 4, 500, CARD_COMPROMISE);
	tu_card2(&c, "cert.aa", "AA", 2, 9, 3, 100, 5000, re, 4);
	assert_int_equal(card_keys(&c, 2000, k), 4);
	assert_memory_equal(k[0].pk, c.pk, HL_PK_LEN);
	assert_int_equal(k[0].state, CARD_KEY_CURRENT);
	assert_true(k[0].until == INT64_MAX);
	assert_memory_equal(k[1].pk, re[2].pk, HL_PK_LEN);
	assert_int_equal(k[1].state, CARD_KEY_GRACE);
	assert_memory_equal(k[2].pk, re[0].pk, HL_PK_LEN);
	assert_int_equal(k[2].state, CARD_KEY_RETIRED);
	assert_int_equal(k[2].until, 1000);
	assert_memory_equal(k[3].pk, re[3].pk, HL_PK_LEN);
	assert_int_equal(k[3].state, CARD_KEY_REVOKED);
	assert_int_equal(k[3].why, CARD_COMPROMISE);
	assert_int_equal(card_note_keys(&c, v, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].name, "hotline/cert.aa");
	assert_string_equal(card_key_state_name(CARD_KEY_GRACE), "grace");
}

/* from's head, cosigned by by, the cosignature kept by from. */
static void
cosign(struct node *from, struct node *by)
{
	struct merkle_proof proof = { 0 };
	struct buf note, out;
	struct hl_diag d;
	uint64_t got;
	int added;

	/* The first by's cosigns: an empty proof. */
	buf_init(&note, HL_MAX_NOTE_BYTES);
	buf_init(&out, HL_MAX_NOTE_BYTES * 2);
	assert_int_equal(store_checkpoint_get(from->st, -1, &got, &note), 0);
	hl_diag_clear(&d);
	if (tlog_cosign(&by->tlog, from->cfg.party, note.p, note.len, &proof,
	    (int64_t)time(NULL), &out, &d) != 0)
		fail_msg("cosign: %s", d.msg);
	assert_int_equal(tlog_add_cosignatures(&from->tlog, out.p, out.len,
	    &added, NULL), 0);
	buf_done(&note);
	buf_done(&out);
}

/* bb rotates (or revokes) its message key as a says; aa pins the card. */
static void
bb_rotates(struct pair *p, enum card_why why, int64_t since, int64_t grace)
{
	struct rotate_args a;
	struct sig_key *id;
	struct hl_diag d;
	struct card c, got;
	char path[600];
	bool changed;

	(void)snprintf(path, sizeof(path), "%s/cert.bb/" NODE_IDKEY, p->tmp);
	assert_int_equal(sig_key_load(path, &id, NULL), 0);
	memset(&a, 0, sizeof(a));
	a.identity = id;
	a.message = true;
	a.now = (int64_t)time(NULL);
	a.grace = grace;
	a.why = why;
	a.since = since;
	hl_diag_clear(&d);
	if (node_key_rotate(p->bb, &a, &c, &d) != 0)
		fail_msg("rotate: %s", d.msg);
	sig_key_free(id);
	hl_diag_clear(&d);
	if (node_peer_add(p->aa, c.raw, c.rawlen, true, &got, &changed,
	    &d) != 0)
		fail_msg("repin: %s", d.msg);
}

/* aa's bundle, verified: 0 or the error; res filled. */
static int
aa_bundle(struct pair *p, struct bundle_result *res, struct hl_diag *d)
{
	struct report_filter f = { .tier = -1 };
	struct report rep;
	struct buf out;
	int r;

	buf_init(&out, (size_t)HL_MAX_BUNDLE_BYTES);
	hl_diag_clear(d);
	if ((r = audit_bundle(p->aa, &f, &out, &rep, d)) != 0)
		fail_msg("bundle: %s", d->msg);
	report_done(&rep);
	r = bundle_verify(out.p, out.len, NULL, 0, res, d);
	buf_done(&out);
	return r;
}

/*
 * aa's query carried to bb before a key of bb's is retired; what bb
 * signed of it (its receipt, its cosignature of aa's head) verifies in
 * aa's bundle with bb's new card, flagged when dated at or after the
 * old key's until.
 */
static void
bundle_with(struct pair *p, enum card_why why, int64_t since_ago,
    int64_t grace, size_t want)
{
	struct bundle_result res;
	struct msg_row m;
	struct hl_diag d;
	char id[65];

	ping(p->aa, "cert.bb", &m, id);
	msg_row_done(&m);
	tn_carry(p->aa, p->bb, id);
	cosign(p->aa, p->bb);
	bb_rotates(p, why, (int64_t)time(NULL) - since_ago, grace);
	if (aa_bundle(p, &res, &d) != 0)
		fail_msg("verify: %s: %s", d.path, d.msg);
	assert_int_equal(res.nflags, want);
	if (want > 0) {
		struct card_keyref k[CARD_KEYS_MAX];
		const struct card *bb = bundle_card(&res, "cert.bb");

		assert_non_null(bb);
		assert_int_equal(card_keys(bb, 0, k), 2);
		/* Checkpoints are checked first, then the receipts. */
		assert_string_equal(res.flags[0].what, "cosignature");
		/* The head, or the one bb cosigned if aa logged since. */
		assert_memory_equal(res.flags[0].where, "checkpoints[", 12);
		assert_string_equal(res.flags[0].party, "cert.bb");
		assert_string_equal(res.flags[0].key, k[1].vkey);
		assert_string_equal(res.flags[1].what, "receipt");
		assert_string_equal(res.flags[1].where, "receipts[0]");
		assert_string_equal(res.flags[1].party, "cert.bb");
		assert_string_equal(res.flags[1].key, k[1].vkey);
		assert_int_equal(res.flags[1].why, why);
		assert_non_null(strstr(res.flags[1].text, "receipts[0]: "
		    "receipt for "));
	}
	bundle_result_done(&res);
}

static void
test_bundle_rotated(void **state)
{
	/* In its grace: what the old key signed is not flagged. */
	bundle_with(*state, CARD_ROTATED, 0, 3600, 0);
}

static void
test_bundle_revoked(void **state)
{
	/* Revoked since before it signed: the receipt and cosignature. */
	bundle_with(*state, CARD_COMPROMISE, 60, 0, 2);
}

static void
test_bundle_revoked_later(void **state)
{
	struct pair *p = *state;
	struct bundle_result res;
	struct msg_row m;
	struct hl_diag d;
	char id[65];

	/* Revoked from a time after all it signed: nothing flagged. */
	ping(p->aa, "cert.bb", &m, id);
	msg_row_done(&m);
	tn_carry(p->aa, p->bb, id);
	cosign(p->aa, p->bb);
	sleep(1);
	bb_rotates(p, CARD_SUPERSEDED, (int64_t)time(NULL), 0);
	assert_int_equal(aa_bundle(p, &res, &d), 0);
	assert_int_equal(res.nflags, 0);
	bundle_result_done(&res);
}

/* After a rotation, the node opens again and its log verifies. */
static void
test_anchor_after_rotation(void **state)
{
	struct pair *p = *state;
	struct tlog_stats ts;
	struct node *again;
	struct hl_diag d;
	char dir[600], id[65];

	bb_rotates(p, CARD_ROTATED, 0, 3600);
	/* The new key signs the next checkpoint; the first is the old's. */
	assert_int_equal(node_ping(p->bb, "cert.aa", (int64_t)time(NULL), id,
	    NULL), 0);
	(void)snprintf(dir, sizeof(dir), "%s/cert.bb", p->tmp);
	hl_diag_clear(&d);
	if (node_open(dir, &again, &d) != 0)
		fail_msg("open: %s", d.msg);
	assert_int_equal(again->card.serial, 2);
	if (tlog_verify(&again->tlog, &ts, &d) != 0)
		fail_msg("verify: %s", d.msg);
	assert_true(ts.checkpoints >= 3);
	node_close(again);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accept_current, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accept_grace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accept_retired, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accept_revoked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accept_unknown, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_receipt_grace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_receipt_retired, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_receipt_revoked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cosign_grace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cosign_retired, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pins, setup, teardown),
		cmocka_unit_test(test_card_keys),
		cmocka_unit_test_setup_teardown(test_bundle_rotated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bundle_revoked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bundle_revoked_later,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchor_after_rotation,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
