/*
 * HTTPS requests to a peer: libcurl with this node's client certificate
 * and the peer's pinned public key (no certificate authority). The easy
 * handle is kept by the caller, for keep-alive.
 */
#ifndef HL_CLIENT_H
#define HL_CLIENT_H

#include <stdatomic.h>
#include <stdint.h>

#include <curl/curl.h>

#include "buf.h"
#include "card.h"
#include "err.h"
#include "limits.h"

/* This node's TLS files, as curl wants them. */
struct client_id {
	char	cert[4200];
	char	key[4200];
};

void client_id_init(struct client_id *id, const char *dir);

/*
 * POSTs n bytes to peer's endpoint + path; the answer goes to out (its
 * cap bounds it) and its HTTP status to *status. 0 if the peer answered,
 * whatever the status; else a negative HL_E* code, *status 0, and d's
 * msg saying why in curl's own words (curl_easy_strerror) or ours:
 * HL_ENOMEM if curl cannot start, HL_ECRYPTO if the peer's TLS is below
 * what we accept, HL_EPIN if its key is not the pinned one, HL_ETIMEOUT,
 * or HL_EIO for any other failed transfer (a stop asked for included).
 */
int client_post(CURL **curl, const struct client_id *id,
    const struct card *peer, const char *path, const char *type,
    const void *body, size_t n, struct buf *out, long *status,
    struct hl_diag *d) __attribute__((warn_unused_result));

/* One peer's kept connection and schedule. */
struct link {
	char		 party[HL_MAX_PARTY_LEN + 1];
	CURL		*curl;		/* kept for keep-alive */
	int64_t		 due_ms;	/* next attempt */
	int64_t		 backoff_ms;	/* 0 when all is well */
	int64_t		 down_since_ms;	/* failing since; 0 when all is well */
	int		 reach;		/* LINK_UNKNOWN, LINK_UP or LINK_DOWN */
	int64_t		 resend_from;	/* the peer asked again for these, */
	int64_t		 resend_through; /* receipted or not; 0: none */
	unsigned	 rollbacks;	/* times it asked again, this run */
};

/* What the node's alarms say of a link, as far as this run knows. */
#define LINK_UNKNOWN	0
#define LINK_UP		1	/* no unreachable alarm stands */
#define LINK_DOWN	2	/* the unreachable alarm is raised */

/*
 * A link to party whose transfers give up as soon as *stop is true:
 * curl's progress callback looks at it while connecting, sending and
 * waiting for an answer (at least about once a second), so a peer that
 * never answers does not hold a stopping daemon. stop is borrowed and
 * must outlive the link. HL_ENOMEM if curl cannot start.
 */
int link_init(struct link *k, const char *party, const atomic_bool *stop)
    __attribute__((warn_unused_result));

/* Closes the connection; the link may be link_init()ed again. */
void link_done(struct link *k);

/*
 * After a failure: the next attempt waits twice as long as the last
 * (min_ms at first, max_ms at most), plus up to a quarter of jitter.
 */
void link_back_off(struct link *k, int64_t now_ms, int64_t min_ms,
    int64_t max_ms);

#endif
