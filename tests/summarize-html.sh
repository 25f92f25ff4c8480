#!/bin/sh
# summarize-html.sh - `--summarize --format html`: one page that loads
# nothing (no URL in it, no script, no stylesheet or image from outside),
# escapes what the logs hold (a student named like markup), renders in
# headless Chromium without one request to the network (Chromium's net
# log, checked against a control page that does fetch), and to a PNG
# showing the grid and a timeline of steps as SVG bars (the rendered DOM
# is checked for them).
set -u
ISRLAB=${ISRLAB_BIN:-./src/isrlab}
SRCDIR=${ISRLAB_SRCDIR:-.}
ISRLAB_LAB_PATH=$SRCDIR/labs
export ISRLAB_LAB_PATH
tmp=$(mktemp -d /tmp/isrlab-html-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
class=$tmp/class
mkdir "$class"

awk '/^## / { en = ($0 ~ /^## \[en\]/) }
    /^```lab solution/ { if (!en) s = 1; next }
    /^```/ { s = 0; next }
    s { print }' "$SRCDIR"/labs/01-*.md >"$tmp/01.isr"
# A student who stops after three steps, one who finishes, one named
# like markup, and isrlab's own solution.
head -n 10 "$tmp/01.isr" >"$tmp/part.isr"
"$ISRLAB" --headless --lab 01 --script "$tmp/part.isr" --student 김민수 \
    --student-id 2024-001 --export-dir "$class" >/dev/null 2>&1 ||
    fail "a student's run"
{ echo "wait 20s"; cat "$tmp/01.isr"; } >"$tmp/slow.isr"
"$ISRLAB" --headless --lab 01 --script "$tmp/slow.isr" --student 이서연 \
    --student-id 2024-002 --export-dir "$class" >/dev/null 2>&1 ||
    fail "a student's run"
"$ISRLAB" --headless --lab 01 --script "$tmp/01.isr" \
    --student '<script>alert("x")</script> & co' --export-dir "$class" \
    >/dev/null 2>&1 || fail "the markup student's run"
"$ISRLAB" --headless --lab 01 --solve --student park --export-dir "$class" \
    >/dev/null 2>&1 || fail "solve"

page=$tmp/class.html
"$ISRLAB" --summarize "$class" --format html >"$page" || fail "--format html"

# Nothing from the network, nothing run: no URL scheme, no script, no
# stylesheet or image link; links only to the page's own anchors.
grep -Eiq 'https?:|ftp:|file:|data:|//[a-z0-9]' "$page" && fail "a URL in the page"
grep -Eiq '<script|<link|<img|<iframe|<object|@import|url\(' "$page" &&
    fail "something loaded or run"
grep -Eo '(href|src)="[^"]*"' "$page" | grep -v '^href="#' &&
    fail "a link out of the page"
grep -q '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co' "$page" ||
    fail "the markup name is not escaped"
grep -q '<svg' "$page" && grep -q '<rect' "$page" || fail "no SVG bars"

chromium=
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null 2>&1 && { chromium=$c; break; }
done
[ -n "$chromium" ] ||
    { echo "SKIP: no chromium to render the page (apt-get install chromium)"; exit 77; }
# Headless, as root in CI (no sandbox), with every host unresolvable: a
# page that tried the network would get nothing anyway.  Its profile,
# caches and crash reports stay in $tmp, not in the tests' config.
# render FILE OPTIONS...
render() {
	f=$1; shift
	HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache \
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
	    --no-first-run --disable-extensions --user-data-dir="$tmp/profile" \
	    --host-resolver-rules='MAP * ~NOTFOUND' "$@" "file://$f" \
	    2>"$tmp/chromium.err"
}
# What the page asked of the network, from Chromium's own log: requests
# made for a file:// page (the browser's own background traffic is not).
# A control page with one remote image shows the log would catch it.
printf '<!DOCTYPE html><p>control<img src="http://isrlab.invalid/x.png">\n' \
    >"$tmp/control.html"
render "$tmp/control.html" --log-net-log="$tmp/control-net.json" \
    --dump-dom >/dev/null || { cat "$tmp/chromium.err"; fail "the control page"; }
render "$page" --log-net-log="$tmp/net.json" --dump-dom >"$tmp/dom.html" ||
    { cat "$tmp/chromium.err"; fail "--dump-dom"; }
python3 - "$tmp/net.json" "$tmp/control-net.json" <<'PY' || fail "the page used the network"
import json, sys

def fetched(path):
    urls = set()
    for e in json.load(open(path))['events']:
        p = e.get('params') or {}
        if 'file://' in str(p.get('network_isolation_key', '')) and \
                not str(p.get('url', 'file:')).startswith('file:'):
            urls.add(p['url'])
    return urls

control = fetched(sys.argv[2])
assert any('isrlab.invalid' in u for u in control), \
    'the net log did not show the control page fetch: %s' % sorted(control)
got = fetched(sys.argv[1])
assert not got, 'the page fetched %s' % sorted(got)
PY
for want in 'Class grid' '김민수' '이서연' 'Timelines' '2024-001' \
    '현재 리더 노드 확인' 'not started' 'solve'; do
	grep -q -- "$want" "$tmp/dom.html" || fail "the rendered page has no '$want'"
done
grep -q '<rect' "$tmp/dom.html" || fail "no bars in the rendered page"
(cd "$tmp" && render "$page" --screenshot="$tmp/page.png" --window-size=1200,1600) ||
    { cat "$tmp/chromium.err"; fail "--screenshot"; }
[ -s "$tmp/page.png" ] || fail "no PNG"
# The PNG: its signature, its size as asked, and more than a blank page
# (1200x1600 of white is 9 KB; this page, with its tables, text and bars,
# over 100 KB).
python3 - "$tmp/page.png" <<'PY' || fail "the PNG is blank or broken"
import struct, sys
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (1200, 1600), (w, h)
assert len(data) > 40000, 'a blank page: %d bytes' % len(data)
PY
echo "summarize-html: ok"
