/*
 * The TAXII 2.1 endpoints (src/serve/taxii.c) over two temporary nodes
 * that exchanged requests at each TLP (each of the nine indicator
 * types), a ping, and an interim and a final answer: the static
 * resources as exact JSON, every page of every collection at every limit
 * against a walk that parses everything, the filters, what a client
 * cleared lower sees and does not, and each refusal with its status and
 * words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hl.h"
#include "interop.h"
#include "node.h"
#include "stix.h"
#include "taxii.h"
#include "tlp.h"
#include "tutil.h"
#include "tnode.h"
#include "view.h"

#define T0	1795680000	/* 2026-11-26T08:00:00Z */

struct fx {
	char		*tmp;
	struct node	*aa, *bb;
	char		 req[5][65];	/* aa -> bb: clear, green, amber, red,
					   amber+strict */
	char		 resp[2][65];	/* bb -> aa: interim, final to req[0] */
};

/* Stores message id of from in to's inbox. */
static void
deliver(struct node *from, struct node *to, const char *id)
{
	struct accept_result res;
	struct hl_diag d;
	struct msg_row m;

	assert_int_equal(store_msg_get(from->st, id, true, &m), 0);
	hl_diag_clear(&d);
	if (node_accept(to, m.raw, m.rawlen, 0, NULL, &res, NULL, &d) != 0)
		fail_msg("accept: %s", d.msg);
	msg_row_done(&m);
}

static int
deliver_pong(void *arg, const struct msg_row *m)
{
	struct fx *f = arg;

	if (strcmp(m->type, "pong") == 0)
		deliver(f->bb, f->aa, m->id);
	return 0;
}

