#!/bin/bash
# attach-groups.sh - kafka-consumer-groups.sh on an attached cluster
# (issue 18): two kcat balanced consumers (kcat -G, librdkafka's consumer
# group) share a topic of three partitions on a serving isrlab; the
# attached isrlab's --list names their group, and its --describe shows
# the same members holding the same partitions as the serving cluster's
# own describe (ListConsumerGroups, DescribeConsumerGroups and
# ListConsumerGroupOffsets through librdkafka's Admin API), with the
# committed offsets, the log end (the high watermark the poll read) and
# the lag; when one member leaves, the polls note the group going from
# two members to one.  Exit 77 (skip) without kcat or librdkafka.
set -u
name=attach-groups
. "${ISRLAB_SRCDIR:-.}/tests/attach-lib.sh"
attach_need_rdkafka
need_kcat
attach_serving split 3

pids=
for m in 1 2; do
	"$KCAT" -G pair -b "$boot" -o beginning -q -u -X auto.commit.interval.ms=200 \
	    -f '%p %s\n' split >"$netdir/member$m" 2>"$netdir/member$m.err" 9>&- 8>&- &
	pids="$pids $!"
done
seq 1 90 | sed 's/.*/k&:v&/' | "$KCAT" -P -b "$boot" -t split -K: -X acks=all 9>&- ||
    fail "kcat -P"
consumed() { [ "$(cat "$netdir"/member1 "$netdir"/member2 | wc -l)" -ge 90 ]; }
poll 60 consumed || fail "the pair did not consume the 90 records"

# rows FILE: the describe's rows of group pair, from the header on, with
# the offsets and lag dropped (they move while the pair commits).
rows() { awk '/^GROUP +TOPIC/ { on = 1; next } on && $1 == "pair" { print $1, $2, $3, $7, $8, $9 }' "$1" | sort; }
# settled LOG: the last describe in LOG shows every partition committed
# at its log end (lag 0: the pair has committed all 90 records) and held
# by a member.  A describe between a rebalance's join and its sync shows
# the committed offsets with no member ("-"), and the other side's
# describe, taken later, would show the members.
settled() {
	awk '/^GROUP +TOPIC/ { n = 0; bad = 0; next }
	    $1 == "pair" { n++; if ($6 != "0" || $7 == "-") bad = 1 }
	    END { exit !(n == 3 && !bad) }' "$1"
}
desc_serving() { net_cmd "kafka-consumer-groups.sh --bootstrap-server $boot --describe --group pair"; sleep 0.5; settled "$log"; }
poll 60 desc_serving || fail "the serving describe never showed the pair caught up: $(tail -8 "$log")"

attach_start
att_cmd "kafka-consumer-groups.sh --bootstrap-server localhost:$base --list"
att_wait_log 30 '^pair$' || att_fail "the attached --list does not name pair"
desc_attached() { att_cmd "kafka-consumer-groups.sh --bootstrap-server localhost:$base --describe --group pair"; sleep 0.5; settled "$att_log"; }
poll 60 desc_attached || att_fail "the attached describe never showed the pair caught up"
rows "$log" >"$netdir/serving.rows"
rows "$att_log" >"$netdir/attached.rows"
[ "$(wc -l <"$netdir/serving.rows")" -ge 3 ] || fail "serving rows: $(cat "$netdir/serving.rows")"
# The last describe on each side: three rows, the same members.
tail -3 "$netdir/serving.rows" >"$netdir/s3"
awk '/^GROUP +TOPIC/ { delete r; n = 0; next } $1 == "pair" { r[n++] = $1 " " $2 " " $3 " " $7 " " $8 " " $9 }
    END { for (i = 0; i < n; i++) print r[i] }' "$att_log" | sort >"$netdir/a3"
awk '/^GROUP +TOPIC/ { delete r; n = 0; next } $1 == "pair" { r[n++] = $1 " " $2 " " $3 " " $7 " " $8 " " $9 }
    END { for (i = 0; i < n; i++) print r[i] }' "$log" | sort >"$netdir/s3"
cmp -s "$netdir/s3" "$netdir/a3" ||
    att_fail "the describes differ: $(diff "$netdir/s3" "$netdir/a3")"
[ "$(awk '{ print $4 }' "$netdir/a3" | sort -u | wc -l)" = 2 ] ||
    att_fail "not two members: $(cat "$netdir/a3")"
grep -Eq '^pair +split +[0-2] +[0-9]+ +[0-9]+ +0 ' "$att_log" ||
    att_fail "no committed offset with its log end and lag 0"
# One member leaves: the polls see the group rebalance down to one.
set -- $pids
kill "$1"
left() { att_cmd "events 20"; sleep 0.5; att_log_has 'observed: group pair: .*2 -> 1 member\(s\)'; }
poll 60 left || att_fail "the member leaving was not observed"
attach_stop
kill $pids 2>/dev/null
wait $pids 2>/dev/null
net_stop
echo "PASS: kafka-consumer-groups.sh attached lists and describes the pair as the serving cluster does"
