/*
 * Escaping untrusted bytes for logs and terminals. See esc.h.
 */
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "esc.h"

/*
 * The length of the well-formed UTF-8 character at p (2 to 4 bytes; RFC
 * 3629's table, so no overlong form, surrogate or code point past
 * U+10FFFF), or 0 if there is none. C1 controls (U+0080..U+009F, "\xc2\x80"
 * to "\xc2\x9f") count as none: terminals take U+009B for CSI.
 */
static size_t
utf8_len(const uint8_t *p, size_t n)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t k;

	if (c >= 0xc2 && c <= 0xdf)
		k = 2;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4;
	else
		return 0;	/* ASCII, a continuation, 0xc0, 0xc1, 0xf5.. */
	if (c == 0xc2)
		lo = 0xa0;	/* not C1 */
	else if (c == 0xe0)
		lo = 0xa0;	/* not overlong */
	else if (c == 0xed)
		hi = 0x9f;	/* not a surrogate */
	else if (c == 0xf0)
		lo = 0x90;	/* not overlong */
	else if (c == 0xf4)
		hi = 0x8f;	/* not past U+10FFFF */
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return k;
}

/*
 * The escaped form of the character at p: into e (>= 5 bytes) with its
 * length in *elen, or passed through (*elen = 0) as *in bytes.
 */
static size_t
esc_one(const uint8_t *p, size_t n, char e[static 5], size_t *elen)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t c = p[0];
	size_t k;

	*elen = 0;
	if (c >= 0x20 && c < 0x7f && c != '\\')
		return 1;
	if (c >= 0x80 && (k = utf8_len(p, n)) > 0)
		return k;
	e[0] = '\\';
	*elen = 2;
	switch (c) {
	case '\\': e[1] = '\\'; break;
	case '\n': e[1] = 'n'; break;
	case '\r': e[1] = 'r'; break;
	case '\t': e[1] = 't'; break;
	default:
		e[1] = 'x';
		e[2] = hex[c >> 4];
		e[3] = hex[c & 15];
		*elen = 4;
	}
	return 1;
}

bool
esc_is_clean(const void *p, size_t n)
{
	const uint8_t *s = p;
	char e[5];
	size_t i = 0, k, elen;

	while (i < n) {
		k = esc_one(s + i, n - i, e, &elen);
		if (elen != 0)
			return false;
		i += k;
	}
	return true;
}

size_t
esc_bytes(char *out, size_t outsz, const void *p, size_t n, size_t *outlen)
{
	const uint8_t *s = p;
	size_t i = 0, o = 0, k, elen;
	char e[5];

	while (i < n) {
		k = esc_one(s + i, n - i, e, &elen);
		if (o + (elen ? elen : k) >= outsz)
			break;
		if (elen != 0)
			memcpy(out + o, e, elen);
		else
			memcpy(out + o, s + i, k);
		o += elen ? elen : k;
		i += k;
	}
	if (outsz > 0)
		out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return i;
}

int
esc_buf(struct buf *b, const void *p, size_t n)
{
	const uint8_t *s = p;
	size_t i = 0, run = 0, k, elen;
	char e[5];

	/* Runs that pass through go in one append each. */
	while (i < n && buf_err(b) == 0) {
		k = esc_one(s + i, n - i, e, &elen);
		if (elen == 0) {
			run += k;
			i += k;
			continue;
		}
		(void)buf_add(b, s + i - run, run);
		(void)buf_add(b, e, elen);
		run = 0;
		i += k;
	}
	(void)buf_add(b, s + i - run, run);
	return buf_err(b);
}
