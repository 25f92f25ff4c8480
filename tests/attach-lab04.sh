#!/bin/sh
# attach-lab04.sh - lab 04 (`attach: yes`) solved on a real cluster (issue
# 18): a second isrlab serves the wire protocol on loopback with the lab's
# topic orders (1x3, led by broker 1 on the lab's seed: 4); `isrlab
# --headless --attach ... --lab 04 --solve` plays the lab's solutions
# there.  Its `partition 1,2 | 3` runs the --attach-config's `partition`
# with ISRLAB_PARTITION=1,2|3, its key h the cluster's `heal` (each writes
# the serving isrlab's own command into its FIFO).  What the lab needs a
# real cluster to show, observed from outside:
#   - broker 3, then broker 1, fenced: out of the metadata the other
#     brokers give, while it still answers with its own stale view;
#   - describe through localhost:9092 (broker 1, the zombie) printing
#     broker 1's own view, `Leader: 1` with the ISR 1,2,3, while through
#     19092 broker 2 leads;
#   - the console producer bootstrapped at 9092 writing with acks=1 to
#     the zombie, and those three acknowledged records lost once the
#     network heals: a data_loss event for orders-0 offsets 5..7.
name=attach-lab04
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"
attach_need_rdkafka
net_start --brokers 3 --kafka 3.7 --seed 4
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic orders --partitions 1 --replication-factor 3"
net_wait_log 20 "Created topic orders" || fail "topic orders not created"
{
	echo "# the serving isrlab's own commands, through its FIFO"
	echo "partition = echo \"partition \$ISRLAB_PARTITION\" > $fifo; echo \"\$ISRLAB_PARTITION\" >> $netdir/sides"
	echo "heal = echo heal > $fifo"
} >"$att_conf"
attach_solve 04 6
jsonl=$(ls "$netdir"/*.jsonl 2>/dev/null | head -1)
[ -n "$jsonl" ] || fail "no journal exported"
[ "$(tr '\n' ' ' <"$netdir/sides")" = "controller,1,2|3 controller,2,3|1 " ] ||
    fail "the partition command got ISRLAB_PARTITION: $(cat "$netdir/sides" 2>&1)"
# has TEXT: the exported journal holds TEXT (JSON-escaped: \t for a tab).
has() { grep -Fq -- "$1" "$jsonl"; }
head -1 "$jsonl" | grep -Fq '"partition = echo \"partition $ISRLAB_PARTITION\" >' ||
    fail "the journal header does not list the partition command: $(head -c 800 "$jsonl")"
head -1 "$jsonl" | grep -Fq "\"heal = echo heal > $fifo\"" ||
    fail "the journal header does not list the cluster's heal command"
# Step 4: the same describe through broker 2 and through the zombie.
has '"text":"kafka-topics.sh --bootstrap-server localhost:19092 --describe --topic orders","output":"Topic: orders\tTopicId: ?\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: \n\tTopic: orders\tPartition: 0\tLeader: 2\tReplicas: 1,2,3\tIsr: 2,3\n"' ||
    fail "describe through 19092 does not show broker 2 leading"
has '"text":"kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders","output":"Topic: orders\tTopicId: ?\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: \n\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\n"' ||
    fail "describe through 9092 does not show the zombie's own view"
# Each seen fenced once: the cluster's view never flaps to the zombie's.
for b in 3 1; do
	n=$(grep -Fc "\"type\":\"note\",\"broker\":$b,\"reason\":\"observed: broker $b is gone from the metadata but still answers (fenced)\"" "$jsonl")
	[ "$n" = 1 ] || fail "broker $b seen fenced $n times: $(grep -F "\"broker\":$b," "$jsonl" | grep observed)"
done
# Step 6: the acks=1 records the zombie took are seen lost.
has '"type":"data_loss","broker":2,"topic":"orders","partition":0,"offsets":[5,8],"reason":"observed: acks=1 write(s) acknowledged by broker 1, not in leader 2'"'"'s log"' ||
    fail "no data_loss for orders-0 offsets 5..7: $(grep data_loss "$jsonl")"
net_stop
echo "PASS: lab 04 solved on an attached cluster, the zombie's acks=1 writes seen lost"
