/*
 * Notifications. See notify.h. One thread, its own database connection,
 * and nothing shared with delivery but the file: a notifier that hangs,
 * fails or floods its output costs this thread its time and no other.
 * Each sink's progress is kept in the database (events_handled()), after
 * the sink succeeded or was given up on, so a crash sends an event again
 * (at least once) and a restart sends none twice.
 */
#define _GNU_SOURCE	/* pipe2 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "esc.h"
#include "events.h"
#include "limits.h"
#include "log.h"
#include "notify.h"
#include "proto.h"
#include "signer.h"

extern char **environ;

struct notify {
	struct node	*n;		/* this thread's own, owned */
	pthread_t	 thread;
	int		 wake[2];	/* a byte in it: look now, or stop */
	atomic_bool	 stop;
	int64_t		 logged_ms;	/* a POST last logged new events */
};

/* What a notifier made of one event. */
enum outcome {
	SENT,		/* done: the sink moves past it */
	FAILED,		/* tried, and may be tried again */
	STOPPED		/* the daemon stops: not done, sent at next start */
};

/* The sinks, in the order each event goes through them. */
enum sink { SINK_LOG, SINK_EXEC, SINK_WEBHOOK };
static const char *const sink_names[] = { "log", "exec", "webhook" };

static int drain_sink(struct notify *, enum sink, int);

/*
 * The log line of each new event, while a program or a POST takes its
 * time: the journal is never behind a notifier, only the notifiers
 * after it are.
 */
static void
keep_logging(struct notify *nt)
{
	(void)drain_sink(nt, SINK_LOG, 1 << 30);
}

/* Empties the wake pipe: its bytes say only "look". */
static void
drain_wake(struct notify *nt)
{
	char b[64];

	while (read(nt->wake[0], b, sizeof(b)) > 0)
		;
}

/* Waits ms, or less if woken; true if the daemon stops. */
static bool
nap(struct notify *nt, int ms)
{
	struct pollfd p = { .fd = nt->wake[0], .events = POLLIN };

	if (!atomic_load(&nt->stop) && poll(&p, 1, ms) > 0)
		drain_wake(nt);
	return atomic_load(&nt->stop);
}

/* Waits ms between two tries, logging what comes meanwhile. */
static bool
backoff(struct notify *nt, int ms)
{
	int64_t end = proto_mono_ms() + ms, left;

	while ((left = end - proto_mono_ms()) > 0) {
		if (nap(nt, left < 1000 ? (int)left : 1000))
			return true;
		keep_logging(nt);
	}
	return atomic_load(&nt->stop);
}

/* A string member of the event's JSON, escaped for a log line. */
static void
member(json_t *o, const char *key, char *out, size_t n)
{
	const char *v = json_string_value(json_object_get(o, key));

	if (v == NULL)
		v = "-";
	(void)esc_bytes(out, n, v, strlen(v), NULL);
}

/*
 * The journal's line: every event once, whatever the other sinks do,
 * and the one every failure of theirs is reported beside.
 */
static enum outcome
to_log(const struct event *ev)
{
	char msg[65], peer[HL_MAX_PARTY_LEN * 4 + 1], detail[1024];
	json_t *o = json_loads(ev->body, 0, NULL);

	member(o, "msg", msg, sizeof(msg));
	member(o, "peer", peer, sizeof(peer));
	member(o, "detail", detail, sizeof(detail));
	log_info("event kind=%s id=%" PRId64 " msg=%.12s peer=%s detail=\"%s\"",
	    ev->kind, ev->id, msg, peer, detail);
	json_decref(o);
	return SENT;
}

/* What a notifier wrote back, kept for the log and escaped there. */
struct output {
	char	 b[HL_NOTIFY_MAX_OUTPUT];
	size_t	 len;
};

static void
output_add(struct output *o, const char *p, size_t n)
{
	if (n > sizeof(o->b) - o->len)
		n = sizeof(o->b) - o->len;	/* the rest is dropped */
	memcpy(o->b + o->len, p, n);
	o->len += n;
}

/*
 * The environment for the program: the daemon's, and the event's two
 * (made by the caller, borrowed here). The caller frees the array only.
 */
static char **
exec_env(char *kind, char *party)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	if ((env = calloc(n + 3, sizeof(*env))) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "HOTLINE_EVENT=", 14) != 0 &&
		    strncmp(environ[i], "HOTLINE_NODE=", 13) != 0)
			env[k++] = environ[i];
	env[k++] = kind;
	env[k] = party;
	return env;
}

