/*
 * Ed25519 through libsodium: RFC 8032 known answers, the pinned accept
 * set over the C2SP/CCTV edge cases, and key files and verifier keys that
 * interoperate byte for byte with Go's golang.org/x/mod/sumdb/note.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "enc.h"
#include "sig.h"
#include "tutil.h"

static json_t *
load_json(const char *rel)
{
	json_error_t e;
	uint8_t *p;
	size_t n;
	json_t *v;

	p = tu_vector(rel, &n);
	v = json_loadb((const char *)p, n, 0, &e);
	free(p);
	assert_non_null(v);
	return v;
}

static size_t
hex_member(json_t *o, const char *key, uint8_t *out, size_t max)
{
	return tu_unhex(json_string_value(json_object_get(o, key)), out, max);
}

static void
test_rfc8032(void **state)
{
	json_t *doc = load_json("ed25519/rfc8032_ed25519.json"), *v;
	size_t i;

	(void)state;
	json_array_foreach(json_object_get(doc, "vectors"), i, v) {
		uint8_t seed[32], pk[32], want[64], sig[64], msg[1024];
		struct sig_key *k;
		size_t mlen;

		assert_int_equal(hex_member(v, "secret_key_seed", seed, 32), 32);
		assert_int_equal(hex_member(v, "public_key", pk, 32), 32);
		assert_int_equal(hex_member(v, "signature", want, 64), 64);
		mlen = hex_member(v, "message", msg, sizeof(msg));
		assert_int_equal(sig_key_from_seed("rfc8032", seed, &k), 0);
		assert_memory_equal(sig_key_pk(k), pk, 32);
		assert_int_equal(sig_sign(k, msg, mlen, sig), 0);
		assert_memory_equal(sig, want, 64);
		assert_true(sig_verify(pk, msg, mlen, sig));
		/* Must fail: a flipped message byte, signature bit, or key. */
		if (mlen > 0) {
			msg[0] ^= 1;
			assert_false(sig_verify(pk, msg, mlen, sig));
			msg[0] ^= 1;
		}
		sig[10] ^= 0x20;
		assert_false(sig_verify(pk, msg, mlen, sig));
		sig[10] ^= 0x20;
		pk[3] ^= 1;
		assert_false(sig_verify(pk, msg, mlen, sig));
		sig_key_free(k);
	}
	assert_int_equal(i, 5);
	json_decref(doc);
}

/*
 * libsodium accepts a CCTV signature exactly when its only oddities are
 * mixed-order components of A or R: it refuses small-order A and R,
 * non-canonical encodings, cofactored-only equations and re-encoded k.
 * 43 of 914. Every hotline node must apply this same rule.
 */
static void
test_cctv_accept_set(void **state)
{
	json_t *doc = load_json("ed25519/cctv-ed25519vectors.json"), *v, *f;
	size_t i, j, accepted = 0;

	(void)state;
	json_array_foreach(doc, i, v) {
		const char *msg = json_string_value(json_object_get(v, "msg"));
		uint8_t pk[32], sig[64];
		bool want = true, got;

		assert_int_equal(hex_member(v, "key", pk, 32), 32);
		assert_int_equal(hex_member(v, "sig", sig, 64), 64);
		json_array_foreach(json_object_get(v, "flags"), j, f) {
			const char *fl = json_string_value(f);

			if (strcmp(fl, "low_order_component_A") != 0 &&
			    strcmp(fl, "low_order_component_R") != 0)
				want = false;
		}
		got = sig_verify(pk, (const uint8_t *)msg, strlen(msg), sig);
		if (got != want)
			fail_msg("CCTV vector %zu: %s, expected %s", i,
			    got ? "accepted" : "refused",
			    want ? "accepted" : "refused");
		accepted += got;
	}
	assert_int_equal(i, 914);
	assert_int_equal(accepted, 43);
	json_decref(doc);
}

