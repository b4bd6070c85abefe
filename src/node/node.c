/*
 * Nodes: data directories and the protocol rules for sending and
 * accepting. See node.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cardkeys.h"
#include "checkpoint.h"
#include "events.h"
#include "jcs.h"
#include "node.h"
#include "note.h"
#include "receipt.h"
#include "report.h"
#include "schema.h"
#include "tlog.h"
#include "tlp.h"
#include "tls.h"
#include "trail.h"
#include "view.h"

static int
path_in(const char *dir, const char *name, char *out, size_t n)
{
	int len = snprintf(out, n, "%s/%s", dir, name);

	return (len < 0 || (size_t)len >= n) ? HL_EINVAL : 0;
}

int
node_dir(const char *opt, char *out, size_t n)
{
	const char *env, *home;
	int len;

	if (opt != NULL && *opt != '\0')
		len = snprintf(out, n, "%s", opt);
	else if ((env = getenv("HOTLINE_DIR")) != NULL && *env != '\0')
		len = snprintf(out, n, "%s", env);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		len = snprintf(out, n, "%s/.hotline", home);
	else
		return HL_EINVAL;
	return (len < 0 || (size_t)len >= n) ? HL_EINVAL : 0;
}

/* Writes the config file; the last step of node_init(). */
static int
write_config(const char *path, const struct config *c)
{
	FILE *f;
	int fd, r = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return errno == EEXIST ? HL_EEXIST : HL_EIO;
	if ((f = fdopen(fd, "w")) == NULL) {
		(void)close(fd);
		return HL_EIO;
	}
	(void)fprintf(f,
	    "# hotline node configuration; every key is in hotline.conf(5).\n"
	    "party = %s\n"
	    "state = %s\n"
	    "tier = %s\n"
	    "listen = %s\n"
	    "endpoint = %s\n",
	    c->party, c->state, proto_tier_names[c->tier], c->listen,
	    c->endpoint);
	if (c->console_set)
		(void)fprintf(f, "console_listen = %s\n",
		    c->console_listen[0] != '\0' ? c->console_listen : "none");
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		r = HL_EIO;
	if (fclose(f) != 0)
		r = HL_EIO;
	return r;
}

/* Writes n bytes to a new file at path, mode 0600, synced. */
static int
write_new(const char *path, const uint8_t *p, size_t n)
{
	int fd, r = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return errno == EEXIST ? HL_EEXIST : HL_EIO;
	if (write(fd, p, n) != (ssize_t)n || fsync(fd) != 0)
		r = HL_EIO;
	if (close(fd) != 0)
		r = HL_EIO;
	return r;
}

/*
 * An existing dir that others may enter: made 0700 if it holds nothing
 * but what `make` puts there before any node (geo/, the country
 * database), else refused, since whatever else is there was meant to be
 * shared and tightening it would take it away. Closed first, then
 * looked into, so nobody can slip a file in (a -wal of their own)
 * between the look and the chmod; put back as it was if refused.
 */
