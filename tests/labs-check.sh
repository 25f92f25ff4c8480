#!/bin/sh
# labs-check.sh - isrlab --check-lab on the broken fixtures in
# tests/fixtures/: each must exit 2 with exactly the expected
# FILE:LINE:COL error line; every shipped lab must check clean.
set -u
: "${ISRLAB_SRCDIR:=.}"
: "${ISRLAB_BIN:=./src/isrlab}"
cd "$ISRLAB_SRCDIR" || exit 99
fail=0

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
    "tests/fixtures/lab-vacuous-step.md:23: step 2: expectation already true before the step"

for f in labs/*.md; do
	if ! "$ISRLAB_BIN" --check-lab "$f" >/dev/null; then
		echo "FAIL: $f does not check clean"
		fail=1
	fi
done
exit $fail
