# attach-lib.sh - what the attach tests (tests/attach-*.sh) share: a
# serving isrlab (net-lib.sh's net_start) and a second isrlab attached to
# it with --attach, fed through a FIFO of its own (fd 8).  Sourced after
# the test sets $name.
#
# attach_need_rdkafka exits 77 when isrlab was built without librdkafka.
# attach_serving TOPIC PARTITIONS starts the serving isrlab (3 brokers,
# Kafka 3.7) with TOPIC (RF 3) and writes $att_conf, an --attach-config
# whose `kill 1` and `start 1` write `kill 1` and `restart 1` into the
# serving isrlab's FIFO.
# attach_start [ISRLAB OPTIONS...] starts `isrlab --headless --attach` on
# the serving cluster's first two brokers, polling every 250 ms, its
# output in $att_log.
# att_cmd sends one command line; att_wait_log TIMEOUT REGEX polls the
# output.
# attach_solve LAB STEPS [ISRLAB OPTIONS...] plays lab LAB's solutions
# headless on the serving cluster with $att_conf (its output in
# $netdir/solve.out, its journal exported into $netdir) and fails unless
# every one of its STEPS steps ticked.

. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

att_log=$netdir/attach.out
att_conf=$netdir/attach.conf
att_fifo=$netdir/attach-cmd
att_pid=

attach_need_rdkafka() {
	grep -q '^#define HAVE_RDKAFKA 1' "$(dirname "$bin")/../config.h" &&
	    return 0
	echo "SKIP: isrlab built without librdkafka (Debian: librdkafka-dev)"
	exit 77
}

attach_serving() {
	net_start --brokers 3 --kafka 3.7 --seed "$seed_in_order"
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic $1 --partitions $2 --replication-factor 3"
	net_wait_log 20 "Created topic $1" || fail "topic $1 not created"
	{
		echo "# the serving isrlab's own commands, through its FIFO"
		echo "kill 1 = echo 'kill 1' > $fifo"
		echo "start 1 = echo 'restart 1' > $fifo"
	} >"$att_conf"
}

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
	kill -0 "$att_pid" 2>/dev/null || att_fail "the attached isrlab exited"
}

att_cmd() { printf '%s\n' "$1" >&8; }

attach_solve() {
	solve_lab=$1 solve_steps=$2
	shift 2
	"$bin" --headless --attach "localhost:$base,localhost:$((base + 1))" \
	    --attach-interval 250 --attach-config "$att_conf" \
	    --lang en --lab "$solve_lab" --solve \
	    --export-dir "$netdir" --student tester "$@" \
	    >"$netdir/solve.out" 2>&1 9>&- ||
	    { cat "$netdir/solve.out"; tail -30 "$log"; fail "lab $solve_lab not solved attached"; }
	grep -q "^$solve_lab-.*: $solve_steps/$solve_steps steps done" "$netdir/solve.out" ||
	    { cat "$netdir/solve.out"; tail -30 "$log"; fail "not every step of lab $solve_lab ticked"; }
}

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
