/*
 * C2SP signed notes and cosignatures. See note.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc.h"
#include "note.h"

#define EM_DASH		"\xe2\x80\x94"
#define COSIG_PREFIX	"cosignature/v1\ntime "

/* Is the UTF-8 sequence at s a Unicode White_Space character? */
static bool
unicode_space(const unsigned char *s, size_t left)
{
	if (left >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return true;
	if (left < 3)
		return false;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)	/* U+1680 */
		return true;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return true;				/* U+2000..200A, ... */
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)	/* U+205F */
		return true;
	return s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80;	/* U+3000 */
}

/* Key names: non-empty, no spaces of any kind, no '+'. */
static bool
name_ok(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0 || n >= NOTE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (u[i] <= 0x20 || u[i] == '+' || u[i] == 0x7f ||
		    unicode_space(u + i, n - i))
			return false;
	return true;
}

int
note_vkey_parse(const char *s, struct note_vkey *k, struct hl_diag *d)
{
	const char *p1, *p2;
	uint8_t raw[1 + 64 + 1];
	size_t got = 0, nl;
	char *end;

	memset(k, 0, sizeof(*k));
	if ((p1 = strchr(s, '+')) == NULL ||
	    (p2 = strchr(p1 + 1, '+')) == NULL || p2 - p1 != 9 ||
	    !enc_is_lowhex(p1 + 1, 8))
		return hl_diag_set(d, HL_EPARSE, NULL, "verifier key '%.80s' "
		    "is not name+keyid+key", s);
	nl = (size_t)(p1 - s);
	if (!name_ok(s, nl))
		return hl_diag_set(d, HL_EPARSE, NULL, "verifier key name "
		    "'%.*s' is empty or has spaces or '+'", (int)nl, s);
	memcpy(k->name, s, nl);
	k->name[nl] = '\0';
	k->id = (uint32_t)strtoul(p1 + 1, &end, 16);
	if (!enc_b64_decode(p2 + 1, strlen(p2 + 1), raw, sizeof(raw), &got) ||
	    got < 2 || got > 1 + sizeof(k->key))
		return hl_diag_set(d, HL_EPARSE, NULL, "verifier key %s: key "
		    "is not base64 of a type and a key", k->name);
	k->type = raw[0];
	k->keylen = got - 1;
	memcpy(k->key, raw + 1, k->keylen);
	if (k->type != NOTE_TYPE_ED25519)
		return 0;
	if (k->keylen != HL_PK_LEN)
		return hl_diag_set(d, HL_EPARSE, NULL, "verifier key %s: an "
		    "Ed25519 key is 32 bytes, not %zu", k->name, k->keylen);
	if (sig_keyid(k->name, NOTE_TYPE_ED25519, k->key, HL_PK_LEN) != k->id)
		return hl_diag_set(d, HL_EPARSE, NULL, "verifier key %s: key "
		    "id %08x does not match the key", k->name, k->id);
	k->cosig_id = sig_keyid(k->name, NOTE_TYPE_COSIG, k->key, HL_PK_LEN);
	return 0;
}

int
note_vkey_of(const struct sig_key *k, struct note_vkey *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(sig_key_name(k)) >= NOTE_NAME_MAX)
		return HL_EINVAL;
	memcpy(out->name, sig_key_name(k), strlen(sig_key_name(k)));
	out->type = NOTE_TYPE_ED25519;
	out->keylen = HL_PK_LEN;
	memcpy(out->key, sig_key_pk(k), HL_PK_LEN);
	out->id = sig_keyid(out->name, NOTE_TYPE_ED25519, out->key,
	    HL_PK_LEN);
	out->cosig_id = sig_keyid(out->name, NOTE_TYPE_COSIG, out->key,
	    HL_PK_LEN);
	return 0;
}

void
note_free(struct note *n)
{
	if (n == NULL)
		return;
	free(n->buf);
	free(n);
}

/* Valid UTF-8 with no control characters but '\n'. */
static long
text_bad_at(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t b = p[i];

		if (b < 0x80) {
			if ((b < 0x20 && b != '\n') || b == 0x7f)
				return (long)i;
			i++;
			continue;
		}
		/* The same strict decoding as canon.c. */
		if (b >= 0xc2 && b <= 0xdf && i + 1 < n &&
		    (p[i + 1] & 0xc0) == 0x80)
			i += 2;
		else if (b >= 0xe0 && b <= 0xef && i + 2 < n &&
		    p[i + 1] >= (b == 0xe0 ? 0xa0 : 0x80) &&
		    p[i + 1] <= (b == 0xed ? 0x9f : 0xbf) &&
		    (p[i + 2] & 0xc0) == 0x80)
			i += 3;
		else if (b >= 0xf0 && b <= 0xf4 && i + 3 < n &&
		    p[i + 1] >= (b == 0xf0 ? 0x90 : 0x80) &&
		    p[i + 1] <= (b == 0xf4 ? 0x8f : 0xbf) &&
		    (p[i + 2] & 0xc0) == 0x80 && (p[i + 3] & 0xc0) == 0x80)
			i += 4;
		else
			return (long)i;
	}
	return -1;
}

