#!/bin/sh
# tui-keys-e2e.sh - every key of the live screen, pressed through tmux,
# with what it visibly does checked on the screen (capture-pane).
#
# Free play on the simulator with 4 brokers: ? and F1 (help, pausing the
# clock), space and . (pause, step 100 ms), + = - (speed), 1-9 (select a
# broker; 9 does not exist), a (acks), p and P (one message, the steady
# producer), c (the consumer pane), Tab (focus: the focused pane's title
# is drawn in cyan), d and m (describe and metrics pop-ups), : (the
# console; a topic of 6 partitions is made there), j k Down Up PgDn PgUp
# (the partition selection), L x r s i h (faults on the selected broker
# or leader), n b t (lab keys in free play), e (export) and q.
# Then a lab (tests/fixtures/lab-keys.md): n b t on its steps, Tab to the
# lab pane and j k PgDn PgUp scrolling its text, the quiz by a letter,
# and the finish summary.
# Every wait polls the screen with a deadline, never a fixed sleep.
# Exit 77 (skip) without tmux.

set -u

sess=keys
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"

# The screen with its colours (SGR escapes) kept.
screen_sgr() { tm capture-pane -p -e -t "$sess"; }
# focused TITLE: the pane titled TITLE has the focus (bold cyan title).
title_focused() { screen_sgr | grep -E -q "$(printf '\033')\\[36m $1 "; }
wait_focus() {
	poll 20 title_focused "$1" && return 0
	echo "FAIL: the pane '$1' did not get the focus; the screen was:"
	screen
	exit 1
}
# The lab time on the header, in tenths of a second.
lab_tenths() {
	screen | sed -n '1s/.* t=\([0-9]*\)\.\([0-9]\)s .*/\1\2/p'
}
tenths_are() { [ "$(lab_tenths)" = "$1" ]; }

start "'$bin' --seed 4 --play --lang en --simulated --brokers 4 --export-dir '$expdir'"
wait_for 'email\.send +0 +1 \(0\) +1,2,3 +1,2,3 '
wait_for '\[4\] ● UP'
echo "ok: free play on the simulator with 4 brokers"

# ? opens the help and pauses the clock; Esc closes it and resumes.
keys '?'
wait_for 'help \(clock paused\)'
wait_for ' ⏸ 1\.0x'
wait_for 'Tab +move focus: partitions, events, console, consumer'
keys Escape
wait_gone 'help \(clock paused\)'
wait_for ' ▶ 1\.0x'
keys F1
wait_for 'help \(clock paused\)'
keys Escape
wait_gone 'help \(clock paused\)'
echo "ok: ? and F1 show the help with the clock paused; Esc closes it"

# space pauses, . steps 100 ms of lab time (twice: after the first the
# clock is known to stand still), space resumes.
keys Space
wait_for 'clock paused \(space resumes, \. steps 100 ms\)'
wait_for ' ⏸ 1\.0x'
keys .
wait_for 'stepped 100 ms \(paused\)'
t1=$(lab_tenths)
keys .
if ! poll 20 tenths_are "$((t1 + 1))"; then
	echo "FAIL: . moved the clock from $t1 to $(lab_tenths) tenths of a s"
	exit 1
fi
keys Space
wait_for 'clock running'
wait_for ' ▶ 1\.0x'
echo "ok: space pauses, . steps 100 ms, space resumes"

# + and = speed the clock up, - slows it down.
keys +
wait_for ' ▶ 2\.0x'
wait_for 'speed 2x$'
keys -
wait_for ' ▶ 1\.0x'
keys =
wait_for ' ▶ 2\.0x'
keys - -
wait_for ' ▶ 0\.50x'
keys +
wait_for ' ▶ 1\.0x'
echo "ok: + = - change the speed"

keys 9
wait_for 'there is no broker 9 \(brokers are 1-4\)'
echo "ok: 9 says there is no broker 9"

# a cycles the producer's acks: all -> 0 -> 1 -> all.
wait_for '^\[acks=all\]'
keys a
wait_for '^\[acks=0\] producer acks=0'
keys a
wait_for '^\[acks=1\] producer acks=1'
keys a
wait_for '^\[acks=all\] producer acks=all'
echo "ok: a cycles acks 0, 1, all"

# p produces one message to the selected partition.
keys p
wait_for 'email\.send-0@0'
wait_for 'email\.send +0 +1 \(0\) +1,2,3 +1,2,3 +1 '
echo "ok: p produced one message (HW 1)"

# P starts the steady producer and stops it.
# (Its status line replaces the "producer started" message at once.)
keys P
wait_for '^\[producer email\.send acks=all: [1-9][0-9]* sent, 0 errors'
keys P
wait_for 'producer stopped: [1-9][0-9]* sent, 0 errors'
echo "ok: P starts and stops the steady producer"

# c opens the consumer pane; Tab moves the focus over the panes.
keys c
wait_for 'consuming email\.send from the beginning, up to the HW'
wait_for '─ consumer: email\.send ─'
wait_for 'p0@0  message-1'
wait_focus 'partitions \(1\)'
keys Tab
wait_focus 'events'
keys Tab
wait_focus 'consumer: email\.send'
keys Tab
wait_focus 'partitions \(1\)'
echo "ok: c shows the consumer; Tab moves the focus"
keys c
wait_gone '─ consumer: email\.send ─'
echo "ok: c closes the consumer"

# d and m: the describe and metrics pop-ups.
keys d
wait_for '─ kafka-topics --describe --topic email\.send ─'
wait_for 'Topic: email\.send +TopicId: '
keys Escape
wait_gone 'kafka-topics --describe --topic email\.send'
keys m
wait_for '─ metrics ─'
wait_for 'name=ActiveBrokerCount 4'
keys Down j Up k
keys Escape
wait_gone '─ metrics ─'
echo "ok: d and m open describe and metrics; Esc closes them"

