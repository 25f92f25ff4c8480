#!/bin/sh
# tui-class.sh - the teacher's dashboard (isrlab --class-server) driven
# through tmux: the empty class, a student who had lab 01 solved by
# --solve (marked solve, not done), two students on the screen in lab 02
# (the one on the step longest on top, the finished one at the bottom),
# a failed command as the last error, Enter for a student's timeline, one
# student id under two names (kim, then 김민수) as one row, and q asking
# before it quits; then the dashboard again in Korean on the same
# directory, the rows read back from the copies.  Skips (77) without
# tmux.
sess=tui-class
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
ISRLAB_LAB_PATH=${ISRLAB_SRCDIR:-.}/labs
export ISRLAB_LAB_PATH
XDG_CONFIG_HOME=$expdir/no-config
export XDG_CONFIG_HOME

start "$bin" --class-server 127.0.0.1:0 --class-dir "$expdir/class" --lang en
wait_for 'isrlab class  127\.0\.0\.1:[0-9]+  code [0-9A-Z]{4}-'
wait_for 'No student yet'
port=$(screen | sed -n 's/.*isrlab class  127\.0\.0\.1:\([0-9]*\) .*/\1/p')
code=$(cat "$expdir/class/class-code")
on_screen "code $code" || { echo "FAIL: the code on screen"; screen; exit 1; }
echo "ok: the empty class, its address and code"

"$bin" --headless --lab 01 --solve --student kim --student-id 2024-001 \
    --export-dir "$expdir" --class "127.0.0.1:$port" --class-code "$code" \
    >"$expdir/kim.out" 2>&1 ||
    { cat "$expdir/kim.out"; echo "FAIL: kim's run"; exit 1; }
wait_for '^ kim 2024-001 +01 +7/7 +solve +0 +off'
echo "ok: a student who ran --solve, marked solve"

# Two students on the screen, one after the other.
student() {
	tm new-window -d -t "$sess" "env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
TERM=xterm-256color $bin --simulated --lab 02 --student '$1' \
--class 127.0.0.1:$port --class-code $code"
}
student 이서연
wait_for '^ 이서연 +02 +1/6 +[0-9]+s +0 +on'
student Park
wait_for '^ Park +02 +1/6 +[0-9]+s +0 +on'
wait_for '3 students, 2 connected'
# Who is on the step longest is on top, the finished one at the bottom.
order=$(screen | sed -n 's/^ \(이서연\|Park\|kim\) .*/\1/p' | tr '\n' ' ')
[ "$order" = "이서연 Park kim " ] ||
    { echo "FAIL: the order was '$order'"; screen; exit 1; }
echo "ok: the one stuck longest on top"

# Park's failed command becomes the row's last error.
tm send-keys -t "$sess:2" ':'
tm send-keys -t "$sess:2" -l 'kill 9'
tm send-keys -t "$sess:2" Enter
wait_for '^ Park +02 +1/6 .* on +kill 9'
echo "ok: the last error"

# Enter: the top student's timeline; Esc back.
keys k k k Enter
wait_for 'timeline: 이서연, lab '
wait_for ' 1/6 .* now +hints 0 +errors 0'
keys Escape
wait_for '^ 이서연 +02 +1/6'
echo "ok: a student's timeline"

# kim's id again under a Korean name: the same student, one row, the
# newer session's.
"$bin" --headless --lab 02 --solve --student 김민수 --student-id 2024-001 \
    --export-dir "$expdir" --class "127.0.0.1:$port" --class-code "$code" \
    >"$expdir/minsu.out" 2>&1 ||
    { cat "$expdir/minsu.out"; echo "FAIL: 김민수's run"; exit 1; }
wait_for '^ 김민수 2024-001 +02 +6/6 +solve +0 +off'
wait_gone '^ kim '
on_screen '3 students, 2 connected' ||
    { echo "FAIL: one id, two names, two students"; screen; exit 1; }
echo "ok: one id under two names is one student"

# q asks first; n stays, y quits.
keys q
wait_for 'Quit the class server\?'
keys n
wait_gone 'Quit the class server\?'
keys q
wait_for 'Quit the class server\?'
keys y
wait_dead "q, y quits the dashboard"

# Again, in Korean (the tests' locale has no English), on the same
# directory: the same code, the rows read back from the copies.
start "$bin" --class-server 127.0.0.1:0 --class-dir "$expdir/class"
wait_for "isrlab 수업  127\\.0\\.0\\.1:[0-9]+  수업 코드 $code"
wait_for '^ 학생 +실습 +단계 +경과 +힌트 +연결 +마지막 오류'
wait_for '^ 김민수 2024-001 +02 +6/6 +자동풀이 +0 +끊김'
on_screen '^ kim ' && { echo "FAIL: kim's older row read back"; screen; exit 1; }
keys q
wait_for '수업 서버를 끝낼까\\?'
keys y
wait_dead "the Korean dashboard"
