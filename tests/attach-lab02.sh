#!/bin/sh
# attach-lab02.sh - lab 02 (`attach: yes`) solved on a real cluster (issue
# 18): a second isrlab serves the wire protocol on loopback in ZooKeeper
# mode with the lab's two topics (single 1x1 and replicated 1x3, on the
# layout the lab's seed: 10 describes); `isrlab --headless --attach ...
# --lab 02 --solve` plays the lab's solutions on it.  Its key 1 and r
# run the --attach-config's `kill 1` and `start 1`, `slow 3 10000` runs
# `slow 3` with ISRLAB_SLOW_MS=10000 in its environment and `heal 3` runs
# `heal 3` (each writes the serving isrlab's own command into its FIFO),
# and every step ticks on what the polls observe: broker 1's crash
# leaving single offline and replicated led by another, the slowed
# follower leaving the ISR and coming back.
name=attach-lab02
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"
attach_need_rdkafka
net_start --brokers 3 --kafka zk --seed 10
for t in "single 1 1" "replicated 1 3"; do
	set -- $t
	net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic $1 --partitions $2 --replication-factor $3"
	net_wait_log 20 "Created topic $1" || fail "topic $1 not created"
done
{
	echo "# the serving isrlab's own commands, through its FIFO"
	echo "kill 1 = echo 'kill 1' > $fifo"
	echo "start 1 = echo 'restart 1' > $fifo"
	echo "slow 3 = echo \"slow 3 \${ISRLAB_SLOW_MS}ms\" > $fifo; echo \"\$ISRLAB_SLOW_MS\" >> $netdir/slow-ms"
	echo "heal 3 = echo 'heal 3' > $fifo"
} >"$att_conf"
attach_solve 02 6
[ "$(cat "$netdir/slow-ms" 2>/dev/null)" = 10000 ] ||
    fail "the slow command did not get ISRLAB_SLOW_MS=10000: $(cat "$netdir/slow-ms" 2>&1)"
net_stop
echo "PASS: lab 02 solved on an attached cluster, every step ticked"
