/*
 * Checkpoints and tlog-proof files. See checkpoint.h.
 */
#include <stdio.h>
#include <string.h>

#include "checkpoint.h"
#include "enc.h"
#include "limits.h"
#include "proto.h"

/* The next line of p[*at, n) without its '\n'; false if there is none. */
static bool
next_line(const uint8_t *p, size_t n, size_t *at, const char **line,
    size_t *len)
{
	const uint8_t *nl;

	if (*at >= n || (nl = memchr(p + *at, '\n', n - *at)) == NULL)
		return false;
	*line = (const char *)p + *at;
	*len = (size_t)(nl - (p + *at));
	*at += *len + 1;
	return true;
}

/* A decimal with no sign, no leading zeros, at most 2^63 - 1. */
static bool
size_ok(const char *s, size_t n, uint64_t *out)
{
	char tmp[24];
	int64_t v;

	if (n == 0 || n >= sizeof(tmp) || (n > 1 && s[0] == '0'))
		return false;
	/* Every byte a digit: a NUL would end the copy's string early. */
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (!proto_int_parse(tmp, 0, INT64_MAX, &v))
		return false;
	*out = (uint64_t)v;
	return true;
}

int
checkpoint_parse(const uint8_t *text, size_t n, struct checkpoint *c,
    struct hl_diag *d)
{
	const char *line;
	size_t len, at = 0;

	memset(c, 0, sizeof(*c));
	if (!next_line(text, n, &at, &line, &len) || len == 0 ||
	    len >= sizeof(c->origin))
		return hl_diag_set(d, HL_EPARSE, NULL, "checkpoint: the first "
		    "line must be the log's origin");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 ||
		    (unsigned char)line[i] == 0x7f)
			return hl_diag_set(d, HL_EPARSE, NULL, "checkpoint: "
			    "control character in the origin");
	memcpy(c->origin, line, len);
	if (!next_line(text, n, &at, &line, &len) ||
	    !size_ok(line, len, &c->size))
		return hl_diag_set(d, HL_EPARSE, NULL, "checkpoint: the second "
		    "line must be the tree size in decimal");
	if (!next_line(text, n, &at, &line, &len) ||
	    !enc_b64_decode_exact(line, len, c->root, MERKLE_HASH))
		return hl_diag_set(d, HL_EPARSE, NULL, "checkpoint: the third "
		    "line must be the base64 of a 32-byte root hash");
	while (next_line(text, n, &at, &line, &len)) {
		if (len == 0)
			return hl_diag_set(d, HL_EPARSE, NULL, "checkpoint: "
			    "empty extension line");
		if (++c->extensions > HL_MAX_CHECKPOINT_EXTENSIONS)
			return hl_diag_set(d, HL_ETOOBIG, NULL, "checkpoint: "
			    "more than %d extension lines",
			    HL_MAX_CHECKPOINT_EXTENSIONS);
	}
	if (at != n)
		return hl_diag_set(d, HL_EPARSE, NULL, "checkpoint: text does "
		    "not end with a newline");
	return 0;
}

int
checkpoint_format(const char *origin, uint64_t size, const merkle_hash root,
    struct buf *out)
{
	(void)buf_printf(out, "%s\n%llu\n", origin, (unsigned long long)size);
	(void)enc_b64(root, MERKLE_HASH, out);
	return buf_addc(out, '\n');
}

/*
 * What tlog-proof files and tlog-witness add-checkpoint bodies share
 * after their first lines: base64 proof hashes up to an empty line, then
 * the signed checkpoint, which *note borrows from p.
 */
static int
proof_then_note(const uint8_t *p, size_t n, size_t at, const char *what,
    struct merkle_proof *proof, const uint8_t **note, size_t *notelen,
    struct hl_diag *d)
{
	const char *line;
	size_t len;

