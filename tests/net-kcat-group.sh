#!/bin/bash
# net-kcat-group.sh - three kcat balanced consumers (kcat -G, librdkafka's
# consumer group) in one group split a topic of three partitions, one
# each, as isrlab's coordinator has them (kafka-consumer-groups.sh
# --describe: three members, one partition each); they consume every
# record produced meanwhile, and one leaving hands its partition to the
# others.  Exit 77 (skip) without kcat.

set -u
name=net-kcat-group
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

need_kcat

net_start --brokers 3
net_cmd "kafka-topics.sh --bootstrap-server $boot --create --topic split --partitions 3 --replication-factor 3"
net_wait_log 20 'Created topic split' || fail "topic not created"

# describe_members N: isrlab's latest describe of group three shows N
# members holding partitions 0, 1 and 2 between them.  Asks again when
# the last answer was something else (an error, a group still
# rebalancing) or is 3 s old without a complete table.
desc_from=
describe_members() {
	if [ -z "$desc_from" ]; then
		desc_from=$(($(wc -l <"$log") + 1))
		desc_tries=0
		net_cmd "kafka-consumer-groups.sh --bootstrap-server $boot --describe --group three"
	fi
	rows=$(tail -n +"$desc_from" "$log" | grep -E '^three +split +[0-2] ')
	if [ "$(printf '%s\n' "$rows" | grep -c .)" -lt 3 ]; then
		desc_tries=$((desc_tries + 1))
		[ "$desc_tries" -lt 30 ] || desc_from=
		return 1
	fi
	desc_from=
	[ "$(printf '%s\n' "$rows" | awk '{ print $7 }' | sort -u | wc -l)" = "$1" ]
}

pids=
for m in 1 2 3; do
	"$KCAT" -G three -b "$boot" -o beginning -q -u -f '%p %s\n' split \
	    >"$netdir/member$m" 2>"$netdir/member$m.err" 9>&- &
	pids="$pids $!"
done
poll 120 describe_members 3 || fail "the group did not split three ways"

seq 1 300 | sed 's/.*/k&:v&/' | "$KCAT" -P -b "$boot" -t split -K: \
    -X acks=all || fail "kcat -P"
consumed() {
	[ "$(cat "$netdir"/member[123] | cut -d' ' -f2 | sort -u | wc -l)" = 300 ]
}
poll 60 consumed || fail "$(cat "$netdir"/member[123] | wc -l) of 300 consumed"
for m in 1 2 3; do
	[ "$(cut -d' ' -f1 "$netdir/member$m" | sort -u | wc -l)" = 1 ] ||
	    fail "member $m read more than one partition"
done

# The first member leaves: the other two take its partition.
set -- $pids
kill "$1"
wait "$1" 2>/dev/null
poll 60 describe_members 2 || fail "the group did not rebalance to two"
kill "$2" "$3"
wait "$2" "$3" 2>/dev/null
echo "PASS: three kcat -G members split three partitions and consumed every record; two took over when one left"
