#!/bin/bash
# net-kcat.sh - kcat (librdkafka) against isrlab's brokers on loopback
# (issue 16): `kcat -L` shows isrlab's brokers, leaders, replicas and ISR,
# and follows a crash.  Exit 77 (skip) without kcat.

set -u
name=net-kcat
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

need_kcat

net_start --brokers 3 --seed "$seed_in_order"
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic orders --partitions 3 --replication-factor 3"
net_wait_log 20 'Created topic orders' || fail "topic not created"

md=$("$KCAT" -L -b "$boot" -m 10 2>&1)
echo "$md" | grep -q ' 3 brokers:' || fail "brokers: $md"
for b in 1 2 3; do
	echo "$md" | grep -q "broker $b at localhost:$((base + b - 1))" ||
	    fail "broker $b's address: $md"
done
echo "$md" | grep -q 'partition 0, leader 1, replicas: 1,2,3, isrs: 1,2,3' ||
    fail "partition 0: $md"
echo "$md" | grep -q 'partition 2, leader 3, replicas: 3,1,2, isrs: 3,1,2' ||
    fail "partition 2: $md"

# Broker 1 crashes: its port refuses, and once the controller fences it
# the others name a new leader and drop it from the ISR.
net_cmd "kill 1"
net_cmd "wait-until leader orders/0 != 1 --timeout 30s"
net_cmd "events"
net_wait_log 30 'leader_change +orders-0' || fail "no failover"
poll 20 eval '! "$KCAT" -L -b localhost:$base -m 2 >/dev/null 2>&1' ||
    fail "broker 1's port still answers after the crash"
md=$("$KCAT" -L -b "localhost:$((base + 1))" -m 10 2>&1)
echo "$md" | grep -q ' 2 brokers:' || fail "after the crash: $md"
echo "$md" | grep -q 'partition 0, leader 2, replicas: 1,2,3, isrs: 2,3' ||
    fail "partition 0 after the crash: $md"
net_wait_log 10 'disconnected from broker 1: the broker went down|client .* connected to broker 1' ||
    fail "no client events"
echo "PASS: kcat -L shows isrlab's leaders and ISR, before and after a crash"
