/*
 * Report bundles. See bundle.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "cardkeys.h"
#include "checkpoint.h"
#include "enc.h"
#include "merkle.h"
#include "note.h"
#include "receipt.h"
#include "proto.h"


static bool
str_into(json_t *v, char *out, size_t n)
{
	if (!json_is_string(v) || json_string_length(v) >= n)
		return false;
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return true;
}

int
bundle_leaf_delivery(const uint8_t *p, size_t n, struct bundle_delivery *dl,
    bool *is)
{
	json_t *o, *msg, *rc;
	const char *event;
	int r = 0;

	*is = false;
	if ((o = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return HL_EPARSE;
	event = json_string_value(json_object_get(o, "event"));
	if (event != NULL && (strcmp(event, TLOG_DELIVERED) == 0 ||
	    strcmp(event, TLOG_REDELIVERED) == 0)) {
		dl->again = strcmp(event, TLOG_REDELIVERED) == 0;
		msg = json_object_get(o, "msg");
		rc = json_object_get(o, "receipt");
		r = str_into(json_object_get(msg, "id"), dl->msg,
		    sizeof(dl->msg)) && str_into(json_object_get(msg, "from"),
		    dl->from, sizeof(dl->from)) &&
		    json_is_integer(json_object_get(msg, "seq")) &&
		    str_into(json_object_get(rc, "by"), dl->by,
		    sizeof(dl->by)) &&
		    json_is_integer(json_object_get(rc, "leaf")) &&
		    json_is_string(json_object_get(rc, "at")) &&
		    proto_time_parse(json_string_value(json_object_get(rc,
		    "at")), PROTO_TIME_STRICT, &dl->at) ? 0 : HL_ESCHEMA;
		if (r == 0) {
			*is = true;
			dl->seq = json_integer_value(json_object_get(msg,
			    "seq"));
			dl->leaf = json_integer_value(json_object_get(rc,
			    "leaf"));
		}
	}
	json_decref(o);
	return r;
}

/* Puts what d says under where in the bundle: "cards[1]" + ".key". */
static int
within(struct hl_diag *d, int r, const char *where)
{
	char path[2 * sizeof(d->path)];

	if (d != NULL) {
		(void)snprintf(path, sizeof(path), "%s%s%s", where,
		    d->path[0] != '\0' ? "." : "", d->path);
		memcpy(d->path, path, sizeof(d->path) - 1);
		d->path[sizeof(d->path) - 1] = '\0';
	}
	return r;
}

void
bundle_result_done(struct bundle_result *res)
{
	free(res->cards);
	free(res->cosigs);
	free(res->flags);
	report_done(&res->rep);
	json_decref(res->report);
	json_decref(res->doc);
	memset(res, 0, sizeof(*res));
}

const struct card *
bundle_card(const struct bundle_result *res, const char *party)
{
	for (size_t i = 0; i < res->ncards; i++)
		if (strcmp(res->cards[i].party, party) == 0)
			return &res->cards[i];
	return NULL;
}

/*
 * Whether next, a card that parsed (its signature checked), is a later
 * version of the given card: both version 2, the same party, state,
 * tier and identity key, a higher serial. Its validity is not asked: an
 * auditor may check a bundle long after the card expired.
 */
static bool
later_card(const struct card *given, const struct card *next)
{
	return given->v >= 2 && next->v >= 2 &&
	    strcmp(given->party, next->party) == 0 &&
	    strcmp(given->state, next->state) == 0 &&
	    given->tier == next->tier &&
	    strcmp(given->identity, next->identity) == 0 &&
	    memcmp(given->id_pk, next->id_pk, HL_PK_LEN) == 0 &&
	    next->serial > given->serial;
}

/*
 * Every message key of some cards, as note keys, with whose each is and
 * what its card says of it (card_keys()).
 */
struct keyset {
	struct note_vkey	*k;
	const char		**party;
	struct card_keyref	*ref;
	size_t			 n;
};

static void
keyset_done(struct keyset *ks)
{
	free(ks->k);
	free(ks->party);
	free(ks->ref);
	memset(ks, 0, sizeof(*ks));
}

/* Adds c's keys to ks (room for CARD_KEYS_MAX per card was made). */
static int
keyset_add(struct keyset *ks, const struct card *c, struct hl_diag *d)
{
	struct card_keyref k[CARD_KEYS_MAX];
	size_t n = card_keys(c, 0, k);
	int r;

	for (size_t i = 0; i < n; i++) {
		if ((r = note_vkey_parse(k[i].vkey, &ks->k[ks->n], d)) != 0)
			return r;
		ks->party[ks->n] = c->party;
		ks->ref[ks->n] = k[i];
		ks->n++;
	}
	return 0;
}

