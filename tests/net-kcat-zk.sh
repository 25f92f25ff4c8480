#!/bin/bash
# net-kcat-zk.sh - a real client's Metadata on the zk profile (issues 15
# and 16): the ControllerId a broker answers is the broker holding
# ZooKeeper's /controller (KafkaApis.scala:1393-1406 at 3.7.0), so
# `kcat -L` marks that broker "(controller)", and after it crashes and
# its ZooKeeper session ends, the broker that won /controller.
# Exit 77 (skip) without kcat.

set -u
name=net-kcat-zk
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

need_kcat

net_start --brokers 3 --kafka zk
net_wait_event 20 'controller_change +broker [1-3] +\(/controller: broker [1-3] elected\)' ||
    fail "no /controller holder"
ctl=$(sed -n 's|.*(/controller: broker \([1-3]\) elected).*|\1|p' "$log" |
    head -1)
md=$("$KCAT" -L -b "$boot" -m 10 2>&1)
[ "$(echo "$md" | grep -c '(controller)')" = 1 ] ||
    fail "not one controller: $md"
echo "$md" | grep -q "broker $ctl at localhost:[0-9]* (controller)" ||
    fail "broker $ctl holds /controller, kcat says: $md"

# The holder crashes: when its session ends another broker wins
# /controller, and the survivors name that one.
net_cmd "kill $ctl"
net_wait_event 40 "/controller: broker $ctl -> [1-3] " ||
    fail "/controller did not move"
new=$(sed -n "s|.*(/controller: broker $ctl -> \([1-3]\) .*|\1|p" "$log" |
    head -1)
[ "$new" != "$ctl" ] || fail "the crashed broker kept /controller"
poll 20 eval '"$KCAT" -L -b "localhost:$((base + new - 1))" -m 5 2>&1 |
    grep -q "broker $new at localhost:[0-9]* (controller)"' ||
    fail "broker $new won /controller, kcat says: $("$KCAT" -L -b "localhost:$((base + new - 1))" -m 5 2>&1)"
echo "PASS: kcat -L names the /controller broker, before and after it crashes"
