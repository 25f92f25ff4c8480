#!/bin/bash
# net-admin.sh - the admin APIs from real clients (issue 16): kafka-python's
# KafkaAdminClient, confluent-kafka's AdminClient and kafkajs's admin client
# create, describe, alter and delete topics on isrlab's brokers, through
# tests/clients/driver.py and driver.js.  Every topic a client creates
# must show in isrlab's own kafka-topics.sh --describe with the placement
# the model chose, which is what the client's metadata reports; every
# refusal is Kafka's error.  IncrementalAlterConfigs and ElectLeaders,
# which none of the libraries has, go out in kafka-python's own codec.
# Each library's part runs when it is installed; exit 77 (skip) when none
# is.
set -u
name=net-admin
libs=
for lib in kafka confluent_kafka; do
	for py in python3 /usr/bin/python3; do
		if "$py" -c "import $lib" 2>/dev/null; then
			libs="$libs $lib:$py"
			break
		fi
	done
done
clients=${ISRLAB_SRCDIR:-.}/tests/clients
ISRLAB_NODE_MODULES=${ISRLAB_NODE_MODULES:-$clients/node_modules}
export ISRLAB_NODE_MODULES
command -v node >/dev/null &&
    [ -f "$ISRLAB_NODE_MODULES/kafkajs/package.json" ] &&
    libs="$libs kafkajs:node"
[ -n "$libs" ] ||
    { echo "SKIP: none of kafka-python, confluent-kafka and kafkajs installed (Debian: python3-kafka, python3-confluent-kafka; kafkajs: cd tests/clients && npm ci)"; exit 77; }
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

# expect "OUTPUT" DRIVER-ARGS...: the driver prints exactly OUTPUT.
expect() {
	want=$1
	shift
	out=$(drv "$@" 2>"$netdir/drv.err")
	[ "$out" = "$want" ] ||
	    fail "driver $*: wanted '$want', got '$out' $(tail -3 "$netdir/drv.err")"
}

# describe_lines TOPIC: isrlab's latest kafka-topics.sh --describe of
# TOPIC as "PARTITION LEADER ISR" lines (ISR sorted), one per partition.
describe_lines() {
	grep -E "^	Topic: $1	Partition: " "$log" |
	    awk -F'\t' '{ split($3, p, ": "); split($4, l, ": ");
		split($6, i, ": "); n = split(i[2], v, ",");
		for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++)
			if (v[b] + 0 < v[a] + 0) { t = v[a]; v[a] = v[b]; v[b] = t }
		s = v[1]; for (a = 2; a <= n; a++) s = s "," v[a];
		last[p[2]] = p[2] " " l[2] " " s }
		END { for (k in last) print last[k] }' | sort -k1,1n
}
# described TOPIC N: ask isrlab to describe TOPIC; whether its N
# partitions show (the brokers learn of a new topic from the controller a
# moment after the client's answer, as in Kafka).
described() {
	net_cmd "kafka-topics.sh --bootstrap-server $boot --describe --topic $1"
	sleep 0.3
	[ "$(describe_lines "$1" | wc -l)" -eq "$2" ]
}

# placed TOPIC PARTITIONS RF [CONFIGS]: isrlab's describe shows TOPIC with
# that many partitions and replicas (and configs), and the leaders and
# ISRs the client's metadata reports.
placed() {
	poll 20 described "$1" "$2" || fail "isrlab does not describe $1"
	grep -Eq "^Topic: $1	TopicId: [^	]+	PartitionCount: $2	ReplicationFactor: $3	Configs: ${4:-}\$" "$log" ||
	    fail "isrlab's describe of $1: $(grep "^Topic: $1	" "$log")"
	# poll runs the eval in its own frame, where $1 is not the topic.
	# Each try describes again: a topic made while a broker catches up
	# shows it out of the ISR at first, in isrlab and in the client.
	pt=$1 pn=$2
	poll 20 eval 'described "$pt" "$pn" && m=$(drv metadata -b "$all" -t "$pt" 2>/dev/null); [ -n "$m" ] && [ "$m" = "$(describe_lines "$pt")" ]' ||
	    fail "$1: the client sees $(drv metadata -b "$all" -t "$1" 2>&1), isrlab describes $(describe_lines "$1")"
}

# gone TOPIC: ask isrlab to describe TOPIC; whether it says TOPIC does not
# exist.
gone() {
	net_cmd "kafka-topics.sh --bootstrap-server $boot --describe --topic $1"
	sleep 0.3
	net_log_has "Topic '$1' does not exist as expected"
}
absent() {
	poll 20 gone "$1" || fail "isrlab still has $1"
}

