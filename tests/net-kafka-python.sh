#!/bin/bash
# net-kafka-python.sh - kafka-python (KafkaProducer, KafkaConsumer in a
# group) against isrlab: the scenario of tests/net-client-lib.sh.  Exit
# 77 (skip) without kafka-python.
set -u
name=net-kafka-python
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import kafka' 2>/dev/null; then
		driver="$py ${ISRLAB_SRCDIR:-.}/tests/clients/driver.py --lib kafka"
		break
	fi
done
[ -n "${driver:-}" ] ||
    { echo "SKIP: kafka-python not installed (Debian: python3-kafka)"; exit 77; }
. "${ISRLAB_SRCDIR:-.}/tests/net-client-lib.sh"
net_client_scenario
echo "PASS: kafka-python: metadata, acks=all round trip, a group of three, leader crash, NOT_ENOUGH_REPLICAS, zombie acks=1 lost"