/*
 * Starts path in a process group of its own (so that it and whatever it
 * starts are killed together), its standard input the read end of in,
 * its output and errors the write end of out. Signals as a new program
 * expects them: none blocked (the daemon's threads block SIGTERM), and
 * SIGPIPE not ignored.
 */
static int
spawn(const char *path, char **env, int in, int out, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dflt;
	char *argv[] = { (char *)path, NULL };
	int r;

	(void)sigemptyset(&none);
	(void)sigemptyset(&dflt);
	(void)sigaddset(&dflt, SIGPIPE);
	(void)sigaddset(&dflt, SIGTERM);
	(void)sigaddset(&dflt, SIGINT);
	if (posix_spawn_file_actions_init(&fa) != 0)
		return ENOMEM;
	if (posix_spawnattr_init(&at) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return ENOMEM;
	}
	(void)posix_spawn_file_actions_adddup2(&fa, in, 0);
	(void)posix_spawn_file_actions_adddup2(&fa, out, 1);
	(void)posix_spawn_file_actions_adddup2(&fa, out, 2);
	(void)posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	(void)posix_spawnattr_setpgroup(&at, 0);
	(void)posix_spawnattr_setsigmask(&at, &none);
	(void)posix_spawnattr_setsigdefault(&at, &dflt);
	r = posix_spawn(pid, path, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return r;
}

/*
 * Runs notify_exec with the event on its standard input, for at most
 * notify_timeout: exit status 0 is SENT. why gets what went wrong
 * otherwise, out what it wrote.
 */
static enum outcome
run_exec(struct notify *nt, const struct event *ev, struct output *out,
    char *why, size_t whyn)
{
	const struct config *c = &nt->n->cfg;
	size_t len = strlen(ev->body), sent = 0;
	int in[2] = { -1, -1 }, op[2] = { -1, -1 }, status = 0, r;
	int64_t end = proto_mono_ms() + c->notify_timeout * 1000;
	enum outcome res = FAILED;
	bool exited = false;
	char kind[sizeof("HOTLINE_EVENT=") + sizeof(ev->kind)];
	char party[sizeof("HOTLINE_NODE=") + sizeof(c->party)];
	char **env;
	pid_t pid;

	out->len = 0;
	(void)snprintf(kind, sizeof(kind), "HOTLINE_EVENT=%s", ev->kind);
	(void)snprintf(party, sizeof(party), "HOTLINE_NODE=%s", c->party);
	if ((env = exec_env(kind, party)) == NULL) {
		(void)snprintf(why, whyn, "out of memory");
		return FAILED;
	}
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(op, O_CLOEXEC) != 0) {
		(void)snprintf(why, whyn, "pipe: %s", strerror(errno));
		goto out;
	}
	if ((r = spawn(c->notify_exec, env, in[0], op[1], &pid)) != 0) {
		(void)snprintf(why, whyn, "cannot run %.128s: %s", c->notify_exec,
		    strerror(r));
		goto out;
	}
	(void)close(in[0]);
	(void)close(op[1]);
	in[0] = op[1] = -1;
	(void)fcntl(in[1], F_SETFL, O_NONBLOCK);
	(void)fcntl(op[0], F_SETFL, O_NONBLOCK);
	/*
	 * Until it exits and its output ends (or only it exits: a process
	 * it left behind may hold the pipe), the time is up, or the daemon
	 * stops.
	 */
	for (;;) {
		struct pollfd p[3];
		int64_t left = end - proto_mono_ms();
		nfds_t np = 0;
		char b[4096];
		ssize_t k;

		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = true;
		if (exited) {
			/* What it wrote before it exited, then done. */
			while (op[0] >= 0 && (k = read(op[0], b,
			    sizeof(b))) > 0)
				output_add(out, b, (size_t)k);
			break;
		}
		if (atomic_load(&nt->stop)) {
			res = STOPPED;
			(void)snprintf(why, whyn, "the daemon stops");
			break;
		}
		if (left <= 0) {
			(void)snprintf(why, whyn, "no exit after notify_timeout "
			    "(%" PRId64 " s): killed", c->notify_timeout);
			break;
		}
		p[np++] = (struct pollfd){ .fd = nt->wake[0], .events = POLLIN };
		if (op[0] >= 0)
			p[np++] = (struct pollfd){ .fd = op[0], .events = POLLIN };
		if (in[1] >= 0)
			p[np++] = (struct pollfd){ .fd = in[1], .events = POLLOUT };
		/* Short naps: an exit with the pipe held open wakes nothing. */
		(void)poll(p, np, left < 100 ? (int)left : 100);
		if (p[0].revents & POLLIN) {
			drain_wake(nt);
			keep_logging(nt);
		}
		if (op[0] >= 0) {
			while ((k = read(op[0], b, sizeof(b))) > 0)
				output_add(out, b, (size_t)k);
			if (k == 0) {
				(void)close(op[0]);
				op[0] = -1;
			}
		}
		if (in[1] >= 0) {
			k = write(in[1], ev->body + sent, len - sent);
			if (k > 0)
				sent += (size_t)k;
			/* All of it, or it closed its input: it has had it. */
			if (sent == len || (k < 0 && errno != EAGAIN &&
			    errno != EINTR)) {
				(void)close(in[1]);
				in[1] = -1;
			}
		}
	}
	if (!exited) {
		(void)kill(-pid, SIGKILL);
		(void)waitpid(pid, &status, 0);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		res = SENT;
	else if (WIFEXITED(status))
		(void)snprintf(why, whyn, "exited %d", WEXITSTATUS(status));
	else
		(void)snprintf(why, whyn, "killed by signal %d",
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			(void)close(in[i]);
		if (op[i] >= 0)
			(void)close(op[i]);
	}
	free(env);
	return res;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	output_add(arg, p, size * nmemb);
	return size * nmemb;
}

/* Ends a POST when the daemon stops; logs new events meanwhile. */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	struct notify *nt = arg;
	int64_t now = proto_mono_ms();

	(void)dt; (void)dn; (void)ut; (void)un;
	if (now - nt->logged_ms >= 1000) {
		nt->logged_ms = now;
		keep_logging(nt);
	}
	return atomic_load(&nt->stop) ? 1 : 0;
}