# : opens the console; a topic made there shows in the table.
keys :
wait_for '^:$'
typed 'kafka-topics --bootstrap-server localhost:9092 --create --topic t2 --partitions 6 --replication-factor 2'
wait_for 'Created topic t2\.'
wait_for 'partitions \(7\)'
wait_for '─ console ─'
keys Escape
echo "ok: : runs a console command"

# The selection: j/Down go down, k/Up go up, PgDn/PgUp jump and clamp.
wait_for '^│> email\.send +0 '
keys j
wait_for '^│> t2 +0 '
keys j
wait_for '^│> t2 +1 '
keys Down
wait_for '^│> t2 +2 '
keys k
wait_for '^│> t2 +1 '
keys Up
wait_for '^│> t2 +0 '
keys NPage
wait_for '^│> t2 +5 '
keys PPage
wait_for '^│> email\.send +0 '
echo "ok: j k Down Up PgDn PgUp move the selection"

# L crashes the selected partition's leader (and selects it); r restarts.
keys L
wait_for '\$ kill 1'
wait_for '\[1\] ✖ DOWN'
keys r
wait_for '\$ restart 1'
wait_for '\[1\] ● UP'
echo "ok: L crashes the leader, r restarts it"

# 2 x crashes broker 2; 3 s stops broker 3; r restarts each.
keys 2 x
wait_for '\$ kill 2'
wait_for '\[2\] ✖ DOWN'
keys r
wait_for '\[2\] ● UP'
keys 3 s
wait_for '\$ stop 3'
wait_gone '\[3\] ● UP'
keys r
wait_for '\[3\] ● UP'
echo "ok: x crashes and s stops the selected broker"

# 4 i isolates broker 4; h heals.
keys 4 i
wait_for '\$ isolate 4'
wait_gone '\[4\] ● UP'
keys h
wait_for '\$ heal'
wait_for '\[4\] ● UP'
echo "ok: i isolates the selected broker, h heals"

# n b t belong to labs.
for k in n b t; do
	keys "$k"
	wait_for "n/b/t/u are lab keys: this is free play$"
	keys 9
	wait_for 'there is no broker 9'
done
echo "ok: n b t say they are lab keys"

# e exports (the name asked first); q then quits at once.
keys e
wait_for 'export: your name>'
typed 'keys'
wait_for 'export: your student id \(Enter: none\)>'
keys Enter
wait_for 'wrote .*isrlab-free-keys-[0-9-]+\.md'
keys q
wait_dead "e exports, q quits"

# A lab: tests/fixtures/lab-keys.md, a long read-only step, a step with
# two hint levels, a quiz.
start "'$bin' --seed 4 --lab '${ISRLAB_SRCDIR:-.}/tests/fixtures/lab-keys.md' --simulated"
wait_for '─ 실습 1/3: 읽기만 하는 단계 ─'
keys t
wait_for '이 단계에는 힌트가 없다$'
echo "ok: t on a step without a hint says so"

# Tab twice (events, then the lab pane): its text scrolls with j k PgDn
# PgUp; the bottom line shows how far.
wait_for ' 0% PgUp/PgDn ─'
keys Tab Tab
wait_for ' 0% j/k PgUp/PgDn ─'
keys j
wait_for ' [1-9]% j/k PgUp/PgDn ─'
keys NPage
wait_for ' [1-9][0-9]% j/k PgUp/PgDn ─'
keys PPage
wait_for ' [1-9]% j/k PgUp/PgDn ─'
keys k
wait_for ' 0% j/k PgUp/PgDn ─'
echo "ok: Tab focuses the lab pane; j k PgDn PgUp scroll its text"

# n passes the read-only step; on step 2 it says what is not done.
keys n
wait_for '─ 실습 2/3: 브로커 2 종료 ─'
wait_for '✔ 1/3 완료: 읽기만 하는 단계'
keys n
wait_for '아직 끝나지 않았다: 브로커 2가 다운된다$'
echo "ok: n passes a read-only step, and says what is missing (the checklist's sentence) after"

# t shows the hint's levels one by one.
keys t
wait_for '힌트 1/2: 첫 번째 힌트: 브로커 2 를 고르세요\.'
keys t
wait_for '힌트 2/2: 두 번째 힌트: 2 를 누르고 x 를 누르세요\.'
echo "ok: t shows the hint, then its next level"

# b shows the step before (and says when there is none); n comes back.
keys b
wait_for '─ 실습 1/3: 읽기만 하는 단계 ─'
keys b
wait_for '첫 단계다$'
keys n
wait_for '─ 실습 2/3: 브로커 2 종료 ─'
echo "ok: b goes back a step, n forward again"

# The step's own action, then the quiz answered by its letters.
keys 2 x
wait_for '─ 실습 3/3: 퀴즈 ─'
wait_for 'a-b 키로 답한다'
keys a
wait_for '✘ 아니다 \(a\)\. 다시 답해 본다\.'
keys b
wait_for '✔ 정답이다! \(b\)'
wait_for '─ 실습 완료 ─'
wait_for '3/3 단계, 실습 시간 '
keys Escape
wait_gone '─ 실습 완료 ─'
keys n
wait_for '─ 실습 완료 ─'
echo "ok: the quiz takes a and b; n shows the summary again"

# q from the summary asks about exporting; n quits without it.
keys q
wait_for '종료하기 전에 내보낼까요\? \(y/n/Esc\)'
keys n
wait_dead "q n quits the lab without exporting"
exit 0
