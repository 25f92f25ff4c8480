#!/bin/sh
# layers.sh - the folders under src/ include only downwards.
#
# LAYERS below is the order, lowest first (DESIGN.md, "Layers"); folders
# on one line share a rank and must not include each other.  A file in
# src/X may include "X/..." and "Y/..." for any Y ranked below X, nothing
# else; src/main.c sits on top and may include anything.  A folder under
# src/ that LAYERS does not name fails the check: place it in the order
# first.  class (the class link, issue 14) sits above journal, whose
# state file it streams and whose seal it reuses, and below tui, whose
# dashboard draws it.  net (the Kafka wire protocol) sits on the runtime,
# whose broker threads run its sockets, and below the console, which never
# needs it: only main.c starts it.  attach (--attach, a real Kafka
# cluster polled with librdkafka) is a third source of snapshots beside
# sim and runtime: an engine like them, so everything above reads it the
# same way, and none of the three includes another.  Arguments (for trying the check on another tree): the src dir.
set -u
: "${ISRLAB_SRCDIR:=.}"
src=${1:-$ISRLAB_SRCDIR/src}

LAYERS='
util
model
engine
sim runtime attach
net
console
lab
journal
class
tui
'

# rank FOLDER: its line number in LAYERS, or nothing if unknown.
rank() {
	printf '%s\n' "$LAYERS" | grep -v '^$' | grep -n -w -- "$1" |
	    cut -d: -f1
}

[ -d "$src" ] || { echo "layers.sh: no directory $src" >&2; exit 99; }
fail=0
checked=0
for dir in "$src"/*/; do
	from=$(basename "$dir")
	from_rank=$(rank "$from")
	if [ -z "$from_rank" ]; then
		echo "FAIL: src/$from is not in the layer order (tests/layers.sh LAYERS)"
		fail=1
		continue
	fi
	# Every quoted include of a folder: LINE:#include "TO/...
	bad=$(for f in "$dir"*.c "$dir"*.h; do
		[ -f "$f" ] || continue
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[A-Za-z0-9_-]*/' "$f" |
		while IFS= read -r hit; do
			line=${hit%%:*}
			to=$(printf '%s\n' "$hit" | sed 's/^[^"]*"\([^/]*\)\/.*/\1/')
			[ "$to" = "$from" ] && continue
			to_rank=$(rank "$to")
			if [ -z "$to_rank" ]; then
				echo "FAIL: src/$from/$(basename "$f"):$line includes $to/, which is not in the layer order"
			elif [ "$to_rank" -ge "$from_rank" ]; then
				echo "FAIL: src/$from/$(basename "$f"):$line includes $to/, which is not below $from"
			fi
		done
	done)
	if [ -n "$bad" ]; then
		printf '%s\n' "$bad"
		fail=1
	fi
	checked=$((checked + 1))
done
echo "layers: $checked folders checked, order:" $(printf '%s\n' "$LAYERS" |
    grep -v '^$' | sed 's/ / | /g' | tr '\n' '>' | sed 's/>$//; s/>/ -> /g')
exit $fail
