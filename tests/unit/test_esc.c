/*
 * The escaper: every byte value, every UTF-8 lead with every
 * continuation, against a reference that decodes the code point and
 * judges it (esc.c matches a table of byte ranges instead); the edges of
 * RFC 3629; bounded output that never cuts an escape or a character;
 * random strings that read back from their escaped form exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "esc.h"
#include "tutil.h"

/*
 * The reference: the length of a well-formed, non-C1 UTF-8 character at
 * p, by decoding it and checking the result, or 0.
 */
static size_t
ref_utf8(const uint8_t *p, size_t n)
{
	uint32_t cp, min;
	size_t k;

	if ((p[0] & 0xe0) == 0xc0)
		k = 2, cp = p[0] & 0x1f, min = 0x80;
	else if ((p[0] & 0xf0) == 0xe0)
		k = 3, cp = p[0] & 0x0f, min = 0x800;
	else if ((p[0] & 0xf8) == 0xf0)
		k = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return k;
}

/* The reference escaper, one character or byte at a time. */
static void
ref_esc(const uint8_t *p, size_t n, char *out)
{
	size_t i = 0, k;

	*out = '\0';
	while (i < n) {
		uint8_t c = p[i];

		if (c >= 0x20 && c <= 0x7e && c != '\\') {
			out += snprintf(out, 8, "%c", c);
			i++;
		} else if ((k = ref_utf8(p + i, n - i)) > 0) {
			memcpy(out, p + i, k);
			out += k;
			*out = '\0';
			i += k;
		} else {
			out += snprintf(out, 8, c == '\\' ? "\\\\" :
			    c == '\n' ? "\\n" : c == '\r' ? "\\r" :
			    c == '\t' ? "\\t" : "\\x%02x", c);
			i++;
		}
	}
}

static void
check(const uint8_t *p, size_t n)
{
	char want[64], got[64];
	size_t len, used;

	ref_esc(p, n, want);
	used = esc_bytes(got, sizeof(got), p, n, &len);
	if (used != n || strcmp(got, want) != 0 || len != strlen(want)) {
		char hex[2 * 64 + 1] = "";

		for (size_t i = 0; i < n; i++)
			(void)snprintf(hex + 2 * i, 3, "%02x", p[i]);
		fail_msg("%s: got '%s', want '%s'", hex, got, want);
	}
	assert_true(esc_is_clean(p, n) == (strcmp(want, "") != 0 &&
	    len == n && memcmp(got, p, n) == 0));
}

static void
test_every_byte(void **state)
{
	uint8_t b[1];
	char got[8];
	int clean = 0;

	(void)state;
	for (int c = 0; c < 256; c++) {
		b[0] = (uint8_t)c;
		check(b, 1);
		/* Alone, only printable ASCII but the backslash passes. */
		(void)esc_bytes(got, sizeof(got), b, 1, NULL);
		clean += got[0] == (char)c && got[1] == '\0';
	}
	assert_int_equal(clean, 0x7f - 0x20 - 1);
	assert_true(esc_is_clean("", 0));
}

static void
test_every_sequence(void **state)
{
	uint8_t b[5];

	(void)state;
	/* Every pair, and every lead of 3 and 4 with every two next. */
	for (int x = 0; x < 256; x++)
		for (int y = 0; y < 256; y++) {
			b[0] = (uint8_t)x;
			b[1] = (uint8_t)y;
			check(b, 2);
			for (int z = 0; x >= 0xe0 && z < 256; z++) {
				static const uint8_t last[] = { 0x00, 0x41,
				    0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff };

				b[2] = (uint8_t)z;
				check(b, 3);
				for (size_t w = 0; x >= 0xf0 && w <
				    sizeof(last); w++) {
					b[3] = last[w];
					check(b, 4);
					b[4] = '\n';
					check(b, 5);
				}
			}
		}
}

static void
test_edges(void **state)
{
	static const struct {
		const char	*in, *out;
	} v[] = {
		{ "plain text, 100% ASCII", "plain text, 100% ASCII" },
		{ "a\\n", "a\\\\n" },		/* the backslash itself */
		{ "x\nhotline serve: received msg=ff\x1b[2J",
		  "x\\nhotline serve: received msg=ff\\x1b[2J" },
		{ "\r\t\x7f\x01", "\\r\\t\\x7f\\x01" },
		{ "\xc2\x80\xc2\x9b\xc2\x9f", "\\xc2\\x80\\xc2\\x9b\\xc2\\x9f" },
		{ "\xc2\xa0\xc3\xa9", "\xc2\xa0\xc3\xa9" },	/* NBSP, é */
		{ "\xc0\xaf\xc1\xbf", "\\xc0\\xaf\\xc1\\xbf" },	/* overlong */
		{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf" },		/* overlong */
		{ "\xe0\xa0\x80", "\xe0\xa0\x80" },		/* U+0800 */
		{ "\xed\x9f\xbf", "\xed\x9f\xbf" },		/* U+D7FF */
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },		/* U+D800 */
		{ "\xed\xbf\xbf", "\\xed\\xbf\\xbf" },		/* U+DFFF */
		{ "\xee\x80\x80", "\xee\x80\x80" },		/* U+E000 */
		{ "\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf" },	/* overlong */
		{ "\xf0\x90\x80\x80", "\xf0\x90\x80\x80" },	/* U+10000 */
		{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },	/* U+10FFFF */
		{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" },	/* U+110000 */
		{ "\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80" },
		{ "\xe2\x82", "\\xe2\\x82" },			/* cut short */
		{ "\xe2\x82" "A", "\\xe2\\x82" "A" },
		{ "\xe2\x82\xac", "\xe2\x82\xac" },		/* the euro */
		{ "\x80\xbf", "\\x80\\xbf" },			/* no lead */
	};
	char got[128];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(esc_bytes(got, sizeof(got), v[i].in,
		    strlen(v[i].in), NULL), strlen(v[i].in));
		assert_string_equal(got, v[i].out);
		check((const uint8_t *)v[i].in, strlen(v[i].in));
	}
	/* A NUL in the middle is escaped, not an end. */
	assert_int_equal(esc_bytes(got, sizeof(got), "a\0b", 3, NULL), 3);
	assert_string_equal(got, "a\\x00b");
}

