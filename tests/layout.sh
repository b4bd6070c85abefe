#!/bin/sh
# docs/LAYOUT.md says where things are; this keeps it true. Under each
# "## src/LAYER/" heading, every source file of that folder is named (a
# module "name" stands for name.c and name.h), and every name written
# there is a file of that folder.
cd "${1:?source root}" || exit 2
doc=docs/LAYOUT.md
[ -f "$doc" ] || { echo "$doc: missing"; echo "0 passed, 1 failed"; exit 1; }
bad=0
for dir in src/*/; do
	dir=${dir%/}
	# the section's text, up to the next heading
	sect=$(awk -v h="## $dir/" '$0 == h { on = 1; next } /^## / { on = 0 } on' "$doc")
	if [ -z "$sect" ]; then
		echo "$doc: no section \"## $dir/\""
		bad=1
		continue
	fi
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -f "$f" ] || continue
		b=$(basename "$f")
		stem=${b%.*}
		printf '%s\n' "$sect" | grep -qE "\`($stem|$b)\`" || {
			echo "$doc: $f is not named under ## $dir/"
			bad=1
		}
	done
	# every `name` in the table's first column is a file here
	printf '%s\n' "$sect" | sed -nE 's/^\| `([^`]+)`.*/\1/p' | while read -r n; do
		[ -f "$dir/$n" ] || [ -f "$dir/$n.c" ] || [ -f "$dir/$n.h" ] || {
			echo "$doc: names $dir/$n, which does not exist"
			echo x
		}
	done | grep -v '^x$' && bad=1
done
for dir in $(sed -nE 's/^## (src\/[a-z]+)\/$/\1/p' "$doc"); do
	[ -d "$dir" ] || { echo "$doc: has a section for $dir, which does not exist"; bad=1; }
done
if [ "$bad" -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
