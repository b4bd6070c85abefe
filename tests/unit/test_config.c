/*
 * The config parser: every refusal names its line.
 */
#include <string.h>

#include "config.h"
#include "tutil.h"

static int
parse(const char *text, struct config *c, struct hl_diag *d)
{
	hl_diag_clear(d);
	return config_parse(text, strlen(text), c, d);
}

static void
test_good(void **state)
{
	struct config c;
	struct hl_diag d;

	(void)state;
	assert_int_equal(parse("# a node\n\n  party = cert.aa  \nstate=AA\n"
	    "tier\t=\tnrrc\nlisten = [::1]:7443\n"
	    "endpoint = https://hotline.cert.aa.example:7443/\n", &c, &d), 0);
	assert_string_equal(c.party, "cert.aa");
	assert_string_equal(c.state, "AA");
	assert_int_equal(c.tier, TIER_NRRC);
	assert_string_equal(c.listen, "[::1]:7443");
	assert_string_equal(c.endpoint, "https://hotline.cert.aa.example:7443/");
	assert_int_equal(c.first_response, 72 * 3600);
	assert_true(c.escalate);
	assert_int_equal(c.cosign_refresh, 3600);
	assert_int_equal(c.clock_skew, 300);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "first_response = 1d12h\nfinal_response = 2w\nescalate = no\n"
	    "ping_interval = 10m\ncosign_refresh = 0\n", &c, &d), 0);
	assert_int_equal(c.ping_interval, 600);
	assert_int_equal(c.cosign_refresh, 0);
	assert_int_equal(c.first_response, 36 * 3600);
	assert_int_equal(c.final_response, 14 * 86400);
	assert_false(c.escalate);
	/* Per tier of the peer asked: unset tiers fall back to the above. */
	assert_int_equal(config_first_response(&c, TIER_NRRC), 36 * 3600);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "first_response = 3d\nfirst_response.policy = 12h\n"
	    "final_response.nrrc = 10d\n", &c, &d), 0);
	assert_int_equal(config_first_response(&c, TIER_POLICY), 12 * 3600);
	assert_int_equal(config_first_response(&c, TIER_CERT), 3 * 86400);
	assert_int_equal(config_first_response(&c, -1), 3 * 86400);
	assert_int_equal(config_final_response(&c, TIER_NRRC), 10 * 86400);
	assert_int_equal(config_final_response(&c, TIER_POLICY), 30 * 86400);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "final_response.cert = 1d\nfinal_response.cert = 2d\n", &c, &d),
	    HL_ECONFIG);
	assert_string_equal(d.msg, "line 5: 'final_response.cert' given twice");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "first_response.army = 1d\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 4: unknown key 'first_response.army'");
	/* Defaults, and no final newline. */
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert", &c, &d),
	    0);
	assert_string_equal(c.listen, "127.0.0.1:7443");
	/* TAXII: off unless asked, and never on the peers' address. */
	assert_string_equal(c.taxii_listen, "");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "taxii_listen = 127.0.0.1:7445\n", &c, &d), 0);
	assert_string_equal(c.taxii_listen, "127.0.0.1:7445");
	/* The console: on by default, on an address of its own. */
	assert_string_equal(c.console_listen, "127.0.0.1:7444");
	assert_false(c.console_set);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "taxii_listen = 127.0.0.1:7444\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 4: taxii_listen is the console's "
	    "default address (127.0.0.1:7444); set console_listen to "
	    "another, or to none");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "listen = 127.0.0.1:9\nconsole_listen = 127.0.0.1:9\n", &c, &d),
	    HL_ECONFIG);
	assert_string_equal(d.msg, "line 5: console_listen is listen's "
	    "address (127.0.0.1:9); the console needs one of its own");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "console_listen = none\nnotify_exec = /usr/local/bin/page\n"
	    "notify_webhook = http://127.0.0.1:9/hook\nnotify_timeout = 3s\n",
	    &c, &d), 0);
	assert_string_equal(c.console_listen, "");
	assert_true(c.console_set);
	assert_string_equal(c.notify_exec, "/usr/local/bin/page");
	assert_string_equal(c.notify_webhook, "http://127.0.0.1:9/hook");
	assert_int_equal(c.notify_timeout, 3);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "notify_exec = page\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 4: bad value for 'notify_exec': "
	    "'page'");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "notify_webhook = ftp://x/\n", &c, &d), HL_ECONFIG);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "console_cert = /etc/c.pem\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 4: console_cert and console_key go "
	    "together");
	assert_int_equal(parse("party = x\ntaxii_listen = 10.0.0.1:9\n"
	    "state = BB\nlisten = 10.0.0.1:9\ntier = cert\n", &c, &d),
	    HL_ECONFIG);
	assert_string_equal(d.msg, "line 2: taxii_listen is listen's address "
	    "(10.0.0.1:9); TAXII needs one of its own");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "taxii_listen = 127.0.0.1:7443\n", &c, &d), HL_ECONFIG);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "taxii_listen = 127.0.0.1\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 4: bad value for 'taxii_listen': "
	    "'127.0.0.1'");
	/* The clock policy: 0 is the strictest, a day the most allowed. */
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "clock_skew = 0\n", &c, &d), 0);
	assert_int_equal(c.clock_skew, 0);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "clock_skew = 1d\n", &c, &d), 0);
	assert_int_equal(c.clock_skew, 86400);
	/* match's margin: a day unless told, 0 for the window as given. */
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n", &c,
	    &d), 0);
	assert_int_equal(c.match_margin, 86400);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "match.margin = 6h\n", &c, &d), 0);
	assert_int_equal(c.match_margin, 6 * 3600);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "match.margin = 0\n", &c, &d), 0);
	assert_int_equal(c.match_margin, 0);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "match.margin = soon\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 4: bad value for 'match.margin': "
	    "'soon'");
}

