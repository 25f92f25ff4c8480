#!/bin/sh
# cli.sh - isrlab's command line (src/main.c) outside the screen: every
# option's bad values (exit 2 and the message), --version and --help,
# --list-labs and the lab text in both languages, headless scripts from a
# file and from standard input, with --echo, --racks, --kafka-timings,
# --kafka and on the threaded runtime (--realtime).  The screen's options are tested
# by tests/tui-*.sh, the journal's by tests/journal-cli.sh.
set -u
: "${ISRLAB_SRCDIR:=.}"
: "${ISRLAB_BIN:=./src/isrlab}"
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# expect RC REGEX ARGS...: isrlab ARGS (standard input from $tmp/in)
# exits RC and prints (on either output) a line matching REGEX.
expect() {
	want_rc=$1 want=$2
	shift 2
	"$ISRLAB_BIN" --seed 4 "$@" < "$tmp/in" > "$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want_rc" ] || ! grep -E -q -- "$want" "$tmp/out"
	then
		echo "FAIL: isrlab $*: exit $rc (want $want_rc), /$want/ in:"
		sed 's/^/    /' "$tmp/out"
		fail=1
	else
		echo "ok: isrlab $* (exit $rc)"
	fi
}

: > "$tmp/in"
# isrlab's own messages follow the language; these compare the English
# ones (LANGUAGE=en), the Korean ones come after.
LANGUAGE=en
export LANGUAGE
expect 0 '^isrlab [0-9]+\.[0-9]+' --version
expect 0 '^  --help +print this help$' --help
expect 2 '^usage: isrlab ' --frob
expect 2 "^isrlab: unexpected argument 'extra'$" extra
expect 2 "^isrlab: --seed: invalid value 'x'$" --seed x
expect 2 "^isrlab: --seed: invalid value '-1'$" --seed -1
expect 2 '^isrlab: --brokers: 1-9$' --brokers 0
expect 2 "^isrlab: --brokers: invalid value '10'$" --brokers 10
expect 2 '^isrlab: --racks: give one rack name .* per broker, 3 in all$' \
    --headless --racks a,b
expect 2 '^isrlab: --racks: give one rack name .* per broker, 2 in all$' \
    --headless --brokers 2 --racks a,b,c
expect 2 '^isrlab: --racks: give one rack name \(up to 31 characters\)' \
    --headless --brokers 1 --racks abcdefghijklmnopqrstuvwxyz0123456789
expect 2 "^isrlab: --lang: ko or en, not 'fr'$" --lang fr
expect 2 '^isrlab: --student: give a name$' --student ''
expect 2 "^isrlab: --speed: a number from 0.1 to 50, not '99'$" --speed 99
expect 2 "^isrlab: --speed: a number from 0.1 to 50, not 'x'$" --speed x
expect 2 '^isrlab: --solve needs --headless --lab ID$' --solve
# Kafka profiles: the list, and a name isrlab does not know.
expect 0 '^3\.7   Kafka 3\.7 · KRaft  +KRaft 3\.7\.0: ' --kafka-profiles
expect 0 '^4\.x   Kafka 4\.1 · KRaft · ELR  +.* \(default\)$' --kafka-profiles
expect 2 "^isrlab: --kafka: no Kafka profile '2\.8' \(zk, 3\.7, 4\.x\)$" \
    --headless --kafka 2.8
expect 2 '^isrlab: --kafka: a replay runs on the Kafka its journal recorded$' \
    --replay /nonexistent.jsonl --kafka 3.7
# Several profiles: the script on each, where the outcomes part.
ex="$ISRLAB_SRCDIR/examples/double-failure.isr"
expect 0 '^  4\.x \| 	Topic: orders	Partition: 0	Leader: 2	Replicas: [1-3],[1-3],[1-3]	Isr: 2	Elr: 3	LastKnownElr: $' \
    --headless --kafka 3.7,4.x --script "$ex"
expect 0 '^  3\.7 \| 	Topic: orders	Partition: 0	Leader: none	Replicas: [1-3],[1-3],[1-3]	Isr: 3$' \
    --headless --kafka 3.7,4.x --script "$ex"
expect 0 ': 4 of 16 commands printed differently$' \
    --headless --kafka 3.7,4.x --script "$ex"
expect 2 "^isrlab: --kafka: '3\.7' given twice$" --headless --kafka 3.7,3.7
expect 2 '^isrlab: --kafka: a list of profiles needs --headless --script FILE' \
    --kafka 3.7,4.x
expect 2 '^isrlab: --solve needs --headless --lab ID$' --lab 01 --solve
expect 2 '^isrlab: --solve or --script: ' --headless --lab 01 --solve \
    --script /dev/null
expect 2 '^isrlab: --format and --grid go with --summarize DIR$' --grid
expect 2 "^isrlab: --format: text, csv, tsv or html, not 'xml'$" \
    --summarize . --format xml
