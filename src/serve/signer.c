/*
 * The daemon's signer and its sandboxed network process. See signer.h.
 *
 * The channel is an AF_UNIX SOCK_STREAM socketpair with frames of our
 * own (a u32 big-endian length, then that many bytes), not
 * SOCK_SEQPACKET: a request may be a whole envelope of 1 MiB, more than
 * a datagram carries at the kernel's default socket buffer (wmem_max,
 * about 208 KiB), and a stream read to an exact length needs no tuning.
 * Answers are always SIGNER_ANSWER_LEN bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "canon.h"
#include "checkpoint.h"
#include "envelope.h"
#include "esc.h"
#include "jcs.h"
#include "limits.h"
#include "log.h"
#include "proto.h"
#include "receipt.h"
#include "review.h"
#include "sandbox.h"
#include "schema.h"
#include "serve.h"
#include "signer.h"
#include "tls.h"
#include "trail.h"

#define COSIG_DOMAIN	"cosignature/v1\n"

const char *const signer_kind_names[SIGNER_KIND_COUNT + 1] = {
	"envelope", "receipt", "checkpoint", "cosignature", "card", NULL
};

int
signer_init(struct signer *s, const struct sig_key *key, const char *party,
    const uint8_t *card, size_t cardlen)
{
	char want[HL_MAX_NAME_LEN];

	memset(s, 0, sizeof(*s));
	if (strlen(party) > HL_MAX_PARTY_LEN ||
	    card_key_name(party, want, sizeof(want)) != 0 ||
	    strcmp(sig_key_name(key), want) != 0)
		return HL_EINVAL;
	s->key = key;
	memcpy(s->party, party, strlen(party) + 1);
	if (cardlen > 0) {
		if ((s->card = malloc(cardlen)) == NULL)
			return HL_ENOMEM;
		memcpy(s->card, card, cardlen);
		s->cardlen = cardlen;
	}
	return 0;
}

void
signer_done(struct signer *s)
{
	free(s->card);
	s->card = NULL;
	s->cardlen = 0;
}

static bool
has_prefix(const uint8_t *p, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(p, pre, k) == 0;
}

/*
 * An envelope without its sig, canonical, whose id is its content's,
 * passing the schema, from this node. The schema is checked on a copy
 * without the id, as a draft, so that "sig" must be absent.
 */
static int
check_envelope(const struct signer *s, const uint8_t *p, size_t n,
    char *line, size_t ln)
{
	struct jcs_member m[HL_MAX_ENVELOPE_MEMBERS];
	static const char *const omit_id[] = { "id", NULL };
	struct envelope_hdr h;
	struct hl_diag d;
	struct buf b;
	json_t *o = NULL, *c = NULL, *idv;
	char id[65], path[160];
	size_t nm;
	int r;

	hl_diag_clear(&d);
	buf_init(&b, HL_MAX_MSG_BYTES);
	if ((r = canon_parse(p, n, HL_MAX_ENVELOPE_DEPTH, &o, m,
	    HL_MAX_ENVELOPE_MEMBERS, &nm, &d)) != 0) {
		(void)snprintf(line, ln, "envelope: %s", d.msg);
		goto out;
	}
	idv = json_object_get(o, "id");
	if (!json_is_object(o) || json_object_get(o, "sig") != NULL ||
	    !json_is_string(idv)) {
		r = HL_ESCHEMA;
		(void)snprintf(line, ln, "envelope: not one without its sig "
		    "(an object with an id and no sig)");
		goto out;
	}
	if ((c = json_copy(o)) == NULL || json_object_del(c, "id") != 0) {
		r = HL_ENOMEM;
		(void)snprintf(line, ln, "envelope: out of memory");
		goto out;
	}
	if ((r = schema_envelope(c, SCHEMA_DRAFT, &h, &d)) != 0) {
		(void)snprintf(path, sizeof(path), "%s%s", d.path,
		    d.path[0] != '\0' ? ": " : "");
		(void)snprintf(line, ln, "envelope: %s%s", path, d.msg);
		goto out;
	}
	if ((r = jcs_write_omit(o, omit_id, &b)) != 0) {
		(void)snprintf(line, ln, "envelope: %s", hl_strerror(r));
		goto out;
	}
	envelope_hash_hex(b.p, b.len, id);
	if (strcmp(id, json_string_value(idv)) != 0) {
		r = HL_EBADID;
		(void)snprintf(line, ln, "envelope: its id is not its "
		    "content's");
		goto out;
	}
	if (strcmp(h.from, s->party) != 0) {
		r = HL_EFORBIDDEN;
		(void)snprintf(line, ln, "envelope: from %.64s, not this "
		    "node (%s)", h.from, s->party);
		goto out;
	}
	(void)snprintf(line, ln, "kind=envelope msg=%.12s type=%s seq=%lld "
	    "to=%s size=%zu", id, proto_type_names[h.type],
	    (long long)h.seq, h.to, n);
out:
	json_decref(c);
	json_decref(o);
	buf_done(&b);
	return r;
}

