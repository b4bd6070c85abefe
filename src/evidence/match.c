/*
 * match: a log's events against the indicators. See match.h; the rules
 * are the man page's (hotline.1, MATCHING), and each is stated once here,
 * where it is applied.
 *
 * The indicators go into three hash sets: addresses and networks of
 * IPv4 (a 64-bit key: prefix length and masked address; IPv4-mapped IPv6
 * is IPv4), of IPv6 (the 128 bits and the length), and strings (domain,
 * normalised URL, lower-cased e-mail address, lower-case digest, each
 * with its type). An address value is looked up once per prefix length
 * any indicator has; a host name once per label suffix, up to the
 * longest domain indicator's. Indicators with one key (10.0.0.1 and
 * 10.0.0.1/32, two spellings of one URL) are counted once, on the key's
 * first indicator, and each reads that count.
 *
 * The indicators come from a peer: they choose the keys. The string set
 * hashes with SipHash-2-4 under a random key; the address sets, looked
 * up most, with a keyed 64-bit mix, and if inserting ever probes more
 * than MATCH_PROBE_MAX slots (which no list of any size does by chance)
 * every set is rebuilt on SipHash. The logs only look up: a lookup
 * costs what the clusters the indicators made cost, nothing more.
 */
#define _GNU_SOURCE	/* memmem, memrchr */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "limits.h"
#include "logtime.h"
#include "match.h"
#include "origins.h"
#include "proto.h"
#include "reader.h"

/* Probes past which the address sets are rebuilt on SipHash. */
#define MATCH_PROBE_MAX	64

/* JSON nesting read; deeper is malformed (no log nests this far). */
#define MATCH_JSON_DEPTH	32

/* Zeek columns read; more is malformed. */
#define MATCH_ZEEK_COLS		256

/* A file is binary if a NUL is in its first this many bytes. */
#define MATCH_BINARY_HEAD	(64 * 1024)

#define NONE	UINT32_MAX

/* Kinds of key, each its own set. */
enum { K_V4, K_V6, K_STR, K_N };

struct key {
	uint8_t		 kind;
	uint8_t		 len;		/* prefix length; string: the type */
	uint8_t		 b[16];		/* V4: b[0..3]; V6: all */
	uint32_t	 off, n;	/* K_STR: in the arena */
};

struct slot {
	uint64_t	 h;
	uint32_t	 id;		/* NONE: free */
};

/*
 * A set: open addressing on the hash's low bits, and beside it a bitmap
 * on its high bits (a blocked Bloom filter). Most values of a log are in
 * no set, and the bitmap says so from the cache: a million indicators'
 * table is far larger than any cache, its bitmap is not.
 */
struct tab {
	struct slot	*s;
	size_t		 mask, n;
	uint64_t	*bits;
	size_t		 bmask;		/* in 64-bit words */
};

/* Two bits of one word: the word from h's high bits, the bits below. */
static inline uint64_t
tab_bits(uint64_t h)
{
	return 1ULL << ((h >> 20) & 63) | 1ULL << ((h >> 26) & 63);
}

static inline bool
tab_may(const struct tab *t, uint64_t h)
{
	uint64_t b = tab_bits(h);

	return (t->bits[(h >> 32) & t->bmask] & b) == b;
}

struct match_set {
	const struct ind_list	*l;
	struct key		*key;		/* per indicator */
	uint32_t		*owner;		/* the first indicator of each
						   one's key: what is counted */
	struct tab		 t[K_N];
	char			*arena;
	size_t			 arena_n, arena_cap;
	uint64_t		 k0, k1;	/* the mix's keys */
	uint8_t			 sipkey[crypto_shorthash_KEYBYTES];
	bool			 sip;		/* addresses on SipHash too */
	uint32_t		 have;		/* 1 << IND_* present */
	size_t			 maxlabels;	/* of the longest domain */
	uint64_t		 v4len;		/* bit l: a /l is present */
	uint8_t			 v6len[17];	/* bit l of 0..128 */
	struct match_seen	**seen;		/* the whole, lazily */
};

/* Byte classes, for shaping a value in one pass. */
enum {
	C_DIGIT = 1 << 0,
	C_HEX = 1 << 1,		/* a-f A-F */
	C_ALPHA = 1 << 2,	/* other letters */
	C_DOT = 1 << 3,
	C_COLON = 1 << 4,
	C_AT = 1 << 5,
	C_SLASH = 1 << 6,
	C_DASH = 1 << 7,	/* - _ */
	C_BRACKET = 1 << 8,	/* [ ] */
	C_OTHER = 1 << 9,
	C_DELIM = 1 << 10,	/* ends a text token */
	C_JSTOP = 1 << 11	/* ends a JSON string's plain run: " \\ controls */
};

static uint16_t cls[256];

static void
cls_init(void)
{
	static const char delims[] = " \t\r\f\v\"'<>()[]{},;|=";

	if (cls['.'] != 0)
		return;		/* made once, before any thread reads it */

	for (int c = 0; c < 256; c++) {
		uint16_t k = C_OTHER;

		if (c >= '0' && c <= '9')
			k = C_DIGIT;
		else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
			k = C_HEX;
		else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z'))
			k = C_ALPHA;
		else if (c == '.')
			k = C_DOT;
		else if (c == ':')
			k = C_COLON;
		else if (c == '@')
			k = C_AT;
		else if (c == '/')
			k = C_SLASH;
		else if (c == '-' || c == '_')
			k = C_DASH;
		else if (c == '[' || c == ']')
			k = C_BRACKET;
		if (c != 0 && strchr(delims, c) != NULL)
			k |= C_DELIM;
		cls[c] = k;
	}
	cls[0] = C_OTHER;
	for (int c = 0; c < 0x20; c++)
		cls[c] |= C_JSTOP;
	cls['"'] |= C_JSTOP;
	cls['\\'] |= C_JSTOP;
}

/* ---- hashing and the sets ---- */

static inline uint64_t
mix(uint64_t x)
{
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ULL;
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ULL;
	x ^= x >> 32;
	return x;
}

static uint64_t
sip(const struct match_set *s, const void *p, size_t n)
{
	uint64_t h;

	crypto_shorthash((unsigned char *)&h, p, n, s->sipkey);
	return h;
}

static uint64_t
hash_v4(const struct match_set *s, uint32_t a, int len)
{
	uint64_t k = (uint64_t)a | (uint64_t)len << 32;

	return s->sip ? sip(s, &k, sizeof(k)) : mix(k ^ s->k0);
}

static uint64_t
hash_v6(const struct match_set *s, const uint8_t b[16], int len)
{
	uint64_t hi, lo;

	if (s->sip) {
		uint8_t k[17];

		memcpy(k, b, 16);
		k[16] = (uint8_t)len;
		return sip(s, k, sizeof(k));
	}
	memcpy(&hi, b, 8);
	memcpy(&lo, b + 8, 8);
	return mix(mix(hi ^ s->k0) ^ lo ^ s->k1 ^ (uint64_t)len << 56);
}

static uint64_t
hash_str(const struct match_set *s, int type, const char *p, size_t n)
{
	uint64_t h = sip(s, p, n);

	return h ^ (uint64_t)type * 0x9e3779b97f4a7c15ULL;
}

static bool
key_eq(const struct match_set *s, const struct key *k, int kind, int len,
    const uint8_t *b, const char *p, size_t n)
{
	if (k->kind != kind || k->len != len)
		return false;
	switch (kind) {
	case K_V4:
		return memcmp(k->b, b, 4) == 0;
	case K_V6:
		return memcmp(k->b, b, 16) == 0;
	default:
		return k->n == n && memcmp(s->arena + k->off, p, n) == 0;
	}
}

/* The first indicator of a key, or NONE. */
static uint32_t
tab_find(const struct match_set *s, int kind, uint64_t h, int len,
    const uint8_t *b, const char *p, size_t n)
{
	const struct tab *t = &s->t[kind];
	size_t i;

	if (t->n == 0 || !tab_may(t, h))
		return NONE;
	for (i = h & t->mask; t->s[i].id != NONE; i = (i + 1) & t->mask)
		if (t->s[i].h == h && key_eq(s, &s->key[t->s[i].id], kind,
		    len, b, p, n))
			return t->s[i].id;
	return NONE;
}

static uint64_t
key_hash(const struct match_set *s, const struct key *k)
{
	switch (k->kind) {
	case K_V4:
		return hash_v4(s, (uint32_t)k->b[0] << 24 | (uint32_t)k->b[1] <<
		    16 | (uint32_t)k->b[2] << 8 | k->b[3], k->len);
	case K_V6:
		return hash_v6(s, k->b, k->len);
	default:
		return hash_str(s, k->len, s->arena + k->off, k->n);
	}
}

/*
 * Puts indicator id in its set, or, if an indicator with the same key
 * is there, makes that one its owner. 1 if the probe ran past
 * MATCH_PROBE_MAX.
 */
