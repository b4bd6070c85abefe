/*
 * The config parser: never crashes; what it accepts has valid values.
 */
#include <string.h>

#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;

	if (fuzz_outside(size, 0, HL_MAX_CONFIG_BYTES + 1))
		return 0;
	if (config_parse((const char *)data, size, &c, NULL) != 0)
		return 0;
	FUZZ_ASSERT(proto_party_valid(c.party));
	FUZZ_ASSERT(proto_state_valid(c.state));
	FUZZ_ASSERT(config_listen_valid(c.listen));
	FUZZ_ASSERT(c.taxii_listen[0] == '\0' ||
	    (config_listen_valid(c.taxii_listen) &&
	    strcmp(c.taxii_listen, c.listen) != 0));
	FUZZ_ASSERT(config_endpoint_valid(c.endpoint));
	return 0;
}
