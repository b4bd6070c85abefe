/*
 * IODEF v2 in and out. See iodef.h.
 */
#include "iodef.h"

int
iodef_import(const char *path, const char *data, size_t len, struct imp *im,
    struct hl_diag *d)
{
	(void)data; (void)len; (void)im;
	return hl_diag_set(d, HL_EINVAL, path, "IODEF import: not yet");
}

int
iodef_document(const struct envelope_hdr *h, struct buf *out,
    struct hl_diag *d)
{
	(void)h; (void)out;
	return hl_diag_set(d, HL_EINVAL, NULL, "IODEF export: not yet");
}
