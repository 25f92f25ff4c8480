#!/bin/sh
# class-cli.sh - issue 14's class link over loopback: a headless class
# server, three students solving labs at once (one through the
# configuration file, one with its connection cut mid-lab), the server
# killed and started again under a student who keeps working; every copy
# the server sealed verifies and is byte for byte the student's own
# export, and no journal line is lost or written twice.  The addresses
# the server refuses and the options a student must give.
#
# The server listens on port 0 (the system picks a free one; the test
# reads it from the server's first line).  Every wait polls with a
# deadline.
set -u
# isrlab's own messages are compared in English.
LANGUAGE=en
export LANGUAGE
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
SRCDIR=${ISRLAB_SRCDIR:-.}
ISRLAB_LAB_PATH=$SRCDIR/labs
export ISRLAB_LAB_PATH
tmp=$(mktemp -d /tmp/isrlab-class-XXXXXX) || exit 99
XDG_STATE_HOME=$tmp/state
XDG_CONFIG_HOME=$tmp/no-config
export XDG_STATE_HOME XDG_CONFIG_HOME
server_pid=
stop_server() {
	[ -n "$server_pid" ] || return 0
	kill "$1" "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	server_pid=
}
trap 'stop_server -TERM; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/srv*.out; do echo "== $f"; cat "$f"; done; exit 1; }

. "$SRCDIR/tests/poll-lib.sh"

# start_server N [ADDR]: the Nth start, on ADDR (default 127.0.0.1:0);
# sets $port and $code.
start_server() {
	"$ISRLAB" --class-server "${2:-127.0.0.1:0}" --class-dir "$tmp/class" \
	    --headless >"$tmp/srv$1.out" 2>&1 &
	server_pid=$!
	poll 30 grep -q '^class code ' "$tmp/srv$1.out" ||
	    fail "server $1 did not start"
	port=$(sed -n 's/^class server listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
	    "$tmp/srv$1.out")
	code=$(sed -n 's/^class code //p' "$tmp/srv$1.out")
	[ -n "$port" ] && [ "$port" != 0 ] || fail "no port in server $1's output"
}

# The address is the teacher's to give: none, or a bare port, is refused.
for bad in :7000 7000 '' 127.0.0.1:99999; do
	"$ISRLAB" --class-server "$bad" --class-dir "$tmp/class" --headless \
	    >"$tmp/out" 2>&1 </dev/null
	[ $? = 1 ] && grep -q '^isrlab: --class-server: ' "$tmp/out" ||
	    { cat "$tmp/out"; fail "--class-server '$bad' accepted"; }
done
"$ISRLAB" --class-server :7000 --headless >"$tmp/out" 2>&1
grep -q 'no address before the port' "$tmp/out" ||
    { cat "$tmp/out"; fail "the wildcard message"; }
echo "ok: no default or wildcard address"

start_server 1
[ "$(stat -c %a "$tmp/class/class-code")" = 600 ] || fail "class-code mode"
grep -q "^$code\$" "$tmp/class/class-code" || fail "class-code file"

# A student's options.
"$ISRLAB" --headless --lab 01 --solve --class "127.0.0.1:$port" \
    >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q 'give the class code' "$tmp/out" ||
    { cat "$tmp/out"; fail "--class without a code"; }
"$ISRLAB" --headless --lab 01 --solve --class "127.0.0.1:$port" \
    --class-code ABCD-EFGH >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q 'a class code is 16 letters' "$tmp/out" ||
    { cat "$tmp/out"; fail "a short code"; }
"$ISRLAB" --headless --lab 01 --solve --class ":$port" --class-code "$code" \
    >"$tmp/out" 2>&1
[ $? = 2 ] || { cat "$tmp/out"; fail "--class without a host"; }
# The wrong code: the run works, the server refuses it, the exit says so.
ISRLAB_CLASS_CODE=ABCD-EFGH-JKMN-PQRS "$ISRLAB" --headless --lab 01 --solve \
    --class "127.0.0.1:$port" >"$tmp/out" 2>&1
[ $? = 1 ] && grep -q 'does not know this class code' "$tmp/out" ||
    { cat "$tmp/out"; fail "the wrong code"; }
grep -q 'before its hello (a wrong class code?)' "$tmp/srv1.out" ||
    fail "the server's side of it"
echo "ok: a student's options and a wrong class code"

# Three students at once; lee's cable is pulled once the server holds
# line 25.
mkdir "$tmp/kim" "$tmp/lee" "$tmp/park" "$tmp/cfg" "$tmp/cfg/isrlab"
printf '# handed out for the term\nclass: 127.0.0.1:%s\nclass-code: %s\n' \
    "$port" "$code" >"$tmp/cfg/isrlab/config"