/*
 * A receipt without its sig, by this node: checked by receipt_parse()
 * itself, on the receipt with a placeholder sig (its form only).
 */
static int
check_receipt(const struct signer *s, const uint8_t *p, size_t n,
    char *line, size_t ln)
{
	static const char zsig[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
	struct receipt rc;
	struct hl_diag d;
	struct buf b;
	json_t *o = NULL;
	int r;

	hl_diag_clear(&d);
	memset(&rc, 0, sizeof(rc));
	buf_init(&b, HL_MAX_RECEIPT_BYTES);
	if (n > HL_MAX_RECEIPT_BYTES) {
		r = HL_ETOOBIG;
		(void)snprintf(line, ln, "receipt: larger than %d bytes",
		    HL_MAX_RECEIPT_BYTES);
		goto out;
	}
	if ((r = canon_parse(p, n, 2, &o, NULL, 0, NULL, &d)) != 0) {
		(void)snprintf(line, ln, "receipt: %s", d.msg);
		goto out;
	}
	if (!json_is_object(o) || json_object_get(o, "sig") != NULL) {
		r = HL_ESCHEMA;
		(void)snprintf(line, ln, "receipt: not one without its sig");
		goto out;
	}
	if (json_object_set_new(o, "sig", json_string(zsig)) != 0 ||
	    (r = jcs_write(o, &b)) != 0 ||
	    (r = receipt_parse(b.p, b.len, &rc, &d)) != 0) {
		if (r == 0)
			r = HL_ENOMEM;
		(void)snprintf(line, ln, "receipt: %s", d.msg[0] != '\0' ?
		    d.msg : hl_strerror(r));
		goto out;
	}
	if (strcmp(rc.by, s->party) != 0) {
		r = HL_EFORBIDDEN;
		(void)snprintf(line, ln, "receipt: by %s, not this node (%s)",
		    rc.by, s->party);
		goto out;
	}
	(void)snprintf(line, ln, "kind=receipt msg=%.12s peer=%s seq=%lld "
	    "leaf=%llu size=%zu", rc.msg, rc.from, (long long)rc.seq,
	    (unsigned long long)rc.leaf, n);
out:
	receipt_done(&rc);
	json_decref(o);
	buf_done(&b);
	return r;
}

/*
 * A checkpoint's text; mine: of this node's log (its origin is the
 * message key's name), else of another hotline party's log.
 */
static int
check_checkpoint(const struct signer *s, const uint8_t *p, size_t n,
    bool mine, struct checkpoint *c, char *line, size_t ln)
{
	const char *own = sig_key_name(s->key);
	struct hl_diag d;
	int r;

	hl_diag_clear(&d);
	if (n > HL_MAX_NOTE_BYTES) {
		(void)snprintf(line, ln, "checkpoint: larger than %d bytes",
		    HL_MAX_NOTE_BYTES);
		return HL_ETOOBIG;
	}
	if ((r = checkpoint_parse(p, n, c, &d)) != 0) {
		(void)snprintf(line, ln, "not a kind the signer signs (nor "
		    "a checkpoint: %s)", d.msg);
		return r == HL_EPARSE ? HL_EFORBIDDEN : r;
	}
	if (mine && strcmp(c->origin, own) != 0) {
		(void)snprintf(line, ln, "checkpoint: of the log %.200s, not "
		    "this node's (%s)", c->origin, own);
		return HL_EFORBIDDEN;
	}
	if (!mine && (strcmp(c->origin, own) == 0 ||
	    strncmp(c->origin, "hotline/", 8) != 0 ||
	    !proto_party_valid(c->origin + 8))) {
		(void)snprintf(line, ln, "cosignature: of the log %.200s, not "
		    "another party's", c->origin);
		return HL_EFORBIDDEN;
	}
	return 0;
}

/* "time T\n" + checkpoint text, after the cosignature prefix. */
static int
check_cosignature(const struct signer *s, const uint8_t *p, size_t n,
    char *line, size_t ln)
{
	struct checkpoint c;
	char digits[24];
	size_t k = 0;
	int64_t t;
	int r;

	if (!has_prefix(p, n, "time ")) {
		(void)snprintf(line, ln, "cosignature: no time line");
		return HL_EPARSE;
	}
	p += 5;
	n -= 5;
	while (k < n && k < sizeof(digits) - 1 && p[k] >= '0' && p[k] <= '9')
		k++;
	memcpy(digits, p, k);
	digits[k] = '\0';
	if (k == 0 || k >= n || p[k] != '\n' ||
	    (k > 1 && digits[0] == '0') ||
	    !proto_int_parse(digits, 0, INT64_MAX, &t)) {
		(void)snprintf(line, ln, "cosignature: a bad time line");
		return HL_EPARSE;
	}
	if ((r = check_checkpoint(s, p + k + 1, n - k - 1, false, &c, line,
	    ln)) != 0)
		return r;
	(void)snprintf(line, ln, "kind=cosignature origin=%s size=%llu "
	    "time=%lld", c.origin, (unsigned long long)c.size, (long long)t);
	return 0;
}

int
signer_handle(const struct signer *s, const uint8_t *req, size_t n,
    enum signer_kind *kind, uint8_t ans[static SIGNER_ANSWER_LEN],
    char *line, size_t linelen)
{
	const size_t msgp = strlen(SIG_DOMAIN_MSG);
	const size_t rcpp = strlen(SIG_DOMAIN_RECEIPT);
	const size_t cosp = strlen(COSIG_DOMAIN);
	struct checkpoint c;
	const uint8_t *m;
	size_t mn;
	int r;

	memset(ans, 0, SIGNER_ANSWER_LEN);
	line[0] = '\0';
	*kind = SIGNER_KIND_COUNT;
	if (n == 0 || req[0] != SIGNER_OP_SIGN) {
		(void)snprintf(line, linelen, "no such request (op %d)",
		    n == 0 ? -1 : req[0]);
		r = HL_EINVAL;
		goto out;
	}
	m = req + 1;
	mn = n - 1;
	/* The kind is the bytes' own prefix: nothing the child says. */
	if (has_prefix(m, mn, SIG_DOMAIN_MSG)) {
		*kind = SIGNER_ENVELOPE;
		r = check_envelope(s, m + msgp, mn - msgp, line, linelen);
	} else if (has_prefix(m, mn, SIG_DOMAIN_RECEIPT)) {
		*kind = SIGNER_RECEIPT;
		r = check_receipt(s, m + rcpp, mn - rcpp, line, linelen);
	} else if (has_prefix(m, mn, COSIG_DOMAIN)) {
		*kind = SIGNER_COSIGNATURE;
		r = check_cosignature(s, m + cosp, mn - cosp, line, linelen);
	} else if (has_prefix(m, mn, SIG_DOMAIN_CARD)) {
		/*
		 * The one card node_open() signs: this node's version 1
		 * card, rebuilt by each handle. Its signature is the one
		 * already published (Ed25519 is deterministic): nothing new.
		 */
		*kind = SIGNER_CARD1;
		if (s->cardlen == mn && mn > 0 &&
		    memcmp(s->card, m, mn) == 0) {
			(void)snprintf(line, linelen, "kind=card v=1 size=%zu",
			    mn);
			r = 0;
		} else {
			(void)snprintf(line, linelen, "a card (only the "
			    "identity key signs cards)");
			r = HL_EFORBIDDEN;
		}
	} else if (has_prefix(m, mn, "hotline/card/") ||
	    has_prefix(m, mn, SIG_DOMAIN_REVIEW)) {
		(void)snprintf(line, linelen, "a %s: not a kind the signer "
		    "signs", has_prefix(m, mn, SIG_DOMAIN_REVIEW) ? "review" :
		    "card");
		r = HL_EFORBIDDEN;
	} else {
		/* Checkpoints have no prefix: a note's text is signed. */
		*kind = SIGNER_CHECKPOINT;
		r = check_checkpoint(s, m, mn, true, &c, line, linelen);
		if (r == 0)
			(void)snprintf(line, linelen, "kind=checkpoint "
			    "origin=%s size=%llu", c.origin,
			    (unsigned long long)c.size);
		else if (r == HL_EFORBIDDEN && strstr(line, "nor a") != NULL)
			*kind = SIGNER_KIND_COUNT;
	}
	if (r == 0 && (r = sig_sign(s->key, m, mn, ans + 1)) != 0)
		(void)snprintf(line, linelen, "cannot sign: %s",
		    hl_strerror(r));
out:
	if (r != 0) {
		memset(ans, 0, SIGNER_ANSWER_LEN);
		ans[0] = (uint8_t)(-r & 0x7f);
	}
	return r;
}

/*
 * Reads exactly n bytes within HL_SIGNER_TIMEOUT_MS each wait. HL_EIO
 * at end of file before any byte when first, else HL_EFRAMING.
 */
static int
read_exact(int fd, uint8_t *p, size_t n, bool first)
{
	size_t got = 0;

	while (got < n) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t k;
		int w;

		w = poll(&pfd, 1, HL_SIGNER_TIMEOUT_MS);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return HL_EFRAMING;
		k = read(fd, p + got, n - got);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k < 0)
			return first && got == 0 ? HL_EIO : HL_EFRAMING;
		if (k == 0)
			return first && got == 0 ? HL_EIO : HL_EFRAMING;
		got += (size_t)k;
	}
	return 0;
}

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return HL_EIO;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
signer_read_frame(int fd, struct buf *b)
{
	uint8_t h[4], *p;
	uint32_t len;
	int r;

	buf_clear(b);
	if ((r = read_exact(fd, h, sizeof(h), true)) != 0)
		return r;
	len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3];
	if (len == 0 || len > HL_MAX_SIGNER_REQUEST)
		return HL_EFRAMING;
	if ((p = buf_reserve(b, len)) == NULL)
		return HL_EFRAMING;
	return read_exact(fd, p, len, false);
}