/* golang/mod@fe2ec04 sumdb/note/note_test.go: public test key and note. */
static const char go_priv[] =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char go_vkey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_text[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
static const char go_sig[] = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZIn"
    "NIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

static void
test_go_note_key_interop(void **state)
{
	char *dir = tu_tmpdir(), path[256], name[64];
	uint8_t sig[HL_SIG_LEN], blob[4 + HL_SIG_LEN], pk[HL_PK_LEN];
	struct sig_key *k;
	struct hl_diag d;
	struct buf b;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/go.key", dir);
	tu_write(path, go_priv, strlen(go_priv));
	assert_int_equal(chmod(path, 0600), 0);
	hl_diag_clear(&d);
	assert_int_equal(sig_key_load(path, &k, &d), 0);
	assert_string_equal(sig_key_name(k), "PeterNeumann");
	buf_init(&b, 256);
	assert_int_equal(sig_key_vkey(k, &b), 0);
	assert_string_equal(buf_str(&b), go_vkey);
	buf_done(&b);
	/* Deterministic: the same signature Go's note.Sign made. */
	assert_int_equal(sig_sign(k, (const uint8_t *)go_text,
	    strlen(go_text), sig), 0);
	assert_true(enc_b64_decode_exact(go_sig, strlen(go_sig), blob,
	    sizeof(blob)));
	assert_memory_equal(blob, "\xc7\x4f\x20\xa3", 4);
	assert_memory_equal(blob + 4, sig, HL_SIG_LEN);
	assert_int_equal(sig_keyid("PeterNeumann", SIG_TYPE_ED25519,
	    sig_key_pk(k), HL_PK_LEN), 0xc74f20a3);
	assert_int_equal(sig_vkey_parse(go_vkey, name, sizeof(name), pk, &d),
	    0);
	assert_string_equal(name, "PeterNeumann");
	assert_memory_equal(pk, sig_key_pk(k), HL_PK_LEN);
	/* And the file we write for that key is the file Go wrote. */
	(void)snprintf(path, sizeof(path), "%s/again.key", dir);
	assert_int_equal(sig_key_save(k, path), 0);
	{
		size_t n;
		uint8_t *p = tu_readfile(path, &n);

		assert_int_equal(n, strlen(go_priv) + 1);
		assert_memory_equal(p, go_priv, strlen(go_priv));
		assert_int_equal(p[n - 1], '\n');
		free(p);
	}
	/* Never overwritten. */
	assert_int_equal(sig_key_save(k, path), HL_EEXIST);
	sig_key_free(k);
	tu_rmrf(dir);
	free(dir);
}

static void
test_key_file_refusals(void **state)
{
	char *dir = tu_tmpdir(), path[256], link[256];
	struct sig_key *k;
	struct hl_diag d;
	struct stat sb;

	(void)state;
	assert_int_equal(sig_key_generate("hotline/cert.aa", &k), 0);
	(void)snprintf(path, sizeof(path), "%s/msg.key", dir);
	assert_int_equal(sig_key_save(k, path), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	sig_key_free(k);
	assert_int_equal(sig_key_load(path, &k, &d), 0);
	sig_key_free(k);

	assert_int_equal(chmod(path, 0640), 0);
	hl_diag_clear(&d);
	assert_int_equal(sig_key_load(path, &k, &d), HL_EIO);
	assert_null(k);
	assert_string_equal(d.msg, "readable by others (mode 640); run chmod "
	    "600");
	assert_int_equal(chmod(path, 0600), 0);

	(void)snprintf(link, sizeof(link), "%s/link.key", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(sig_key_load(link, &k, &d), HL_EIO);

	/* A key id that does not match the key. */
	tu_write(path, go_priv, strlen(go_priv));
	{
		char bad[sizeof(go_priv)];

		memcpy(bad, go_priv, sizeof(go_priv));
		memcpy(bad + strlen("PRIVATE+KEY+PeterNeumann+"), "c74f20a4",
		    8);
		tu_write(path, bad, strlen(bad));
		assert_int_equal(sig_key_load(path, &k, &d), HL_EPARSE);
		assert_string_equal(d.msg, "key id does not match the key");
		/* Anything after a NUL would have been ignored: refused. */
		{
			char withnul[sizeof(go_priv) + 8];

			memcpy(withnul, go_priv, strlen(go_priv));
			memcpy(withnul + strlen(go_priv), "\0junk", 5);
			tu_write(path, withnul, strlen(go_priv) + 5);
			assert_int_equal(sig_key_load(path, &k, &d),
			    HL_EPARSE);
		}
		tu_write(path, "PUBLIC+KEY+x", 12);
		assert_int_equal(sig_key_load(path, &k, &d), HL_EPARSE);
		assert_string_equal(d.msg, "not a PRIVATE+KEY file");
	}
	tu_rmrf(dir);
	free(dir);
}

static void
test_vkey_refusals(void **state)
{
	uint8_t pk[HL_PK_LEN];
	struct hl_diag d;
	char name[64];

	(void)state;
	hl_diag_clear(&d);
	/* An ECDSA witness key (type 0x02): named, not guessed at. */
	assert_int_equal(sig_vkey_parse("witness+01234567+AgAAAA==", name,
	    sizeof(name), pk, &d), HL_EINVAL);
	assert_string_equal(d.msg, "unsupported verifier key type 0x02");
	assert_int_equal(sig_vkey_parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQe"
	    "gwxbzhKqiBfsVkmqq/LDE4izWy10TW", name, sizeof(name), pk, &d),
	    HL_EPARSE);
	assert_string_equal(d.msg, "verifier key id does not match the key");
	assert_int_equal(sig_vkey_parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQe"
	    "gwxbzhKqiBfsVkmqq/LDE4izWy10T", name, sizeof(name), pk, &d),
	    HL_EPARSE);
	assert_int_equal(sig_vkey_parse("nokeyid", name, sizeof(name), pk, &d),
	    HL_EPARSE);
	assert_int_equal(sig_vkey_parse("+c74f20a3+ARpc", name, sizeof(name),
	    pk, &d), HL_EPARSE);
	assert_int_equal(sig_vkey_parse("a b+c74f20a3+ARpc", name,
	    sizeof(name), pk, &d), HL_EPARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032),
		cmocka_unit_test(test_cctv_accept_set),
		cmocka_unit_test(test_go_note_key_interop),
		cmocka_unit_test(test_key_file_refusals),
		cmocka_unit_test(test_vkey_refusals),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
