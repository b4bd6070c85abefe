/*
 * Error texts and slugs, and the diagnostics that parsers fill in.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

const char *
hl_strerror(int err)
{
	switch (err) {
	case HL_OK:
		return "success";
#define HL_ERR_TEXT(name, val, slug, text) case name: return text;
	HL_ERRORS(HL_ERR_TEXT)
#undef HL_ERR_TEXT
	}
	return "unknown error";
}

const char *
hl_errslug(int err)
{
	switch (err) {
	case HL_OK:
		return "ok";
#define HL_ERR_SLUG(name, val, slug, text) case name: return slug;
	HL_ERRORS(HL_ERR_SLUG)
#undef HL_ERR_SLUG
	}
	return "internal";
}

void
hl_diag_clear(struct hl_diag *d)
{
	if (d == NULL)
		return;
	d->path[0] = '\0';
	d->msg[0] = '\0';
	d->offset = -1;
}

int
hl_diag_set(struct hl_diag *d, int err, const char *path, const char *fmt,
    ...)
{
	va_list ap;

	if (d == NULL)
		return err;
	(void)snprintf(d->path, sizeof(d->path), "%s", path ? path : "");
	va_start(ap, fmt);
	(void)vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}

void
hl_diag_offset(struct hl_diag *d, long offset)
{
	if (d != NULL)
		d->offset = offset;
}

void
hl_diag_format(const struct hl_diag *d, int err, char *out, size_t n)
{
	const char *msg;

	msg = (d != NULL && d->msg[0] != '\0') ? d->msg : hl_strerror(err);
	if (d != NULL && d->path[0] != '\0')
		(void)snprintf(out, n, "%s: %s", d->path, msg);
	else if (d != NULL && d->offset >= 0)
		(void)snprintf(out, n, "byte %ld: %s", d->offset, msg);
	else
		(void)snprintf(out, n, "%s", msg);
}