int
signer_serve_one(const struct signer *s, int fd)
{
	uint8_t ans[SIGNER_ANSWER_LEN];
	enum signer_kind kind;
	char line[600];
	struct buf b;
	int r;

	buf_init(&b, HL_MAX_SIGNER_REQUEST);
	if ((r = signer_read_frame(fd, &b)) != 0)
		goto out;
	/*
	 * The version 1 card each node handle rebuilds is a signature
	 * already published: detail, not news.
	 */
	if (signer_handle(s, b.p, b.len, &kind, ans, line, sizeof(line)) == 0 &&
	    kind == SIGNER_CARD1)
		log_debug("signer signed %s", line);
	else if (ans[0] == 0)
		log_info("signer signed %s", line);
	else
		log_warnx("signer refused problem=%s size=%zu: %s",
		    hl_errslug(-(int)ans[0]), b.len, line);
	r = write_all(fd, ans, sizeof(ans));
out:
	buf_done(&b);
	return r;
}

/* The network process's end. */
struct signer_client {
	int		 fd;	/* -1 once broken */
	pthread_mutex_t	 mu;
};

int
signer_client_new(int fd, struct signer_client **out)
{
	struct signer_client *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return HL_ENOMEM;
	c->fd = fd;
	if (pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		return HL_ENOMEM;
	}
	*out = c;
	return 0;
}

