/*
 * Bundles: the cross-check a dispute needs, on hand-made bundles, and
 * refusals of what is not a bundle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "hl.h"
#include "receipt.h"
#include "tutil.h"

#define MSG_A	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define MSG_B	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* x: cert.aa, holding cert.bb's receipt for msg as cert.bb's leaf. */
static void
holder(struct bundle_result *x, const char *msg, uint64_t leaf)
{
	static const uint8_t seed[HL_SEED_LEN] = { 7 };
	struct sig_key *k;
	struct buf rc;

	memset(x, 0, sizeof(*x));
	(void)snprintf(x->party, sizeof(x->party), "cert.aa");
	assert_int_equal(sig_key_from_seed("hotline/cert.bb", seed, &k), 0);
	buf_init(&rc, HL_MAX_RECEIPT_BYTES);
	assert_int_equal(receipt_make(msg, "cert.aa", "cert.bb", 1, leaf,
	    1795773600, k, &rc), 0);
	x->doc = json_pack("{s:[s%]}", "receipts", (const char *)rc.p,
	    rc.len);
	assert_non_null(x->doc);
	buf_done(&rc);
	sig_key_free(k);
}

/*
 * y: cert.bb, whose log queued MSG_A as leaf 0 and received msg as 1, at
 * the time at.
 */
static void
log_of_bb_at(struct bundle_result *y, const char *msg, const char *at)
{
	char leaf[256];

	memset(y, 0, sizeof(*y));
	(void)snprintf(y->party, sizeof(y->party), "cert.bb");
	y->size = 2;
	(void)snprintf(leaf, sizeof(leaf), "{\"at\":\"%s\","
	    "\"event\":\"received\",\"msg\":{\"id\":\"%s\"}}", at, msg);
	y->doc = json_pack("{s:[s, s]}", "leaves", "{\"event\":\"queued\","
	    "\"msg\":{\"id\":\"" MSG_A "\"}}", leaf);
	assert_non_null(y->doc);
}

/* The same, at the receipts' time. */
static void
log_of_bb(struct bundle_result *y, const char *msg)
{
	log_of_bb_at(y, msg, "2026-11-27T10:00:00Z");
}

static void
test_cross(void **state)
{
	struct bundle_result x, y;
	struct hl_diag d;

	(void)state;
	log_of_bb(&y, MSG_A);
	/* The leaf the receipt names holds that message: agreed. */
	holder(&x, MSG_A, 1);
	assert_int_equal(bundle_cross(&x, &y, &d), 0);
	/* The other way round, nothing of bb's is held by aa: agreed. */
	assert_int_equal(bundle_cross(&y, &x, &d), 0);
	json_decref(x.doc);
	/* Another message there: bb's log and bb's receipt disagree. */
	holder(&x, MSG_B, 1);
	hl_diag_clear(&d);
	assert_int_equal(bundle_cross(&x, &y, &d), HL_EPROOF);
	assert_string_equal(d.msg, "cert.aa holds cert.bb's receipt for "
	    "bbbbbbbbbbbbbbbb as leaf 1 of cert.bb's log, but cert.bb's "
	    "bundle has another leaf there");
	json_decref(x.doc);
	/* A leaf that is not "received", even of the right message. */
	holder(&x, MSG_A, 0);
	assert_int_equal(bundle_cross(&x, &y, &d), HL_EPROOF);
	json_decref(x.doc);
	/* Past bb's head: bb's bundle cannot say, so nothing to check. */
	holder(&x, MSG_B, 2);
	assert_int_equal(bundle_cross(&x, &y, &d), 0);
	json_decref(x.doc);
	json_decref(y.doc);
	/*
	 * bb logged the message a day after the time its receipt says: the
	 * two reports would start bb's time at different moments.
	 */
	log_of_bb_at(&y, MSG_A, "2026-11-28T10:00:00Z");
	holder(&x, MSG_A, 1);
	hl_diag_clear(&d);
	assert_int_equal(bundle_cross(&x, &y, &d), HL_EPROOF);
	assert_string_equal(d.msg, "cert.bb's receipt for aaaaaaaaaaaaaaaa, "
	    "held by cert.aa, says it was stored at 2026-11-27T10:00:00Z, but "
	    "leaf 1 of cert.bb's log says 2026-11-28T10:00:00Z");
	json_decref(x.doc);
	json_decref(y.doc);
}

static void
test_not_bundles(void **state)
{
	static const struct {
		const char	*in;
		int		 err;
		const char	*want;
	} t[] = {
		{ "", HL_EPARSE, "not JSON" },
		{ "[1]", HL_ESCHEMA, "not a hotline bundle (v 1)" },
		{ "{\"v\":2,\"type\":\"hotline-bundle\"}", HL_ESCHEMA,
		  "not a hotline bundle (v 1)" },
		{ "{\"v\":1,\"type\":\"hotline-bundle\",\"party\":7}",
		  HL_ESCHEMA, "party: missing or bad" },
		{ "{\"v\":1,\"type\":\"hotline-bundle\",\"party\":\"cert.aa\","
		  "\"cards\":[]}", HL_ESCHEMA,
		  "cards: must list 1 to 1024 cards" },
		{ "{\"v\":1,\"type\":\"hotline-bundle\",\"party\":\"cert.aa\","
		  "\"cards\":[7]}", HL_ESCHEMA, "cards[0]: not a string" },
	};
	struct bundle_result res;
	struct hl_diag d;
	char got[800];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		hl_diag_clear(&d);
		assert_int_equal(bundle_verify((const uint8_t *)t[i].in,
		    strlen(t[i].in), NULL, 0, &res, &d), t[i].err);
		hl_diag_format(&d, t[i].err, got, sizeof(got));
		if (strcmp(got, t[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
			    t[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cross),
		cmocka_unit_test(test_not_bundles),
	};

	if (hl_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