# admin_scenario PREFIX: what both libraries do, on topics PREFIX-*
# ($tp: net-lib.sh's waits use $t).
admin_scenario() {
	tp=$1
	expect "$tp-a OK" create -b "$all" -t "$tp-a" -p 3 -r 3 \
	    --config min.insync.replicas=2
	placed "$tp-a" 3 3 'min.insync.replicas=2'
	# -1: the brokers' num.partitions and default.replication.factor
	# (kafka-python 2.0.2's NewTopic refuses -1 without assignments).
	expect "$tp-d OK" create -b "$all" -t "$tp-d" $defaults
	placed "$tp-d" 1 1
	expect "$tp-a TOPIC_ALREADY_EXISTS" create -b "$all" -t "$tp-a" -p 1 -r 1
	expect "$tp-b INVALID_REPLICATION_FACTOR" create -b "$all" -t "$tp-b" \
	    -p 1 -r 4
	expect "$tp-b INVALID_CONFIG" create -b "$all" -t "$tp-b" -p 1 -r 1 \
	    --config min.insync.replicas=none
	expect "$tp-b INVALID_CONFIG" create -b "$all" -t "$tp-b" -p 1 -r 1 \
	    --config no.such.config=1
	expect "$tp-b/x $invalid_topic" create -b "$all" -t "$tp-b/x" \
	    -p 1 -r 1
	expect "$tp-v OK" create -b "$all" -t "$tp-v" -p 2 -r 2 --validate-only
	absent "$tp-v"

	# DescribeConfigs: the topic's override, then the defaults.
	expect "min.insync.replicas=2 1
unclean.leader.election.enable=false 5
isrlab.log.retention.records=100000 5" describe-configs -b "$all" -t "$tp-a"
	expect "$tp-z $unknown" describe-configs -b "$all" -t "$tp-z"

	expect "$tp-d OK" delete -b "$all" -t "$tp-d"
	absent "$tp-d"
	expect "$tp-d $unknown" delete -b "$all" -t "$tp-d"

	# AlterConfigs replaces the topic's set: min.insync.replicas goes
	# back to the default.
	expect "$tp-a OK" alter-configs -b "$all" -t "$tp-a" \
	    --config isrlab.log.retention.records=500
	expect "min.insync.replicas=1 5
unclean.leader.election.enable=false 5
isrlab.log.retention.records=500 1" describe-configs -b "$all" -t "$tp-a"
	expect "$tp-a INVALID_CONFIG" alter-configs -b "$all" -t "$tp-a" \
	    --config min.insync.replicas=0
	expect "$tp-z $unknown" alter-configs -b "$all" -t "$tp-z" \
	    --config min.insync.replicas=2
	# The brokers' dynamic default (cluster-wide in isrlab).
	expect "1 OK" alter-configs -b "$all" --resource broker -t 1 \
	    --config min.insync.replicas=2
	poll 20 eval '[ "$(drv describe-configs -b "$all" --resource broker -t 2 2>/dev/null | grep "^min.insync")" = "min.insync.replicas=2 3" ]' ||
	    fail "broker 2 does not show the dynamic default: $(drv describe-configs -b "$all" --resource broker -t 2 2>&1)"
	expect "1 OK" alter-configs -b "$all" --resource broker -t 1

	# CreatePartitions: the new ones placed as the model places them.
	expect "$tp-a OK" partitions -b "$all" -t "$tp-a" -p 7 --validate-only
	expect "$tp-a OK" partitions -b "$all" -t "$tp-a" -p 5
	placed "$tp-a" 5 3 'isrlab.log.retention.records=500'
	expect "$tp-a INVALID_PARTITIONS" partitions -b "$all" -t "$tp-a" -p 5
	expect "$tp-a INVALID_PARTITIONS" partitions -b "$all" -t "$tp-a" -p 2
	expect "$tp-z $unknown" partitions -b "$all" -t "$tp-z" -p 2
}