static int
tab_put(struct match_set *s, uint32_t id)
{
	const struct key *k = &s->key[id];
	struct tab *t = &s->t[k->kind];
	uint64_t h = key_hash(s, k);
	size_t i, probes = 0;

	for (i = h & t->mask; t->s[i].id != NONE; i = (i + 1) & t->mask) {
		uint32_t o = t->s[i].id;

		if (t->s[i].h == h && key_eq(s, &s->key[o], k->kind, k->len,
		    k->b, s->arena + k->off, k->n)) {
			s->owner[id] = o;
			return 0;
		}
		probes++;
	}
	t->s[i].h = h;
	t->s[i].id = id;
	s->owner[id] = id;
	t->n++;
	t->bits[(h >> 32) & t->bmask] |= tab_bits(h);
	return probes > MATCH_PROBE_MAX;
}

static int
tab_alloc(struct tab *t, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 2)
		cap <<= 1;
	free(t->s);
	free(t->bits);
	t->bits = NULL;
	if ((t->s = malloc(cap * sizeof(*t->s))) == NULL)
		return HL_ENOMEM;
	/*
	 * 4 to 8 bits an indicator (cap is 2 to 4 slots of one), two set
	 * for each in one word: about one value in twenty not in the set
	 * gets past it, and a million indicators' bitmap is 1 to 2 MiB.
	 */
	t->bmask = (cap < 32 ? 32 : cap) * 2 / 64 - 1;
	if ((t->bits = calloc(t->bmask + 1, sizeof(*t->bits))) == NULL)
		return HL_ENOMEM;
	for (size_t i = 0; i < cap; i++)
		t->s[i].id = NONE;
	t->mask = cap - 1;
	t->n = 0;
	return 0;
}

static int
sets_build(struct match_set *s)
{
	size_t per[K_N] = { 0 };
	int r, over = 0;

	for (size_t i = 0; i < s->l->n; i++)
		per[s->key[i].kind]++;
	for (int k = 0; k < K_N; k++)
		if ((r = tab_alloc(&s->t[k], per[k])) != 0)
			return r;
	for (size_t i = 0; i < s->l->n; i++)
		over |= tab_put(s, (uint32_t)i);
	return over;
}

/* ---- values into keys: the shapes ---- */

/*
 * Dotted-quad IPv4 at s, whole or as "address:port": four decimal parts
 * of at most three digits, each at most 255 (leading zeros read as
 * decimal, as inet_pton does not: logs that pad them mean decimal).
 */
static bool
parse_v4(const char *s, size_t n, uint32_t *out)
{
	uint32_t a = 0;
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0, d = 0;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return false;
			i++;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9' && d < 4) {
			v = v * 10 + (unsigned)(s[i++] - '0');
			d++;
		}
		if (d == 0 || d > 3 || v > 255)
			return false;
		a = a << 8 | v;
	}
	if (i < n) {
		/* ":port": one to five digits. */
		size_t d = 0;

		if (s[i++] != ':')
			return false;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
		if (d == 0 || d > 5 || i != n)
			return false;
	}
	*out = a;
	return true;
}

/*
 * IPv6 at s in any textual form inet_pton reads, bare, as "[address]"
 * or "[address]:port". A zone ("%eth0") is not an address's.
 */
static bool
parse_v6(const char *s, size_t n, uint8_t out[16])
{
	char tmp[INET6_ADDRSTRLEN + 1];

	if (n > 0 && s[0] == '[') {
		const char *e = memchr(s, ']', n);
		size_t rest;

		if (e == NULL)
			return false;
		rest = n - (size_t)(e - s) - 1;
		if (rest > 0) {
			size_t d = 0;

			if (e[1] != ':' || rest < 2 || rest > 6)
				return false;
			for (size_t i = 2; i < rest + 1; i++, d++)
				if (e[i] < '0' || e[i] > '9')
					return false;
		}
		n = (size_t)(e - s) - 1;
		s++;
	}
	if (n < 2 || n >= sizeof(tmp) || memchr(s, ':', n) == NULL)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, out) == 1;
}

/* "[192.0.2.1]" or "[192.0.2.1]:443". */
static bool
bracketed_v4(const char *v, size_t n, uint32_t *a)
{
	const char *e = memchr(v, ']', n), *q;
	size_t d = 0;

	if (e == NULL || memchr(v + 1, ':', (size_t)(e - v) - 1) != NULL ||
	    !parse_v4(v + 1, (size_t)(e - v) - 1, a))
		return false;
	if (e + 1 == v + n)
		return true;
	if (e[1] != ':')
		return false;
	for (q = e + 2; q < v + n && *q >= '0' && *q <= '9'; q++)
		d++;
	return q == v + n && d >= 1 && d <= 5;
}

/*
 * Whether v can be IPv6 at all: "::" in it, or six colons or more (an
 * address written out whole, or with IPv4 in its last 32 bits). Times
 * ("10:00:00") and MACs ("00:1a:2b:3c:4d:5e" has five) are not.
 */
static bool
v6_shaped(const char *v, size_t n)
{
	int colons = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] == ':') {
			if (i + 1 < n && v[i + 1] == ':')
				return true;
			colons++;
		}
	return colons >= 6;
}

static bool
v4_mapped(const uint8_t b[16])
{
	static const uint8_t pre[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff };

	return memcmp(b, pre, 12) == 0;
}

static void
lower(char *dst, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
}

/* The default port of a scheme, or NULL. */
static const char *
default_port(const char *scheme, size_t n)
{
	static const char *const d[][2] = { { "http", "80" },
		{ "https", "443" }, { "ftp", "21" }, { "ws", "80" },
		{ "wss", "443" } };

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (strlen(d[i][0]) == n && memcmp(d[i][0], scheme, n) == 0)
			return d[i][1];
	return NULL;
}

/*
 * A URL at s, normalised into out: scheme and host lower-cased, the
 * scheme's default port dropped, an empty path written "/"; the host as
 * [*host, *host + *hostn) in out (without brackets). 0 if s is not a
 * URL (scheme "://" authority) or out is too small.
 */
static size_t
url_norm(const char *s, size_t n, char *out, size_t outsz,
    const char **host, size_t *hostn)
{
	size_t i = 0, a, e, at, h, he, port, o = 0;
	const char *dp;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z') || (i > 0 && ((s[i] >= '0' && s[i] <= '9') ||
	    s[i] == '+' || s[i] == '.' || s[i] == '-'))))
		i++;
	if (i == 0 || n - i < 4 || memcmp(s + i, "://", 3) != 0)
		return 0;
	a = i + 3;
	for (e = a; e < n && s[e] != '/' && s[e] != '?' && s[e] != '#'; e++)
		;
	for (at = e; at > a && s[at - 1] != '@'; at--)
		;
	h = at;				/* the host, past any userinfo */
	if (h < e && s[h] == '[') {
		const char *rb = memchr(s + h, ']', e - h);

		if (rb == NULL)
			return 0;
		he = (size_t)(rb - s) + 1;
	} else
		for (he = h; he < e && s[he] != ':'; he++)
			;
	port = he;			/* ":port" or nothing, to e */
	if (he == h || e - port > 6 + 1 || (port < e && s[port] != ':'))
		return 0;
	if (i + 3 + (e - a) + (n - e) + 1 >= outsz)
		return 0;
	lower(out, s, i);
	o = i;
	memcpy(out + o, "://", 3);
	o += 3;
	memcpy(out + o, s + a, at - a);	/* userinfo as written */
	o += at - a;
	lower(out + o, s + h, he - h);
	if (s[h] == '[') {
		*host = out + o + 1;
		*hostn = he - h - 2;
	} else {
		*host = out + o;
		*hostn = he - h;
	}
	o += he - h;
	dp = default_port(out, i);
	if (port + 1 < e && !(dp != NULL && strlen(dp) == e - port - 1 &&
	    memcmp(dp, s + port + 1, e - port - 1) == 0)) {
		memcpy(out + o, s + port, e - port);
		o += e - port;
	}
	if (e == n || s[e] != '/')
		out[o++] = '/';
	memcpy(out + o, s + e, n - e);
	o += n - e;
	out[o] = '\0';
	return o;
}

