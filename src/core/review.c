/*
 * Joint reviews. See review.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cardkeys.h"
#include "enc.h"
#include "jcs.h"
#include "review.h"

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The value of n decimal digits at s (checked by digits()). */
static int
num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool
review_period(const char *s, int64_t *since, int64_t *until)
{
	char a[32], b[32];
	int y, m = 0;

	if (strlen(s) == 4 && digits(s, 4))
		y = num(s, 4);
	else if (strlen(s) == 7 && digits(s, 4) && s[4] == '-' &&
	    digits(s + 5, 2)) {
		y = num(s, 4);
		m = num(s + 5, 2);
		if (m < 1 || m > 12)
			return false;
	} else
		return false;
	(void)snprintf(a, sizeof(a), "%04d-%02d-01T00:00:00Z", y, m ? m : 1);
	if (m == 0 || m == 12)
		(void)snprintf(b, sizeof(b), "%04d-01-01T00:00:00Z", y + 1);
	else
		(void)snprintf(b, sizeof(b), "%04d-%02d-01T00:00:00Z", y, m + 1);
	return y >= 1970 && y < 9999 &&
	    proto_time_parse(a, PROTO_TIME_STRICT, since) &&
	    proto_time_parse(b, PROTO_TIME_STRICT, until);
}

json_t *
review_sign(const json_t *doc, const struct sig_key *k, const char *party)
{
	uint8_t sig[HL_SIG_LEN];
	struct buf tbs, b64;
	json_t *e = NULL;

	buf_init(&tbs, (size_t)HL_MAX_BUNDLE_BYTES * 2 + 64);
	buf_init(&b64, 128);
	if (buf_adds(&tbs, SIG_DOMAIN_REVIEW) == 0 && jcs_write(doc, &tbs) == 0 &&
	    sig_sign(k, tbs.p, tbs.len, sig) == 0 &&
	    enc_b64(sig, sizeof(sig), &b64) == 0)
		e = json_pack("{s:s, s:s}", "by", party, "sig",
		    buf_str(&b64));
	buf_done(&tbs);
	buf_done(&b64);
	return e;
}

/* 0 if e is party's signature over doc by one of the npk keys pk. */
static int
check_sig(const json_t *doc, json_t *e, const char *party,
    const uint8_t *const *pk, size_t npk, struct hl_diag *d)
{
	const char *by = json_string_value(json_object_get(e, "by"));
	const char *s = json_string_value(json_object_get(e, "sig"));
	uint8_t raw[HL_SIG_LEN];
	struct buf tbs;
	int r = 0;

	if (by == NULL || s == NULL || strcmp(by, party) != 0)
		return hl_diag_set(d, HL_ESCHEMA, "signatures", "expected %s's "
		    "signature", party);
	buf_init(&tbs, (size_t)HL_MAX_BUNDLE_BYTES * 2 + 64);
	if (!enc_b64_decode_exact(s, strlen(s), raw, sizeof(raw)))
		r = hl_diag_set(d, HL_ESCHEMA, "signatures", "%s's signature "
		    "is not 64 bytes of base64", party);
	else if (buf_adds(&tbs, SIG_DOMAIN_REVIEW) != 0 ||
	    jcs_write(doc, &tbs) != 0)
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	else {
		r = HL_EBADSIG;
		for (size_t i = 0; i < npk && r != 0; i++)
			if (sig_verify(pk[i], tbs.p, tbs.len, raw))
				r = 0;
		if (r != 0)
			r = hl_diag_set(d, HL_EBADSIG, "signatures", "%s's "
			    "signature does not verify", party);
	}
	buf_done(&tbs);
	return r;
}

int
review_check_sig(const json_t *doc, json_t *e, const char *party,
    const uint8_t pk[static HL_PK_LEN], struct hl_diag *d)
{
	const uint8_t *one[1] = { pk };

	return check_sig(doc, e, party, one, 1, d);
}