static void
send_request(struct node *n, const char *to, enum tlp tlp, int64_t now,
    const char *value, char id[static 65])
{
	struct send_args a = { .to = to, .type = MSG_REQUEST, .tlp = tlp,
		.now = now };
	struct hl_diag d;

	/* Every type an indicator has, so that each kind is served. */
	a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, "
	    "s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}, "
	    "{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:[s]}",
	    "category", "scanning", "severity", "high", "summary",
	    "SSH brute force", "observed", "start", "2026-11-20T00:00:00Z",
	    "end", "2026-11-26T00:00:00Z", "indicators",
	    "type", "ipv4", "value", value,
	    "type", "domain", "value", "bad.example",
	    "type", "ipv6", "value", "2001:db8::7",
	    "type", "cidr", "value", "198.51.100.0/24",
	    "type", "url", "value", "http://bad.example/x",
	    "type", "email", "value", "phish@bad.example",
	    "type", "sha256", "value", "e3b0c44298fc1c149afbf4c8996fb92427ae"
	    "41e4649b934ca495991b7852b855",
	    "type", "sha1", "value", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "type", "md5", "value", "d41d8cd98f00b204e9800998ecf8427e",
	    "expectations", "investigate");
	hl_diag_clear(&d);
	if (node_send(n, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	json_decref(a.body);
}

static void
send_reply(struct node *n, const char *req, bool final, int64_t now,
    char id[static 65])
{
	struct reply_args ra = { .tlp = -1, .now = now };
	struct msg_row m;
	struct hl_diag d;

	ra.body = json_pack("{s:s, s:s, s:[{s:{s:s, s:s}, s:i}]}", "status",
	    final ? "final" : "interim", "summary", final ? "blocked" :
	    "looking", "findings", "indicator", "type", "ipv4", "value",
	    "203.0.113.7", "count", final ? 3 : 1);
	hl_diag_clear(&d);
	assert_int_equal(node_reply_find(n, req, &m, &d), 0);
	if (node_reply(n, &m, &ra, id, &d) != 0)
		fail_msg("reply: %s", d.msg);
	msg_row_done(&m);
	json_decref(ra.body);
}

static int
setup(void **state)
{
	static const enum tlp tlps[5] = { TLP_CLEAR, TLP_GREEN, TLP_AMBER,
		TLP_RED, TLP_AMBER_STRICT };
	struct fx *f = calloc(1, sizeof(*f));
	struct send_args pa = { .to = "cert.bb", .type = MSG_PING,
		.tlp = TLP_CLEAR, .now = T0 + 25 };
	struct hl_diag d;
	char id[65], v[32];
	int i;

	if (hl_init() != 0 || f == NULL)
		return -1;
	f->tmp = tu_tmpdir();
	f->aa = tn_node(f->tmp, "cert.aa", "AA", TIER_CERT);
	f->bb = tn_node(f->tmp, "cert.bb", "BB", TIER_CERT);
	tn_pin(f->aa, f->bb);
	tn_pin(f->bb, f->aa);
	for (i = 0; i < 5; i++) {
		(void)snprintf(v, sizeof(v), "203.0.113.%d", 7 + i);
		send_request(f->aa, "cert.bb", tlps[i], T0 + 10 * i, v,
		    f->req[i]);
		deliver(f->aa, f->bb, f->req[i]);
		if (i == 2) {
			/* A ping among them: nothing to serve. */
			pa.body = json_object();
			hl_diag_clear(&d);
			assert_int_equal(node_send(f->aa, &pa, id, &d), 0);
			json_decref(pa.body);
			deliver(f->aa, f->bb, id);
		}
	}
	send_reply(f->bb, f->req[0], false, T0 + 100, f->resp[0]);
	send_reply(f->bb, f->req[0], true, T0 + 200, f->resp[1]);
	/* bb's pong to the ping goes first, by its seq. */
	assert_int_equal(node_msgs_added(f->bb, "out", deliver_pong, f), 0);
	deliver(f->bb, f->aa, f->resp[0]);
	deliver(f->bb, f->aa, f->resp[1]);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	node_close(f->aa);
	node_close(f->bb);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

/* One answer: its status, body as JSON (NULL if none), fields. */
struct got {
	int		 status;
	json_t		*body;
	char		 fields[1024];
	const char	*allow;
	char		 text[64 * 1024];	/* cut there */
	size_t		 len;		/* the body's whole length */
};

static struct got
ask_full(struct node *n, enum tlp clearance, enum http1_method method,
    const char *path, const char *query, const char *accept)
{
	struct taxii_client c = { .clearance = clearance };
	struct http1_req *q = calloc(1, sizeof(*q));
	struct response rs;
	json_error_t je;
	struct got g;

	assert_non_null(q);
	(void)snprintf(c.name, sizeof(c.name), "opencti");
	q->method = method;
	(void)snprintf(q->path, sizeof(q->path), "%s", path);
	(void)snprintf(q->query, sizeof(q->query), "%s", query);
	(void)snprintf(q->accept, sizeof(q->accept), "%s", accept);
	q->length = -1;
	response_init(&rs);
	taxii_serve(n, &c, q, &rs);
	memset(&g, 0, sizeof(g));
	g.status = rs.status;
	g.allow = rs.allow;
	assert_non_null(rs.type);
	assert_string_equal(rs.type, "application/taxii+json;version=2.1");
	(void)snprintf(g.fields, sizeof(g.fields), "%s", buf_str(&rs.fields));
	(void)snprintf(g.text, sizeof(g.text), "%s", buf_str(&rs.body));
	g.len = rs.body.len;
	g.body = json_loadb((const char *)rs.body.p, rs.body.len, 0, &je);
	if (g.body == NULL)
		fail_msg("%s?%s: not JSON: %s", path, query, buf_str(&rs.body));
	response_done(&rs);
	free(q);
	return g;
}

static struct got
ask(struct node *n, enum tlp clearance, const char *path, const char *query)
{
	return ask_full(n, clearance, HTTP1_GET, path, query,
	    "application/taxii+json;version=2.1");
}

/* A TAXII error message of this status and description, exactly. */
static void
expect_error(struct got g, int status, const char *title, const char *desc)
{
	char st[8], *want;
	json_t *w;

	(void)snprintf(st, sizeof(st), "%d", status);
	w = json_pack("{s:s, s:s, s:s}", "title", title, "description", desc,
	    "http_status", st);
	want = json_dumps(w, JSON_COMPACT | JSON_SORT_KEYS);
	if (g.status != status || strcmp(g.text, want) != 0)
		fail_msg("got %d %s, want %d %s", g.status, g.text, status,
		    want);
	assert_string_equal(g.fields, "");
	free(want);
	json_decref(w);
	json_decref(g.body);
}

static void
coll_uuid(const struct node *n, const char *alias, char out[static 37])
{
	char name[128];

	(void)snprintf(name, sizeof(name), "taxii-collection:%s:%s",
	    n->cfg.party, alias);
	interop_uuid5(interop_ns, name, strlen(name), out);
}

static void
test_static(void **state)
{
	struct fx *f = *state;
	char in[37], out[37], want[2048];
	struct got g;

	g = ask(f->aa, TLP_RED, "/taxii2/", "");
	assert_int_equal(g.status, 200);
	assert_string_equal(g.text, "{\"api_roots\":[\"/hotline/\"],"
	    "\"default\":\"/hotline/\",\"description\":\"What this hotline "
	    "node carried, as STIX 2.1, for the node's own tools\","
	    "\"title\":\"hotline cert.aa\"}");
	json_decref(g.body);

	g = ask(f->aa, TLP_CLEAR, "/hotline/", "");
	assert_int_equal(g.status, 200);
	assert_string_equal(g.text, "{\"description\":\"The messages "
	    "received (inbox) and sent (outbox), as STIX 2.1 objects\","
	    "\"max_content_length\":0,\"title\":\"hotline cert.aa\","
	    "\"versions\":[\"application/taxii+json;version=2.1\"]}");
	json_decref(g.body);

	coll_uuid(f->aa, "inbox", in);
	coll_uuid(f->aa, "outbox", out);
	(void)snprintf(want, sizeof(want), "{\"collections\":["
	    "{\"alias\":\"inbox\",\"can_read\":true,\"can_write\":false,"
	    "\"description\":\"The STIX objects of the messages cert.aa "
	    "received through hotline, dated when it stored them\","
	    "\"id\":\"%s\",\"media_types\":[\"application/stix+json;"
	    "version=2.1\"],\"title\":\"Inbox of cert.aa\"},"
	    "{\"alias\":\"outbox\",\"can_read\":true,\"can_write\":false,"
	    "\"description\":\"The STIX objects of the messages cert.aa "
	    "sent through hotline, dated when it stored them\","
	    "\"id\":\"%s\",\"media_types\":[\"application/stix+json;"
	    "version=2.1\"],\"title\":\"Outbox of cert.aa\"}]}", in, out);
	g = ask(f->aa, TLP_GREEN, "/hotline/collections/", "");
	assert_int_equal(g.status, 200);
	assert_string_equal(g.text, want);
	json_decref(g.body);

	/* A collection by its alias and by its id is the same. */
	{
		char path[128], one[1024];
		struct got h;

		g = ask(f->aa, TLP_GREEN, "/hotline/collections/outbox/", "");
		assert_int_equal(g.status, 200);
		(void)snprintf(path, sizeof(path), "/hotline/collections/%s/",
		    out);
		h = ask(f->aa, TLP_GREEN, path, "");
		assert_string_equal(g.text, h.text);
		(void)snprintf(one, sizeof(one), "%s", strstr(want,
		    "{\"alias\":\"outbox\""));
		one[strlen(one) - 2] = '\0';
		assert_string_equal(g.text, one);
		json_decref(g.body);
		json_decref(h.body);
	}
	/* Deterministic: another node's ids are its own. */
	coll_uuid(f->bb, "inbox", out);
	assert_string_not_equal(in, out);
}

/*
 * What the collection holds for a client cleared so far, by a walk that
 * parses every message: each object id once, at its first message, in
 * the order added. An array of [id, date_added, object].
 */
struct ref_ctx {
	struct node	*n;
	enum tlp	 clearance;
	json_t		*seen, *out;
};

static int
ref_row(void *arg, const struct msg_row *m)
{
	struct ref_ctx *c = arg;
	struct envelope *e;
	struct hl_diag d;
	struct msg_row full;
	char added[INTEROP_TIME_LEN];
	json_t *objs, *o;
	size_t i;

	if (!tlp_cleared(c->clearance, (enum tlp)tlp_parse(m->tlp)))
		return 0;
	assert_int_equal(store_msg_get(c->n->st, m->id, true, &full), 0);
	hl_diag_clear(&d);
	assert_int_equal(envelope_parse(full.raw, full.rawlen, &e, &d), 0);
	objs = json_array();
	if (stix_objects(&e->hdr, objs, &d) == 0) {
		interop_time_ms(m->stored, added);
		json_array_foreach(objs, i, o) {
			const char *id = json_string_value(json_object_get(o,
			    "id"));

			if (json_object_get(c->seen, id) != NULL)
				continue;
			json_object_set_new(c->seen, id, json_true());
			json_array_append_new(c->out, json_pack("[s, s, O]",
			    id, added, o));
		}
	} else
		assert_true(e->hdr.type == MSG_PING || e->hdr.type == MSG_PONG);
	json_decref(objs);
	envelope_free(e);
	msg_row_done(&full);
	return 0;
}

static json_t *
reference(struct node *n, const char *dir, enum tlp clearance)
{
	struct ref_ctx c = { n, clearance, json_object(), json_array() };

	assert_int_equal(node_msgs_added(n, dir, ref_row, &c), 0);
	json_decref(c.seen);
	return c.out;
}

/* The value of header field name in g, or "" if absent. */
static void
field(const struct got *g, const char *name, char *out, size_t n)
{
	const char *p = strstr(g->fields, name), *e;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(name) + 2;
	e = strstr(p, "\r\n");
	(void)snprintf(out, n, "%.*s", (int)(e - p), p);
}

/* Pages walk_pages() met that the byte bound ended. */
static size_t short_pages;

/*
 * Walks path's pages at limit with query extra, as a client would, and
 * checks them against want (reference() entries, already filtered):
 * every object once, in order, each page's dates and more/next.
 */
static void
walk_pages(struct node *n, enum tlp clearance, const char *path,
    const char *extra, size_t limit, json_t *want)
{
	char query[1024], next[256] = "", first[64], last[64];
	size_t at = 0, pages = 0, i;

	for (;;) {
		struct got g;
		json_t *objs;
		bool more;

		(void)snprintf(query, sizeof(query), "limit=%zu%s%s%s%s",
		    limit, extra[0] ? "&" : "", extra, next[0] ? "&next=" : "",
		    next);
		g = ask(n, clearance, path, query);
		if (g.status != 200)
			fail_msg("%s?%s: %d %s", path, query, g.status, g.text);
		objs = json_object_get(g.body, "objects");
		more = json_is_true(json_object_get(g.body, "more"));
		assert_true(json_array_size(objs) <= limit);
		assert_true(g.len <= HL_TAXII_MAX_PAGE_BYTES + 512 ||
		    json_array_size(objs) == 1);
		/* An empty page is only the whole answer to nothing. */
		if (json_array_size(objs) == 0) {
			assert_null(objs);
			assert_false(more);
			assert_int_equal(at, 0);
			assert_int_equal(json_array_size(want), 0);
			assert_string_equal(g.fields, "");
			assert_string_equal(g.text, "{\"more\":false}");
		}
		for (i = 0; i < json_array_size(objs); i++) {
			json_t *o = json_array_get(objs, i);
			json_t *w = json_array_get(want, at);

			if (w == NULL)
				fail_msg("%s?%s: more objects than %zu", path,
				    query, json_array_size(want));
			if (!json_equal(o, json_array_get(w, 2)))
				fail_msg("%s?%s: object %zu is %s, want %s",
				    path, query, at, json_string_value(
				    json_object_get(o, "id")),
				    json_string_value(json_array_get(w, 0)));
			if (i == 0) {
				field(&g, "X-TAXII-Date-Added-First", first,
				    sizeof(first));
				assert_string_equal(first, json_string_value(
				    json_array_get(w, 1)));
			}
			if (i + 1 == json_array_size(objs)) {
				field(&g, "X-TAXII-Date-Added-Last", last,
				    sizeof(last));
				assert_string_equal(last, json_string_value(
				    json_array_get(w, 1)));
			}
			at++;
		}
		pages++;
		if (!more) {
			assert_null(json_object_get(g.body, "next"));
			json_decref(g.body);
			break;
		}
		/* Short only where the next object would pass the bytes. */
		if (json_array_size(objs) < limit) {
			json_t *nw = json_array_get(json_array_get(want, at),
			    2);
			char *nx = json_dumps(nw, JSON_COMPACT |
			    JSON_SORT_KEYS);

			assert_non_null(nx);
			if (g.len + strlen(nx) <= HL_TAXII_MAX_PAGE_BYTES)
				fail_msg("%s?%s: %zu objects, %zu bytes, more",
				    path, query, json_array_size(objs), g.len);
			free(nx);
			short_pages++;
		}
		(void)snprintf(next, sizeof(next), "%s", json_string_value(
		    json_object_get(g.body, "next")));
		assert_true(next[0] != '\0');
		json_decref(g.body);
		assert_true(pages <= json_array_size(want));
	}
	if (at != json_array_size(want))
		fail_msg("%s?%s: %zu objects, want %zu", path, extra, at,
		    json_array_size(want));
}

/* Every collection of both nodes, for each clearance, at every limit. */
static void
test_pages(void **state)
{
	static const char *const dirs[2] = { "in", "out" };
	static const char *const paths[2] = {
		"/hotline/collections/inbox/objects/",
		"/hotline/collections/outbox/objects/" };
	struct fx *f = *state;
	struct node *nodes[2] = { f->aa, f->bb };
	int ni, di, t;

	for (ni = 0; ni < 2; ni++)
		for (di = 0; di < 2; di++)
			for (t = TLP_CLEAR; t < TLP_COUNT; t++) {
				json_t *want = reference(nodes[ni], dirs[di],
				    (enum tlp)t);
				size_t lim;

				for (lim = 1; lim <= json_array_size(want) + 1;
				    lim++)
					walk_pages(nodes[ni], (enum tlp)t,
					    paths[di], "", lim, want);
				walk_pages(nodes[ni], (enum tlp)t, paths[di],
				    "", HL_TAXII_MAX_LIMIT, want);
				json_decref(want);
			}
}

/* The reference entries whose object passes keep(o, arg). */
static json_t *
filter(json_t *want, bool (*keep)(json_t *o, const void *arg),
    const void *arg)
{
	json_t *out = json_array(), *w;
	size_t i;

	json_array_foreach(want, i, w)
		if (keep(json_array_get(w, 2), arg))
			json_array_append(out, w);
	return out;
}

static bool
of_type(json_t *o, const void *arg)
{
	const char *t = json_string_value(json_object_get(o, "type"));

	return strstr((const char *)arg, t) != NULL;
}

/* The objects the outbox's messages after T0 + 15 gave first. */
static json_t *
added_after_ref(struct node *n, const char *aa)
{
	json_t *want = reference(n, "out", TLP_RED), *out = json_array(), *w;
	size_t i;

	json_array_foreach(want, i, w)
		if (strcmp(json_string_value(json_array_get(w, 1)), aa) > 0)
			json_array_append(out, w);
	json_decref(want);
	return out;
}

static void
test_filters(void **state)
{
	struct fx *f = *state;
	const char *path = "/hotline/collections/outbox/objects/";
	json_t *all = reference(f->aa, "out", TLP_RED), *want, *o;
	char q[512], id[300], ver[64];
	size_t lim, i, n;
	struct got g;

	/* added_after: strictly after, with or without a fraction. */
	want = added_after_ref(f->aa, "2026-11-26T08:00:10.000Z");
	assert_true(json_array_size(want) > 0 &&
	    json_array_size(want) < json_array_size(all));
	for (lim = 1; lim <= 3; lim++)
		walk_pages(f->aa, TLP_RED, path,
		    "added_after=2026-11-26T08:00:10Z", lim, want);
	json_decref(want);
	/* A millisecond before a message's second: that message too. */
	want = added_after_ref(f->aa, "2026-11-26T08:00:09.999Z");
	for (lim = 1; lim <= 3; lim++)
		walk_pages(f->aa, TLP_RED, path,
		    "added_after=2026-11-26T08:00:09.999999999Z", lim, want);
	json_decref(want);
	/* Past everything: an empty envelope, no dates. */
	walk_pages(f->aa, TLP_RED, path, "added_after=2030-01-01T00:00:00Z",
	    1, (want = json_array()));
	json_decref(want);

	/* match[type], one and several, percent-encoded or not. */
	want = filter(all, of_type, "indicator");
	/* Five requests of the nine types. */
	assert_int_equal(json_array_size(want), 45);
	walk_pages(f->aa, TLP_RED, path, "match[type]=indicator", 3, want);
	walk_pages(f->aa, TLP_RED, path, "match%5Btype%5D=indicator", 4,
	    want);
	json_decref(want);
	want = filter(all, of_type, "identity,marking-definition");
	/* Two parties, five markings: each once. */
	assert_int_equal(json_array_size(want), 7);
	walk_pages(f->aa, TLP_RED, path,
	    "match[type]=identity,marking-definition", 2, want);
	json_decref(want);
	walk_pages(f->aa, TLP_RED, path, "match[type]=sighting", 2,
	    (want = json_array()));
	json_decref(want);

	/* match[id]: exactly those. */
	o = json_array_get(json_array_get(all, 3), 2);
	(void)snprintf(id, sizeof(id), "%s",
	    json_string_value(json_object_get(o, "id")));
	(void)snprintf(q, sizeof(q), "match[id]=%s", id);
	want = json_pack("[O]", json_array_get(all, 3));
	walk_pages(f->aa, TLP_RED, path, q, 1, want);
	json_decref(want);
	(void)snprintf(q, sizeof(q), "match[id]=%s,%s", json_string_value(
	    json_array_get(json_array_get(all, 5), 0)), id);
	want = json_pack("[O, O]", json_array_get(all, 3),
	    json_array_get(all, 5));
	walk_pages(f->aa, TLP_RED, path, q, 1, want);
	json_decref(want);

	/* match[version]: first, last, all are the one version served. */
	walk_pages(f->aa, TLP_RED, path, "match[version]=first", 7, all);
	walk_pages(f->aa, TLP_RED, path, "match[version]=last", 7, all);
	walk_pages(f->aa, TLP_RED, path, "match[version]=all", 7, all);
	/* A timestamp: the objects of that version only. */
	(void)snprintf(ver, sizeof(ver), "%s", json_string_value(
	    json_object_get(o, "modified")));
	n = 0;
	want = json_array();
	json_array_foreach(all, i, o) {
		const char *v = json_string_value(json_object_get(
		    json_array_get(o, 2), "modified"));

		if (v == NULL)
			v = json_string_value(json_object_get(
			    json_array_get(o, 2), "created"));
		if (v != NULL && strcmp(v, ver) == 0) {
			json_array_append(want, o);
			n++;
		}
	}
	assert_true(n > 0 && n < json_array_size(all));
	(void)snprintf(q, sizeof(q), "match[version]=%s", ver);
	walk_pages(f->aa, TLP_RED, path, q, 2, want);
	json_decref(want);
	walk_pages(f->aa, TLP_RED, path,
	    "match[version]=2001-01-01T00:00:00.000Z", 2,
	    (want = json_array()));
	json_decref(want);

	/* match[spec_version]. */
	walk_pages(f->aa, TLP_RED, path, "match[spec_version]=2.1", 9, all);
	walk_pages(f->aa, TLP_RED, path, "match[spec_version]=2.0", 9,
	    (want = json_array()));
	json_decref(want);

	/* Filters and a cursor together. */
	want = filter(all, of_type, "indicator");
	{
		json_t *w2 = json_array(), *w;

		json_array_foreach(want, i, w)
			if (strcmp(json_string_value(json_array_get(w, 1)),
			    "2026-11-26T08:00:10.000Z") > 0)
				json_array_append(w2, w);
		walk_pages(f->aa, TLP_RED, path, "match[type]=indicator&"
		    "added_after=2026-11-26T08:00:10.000Z", 1, w2);
		json_decref(w2);
	}
	json_decref(want);

	/* The manifest lists what objects/ serves, one entry each. */
	g = ask(f->aa, TLP_RED, "/hotline/collections/outbox/manifest/",
	    "limit=1000");
	assert_int_equal(g.status, 200);
	assert_int_equal(json_array_size(json_object_get(g.body, "objects")),
	    json_array_size(all));
	json_array_foreach(json_object_get(g.body, "objects"), i, o) {
		json_t *w = json_array_get(all, i), *obj = json_array_get(w, 2);
		const char *v = json_string_value(json_object_get(obj,
		    "modified"));
		json_t *e = json_pack("{s:O, s:O, s:s, s:s}", "id",
		    json_array_get(w, 0), "date_added", json_array_get(w, 1),
		    "version", v != NULL ? v : json_string_value(
		    json_object_get(obj, "created")), "media_type",
		    "application/stix+json;version=2.1");

		assert_true(json_equal(o, e));
		json_decref(e);
	}
	assert_non_null(strstr(g.fields, "X-TAXII-Date-Added-First: "
	    "2026-11-26T08:00:00.000Z\r\n"));
	assert_non_null(strstr(g.fields, "X-TAXII-Date-Added-Last: "
	    "2026-11-26T08:00:40.000Z\r\n"));
	json_decref(g.body);
	g = ask(f->aa, TLP_RED, "/hotline/collections/outbox/manifest/",
	    "match[type]=report&limit=2");
	assert_int_equal(g.status, 200);
	assert_int_equal(json_array_size(json_object_get(g.body, "objects")),
	    2);
	assert_true(json_is_true(json_object_get(g.body, "more")));
	json_decref(g.body);
	json_decref(all);
}

/* One object, its versions, and a client not cleared for it. */
static void
test_object(void **state)
{
	struct fx *f = *state;
	json_t *all = reference(f->aa, "out", TLP_RED), *w;
	json_t *green = reference(f->aa, "out", TLP_GREEN);
	char path[512], want[64 * 1024], *s;
	const char *id = NULL, *ver;
	json_t *o = NULL;
	size_t i, hidden = 0;
	struct got g;

	/* An amber request's indicator, and the objects green sees. */
	json_array_foreach(all, i, w) {
		bool seen = false;
		size_t j;
		json_t *x;

		json_array_foreach(green, j, x)
			if (json_equal(json_array_get(x, 0),
			    json_array_get(w, 0)))
				seen = true;
		if (!seen) {
			hidden++;
			if (id == NULL && strncmp(json_string_value(
			    json_array_get(w, 0)), "indicator--", 11) == 0) {
				id = json_string_value(json_array_get(w, 0));
				o = json_array_get(w, 2);
			}
		}
	}
	assert_non_null(id);
	assert_true(hidden >= 9);
	assert_true(json_array_size(green) > 0);

	(void)snprintf(path, sizeof(path),
	    "/hotline/collections/outbox/objects/%s/", id);
	g = ask(f->aa, TLP_RED, path, "");
	assert_int_equal(g.status, 200);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	(void)snprintf(want, sizeof(want), "{\"more\":false,\"objects\":[%s]}",
	    s);
	free(s);
	assert_string_equal(g.text, want);
	assert_string_equal(g.fields, "X-TAXII-Date-Added-First: "
	    "2026-11-26T08:00:20.000Z\r\nX-TAXII-Date-Added-Last: "
	    "2026-11-26T08:00:20.000Z\r\n");
	json_decref(g.body);
	ver = json_string_value(json_object_get(o, "modified"));
	(void)snprintf(path, sizeof(path),
	    "/hotline/collections/outbox/objects/%s/versions/", id);
	g = ask(f->aa, TLP_AMBER, path, "");
	assert_int_equal(g.status, 200);
	(void)snprintf(want, sizeof(want), "{\"more\":false,\"versions\":"
	    "[\"%s\"]}", ver);
	assert_string_equal(g.text, want);
	json_decref(g.body);

	/* Cleared green: not there, in the same words as no object. */
	g = ask(f->aa, TLP_GREEN, path, "");
	expect_error(g, 404, "Not found", "no such object in this "
	    "collection");
	(void)snprintf(path, sizeof(path),
	    "/hotline/collections/outbox/objects/%s/", id);
	expect_error(ask(f->aa, TLP_GREEN, path, ""), 404, "Not found",
	    "no such object in this collection");
	expect_error(ask(f->aa, TLP_CLEAR, path, ""), 404, "Not found",
	    "no such object in this collection");
	expect_error(ask(f->aa, TLP_RED, "/hotline/collections/outbox/"
	    "objects/indicator--00000000-0000-5000-8000-000000000000/", ""),
	    404, "Not found", "no such object in this collection");
	/* In the other collection it is not either. */
	(void)snprintf(path, sizeof(path),
	    "/hotline/collections/inbox/objects/%s/", id);
	expect_error(ask(f->aa, TLP_RED, path, ""), 404, "Not found",
	    "no such object in this collection");
	/* Nor by match[id], in the list or the manifest. */
	{
		char q[400];

		(void)snprintf(q, sizeof(q), "match[id]=%s", id);
		g = ask(f->aa, TLP_GREEN,
		    "/hotline/collections/outbox/objects/", q);
		assert_int_equal(g.status, 200);
		assert_string_equal(g.text, "{\"more\":false}");
		assert_string_equal(g.fields, "");
		json_decref(g.body);
		g = ask(f->aa, TLP_GREEN,
		    "/hotline/collections/outbox/manifest/", q);
		assert_string_equal(g.text, "{\"more\":false}");
		json_decref(g.body);
		/* A matching version filter that excludes it: none. */
		(void)snprintf(path, sizeof(path),
		    "/hotline/collections/outbox/objects/%s/", id);
		expect_error(ask(f->aa, TLP_RED, path,
		    "match[version]=2001-01-01T00:00:00Z"), 404, "Not found",
		    "no such object in this collection");
	}
	/* The green walk has no amber marking nor object. */
	json_array_foreach(green, i, w) {
		json_t *refs = json_object_get(json_array_get(w, 2),
		    "object_marking_refs");
		const char *mk = json_string_value(json_array_get(refs, 0));

		if (mk != NULL) {
			assert_string_not_equal(mk,
			    interop_stix_tlp[TLP_AMBER]);
			assert_string_not_equal(mk,
			    interop_stix_tlp[TLP_RED]);
		}
	}
	walk_pages(f->aa, TLP_GREEN, "/hotline/collections/outbox/objects/",
	    "", 2, green);
	json_decref(green);
	json_decref(all);
}

/* objects/{id}/versions/ of reference entry w: its one version. */
static void
versions_are(struct node *n, enum tlp t, const char *alias, json_t *w)
{
	json_t *o = json_array_get(w, 2);
	const char *v = json_string_value(json_object_get(o, "modified"));
	char path[512], want[128];
	struct got g;

	if (v == NULL)
		v = json_string_value(json_object_get(o, "created"));
	(void)snprintf(path, sizeof(path), "/hotline/collections/%s/objects/"
	    "%s/versions/", alias, json_string_value(json_array_get(w, 0)));
	g = ask(n, t, path, "");
	(void)snprintf(want, sizeof(want), "{\"more\":false,\"versions\":"
	    "[\"%s\"]}", v);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.text, want);
	json_decref(g.body);
}

/*
 * Every object of every collection by its id, and its versions, for each
 * clearance: what the walk served, with the date of its first message;
 * and every object a client may not see is a 404 to it.
 */
static void
test_each_by_id(void **state)
{
	static const char *const dirs[2] = { "in", "out" };
	static const char *const alias[2] = { "inbox", "outbox" };
	struct fx *f = *state;
	struct node *nodes[2] = { f->aa, f->bb };
	int ni, di, t;

	for (ni = 0; ni < 2; ni++)
		for (di = 0; di < 2; di++) {
			json_t *red = reference(nodes[ni], dirs[di], TLP_RED);

			for (t = TLP_CLEAR; t < TLP_COUNT; t++) {
				json_t *want = reference(nodes[ni], dirs[di],
				    (enum tlp)t), *w, *seen = json_object();
				size_t i;

				json_array_foreach(want, i, w) {
					json_t *one = json_pack("[O]", w);
					char path[512];

					json_object_set(seen, json_string_value(
					    json_array_get(w, 0)), json_true());
					(void)snprintf(path, sizeof(path),
					    "/hotline/collections/%s/objects/"
					    "%s/", alias[di], json_string_value(
					    json_array_get(w, 0)));
					walk_pages(nodes[ni], (enum tlp)t, path,
					    "", 1, one);
					json_decref(one);
					versions_are(nodes[ni], (enum tlp)t,
					    alias[di], w);
				}
				json_array_foreach(red, i, w) {
					char path[512];
					const char *id = json_string_value(
					    json_array_get(w, 0));

					if (json_object_get(seen, id) != NULL)
						continue;
					(void)snprintf(path, sizeof(path),
					    "/hotline/collections/%s/objects/"
					    "%s/versions/", alias[di], id);
					expect_error(ask(nodes[ni], (enum tlp)t,
					    path, ""), 404, "Not found",
					    "no such object in this "
					    "collection");
				}
				json_decref(seen);
				json_decref(want);
			}
			json_decref(red);
		}
}

/* A response repeats its request's indicators: served once. */
static void
test_repeats(void **state)
{
	struct fx *f = *state;
	json_t *want = reference(f->bb, "out", TLP_RED), *w;
	json_t *ids = json_object();
	size_t i, ind = 0;

	json_array_foreach(want, i, w) {
		const char *id = json_string_value(json_array_get(w, 0));

		assert_null(json_object_get(ids, id));
		json_object_set_new(ids, id, json_true());
		if (strncmp(id, "indicator--", 11) == 0)
			ind++;
	}
	/* One indicator, found by both answers, from the first. */
	assert_int_equal(ind, 1);
	walk_pages(f->bb, TLP_RED, "/hotline/collections/outbox/objects/",
	    "", 1, want);
	/*
	 * A page that starts at the final answer still knows the interim
	 * one gave the indicator: its sighting and note alone are new.
	 */
	{
		json_t *late = json_array();

		json_array_foreach(want, i, w)
			if (strcmp(json_string_value(json_array_get(w, 1)),
			    "2026-11-26T08:01:40.000Z") > 0) {
				assert_string_not_equal(json_string_value(
				    json_object_get(json_array_get(w, 2),
				    "type")), "indicator");
				json_array_append(late, w);
			}
		assert_int_equal(json_array_size(late), 2);
		walk_pages(f->bb, TLP_RED,
		    "/hotline/collections/outbox/objects/",
		    "added_after=2026-11-26T08:01:40Z", 1, late);
		json_decref(late);
	}
	json_decref(ids);
	json_decref(want);
}

/* Next stays good while messages arrive: they come after it. */
static void
test_cursor_stable(void **state)
{
	struct fx *f = *state;
	const char *path = "/hotline/collections/outbox/objects/";
	json_t *before = reference(f->aa, "out", TLP_RED), *after_, *o;
	char q[400], q2[400], id[65];
	size_t i, at = 0;
	struct got g;

	g = ask(f->aa, TLP_RED, path, "limit=4");
	assert_true(json_is_true(json_object_get(g.body, "more")));
	(void)snprintf(q, sizeof(q), "limit=1000&next=%s",
	    json_string_value(json_object_get(g.body, "next")));
	json_decref(g.body);
	send_request(f->aa, "cert.bb", TLP_GREEN, T0 + 50, "198.51.100.1",
	    id);
	after_ = reference(f->aa, "out", TLP_RED);
	assert_true(json_array_size(after_) > json_array_size(before));
	g = ask(f->aa, TLP_RED, path, q);
	assert_int_equal(g.status, 200);
	json_array_foreach(json_object_get(g.body, "objects"), i, o) {
		assert_true(json_equal(o, json_array_get(json_array_get(
		    after_, 4 + at), 2)));
		at++;
	}
	assert_int_equal(4 + at, json_array_size(after_));
	json_decref(g.body);
	/* The same cursor for another query or client is refused. */
	(void)snprintf(q2, sizeof(q2), "match[type]=indicator&%s",
	    strstr(q, "next="));
	expect_error(ask(f->aa, TLP_RED, path, q2), 400, "Bad parameter",
	    "next: not a cursor this server gave for this query");
	expect_error(ask(f->aa, TLP_GREEN, path, strstr(q, "next=")), 400,
	    "Bad parameter", "next: not a cursor this server gave for this "
	    "query");
	json_decref(before);
	json_decref(after_);
}

/*
 * A request of 900 URLs of a thousand bytes (a message just under
 * HL_MAX_MSG_BYTES) makes objects of 1.5 KB: a page of limit 1000 ends
 * at HL_TAXII_MAX_PAGE_BYTES first, and the next one goes on from there.
 */
static void
test_page_bytes(void **state)
{
	struct fx *f = *state;
	struct send_args a = { .to = "cert.bb", .type = MSG_REQUEST,
		.tlp = TLP_GREEN, .now = T0 + 300 };
	json_t *inds = json_array(), *all, *want, *w;
	struct hl_diag d;
	char id[65], v[1100];
	size_t i;

	for (i = 0; i < 900; i++) {
		(void)snprintf(v, sizeof(v), "https://bad.example/%zu/%0970d",
		    i, 0);
		json_array_append_new(inds, json_pack("{s:s, s:s}", "type",
		    "url", "value", v));
	}
	a.body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:[s]}",
	    "category", "scanning", "severity", "high", "summary", "many",
	    "observed", "start", "2026-11-20T00:00:00Z", "end",
	    "2026-11-26T00:00:00Z", "indicators", inds, "expectations",
	    "investigate");
	hl_diag_clear(&d);
	if (node_send(f->aa, &a, id, &d) != 0)
		fail_msg("send: %s", d.msg);
	json_decref(a.body);
	all = reference(f->aa, "out", TLP_GREEN);
	want = json_array();
	json_array_foreach(all, i, w)
		if (strcmp(json_string_value(json_array_get(w, 1)),
		    "2026-11-26T08:05:00.000Z") == 0)
			json_array_append(want, w);
	assert_int_equal(json_array_size(want), 901);
	short_pages = 0;
	walk_pages(f->aa, TLP_GREEN, "/hotline/collections/outbox/objects/",
	    "added_after=2026-11-26T08:04:59Z", HL_TAXII_MAX_LIMIT, want);
	assert_true(short_pages >= 1);
	json_decref(want);
	json_decref(all);
}