/* The key of indicator v (canonical, as ind_parse gives). */
static int
key_of(struct match_set *s, const struct indicator *v, struct key *k)
{
	char buf[HL_MAX_INDICATOR_LEN + 2];
	const char *p = v->value, *host;
	size_t n = v->len, hn;
	uint8_t b6[16];
	uint32_t a4;

	memset(k, 0, sizeof(*k));
	switch (v->type) {
	case IOC_IPV4:
	case IOC_IPV6:
	case IOC_CIDR: {
		const char *slash = memchr(p, '/', n);
		size_t an = slash != NULL ? (size_t)(slash - p) : n;
		int64_t len = -1;

		if ((slash == NULL) != (v->type != IOC_CIDR))
			return HL_EINVAL;
		if (slash != NULL && !proto_int_parse(slash + 1, 0, 128, &len))
			return HL_EINVAL;
		if (memchr(p, ':', an) == NULL) {
			if (!parse_v4(p, an, &a4) || memchr(p, ':', n) != NULL ||
			    len > 32)
				return HL_EINVAL;
			k->kind = K_V4;
			k->len = (uint8_t)(len < 0 ? 32 : len);
		} else {
			if (!parse_v6(p, an, b6) || p[0] == '[')
				return HL_EINVAL;
			if (v4_mapped(b6) && (len < 0 || len >= 96)) {
				k->kind = K_V4;
				k->len = (uint8_t)(len < 0 ? 32 : len - 96);
				a4 = (uint32_t)b6[12] << 24 | (uint32_t)b6[13] << 16 |
				    (uint32_t)b6[14] << 8 | b6[15];
			} else {
				k->kind = K_V6;
				k->len = (uint8_t)(len < 0 ? 128 : len);
				memcpy(k->b, b6, 16);
			}
		}
		if (k->kind == K_V4) {
			if (k->len < 32)
				a4 &= k->len == 0 ? 0 : ~0u << (32 - k->len);
			k->b[0] = (uint8_t)(a4 >> 24);
			k->b[1] = (uint8_t)(a4 >> 16);
			k->b[2] = (uint8_t)(a4 >> 8);
			k->b[3] = (uint8_t)a4;
			s->v4len |= 1ULL << k->len;
		} else {
			for (int i = 0; i < 16; i++) {
				int keep = k->len - i * 8;

				if (keep < 8)
					k->b[i] &= keep <= 0 ? 0 :
					    (uint8_t)(0xff << (8 - keep));
			}
			s->v6len[k->len / 8] |= (uint8_t)(1u << (k->len % 8));
		}
		return 0;
	}
	case IOC_URL:
		/*
		 * A URL the schema takes but that has no host to normalise
		 * ("http:///x") is looked for as written, as such a value of a
		 * log is (look_url()).
		 */
		{
			size_t un = url_norm(p, n, buf, sizeof(buf), &host, &hn);

			if (un != 0) {
				n = un;
				p = buf;
			}
		}
		break;
	case IOC_DOMAIN: {
		size_t labels = 1;

		for (size_t i = 0; i < n; i++)
			labels += p[i] == '.';
		if (labels > s->maxlabels)
			s->maxlabels = labels;
	}
		/* FALLTHROUGH */
	case IOC_EMAIL:
	case IOC_MD5:
	case IOC_SHA1:
	case IOC_SHA256:
		if (n > HL_MAX_INDICATOR_LEN)
			return HL_EINVAL;
		lower(buf, p, n);
		p = buf;
		break;
	default:
		return HL_EINVAL;
	}
	if (s->arena_n + n > s->arena_cap) {
		size_t cap = s->arena_cap ? s->arena_cap * 2 : 65536;
		char *a;

		while (cap < s->arena_n + n)
			cap *= 2;
		if ((a = realloc(s->arena, cap)) == NULL)
			return HL_ENOMEM;
		s->arena = a;
		s->arena_cap = cap;
	}
	memcpy(s->arena + s->arena_n, p, n);
	k->kind = K_STR;
	k->len = (uint8_t)v->type;
	k->off = (uint32_t)s->arena_n;
	k->n = (uint32_t)n;
	s->arena_n += n;
	return 0;
}

int
match_set_new(const struct ind_list *l, struct match_set **out)
{
	struct match_set *s;
	int r;

	*out = NULL;
	cls_init();
	if (l->n > HL_MAX_MATCH_INDICATORS)
		return HL_EINVAL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return HL_ENOMEM;
	s->l = l;
	randombytes_buf(&s->k0, sizeof(s->k0));
	randombytes_buf(&s->k1, sizeof(s->k1));
	crypto_shorthash_keygen(s->sipkey);
	if ((s->key = calloc(l->n + 1, sizeof(*s->key))) == NULL ||
	    (s->owner = calloc(l->n + 1, sizeof(*s->owner))) == NULL ||
	    (s->seen = calloc(l->n + 1, sizeof(*s->seen))) == NULL) {
		r = HL_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < l->n; i++) {
		if ((r = key_of(s, &l->v[i], &s->key[i])) != 0)
			goto fail;
		s->have |= 1u << l->v[i].type;
	}
	if ((r = sets_build(s)) == 1) {
		s->sip = true;
		r = sets_build(s);
	}
	if (r < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	match_set_free(s);
	return r;
}

void
match_set_free(struct match_set *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->seen != NULL && i < s->l->n; i++)
		free(s->seen[i]);
	free(s->seen);
	for (int k = 0; k < K_N; k++) {
		free(s->t[k].s);
		free(s->t[k].bits);
	}
	free(s->key);
	free(s->owner);
	free(s->arena);
	free(s);
}

const struct match_seen *
match_seen(const struct match_set *s, size_t i)
{
	static const struct match_seen none;

	if (i >= s->l->n)
		return &none;
	i = s->owner[i];
	return s->seen[i] != NULL ? s->seen[i] : &none;
}

/* ---- reading one event ---- */

/* What a Zeek column's type says of its values. */
enum {
	ZK_ANY,		/* string, enum, or not typed: shaped */
	ZK_SKIP,	/* numbers, times, booleans: never an indicator */
	ZK_ADDR,	/* addr: an address or unset */
	ZK_SET		/* set[...] or vector[...]: each element */
};

struct match_zeek {
	char		 sep, setsep;
	char		 unset[16], empty[16];
	size_t		 unsetn, emptyn;
	int		 ncols;
	int		 ts, host, uri;		/* -1: none */
	bool		 http;			/* #path http */
	bool		 typed;			/* #types seen */
	uint8_t		 kind[MATCH_ZEEK_COLS];	/* ZK_*, from #types */
	char		 name[MATCH_ZEEK_COLS][32];
	char		 path[32];
};

/* One value found in an event, pending its end. */
struct hit {
	uint32_t	 id;
	char		 field[sizeof(((struct match_seen *)0)->where[0].field)];
};

/* One part's reading: its format, its event, its findings. */
struct part {
	struct match_set	*s;
	const struct match_opts	*o;
	struct match_input	 in;
	enum match_mode		 mode;
	struct match_zeek	 z;
	const char		*fmt;
	int64_t			 now;		/* for syslog's missing year */
	struct match_seen	**seen;		/* this part's */
	uint32_t		*touched;	/* the ids seen[] holds */
	size_t			 ntouched;
	uint64_t		*stamp;		/* event an id last hit in */
	uint64_t		 head;		/* bytes looked at for NULs */
	size_t			 index;		/* the file's, in where */
	char			 tmin[12];	/* the last syslog minute read */
	int64_t			 tbase;		/* its time, at :00 */
	uint64_t		 event;
	struct hit		*hit;
	size_t			 nhit, caphit;
	/* The event being read. */
	uint64_t		 lineno;
	const char		*line;
	int64_t			 time;
	int			 col;		/* Zeek column, text offset */
	int			 depth;		/* JSON */
	const char		*keyp[MATCH_JSON_DEPTH];
	size_t			 keyn[MATCH_JSON_DEPTH];
	long			 idx[MATCH_JSON_DEPTH];	/* -1: a member */
	const char		*http_host, *http_uri;	/* decoded copies */
	size_t			 http_hostn, http_urin;
	bool			 http_eve;
	const char		*label;		/* a fixed label, or NULL */
	int			 err;		/* HL_ENOMEM */
	/* A tap instead of the sets (match_values()). */
	void			(*tap)(void *, const char *, size_t,
				    const char *);
	void			*tap_arg;
	char			 low[HL_MAX_LOG_LINE + 8];
	char			 dec[HL_MAX_LOG_LINE + 8];
	char			 hostbuf[HL_MAX_LOG_LINE + 8];
	char			 cap_host[HL_MAX_LOG_LINE + 8];
	char			 cap_uri[HL_MAX_LOG_LINE + 8];
	char			 url[HL_MAX_INDICATOR_LEN + HL_MAX_LOG_LINE];
};

/* The label of the value being read, into out (n bytes). */
static void
label(const struct part *p, char *out, size_t n)
{
	size_t o = 0;

	if (p->label != NULL) {
		(void)snprintf(out, n, "%s", p->label);
		return;
	}
	switch (p->mode) {
	case MATCH_ZEEK:
		if (p->col >= 0 && p->col < p->z.ncols && p->z.name[p->col][0])
			(void)snprintf(out, n, "%s", p->z.name[p->col]);
		else
			(void)snprintf(out, n, "field %d", p->col + 1);
		return;
	case MATCH_JSON:
		out[0] = '\0';
		for (int d = 0; d < p->depth && o + 1 < n; d++) {
			int w;

			if (p->idx[d] >= 0)
				w = snprintf(out + o, n - o, "[%ld]", p->idx[d]);
			else
				w = snprintf(out + o, n - o, "%s%.*s",
				    o > 0 ? "." : "", (int)p->keyn[d],
				    p->keyp[d]);
			if (w < 0)
				break;
			o += (size_t)w;
		}
		return;
	default:
		(void)snprintf(out, n, "col %d", p->col + 1);
		return;
	}
}

/*
 * The key whose first indicator is id occurs in the event. What is
 * counted is the key: indicators that share it (10.0.0.1 and
 * 10.0.0.1/32, two spellings of one URL) are counted once, here, and
 * each reads the same count (match_seen()), so that a peer's thousand
 * spellings of one value cost one count, not a thousand.
 */
static void
hit(struct part *p, uint32_t id)
{
	struct hit *h;

	if (p->stamp[id] == p->event)
		return;
	p->stamp[id] = p->event;
	if (p->nhit == p->caphit) {
		size_t cap = p->caphit ? p->caphit * 2 : 16;
		struct hit *nh = realloc(p->hit, cap * sizeof(*nh));

		if (nh == NULL) {
			p->err = HL_ENOMEM;
			return;
		}
		p->hit = nh;
		p->caphit = cap;
	}
	h = &p->hit[p->nhit++];
	h->id = id;
	label(p, h->field, sizeof(h->field));
}

