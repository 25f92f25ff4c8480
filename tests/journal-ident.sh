#!/bin/sh
# journal-ident.sh - what makes a session its own: a fresh seed, TopicIds
# and session id per session unless --seed pins them, where the seed came
# from and who made the log (--solve) in the header and the report, and
# --student-id.
set -u
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
SRCDIR=${ISRLAB_SRCDIR:-.}
ISRLAB_LAB_PATH=$SRCDIR/labs
export ISRLAB_LAB_PATH
tmp=$(mktemp -d /tmp/isrlab-ident-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf '%s\n' 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3' \
    'describe t' >"$tmp/s"

# run DIR ARGS...: the script exported into DIR.
run() {
	d=$1; shift
	mkdir -p "$d"
	"$ISRLAB" --headless --script "$tmp/s" --export-dir "$d" "$@" \
	    >"$d.out" 2>&1 || { cat "$d.out"; fail "run $*"; }
}
# field DIR NAME: the header's NAME (a JSON value as written).
field() {
	head -n 1 "$1"/*.jsonl | sed -n "s/.*\"$2\":\\(\"[^\"]*\"\\|[0-9]*\\).*/\\1/p"
}
topicid() { sed -n 's/.*TopicId: \([^	]*\).*/\1/p' "$1.out"; }
# logid DIR: the first TopicId in DIR's journal.
logid() { grep -o 'TopicId: [A-Za-z0-9_-]*' "$1"/*.jsonl | head -n 1; }

run "$tmp/a" --student a --student-id 2024-001
run "$tmp/b" --student b
[ "$(field "$tmp/a" seed_from)" = '"random"' ] || fail "seed_from random"
[ "$(field "$tmp/a" student_id)" = '"2024-001"' ] || fail "student_id"
[ -z "$(field "$tmp/b" student_id)" ] || fail "student_id without the option"
[ "$(field "$tmp/a" seed)" != "$(field "$tmp/b" seed)" ] || fail "same seed"
[ -n "$(topicid "$tmp/a")" ] || fail "no TopicId"
[ "$(topicid "$tmp/a")" != "$(topicid "$tmp/b")" ] || fail "same TopicId"
sa=$(field "$tmp/a" session) sb=$(field "$tmp/b" session)
echo "$sa" | grep -Eq '^"[0-9a-f]{32}"$' || fail "session id: $sa"
[ "$sa" != "$sb" ] || fail "same session id"
grep -q '^| 학번 (student id) | 2024-001 |$' "$tmp"/a/*.md || fail "id in report"
grep -q '^| seed | [0-9]* (random) |$' "$tmp"/a/*.md || fail "seed in report"
grep -q 'origin' "$tmp"/a/*.jsonl && fail "a student's log has an origin"

# --seed pins: the same seed and TopicIds, and the header says so.
run "$tmp/c" --seed 5
run "$tmp/d" --seed 5
[ "$(field "$tmp/c" seed)" = 5 ] && [ "$(field "$tmp/c" seed_from)" = '"option"' ] ||
    fail "pinned seed"
[ "$(topicid "$tmp/c")" = "$(topicid "$tmp/d")" ] || fail "pinned TopicIds differ"

# --solve: a fresh seed too, marked as the program's work.
mkdir "$tmp/e"
"$ISRLAB" --headless --lab 01 --solve --student p --export-dir "$tmp/e" \
    >"$tmp/e.out" 2>&1 || { cat "$tmp/e.out"; fail "solve"; }
[ "$(field "$tmp/e" origin)" = '"solve"' ] || fail "origin solve"
[ "$(field "$tmp/e" seed_from)" = '"random"' ] || fail "solve seed_from"
# A lab's seed: pins the layout only: two students' sessions of lab 01
# share where the replicas are, never the seed or TopicIds.
[ "$(field "$tmp/e" layout_seed)" = 4 ] || fail "lab 01's layout_seed"
grep -q '^| 배치 시드 (layout seed) | 4 (lab) |$' "$tmp"/e/*.md ||
    fail "layout seed in report"
mkdir "$tmp/f"
"$ISRLAB" --headless --lab 01 --solve --student q --export-dir "$tmp/f" \
    >"$tmp/f.out" 2>&1 || { cat "$tmp/f.out"; fail "second solve"; }
[ "$(field "$tmp/f" layout_seed)" = 4 ] || fail "second layout_seed"
[ "$(field "$tmp/e" seed)" != "$(field "$tmp/f" seed)" ] ||
    fail "two solves of a lab share a seed"
[ -n "$(logid "$tmp/e")" ] && [ "$(logid "$tmp/e")" != "$(logid "$tmp/f")" ] ||
    fail "two solves of a lab share TopicIds"
[ -z "$(field "$tmp/a" layout_seed)" ] || fail "free play has a layout_seed"
grep -q '^| \*\*만든 이 (made by)\*\* | \*\*프로그램의 풀이 (--solve)\*\* — ' \
    "$tmp"/e/*.md || fail "solve in report"
"$ISRLAB" --verify-log "$tmp"/e/*.md "$tmp"/e/*.jsonl >/dev/null ||
    fail "solve log verifies"
# --replay with --export-dir: the re-run's log is marked as isrlab's.
mkdir "$tmp/r"
"$ISRLAB" --replay "$tmp"/e/*.jsonl --headless --export-dir "$tmp/r" \
    >"$tmp/r.out" 2>&1 || { cat "$tmp/r.out"; fail "replay + export"; }
[ "$(field "$tmp/r" origin)" = '"replay"' ] || fail "origin replay"
grep -q '^| \*\*만든 이 (made by)\*\* | \*\*다른 세션의 재생 (--replay)\*\* — ' \
    "$tmp"/r/*.md || fail "replay in report"
"$ISRLAB" --summarize "$tmp/r" --format tsv | cut -f15 | grep -qx replay ||
    fail "the summary does not say replay"
echo "journal-ident: ok"
