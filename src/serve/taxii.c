/*
 * The TAXII 2.1 endpoints. See taxii.h, and docs/PROTOCOL.md "TAXII 2.1"
 * for what a client sees. This file answers one request of a client
 * http.c has authenticated; it never writes to the node, and what a
 * client is not cleared for is neither served nor counted nor hinted at
 * (a hidden object's id is a 404 like one that never was).
 *
 * A collection is walked in the order its messages were added
 * (node_msgs_added()): the rows alone, without their bytes, up to where
 * the page starts, so that a page costs the parse of the messages it
 * shows (and those its filters pass over), not of the whole collection.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "esc.h"
#include "interop.h"
#include "node.h"
#include "stix.h"
#include "taxii.h"
#include "tlp.h"
#include "view.h"

#define TAXII_TYPE	"application/taxii+json;version=2.1"
#define STIX_TYPE	"application/stix+json;version=2.1"
#define API_ROOT	"/hotline/"
#define ALLOW		"GET, HEAD"

/* What a path names. */
enum res {
	R_DISCOVERY,
	R_ROOT,
	R_COLLECTIONS,
	R_COLLECTION,
	R_OBJECTS,
	R_OBJECT,
	R_VERSIONS,
	R_MANIFEST,
	R_COUNT
};

/* The two collections, in the order /collections/ lists them. */
static const char *const coll_alias[2] = { "inbox", "outbox" };
static const char *const coll_dir[2] = { "in", "out" };

/* The query parameters, by index; the bits say who takes which. */
enum {
	P_ADDED_AFTER,
	P_LIMIT,
	P_NEXT,
	P_TYPE,
	P_ID,
	P_VERSION,
	P_SPEC,
	P_COUNT
};
static const char *const param_names[P_COUNT] = {
	"added_after", "limit", "next", "match[type]", "match[id]",
	"match[version]", "match[spec_version]",
};
#define B(p)	(1u << (p))
static const unsigned res_takes[R_COUNT] = {
	[R_OBJECTS] = B(P_ADDED_AFTER) | B(P_LIMIT) | B(P_NEXT) | B(P_TYPE) |
	    B(P_ID) | B(P_VERSION) | B(P_SPEC),
	[R_MANIFEST] = B(P_ADDED_AFTER) | B(P_LIMIT) | B(P_NEXT) | B(P_TYPE) |
	    B(P_ID) | B(P_VERSION) | B(P_SPEC),
	[R_OBJECT] = B(P_ADDED_AFTER) | B(P_LIMIT) | B(P_NEXT) |
	    B(P_VERSION) | B(P_SPEC),
	[R_VERSIONS] = B(P_ADDED_AFTER) | B(P_LIMIT) | B(P_NEXT) | B(P_SPEC),
};

struct route {
	enum res	 res;
	int		 coll;		/* 0 inbox, 1 outbox, -1 none */
	char		 oid[HL_TAXII_MAX_ID + 1];	/* R_OBJECT, versions */
};

/* A STIX or TAXII timestamp: seconds and nanoseconds, UTC. */
struct ts {
	int64_t		 s;
	long		 ns;
};

/* A comma list, split in place. */
struct list {
	char		 text[HL_HTTP_MAX_TARGET + 1];
	const char	*v[HL_TAXII_MAX_MATCH];
	size_t		 n;
};

/*
 * Where a page ended: after object idx of the message with this id,
 * stored at stored. Sent as hex, with a hash binding it to the query
 * and the client (cursor_*()).
 */
struct cursor {
	int64_t		 stored;
	uint32_t	 idx;
	uint8_t		 id[32];
};
#define CURSOR_MAC	16
#define CURSOR_BIN	(1 + 8 + 4 + 32 + CURSOR_MAC)
#define CURSOR_HEX	(CURSOR_BIN * 2)

struct query {
	unsigned	 given;		/* B(P_*) of the parameters given */
	char		 raw[P_COUNT][HL_HTTP_MAX_TARGET + 1];	/* decoded */
	struct ts	 added_after;
	size_t		 limit;
	struct cursor	 next;
	struct list	 type, id, spec;
	bool		 any_version;	/* first, last or all given */
	struct ts	 vts[HL_TAXII_MAX_MATCH];	/* versions given */
	size_t		 nvts;
	uint8_t		 fp[CURSOR_MAC];	/* what a cursor is bound to */
};

/* One walk of a collection for one answer. */
struct walk {
	struct node	*n;
	const struct taxii_client *c;
	const struct query *q;
	const struct route *rt;
	bool		 after;		/* past the cursor (or none given) */
	json_t		*seen;		/* every object id met: a set */
	json_t		*parsed;	/* messages whose ids are in seen */
	json_t		*asked;		/* requests whose answers are */
	struct buf	 items;		/* the items, comma-separated */
	size_t		 count;
	bool		 more;
	struct cursor	 last;		/* where the last item came from */
	int64_t		 first_added, last_added;
};

/* node_msgs_added()'s walk ends early with this, not an error. */
#define WALK_DONE	1

/*
 * Sets rs to body (a JSON object, taken) as TAXII's media type: sorted,
 * compact. Out of memory is a 500 without a body.
 */
static void
answer(struct response *rs, int status, json_t *body)
{
	char *s = NULL;

	rs->status = status;
	rs->type = TAXII_TYPE;
	buf_done(&rs->body);
	buf_init(&rs->body, HL_TAXII_MAX_ANSWER);
	if (body != NULL)
		s = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(body);
	if (s == NULL || buf_adds(&rs->body, s) != 0) {
		buf_init(&rs->body, HL_TAXII_MAX_ANSWER);
		rs->status = 500;
		rs->close = true;
	}
	free(s);
}

