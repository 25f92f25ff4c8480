# catalog-lib.sh - the screen tests' words, read from a message catalog
# ($po, po/ko.po unless set) instead of written into the tests.  Sourced
# after tests/tmux-lib.sh (it uses $expdir); exits 77 (skip) without
# msgcat.
#
# pairs: the catalog as "msgid<TAB>msgstr" lines (one-line messages, the
# C escapes \" and \\ undone, plural forms left out), in $pairs.
# ko MSGID: its msgstr.  ere: a fixed string on standard input as an
# extended regular expression.  fmt_ere: the same for a format, each
# directive (%s, %zu, %.1f, ...) matching any text.

if ! command -v msgcat >/dev/null 2>&1; then
	echo "SKIP: msgcat (gettext) not installed"
	exit 77
fi

po=${po:-${ISRLAB_SRCDIR:-.}/po/ko.po}
pairs=$expdir/pairs
msgcat --no-wrap --no-location "$po" | awk '
	function unq(s) { gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s); return s }
	/^msgid "/ { id = unq(substr($0, 8, length($0) - 8)); next }
	/^msgid_plural/ { id = ""; next }
	/^msgstr "/ {
		str = unq(substr($0, 9, length($0) - 9))
		if (id != "" && str != "" && id !~ /\\n/) print id "\t" str
		id = ""
	}' > "$pairs"
[ -s "$pairs" ] || { echo "FAIL: no messages read from $po"; exit 1; }

ko() {
	k=$(awk -F '\t' -v id="$1" '$1 == id { print $2; exit }' "$pairs")
	[ -n "$k" ] || { echo "FAIL: '$1' is not translated in $po" >&2; exit 1; }
	printf '%s\n' "$k"
}
ere() { sed 's/[][\\.*^$()?+{}|]/\\&/g'; }
fmt_ere() {
	ere | sed -E 's/%(<PRI[a-z0-9]+>|[-+ #0-9.]*(hh|h|ll|l|z|j|t)?[diouxXfgcs])/.*/g'
}
