#!/bin/sh
# hostile-cli.sh - issue 11's reproducers, each as isrlab is run: files and
# names that are hostile or broken must be refused with the file (and
# line) and a reason, promptly, and never write where they should not.
# Every isrlab run is under `timeout`, so a regression that hangs fails
# here instead of hanging make check.
set -u
# The messages compared are isrlab's English ones.
LANGUAGE=en
export LANGUAGE
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
SRCDIR=${ISRLAB_SRCDIR:-.}
ISRLAB_LAB_PATH=$SRCDIR/labs
export ISRLAB_LAB_PATH
tmp=$(mktemp -d /tmp/isrlab-hostile-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/out" ] && sed 's/^/  | /' "$tmp/out"; exit 1; }
# run EXPECTED-EXIT CMD...: run with a deadline, output in $tmp/out.
run() {
	want=$1; shift
	timeout 60 "$@" >"$tmp/out" 2>&1
	got=$?
	[ "$got" = 124 ] && fail "timed out: $*"
	[ "$got" = "$want" ] || fail "exit $got, not $want: $*"
}
has() { grep -qF -- "$1" "$tmp/out" || fail "no '$1' in the output"; }
# seal FILE: append the checksum line an export ends with.
seal() {
	printf '{"type":"checksum","sha256":"%s"}\n' \
	    "$(sha256sum <"$1" | cut -c1-64)" >>"$1"
}
hdr='{"type":"header","format":1,"tool":"isrlab","student":"kim","lab":null,"seed":1,"brokers":3}'

# 1. A log whose first line is blank spun for ever (0 brokers).
printf '\n' >"$tmp/nl.jsonl"
run 2 "$ISRLAB" --replay "$tmp/nl.jsonl" --headless
has "$tmp/nl.jsonl:1: not an isrlab session log (its first line is empty, not the header)"
run 2 "$ISRLAB" --replay "$tmp/nl.jsonl"
has "$tmp/nl.jsonl:1: not an isrlab session log"

# 2. An empty export directory read before its buffer and wrote into /.
run 2 "$ISRLAB" --seed 1 --headless --export-dir "" </dev/null
has "isrlab: --export-dir: an empty name"
printf 'export ""\n' >"$tmp/s"
run 1 "$ISRLAB" --seed 1 --headless --script "$tmp/s"
has "export: an empty path: give a directory or a file name ending in .md or .jsonl"

# 3. Lab files are data: no command that writes files or steers the
# screen's clock, in setup or solution blocks, at load and --check-lab.
cat >"$tmp/writes.md" <<LAB
---
id: 93-writes
title: 파일 쓰기
---

\`\`\`lab setup
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3
export $tmp/notes.md
\`\`\`

## 1. 하나

\`\`\`lab expect
broker 1 down
\`\`\`

\`\`\`lab solution
kill 1
bin/export $tmp/again.md
speed 50
key e
chaos --schedules 1000000
\`\`\`
LAB
run 2 "$ISRLAB" --check-lab "$tmp/writes.md"
has "$tmp/writes.md:8:1: \`\`\`lab setup: 'export' is not allowed in a lab file (it writes files)"
has "$tmp/writes.md:19:1: \`\`\`lab solution: 'export' is not allowed in a lab file (it writes files)"
has "$tmp/writes.md:20:1: \`\`\`lab solution: 'speed' is not allowed in a lab file (it steers the student's clock, outside the cluster)"
has "$tmp/writes.md:21:1: \`\`\`lab solution: key 'e' is not allowed in a lab file (it writes files)"
has "$tmp/writes.md:22:1: \`\`\`lab solution: 'chaos' is not allowed in a lab file (it runs other clusters, outside the lab's)"
run 2 "$ISRLAB" --seed 1 --headless --lab "$tmp/writes.md" --solve
has "$tmp/writes.md:8:1:"
[ -e "$tmp/notes.md" ] || [ -e "$tmp/again.md" ] && fail "a lab wrote a file"

# 4. Durations are bounded (24 h per command): these hung.
sed -e "s|^export .*|wait 100000000h|" -e '/^bin\/export/d' -e '/^speed/d' -e '/^key e/d' -e '/^chaos/d' \
    "$tmp/writes.md" >"$tmp/wait.md"
run 2 "$ISRLAB" --check-lab "$tmp/wait.md"
has "$tmp/wait.md:8:1: wait: '100000000h' is not a duration"
printf 'wait 100000000h\n' >"$tmp/s"
run 2 "$ISRLAB" --seed 1 --headless --script "$tmp/s"
has "$tmp/s:1: wait: '100000000h' is not a duration"
printf 'wait 24h\nstep 1ms\n' >"$tmp/s"
run 0 "$ISRLAB" --seed 1 --headless --script "$tmp/s"
has "t=8640"
# ... and so is every time read from a log, even a resealed one.
{ echo "$hdr"; echo '{"seq":1,"t_ms":9000000000000000000,"wall":"x","type":"command","text":"describe","output":"","rc":0}'; } >"$tmp/far.jsonl"
seal "$tmp/far.jsonl"
run 0 "$ISRLAB" --verify-log "$tmp/far.jsonl"
run 2 "$ISRLAB" --replay "$tmp/far.jsonl" --headless
has "$tmp/far.jsonl:2: t_ms is not a lab time from 0 to 604800000 (7 days)"

# 5. Reads are bounded: only regular files, within limits, and why not.
run 2 "$ISRLAB" --verify-log /dev/zero
has "isrlab: /dev/zero: refused: a character device, not a regular file"
mkfifo "$tmp/x.jsonl"
run 2 "$ISRLAB" --verify-log "$tmp/x.jsonl"
has "$tmp/x.jsonl: refused: a FIFO, not a regular file"
run 2 "$ISRLAB" --replay "$tmp/x.jsonl" --headless
has "$tmp/x.jsonl: refused: a FIFO"
run 2 "$ISRLAB" --seed 1 --headless --script /dev/zero
has "isrlab: /dev/zero: refused: a character device"
run 2 "$ISRLAB" --check-lab /dev/zero
has "isrlab: /dev/zero: no such lab file"
head -c 3000 /dev/zero | run 2 "$ISRLAB" --seed 1 --headless
has "isrlab: <stdin>:1: a NUL byte in the line (a script is text)"
awk 'BEGIN { s = "#"; for (i = 0; i < 70000; i++) s = s "x"; print s }' \
    >"$tmp/long"
run 2 "$ISRLAB" --seed 1 --headless --script "$tmp/long"
has "$tmp/long:1: refused: a line longer than 65536 bytes"
run 2 "$ISRLAB" --seed 1 --headless <"$tmp/long"
has "isrlab: <stdin>:1: a line longer than the limit of 65536 bytes"
mkdir "$tmp/class"
ln -s /dev/zero "$tmp/class/zero.jsonl"
mv "$tmp/x.jsonl" "$tmp/class/fifo.jsonl"
run 1 "$ISRLAB" --summarize "$tmp/class"
has "$tmp/class/zero.jsonl: refused: a character device"
has "$tmp/class/fifo.jsonl: refused: a FIFO"
rm -f "$tmp/class/zero.jsonl" "$tmp/class/fifo.jsonl"

# UBSan aborts: an empty lab setup block; an empty --summarize folder;
# hostile step numbers and times in --summarize.
printf -- '---\nid: 94-empty\ntitle: 빈 설정\ntitle.en: Empty setup\n---\n\n```lab setup\n```\n\n## 1. 하나\n\n본문\n\n```lab hint\nn\n```\n\n## [en] 1. One\n\nBody\n\n```lab hint\nn\n```\n' \
    >"$tmp/empty-setup.md"
run 0 "$ISRLAB" --check-lab "$tmp/empty-setup.md"
has "ok (1 steps)"
run 0 "$ISRLAB" --summarize "$tmp/class"
[ "$(cat "$tmp/out")" = "ID  STUDENT  LAB  STEPS  FINISHED  WALL  LAB TIME  HINTS  FAILED  WRONG  QUIZ  REWINDS  BY  SEAL  DUPLICATE OF" ] ||
    fail "empty summary"
lab65='{"type":"header","format":1,"student":"choi","lab":{"id":"65-long","title":"t","steps":['
i=1; while [ $i -le 65 ]; do
	lab65="$lab65\"s$i\""; [ $i -lt 65 ] && lab65="$lab65,"; i=$((i + 1))
done
{
	echo "$lab65]},\"seed\":1,\"brokers\":3}"
	echo '{"seq":1,"t_ms":0,"type":"lab_start"}'
	i=1; while [ $i -le 65 ]; do
		echo "{\"seq\":$((i + 1)),\"t_ms\":$((i * 1000)),\"type\":\"step_done\",\"step\":$i,\"skipped\":false}"
		i=$((i + 1))
	done
	echo '{"seq":70,"t_ms":66000,"type":"step_done","step":-2147483648}'
	echo '{"seq":71,"t_ms":66000,"type":"quiz_answer","step":-2147483648,"right":true}'
	echo '{"seq":72,"t_ms":66000,"type":"step_done","step":9223372036854775807}'
} >"$tmp/class/choi.jsonl"
seal "$tmp/class/choi.jsonl"
{ echo "$hdr"; echo '{"seq":1,"t_ms":-9223372036854775808,"type":"lab_start"}'; } >"$tmp/class/far.jsonl"
run 1 "$ISRLAB" --summarize "$tmp/class"
has "-   choi     65-long  65/65  yes       0.0s  1m05.0s   0      0       0      -     0        student  ok    -"
has "$tmp/class/far.jsonl:2: t_ms is not a lab time from 0 to 604800000"
rm "$tmp/class/far.jsonl"

# Duplicated header / final_state lines (they leaked) are named.
{ echo "$hdr"; echo "$hdr"; } >"$tmp/class/twice.jsonl"
run 1 "$ISRLAB" --summarize "$tmp/class"
has "$tmp/class/twice.jsonl:2: a second header (the first is line 1)"
run 2 "$ISRLAB" --replay "$tmp/class/twice.jsonl" --headless
has "$tmp/class/twice.jsonl:2: a second header (the first is line 1)"
rm "$tmp/class/twice.jsonl"

# Control characters in names and logs are escaped on output.
esc=$(printf '\033')
{ printf '{"type":"header","format":1,"student":"k\\u001b[2Jim\\n\\u009b","lab":{"id":"0\\u001b]0;x\\u0007","steps":[]},"seed":1,"brokers":3}\n'
  printf '{"seq":1,"t_ms":0,"type":"command","text":"produce t \\u001b[31mred","output":"","rc":0}\n'
  printf '{"type":"final_state","t_ms":0,"describe":""}\n'; } >"$tmp/class/esc.jsonl"
seal "$tmp/class/esc.jsonl"
run 0 "$ISRLAB" --summarize "$tmp/class"
grep -q "$esc" "$tmp/out" && fail "an escape reached the terminal (summarize)"
has 'k\x1b[2Jim\n\u009b'
run 0 "$ISRLAB" --replay "$tmp/class/esc.jsonl" --headless
grep -q "$esc" "$tmp/out" && fail "an escape reached the terminal (replay)"
has 'student k\x1b[2Jim\n\u009b, lab 0\x1b]0;x\x07, seed 1'
has '$ produce t \x1b[31mred'
run 2 "$ISRLAB" --seed 1 --headless --student "$(printf 'a\n```\n# x')" </dev/null
has "isrlab: --student: a name is one line without control characters"

# A 75-syllable Korean name is exported (the file name is shortened on a
# character boundary; the report keeps the whole name).
name=$(awk 'BEGIN { for (i = 0; i < 75; i++) printf "가" }')
printf 'describe\n' >"$tmp/s"
mkdir "$tmp/out75"
run 0 "$ISRLAB" --seed 1 --headless --script "$tmp/s" --student "$name" --export-dir "$tmp/out75"
md=$(ls "$tmp"/out75/*.md) || fail "no report for the long name"
grep -qF "| 학생 (student) | $name |" "$md" || fail "the report lost the name"
base=$(basename "$md")
[ ${#base} -lt 200 ] || fail "file name too long: $base"

# A name a spreadsheet would run as a formula, with a comma and quotes:
# CSV quotes it, doubles the quotes and starts it with an apostrophe;
# TSV keeps it on one line.
mkdir "$tmp/sheet"
{ printf '%s\n' '{"type":"header","format":1,"student":"=1+2,\"q\"\tx","lab":null,"seed":1,"brokers":3}'; } >"$tmp/sheet/f.jsonl"
seal "$tmp/sheet/f.jsonl"
run 0 "$ISRLAB" --summarize "$tmp/sheet" --format csv
has ',"'"'"'=1+2,""q""\tx",free,'
run 0 "$ISRLAB" --summarize "$tmp/sheet" --format tsv
[ "$(wc -l <"$tmp/out")" = 2 ] || fail "a TSV row spans lines"
has "	'=1+2,\"q\"\\tx	free	"

# export x.md never replaces a file: a numbered name keeps both.
echo "mine" >"$tmp/x.md"
printf 'export %s/x.md\nexport %s/x.md\n' "$tmp" "$tmp" >"$tmp/s"
run 0 "$ISRLAB" --seed 1 --headless --script "$tmp/s"
has "wrote $tmp/x-2.md ($tmp/x.md or .jsonl exists: kept)"
has "wrote $tmp/x-3.md"
[ "$(cat "$tmp/x.md")" = "mine" ] || fail "x.md was replaced"
run 0 "$ISRLAB" --verify-log "$tmp/x-2.md" "$tmp/x-2.jsonl" "$tmp/x-3.jsonl"

# Lab front matter: a second block and a key given twice.
printf -- '---\nid: 95-twice\ntitle: 두 번\n---\n\n---\nid: 96\n---\n\n## 1. 하나\n\n본문\n' \
    >"$tmp/fm2.md"
run 2 "$ISRLAB" --check-lab "$tmp/fm2.md"
has "$tmp/fm2.md:6:1: a second front matter block (the first ends on line 4): give each key once, in one block"
printf -- '---\nid: 95-twice\ntitle: 하나\ntitle: 둘\n---\n\n## 1. 하나\n\n본문\n' \
    >"$tmp/fm-key.md"
run 2 "$ISRLAB" --check-lab "$tmp/fm-key.md"
has "$tmp/fm-key.md:4:1: front matter: 'title' given twice (first on line 3)"

# A NUL byte in a script line is an error naming the line.
printf 'describe\nhelp\000 kill 1\n' >"$tmp/s"
run 2 "$ISRLAB" --seed 1 --headless --script "$tmp/s"
has "isrlab: $tmp/s:2: a NUL byte in the line (a script is text)"

# A failed export in a headless script fails the run.
printf 'export %s/none/x.md\ndescribe\n' "$tmp" >"$tmp/s"
run 1 "$ISRLAB" --seed 1 --headless --script "$tmp/s"
has "export: cannot write $tmp/none/x.md: No such file or directory"

echo "hostile-cli: ok"
