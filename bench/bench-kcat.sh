#!/bin/bash
# bench-kcat.sh - kcat against isrlab and against librdkafka's mock
# cluster (issue 16): `kcat -P` of N (default 1,000,000) 100-byte records
# with acks=all into a topic of 3 partitions, replication factor 3, then
# `kcat -C` of all of them back; prints records/s for both and the ratio
# isrlab / mock.  isrlab replicates three ways (acks=all waits for the
# ISR); the mock replicates nothing.  Run by `make bench` when configure
# found librdkafka (bench/bench_mock) and kcat is installed.
# Usage: bench-kcat.sh ISRLAB BENCH_MOCK [N]

set -u
isrlab=$1 mock=$2 n=${3:-1000000}
KCAT=$(command -v kcat || command -v kafkacat) ||
    { echo "bench-kcat: kcat not installed, skipped"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-bench.XXXXXX") || exit 1
trap 'exec 9>&- 8>&-; wait; rm -rf "$dir"' EXIT

now() { date +%s.%N; }
rate() { echo "$1 $2 $3" | awk '{ printf "%.0f", $1 / ($3 - $2) }'; }

head -c 100 /dev/zero | tr '\0' x >"$dir/one"
awk -v n="$n" 'BEGIN { r = sprintf("%100s", ""); gsub(/ /, "x", r);
    for (i = 0; i < n; i++) print r }' >"$dir/in"

# run NAME BOOTSTRAP: produce and consume, set P_RATE and C_RATE.
run() {
	t0=$(now)
	"$KCAT" -P -b "$2" -t bench -X acks=all -X linger.ms=5 \
	    <"$dir/in" 2>"$dir/$1.perr" 8>&- 9>&- ||
	    { echo "bench-kcat: $1: kcat -P failed: $(tail -2 "$dir/$1.perr")"; exit 1; }
	t1=$(now)
	got=$("$KCAT" -C -b "$2" -t bench -o beginning -e -q 8>&- 9>&- | wc -l)
	t2=$(now)
	# librdkafka's mock keeps at most 5 MiB (and 100,000 batches) per
	# partition (rdkafka_mock.c, rd_kafka_mock_partition_init: max_size,
	# max_cnt) and drops the oldest batches past it, so of a big run it
	# serves only the last records; its consume rate counts those.
	[ "$got" = "$n" ] || echo "bench-kcat: $1: consumed $got of $n" \
	    "(the rest was past its log's retention)"
	P_RATE=$(rate "$n" "$t0" "$t1")
	C_RATE=$(rate "$got" "$t1" "$t2")
	printf '%-7s produce %8s records/s   consume %8s records/s\n' \
	    "$1" "$P_RATE" "$C_RATE"
}

port=$(( 40000 + ($$ % 2000) * 10 ))
mkfifo "$dir/cmd"
"$isrlab" --headless --listen --port-base "$port" <"$dir/cmd" \
    >"$dir/isrlab.out" 2>&1 &
exec 9>"$dir/cmd"
# Keep every record for the consume that follows: no retention by count,
# and a byte cap (isrlab.log.max.bytes) that all nine replicas fit in.
echo "set isrlab.log.retention.records=$n" >&9
echo "set isrlab.log.max.bytes=$(( n * 1000 * 9 ))" >&9
echo "kafka-topics.sh --bootstrap-server localhost:$port --create --topic bench --partitions 3 --replication-factor 3" >&9
for i in $(seq 100); do
	grep -q 'Created topic bench' "$dir/isrlab.out" && break
	sleep 0.1
done
echo "machine: $(nproc) cpus, $(uname -m); $n records of 100 bytes, 3 partitions, RF 3, acks=all"
run isrlab "localhost:$port"
I_P=$P_RATE I_C=$C_RATE
exec 9>&-

mkfifo "$dir/mockin"
"$mock" bench <"$dir/mockin" >"$dir/mock.out" 2>"$dir/mock.err" &
exec 8>"$dir/mockin"
for i in $(seq 100); do
	[ -s "$dir/mock.out" ] && break
	sleep 0.1
done
run mock "$(head -1 "$dir/mock.out")"
exec 8>&-
echo "$I_P $P_RATE $I_C $C_RATE" | awk '{ printf "ratio isrlab/mock: produce %.2f, consume %.2f\n", $1 / $2, $3 / $4 }'
