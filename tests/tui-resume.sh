#!/bin/sh
# tui-resume.sh - a session survives its terminal dying (kill -9).
#
# On the screen, through tmux: lab 01 on the simulator, step 1 done by the
# console's describe; the isrlab process is killed with -9; the next start
# (same XDG_STATE_HOME) offers the interrupted session, r resumes it, and
# the lab continues at step 2: t gives the hint after the one shown
# before the crash, and crashing the leader ticks the step, as in a
# session never interrupted.  Its terminal hangs up (SIGHUP): the next
# start's e exports it as it was: sealed files whose step table has both steps done, and
# then the lab starts afresh.  Headless: a run killed with -9 leaves its
# state file (0600 in a 0700 directory), `isrlab --recover` lists it and
# `--recover ID --export-dir DIR` exports it with its commands and final
# state; a run that ends normally leaves nothing.  Every wait polls with a
# deadline.  Exit 77 (skip) without tmux or without the labs.

set -u

sess=resume
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
labdir=${ISRLAB_SRCDIR:-.}/labs
if [ ! -f "$labdir/01-leader-failover.md" ]; then
	echo "SKIP: no $labdir/01-leader-failover.md"
	exit 77
fi
state=$XDG_STATE_HOME/isrlab
fail() { echo "FAIL: $*"; exit 1; }

# The isrlab process in the pane (the pane's shell may have run it as a
# child rather than exec'd it).
isrlab_pid() {
	pp=$(tm display-message -p -t "$sess" '#{pane_pid}')
	if [ "$(ps -o comm= -p "$pp")" = isrlab ]; then
		echo "$pp"
	else
		pgrep -P "$pp" -x isrlab
	fi
}
# kill_with SIGNAL WHAT: the isrlab process gets SIGNAL and is gone.
kill_with() {
	p=$(isrlab_pid) || fail "no isrlab process to kill"
	kill -"$1" "$p"
	wait_dead "$2"
}
in_state() { grep -q -- "$1" "$state"/session-*.jsonl 2>/dev/null; }

run="ISRLAB_LAB_PATH='$labdir' '$bin' --seed 1 --simulated --lab 01 --student kim --export-dir '$expdir'"

# Step 1 of lab 01, then the terminal dies.
start "$run"
wait_for '실습 1/7: 현재 리더 노드 확인'
keys :
typed "bin/kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic email.send"
# The describe is wider than the console pane: it opens in the pager,
# which Esc closes.
wait_for '^ \$ bin/kafka-topics\.sh'
keys Escape
wait_for '실습 2/7: 리더 노드 강제 종료'
keys t
wait_for '키 막대'
poll 20 in_state '"type":"hint_shown".*"step":2,' ||
    fail "step 2's first hint never reached the state file"
kill_with KILL "killed -9 at step 2, its first hint shown"

# The next start offers it; r brings it back at step 2.
start "$run"
wait_for '중단된 isrlab 세션이 있다'
wait_for 'kim · 실습 01-leader-failover, 2/7 단계'
keys r
wait_for '실습 2/7: 리더 노드 강제 종료'
wait_for '2/7 단계에서 이어서 한다'
echo "ok: resumed at step 2"
keys t
wait_for 'L 키를 누른다'
echo "ok: t gives the second hint, as before the crash"
keys Escape
keys j
keys L
wait_for '실습 3/7: 리더 승격 및 상태 확인'
echo "ok: the resumed lab goes on (step 2 ticked)"
poll 20 in_state '"type":"step_done".*"step":2,' ||
    fail "the resumed session does not write its state file"
kill_with HUP "the terminal hung up (SIGHUP) at step 3"

# e: exported as it was, then the lab starts afresh.
start "$run"
wait_for 'kim · 실습 01-leader-failover, 3/7 단계'
keys e
wait_for '^ *wrote .*\.jsonl'
keys x
wait_for '실습 1/7: 현재 리더 노드 확인'
md=$(ls "$expdir"/isrlab-01-kim-*.md) || fail "no .md exported"
jl=$(ls "$expdir"/isrlab-01-kim-*.jsonl) || fail "no .jsonl exported"
"$bin" --verify-log "$md" "$jl" >/dev/null || fail "exported files verify"
grep -q '^| 2 | 리더 노드 강제 종료 | ✔ 완료 (done)' "$md" ||
    fail "step 2 not done in the export"
