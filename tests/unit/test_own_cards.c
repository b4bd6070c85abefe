/*
 * A node's own cards: the first made at init, each rotation's kept in
 * own_cards with its card leaf, the retired list capped at 16 (oldest
 * dropped), and node_key_rotate()'s refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "tutil.h"
#include "tnode.h"

struct seen {
	int64_t	serials[64];
	size_t	n;
};

static int
each_serial(void *arg, const struct card *c, int64_t made)
{
	struct seen *s = arg;

	(void)made;
	s->serials[s->n++] = c->serial;
	return 0;
}

static struct sig_key *
identity_of(const struct node *n)
{
	struct sig_key *k;
	struct hl_diag d;
	char p[4200];

	(void)snprintf(p, sizeof(p), "%s/" NODE_IDKEY, n->dir);
	hl_diag_clear(&d);
	if (sig_key_load(p, &k, &d) != 0)
		fail_msg("%s: %s", p, d.msg);
	return k;
}

static void
test_first_card(void **state)
{
	char *tmp = tu_tmpdir();
	struct node *n = tn_node(tmp, "cert.aa", "AA", TIER_CERT);
	struct card c, v1;
	struct seen s = { .n = 0 };

	(void)state;
	assert_int_equal(n->card.v, 2);
	assert_int_equal(n->card.serial, 1);
	assert_int_equal(n->card.nretired, 0);
	assert_int_equal(n->card.not_after - n->card.not_before,
	    n->cfg.card_validity);
	assert_memory_equal(n->card.pk, sig_key_pk(n->key), HL_PK_LEN);
	assert_int_equal(store_own_card_latest(n->st, &c), 0);
	assert_memory_equal(&c, &n->card, sizeof(c));
	/* A serial is kept once; a version 1 card is not an own card. */
	assert_int_equal(store_own_card_put(n->st, &c, 1), HL_ECONFLICT);
	tu_card(&v1, "cert.aa", "AA", 1);
	assert_int_equal(store_own_card_put(n->st, &v1, 1), HL_EINVAL);
	assert_int_equal(store_own_card_each(n->st, each_serial, &s), 0);
	assert_int_equal(s.n, 1);
	/* No card leaf for the first card: the log starts empty. */
	assert_int_equal(tn_sql_int(n, "SELECT count(*) FROM log_leaves"), 0);
	node_close(n);
	tu_rmrf(tmp);
	free(tmp);
}

static void
test_rotations(void **state)
{
	char *tmp = tu_tmpdir();
	struct node *n = tn_node(tmp, "cert.aa", "AA", TIER_CERT), *again;
	struct sig_key *id = identity_of(n);
	uint8_t first[HL_PK_LEN];
	struct rotate_args a = {
		.identity = id, .message = true, .grace = 3600,
		.why = CARD_ROTATED,
	};
	struct seen s = { .n = 0 };
	struct hl_diag d;
	struct card c;
	char dir[4096];

	(void)state;
	memcpy(first, n->card.pk, HL_PK_LEN);
	a.now = (int64_t)time(NULL);
	/* Seventeen new message keys: the card keeps the sixteen latest. */
	for (int i = 0; i < 17; i++) {
		hl_diag_clear(&d);
		if (node_key_rotate(n, &a, &c, &d) != 0)
			fail_msg("rotation %d: %s", i, d.msg);
		assert_int_equal(c.serial, i + 2);
		assert_memory_equal(&c, &n->card, sizeof(c));
		assert_memory_equal(c.pk, sig_key_pk(n->key), HL_PK_LEN);
	}
	assert_int_equal(n->card.nretired, CARD_MAX_RETIRED);
	assert_int_equal(card_key_until(&n->card, first, NULL), -1);
	assert_int_equal(n->card.retired[CARD_MAX_RETIRED - 1].until,
	    a.now + 3600);
	assert_int_equal(card_key_state(&n->card,
	    n->card.retired[0].pk, a.now), CARD_KEY_GRACE);
	assert_int_equal(store_own_card_each(n->st, each_serial, &s), 0);
	assert_int_equal(s.n, 18);
	for (size_t i = 0; i < s.n; i++)
		assert_int_equal(s.serials[i], (int64_t)i + 1);
	assert_int_equal(tn_sql_int(n, "SELECT count(*) FROM log_leaves "
	    "WHERE json_extract(data, '$.event') = 'card'"), 17);
	assert_int_equal(tn_sql_int(n, "SELECT max(json_extract(data, "
	    "'$.card.serial')) FROM log_leaves"), 18);
	assert_int_equal(tn_sql_int(n, "SELECT count(*) FROM audit WHERE "
	    "action = 'key-rotate'"), 0);	/* the node acted: no person */
	/* Opened again: the latest card, the new key, the anchor still. */
	(void)snprintf(dir, sizeof(dir), "%s", n->dir);
	hl_diag_clear(&d);
	if (node_open(dir, &again, &d) != 0)
		fail_msg("open: %s", d.msg);
	assert_memory_equal(&again->card, &n->card, sizeof(c));
	assert_memory_equal(sig_key_pk(again->key), n->card.pk, HL_PK_LEN);
	node_close(again);
	sig_key_free(id);
	node_close(n);
	tu_rmrf(tmp);
	free(tmp);
}

static void
test_refusals(void **state)
{
	char *tmp = tu_tmpdir();
	struct node *n = tn_node(tmp, "cert.aa", "AA", TIER_CERT);
	struct sig_key *other = tu_identity_key("cert.aa", 7);
	struct sig_key *id = identity_of(n);
	struct rotate_args a = {
		.identity = other, .grace = 60, .why = CARD_ROTATED,
		.now = (int64_t)time(NULL),
	};
	struct hl_diag d;
	char got[800], want[800];
	struct card c;
	int r;

	(void)state;
	hl_diag_clear(&d);
	r = node_key_rotate(n, &a, &c, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	(void)snprintf(want, sizeof(want), "not the identity key of this "
	    "node's card (serial 1 names %s)", n->card.identity);
	assert_int_equal(r, HL_EINVAL);
	assert_string_equal(got, want);
	a.identity = id;
	a.why = CARD_COMPROMISE;
	hl_diag_clear(&d);
	r = node_key_rotate(n, &a, &c, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	assert_int_equal(r, HL_EINVAL);
	assert_string_equal(got, "a revocation makes a new message key");
	a.message = true;
	a.since = a.now + 1;
	hl_diag_clear(&d);
	r = node_key_rotate(n, &a, &c, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	assert_int_equal(r, HL_EINVAL);
	assert_string_equal(got, "since: is after now");
	/* None of them left anything. */
	assert_int_equal(tn_sql_int(n, "SELECT count(*) FROM own_cards"), 1);
	assert_int_equal(n->card.serial, 1);
	/* A revocation: the old key's until is its since, why as given. */
	a.since = a.now - 60;
	hl_diag_clear(&d);
	if (node_key_rotate(n, &a, &c, &d) != 0)
		fail_msg("revoke: %s", d.msg);
	assert_int_equal(c.nretired, 1);
	assert_int_equal(c.retired[0].until, a.now - 60);
	assert_int_equal(c.retired[0].why, CARD_COMPROMISE);
	assert_int_equal(card_key_state(&c, c.retired[0].pk, a.now - 3600),
	    CARD_KEY_REVOKED);
	sig_key_free(other);
	sig_key_free(id);
	node_close(n);
	tu_rmrf(tmp);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_card),
		cmocka_unit_test(test_rotations),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