expect 2 '^isrlab: --student-id: an id is one line without control characters$' \
    --headless --student-id "$(printf 'a\tb')"
expect 2 '^isrlab: /nonexistent/x.isr: No such file or directory$' \
    --headless --script /nonexistent/x.isr
expect 2 "^isrlab: no lab 'no-such-lab' \\(try --list-labs\\)$" \
    --headless --lab no-such-lab
expect 2 "^isrlab: no lab 'no-such-lab' \\(try --list-labs\\)$" \
    --lab no-such-lab --play

# The same messages and the help in Korean, the default language (and
# --lang ko wins over LANGUAGE=en).
expect 0 '^  --help +이 도움말 출력$' --help --lang ko
LANGUAGE=
expect 0 '^  --help +이 도움말 출력$' --help
expect 2 "^isrlab: --speed: 0\.1에서 50 사이의 수여야 한다: '99'$" --speed 99
expect 2 "^isrlab: --lang: ko 또는 en이어야 한다: 'fr'$" --lang fr
expect 2 "^isrlab: 예상하지 못한 인자다: 'extra'$" extra
expect 2 '^isrlab: --solve 에는 --headless --lab ID 가 필요하다$' --solve
expect 2 '^isrlab: --student-id: 학번을 주어야 한다$' --student-id ''
expect 2 "^isrlab: --format: text, csv, tsv, html 중 하나여야 한다: 'xml'$" \
    --summarize . --format xml
expect 0 '^  --port-base PORT 브로커 b 는 PORT\+b-1 에서 받음' --help

# The lab list: a directory given first, the shipped labs after; files
# that do not parse are reported and skipped.
fix="$ISRLAB_SRCDIR/tests/fixtures"
expect 0 '^94  이미 참인 단계 +$' --list-labs --lab-dir "$fix"
expect 0 "^$fix/lab-bad-front-matter.md:4:1: brokers:" \
    --list-labs --lab-dir "$fix"
expect 0 '^01  .*  [0-9]+분$' --list-labs
expect 0 '^01  .*  [0-9]+ min$' --list-labs --lang en
# A lab as text: the title, then each step as "## i/n title".
expect 0 '^## 2/2 아무것도 하지 않아도 끝나는 단계$' \
    --headless --lab "$fix/lab-vacuous-step.md"
expect 0 '^## 1/[0-9]+ ' --headless --lab 01 --lang en

# Headless scripts: from a file, from standard input, echoed.
printf '%s\n' \
    'kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3' \
    'describe t' > "$tmp/in"
cp "$tmp/in" "$tmp/t.isr"
expect 0 '	Topic: t	Partition: 0	Leader: 1	Replicas: 1,2,3	Isr: 1,2,3$' \
    --headless --script "$tmp/t.isr" --kafka 3.7
# Kafka 4.x (the default) prints the ELR fields too.
expect 0 '	Leader: 1	Replicas: 1,2,3	Isr: 1,2,3	Elr: 	LastKnownElr: $' \
    --headless --script "$tmp/t.isr"
expect 0 '^\$ describe t$' --headless --echo
expect 0 'Isr: 1,2,3$' --headless --script - --kafka-timings --seed 7 \
    --kafka 3.7
# Rack-aware placement: the first two replicas on the two racks.
expect 0 '	Replicas: ([12],3,[12]|3,[12],[12])	Isr: ' \
    --headless --racks r1,r1,r2 --kafka 3.7
expect 0 'Leader: 1	Replicas: 1,2,3	Isr: 1,2,3$' \
    --headless --realtime --speed 50 --kafka 3.7
# isrlab's own console errors in the screen's language; Kafka's own
# output (TopicCommand's message) stays as Kafka prints it.
printf 'frob\n' > "$tmp/in"
expect 2 "^isrlab: <stdin>:1: 알 수 없는 명령이다: 'frob' \\('help' 로 명령 목록을 본다\\)$" \
    --headless
LANGUAGE=en expect 2 "^isrlab: <stdin>:1: unknown command 'frob' \\(try 'help'\\)$" \
    --headless
printf 'kill 9\n' > "$tmp/in"
expect 2 '^isrlab: <stdin>:1: kill: 9번 브로커는 없다 \(브로커는 1-3번\)$' --headless
printf 'kill\n' > "$tmp/in"
expect 2 '^isrlab: <stdin>:1: 사용법: kill BROKER$' --headless
printf 'kill 1\nkill 1\n' > "$tmp/in"
expect 0 '^isrlab: kill: 1번 브로커는 실행 중이 아니다$' --headless
printf 'wait 3q\n' > "$tmp/in"
expect 2 "^isrlab: <stdin>:1: wait: '3q'은\\(는\\) 시간 길이가 아니다" --headless
printf 'kafka-topics.sh --describe --topic t\n' > "$tmp/in"
expect 2 '^isrlab: <stdin>:1: --bootstrap-server must be specified$' --headless
exit $fail
