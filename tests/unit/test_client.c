/*
 * The daemon's two ends, for their error contract: http_start() and
 * client_post() return 0 or an HL_E* code and say why in a struct
 * hl_diag, and a peer's answer (whatever its status) is never an error.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"
#include "hl.h"
#include "http.h"
#include "log.h"
#include "node.h"
#include "tutil.h"

/* A TCP socket bound to a loopback port of the kernel's choosing. */
static int
bound(int *port, bool listening)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	if (listening)
		assert_int_equal(listen(fd, 4), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* A node in tmp/party that listens on (and is reached at) port. */
static void
make_node(const char *tmp, const char *party, int port, char *dir,
    size_t n)
{
	struct config cfg;
	struct hl_diag d;

	config_defaults(&cfg);
	(void)snprintf(cfg.party, sizeof(cfg.party), "%s", party);
	memcpy(cfg.state, "AA", 3);
	(void)snprintf(cfg.listen, sizeof(cfg.listen), "127.0.0.1:%d", port);
	(void)snprintf(cfg.endpoint, sizeof(cfg.endpoint),
	    "https://127.0.0.1:%d", port);
	(void)snprintf(dir, n, "%s/%s", tmp, party);
	hl_diag_clear(&d);
	if (node_init(dir, &cfg, &d) != 0)
		fail_msg("init %s: %s", party, d.msg);
}

static void
test_http_start(void **state)
{
	char *tmp = tu_tmpdir(), dir[512], want[160];
	struct http *h = (struct http *)&h;
	struct hl_diag d;
	int fd, port;

	(void)state;
	/* No node: the node's own error, its text in the one message. */
	(void)snprintf(dir, sizeof(dir), "%s/none", tmp);
	hl_diag_clear(&d);
	assert_int_equal(http_start(dir, &h, &d), HL_ENOTFOUND);
	assert_null(h);
	assert_true(d.msg[0] != '\0');
	assert_string_equal(d.path, "");
	/* The port taken: the system's words for it. */
	fd = bound(&port, true);
	make_node(tmp, "cert.aa", port, dir, sizeof(dir));
	hl_diag_clear(&d);
	assert_int_equal(http_start(dir, &h, &d), HL_EIO);
	assert_null(h);
	(void)snprintf(want, sizeof(want), "cannot listen on 127.0.0.1:%d: "
	    "Address already in use", port);
	assert_string_equal(d.msg, want);
	/* No diag is fine too. */
	assert_int_equal(http_start(dir, &h, NULL), HL_EIO);
	(void)close(fd);
	tu_rmrf(tmp);
	free(tmp);
}

static void
test_client_post(void **state)
{
	char *tmp = tu_tmpdir(), aa[512], bb[512];
	struct node *na = NULL;
	struct http *h = NULL;
	struct client_id id;
	struct hl_diag d;
	struct card peer;
	struct buf out;
	CURL *curl = NULL;
	long status = -1;
	int fd, port;

	(void)state;
	buf_init(&out, 4096);
	fd = bound(&port, false);
	(void)close(fd);
	make_node(tmp, "cert.aa", port, aa, sizeof(aa));
	make_node(tmp, "cert.bb", port, bb, sizeof(bb));
	hl_diag_clear(&d);
	assert_int_equal(node_open(aa, &na, &d), 0);
	peer = na->card;
	client_id_init(&id, bb);
	/* Nothing there: curl's words, no status. */
	hl_diag_clear(&d);
	assert_int_equal(client_post(&curl, &id, &peer, "/v1/messages",
	    "text/plain", "x", 1, &out, &status, &d), HL_EIO);
	assert_int_equal(status, 0);
	assert_string_equal(d.msg, curl_easy_strerror(CURLE_COULDNT_CONNECT));
	assert_int_equal(client_post(&curl, &id, &peer, "/v1/messages",
	    "text/plain", "x", 1, &out, &status, NULL), HL_EIO);
	/*
	 * An answer is not an error, whatever it says: bb is pinned by
	 * nobody, so aa answers 403, and that is a status, not a code.
	 */
	hl_diag_clear(&d);
	assert_int_equal(http_start(aa, &h, &d), 0);
	buf_clear(&out);
	assert_int_equal(client_post(&curl, &id, &peer, "/v1/messages",
	    "text/plain", "x", 1, &out, &status, &d), 0);
	assert_int_equal(status, 403);
	assert_true(out.len > 0);
	/* Another key at the pinned address: HL_EPIN, before a byte is sent. */
	memcpy(peer.tls_pin + strlen("sha256//"), "AAAA", 4);
	hl_diag_clear(&d);
	assert_int_equal(client_post(&curl, &id, &peer, "/v1/messages",
	    "text/plain", "x", 1, &out, &status, &d), HL_EPIN);
	assert_int_equal(status, 0);
	assert_string_equal(d.msg,
	    curl_easy_strerror(CURLE_SSL_PINNEDPUBKEYNOTMATCH));
	curl_easy_cleanup(curl);
	http_stop(h);
	node_close(na);
	buf_done(&out);
	tu_rmrf(tmp);
	free(tmp);
}

static int
setup(void **state)
{
	(void)state;
	log_init(0);
	if (hl_init() != 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return -1;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_start),
		cmocka_unit_test(test_client_post),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
