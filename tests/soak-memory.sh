#!/bin/sh
# soak-memory.sh - a long session's memory: isrlab's RSS, sampled while a
# headless run loops produce / consume / kill / restart / isolate / heal.
#
# Not part of `make check` (it runs for minutes).  Prints one line per
# sample, "MIN:SEC  RSS_KB  LOOPS", and at the end the spread of the samples
# taken after the warm-up, as a percentage of their minimum:
#
#   tests/soak-memory.sh                 30 minutes on the threaded runtime
#                                        at --speed 50 (issue 11's soak)
#   tests/soak-memory.sh --quick         4 minutes, the same 2-minute
#                                        warm-up (the event ring fills
#                                        to its bound in about 1.5)
#   tests/soak-memory.sh --sim           the simulator (no --realtime): as
#                                        fast as the CPU goes
#   tests/soak-memory.sh --minutes N --warmup M --every S
#
# The partition logs are bounded by isrlab.log.retention.records (100000
# records per replica by default, several MB each); the soak lowers it to
# 2000 so that the logs (and the ledger, which follows the logs' start)
# reach their bound during the warm-up.  Every other store runs at its
# default bound.
#
# Exit status: 0 when the spread is within --limit percent (default 10),
# 1 when it is not, 2 when isrlab died.  Run it niced on a shared machine
# (nice -n 19); the figures do not depend on how fast it runs, only the
# number of loops does.
set -u
# Its loop counts isrlab's English usage line (the language follows
# the environment).
LANGUAGE=en
export LANGUAGE
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
minutes=30
warmup=2
every=30
limit=10
engine=--realtime
while [ $# -gt 0 ]; do
	case $1 in
	--quick) minutes=4; every=10 ;;
	--sim) engine= ;;
	--minutes) minutes=$2; shift ;;
	--warmup) warmup=$2; shift ;;
	--every) every=$2; shift ;;
	--limit) limit=$2; shift ;;
	*) echo "usage: $0 [--quick] [--sim] [--minutes N] [--warmup M]" \
	    "[--every S] [--limit PCT]" >&2; exit 2 ;;
	esac
	shift
done

tmp=$(mktemp -d /tmp/isrlab-soak-XXXXXX) || exit 2
# The session's state file goes here, not into the user's own.
XDG_STATE_HOME=$tmp/state
export XDG_STATE_HOME
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# One loop, about 25 s of lab time.  Every loop ends with a `loop` marker
# in the output so that the loops done can be counted.
loop() {
	cat <<'EOF'
produce email.send --count 20 --acks all soak
consume email.send --group soak --max 20
kill 1
wait 4s
restart 1
wait 3s
isolate 2
wait 8s
heal
wait 6s
produce email.send --count 5 --acks 1 after
consume email.send --from-beginning --max 5
describe email.send
events 3
EOF
	echo 'help wait'
}

# The script on standard input: retention, a topic, then loops until
# isrlab is gone (the writer then dies of SIGPIPE).
# shellcheck disable=SC2086
(
	echo 'set isrlab.log.retention.records=2000'
	echo 'kafka-topics.sh --bootstrap-server localhost:9092 --create' \
	    '--topic email.send --partitions 3 --replication-factor 3'
	while loop; do :; done
) 2>/dev/null | "$ISRLAB" --headless $engine --speed 50 >"$tmp/out" 2>&1 &
pid=$!

rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}

echo "# isrlab soak: ${engine:---sim} --speed 50, $minutes min, samples" \
    "every ${every}s, warm-up $warmup min"
echo "# time    rss_kb  loops"
start=$(date +%s)
end=$((start + minutes * 60))
min=
max=
while :; do
	now=$(date +%s)
	kb=$(rss "$pid")
	if [ -z "$kb" ]; then
		echo "isrlab died; its output ends:" >&2
		tail -5 "$tmp/out" >&2
		exit 2
	fi
	el=$((now - start))
	loops=$(grep -c '^usage: wait DURATION' "$tmp/out" 2>/dev/null)
	printf '%02d:%02d  %7s  %6s\n' $((el / 60)) $((el % 60)) "$kb" \
	    "${loops:-0}"
	if [ "$el" -ge $((warmup * 60)) ]; then
		[ -z "$min" ] || [ "$kb" -lt "$min" ] && min=$kb
		[ -z "$max" ] || [ "$kb" -gt "$max" ] && max=$kb
	fi
	[ "$now" -ge "$end" ] && break
	sleep "$every"
done
spread=$(( (max - min) * 1000 / min ))
printf '# after warm-up: min %s kB, max %s kB, spread %d.%d%% (limit %s%%)\n' \
    "$min" "$max" $((spread / 10)) $((spread % 10)) "$limit"
[ "$spread" -le $((limit * 10)) ]
