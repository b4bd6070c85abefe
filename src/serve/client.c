/*
 * HTTPS requests to peers. See client.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <sodium.h>

#include "cardkeys.h"
#include "client.h"
#include "signer.h"
#include "err.h"
#include "node.h"

void
client_id_init(struct client_id *id, const char *dir)
{
	/* The previous identity during a rotation's grace (signer.h). */
	signer_tls_files(dir, id->key, id->cert, sizeof(id->key));
}

static size_t
on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;

	/* Returning less than given makes curl fail the transfer. */
	return buf_add(b, p, size * nmemb) == 0 ? size * nmemb : 0;
}

/* What the TLS check before a request found wrong, for why. */
struct tls_check {
	CURL	*curl;
	char	 why[128];
};

/*
 * Called once the connection is up, before the request is sent: the
 * session must be TLS 1.2 or later with an AEAD suite. curl 7.88's GnuTLS
 * backend takes CURLOPT_SSLVERSION but ignores CURLOPT_SSL_CIPHER_LIST
 * (its priority string is fixed "NORMAL" plus the versions), so a CBC
 * suite could still be negotiated with a TLS 1.2 server; this is where
 * it is refused, before a byte of the message leaves.
 */
static int
tls_check(void *arg, char *ip, char *local, int port, int lport)
{
	struct tls_check *tc = arg;
	struct curl_tlssessioninfo *ti = NULL;
	gnutls_session_t s;
	gnutls_protocol_t v;

	(void)ip;
	(void)local;
	(void)port;
	(void)lport;
	if (curl_easy_getinfo(tc->curl, CURLINFO_TLS_SSL_PTR, &ti) !=
	    CURLE_OK || ti == NULL || ti->backend != CURLSSLBACKEND_GNUTLS ||
	    (s = ti->internals) == NULL) {
		(void)snprintf(tc->why, sizeof(tc->why), "cannot see the TLS "
		    "session to check it");
		return CURL_PREREQFUNC_ABORT;
	}
	v = gnutls_protocol_get_version(s);
	if ((v != GNUTLS_TLS1_2 && v != GNUTLS_TLS1_3) ||
	    gnutls_mac_get(s) != GNUTLS_MAC_AEAD) {
		(void)snprintf(tc->why, sizeof(tc->why), "the peer's TLS is "
		    "%s with %s: TLS 1.2 or 1.3 with an AEAD suite is required",
		    gnutls_protocol_get_name(v) != NULL ?
		    gnutls_protocol_get_name(v) : "unknown",
		    gnutls_cipher_get_name(gnutls_cipher_get(s)) != NULL ?
		    gnutls_cipher_get_name(gnutls_cipher_get(s)) : "unknown");
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

/* Ours for a failed transfer, by what curl says of it. */
static int
curl_err(CURLcode rc)
{
	switch (rc) {
	case CURLE_OUT_OF_MEMORY:
		return HL_ENOMEM;
	case CURLE_OPERATION_TIMEDOUT:
		return HL_ETIMEOUT;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return HL_EPIN;
	default:
		return HL_EIO;
	}
}

int
client_post(CURL **curl, const struct client_id *id, const struct card *peer,
    const char *path, const char *type, const void *body, size_t n,
    struct buf *out, long *status, struct hl_diag *d)
{
	char url[HL_MAX_URL_LEN + 64], header[128];
	char pins[CARD_KEYS_MAX * TLS_PIN_LEN];
	struct curl_slist *hdr = NULL;
	struct tls_check tc;
	size_t elen = strlen(peer->endpoint);
	CURLcode rc;
	int r = 0;

	*status = 0;
	if (*curl == NULL && (*curl = curl_easy_init()) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "cannot start curl");
	if (elen > 0 && peer->endpoint[elen - 1] == '/')
		elen--;
	(void)snprintf(url, sizeof(url), "%.*s%s", (int)elen, peer->endpoint,
	    path);
	(void)snprintf(header, sizeof(header), "Content-Type: %s", type);
	hdr = curl_slist_append(hdr, header);
	(void)curl_easy_setopt(*curl, CURLOPT_URL, url);
	(void)curl_easy_setopt(*curl, CURLOPT_HTTPHEADER, hdr);
	(void)curl_easy_setopt(*curl, CURLOPT_POSTFIELDS, body);
	(void)curl_easy_setopt(*curl, CURLOPT_POSTFIELDSIZE, (long)n);
	(void)curl_easy_setopt(*curl, CURLOPT_SSLCERT, id->cert);
	(void)curl_easy_setopt(*curl, CURLOPT_SSLKEY, id->key);
	/* No CA: the pinned key is the whole of the server's identity. */
	(void)curl_easy_setopt(*curl, CURLOPT_SSL_VERIFYPEER, 0L);
	(void)curl_easy_setopt(*curl, CURLOPT_SSL_VERIFYHOST, 0L);
	/*
	 * The peer's pins in their grace too: a peer that rotated its TLS
	 * key presents the old certificate until the grace ends.
	 */
	if (card_pins_online(peer, (int64_t)time(NULL), pins,
	    sizeof(pins)) != 0)
		(void)snprintf(pins, sizeof(pins), "%s", peer->tls_pin);
	(void)curl_easy_setopt(*curl, CURLOPT_PINNEDPUBLICKEY, pins);
	(void)curl_easy_setopt(*curl, CURLOPT_WRITEFUNCTION, on_data);
	(void)curl_easy_setopt(*curl, CURLOPT_WRITEDATA, out);
	(void)curl_easy_setopt(*curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)HL_DELIVERY_CONNECT_MS);
	(void)curl_easy_setopt(*curl, CURLOPT_TIMEOUT_MS,
	    (long)HL_DELIVERY_TOTAL_MS);
	(void)curl_easy_setopt(*curl, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(*curl, CURLOPT_PROTOCOLS_STR, "https");
	/* TLS 1.2 at least (1.3 preferred: curl offers it first). */
	(void)curl_easy_setopt(*curl, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2);
	tc.curl = *curl;
	tc.why[0] = '\0';
	(void)curl_easy_setopt(*curl, CURLOPT_PREREQFUNCTION, tls_check);
	(void)curl_easy_setopt(*curl, CURLOPT_PREREQDATA, &tc);
	rc = curl_easy_perform(*curl);
	if (rc != CURLE_OK && tc.why[0] != '\0')
		r = hl_diag_set(d, HL_ECRYPTO, NULL, "%s", tc.why);
	else if (rc != CURLE_OK)
		r = hl_diag_set(d, curl_err(rc), NULL, "%s",
		    curl_easy_strerror(rc));
	else
		(void)curl_easy_getinfo(*curl, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(hdr);
	return r;
}

/* Non-zero makes curl end the transfer (CURLE_ABORTED_BY_CALLBACK). */
static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	const atomic_bool *stop = arg;

	return atomic_load(stop) ? 1 : 0;
}

int
link_init(struct link *k, const char *party, const atomic_bool *stop)
{
	memset(k, 0, sizeof(*k));
	(void)snprintf(k->party, sizeof(k->party), "%s", party);
	if ((k->curl = curl_easy_init()) == NULL)
		return HL_ENOMEM;
	/* client_post() sets everything else per request; these stay. */
	(void)curl_easy_setopt(k->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	(void)curl_easy_setopt(k->curl, CURLOPT_XFERINFODATA, stop);
	(void)curl_easy_setopt(k->curl, CURLOPT_NOPROGRESS, 0L);
	return 0;
}

void
link_done(struct link *k)
{
	curl_easy_cleanup(k->curl);
	k->curl = NULL;
}

void
link_back_off(struct link *k, int64_t now_ms, int64_t min_ms, int64_t max_ms)
{
	int64_t jitter;

	k->backoff_ms = k->backoff_ms == 0 ? min_ms : k->backoff_ms * 2;
	if (k->backoff_ms > max_ms)
		k->backoff_ms = max_ms;
	/* Up to a quarter more, so that peers do not retry in step. */
	jitter = (int64_t)randombytes_uniform((uint32_t)(k->backoff_ms / 4 +
	    1));
	k->due_ms = now_ms + k->backoff_ms + jitter;
}
