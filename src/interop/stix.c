/*
 * STIX 2.1 in and out. See stix.h.
 */
#include "stix.h"

int
stix_import(const char *path, const char *data, size_t len, struct imp *im,
    struct hl_diag *d)
{
	(void)data; (void)len; (void)im;
	return hl_diag_set(d, HL_EINVAL, path, "STIX import: not yet");
}

int
stix_objects(const struct envelope_hdr *h, json_t *objs, struct hl_diag *d)
{
	(void)h; (void)objs;
	return hl_diag_set(d, HL_EINVAL, NULL, "STIX export: not yet");
}

int
stix_bundle(const struct envelope_hdr *h, json_t **out, struct hl_diag *d)
{
	(void)h; *out = NULL;
	return hl_diag_set(d, HL_EINVAL, NULL, "STIX export: not yet");
}
