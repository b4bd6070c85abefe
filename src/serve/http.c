/*
 * The HTTPS endpoint: a small strict HTTP/1.1 server on GnuTLS. See
 * http.h, and docs/DECISIONS.md for why it is not libmicrohttpd.
 *
 * One thread, one poll loop, a state machine per connection, for one
 * site: the peers' (a client certificate required, and answered by
 * handler.c), TAXII's (a certificate asked for, not required, and
 * answered by taxii.c) or the operators' console (no certificate asked
 * for, a body read whole and answered by console.c). A connection is
 * "pre-auth" from accept until it is known: on the peers' site by a TLS
 * key that a pinned card names, on TAXII's by a key a user's pin names
 * or by a user's password; then it holds a slot of that peer's or user's
 * own budget, which strangers cannot take. A console connection is never
 * known (its session is checked per request): it stays on the strangers'
 * budget and ends after its answer. Every state has a deadline.
 */
#define _GNU_SOURCE	/* accept4, pipe2 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <sodium.h>

#include "console.h"
#include "fails.h"
#include "handler.h"
#include "http.h"
#include "http1.h"
#include "log.h"
#include "node.h"
#include "taxii.h"
#include "taxii_users.h"
#include "tls.h"
#include "view.h"
#include "signer.h"

/*
 * TLS 1.3, else 1.2, and only AEAD suites with forward secrecy; no CA
 * names are sent (keys are pinned, not chained) and no session tickets
 * (a resumed session would carry no certificate to check).
 */
#define HTTP_PRIORITY	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:" \
	"-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-GCM:" \
	"-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SERVER_PRECEDENCE"

#define MAX_CONNS	(HL_HTTP_PREAUTH + HL_HTTP_PEERS)

/* The TAXII site's challenge (RFC 7617): Basic, in UTF-8. */
#define TAXII_CHALLENGE	"WWW-Authenticate: Basic realm=\"hotline TAXII\", " \
	"charset=\"UTF-8\"\r\n"

enum site {
	SITE_PEERS,	/* pinned cards; a client certificate required */
	SITE_TAXII,	/* taxii_users; a certificate asked for, not required */
	SITE_CONSOLE,	/* operators (console.c); no certificate asked for */
};

enum cstate {
	C_HANDSHAKE,	/* TLS handshake */
	C_HEAD,		/* reading a request head (or idle between requests) */
	C_BODY,		/* reading its body */
	C_WRITE,	/* sending an answer */
	C_LINGER,	/* closed our side; dropping what the client still sends */
};

struct conn {
	int		 fd;
	gnutls_session_t tls;
	enum cstate	 st;
	bool		 auth;		/* holds a slot of a known client's */
	bool		 busy;		/* pinned, but its budget is full */
	bool		 interim;	/* the answer is a 100 Continue */
	bool		 close_after;
	bool		 head_only;	/* TAXII: the answer is to a HEAD */
	/* The peer pinned, or the TAXII user known; "" if neither yet. */
	char		 peer[HL_MAX_PARTY_LEN + 1];
	char		 pin[TLS_PIN_LEN];	/* TAXII: a user's, or "" */
	/* TAXII: a keyed hash of the credentials checked, and their hash */
	uint8_t		 cred[crypto_generichash_BYTES];
	bool		 has_cred;
	char		 addr[INET6_ADDRSTRLEN];
	char		 from[INET6_ADDRSTRLEN + 4];	/* addr, or its /64 */
	uint64_t	 serial;	/* accept order: lower is older */
	int64_t		 deadline;	/* ms, monotonic */
	uint8_t		*in;
	size_t		 inlen, incap;
	size_t		 headlen, need;	/* of the request being read */
	struct http1_req req;
	uint8_t		*out;
	size_t		 outlen, outoff;
};

struct http {
	enum site	 site;
	const char	*name;	/* the site in log lines: "https", "taxii" */
	const char	*where;	/* its listen address, the node's config */
	struct node	*node;	/* used by the HTTP thread only */
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	int		 lfd;
	int		 wake[2];
	pthread_t	 thread;
	bool		 running;
	uint64_t	 serial;
	struct conn	*c[MAX_CONNS];
	/* TAXII: the key of conn.cred, new at each start, and the fails */
	uint8_t		 credkey[crypto_generichash_KEYBYTES];
	struct fails	*fails;		/* fails.h; the console's own its */
	struct console	*console;	/* the console's sessions, logins */
};

static bool step(struct http *h, struct conn *c);
static void read_body(struct http *h, struct conn *c, int64_t now);
static void console_head(struct http *h, struct conn *c, int r,
    struct hl_diag *d, int64_t now);

static void
conn_free(struct http *h, size_t i)
{
	struct conn *c = h->c[i];

	if (c == NULL)
		return;
	if (c->tls != NULL)
		gnutls_deinit(c->tls);
	(void)close(c->fd);
	/*
	 * A TAXII client's input may hold its password, in base64; a
	 * console client's its password, session cookie or CSRF token.
	 */
	if (h->site != SITE_PEERS && c->in != NULL)
		sodium_memzero(c->in, c->incap);
	free(c->in);
	free(c->out);
	free(c);
	h->c[i] = NULL;
}

/*
 * How far a pre-auth connection's handshake has come: the last handshake
 * message it sent us, plus one (0: not even a whole ClientHello). A real
 * peer's handshake moves in milliseconds; a stranger who holds a slot by
 * saying nothing, or a byte at a time, stays at 0. One whose handshake is
 * done and still is not authenticated presented a key no card pins (the
 * handshake takes any certificate) or found its budget full: it can only
 * get a 403 or a 503, so it goes before any handshake still under way.
 */
