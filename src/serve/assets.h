/*
 * The browser console's static files (src/serve/www/), built into the
 * daemon so that nothing is read from disk at run time and the console
 * is the binary's own: assets.c is generated from them at build time.
 */
#ifndef HL_ASSETS_H
#define HL_ASSETS_H

#include <stddef.h>

struct asset {
	const char		*path;	/* "/", "/app.js", ... */
	const char		*type;	/* its Content-Type */
	const unsigned char	*data;
	size_t			 len;
};

/* The file served at path, or NULL. */
const struct asset *assets_find(const char *path);

#endif