	for (;;) {
		if (!next_line(p, n, &at, &line, &len))
			return hl_diag_set(d, HL_EPARSE, NULL, "%s: truncated "
			    "before the checkpoint", what);
		if (len == 0)
			break;
		if (proof->len == MERKLE_MAX_PROOF)
			return hl_diag_set(d, HL_ETOOBIG, NULL, "%s: more than "
			    "%d proof hashes", what, MERKLE_MAX_PROOF);
		if (!enc_b64_decode_exact(line, len, proof->h[proof->len],
		    MERKLE_HASH))
			return hl_diag_set(d, HL_EPARSE, NULL, "%s: proof hash "
			    "%zu is not the base64 of 32 bytes", what,
			    proof->len + 1);
		proof->len++;
	}
	if (at >= n)
		return hl_diag_set(d, HL_EPARSE, NULL, "%s: no checkpoint "
		    "after the proof", what);
	*note = p + at;
	*notelen = n - at;
	return 0;
}

int
tlogproof_parse(const uint8_t *p, size_t n, struct tlogproof *out,
    struct hl_diag *d)
{
	const char *line;
	size_t len, at = 0, hl = strlen(TLOGPROOF_HEADER);
	uint8_t extra[HL_MAX_PROOF_EXTRA];
	size_t got;

	memset(out, 0, sizeof(*out));
	if (n > HL_MAX_PROOF_FILE_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "proof file larger "
		    "than %d bytes", HL_MAX_PROOF_FILE_BYTES);
	if (n < hl || memcmp(p, TLOGPROOF_HEADER, hl) != 0)
		return hl_diag_set(d, HL_EPARSE, NULL, "not a tlog-proof: the "
		    "first line must be c2sp.org/tlog-proof@v1");
	at = hl;
	if (!next_line(p, n, &at, &line, &len))
		return hl_diag_set(d, HL_EPARSE, NULL, "tlog-proof: truncated "
		    "after the header");
	if (len > 6 && memcmp(line, "extra ", 6) == 0) {
		if (!enc_b64_decode(line + 6, len - 6, extra, sizeof(extra),
		    &got))
			return hl_diag_set(d, HL_EPARSE, NULL, "tlog-proof: "
			    "extra is not base64 (or over %zu bytes)",
			    sizeof(extra));
		out->has_extra = 1;
		if (!next_line(p, n, &at, &line, &len))
			return hl_diag_set(d, HL_EPARSE, NULL, "tlog-proof: "
			    "truncated after extra");
	}
	if (len < 7 || memcmp(line, "index ", 6) != 0 ||
	    !size_ok(line + 6, len - 6, &out->index))
		return hl_diag_set(d, HL_EPARSE, NULL, "tlog-proof: expected "
		    "'index N'");
	return proof_then_note(p, n, at, "tlog-proof", &out->proof,
	    &out->note, &out->notelen, d);
}

int
addcheckpoint_parse(const uint8_t *p, size_t n, struct addcheckpoint *out,
    struct hl_diag *d)
{
	const char *line;
	size_t len, at = 0;

	memset(out, 0, sizeof(*out));
	if (n > HL_MAX_PROOF_FILE_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "add-checkpoint body "
		    "larger than %d bytes", HL_MAX_PROOF_FILE_BYTES);
	if (!next_line(p, n, &at, &line, &len) || len < 5 ||
	    memcmp(line, "old ", 4) != 0 ||
	    !size_ok(line + 4, len - 4, &out->old))
		return hl_diag_set(d, HL_EPARSE, NULL, "add-checkpoint: "
		    "expected 'old N'");
	return proof_then_note(p, n, at, "add-checkpoint", &out->proof,
	    &out->note, &out->notelen, d);
}

int
tlogproof_format(uint64_t index, const struct merkle_proof *proof,
    const uint8_t *note, size_t notelen, struct buf *out)
{
	(void)buf_adds(out, TLOGPROOF_HEADER);
	(void)buf_printf(out, "index %llu\n", (unsigned long long)index);
	for (size_t i = 0; i < proof->len; i++) {
		(void)enc_b64(proof->h[i], MERKLE_HASH, out);
		(void)buf_addc(out, '\n');
	}
	(void)buf_addc(out, '\n');
	return buf_add(out, note, notelen);
}