static int
progress(const struct conn *c)
{
	if (c->st != C_HANDSHAKE)
		return -1;
	return (int)gnutls_handshake_get_last_in(c->tls) + 1;
}

/*
 * The pre-auth connection to evict first, of addr if not NULL: the least
 * advanced handshake, and of those the oldest; -1 if none. count is how
 * many pre-auth connections there are.
 */
static long
victim(struct http *h, const char *addr, size_t *count)
{
	long best = -1;
	int bp = 0, p;

	*count = 0;
	for (size_t i = 0; i < MAX_CONNS; i++) {
		struct conn *c = h->c[i];

		if (c == NULL || c->auth || (addr != NULL &&
		    strcmp(c->addr, addr) != 0))
			continue;
		(*count)++;
		p = progress(c);
		if (best < 0 || p < bp || (p == bp &&
		    c->serial < h->c[best]->serial)) {
			best = (long)i;
			bp = p;
		}
	}
	return best;
}

/*
 * Room for a newcomer from addr: over the per-address or the total
 * pre-auth count, one such connection goes (MaxStartups-like, but chosen,
 * not at random: the least advanced handshake, then the oldest, so that
 * strangers who hold slots lose them to the next arrival while a real
 * peer's handshake, already past its ClientHello, survives the churn).
 */
static void
make_room(struct http *h, const char *addr)
{
	size_t n;
	long i;

	if ((i = victim(h, addr, &n)) >= 0 && n >= HL_HTTP_PREAUTH_PER_IP) {
		conn_free(h, (size_t)i);
		return;
	}
	if ((i = victim(h, NULL, &n)) >= 0 && n >= HL_HTTP_PREAUTH)
		conn_free(h, (size_t)i);
}

/*
 * Who a failed password is counted against: the address, or for IPv6
 * its /64, which one host is given whole (an IPv4-mapped address is its
 * IPv4 address, as getnameinfo() does not write it).
 */
static void
source_of(const struct sockaddr_storage *ss, const char *addr, char *out,
    size_t n)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	struct in6_addr a;
	char p[INET6_ADDRSTRLEN];

	if (ss->ss_family != AF_INET6 || IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		(void)snprintf(out, n, "%s", addr);
		return;
	}
	a = s6->sin6_addr;
	memset(a.s6_addr + 8, 0, 8);
	if (inet_ntop(AF_INET6, &a, p, sizeof(p)) == NULL)
		(void)snprintf(p, sizeof(p), "?");
	(void)snprintf(out, n, "%s/64", p);
}

static void
accept_all(struct http *h)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct conn *c;
	char addr[INET6_ADDRSTRLEN];
	size_t slot;
	int fd;

	/* A bounded number per turn, so connections are served meanwhile. */
	for (int k = 0; k < HL_HTTP_PREAUTH; k++) {
		sl = sizeof(ss);
		fd = accept4(h->lfd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (getnameinfo((struct sockaddr *)&ss, sl, addr, sizeof(addr),
		    NULL, 0, NI_NUMERICHOST) != 0)
			(void)snprintf(addr, sizeof(addr), "?");
		make_room(h, addr);
		for (slot = 0; slot < MAX_CONNS && h->c[slot] != NULL; slot++)
			;
		if (slot == MAX_CONNS || (c = calloc(1, sizeof(*c))) == NULL) {
			(void)close(fd);
			continue;
		}
		c->fd = fd;
		(void)snprintf(c->addr, sizeof(c->addr), "%s", addr);
		source_of(&ss, addr, c->from, sizeof(c->from));
		c->serial = ++h->serial;
		c->st = C_HANDSHAKE;
		c->deadline = proto_mono_ms() + HL_HTTP_PREAUTH_MS;
		h->c[slot] = c;
		if (gnutls_init(&c->tls, GNUTLS_SERVER | GNUTLS_NONBLOCK |
		    GNUTLS_NO_TICKETS) < 0 ||
		    gnutls_priority_set(c->tls, h->prio) < 0 ||
		    gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE,
		    h->cred) < 0) {
			conn_free(h, slot);
			continue;
		}
		/*
		 * A TAXII client may have no certificate: it is then asked
		 * for a password, in a request.
		 */
		gnutls_certificate_server_set_request(c->tls,
		    h->site == SITE_PEERS ? GNUTLS_CERT_REQUIRE :
		    h->site == SITE_TAXII ? GNUTLS_CERT_REQUEST :
		    GNUTLS_CERT_IGNORE);
		gnutls_certificate_send_x509_rdn_sequence(c->tls, 1);
		gnutls_transport_set_int(c->tls, fd);
		/*
		 * A real client's ClientHello is usually here already (it was
		 * sent while the connection waited to be accepted): read it
		 * now, so the handshake shows progress before the next
		 * newcomer looks for a connection to evict.
		 */
		if (!step(h, c))
			conn_free(h, slot);
	}
}

/*
 * The connection, known now as c->peer, takes a slot of that client's
 * budget (per of them, HL_HTTP_PEERS of all known clients), or is busy.
 */
static void
take_slot(struct http *h, struct conn *c, size_t per)
{
	size_t mine = 0, all = 0;
	long idle = -1;

	for (size_t i = 0; i < MAX_CONNS; i++) {
		struct conn *o = h->c[i];

		if (o == NULL || !o->auth)
			continue;
		all++;
		if (strcmp(o->peer, c->peer) != 0)
			continue;
		mine++;
		if (o->st == C_HEAD && o->inlen == 0 && (idle < 0 ||
		    o->serial < h->c[idle]->serial))
			idle = (long)i;
	}
	/* A peer's new connection replaces its own oldest idle one. */
	if ((mine >= per || all >= HL_HTTP_PEERS) && idle >= 0 && mine > 0) {
		conn_free(h, (size_t)idle);
		mine--;
		all--;
	}
	if (mine >= per || all >= HL_HTTP_PEERS) {
		c->busy = true;
		return;
	}
	c->auth = true;
	c->deadline = proto_mono_ms() + HL_HTTP_IDLE_MS;
}

