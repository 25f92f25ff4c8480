# tmux-lib.sh - what the screen tests share: the isrlab binary, a private
# tmux server, and polling the screen instead of sleeping.  Sourced by
# tests/tui-*.sh, which set $sess (the session name) and $expdir (a
# scratch export directory, made here) before calling anything below.
# Exits 77 (skip) when tmux or the binary is missing.

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux not installed"
	exit 77
fi
bin=${ISRLAB_BIN:-./src/isrlab}
if [ ! -x "$bin" ]; then
	echo "SKIP: $bin not built"
	exit 77
fi

sock="isrlab-$sess-$$"
tm() { tmux -L "$sock" "$@"; }
screen() { tm capture-pane -p -t "$sess"; }
keys() { tm send-keys -t "$sess" "$@"; }
typed() { tm send-keys -t "$sess" -l "$1"; tm send-keys -t "$sess" Enter; }

expdir=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-$sess.XXXXXX") ||
    { echo "FAIL: mktemp"; exit 1; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$expdir"; }
trap cleanup EXIT INT TERM

# start ARGS...: isrlab with ARGS in a detached 120x40 UTF-8 session that
# stays on screen after the program exits (for wait_dead).
start() {
	tm -f /dev/null new-session -d -s "$sess" -x 120 -y 40 \
	    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $*" ||
	    { echo "FAIL: tmux new-session"; exit 1; }
	tm set-option -t "$sess" remain-on-exit on >/dev/null 2>&1
	tm resize-window -t "$sess" -x 120 -y 40 >/dev/null 2>&1
}

# wait_dead WHAT: the program exits within 5 s.
wait_dead() {
	i=0
	while [ "$i" -lt 50 ]; do
		if tm list-panes -t "$sess" -F '#{pane_dead}' 2>/dev/null |
		    grep -q 1; then
			echo "ok: $1"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: isrlab did not quit ($1)"
	screen
	exit 1
}

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