static int
tighten_dir(const char *dir, mode_t mode, struct hl_diag *d)
{
	struct dirent *e;
	DIR *dp;
	int r = 0;

	if (chmod(dir, 0700) != 0)
		return hl_diag_set(d, HL_EIO, dir, "cannot chmod 700: %s",
		    strerror(errno));
	if ((dp = opendir(dir)) == NULL)
		return hl_diag_set(d, HL_EIO, dir, "cannot read: %s",
		    strerror(errno));
	while (r == 0 && (e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		/* make's geo/ is ours, and nobody else's to fill. */
		if (strcmp(e->d_name, "geo") == 0) {
			struct stat gs;
			char gp[4200];

			(void)path_in(dir, "geo", gp, sizeof(gp));
			if (lstat(gp, &gs) == 0 && S_ISDIR(gs.st_mode) &&
			    gs.st_uid == geteuid() && (gs.st_mode & 022) == 0)
				continue;
			r = hl_diag_set(d, HL_EEXIST, gp, "not a directory "
			    "of this user's that only it can write; give a new "
			    "--dir, or remove it first");
			continue;
		}
		r = hl_diag_set(d, HL_EEXIST, dir, "open to other users (mode "
		    "%03o) and holds other files (%s); give a new --dir, or "
		    "chmod 700 it first", (unsigned)(mode & 0777), e->d_name);
	}
	(void)closedir(dp);
	if (r != 0)
		(void)chmod(dir, mode & 07777);
	return r;
}

int
node_init(const char *dir, const struct config *cfg, struct hl_diag *d)
{
	return node_init_id(dir, cfg, NULL, d);
}

/*
 * The node's first card: version 2, serial 1, valid from now for valid
 * seconds, signed by the identity key id.
 */
static int
first_card(const struct config *cfg, const struct sig_key *k,
    const struct sig_key *id, const char *pin, int64_t now, int64_t valid,
    struct card *c, struct hl_diag *d)
{
	struct card_draft dr = {
		.party = cfg->party, .state = cfg->state,
		.endpoint = cfg->endpoint, .tier = cfg->tier, .msg_key = k,
		.tls_pin = pin, .serial = 1, .not_before = now,
		.not_after = now + valid,
	};

	return card_make2(&dr, id, c, d);
}

int
node_init_id(const char *dir, const struct config *cfg,
    const struct init_args *a, struct hl_diag *d)
{
	/*
	 * What a node is made of, each refused if there already: a -wal or
	 * -shm of someone else's would be taken up by SQLite as ours.
	 * made[] follows the same order, for the clean-up; the identity key
	 * is made[8], wherever it goes.
	 */
	static const char *const files[] = { NODE_CONF, NODE_MSGKEY,
		NODE_TLSKEY, NODE_TLSCRT, NODE_DB, NODE_DB "-wal",
		NODE_DB "-shm", NODE_ANCHOR, NODE_IDKEY, NULL };
	char p[4200], keyname[HL_MAX_NAME_LEN], pin[TLS_PIN_LEN];
	char real[PATH_MAX], idpath[4200];
	struct sig_key *k = NULL, *id = NULL;
	struct store *st = NULL;
	struct card *card = NULL;
	struct stat sb;
	struct buf first;
	bool made[9] = { false };
	int64_t now, valid;
	int r, i;

	now = a != NULL && a->now != 0 ? a->now : (int64_t)time(NULL);
	valid = a != NULL && a->valid != 0 ? a->valid : cfg->card_validity;
	if (valid <= 0)
		return hl_diag_set(d, HL_EINVAL, "card_validity",
		    "must be positive");
	if (a != NULL && a->identity_out != NULL) {
		if (snprintf(idpath, sizeof(idpath), "%s", a->identity_out) >=
		    (int)sizeof(idpath))
			return hl_diag_set(d, HL_EINVAL, a->identity_out,
			    "path too long");
		/* An identity key is never overwritten: it may be the only one. */
		if (lstat(idpath, &sb) == 0)
			return hl_diag_set(d, HL_EEXIST, idpath, "exists; "
			    "refusing to overwrite an identity key");
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return hl_diag_set(d, HL_EIO, dir, "cannot create: %s",
		    strerror(errno));
	/* As node_open() will find it: SQLite refuses links in the path. */
	if (realpath(dir, real) != NULL)
		dir = real;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return hl_diag_set(d, HL_EIO, dir, "not a directory");
	/* Its owner can open it to others again whenever they like. */
	if (sb.st_uid != geteuid())
		return hl_diag_set(d, HL_EIO, dir, "owned by uid %u, not by "
		    "this user (uid %u)", (unsigned)sb.st_uid,
		    (unsigned)geteuid());
	if ((sb.st_mode & 077) != 0 && (r = tighten_dir(dir, sb.st_mode,
	    d)) != 0)
		return r;
	for (i = 0; files[i] != NULL; i++) {
		if ((r = path_in(dir, files[i], p, sizeof(p))) != 0)
			return hl_diag_set(d, r, dir, "path too long");
		if (lstat(p, &sb) == 0)
			return hl_diag_set(d, HL_EEXIST, dir, "already holds a "
			    "hotline node (%s exists); refusing to overwrite",
			    files[i]);
	}
	if (a == NULL || a->identity_out == NULL)
		(void)path_in(dir, NODE_IDKEY, idpath, sizeof(idpath));
	if ((card = malloc(sizeof(*card))) == NULL)
		return HL_ENOMEM;
	if ((r = card_key_name(cfg->party, keyname, sizeof(keyname))) != 0 ||
	    (r = sig_key_generate(keyname, &k)) != 0) {
		(void)hl_diag_set(d, r, NULL, "cannot make the message key");
		goto fail;
	}
	(void)path_in(dir, NODE_MSGKEY, p, sizeof(p));
	if ((r = sig_key_save(k, p)) != 0) {
		(void)hl_diag_set(d, r, p, "cannot write: %s", hl_strerror(r));
		goto fail;
	}
	made[1] = true;
	if ((r = card_identity_name(cfg->party, keyname,
	    sizeof(keyname))) != 0 || (r = sig_key_generate(keyname,
	    &id)) != 0) {
		(void)hl_diag_set(d, r, NULL, "cannot make the identity key");
		goto fail;
	}
	if ((r = sig_key_save(id, idpath)) != 0) {
		(void)hl_diag_set(d, r, idpath, "cannot write: %s",
		    hl_strerror(r));
		goto fail;
	}
	made[8] = true;
	{
		char kp[4200], cp[4200];

		(void)path_in(dir, NODE_TLSKEY, kp, sizeof(kp));
		(void)path_in(dir, NODE_TLSCRT, cp, sizeof(cp));
		r = tls_make_identity_valid(cfg->party, kp, cp, now,
		    now + valid, pin, d);
		made[2] = made[3] = r != HL_EEXIST;
		if (r != 0)
			goto fail;
	}
	if ((r = first_card(cfg, k, id, pin, now, valid, card, d)) != 0)
		goto fail;
	(void)path_in(dir, NODE_DB, p, sizeof(p));
	made[4] = true;
	if ((r = store_open(p, STORE_CREATE, &st, d)) != 0)
		goto fail;
	/*
	 * The log starts with a signed checkpoint of the empty tree, and
	 * the node's card with serial 1: both or neither.
	 */
	{
		struct mlog m;
		struct tlog lg = { .st = st, .key = k, .m = &m };

		if ((r = store_begin(st)) != 0 ||
		    (r = mlog_open(&m, st)) != 0 ||
		    (r = store_own_card_put(st, card, now)) != 0 ||
		    (r = tlog_checkpoint(&lg, (int64_t)time(NULL))) != 0 ||
		    (r = store_commit(st)) != 0) {
			store_rollback(st);
			store_close(st);
			(void)hl_diag_set(d, r, NULL, "cannot start the log");
			goto fail;
		}
	}
	/* What every later open must find: the first checkpoint, as made. */
	buf_init(&first, HL_MAX_NOTE_BYTES);
	r = store_checkpoint_get(st, 0, NULL, &first);
	store_close(st);
	/* SQLite makes it 0644 whatever the umask says: the owner's only. */
	(void)path_in(dir, NODE_DB, p, sizeof(p));
	if (r == 0 && chmod(p, 0600) != 0)
		r = HL_EIO;
	if (r != 0) {
		buf_done(&first);
		(void)hl_diag_set(d, r, p, "cannot finish the database");
		goto fail;
	}
	(void)path_in(dir, NODE_ANCHOR, p, sizeof(p));
	made[7] = true;
	r = write_new(p, first.p, first.len);
	buf_done(&first);
	if (r != 0) {
		(void)hl_diag_set(d, r, p, "cannot write: %s", hl_strerror(r));
		goto fail;
	}
	(void)path_in(dir, NODE_CONF, p, sizeof(p));
	if ((r = write_config(p, cfg)) != 0) {
		(void)hl_diag_set(d, r, p, "cannot write: %s", hl_strerror(r));
		goto fail;
	}
	sig_key_free(k);
	sig_key_free(id);
	free(card);
	return 0;
fail:
	sig_key_free(k);
	sig_key_free(id);
	free(card);
	if (made[8])
		(void)unlink(idpath);
	for (i = 1; i < 8; i++) {
		if (!made[i] || path_in(dir, files[i], p, sizeof(p)) != 0)
			continue;
		(void)unlink(p);
		if (i == 4) {
			char side[4300];

			(void)snprintf(side, sizeof(side), "%s-wal", p);
			(void)unlink(side);
			(void)snprintf(side, sizeof(side), "%s-shm", p);
			(void)unlink(side);
		}
	}
	return r;
}

/* Collects the first checkpoint of store_checkpoint_each() and stops. */
struct first_ckpt {
	struct buf	*note;
	uint64_t	 size;
	bool		 found;
};

static int
first_row(void *arg, uint64_t size, const uint8_t *note, size_t len)
{
	struct first_ckpt *f = arg;

	f->size = size;
	f->found = true;
	if (buf_add(f->note, note, len) != 0)
		return buf_err(f->note);
	return 1;	/* the first is all we want */
}

/* Message keys that may have signed this node's checkpoints. */
struct keyset {
	struct note_vkey	*v;
	size_t			 n, cap;
};

static int
keyset_add(struct keyset *ks, const char *vkey)
{
	struct note_vkey *grown;

	if (ks->n == ks->cap) {
		ks->cap = ks->cap == 0 ? 8 : 2 * ks->cap;
		if ((grown = realloc(ks->v, ks->cap * sizeof(*grown))) == NULL)
			return HL_ENOMEM;
		ks->v = grown;
	}
	if (note_vkey_parse(vkey, &ks->v[ks->n], NULL) == 0)
		ks->n++;
	return 0;
}

/* Each message key an own card names, current or retired. */
static int
keyset_card(void *arg, const struct card *c, int64_t made)
{
	int r;

	(void)made;
	if ((r = keyset_add(arg, c->vkey)) != 0)
		return r;
	for (size_t i = 0; i < c->nretired; i++)
		if (!c->retired[i].is_tls &&
		    (r = keyset_add(arg, c->retired[i].vkey)) != 0)
			return r;
	return 0;
}

/*
 * The origin of a checkpoint note if this node's message key signed it,
 * the current one or one of its cards (every version in own_cards: a
 * card lists 16 retired keys at most, and the log's first checkpoint is
 * signed by the first key) (0), else HL_EBADSIG with origin the note's
 * origin, or "" if it has none.
 */
static int
signed_checkpoint(const struct node *n, const uint8_t *p, size_t len,
    char origin[static NOTE_NAME_MAX])
{
	struct keyset ks = { NULL, 0, 0 };
	struct checkpoint c;
	struct note *nt = NULL;
	int r = HL_EBADSIG;

	origin[0] = '\0';
	if ((ks.v = malloc(sizeof(*ks.v))) == NULL)
		return HL_ENOMEM;
	ks.cap = 1;
	if (note_vkey_of(n->key, &ks.v[0]) != 0 ||
	    note_parse(p, len, &nt, NULL) != 0)
		goto out;
	ks.n = 1;
	/* The history vouches for the past only if msg.key is the present. */
	if (n->card.v >= 2 && memcmp(sig_key_pk(n->key), n->card.pk,
	    HL_PK_LEN) == 0 && store_own_card_each(n->st, keyset_card,
	    &ks) != 0)
		goto out;
	if (checkpoint_parse(nt->buf, nt->textlen, &c, NULL) != 0)
		goto out;
	(void)snprintf(origin, NOTE_NAME_MAX, "%s", c.origin);
	if (strcmp(c.origin, ks.v[0].name) != 0)
		goto out;
	for (size_t i = 0; i < nt->nsigs; i++) {
		size_t ki;
		uint64_t t;

		if (note_check(nt, i, ks.v, ks.n, &ki, &t) == NOTE_VERIFIED) {
			r = 0;
			break;
		}
	}
out:
	note_free(nt);
	free(ks.v);
	return r;
}

/*
 * The database is this node's: its first checkpoint is log.anchor's, byte
 * for byte, and the message key signed that (see node_open()).
 */
static int
check_anchor(struct node *n, struct hl_diag *d)
{
	char db[4200], anchor[4200], origin[NOTE_NAME_MAX];
	char theirs[NOTE_NAME_MAX];
	uint8_t chunk[4096];
	struct first_ckpt f = { NULL, 0, false };
	struct buf first, want;
	struct stat sb;
	ssize_t got;
	int fd = -1, r;

	buf_init(&first, HL_MAX_NOTE_BYTES);
	buf_init(&want, HL_MAX_NOTE_BYTES);
	(void)path_in(n->dir, NODE_DB, db, sizeof(db));
	(void)path_in(n->dir, NODE_ANCHOR, anchor, sizeof(anchor));
	f.note = &first;
	if ((r = store_checkpoint_each(n->st, first_row, &f)) < 0) {
		(void)hl_diag_set(d, r, db, "cannot read the log");
		goto out;
	}
	if (!f.found) {
		r = hl_diag_set(d, HL_ECONFLICT, db, "holds no signed "
		    "checkpoint: not this node's database (%s)", anchor);
		goto out;
	}
	fd = open(anchor, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		/*
		 * A node from before log.anchor: adopted once, if its own key
		 * signed the log's first checkpoint.
		 */
		if (signed_checkpoint(n, first.p, first.len,
		    origin) != 0) {
			r = hl_diag_set(d, HL_ECONFLICT, db, "its log (origin "
			    "%s) was not started with this node's message key "
			    "%s/" NODE_MSGKEY, origin, n->dir);
			goto out;
		}
		r = write_new(anchor, first.p, first.len);
		if (r == HL_EEXIST)	/* another command adopted it first */
			r = 0;
		else if (r != 0)
			(void)hl_diag_set(d, r, anchor, "cannot write: %s",
			    hl_strerror(r));
		goto out;
	}
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		r = hl_diag_set(d, HL_EIO, anchor, "cannot read: %s",
		    fd < 0 ? strerror(errno) : "not a regular file");
		goto out;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_add(&want, chunk, (size_t)got) != 0)
			break;
	if (got != 0) {
		r = hl_diag_set(d, HL_EIO, anchor, "unreadable or too large");
		goto out;
	}
	if (signed_checkpoint(n, want.p, want.len, origin) != 0) {
		r = hl_diag_set(d, HL_ECONFLICT, anchor, "not a checkpoint "
		    "signed by %s/" NODE_MSGKEY ": the message key is not the "
		    "one this node's log was started with", n->dir);
		goto out;
	}
	if (first.len == want.len && memcmp(first.p, want.p, want.len) == 0) {
		r = 0;
		goto out;
	}
	(void)signed_checkpoint(n, first.p, first.len, theirs);
	if (theirs[0] == '\0')
		r = hl_diag_set(d, HL_ECONFLICT, db, "its first checkpoint "
		    "(size %llu) is not the one in " NODE_ANCHOR ": it does not "
		    "parse (a damaged database, or not this node's)",
		    (unsigned long long)f.size);
	else if (strcmp(theirs, origin) != 0)
		r = hl_diag_set(d, HL_ECONFLICT, db, "a foreign database: its "
		    "log's origin is %s, this node's (" NODE_ANCHOR ") is %s",
		    theirs, origin);
	else
		r = hl_diag_set(d, HL_ECONFLICT, db, "a foreign database: its "
		    "first checkpoint (size %llu) is not the one in "
		    NODE_ANCHOR " (same origin %s, another log)",
		    (unsigned long long)f.size, origin);
out:
	if (fd >= 0)
		(void)close(fd);
	buf_done(&first);
	buf_done(&want);
	return r;
}

/* Renames from over to in n's directory; HL_EIO naming them. */
static int
rename_in(const struct node *n, const char *from, const char *to,
    struct hl_diag *d)
{
	char f[4200], t[4200];

	(void)path_in(n->dir, from, f, sizeof(f));
	(void)path_in(n->dir, to, t, sizeof(t));
	if (rename(f, t) != 0)
		return hl_diag_set(d, HL_EIO, f, "cannot rename to %s: %s", t,
		    strerror(errno));
	return 0;
}

/*
 * A rotation that stopped after its transaction but before its files
 * (node_key_rotate()): the latest own card names the key msg.key.new
 * holds, so that key is put in place now. A msg.key.new the card does
 * not name is a rotation that never committed: removed. *key is the key
 * this open read from msg.key (NULL when the caller gave one); it is
 * replaced by the new key when one is put in place.
 */
static int
finish_rotation(struct node *n, struct sig_key **key, struct hl_diag *d)
{
	char np[4200], p[4200];
	struct sig_key *k = NULL;
	struct stat sb;
	int r;

	/* The TLS key: renamed in place if the card pins it. */
	(void)path_in(n->dir, NODE_TLSCRTNEW, np, sizeof(np));
	if (lstat(np, &sb) == 0) {
		char pin[TLS_PIN_LEN];

		if (tls_cert_pin(np, pin, NULL) == 0 &&
		    strcmp(pin, n->card.tls_pin) == 0) {
			if ((r = rename_in(n, NODE_TLSKEY, NODE_TLSPREVKEY,
			    d)) != 0 || (r = rename_in(n, NODE_TLSCRT,
			    NODE_TLSPREVCRT, d)) != 0 || (r = rename_in(n,
			    NODE_TLSKEYNEW, NODE_TLSKEY, d)) != 0 ||
			    (r = rename_in(n, NODE_TLSCRTNEW, NODE_TLSCRT,
			    d)) != 0)
				return r;
		}
	}
	(void)path_in(n->dir, NODE_MSGKEYNEW, np, sizeof(np));
	(void)path_in(n->dir, NODE_MSGKEY, p, sizeof(p));
	if (lstat(np, &sb) != 0)
		return 0;
	if ((r = sig_key_load(np, &k, d)) != 0)
		return r;
	if (memcmp(sig_key_pk(k), n->card.pk, HL_PK_LEN) != 0) {
		sig_key_free(k);
		if (key != NULL && *key != NULL &&
		    memcmp(sig_key_pk(*key), n->card.pk, HL_PK_LEN) == 0)
			(void)unlink(np);
		return 0;
	}
	if (rename(np, p) != 0) {
		sig_key_free(k);
		return hl_diag_set(d, HL_EIO, np, "cannot rename to %s: %s", p,
		    strerror(errno));
	}
	if (key != NULL && *key != NULL) {
		sig_key_free(*key);
		*key = k;
	} else
		sig_key_free(k);
	return 0;
}

/*
 * The latest own card against the node's files and config: the message
 * key, the TLS certificate's pin, party, state, tier and (unless reissue)
 * endpoint. The card is signed offline, so a mismatch cannot be mended
 * here: d says what differs and how to re-issue.
 */
static int
own_card_check(const struct node *n, const char *pin, bool reissue,
    struct hl_diag *d)
{
	const struct card *c = &n->card;
	long long serial = (long long)c->serial;
	char p[4200];
	int r;

	if (memcmp(sig_key_pk(n->key), c->pk, HL_PK_LEN) != 0) {
		(void)path_in(n->dir, NODE_MSGKEY, p, sizeof(p));
		return hl_diag_set(d, HL_ECONFLICT, p, "not the message key "
		    "of this node's card (serial %lld names %s)", serial,
		    c->vkey);
	}
	if (strcmp(pin, c->tls_pin) != 0) {
		char kp[4200];

		/* A certificate not even of tls.key: that, first. */
		(void)path_in(n->dir, NODE_TLSKEY, kp, sizeof(kp));
		(void)path_in(n->dir, NODE_TLSCRT, p, sizeof(p));
		if ((r = tls_identity_check(kp, p, d)) != 0)
			return r;
		return hl_diag_set(d, HL_ECONFLICT, p, "its pin %s is not the "
		    "one of this node's card (serial %lld: %s)", pin, serial,
		    c->tls_pin);
	}
	(void)path_in(n->dir, NODE_CONF, p, sizeof(p));
	if (strcmp(n->cfg.state, c->state) != 0 || n->cfg.tier != c->tier)
		return hl_diag_set(d, HL_ECONFLICT, p, "%s is %s, but this "
		    "node's card (serial %lld) says %s; a card's state and "
		    "tier never change: put them back",
		    strcmp(n->cfg.state, c->state) != 0 ? "state" : "tier",
		    strcmp(n->cfg.state, c->state) != 0 ? n->cfg.state :
		    proto_tier_names[n->cfg.tier], serial,
		    strcmp(n->cfg.state, c->state) != 0 ? c->state :
		    proto_tier_names[c->tier]);
	if (!reissue && strcmp(n->cfg.endpoint, c->endpoint) != 0)
		return hl_diag_set(d, HL_ECONFLICT, p, "endpoint is %s, but "
		    "this node's card (serial %lld) says %s: run hotline key "
		    "rotate --identity FILE to re-issue the card with the "
		    "config's endpoint", n->cfg.endpoint, serial, c->endpoint);
	return 0;
}

int
node_open(const char *dir, struct node **out, struct hl_diag *d)
{
	return node_open_flags(dir, NULL, 0, out, d);
}

int
node_open_key(const char *dir, struct sig_key *key, struct node **out,
    struct hl_diag *d)
{
	return node_open_flags(dir, key, 0, out, d);
}

int
node_open_flags(const char *dir, struct sig_key *key, int flags,
    struct node **out, struct hl_diag *d)
{
	char p[4200], pin[TLS_PIN_LEN], real[PATH_MAX];
	char keyname[HL_MAX_NAME_LEN];
	struct sig_key **mine = NULL;
	struct node *n;
	int r;

	*out = NULL;
	/*
	 * The database is opened refusing symbolic links (SQLite checks the
	 * whole path): a data directory reached through one (~ on a linked
	 * /home) is opened where it really is.
	 */
	if (realpath(dir, real) != NULL)
		dir = real;
	if ((n = calloc(1, sizeof(*n))) == NULL) {
		sig_key_free(key);
		return HL_ENOMEM;
	}
	(void)snprintf(n->dir, sizeof(n->dir), "%s", dir);
	n->key = key;
	if ((r = path_in(dir, NODE_CONF, p, sizeof(p))) != 0)
		goto fail;
	if ((r = config_load(p, &n->cfg, d)) != 0) {
		if (r == HL_ENOTFOUND)
			(void)hl_diag_set(d, r, dir, "no hotline node here "
			    "(run hotline init, or give --dir)");
		goto fail;
	}
	(void)path_in(dir, NODE_MSGKEY, p, sizeof(p));
	if (n->key == NULL) {
		if ((r = sig_key_load(p, &n->key, d)) != 0)
			goto fail;
		mine = &n->key;
	}
	if ((r = card_key_name(n->cfg.party, keyname, sizeof(keyname))) == 0 &&
	    strcmp(sig_key_name(n->key), keyname) != 0) {
		r = hl_diag_set(d, HL_EINVAL, p, "the key of %s, not of this "
		    "node (%s, named in %s)", sig_key_name(n->key), keyname,
		    NODE_CONF);
		goto fail;
	}
	(void)path_in(dir, NODE_TLSCRT, p, sizeof(p));
	if ((r = tls_cert_pin(p, pin, d)) != 0)
		goto fail;
	(void)path_in(dir, NODE_DB, p, sizeof(p));
	if ((r = store_open(p, 0, &n->st, d)) != 0)
		goto fail;
	/*
	 * The card is the latest of own_cards; a node from before identity
	 * keys has none and signs its version 1 card itself, as it did.
	 */
	r = store_own_card_latest(n->st, &n->card);
	if (r == HL_ENOTFOUND) {
		if ((r = card_make(&n->cfg, n->key, pin, &n->card)) != 0) {
			(void)hl_diag_set(d, r, NULL,
			    "cannot make this node's card");
			goto fail;
		}
	} else if (r != 0) {
		(void)hl_diag_set(d, r, p, "cannot read this node's card");
		goto fail;
	} else if ((r = finish_rotation(n, mine, d)) != 0)
		goto fail;
	if ((r = mlog_open(&n->log, n->st)) != 0) {
		(void)hl_diag_set(d, r, NULL, "cannot read the log");
		goto fail;
	}
	n->tlog = (struct tlog){ .st = n->st, .key = n->key, .m = &n->log,
	    .card = &n->card };
	/* Whose database this is first: the more telling answer. */
	if ((r = check_anchor(n, d)) != 0)
		goto fail;
	if (n->card.v >= 2 && (r = own_card_check(n, pin,
	    (flags & NODE_OPEN_REISSUE) != 0, d)) != 0)
		goto fail;
	*out = n;
	return 0;
fail:
	node_close(n);
	return r;
}

void
node_close(struct node *n)
{
	if (n == NULL)
		return;
	store_close(n->st);
	sig_key_free(n->key);
	free(n);
}

/*
 * sshd's StrictModes for one file of the data directory: HL_EIO if group
 * or others have any of the access bits deny names (077 for a secret,
 * 022 for what is only trusted), or another user owns it, naming it and
 * its mode or owner. A missing file is node_open()'s to say.
 */
static int
private_file(const char *dir, const char *name, mode_t deny,
    struct hl_diag *d)
{
	char p[4200];
	struct stat sb;
	bool isdir = name == NULL;

	if (isdir)
		(void)snprintf(p, sizeof(p), "%s", dir);
	else
		(void)path_in(dir, name, p, sizeof(p));
	/* The directory may be a link to where it lives; its files not. */
	if ((isdir ? stat(p, &sb) : lstat(p, &sb)) != 0) {
		if (errno == ENOENT)
			return 0;
		return hl_diag_set(d, HL_EIO, p, "cannot stat: %s",
		    strerror(errno));
	}
	if (!isdir && !S_ISREG(sb.st_mode))
		return hl_diag_set(d, HL_EIO, p, "not a regular file");
	if ((sb.st_mode & deny) != 0)
		return hl_diag_set(d, HL_EIO, p, "%s other users (mode "
		    "%03o); run chmod %s", deny == 022 ? "writable by" :
		    "open to", (unsigned)(sb.st_mode & 0777),
		    isdir ? "700" : "600");
	/* Private to another user is still theirs to read and rewrite. */
	if (sb.st_uid != geteuid())
		return hl_diag_set(d, HL_EIO, p, "owned by uid %u, not by "
		    "this user (uid %u)", (unsigned)sb.st_uid,
		    (unsigned)geteuid());
	return 0;
}

int
node_check_modes(const char *dir, struct hl_diag *d)
{
	int r;

	/*
	 * The configuration, the certificate and log.anchor hold no secret,
	 * but say who this node is and which log is its: nobody else may
	 * write them.
	 */
	if ((r = private_file(dir, NULL, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_DB, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_DB "-wal", 077, d)) != 0 ||
	    (r = private_file(dir, NODE_DB "-shm", 077, d)) != 0 ||
	    (r = private_file(dir, NODE_MSGKEY, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_TLSKEY, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_IDKEY, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_MSGKEYNEW, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_TLSPREVKEY, 077, d)) != 0 ||
	    (r = private_file(dir, NODE_CONF, 022, d)) != 0 ||
	    (r = private_file(dir, NODE_TLSCRT, 022, d)) != 0 ||
	    (r = private_file(dir, NODE_TLSPREVCRT, 022, d)) != 0 ||
	    (r = private_file(dir, NODE_ANCHOR, 022, d)) != 0)
		return r;
	return 0;
}

int
node_check(struct node *n, struct hl_diag *d)
{
	char kp[4200], cp[4200], msg[800];
	struct tlog_stats ts;
	int r;

	(void)path_in(n->dir, NODE_TLSKEY, kp, sizeof(kp));
	(void)path_in(n->dir, NODE_TLSCRT, cp, sizeof(cp));
	if ((r = tls_identity_check(kp, cp, d)) != 0)
		return r;
	hl_diag_clear(d);
	if ((r = tlog_verify(&n->tlog, &ts, d)) != 0) {
		hl_diag_format(d, r, msg, sizeof(msg));
		/* As log verify records it: status --check shows it too. */
		(void)node_alarm(n, ALARM_LOG_INVALID, "", NULL, msg,
		    (int64_t)time(NULL));
		(void)path_in(n->dir, NODE_DB, kp, sizeof(kp));
		hl_diag_clear(d);
		return hl_diag_set(d, r, kp, "the log does not verify (%s); "
		    "see hotline log verify", msg);
	}
	return 0;
}

/*
 * What a message does to the request its first ref names: a response
 * answers the other side's request, a withdrawal notice withdraws the
 * sender's own. sent: this node is the message's sender.
 */
static int
settle(struct node *n, const struct envelope_hdr *h, bool sent,
    const char *peer)
{
	const char *ref = json_string_value(json_array_get(h->refs, 0));
	const char *v;

	if (ref == NULL)
		return 0;
	/* An ack answers the check its sender received. */
	if (h->type == MSG_CONTACT_ACK)
		return store_check_answered(n->st, ref, sent ? "in" : "out",
		    peer);
	if (h->type == MSG_RESPONSE) {
		v = json_string_value(json_object_get(h->body, "status"));
		return store_msg_settle(n->st, ref, sent ? "in" : "out", peer,
		    v != NULL && strcmp(v, "final") == 0 ?
		    MSTATE_ANSWERED_FINAL : MSTATE_ANSWERED_INTERIM);
	}
	v = json_string_value(json_object_get(h->body, "kind"));
	if (h->type == MSG_NOTICE && v != NULL && strcmp(v, "withdrawal") == 0)
		return store_msg_settle(n->st, ref, sent ? "out" : "in", peer,
		    MSTATE_WITHDRAWN);
	return 0;
}

/* Begins a transaction that may append to the log. */
static int
begin_log(struct node *n, struct hl_diag *d)
{
	int r;

	if ((r = store_begin(n->st)) != 0)
		return store_diag(n->st, d, r, "cannot lock the database");
	if ((r = mlog_begin(&n->log)) != 0) {
		store_rollback(n->st);
		return hl_diag_set(d, r, NULL, "cannot read the log");
	}
	return 0;
}

/* Commits the caller's transaction, with a checkpoint if the log grew. */
static int
commit_locked(struct node *n, int64_t now)
{
	int r;

	if ((r = tlog_seal(&n->tlog, now)) != 0)
		return r;
	return store_commit(n->st) == 0 ? 0 : HL_EDB;
}

/*
 * Queues a message inside the caller's transaction: the next seq, the
 * sealed envelope, the outbox row, its leaf and checkpoint.
 */
static int
queue_locked(struct node *n, const struct send_args *a, char id[static 65],
    struct hl_diag *d)
{
	char created[PROTO_TIME_LEN], deadline[PROTO_TIME_LEN];
	struct envelope *e = NULL;
	json_t *draft;
	uint64_t leaf;
	int64_t seq;
	int r;

	if ((r = store_next_seq(n->st, a->to, &seq)) != 0)
		return hl_diag_set(d, r, NULL, "cannot read the outbox");
	proto_time_format(a->now, created);
	draft = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:O}",
	    "v", 1, "type", proto_type_names[a->type], "from", n->cfg.party,
	    "to", a->to, "tier", proto_tier_names[n->cfg.tier],
	    "seq", (json_int_t)seq, "created", created,
	    "tlp", proto_tlp_names[a->tlp], "body", a->body);
	if (draft == NULL)
		return HL_ENOMEM;
	/*
	 * What is signed is all there or nothing is: json_string() is NULL
	 * for text that is not UTF-8, which must not drop the subject.
	 */
	if (a->subject != NULL && json_object_set_new(draft, "subject",
	    json_string(a->subject)) != 0) {
		json_decref(draft);
		return hl_diag_set(d, HL_ESCHEMA, "subject", "is not valid "
		    "UTF-8");
	}
	if (a->deadline != 0)
		proto_time_format(a->deadline, deadline);
	if ((a->deadline != 0 && json_object_set_new(draft, "deadline",
	    json_string(deadline)) != 0) ||
	    (a->refs != NULL && json_object_set(draft, "refs", a->refs) != 0)) {
		json_decref(draft);
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	}
	if ((r = envelope_seal(draft, n->key, &e, d)) != 0)
		return r;
	if ((r = store_msg_insert(n->st, "out", a->to, e, MSTATE_QUEUED,
	    a->now)) != 0 || (r = settle(n, &e->hdr, true, a->to)) != 0 ||
	    (r = mlog_begin(&n->log)) != 0 ||
	    (r = tlog_record(&n->tlog, TLOG_QUEUED, &e->hdr, NULL, -1, a->now,
	    &leaf)) != 0)
		r = store_diag(n->st, d, r, "cannot queue the message");
	else
		(void)snprintf(id, 65, "%s", e->hdr.id);
	envelope_free(e);
	return r;
}

