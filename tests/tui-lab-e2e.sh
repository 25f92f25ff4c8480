#!/bin/sh
# tui-lab-e2e.sh - lab 01 played in the real TUI through tmux, by keys.
#
# Starts plain $ISRLAB_BIN (the lab picker) in a detached tmux session of
# 120x40 with LANG=C.UTF-8, picks lab 01 with j and Enter, then follows the
# lab's own solution with the keys a student would press: `:` and the
# describe command, `j` `L` to crash the leader, `:` and the describe
# through 19092 once the controller fenced broker 1, the console producer
# (Ctrl-D ends it) and consumer (Enter closes the console, as vim's `:`), `1` `r` to restart broker 1, and the last
# describe.  After each step it checks with capture-pane that the step's
# checklist ticked (✔) and the pane moved to the next step; at the end,
# that the finish summary appears, that q offers the list and y returns to
# the picker with lab 01 marked done (after the "export before leaving?"
# question, y and the student's name: both files verify), and that q
# there quits.  Last, a lab 01 session recorded headless is replayed on
# the screen (--replay --speed 20) up to "final state matches".
# Every wait polls the screen with a timeout, never a fixed sleep.
# Exit 77 (skip) without tmux or without the labs.

set -u

sess=lab
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
labdir=${ISRLAB_SRCDIR:-.}/labs
if [ ! -f "$labdir/01-leader-failover.md" ]; then
	echo "SKIP: no $labdir/01-leader-failover.md"
	exit 77
fi

describe_line() {
	echo ":bin/kafka-topics.sh --bootstrap-server localhost:$1 --describe --topic email.send"
}
describe() {
	typed "$(describe_line "$1" | cut -c2-)"
}
# A describe that answers prints lines wider than the console pane: they
# open in the pager over the screen, and q closes it.
describe_read() {
	describe "$1"
	wait_for '^ \$ bin/kafka-topics\.sh --bootstrap-server localhost:'"$1"
	keys q
	wait_gone '^ \$ bin/kafka-topics\.sh'
}

start "ISRLAB_LAB_PATH='$labdir' '$bin' --seed 1 --export-dir '$expdir'"

# The picker: free play first, then the labs; j selects lab 01.
wait_for '^│>  +자유 실습'
wait_for '01  리더 파티션에 장애가 발생하면 어떻게 될까\? +입문 +20분'
wait_for '13  생각해 볼 문제들'
wait_for '14  Kafka 4의 ELR'
keys j
wait_for '^│> 01  리더 파티션에 장애가'
echo "ok: the picker lists free play and 14 labs; j selects lab 01"
keys Enter

# Step 1: describe through the console.
wait_for '실습 1/7: 현재 리더 노드 확인'
wait_for '▶ `kafka-topics --describe --topic'
wait_for '실습 01 리더 파티션'
keys t
wait_for '힌트 1/2:'
keys t
wait_for '힌트 2/2:'
echo "ok: t shows hint 1/2, t again the exact command (2/2)"
keys :
describe_read 9092
wait_for '실습 2/7: 리더 노드 강제 종료'
wait_for '✔ 1/7 완료: 현재 리더 노드 확인'
wait_for '▶ 브로커 1이 다운된다'
echo "ok: step 1 ticked after the describe"

# Step 2: select the partition and crash its leader.
keys Escape
keys j
keys L
wait_for '실습 3/7: 리더 승격 및 상태 확인'
wait_for '✔ 2/7 완료: 리더 노드 강제 종료'
echo "ok: step 2 ticked after L"

# Step 3: the controller fences broker 1 (3 s), then describe via 19092.
wait_for '✔ email\.send-0의 리더가 브로커 1이 아니다'
wait_for '✔ email\.send-0의 ISR이 2,3이 된다'
wait_for '▶ `kafka-topics --describe --topic'
echo "ok: step 3's leader and ISR expectations ticked by themselves"
# Asking the dead broker fails (a timeout), and a failed command does
# not tick: the step stays, its `saw` unmet.
keys :
describe 9092
wait_for 'Timed out waiting'
keys q		# the error line (standard output) opened the pager
wait_for '▶ `kafka-topics --describe --topic'
wait_for '실습 3/7: 리더 승격 및 상태 확인'
echo "ok: a failed describe does not tick step 3"
keys Escape
keys :
describe_read 19092
wait_for '실습 4/7: 장애 상태에서 서비스 테스트'
wait_for '▶ email\.send에 보낸 메시지가 1건 이상이다'
echo "ok: step 3 done after the describe"
screen > "${TMPDIR:-/tmp}/isrlab-lab-e2e-step4.txt" 2>/dev/null || :

# Step 4: the console producer (Ctrl-D ends it and keeps the console
# open), then the consumer.  Enter closed the console after the describe.
wait_gone '^:( |$)'
keys :
typed "bin/kafka-console-producer.sh --bootstrap-server localhost:19092 --topic email.send"
typed "test-message-after-fail"
wait_for '✔ email\.send에 보낸 메시지가 1건 이상이다'
keys C-d
typed "bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 --topic email.send --from-beginning"
wait_for '실습 5/7: 장애 노드 복구'
echo "ok: step 4 ticked after producing and consuming"

