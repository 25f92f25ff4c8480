#!/bin/sh
# journal-cli.sh - the session journal from the command line: a solved
# lab 01 exported headless, --verify-log on intact and edited files,
# --replay reaching the recorded final state, and --summarize.
set -u
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
SRCDIR=${ISRLAB_SRCDIR:-.}
ISRLAB_LAB_PATH=$SRCDIR/labs
export ISRLAB_LAB_PATH
tmp=$(mktemp -d /tmp/isrlab-cli-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Export at the end of a solved lab.
"$ISRLAB" --seed 1 --headless --lab 01 --solve --student park --export-dir "$tmp" \
    >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "solve + export"; }
md=$(ls "$tmp"/isrlab-01-park-*.md) || fail "no .md written"
jl=$(ls "$tmp"/isrlab-01-park-*.jsonl) || fail "no .jsonl written"
grep -q "^wrote $md\$" "$tmp/out" || fail "no 'wrote' line"
grep -q '^| 학생 (student) | park |$' "$md" || fail "student missing"
grep -q '^| 6 | 복구 완료 확인 | ✔ 완료 (done)' "$md" || fail "step table"

# --verify-log: intact, then edited.
out=$("$ISRLAB" --verify-log "$md" "$jl") || fail "verify intact: $out"
[ "$out" = "$md: OK
$jl: OK" ] || fail "verify output: $out"
sed 's/Leader: 2/Leader: 3/' "$md" >"$tmp/edited.md"
out=$("$ISRLAB" --verify-log "$tmp/edited.md"); rc=$?
[ $rc = 1 ] && [ "$out" = "$tmp/edited.md: MODIFIED" ] ||
    fail "verify edited: $rc $out"

# --replay: the same final describe.
"$ISRLAB" --replay "$jl" --headless >"$tmp/replay" 2>&1 ||
    { cat "$tmp/replay"; fail "replay"; }
grep -q '^replay: same final state as recorded$' "$tmp/replay" ||
    fail "replay state"
# Without --headless the replay is on the screen, which needs a terminal.
"$ISRLAB" --replay "$jl" </dev/null >"$tmp/live" 2>&1
[ $? = 1 ] && grep -q 'needs a terminal' "$tmp/live" ||
    fail "live replay without a terminal"

# export failures in a script: a missing directory and a symlink.
printf 'export %s/none/x.md\n' "$tmp" |
    "$ISRLAB" --seed 1 --headless >"$tmp/out" 2>&1
grep -q "^export: cannot write $tmp/none/x.md: No such file or directory\$" \
    "$tmp/out" || { cat "$tmp/out"; fail "missing dir message"; }
# A symbolic link is neither followed nor replaced: a numbered name.
ln -s "$md" "$tmp/link.md"
printf 'export %s/link.md\n' "$tmp" | "$ISRLAB" --seed 1 --headless >"$tmp/out" 2>&1
grep -q "^wrote $tmp/link-2.md ($tmp/link.md or .jsonl exists: kept)\$" \
    "$tmp/out" || { cat "$tmp/out"; fail "symlink message"; }
[ -L "$tmp/link.md" ] || fail "the link was replaced"
rm "$tmp/link.md" "$tmp"/link-2.*

# --summarize: a second student, then the table.
"$ISRLAB" --seed 1 --headless --lab 01 --solve --student kim --export-dir "$tmp" \
    >/dev/null 2>&1 || fail "second solve"
# Both are isrlab's solutions, not the students' work: the lab's step
# count and who made them, every figure of work empty (the wall-clock
# column, empty too, left out as when it varies).
out=$("$ISRLAB" --summarize "$tmp" --format tsv | cut -f2-6,8-18 |
    tr '\t' ' ') || fail "summarize: $out"
[ "$out" = "student lab steps_done steps finished lab_seconds hints failed_commands wrong_answers quiz_right quiz_answered rewinds made_by duplicate seal duplicate_of
kim 01-leader-failover  7         solve no ok 
park 01-leader-failover  7         solve no ok " ] ||
    fail "summarize output: $out"
echo "journal-cli: ok"