void
signer_client_free(struct signer_client *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		(void)close(c->fd);
	(void)pthread_mutex_destroy(&c->mu);
	free(c);
}

int
signer_client_sign(void *ctx, const uint8_t *m, size_t n,
    uint8_t sig[HL_SIG_LEN])
{
	struct signer_client *c = ctx;
	uint8_t h[5], ans[SIGNER_ANSWER_LEN];
	int r;

	if (n + 1 > HL_MAX_SIGNER_REQUEST)
		return HL_ETOOBIG;
	h[0] = (uint8_t)((n + 1) >> 24);
	h[1] = (uint8_t)((n + 1) >> 16);
	h[2] = (uint8_t)((n + 1) >> 8);
	h[3] = (uint8_t)(n + 1);
	h[4] = SIGNER_OP_SIGN;
	(void)pthread_mutex_lock(&c->mu);
	if (c->fd < 0)
		r = HL_EIO;
	else if ((r = write_all(c->fd, h, sizeof(h))) != 0 ||
	    (r = write_all(c->fd, m, n)) != 0 ||
	    read_exact(c->fd, ans, sizeof(ans), false) != 0)
		r = HL_EIO;
	/* A channel that failed once is out of step: never used again. */
	if (r != 0 && c->fd >= 0) {
		(void)close(c->fd);
		c->fd = -1;
	}
	(void)pthread_mutex_unlock(&c->mu);
	if (r != 0)
		return r;
	if (ans[0] != 0)
		return -(int)ans[0];
	memcpy(sig, ans + 1, HL_SIG_LEN);
	return 0;
}

