#!/bin/bash
# net-kcat-failover.sh - the leader crashes while kcat produces with
# acks=all to a topic of replication factor 3 (issue 16): kcat sees the
# connection refused, refreshes its metadata and goes on with the new
# leader, and every record it got an acknowledgement for is consumed
# afterwards at the offset it was acknowledged at.  Then an idempotent
# kcat (InitProducerId, sequence numbers) loses its leader the same way:
# the new leader, which rebuilt the producer's state from its log, takes
# the retried batches once, so every record is there exactly once.
# Exit 77 (skip) without kcat.

set -u
name=net-kcat-failover
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

need_kcat

net_start --brokers 3 --seed "$seed_in_order"
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic pay --partitions 3 --replication-factor 3"
net_wait_log 20 'Created topic pay' || fail "topic not created"

# kcat produces 100,000 records in one go (it reads its input whole);
# once it has some acknowledged, broker 1 (leader of pay-0) crashes.
# Clients run with fd 9 (isrlab's command FIFO) closed, so that isrlab
# sees the end of its script when the test is done.
seq 1 100000 | sed 's/.*/k&:v&/' >"$netdir/in"
"$KCAT" -P -b "$boot,localhost:$((base + 1))" -t pay -X acks=all -K: \
    -vvv <"$netdir/in" 2>"$netdir/dr" 9>&- &
kpid=$!
poll 60 eval '[ "$(grep -c "Message delivered" "$netdir/dr")" -ge 5000 ]' ||
    fail "kcat delivered too little before the crash"
net_cmd "kill 1"
net_cmd "wait-until leader pay/0 != 1 --timeout 30s"
net_cmd "events"
net_wait_log 30 'leader_change +pay-0 +leader 1 -> ' || fail "no failover"
wait $kpid || fail "kcat -P failed: $(tail -3 "$netdir/dr")"
grep 'Message delivered' "$netdir/dr" |
    sed 's/.*partition \([0-9]*\) (offset \([0-9]*\)).*/\1 \2/' |
    sort -u >"$netdir/acked"
[ "$(wc -l <"$netdir/acked")" -ge 100000 ] ||
    fail "only $(wc -l <"$netdir/acked") records acknowledged"
# The records on stdout, kcat's own complaints (a connection refused by
# a dead broker it was given) apart.
"$KCAT" -C -b "localhost:$((base + 1))" -t pay -o beginning -e -q \
    -f '%p %o %s\n' >"$netdir/out" 2>"$netdir/err" || fail "kcat -C: $(tail -3 "$netdir/err")"
cut -d' ' -f1,2 "$netdir/out" | sort -u >"$netdir/have"
missing=$(comm -23 "$netdir/acked" "$netdir/have" | wc -l)
[ "$missing" = 0 ] || fail "$missing acknowledged records not consumed"
for i in 1 5000 50000 100000; do
	grep -q " v$i\$" "$netdir/out" || fail "record v$i not consumed"
done
grep -q 'disconnected from broker 1: the broker went down' "$log" ||
    net_cmd "events"
net_wait_log 10 'disconnected from broker 1: the broker went down' ||
    fail "no disconnect event for the crash"

# The idempotent producer on partition 1 of "once", whose leader then
# crashes (placement is the controller's: read the leader, do not assume).
net_cmd "kafka-topics.sh --bootstrap-server localhost:$((base + 1)) --create --topic once --partitions 2 --replication-factor 3"
net_wait_log 20 'Created topic once' || fail "topic once not created"
net_cmd "restart 1"
net_cmd "wait-until isr once/1 == 1,2,3 --timeout 60s"
net_cmd "describe once"
net_wait_log 60 'Topic: once	Partition: 1	Leader: [1-3]	Replicas: [1-3],[1-3],[1-3]	Isr: [1-3],[1-3],[1-3]	' ||
    fail "once/1 not led with a full ISR"
once_leader=$(sed -n 's/^	Topic: once	Partition: 1	Leader: \([1-3]\)	Replicas: [1-3],[1-3],[1-3]	Isr: [1-3],[1-3],[1-3]	.*/\1/p' "$log" | tail -n 1)
[ -n "$once_leader" ] || fail "no leader of once/1 read from the describe"
seq 1 100000 >"$netdir/in2"
"$KCAT" -P -b "$boot,localhost:$((base + 1)),localhost:$((base + 2))" -t once \
    -p 1 -X enable.idempotence=true -X acks=all -vvv <"$netdir/in2" \
    2>"$netdir/dr2" 9>&- &
kpid=$!
poll 60 eval '[ "$(grep -c "Message delivered" "$netdir/dr2")" -ge 5000 ]' ||
    fail "the idempotent kcat delivered too little before the crash"
net_cmd "kill $once_leader"
wait $kpid || fail "idempotent kcat -P failed: $(tail -3 "$netdir/dr2")"
"$KCAT" -C -b "$boot,localhost:$((base + 1)),localhost:$((base + 2))" -t once -p 1 -o beginning -e -q \
    >"$netdir/out2" 2>"$netdir/err2" || fail "kcat -C: $(tail -3 "$netdir/err2")"
[ "$(sort -n "$netdir/out2" | uniq -d | wc -l)" = 0 ] ||
    fail "the idempotent producer's records were duplicated"
[ "$(sort -n -u "$netdir/out2" | wc -l)" = 100000 ] ||
    fail "$(sort -n -u "$netdir/out2" | wc -l) of 100000 idempotent records"
echo "PASS: leader crashed mid-stream, every acknowledged record consumed; idempotent records once each"
