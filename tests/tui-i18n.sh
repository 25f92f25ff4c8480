#!/bin/sh
# tui-i18n.sh - the screen speaks the student's language, checked against
# the catalog (po/ko.po) rather than against strings written here.
#
# With LANG=ko_KR.UTF-8 (a locale this machine need not have: isrlab
# falls back to C.UTF-8 and still picks the Korean catalog), the picker,
# lab 01's screen, the `?` help and the quit flow are captured; each
# shows the Korean msgstr of the words it is made of, and none shows an
# English msgid of the catalog (a string that missed gettext or the
# catalog).  Then the same screens with --lang en (LANG still Korean:
# the option wins) show the English msgids and none of the catalog's
# Korean.  Every wait polls the screen with a deadline.  Exit 77 (skip)
# without tmux, msgcat or the labs.

set -u

sess=i18n
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
labdir=${ISRLAB_SRCDIR:-.}/labs
po=${ISRLAB_SRCDIR:-.}/po/ko.po
if [ ! -f "$labdir/01-leader-failover.md" ]; then
	echo "SKIP: no $labdir/01-leader-failover.md"
	exit 77
fi
. "${ISRLAB_SRCDIR:-.}/tests/catalog-lib.sh"

trim() { printf '%s\n' "$1" | sed 's/^ *//; s/ *$//'; }

# has FILE TEXT...: each TEXT (fixed string) is on the captured screen.
has() {
	f=$1
	shift
	for x in "$@"; do
		x=$(trim "$x")
		if ! grep -F -q -- "$x" "$f"; then
			echo "FAIL: '$x' is not on the screen ($f):"
			cat "$f"
			exit 1
		fi
	done
}

# none_of FILE COLUMN: no message of the catalog's COLUMN (1: English
# msgids, 2: Korean msgstrs) is on the captured screen.  Only messages
# of several words without a format directive are looked for: a single
# word ("describe", "UP") also occurs in commands and Kafka's output.
none_of() {
	awk -F '\t' -v c="$2" '$c ~ / / && $c !~ /%/ && $1 != $2 &&
	    (c == 1 ? $c ~ /[A-Za-z][A-Za-z]/ : $c ~ /[^ -~]/) { print $c }' \
	    "$pairs" | sed 's/^ *//; s/ *$//' | while IFS= read -r m; do
		if grep -F -q -- "$m" "$1"; then
			echo "FAIL: '$m' (column $2 of $po) is on the screen:"
			cat "$1"
			exit 1
		fi
	done || exit 1
}

# play LANG [ARGS]: the picker, lab 01, its help and the quit question,
# each captured into $expdir/LANG.NAME once it shows (tr_ turns a msgid
# into the text to wait for in that language).
play() {
	lang=$1
	shift
	start "env -u LC_ALL LANG=ko_KR.UTF-8 ISRLAB_LAB_PATH='$labdir' '$bin' --seed 1 $* --simulated --export-dir '$expdir'"
	wait_for "$(tr_ "Kafka replication labs: pick one")"
	wait_for '^│> '
	screen > "$expdir/$lang.picker"
	keys j Enter
	wait_for "$(tr_ "crash leader")"
	wait_for "$(tr_ "alarms: none")"
	screen > "$expdir/$lang.lab"
	keys '?'
	wait_for "$(tr_ "help (clock paused)")"
	screen > "$expdir/$lang.help"
	keys Escape
	wait_gone "$(tr_ "help (clock paused)")"
	keys q
	wait_for "$(tr_ "Back to the lab list?")|$(tr_ "Export before going back to the lab list? (y/n/esc)")"
	screen > "$expdir/$lang.quit"
	if on_screen "$(tr_ "Back to the lab list?")"; then
		keys y
	else
		keys n
	fi
	wait_for "$(tr_ "Kafka replication labs: pick one")"
	keys q
	wait_dead "q in the picker quits ($lang)"
}

# Korean.
tr_() { ko "$1" | ere; }
play ko
has "$expdir/ko.picker" "$(ko "Kafka replication labs: pick one")" \
    "$(ko "labs")" "$(ko "Free play: the cluster without a lab")" \
    "$(ko "j/k or arrows: choose   Enter: start   1-%zu: lab number   q: quit" |
	sed 's/%zu/14/')"
has "$expdir/ko.lab" "$(ko "help")" "$(ko "crash leader")" "$(ko "quit")" \
    "$(ko "hint")" "$(ko "events")" "$(ko "brokers")" \
    "$(ko "alarms: none")" \
    "$(ko "LEO / LAG per replica")" "$(ko "UP")"
has "$expdir/ko.help" "$(ko "help (clock paused)")" \
    "$(ko "this help (the clock pauses while it is open)")" \
    "$(ko "crash the leader of the selected partition")" \
    "$(ko "quit (asks first if not exported)")" \
    "$(ko " Esc closes  PgUp/PgDn scroll ")"
if grep -F -q "$(ko "Back to the lab list?")" "$expdir/ko.quit"; then
	has "$expdir/ko.quit" "$(ko "leave")" \
	    "$(ko "y: the list   Q: quit isrlab   other keys: stay")"
else
	has "$expdir/ko.quit" "$(ko "export")" \
	    "$(ko "This session has activity that was not exported.")" \
	    "$(ko "y: export, then the list   n: the list   Esc: stay")"
fi
for s in picker lab help quit; do
	none_of "$expdir/ko.$s" 1
done
echo "ok: LANG=ko_KR.UTF-8: picker, lab, help and quit in the catalog's Korean, no English msgid"

# English: --lang en wins over LANG.
tr_() { printf '%s\n' "$1" | ere; }
play en --lang en
has "$expdir/en.picker" "Kafka replication labs: pick one" \
    "Free play: the cluster without a lab"
has "$expdir/en.lab" "crash leader" "alarms: none" "LEO / LAG per replica"
has "$expdir/en.help" "help (clock paused)" \
    "crash the leader of the selected partition"
for s in picker lab help quit; do
	none_of "$expdir/en.$s" 2
done
echo "ok: --lang en: the same screens in English, none of the catalog's Korean"
exit 0
