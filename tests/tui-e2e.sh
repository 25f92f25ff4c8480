#!/bin/sh
# tui-e2e.sh - end-to-end test of the live screen through tmux.
#
# Starts the real binary ($ISRLAB_BIN --play) in a detached tmux session
# of 120x40 with LANG=C.UTF-8, drives it with keys and reads the screen
# back with capture-pane: crash the leader of email.send-0 (L), see the
# leader move 1 -> 2, broker 1 leave the ISR and the election in the event
# log; select broker 1 and restart it (1, r), see it back in the ISR; then
# shrink the window to 70x20 ("terminal too small") and grow it back.
# Every wait polls the screen with a timeout, never a fixed sleep.
# Exit 77 (skip) without tmux or when the binary has no --play yet.

set -u

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux not installed"
	exit 77
fi
bin=${ISRLAB_BIN:-./src/isrlab}
if [ ! -x "$bin" ]; then
	echo "SKIP: $bin not built"
	exit 77
fi
if ! "$bin" --help 2>&1 | grep -q -- '--play'; then
	echo "SKIP: $bin has no --play yet"
	exit 77
fi

sock="isrlab-e2e-$$"
sess=e2e
tm() { tmux -L "$sock" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; }
trap cleanup EXIT INT TERM

screen() { tm capture-pane -p -t "$sess"; }

# wait_for REGEX [TIMEOUT_S]: poll the screen until REGEX matches.
wait_for() {
	i=0
	limit=$(( ${2:-20} * 10 ))
	while [ "$i" -lt "$limit" ]; do
		if screen | grep -E -q -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: timed out waiting for /$1/; the screen was:"
	screen
	exit 1
}

# The email.send-0 row: TOPIC P LEADER(ep) REPLICAS ISR ...
row() { screen | grep -E 'email\.send +0 +' | head -n 1; }

tm -f /dev/null new-session -d -s "$sess" -x 120 -y 40 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$bin' --play" ||
    { echo "FAIL: tmux new-session"; exit 1; }
tm set-option -t "$sess" remain-on-exit on >/dev/null 2>&1
tm resize-window -t "$sess" -x 120 -y 40 >/dev/null 2>&1

# Start: email.send-0 led by 1, ISR 1,2,3.
wait_for 'email\.send +0 +1 \(0\) +1,2,3 +1,2,3 ' 20
echo "ok: email.send-0 leader 1, ISR 1,2,3"

# Select the partition (j/k keep it on the only row) and crash its leader.
tm send-keys -t "$sess" j
tm send-keys -t "$sess" L
wait_for 'email\.send +0 +2 \([0-9]+\) +1,2,3 +2,3 +1 ' 30
echo "ok: after L the leader is 2 and the ISR lost 1: $(row)"
wait_for 'email\.send-0 leader 1(→|->)2' 10
echo "ok: the event log shows the election"
screen > "${TMPDIR:-/tmp}/isrlab-e2e-after-crash.txt" 2>/dev/null || :

# Restart broker 1: it rejoins the ISR (appended at the end).
tm send-keys -t "$sess" 1
tm send-keys -t "$sess" r
wait_for 'email\.send +0 +2 \([0-9]+\) +1,2,3 +2,3,1 ' 40
echo "ok: after 1 r the ISR is 2,3,1: $(row)"

# Too small, then back.
tm resize-window -t "$sess" -x 70 -y 20
wait_for 'terminal too small \(need 80x24, have 70x20\)' 10
echo "ok: 70x20 shows the too-small message"
tm resize-window -t "$sess" -x 120 -y 40
wait_for 'email\.send +0 +2 ' 10
wait_for 'LEADER\(ep\)' 5
echo "ok: 120x40 shows the table again"

# Quit: q asks (the session has activity), y confirms.
tm send-keys -t "$sess" q
wait_for 'Quit anyway' 5
tm send-keys -t "$sess" y
i=0
while [ "$i" -lt 50 ]; do
	if tm list-panes -t "$sess" -F '#{pane_dead}' 2>/dev/null |
	    grep -q 1; then
		echo "ok: q y quits"
		exit 0
	fi
	sleep 0.1
	i=$((i + 1))
done
echo "FAIL: isrlab did not quit after q y"
screen
exit 1
