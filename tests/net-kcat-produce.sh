#!/bin/bash
# net-kcat-produce.sh - kcat produces to isrlab and consumes back
# (issue 16): acks=all records all come back, in order per partition;
# with min.insync.replicas=2 and two of three brokers down the producer
# gets NOT_ENOUGH_REPLICAS ("Broker: Not enough in-sync replicas");
# a zombie leader (isolated from the other brokers and the controller,
# not from clients) still acknowledges acks=1 records from kcat, and they
# are gone once it returns and truncates.  Exit 77 (skip) without kcat.

set -u
name=net-kcat-produce
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

need_kcat

net_start --brokers 3 --seed "$seed_in_order"
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic orders --partitions 3 --replication-factor 3"
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic strict --partitions 1 --replication-factor 3 --config min.insync.replicas=2"
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic zombie --partitions 1 --replication-factor 3"
net_wait_log 20 'Created topic zombie' || fail "topics not created"

# 1. acks=all, keyed: every record back, each key in one partition.
seq 1 3000 | sed 's/^\(.*\)$/user\1:order-\1/' >"$netdir/in"
"$KCAT" -P -b "$boot" -t orders -K: -X acks=all -vvv <"$netdir/in" \
    2>"$netdir/dr" || fail "kcat -P: $(tail -3 "$netdir/dr")"
n=$(grep -c 'Message delivered' "$netdir/dr")
[ "$n" = 3000 ] || fail "$n of 3000 delivered"
"$KCAT" -C -b "$boot" -t orders -o beginning -e -q -f '%p %o %k %s\n' \
    >"$netdir/out" 2>"$netdir/err" || fail "kcat -C: $(tail -3 "$netdir/err")"
[ "$(wc -l <"$netdir/out")" = 3000 ] ||
    fail "consumed $(wc -l <"$netdir/out") of 3000"
diff <(cut -d' ' -f4 "$netdir/out" | sort) <(cut -d: -f2 "$netdir/in" | sort) \
    >/dev/null || fail "consumed values differ from the produced ones"
# Offsets per partition run 0, 1, 2, ... without gaps.
for p in 0 1 2; do
	awk -v p=$p '$1 == p { if ($2 != n++) bad = 1 } END { exit bad }' \
	    "$netdir/out" || fail "partition $p's offsets have gaps"
done
net_cmd "wait-until hw orders/0 >= 1 --timeout 5s"
net_cmd "describe orders"
net_wait_log 10 'Partition: 2	Leader: 3' || fail "describe"

# 2. min.insync.replicas=2 with two brokers down: NOT_ENOUGH_REPLICAS.
net_cmd "kill 2"
net_cmd "kill 3"
net_cmd "wait-until isr strict/0 == 1 --timeout 30s"
net_cmd "events"
net_wait_log 30 'isr_shrink +strict-0 .*-> 1 ' || fail "ISR did not shrink"
printf 'a\nb\n' | "$KCAT" -P -b "$boot" -t strict -X acks=all \
    -X message.send.max.retries=0 -vvv 2>"$netdir/dr2"
grep -q 'Delivery failed for message: Broker: Not enough in-sync replicas' \
    "$netdir/dr2" || fail "no NOT_ENOUGH_REPLICAS: $(tail -3 "$netdir/dr2")"
net_cmd "restart 2"
net_cmd "restart 3"
# (The ISR's order after they return depends on the Kafka profile.)
net_cmd "wait-until isr zombie/0 contains 2 and isr zombie/0 contains 3 --timeout 60s"
net_cmd "events"
net_wait_log 60 'isr_expand +zombie-0 .*-> [123],[123],[123] ' ||
    fail "brokers did not return"

# 3. A zombie leader: broker 1 cut off from the brokers and the
# controller keeps its clients; kcat, bootstrapped at it, still sees it
# as the leader and gets acks=1 answers; healed, it truncates them.
net_cmd "isolate 1"
net_cmd "wait-until leader zombie/0 != 1 --timeout 30s"
net_cmd "events"
net_wait_log 30 'leader_change +zombie-0 +leader 1 -> ' || fail "no new leader"
seq 1 5 | sed 's/^/zombie-/' | "$KCAT" -P -b "$boot" -t zombie -X acks=1 \
    -X topic.metadata.refresh.interval.ms=600000 -vvv 2>"$netdir/dr3"
[ "$(grep -c 'delivered to partition 0 .* on broker 1' "$netdir/dr3")" = 5 ] ||
    fail "the zombie did not acknowledge: $(tail -3 "$netdir/dr3")"
net_cmd "heal"
net_cmd "wait-until isr zombie/0 contains 1 --timeout 60s"
net_cmd "events"
net_wait_log 60 'truncate +zombie-0' || fail "the zombie did not truncate"
"$KCAT" -C -b "localhost:$((base + 1))" -t zombie -o beginning -e -q \
    -f '%s\n' >"$netdir/out3" 2>&1 || fail "kcat -C: $(cat "$netdir/out3")"
if grep -q zombie- "$netdir/out3"; then
	fail "the zombie's acks=1 records survived: $(cat "$netdir/out3")"
fi
echo "PASS: acks=all round trip, NOT_ENOUGH_REPLICAS, zombie acks=1 lost"