void
taxii_error(struct response *rs, int status, const char *title,
    const char *description)
{
	char st[8];

	(void)snprintf(st, sizeof(st), "%d", status);
	/* An error names no objects: no dates of any either. */
	buf_clear(&rs->fields);
	answer(rs, status, json_pack("{s:s, s:s, s:s}", "title", title,
	    "description", description, "http_status", st));
}

/* A 400 naming the parameter, with why (printf-style). */
static void bad_param(struct response *rs, const char *name,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
bad_param(struct response *rs, const char *name, const char *fmt, ...)
{
	char why[256], clean[80], msg[400];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* The client's bytes, cut whole and valid UTF-8 for JSON. */
	(void)esc_bytes(clean, sizeof(clean), name, strlen(name), NULL);
	(void)snprintf(msg, sizeof(msg), "%s: %s", clean, why);
	taxii_error(rs, 400, "Bad parameter", msg);
}

static void
internal(struct response *rs)
{
	taxii_error(rs, 500, "Internal error",
	    "the server failed to answer; try again later");
}

/*
 * The collection's id: a UUIDv5 of the node's party and its alias, so
 * that it is the same across restarts and a client's bookmarks hold.
 */
static void
coll_id(const struct node *n, int coll, char out[static INTEROP_UUID_LEN])
{
	char name[HL_MAX_PARTY_LEN + 40];
	int len;

	len = snprintf(name, sizeof(name), "taxii-collection:%s:%s",
	    n->cfg.party, coll_alias[coll]);
	interop_uuid5(interop_ns, name, (size_t)len, out);
}

/* [a-z0-9-], as STIX types are, 1..250 bytes (p..e). */
static bool
stix_type_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 250)
		return false;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return false;
	return true;
}

