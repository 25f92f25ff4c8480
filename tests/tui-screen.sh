#!/bin/sh
# tui-screen.sh - the screen never loses work and its keys do what the
# labs say (issue 12), driven through tmux by keys.
#
# Free play on the simulator: Ctrl-C in the console producer's `>` prompt
# ends the producer and closes the prompt, Ctrl-C in the `:` prompt closes
# it, and neither leaves the screen; Enter runs a console line and closes
# the console (as vim's `:`), `:` and Up bring the line back; Ctrl-C on
# the plain screen asks the question q asks, Esc stays; y exports and the
# screen, then the terminal, say where the files went (full paths).
# A quiz's answer line; lab 01 at 80x24 and the header's alarms.
# Every wait polls the screen with a deadline, never a fixed sleep.
# Exit 77 (skip) without tmux.

set -u

sess=screen
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"

alive() {
	if pane_dead; then
		echo "FAIL: isrlab exited ($1)"
		screen
		exit 1
	fi
}

start "'$bin' --seed 4 --play --lang en --simulated --student kim --export-dir '$expdir'"
wait_for 'email\.send +0 +1 \(0\) +1,2,3 +1,2,3 '

# The console producer: Ctrl-C ends it, as it ends Kafka's, and closes
# the prompt; the session stays.
keys :
typed 'kafka-console-producer.sh --bootstrap-server localhost:9092 --topic email.send'
wait_for '^>( |$)'
typed 'hello-1'
wait_for '^│ >hello-1'
keys C-c
wait_for '\(producer ended\)'
wait_gone '^>( |$)'
alive "Ctrl-C in the producer's prompt"
echo "ok: Ctrl-C in the producer's > prompt ends the producer, the screen stays"

# The console prompt: Ctrl-C closes it; the session stays.
keys :
wait_for '^:( |$)'
tm send-keys -t "$sess" -l 'describe'
keys C-c
wait_gone '^:( |$)'
alive "Ctrl-C in the console prompt"
echo "ok: Ctrl-C in the : prompt closes it, the screen stays"

# Enter runs the line and closes the console: the next key is the
# screen's again (h heals, no "unknown command"); : and Up bring the
# line back.
keys :
typed 'describe email.send'
wait_for 'Topic: email\.send'
wait_gone '^:( |$)'
keys h
wait_for '\$ heal'
if on_screen "unknown command 'h'"; then
	echo "FAIL: h went to the console"
	screen
	exit 1
fi
keys :
keys Up
wait_for '^: describe email\.send'
keys Escape
wait_gone '^:( |$)'
echo "ok: Enter runs the console line and closes it; : and Up reopen it with the line"

# Ctrl-C on the plain screen asks what q asks; Esc stays.
keys C-c
wait_for 'export before quitting\? \(y/n/esc\)'
keys Escape
wait_gone 'export before quitting'
alive "Esc after Ctrl-C"
echo "ok: Ctrl-C on the plain screen asks before quitting; Esc stays"

# q, y: the export, then the terminal, name both files by full path.
keys q
wait_for 'export before quitting\? \(y/n/esc\)'
keys y
wait_dead "y exports and quits"
full=$(cd "$expdir" && pwd -P)
said() {
	tm capture-pane -p -J -S -100 -t "$sess" | grep -q "isrlab: wrote $full/isrlab-free-kim-[-0-9]*\\.md, $full/isrlab-free-kim-[-0-9]*\\.jsonl"
}
if ! poll 20 said; then
	echo "FAIL: the terminal does not name both files by full path"
	tm capture-pane -p -J -S -100 -t "$sess"
	exit 1
fi
echo "ok: after q, y the terminal says where the files went (full paths)"

# A quiz (tests/fixtures/lab-quiz.md, answer 1) has its own answer line,
# never the console: a wrong answer gets a hint and another try, 1개 is
# taken for 1 and only then comes the explanation; all of it shows at
# 80x24.
fixtures=${ISRLAB_SRCDIR:-.}/tests/fixtures
start "'$bin' --seed 4 --lab '$fixtures/lab-quiz.md' --simulated --student kim --export-dir '$expdir'"
tm resize-window -t "$sess" -x 80 -y 24
wait_for '실습 1/2: 파티션보다 많은 컨슈머'
# Three partitions in a one-row pane: its frame counts them in Korean.
wait_for ' 1-1 / 전체 3 ─'
wait_for 'Enter 를 누르고 답을 입력한다'
wait_for '숫자로 답한다: 7, ７, 7개, 7 개, 일곱은 모두'
keys Enter
wait_for '^답>'
typed '2'
wait_for '✘ 아니다 \(2\)\. 아래 힌트를 읽고'
wait_for '힌트 1/2: 한 파티션은 그룹 안에서'
wait_for '^답>'
if on_screen '넷째 컨슈머는' || on_screen 'unknown command' ||
    on_screen '알 수 없는 명령이다'; then
	echo "FAIL: the explanation (or the console) came after one wrong try"
	screen
	exit 1
fi
echo "ok: a wrong answer gets a hint and another try, no explanation yet"
typed '1개'
wait_for '✔ 정답이다! \(1개\)'
wait_for '넷째 컨슈머는'
wait_gone '^답>'
wait_for '실습 2/2: 끝'
echo "ok: the quiz takes 1개 for 1, then explains"
keys q
wait_for '종료하기 전에 내보낼까요'
keys y
wait_dead "y exports the quiz lab"
jl=$(ls "$expdir"/isrlab-96-kim-*.jsonl)
n=$(grep -c '"type":"quiz_answer"' "$jl")
if [ "$n" != 2 ]; then
	echo "FAIL: $n quiz_answer records in $jl, not 2"
	exit 1
fi
echo "ok: both tries are journaled"

# Lab 01 at 80x24: the first step's instructions come first and show;
# PgDn scrolls the lab pane (the partitions have the focus); at 100x30
# the header keeps the alarms when there is one (the title is cut).
labdir=${ISRLAB_SRCDIR:-.}/labs
start "ISRLAB_LAB_PATH='$labdir' '$bin' --seed 4 --lab 01 --simulated --export-dir '$expdir'"
tm resize-window -t "$sess" -x 80 -y 24
wait_for '실습 1/7: 현재 리더 노드 확인'
wait_for 'email\.send 토픽의 리더가 어느 브로커인지'
wait_for '콘솔을 열고 다음 명령을'
wait_for '\$ bin/kafka-topics\.sh'
wait_for '▶ `kafka-topics --describe --topic'
echo "ok: at 80x24 the first step's instructions and checklist show"
keys NPage
wait_for '--topic email\.send *│'
echo "ok: PgDn scrolls the lab pane without focusing it"
keys '?'
wait_for 'PgUp/PgDn 은 초점이 어디에 있든 실습 창을'
keys Escape
wait_gone 'help \(clock paused\)'
echo "ok: ? mentions the lab pane"
tm resize-window -t "$sess" -x 100 -y 30
keys 1 i
wait_for '알람: URP 1  OFFLINE 0 *$'
echo "ok: at 100 columns the header keeps the alarms in a lab"
exit 0
