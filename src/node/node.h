/*
 * A node: one party's data directory, with its config, message key, TLS
 * identity and database. This is where the rules of the protocol meet the
 * store: what may be sent (node_send) and what may be accepted
 * (node_accept, the one path for files now and the network later).
 *
 *   DIR/hotline.conf   config (written last: its presence means "a node")
 *   DIR/identity.key   the party's identity key (Ed25519), which signs
 *                      the versions of its card: made by init, to be
 *                      moved offline (only key rotate and revoke read it)
 *   DIR/msg.key        Ed25519 message key
 *   DIR/msg.key.new    a message key a rotation is putting in place
 *   DIR/tls.*.new      the same for a TLS key and certificate
 *   DIR/tls.prev.*     the TLS key and certificate rotated out, still
 *                      presented until their grace ends
 *   DIR/tls.key        TLS private key
 *   DIR/tls.crt        self-signed TLS certificate
 *   DIR/hotline.db     SQLite database (+ -wal, -shm)
 *   DIR/log.anchor     the log's first signed checkpoint, as the database
 *                      must hold it (how a node knows its own database)
 *   DIR/serve.lock     the daemon's PID, flock()ed while it runs
 *
 * The directory is 0700 and every file in it 0600: it holds every
 * message, TLP:RED included, and the keys.
 */
#ifndef HL_NODE_H
#define HL_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "card.h"
#include "config.h"
#include "envelope.h"
#include "mlog.h"
#include "store.h"
#include "tlog.h"

#define NODE_CONF	"hotline.conf"
#define NODE_MSGKEY	"msg.key"
#define NODE_TLSKEY	"tls.key"
#define NODE_TLSCRT	"tls.crt"
#define NODE_TLSPREVKEY	"tls.prev.key"	/* rotated out, kept for its grace */
#define NODE_TLSPREVCRT	"tls.prev.crt"
#define NODE_IDKEY	"identity.key"
#define NODE_MSGKEYNEW	"msg.key.new"
#define NODE_TLSKEYNEW	"tls.key.new"	/* a rotation's, until it commits */
#define NODE_TLSCRTNEW	"tls.crt.new"
#define NODE_DB		"hotline.db"
#define NODE_ANCHOR	"log.anchor"
#define NODE_LOCK	"serve.lock"

/*
 * How a person acted on the node (trail.h): on its command line, in the
 * console by a session, or by a script's bearer token.
 */
enum via {
	VIA_CLI,
	VIA_CONSOLE,
	VIA_TOKEN,
	VIA_COUNT
};

/*
 * Who acts through this node handle: the audit trail records every
 * action of a person with it. name "" is the node itself (the daemon's
 * pings and escalations), which the log records and the trail does not.
 * The CLI names the local user ("unix:alice"), the console its user.
 */
struct actor {
	char		 name[HL_ACTOR_LEN + 1];
	enum via	 via;
};

struct node {
	char		 dir[4096];	/* the data directory */
	struct config	 cfg;
	struct sig_key	*key;		/* message signing key, owned */
	struct store	*st;		/* owned */
	struct mlog	 log;		/* the transparency log, over st */
	struct tlog	 tlog;		/* its use: st, key and log */
	struct card	 card;		/* this node's own card */
	struct actor	 actor;		/* who acts; node_open() makes it "" */
};

/*
 * The data directory: opt if given, else $HOTLINE_DIR, else ~/.hotline.
 * HL_EINVAL if none can be found or it is too long.
 */
int node_dir(const char *opt, char *out, size_t n)
    __attribute__((warn_unused_result));

/*
 * Creates a node in dir (created mode 0700 if missing; if it exists, it must
 * not hold a node, and if others may enter it, it must hold nothing but a
 * geo/ directory and is then made 0700). Every file it writes is 0600,
 * log.anchor last but for the config. cfg must have party, state and tier.
 * On failure the files it created are removed.
 */
