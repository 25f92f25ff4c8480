#!/bin/sh
# attach-lab.sh - lab 01 (`attach: yes`) solved on a real cluster (issue
# 18): a second isrlab serves the wire protocol on loopback with the lab's
# topic; `isrlab --headless --attach ... --lab 01 --solve` plays the lab's
# solutions there, its `key L` and `kafka-server-start.sh` running the
# --attach-config commands (which write into the serving isrlab's FIFO),
# its producer and consumer through librdkafka, and every step ticks on
# what the polls observe.  The lab's own addresses (localhost:9092,
# 19092, ...) name brokers 1, 2, ... as on the embedded cluster (no
# --port-base on the attached side); the connections go to --attach's.
# The exported journal's header names the cluster and the configured
# commands.
name=attach-lab
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"
attach_need_rdkafka
attach_serving email.send 1
attach_solve 01 7
jsonl=$(ls "$netdir"/*.jsonl 2>/dev/null | head -1)
[ -n "$jsonl" ] || fail "no journal exported"
head -1 "$jsonl" | grep -q "\"attach\": *{\"bootstrap\": *\"localhost:$base,localhost:$((base + 1))\"" ||
    fail "the journal header does not name the attached cluster: $(head -c 600 "$jsonl")"
head -1 "$jsonl" | grep -Fq "\"kill 1 = echo 'kill 1' > $fifo\"" ||
    fail "the journal header does not list the configured commands"
net_stop
echo "PASS: lab 01 solved on an attached cluster, every step ticked"
