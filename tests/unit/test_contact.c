/*
 * Contact checks: the two bodies' schema, exact refusals; what a report
 * counts of them from leaves alone (acked in time, late, unacked past the
 * deadline, an ack for someone else's check, an ack dated before its
 * check arrived); and the node's rules: one ack per check, only of a
 * check received, and a peer's ack must answer a check sent to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attention.h"
#include "envelope.h"
#include "hl.h"
#include "jcs.h"
#include "node.h"
#include "report.h"
#include "schema.h"
#include "trail.h"
#include "tutil.h"
#include "tnode.h"
#include "view.h"

#define T0	1795773600	/* 2026-11-27T10:00:00Z */

static const struct {
	enum msg_type	 type;
	const char	*body;
	const char	*want;		/* "" for valid */
} cases[] = {
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"2026-12-02T10:00:00Z\"}", "" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"2026-12-02T10:00:00Z\","
	    "\"note\":\"desk check, please ack\"}", "" },
	{ MSG_CONTACT_CHECK, "{}", "deadline: required" },
	{ MSG_CONTACT_CHECK, "{\"note\":\"x\"}", "deadline: required" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"24h\"}",
	    "deadline: must be a UTC time as YYYY-MM-DDTHH:MM:SSZ" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"2026-12-02T10:00:00.5Z\"}",
	    "deadline: must be a UTC time as YYYY-MM-DDTHH:MM:SSZ" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":86400}",
	    "deadline: must be a UTC time as YYYY-MM-DDTHH:MM:SSZ" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"2026-12-02T10:00:00Z\","
	    "\"note\":\"two\\nlines\"}", "note: control character at byte 3" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"2026-12-02T10:00:00Z\","
	    "\"note\":\"\"}", "note: must not be empty" },
	{ MSG_CONTACT_CHECK, "{\"deadline\":\"2026-12-02T10:00:00Z\","
	    "\"by\":\"alice\"}", "by: unknown member" },
	{ MSG_CONTACT_CHECK, "[]", "must be an object" },
	{ MSG_CONTACT_ACK, "{\"by\":\"unix:alice\"}", "" },
	{ MSG_CONTACT_ACK, "{\"by\":\"alice.b@desk-1\",\"note\":\"here\"}",
	    "" },
	{ MSG_CONTACT_ACK, "{}", "by: required" },
	{ MSG_CONTACT_ACK, "{\"note\":\"here\"}", "by: required" },
	{ MSG_CONTACT_ACK, "{\"by\":\"\"}", "by: must be 1 to 64 characters" },
	{ MSG_CONTACT_ACK, "{\"by\":\"a23456789012345678901234567890123456789"
	    "0123456789012345678901234\"}", "" },
	{ MSG_CONTACT_ACK, "{\"by\":\"a23456789012345678901234567890123456789"
	    "01234567890123456789012345\"}", "by: must be 1 to 64 characters" },
	{ MSG_CONTACT_ACK, "{\"by\":\"Alice\"}",
	    "by: not a name ([a-z0-9._@:-]{1,64})" },
	{ MSG_CONTACT_ACK, "{\"by\":\"al ice\"}",
	    "by: not a name ([a-z0-9._@:-]{1,64})" },
	{ MSG_CONTACT_ACK, "{\"by\":\"al\\u0000ice\"}",
	    "by: not a name ([a-z0-9._@:-]{1,64})" },
	{ MSG_CONTACT_ACK, "{\"by\":7}", "by: must be a string" },
	{ MSG_CONTACT_ACK, "{\"by\":\"alice\",\"deadline\":"
	    "\"2026-12-02T10:00:00Z\"}", "deadline: unknown member" },
	{ MSG_CONTACT_ACK, "{\"by\":\"alice\",\"note\":\"a\\tb\"}",
	    "note: control character at byte 1" },
};

