/*
 * The daemon's signer (src/serve/signer.h): each kind it signs, signed
 * over exactly the bytes asked; each kind it refuses, with its exact
 * error; the framing that ends the channel; a refusal that leaves the
 * channel answering; and which TLS files a rotation's grace presents
 * (tls_current_files(), src/node/tls.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "card.h"
#include "checkpoint.h"
#include "envelope.h"
#include "hl.h"
#include "limits.h"
#include "node.h"
#include "note.h"
#include "receipt.h"
#include "sandbox.h"
#include "signer.h"
#include "tls.h"
#include "tutil.h"

/* The bytes a signature was asked for, as the network process asks. */
struct capture {
	const struct sig_key	*key;
	uint8_t			 req[HL_MAX_MSG_BYTES + 64];
	size_t			 n;	/* op byte + bytes */
};

static int
capture(void *ctx, const uint8_t *m, size_t n, uint8_t sig[HL_SIG_LEN])
{
	struct capture *c = ctx;

	c->req[0] = SIGNER_OP_SIGN;
	memcpy(c->req + 1, m, n);
	c->n = n + 1;
	return sig_sign(c->key, m, n, sig);
}

static struct sig_key *key_aa, *key_bb, *cap_aa;
static struct capture cap;
static struct card card_aa;
static struct config cfg_aa;
static struct signer sg;

static struct sig_key *
seeded(const char *name, uint8_t b)
{
	uint8_t seed[HL_SEED_LEN];
	struct sig_key *k;

	memset(seed, b, sizeof(seed));
	assert_int_equal(sig_key_from_seed(name, seed, &k), 0);
	return k;
}

