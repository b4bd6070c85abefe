/*
 * The node's transparency log. See tlog.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "canon.h"
#include "card.h"
#include "cardkeys.h"
#include "checkpoint.h"
#include "enc.h"
#include "jcs.h"
#include "limits.h"
#include "note.h"
#include "receipt.h"
#include "tlog.h"

/*
 * The leaf: JCS of {"at","event","msg":{...metadata...},"v":1}. Of the
 * body, only what accountability counts: a response's status, a notice's
 * kind.
 */
static int
event_leaf(const char *event, const struct envelope_hdr *h,
    const struct receipt *rc, int64_t rtt_ms, int64_t at, struct buf *out)
{
	const char *v;

	char t[PROTO_TIME_LEN], created[PROTO_TIME_LEN], deadline[PROTO_TIME_LEN];
	json_t *msg, *leaf;
	int r;

	proto_time_format(at, t);
	proto_time_format(h->created, created);
	msg = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "id", h->id,
	    "type", proto_type_names[h->type], "from", h->from, "to", h->to,
	    "tier", proto_tier_names[h->tier], "seq", (json_int_t)h->seq,
	    "created", created);
	if (msg == NULL)
		return HL_ENOMEM;
	/*
	 * A leaf is append-only evidence: one that lost its deadline, refs,
	 * status or kind to a failed allocation would be logged for good, so
	 * every member is set or the event fails.
	 */
	if (h->deadline != 0) {
		proto_time_format(h->deadline, deadline);
		if (json_object_set_new(msg, "deadline",
		    json_string(deadline)) != 0)
			goto nomem;
	}
	if (h->refs != NULL && json_object_set(msg, "refs", h->refs) != 0)
		goto nomem;
	v = json_string_value(json_object_get(h->body, h->type == MSG_RESPONSE ?
	    "status" : "kind"));
	if (h->type == MSG_RESPONSE && json_object_set_new(msg, "status",
	    json_string(v != NULL && strcmp(v, "final") == 0 ? "final" :
	    "interim")) != 0)
		goto nomem;
	if (h->type == MSG_NOTICE && v != NULL &&
	    json_object_set_new(msg, "kind", json_string(v)) != 0)
		goto nomem;
	leaf = json_pack("{s:i, s:s, s:s, s:o}", "v", 1, "event", event,
	    "at", t, "msg", msg);
	if (leaf == NULL)
		return HL_ENOMEM;
	if (rtt_ms >= 0 && json_object_set_new(leaf, "rtt_ms",
	    json_integer(rtt_ms)) != 0) {
		json_decref(leaf);
		return HL_ENOMEM;
	}
	if (rc != NULL) {
		char rat[PROTO_TIME_LEN];

		proto_time_format(rc->at, rat);
		if (json_object_set_new(leaf, "receipt", json_pack("{s:s, s:I, "
		    "s:s}", "by", rc->by, "leaf", (json_int_t)rc->leaf, "at",
		    rat)) != 0) {
			json_decref(leaf);
			return HL_ENOMEM;
		}
	}
	r = jcs_write(leaf, out);
	json_decref(leaf);
	return r;
nomem:
	json_decref(msg);
	return HL_ENOMEM;
}

int
tlog_checkpoint(struct tlog *lg, int64_t now)
{
	merkle_hash root;
	struct buf note;
	int r;

	buf_init(&note, HL_MAX_NOTE_BYTES);
	mlog_root(lg->m, root);
	if ((r = checkpoint_format(sig_key_name(lg->key), mlog_size(lg->m),
	    root, &note)) == 0) {
		size_t textlen = note.len;

		(void)buf_addc(&note, '\n');
		if ((r = note_sign(note.p, textlen, lg->key, &note)) == 0)
			r = store_checkpoint_put(lg->st, mlog_size(lg->m),
			    note.p, note.len, now);
	}
	buf_done(&note);
	return r;
}

int
tlog_record(struct tlog *lg, const char *event, const struct envelope_hdr *h,
    const struct receipt *rc, int64_t rtt_ms, int64_t at, uint64_t *index)
{
	struct buf leaf;
	int r;

	buf_init(&leaf, HL_MAX_LEAF_BYTES);
	if ((r = event_leaf(event, h, rc, rtt_ms, at, &leaf)) == 0)
		r = mlog_append(lg->m, leaf.p, leaf.len, index);
	buf_done(&leaf);
	return r;
}

