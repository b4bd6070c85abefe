#!/bin/sh
# Real Zeek TSV logs (gzip), counted a second way with awk. The real
# logs are public files, read in place from ../shared.
. "$(dirname "$0")/origins.sh"

need_shared data/zeek-wrccdc2018/ssh.log.gz data/zeek-wrccdc2018/notice.log.gz
ZEEK=$SHARED/data/zeek-wrccdc2018
for z in ssh notice; do
	run origins --geo "$GEO" --json "$ZEEK/$z.log.gz"
	ours=$(printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(d['provenance']['parsed']['events'], d['provenance']['parsed']['addresses'], d['provenance']['files'][0]['format'])")
	theirs=$(zcat "$ZEEK/$z.log.gz" | awk -F'\t' '
		/^#fields/ { for (i = 2; i <= NF; i++) { if ($i == "id.orig_h") a = i - 1; if ($i == "src") s = i - 1 } next }
		/^#/ { next }
		{ n++; x = (s && $s != "-") ? $s : $a; seen[x] = 1 }
		END { for (k in seen) d++; print n, d, "zeek" }')
	check "Zeek $z.log: events and distinct sources, as awk counts them" [ "$ours" = "$theirs" ]
done
finish
