/*
 * A strict HTTP/1.1 request head parser (RFC 9112), for the daemon's
 * endpoint. It reads a complete head (request line, fields, empty line)
 * from bytes a stranger sent, and refuses everything the endpoint does not
 * need rather than guess: no transfer codings, no obs-fold, no bare CR or
 * LF, one Content-Length of digits only, one Host, origin-form targets.
 * The parsed request owns copies of what it keeps; it never points into
 * the input.
 */
#ifndef HL_HTTP1_H
#define HL_HTTP1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "limits.h"

enum http1_method {
	HTTP1_GET,
	HTTP1_POST,
	HTTP1_HEAD,	/* parsed for the TAXII site; the peers' refuses it */
	HTTP1_DELETE,	/* parsed for the console; the others refuse it */
};

struct http1_req {
	enum http1_method method;
	char	 path[HL_HTTP_MAX_TARGET + 1];	/* before '?' */
	char	 query[HL_HTTP_MAX_TARGET + 1];	/* after '?', or "" */
	int	 minor;		/* HTTP/1.minor: 0 or 1 */
	int64_t	 length;	/* Content-Length, or -1 if none */
	bool	 close;		/* close after the answer (1.0, or asked) */
	bool	 expect;	/* Expect: 100-continue */
	char	 type[HL_MAX_SHORT_LEN + 1];	/* Content-Type, or "" */
	/* Accept, or ""; several fields joined with ", " (RFC 9110 5.3) */
	char	 accept[HL_MAX_SHORT_LEN * 4 + 1];
	/* Authorization, or "" (one field only: two would be ambiguous) */
	char	 authorization[HL_MAX_SHORT_LEN * 2 + 1];
	/*
	 * The console's: the value of the cookie hl_session (the other
	 * cookies are not kept), X-CSRF-Token and Origin, each "" if none
	 */
	char	 session[HL_HTTP_MAX_SECRET + 1];
	char	 csrf[HL_HTTP_MAX_SECRET + 1];
	char	 origin[HL_HTTP_MAX_ORIGIN + 1];
	int	 status;	/* the HTTP status of a refusal, else 0 */
};

/*
 * Where the head in p ends: *len is its length with the empty line, or 0
 * if it has not ended yet. HL_ETOOBIG (status 431) if HL_HTTP_MAX_HEAD
 * bytes hold no end.
 */
int http1_head_len(const uint8_t *p, size_t n, size_t *len)
    __attribute__((warn_unused_result));

/*
 * Parses a complete head of n bytes (http1_head_len's). Returns 0, or
 * HL_EFRAMING, HL_ETOOBIG, HL_EMETHOD, HL_ECODING or HL_EMEDIATYPE with
 * r->status the status to answer with and d saying why. r->close is set
 * for every refusal: after one, the framing cannot be trusted. GET, HEAD,
 * POST and DELETE are parsed (only POST with a body); which a site
 * serves is the site's to say. An Accept, Authorization, hl_session
 * cookie, X-CSRF-Token or Origin too long for its field is HL_ETOOBIG
 * (431); two of any but Accept and Cookie fields, or two hl_session
 * cookies, are HL_EFRAMING (400).
 */
int http1_parse(const uint8_t *p, size_t n, struct http1_req *r,
    struct hl_diag *d) __attribute__((warn_unused_result));

/*
 * True if a Content-Type value names the media type want (case-insensitive,
 * optionally followed by parameters).
 */
bool http1_media_is(const char *type, const char *want);

/*
 * The value of key in a query string "a=1&b=2" (no percent-decoding: the
 * endpoint's parameters are numbers). False if absent or too long for out.
 */
bool http1_query(const char *query, const char *key, char *out, size_t n);

#endif
