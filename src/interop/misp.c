/*
 * MISP in and out. See misp.h.
 */
#include "misp.h"

int
misp_import(const char *path, const char *data, size_t len, struct imp *im,
    struct hl_diag *d)
{
	(void)data; (void)len; (void)im;
	return hl_diag_set(d, HL_EINVAL, path, "MISP import: not yet");
}

int
misp_event(const struct envelope_hdr *h, json_t **out, struct hl_diag *d)
{
	(void)h; *out = NULL;
	return hl_diag_set(d, HL_EINVAL, NULL, "MISP export: not yet");
}
