/*
 * The escaper for logs and terminals. Whatever the bytes, the output
 * holds no control character (C0, DEL, or C1 as UTF-8), no invalid
 * UTF-8, and reads back to exactly the input; clean input passes
 * through unchanged; a short buffer cuts at an escape's boundary.
 */
#include <string.h>

#include "esc.h"
#include "fuzz.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads escaped text back; the length, or -1 if it is not escaped text. */
static long
unescape(const char *s, size_t n, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = (unsigned char)s[i];
			continue;
		}
		if (++i == n)
			return -1;
		switch (s[i]) {
		case '\\': out[o++] = '\\'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'x':
			if (i + 2 > n - 1 || hexval(s[i + 1]) < 0 ||
			    hexval(s[i + 2]) < 0)
				return -1;
			out[o++] = (unsigned char)(hexval(s[i + 1]) << 4 |
			    hexval(s[i + 2]));
			i += 2;
			break;
		default:
			return -1;
		}
	}
	return (long)o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[4096 * ESC_MAX_EXPANSION + 1];
	static unsigned char back[4096];
	size_t len, took, cut;
	long n;

	if (fuzz_outside(size, 0, 4096))
		return 0;
	took = esc_bytes(out, sizeof(out), data, size, &len);
	FUZZ_ASSERT(took == size && len < sizeof(out) && out[len] == '\0');
	for (size_t i = 0; i < len; i++)
		FUZZ_ASSERT((unsigned char)out[i] >= 0x20 &&
		    (unsigned char)out[i] != 0x7f);
	/* Escaped text is clean but for its own backslashes. */
	for (size_t i = 0; i < len; i++)
		if (out[i] == '\\')
			out[i] = '/';
	FUZZ_ASSERT(esc_is_clean(out, len));
	(void)esc_bytes(out, sizeof(out), data, size, &len);
	n = unescape(out, len, back);
	FUZZ_ASSERT(n == (long)size && memcmp(back, data, size) == 0);
	if (esc_is_clean(data, size))
		FUZZ_ASSERT(len == size && memcmp(out, data, size) == 0);
	/* A short buffer: what fits reads back to a prefix of the input. */
	cut = size > 0 ? data[0] % 32 + 1 : 1;
	took = esc_bytes(out, cut, data, size, &len);
	FUZZ_ASSERT(took <= size && len < cut && out[len] == '\0');
	n = unescape(out, len, back);
	FUZZ_ASSERT(n == (long)took && memcmp(back, data, took) == 0);
	return 0;
}