static int
parse_sig_line(struct note *n, const char *line, size_t len, size_t at,
    struct hl_diag *d)
{
	uint8_t blob[HL_MAX_NOTE_BLOB];
	struct note_sig *s = &n->sigs[n->nsigs];
	const char *sp, *b64;
	size_t got = 0;

	if (len < 4 || memcmp(line, EM_DASH " ", 4) != 0) {
		hl_diag_offset(d, (long)at);
		return hl_diag_set(d, HL_EPARSE, NULL, "signature line does "
		    "not start with an em dash and a space");
	}
	if ((sp = memchr(line + 4, ' ', len - 4)) == NULL) {
		hl_diag_offset(d, (long)at);
		return hl_diag_set(d, HL_EPARSE, NULL, "signature line has no "
		    "space between name and signature");
	}
	s->name = line + 4;
	s->namelen = (size_t)(sp - s->name);
	if (!name_ok(s->name, s->namelen)) {
		hl_diag_offset(d, (long)at + 4);
		return hl_diag_set(d, HL_EPARSE, NULL, "signature line names "
		    "an invalid key name");
	}
	b64 = sp + 1;
	if (!enc_b64_decode(b64, (size_t)(line + len - b64), blob,
	    sizeof(blob), &got) || got < 5) {
		hl_diag_offset(d, (long)(at + (size_t)(b64 - line)));
		return hl_diag_set(d, HL_EPARSE, NULL, "signature of %.*s is "
		    "not base64 of a key id and a signature",
		    (int)s->namelen, s->name);
	}
	s->id = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
	    (uint32_t)blob[2] << 8 | blob[3];
	s->siglen = got - 4;
	if (s->siglen <= sizeof(s->sig))
		memcpy(s->sig, blob + 4, s->siglen);
	s->line = line;
	s->linelen = len + 1;
	for (size_t i = 0; i < n->nsigs; i++)
		if (n->sigs[i].linelen == s->linelen &&
		    memcmp(n->sigs[i].line, line, len) == 0) {
			hl_diag_offset(d, (long)at);
			return hl_diag_set(d, HL_EPARSE, NULL, "duplicate "
			    "signature line for %.*s", (int)s->namelen,
			    s->name);
		}
	n->nsigs++;
	return 0;
}

int
note_parse(const uint8_t *p, size_t len, struct note **out,
    struct hl_diag *d)
{
	struct note *n;
	size_t at, split = 0;
	long bad;
	int r;

	*out = NULL;
	if (len > HL_MAX_NOTE_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "note larger than %d "
		    "bytes", HL_MAX_NOTE_BYTES);
	if ((bad = text_bad_at(p, len)) >= 0) {
		hl_diag_offset(d, bad);
		return hl_diag_set(d, HL_EPARSE, NULL, "not UTF-8 text without "
		    "control characters");
	}
	if (len == 0 || p[len - 1] != '\n')
		return hl_diag_set(d, HL_EPARSE, NULL, "a note ends with a "
		    "newline");
	/* The text ends at the last blank line. */
	for (at = len - 1; at > 0; at--)
		if (p[at] == '\n' && p[at - 1] == '\n') {
			split = at;
			break;
		}
	if (split == 0)
		return hl_diag_set(d, HL_EPARSE, NULL, "no blank line between "
		    "text and signatures");
	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (n->buf = malloc(len + 1)) == NULL) {
		note_free(n);
		return HL_ENOMEM;
	}
	memcpy(n->buf, p, len);
	n->buf[len] = '\0';
	n->len = len;
	n->textlen = split;
	for (at = split + 1; at < len;) {
		const uint8_t *nl = memchr(n->buf + at, '\n', len - at);
		size_t ll = (size_t)(nl - (n->buf + at));

		if (n->nsigs == HL_MAX_NOTE_SIGS) {
			r = hl_diag_set(d, HL_ETOOBIG, NULL, "more than %d "
			    "signature lines", HL_MAX_NOTE_SIGS);
			goto fail;
		}
		if ((r = parse_sig_line(n, (const char *)n->buf + at, ll, at,
		    d)) != 0)
			goto fail;
		at += ll + 1;
	}
	if (n->nsigs == 0) {
		r = hl_diag_set(d, HL_EPARSE, NULL, "no signature lines");
		goto fail;
	}
	*out = n;
	return 0;
