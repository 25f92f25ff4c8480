#!/bin/sh
# statefile-cli.sh - a headless session killed with -9 leaves its state
# file; `isrlab --recover` lists it and exports it as sealed files; a
# session that ends normally leaves nothing behind.
set -u
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
tmp=$(mktemp -d /tmp/isrlab-state-XXXXXX) || exit 99
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
XDG_STATE_HOME=$tmp/state
export XDG_STATE_HOME
state=$tmp/state/isrlab

# Poll for a condition with a deadline (seconds); never a fixed sleep.
wait_for() {
	deadline=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# A run that ends normally removes its file.
printf 'produce email.send x\n' | "$ISRLAB" --headless >/dev/null 2>&1 ||
    fail "plain run"
[ -z "$(ls -A "$state" 2>/dev/null)" ] || fail "a finished run left a file"
out=$("$ISRLAB" --recover) || fail "--recover with nothing"
[ "$out" = "no interrupted sessions" ] || fail "empty list: $out"

# A run that is killed: the commands it ran are in its file.
mkfifo "$tmp/in"
"$ISRLAB" --headless --student kim <"$tmp/in" >"$tmp/out" 2>&1 &
pid=$!
exec 3>"$tmp/in"
printf 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3\nkill 1\nwait 4s\nproduce t --count 2 hi\ndescribe t\n' >&3
has_describe() {
	grep -q '"text":"describe t"' "$state"/session-*.jsonl 2>/dev/null
}
wait_for 20 has_describe || fail "the state file never got the commands"
# It is running: not offered.
out=$("$ISRLAB" --recover) || fail "--recover while running"
[ "$out" = "no interrupted sessions" ] || fail "a live session listed: $out"
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
exec 3>&-
f=$(ls "$state"/session-*.jsonl) || fail "no state file after kill -9"
perm=$(stat -c %a "$f")
[ "$perm" = 600 ] || fail "state file mode $perm"
[ "$(stat -c %a "$state")" = 700 ] || fail "state directory mode"

out=$("$ISRLAB" --recover) || fail "--recover list"
id=$(basename "$f" .jsonl)
case $out in
"$id  kim  free play, 0/0 steps done, lab time "*) ;;
*) fail "list: $out" ;;
esac
mkdir "$tmp/export"
"$ISRLAB" --recover "$id" --export-dir "$tmp/export" >"$tmp/rec" 2>&1 ||
    { cat "$tmp/rec"; fail "--recover ID"; }
md=$(ls "$tmp"/export/isrlab-free-kim-*.md) || fail "no .md"
jl=$(ls "$tmp"/export/isrlab-free-kim-*.jsonl) || fail "no .jsonl"
grep -q "^wrote $md\$" "$tmp/rec" || fail "no wrote line"
"$ISRLAB" --verify-log "$md" "$jl" >/dev/null || fail "verify"
grep -q '"text":"produce t --count 2 hi"' "$jl" || fail "command missing"
grep -q 'Leader: 2' "$md" || fail "final state (leader 2 after kill 1)"
# Recovered: gone from the list; a second try says so.
[ ! -e "$f" ] || fail "the state file stayed"
"$ISRLAB" --recover "$id" >"$tmp/rec" 2>&1 && fail "recovered twice"
grep -q "no interrupted session of that name" "$tmp/rec" ||
    fail "second recover message: $(cat "$tmp/rec")"
exit 0
