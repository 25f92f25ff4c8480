#!/bin/sh
# pure-symbols.sh - the model library (src/libisrmodel.a: util + model)
# references no clock, random, thread, curses or libevent symbol.
#
# The check reads the objects, not the tests: every symbol an object of
# the archive references and no object of it defines (so: what it takes
# from outside) is matched against
#  - FORBIDDEN below, names and patterns (grep -E, whole name), and
#  - every symbol that the curses and libevent libraries isrlab is linked
#    with define (found with ldd on $ISRLAB_BIN, read with nm -D), so a
#    curses call is caught whatever its name.
# Instrumentation (__asan_*, __tsan_*, __gcov_*) is libc-level and allowed,
# so the check holds in sanitizer and coverage builds too.
# Usage: pure-symbols.sh [ARCHIVE]   (default src/libisrmodel.a, from the
# build directory, which is where `make check` runs it).
set -u
: "${NM:=nm}"
: "${ISRLAB_BIN:=./src/isrlab}"
lib=${1:-src/libisrmodel.a}

FORBIDDEN='
time
clock
clock_gettime
clock_getres
clock_nanosleep
gettimeofday
ftime
times
timespec_get
sleep
usleep
nanosleep
alarm
rand
rand_r
random
random_r
srand
srandom
srandom_r
initstate
setstate
[dejlmn]rand48
[dejlmn]rand48_r
srand48
seed48
lcong48
getrandom
getentropy
arc4random.*
pthread_.*
thrd_.*
mtx_.*
cnd_.*
tss_.*
call_once
event_.*
evthread_.*
evutil_.*
evbuffer_.*
bufferevent_.*
evconnlistener_.*
initscr
endwin
newterm
newwin
delwin
stdscr
curscr
LINES
COLS
n?curses_.*
w?refresh
w?getch
w?addch
w?addn?w?str
w?printw
mvw?(add|get|print|in).*
w?attr_?(on|off|set)
'

command -v "$NM" >/dev/null 2>&1 || { echo "SKIP: no $NM"; exit 77; }
[ -f "$lib" ] || { echo "pure-symbols.sh: no $lib (run make first)" >&2; exit 99; }

tmp=${TMPDIR:-/tmp}/pure-symbols.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# What the archive's objects take from outside it.
"$NM" -u "$lib" | awk 'NF >= 1 && $NF !~ /:$/ { print $NF }' |
    sort -u > "$tmp/undefined" || exit 99
"$NM" --defined-only "$lib" | awk 'NF >= 3 { print $3 }' |
    sort -u > "$tmp/defined" || exit 99
comm -23 "$tmp/undefined" "$tmp/defined" > "$tmp/external"
if [ ! -s "$tmp/undefined" ]; then
	echo "pure-symbols.sh: $NM found no symbols in $lib" >&2
	exit 99
fi

# The names above as one anchored pattern.
pattern=$(printf '%s\n' "$FORBIDDEN" | grep -v '^$' | paste -sd '|' -)
grep -E -x "$pattern" "$tmp/external" > "$tmp/bad"

# Every symbol the curses and libevent libraries of the program define.
: > "$tmp/libsyms"
libs=
if command -v ldd >/dev/null 2>&1 && [ -x "$ISRLAB_BIN" ]; then
	libs=$(ldd "$ISRLAB_BIN" 2>/dev/null |
	    awk '$1 ~ /^lib(ncurses|tinfo|event)/ && $3 ~ /^\// { print $3 }')
fi
for so in $libs; do
	"$NM" -D --defined-only "$so" | awk 'NF >= 3 { print $3 }' |
	    sed 's/@.*//' >> "$tmp/libsyms"
done
sort -u -o "$tmp/libsyms" "$tmp/libsyms"
comm -12 "$tmp/external" "$tmp/libsyms" >> "$tmp/bad"

n_ext=$(wc -l < "$tmp/external")
n_lib=$(wc -l < "$tmp/libsyms")
if [ -s "$tmp/bad" ]; then
	echo "FAIL: $lib references what the model must not use:"
	sort -u "$tmp/bad" | while read -r sym; do
		"$NM" -A -u "$lib" | awk -v s="$sym" '$NF == s { print "  " $0 }'
	done
	exit 1
fi
echo "pure-symbols: $lib takes $n_ext symbols from outside, none a clock,"
echo "  random, thread, curses or libevent one: checked against the name list"
echo "  and the $n_lib symbols of" $(for so in $libs; do basename "$so"; done)
exit 0
