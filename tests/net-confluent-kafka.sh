#!/bin/bash
# net-confluent-kafka.sh - confluent-kafka (librdkafka's Producer and
# Consumer in a group, AdminClient's metadata) against isrlab: the
# scenario of tests/net-client-lib.sh.  Exit 77 (skip) without
# confluent-kafka.
set -u
name=net-confluent-kafka
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import confluent_kafka' 2>/dev/null; then
		driver="$py ${ISRLAB_SRCDIR:-.}/tests/clients/driver.py --lib confluent"
		break
	fi
done
[ -n "${driver:-}" ] ||
    { echo "SKIP: confluent-kafka not installed (Debian: python3-confluent-kafka)"; exit 77; }
. "${ISRLAB_SRCDIR:-.}/tests/net-client-lib.sh"
net_client_scenario
echo "PASS: confluent-kafka: metadata, acks=all round trip, a group of three, leader crash, NOT_ENOUGH_REPLICAS, zombie acks=1 lost"