/*
 * The network process's state, set before it is forked (and inherited):
 * the one channel of the process, so a global, as the log level is.
 */
static struct {
	struct signer_client	*client;	/* NULL: sign in-process */
	char			 name[HL_MAX_NAME_LEN];
	uint8_t			 pk[HL_PK_LEN];
	char			 tlskey[4200];	/* "" unless chosen */
	char			 tlscrt[4200];
	int			 ready;		/* the ready pipe's end, or -1 */
} net = { .ready = -1 };

void
signer_ready(void)
{
	uint8_t c = 1;

	if (net.ready < 0)
		return;
	(void)!write(net.ready, &c, 1);
	(void)close(net.ready);
	net.ready = -1;
}

int
signer_node_open(const char *dir, struct node **out, struct hl_diag *d)
{
	struct sig_key *k = NULL;

	if (net.client == NULL)
		return node_open(dir, out, d);
	*out = NULL;
	if (sig_key_external(net.name, net.pk, signer_client_sign, net.client,
	    &k) != 0)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	return node_open_key(dir, k, out, d);
}

void
signer_tls_files(const char *dir, char *key, char *crt, size_t n)
{
	if (net.tlskey[0] != '\0') {
		(void)snprintf(key, n, "%s", net.tlskey);
		(void)snprintf(crt, n, "%s", net.tlscrt);
		return;
	}
	(void)snprintf(key, n, "%s/%s", dir, NODE_TLSKEY);
	(void)snprintf(crt, n, "%s/%s", dir, NODE_TLSCRT);
}

/*
 * What the signer learns before each network process starts, from a
 * node handle of its own: the key's public half and name, the card bytes
 * node_open() signs, and which TLS files to present until when.
 */
struct prep {
	char		 name[HL_MAX_NAME_LEN];
	uint8_t		 pk[HL_PK_LEN];
	char		 party[HL_MAX_PARTY_LEN + 1];
	const struct sig_key *key;	/* while preparing: the real one */
	struct buf	 card;		/* what node_open() signed as a card */
	int64_t		 switch_at;	/* 0, or the TLS grace's end */
};

static int
capture_sign(void *ctx, const uint8_t *m, size_t n, uint8_t sig[HL_SIG_LEN])
{
	struct prep *p = ctx;

	if (p->card.len == 0 && has_prefix(m, n, SIG_DOMAIN_CARD))
		(void)buf_add(&p->card, m, n);
	return sig_sign(p->key, m, n, sig);
}

static int
prepare(const char *dir, struct prep *p, struct hl_diag *d)
{
	char path[4200], key[4200], crt[4200];
	struct sig_key *real = NULL, *ext = NULL;
	struct node *n = NULL;
	int r;

	buf_clear(&p->card);
	(void)snprintf(path, sizeof(path), "%s/" NODE_MSGKEY, dir);
	if ((r = sig_key_load(path, &real, d)) != 0)
		return r;
	p->key = real;
	if ((r = sig_key_external(sig_key_name(real), sig_key_pk(real),
	    capture_sign, p, &ext)) != 0) {
		(void)hl_diag_set(d, r, NULL, "out of memory");
		goto out;
	}
	if ((r = node_open_key(dir, ext, &n, d)) != 0)
		goto out;
	(void)snprintf(p->name, sizeof(p->name), "%s", sig_key_name(real));
	memcpy(p->pk, sig_key_pk(real), HL_PK_LEN);
	(void)snprintf(p->party, sizeof(p->party), "%s", n->cfg.party);
	if ((r = tls_current_files(n->dir, &n->card, (int64_t)time(NULL), key,
	    crt, sizeof(key), &p->switch_at)) != 0) {
		(void)hl_diag_set(d, r, n->dir, "path too long");
		goto out;
	}
	if (p->switch_at == 0 && tls_prev_remove(n->dir) != 0)
		log_warnx("cannot remove %s/" TLS_PREV_KEY " and "
		    TLS_PREV_CRT ": %s", n->dir, strerror(errno));
	(void)snprintf(net.tlskey, sizeof(net.tlskey), "%s", key);
	(void)snprintf(net.tlscrt, sizeof(net.tlscrt), "%s", crt);
	(void)snprintf(net.name, sizeof(net.name), "%s", p->name);
	memcpy(net.pk, p->pk, HL_PK_LEN);
	if (p->switch_at > 0)
		log_info("signer tls=previous until=%lld", (long long)
		    p->switch_at);
out:
	node_close(n);		/* frees ext */
	p->key = NULL;
	sig_key_free(real);	/* wiped, and unmapped, before any fork */
	return r;
}