/*
 * POSTs the event to notify_webhook: a 2xx answer within notify_timeout
 * is SENT. A redirect is not followed (it is a failure, as the URL
 * configured is where events go); https is checked against the system's
 * CAs, as curl does by default.
 */
static enum outcome
run_webhook(struct notify *nt, const struct event *ev, struct output *out,
    char *why, size_t whyn)
{
	const struct config *c = &nt->n->cfg;
	struct curl_slist *hdr = NULL, *h2;
	char kind[64];
	enum outcome res = FAILED;
	CURLcode cr;
	CURL *curl;
	long code = 0;

	out->len = 0;
	(void)snprintf(kind, sizeof(kind), "X-Hotline-Event: %s", ev->kind);
	if ((curl = curl_easy_init()) == NULL ||
	    (hdr = curl_slist_append(NULL, "Content-Type: application/json")) ==
	    NULL || (h2 = curl_slist_append(hdr, kind)) == NULL) {
		(void)snprintf(why, whyn, "out of memory");
		goto out;
	}
	hdr = h2;
	(void)curl_easy_setopt(curl, CURLOPT_URL, c->notify_webhook);
	(void)curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
	(void)curl_easy_setopt(curl, CURLOPT_POSTFIELDS, ev->body);
	(void)curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
	    (long)strlen(ev->body));
	(void)curl_easy_setopt(curl, CURLOPT_USERAGENT, "hotline");
	(void)curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
	    (long)(c->notify_timeout * 1000));
	(void)curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	(void)curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	(void)curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	(void)curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
	(void)curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	(void)curl_easy_setopt(curl, CURLOPT_XFERINFODATA, nt);
	(void)curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	if ((cr = curl_easy_perform(curl)) == CURLE_ABORTED_BY_CALLBACK) {
		res = STOPPED;
		(void)snprintf(why, whyn, "the daemon stops");
	} else if (cr != CURLE_OK)
		(void)snprintf(why, whyn, "%s", curl_easy_strerror(cr));
	else if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code) ==
	    CURLE_OK && code >= 200 && code <= 299)
		res = SENT;
	else
		(void)snprintf(why, whyn, "HTTP status %ld", code);
out:
	curl_slist_free_all(hdr);
	curl_easy_cleanup(curl);
	return res;
}

/*
 * Hands one event to sink: tried HL_WEBHOOK_TRIES times, 1, 2, 4 and 8
 * s apart, each failure logged with what the notifier said, then given
 * up with a log line, so that no event is dropped without the journal
 * saying so. SENT also for one given up on: the sink moves past it.
 */
