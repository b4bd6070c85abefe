/*
 * Strict hex and base64. See enc.h.
 */
#include <sodium.h>

#include "enc.h"
#include "err.h"

int
enc_b64(const uint8_t *bin, size_t n, struct buf *out)
{
	size_t len = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL);
	uint8_t *at;

	/* len counts a NUL, which lands on the one buf_reserve() keeps. */
	if ((at = buf_reserve(out, len - 1)) == NULL)
		return out->err;
	sodium_bin2base64((char *)at, len, bin, n,
	    sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

/* The 6-bit value of c, or -1 outside the RFC 4648 section 4 alphabet. */
static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	return c == '/' ? 63 : -1;
}

bool
enc_b64_decode(const char *s, size_t slen, uint8_t *out, size_t max,
    size_t *outlen)
{
	size_t pad = 0, got = 0, want;
	const char *end = NULL;

	if (slen == 0 || slen % 4 != 0)
		return false;
	if (s[slen - 1] == '=')
		pad = s[slen - 2] == '=' ? 2 : 1;
	/* Every character but the padding must be in the alphabet. */
	for (size_t i = 0; i < slen - pad; i++)
		if (b64_value((unsigned char)s[i]) < 0)
			return false;
	want = slen / 4 * 3 - pad;
	if (want > max || sodium_base642bin(out, max, s, slen, NULL, &got,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 || got != want ||
	    end != s + slen)
		return false;
	/*
	 * The bits the padding leaves over in the last character must be
	 * zero, or two texts would spell the same bytes.
	 */
	if (pad == 2 && (b64_value((unsigned char)s[slen - 3]) & 0x0f) != 0)
		return false;
	if (pad == 1 && (b64_value((unsigned char)s[slen - 2]) & 0x03) != 0)
		return false;
	*outlen = got;
	return true;
}

bool
enc_b64_decode_exact(const char *s, size_t slen, uint8_t *out, size_t outlen)
{
	size_t got;

	return slen == sodium_base64_ENCODED_LEN(outlen,
	    sodium_base64_VARIANT_ORIGINAL) - 1 &&
	    enc_b64_decode(s, slen, out, outlen, &got) && got == outlen;
}

void
enc_hex(const uint8_t *bin, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, bin, n);
}

bool
enc_is_lowhex(const char *s, size_t slen)
{
	for (size_t i = 0; i < slen; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
enc_hex_decode_exact(const char *s, size_t slen, uint8_t *out, size_t n)
{
	size_t got = 0;

	if (slen != 2 * n || !enc_is_lowhex(s, slen))
		return false;
	return sodium_hex2bin(out, n, s, slen, NULL, &got, NULL) == 0 &&
	    got == n;
}

