#!/bin/sh
# tui-attach.sh - the screen attached to a real cluster (issue 18), driven
# by keys: a second isrlab serves the wire protocol on loopback; the
# attached screen shows its partition with epochs and log ends unknown
# (?); `x` on broker 1 first shows the exact configured command and asks,
# `x` again runs it (it writes `kill 1` into the serving isrlab's FIFO),
# and the events pane then shows the run and the observed leader change;
# `s`, with no stop command configured, says so and runs nothing.
name=tui-attach
sess=attach
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
trap 'cleanup; net_cleanup' EXIT
attach_need_rdkafka
attach_serving email.send 1
start "$bin" --attach "localhost:$base,localhost:$((base + 1))" \
    --attach-interval 250 --attach-config "$att_conf" \
    --port-base "$base" --lang en 9>&-
wait_for "attached to localhost:$base"
wait_for 'email\.send  0  1 \(\?\) +1,2,3 +1,2,3 .* 1\*:\?  2:\?  3:\?'
echo "ok: the attached screen shows the partition, unknowns as ?"

keys 1
keys x
wait_for "kill: this runs \`echo 'kill 1' > $fifo\` on this machine: ask again"
off_screen 'kill 1: ran' || { echo "FAIL: the command ran before it was confirmed"; screen; exit 1; }
echo "ok: x shows the exact command and asks first"
keys x
wait_for "kill 1: ran \`echo 'kill 1' > .*\`: exit 0"
wait_for 'email\.send-0 leader 1→2 ep \?→\? isr 1,2,3→2,3 \(observed\)' 60
wait_for '\[1\] ✖ DOWN' 30
echo "ok: x again runs it; the leader change is observed"

keys s
wait_for "not configured: add \`stop 1 = COMMAND\` to $att_conf"
echo "ok: s without a configured command says so"
keys q
wait_for 'export before quitting'
keys n
wait_dead "q, n quits"
echo "PASS: the attached screen by keys, with the confirmation"