static int
setup(void **state)
{
	struct config *cfg = &cfg_aa;
	char pin[TLS_PIN_LEN];

	(void)tu_setup(state);
	key_aa = seeded("hotline/cert.aa", 1);
	key_bb = seeded("hotline/cert.bb", 2);
	cap.key = key_aa;
	assert_int_equal(sig_key_external("hotline/cert.aa",
	    sig_key_pk(key_aa), capture, &cap, &cap_aa), 0);
	memset(cfg, 0, sizeof(*cfg));
	(void)snprintf(cfg->party, sizeof(cfg->party), "cert.aa");
	(void)snprintf(cfg->state, sizeof(cfg->state), "AA");
	cfg->tier = TIER_CERT;
	(void)snprintf(cfg->endpoint, sizeof(cfg->endpoint),
	    "https://127.0.0.1:7001");
	memset(pin, 0, sizeof(pin));
	memcpy(pin, "sha256//", 8);
	memset(pin + 8, 'A', 43);
	pin[51] = '=';
	assert_int_equal(card_make(cfg, cap_aa, pin, &card_aa), 0);
	/* The one card the signer signs: what node_open() signed. */
	assert_int_equal(signer_init(&sg, key_aa, "cert.aa", cap.req + 1,
	    cap.n - 1), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	signer_done(&sg);
	sig_key_free(cap_aa);
	sig_key_free(key_aa);
	sig_key_free(key_bb);
	return 0;
}

/* Asks sg for req; the answer's code, and that a signature verifies. */
static int
ask(const uint8_t *req, size_t n, enum signer_kind want)
{
	uint8_t ans[SIGNER_ANSWER_LEN];
	enum signer_kind kind;
	char line[600];
	int r;

	r = signer_handle(&sg, req, n, &kind, ans, line, sizeof(line));
	assert_true(line[0] != '\0');
	if (r == 0) {
		assert_int_equal(ans[0], 0);
		assert_int_equal(kind, want);
		assert_true(sig_verify(sig_key_pk(key_aa), req + 1, n - 1,
		    ans + 1));
	} else {
		assert_int_equal(-(int)ans[0], r);
		for (size_t i = 1; i < sizeof(ans); i++)
			assert_int_equal(ans[i], 0);
	}
	return r;
}

static int
ask_text(const char *s)
{
	uint8_t req[4096];
	size_t n = strlen(s);

	req[0] = SIGNER_OP_SIGN;
	memcpy(req + 1, s, n);
	return ask(req, n + 1, SIGNER_KIND_COUNT);
}

static json_t *
draft(const char *from, const char *to)
{
	json_error_t e;
	json_t *v = json_pack_ex(&e, 0, "{s:i, s:s, s:s, s:s, s:s, s:i, "
	    "s:s, s:s, s:{s:s}}", "v", 1, "type", "ping", "from", from,
	    "to", to, "tier", "cert", "seq", 7, "created",
	    "2026-12-01T10:00:00Z", "tlp", "green", "body", "note", "hello");

	assert_non_null(v);
	return v;
}

/* Seals an envelope through the capture: cap.req holds what it asked. */
static void
seal(const char *from, const char *to)
{
	struct envelope *e = NULL;
	struct hl_diag d;

	hl_diag_clear(&d);
	cap.n = 0;
	assert_int_equal(envelope_seal(draft(from, to), cap_aa, &e, &d), 0);
	/* The signature the signer gives is the envelope's. */
	assert_int_equal(cap.n, e->tbslen + 1);
	assert_memory_equal(cap.req + 1, e->tbs, e->tbslen);
	envelope_free(e);
}

static void
test_envelope(void **state)
{
	uint8_t *sp;

	(void)state;
	seal("cert.aa", "cert.bb");
	assert_int_equal(ask(cap.req, cap.n, SIGNER_ENVELOPE), 0);
	/* Not canonical: a space after the first brace. */
	memmove(cap.req + 1 + 16 + 1, cap.req + 1 + 16, cap.n - 1 - 16);
	cap.req[1 + 16] = ' ';
	assert_int_equal(ask(cap.req, cap.n + 1, SIGNER_ENVELOPE),
	    HL_ENOTCANON);
	/* Another party's. */
	seal("cert.bb", "cert.aa");
	assert_int_equal(ask(cap.req, cap.n, SIGNER_ENVELOPE),
	    HL_EFORBIDDEN);
	/* An id that is not the content's: the seq changed after. */
	seal("cert.aa", "cert.bb");
	sp = memmem(cap.req, cap.n, "\"seq\":7", 7);
	assert_non_null(sp);
	sp[6] = '8';
	assert_int_equal(ask(cap.req, cap.n, SIGNER_ENVELOPE), HL_EBADID);
	/* Failing the schema: a ping's body may not have this member. */
	assert_int_equal(ask_text(SIG_DOMAIN_MSG "{\"body\":{\"x\":1},"
	    "\"created\":\"2026-12-01T10:00:00Z\",\"from\":\"cert.aa\","
	    "\"id\":\"0000000000000000000000000000000000000000000000000000"
	    "000000000000\",\"seq\":7,\"tier\":\"cert\",\"tlp\":\"green\","
	    "\"to\":\"cert.bb\",\"type\":\"ping\",\"v\":1}"), HL_ESCHEMA);
	/* With its sig already. */
	assert_int_equal(ask_text(SIG_DOMAIN_MSG "{\"id\":\"x\",\"sig\":\"y\"}"),
	    HL_ESCHEMA);
	assert_int_equal(ask_text(SIG_DOMAIN_MSG "{\"id\":"), HL_EPARSE);
}

static void
test_receipt(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, HL_MAX_RECEIPT_BYTES);
	cap.n = 0;
	assert_int_equal(receipt_make("0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef", "cert.bb", "cert.aa", 3, 9,
	    1764583200, cap_aa, &b), 0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_RECEIPT), 0);
	buf_clear(&b);
	/* By another party. */
	assert_int_equal(receipt_make("0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef", "cert.aa", "cert.bb", 3, 9,
	    1764583200, cap_aa, &b), 0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_RECEIPT), HL_EFORBIDDEN);
	buf_done(&b);
	assert_int_equal(ask_text(SIG_DOMAIN_RECEIPT "{\"by\":\"cert.aa\"}"),
	    HL_ESCHEMA);
}