int
tlog_record_card(struct tlog *lg, const char *event, const struct card *c,
    int64_t at, uint64_t *index)
{
	char t[PROTO_TIME_LEN], hex[2 * HL_HASH_LEN + 1];
	uint8_t h[HL_HASH_LEN];
	json_t *card, *leaf;
	struct buf b;
	int r;

	sig_sha256(c->raw, c->rawlen, h);
	enc_hex(h, sizeof(h), hex);
	proto_time_format(at, t);
	if ((card = json_pack("{s:s}", "sha256", hex)) == NULL)
		return HL_ENOMEM;
	if ((c->v >= 2 && json_object_set_new(card, "serial",
	    json_integer(c->serial)) != 0) ||
	    (strcmp(event, TLOG_PEER_CARD) == 0 && json_object_set_new(card,
	    "party", json_string(c->party)) != 0)) {
		json_decref(card);
		return HL_ENOMEM;
	}
	leaf = json_pack("{s:i, s:s, s:s, s:o}", "v", 1, "event", event,
	    "at", t, "card", card);
	if (leaf == NULL)
		return HL_ENOMEM;
	buf_init(&b, HL_MAX_LEAF_BYTES);
	if ((r = jcs_write(leaf, &b)) == 0)
		r = mlog_append(lg->m, b.p, b.len, index);
	json_decref(leaf);
	buf_done(&b);
	return r;
}

int
tlog_seal(struct tlog *lg, int64_t now)
{
	uint64_t size;
	int r;

	r = store_checkpoint_get(lg->st, (int64_t)mlog_size(lg->m), &size,
	    NULL);
	if (r == HL_ENOTFOUND)
		r = tlog_checkpoint(lg, now);
	return r;
}

static int
add_line(void *arg, uint64_t size, const char *cosigner, const char *line)
{
	(void)size;
	(void)cosigner;
	return buf_adds(arg, line);
}

int
tlog_note(struct tlog *lg, int64_t size, struct buf *out, uint64_t *got)
{
	int r;

	if ((r = store_checkpoint_get(lg->st, size, got, out)) != 0)
		return r;
	return store_cosig_each(lg->st, (int64_t)*got, add_line, out);
}

/* Whether a note's signature by key pk verifies (card_signed_online()). */
struct note_try {
	const struct note	*nt;
	const struct card	*card;
	bool			 bad;
};

static bool
note_signed(void *arg, const uint8_t *pk)
{
	struct note_try *t = arg;
	struct card_keyref k[CARD_KEYS_MAX];
	struct note_vkey key;
	size_t n = card_keys(t->card, 0, k);

	for (size_t i = 0; i < n; i++) {
		if (k[i].pk != pk)
			continue;
		if (note_vkey_parse(k[i].vkey, &key, NULL) != 0)
			return false;
		for (size_t j = 0; j < t->nt->nsigs; j++) {
			size_t ki;
			uint64_t tm;

			switch (note_check(t->nt, j, &key, 1, &ki, &tm)) {
			case NOTE_VERIFIED:
				return true;
			case NOTE_BAD:
				t->bad = true;
				break;
			default:
				break;
			}
		}
	}
	return false;
}

/*
 * A peer's checkpoint note, signed by a key its pinned card takes at
 * now: the current one or one in its grace. HL_EREVOKED (d naming the
 * key) for one its card retired or revoked.
 */
static int
signed_online(const struct note *nt, const struct card *card, int64_t now,
    struct hl_diag *d)
{
	struct note_try t = { nt, card, false };
	struct note_vkey key;
	int r;

	if ((r = card_signed_online(card, now, note_signed, &t, NULL,
	    d)) != HL_EBADSIG)
		return r;
	/* The key's name: the same for every key of the party. */
	if (note_vkey_parse(card->vkey, &key, NULL) != 0)
		(void)snprintf(key.name, sizeof(key.name), "%s", card->party);
	return hl_diag_set(d, HL_EBADSIG, NULL, t.bad ? "the signature by "
	    "%s does not verify" : "not signed by %s", key.name);
}

