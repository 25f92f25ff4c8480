#!/bin/sh
# tui-labs-play.sh - every shipped lab played on the live screen by keys
# alone, in Korean, and labs 01, 04 and 11 in English (--lang en).
#
# What to type comes from each lab file's `lab solution` blocks (the
# lines --solve plays, src/lab/labsolve.c), read here by plan(); the
# words to look for come from the catalog (po/ko.po), so this test holds
# no lab content and no translation.  For each lab: a fresh isrlab on the
# simulator (--simulated, lab time at $ISRLAB_PLAY_SPEED, default 20x),
# the lab picked in the picker by its number, then for every step each
# solution line as a student gives it:
#   a command     `:`, the line, Enter (a console producer's `> ` lines
#                 go to its prompt; Ctrl-D ends it, Esc closes the
#                 console);
#   `key K`       the key K;
#   `answer A`    the choice's letter, or Enter, A and Enter.
# A read-only step then gets `n`.  The step is done when the lab pane's
# title moves to the next step (the last one: the finish summary, every
# step ticked); then q, n (no export) and the picker shows the lab done.
#
# Robust under load: the clock is paused (space) while the test types
# and looks, and runs only while a typed wait runs (the header shows
# "wait 3.2s" until it is over) and while the test waits for a step to
# tick, so a slow machine does not add lab time between two lines.  The
# lines after a wait are typed with it, so the screen runs them when the
# wait ends, not when the test sees that it did.
# After each line `?` opens the help (a wide output's pager gives way
# to it) and Esc closes it: once the help shows, every key sent before
# has acted.  Every wait polls the screen with a deadline.
# Exit 77 (skip) without tmux, msgcat or the labs.

set -u

sess=play
. "${ISRLAB_SRCDIR:-.}/tests/tmux-lib.sh"
. "${ISRLAB_SRCDIR:-.}/tests/catalog-lib.sh"
labdir=${ISRLAB_SRCDIR:-.}/labs
set -- "$labdir"/[0-9][0-9]-*.md
if [ ! -f "$1" ]; then
	echo "SKIP: no labs in $labdir"
	exit 77
fi
speed=${ISRLAB_PLAY_SPEED:-20}
# ISRLAB_PLAY_KO and ISRLAB_PLAY_EN (lab numbers) narrow it down.
english_labs=${ISRLAB_PLAY_EN:-"01 04 11"}