static void
test_checkpoints(void **state)
{
	merkle_hash root;
	struct buf t, out;

	(void)state;
	memset(root, 7, sizeof(root));
	buf_init(&t, HL_MAX_NOTE_BYTES);
	buf_init(&out, HL_MAX_NOTE_BYTES);
	/* This node's log. */
	assert_int_equal(checkpoint_format("hotline/cert.aa", 3, root, &t), 0);
	assert_int_equal(note_sign(t.p, t.len, cap_aa, &out), 0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_CHECKPOINT), 0);
	/* Cosigning its own log: no. */
	assert_int_equal(note_cosign(t.p, t.len, cap_aa, 1764583200, &out),
	    0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_COSIGNATURE),
	    HL_EFORBIDDEN);
	/* Another party's log: signed as a cosignature, never as ours. */
	buf_clear(&t);
	assert_int_equal(checkpoint_format("hotline/cert.bb", 3, root, &t), 0);
	assert_int_equal(note_cosign(t.p, t.len, cap_aa, 1764583200, &out),
	    0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_COSIGNATURE), 0);
	assert_int_equal(note_sign(t.p, t.len, cap_aa, &out), 0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_CHECKPOINT),
	    HL_EFORBIDDEN);
	assert_int_equal(ask_text("cosignature/v1\ntime 01\nhotline/cert.bb"
	    "\n3\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"), HL_EPARSE);
	buf_done(&t);
	buf_done(&out);
}

static void
test_refused(void **state)
{
	struct card other;
	uint8_t req[8];

	(void)state;
	/* Unknown prefixes, and kinds the signer never signs. */
	assert_int_equal(ask_text("hello\n"), HL_EFORBIDDEN);
	assert_int_equal(ask_text("hotline/msg/v2\n{}"), HL_EFORBIDDEN);
	assert_int_equal(ask_text(SIG_DOMAIN_CARD2 "{\"party\":\"cert.aa\"}"),
	    HL_EFORBIDDEN);
	assert_int_equal(ask_text("hotline/review/v1\n{}"), HL_EFORBIDDEN);
	/* Its own version 1 card, exactly; no other card. */
	cap.n = 0;
	assert_int_equal(card_make(&cfg_aa, cap_aa, card_aa.tls_pin, &other),
	    0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_CARD1), 0);
	(void)snprintf(cfg_aa.endpoint, sizeof(cfg_aa.endpoint),
	    "https://127.0.0.1:7009");
	assert_int_equal(card_make(&cfg_aa, cap_aa, card_aa.tls_pin, &other),
	    0);
	assert_int_equal(ask(cap.req, cap.n, SIGNER_CARD1), HL_EFORBIDDEN);
	/* No op, an unknown op. */
	assert_int_equal(ask(req, 0, SIGNER_KIND_COUNT), HL_EINVAL);
	req[0] = 2;
	req[1] = 'x';
	assert_int_equal(ask(req, 2, SIGNER_KIND_COUNT), HL_EINVAL);
}

/* Writes n bytes of a frame by hand. */
static void
put(int fd, const void *p, size_t n)
{
	assert_int_equal(write(fd, p, n), (ssize_t)n);
}