int
tlog_cosign(struct tlog *lg, const char *peer, const uint8_t *note,
    size_t len, const struct merkle_proof *proof, int64_t now,
    struct buf *out, struct hl_diag *d)
{
	struct checkpoint c, old;
	struct note_vkey key;
	struct note *nt = NULL, *oldnt = NULL;
	struct card card;
	struct buf prev;
	uint64_t oldsize = 0;
	int r;

	buf_init(&prev, HL_MAX_NOTE_BYTES);
	if ((r = store_peer_get(lg->st, peer, &card)) != 0) {
		r = hl_diag_set(d, r == HL_ENOTFOUND ? HL_EUNKNOWNPEER : r,
		    NULL, "unknown peer %s: no card pinned", peer);
		goto out;
	}
	if ((r = note_vkey_parse(card.vkey, &key, d)) != 0 ||
	    (r = note_parse(note, len, &nt, d)) != 0 ||
	    (r = signed_online(nt, &card, now, d)) != 0 ||
	    (r = checkpoint_parse(nt->buf, nt->textlen, &c, d)) != 0)
		goto out;
	if (strcmp(c.origin, key.name) != 0) {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "checkpoint of log '%s', "
		    "but %s's log is '%s'", c.origin, peer, key.name);
		goto out;
	}
	if (store_begin(lg->st) != 0) {
		r = hl_diag_set(d, HL_EDB, NULL, "cannot lock the database");
		goto out;
	}
	r = store_witness_get(lg->st, c.origin, &oldsize, &prev);
	if (r == HL_ENOTFOUND) {
		/* The first checkpoint seen: only an empty proof fits. */
		if (proof->len != 0) {
			r = hl_diag_set(d, HL_EINVAL, NULL, "no checkpoint of %s "
			    "was cosigned before: the proof must be empty",
			    peer);
			goto rollback;
		}
	} else if (r != 0) {
		goto rollback;
	} else {
		if ((r = note_parse(prev.p, prev.len, &oldnt, d)) != 0 ||
		    (r = checkpoint_parse(oldnt->buf, oldnt->textlen, &old,
		    d)) != 0)
			goto rollback;
		if (c.size < old.size) {
			r = hl_diag_set(d, HL_EINVAL, NULL, "checkpoint of size "
			    "%llu is older than the one already cosigned "
			    "(%llu)", (unsigned long long)c.size,
			    (unsigned long long)old.size);
			goto rollback;
		}
		if ((c.size == old.size && memcmp(c.root, old.root,
		    MERKLE_HASH) != 0) || (c.size > old.size && old.size > 0 &&
		    merkle_verify_consistency(old.size, c.size, old.root,
		    c.root, proof) != 0)) {
			/* Evidence outlives the refusal: keep it. */
			if (store_equivocation_add(lg->st, c.origin, prev.p,
			    prev.len, note, len, (const uint8_t *)proof->h,
			    proof->len * MERKLE_HASH, now) != 0 ||
			    store_commit(lg->st) != 0) {
				r = hl_diag_set(d, HL_EDB, NULL,
				    "cannot keep the evidence");
				goto rollback;
			}
			r = hl_diag_set(d, HL_EEQUIVOCATION, NULL, "%s's "
			    "checkpoint of size %llu is not consistent with "
			    "its checkpoint of size %llu cosigned earlier; "
			    "both are kept as evidence", peer,
			    (unsigned long long)c.size,
			    (unsigned long long)old.size);
			goto out;
		}
	}
	if ((r = store_witness_put(lg->st, c.origin, c.size, note, len,
	    now)) != 0 ||
	    (r = buf_add(out, note, len)) != 0 ||
	    (r = note_cosign(nt->buf, nt->textlen, lg->key, (uint64_t)now,
	    out)) != 0)
		goto rollback;
	if ((r = store_commit(lg->st)) != 0)
		goto rollback;
	goto out;
rollback:
	store_rollback(lg->st);
out:
	note_free(nt);
	note_free(oldnt);
	buf_done(&prev);
	return r;
}

