/*
 * The node's log: every send leaves a leaf and a signed checkpoint; a
 * peer cosigns only what is consistent with what it cosigned before and
 * keeps evidence otherwise; cosignatures come back; and verification
 * recomputes everything and names what was tampered with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "checkpoint.h"
#include "hl.h"
#include "node.h"
#include "tlog.h"
#include "tutil.h"
#include "tnode.h"

struct pair {
	char		*tmp;
	struct node	*aa, *bb;
};

static int
setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct card c;
	bool changed;

	if (hl_init() != 0 || p == NULL)
		return -1;
	p->tmp = tu_tmpdir();
	p->aa = tn_node(p->tmp, "cert.aa", "AA", TIER_CERT);
	p->bb = tn_node(p->tmp, "cert.bb", "BB", TIER_CERT);
	assert_int_equal(node_peer_add(p->aa, p->bb->card.raw,
	    p->bb->card.rawlen, false, &c, &changed, NULL), 0);
	assert_int_equal(node_peer_add(p->bb, p->aa->card.raw,
	    p->aa->card.rawlen, false, &c, &changed, NULL), 0);
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

static void
send_query(struct node *n, const char *to)
{
	struct send_args a = { .to = to, .type = MSG_QUERY, .tlp = TLP_GREEN,
		.now = 1795773600 };
	char id[65];

	a.body = json_pack("{s:s}", "summary", "anything in your logs?");
	assert_int_equal(node_send(n, &a, id, NULL), 0);
	json_decref(a.body);
}

/* aa's checkpoint note of size (without cosignatures). */
static void
note_at(struct node *n, int64_t size, struct buf *b)
{
	uint64_t got;

	buf_clear(b);
	assert_int_equal(store_checkpoint_get(n->st, size, &got, b), 0);
}

static void
test_record_and_witness(void **state)
{
	struct pair *p = *state;
	struct merkle_proof proof = { .len = 0 };
	struct buf note, out, evidence;
	struct tlog_stats st;
	struct hl_diag d;
	int added;

	buf_init(&note, 1 << 16);
	buf_init(&out, 1 << 16);
	buf_init(&evidence, 1 << 16);
	for (int i = 0; i < 3; i++)
		send_query(p->aa, "cert.bb");
	assert_int_equal(mlog_size(&p->aa->log), 3);
	/* A checkpoint for the empty log and after each send. */
	for (int s = 0; s <= 3; s++)
		note_at(p->aa, s, &note);

	/* bb cosigns aa's head: the first one needs no proof. */
	note_at(p->aa, 3, &note);
	hl_diag_clear(&d);
	assert_int_equal(tlog_cosign(&p->bb->tlog, "cert.aa", note.p, note.len,
	    &proof, 1795773700, &out, &d), 0);
	assert_int_equal(memcmp(out.p, note.p, note.len), 0);
	/* aa takes the cosignature back. */
	assert_int_equal(tlog_add_cosignatures(&p->aa->tlog, out.p, out.len, &added,
	    &d), 0);
	assert_int_equal(added, 1);

	/* Two more sends; bb cosigns size 5 with the proof from 3. */
	send_query(p->aa, "cert.bb");
	send_query(p->aa, "cert.bb");
	note_at(p->aa, 5, &note);
	assert_int_equal(mlog_consistency(&p->aa->log, 3, 5, &proof), 0);
	buf_clear(&out);
	assert_int_equal(tlog_cosign(&p->bb->tlog, "cert.aa", note.p, note.len,
	    &proof, 1795773800, &out, &d), 0);
	/* An older checkpoint is refused, and is no equivocation. */
	note_at(p->aa, 4, &note);
	assert_int_equal(tlog_cosign(&p->bb->tlog, "cert.aa", note.p, note.len,
	    &proof, 1795773900, &out, &d), HL_EINVAL);
	assert_string_equal(d.msg, "checkpoint of size 4 is older than the one "
	    "already cosigned (5)");

	/* aa signs a size-6 head whose root does not extend size 5. */
	send_query(p->aa, "cert.bb");
	note_at(p->aa, 6, &note);
	assert_int_equal(mlog_consistency(&p->aa->log, 5, 6, &proof), 0);
	proof.h[0][0] ^= 1;
	assert_int_equal(tlog_cosign(&p->bb->tlog, "cert.aa", note.p, note.len,
	    &proof, 1795774000, &out, &d), HL_EEQUIVOCATION);
	assert_string_equal(d.msg, "cert.aa's checkpoint of size 6 is not "
	    "consistent with its checkpoint of size 5 cosigned earlier; both "
	    "are kept as evidence");
	{
		int64_t n = 0;
		sqlite3 *db;
		sqlite3_stmt *s;
		char path[4200];

		(void)snprintf(path, sizeof(path), "%s/hotline.db",
		    p->bb->dir);
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
		    "equivocations WHERE origin = 'hotline/cert.aa'", -1, &s,
		    NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		(void)sqlite3_close(db);
		assert_int_equal(n, 1);
	}
	/* A checkpoint signed by someone else's key is refused. */
	note_at(p->bb, 0, &note);
	assert_int_equal(tlog_cosign(&p->bb->tlog, "cert.aa", note.p, note.len,
	    &proof, 1795774000, &out, &d), HL_EBADSIG);
	assert_string_equal(d.msg, "not signed by hotline/cert.aa");

	hl_diag_clear(&d);
	assert_int_equal(tlog_verify(&p->aa->tlog, &st, &d), 0);
	assert_int_equal(st.leaves, 6);
	assert_int_equal(st.checkpoints, 7);
	assert_int_equal(st.cosignatures, 1);
	buf_done(&note);
	buf_done(&out);
	buf_done(&evidence);
}