static void
look_v4(struct part *p, uint32_t a)
{
	const struct match_set *s = p->s;
	uint64_t lens = s->v4len;

	while (lens != 0) {
		int len = __builtin_ctzll(lens);
		uint32_t m = len == 0 ? 0 : a & (~0u << (32 - len));
		uint8_t b[4] = { (uint8_t)(m >> 24), (uint8_t)(m >> 16),
			(uint8_t)(m >> 8), (uint8_t)m };
		uint32_t id;

		lens &= lens - 1;
		if ((id = tab_find(s, K_V4, hash_v4(s, m, len), len, b, NULL,
		    0)) != NONE)
			hit(p, id);
	}
}

static void
look_v6(struct part *p, const uint8_t a[16])
{
	const struct match_set *s = p->s;

	if (v4_mapped(a)) {
		look_v4(p, (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 |
		    (uint32_t)a[14] << 8 | a[15]);
		return;
	}
	for (int len = 128; len >= 0; len--) {
		uint8_t m[16];
		uint32_t id;

		if (!(s->v6len[len / 8] & (1u << (len % 8))))
			continue;
		for (int i = 0; i < 16; i++) {
			int keep = len - i * 8;

			m[i] = keep >= 8 ? a[i] : keep <= 0 ? 0 :
			    (uint8_t)(a[i] & (0xff << (8 - keep)));
		}
		if ((id = tab_find(s, K_V6, hash_v6(s, m, len), len, m, NULL,
		    0)) != NONE)
			hit(p, id);
	}
}

static void
look_str(struct part *p, int type, const char *v, size_t n)
{
	uint32_t id;

	if ((id = tab_find(p->s, K_STR, hash_str(p->s, type, v, n), type,
	    NULL, v, n)) != NONE)
		hit(p, id);
}

/*
 * A host name, lower-cased and without trailing dots: each suffix that
 * starts at a label and has from two labels (no indicator is a bare
 * top-level domain) to as many as the longest domain indicator has, so
 * that "gle.com" is never found in "google.com", and a name of 127
 * labels costs no more lookups than one of three.
 */
static void
look_domain(struct part *p, const char *v, size_t n)
{
	size_t labels = 1, max = p->s->maxlabels;
	char *d = p->low;

	while (n > 0 && v[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return;
	if (d != v)
		lower(d, v, n);
	for (size_t i = n; i-- > 0;) {
		if (d[i] != '.')
			continue;
		if (labels >= 2)
			look_str(p, IOC_DOMAIN, d + i + 1, n - i - 1);
		if (++labels > max)
			return;
	}
	if (labels >= 2)
		look_str(p, IOC_DOMAIN, d, n);
}

/*
 * The domain rule on any value: it equals the domain or ends with a dot
 * followed by it, whatever comes before ("nougat [28:d2:44:0f:4c:e9].
 * _workstation._tcp.local", a DNS-SD name, ends with "._tcp.local"). So
 * the value's last run of name bytes is looked at: whole if it is the
 * whole value, else from its first dot. A name with a port
 * ("evil.example:443", as proxies and TLS logs write it) is the name.
 */
static void
look_tail(struct part *p, const char *v, size_t n, unsigned mask)
{
	const unsigned name = C_DIGIT | C_HEX | C_ALPHA | C_DOT | C_DASH;
	size_t t;

	if ((mask & C_COLON) && (mask & ~(name | C_COLON)) == 0) {
		const char *c = memchr(v, ':', n);
		size_t k = (size_t)(c - v) + 1, i;

		for (i = k; i < n && v[i] >= '0' && v[i] <= '9'; i++)
			;
		if (i == n && k < n && n - k <= 5 &&
		    memchr(v, ':', k - 1) == NULL) {
			look_domain(p, v, k - 1);
			return;
		}
	}
	if ((mask & ~name) == 0) {
		look_domain(p, v, n);
		return;
	}
	while (n > 0 && v[n - 1] == '.')
		n--;
	for (t = n; t > 0 && (cls[(unsigned char)v[t - 1]] & name) &&
	    !(cls[(unsigned char)v[t - 1]] & C_OTHER); t--)
		;
	if (t > 0) {
		const char *dot = memchr(v + t, '.', n - t);

		if (dot == NULL)
			return;
		t = (size_t)(dot - v) + 1;
	}
	if (t < n)
		look_domain(p, v + t, n - t);
}

#define HAVE(s, t)	((s)->have & (1u << (t)))
#define HAVE_ADDR(s)	((s)->have & (1u << IOC_IPV4 | 1u << IOC_IPV6 | \
			    1u << IOC_CIDR))

/* A host from a URL or an e-mail address: an address or a name. */
static void
look_host(struct part *p, const char *h, size_t n)
{
	uint8_t b6[16];
	uint32_t a4;

	if (n == 0)
		return;
	if (HAVE_ADDR(p->s)) {
		if (memchr(h, ':', n) == NULL && parse_v4(h, n, &a4)) {
			look_v4(p, a4);
			return;
		}
		if (parse_v6(h, n, b6)) {
			look_v6(p, b6);
			return;
		}
	}
	if (HAVE(p->s, IOC_DOMAIN))
		look_domain(p, h, n);
}

/* "Name <address>", "mailto:address" or the address. */
static void
look_email(struct part *p, const char *v, size_t n)
{
	const char *lt = memchr(v, '<', n), *at;
	char *e = p->hostbuf;

	if (lt != NULL) {
		const char *gt = memchr(lt, '>', n - (size_t)(lt - v));

		if (gt == NULL)
			return;
		n = (size_t)(gt - lt) - 1;
		v = lt + 1;
	}
	if (n > 7 && (v[0] == 'm' || v[0] == 'M') &&
	    strncasecmp(v, "mailto:", 7) == 0) {
		v += 7;
		n -= 7;
	}
	if ((at = memrchr(v, '@', n)) == NULL || at == v || at == v + n - 1)
		return;
	if (HAVE(p->s, IOC_EMAIL)) {
		lower(e, v, n);
		look_str(p, IOC_EMAIL, e, n);
	}
	if (HAVE(p->s, IOC_DOMAIN))
		look_domain(p, at + 1, n - (size_t)(at - v) - 1);
}

/*
 * A URL: itself normalised, and its host. False if it is not one from
 * its first byte: then it is looked for as written, and is still a
 * value for the other rules.
 */
static bool
look_url(struct part *p, const char *v, size_t n)
{
	const char *host;
	size_t hn, un;
	char *hc = p->hostbuf;

	if ((un = url_norm(v, n, p->url, sizeof(p->url), &host, &hn)) == 0) {
		if (HAVE(p->s, IOC_URL) && n <= HL_MAX_INDICATOR_LEN)
			look_str(p, IOC_URL, v, n);
		return false;
	}
	if (HAVE(p->s, IOC_URL) && un <= HL_MAX_INDICATOR_LEN + 1)
		look_str(p, IOC_URL, p->url, un);
	memcpy(hc, host, hn);
	look_host(p, hc, hn);
	return true;
}

/*
 * One value of an event, shaped by the classes of its bytes (mask)
 * into the candidates it can be, each looked up only if some indicator
 * is of that type.
 */
static void
value_shaped(struct part *p, const char *v, size_t n, unsigned mask)
{
	const struct match_set *s = p->s;
	uint8_t b6[16];
	uint32_t a4;

	if (n == 0)
		return;
	/* Whether a byte ends a text token or a JSON run is no shape. */
	mask &= ~(unsigned)(C_DELIM | C_JSTOP);
	if (p->tap != NULL) {
		char f[64];

		label(p, f, sizeof(f));
		p->tap(p->tap_arg, v, n, f);
		return;
	}
	if ((mask & (C_COLON | C_SLASH)) == (C_COLON | C_SLASH) &&
	    memmem(v, n, "://", 3) != NULL && look_url(p, v, n))
		return;
	if (mask & C_AT) {
		if (HAVE(s, IOC_EMAIL) || HAVE(s, IOC_DOMAIN))
			look_email(p, v, n);
		return;
	}
	if (HAVE_ADDR(s)) {
		if ((mask & ~(C_DIGIT | C_DOT | C_COLON)) == 0 &&
		    (mask & C_DOT) && n >= 7 && n <= 21 &&
		    parse_v4(v, n, &a4)) {
			look_v4(p, a4);
			return;
		}
		if ((mask & C_COLON) && (mask & ~(C_DIGIT | C_HEX | C_DOT |
		    C_COLON | C_BRACKET)) == 0 && n <= 53 && v6_shaped(v, n) &&
		    parse_v6(v, n, b6)) {
			look_v6(p, b6);
			return;
		}
		if ((mask & C_BRACKET) && v[0] == '[' && (mask & ~(C_DIGIT |
		    C_DOT | C_COLON | C_BRACKET)) == 0 && n <= 28 &&
		    bracketed_v4(v, n, &a4)) {
			look_v4(p, a4);
			return;
		}
	}
	if ((n == 32 || n == 40 || n == 64) && (mask & ~(C_DIGIT | C_HEX)) == 0) {
		int t = n == 32 ? IOC_MD5 : n == 40 ? IOC_SHA1 : IOC_SHA256;

		if (HAVE(s, t)) {
			lower(p->low, v, n);
			look_str(p, t, p->low, n);
		}
		return;
	}
	if ((mask & C_DOT) && (mask & (C_HEX | C_ALPHA)) &&
	    HAVE(s, IOC_DOMAIN))
		look_tail(p, v, n, mask);
}

/* The classes of v's bytes, or'ed: what value_shaped() decides on. */
static unsigned
shape(const char *v, size_t n)
{
	unsigned mask = 0;

	for (size_t i = 0; i < n; i++)
		mask |= cls[(unsigned char)v[i]];
	return mask;
}

static void
value(struct part *p, const char *v, size_t n)
{
	value_shaped(p, v, n, shape(v, n));
}

/*
 * Text: tokens delimited by whitespace and " ' < > ( ) [ ] { } , ; | =,
 * each looked at as written and, if it ends in '.', ':' or ',', without
 * them ("host.example.", "192.0.2.1:" at the end of a sentence).
 */
static void
scan_text(struct part *p, const char *line, size_t len)
{
	const char *end = line + len, *q = line;

	while (q < end) {
		const char *t;
		unsigned mask = 0;
		uint16_t c;

		while (q < end && (cls[(unsigned char)*q] & C_DELIM))
			q++;
		t = q;
		while (q < end && !((c = cls[(unsigned char)*q]) & C_DELIM)) {
			mask |= c;
			q++;
		}
		if (q == t)
			break;
		/* A URL runs on through '=', so that its query is kept. */
		while (q < end && *q == '=' && (mask & C_COLON) &&
		    (mask & C_SLASH) && memmem(t, (size_t)(q - t), "://", 3)) {
			for (q++; q < end &&
			    (!((c = cls[(unsigned char)*q]) & C_DELIM) ||
			    *q == '='); q++)
				mask |= c;
		}
		p->col = (int)(t - line);
		if ((mask & ~(C_DIGIT | C_HEX | C_ALPHA)) == 0 && p->tap == NULL) {
			/* A word or a number: only a digest could be. */
			if (q - t == 32 || q - t == 40 || q - t == 64)
				value_shaped(p, t, (size_t)(q - t), mask);
			continue;
		}
		value_shaped(p, t, (size_t)(q - t), mask);
		if (q[-1] == '.' || q[-1] == ':') {
			const char *e = q;

			while (e > t && (e[-1] == '.' || e[-1] == ':'))
				e--;
			if (e > t)
				value(p, t, (size_t)(e - t));
		}
	}
}

/* Whether a line starts with an address and a blank, as web logs do. */
static bool
web_client(const char *line, size_t len)
{
	const char *sp = memchr(line, ' ', len < 48 ? len : 48);
	uint8_t b6[16];
	uint32_t a4;

	return sp != NULL && (parse_v4(line, (size_t)(sp - line), &a4) ||
	    parse_v6(line, (size_t)(sp - line), b6));
}

/* The time of a text line: syslog's at its start, or a web log's. */
static void
text_time(struct part *p, const char *line, size_t len)
{
	const char *end = line + len, *rest;
	int ss;

	/*
	 * A syslog log's lines share their minute with the line before:
	 * "Nov 27 10:00" is read once a minute, its seconds every line. A
	 * minute whose last second would be past now + 1 day (and so in
	 * another year, logtime_syslog's rule) is read whole every time.
	 */
	if (len >= 16 && p->tmin[0] != '\0' && memcmp(line, p->tmin, 12) == 0 &&
	    line[12] == ':' && line[13] >= '0' && line[13] <= '5' &&
	    line[14] >= '0' && line[14] <= '9' && line[15] == ' ') {
		p->time = p->tbase + (line[13] - '0') * 10 + line[14] - '0';
		return;
	}
	if (len >= 15 && logtime_syslog(line, end, p->now, &p->time, &rest)) {
		if (line[4] != '-') {
			p->in.syslog_year = 1;
			ss = (line[13] - '0') * 10 + line[14] - '0';
			p->tmin[0] = '\0';
			if (p->time - ss + 59 <= p->now + 86400) {
				memcpy(p->tmin, line, 12);
				p->tbase = p->time - ss;
			}
		}
		return;
	}
	/* A web log's, on a line that starts with the client's address. */
	if (web_client(line, len) && logtime_web_line(line, end, &p->time))
		return;
	p->time = 0;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Zeek's \xNN escapes, decoded into out (at least n bytes). */
static size_t
zeek_unescape(const char *f, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (f[i] == '\\' && i + 3 < n && f[i + 1] == 'x' &&
		    (hi = hexval(f[i + 2])) >= 0 &&
		    (lo = hexval(f[i + 3])) >= 0) {
			out[o++] = (char)(hi << 4 | lo);
			i += 3;
		} else
			out[o++] = f[i];
	}
	return o;
}

static void
zeek_init(struct match_zeek *z)
{
	memset(z, 0, sizeof(*z));
	z->sep = '\t';
	z->setsep = ',';
	(void)snprintf(z->unset, sizeof(z->unset), "-");
	(void)snprintf(z->empty, sizeof(z->empty), "(empty)");
	z->unsetn = 1;
	z->emptyn = 7;
	z->ts = z->host = z->uri = -1;
}

/*
 * The next sep-separated field of [*p, end) into [*f, *f + *n), *p
 * moved past it (NULL after the last); false once there is none.
 */
static bool
next_field(const char **p, const char *end, char sep, const char **f,
    size_t *n)
{
	const char *q;

	if (*p == NULL)
		return false;
	q = memchr(*p, sep, (size_t)(end - *p));
	*f = *p;
	*n = (size_t)((q != NULL ? q : end) - *p);
	*p = q != NULL ? q + 1 : NULL;
	return true;
}

static void
copy_word(char *dst, size_t dn, const char *s, size_t n)
{
	if (n >= dn)
		n = dn - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/*
 * A Zeek header line ("#separator \x09", "#fields\tts\tuid...", "#types
 * ...", "#path\thttp", ...) into z. False if it is not one.
 */
static bool
zeek_header(struct match_zeek *z, const char *line, size_t len)
{
	static const char *const never[] = { "time", "interval", "count",
		"int", "port", "double", "bool", NULL };
	const char *end = line + len, *p, *f;
	size_t n;
	int i;

	if (len >= 15 && memcmp(line, "#separator \\x", 13) == 0) {
		int hi = hexval(line[13]), lo = hexval(line[14]);

		if (hi < 0 || lo < 0)
			return false;
		z->sep = (char)(hi << 4 | lo);
		return true;
	}
	if (len < 2 || line[0] != '#')
		return false;
	p = line + 1;
	if (!next_field(&p, end, z->sep, &f, &n))
		return false;
#define IS(w)	(n == sizeof(w) - 1 && memcmp(f, w, n) == 0)
	if (IS("set_separator")) {
		if (next_field(&p, end, z->sep, &f, &n) && n > 0) {
			char c[4];

			if (n == 4 && f[0] == '\\' && f[1] == 'x' &&
			    zeek_unescape(f, n, c) == 1)
				z->setsep = c[0];
			else
				z->setsep = f[0];
		}
	} else if (IS("unset_field")) {
		if (next_field(&p, end, z->sep, &f, &n))
			copy_word(z->unset, sizeof(z->unset), f, n);
		z->unsetn = strlen(z->unset);
	} else if (IS("empty_field")) {
		if (next_field(&p, end, z->sep, &f, &n))
			copy_word(z->empty, sizeof(z->empty), f, n);
		z->emptyn = strlen(z->empty);
	} else if (IS("path")) {
		if (next_field(&p, end, z->sep, &f, &n))
			copy_word(z->path, sizeof(z->path), f, n);
		z->http = strcmp(z->path, "http") == 0;
	} else if (IS("fields")) {
		z->ts = z->host = z->uri = -1;
		for (i = 0; next_field(&p, end, z->sep, &f, &n); i++) {
			if (i >= MATCH_ZEEK_COLS)
				break;
			copy_word(z->name[i], sizeof(z->name[i]), f, n);
			if (IS("ts"))
				z->ts = i;
			else if (IS("host"))
				z->host = i;
			else if (IS("uri"))
				z->uri = i;
		}
		z->ncols = i;
	} else if (IS("types")) {
		memset(z->kind, ZK_ANY, sizeof(z->kind));
		for (i = 0; i < MATCH_ZEEK_COLS &&
		    next_field(&p, end, z->sep, &f, &n); i++) {
			for (int k = 0; never[k] != NULL; k++)
				if (strlen(never[k]) == n &&
				    memcmp(never[k], f, n) == 0)
					z->kind[i] = ZK_SKIP;
			if (IS("addr"))
				z->kind[i] = ZK_ADDR;
			if ((n > 4 && memcmp(f, "set[", 4) == 0) ||
			    (n > 7 && memcmp(f, "vector[", 7) == 0))
				z->kind[i] = ZK_SET;
		}
		z->typed = true;
	}
#undef IS
	return true;
}

static bool
is_word(const char *f, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(f, w, n) == 0;
}

static bool
is_unset(const struct match_zeek *z, const char *f, size_t n)
{
	return (n == z->unsetn && memcmp(f, z->unset, n) == 0) ||
	    (n == z->emptyn && memcmp(f, z->empty, n) == 0);
}

/* One Zeek field (or set element), shaped by mask: decoded if escaped. */
static void
zeek_value(struct part *p, const char *f, size_t n, unsigned mask)
{
	if (n == 0 || is_unset(&p->z, f, n))
		return;
	if ((mask & C_JSTOP) && memchr(f, '\\', n) != NULL) {
		n = zeek_unescape(f, n, p->dec);
		value(p, p->dec, n);
		return;
	}
	value_shaped(p, f, n, mask);
}

static void
zeek_elements(struct part *p, const char *f, size_t n)
{
	const char *e = f + n, *g;
	size_t gn;

	while (next_field(&f, e, p->z.setsep, &g, &gn))
		zeek_value(p, g, gn, shape(g, gn));
}

/*
 * A Zeek TSV row: each field, and each element of a set or vector (or,
 * without #types, of any field holding the set separator), unset and
 * empty fields not; ts is the event's time; an http.log row's host and
 * uri are also its URL. Fields typed as numbers, times or booleans hold
 * nothing an indicator can be, and are not looked at.
 */
static void
scan_zeek(struct part *p, const char *line, size_t len)
{
	const struct match_zeek *z = &p->z;
	const char *end = line + len, *f = line, *q, *host = NULL,
	    *uri = NULL;
	size_t n, hostn = 0, urin = 0;
	char sep = z->sep;
	int i;

	p->time = 0;
	for (i = 0;; i++) {
		int kind = i < MATCH_ZEEK_COLS ? z->kind[i] : ZK_ANY;
		unsigned mask = 0;

		if (kind == ZK_SKIP || kind == ZK_ADDR || i == z->ts) {
			/* Short fields: a call to memchr costs more. */
			for (q = f; q < end && *q != sep; q++)
				;
		} else
			for (q = f; q < end && *q != sep; q++)
				mask |= cls[(unsigned char)*q];
		n = (size_t)(q - f);
		p->col = i;
		if (i == z->ts) {
			if (!logtime_epoch(f, n, &p->time))
				p->time = 0;
		} else if (kind == ZK_ADDR) {
			if (p->tap != NULL)
				zeek_value(p, f, n, 0);
			else if (HAVE_ADDR(p->s) && !is_unset(z, f, n))
				look_host(p, f, n);
		} else if (kind != ZK_SKIP) {
			if (i == z->host && !is_unset(z, f, n)) {
				host = f;
				hostn = n;
			} else if (i == z->uri && !is_unset(z, f, n)) {
				uri = f;
				urin = n;
			}
			if (kind == ZK_SET) {
				if (!is_unset(z, f, n))
					zeek_elements(p, f, n);
			} else {
				zeek_value(p, f, n, mask);
				if (!z->typed && (mask & C_OTHER) &&
				    memchr(f, z->setsep, n) != NULL)
					zeek_elements(p, f, n);
			}
		}
		if (q >= end)
			break;
		f = q + 1;
	}
	if ((z->http || (z->host >= 0 && z->uri >= 0)) && host != NULL &&
	    uri != NULL && urin > 0 && uri[0] == '/' &&
	    hostn + urin + 8 < sizeof(p->url) &&
	    (p->s != NULL || p->tap != NULL)) {
		char *u = p->hostbuf;
		int w;

		if (memchr(host, '\\', hostn) != NULL) {
			hostn = zeek_unescape(host, hostn, p->cap_host);
			host = p->cap_host;
		}
		if (memchr(uri, '\\', urin) != NULL) {
			urin = zeek_unescape(uri, urin, p->cap_uri);
			uri = p->cap_uri;
		}
		w = snprintf(u, sizeof(p->hostbuf), "http://%.*s%.*s",
		    (int)hostn, host, (int)urin, uri);
		if (w > 0 && (size_t)w < sizeof(p->hostbuf)) {
			p->label = "host+uri";
			value(p, u, (size_t)w);
			p->label = NULL;
		}
	}
}

/* ---- JSON: one object per line, every string and number a value ---- */

static void
js_ws(const char **q, const char *end)
{
	while (*q < end && (**q == ' ' || **q == '\t' || **q == '\r' ||
	    **q == '\n'))
		(*q)++;
}

static size_t
utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static bool
hex4(const char *s, const char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - s < 4)
		return false;
	for (int i = 0; i < 4; i++) {
		int h = hexval(s[i]);

		if (h < 0)
			return false;
		v = v << 4 | (uint32_t)h;
	}
	*out = v;
	return true;
}

/*
 * A string at *q (past its opening quote): its bytes as [*s, *s + *n),
 * in the line if it has no escapes, else decoded into dec. False if it
 * is not a JSON string: a control character, a bad escape, a lone
 * surrogate, no closing quote.
 */
static bool
js_string(const char **q, const char *end, char *dec, const char **s,
    size_t *n, unsigned *mask)
{
	const char *p = *q, *start = p;
	unsigned m = 0;
	size_t o = 0;
	bool esc = false;
	uint16_t c;

	/* The plain run, shaped on the way: most strings are all of it. */
	while (p < end && !((c = cls[(unsigned char)*p]) & C_JSTOP)) {
		m |= c;
		p++;
	}
	for (; p < end; p++) {
		unsigned char b = (unsigned char)*p;

		if (b == '"')
			break;
		if (b < 0x20)
			return false;
		if (b == '\\') {
			esc = true;
			if (++p >= end)
				return false;
		}
	}
	if (p >= end)
		return false;
	*q = p + 1;
	if (!esc) {
		*s = start;
		*n = (size_t)(p - start);
		*mask = m;
		return true;
	}
	for (const char *r = start; r < p; r++) {
		uint32_t u, lo;

		if (*r != '\\') {
			dec[o++] = *r;
			continue;
		}
		switch (*++r) {
		case '"': case '\\': case '/': dec[o++] = *r; break;
		case 'b': dec[o++] = '\b'; break;
		case 'f': dec[o++] = '\f'; break;
		case 'n': dec[o++] = '\n'; break;
		case 'r': dec[o++] = '\r'; break;
		case 't': dec[o++] = '\t'; break;
		case 'u':
			if (!hex4(r + 1, p, &u))
				return false;
			r += 4;
			if (u >= 0xdc00 && u <= 0xdfff)
				return false;
			if (u >= 0xd800 && u <= 0xdbff) {
				if (p - r < 7 || r[1] != '\\' || r[2] != 'u' ||
				    !hex4(r + 3, p, &lo) || lo < 0xdc00 ||
				    lo > 0xdfff)
					return false;
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				r += 6;
			}
			o += utf8_put(dec + o, u);
			break;
		default:
			return false;
		}
	}
	*s = dec;
	*n = o;
	*mask = shape(dec, o);
	return true;
}

static bool
js_key_is(const struct part *p, int d, const char *w)
{
	return p->idx[d] < 0 && is_word(p->keyp[d], p->keyn[d], w);
}

/* What the event's time, type and URL are made of. */
static void
js_capture(struct part *p, const char *s, size_t n, bool str)
{
	char t[64];
	int d = p->depth;
	char *dst = NULL;

	if (d == 1 && (js_key_is(p, 0, "timestamp") || js_key_is(p, 0, "ts"))) {
		if (n >= sizeof(t) || (p->time != 0 && js_key_is(p, 0, "ts")))
			return;
		memcpy(t, s, n);
		t[n] = '\0';
		if (!(str ? logtime_iso(t, &p->time) :
		    logtime_epoch(s, n, &p->time)))
			p->time = 0;
		return;
	}
	if (!str)
		return;
	if (d == 1 && js_key_is(p, 0, "event_type"))
		p->http_eve = is_word(s, n, "http");
	else if ((d == 1 && js_key_is(p, 0, "host")) ||
	    (d == 2 && js_key_is(p, 0, "http") && js_key_is(p, 1,
	    "hostname"))) {
		dst = p->cap_host;
		p->http_hostn = n;
		p->http_host = dst;
	} else if ((d == 1 && js_key_is(p, 0, "uri")) ||
	    (d == 2 && js_key_is(p, 0, "http") && js_key_is(p, 1, "url"))) {
		dst = p->cap_uri;
		p->http_urin = n;
		p->http_uri = dst;
	}
	if (dst != NULL)
		memmove(dst, s, n);
}

static bool
js_digits(const char **q, const char *end)
{
	const char *p = *q;

	while (*q < end && **q >= '0' && **q <= '9')
		(*q)++;
	return *q > p;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, RFC 8259's number. */
static bool
js_number(const char **q, const char *end)
{
	if (*q < end && **q == '-')
		(*q)++;
	if (*q < end && **q == '0')
		(*q)++;
	else if (!js_digits(q, end))
		return false;
	if (*q < end && **q == '.') {
		(*q)++;
		if (!js_digits(q, end))
			return false;
	}
	if (*q < end && (**q == 'e' || **q == 'E')) {
		(*q)++;
		if (*q < end && (**q == '+' || **q == '-'))
			(*q)++;
		if (!js_digits(q, end))
			return false;
	}
	return true;
}

static bool
js_value(struct part *p, const char **q, const char *end, int depth)
{
	const char *s;
	unsigned mask;
	size_t n;
	long i;

	js_ws(q, end);
	if (*q >= end)
		return false;
	switch (**q) {
	case '{':
	case '[': {
		bool obj = **q == '{';
		char close = obj ? '}' : ']';

		if (depth >= MATCH_JSON_DEPTH)
			return false;
		(*q)++;
		js_ws(q, end);
		if (*q < end && **q == close) {
			(*q)++;
			return true;
		}
		for (i = 0;; i++) {
			if (obj) {
				if (*q >= end || **q != '"')
					return false;
				(*q)++;
				/* A key is its raw bytes: a label only. */
				s = *q;
				if (!js_string(q, end, p->low, &p->keyp[depth],
				    &n, &mask))
					return false;
				p->keyp[depth] = s;
				p->keyn[depth] = (size_t)(*q - 1 - s);
				p->idx[depth] = -1;
				js_ws(q, end);
				if (*q >= end || **q != ':')
					return false;
				(*q)++;
			} else
				p->idx[depth] = i;
			p->depth = depth + 1;
			if (!js_value(p, q, end, depth + 1))
				return false;
			p->depth = depth;
			js_ws(q, end);
			if (*q < end && **q == ',') {
				(*q)++;
				js_ws(q, end);
				continue;
			}
			if (*q < end && **q == close) {
				(*q)++;
				return true;
			}
			return false;
		}
	}
	case '"':
		(*q)++;
		if (!js_string(q, end, p->dec, &s, &n, &mask))
			return false;
		if (p->tap == NULL && depth <= 2)
			js_capture(p, s, n, true);
		value_shaped(p, s, n, mask);
		return true;
	case 't':
		if (end - *q >= 4 && memcmp(*q, "true", 4) == 0) {
			*q += 4;
			return true;
		}
		return false;
	case 'f':
		if (end - *q >= 5 && memcmp(*q, "false", 5) == 0) {
			*q += 5;
			return true;
		}
		return false;
	case 'n':
		if (end - *q >= 4 && memcmp(*q, "null", 4) == 0) {
			*q += 4;
			return true;
		}
		return false;
	default:
		s = *q;
		if (!js_number(q, end))
			return false;
		if (p->tap == NULL && depth <= 1)
			js_capture(p, s, (size_t)(*q - s), false);
		value(p, s, (size_t)(*q - s));
		return true;
	}
}

/* One JSON line; false if it is not one JSON object and nothing else. */
static bool
scan_json(struct part *p, const char *line, size_t len)
{
	const char *q = line, *end = line + len;

	p->time = 0;
	p->depth = 0;
	p->http_eve = false;
	p->http_host = p->http_uri = NULL;
	js_ws(&q, end);
	if (q >= end || *q != '{' || !js_value(p, &q, end, 0))
		return false;
	js_ws(&q, end);
	if (q != end)
		return false;
	p->depth = 0;
	if (p->http_host != NULL && p->http_uri != NULL) {
		/* EVE's http.hostname and http.url; Zeek's host and uri. */
		int w;

		if (p->http_urin == 0 || p->http_uri[0] != '/')
			return true;
		w = snprintf(p->url, sizeof(p->url), "http://%.*s%.*s",
		    (int)p->http_hostn, p->http_host, (int)p->http_urin,
		    p->http_uri);
		if (w > 0 && (size_t)w < sizeof(p->url) &&
		    (size_t)w < sizeof(p->low)) {
			memcpy(p->low, p->url, (size_t)w);
			p->label = p->http_eve ? "http.hostname+http.url" :
			    "host+uri";
			value(p, p->low, (size_t)w);
			p->label = NULL;
		}
	}
	return true;
}

/* ---- events into findings ---- */

/* The format's name for the provenance, from its first line. */
static const char *
format_name(enum match_mode m, const char *line, size_t len)
{
	enum origins_format f = origins_detect(line, len);

	if (m == MATCH_ZEEK)
		return "zeek";
	if (f == ORIGINS_EVE || f == ORIGINS_ZEEKJSON || f == ORIGINS_WEB ||
	    f == ORIGINS_AUTH || f == ORIGINS_CSV)
		return origins_format_names[f];
	return m == MATCH_JSON ? "json" : "text";
}

static bool
blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	return true;
}

/*
 * Until a file's format is known: a blank line says nothing; a Zeek
 * header says Zeek; '{' says JSON; anything else is text.
 */
static void
detect(struct part *p, const char *line, size_t len)
{
	if ((len >= 10 && memcmp(line, "#separator", 10) == 0) ||
	    (len >= 7 && memcmp(line, "#fields", 7) == 0))
		p->mode = MATCH_ZEEK;
	else if (line[0] == '{')
		p->mode = MATCH_JSON;
	else
		p->mode = MATCH_TEXT;
	p->fmt = format_name(p->mode, line, len);
}

static struct match_seen *
seen_of(struct part *p, uint32_t id)
{
	if (p->seen[id] == NULL) {
		if ((p->seen[id] = calloc(1, sizeof(*p->seen[id]))) == NULL) {
			p->err = HL_ENOMEM;
			return NULL;
		}
		p->touched[p->ntouched++] = id;
	}
	return p->seen[id];
}

static void
seen_add(struct match_seen *w, uint64_t count, int64_t first, int64_t last)
{
	w->count += count;
	if (first != 0 && (w->first == 0 || first < w->first))
		w->first = first;
	if (last != 0 && last > w->last)
		w->last = last;
}

/* The event's hits, each once, unless its time is outside the window. */
static void
commit(struct part *p)
{
	const struct match_opts *o = p->o;

	p->in.events++;
	if (p->time != 0 && ((o->since != 0 && p->time < o->since) ||
	    (o->until != 0 && p->time >= o->until))) {
		p->in.filtered++;
		return;
	}
	for (size_t i = 0; i < p->nhit; i++) {
		struct match_seen *w = seen_of(p, p->hit[i].id);

		if (w == NULL)
			return;
		seen_add(w, 1, p->time, p->time);
		if (w->nwhere < MATCH_WHERE) {
			w->where[w->nwhere].file = p->index;
			w->where[w->nwhere].line = p->lineno;
			memcpy(w->where[w->nwhere].field, p->hit[i].field,
			    sizeof(w->where[0].field));
			w->nwhere++;
		}
	}
}

static void
bad(struct part *p, uint64_t *count, uint64_t lineno)
{
	(*count)++;
	if (p->in.first_bad == 0)
		p->in.first_bad = lineno;
}

/* One line of the file: an event, a header or blank, or a counted skip. */
static int
take(void *arg, const char *path, uint64_t lineno, const char *line,
    size_t len)
{
	struct part *p = arg;

	(void)path;
	p->in.lines = lineno;
	if (line == NULL || len > HL_MAX_LOG_LINE) {
		bad(p, &p->in.too_long, lineno);
		return 0;
	}
	if (p->head < MATCH_BINARY_HEAD) {
		if (memchr(line, '\0', len) != NULL) {
			p->in.binary = true;
			return HL_EINVAL;
		}
		p->head += len + 1;
	}
	if (len == 0 || blank(line, len)) {
		p->in.blank++;
		return 0;
	}
	if (p->mode == MATCH_AUTO)
		detect(p, line, len);
	else if (p->fmt == NULL)
		p->fmt = format_name(p->mode, line, len);
	if (p->mode == MATCH_ZEEK && line[0] == '#') {
		(void)zeek_header(&p->z, line, len);
		p->in.blank++;
		return 0;
	}
	p->event++;
	p->nhit = 0;
	p->lineno = lineno;
	switch (p->mode) {
	case MATCH_ZEEK:
		scan_zeek(p, line, len);
		break;
	case MATCH_JSON:
		if (!scan_json(p, line, len)) {
			bad(p, &p->in.malformed, lineno);
			return p->err;
		}
		break;
	default:
		text_time(p, line, len);
		scan_text(p, line, len);
		break;
	}
	commit(p);
	return p->err;
}

/* Two parts of one file. */
struct file {
	struct part	*p[2];
};

static void
part_free(struct part *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; p->seen != NULL && i < p->ntouched; i++)
		free(p->seen[p->touched[i]]);
	free(p->seen);
	free(p->stamp);
	free(p->touched);
	free(p->hit);
	free(p);
}