/*
 * Who the connection speaks for, once its handshake is done: the peer
 * whose card pins its key, or on the TAXII site the user whose pin it
 * is (one without, or with a key no user pins, may still give a
 * password in its requests).
 */
static void
authenticate(struct http *h, struct conn *c)
{
	const gnutls_datum_t *certs;
	unsigned int ncerts = 0;
	char pin[TLS_PIN_LEN];
	struct taxii_user u;
	struct card card;
	int r;

	/* An operator is known by a session or a token, per request. */
	if (h->site == SITE_CONSOLE)
		return;
	certs = gnutls_certificate_get_peers(c->tls, &ncerts);
	if (certs == NULL || ncerts == 0 ||
	    tls_der_pin(certs[0].data, certs[0].size, pin) != 0)
		return;
	if (h->site == SITE_TAXII) {
		if (taxii_users_by_pin(h->node, pin, &u) != 0)
			return;
		(void)snprintf(c->peer, sizeof(c->peer), "%s", u.name);
		(void)snprintf(c->pin, sizeof(c->pin), "%s", pin);
		sodium_memzero(&u, sizeof(u));
		log_info("taxii auth user=%s addr=%s by=certificate", c->peer,
		    c->addr);
		take_slot(h, c, HL_TAXII_PER_USER);
		return;
	}
	if ((r = node_peer_by_pin(h->node, pin, &card)) == HL_EREVOKED) {
		/* Spoken for by nobody, but worth an operator's eye. */
		log_warnx("refused TLS key peer=%s addr=%s pin=%s: its card "
		    "(serial %lld) retired it", card.party, c->addr, pin,
		    (long long)card.serial);
		return;
	}
	if (r != 0)
		return;
	(void)snprintf(c->peer, sizeof(c->peer), "%s", card.party);
	take_slot(h, c, HL_HTTP_PER_PEER);
}

static const char *
reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 406: return "Not Acceptable";
	case 415: return "Unsupported Media Type";
	case 417: return "Expectation Failed";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default:  return "Unknown";
	}
}

/*
 * Queues rs (freed here) as the connection's answer; to a HEAD, its head
 * alone, with the length its body would have.
 */
static void
queue(struct conn *c, struct response *rs, int64_t now)
{
	struct buf b;
	bool head = c->head_only;

	if (rs->close)
		c->close_after = true;
	/* What the answer's parts hold, and room for the status line. */
	buf_init(&b, rs->body.len + rs->fields.len + 1024);
	(void)buf_printf(&b, "HTTP/1.1 %d %s\r\n", rs->status,
	    reason(rs->status));
	if (rs->type != NULL)
		(void)buf_printf(&b, "Content-Type: %s\r\n", rs->type);
	(void)buf_printf(&b, "Content-Length: %zu\r\n", rs->body.len);
	if (rs->allow != NULL)
		(void)buf_printf(&b, "Allow: %s\r\n", rs->allow);
	(void)buf_add(&b, rs->fields.p, rs->fields.len);
	if (c->close_after)
		(void)buf_adds(&b, "Connection: close\r\n");
	(void)buf_adds(&b, "\r\n");
	if (!head)
		(void)buf_add(&b, rs->body.p, rs->body.len);
	response_done(rs);
	c->head_only = false;
	free(c->out);
	c->outoff = 0;
	if (buf_err(&b) != 0) {
		c->out = NULL;
		c->outlen = 0;
		c->close_after = true;
	} else
		c->out = buf_steal(&b, &c->outlen);
	c->interim = false;
	c->st = C_WRITE;
	/* An answer the client does not read is bounded too. */
	if (!c->auth || c->close_after)
		c->deadline = now + HL_HTTP_LINGER_MS;
}

/*
 * Queues a refusal that ends the connection: a problem document to a
 * peer, a TAXII error message to a TAXII client (status 0: err's usual).
 */
static void
queue_problem(struct http *h, struct conn *c, int err, int status,
    const struct hl_diag *d, int64_t now)
{
	struct response rs;

	response_init(&rs);
	if (h->site == SITE_TAXII) {
		if (status == 0)
			status = err == HL_ETIMEOUT ? 408 : 500;
		taxii_error(&rs, status, reason(status), d != NULL &&
		    d->msg[0] != '\0' ? d->msg : hl_strerror(err));
	} else
		handler_problem(&rs, err, status, d, 0);
	if (h->site == SITE_CONSOLE)
		console_secure(&rs);
	c->close_after = true;
	queue(c, &rs, now);
}

/* Drops the request just answered from the input, keeping what follows. */
static void
consume(struct conn *c)
{
	if (c->need < c->inlen)
		memmove(c->in, c->in + c->need, c->inlen - c->need);
	c->inlen = c->need < c->inlen ? c->inlen - c->need : 0;
	c->need = c->headlen = 0;
	/* A batch's 4 MiB is not kept by an idle connection. */
	if (c->inlen == 0 && c->incap > HL_HTTP_MAX_HEAD) {
		free(c->in);
		c->in = NULL;
		c->incap = 0;
	}
}

