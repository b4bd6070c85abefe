/*
 * The daemon's signer (privilege separation, as OpenSSH's monitor): the
 * process that hotline serve starts as stays the signer, the only one to
 * hold the message key, and forks a sandboxed network process that runs
 * everything else (serve.h) and asks for each signature over a socketpair.
 * The signer decides what it is asked to sign from the bytes alone (their
 * domain prefix), checks them, signs only this node's envelopes, receipts,
 * checkpoints and cosignatures of other logs, and logs one line for each.
 * It never reads a byte from the network and never opens the database
 * while a network process runs. docs/PROTOCOL.md, "The daemon's signer".
 */
#ifndef HL_SIGNER_H
#define HL_SIGNER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "node.h"
#include "sig.h"

/* The one request kind: sign the bytes that follow. */
#define SIGNER_OP_SIGN		1

/*
 * An answer: a status byte, then 64 bytes: 0 and the signature, or the
 * refusal's HL_E* code negated (1..127) and zeros.
 */
#define SIGNER_ANSWER_LEN	(1 + HL_SIG_LEN)

/* What a request was found to be. */
enum signer_kind {
	SIGNER_ENVELOPE,	/* "hotline/msg/v1\n" + envelope without sig */
	SIGNER_RECEIPT,		/* "hotline/receipt/v1\n" + receipt */
	SIGNER_CHECKPOINT,	/* this node's log's checkpoint text */
	SIGNER_COSIGNATURE,	/* "cosignature/v1\ntime T\n" + a peer's */
	SIGNER_CARD1,		/* this node's own version 1 card, exactly */
	SIGNER_KIND_COUNT
};

/* "envelope", "receipt", "checkpoint", "cosignature", "card". */
extern const char *const signer_kind_names[SIGNER_KIND_COUNT + 1];

/*
 * What the signer signs for: key (borrowed, must outlive it), the party
 * and its log's origin (the key's name), and the one card it may sign
 * (the bytes node_open() signed for this node's version 1 card, copied;
 * none if n is 0: a node whose card is a version 2 one needs none).
 */
struct signer {
	const struct sig_key	*key;
	char			 party[HL_MAX_PARTY_LEN + 1];
	uint8_t			*card;		/* owned, or NULL */
	size_t			 cardlen;
};

/* 0, HL_EINVAL (key not named for party) or HL_ENOMEM. */
int signer_init(struct signer *s, const struct sig_key *key,
    const char *party, const uint8_t *card, size_t cardlen)
    __attribute__((warn_unused_result));
void signer_done(struct signer *s);

/*
 * One request, the n bytes a frame carries (op byte, then what to
 * sign): checks it and fills ans (SIGNER_ANSWER_LEN bytes) either way.
 * 0 if it signed, *kind saying what; else the refusal: HL_EINVAL (no op
 * or an unknown one), HL_EFORBIDDEN (a kind never signed: a card but
 * this node's own version 1 card, a review, an unknown prefix; or not
 * this node's: an envelope from another party, a receipt by another, a
 * checkpoint of another log, a cosignature of its own), HL_EPARSE or
 * HL_ENOTCANON (not canonical JSON), HL_ESCHEMA, HL_EBADID (an envelope
 * whose id is not its content's). line gets the log line's words either
 * way ("kind=envelope msg=... seq=... to=... size=...", or why not).
 */
int signer_handle(const struct signer *s, const uint8_t *req, size_t n,
    enum signer_kind *kind, uint8_t ans[static SIGNER_ANSWER_LEN],
    char *line, size_t linelen) __attribute__((warn_unused_result));

/*
 * Reads one frame from fd into b (cleared first): a u32 big-endian
 * length, 1..HL_MAX_SIGNER_REQUEST, then that many bytes, each read
 * within HL_SIGNER_TIMEOUT_MS. HL_EIO on end of file before the first
 * byte (the other side closed), HL_EFRAMING for a length out of range, a
 * frame cut short or a timeout: the channel is broken.
 */
int signer_read_frame(int fd, struct buf *b)
    __attribute__((warn_unused_result));

/*
 * Serves one request on fd: reads the frame, answers it, logs the line
 * (log.h). 0 when answered (signed or refused), else
 * signer_read_frame()'s error or HL_EIO if the answer cannot be written.
 */
int signer_serve_one(const struct signer *s, int fd)
    __attribute__((warn_unused_result));

/*
 * The network process's end of the channel: a sig_sign_fn whose ctx is
 * a struct signer_client. One round trip under its mutex, so that the
 * threads share the channel. HL_EIO if the channel fails (and the
 * channel is then closed for good: every later signature fails), the
 * signer's refusal otherwise.
 */
struct signer_client;
int signer_client_new(int fd, struct signer_client **out)
    __attribute__((warn_unused_result));
void signer_client_free(struct signer_client *c);
int signer_client_sign(void *ctx, const uint8_t *m, size_t n,
    uint8_t sig[HL_SIG_LEN]);

/*
 * Every node handle of the daemon opens through this: in the network
 * process, with an external key (sig_key_external()) that signs through
 * the signer; in a process with no signer (tests), as node_open().
 */
int signer_node_open(const char *dir, struct node **out, struct hl_diag *d)
    __attribute__((warn_unused_result));

/*
 * The TLS key and certificate the daemon presents, as server and as
 * client: those the signer chose at the network process's start
 * (tls_current_files(): the previous ones during a rotation's grace),
 * else DIR/tls.key and DIR/tls.crt.
 */
void signer_tls_files(const char *dir, char *key, char *crt, size_t n);

/*
 * serve_run() is up (its listeners bound, its threads started): tells
 * the signer, which until then says nothing of a network process that
 * ends (a start that fails says why itself, in the command line's
 * words). Once; nothing without a signer.
 */
void signer_ready(void);

/*
 * hotline serve after its checks (cmd_serve.c): runs the signer and the
 * network process for the node in dir until SIGTERM or SIGINT (0), and
 * restarts the network process on SIGHUP and at the end of a TLS grace,
 * with msg.key read again. lockfd is serve.lock's, kept open by both.
 * Non-zero if the network process ends of itself (d says why where
 * there is something to say) or cannot start.
 */
int signer_run(const char *dir, int lockfd, int verbose, struct hl_diag *d);

#endif
