/*
 * The endpoints of the HTTPS server. See handler.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "card.h"
#include "checkpoint.h"
#include "enc.h"
#include "esc.h"
#include "handler.h"
#include "log.h"
#include "node.h"
#include "tlog.h"
#include "view.h"

#define TEXT_TYPE	"text/plain; charset=utf-8"
#define PROBLEM_TYPE	"application/problem+json"

void
response_init(struct response *rs)
{
	rs->status = 200;
	rs->type = NULL;
	rs->allow = NULL;
	rs->close = false;
	buf_init(&rs->body, HL_MAX_BATCH_ANSWER);
	buf_init(&rs->fields, HL_HTTP_MAX_HEAD);
}

void
response_done(struct response *rs)
{
	buf_done(&rs->body);
	buf_done(&rs->fields);
}

static int
status_of(int err)
{
	switch (err) {
	case HL_ENOCERT:	return 401;
	case HL_EUNKNOWNPEER:
	case HL_EPIN:
	case HL_EEXPIRED:	/* the sender's card: renew, then resend */
	case HL_EBADSIG:
	case HL_EREVOKED:	return 403;
	case HL_ENOTFOUND:	return 404;
	case HL_EMETHOD:	return 405;
	case HL_ETIMEOUT:	return 408;
	case HL_ESEQGAP:
	case HL_EREPLAY:
	case HL_EEQUIVOCATION:	return 409;
	case HL_ETOOBIG:	return 413;
	case HL_EMEDIATYPE:	return 415;
	case HL_ENOMEM:
	case HL_EDB:
	case HL_EIO:		return 500;
	case HL_ECODING:	return 501;
	case HL_EBUSY:		return 503;
	case HL_ENOSPACE:	return 507;
	default:		return 400;
	}
}

static void
respond(struct response *rs, int status, const char *type, const void *p,
    size_t n)
{
	rs->status = status;
	rs->type = type;
	buf_clear(&rs->body);
	if (buf_add(&rs->body, p, n) != 0) {
		/* Only out of memory: say so, and end the connection. */
		buf_init(&rs->body, HL_MAX_BATCH_ANSWER);
		rs->status = 500;
		rs->type = PROBLEM_TYPE;
		rs->close = true;
	}
}

/*
 * An RFC 9457 problem document, compact JSON on one line (so it can end
 * a batch's answer); expected > 0 adds the seq a gap waits for. NULL if
 * out of memory; the caller frees it.
 */
