/*
 * C2SP signed notes: text, a blank line, and signature lines
 * "— name base64(keyid || signature)". Parsing is strict (UTF-8, no
 * control characters, bounded size and signature count, no duplicate
 * lines); verification reports each signature line on its own, as
 * verified, bad, unknown (no key given for it) or unsupported (a key of a
 * type hotline does not verify, such as ECDSA or ML-DSA). Ed25519
 * signatures (type 0x01) and C2SP tlog-cosignature/v1 timestamped
 * cosignatures (type 0x04) are checked. Never logs.
 */
#ifndef HL_NOTE_H
#define HL_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "limits.h"
#include "sig.h"

#define NOTE_TYPE_ED25519	0x01
#define NOTE_TYPE_COSIG		0x04	/* timestamped Ed25519 cosignature */
#define NOTE_NAME_MAX		256

/* A verifier key "name+hex8+base64(type || key)" of any type. */
struct note_vkey {
	char		name[NOTE_NAME_MAX];
	uint32_t	id;		/* the key id written in the vkey */
	uint8_t		type;		/* 0x01: Ed25519; others unsupported */
	uint8_t		key[64];	/* the key bytes after the type */
	size_t		keylen;
	uint32_t	cosig_id;	/* Ed25519: key id of its cosignatures */
};

/*
 * Parses a verifier key. Keys of other types parse (their id and type are
 * kept, so their signature lines can be named); an Ed25519 key's id must
 * match its name and key.
 */
int note_vkey_parse(const char *s, struct note_vkey *k, struct hl_diag *d)
    __attribute__((warn_unused_result));

/* The verifier key of an Ed25519 signing key. */
int note_vkey_of(const struct sig_key *k, struct note_vkey *out);

/* One signature line, pointing into the note's own copy. */
struct note_sig {
	const char	*name;		/* not NUL-terminated */
	size_t		 namelen;
	uint32_t	 id;		/* first four bytes of the blob */
	uint8_t		 sig[72];	/* the blob after the id, if it fits */
	size_t		 siglen;	/* its length (may exceed sizeof sig) */
	const char	*line;		/* the whole line, with its '\n' */
	size_t		 linelen;
};

struct note {
	uint8_t		*buf;		/* a copy of the note, owned */
	size_t		 len;
	size_t		 textlen;	/* text = buf[0, textlen), ends "\n" */
	size_t		 nsigs;
	struct note_sig	 sigs[HL_MAX_NOTE_SIGS];
};

/* Parses an untrusted note; the caller note_free()s *out. */
int note_parse(const uint8_t *p, size_t n, struct note **out,
    struct hl_diag *d) __attribute__((warn_unused_result));
void note_free(struct note *n);

enum note_status {
	NOTE_VERIFIED,		/* a given key's Ed25519 signature verifies */
	NOTE_COSIGNED,		/* a given key's cosignature verifies */
	NOTE_BAD,		/* a given key's signature does not verify */
	NOTE_UNKNOWN,		/* no key given for this name and id */
	NOTE_UNSUPPORTED	/* a given key of a type we do not verify */
};

/*
 * Checks signature line i against keys. *key gets the index of the key it
 * matched (for all but NOTE_UNKNOWN); *time the cosignature's timestamp.
 */
enum note_status note_check(const struct note *n, size_t i,
    const struct note_vkey *keys, size_t nkeys, size_t *key, uint64_t *time);

/* Appends the signature line of k over text (ending in '\n') to out. */
int note_sign(const uint8_t *text, size_t n, const struct sig_key *k,
    struct buf *out) __attribute__((warn_unused_result));

/*
 * Appends k's tlog-cosignature/v1 line over checkpoint text, made at
 * time (POSIX seconds), to out.
 */
int note_cosign(const uint8_t *text, size_t n, const struct sig_key *k,
    uint64_t time, struct buf *out) __attribute__((warn_unused_result));

#endif