static void
test_framing(void **state)
{
	uint8_t big[4] = { 0, 0x10, 0x01, 0x00 };	/* 1 MiB + 256 */
	uint8_t zero[4] = { 0, 0, 0, 0 };
	uint8_t cut[4] = { 0, 0, 0, 100 };
	struct buf b;
	int sv[2];

	(void)state;
	buf_init(&b, HL_MAX_SIGNER_REQUEST);
	assert_true(HL_MAX_SIGNER_REQUEST < 0x100100);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	put(sv[1], big, 4);
	assert_int_equal(signer_read_frame(sv[0], &b), HL_EFRAMING);
	put(sv[1], zero, 4);
	assert_int_equal(signer_read_frame(sv[0], &b), HL_EFRAMING);
	put(sv[1], cut, 4);
	put(sv[1], "0123456789", 10);
	(void)shutdown(sv[1], SHUT_WR);
	assert_int_equal(signer_read_frame(sv[0], &b), HL_EFRAMING);
	(void)close(sv[0]);
	(void)close(sv[1]);
	/* The end of the stream between frames: the other side closed. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	(void)close(sv[1]);
	assert_int_equal(signer_read_frame(sv[0], &b), HL_EIO);
	(void)close(sv[0]);
	/* A header cut short is a broken frame too. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	put(sv[1], cut, 2);
	(void)close(sv[1]);
	assert_int_equal(signer_read_frame(sv[0], &b), HL_EFRAMING);
	(void)close(sv[0]);
	buf_done(&b);
}

/* The signer's side of the channel, until it ends. */
static void *
serve(void *arg)
{
	int fd = *(int *)arg;

	while (signer_serve_one(&sg, fd) == 0)
		continue;
	return NULL;
}

static void
test_channel(void **state)
{
	struct signer_client *cl;
	struct sig_key *ext;
	struct envelope *e = NULL;
	struct hl_diag d;
	uint8_t sig[HL_SIG_LEN];
	pthread_t t;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(pthread_create(&t, NULL, serve, &sv[1]), 0);
	assert_int_equal(signer_client_new(sv[0], &cl), 0);
	assert_int_equal(sig_key_external("hotline/cert.aa",
	    sig_key_pk(key_aa), signer_client_sign, cl, &ext), 0);
	/* A good one, a refused one, a good one again. */
	hl_diag_clear(&d);
	assert_int_equal(envelope_seal(draft("cert.aa", "cert.bb"), ext, &e,
	    &d), 0);
	assert_int_equal(envelope_verify(e, sig_key_pk(key_aa), &d), 0);
	envelope_free(e);
	assert_int_equal(signer_client_sign(cl, (const uint8_t *)"hello\n",
	    6, sig), HL_EFORBIDDEN);
	assert_int_equal(envelope_seal(draft("cert.bb", "cert.aa"), ext, &e,
	    &d), HL_EFORBIDDEN);
	assert_int_equal(envelope_seal(draft("cert.aa", "cert.bb"), ext, &e,
	    &d), 0);
	assert_int_equal(envelope_verify(e, sig_key_pk(key_aa), &d), 0);
	envelope_free(e);
	sig_key_free(ext);
	signer_client_free(cl);		/* closes: the signer's loop ends */
	assert_int_equal(pthread_join(t, NULL), 0);
	(void)close(sv[1]);
}

/* A signature through the channel against one in-process. */
static void
test_cost(void **state)
{
	struct signer_client *cl;
	struct timespec a, b, c;
	uint8_t msg[600], sig[HL_SIG_LEN];
	pthread_t t;
	int sv[2], rounds = 2000;

	(void)state;
	memcpy(msg, "hotline/receipt/v1\n", 19);
	cap.n = 0;
	{
		struct buf r;

		buf_init(&r, HL_MAX_RECEIPT_BYTES);
		assert_int_equal(receipt_make("0123456789abcdef0123456789abcd"
		    "ef0123456789abcdef0123456789abcdef", "cert.bb", "cert.aa",
		    3, 9, 1764583200, cap_aa, &r), 0);
		buf_done(&r);
	}
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(pthread_create(&t, NULL, serve, &sv[1]), 0);
	assert_int_equal(signer_client_new(sv[0], &cl), 0);
	(void)clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < rounds; i++)
		assert_int_equal(sig_sign(key_aa, cap.req + 1, cap.n - 1, sig),
		    0);
	(void)clock_gettime(CLOCK_MONOTONIC, &b);
	for (int i = 0; i < rounds; i++)
		assert_int_equal(signer_client_sign(cl, cap.req + 1,
		    cap.n - 1, sig), 0);
	(void)clock_gettime(CLOCK_MONOTONIC, &c);
	(void)printf("# receipt signature: in-process %.1f us, through the "
	    "signer %.1f us\n",
	    ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 /
	    rounds, ((c.tv_sec - b.tv_sec) * 1e9 + (c.tv_nsec - b.tv_nsec)) /
	    1e3 / rounds);
	(void)msg;
	signer_client_free(cl);
	assert_int_equal(pthread_join(t, NULL), 0);
	(void)close(sv[1]);
}

