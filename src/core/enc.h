/*
 * Hex and base64 (RFC 4648 section 4, padded) codecs over libsodium's
 * constant-time ones, made strict: a decoder accepts only the one canonical
 * spelling of a value, so that no two texts carry the same bytes.
 */
#ifndef HL_ENC_H
#define HL_ENC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Appends base64 of bin to out; returns out's sticky error. */
int enc_b64(const uint8_t *bin, size_t n, struct buf *out);

/*
 * Decodes padded base64 of up to max bytes into out, *outlen its length.
 * False for characters outside the RFC 4648 alphabet (checked here:
 * libsodium 1.0.18 decodes some bytes above 0x7f as if they were '/'),
 * missing or misplaced padding, non-zero padding bits, or more than max.
 */
bool enc_b64_decode(const char *s, size_t slen, uint8_t *out, size_t max,
    size_t *outlen) __attribute__((warn_unused_result));

/*
 * Decodes exactly outlen bytes from the slen bytes at s. False for any other
 * length, invalid characters, missing padding, or non-zero padding bits.
 */
bool enc_b64_decode_exact(const char *s, size_t slen, uint8_t *out,
    size_t outlen) __attribute__((warn_unused_result));

/* Writes 2n lowercase hex digits and a NUL to out. */
void enc_hex(const uint8_t *bin, size_t n, char *out);

/* Decodes exactly 2n lowercase hex digits (and nothing else) into out. */
bool enc_hex_decode_exact(const char *s, size_t slen, uint8_t *out, size_t n)
    __attribute__((warn_unused_result));

/* True if all slen bytes of s are lowercase hex digits. */
bool enc_is_lowhex(const char *s, size_t slen);

#endif
