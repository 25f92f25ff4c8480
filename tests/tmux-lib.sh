# tmux-lib.sh - what the screen tests share: the isrlab binary, private
# tmux servers, and polling the screen instead of sleeping.  Sourced by
# tests/tui-*.sh, which set $sess (the session name) before sourcing; it
# makes $expdir (a scratch export directory).  Exits 77 (skip) when tmux
# or the binary is missing.
#
# Every start gets a server of its own on a socket named after the test,
# this shell's pid and a counter (tmux -L), so no two runs, parallel or
# consecutive, ever share a server; stop_server waits until the server
# process is gone and removes its socket.  (Killing a server and at once
# starting a new one on the same socket fails now and then with "server
# exited unexpectedly".)  Every wait polls with a wall-clock deadline;
# the only sleep is the tenth of a second between two looks.

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux not installed"
	exit 77
fi
bin=${ISRLAB_BIN:-./src/isrlab}
if [ ! -x "$bin" ]; then
	echo "SKIP: $bin not built"
	exit 77
fi
unset TMUX

n_servers=0
sock=
server_pid=
tm() { tmux -L "$sock" "$@"; }
screen() { tm capture-pane -p -t "$sess"; }
keys() { tm send-keys -t "$sess" "$@"; }
typed() { tm send-keys -t "$sess" -l "$1"; tm send-keys -t "$sess" Enter; }

expdir=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-$sess.XXXXXX") ||
    { echo "FAIL: mktemp"; exit 1; }
# Each test's sessions keep their state files (interrupted sessions) apart.
XDG_STATE_HOME=$expdir.state
export XDG_STATE_HOME
cleanup() { stop_server; rm -rf "$expdir" "$XDG_STATE_HOME"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

. "${ISRLAB_SRCDIR:-.}/tests/poll-lib.sh"

# stop_server: kill the current server (if any) and wait until its process
# is gone.
stop_server() {
	[ -n "$server_pid" ] || return 0
	tm kill-server >/dev/null 2>&1
	if ! poll 20 eval '! kill -0 "$server_pid" 2>/dev/null'; then
		echo "FAIL: tmux server $server_pid on $sock did not exit"
		server_pid=
		exit 1
	fi
	server_pid=
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
}

# start ARGS...: isrlab with ARGS in a detached 120x40 UTF-8 session on a
# new server, the pane staying on screen after the program exits (for
# wait_dead).  A server still running is stopped first.
start() {
	stop_server
	n_servers=$((n_servers + 1))
	sock="isrlab-$sess-$$-$n_servers"
	printf 'set-option -g remain-on-exit on\n' > "$expdir.conf"
	tm -f "$expdir.conf" new-session -d -s "$sess" -x 120 -y 40 \
	    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $*" ||
	    { echo "FAIL: tmux new-session"; rm -f "$expdir.conf"; exit 1; }
	rm -f "$expdir.conf"
	server_pid=$(tm display-message -p '#{pid}') ||
	    { echo "FAIL: tmux display-message"; exit 1; }
	tm resize-window -t "$sess" -x 120 -y 40 >/dev/null 2>&1
}

pane_dead() {
	tm list-panes -t "$sess" -F '#{pane_dead}' 2>/dev/null | grep -q 1
}

# wait_dead WHAT: the program exits within 20 s.
wait_dead() {
	if poll 20 pane_dead; then
		echo "ok: $1"
		return 0
	fi
	echo "FAIL: isrlab did not quit ($1)"
	screen
	exit 1
}

on_screen() { screen | grep -E -q -- "$1"; }
off_screen() { ! on_screen "$1"; }

# wait_for REGEX [TIMEOUT_S]: poll the screen until REGEX matches (20 s
# unless told).
wait_for() {
	poll "${2:-20}" on_screen "$1" && return 0
	echo "FAIL: timed out waiting for /$1/; the screen was:"
	screen
	exit 1
}

# wait_gone REGEX [TIMEOUT_S]: poll the screen until REGEX no longer
# matches.
wait_gone() {
	poll "${2:-20}" off_screen "$1" && return 0
	echo "FAIL: /$1/ stayed on the screen; it was:"
	screen
	exit 1
}