grep -q '^| 3 | 리더 승격 및 상태 확인 | … 진행 중 (in progress)' "$md" ||
    fail "step 3 not in progress in the export"
dups=$(grep -o '"seq":[0-9]*' "$jl" | sort | uniq -d)
[ -z "$dups" ] || fail "records twice in the export: $dups"
[ "$(LANGUAGE=en "$bin" --recover)" = "no interrupted sessions" ] ||
    fail "an exported session is still offered"
[ "$(LANGUAGE=ko "$bin" --recover)" = "중단된 세션이 없다" ] ||
    fail "--recover's empty list is not in Korean: $(LANGUAGE=ko "$bin" --recover)"
echo "ok: e exported the interrupted session as it was"
# The fresh lab, left with q (nothing to export), leaves no state file.
keys q
wait_dead "q leaves the fresh lab"
[ -z "$(ls -A "$state")" ] ||
    fail "a session that ended normally left its state file"
stop_server

# Headless: a run that ends normally leaves nothing.
printf 'produce email.send x\n' | "$bin" --seed 1 --headless >/dev/null 2>&1 ||
    fail "plain headless run"
[ -z "$(ls -A "$state")" ] || fail "a finished headless run left a file"

# Without a state directory the run says so (in English here), and runs.
out=$(printf 'describe\n' | env -u HOME -u XDG_STATE_HOME LANGUAGE=en "$bin" \
    --seed 1 --headless 2>&1) ||
    fail "a run without a state directory"
case $out in
*"isrlab: no state file (no state directory: neither XDG_STATE_HOME nor HOME is set): this session will not survive a crash"*) ;;
*) fail "no warning without a state directory: $out" ;;
esac

# Headless, killed: its commands are in its file.
mkfifo "$expdir/in"
"$bin" --seed 1 --headless --student lee <"$expdir/in" >"$expdir/out" 2>&1 &
pid=$!
exec 3>"$expdir/in"
printf 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3\nkill 1\nwait 4s\nproduce t --count 2 hi\ndescribe t\n' >&3
poll 20 in_state '"text":"describe t"' ||
    fail "the headless state file never got the commands"
[ "$(LANGUAGE=en "$bin" --recover)" = "no interrupted sessions" ] ||
    fail "a running session is offered"
kill -9 "$pid"
wait "$pid" 2>/dev/null
exec 3>&-
f=$(ls "$state"/session-*.jsonl) || fail "no state file after kill -9"
[ "$(stat -c %a "$f")" = 600 ] || fail "state file mode"
[ "$(stat -c %a "$state")" = 700 ] || fail "state directory mode"
id=$(basename "$f" .jsonl)
case $(LANGUAGE=en "$bin" --recover) in
"$id  lee  free play, 0/0 steps done, lab time "*) ;;
*) fail "--recover list: $(LANGUAGE=en "$bin" --recover)" ;;
esac
mkdir "$expdir/rec"
"$bin" --recover "$id" --export-dir "$expdir/rec" >"$expdir/out" 2>&1 ||
    { cat "$expdir/out"; fail "--recover ID"; }
md=$(ls "$expdir"/rec/isrlab-free-lee-*.md) || fail "no recovered .md"
jl=$(ls "$expdir"/rec/isrlab-free-lee-*.jsonl) || fail "no recovered .jsonl"
grep -q "^wrote $md\$" "$expdir/out" || fail "no wrote line"
"$bin" --verify-log "$md" "$jl" >/dev/null || fail "recovered files verify"
grep -q '"text":"produce t --count 2 hi"' "$jl" || fail "command missing"
grep -q 'Leader: 2' "$md" || fail "final state (leader 2 after kill 1)"
[ ! -e "$f" ] || fail "the recovered state file stayed"
LANGUAGE=en "$bin" --recover "$id" >"$expdir/out" 2>&1 && fail "recovered twice"
grep -q "no interrupted session of that name" "$expdir/out" ||
    fail "second --recover: $(cat "$expdir/out")"
echo "ok: headless kill -9, then --recover lists and exports it"
exit 0
