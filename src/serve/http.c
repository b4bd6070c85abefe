/*
 * The HTTPS endpoint. See http.h.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <sodium.h>

#include "batch.h"
#include "card.h"
#include "checkpoint.h"
#include "enc.h"
#include "http.h"
#include "log.h"
#include "node.h"
#include "tlog.h"

struct http {
	struct MHD_Daemon	*mhd;
	struct node		*node;	/* used by the MHD thread only */
	char			*key;	/* PEM, wiped and freed at stop */
	char			*cert;
};

/* One request: who is asking, and the body so far. */
struct req {
	struct buf	 body;
	int		 auth;		/* 0, HL_ENOCERT or HL_EUNKNOWNPEER */
	char		 peer[HL_MAX_PARTY_LEN + 1];
	bool		 batch;		/* the body is BATCH_TYPE */
	bool		 too_big;
};

static char *
slurp(const char *dir, const char *name)
{
	char path[4200];
	struct buf b;
	FILE *f;
	size_t n;
	char chunk[4096];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	buf_init(&b, 64 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		(void)buf_add(&b, chunk, n);
	(void)fclose(f);
	return (char *)buf_steal(&b, NULL);
}

static int
status_of(int err)
{
	switch (err) {
	case HL_ENOCERT:	return MHD_HTTP_UNAUTHORIZED;
	case HL_EUNKNOWNPEER:
	case HL_EPIN:
	case HL_EBADSIG:	return MHD_HTTP_FORBIDDEN;
	case HL_ETOOBIG:	return 413;
	case HL_ESEQGAP:
	case HL_EREPLAY:
	case HL_EEQUIVOCATION:	return MHD_HTTP_CONFLICT;
	case HL_ENOTFOUND:	return MHD_HTTP_NOT_FOUND;
	case HL_ENOMEM:
	case HL_EDB:
	case HL_EIO:		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	default:		return MHD_HTTP_BAD_REQUEST;
	}
}

static enum MHD_Result
respond(struct MHD_Connection *c, int status, const char *type,
    const void *p, size_t n)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(n, (void *)p,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * An RFC 9457 problem document, compact JSON on one line (so it can end
 * a batch's answer); expected > 0 adds the seq a gap waits for. NULL if
 * out of memory; the caller frees it.
 */
static char *
problem_doc(int err, const struct hl_diag *d, int64_t expected)
{
	char type[96], detail[800];
	json_t *o;
	char *s;

	hl_diag_format(d, err, detail, sizeof(detail));
	(void)snprintf(type, sizeof(type), PROBLEM_PREFIX "%s",
	    hl_errslug(err));
	o = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title",
	    hl_strerror(err), "status", status_of(err), "detail", detail);
	if (o == NULL)
		return NULL;
	if (d != NULL && d->path[0] != '\0')
		(void)json_object_set_new(o, "field", json_string(d->path));
	if (d != NULL && d->offset >= 0)
		(void)json_object_set_new(o, "offset", json_integer(d->offset));
	if (expected > 0)
		(void)json_object_set_new(o, "expected_seq",
		    json_integer(expected));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

static enum MHD_Result
problem(struct MHD_Connection *c, int err, const struct hl_diag *d,
    int64_t expected)
{
	enum MHD_Result ret;
	char *s;

	if ((s = problem_doc(err, d, expected)) == NULL)
		return MHD_NO;
	ret = respond(c, status_of(err), "application/problem+json", s,
	    strlen(s));
	free(s);
	return ret;
}

static enum MHD_Result
problem_msg(struct MHD_Connection *c, int err, const char *msg)
{
	struct hl_diag d;

	hl_diag_clear(&d);
	(void)hl_diag_set(&d, err, NULL, "%s", msg);
	return problem(c, err, &d, 0);
}

/* Who the connection speaks for: the peer whose card pins its key. */
static int
authenticate(struct http *h, struct MHD_Connection *c, char *peer, size_t n)
{
	const union MHD_ConnectionInfo *ci;
	const gnutls_datum_t *certs;
	unsigned int ncerts = 0;
	char pin[TLS_PIN_LEN];
	struct card card;
	int r;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || ci->tls_session == NULL ||
	    (certs = gnutls_certificate_get_peers(ci->tls_session,
	    &ncerts)) == NULL || ncerts == 0)
		return HL_ENOCERT;
	if (tls_der_pin(certs[0].data, certs[0].size, pin) != 0)
		return HL_EUNKNOWNPEER;
	if ((r = store_peer_by_pin(h->node->st, pin, &card)) == 0)
		(void)snprintf(peer, n, "%s", card.party);
	return r == HL_ENOTFOUND ? HL_EUNKNOWNPEER : r;
}

/* One line of the daemon's log for what became of a message. */
static void
log_accept(const char *peer, int r, const struct accept_result *res,
    const struct hl_diag *d)
{
	char msg[800];

	if (r != 0) {
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

static enum MHD_Result
post_message(struct http *h, struct MHD_Connection *c, struct req *q)
{
	struct accept_result res;
	struct hl_diag d;
	struct buf receipt;
	enum MHD_Result ret;
	int r;

	hl_diag_clear(&d);
	buf_init(&receipt, HL_MAX_RECEIPT_BYTES);
	r = node_accept(h->node, q->body.p, q->body.len, 0, q->peer, &res,
	    &receipt, &d);
	log_accept(q->peer, r, &res, &d);
	if (r != 0)
		ret = problem(c, r, &d, r == HL_ESEQGAP ? res.expected : 0);
	else
		ret = respond(c, MHD_HTTP_OK, "application/json", receipt.p,
		    receipt.len);
	buf_done(&receipt);
	return ret;
}

/*
 * A batch (batch.h): the answer is 200 with a line per message looked
 * at once the batch itself is readable, whatever became of its messages.
 */
static enum MHD_Result
post_batch(struct http *h, struct MHD_Connection *c, struct req *q)
{
	struct batch_line lines[HL_MAX_BATCH_MSGS];
	struct accept_item *it;
	struct hl_diag d;
	struct buf out;
	enum MHD_Result ret;
	size_t count, done = 0;
	char *doc;
	int r;

	hl_diag_clear(&d);
	if ((r = batch_split(q->body.p, q->body.len, lines, HL_MAX_BATCH_MSGS,
	    &count, &d)) != 0) {
		log_info("refused peer=%s problem=%s: batch: %s", q->peer,
		    hl_errslug(r), d.msg);
		return problem(c, r, &d, 0);
	}
	if ((it = calloc(count, sizeof(*it))) == NULL)
		return problem_msg(c, HL_ENOMEM, "out of memory");
	for (size_t i = 0; i < count; i++) {
		it[i].raw = lines[i].p;
		it[i].len = lines[i].len;
		buf_init(&it[i].receipt, HL_MAX_RECEIPT_BYTES);
	}
	r = node_accept_batch(h->node, it, count, 0, q->peer, &done, &d);
	buf_init(&out, HL_MAX_BATCH_ANSWER);
	for (size_t i = 0; i < done; i++) {
		log_accept(q->peer, 0, &it[i].res, NULL);
		(void)buf_add(&out, it[i].receipt.p, it[i].receipt.len);
		(void)buf_addc(&out, '\n');
	}
	if (r != 0 && done < count) {
		log_accept(q->peer, r, &it[done].res, &d);
		if ((doc = problem_doc(r, &d, r == HL_ESEQGAP ?
		    it[done].res.expected : 0)) != NULL) {
			(void)buf_adds(&out, doc);
			(void)buf_addc(&out, '\n');
			free(doc);
		}
	}
	ret = r != 0 && done == 0 && (r == HL_EDB || r == HL_ENOMEM) ?
	    problem(c, r, &d, 0) :
	    respond(c, MHD_HTTP_OK, BATCH_TYPE, out.p, out.len);
	buf_done(&out);
	for (size_t i = 0; i < count; i++)
		buf_done(&it[i].receipt);
	free(it);
	return ret;
}

static bool
query_u64(struct MHD_Connection *c, const char *key, uint64_t *out)
{
	const char *v = MHD_lookup_connection_value(c,
	    MHD_GET_ARGUMENT_KIND, key);
	int64_t x;

	if (v == NULL || !proto_int_parse(v, 0, INT64_MAX, &x))
		return false;
	*out = (uint64_t)x;
	return true;
}

static enum MHD_Result
get_proof(struct http *h, struct MHD_Connection *c, bool inclusion)
{
	struct merkle_proof p;
	struct buf note, out;
	uint64_t a, b, got;
	enum MHD_Result ret;
	int r;

	buf_init(&note, HL_MAX_PROOF_FILE_BYTES);
	buf_init(&out, HL_MAX_PROOF_FILE_BYTES);
	if ((r = mlog_begin(&h->node->log)) != 0)
		goto fail;
	if (inclusion) {
		if (!query_u64(c, "index", &a)) {
			ret = problem_msg(c, HL_EINVAL, "index=N is required");
			goto out;
		}
		if (!query_u64(c, "size", &b))
			b = UINT64_MAX;
		if ((r = tlog_note(h->node, b == UINT64_MAX ? -1 : (int64_t)b,
		    &note, &got)) != 0 ||
		    (r = mlog_inclusion(&h->node->log, a, got, &p)) != 0 ||
		    (r = tlogproof_format(a, &p, note.p, note.len,
		    &out)) != 0)
			goto fail;
	} else {
		if (!query_u64(c, "from", &a) || !query_u64(c, "to", &b)) {
			ret = problem_msg(c, HL_EINVAL, "from=A&to=B are "
			    "required");
			goto out;
		}
		if (a != 0 && a != b) {
			if ((r = mlog_consistency(&h->node->log, a, b,
			    &p)) != 0)
				goto fail;
			for (size_t i = 0; i < p.len; i++) {
				(void)enc_b64(p.h[i], MERKLE_HASH, &out);
				(void)buf_addc(&out, '\n');
			}
		}
	}
	ret = respond(c, MHD_HTTP_OK, "text/plain; charset=utf-8", out.p,
	    out.len);
	goto out;
fail:
	ret = problem_msg(c, r, r == HL_EINVAL ? "outside the log" :
	    hl_strerror(r));
out:
	buf_done(&note);
	buf_done(&out);
	return ret;
}

/*
 * POST /v1/cosign, a tlog-witness add-checkpoint body: "old N\n", the
 * consistency proof's base64 lines, a blank line, the signed checkpoint.
 */
static enum MHD_Result
post_cosign(struct http *h, struct MHD_Connection *c, struct req *q)
{
	struct addcheckpoint ac;
	struct hl_diag d;
	struct buf out, prev;
	char origin[HL_MAX_NAME_LEN], size[32];
	enum MHD_Result ret;
	uint64_t have = 0;
	int r;

	hl_diag_clear(&d);
	if ((r = addcheckpoint_parse(q->body.p, q->body.len, &ac, &d)) != 0)
		return problem(c, r, &d, 0);
	/*
	 * tlog-witness: the client must start from the size this witness
	 * last cosigned; if not, say which (409).
	 */
	(void)card_key_name(q->peer, origin, sizeof(origin));
	buf_init(&prev, HL_MAX_NOTE_BYTES);
	r = store_witness_get(h->node->st, origin, &have, &prev);
	buf_done(&prev);
	if (r != 0 && r != HL_ENOTFOUND)
		return problem_msg(c, r, hl_strerror(r));
	if (ac.old != have) {
		log_info("cosign peer=%s must start from size %llu, not %llu",
		    q->peer, (unsigned long long)have,
		    (unsigned long long)ac.old);
		(void)snprintf(size, sizeof(size), "%llu\n",
		    (unsigned long long)have);
		return respond(c, MHD_HTTP_CONFLICT, "text/x.tlog.size", size,
		    strlen(size));
	}
	buf_init(&out, HL_MAX_NOTE_BYTES * 2);
	r = tlog_cosign(h->node, q->peer, ac.note, ac.notelen, &ac.proof,
	    (int64_t)time(NULL), &out, &d);
	if (r != 0) {
		log_info("cosign refused peer=%s problem=%s", q->peer,
		    hl_errslug(r));
		ret = problem(c, r, &d, 0);
	} else {
		/* The answer is the cosignature line alone, as a witness's. */
		const char *last = (const char *)out.p + out.len - 1;

		while (last > (const char *)out.p && last[-1] != '\n')
			last--;
		log_info("cosigned peer=%s", q->peer);
		ret = respond(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    last, (size_t)((const char *)out.p + out.len - last));
	}
	buf_done(&out);
	return ret;
}

static enum MHD_Result
route(struct http *h, struct MHD_Connection *c, struct req *q,
    const char *url, const char *method)
{
	bool get = strcmp(method, "GET") == 0, post = strcmp(method,
	    "POST") == 0;

	if (q->auth != 0)
		return problem_msg(c, q->auth, q->auth == HL_ENOCERT ?
		    "present the TLS key pinned in your card" :
		    "no pinned card names this TLS key");
	if (q->too_big) {
		struct hl_diag d;

		hl_diag_clear(&d);
		(void)hl_diag_set(&d, HL_ETOOBIG, NULL, "body over %d bytes",
		    q->batch ? HL_MAX_BATCH_BYTES : HL_MAX_MSG_BYTES);
		return problem(c, HL_ETOOBIG, &d, 0);
	}
	if (post && strcmp(url, "/v1/messages") == 0)
		return q->batch ? post_batch(h, c, q) : post_message(h, c, q);
	if (post && strcmp(url, "/v1/cosign") == 0)
		return post_cosign(h, c, q);
	if (get && strcmp(url, "/v1/ping") == 0) {
		char t[PROTO_TIME_LEN], body[256];

		proto_time_format((int64_t)time(NULL), t);
		(void)snprintf(body, sizeof(body), "{\"party\":\"%s\","
		    "\"time\":\"%s\"}", h->node->cfg.party, t);
		return respond(c, MHD_HTTP_OK, "application/json", body,
		    strlen(body));
	}
	if (get && strcmp(url, "/v1/checkpoint") == 0) {
		struct buf note;
		uint64_t size;
		enum MHD_Result ret;
		int r;

		buf_init(&note, HL_MAX_PROOF_FILE_BYTES);
		r = tlog_note(h->node, -1, &note, &size);
		ret = r == 0 ? respond(c, MHD_HTTP_OK,
		    "text/plain; charset=utf-8", note.p, note.len) :
		    problem_msg(c, r, hl_strerror(r));
		buf_done(&note);
		return ret;
	}
	if (get && strcmp(url, "/v1/proof/inclusion") == 0)
		return get_proof(h, c, true);
	if (get && strcmp(url, "/v1/proof/consistency") == 0)
		return get_proof(h, c, false);
	return problem_msg(c, HL_ENOTFOUND, "no such endpoint");
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **ctx)
{
	struct http *h = cls;
	struct req *q = *ctx;

	(void)version;
	if (q == NULL) {
		const char *cl, *ct;
		size_t max;
		int64_t len;

		if ((q = calloc(1, sizeof(*q))) == NULL)
			return MHD_NO;
		ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_TYPE);
		q->batch = ct != NULL && strncmp(ct, BATCH_TYPE,
		    strlen(BATCH_TYPE)) == 0 && (ct[strlen(BATCH_TYPE)] == '\0' ||
		    ct[strlen(BATCH_TYPE)] == ';');
		max = q->batch ? HL_MAX_BATCH_BYTES : HL_MAX_MSG_BYTES;
		buf_init(&q->body, max);
		q->auth = authenticate(h, c, q->peer, sizeof(q->peer));
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && (!proto_int_parse(cl, 0, INT64_MAX, &len) ||
		    (uint64_t)len > max))
			q->too_big = true;
		*ctx = q;
		return MHD_YES;
	}
	if (*size > 0) {
		/* Refused peers and oversized bodies are read, not kept. */
		if (q->auth == 0 && !q->too_big &&
		    buf_add(&q->body, data, *size) != 0)
			q->too_big = true;
		*size = 0;
		return MHD_YES;
	}
	return route(h, c, q, url, method);
}

static void
completed(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode code)
{
	struct req *q = *ctx;

	(void)cls;
	(void)c;
	(void)code;
	if (q == NULL)
		return;
	buf_done(&q->body);
	free(q);
	*ctx = NULL;
}

/*
 * Ask every client for a certificate, and name no certificate authority:
 * keys are pinned, not chained.
 */
static void
notify(void *cls, struct MHD_Connection *c, void **sock,
    enum MHD_ConnectionNotificationCode code)
{
	const union MHD_ConnectionInfo *ci;

	(void)cls;
	(void)sock;
	if (code != MHD_CONNECTION_NOTIFY_STARTED)
		return;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci != NULL && ci->tls_session != NULL) {
		gnutls_certificate_server_set_request(ci->tls_session,
		    GNUTLS_CERT_REQUEST);
		gnutls_certificate_send_x509_rdn_sequence(ci->tls_session, 1);
	}
}

int
http_start(const char *dir, struct http **out, char *err, size_t n)
{
	struct addrinfo hints, *ai = NULL;
	struct hl_diag d;
	struct http *h;
	char host[HL_MAX_URL_LEN + 1], *colon;

	*out = NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return HL_ENOMEM;
	hl_diag_clear(&d);
	if (node_open(dir, &h->node, &d) != 0) {
		hl_diag_format(&d, HL_EIO, err, n);
		goto fail;
	}
	if ((h->key = slurp(dir, NODE_TLSKEY)) == NULL ||
	    (h->cert = slurp(dir, NODE_TLSCRT)) == NULL) {
		(void)snprintf(err, n, "cannot read the TLS key and certificate");
		goto fail;
	}
	(void)snprintf(host, sizeof(host), "%s", h->node->cfg.listen);
	colon = strrchr(host, ':');
	*colon = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (host[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0) {
		(void)snprintf(err, n, "listen %s: cannot resolve",
		    h->node->cfg.listen);
		goto fail;
	}
	h->mhd = MHD_start_daemon(MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD |
	    (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
	    handler, h,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_HTTPS_MEM_KEY, h->key,
	    MHD_OPTION_HTTPS_MEM_CERT, h->cert,
	    MHD_OPTION_NOTIFY_CONNECTION, notify, h,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, h,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HL_HTTP_MEMORY_LIMIT,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HL_HTTP_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HL_HTTP_PER_IP,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HL_HTTP_TIMEOUT,
	    MHD_OPTION_STRICT_FOR_CLIENT, 1,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (h->mhd == NULL) {
		(void)snprintf(err, n, "cannot listen on %s",
		    h->node->cfg.listen);
		goto fail;
	}
	*out = h;
	return 0;
fail:
	http_stop(h);
	return HL_EIO;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	if (h->mhd != NULL)
		MHD_stop_daemon(h->mhd);
	node_close(h->node);
	if (h->key != NULL) {
		sodium_memzero(h->key, strlen(h->key));
		free(h->key);
	}
	free(h->cert);
	free(h);
}
