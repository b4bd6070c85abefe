/*
 * Nodes for the unit tests that need one (node, tlog, taxii): made in a
 * scratch directory from tu_tmpdir(), the test's to remove. Include after
 * tutil.h.
 */
#ifndef HL_TNODE_H
#define HL_TNODE_H

#include "node.h"

/* A new node of party in state at tier under tmp, open; fails the test if not. */
struct node *tn_node(const char *tmp, const char *party, const char *state,
    enum tier tier);

/* n pins peer's card, which it did not hold before. */
void tn_pin(struct node *n, const struct node *peer);

/*
 * Message id, sent by from, accepted by to, and to's receipt kept by
 * from: what delivery does, without the network. Fails the test if not.
 */
void tn_carry(struct node *from, struct node *to, const char *id);

/* The one integer sql selects from n's database; fails the test if not. */
int64_t tn_sql_int(struct node *n, const char *sql);

#endif
