#!/bin/sh
# attach-observe.sh - isrlab --attach on a second isrlab serving the wire
# protocol on loopback (issue 18): the attached describe is the serving
# cluster's own, its topic override (min.insync.replicas=2, by
# DescribeConfigs) included (TopicId aside: librdkafka 2.0.2's metadata
# has none, so attach mode prints "?"); an action without a configured command is
# refused; crashing the leader through the --attach-config command (which
# writes `kill 1` into the serving isrlab's FIFO) shows up attached as an
# observed leader change with the ISR shrunk, epochs unknown, broker 1
# gone from the metadata, and the command's run in the event log;
# `restart 1` runs `start 1` and the ISR grows back; kafka-configs.sh
# --alter attached changes the serving cluster's topic, keeping its other
# override.  Records produced
# through the attached console's producer (librdkafka) are read back by
# its consumer and by the serving cluster's own.
name=attach-observe
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"

attach_need_rdkafka
attach_serving email.send 3
# A topic override, which the attached describe finds by DescribeConfigs.
net_cmd "kafka-configs.sh --bootstrap-server $boot --alter --entity-type topics --entity-name email.send --add-config min.insync.replicas=2"
net_wait_log 20 'Completed updating config for topic email.send' ||
    fail "min.insync.replicas=2 not set"
attach_start --attach-config "$att_conf"
att_wait_log 30 '^email.send$' || att_fail "the attached --list has no email.send"
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
grep -q 'TopicId: ?	PartitionCount: 3	ReplicationFactor: 3	Configs: min.insync.replicas=2$' "$att_log" ||
    att_fail "the unknown TopicId is not shown as ?, or the override is missing"

# The attached console's producer and consumer go through librdkafka.
att_cmd "kafka-console-producer.sh --bootstrap-server localhost:$base --topic email.send --producer-property acks=all --property parse.key=true --property key.separator=:"
att_cmd "> k1:hello-attached"
att_cmd "> k2:second"
att_cmd "kafka-console-consumer.sh --bootstrap-server localhost:$base --topic email.send --from-beginning --property print.key=true"
att_wait_log 30 'Processed a total of 2 messages' ||
    att_fail "the attached consumer did not read the two records"
att_log_has '^k1	hello-attached$' || att_fail "k1 not consumed attached"
att_log_has '^k2	second$' || att_fail "k2 not consumed attached"
net_cmd "kafka-console-consumer.sh --bootstrap-server $boot --topic email.send --from-beginning --property print.key=true"
net_wait_log 30 'Processed a total of 2 messages' ||
    fail "the serving cluster does not hold the two records"
net_log_has '^k1	hello-attached$' || fail "k1 not on the serving side"
att_cmd "kafka-console-consumer.sh --bootstrap-server localhost:$base --topic email.send --group g1"
att_wait_log 30 'isrlab: --group: not on a real cluster' ||
    att_fail "a group consumer was not refused"

att_cmd "stop 2"
att_wait_log 20 "isrlab: stop: not configured: add .stop 2 = COMMAND. to $att_conf" ||
    att_fail "stop 2 ran without a command configured"

# The leader of partition 0 (broker 1) crashes by the configured command.
att_cmd "kill 1"
att_cmd "wait-until leader email.send/0 != 1 and isr email.send/0 lacks 1 --timeout 60s"
att_cmd "events"
att_wait_log 60 'leader_change  email.send-0  leader 1 -> 2  epoch \? -> \?  isr 1,2,3 -> 2,3  \(observed\)' ||
    att_fail "no observed leader change"
att_log_has 'isr_shrink  email.send-1  isr 2,3,1 -> 2,3  \(observed\)' ||
    att_fail "no observed ISR shrink on email.send-1"
att_log_has 'note  broker 1  \(observed: broker 1 is gone from the metadata\)' ||
    att_fail "broker 1 not seen gone"
grep -Fq "note  broker 1  (kill 1: ran \`echo 'kill 1' > $fifo\`: exit 0)" "$att_log" ||
    att_fail "the command's run is not in the event log"
att_cmd "kafka-topics.sh --bootstrap-server localhost:$((base + 1)) --describe --topic email.send"
att_wait_log 30 'Partition: 0	Leader: 2	Replicas: 1,2,3	Isr: 2,3' ||
    att_fail "attached describe after the crash"

# restart 1 on a broker seen down is start 1.
att_cmd "restart 1"
att_cmd "wait-until isr email.send/0 contains 1 --timeout 60s"
att_cmd "events 5"
att_wait_log 60 'isr_expand  email.send-0  isr 2,3 -> 2,3,1  \(observed\)' ||
    att_fail "broker 1 not seen back in the ISR"
att_log_has 'observed: broker 1 is back in the metadata' ||
    att_fail "broker 1 not seen back"

# kafka-configs.sh --alter attached sets the override on the real
# cluster and keeps the one there (AlterConfigs replaces the whole set).
att_cmd "kafka-configs.sh --bootstrap-server localhost:$base --alter --entity-type topics --entity-name email.send --add-config unclean.leader.election.enable=true"
att_wait_log 30 '^Completed updating config for topic email.send.$' ||
    att_fail "the attached kafka-configs --alter did not complete"
# The brokers apply the controller's change a moment after it answered
# (as Kafka's do): ask again until the describe shows it.
both() {
	net_cmd "kafka-topics.sh --bootstrap-server $boot --describe --topic email.send"
	sleep 0.5
	net_log_has 'Configs: min.insync.replicas=2,unclean.leader.election.enable=true$'
}
poll 30 both ||
    fail "the serving cluster does not hold both overrides: $(grep Configs: "$log" | tail -1)"
attach_stop
net_stop
echo "PASS: attached describe = serving describe; the configured kill observed as leader change + ISR shrink; restart brought it back"
