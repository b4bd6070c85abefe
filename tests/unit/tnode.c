/*
 * Nodes for the unit tests. See tnode.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "store_int.h"
#include "tutil.h"
#include "tnode.h"

struct node *
tn_node(const char *tmp, const char *party, const char *state,
    enum tier tier)
{
	char dir[512];
	struct config cfg;
	struct hl_diag d;
	struct node *n;

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, state, 3);
	cfg.tier = tier;
	(void)snprintf(dir, sizeof(dir), "%s/%s", tmp, party);
	hl_diag_clear(&d);
	if (node_init(dir, &cfg, &d) != 0)
		fail_msg("init %s: %s", party, d.msg);
	assert_int_equal(node_open(dir, &n, &d), 0);
	return n;
}

void
tn_pin(struct node *n, const struct node *peer)
{
	struct hl_diag d;
	struct card c;
	bool changed;

	hl_diag_clear(&d);
	assert_int_equal(node_peer_add(n, peer->card.raw, peer->card.rawlen,
	    false, &c, &changed, &d), 0);
	assert_true(changed);
}

void
tn_carry(struct node *from, struct node *to, const char *id)
{
	struct accept_result res;
	struct msg_row m;
	struct hl_diag d;
	struct buf rc;

	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	assert_int_equal(store_msg_get(from->st, id, true, &m), 0);
	hl_diag_clear(&d);
	if (node_accept(to, m.raw, m.rawlen, 0, NULL, &res, &rc, &d) != 0)
		fail_msg("accept: %s", d.msg);
	if (node_delivered(from, id, rc.p, rc.len, (int64_t)time(NULL),
	    &d) != 0)
		fail_msg("delivered: %s", d.msg);
	msg_row_done(&m);
	buf_done(&rc);
}

int64_t
tn_sql_int(struct node *n, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(n->st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}