static int
keyset_make(struct keyset *ks, size_t ncards, struct hl_diag *d)
{
	size_t max = (ncards > 0 ? ncards : 1) * CARD_KEYS_MAX;

	memset(ks, 0, sizeof(*ks));
	ks->k = calloc(max, sizeof(*ks->k));
	ks->party = calloc(max, sizeof(*ks->party));
	ks->ref = calloc(max, sizeof(*ks->ref));
	if (ks->k == NULL || ks->party == NULL || ks->ref == NULL) {
		keyset_done(ks);
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	}
	return 0;
}

/* "revoked (compromise) since T" or "rotated, its grace over at T". */
static void
until_text(const struct card_keyref *k, char *out, size_t n)
{
	char t[PROTO_TIME_LEN];

	proto_time_format(k->until, t);
	if (k->why == CARD_ROTATED)
		(void)snprintf(out, n, "rotated out, its grace over at %s", t);
	else
		(void)snprintf(out, n, "revoked (%s) since %s",
		    card_why_names[k->why], t);
}

/* Notes a flag: what, where, by whose key k, dated at. */
static int
flag_add(struct bundle_result *res, const char *what, const char *where,
    const char *party, const struct card_keyref *k, int64_t at,
    const char *detail)
{
	struct bundle_flag *f, *more;
	char t[PROTO_TIME_LEN], why[128];

	if ((more = realloc(res->flags, (res->nflags + 1) *
	    sizeof(*more))) == NULL)
		return HL_ENOMEM;
	res->flags = more;
	f = &res->flags[res->nflags++];
	memset(f, 0, sizeof(*f));
	(void)snprintf(f->where, sizeof(f->where), "%s", where);
	(void)snprintf(f->what, sizeof(f->what), "%s", what);
	(void)snprintf(f->party, sizeof(f->party), "%s", party);
	(void)snprintf(f->key, sizeof(f->key), "%s", k->vkey);
	f->at = at;
	f->until = k->until;
	f->why = k->why;
	proto_time_format(at, t);
	until_text(k, why, sizeof(why));
	(void)snprintf(f->text, sizeof(f->text), "%s: %s%s%s dated %s, "
	    "%s %s's key %s, %s", where, what, detail[0] != '\0' ? " " : "",
	    detail, t, strcmp(what, "leaf") == 0 ? "covered only by "
	    "checkpoints signed by" : "signed by", party, k->vkey, why);
	return 0;
}

/* The cards to trust: the given ones, else the bundle's own. */
static int
take_cards(json_t *a, const struct card *trusted, size_t ntrusted,
    struct bundle_result *res, struct hl_diag *d)
{
	size_t i;
	json_t *v;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > HL_MAX_BUNDLE_CARDS)
		return hl_diag_set(d, HL_ESCHEMA, "cards", "must list 1 to %d "
		    "cards", HL_MAX_BUNDLE_CARDS);
	res->cards_given = ntrusted > 0;
	if ((res->cards = calloc(ntrusted > 0 ? ntrusted :
	    json_array_size(a), sizeof(*res->cards))) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	for (i = 0; i < ntrusted; i++)
		res->cards[res->ncards++] = trusted[i];
	json_array_foreach(a, i, v) {
		struct card c;
		const struct card *t;
		char path[32];
		int r;

		(void)snprintf(path, sizeof(path), "cards[%zu]", i);
		if (!json_is_string(v))
			return hl_diag_set(d, HL_ESCHEMA, path, "not a string");
		if ((r = card_parse((const uint8_t *)json_string_value(v),
		    json_string_length(v), &c, d)) != 0)
			return within(d, r, path);
		if (ntrusted == 0) {
			if (bundle_card(res, c.party) != NULL)
				return hl_diag_set(d, HL_ESCHEMA, path, "a second "
				    "card for %s", c.party);
			res->cards[res->ncards++] = c;
		} else if ((t = bundle_card(res, c.party)) != NULL &&
		    later_card(t, &c)) {
			/* It names every key the given one did, and more. */
			res->cards[t - res->cards] = c;
		} else if (t != NULL && t->v >= 2 && c.v >= 2 &&
		    strcmp(t->identity, c.identity) == 0 &&
		    t->serial == c.serial && (t->rawlen != c.rawlen ||
		    memcmp(t->raw, c.raw, c.rawlen) != 0))
			return hl_diag_set(d, HL_EBADSIG, path, "%s's card of "
			    "serial %lld is not the one given for it", c.party,
			    (long long)c.serial);
		else if (t != NULL && t->v >= 2 && c.v >= 2 &&
		    strcmp(t->identity, c.identity) == 0 &&
		    t->serial > c.serial)
			;	/* an older version: the given one is kept */
		else if (t != NULL && strcmp(t->vkey, c.vkey) != 0)
			return hl_diag_set(d, HL_EBADSIG, path, "%s's key is "
			    "not the one in the card given for it", c.party);
	}
	return 0;
}

/*
 * One checkpoint: signed by a key of the log's card, its cosignatures
 * noted (a cosignature dated at or after its key's until is flagged).
 * *signer (may be NULL) gets the log key that vouches longest for it.
 */