static struct part *
part_new(struct match_set *s, const struct match_opts *o, int64_t now)
{
	struct part *p = calloc(1, sizeof(*p));
	size_t n = s != NULL ? s->l->n + 1 : 1;

	if (p == NULL)
		return NULL;
	p->s = s;
	p->o = o;
	p->now = now;
	p->mode = o != NULL ? o->mode : MATCH_AUTO;
	zeek_init(&p->z);
	if ((p->seen = calloc(n, sizeof(*p->seen))) == NULL ||
	    (p->stamp = calloc(n, sizeof(*p->stamp))) == NULL ||
	    (p->touched = calloc(n, sizeof(*p->touched))) == NULL) {
		part_free(p);
		return NULL;
	}
	return p;
}

/* Sets up a part's format from lines of the file's head, as take() would. */
static void
part_head(struct part *p, const char *head, size_t n)
{
	const char *q = head, *nl;

	while ((nl = memchr(q, '\n', (size_t)(head + n - q))) != NULL) {
		size_t len = (size_t)(nl - q);

		if (len > 0 && !blank(q, len)) {
			if (p->mode == MATCH_AUTO)
				detect(p, q, len);
			if (p->mode != MATCH_ZEEK || q[0] != '#')
				break;
			(void)zeek_header(&p->z, q, len);
		}
		q = nl + 1;
	}
}