int
review_check_card_sig(const json_t *doc, json_t *e, const struct card *c,
    struct hl_diag *d)
{
	struct card_keyref k[CARD_KEYS_MAX];
	const uint8_t *pk[CARD_KEYS_MAX];
	size_t n = card_keys(c, 0, k);

	/* A review carries no time a key's until could be held to. */
	for (size_t i = 0; i < n; i++)
		pk[i] = k[i].pk;
	return check_sig(doc, e, c->party, pk, n, d);
}

int
review_form(json_t *doc, char *by, size_t byn, char *other, size_t on,
    char *period, size_t pn, int64_t *since, int64_t *until,
    struct hl_diag *d)
{
	json_t *parties = json_object_get(doc, "parties");
	const char *a = json_string_value(json_array_get(parties, 0));
	const char *b = json_string_value(json_array_get(parties, 1));
	const char *p = json_string_value(json_object_get(doc, "period"));
	const char *w = json_string_value(json_object_get(doc, "by"));

	if (!json_is_object(doc) || json_integer_value(json_object_get(doc,
	    "v")) != 1 || json_string_value(json_object_get(doc, "type")) ==
	    NULL || strcmp(json_string_value(json_object_get(doc, "type")),
	    REVIEW_TYPE) != 0)
		return hl_diag_set(d, HL_ESCHEMA, NULL, "not a hotline review "
		    "(v 1)");
	if (json_array_size(parties) != 2 || a == NULL || b == NULL ||
	    w == NULL || strcmp(a, w) != 0 || strcmp(a, b) == 0 ||
	    strlen(a) >= byn || strlen(b) >= on)
		return hl_diag_set(d, HL_ESCHEMA, "parties", "must be the "
		    "author (by) and one other party");
	if (p == NULL || strlen(p) >= pn || !review_period(p, since, until))
		return hl_diag_set(d, HL_ESCHEMA, "period", "missing or bad");
	(void)snprintf(by, byn, "%s", a);
	(void)snprintf(other, on, "%s", b);
	(void)snprintf(period, pn, "%s", p);
	return 0;
}

int
review_check_bundle(json_t *bundle, const char *party, const char *peer,
    int64_t since, int64_t until, const struct card *trusted,
    size_t ntrusted, struct bundle_result *res, struct hl_diag *d)
{
	char *s = json_dumps(bundle, JSON_COMPACT);
	json_t *f;
	int64_t fs = 0, fu = 0;
	int r;

	if (s == NULL)
		return hl_diag_set(d, HL_ESCHEMA, "bundles", "no bundle of %s",
		    party);
	r = bundle_verify((const uint8_t *)s, strlen(s), trusted, ntrusted,
	    res, d);
	free(s);
	if (r != 0) {
		char path[sizeof(d->path)];

		(void)snprintf(path, sizeof(path), "bundles.%s", party);
		if (d != NULL && d->path[0] == '\0')
			memcpy(d->path, path, sizeof(path));
		return r;
	}
	f = json_object_get(res->report, "filter");
	if (strcmp(res->party, party) != 0 || json_string_value(
	    json_object_get(f, "peer")) == NULL || strcmp(json_string_value(
	    json_object_get(f, "peer")), peer) != 0 ||
	    !proto_time_parse(json_string_value(json_object_get(f, "since")) ?
	    json_string_value(json_object_get(f, "since")) : "", 0, &fs) ||
	    !proto_time_parse(json_string_value(json_object_get(f, "until")) ?
	    json_string_value(json_object_get(f, "until")) : "", 0, &fu) ||
	    fs != since || fu != until) {
		bundle_result_done(res);
		return hl_diag_set(d, HL_ESCHEMA, "bundles", "%s's bundle is "
		    "not its report on %s for the review's period", party,
		    peer);
	}
	return 0;
}

void
review_result_done(struct review_result *res)
{
	for (size_t i = 0; i < res->nb; i++)
		bundle_result_done(&res->b[i]);
	memset(res, 0, sizeof(*res));
}

