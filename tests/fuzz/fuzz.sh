#!/bin/sh
# fuzz.sh SRCDIR RUNDIR - `make fuzz`: build each fuzz target with clang's
# libFuzzer (plus AddressSanitizer and UBSan) and fuzz it for FUZZ_SECONDS.
#
# The library sources are compiled once into RUNDIR/obj (again only when a
# source is newer than its object).  Each target starts from its seed
# corpus (tests/fuzz/corpus/TARGET, read only) and keeps what it finds in
# RUNDIR/TARGET/corpus; crashes go to RUNDIR/TARGET/crash-*.  Set
# FUZZ_TARGETS to fuzz some targets only, FUZZ_JOBS to run that many
# targets at once (default 1), FUZZ_NICE to a nice level (default 19).
set -u
srcdir=$1
rundir=$2
: "${FUZZ_SECONDS:=60}" "${FUZZ_JOBS:=1}" "${FUZZ_NICE:=19}"
: "${FUZZ_TARGETS:=lab console cond jsonl replay}"
if [ -z "${FUZZ_CC:-}" ]; then
	echo "make fuzz: clang with libFuzzer was not found by configure" \
	    "(install clang and libclang-rt, then run ./configure again)" >&2
	exit 1
fi
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san -DFUZZ_BUILD"
mkdir -p "$rundir/obj" || exit 1

objs=
for src in $FUZZ_SOURCES tests/fuzz/fuzz-common.c; do
	case $src in *.c) ;; *) continue ;; esac
	obj=$rundir/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$obj" ] || [ "$srcdir/$src" -nt "$obj" ] ||
	    [ -n "$(find "$srcdir/src" -name '*.h' -newer "$obj" | head -1)" ]; then
		echo "  FUZZCC   $src"
		nice -n "$FUZZ_NICE" $FUZZ_CC $cflags -fsanitize=fuzzer-no-link \
		    $FUZZ_CPPFLAGS -I"$srcdir/tests/fuzz" -c "$srcdir/$src" \
		    -o "$obj" || exit 1
	fi
	objs="$objs $obj"
done

for t in $FUZZ_TARGETS; do
	echo "  FUZZLD   fuzz-$t"
	nice -n "$FUZZ_NICE" $FUZZ_CC $cflags -fsanitize=fuzzer $FUZZ_CPPFLAGS \
	    -I"$srcdir/tests/fuzz" "$srcdir/tests/fuzz/fuzz-$t.c" $objs \
	    $FUZZ_LIBS -o "$rundir/fuzz-$t" || exit 1
done

run_one() {
	t=$1
	mkdir -p "$rundir/$t/corpus"
	cd "$rundir/$t" || return 1
	nice -n "$FUZZ_NICE" "$rundir/fuzz-$t" -max_total_time="$FUZZ_SECONDS" \
	    -timeout=60 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    corpus "$srcdir/tests/fuzz/corpus/$t" >"$rundir/$t/log" 2>&1
	rc=$?
	stats=$(grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' \
	    "$rundir/$t/log" | tr '\n' ' ')
	echo "fuzz-$t: exit $rc; $stats"
	return $rc
}

status=0
running=0
for t in $FUZZ_TARGETS; do
	echo "fuzz-$t: fuzzing for ${FUZZ_SECONDS}s (log: $rundir/$t/log)"
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$FUZZ_JOBS" ]; then
		wait || status=1
		running=0
	fi
done
wait || status=1
# wait with no operand returns 0; look for crash files as well.
for t in $FUZZ_TARGETS; do
	for f in "$rundir/$t"/crash-* "$rundir/$t"/leak-* "$rundir/$t"/timeout-* \
	    "$rundir/$t"/oom-*; do
		[ -e "$f" ] || continue
		echo "fuzz-$t: FINDING $f"
		status=1
	done
done
exit $status