/*
 * Every pinned peer's log keys (each card's current and retired ones),
 * whose each is, and whether the card takes it at now.
 */
struct keyring {
	struct note_vkey	*keys;
	char			(*party)[HL_MAX_PARTY_LEN + 1];
	bool			*online;
	size_t			 n, cap;
	int64_t			 now;
};

static int
ring_add(void *arg, const struct card *c, int64_t added)
{
	struct keyring *kr = arg;
	struct card_keyref k[CARD_KEYS_MAX];
	size_t nk = card_keys(c, kr->now, k);

	(void)added;
	for (size_t i = 0; i < nk; i++) {
		if (kr->n == kr->cap) {
			size_t cap = kr->cap ? kr->cap * 2 : 16;
			struct note_vkey *v = realloc(kr->keys,
			    cap * sizeof(*v));
			char (*p)[HL_MAX_PARTY_LEN + 1];
			bool *o;

			if (v == NULL)
				return HL_ENOMEM;
			kr->keys = v;
			if ((p = realloc(kr->party, cap * sizeof(*p))) == NULL)
				return HL_ENOMEM;
			kr->party = p;
			if ((o = realloc(kr->online, cap * sizeof(*o))) == NULL)
				return HL_ENOMEM;
			kr->online = o;
			kr->cap = cap;
		}
		if (note_vkey_parse(k[i].vkey, &kr->keys[kr->n], NULL) != 0)
			return HL_EDB;
		(void)snprintf(kr->party[kr->n], sizeof(kr->party[0]), "%s",
		    c->party);
		kr->online[kr->n] = k[i].state == CARD_KEY_CURRENT ||
		    k[i].state == CARD_KEY_GRACE;
		kr->n++;
	}
	return 0;
}

int
tlog_add_cosignatures(struct tlog *lg, const uint8_t *note, size_t len,
    int *added, struct hl_diag *d)
{
	struct keyring *kr;
	struct checkpoint c;
	struct note *nt = NULL, *ours = NULL;
	struct buf mine;
	char line[1024];
	const char *stale = NULL;
	int r;

	*added = 0;
	buf_init(&mine, HL_MAX_NOTE_BYTES);
	if ((kr = calloc(1, sizeof(*kr))) == NULL)
		return HL_ENOMEM;
	if ((r = note_parse(note, len, &nt, d)) != 0 ||
	    (r = checkpoint_parse(nt->buf, nt->textlen, &c, d)) != 0)
		goto out;
	if (strcmp(c.origin, sig_key_name(lg->key)) != 0) {
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "checkpoint of log '%s', "
		    "not of this node's log '%s'", c.origin,
		    sig_key_name(lg->key));
		goto out;
	}
	if ((r = store_checkpoint_get(lg->st, (int64_t)c.size, NULL,
	    &mine)) != 0 || (r = note_parse(mine.p, mine.len, &ours,
	    NULL)) != 0 || ours->textlen != nt->textlen ||
	    memcmp(ours->buf, nt->buf, nt->textlen) != 0) {
		r = hl_diag_set(d, HL_ENOTFOUND, NULL, "this node signed no "
		    "such checkpoint of size %llu", (unsigned long long)c.size);
		goto out;
	}
	kr->now = (int64_t)time(NULL);
	if ((r = store_peer_each(lg->st, ring_add, kr)) != 0)
		goto out;
	if (store_begin(lg->st) != 0) {
		r = hl_diag_set(d, HL_EDB, NULL, "cannot lock the database");
		goto out;
	}
	for (size_t i = 0; i < nt->nsigs; i++) {
		uint64_t t = 0;
		size_t k = 0;

		switch (note_check(nt, i, kr->keys, kr->n, &k, &t)) {
		case NOTE_COSIGNED:
			/* By a key its card no longer takes: not kept. */
			if (!kr->online[k]) {
				stale = kr->party[k];
				break;
			}
			(void)snprintf(line, sizeof(line), "%.*s",
			    (int)nt->sigs[i].linelen, nt->sigs[i].line);
			if ((r = store_cosig_put(lg->st, c.size, kr->party[k],
			    line, (int64_t)t)) != 0)
				goto rollback;
			(*added)++;
			break;
		case NOTE_BAD:
			r = hl_diag_set(d, HL_EBADSIG, NULL, "the signature by "
			    "%s (%s) does not verify", kr->party[k],
			    kr->keys[k].name);
			goto rollback;
		default:
			break;
		}
	}
	if (*added == 0 && stale != NULL) {
		r = hl_diag_set(d, HL_EREVOKED, NULL, "cosigned by a key "
		    "%s's card retired or revoked", stale);
		goto rollback;
	}
	if (*added == 0) {
		r = hl_diag_set(d, HL_ENOTFOUND, NULL, "no cosignature by a "
		    "pinned peer");
		goto rollback;
	}
	if ((r = store_commit(lg->st)) != 0)
		goto rollback;
	goto out;