/* The second part starts mid-file with the format the head shows. */
static bool
split(void *arg, const char *head, size_t n)
{
	struct file *f = arg;

	part_head(f->p[1], head, n);
	f->p[1]->head = MATCH_BINARY_HEAD;	/* the first part looks */
	/*
	 * Not a Zeek log: its header blocks may change the columns anywhere
	 * (logs concatenated), and the second part would read its rows by
	 * the first block's.
	 */
	return f->p[1]->mode != MATCH_AUTO && f->p[1]->mode != MATCH_ZEEK;
}

static void
progress(void *arg, const char *path, uint64_t done, uint64_t size)
{
	struct file *f = arg;

	f->p[0]->o->progress(f->p[0]->o->arg, path, done, size);
}

/* A part's findings into the set's, its lines after skip lines. */
static int
merge(struct match_set *s, struct part *p, uint64_t skip)
{
	for (size_t i = 0; i < p->ntouched; i++) {
		uint32_t id = p->touched[i];
		struct match_seen *a = p->seen[id], *w = s->seen[id];

		if (w == NULL) {
			if ((w = s->seen[id] = calloc(1, sizeof(*w))) == NULL)
				return HL_ENOMEM;
		}
		seen_add(w, a->count, a->first, a->last);
		for (size_t k = 0; k < a->nwhere && w->nwhere < MATCH_WHERE;
		    k++) {
			w->where[w->nwhere] = a->where[k];
			w->where[w->nwhere].line += skip;
			w->nwhere++;
		}
	}
	return 0;
}

