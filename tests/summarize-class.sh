#!/bin/sh
# summarize-class.sh - a class of 30 students' logs made with the real
# binary (labs 01 and 02 played headless from scripts, some solved by the
# program, two copied from a classmate with the name changed by sed and
# the seal recomputed with sha256sum, one edited without resealing), then
# `--summarize --format csv` parsed back with Python's csv module: the BOM,
# Korean names intact, one student under two names by id, and exactly the
# solved, copied (and their originals) and edited rows flagged, isrlab's
# runs (--solve, --replay) credited nothing in the rows and the grid.
set -u
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
SRCDIR=${ISRLAB_SRCDIR:-.}
ISRLAB_LAB_PATH=$SRCDIR/labs
export ISRLAB_LAB_PATH
command -v python3 >/dev/null 2>&1 ||
    { echo "SKIP: no python3 to parse the CSV back"; exit 77; }
command -v sha256sum >/dev/null 2>&1 ||
    { echo "SKIP: no sha256sum to reseal a copy"; exit 77; }
tmp=$(mktemp -d /tmp/isrlab-class-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
class=$tmp/class
mkdir "$class"

# The labs' own solutions as the students' scripts (the Korean steps).
solution() {
	awk '/^## / { en = ($0 ~ /^## \[en\]/) }
	    /^```lab solution/ { if (!en) s = 1; next }
	    /^```/ { s = 0; next }
	    s { print }' "$SRCDIR"/labs/"$1"-*.md
}
solution 01 >"$tmp/01.isr"
solution 02 >"$tmp/02.isr"
grep -q '^answer b$' "$tmp/02.isr" || fail "lab 02's quiz answer moved"

names="김민수 이서연 박지훈 최유진 정하늘 강도윤 조서아 윤지호 장예린 임태현
Alex_Lee 한소희 오준서 서지민 신하준 권나연 황민재 안수빈 송시우 류지아
전건우 홍다은 고은호 문채원 양승민 손유나 배현우 백서윤 허도현 남궁민"

# play N NAME LAB [ARGS...]: student N (id 2024-0NN) plays LAB from a
# script of their own: they start after N seconds (nobody's timeline is
# another's), the odd ones ask for a hint and mistype a topic, and in
# lab 02 every third answers the quiz wrong first.
play() {
	n=$1 name=$2 lab=$3; shift 3
	s=$tmp/s-$n-$lab.isr
	{
		echo "wait ${n}s"
		if [ $((n % 2)) = 1 ]; then
			echo "key t"
			echo "kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic emial.send"
		fi
		if [ "$lab" = 02 ] && [ $((n % 3)) = 0 ]; then
			sed 's/^answer b$/answer a\nanswer b/' "$tmp/$lab.isr"
		else
			cat "$tmp/$lab.isr"
		fi
	} >"$s"
	"$ISRLAB" --headless --lab "$lab" --script "$s" --student "$name" \
	    --student-id "$(printf '2024-%03d' "$n")" --export-dir "$class" \
	    "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "student $n lab $lab"; }
}
solve() {
	"$ISRLAB" --headless --lab "$3" --solve --student "$2" \
	    --student-id "$(printf '2024-%03d' "$1")" --export-dir "$class" \
	    >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "solve $1 lab $3"; }
}

n=0
for name in $names; do
	n=$((n + 1))
	name=$(echo "$name" | tr _ ' ')
	case $n in
	5|12) solve $n "$name" 01 ;;		# the program's, not theirs
	28|29) ;;				# they copy, below
	*) play $n "$name" 01 ;;
	esac
	case $n in
	20) solve $n "$name" 02 ;;
	1) play 1 "Minsu Kim" 02 ;;		# one id, two names
	2|3|4|6|9|10) play $n "$name" 02 ;;
	esac
done

# 28 and 29 copy 3's and 7's lab 01: the name and id changed with sed,
# the seal recomputed with sha256sum; --verify-log says OK.
copy() {
	from=$(ls "$class"/isrlab-01-"$2"-*.jsonl)
	to="$class/isrlab-01-$4-copy.jsonl"
	sed -e "s/$2/$4/g" -e "s/\"student_id\":\"2024-0*$1\"/\"student_id\":\"$(printf '2024-%03d' "$3")\"/" \
	    "$from" | sed '$d' >"$to.body"
	sum=$(sha256sum <"$to.body" | cut -d' ' -f1)
	{ cat "$to.body"; printf '{"type":"checksum","sha256":"%s"}\n' "$sum"; } >"$to"
	rm "$to.body"
	out=$("$ISRLAB" --verify-log "$to") || fail "a resealed copy: $out"
}
copy 3 박지훈 28 양승민
copy 7 조서아 29 손유나
# 15 edits their log and does not reseal it.
f=$(ls "$class"/isrlab-01-신하준-*.jsonl)
sed 's/"took_ms":5000/"took_ms":1000/' "$f" >"$f.new" && mv "$f.new" "$f"

"$ISRLAB" --summarize "$class" --format csv >"$tmp/class.csv" 2>"$tmp/err"
[ $? = 1 ] || fail "--summarize exit status (an edited log is 1)"
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "--summarize complained"; }
"$ISRLAB" --summarize "$class" --format csv --grid >"$tmp/grid.csv" 2>/dev/null

