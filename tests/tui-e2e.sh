#!/bin/sh
# tui-e2e.sh - end-to-end test of the live screen through tmux.
#
# Starts the real binary ($ISRLAB_BIN --play) in a detached tmux session
# of 120x40 with LANG=C.UTF-8, drives it with keys and reads the screen
# back with capture-pane: crash the leader of email.send-0 (L), see the
# leader move 1 -> 2, broker 1 leave the ISR and the election in the event
# log; select broker 1 and restart it (1, r), see it back in the ISR; then
# shrink the window to 70x20 ("terminal too small") and grow it back.
# Then export with e (the student's name asked on the prompt line, in
# Korean), check both files with --verify-log, and quit through the
# "export before quitting?" question.  A second session checks
# --simulated --speed 5 (5.0x), --brokers 2 (RF 2), the console's speed
# and pause on the simulator, Korean text with --ascii and Ctrl-C.  The
# header names the Kafka profile (the default, then --kafka 3.7).
# Every wait polls the screen with a timeout, never a fixed sleep.
# Exit 77 (skip) without tmux or when the binary has no --play yet.

set -u

sess=e2e
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
if ! "$bin" --help 2>&1 | grep -q -- '--play'; then
	echo "SKIP: $bin has no --play yet"
	exit 77
fi

# check_exports: pairs of .md and .jsonl in $expdir (a second export in
# the same second replaces the first), every one sealed.
check_exports() {
	n=$(ls "$expdir" | wc -l)
	if [ "$n" -lt 2 ] ||
	    [ "$(ls "$expdir"/*.md | wc -l)" -ne $((n / 2)) ]; then
		echo "FAIL: expected .md and .jsonl pairs, found:"
		ls -l "$expdir"
		exit 1
	fi
	if ! "$bin" --verify-log "$expdir"/* > "$expdir.out" 2>&1 ||
	    [ "$(grep -c ': OK$' "$expdir.out")" -ne "$n" ]; then
		echo "FAIL: --verify-log:"
		cat "$expdir.out"
		rm -f "$expdir.out"
		exit 1
	fi
	rm -f "$expdir.out"
	echo "ok: $n exported files, --verify-log OK for each"
}

# The email.send-0 row: TOPIC P LEADER(ep) REPLICAS ISR ...
row() { screen | grep -E 'email\.send +0 +' | head -n 1; }

start "'$bin' --seed 4 --play --lang en --export-dir '$expdir'"

# Start: email.send-0 led by 1, ISR 1,2,3.
wait_for 'email\.send +0 +1 \(0\) +1,2,3 +1,2,3 '
echo "ok: email.send-0 leader 1, ISR 1,2,3"
# The header names the Kafka modelled: 4.x by default.
wait_for '  Kafka 4\.1 · KRaft · ELR  '
echo "ok: the header shows Kafka 4.1 · KRaft · ELR"

# Select the partition (j/k keep it on the only row) and crash its leader.
tm send-keys -t "$sess" j
tm send-keys -t "$sess" L
wait_for 'email\.send +0 +2 \([0-9]+\) +1,2,3 +2,3 +1 ' 30
echo "ok: after L the leader is 2 and the ISR lost 1: $(row)"
wait_for 'email\.send-0 leader 1(→|->)2'
echo "ok: the event log shows the election"
screen > "${TMPDIR:-/tmp}/isrlab-e2e-after-crash.txt" 2>/dev/null || :

# Restart broker 1: it rejoins the ISR (appended at the end).
tm send-keys -t "$sess" 1
tm send-keys -t "$sess" r
wait_for 'email\.send +0 +2 \([0-9]+\) +1,2,3 +2,3,1 ' 40
echo "ok: after 1 r the ISR is 2,3,1: $(row)"

# Too small, then back.
tm resize-window -t "$sess" -x 70 -y 20
wait_for 'terminal too small \(need 80x24, have 70x20\)'
echo "ok: 70x20 shows the too-small message"
tm resize-window -t "$sess" -x 120 -y 40
wait_for 'email\.send +0 +2 '
wait_for 'LEADER\(ep\)'
echo "ok: 120x40 shows the table again"

# Export with e: the name, then the student id, are asked on the prompt
# line (Korean works), the two files land in --export-dir and their seals
# verify.
keys e
wait_for 'export: your name>'
typed '테스트 학생'
wait_for 'export: your student id \(Enter: none\)>'
typed '2024-001'
wait_for 'wrote .*isrlab-free-테스트_학생-[0-9-]+\.md'
echo "ok: e asks the name and says what it wrote"
check_exports

# q with nothing new since the export quits at once; after a key it asks
# first.  Esc stays; y exports (the name is known now) and quits.
keys p
wait_for 'email\.send-0@'
keys q
wait_for 'export before quitting\? \(y/n/esc\)'
echo "ok: q asks whether to export first"
keys Escape
wait_gone 'export before quitting'
echo "ok: Esc stays"
keys q
wait_for 'export before quitting'
keys y
wait_dead "q y exports and quits"
check_exports
if ! grep -q '"type":"key","key":"p"' "$expdir"/*.jsonl; then
	echo "FAIL: the export at quit does not have the p pressed after e"
	exit 1
fi
echo "ok: the export at quit has the key pressed after the first one"

# --simulated --speed 5 starts at 5.0x; the console's speed and pause
# steer the screen's own clock; --brokers 2 gives email.send RF 2;
# --ascii keeps Korean text; Ctrl-C asks what q asks.
start "'$bin' --seed 4 --play --lang en --simulated --speed 5 --brokers 2 --ascii \
    --kafka 3.7 --export-dir '$expdir/again'"
wait_for ' 5\.0x  t='
echo "ok: --simulated --speed 5 shows 5.0x"
# The name and id given at the first session's export are remembered: e
# exports at once.
mkdir -p "$expdir/again"
keys e
wait_for 'wrote .*isrlab-free-테스트_학생-[0-9-]+\.md'
grep -q '"student":"테스트 학생","student_id":"2024-001"' "$expdir"/again/*.jsonl ||
    { echo "FAIL: the remembered name and id are not in the log"; exit 1; }
echo "ok: a later session exports under the remembered name and id"
wait_for ' 5\.0x  t=[0-9.]+s  Kafka 3\.7 - KRaft  '
echo "ok: --kafka 3.7 --ascii shows Kafka 3.7 - KRaft"
wait_for 'email\.send +0 +1 \(0\) +1,2 +1,2 '
echo "ok: --brokers 2 creates email.send with RF 2"
wait_for '^\+- brokers -'
keys :
typed 'speed 2'
wait_for ' 2\.0x  t='
keys :
typed 'pause'
wait_for '\|\| 2\.0x'
if screen | grep -q 'no effect'; then
	echo "FAIL: speed/pause said they have no effect"
	screen
	exit 1
fi
echo "ok: speed 2 and pause typed in the console steer the clock"
keys :
tm send-keys -t "$sess" -l '한국어 입력'
wait_for '^: 한국어 입력'
echo "ok: --ascii keeps Korean text"
keys Escape
keys j L
keys C-c
wait_for 'export before quitting\? \(y/n/esc\)'
keys n
wait_dead "Ctrl-C asks before unexported work is lost; n quits"
exit 0