int node_init(const char *dir, const struct config *cfg, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* How node_init_id() makes the identity key and the first card. */
struct init_args {
	const char	*identity_out;	/* the identity key's file; NULL:
					   DIR/identity.key */
	int64_t		 valid;		/* the card's validity, s; 0: the
					   config's card_validity */
	int64_t		 now;		/* its not_before; 0: the clock */
};

/*
 * node_init() with an identity key: made (refusing to overwrite its
 * file) and saved where a says, and the node's first card, version 2,
 * serial 1, signed by it, kept in own_cards; the TLS certificate valid
 * exactly as the card. node_init() is this with a NULL.
 */
int node_init_id(const char *dir, const struct config *cfg,
    const struct init_args *a, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Opens the node in dir; the caller node_close()s. The database must be
 * the one log.anchor names: its first checkpoint byte for byte, which the
 * message key signed (HL_ECONFLICT, d naming the file and what differs).
 * A database from before log.anchor existed is adopted once: if its first
 * checkpoint is signed by the message key, log.anchor is written from it.
 */
int node_open(const char *dir, struct node **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * node_open() with a message key given instead of DIR/msg.key: the
 * daemon's network process opens its node handles with an external key
 * (sig_key_external()) whose secret only its signer process holds. The
 * node owns key from the call on, opened or not. NULL: read msg.key.
 */
int node_open_key(const char *dir, struct sig_key *key, struct node **out,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* node_open_flags() flags. */
#define NODE_OPEN_REISSUE	0x1	/* the config's endpoint may differ
					   from the card's (key rotate) */

/*
 * node_open_key() with flags. A node whose latest own card (own_cards)
 * does not match its files and config is refused (HL_ECONFLICT, d naming
 * the file and what differs); a rotation a crash interrupted is finished
 * first (msg.key.new put in place if the card names its key).
 */
int node_open_flags(const char *dir, struct sig_key *key, int flags,
    struct node **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* Closes; NULL is fine. */
void node_close(struct node *n);

/*
 * Tells the daemon running on n's directory, if one does, to take up
 * new keys, certificate and card (hotline key rotate and revoke): a
 * SIGHUP to the PID in serve.lock, if that file is flock()ed. 0 if it
 * was told or none runs; HL_EIO if one runs and could not be told.
 */
int node_reload_daemon(const struct node *n)
    __attribute__((warn_unused_result));

/*
 * sshd's StrictModes for a data directory: neither dir nor the database
 * (with its -wal and -shm) nor a key is open to other users or owned by
 * another (HL_EIO, d naming the file and its mode or owner). Before the
 * node is opened, so SQLite reads no -wal somebody else planted.
 */
int node_check_modes(const char *dir, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * What the daemon checks before it starts (and serve -n with it), once
 * node_check_modes() has passed and the node is open: that tls.key is
 * the key of tls.crt, and that the whole log verifies (tlog_verify()).
 * A broken log also raises ALARM_LOG_INVALID.
 */
int node_check(struct node *n, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * A send_args deadline: as the node's policy says. A request is due when
 * its policy gives a first answer to a peer of that tier
 * (config_first_response()); anything else has none.
 */
#define SEND_POLICY_DEADLINE	(-1)

/* What node_send() is asked to send. */
struct send_args {
	const char	*to;		/* a pinned peer */
	enum msg_type	 type;
	const char	*subject;	/* NULL for none */
	enum tlp	 tlp;
	int64_t		 deadline;	/* absolute; 0 for none, or
					   SEND_POLICY_DEADLINE */
	json_t		*refs;		/* borrowed; NULL for none */
	json_t		*body;		/* borrowed */
	int64_t		 now;		/* the created time */
};

/*
 * Builds, seals and queues a message in one transaction: the next seq for
 * the peer, the signature, and the outbox row. id receives its id. When
 * n's actor is a person the same transaction holds the audit trail's row
 * (trail.h): send, reply, withdraw or ping, the new id as its target;
 * if that row cannot be written nothing is queued.
 */
int node_send(struct node *n, const struct send_args *a, char id[static 65],
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * The request or query received that idprefix names (node_msg_get()),
 * which node_reply() may answer: HL_EINVAL, d saying what it is instead,
 * for anything else. The caller msg_row_done()s req.
 */
int node_reply_find(struct node *n, const char *idprefix,
    struct msg_row *req, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* What node_reply() sends. */
struct reply_args {
	json_t	*body;		/* borrowed: a response body, status set */
	int	 tlp;		/* enum tlp, or -1 for the request's own */
	bool	 force;		/* send what reply refuses unless told */
	int64_t	 now;		/* the created time */
};

/*
 * Queues a response to req (from node_reply_find()) naming it in refs;
 * storing it marks req answered, interim or final as the body's status
 * says, unless req is answered finally or withdrawn already. Unless
 * forced, refuses what an operator means not to do, though the wire
 * allows it (HL_ECONFLICT: req has a final answer, or was withdrawn;
 * HL_EINVAL: a TLP lower than req's own, which the answer quotes).
 * The body is the caller's to check (schema_body()).
 */
int node_reply(struct node *n, const struct msg_row *req,
    const struct reply_args *a, char id[static 65], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Takes back the request or query sent that idprefix names: queues a
 * withdrawal notice naming it, with reason as its summary, at its TLP.
 * The request is withdrawn when each side stores the notice, so it is
 * neither overdue nor escalated, and an answer no longer changes it.
 * Lookup failures as node_msg_get(); HL_EINVAL if idprefix names
 * something else, HL_ECONFLICT if it is answered finally or withdrawn
 * already, HL_ESCHEMA (d naming the field) if reason makes no valid
 * notice.
 */
int node_withdraw(struct node *n, const char *idprefix, const char *reason,
    int64_t now, char id[static 65], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Queues a signed ping to peer; its pong (which the peer queues when it
 * accepts the ping) records the round trip on the ping.
 */
/*
 * The FIFO in the data directory that a running daemon reads: a byte in
 * it means the outbox grew, so delivery starts now instead of at the
 * next look.
 */
#define NODE_WAKE_FILE	"wake"

/* Tells a running daemon, if any, that the outbox grew. */
void node_wake(const struct node *n);

int node_ping(struct node *n, const char *peer, int64_t now,
    char id[static 65], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Queues a contact check to peer: a person there must acknowledge it
 * (node_ack()) by deadline (absolute; 0: now + contact_deadline), the
 * receiver's time counted from its receipt as a request's is. note
 * (NULL for none) is one line for them. Nothing answers it on its own.
 * The trail's row is "contact-check". HL_EINVAL for a deadline not
 * after now, HL_ESCHEMA (d naming it) for a note that is not one line;
 * otherwise as node_send().
 */
int node_contact_check(struct node *n, const char *peer, int64_t deadline,
    const char *note, int64_t now, char id[static 65], struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Acknowledges the contact check received that idprefix names, as n's
 * actor (the ack's "by"), with note (NULL for none): queues the
 * contact-ack, moves the check to answered and adds the trail's row
 * "ack", in one transaction. Lookup failures as node_msg_get();
 * HL_EINVAL for anything but a contact check received (or an actor ""),
 * HL_ECONFLICT if it is acknowledged already.
 */
int node_ack(struct node *n, const char *idprefix, const char *note,
    int64_t now, char id[static 65], struct hl_diag *d)
    __attribute__((warn_unused_result));

/* What node_accept() found. */
struct accept_result {
	char	id[65];
	char	from[HL_MAX_PARTY_LEN + 1];
	int64_t	seq;
	uint64_t leaf;		/* its log leaf, when stored now */
	int64_t	expected;	/* on HL_ESEQGAP: the seq that is due */
	bool	duplicate;	/* already stored: nothing changed */
};

/* node_accept() flags. */
#define NODE_DRYRUN	0x1	/* check everything, store nothing */

/*
 * Checks a signed envelope from a peer and stores it in the inbox:
 * form and integrity (envelope_parse), recipient, pinned sender, tier,
 * signature, clock (created no more than cfg.clock_skew ahead of this
 * node's clock, else HL_ECLOCK; any past time is accepted), then seq (the
 * next one from that peer). The message, its log
 * leaf and a signed receipt naming that leaf commit together; receipt (if
 * not NULL) gets the receipt's bytes. The same message again is not an
 * error (res->duplicate) and gets the same receipt. If sender is not NULL
 * the envelope must be from that party (the TLS peer). On any failure
 * nothing changes and d says what failed.
 */
int node_accept(struct node *n, const uint8_t *raw, size_t len, int flags,
    const char *sender, struct accept_result *res, struct buf *receipt,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* One message of a batch, and what became of it. */
struct accept_item {
	const uint8_t		*raw;
	size_t			 len;
	struct accept_result	 res;
	struct buf		 receipt;	/* the caller buf_init()s it */
};

/*
 * node_accept() for messages from one sender, in order, in one
 * transaction (one fsync and one checkpoint for all): the signatures are
 * checked before the transaction begins. The first message refused ends
 * the batch: *done gets how many before it were accepted (committed,
 * with their receipts), the refusal is returned and d says why (for
 * it[*done]). If storing fails, nothing is accepted.
 */
int node_accept_batch(struct node *n, struct accept_item *it, size_t count,
    int flags, const char *sender, size_t *done, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * Takes a peer's receipt for message id, sent by this node: it must be
 * signed by that peer and name exactly this message (id, sender, seq),
 * and its time may be no more than cfg.clock_skew after now (HL_ECLOCK:
 * the time starts the peer's deadline, report_start()).
 * Keeps it, marks the message delivered and logs the delivery, in one
 * transaction; a receipt already kept is not an error.
 */
int node_delivered(struct node *n, const char *id, const uint8_t *p,
    size_t len, int64_t now, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* A peer's receipt for one message this node sent. */
struct delivered_item {
	const char	*id;
	const uint8_t	*p;
	size_t		 len;
};

/*
 * node_delivered() for several receipts in one transaction. The first
 * that does not check ends the batch: those before it are kept, *done
 * says how many, and the refusal is returned with d saying why. A
 * message's first receipt is never replaced: a different one for a
 * message already receipted (the peer was sent it again after it asked
 * for it again) is kept beside it, with a "redelivered" leaf; *again
 * (may be NULL) counts those.
 */
int node_delivered_batch(struct node *n, const struct delivered_item *it,
    size_t count, int64_t now, size_t *done, size_t *again,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* Alarm kinds (store_alarm_*), as status names them. */
#define ALARM_ROLLBACK		"peer-rollback"
#define ALARM_REFUSED		"refused"
#define ALARM_UNREACHABLE	"unreachable"
#define ALARM_LOG_INVALID	"log-invalid"
#define ALARM_CARD_EXPIRED	"card-expired"	/* a card past its end: status
						   computes it, never stored */

/*
 * Raises or clears an alarm in a transaction of its own. The daemon's
 * callers log the event either way, so the result may go unchecked. A
 * clearing that clears one is an "alarm-clear" row of the audit trail
 * (trail.h) when n's actor is a person.
 */
int node_alarm(struct node *n, const char *kind, const char *subject,
    const char *msg, const char *detail, int64_t now);
int node_alarm_clear(struct node *n, const char *kind, const char *subject,
    bool *cleared);

/* What node_peer_rollback() found. */
struct rollback {
	int64_t	from, through;	/* the seqs to send again; 0 if none */
	int64_t	first_leaf, last_leaf;	/* the peer's leaves they had */
};

/*
 * Peer answered a message of seq refused with a seq gap naming expected,
 * lower: it asks again for what it may have receipted. If it had, it has
 * rolled back or forked its log: the receipts stay as the proof, an
 * ALARM_ROLLBACK names the peer, the seqs and the leaves its receipts
 * name, and *rb says which messages to send again (expected through the
 * last receipted). Otherwise *rb is all zero and nothing changes.
 */
int node_peer_rollback(struct node *n, const char *peer, int64_t expected,
    int64_t refused, int64_t now, struct rollback *rb, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* What node_deadlines() did. */
struct deadline_result {
	int	overdue;	/* requests marked overdue */
	int	escalated;	/* escalations queued */
	int	stranded;	/* overdue with nobody to escalate to */
};

/*
 * Marks every request sent whose first answer was due by now and has not
 * come as overdue, with a log leaf (due by report_due(): from the peer's
 * receipt, if one is kept; the final answer likewise final_response after
 * report_start()); then, where the node's policy says so,
 * queues an escalation naming it to the counterpart of the next tier (a
 * pinned peer of the same state one tier up: cert -> nrrc -> policy) and
 * marks it escalated.
 */
int node_deadlines(struct node *n, int64_t now, struct deadline_result *res,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * An officer's escalation, now: queues an escalation of the request or
 * query this node sent that idprefix names to the counterpart of its
 * peer one tier up (as node_deadlines() does for one overdue, reason
 * "overdue" if it is, else "other", its summary naming n's actor) and
 * marks it escalated, in one transaction with its event and its trail
 * row ("escalate"); id gets the escalation's id.
 * Lookup failures as node_msg_get(); HL_EINVAL (d says what it is) for
 * anything but a request or query sent; HL_ECONFLICT if it is answered
 * finally, withdrawn or escalated already, and, d saying so, when no
 * peer of its peer's state is pinned above it.
 */
int node_escalate(struct node *n, const char *idprefix, int64_t now,
    char id[static 65], struct hl_diag *d)
    __attribute__((warn_unused_result));

/* What node_key_rotate() is asked to do. */
struct rotate_args {
	const struct sig_key *identity;	/* must be the own card's */
	bool		 message;	/* a new message key */
	bool		 tls;		/* a new TLS key and certificate */
	int64_t		 now;
	int64_t		 grace;		/* the old keys are taken until now +
					   grace (why CARD_ROTATED) */
	int64_t		 valid;		/* the new card's not_after - now */
	enum card_why	 why;		/* CARD_ROTATED, or a revocation of
					   the message key (message set) */
	int64_t		 since;		/* a revocation's time, <= now */
};

/*
 * Makes the next version of this node's card, signed by a->identity
 * (docs/PROTOCOL.md, "Identity card"): new keys as asked, the old ones
 * retired as a->why says; in one transaction keeps the card, logs a
 * "card" leaf, queues a key-rotation (or key-revocation) notice to every
 * pinned peer signed with the old message key, and writes the audit
 * trail's row; then puts the new key files in place and tells a running
 * daemon (node_reload_daemon()). out (may be NULL) gets the new card.
 * HL_EINVAL (d says why) for a node with no identity key (a version 1
 * card) or another party's identity key.
 */
int node_key_rotate(struct node *n, const struct rotate_args *a,
    struct card *out, struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * Pins a peer's card (card_parse rules). A card for this node itself is
 * refused, and so is one whose TLS pin or message key is this node's or
 * another pinned party's (HL_ECONFLICT, d names the field and the party),
 * replace or not. A party removed (node_peer_remove()) and added back
 * with other keys needs replace too. See store_peer_put() for replace and
 * changed.
 */
int node_peer_add(struct node *n, const uint8_t *p, size_t len, bool replace,
    struct card *out, bool *changed, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The card party is pinned with, else the one it was last pinned with
 * before it was removed or replaced: 0, HL_ENOTFOUND or the store's error.
 */
int node_peer_previous(struct node *n, const char *party, struct card *out)
    __attribute__((warn_unused_result));

/*
 * Unpins peer (store_peer_remove()): nothing more is delivered to it or
 * accepted from it, and its card is kept for what it signed. Messages
 * queued to it stay queued, to go if it is pinned again. out (may be
 * NULL) gets the card that was pinned. HL_ENOTFOUND if it is not pinned.
 */
int node_peer_remove(struct node *n, const char *peer, struct card *out,
    struct hl_diag *d) __attribute__((warn_unused_result));

#endif