static void
test_refusals(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} t[] = {
		{ "party = a\ncolour = red\n", "line 2: unknown key 'colour'" },
		{ "party = a\nparty = b\n", "line 2: 'party' given twice" },
		{ "party = a\nstate\n", "line 2: expected key = value" },
		{ "party = A\n", "line 1: bad value for 'party': 'A'" },
		{ "party = a\nstate = AAA\n",
		  "line 2: bad value for 'state': 'AAA'" },
		{ "party = a\nstate = AA\ntier = boss\n",
		  "line 3: bad value for 'tier': 'boss'" },
		{ "listen = 127.0.0.1:0\n",
		  "line 1: bad value for 'listen': '127.0.0.1:0'" },
		{ "listen = 127.0.0.1\n",
		  "line 1: bad value for 'listen': '127.0.0.1'" },
		{ "endpoint = http://x\n",
		  "line 1: bad value for 'endpoint': 'http://x'" },
		{ "first_response = soon\n",
		  "line 1: bad value for 'first_response': 'soon'" },
		{ "escalate = maybe\n",
		  "line 1: bad value for 'escalate': 'maybe'" },
		{ "cosign_refresh = -1s\n",
		  "line 1: bad value for 'cosign_refresh': '-1s'" },
		{ "clock_skew = 1d1s\n",
		  "line 1: bad value for 'clock_skew': '1d1s'" },
		{ "clock_skew = -5m\n",
		  "line 1: bad value for 'clock_skew': '-5m'" },
		{ "clock_skew = 5m\nclock_skew = 5m\n",
		  "line 2: 'clock_skew' given twice" },
		{ "state = AA\ntier = cert\n", "missing party" },
		{ "party = a\ntier = cert\n", "missing state" },
		{ "party = a\nstate = AA\n", "missing tier" },
	};
	struct config c;
	struct hl_diag d;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(parse(t[i].text, &c, &d), HL_ECONFIG);
		if (strcmp(d.msg, t[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, d.msg,
			    t[i].want);
	}
}

