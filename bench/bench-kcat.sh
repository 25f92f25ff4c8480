#!/bin/bash
# bench-kcat.sh - kcat against isrlab and against librdkafka's mock
# cluster (issue 16): `kcat -P` of N (default 1,000,000) 100-byte records
# with acks=all into a topic of 3 partitions, replication factor 3, then
# `kcat -C` of all of them back; prints records/s for both and the ratio
# isrlab / mock.  isrlab replicates three ways (acks=all waits for the
# ISR); the mock replicates nothing, and keeps at most 5 MiB of each
# partition (see run), where isrlab keeps every record so that all of
# them can be consumed back.  So each round also runs isrlab with each
# replica's log capped at 5 MiB ("isrlab5"): the server CPU between the
# two isrlab lines is what keeping a million records costs (fresh pages
# for some 200 MB), the rest is replication and the protocol.
#
# kcat and the server share the machine's CPUs, so one run's figures
# swing with whatever else the machine does (on a two-CPU machine the
# mock alone was seen anywhere from 1.4 to 2.8 million records/s).  So
# the kinds take turns for ROUNDS rounds (default 5), each on a cluster
# started afresh, and the last lines give the medians.  A produce line
# gives its time and the CPU time (user + system) the server (from
# /proc) and kcat used in it, and the medians how many CPUs the two kept
# busy: when that is all the machine has, what the server uses is taken
# from kcat.  Run by `make bench` when configure found
# librdkafka (bench/bench_mock) and kcat is installed.
# Usage: bench-kcat.sh ISRLAB BENCH_MOCK [N [ROUNDS]]

