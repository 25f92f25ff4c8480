# net-client-lib.sh - the scenario every real client library runs against
# isrlab's brokers on loopback (issue 16), through its driver
# (tests/clients/driver.py for kafka-python and confluent-kafka,
# tests/clients/driver.js for kafkajs; both take the same commands):
#   1. metadata shows isrlab's leaders and ISR;
#   2. acks=all records produced are all consumed back by a consumer group;
#   3. a consumer group of three members splits three partitions, one
#      each, and isrlab's coordinator has the three members;
#   4. the leader crashes while the client produces with acks=all (RF 3):
#      every acknowledged record is consumed afterwards;
#   5. min.insync.replicas=2 with two brokers down: NOT_ENOUGH_REPLICAS;
#   6. a zombie leader (isolated from the brokers and the controller, not
#      from clients) acknowledges acks=1 records, which are gone once it
#      returns and truncates.
# The test sets $name and $driver (the command before the driver's
# arguments), sources this file and calls net_client_scenario.  Every
# wait polls with a deadline.

. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

drv() { $driver "$@"; }

# port B: broker B's listener.
port() { echo $((base + $1 - 1)); }

# leader_of TOPIC PARTITION [BOOTSTRAP]: the leader the client sees.
leader_of() {
	drv metadata -b "${3:-$all}" -t "$1" 2>/dev/null |
	    awk -v p="$2" '$1 == p { print $2 }'
}

# md_is TOPIC PARTITION "LEADER ISR" [BOOTSTRAP]: whether the client's
# metadata says so.
md_is() {
	[ "$(drv metadata -b "${4:-$all}" -t "$1" 2>/dev/null |
	    awk -v p="$2" '$1 == p { print $2, $3 }')" = "$3" ]
}

# isr_is TOPIC PARTITION ISR: whether the client's metadata (from any
# broker that answers) gives that ISR, whoever leads.
isr_is() {
	[ "$(drv metadata -b "$all" -t "$1" 2>/dev/null |
	    awk -v p="$2" '$1 == p { print $3 }')" = "$3" ]
}

# Three members of one group, each with one partition of three.
split_done() {
	for m in 1 2 3; do
		[ -s "$netdir/member$m" ] || return 1
	done
	[ "$(cat "$netdir/member1" "$netdir/member2" "$netdir/member3" |
	    tr ' ' '\n' | grep . | sort | tr '\n' ' ')" = "0 1 2 " ]
}

# acked_at_least N FILE: FILE has N lines or more.
acked_at_least() {
	[ -f "$2" ] && [ "$(grep -c . "$2")" -ge "$1" ]
}