# plan FILE: the lab's steps, each as "S READONLY" (1: no expectation
# and no quiz, so `n` passes it) followed by one "L LINE" per solution
# line, joined as the lab loader joins them (lab_cmds_split in
# src/lab/lab.c: a trailing `\` continues a line, blank and `#` lines
# are skipped).  Steps are the `## ` headings outside code blocks, not
# `## [en]`; solution, expect and quiz blocks are the Korean section's.
plan() {
	awk '
	function flush() { if (cont != "") { emit(cont); cont = "" } }
	function emit(l) { n[step]++; line[step, n[step]] = l }
	{ sub(/\r$/, "") }
	fence != "" {
		if (index($0, fence) == 1 && $0 ~ /^(`+|~+)[ \t]*$/) {
			if (kind == "solution")
				flush()
			fence = ""
			kind = ""
			next
		}
		if (kind != "solution")
			next
		l = $0
		sub(/^[ \t]+/, "", l)
		if (cont == "" && (l == "" || l ~ /^#/))
			next
		if (match(l, /\\+$/) && RLENGTH % 2 == 1) {
			l = substr(l, 1, length(l) - 1)
			sub(/[ \t]+$/, "", l)
			cont = cont l " "
			next
		}
		emit(cont l)
		cont = ""
		next
	}
	/^(```|~~~)/ {
		match($0, /^(`+|~+)/)
		fence = substr($0, 1, RLENGTH)
		info = substr($0, RLENGTH + 1)
		sub(/^[ \t]+/, "", info)
		kind = ""
		if (step > 0 && !en && info ~ /^lab solution([ \t]|$)/)
			kind = "solution"
		else if (step > 0 && !en && info ~ /^lab (expect|quiz)([ \t]|$)/)
			checked[step] = 1
		next
	}
	/^## / {
		en = ($0 ~ /^## \[en\]/)
		if (!en)
			step++
	}
	END {
		for (s = 1; s <= step; s++) {
			print "S " (checked[s] ? 0 : 1)
			for (i = 1; i <= n[s]; i++)
				print "L " line[s, i]
		}
	}' "$1"
}

# ---- The screen's words in the language played ----------------------

# tr_ MSGID: the message as the screen shows it (set per language).
tr_ko() { ko "$1"; }
tr_en() { printf '%s\n' "$1"; }
# A fixed string as a shell pattern (for case), and a format as one
# whose directives match anything.
glob() { sed 's/[][*?\\]/\\&/g'; }
fmt_glob() {
	glob | sed -E 's/%(<PRI[a-z0-9]+>|[-+ #0-9.]*(hh|h|ll|l|z|j|t)?[diouxXfgcs])/*/g'
}
nl='
'

# The patterns the test looks for, in the language played (once per
# language: each message is a look-up in the catalog).
set_lang() {
	[ "${lang:-}" != "$1" ] || return 0
	lang=$1
	help_p=$("tr_$lang" "help (clock paused)" | glob)
	summary_p="─ $("tr_$lang" "lab finished" | glob) ─"
	# A popup drawn whole: its title, then its foot in the box's last
	# row.  A frame is written top down and a capture can catch it half
	# written (the help's title over a pager still drawn below it, the
	# summary's title before its step rows): rows above the foot, the
	# lab pane's title among them, are the frame's once the foot shows.
	help_whole_p="$help_p*$("tr_$lang" " Esc closes  PgUp/PgDn scroll " |
	    glob)"
	summary_whole_p="$summary_p*$("tr_$lang" " any key closes " | glob)"
	finished_p=$("tr_$lang" \
	    "Lab finished. n: summary, b: earlier steps, q: leave" | glob)
	picker_p=$("tr_$lang" "Kafka replication labs: pick one" | glob)
	export_p=$("tr_$lang" \
	    "Export before going back to the lab list? (y/n/esc)" | glob)
	done_re=$("tr_$lang" "done" | ere)
	# The header while a typed wait runs ("wait 3.2s").
	wait_p=$("tr_$lang" "  wait %s" | sed 's/^ *//' | fmt_glob)
	# A pager's key line (its first sentence): a command's output that
	# arrives once the clock runs opens over the lab pane.
	pager_p=$("tr_$lang" "q or Esc closes this view.  Up, Down, PgUp and \
PgDn scroll; Left and Right scroll sideways.  Other keys close it and act \
as usual." | sed 's/  .*//' | glob)
	# The console producer's prompt, alone on the status line.
	prompt_p="$nl>$nl"
	# "Lab %02d %s" (the header) and "lab %zu/%zu: %s" (the lab pane's
	# title) as printf formats for the numbers.
	lab_fmt=$("tr_$lang" "Lab %02d %s" | sed 's/%s$//')
	step_fmt=$("tr_$lang" "lab %zu/%zu: %s" | sed 's/%zu/%d/g; s/%s$//')
}

fail_screen() {
	echo "FAIL: lab $lab_id ($lang), step $step/$n_steps: $1; the screen was:"
	screen
	exit 1
}

# look [-1] PATTERN...: whether the last capture ($shot; -1: its first
# line, the header) shows one of the shell PATTERNs.
shot=
look() {
	look_in=$shot
	if [ "$1" = -1 ]; then
		look_in=${shot%%"$nl"*}
		shift
	fi
	for look_p in "$@"; do
		# shellcheck disable=SC2254
		case $look_in in
		*$look_p*)	return 0 ;;
		esac
	done
	return 1
}

# await SECONDS WHAT [-v] [-1] PATTERN...: capture the screen into $shot
# until it shows one of PATTERNs (-v: none of them; -1: in the header),
# or fail saying WHAT did not happen.  A twentieth of a second between
# two looks; the deadline is wall time.
await() {
	aw_t=$1
	aw_what=$2
	shift 2
	aw_not=0
	if [ "$1" = -v ]; then
		aw_not=1
		shift
	fi
	aw_end=
	aw_n=0
	while :; do
		shot=$(screen)
		if look "$@"; then
			[ "$aw_not" = 1 ] || return 0
		else
			[ "$aw_not" = 0 ] || return 0
		fi
		# The clock is read every tenth look (a process each time).
		if [ -z "$aw_end" ]; then
			aw_end=$(( $(date +%s) + aw_t ))
		elif [ $((aw_n % 10)) = 0 ] && [ "$(date +%s)" -ge "$aw_end" ]
		then
			fail_screen "$aw_what"
		fi
		aw_n=$((aw_n + 1))
		sleep 0.05
	done
}

# await_quiet SECONDS PATTERN...: capture until the screen shows one of
# PATTERNs (status 0) or SECONDS pass (status 1, no failure).
await_quiet() {
	aq_end=$(( $(date +%s) + $1 ))
	shift
	while :; do
		shot=$(screen)
		look "$@" && return 0
		[ "$(date +%s)" -lt "$aq_end" ] || return 1
		sleep 0.1
	done
}

# step_p N: step N's title in the lab pane's frame.
step_p() { printf -- "┌─ $step_fmt" "$1" "$n_steps" | glob; }

# send [-l TEXT] KEY...: in one tmux call, the keys left pending by the
# last action ($pending: Esc closing the help, space pausing the clock),
# TEXT typed as it is, then the KEYs.  Keys act in the order sent, so
# the next action need not wait for the last one's keys to show.
pending=
send() {
	send_text=
	if [ "${1:-}" = -l ]; then
		send_text=$2
		shift 2
	fi
	# shellcheck disable=SC2086
	tm send-keys -t "$sess" $pending \; \
	    send-keys -t "$sess" -l "$send_text" \; \
	    send-keys -t "$sess" "$@"
	pending=
}

# After KEYs (sent with send): `?` opens the help (a pager gives way to
# it) or, if the lab just finished, meets its summary; once either shows,
# every key sent before has acted.  The help's Esc is left pending.  The
# lab pane's title shows left of the help: moved on is 1 when the step
# is no longer the current one.
barrier() {
	send "$@" '?'
	await 60 "the help did not open" "$help_whole_p" "$summary_p" \
	    "$finished_p"
	look "$help_p" && pending=Escape
	look "$step_p" || moved_on=1
}

# The lab clock runs only while the test waits for lab time: it is
# paused while the test types and looks.  Pausing is left pending (it
# goes with the next keys); once the lab finished, space would close
# its summary, so the clock then runs on.
clock_on=0
clock_run() {
	send Space
	clock_on=1
}
clock_pause_later() {
	look "$summary_p" "$finished_p" && return 0
	pending="$pending Space"
	clock_on=0
}

producer_open=0
# The console producer ends (Ctrl-D) and the console closes (Esc).
end_producer() {
	pending="$pending C-d Escape"
	producer_open=0
}

# tmux's name for a lab's `key K`.
tmux_key() {
	case $1 in
	PgDn)	echo NPage ;;
	PgUp)	echo PPage ;;
	*)	echo "$1" ;;
	esac
}

# A typed wait and the console lines after it in its step are typed with
# the clock paused: the screen queues lines typed while a wait runs and
# runs them the moment it is over (src/tui/wait.c), at the lab time a
# script would, however late this test notices.  queued is 1 while such
# lines wait for the clock.
queued=0

# run_queued [-r]: once every key sent has acted (the help shows), the
# clock runs until no wait shows in the header (the queue runs in the
# turn its wait ends, a wait queued behind it at once showing), then
# pauses, and the help tells whether the step ticked meanwhile.  -r: the
# lab's last lines, after which the clock runs on until it finishes (its
# summary may open a turn after the last wait ended, and a key would
# close it).
run_queued() {
	[ "$queued" = 1 ] || return 0
	queued=0
	barrier
	# A wait-until whose condition holds already is over at once.  A
	# header without a wait is read twice, a barrier apart, before the
	# test believes it.  A plain wait cannot end with the clock paused,
	# so the test waits for the header to show it: runs in ASan and in
	# tree twice typed on past a wait that still had 5.0 s to go, which
	# the header showed a moment later.
	if [ "$timed_wait" = 1 ]; then
		timed_wait=0
		look -1 "$wait_p" ||
		    await 60 "the typed wait did not show" -1 "$wait_p"
	elif ! look -1 "$wait_p"; then
		barrier
		look -1 "$wait_p" || return 0
	fi
	clock_run
	await 180 "the waits did not end" -v -1 "$wait_p"
	sleep 0.2
	shot=$(screen)
	! look -1 "$wait_p" ||
	    await 180 "the waits did not end" -v -1 "$wait_p"
	[ "${1:-}" != -r ] || return 0
	clock_pause_later
	barrier
}

# play_line LINE: one solution line as a student gives it.
play_line() {
	case $1 in
	'>'*)
		m=${1#>}
		send -l "${m# }" Enter
		return
		;;
	esac
	[ "$producer_open" = 0 ] || end_producer
	case $1 in
	'wait '*|'wait-until '*)
		send -l ":$1" Enter
		queued=1
		case $1 in 'wait '*) timed_wait=1 ;; esac
		return
		;;
	'key '*|'answer '*|*kafka-console-producer*)
		run_queued
		[ "$moved_on" = 0 ] || return 0
		;;
	*)
		if [ "$queued" = 1 ]; then
			send -l ":$1" Enter
			return
		fi
		;;
	esac
	case $1 in
	'key '*)
		barrier "$(tmux_key "${1#key }")"
		;;
	'answer '*)
		a=${1#answer }
		case $a in
		[a-z])	barrier "$a" ;;
		*)	pending="$pending Enter"
			barrier -l "$a" Enter ;;
		esac
		;;
	*kafka-console-producer*)
		send -l ":$1" Enter
		await 60 "no producer prompt after '$1'" "$prompt_p"
		producer_open=1
		;;
	*)
		barrier -l ":$1" Enter
		;;
	esac
}

# play_lab ID LANG: pick lab ID in the picker and play it to the end.
play_lab() {
	lab_id=$1
	set_lang "$2"
	lab_file=$(ls "$labdir/$lab_id"-*.md)
	plan "$lab_file" > "$expdir/plan"
	n_steps=$(grep -c '^S ' "$expdir/plan")
	[ "$n_steps" -gt 0 ] || { echo "FAIL: no steps in $lab_file"; exit 1; }
	langopt=
	[ "$lang" = en ] && langopt="--lang en"
	# A lab's own seed: is the layout its text shows; --seed would
	# override it (isrlab-lab(5)), so only the others are pinned here.
	seedopt="--seed 1"
	grep -q '^seed:' "$lab_file" && seedopt=
	t0=$(date +%s)
	start "ISRLAB_LAB_PATH='$labdir' '$bin' $seedopt --simulated --speed $speed $langopt --export-dir '$expdir'"
	step=0
	pending=
	producer_open=0
	queued=0
	timed_wait=0
	clock_on=0
	await 30 "no picker" "$picker_p"
	# The lab's number picks it (1 then 3 for 13); the clock pauses.
	send $(echo "$lab_id" | sed 's/^0//; s/./& /g') Enter Space
	step=1
	step_p=$(step_p 1)
	await 30 "lab $lab_id did not start" "$step_p"
	# The header of the lab, its clock paused.
	await 30 "the clock did not pause" -1 \
	    "$(printf -- "$lab_fmt" "${lab_id#0}" | glob)*⏸ "
	ro=
	while IFS= read -r l <&3; do
		case $l in
		'S '*)
			[ -z "$ro" ] || finish_step
			ro=${l#S }
			moved_on=0
			;;
		'L '*)
			# A step that ticked before its last line has moved
			# on (a student would too).
			[ "$moved_on" = 0 ] || continue
			play_line "${l#L }"
			;;
		esac
	done 3< "$expdir/plan"
	finish_step
	echo "ok: lab $lab_id ($lang): $n_steps steps by keys in $(( $(date +%s) - t0 )) s"
}

# await_tick WHAT PATTERN...: await PATTERNs with the clock running; a
# command still waiting on lab time (a request to a cut-off broker) may
# answer meanwhile and open its pager over the lab pane, which Esc closes
# (as a student would) before looking again.
await_tick() {
	at_what=$1
	shift
	while :; do
		await 120 "$at_what" "$@" "$pager_p"
		look "$@" && return 0
		send Escape
		await 30 "Esc did not close the pager" -v "$pager_p"
	done
}

# finish_step: the step's last keys (n for a read-only one), then the
# clock runs until the step ticks: the next step's title, or for the
# last one the finish summary with every step ticked.
finish_step() {
	if [ "$step" -lt "$n_steps" ]; then
		run_queued
	else
		run_queued -r
	fi
	[ "$producer_open" = 0 ] || end_producer
	[ "$ro" = 0 ] || pending="$pending n"
	if [ "$step" -lt "$n_steps" ]; then
		if [ "$moved_on" = 0 ]; then
			clock_run
			await_tick "the step did not tick" \
			    "$(step_p $((step + 1)))"
			clock_pause_later
		fi
		step=$((step + 1))
		step_p=$(step_p "$step")
		return
	fi
	# A capture right after sending can come before the keys acted:
	# with the help's Esc pending, look once the help is gone.
	if [ -n "$pending" ]; then
		send
		await 30 "the help did not close" -v "$help_p"
	else
		shot=$(screen)
	fi
	if ! look "$summary_p" "$finished_p"; then
		[ "$clock_on" = 1 ] || clock_run
		await_tick "the lab did not finish" "$summary_p" "$finished_p"
	fi
	# n shows the summary again once a key closed it.  A capture can
	# catch a frame half written (the lab pane's finish line drawn, the
	# summary over it not yet), and n on an open summary closes it: n
	# goes only when a second later the summary is still not there, and
	# again (at most twice more) when the summary it should have opened
	# is not there five seconds later (CI saw the finished lab without
	# its summary after one n: which key closed it is not known).
	tries=0
	while ! look "$summary_whole_p"; do
		if ! look "$summary_p"; then
			sleep 1
			shot=$(screen)
			look "$summary_p" || send n
		fi
		tries=$((tries + 1))
		if [ "$tries" -ge 3 ]; then
			await 30 "no summary" "$summary_whole_p"
			break
		fi
		await_quiet 5 "$summary_whole_p" && break
	done
	[ "$tries" -le 1 ] ||
	    echo "note: lab $lab_id ($lang): the summary showed after $tries tries"
	k=1
	while [ "$k" -le "$n_steps" ]; do
		look "✔ $k/$n_steps " || fail_screen "step $k not ticked"
		k=$((k + 1))
	done
	send q
	await 30 "no export question" "$export_p"
	send n
	poll 30 on_screen "^│[> ] +$lab_id  .*✔ $done_re" ||
	    fail_screen "lab $lab_id is not done in the picker"
	send q
	wait_dead "q in the picker quits after lab $lab_id ($lang)" >/dev/null
}

# play_twice ID LANG: play_lab in a subshell (its own tmux server, stopped
# when it ends); a play that fails is played once more from a fresh start,
# its failure printed as a note, and only a second failure fails the test.
# Under load (make -j2 check beside the other tmux tests) a play has failed
# about once in several full runs: lab 09 step 7 in a CI rehearsal, where
# the screen suggests a line typed for the console acted as screen keys,
# and lab 05 step 4 before, a typed wait the header showed late.  Alone,
# the same labs passed every time.  The note keeps each such failure in
# the log until its cause is found.
play_twice() {
	( trap stop_server EXIT; play_lab "$1" "$2" ) > "$expdir/play.log" 2>&1 &&
	    { cat "$expdir/play.log"; return 0; }
	echo "note: lab $1 ($2) failed once; played again from a fresh start:"
	sed 's/^/note: | /' "$expdir/play.log"
	rm -rf "$XDG_STATE_HOME"
	( trap stop_server EXIT; play_lab "$1" "$2" ) || exit 1
}

korean_labs=${ISRLAB_PLAY_KO:-$(for f in "$labdir"/[0-9][0-9]-*.md; do
	basename "$f" | cut -c1-2; done)}
for id in $korean_labs; do
	play_twice "$id" ko
done
for id in $english_labs; do
	play_twice "$id" en
done
exit 0