rollback:
	store_rollback(lg->st);
out:
	note_free(nt);
	note_free(ours);
	buf_done(&mine);
	free(kr->keys);
	free(kr->party);
	free(kr->online);
	free(kr);
	return r;
}

/* Leaf-by-leaf recomputation against what the store holds. */
struct vctx {
	struct tlog		*lg;
	struct merkle_range	 r;
	struct hl_diag		*d;
	uint64_t		 leaf;		/* the leaf being checked */
	uint64_t		 checkpoints;	/* checked so far */
};

static int
check_node(void *arg, unsigned level, uint64_t index, const merkle_hash h)
{
	struct vctx *v = arg;
	merkle_hash stored;

	if (store_log_get_node(v->lg->st, level, index, stored) != 0 ||
	    memcmp(stored, h, MERKLE_HASH) != 0)
		return hl_diag_set(v->d, HL_EPROOF, NULL, "leaf %llu: the "
		    "stored hash of subtree (level %u, index %llu) is not the "
		    "hash of the stored leaves", (unsigned long long)v->leaf,
		    level, (unsigned long long)index);
	return 0;
}

static int
check_leaf(void *arg, uint64_t idx, const uint8_t *p, size_t n)
{
	struct vctx *v = arg;
	merkle_hash h;
	json_t *j;

	v->leaf = idx;
	if (idx != v->r.size)
		return hl_diag_set(v->d, HL_EPROOF, NULL, "leaf %llu is "
		    "missing", (unsigned long long)v->r.size);
	if (canon_parse(p, n, 8, &j, NULL, 0, NULL, NULL) != 0)
		return hl_diag_set(v->d, HL_EPROOF, NULL, "leaf %llu is not "
		    "canonical JSON", (unsigned long long)idx);
	json_decref(j);
	merkle_leaf_hash(p, n, h);
	return merkle_range_append(&v->r, h, check_node, v);
}

/*
 * Whether this node signed nt: with its key, or any message key its card
 * names (a checkpoint before a rotation carries the key of its time).
 */
static int
own_signed(const struct tlog *lg, const struct note *nt)
{
	struct note_vkey keys[CARD_KEYS_MAX + 1];
	size_t n = 0, k;
	uint64_t t;

	if (note_vkey_of(lg->key, &keys[0]) != 0)
		return HL_EINVAL;
	if (lg->card != NULL && lg->card->vkey[0] != '\0' &&
	    card_note_keys(lg->card, keys + 1, &n) != 0)
		return HL_EINVAL;
	for (size_t i = 0; i < nt->nsigs; i++)
		if (note_check(nt, i, keys, n + 1, &k, &t) == NOTE_VERIFIED)
			return 0;
	return HL_EBADSIG;
}

static int
check_checkpoint(void *arg, uint64_t size, const uint8_t *p, size_t len)
{
	struct vctx *v = arg;
	struct note_vkey mine;
	struct checkpoint c;
	struct note *nt = NULL;
	merkle_hash root;
	int r;

	if ((r = note_vkey_of(v->lg->key, &mine)) != 0)
		return r;
	v->checkpoints++;
	if (note_parse(p, len, &nt, NULL) != 0 ||
	    own_signed(v->lg, nt) != 0 ||
	    checkpoint_parse(nt->buf, nt->textlen, &c, NULL) != 0 ||
	    c.size != size || strcmp(c.origin, mine.name) != 0)
		r = hl_diag_set(v->d, HL_EBADSIG, NULL, "checkpoint %llu is "
		    "not a valid note signed by this node",
		    (unsigned long long)size);
	else if (size > v->r.size || mlog_root_at(v->lg->m, size,
	    root) != 0 || memcmp(root, c.root, MERKLE_HASH) != 0)
		r = hl_diag_set(v->d, HL_EPROOF, NULL, "checkpoint %llu: its "
		    "root is not the root of the first %llu leaves",
		    (unsigned long long)size, (unsigned long long)size);
	note_free(nt);
	return r;
}

