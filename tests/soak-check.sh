#!/bin/sh
# soak-check.sh - does `make check` pass every time?  Clones the
# repository's committed HEAD into a scratch directory, builds it, then
# runs `make check` N times in a row and `make -j2 check` M times, and
# prints how many of each passed.  Not part of `make check`; run it by
# hand (nice it on a shared machine):
#
#	nice -n 19 tests/soak-check.sh [N [M]]	(defaults: 20 and 5)
#
# The logs of failed runs stay in the scratch directory, whose path is
# printed; it is removed when every run passed.  Exits 0 when every run
# passed, 1 otherwise (2 when the clone does not build).

set -u
n_serial=${1:-20}
n_parallel=${2:-5}
src=$(cd "$(dirname "$0")/.." && git rev-parse --show-toplevel) ||
    { echo "soak-check: not in a git work tree"; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-soak.XXXXXX") ||
    { echo "soak-check: mktemp failed"; exit 2; }
echo "soak-check: $(git -C "$src" rev-parse --short HEAD) cloned into $work"

if ! git clone --quiet "$src" "$work/isrlab" ||
    ! (cd "$work/isrlab" && ./bootstrap && ./configure && make -j2) \
    > "$work/build.log" 2>&1; then
	echo "soak-check: the clone does not build; see $work/build.log"
	exit 2
fi

# run KIND I MAKE-ARGS...: one `make check`; 0 when it passed.
run() {
	kind=$1 i=$2
	shift 2
	log="$work/$kind-$i.log"
	start=$(date +%s)
	if (cd "$work/isrlab" && make "$@" check) > "$log" 2>&1; then
		echo "$kind $i: pass ($(( $(date +%s) - start )) s)"
		rm -f "$log"
		return 0
	fi
	echo "$kind $i: FAIL ($(( $(date +%s) - start )) s); log: $log"
	grep -E '^(FAIL|ERROR):' "$log" | sed 's/^/    /'
	return 1
}

pass_serial=0 pass_parallel=0
i=1
while [ "$i" -le "$n_serial" ]; do
	run "make-check" "$i" && pass_serial=$((pass_serial + 1))
	i=$((i + 1))
done
i=1
while [ "$i" -le "$n_parallel" ]; do
	run "make-j2-check" "$i" -j2 && pass_parallel=$((pass_parallel + 1))
	i=$((i + 1))
done

echo "soak-check: make check: $pass_serial/$n_serial passed;" \
    "make -j2 check: $pass_parallel/$n_parallel passed"
if [ "$pass_serial" -eq "$n_serial" ] &&
    [ "$pass_parallel" -eq "$n_parallel" ]; then
	rm -rf "$work"
	exit 0
fi
echo "soak-check: logs of the failed runs are in $work"
exit 1
