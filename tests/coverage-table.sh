#!/bin/sh
# coverage-table.sh DIR - line coverage of the build in DIR (made with
# --coverage, after `make check` ran there) per module: src/<folder>,
# and src/main.c as "main", then the whole.  Uses gcovr.
set -u
dir=${1:?usage: coverage-table.sh BUILD-DIR}
if ! command -v gcovr >/dev/null 2>&1; then
	echo "coverage: gcovr is not installed (Debian: apt-get install gcovr)"
	exit 1
fi
cd "$dir" || exit 1
rm -f ./*conftest*.gcno ./*conftest*.gcda	# left by configure
gcovr --root . --filter 'src/' --txt coverage.txt --html-details \
    coverage.html >/dev/null || exit 1
# gcovr's rows: FILE LINES EXEC COVER% [MISSING...]
awk '
function pct(e, l) { return l > 0 ? sprintf("%5.1f%%", 100 * e / l) : "    -" }
$1 ~ /^src\// && $2 ~ /^[0-9]+$/ {
	n = split($1, part, "/")
	mod = n > 2 ? part[2] : "main"
	lines[mod] += $2; exec[mod] += $3
	total_l += $2; total_e += $3
}
END {
	printf "%-10s %7s %7s %7s\n", "module", "lines", "run", "cover"
	for (m in lines)
		printf "%-10s %7d %7d %7s\n", m, lines[m], exec[m], \
		    pct(exec[m], lines[m]) | "sort"
	close("sort")
	printf "%-10s %7d %7d %7s\n", "overall", total_l, total_e, \
	    pct(total_e, total_l)
}' coverage.txt
echo "per file: $dir/coverage.txt; annotated: $dir/coverage.html"