net_client_scenario() {
	net_start --brokers 3 --seed "$seed_in_order"
	all=localhost:$(port 1),localhost:$(port 2),localhost:$(port 3)
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic orders --partitions 3 --replication-factor 3"
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic strict --partitions 1 --replication-factor 3 --config min.insync.replicas=2"
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic zombie --partitions 1 --replication-factor 3"
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic crash --partitions 3 --replication-factor 3"
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic split --partitions 3 --replication-factor 3"
	net_wait_log 20 'Created topic split' || fail "topics not created"

	# 1. Metadata: isrlab's leaders (partition p on broker p + 1) and
	# full ISRs.
	poll 30 md_is orders 0 "1 1,2,3" || fail "metadata: $(drv metadata -b "$all" -t orders 2>&1)"
	md_is orders 1 "2 1,2,3" && md_is orders 2 "3 1,2,3" ||
	    fail "metadata: $(drv metadata -b "$all" -t orders 2>&1)"

	# 2. acks=all, then every record back through a consumer group.
	drv produce -b "$all" -t orders -n 500 --acked "$netdir/rt.acked" \
	    >"$netdir/rt.produce" 2>&1 ||
	    fail "produce: $(tail -3 "$netdir/rt.produce")"
	drv consume -b "$all" -t orders -g roundtrip --want "$netdir/rt.acked" \
	    >"$netdir/rt.consume" 2>&1 ||
	    fail "consume: $(tail -3 "$netdir/rt.consume")"

	# 3. Three members split three partitions.
	pids=
	for m in 1 2 3; do
		drv member -b "$all" -t split -g three \
		    --assigned "$netdir/member$m" --stop "$netdir/stop" \
		    >"$netdir/member$m.log" 2>&1 9>&- &
		pids="$pids $!"
	done
	poll 120 split_done || fail "the group did not split: $(cat "$netdir"/member[123] 2>&1)"
	net_cmd "kafka-consumer-groups.sh --bootstrap-server $boot --describe --group three"
	net_wait_log 20 '^three +split +2 ' || fail "isrlab's describe of the group"
	[ "$(grep -E '^three +split +[0-2] ' "$log" | awk '{ print $7 }' |
	    sort -u | wc -l)" = 3 ] || fail "isrlab does not see three members"
	: >"$netdir/stop"
	for p in $pids; do
		wait "$p" || fail "a member failed: $(cat "$netdir"/member[123].log)"
	done

	# 4. The leader of crash-0 crashes mid-stream.
	poll 30 eval 'cl=$(leader_of crash 0); [ -n "$cl" ]' ||
	    fail "no leader for crash-0"
	drv produce -b "$all" -t crash -n 600 --delay 0.01 \
	    --acked "$netdir/fo.acked" >"$netdir/fo.produce" 2>&1 9>&- &
	ppid=$!
	poll 60 acked_at_least 100 "$netdir/fo.acked" ||
	    fail "too little acknowledged before the crash"
	net_cmd "kill $cl"
	wait "$ppid" || fail "produce across the crash: $(tail -3 "$netdir/fo.produce")"
	drv consume -b "$all" -t crash -g failover --want "$netdir/fo.acked" \
	    >"$netdir/fo.consume" 2>&1 ||
	    fail "after the crash: $(tail -3 "$netdir/fo.consume")"
	net_cmd "restart $cl"
	poll 120 isr_is crash 0 1,2,3 ||
	    fail "broker $cl did not rejoin the ISR"

	# 5. min.insync.replicas=2 with two of three brokers down.
	poll 30 eval 'sl=$(leader_of strict 0); [ -n "$sl" ]' ||
	    fail "no leader for strict-0"
	down=$(printf '1\n2\n3\n' | grep -v "^$sl\$" | tr '\n' ' ')
	for b in $down; do
		net_cmd "kill $b"
	done
	poll 60 md_is strict 0 "$sl $sl" "localhost:$(port "$sl")" ||
	    fail "the ISR of strict-0 did not shrink to $sl"
	drv produce -b "localhost:$(port "$sl")" -t strict -n 1 --retries 0 \
	    >"$netdir/ner" 2>&1 && fail "acknowledged with two brokers down"
	grep -q '^error NOT_ENOUGH_REPLICAS' "$netdir/ner" ||
	    fail "no NOT_ENOUGH_REPLICAS: $(tail -3 "$netdir/ner")"
	for b in $down; do
		net_cmd "restart $b"
	done
	poll 120 isr_is zombie 0 1,2,3 ||
	    fail "brokers $down did not rejoin the ISR"

	# 6. A zombie leader: cut off from the brokers and the controller,
	# it still answers the client bootstrapped at it.
	poll 30 eval 'zl=$(leader_of zombie 0); [ -n "$zl" ]' ||
	    fail "no leader for zombie-0"
	others=$(printf '1\n2\n3\n' | grep -v "^$zl\$" | head -1)
	net_cmd "isolate $zl"
	poll 60 eval 'nl=$(leader_of zombie 0 "localhost:$(port "$others")");
	    [ -n "$nl" ] && [ "$nl" != "$zl" ]' ||
	    fail "no new leader for zombie-0"
	drv produce -b "localhost:$(port "$zl")" -t zombie -n 5 --acks 1 \
	    --prefix zombie --acked "$netdir/z.acked" >"$netdir/z.produce" 2>&1 ||
	    fail "the zombie did not acknowledge: $(tail -3 "$netdir/z.produce")"
	net_cmd "heal"
	net_wait_event 60 'truncate +zombie-0' || fail "the zombie did not truncate"
	drv produce -b "$all" -t zombie -n 1 --prefix after \
	    >"$netdir/z.after" 2>&1 || fail "produce after the heal: $(tail -3 "$netdir/z.after")"
	drv consume -b "$all" -t zombie -g zombie --until after-1 \
	    --out "$netdir/z.out" >"$netdir/z.consume" 2>&1 ||
	    fail "consume after the heal: $(tail -3 "$netdir/z.consume")"
	if grep -q ' zombie-' "$netdir/z.out"; then
		fail "the zombie's acks=1 records survived: $(cat "$netdir/z.out")"
	fi
}