static void
test_bodies(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hl_diag d;
		char got[800];
		json_t *b;
		int r;

		hl_diag_clear(&d);
		assert_int_equal(jcs_parse((const uint8_t *)cases[i].body,
		    strlen(cases[i].body), 16, 0, &b, &d), 0);
		r = schema_body(cases[i].type, b, NULL, &d);
		hl_diag_format(&d, r, got, sizeof(got));
		if (r == 0)
			got[0] = '\0';
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
			    cases[i].want);
		assert_true(r == 0 || r == HL_ESCHEMA);
		json_decref(b);
	}
}

/* A draft envelope of type with body and extra members, checked. */
static void
expect_draft(const char *type, const char *body, const char *extra,
    const char *want, int64_t want_deadline)
{
	struct envelope_hdr h;
	struct hl_diag d;
	char buf[1024], got[800];
	json_t *env;
	int r;

	(void)snprintf(buf, sizeof(buf), "{\"v\":1,\"type\":\"%s\",\"from\":"
	    "\"cert.aa\",\"to\":\"cert.bb\",\"tier\":\"cert\",\"seq\":1,"
	    "\"created\":\"2026-12-01T10:00:00Z\",\"tlp\":\"clear\","
	    "\"body\":%s%s}", type, body, extra);
	hl_diag_clear(&d);
	assert_int_equal(jcs_parse((const uint8_t *)buf, strlen(buf), 16, 0,
	    &env, &d), 0);
	r = schema_envelope(env, SCHEMA_DRAFT, &h, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	if (r == 0)
		got[0] = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", buf, got, want);
	if (r == 0)
		assert_int_equal(h.deadline, want_deadline);
	json_decref(env);
}

/*
 * In an envelope: a check's deadline is its body's, after created; the
 * header's deadline stays a request's; an ack names its check.
 */
static void
test_envelopes(void **state)
{
	static const char ref[] = ",\"refs\":[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]";

	(void)state;
	/* 2026-12-02T10:00:00Z */
	expect_draft("contact-check", "{\"deadline\":\"2026-12-02T10:00:00Z\"}",
	    "", "", 1796205600);
	expect_draft("contact-check", "{\"deadline\":\"2026-12-01T10:00:00Z\"}",
	    "", "body.deadline: not after created", 0);
	expect_draft("contact-check", "{\"deadline\":\"2026-11-30T10:00:00Z\"}",
	    "", "body.deadline: not after created", 0);
	expect_draft("contact-check", "{\"deadline\":\"2026-12-02T10:00:00Z\"}",
	    ",\"deadline\":\"2026-12-02T10:00:00Z\"",
	    "deadline: only requests and queries have deadlines", 0);
	expect_draft("contact-check", "{}", "", "body.deadline: required", 0);
	expect_draft("contact-ack", "{\"by\":\"unix:alice\"}", ref, "", 0);
	expect_draft("contact-ack", "{\"by\":\"unix:alice\"}", "",
	    "refs: required", 0);
	expect_draft("contact-ack", "{}", ref, "body.by: required", 0);
}

/* A message id: 64 hex digits from a short name (tu_msg_id()). */
#define id(name)	tu_msg_id(name)

/*
 * One leaf of cert.aa's log: event, type, id, from, to, created and at
 * as offsets from T0, deadline (0: none), first ref (NULL: none), and
 * extra members of the leaf.
 */
static void
leaf(struct report_builder *b, const char *event, const char *type,
    const char *msgid, const char *from, const char *to, int created,
    int deadline, const char *ref, int at, const char *extra)
{
	char t[PROTO_TIME_LEN], c[PROTO_TIME_LEN], dl[64] = "", refs[96] = "";
	char buf[2048];
	struct hl_diag d;

	proto_time_format(T0 + at, t);
	proto_time_format(T0 + created, c);
	if (deadline != 0) {
		char x[PROTO_TIME_LEN];

		proto_time_format(T0 + deadline, x);
		(void)snprintf(dl, sizeof(dl), ",\"deadline\":\"%s\"", x);
	}
	if (ref != NULL)
		(void)snprintf(refs, sizeof(refs), ",\"refs\":[\"%s\"]", ref);
	(void)snprintf(buf, sizeof(buf), "{\"at\":\"%s\",\"event\":\"%s\","
	    "\"msg\":{\"created\":\"%s\"%s,\"from\":\"%s\",\"id\":\"%s\"%s,"
	    "\"seq\":1,\"tier\":\"cert\",\"to\":\"%s\",\"type\":\"%s\"}%s,"
	    "\"v\":1}", t, event, c, dl, from, msgid, refs, to, type,
	    extra != NULL ? extra : "");
	hl_diag_clear(&d);
	if (report_leaf(b, (const uint8_t *)buf, strlen(buf), &d) != 0)
		fail_msg("leaf %s: %s", buf, d.msg);
}

/* A delivered leaf's receipt, by peer, at offset at. */
static const char *
rcpt(const char *by, int at)
{
	static char buf[128];
	char t[PROTO_TIME_LEN];

	proto_time_format(T0 + at, t);
	(void)snprintf(buf, sizeof(buf), ",\"receipt\":{\"at\":\"%s\","
	    "\"by\":\"%s\",\"leaf\":1}", t, by);
	return buf;
}

static void
test_report(void **state)
{
	struct report_builder *b;
	struct report_filter f = { .tier = -1 };
	struct report rep;
	json_t *j;
	char k[8][65], *s;
	FILE *mf;
	size_t len;

	(void)state;
	for (int i = 0; i < 8; i++) {
		char name[8];

		(void)snprintf(name, sizeof(name), "c%d", i);
		memcpy(k[i], id(name), 65);
	}
	assert_int_equal(report_begin("cert.aa", &b), 0);
	/* k0: acked in time (due 3600 s after its receipt at 60). */
	leaf(b, "queued", "contact-check", k[0], "cert.aa", "cert.bb", 0, 3600,
	    NULL, 0, NULL);
	leaf(b, "delivered", "contact-check", k[0], "cert.aa", "cert.bb", 0,
	    3600, NULL, 60, rcpt("cert.bb", 60));
	leaf(b, "received", "contact-ack", id("a0"), "cert.bb", "cert.aa",
	    1000, 0, k[0], 1001, NULL);
	/* k1: acked, late. */
	leaf(b, "queued", "contact-check", k[1], "cert.aa", "cert.bb", 100,
	    3700, NULL, 100, NULL);
	leaf(b, "received", "contact-ack", id("a1"), "cert.bb", "cert.aa",
	    7300, 0, k[1], 7301, NULL);
	/* k2: not acked, due at 800; cert.cc's ack of it is no answer. */
	leaf(b, "queued", "contact-check", k[2], "cert.aa", "cert.bb", 200,
	    800, NULL, 200, NULL);
	leaf(b, "received", "contact-ack", id("a2"), "cert.cc", "cert.aa",
	    900, 0, k[2], 901, NULL);
	/* k3: not acked, not yet due. */
	leaf(b, "queued", "contact-check", k[3], "cert.aa", "cert.bb", 300,
	    300 + 100000, NULL, 300, NULL);
	/*
	 * k4: received at 9000 by bb's clock, acked at 8500 by it: the
	 * ack counts from the check's start, 9000, the latest of all.
	 */
	leaf(b, "queued", "contact-check", k[4], "cert.aa", "cert.bb", 8000,
	    20000, NULL, 8000, NULL);
	leaf(b, "delivered", "contact-check", k[4], "cert.aa", "cert.bb", 8000,
	    20000, NULL, 9001, rcpt("cert.bb", 9000));
	leaf(b, "received", "contact-ack", id("a4"), "cert.bb", "cert.aa",
	    8500, 0, k[4], 9002, NULL);
	/* k5: to cert.cc, and bb's ack of it answers nothing. */
	leaf(b, "queued", "contact-check", k[5], "cert.aa", "cert.cc", 400,
	    1400, NULL, 400, NULL);
	leaf(b, "received", "contact-ack", id("a5"), "cert.bb", "cert.aa",
	    500, 0, k[5], 501, NULL);
	/* k6: bb checked aa, and aa acked: not aa's contact with bb. */
	leaf(b, "received", "contact-check", k[6], "cert.bb", "cert.aa", 600,
	    5000, NULL, 601, NULL);
	leaf(b, "queued", "contact-ack", id("a6"), "cert.aa", "cert.bb", 700,
	    0, k[6], 700, NULL);
	/* The overdue leaf adds nothing: recomputed from the deadline. */
	leaf(b, "overdue", "contact-check", k[2], "cert.aa", "cert.bb", 200,
	    800, NULL, 10000, NULL);
	assert_int_equal(report_end(b, &f, &rep), 0);
	assert_int_equal(rep.n, 2);
	assert_string_equal(rep.rows[0].peer, "cert.bb");
	assert_int_equal(rep.rows[0].contact.checks, 5);
	assert_int_equal(rep.rows[0].contact.acked, 3);
	assert_int_equal(rep.rows[0].contact.unacked_late, 1);
	assert_int_equal(rep.rows[0].contact.last, T0 + 9000);
	assert_string_equal(rep.rows[1].peer, "cert.cc");
	assert_int_equal(rep.rows[1].contact.checks, 1);
	assert_int_equal(rep.rows[1].contact.acked, 0);
	assert_int_equal(rep.rows[1].contact.unacked_late, 1);
	assert_int_equal(rep.rows[1].contact.last, 0);
	/* Nothing else is counted of them. */
	assert_int_equal(rep.rows[0].out.requests, 0);
	assert_int_equal(rep.rows[0].in.requests, 0);
	assert_int_equal(rep.rows[0].out.pings, 0);
	j = report_json(&rep, &f);
	assert_non_null(j);
	s = json_dumps(json_object_get(json_array_get(json_object_get(j,
	    "peers"), 0), "contact"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"acked\":3,\"checks\":5,\"last\":"
	    "\"2026-11-27T12:30:00Z\",\"unacked_late\":1}");
	free(s);
	s = json_dumps(json_object_get(json_array_get(json_object_get(j,
	    "peers"), 1), "contact"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"acked\":0,\"checks\":1,\"last\":null,"
	    "\"unacked_late\":1}");
	free(s);
	json_decref(j);
	s = NULL;
	mf = open_memstream(&s, &len);
	report_print(&rep, mf);
	(void)fclose(mf);
	assert_non_null(strstr(s, "\ncert.bb: last human-confirmed contact: "
	    "2026-11-27T12:30:00Z (3 of 5 contact checks acknowledged, 1 "
	    "unacknowledged past their deadline)\ncert.cc: last "
	    "human-confirmed contact: never (0 of 1 contact checks "
	    "acknowledged, 1 unacknowledged past their deadline)\n"));
	free(s);
	report_done(&rep);

	/* The period counts a check by its created; its ack may be later. */
	f.since = T0 + 8000;
	assert_int_equal(report_begin("cert.aa", &b), 0);
	leaf(b, "queued", "contact-check", k[1], "cert.aa", "cert.bb", 100,
	    3700, NULL, 100, NULL);
	leaf(b, "queued", "contact-check", k[4], "cert.aa", "cert.bb", 8000,
	    20000, NULL, 8000, NULL);
	leaf(b, "received", "contact-ack", id("a4"), "cert.bb", "cert.aa",
	    30000, 0, k[4], 30001, NULL);
	assert_int_equal(report_end(b, &f, &rep), 0);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.rows[0].contact.checks, 1);
	assert_int_equal(rep.rows[0].contact.acked, 1);
	assert_int_equal(rep.rows[0].contact.last, T0 + 30000);
	report_done(&rep);
}

struct trio {
	char		*tmp;
	struct node	*aa, *bb, *cc;
};

static int
setup(void **state)
{
	struct trio *p = calloc(1, sizeof(*p));

	if (hl_init() != 0 || p == NULL)
		return -1;
	p->tmp = tu_tmpdir();
	p->aa = tn_node(p->tmp, "cert.aa", "AA", TIER_CERT);
	p->bb = tn_node(p->tmp, "cert.bb", "BB", TIER_CERT);
	p->cc = tn_node(p->tmp, "nrrc.aa", "AA", TIER_NRRC);
	tn_pin(p->aa, p->bb);
	tn_pin(p->bb, p->aa);
	tn_pin(p->aa, p->cc);
	tn_pin(p->cc, p->aa);
	node_set_actor(p->bb, "unix:bob", VIA_CLI);
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct trio *p = *state;

	node_close(p->aa);
	node_close(p->bb);
	node_close(p->cc);
	tu_rmrf(p->tmp);
	free(p->tmp);
	free(p);
	return 0;
}

/* A contact-ack from bb to aa naming ref, sealed by hand with bb's key. */
static struct envelope *
forged_ack(struct node *bb, const char *ref, int64_t created, int64_t seq)
{
	char t[PROTO_TIME_LEN];
	struct envelope *e = NULL;
	struct hl_diag d;
	json_t *draft;

	proto_time_format(created, t);
	draft = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:[s], "
	    "s:{s:s}}", "v", 1, "type", "contact-ack", "from", "cert.bb", "to",
	    "cert.aa", "tier", "cert", "seq", (json_int_t)seq, "created", t,
	    "tlp", "clear", "refs", ref, "body", "by", "unix:mallory");
	assert_non_null(draft);
	hl_diag_clear(&d);
	/* envelope_seal() takes the draft. */
	if (envelope_seal(draft, bb->key, &e, &d) != 0)
		fail_msg("seal: %s", d.msg);
	return e;
}

static void
expect_ack_refused(struct node *aa, const struct envelope *e,
    const char *want)
{
	struct accept_result res;
	struct hl_diag d;
	int64_t before = tn_sql_int(aa, "SELECT count(*) FROM messages");
	char got[800];
	int r;

	hl_diag_clear(&d);
	r = node_accept(aa, e->raw, e->rawlen, 0, NULL, &res, NULL, &d);
	hl_diag_format(&d, r, got, sizeof(got));
	if (r != HL_ESCHEMA || strcmp(got, want) != 0)
		fail_msg("got %d \"%s\", want \"%s\"", r, got, want);
	assert_int_equal(tn_sql_int(aa, "SELECT count(*) FROM messages"),
	    before);
}

static void
test_node(void **state)
{
	struct trio *p = *state;
	int64_t now = (int64_t)time(NULL) - 600;
	struct deadline_result dr;
	struct attention att;
	struct send_args a;
	struct envelope *e;
	struct hl_diag d;
	char check[65], check2[65], tocc[65], ping[65], ack[65], ack2[65];
	char got[800], sqlq[300];

	hl_diag_clear(&d);
	/* aa checks bb twice, and cc once; and pings bb. */
	assert_int_equal(node_contact_check(p->aa, "cert.bb", now + 3600,
	    "desk check", now, check, &d), 0);
	assert_int_equal(node_contact_check(p->aa, "cert.bb", 0, NULL, now + 1,
	    check2, &d), 0);
	assert_int_equal(node_contact_check(p->aa, "nrrc.aa", now + 60, NULL,
	    now + 2, tocc, &d), 0);
	assert_int_equal(node_ping(p->aa, "cert.bb", now + 3, ping, &d), 0);
	assert_int_equal(node_contact_check(p->aa, "cert.bb", now, NULL, now,
	    ack, &d), HL_EINVAL);
	assert_string_equal(d.msg, "must be after now");
	assert_int_equal(node_contact_check(p->aa, "cert.bb", now + 60,
	    "a\nb", now, ack, &d), HL_ESCHEMA);
	hl_diag_format(&d, HL_ESCHEMA, got, sizeof(got));
	assert_string_equal(got, "note: control character at byte 1");
	/* The default deadline is contact_deadline, 24 h. */
	(void)snprintf(sqlq, sizeof(sqlq), "SELECT deadline - created FROM "
	    "messages WHERE id = '%s'", check2);
	assert_int_equal(tn_sql_int(p->aa, sqlq), 86400);
	tn_carry(p->aa, p->bb, check);
	tn_carry(p->aa, p->bb, check2);
	tn_carry(p->aa, p->bb, ping);
	/* bb's pong goes first: seq 1 to aa. */
	{
		struct msg_row pong;
		size_t n;

		assert_int_equal(node_outbox_next(p->bb, "cert.aa", 0, 0, 0, 1,
		    1 << 20, &pong, &n), 0);
		assert_int_equal(n, 1);
		assert_string_equal(pong.type, "pong");
		tn_carry(p->bb, p->aa, pong.id);
		msg_row_done(&pong);
	}

	/* bb's queue owes both, as contact checks. */
	assert_int_equal(attention_build(p->bb, now + 10, &att), 0);
	{
		int owed = 0;

		for (size_t i = 0; i < att.n; i++)
			if (att.v[i].kind == ATT_OWED) {
				owed++;
				assert_string_equal(att.v[i].due_is, "ack");
				assert_string_equal(att.v[i].type,
				    "contact-check");
				assert_non_null(strstr(att.v[i].detail,
				    "contact check from cert.aa: "));
			}
		assert_int_equal(owed, 2);
	}
	attention_done(&att);

	/* Nobody acks for the node; a ping is not a check; nor a sent one. */
	{
		struct actor keep = p->bb->actor;

		node_set_actor(p->bb, "", VIA_CLI);
		assert_int_equal(node_ack(p->bb, check, NULL, now + 20, ack,
		    &d), HL_EINVAL);
		assert_string_equal(d.msg, "an acknowledgement is a person's, "
		    "and nobody is named to give it");
		p->bb->actor = keep;
	}
	assert_int_equal(node_ack(p->bb, ping, NULL, now + 20, ack, &d),
	    HL_EINVAL);
	(void)snprintf(sqlq, sizeof(sqlq), "%.12s is a ping this node "
	    "received, not a contact check it received", ping);
	assert_string_equal(d.msg, sqlq);
	assert_int_equal(node_ack(p->aa, check, NULL, now + 20, ack, &d),
	    HL_EINVAL);

	/* bb acks; again is refused, and queues nothing. */
	assert_int_equal(node_ack(p->bb, check, "here", now + 20, ack, &d), 0);
	assert_int_equal(node_ack(p->bb, check, NULL, now + 21, ack2, &d),
	    HL_ECONFLICT);
	(void)snprintf(sqlq, sizeof(sqlq), "%.12s is already acknowledged",
	    check);
	assert_string_equal(d.msg, sqlq);
	assert_int_equal(tn_sql_int(p->bb, "SELECT count(*) FROM messages "
	    "WHERE type = 'contact-ack'"), 1);
	(void)snprintf(sqlq, sizeof(sqlq), "SELECT count(*) FROM messages "
	    "WHERE id = '%s' AND state = 'answered'", check);
	assert_int_equal(tn_sql_int(p->bb, sqlq), 1);
	(void)snprintf(sqlq, sizeof(sqlq), "SELECT count(*) FROM audit WHERE "
	    "action = 'ack' AND actor = 'unix:bob' AND target = '%s'", ack);
	assert_int_equal(tn_sql_int(p->bb, sqlq), 1);
	(void)snprintf(sqlq, sizeof(sqlq), "SELECT count(*) FROM messages "
	    "WHERE id = '%s' AND json_extract(CAST(raw AS TEXT), '$.body.by') "
	    "= 'unix:bob' AND json_extract(CAST(raw AS TEXT), '$.body.note') "
	    "= 'here'", ack);
	assert_int_equal(tn_sql_int(p->bb, sqlq), 1);

	/* A forged ack to aa: of a ping, of a check to cc, of nothing. */
	e = forged_ack(p->bb, ping, now + 30, 3);
	expect_ack_refused(p->aa, e, "refs[0]: names no contact check this "
	    "node sent to cert.bb");
	envelope_free(e);
	e = forged_ack(p->bb, tocc, now + 30, 3);
	expect_ack_refused(p->aa, e, "refs[0]: names no contact check this "
	    "node sent to cert.bb");
	envelope_free(e);
	e = forged_ack(p->bb, id("ff"), now + 30, 3);
	expect_ack_refused(p->aa, e, "refs[0]: names no contact check this "
	    "node sent to cert.bb");
	envelope_free(e);

	/* The real ack: aa's check is answered, an event says so. */
	tn_carry(p->bb, p->aa, ack);
	(void)snprintf(sqlq, sizeof(sqlq), "SELECT count(*) FROM messages "
	    "WHERE id = '%s' AND dir = 'out' AND state = 'answered'", check);
	assert_int_equal(tn_sql_int(p->aa, sqlq), 1);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM events "
	    "WHERE kind = 'contact-ack'"), 1);
	assert_int_equal(tn_sql_int(p->bb, "SELECT count(*) FROM events "
	    "WHERE kind = 'contact-check'"), 2);

	/*
	 * Past every deadline: the unacked checks (check2, and tocc never
	 * delivered) are overdue, each with a leaf, and nothing escalates
	 * even with escalate on: a check is no request.
	 */
	p->aa->cfg.escalate = true;
	assert_int_equal(node_deadlines(p->aa, now + 200000, &dr, &d), 0);
	assert_int_equal(dr.overdue, 2);
	assert_int_equal(dr.escalated, 0);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM messages "
	    "WHERE type = 'contact-check' AND state = 'overdue'"), 2);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM messages "
	    "WHERE type = 'escalation'"), 0);
	assert_int_equal(tn_sql_int(p->aa, "SELECT count(*) FROM log_leaves "
	    "WHERE json_extract(data, '$.event') = 'overdue' AND "
	    "json_extract(data, '$.msg.type') = 'contact-check'"), 2);
	/* Again: nothing more. */
	assert_int_equal(node_deadlines(p->aa, now + 200001, &dr, &d), 0);
	assert_int_equal(dr.overdue, 0);
	assert_int_equal(attention_build(p->aa, now + 200002, &att), 0);
	{
		int un = 0;

		for (size_t i = 0; i < att.n; i++)
			if (att.v[i].kind == ATT_UNANSWERED) {
				un++;
				assert_string_equal(att.v[i].detail, "contact "
				    "check not acknowledged by its deadline");
			}
		assert_int_equal(un, 2);
	}
	attention_done(&att);

	/* A late ack still answers it. */
	assert_int_equal(node_ack(p->bb, check2, NULL, now + 40, ack2, &d), 0);
	tn_carry(p->bb, p->aa, ack2);
	(void)snprintf(sqlq, sizeof(sqlq), "SELECT count(*) FROM messages "
	    "WHERE id = '%s' AND state = 'answered'", check2);
	assert_int_equal(tn_sql_int(p->aa, sqlq), 1);

	/* A plain send of an ack is held to the same rules. */
	memset(&a, 0, sizeof(a));
	a.to = "cert.aa";
	a.type = MSG_CONTACT_ACK;
	a.tlp = TLP_CLEAR;
	a.now = now + 50;
	a.refs = json_pack("[s]", check);
	a.body = json_pack("{s:s}", "by", "unix:bob");
	assert_int_equal(node_send(p->bb, &a, ack2, &d), HL_ECONFLICT);
	json_decref(a.refs);
	json_decref(a.body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_envelopes),
		cmocka_unit_test(test_report),
		cmocka_unit_test_setup_teardown(test_node, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