static void
input_add(struct match_input *in, const struct match_input *a, uint64_t skip)
{
	in->events += a->events;
	in->blank += a->blank;
	in->malformed += a->malformed;
	in->too_long += a->too_long;
	in->filtered += a->filtered;
	if (in->first_bad == 0 && a->first_bad != 0)
		in->first_bad = a->first_bad + skip;
	if (a->syslog_year)
		in->syslog_year = 1;
}

int
match_file(const struct match_opts *o, struct match_set *s,
    struct match_input *in, struct hl_diag *d)
{
	struct reader_sink sink = { .line = take,
	    .split = o->threads > 1 ? split : NULL,
	    .progress = o->progress != NULL ? progress : NULL };
	struct reader *r = NULL;
	struct file f = { { NULL, NULL } };
	struct stat st;
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (strcmp(in->path, "-") != 0 && stat(in->path, &st) == 0)
		now = (int64_t)st.st_mtime;
	if ((rc = reader_open(in->path, o->threads, &r, d)) != 0)
		goto out;
	if ((f.p[0] = part_new(s, o, now)) == NULL ||
	    (f.p[1] = part_new(s, o, now)) == NULL) {
		rc = hl_diag_set(d, HL_ENOMEM, in->path, "out of memory");
		goto out;
	}
	f.p[0]->index = f.p[1]->index = in->index;
	sink.arg[0] = f.p[0];
	sink.arg[1] = f.p[1];
	sink.hook_arg = &f;
	rc = reader_read(r, &sink, d);
	if (f.p[0]->in.binary) {
		in->binary = true;
		in->format = "binary";
		rc = 0;
	} else if (rc == 0 || rc == HL_EIO) {
		uint64_t lines = reader_lines(r, 0);
		int m;

		/* What was read counts, even if the rest could not be. */
		if ((m = merge(s, f.p[0], 0)) != 0 ||
		    (m = merge(s, f.p[1], lines)) != 0)
			rc = hl_diag_set(d, m, in->path, "out of memory");
		input_add(in, &f.p[0]->in, 0);
		input_add(in, &f.p[1]->in, lines);
		in->lines = lines + reader_lines(r, 1);
		in->parts = reader_parts(r);
		in->format = f.p[0]->fmt != NULL ? f.p[0]->fmt : "empty";
	} else if (rc == HL_ENOMEM || f.p[0]->err || f.p[1]->err)
		rc = hl_diag_set(d, HL_ENOMEM, in->path, "out of memory");
	if (in->syslog_year) {
		struct tm tm;
		time_t t = (time_t)now;

		in->syslog_year = gmtime_r(&t, &tm) != NULL ?
		    tm.tm_year + 1900 : 0;
	}
	if (rc == 0)
		rc = reader_hash(r, in->sha256, &in->size, d);
	else if (rc == HL_EIO && !in->binary) {
		/* A file read in part is still named by what it holds. */
		struct hl_diag hd;

		if (reader_hash(r, in->sha256, &in->size, &hd) != 0)
			in->sha256[0] = '\0';
	}
out:
	part_free(f.p[0]);
	part_free(f.p[1]);
	reader_close(r);
	return rc;
}