/* Writes "hotline serve: msg" as the command line's errors are. */
static void
say(const char *msg)
{
	char out[1200];
	size_t len;

	(void)esc_bytes(out, sizeof(out) - 1, msg, strlen(msg), &len);
	out[len++] = '\n';
	(void)!write(STDERR_FILENO, "hotline serve: ", 15);
	(void)!write(STDERR_FILENO, out, len);
}

/* The network process, right after the fork: sandbox, then serve. */
static int
network_main(const char *dir, int fd, int verbose, pid_t parent)
{
	struct sigaction sa;
	struct node *n = NULL;
	struct hl_diag d;
	sigset_t all;
	int r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;	/* the signer's to act on */
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGCHLD, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigemptyset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, NULL);
	/*
	 * No signer, no network process: the signer gone (killed, crashed)
	 * is the daemon's crash, and the network process goes with it at
	 * once, as one process would, rather than serve on unable to sign.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 ||
	    getppid() != parent)
		return 1;
	/* The signer is not dumpable (no ptrace, no /proc/PID/mem); we are. */
	(void)prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	hl_diag_clear(&d);
	if (sandbox_enter(dir, &d) != 0) {
		say(d.msg);
		return 1;
	}
	if (signer_client_new(fd, &net.client) != 0)
		return 1;
	hl_diag_clear(&d);
	if ((r = signer_node_open(dir, &n, &d)) != 0) {
		char msg[sizeof(d.msg) + sizeof(d.path) + 4];

		hl_diag_format(&d, r, msg, sizeof(msg));
		say(msg);
		goto out;
	}
	node_set_actor(n, "", VIA_CLI);
	hl_diag_clear(&d);
	if ((r = serve_run(n, verbose, &d)) != 0 && d.msg[0] != '\0')
		say(d.msg);
out:
	node_close(n);
	signer_client_free(net.client);
	net.client = NULL;
	return r != 0;
}

static volatile sig_atomic_t got_stop, got_hup, got_chld;

/* Root on a directory root owns: said once the network process is up. */
static bool root_owned;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	else if (got_stop < 100)
		got_stop++;	/* a second one kills a stop that hangs */
}

enum end { END_STOP, END_RELOAD, END_DIED };

/* How often the signer looks whether msg.key changed on disk, ms. */
#define KEY_LOOK_MS	2000

struct key_seen {
	const char	*path;
	ino_t		 ino;
	struct timespec	 mtime;
};

/*
 * Whether msg.key on disk holds another key than the one the signer
 * signs with. A rotation tells the daemon with a SIGHUP, but one killed
 * between its commit and that signal, or a signal lost, must not leave
 * the daemon signing with a key the card has retired or revoked: so the
 * file is looked at too, and read again only when it was replaced.
 */
static bool
key_changed(const struct signer *s, struct key_seen *ks)
{
	struct sig_key *k;
	struct stat sb;
	bool changed;

	if (stat(ks->path, &sb) != 0 || (sb.st_ino == ks->ino &&
	    sb.st_mtim.tv_sec == ks->mtime.tv_sec &&
	    sb.st_mtim.tv_nsec == ks->mtime.tv_nsec))
		return false;
	if (sig_key_load(ks->path, &k, NULL) != 0)
		return false;	/* half written: looked at again */
	ks->ino = sb.st_ino;
	ks->mtime = sb.st_mtim;
	changed = s->key != NULL && memcmp(sig_key_pk(k), sig_key_pk(s->key),
	    HL_PK_LEN) != 0;
	sig_key_free(k);
	return changed;
}

/*
 * Answers the network process pid on fd until it has ended: of itself
 * (END_DIED, *status its wait status), or asked to by a stop signal
 * (END_STOP) or a reload (SIGHUP, or the TLS grace's end: END_RELOAD).
 * Asked to end, it goes on answering until it has: what it does before
 * it stops may need a signature.
 */
