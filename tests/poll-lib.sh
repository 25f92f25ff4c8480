# poll-lib.sh - waiting without sleeping for correctness: sourced by the
# shell tests that wait for something (tests/tmux-lib.sh, net-lib.sh,
# class-cli.sh).

# poll TIMEOUT_S COMMAND...: run COMMAND every 0.1 s until it succeeds
# (0) or TIMEOUT_S seconds of wall time have passed (1).
poll() {
	poll_end=$(( $(date +%s) + $1 ))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$poll_end" ] || return 1
		sleep 0.1
	done
}
