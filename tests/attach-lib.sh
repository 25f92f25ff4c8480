# attach-lib.sh - what the attach tests (tests/attach-*.sh) share: a
# serving isrlab (net-lib.sh's net_start) and a second isrlab attached to
# it with --attach, fed through a FIFO of its own (fd 8).  Sourced after
# the test sets $name.
#
# attach_start [ISRLAB OPTIONS...] starts `isrlab --headless --attach` on
# the serving cluster's first two brokers, polling every 250 ms, its
# output in $att_log; exits 77 when isrlab was built without librdkafka.
# att_cmd sends one command line; att_wait_log TIMEOUT REGEX polls the
# output.

. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

att_log=$netdir/attach.out
att_fifo=$netdir/attach-cmd
att_pid=

attach_start() {
	mkfifo "$att_fifo" || { echo "FAIL: mkfifo"; exit 1; }
	"$bin" --headless --attach "localhost:$base,localhost:$((base + 1))" \
	    --attach-interval 250 --port-base "$base" --lang en "$@" \
	    <"$att_fifo" >"$att_log" 2>&1 9>&- &
	att_pid=$!
	exec 8>"$att_fifo"
	att_cmd "kafka-topics.sh --bootstrap-server localhost:$base --list"
	poll 30 eval '[ -s "$att_log" ] || ! kill -0 "$att_pid" 2>/dev/null' ||
	    att_fail "the attached isrlab said nothing"
	if att_log_has 'without librdkafka'; then
		echo "SKIP: isrlab built without librdkafka (Debian: librdkafka-dev)"
		exit 77
	fi
	kill -0 "$att_pid" 2>/dev/null || att_fail "the attached isrlab exited"
}

att_cmd() { printf '%s\n' "$1" >&8; }

att_log_has() { grep -Eq -- "$1" "$att_log"; }

att_wait_log() {
	t=$1
	shift
	poll "$t" att_log_has "$1"
}

# att_fail MESSAGE: both sides' output, exit 1.
att_fail() {
	echo "FAIL: $1"
	echo "--- attached:"
	tail -40 "$att_log"
	echo "--- serving:"
	tail -20 "$log"
	exit 1
}

# attach_stop: end the attached isrlab's script and wait for it.
attach_stop() {
	[ -n "$att_pid" ] || return 0
	exec 8>&-
	if ! poll 30 eval '! kill -0 "$att_pid" 2>/dev/null'; then
		kill "$att_pid" 2>/dev/null
		echo "FAIL: attached isrlab $att_pid did not exit"
	fi
	wait "$att_pid" 2>/dev/null
	att_pid=
}