# Step 5: select broker 1 and restart it.
keys Escape
wait_for '▶ 브로커 1이 실행 중이다'
keys 1
keys r
wait_for '실습 6/7: 복구 완료 확인'
echo "ok: step 5 ticked after 1 r"

# Step 6: broker 1 rejoins the ISR (at the end), then describe.
wait_for '✔ email\.send-0의 ISR이 2,3,1이 된다' 40
keys :
describe_read 19092
wait_for '실습 7/7: 리더가 선호 리더에게'
echo "ok: step 6 ticked after the describe"

# Step 7: 30 s of lab time after the fencing, the auto leader rebalance
# gives leadership back to 1; then describe.
wait_for '✔ email\.send-0의 리더가 브로커 1이 된다' 90
# The last describe finishes the lab: the summary takes the pager's place.
keys :
describe 19092
wait_for '실습 완료'
wait_for '7/7 단계'
wait_for '✔ 7/7 리더가 선호 리더에게'
echo "ok: the finish summary appears"
screen > "${TMPDIR:-/tmp}/isrlab-lab-e2e-summary.txt" 2>/dev/null || :

# Leave: q (from the summary) asks whether to export first; y asks the
# name and the student id, exports into --export-dir (the id in the log,
# both remembered for later labs) and goes back to the list.
keys q
wait_for '실습 목록으로 돌아가기 전에 내보낼까요\? \(y/n/Esc\)'
keys y
wait_for '이름 \(name\)>'
typed 't'
wait_for '학번 \(student id, 없으면 Enter\)>'
typed '2024-077'
wait_for '01  리더 파티션에 장애가 발생하면 어떻게 될까\?.*✔ 완료'
echo "ok: back in the picker, lab 01 marked done"
grep -q '"student":"t","student_id":"2024-077"' "$expdir"/isrlab-01-t-*.jsonl ||
    { echo "FAIL: the student id is not in the log"; exit 1; }
[ "$(cat "$XDG_STATE_HOME/isrlab/student.json")" = '{"student":"t","student_id":"2024-077"}' ] ||
    { echo "FAIL: the name and id are not remembered"; exit 1; }
echo "ok: the name and student id asked once, in the log and remembered"
if ! "$bin" --verify-log "$expdir"/isrlab-01-t-*.md \
    "$expdir"/isrlab-01-t-*.jsonl >/dev/null; then
	echo "FAIL: the lab's export is missing or does not verify"
	ls -l "$expdir"
	exit 1
fi
echo "ok: y exported the lab (both files verify)"

keys q
wait_dead "q in the picker quits"

# The help over a command's table: a wait-until that already holds, a
# describe typed behind it and ? arrive in one read.  Whatever order they
# act in, the help ends on top and the describe's table never covers it
# (a pager over the help hid it and took the keys meant for it:
# tests/tui-labs-play.sh's barrier timed out).  Since a wait that holds
# ends at once (wait.c), the describe runs before ? here; pager.c's rule
# for output that arrives while a popup shows is not reached by this.
start "ISRLAB_LAB_PATH='$labdir' '$bin' --seed 1 --simulated --lang en --export-dir '$expdir'"
wait_for 'Kafka replication labs: pick one'
keys 1 Enter Space
wait_for '┌─ lab 1/7: '
wait_for '^ isrlab  Lab 01 .*⏸ '
tm send-keys -t "$sess" -l ':wait-until leader email.send/0 == 1' \; \
    send-keys -t "$sess" Enter \; \
    send-keys -t "$sess" -l "$(describe_line 9092)" \; \
    send-keys -t "$sess" Enter '?'
wait_for 'help \(clock paused\)'
wait_for '┌─ lab 2/7: '
if on_screen 'q or Esc closes this view|^ \$ bin/kafka-topics'; then
	echo "FAIL: the describe's pager opened over the help:"
	screen
	exit 1
fi
keys Escape
wait_gone 'help \(clock paused\)'
wait_for 'condition met at'
off_screen 'q or Esc closes this view' || {
	echo "FAIL: a pager opened after the help closed:"; screen; exit 1; }
echo "ok: a table arriving while the help shows leaves the help on top"
stop_server

# The live replay: a session recorded headless (lab 01 solved), played
# back on the screen at 20x, ends with the same final state.
rm -f "$expdir"/*
"$bin" --seed 1 --headless --lab 01 --lab-dir "$labdir" --solve --student t \
    --export-dir "$expdir" >/dev/null ||
    { echo "FAIL: recording lab 01 headless"; exit 1; }
log=$(ls "$expdir"/*.jsonl)
start "'$bin' --replay '$log' --speed 20"
wait_for '재생: t 01-leader-failover'
wait_for '재생 끝 \(t=[0-9.]+s\): 최종 상태가 기록과 같다' 30
echo "ok: the live replay ends with the recorded final state"
screen > "${TMPDIR:-/tmp}/isrlab-lab-e2e-replay.txt" 2>/dev/null || :
keys q
wait_dead "q ends the replay"
exit 0