/*
 * The user name and password of an Authorization value: 0 if it is
 * Basic credentials (RFC 7617) a user could have, a name of
 * taxii_users' form, a colon and a password of 1 to
 * HL_TAXII_PASSWORD_LEN bytes (NUL-terminated in pw, *plen long). -1 if
 * it is not Basic credentials at all; 1 if it is, but of no possible
 * user, with as much of the name as fits in name for the log.
 */
static int
basic_parse(const char *v, char name[static HL_TAXII_USER_LEN + 1],
    char pw[static HL_TAXII_PASSWORD_LEN + 1], size_t *plen)
{
	uint8_t raw[sizeof(((struct http1_req *)0)->authorization)];
	const char *b64 = v + 5, *end;
	const uint8_t *colon;
	size_t n = 0, nl;
	int r = -1;

	name[0] = '\0';
	if (strncasecmp(v, "Basic", 5) != 0 || *b64 != ' ')
		return -1;
	while (*b64 == ' ')
		b64++;
	if (sodium_base642bin(raw, sizeof(raw), b64, strlen(b64), NULL, &n,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 || *end != '\0' ||
	    (colon = memchr(raw, ':', n)) == NULL)
		goto out;
	nl = (size_t)(colon - raw);
	memcpy(name, raw, nl < HL_TAXII_USER_LEN ? nl : HL_TAXII_USER_LEN);
	name[nl < HL_TAXII_USER_LEN ? nl : HL_TAXII_USER_LEN] = '\0';
	r = 1;
	if (nl > HL_TAXII_USER_LEN || memchr(raw, '\0', nl) != NULL ||
	    !taxii_users_name_valid(name) || n - nl - 1 == 0 ||
	    n - nl - 1 > HL_TAXII_PASSWORD_LEN)
		goto out;
	*plen = n - nl - 1;
	memcpy(pw, colon + 1, *plen);
	pw[*plen] = '\0';
	r = memchr(pw, '\0', *plen) == NULL ? 0 : 1;
out:
	sodium_memzero(raw, sizeof(raw));
	return r;
}

/*
 * What a connection keeps of credentials it had checked: a hash, keyed
 * with this run's secret, of the name and password (as decoded, so that
 * spelling the field otherwise, "basic" or two blanks, is still known)
 * and of the user's stored password string, so that the same
 * credentials are known again without Argon2id, and are not once the
 * password is changed.
 */
static void
cred_hash(const struct http *h, const char *name, const char *pw,
    size_t plen, const char *pwhash,
    uint8_t out[static crypto_generichash_BYTES])
{
	crypto_generichash_state st;

	(void)crypto_generichash_init(&st, h->credkey, sizeof(h->credkey),
	    crypto_generichash_BYTES);
	(void)crypto_generichash_update(&st, (const uint8_t *)name,
	    strlen(name) + 1);
	(void)crypto_generichash_update(&st, (const uint8_t *)pw, plen);
	(void)crypto_generichash_update(&st, (const uint8_t *)"", 1);
	(void)crypto_generichash_update(&st, (const uint8_t *)pwhash,
	    strlen(pwhash));
	(void)crypto_generichash_final(&st, out, crypto_generichash_BYTES);
}

/*
 * One log line per failed authentication, never with the password. The
 * name is the client's bytes (at most HL_TAXII_USER_LEN of them): the
 * log escapes its lines whole (log.c, esc.h).
 */
static void
auth_failed(const struct conn *c, const char *name, const char *why)
{
	log_info("taxii auth failed addr=%s user=%s: %s", c->addr,
	    name[0] != '\0' ? name : "-", why);
}

/*
 * Who asks, for the request in c->req: 0 and *u, or the status of the
 * refusal (401, 429 with *retry, 503, 500) and its description in *msg. A
 * pinned certificate names its user; else Basic credentials, known
 * again by their hash on the connection that had them checked, else
 * checked if from has failed less than HL_TAXII_FAILS times in the
 * window. A refusal of credentials given ends the connection.
 */
static int
identify(struct http *h, struct conn *c, struct taxii_user *u,
    int64_t *retry, const char **msg, int64_t now)
{
	char name[HL_TAXII_USER_LEN + 1], pw[HL_TAXII_PASSWORD_LEN + 1];
	uint8_t cred[crypto_generichash_BYTES];
	size_t plen = 0;
	int r, status = 401;

	*msg = "credentials are needed: HTTP Basic, or a pinned client "
	    "certificate";
	if (c->pin[0] != '\0') {
		/* Known by its certificate: still, and as the same user? */
		if (taxii_users_by_pin(h->node, c->pin, u) == 0 &&
		    strcmp(u->name, c->peer) == 0)
			return 0;
		auth_failed(c, c->peer, "the certificate's pin is no longer "
		    "this user's");
		*msg = "the certificate is no user's";
		c->close_after = true;
		return 401;
	}
	if (c->req.authorization[0] == '\0')
		return 401;
	c->close_after = true;
	if ((r = basic_parse(c->req.authorization, name, pw, &plen)) != 0) {
		auth_failed(c, name, r < 0 ? "not Basic credentials" :
		    "not a user name, or no password");
		*msg = "the Authorization field is not Basic credentials of a "
		    "user";
		goto out;
	}
	if (c->has_cred && strcmp(name, c->peer) == 0 &&
	    taxii_users_get(h->node, name, u) == 0) {
		cred_hash(h, name, pw, plen, u->pwhash, cred);
		if (sodium_memcmp(cred, c->cred, sizeof(cred)) == 0) {
			c->close_after = c->req.close;
			status = 0;
			goto out;
		}
	}
	c->has_cred = false;
	/* Argon2id is what an attacker would make the node compute. */
	if (!fails_allow(h->fails, c->from, now, retry)) {
		auth_failed(c, name, "too many failures; not checked");
		*msg = "too many failed attempts from this address; try later";
		status = 429;
		goto out;
	}
	r = taxii_users_check(h->node, name, pw, plen, u);
	if (r != 0 && r != HL_ENOTFOUND && r != HL_EINVAL) {
		/* The node's failure, not the client's: not counted. */
		log_warnx("taxii auth user=%s addr=%s: cannot check: %s",
		    name, c->addr, hl_strerror(r));
		*msg = "the server failed to check the credentials; try again "
		    "later";
		status = 500;
		goto out;
	}
	if (r != 0) {
		fails_add(h->fails, c->from, now);
		auth_failed(c, name, r == HL_ENOTFOUND ? "no such user" :
		    "wrong password");
		*msg = "wrong user name or password";
		goto out;
	}
	/* Once a connection: the same credentials again are not checked. */
	log_info("taxii auth user=%s addr=%s by=password", name, c->addr);
	cred_hash(h, name, pw, plen, u->pwhash, c->cred);
	c->has_cred = true;
	c->close_after = c->req.close;
	(void)snprintf(c->peer, sizeof(c->peer), "%s", name);
	status = 0;
	if (!c->auth) {
		take_slot(h, c, HL_TAXII_PER_USER);
		if (c->busy) {
			*msg = "too many connections of this user; try again";
			c->close_after = true;
			status = 503;
		}
	}
out:
	sodium_memzero(pw, sizeof(pw));
	return status;
}

/*
 * A head on the TAXII site: refused as it is, or its client known, then
 * answered by taxii_serve(). No body is read: one announced (a POST's)
 * is left unread, so the connection ends after the answer.
 */
static void
taxii_head(struct http *h, struct conn *c, int r, const struct hl_diag *d,
    int64_t now)
{
	struct taxii_client tc;
	struct taxii_user u;
	struct response rs;
	const char *msg;
	int64_t retry = 0, deadline = c->deadline;
	int status;

	response_init(&rs);
	c->head_only = c->req.method == HTTP1_HEAD;
	if (r != 0) {
		log_info("taxii refused user=%s addr=%s problem=%s status=%d: "
		    "%s", c->peer[0] != '\0' ? c->peer : "-", c->addr,
		    hl_errslug(r), c->req.status, d->msg);
		taxii_error(&rs, c->req.status, reason(c->req.status),
		    r == HL_EMETHOD ? "only GET and HEAD are served" : d->msg);
		if (r == HL_EMETHOD)
			rs.allow = "GET, HEAD";
		c->close_after = true;
		queue(c, &rs, now);
		return;
	}
	/* The head may hold a password: nothing of it is kept. */
	sodium_memzero(c->in, c->headlen);
	c->need = c->headlen;
	consume(c);
	c->close_after = c->req.close;
	if (c->busy)
		status = 503, msg = "too many connections of this user; try "
		    "again";
	else
		status = identify(h, c, &u, &retry, &msg, now);
	sodium_memzero(c->req.authorization, sizeof(c->req.authorization));
	if (c->req.length > 0)
		c->close_after = true;
	if (status != 0) {
		if (status == 503)
			c->close_after = true;
		taxii_error(&rs, status, reason(status), msg);
		/* After taxii_error(), which clears the fields. */
		if (status == 401)
			(void)buf_adds(&rs.fields, TAXII_CHALLENGE);
		if (status == 429)
			(void)buf_printf(&rs.fields, "Retry-After: %lld\r\n",
			    (long long)retry);
		queue(c, &rs, now);
		/*
		 * A client still unknown may answer the challenge on this
		 * connection, but within its first HL_HTTP_PREAUTH_MS:
		 * asking again and again buys a stranger no time.
		 */
		if (!c->auth && !c->close_after && deadline < c->deadline)
			c->deadline = deadline;
		return;
	}
	(void)snprintf(tc.name, sizeof(tc.name), "%s", u.name);
	tc.clearance = u.clearance;
	sodium_memzero(&u, sizeof(u));
	taxii_serve(h->node, &tc, &c->req, &rs);
	queue(c, &rs, now);
}

/* A complete head is in: parse it and decide what comes next. */
static void
got_head(struct http *h, struct conn *c, int64_t now)
{
	struct response rs;
	struct hl_diag d;
	size_t max;
	int r;

	hl_diag_clear(&d);
	r = http1_parse(c->in, c->headlen, &c->req, &d);
	if (h->site == SITE_TAXII) {
		taxii_head(h, c, r, &d, now);
		return;
	}
	if (h->site == SITE_CONSOLE) {
		console_head(h, c, r, &d, now);
		return;
	}
	/*
	 * The parser knows HEAD for TAXII and DELETE for the console; the
	 * peers' endpoint has neither.
	 */
	if (r == HL_EMETHOD || (r == 0 && (c->req.method == HTTP1_HEAD ||
	    c->req.method == HTTP1_DELETE))) {
		hl_diag_clear(&d);
		r = hl_diag_set(&d, HL_EMETHOD, NULL,
		    "only GET and POST are served");
		c->req.status = 405;
	}
	if (r != 0) {
		log_info("refused peer=%s addr=%s problem=%s status=%d: %s",
		    c->peer[0] != '\0' ? c->peer : "-", c->addr,
		    hl_errslug(r), c->req.status, d.msg);
		response_init(&rs);
		handler_problem(&rs, r, c->req.status, &d, 0);
		if (r == HL_EMETHOD)
			rs.allow = "GET, POST";
		c->close_after = true;
		queue(c, &rs, now);
		return;
	}
	response_init(&rs);
	if (c->busy) {
		log_info("busy peer=%s: %d connections", c->peer,
		    HL_HTTP_PER_PEER);
		handler_refuse(&rs, HL_EBUSY, 0, "too many connections from "
		    "this peer; try again");
		c->close_after = true;
		queue(c, &rs, now);
		return;
	}
	if (handler_check(c->auth ? c->peer : NULL, &c->req, &max, &rs) != 0) {
		/* A body left unread cannot be skipped safely: close. */
		if (c->req.length > 0 || !c->auth || c->req.close)
			c->close_after = true;
		c->need = c->headlen;
		consume(c);
		queue(c, &rs, now);
		return;
	}
	response_done(&rs);
	c->close_after = c->req.close;
	read_body(h, c, now);
}

/*
 * A head on the console's site: refused as it is, or its body (up to
 * HL_CONSOLE_MAX_BODY) read whole for console_serve(). Every answer
 * ends its connection: a console client is never known to the
 * connection (a session or token is checked per request), so it holds
 * a pre-auth slot, on the strangers' budget and deadline, and a new
 * connection per request is what keeps that budget honest.
 */
static void
console_head(struct http *h, struct conn *c, int r, struct hl_diag *d,
    int64_t now)
{
	struct response rs;

	/* Its refusal is a head alone. */
	c->head_only = r == 0 && c->req.method == HTTP1_HEAD;
	if (r == 0 && c->req.method == HTTP1_HEAD) {
		hl_diag_clear(d);
		r = hl_diag_set(d, HL_EMETHOD, NULL,
		    "only GET, POST and DELETE are served");
		c->req.status = 405;
	}
	if (r == 0 && c->req.length > HL_CONSOLE_MAX_BODY) {
		hl_diag_clear(d);
		r = hl_diag_set(d, HL_ETOOBIG, NULL, "the body is over %d "
		    "bytes", HL_CONSOLE_MAX_BODY);
		c->req.status = 413;
	}
	if (r != 0) {
		log_info("console refused addr=%s problem=%s status=%d: %s",
		    c->addr, hl_errslug(r), c->req.status, d->msg);
		response_init(&rs);
		handler_problem(&rs, r, c->req.status, d, 0);
		if (r == HL_EMETHOD)
			rs.allow = "GET, POST, DELETE";
		console_secure(&rs);
		c->close_after = true;
		queue(c, &rs, now);
		return;
	}
	c->close_after = true;
	read_body(h, c, now);
}

/* The head in c->req passed: read its body, c->req.length bytes, next. */
static void
read_body(struct http *h, struct conn *c, int64_t now)
{
	c->need = c->headlen + (size_t)(c->req.length > 0 ? c->req.length : 0);
	if (c->incap < c->need) {
		uint8_t *p = realloc(c->in, c->need);

		if (p == NULL) {
			queue_problem(h, c, HL_ENOMEM, 0, NULL, now);
			return;
		}
		c->in = p;
		c->incap = c->need;
	}
	c->st = C_BODY;
	if (c->req.expect && c->inlen < c->need) {
		static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

		free(c->out);
		if ((c->out = malloc(sizeof(cont) - 1)) == NULL) {
			queue_problem(h, c, HL_ENOMEM, 0, NULL, now);
			return;
		}
		memcpy(c->out, cont, sizeof(cont) - 1);
		c->outlen = sizeof(cont) - 1;
		c->outoff = 0;
		c->interim = true;
		c->st = C_WRITE;
	}
}

static void
serve_request(struct http *h, struct conn *c, int64_t now)
{
	struct response rs;

	response_init(&rs);
	if (h->site == SITE_CONSOLE) {
		struct timespec ts;

		(void)clock_gettime(CLOCK_REALTIME, &ts);
		console_serve(h->console, h->node, c->from, &c->req,
		    c->in + c->headlen, c->need - c->headlen,
		    (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, now,
		    &rs);
		/* What it held (a password, a session) is not kept. */
		sodium_memzero(c->in, c->need);
		sodium_memzero(&c->req, sizeof(c->req));
		c->close_after = true;
	} else
		handler_serve(h->node, c->peer, &c->req, c->in + c->headlen,
		    c->need - c->headlen, &rs);
	consume(c);
	queue(c, &rs, now);
}

/*
 * Reads what TLS has into c->in, up to want bytes in all. 1 if some came,
 * 0 if it would block, -1 if the connection is over.
 */
static int
fill(struct conn *c, size_t want)
{
	ssize_t n;

	if (c->incap < want) {
		uint8_t *p = realloc(c->in, want);

		if (p == NULL)
			return -1;
		c->in = p;
		c->incap = want;
	}
	if (c->inlen >= want)
		return 1;
	do
		n = gnutls_record_recv(c->tls, c->in + c->inlen,
		    want - c->inlen);
	while (n == GNUTLS_E_INTERRUPTED);
	if (n == GNUTLS_E_AGAIN)
		return 0;
	if (n <= 0)
		return -1;
	c->inlen += (size_t)n;
	return 1;
}

/*
 * Moves a connection along as far as it goes without blocking. Returns
 * false when it is over and must be freed.
 */
static bool
step(struct http *h, struct conn *c)
{
	int64_t now = proto_mono_ms();
	struct hl_diag d;
	bool idle;
	ssize_t n;
	int r;

	for (;;) {
		switch (c->st) {
		case C_HANDSHAKE:
			r = gnutls_handshake(c->tls);
			if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
				return true;
			if (r < 0)
				return false;
			authenticate(h, c);
			c->st = C_HEAD;
			break;
		case C_HEAD:
			if (c->inlen > 0) {
				r = http1_head_len(c->in, c->inlen,
				    &c->headlen);
				if (r != 0) {
					hl_diag_clear(&d);
					(void)hl_diag_set(&d, r, NULL, "the "
					    "head is over %d bytes",
					    HL_HTTP_MAX_HEAD);
					queue_problem(h, c, r, 431, &d, now);
					break;
				}
				if (c->headlen > 0) {
					got_head(h, c, now);
					break;
				}
			}
			idle = c->inlen == 0;
			if ((r = fill(c, HL_HTTP_MAX_HEAD)) <= 0)
				return r == 0;
			/* The first byte of a request starts its clock. */
			if (idle && c->auth)
				c->deadline = now + HL_HTTP_REQUEST_MS;
			break;
		case C_BODY:
			if (c->inlen >= c->need) {
				serve_request(h, c, now);
				break;
			}
			if ((r = fill(c, c->need)) <= 0)
				return r == 0;
			break;
		case C_WRITE:
			while (c->outoff < c->outlen) {
				n = gnutls_record_send(c->tls,
				    c->out + c->outoff,
				    c->outlen - c->outoff);
				if (n == GNUTLS_E_AGAIN ||
				    n == GNUTLS_E_INTERRUPTED)
					return true;
				if (n < 0)
					return false;
				c->outoff += (size_t)n;
			}
			if (c->interim) {
				c->interim = false;
				c->st = C_BODY;
				break;
			}
			if (c->close_after) {
				/* Our side ends; the answer is read, not reset. */
				(void)gnutls_bye(c->tls, GNUTLS_SHUT_WR);
				(void)shutdown(c->fd, SHUT_WR);
				c->st = C_LINGER;
				c->deadline = now + HL_HTTP_LINGER_MS;
				break;
			}
			c->st = C_HEAD;
			if (c->auth)
				c->deadline = now + (c->inlen > 0 ?
				    HL_HTTP_REQUEST_MS : HL_HTTP_IDLE_MS);
			break;
		case C_LINGER: {
			uint8_t drop[16384];
			int reads = 0;

			/* Bounded, so a fast sender cannot pin the thread. */
			do
				n = recv(c->fd, drop, sizeof(drop), 0);
			while (n > 0 && ++reads < 64);
			return n > 0 || (n < 0 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK || errno == EINTR));
		}
		}
	}
}

/* A deadline passed: what that means depends on where it is. */
static bool
expire(struct http *h, struct conn *c, int64_t now)
{
	struct hl_diag d;

	if (!c->auth || c->st == C_WRITE || c->st == C_LINGER ||
	    c->st == C_HANDSHAKE || (c->st == C_HEAD && c->inlen == 0))
		return false;
	log_info("timeout peer=%s: a request not complete in %d ms", c->peer,
	    HL_HTTP_REQUEST_MS);
	hl_diag_clear(&d);
	(void)hl_diag_set(&d, HL_ETIMEOUT, NULL, "the request was not "
	    "complete in %d ms", HL_HTTP_REQUEST_MS);
	queue_problem(h, c, HL_ETIMEOUT, 0, &d, now);
	return step(h, c);
}

static short
wants(const struct conn *c)
{
	if (c->st == C_LINGER)
		return POLLIN;
	/*
	 * What GnuTLS's last call waited for: reading a record can need a
	 * write (a TLS 1.3 key update), and the last call was always the one
	 * that blocked.
	 */
	return gnutls_record_get_direction(c->tls) ? POLLOUT : POLLIN;
}

static void *
loop(void *arg)
{
	struct http *h = arg;
	struct pollfd pfd[MAX_CONNS + 2];
	size_t idx[MAX_CONNS + 2];

	for (;;) {
		int64_t now = proto_mono_ms(), next = now + 60000;
		nfds_t n = 2;
		int timeout;

		pfd[0].fd = h->wake[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = h->lfd;
		pfd[1].events = POLLIN;
		for (size_t i = 0; i < MAX_CONNS; i++) {
			struct conn *c = h->c[i];

			if (c == NULL)
				continue;
			if (c->deadline <= now) {
				if (!expire(h, c, now)) {
					conn_free(h, i);
					continue;
				}
			}
			if (c->deadline < next)
				next = c->deadline;
			pfd[n].fd = c->fd;
			pfd[n].events = wants(c);
			idx[n++] = i;
		}
		timeout = (int)(next > now ? next - now : 0);
		if (poll(pfd, n, timeout) < 0 && errno != EINTR) {
			log_warnx("%s: poll: %s; no longer serving", h->name,
			    strerror(errno));
			break;
		}
		if (pfd[0].revents != 0)
			break;
		for (nfds_t k = 2; k < n; k++)
			if (pfd[k].revents != 0 && h->c[idx[k]] != NULL &&
			    !step(h, h->c[idx[k]]))
				conn_free(h, idx[k]);
		if (pfd[1].revents & POLLIN)
			accept_all(h);
	}
	return NULL;
}

/* A listening socket for where (HOST:PORT) in *fd. */
static int
listen_on(const char *where, int *fd, struct hl_diag *d)
{
	struct addrinfo hints, *ai = NULL;
	char host[HL_MAX_URL_LEN + 1], *colon;
	int one = 1, defer = HL_HTTP_PREAUTH_MS / 1000, r = 0;

	*fd = -1;
	(void)snprintf(host, sizeof(host), "%s", where);
	if ((colon = strrchr(host, ':')) == NULL)
		return hl_diag_set(d, HL_ECONFIG, NULL, "listen %s: no port",
		    where);
	*colon = '\0';
	if (host[0] == '[' && colon > host && colon[-1] == ']') {
		colon[-1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		return hl_diag_set(d, HL_ECONFIG, NULL,
		    "listen %s: cannot resolve", where);
	*fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	/*
	 * TCP_DEFER_ACCEPT: a connection reaches accept() with its first
	 * bytes (a real client's whole ClientHello), so it can show
	 * progress at once; one that says nothing waits in the kernel first.
	 */
	if (*fd < 0 || setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) != 0 || setsockopt(*fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
	    &defer, sizeof(defer)) != 0 ||
	    bind(*fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(*fd, 128) != 0) {
		r = hl_diag_set(d, HL_EIO, NULL, "cannot listen on %s: %s",
		    where, strerror(errno));
		if (*fd >= 0)
			(void)close(*fd);
		*fd = -1;
	}
	freeaddrinfo(ai);
	return r;
}

/* Starts site's server for the node in dir; see http_start(). */
static int
start(const char *dir, enum site site, struct http **out, struct hl_diag *d)
{
	struct hl_diag nd;
	struct http *h;
	char key[4200], crt[4200], msg[sizeof(nd.msg) + sizeof(nd.path) + 4];
	int r;

	*out = NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	h->lfd = h->wake[0] = h->wake[1] = -1;
	h->site = site;
	h->name = site == SITE_PEERS ? "https" : site == SITE_TAXII ?
	    "taxii" : "console";
	hl_diag_clear(&nd);
	if ((r = signer_node_open(dir, &h->node, &nd)) != 0) {
		/* Said as one line: the field or offset in the message. */
		hl_diag_format(&nd, r, msg, sizeof(msg));
		(void)hl_diag_set(d, r, NULL, "%s", msg);
		goto fail;
	}
	h->where = site == SITE_PEERS ? h->node->cfg.listen :
	    site == SITE_TAXII ? h->node->cfg.taxii_listen :
	    h->node->cfg.console_listen;
	if (site == SITE_TAXII) {
		if (h->where[0] == '\0') {
			r = hl_diag_set(d, HL_ECONFIG, NULL,
			    "no taxii_listen in the config");
			goto fail;
		}
		if ((h->fails = fails_new()) == NULL) {
			r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
			goto fail;
		}
		randombytes_buf(h->credkey, sizeof(h->credkey));
	}
	if (site == SITE_CONSOLE) {
		if (h->where[0] == '\0') {
			r = hl_diag_set(d, HL_ECONFIG, NULL,
			    "console_listen is none");
			goto fail;
		}
		if ((h->console = console_new()) == NULL) {
			r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
			goto fail;
		}
	}
	/* The previous identity during a rotation's grace (signer.h). */
	signer_tls_files(dir, key, crt, sizeof(key));
	/* The config's are absolute, and go together (config.c). */
	if (site == SITE_CONSOLE && h->node->cfg.console_cert[0] != '\0') {
		(void)snprintf(key, sizeof(key), "%s",
		    h->node->cfg.console_key);
		(void)snprintf(crt, sizeof(crt), "%s",
		    h->node->cfg.console_cert);
	}
	if (gnutls_certificate_allocate_credentials(&h->cred) < 0 ||
	    gnutls_certificate_set_x509_key_file(h->cred, crt, key,
	    GNUTLS_X509_FMT_PEM) < 0) {
		r = hl_diag_set(d, HL_ECRYPTO, NULL, "cannot read the TLS key "
		    "and certificate %s, %s", key, crt);
		goto fail;
	}
	if (gnutls_priority_init(&h->prio, HTTP_PRIORITY, NULL) < 0) {
		r = hl_diag_set(d, HL_ECRYPTO, NULL, "cannot set up TLS");
		goto fail;
	}
	if ((r = listen_on(h->where, &h->lfd, d)) != 0)
		goto fail;
	if (pipe2(h->wake, O_CLOEXEC) != 0 ||
	    pthread_create(&h->thread, NULL, loop, h) != 0) {
		r = hl_diag_set(d, HL_EIO, NULL,
		    "cannot start the %s thread", site == SITE_PEERS ?
		    "HTTP" : site == SITE_TAXII ? "TAXII" : "console");
		goto fail;
	}
	h->running = true;
	*out = h;
	return 0;
fail:
	http_stop(h);
	return r;
}

int
http_start(const char *dir, struct http **out, struct hl_diag *d)
{
	return start(dir, SITE_PEERS, out, d);
}

int
http_start_taxii(const char *dir, struct http **out, struct hl_diag *d)
{
	return start(dir, SITE_TAXII, out, d);
}

int
http_start_console(const char *dir, struct http **out, struct hl_diag *d)
{
	return start(dir, SITE_CONSOLE, out, d);
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	if (h->running) {
		if (write(h->wake[1], "", 1) != 1)
			log_warnx("%s: cannot wake its thread", h->name);
		(void)pthread_join(h->thread, NULL);
	}
	for (size_t i = 0; i < MAX_CONNS; i++)
		conn_free(h, i);
	if (h->lfd >= 0)
		(void)close(h->lfd);
	if (h->wake[0] >= 0)
		(void)close(h->wake[0]);
	if (h->wake[1] >= 0)
		(void)close(h->wake[1]);
	if (h->prio != NULL)
		gnutls_priority_deinit(h->prio);
	if (h->cred != NULL)
		gnutls_certificate_free_credentials(h->cred);
	node_close(h->node);
	fails_free(h->fails);
	console_free(h->console);
	sodium_memzero(h->credkey, sizeof(h->credkey));
	free(h);
}