static void
test_refusals(void **state)
{
	struct fx *f = *state;
	const char *objs = "/hotline/collections/inbox/objects/";
	static const struct {
		const char *path, *query, *desc;
	} bad[] = {
		{ NULL, "limit=0", "limit: not a number from 1 to 1000" },
		{ NULL, "limit=1001", "limit: not a number from 1 to 1000" },
		{ NULL, "limit=-1", "limit: not a number from 1 to 1000" },
		{ NULL, "limit=1e3", "limit: not a number from 1 to 1000" },
		{ NULL, "limit=99999999999999999999",
		    "limit: not a number from 1 to 1000" },
		{ NULL, "limit=", "limit: empty, or not printable ASCII once "
		    "decoded" },
		{ NULL, "limit", "limit: empty, or not printable ASCII once "
		    "decoded" },
		{ NULL, "limit=%201", "limit: empty, or not printable ASCII "
		    "once decoded" },
		{ NULL, "limit=1%", "limit: empty, or not printable ASCII "
		    "once decoded" },
		{ NULL, "limit=%zz", "limit: empty, or not printable ASCII "
		    "once decoded" },
		{ NULL, "limit=1&limit=2", "limit: given twice" },
		{ NULL, "limit=1&", "&: an empty parameter" },
		{ NULL, "limit=1&&limit=2", ": not a parameter this server "
		    "takes" },
		{ NULL, "added_after=yesterday", "added_after: not a "
		    "timestamp (YYYY-MM-DDTHH:MM:SS[.sss]Z, from 1970)" },
		{ NULL, "added_after=2026-11-26T08:00:00", "added_after: not "
		    "a timestamp (YYYY-MM-DDTHH:MM:SS[.sss]Z, from 1970)" },
		{ NULL, "added_after=2026-11-26T08:00:00%2B00:00",
		    "added_after: not a timestamp (YYYY-MM-DDTHH:MM:SS[.sss]Z, "
		    "from 1970)" },
		{ NULL, "added_after=2026-02-30T08:00:00Z", "added_after: not "
		    "a timestamp (YYYY-MM-DDTHH:MM:SS[.sss]Z, from 1970)" },
		{ NULL, "added_after=2026-11-26T08:00:00.1234567890Z",
		    "added_after: not a timestamp (YYYY-MM-DDTHH:MM:SS[.sss]Z, "
		    "from 1970)" },
		{ NULL, "next=abc", "next: not a cursor this server gave for "
		    "this query" },
		{ NULL, "match[type]=Indicator", "match[type]: not a STIX "
		    "type" },
		{ NULL, "match[type]=indicator,", "match[type]: an empty "
		    "item, or more than 64" },
		{ NULL, "match[id]=indicator", "match[id]: not a STIX id" },
		{ NULL, "match[id]=indicator--1234", "match[id]: not a STIX "
		    "id" },
		{ NULL, "match[version]=latest", "match[version]: neither "
		    "first, last, all nor a timestamp" },
		{ NULL, "match[spec_version]=two", "match[spec_version]: not "
		    "a STIX version" },
		{ NULL, "match[foo]=1", "match[foo]: not a parameter this "
		    "server takes" },
		{ NULL, "type=indicator", "type: not a parameter this server "
		    "takes" },
		{ NULL, "%00=1", "%00: not a parameter this server takes" },
		{ "/taxii2/", "limit=1", "limit: not taken here" },
		{ "/hotline/", "x=1", "x: not a parameter this server takes" },
		{ "/hotline/collections/", "limit=1", "limit: not taken "
		    "here" },
		{ "/hotline/collections/inbox/", "next=1", "next: not taken "
		    "here" },
		{ "/hotline/collections/inbox/objects/"
		    "indicator--00000000-0000-5000-8000-000000000000/",
		    "match[type]=indicator", "match[type]: not taken here" },
		{ "/hotline/collections/inbox/objects/"
		    "indicator--00000000-0000-5000-8000-000000000000/versions/",
		    "match[version]=all", "match[version]: not taken here" },
	};
	static const char *const missing[] = {
		"/", "/taxii2", "/taxii2/x", "/hotline", "/other/",
		"/hotline/collections", "/hotline/collections/nope/",
		"/hotline/collections/INBOX/",
		"/hotline/collections/inbox", "/hotline/collections/inbox/x/",
		"/hotline/collections/inbox/objects",
		"/hotline/collections/inbox/objects/x/",
		"/hotline/collections/inbox/objects/indicator--x/",
		"/hotline/collections/inbox/objects/"
		    "indicator--00000000-0000-5000-8000-00000000000/",
		"/hotline/collections/inbox/objects/"
		    "indicator--00000000-0000-5000-8000-000000000000/x/",
		"/hotline/collections/inbox/manifest/x/",
		"/hotline/collections/00000000-0000-5000-8000-000000000000/",
	};
	static const char *const refused[] = {
		"application/json", "text/html",
		"application/taxii+json;version=2.0",
		"application/stix+json;version=2.1",
		"application/taxii+json;q=0", "*/*;q=0.000",
		"text/*, application/json",
	};
	static const char *const accepted[] = {
		"", "*/*", "application/*", "application/taxii+json",
		"application/taxii+json;version=2.1",
		"APPLICATION/TAXII+JSON; Version=\"2.1\"",
		"text/html, application/taxii+json;version=2.1;q=0.5",
		"application/json;q=1, */*;q=0.1",
	};
	size_t i;
	struct got g;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(ask(f->aa, TLP_RED, bad[i].path != NULL ?
		    bad[i].path : objs, bad[i].query), 400, "Bad parameter",
		    bad[i].desc);
	/* Each list holds 64 values at most. */
	{
		char q[1024];
		int n = snprintf(q, sizeof(q), "match[type]=a");

		for (i = 1; i < 65; i++)
			n += snprintf(q + n, sizeof(q) - (size_t)n, ",a");
		expect_error(ask(f->aa, TLP_RED, objs, q), 400,
		    "Bad parameter", "match[type]: an empty item, or more "
		    "than 64");
		q[strlen(q) - 2] = '\0';
		g = ask(f->aa, TLP_RED, objs, q);
		assert_int_equal(g.status, 200);
		json_decref(g.body);
	}
	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		expect_error(ask(f->aa, TLP_RED, missing[i], ""), 404,
		    "Not found", "no such resource");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		expect_error(ask_full(f->aa, TLP_RED, HTTP1_GET, objs, "",
		    refused[i]), 406, "Not acceptable", "this server answers "
		    "application/taxii+json;version=2.1 only");
	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		g = ask_full(f->aa, TLP_RED, HTTP1_GET, "/taxii2/", "",
		    accepted[i]);
		if (g.status != 200)
			fail_msg("Accept: %s: %d", accepted[i], g.status);
		json_decref(g.body);
	}
	/* Refused before the query is read: 406 over a bad parameter. */
	expect_error(ask_full(f->aa, TLP_RED, HTTP1_GET, objs, "limit=0",
	    "text/html"), 406, "Not acceptable", "this server answers "
	    "application/taxii+json;version=2.1 only");

	/* Read-only: objects take no POST; elsewhere POST is no method. */
	expect_error(ask_full(f->aa, TLP_RED, HTTP1_POST, objs, "", ""), 403,
	    "Forbidden", "this collection is read-only (can_write is false)");
	g = ask_full(f->aa, TLP_RED, HTTP1_POST, "/hotline/collections/", "",
	    "");
	assert_non_null(g.allow);
	assert_string_equal(g.allow, "GET, HEAD");
	expect_error(g, 405, "Method not allowed", "this resource takes GET "
	    "and HEAD only");
	expect_error(ask_full(f->aa, TLP_RED, HTTP1_POST, "/nope/", "", ""),
	    404, "Not found", "no such resource");

	/* HEAD answers as GET does (http.c sends no body). */
	{
		struct got h;

		g = ask(f->aa, TLP_RED, objs, "limit=3");
		h = ask_full(f->aa, TLP_RED, HTTP1_HEAD, objs, "limit=3",
		    "");
		assert_int_equal(h.status, 200);
		assert_string_equal(g.text, h.text);
		assert_string_equal(g.fields, h.fields);
		json_decref(g.body);
		json_decref(h.body);
	}
}

