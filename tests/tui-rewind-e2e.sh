#!/bin/sh
# tui-rewind-e2e.sh - going off a lab step's path on the screen, and `u`
# (rewind the step), driven by keys through tmux.
#
# Lab 01 on the simulator: step 1 by the console's describe; at step 2's
# start `d` shows the describe (leader 1, ISR 1,2,3).  Crashing broker 2
# (2 x) is not what step 2 asks (it names broker 1): the lab pane says what
# happened and how to get back.  Once the controller fenced broker 2 (ISR
# 1,3), `u` rebuilds the cluster as it was when the step began: broker 2 is
# up, the note is gone, and `d` shows the very describe of the step's
# start; the step then goes on (L crashes the leader: step 3).  There a
# describe through the dead broker fails: it does not tick, and the pane
# says it failed.  The export holds the rewind record.  Last, kill -9 and
# resume (r): the journal replayed without what the rewind undid (broker 1
# down, broker 2 up).  Every wait polls the screen with a timeout, never a
# fixed sleep.  Exit 77 (skip) without tmux.

set -u

sess=rewind
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
labdir=${ISRLAB_SRCDIR:-.}/labs

describe() {
	typed "bin/kafka-topics.sh --bootstrap-server localhost:$1 --describe --topic email.send"
}

# The describe popup's partition line, blanks squeezed.
describe_line() {
	screen | grep -o 'Partition: 0 .*Isr: [0-9,]*' | tr -s ' ' | head -n 1
}

# isr_is LIST: the selected row of the partition table shows ISR LIST.
isr_is() {
	screen | grep -E '^│> email\.send' | grep -q -- " $1 "
}

start "ISRLAB_LAB_PATH='$labdir' '$bin' --seed 1 --lab 01-leader-failover --student rewinder --export-dir '$expdir'"
wait_for '실습 1/7:'
keys :
describe 9092
# The describe is wider than the console pane: it opens in the pager,
# which Esc closes.
wait_for '^ \$ bin/kafka-topics\.sh'
keys Escape
wait_for '실습 2/7:'
keys j

# The state at step 2's start.
keys d
wait_for 'Partition: 0 +Leader: 1 +Replicas: 1,2,3 +Isr: 1,2,3'
before=$(describe_line)
keys Escape
wait_gone 'Partition: 0 +Leader: 1 +Replicas'
echo "ok: step 2 starts with: $before"

# Off the path: broker 2 crashed while the step is about broker 1.
keys 2
keys x
wait_for '2번 브로커가 다운됐다\.'
wait_for '이 단계에서 다루는 브로커: 1\.'
echo "ok: crashing broker 2 in step 2 says what happened and how back"
if ! poll 30 isr_is 1,3; then
	echo "FAIL: the ISR did not shrink to 1,3"; screen; exit 1
fi

# u: the cluster as it was when step 2 began.
keys u
wait_for '2단계를 처음 상태로 되돌렸다'
wait_for '\[2\] ● 정상'
wait_gone '2번 브로커가 다운됐다'
keys d
wait_for 'Partition: 0 +Leader: 1 +Replicas: 1,2,3 +Isr: 1,2,3'
after=$(describe_line)
keys Escape
if [ "$before" != "$after" ]; then
	echo "FAIL: describe after the rewind: '$after', at the start: '$before'"
	exit 1
fi
echo "ok: u restores the step's start (the same describe: $after)"

# The step goes on from there.
wait_for '실습 2/7:'
keys L
wait_for '실습 3/7:'
echo "ok: after the rewind, L completes step 2"

# A failed command: no tick, and the pane says so.
wait_for '✔ email\.send-0의 ISR이 2,3이 된다' 30
keys :
describe 9092
# TopicCommand prints its error on standard output, wider than the pane:
# the pager opens over the lab pane; q closes it.
wait_for 'Timed out waiting'
keys q
wait_for '명령이 실패했다'
wait_for '실습 3/7:'
keys Escape
echo "ok: a describe through the dead broker fails, does not tick, is explained"

# The journal has the rewind.
keys e
if ! poll 20 eval 'grep -l "\"type\": *\"rewind\"" "$expdir"/*.jsonl >/dev/null 2>&1'; then
	echo "FAIL: no rewind record in the export"; ls "$expdir"; screen; exit 1
fi
echo "ok: the export has the rewind record"

# The terminal dies (kill -9); resuming replays the journal without what
# the rewind undid: broker 2 is up, broker 1 down, at step 3.
pp=$(tm display-message -p -t "$sess" '#{pane_pid}')
if [ "$(ps -o comm= -p "$pp")" = isrlab ]; then p=$pp; else p=$(pgrep -P "$pp" -x isrlab); fi
[ -n "$p" ] || { echo "FAIL: no isrlab process"; exit 1; }
kill -9 "$p"
wait_dead "killed -9 at step 3, after a rewind in step 2"
start "ISRLAB_LAB_PATH='$labdir' '$bin' --seed 1 --lab 01-leader-failover --student rewinder --export-dir '$expdir'"
wait_for 'rewinder · 실습 01-leader-failover, 3/7 단계'
keys r
wait_for '실습 3/7:'
wait_for '\[1\] ✖ 다운'
wait_for '\[2\] ● 정상'
echo "ok: resumed after a rewind: the undone crash of broker 2 stays undone"
