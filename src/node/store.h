/*
 * The node's SQLite database: pinned peers and every message sent or
 * received, with the exact signed bytes. WAL with synchronous=FULL, so a
 * committed row survives power loss; a versioned schema migrated in place.
 * Writers take the database lock up front (BEGIN IMMEDIATE) so that a seq
 * read and the insert that uses it cannot interleave with another writer.
 * The store checks nothing about messages: node.c decides what goes in.
 */
#ifndef HL_STORE_H
#define HL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "card.h"
#include "envelope.h"
#include "err.h"
#include "proto.h"

/* The schema version this build writes; older databases are migrated. */
#define STORE_SCHEMA_VERSION	10

struct store;

/* store_open() flags. */
#define STORE_CREATE	0x1	/* create the file; it must not exist */

/*
 * Opens (or creates) the database at path; caller store_close()s. Without
 * STORE_CREATE the file must exist and hold a schema: an empty file is
 * HL_EDB, untouched.
 */
int store_open(const char *path, int flags, struct store **out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Closes; NULL is fine. */
void store_close(struct store *st);

/* The schema version of the open database. */
int store_schema_version(struct store *st);

/*
 * Why the store's last statement failed, as SQLite says it, into out
 * (always NUL-terminated): "database or disk is full (no space left on
 * device)", or for an I/O failure with the system's reason, "disk I/O
 * error (Read-only file system)". "database error" if it did not fail
 * in SQLite (a row that was not there). Every store call begins anew,
 * so ask right after the call that failed; store_rollback() keeps it.
 */
void store_errmsg(const struct store *st, char *out, size_t n);

/* Whether the last failure was for want of space (SQLITE_FULL, ENOSPC). */
bool store_full(const struct store *st);

/*
 * For a caller that says what failed: if err is HL_EDB (or HL_ENOSPACE
 * from an inner store_diag()), d gets "what: FILE: store_errmsg()" and
 * the result is HL_ENOSPACE if the disk or quota is full; any other err
 * is returned as it is, with d saying "what". The text names a local
 * file: the daemon logs it, and tells a peer only the error's slug.
 */
int store_diag(struct store *st, struct hl_diag *d, int err,
    const char *what);

/*
 * Transactions: begin takes the write lock at once; begin_read takes
 * none, and its first read fixes the snapshot every later read of the
 * transaction sees (WAL), whatever others commit meanwhile. Either ends
 * with store_rollback() (or commit).
 */
int store_begin(struct store *st) __attribute__((warn_unused_result));
int store_begin_read(struct store *st) __attribute__((warn_unused_result));
int store_commit(struct store *st) __attribute__((warn_unused_result));
void store_rollback(struct store *st);

/*
 * Pins a peer's card. An identical card already pinned is not an error
 * (*changed = false). A different card for the same party is HL_ECONFLICT
 * unless replace is set. A card whose TLS pin or message key another
 * party's pinned card has is HL_ECONFLICT always (the unique indexes of
 * schema 4); node_peer_add() names that party first.
 */
int store_peer_put(struct store *st, const struct card *c, bool replace,
    bool *changed) __attribute__((warn_unused_result));

/*
 * Unpins party: its card moves to the retired ones (as a card replaced
 * by store_peer_put() does), where it stays for what it signed; its
 * messages, receipts and leaves are untouched. HL_ENOTFOUND if it is not
 * pinned. Run it inside the caller's transaction.
 */
int store_peer_remove(struct store *st, const char *party)
    __attribute__((warn_unused_result));

/*
 * Calls fn for each card of party no longer pinned, the most recently
 * retired first; stops at fn's error. added is when it was pinned.
 */
int store_peer_retired_each(struct store *st, const char *party,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg);

/* The pinned card of party; HL_ENOTFOUND if none. */
int store_peer_get(struct store *st, const char *party, struct card *out)
    __attribute__((warn_unused_result));

/* The peer whose card pins this TLS key; HL_ENOTFOUND if none. */
int store_peer_by_pin(struct store *st, const char *pin, struct card *out)
    __attribute__((warn_unused_result));

/* Calls fn for each pinned card in party order; stops at fn's error. */
int store_peer_each(struct store *st,
    int (*fn)(void *arg, const struct card *c, int64_t added), void *arg);

/*
 * Every pinned card, in party order, copied out so that the caller may
 * write while it walks them; free(out->c) when done.
 */
struct peer_list {
	struct card	*c;
	size_t		 n;
};

int store_peer_list(struct store *st, struct peer_list *out)
    __attribute__((warn_unused_result));

/*
 * This node's own cards (version 2), one row per serial, kept for ever:
 * the latest is the card the node shows. put refuses a serial already
 * there (HL_ECONFLICT) and any but a version 2 card (HL_EINVAL); made is
 * when it was made. latest: HL_ENOTFOUND for a node from before identity
 * keys. each: in serial order; stops at fn's error.
 */
int store_own_card_put(struct store *st, const struct card *c, int64_t made)
    __attribute__((warn_unused_result));
int store_own_card_latest(struct store *st, struct card *out)
    __attribute__((warn_unused_result));
int store_own_card_each(struct store *st,
    int (*fn)(void *arg, const struct card *c, int64_t made), void *arg);

/* One stored message, as listed or shown. */
struct msg_row {
	char	 id[65];
	char	 dir[4];		/* "in" or "out" */
	char	 peer[HL_MAX_PARTY_LEN + 1];	/* the other party */
	char	 type[16];
	char	 tier[8];
	char	 tlp[16];
	enum msg_state	 state;		/* where it stands */
	char	 subject[HL_MAX_SUBJECT_LEN + 1];	/* "" if none */
	int64_t	 seq;
	int64_t	 created;
	int64_t	 deadline;		/* 0 if none */
	int64_t	 stored;		/* when this node stored it */
	uint8_t	*raw;			/* the signed bytes, owned */
	size_t	 rawlen;
};

/*
 * The marking of the request or query that response id, received,
 * answers (one this node sent to the response's sender), appended to
 * out; HL_ENOTFOUND if id is no such response or it answers none held.
 */
int store_msg_asked_tlp(struct store *st, const char *id, struct buf *out)
    __attribute__((warn_unused_result));

/* Frees what a msg_row owns. */
void msg_row_done(struct msg_row *m);

/* The next seq for messages to peer: one past the highest used. */
int store_next_seq(struct store *st, const char *peer, int64_t *seq)
    __attribute__((warn_unused_result));

/* The highest seq received from peer so far (0 if none). */
int store_last_seq_in(struct store *st, const char *peer, int64_t *seq)
    __attribute__((warn_unused_result));

/*
 * Records a message: dir "in" or "out", peer the other party, state its
 * initial state. HL_EEXIST if the id or (dir, peer, seq) is taken.
 */
int store_msg_insert(struct store *st, const char *dir, const char *peer,
    const struct envelope *e, enum msg_state state, int64_t stored)
    __attribute__((warn_unused_result));

/*
 * Finds a message by id or unique id prefix (at least 4 hex digits).
 * HL_ENOTFOUND, or HL_EAMBIG if several match. out->raw is loaded only if
 * with_raw; the caller msg_row_done()s.
 */
int store_msg_get(struct store *st, const char *idprefix, bool with_raw,
    struct msg_row *out) __attribute__((warn_unused_result));

/* The id of the message received from peer with seq; HL_ENOTFOUND. */
int store_msg_by_seq_in(struct store *st, const char *peer, int64_t seq,
    char id[static 65]) __attribute__((warn_unused_result));

/* Calls fn for each message of dir ("in" or "out") in store order. */
int store_msg_each(struct store *st, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * The same in the order the messages were added: by stored time, and
 * within one second by insertion, so that a message stored later never
 * sorts before one stored earlier in the same second (TAXII's paging).
 * fn may end the walk with any nonzero value, which is returned.
 */
int store_msg_each_added(struct store *st, const char *dir,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * The same for the responses of dir whose first ref is req (the
 * answers to one request), in the order added.
 */
int store_msg_each_answer(struct store *st, const char *dir, const char *req,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/* Keeps a message's receipt and sets its state; HL_EDB if no such id. */
int store_msg_set_receipt(struct store *st, const char *id, const uint8_t *p,
    size_t n, enum msg_state state) __attribute__((warn_unused_result));

/* Appends a message's receipt to out; HL_ENOTFOUND if it has none. */
int store_msg_get_receipt(struct store *st, const char *id, struct buf *out)
    __attribute__((warn_unused_result));

/*
 * The messages to peer after seq after without a receipt yet, lowest seq
 * first: at most max of them, and no more than max_bytes of raw bytes
 * together except that the first always comes. Raw loaded; *count gets
 * how many, and the caller msg_row_done()s each. HL_ENOTFOUND if none.
 */
int store_outbox_due(struct store *st, const char *peer, int64_t after,
    size_t max,
    size_t max_bytes, struct msg_row *out, size_t *count)
    __attribute__((warn_unused_result));

/*
 * The messages to peer with seq from .. through, receipted or not, as
 * store_outbox_due() returns them: what a peer that lost them is sent
 * again. Their receipts stay as they are.
 */
int store_outbox_range(struct store *st, const char *peer, int64_t from,
    int64_t through, size_t max, size_t max_bytes, struct msg_row *out,
    size_t *count) __attribute__((warn_unused_result));

/* The messages to a peer from some seq on that it has receipted. */
struct receipted {
	int64_t	count;
	int64_t	first_seq, last_seq;
	int64_t	first_leaf, last_leaf;	/* as its receipts name them */
};

int store_receipted_since(struct store *st, const char *peer, int64_t from,
    struct receipted *rs) __attribute__((warn_unused_result));

/*
 * Keeps a receipt a peer gave again for message id, beside the first
 * (which never changes); *added is false if this one was kept already.
 */
int store_rereceipt_put(struct store *st, const char *id, const uint8_t *p,
    size_t n, int64_t now, bool *added) __attribute__((warn_unused_result));
/* The receipt given again for id that names the peer's leaf. */
int store_rereceipt_get(struct store *st, const char *id, int64_t leaf,
    struct buf *out) __attribute__((warn_unused_result));

/*
 * Standing alarms (ALARM_* kinds in node.h): one per kind and subject,
 * the peer it is about or "" for the node; raising one again moves its
 * last time on and counts it. Strings are borrowed for the call.
 */
struct alarm {
	const char	*kind;
	const char	*subject;
	const char	*msg;		/* the message it names, or NULL */
	const char	*detail;
	int64_t		 raised, seen, count;
};

int store_alarm_raise(struct store *st, const char *kind, const char *subject,
    const char *msg, const char *detail, int64_t now)
    __attribute__((warn_unused_result));
/* Clears an alarm; *cleared (may be NULL) says whether one stood. */
int store_alarm_clear(struct store *st, const char *kind, const char *subject,
    bool *cleared) __attribute__((warn_unused_result));
int store_alarm_each(struct store *st,
    int (*fn)(void *arg, const struct alarm *a), void *arg);

/*
 * The TAXII server's clients (taxii_users.h says what they may do): a
 * name, a clearance, and a password's Argon2id string (crypto_pwhash_str)
 * or a client certificate's pin, or both.
 */
#define STORE_PWHASH_LEN	128	/* crypto_pwhash_STRBYTES */

struct taxii_user {
	char	 name[HL_TAXII_USER_LEN + 1];
	enum tlp clearance;
	char	 pwhash[STORE_PWHASH_LEN];	/* "" if none */
	char	 pin[TLS_PIN_LEN];		/* "" if none */
	int64_t	 added;
};

/*
 * Adds u. HL_EEXIST if its name is taken, HL_ECONFLICT if its pin is
 * another user's.
 */
int store_taxii_user_add(struct store *st, const struct taxii_user *u)
    __attribute__((warn_unused_result));
/* Removes user name; HL_ENOTFOUND if there is none. */
int store_taxii_user_remove(struct store *st, const char *name)
    __attribute__((warn_unused_result));
/* The user called name, or whose pin is pin; HL_ENOTFOUND if none. */
int store_taxii_user_get(struct store *st, const char *name,
    struct taxii_user *out) __attribute__((warn_unused_result));
int store_taxii_user_by_pin(struct store *st, const char *pin,
    struct taxii_user *out) __attribute__((warn_unused_result));
/* Calls fn for each user in name order; stops at fn's error. */
int store_taxii_user_each(struct store *st,
    int (*fn)(void *arg, const struct taxii_user *u), void *arg);

/*
 * Moves request or query id (dir and peer as this node sees it) to state:
 * answered-interim, answered-final or withdrawn. A request finally
 * answered or withdrawn stays so; an id that is not such a request of
 * that peer is left alone.
 */
int store_msg_settle(struct store *st, const char *id, const char *dir,
    const char *peer, enum msg_state state)
    __attribute__((warn_unused_result));

/*
 * Requests sent that are overdue at now: unanswered (queued or delivered)
 * past their deadline, then answered only in the interim and created more
 * than final_after seconds ago.
 */
int store_overdue_each(struct store *st, int64_t now, int64_t final_after,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * Contact checks sent, unacknowledged (queued or delivered), whose
 * signed deadline is at or before now: the candidates to mark overdue
 * (the caller counts the peer's time from its receipt).
 */
int store_checks_due_each(struct store *st, int64_t now,
    int (*fn)(void *arg, const struct msg_row *m), void *arg);

/*
 * The contact check id (of dir, with peer) is acknowledged: answered.
 * Nothing if it is not one, or is answered already.
 */
int store_check_answered(struct store *st, const char *id, const char *dir,
    const char *peer) __attribute__((warn_unused_result));

/* Sets a message's state; HL_EDB if there is no such message. */
int store_msg_set_state(struct store *st, const char *id,
    enum msg_state state) __attribute__((warn_unused_result));

/* What status reports about the message tables, counted at now. */
struct msg_tally {
	int64_t	undelivered;	/* sent, no receipt yet */
	int64_t	oldest_undelivered;	/* its created time, 0 if none */
	int64_t	overdue;	/* requests sent, unanswered past deadline */
	int64_t	owed;		/* requests received, not finally answered */
	int64_t	owed_late;	/* of those, no answer by the due time, or
				   no final one final_after after; both
				   counted from when it was stored here */
};

/*
 * When a request or query received (created, stored here, its deadline
 * or 0, its state) owes its next answer, final_after being how long the
 * final one may take: while unanswered, the sender's deadline counted
 * from when this node stored it (our receipt's time: report_due()), or
 * the final answer's time if that comes sooner; once answered interim,
 * the final one's, final_after after it was stored. 0 if nothing is
 * owed in that state. *final (may be NULL) says whether it is the final
 * answer that is due. SQL has it as hl_owed_due(created, stored,
 * deadline, state, final_after), NULL for 0.
 */
int64_t store_owed_due(int64_t created, int64_t stored, int64_t deadline,
    enum msg_state state, int64_t final_after, bool *final);

/*
 * final_after: how long after a request arrives its final answer is due
 * (this node's own policy: the sender's is not known here).
 */
int store_msg_tally(struct store *st, int64_t now, int64_t final_after,
    struct msg_tally *t)
    __attribute__((warn_unused_result));

/* Pings: the round trip of ping (sent to peer) is known. */
int store_ping_answered(struct store *st, const char *ping, const char *peer,
    int64_t rtt_ms) __attribute__((warn_unused_result));

/* The round trip of ping, sent by this node; -1 while no pong came. */
int store_ping_rtt(struct store *st, const char *ping, int64_t *rtt_ms)
    __attribute__((warn_unused_result));

/* Appends the note of a ping this node sent; HL_ENOTFOUND if none. */
int store_ping_note(struct store *st, const char *ping, struct buf *note)
    __attribute__((warn_unused_result));

/*
 * The contact checks sent to each peer that was sent any, by peer: how
 * many, how many are overdue, and the latest acknowledgement (its
 * created, no earlier than its check's start: the later of the check's
 * created and its receipt's time, as report.h counts it), 0 if none.
 */
int store_last_contacts(struct store *st,
    int (*fn)(void *arg, const char *peer, int64_t checks,
    int64_t overdue, int64_t last), void *arg);

/* The newest ping to each peer: when, its state, its round trip or -1. */
int store_last_pings(struct store *st,
    int (*fn)(void *arg, const char *peer, int64_t sent,
    enum msg_state state, int64_t rtt_ms), void *arg);

/* Counts messages of dir (NULL: all); for tests and status. */
int store_msg_count(struct store *st, const char *dir, int64_t *n)
    __attribute__((warn_unused_result));

/*
 * The transparency log's storage (mlog.c decides what goes in): leaves,
 * the hash of every complete subtree, signed checkpoints, cosignatures on
 * them, the last checkpoint this node cosigned for each peer log, and
 * evidence of equivocation.
 */
int store_log_size(struct store *st, uint64_t *size)
    __attribute__((warn_unused_result));
/* A leaf and its hash (SHA-256(0x00 || data)). */
int store_log_put_leaf(struct store *st, uint64_t idx, const uint8_t *data,
    size_t n, const uint8_t hash[static HL_HASH_LEN])
    __attribute__((warn_unused_result));
/* Keeps a complete subtree's hash; level 0 is the leaf's own hash. */
int store_log_put_node(struct store *st, unsigned level, uint64_t idx,
    const uint8_t hash[static HL_HASH_LEN])
    __attribute__((warn_unused_result));
int store_log_get_node(struct store *st, unsigned level, uint64_t idx,
    uint8_t hash[static HL_HASH_LEN]) __attribute__((warn_unused_result));
/* Appends leaf idx's bytes to out; HL_ENOTFOUND past the end. */
int store_log_get_leaf(struct store *st, uint64_t idx, struct buf *out)
    __attribute__((warn_unused_result));
/* Calls fn for every leaf in index order; stops at fn's error. */
int store_log_each_leaf(struct store *st,
    int (*fn)(void *arg, uint64_t idx, const uint8_t *p, size_t n),
    void *arg);

/* Keeps a signed checkpoint note of this node's log (first one wins). */
int store_checkpoint_put(struct store *st, uint64_t size, const uint8_t *note,
    size_t n, int64_t created) __attribute__((warn_unused_result));
/*
 * Appends the checkpoint note of size (or the latest, if size < 0) to
 * note (NULL: only whether it exists); *got gets its size. HL_ENOTFOUND
 * if none.
 */
int store_checkpoint_get(struct store *st, int64_t size, uint64_t *got,
    struct buf *note) __attribute__((warn_unused_result));
int store_checkpoint_each(struct store *st,
    int (*fn)(void *arg, uint64_t size, const uint8_t *note, size_t n),
    void *arg);

/* A peer's cosignature line on our checkpoint of size. */
int store_cosig_put(struct store *st, uint64_t size, const char *cosigner,
    const char *line, int64_t time) __attribute__((warn_unused_result));
/* Cosignatures on checkpoint size (all of them, if size < 0). */
int store_cosig_each(struct store *st, int64_t size,
    int (*fn)(void *arg, uint64_t size, const char *cosigner,
    const char *line), void *arg);

/*
 * The largest of our checkpoints cosigner has cosigned (0 if none), and
 * the time in that cosignature (0 if none).
 */
int store_cosig_latest(struct store *st, const char *cosigner, uint64_t *size,
    int64_t *when) __attribute__((warn_unused_result));

/* The last checkpoint of origin this node cosigned; HL_ENOTFOUND. */
int store_witness_get(struct store *st, const char *origin, uint64_t *size,
    struct buf *note) __attribute__((warn_unused_result));
int store_witness_put(struct store *st, const char *origin, uint64_t size,
    const uint8_t *note, size_t n, int64_t time)
    __attribute__((warn_unused_result));

/* Calls fn for each peer log this node has cosigned, by origin. */
int store_witness_each(struct store *st,
    int (*fn)(void *arg, const char *origin, uint64_t size, int64_t time),
    void *arg);

/* Evidence that origin signed two checkpoints that are not consistent. */
int store_equivocation_add(struct store *st, const char *origin,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn, const uint8_t *proof, size_t proofn, int64_t found)
    __attribute__((warn_unused_result));
int store_equivocation_each(struct store *st,
    int (*fn)(void *arg, const char *origin, int64_t found,
    const uint8_t *old_note, size_t oldn, const uint8_t *new_note,
    size_t newn), void *arg);

#endif
