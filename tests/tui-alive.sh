#!/bin/sh
# tui-alive.sh - the screen stays alive and legible (issue 12, section 5),
# driven through tmux by keys.
#
# 1. Brokers on threads, a follower cut off, a typed produce and then p
#    with acks=all: each produce waits for the ISR to shrink, and
#    meanwhile the screen's clock keeps moving (the request runs on a
#    thread of its own, its answer arrives afterwards).
# 2. Lab 11 at 160x45: kafka-consumer-groups --describe is wider than the
#    console pane, so it opens in the full-width pager, one row per line;
#    q closes it and the lab screen is back.
# 3. At 100 columns in a lab with an alarm, the header shows the alarm
#    (the lab title is cut instead).
# Every wait polls the screen with a deadline, never a fixed sleep.
# Exit 77 (skip) without tmux.

set -u

sess=alive
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
labdir=${ISRLAB_SRCDIR:-.}/labs

fail() {
	echo "FAIL: $1"
	screen
	exit 1
}

# The clock on the header, e.g. "12.3" of "t=12.3s".
clock() { screen | sed -n '1s/.*t=\([0-9]*\.[0-9]\)s.*/\1/p'; }

# ---- 1. An acks=all produce waits; the clock moves meanwhile. ----------
start "'$bin' --seed 4 --play --lang en --student kim --export-dir '$expdir'"
wait_for 'email\.send +0 +1 \(0\) +1,2,3 +1,2,3 '
# acks=all is the producer's default (Kafka 3.0 on).
wait_for '^\[acks=all\]'
# moved TEXT: TEXT (what the status line says while a request waits) is
# on the screen, and the clock differs from $first.
moved() {
	s=$(screen)
	now=$(printf '%s\n' "$s" | sed -n '1s/.*t=\([0-9]*\.[0-9]\)s.*/\1/p')
	printf '%s\n' "$s" | grep -q "$1" && [ -n "$now" ] &&
	    [ "$now" != "$first" ]
}
# recut: broker 3 out of the ISR is shown; heal, wait for it back in the
# ISR, cut it off again.
recut() {
	wait_for 'email\.send +0 +1 \([0-9]+\) +1,2,3 +1,2 ' 40
	keys h
	wait_for 'email\.send +0 +1 \([0-9]+\) +1,2,3 +1,2,3 ' 40
	keys 3
	keys i
	wait_for 'isolated'
}
# A typed produce: the console closes, the screen runs on.
keys 3
keys i
wait_for 'isolated'
keys :
wait_for '^:( |$)'
typed 'produce email.send --acks all typed-while-cut-off'
wait_for "The command waits for the cluster's answer"
first=$(clock)
poll 20 moved "The command waits for the cluster's answer" ||
    fail "the clock stood still at t=$first while the typed produce waited"
echo "ok: the clock moves (from t=$first) while a typed acks=all produce waits"
wait_for '^│ *email\.send-0@[0-9]+' 40
wait_gone "The command waits"
echo "ok: the typed produce's answer arrives in the console pane afterwards"
# The key p, broker 3 cut off again.
recut
keys p
wait_for "Key p: waiting for the cluster's answer"
first=$(clock)
poll 20 moved "Key p: waiting for the cluster's answer" ||
    fail "the clock stood still at t=$first while the produce waited"
echo "ok: the clock moves (from t=$first) while the key p's acks=all produce waits"
# Its answer arrives once broker 3 has left the ISR; keys pressed
# meanwhile ran after it.
wait_for 'email\.send-0@[0-9]+' 40
wait_gone "Key p: waiting"
echo "ok: the produce's answer arrives afterwards"
# The console producer's > prompt, acks=all: the message waits, the
# screen runs on, the prompt stays for the next message.
recut
keys :
wait_for '^:( |$)'
typed 'kafka-console-producer.sh --bootstrap-server localhost:9092 --topic email.send --producer-property acks=all'
wait_for '^>( |$)'
typed 'sent-while-cut-off'
wait_for "The command waits for the cluster's answer"
first=$(clock)
poll 20 moved "The command waits for the cluster's answer" ||
    fail "the clock stood still at t=$first while the console producer waited"
wait_gone "The command waits" 40
wait_for '^>( |$)'
keys C-c
wait_gone '^>( |$)'
echo "ok: the clock moves (from t=$first) while the console producer's acks=all message waits; its prompt stays"
keys q
wait_for 'export before quitting\? \(y/n/esc\)'
keys n
wait_dead "n quits"

# ---- 2. Lab 11 at 160x45: the pager. --------------------------------
start "ISRLAB_LAB_PATH='$labdir' '$bin' --seed 4 --lab 11 --lang en --simulated --student kim --export-dir '$expdir'"
tm resize-window -t "$sess" -x 160 -y 45 >/dev/null 2>&1
wait_for 'lab 1/[0-9]+:'
for i in 1 2; do
	keys :
	wait_for '^:( |$)'
	typed 'group add-member order_processing_group orders'
	wait_gone '^:( |$)'
done
keys :
wait_for '^:( |$)'
typed 'kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group order_processing_group'
wait_for '^ \$ kafka-consumer-groups\.sh --bootstrap-server localhost:9092 --describe'
# One row per line, the header's columns on one screen line.
wait_for '^GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID'
wait_for '^order_processing_group +orders +[0-9] '
wait_for 'q or Esc closes this view'
echo "ok: wide kafka-consumer-groups output opens in the full-width pager at 160x45"
keys q
wait_gone '^ \$ kafka-consumer-groups\.sh'
wait_for 'lab [0-9]/[0-9]+:'
echo "ok: q closes the pager, the lab screen is back"

# ---- 3. The header keeps the alarm at 100 columns. --------------------
tm resize-window -t "$sess" -x 100 -y 30 >/dev/null 2>&1
keys 3
keys x
header_alarm() {
	screen | sed -n 1p | grep -q 'Lab 11.*alarms: URP [1-9]'
}
poll 20 header_alarm || fail "the header does not show the alarm at 100 columns"
echo "ok: at 100 columns the header shows the lab and its alarm"
exit 0
