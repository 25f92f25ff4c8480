#!/bin/sh
# labs-check.sh - isrlab --check-lab on the broken fixtures in
# tests/fixtures/: each must exit 2 with exactly the expected
# FILE:LINE:COL error line; a glossary beside a lab makes --check-lab warn
# on its avoided terms; every shipped lab must check clean, without a
# warning.
set -u
: "${ISRLAB_SRCDIR:=.}"
: "${ISRLAB_BIN:=./src/isrlab}"
cd "$ISRLAB_SRCDIR" || exit 99
fail=0
# The checker's messages compared in English (isrlab's own words follow
# the language; tests/cli.sh checks the Korean ones).
LANGUAGE=en
export LANGUAGE

expect() {	# file, expected stderr line
	out=$("$ISRLAB_BIN" --check-lab "$1" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -ne 2 ] || [ "$out" != "$2" ]; then
		echo "FAIL: $1 (exit $rc)"
		echo "  expected: $2"
		echo "  got:      $out"
		fail=1
	else
		echo "ok: $1"
	fi
}

expect tests/fixtures/lab-bad-front-matter.md \
    "tests/fixtures/lab-bad-front-matter.md:4:1: brokers: expected a number 1-9, not 'twelve'"
expect tests/fixtures/lab-unknown-command.md \
    "tests/fixtures/lab-unknown-command.md:13:1: unknown command 'kil' (try 'help')"
expect tests/fixtures/lab-unknown-topic.md \
    "tests/fixtures/lab-unknown-topic.md:17:70: unknown topic 'email.sned' (create it in a 'lab setup' block first)"
expect tests/fixtures/lab-unclosed-block.md \
    "tests/fixtures/lab-unclosed-block.md:8:1: unclosed \`\`\`lab expect block (it runs to the end of the file)"
expect tests/fixtures/lab-bad-condition.md \
    "tests/fixtures/lab-bad-condition.md:9:1: condition: expected 'leader T/P == B'"
expect tests/fixtures/lab-vacuous-step.md \
    "tests/fixtures/lab-vacuous-step.md:34: step 2: expectation already true before the step"
expect tests/fixtures/lab-no-english.md \
    "tests/fixtures/lab-no-english.md:7:1: step 1 has no English section (a '## [en] 1. Title' heading after it)"

# The glossary is read from the checked lab's directory; a warning does not
# change the exit status.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp labs/GLOSSARY.md "$tmp/GLOSSARY.md"
sed 's/브로커 1을 강제 종료한다./브로커 1을 펜스한다./' \
    tests/fixtures/lab-no-english.md > "$tmp/lab.md"
printf '## [en] 1. Stop broker 1\n\nCrash broker 1.\n\n```lab hint\nType kill 1.\n```\n' \
    >> "$tmp/lab.md"
out=$("$ISRLAB_BIN" --check-lab "$tmp/lab.md" 2>&1 >/dev/null)
rc=$?
case "$rc:$out" in
"0:$tmp/lab.md:9: warning: '펜스' is not isrlab's term: use '펜싱' ($tmp/GLOSSARY.md:"*")")
	echo "ok: glossary warning" ;;
*)	echo "FAIL: glossary warning: exit $rc, $out"; fail=1 ;;
esac

# Levels: 입문 beginner, 기초 basic, 중급 intermediate, 고급 advanced.
sed 's/^title.en: .*/&\nlevel: 기초\nlevel.en: intermediate/' "$tmp/lab.md" \
    > "$tmp/level.md"
out=$("$ISRLAB_BIN" --check-lab "$tmp/level.md" 2>&1 >/dev/null | grep "front matter")
case "$out" in
"$tmp/level.md:1:1: front matter: 'level.en: intermediate' for 기초: it is 'basic'")
	echo "ok: a level's English" ;;
*)	echo "FAIL: level.en not checked: $out"; fail=1 ;;
esac

for f in labs/*.md; do
	[ "$(basename "$f")" = GLOSSARY.md ] && continue
	out=$("$ISRLAB_BIN" --check-lab "$f" 2>&1 >/dev/null)
	if [ $? -ne 0 ] || [ -n "$out" ]; then
		echo "FAIL: $f does not check clean: $out"
		fail=1
	fi
done
exit $fail
