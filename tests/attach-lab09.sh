#!/bin/sh
# attach-lab09.sh - lab 09 (`attach: yes`) solved on a real cluster (issue
# 18): a second isrlab serves the wire protocol on loopback with the lab's
# three topics (orders 3x3, events 5x2, logs 1x3, created by the lab's own
# setup commands there); `isrlab --headless --attach ... --lab 09 --solve`
# plays the lab's solutions on it, its `docker stop kafkaN` and
# `docker start kafkaN` running the --attach-config's `stop N` and
# `start N` (which write into the serving isrlab's FIFO), and every step
# ticks on what the polls observe: the placement, a stopped leader's
# partitions moving, two brokers down leaving events/1 offline, all back.
name=attach-lab09
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"
attach_need_rdkafka
# seed 170: the layout lab 09 describes (its own seed: pin)
net_start --brokers 3 --kafka 3.7 --seed 170
for t in "orders 3 3" "events 5 2" "logs 1 3"; do
	set -- $t
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic $1 --partitions $2 --replication-factor $3"
	net_wait_log 20 "Created topic $1" || fail "topic $1 not created"
done
{
	echo "# the serving isrlab's own commands, through its FIFO"
	for b in 1 2 3; do
		echo "stop $b = echo 'stop $b' > $fifo"
		echo "start $b = echo 'start $b' > $fifo"
	done
} >"$att_conf"
attach_solve 09 7
net_stop
echo "PASS: lab 09 solved on an attached cluster, every step ticked"