struct cosig_check {
	struct vctx	*v;
	uint64_t	 n;
};

/* Whether the last signature of nt is a cosignature by c's key. */
static bool
cosigned_by(const struct note *nt, const struct card *c)
{
	struct note_vkey keys[CARD_KEYS_MAX];
	uint64_t t;
	size_t k, n;

	/* Offline: any key the card names, current or retired. */
	return card_note_keys(c, keys, &n) == 0 &&
	    note_check(nt, nt->nsigs - 1, keys, n, &k, &t) == NOTE_COSIGNED;
}

static int
retired_cosigned(void *arg, const struct card *c, int64_t added)
{
	(void)added;
	return cosigned_by(arg, c) ? 1 : 0;
}

/*
 * A cosignature checks with the cosigner's pinned card, or with a card
 * of its no longer pinned (removed, or replaced since it cosigned):
 * what a key signed while it was pinned stays valid evidence.
 */
static int
check_cosig(void *arg, uint64_t size, const char *cosigner, const char *line)
{
	struct cosig_check *cc = arg;
	struct note *nt = NULL;
	struct card card;
	struct buf note;
	int r = 0;

	buf_init(&note, HL_MAX_NOTE_BYTES * 2);
	if (store_checkpoint_get(cc->v->lg->st, (int64_t)size, NULL,
	    &note) != 0 || buf_adds(&note, line) != 0 ||
	    note_parse(note.p, note.len, &nt, NULL) != 0 ||
	    ((store_peer_get(cc->v->lg->st, cosigner, &card) != 0 ||
	    !cosigned_by(nt, &card)) && store_peer_retired_each(cc->v->lg->st,
	    cosigner, retired_cosigned, nt) != 1))
		r = hl_diag_set(cc->v->d, HL_EBADSIG, NULL, "checkpoint %llu: "
		    "the cosignature by %s does not verify with its pinned "
		    "key", (unsigned long long)size, cosigner);
	cc->n++;
	note_free(nt);
	buf_done(&note);
	return r;
}

int
tlog_verify(struct tlog *lg, struct tlog_stats *st, struct hl_diag *d)
{
	struct vctx v = { .lg = lg, .d = d };
	struct cosig_check cc = { .v = &v };
	uint64_t size;
	int r;

	memset(st, 0, sizeof(*st));
	/*
	 * One snapshot, without blocking writers: a daemon or a command may
	 * be logging meanwhile, and leaves read before its commit with the
	 * size read after it (or checkpoints past the size the log in
	 * memory was brought to) would look like gaps or wrong roots.
	 * mlog_begin()'s read is the snapshot's first.
	 */
	if ((r = store_begin_read(lg->st)) != 0)
		return store_diag(lg->st, d, r, "cannot read the log");
	if ((r = mlog_begin(lg->m)) != 0) {
		r = hl_diag_set(d, r, NULL, "cannot read the log");
		goto out;
	}
	if ((r = store_log_each_leaf(lg->st, check_leaf, &v)) != 0)
		goto out;
	if ((r = store_log_size(lg->st, &size)) != 0 || size != v.r.size) {
		r = hl_diag_set(d, HL_EPROOF, NULL, "the log has gaps");
		goto out;
	}
	st->leaves = v.r.size;
	if ((r = store_checkpoint_each(lg->st, check_checkpoint, &v)) != 0)
		goto out;
	st->checkpoints = v.checkpoints;
	if ((r = store_cosig_each(lg->st, -1, check_cosig, &cc)) != 0)
		goto out;
	st->cosignatures = cc.n;
out:
	store_rollback(lg->st);
	return r;
}