"$ISRLAB" --headless --lab 01 --solve --student kim --export-dir "$tmp/kim" \
    --class "127.0.0.1:$port" --class-code "$code" >"$tmp/kim.out" 2>&1 &
kim=$!
ISRLAB_CLASS_TEST_CUT=25 "$ISRLAB" --headless --lab 02 --solve --student lee \
    --export-dir "$tmp/lee" --class "127.0.0.1:$port" --class-code "$code" \
    >"$tmp/lee.out" 2>&1 &
lee=$!
XDG_CONFIG_HOME=$tmp/cfg "$ISRLAB" --headless --lab 03 --solve \
    --student 박지성 --export-dir "$tmp/park" >"$tmp/park.out" 2>&1 &
park=$!
wait $kim || { cat "$tmp/kim.out"; fail "kim's run"; }
wait $lee || { cat "$tmp/lee.out"; fail "lee's run"; }
wait $park || { cat "$tmp/park.out"; fail "park's run"; }

# same_copy NAME: each of NAME's exports and the server's sealed copy of
# it, the same bytes.
same_copy() {
	ls "$tmp/$1"/*.jsonl >/dev/null 2>&1 || fail "$1: no export"
	for jl in "$tmp/$1"/*.jsonl; do
		mine=$tmp/class/exports/$(basename "$jl")
		[ -f "$mine" ] || fail "$1: the server has no $(basename "$jl")"
		cmp "$jl" "$mine" || fail "$1: the server's copy differs"
		"$ISRLAB" --verify-log "$mine" >/dev/null ||
		    fail "$1: copy verify"
		grep -q "export sealed as $mine: the same as the student's" \
		    "$tmp"/srv*.out || fail "$1: no 'the same' event"
	done
}
same_copy kim
same_copy lee
same_copy park
echo "ok: three students' copies, byte for byte"

# whole_journals: each session copy on the server has every record once,
# in order: seqs 1, 2, 3, ... without a gap or a repeat.
whole_journals() {
	for f in "$tmp"/class/sessions/*.jsonl; do
		grep -o '^{"seq":[0-9]*' "$f" | cut -d: -f2 >"$tmp/seqs"
		[ -s "$tmp/seqs" ] || continue
		n=$(wc -l <"$tmp/seqs")
		seq 1 "$n" | cmp -s - "$tmp/seqs" ||
		    fail "$(basename "$f"): seqs not 1..$n once each"
	done
}
whole_journals
grep -q '^.* lee (127\.0\.0\.1:[0-9]*): connection closed' "$tmp/srv1.out" ||
    fail "lee's cut not seen"
grep -E -q 'lee \(127\.0\.0\.1:[0-9]*\): connected, session .*, 25 lines' \
    "$tmp/srv1.out" || fail "lee did not resume from what the server held"
echo "ok: a connection cut mid-lab lost and repeated nothing"

# The server dies (kill -9) under a student who keeps working, and
# starts again on the same address and directory: the same class code,
# and the student's journal catches up.  The student also exports in the
# middle (the `export` line is still running in the file it writes).
mkdir "$tmp/choi"
printf '%s\n' \
    'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3' \
    'describe' 'wait 2s' 'produce t one' "export $tmp/choi/mid.md" 'wait 8s' \
    'describe' >"$tmp/choi.isr"
"$ISRLAB" --headless --realtime --script "$tmp/choi.isr" --student choi \
    --export-dir "$tmp/choi" --class "127.0.0.1:$port" --class-code "$code" \
    >"$tmp/choi.out" 2>&1 &
choi=$!
# choi's is the fifth hello (lee said two); kill once lines arrived.
hellos() { [ "$(grep -c 'connected, session' "$tmp/srv1.out")" -ge 5 ]; }
poll 30 hellos || fail "choi did not connect"
sid=$(sed -n 's/.*connected, session \([^,]*\),.*/\1/p' "$tmp/srv1.out" |
    tail -n 1)
some_lines() { [ "$(wc -l <"$tmp/class/sessions/$sid.jsonl")" -ge 3 ]; }
poll 30 some_lines || fail "choi's lines did not arrive"
stop_server -KILL
old_code=$code
start_server 2 "127.0.0.1:$port"
[ "$code" = "$old_code" ] || fail "the class code changed on restart"
wait $choi || { cat "$tmp/choi.out"; fail "choi's run"; }
grep -q 'choi (127\.0\.0\.1:[0-9]*): connected, session .*, [1-9][0-9]* lines' \
    "$tmp/srv2.out" || fail "choi's session was not picked up"
same_copy choi
whole_journals
echo "ok: the server killed and started again, nothing lost"