fail:
	note_free(n);
	return r;
}

static bool
name_is(const struct note_sig *s, const char *name)
{
	return strlen(name) == s->namelen &&
	    memcmp(name, s->name, s->namelen) == 0;
}

/* "cosignature/v1\ntime T\n" || text, the bytes a cosignature signs. */
static int
cosig_message(const uint8_t *text, size_t n, uint64_t time, struct buf *out)
{
	(void)buf_printf(out, COSIG_PREFIX "%llu\n", (unsigned long long)time);
	return buf_add(out, text, n);
}

enum note_status
note_check(const struct note *n, size_t i, const struct note_vkey *keys,
    size_t nkeys, size_t *key, uint64_t *time)
{
	const struct note_sig *s = &n->sigs[i];
	enum note_status st = NOTE_UNKNOWN;

	for (size_t k = 0; k < nkeys && st == NOTE_UNKNOWN; k++) {
		const struct note_vkey *v = &keys[k];

		if (!name_is(s, v->name))
			continue;
		if (v->type != NOTE_TYPE_ED25519) {
			if (s->id == v->id) {
				*key = k;
				st = NOTE_UNSUPPORTED;
			}
			continue;
		}
		if (s->id == v->id) {
			*key = k;
			st = s->siglen == HL_SIG_LEN && sig_verify(v->key,
			    n->buf, n->textlen, s->sig) ? NOTE_VERIFIED :
			    NOTE_BAD;
		} else if (s->id == v->cosig_id) {
			struct buf m;
			uint64_t t = 0;

			*key = k;
			st = NOTE_BAD;
			if (s->siglen != 8 + HL_SIG_LEN)
				continue;
			for (int b = 0; b < 8; b++)
				t = t << 8 | s->sig[b];
			buf_init(&m, HL_MAX_NOTE_BYTES + 64);
			if (t <= INT64_MAX && cosig_message(n->buf, n->textlen,
			    t, &m) == 0 && sig_verify(v->key, m.p, m.len,
			    s->sig + 8)) {
				st = NOTE_COSIGNED;
				*time = t;
			}
			buf_done(&m);
		}
	}
	return st;
}

/* "— name base64(id || blob)\n" */
static int
sig_line(const char *name, uint32_t id, const uint8_t *blob, size_t n,
    struct buf *out)
{
	uint8_t b[4 + 8 + HL_SIG_LEN];

	b[0] = (uint8_t)(id >> 24);
	b[1] = (uint8_t)(id >> 16);
	b[2] = (uint8_t)(id >> 8);
	b[3] = (uint8_t)id;
	memcpy(b + 4, blob, n);
	(void)buf_printf(out, EM_DASH " %s ", name);
	(void)enc_b64(b, 4 + n, out);
	return buf_addc(out, '\n');
}

int
note_sign(const uint8_t *text, size_t n, const struct sig_key *k,
    struct buf *out)
{
	uint8_t sig[HL_SIG_LEN];
	int r;

	if (n == 0 || text[n - 1] != '\n')
		return HL_EINVAL;
	if ((r = sig_sign(k, text, n, sig)) != 0)
		return r;
	return sig_line(sig_key_name(k), sig_keyid(sig_key_name(k),
	    NOTE_TYPE_ED25519, sig_key_pk(k), HL_PK_LEN), sig, sizeof(sig),
	    out);
}

int
note_cosign(const uint8_t *text, size_t n, const struct sig_key *k,
    uint64_t time, struct buf *out)
{
	uint8_t blob[8 + HL_SIG_LEN];
	struct buf m;
	int r;

	if (n == 0 || text[n - 1] != '\n' || time > INT64_MAX)
		return HL_EINVAL;
	buf_init(&m, HL_MAX_NOTE_BYTES + 64);
	if ((r = cosig_message(text, n, time, &m)) == 0)
		r = sig_sign(k, m.p, m.len, blob + 8);
	buf_done(&m);
	if (r != 0)
		return r;
	for (int b = 0; b < 8; b++)
		blob[b] = (uint8_t)(time >> (56 - 8 * b));
	return sig_line(sig_key_name(k), sig_keyid(sig_key_name(k),
	    NOTE_TYPE_COSIG, sig_key_pk(k), HL_PK_LEN), blob, sizeof(blob),
	    out);
}