# What kafka-python's own codec sends for the admin APIs that neither
# library has (IncrementalAlterConfigs, ElectLeaders).
raw_scenario() {
	expect "kp-a OK" incremental-alter -b "$all" -t kp-a \
	    --config min.insync.replicas=3 --delete isrlab.log.retention.records
	expect "min.insync.replicas=3 1
unclean.leader.election.enable=false 5
isrlab.log.retention.records=100000 5" describe-configs -b "$all" -t kp-a
	expect "kp-a INVALID_CONFIG" incremental-alter -b "$all" -t kp-a \
	    --config no.such.config=1

	# Elections, with the automatic rebalance out of the way.
	net_cmd "set auto.leader.rebalance.enable=false"
	expect "kp-e OK" create -b "$all" -t kp-e -p 1 -r 3
	expect "kp-u OK" create -b "$all" -t kp-u -p 1 -r 1
	# Placement is the controller's: kp-e's preferred leader is the
	# leader it starts with.
	poll 30 eval 'drv metadata -b "$all" -t kp-e 2>/dev/null | grep -Eq "^0 [1-3] 1,2,3$"' ||
	    fail "kp-e: $(drv metadata -b "$all" -t kp-e 2>&1)"
	pref=$(drv metadata -b "$all" -t kp-e | awk '{ print $2 }')
	poll 30 eval '[ -n "$(drv metadata -b "$all" -t kp-u 2>/dev/null)" ]' ||
	    fail "kp-u: no metadata"
	u=$(drv metadata -b "$all" -t kp-u | awk '{ print $2 }')
	# kafka-python 2.0.2 has no names for 80, 83 and 84:
	# PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE and
	# ELECTION_NOT_NEEDED.
	expect "request OK
kp-e-0 code-84
kp-e-5 UNKNOWN_TOPIC_OR_PARTITION" elect -b "$all" -t kp-e --partition 0 --partition 5
	net_cmd "kill $pref"
	poll 60 eval 'ldr=$(drv metadata -b "$all" -t kp-e 2>/dev/null | awk "{ print \$2 }"); [ -n "$ldr" ] && [ "$ldr" != "$pref" ] && [ "$ldr" != -1 ]' ||
	    fail "kp-e: no new leader: $(drv metadata -b "$all" -t kp-e 2>&1)"
	new=$(drv metadata -b "$all" -t kp-e | awk '{ print $2 }')
	expect "request OK
kp-e-0 code-80" elect -b "$all" -t kp-e --partition 0
	net_cmd "restart $pref"
	poll 120 eval '[ "$(drv metadata -b "$all" -t kp-e 2>/dev/null)" = "0 $new 1,2,3" ]' ||
	    fail "broker $pref did not rejoin: $(drv metadata -b "$all" -t kp-e 2>&1)"
	expect "request OK
kp-e-0 OK" elect -b "$all" -t kp-e --partition 0
	poll 30 eval '[ "$(drv metadata -b "$all" -t kp-e 2>/dev/null)" = "0 $pref 1,2,3" ]' ||
	    fail "the preferred leader did not return: $(drv metadata -b "$all" -t kp-e 2>&1)"
	# Unclean, of a partition whose only replica is down.
	net_cmd "kill $u"
	poll 60 eval '[ "$(drv metadata -b "$all" -t kp-u 2>/dev/null | awk "{ print \$2 }")" = -1 ]' ||
	    fail "kp-u did not lose its leader: $(drv metadata -b "$all" -t kp-u 2>&1)"
	expect "request OK
kp-u-0 code-83" elect -b "$all" -t kp-u --partition 0 --election unclean
	net_cmd "restart $u"
}

net_start --brokers 3
all=localhost:$base,localhost:$((base + 1)),localhost:$((base + 2))
ran=
for l in $libs; do
	py=${l#*:}
	case $l in
	kafka:*)
		driver="$py ${ISRLAB_SRCDIR:-.}/tests/clients/driver.py --lib kafka"
		prefix=kp
		defaults="-p 1 -r 1"
		unknown=UNKNOWN_TOPIC_OR_PARTITION
		invalid_topic=INVALID_TOPIC
		;;
	kafkajs:*)
		driver="node $clients/driver.js"
		prefix=kj
		defaults=
		unknown=UNKNOWN_TOPIC_OR_PARTITION
		invalid_topic=INVALID_TOPIC_EXCEPTION
		;;
	*)
		driver="$py ${ISRLAB_SRCDIR:-.}/tests/clients/driver.py --lib confluent"
		prefix=ck
		defaults=
		# librdkafka's names for 3 and 17
		unknown=UNKNOWN_TOPIC_OR_PART
		invalid_topic=TOPIC_EXCEPTION
		;;
	esac
	drv() { $driver "$@"; }
	admin_scenario "$prefix"
	[ "$prefix" = kp ] && raw_scenario
	ran="$ran ${l%%:*}"
done
echo "PASS: admin APIs from$ran: create (placement as isrlab describes it), TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, validate-only, describe and alter configs, create partitions, delete; kafka-python's codec: incremental alter, preferred and unclean elections"
