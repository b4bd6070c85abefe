/*
 * Test helpers. See tutil.h.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "card.h"
#include "hl.h"
#include "tutil.h"

void
tu_shared(const char *rel, char *out, size_t n)
{
	const char *dir = getenv("HL_SHARED");

	(void)snprintf(out, n, "%s/%s", dir != NULL ? dir : "../shared", rel);
	if (access(out, R_OK) != 0) {
		(void)printf("SKIP: %s is absent: this test reads the public "
		    "files in place from ../shared\n", out);
		(void)fflush(stdout);
		_exit(77);
	}
}

uint8_t *
tu_vector(const char *rel, size_t *n)
{
	const char *dir = getenv("HL_VECTORS");
	char path[4096], shared[4096];

	assert_non_null(dir);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (access(path, R_OK) == 0)
		return tu_readfile(path, n);
	(void)snprintf(shared, sizeof(shared), "vectors/%s", rel);
	tu_shared(shared, path, sizeof(path));
	return tu_readfile(path, n);
}

uint8_t *
tu_readfile(const char *path, size_t *n)
{
	uint8_t *p = NULL;
	long len;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	p = malloc((size_t)len + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	p[len] = '\0';
	(void)fclose(f);
	*n = (size_t)len;
	return p;
}

size_t
tu_unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	assert_int_equal(sodium_hex2bin(out, max, hex, strlen(hex), NULL, &n,
	    NULL), 0);
	return n;
}

char *
tu_tmpdir(void)
{
	char *d = strdup("/tmp/hotline-test.XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

void
tu_rmrf(const char *dir)
{
	(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
tu_write(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

int
tu_setup(void **state)
{
	(void)state;
	return hl_init();
}

void
tu_card(struct card *c, const char *party, const char *state, uint8_t s)
{
	tu_card_pin(c, party, state, s,
	    "sha256//97MMAZji5UC4l8sDx4TmfdyW2o5v/Nh41dFs4zg17R8=");
}

struct sig_key *
tu_msg_key(const char *party, uint8_t s)
{
	uint8_t seed[32] = { s };
	struct sig_key *k;
	char name[128];

	assert_int_equal(card_key_name(party, name, sizeof(name)), 0);
	assert_int_equal(sig_key_from_seed(name, seed, &k), 0);
	return k;
}

struct sig_key *
tu_identity_key(const char *party, uint8_t ids)
{
	uint8_t seed[32] = { ids, 'i', 'd' };
	struct sig_key *k;
	char name[128];

	assert_int_equal(card_identity_name(party, name, sizeof(name)), 0);
	assert_int_equal(sig_key_from_seed(name, seed, &k), 0);
	return k;
}

void
tu_card2(struct card *c, const char *party, const char *state, uint8_t s,
    uint8_t ids, int64_t serial, int64_t not_before, int64_t not_after,
    const struct card_retired *retired, size_t nretired)
{
	struct sig_key *k = tu_msg_key(party, s), *id = tu_identity_key(party,
	    ids);
	struct card_draft dr = {
		.party = party, .state = state,
		.endpoint = "https://127.0.0.1:7443", .tier = TIER_CERT,
		.msg_key = k,
		.tls_pin = "sha256//97MMAZji5UC4l8sDx4TmfdyW2o5v/Nh41dFs4zg17R8=",
		.serial = serial, .not_before = not_before,
		.not_after = not_after, .retired = retired,
		.nretired = nretired,
	};
	struct hl_diag d;

	hl_diag_clear(&d);
	if (card_make2(&dr, id, c, &d) != 0)
		fail_msg("card_make2: %s: %s", d.path, d.msg);
	sig_key_free(k);
	sig_key_free(id);
}

void
tu_card_pin(struct card *c, const char *party, const char *state, uint8_t s,
    const char *pin)
{
	uint8_t seed[32] = { s };
	struct config cfg;
	struct sig_key *k;
	char name[128];

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, state, 3);
	assert_int_equal(card_key_name(party, name, sizeof(name)), 0);
	assert_int_equal(sig_key_from_seed(name, seed, &k), 0);
	assert_int_equal(card_make(&cfg, k, pin, c), 0);
	sig_key_free(k);
}

const char *
tu_msg_id(const char *name)
{
	static char ids[8][65];
	static int next;
	char *s = ids[next++ % 8];

	(void)snprintf(s, 65, "%-64s", name);
	for (char *p = s; *p != '\0'; p++)
		if (*p == ' ')
			*p = '0';
	return s;
}