/* The TLS files a rotation's grace presents, from a card made by hand. */
static void
test_tls_grace(void **state)
{
	char *dir = tu_tmpdir(), p[4200], q[4200], key[4200], crt[4200];
	char cur[TLS_PIN_LEN], prev[TLS_PIN_LEN];
	struct card own;
	struct stat sb;
	int64_t now = 1800000000, at = -1;

	(void)state;
	(void)snprintf(p, sizeof(p), "%s/tls.key", dir);
	(void)snprintf(q, sizeof(q), "%s/tls.crt", dir);
	assert_int_equal(tls_make_identity("cert.aa", p, q, cur, NULL), 0);
	memset(&own, 0, sizeof(own));
	own.v = 2;
	memcpy(own.tls_pin, cur, TLS_PIN_LEN);
	/* No previous files: the current ones. */
	assert_int_equal(tls_current_files(dir, &own, now, key, crt,
	    sizeof(key), &at), 0);
	assert_string_equal(key, p);
	assert_string_equal(crt, q);
	assert_int_equal(at, 0);
	(void)snprintf(p, sizeof(p), "%s/" TLS_PREV_KEY, dir);
	(void)snprintf(q, sizeof(q), "%s/" TLS_PREV_CRT, dir);
	assert_int_equal(tls_make_identity("cert.aa", p, q, prev, NULL), 0);
	/* Previous files the card does not name: the current ones. */
	assert_int_equal(tls_current_files(dir, &own, now, key, crt,
	    sizeof(key), &at), 0);
	assert_non_null(strstr(key, "/tls.key"));
	assert_int_equal(at, 0);
	/* Rotated, its grace running: the previous ones, until its end. */
	own.nretired = 1;
	own.retired[0].is_tls = true;
	memcpy(own.retired[0].tls_pin, prev, TLS_PIN_LEN);
	own.retired[0].until = now + 100;
	own.retired[0].why = CARD_ROTATED;
	assert_int_equal(tls_current_files(dir, &own, now, key, crt,
	    sizeof(key), &at), 0);
	assert_string_equal(key, p);
	assert_string_equal(crt, q);
	assert_int_equal(at, now + 100);
	/* Its grace over: the current ones, and the previous go. */
	assert_int_equal(tls_current_files(dir, &own, now + 100, key, crt,
	    sizeof(key), &at), 0);
	assert_non_null(strstr(crt, "/tls.crt"));
	assert_int_equal(at, 0);
	/* Revoked is never presented. */
	own.retired[0].why = CARD_COMPROMISE;
	assert_int_equal(tls_current_files(dir, &own, now, key, crt,
	    sizeof(key), &at), 0);
	assert_int_equal(at, 0);
	/* One of the pair missing: the current ones. */
	own.retired[0].why = CARD_ROTATED;
	assert_int_equal(unlink(p), 0);
	assert_int_equal(tls_current_files(dir, &own, now, key, crt,
	    sizeof(key), &at), 0);
	assert_int_equal(at, 0);
	assert_int_equal(tls_prev_remove(dir), 0);
	assert_int_equal(stat(q, &sb), -1);
	assert_int_equal(tls_prev_remove(dir), 0);
	tu_rmrf(dir);
	free(dir);
}

static volatile sig_atomic_t hupped;

static void
on_hup(int sig)
{
	(void)sig;
	hupped = 1;
}

/*
 * A stand-in daemon: holds dir/serve.lock with text in it, tells the
 * test (a byte on w) when it holds it, and then whether a SIGHUP came.
 */
static pid_t
daemon_like(const char *dir, const char *text, int w[2], int r[2])
{
	pid_t pid;

	assert_int_equal(pipe(w), 0);
	assert_int_equal(pipe(r), 0);
	if ((pid = fork()) == 0) {
		char path[4200], c = 0;
		struct sigaction sa;
		int fd;

		(void)close(r[1]);
		(void)close(w[0]);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_hup;
		(void)sigaction(SIGHUP, &sa, NULL);
		(void)snprintf(path, sizeof(path), "%s/serve.lock", dir);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			_exit(2);
		if (text == NULL) {
			char pid_text[32];
			int len = snprintf(pid_text, sizeof(pid_text), "%ld\n",
			    (long)getpid());

			(void)!write(fd, pid_text, (size_t)len);
		} else
			(void)!write(fd, text, strlen(text));
		(void)!write(w[1], &c, 1);
		/* Until the test closes r: then say whether SIGHUP came. */
		while (read(r[0], &c, 1) < 0)
			continue;
		c = hupped ? 'H' : '-';
		(void)!write(w[1], &c, 1);
		_exit(0);
	}
	return pid;
}