set -u
TIMEFORMAT='%3U %3S'		# bash's time: user and system seconds
isrlab=$1 mock=$2 n=${3:-1000000} rounds=${4:-5}
KCAT=$(command -v kcat || command -v kafkacat) ||
    { echo "bench-kcat: kcat not installed, skipped"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-bench.XXXXXX") || exit 1
trap 'exec 9>&-; wait; rm -rf "$dir"' EXIT

now() { date +%s.%N; }
rate() { echo "$1 $2 $3" | awk '{ printf "%.0f", $1 / ($3 - $2) }'; }
hz=$(getconf CLK_TCK)
# cpu PID: the CPU ticks (user + system) process PID has used so far.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
secs() { echo "$1 $2" | awk -v hz="$hz" '{ printf "%.2f", ($2 - $1) / hz }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

awk -v n="$n" 'BEGIN { r = sprintf("%100s", ""); gsub(/ /, "x", r);
    for (i = 0; i < n; i++) print r }' >"$dir/in"

# run NAME BOOTSTRAP PID: produce and consume with server PID; appends
# the rates to $dir/NAME.p and $dir/NAME.c.  A kcat that hangs (a broker
# it never reaches) is stopped after 5 minutes.
run() {
	local c0 c1 c2 t0 t1 t2 got p c wall sc kc

	c0=$(cpu "$3") t0=$(now)
	# bash's time gives kcat's own CPU (user and system) in $dir/kt.
	{ time timeout 300 "$KCAT" -P -b "$2" -t bench -X acks=all \
	    -X linger.ms=5 <"$dir/in" 2>"$dir/$1.perr" 9>&-; } 2>"$dir/kt" ||
	    { echo "bench-kcat: $1: kcat -P failed: $(tail -2 "$dir/$1.perr")"; exit 1; }
	c1=$(cpu "$3") t1=$(now)
	got=$(timeout 300 "$KCAT" -C -b "$2" -t bench -o beginning -e -q \
	    9>&- | wc -l)
	c2=$(cpu "$3") t2=$(now)
	# librdkafka's mock keeps at most 5 MiB (and 100,000 batches) per
	# partition (rdkafka_mock.c, rd_kafka_mock_partition_init: max_size,
	# max_cnt) and drops the oldest batches past it, so of a big run it
	# serves only the last records; its consume rate counts those.
	[ "$got" = "$n" ] || echo "bench-kcat: $1: consumed $got of $n" \
	    "(the rest was past its log's retention)"
	p=$(rate "$n" "$t0" "$t1") c=$(rate "$got" "$t1" "$t2")
	wall=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
	sc=$(secs "$c0" "$c1")
	kc=$(awk '{ printf "%.2f", $1 + $2 }' "$dir/kt")
	echo "$p" >>"$dir/$1.p"
	echo "$c" >>"$dir/$1.c"
	# The CPUs server and kcat kept busy, on average, while producing.
	echo "$sc $kc $t0 $t1" | awk '{ print ($1 + $2) / ($4 - $3) }' \
	    >>"$dir/$1.u"
	printf '%-7s produce %8s records/s in %ss (cpu: server %ss, kcat %ss)   consume %8s records/s (server cpu %ss)\n' \
	    "$1" "$p" "$wall" "$sc" "$kc" "$c" "$(secs "$c1" "$c2")"
}

# isrlab_round NAME MAX_BYTES: one round against a fresh isrlab cluster
# whose replicas keep at most MAX_BYTES each.  A port another
# program holds leaves that broker without a listener (isrlab says so and
# goes on): kcat would wait for it forever, so the cluster starts again
# on other ports.  The bases are 20000-31990: below the kernel's
# ephemeral ports (32768 up, where any connection's local port makes a
# listener's bind fail) and above the tests' (net-lib.sh).
isrlab_round() {
	local try port ipid=

	for try in 1 2 3 4 5; do
		port=$(( 20000 + RANDOM % 1200 * 10 ))
		rm -f "$dir/cmd" "$dir/isrlab.out"
		mkfifo "$dir/cmd"
		"$isrlab" --headless --listen --port-base "$port" \
		    <"$dir/cmd" >"$dir/isrlab.out" 2>&1 &
		ipid=$!
		exec 9>"$dir/cmd"
		# No retention by count, and the byte cap
		# (isrlab.log.max.bytes) the round asks for.
		echo "set isrlab.log.retention.records=$n" >&9
		echo "set isrlab.log.max.bytes=$2" >&9
		echo "kafka-topics.sh --bootstrap-server localhost:$port --create --topic bench --partitions 3 --replication-factor 3" >&9
		for i in $(seq 100); do
			grep -q 'Created topic bench' "$dir/isrlab.out" && break
			sleep 0.1
		done
		grep -q 'cannot listen' "$dir/isrlab.out" || break
		exec 9>&-
		wait "$ipid"
		ipid=
	done
	[ -n "$ipid" ] ||
	    { echo "bench-kcat: no free ports for isrlab's brokers"; exit 1; }
	run "$1" "localhost:$port" "$ipid"
	exec 9>&-
	wait "$ipid"
}

# mock_round: one round against a fresh mock cluster.
mock_round() {
	local mpid

	rm -f "$dir/mockin" "$dir/mock.out"
	mkfifo "$dir/mockin"
	"$mock" bench <"$dir/mockin" >"$dir/mock.out" 2>"$dir/mock.err" &
	mpid=$!
	exec 9>"$dir/mockin"
	for i in $(seq 100); do
		[ -s "$dir/mock.out" ] && break
		sleep 0.1
	done
	run mock "$(head -1 "$dir/mock.out")" "$mpid"
	exec 9>&-
	wait "$mpid"
}

echo "machine: $(nproc) cpus, $(uname -m); $n records of 100 bytes, 3 partitions, RF 3, acks=all; $rounds rounds"
for r in $(seq "$rounds"); do
	# isrlab keeps all nine replicas of every record: the consume
	# that follows gets them all.
	isrlab_round isrlab $(( n * 1000 * 9 ))
	mock_round
	isrlab_round isrlab5 $(( 5 * 1024 * 1024 ))
done
for name in isrlab mock isrlab5; do
	printf '%-7s median produce %8s records/s   consume %8s records/s   produce kept %.1f of %d cpus busy\n' \
	    "$name" "$(median <"$dir/$name.p")" "$(median <"$dir/$name.c")" \
	    "$(median <"$dir/$name.u")" "$(nproc)"
done
# ratio NAME KINDS: the median of the rounds' ratios of NAME's rates to
# the mock's, for each of KINDS (p: produce, c: consume).
ratio() {
	local k line="ratio $1/mock (median of the rounds' ratios):"

	for k in $2; do
		line="$line $([ "$k" = p ] && echo produce || echo consume)"
		line="$line $(paste "$dir/$1.$k" "$dir/mock.$k" |
		    awk '{ print $1 / $2 }' | median |
		    xargs printf '%.2f'),"
	done
	echo "${line%,}"
}
ratio isrlab "p c"
# A capped log's consume is over before kcat is well started, as the
# mock's is: that ratio says nothing.
ratio isrlab5 p