/* "type--xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", a STIX identifier. */
static bool
stix_id_ok(const char *s, size_t n)
{
	const char *dd;
	size_t t, i;

	if (n > HL_TAXII_MAX_ID || (dd = strstr(s, "--")) == NULL ||
	    (size_t)(dd - s) >= n)
		return false;
	t = (size_t)(dd - s);
	if (!stix_type_ok(s, t) || n - t - 2 != 36)
		return false;
	for (i = t + 2; i < n; i++) {
		size_t k = i - t - 2;

		if (k == 8 || k == 13 || k == 18 || k == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

/* n decimal digits at p as a number, or -1. */
static long
digits(const char *p, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/*
 * "YYYY-MM-DDTHH:MM:SS[.f]Z" with 1 to 9 fraction digits: STIX's and
 * TAXII's timestamp, UTC only, from 1970 (proto_civil()).
 */
static bool
ts_parse(const char *s, struct ts *t)
{
	size_t n = strlen(s), i, fd;
	int64_t sec;
	long ns = 0;

	if (n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z')
		return false;
	if (digits(s, 4) < 0 || digits(s + 5, 2) < 0 ||
	    digits(s + 8, 2) < 0 || digits(s + 11, 2) < 0 ||
	    digits(s + 14, 2) < 0 || digits(s + 17, 2) < 0)
		return false;
	if (!proto_civil((int)digits(s, 4), (int)digits(s + 5, 2),
	    (int)digits(s + 8, 2), (int)digits(s + 11, 2),
	    (int)digits(s + 14, 2), (int)digits(s + 17, 2), &sec))
		return false;
	if (n > 20) {
		if (s[19] != '.' || (fd = n - 21) < 1 || fd > 9)
			return false;
		for (i = 0; i < 9; i++) {
			long dgt = 0;

			if (i < fd) {
				if (s[20 + i] < '0' || s[20 + i] > '9')
					return false;
				dgt = s[20 + i] - '0';
			}
			ns = ns * 10 + dgt;
		}
	}
	t->s = sec;
	t->ns = ns;
	return true;
}

static int
ts_cmp(const struct ts *a, const struct ts *b)
{
	if (a->s != b->s)
		return a->s < b->s ? -1 : 1;
	if (a->ns != b->ns)
		return a->ns < b->ns ? -1 : 1;
	return 0;
}

/*
 * Percent-decodes n bytes at p into out (outsz with its NUL): what the
 * parameters take is printable ASCII without blanks, so a decoded
 * control, blank or non-ASCII byte is refused, as is a bad escape.
 */
static bool
pct_decode(const char *p, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)p[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return false;
			hi = p[i + 1];
			lo = p[i + 2];
#define HEX(x)	((x) >= '0' && (x) <= '9' ? (x) - '0' : \
		 (x) >= 'a' && (x) <= 'f' ? (x) - 'a' + 10 : \
		 (x) >= 'A' && (x) <= 'F' ? (x) - 'A' + 10 : -1)
			if (HEX(hi) < 0 || HEX(lo) < 0)
				return false;
			c = HEX(hi) * 16 + HEX(lo);
#undef HEX
			i += 2;
		}
		if (c < 0x21 || c > 0x7e || o + 1 >= outsz)
			return false;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return true;
}

/* Splits a list's text at commas; false for an empty item or too many. */
static bool
list_split(struct list *l, const char *v)
{
	char *p;

	(void)snprintf(l->text, sizeof(l->text), "%s", v);
	l->n = 0;
	p = l->text;
	for (;;) {
		char *c = strchr(p, ',');

		if (c != NULL)
			*c = '\0';
		if (*p == '\0' || l->n == HL_TAXII_MAX_MATCH)
			return false;
		l->v[l->n++] = p;
		if (c == NULL)
			return true;
		p = c + 1;
	}
}

static bool
list_has(const struct list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* "2.1": digits, a dot, digits. */
static bool
spec_ok(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t n = strlen(s);

	return dot != NULL && dot > s && n <= 8 && dot[1] != '\0' &&
	    digits(s, (size_t)(dot - s)) >= 0 &&
	    digits(dot + 1, strlen(dot + 1)) >= 0;
}

/* The hash a cursor carries: the query it continues and its client. */
static void
cursor_mac(const struct query *q, const uint8_t *pos, size_t n,
    uint8_t out[static CURSOR_MAC])
{
	crypto_generichash_state h;

	(void)crypto_generichash_init(&h, NULL, 0, CURSOR_MAC);
	(void)crypto_generichash_update(&h, q->fp, sizeof(q->fp));
	(void)crypto_generichash_update(&h, pos, n);
	(void)crypto_generichash_final(&h, out, CURSOR_MAC);
}

static void
put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
cursor_encode(const struct query *q, const struct cursor *c,
    char out[static CURSOR_HEX + 1])
{
	uint8_t b[CURSOR_BIN];

	b[0] = 1;
	put64(b + 1, (uint64_t)c->stored);
	b[9] = (uint8_t)(c->idx >> 24);
	b[10] = (uint8_t)(c->idx >> 16);
	b[11] = (uint8_t)(c->idx >> 8);
	b[12] = (uint8_t)c->idx;
	memcpy(b + 13, c->id, 32);
	cursor_mac(q, b, CURSOR_BIN - CURSOR_MAC, b + CURSOR_BIN - CURSOR_MAC);
	(void)sodium_bin2hex(out, CURSOR_HEX + 1, b, sizeof(b));
}

/* A cursor this server gave for this query and client, or false. */
static bool
cursor_decode(const struct query *q, const char *s, struct cursor *c)
{
	uint8_t b[CURSOR_BIN], mac[CURSOR_MAC];
	size_t n, i;

	if (strlen(s) != CURSOR_HEX)
		return false;
	for (i = 0; i < CURSOR_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	if (sodium_hex2bin(b, sizeof(b), s, CURSOR_HEX, NULL, &n, NULL) != 0 ||
	    n != CURSOR_BIN || b[0] != 1)
		return false;
	cursor_mac(q, b, CURSOR_BIN - CURSOR_MAC, mac);
	if (sodium_memcmp(mac, b + CURSOR_BIN - CURSOR_MAC, CURSOR_MAC) != 0)
		return false;
	c->stored = (int64_t)get64(b + 1);
	c->idx = (uint32_t)b[9] << 24 | (uint32_t)b[10] << 16 |
	    (uint32_t)b[11] << 8 | b[12];
	memcpy(c->id, b + 13, 32);
	return true;
}

/*
 * What a cursor is bound to: the resource, the client and every
 * parameter but limit and next, as decoded. A cursor from another query
 * or client is refused rather than read against the wrong filters.
 */
static void
query_fingerprint(struct query *q, const struct route *rt,
    const struct taxii_client *c)
{
	crypto_generichash_state h;
	uint8_t head[3];
	int p;

	head[0] = (uint8_t)rt->res;
	head[1] = (uint8_t)(rt->coll + 1);
	head[2] = (uint8_t)c->clearance;
	(void)crypto_generichash_init(&h, NULL, 0, CURSOR_MAC);
	(void)crypto_generichash_update(&h,
	    (const uint8_t *)"hotline/taxii/next/v1", 21);
	(void)crypto_generichash_update(&h, head, sizeof(head));
	(void)crypto_generichash_update(&h, (const uint8_t *)c->name,
	    strlen(c->name) + 1);
	(void)crypto_generichash_update(&h, (const uint8_t *)rt->oid,
	    strlen(rt->oid) + 1);
	for (p = 0; p < P_COUNT; p++) {
		uint8_t given = (q->given & B(p)) != 0;

		if (p == P_LIMIT || p == P_NEXT)
			continue;
		(void)crypto_generichash_update(&h, &given, 1);
		(void)crypto_generichash_update(&h, (const uint8_t *)q->raw[p],
		    strlen(q->raw[p]) + 1);
	}
	(void)crypto_generichash_final(&h, q->fp, sizeof(q->fp));
}

/* Checks one parameter's value (q->raw[p]); false with rs the 400. */
static bool
param_check(struct query *q, int p, struct response *rs)
{
	const char *v = q->raw[p], *name = param_names[p];
	struct list l;
	size_t i;
	long lim;

	switch (p) {
	case P_ADDED_AFTER:
		if (!ts_parse(v, &q->added_after)) {
			bad_param(rs, name, "not a timestamp "
			    "(YYYY-MM-DDTHH:MM:SS[.sss]Z, from 1970)");
			return false;
		}
		return true;
	case P_LIMIT:
		lim = strlen(v) <= 9 ? digits(v, strlen(v)) : -1;
		if (lim < 1 || lim > HL_TAXII_MAX_LIMIT) {
			bad_param(rs, name, "not a number from 1 to %d",
			    HL_TAXII_MAX_LIMIT);
			return false;
		}
		q->limit = (size_t)lim;
		return true;
	case P_NEXT:
		/* Checked once the fingerprint is known (query_parse()). */
		return true;
	case P_TYPE:
		if (!list_split(&q->type, v))
			goto list;
		for (i = 0; i < q->type.n; i++)
			if (!stix_type_ok(q->type.v[i], strlen(q->type.v[i]))) {
				bad_param(rs, name, "not a STIX type");
				return false;
			}
		return true;
	case P_ID:
		if (!list_split(&q->id, v))
			goto list;
		for (i = 0; i < q->id.n; i++)
			if (!stix_id_ok(q->id.v[i], strlen(q->id.v[i]))) {
				bad_param(rs, name, "not a STIX id");
				return false;
			}
		return true;
	case P_VERSION:
		if (!list_split(&l, v))
			goto list;
		for (i = 0; i < l.n; i++) {
			if (strcmp(l.v[i], "first") == 0 ||
			    strcmp(l.v[i], "last") == 0 ||
			    strcmp(l.v[i], "all") == 0)
				q->any_version = true;
			else if (!ts_parse(l.v[i], &q->vts[q->nvts++])) {
				bad_param(rs, name, "neither first, last, all "
				    "nor a timestamp");
				return false;
			}
		}
		return true;
	case P_SPEC:
		if (!list_split(&q->spec, v))
			goto list;
		for (i = 0; i < q->spec.n; i++)
			if (!spec_ok(q->spec.v[i])) {
				bad_param(rs, name, "not a STIX version");
				return false;
			}
		return true;
	}
	return true;
list:
	bad_param(rs, name, "an empty item, or more than %d",
	    HL_TAXII_MAX_MATCH);
	return false;
}

/*
 * Parses and checks the query string for rt; false with rs the 400,
 * which names the first parameter at fault.
 */
static bool
query_parse(const char *qs, const struct route *rt,
    const struct taxii_client *c, struct query *q, struct response *rs)
{
	const char *p = qs;
	int i;

	q->limit = HL_TAXII_DEFAULT_LIMIT;
	while (*p != '\0') {
		const char *amp = strchr(p, '&'), *eq;
		size_t seg = amp != NULL ? (size_t)(amp - p) : strlen(p);
		char key[64];

		eq = memchr(p, '=', seg);
		if (!pct_decode(p, eq != NULL ? (size_t)(eq - p) : seg, key,
		    sizeof(key))) {
			/* Its name is not one: say what was given, cut. */
			char raw[48];
			size_t kn = eq != NULL ? (size_t)(eq - p) : seg;

			(void)snprintf(raw, sizeof(raw), "%.*s",
			    (int)(kn < 40 ? kn : 40), p);
			bad_param(rs, raw, "not a parameter this server "
			    "takes");
			return false;
		}
		for (i = 0; i < P_COUNT; i++)
			if (strcmp(key, param_names[i]) == 0)
				break;
		if (i == P_COUNT || (res_takes[rt->res] & B(i)) == 0) {
			bad_param(rs, key, i == P_COUNT ? "not a parameter "
			    "this server takes" : "not taken here");
			return false;
		}
		if (q->given & B(i)) {
			bad_param(rs, key, "given twice");
			return false;
		}
		if (eq == NULL || !pct_decode(eq + 1,
		    seg - (size_t)(eq + 1 - p), q->raw[i], sizeof(q->raw[i])) ||
		    q->raw[i][0] == '\0') {
			bad_param(rs, key, "empty, or not printable ASCII "
			    "once decoded");
			return false;
		}
		q->given |= B(i);
		if (!param_check(q, i, rs))
			return false;
		p += seg;
		if (*p == '&' && *++p == '\0') {
			bad_param(rs, "&", "an empty parameter");
			return false;
		}
	}
	query_fingerprint(q, rt, c);
	if ((q->given & B(P_NEXT)) &&
	    !cursor_decode(q, q->raw[P_NEXT], &q->next)) {
		bad_param(rs, "next", "not a cursor this server gave for this "
		    "query");
		return false;
	}
	return true;
}

/* The path's resource; false if it names none. */
static bool
route_parse(const struct node *n, const char *path, struct route *rt)
{
	const char *p, *slash;
	char id[INTEROP_UUID_LEN];
	size_t len;
	int i;

	rt->coll = -1;
	rt->oid[0] = '\0';
	if (strcmp(path, "/taxii2/") == 0) {
		rt->res = R_DISCOVERY;
		return true;
	}
	if (strncmp(path, API_ROOT, strlen(API_ROOT)) != 0)
		return false;
	p = path + strlen(API_ROOT);
	if (*p == '\0') {
		rt->res = R_ROOT;
		return true;
	}
	if (strncmp(p, "collections/", 12) != 0)
		return false;
	p += 12;
	if (*p == '\0') {
		rt->res = R_COLLECTIONS;
		return true;
	}
	if ((slash = strchr(p, '/')) == NULL)
		return false;
	len = (size_t)(slash - p);
	for (i = 0; i < 2; i++) {
		coll_id(n, i, id);
		if ((len == strlen(coll_alias[i]) &&
		    memcmp(p, coll_alias[i], len) == 0) ||
		    (len == strlen(id) && memcmp(p, id, len) == 0))
			break;
	}
	if (i == 2)
		return false;
	rt->coll = i;
	p = slash + 1;
	if (*p == '\0') {
		rt->res = R_COLLECTION;
		return true;
	}
	if (strcmp(p, "manifest/") == 0) {
		rt->res = R_MANIFEST;
		return true;
	}
	if (strncmp(p, "objects/", 8) != 0)
		return false;
	p += 8;
	if (*p == '\0') {
		rt->res = R_OBJECTS;
		return true;
	}
	if ((slash = strchr(p, '/')) == NULL)
		return false;
	len = (size_t)(slash - p);
	if (len > HL_TAXII_MAX_ID)
		return false;
	memcpy(rt->oid, p, len);
	rt->oid[len] = '\0';
	if (!stix_id_ok(rt->oid, len))
		return false;
	p = slash + 1;
	if (*p == '\0')
		rt->res = R_OBJECT;
	else if (strcmp(p, "versions/") == 0)
		rt->res = R_VERSIONS;
	else
		return false;
	return true;
}

/* OWS-trimmed [p, e) of a list element or parameter. */
static void
trim(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static bool
ieq(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(e - p) == n && strncasecmp(p, s, n) == 0;
}

/*
 * Whether one media range of an Accept field admits TAXII 2.1: any
 * type ("*" "/" "*"), any application type, or application/taxii+json
 * with no version or 2.1; a q of zero refuses it (RFC 9110 12.5.1).
 */
static bool
range_admits(const char *p, const char *e)
{
	const char *semi = memchr(p, ';', (size_t)(e - p));
	const char *te = semi != NULL ? semi : e, *tp = p;
	bool type_ok, version_ok = true;

	trim(&tp, &te);
	type_ok = ieq(tp, te, "*/*") || ieq(tp, te, "application/*") ||
	    ieq(tp, te, "application/taxii+json");
	while (semi != NULL) {
		const char *np = semi + 1, *ne, *eq, *vp, *ve;

		semi = memchr(np, ';', (size_t)(e - np));
		ne = semi != NULL ? semi : e;
		if ((eq = memchr(np, '=', (size_t)(ne - np))) == NULL)
			return false;
		vp = eq + 1;
		ve = ne;
		trim(&np, &eq);
		trim(&vp, &ve);
		if (ve - vp >= 2 && *vp == '"' && ve[-1] == '"') {
			vp++;
			ve--;
		}
		if (ieq(np, eq, "q")) {
			const char *d = vp;

			/* 0, 0., 0.0, 0.00, 0.000: not acceptable. */
			if (d < ve && *d == '0') {
				d++;
				if (d < ve && *d == '.')
					d++;
				while (d < ve && *d == '0')
					d++;
				if (d == ve)
					return false;
			}
		} else if (ieq(np, eq, "version"))
			version_ok = ieq(vp, ve, "2.1");
	}
	/* A version other than 2.1 admits nothing this server sends. */
	return type_ok && version_ok;
}

/* Whether the Accept field (empty: none, anything goes) admits us. */
static bool
accept_ok(const char *a)
{
	const char *p = a, *e;

	if (*a == '\0')
		return true;
	for (;;) {
		const char *comma = strchr(p, ',');

		e = comma != NULL ? comma : p + strlen(p);
		if (range_admits(p, e))
			return true;
		if (comma == NULL)
			return false;
		p = comma + 1;
	}
}

/* --- the walk of a collection ------------------------------------------ */

static bool
seen_has(const struct walk *w, const char *id)
{
	return json_object_get(w->seen, id) != NULL;
}

static int
seen_add(struct walk *w, const char *id)
{
	return json_object_set_new(w->seen, id, json_true()) == 0 ? 0 :
	    HL_ENOMEM;
}

/* Whether stix_objects() gives message type t any objects. */
static bool
has_objects(int t)
{
	return t >= 0 && t != MSG_PING && t != MSG_PONG &&
	    t != MSG_CONTACT_CHECK && t != MSG_CONTACT_ACK;
}

/*
 * The objects a message before the page gave that a later one may give
 * again, from its row alone, so that it need not be parsed: its two
 * parties' identities and its marking. Every other object's id derives
 * from the message's own id, but for a response's indicators, which are
 * its request's (answered(), below). tests/unit/test_taxii.c checks
 * paging against a walk that parses everything.
 */
static int
predict(struct walk *w, const struct msg_row *m, int tlp)
{
	const char *party[2] = { w->n->cfg.party, m->peer };
	char name[HL_MAX_PARTY_LEN + 16], id[HL_TAXII_MAX_ID + 1];
	int i, r;

	for (i = 0; i < 2; i++) {
		(void)snprintf(name, sizeof(name), "identity:%s", party[i]);
		interop_id("identity", name, id, sizeof(id));
		if ((r = seen_add(w, id)) != 0)
			return r;
	}
	return seen_add(w, interop_stix_tlp[tlp]);
}

/* The object's version: modified, else created, else its date_added. */
static const char *
version_of(json_t *o, const char *added)
{
	const char *v;

	if ((v = json_string_value(json_object_get(o, "modified"))) != NULL ||
	    (v = json_string_value(json_object_get(o, "created"))) != NULL)
		return v;
	return added;
}

/* Whether o passes the query's filters (and is rt's one object). */
static bool
passes(const struct walk *w, json_t *o, const char *id, const char *type,
    const char *version)
{
	const struct query *q = w->q;
	const char *spec;
	struct ts t;
	size_t i;

	if (w->rt->oid[0] != '\0' && strcmp(id, w->rt->oid) != 0)
		return false;
	if (q->type.n > 0 && !list_has(&q->type, type))
		return false;
	if (q->id.n > 0 && !list_has(&q->id, id))
		return false;
	if (q->spec.n > 0) {
		/* STIX 2.1 SCOs may leave it out: 2.1 is meant. */
		if ((spec = json_string_value(json_object_get(o,
		    "spec_version"))) == NULL)
			spec = "2.1";
		if (!list_has(&q->spec, spec))
			return false;
	}
	/* One version of each object is served: first, last, all are it. */
	if (q->nvts > 0 && !q->any_version) {
		if (!ts_parse(version, &t))
			return false;
		for (i = 0; i < q->nvts; i++)
			if (ts_cmp(&t, &q->vts[i]) == 0)
				return true;
		return false;
	}
	return true;
}

/* Adds one item to the page, or ends it (WALK_DONE) when it is full. */
static int
emit(struct walk *w, json_t *o, const char *id, const char *version,
    const char *added, const struct msg_row *m, size_t idx)
{
	json_t *item = NULL;
	char *s = NULL;
	size_t n;
	int r = 0;

	if (w->count == w->q->limit) {
		w->more = true;
		return WALK_DONE;
	}
	switch (w->rt->res) {
	case R_MANIFEST:
		item = json_pack("{s:s, s:s, s:s, s:s}", "id", id,
		    "date_added", added, "version", version, "media_type",
		    STIX_TYPE);
		break;
	case R_VERSIONS:
		item = json_string(version);
		break;
	default:
		item = json_incref(o);
		break;
	}
	if (item == NULL ||
	    (s = json_dumps(item, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY)) == NULL) {
		r = HL_ENOMEM;
		goto out;
	}
	n = strlen(s);
	/* Bytes bound a page too; its first item goes whatever its size. */
	if (w->count > 0 && w->items.len + 1 + n > HL_TAXII_MAX_PAGE_BYTES) {
		w->more = true;
		r = WALK_DONE;
		goto out;
	}
	if (w->count > 0)
		(void)buf_addc(&w->items, ',');
	if (buf_adds(&w->items, s) != 0) {
		r = HL_ENOMEM;
		goto out;
	}
	if (w->count++ == 0)
		w->first_added = m->stored;
	w->last_added = m->stored;
	w->last.stored = m->stored;
	w->last.idx = (uint32_t)idx;
	(void)sodium_hex2bin(w->last.id, sizeof(w->last.id), m->id,
	    strlen(m->id), NULL, NULL, NULL);
out:
	free(s);
	json_decref(item);
	return r;
}

/*
 * The STIX objects of message row as a new array in *objs (NULL for a
 * message with none to export), and its envelope, which they borrow
 * nothing from.
 */
static int
objects_of(struct walk *w, const struct msg_row *row, json_t **objs,
    struct envelope **env)
{
	struct msg_row m;
	struct hl_diag d;
	int r, t;

	*objs = NULL;
	*env = NULL;
	hl_diag_clear(&d);
	if ((r = node_msg_get(w->n, row->id, true, &m, &d)) != 0)
		return r;
	if ((r = envelope_parse(m.raw, m.rawlen, env, &d)) != 0)
		goto out;
	/* Marked as held: a peer's answer no lower than what it answers. */
	if ((t = node_msg_tlp(w->n, &m)) >= 0)
		(*env)->hdr.tlp = (enum tlp)t;
	if ((*objs = json_array()) == NULL) {
		r = HL_ENOMEM;
		goto out;
	}
	hl_diag_clear(&d);
	if ((r = stix_objects(&(*env)->hdr, *objs, &d)) != 0) {
		/* A type with nothing to export has nothing to serve. */
		json_decref(*objs);
		*objs = NULL;
		r = r == HL_EINVAL ? 0 : r;
	}
out:
	msg_row_done(&m);
	return r;
}

/* What answered() passes to each response to the same request. */
struct sibling {
	struct walk	*w;
	const char	*id;	/* the response on the page: stop there */
};

static int
sibling_row(void *arg, const struct msg_row *m)
{
	struct sibling *sb = arg;
	struct envelope *e;
	json_t *objs, *o;
	size_t i;
	int tlp = node_msg_tlp(sb->w->n, m), r;

	if (strcmp(m->id, sb->id) == 0)
		return WALK_DONE;
	/* Parsed once a walk: each answer's siblings are all the others. */
	if (json_object_get(sb->w->parsed, m->id) != NULL)
		return 0;
	if (tlp < 0 || !tlp_cleared(sb->w->c->clearance, (enum tlp)tlp))
		return 0;
	if ((r = objects_of(sb->w, m, &objs, &e)) == 0 &&
	    json_object_set_new(sb->w->parsed, m->id, json_true()) != 0)
		r = HL_ENOMEM;
	if (r == 0)
		json_array_foreach(objs, i, o)
			if (r == 0 && json_is_string(json_object_get(o, "id")))
				r = seen_add(sb->w, json_string_value(
				    json_object_get(o, "id")));
	json_decref(objs);
	envelope_free(e);
	return r;
}

/*
 * A response gives its request's indicators, ids and all, so that its
 * sightings resolve: an earlier answer to the same request (an interim
 * one) in this collection gave them first, whether or not it was on a
 * page. Those answers, the client's to see and added before this one,
 * are parsed for their ids; they are few.
 */
static int
answered(struct walk *w, const struct msg_row *row, const struct envelope *e)
{
	struct sibling sb = { w, row->id };
	const char *req = json_string_value(json_array_get(e->hdr.refs, 0));
	int r;

	if (e->hdr.type != MSG_RESPONSE || req == NULL)
		return 0;
	/*
	 * Once a walk: every later answer to req it meets is on the page
	 * (walked, so parsed) or hidden from the client (so never counted),
	 * and the ones before the first were just read. A peer's many
	 * answers to one request cost one pass, not one each.
	 */
	if (json_object_get(w->asked, req) != NULL)
		return 0;
	if (json_object_set_new(w->asked, req, json_true()) != 0)
		return HL_ENOMEM;
	r = node_answers_added(w->n, row->dir, req, sibling_row, &sb);
	return r == WALK_DONE ? 0 : r;
}

/* Serves what one message on (or past) the page holds. */
static int
walk_message(struct walk *w, const struct msg_row *row, bool same)
{
	struct envelope *e = NULL;
	char added[INTEROP_TIME_LEN];
	json_t *objs = NULL;
	size_t i;
	int r;

	if ((r = objects_of(w, row, &objs, &e)) != 0 || objs == NULL ||
	    (r = answered(w, row, e)) != 0)
		goto out;
	if (json_object_set_new(w->parsed, row->id, json_true()) != 0) {
		r = HL_ENOMEM;
		goto out;
	}
	interop_time_ms(row->stored, added);
	for (i = 0; i < json_array_size(objs); i++) {
		json_t *o = json_array_get(objs, i);
		const char *id = json_string_value(json_object_get(o, "id"));
		const char *type = json_string_value(json_object_get(o,
		    "type"));

		/*
		 * Each id once, where it came first, whatever the filters:
		 * a filter chooses among the collection's objects, it does
		 * not make an object new.
		 */
		if (id == NULL || type == NULL || seen_has(w, id))
			continue;
		if ((r = seen_add(w, id)) != 0)
			goto out;
		if (same && i <= w->q->next.idx)
			continue;
		if (!passes(w, o, id, type, version_of(o, added)))
			continue;
		if ((r = emit(w, o, id, version_of(o, added), added, row,
		    i)) != 0)
			goto out;
	}
out:
	json_decref(objs);
	envelope_free(e);
	return r;
}

/*
 * Whether message m (its row) may give the object id, by how interop.h
 * derives ids: an identity is one of its two parties', a marking its
 * TLP's, a report (or a note) is the message's own, of "report:" and
 * its id; any other may come from any message. Only to spare a parse,
 * never to decide: what it lets through is parsed and checked.
 */
static bool
may_give(const struct walk *w, const struct msg_row *m, int tlp,
    const char *id)
{
	char name[HL_MAX_PARTY_LEN + 80], want[HL_TAXII_MAX_ID + 1];
	const char *type;

	if (strncmp(id, "identity--", 10) == 0) {
		(void)snprintf(name, sizeof(name), "identity:%s",
		    w->n->cfg.party);
		interop_id("identity", name, want, sizeof(want));
		if (strcmp(id, want) == 0)
			return true;
		(void)snprintf(name, sizeof(name), "identity:%s", m->peer);
		interop_id("identity", name, want, sizeof(want));
		return strcmp(id, want) == 0;
	}
	if (strncmp(id, "marking-definition--", 20) == 0)
		return strcmp(id, interop_stix_tlp[tlp]) == 0;
	if (strncmp(id, "report--", 8) == 0)
		type = "report";
	else if (strncmp(id, "note--", 6) == 0)
		type = "note";
	else
		return true;
	(void)snprintf(name, sizeof(name), "%s:%s", type, m->id);
	interop_id(type, name, want, sizeof(want));
	return strcmp(id, want) == 0;
}

/* Whether m may give an object of the one id, or of the ids, asked. */
static bool
may_give_any(const struct walk *w, const struct msg_row *m, int tlp)
{
	const struct query *q = w->q;
	size_t i;

	if (w->rt->oid[0] != '\0')
		return may_give(w, m, tlp, w->rt->oid);
	if (q->id.n == 0)
		return true;
	for (i = 0; i < q->id.n; i++)
		if (may_give(w, m, tlp, q->id.v[i]))
			return true;
	return false;
}

static int
walk_row(void *arg, const struct msg_row *m)
{
	struct walk *w = arg;
	const struct query *q = w->q;
	int tlp = node_msg_tlp(w->n, m);
	bool same = false;

	/*
	 * What the client may not see is passed over before anything else
	 * looks at it, the cursor included: whether a hidden message sits
	 * at a cursor's place changes nothing it is served.
	 */
	if (tlp < 0 || !tlp_cleared(w->c->clearance, (enum tlp)tlp) ||
	    !has_objects(proto_lookup(proto_type_names, m->type)))
		return 0;
	if (!w->after) {
		char hex[65];

		(void)sodium_bin2hex(hex, sizeof(hex), q->next.id, 32);
		if (m->stored > q->next.stored)
			w->after = true;
		else if (m->stored == q->next.stored && strcmp(hex, m->id) == 0)
			w->after = same = true;
		else
			return predict(w, m, tlp);
	}
	/* date_added > added_after; a stored time is a whole second. */
	if ((q->given & B(P_ADDED_AFTER)) && m->stored <= q->added_after.s)
		return predict(w, m, tlp);
	/* A message that cannot give what is asked for is not parsed. */
	if (!may_give_any(w, m, tlp))
		return predict(w, m, tlp);
	return walk_message(w, m, same);
}

/* Writes "Name: time\r\n" for the page's first and last dates. */
static void
date_fields(struct response *rs, const struct walk *w)
{
	char t[INTEROP_TIME_LEN];

	if (w->count == 0)
		return;
	interop_time_ms(w->first_added, t);
	(void)buf_printf(&rs->fields, "X-TAXII-Date-Added-First: %s\r\n", t);
	interop_time_ms(w->last_added, t);
	(void)buf_printf(&rs->fields, "X-TAXII-Date-Added-Last: %s\r\n", t);
}

/* objects/, objects/{id}/, versions/ and manifest/: one walk, one page. */
static void
serve_walk(struct node *n, const struct taxii_client *c,
    const struct route *rt, const struct query *q, struct response *rs)
{
	struct walk w;
	const char *key;
	char next[CURSOR_HEX + 1];
	int r;

	memset(&w, 0, sizeof(w));
	w.n = n;
	w.c = c;
	w.q = q;
	w.rt = rt;
	w.after = (q->given & B(P_NEXT)) == 0;
	/* The envelope around the items (more, next) is well under 4 KiB. */
	buf_init(&w.items, HL_TAXII_MAX_ANSWER - 4096);
	if ((w.seen = json_object()) == NULL ||
	    (w.parsed = json_object()) == NULL ||
	    (w.asked = json_object()) == NULL) {
		internal(rs);
		goto out;
	}
	r = node_msgs_added(n, coll_dir[rt->coll], walk_row, &w);
	if (r != 0 && r != WALK_DONE) {
		internal(rs);
		goto out;
	}
	if ((rt->res == R_OBJECT || rt->res == R_VERSIONS) && w.count == 0) {
		taxii_error(rs, 404, "Not found", "no such object in this "
		    "collection");
		goto out;
	}
	key = rt->res == R_VERSIONS ? "versions" : "objects";
	rs->status = 200;
	rs->type = TAXII_TYPE;
	buf_done(&rs->body);
	buf_init(&rs->body, HL_TAXII_MAX_ANSWER);
	(void)buf_printf(&rs->body, "{\"more\":%s", w.more ? "true" :
	    "false");
	/* versions has no next (TAXII 2.1 5.8): it is one object's. */
	if (w.more && rt->res != R_VERSIONS) {
		cursor_encode(q, &w.last, next);
		(void)buf_printf(&rs->body, ",\"next\":\"%s\"", next);
	}
	if (w.count > 0) {
		(void)buf_printf(&rs->body, ",\"%s\":[", key);
		(void)buf_add(&rs->body, w.items.p, w.items.len);
		(void)buf_adds(&rs->body, "]");
	}
	(void)buf_adds(&rs->body, "}");
	date_fields(rs, &w);
	if (buf_err(&rs->body) != 0 || buf_err(&rs->fields) != 0)
		internal(rs);
out:
	buf_done(&w.items);
	json_decref(w.seen);
	json_decref(w.parsed);
	json_decref(w.asked);
}

static json_t *
collection(const struct node *n, int i)
{
	char id[INTEROP_UUID_LEN], title[128], desc[256];

	coll_id(n, i, id);
	(void)snprintf(title, sizeof(title), "%s of %s", i == 0 ? "Inbox" :
	    "Outbox", n->cfg.party);
	(void)snprintf(desc, sizeof(desc), "The STIX objects of the "
	    "messages %s %s through hotline, dated when it stored them",
	    n->cfg.party, i == 0 ? "received" : "sent");
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:[s]}", "id", id,
	    "title", title, "description", desc, "alias", coll_alias[i],
	    "can_read", 1, "can_write", 0, "media_types", STIX_TYPE);
}

void
taxii_serve(struct node *n, const struct taxii_client *c,
    const struct http1_req *q, struct response *rs)
{
	struct query *qp = NULL;
	struct route rt;
	char title[128];

	if (!route_parse(n, q->path, &rt)) {
		taxii_error(rs, 404, "Not found", "no such resource");
		return;
	}
	if (q->method != HTTP1_GET && q->method != HTTP1_HEAD) {
		/* Objects take POST in TAXII, but not in a read-only one. */
		if (rt.res == R_OBJECTS) {
			taxii_error(rs, 403, "Forbidden", "this collection is "
			    "read-only (can_write is false)");
			return;
		}
		taxii_error(rs, 405, "Method not allowed", "this resource "
		    "takes GET and HEAD only");
		rs->allow = ALLOW;
		return;
	}
	if (!accept_ok(q->accept)) {
		taxii_error(rs, 406, "Not acceptable", "this server answers "
		    TAXII_TYPE " only");
		return;
	}
	if ((qp = calloc(1, sizeof(*qp))) == NULL) {
		internal(rs);
		return;
	}
	if (!query_parse(q->query, &rt, c, qp, rs))
		goto out;
	switch (rt.res) {
	case R_DISCOVERY:
		(void)snprintf(title, sizeof(title), "hotline %s",
		    n->cfg.party);
		answer(rs, 200, json_pack("{s:s, s:s, s:s, s:[s]}", "title",
		    title, "description", "What this hotline node carried, "
		    "as STIX 2.1, for the node's own tools", "default",
		    API_ROOT, "api_roots", API_ROOT));
		break;
	case R_ROOT:
		(void)snprintf(title, sizeof(title), "hotline %s",
		    n->cfg.party);
		/* Read-only: it takes no request body of any size. */
		answer(rs, 200, json_pack("{s:s, s:s, s:[s], s:i}", "title",
		    title, "description", "The messages received (inbox) and "
		    "sent (outbox), as STIX 2.1 objects", "versions",
		    TAXII_TYPE, "max_content_length", 0));
		break;
	case R_COLLECTIONS:
		answer(rs, 200, json_pack("{s:[o, o]}", "collections",
		    collection(n, 0), collection(n, 1)));
		break;
	case R_COLLECTION:
		answer(rs, 200, collection(n, rt.coll));
		break;
	default:
		serve_walk(n, c, &rt, qp, rs);
		break;
	}
out:
	free(qp);
}