void
node_wake(const struct node *n)
{
	char path[sizeof(n->dir) + sizeof("/" NODE_WAKE_FILE)];
	struct stat sb;
	int fd;

	(void)snprintf(path, sizeof(path), "%s/" NODE_WAKE_FILE, n->dir);
	/* No daemon, no reader: the open fails with ENXIO and that is all. */
	if ((fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode))
		(void)!write(fd, "", 1);
	(void)close(fd);
}

/*
 * The trail's row for message id that a queues, in its transaction: what
 * a person did (send, reply, withdraw, ping, escalate), the new message
 * as target, and to whom or to what. Nothing for the node's own (actor
 * "").
 */
static int
trail_send(struct node *n, const struct send_args *a, const char *id)
{
	const char *ref = a->refs != NULL ? json_string_value(json_array_get(
	    a->refs, 0)) : NULL;
	const char *v, *action = "send";
	char detail[160];

	(void)snprintf(detail, sizeof(detail), "%s to %s",
	    proto_type_names[a->type], a->to);
	if (a->type == MSG_RESPONSE) {
		v = json_string_value(json_object_get(a->body, "status"));
		action = "reply";
		(void)snprintf(detail, sizeof(detail), "%s %s", v != NULL &&
		    strcmp(v, "final") == 0 ? "final" : "interim",
		    ref != NULL ? ref : "");
	} else if (a->type == MSG_NOTICE && (v = json_string_value(
	    json_object_get(a->body, "kind"))) != NULL &&
	    strcmp(v, "withdrawal") == 0) {
		action = "withdraw";
		(void)snprintf(detail, sizeof(detail), "withdraws %s",
		    ref != NULL ? ref : "");
	} else if (a->type == MSG_PING)
		action = "ping";
	else if (a->type == MSG_CONTACT_CHECK)
		action = "contact-check";
	else if (a->type == MSG_CONTACT_ACK) {
		action = "ack";
		(void)snprintf(detail, sizeof(detail), "acknowledges %s from "
		    "%s", ref != NULL ? ref : "", a->to);
	} else if (a->type == MSG_ESCALATION) {
		action = "escalate";
		(void)snprintf(detail, sizeof(detail), "escalates %s to %s",
		    ref != NULL ? ref : "", a->to);
	}
	return trail_add(n, action, id, detail, a->now);
}

/*
 * Whether contact-ack a may be sent, read in its transaction so that two
 * people acking at once send one ack: refs[0] must be a contact check
 * this node received from a->to and nobody has acknowledged.
 */
static int
ack_open(struct node *n, const struct send_args *a, struct hl_diag *d)
{
	const char *ref = a->refs != NULL ? json_string_value(json_array_get(
	    a->refs, 0)) : NULL;
	struct msg_row m;
	int r;

	if (ref == NULL || (r = store_msg_get(n->st, ref, false, &m)) != 0 ||
	    strcmp(m.id, ref) != 0)
		return hl_diag_set(d, HL_EINVAL, "refs[0]", "names no message "
		    "this node has");
	if (strcmp(m.type, "contact-check") != 0 || strcmp(m.dir, "in") != 0 ||
	    strcmp(m.peer, a->to) != 0)
		return hl_diag_set(d, HL_EINVAL, NULL, "%.12s is a %s this "
		    "node %s, not a contact check it received from %s", m.id,
		    m.type, strcmp(m.dir, "in") == 0 ? "received" : "sent",
		    a->to);
	if (m.state == MSTATE_ANSWERED)
		return hl_diag_set(d, HL_ECONFLICT, NULL, "%.12s is already "
		    "acknowledged", m.id);
	return 0;
}

int
node_send(struct node *n, const struct send_args *args, char id[static 65],
    struct hl_diag *d)
{
	struct send_args due = *args, *a = &due;
	struct card peer;
	int r;

	/* Not a stranger to pin: there is no card to add for it. */
	if (strcmp(a->to, n->cfg.party) == 0)
		return hl_diag_set(d, HL_EINVAL, NULL, "%s is this node",
		    a->to);
	/* Peers refuse it, and it would hold the renewal behind it. */
	if (!card_valid_at(&n->card, (int64_t)time(NULL))) {
		char t[PROTO_TIME_LEN];

		proto_time_format(n->card.not_after, t);
		return hl_diag_set(d, HL_EEXPIRED, NULL, "this node's card "
		    "(serial %lld) is not valid now (until %s): renew it "
		    "first, with hotline key rotate --identity FILE",
		    (long long)n->card.serial, t);
	}
	if ((r = store_peer_get(n->st, a->to, &peer)) != 0)
		return r == HL_ENOTFOUND ? hl_diag_set(d, HL_EUNKNOWNPEER,
		    NULL, "unknown peer %s: pin its card with hotline peer add",
		    a->to) : hl_diag_set(d, r, NULL, "cannot read peers");
	if (!card_valid_at(&peer, (int64_t)time(NULL))) {
		char t[PROTO_TIME_LEN];

		proto_time_format(peer.not_after, t);
		return hl_diag_set(d, HL_EEXPIRED, NULL, "%s's pinned card "
		    "(serial %lld) is not valid now (until %s): nothing is "
		    "sent to it until a valid card is pinned (its key notice, "
		    "or peer add --replace)", a->to, (long long)peer.serial,
		    t);
	}
	if (a->deadline == SEND_POLICY_DEADLINE)
		a->deadline = a->type != MSG_REQUEST ? 0 : a->now +
		    config_first_response(&n->cfg, (int)peer.tier);
	if ((r = store_begin(n->st)) != 0)
		return store_diag(n->st, d, r, "cannot lock the database");
	if ((a->type == MSG_CONTACT_ACK && (r = ack_open(n, a, d)) != 0) ||
	    (r = queue_locked(n, a, id, d)) != 0) {
		store_rollback(n->st);
		return r;
	}
	if ((r = trail_send(n, a, id)) != 0 ||
	    (r = commit_locked(n, a->now)) != 0) {
		store_rollback(n->st);
		id[0] = '\0';
		return store_diag(n->st, d, r, "cannot queue the message");
	}
	node_wake(n);
	return 0;
}