static void
tamper(struct pair *p, const char *sql)
{
	char path[4200];
	sqlite3 *db;

	(void)snprintf(path, sizeof(path), "%s/hotline.db", p->aa->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	(void)sqlite3_close(db);
}

/*
 * jansson's allocator, failing only its nth call from now (-1: none),
 * so that code that ignores the failure carries on as if nothing
 * happened; fail_hit says the failure happened.
 */
static long fail_at = -1;
static bool fail_hit;

static void *
failing_malloc(size_t n)
{
	if (fail_at == 0) {
		fail_at = -1;
		fail_hit = true;
		return NULL;
	}
	if (fail_at > 0)
		fail_at--;
	return malloc(n);
}

/* The last leaf of n's log, NUL-terminated, in b. */
static void
last_leaf(struct node *n, struct buf *b)
{
	buf_clear(b);
	assert_int_equal(store_log_get_leaf(n->st, mlog_size(&n->log) - 1,
	    b), 0);
	assert_int_equal(buf_addc(b, '\0'), 0);
}

/*
 * An allocation failure anywhere in a send either fails the send, with
 * no leaf, or the leaf has every member: a deadline, a notice's kind,
 * are never dropped from the append-only log.
 */
static void
test_leaf_whole_or_nothing(void **state)
{
	struct pair *p = *state;
	struct buf leaf;
	int kinds[2] = { MSG_QUERY, MSG_NOTICE };

	buf_init(&leaf, HL_MAX_LEAF_BYTES + 1);
	for (int k = 0; k < 2; k++) {
		long n, failed = 0;
		bool reached;

		for (n = 0; n < 2000; n++) {
			struct send_args a = { .to = "cert.bb",
				.type = (enum msg_type)kinds[k],
				.tlp = TLP_GREEN, .now = 1795773600 };
			uint64_t before = mlog_size(&p->aa->log);
			char id[65];
			int r;

			if (kinds[k] == MSG_QUERY) {
				a.deadline = a.now + 3600;
				a.body = json_pack("{s:s}", "summary", "any?");
			} else
				a.body = json_pack("{s:s, s:s}", "kind",
				    "planned-activity", "summary", "a scan");
			assert_non_null(a.body);
			fail_at = n;
			fail_hit = false;
			json_set_alloc_funcs(failing_malloc, free);
			r = node_send(p->aa, &a, id, NULL);
			json_set_alloc_funcs(malloc, free);
			reached = fail_hit;
			fail_at = -1;
			json_decref(a.body);
			if (r != 0) {
				assert_true(reached);
				assert_int_equal(mlog_size(&p->aa->log),
				    before);
				failed++;
				continue;
			}
			assert_int_equal(mlog_size(&p->aa->log), before + 1);
			last_leaf(p->aa, &leaf);
			assert_non_null(strstr((char *)leaf.p,
			    kinds[k] == MSG_QUERY ? "\"deadline\":" :
			    "\"kind\":\"planned-activity\""));
			/* Every allocation of a send has been failed once. */
			if (!reached)
				break;
		}
		assert_true(n < 2000 && failed > 0);
	}
	buf_done(&leaf);
}

static void
test_verify_names_tampering(void **state)
{
	struct pair *p = *state;
	struct tlog_stats st;
	struct hl_diag d;

	/* One changed byte in an old leaf. */
	tamper(p, "UPDATE log_leaves SET data = CAST(replace(data, 'query', "
	    "'notic') AS BLOB) WHERE idx = 1");
	hl_diag_clear(&d);
	assert_int_equal(tlog_verify(&p->aa->tlog, &st, &d), HL_EPROOF);
	assert_string_equal(d.msg, "leaf 1: the stored hash of subtree "
	    "(level 0, index 1) is not the hash of the stored leaves");
	tamper(p, "UPDATE log_leaves SET data = CAST(replace(data, 'notic', "
	    "'query') AS BLOB) WHERE idx = 1");
	if (tlog_verify(&p->aa->tlog, &st, &d) != 0)
		fail_msg("after restoring: %s", d.msg);
	/* A truncated history: the last leaf gone, its checkpoint kept. */
	tamper(p, "DELETE FROM log_leaves WHERE idx = 5");
	assert_int_equal(tlog_verify(&p->aa->tlog, &st, &d), HL_EPROOF);
	assert_string_equal(d.msg, "checkpoint 6: its root is not the root of "
	    "the first 6 leaves");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_and_witness),
		cmocka_unit_test(test_verify_names_tampering),
		/* Its own pair of nodes: the tests above count leaves. */
		cmocka_unit_test_setup_teardown(test_leaf_whole_or_nothing,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
