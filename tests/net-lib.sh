# net-lib.sh - what the real-client tests share (tests/net-*.sh): a
# headless isrlab whose brokers listen on loopback, fed commands through
# a FIFO while the test's clients talk to it, and polling instead of
# sleeping.  Clients the test starts in the background run with fd 9
# (the FIFO) closed (9>&-), so that isrlab sees its script end.  Sourced after the test sets $name; exits 77 (skip) when the
# binary is missing.
#
# net_start [ISRLAB OPTIONS...] starts `isrlab --headless --listen` on a
# port base of its own (pick_base), retried with the next base when
# isrlab reports a port it could not take.  It sets $boot (the bootstrap
# list) and $log (isrlab's output).  net_cmd sends one command line;
# net_wait_log TIMEOUT REGEX polls the output.
# Every wait polls with a wall-clock deadline.

bin=${ISRLAB_BIN:-./src/isrlab}
# A session seed under which the KRaft controller places the first topic
# on three brokers 1,2,3 / 2,3,1 / 3,1,2 (StripedReplicaPlacer's offset
# 0; tests/tests.h TESTS_SEED_IN_ORDER), the layout the tests that read
# leaders and replica lists were written for.  Placement is random, as
# Kafka's is, on any other seed.
seed_in_order=4
if [ ! -x "$bin" ]; then
	echo "SKIP: $bin not built"
	exit 77
fi

netdir=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-$name.XXXXXX") ||
    { echo "FAIL: mktemp"; exit 1; }
XDG_STATE_HOME=$netdir/state
export XDG_STATE_HOME
log=$netdir/isrlab.out
fifo=$netdir/cmd
net_pid=
net_cleanup() {
	net_stop
	rm -rf "$netdir"
}
trap net_cleanup EXIT
trap 'exit 1' INT TERM

. "${ISRLAB_SRCDIR:-.}/tests/poll-lib.sh"

# Whether something listens on 127.0.0.1:$1.
port_taken() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_base: a base whose nine ports nobody else uses, into $base.  The
# bases are 10000-18990: below the kernel's ephemeral ports (32768 up,
# where any client's connection may hold a port a listener then cannot
# bind) and clear of the screen's own listeners (9092-9099 and 19092 up,
# servers.c).  A base is this test's while it holds an flock(1) on the
# base's lock file (fd 7, inherited by isrlab and the clients, released
# by the kernel however the test ends), so no two tests share one,
# whether they run in parallel, in another tree or in distcheck's; a
# base still in use without a lock (another program) is skipped too.
# The walk starts at a base derived from the test's name and pid and
# goes on from there on each call, so a retry takes another base.
port_locks=${TMPDIR:-/tmp}/isrlab-ports
port_slot=
pick_base() {
	command -v flock >/dev/null ||
	    { echo "SKIP: flock not installed (Debian: util-linux)"; exit 77; }
	mkdir -p "$port_locks" 2>/dev/null
	if [ -z "$port_slot" ]; then
		port_slot=$(( ($(printf '%s' "$name" | cksum |
		    cut -d' ' -f1) + $$ * 7) % 900 ))
	fi
	exec 7>&-
	tries=0
	while [ $tries -lt 900 ]; do
		port_slot=$(( (port_slot + 1) % 900 ))
		base=$((10000 + port_slot * 10))
		tries=$((tries + 1))
		exec 7>"$port_locks/$base.lock" || continue
		if ! flock -n 7; then
			exec 7>&-
			continue
		fi
		for p in $(seq "$base" $((base + 8))); do
			if port_taken "$p"; then
				exec 7>&-
				continue 2
			fi
		done
		return 0
	done
	echo "FAIL: no free port base"
	exit 1
}

net_log_has() { grep -Eq -- "$1" "$log"; }

# fail MESSAGE: say what failed and the end of isrlab's output, exit 1.
fail() {
	echo "FAIL: $1"
	tail -40 "$log"
	exit 1
}

# need_kcat: $KCAT, or skip (77) without it.
need_kcat() {
	KCAT=$(command -v kcat || command -v kafkacat) ||
	    { echo "SKIP: kcat not installed (Debian: kcat)"; exit 77; }
}

# net_start [OPTIONS...]: isrlab up, every broker answering metadata.
net_start() {
	attempt=0
	while [ $attempt -lt 5 ]; do
		pick_base
		rm -f "$fifo"
		mkfifo "$fifo" || { echo "FAIL: mkfifo"; exit 1; }
		"$bin" --headless --listen --port-base "$base" "$@" \
		    <"$fifo" >"$log" 2>&1 &
		net_pid=$!
		exec 9>"$fifo"
		boot=localhost:$base
		net_cmd "events"
		if poll 30 net_log_has 'broker_unfenced|cannot listen'; then
			net_cmd "events"
			sleep 0.2
		fi
		if ! net_log_has 'cannot listen'; then
			return 0
		fi
		net_stop
		attempt=$((attempt + 1))
	done
	echo "FAIL: isrlab could not listen after 5 port bases"
	exit 1
}

net_cmd() { printf '%s\n' "$1" >&9; }

net_wait_log() {
	t=$1
	shift
	poll "$t" net_log_has "$1"
}

# net_wait_event TIMEOUT REGEX: ask for the events (the `events` command)
# until one matches, or TIMEOUT seconds passed.
net_event_seen() {
	net_cmd "events"
	sleep 0.2
	net_log_has "$1"
}
net_wait_event() {
	poll "$1" net_event_seen "$2"
}

# net_stop: end isrlab's script and wait for it to exit.
net_stop() {
	[ -n "$net_pid" ] || return 0
	exec 9>&-
	if ! poll 30 eval '! kill -0 "$net_pid" 2>/dev/null'; then
		kill "$net_pid" 2>/dev/null
		echo "FAIL: isrlab $net_pid did not exit"
	fi
	wait "$net_pid" 2>/dev/null
	net_pid=
}