int
review_verify(const uint8_t *p, size_t len, const struct card *trusted,
    size_t ntrusted, struct review_result *res, struct hl_diag *d)
{
	json_t *doc, *sigs, *bundles, *theirs = NULL;
	const struct card *ka, *kb;
	int64_t since, until;
	int r;

	memset(res, 0, sizeof(*res));
	if (len > (size_t)HL_MAX_BUNDLE_BYTES * 2)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "over 2 GiB");
	if ((doc = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return hl_diag_set(d, HL_EPARSE, NULL, "not JSON");
	if ((r = review_form(doc, res->by, sizeof(res->by), res->other,
	    sizeof(res->other), res->period, sizeof(res->period), &since,
	    &until, d)) != 0)
		goto out;
	sigs = json_incref(json_object_get(doc, "signatures"));
	bundles = json_object_get(doc, "bundles");
	if (!json_is_array(sigs) || json_array_size(sigs) < 1 ||
	    json_array_size(sigs) > 2 || !json_is_object(bundles) ||
	    json_object_size(bundles) != json_array_size(sigs)) {
		r = hl_diag_set(d, HL_ESCHEMA, "signatures", "one signature "
		    "and bundle per party that signed, the author first");
		json_decref(sigs);
		goto out;
	}
	res->countersigned = json_array_size(sigs) == 2;
	if ((r = review_check_bundle(json_object_get(bundles, res->by), res->by,
	    res->other, since, until, trusted, ntrusted, &res->b[0],
	    d)) != 0) {
		json_decref(sigs);
		goto out;
	}
	res->nb = 1;
	if (res->countersigned) {
		if ((r = review_check_bundle(json_object_get(bundles, res->other),
		    res->other, res->by, since, until, trusted, ntrusted,
		    &res->b[1], d)) != 0) {
			json_decref(sigs);
			goto out;
		}
		res->nb = 2;
		if ((r = bundle_cross(&res->b[0], &res->b[1], d)) != 0 ||
		    (r = bundle_cross(&res->b[1], &res->b[0], d)) != 0) {
			json_decref(sigs);
			goto out;
		}
	}
	/* The keys: from each party's own verified bundle. */
	ka = bundle_card(&res->b[0], res->by);
	kb = bundle_card(&res->b[0], res->other);
	(void)json_object_del(doc, "signatures");
	if (res->countersigned) {
		if (kb == NULL)
			r = hl_diag_set(d, HL_EUNKNOWNPEER, "signatures", "no "
			    "card for %s", res->other);
		else
			r = review_check_card_sig(doc, json_array_get(sigs, 1),
			    kb, d);
		theirs = json_incref(json_object_get(bundles, res->other));
		(void)json_object_del(bundles, res->other);
	}
	if (r == 0)
		r = review_check_card_sig(doc, json_array_get(sigs, 0), ka, d);
	json_decref(theirs);
	json_decref(sigs);
out:
	json_decref(doc);
	if (r != 0)
		review_result_done(res);
	return r;
}

/* Seconds as the chart's axis says them. */
static void
span(double s, char *out, size_t n)
{
	if (s < 10)
		(void)snprintf(out, n, "%.2g s", s);
	else if (s < 120)
		(void)snprintf(out, n, "%.0f s", s);
	else if (s < 7200)
		(void)snprintf(out, n, "%.0f min", s / 60);
	else if (s < 172800)
		(void)snprintf(out, n, "%.1f h", s / 3600);
	else
		(void)snprintf(out, n, "%.1f d", s / 86400);
}

int
review_chart(const struct bundle_result *b, const char *peer, int64_t since,
    int64_t until, struct buf *svg)
{
	enum { W = 760, H = 360, L = 70, R = 20, T = 50, B = 60 };
	json_t *leaves = json_object_get(b->doc, "leaves");
	struct report_dist dist[24][2];
	char label[24][8], a[32];
	int64_t months[25];
	int nm = 0, r = 0;
	double max = 1;

	/* Month starts from since to until, at most 24. */
	for (int64_t t = since; t < until && nm < 24; nm++) {
		char s[PROTO_TIME_LEN], next[32];
		int y, m;

		proto_time_format(t, s);
		y = num(s, 4);
		m = num(s + 5, 2);
		(void)snprintf(label[nm], sizeof(label[nm]), "%.7s", s);
		months[nm] = t;
		(void)snprintf(next, sizeof(next), "%04d-%02d-01T00:00:00Z",
		    m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
		if (!proto_time_parse(next, PROTO_TIME_STRICT, &t))
			return HL_EINVAL;
	}
	months[nm] = until;
	for (int i = 0; i < nm && r == 0; i++) {
		struct report_filter f = { .peer = peer, .since = months[i],
		    .until = months[i + 1], .tier = -1 };
		struct report_builder *rb;
		struct report rep;
		size_t k;
		json_t *v;

		if ((r = report_begin(b->party, &rb)) != 0)
			break;
		json_array_foreach(leaves, k, v)
			if ((r = report_leaf(rb, (const uint8_t *)
			    json_string_value(v), json_string_length(v),
			    NULL)) != 0)
				break;
		if (r != 0) {
			report_abort(rb);
			break;
		}
		if ((r = report_end(rb, &f, &rep)) != 0)
			break;
		memset(dist[i], 0, sizeof(dist[i]));
		if (rep.n == 1) {
			dist[i][0] = rep.rows[0].out.first;
			dist[i][1] = rep.rows[0].in.first;
		}
		for (int k2 = 0; k2 < 2; k2++)
			if (dist[i][k2].n > 0 && dist[i][k2].p50 > max)
				max = (double)dist[i][k2].p50;
		report_done(&rep);
	}
	if (r != 0)
		return r;
	(void)buf_printf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"sans-serif\" font-size=\"12\">\n"
	    "<title>Median time to a first answer, %s and %s</title>\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
	    "<text x=\"%d\" y=\"20\" font-size=\"15\">Median time to a first "
	    "answer, by month of the request</text>\n", W, H, W, H, b->party,
	    peer, L);
	(void)buf_printf(svg, "<rect x=\"%d\" y=\"30\" width=\"10\" "
	    "height=\"10\" fill=\"#1f77b4\"/><text x=\"%d\" y=\"39\">%s "
	    "answering %s</text>\n<rect x=\"%d\" y=\"30\" width=\"10\" "
	    "height=\"10\" fill=\"#ff7f0e\"/><text x=\"%d\" y=\"39\">%s "
	    "answering %s</text>\n", L, L + 14, peer, b->party, L + 300,
	    L + 314, b->party, peer);
	for (int g = 0; g <= 4; g++) {
		int y = H - B - (H - B - T) * g / 4;

		span(max * g / 4, a, sizeof(a));
		(void)buf_printf(svg, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">%s</text>\n", L, y, W - R, y, L - 6,
		    y + 4, a);
	}
	for (int i = 0; i < nm; i++) {
		double slot = (double)(W - L - R) / nm;
		double x = L + slot * i;

		for (int k = 0; k < 2; k++) {
			double bw = slot * 0.35, h;

			if (dist[i][k].n == 0)
				continue;
			h = (H - B - T) * (double)dist[i][k].p50 / max;
			span((double)dist[i][k].p50, a, sizeof(a));
			(void)buf_printf(svg, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			    "<title>%s: %s, %lld answered</title></rect>\n",
			    x + slot * 0.12 + k * bw, H - B - h, bw, h,
			    k == 0 ? "#1f77b4" : "#ff7f0e", label[i], a,
			    (long long)dist[i][k].n);
		}
		(void)buf_printf(svg, "<text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\">%s</text>\n", x + slot / 2,
		    H - B + 16, label[i]);
	}
	(void)buf_printf(svg, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"black\"/>\n<text x=\"%d\" y=\"%d\" fill=\"#555\">From "
	    "%s's verified log; a month without a bar had no answered "
	    "request.</text>\n</svg>\n", L, H - B, W - R, H - B, L, H - 12,
	    b->party);
	return 0;
}