/*
 * A peer's answer marked lower than the request it answers (forced on
 * its side) is held at the request's marking: a client cleared for the
 * answer's marking but not the request's sees none of it, and one
 * cleared for the request sees it marked so.
 */
static void
test_answer_held(void **state)
{
	struct fx *f = *state;
	struct node *ha = tn_node(f->tmp, "cert.ha", "HA", TIER_CERT);
	struct node *hb = tn_node(f->tmp, "cert.hb", "HB", TIER_CERT);
	struct reply_args ra = { .tlp = TLP_CLEAR, .now = T0 + 50,
		.force = true };
	char req[65], resp[65], v[] = "203.0.113.7";
	struct msg_row m;
	struct hl_diag d;
	struct got g;
	json_t *o;
	size_t i;

	tn_pin(ha, hb);
	tn_pin(hb, ha);
	send_request(ha, "cert.hb", TLP_AMBER, T0, v, req);
	deliver(ha, hb, req);
	ra.body = json_pack("{s:s, s:s, s:[{s:{s:s, s:s}, s:i}]}", "status",
	    "final", "summary", "blocked", "findings", "indicator", "type",
	    "ipv4", "value", v, "count", 3);
	hl_diag_clear(&d);
	assert_int_equal(node_reply_find(hb, req, &m, &d), 0);
	assert_int_equal(node_reply(hb, &m, &ra, resp, &d), 0);
	msg_row_done(&m);
	json_decref(ra.body);
	deliver(hb, ha, resp);
	assert_int_equal(store_msg_get(ha->st, resp, false, &m), 0);
	assert_string_equal(m.tlp, "clear");
	assert_int_equal(node_msg_tlp(ha, &m), TLP_AMBER);
	msg_row_done(&m);

	g = ask(ha, TLP_GREEN, "/hotline/collections/inbox/objects/", "");
	assert_int_equal(g.status, 200);
	assert_int_equal(json_array_size(json_object_get(g.body, "objects")),
	    0);
	json_decref(g.body);
	g = ask(ha, TLP_AMBER, "/hotline/collections/inbox/objects/", "");
	assert_int_equal(g.status, 200);
	assert_true(json_array_size(json_object_get(g.body, "objects")) > 0);
	json_array_foreach(json_object_get(g.body, "objects"), i, o)
		if (json_object_get(o, "object_marking_refs") != NULL)
			assert_string_equal(json_string_value(json_array_get(
			    json_object_get(o, "object_marking_refs"), 0)),
			    interop_stix_tlp[TLP_AMBER]);
	json_decref(g.body);
	node_close(ha);
	node_close(hb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_static, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_held, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_by_id, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_repeats, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cursor_stable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_page_bytes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