static enum end
serve_child(const struct signer *s, int fd, int ready, pid_t pid,
    int64_t switch_at, const char *keypath, const sigset_t *waitmask,
    int *status, bool *up)
{
	enum end want = END_DIED;
	bool asked = false, killed = false, key_new = false;
	int64_t asked_ms = 0, looked_ms = proto_mono_ms();
	struct key_seen ks = { .path = keypath };
	sig_atomic_t stops = 0;

	*status = 0;
	*up = false;
	for (;;) {
		struct pollfd pfds[2] = { { fd, POLLIN, 0 }, { ready, POLLIN, 0 } };
		struct pollfd *pfd = &pfds[0];
		struct timespec ts, *tsp = NULL;
		int64_t now = (int64_t)time(NULL);
		pid_t w;
		int r;

		if (switch_at > 0 && !asked) {
			int64_t left = switch_at > now ? switch_at - now : 0;

			/* A clock set back is looked at again each hour. */
			ts.tv_sec = (time_t)(left < 3600 ? left : 3600);
			ts.tv_nsec = left < 3600 ? 100000000L : 0;
			tsp = &ts;
		} else if (asked && !killed) {
			int64_t left = asked_ms + HL_SIGNER_STOP_MS -
			    proto_mono_ms();

			if (left < 0)
				left = 0;
			ts.tv_sec = (time_t)(left / 1000);
			ts.tv_nsec = (long)(left % 1000) * 1000000L;
			tsp = &ts;
		}
		if (!asked && (tsp == NULL || ts.tv_sec >= KEY_LOOK_MS / 1000)) {
			ts.tv_sec = KEY_LOOK_MS / 1000;
			ts.tv_nsec = 0;
			tsp = &ts;
		}
		/* A negative fd is one poll skips. */
		(void)ppoll(pfds, 2, tsp, waitmask);
		if (!asked && proto_mono_ms() - looked_ms >= KEY_LOOK_MS) {
			looked_ms = proto_mono_ms();
			key_new = key_changed(s, &ks);
		}
		if (ready >= 0 && pfds[1].revents != 0) {
			uint8_t c;

			*up = read(ready, &c, 1) == 1;
			(void)close(ready);
			ready = -1;
			if (*up)
				log_info("signer pid=%ld network pid=%ld "
				    "key=%s", (long)getpid(), (long)pid,
				    s->key != NULL ? sig_key_name(s->key) :
				    "none");
			if (*up && root_owned) {
				log_warnx("signer: running as root on a data "
				    "directory root owns: the network process "
				    "keeps uid 0, without capabilities (give "
				    "the directory to a user of its own)");
				root_owned = false;	/* said once */
			}
		}
		if (asked && !killed && (got_stop > stops ||
		    proto_mono_ms() >= asked_ms + HL_SIGNER_STOP_MS)) {
			log_warnx("signer: the network process pid=%ld has not "
			    "stopped: killing it", (long)pid);
			(void)kill(pid, SIGKILL);
			killed = true;
		}
		if (!asked && (got_stop || got_hup || key_new ||
		    (switch_at > 0 && (int64_t)time(NULL) >= switch_at))) {
			want = got_stop ? END_STOP : END_RELOAD;
			if (want == END_RELOAD && key_new && !got_hup)
				log_info("signer: %s holds a new key: "
				    "restarting the network process", keypath);
			else if (want == END_RELOAD && !got_hup)
				log_info("signer: the previous TLS "
				    "certificate's grace is over: restarting "
				    "the network process");
			else if (want == END_RELOAD)
				log_info("signer: SIGHUP: restarting the "
				    "network process with msg.key read again");
			else
				log_info("signer: stopping the network process "
				    "pid=%ld", (long)pid);
			got_hup = 0;
			asked = true;
			asked_ms = proto_mono_ms();
			stops = got_stop;
			(void)kill(pid, SIGTERM);
		}
		if (fd >= 0 && (pfd->revents & (POLLIN | POLLHUP | POLLERR))) {
			r = signer_serve_one(s, fd);
			if (r == HL_EIO)	/* it closed its end: it ends */
				fd = -1;
			else if (r != 0) {
				log_warnx("signer: a broken frame from the "
				    "network process pid=%ld: killing it",
				    (long)pid);
				(void)kill(pid, SIGKILL);
				(void)waitpid(pid, status, 0);
				return END_DIED;
			}
		}
		got_chld = 0;
		if ((w = waitpid(pid, status, fd < 0 ? 0 : WNOHANG)) == pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
	}
	if (ready >= 0)
		(void)close(ready);
	if (asked)
		return want;
	/* A start that failed said why (network_main()). */
	if (!*up && WIFEXITED(*status) && WEXITSTATUS(*status) != 0)
		return END_DIED;
	if (WIFSIGNALED(*status))
		log_warnx("signer: the network process pid=%ld was killed by "
		    "signal %d", (long)pid, WTERMSIG(*status));
	else if (WIFEXITED(*status) && WEXITSTATUS(*status) != 0)
		log_warnx("signer: the network process pid=%ld exited "
		    "status=%d", (long)pid, WEXITSTATUS(*status));
	else
		log_warnx("signer: the network process pid=%ld ended",
		    (long)pid);
	return END_DIED;
}

int
signer_run(const char *dir, int lockfd, int verbose, struct hl_diag *d)
{
	struct sigaction sa;
	sigset_t block, waitmask;
	struct prep p;
	struct signer s;
	int rc = 1, status;

	(void)lockfd;	/* inherited: the lock lasts while either runs */
	log_init(verbose);
	memset(&p, 0, sizeof(p));
	buf_init(&p.card, HL_MAX_CARD_BYTES + 64);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
	(void)sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
	(void)sigemptyset(&block);
	(void)sigaddset(&block, SIGTERM);
	(void)sigaddset(&block, SIGINT);
	(void)sigaddset(&block, SIGHUP);
	(void)sigaddset(&block, SIGCHLD);
	(void)sigprocmask(SIG_BLOCK, &block, &waitmask);
	(void)sigdelset(&waitmask, SIGTERM);
	(void)sigdelset(&waitmask, SIGINT);
	(void)sigdelset(&waitmask, SIGHUP);
	(void)sigdelset(&waitmask, SIGCHLD);
#ifndef SANDBOX_SANITIZED
	/* Not even a process of our own uid may read our memory. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	if (geteuid() == 0) {
		struct stat sb;

		root_owned = stat(dir, &sb) == 0 && sb.st_uid == 0;
	}
	while (!got_stop) {
		struct sig_key *key = NULL;
		char path[4200];
		int sv[2], rp[2];
		pid_t pid;
		enum end e;
		bool up;

		if (prepare(dir, &p, d) != 0)
			goto out;
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
		    sv) != 0) {
			(void)hl_diag_set(d, HL_EIO, NULL, "socketpair: %s",
			    strerror(errno));
			goto out;
		}
		if (pipe2(rp, O_CLOEXEC) != 0) {
			(void)hl_diag_set(d, HL_EIO, NULL, "pipe: %s",
			    strerror(errno));
			(void)close(sv[0]);
			(void)close(sv[1]);
			goto out;
		}
		if ((pid = fork()) < 0) {
			(void)hl_diag_set(d, HL_EIO, NULL, "fork: %s",
			    strerror(errno));
			(void)close(sv[0]);
			(void)close(sv[1]);
			(void)close(rp[0]);
			(void)close(rp[1]);
			goto out;
		}
		if (pid == 0) {
			(void)close(sv[0]);
			(void)close(rp[0]);
			buf_done(&p.card);
			net.ready = rp[1];
			exit(network_main(dir, sv[1], verbose, getppid()));
		}
		(void)close(sv[1]);
		(void)close(rp[1]);
		/* Read after the fork: the network process never had it. */
		(void)snprintf(path, sizeof(path), "%s/" NODE_MSGKEY, dir);
		memset(&s, 0, sizeof(s));
		if (sig_key_load(path, &key, NULL) != 0 ||
		    memcmp(sig_key_pk(key), p.pk, HL_PK_LEN) != 0 ||
		    signer_init(&s, key, p.party, p.card.p, p.card.len) != 0) {
			/*
			 * Replaced between the two reads (a rotation): the
			 * network process is stopped, answered nothing (its
			 * channel closed), and started again.
			 */
			log_warnx("signer: %s changed as the network process "
			    "started: restarting it", path);
			(void)close(sv[0]);
			sv[0] = -1;
			got_hup = 1;
		}
		e = serve_child(&s, sv[0], rp[0], pid, p.switch_at, path,
		    &waitmask, &status, &up);
		signer_done(&s);
		sig_key_free(key);
		if (sv[0] >= 0)
			(void)close(sv[0]);
		if (e == END_DIED)
			goto out;
		if (e == END_STOP) {
			rc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ?
			    0 : 1;
			goto out;
		}
	}
	rc = 0;
out:
	buf_done(&p.card);
	return rc;
}
