/*
 * Envelopes sealed (schema check, JCS, id, Ed25519 signature) and parsed
 * and verified (size, parse, schema, canonical check, id, signature) per
 * second, beside raw libsodium sign and verify of the same signed bytes in
 * the same run. The ratios say what the envelope costs over the physical
 * limit, the signature itself. Best of several rounds, since the machine
 * is shared.
 *
 * Usage: bench_envelope [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "envelope.h"
#include "hl.h"
#include "jcs.h"
#include "limits.h"

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A request body with n indicators, seeded so every run is the same. */
static json_t *
make_draft(int n)
{
	json_t *ind = json_array(), *d;

	for (int i = 0; i < n; i++) {
		char ip[32];

		(void)snprintf(ip, sizeof(ip), "203.0.%d.%d", (i / 250) % 256,
		    i % 250 + 1);
		(void)json_array_append_new(ind, json_pack("{s:s, s:s, s:i, "
		    "s:s, s:s}", "type", "ipv4", "value", ip, "count",
		    100 + i * 7, "first_seen", "2026-11-20T01:02:03Z",
		    "last_seen", "2026-11-26T10:00:00Z"));
	}
	d = json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, "
	    "s:{s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:o, s:[s, s]}}",
	    "v", 1, "type", "request", "from", "cert.aa", "to", "cert.bb",
	    "tier", "cert", "seq", 17, "created", "2026-11-27T10:00:00Z",
	    "deadline", "2026-11-30T10:00:00Z", "tlp", "amber",
	    "subject", "SSH brute force from your address space",
	    "body", "category", "scanning", "severity", "high", "summary",
	    "Brute force against energy-sector SSH servers, see indicators.",
	    "observed", "start", "2026-11-20T00:00:00Z", "end",
	    "2026-11-26T23:59:59Z", "sector", "energy", "indicators", ind,
	    "expectations", "investigate", "block-host");
	if (d == NULL)
		abort();
	return d;
}

struct result {
	double	raw_sign, seal, raw_verify, parse_verify;
};

/* Runs body() repeatedly for about a quarter second; ops per second. */
#define RATE(out, body) do {						\
	double t0 = now(), t;						\
	long ops = 0;							\
	do {								\
		for (int i_ = 0; i_ < 16; i_++) { body; }		\
		ops += 16;						\
	} while ((t = now() - t0) < 0.25);				\
	if (ops / t > (out))						\
		(out) = ops / t;					\
} while (0)

static void
bench(int n, int rounds, const struct sig_key *k)
{
	json_t *draft = make_draft(n);
	struct envelope *e, *p;
	struct result r = { 0, 0, 0, 0 };
	uint8_t sig[HL_SIG_LEN];

	if (envelope_seal(json_deep_copy(draft), k, &e, NULL) != 0)
		abort();

	for (int round = 0; round < rounds; round++) {
		RATE(r.raw_sign, {
			if (sig_sign(k, e->tbs, e->tbslen, sig) != 0)
				abort();
		});
		/* Seal the same draft again and again: keep a reference
		 * and take its id and sig off after each round. */
		RATE(r.seal, {
			if (envelope_seal(json_incref(draft), k, &p,
			    NULL) != 0)
				abort();
			envelope_free(p);
			(void)json_object_del(draft, "id");
			(void)json_object_del(draft, "sig");
		});
		RATE(r.raw_verify, {
			if (!sig_verify(sig_key_pk(k), e->tbs, e->tbslen,
			    e->sig))
				abort();
		});
		RATE(r.parse_verify, {
			if (envelope_parse(e->raw, e->rawlen, &p, NULL) != 0 ||
			    envelope_verify(p, sig_key_pk(k), NULL) != 0)
				abort();
			envelope_free(p);
		});
	}
	(void)printf("\nenvelope with %d indicator%s: %zu bytes on the wire\n",
	    n, n == 1 ? "" : "s", e->rawlen);
	(void)printf("  %-32s %12.0f /s  %8.1f us\n", "raw Ed25519 sign",
	    r.raw_sign, 1e6 / r.raw_sign);
	(void)printf("  %-32s %12.0f /s  %8.1f us   %5.1f%% of raw\n",
	    "envelope seal", r.seal, 1e6 / r.seal, 100 * r.seal / r.raw_sign);
	(void)printf("  %-32s %12.0f /s  %8.1f us\n", "raw Ed25519 verify",
	    r.raw_verify, 1e6 / r.raw_verify);
	(void)printf("  %-32s %12.0f /s  %8.1f us   %5.1f%% of raw\n",
	    "envelope parse + verify", r.parse_verify, 1e6 / r.parse_verify,
	    100 * r.parse_verify / r.raw_verify);
	envelope_free(e);
	json_decref(draft);
}

int
main(int argc, char **argv)
{
	static const uint8_t seed[HL_SEED_LEN] = { 42 };
	int64_t rounds = 5;
	struct sig_key *k;

	if (argc > 1 && !proto_int_parse(argv[1], 1, 100, &rounds)) {
		(void)fprintf(stderr, "usage: bench_envelope [ROUNDS]\n");
		return 2;
	}
	if (hl_init() != 0 || sig_key_from_seed("hotline/cert.aa", seed,
	    &k) != 0)
		return 1;
	(void)printf("bench_envelope: best of %d rounds; goal: the envelope "
	    "path at >= 80%% of raw\n", (int)rounds);
	bench(1, (int)rounds, k);
	bench(10, (int)rounds, k);
	bench(1000, (int)rounds, k);
	sig_key_free(k);
	return 0;
}