static int
take_checkpoint(json_t *v, size_t i, const struct keyset *log,
    const struct keyset *peers, struct bundle_result *res,
    struct checkpoint *c, const struct card_keyref **signer,
    struct hl_diag *d)
{
	const struct card_keyref *best = NULL;
	struct note *nt = NULL;
	char path[32], detail[64];
	int r;

	(void)snprintf(path, sizeof(path), "checkpoints[%zu]", i);
	if (!json_is_string(v))
		return hl_diag_set(d, HL_ESCHEMA, path, "not a string");
	if ((r = note_parse((const uint8_t *)json_string_value(v),
	    json_string_length(v), &nt, d)) != 0)
		return within(d, r, path);
	if ((r = checkpoint_parse(nt->buf, nt->textlen, c, d)) != 0) {
		note_free(nt);
		return within(d, r, path);
	}
	if (strcmp(c->origin, log->k[0].name) != 0) {
		note_free(nt);
		return hl_diag_set(d, HL_ESCHEMA, path, "a checkpoint of %s, "
		    "not of %s", c->origin, log->k[0].name);
	}
	for (size_t k = 0; k < nt->nsigs && r == 0; k++) {
		size_t key;
		uint64_t t;

		switch (note_check(nt, k, log->k, log->n, &key, &t)) {
		case NOTE_VERIFIED:
			if (best == NULL || log->ref[key].until > best->until)
				best = &log->ref[key];
			continue;
		case NOTE_BAD:
			r = hl_diag_set(d, HL_EBADSIG, path, "the signature by "
			    "%s does not verify", log->k[key].name);
			continue;
		default:
			break;
		}
		if (peers == NULL)
			continue;
		switch (note_check(nt, k, peers->k, peers->n, &key, &t)) {
		case NOTE_COSIGNED: {
			struct bundle_cosig *cs = NULL;
			const char *who = peers->party[key];

			for (size_t m = 0; m < res->ncosigs; m++)
				if (strcmp(res->cosigs[m].party, who) == 0)
					cs = &res->cosigs[m];
			if (cs == NULL) {
				cs = &res->cosigs[res->ncosigs++];
				(void)snprintf(cs->party, sizeof(cs->party),
				    "%s", who);
			}
			if (c->size >= cs->size) {
				cs->size = c->size;
				cs->time = t;
			}
			(void)snprintf(detail, sizeof(detail), "by %s of size "
			    "%llu", who, (unsigned long long)c->size);
			if (t <= INT64_MAX && (int64_t)t >=
			    peers->ref[key].until && flag_add(res,
			    "cosignature", path, who, &peers->ref[key],
			    (int64_t)t, detail) != 0)
				r = hl_diag_set(d, HL_ENOMEM, NULL, "out of "
				    "memory");
			break;
		}
		case NOTE_BAD:
			r = hl_diag_set(d, HL_EBADSIG, path, "the cosignature by "
			    "%s does not verify", peers->party[key]);
			break;
		default:
			break;
		}
	}
	note_free(nt);
	if (r == 0 && best == NULL)
		r = hl_diag_set(d, HL_EBADSIG, path, "not signed by %s",
		    log->k[0].name);
	if (signer != NULL)
		*signer = best;
	return r;
}

/* The key of by's card that signed rc (in keys), or NULL. */
static const struct card_keyref *
receipt_key(const struct receipt *rc, const struct card *by,
    struct card_keyref keys[static CARD_KEYS_MAX])
{
	size_t n = card_keys(by, 0, keys);

	for (size_t i = 0; i < n; i++)
		if (receipt_verify(rc, keys[i].pk) == 0)
			return &keys[i];
	return NULL;
}

/*
 * A receipt checked against the delivered leaf idx that names it; one
 * signed by a key at or after its until is flagged.
 */
static int
take_receipt(json_t *v, size_t ki, uint64_t idx,
    const struct bundle_delivery *dl, struct bundle_result *res,
    struct hl_diag *d)
{
	struct card_keyref keys[CARD_KEYS_MAX];
	const struct card_keyref *k;
	const struct card *by;
	struct receipt rc;
	char path[32], detail[128];
	int r;