/* ---- findings out ---- */

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t k;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return k;
}

/*
 * "PATH:LINE FIELD" as a response's where may hold it: one line of
 * valid UTF-8 (a control character or a byte that is not UTF-8 becomes
 * '?'), at most HL_MAX_SHORT_LEN bytes (a longer path loses its start
 * to "...").
 */
static void
where_text(const char *path, uint64_t line, const char *field,
    char out[static HL_MAX_SHORT_LEN + 1])
{
	char raw[4096 + 128], *clean = raw;
	size_t n, o = 0, start = 0;
	int w;

	w = snprintf(raw, sizeof(raw), "%s:%llu %s", path,
	    (unsigned long long)line, field);
	n = w < 0 ? 0 : (size_t)w >= sizeof(raw) ? sizeof(raw) - 1 : (size_t)w;
	for (size_t i = 0; i < n;) {
		const unsigned char *c = (const unsigned char *)raw + i;
		size_t k = *c < 0x20 || *c == 0x7f ? 0 : utf8_len(c, n - i);

		if (k == 0) {
			clean[o++] = '?';
			i++;
		} else {
			memmove(clean + o, raw + i, k);
			o += k;
			i += k;
		}
	}
	if (o > HL_MAX_SHORT_LEN) {
		start = o - (HL_MAX_SHORT_LEN - 3);
		while (start < o && ((unsigned char)clean[start] & 0xc0) == 0x80)
			start++;
		memcpy(out, "...", 3);
		memcpy(out + 3, clean + start, o - start);
		out[3 + o - start] = '\0';
		return;
	}
	memcpy(out, clean, o);
	out[o] = '\0';
}

static json_t *
typed_value(const struct indicator *v)
{
	return json_pack("{s:s, s:s}", "type", ioc_type_names[v->type],
	    "value", v->value);
}

/* A time member, if the time is known. */
static int
set_time(json_t *o, const char *key, int64_t t)
{
	char ts[PROTO_TIME_LEN];

	if (t == 0)
		return 0;
	proto_time_format(t, ts);
	return json_object_set_new(o, key, json_string(ts));
}

int
match_json(const struct match_set *s, const char *const *paths,
    json_t **found, json_t **missing)
{
	json_t *f = json_array(), *m = json_array();

	*found = *missing = NULL;
	if (f == NULL || m == NULL)
		goto fail;
	for (size_t i = 0; i < s->l->n; i++) {
		const struct match_seen *w = match_seen(s, i);
		json_t *o, *where;

		if (w->count == 0) {
			if (json_array_append_new(m, typed_value(&s->l->v[i])))
				goto fail;
			continue;
		}
		if ((o = json_pack("{s:o, s:I}", "indicator",
		    typed_value(&s->l->v[i]), "count",
		    (json_int_t)w->count)) == NULL ||
		    json_array_append_new(f, o) != 0 ||
		    set_time(o, "first_seen", w->first) != 0 ||
		    set_time(o, "last_seen", w->last) != 0 ||
		    (where = json_array()) == NULL ||
		    json_object_set_new(o, "where", where) != 0)
			goto fail;
		for (size_t k = 0; k < w->nwhere; k++) {
			char t[HL_MAX_SHORT_LEN + 1];

			where_text(paths[w->where[k].file], w->where[k].line,
			    w->where[k].field, t);
			if (json_array_append_new(where, json_string(t)) != 0)
				goto fail;
		}
	}
	*found = f;
	*missing = m;
	return 0;
fail:
	json_decref(f);
	json_decref(m);
	return HL_ENOMEM;
}

void
match_values(enum match_mode m, const char *head, size_t headlen,
    const char *line, size_t len, void (*fn)(void *, const char *, size_t,
    const char *), void *arg)
{
	struct part *p;

	cls_init();
	if (len > HL_MAX_LOG_LINE || (p = calloc(1, sizeof(*p))) == NULL)
		return;
	p->mode = m;
	zeek_init(&p->z);
	if (head != NULL)
		part_head(p, head, headlen);
	p->tap = fn;
	p->tap_arg = arg;
	switch (m) {
	case MATCH_ZEEK:
		scan_zeek(p, line, len);
		break;
	case MATCH_JSON:
		(void)scan_json(p, line, len);
		break;
	default:
		scan_text(p, line, len);
		break;
	}
	free(p);
}