static char
daemon_end(pid_t pid, int w[2], int r[2])
{
	char c = 0;
	int st;

	(void)close(r[1]);
	assert_int_equal(read(w[0], &c, 1), 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	(void)close(r[0]);
	(void)close(w[0]);
	(void)close(w[1]);
	return c;
}

/* node_reload_daemon(): a SIGHUP to the lock's holder, only to it. */
static void
test_reload_daemon(void **state)
{
	char *dir = tu_tmpdir(), c;
	struct node *n = calloc(1, sizeof(*n));
	int w[2], r[2];
	pid_t pid;

	(void)state;
	assert_non_null(n);
	(void)snprintf(n->dir, sizeof(n->dir), "%s", dir);
	/* No lock file: no daemon, nothing to tell. */
	assert_int_equal(node_reload_daemon(n), 0);
	/* Held by a process that wrote its PID: it gets SIGHUP. */
	pid = daemon_like(dir, NULL, w, r);
	assert_int_equal(read(w[0], &c, 1), 1);
	assert_int_equal(node_reload_daemon(n), 0);
	assert_int_equal(daemon_end(pid, w, r), 'H');
	/* The file after its holder ended: nobody holds it, none to tell. */
	assert_int_equal(node_reload_daemon(n), 0);
	/* Held, but not a PID: HL_EIO, nothing sent. */
	pid = daemon_like(dir, "daemon\n", w, r);
	assert_int_equal(read(w[0], &c, 1), 1);
	assert_int_equal(node_reload_daemon(n), HL_EIO);
	assert_int_equal(daemon_end(pid, w, r), '-');
	free(n);
	tu_rmrf(dir);
	free(dir);
}

/*
 * What a call gives in the sandbox: its errno (0 if it succeeded), in a
 * process of its own so that the test's process stays unsandboxed. The
 * calls are made raw (syscall()), as a process taken over would.
 */
static int
sandboxed(const char *dir, int which)
{
	int st;
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct hl_diag d;
		long r = 0;

		hl_diag_clear(&d);
		if (sandbox_enter(dir, &d) != 0)
			_exit(200);
		errno = 0;
		switch (which) {
		case 0: r = syscall(SYS_getpid); break;
		case 1: r = syscall(SYS_unshare, CLONE_NEWUSER); break;
		case 2: r = syscall(SYS_setuid, 0); break;
		case 3: r = syscall(SYS_mount, "none", "/mnt", "tmpfs", 0L,
		    NULL); break;
		case 4: r = syscall(SYS_ptrace, 16L /* ATTACH */,
		    (long)getppid(), NULL, NULL); break;
		case 5: r = syscall(SYS_clone3, NULL, 0L); break;
		case 6: r = syscall(SYS_keyctl, 0L, 0L); break;
		case 7: r = syscall(SYS_bpf, 0L, NULL, 0L); break;
		case 8: r = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ?
		    0 : -1; break;
		default: _exit(201);
		}
		_exit(r >= 0 ? 0 : errno > 0 && errno < 200 ? errno : 202);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* The network process's sandbox refuses what it must, and only that. */
static void
test_sandbox(void **state)
{
	char *dir = tu_tmpdir();

	(void)state;
	assert_int_equal(sandboxed(dir, 0), 0);	/* the ordinary works */
	assert_int_equal(sandboxed(dir, 8), 0);	/* no new privileges */
	assert_int_equal(sandboxed(dir, 1), EPERM);
	assert_int_equal(sandboxed(dir, 2), EPERM);
	assert_int_equal(sandboxed(dir, 3), EPERM);
#ifndef SANDBOX_SANITIZED
	assert_int_equal(sandboxed(dir, 4), EPERM);
#endif
	assert_int_equal(sandboxed(dir, 5), ENOSYS);
	assert_int_equal(sandboxed(dir, 6), EPERM);
	assert_int_equal(sandboxed(dir, 7), EPERM);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_checkpoints),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_channel),
		cmocka_unit_test(test_cost),
		cmocka_unit_test(test_tls_grace),
		cmocka_unit_test(test_reload_daemon),
		cmocka_unit_test(test_sandbox),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