python3 - "$tmp/class.csv" "$tmp/grid.csv" <<'PY' || exit 1
import csv, io, sys

raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no UTF-8 BOM'
assert b'\r\n' in raw, 'RFC 4180 lines end in CRLF'
rows = list(csv.DictReader(io.StringIO(raw.decode('utf-8-sig'), newline='')))
by = {(r['student_id'], r['lab'][:2]): r for r in rows}
assert len(rows) == 38, 'rows: %d' % len(rows)
assert by[('2024-002', '01')]['student'] == '이서연', by[('2024-002', '01')]
assert by[('2024-030', '01')]['student'] == '남궁민'
assert by[('2024-001', '02')]['student'] == 'Minsu Kim'
assert by[('2024-011', '01')]['student'] == 'Alex Lee'

def flagged(r):
    return r['made_by'] != 'student' or r['duplicate'] == 'yes' or \
        r['seal'] != 'ok'

want = {('2024-005', '01'), ('2024-012', '01'), ('2024-020', '02'),
        ('2024-028', '01'), ('2024-029', '01'),
        ('2024-003', '01'), ('2024-007', '01'), ('2024-015', '01')}
got = {k for k, r in by.items() if flagged(r)}
assert got == want, 'flagged: extra %s, missing %s' % (
    sorted(got - want), sorted(want - got))
for k in ('2024-005', '2024-012'):
    assert by[(k, '01')]['made_by'] == 'solve'
# isrlab's runs credit nothing: every figure of work is empty, so a
# spreadsheet's SUM and COUNTIF skip them.
work = ('steps_done', 'finished', 'wall_seconds', 'lab_seconds', 'hints',
        'failed_commands', 'wrong_answers', 'quiz_right', 'quiz_answered',
        'rewinds')
for k in (('2024-005', '01'), ('2024-012', '01'), ('2024-020', '02')):
    assert all(by[k][c] == '' for c in work), by[k]
    assert by[k]['steps'] in ('6', '7'), by[k]
assert sum(r['finished'] == 'yes' for r in rows) == 35, \
    [r['student_id'] for r in rows if r['finished'] != 'yes']
assert by[('2024-015', '01')]['seal'] == 'edited'
assert by[('2024-028', '01')]['seal'] == 'ok', 'a resealed copy seals'
assert '박지훈' in by[('2024-028', '01')]['duplicate_of']
assert '양승민' in by[('2024-003', '01')]['duplicate_of']
assert '손유나' in by[('2024-007', '01')]['duplicate_of']
for k in ('2024-028', '2024-029'):
    assert 'seed' in by[(k, '01')]['duplicate_of'], by[(k, '01')]
# What the honest ones did is counted.
s1 = by[('2024-001', '01')]
assert (s1['steps_done'], s1['steps'], s1['finished']) == ('7', '7', 'yes'), s1
assert s1['hints'] == '1' and s1['failed_commands'] == '1', s1
assert by[('2024-002', '01')]['hints'] == '0'
assert by[('2024-003', '02')]['wrong_answers'] == '1'
assert by[('2024-003', '02')]['quiz_right'] == '0'
assert by[('2024-002', '02')]['quiz_right'] == '1'
assert float(s1['lab_seconds']) > 30

grid = list(csv.reader(io.StringIO(open(sys.argv[2], 'rb').read()
                                   .decode('utf-8-sig'), newline='')))
assert grid[0][:2] == ['student_id', 'student'], grid[0]
one = [g for g in grid if g[0] == '2024-001']
assert len(one) == 1 and one[0][1] == '김민수 / Minsu Kim', one
labs = grid[0][2:]
cell = {(g[0], l[:2]): v for g in grid[1:] for l, v in zip(labs, g[2:])}
assert cell[('2024-005', '01')] == 'solve', cell[('2024-005', '01')]
assert cell[('2024-020', '02')] == 'solve'
assert cell[('2024-002', '01')] == '7 of 7'
assert cell[('2024-015', '01')] == '7 of 7 (edited)'
assert len(grid) == 31, 'grid rows: %d' % len(grid)
PY

# A session replayed from a student's log is isrlab's run, not theirs:
# in the text table and the grid it shows who made it and no figures.
f=$(ls "$class"/isrlab-01-이서연-*.jsonl)
mkdir "$tmp/replayed"
"$ISRLAB" --replay "$f" --headless --export-dir "$tmp/replayed" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out"; fail "--replay --export-dir"; }
"$ISRLAB" --summarize "$tmp/replayed" >"$tmp/text" || fail "--summarize the replay"
grep -Eq '^2024-002 +이서연 +01-leader-failover +-/7 +(- +){8}replay +ok +-$' \
    "$tmp/text" || { cat "$tmp/text"; fail "the replay's row"; }
"$ISRLAB" --summarize "$tmp/replayed" --grid >"$tmp/text" || fail "--grid"
grep -Eq '^2024-002 +이서연 +replay$' "$tmp/text" ||
    { cat "$tmp/text"; fail "the replay's grid cell"; }
echo "summarize-class: ok"
