/*
 * The node's HTTPS endpoint: a strict HTTP/1.1 server of our own on
 * GnuTLS (http.c), answering through handler.c, which lists the
 * endpoints. Every client must present a TLS certificate in the handshake;
 * a key no pinned card names is answered 403. Runs in its own thread with
 * its own connection to the node's database.
 */
#ifndef HL_HTTP_H
#define HL_HTTP_H

struct http;

/* Starts serving the node in dir on its configured listen address. */
int http_start(const char *dir, struct http **out, char *err, size_t n);

/* Stops and frees; NULL is fine. */
void http_stop(struct http *h);

#endif