/* Whether m is a request or query, to or (dir "in") from a peer. */
static bool
is_request(const struct msg_row *m, const char *dir)
{
	return strcmp(m->dir, dir) == 0 && (strcmp(m->type, "request") == 0 ||
	    strcmp(m->type, "query") == 0);
}

/* The message idprefix names, if it is a request or query of dir. */
static int
find_request(struct node *n, const char *idprefix, const char *dir,
    struct msg_row *m, struct hl_diag *d)
{
	int r;

	if ((r = node_msg_get(n, idprefix, false, m, d)) != 0)
		return r;
	if (is_request(m, dir))
		return 0;
	return hl_diag_set(d, HL_EINVAL, NULL, "%.12s is a %s this node %s, "
	    "not a request or query it %s", m->id, m->type,
	    strcmp(m->dir, "in") ? "sent" : "received",
	    strcmp(dir, "in") ? "sent" : "received");
}

/*
 * Whether response body answers request req (its row, with raw): every
 * finding names one of the request's indicators, by type and value. A
 * finding of something never asked would be exported and served as
 * the asker's own indicator (the ids derive from the request), and is
 * no answer to it. 0, or HL_ESCHEMA with d naming the finding.
 */
static int
findings_asked(const struct msg_row *req, json_t *body, struct hl_diag *d)
{
	json_t *findings = json_object_get(body, "findings"), *asked, *v;
	struct envelope *e = NULL;
	char key[HL_MAX_INDICATOR_LEN + 16], path[48];
	size_t i;
	int r = 0;

	if (json_array_size(findings) == 0)
		return 0;
	if ((asked = json_object()) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	if (envelope_parse(req->raw, req->rawlen, &e, NULL) != 0) {
		json_decref(asked);
		return hl_diag_set(d, HL_EDB, NULL, "%.12s: the stored request "
		    "does not parse", req->id);
	}
	json_array_foreach(json_object_get(e->hdr.body, "indicators"), i, v) {
		(void)snprintf(key, sizeof(key), "%s %s", json_string_value(
		    json_object_get(v, "type")), json_string_value(
		    json_object_get(v, "value")));
		if (json_object_set_new(asked, key, json_true()) != 0)
			r = HL_ENOMEM;
	}
	json_array_foreach(findings, i, v) {
		json_t *ind = json_object_get(v, "indicator");

		if (r != 0)
			break;
		(void)snprintf(key, sizeof(key), "%s %s", json_string_value(
		    json_object_get(ind, "type")), json_string_value(
		    json_object_get(ind, "value")));
		if (json_object_get(asked, key) == NULL) {
			(void)snprintf(path, sizeof(path),
			    "body.findings[%zu].indicator", i);
			r = hl_diag_set(d, HL_ESCHEMA, path, "is not one of the "
			    "indicators of %s %.12s: a finding answers what was "
			    "asked", req->type, req->id);
		}
	}
	if (r == HL_ENOMEM)
		r = hl_diag_set(d, r, NULL, "out of memory");
	envelope_free(e);
	json_decref(asked);
	return r;
}

/*
 * A peer's contact-ack must answer a contact check this node sent to it
 * (refs[0]): otherwise it would confirm contact that nobody asked of
 * that peer, or settle a check sent to another party.
 */
static int
ack_check(struct node *n, const struct envelope_hdr *h, struct hl_diag *d)
{
	const char *ref = json_string_value(json_array_get(h->refs, 0));
	struct msg_row m;
	int r = 0;

	memset(&m, 0, sizeof(m));
	if (ref == NULL || store_msg_get(n->st, ref, false, &m) != 0 ||
	    strcmp(m.id, ref) != 0 || strcmp(m.dir, "out") != 0 ||
	    strcmp(m.type, "contact-check") != 0 ||
	    strcmp(m.peer, h->from) != 0)
		r = hl_diag_set(d, HL_ESCHEMA, "refs[0]", "names no contact "
		    "check this node sent to %s", h->from);
	msg_row_done(&m);
	return r;
}

/*
 * A peer's response must answer a request or query this node sent to
 * it (refs[0]), with findings among its indicators: otherwise it could
 * settle another party's request, or have this node export and serve
 * indicators under ids, a marking and an author that are not its own.
 */
static int
answer_check(struct node *n, const struct envelope_hdr *h,
    struct hl_diag *d)
{
	const char *ref = json_string_value(json_array_get(h->refs, 0));
	struct msg_row req;
	int r;

	if (h->type == MSG_CONTACT_ACK)
		return ack_check(n, h, d);
	if (h->type != MSG_RESPONSE)
		return 0;
	memset(&req, 0, sizeof(req));
	if (ref == NULL || store_msg_get(n->st, ref, true, &req) != 0 ||
	    strcmp(req.id, ref) != 0 || !is_request(&req, "out") ||
	    strcmp(req.peer, h->from) != 0)
		r = hl_diag_set(d, HL_ESCHEMA, "refs[0]", "names no request or "
		    "query this node sent to %s", h->from);
	else
		r = findings_asked(&req, h->body, d);
	msg_row_done(&req);
	return r;
}

int
node_reply_find(struct node *n, const char *idprefix, struct msg_row *req,
    struct hl_diag *d)
{
	return find_request(n, idprefix, "in", req, d);
}

/*
 * What an operator means not to do, so refused unless forced: answer a
 * request already answered for good, or one its sender took back, or
 * mark the answer for a wider audience than the request allowed (an
 * answer quotes what it answers). Each is legal on the wire.
 */
static int
reply_sane(const struct msg_row *m, enum tlp tlp, struct hl_diag *d)
{
	int asked = proto_lookup(proto_tlp_names, m->tlp);

	if (m->state == MSTATE_ANSWERED_FINAL)
		return hl_diag_set(d, HL_ECONFLICT, NULL, "%.12s already has a "
		    "final answer; use --force to send anyway", m->id);
	if (m->state == MSTATE_WITHDRAWN)
		return hl_diag_set(d, HL_ECONFLICT, NULL, "%.12s was withdrawn "
		    "by %s; use --force to send anyway", m->id, m->peer);
	if (asked >= 0)
		return tlp_carry((enum tlp)asked, tlp, false, "the request's "
		    "marking", d);
	return 0;
}

int
node_reply(struct node *n, const struct msg_row *req,
    const struct reply_args *ra, char id[static 65], struct hl_diag *d)
{
	struct send_args a;
	struct msg_row full;
	int t, r;

	if (!is_request(req, "in"))
		return hl_diag_set(d, HL_EINVAL, NULL, "%.12s is not a request "
		    "or query this node received", req->id);
	memset(&a, 0, sizeof(a));
	a.to = req->peer;
	a.type = MSG_RESPONSE;
	a.now = ra->now;
	a.body = ra->body;
	/* The request's own marking, unless told otherwise. */
	t = ra->tlp >= 0 ? ra->tlp : proto_lookup(proto_tlp_names, req->tlp);
	if (t < 0 || t >= TLP_COUNT)
		return hl_diag_set(d, HL_EINVAL, NULL, "%.12s: no TLP to "
		    "answer with", req->id);
	a.tlp = (enum tlp)t;
	if (!ra->force && (r = reply_sane(req, a.tlp, d)) != 0)
		return r;
	/* Not even forced: the peer would refuse it (answer_check()). */
	if (json_array_size(json_object_get(ra->body, "findings")) > 0) {
		if ((r = node_msg_get(n, req->id, true, &full, d)) != 0)
			return r;
		r = findings_asked(&full, ra->body, d);
		msg_row_done(&full);
		if (r != 0)
			return r;
	}
	if ((a.refs = json_pack("[s]", req->id)) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	r = node_send(n, &a, id, d);
	json_decref(a.refs);
	return r;
}

int
node_withdraw(struct node *n, const char *idprefix, const char *reason,
    int64_t now, char id[static 65], struct hl_diag *d)
{
	struct send_args a;
	struct msg_row m;
	int r;

	memset(&a, 0, sizeof(a));
	if ((r = find_request(n, idprefix, "out", &m, d)) != 0)
		return r;
	if (m.state == MSTATE_ANSWERED_FINAL || m.state == MSTATE_WITHDRAWN)
		return hl_diag_set(d, HL_ECONFLICT, NULL, "%.12s is already %s",
		    m.id, proto_state_names[m.state]);
	a.to = m.peer;
	a.type = MSG_NOTICE;
	a.tlp = (enum tlp)proto_lookup(proto_tlp_names, m.tlp);
	a.now = now;
	a.refs = json_pack("[s]", m.id);
	a.body = json_pack("{s:s, s:s}", "kind", "withdrawal", "summary",
	    reason);
	hl_diag_clear(d);
	if (a.refs == NULL || a.body == NULL)
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	else if ((r = schema_body(MSG_NOTICE, a.body, NULL, d)) == 0)
		r = node_send(n, &a, id, d);
	json_decref(a.refs);
	json_decref(a.body);
	return r;
}

/* Wall-clock milliseconds, for round trips. */
static int64_t
wall_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
node_ping(struct node *n, const char *peer, int64_t now, char id[static 65],
    struct hl_diag *d)
{
	struct send_args a;
	char note[64];
	int r;

	/* The note carries when it left, for the round trip. */
	(void)snprintf(note, sizeof(note), "sent_ms %lld",
	    (long long)wall_ms());
	memset(&a, 0, sizeof(a));
	a.to = peer;
	a.type = MSG_PING;
	a.tlp = TLP_CLEAR;
	a.now = now;
	if ((a.body = json_pack("{s:s}", "note", note)) == NULL)
		return HL_ENOMEM;
	r = node_send(n, &a, id, d);
	json_decref(a.body);
	return r;
}

int
node_contact_check(struct node *n, const char *peer, int64_t deadline,
    const char *note, int64_t now, char id[static 65], struct hl_diag *d)
{
	char due[PROTO_TIME_LEN];
	struct send_args a;
	int r;

	if (deadline == 0)
		deadline = now + n->cfg.contact_deadline;
	if (deadline <= now)
		return hl_diag_set(d, HL_EINVAL, "deadline", "must be after "
		    "now");
	proto_time_format(deadline, due);
	memset(&a, 0, sizeof(a));
	a.to = peer;
	a.type = MSG_CONTACT_CHECK;
	a.tlp = TLP_CLEAR;
	a.now = now;
	if ((a.body = json_pack("{s:s}", "deadline", due)) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	/* json_string() is NULL for text that is not UTF-8. */
	if (note != NULL && json_object_set_new(a.body, "note",
	    json_string(note)) != 0) {
		json_decref(a.body);
		return hl_diag_set(d, HL_EINVAL, "note", "is not valid UTF-8");
	}
	hl_diag_clear(d);
	if ((r = schema_body(MSG_CONTACT_CHECK, a.body, NULL, d)) == 0)
		r = node_send(n, &a, id, d);
	json_decref(a.body);
	return r;
}

int
node_ack(struct node *n, const char *idprefix, const char *note,
    int64_t now, char id[static 65], struct hl_diag *d)
{
	struct send_args a;
	struct msg_row m;
	int r;

	if ((r = node_msg_get(n, idprefix, false, &m, d)) != 0)
		return r;
	if (strcmp(m.type, "contact-check") != 0 || strcmp(m.dir, "in") != 0)
		return hl_diag_set(d, HL_EINVAL, NULL, "%.12s is a %s this node "
		    "%s, not a contact check it received", m.id, m.type,
		    strcmp(m.dir, "in") == 0 ? "received" : "sent");
	if (m.state == MSTATE_ANSWERED)
		return hl_diag_set(d, HL_ECONFLICT, NULL, "%.12s is already "
		    "acknowledged", m.id);
	/* The point of a check is a person: the node never acks itself. */
	if (n->actor.name[0] == '\0')
		return hl_diag_set(d, HL_EINVAL, NULL, "an acknowledgement is "
		    "a person's, and nobody is named to give it");
	memset(&a, 0, sizeof(a));
	a.to = m.peer;
	a.type = MSG_CONTACT_ACK;
	a.tlp = TLP_CLEAR;
	a.now = now;
	if ((a.refs = json_pack("[s]", m.id)) == NULL ||
	    (a.body = json_object()) == NULL) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	/* json_string() is NULL for text that is not UTF-8. */
	if (json_object_set_new(a.body, "by", json_string(n->actor.name)) !=
	    0) {
		r = hl_diag_set(d, HL_EINVAL, "by", "the actor's name is not "
		    "valid UTF-8");
		goto out;
	}
	if (note != NULL && json_object_set_new(a.body, "note",
	    json_string(note)) != 0) {
		r = hl_diag_set(d, HL_EINVAL, "note", "is not valid UTF-8");
		goto out;
	}
	hl_diag_clear(d);
	if ((r = schema_body(MSG_CONTACT_ACK, a.body, NULL, d)) == 0)
		r = node_send(n, &a, id, d);
out:
	json_decref(a.refs);
	json_decref(a.body);
	return r;
}

/*
 * A pong's round trip in milliseconds, from the time its ping's note
 * says it left; -1 if that is not known.
 */
static int64_t
pong_rtt(struct node *n, const struct envelope_hdr *h)
{
	const char *ref = h->refs != NULL ? json_string_value(json_array_get(
	    h->refs, 0)) : NULL;
	struct buf note;
	int64_t sent, rtt = -1;

	if (h->type != MSG_PONG || ref == NULL)
		return -1;
	buf_init(&note, 128);
	if (store_ping_note(n->st, ref, &note) == 0 &&
	    strncmp(buf_str(&note), "sent_ms ", 8) == 0 &&
	    proto_int_parse(buf_str(&note) + 8, 0, INT64_MAX, &sent))
		rtt = wall_ms() - sent;
	buf_done(&note);
	return rtt < 0 ? -1 : rtt;
}

/*
 * What accepting some types implies, in the same transaction: a ping is
 * answered with a pong, a pong completes its ping's round trip (rtt).
 */
static int
on_accept(struct node *n, const struct envelope_hdr *h, int64_t rtt,
    int64_t now, struct hl_diag *d)
{
	const char *ref = h->refs != NULL ? json_string_value(json_array_get(
	    h->refs, 0)) : NULL;
	struct send_args a;
	char id[65];
	int r;

	/* No pong from an expired card: the peer would refuse it. */
	if (h->type == MSG_PING && card_valid_at(&n->card, now)) {
		memset(&a, 0, sizeof(a));
		a.to = h->from;
		a.type = MSG_PONG;
		a.tlp = TLP_CLEAR;
		a.now = now;
		a.refs = json_pack("[s]", h->id);
		a.body = json_object();
		r = a.refs != NULL && a.body != NULL ?
		    queue_locked(n, &a, id, d) : HL_ENOMEM;
		json_decref(a.refs);
		json_decref(a.body);
		return r;
	}
	if (h->type == MSG_PONG && ref != NULL)
		return store_ping_answered(n->st, ref, h->from, rtt < 0 ? 0 :
		    rtt);
	return 0;
}

/* What an event says of the message of h. */
static void
about(struct event_about *a, const struct envelope_hdr *h, const char *peer)
{
	memset(a, 0, sizeof(*a));
	a->peer = peer;
	a->msg = h->id;
	a->type = h->type;
	a->tier = h->tier;
	a->tlp = h->tlp;
	a->subject = h->subject;
}

/*
 * The event a message accepted is, in its transaction (events.h): a
 * request or query to answer, an answer, an escalation to this node, a
 * contact check for a person to acknowledge, its acknowledgement.
 * Pings, pongs and notices wake nobody.
 */
static int
accept_event(struct node *n, const struct envelope_hdr *h, int64_t now)
{
	const char *ref = h->refs != NULL ? json_string_value(json_array_get(
	    h->refs, 0)) : NULL;
	const char *v = json_string_value(json_object_get(h->body, "status"));
	struct event_about a;
	char detail[256];

	about(&a, h, h->from);
	switch (h->type) {
	case MSG_REQUEST:
	case MSG_QUERY:
		a.due = report_due(h->created, h->deadline, now);
		(void)snprintf(detail, sizeof(detail), "a %s from %s",
		    proto_type_names[h->type], h->from);
		return events_msg(n, "request-received", NULL, &a, detail, now);
	case MSG_RESPONSE:
		(void)snprintf(detail, sizeof(detail), "%s answer from %s to "
		    "%.64s", v != NULL ? v : "an", h->from, ref != NULL ? ref :
		    "?");
		return events_msg(n, "answer-received", NULL, &a, detail, now);
	case MSG_ESCALATION:
		v = json_string_value(json_object_get(h->body, "reason"));
		(void)snprintf(detail, sizeof(detail), "escalated to this node "
		    "by %s (%s) about %.64s", h->from, v != NULL ? v : "?",
		    ref != NULL ? ref : "?");
		return events_msg(n, "escalation", NULL, &a, detail, now);
	case MSG_CONTACT_CHECK:
		a.due = report_due(h->created, h->deadline, now);
		(void)snprintf(detail, sizeof(detail), "a contact check from "
		    "%s: a person must acknowledge it (hotline ack)", h->from);
		return events_msg(n, "contact-check", NULL, &a, detail, now);
	case MSG_CONTACT_ACK:
		v = json_string_value(json_object_get(h->body, "by"));
		(void)snprintf(detail, sizeof(detail), "%s acknowledged contact "
		    "check %.64s for %s", v != NULL ? v : "?", ref != NULL ?
		    ref : "?", h->from);
		return events_msg(n, "contact-ack", NULL, &a, detail, now);
	default:
		return 0;
	}
}

/* Whether h is a notice that carries its sender's new card. */
static bool
is_key_notice(const struct envelope_hdr *h)
{
	const char *k = json_string_value(json_object_get(h->body, "kind"));

	return h->type == MSG_NOTICE && k != NULL &&
	    (strcmp(k, "key-rotation") == 0 ||
	    strcmp(k, "key-revocation") == 0);
}

/*
 * The card of a key notice h from the peer pinned as pinned, checked
 * (docs/PROTOCOL.md, "Bodies"): it parses (any spelling; its canonical
 * form is the card), names the sender, is signed by the identity key
 * pinned for it and succeeds the pinned card at now. *same: it is the
 * pinned card already (a retry, nothing to change). d's path starts
 * with body.card.
 */
static int
notice_card(const struct envelope_hdr *h, const struct card *pinned,
    int64_t now, int64_t skew, struct card *next, bool *same,
    struct hl_diag *d)
{
	json_t *card = json_object_get(h->body, "card");
	char path[sizeof(d->path) + 16];
	struct buf b;
	int r;

	*same = false;
	buf_init(&b, HL_MAX_CARD_BYTES);
	r = jcs_write(card, &b);
	buf_done(&b);
	if (r != 0)
		return hl_diag_set(d, HL_ESCHEMA, "body.card", "larger than "
		    "%d bytes in canonical form", HL_MAX_CARD_BYTES);
	buf_init(&b, HL_MAX_CARD_BYTES);
	if ((r = jcs_write(card, &b)) == 0)
		r = card_parse(b.p, b.len, next, d);
	buf_done(&b);
	if (r == 0 && strcmp(next->party, h->from) != 0)
		r = hl_diag_set(d, HL_ECONFLICT, "party", "is %s, not the "
		    "sender %s", next->party, h->from);
	if (r == 0 && pinned->rawlen == next->rawlen &&
	    memcmp(pinned->raw, next->raw, next->rawlen) == 0) {
		*same = true;
		return 0;
	}
	/*
	 * Made now by a clock ahead of this one by no more than clock_skew
	 * allows (a rotation's notice comes at once): valid from now.
	 */
	if (r == 0 && next->v >= 2 && next->not_before > now &&
	    next->not_before - now <= skew)
		now = next->not_before;
	if (r == 0)
		r = card_successor(pinned, next, now, d);
	if (r != 0 && d != NULL) {
		(void)snprintf(path, sizeof(path), "body.card%s%s",
		    d->path[0] != '\0' ? "." : "", d->path);
		(void)snprintf(d->path, sizeof(d->path), "%.*s",
		    (int)sizeof(d->path) - 1, path);
	}
	return r;
}

/*
 * A key notice's card, inside the message's transaction: pinned in place
 * of the sender's (the old one kept among the retired), a peer-card leaf,
 * an event for the notifiers; checked again against the card pinned now.
 */
static int
notice_pin(struct node *n, const struct envelope_hdr *h, int64_t now,
    struct hl_diag *d)
{
	struct card *pinned, *next;
	struct event_about a;
	char detail[256], key[128];
	uint64_t leaf;
	bool same, changed;
	int r;

	if ((pinned = malloc(2 * sizeof(*pinned))) == NULL)
		return HL_ENOMEM;
	next = pinned + 1;
	if ((r = store_peer_get(n->st, h->from, pinned)) != 0) {
		r = store_diag(n->st, d, r, "cannot read peers");
		goto out;
	}
	if ((r = notice_card(h, pinned, now, n->cfg.clock_skew, next, &same,
	    d)) != 0 || same)
		goto out;
	if ((r = store_peer_put(n->st, next, true, &changed)) != 0) {
		r = r == HL_ECONFLICT ? hl_diag_set(d, r, "body.card",
		    "its TLS pin or key is another pinned party's") :
		    store_diag(n->st, d, r, "cannot pin the card");
		goto out;
	}
	(void)snprintf(detail, sizeof(detail), "%s's card serial %lld "
	    "pinned (was serial %lld)", next->party, (long long)next->serial,
	    (long long)pinned->serial);
	(void)snprintf(key, sizeof(key), "peer-card:%s:%lld", next->party,
	    (long long)next->serial);
	about(&a, h, h->from);
	if ((r = tlog_record_card(&n->tlog, TLOG_PEER_CARD, next, now,
	    &leaf)) != 0 ||
	    (r = events_msg(n, "peer-card", key, &a, detail, now)) != 0)
		r = store_diag(n->st, d, r, "cannot record the new card");
out:
	free(pinned);
	return r;
}

/*
 * The clock policy: a peer's time (an envelope's created, a receipt's at)
 * may run ahead of this node's clock by clock_skew at most. A time in the
 * past is legitimate (store and forward, a node that was down), and
 * nothing is counted from it alone: accountability runs from the
 * receiver's receipt (report.h). A time in the future is refused, since
 * a receipt dated ahead would stretch every deadline its signer owes.
 */
static int
clock_check(const struct node *n, const char *field, int64_t t, int64_t now,
    struct hl_diag *d)
{
	char ts[PROTO_TIME_LEN], ns[PROTO_TIME_LEN];

	if (t <= now || t - now <= n->cfg.clock_skew)
		return 0;
	proto_time_format(t, ts);
	proto_time_format(now, ns);
	return hl_diag_set(d, HL_ECLOCK, field, "is %s, %lld s ahead of this "
	    "node's clock (%s); clock_skew allows %lld s", ts,
	    (long long)(t - now), ns, (long long)n->cfg.clock_skew);
}

static bool
envelope_signed(void *arg, const uint8_t *pk)
{
	return envelope_verify(arg, pk, NULL) == 0;
}

static bool
receipt_signed(void *arg, const uint8_t *pk)
{
	return receipt_verify(arg, pk) == 0;
}

/*
 * Whether peer signed, by its pinned card at now: its current key or one
 * in its grace (a message queued before a rotation comes signed by the
 * old key). A key the card retired or revoked is refused as such
 * (HL_EREVOKED, d naming it), not as a bad signature; HL_EBADSIG, d
 * unset, when no key of the card verifies.
 */
static int
peer_signed(const struct card *peer, int64_t now,
    bool (*verify)(void *, const uint8_t *), void *arg, struct hl_diag *d)
{
	return card_signed_online(peer, now, verify, arg, NULL, d);
}

/*
 * The checks that need no lock, so a batch's signatures are verified
 * before its transaction begins: form and integrity, recipient, sender,
 * pinned peer, tier, signature, then the clock (after the signature, so
 * that clock-skew is said only of a message its sender really signed).
 */
static int
accept_check(struct node *n, const uint8_t *raw, size_t len,
    const char *sender, int64_t now, struct envelope **ep,
    struct accept_result *res, struct hl_diag *d)
{
	struct envelope *e;
	struct card peer;
	int r;

	memset(res, 0, sizeof(*res));
	if ((r = envelope_parse(raw, len, ep, d)) != 0)
		return r;
	e = *ep;
	(void)snprintf(res->id, sizeof(res->id), "%s", e->hdr.id);
	(void)snprintf(res->from, sizeof(res->from), "%s", e->hdr.from);
	res->seq = e->hdr.seq;
	if (strcmp(e->hdr.to, n->cfg.party) != 0)
		return hl_diag_set(d, HL_EWRONGRCPT, "to", "addressed to %s, "
		    "but this node is %s", e->hdr.to, n->cfg.party);
	if (sender != NULL && strcmp(sender, e->hdr.from) != 0)
		return hl_diag_set(d, HL_EPIN, "from", "is %s, but the "
		    "connection is %s's", e->hdr.from, sender);
	if ((r = store_peer_get(n->st, e->hdr.from, &peer)) != 0)
		return r == HL_ENOTFOUND ? hl_diag_set(d, HL_EUNKNOWNPEER,
		    "from", "unknown peer %s: no card pinned", e->hdr.from) :
		    hl_diag_set(d, r, NULL, "cannot read peers");
	if (e->hdr.tier != peer.tier)
		return hl_diag_set(d, HL_ESCHEMA, "tier", "is %s, but %s's "
		    "pinned card says %s", proto_tier_names[e->hdr.tier],
		    peer.party, proto_tier_names[peer.tier]);
	/*
	 * A card vouches for what its key signs until its not_after: what
	 * is made after is refused, but for the notice that brings the
	 * card's successor. What was made before still comes in, so that
	 * the messages queued before a renewal do not hold the renewal's
	 * notice behind them for ever (seq order).
	 */
	if (peer.v >= 2 && e->hdr.created >= peer.not_after &&
	    !is_key_notice(&e->hdr)) {
		char t[PROTO_TIME_LEN];

		proto_time_format(peer.not_after, t);
		return hl_diag_set(d, HL_EEXPIRED, "created", "is after "
		    "%s's pinned card (serial %lld) expired at %s: nothing it "
		    "makes is taken until a valid card is pinned", peer.party,
		    (long long)peer.serial, t);
	}
	if ((r = peer_signed(&peer, now, envelope_signed, e, d)) != 0) {
		if (r == HL_EBADSIG)
			r = hl_diag_set(d, r, "sig", "does not verify with the "
			    "key pinned for %s", e->hdr.from);
		return r;
	}
	if ((r = clock_check(n, "created", e->hdr.created, now, d)) != 0)
		return r;
	if (is_key_notice(&e->hdr)) {
		struct card *next;
		bool same;

		if ((next = malloc(sizeof(*next))) == NULL)
			return HL_ENOMEM;
		r = notice_card(&e->hdr, &peer, now, n->cfg.clock_skew, next,
		    &same, d);
		free(next);
		if (r != 0)
			return r;
	}
	return answer_check(n, &e->hdr, d);
}

/*
 * Stores one checked message inside the caller's transaction (with the
 * log mlog_begin()'d): its seq
 * must be the next from its sender (or it is the same message again, and
 * gets the receipt it got then). HL_ESEQGAP and HL_EREPLAY change
 * nothing; any other failure leaves the transaction to roll back.
 */
static int
accept_locked(struct node *n, const struct envelope *e, int64_t now,
    struct accept_result *res, struct buf *receipt, struct hl_diag *d)
{
	char other[65];
	int64_t last, rtt;
	int r;

	if (store_msg_by_seq_in(n->st, e->hdr.from, e->hdr.seq, other) == 0) {
		if (strcmp(other, e->hdr.id) != 0)
			return hl_diag_set(d, HL_EREPLAY, "seq", "%lld from %s "
			    "is already used by message %.16s",
			    (long long)e->hdr.seq, e->hdr.from, other);
		res->duplicate = true;
		if ((r = store_msg_get_receipt(n->st, other, receipt)) != 0)
			return hl_diag_set(d, r, NULL, "cannot read the "
			    "receipt of %s", other);
		return 0;
	}
	if ((r = store_last_seq_in(n->st, e->hdr.from, &last)) != 0)
		return hl_diag_set(d, r, NULL, "cannot read the inbox");
	if (e->hdr.seq != last + 1) {
		res->expected = last + 1;
		return hl_diag_set(d, e->hdr.seq <= last ? HL_EREPLAY :
		    HL_ESEQGAP, "seq", "is %lld, expected %lld from %s",
		    (long long)e->hdr.seq, (long long)last + 1, e->hdr.from);
	}
	rtt = pong_rtt(n, &e->hdr);
	if ((r = store_msg_insert(n->st, "in", e->hdr.from, e, MSTATE_RECEIVED,
	    now)) != 0 || (r = settle(n, &e->hdr, false, e->hdr.from)) != 0 ||
	    (r = tlog_record(&n->tlog, TLOG_RECEIVED, &e->hdr, NULL, rtt, now,
	    &res->leaf)) != 0 ||
	    (r = receipt_make(e->hdr.id, e->hdr.from, n->cfg.party, e->hdr.seq,
	    res->leaf, now, n->key, receipt)) != 0 ||
	    (r = on_accept(n, &e->hdr, rtt, now, d)) != 0 ||
	    (r = accept_event(n, &e->hdr, now)) != 0 ||
	    (is_key_notice(&e->hdr) && (r = notice_pin(n, &e->hdr, now,
	    d)) != 0) ||
	    (r = store_msg_set_receipt(n->st, e->hdr.id, receipt->p,
	    receipt->len, MSTATE_RECEIVED)) != 0)
		return store_diag(n->st, d, r, "cannot store the message");
	return 0;
}

int
node_accept_batch(struct node *n, struct accept_item *it, size_t count,
    int flags, const char *sender, size_t *done, struct hl_diag *d)
{
	struct envelope **e;
	struct hl_diag first;
	size_t checked, i = 0;
	bool pinged = false, split = false;
	int64_t now;
	int r = 0, cr, refused = 0;

	*done = 0;
	if ((e = calloc(count > 0 ? count : 1, sizeof(*e))) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	hl_diag_clear(&first);
	now = (int64_t)time(NULL);
	for (checked = 0; checked < count; checked++) {
		if ((refused = accept_check(n, it[checked].raw, it[checked].len,
		    sender, now, &e[checked], &it[checked].res, &first)) != 0)
			break;
		/*
		 * A new card of the sender's: what follows may be signed by
		 * the key it names, so it is checked once the card is pinned,
		 * in a transaction of its own (below).
		 */
		if (is_key_notice(&e[checked]->hdr)) {
			split = ++checked < count;
			break;
		}
	}
	if (checked == 0 || (r = begin_log(n, d)) != 0)
		goto out;
	now = (int64_t)time(NULL);
	for (i = 0; i < checked; i++) {
		char from[HL_MAX_PARTY_LEN + 8];

		if ((r = accept_locked(n, e[i], now, &it[i].res,
		    &it[i].receipt, d)) != 0)
			break;
		pinged |= e[i]->hdr.type == MSG_PING && !it[i].res.duplicate;
		/* A person handing an envelope in (hotline accept) acts. */
		(void)snprintf(from, sizeof(from), "from %s", e[i]->hdr.from);
		if (!it[i].res.duplicate && (r = trail_add(n, "accept",
		    it[i].res.id, from, now)) != 0) {
			r = store_diag(n->st, d, r, "cannot add to the trail");
			break;
		}
	}
	/* A seq refusal ends the batch there; those before it still count. */
	if ((r != 0 && r != HL_ESEQGAP && r != HL_EREPLAY) ||
	    (flags & NODE_DRYRUN) || i == 0) {
		store_rollback(n->st);
		if (r == 0 && i > 0)
			*done = i;	/* a dry run: all would be accepted */
		goto out;
	}
	/* r stays the seq refusal, if any, when the commit succeeds. */
	if ((cr = commit_locked(n, now)) != 0) {
		store_rollback(n->st);
		r = store_diag(n->st, d, cr, "cannot store the message");
		goto out;
	}
	*done = i;
	if (pinged)
		node_wake(n);	/* their pongs are queued */
	if (split && r == 0 && i == checked) {
		size_t more = 0;

		r = node_accept_batch(n, it + checked, count - checked, flags,
		    sender, &more, d);
		*done += more;
		refused = 0;	/* the rest's refusal, if any, is r */
		goto free;
	}
out:
	/* Receipts are handed out only for what was committed. */
	for (size_t j = (flags & NODE_DRYRUN) ? 0 : *done; j < count; j++)
		it[j].receipt.len = 0;
	if (r == 0 && refused != 0) {
		if (d != NULL)
			*d = first;
		r = refused;
	}
free:
	for (size_t j = 0; j < count; j++)
		envelope_free(e[j]);
	free(e);
	return r;
}

int
node_accept(struct node *n, const uint8_t *raw, size_t len, int flags,
    const char *sender, struct accept_result *res, struct buf *receipt,
    struct hl_diag *d)
{
	struct accept_item it;
	size_t done;
	int r;

	memset(&it, 0, sizeof(it));
	it.raw = raw;
	it.len = len;
	buf_init(&it.receipt, HL_MAX_RECEIPT_BYTES);
	r = node_accept_batch(n, &it, 1, flags, sender, &done, d);
	*res = it.res;
	if (r == 0 && receipt != NULL && !(flags & NODE_DRYRUN))
		r = buf_add(receipt, it.receipt.p, it.receipt.len);
	buf_done(&it.receipt);
	return r;
}

/* A pinned card of another party with the new card's TLS or message key. */
struct clash {
	const struct card	*c;		/* the card to pin */
	char			 party[HL_MAX_PARTY_LEN + 1];	/* whose */
	const char		*field;		/* "tls_pin" or "key" */
};

static int
find_clash(void *arg, const struct card *p, int64_t added)
{
	struct clash *x = arg;

	(void)added;
	/* The party's own card: --replace decides. */
	if (strcmp(p->party, x->c->party) == 0)
		return 0;
	if (strcmp(p->tls_pin, x->c->tls_pin) == 0)
		x->field = "tls_pin";
	else if (memcmp(p->pk, x->c->pk, HL_PK_LEN) == 0)
		x->field = "key";
	else
		return 0;
	(void)snprintf(x->party, sizeof(x->party), "%s", p->party);
	return 1;
}

/*
 * One party per TLS key and per message key, this node included: the
 * daemon finds a connection's peer by its certificate's pin, so a card
 * repeating another party's pin would take that party's connections (and
 * after a --replace of the real one, all of them); a key signs for one
 * party, so that what it signed is that party's. Party ids are lower
 * case by the card's rules (PROTOCOL.md), so two cannot differ by case.
 */
static int
peer_unique(struct node *n, const struct card *c, struct hl_diag *d)
{
	struct clash x = { .c = c };
	int r;

	if (strcmp(c->tls_pin, n->card.tls_pin) == 0)
		return hl_diag_set(d, HL_ECONFLICT, "tls_pin", "is this node's "
		    "own TLS key, not %s's", c->party);
	if (memcmp(c->pk, n->card.pk, HL_PK_LEN) == 0)
		return hl_diag_set(d, HL_ECONFLICT, "key", "is this node's own "
		    "message key, not %s's", c->party);
	if ((r = store_peer_each(n->st, find_clash, &x)) < 0)
		return hl_diag_set(d, r, NULL, "cannot read peers");
	if (x.field == NULL)
		return 0;
	if (strcmp(x.field, "tls_pin") == 0)
		return hl_diag_set(d, HL_ECONFLICT, "tls_pin", "is the TLS key "
		    "of %s, already pinned; a TLS key speaks for one party "
		    "only, so %s cannot have it", x.party, c->party);
	return hl_diag_set(d, HL_ECONFLICT, "key", "is the message key of "
	    "%s, already pinned; a key signs for one party only, so %s "
	    "cannot have it", x.party, c->party);
}

/* The first card store_peer_retired_each() gives: the latest retired. */
static int
retired_first(void *arg, const struct card *c, int64_t added)
{
	(void)added;
	*(struct card *)arg = *c;
	return 1;
}

int
node_peer_previous(struct node *n, const char *party, struct card *out)
{
	int r;

	if ((r = store_peer_get(n->st, party, out)) != HL_ENOTFOUND)
		return r;
	r = store_peer_retired_each(n->st, party, retired_first, out);
	return r == 1 ? 0 : r == 0 ? HL_ENOTFOUND : r;
}

/*
 * HL_ECONFLICT if c's party is not pinned but was, until its removal,
 * with other keys: removing a peer must not be the way round --replace.
 * A pinned party is store_peer_put()'s to judge.
 */
static int
removed_with_other_keys(struct node *n, const struct card *c)
{
	struct card was;
	int r;

	if ((r = store_peer_get(n->st, c->party, &was)) != HL_ENOTFOUND)
		return r;
	r = store_peer_retired_each(n->st, c->party, retired_first, &was);
	if (r != 1)
		return r;	/* 0: never pinned */
	return card_same_keys(&was, c) ? 0 : HL_ECONFLICT;
}

int
node_peer_add(struct node *n, const uint8_t *p, size_t len, bool replace,
    struct card *out, bool *changed, struct hl_diag *d)
{
	int r;

	int64_t now = (int64_t)time(NULL);
	struct card *old = NULL;
	char t[PROTO_TIME_LEN];
	uint64_t leaf;
	bool had;

	*changed = false;
	if ((r = card_parse(p, len, out, d)) != 0)
		return r;
	if (strcmp(out->party, n->cfg.party) == 0)
		return hl_diag_set(d, HL_EINVAL, "party", "%s is this node "
		    "itself", out->party);
	/* Made by a clock ahead by what clock_skew allows: valid now. */
	if (!card_valid_at(out, now) && !(out->not_before > now &&
	    out->not_before - now <= n->cfg.clock_skew &&
	    card_valid_at(out, out->not_before))) {
		proto_time_format(now < out->not_before ? out->not_before :
		    out->not_after, t);
		return hl_diag_set(d, HL_EEXPIRED, now < out->not_before ?
		    "not_before" : "not_after", "%s's card (serial %lld) %s %s",
		    out->party, (long long)out->serial, now < out->not_before ?
		    "is not valid before" : "expired at", t);
	}
	if ((old = malloc(sizeof(*old))) == NULL)
		return HL_ENOMEM;
	if ((r = begin_log(n, d)) != 0) {
		free(old);
		return r;
	}
	had = store_peer_get(n->st, out->party, old) == 0;
	free(old);
	/* Checked in the transaction that pins, so nothing slips between. */
	if ((r = peer_unique(n, out, d)) != 0) {
		store_rollback(n->st);
		return r;
	}
	if (!replace && (r = removed_with_other_keys(n, out)) != 0) {
		store_rollback(n->st);
		if (r == HL_ECONFLICT)
			return hl_diag_set(d, r, NULL, "%s was pinned with "
			    "other keys until it was removed; give --replace "
			    "to pin these", out->party);
		return store_diag(n->st, d, r, "cannot read the pinned cards");
	}
	r = store_peer_put(n->st, out, replace, changed);
	/* A card replaced out of band: the log says when. */
	if (r == 0 && had && *changed)
		r = tlog_record_card(&n->tlog, TLOG_PEER_CARD, out, now, &leaf);
	if (r == 0)
		r = trail_add(n, "peer-add", out->party, *changed ? NULL :
		    "unchanged", now);
	if (r == 0)
		r = commit_locked(n, now);
	if (r != 0)
		store_rollback(n->st);
	if (r == HL_ECONFLICT)
		return hl_diag_set(d, r, NULL, "a different card is pinned for "
		    "%s; give --replace to replace it", out->party);
	if (r != 0)
		return store_diag(n->st, d, r, "cannot pin the card");
	return 0;
}

int
node_peer_remove(struct node *n, const char *peer, struct card *out,
    struct hl_diag *d)
{
	struct card c;
	int r;

	if (strcmp(peer, n->cfg.party) == 0)
		return hl_diag_set(d, HL_EINVAL, NULL, "%s is this node", peer);
	if ((r = store_begin(n->st)) != 0)
		return store_diag(n->st, d, r, "cannot lock the database");
	if ((r = store_peer_get(n->st, peer, &c)) == 0 &&
	    (r = store_peer_remove(n->st, peer)) == 0 &&
	    (r = trail_add(n, "peer-remove", peer, NULL,
	    (int64_t)time(NULL))) == 0)
		r = store_commit(n->st);
	if (r != 0)
		store_rollback(n->st);
	if (r == HL_ENOTFOUND)
		return hl_diag_set(d, r, NULL, "%s: no such peer", peer);
	if (r != 0) {
		char what[HL_MAX_NAME_LEN + 16];

		(void)snprintf(what, sizeof(what), "cannot unpin %s", peer);
		return store_diag(n->st, d, r, what);
	}
	if (out != NULL)
		*out = c;
	return 0;
}

/*
 * The checks on a peer's receipt for message id that need no lock: it is
 * signed by the peer the message went to, names exactly that message and
 * is not dated ahead of this node's clock (its time starts the peer's
 * deadline: report.h). *ep gets the message's envelope, for its leaf.
 */
static int
delivered_check(struct node *n, const struct delivered_item *it,
    int64_t now, struct receipt *rc, struct envelope **ep,
    struct hl_diag *d)
{
	struct msg_row m;
	struct card peer;
	int r;

	if ((r = store_msg_get(n->st, it->id, true, &m)) != 0)
		return hl_diag_set(d, r, NULL, "no message %s", it->id);
	if (strcmp(m.dir, "out") != 0)
		r = hl_diag_set(d, HL_EINVAL, NULL, "%.16s was not sent by "
		    "this node", it->id);
	else if ((r = store_peer_get(n->st, m.peer, &peer)) != 0)
		r = hl_diag_set(d, r, NULL, "%s is not pinned", m.peer);
	else if ((r = receipt_parse(it->p, it->len, rc, d)) != 0)
		;
	else if ((r = peer_signed(&peer, now, receipt_signed, rc, d)) != 0 &&
	    r == HL_EBADSIG)
		r = hl_diag_set(d, r, "sig", "the receipt is not signed by %s",
		    m.peer);
	else if (r != 0)
		;
	else if (strcmp(rc->msg, it->id) != 0 ||
	    strcmp(rc->from, n->cfg.party) != 0 ||
	    strcmp(rc->by, m.peer) != 0 || rc->seq != m.seq)
		r = hl_diag_set(d, HL_ESCHEMA, NULL, "the receipt is for "
		    "another message (%.16s seq %lld from %s)", rc->msg,
		    (long long)rc->seq, rc->from);
	else if ((r = clock_check(n, "at", rc->at, now, d)) != 0)
		;
	else
		r = envelope_parse(m.raw, m.rawlen, ep, d);
	msg_row_done(&m);
	return r;
}

int
node_delivered_batch(struct node *n, const struct delivered_item *it,
    size_t count, int64_t now, size_t *done, size_t *again,
    struct hl_diag *d)
{
	struct envelope **e;
	struct receipt *rc;
	struct hl_diag first;
	struct buf old;
	size_t checked, i;
	uint64_t leaf;
	int r = 0, refused = 0;

	*done = 0;
	e = calloc(count > 0 ? count : 1, sizeof(*e));
	rc = calloc(count > 0 ? count : 1, sizeof(*rc));
	if (e == NULL || rc == NULL) {
		free(e);
		free(rc);
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	}
	hl_diag_clear(&first);
	buf_init(&old, HL_MAX_RECEIPT_BYTES);
	for (checked = 0; checked < count; checked++)
		if ((refused = delivered_check(n, &it[checked], now,
		    &rc[checked], &e[checked], &first)) != 0)
			break;
	if (checked == 0 || (r = begin_log(n, d)) != 0)
		goto out;
	if (again != NULL)
		*again = 0;
	for (i = 0; i < checked && r == 0; i++) {
		bool added;

		/*
		 * A receipt already kept: the same delivery seen twice, or a
		 * second receipt, given when the peer asked for the message
		 * again. That one is the peer's signed word too: kept beside
		 * the first and logged, never over it.
		 */
		old.len = 0;
		if (store_msg_get_receipt(n->st, it[i].id, &old) == 0) {
			if (old.len == it[i].len &&
			    memcmp(old.p, it[i].p, old.len) == 0)
				continue;
			if ((r = store_rereceipt_put(n->st, it[i].id, it[i].p,
			    it[i].len, now, &added)) != 0 || !added)
				continue;
			if ((r = tlog_record(&n->tlog, TLOG_REDELIVERED, &e[i]->hdr,
			    &rc[i], -1, now, &leaf)) == 0 && again != NULL)
				(*again)++;
			continue;
		}
		if ((r = store_msg_set_receipt(n->st, it[i].id, it[i].p,
		    it[i].len, MSTATE_DELIVERED)) != 0 ||
		    (r = tlog_record(&n->tlog, TLOG_DELIVERED, &e[i]->hdr,
		    &rc[i], -1,
		    now, &leaf)) != 0)
			break;
	}
	if (r == 0)
		r = commit_locked(n, now);
	if (r != 0) {
		store_rollback(n->st);
		r = store_diag(n->st, d, r, "cannot keep the receipts");
		goto out;
	}
	*done = checked;
out:
	if (r == 0 && refused != 0) {
		if (d != NULL)
			*d = first;
		r = refused;
	}
	for (i = 0; i < count; i++) {
		envelope_free(e[i]);
		receipt_done(&rc[i]);
	}
	free(e);
	free(rc);
	buf_done(&old);
	return r;
}

int
node_delivered(struct node *n, const char *id, const uint8_t *p, size_t len,
    int64_t now, struct hl_diag *d)
{
	struct delivered_item it = { id, p, len };
	size_t done;

	return node_delivered_batch(n, &it, 1, now, &done, NULL, d);
}

int
node_alarm(struct node *n, const char *kind, const char *subject,
    const char *msg, const char *detail, int64_t now)
{
	int r;

	if (store_begin(n->st) != 0)
		return HL_EDB;
	if ((r = store_alarm_raise(n->st, kind, subject, msg, detail,
	    now)) == 0 && (r = events_alarm_raised(n, kind, subject,
	    now)) == 0 && store_commit(n->st) != 0)
		r = HL_EDB;
	if (r != 0)
		store_rollback(n->st);
	return r;
}

int
node_alarm_clear(struct node *n, const char *kind, const char *subject,
    bool *cleared)
{
	bool done = false;
	int r;

	if (store_begin(n->st) != 0)
		return HL_EDB;
	/*
	 * A person's clearing is the trail's; clearing nothing is no act.
	 * The peer-back event reads the alarm before it is gone.
	 */
	if ((r = events_alarm_clearing(n, kind, subject,
	    (int64_t)time(NULL))) == 0 &&
	    (r = store_alarm_clear(n->st, kind, subject, &done)) == 0 &&
	    done)
		r = trail_add(n, "alarm-clear", subject[0] != '\0' ? subject :
		    NULL, kind, (int64_t)time(NULL));
	if (r == 0 && store_commit(n->st) != 0)
		r = HL_EDB;
	if (cleared != NULL)
		*cleared = r == 0 && done;
	if (r != 0)
		store_rollback(n->st);
	return r;
}

int
node_peer_rollback(struct node *n, const char *peer, int64_t expected,
    int64_t refused, int64_t now, struct rollback *rb, struct hl_diag *d)
{
	struct receipted rs;
	char detail[256];
	int r;

	memset(rb, 0, sizeof(*rb));
	if (expected <= 0 || expected >= refused)
		return 0;
	if ((r = store_begin(n->st)) != 0)
		return store_diag(n->st, d, r, "cannot lock the database");
	if ((r = store_receipted_since(n->st, peer, expected, &rs)) != 0 ||
	    rs.count == 0)
		goto out;
	rb->from = expected;
	rb->through = rs.last_seq;
	rb->first_leaf = rs.first_leaf;
	rb->last_leaf = rs.last_leaf;
	(void)snprintf(detail, sizeof(detail), "asked again for seq %lld, "
	    "but receipted seq %lld..%lld at its leaves %lld..%lld: its log "
	    "was rolled back or forked", (long long)expected,
	    (long long)rs.first_seq, (long long)rs.last_seq,
	    (long long)rs.first_leaf, (long long)rs.last_leaf);
	if ((r = store_alarm_raise(n->st, ALARM_ROLLBACK, peer, NULL, detail,
	    now)) == 0)
		r = events_alarm_raised(n, ALARM_ROLLBACK, peer, now);
out:
	if (r == 0)
		r = store_commit(n->st);
	if (r != 0) {
		store_rollback(n->st);
		memset(rb, 0, sizeof(*rb));
		return store_diag(n->st, d, r, "cannot record the peer's "
		    "rollback");
	}
	return 0;
}

/* The overdue requests, collected before anything is written. */
struct overdue {
	struct msg_row	*m;
	size_t		 n;
};

static int
add_overdue(void *arg, const struct msg_row *m)
{
	struct overdue *o = arg;
	struct msg_row *grown;

	if ((grown = realloc(o->m, (o->n + 1) * sizeof(*grown))) == NULL)
		return HL_ENOMEM;
	o->m = grown;
	o->m[o->n++] = *m;
	return 0;
}

struct target {
	const struct card	*of;	/* the silent peer */
	char			 party[HL_MAX_PARTY_LEN + 1];
	int			 tier;
};

/*
 * The silent peer's counterpart one tier up in its state; a state with
 * no nrrc node pinned escalates from cert straight to policy.
 */
static int
find_target(void *arg, const struct card *c, int64_t added)
{
	struct target *t = arg;

	(void)added;
	if (strcmp(c->state, t->of->state) == 0 &&
	    (int)c->tier > (int)t->of->tier &&
	    (t->party[0] == '\0' || (int)c->tier < t->tier)) {
		(void)snprintf(t->party, sizeof(t->party), "%s", c->party);
		t->tier = (int)c->tier;
	}
	return 0;
}

/*
 * Marks one request overdue and logs it, in one transaction with its
 * event: the requester is told its peer is silent.
 */
static int
mark_overdue(struct node *n, const struct msg_row *m, int64_t due,
    int64_t now)
{
	struct envelope *e = NULL;
	struct event_about a;
	struct msg_row full;
	char detail[256];
	uint64_t leaf;
	int r;

	if ((r = store_msg_get(n->st, m->id, true, &full)) != 0)
		return r;
	if ((r = envelope_parse(full.raw, full.rawlen, &e, NULL)) == 0 &&
	    (r = store_begin(n->st)) == 0) {
		about(&a, &e->hdr, m->peer);
		a.due = due;
		(void)snprintf(detail, sizeof(detail), "%s has not %s it",
		    m->peer, strcmp(m->type, "contact-check") == 0 ?
		    "acknowledged" : m->state == MSTATE_ANSWERED_INTERIM ?
		    "finally answered" : "answered");
		if ((r = store_msg_set_state(n->st, m->id,
		    MSTATE_OVERDUE)) != 0 ||
		    (r = mlog_begin(&n->log)) != 0 ||
		    (r = tlog_record(&n->tlog, TLOG_OVERDUE, &e->hdr, NULL, -1, now,
		    &leaf)) != 0 ||
		    (r = events_msg(n, "overdue", NULL, &a, detail, now)) != 0 ||
		    (r = commit_locked(n, now)) != 0)
			store_rollback(n->st);
	}
	envelope_free(e);
	msg_row_done(&full);
	return r;
}

/*
 * Queues an escalation of request m, sent by this node to a peer, to
 * that peer's counterpart one tier up, and marks m escalated, in one
 * transaction with its event. by is who asked for it (NULL: the node's
 * policy, for an overdue request; else an officer, now). *id gets the
 * escalation's id. HL_ENOTFOUND (d says) if nobody is pinned to
 * escalate to.
 */
static int
escalate(struct node *n, const struct msg_row *m, int64_t due,
    const char *by, int64_t now, char id[static 65], struct hl_diag *d)
{
	struct event_about ev;
	struct send_args a;
	struct target t;
	struct card peer;
	char duestr[PROTO_TIME_LEN], summary[512], detail[256];
	char subject[HL_MAX_PARTY_LEN + 16];
	const char *what;
	bool interim = m->state == MSTATE_ANSWERED_INTERIM;
	int r;

	memset(&t, 0, sizeof(t));
	if (store_peer_get(n->st, m->peer, &peer) == 0) {
		t.of = &peer;
		(void)store_peer_each(n->st, find_target, &t);
	}
	if (t.party[0] == '\0')
		return hl_diag_set(d, HL_ENOTFOUND, NULL, "nobody to escalate "
		    "to: no peer of %s's state one tier or more above it is "
		    "pinned", m->peer);
	if (due != 0)
		proto_time_format(due, duestr);
	else
		(void)snprintf(duestr, sizeof(duestr), "none");
	/*
	 * The escalation goes to another party than the request did, so it
	 * quotes nothing of a TLP:RED one (tlp.h): its subject is the
	 * request's content, for its named recipient only.
	 */
	what = tlp_beyond((enum tlp)proto_lookup(proto_tlp_names, m->tlp),
	    false, "", NULL) != 0 ? "subject withheld: TLP:RED" :
	    m->subject[0] != '\0' ? m->subject : "no subject";
	if (by == NULL)
		(void)snprintf(summary, sizeof(summary), "%s has not %s "
		    "request %s (%s) sent to it, due %s.", m->peer, interim ?
		    "finally answered" : "answered", m->id, what, duestr);
	else
		(void)snprintf(summary, sizeof(summary), "%s was sent request "
		    "%s (%s), due %s; escalated by %s.", m->peer, m->id, what,
		    duestr, by[0] != '\0' ? by : "an officer");
	memset(&a, 0, sizeof(a));
	a.to = t.party;
	a.type = MSG_ESCALATION;
	a.tlp = (enum tlp)proto_lookup(proto_tlp_names, m->tlp);
	a.now = now;
	(void)snprintf(subject, sizeof(subject), "unanswered by %s", m->peer);
	a.subject = subject;
	a.refs = json_pack("[s]", m->id);
	/* An officer may escalate before the due time: then it is "other". */
	a.body = json_pack("{s:s, s:s}", "reason", by == NULL ||
	    m->state == MSTATE_OVERDUE ? "overdue" : "other", "summary",
	    summary);
	/* The escalation and the state that says it went: together. */
	if (a.refs == NULL || a.body == NULL)
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	else if ((r = store_begin(n->st)) != 0)
		r = store_diag(n->st, d, r, "cannot lock the database");
	else if ((r = queue_locked(n, &a, id, d)) != 0)
		store_rollback(n->st);
	else {
		memset(&ev, 0, sizeof(ev));
		ev.peer = t.party;
		ev.msg = id;
		ev.type = MSG_ESCALATION;
		ev.tier = n->cfg.tier;
		ev.tlp = a.tlp;
		ev.subject = subject;
		ev.due = due;
		(void)snprintf(detail, sizeof(detail), "request %.64s to %s "
		    "escalated to %s", m->id, m->peer, t.party);
		/* An officer's is the trail's too (the daemon's is not). */
		if ((r = store_msg_set_state(n->st, m->id,
		    MSTATE_ESCALATED)) != 0 ||
		    (r = events_msg(n, "escalation", NULL, &ev, detail,
		    now)) != 0 || (r = trail_send(n, &a, id)) != 0 ||
		    (r = commit_locked(n, now)) != 0) {
			store_rollback(n->st);
			r = store_diag(n->st, d, r, "cannot escalate the "
			    "request");
		} else
			node_wake(n);
	}
	json_decref(a.refs);
	json_decref(a.body);
	return r;
}

int
node_deadlines(struct node *n, int64_t now, struct deadline_result *res,
    struct hl_diag *d)
{
	struct overdue o = { NULL, 0 };
	int r;

	memset(res, 0, sizeof(*res));
	int64_t soonest = n->cfg.final_response;

	/* The shortest final deadline of any tier finds every candidate. */
	for (int t = 0; t < TIER_COUNT; t++)
		if (config_final_response(&n->cfg, t) < soonest)
			soonest = config_final_response(&n->cfg, t);
	if ((r = store_overdue_each(n->st, now, soonest, add_overdue,
	    &o)) != 0 ||
	    (r = store_checks_due_each(n->st, now, add_overdue, &o)) != 0) {
		free(o.m);
		return hl_diag_set(d, r, NULL, "cannot read the outbox");
	}
	for (size_t i = 0; i < o.n && r == 0; i++) {
		struct msg_row m = o.m[i];
		struct card peer;

		/* A contact check unacknowledged: overdue, no escalation. */
		if (strcmp(m.type, "contact-check") == 0) {
			int64_t due = report_due(m.created, m.deadline,
			    node_msg_receipt_at(n, m.id));

			if (due > now)
				continue;
			if ((r = mark_overdue(n, &m, due, now)) != 0)
				(void)hl_diag_set(d, r, NULL, "cannot mark "
				    "%.16s overdue", m.id);
			else
				res->overdue++;
			continue;
		}
		char id[65];
		bool interim = m.state == MSTATE_ANSWERED_INTERIM;
		bool pinned = store_peer_get(n->st, m.peer, &peer) == 0;
		int64_t final = config_final_response(&n->cfg, pinned ?
		    (int)peer.tier : -1);
		int64_t got = node_msg_receipt_at(n, m.id), due;

		/*
		 * Found by the signed deadline (or the shortest final one),
		 * the earliest it can be due; the peer's time starts at its
		 * receipt, as in the reports both sides make (report_due()).
		 */
		due = interim ? report_start(m.created, got) + final :
		    report_due(m.created, m.deadline, got);
		if (due > now)
			continue;
		if ((r = mark_overdue(n, &m, due, now)) != 0) {
			(void)hl_diag_set(d, r, NULL, "cannot mark %.16s overdue",
			    m.id);
			break;
		}
		res->overdue++;
		if (!n->cfg.escalate)
			continue;
		/* Its summary still says whether it was answered at all. */
		if ((r = escalate(n, &m, due, NULL, now, id, NULL)) == 0)
			res->escalated++;
		else if (r == HL_ENOTFOUND) {
			res->stranded++;
			r = 0;
		} else
			(void)hl_diag_set(d, r, NULL, "cannot escalate %.16s",
			    m.id);
	}
	free(o.m);
	return r;
}

int
node_escalate(struct node *n, const char *idprefix, int64_t now,
    char id[static 65], struct hl_diag *d)
{
	struct msg_row m;
	const char *due_is;
	int64_t due;
	int r;

	memset(&m, 0, sizeof(m));
	if ((r = find_request(n, idprefix, "out", &m, d)) != 0)
		goto out;
	if (m.state == MSTATE_ANSWERED_FINAL || m.state == MSTATE_WITHDRAWN ||
	    m.state == MSTATE_ESCALATED)
		r = hl_diag_set(d, HL_ECONFLICT, NULL, "%.12s is already %s",
		    m.id, proto_state_names[m.state]);
	else if ((r = node_msg_due(n, &m, &due, &due_is)) == 0 &&
	    (r = escalate(n, &m, due, n->actor.name, now, id, d)) ==
	    HL_ENOTFOUND)
		r = HL_ECONFLICT;	/* the message was found; d says who not */
out:
	msg_row_done(&m);
	return r;
}

/*
 * The retired list of the card after c: c's own, then the old message
 * key (if message) retired as why says, then the old TLS pin (if tls)
 * rotated; the oldest dropped beyond CARD_MAX_RETIRED.
 */
static size_t
next_retired(const struct card *c, const struct rotate_args *a,
    int64_t grace_end, struct card_retired *out)
{
	struct card_retired all[CARD_MAX_RETIRED + 2];
	size_t n = 0, skip;

	memcpy(all, c->retired, c->nretired * sizeof(all[0]));
	n = c->nretired;
	if (a->message) {
		memset(&all[n], 0, sizeof(all[n]));
		(void)snprintf(all[n].vkey, sizeof(all[n].vkey), "%s", c->vkey);
		memcpy(all[n].pk, c->pk, HL_PK_LEN);
		all[n].why = a->why;
		all[n].until = a->why == CARD_ROTATED ? grace_end : a->since;
		n++;
	}
	if (a->tls) {
		memset(&all[n], 0, sizeof(all[n]));
		all[n].is_tls = true;
		(void)snprintf(all[n].tls_pin, sizeof(all[n].tls_pin), "%s",
		    c->tls_pin);
		all[n].why = CARD_ROTATED;
		all[n].until = grace_end;
		n++;
	}
	skip = n > CARD_MAX_RETIRED ? n - CARD_MAX_RETIRED : 0;
	memcpy(out, all + skip, (n - skip) * sizeof(all[0]));
	return n - skip;
}

/* What the notice says, for the person who reads it. */
static void
rotation_summary(const struct node *n, const struct rotate_args *a,
    const struct card *c, char *out, size_t len)
{
	char t[PROTO_TIME_LEN], since[PROTO_TIME_LEN];

	proto_time_format(c->not_after, t);
	proto_time_format(a->since, since);
	if (a->why != CARD_ROTATED)
		(void)snprintf(out, len, "%s revokes its message key (%s, "
		    "from %s): card serial %lld names its new one, valid "
		    "until %s", n->cfg.party, card_why_names[a->why], since,
		    (long long)c->serial, t);
	else
		(void)snprintf(out, len, "%s's card serial %lld: %s, valid "
		    "until %s", n->cfg.party, (long long)c->serial,
		    a->message && a->tls ? "a new message key and TLS key" :
		    a->message ? "a new message key" : a->tls ?
		    "a new TLS key" : "renewed, the same keys", t);
}

/*
 * In one transaction: the new own card, its leaf, a notice to each
 * pinned peer signed with the old key (n->key still), the trail's row.
 */
static int
rotate_locked(struct node *n, const struct rotate_args *a,
    const struct card *c, struct hl_diag *d)
{
	struct peer_list pl = { NULL, 0 };
	char summary[HL_MAX_SUMMARY_LEN], id[65], detail[160];
	json_t *card = NULL, *body = NULL;
	uint64_t leaf;
	int r;

	if ((r = begin_log(n, d)) != 0)
		return r;
	if ((r = store_own_card_put(n->st, c, a->now)) != 0) {
		(void)store_diag(n->st, d, r, r == HL_ECONFLICT ?
		    "a card of this serial is kept already" :
		    "cannot keep the new card");
		goto out;
	}
	if ((r = tlog_record_card(&n->tlog, TLOG_CARD, c, a->now,
	    &leaf)) != 0) {
		(void)store_diag(n->st, d, r, "cannot log the new card");
		goto out;
	}
	if ((r = store_peer_list(n->st, &pl)) != 0) {
		(void)store_diag(n->st, d, r, "cannot read the pinned cards");
		goto out;
	}
	rotation_summary(n, a, c, summary, sizeof(summary));
	if ((card = json_loadb((const char *)c->raw, c->rawlen, 0,
	    NULL)) == NULL || (body = json_pack("{s:s, s:s, s:O}", "kind",
	    a->why != CARD_ROTATED ? "key-revocation" : "key-rotation",
	    "summary", summary, "card", card)) == NULL) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < pl.n; i++) {
		struct send_args sa = {
			.to = pl.c[i].party, .type = MSG_NOTICE,
			.tlp = TLP_CLEAR, .body = body, .now = a->now,
		};

		if ((r = queue_locked(n, &sa, id, d)) != 0)
			goto out;
	}
	(void)snprintf(detail, sizeof(detail), "serial %lld%s%s, %zu "
	    "notice%s", (long long)c->serial, a->message ? ", message key" :
	    "", a->tls ? ", tls key" : "", pl.n, pl.n == 1 ? "" : "s");
	if ((r = trail_add(n, a->why != CARD_ROTATED ? "key-revoke" :
	    "key-rotate", c->vkey, detail, a->now)) != 0) {
		(void)store_diag(n->st, d, r, "cannot write the audit trail");
		goto out;
	}
	if ((r = commit_locked(n, a->now)) != 0)
		(void)store_diag(n->st, d, r, "cannot commit the new card");
out:
	if (r != 0)
		store_rollback(n->st);
	json_decref(body);
	json_decref(card);
	free(pl.c);
	return r;
}

/* Removes a file of n's directory, if it is there. */
static void
unlink_in(const struct node *n, const char *name)
{
	char p[4200];

	if (path_in(n->dir, name, p, sizeof(p)) == 0)
		(void)unlink(p);
}

int
node_key_rotate(struct node *n, const struct rotate_args *a,
    struct card *out, struct hl_diag *d)
{
	char keyname[HL_MAX_NAME_LEN], p[4200], pin[TLS_PIN_LEN];
	struct card_retired retired[CARD_MAX_RETIRED];
	struct sig_key *nk = NULL;
	struct card *c = NULL;
	int64_t valid = a->valid > 0 ? a->valid : n->cfg.card_validity;
	bool wrote_key = false, wrote_tls = false;
	int r;

	if (n->card.v < 2)
		return hl_diag_set(d, HL_EINVAL, NULL, "this node's card is "
		    "version 1, made before identity keys: it cannot be "
		    "rotated; re-initialise, or pin a new card out of band "
		    "(peer add --replace)");
	if (a->identity == NULL || memcmp(sig_key_pk(a->identity),
	    n->card.id_pk, HL_PK_LEN) != 0)
		return hl_diag_set(d, HL_EINVAL, NULL, "not the identity key "
		    "of this node's card (serial %lld names %s)",
		    (long long)n->card.serial, n->card.identity);
	if ((unsigned)a->why >= CARD_WHY_COUNT ||
	    (a->why != CARD_ROTATED && !a->message))
		return hl_diag_set(d, HL_EINVAL, NULL, "a revocation makes a "
		    "new message key");
	if (a->why != CARD_ROTATED && a->since > a->now)
		return hl_diag_set(d, HL_EINVAL, "since", "is after now");
	if (a->grace < 0 || valid <= 0 || a->now <= 0)
		return hl_diag_set(d, HL_EINVAL, NULL, "a grace, validity or "
		    "time out of range");
	if ((c = malloc(sizeof(*c))) == NULL)
		return HL_ENOMEM;
	/* Leftovers of a rotation that never committed. */
	unlink_in(n, NODE_TLSKEYNEW);
	unlink_in(n, NODE_TLSCRTNEW);
	(void)snprintf(pin, sizeof(pin), "%s", n->card.tls_pin);
	if (a->message) {
		unlink_in(n, NODE_MSGKEYNEW);
		(void)path_in(n->dir, NODE_MSGKEYNEW, p, sizeof(p));
		if ((r = card_key_name(n->cfg.party, keyname,
		    sizeof(keyname))) != 0 ||
		    (r = sig_key_generate(keyname, &nk)) != 0 ||
		    (r = sig_key_save(nk, p)) != 0) {
			(void)hl_diag_set(d, r, p, "cannot make the new message "
			    "key: %s", hl_strerror(r));
			goto out;
		}
		wrote_key = true;
	}
	if (a->tls) {
		char kp[4200], cp[4200];

		(void)path_in(n->dir, NODE_TLSKEYNEW, kp, sizeof(kp));
		(void)path_in(n->dir, NODE_TLSCRTNEW, cp, sizeof(cp));
		wrote_tls = true;
		if ((r = tls_make_identity_valid(n->cfg.party, kp, cp, a->now,
		    a->now + valid, pin, d)) != 0)
			goto out;
	}
	{
		struct card_draft dr = {
			.party = n->cfg.party, .state = n->cfg.state,
			.endpoint = n->cfg.endpoint, .tier = n->cfg.tier,
			.msg_key = nk != NULL ? nk : n->key, .tls_pin = pin,
			.serial = n->card.serial + 1, .not_before = a->now,
			.not_after = a->now + valid, .retired = retired,
		};

		dr.nretired = next_retired(&n->card, a, a->now + a->grace,
		    retired);
		if ((r = card_make2(&dr, a->identity, c, d)) != 0)
			goto out;
	}
	if ((r = rotate_locked(n, a, c, d)) != 0)
		goto out;
	/*
	 * Committed: the card names the new keys, so they go in place now
	 * (node_open() finishes this if it is cut short). The old TLS key
	 * is kept for its grace: the daemon presents it until then.
	 */
	wrote_key = wrote_tls = false;
	if (nk != NULL && (r = rename_in(n, NODE_MSGKEYNEW, NODE_MSGKEY,
	    d)) != 0)
		goto out;
	if (a->tls && ((r = rename_in(n, NODE_TLSKEY, NODE_TLSPREVKEY,
	    d)) != 0 || (r = rename_in(n, NODE_TLSCRT, NODE_TLSPREVCRT,
	    d)) != 0 || (r = rename_in(n, NODE_TLSKEYNEW, NODE_TLSKEY,
	    d)) != 0 || (r = rename_in(n, NODE_TLSCRTNEW, NODE_TLSCRT,
	    d)) != 0))
		goto out;
	n->card = *c;
	if (nk != NULL) {
		sig_key_free(n->key);
		n->key = nk;
		n->tlog.key = nk;
		nk = NULL;
	}
	if (out != NULL)
		*out = *c;
	if (node_reload_daemon(n) != 0)
		r = hl_diag_set(d, HL_EIO, NULL, "the new card is made, but "
		    "the running daemon could not be told: restart it");
out:
	if (wrote_key)
		unlink_in(n, NODE_MSGKEYNEW);
	if (wrote_tls) {
		unlink_in(n, NODE_TLSKEYNEW);
		unlink_in(n, NODE_TLSCRTNEW);
	}
	sig_key_free(nk);
	free(c);
	return r;
}

/*
 * The daemon's lock (hotline serve, cmd_serve.c): DIR/serve.lock holds
 * its PID as text and is flock()ed while it runs. A command asking
 * whether a daemon runs holds the lock for an instant too, so a lock
 * taken on each of a few tries is a daemon's, not a passer-by's, and
 * only then is the PID in the file one to signal.
 */
int
node_reload_daemon(const struct node *n)
{
	struct timespec pause = { 0, 20 * 1000000L };
	char path[4200], text[32];
	int64_t pid;
	ssize_t k;
	int fd, tries = 0, r = HL_EIO;

	(void)path_in(n->dir, NODE_LOCK, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : HL_EIO;
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK)
			goto out;
		if (++tries >= 10)
			break;
		(void)nanosleep(&pause, NULL);
	}
	if (tries < 10) {	/* taken: no daemon runs */
		r = 0;
		goto out;
	}
	if ((k = pread(fd, text, sizeof(text) - 1, 0)) <= 0)
		goto out;
	text[k] = '\0';
	if (text[strspn(text, "0123456789")] != '\n')
		goto out;
	text[strspn(text, "0123456789")] = '\0';
	if (!proto_int_parse(text, 2, INT32_MAX, &pid) ||
	    kill((pid_t)pid, SIGHUP) != 0)
		goto out;
	r = 0;
out:
	(void)close(fd);	/* and with it a lock it took */
	return r;
}
