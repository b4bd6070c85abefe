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

/* The 6-bit value of a base64 character (the alphabet is checked first). */
static unsigned
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0' + 52);
	return c == '+' ? 62 : 63;
}

bool
enc_b64_decode_exact(const char *s, size_t slen, uint8_t *out, size_t outlen)
{
	size_t got = 0, want, pad;
	const char *end = NULL;

	want = sodium_base64_ENCODED_LEN(outlen,
	    sodium_base64_VARIANT_ORIGINAL) - 1;
	if (slen != want)
		return false;
	if (sodium_base642bin(out, outlen, s, slen, NULL, &got, &end,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || got != outlen ||
	    end != s + slen)
		return false;
	/*
	 * The bits the padding leaves over in the last character must be
	 * zero, or two texts would spell the same bytes.
	 */
	pad = outlen % 3 == 1 ? 2 : outlen % 3 == 2 ? 1 : 0;
	if (pad == 2)
		return (b64_value(s[slen - 3]) & 0x0f) == 0;
	if (pad == 1)
		return (b64_value(s[slen - 2]) & 0x03) == 0;
	return true;
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