static void
test_bounded(void **state)
{
	const char *in = "ab\x1b\xe2\x82\xac" "c";
	char got[16];
	size_t len;

	(void)state;
	/* Room for "ab" and the NUL: the escape is not cut. */
	memset(got, 'Z', sizeof(got));
	assert_int_equal(esc_bytes(got, 6, in, strlen(in), &len), 2);
	assert_string_equal(got, "ab");
	assert_int_equal(len, 2);
	assert_int_equal(esc_bytes(got, 7, in, strlen(in), &len), 3);
	assert_string_equal(got, "ab\\x1b");
	/* The euro sign is three bytes or nothing. */
	assert_int_equal(esc_bytes(got, 9, in, strlen(in), &len), 3);
	assert_string_equal(got, "ab\\x1b");
	assert_int_equal(esc_bytes(got, 10, in, strlen(in), &len), 6);
	assert_string_equal(got, "ab\\x1b\xe2\x82\xac");
	assert_int_equal(esc_bytes(got, 1, in, strlen(in), &len), 0);
	assert_string_equal(got, "");
	assert_int_equal(len, 0);
	memset(got, 'Z', sizeof(got));
	assert_int_equal(esc_bytes(got, 0, in, strlen(in), &len), 0);
	assert_int_equal(got[0], 'Z');	/* untouched by outsz 0 */
}

static void
test_buf(void **state)
{
	struct buf b;
	uint8_t all[256];
	char ref[1100];

	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	buf_init(&b, 2048);
	assert_int_equal(esc_buf(&b, all, sizeof(all)), 0);
	ref_esc(all, sizeof(all), ref);
	assert_string_equal(buf_str(&b), ref);
	assert_int_equal(b.len, strlen(ref));
	buf_done(&b);
	/* The buffer's cap holds: the error sticks. */
	buf_init(&b, 8);
	assert_int_equal(esc_buf(&b, "\x01\x02\x03", 3), HL_ETOOBIG);
	assert_int_equal(esc_buf(&b, "a", 1), HL_ETOOBIG);
	buf_done(&b);
	buf_init(&b, 8);
	assert_int_equal(esc_buf(&b, "", 0), 0);
	assert_string_equal(buf_str(&b), "");
	buf_done(&b);
}

/* Reads escaped text back: the escaping is unambiguous if this inverts it. */
static size_t
unescape(const char *s, size_t n, uint8_t *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = (uint8_t)s[i];
			continue;
		}
		assert_true(i + 1 < n);
		switch (s[++i]) {
		case '\\': out[o++] = '\\'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'x': {
			char h[3] = { s[i + 1], s[i + 2], '\0' };

			assert_true(i + 2 < n);
			out[o++] = (uint8_t)strtoul(h, NULL, 16);
			i += 2;
			break;
		}
		default:
			fail_msg("unknown escape \\%c", s[i]);
		}
	}
	return o;
}

static void
test_round_trip(void **state)
{
	static const uint8_t pick[] = { 'a', ' ', '\\', 'x', '0', '\n',
	    0x1b, 0x7f, 0x00, 0x80, 0x9b, 0xa0, 0xbf, 0xc2, 0xc3, 0xe2, 0x82,
	    0xac, 0xed, 0xa0, 0xf0, 0x90, 0xf4, 0x8f, 0xff };
	uint64_t x = 20261201;
	uint8_t in[64], back[64];
	char out[64 * ESC_MAX_EXPANSION + 1];

	(void)state;
	/* Random strings over the bytes that matter, most of them UTF-8. */
	for (int round = 0; round < 200000; round++) {
		size_t n, len;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = (size_t)(x % sizeof(in));
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			in[i] = pick[x % sizeof(pick)];
		}
		assert_int_equal(esc_bytes(out, sizeof(out), in, n, &len), n);
		/* What is left holds no control byte, no C1, no bad UTF-8. */
		for (size_t i = 0; i < len; i++)
			assert_true((uint8_t)out[i] >= 0x20 &&
			    (uint8_t)out[i] != 0x7f);
		assert_true(esc_is_clean(out, len) ==
		    (memchr(out, '\\', len) == NULL));
		assert_int_equal(unescape(out, len, back), n);
		assert_memory_equal(back, in, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_every_sequence),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
