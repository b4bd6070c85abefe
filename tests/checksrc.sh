#!/bin/sh
# Fails on the functions HOUSE-STYLE bans in project C sources: each has a
# bounded or checked replacement (snprintf, memcpy, proto_int_parse).
cd "${1:?source root}" || exit 2
hits=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|strncpy|sscanf)[[:space:]]*\(' \
    src fuzz bench --include='*.c' --include='*.h' | grep -vE '\b(snprintf|vsnprintf)\(')
if [ -n "$hits" ]; then
	printf 'banned functions:\n%s\n' "$hits"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
