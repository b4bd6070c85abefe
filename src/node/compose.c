/*
 * What a front end makes of an operator's input. See compose.h.
 */
#include <stdio.h>
#include <string.h>

#include "compose.h"
#include "schema.h"
#include "view.h"

int
compose_marking(json_t *body, bool given, bool force, enum tlp *t,
    const char *what, struct hl_diag *d)
{
	json_t *v = json_object_get(body, "tlp");
	char w[96];
	int r, of;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) || (of = tlp_parse(json_string_value(v))) < 0)
		return hl_diag_set(d, HL_ESCHEMA, "tlp", "not a TLP label "
		    "(clear, green, amber, amber+strict, red)");
	/*
	 * Red content in a file came to this node for its eyes only; sent
	 * on, it would reach a party it was not meant for.
	 */
	if ((r = tlp_beyond((enum tlp)of, force, what, d)) != 0)
		return r;
	(void)snprintf(w, sizeof(w), "%s's marking", what);
	if (!given)
		*t = (enum tlp)of;
	else if ((r = tlp_carry((enum tlp)of, *t, force, w, d)) != 0)
		return r;
	(void)json_object_del(body, "tlp");
	return 0;
}

/*
 * The body written when findings come without one: a summary that says
 * only how many were found (the findings say the rest).
 */
static json_t *
default_body(json_t *findings)
{
	size_t n = json_array_size(findings);
	char s[96];

	if (n == 0)
		(void)snprintf(s, sizeof(s), "No indicator found in our logs.");
	else
		(void)snprintf(s, sizeof(s), "%zu indicator%s found in our "
		    "logs.", n, n == 1 ? "" : "s");
	return json_pack("{s:s}", "summary", s);
}

int
compose_reply(json_t *body, json_t *findings, bool final, const char *what,
    const char *fwhat, const char *as, json_t **out, struct hl_diag *d)
{
	json_t *st;
	int r;

	*out = NULL;
	if (findings != NULL && (r = schema_findings_check(findings, d)) != 0)
		return r;
	if (body == NULL) {
		if ((body = default_body(findings)) == NULL)
			return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	} else
		json_incref(body);
	/* Two sources of findings would leave one of them unsent. */
	if (findings != NULL && json_is_object(body) &&
	    json_object_get(body, "findings") != NULL) {
		r = hl_diag_set(d, HL_EINVAL, NULL, "%s: has findings, and %s "
		    "gives others; give them in one place", what, fwhat);
		goto fail;
	}
	if (findings != NULL && json_is_object(body) &&
	    json_object_set(body, "findings", findings) != 0) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	/* final says what status says; they must not disagree. */
	st = json_object_get(body, "status");
	if (st != NULL && json_is_string(st) && strcmp(json_string_value(st),
	    final ? "final" : "interim") != 0) {
		r = hl_diag_set(d, HL_EINVAL, NULL, "%s: status is '%s' but "
		    "the reply is %s", what, json_string_value(st), as);
		goto fail;
	}
	if (json_is_object(body) && json_object_set_new(body, "status",
	    json_string(final ? "final" : "interim")) != 0) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	if ((r = schema_body(MSG_RESPONSE, body, NULL, d)) != 0)
		goto fail;
	*out = body;
	return 0;
fail:
	json_decref(body);
	return r;
}

static int
pinned_tier(void *arg, const char *party)
{
	return node_peer_tier(arg, party);
}

void
compose_filter(struct node *n, struct report_filter *f)
{
	f->tier_of = pinned_tier;
	f->arg = n;
}

struct leaves {
	struct report_builder	*b;
	struct hl_diag		*d;
};

static int
add_leaf(void *arg, uint64_t idx, const uint8_t *p, size_t n)
{
	struct leaves *l = arg;
	int r;

	if ((r = report_leaf(l->b, p, n, l->d)) != 0) {
		char msg[sizeof(l->d->msg)];

		(void)snprintf(msg, sizeof(msg), "%s", l->d->msg);
		(void)hl_diag_set(l->d, r, NULL, "leaf %llu: %s",
		    (unsigned long long)idx, msg);
	}
	return r;
}

int
compose_report(struct node *n, struct report_filter *f, struct report *rep,
    struct hl_diag *d)
{
	struct leaves l = { NULL, d };
	int r;

	memset(rep, 0, sizeof(*rep));
	compose_filter(n, f);
	if (report_begin(n->cfg.party, &l.b) != 0)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if ((r = node_log_each(n, add_leaf, &l)) != 0) {
		report_abort(l.b);
		if (d->msg[0] == '\0')
			(void)hl_diag_set(d, r, NULL, "cannot read the log");
		return r;
	}
	if ((r = report_end(l.b, f, rep)) != 0)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	return 0;
}