static enum outcome
hand_over(struct notify *nt, enum sink sink, const struct event *ev)
{
	static struct output out;	/* this thread's alone */
	char why[256], said[4 * HL_NOTIFY_MAX_OUTPUT + 1];
	enum outcome res = FAILED;

	if (sink == SINK_LOG)
		return to_log(ev);
	for (int t = 1; t <= HL_WEBHOOK_TRIES; t++) {
		why[0] = '\0';
		res = sink == SINK_EXEC ? run_exec(nt, ev, &out, why,
		    sizeof(why)) : run_webhook(nt, ev, &out, why, sizeof(why));
		(void)esc_bytes(said, sizeof(said), out.b, out.len, NULL);
		if (res == SENT) {
			log_debug("notify_%s event id=%" PRId64 " sent "
			    "output=\"%s\"", sink_names[sink], ev->id, said);
			return SENT;
		}
		if (res == STOPPED)
			return STOPPED;
		log_warnx("notify_%s event id=%" PRId64 " kind=%s try=%d/%d "
		    "failed: %s output=\"%s\"", sink_names[sink], ev->id,
		    ev->kind, t, HL_WEBHOOK_TRIES, why, said);
		if (t < HL_WEBHOOK_TRIES && backoff(nt, 1000 << (t - 1)))
			return STOPPED;
	}
	log_warnx("notify_%s event id=%" PRId64 " kind=%s given up after %d "
	    "tries", sink_names[sink], ev->id, ev->kind, HL_WEBHOOK_TRIES);
	return SENT;
}

/*
 * Hands sink the events it has not had, oldest first, at most max of
 * them; how many it handed over.
 */
static int
drain_sink(struct notify *nt, enum sink sink, int max)
{
	struct event ev;
	int r, done = 0;

	while (done < max && !atomic_load(&nt->stop)) {
		if ((r = events_next(nt->n, sink_names[sink], &ev)) != 0) {
			if (r != HL_ENOTFOUND)
				log_warnx("notify: cannot read events: %s",
				    hl_strerror(r));
			break;
		}
		if (hand_over(nt, sink, &ev) == STOPPED) {
			event_done(&ev);
			break;
		}
		r = events_handled(nt->n, sink_names[sink], ev.id);
		event_done(&ev);
		if (r != 0) {
			/* Sent again when the database takes it: at least once. */
			log_warnx("notify: cannot record event id=%" PRId64
			    " handled: %s", ev.id, hl_strerror(r));
			break;
		}
		done++;
	}
	return done;
}

static void *
notify_main(void *arg)
{
	struct notify *nt = arg;
	const struct config *c = &nt->n->cfg;
	int busy;

	/*
	 * The log line of every new event first, then one event for each
	 * program or URL: one that takes its notify_timeout, or fails and
	 * is tried again, leaves the journal behind by that one event only.
	 */
	do {
		do {
			busy = 0;
			(void)drain_sink(nt, SINK_LOG, 1 << 30);
			if (c->notify_exec[0] != '\0')
				busy += drain_sink(nt, SINK_EXEC, 1);
			if (c->notify_webhook[0] != '\0')
				busy += drain_sink(nt, SINK_WEBHOOK, 1);
		} while (busy > 0 && !atomic_load(&nt->stop));
	} while (!nap(nt, 1000));
	return NULL;
}

int
notify_start(const char *dir, struct notify **out, struct hl_diag *d)
{
	struct notify *nt;
	int r;

	*out = NULL;
	if ((nt = calloc(1, sizeof(*nt))) == NULL)
		return hl_diag_set(d, HL_ENOMEM, NULL, "out of memory");
	nt->wake[0] = nt->wake[1] = -1;
	atomic_init(&nt->stop, false);
	if ((r = signer_node_open(dir, &nt->n, d)) != 0)
		goto fail;
	if (pipe2(nt->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		r = hl_diag_set(d, HL_EIO, NULL, "notify: pipe: %s",
		    strerror(errno));
		goto fail;
	}
	if ((r = pthread_create(&nt->thread, NULL, notify_main, nt)) != 0) {
		r = hl_diag_set(d, HL_ENOMEM, NULL, "notify: cannot start a "
		    "thread: %s", strerror(r));
		goto fail;
	}
	*out = nt;
	return 0;
fail:
	node_close(nt->n);
	for (int i = 0; i < 2; i++)
		if (nt->wake[i] >= 0)
			(void)close(nt->wake[i]);
	free(nt);
	return r;
}

void
notify_wake(struct notify *nt)
{
	if (nt != NULL)
		(void)!write(nt->wake[1], "", 1);
}

void
notify_stop(struct notify *nt)
{
	if (nt == NULL)
		return;
	atomic_store(&nt->stop, true);
	notify_wake(nt);
	(void)pthread_join(nt->thread, NULL);
	node_close(nt->n);
	(void)close(nt->wake[0]);
	(void)close(nt->wake[1]);
	free(nt);
}