static char *
problem_doc(int err, int status, const struct hl_diag *d, int64_t expected)
{
	char type[96], detail[800];
	json_t *o;
	char *s;

	hl_diag_format(d, err, detail, sizeof(detail));
	(void)snprintf(type, sizeof(type), PROBLEM_PREFIX "%s",
	    hl_errslug(err));
	o = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title",
	    hl_strerror(err), "status", status, "detail", detail);
	if (o == NULL)
		return NULL;
	/* The sender acts on expected_seq: all of it or no document. */
	if ((d != NULL && d->path[0] != '\0' && json_object_set_new(o,
	    "field", json_string(d->path)) != 0) ||
	    (d != NULL && d->offset >= 0 && json_object_set_new(o, "offset",
	    json_integer(d->offset)) != 0) ||
	    (expected > 0 && json_object_set_new(o, "expected_seq",
	    json_integer(expected)) != 0)) {
		json_decref(o);
		return NULL;
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

/*
 * What a peer is told of a failure: the diag, except that this node's
 * own trouble (its disk, its database, its memory) is said in the
 * error's words alone. The daemon's log has the rest (file names, what
 * SQLite said), which is nothing a peer needs or should learn.
 */
static const struct hl_diag *
peer_diag(int err, const struct hl_diag *d, struct hl_diag *out)
{
	hl_diag_clear(out);
	switch (err) {
	case HL_ENOSPACE:
		(void)hl_diag_set(out, err, NULL, "the receiver has no room "
		    "to store it now; send it again later");
		return out;
	case HL_EDB:
	case HL_EIO:
	case HL_ENOMEM:
		(void)hl_diag_set(out, err, NULL, "the receiver failed (%s); "
		    "try again later", hl_strerror(err));
		return out;
	default:
		return d;
	}
}

void
handler_problem(struct response *rs, int err, int status,
    const struct hl_diag *d, int64_t expected)
{
	struct hl_diag pd;
	char *s;

	if (status == 0)
		status = status_of(err);
	if ((s = problem_doc(err, status, peer_diag(err, d, &pd),
	    expected)) == NULL) {
		respond(rs, 500, PROBLEM_TYPE, "", 0);
		rs->close = true;
		return;
	}
	respond(rs, status, PROBLEM_TYPE, s, strlen(s));
	free(s);
}

void
handler_refuse(struct response *rs, int err, int status, const char *msg)
{
	struct hl_diag d;

	hl_diag_clear(&d);
	(void)hl_diag_set(&d, err, NULL, "%s", msg);
	handler_problem(rs, err, status, &d, 0);
}

/* One line of the daemon's log for what became of a message. */
static void
log_accept(const char *peer, int r, const struct accept_result *res,
    const struct hl_diag *d)
{
	char msg[800];

	if (r == HL_ENOSPACE || r == HL_EDB || r == HL_ENOMEM ||
	    r == HL_EIO) {
		/* This node's trouble, not the message's: the operator's. */
		hl_diag_format(d, r, msg, sizeof(msg));
		log_warnx("not stored peer=%s problem=%s msg=%.12s seq=%lld: "
		    "%s", peer, hl_errslug(r), res->id, (long long)res->seq,
		    msg);
	} else if (r != 0) {
		hl_diag_format(d, r, msg, sizeof(msg));
		log_info("refused peer=%s problem=%s msg=%.12s seq=%lld: %s",
		    peer, hl_errslug(r), res->id, (long long)res->seq, msg);
	} else if (res->duplicate)
		log_info("duplicate msg=%.12s peer=%s seq=%lld", res->id, peer,
		    (long long)res->seq);
	else
		log_info("received msg=%.12s peer=%s seq=%lld leaf=%llu",
		    res->id, peer, (long long)res->seq,
		    (unsigned long long)res->leaf);
}

static void
post_message(struct node *node, const char *peer, const uint8_t *body,
    size_t n, struct response *rs)
{
	struct accept_result res;
	struct hl_diag d;
	struct buf receipt;
	int r;

	hl_diag_clear(&d);
	memset(&res, 0, sizeof(res));
	buf_init(&receipt, HL_MAX_RECEIPT_BYTES);
	r = node_accept(node, body, n, 0, peer, &res, &receipt, &d);
	log_accept(peer, r, &res, &d);
	if (r != 0)
		handler_problem(rs, r, 0, &d, r == HL_ESEQGAP ?
		    res.expected : 0);
	else
		respond(rs, 200, "application/json", receipt.p, receipt.len);
	buf_done(&receipt);
}

/*
 * Stores a batch's messages: as one transaction if they fit, else in
 * halves, and halves of those, down to one message, so that a disk with
 * room for some stores those some (the sender retries the rest later,
 * from the first without a receipt). Each part is a batch of its own
 * (node_accept_batch()), so the invariants are the same: seq order, each
 * message once, receipts only for what is committed. *done gets how
 * many were stored; the result is that of the first not stored, with d
 * saying why.
 */
static int
accept_parts(struct node *node, const char *peer, struct accept_item *it,
    size_t count, size_t *done, struct hl_diag *d)
{
	size_t part = count, n, got;
	int r;

	*done = 0;
	for (;;) {
		n = count - *done < part ? count - *done : part;
		hl_diag_clear(d);
		r = node_accept_batch(node, it + *done, n, 0, peer, &got, d);
		*done += got;
		if (r == HL_ENOSPACE && got == 0 && n > 1) {
			log_info("batch peer=%s seq=%lld: %zu messages do not "
			    "fit, storing %zu at a time", peer,
			    (long long)it[*done].res.seq, n, n / 2);
			part = n / 2;
			continue;
		}
		if (r != 0 || *done == count)
			return r;
	}
}

/*
 * A batch (batch.h): the answer is 200 with a line per message looked
 * at once the batch itself is readable, whatever became of its messages.
 * Storage-full is said in the answer (after the receipts of what fit);
 * other storage failures before anything is stored are the answer (500).
 */
static void
post_batch(struct node *node, const char *peer, const uint8_t *body,
    size_t n, struct response *rs)
{
	struct batch_line lines[HL_MAX_BATCH_MSGS];
	struct accept_item *it;
	struct hl_diag d;
	struct buf out;
	size_t count, done = 0;
	char *doc;
	int r;

	hl_diag_clear(&d);
	if ((r = batch_split(body, n, lines, HL_MAX_BATCH_MSGS, &count,
	    &d)) != 0) {
		log_info("refused peer=%s problem=%s: batch: %s", peer,
		    hl_errslug(r), d.msg);
		handler_problem(rs, r, 0, &d, 0);
		return;
	}
	if ((it = calloc(count, sizeof(*it))) == NULL) {
		handler_refuse(rs, HL_ENOMEM, 0, "out of memory");
		return;
	}
	for (size_t i = 0; i < count; i++) {
		it[i].raw = lines[i].p;
		it[i].len = lines[i].len;
		buf_init(&it[i].receipt, HL_MAX_RECEIPT_BYTES);
	}
	r = accept_parts(node, peer, it, count, &done, &d);
	buf_init(&out, HL_MAX_BATCH_ANSWER);
	for (size_t i = 0; i < done; i++) {
		log_accept(peer, 0, &it[i].res, NULL);
		(void)buf_add(&out, it[i].receipt.p, it[i].receipt.len);
		(void)buf_addc(&out, '\n');
	}
	if (r != 0 && done < count) {
		struct hl_diag pd;

		log_accept(peer, r, &it[done].res, &d);
		if ((doc = problem_doc(r, status_of(r), peer_diag(r, &d, &pd),
		    r == HL_ESEQGAP ? it[done].res.expected : 0)) != NULL) {
			(void)buf_adds(&out, doc);
			(void)buf_addc(&out, '\n');
			free(doc);
		}
	}
	if (r != 0 && done == 0 && (r == HL_EDB || r == HL_EIO ||
	    r == HL_ENOMEM))
		handler_problem(rs, r, 0, &d, 0);
	else
		respond(rs, 200, BATCH_TYPE, out.p, out.len);
	buf_done(&out);
	for (size_t i = 0; i < count; i++)
		buf_done(&it[i].receipt);
	free(it);
}

static bool
query_u64(const struct http1_req *q, const char *key, uint64_t *out)
{
	char v[32];
	int64_t x;

	if (!http1_query(q->query, key, v, sizeof(v)) ||
	    !proto_int_parse(v, 0, INT64_MAX, &x))
		return false;
	*out = (uint64_t)x;
	return true;
}

static void
get_proof(struct node *node, const struct http1_req *q, bool inclusion,
    struct response *rs)
{
	struct merkle_proof p;
	struct buf note, out;
	uint64_t a, b, got;
	int r;

	buf_init(&note, HL_MAX_PROOF_FILE_BYTES);
	buf_init(&out, HL_MAX_PROOF_FILE_BYTES);
	if ((r = mlog_begin(&node->log)) != 0)
		goto fail;
	if (inclusion) {
		if (!query_u64(q, "index", &a)) {
			handler_refuse(rs, HL_EINVAL, 0, "index=N is required");
			goto out;
		}
		if (!query_u64(q, "size", &b))
			b = UINT64_MAX;
		if ((r = tlog_note(&node->tlog, b == UINT64_MAX ? -1 : (int64_t)b,
		    &note, &got)) != 0 ||
		    (r = mlog_inclusion(&node->log, a, got, &p)) != 0 ||
		    (r = tlogproof_format(a, &p, note.p, note.len,
		    &out)) != 0)
			goto fail;
	} else {
		if (!query_u64(q, "from", &a) || !query_u64(q, "to", &b)) {
			handler_refuse(rs, HL_EINVAL, 0, "from=A&to=B are "
			    "required");
			goto out;
		}
		if (a != 0 && a != b) {
			if ((r = mlog_consistency(&node->log, a, b, &p)) != 0)
				goto fail;
			for (size_t i = 0; i < p.len; i++) {
				(void)enc_b64(p.h[i], MERKLE_HASH, &out);
				(void)buf_addc(&out, '\n');
			}
		}
	}
	respond(rs, 200, TEXT_TYPE, out.p, out.len);
	goto out;
fail:
	handler_refuse(rs, r, 0, r == HL_EINVAL ? "outside the log" :
	    hl_strerror(r));
out:
	buf_done(&note);
	buf_done(&out);
}

/*
 * POST /v1/cosign, a tlog-witness add-checkpoint body: "old N\n", the
 * consistency proof's base64 lines, a blank line, the signed checkpoint.
 */
static void
post_cosign(struct node *node, const char *peer, const uint8_t *body,
    size_t n, struct response *rs)
{
	struct addcheckpoint ac;
	struct hl_diag d;
	struct buf out;
	char origin[HL_MAX_NAME_LEN], size[32];
	uint64_t have = 0;
	int r;

	hl_diag_clear(&d);
	if ((r = addcheckpoint_parse(body, n, &ac, &d)) != 0) {
		handler_problem(rs, r, 0, &d, 0);
		return;
	}
	/*
	 * tlog-witness: the client must start from the size this witness
	 * last cosigned; if not, say which (409).
	 */
	(void)card_key_name(peer, origin, sizeof(origin));
	r = node_witnessed(node, origin, &have);
	if (r != 0 && r != HL_ENOTFOUND) {
		handler_refuse(rs, r, 0, hl_strerror(r));
		return;
	}
	if (ac.old != have) {
		log_info("cosign peer=%s must start from size %llu, not %llu",
		    peer, (unsigned long long)have,
		    (unsigned long long)ac.old);
		(void)snprintf(size, sizeof(size), "%llu\n",
		    (unsigned long long)have);
		respond(rs, 409, "text/x.tlog.size", size, strlen(size));
		return;
	}
	buf_init(&out, HL_MAX_NOTE_BYTES * 2);
	r = tlog_cosign(&node->tlog, peer, ac.note, ac.notelen, &ac.proof,
	    (int64_t)time(NULL), &out, &d);
	if (r != 0) {
		log_info("cosign refused peer=%s problem=%s", peer,
		    hl_errslug(r));
		handler_problem(rs, r, 0, &d, 0);
	} else {
		/* The answer is the cosignature line alone, as a witness's. */
		const char *last = (const char *)out.p + out.len - 1;

		while (last > (const char *)out.p && last[-1] != '\n')
			last--;
		log_info("cosigned peer=%s", peer);
		respond(rs, 200, TEXT_TYPE, last,
		    (size_t)((const char *)out.p + out.len - last));
	}
	buf_done(&out);
}

/*
 * What each endpoint does once handler_check() has let the request in;
 * one signature, so the table below says it all.
 */
static void
serve_messages(struct node *node, const char *peer,
    const struct http1_req *q, const uint8_t *body, size_t n,
    struct response *rs)
{
	if (http1_media_is(q->type, BATCH_TYPE))
		post_batch(node, peer, body, n, rs);
	else
		post_message(node, peer, body, n, rs);
}

static void
serve_cosign(struct node *node, const char *peer, const struct http1_req *q,
    const uint8_t *body, size_t n, struct response *rs)
{
	(void)q;
	post_cosign(node, peer, body, n, rs);
}

static void
serve_ping(struct node *node, const char *peer, const struct http1_req *q,
    const uint8_t *body, size_t n, struct response *rs)
{
	char t[PROTO_TIME_LEN], ping[256];

	(void)peer;
	(void)q;
	(void)body;
	(void)n;
	proto_time_format((int64_t)time(NULL), t);
	(void)snprintf(ping, sizeof(ping), "{\"party\":\"%s\",\"time\":\"%s\"}",
	    node->cfg.party, t);
	respond(rs, 200, "application/json", ping, strlen(ping));
}

static void
serve_checkpoint(struct node *node, const char *peer,
    const struct http1_req *q, const uint8_t *body, size_t n,
    struct response *rs)
{
	struct buf note;
	uint64_t size;
	int r;

	(void)peer;
	(void)q;
	(void)body;
	(void)n;
	buf_init(&note, HL_MAX_PROOF_FILE_BYTES);
	if ((r = tlog_note(&node->tlog, -1, &note, &size)) == 0)
		respond(rs, 200, TEXT_TYPE, note.p, note.len);
	else
		handler_refuse(rs, r, 0, hl_strerror(r));
	buf_done(&note);
}

static void
serve_inclusion(struct node *node, const char *peer,
    const struct http1_req *q, const uint8_t *body, size_t n,
    struct response *rs)
{
	(void)peer;
	(void)body;
	(void)n;
	get_proof(node, q, true, rs);
}

static void
serve_consistency(struct node *node, const char *peer,
    const struct http1_req *q, const uint8_t *body, size_t n,
    struct response *rs)
{
	(void)peer;
	(void)body;
	(void)n;
	get_proof(node, q, false, rs);
}

/* The endpoints: path, method, for a POST its media types, and the work. */
static const struct endpoint {
	const char		*path;
	enum http1_method	 method;
	const char		*type;		/* POST only */
	size_t			 max;
	const char		*type2;		/* a second one (a batch) */
	size_t			 max2;
	void			(*serve)(struct node *, const char *,
				    const struct http1_req *, const uint8_t *,
				    size_t, struct response *);
} endpoints[] = {
	{ "/v1/messages", HTTP1_POST, "application/json", HL_MAX_MSG_BYTES,
	  BATCH_TYPE, HL_MAX_BATCH_BYTES, serve_messages },
	{ "/v1/cosign", HTTP1_POST, "text/plain", HL_MAX_MSG_BYTES, NULL, 0,
	  serve_cosign },
	{ "/v1/ping", HTTP1_GET, NULL, 0, NULL, 0, serve_ping },
	{ "/v1/checkpoint", HTTP1_GET, NULL, 0, NULL, 0, serve_checkpoint },
	{ "/v1/proof/inclusion", HTTP1_GET, NULL, 0, NULL, 0,
	  serve_inclusion },
	{ "/v1/proof/consistency", HTTP1_GET, NULL, 0, NULL, 0,
	  serve_consistency },
};

static const struct endpoint *
endpoint_of(const char *path)
{
	for (size_t i = 0; i < sizeof(endpoints) / sizeof(endpoints[0]); i++)
		if (strcmp(path, endpoints[i].path) == 0)
			return &endpoints[i];
	return NULL;
}

int
handler_check(const char *peer, const struct http1_req *q, size_t *max,
    struct response *rs)
{
	const struct endpoint *e;
	struct hl_diag d;
	char msg[128];

	*max = 0;
	if (peer == NULL) {
		handler_refuse(rs, HL_EUNKNOWNPEER, 0,
		    "no pinned card names this TLS key");
		rs->close = true;
		return HL_EUNKNOWNPEER;
	}
	if ((e = endpoint_of(q->path)) == NULL) {
		handler_refuse(rs, HL_ENOTFOUND, 0, "no such endpoint");
		return HL_ENOTFOUND;
	}
	if (e->method != q->method) {
		(void)snprintf(msg, sizeof(msg), "%s takes %s only", e->path,
		    e->method == HTTP1_GET ? "GET" : "POST");
		handler_refuse(rs, HL_EMETHOD, 0, msg);
		rs->allow = e->method == HTTP1_GET ? "GET" : "POST";
		return HL_EMETHOD;
	}
	if (e->method == HTTP1_GET)
		return 0;
	if (http1_media_is(q->type, e->type))
		*max = e->max;
	else if (e->type2 != NULL && http1_media_is(q->type, e->type2))
		*max = e->max2;
	else {
		char type[48];

		/* The client's bytes, cut whole and valid UTF-8 for JSON. */
		(void)esc_bytes(type, sizeof(type), q->type, strlen(q->type),
		    NULL);
		(void)snprintf(msg, sizeof(msg), "%s takes %s%s%s, not '%s'",
		    e->path, e->type, e->type2 != NULL ? " or " : "",
		    e->type2 != NULL ? e->type2 : "", type);
		handler_refuse(rs, HL_EMEDIATYPE, 0, msg);
		return HL_EMEDIATYPE;
	}
	if (q->length > (int64_t)*max) {
		hl_diag_clear(&d);
		(void)hl_diag_set(&d, HL_ETOOBIG, NULL, "body over %zu bytes",
		    *max);
		handler_problem(rs, HL_ETOOBIG, 0, &d, 0);
		return HL_ETOOBIG;
	}
	return 0;
}

void
handler_serve(struct node *node, const char *peer, const struct http1_req *q,
    const uint8_t *body, size_t n, struct response *rs)
{
	const struct endpoint *e = endpoint_of(q->path);

	/* handler_check() found it: nothing unchecked is served. */
	if (e == NULL) {
		handler_refuse(rs, HL_ENOTFOUND, 0, "no such endpoint");
		return;
	}
	e->serve(node, peer, q, body, n, rs);
}
