#!/bin/sh
# attach-observe.sh - isrlab --attach on a second isrlab serving the wire
# protocol on loopback (issue 18): the attached describe is the serving
# cluster's own (TopicId aside: librdkafka 2.0.2's metadata has none, so
# attach mode prints "?"), and crashing the leader on the serving side
# shows up attached as an observed leader change with the ISR shrunk,
# epochs unknown, and broker 1 gone from the metadata.
name=attach-observe
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"

net_start --brokers 3 --kafka 3.7
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic email.send --partitions 3 --replication-factor 3"
net_wait_log 20 'Created topic email.send' || fail "topic not created"
attach_start
att_wait_log 30 'Topic: email.send' || true
att_cmd "wait-until isr email.send/2 == 3,1,2 --timeout 30s"
att_cmd "kafka-topics.sh --bootstrap-server $boot --describe --topic email.send"
att_wait_log 30 'Partition: 2	Leader: 3' || att_fail "no attached describe"
net_cmd "kafka-topics.sh --bootstrap-server $boot --describe --topic email.send"
net_wait_log 30 'Partition: 2	Leader: 3' || fail "no serving describe"
mask() { grep -E '^	?Topic: email.send' | sed 's/TopicId: [^	]*/TopicId: -/'; }
mask <"$log" >"$netdir/serving.txt"
mask <"$att_log" >"$netdir/attached.txt"
[ "$(wc -l <"$netdir/serving.txt")" = 4 ] ||
    att_fail "serving describe: $(cat "$netdir/serving.txt")"
cmp -s "$netdir/serving.txt" "$netdir/attached.txt" ||
    att_fail "describes differ: $(diff "$netdir/serving.txt" "$netdir/attached.txt")"
grep -q 'TopicId: ?	PartitionCount: 3' "$att_log" ||
    att_fail "the unknown TopicId is not shown as ?"

# The leader of partition 0 (broker 1) crashes on the serving side.
net_cmd "kill 1"
att_cmd "wait-until leader email.send/0 != 1 and isr email.send/0 lacks 1 --timeout 60s"
att_cmd "events"
att_wait_log 60 'leader_change  email.send-0  leader 1 -> 2  epoch \? -> \?  isr 1,2,3 -> 2,3  \(observed\)' ||
    att_fail "no observed leader change"
att_log_has 'isr_shrink  email.send-1  isr 2,3,1 -> 2,3  \(observed\)' ||
    att_fail "no observed ISR shrink on email.send-1"
att_log_has 'note  broker 1  \(observed: broker 1 is gone from the metadata\)' ||
    att_fail "broker 1 not seen gone"
att_cmd "kafka-topics.sh --bootstrap-server localhost:$((base + 1)) --describe --topic email.send"
att_wait_log 30 'Partition: 0	Leader: 2	Replicas: 1,2,3	Isr: 2,3' ||
    att_fail "attached describe after the crash"
attach_stop
net_stop
echo "PASS: attached describe = serving describe; leader crash observed as leader change + ISR shrink"