	(void)snprintf(path, sizeof(path), "receipts[%zu]", ki);
	if (v == NULL)
		return hl_diag_set(d, HL_ESCHEMA, path, "missing: leaf %llu "
		    "records a delivery of %.16s", (unsigned long long)idx,
		    dl->msg);
	if (!json_is_string(v))
		return hl_diag_set(d, HL_ESCHEMA, path, "not a string");
	memset(&rc, 0, sizeof(rc));
	if ((r = receipt_parse((const uint8_t *)json_string_value(v),
	    json_string_length(v), &rc, d)) != 0)
		return within(d, r, path);
	if ((by = bundle_card(res, rc.by)) == NULL)
		r = hl_diag_set(d, HL_EUNKNOWNPEER, path, "signed by %s, whose "
		    "card is not %s", rc.by, res->cards_given ? "given" :
		    "in the bundle");
	else if ((k = receipt_key(&rc, by, keys)) == NULL)
		r = hl_diag_set(d, HL_EBADSIG, path, "the signature by %s does "
		    "not verify", rc.by);
	else if (strcmp(rc.msg, dl->msg) != 0 || strcmp(rc.from, dl->from) !=
	    0 || rc.seq != dl->seq || strcmp(rc.by, dl->by) != 0 ||
	    (int64_t)rc.leaf != dl->leaf || rc.at != dl->at)
		r = hl_diag_set(d, HL_ESCHEMA, path, "is not the receipt leaf "
		    "%llu records (%.16s by %s at leaf %lld)",
		    (unsigned long long)idx, dl->msg, dl->by,
		    (long long)dl->leaf);
	else if (rc.at >= k->until) {
		(void)snprintf(detail, sizeof(detail), "for %.16s by %s",
		    rc.msg, rc.by);
		if (flag_add(res, "receipt", path, rc.by, k, rc.at,
		    detail) != 0)
			r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	}
	receipt_done(&rc);
	return r;
}

/*
 * A bundle made before contact checks has no "contact" in its report's
 * rows; its leaves have no checks either, so the recomputed member says
 * nothing (no checks) and is left out of the comparison. A row whose
 * leaves do hold checks must say so.
 */
static void
drop_empty_contact(json_t *theirs, json_t *mine)
{
	json_t *rows = json_object_get(theirs, "peers"), *row, *my;
	size_t i;

	json_array_foreach(json_object_get(mine, "peers"), i, my) {
		row = json_array_get(rows, i);
		if (json_is_object(row) && json_object_get(row,
		    "contact") == NULL && json_integer_value(json_object_get(
		    json_object_get(my, "contact"), "checks")) == 0)
			(void)json_object_del(my, "contact");
	}
}

/* The first place where two JSON values differ, as a path; "" if none. */
static bool
differ(json_t *a, json_t *b, char *path, size_t n)
{
	size_t len = strlen(path);
	const char *key;
	json_t *v;

	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach(a, key, v) {
			(void)snprintf(path + len, n - len, "%s%s",
			    len > 0 ? "." : "", key);
			if (differ(v, json_object_get(b, key), path, n))
				return true;
		}
		json_object_foreach(b, key, v)
			if (json_object_get(a, key) == NULL) {
				(void)snprintf(path + len, n - len, "%s%s",
				    len > 0 ? "." : "", key);
				return true;
			}
		path[len] = '\0';
		return false;
	}
	if (json_is_array(a) && json_is_array(b)) {
		for (size_t i = 0; i < json_array_size(a) ||
		    i < json_array_size(b); i++) {
			(void)snprintf(path + len, n - len, "[%zu]", i);
			if (differ(json_array_get(a, i), json_array_get(b, i),
			    path, n))
				return true;
		}
		path[len] = '\0';
		return false;
	}
	return a == NULL || b == NULL || !json_equal(a, b);
}