/*
 * Each key sets its own field and no other: a distinct value per key, so
 * that a key read into its neighbour's field (a per-tier one into the
 * wrong tier) shows. Every key hotline.conf(5) lists is here.
 */
static void
test_each_key_its_field(void **state)
{
	struct config c;
	struct hl_diag d;

	(void)state;
	assert_int_equal(parse("party = cert.zz\nstate = ZZ\ntier = policy\n"
	    "listen = 10.0.0.1:1\nendpoint = https://e.example/\n"
	    "first_response = 1s\nfinal_response = 2s\nescalate = no\n"
	    "ping_interval = 3s\nfirst_response.cert = 4s\n"
	    "first_response.nrrc = 5s\nfirst_response.policy = 6s\n"
	    "final_response.cert = 7s\nfinal_response.nrrc = 8s\n"
	    "final_response.policy = 9s\ncosign_refresh = 10s\n"
	    "unreachable_after = 11s\nclock_skew = 12s\n", &c, &d), 0);
	assert_string_equal(c.party, "cert.zz");
	assert_string_equal(c.state, "ZZ");
	assert_int_equal(c.tier, TIER_POLICY);
	assert_string_equal(c.listen, "10.0.0.1:1");
	assert_string_equal(c.endpoint, "https://e.example/");
	assert_int_equal(c.first_response, 1);
	assert_int_equal(c.final_response, 2);
	assert_false(c.escalate);
	assert_int_equal(c.ping_interval, 3);
	assert_int_equal(c.first_response_to[TIER_CERT], 4);
	assert_int_equal(c.first_response_to[TIER_NRRC], 5);
	assert_int_equal(c.first_response_to[TIER_POLICY], 6);
	assert_int_equal(c.final_response_to[TIER_CERT], 7);
	assert_int_equal(c.final_response_to[TIER_NRRC], 8);
	assert_int_equal(c.final_response_to[TIER_POLICY], 9);
	assert_int_equal(c.cosign_refresh, 10);
	assert_int_equal(c.unreachable_after, 11);
	assert_int_equal(c.clock_skew, 12);
	/* Cards (issue 16): a validity, and a grace that may be none. */
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "card_validity = 13s\nkey_grace = 14s\n", &c, &d), 0);
	assert_int_equal(c.card_validity, 13);
	assert_int_equal(c.key_grace, 14);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "key_grace = 0\n", &c, &d), 0);
	assert_int_equal(c.key_grace, 0);
	assert_int_equal(c.card_validity, 365 * 86400);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "card_validity = 0\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg,
	    "line 4: bad value for 'card_validity': '0'");
	/* Contact checks' (issue 16), in a parse of their own. */
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "contact_deadline = 13s\n", &c, &d), 0);
	assert_int_equal(c.contact_deadline, 13);
	/* "0" means none only where the page says so. */
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "ping_interval = 0\n", &c, &d), 0);
	assert_int_equal(c.ping_interval, 0);
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "unreachable_after = 0\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg,
	    "line 4: bad value for 'unreachable_after': '0'");
	assert_int_equal(parse("party = x\nstate = BB\ntier = cert\n"
	    "first_response.nrrc = 0\n", &c, &d), HL_ECONFIG);
	/* A required key missing is named in the file's order of them. */
	assert_int_equal(parse("listen = 10.0.0.1:1\n", &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "missing party");
}

static void
test_limits(void **state)
{
	char line[HL_MAX_CONFIG_LINE + 16];
	struct config c;
	struct hl_diag d;

	(void)state;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(parse(line, &c, &d), HL_ECONFIG);
	assert_string_equal(d.msg, "line 1: longer than 1024 bytes");
	hl_diag_clear(&d);
	assert_int_equal(config_parse("party = a\0b\n", 12, &c, &d),
	    HL_ECONFIG);
	assert_string_equal(d.msg, "line 1: NUL byte");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_each_key_its_field),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, tu_setup, NULL);
}