static char *
show(json_t *v)
{
	return v == NULL ? strdup("nothing") : json_dumps(v, JSON_COMPACT |
	    JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* The value at a path differ() wrote, or NULL. */
static json_t *
at_path(json_t *v, const char *path)
{
	char key[128];

	while (v != NULL && *path != '\0') {
		size_t k = 0;

		if (*path == '.')
			path++;
		if (*path == '[') {
			const char *end = strchr(path, ']');

			/* A key of the bundle's own with "[" in it: give up. */
			if (end == NULL)
				return NULL;
			v = json_array_get(v, strtoul(path + 1, NULL, 10));
			path = end + 1;
			continue;
		}
		while (*path != '\0' && *path != '.' && *path != '[' &&
		    k < sizeof(key) - 1)
			key[k++] = *path++;
		key[k] = '\0';
		v = json_object_get(v, key);
	}
	return v;
}

static int
bundle_tier(void *arg, const char *party)
{
	const struct card *c = bundle_card(arg, party);

	return c != NULL ? (int)c->tier : -1;
}

/* The filter a bundle's report says it applied. */
static int
take_filter(json_t *rep, struct report_filter *f, struct hl_diag *d)
{
	json_t *o = json_object_get(rep, "filter"), *v;

	memset(f, 0, sizeof(*f));
	f->tier = -1;
	if (!json_is_object(o))
		return hl_diag_set(d, HL_ESCHEMA, "report.filter", "missing");
	if (json_is_string(v = json_object_get(o, "peer")))
		f->peer = json_string_value(v);
	else if (!json_is_null(v))
		return hl_diag_set(d, HL_ESCHEMA, "report.filter.peer", "bad");
	if ((json_is_string(v = json_object_get(o, "since")) &&
	    !proto_time_parse(json_string_value(v), PROTO_TIME_STRICT,
	    &f->since)) || (!json_is_string(v) && !json_is_null(v)))
		return hl_diag_set(d, HL_ESCHEMA, "report.filter.since", "bad");
	if ((json_is_string(v = json_object_get(o, "until")) &&
	    !proto_time_parse(json_string_value(v), PROTO_TIME_STRICT,
	    &f->until)) || (!json_is_string(v) && !json_is_null(v)))
		return hl_diag_set(d, HL_ESCHEMA, "report.filter.until", "bad");
	if (json_is_string(v = json_object_get(o, "tier"))) {
		if ((f->tier = proto_lookup(proto_tier_names,
		    json_string_value(v))) < 0)
			return hl_diag_set(d, HL_ESCHEMA, "report.filter.tier",
			    "bad");
	} else if (!json_is_null(v))
		return hl_diag_set(d, HL_ESCHEMA, "report.filter.tier", "bad");
	return 0;
}

/* The root of the first size leaves of a verified bundle. */
static void
root_at(json_t *leaves, uint64_t size, merkle_hash out)
{
	struct merkle_range range;

	memset(&range, 0, sizeof(range));
	for (uint64_t i = 0; i < size; i++) {
		json_t *v = json_array_get(leaves, i);
		merkle_hash h;

		merkle_leaf_hash((const uint8_t *)json_string_value(v),
		    json_string_length(v), h);
		if (merkle_range_append(&range, h, NULL, NULL) != 0)
			break;	/* only emit can fail, and there is none */
	}
	merkle_range_root(&range, out);
}

/* x cosigned y's log at some size: y's bundle must hold that log. */
static int
cross_witnessed(const struct bundle_result *x, const struct bundle_result *y,
    struct hl_diag *d)
{
	json_t *leaves = json_object_get(y->doc, "leaves"), *v;
	char origin[HL_MAX_PARTY_LEN + 16];
	size_t i;

	(void)snprintf(origin, sizeof(origin), "hotline/%s", y->party);
	json_array_foreach(json_object_get(x->doc, "witnessed"), i, v) {
		struct checkpoint c;
		struct note *nt;
		merkle_hash root;
		int r;

		if (note_parse((const uint8_t *)json_string_value(v),
		    json_string_length(v), &nt, NULL) != 0)
			continue;	/* verified already: cannot happen */
		r = checkpoint_parse(nt->buf, nt->textlen, &c, NULL);
		note_free(nt);
		if (r != 0 || strcmp(c.origin, origin) != 0)
			continue;
		if (c.size > y->size)
			return hl_diag_set(d, HL_EPROOF, NULL, "%s cosigned %s's "
			    "log at size %llu, but %s's bundle ends at %llu: "
			    "its log was cut back, or the bundle is older",
			    x->party, y->party, (unsigned long long)c.size,
			    y->party, (unsigned long long)y->size);
		root_at(leaves, c.size, root);
		if (memcmp(root, c.root, MERKLE_HASH) != 0)
			return hl_diag_set(d, HL_EPROOF, NULL, "%s cosigned %s's "
			    "log at size %llu, and %s's bundle has other leaves "
			    "up to there: its log was rewritten", x->party,
			    y->party, (unsigned long long)c.size, y->party);
	}
	return 0;
}

int
bundle_cross(const struct bundle_result *x, const struct bundle_result *y,
    struct hl_diag *d)
{
	json_t *receipts = json_object_get(x->doc, "receipts");
	json_t *leaves = json_object_get(y->doc, "leaves"), *v;
	size_t i;
	int r;

	if ((r = cross_witnessed(x, y, d)) != 0)
		return r;

	json_array_foreach(receipts, i, v) {
		char said[PROTO_TIME_LEN], logged[PROTO_TIME_LEN + 1] = "";
		struct receipt rc;
		json_t *leaf, *o;
		const char *event, *id, *at;
		int64_t t = 0;
		bool ok, same;

		memset(&rc, 0, sizeof(rc));
		if (receipt_parse((const uint8_t *)json_string_value(v),
		    json_string_length(v), &rc, NULL) != 0)
			return hl_diag_set(d, HL_ESCHEMA, NULL, "%s's "
			    "receipts[%zu] does not parse", x->party, i);
		if (strcmp(rc.by, y->party) != 0 || rc.leaf >= y->size) {
			/* Another's, or past y's head: nothing to compare. */
			receipt_done(&rc);
			continue;
		}
		leaf = json_array_get(leaves, rc.leaf);
		o = json_loadb(json_string_value(leaf), json_string_length(leaf),
		    0, NULL);
		event = json_string_value(json_object_get(o, "event"));
		id = json_string_value(json_object_get(json_object_get(o,
		    "msg"), "id"));
		ok = event != NULL && id != NULL &&
		    strcmp(event, "received") == 0 && strcmp(id, rc.msg) == 0;
		/*
		 * The receipt's time and the received leaf's are where both
		 * reports start the receiver's time (report_start()): one
		 * signer, one moment, or the two reports would differ.
		 */
		at = json_string_value(json_object_get(o, "at"));
		same = at != NULL && proto_time_parse(at, PROTO_TIME_STRICT,
		    &t) && t == rc.at;
		if (at != NULL)
			(void)snprintf(logged, sizeof(logged), "%.20s", at);
		json_decref(o);
		if (!ok) {
			r = hl_diag_set(d, HL_EPROOF, NULL, "%s holds %s's "
			    "receipt for %.16s as leaf %llu of %s's log, but "
			    "%s's bundle has another leaf there", x->party,
			    y->party, rc.msg, (unsigned long long)rc.leaf,
			    y->party, y->party);
			receipt_done(&rc);
			return r;
		}
		if (!same) {
			proto_time_format(rc.at, said);
			r = hl_diag_set(d, HL_EPROOF, NULL, "%s's receipt for "
			    "%.16s, held by %s, says it was stored at %s, but "
			    "leaf %llu of %s's log says %s", y->party, rc.msg,
			    x->party, said, (unsigned long long)rc.leaf,
			    y->party, logged[0] != '\0' ? logged : "no time");
			receipt_done(&rc);
			return r;
		}
		receipt_done(&rc);
	}
	return 0;
}

/* A verified leaf's time ("at"); -1 if it has none. */
static int64_t
leaf_at(json_t *leaves, size_t i)
{
	json_t *v = json_array_get(leaves, i), *o;
	int64_t t = -1;

	o = json_loadb(json_string_value(v), json_string_length(v), 0, NULL);
	if (!json_is_string(json_object_get(o, "at")) ||
	    !proto_time_parse(json_string_value(json_object_get(o, "at")),
	    PROTO_TIME_STRICT, &t))
		t = -1;
	json_decref(o);
	return t;
}

/*
 * The log's checkpoints signed by no key its card still vouches for at
 * the time of a leaf they cover (signer[k]'s until at or before that
 * leaf's at) are flagged, and so are the leaves that only such
 * checkpoints cover: a checkpoint by a key still vouched for (the head,
 * signed after a rotation with the new key) vouches for every leaf
 * below it.
 */
static int
flag_checkpoints(json_t *leaves, const struct checkpoint *cps,
    const struct card_keyref **signer, size_t ncps, struct bundle_result *res)
{
	char where[48], detail[80];
	int64_t *at = NULL;
	bool any = false;
	size_t i, k;
	int r = 0;

	for (k = 0; k < ncps; k++)
		any |= signer[k] != NULL && signer[k]->until != INT64_MAX;
	if (!any || res->size == 0)
		return 0;
	if ((at = calloc(res->size, sizeof(*at))) == NULL)
		return HL_ENOMEM;
	for (i = 0; i < res->size; i++)
		at[i] = leaf_at(leaves, i);
	for (k = 0; k < ncps && r == 0; k++) {
		if (signer[k] == NULL || signer[k]->until == INT64_MAX)
			continue;
		for (i = 0; i < cps[k].size; i++)
			if (at[i] >= signer[k]->until)
				break;
		if (i == cps[k].size)
			continue;
		(void)snprintf(where, sizeof(where), "checkpoints[%zu]", k);
		(void)snprintf(detail, sizeof(detail), "of size %llu, its "
		    "leaf %zu", (unsigned long long)cps[k].size, i);
		r = flag_add(res, "checkpoint", where, res->party, signer[k],
		    at[i], detail);
	}
	for (i = 0; i < res->size && r == 0; i++) {
		const struct card_keyref *by = NULL;
		bool vouched = false;

		for (k = 0; k < ncps; k++) {
			if (cps[k].size <= i || signer[k] == NULL)
				continue;
			if (at[i] < signer[k]->until)
				vouched = true;
			else if (by == NULL || signer[k]->until > by->until)
				by = signer[k];
		}
		if (vouched || by == NULL)
			continue;
		(void)snprintf(where, sizeof(where), "leaves[%zu]", i);
		r = flag_add(res, "leaf", where, res->party, by, at[i], "");
	}
	free(at);
	return r;
}

int
bundle_verify(const uint8_t *p, size_t len, const struct card *trusted,
    size_t ntrusted, struct bundle_result *res, struct hl_diag *d)
{
	struct report_builder *b = NULL;
	struct report_filter f;
	struct keyset log, peers;
	struct checkpoint *cps = NULL;
	const struct card_keyref **signer = NULL;
	struct merkle_range range;
	const struct card *self;
	json_t *o, *a, *v, *leaves, *receipts, *mine = NULL;
	size_t i, ncps, nrc = 0;
	char path[256] = "";
	int r;

	memset(res, 0, sizeof(*res));
	memset(&range, 0, sizeof(range));
	memset(&log, 0, sizeof(log));
	memset(&peers, 0, sizeof(peers));
	if (len > HL_MAX_BUNDLE_BYTES)
		return hl_diag_set(d, HL_ETOOBIG, NULL, "over %lld bytes",
		    (long long)HL_MAX_BUNDLE_BYTES);
	if ((o = json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return hl_diag_set(d, HL_EPARSE, NULL, "not JSON");
	if (!json_is_object(o) || json_integer_value(json_object_get(o,
	    "v")) != 1 || !json_is_string(v = json_object_get(o, "type")) ||
	    strcmp(json_string_value(v), BUNDLE_TYPE) != 0) {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "not a hotline bundle "
		    "(v 1)");
		goto out;
	}
	if (!str_into(json_object_get(o, "party"), res->party,
	    sizeof(res->party))) {
		r = hl_diag_set(d, HL_ESCHEMA, "party", "missing or bad");
		goto out;
	}
	if ((r = take_cards(json_object_get(o, "cards"), trusted, ntrusted,
	    res, d)) != 0)
		goto out;
	if ((self = bundle_card(res, res->party)) == NULL) {
		r = hl_diag_set(d, HL_EUNKNOWNPEER, "cards", "no card for %s, "
		    "whose log this is", res->party);
		goto out;
	}
	/* Every key of each card: what a retired key signed verifies. */
	if ((r = keyset_make(&log, 1, d)) != 0 ||
	    (r = keyset_make(&peers, res->ncards, d)) != 0 ||
	    (r = keyset_add(&log, self, d)) != 0)
		goto out;
	res->cosigs = calloc(res->ncards, sizeof(*res->cosigs));
	if (res->cosigs == NULL) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < res->ncards; i++) {
		if (&res->cards[i] == self)
			continue;
		if ((r = keyset_add(&peers, &res->cards[i], d)) != 0)
			goto out;
	}

	/* Checkpoints: the head first, then smaller ones. */
	a = json_object_get(o, "checkpoints");
	if (!json_is_array(a) || (ncps = json_array_size(a)) == 0 ||
	    ncps > HL_MAX_BUNDLE_CARDS + 1) {
		r = hl_diag_set(d, HL_ESCHEMA, "checkpoints", "must list 1 to "
		    "%d checkpoints", HL_MAX_BUNDLE_CARDS + 1);
		goto out;
	}
	if ((cps = calloc(ncps, sizeof(*cps))) == NULL ||
	    (signer = calloc(ncps, sizeof(*signer))) == NULL) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	json_array_foreach(a, i, v) {
		if ((r = take_checkpoint(v, i, &log, &peers, res, &cps[i],
		    &signer[i], d)) != 0)
			goto out;
		if (cps[i].size > cps[0].size) {
			r = hl_diag_set(d, HL_ESCHEMA, "checkpoints", "the "
			    "first is not the largest");
			goto out;
		}
	}
	res->size = cps[0].size;

	/* Peers' checkpoints this party cosigned: each signed by its log. */
	a = json_object_get(o, "witnessed");
	if (a != NULL && (!json_is_array(a) ||
	    json_array_size(a) > HL_MAX_BUNDLE_CARDS)) {
		r = hl_diag_set(d, HL_ESCHEMA, "witnessed", "must list at most "
		    "%d notes", HL_MAX_BUNDLE_CARDS);
		goto out;
	}
	json_array_foreach(a, i, v) {
		const struct card *pc = NULL;
		struct keyset one;
		struct checkpoint wc;

		(void)snprintf(path, sizeof(path), "witnessed[%zu]", i);
		for (size_t m = 0; m < peers.n; m++)
			if (json_is_string(v) && strstr(json_string_value(v),
			    peers.k[m].name) == json_string_value(v) &&
			    json_string_value(v)[strlen(peers.k[m].name)] ==
			    '\n')
				pc = bundle_card(res, peers.party[m]);
		if (pc == NULL) {
			r = hl_diag_set(d, HL_EUNKNOWNPEER, path, "not a "
			    "checkpoint of a peer whose card is %s",
			    res->cards_given ? "given" : "in the bundle");
			goto out;
		}
		/*
		 * Signed by any key of the peer's card: a note carries no
		 * time of its own, so nothing here can be flagged.
		 */
		if ((r = keyset_make(&one, 1, d)) != 0)
			goto out;
		if ((r = keyset_add(&one, pc, d)) == 0)
			r = take_checkpoint(v, i, &one, NULL, res, &wc, NULL, d);
		keyset_done(&one);
		if (r != 0) {
			r = within(d, r, path);
			goto out;
		}
	}

	/* Leaves: every one up to the head, each root where one is signed. */
	leaves = json_object_get(o, "leaves");
	receipts = json_object_get(o, "receipts");
	if (!json_is_array(leaves) || json_array_size(leaves) != res->size) {
		r = hl_diag_set(d, HL_ESCHEMA, "leaves", "must hold the %llu "
		    "leaves of the head checkpoint, holds %zu",
		    (unsigned long long)res->size, json_is_array(leaves) ?
		    json_array_size(leaves) : 0);
		goto out;
	}
	if (!json_is_array(receipts)) {
		r = hl_diag_set(d, HL_ESCHEMA, "receipts", "missing");
		goto out;
	}
	if ((r = report_begin(res->party, &b)) != 0)
		goto out;
	/* First the leaves' integrity: each root where one is signed. */
	for (i = 0; i <= res->size; i++) {
		merkle_hash root, h;

		merkle_range_root(&range, root);
		for (size_t k = 0; k < ncps; k++)
			if (cps[k].size == i &&
			    memcmp(root, cps[k].root, MERKLE_HASH) != 0) {
				r = hl_diag_set(d, HL_EPROOF, "checkpoints",
				    "the %llu leaves given do not make the root "
				    "of checkpoint %llu: a leaf was changed, "
				    "dropped, added or moved",
				    (unsigned long long)i,
				    (unsigned long long)cps[k].size);
				goto out;
			}
		if (i == res->size)
			break;
		v = json_array_get(leaves, i);
		if (!json_is_string(v)) {
			(void)snprintf(path, sizeof(path), "leaves[%zu]", i);
			r = hl_diag_set(d, HL_ESCHEMA, path, "not a string");
			goto out;
		}
		merkle_leaf_hash((const uint8_t *)json_string_value(v),
		    json_string_length(v), h);
		if ((r = merkle_range_append(&range, h, NULL, NULL)) != 0)
			goto out;
	}
	/* Then what they say, and the receipts for their deliveries. */
	for (i = 0; i < res->size; i++) {
		struct bundle_delivery dl;
		bool is;

		v = json_array_get(leaves, i);
		(void)snprintf(path, sizeof(path), "leaves[%zu]", i);
		if ((r = report_leaf(b, (const uint8_t *)json_string_value(v),
		    json_string_length(v), d)) != 0) {
			r = within(d, r, path);
			goto out;
		}
		if ((r = bundle_leaf_delivery((const uint8_t *)json_string_value(v),
		    json_string_length(v), &dl, &is)) != 0) {
			r = hl_diag_set(d, r, path, "a delivery without its "
			    "receipt's fields");
			goto out;
		}
		if (is) {
			if ((r = take_receipt(json_array_get(receipts, nrc),
			    nrc, i, &dl, res, d)) != 0)
				goto out;
			nrc++;
			res->redelivered += dl.again;
		}
	}
	if (nrc != json_array_size(receipts)) {
		r = hl_diag_set(d, HL_ESCHEMA, "receipts", "%zu receipts for %zu "
		    "deliveries", json_array_size(receipts), nrc);
		goto out;
	}
	res->receipts = nrc;
	if ((r = flag_checkpoints(leaves, cps, signer, ncps, res)) != 0) {
		r = hl_diag_set(d, r, NULL, "out of memory");
		goto out;
	}

	/* The numbers: recomputed, then compared with the bundle's. */
	if ((r = take_filter(json_object_get(o, "report"), &f, d)) != 0)
		goto out;
	f.tier_of = bundle_tier;
	f.arg = res;
	r = report_end(b, &f, &res->rep);
	b = NULL;
	if (r != 0)
		goto out;
	mine = report_json(&res->rep, &f);
	path[0] = '\0';
	if (mine == NULL) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	drop_empty_contact(json_object_get(o, "report"), mine);
	if (differ(json_object_get(o, "report"), mine, path, sizeof(path))) {
		char *says = show(at_path(json_object_get(o, "report"), path));
		char *is = show(at_path(mine, path));

		r = hl_diag_set(d, HL_EPROOF, NULL, "report.%s: the bundle says "
		    "%s, the leaves say %s", path, says != NULL ? says : "?",
		    is != NULL ? is : "?");
		free(says);
		free(is);
		goto out;
	}
	/* A log no peer witnessed could have been rewritten at will. */
	for (i = 0; i < res->rep.n; i++) {
		bool found = false;

		for (size_t k = 0; k < res->ncosigs; k++)
			found |= strcmp(res->cosigs[k].party,
			    res->rep.rows[i].peer) == 0;
		if (!found) {
			r = hl_diag_set(d, HL_EPROOF, "checkpoints", "%s cosigned "
			    "none of them: nothing shows %s saw this log",
			    res->rep.rows[i].peer, res->rep.rows[i].peer);
			goto out;
		}
	}
	res->report = mine;
	mine = NULL;
	res->doc = json_incref(o);
	r = 0;
out:
	report_abort(b);
	json_decref(mine);
	json_decref(o);
	keyset_done(&log);
	keyset_done(&peers);
	free(cps);
	free(signer);
	if (r != 0)
		bundle_result_done(res);
	return r;
}
